"""The scoring model v2 (SPEC §4.2): customers at stake.

The model counts customers per `period`. Each touchpoint gets a severity σ (the share of the
customers passing it who are hurt there) and a delight δ; customers at stake = volume × σ,
customers delighted = volume × δ. Pain points are ranked by priority (at stake × importance
factor) into `fix_first`, moments of truth by customers delighted into `protect`; both together
give the key moments. A journey is as strong as its weakest link: the stage with the highest
reach-weighted severity among the stages most customers pass.

Signals (the recommended form, shipped unchanged as "scoring model v2"):
    d = drop-off, c = complaints,
    q = the strongest of w·clamp(−emotion/2), w·clamp((expectation − experience)/4),
        w·clamp((3.5 − csat)/2.5), w·clamp(−nps/100), w·clamp((ces − 4)/3)   (w = `signals`, 0.5)
    σ = 1 − (1 − d)(1 − c)(1 − q)            δ = 1 − (1 − p)(1 − ¼·s)
    p = clamp(emotion/2), s = clamp((experience − expectation)/4).

The computation is a function of plain per-touchpoint values (`TouchpointInputs`), so a persona
view (§4.2 item 8) is the same computation over that persona's inputs. The format 1.1 fields
(`importance`, `by_persona`, persona `share`, `recovers`, `target`, journey `customers`) are
fields of the one model: a format-1 journey simply leaves them unset.

Every comparison that decides a class, an order or a health uses ratios of volumes (volume /
customers, volume / the stage's largest volume), never raw counts, so multiplying every volume
by an integer factor gives bit-identical classes, orders and healths (§4.2 item 7). Nothing here
reads files, the clock or prints; every figure is finite and clamped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from statistics import median
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cjm.model import Journey, PersonaValues, Touchpoint

MODEL = 2
PERCEPTION = ("negativity", "gap", "csat", "nps", "ces")
FACTOR_NAMES = ("drop_off", "complaints", *PERCEPTION, "positivity", "surplus")
# In the stage formula a touchpoint's σ is capped, so one lost customer on a side branch
# (σ = 1, a tiny reach) cannot zero a whole stage: 0 ** a == 0 for every a > 0.
SEVERITY_CAP = 0.999
# A stage decides the weakest link only when its largest volume is at least this share of the
# median stage's largest volume (a niche stage never decides a mass journey).
ELIGIBLE_SHARE = 0.10
# A persona's volumes are scored as whole numbers of 1/unit customers below this (sums of two exact too).
EXACT = 2**52
V1_KEYS = {"weights": "signals", "pain_threshold": "pain_severity", "truth_threshold": "truth_delight"}
PERSONA_FIELDS = ("emotion", "expectation", "experience", "importance")
PERSONA_METRICS = ("drop_off", "complaints", "csat", "nps", "ces")


# --- settings (`.cjm.yaml` `score:`) -------------------------------------------------------------


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _unit(default: float, what: str) -> Any:
    return Field(default, ge=0, le=1, strict=True, description=what)


class Signals(_Settings):
    """Weight w (0..1) of each perception signal; q is the strongest weighted one. 0 turns a signal off."""

    negativity: float = _unit(0.5, "Weight of negative emotion, clamp(−emotion/2).")
    gap: float = _unit(0.5, "Weight of the expectation gap, clamp((expectation − experience)/4).")
    csat: float = _unit(0.5, "Weight of poor CSAT, clamp((3.5 − csat)/2.5).")
    nps: float = _unit(0.5, "Weight of negative NPS, clamp(−nps/100).")
    ces: float = _unit(0.5, "Weight of high effort, clamp((ces − 4)/3).")


class Bands(_Settings):
    """End-to-end health bands: good ≥ `good`, fair ≥ `fair`, else poor."""

    good: float = Field(70.0, ge=0, le=100, strict=True, description="Lowest health called good.")
    fair: float = Field(40.0, ge=0, le=100, strict=True, description="Lowest health called fair.")

    @model_validator(mode="after")
    def _good_above_fair(self) -> Bands:
        if not self.good > self.fair:
            raise ValueError(f"bands: good ({self.good:g}) must be above fair ({self.fair:g})")
        return self


class ScoreSettings(_Settings):
    """The `score:` section of `.cjm.yaml` for scoring model v2; a partial mapping merges with the defaults."""

    signals: Signals = Field(default_factory=Signals, description="Perception signal weights.")
    pain_severity: float = _unit(0.20, "σ at which a touchpoint is a pain point (one in five hurt).")
    pain_floor: float = _unit(0.10, "Lowest σ at which customers at stake alone make a pain point.")
    pain_share: float = _unit(0.10, "Share of the journey's customers at stake that makes a pain point.")
    truth_delight: float = _unit(0.5, "δ at which a touchpoint is a moment of truth.")
    bands: Bands = Field(default_factory=Bands, description="Health bands.")
    key_moments: int = Field(5, ge=0, strict=True, description="How many key moments to name.")

    @model_validator(mode="before")
    @classmethod
    def _no_v1_keys(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            for old, new in V1_KEYS.items():
                if old in data:
                    raise ValueError(f"'{old}' belongs to scoring model v1; model v2 uses '{new}' instead")
        return data


DEFAULT_SETTINGS = ScoreSettings()


# --- inputs: plain per-touchpoint values -----------------------------------------------------------


@dataclass(frozen=True)
class TouchpointInputs:
    """The plain values one touchpoint is scored by: the touchpoint's own, or one persona's."""

    id: str
    stage: str
    volume: float | None = None
    drop_off: float | None = None
    complaints: float | None = None
    emotion: float | None = None
    expectation: float | None = None
    experience: float | None = None
    csat: float | None = None
    nps: float | None = None
    ces: float | None = None
    importance: float | None = None
    moment: str | None = None
    recovers: str | None = None
    target: bool = False


def number(value: Any) -> float | None:
    """A finite number as float, else None (1.1 values are read defensively: never NaN, never a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _field(values: Any, name: str) -> Any:
    """A value from a mapping or an object; None when absent."""
    if isinstance(values, Mapping):
        return values.get(name)
    return getattr(values, name, None)


def _volume(value: Any) -> float | None:
    """A volume: a finite number >= 0, kept an int when it is one (so JSON shows 9200, not 9200.0)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    found = number(value)
    return found if found is not None and found >= 0 else None


def touchpoint_inputs(tp: Touchpoint) -> TouchpointInputs:
    """The touchpoint's own values (whole journey)."""
    metrics = tp.metrics
    return TouchpointInputs(
        id=tp.id,
        stage=tp.stage,
        volume=_volume(metrics.volume),
        drop_off=number(metrics.drop_off),
        complaints=number(metrics.complaints),
        emotion=number(tp.emotion),
        expectation=number(tp.expectation),
        experience=number(tp.experience),
        csat=number(metrics.csat),
        nps=number(metrics.nps),
        ces=number(metrics.ces),
        importance=number(tp.importance),
        moment=tp.moment,
        recovers=tp.recovers,
        target=tp.target,
    )


def serves_persona(tp: Touchpoint, persona_id: str) -> bool:
    """A touchpoint serves a persona when it lists it, or lists no personas at all."""
    return not tp.personas or persona_id in tp.personas


def persona_values(tp: Touchpoint, persona_id: str) -> PersonaValues | None:
    """The touchpoint's 1.1 `by_persona` entry for the persona, or None."""
    return None if tp.by_persona is None else tp.by_persona.get(persona_id)


@dataclass(frozen=True)
class PersonaShares:
    """The 1.1 `share` of each persona that declares one, and their sum (what a touchpoint serving all divides by).

    Exact, as the decimals written (0.1 is 1/10, not the nearest binary fraction): shares of 0.1 and 0.2 split
    a volume of 3 into exactly 1 and 2, and a volume scaled by k into exactly k and 2k, so a tie stays a tie.
    """

    of: Mapping[str, Fraction]
    total: Fraction


def persona_shares(journey: Journey) -> PersonaShares:
    """The personas' 1.1 shares, read once per journey."""
    shares = {}
    for persona in journey.personas:
        share = number(persona.share)
        if share is not None and share >= 0:
            shares[persona.id] = Fraction(repr(share))
    return PersonaShares(shares, sum(shares.values(), Fraction(0)))


def persona_volume(tp: Touchpoint, persona_id: str, values: Any, shares: PersonaShares) -> float | None:
    """§4.2 item 8: `by_persona` volume, else volume × share / Σ shares of the personas served, else volume."""
    own = _volume(_field(values, "volume")) if values is not None else None
    if own is not None:
        return own
    volume = _volume(tp.metrics.volume)
    if volume is None or persona_id not in shares.of:
        return volume
    return float(_shared(volume, tp, persona_id, shares))


def _shared(volume: float, tp: Touchpoint, persona_id: str, shares: PersonaShares) -> Fraction:
    """The persona's part of a touchpoint's volume, exactly: volume × share / Σ shares of the personas served."""
    if tp.personas:
        total = sum((shares.of[p] for p in dict.fromkeys(tp.personas) if p in shares.of), Fraction(0))
    else:
        total = shares.total
    return Fraction(volume) * shares.of[persona_id] / total if total > 0 else Fraction(0)


def _exact_volume(tp: Touchpoint, persona_id: str, shares: PersonaShares) -> Fraction | None:
    """persona_volume() as an exact fraction (a persona's share of 7 customers may be 7/3)."""
    own = _volume(_field(persona_values(tp, persona_id), "volume"))
    if own is not None:
        return Fraction(own)
    volume = _volume(tp.metrics.volume)
    if volume is None:
        return None
    return Fraction(volume) if persona_id not in shares.of else _shared(volume, tp, persona_id, shares)


def persona_inputs(tp: Touchpoint, persona_id: str, shares: PersonaShares) -> TouchpointInputs:
    """The persona's values at a touchpoint: `by_persona` overrides, falling back to the touchpoint's own."""
    base = touchpoint_inputs(tp)
    values = persona_values(tp, persona_id)
    changes: dict[str, Any] = {"volume": persona_volume(tp, persona_id, values, shares)}
    if values is not None:
        for name in (*PERSONA_FIELDS, *PERSONA_METRICS):
            override = number(_field(values, name))
            if override is not None:
                changes[name] = override
    return replace(base, **changes)


# --- results -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factors:
    """The signals by name, each in [0, 1] before weighting; None where the input is absent."""

    drop_off: float | None = None
    complaints: float | None = None
    negativity: float | None = None
    gap: float | None = None
    csat: float | None = None
    nps: float | None = None
    ces: float | None = None
    positivity: float | None = None
    surplus: float | None = None

    def as_dict(self) -> dict[str, float | None]:
        """The factors by name, in the order of FACTOR_NAMES."""
        return {name: getattr(self, name) for name in FACTOR_NAMES}


@dataclass(frozen=True)
class TouchpointScore:
    """One touchpoint under model v2. Customer counts are per `period`; None where unknown."""

    id: str
    stage: str
    severity: float | None  # σ; None: no signal, unscored
    delight: float | None  # δ; None: neither emotion nor expectation and experience
    health: float | None  # 100 · (1 − σ)
    volume: float | None  # the volume used: measured (or the persona's), else imputed; None without any
    volume_imputed: bool  # volume is the stage's (else the journey's) median
    at_stake: float | None  # volume × σ
    delighted: float | None  # volume × δ
    priority: float | None  # at stake × importance; σ × importance when the journey has no volume
    importance: float  # the importance factor (importance + 1) / 4, 1 when not given
    cls: str  # "pain" | "truth" | "neutral", declarations applied
    data_class: str  # the class the data alone give
    declared: str | None  # the declared `moment`
    contradicted: bool  # the declared moment contradicts the data (CJM109)
    recovers: str | None  # 1.1: the failure this service recovery turns around
    confidence: str  # "high" | "target" | "low"
    missing: tuple[str, ...]
    factors: Factors
    perception: float | None  # q, the strongest weighted perception signal
    strongest: str | None  # the signal that weighs most in σ (a factor name), None when σ is 0 or unscored
    reach: float | None = None  # aₜ, the weight in its stage's severity; None when unscored
    key_moment: bool = False
    label: str | None = None  # "improve" | "protect" for a key moment
    values: TouchpointInputs | None = None  # the values scored (the persona's under --persona)

    @property
    def pain(self) -> float | None:
        """The display index 100 · σ."""
        return None if self.severity is None else 100.0 * self.severity

    @property
    def truth(self) -> float | None:
        """The display index 100 · δ."""
        return None if self.delight is None else 100.0 * self.delight


@dataclass(frozen=True)
class StageScore:
    """A stage: reach-weighted severity σₛ, its health, and the customer-weighted mean health beside it."""

    id: str
    severity: float | None  # σₛ; None when no touchpoint of the stage is scored (unmapped)
    health: float | None  # 100 · (1 − σₛ)
    mean: float | None  # customer-weighted mean health of its scored touchpoints
    largest_volume: float | None
    eligible: bool  # may be the weakest link: largest volume ≥ 10 % of the median stage's
    touchpoints: tuple[str, ...] = ()


@dataclass(frozen=True)
class JourneyScore:
    """A journey under model v2 (for one persona when `persona` is set)."""

    id: str
    touchpoints: tuple[TouchpointScore, ...]  # journey order
    stages: tuple[StageScore, ...]  # journey order
    end_to_end: float | None  # health of the weakest link; None when a stage is unmapped
    band: str | None  # "good" | "fair" | "poor"; None when end to end is unknown
    weakest_stage: str | None
    weakest_touchpoint: str | None
    unmapped: tuple[str, ...]
    customers: float | None
    fix_first: tuple[str, ...]
    protect: tuple[str, ...]
    key_moments: tuple[str, ...]
    volume_known: bool  # False: no volume at all, ranked by σ × importance and δ, stages unweighted
    persona: str | None = None
    persona_values: bool = False  # some `by_persona` values of the persona were used
    persona_volumes: bool = False  # volumes are the persona's (a share or `by_persona` volumes)
    model: int = field(default=MODEL, init=False)

    @cached_property
    def by_id(self) -> dict[str, TouchpointScore]:
        """Touchpoint scores by id."""
        return {s.id: s for s in self.touchpoints}

    @property
    def whole_journey(self) -> bool:
        """A persona view without any 1.1 persona data: filtered, but the figures are the whole journey's."""
        return self.persona is not None and not (self.persona_values or self.persona_volumes)


# --- one touchpoint ----------------------------------------------------------------------------------


def clamp01(value: float) -> float:
    """Clamp to [0, 1]."""
    return min(1.0, max(0.0, value))


def _health(severity: float | None) -> float | None:
    return None if severity is None else min(100.0, max(0.0, 100.0 * (1.0 - severity)))


def factors(inp: TouchpointInputs) -> Factors:
    """Every signal in [0, 1], unweighted; None where its input is absent."""
    e, x, y = inp.emotion, inp.expectation, inp.experience
    return Factors(
        drop_off=None if inp.drop_off is None else clamp01(inp.drop_off),
        complaints=None if inp.complaints is None else clamp01(inp.complaints),
        negativity=None if e is None else clamp01(-e / 2),
        gap=clamp01((x - y) / 4) if x is not None and y is not None else None,
        csat=None if inp.csat is None else clamp01((3.5 - inp.csat) / 2.5),
        nps=None if inp.nps is None else clamp01(-inp.nps / 100),
        ces=None if inp.ces is None else clamp01((inp.ces - 4) / 3),
        positivity=None if e is None else clamp01(e / 2),
        surplus=clamp01((y - x) / 4) if x is not None and y is not None else None,
    )


def perception(f: Factors, signals: Signals) -> tuple[float | None, str | None]:
    """q = the strongest weighted perception signal, and its name; a signal with weight 0 is off."""
    best: tuple[float | None, str | None] = (None, None)
    for name in PERCEPTION:
        value, weight = getattr(f, name), getattr(signals, name)
        if value is None or weight <= 0:
            continue
        weighted = weight * value
        if best[0] is None or weighted > best[0]:
            best = (weighted, name)
    return best


def severity(f: Factors, q: float | None) -> float | None:
    """σ = 1 − (1 − d)(1 − c)(1 − q) over the present signals; None when none is present.

    The max() only guards float rounding (1 − (1 − 0.1) is 0.09999…): σ is never below any
    signal, so never below the drop-off share, and at stake never below volume × drop-off.
    """
    present = [s for s in (f.drop_off, f.complaints, q) if s is not None]
    if not present:
        return None
    survival = 1.0
    for signal in present:
        survival *= 1.0 - signal
    return clamp01(max(1.0 - survival, *present))


def delight(f: Factors) -> float | None:
    """δ = 1 − (1 − p)(1 − ¼·s); surveys do not count; None without emotion and without a surplus."""
    if f.positivity is None and f.surplus is None:
        return None
    p, s = f.positivity or 0.0, f.surplus or 0.0
    return clamp01(max(p, 1.0 - (1.0 - p) * (1.0 - s / 4)))


def strongest_signal(f: Factors, q: float | None, q_name: str | None) -> str | None:
    """The signal that weighs most in σ (ties: drop-off, complaints, then perception); None when all are 0."""
    best_name, best = None, 0.0
    for name, value in (("drop_off", f.drop_off), ("complaints", f.complaints), (q_name, q)):
        if value is not None and value > best:
            best_name, best = name, value
    return best_name


def importance_factor(importance: float | None) -> float:
    """(importance + 1) / 4: 1 → 0.5, 3 → 1, 5 → 1.5; 1 when not given (expectation is not importance)."""
    if importance is None:
        return 1.0
    return (min(5.0, max(1.0, importance)) + 1.0) / 4.0


def confidence(inp: TouchpointInputs) -> tuple[str, tuple[str, ...]]:
    """high: volume, drop-off or complaints, and a perception signal known; target: 1.1 `target`; else low.

    `missing` names the absent inputs of each unmet requirement (drop_off and complaints both when
    neither is known; emotion and the absent half of the gap when no perception signal is known).
    """
    missing: list[str] = []
    if inp.volume is None:
        missing.append("volume")
    if inp.drop_off is None and inp.complaints is None:
        missing += ["drop_off", "complaints"]
    gap_known = inp.expectation is not None and inp.experience is not None
    survey_known = any(v is not None for v in (inp.csat, inp.nps, inp.ces))
    if inp.emotion is None and not gap_known and not survey_known:
        missing.append("emotion")
        missing += [name for name in ("expectation", "experience") if getattr(inp, name) is None]
    if inp.target:
        return "target", tuple(missing)
    return ("low" if missing else "high"), tuple(missing)


# --- journey-wide: volumes, classes, rankings ----------------------------------------------------------


def effective_volumes(inputs: Sequence[TouchpointInputs]) -> list[float | None]:
    """Each touchpoint's volume; a missing one gets its stage's median volume, else the journey's."""
    known = [inp.volume for inp in inputs if inp.volume is not None]
    if not known:
        return [None for _ in inputs]
    by_stage: dict[str, list[float]] = {}
    for inp in inputs:
        if inp.volume is not None:
            by_stage.setdefault(inp.stage, []).append(inp.volume)
    journey_median = median(known)
    stage_median = {stage: median(volumes) for stage, volumes in by_stage.items()}
    return [inp.volume if inp.volume is not None else stage_median.get(inp.stage, journey_median) for inp in inputs]


class _Ranking:
    """Scale-free ranking values: customers as a share of the journey's customers.

    (v / C) · σ orders exactly as v · σ does, but (k·v) / (k·C) is the same float as v / C, so
    scaling every volume changes no order or class, not even by one rounding step.
    """

    def __init__(self, customers: float | None, volume_known: bool) -> None:
        self.customers = customers
        self.volume_known = volume_known

    def share(self, s: TouchpointScore, value: float | None) -> float | None:
        """value (σ, σ × importance or δ) weighted by the touchpoint's share of the customers."""
        if value is None:
            return None
        if not self.volume_known:
            return value  # no volume anywhere: rank by σ × importance and δ alone
        if s.volume is None:
            return None
        if self.customers is not None and self.customers > 0:
            return (s.volume / self.customers) * value
        return s.volume * value

    def pain(self, s: TouchpointScore) -> float | None:
        """Priority, as a share of the customers."""
        return self.share(s, None if s.severity is None else s.severity * s.importance)

    def truth(self, s: TouchpointScore) -> float | None:
        """Customers delighted, as a share of the customers."""
        return self.share(s, s.delight)

    def at_stake(self, s: TouchpointScore) -> float | None:
        """Customers at stake, as a share of the customers."""
        return self.share(s, s.severity)


def _pain_by_data(
    sigma: float | None, volume: float | None, ranking: _Ranking, settings: ScoreSettings
) -> tuple[bool, bool]:
    """(pain point by the data, pain point by customers at stake): §4.2 item 3."""
    if sigma is None:
        return False, False
    customers = ranking.customers
    by_share = (
        ranking.volume_known
        and customers is not None
        and customers > 0
        and volume is not None
        and sigma >= settings.pain_floor
        and (volume / customers) * sigma >= settings.pain_share
    )
    return sigma >= settings.pain_severity or by_share, by_share


def classify(
    inp: TouchpointInputs,
    sigma: float | None,
    delight: float | None,
    volume: float | None,
    ranking: _Ranking,
    settings: ScoreSettings,
) -> tuple[str, str, bool]:
    """(class with declarations applied, the data's own class, whether the declaration is contradicted)."""
    pain, by_share = _pain_by_data(sigma, volume, ranking, settings)
    truth = delight is not None and delight >= settings.truth_delight
    data_class = "pain" if pain else "truth" if truth else "neutral"
    if inp.moment == "pain":
        # Clearly contradicted only: σ below half the pain severity and no pain by at stake.
        contradicted = sigma is not None and sigma < settings.pain_severity / 2 and not by_share
        return (data_class if contradicted else "pain"), data_class, contradicted
    declared_truth = inp.moment in ("truth", "delight")
    if data_class == "pain":
        return "pain", data_class, declared_truth  # data win over a declared moment of truth
    if declared_truth or inp.recovers is not None:  # a 1.1 recovery is scored as a moment of truth
        return "truth", data_class, False
    return data_class, data_class, False


def _touchpoint(
    inp: TouchpointInputs, volume: float | None, largest: float | None, ranking: _Ranking, settings: ScoreSettings
) -> TouchpointScore:
    """Every figure of one touchpoint, given its volume, its stage's largest volume and the journey's customers."""
    f = factors(inp)
    q, q_name = perception(f, settings.signals)
    sigma = severity(f, q)
    d = delight(f)
    weight = importance_factor(inp.importance)
    at_stake = None if volume is None or sigma is None else volume * sigma
    if ranking.volume_known:
        priority = None if at_stake is None else at_stake * weight
    else:  # no volume at all: rank by σ × importance
        priority = None if sigma is None else sigma * weight
    cls, data_class, contradicted = classify(inp, sigma, d, volume, ranking, settings)
    level, missing = confidence(inp)
    return TouchpointScore(
        id=inp.id,
        stage=inp.stage,
        severity=sigma,
        delight=d,
        health=_health(sigma),
        volume=volume,
        volume_imputed=volume is not None and inp.volume is None,
        at_stake=at_stake,
        delighted=None if volume is None or d is None else volume * d,
        priority=priority,
        importance=weight,
        cls=cls,
        data_class=data_class,
        declared=inp.moment,
        contradicted=contradicted,
        recovers=inp.recovers,
        confidence=level,
        missing=missing,
        factors=f,
        perception=q,
        strongest=None if sigma is None else strongest_signal(f, q, q_name),
        reach=None if sigma is None else reach(volume, largest),
        values=inp,
    )


def _ranked(scores: Iterable[TouchpointScore], key: Any) -> list[TouchpointScore]:
    """Highest key first; a None key after every number; ties in journey order (a stable sort)."""
    keyed = [(key(s), i, s) for i, s in enumerate(scores)]
    keyed.sort(key=lambda item: (item[0] is None, -(item[0] or 0.0), item[1]))
    return [s for _, _, s in keyed]


def recoveries_follow(ranked: Sequence[str], recovers: Mapping[str, str | None]) -> list[str]:
    """A recovery never comes before the failure it recovers: one ranked above it moves to just after it."""
    present = set(ranked)
    waiting: dict[str, list[str]] = {}
    placed: set[str] = set()
    out: list[str] = []

    def place(first: str) -> None:
        stack = [first]
        while stack:
            tp = stack.pop()
            if tp in placed:
                continue
            placed.add(tp)
            out.append(tp)
            stack.extend(reversed(waiting.pop(tp, [])))

    for tp in ranked:
        failure = recovers.get(tp)
        if failure is not None and failure != tp and failure in present and failure not in placed:
            waiting.setdefault(failure, []).append(tp)
        else:
            place(tp)
    for tp in ranked:  # only a cycle of recoveries is left waiting (lint rejects it): keep rank order
        place(tp)
    return out


def key_moments(scores: Sequence[TouchpointScore], ranking: _Ranking, count: int) -> list[str]:
    """The top `count` of pain points by priority and moments of truth by delighted, merged (§4.2 item 5)."""
    classified = [s for s in scores if s.cls != "neutral"]
    merged = _ranked(classified, lambda s: ranking.pain(s) if s.cls == "pain" else ranking.truth(s))
    ordered = recoveries_follow([s.id for s in merged], {s.id: s.recovers for s in classified})
    return ordered[:count]


# --- stages and the weakest link --------------------------------------------------------------------------


def reach(volume: float | None, largest: float | None) -> float:
    """aₜ = min(1, volume / the stage's largest volume); 1 when that largest volume is 0 or unknown."""
    if volume is None or largest is None or largest <= 0:
        return 1.0
    return min(1.0, volume / largest)


def stage_severity(scored: Sequence[TouchpointScore]) -> float:
    """σₛ = 1 − Π (1 − σₜ)^aₜ over scored touchpoints, σₜ capped at SEVERITY_CAP; a sum of logs (fsum)."""
    logs = [(s.reach or 0.0) * math.log1p(-min(s.severity or 0.0, SEVERITY_CAP)) for s in scored]
    return clamp01(-math.expm1(math.fsum(logs)))


def stage_mean(scored: Sequence[TouchpointScore]) -> float | None:
    """Customer-weighted mean health; weights aₜ = volume / the stage's largest volume, the same weights scale-free."""
    pairs = [(s.reach or 0.0, s.health) for s in scored if s.health is not None]
    if not pairs:
        return None
    healths = [h for _, h in pairs]
    total = math.fsum(w for w, _ in pairs)
    mean = math.fsum(w * h for w, h in pairs) / total if total > 0 else math.fsum(healths) / len(healths)
    # A mean lies between its inputs; rounding must not carry it past them (100.00000000000001).
    return min(max(mean, min(healths)), max(healths))


def largest_volumes(inputs: Sequence[TouchpointInputs], volumes: Sequence[float | None]) -> dict[str, float]:
    """Each stage's largest volume (imputed volumes included); stages without any are absent."""
    largest: dict[str, float] = {}
    for inp, volume in zip(inputs, volumes, strict=True):
        if volume is not None and (inp.stage not in largest or volume > largest[inp.stage]):
            largest[inp.stage] = volume
    return largest


def stage_scores(
    stage_ids: Sequence[str], scores: Sequence[TouchpointScore], largest: Mapping[str, float]
) -> list[StageScore]:
    """Every stage of the view in journey order, with its eligibility for the weakest link."""
    members: dict[str, list[TouchpointScore]] = {stage: [] for stage in stage_ids}
    for s in scores:
        members.setdefault(s.stage, []).append(s)
    known = [largest[stage] for stage in dict.fromkeys(stage_ids) if stage in largest]
    mid = median(known) if known else None
    stages = []
    for stage in stage_ids:
        scored = [s for s in members[stage] if s.severity is not None]
        top = largest.get(stage)
        sigma = stage_severity(scored) if scored else None
        eligible = mid is None or mid <= 0 or (top is not None and top / mid >= ELIGIBLE_SHARE)
        stages.append(
            StageScore(
                id=stage,
                severity=sigma,
                health=_health(sigma),
                mean=stage_mean(scored),
                largest_volume=top,
                eligible=eligible,
                touchpoints=tuple(s.id for s in members[stage]),
            )
        )
    return stages


def weakest_link(
    stages: Sequence[StageScore], scores: Sequence[TouchpointScore], ranking: _Ranking
) -> tuple[StageScore | None, TouchpointScore | None]:
    """The eligible stage with the highest σₛ (ties: journey order), and its touchpoint with most at stake."""
    weakest: StageScore | None = None
    for stage in stages:
        if stage.severity is None or not stage.eligible:
            continue
        if weakest is None or (weakest.severity is not None and stage.severity > weakest.severity):
            weakest = stage
    if weakest is None:
        return None, None
    scored = [s for s in scores if s.stage == weakest.id and s.severity is not None]
    ranked = _ranked(scored, ranking.at_stake)
    return weakest, (ranked[0] if ranked else None)


def band(health: float | None, settings: ScoreSettings | None = None) -> str | None:
    """good ≥ bands.good, fair ≥ bands.fair, else poor; None for an unknown health ("not measured")."""
    if health is None:
        return None
    bands = (settings or DEFAULT_SETTINGS).bands
    return "good" if health >= bands.good else "fair" if health >= bands.fair else "poor"


# --- entry points ------------------------------------------------------------------------------------


def score_inputs(
    journey_id: str,
    inputs: Sequence[TouchpointInputs],
    stage_ids: Sequence[str],
    settings: ScoreSettings | None = None,
    *,
    customers: float | None = None,
) -> JourneyScore:
    """The model over plain per-touchpoint values in journey order; `customers` as the journey gives it (1.1)."""
    settings = settings or DEFAULT_SETTINGS
    volumes = effective_volumes(inputs)
    volume_known = any(inp.volume is not None for inp in inputs)
    if not volume_known:
        customers = None
    elif customers is None:
        customers = max(inp.volume for inp in inputs if inp.volume is not None)
    ranking = _Ranking(customers, volume_known)
    largest = largest_volumes(inputs, volumes)
    scores = [
        _touchpoint(inp, volume, largest.get(inp.stage), ranking, settings)
        for inp, volume in zip(inputs, volumes, strict=True)
    ]
    moments = key_moments(scores, ranking, settings.key_moments)
    chosen = set(moments)
    scores = [_as_key_moment(s) if s.id in chosen else s for s in scores]
    stages = stage_scores(stage_ids, scores, largest)
    weakest_stage, weakest_tp = weakest_link(stages, scores, ranking)
    unmapped = tuple(stage.id for stage in stages if stage.severity is None)
    end_to_end = None if unmapped or weakest_stage is None else weakest_stage.health
    return JourneyScore(
        id=journey_id,
        touchpoints=tuple(scores),
        stages=tuple(stages),
        end_to_end=end_to_end,
        band=band(end_to_end, settings),
        weakest_stage=None if weakest_stage is None else weakest_stage.id,
        weakest_touchpoint=None if weakest_tp is None else weakest_tp.id,
        unmapped=unmapped,
        customers=customers,
        fix_first=tuple(s.id for s in _ranked([s for s in scores if s.cls == "pain"], ranking.pain)),
        protect=tuple(s.id for s in _ranked([s for s in scores if s.cls == "truth"], ranking.truth)),
        key_moments=tuple(moments),
        volume_known=volume_known,
    )


def _as_key_moment(s: TouchpointScore) -> TouchpointScore:
    return replace(s, key_moment=True, label="improve" if s.cls == "pain" else "protect")


def score_journey(
    journey: Journey, settings: ScoreSettings | None = None, *, persona: str | None = None
) -> JourneyScore:
    """Score a journey; with `persona`, only the touchpoints serving it, with its values and volumes (item 8)."""
    if persona is not None:
        return score_persona(journey, persona, settings)
    inputs = [touchpoint_inputs(tp) for tp in journey.touchpoints_in_order()]
    customers = _volume(journey.customers)
    return score_inputs(journey.id, inputs, [s.id for s in journey.stages], settings, customers=customers)


def score_persona(journey: Journey, persona: str, settings: ScoreSettings | None = None) -> JourneyScore:
    """The persona's view (§4.2 item 8): its touchpoints, values, volumes, customers and weakest link."""
    if persona not in {p.id for p in journey.personas}:
        raise ValueError(f"journey {journey.id} has no persona {persona!r}")
    serving = [tp for tp in journey.touchpoints_in_order() if serves_persona(tp, persona)]
    customers = _volume(journey.customers)
    shares = persona_shares(journey)
    inputs = [persona_inputs(tp, persona, shares) for tp in serving]
    exact = [_exact_volume(tp, persona, shares) for tp in serving]
    whole = None if customers is None else Fraction(customers)
    if whole is not None and persona in shares.of:
        whole = whole * shares.of[persona] / shares.total if shares.total > 0 else Fraction(0)
    unit = _volume_unit(exact, whole)
    if unit > 1:  # scored in whole 1/unit customers: ratios of integers, so scaling every volume changes nothing
        in_units = [None if v is None else (v * unit).numerator for v in exact]
        inputs = [replace(inp, volume=v) for inp, v in zip(inputs, in_units, strict=True)]
        customers = None if whole is None else (whole * unit).numerator
    elif whole is not None and persona in shares.of:
        customers = float(whole)
    # A stage the persona never passes is not part of its journey; a stage nobody mapped stays unmapped.
    used = {tp.stage for tp in journey.touchpoints}
    mine = {tp.stage for tp in serving}
    stage_ids = [s.id for s in journey.stages if s.id in mine or s.id not in used]
    result = _per_unit(score_inputs(journey.id, inputs, stage_ids, settings, customers=customers), unit)
    entries = [v for v in (persona_values(tp, persona) for tp in serving) if v is not None]
    volumes = persona in shares.of or any(_volume(_field(v, "volume")) is not None for v in entries)
    return replace(result, persona=persona, persona_values=bool(entries), persona_volumes=volumes)


def _volume_unit(exact: Sequence[Fraction | None], customers: Fraction | None) -> int:
    """The smallest unit (1/unit customers) in which every persona volume is a whole number; 1 when every volume
    already is, or when the whole numbers would grow past exact floats (then the volumes stay floats)."""
    known = [v for v in (*exact, customers) if v is not None]
    unit = math.lcm(*(v.denominator for v in known)) if known else 1
    return unit if unit > 1 and all(v * unit < EXACT for v in known) else 1


def _per_unit(result: JourneyScore, unit: int) -> JourneyScore:
    """A view scored in 1/unit customers, its customer counts back in customers."""
    if unit == 1:
        return result

    def back(value: float | None) -> float | None:
        return None if value is None else value / unit

    touchpoints = tuple(
        replace(
            s,
            volume=back(s.volume),
            at_stake=back(s.at_stake),
            delighted=back(s.delighted),
            priority=back(s.priority) if result.volume_known else s.priority,  # else σ × importance: no count
            values=None if s.values is None else replace(s.values, volume=back(s.values.volume)),
        )
        for s in result.touchpoints
    )
    stages = tuple(replace(stage, largest_volume=back(stage.largest_volume)) for stage in result.stages)
    return replace(result, touchpoints=touchpoints, stages=stages, customers=back(result.customers))
