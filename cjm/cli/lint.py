"""`cjm lint` and `cjm rules`."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from cjm.cli.app import (
    EXIT_FAILED,
    EXIT_OK,
    ConfigOption,
    DebugOption,
    NoColorOption,
    QuietOption,
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
    return tuple(code.strip().upper() for value in values or () for code in value.split(",") if code.strip())


@app.command()
def lint(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Journey files or directories; '-' reads stdin.")],
    format: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat.text,
    fail_level: Annotated[
        Level, typer.Option("--fail-level", help="Exit 1 for findings at or above this severity.")
    ] = Level.error,
    strict: Annotated[bool, typer.Option("--strict", help="Same as --fail-level warning.")] = False,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="Rule codes or prefixes to run (repeatable, or comma-separated).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Rule codes or prefixes to skip (repeatable, or comma-separated).")
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write the report here.")] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule.")] = False,
    only_journeys: Annotated[
        bool, typer.Option("--only-journeys", help="Skip files without a line starting with 'cjm:'.")
    ] = False,
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
    from cjm.lint import LintOptions, lint_paths, validate_selectors
    from cjm.load import InputError
    from cjm.output import OutputError, write_atomic

    formats = lint_formats()
    if format.value not in formats:
        fail(f"--format {format.value} is not available yet")
    options = LintOptions(
        select=_split(select), ignore=_split(ignore), today=g.today_date(), only_journeys=only_journeys
    )
    try:
        validate_selectors((*options.select, *options.ignore))
        resolver = ConfigResolver(g.config)
        report = lint_paths(paths, resolver, options)
    except (ConfigError, InputError, ValueError) as exc:
        fail(str(exc))
    view = LintView(
        color=g.color() and output is None and format is LintFormat.text,
        statistics=statistics,
        quiet=g.quiet,
        tool_version=__version__,
    )
    text = formats[format.value](report, view)
    if output:
        try:
            write_atomic(output, text, inputs=paths)
        except OutputError as exc:
            fail(str(exc))
    else:
        sys.stdout.write(text)
    level = Level.warning if strict else fail_level
    raise typer.Exit(EXIT_FAILED if report.failed(level.value) else EXIT_OK)


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
    """List every rule, or explain one: what it checks, why, a failing and a passing example, the fix."""
    merged(ctx, config, today, no_color, quiet, debug)
    from cjm.rules import all_rules, get_rule

    if code is None:
        lines = [f"{r.code}  {r.name:<26} {r.severity:<8} {r.summary}" for r in all_rules()]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    found = get_rule(code)
    if found is None:
        fail(f"no rule {code!r}; `cjm rules` lists them all")
    parts = [f"{found.code} {found.name} (default: {found.severity})", "", found.summary]
    for title, key in (("Why it matters", "Why"), ("Fails", "Fails"), ("Passes", "Passes"), ("How to fix", "Fix")):
        body = found.doc.get(key)
        if body:
            indent = "    " if key in ("Fails", "Passes") else ""
            parts += ["", f"{title}:", "\n".join(indent + line if line else line for line in body.splitlines())]
    sys.stdout.write("\n".join(parts) + "\n")
