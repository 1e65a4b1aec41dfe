"""Paper sizes and the printed map's layout: how wide a column is, how much the map is zoomed,
which columns go on which sheet, and the smallest text that reaches the paper.

All of it is computed here, in Python, from the number of map columns and the paper, so the
same journey always prints the same sheets (no measuring in the browser) and a browser's own
"print" gives them too: the page's print CSS carries the numbers. Lengths are CSS pixels
(96 per inch) at zoom 1; a point is 4/3 px.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PAPERS = {"a3": (297, 420), "a2": (420, 594), "a1": (594, 841), "a0": (841, 1189)}  # mm, portrait: width, height
DEFAULT_PAPER = "a3"
MARGIN_MM = 10  # every side of every sheet
PX_PER_MM = 96 / 25.4
PT_PER_PX = 0.75
MIN_PT = 7.0  # nothing printed smaller (SPEC §4.4)
# The smallest font the print CSS gives any text (0.75rem of the 12.8 px print root: 9.6 px = 7.2 pt);
# tests/test_render.py checks the stylesheet keeps to it, tests/test_browser.py measures the PDF.
SMALLEST_PX = 9.6
LANE_HEAD_PX = 136  # the lane titles' column
FIT_COLUMN_PX = 87  # the narrowest column a one-sheet map gets before it is zoomed out
TILE_COLUMN_PX = 104  # the narrowest column on tiled sheets
FIT_ZOOM_MAX = {"a3": 1.0, "a2": 1.25, "a1": 1.5, "a0": 1.8}  # a few touchpoints do not fill an A0 sheet
# The zoom a tiled sheet aims at: a larger sheet hangs on a wall and is read from further away.
# Strips of the map are stacked while they fit at that zoom, then zoomed (up to 5 % more) towards the height.
TILE_ZOOM = {"a3": 1.0, "a2": 1.15, "a1": 1.3, "a0": 1.5}
TILE_STRETCH = 1.05
# The tallest each part of a map strip may print (CSS px at zoom 1; the print CSS cuts a cell off
# there, its text clamped to fewer lines before that): the page's style block writes these out, so
# a strip's height is known here and as many strips as fit are stacked on one sheet.
FRAME_PX = {"band": 76, "phase": 24, "stage": 76}
LANE_PX = {
    "touchpoints": 120,
    "flow": 80,
    "actions": 66,
    "thoughts": 100,
    "emotion": 150,
    "moments": 100,
    "owners": 40,
    "backstage": 80,
    "opportunities": 80,
}
ROW_RULE_PX = 1  # each row's bottom border
STRIP_GAP_PX = 12  # between two strips on one sheet


@dataclass(frozen=True, slots=True)
class PrintLayout:
    """How the map prints: the paper, the zoom, the column width and the columns of each sheet."""

    paper: str
    width_mm: int  # landscape
    height_mm: int
    tile: bool
    zoom: float
    column_px: float  # 0: columns share the sheet's width (one sheet)
    sheets: tuple[tuple[int, int], ...]  # [start, stop) column ranges, one per strip of the map
    smallest_pt: float  # the smallest text on the map sheets, in points on paper
    per_page: int = 1  # strips stacked on one sheet of paper

    @property
    def heights(self) -> tuple[tuple[str, int], ...]:
        """CSS selectors of a strip's parts and the most each may take, for the page's print CSS."""
        frame = {"band": ".sheet-band", "phase": ".map .phase", "stage": ".map .stage-head"}
        parts = [(frame[key], px) for key, px in FRAME_PX.items()]
        # the emotion lane has its fixed height (its markers may reach over its edge)
        parts += [
            (f".map .lane-{lane}, .map .lane-head-{lane}", px) for lane, px in LANE_PX.items() if lane != "emotion"
        ]
        return tuple(parts)

    @property
    def pages(self) -> int:
        """Sheets of paper the map takes."""
        return -(-len(self.sheets) // self.per_page)

    @property
    def readable(self) -> bool:
        """True when no printed text is below MIN_PT."""
        return self.smallest_pt >= MIN_PT


def landscape(paper: str) -> tuple[int, int]:
    """The paper's width and height in mm, landscape."""
    short, long = PAPERS[paper]
    return long, short


def usable_px(paper: str) -> tuple[float, float]:
    """The printable width and height of a sheet inside its margins, in CSS px."""
    width, height = landscape(paper)
    return (width - 2 * MARGIN_MM) * PX_PER_MM, (height - 2 * MARGIN_MM) * PX_PER_MM


def strip_px(lanes: tuple[str, ...] | None = None) -> int:
    """The tallest a map strip with these lanes prints (all lanes when None), at zoom 1."""
    shown = LANE_PX if lanes is None else {lane: LANE_PX[lane] for lane in lanes}
    rows = len(FRAME_PX) - 1 + len(shown)
    return sum(FRAME_PX.values()) + sum(shown.values()) + rows * ROW_RULE_PX


def fit_zoom(columns: int, paper: str, strip: int | None = None) -> float:
    """The zoom that puts `columns` columns of at least FIT_COLUMN_PX on one sheet, the map's full
    height on it too."""
    width, height = usable_px(paper)
    needed = LANE_HEAD_PX + max(1, columns) * FIT_COLUMN_PX
    return _floor(min(FIT_ZOOM_MAX[paper], width / needed, height / (strip or strip_px())), 3)


def layout(columns: int, paper: str = DEFAULT_PAPER, *, tile: bool = False, strip: int | None = None) -> PrintLayout:
    """The print layout of a map with `columns` columns on `paper`, on one sheet or tiled; `strip`
    is the tallest a strip of the map prints (strip_px of its lanes)."""
    width_mm, height_mm = landscape(paper)
    count = max(1, columns)
    tall = strip or strip_px()
    if not tile:
        zoom = fit_zoom(count, paper, tall)
        return PrintLayout(paper, width_mm, height_mm, False, zoom, 0.0, ((0, columns),), _pt(zoom))
    width, height = usable_px(paper)
    per_page = max(1, int(height // ((tall + STRIP_GAP_PX) * TILE_ZOOM[paper])))
    zoom = _floor(min(TILE_ZOOM[paper] * TILE_STRETCH, height / (per_page * (tall + STRIP_GAP_PX))), 3)
    per_sheet = max(1, int((width / zoom - LANE_HEAD_PX) // TILE_COLUMN_PX))
    sheets = math.ceil(count / per_sheet)
    per_sheet = math.ceil(count / sheets)  # spread evenly: no last sheet with one lonely column
    column_px = _floor((width / zoom - LANE_HEAD_PX) / per_sheet - 0.5, 1)
    ranges = tuple((start, min(columns, start + per_sheet)) for start in range(0, count, per_sheet))
    per_page = min(per_page, len(ranges))
    return PrintLayout(paper, width_mm, height_mm, True, zoom, column_px, ranges, _pt(zoom), per_page)


def readable_paper(columns: int, strip: int | None = None) -> str | None:
    """The smallest paper on which the map fits one sheet at MIN_PT or more, None when none does."""
    for paper in PAPERS:
        if _pt(fit_zoom(columns, paper, strip)) >= MIN_PT:
            return paper
    return None


def _pt(zoom: float) -> float:
    return round(SMALLEST_PX * PT_PER_PX * zoom, 2)


def _floor(value: float, decimals: int) -> float:
    scale = 10**decimals
    return math.floor(value * scale) / scale
