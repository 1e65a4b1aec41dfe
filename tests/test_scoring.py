"""The scoring model v2 (SPEC §4.2, "customers at stake"): one test per numbered behaviour,
properties (hypothesis, derandomized), and the consultant's worked judgements."""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import judging
import pytest
from hypothesis import given
from hypothesis import strategies as st
from judging import all_cases
from properties import examples
from pydantic import ValidationError

from cjm.load import load_journey_text
from cjm.model import Journey
from cjm.score.formats.json import journey_json
from cjm.scoring import (
    FACTOR_NAMES,
    JourneyScore,
    ScoreSettings,
    TouchpointInputs,
    band,
    importance_factor,
    recoveries_follow,
    score_inputs,
    score_journey,
)

STAGES = [{"id": "a"}, {"id": "b"}, {"id": "c"}]


def journey(touchpoints: list[dict[str, Any]], stages: list[dict[str, Any]] | None = None, **extra: Any) -> Journey:
    """A journey from touchpoint dicts; a touchpoint without `stage` goes to stage `a`."""
    tps = [{"stage": "a", **tp} for tp in touchpoints]
    return Journey.model_validate(
        {"cjm": 1, "id": "j", "title": "J", "stages": stages or STAGES, "touchpoints": tps, **extra}
    )


def score(touchpoints: list[dict[str, Any]], settings: ScoreSettings | None = None, **kw: Any) -> JourneyScore:
    return score_journey(journey(touchpoints, **kw), settings)


def tp(tp_id: str, volume: int | None = None, stage: str = "a", **fields: Any) -> dict[str, Any]:
    """A touchpoint dict: metric keys go under `metrics`, the rest stay on the touchpoint."""
    metric_keys = {"drop_off", "complaints", "csat", "nps", "ces"}
    metrics = {k: v for k, v in fields.items() if k in metric_keys}
    if volume is not None:
        metrics["volume"] = volume
    rest = {k: v for k, v in fields.items() if k not in metric_keys}
    return {"id": tp_id, "stage": stage, **rest, **({"metrics": metrics} if metrics else {})}


def inputs(tp_id: str, stage: str = "a", **values: Any) -> TouchpointInputs:
    return TouchpointInputs(id=tp_id, stage=stage, **values)


# --- settings --------------------------------------------------------------------------------------


def test_settings_defaults_are_those_of_the_spec() -> None:
    s = ScoreSettings()
    assert s.signals.model_dump() == {"negativity": 0.5, "gap": 0.5, "csat": 0.5, "nps": 0.5, "ces": 0.5}
    assert (s.pain_severity, s.pain_floor, s.pain_share, s.truth_delight) == (0.20, 0.10, 0.10, 0.5)
    assert (s.bands.good, s.bands.fair, s.key_moments) == (70, 40, 5)


def test_settings_a_partial_mapping_merges_with_the_defaults() -> None:
    s = ScoreSettings.model_validate({"signals": {"csat": 0.8}, "bands": {"good": 80}})
    assert s.signals.csat == 0.8 and s.signals.negativity == 0.5
    assert (s.bands.good, s.bands.fair) == (80, 40)


@pytest.mark.parametrize(("old", "new"), [("weights", "signals"), ("pain_threshold", "pain_severity")])
def test_settings_v1_keys_are_refused_naming_the_v2_key(old: str, new: str) -> None:
    with pytest.raises(ValueError, match=f"'{old}'.*'{new}'"):
        ScoreSettings.model_validate({old: 25})


def test_settings_v1_truth_threshold_names_truth_delight() -> None:
    with pytest.raises(ValueError, match="truth_delight"):
        ScoreSettings.model_validate({"truth_threshold": 40})


@pytest.mark.parametrize(
    "bad",
    [
        {"pain_severity": 1.5},
        {"signals": {"nps": -0.1}},
        {"signals": {"mood": 0.5}},
        {"bands": {"good": 40, "fair": 70}},
        {"bands": {"good": 50, "fair": 50}},
        {"key_moments": -1},
        {"key_moments": 2.0},
        {"truth_delight": True},
        {"pain_floor": float("nan")},
        {"extra": 1},
    ],
)
def test_settings_out_of_range_or_unknown_is_an_error(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ScoreSettings.model_validate(bad)


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError):
        ScoreSettings().key_moments = 3  # type: ignore[misc]


# --- item 1: severity ------------------------------------------------------------------------------


def test_1_severity_is_one_minus_the_product_of_the_survivals() -> None:
    s = score([tp("x", drop_off=0.2, complaints=0.1, emotion=-1)]).by_id["x"]
    assert s.severity == pytest.approx(1 - 0.8 * 0.9 * (1 - 0.5 * 0.5))


def test_1_emotion_and_gap_measure_the_same_hurt_and_do_not_add_up() -> None:
    s = score([tp("x", emotion=-2, expectation=5, experience=1)]).by_id["x"]
    assert s.perception == 0.5
    assert s.severity == 0.5


@pytest.mark.parametrize(
    ("fields", "name", "value"),
    [
        ({"emotion": -1}, "negativity", 0.5),
        ({"emotion": 1.5}, "negativity", 0.0),
        ({"expectation": 4, "experience": 3}, "gap", 0.25),
        ({"expectation": 2, "experience": 4}, "gap", 0.0),
        ({"csat": 1.0}, "csat", 1.0),
        ({"csat": 2.25}, "csat", 0.5),
        ({"csat": 4.5}, "csat", 0.0),
        ({"nps": -50}, "nps", 0.5),
        ({"nps": 30}, "nps", 0.0),
        ({"ces": 7}, "ces", 1.0),
        ({"ces": 5.5}, "ces", 0.5),
        ({"ces": 2}, "ces", 0.0),
    ],
)
def test_1_each_perception_signal(fields: dict[str, Any], name: str, value: float) -> None:
    s = score([tp("x", **fields)]).by_id["x"]
    assert s.factors.as_dict()[name] == pytest.approx(value)
    assert s.severity == pytest.approx(0.5 * value)


def test_1_surveys_alone_make_a_pain_point() -> None:
    s = score([tp("x", 5000, csat=1.4, nps=-62, ces=6.5)]).by_id["x"]
    assert s.perception == pytest.approx(0.5 * (3.5 - 1.4) / 2.5)
    assert s.strongest == "csat"
    assert s.cls == "pain"


def test_1_a_strong_signal_is_never_diluted_by_neutral_data() -> None:
    alone = score([tp("x", 5000, drop_off=0.9)]).by_id["x"]
    more = score([tp("x", 5000, drop_off=0.9, complaints=0.0, emotion=0, expectation=3, experience=3)]).by_id["x"]
    assert alone.severity == more.severity == 0.9
    assert alone.cls == more.cls == "pain"
    assert more.strongest == "drop_off"


@pytest.mark.parametrize("share", [0.1, 0.3, 0.7, 0.9, 1e-9])
def test_1_severity_is_at_least_the_drop_off_and_the_complaint_share(share: float) -> None:
    result = score([tp("d", 200000, drop_off=share), tp("c", 200000, complaints=share)])
    for s in result.touchpoints:
        assert s.severity is not None and s.severity >= share
        assert s.at_stake is not None and s.at_stake >= 200000 * share


def test_1_health_is_100_times_one_minus_severity() -> None:
    s = score([tp("x", drop_off=0.25, emotion=-1)]).by_id["x"]
    assert s.severity is not None and s.health == pytest.approx(100 * (1 - s.severity))
    assert s.pain == pytest.approx(100 * s.severity)


def test_1_no_signal_is_unscored_and_never_a_pain_point_by_data() -> None:
    result = score([tp("x", 1000), tp("y", 1000, drop_off=0.5)], settings=ScoreSettings(pain_severity=0))
    x = result.by_id["x"]
    assert (x.severity, x.health, x.at_stake, x.priority) == (None, None, None, None)
    assert x.cls == x.data_class == "neutral"
    assert "x" not in result.fix_first


def test_1_signal_weights_are_configurable_and_zero_turns_a_signal_off() -> None:
    settings = ScoreSettings.model_validate({"signals": {"negativity": 1.0, "gap": 0.0}})
    s = score([tp("x", emotion=-1, expectation=5, experience=1)], settings).by_id["x"]
    assert s.perception == 0.5
    off = ScoreSettings.model_validate({"signals": {"negativity": 0}})
    assert score([tp("x", emotion=-2)], off).by_id["x"].severity is None


# --- item 2: at stake, customers, volumes ---------------------------------------------------------------


def test_2_at_stake_is_volume_times_severity_in_customers() -> None:
    s = score([tp("x", 9200, drop_off=0.3)]).by_id["x"]
    assert s.at_stake == pytest.approx(2760)
    assert s.volume == 9200 and not s.volume_imputed


def test_2_a_missing_volume_gets_its_stages_median() -> None:
    result = score([tp("x", 100), tp("y", 300), tp("z", 1000), tp("w", drop_off=0.5), tp("v", 5, stage="b")])
    w = result.by_id["w"]
    assert w.volume == 300 and w.volume_imputed
    assert w.at_stake == pytest.approx(150)
    assert w.confidence == "low" and "volume" in w.missing


def test_2_a_stage_without_volumes_takes_the_journeys_median() -> None:
    result = score([tp("x", 100), tp("y", 400), tp("w", stage="b", drop_off=0.5)])
    assert result.by_id["w"].volume == 250


def test_2_customers_is_the_largest_touchpoint_volume() -> None:
    assert score([tp("x", 100, drop_off=0.1), tp("y", 4000, drop_off=0.1)]).customers == 4000


def test_2_customers_from_the_journey_when_given() -> None:
    result = score_inputs("j", [inputs("x", volume=100, drop_off=0.15)], ["a"], customers=240000)
    assert result.customers == 240000
    assert result.by_id["x"].cls == "neutral"  # 15 of 240,000 is no pain by at stake


def test_2_a_journey_without_any_volume_ranks_by_severity_and_delight() -> None:
    result = score(
        [
            tp("mild", drop_off=0.25),
            tp("bad", drop_off=0.6, stage="b"),
            tp("joy", emotion=2, stage="c"),
            tp("floor", drop_off=0.15, stage="c"),
        ]
    )
    assert not result.volume_known
    assert result.customers is None
    assert all(s.at_stake is None and s.delighted is None for s in result.touchpoints)
    assert result.by_id["bad"].priority == pytest.approx(0.6)
    assert result.fix_first == ("bad", "mild")  # σ × importance; the at-stake rule is off ("floor")
    assert result.key_moments == ("joy", "bad", "mild")  # δ = 1 against σ
    assert journey_json(result)["volume_known"] is False


def test_2_a_journey_without_any_volume_weighs_its_stages_equally() -> None:
    result = score([tp("x", drop_off=0.5), tp("y", drop_off=0.5)])
    assert result.stages[0].severity == pytest.approx(0.75)


# --- item 3: pain points, priority, fix_first ---------------------------------------------------------


def test_3_pain_by_severity_one_in_five_hurt() -> None:
    result = score([tp("x", 10, drop_off=0.2), tp("y", 10, drop_off=0.19), tp("big", 10**6)])
    assert result.by_id["x"].cls == "pain"
    assert result.by_id["y"].cls == "neutral"


def test_3_pain_by_customers_at_stake_above_the_floor() -> None:
    result = score(
        [tp("ad", 240000, drop_off=0.05, emotion=0.5), tp("login", 200000, drop_off=0.12, stage="b")],
    )
    assert result.by_id["login"].cls == "pain"  # 24,000 of 240,000 lost: 10 %
    assert result.by_id["ad"].cls == "neutral"  # σ below the floor, however many it reaches


def test_3_above_the_floor_but_few_customers_at_stake_is_no_pain_point() -> None:
    result = score([tp("x", 200000, drop_off=0.01), tp("y", 1000, drop_off=0.15)])
    assert result.by_id["y"].cls == "neutral"


def test_3_a_declared_pain_stays_unless_the_data_clearly_contradict_it() -> None:
    result = score(
        [
            tp("weak", 1000, drop_off=0.12, moment="pain"),
            tp("fixed", 1000, drop_off=0.02, emotion=1.5, moment="pain"),
            tp("big", 10**6),
        ]
    )
    weak, fixed = result.by_id["weak"], result.by_id["fixed"]
    assert (weak.cls, weak.contradicted, weak.data_class) == ("pain", False, "neutral")
    assert (fixed.cls, fixed.contradicted, fixed.data_class) == ("truth", True, "truth")
    assert "fixed" not in result.fix_first


def test_3_a_declared_pain_above_the_floor_by_at_stake_is_not_contradicted() -> None:
    settings = ScoreSettings(pain_severity=0.4, pain_floor=0.1)
    s = score([tp("x", 1000, drop_off=0.15, moment="pain")], settings).by_id["x"]
    assert (s.cls, s.contradicted) == ("pain", False)


def test_3_a_declared_pain_without_data_ranks_after_the_scored_ones() -> None:
    result = score([tp("declared", 10**6, moment="pain"), tp("scored", 10, drop_off=0.3)])
    assert result.by_id["declared"].cls == "pain"
    assert result.fix_first == ("scored", "declared")
    assert not result.by_id["declared"].contradicted


def test_3_priority_is_at_stake_times_the_importance_factor() -> None:
    scores = score_inputs(
        "j",
        [
            inputs("news", volume=4200, drop_off=0.1, importance=1),
            inputs("key", volume=4200, drop_off=0.1, importance=5),
        ],
        ["a"],
    )
    assert scores.by_id["news"].priority == pytest.approx(420 * 0.5)
    assert scores.by_id["key"].priority == pytest.approx(420 * 1.5)
    assert scores.fix_first == ("key", "news")


@pytest.mark.parametrize(("importance", "factor"), [(1, 0.5), (3, 1.0), (5, 1.5), (None, 1.0), (2, 0.75)])
def test_3_importance_factor(importance: float | None, factor: float) -> None:
    assert importance_factor(importance) == factor


def test_3_expectation_no_longer_acts_as_importance() -> None:
    result = score([tp("low", 1000, drop_off=0.3, expectation=1), tp("high", 1000, drop_off=0.3, expectation=5)])
    assert result.by_id["low"].priority == result.by_id["high"].priority == pytest.approx(300)


def test_3_fix_first_by_priority_ties_in_journey_order() -> None:
    result = score(
        [
            tp("small", 40, drop_off=0.6),
            tp("tie1", 1000, drop_off=0.3, stage="b"),
            tp("big", 200000, drop_off=0.12, stage="b"),
            tp("tie2", 1000, drop_off=0.3, stage="b"),
        ]
    )
    assert result.fix_first == ("big", "tie1", "tie2", "small")


# --- item 4: delight, moments of truth, protect --------------------------------------------------------


def test_4_delight_recommended_form() -> None:
    s = score([tp("x", emotion=1, expectation=3, experience=5)]).by_id["x"]
    assert (s.factors.positivity, s.factors.surplus) == (0.5, 0.5)
    assert s.delight == pytest.approx(1 - 0.5 * (1 - 0.5 / 4))
    assert s.truth == pytest.approx(100 * s.delight)


def test_4_over_delivery_nobody_feels_is_no_moment_of_truth() -> None:
    result = score([tp("lockers", 6000, emotion=0, expectation=1, experience=5), tp("waffle", 1, emotion=0.8)])
    assert result.by_id["lockers"].delight == 0.25
    assert result.by_id["lockers"].cls == "neutral"
    assert result.by_id["waffle"].cls == "neutral"  # mild joy that meets expectation


def test_4_surveys_do_not_count_for_delight() -> None:
    s = score([tp("x", csat=5, nps=90)]).by_id["x"]
    assert s.delight is None and s.cls == "neutral"


def test_4_truth_by_delight_or_declaration() -> None:
    result = score([tp("wow", 100, emotion=1.8), tp("said", 100, moment="truth"), tp("gift", 100, moment="delight")])
    assert [result.by_id[i].cls for i in ("wow", "said", "gift")] == ["truth"] * 3


def test_4_a_declared_truth_on_a_pain_point_is_pain_and_contradicted() -> None:
    s = score([tp("x", 100, drop_off=0.4, emotion=1.5, moment="delight")]).by_id["x"]
    assert (s.cls, s.contradicted, s.data_class) == ("pain", True, "pain")


def test_4_delighted_is_volume_times_delight_and_protect_ranks_by_it() -> None:
    result = score([tp("few", 100, emotion=2), tp("many", 2400, emotion=1.8), tp("pain", 12000, drop_off=0.3)])
    assert result.by_id["many"].delighted == pytest.approx(2400 * 0.9)
    assert result.protect == ("many", "few")
    assert "many" not in result.fix_first and "pain" not in result.protect


# --- item 5: key moments -----------------------------------------------------------------------------


def test_5_key_moments_merge_pain_by_priority_and_truth_by_delighted() -> None:
    result = score(
        [
            tp("pain-small", 1000, drop_off=0.3),
            tp("truth-big", 5000, emotion=2),
            tp("pain-big", 20000, drop_off=0.3, stage="b"),
            tp("neutral", 20000, stage="b", emotion=0),
        ]
    )
    assert result.key_moments == ("pain-big", "truth-big", "pain-small")
    labels = {s.id: s.label for s in result.touchpoints}
    assert labels == {"pain-small": "improve", "truth-big": "protect", "pain-big": "improve", "neutral": None}
    assert [s.id for s in result.touchpoints if s.key_moment] == ["pain-small", "truth-big", "pain-big"]


def test_5_key_moments_count_is_configurable() -> None:
    tps = [tp(f"t{i}", 100 * (i + 1), drop_off=0.5) for i in range(8)]
    assert len(score(tps).key_moments) == 5
    assert score(tps, ScoreSettings(key_moments=2)).key_moments == ("t7", "t6")
    assert score(tps, ScoreSettings(key_moments=0)).key_moments == ()


def test_5_ties_go_to_journey_order() -> None:
    result = score([tp("b1", 100, stage="b", drop_off=0.5), tp("a1", 100, drop_off=0.5), tp("a2", 50, emotion=2)])
    assert result.key_moments == ("a1", "a2", "b1")  # 50 at stake, 50 delighted, 50 at stake: journey order


def test_5_a_recovery_follows_the_failure_it_recovers() -> None:
    result = score_inputs(
        "j",
        [
            inputs("late", volume=6000, drop_off=0.04, complaints=0.18, emotion=-1.5),
            inputs("call", volume=6000, emotion=1.9, recovers="late"),
            inputs("other", volume=6000, drop_off=0.3, stage="b"),
        ],
        ["a", "b"],
    )
    assert result.by_id["call"].cls == "truth"  # a recovery is scored as a moment of truth
    assert result.by_id["call"].delighted > result.by_id["late"].priority  # type: ignore[operator]
    assert result.key_moments == ("late", "call", "other")
    assert result.fix_first[0] == "late" and "call" not in result.fix_first


def test_5_recoveries_follow_chains_and_survive_cycles() -> None:
    assert recoveries_follow(["a", "b", "c"], {"a": "b", "b": "c"}) == ["c", "b", "a"]
    assert recoveries_follow(["x", "a", "b"], {"a": "b", "b": "a"}) == ["x", "a", "b"]
    assert recoveries_follow(["f", "r"], {"r": "f"}) == ["f", "r"]
    assert recoveries_follow(["r", "x"], {"r": "gone"}) == ["r", "x"]


# --- item 6: end-to-end health, the weakest link ---------------------------------------------------------


def test_6_stage_severity_is_reach_weighted() -> None:
    result = score([tp("main", 1000, drop_off=0.2), tp("branch", 250, drop_off=0.6)])
    stage = result.stages[0]
    assert stage.severity == pytest.approx(1 - 0.8 * 0.4**0.25)
    assert stage.health == pytest.approx(100 * 0.8 * 0.4**0.25)
    assert result.by_id["branch"].reach == 0.25


def test_6_one_lost_customer_on_a_side_branch_cannot_zero_a_stage() -> None:
    result = score([tp("main", 100000, drop_off=0.01), tp("side", 1, drop_off=1.0)])
    assert result.by_id["side"].health == 0
    assert result.stages[0].health is not None and result.stages[0].health > 98


def test_6_reach_is_one_when_the_stages_largest_volume_is_zero() -> None:
    result = score([tp("x", 0, drop_off=0.5), tp("y", 0, drop_off=0.5), tp("z", 100, stage="b", drop_off=0.1)])
    assert result.stages[0].severity == pytest.approx(0.75)


def test_6_a_niche_stage_never_decides_a_mass_journey() -> None:
    stages = [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "niche"}]
    result = score(
        [
            tp("x", 100000, drop_off=0.05),
            tp("y", 90000, stage="b", drop_off=0.3),
            tp("z", 80000, stage="c", drop_off=0.02),
            tp("form", 600, stage="niche", drop_off=0.9),
        ],
        stages=stages,
    )
    niche = result.stages[3]
    assert not niche.eligible and niche.health is not None and niche.health < 20
    assert result.weakest_stage == "b" and result.weakest_touchpoint == "y"
    assert result.end_to_end == pytest.approx(70)


def test_6_the_weakest_touchpoint_is_the_one_with_most_at_stake() -> None:
    result = score([tp("worst-rate", 100, drop_off=0.9), tp("most-lost", 10000, drop_off=0.3)])
    assert result.weakest_touchpoint == "most-lost"


def test_6_a_stage_with_no_scored_touchpoint_is_unmapped_never_good() -> None:
    result = score([tp("x", 1000, emotion=1), tp("y", 1000, stage="b")])
    assert result.unmapped == ("b", "c")
    assert result.end_to_end is None and result.band is None
    assert result.stages[1].health is None
    assert journey_json(result)["health"]["end_to_end"] is None


@pytest.mark.parametrize(("health", "name"), [(70, "good"), (69.99, "fair"), (40, "fair"), (39.9, "poor")])
def test_6_bands(health: float, name: str) -> None:
    assert band(health) == name


def test_6_bands_are_configurable() -> None:
    settings = ScoreSettings.model_validate({"bands": {"good": 90, "fair": 60}})
    assert [band(h, settings) for h in (95, 75, 50, None)] == ["good", "fair", "poor", None]
    result = score([tp("x", 10, drop_off=0.2, stage=s) for s in "abc"], settings)
    assert result.band == "fair"


def test_6_splitting_a_stage_leaves_the_verdict() -> None:
    tps = [tp("form", 60000, drop_off=0.08, emotion=-0.2), tp("id", 55000, stage="b", drop_off=0.4, emotion=-1.8)]
    one = score([{**t, "stage": "a"} for t in tps], stages=[{"id": "a"}])
    two = score(tps, stages=[{"id": "a"}, {"id": "b"}])
    assert one.weakest_touchpoint == two.weakest_touchpoint == "id"
    assert one.fix_first == two.fix_first
    assert one.end_to_end is not None and two.end_to_end is not None and abs(one.end_to_end - two.end_to_end) < 5


def test_6_stage_mean_is_the_customer_weighted_mean_health() -> None:
    result = score([tp("x", 3000, drop_off=0.1), tp("y", 1000, drop_off=0.5)])
    assert result.stages[0].mean == pytest.approx((3 * 90 + 1 * 50) / 4)


# --- item 8: personas ----------------------------------------------------------------------------------


def journey11(touchpoints: list[dict[str, Any]], personas: list[dict[str, Any]], **extra: Any) -> Journey:
    tps = [{"stage": "a", **t} for t in touchpoints]
    data = {"cjm": 1.1, "id": "j", "title": "J", "stages": STAGES, "touchpoints": tps, "personas": personas}
    return Journey.model_validate({**data, **extra})


PERSONAS = [{"id": "senior", "share": 0.3}, {"id": "worker", "share": 0.45}, {"id": "parent", "share": 0.25}]


def test_8_persona_uses_its_own_values_falling_back_to_the_touchpoints() -> None:
    j = journey11(
        [
            {**tp("login", 12000, drop_off=0.06, emotion=-0.6), "by_persona": {"senior": {"emotion": -2}}},
            {**tp("wait", 10500, drop_off=0.07, emotion=-1.1), "by_persona": {"worker": {"emotion": -1.8}}},
        ],
        PERSONAS,
    )
    senior = score_journey(j, persona="senior")
    worker = score_journey(j, persona="worker")
    assert senior.by_id["login"].factors.negativity == 1.0
    assert senior.by_id["wait"].factors.negativity == pytest.approx(0.55)  # the touchpoint's own
    assert senior.fix_first[0] == "login" and worker.fix_first[0] == "wait"
    assert senior.persona_values and not senior.whole_journey


def test_8_persona_volume_is_its_share_of_the_personas_served() -> None:
    j = journey11(
        [tp("all", 10000, drop_off=0.3), {**tp("two", 10000, drop_off=0.3), "personas": ["senior", "parent"]}],
        PERSONAS,
    )
    result = score_journey(j, persona="senior")
    assert result.by_id["all"].volume == pytest.approx(3000)
    assert result.by_id["two"].volume == pytest.approx(10000 * 0.3 / 0.55)
    assert result.persona_volumes and result.customers == pytest.approx(10000 * 0.3 / 0.55)


def test_8_a_by_persona_volume_wins_over_the_share() -> None:
    j = journey11([{**tp("x", 10000, drop_off=0.3), "by_persona": {"senior": {"volume": 100}}}], PERSONAS)
    assert score_journey(j, persona="senior").by_id["x"].volume == 100


def test_8_without_a_share_the_touchpoint_volume_and_the_output_says_so() -> None:
    j = journey11([{**tp("x", 10000, drop_off=0.3), "by_persona": {"a": {"emotion": -1}}}], [{"id": "a"}])
    result = score_journey(j, persona="a")
    assert result.by_id["x"].volume == 10000
    assert (result.persona_values, result.persona_volumes) == (True, False)
    assert journey_json(result)["persona"] == {"id": "a", "values": True, "volumes": False, "whole_journey": False}


def test_8_persona_customers_from_the_journeys_customers_and_share() -> None:
    j = journey11([tp("x", 10000, drop_off=0.15)], PERSONAS, customers=200000)
    result = score_journey(j, persona="worker")
    assert result.customers == pytest.approx(90000)


def test_8_only_the_touchpoints_serving_the_persona_and_their_weakest_link() -> None:
    stages = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    j = journey(
        [
            tp("shared", 1000, drop_off=0.1),
            {**tp("theirs", 1000, stage="b", drop_off=0.9), "personas": ["other"]},
            {**tp("mine", 1000, stage="c", drop_off=0.3), "personas": ["me"]},
        ],
        stages=stages,
        personas=[{"id": "me"}, {"id": "other"}],
    )
    result = score_journey(j, persona="me")
    assert [s.id for s in result.touchpoints] == ["shared", "mine"]
    assert [s.id for s in result.stages] == ["a", "c"]  # stage b is not part of this persona's journey
    assert result.weakest_touchpoint == "mine" and result.unmapped == ()
    assert result.whole_journey  # format 1: filtered, whole-journey figures
    assert "theirs" not in journey_json(result)["fix_first"]


def test_8_an_unknown_persona_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="no persona"):
        score_journey(journey([tp("x")]), persona="nobody")


# --- item 9: confidence ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "level", "missing"),
    [
        ({"volume": 10, "drop_off": 0.1, "emotion": 0}, "high", ()),
        ({"volume": 10, "complaints": 0.1, "csat": 4}, "high", ()),
        ({"volume": 10, "drop_off": 0.1, "expectation": 3, "experience": 3}, "high", ()),
        ({"drop_off": 0.1, "emotion": 0}, "low", ("volume",)),
        ({"volume": 10, "emotion": 0}, "low", ("drop_off", "complaints")),
        ({"volume": 10, "drop_off": 0.1, "expectation": 3}, "low", ("emotion", "experience")),
        ({}, "low", ("volume", "drop_off", "complaints", "emotion", "expectation", "experience")),
        ({"volume": 10, "drop_off": 0.1, "emotion": 0, "target": True}, "target", ()),
        ({"target": True, "emotion": 1}, "target", ("volume", "drop_off", "complaints")),
    ],
)
def test_9_confidence(fields: dict[str, Any], level: str, missing: tuple[str, ...]) -> None:
    result = score_inputs("j", [inputs("x", **fields), inputs("y", volume=10)], ["a"])
    s = result.by_id["x"]
    assert (s.confidence, s.missing) == (level, missing)


# --- JSON ------------------------------------------------------------------------------------------------


def test_json_fields_of_the_spec() -> None:
    result = score([tp("x", 9200, drop_off=0.3, emotion=-1), tp("y", 100, emotion=2, stage="b"), tp("z", stage="c")])
    doc = journey_json(result, path="j.yaml")
    assert doc["model"] == 2 and doc["path"] == "j.yaml" and doc["customers"] == 9200
    assert (doc["fix_first"], doc["protect"], doc["key_moments"]) == (["x"], ["y"], ["x", "y"])
    assert set(doc["health"]) >= {"end_to_end", "weakest_stage", "weakest_touchpoint", "unmapped", "stages"}
    assert doc["health"]["stages"][0] == {"id": "a", "health": pytest.approx(52.5), "mean": pytest.approx(52.5)}
    x = doc["touchpoints"][0]
    for key in ("id", "stage", "severity", "delight", "at_stake", "delighted", "priority", "factors", "pain", "truth"):
        assert key in x
    for key in ("class", "key_moment", "confidence", "missing", "health"):
        assert key in x
    assert list(x["factors"]) == list(FACTOR_NAMES)
    assert x["factors"]["csat"] is None and x["factors"]["drop_off"] == 0.3
    assert (x["pain"], x["class"], x["key_moment"]) == (pytest.approx(47.5), "pain", True)
    assert "reach" not in x["factors"] and "mean" not in doc["health"]
    json.dumps(doc, allow_nan=False)


# --- properties (item 7, bounds, determinism) --------------------------------------------------------------

_metrics = st.fixed_dictionaries(
    {},
    optional={
        "volume": st.integers(0, 10**9),
        "drop_off": st.floats(0, 1),
        "complaints": st.floats(0, 1),
        "csat": st.floats(1, 5),
        "nps": st.floats(-100, 100),
        "ces": st.floats(1, 7),
    },
)
_touchpoint = st.fixed_dictionaries(
    {},
    optional={
        "stage": st.sampled_from(["a", "b", "c"]),
        "emotion": st.floats(-2, 2),
        "expectation": st.floats(1, 5),
        "experience": st.floats(1, 5),
        "moment": st.sampled_from(["pain", "truth", "delight"]),
        "metrics": _metrics,
    },
)
_journeys = st.lists(_touchpoint, min_size=1, max_size=8).map(
    lambda tps: [{**t, "id": f"t{i}"} for i, t in enumerate(tps)]
)
_unit = st.floats(0, 1)
_settings = st.builds(
    lambda signals, severity, floor, share, delight, count: ScoreSettings(
        signals=dict(zip(("negativity", "gap", "csat", "nps", "ces"), signals, strict=True)),  # type: ignore[arg-type]
        pain_severity=severity,
        pain_floor=floor,
        pain_share=share,
        truth_delight=delight,
        key_moments=count,
    ),
    st.lists(_unit, min_size=5, max_size=5),
    _unit,
    _unit,
    _unit,
    _unit,
    st.integers(0, 10),
)
PROPERTY = examples(150)


def _healths(result: JourneyScore) -> list[float | None]:
    values = [result.end_to_end, *(s.health for s in result.stages), *(s.mean for s in result.stages)]
    return values + [s.health for s in result.touchpoints]


@PROPERTY
@given(_journeys, _settings)
def test_7_every_figure_is_finite_and_in_range(tps: list[dict[str, Any]], settings: ScoreSettings) -> None:
    result = score(tps, settings)
    for health in _healths(result):
        assert health is None or 0 <= health <= 100
    for s in result.touchpoints:
        for unit in (s.severity, s.delight, s.perception, s.reach, *s.factors.as_dict().values()):
            assert unit is None or 0 <= unit <= 1
        for count in (s.at_stake, s.delighted, s.priority):
            assert count is None or (math.isfinite(count) and count >= 0)
        if s.at_stake is not None and s.volume is not None:
            assert s.volume * (s.factors.drop_off or 0) <= s.at_stake <= s.volume
    for stage in result.stages:
        assert stage.severity is None or 0 <= stage.severity <= 1
    json.dumps(journey_json(result), allow_nan=False)


@PROPERTY
@given(_journeys, _settings)
def test_7_lists_are_consistent_with_the_classes(tps: list[dict[str, Any]], settings: ScoreSettings) -> None:
    result = score(tps, settings)
    assert set(result.fix_first) == {s.id for s in result.touchpoints if s.cls == "pain"}
    assert set(result.protect) == {s.id for s in result.touchpoints if s.cls == "truth"}
    assert len(result.key_moments) == len(set(result.key_moments)) <= settings.key_moments
    assert set(result.key_moments) <= set(result.fix_first) | set(result.protect)
    for s in result.touchpoints:
        if s.severity is not None and s.severity >= settings.pain_severity:
            assert s.cls == "pain" or (s.declared == "pain" and s.contradicted)


@PROPERTY
@given(_journeys, _settings)
def test_7_same_input_same_output(tps: list[dict[str, Any]], settings: ScoreSettings) -> None:
    assert score(tps, settings) == score(tps, settings)


def _raised(t: dict[str, Any], what: str, amount: float) -> dict[str, Any] | None:
    """The touchpoint with one signal raised (None when that signal is absent)."""
    if what == "negativity":
        return None if "emotion" not in t else {**t, "emotion": max(-2.0, t["emotion"] - 4 * amount)}
    if what == "gap":
        if "expectation" not in t or "experience" not in t:
            return None
        return {**t, "experience": max(1.0, t["experience"] - 4 * amount)}
    metrics = t.get("metrics", {})
    if what not in metrics:
        return None
    return {**t, "metrics": {**metrics, what: min(1.0, metrics[what] + amount)}}


@PROPERTY
@given(_journeys, _settings, st.sampled_from(["drop_off", "complaints", "negativity", "gap"]), _unit, st.data())
def test_7_monotone_raising_a_hurt_never_lowers_priority_nor_raises_a_health(
    tps: list[dict[str, Any]], settings: ScoreSettings, what: str, amount: float, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(tps) - 1))
    raised = _raised(tps[index], what, amount)
    if raised is None:
        return
    before = score(tps, settings)
    after = score([*tps[:index], raised, *tps[index + 1 :]], settings)
    b, a = before.by_id[f"t{index}"], after.by_id[f"t{index}"]
    if b.priority is not None:
        assert a.priority is not None and a.priority >= b.priority
    for old, new in zip(_healths(before), _healths(after), strict=True):
        assert (old is None) == (new is None)
        assert old is None or new is None or new <= old


def _scaled(tps: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    out = []
    for t in tps:
        metrics = t.get("metrics", {})
        out.append({**t, "metrics": {**metrics, "volume": metrics["volume"] * k}} if "volume" in metrics else t)
    return out


@PROPERTY
@given(_journeys, _settings, st.integers(2, 1000), st.none() | st.integers(0, 10**9))
def test_7_scale_free_multiplying_every_volume_changes_no_class_order_or_health(
    tps: list[dict[str, Any]], settings: ScoreSettings, k: int, customers: int | None
) -> None:
    def run(touchpoints: list[dict[str, Any]], factor: int) -> JourneyScore:
        if customers is None:
            return score(touchpoints, settings)
        return score_journey(journey11(touchpoints, [], customers=customers * factor), settings)

    one, many = run(tps, 1), run(_scaled(tps, k), k)
    assert [s.cls for s in one.touchpoints] == [s.cls for s in many.touchpoints]
    for name in ("fix_first", "protect", "key_moments", "weakest_stage", "weakest_touchpoint", "unmapped", "band"):
        assert getattr(one, name) == getattr(many, name)
    assert _healths(one) == _healths(many)


_PERSONA_IDS = ("p", "q", "r")
# Shares as consultants write them (two decimals at most), adding up to at most 1.
_shares = st.lists(st.sampled_from([None, 0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.5]), min_size=3, max_size=3).filter(
    lambda shares: sum(share or 0 for share in shares) <= 1
)


def _persona_touchpoints(tps: list[dict[str, Any]], data: st.DataObject) -> list[dict[str, Any]]:
    """The touchpoints with volumes up to 10^6, some serving only some personas, some with by_persona volumes."""
    out = []
    for t in tps:
        metrics = t.get("metrics", {})
        t = {**t, "metrics": {**metrics, "volume": metrics["volume"] % 10**6}} if "volume" in metrics else dict(t)
        if data.draw(st.booleans()):
            t["personas"] = data.draw(st.lists(st.sampled_from(_PERSONA_IDS), max_size=2, unique=True))
        served = t.get("personas") or _PERSONA_IDS
        chosen = data.draw(st.lists(st.sampled_from(served), max_size=2, unique=True))
        if chosen:
            t["by_persona"] = {p: {"volume": data.draw(st.integers(0, 10**6))} for p in chosen}
        out.append(t)
    return out


def _scaled_by_persona(tps: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    scaled = _scaled(tps, k)
    for t in scaled:
        if "by_persona" in t:
            t["by_persona"] = {p: {"volume": v["volume"] * k} for p, v in t["by_persona"].items()}
    return scaled


@PROPERTY
@given(_journeys, _settings, st.integers(2, 1000), st.none() | st.integers(0, 10**6), _shares, st.data())
def test_7_scale_free_for_every_persona_view(
    tps: list[dict[str, Any]],
    settings: ScoreSettings,
    k: int,
    customers: int | None,
    shares: list[float | None],
    data: st.DataObject,
) -> None:
    # §4.2 items 7 and 8: multiplying every volume, `customers` and by_persona volume changes nothing in a persona view.
    personas = [{"id": p, "share": share} for p, share in zip(_PERSONA_IDS, shares, strict=True)]
    personas = [{key: value for key, value in p.items() if value is not None} for p in personas]
    tps = _persona_touchpoints(tps, data)
    count = {} if customers is None else {"customers": customers}
    one = journey11(tps, personas, **count)
    many = journey11(_scaled_by_persona(tps, k), personas, **{key: value * k for key, value in count.items()})
    for persona in _PERSONA_IDS:
        a, b = score_journey(one, settings, persona=persona), score_journey(many, settings, persona=persona)
        assert [s.cls for s in a.touchpoints] == [s.cls for s in b.touchpoints]
        for name in ("fix_first", "protect", "key_moments", "weakest_stage", "weakest_touchpoint", "unmapped", "band"):
            assert getattr(a, name) == getattr(b, name)
        assert _healths(a) == _healths(b)


@PROPERTY
@given(_journeys, st.sampled_from(["csat", "nps", "ces", "emotion", "gap", "complaints"]), st.data())
def test_1_adding_a_signal_never_lowers_severity(tps: list[dict[str, Any]], what: str, data: st.DataObject) -> None:
    t = tps[0]
    ranges = {"csat": (1, 5), "nps": (-100, 100), "ces": (1, 7), "emotion": (-2, 2), "complaints": (0, 1)}
    if what == "gap":
        if "expectation" in t or "experience" in t:
            return
        added = {**t, "expectation": data.draw(st.floats(1, 5)), "experience": data.draw(st.floats(1, 5))}
    elif what == "emotion":
        if "emotion" in t:
            return
        added = {**t, "emotion": data.draw(st.floats(*ranges[what]))}
    else:
        if what in t.get("metrics", {}):
            return
        added = {**t, "metrics": {**t.get("metrics", {}), what: data.draw(st.floats(*ranges[what]))}}
    before = score(tps).by_id["t0"].severity
    after = score([added, *tps[1:]]).by_id["t0"].severity
    assert after is not None and (before is None or after >= before)


# --- the consultant's judgements (tests/judgements, judged by judge.py) ----------------------------------------


class _Lint:
    """What `cjm lint` will say from this model for the judge's lint_has: CJM109 on contradicted declarations."""

    def __init__(self, result: JourneyScore) -> None:
        self.result = result

    def lint(self) -> list[dict[str, Any]]:
        return [
            {"code": "CJM109", "item_id": s.id, "message": f"declared {s.declared}, the data say {s.data_class}"}
            for s in self.result.touchpoints
            if s.contradicted
        ]


def _failures(judge: ModuleType, case: dict[str, Any], result: JourneyScore) -> list[str]:
    doc = journey_json(result)
    failed = []
    for assertion in case["assertions"]:
        ((kind, arg),) = assertion.items()
        try:
            judge.CHECKS[kind](doc, arg, _Lint(result))
        except judge.Failed as exc:
            failed.append(f"{judge.show(assertion)}: {exc}")
    return failed


@pytest.mark.parametrize("path", all_cases())
def test_judgement(path: Path) -> None:
    judge = judging.judge()
    case = judge.load_case(path)
    loaded = load_journey_text(judge.journey_text(case, path), path.name)
    assert loaded.journey is not None and loaded.ok, [p.message for p in loaded.problems]
    result = score_journey(loaded.journey, persona=case.get("persona"))
    assert _failures(judge, case, result) == []
