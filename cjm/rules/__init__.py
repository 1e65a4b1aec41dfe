"""The rule registry: each rule is one small function with its metadata, registered where defined.

A rule's docstring is its documentation (`cjm rules CODE`): a first paragraph saying
what it checks (the summary), then sections ``Why:``, ``Fails:``, ``Passes:`` and ``Fix:``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
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


def all_rules() -> list[Rule]:
    """Every registered rule, by code."""
    _load_rule_modules()
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def get_rule(code: str) -> Rule | None:
    """The rule with this code, or None."""
    _load_rule_modules()
    return REGISTRY.get(code.upper())


def normalize_selector(text: str) -> str:
    """A selector as typed (code, code prefix, rule name or ALL, any case) -> a code, prefix or ALL.

    Raises ValueError when it matches no rule: a typo must not silently select nothing.
    """
    _load_rule_modules()
    wanted = text.strip()
    by_name = {rule_.name: code for code, rule_ in REGISTRY.items()}
    selector = by_name.get(wanted.lower(), wanted.upper())
    if selector != "ALL" and not any(code.startswith(selector) for code in REGISTRY):
        raise ValueError(f"unknown rule {text!r}: use a code such as CJM103, a prefix such as CJM1, a name or ALL")
    return selector


def selected(code: str, selectors: Iterable[str]) -> bool:
    """True when a code is matched by ALL, the code itself or a prefix of it."""
    return any(sel == "ALL" or code.startswith(sel) for sel in selectors)


def _load_rule_modules() -> None:
    # Importing the modules registers their rules; the list is the one place to add a module.
    from cjm.rules import (  # noqa: F401
        core,
        evidence,
        flow,
        moments,
        people,
        plan,
        structure,
        suppression,
    )


def iter_checks() -> Iterator[Rule]:
    """Rules that run over a validated journey, by code."""
    for rule_ in all_rules():
        if rule_.check is not None:
            yield rule_
