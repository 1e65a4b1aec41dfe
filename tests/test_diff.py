"""The semantic diff (SPEC §4.3): matching, renames, moves, reorders, fields, x- keys, score drift, gates."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from cjm.config import Config
from cjm.diff.compare import compare, structural_changes
from cjm.diff.formats.markdown import escape
from cjm.diff.gates import evaluate, parse_conditions, stale_reason
from cjm.diff.report import Change, FieldChange
from cjm.load import load_journey_text
from cjm.model import Journey

BASE = """
cjm: 1
id: trip
title: Train trip
owner: Travel
stages:
  - {id: plan, name: Plan, phase: before}
  - {id: ride, name: Ride, phase: during}
  - {id: arrive, name: Arrive, phase: after}
touchpoints:
  - {id: search, stage: plan, name: Search, owner: Web, emotion: 1}
  - {id: buy, stage: plan, name: Buy ticket, owner: Web, emotion: -1, next: [board]}
  - {id: board, stage: ride, name: Board, owner: Ops, emotion: 0}
  - {id: exit, stage: arrive, name: Exit, owner: Ops, emotion: 1}
opportunities:
  - {id: app, title: Ticket in the app, touchpoints: [buy]}
actions:
  - {id: fix-buy, title: Fix checkout, owner: Web, status: planned, addresses: [buy]}
insights:
  - {question: stop, answer: Checkout too slow, touchpoints: [buy]}
"""


def journey(text: str) -> Journey:
    loaded = load_journey_text(textwrap.dedent(text), "t.yaml")
    assert loaded.journey is not None, loaded.problems
    return loaded.journey


def changed(old: str, new: str) -> tuple[Change, ...]:
    return structural_changes(journey(old), journey(new))[0]


def summary(changes: tuple[Change, ...]) -> list[tuple[str, str, str]]:
    return [(c.kind, c.id, c.op) for c in changes]


def test_identical_versions_have_no_changes() -> None:
    assert changed(BASE, BASE) == ()


def test_journey_fields_and_x_keys() -> None:
    new = BASE.replace("owner: Travel", "owner: Rail\nx-team: blue\nreviewed: 2026-01-02")
    (change,) = changed(BASE, new)
    assert (change.kind, change.id, change.op) == ("journey", "trip", "modified")
    assert change.fields == {
        "owner": FieldChange("Travel", "Rail"),
        "reviewed": FieldChange(None, "2026-01-02"),
        "x-team": FieldChange(None, "blue"),
    }


def test_x_keys_inside_nested_mappings_and_lists() -> None:
    old = BASE.replace(
        "{id: exit, stage: arrive, name: Exit, owner: Ops, emotion: 1}",
        "{id: exit, stage: arrive, name: Exit, owner: Ops, emotion: 1, metrics: {x-src: crm},"
        " evidence: [{source: s1, x-n: 1}]}",
    )
    new = old.replace("x-src: crm", "x-src: bi").replace("x-n: 1", "x-n: 2")
    (change,) = changed(old, new)
    assert change.fields == {
        "metrics.x-src": FieldChange("crm", "bi"),
        "evidence": FieldChange([{"source": "s1", "x-n": 1}], [{"source": "s1", "x-n": 2}]),
    }


def test_touchpoint_field_by_field() -> None:
    new = BASE.replace("name: Board, owner: Ops, emotion: 0", "name: Boarding, owner: Ops, emotion: -0.5")
    (change,) = changed(BASE, new)
    assert (change.kind, change.id, change.op, change.label) == ("touchpoint", "board", "modified", "Boarding")
    assert change.fields == {"name": FieldChange("Board", "Boarding"), "emotion": FieldChange(0.0, -0.5)}


def test_added_and_removed_items() -> None:
    new = BASE.replace(
        "  - {id: exit, stage: arrive, name: Exit, owner: Ops, emotion: 1}\n",
        "  - {id: taxi, stage: arrive, name: Taxi home}\n",
    )
    assert summary(changed(BASE, new)) == [("touchpoint", "taxi", "added"), ("touchpoint", "exit", "removed")]


def test_rename_with_equal_content_is_one_change_and_references_follow() -> None:
    new = BASE.replace("id: buy,", "id: purchase,").replace("[buy]", "[purchase]")
    changes = changed(BASE, new)
    assert summary(changes) == [("touchpoint", "purchase", "renamed")]
    assert changes[0].old_id == "buy" and changes[0].fields == {}


def test_rename_keeps_next_references_quiet() -> None:
    new = BASE.replace("id: board,", "id: boarding,").replace("next: [board]", "next: [boarding]")
    assert summary(changed(BASE, new)) == [("touchpoint", "boarding", "renamed")]


def test_two_renames_pointing_at_each_other() -> None:
    new = (
        BASE.replace("id: buy,", "id: purchase,")
        .replace("id: board,", "id: boarding,")
        .replace("next: [board]", "next: [boarding]")
        .replace("[buy]", "[purchase]")
    )
    assert sorted(summary(changed(BASE, new))) == [
        ("touchpoint", "boarding", "renamed"),
        ("touchpoint", "purchase", "renamed"),
    ]


def test_touchpoint_rename_by_stage_and_name_reports_other_fields() -> None:
    new = BASE.replace(
        "id: buy, stage: plan, name: Buy ticket, owner: Web, emotion: -1",
        "id: purchase, stage: plan, name: Buy ticket, owner: Web, emotion: 1",
    ).replace("[buy]", "[purchase]")
    (change,) = changed(BASE, new)
    assert (change.op, change.id, change.old_id) == ("renamed", "purchase", "buy")
    assert change.fields == {"emotion": FieldChange(-1.0, 1.0)}


def test_changed_content_and_changed_name_is_not_a_rename() -> None:
    new = BASE.replace(
        "id: exit, stage: arrive, name: Exit, owner: Ops, emotion: 1",
        "id: leave, stage: arrive, name: Leave, owner: Ops, emotion: 1",
    )
    assert summary(changed(BASE, new)) == [("touchpoint", "leave", "added"), ("touchpoint", "exit", "removed")]


def test_bare_items_are_never_renames() -> None:
    old = BASE.replace(
        "  - {id: arrive, name: Arrive, phase: after}\n", "  - {id: arrive, name: Arrive, phase: after}\n  - {id: a}\n"
    )
    new = old.replace("{id: a}", "{id: b}")
    assert summary(changed(old, new)) == [("stage", "b", "added"), ("stage", "a", "removed")]


def test_stage_rename_does_not_move_its_touchpoints() -> None:
    new = BASE.replace("id: ride,", "id: journey,").replace("stage: ride,", "stage: journey,")
    changes = changed(BASE, new)
    assert summary(changes) == [("stage", "journey", "renamed")]
    assert changes[0].old_id == "ride"


def test_moved_touchpoint_holds_stage_and_other_changes() -> None:
    new = BASE.replace(
        "{id: board, stage: ride, name: Board, owner: Ops, emotion: 0}",
        "{id: board, stage: plan, name: Board, owner: Crew, emotion: 0}",
    )
    (change,) = changed(BASE, new)
    assert (change.kind, change.id, change.op) == ("touchpoint", "board", "moved")
    assert change.fields == {"stage": FieldChange("ride", "plan"), "owner": FieldChange("Ops", "Crew")}


def test_swapping_two_stages_reports_one_reorder() -> None:
    new = BASE.replace(
        "  - {id: ride, name: Ride, phase: during}\n  - {id: arrive, name: Arrive, phase: after}\n",
        "  - {id: arrive, name: Arrive, phase: after}\n  - {id: ride, name: Ride, phase: during}\n",
    )
    changes = changed(BASE, new)
    assert len(changes) == 1 and changes[0].op == "reordered" and changes[0].kind == "stage"
    assert changes[0].fields["position"] in (FieldChange(3, 2), FieldChange(2, 3))


def test_moving_the_last_stage_first_reports_only_that_stage() -> None:
    new = BASE.replace(
        "  - {id: plan, name: Plan, phase: before}\n  - {id: ride, name: Ride, phase: during}\n"
        "  - {id: arrive, name: Arrive, phase: after}\n",
        "  - {id: arrive, name: Arrive, phase: after}\n  - {id: plan, name: Plan, phase: before}\n"
        "  - {id: ride, name: Ride, phase: during}\n",
    )
    (change,) = changed(BASE, new)
    assert (change.id, change.op, change.fields) == ("arrive", "reordered", {"position": FieldChange(3, 1)})


def test_inserting_a_stage_is_not_a_reorder() -> None:
    new = BASE.replace(
        "  - {id: plan, name: Plan, phase: before}\n",
        "  - {id: dream, name: Dream, phase: before}\n  - {id: plan, name: Plan, phase: before}\n",
    )
    assert summary(changed(BASE, new)) == [("stage", "dream", "added")]


def test_touchpoint_order_within_a_stage() -> None:
    new = BASE.replace(
        "  - {id: search, stage: plan, name: Search, owner: Web, emotion: 1}\n"
        "  - {id: buy, stage: plan, name: Buy ticket, owner: Web, emotion: -1, next: [board]}\n",
        "  - {id: buy, stage: plan, name: Buy ticket, owner: Web, emotion: -1, next: [board]}\n"
        "  - {id: search, stage: plan, name: Search, owner: Web, emotion: 1}\n",
    )
    (change,) = changed(BASE, new)
    assert change.kind == "touchpoint" and change.op == "reordered"


def test_file_order_across_stages_is_not_a_reorder() -> None:
    lines = BASE.splitlines(keepends=True)
    exit_line = next(line for line in lines if "id: exit" in line)
    search_line = next(line for line in lines if "id: search" in line)
    new = BASE.replace(exit_line, "").replace(search_line, exit_line + search_line)
    assert changed(BASE, new) == ()


def test_insights_match_by_question_and_answer() -> None:
    new = BASE.replace("answer: Checkout too slow, touchpoints: [buy]", "answer: Checkout too slow, touchpoints: []")
    (change,) = changed(BASE, new)
    assert (change.kind, change.id, change.op) == ("insight", "insights[0]", "modified")
    changed_answer = BASE.replace("answer: Checkout too slow", "answer: Checkout far too slow")
    assert summary(changed(BASE, changed_answer)) == [
        ("insight", "insights[0]", "added"),
        ("insight", "insights[0]", "removed"),
    ]


def test_insight_with_an_id_matches_by_id() -> None:
    old = BASE.replace("{question: stop,", "{id: slow, question: stop,")
    new = old.replace("answer: Checkout too slow", "answer: Checkout far too slow")
    (change,) = changed(old, new)
    assert (change.id, change.op) == ("slow", "modified")


def test_personas_opportunities_and_action_status() -> None:
    old = BASE.replace("touchpoints:\n", "personas:\n  - {id: commuter, name: Commuter}\ntouchpoints:\n", 1)
    new = (
        old.replace("name: Commuter", "name: Daily commuter")
        .replace("status: planned", "status: done")
        .replace("opportunities:\n", "opportunities:\n  - {id: wifi, title: Onboard wifi}\n")
    )
    changes = changed(old, new)
    assert summary(changes) == [
        ("persona", "commuter", "modified"),
        ("opportunity", "wifi", "added"),
        ("action", "fix-buy", "modified"),
    ]
    assert changes[2].fields == {"status": FieldChange("planned", "done")}


def test_empty_sides() -> None:
    changes, _ = structural_changes(None, journey(BASE))
    assert changes[0] == Change("journey", "trip", "added", label="Train trip")
    assert {c.op for c in changes} == {"added"} and len(changes) == 1 + 3 + 4 + 1 + 1 + 1
    removed, _ = structural_changes(journey(BASE), None)
    assert {c.op for c in removed} == {"removed"} and removed[0].kind == "journey"
    assert structural_changes(None, None) == ((), {})


def test_journey_id_change_is_a_rename() -> None:
    (change,) = changed(BASE, BASE.replace("id: trip", "id: train-trip"))
    assert (change.kind, change.id, change.op, change.old_id) == ("journey", "train-trip", "renamed", "trip")


def test_changes_are_deterministic() -> None:
    new = (
        BASE.replace("owner: Travel", "owner: Rail")
        .replace("id: exit,", "id: out,")
        .replace("status: planned", "status: done")
        .replace("emotion: 0}", "emotion: 1}")
    )
    first = changed(BASE, new)
    assert first == changed(BASE, new)
    assert [c.kind for c in first] == ["journey", "touchpoint", "touchpoint", "action"]


# --- score drift ---

SCORED = """
cjm: 1
id: shop
title: Shop
stages:
  - {id: s1, name: One}
  - {id: s2, name: Two}
touchpoints:
  - {id: a, stage: s1, name: A, emotion: -2, expectation: 5, experience: 1}
  - {id: b, stage: s1, name: B, emotion: 2, expectation: 2, experience: 5}
  - {id: c, stage: s2, name: C, emotion: 0}
  - {id: d, stage: s2, name: D, emotion: -2, expectation: 5, experience: 1}
"""


def test_drift_new_resolved_removed_pain_and_key_moments() -> None:
    old = journey(SCORED)
    new = journey(
        SCORED.replace(
            "{id: a, stage: s1, name: A, emotion: -2, expectation: 5, experience: 1}",
            "{id: a, stage: s1, name: A, emotion: 1, expectation: 3, experience: 4}",
        )
        .replace(
            "{id: c, stage: s2, name: C, emotion: 0}",
            "{id: c, stage: s2, name: C, emotion: -2, expectation: 5, experience: 1}",
        )
        .replace("  - {id: d, stage: s2, name: D, emotion: -2, expectation: 5, experience: 1}\n", "")
    )
    _, drift = compare(old, new)
    assert drift.new_pain == ("c",)
    assert drift.resolved_pain == ("a",)
    assert drift.removed_pain == ("d",)
    assert "c" in drift.key_moments_added and "d" in drift.key_moments_removed
    assert drift.health_old is not None and drift.health_new is not None
    assert drift.health_delta == pytest.approx(drift.health_new - drift.health_old)
    assert drift.weakest_new.stage == "s2" and drift.weakest_new.touchpoint == "c"


def test_drift_follows_renames() -> None:
    old = journey(SCORED)
    new = journey(SCORED.replace("id: a,", "id: alpha,"))
    changes, drift = compare(old, new)
    assert summary(changes) == [("touchpoint", "alpha", "renamed")]
    assert (drift.new_pain, drift.resolved_pain, drift.removed_pain) == ((), (), ())
    assert (drift.key_moments_added, drift.key_moments_removed) == ((), ())
    assert drift.health_delta == 0


def test_drift_against_an_empty_journey() -> None:
    _, drift = compare(None, journey(SCORED))
    assert drift.health_old is None and drift.health_delta is None
    assert set(drift.new_pain) == {"a", "d"}
    _, gone = compare(journey(SCORED), None)
    assert gone.health_new is None and set(gone.removed_pain) == {"a", "d"} and gone.new_pain == ()


# --- gates ---


def test_parse_conditions() -> None:
    parsed = parse_conditions(["new-pain", "health-drop=2.5,stale", "new-pain"])
    assert [str(c) for c in parsed] == ["new-pain", "health-drop=2.5", "stale"]
    for bad in ("nope", "health-drop", "health-drop=x", "health-drop=-1", "stale=1", "health-drop=nan"):
        with pytest.raises(ValueError):
            parse_conditions([bad])


def test_each_condition() -> None:
    old = journey(SCORED)
    new = journey(
        SCORED.replace("{id: b, stage: s1, name: B,", "{id: b, stage: s1, name: B, owner: Shop,")
    )  # b gains an owner: not owner-lost
    changes, drift = compare(old, new)
    conditions = parse_conditions(["any", "new-pain", "removed-touchpoint", "owner-lost", "health-drop=0"])
    failed, reasons = evaluate(conditions, changes, drift, None)
    assert failed == ("any", "health-drop=0")  # health unchanged: a drop of 0 >= 0
    assert reasons[0] == "any: 1 change"
    back, back_drift = compare(new, old)
    failed, reasons = evaluate(parse_conditions(["owner-lost"]), back, back_drift, None)
    assert failed == ("owner-lost",) and "touchpoint b" in reasons[0]
    gone = journey(SCORED.replace("  - {id: c, stage: s2, name: C, emotion: 0}\n", ""))
    removed, removed_drift = compare(old, gone)
    assert evaluate(parse_conditions(["removed-touchpoint"]), removed, removed_drift, None)[0] == (
        "removed-touchpoint",
    )


def test_health_drop_threshold() -> None:
    old = journey(SCORED)
    worse = journey(
        SCORED.replace("{id: c, stage: s2, name: C, emotion: 0}", "{id: c, stage: s2, name: C, emotion: -2}")
    )
    changes, drift = compare(old, worse)
    assert drift.health_old is not None and drift.health_new is not None
    drop = drift.health_old - drift.health_new
    # model v2: a stage's hurt compounds over its touchpoints (σₛ = 1 − Π (1 − σₜ)^aₜ), so a second
    # touchpoint hurting half its customers takes stage Two from 50 to 25, and the journey with it
    assert drop == pytest.approx(25.0)
    better = journey(SCORED.replace("emotion: -2, expectation: 5, experience: 1}", "emotion: -1}"))
    changes, drift = compare(better, old)
    assert drift.health_old is not None and drift.health_new is not None
    drop = drift.health_old - drift.health_new
    assert drop > 0
    assert evaluate(parse_conditions([f"health-drop={drop}"]), changes, drift, None)[0] == (f"health-drop={drop:g}",)
    assert evaluate(parse_conditions([f"health-drop={drop + 0.01}"]), changes, drift, None)[0] == ()


@pytest.mark.parametrize(
    ("reviewed", "stale"),
    [(None, True), ("2026-12-01", True), ("2026-01-01", True), ("2026-11-01", False)],
)
def test_stale_is_cjm105(reviewed: str | None, stale: bool) -> None:
    text = SCORED + (f"reviewed: {reviewed}\n" if reviewed else "")
    loaded = load_journey_text(textwrap.dedent(text), "t.yaml")
    reason = stale_reason(loaded, Config(), dt.date(2026, 11, 23))
    assert (reason is not None) == stale
    assert stale_reason(None, Config(), dt.date(2026, 11, 23)) is None


def test_markdown_escape() -> None:
    text = "a|b <script>x</script> @team `code` *em* _u_ [l](u) & \n2nd line"
    out = escape(text)
    assert "|" not in out.replace("\\|", "")
    assert "<script>" not in out and "\\<script\\>" in out
    assert "@team" not in out and "@&#8203;team" in out
    assert "`" not in out.replace("\\`", "")
    assert "\n" not in out and "<br>" in out
    assert "&amp;" in out


def test_shown_health_delta_is_the_difference_of_the_shown_values() -> None:
    from cjm.diff.formats.common import delta, health

    assert (health(52.0), health(47.75), delta(52.0, 47.75)) == ("52.0", "47.8", "−4.2")
    assert delta(40.65, 55.45) == "+14.8"
    assert delta(10.0, 10.04) == "±0.0"
    assert delta(None, 10.0) == ""
