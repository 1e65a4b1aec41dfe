"""`cjm diff --format markdown`: a pull-request comment a reviewer reads in ten seconds.

Headline first (`health 69.0 → 70.1 · 1 new pain point`), then any failed condition,
then per journey a table of changes by kind, the score drift, and the changes in detail
(folded when long). Every text that comes from a journey or a path is escaped: table
pipes, HTML, emphasis, backticks, and @mentions (which would notify people).
"""

from __future__ import annotations

import re
from typing import Any

from cjm.diff.formats.common import (
    by_kind,
    count,
    customers,
    cut,
    delta,
    field_change,
    headline_parts,
    health,
    ops_present,
    period_words,
    plain_value,
    shown_at_stake,
    totals,
)
from cjm.diff.report import Change, DiffReport, DiffView, FieldChange, JourneyDiff, WeakestLink
from cjm.display import one_line

MARKER = "<!-- cjm-diff -->"  # lets CI find and update its own comment
OPEN_DETAILS = 15  # more changes than this are folded under <details>
MAX_CHARS = 60_000  # GitHub refuses comments over 65,536 characters; GitLab notes allow 1,000,000
MAX_TEXT = 200  # characters of one name, id or path in the comment (JSON has everything)
MAX_LIST = 20  # items of one list (new pain points, failed reasons) before "… and n more"
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def escape(text: str) -> str:
    """Journey text made inert for GitHub/GitLab Markdown, safe inside a table cell, on one line (and short)."""
    text = cut(text, MAX_TEXT).replace("&", "&amp;")
    text = _SPECIAL.sub(r"\\\1", text)
    text = _MENTION.sub("@&#8203;", text)  # a zero-width space: no mention, no notification
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "<br>".join(one_line(line) for line in text.split("\n"))  # no ESC or bidi override reaches the reader


def code(text: str) -> str:
    """Ids and refs as inline code; as escaped plain text when they hold a backtick, a pipe or a line break
    (a pipe cannot be escaped inside inline code outside a table)."""
    if any(char in text for char in "`|\n\r"):
        return escape(text)
    return f"`{cut(text, MAX_TEXT)}`"


def _item(kind: str, item_id: str | None, names: dict[tuple[str, str], str]) -> str:
    if item_id is None:
        return "—"
    name = names.get((kind, item_id))
    return f"{code(item_id)} {escape(name)}" if name else code(item_id)


def _ids(kind: str, ids: Any, names: dict[tuple[str, str], str]) -> str:
    if not ids:
        return "—"
    shown = ", ".join(_item(kind, i, names) for i in ids[:MAX_LIST])
    return shown + (f", … and {len(ids) - MAX_LIST} more" if len(ids) > MAX_LIST else "")


def _headline(report: DiffReport) -> list[str]:
    if len(report.diffs) == 1:
        diff = report.diffs[0]
        title = f"{code(diff.new.id or diff.old.id or '?')}: " + " · ".join(headline_parts(diff))
    elif report.diffs:
        title = "Journey diff: " + " · ".join(totals(report))
    else:
        since = f" since {code(report.base)}" if report.base else ""
        title = f"Journey diff: no journey file changed{since}"
    lines = [MARKER, f"### {title}", ""]
    if report.failed:
        several = len(report.diffs) > 1
        lines.append(f"**❌ Failed:** {', '.join(code(f) for f in report.failed)}")
        reasons = [
            f"- {code(diff.new.id or diff.old.id or diff.new.ref) + ': ' if several else ''}{escape(reason)}"
            for diff in report.diffs
            for reason in diff.reasons
        ]
        lines.extend(reasons[:MAX_LIST])
        if len(reasons) > MAX_LIST:
            lines.append(f"- … and {len(reasons) - MAX_LIST} more (`--format json` lists all)")
        lines.append("")
    return lines


def _kind_table(diff: JourneyDiff) -> list[str]:
    table = by_kind(diff.changes)
    if not table:
        return ["No changes to the journey's content.", ""]
    ops = ops_present(table)
    lines = ["| Changes | " + " | ".join(ops) + " |", "| --- |" + " ---: |" * len(ops)]
    for kind, row in table.items():
        lines.append(f"| {kind} | " + " | ".join(str(row.get(op, "")) for op in ops) + " |")
    return [*lines, ""]


def _weakest(link: WeakestLink, names: dict[tuple[str, str], str]) -> str:
    if link.stage is None:
        return "—"
    stage = _item("stage", link.stage, names)
    return f"{stage} › {_item('touchpoint', link.touchpoint, names)}" if link.touchpoint else stage


def _drift(diff: JourneyDiff) -> list[str]:
    """Health and weakest link as a small old/new table, then the pain and key-moment lists."""
    drift, old, new = diff.drift, diff.old_names, diff.new_names
    shift = delta(drift.health_old, drift.health_new)
    lines = [
        "| Score drift | old | new |",
        "| --- | --- | --- |",
        f"| End-to-end health | {health(drift.health_old)} | {health(drift.health_new)}"
        + (f" ({shift})" if shift else "")
        + " |",
        f"| Weakest link | {_weakest(drift.weakest_old, old)} | {_weakest(drift.weakest_new, new)} |",
        *_at_stake_rows(diff),
        *(
            f"| Health of persona {code(p.id)} | {health(p.health_old)} | {health(p.health_new)} |"
            for p in drift.personas[:MAX_LIST]
        ),
        "",
    ]
    facts = [
        ("New pain points", _ids("touchpoint", drift.new_pain, new)),
        ("Resolved pain points", _ids("touchpoint", drift.resolved_pain, new)),
        ("Pain points removed with their touchpoint", _ids("touchpoint", drift.removed_pain, old)),
        ("Key moments added", _ids("touchpoint", drift.key_moments_added, new)),
        ("Key moments removed", _ids("touchpoint", drift.key_moments_removed, old)),
    ]
    items = [f"- **{title}:** {ids}" for title, ids in facts if ids != "—"]
    return [*lines, *items, ""] if items else lines


def _at_stake_rows(diff: JourneyDiff) -> list[str]:
    """Customers at stake (scoring model v2) at the weakest link and on the fix-first list, as table rows."""
    drift, old, new = diff.drift, diff.old_names, diff.new_names
    if drift.at_stake_weakest_old is None and drift.at_stake_weakest_new is None and not drift.at_stake_fix_first:
        return []
    unit = escape(period_words(drift, lambda text: text))
    rows = [
        f"| At stake at the weakest link ({unit}) | {customers(drift.at_stake_weakest_old)} |"
        f" {customers(drift.at_stake_weakest_new)} |"
    ]
    shown, others = shown_at_stake(drift)
    for row in shown:
        name = _item("touchpoint", row.id, new if row.new is not None else old)
        rows.append(f"| At stake: {name} | {customers(row.old)} | {customers(row.new)} |")
    if others:
        rows.append(f"| At stake: {others} more pain points, unchanged or not shown | | |")
    return rows


def _change_row(change: Change) -> str:
    label = f" {escape(change.label)}" if change.label else ""
    what = f"renamed from {code(change.old_id)}" if change.old_id is not None else change.op
    details = [f"{escape(name)}: {_field(f)}" for name, f in change.fields.items()]
    if change.note:
        details.append(f"*{escape(change.note)}*")
    return f"| {change.kind} | {code(change.id)}{label} | {what} | {'<br>'.join(details)} |"


def _field(change: FieldChange) -> str:
    """`a → b`, `*added* b`, `*removed* (was a)`."""
    return field_change(change, _value, lambda word: f"*{word}*")


def _value(raw: Any) -> str:
    return "*none*" if raw is None or raw == [] else escape(plain_value(raw))


def _details(diff: JourneyDiff, budget: list[int]) -> list[str]:
    """The change table; rows stop when the comment's size budget is spent (the rest is counted)."""
    if not diff.changes:
        return []
    rows = ["| Kind | Item | Change | Fields (old → new) |", "| --- | --- | --- | --- |"]
    shown = 0
    for change in diff.changes:
        row = _change_row(change)
        if budget[0] - len(row) - 1 < 0:
            break
        budget[0] -= len(row) + 1
        rows.append(row)
        shown += 1
    if shown < len(diff.changes):
        rest = len(diff.changes) - shown
        rows += ["", f"*… and {count(rest, 'more change')}: the comment has a size limit; `--format json` lists all.*"]
    if len(diff.changes) <= OPEN_DETAILS:
        return [*rows, ""]
    summary = f"All {count(len(diff.changes), 'change')}"
    return [f"<details><summary>{summary}</summary>", "", *rows, "", "</details>", ""]


def _section(diff: JourneyDiff, several: bool, budget: list[int]) -> list[str]:
    journey = diff.new.id or diff.old.id
    lines = []
    if several:
        lines += [f"#### {code(journey or '?')}: {' · '.join(headline_parts(diff))}", ""]
    lines += [f"{code(diff.old.ref)} → {code(diff.new.ref)}", ""]
    for note in (diff.old.note, diff.new.note):
        if note:
            lines += [f"> Note: {escape(note)}", ""]
    lines += [*_kind_table(diff), *_drift(diff)]
    budget[0] -= sum(len(line) + 1 for line in lines)
    return [*lines, *_details(diff, budget)]


def render(report: DiffReport, view: DiffView) -> str:
    """The whole comment: headline, failures, then one section per journey."""
    lines = _headline(report)
    several = len(report.diffs) > 1
    reserve = 200  # room for the closing "… n more journeys" line
    budget = [MAX_CHARS - reserve - sum(len(line) + 1 for line in lines)]
    for number, diff in enumerate(report.diffs):
        before = budget[0]
        section = _section(diff, several, budget)
        if budget[0] < 0:  # even without its change table this journey does not fit
            rest = len(report.diffs) - number
            lines += [
                f"*… and {count(rest, 'more journey')}: the comment has a size limit; `--format json` lists all.*"
            ]
            break
        lines.extend(section)
        budget[0] = min(budget[0], before - sum(len(line) + 1 for line in section))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
