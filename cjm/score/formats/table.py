"""`cjm score --format table`: what a CX lead reads on a projector, weakest link and first fix first."""

from __future__ import annotations

from cjm.display import one_line
from cjm.numbers import one_decimal
from cjm.score.formats.words import counts, customers_line, drivers, hurt, kpi_words, label, persona_note, plural
from cjm.score.report import ScoredJourney, ScoreResult, ScoreView
from cjm.scoring import TouchpointScore

_BOLD, _RED, _GREEN, _DIM, _RESET = "\033[1m", "\033[31m", "\033[32m", "\033[2m", "\033[0m"
_NAME_WIDTH = 30
FIX_HEADINGS = ("#", "Touchpoint", "Stage", "Health", "Data", "Why")
PROTECT_HEADINGS = ("#", "Touchpoint", "Stage", "Data", "Why")


def render(result: ScoreResult, view: ScoreView) -> str:
    """One block per journey: headline (weakest link, first fix), fix first, protect, footnotes."""
    return "\n".join(_journey(scored, view) for scored in result.journeys)


def _journey(scored: ScoredJourney, view: ScoreView) -> str:
    title = one_line(f"{' '.join(scored.journey.title.split())} ({scored.journey.id}) · {scored.path}")
    lines = [_style(title, _BOLD, view), *headline(scored, view)]
    fix, protect = scored.fix_first(), scored.protect()
    if not fix and not protect:
        lines += ["", "No pain points or moments of truth."]
    if fix:
        lines += ["", _style("Fix first: pain points by customers at stake", _BOLD, view)]
        lines += _table(FIX_HEADINGS, _rows(scored, fix, view, health=True), _RED, view)
    if protect:
        lines += ["", _style("Protect: moments of truth by customers delighted", _BOLD, view)]
        lines += _table(PROTECT_HEADINGS, _rows(scored, protect, view, health=False), _GREEN, view)
    if not view.quiet:
        lines += _notes(scored, view)
    return "\n".join(lines) + "\n"


def headline(scored: ScoredJourney, view: ScoreView) -> list[str]:
    """End-to-end health and the weakest link, the first fix in customers, and the journey's customers."""
    score = scored.score
    lines = [_style(_weakest_link(scored), _BOLD, view)]
    if score.fix_first:
        first = score.by_id[score.fix_first[0]]
        tp = scored.touchpoint[first.id]
        lines.append(f"Fix first: {label(tp.name, tp.id)}: {hurt(scored, first)}")
    else:
        lines.append("Fix first: no pain points.")
    customers = customers_line(scored)
    lines.append(f"{customers[:1].upper()}{customers[1:]} · {counts(scored)}")
    return lines


def _weakest_link(scored: ScoredJourney) -> str:
    score = scored.score
    if score.end_to_end is not None:
        head = f"End-to-end health {one_decimal(score.end_to_end)} ({score.band})"
        link = "weakest link"
    elif score.unmapped:
        stages = ", ".join(label(scored.stage[s].name, s) for s in score.unmapped)
        head = f"End-to-end health not measured: no scored touchpoint in {stages}"
        link = "weakest measured link"
    else:
        return "End-to-end health not measured: no touchpoint has data"
    if score.weakest_stage is None or score.weakest_touchpoint is None:
        return head
    stage = scored.stage[score.weakest_stage]
    tp = scored.touchpoint[score.weakest_touchpoint]
    weakest = score.by_id[tp.id]
    return f"{head} · {link}: stage {label(stage.name, stage.id)}, at {label(tp.name, tp.id)}: {hurt(scored, weakest)}"


def _rows(
    scored: ScoredJourney, ranked: list[TouchpointScore], view: ScoreView, *, health: bool
) -> list[tuple[str, ...]]:
    shown = ranked if view.top is None else ranked[: view.top]
    rows: list[tuple[str, ...]] = []
    for rank, s in enumerate(shown, start=1):
        tp, stage = scored.touchpoint[s.id], scored.stage[s.stage]
        cells = [
            f"{rank}{'*' if s.key_moment else ''}",
            label(tp.name, tp.id, _NAME_WIDTH),
            _shorten(stage.name or stage.id, 24),
        ]
        if health:
            cells.append(one_decimal(s.health))
        cells += [s.confidence, "; ".join(drivers(scored, s))]
        rows.append(tuple(cells))
    return rows


def _table(headings: tuple[str, ...], rows: list[tuple[str, ...]], colour: str, view: ScoreView) -> list[str]:
    widths = [max(len(cells[i]) for cells in (headings, *rows)) for i in range(len(headings) - 1)]
    right = {0, 3} if len(headings) == len(FIX_HEADINGS) else {0}

    def line(cells: tuple[str, ...]) -> str:
        padded = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells[:-1], widths, strict=True))
        ]
        return "  ".join([*padded, cells[-1]]).rstrip()

    out = [line(headings)]
    for cells in rows:
        text = line(cells)
        out.append(f"{colour}{text[: len(cells[0]) + 1]}{_RESET}{text[len(cells[0]) + 1 :]}" if view.color else text)
    return out


def _notes(scored: ScoredJourney, view: ScoreView) -> list[str]:
    score = scored.score
    notes = [""]
    if view.top is not None:
        hidden = max(0, len(score.fix_first) - view.top) + max(0, len(score.protect) - view.top)
        if hidden:
            notes.append(f"{plural(hidden, 'more ranked touchpoint')} not shown (--top {view.top}).")
    notes += [
        f"* key moment (top {scored.settings.key_moments}): improve the pain points, protect the moments of truth.",
        "Hurt: the share of customers passing who are hurt there (drop-off, complaints, and the strongest of"
        " emotion, gap and surveys); ranked by customers at stake.",
        "Data: low = volume, drop-off or complaints, or emotion, gap or survey unknown.",
    ]
    note = persona_note(scored)
    if note:
        notes.append(note)
    if scored.journey.kpis:
        notes.append("KPIs (reported, not scored): " + "; ".join(one_line(kpi_words(k)) for k in scored.journey.kpis))
    unscored = [s.id for s in scored.shown if s.severity is None]
    if unscored:
        notes.append(f"Unscored (no drop-off, complaints, emotion, gap or survey data): {', '.join(unscored)}.")
    if score.unmapped:
        notes.append(f"Not measured (no scored touchpoint): {', '.join(score.unmapped)}.")
    return [_style(note, _DIM, view) if note else note for note in notes]


def _shorten(text: str, width: int = _NAME_WIDTH) -> str:
    text = one_line(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _style(text: str, code: str, view: ScoreView) -> str:
    return f"{code}{text}{_RESET}" if view.color else text
