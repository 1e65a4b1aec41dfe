"""`cjm score` output formats, each named once: the module `cjm.score.formats.<name>` writes it.

Each module has `render(result: ScoreResult, view: ScoreView) -> str`. This registry is
import-light: the command line reads its choices from NAMES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjm.score.report import ScoreResult, ScoreView

NAMES = ("table", "json", "markdown", "csv")
DEFAULT = NAMES[0]


def writer(name: str) -> Callable[[ScoreResult, ScoreView], str]:
    """The function that writes scores in the named format."""
    if name not in NAMES:
        raise ValueError(f"unknown score format {name!r}")
    render: Callable[[ScoreResult, ScoreView], str] = importlib.import_module(f"{__name__}.{name}").render
    return render
