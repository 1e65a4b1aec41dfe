"""CJM104, CJM109: key moments, judged by the scoring model of `cjm score` (cjm/score.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cjm.numbers import one_decimal
from cjm.rules.registry import Issue, rule

if TYPE_CHECKING:
    from cjm.rules.context import RuleContext


def _shown(value: float | None) -> str:
    return one_decimal(value, "unscored")


@rule("CJM104", "pain-without-action", "warning", needs_scores=True)
def pain_without_action(ctx: RuleContext) -> Iterator[Issue]:
    """A pain point (declared or scored) is addressed by no action that is not `dropped`.

    Why: Pain points are the key moments where customers are disappointed, object or
    drop off. The method turns every insight into an action with an owner, one key
    moment at a time; a pain point no action addresses is an insight on its way into
    a drawer. A pain point is a touchpoint declared `moment: pain`, or one whose pain
    score reaches `pain_threshold` (see `cjm score`). Dropped actions do not count.

    Fails:
        touchpoints:
          - {id: install-guide, stage: install, moment: pain}
        actions:
          - {id: video, status: dropped, addresses: [install-guide]}

    Passes:
        touchpoints:
          - {id: install-guide, stage: install, moment: pain}
        actions:
          - {id: video, status: planned, owner: Support, due: 2026-12-15,
             addresses: [install-guide]}

    Fix: Add an action under `actions` whose `addresses` lists the touchpoint (an
    `idea` is a start), or pick up the dropped one again.
    """
    scores = ctx.scores.by_id
    addressed: set[str] = set()
    dropped: set[str] = set()
    for action in ctx.journey.actions:
        (dropped if action.status == "dropped" else addressed).update(action.addresses)
    for i, tp in enumerate(ctx.journey.touchpoints):
        score = scores.get(tp.id)
        is_pain = tp.moment == "pain" or (score is not None and score.cls == "pain")
        if not is_pain or tp.id in addressed:
            continue
        how = "declared pain point" if tp.moment == "pain" else "pain point"
        pain = _shown(score.pain if score is not None else None)
        only = "only dropped actions address it" if tp.id in dropped else "no action addresses it"
        yield Issue(("touchpoints", i), f"{how} '{tp.id}' (pain {pain}): {only}", tp.id)


@rule("CJM109", "moment-contradicts-data", "warning", needs_scores=True)
def moment_contradicts_data(ctx: RuleContext) -> Iterator[Issue]:
    """A declared `moment` contradicts the scores: `truth` or `delight` with P at or above the
    pain threshold, or `pain` with P below it and M at or above the truth threshold.

    Why: Key moments are where the journey is won or lost, so the map must get them
    right. A declared moment of truth (`truth`, `delight`) whose pain score P reaches
    the pain threshold, or a declared `pain` where P stays below the threshold while
    the truth score M reaches the truth threshold, means the workshop's impression
    and the data disagree. Data outranks the declaration in the scores, and one of
    the two needs a second look: the declaration, or the data behind it.

    Fails:
        touchpoints:
          - {id: delivery, stage: order, moment: delight, emotion: -2,
             expectation: 5, experience: 1}

    Passes:
        touchpoints:
          - {id: delivery, stage: order, moment: delight, emotion: 2,
             expectation: 3, experience: 5}

    Fix: Check the evidence. If the data is right, change or remove `moment`; if the
    declaration is right, correct the emotion, expectation, experience or metrics.
    """
    settings = ctx.config.score
    scores = ctx.scores.by_id
    for i, tp in enumerate(ctx.journey.touchpoints):
        score = scores.get(tp.id) if tp.moment else None
        if score is None:
            continue
        pain = score.pain if score.pain is not None else 0.0
        if tp.moment in ("truth", "delight") and pain >= settings.pain_threshold:
            yield Issue(
                ("touchpoints", i),
                f"touchpoint '{tp.id}' is declared '{tp.moment}' but its pain score {_shown(score.pain)} "
                f"reaches the pain threshold {settings.pain_threshold:g}",
                tp.id,
            )
        elif tp.moment == "pain" and pain < settings.pain_threshold and score.truth >= settings.truth_threshold:
            yield Issue(
                ("touchpoints", i),
                f"touchpoint '{tp.id}' is declared 'pain' but its pain score {_shown(score.pain)} is below "
                f"{settings.pain_threshold:g} and its truth score {one_decimal(score.truth)} reaches "
                f"{settings.truth_threshold:g}",
                tp.id,
            )
