"""The rule catalogue: every rule module, registered on import, and the selectors that pick rules.

A rule is one unit, a function with its metadata in one of the modules below; adding a
module means adding it to the import list here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cjm.rules import (  # noqa: F401 (importing a module registers its rules)
    core,
    evidence,
    flow,
    moments,
    people,
    plan,
    starter,
    structure,
    suppression,
)
from cjm.rules.registry import REGISTRY, SECTIONS, Issue, Rule, parse_doc

__all__ = [
    "SECTIONS",
    "Issue",
    "Rule",
    "all_rules",
    "get_rule",
    "iter_checks",
    "normalize_selector",
    "parse_doc",
    "selected",
]


def all_rules() -> list[Rule]:
    """Every registered rule, by code."""
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def get_rule(code: str) -> Rule | None:
    """The rule with this code, or None."""
    return REGISTRY.get(code.upper())


def normalize_selector(text: str) -> str:
    """A selector as typed (code, code prefix, rule name or ALL, any case) -> a code, prefix or ALL.

    Raises ValueError when it matches no rule: a typo must not silently select nothing.
    """
    wanted = text.strip()
    by_name = {rule_.name: code for code, rule_ in REGISTRY.items()}
    selector = by_name.get(wanted.lower(), wanted.upper())
    if selector != "ALL" and not any(code.startswith(selector) for code in REGISTRY):
        raise ValueError(f"unknown rule {text!r}: use a code such as CJM103, a prefix such as CJM1, a name or ALL")
    return selector


def selected(code: str, selectors: Iterable[str]) -> bool:
    """True when a code is matched by ALL, the code itself or a prefix of it."""
    return any(sel == "ALL" or code.startswith(sel) for sel in selectors)


def iter_checks() -> Iterator[Rule]:
    """Rules that run over a validated journey, by code."""
    for rule_ in all_rules():
        if rule_.check is not None:
            yield rule_
