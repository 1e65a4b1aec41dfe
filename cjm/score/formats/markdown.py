"""`cjm score --format markdown`: the ranking for a wiki page or a pull request, text escaped."""

from __future__ import annotations

import re

from cjm.numbers import one_decimal
from cjm.score.formats.words import counts, customers_line, drivers, hurt, kpi_words, persona_note
from cjm.score.report import ScoredJourney, ScoreResult, ScoreView
from cjm.scoring import TouchpointScore

_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def escape(text: str) -> str:
    """Journey text made inert in Markdown: no markup, tables, HTML, @mentions or #references."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "&#64;")


def render(result: ScoreResult, view: ScoreView) -> str:
    """A section per journey: headline (weakest link, first fix), then fix first and protect."""
    return "\n".join(_journey(scored, view) for scored in result.journeys)


def _journey(scored: ScoredJourney, view: ScoreView) -> str:
    journey = scored.journey
    lines = [f"## {escape(journey.title)} (`{journey.id}`)", "", *_headline(scored)]
    note = persona_note(scored)
    if note:
        lines += ["", escape(note)]
    fix, protect = scored.fix_first(), scored.protect()
    if not fix and not protect:
        lines += ["", "No pain points or moments of truth."]
    if fix:
        lines += ["", "**Fix first** (pain points by customers at stake):", ""]
        lines += _table(scored, fix, view, health=True)
    if protect:
        lines += ["", "**Protect** (moments of truth by customers delighted):", ""]
        lines += _table(scored, protect, view, health=False)
    if view.top is not None:
        hidden = max(0, len(fix) - view.top) + max(0, len(protect) - view.top)
        if hidden:
            lines += [
                "",
                f"{hidden} more ranked touchpoint{'' if hidden == 1 else 's'} not shown (`--top {view.top}`).",
            ]
    if journey.kpis:
        lines += ["", "**KPIs** (reported, not scored):", ""]
        lines += [f"- {escape(kpi_words(kpi))}" for kpi in journey.kpis]
    if not view.quiet and (fix or protect):
        lines += [
            "",
            f"★ key moment (top {scored.settings.key_moments}): improve the pain points, protect the moments of truth.",
        ]
    return "\n".join(lines) + "\n"


def _headline(scored: ScoredJourney) -> list[str]:
    score = scored.score
    if score.end_to_end is not None:
        head = f"**End-to-end health {one_decimal(score.end_to_end)}** ({score.band})"
    elif score.unmapped:
        head = (
            "**End-to-end health: not measured** (no scored touchpoint in "
            + ", ".join(f"`{s}`" for s in score.unmapped)
            + ")"
        )
    else:
        head = "**End-to-end health: not measured** (no touchpoint has data)"
    lines = [f"- {head}"]
    if score.weakest_stage and score.weakest_touchpoint:
        stage = scored.stage[score.weakest_stage]
        tp = scored.touchpoint[score.weakest_touchpoint]
        lines.append(
            f"- Weakest link: stage {escape(stage.name or stage.id)} (`{stage.id}`),"
            f" at {escape(tp.name or tp.id)} (`{tp.id}`): {escape(hurt(scored, score.by_id[tp.id]))}"
        )
    if score.fix_first:
        first = score.by_id[score.fix_first[0]]
        tp = scored.touchpoint[first.id]
        lines.append(f"- Fix first: {escape(tp.name or tp.id)} (`{tp.id}`): {escape(hurt(scored, first))}")
    customers = customers_line(scored)
    lines.append(f"- {escape(customers[:1].upper() + customers[1:])} · {escape(counts(scored))}")
    return lines


def _table(scored: ScoredJourney, ranked: list[TouchpointScore], view: ScoreView, *, health: bool) -> list[str]:
    shown = ranked if view.top is None else ranked[: view.top]
    head = ["#", "Touchpoint", "Stage", *(["Health"] if health else []), "Data", "Why"]
    align = ["---:", "---", "---", *(["---:"] if health else []), "---", "---"]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    for rank, s in enumerate(shown, start=1):
        tp, stage = scored.touchpoint[s.id], scored.stage[s.stage]
        name = f"{escape(tp.name)} (`{tp.id}`)" if tp.name else f"`{tp.id}`"
        cells = [f"{rank}{' ★' if s.key_moment else ''}", name, escape(stage.name or stage.id)]
        if health:
            cells.append(one_decimal(s.health))
        cells += [s.confidence, escape("; ".join(drivers(scored, s)))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
