"""Why a touchpoint ranks where it does, in a CX lead's words (shared by the score formats).

Scoring model v2 counts customers per `period`, so the words do too: "≈ 2,760 customers a month
hurt here: 30 % of 9,200", then the signals behind that share, strongest first.
"""

from __future__ import annotations

from cjm import numbers
from cjm.display import one_line
from cjm.model import Kpi, Touchpoint
from cjm.numbers import about, percent, whole
from cjm.score.report import ScoredJourney
from cjm.scoring import TouchpointInputs, TouchpointScore, perception, touchpoint_inputs

MOST_HURT = 0.75  # a signal from which "very" is said (emotion −1.5 and below)
WORTH_SAYING = 0.05  # a signal (as it weighs in σ) from which it is named among the reasons


def per_period(period: str | None) -> str:
    """' a month', ' per <period>' as written (one line), or ''."""
    return numbers.per_period(None if period is None else one_line(period))


def customers_line(scored: ScoredJourney) -> str:
    """'240,000 customers a month' (the journey's customers), or the note that no volume is known."""
    score = scored.score
    if not score.volume_known or score.customers is None:
        return "no volumes: ranked by severity (the share of customers hurt), not by customers"
    return f"{whole(score.customers)} customers{per_period(scored.journey.period)}"


def hurt(scored: ScoredJourney, s: TouchpointScore) -> str:
    """'≈ 2,760 customers a month hurt here: 30 % of 9,200'; the share alone when the journey has no volume."""
    return _customers(scored, s, s.severity, s.at_stake, "hurt")


def delighted(scored: ScoredJourney, s: TouchpointScore) -> str:
    """'≈ 2,850 customers a month delighted here: 92 % of 3,100'; the share alone without volume."""
    return _customers(scored, s, s.delight, s.delighted, "delighted")


def _customers(scored: ScoredJourney, s: TouchpointScore, share: float | None, count: float | None, how: str) -> str:
    if share is None:
        return "no data yet"
    if count is None or s.volume is None:
        return f"{percent(share)} of customers {how} here"
    return f"≈ {about(count)} customers{per_period(scored.journey.period)} {how} here: {percent(share)} of {_volume(s)}"


def _volume(s: TouchpointScore) -> str:
    if s.volume is None:
        return "?"
    if s.volume_imputed:
        return f"≈ {whole(s.volume)} (volume not known: the median of its stage or journey)"
    return whole(s.volume)


def drivers(scored: ScoredJourney, s: TouchpointScore, limit: int = 3) -> list[str]:
    """The customers at stake (or delighted), then the two or three signals behind them, in plain words."""
    tp = scored.touchpoint[s.id]
    if s.cls == "pain":
        head = [] if s.severity is None else [hurt(scored, s)]  # a declared pain without data says so below
        return [*head, *_pain_reasons(scored, tp, s)[:limit]]
    if s.cls == "truth":
        head = [] if s.delight is None else [delighted(scored, s)]
        return [*head, *_truth_reasons(tp, s)[:limit]]
    return []


def _pain_reasons(scored: ScoredJourney, tp: Touchpoint, s: TouchpointScore) -> list[str]:
    words = []
    if s.data_class != "pain":
        words.append(
            "declared a pain point" + (" (no data yet: ranked after the scored ones)" if s.severity is None else "")
        )
    elif s.severity is not None and s.severity < scored.settings.pain_severity and s.at_stake is not None:
        customers = scored.score.customers
        if customers:
            words.append(f"{percent(s.at_stake / customers)} of the journey's customers at stake")
    words += _signals(scored, tp, s)
    if s.importance > 1:
        words.append(f"customers care a lot here (importance {4 * s.importance - 1:g} of 5)")
    elif s.importance < 1:
        words.append(f"customers care little here (importance {4 * s.importance - 1:g} of 5)")
    return words


def _signals(scored: ScoredJourney, tp: Touchpoint, s: TouchpointScore) -> list[str]:
    """The signals that raise σ, strongest first: drop-off, complaints, and q, the strongest perception signal."""
    f = s.factors
    found = []
    if f.drop_off:
        found.append((f.drop_off, 0, f"{percent(f.drop_off)} drop off here"))
    if f.complaints:
        found.append((f.complaints, 1, f"{percent(f.complaints)} complain"))
    q, name = perception(f, scored.settings.signals)
    if q and name is not None:
        found.append((q, 2, _perception_words(name, getattr(f, name), tp, s)))
    found.sort(key=lambda item: (-item[0], item[1]))
    # A signal that hurts fewer than one in twenty explains nothing ("0.4 % complain"); the strongest is always said.
    return [text for i, (value, _, text) in enumerate(found) if i == 0 or value >= WORTH_SAYING]


def _perception_words(name: str, value: float, tp: Touchpoint, s: TouchpointScore) -> str:
    v = _values(tp, s)
    if name == "negativity":
        return f"{'very negative' if value >= MOST_HURT else 'negative'} emotion ({v.emotion:+g})"
    if name == "gap":
        return f"experience below expectation (expected {v.expectation:g}, got {v.experience:g})"
    if name == "csat":
        return f"poor CSAT ({v.csat:g} of 5)"
    if name == "nps":
        return f"negative NPS ({v.nps:+g})"
    return f"high effort (CES {v.ces:g} of 7)"


def _values(tp: Touchpoint, s: TouchpointScore) -> TouchpointInputs:
    """The values the score used: the persona's under --persona, else the touchpoint's own."""
    return s.values if s.values is not None else touchpoint_inputs(tp)


def _truth_reasons(tp: Touchpoint, s: TouchpointScore) -> list[str]:
    words = []
    if s.recovers is not None:
        words.append(f"a service recovery of {s.recovers}")
    elif s.data_class != "truth":
        kind = "delight" if tp.moment == "delight" else "moment of truth"
        words.append(f"declared a {kind}" + (" (no data yet)" if s.delight is None else ""))
    f = s.factors
    if f.positivity:
        strength = "very positive" if f.positivity >= MOST_HURT else "positive"
        words.append(f"{strength} emotion ({_values(tp, s).emotion:+g})")
    if f.surplus:
        v = _values(tp, s)
        words.append(f"experience beats expectation (expected {v.expectation:g}, got {v.experience:g})")
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


def counts(scored: ScoredJourney) -> str:
    """'16 touchpoints: 6 pain points, 3 moments of truth, 7 neutral'."""
    shown = scored.shown
    pain = sum(1 for s in shown if s.cls == "pain")
    truth = sum(1 for s in shown if s.cls == "truth")
    return (
        f"{plural(len(shown), 'touchpoint')}: {plural(pain, 'pain point')},"
        f" {plural(truth, 'moment of truth', 'moments of truth')}, {len(shown) - pain - truth} neutral"
    )


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 pain point', '2 pain points'."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def persona_note(scored: ScoredJourney) -> str | None:
    """What a persona view's figures are (SPEC §4.2 item 8), or None without --persona."""
    if scored.persona is None:
        return None
    shown, total = len(scored.shown), len(scored.journey.touchpoints)
    head = f"Persona {scored.persona}: {shown} of {total} touchpoints"
    if scored.score.whole_journey:
        return head + "; the figures are whole-journey (the file has no figures per persona)."
    if not scored.score.persona_volumes:
        return head + "; the persona's own values, with the touchpoints' whole volumes (no persona share given)."
    return head + "; the persona's own values and volumes."


def kpi_words(kpi: Kpi) -> str:
    """`Cancelled within 14 days (churn-14d): 4.7 % (target 2.5 %, lower is better)`: a KPI, reported, never scored."""
    unit = f" {kpi.unit}" if kpi.unit else ""
    value = "no value" if kpi.value is None else f"{kpi.value:g}{unit}"
    extra = []
    if kpi.target is not None:
        extra.append(f"target {kpi.target:g}{unit}")
    if kpi.direction is not None:
        extra.append("higher is better" if kpi.direction == "up" else "lower is better")
    return f"{label(kpi.name, kpi.id)}: {value}" + (f" ({', '.join(extra)})" if extra else "")
