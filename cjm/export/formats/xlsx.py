"""`cjm export --format xlsx`: one workbook per journey, byte-identical for the same journey.

Visible sheets: touchpoints (the columns `cjm import` reads), scores and actions. Text is
written as typed string cells, never a formula, even when it starts with `=`. A hidden
sheet holds the whole journey text (split over cells: Excel holds at most 32,767
characters a cell), so `cjm import` of the edited workbook keeps everything the visible
sheets do not show. Document dates are fixed and the zip is rewritten with fixed entry
times, so two exports of one journey are the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from cjm.export.report import Book, Column, SheetData
from cjm.importer.columns import cell_text
from cjm.importer.formats.xlsx import EMBEDDED_MARK, EMBEDDED_SHEET

CHUNK = 32_000  # characters per cell of the hidden sheet (Excel's limit is 32,767)
FIXED_TIME = dt.datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def write(book: Book) -> list[tuple[str, bytes]]:
    """The workbook of one journey, as `.xlsx` bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in book.sheets:
        _sheet(workbook.create_sheet(_title(sheet.title)), sheet)
    hidden = workbook.create_sheet(EMBEDDED_SHEET)
    hidden.sheet_state = "hidden"
    _text(hidden.cell(row=1, column=1), EMBEDDED_MARK)
    for number, start in enumerate(range(0, len(book.journey_text), CHUNK), start=2):
        _text(hidden.cell(row=number, column=1), book.journey_text[start : start + CHUNK])
    workbook.properties.creator = "cjm"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return [(".xlsx", _fixed_times(buffer.getvalue()))]


def _title(text: str) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if char in "[]:*?/\\" else char for char in text)[:31]


def _sheet(target: Any, sheet: SheetData) -> None:
    from openpyxl.styles import Alignment, Font

    for column, spec in enumerate(sheet.columns, start=1):
        cell = target.cell(row=1, column=column)
        _text(cell, spec.header)
        cell.font = Font(bold=True)
    for row_number, row in enumerate(sheet.rows, start=2):
        for column, (spec, value) in enumerate(zip(sheet.columns, row, strict=True), start=1):
            if value is not None:
                _value(target.cell(row=row_number, column=column), spec, value)
    target.freeze_panes = "A2"
    for column, spec in enumerate(sheet.columns, start=1):
        letter = target.cell(row=1, column=column).column_letter
        target.column_dimensions[letter].width = 12 if spec.kind != "text" else 24
    for row in target.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "s":
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _value(cell: Any, spec: Column, value: object) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
        if spec.kind == "share":
            cell.number_format = "0.0%"
        return
    _text(cell, value if isinstance(value, str) else str(value))


def _text(cell: Any, text: str) -> None:
    """A typed string cell: never a formula, whatever the text starts with."""
    cell.value = cell_text(text)
    cell.data_type = "s"


def _fixed_times(data: bytes) -> bytes:
    """The zip with every entry dated 1980-01-01, in its order, so the bytes depend on the content only."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":  # openpyxl stamps the save time; the journey has none
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(info, content)
    return out.getvalue()
