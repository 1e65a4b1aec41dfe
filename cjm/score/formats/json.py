"""`cjm score --format json`: the shape of SPEC §4.2 (scoring model v2), full precision, deterministic order."""

from __future__ import annotations

from typing import Any

from cjm.display import json_document
from cjm.score.report import ScoredJourney, ScoreResult, ScoreView
from cjm.scoring import MODEL, JourneyScore, TouchpointScore


def render(result: ScoreResult, view: ScoreView) -> str:
    """`{"version": 1, "journeys": [...]}`; never NaN (json refuses it)."""
    document = {
        "version": 1,
        "journeys": [{**journey_json(s.score, s.path), "kpis": kpis_json(s)} for s in result.journeys],
    }
    return json_document(document)


def journey_json(score: JourneyScore, path: str | None = None) -> dict[str, Any]:
    """One journey, model 2: customers, health and the weakest link, touchpoints in journey order, the lists."""
    head: dict[str, Any] = {"id": score.id}
    if path is not None:
        head["path"] = path
    return {
        **head,
        "model": MODEL,
        "persona": _persona_json(score),
        "volume_known": score.volume_known,
        "customers": score.customers,
        "health": {
            "end_to_end": score.end_to_end,
            "band": score.band,
            "weakest_stage": score.weakest_stage,
            "weakest_touchpoint": score.weakest_touchpoint,
            "unmapped": list(score.unmapped),
            "stages": [{"id": s.id, "health": s.health, "mean": s.mean} for s in score.stages],
        },
        "touchpoints": [touchpoint_json(s) for s in score.touchpoints],
        "fix_first": list(score.fix_first),
        "protect": list(score.protect),
        "key_moments": list(score.key_moments),
    }


def kpis_json(scored: ScoredJourney) -> list[dict[str, Any]]:
    """Format 1.1 KPIs, reported and never scored: the journey's value and target, and the values at touchpoints
    (the persona's own under --persona)."""
    out = []
    for kpi in scored.journey.kpis:
        at: dict[str, float] = {}
        for s in scored.shown:
            tp = scored.touchpoint[s.id]
            values = tp.metrics.kpis
            if scored.persona is not None and tp.by_persona and scored.persona in tp.by_persona:
                values = {**values, **tp.by_persona[scored.persona].kpis}
            if kpi.id in values:
                at[s.id] = values[kpi.id]
        out.append(
            {
                "id": kpi.id,
                "name": kpi.name,
                "unit": kpi.unit,
                "direction": kpi.direction,
                "value": kpi.value,
                "target": kpi.target,
                "touchpoints": at,
            }
        )
    return out


def _persona_json(score: JourneyScore) -> dict[str, Any] | None:
    if score.persona is None:
        return None
    return {
        "id": score.persona,
        "values": score.persona_values,
        "volumes": score.persona_volumes,
        "whole_journey": score.whole_journey,
    }


def touchpoint_json(s: TouchpointScore) -> dict[str, Any]:
    """One touchpoint: the v2 figures, its class and key moment, confidence and the factors by name."""
    return {
        "id": s.id,
        "stage": s.stage,
        "severity": s.severity,
        "delight": s.delight,
        "health": s.health,
        "pain": s.pain,
        "truth": s.truth,
        "at_stake": s.at_stake,
        "delighted": s.delighted,
        "priority": s.priority,
        "class": s.cls,
        "key_moment": s.key_moment,
        "key_moment_label": s.label,
        "confidence": s.confidence,
        "missing": list(s.missing),
        "factors": s.factors.as_dict(),
    }
