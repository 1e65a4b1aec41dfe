"""The semantic diff of two versions of a journey (SPEC §4.3): a neutral structural diff plus score drift.

Items are matched by id (insights without an id by question and answer). An unmatched
removed item and an unmatched added item of one kind are a rename when their content is
equal apart from the id and references to it (touchpoints also when they keep stage and
name); references that follow a rename are not changes. Everything is linear in the
size of the journeys: dictionaries by id, never a scan inside a scan.

The result holds no paths or refs: the same two versions give the same changes from
files or from git. Either side may be None (an empty journey: added or deleted file).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from cjm.diff.report import KINDS, OPS, AtStake, Change, Drift, FieldChange, PersonaDrift, WeakestLink
from cjm.model import Item, Journey
from cjm.scoring import JourneyScore, ScoreSettings, score_journey

_JOURNEY_LISTS = ("personas", "stages", "touchpoints", "opportunities", "actions", "insights", "kpis")
_SELF, _UNMATCHED = "\x00self", "\x00unmatched"


# --- how each kind is read -------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    name: str
    attr: str
    refs: tuple[tuple[str, str], ...] = ()  # (field, referenced kind)


_STAGE = _Kind("stage", "stages")
_PERSONA = _Kind("persona", "personas")
_TOUCHPOINT = _Kind(
    "touchpoint",
    "touchpoints",
    (("stage", "stage"), ("personas", "persona"), ("next", "touchpoint"), ("recovers", "touchpoint")),
)
_OPPORTUNITY = _Kind("opportunity", "opportunities", (("touchpoints", "touchpoint"),))
_ACTION = _Kind("action", "actions", (("addresses", "touchpoint"), ("kpi", "kpi")))
_INSIGHT = _Kind("insight", "insights", (("touchpoints", "touchpoint"),))
_KPI = _Kind("kpi", "kpis")
# Referenced kinds first, so their renames are known when the referring kinds are matched.
_MATCH_ORDER = (_STAGE, _PERSONA, _KPI, _TOUCHPOINT, _OPPORTUNITY, _ACTION, _INSIGHT)


@dataclass
class _Entry:
    """One item of one side: its match key, display id, position and flattened content."""

    key: Any
    id: str
    pos: int  # index in the file's list
    rank: int  # position in journey terms: among the stages, or among the touchpoints of its stage
    item: Any
    record: dict[str, Any]


@dataclass
class _Matching:
    """Pairs of one kind: (old, new) entries, renames among them, and the unmatched rest."""

    pairs: list[tuple[_Entry, _Entry]]
    renamed: set[int]  # positions in NEW of renamed items
    removed: list[_Entry]
    added: list[_Entry]


# --- values ----------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A JSON-ready copy of a model value: dates as YYYY-MM-DD, nested items as dicts with their x- keys.

    NaN and the infinities (possible in `x-` data) become "NaN", "Infinity", "-Infinity", as JSON
    shows them, so NaN equals itself and an unchanged value is no change.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    if value is None or type(value) in (str, bool, int, float):
        return value
    if isinstance(value, Item):
        out = {
            name: plain(v)
            for name in type(value).model_fields
            if name != "extensions" and (v := getattr(value, name)) is not None
        }
        out.update((k, plain(v)) for k, v in sorted((value.model_extra or {}).items()))  # 1.1 KPI values
        out.update((k, plain(v)) for k, v in sorted(value.extensions.items()))
        return out
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


def record(item: Item, skip: Iterable[str] = ("id",)) -> dict[str, Any]:
    """An item's content as flat fields: nested mappings as `metrics.volume`, x- keys by name."""
    skipped = set(skip) | {"extensions"}
    out: dict[str, Any] = {}
    for name in type(item).model_fields:
        if name in skipped:
            continue
        value = getattr(item, name)
        if isinstance(value, Item):
            for sub, sub_value in record(value, ()).items():
                out[f"{name}.{sub}"] = sub_value
        elif name == "by_persona" and value is not None:  # 1.1: one field per persona and value
            for persona, values in value.items():
                for sub, sub_value in record(values, ()).items():
                    out[f"{name}.{persona}.{sub}"] = sub_value
        else:
            out[name] = plain(value)
    for key in sorted(item.model_extra or {}):  # 1.1: KPI values in a touchpoint's metrics
        out[key] = plain((item.model_extra or {})[key])
    for key in sorted(item.extensions):
        out[key] = plain(item.extensions[key])
    return out


def _has_content(rec: dict[str, Any], refs: Iterable[str]) -> bool:
    """True when some field other than references holds a value (a bare `{id: x}` is no content)."""
    ref_fields = set(refs)
    return any(v not in (None, [], {}, False) for k, v in rec.items() if k not in ref_fields)


# --- matching --------------------------------------------------------------------------


def _entries(kind: _Kind, journey: Journey | None) -> dict[Any, _Entry]:
    if journey is None:
        return {}
    entries: dict[Any, _Entry] = {}
    seen: dict[tuple[str, str], int] = {}
    in_stage: dict[str, int] = {}
    for pos, item in enumerate(getattr(journey, kind.attr)):
        rank = pos
        if kind is _TOUCHPOINT:
            rank = in_stage.get(item.stage, 0)
            in_stage[item.stage] = rank + 1
        if kind is _INSIGHT and item.id is None:
            n = seen.get((item.question, item.answer), 0)
            seen[(item.question, item.answer)] = n + 1
            key: Any = ("qa", item.question, item.answer, n)
            shown = f"insights[{pos}]"
        else:
            key, shown = item.id, item.id
        entries[key] = _Entry(key, shown, pos, rank, item, record(item))
    return entries


def _translate(rec: dict[str, Any], kind: _Kind, renames: dict[str, dict[str, str]]) -> dict[str, Any]:
    """OLD content with references to renamed items rewritten to their NEW ids."""
    out = rec
    for name, target in kind.refs:
        table = renames.get(target)
        value = rec.get(name)
        if not table or value is None:
            continue
        if out is rec:
            out = dict(rec)
        out[name] = table.get(value, value) if isinstance(value, str) else [table.get(v, v) for v in value]
    return out


def _signature(entry: _Entry, kind: _Kind, rec: dict[str, Any], matched: set[str]) -> str | None:
    """Content apart from the id: references to itself or to other unmatched items of its kind masked."""
    if not _has_content(rec, (name for name, _ in kind.refs)):
        return None
    masked = dict(rec)
    for name, target in kind.refs:
        value = masked.get(name)
        if target != kind.name or not isinstance(value, list):
            continue
        masked[name] = [v if v in matched else (_SELF if v == entry.id else _UNMATCHED) for v in value]
    return json.dumps(masked, sort_keys=True, ensure_ascii=False, default=str)


def _match(kind: _Kind, old: Journey | None, new: Journey | None, renames: dict[str, dict[str, str]]) -> _Matching:
    """Pair OLD and NEW items of one kind by key, then pair the leftovers that are renames."""
    before, after = _entries(kind, old), _entries(kind, new)
    pairs = [(before[key], entry) for key, entry in after.items() if key in before]
    removed = [entry for key, entry in before.items() if key not in after]
    added = [entry for key, entry in after.items() if key not in before]
    renamed: set[int] = set()
    if removed and added:
        matched = {entry.id for _, entry in pairs}
        found = _pair_renames(kind, removed, added, renames, matched)
        taken_old = {id(o) for o, _ in found}
        taken_new = {id(n) for _, n in found}
        removed = [e for e in removed if id(e) not in taken_old]
        added = [e for e in added if id(e) not in taken_new]
        pairs.extend(found)
        renamed = {n.pos for _, n in found}
        table = renames.setdefault(kind.name, {})
        table.update((o.id, n.id) for o, n in found)
    return _Matching(pairs, renamed, removed, added)


def _pair_renames(
    kind: _Kind, removed: list[_Entry], added: list[_Entry], renames: dict[str, dict[str, str]], matched: set[str]
) -> list[tuple[_Entry, _Entry]]:
    """Renames: equal content apart from the id; for touchpoints also the same stage and name."""
    by_signature: dict[str, deque[_Entry]] = {}
    for entry in added:
        sig = _signature(entry, kind, entry.record, matched)
        if sig is not None:
            by_signature.setdefault(sig, deque()).append(entry)
    found: list[tuple[_Entry, _Entry]] = []
    left: list[_Entry] = []
    for entry in removed:
        sig = _signature(entry, kind, _translate(entry.record, kind, renames), matched)
        candidates = by_signature.get(sig) if sig is not None else None
        if candidates:
            found.append((entry, candidates.popleft()))
        else:
            left.append(entry)
    if kind is _TOUCHPOINT and left:
        found.extend(_pair_by_stage_and_name(left, added, {id(n) for _, n in found}, renames))
    return found


def _pair_by_stage_and_name(
    removed: list[_Entry], added: list[_Entry], taken: set[int], renames: dict[str, dict[str, str]]
) -> list[tuple[_Entry, _Entry]]:
    stage_renames = renames.get("stage", {})
    by_place: dict[tuple[str, str], deque[_Entry]] = {}
    for entry in added:
        if id(entry) not in taken and entry.item.name is not None:
            by_place.setdefault((entry.item.stage, entry.item.name), deque()).append(entry)
    found = []
    for entry in removed:
        if entry.item.name is None:
            continue
        place = (stage_renames.get(entry.item.stage, entry.item.stage), entry.item.name)
        candidates = by_place.get(place)
        if candidates:
            found.append((entry, candidates.popleft()))
    return found


# --- changes ---------------------------------------------------------------------------


def _field_changes(old: dict[str, Any], new: dict[str, Any], translated: dict[str, Any]) -> dict[str, FieldChange]:
    """Fields whose value differs once references follow renames; values shown as in each file."""
    if translated == new:
        return {}
    changes: dict[str, FieldChange] = {}
    for name in (*old, *(k for k in new if k not in old)):
        if translated.get(name) != new.get(name):
            changes[name] = FieldChange(old.get(name), new.get(name))
    return changes


def _label(item: Any) -> str | None:
    for attr in ("name", "title", "answer"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    return None


def _kind_changes(kind: _Kind, m: _Matching, renames: dict[str, dict[str, str]]) -> list[tuple[Any, Change]]:
    """Changes of one kind, each with its sort key (op, position)."""
    out: list[tuple[Any, Change]] = []
    for entry in m.added:
        out.append(((OPS.index("added"), entry.pos), Change(kind.name, entry.id, "added", label=_label(entry.item))))
    for entry in m.removed:
        out.append(
            ((OPS.index("removed"), entry.pos), Change(kind.name, entry.id, "removed", label=_label(entry.item)))
        )
    reordered = _reordered(kind, m.pairs, renames)
    for old_entry, new_entry in m.pairs:
        fields = _field_changes(old_entry.record, new_entry.record, _translate(old_entry.record, kind, renames))
        position = reordered.get(new_entry.pos)
        if position is not None:
            fields = {"position": position, **fields}
        renamed = new_entry.pos in m.renamed
        if not fields and not renamed:
            continue
        op = "renamed" if renamed else "moved" if "stage" in fields else "reordered" if position else "modified"
        old_id = old_entry.id if renamed else None
        note = _against_target(old_entry.item, new_entry.item) if kind is _KPI else None
        change = Change(kind.name, new_entry.id, op, fields, old_id, _label(new_entry.item), note)
        out.append(((OPS.index(op), new_entry.pos), change))
    return out


def _against_target(old: Any, new: Any) -> str | None:
    """A KPI's value against its target: `target 2.5, lower is better: closer`, when its value or target moved."""
    if new.target is None or (old.value == new.value and old.target == new.target):
        return None
    better = {"up": "higher is better", "down": "lower is better"}.get(new.direction or "")
    words = f"target {new.target:g}" + (f", {better}" if better else "")
    if old.value is not None and new.value is not None:
        before, after = abs(old.value - new.target), abs(new.value - new.target)
        reached = (new.direction == "down" and new.value <= new.target) or (
            new.direction == "up" and new.value >= new.target
        )
        verdict = (
            "reached" if reached else "closer" if after < before else "further away" if after > before else "as far"
        )
        words += f": {verdict}"
    return words


def _reordered(
    kind: _Kind, pairs: list[tuple[_Entry, _Entry]], renames: dict[str, dict[str, str]]
) -> dict[int, FieldChange]:
    """Stages whose order changed; touchpoints whose order within their (unchanged) stage changed.

    Only the fewest items are reported: those outside a longest run kept in the same order.
    Positions are 1-based: among the stages, or among the touchpoints of the stage.
    """
    if kind is _STAGE:
        groups = {"": sorted(pairs, key=lambda p: p[1].pos)}
    elif kind is _TOUCHPOINT:
        stage_renames = renames.get("stage", {})
        groups = {}
        for o, n in sorted(pairs, key=lambda p: p[1].pos):
            if stage_renames.get(o.item.stage, o.item.stage) == n.item.stage:
                groups.setdefault(n.item.stage, []).append((o, n))
    else:
        return {}
    out: dict[int, FieldChange] = {}
    for members in groups.values():
        keep = _longest_increasing([o.pos for o, _ in members])
        for i, (o, n) in enumerate(members):
            if i not in keep:
                out[n.pos] = FieldChange(o.rank + 1, n.rank + 1)
    return out


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(values)
    for i, value in enumerate(values):
        j = bisect_left(tails, value)
        if j == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[j] = value
            tail_at[j] = i
        parent[i] = tail_at[j - 1] if j else -1
    keep: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep


def _journey_change(old: Journey | None, new: Journey | None) -> Change | None:
    if old is None and new is None:
        return None
    if old is None:
        assert new is not None
        return Change("journey", new.id, "added", label=new.title)
    if new is None:
        return Change("journey", old.id, "removed", label=old.title)
    skip = ("id", "cjm", *_JOURNEY_LISTS)
    before, after = record(old, skip), record(new, skip)
    fields = _field_changes(before, after, before)
    if old.id != new.id:
        paired = f"a to-be of {old.id}, its baseline" if new.baseline == old.id else None
        return Change("journey", new.id, "renamed", fields, old.id, new.title, paired)
    return Change("journey", new.id, "modified", fields, label=new.title) if fields else None


def structural_changes(old: Journey | None, new: Journey | None) -> tuple[tuple[Change, ...], dict[str, str]]:
    """Every change between two versions, in a fixed order, and the touchpoint renames (old id -> new id)."""
    renames: dict[str, dict[str, str]] = {}
    matchings = {kind.name: _match(kind, old, new, renames) for kind in _MATCH_ORDER}
    keyed: list[tuple[Any, Change]] = []
    journey = _journey_change(old, new)
    if journey is not None:
        keyed.append(((0, 0, 0), journey))
    for kind in _MATCH_ORDER:
        rank = KINDS.index(kind.name)
        keyed.extend(((rank, *key), change) for key, change in _kind_changes(kind, matchings[kind.name], renames))
    keyed.sort(key=lambda pair: pair[0])
    return tuple(change for _, change in keyed), renames.get("touchpoint", {})


# --- score drift -----------------------------------------------------------------------


def score_drift(
    old_scores: JourneyScore | None,
    new_scores: JourneyScore | None,
    touchpoint_renames: dict[str, str],
    period: str | None = None,
) -> Drift:
    """Drift between two JourneyScore results (either may be None: an empty journey)."""
    back = {new_id: old_id for old_id, new_id in touchpoint_renames.items()}
    old_by_id = old_scores.by_id if old_scores is not None else {}
    new_by_id = new_scores.by_id if new_scores is not None else {}
    new_pain, resolved = [], []
    for tp in new_scores.touchpoints if new_scores is not None else ():
        before = old_by_id.get(back.get(tp.id, tp.id))
        was_pain = before is not None and before.cls == "pain"
        if tp.cls == "pain" and not was_pain:
            new_pain.append(tp.id)
        elif was_pain and tp.cls != "pain":
            resolved.append(tp.id)
    removed_pain = [
        tp.id
        for tp in (old_scores.touchpoints if old_scores is not None else ())
        if tp.cls == "pain" and touchpoint_renames.get(tp.id, tp.id) not in new_by_id
    ]
    old_moments = tuple(old_scores.key_moments) if old_scores is not None else ()
    new_moments = tuple(new_scores.key_moments) if new_scores is not None else ()
    carried = {touchpoint_renames.get(tp_id, tp_id) for tp_id in old_moments}
    kept = set(new_moments)
    return Drift(
        health_old=_health(old_scores),
        health_new=_health(new_scores),
        weakest_old=_weakest(old_scores),
        weakest_new=_weakest(new_scores),
        new_pain=tuple(new_pain),
        resolved_pain=tuple(resolved),
        removed_pain=tuple(removed_pain),
        key_moments_added=tuple(tp_id for tp_id in new_moments if tp_id not in carried),
        key_moments_removed=tuple(tp_id for tp_id in old_moments if touchpoint_renames.get(tp_id, tp_id) not in kept),
        at_stake_weakest_old=_weakest_at_stake(old_scores),
        at_stake_weakest_new=_weakest_at_stake(new_scores),
        at_stake_fix_first=_fix_first_at_stake(old_scores, new_scores, touchpoint_renames),
        period=period,
    )


def _weakest_at_stake(scores: JourneyScore | None) -> float | None:
    if scores is None or scores.weakest_touchpoint is None:
        return None
    return scores.by_id[scores.weakest_touchpoint].at_stake


def _fix_first_at_stake(
    old_scores: JourneyScore | None, new_scores: JourneyScore | None, renames: dict[str, str]
) -> tuple[AtStake, ...]:
    """Customers at stake old → new for NEW's fix_first (in order), then OLD's pain points that left it.

    Ids are NEW's (OLD's for a touchpoint that was removed); a side without the touchpoint gives None.
    """
    back = {new_id: old_id for old_id, new_id in renames.items()}
    old_by_id = old_scores.by_id if old_scores is not None else {}
    new_by_id = new_scores.by_id if new_scores is not None else {}
    new_fix = list(new_scores.fix_first) if new_scores is not None else []
    ids = new_fix + [
        renames.get(tp_id, tp_id)
        for tp_id in (old_scores.fix_first if old_scores is not None else ())
        if renames.get(tp_id, tp_id) not in new_fix
    ]
    rows = []
    for tp_id in ids:
        before = old_by_id.get(back.get(tp_id, tp_id))
        after = new_by_id.get(tp_id)
        rows.append(
            AtStake(tp_id, None if before is None else before.at_stake, None if after is None else after.at_stake)
        )
    return tuple(rows)


def _health(scores: JourneyScore | None) -> float | None:
    return None if scores is None else scores.end_to_end


def _weakest(scores: JourneyScore | None) -> WeakestLink:
    if scores is None:
        return WeakestLink()
    return WeakestLink(scores.weakest_stage, scores.weakest_touchpoint)


def display_names(journey: Journey | None) -> dict[tuple[str, str], str]:
    """Names of the stages and touchpoints of one version, by (kind, id), for text and markdown."""
    if journey is None:
        return {}
    names = {("stage", s.id): s.name for s in journey.stages if s.name}
    names.update((("touchpoint", tp.id), tp.name) for tp in journey.touchpoints if tp.name)
    return names


def compare(
    old: Journey | None, new: Journey | None, settings: ScoreSettings | None = None
) -> tuple[tuple[Change, ...], Drift]:
    """Changes and score drift between two versions; `settings` is the ScoreSettings used for both sides."""
    changes, touchpoint_renames = structural_changes(old, new)
    old_scores = score_journey(old, settings) if old is not None else None
    new_scores = score_journey(new, settings) if new is not None else None
    period = (new.period if new is not None else None) or (old.period if old is not None else None)
    drift = score_drift(old_scores, new_scores, touchpoint_renames, period)
    personas = persona_drift(old, new, touchpoint_renames, settings)
    return changes, replace(drift, personas=personas) if personas else drift


def _persona_data(journey: Journey | None) -> set[str]:
    """Personas with figures of their own (format 1.1: a `share`, or `by_persona` values somewhere)."""
    if journey is None:
        return set()
    found = {p.id for p in journey.personas if p.share is not None}
    for tp in journey.touchpoints:
        found.update(tp.by_persona or ())
    return found


def persona_drift(
    old: Journey | None, new: Journey | None, renames: dict[str, str], settings: ScoreSettings | None = None
) -> tuple[PersonaDrift, ...]:
    """Each persona's own drift (§4.2 item 8), for the personas with 1.1 data on either side, in NEW's order."""
    with_data = _persona_data(old) | _persona_data(new)
    order = [p.id for p in (new.personas if new is not None else ())] + [
        p.id for p in (old.personas if old is not None else ())
    ]
    out = []
    for persona in dict.fromkeys(order):
        if persona not in with_data:
            continue
        before = _persona_scores(old, persona, settings)
        after = _persona_scores(new, persona, settings)
        drift = score_drift(before, after, renames)
        out.append(PersonaDrift(persona, drift.health_old, drift.health_new, drift.new_pain, drift.resolved_pain))
    return tuple(out)


def _persona_scores(journey: Journey | None, persona: str, settings: ScoreSettings | None) -> JourneyScore | None:
    if journey is None or persona not in {p.id for p in journey.personas}:
        return None
    return score_journey(journey, settings, persona=persona)
