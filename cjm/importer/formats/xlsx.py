"""Reading an `.xlsx` workbook with openpyxl: values only, nothing evaluated, nothing fetched.

The zip's directory is checked before any XML is parsed: the sum of its uncompressed
sizes must stay within the size limit (a zip bomb is refused, not inflated). openpyxl
parses with defusedxml (no entity expansion), never follows external links and drops
macros; formulas are read as their cached value, else as their text. Merged cells give
their value to every cell they cover, with a warning.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from cjm.importer.headers import is_default_sheet_name, sheet_kind
from cjm.importer.report import Cell, ImportProblem, Source, Table

EMBEDDED_SHEET = "cjm-journey"  # the hidden sheet of a `cjm export` workbook
EMBEDDED_MARK = "cjm export 1"  # its first cell; the journey text follows, one chunk a row
MAX_ENTRIES = 10_000
MAX_FILLED = 1_000_000


def read(data: bytes, shown: str, limit: int) -> Source:
    """The touchpoint sheet, the action plan and any exported journey of a workbook."""
    macros = check_zip(data, shown, limit)
    values = _load(data, shown, data_only=False)
    cached = _load(data, shown, data_only=True) if _has_formulas(values) else None
    warnings = [f"{shown}: the workbook holds macros; they are ignored, never run"] if macros else []
    tables: list[tuple[str | None, Table]] = []
    embedded = None
    for sheet in values.worksheets:
        if sheet.title == EMBEDDED_SHEET:
            embedded = _embedded(sheet, shown, limit)
            continue
        table = _table(sheet, cached[sheet.title] if cached is not None else None, warnings)
        if table is not None and sheet.sheet_state == "visible":
            tables.append((sheet_kind(sheet.title), table))
    touchpoints = _pick(tables, shown)
    actions = next((table for kind, table in tables if kind == "actions"), None)
    personas = next((table for kind, table in tables if kind == "personas"), None)
    title = None if sheet_kind(touchpoints.name) or is_default_sheet_name(touchpoints.name) else touchpoints.name
    return Source(touchpoints, actions, personas, embedded=embedded, title=title, warnings=warnings)


def check_zip(data: bytes, shown: str, limit: int) -> bool:
    """Refuse what is no zip, or whose uncompressed size exceeds the limit; True when it holds macros."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportProblem(f"{shown}: not an .xlsx workbook (not a zip file); save it as .xlsx or CSV") from None
    if len(entries) > MAX_ENTRIES:
        raise ImportProblem(f"{shown}: the workbook has {len(entries)} parts; refusing (at most {MAX_ENTRIES})")
    total = sum(entry.file_size for entry in entries)
    if total > limit:
        raise ImportProblem(
            f"{shown}: the workbook unpacks to {total:,} bytes, more than the size limit of {limit:,}"
            " (limits.file_mb in .cjm.yaml); refusing it unread"
        )
    return any(entry.filename.lower().endswith("vbaproject.bin") for entry in entries)


def _load(data: bytes, shown: str, *, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False, keep_vba=False)
    except Exception as exc:  # a hostile or broken file may fail anywhere inside the library
        if _entities(exc):
            raise ImportProblem(
                f"{shown}: the workbook's XML declares entities; refusing it (never expanded)"
            ) from None
        raise ImportProblem(
            f"{shown}: cannot read the workbook ({type(exc).__name__}); save it again as .xlsx"
        ) from None


def _entities(exc: BaseException | None) -> bool:
    """Whether defusedxml refused a DTD, an entity or an external reference somewhere in the chain."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _has_formulas(book: Any) -> bool:
    return any(cell.data_type == "f" for sheet in book.worksheets for cell in sheet._cells.values())


def _cells(sheet: Any) -> dict[tuple[int, int], Any]:
    """The cells that exist, by (row, column): never the empty grid up to the last cell."""
    return dict(sheet._cells)


def _value(cell: Any, cached: Any, warnings: list[str], where: str) -> object:
    value = cell.value
    if cell.data_type == "f":
        saved = cached._cells.get((cell.row, cell.column)) if cached is not None else None
        if saved is not None and saved.value is not None:
            return saved.value
        text = value if isinstance(value, str) else getattr(value, "text", None) or str(value)
        warnings.append(f"{where}: a formula without a saved value; its text is read, never run")
        return text
    if value is not None and not isinstance(value, (str, int, float, bool)) and not hasattr(value, "isoformat"):
        return str(value)
    return value


def _table(sheet: Any, cached: Any, warnings: list[str]) -> Table | None:
    """The sheet as a header and rows over the columns that hold anything."""
    from openpyxl.utils import get_column_letter

    grid: dict[tuple[int, int], object] = {}
    for (row, column), cell in _cells(sheet).items():
        value = _value(cell, cached, warnings, f"{sheet.title}!{get_column_letter(column)}{row}")
        if value is not None and not (isinstance(value, str) and not value.strip()):
            grid[(row, column)] = value
    _fill_merged(sheet, grid, warnings)
    if not grid:
        return None
    row_numbers = sorted({row for row, _ in grid})
    columns = sorted({column for _, column in grid})
    letters = {column: get_column_letter(column) for column in columns}

    def cells(row: int) -> list[Cell]:
        return [Cell(grid.get((row, c)), f"{sheet.title}!{letters[c]}{row}") for c in columns]

    return Table(sheet.title, cells(row_numbers[0]), [cells(row) for row in row_numbers[1:]], decimal_comma=True)


def _fill_merged(sheet: Any, grid: dict[tuple[int, int], object], warnings: list[str]) -> None:
    """Each merged range gives its first cell's value to the cells it covers in rows and columns with data.

    Bounded: a hostile workbook's merges can cover the whole grid, so at most MAX_FILLED cells are filled.
    """
    rows = sorted({row for row, _ in grid})
    columns = sorted({column for _, column in grid})
    filled = 0
    ranges = list(sheet.merged_cells.ranges)
    if ranges:
        shown = ", ".join(f"{sheet.title}!{merged.coord}" for merged in ranges[:10])
        more = f" and {len(ranges) - 10} more" if len(ranges) > 10 else ""
        warnings.append(f"{shown}{more}: merged cells; each one's value is read for every row it covers")
    for merged in ranges:
        top = grid.get((merged.min_row, merged.min_col))
        if top is None:
            continue
        for row in (r for r in rows if merged.min_row <= r <= merged.max_row):
            for column in (c for c in columns if merged.min_col <= c <= merged.max_col):
                grid[(row, column)] = top
                filled += 1
                if filled > MAX_FILLED:
                    raise ImportProblem(f"{sheet.title}: merged cells cover more than {MAX_FILLED:,} cells; refusing")


def _pick(tables: list[tuple[str | None, Table]], shown: str) -> Table:
    """The touchpoint sheet: one named so, else the first sheet that is no action plan or score sheet."""
    for kind, table in tables:
        if kind == "touchpoints":
            return table
    for kind, table in tables:
        if kind is None:
            return table
    raise ImportProblem(
        f"{shown}: no sheet with touchpoints (every sheet is empty, hidden, personas or an action plan)"
    )


def _embedded(sheet: Any, shown: str, limit: int) -> str | None:
    """The journey text a `cjm export` hid in the workbook, or None when the sheet is not cjm's."""
    cells = _cells(sheet)
    first = cells.get((1, 1))
    if first is None or first.value != EMBEDDED_MARK:
        return None
    chunks = [cells[(row, 1)].value for row in sorted(r for (r, c) in cells if c == 1 and r > 1)]
    text = "".join(chunk for chunk in chunks if isinstance(chunk, str))
    if len(text) > limit:
        raise ImportProblem(f"{shown}: the exported journey is larger than the size limit")
    return text
