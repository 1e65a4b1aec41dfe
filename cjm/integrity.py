"""Ids and references of a validated journey: CJM004 duplicate ids, CJM005 unknown references."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cjm.model import Journey
from cjm.source import Loc, format_loc

_KINDS = ("personas", "stages", "touchpoints", "opportunities", "actions", "insights")


@dataclass(frozen=True)
class Problem:
    """A problem found in a validated journey, located by its field path."""

    code: str
    loc: Loc
    message: str
    item_id: str | None = None


def check_integrity(journey: Journey) -> Iterator[Problem]:
    """Yield CJM004 for repeated ids within a kind and CJM005 for references to nothing."""
    for kind in _KINDS:
        first: dict[str, int] = {}
        for i, item in enumerate(getattr(journey, kind)):
            item_id = item.id
            if item_id is None:
                continue
            if item_id in first:
                singular = kind[:-1] if kind != "opportunities" else "opportunity"
                loc = (kind, i, "id")
                message = (
                    f"{format_loc(loc)}: {singular} id '{item_id}' is used twice (first by {kind}[{first[item_id]}])"
                )
                yield Problem("CJM004", loc, message, item_id)
            first.setdefault(item_id, i)
    stages = {stage.id for stage in journey.stages}
    personas = {persona.id for persona in journey.personas}
    touchpoints = {tp.id for tp in journey.touchpoints}
    for i, tp in enumerate(journey.touchpoints):
        if tp.stage not in stages:
            loc = ("touchpoints", i, "stage")
            yield Problem("CJM005", loc, _unknown(loc, "stage", tp.stage, stages), tp.id)
        yield from _refs(tp.personas or (), personas, ("touchpoints", i, "personas"), "persona", tp.id)
        yield from _refs(tp.next or (), touchpoints, ("touchpoints", i, "next"), "touchpoint", tp.id)
    for kind, field in (
        ("opportunities", "touchpoints"),
        ("actions", "addresses"),
        ("insights", "touchpoints"),
    ):
        for i, item in enumerate(getattr(journey, kind)):
            yield from _refs(getattr(item, field), touchpoints, (kind, i, field), "touchpoint", item.id)


def _refs(refs: Sequence[str], known: set[str], loc: Loc, what: str, item_id: str | None) -> Iterator[Problem]:
    for j, ref in enumerate(refs):
        if ref not in known:
            yield Problem("CJM005", (*loc, j), _unknown((*loc, j), what, ref, known), item_id)


def _unknown(loc: Loc, what: str, ref: str, known: set[str]) -> str:
    """`touchpoints[1].stage: no stage has the id 'kjope'; did you mean 'kjop'?`"""
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{format_loc(loc)}: no {what} has the id '{ref}'{hint}"
