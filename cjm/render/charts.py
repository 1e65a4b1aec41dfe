"""The handout's format 1.1 drawings, computed as numbers for the templates: one emotion curve per
persona, the value x effort and impact x effort matrices, and as-is next to to-be.

Everything is placed here, in Python (percent of a box), so the same journey always draws the
same picture and no script runs in the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from cjm.model import Journey, Persona, Touchpoint
from cjm.render.curve import curve_points, emotion_y
from cjm.render.view import (
    Comparison,
    ComparisonSide,
    JourneyView,
    MapColumn,
    Matrix,
    MatrixPoint,
    PersonaCurve,
    PersonaLine,
)
from cjm.scoring import JourneyScore, persona_values, serves_persona

LINE_STYLES = 4  # dash patterns a reader tells apart without colour (handout.css .pline-1 .. 4)


def persona_emotion(tp: Touchpoint, persona_id: str) -> float | None:
    """A persona's emotion at a touchpoint: its 1.1 `by_persona` value, else the touchpoint's own."""
    values = persona_values(tp, persona_id)
    own = getattr(values, "emotion", None) if values is not None else None
    return own if own is not None else tp.emotion


def persona_curves(
    journey: Journey, columns: Sequence[MapColumn], touchpoint: dict[str, Touchpoint]
) -> tuple[tuple[MapColumn, ...], tuple[PersonaCurve, ...]]:
    """One curve per persona with its own 1.1 emotions (at most LINE_STYLES), added to the columns;
    a persona's line passes only the touchpoints serving it and carries its name where it ends."""
    personas = [p for p in journey.personas if _has_own_emotions(p, touchpoint.values())][:LINE_STYLES]
    if not personas:
        return tuple(columns), ()
    lines: list[list[PersonaLine]] = [[] for _ in columns]
    legend = []
    for style, persona in enumerate(personas, start=1):
        values = [_column_emotion(column, persona, touchpoint) for column in columns]
        points = curve_points(values)
        last = max((i for i, value in enumerate(values) if value is not None), default=None)
        for i, point in enumerate(points):
            if point.path or point.y is not None:
                label = _name(persona) if i == last else None
                lines[i].append(PersonaLine(style, point.path, point.y, label))
        legend.append(PersonaCurve(style, _name(persona)))
    out = tuple(
        MapColumn(column.tp, column.edge, column.curve, _apart(found))
        for column, found in zip(columns, lines, strict=True)
    )
    return out, tuple(legend)


LABEL_GAP = 13.0  # percent of the lane between two names ending in one column


def _apart(lines: list[PersonaLine]) -> tuple[PersonaLine, ...]:
    """The names ending in one column, placed at their lines' heights but never on top of each other."""
    labelled = sorted((line.y or 50.0, i) for i, line in enumerate(lines) if line.label)
    places: dict[int, float] = {}
    below = -100.0
    for y, i in labelled:
        below = max(y, below + LABEL_GAP)
        places[i] = below
    shift = max(0.0, below - 96.0)  # keep the lowest inside the lane
    return tuple(
        PersonaLine(line.style, line.path, line.y, line.label, round(places[i] - shift, 1) if i in places else None)
        for i, line in enumerate(lines)
    )


def _has_own_emotions(persona: Persona, touchpoints: Iterable[Touchpoint]) -> bool:
    """True when some touchpoint gives the persona an emotion of its own (`by_persona`)."""
    return any(getattr(persona_values(tp, persona.id), "emotion", None) is not None for tp in touchpoints)


def _column_emotion(column: MapColumn, persona: Persona, touchpoint: dict[str, Touchpoint]) -> float | None:
    if column.tp is None:
        return None
    tp = touchpoint[column.tp.id]
    return persona_emotion(tp, persona.id) if serves_persona(tp, persona.id) else None


def _name(item: Persona) -> str:
    return item.name or item.id


def value_effort(journey: Journey, shown: set[str], money: Callable[[float], str]) -> Matrix | None:
    """Opportunities with 1.1 `value` and `effort` (those concerning a shown touchpoint)."""
    items = [
        (o.title or o.id, o.value, o.effort)
        for o in journey.opportunities
        if o.value is not None and o.effort is not None and (not o.touchpoints or set(o.touchpoints) & shown)
    ]
    return _matrix("value", items, money)


def impact_effort(
    journey: Journey, score: JourneyScore, shown: set[str], customers: Callable[[float], str]
) -> Matrix | None:
    """Actions with 1.1 `effort`; impact is the priority (4.2) of the touchpoints they address, summed."""
    items = []
    for action in journey.actions:
        if action.effort is None or action.status == "dropped":
            continue
        found = [score.by_id[t].priority for t in action.addresses if t in shown and t in score.by_id]
        priorities = [p for p in found if p is not None]
        if priorities:
            items.append((action.title or action.id, sum(priorities), action.effort))
    return _matrix("impact", items, customers)


def _matrix(kind: str, items: list[tuple[str, float, float]], text: Callable[[float], str]) -> Matrix | None:
    if not items:
        return None
    top = max(value for _, value, _ in items) or 1.0
    seen: dict[tuple[float, float], int] = {}
    points = []
    for number, (title, value, effort) in enumerate(items, start=1):
        x = 8 + (effort - 1) / 4 * 84
        y = 92 - value / top * 84
        spot = (round(x), round(y / 4))
        shift = seen.get(spot, 0)
        seen[spot] = shift + 1
        effort_text = f"{effort:g}/5"
        points.append(MatrixPoint(number, title, round(x + 3.5 * shift, 1), round(y, 1), text(value), effort_text))
    return Matrix(kind, tuple(points), text(top))


def comparison(before: JourneyView, after: JourneyView) -> Comparison:
    """The as-is journey next to the to-be: both emotion curves and end-to-end healths."""
    return Comparison(_side(before), _side(after))


def _side(view: JourneyView) -> ComparisonSide:
    known = view.touchpoints
    count = max(1, len(known) - 1)
    dots = []
    for i, tp in enumerate(known):
        if tp.emotion.value is not None:
            x = 4 + 92 * (i / count if len(known) > 1 else 0.5)
            dots.append((round(x, 1), round(emotion_y(tp.emotion.value), 1), tp.emotion.text))
    line = " ".join(f"{x:g},{y:g}" for x, y, _ in dots)
    return ComparisonSide(
        id=view.id,
        title=view.title,
        state_label=view.state_label,
        health=view.health.end_to_end,
        level=view.health.level,
        line=line,
        dots=tuple(dots),
    )
