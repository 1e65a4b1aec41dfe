"""CJM103, CJM106, CJM108, CJM113: owners and personas, the people a journey is about."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cjm.rules.registry import Issue, rule

if TYPE_CHECKING:
    from cjm.rules.context import RuleContext


@rule("CJM103", "no-owner", "warning")
def no_owner(ctx: RuleContext) -> Iterator[Issue]:
    """A touchpoint has no owner.

    Why: Touchpoints are where customer and company meet, and each belongs to a
    department or team: sales, marketing, customer service, finance. Journeys cut
    across these silos; a touchpoint nobody owns is one nobody improves, and the
    insights about it end up in a drawer.

    Fails:
        touchpoints:
          - {id: invoice, stage: pay, name: First invoice}

    Passes:
        touchpoints:
          - {id: invoice, stage: pay, name: First invoice, owner: Finance}

    Fix: Name the department or team responsible for the touchpoint in `owner`.
    """
    for i, tp in enumerate(ctx.journey.touchpoints):
        if not tp.owner:
            yield Issue(("touchpoints", i), f"touchpoint '{tp.id}' has no owner", tp.id)


@rule("CJM106", "emotional-needs-missing", "warning")
def emotional_needs_missing(ctx: RuleContext) -> Iterator[Issue]:
    """A persona lists no emotional needs.

    Why: Personas carry both functional needs (what must work) and emotional needs
    (how the customer wants to feel: safe, competent, taken seriously). Moments of
    truth and most pain points are emotional; a persona with functional needs only
    turns the map into a process chart and hides why customers stay or leave.

    Fails:
        personas:
          - id: family
            needs: {functional: [Fast installation]}

    Passes:
        personas:
          - id: family
            needs:
              functional: [Fast installation]
              emotional: [Confidence that it works]

    Fix: Add what the persona wants to feel under `needs.emotional`; interviews and
    the "why did you stop / why do you speak badly of us" answers are good sources.
    """
    for i, persona in enumerate(ctx.journey.personas):
        if not persona.needs.emotional:
            yield Issue(("personas", i), f"persona '{persona.id}' lists no emotional needs", persona.id)


@rule("CJM108", "no-persona", "warning")
def no_persona(ctx: RuleContext) -> Iterator[Issue]:
    """The journey has no personas.

    Why: A journey is always somebody's journey. Personas with functional and
    emotional needs keep the workshop honest about whose experience is mapped, and
    let `cjm render --persona` and `cjm score --persona` show one customer's view.

    Fails:
        cjm: 1
        id: broadband
        title: Broadband self-install
        stages: [...]

    Passes:
        cjm: 1
        id: broadband
        title: Broadband self-install
        personas:
          - id: family
            name: Busy family
            needs: {functional: [Fast installation], emotional: [Confidence]}
        stages: [...]

    Fix: Add at least one persona under `personas`, with its goals and its
    functional and emotional needs.
    """
    if not ctx.journey.personas:
        yield Issue((), "the journey has no personas: whose journey is this?")


@rule("CJM113", "persona-unused", "info")
def persona_unused(ctx: RuleContext) -> Iterator[Issue]:
    """A persona no touchpoint serves.

    Why: Personas are there to be followed through the journey. A touchpoint serves
    the personas it lists, or all of them when it lists none; a persona that no
    touchpoint serves has no journey on this map, so its needs are never checked
    against what the company delivers. Often it is a leftover from an earlier workshop.

    Fails:
        personas: [{id: family}, {id: student}]
        touchpoints:
          - {id: tv-ad, stage: aware, personas: [family]}

    Passes:
        personas: [{id: family}, {id: student}]
        touchpoints:
          - {id: tv-ad, stage: aware, personas: [family]}
          - {id: campus-stand, stage: aware, personas: [student]}

    Fix: List the persona on the touchpoints it meets, or remove it from this
    journey (keep it in the journey where it belongs).
    """
    served: set[str] = set()
    for tp in ctx.journey.touchpoints:
        if not tp.personas:
            return  # a touchpoint listing no personas serves every persona
        served.update(tp.personas)
    for i, persona in enumerate(ctx.journey.personas):
        if persona.id not in served:
            yield Issue(("personas", i), f"persona '{persona.id}' is served by no touchpoint", persona.id)
