"""`cjm lint` and `cjm rules`."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Any

import typer

from cjm.cli.app import (
    EXIT_FAILED,
    EXIT_OK,
    ConfigOption,
    DebugOption,
    MetricsOption,
    NoColorOption,
    OnlyJourneysOption,
    PathsArgument,
    QuietOption,
    ReportOutputOption,
    TodayOption,
    app,
    fail,
    merged,
)


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _split(values: list[str] | None) -> tuple[str, ...]:
    from cjm.rules import normalize_selector

    try:
        return tuple(normalize_selector(code) for value in values or () for code in value.split(",") if code.strip())
    except ValueError as exc:
        fail(str(exc))


@app.command()
def lint(
    ctx: typer.Context,
    paths: PathsArgument,
    format: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat.text,
    fail_level: Annotated[
        Level, typer.Option("--fail-level", help="Exit 1 for findings at or above this severity.")
    ] = Level.error,
    strict: Annotated[bool, typer.Option("--strict", help="Same as --fail-level warning.")] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Rule codes or prefixes to run (repeatable, or comma-separated)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Rule codes or prefixes to skip (repeatable, or comma-separated)."),
    ] = None,
    output: ReportOutputOption = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule.")] = False,
    only_journeys: OnlyJourneysOption = False,
    metrics: MetricsOption = None,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Check journeys: format errors (CJM001–CJM006) and the rule catalogue."""
    g = merged(ctx, config, today, no_color, quiet, debug)
    from cjm import __version__
    from cjm.config import ConfigError, ConfigResolver
    from cjm.formats import LintView, lint_formats
    from cjm.lint import LintOptions, lint_paths, validate_ignores
    from cjm.load import InputError
    from cjm.metrics import MetricsError, load_metrics_csv
    from cjm.output import OutputError, write_atomic

    formats = lint_formats()
    options = LintOptions(
        select=_split(select), ignore=_split(ignore), today=g.today_date(), only_journeys=only_journeys
    )
    try:
        validate_ignores(options.ignore)
        resolver = ConfigResolver(g.config)
        if metrics is not None:
            options.metrics = load_metrics_csv(metrics, limit_mb=resolver.for_path(metrics).limits.file_mb)
        report = lint_paths(paths, resolver, options)
    except (ConfigError, InputError, MetricsError, ValueError) as exc:
        fail(str(exc))
    view = LintView(
        color=g.color() and output is None and format is LintFormat.text,
        statistics=statistics,
        quiet=g.quiet,
        tool_version=__version__,
        repo_root=repo_root() if format in (LintFormat.sarif, LintFormat.gitlab) else None,
    )
    text = formats[format.value](report, view)
    if output:
        try:
            write_atomic(output, text, inputs=paths)
        except OutputError as exc:
            fail(str(exc))
    else:
        sys.stdout.write(text)
    if statistics and format is not LintFormat.text and report.findings:
        from cjm.formats.lint_text import statistics_lines

        # Machine formats stay parseable: the counts go to stderr, where CI logs show them.
        sys.stderr.write("\n".join(statistics_lines(report)) + "\n")
    level = fail_level.value
    if strict and level == "error":
        level = "warning"  # --strict never loosens an explicit --fail-level info
    raise typer.Exit(EXIT_FAILED if report.failed(level) else EXIT_OK)


def repo_root() -> str:
    """The repository root (`git rev-parse --show-toplevel` from the current directory), else the cwd."""
    import os
    import subprocess

    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return os.getcwd()
    top = done.stdout.strip()
    return top if done.returncode == 0 and top else os.getcwd()


@app.command()
def rules(
    ctx: typer.Context,
    code: Annotated[str | None, typer.Argument(help="Show one rule in full, e.g. CJM104.")] = None,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """List every rule with its rationale, or explain one: what it checks, why, examples, the fix."""
    merged(ctx, config, today, no_color, quiet, debug)
    from cjm.rules import all_rules, get_rule

    if code is None:
        sys.stdout.write("\n\n".join(_rule_entry(r) for r in all_rules()) + "\n")
        return
    found = get_rule(code) or next((r for r in all_rules() if r.name == code.lower()), None)
    if found is None:
        fail(f"no rule {code!r}; `cjm rules` lists them all")
    parts = [f"{found.code} {found.name} (default: {found.severity})", "", found.summary]
    for title, key in (("Why it matters", "Why"), ("Fails", "Fails"), ("Passes", "Passes"), ("How to fix", "Fix")):
        body = found.doc.get(key)
        if body:
            indent = "    " if key in ("Fails", "Passes") else ""
            parts += ["", f"{title}:", "\n".join(indent + line if line else line for line in body.splitlines())]
    sys.stdout.write("\n".join(parts) + "\n")


def _rule_entry(rule: Any) -> str:
    """`CODE  name  severity  summary`, then the rationale, indented and wrapped."""
    import textwrap

    head = f"{rule.code}  {rule.name:<24} {rule.severity:<8} {rule.summary}"
    why = textwrap.fill(" ".join(rule.rationale.split()), width=88, initial_indent="    ", subsequent_indent="    ")
    return f"{head}\n{why}" if why else head
