"""CJM103, CJM106, CJM108, CJM113: owners and personas, the people a journey is about."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cjm.model import Need
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


@rule("CJM116", "need-unaddressed", "info")
def need_unaddressed(ctx: RuleContext) -> Iterator[Issue]:
    """A persona need with an id that no touchpoint meets or fails (format 1.1).

    Why: Needs are why a persona takes the journey; the method traces each one to the
    touchpoints where it is met or failed, so a team sees where the journey serves
    the person and where it lets them down. A need with an id that no touchpoint names
    in `needs_met` or `needs_unmet` was written down and then never traced: either the
    journey does not touch it (a gap worth a workshop question) or the map forgot it.

    Fails:
        personas:
          - id: senior
            needs:
              emotional: [{id: not-stupid, text: Not to feel stupid}]
        touchpoints:
          - {id: install-guide, stage: install}

    Passes:
        personas:
          - id: senior
            needs:
              emotional: [{id: not-stupid, text: Not to feel stupid}]
        touchpoints:
          - {id: install-guide, stage: install, needs_unmet: [not-stupid]}

    Fix: Name the need in `needs_met` of the touchpoints that serve it and in
    `needs_unmet` of those that fail it; if no touchpoint touches it, say so in an
    insight or an opportunity.
    """
    traced: set[str] = set()
    for tp in ctx.journey.touchpoints:
        traced.update(tp.needs_met)
        traced.update(tp.needs_unmet)
    for i, persona in enumerate(ctx.journey.personas):
        for group in ("functional", "emotional"):
            for j, need in enumerate(getattr(persona.needs, group)):
                if isinstance(need, Need) and need.id not in traced:
                    yield Issue(
                        ("personas", i, "needs", group, j),
                        f"need '{need.id}' of persona '{persona.id}' is met or failed at no touchpoint "
                        "(needs_met, needs_unmet)",
                        persona.id,
                    )
