"""`cjm score --format csv`: one row per touchpoint for Excel, safe from formula injection."""

from __future__ import annotations

import csv
import io

from cjm.numbers import rounded
from cjm.score.formats.words import action, drivers
from cjm.score.report import ScoredJourney, ScoreResult, ScoreView
from cjm.scoring import FACTOR_NAMES
from cjm.spreadsheet import BOM, safe_cell

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
    "volume",
    "severity",
    "at_stake",
    "priority",
    "delight",
    "delighted",
    "pain",
    "truth",
    "health",
    "confidence",
    "missing",
    *FACTOR_NAMES,
    "why",
)


def render(result: ScoreResult, view: ScoreView) -> str:
    """Header, then every scored touchpoint of every journey in journey order; BOM first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for scored in result.journeys:
        for row in _rows(scored):
            writer.writerow([safe_cell(cell) for cell in row])
    return BOM + out.getvalue()


def _rows(scored: ScoredJourney) -> list[list[str | float | int | None]]:
    """`rank` is the place in fix_first (pain points) or in protect (moments of truth); empty for neutral."""
    ranks = {tp_id: i for i, tp_id in enumerate(scored.score.fix_first, start=1)}
    ranks.update((tp_id, i) for i, tp_id in enumerate(scored.score.protect, start=1))
    rows: list[list[str | float | int | None]] = []
    for s in scored.shown:
        tp, stage = scored.touchpoint[s.id], scored.stage[s.stage]
        factors = [_round(value, 3) for value in s.factors.as_dict().values()]
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
                _round(s.volume, 0),
                _round(s.severity, 3),
                _round(s.at_stake, 0),
                _round(s.priority, 0 if scored.score.volume_known else 3),
                _round(s.delight, 3),
                _round(s.delighted, 0),
                _round(s.pain, 1),
                _round(s.truth, 1),
                _round(s.health, 1),
                s.confidence,
                " ".join(s.missing),
                *factors,
                "; ".join(drivers(scored, s)),
            ]
        )
    return rows


def _round(value: float | None, digits: int) -> float | int | None:
    if value is None:
        return None
    return int(rounded(value, 0)) if digits == 0 else rounded(value, digits)
