"""`cjm export --format csv`: one CSV per sheet (one-way: the hidden journey has no place in a CSV).

A da/nb/nn/sv/fi journey gets what a Nordic spreadsheet opens: `;`-separated, decimal comma
and a BOM; an English one `,` and a decimal point. Text cells that a spreadsheet would run
as a formula get the `'` prefix (cjm.spreadsheet), which `cjm import` strips again.
"""

from __future__ import annotations

import csv
import io

from cjm.export.report import Book
from cjm.spreadsheet import BOM, safe_cell

COMMA_LANGUAGES = ("en",)


def write(book: Book) -> list[tuple[str, bytes]]:
    """One file per visible sheet: `.<sheet>.csv`."""
    comma = book.language not in COMMA_LANGUAGES
    files = []
    for sheet in book.sheets:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";" if comma else ",", lineterminator="\r\n")
        writer.writerow([safe_cell(column.header) for column in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_cell(value, comma) for value in row])
        text = (BOM if comma else "") + out.getvalue()
        files.append((f".{sheet.key}.csv", text.encode("utf-8")))
    return files


def _cell(value: object, comma: bool) -> object:
    if isinstance(value, float):
        text = repr(value) if not value.is_integer() else str(int(value))
        return text.replace(".", ",") if comma else text
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return "" if value is None else str(value)
    return safe_cell(value)
