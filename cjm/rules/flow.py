"""CJM111, CJM112: the customer can walk the journey from an entry point to its end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cjm.rules.registry import Issue, rule

if TYPE_CHECKING:
    from cjm.rules.context import RuleContext


@rule("CJM111", "dead-end", "warning")
def dead_end(ctx: RuleContext) -> Iterator[Issue]:
    """A touchpoint outside the last stage leads nowhere (`next: []`).

    Why: Journeys cut across silos, and the customer falls between two chairs where
    one department's part ends and nobody picks up the next. `next: []` says the
    journey ends here on purpose; before the last stage that is a customer left
    alone halfway, which is where many of them drop off.

    Fails:
        stages: [{id: order}, {id: install}]
        touchpoints:
          - {id: web-shop, stage: order, next: []}
          - {id: install-guide, stage: install}

    Passes:
        stages: [{id: order}, {id: install}]
        touchpoints:
          - {id: web-shop, stage: order, next: [install-guide]}
          - {id: install-guide, stage: install, next: []}

    Fix: Say where the customer goes next (`next: [id, ...]`), or remove `next: []`
    to keep the default successor in journey order. If customers really leave here
    (a cancelled order), keep it and suppress the finding on that touchpoint.
    """
    last_stage = ctx.journey.stages[-1].id
    for i, tp in enumerate(ctx.journey.touchpoints):
        if tp.next is not None and not tp.next and tp.stage != last_stage:
            yield Issue(
                ("touchpoints", i),
                f"touchpoint '{tp.id}' leads nowhere (next: []) before the last stage '{last_stage}'",
                tp.id,
            )


@rule("CJM112", "unreachable", "warning")
def unreachable(ctx: RuleContext) -> Iterator[Issue]:
    """A touchpoint that no path from an entry point reaches (checked when some touchpoint declares `next`).

    Why: A journey is the path customers actually walk. When the map declares its
    flow with `next`, a touchpoint no path leads to is either a forgotten link (the
    customer cannot get there, so the touchpoint is wasted effort) or a missing
    entry point (customers do start there, and the map hides how).

    Fails:
        stages: [{id: order}, {id: support}]
        touchpoints:
          - {id: web-shop, stage: order, next: []}
          - {id: chat, stage: support}

    Passes:
        stages: [{id: order}, {id: support}]
        touchpoints:
          - {id: web-shop, stage: order, next: [chat]}
          - {id: chat, stage: support}

    Fix: Add the touchpoint to the `next` of the touchpoint customers come from, or
    mark it `entry: true` if customers can start the journey there.
    """
    index = ctx.index
    if not index.has_explicit_flow():
        return
    reached = index.reachable()
    for i, tp in enumerate(ctx.journey.touchpoints):
        if tp.id not in reached:
            yield Issue(
                ("touchpoints", i),
                f"touchpoint '{tp.id}' is reached by no path from an entry point",
                tp.id,
            )
