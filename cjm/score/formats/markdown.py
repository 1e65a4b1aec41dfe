"""`cjm score --format markdown`: the ranking for a wiki page or a pull request, text escaped."""

from __future__ import annotations

import re

from cjm.numbers import one_decimal
from cjm.score.formats.words import action, drivers
from cjm.score.report import ScoredJourney, ScoreResult, ScoreView

_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def escape(text: str) -> str:
    """Journey text made inert in Markdown: no markup, tables, HTML, @mentions or #references."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "&#64;")


def render(result: ScoreResult, view: ScoreView) -> str:
    """A section per journey: headline (weakest link), then the ranked table."""
    return "\n".join(_journey(scored, view) for scored in result.journeys)


def _journey(scored: ScoredJourney, view: ScoreView) -> str:
    journey, result = scored.journey, scored.score
    lines = [f"## {escape(journey.title)} (`{journey.id}`)", ""]
    lines.append(_headline(scored))
    if scored.persona:
        shown = len(scored.shown)
        lines += ["", f"Persona `{scored.persona}`: {shown} of {len(result.touchpoints)} touchpoints shown."]
    ranked = scored.ranked()
    if view.top is not None:
        ranked = ranked[: view.top]
    lines.append("")
    if not ranked:
        lines.append("No pain points or moments of truth.")
        return "\n".join(lines) + "\n"
    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    stages = {stage.id: stage for stage in journey.stages}
    lines += [
        "| # | Touchpoint | Stage | Class | Score | Data | Why |",
        "| ---: | --- | --- | --- | ---: | --- | --- |",
    ]
    for rank, s in enumerate(ranked, start=1):
        tp, stage = touchpoints[s.id], stages[s.stage]
        name = f"{escape(tp.name)} (`{tp.id}`)" if tp.name else f"`{tp.id}`"
        key = " ★" if s.key_moment else ""
        why = escape("; ".join(drivers(tp, s, scored.settings)))
        value = one_decimal(s.pain if s.cls == "pain" else s.truth)
        cells = [f"{rank}{key}", name, escape(stage.name or stage.id), action(s.cls), value, s.confidence, why]
        lines.append("| " + " | ".join(cells) + " |")
    hidden = len(scored.ranked()) - len(ranked)
    if hidden:
        lines += ["", f"{hidden} more ranked touchpoint{'' if hidden == 1 else 's'} not shown (`--top {view.top}`)."]
    if not view.quiet:
        lines += [
            "",
            f"★ key moment (top {scored.settings.key_moments}). Score: pain P (improve) or truth M (protect), 0–100.",
        ]
    return "\n".join(lines) + "\n"


def _headline(scored: ScoredJourney) -> str:
    result, journey = scored.score, scored.journey
    if result.end_to_end is None:
        return "**End-to-end health: not scored yet** (no emotion, gap, drop-off or complaints data)."
    parts = [f"**End-to-end health {one_decimal(result.end_to_end)}**"]
    if result.weakest_stage and result.weakest_touchpoint:
        stage = next(s for s in journey.stages if s.id == result.weakest_stage)
        tp = next(t for t in journey.touchpoints if t.id == result.weakest_touchpoint)
        stage_name = escape(stage.name or stage.id)
        tp_name = escape(tp.name or tp.id)
        health = one_decimal(result.by_id[tp.id].health)
        parts.append(
            f"weakest link: stage {stage_name} (`{stage.id}`), touchpoint {tp_name} (`{tp.id}`, health {health})"
        )
    parts.append(f"mean {one_decimal(result.mean)}")
    if result.unmapped:
        parts.append("unmapped: " + ", ".join(f"`{s}`" for s in result.unmapped))
    return " · ".join(parts)
