"""`cjm export` formats, each named once: the module `cjm.export.formats.<name>` writes it.

Each module has `write(book: Book) -> list[tuple[str, bytes]]` (a file-name suffix and the
bytes of each file). Import-light: the command line reads its choices from NAMES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjm.export.report import Book


@dataclass(frozen=True)
class Format:
    """One export format: one file per journey (a workbook) or one per sheet (into a directory)."""

    name: str
    per_sheet: bool = False


FORMATS = (Format("xlsx"), Format("csv", per_sheet=True))
BY_NAME = {f.name: f for f in FORMATS}
NAMES = tuple(BY_NAME)
DEFAULT = NAMES[0]


def writer(name: str) -> Callable[[Book], list[tuple[str, bytes]]]:
    """The function that writes a journey's sheets in the named format."""
    write: Callable[[Book], list[tuple[str, bytes]]] = importlib.import_module(f"{__name__}.{BY_NAME[name].name}").write
    return write
