"""A journey as sheets: touchpoints (the columns `cjm import` reads), scores and the action plan.

Headers are in the journey's language, from the import header table (and the render
labels for score words), so an exported sheet imports again as it is.
"""

from __future__ import annotations

from typing import Any

from cjm.export.report import Book, Column, SheetData
from cjm.importer.columns import ACTION_COLUMNS, PERSONA_COLUMNS, PLACES, TOUCHPOINT_COLUMNS, extra_shown, shown
from cjm.importer.headers import normalized, word
from cjm.model import Journey, Stage, Touchpoint
from cjm.render.labels import labels_for
from cjm.scoring import ScoreSettings, score_journey

_NUMBERS = {"emotion", "expectation", "experience", "importance", "volume", "csat", "nps", "ces"}
_SHARES = {"drop_off", "complaints"}


def book(journey: Journey, text: str, settings: ScoreSettings) -> Book:
    """Every sheet of one journey, and its text for the hidden sheet."""
    language = journey.language or "en"
    sheets = [touchpoint_sheet(journey, language), score_sheet(journey, settings, language)]
    sheets.append(action_sheet(journey, language))
    sheets.append(persona_sheet(journey, language))
    return Book(journey.id, language, sheets, text)


def _kind(field: str) -> str:
    return "share" if field in _SHARES else "number" if field in _NUMBERS else "text"


def touchpoint_sheet(journey: Journey, language: str) -> SheetData:
    """One row per touchpoint, in file order, with every column import reads and the `x-` keys."""
    fields = [f for f in TOUCHPOINT_COLUMNS if f != "importance" or _uses_importance(journey)]
    extras: list[str] = []
    for tp in journey.touchpoints:
        extras += [key for key in tp.extensions if key not in extras and key not in _taken(fields)]
    columns = [Column(word("touchpoint_columns", f, language), _kind(f)) for f in fields]
    columns += [Column(key) for key in extras]
    stages = {stage.id: stage for stage in journey.stages}
    rows = []
    for tp in journey.touchpoints:
        stage = stages[tp.stage]
        stage_cell = stage.name if _names_only(journey, stage) else stage.id
        row: list[object] = []
        for f in fields:
            if f == "id":
                row.append(tp.id)
            elif f == "phase":
                row.append(_phase_label(journey, stage.phase, language))
            elif f == "stage":
                row.append(stage_cell)
            else:
                row.append(shown(f, _value(tp, PLACES[f])))
        row += [extra_shown(tp.extensions.get(key)) for key in extras]
        rows.append(row)
    return SheetData("touchpoints", word("sheets", "touchpoints", language), columns, rows)


def _names_only(journey: Journey, stage: Stage) -> bool:
    """Whether import finds the stage by its name alone: no other stage has that name (as import
    compares names) or that name as its id (import tries ids first)."""
    if not stage.name:
        return False
    key = normalized(stage.name)
    return not any(
        other is not stage and (normalized(other.name or "") == key or other.id == stage.name)
        for other in journey.stages
    )


def _phase_label(journey: Journey, phase: str | None, language: str) -> str | None:
    """The journey's own name of a phase (format 1.1 `phases`), else the phase word of its language."""
    if phase is None:
        return None
    own = getattr(journey.phases, phase, None) if journey.phases is not None else None
    return own or word("phases", phase, language)


def _taken(fields: list[str]) -> set[str]:
    """`x-` keys that a column of the sheet already holds (`x-importance` before format 1.1)."""
    return {PLACES[f][0] for f in fields if f in PLACES and PLACES[f][0].startswith("x-")}


def _uses_importance(journey: Journey) -> bool:
    place = PLACES["importance"]
    return any(_value(tp, place) is not None for tp in journey.touchpoints)


def _value(tp: Touchpoint, place: tuple[str, ...]) -> Any:
    item: Any = tp
    for key in place:
        item = item.extensions.get(key) if key.startswith("x-") else getattr(item, key, None)
        if item is None:
            return None
    return item


def score_sheet(journey: Journey, settings: ScoreSettings, language: str) -> SheetData:
    """Scoring model v2 per touchpoint, in journey order (read-only: import skips it)."""
    labels = labels_for(language)
    score = score_journey(journey, settings)
    classes = {"pain": labels["pain_point"], "truth": labels["moment_of_truth"]}
    ranks = {tp_id: n for n, tp_id in enumerate(score.key_moments, start=1)}
    names = {tp.id: tp.name for tp in journey.touchpoints}
    columns = [
        Column(word("touchpoint_columns", "id", language)),
        Column(word("touchpoint_columns", "touchpoint", language)),
        Column(word("touchpoint_columns", "stage", language)),
        Column(word("score_columns", "class", language)),
        Column(word("score_columns", "severity", language), "share"),
        Column(labels["health"], "number"),
        Column(labels["at_stake"], "number"),
        Column(word("score_columns", "priority", language), "number"),
        Column(labels["key_moment"], "number"),
        Column(labels["confidence"]),
    ]
    confidence = {"high": labels["confidence_high"], "low": labels["confidence_low"]}
    rows: list[list[object]] = [
        [
            s.id,
            names.get(s.id),
            s.stage,
            classes.get(s.cls),
            None if s.severity is None else round(s.severity, 4),
            None if s.health is None else round(s.health),
            None if s.at_stake is None else round(s.at_stake),
            None if s.priority is None else round(s.priority, 2),
            ranks.get(s.id),
            confidence.get(s.confidence, s.confidence),
        ]
        for s in score.touchpoints
    ]
    return SheetData("scores", word("sheets", "scores", language), columns, rows)


def action_sheet(journey: Journey, language: str) -> SheetData:
    """The action plan, one row per action, with its `x-` keys."""
    extras: list[str] = []
    for action in journey.actions:
        extras += [key for key in action.extensions if key not in extras]
    columns = [Column(word("action_columns", f, language)) for f in ACTION_COLUMNS]
    columns += [Column(key) for key in extras]
    rows = []
    for action in journey.actions:
        row: list[object] = [
            action.id,
            action.title,
            action.owner,
            word("statuses", action.status, language) if action.status else None,
            shown("due", action.due),
            shown("addresses", action.addresses),
        ]
        rows.append(row + [extra_shown(action.extensions.get(key)) for key in extras])
    return SheetData("actions", word("sheets", "actions", language), columns, rows)


def persona_sheet(journey: Journey, language: str) -> SheetData:
    """The personas: id, name, segment and (format 1.1) share; their needs and goals stay in the hidden sheet."""
    extras: list[str] = []
    for persona in journey.personas:
        extras += [key for key in persona.extensions if key not in extras]
    kinds = {"share": "share"}
    columns = [Column(word("persona_columns", f, language), kinds.get(f, "text")) for f in PERSONA_COLUMNS]
    columns += [Column(key) for key in extras]
    rows = [
        [persona.id, persona.name, persona.segment, getattr(persona, "share", None)]
        + [extra_shown(persona.extensions.get(key)) for key in extras]
        for persona in journey.personas
    ]
    return SheetData("personas", word("sheets", "personas", language), columns, rows)
