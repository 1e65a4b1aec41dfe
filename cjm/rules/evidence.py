"""CJM107, CJM114: the map is data-driven, with evidence behind its values and metrics for its scores."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from cjm.model import Touchpoint
from cjm.rules.registry import Issue, rule
from cjm.scoring import confidence, touchpoint_inputs

if TYPE_CHECKING:
    from cjm.rules.context import RuleContext


def _most(lacking: Sequence[Touchpoint], of: int) -> bool:
    """True when more than half of `of` touchpoints lack something: one journey-level finding then."""
    return 2 * len(lacking) > of


def _some_ids(touchpoints: Sequence[Touchpoint], shown: int = 3) -> str:
    ids = ", ".join(f"'{tp.id}'" for tp in touchpoints[:shown])
    return ids + (", ..." if len(touchpoints) > shown else "")


@rule("CJM107", "no-evidence", "info")
def no_evidence(ctx: RuleContext) -> Iterator[Issue]:
    """A touchpoint has emotion or experience values but no evidence or quotes
    (one journey-level finding instead when more than half of them lack it).

    Why: Insight must be data-driven: qualitative evidence (interviews, quotes) and
    quantitative evidence (surveys, CRM, web analytics). An emotion curve drawn from
    the workshop's gut feeling looks as convincing on the handout as one measured on
    812 customers, and the scores treat both alike. Evidence lets the next reader
    tell them apart. When more than half of the rated touchpoints lack evidence,
    one journey-level finding replaces the per-touchpoint ones.

    Fails:
        touchpoints:
          - {id: install-guide, stage: install, emotion: -2, experience: 2}

    Passes:
        touchpoints:
          - id: install-guide
            stage: install
            emotion: -2
            experience: 2
            quotes: ["I gave up after page three"]
            evidence:
              - {source: interviews-2026-09, kind: qualitative}

    Fix: Add the source under `evidence` (survey, interview round, CRM export,
    analytics) or a verbatim customer quote under `quotes`.
    """
    rated = [tp for tp in ctx.journey.touchpoints if tp.emotion is not None or tp.experience is not None]
    lacking = [tp for tp in rated if not tp.evidence and not tp.quotes]
    yield from _each_or_journey(
        ctx,
        lacking,
        len(rated),
        "touchpoints with emotion or experience values have no evidence or quotes",
        lambda tp: f"touchpoint '{tp.id}' has emotion or experience values but no evidence or quotes",
    )


@rule("CJM114", "missing-metrics", "info")
def missing_metrics(ctx: RuleContext) -> Iterator[Issue]:
    """A touchpoint's score is low-confidence: it lacks volume, or both drop-off and complaints,
    or every perception signal (emotion, expectation gap, survey); one journey-level finding
    instead when more than half of the touchpoints lack them.

    Why: You cannot fix everything at once, so the method prioritises where volume is
    high, where customers meet frustration or objections, and where many drop off.
    `cjm score` counts the customers at stake: without a volume it borrows the stage's
    median, without drop-off or complaints it cannot see customers lost, and without
    emotion, gap or a survey it cannot see how the rest feel. Such a score is
    confidence `low`, and the ranking of key moments rests on opinion. When more than
    half of the touchpoints lack them, one journey-level finding replaces the
    per-touchpoint ones.

    Fails:
        touchpoints:
          - {id: web-shop, stage: order, emotion: -1}

    Passes:
        touchpoints:
          - id: web-shop
            stage: order
            emotion: -1
            metrics: {volume: 4200, drop_off: 0.18}

    Fix: Add `metrics.volume` (customers per period) and `metrics.drop_off` (share
    abandoning here, 0..1) or `metrics.complaints` from web analytics or the CRM, and an
    emotion, expectation and experience, or a survey score (CSAT, NPS, CES); or keep the
    metrics in a CSV and pass it with `--metrics FILE.csv`.
    """
    touchpoints = ctx.journey.touchpoints
    missing = {tp.id: confidence(touchpoint_inputs(tp)) for tp in touchpoints}
    lacking = [tp for tp in touchpoints if missing[tp.id][0] == "low"]

    def each(tp: Touchpoint) -> str:
        return f"touchpoint '{tp.id}' has no {_lacks(missing[tp.id][1])}, so its score is low-confidence"

    yield from _each_or_journey(
        ctx,
        lacking,
        len(touchpoints),
        "touchpoints lack volume, drop-off or complaints, or emotion, gap or survey,"
        " so their scores are low-confidence",
        each,
    )


def _lacks(missing: Sequence[str]) -> str:
    """'volume and no drop_off or complaints': what a low-confidence touchpoint lacks, by requirement."""
    parts = []
    if "volume" in missing:
        parts.append("volume")
    if "drop_off" in missing:
        parts.append("drop_off or complaints")
    if "emotion" in missing:
        parts.append("emotion, expectation gap or survey score")
    return " and no ".join(parts)


def _each_or_journey(
    ctx: RuleContext, lacking: list[Touchpoint], total: int, summary: str, each: Callable[[Touchpoint], str]
) -> Iterator[Issue]:
    """One finding per touchpoint, or a single journey-level one when more than half of `total` lack it."""
    if not lacking:
        return
    if _most(lacking, total):
        yield Issue((), f"{len(lacking)} of {total} {summary} ({_some_ids(lacking)})")
        return
    at = ctx.index.touchpoint_at
    for tp in lacking:
        yield Issue(("touchpoints", at[tp.id]), each(tp), tp.id)
