"""Ids and references of a validated journey: CJM004 duplicate ids, CJM005 unknown references."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass

from cjm.model import METRIC_KEYS, Journey, PersonaValues, Touchpoint
from cjm.source import Loc, format_loc

KINDS = ("personas", "stages", "touchpoints", "opportunities", "actions", "insights", "kpis")
SHARE_TOLERANCE = 1e-9  # persona shares add up to at most 1 (+ this, for decimal fractions such as 0.1 + 0.2)
# A KPI id may not be a name the touchpoint's metrics or by_persona values already use.
RESERVED_KPI_IDS = frozenset(METRIC_KEYS) | frozenset(Touchpoint.model_fields) | frozenset(PersonaValues.model_fields)
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
    yield from _format_11(journey, known, file_loc)


def _format_11(journey: Journey, known: Mapping[str, set[str]], file_loc: Callable[[Loc], Loc]) -> Iterator[Problem]:
    """The references and sums of format 1.1 (SPEC §2.1)."""
    yield from _shares(journey, file_loc)
    need_ids = yield from _need_ids(journey, file_loc)
    for i, kpi in enumerate(journey.kpis):
        if kpi.id.startswith("x-") or kpi.id in RESERVED_KPI_IDS:
            loc = file_loc(("kpis", i, "id"))
            why = "starts with 'x-' (a team's own key)" if kpi.id.startswith("x-") else "is a field name of the format"
            yield Problem("CJM002", loc, f"{format_loc(loc)}: the KPI id '{kpi.id}' {why}; choose another id", kpi.id)
    kpi_ids = {kpi.id for kpi in journey.kpis}
    cycles = _recovery_cycles(journey)
    for i, tp in enumerate(journey.touchpoints):
        at: Loc = ("touchpoints", i)
        yield from _kpi_keys(tp.metrics.kpis, kpi_ids, (*at, "metrics"), tp.id, file_loc)
        for persona, values in (tp.by_persona or {}).items():
            loc = file_loc((*at, "by_persona", persona))
            if persona not in known["personas"]:
                yield Problem("CJM005", loc, _unknown(loc, "persona", persona, known["personas"]), tp.id)
            elif tp.personas and persona not in tp.personas:
                message = f"{format_loc(loc)}: the touchpoint does not serve persona '{persona}' (add it to personas)"
                yield Problem("CJM005", loc, message, tp.id)
            yield from _kpi_keys(values.kpis, kpi_ids, (*at, "by_persona", persona), tp.id, file_loc)
        yield from _refs(tp.needs_met, need_ids, (*at, "needs_met"), "persona need", tp.id, file_loc)
        yield from _refs(tp.needs_unmet, need_ids, (*at, "needs_unmet"), "persona need", tp.id, file_loc)
        for j, need in enumerate(tp.needs_unmet):
            if need in tp.needs_met:
                loc = file_loc((*at, "needs_unmet", j))
                message = f"{format_loc(loc)}: the need '{need}' is both met and unmet here; keep it in one list"
                yield Problem("CJM002", loc, message, tp.id)
        if tp.recovers is not None:
            yield from _recovery(journey, i, known["touchpoints"], cycles, file_loc)
    for i, action in enumerate(journey.actions):
        if action.kpi is not None and action.kpi not in kpi_ids:
            loc = file_loc(("actions", i, "kpi"))
            yield Problem("CJM005", loc, _unknown(loc, "KPI", action.kpi, kpi_ids), action.id)
    if journey.baseline is not None and journey.baseline == journey.id:
        loc = file_loc(("baseline",))
        message = f"baseline: names this journey's own id '{journey.id}'; name the as-is journey this to-be improves"
        yield Problem("CJM005", loc, message, journey.id)


def _shares(journey: Journey, file_loc: Callable[[Loc], Loc]) -> Iterator[Problem]:
    total = 0.0
    for i, persona in enumerate(journey.personas):
        if persona.share is None:
            continue
        total += persona.share
        if total > 1 + SHARE_TOLERANCE:
            loc = file_loc(("personas", i, "share"))
            message = f"{format_loc(loc)}: the persona shares add up to {total:g} here; together they are at most 1"
            yield Problem("CJM002", loc, message, persona.id)
            return


def _need_ids(journey: Journey, file_loc: Callable[[Loc], Loc]) -> Generator[Problem, None, set[str]]:
    """CJM004 for a need id used twice (across all personas); returns the need ids."""
    first: dict[str, str] = {}
    for i, persona in enumerate(journey.personas):
        for group in ("functional", "emotional"):
            for j, need in enumerate(getattr(persona.needs, group)):
                if isinstance(need, str):
                    continue
                if need.id in first:
                    loc = file_loc(("personas", i, "needs", group, j, "id"))
                    message = f"{format_loc(loc)}: need id '{need.id}' is used twice (first by {first[need.id]})"
                    yield Problem("CJM004", loc, message, persona.id)
                else:
                    first[need.id] = format_loc(file_loc(("personas", i, "needs", group, j)))
    return set(first)


def _kpi_keys(
    values: Mapping[str, float], kpi_ids: set[str], loc: Loc, item_id: str, file_loc: Callable[[Loc], Loc]
) -> Iterator[Problem]:
    for key in values:
        if key not in kpi_ids:
            at = file_loc((*loc, key))
            close = difflib.get_close_matches(key, sorted(kpi_ids | set(METRIC_KEYS)), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "; declare it under kpis, or prefix it with 'x-'"
            message = f"{format_loc(at)}: '{key}' is no metric and no KPI id of kpis{hint}"
            yield Problem("CJM005", at, message, item_id)


def _recovery(
    journey: Journey, index: int, touchpoints: set[str], cycles: set[str], file_loc: Callable[[Loc], Loc]
) -> Iterator[Problem]:
    """`recovers` names another touchpoint, and following `recovers` never comes back (no cycle)."""
    tp = journey.touchpoints[index]
    loc = file_loc(("touchpoints", index, "recovers"))
    target = tp.recovers
    assert target is not None
    if target not in touchpoints:
        yield Problem("CJM005", loc, _unknown(loc, "touchpoint", target, touchpoints), tp.id)
    elif target == tp.id:
        yield Problem("CJM005", loc, f"{format_loc(loc)}: a touchpoint cannot recover itself", tp.id)
    elif tp.id in cycles:
        message = f"{format_loc(loc)}: the recoveries form a cycle back to '{tp.id}'; a recovery turns a failure around"
        yield Problem("CJM005", loc, message, tp.id)


def _recovery_cycles(journey: Journey) -> set[str]:
    """The touchpoints whose `recovers` chain comes back to them, in one pass (each names at most one)."""
    recovers = {tp.id: tp.recovers for tp in journey.touchpoints if tp.recovers is not None}
    walked: dict[str, int] = {}  # touchpoint -> the walk that reached it first
    cycles: set[str] = set()
    for walk, start in enumerate(recovers):
        node: str | None = start
        while node is not None and node not in walked:
            walked[node] = walk
            node = recovers.get(node)
        if node is None or walked[node] != walk:
            continue  # the chain ends, or joins an earlier walk
        while node not in cycles:  # this walk came back to itself: the loop from `node` is a cycle
            cycles.add(node)
            node = recovers[node]
    return cycles


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
