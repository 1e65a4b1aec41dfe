"""`cjm lint` output formats, each named once: the module `cjm.lint.formats.<name>` writes it.

Each module has `render(report: LintReport, view: LintView) -> str`. This registry is
import-light: the command line reads its choices from NAMES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjm.lint.report import LintReport, LintView


@dataclass(frozen=True)
class Format:
    """One output format: its name (and module), and whether its paths are relative to the repository root."""

    name: str
    repo_relative: bool = False


FORMATS = (Format("text"), Format("json"), Format("github"), Format("sarif", True), Format("gitlab", True))
BY_NAME = {f.name: f for f in FORMATS}
NAMES = tuple(BY_NAME)
DEFAULT = NAMES[0]


def writer(name: str) -> Callable[[LintReport, LintView], str]:
    """The function that writes a lint report in the named format."""
    render: Callable[[LintReport, LintView], str] = importlib.import_module(f"{__name__}.{BY_NAME[name].name}").render
    return render
