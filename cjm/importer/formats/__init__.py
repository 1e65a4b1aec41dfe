"""`cjm import` input formats, each named once: the module `cjm.importer.formats.<name>` reads it.

Each module has `read(data: bytes, shown: str, limit: int) -> Source`. Import-light: the
command line reads its choices from NAMES, and a file's format from its extension.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjm.importer.report import Source


@dataclass(frozen=True)
class Format:
    """One input format and the file extensions it is guessed from."""

    name: str
    extensions: tuple[str, ...]


FORMATS = (
    Format("xlsx", (".xlsx", ".xlsm", ".xltx", ".xltm")),
    Format("csv", (".csv", ".tsv", ".txt")),
    Format("mermaid", (".mmd", ".mermaid", ".md", ".markdown")),
)
BY_NAME = {f.name: f for f in FORMATS}
NAMES = tuple(BY_NAME)


def guess(path: str) -> str | None:
    """The format a file name says, or None."""
    lowered = path.lower()
    for form in FORMATS:
        if lowered.endswith(form.extensions):
            return form.name
    return None


def reader(name: str) -> Callable[[bytes, str, int], Source]:
    """The function that reads a file of the named format."""
    read: Callable[[bytes, str, int], Source] = importlib.import_module(f"{__name__}.{BY_NAME[name].name}").read
    return read
