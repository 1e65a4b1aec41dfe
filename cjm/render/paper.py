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
# Zoom on the larger papers: a wall poster is read from further away, and the sheet has room.
TILE_ZOOM = {"a3": 1.0, "a2": 1.15, "a1": 1.3, "a0": 1.5}
FIT_ZOOM_MAX = {"a3": 1.0, "a2": 1.25, "a1": 1.5, "a0": 1.8}
SHEET_BAND_PX = 64  # the title band above a map sheet


@dataclass(frozen=True, slots=True)
class PrintLayout:
    """How the map prints: the paper, the zoom, the column width and the columns of each sheet."""

    paper: str
    width_mm: int  # landscape
    height_mm: int
    tile: bool
    zoom: float
    column_px: float  # 0: columns share the sheet's width (one sheet)
    sheets: tuple[tuple[int, int], ...]  # [start, stop) column ranges, one per sheet
    smallest_pt: float  # the smallest text on the map sheets, in points on paper

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


def fit_zoom(columns: int, paper: str) -> float:
    """The zoom that puts `columns` columns of at least FIT_COLUMN_PX on one sheet."""
    width, _ = usable_px(paper)
    needed = LANE_HEAD_PX + max(1, columns) * FIT_COLUMN_PX
    return _floor(min(FIT_ZOOM_MAX[paper], width / needed), 3)


def layout(columns: int, paper: str = DEFAULT_PAPER, *, tile: bool = False) -> PrintLayout:
    """The print layout of a map with `columns` columns on `paper`, on one sheet or tiled."""
    width_mm, height_mm = landscape(paper)
    count = max(1, columns)
    if not tile:
        zoom = fit_zoom(count, paper)
        return PrintLayout(paper, width_mm, height_mm, False, zoom, 0.0, ((0, columns),), _pt(zoom))
    zoom = TILE_ZOOM[paper]
    width, _ = usable_px(paper)
    per_sheet = max(1, int((width / zoom - LANE_HEAD_PX) // TILE_COLUMN_PX))
    sheets = math.ceil(count / per_sheet)
    per_sheet = math.ceil(count / sheets)  # spread evenly: no last sheet with one lonely column
    column_px = _floor((width / zoom - LANE_HEAD_PX) / per_sheet - 0.5, 1)
    ranges = tuple((start, min(columns, start + per_sheet)) for start in range(0, count, per_sheet))
    return PrintLayout(paper, width_mm, height_mm, True, zoom, column_px, ranges, _pt(zoom))


def readable_paper(columns: int) -> str | None:
    """The smallest paper on which the map fits one sheet at MIN_PT or more, None when none does."""
    for paper in PAPERS:
        if _pt(fit_zoom(columns, paper)) >= MIN_PT:
            return paper
    return None


def _pt(zoom: float) -> float:
    return round(SMALLEST_PX * PT_PER_PX * zoom, 2)


def _floor(value: float, decimals: int) -> float:
    scale = 10**decimals
    return math.floor(value * scale) / scale
