"""What `cjm export` produces before a format writes it: sheets of cells, and the files written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Column:
    """A column: its header as the journey's language says it, and its kind of cell."""

    header: str
    kind: str = "text"  # text | number | share (a 0..1 share shown as a percent)


@dataclass
class SheetData:
    """One sheet: `key` names it in file names (touchpoints, scores, actions), `title` in the workbook."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[object]]


@dataclass
class Book:
    """One journey's sheets, its language, and its whole text for the hidden sheet."""

    journey_id: str
    language: str
    sheets: list[SheetData]
    journey_text: str


@dataclass
class ExportResult:
    """Every file to write (path, bytes), the directory to make first, and the inputs none may replace."""

    outputs: list[tuple[Path, bytes]] = field(default_factory=list)
    create: Path | None = None
    inputs: list[str] = field(default_factory=list)
