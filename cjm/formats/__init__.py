"""Output formats: one module per format, each a function over a plain result object.

Reporters import nothing but the standard library and cjm's plain data classes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LintView:
    """How to present a lint report."""

    color: bool = False
    statistics: bool = False
    quiet: bool = False
    tool_version: str = ""
    repo_root: str | None = None


def lint_formats() -> dict[str, Callable[[Any, LintView], str]]:
    """Lint output formats by name."""
    from cjm.formats import lint_github, lint_gitlab, lint_json, lint_sarif, lint_text

    return {
        "text": lint_text.render,
        "json": lint_json.render,
        "github": lint_github.render,
        "sarif": lint_sarif.render,
        "gitlab": lint_gitlab.render,
    }
