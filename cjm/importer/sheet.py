"""A table read as a workshop sheet: its columns named by the header table, each row's cells read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cjm.importer.columns import Unreadable, as_text, read_cell
from cjm.importer.headers import field_of, languages_of, normalized
from cjm.importer.report import ImportProblem, Table
from cjm.importer.slug import slug
from cjm.languages import LANGUAGES


@dataclass
class Row:
    """One data row: each column's value (None: an empty or unreadable cell) and its `x-` cells."""

    where: str
    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, object] = field(default_factory=dict)  # the cells as read, before their column's reading
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass
class Sheet:
    """The rows of a sheet, the columns it has (fields, and `x-` keys), and the language of its header."""

    rows: list[Row]
    columns: list[str]
    extras: list[str]
    language: str | None


def read_sheet(table: Table, section: str, warnings: list[str]) -> Sheet:
    """Name every column, then read every row; a cell that cannot be read is left out with a warning."""
    names = _columns(table, section, warnings)
    rows = []
    for cells in table.rows:
        row = Row(cells[0].where if cells else table.name)
        for cell, (kind, name) in zip(cells, names, strict=False):
            if kind == "extra":
                row.extras[name] = None if cell.value is None else _extra(cell.value)
                continue
            row.raw[name] = cell.value
            try:
                row.values[name] = read_cell(name, cell.value, table.decimal_comma)
            except Unreadable as exc:
                row.values[name] = None
                warnings.append(f"{cell.where}: {exc}; left out")
        rows.append(row)
    columns = [name for kind, name in names if kind == "field"]
    extras = [name for kind, name in names if kind == "extra"]
    return Sheet(rows, columns, extras, header_language(table, section))


def _extra(value: object) -> object:
    if isinstance(value, (int, float, bool)):
        return value
    return as_text(value)


def _columns(table: Table, section: str, warnings: list[str]) -> list[tuple[str, str]]:
    """("field", name) or ("extra", x-key) per column; an empty or repeated header gets an `x-` key."""
    names: list[tuple[str, str]] = []
    used: set[str] = set()
    for number, cell in enumerate(table.header, start=1):
        text = as_text(cell.value) or ""
        known = field_of(section, text) if text else None
        if known is not None and known not in used:
            used.add(known)
            names.append(("field", known))
            continue
        key = _extra_key(text, number, used)
        used.add(key)
        if not text:
            warnings.append(f"{cell.where}: a column without a header; its cells are kept as {key}")
        elif known is not None:
            warnings.append(f"{cell.where}: the column {text!r} appears twice; the second is kept as {key}")
        names.append(("extra", key))
    return names


def _extra_key(text: str, number: int, used: set[str]) -> str:
    base = text if text.startswith("x-") and normalized(text[2:]) else f"x-{slug(text) if text else f'column-{number}'}"
    key, n = base, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    return key


def header_language(table: Table, section: str) -> str | None:
    """The language most header words are in (the first of the format's order on a tie), or None."""
    votes: Counter[str] = Counter()
    for cell in table.header:
        text = as_text(cell.value)
        if text:
            found = languages_of(section, text)
            if 0 < len(found) < len(LANGUAGES):
                votes.update(found)
    if not votes:
        return None
    best = max(votes.values())
    return next(language for language in LANGUAGES if votes[language] == best)


def require(sheet: Sheet, field_name: str, words: str, where: str) -> None:
    """A sheet without the column that identifies its rows cannot be imported."""
    if field_name not in sheet.columns:
        raise ImportProblem(f"{where}: no {field_name} column found (a header such as {words})")
