"""A sheet applied to a journey document (ruamel.yaml round-trip nodes): new or existing, one code path.

Touchpoints and actions are matched by id, else by name; a value changes only where the
sheet says something else than the journey (so an unedited export changes nothing), a
cleared cell removes the value, and everything the sheet does not hold is kept as it is,
comments and key order included. Touchpoints missing from the sheet are kept too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cjm.importer.columns import PLACES, same
from cjm.importer.headers import normalized, phase_of
from cjm.importer.sheet import Row, Sheet
from cjm.importer.slug import slug, unique
from cjm.model import PHASES


@dataclass
class Merge:
    """The document being changed and what the merge learnt on the way."""

    doc: Any  # a ruamel CommentedMap of the journey
    warnings: list[str]
    changed: bool = False
    phase_set: dict[str, str] = field(default_factory=dict)  # stage id -> the row that set its phase
    phases_guessed: bool = False

    def seq(self, key: str) -> Any:
        """The journey's list under key, made when missing (personas before the stages)."""
        from ruamel.yaml.comments import CommentedSeq

        if key not in self.doc:
            keys = list(self.doc)
            if key == "personas" and "stages" in keys:
                self.doc.insert(keys.index("stages"), key, CommentedSeq())
            else:
                self.doc[key] = CommentedSeq()
        elif self.doc[key] is None:
            self.doc[key] = CommentedSeq()
        return self.doc[key]


def flow_map(**values: Any) -> Any:
    """A mapping written on one line, as stages are: `{id: x, name: y, phase: before}`."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping


def flow_list(values: list[str] | None) -> Any:
    """A list written on one line: `personas: [familie, senior]`."""
    from ruamel.yaml.comments import CommentedSeq

    if values is None:
        return None
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def apply_touchpoints(merge: Merge, sheet: Sheet) -> int:
    """Every row onto its touchpoint (matched, else new); the number of rows applied."""
    from ruamel.yaml.comments import CommentedMap

    touchpoints = merge.seq("touchpoints")
    by_id = {str(tp.get("id")): tp for tp in touchpoints}
    unmatched = list(touchpoints)
    used_ids = set(by_id)
    last_stage: str | None = None
    count = 0
    for row in merge_rows(sheet):
        named = str(row.values["stage"]) if row.values.get("stage") else None
        in_stage = _find_stage(merge.seq("stages"), named) if named else last_stage
        tp = _match(row, by_id, unmatched, "touchpoint", merge.warnings, in_stage)
        stage = _stage(merge, row, tp, last_stage)
        if stage is None:
            merge.warnings.append(f"{row.where}: a row without a stage before any stage; left out")
            continue
        last_stage = stage
        if tp is None:
            name = row.values.get("touchpoint") or row.values.get("id")
            tp = CommentedMap(id=unique(slug(str(row.values.get("id") or name)), used_ids), stage=stage)
            _insert(touchpoints, tp, stage)
            merge.changed = True
        elif str(tp.get("stage")) != stage:
            tp["stage"] = stage
            merge.changed = True
        _values(merge, tp, row, sheet)
        count += 1
    return count


def merge_rows(sheet: Sheet) -> list[Row]:
    """The rows that name a touchpoint (or an id); others are left out."""
    return [row for row in sheet.rows if row.values.get("touchpoint") or row.values.get("id")]


def _match(
    row: Row,
    by_id: dict[str, Any],
    unmatched: list[Any],
    name_field: str,
    warnings: list[str],
    stage: str | None = None,
) -> Any:
    """The item a row updates: the one with its id, else the first unmatched one with its name (in the row's
    stage first: `E-mail` before and after the purchase are two touchpoints), else None."""
    found = by_id.get(str(row.values.get("id"))) if row.values.get("id") else None
    if found is None and row.values.get(name_field):
        key = normalized(str(row.values[name_field]))
        named = [item for item in unmatched if normalized(str(item.get(_NAME_KEY[name_field]) or "")) == key]
        found = next((item for item in named if stage is not None and str(item.get("stage")) == stage), None)
        found = found if found is not None else next(iter(named), None)
    if found is not None and any(item is found for item in unmatched):
        unmatched[:] = [item for item in unmatched if item is not found]
    elif found is not None:  # only an id finds an item matched before
        warnings.append(f"{row.where}: the id {row.values['id']!r} is on an earlier row too; this row's values win")
    return found


_NAME_KEY = {"touchpoint": "name", "title": "title", "name": "name"}


def _insert(touchpoints: Any, tp: Any, stage: str) -> None:
    """After the last touchpoint of its stage (journey order is stage order, then file order)."""
    if not touchpoints or str(touchpoints[-1].get("stage")) == stage:
        touchpoints.append(tp)  # the common case, a sheet in journey order: no scan
        return
    positions = [n for n, item in enumerate(touchpoints) if str(item.get("stage")) == stage]
    touchpoints.insert(positions[-1] + 1 if positions else len(touchpoints), tp)


def _stage(merge: Merge, row: Row, tp: Any, last: str | None) -> str | None:
    """The stage id a row puts its touchpoint in: named by the row, else the touchpoint's, else the row above's."""
    stages = merge.seq("stages")
    text = row.values.get("stage")
    if not text:
        stage = str(tp.get("stage")) if tp is not None else last
    else:
        stage = _find_stage(stages, str(text))
        if stage is None:
            stage = unique(slug(str(text)), {str(s.get("id")) for s in stages})
            stages.append(flow_map(id=stage, name=str(text)))
            merge.changed = True
    if stage is not None and "phase" in row.values:
        _phase(merge, row, stage)
    return stage


def _find_stage(stages: Any, text: str) -> str | None:
    for stage in stages:
        if str(stage.get("id")) == text:
            return str(stage.get("id"))
    key = normalized(text)
    for stage in stages:
        if normalized(str(stage.get("name") or "")) == key:
            return str(stage.get("id"))
    return None


def _phase(merge: Merge, row: Row, stage_id: str) -> None:
    """The phase cell sets its stage's phase; the first row of a stage decides, a different one is a warning."""
    text = row.values.get("phase")
    if not text:
        return
    phase = _own_phase(merge.doc, str(text)) or phase_of(str(text))
    if phase is None:
        merge.warnings.append(f"{row.where}: phase {text!r} is none of before, during, after (in any language)")
        return
    if stage_id in merge.phase_set:
        first_where, first_phase = merge.phase_set[stage_id].split("\x00")
        if first_phase != phase:
            merge.warnings.append(f"{row.where}: phase {text!r} differs from {first_where} for the same stage")
        return
    merge.phase_set[stage_id] = f"{row.where}\x00{phase}"
    stage = next(s for s in merge.seq("stages") if str(s.get("id")) == stage_id)
    if stage.get("phase") != phase:
        stage["phase"] = phase
        merge.changed = True


def _own_phase(doc: Any, text: str) -> str | None:
    """The phase a cell names by the journey's own label for it (format 1.1 `phases`), or None."""
    labels = doc.get("phases")
    if not isinstance(labels, dict):
        return None
    key = normalized(text)
    return next((str(phase) for phase, label in labels.items() if label and normalized(str(label)) == key), None)


def _values(merge: Merge, tp: Any, row: Row, sheet: Sheet) -> None:
    for column in sheet.columns:
        if column not in PLACES:
            continue
        value = row.values.get(column)
        if column == "persona" and value is not None:
            value = [_persona(merge, name) for name in value]
        _put(merge, tp, PLACES[column], flow_list(value) if column == "persona" else value, shown_as=(column, row))
    for key in sheet.extras:
        _put(merge, tp, (key,), row.extras.get(key), extra=True)


def _put(
    merge: Merge,
    item: Any,
    path: tuple[str, ...],
    value: Any,
    *,
    extra: bool = False,
    shown_as: tuple[str, Row] | None = None,
) -> None:
    """Set (or, for an empty cell, remove) the value at path when it differs from what the item holds.

    With `shown_as` (the column and the row), a cell that reads exactly as export shows the current
    value is no edit, whatever a spreadsheet cannot hold (a CR, a line break inside a quote).
    """
    from ruamel.yaml.comments import CommentedMap

    from cjm.importer.columns import same_extra, same_text, shown

    parent = item
    for key in path[:-1]:
        parent = parent.get(key) if isinstance(parent.get(key), dict) else None
        if parent is None:
            break
    current = parent.get(path[-1]) if parent is not None else None
    if same(current, value) or (extra and same_extra(current, value)):
        return
    if shown_as is not None and current is not None:
        column, row = shown_as
        if same_text(shown(column, current), row.raw.get(column)):
            return
    merge.changed = True
    if parent is not None and parent is not item and _shared(parent):
        parent = item[path[0]] = _own_copy(parent)  # `metrics: *defaults`: the edit is this item's only
    if value is None:
        if parent is not None:
            del parent[path[-1]]
            if len(path) > 1 and not parent:
                del item[path[0]]
        return
    if parent is None:
        item[path[0]] = flow_map() if path[0] == "metrics" else CommentedMap()
        parent = item[path[0]]
    parent[path[-1]] = value


def _shared(mapping: Any) -> bool:
    """Whether a mapping is also somewhere else: anchored (`&m`, so aliased), or merging one in (`<<: *m`)."""
    anchor = getattr(mapping, "anchor", None)
    return bool(getattr(anchor, "value", None) or getattr(mapping, "merge", None))


def _own_copy(mapping: Any) -> Any:
    """A mapping's keys and values (merged ones included) as a mapping of its own, in the same style."""
    from ruamel.yaml.comments import CommentedMap

    copy = CommentedMap(mapping.items())
    if mapping.fa.flow_style():
        copy.fa.set_flow_style()
    return copy


def _persona(merge: Merge, text: str) -> str:
    """The persona id a cell names (by id or name); an unknown one is added to the journey's personas."""
    personas = merge.seq("personas")
    found = next((p for p in personas if str(p.get("id")) == text), None)  # ids first, as rows are matched
    found = found or next((p for p in personas if normalized(str(p.get("name") or "")) == normalized(text)), None)
    if found is not None:
        return str(found.get("id"))
    persona_id = unique(slug(text), {str(p.get("id")) for p in personas})
    personas.append(flow_map(id=persona_id, name=text))
    merge.changed = True
    return persona_id


def infer_phases(merge: Merge, shown: str) -> None:
    """Stages without a phase get one from their place in the journey (first third before, …), with a warning."""
    stages = list(merge.seq("stages"))
    missing = [stage for stage in stages if not stage.get("phase")]
    if not missing:
        return
    for stage in missing:
        place = stages.index(stage)
        stage["phase"] = "during" if len(stages) == 1 else PHASES[min(2, place * 3 // len(stages))]
    names = ", ".join(f"{s.get('name') or s.get('id')} → {s['phase']}" for s in missing)
    merge.phases_guessed = True
    merge.warnings.append(f"{shown}: no phase given; guessed from the stage order, check them: {names}")
    merge.changed = True


def apply_actions(merge: Merge, sheet: Sheet) -> int:
    """Every row of an action plan onto its action (matched by id, else title; else new)."""
    from ruamel.yaml.comments import CommentedMap

    actions = merge.seq("actions")
    by_id = {str(action.get("id")): action for action in actions}
    unmatched = list(actions)
    used = set(by_id)
    count = 0
    for row in sheet.rows:
        if not (row.values.get("title") or row.values.get("id")):
            continue
        action = _match(row, by_id, unmatched, "title", merge.warnings)
        if action is None:
            action = CommentedMap(id=unique(slug(str(row.values.get("id") or row.values["title"])), used))
            actions.append(action)
            merge.changed = True
        for column in ("title", "owner", "status", "due"):
            if column in sheet.columns:
                _put(merge, action, (column,), row.values.get(column), shown_as=(column, row))
        if "addresses" in sheet.columns:
            _put(merge, action, ("addresses",), flow_list(_touchpoint_ids(merge, row)))
        for key in sheet.extras:
            _put(merge, action, (key,), row.extras.get(key), extra=True)
        count += 1
    return count


def _touchpoint_ids(merge: Merge, row: Row) -> list[str] | None:
    names = row.values.get("addresses")
    if not names:
        return None
    touchpoints = merge.seq("touchpoints")
    ids = []
    for name in names:
        found = next((str(tp["id"]) for tp in touchpoints if str(tp.get("id")) == name), None)
        found = found or next(
            (str(tp["id"]) for tp in touchpoints if normalized(str(tp.get("name") or "")) == normalized(name)), None
        )
        if found is None:
            merge.warnings.append(f"{row.where}: no touchpoint {name!r} for the action to address; left out")
        else:
            ids.append(found)
    return ids or None


def apply_personas(merge: Merge, sheet: Sheet) -> int:
    """Every row of a personas sheet onto its persona (matched by id, else name; else new)."""
    from ruamel.yaml.comments import CommentedMap

    personas = merge.seq("personas")
    by_id = {str(persona.get("id")): persona for persona in personas}
    unmatched = list(personas)
    used = set(by_id)
    count = 0
    for row in sheet.rows:
        if not (row.values.get("name") or row.values.get("id")):
            continue
        persona = _match(row, by_id, unmatched, "name", merge.warnings)
        if persona is None:
            persona = CommentedMap(id=unique(slug(str(row.values.get("id") or row.values["name"])), used))
            persona.fa.set_flow_style()
            personas.append(persona)
            merge.changed = True
        for column in ("name", "segment", "share"):
            if column in sheet.columns:
                _put(merge, persona, (column,), row.values.get(column), shown_as=(column, row))
        for key in sheet.extras:
            _put(merge, persona, (key,), row.extras.get(key), extra=True)
        count += 1
    return count
