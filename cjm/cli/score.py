"""`cjm score`: rank pain points and moments of truth, name the key moments and the weakest link."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cjm.cli.app import (
    Command,
    ConfigOption,
    DebugOption,
    MetricsOption,
    NoColorOption,
    OnlyJourneysOption,
    PathsArgument,
    QuietOption,
    TodayOption,
    app,
    at_least_one,
    either,
    fail,
    fail_invalid,
    merged,
    note_filtered,
    one_of,
)
from cjm.cli.completion import persona_ids
from cjm.score.formats import DEFAULT as DEFAULT_FORMAT
from cjm.score.formats import NAMES as FORMAT_NAMES

if TYPE_CHECKING:
    FormatName = str
else:
    FormatName = one_of(FORMAT_NAMES)


@app.command(cls=Command, short_help="Rank pain points and moments of truth; name the weakest link.")
def score(
    ctx: typer.Context,
    paths: PathsArgument,
    format: Annotated[
        FormatName,
        typer.Option("--format", "-f", metavar="FORMAT", help=f"Output format: {either(FORMAT_NAMES)}."),
    ] = DEFAULT_FORMAT,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            metavar="N",
            callback=at_least_one,
            help="Show only the N best-ranked touchpoints (table, markdown).",
        ),
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona",
            metavar="ID",
            autocompletion=persona_ids,
            help="Only touchpoints serving this persona: its fix first, protect and weakest link"
            " (a format-1 file has no figures per persona: the touchpoints' own are used, and said so).",
        ),
    ] = None,
    metrics: MetricsOption = None,
    only_journeys: OnlyJourneysOption = False,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Rank pain points and moments of truth; name the key moments and the weakest link."""
    g = merged(ctx, config, today, no_color, quiet, debug)
    from cjm.errors import JobError
    from cjm.inputs import InvalidJourneys
    from cjm.score.formats import writer
    from cjm.score.report import ScoreView
    from cjm.score.run import run

    try:
        result = run(paths, config=g.config, persona=persona, metrics=metrics, only_journeys=only_journeys)
    except InvalidJourneys as exc:  # an invalid journey cannot be scored: its first problem
        fail_invalid(exc.problems)
    except JobError as exc:
        fail(str(exc))
    if result.filtered:
        note_filtered(g.quiet)
    view = ScoreView(color=g.color() and format == DEFAULT_FORMAT, quiet=g.quiet, top=top)
    sys.stdout.write(writer(format)(result, view))
