"""What the `cjm diff` formats share: wording helpers.

Reporters read the plain result of cjm.diff (DiffReport) and import only the standard library.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from cjm.diff.report import KINDS, OPS, AtStake, Change, DiffReport, Drift, FieldChange, JourneyDiff
from cjm.numbers import about, one_decimal, per_period, rounded

PLURAL = {"opportunity": "opportunities"}
MAX_VALUE = 160  # characters of one value shown in text and markdown (JSON has everything)


def count(n: int, noun: str) -> str:
    """`1 change`, `2 changes`, `2 opportunities`."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {PLURAL.get(noun, noun + 's')}"


def health(value: float | None) -> str:
    """A health score as shown to people: one decimal, `n/a` when unknown."""
    return one_decimal(value, "n/a")


def delta(old: float | None, new: float | None) -> str:
    """A signed change with one decimal: `+1.1`, `−0.4`, `±0.0`; empty when unknown.

    The change between the values as shown (each rounded to one decimal), so that
    `52.0 → 47.8` reads `−4.2`, never a differently rounded `−4.3`.
    """
    if old is None or new is None:
        return ""
    value = rounded(new) - rounded(old)
    shown = one_decimal(abs(value))
    if shown == "0.0":
        return "±0.0"
    return f"+{shown}" if value > 0 else f"−{shown}"


def health_move(drift: Drift) -> str:
    """`health 69.0 → 70.1` (or `health 70.1` for a new journey, `health 69.0 → n/a` for a deleted one)."""
    if drift.health_old is None and drift.health_new is None:
        return "health n/a"
    if drift.health_old is None:
        return f"health {health(drift.health_new)}"
    return f"health {health(drift.health_old)} → {health(drift.health_new)}"


def headline_parts(diff: JourneyDiff) -> list[str]:
    """The short facts a reviewer needs first for one journey."""
    parts = [health_move(diff.drift)]
    new_pain = len(diff.drift.new_pain)
    parts.append(count(new_pain, "new pain point") if new_pain else "no new pain points")
    if diff.drift.resolved_pain:
        parts.append(f"{len(diff.drift.resolved_pain)} resolved")
    parts.append(count(len(diff.changes), "change") if diff.changes else "no changes")
    return parts


def totals(report: DiffReport) -> list[str]:
    """Facts over every pair: journeys compared, new pain points, changes."""
    new_pain = sum(len(d.drift.new_pain) for d in report.diffs)
    changes = sum(len(d.changes) for d in report.diffs)
    return [
        count(len(report.diffs), "journey"),
        count(new_pain, "new pain point") if new_pain else "no new pain points",
        count(changes, "change") if changes else "no changes",
    ]


def plain_value(value: Any) -> str:
    """A field value as compact text (strings bare, lists comma-separated), cut to MAX_VALUE characters."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = ", ".join(value) if value else "[]"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value)) if abs(value) < 1e15 else repr(value)
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return cut(text)


def cut(text: str, limit: int = MAX_VALUE) -> str:
    """At most `limit` characters, with … when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def by_kind(changes: Iterable[Change]) -> dict[str, dict[str, int]]:
    """Counts of changes per kind and op, kinds and ops in their fixed order, only those present."""
    table: dict[str, dict[str, int]] = {}
    for change in changes:
        row = table.setdefault(change.kind, {})
        row[change.op] = row.get(change.op, 0) + 1
    return {kind: table[kind] for kind in KINDS if kind in table}


def ops_present(table: dict[str, dict[str, int]]) -> list[str]:
    """The ops that occur in a by-kind table, in fixed order."""
    return [op for op in OPS if any(op in row for row in table.values())]


AT_STAKE_SHOWN = 5  # fix-first rows in text and markdown (JSON has every one)


def customers(value: float | None) -> str:
    """An estimated customer count as shown: `≈ 5,620`, `n/a` when unknown."""
    return "n/a" if value is None else f"≈ {about(value)}"


def customers_move(old: float | None, new: float | None) -> str:
    """`≈ 5,620 → ≈ 1,500`, or `≈ 5,620` alone when both read the same."""
    if customers(old) == customers(new):
        return customers(new)
    return f"{customers(old)} → {customers(new)}"


def period_words(drift: Drift, safe: Callable[[str], str]) -> str:
    """`customers a month` for the journey's period (text from the journey passes `safe` first)."""
    return "customers" + per_period(None if drift.period is None else safe(drift.period))


def shown_at_stake(drift: Drift) -> tuple[list[AtStake], int]:
    """The fix-first rows whose customers at stake read differently (at most AT_STAKE_SHOWN), and how many
    others there are (unchanged, or past the limit). JSON has every row."""
    changed = [row for row in drift.at_stake_fix_first if customers(row.old) != customers(row.new)]
    shown = changed[:AT_STAKE_SHOWN]
    return shown, len(drift.at_stake_fix_first) - len(shown)


def field_change(change: FieldChange, value: Callable[[Any], str], mark: Callable[[str], str] = str) -> str:
    """`old → new`; a value that appears is `added new`, one that goes is `removed (was old)`."""
    if change.old is None:
        return f"{mark('added')} {value(change.new)}"
    if change.new is None:
        return f"{mark('removed')} (was {value(change.old)})"
    return f"{value(change.old)} → {value(change.new)}"
