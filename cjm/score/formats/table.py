"""`cjm score --format table`: what a CX lead reads on a projector, weakest link first."""

from __future__ import annotations

from cjm.display import one_line
from cjm.numbers import one_decimal
from cjm.score.formats.words import action, drivers, label
from cjm.score.report import ScoredJourney, ScoreResult, ScoreView

_BOLD, _RED, _GREEN, _DIM, _RESET = "\033[1m", "\033[31m", "\033[32m", "\033[2m", "\033[0m"
_NAME_WIDTH = 30
HEADINGS = ("#", "Touchpoint", "Stage", "Class", "Score", "Data", "Why")


def render(result: ScoreResult, view: ScoreView) -> str:
    """One block per journey: headline, weakest link, ranked touchpoints, footnotes."""
    return "\n".join(_journey(scored, view) for scored in result.journeys)


def _journey(scored: ScoredJourney, view: ScoreView) -> str:
    title = one_line(f"{' '.join(scored.journey.title.split())} ({scored.journey.id}) · {scored.path}")
    lines = [_style(title, _BOLD, view)]
    lines += _weakest_link(scored, view)
    lines.append("")
    rows = _rows(scored, view)
    if rows:
        lines += _table(rows, view)
    else:
        lines.append("No pain points or moments of truth.")
    if not view.quiet:
        lines += _notes(scored, view)
    return "\n".join(lines) + "\n"


def _weakest_link(scored: ScoredJourney, view: ScoreView) -> list[str]:
    result, journey = scored.score, scored.journey
    if result.end_to_end is None:
        return ["End-to-end health: not scored yet (no touchpoint has emotion, gap, drop-off or complaints data)"]
    headline = f"End-to-end health {one_decimal(result.end_to_end)}"
    if scored.persona:
        headline += " (whole journey)"
    if result.weakest_stage is not None and result.weakest_touchpoint is not None:
        stage = next(s for s in journey.stages if s.id == result.weakest_stage)
        tp = next(t for t in journey.touchpoints if t.id == result.weakest_touchpoint)
        who = f" for persona {scored.persona}" if scored.persona else ""
        headline += (
            f" · weakest link{who}: stage {label(stage.name, stage.id)},"
            f" touchpoint {label(tp.name, tp.id)} at {one_decimal(result.by_id[tp.id].health)}"
        )
    return [
        _style(headline, _BOLD, view),
        f"Mean health {one_decimal(result.mean)} (reach-weighted) · {_counts(scored)}",
    ]


def _counts(scored: ScoredJourney) -> str:
    shown = scored.shown
    pain = sum(1 for s in shown if s.cls == "pain")
    truth = sum(1 for s in shown if s.cls == "truth")
    neutral = len(shown) - pain - truth
    return (
        f"{_plural(len(shown), 'touchpoint')}: {_plural(pain, 'pain point')},"
        f" {_plural(truth, 'moment of truth', 'moments of truth')}, {neutral} neutral"
    )


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _rows(scored: ScoredJourney, view: ScoreView) -> list[tuple[str, ...]]:
    touchpoints = {tp.id: tp for tp in scored.journey.touchpoints}
    stages = {stage.id: stage for stage in scored.journey.stages}
    ranked = scored.ranked()
    if view.top is not None:
        ranked = ranked[: view.top]
    rows: list[tuple[str, ...]] = []
    for rank, s in enumerate(ranked, start=1):
        tp, stage = touchpoints[s.id], stages[s.stage]
        value = s.pain if s.cls == "pain" else s.truth
        rows.append(
            (
                f"{rank}{'*' if s.key_moment else ''}",
                label(tp.name, tp.id, _NAME_WIDTH),
                _shorten(stage.name or stage.id, 24),
                action(s.cls),
                one_decimal(value),
                s.confidence,
                "; ".join(drivers(tp, s, scored.settings)),
            )
        )
    return rows


def _table(rows: list[tuple[str, ...]], view: ScoreView) -> list[str]:
    widths = [max(len(cells[i]) for cells in (HEADINGS, *rows)) for i in range(len(HEADINGS) - 1)]
    right = {0, 4}

    def line(cells: tuple[str, ...]) -> str:
        padded = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells[:-1], widths, strict=True))
        ]
        return "  ".join([*padded, cells[-1]]).rstrip()

    out = [_style(line(HEADINGS), _BOLD, view)]
    for cells in rows:
        text = line(cells)
        if view.color:
            colour = _RED if cells[3] == "improve" else _GREEN
            text = text.replace(f"  {cells[3]}  ", f"  {colour}{cells[3]}{_RESET}  ", 1)
        out.append(text)
    return out


def _notes(scored: ScoredJourney, view: ScoreView) -> list[str]:
    result, shown, ranked = scored.score, scored.shown, scored.ranked()
    notes = [""]
    if view.top is not None and len(ranked) > view.top:
        hidden = _plural(len(ranked) - view.top, "more ranked touchpoint")
        notes.append(f"{hidden} not shown (--top {view.top}).")
    notes += [
        f"* key moment (top {scored.settings.key_moments})."
        " Score 0–100: pain score P (improve), truth score M (protect).",
        "Data: low = volume, drop-off, emotion, expectation or experience unknown.",
    ]
    if scored.persona:
        notes.append(
            f"Persona {scored.persona}: {len(shown)} of {len(result.touchpoints)} touchpoints;"
            " scores are computed over the whole journey."
        )
    unscored = [s.id for s in shown if s.pain is None]
    if unscored:
        notes.append(f"Unscored (no emotion, gap, drop-off or complaints data): {', '.join(unscored)}.")
    if result.unmapped:
        notes.append(f"Unmapped stages (no scored touchpoint): {', '.join(result.unmapped)}.")
    return [_style(note, _DIM, view) if note else note for note in notes]


def _shorten(text: str, width: int = _NAME_WIDTH) -> str:
    text = one_line(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _style(text: str, code: str, view: ScoreView) -> str:
    return f"{code}{text}{_RESET}" if view.color else text
