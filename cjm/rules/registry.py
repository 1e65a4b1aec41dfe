"""The rule registry: each rule is one small function with its metadata, registered where defined.

This module knows no rule; `cjm.rules` imports the rule modules, which register here.

A rule's docstring is its documentation (`cjm rules CODE`): a first paragraph saying
what it checks (the summary), then sections ``Why:``, ``Fails:``, ``Passes:`` and ``Fix:``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cjm.source import Loc

SECTIONS = ("Why", "Fails", "Passes", "Fix")


@dataclass(frozen=True)
class Issue:
    """What a rule reports: the item (by field path) and a message; the engine adds the position."""

    loc: Loc
    message: str
    item_id: str | None = None


Check = Callable[[Any], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """One lint rule: stable code, kebab-case name, default severity, documentation, check."""

    code: str
    name: str
    severity: str
    summary: str
    doc: dict[str, str] = field(repr=False)
    check: Check | None = field(default=None, repr=False)
    needs_scores: bool = False  # uses the scores: skipped while the journey is invalid (lint of a partial journey)

    @property
    def rationale(self) -> str:
        """Why the rule matters for the method (one paragraph)."""
        return self.doc.get("Why", "")


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, *, needs_scores: bool = False) -> Callable[[Check], Check]:
    """Register a check function as rule `code`; its docstring is the rule's documentation."""

    def register(check: Check) -> Check:
        summary, doc = parse_doc(check.__doc__ or "")
        if code in REGISTRY:
            raise ValueError(f"rule {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, summary, doc, check, needs_scores)
        return check

    return register


def describe(code: str, name: str, severity: str, text: str) -> None:
    """Register a rule whose findings come from the loader (CJM001–CJM006): docs only."""
    summary, doc = parse_doc(text)
    REGISTRY[code] = Rule(code, name, severity, summary, doc, None)


def parse_doc(text: str) -> tuple[str, dict[str, str]]:
    """Split a rule docstring into its summary line and its sections."""
    text = inspect.cleandoc(text)
    summary, _, rest = text.partition("\n\n")  # the first paragraph, however many lines
    summary = " ".join(summary.split())
    doc: dict[str, str] = {}
    pattern = re.compile(rf"^({'|'.join(SECTIONS)}):[ \t]*", re.MULTILINE)
    parts = pattern.split(rest)
    for name, body in zip(parts[1::2], parts[2::2], strict=False):
        doc[name] = inspect.cleandoc(body) if "\n" in body.strip() else body.strip()
    return summary.strip(), doc
