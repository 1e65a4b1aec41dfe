"""The scoring model v1 (SPEC §4.2): pain, truth, health, weakest link and key moments.

This module owns the model; lint (CJM104, CJM109), score, diff and render all call
`score_journey`. Every input is optional; an absent input is left out, never guessed,
except reach (median of the known ones) and importance (0.6). The result is plain,
frozen data; nothing here reads files or prints. Scoring is linear in touchpoints
apart from one sort for the median reach and one for the key moments.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from statistics import median
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cjm.model import Journey, Touchpoint

DEFAULT_WEIGHTS = {"gap": 0.35, "emotion": 0.25, "drop_off": 0.25, "complaints": 0.15}


class ScoreConfig(BaseModel):
    """Weights and thresholds of the scoring model (`score:` in .cjm.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    weights: dict[Literal["gap", "emotion", "drop_off", "complaints"], float] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS)  # type: ignore[arg-type]
    )
    pain_threshold: float = Field(25.0, ge=0, le=100)
    truth_threshold: float = Field(40.0, ge=0, le=100)
    key_moments: int = Field(5, ge=0, strict=True)

    @field_validator("weights")
    @classmethod
    def _merge_and_check(cls, value: dict[str, float]) -> dict[str, float]:
        merged = {**DEFAULT_WEIGHTS, **value}
        for name, weight in merged.items():
            if weight < 0 or not math.isfinite(weight):
                raise ValueError(f"weight {name} must be >= 0, got {weight}")
        total = sum(merged.values())
        if abs(total - 1) > 1e-9:
            raise ValueError(f"weights must sum to 1, they sum to {total:g}")
        return merged


DEFAULT_IMPORTANCE = 0.6
DEFAULT_REACH = 0.5
CONFIDENCE_INPUTS = ("volume", "drop_off", "emotion", "expectation", "experience")
# friction input -> the config weight that applies to it
FRICTION_WEIGHTS = (
    ("gap", "gap"),
    ("negativity", "emotion"),
    ("drop_off", "drop_off"),
    ("complaints", "complaints"),
)


@dataclass(frozen=True)
class Factors:
    """The model's intermediate terms for one touchpoint; None where the input is absent."""

    reach: float | None
    gap: float | None
    negativity: float | None
    drop_off: float | None
    complaints: float | None
    positivity: float | None
    surplus: float | None
    importance: float | None
    friction: float | None
    delight: float | None


@dataclass(frozen=True)
class TouchpointScore:
    """Scores of one touchpoint."""

    id: str
    stage: str
    pain: float | None  # P, None when unscored
    truth: float  # M
    health: float | None  # 100 * (1 - f), None when unscored
    cls: str  # "pain" | "truth" | "neutral"
    key_moment: bool
    confidence: str  # "high" | "low"
    missing: tuple[str, ...]  # in the order of CONFIDENCE_INPUTS
    factors: Factors

    @property
    def rank_score(self) -> float:
        """The key-moment ranking value: max(P, M), a null P counting as 0."""
        return max(self.pain or 0.0, self.truth)


@dataclass(frozen=True)
class StageHealth:
    """A stage's health (its weakest touchpoint) and the reach-weighted mean beside it."""

    id: str
    health: float | None
    mean: float | None


@dataclass(frozen=True)
class JourneyScore:
    """Scores of one journey: touchpoints in journey order, stages, weakest link, key moments."""

    id: str
    touchpoints: tuple[TouchpointScore, ...]
    by_id: dict[str, TouchpointScore]
    stages: tuple[StageHealth, ...]
    end_to_end: float | None
    mean: float | None
    weakest_stage: str | None
    weakest_touchpoint: str | None
    unmapped: tuple[str, ...]
    key_moments: tuple[str, ...]  # touchpoint ids, best first


def clamp01(value: float) -> float:
    """Clamp to [0, 1]."""
    return min(1.0, max(0.0, value))


def serves_persona(tp: Touchpoint, persona_id: str) -> bool:
    """A touchpoint serves a persona when it lists it, or lists no personas at all."""
    return not tp.personas or persona_id in tp.personas


def reaches(touchpoints: list[Touchpoint]) -> dict[str, float]:
    """Reach per touchpoint: log-scaled volume, the median reach where volume is unknown."""
    volumes = {tp.id: tp.metrics.volume for tp in touchpoints if tp.metrics.volume is not None}
    top = max(volumes.values(), default=0)
    if top <= 0:
        return {tp.id: DEFAULT_REACH for tp in touchpoints}
    scale = math.log1p(top)
    known = {tp_id: math.log1p(volume) / scale for tp_id, volume in volumes.items()}
    fallback = median(known.values())
    return {tp.id: known.get(tp.id, fallback) for tp in touchpoints}


def friction_inputs(tp: Touchpoint) -> dict[str, float | None]:
    """gap, negativity, drop_off and complaints in [0, 1]; None where the data is absent."""
    gap = None
    if tp.expectation is not None and tp.experience is not None:
        gap = clamp01((tp.expectation - tp.experience) / 4)
    negativity = None if tp.emotion is None else clamp01(-tp.emotion / 2)
    return {
        "gap": gap,
        "negativity": negativity,
        "drop_off": tp.metrics.drop_off,
        "complaints": tp.metrics.complaints,
    }


def friction(inputs: dict[str, float | None], weights: Mapping[Any, float]) -> float | None:
    """Weighted mean of the present inputs; None when no input with a weight above 0 is present."""
    total = weighted = 0.0
    for name, weight_name in FRICTION_WEIGHTS:
        value = inputs[name]
        weight = weights.get(weight_name, 0.0)
        if value is not None and weight > 0:
            total += weight
            weighted += weight * value
    return clamp01(weighted / total) if total > 0 else None


def delight_inputs(tp: Touchpoint) -> tuple[float | None, float | None]:
    """positivity and surplus in [0, 1]; None where the data is absent."""
    positivity = None if tp.emotion is None else clamp01(tp.emotion / 2)
    surplus = None
    if tp.expectation is not None and tp.experience is not None:
        surplus = clamp01((tp.experience - tp.expectation) / 4)
    return positivity, surplus


def missing_inputs(tp: Touchpoint) -> tuple[str, ...]:
    """The confidence inputs this touchpoint lacks, in a fixed order."""
    values = {
        "volume": tp.metrics.volume,
        "drop_off": tp.metrics.drop_off,
        "emotion": tp.emotion,
        "expectation": tp.expectation,
        "experience": tp.experience,
    }
    return tuple(name for name in CONFIDENCE_INPUTS if values[name] is None)


def classify(tp: Touchpoint, pain: float | None, truth: float, settings: ScoreConfig) -> str:
    """pain, truth or neutral. A declared pain is always pain; data outranks a declared truth."""
    if tp.moment == "pain" or (pain is not None and pain >= settings.pain_threshold):
        return "pain"
    if truth >= settings.truth_threshold or tp.moment in ("truth", "delight"):
        return "truth"
    return "neutral"


def score_touchpoint(tp: Touchpoint, reach: float, settings: ScoreConfig) -> TouchpointScore:
    """All terms of the model for one touchpoint (key_moment is set later, journey-wide)."""
    inputs = friction_inputs(tp)
    f = friction(inputs, settings.weights)
    positivity, surplus = delight_inputs(tp)
    present = [x for x in (positivity, surplus) if x is not None]
    delight = sum(present) / len(present) if present else 0.0
    importance = DEFAULT_IMPORTANCE if tp.expectation is None else tp.expectation / 5
    weight = 0.25 + 0.75 * reach
    pain = None if f is None else 100 * f * weight * importance
    truth = 100 * delight * weight
    missing = missing_inputs(tp)
    factors = Factors(
        reach=reach,
        gap=inputs["gap"],
        negativity=inputs["negativity"],
        drop_off=inputs["drop_off"],
        complaints=inputs["complaints"],
        positivity=positivity,
        surplus=surplus,
        importance=importance,
        friction=f,
        delight=delight,
    )
    return TouchpointScore(
        id=tp.id,
        stage=tp.stage,
        pain=pain,
        truth=truth,
        health=None if f is None else 100 * (1 - f),
        cls=classify(tp, pain, truth, settings),
        key_moment=False,
        confidence="low" if missing else "high",
        missing=missing,
        factors=factors,
    )


def weighted_health(scores: list[TouchpointScore]) -> float | None:
    """Reach-weighted mean health of the scored touchpoints (plain mean when all reaches are 0)."""
    scored = [(s.factors.reach or 0.0, s.health) for s in scores if s.health is not None]
    if not scored:
        return None
    healths = [health for _, health in scored]
    total = sum(reach for reach, _ in scored)
    weighted = sum(reach * health for reach, health in scored)
    mean = weighted / total if total > 0 else sum(healths) / len(healths)
    # A mean lies between its inputs; rounding must not carry it past them (100.00000000000001).
    return min(max(mean, min(healths)), max(healths))


def stage_health(stage_id: str, scores: list[TouchpointScore]) -> StageHealth:
    """The lowest touchpoint health of the stage, with the reach-weighted mean beside it."""
    healths = [s.health for s in scores if s.health is not None]
    return StageHealth(id=stage_id, health=min(healths) if healths else None, mean=weighted_health(scores))


def weakest(scores: list[TouchpointScore]) -> TouchpointScore | None:
    """The scored touchpoint with the lowest health; ties go to the first in journey order."""
    found: TouchpointScore | None = None
    lowest = math.inf
    for s in scores:
        if s.health is not None and s.health < lowest:
            found, lowest = s, s.health
    return found


def rank(scores: Iterable[TouchpointScore]) -> list[TouchpointScore]:
    """Pain points and moments of truth by max(P, M), best first; ties by journey order (stable sort)."""
    classified = [s for s in scores if s.cls != "neutral"]
    classified.sort(key=lambda s: -s.rank_score)
    return classified


def key_moments(scores: Iterable[TouchpointScore], count: int) -> tuple[str, ...]:
    """The top `count` classified touchpoints."""
    return tuple(s.id for s in rank(scores)[:count])


def score_journey(
    journey: Journey, settings: ScoreConfig | None = None, *, shown: set[str] | None = None
) -> JourneyScore:
    """Scores over the whole journey; `shown` (a set of touchpoint ids, e.g. a persona's) restricts
    key moments and the weakest link to those touchpoints (scores themselves unchanged)."""
    settings = settings or ScoreConfig()
    order = journey.touchpoints_in_order()
    reach = reaches(order)
    raw = [score_touchpoint(tp, reach[tp.id], settings) for tp in order]
    candidates = raw if shown is None else [s for s in raw if s.id in shown]
    moments = key_moments(candidates, settings.key_moments)
    chosen = set(moments)
    scores = [replace(s, key_moment=True) if s.id in chosen else s for s in raw]
    by_stage: dict[str, list[TouchpointScore]] = {stage.id: [] for stage in journey.stages}
    for s in scores:
        by_stage.setdefault(s.stage, []).append(s)
    stages = tuple(stage_health(stage.id, by_stage[stage.id]) for stage in journey.stages)
    mapped = [st.health for st in stages if st.health is not None]
    weakest_tp = weakest(scores if shown is None else [s for s in scores if s.id in shown])
    return JourneyScore(
        id=journey.id,
        touchpoints=tuple(scores),
        by_id={s.id: s for s in scores},
        stages=stages,
        end_to_end=min(mapped) if mapped else None,
        mean=weighted_health(scores),
        weakest_stage=None if weakest_tp is None else weakest_tp.stage,
        weakest_touchpoint=None if weakest_tp is None else weakest_tp.id,
        unmapped=tuple(st.id for st in stages if st.health is None),
        key_moments=moments,
    )
