"""`cjm diff --format text`: for a terminal; one block per pair of files, then a summary line.

Every text from a journey or a path is shown with control characters escaped, so a
journey cannot move the cursor or recolour the terminal.
"""

from __future__ import annotations

import json
from typing import Any

from cjm.diff.formats.common import (
    customers_move,
    cut,
    delta,
    field_change,
    headline_parts,
    health,
    period_words,
    shown_at_stake,
    totals,
)
from cjm.diff.report import DiffReport, DiffView, Drift, FieldChange, JourneyDiff, WeakestLink
from cjm.display import one_line

_SYMBOLS = {"added": "+", "removed": "-", "renamed": "=", "moved": ">", "reordered": "^", "modified": "~"}
_COLORS = {"added": "\033[32m", "removed": "\033[31m"}
_CHANGED = "\033[33m"
_BOLD, _RED, _RESET = "\033[1m", "\033[31m", "\033[0m"


def value(raw: Any) -> str:
    """A field value: strings quoted, numbers bare, null for absent; long values cut."""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    return one_line(cut(json.dumps(raw, ensure_ascii=False)))


def _paint(text: str, code: str, view: DiffView) -> str:
    return f"{code}{text}{_RESET}" if view.color else text


def _change_lines(change: Any, view: DiffView) -> list[str]:
    symbol = _paint(_SYMBOLS[change.op], _COLORS.get(change.op, _CHANGED), view)
    label = f" {value(change.label)}" if change.label else ""
    op = f"renamed from {change.old_id}" if change.op == "renamed" else change.op
    lines = [f"  {symbol} {change.kind} {change.id}{label} {op}"]
    lines.extend(f"      {one_line(name)}: {_field(f)}" for name, f in change.fields.items())
    if change.note:
        lines.append(f"      ({one_line(change.note)})")
    return lines


def _field(change: FieldChange) -> str:
    """`"a" → "b"`, `added "b"`, `removed (was "a")`."""
    return field_change(change, value)


def _weakest(link: WeakestLink) -> str:
    if link.stage is None:
        return "n/a"
    return f"{link.stage} / {link.touchpoint}" if link.touchpoint else link.stage


def _drift_lines(drift: Drift) -> list[str]:
    move = f"{health(drift.health_old)} → {health(drift.health_new)}"
    shift = delta(drift.health_old, drift.health_new)
    lines = [f"  health {move}" + (f" ({shift})" if shift else "")]
    old, new = _weakest(drift.weakest_old), _weakest(drift.weakest_new)
    lines.append(f"  weakest link: {new}" + (" (unchanged)" if old == new else f" (was {old})"))
    lines += _at_stake_lines(drift)
    for title, ids in (
        ("new pain", drift.new_pain),
        ("resolved pain", drift.resolved_pain),
        ("removed pain", drift.removed_pain),
        ("key moments added", drift.key_moments_added),
        ("key moments removed", drift.key_moments_removed),
    ):
        if ids:
            lines.append(f"  {title}: {', '.join(ids)}")
    for persona in drift.personas:
        shift = delta(persona.health_old, persona.health_new)
        line = f"  persona {one_line(persona.id)}: health {health(persona.health_old)} → {health(persona.health_new)}"
        line += f" ({shift})" if shift else ""
        if persona.new_pain:
            line += f"; new pain: {', '.join(persona.new_pain)}"
        if persona.resolved_pain:
            line += f"; resolved pain: {', '.join(persona.resolved_pain)}"
        lines.append(line)
    return lines


def _at_stake_lines(drift: Drift) -> list[str]:
    """Customers at stake (scoring model v2) at the weakest link and on the fix-first list, old → new."""
    if drift.at_stake_weakest_old is None and drift.at_stake_weakest_new is None and not drift.at_stake_fix_first:
        return []
    unit = period_words(drift, one_line)
    old, new = drift.at_stake_weakest_old, drift.at_stake_weakest_new
    same = customers_move(old, new) == customers_move(new, new)
    lines = [f"  at stake at the weakest link: {customers_move(old, new)} {unit}" + (" (unchanged)" if same else "")]
    rows, others = shown_at_stake(drift)
    if rows:
        listed = "; ".join(f"{row.id} {customers_move(row.old, row.new)}" for row in rows)
        lines.append(
            f"  at stake, fix first: {listed}" + (f" ({others} more unchanged or not shown)" if others else "")
        )
    return lines


def _diff_lines(diff: JourneyDiff, view: DiffView) -> list[str]:
    journey = diff.new.id or diff.old.id or "?"
    head = f"{one_line(diff.old.ref)} → {one_line(diff.new.ref)} ({journey}): {' · '.join(headline_parts(diff))}"
    lines = [_paint(head, _BOLD, view)]
    for note in (diff.old.note, diff.new.note):
        if note and not view.quiet:
            lines.append(f"  note: {one_line(note)}")
    for change in diff.changes:
        lines.extend(_change_lines(change, view))
    lines.extend(_drift_lines(diff.drift))
    lines.extend(_paint(f"  FAILED {one_line(reason)}", _RED, view) for reason in diff.reasons)
    return lines


def render(report: DiffReport, view: DiffView) -> str:
    """One block per pair, a blank line between blocks, then the totals and any failed conditions."""
    lines: list[str] = []
    for diff in report.diffs:
        if lines:
            lines.append("")
        lines.extend(_diff_lines(diff, view))
    if not report.diffs:
        since = f" since {one_line(report.base)}" if report.base else ""
        lines.append(f"No journey file changed{since}.")
    elif not view.quiet or report.failed:
        lines.append("")
        summary = ", ".join(totals(report)) + "."
        if report.failed:
            summary += " " + _paint(f"Failed: {', '.join(report.failed)}.", _RED, view)
        lines.append(summary)
    return "\n".join(lines) + "\n"
