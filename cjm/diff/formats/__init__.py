"""`cjm diff` output formats, each named once: the module `cjm.diff.formats.<name>` writes it.

Each module has `render(report: DiffReport, view: DiffView) -> str`. This registry is
import-light: the command line reads its choices from NAMES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjm.diff.report import DiffReport, DiffView


@dataclass(frozen=True)
class Format:
    """One output format: its name (and module), and whether it carries the sides' notes itself."""

    name: str
    for_people: bool  # text and markdown show notes and may colour; machine formats leave notes to stderr


FORMATS = (Format("text", True), Format("markdown", True), Format("json", False))
BY_NAME = {f.name: f for f in FORMATS}
NAMES = tuple(BY_NAME)
DEFAULT = NAMES[0]


def writer(name: str) -> Callable[[DiffReport, DiffView], str]:
    """The function that writes a diff report in the named format."""
    render: Callable[[DiffReport, DiffView], str] = importlib.import_module(f"{__name__}.{BY_NAME[name].name}").render
    return render
