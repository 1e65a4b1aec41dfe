"""Build the view model of one journey: scores, labels, numbers as text, the emotion curve.

Linear in the size of the journey: every cross-reference (opportunities, actions and
insights per touchpoint) goes through a dictionary built once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from cjm.index import JourneyIndex
from cjm.model import METRIC_KEYS, Action, Journey, Metrics, Persona, Touchpoint, need_text
from cjm.numbers import PERIODS, estimate, format_number, format_percent
from cjm.render.channels import channel_icon
from cjm.render.charts import comparison, impact_effort, persona_curves, persona_emotion, value_effort
from cjm.render.curve import curve_points
from cjm.render.labels import journey_labels, labels_for
from cjm.render.paper import DEFAULT_PAPER, PrintLayout, layout, strip_px
from cjm.render.view import (
    ActionView,
    CurvePoint,
    Emotion,
    EvidenceView,
    Factor,
    FlowMark,
    Health,
    IndexEntry,
    IndexView,
    InsightView,
    JourneyView,
    KeyMomentView,
    MapColumn,
    OpportunityView,
    Pair,
    PersonaCurve,
    PersonaView,
    PhaseView,
    Provenance,
    SheetView,
    StageSlice,
    StageView,
    TouchpointView,
)
from cjm.scoring import (
    JourneyScore,
    ScoreSettings,
    TouchpointInputs,
    TouchpointScore,
    band,
    perception,
    persona_values,
    score_journey,
    serves_persona,
    touchpoint_inputs,
)

LEGEND_VALUES = (-2.0, -1.0, 0.0, 1.0, 2.0)
LANES = ("touchpoints", "flow", "actions", "thoughts", "emotion", "moments", "owners", "backstage", "opportunities")
ALWAYS_SHOWN = frozenset({"touchpoints", "moments", "owners"})  # an empty one of these is itself a finding
REVIEW_EVERY_DAYS = 180  # the configuration's default (`review_every_days`)


class UnknownPersona(ValueError):
    """--persona names no persona of the journey."""


@dataclass(frozen=True)
class Context:
    """What every helper needs: the language, its labels and the score."""

    lang: str
    labels: dict[str, str]
    score: JourneyScore
    settings: ScoreSettings
    emotions: dict[float | None, Emotion] = field(default_factory=dict)  # emotions repeat: one object each

    def num(self, value: float, decimals: int = 0) -> str:
        """A number in the language's style."""
        return format_number(value, self.lang, decimals)

    def score_text(self, value: float | None) -> str:
        """A score with one decimal, or the dash when absent."""
        return self.labels["none"] if value is None else self.num(value, 1)

    def level(self, health: float | None) -> str:
        """A health's band (good, fair, poor: `score.bands`), or none when not measured."""
        return band(health, self.settings) or "none"

    def customers(self, value: float | None) -> str:
        """An estimated customer count: `≈ 5.620` in the language's style, the dash when unknown."""
        return self.labels["none"] if value is None else f"≈\u00a0{self.num(estimate(value))}"

    def per_period(self, period: str | None) -> str:
        """`pr. måned` for the known periods (translated), `per <period>` as written, else nothing."""
        if not period or not period.strip():
            return ""
        text = " ".join(period.split())
        if text.lower() in PERIODS:
            return self.labels[f"per_{text.lower()}"]
        return f"{self.labels['period_prefix']} {text}"

    def in_customers(self, value: float | None, period: str | None) -> str:
        """`≈ 5.620 kunder pr. måned`."""
        if value is None:
            return self.labels["none"]
        return " ".join(
            part for part in (self.customers(value), self.labels["customers_unit"], self.per_period(period)) if part
        )


def build_view(
    journey: Journey,
    settings: ScoreSettings,
    *,
    provenance: Provenance,
    lang: str | None = None,
    persona: str | None = None,
    paper: str = DEFAULT_PAPER,
    tile: bool = False,
    review_every_days: int = REVIEW_EVERY_DAYS,
    baseline: JourneyView | None = None,
) -> JourneyView:
    """The view model of one journey (optionally as one persona sees it), laid out for `paper`
    (one sheet, or tiled); evidence is old when dated before `reviewed` less the review interval.
    With `baseline` (the as-is journey's view) the to-be is drawn next to it."""
    index = JourneyIndex(journey)
    chosen = _persona(journey, persona)
    shown = [tp for tp in index.order if chosen is None or serves_persona(tp, chosen.id)]
    shown_ids = {tp.id for tp in shown}
    score = score_journey(journey, settings, persona=None if chosen is None else chosen.id)
    language = lang or journey.language or "en"
    phases = None if journey.phases is None else journey.phases.model_dump(exclude={"extensions"})
    ctx = Context(language, journey_labels(language, phases), score, settings)
    by_stage: dict[str, list[Touchpoint]] = {stage.id: [] for stage in journey.stages}
    for tp in shown:
        by_stage[tp.stage].append(tp)
    flow = _shown_flow(index, shown_ids)
    column = _column_of(journey, shown)
    marks = _flow_marks(journey, shown, flow, ctx)
    curves = _curves(journey, by_stage, shown, flow, column, chosen)
    cutoff = _evidence_cutoff(journey, review_every_days)
    tp_views = _touchpoint_views(journey, index, shown, ctx, curves, chosen, flow, column, marks, cutoff)
    stages = _stage_views(journey, by_stage, tp_views, ctx, curves)
    columns = _map_columns(stages)
    lines: tuple[PersonaCurve, ...] = ()
    if chosen is None:
        columns, lines = persona_curves(journey, columns, index.touchpoint)
    lanes = _lanes(columns)
    printing = layout(len(columns), paper, tile=tile, strip=strip_px(lanes))
    view = JourneyView(
        id=journey.id,
        lang=language,
        content_lang=journey.language or language,
        labels=ctx.labels,
        title=journey.title,
        description=paragraphs(journey.description),
        state=journey.state,
        state_label=ctx.labels[f"state_{journey.state}"] if journey.state else None,
        owner=journey.owner,
        period=journey.period,
        reviewed=journey.reviewed.isoformat() if journey.reviewed else None,
        tags=tuple(journey.tags),
        metrics=_journey_metrics(journey.metrics, ctx),
        persona=None if chosen is None else _persona_view(chosen, len(shown), ctx),
        personas=_persona_views(journey, index, chosen, ctx),
        phases=_phases(stages, ctx),
        stages=stages,
        touchpoints=tuple(view for stage in stages for view in stage.touchpoints),
        map_columns=columns,
        key_moments=_key_moments(journey, index, ctx),
        actions=_actions(journey, index, shown_ids, chosen is not None, ctx),
        opportunities=_opportunities(journey, index, shown_ids, chosen is not None),
        insights=_insights(journey, index, shown_ids, chosen is not None, ctx),
        health=_health(journey, stages, shown, score, ctx),
        counts=_counts(journey, shown, score, chosen is not None),
        provenance=provenance,
        columns=len(columns),
        printing=printing,
        whole=SheetView(1, 1, columns, _phases(stages, ctx), tuple(StageSlice(s, s.span, False) for s in stages)),
        sheets=_sheets(stages, columns, printing, ctx) if printing.tile else (),
        lanes=lanes,
        legend=tuple(emotion(value, ctx) for value in LEGEND_VALUES),
        persona_curves=lines,
        value_effort=value_effort(journey, shown_ids, lambda v: f"{ctx.num(v)} {journey.currency or ''}".strip()),
        impact_effort=impact_effort(journey, score, shown_ids, ctx.customers),
        kpis=_kpis(journey, ctx),
    )
    return view if baseline is None else replace(view, comparison=comparison(baseline, view))


def _persona(journey: Journey, persona_id: str | None) -> Persona | None:
    if persona_id is None:
        return None
    for persona in journey.personas:
        if persona.id == persona_id:
            return persona
    known = ", ".join(p.id for p in journey.personas) or "none"
    raise UnknownPersona(f"journey {journey.id!r} has no persona {persona_id!r} (personas: {known})")


def _strip(text: str | None) -> str | None:
    """One line of text with its whitespace collapsed, None when empty."""
    return " ".join(text.split()) or None if text else None


def paragraphs(text: str | None) -> tuple[str, ...]:
    """A block of text as paragraphs: blank lines separate them, single line breaks are spaces."""
    if not text:
        return ()
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    return tuple(" ".join(block.split()) for block in blocks if block.strip())


def _name(item: object) -> str:
    return str(getattr(item, "name", None) or getattr(item, "title", None) or getattr(item, "id", ""))


def emotion(value: float | None, ctx: Context) -> Emotion:
    """An emotion as text, word, colour level and 1..5 score."""
    if value is None:
        return Emotion(None, ctx.labels["none"], ctx.labels["emotion_unknown"], "none", 3)
    level, word = _emotion_level(value)
    rounded = math.floor(abs(value) + 0.5)
    score5 = max(1, min(5, 3 + (rounded if value >= 0 else -rounded)))
    return Emotion(value, signed(value, ctx), ctx.labels[f"emotion_{word}"], level, score5)


def _shared_emotion(value: float | None, ctx: Context) -> Emotion:
    found = ctx.emotions.get(value)
    if found is None:
        found = ctx.emotions[value] = emotion(value, ctx)
    return found


def _emotion_level(value: float) -> tuple[str, str]:
    if value <= -1.2:
        return "n2", "very_negative"
    if value < -0.4:
        return "n1", "negative"
    if value <= 0.4:
        return "z", "neutral"
    if value < 1.2:
        return "p1", "positive"
    return "p2", "very_positive"


def signed(value: float, ctx: Context) -> str:
    """+0,8 / −1,6 / 0: one decimal unless whole."""
    text = trim(value, ctx)
    return f"+{text}" if value > 0 else text


def trim(value: float, ctx: Context) -> str:
    """A value with one decimal, or none when it is whole."""
    return ctx.num(value, 0 if float(value).is_integer() else 1)


def _curves(
    journey: Journey,
    by_stage: dict[str, list[Touchpoint]],
    shown: list[Touchpoint],
    flow: dict[str, tuple[str, ...]],
    column: dict[str, int],
    chosen: Persona | None,
) -> list[CurvePoint]:
    """The emotion curve in journey order (a chosen persona's own emotions), dashed where the flow
    does not go on to the next touchpoint, marked where it branches."""
    values: list[float | None] = []
    for stage in journey.stages:
        touchpoints = by_stage[stage.id]
        values.extend([_emotion_value(tp, chosen) for tp in touchpoints] if touchpoints else [None])
    linked, branches = [True] * len(values), [False] * len(values)
    for i, tp in enumerate(shown):
        successors = flow.get(tp.id, ())
        branches[column[tp.id]] = len(successors) > 1
        if i + 1 < len(shown) and shown[i + 1].id not in successors:
            for c in range(column[tp.id], column[shown[i + 1].id]):
                linked[c] = False
    return curve_points(values, linked, branches)


def _emotion_value(tp: Touchpoint, chosen: Persona | None) -> float | None:
    return tp.emotion if chosen is None else persona_emotion(tp, chosen.id)


def _flow_marks(
    journey: Journey, shown: list[Touchpoint], flow: dict[str, tuple[str, ...]], ctx: Context
) -> dict[str, tuple[FlowMark, ...]]:
    """Where the flow leaves journey order: entries, branches, loops back, jumps ahead and ends."""
    labels = ctx.labels
    position = {tp.id: i for i, tp in enumerate(shown)}
    names = {tp.id: _name(tp) for tp in shown}
    first_stage = journey.stages[0].id
    out: dict[str, tuple[FlowMark, ...]] = {}
    for i, tp in enumerate(shown):
        successors = flow.get(tp.id, ())
        default = shown[i + 1].id if i + 1 < len(shown) else None
        marks: list[FlowMark] = []
        if tp.entry and tp.stage != first_stage:
            marks.append(FlowMark("entry", labels["flow_entry"], None))
        if len(successors) > 1:
            marks.append(FlowMark("branch", labels["flow_branch"], None))
        for nxt in successors:
            if position[nxt] <= i:
                marks.append(FlowMark("back", labels["flow_back"], names[nxt]))
            elif nxt != default:
                marks.append(FlowMark("jump", labels["flow_jump"], names[nxt]))
        if not successors and default is not None:
            marks.append(FlowMark("end", labels["flow_end"], None))
        if marks:
            out[tp.id] = tuple(marks)
    return out


def _evidence_cutoff(journey: Journey, review_every_days: int) -> dt.date | None:
    """Evidence dated before this is old: the last review less the review interval (never today)."""
    if journey.reviewed is None:
        return None
    return journey.reviewed - dt.timedelta(days=journey.review_every_days or review_every_days)


def _evidence(tp: Touchpoint, cutoff: dt.date | None, ctx: Context) -> tuple[EvidenceView, ...]:
    return tuple(
        EvidenceView(
            source=item.source,
            kind=ctx.labels[f"evidence_{item.kind}"] if item.kind else None,
            date=item.date.isoformat() if item.date else None,
            note=_strip(item.note),
            old=cutoff is not None and item.date is not None and item.date < cutoff,
        )
        for item in tp.evidence
    )


def _touchpoint_views(
    journey: Journey,
    index: JourneyIndex,
    shown: list[Touchpoint],
    ctx: Context,
    curves: list[CurvePoint],
    chosen: Persona | None,
    flow: dict[str, tuple[str, ...]],
    column: dict[str, int],
    marks: dict[str, tuple[FlowMark, ...]],
    cutoff: dt.date | None,
) -> dict[str, TouchpointView]:
    opportunities = _titles_by_touchpoint(journey.opportunities)
    persona_names = {p.id: _name(p) for p in ([chosen] if chosen else journey.personas)}
    needs = _need_texts(journey)
    views = {}
    for tp in shown:
        view = _touchpoint_view(
            tp, index, ctx, curves[column[tp.id]], opportunities.get(tp.id, ()), persona_names, flow[tp.id]
        )
        evidence = _evidence(tp, cutoff, ctx)
        views[tp.id] = replace(
            view,
            emotion=_shared_emotion(_emotion_value(tp, chosen), ctx),
            flow=marks.get(tp.id, ()),
            evidence=evidence,
            old_evidence=sum(e.old for e in evidence),
            needs_met=tuple(needs.get(n, n) for n in tp.needs_met),
            needs_unmet=tuple(needs.get(n, n) for n in tp.needs_unmet),
            co_owners=tuple(tp.co_owners),
            partner=tp.partner,
            recovers=None if tp.recovers is None else _name(index.touchpoint[tp.recovers]),
            target=tp.target,
        )
    return views


def _need_texts(journey: Journey) -> dict[str, str]:
    """Every persona need with an id (format 1.1), by id."""
    found = {}
    for persona in journey.personas:
        for need in [*persona.needs.functional, *persona.needs.emotional]:
            need_id = getattr(need, "id", None)
            if need_id is not None:
                found[need_id] = need_text(need)
    return found


def _column_of(journey: Journey, shown: list[Touchpoint]) -> dict[str, int]:
    """The map column of each shown touchpoint (an empty stage takes one column)."""
    counts: dict[str, int] = {stage.id: 0 for stage in journey.stages}
    for tp in shown:
        counts[tp.stage] += 1
    start, first = 0, {}
    for stage in journey.stages:
        first[stage.id] = start
        start += max(1, counts[stage.id])
    seen: dict[str, int] = dict.fromkeys(counts, 0)
    column = {}
    for tp in shown:
        column[tp.id] = first[tp.stage] + seen[tp.stage]
        seen[tp.stage] += 1
    return column


def _titles_by_touchpoint(opportunities: Iterable[object]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for opportunity in opportunities:
        for tp_id in getattr(opportunity, "touchpoints", ()):
            found.setdefault(tp_id, []).append(_name(opportunity))
    return {tp_id: tuple(titles) for tp_id, titles in found.items()}


def _shown_flow(index: JourneyIndex, shown_ids: set[str]) -> dict[str, tuple[str, ...]]:
    """Successors among the shown touchpoints, bridging over hidden ones."""
    if not shown_ids:
        return {}
    flow = index.successors()
    result: dict[str, tuple[str, ...]] = {}
    for tp_id in shown_ids:
        found: list[str] = []
        seen: set[str] = set()
        stack = list(reversed(flow.get(tp_id, [])))
        while stack:
            nxt = stack.pop()
            if nxt in seen:
                continue
            seen.add(nxt)
            if nxt in shown_ids:
                found.append(nxt)
            else:
                stack.extend(reversed(flow.get(nxt, [])))
        result[tp_id] = tuple(found)
    return result


def _touchpoint_view(
    tp: Touchpoint,
    index: JourneyIndex,
    ctx: Context,
    curve: CurvePoint,
    opportunities: tuple[str, ...],
    persona_names: dict[str, str],
    successors: tuple[str, ...],
) -> TouchpointView:
    scored = ctx.score.by_id[tp.id]
    labels = ctx.labels
    stage = index.journey.stages[index.stage_at[tp.stage]]
    key_rank = ctx.score.key_moments.index(tp.id) + 1 if scored.key_moment else None
    kpi_names = {kpi.id: kpi.name or kpi.id for kpi in index.journey.kpis}
    measures = _measures(_as_scored(tp, scored, ctx.score.persona), ctx, kpi_names)
    return TouchpointView(
        id=tp.id,
        name=_name(tp),
        stage_id=tp.stage,
        stage_name=_name(stage),
        channel=tp.channel,
        icon=channel_icon(tp.channel),
        owner=tp.owner,
        action=_strip(tp.action),
        thoughts=_strip(tp.thoughts),
        quotes=tuple(tp.quotes),
        backstage=tuple(tp.backstage),
        needs_functional=tuple(tp.needs.functional),
        needs_emotional=tuple(tp.needs.emotional),
        emotion=_shared_emotion(tp.emotion, ctx),
        measures=measures,
        measures_text="; ".join(f"{m.label} {m.value}" for m in measures),
        cls=scored.cls,
        cls_label=_class_label(scored.cls, labels),
        declared=_declared(tp, labels),
        key_rank=key_rank,
        at_stake=_at_stake(scored, ctx),
        delighted=_delighted(scored, ctx),
        health=ctx.score_text(scored.health),
        health_level=ctx.level(scored.health),
        confidence=labels[f"confidence_{scored.confidence}"],
        missing=_missing(scored, labels),
        opportunities=opportunities,
        personas=tuple(name for pid, name in persona_names.items() if serves_persona(tp, pid)),
        curve=curve,
        successors=successors,
    )


def _at_stake(scored: TouchpointScore, ctx: Context) -> str:
    """Customers at stake (`≈ 5.620`); without any volume the share hurt (`69 % ramt`); the dash when unscored."""
    if scored.at_stake is not None:
        return ctx.customers(scored.at_stake)
    if scored.severity is not None:
        return f"{format_percent(scored.severity, ctx.lang)} {ctx.labels['hurt']}"
    return ctx.labels["none"]


def _delighted(scored: TouchpointScore, ctx: Context) -> str:
    """Customers delighted (`≈ 2.850`); without any volume the share delighted; the dash when unknown."""
    if scored.delighted is not None:
        return ctx.customers(scored.delighted)
    if scored.delight is not None:
        return format_percent(scored.delight, ctx.lang)
    return ctx.labels["none"]


def _class_label(cls: str, labels: dict[str, str]) -> str:
    return {"pain": labels["pain_point"], "truth": labels["moment_of_truth"]}.get(cls, labels["neutral"])


def _declared(tp: Touchpoint, labels: dict[str, str]) -> str | None:
    if tp.moment is None:
        return None
    return labels["pain_point"] if tp.moment == "pain" else labels["moment_of_truth"]


def _missing(scored: TouchpointScore, labels: dict[str, str]) -> str:
    return ", ".join(labels[name].lower() for name in scored.missing)


def _as_scored(tp: Touchpoint, scored: TouchpointScore, persona: str | None) -> Touchpoint:
    """Under --persona, the touchpoint with the persona's figures (by_persona values, its volume) for its measures."""
    values = scored.values
    if persona is None or values is None:
        return tp
    metrics: dict[str, Any] = {name: getattr(values, name) for name in METRIC_KEYS}
    own = persona_values(tp, persona)
    metrics.update(own.kpis if own is not None else {})
    fields = {name: getattr(values, name) for name in ("emotion", "expectation", "experience", "importance")}
    return tp.model_copy(update={**fields, "metrics": tp.metrics.model_copy(update=metrics)})


def _measures(tp: Touchpoint, ctx: Context, kpis: dict[str, str] | None = None) -> tuple[Pair, ...]:
    pairs = list(_metric_pairs(tp.metrics, ctx))
    if tp.expectation is not None:
        pairs.append(Pair(ctx.labels["expectation"], f"{trim(tp.expectation, ctx)}/5"))
    if tp.experience is not None:
        pairs.append(Pair(ctx.labels["experience"], f"{trim(tp.experience, ctx)}/5"))
    if tp.importance is not None:
        pairs.append(Pair(ctx.labels["importance"], f"{trim(tp.importance, ctx)}/5"))
    for kpi_id, value in tp.metrics.kpis.items():  # format 1.1: a journey KPI's value here, by its name
        pairs.append(Pair((kpis or {}).get(kpi_id, kpi_id), _exact(value, ctx)))
    return tuple(pairs)


def _exact(value: float, ctx: Context) -> str:
    """A KPI value as written, up to three decimals, in the language's style (4,75 in Danish)."""
    for decimals in range(4):
        if round(value, decimals) == value:
            return ctx.num(value, decimals)
    return ctx.num(value, 3)


def _kpis(journey: Journey, ctx: Context) -> tuple[Pair, ...]:
    """Format 1.1 KPIs, reported (never scored): `21 dage · mål 10 dage · lavere er bedre`."""
    labels = ctx.labels
    out = []
    for kpi in journey.kpis:
        unit = f" {kpi.unit}" if kpi.unit else ""
        parts = [labels["no_value"] if kpi.value is None else f"{_exact(kpi.value, ctx)}{unit}"]
        if kpi.target is not None:
            parts.append(f"{labels['kpi_target']} {_exact(kpi.target, ctx)}{unit}")
        if kpi.direction is not None:
            parts.append(labels["higher_better" if kpi.direction == "up" else "lower_better"])
        out.append(Pair(kpi.name or kpi.id, " · ".join(parts)))
    return tuple(out)


def _metric_pairs(metrics: Metrics, ctx: Context) -> Iterable[Pair]:
    labels = ctx.labels
    if metrics.volume is not None:
        yield Pair(labels["volume"], ctx.num(metrics.volume))
    if metrics.drop_off is not None:
        yield Pair(labels["drop_off"], format_percent(metrics.drop_off, ctx.lang))
    if metrics.complaints is not None:
        yield Pair(labels["complaints"], format_percent(metrics.complaints, ctx.lang))
    if metrics.csat is not None:
        yield Pair(labels["csat"], f"{trim(metrics.csat, ctx)}/5")
    if metrics.nps is not None:
        yield Pair(labels["nps"], signed(metrics.nps, ctx))
    if metrics.ces is not None:
        yield Pair(labels["ces"], f"{trim(metrics.ces, ctx)}/7")


def _journey_metrics(metrics: Metrics, ctx: Context) -> tuple[Pair, ...]:
    return tuple(_metric_pairs(metrics, ctx))


def _stage_views(
    journey: Journey,
    by_stage: dict[str, list[Touchpoint]],
    tp_views: dict[str, TouchpointView],
    ctx: Context,
    curves: list[CurvePoint],
) -> tuple[StageView, ...]:
    healths = {st.id: st.health for st in ctx.score.stages}
    column, out = 0, []
    for stage in journey.stages:
        touchpoints = by_stage[stage.id]
        value = healths.get(stage.id)
        out.append(
            StageView(
                id=stage.id,
                name=_name(stage),
                phase=stage.phase,
                description=paragraphs(stage.description),
                health=ctx.labels["not_measured"] if value is None else ctx.num(value, 1),
                health_level=ctx.level(value),
                health_pct=_pct_bar(value),
                weakest=stage.id == ctx.score.weakest_stage,
                touchpoints=tuple(tp_views[tp.id] for tp in touchpoints),
                empty_curve=curves[column] if not touchpoints else CurvePoint("", None),
            )
        )
        column += max(1, len(touchpoints))
    return tuple(out)


def _map_columns(stages: tuple[StageView, ...]) -> tuple[MapColumn, ...]:
    """The map's columns in order: every shown touchpoint, one placeholder per empty stage."""
    columns: list[MapColumn] = []
    for stage in stages:
        if not stage.touchpoints:
            columns.append(MapColumn(None, " stage-start empty", stage.empty_curve))
        for number, tp in enumerate(stage.touchpoints):
            columns.append(MapColumn(tp, " stage-start" if number == 0 else "", tp.curve))
    return tuple(columns)


def _phases(stages: tuple[StageView, ...], ctx: Context) -> tuple[PhaseView, ...]:
    """Consecutive stages of the same phase become one phase band."""
    return _phase_runs([(stage.phase or "none", stage.span) for stage in stages], ctx)


def _phase_runs(spans: list[tuple[str, int]], ctx: Context) -> tuple[PhaseView, ...]:
    runs: list[tuple[str, int]] = []
    for key, span in spans:
        if runs and runs[-1][0] == key:
            runs[-1] = (key, runs[-1][1] + span)
        else:
            runs.append((key, span))
    return tuple(PhaseView(key, ctx.labels[f"phase_{key}"], span) for key, span in runs)


def _sheets(
    stages: tuple[StageView, ...], columns: tuple[MapColumn, ...], printing: PrintLayout, ctx: Context
) -> tuple[SheetView, ...]:
    """The strips of a tiled map: each strip's columns, with the part of each stage (and phase) it
    shows, numbered by the sheet of paper it is on."""
    ranges = printing.sheets
    starts, start = [], 0
    for stage in stages:
        starts.append(start)
        start += stage.span
    sheets = []
    for strip, (low, high) in enumerate(ranges):
        slices = [
            StageSlice(stage, min(high, first + stage.span) - max(low, first), first < low)
            for stage, first in zip(stages, starts, strict=True)
            if first < high and first + stage.span > low
        ]
        phases = _phase_runs([(s.stage.phase or "none", s.span) for s in slices], ctx)
        page, place = divmod(strip, printing.per_page)
        sheets.append(
            SheetView(page + 1, printing.pages, columns[low:high], phases, tuple(slices), page_start=place == 0)
        )
    return tuple(sheets)


def _lanes(columns: tuple[MapColumn, ...]) -> tuple[str, ...]:
    """The lanes with something to show (an empty lane collapses), in map order."""
    shown = [c.tp for c in columns if c.tp is not None]
    has = {
        "flow": any(tp.flow for tp in shown),
        "actions": any(tp.action for tp in shown),
        "thoughts": any(tp.thoughts or tp.quotes for tp in shown),
        "emotion": any(tp.emotion.value is not None for tp in shown),
        "backstage": any(tp.backstage for tp in shown),
        "opportunities": any(tp.opportunities for tp in shown),
    }
    return tuple(lane for lane in LANES if lane in ALWAYS_SHOWN or has.get(lane, False))


def _persona_view(persona: Persona, touchpoints: int, ctx: Context) -> PersonaView:
    name = _name(persona)
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    initials = "".join(w[0] for w in words[:2]).upper() or "?"
    return PersonaView(
        id=persona.id,
        name=name,
        initials=initials,
        segment=persona.segment,
        description=paragraphs(persona.description),
        goals=tuple(persona.goals),
        functional=tuple(need_text(need) for need in persona.needs.functional),
        emotional=tuple(need_text(need) for need in persona.needs.emotional),
        touchpoints=touchpoints,
        share=None if persona.share is None else format_percent(persona.share, ctx.lang),
    )


def _persona_views(
    journey: Journey, index: JourneyIndex, chosen: Persona | None, ctx: Context
) -> tuple[PersonaView, ...]:
    personas = [chosen] if chosen is not None else journey.personas
    return tuple(_persona_view(p, sum(1 for tp in index.order if serves_persona(tp, p.id)), ctx) for p in personas)


def _key_moments(journey: Journey, index: JourneyIndex, ctx: Context) -> tuple[KeyMomentView, ...]:
    actions_for: dict[str, list[str]] = {}
    for action in journey.actions:
        if action.status == "dropped":
            continue
        status = ctx.labels[f"status_{action.status}"] if action.status else None
        detail = ", ".join(part for part in (action.owner, status) if part)
        for tp_id in action.addresses:
            actions_for.setdefault(tp_id, []).append(f"{_name(action)} ({detail})" if detail else _name(action))
    out = []
    for rank, tp_id in enumerate(ctx.score.key_moments, start=1):
        scored = ctx.score.by_id[tp_id]
        tp = index.touchpoint[tp_id]
        stage = journey.stages[index.stage_at[tp.stage]]
        kind = "improve" if scored.cls == "pain" else "protect"
        out.append(
            KeyMomentView(
                rank=rank,
                id=tp_id,
                name=_name(tp),
                stage_name=_name(stage),
                cls=scored.cls,
                kind=kind,
                kind_label=ctx.labels[kind],
                cls_label=_class_label(scored.cls, ctx.labels),
                customers=_moment_customers(scored, journey.period, ctx),
                health=ctx.score_text(scored.health),
                factors=_factors(tp, scored, ctx),
                confidence=ctx.labels[f"confidence_{scored.confidence}"],
                missing=_missing(scored, ctx.labels),
                actions=tuple(actions_for.get(tp_id, ())),
            )
        )
    return tuple(out)


def _moment_customers(scored: TouchpointScore, period: str | None, ctx: Context) -> str:
    """What ranks a key moment: customers at stake (improve) or delighted (protect), with unit and period."""
    if scored.cls == "pain":
        value, share = scored.at_stake, scored.severity
    else:
        value, share = scored.delighted, scored.delight
    if value is not None:
        return ctx.in_customers(value, period)
    if share is not None:
        return format_percent(share, ctx.lang) + (f" {ctx.labels['hurt']}" if scored.cls == "pain" else "")
    return ctx.labels["none"]


def _factors(tp: Touchpoint, scored: TouchpointScore, ctx: Context) -> tuple[Factor, ...]:
    """The signals behind a key moment (scoring model v2), strongest first, each in words."""
    f, labels = scored.factors, ctx.labels
    values = scored.values or touchpoint_inputs(tp)  # the values scored: the persona's under --persona
    gap_text = None
    if values.expectation is not None and values.experience is not None:
        gap_text = f"{trim(values.expectation, ctx)} → {trim(values.experience, ctx)}"
    emotion_text = None if values.emotion is None else signed(values.emotion, ctx)
    if scored.cls == "pain":
        q, name = perception(f, ctx.settings.signals)
        found = [
            (f.drop_off, "drop_off", labels["factor_drop_off"], _pct(f.drop_off, ctx)),
            (f.complaints, "complaints", labels["factor_complaints"], _pct(f.complaints, ctx)),
        ]
        if q and name is not None:
            found.append((q, name, *_perception(name, values, emotion_text, gap_text, ctx)))
    else:
        found = [
            (f.positivity, "positivity", labels["factor_positivity"], emotion_text),
            (f.surplus, "surplus", labels["factor_surplus"], gap_text),
        ]
    ranked = sorted(
        ((value, order, name, label, text) for order, (value, name, label, text) in enumerate(found) if value and text),
        key=lambda item: (-item[0], item[1]),
    )
    out = [Factor(name, label, text) for _, _, name, label, text in ranked]
    if scored.volume is not None:
        volume = ctx.num(scored.volume) if not scored.volume_imputed else ctx.customers(scored.volume)
        out.append(Factor("volume", labels["volume"].lower(), volume))
    if scored.cls == "pain" and scored.importance != 1:
        out.append(Factor("importance", labels["factor_importance"], trim(4 * scored.importance - 1, ctx) + "/5"))
    return tuple(out)


def _perception(
    name: str, metrics: TouchpointInputs, emotion_text: str | None, gap_text: str | None, ctx: Context
) -> tuple[str, str | None]:
    """The label and value text of the perception signal that gives q."""
    labels = ctx.labels
    if name == "negativity":
        return labels["factor_negativity"], emotion_text
    if name == "gap":
        return labels["factor_gap"], gap_text
    if name == "csat":
        return labels["csat"], None if metrics.csat is None else f"{trim(metrics.csat, ctx)}/5"
    if name == "nps":
        return labels["nps"], None if metrics.nps is None else signed(metrics.nps, ctx)
    return labels["ces"], None if metrics.ces is None else f"{trim(metrics.ces, ctx)}/7"


def _pct(value: float | None, ctx: Context) -> str | None:
    return None if value is None else format_percent(value, ctx.lang)


def _concerns(ids: Iterable[str], shown_ids: set[str]) -> bool:
    return any(tp_id in shown_ids for tp_id in ids)


def _tp_names(ids: Iterable[str], index: JourneyIndex) -> tuple[str, ...]:
    return tuple(_name(index.touchpoint[tp_id]) for tp_id in ids if tp_id in index.touchpoint)


def _actions(
    journey: Journey, index: JourneyIndex, shown_ids: set[str], filtered: bool, ctx: Context
) -> tuple[ActionView, ...]:
    return tuple(
        ActionView(
            id=action.id,
            title=_name(action),
            owner=action.owner,
            status=action.status or "none",
            status_label=ctx.labels[f"status_{action.status or 'none'}"],
            due=action.due.isoformat() if action.due else None,
            addresses=_tp_names(action.addresses, index),
            description=paragraphs(action.description),
            priority=action.priority,
            effort=None if action.effort is None else f"{trim(action.effort, ctx)}/5",
        )
        for action in _by_priority(journey.actions)
        if not filtered or _concerns(action.addresses, shown_ids)
    )


def _by_priority(actions: list[Action]) -> list[Action]:
    """The action plan in the order of work: 1.1 `priority` first (1 first), then the rest as written."""
    return sorted(actions, key=lambda action: (action.priority is None, action.priority or 0))


def _opportunities(
    journey: Journey, index: JourneyIndex, shown_ids: set[str], filtered: bool
) -> tuple[OpportunityView, ...]:
    return tuple(
        OpportunityView(
            id=item.id,
            title=_name(item),
            description=paragraphs(item.description),
            touchpoints=_tp_names(item.touchpoints, index),
        )
        for item in journey.opportunities
        if not filtered or _concerns(item.touchpoints, shown_ids)
    )


def _insights(
    journey: Journey, index: JourneyIndex, shown_ids: set[str], filtered: bool, ctx: Context
) -> tuple[InsightView, ...]:
    return tuple(
        InsightView(
            question=item.question,
            question_label=ctx.labels[f"question_{item.question}"],
            answer=item.answer,
            touchpoints=_tp_names(item.touchpoints, index),
        )
        for item in journey.insights
        if not filtered or _concerns(item.touchpoints, shown_ids)
    )


def _health(
    journey: Journey, stages: tuple[StageView, ...], shown: list[Touchpoint], score: JourneyScore, ctx: Context
) -> Health:
    """End-to-end health (the weakest stage, `not measured` when a stage has no data), the weakest link and the
    journey's customers; with --persona the persona's view (SPEC §4.2 item 8)."""
    end_to_end = score.end_to_end
    stage_names = {stage.id: stage.name for stage in stages}
    tp_names = {tp.id: _name(tp) for tp in shown}
    weakest = score.by_id.get(score.weakest_touchpoint or "")
    notes = []
    if not score.volume_known:
        notes.append(ctx.labels["no_volumes"])
    if score.whole_journey:
        notes.append(ctx.labels["persona_whole_journey"])
    customers = score.customers
    return Health(
        end_to_end=ctx.labels["not_measured"] if end_to_end is None else ctx.score_text(end_to_end),
        end_to_end_value=end_to_end,
        level=ctx.level(end_to_end),
        customers=ctx.labels["none"]
        if customers is None
        else f"{ctx.num(customers)} {ctx.per_period(journey.period)}".strip(),
        weakest_stage=stage_names.get(score.weakest_stage or ""),
        weakest_touchpoint=tp_names.get(score.weakest_touchpoint or ""),
        weakest_at_stake=None if weakest is None else _moment_at_stake(weakest, journey.period, ctx),
        notes=tuple(notes),
    )


def _moment_at_stake(scored: TouchpointScore, period: str | None, ctx: Context) -> str:
    """Customers at stake with unit and period, or the share hurt without volume."""
    if scored.at_stake is not None:
        return ctx.in_customers(scored.at_stake, period)
    return _at_stake(scored, ctx)


def _counts(journey: Journey, shown: list[Touchpoint], score: JourneyScore, filtered: bool) -> dict[str, int]:
    classes = [score.by_id[tp.id].cls for tp in shown]
    return {
        "stages": len(journey.stages),
        "touchpoints": len(shown),
        "pain": classes.count("pain"),
        "truth": classes.count("truth"),
        "key_moments": len(score.key_moments),
        "personas": 1 if filtered else len(journey.personas),
    }


def build_index(rendered: list[tuple[JourneyView, str]], lang: str | None = None) -> IndexView:
    """The index page: every journey (with the file it was rendered to) and its health.

    The language is `lang`, else the journeys' common language, else English.
    """
    languages = {view.lang for view, _ in rendered}
    language = lang or (languages.pop() if len(languages) == 1 else "en")
    labels = labels_for(language)
    entries = tuple(
        IndexEntry(
            id=view.id,
            title=view.title,
            href=href,
            lang=view.content_lang,
            state_label=view.state_label,
            health=view.health,
            health_text=_index_health(view.health.end_to_end_value, language, labels),
            health_pct=_pct_bar(view.health.end_to_end_value),
            touchpoints=view.counts["touchpoints"],
            pain_points=view.counts["pain"],
            key_moments=len(view.key_moments),
            persona=None if view.persona is None else view.persona.name,
        )
        for view, href in rendered
    )
    return IndexView(lang=language, labels=labels, entries=_paired(entries, rendered))


def _paired(entries: tuple[IndexEntry, ...], rendered: list[tuple[JourneyView, str]]) -> tuple[IndexEntry, ...]:
    """Each to-be right after the as-is journey it improves (when both are in the index), naming it."""
    by_id = {entry.id: entry for entry in entries}
    improves = {
        view.id: view.comparison.before.id
        for view, _ in rendered
        if view.comparison is not None and view.comparison.before.id in by_id
    }
    out: list[IndexEntry] = []
    for entry in entries:
        if entry.id in improves:
            continue
        out.append(entry)
        for tobe, asis in improves.items():
            if asis == entry.id:
                out.append(replace(by_id[tobe], baseline=entry.title, baseline_href=entry.href))
    placed = {entry.id for entry in out}
    out += [entry for entry in entries if entry.id not in placed]  # an as-is that is itself a to-be of a cycle
    return tuple(out)


def _index_health(value: float | None, language: str, labels: dict[str, str]) -> str:
    return labels["not_measured"] if value is None else format_number(value, language, 1)


def _pct_bar(value: float | None) -> float:
    """A health as the width of a bar, 0..100."""
    return 0.0 if value is None else round(max(0.0, min(100.0, value)), 1)
