"""`cjm score` output formats: a view of how to present, and the formats by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScoreView:
    """How to present scores: colour (table only), quiet, and how many ranked rows (None: all)."""

    color: bool = False
    quiet: bool = False
    top: int | None = None


def score_formats() -> dict[str, Callable[[Any, ScoreView], str]]:
    """Score output formats by name; each renders a list of ScoredJourney."""
    from cjm.formats import score_csv, score_json, score_markdown, score_table

    return {
        "table": score_table.render,
        "json": score_json.render,
        "markdown": score_markdown.render,
        "csv": score_csv.render,
    }
