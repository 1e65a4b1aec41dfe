"""The metrics overlay (SPEC §2): a spreadsheet's CSV of touchpoint metrics that overrides the map's.

Reads what a Nordic spreadsheet exports: `,`, `;` or tab separated (sniffed from the
header), decimal comma with `;` (and tab), a space (and in a `;` file's volumes a dot) grouping thousands,
UTF-8 with or without BOM (UTF-16 with a BOM too), else Windows-1252. Every cell is data:
nothing is ever evaluated, so a cell like `=HYPERLINK(...)` is simply a bad number.
Errors raise MetricsError with a message that starts `file.csv:LINE: `.

Format 1.1 (SPEC §2.1): a column named by a KPI id (a slug) carries that KPI's value at the
touchpoint, and a `persona` column makes a row the persona's own values (`by_persona`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cjm import spreadsheet
from cjm.errors import JobError
from cjm.index import JourneyIndex
from cjm.load import DEFAULT_LIMIT_MB, InputError, TextProblem, read_bytes
from cjm.model import MAX_VOLUME, SLUG_PATTERN, Journey, PersonaValues

# column -> (lowest, highest, whole numbers only)
COLUMNS: dict[str, tuple[float, float, bool]] = {
    "volume": (0, MAX_VOLUME, True),
    "drop_off": (0, 1, False),
    "complaints": (0, 1, False),
    "csat": (1, 5, False),
    "nps": (-100, 100, False),
    "ces": (1, 7, False),
}
KEYS = ("touchpoint", "journey", "persona")  # the columns that say which touchpoint a row is about
SHARES = ("drop_off", "complaints")  # a trailing % is accepted for these
_SLUG = re.compile(SLUG_PATTERN)


class MetricsError(JobError):
    """A bad metrics CSV: the message starts with `file.csv:LINE: ` (exit 2)."""


@dataclass(frozen=True)
class MetricsRow:
    """One data row: which touchpoint (of which journey, if named) gets which values."""

    line: int
    touchpoint: str
    journey: str | None
    values: Mapping[str, float | int]  # metric and KPI values by column
    persona: str | None = None  # format 1.1: the values are this persona's (`by_persona`)


@dataclass(frozen=True)
class MetricsOverlay:
    """A parsed metrics CSV."""

    path: str
    columns: tuple[str, ...]
    rows: tuple[MetricsRow, ...]
    header_line: int = 1

    @property
    def kpi_columns(self) -> tuple[str, ...]:
        """The columns named by a KPI id (format 1.1)."""
        return tuple(name for name in self.columns if name not in KEYS and name not in COLUMNS)


def load_metrics_csv(path: str, limit_mb: float = DEFAULT_LIMIT_MB) -> MetricsOverlay:
    """Read and check a metrics CSV (size-limited); MetricsError when it cannot be used."""
    return parse_metrics_bytes(read_metrics_bytes(path, limit_mb), path)


def read_metrics_bytes(path: str, limit_mb: float = DEFAULT_LIMIT_MB) -> bytes:
    """The bytes of a metrics CSV ('-': standard input), bounded by the size limit; MetricsError when unreadable."""
    try:
        return read_bytes(path, limit_mb)
    except TextProblem as exc:
        raise MetricsError(f"{_shown(path)}: {exc.message}") from None
    except InputError as exc:
        raise MetricsError(str(exc).replace("\\", "/")) from None


def parse_metrics_bytes(data: bytes, path: str) -> MetricsOverlay:
    """Decode and parse the bytes of a metrics CSV read from path."""
    shown = _shown(path)
    return parse_metrics_text(decode_csv(data, shown), shown)


def _shown(path: str) -> str:
    return path.replace("\\", "/")


def decode_csv(data: bytes, shown: str = "<csv>") -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252 (cjm.spreadsheet)."""
    try:
        return spreadsheet.decode_csv(data, shown)
    except spreadsheet.CsvTextError as exc:
        raise MetricsError(str(exc)) from None


def parse_metrics_text(text: str, shown: str = "<csv>") -> MetricsOverlay:
    """Parse CSV text: header, then one row per touchpoint; MetricsError at the first problem."""
    lines = text.splitlines(keepends=True)
    skip, delimiter = spreadsheet.csv_layout(lines)
    if delimiter is None:
        raise MetricsError(f"{shown}:1: the file is empty; expected a header 'touchpoint,volume,...'")
    reader = csv.reader(io.StringIO("".join(lines[skip:]), newline=""), delimiter=delimiter, strict=True)
    rows: list[MetricsRow] = []
    columns: tuple[str, ...] = ()
    header_line = 1
    seen: dict[tuple[str | None, str, str | None], int] = {}
    line = skip + 1
    try:
        for cells in reader:
            start, line = line, skip + reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if not columns:
                columns = _header(cells, shown, start)
                header_line = start
                continue
            row = _row(cells, columns, delimiter, shown, start)
            _check_repeat(row, seen, shown)
            rows.append(row)
    except csv.Error as exc:
        raise MetricsError(f"{shown}:{skip + reader.line_num}: not valid CSV ({exc})") from None
    if not columns:
        raise MetricsError(f"{shown}:1: the file is empty; expected a header 'touchpoint,volume,...'")
    return MetricsOverlay(shown, columns, tuple(rows), header_line)


def _header(cells: list[str], shown: str, line: int) -> tuple[str, ...]:
    names = tuple(cell.strip().lower() for cell in cells)
    known = (*KEYS, *COLUMNS)
    for name in names:
        if name not in known and (not _SLUG.match(name) or name.startswith("x-")):
            raise MetricsError(
                f"{shown}:{line}: unknown column {name!r} (known: {', '.join(known)}, or the id of a journey KPI)"
            )
    for name in names:
        if names.count(name) > 1:
            raise MetricsError(f"{shown}:{line}: the column {name!r} appears twice")
    if "touchpoint" not in names:
        raise MetricsError(f"{shown}:{line}: the header has no 'touchpoint' column")
    return names


def _row(cells: list[str], columns: tuple[str, ...], delimiter: str, shown: str, line: int) -> MetricsRow:
    if len(cells) != len(columns):
        hint = " (a decimal comma needs ';' as the separator)" if delimiter == "," else ""
        raise MetricsError(f"{shown}:{line}: {len(cells)} cells, but the header has {len(columns)} columns{hint}")
    record = {name: cell.strip() for name, cell in zip(columns, cells, strict=True)}
    touchpoint = record["touchpoint"]
    if not touchpoint:
        raise MetricsError(f"{shown}:{line}: the touchpoint cell is empty")
    values: dict[str, float | int] = {}
    for name in columns:
        if name not in KEYS and record[name]:
            values[name] = parse_value(name, record[name], delimiter, f"{shown}:{line}")
    return MetricsRow(line, touchpoint, record.get("journey") or None, values, record.get("persona") or None)


def _check_repeat(row: MetricsRow, seen: dict[tuple[str | None, str, str | None], int], shown: str) -> None:
    key = (row.journey, row.touchpoint, row.persona)
    if key in seen:
        whose = "" if row.persona is None else f" for persona {row.persona!r}"
        raise MetricsError(
            f"{shown}:{row.line}: touchpoint {row.touchpoint!r} is listed again{whose} (first on line {seen[key]})"
        )
    seen[key] = row.line


def parse_value(name: str, cell: str, delimiter: str, where: str) -> float | int:
    """One number cell, checked against its column's range; MetricsError naming `where`."""
    lowest, highest, whole = COLUMNS.get(name, (-math.inf, math.inf, False))  # a KPI: any finite number
    value = spreadsheet.read_number(cell, delimiter, whole=whole, share=name in SHARES)
    if value is None:
        raise MetricsError(f"{where}: {name}: {cell!r} is not a number")
    if whole and not value.is_integer():
        raise MetricsError(f"{where}: {name}: {cell!r} is not a whole number")
    if not (lowest <= value <= highest):
        span = (
            "a finite number"
            if lowest == -math.inf
            else f">= {lowest:g}"
            if highest == math.inf
            else f"{lowest:g}..{highest:g}"
        )
        raise MetricsError(f"{where}: {name}: {cell!r} is out of range ({span})")
    return int(value) if whole else value


def check_overlay(overlay: MetricsOverlay, journeys: Iterable[Journey]) -> None:
    """Every row must match a given journey, touchpoint, persona and KPIs; MetricsError at the first that does not.

    Each journey's lookup tables are built once, so the check stays linear in rows and touchpoints.
    """
    by_id: dict[str, list[JourneyIndex]] = {}
    for journey in journeys:
        by_id.setdefault(journey.id, []).append(JourneyIndex(journey))
    indexes = [index for group in by_id.values() for index in group]
    kpis = {index: {kpi.id for kpi in index.journey.kpis} for index in indexes}
    declared = set().union(*kpis.values()) if kpis else set()
    for name in overlay.kpi_columns:
        if name not in declared:
            listed = f"; KPIs of the given journeys: {', '.join(sorted(declared))}" if declared else ""
            raise MetricsError(
                f"{overlay.path}:{overlay.header_line}: unknown column {name!r} "
                f"(known: {', '.join((*KEYS, *COLUMNS))}, or a KPI id{listed})"
            )
    for row in overlay.rows:
        where = f"{overlay.path}:{row.line}"
        if row.journey is None:
            targets = [index for index in indexes if row.touchpoint in index.touchpoint]
            if not targets:
                raise MetricsError(f"{where}: touchpoint {row.touchpoint!r} is in none of the given journeys")
        elif row.journey not in by_id:
            known = ", ".join(sorted(by_id)) or "none"
            raise MetricsError(f"{where}: journey {row.journey!r} is not among the given journeys ({known})")
        else:
            targets = by_id[row.journey]
            if all(row.touchpoint not in index.touchpoint for index in targets):
                raise MetricsError(f"{where}: journey {row.journey!r} has no touchpoint {row.touchpoint!r}")
        for index in targets:
            _check_row_in(index, kpis[index], row, where)


def _check_row_in(index: JourneyIndex, kpis: set[str], row: MetricsRow, where: str) -> None:
    """A row's KPI columns must be KPIs of the journey, and its persona one the touchpoint serves."""
    journey = index.journey
    for name in row.values:
        if name not in COLUMNS and name not in kpis:
            raise MetricsError(f"{where}: {name!r} is no KPI of journey {journey.id!r} (declare it under kpis)")
    if row.persona is None:
        return
    if str(journey.cjm) != "1.1":
        raise MetricsError(f"{where}: a persona row needs a format 1.1 journey ({journey.id!r} says cjm: 1)")
    if row.persona not in index.persona_at:
        raise MetricsError(f"{where}: journey {journey.id!r} has no persona {row.persona!r}")
    tp = index.touchpoint.get(row.touchpoint)
    if tp is not None and tp.personas and row.persona not in tp.personas:
        raise MetricsError(f"{where}: touchpoint {row.touchpoint!r} does not serve persona {row.persona!r}")


def apply_overlay(journey: Journey, overlay: MetricsOverlay) -> Journey:
    """A new journey whose touchpoint metrics (and 1.1 per-persona values) are overridden by the rows for it.

    Rows without a journey apply first, rows naming this journey after them.
    """
    updates: dict[str, dict[str, float | int]] = {}
    personas: dict[str, dict[str, dict[str, float | int]]] = {}
    for specific in (False, True):
        for row in overlay.rows:
            if (row.journey is not None) != specific or (specific and row.journey != journey.id):
                continue
            if row.persona is None:
                updates.setdefault(row.touchpoint, {}).update(row.values)
            else:
                personas.setdefault(row.touchpoint, {}).setdefault(row.persona, {}).update(row.values)
    if not updates and not personas:
        return journey
    touchpoints = []
    for tp in journey.touchpoints:
        changes: dict[str, object] = {}
        if tp.id in updates:
            changes["metrics"] = tp.metrics.model_copy(update=updates[tp.id])
        if tp.id in personas:
            by_persona = dict(tp.by_persona or {})
            for persona, values in personas[tp.id].items():
                current = by_persona.get(persona)
                by_persona[persona] = (
                    PersonaValues.model_validate(values) if current is None else current.model_copy(update=values)
                )
            changes["by_persona"] = by_persona
        touchpoints.append(tp.model_copy(update=changes) if changes else tp)
    return journey.model_copy(update={"touchpoints": touchpoints})
