"""The emotion curve, cut into one piece per map column.

Each column of the handout draws its own slice of one continuous polyline through the
known emotions (column centres), interpolated across columns without a value. Slices
are in percent of the cell, so the curve follows the columns at any width (screen or
A3 print) without measuring anything in the browser. Linear in the number of columns.
"""

from __future__ import annotations

from cjm.render.view import CurvePoint

TOP, BOTTOM = 12.0, 88.0  # +2 and -2 as percent of the cell height


def emotion_y(value: float) -> float:
    """The height of an emotion -2..+2 in percent of the cell (+2 at the top)."""
    return TOP + (2 - value) / 4 * (BOTTOM - TOP)


def curve_points(
    values: list[float | None], linked: list[bool] | None = None, branches: list[bool] | None = None
) -> list[CurvePoint]:
    """One CurvePoint per column; values are emotions (None: no point in that column).

    `linked[i]` is False where the flow does not go on from column i to column i + 1 (an end, a
    jump or a loop back): the curve still follows journey order there, dashed. `branches[i]` marks
    a column where the flow branches.
    """
    ys = [None if v is None else emotion_y(v) for v in values]
    count = len(ys)
    links = linked if linked is not None else [True] * count
    forks = branches if branches is not None else [False] * count
    before = _nearest(ys, range(count))
    after = _nearest(ys, range(count - 1, -1, -1))

    def edge(e: int) -> float | None:
        """The curve's height at the edge between columns e - 1 and e, where it passes."""
        if e <= 0 or e >= count:
            return None
        left, right = before[e - 1], after[e]
        if left is None or right is None:
            return None
        y_left, y_right = ys[left], ys[right]
        assert y_left is not None and y_right is not None
        return y_left + (y_right - y_left) * (e - left - 0.5) / (right - left)

    out = []
    for i, y in enumerate(ys):
        left_on = i == 0 or links[i - 1]
        solid, dashed = _halves(edge(i), y, edge(i + 1), left_on, links[i])
        out.append(CurvePoint(solid, None if y is None else round(y, 1), dashed, forks[i]))
    return out


def _halves(
    left: float | None, centre: float | None, right: float | None, left_on: bool, right_on: bool
) -> tuple[str, str]:
    """The column's slice as (solid, dashed) path data: a half is dashed where the flow does not go on."""
    if left_on and right_on:
        return _path(left, centre, right), ""
    if centre is None:
        return "", _path(left, None, right)
    left_half, right_half = _path(left, centre, None), _path(None, centre, right)
    solid = " ".join(p for p, on in ((left_half, left_on), (right_half, right_on)) if on and p)
    dashed = " ".join(p for p, on in ((left_half, left_on), (right_half, right_on)) if not on and p)
    return solid, dashed


def _nearest(ys: list[float | None], order: range) -> list[int | None]:
    """For each column, the nearest column with a value in the sweep direction (itself included)."""
    found: list[int | None] = [None] * len(ys)
    last: int | None = None
    for i in order:
        if ys[i] is not None:
            last = i
        found[i] = last
    return found


def _path(left: float | None, centre: float | None, right: float | None) -> str:
    """SVG path data through the edge and centre heights that exist."""
    points = [(x, y) for x, y in ((0, left), (50, centre), (100, right)) if y is not None]
    if len(points) < 2:
        return ""
    return " ".join(f"{'M' if k == 0 else 'L'}{x} {y:.1f}" for k, (x, y) in enumerate(points))
