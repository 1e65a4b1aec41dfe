"""`cjm lint` and `cjm rules`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cjm.cli.app import (
    EXIT_FAILED,
    EXIT_OK,
    Command,
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
    either,
    fail,
    merged,
    one_of,
    write_report,
)
from cjm.cli.completion import rule_codes
from cjm.findings import SEVERITIES
from cjm.lint.formats import DEFAULT as DEFAULT_FORMAT
from cjm.lint.formats import NAMES as FORMAT_NAMES

if TYPE_CHECKING:
    FormatName = str
    Severity = str
else:
    FormatName, Severity = one_of(FORMAT_NAMES), one_of(SEVERITIES)


def _split(values: list[str] | None) -> tuple[str, ...]:
    from cjm.rules import normalize_selector

    try:
        return tuple(normalize_selector(code) for value in values or () for code in value.split(",") if code.strip())
    except ValueError as exc:
        fail(str(exc))


@app.command(cls=Command, short_help="Check journeys against the format and the rules.")
def lint(
    ctx: typer.Context,
    paths: PathsArgument,
    format: Annotated[
        FormatName,
        typer.Option("--format", "-f", metavar="FORMAT", help=f"Output format: {either(FORMAT_NAMES)}."),
    ] = DEFAULT_FORMAT,
    fail_level: Annotated[
        Severity,
        typer.Option(
            "--fail-level",
            metavar="LEVEL",
            help=f"Exit 1 for findings at or above this severity: {either(SEVERITIES)}.",
        ),
    ] = "error",
    strict: Annotated[bool, typer.Option("--strict", help="Same as --fail-level warning.")] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="CODE",
            autocompletion=rule_codes,
            help="Run only these rules: codes, prefixes (CJM11) or names; repeatable, or comma-separated.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="CODE",
            autocompletion=rule_codes,
            help="Skip these rules: codes, prefixes or names; repeatable, or comma-separated.",
        ),
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
    from cjm.errors import JobError
    from cjm.git import root_or_cwd
    from cjm.lint.formats import BY_NAME, writer
    from cjm.lint.formats.text import statistics_lines
    from cjm.lint.report import LintView
    from cjm.lint.run import LintOptions, run

    options = LintOptions(select=_split(select), ignore=_split(ignore), today=g.today_date())
    try:
        report = run(paths, options, config=g.config, only_journeys=only_journeys, metrics=metrics)
    except (JobError, ValueError) as exc:
        fail(str(exc))
    view = LintView(
        color=g.color() and output is None and format == DEFAULT_FORMAT,
        statistics=statistics,
        quiet=g.quiet,
        tool_version=__version__,
        repo_root=str(root_or_cwd()) if BY_NAME[format].repo_relative else None,
    )
    write_report(writer(format)(report, view), output, inputs=report.inputs)
    if statistics and format != DEFAULT_FORMAT and report.findings:
        # Machine formats stay parseable: the counts go to stderr, where CI logs show them.
        sys.stderr.write("\n".join(statistics_lines(report)) + "\n")
    level = fail_level
    if strict and level == "error":
        level = "warning"  # --strict never loosens an explicit --fail-level info
    raise typer.Exit(EXIT_FAILED if report.failed(level) else EXIT_OK)


@app.command(cls=Command, short_help="List the rules, or explain one.")
def rules(
    ctx: typer.Context,
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="CODE",
            autocompletion=rule_codes,
            help="Explain one rule in full: its code or name, e.g. CJM104 or no-owner.",
            show_default=False,
        ),
    ] = None,
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
