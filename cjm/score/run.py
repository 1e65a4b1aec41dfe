"""`cjm score` as a plain function: valid journeys from the input stage, each scored by cjm.scoring."""

from __future__ import annotations

from collections.abc import Sequence

from cjm.inputs import collect
from cjm.model import Journey
from cjm.score.report import ScoredJourney, ScoreResult
from cjm.scoring import ScoreSettings, score_journey


def run(
    paths: Sequence[str],
    *,
    config: str | None = None,
    persona: str | None = None,
    metrics: str | None = None,
    only_journeys: bool = False,
) -> ScoreResult:
    """Score every journey named by paths. Raises JobError (InvalidJourneys: the first problem only)."""
    inputs = collect(paths, config=config, only_journeys=only_journeys, metrics=metrics, need_valid=True)
    if inputs.filtered:
        return ScoreResult((), filtered=True)
    inputs.require_some(paths)
    inputs.require_valid(first_only=True)
    inputs.require_persona(persona)
    return ScoreResult(
        tuple(
            scored_journey(file.path, file.journey, file.config.score, persona)
            for file in inputs.files
            if file.journey is not None
        )
    )


def scored_journey(path: str, journey: Journey, settings: ScoreSettings, persona: str | None = None) -> ScoredJourney:
    """Score a journey for presentation: the whole journey, or the persona's view (SPEC §4.2 item 8)."""
    return ScoredJourney(path, journey, score_journey(journey, settings, persona=persona), settings, persona)
