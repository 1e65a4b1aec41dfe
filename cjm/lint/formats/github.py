"""`cjm lint --format github`: GitHub Actions workflow commands, which become annotations on the diff."""

from __future__ import annotations

from cjm.findings import Finding
from cjm.lint.formats.text import summary_line
from cjm.lint.report import LintReport, LintView

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_ORDER = {"error": 0, "warning": 1, "info": 2}


def escape_data(text: str) -> str:
    """Escape a command's message: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command's property value: `%`, CR, LF, `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    """`::error file=…,line=…,col=…,title=CODE name::message`."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (
            ("file", finding.path),
            ("line", finding.line),
            ("col", finding.column),
            ("title", f"{finding.code} {finding.name}"),
        )
    )
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(finding.message)}"


def render(report: LintReport, view: LintView) -> str:
    """One workflow command per finding, errors first (GitHub shows only the first few of each kind)."""
    findings = sorted(report.findings, key=lambda f: _ORDER[f.severity])  # stable: keeps path order
    lines = [command(f) for f in findings]
    if not view.quiet:
        lines.append(summary_line(report))
    return "\n".join(lines) + "\n" if lines else ""
