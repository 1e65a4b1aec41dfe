"""`cjm diff OLD NEW` and `cjm diff --git BASE [PATHS...]`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cjm.cli.app import (
    EXIT_FAILED,
    EXIT_OK,
    Command,
    ConfigOption,
    DebugOption,
    NoColorOption,
    QuietOption,
    ReportOutputOption,
    TodayOption,
    app,
    either,
    fail,
    merged,
    note,
    one_of,
    write_report,
)
from cjm.diff.formats import DEFAULT as DEFAULT_FORMAT
from cjm.diff.formats import NAMES as FORMAT_NAMES

if TYPE_CHECKING:
    FormatName = str
else:
    FormatName = one_of(FORMAT_NAMES)


class DiffCommand(Command):
    """`cjm diff` has two forms: two versions of one journey, or every journey changed since a git revision."""

    USAGES = ("OLD NEW", "TOBE", "--git BASE [PATH…]")


@app.command(cls=DiffCommand, short_help="Compare two versions of a journey, and how its scores drifted.")
def diff(
    ctx: typer.Context,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="OLD NEW",
            help="Files, '-' (stdin) or git objects REV:PATH (origin/main:maps/x.yaml). "
            "One file: a to-be against the as-is its 'baseline' names. With --git: the paths to look in.",
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
    format: Annotated[
        FormatName,
        typer.Option("--format", "-f", metavar="FORMAT", help=f"Output format: {either(FORMAT_NAMES)}."),
    ] = DEFAULT_FORMAT,
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

    With --git BASE, compare every journey file that changed since BASE (a commit, branch or tag).
    """
    g = merged(ctx, config, today, no_color, quiet, debug)
    from cjm.diff.formats import BY_NAME, writer
    from cjm.diff.report import DiffView
    from cjm.diff.run import DiffOptions, run
    from cjm.errors import JobError

    given = list(args or [])
    try:
        options = DiffOptions.parse(g.today_date(), fail_on or [], metrics)
        report = run(given, options, git=git, config=g.config)
    except (JobError, ValueError) as exc:
        fail(str(exc))
    people = BY_NAME[format].for_people
    if not people and not g.quiet:  # text and markdown carry the notes themselves
        for text in (n for d in report.diffs for n in (d.old.note, d.new.note) if n):
            note(text)
    view = DiffView(color=g.color() and output is None and format == DEFAULT_FORMAT, quiet=g.quiet)
    write_report(writer(format)(report, view), output, inputs=list(report.inputs))
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_OK)
