"""Why a touchpoint ranks where it does, in a consultant's words (shared by the score formats)."""

from __future__ import annotations

from cjm.display import one_line
from cjm.model import Touchpoint
from cjm.numbers import percent
from cjm.scoring import FRICTION_WEIGHTS, ScoreConfig, TouchpointScore

MANY_CUSTOMERS = 0.7  # reach from which "many customers" is worth saying
CARE_A_LOT = 0.8  # importance (expectation 4 of 5) from which "customers care a lot" is said


def drivers(tp: Touchpoint, score: TouchpointScore, settings: ScoreConfig, limit: int = 3) -> list[str]:
    """The two or three factors that drive a pain point or moment of truth, in plain words."""
    if score.cls == "pain":
        words = _pain_words(tp, score, settings)
    elif score.cls == "truth":
        words = _truth_words(tp, score, settings)
    else:
        words = []
    return words[:limit]


def _pain_words(tp: Touchpoint, score: TouchpointScore, settings: ScoreConfig) -> list[str]:
    words = []
    if score.pain is None or score.pain < settings.pain_threshold:
        words.append("declared a pain point" + ("" if score.pain is not None else " (no data yet)"))
    weights: dict[str, float] = {str(name): weight for name, weight in settings.weights.items()}
    contributions = []
    for order, (name, weight_name) in enumerate(FRICTION_WEIGHTS):
        value = getattr(score.factors, name)
        weight = weights.get(weight_name, 0.0)
        if value is not None and value > 0 and weight > 0:
            contributions.append((-weight * value, order, name, value))
    contributions.sort()
    words += [_friction_word(name, value, tp) for _, _, name, value in contributions[:2]]
    reach, importance = score.factors.reach, score.factors.importance
    if score.pain is not None and reach is not None and reach >= MANY_CUSTOMERS:
        words.append(f"many customers (reach {reach:.2f})")
    if score.pain is not None and tp.expectation is not None and importance is not None and importance >= CARE_A_LOT:
        words.append(f"customers care a lot (expectation {tp.expectation:g} of 5)")
    return words


def _friction_word(name: str, value: float, tp: Touchpoint) -> str:
    if name == "gap":
        strength = "big gap between expectation and experience" if value >= 0.5 else "experience below expectation"
        return f"{strength} (expected {tp.expectation:g}, got {tp.experience:g})"
    if name == "negativity":
        return f"{'very negative' if value >= 0.75 else 'negative'} emotion ({tp.emotion:+g})"
    if name == "drop_off":
        return f"{'high drop-off' if value >= 0.1 else 'drop-off'} ({percent(value)})"
    return f"{'many complaints' if value >= 0.05 else 'complaints'} ({percent(value)})"


def _truth_words(tp: Touchpoint, score: TouchpointScore, settings: ScoreConfig) -> list[str]:
    words = []
    if score.truth < settings.truth_threshold:
        words.append(f"declared a {'delight' if tp.moment == 'delight' else 'moment of truth'}")
    found = [
        (-value, order, name, value)
        for order, (name, value) in enumerate(
            (("positivity", score.factors.positivity), ("surplus", score.factors.surplus))
        )
        if value is not None and value > 0
    ]
    for _, _, name, value in sorted(found):
        if name == "positivity":
            words.append(f"{'very positive' if value >= 0.75 else 'positive'} emotion ({tp.emotion:+g})")
        else:
            strength = "far beats" if value >= 0.5 else "beats"
            words.append(f"experience {strength} expectation (expected {tp.expectation:g}, got {tp.experience:g})")
    reach = score.factors.reach
    if reach is not None and reach >= MANY_CUSTOMERS and score.truth > 0:
        words.append(f"many customers (reach {reach:.2f})")
    return words


def action(cls: str) -> str:
    """What to do about a class: improve a pain point, protect a moment of truth."""
    return {"pain": "improve", "truth": "protect"}.get(cls, "")


def label(name: str | None, item_id: str, width: int | None = None) -> str:
    """`Name (id)`, or the id alone when the item has no name; a long name is shortened, never the id."""
    if not name:
        return item_id
    name = one_line(" ".join(name.split()))
    if width is not None and len(name) > width:
        name = name[: width - 1].rstrip() + "…"
    return f"{name} ({item_id})"
