"""`cjm diff --fail-on`: the conditions a CI job can block on, and the sentence saying why one was met."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from cjm.config import Config
from cjm.diff.report import Change, Drift
from cjm.lint.engine import LintOptions, enabled_rules, lint_loaded
from cjm.load import Loaded
from cjm.numbers import one_decimal

NAMES = ("any", "new-pain", "removed-touchpoint", "owner-lost", "health-drop", "stale")
_OWNED = ("journey", "touchpoint", "action")


@dataclass(frozen=True)
class Condition:
    """One --fail-on condition; `threshold` only for health-drop."""

    name: str
    threshold: float | None = None

    def __str__(self) -> str:
        if self.threshold is None:
            return self.name
        return f"{self.name}={self.threshold:g}"


def parse_conditions(values: list[str]) -> tuple[Condition, ...]:
    """`--fail-on` values (repeatable, or comma-separated), in the order given, without repeats.

    Raises ValueError with a one-line message for an unknown condition or a bad threshold.
    """
    out: list[Condition] = []
    for value in values:
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            condition = _parse_one(part)
            if condition not in out:
                out.append(condition)
    return tuple(out)


def _parse_one(text: str) -> Condition:
    name, sep, raw = text.partition("=")
    name = name.strip().lower()
    if name not in NAMES:
        raise ValueError(f"--fail-on {text!r}: unknown condition (choose from {', '.join(_shown_names())})")
    if name != "health-drop":
        if sep:
            raise ValueError(f"--fail-on {text!r}: {name} takes no value")
        return Condition(name)
    try:
        threshold = float(raw)
    except ValueError:
        threshold = math.nan
    if not sep or not math.isfinite(threshold) or threshold < 0:
        raise ValueError(f"--fail-on {text!r}: health-drop needs a number of points >= 0, e.g. health-drop=5")
    return Condition(name, threshold)


def _shown_names() -> list[str]:
    return [f"{n}=N" if n == "health-drop" else n for n in NAMES]


def stale_reason(loaded: Loaded | None, config: Config, today: dt.date, *, suppressions: bool = True) -> str | None:
    """Why NEW fails CJM105 (stale-review) as `cjm lint` would report it, or None.

    The rule runs under the gate's config (BASE's, SPEC §6): switched off there, or silenced by a
    `# cjm: ignore[CJM105]` that OLD already had (`suppressions`), it does not fail the gate.
    """
    if loaded is None or loaded.journey is None:
        return None
    options = LintOptions(today=today)
    rules = [rule for rule in enabled_rules(config, options) if rule.code == "CJM105"]
    findings = lint_loaded(loaded, config, options, rules, suppressions=suppressions) if rules else []
    return next((f.message for f in findings if f.code == "CJM105"), None)


def owners_lost(changes: tuple[Change, ...]) -> list[str]:
    """Items (journey, touchpoints, actions) that had an owner in OLD and have none in NEW."""
    lost = []
    for change in changes:
        owner = change.fields.get("owner")
        if change.kind in _OWNED and owner is not None and owner.old is not None and owner.new is None:
            lost.append(f"{change.kind} {change.id}")
    return lost


def evaluate(
    conditions: tuple[Condition, ...], changes: tuple[Change, ...], drift: Drift, stale: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The conditions met by one comparison (as given) and one sentence for each."""
    failed: list[str] = []
    reasons: list[str] = []
    for condition in conditions:
        reason = _reason(condition, changes, drift, stale)
        if reason is not None:
            failed.append(str(condition))
            reasons.append(f"{condition}: {reason}")
    return tuple(failed), tuple(reasons)


def _reason(condition: Condition, changes: tuple[Change, ...], drift: Drift, stale: str | None) -> str | None:
    name = condition.name
    if name == "any":
        return _count(len(changes), "change") if changes else None
    if name == "new-pain":
        return (
            f"{_count(len(drift.new_pain), 'new pain point')}: {', '.join(drift.new_pain)}" if drift.new_pain else None
        )
    if name == "removed-touchpoint":
        removed = [c.id for c in changes if c.kind == "touchpoint" and c.op == "removed"]
        return f"{_count(len(removed), 'touchpoint')} removed: {', '.join(removed)}" if removed else None
    if name == "owner-lost":
        lost = owners_lost(changes)
        return f"no owner any more: {', '.join(lost)}" if lost else None
    if name == "health-drop":
        old, new = drift.health_old, drift.health_new
        if old is not None and new is None:
            new = 0.0  # a health that becomes "not measured" is no way round the gate: a drop to 0
        if old is None or new is None or condition.threshold is None or old - new < condition.threshold:
            return None
        fell = one_decimal(old - new)
        shown = one_decimal(new) if drift.health_new is not None else "not measured, counted as 0"
        return f"end-to-end health fell {fell} points ({one_decimal(old)} → {shown})"
    if name == "stale":
        return stale
    raise AssertionError(name)  # pragma: no cover - parse_conditions admits only NAMES


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
