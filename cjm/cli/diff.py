"""`cjm diff OLD NEW` and `cjm diff --git BASE [PATHS...]`."""

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
    ReportOutputOption,
    TodayOption,
    app,
    fail,
    merged,
)


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    ctx: typer.Context,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="OLD NEW",
            help="OLD and NEW: files, '-' (stdin) or git objects REV:PATH. With --git: paths to limit the search.",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="BASE",
            help="Compare every journey file changed between BASE and the working tree (committed, staged, "
            "untracked and deleted).",
        ),
    ] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            metavar="CONDITION",
            help="Exit 1 when met (repeatable): any, new-pain, removed-touchpoint, owner-lost, health-drop=N, stale.",
        ),
    ] = None,
    metrics: Annotated[
        str | None, typer.Option("--metrics", metavar="CSV", help="Metrics overlay applied to NEW only.")
    ] = None,
    output: ReportOutputOption = None,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Show what changed between two versions of a journey, and how its scores drifted.

    Usage: cjm diff OLD NEW, or cjm diff --git BASE [PATHS...] for every journey file changed since BASE.
    """
    g = merged(ctx, config, today, no_color, quiet, debug)
    from cjm.config import ConfigError, ConfigResolver
    from cjm.diff_gates import parse_conditions
    from cjm.diff_run import DiffOptions, run_diff
    from cjm.diff_sides import DiffInputError, explicit_pair, git_pairs
    from cjm.formats.diff_common import DiffView, diff_formats
    from cjm.metrics import MetricsError
    from cjm.output import OutputError, write_atomic

    given = list(args or [])
    if git is None and len(given) != 2:
        fail("cjm diff needs OLD and NEW (or --git BASE [PATHS...]); see `cjm diff --help`")
    try:
        conditions = parse_conditions(fail_on or [])
        resolver = ConfigResolver(g.config)
        options = DiffOptions(today=g.today_date(), conditions=conditions, metrics=metrics, base=git)
        if git is None:
            pairs = [explicit_pair(given[0], given[1])]
        else:
            pairs = git_pairs(git, given, resolver.for_path(".").limits.file_mb)
        report = run_diff(pairs, resolver, options)
    except (ValueError, ConfigError, DiffInputError, MetricsError) as exc:
        fail(str(exc))
    if format is DiffFormat.json and not g.quiet:  # text and markdown carry the notes themselves
        for note in (n for d in report.diffs for n in (d.old.note, d.new.note) if n):
            sys.stderr.write(f"cjm: note: {note}\n")
    view = DiffView(color=g.color() and output is None and format is DiffFormat.text, quiet=g.quiet)
    text = diff_formats()[format.value](report, view)
    if output:
        try:
            write_atomic(output, text, inputs=[p for p in given if p != "-"])
        except OutputError as exc:
            fail(str(exc))
    else:
        sys.stdout.write(text)
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_OK)
