"""`cjm score --format csv`: one row per touchpoint for Excel, safe from formula injection."""

from __future__ import annotations

import csv
import io

from cjm.numbers import rounded
from cjm.score.formats.json import FACTOR_KEYS
from cjm.score.formats.words import action, drivers
from cjm.score.report import ScoredJourney, ScoreResult, ScoreView

COLUMNS = (
    "journey",
    "path",
    "rank",
    "key_moment",
    "touchpoint",
    "name",
    "stage",
    "stage_name",
    "class",
    "action",
    "pain",
    "truth",
    "health",
    "confidence",
    "missing",
    *FACTOR_KEYS,
    "why",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so Excel reads the file as UTF-8 (æ, ø, å)


def safe_cell(value: str | float | int | None) -> str | float | int:
    """A text cell starting with = + - @, tab or CR gets a leading ' so no spreadsheet runs it."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render(result: ScoreResult, view: ScoreView) -> str:
    """Header, then every shown touchpoint of every journey in journey order; BOM first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for scored in result.journeys:
        for row in _rows(scored):
            writer.writerow([safe_cell(cell) for cell in row])
    return BOM + out.getvalue()


def _rows(scored: ScoredJourney) -> list[list[str | float | int | None]]:
    touchpoints = {tp.id: tp for tp in scored.journey.touchpoints}
    stages = {stage.id: stage for stage in scored.journey.stages}
    ranks = {s.id: i for i, s in enumerate(scored.ranked(), start=1)}
    rows: list[list[str | float | int | None]] = []
    for s in scored.shown:
        tp, stage = touchpoints[s.id], stages[s.stage]
        factors = [_round(getattr(s.factors, key), 3) for key in FACTOR_KEYS]
        rows.append(
            [
                scored.journey.id,
                scored.path,
                ranks.get(s.id),
                "yes" if s.key_moment else "no",
                s.id,
                tp.name,
                stage.id,
                stage.name,
                s.cls,
                action(s.cls),
                _round(s.pain, 1),
                _round(s.truth, 1),
                _round(s.health, 1),
                s.confidence,
                " ".join(s.missing),
                *factors,
                "; ".join(drivers(tp, s, scored.settings)),
            ]
        )
    return rows


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else rounded(value, digits)
