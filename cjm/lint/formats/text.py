"""`cjm lint --format text`: one line per finding, sorted, then a summary line."""

from __future__ import annotations

from collections import Counter

from cjm.display import one_line
from cjm.lint.report import LintReport, LintView

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(report: LintReport, view: LintView) -> str:
    """`path:line:col: CODE severity message`, then a summary (and per-rule counts with --statistics)."""
    lines = []
    for f in report.findings:
        path, message = one_line(f.path), one_line(f.message)  # input text: never a second line
        if view.color:
            where = f"{_BOLD}{path}:{f.line}:{f.column}:{_RESET}"
            lines.append(f"{where} {_BOLD}{f.code}{_RESET} {_COLORS[f.severity]}{f.severity}{_RESET} {message}")
        else:
            lines.append(f"{path}:{f.line}:{f.column}: {f.code} {f.severity} {message}")
    if view.statistics and report.findings:
        lines.append("")
        lines.extend(statistics_lines(report))
    if not view.quiet:
        if lines:
            lines.append("")
        lines.append(summary_line(report))
    return "\n".join(lines) + "\n" if lines else ""


def statistics_lines(report: LintReport) -> list[str]:
    """`--statistics`: the number of findings per rule, by code."""
    counts = Counter((f.code, f.name) for f in report.findings)
    return [f"{count:6d}  {code}  {name}" for (code, name), count in sorted(counts.items())]


def summary_line(report: LintReport) -> str:
    """`Found 3 problems (2 errors, 1 warning, 0 info) in 4 files.` or `No problems in 4 files.`"""
    counts = report.summary
    files = f"{report.files} file" + ("" if report.files == 1 else "s")
    total = sum(counts.values())
    if not total:
        return f"No problems in {files}."
    problems = f"{total} problem" + ("" if total == 1 else "s")
    errors = f"{counts['error']} error" + ("" if counts["error"] == 1 else "s")
    warnings = f"{counts['warning']} warning" + ("" if counts["warning"] == 1 else "s")
    return f"Found {problems} ({errors}, {warnings}, {counts['info']} info) in {files}."
