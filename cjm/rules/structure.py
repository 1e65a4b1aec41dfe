"""CJM101, CJM102: the journey runs end to end, with no empty stage in the chain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cjm.model import PHASES
from cjm.rules.registry import Issue, rule

if TYPE_CHECKING:
    from cjm.rules.context import RuleContext


@rule("CJM101", "phase-missing", "warning")
def phase_missing(ctx: RuleContext) -> Iterator[Issue]:
    """The journey does not cover all of before, during and after the purchase.

    Why: The method maps a journey end to end: before the purchase (awareness,
    research), during it (buying, delivery, setup) and after it (use, support,
    renewal or leaving). A map that stops at the checkout misses where customers
    are won back or lost for good, and health judged by the weakest link cannot see
    a link that was never drawn. Each stage's `phase` says which part it covers.

    Fails:
        stages:
          - {id: aware, name: Awareness, phase: before}
          - {id: order, name: Order, phase: during}

    Passes:
        stages:
          - {id: aware, name: Awareness, phase: before}
          - {id: order, name: Order, phase: during}
          - {id: use, name: Use, phase: after}

    Fix: Add the stages of the missing phase (even with rough touchpoints from a
    workshop), or set `phase` on the stages that already cover it. A journey that is
    partial on purpose can say so with `# cjm: ignore[CJM101]` on its `cjm:` line.
    """
    covered = {stage.phase for stage in ctx.journey.stages}
    missing = [phase for phase in PHASES if phase not in covered]
    if missing:
        names = " and ".join(missing)
        yield Issue((), f"no stage covers the phase {names}: a journey runs before, during and after the purchase")


@rule("CJM102", "empty-stage", "warning")
def empty_stage(ctx: RuleContext) -> Iterator[Issue]:
    """A stage has no touchpoints: a broken link in the chain.

    Why: One broken stage breaks the whole journey, like a power line with one
    missing mast. A stage without touchpoints says the customer passes through it
    without meeting the company, which is rarely true; more often nobody has mapped
    it yet, and the scores cannot judge a stage with nothing in it.

    Fails:
        stages:
          - {id: order, name: Order}
          - {id: install, name: Installation}
        touchpoints:
          - {id: web-shop, stage: order}

    Passes:
        stages:
          - {id: order, name: Order}
          - {id: install, name: Installation}
        touchpoints:
          - {id: web-shop, stage: order}
          - {id: install-guide, stage: install}

    Fix: Map the touchpoints of the stage (who does the customer meet, on which
    channel?), or remove the stage if the journey really skips it.
    """
    by_stage = ctx.index.by_stage
    for i, stage in enumerate(ctx.journey.stages):
        if not by_stage.get(stage.id):
            yield Issue(("stages", i), f"stage '{stage.id}' has no touchpoints", stage.id)
