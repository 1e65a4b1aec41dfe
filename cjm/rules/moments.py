"""CJM104, CJM109: key moments, judged by scoring model v2 of `cjm score` (cjm/scoring.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cjm.numbers import percent
from cjm.rules.registry import Issue, rule

if TYPE_CHECKING:
    from cjm.rules.context import RuleContext
    from cjm.scoring import TouchpointScore


def _hurt(score: TouchpointScore | None) -> str:
    """'31 % hurt', or 'no data' for an unscored touchpoint."""
    if score is None or score.severity is None:
        return "no data"
    return f"{percent(score.severity)} hurt"


@rule("CJM104", "pain-without-action", "warning", needs_scores=True)
def pain_without_action(ctx: RuleContext) -> Iterator[Issue]:
    """A pain point (declared or scored) is addressed by no action that is not `dropped`.

    Why: Pain points are the key moments where customers are disappointed, object or
    drop off. The method turns every insight into an action with an owner, one key
    moment at a time; a pain point no action addresses is an insight on its way into
    a drawer. A pain point is what `cjm score` ranks under fix first (scoring model v2):
    a touchpoint where at least one customer in five is hurt (`pain_severity`), or where
    the customers at stake are a tenth of the journey's (`pain_share`), or one declared
    `moment: pain` that the data do not clearly contradict. Dropped actions do not count.

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
        if score is None or score.cls != "pain" or tp.id in addressed:
            continue
        how = "declared pain point" if tp.moment == "pain" else "pain point"
        only = "only dropped actions address it" if tp.id in dropped else "no action addresses it"
        yield Issue(("touchpoints", i), f"{how} '{tp.id}' ({_hurt(score)}): {only}", tp.id)


@rule("CJM109", "moment-contradicts-data", "warning", needs_scores=True)
def moment_contradicts_data(ctx: RuleContext) -> Iterator[Issue]:
    """A declared `moment` contradicts the data (scoring model v2): declared `pain` with
    σ < ½ · `pain_severity` and no pain by at stake, or declared `truth`/`delight` on a pain point.

    Why: Key moments are where the journey is won or lost, so the map must get them
    right, and a journey map is a living document. A pain point the team fixed last
    year must not stay red: when fewer than half as many customers are hurt as make a
    pain point (σ below ½ · `pain_severity`, 10 % by default) and the customers at
    stake are no tenth of the journey's, the data decide its class. A declared moment
    of truth (`truth`, `delight`) where the data make a pain point is ranked as a pain
    point: a moment of truth never hides a pain. Either way the workshop's impression
    and the data disagree, and one of them needs a second look.

    Fails:
        touchpoints:
          - {id: delivery, stage: order, moment: delight, emotion: -2,
             expectation: 5, experience: 1}

    Passes:
        touchpoints:
          - {id: delivery, stage: order, moment: delight, emotion: 2,
             expectation: 3, experience: 5}

    Fix: Check the evidence. If the data are right, change or remove `moment`; if the
    declaration is right, correct the emotion, expectation, experience or metrics.
    """
    scores = ctx.scores.by_id
    for i, tp in enumerate(ctx.journey.touchpoints):
        score = scores.get(tp.id) if tp.moment else None
        if score is None or not score.contradicted:
            continue
        if tp.moment == "pain":
            message = (
                f"touchpoint '{tp.id}' is declared 'pain' but the data contradict it: {_hurt(score)}, below half"
                f" the pain severity ({percent(ctx.config.score.pain_severity / 2)}), and not a pain point by customers"
                f" at stake;"
                f" scored {score.data_class}"
            )
        else:
            message = (
                f"touchpoint '{tp.id}' is declared '{tp.moment}' but the data make it a pain point ({_hurt(score)})"
            )
        yield Issue(("touchpoints", i), message, tp.id)


@rule("CJM117", "recovery-without-pain", "info", needs_scores=True)
def recovery_without_pain(ctx: RuleContext) -> Iterator[Issue]:
    """`recovers` names a touchpoint that is not a pain point (format 1.1).

    Why: A service recovery turns a failure around: the call that fixes a failed
    activation can make a customer more loyal than one who never had a problem. It is
    scored as a moment of truth and follows its failure in the key moments. When the
    touchpoint it recovers is not a pain point, either the failure was fixed (and the
    recovery may be a cost to cut) or the map lacks the data that show the failure.

    Fails:
        touchpoints:
          - {id: activation, stage: install, emotion: 1, metrics: {volume: 9000, drop_off: 0.01}}
          - {id: support-call, stage: install, recovers: activation}

    Passes:
        touchpoints:
          - {id: activation, stage: install, emotion: -2, metrics: {volume: 9000, drop_off: 0.3}}
          - {id: support-call, stage: install, recovers: activation}

    Fix: Add the data that show the failure at the recovered touchpoint (drop-off,
    complaints, emotion), or, if it no longer fails, ask whether the recovery is still
    needed and remove `recovers`.
    """
    scores = ctx.scores.by_id
    for i, tp in enumerate(ctx.journey.touchpoints):
        if tp.recovers is None:
            continue
        failure = scores.get(tp.recovers)
        if failure is not None and failure.cls != "pain":
            yield Issue(
                ("touchpoints", i, "recovers"),
                f"touchpoint '{tp.id}' recovers '{tp.recovers}', which is not a pain point ({_hurt(failure)})",
                tp.id,
            )
