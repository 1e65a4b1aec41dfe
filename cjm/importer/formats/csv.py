"""Reading a workshop sheet saved as CSV, in the Nordic dialects of the metrics overlay (cjm.spreadsheet).

Every cell is text: a leading `'` that `cjm export` (or `cjm score`) put before a
formula-like cell is removed again; nothing is evaluated.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

from cjm.importer.report import Cell, ImportProblem, Source, Table
from cjm.spreadsheet import CsvTextError, csv_layout, decode_csv, unsafe_cell


def read(data: bytes, shown: str, limit: int) -> Source:
    """One CSV is one touchpoint sheet; its file name is the title."""
    try:
        text = decode_csv(data, shown)
    except CsvTextError as exc:
        raise ImportProblem(str(exc)) from None
    lines = text.splitlines(keepends=True)
    skip, delimiter = csv_layout(lines)
    if delimiter is None:
        raise ImportProblem(f"{shown}:1: the file is empty; expected a header row such as 'Stage;Touchpoint;...'")
    reader = csv.reader(io.StringIO("".join(lines[skip:]), newline=""), delimiter=delimiter)
    rows: list[list[Cell]] = []
    line = skip + 1
    try:
        for cells in reader:
            start, line = line, skip + reader.line_num + 1
            if any(cell.strip() for cell in cells):
                rows.append([Cell(unsafe_cell(cell), f"{shown}:{start}:{n}") for n, cell in enumerate(cells, 1)])
    except csv.Error as exc:
        raise ImportProblem(f"{shown}:{skip + reader.line_num}: not valid CSV ({exc})") from None
    if not rows:
        raise ImportProblem(f"{shown}:1: the file is empty; expected a header row such as 'Stage;Touchpoint;...'")
    width = max(len(row) for row in rows)
    header, *body = [_padded(row, width, shown) for row in rows]
    table = Table(PurePath(shown).stem, header, body, decimal_comma=delimiter != ",")
    return Source(table, title=None)


def _padded(row: list[Cell], width: int, shown: str) -> list[Cell]:
    if len(row) >= width:
        return row
    line = row[0].where.rsplit(":", 2)[-2] if row else "?"
    return [*row, *(Cell(None, f"{shown}:{line}:{n}") for n in range(len(row) + 1, width + 1))]
