"""`cjm score`: rank pain points and moments of truth, name the key moments and the weakest link."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from cjm.cli.app import (
    EXIT_ERROR,
    ConfigOption,
    DebugOption,
    MetricsOption,
    NoColorOption,
    OnlyJourneysOption,
    PathsArgument,
    QuietOption,
    TodayOption,
    app,
    fail,
    filtered_out,
    merged,
    missing_persona,
    no_journeys,
)

if TYPE_CHECKING:
    from cjm.config import ConfigResolver, ScoreConfig
    from cjm.load import Loaded
    from cjm.model import Journey
    from cjm.score import ScoredJourney


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


@app.command()
def score(
    ctx: typer.Context,
    paths: PathsArgument,
    format: Annotated[ScoreFormat, typer.Option("--format", "-f", help="Output format.")] = ScoreFormat.table,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, metavar="N", help="Show only the N best-ranked touchpoints (table, markdown)."),
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona", metavar="ID", help="Only touchpoints serving this persona (scores stay whole-journey)."
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
    from cjm.config import ConfigError, ConfigResolver
    from cjm.formats.score import ScoreView, score_formats
    from cjm.load import InputError
    from cjm.metrics import MetricsError

    try:
        resolver = ConfigResolver(g.config)
        scored = score_paths(paths, resolver, persona=persona, metrics=metrics, only_journeys=only_journeys)
    except (ConfigError, InputError, MetricsError, ValueError) as exc:
        fail(str(exc))
    if not scored and not g.quiet:
        sys.stderr.write("cjm: no journeys among the given files (--only-journeys)\n")
    view = ScoreView(color=g.color() and format is ScoreFormat.table, quiet=g.quiet, top=top)
    sys.stdout.write(score_formats()[format.value](scored, view))


def score_paths(
    paths: list[str],
    resolver: ConfigResolver,
    *,
    persona: str | None = None,
    metrics: str | None = None,
    only_journeys: bool = False,
) -> list[ScoredJourney]:
    """Load every journey (exit 2 at the first invalid one), apply the overlay, score each."""
    from cjm.load import load_journey
    from cjm.metrics import apply_overlay_all, load_metrics_csv
    from cjm.paths import expand_paths
    from cjm.score import scored_journey

    files = expand_paths(paths, only_journeys=only_journeys)
    if not files and filtered_out(paths, only_journeys):
        return []  # every named file filtered out: an empty report
    if not files:
        no_journeys(paths)
    loaded: list[tuple[str, Journey, ScoreConfig]] = []
    for path in files:
        config = resolver.for_path(path)
        result = load_journey(path, limit_mb=config.limits.file_mb)
        if not result.ok or result.journey is None:
            _invalid(result)
        loaded.append((path, result.journey, config.score))
    journeys = [journey for _, journey, _ in loaded]
    if metrics is not None:
        overlay = load_metrics_csv(metrics, limit_mb=resolver.for_path(metrics).limits.file_mb)
        journeys = apply_overlay_all(journeys, overlay)
    if persona is not None:
        for (path, _, _), journey in zip(loaded, journeys, strict=True):
            problem = missing_persona(path, journey, persona)
            if problem:
                raise ValueError(problem)
    return [
        scored_journey(path, journey, settings, persona)
        for (path, _, settings), journey in zip(loaded, journeys, strict=True)
    ]


def _invalid(loaded: Loaded) -> NoReturn:
    """An invalid journey cannot be scored: its first error as `file:line:col: CODE message`, exit 2."""
    first = min(loaded.problems)
    sys.stderr.write(f"{first.path}:{first.line}:{first.column}: {first.code} {first.message}\n")
    raise typer.Exit(EXIT_ERROR)
