"""Ids and references of a validated journey: CJM004 duplicate ids, CJM005 unknown references."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from cjm.model import Journey
from cjm.source import Loc, format_loc

KINDS = ("personas", "stages", "touchpoints", "opportunities", "actions", "insights")
# Items of a kind left out of a partial journey, as (index in the file, id).
Dropped = Mapping[str, Sequence[tuple[int, str]]]


@dataclass(frozen=True)
class Problem:
    """A problem found in a validated journey, located by its field path."""

    code: str
    loc: Loc
    message: str
    item_id: str | None = None


def _same(loc: Loc) -> Loc:
    return loc


def check_integrity(
    journey: Journey, *, file_loc: Callable[[Loc], Loc] = _same, dropped: Dropped | None = None
) -> Iterator[Problem]:
    """Yield CJM004 for repeated ids within a kind and CJM005 for references to nothing.

    For a partial journey (lint after schema errors, cjm/partial.py), `file_loc` maps its
    field paths to the file's, and `dropped` names the items it left out: their ids are
    still taken (a later item repeating one is CJM004) and known (a reference to one is fine).
    """
    dropped = dropped or {}
    for kind in KINDS:
        yield from _duplicates(kind, _ids(journey, kind, file_loc, dropped))
    known = {kind: {item_id for _, item_id in _ids(journey, kind, file_loc, dropped)} for kind in KINDS}
    for i, tp in enumerate(journey.touchpoints):
        if tp.stage not in known["stages"]:
            loc = file_loc(("touchpoints", i, "stage"))
            yield Problem("CJM005", loc, _unknown(loc, "stage", tp.stage, known["stages"]), tp.id)
        at = ("touchpoints", i)
        yield from _refs(tp.personas or (), known["personas"], (*at, "personas"), "persona", tp.id, file_loc)
        yield from _refs(tp.next or (), known["touchpoints"], (*at, "next"), "touchpoint", tp.id, file_loc)
    for kind, field in (
        ("opportunities", "touchpoints"),
        ("actions", "addresses"),
        ("insights", "touchpoints"),
    ):
        for i, item in enumerate(getattr(journey, kind)):
            refs = getattr(item, field)
            yield from _refs(refs, known["touchpoints"], (kind, i, field), "touchpoint", item.id, file_loc)


def _ids(journey: Journey, kind: str, file_loc: Callable[[Loc], Loc], dropped: Dropped) -> list[tuple[int, str]]:
    """(index in the file, id) of the items of a kind that have an id, dropped ones too, in file order."""
    ids: list[tuple[int, str]] = list(dropped.get(kind, ()))
    for i, item in enumerate(getattr(journey, kind)):
        if item.id is not None:
            index = file_loc((kind, i))[1]
            assert isinstance(index, int)
            ids.append((index, item.id))
    return sorted(ids)


def _duplicates(kind: str, ids: list[tuple[int, str]]) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, item_id in ids:
        if item_id in first:
            singular = kind[:-1] if kind != "opportunities" else "opportunity"
            loc = (kind, index, "id")
            message = f"{format_loc(loc)}: {singular} id '{item_id}' is used twice (first by {kind}[{first[item_id]}])"
            yield Problem("CJM004", loc, message, item_id)
        first.setdefault(item_id, index)


def _refs(
    refs: Sequence[str],
    known: set[str],
    loc: Loc,
    what: str,
    item_id: str | None,
    file_loc: Callable[[Loc], Loc] = _same,
) -> Iterator[Problem]:
    for j, ref in enumerate(refs):
        if ref not in known:
            at = file_loc((*loc, j))
            yield Problem("CJM005", at, _unknown(at, what, ref, known), item_id)


def _unknown(loc: Loc, what: str, ref: str, known: set[str]) -> str:
    """`touchpoints[1].stage: no stage has the id 'kjope'; did you mean 'kjop'?`"""
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{format_loc(loc)}: no {what} has the id '{ref}'{hint}"
