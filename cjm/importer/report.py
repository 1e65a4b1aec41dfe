"""What `cjm import` reads and returns: cells with their place, tables, and the result."""

from __future__ import annotations

from dataclasses import dataclass, field

from cjm.errors import JobError

CellValue = object  # str, int, float, bool, datetime or None: what a spreadsheet cell holds


class ImportProblem(JobError):
    """The file cannot be imported at all: one line, exit 2, nothing written."""


@dataclass(frozen=True)
class Cell:
    """One cell: its value and where it is (`Ark1!C7`, `file.csv:7:3`, `journey.mmd:4:5`)."""

    value: CellValue
    where: str


@dataclass
class Table:
    """One sheet: a header row and data rows (empty rows left out)."""

    name: str
    header: list[Cell]
    rows: list[list[Cell]]
    decimal_comma: bool = True  # text numbers may use a decimal comma (`;` CSV, spreadsheets)


@dataclass
class Source:
    """What a reader found in a file: the touchpoint table, the action plan, an export's hidden journey."""

    touchpoints: Table
    actions: Table | None = None
    personas: Table | None = None
    embedded: str | None = None  # the journey text a `cjm export` workbook carries
    title: str | None = None  # a Mermaid title or a sheet name
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """The journey text to write, and what the user should know (each warning one line, with its cell)."""

    text: str
    journey_id: str
    touchpoints: int
    warnings: list[str] = field(default_factory=list)
    changed: bool = True  # --into: whether the sheet changed anything
    inputs: list[str] = field(default_factory=list)
