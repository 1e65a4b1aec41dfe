"""`cjm score --format json`: the shape of SPEC §4.2, full precision, deterministic order."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from cjm.display import json_document
from cjm.score.report import ScoredJourney, ScoreResult, ScoreView

if TYPE_CHECKING:
    from cjm.scoring import TouchpointScore

FACTOR_KEYS = (
    "reach",
    "gap",
    "negativity",
    "drop_off",
    "complaints",
    "positivity",
    "surplus",
    "importance",
    "friction",
    "delight",
)


def render(result: ScoreResult, view: ScoreView) -> str:
    """`{"version": 1, "journeys": [...]}`; never NaN (json refuses it)."""
    document = {"version": 1, "journeys": [journey_json(scored) for scored in result.journeys]}
    return json_document(document)


def journey_json(scored: ScoredJourney) -> dict[str, Any]:
    """One journey: health, the shown touchpoints in journey order, key moments best first."""
    result = scored.score
    return {
        "id": result.id,
        "path": scored.path,
        "health": {
            "end_to_end": result.end_to_end,
            "mean": result.mean,
            "weakest_stage": result.weakest_stage,
            "weakest_touchpoint": result.weakest_touchpoint,
            "unmapped": list(result.unmapped),
            "stages": [{"id": s.id, "health": s.health, "mean": s.mean} for s in result.stages],
        },
        "touchpoints": [touchpoint_json(s) for s in scored.shown],
        "key_moments": list(result.key_moments),
    }


def touchpoint_json(score: TouchpointScore) -> dict[str, Any]:
    """One touchpoint's scores and factors (absent factors null)."""
    factors = asdict(score.factors)
    return {
        "id": score.id,
        "stage": score.stage,
        "pain": score.pain,
        "truth": score.truth,
        "health": score.health,
        "class": score.cls,
        "key_moment": score.key_moment,
        "confidence": score.confidence,
        "missing": list(score.missing),
        "factors": {key: factors[key] for key in FACTOR_KEYS},
    }
