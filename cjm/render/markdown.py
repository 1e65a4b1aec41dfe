"""Markdown summaries for wikis and pull requests, with the Mermaid journey embedded.

Every text from the YAML is escaped for (GitHub-flavoured) Markdown: inline syntax
characters get a backslash, `<`, `>` and `&` become entities (no raw HTML), line breaks
become spaces (a table row stays one row) and `@` gets a zero-width space so a persona
called `@team` never notifies anybody.
"""

from __future__ import annotations

import re

from cjm.display import one_line
from cjm.render.mermaid import render_mermaid
from cjm.render.view import JourneyView

_INLINE = re.compile(r"([\\`*_\[\]|~#!])")
_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))(?=\s|$)")


def md(text: str | None, empty: str = "") -> str:
    """Text made inert as inline Markdown on one line (a table cell or a list item)."""
    if text is None:
        return empty
    flat = one_line(" ".join(text.split()))  # no terminal escapes or bidi overrides survive
    if not flat:
        return empty
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _INLINE.sub(r"\\\1", flat)
    flat = _LINE_START.sub(_escape_marker, flat)
    return flat.replace("@", "@\u200b")


def _escape_marker(match: re.Match[str]) -> str:
    """A list marker at the start of a text: `- x` -> `\\- x`, `1. x` -> `1\\. x`."""
    indent, bullet, number, dot = match.groups()
    return indent + ("\\" + bullet if bullet else f"{number}\\{dot}")


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(*head), _row(*["---"] * len(head)), *(_row(*row) for row in rows), ""]


def render(view: JourneyView, template_dir: str | None = None) -> str:
    """The markdown text of one journey (templates do not apply)."""
    return render_markdown(view)


def render_markdown(view: JourneyView) -> str:
    """A one-page summary: facts, the Mermaid journey, stages, touchpoints, key moments, actions."""
    lines = _summary(view)
    lines += ["```mermaid", render_mermaid(view).rstrip("\n"), "```", ""]
    lines += (
        _stages(view) + _touchpoints(view) + _key_moments(view) + _actions(view) + _personas(view) + _insights(view)
    )
    lines += [_footer(view), ""]
    return "\n".join(lines)


def _summary(view: JourneyView) -> list[str]:
    labels, health = view.labels, view.health
    kind = " · ".join(part for part in (labels["doc_kind"], view.state_label) if part)
    lines = [f"# {md(view.title)}", "", f"*{md(kind)}*", ""]
    if view.persona is not None:
        lines += [f"**{md(labels['persona_view'])}:** {md(view.persona.name)}", ""]
    for para in view.description:
        lines += [md(para), ""]
    weakest = (
        f"{md(health.weakest_stage)} → {md(health.weakest_touchpoint)}" if health.weakest_stage else labels["none"]
    )
    if health.weakest_stage and health.weakest_at_stake:
        weakest += f" · {md(labels['at_stake'])} {md(health.weakest_at_stake)}"
    head = [
        labels["end_to_end_health"],
        labels["weakest_link"],
        labels["customers"],
        labels["touchpoints"],
        labels["pain_points"],
    ]
    row = [
        f"**{md(health.end_to_end)}**",
        weakest,
        md(health.customers),
        str(view.counts["touchpoints"]),
        str(view.counts["pain"]),
    ]
    if view.owner:
        head.append(labels["journey_owner"])
        row.append(md(view.owner))
    head.append(labels["reviewed"])
    row.append(view.reviewed or labels["not_reviewed"])
    notes = [line for note in health.notes for line in (f"*{md(note)}*", "")]
    kpis = [f"**{md(labels['kpis'])}:**", "", *(f"- {md(k.label)}: {md(k.value)}" for k in view.kpis), ""]
    return lines + _table([md(h) for h in head], [row]) + notes + (kpis if view.kpis else [])


def _stages(view: JourneyView) -> list[str]:
    """Every stage in order, empty ones too: its part of the journey, touchpoints shown and health."""
    labels = view.labels
    rows = []
    for stage in view.stages:
        health = md(stage.health)
        if stage.weakest:
            health += f" · {md(labels['weakest_link'])}"
        part = md(labels[f"phase_{stage.phase}"]) if stage.phase else labels["none"]
        rows.append([f"**{md(stage.name)}**", part, str(len(stage.touchpoints)), health])
    head = ["stage", "journey_part", "touchpoints", "stage_health"]
    return [f"## {md(labels['stages'])}", "", *_table([md(labels[h]) for h in head], rows)]


def _touchpoints(view: JourneyView) -> list[str]:
    labels = view.labels
    rows = []
    for stage in view.stages:
        for tp in stage.touchpoints:
            moment = tp.cls_label if tp.cls != "neutral" else ""
            if tp.key_rank:
                moment += f" (#{tp.key_rank})"
            rows.append(
                [
                    md(stage.name),
                    f"**{md(tp.name)}**",
                    md(tp.action, labels["none"]),
                    md(tp.channel, labels["none"]),
                    md(tp.owner, labels["no_owner"])
                    + "".join(f" + {md(owner)}" for owner in tp.co_owners)
                    + (f" ({md(labels['partner'])}: {md(tp.partner)})" if tp.partner else ""),
                    f"{md(tp.emotion.text)} {md(tp.emotion.word)}",
                    md(moment, labels["none"]),
                    md(tp.health),
                ]
            )
    head = ["stage", "touchpoint", "lane_actions", "channel", "owner", "emotion", "key_moment", "health"]
    return [f"## {md(labels['lane_touchpoints'])}", "", *_table([md(labels[h]) for h in head], rows)]


def _key_moments(view: JourneyView) -> list[str]:
    labels = view.labels
    lines = [f"## {md(labels['key_moments'])}", ""]
    if not view.key_moments:
        return [*lines, md(labels["no_key_moments"]), ""]
    rows = [
        [
            str(km.rank),
            f"**{md(km.name)}**",
            md(km.stage_name),
            f"{md(km.kind_label)} · {md(km.cls_label)}",
            md(km.customers),
            md(km.health) if km.cls == "pain" else labels["none"],
            md("; ".join(f"{f.label} {f.value}" for f in km.factors), labels["none"]),
        ]
        for km in view.key_moments
    ]
    head = ["rank", "touchpoint", "stage", "key_moment", "customers", "health", "factors"]
    return lines + _table([md(labels[h]) for h in head], rows)


def _actions(view: JourneyView) -> list[str]:
    labels = view.labels
    lines = [f"## {md(labels['actions'])}", ""]
    if not view.actions:
        return [*lines, md(labels["no_actions"]), ""]
    rows = [
        [
            md(a.title),
            md(a.owner, labels["no_owner"]),
            md(a.status_label),
            a.due or labels["none"],
            md(", ".join(a.addresses), labels["none"]),
        ]
        for a in view.actions
    ]
    head = ["action", "owner", "status", "due", "addresses"]
    return lines + _table([md(labels[h]) for h in head], rows)


def _personas(view: JourneyView) -> list[str]:
    labels = view.labels
    if not view.personas:
        return []
    lines = [f"## {md(labels['personas'])}", ""]
    for p in view.personas:
        segment = f" ({md(p.segment)})" if p.segment else ""
        lines.append(f"- **{md(p.name)}**{segment}")
        for key, needs in (("functional_needs", p.functional), ("emotional_needs", p.emotional)):
            if needs:
                lines.append(f"  - {md(labels[key])}: {'; '.join(md(n) for n in needs)}")
    return [*lines, ""]


def _insights(view: JourneyView) -> list[str]:
    if not view.insights:
        return []
    lines = [f"## {md(view.labels['insights'])}", ""]
    for item in view.insights:
        lines.append(f"- **{md(item.question_label)}** {md(item.answer)}")
    return [*lines, ""]


def _footer(view: JourneyView) -> str:
    labels, prov = view.labels, view.provenance
    parts = [f"{md(labels['journey_id'])} `{view.id}`"]
    if view.state:
        parts.append(f"{md(labels['state'])} `{view.state}`")
    parts.append(f"{md(labels['reviewed'])} {md(view.reviewed or labels['not_reviewed'])}")
    parts.append(f"{md(labels['source'])} `sha256:{prov.source_hash}`")
    if prov.metrics_name:
        parts.append(f"{md(labels['metrics_file'])} {md(prov.metrics_name)} `sha256:{prov.metrics_hash}`")
    if prov.commit:
        dirty = f" {md(labels['local_changes'])}" if prov.dirty else ""
        parts.append(f"{md(labels['commit'])} `{prov.commit}` ({prov.commit_date}){dirty}")
    return "<sub>" + " · ".join(parts) + "</sub>"
