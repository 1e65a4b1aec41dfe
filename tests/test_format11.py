"""Format 1.1 (SPEC §2.1) through the whole tool: load, lint, score, diff, the metrics overlay, render.

The rule fixtures (tests/fixtures/rules/CJM00x/fires-format11.yaml, CJM116-CJM119) cover the
positioned findings; this file covers semantics and the round trip.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES

from cjm.diff.compare import compare, record, structural_changes
from cjm.load import load_journey_text
from cjm.metrics import MetricsError, apply_overlay, check_overlay, parse_metrics_text
from cjm.model import V11_FIELDS, Journey, format_11_fields
from cjm.schema import journey_schema
from cjm.scoring import score_journey

CLAIM = FIXTURES / "format11" / "claim.yaml"
TEXT = CLAIM.read_text(encoding="utf-8")


def journey(text: str = TEXT) -> Journey:
    loaded = load_journey_text(text, "claim.yaml")
    assert loaded.journey is not None and loaded.ok, [p.message for p in loaded.problems]
    return loaded.journey


def problems(text: str) -> list[tuple[str, str, str]]:
    loaded = load_journey_text(text, "claim.yaml")
    return [(p.code, p.item, p.message) for p in loaded.problems]


# --- the version ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "ok"),
    [("1", True), ("1.1", True), ("1.0", False), ("1.10", False), ('"1"', False), ('"1.1"', False), ("1.2", False)],
)
def test_the_version_is_judged_by_its_source_text(written: str, ok: bool) -> None:
    text = f"cjm: {written}\nid: j\ntitle: J\nstages: [{{id: a, phase: before}}]\ntouchpoints: []\n"
    found = [code for code, _, _ in problems(text)]
    assert found == ([] if ok else ["CJM006"])


def test_a_format_1_file_stays_valid_and_means_the_same() -> None:
    text = (FIXTURES / "rules" / "CJM001" / "passes.yaml").read_text(encoding="utf-8")
    assert "cjm: 1\n" in text
    assert problems(text) == []


def test_every_1_1_field_under_cjm_1_is_cjm006_at_the_field() -> None:
    v1 = TEXT.replace("cjm: 1.1", "cjm: 1", 1)
    found = {item for code, item, _ in problems(v1) if code == "CJM006"}
    assert found == {
        "phases",
        "customers",
        "currency",
        "kpis",
        "personas[0].share",
        "personas[0].needs.functional[0]",
        "personas[0].needs.emotional[0]",
        "personas[1].share",
        "personas[1].needs.functional[0]",
        "touchpoints[1].co_owners",
        "touchpoints[1].importance",
        "touchpoints[1].needs_met",
        "touchpoints[1].needs_unmet",
        "touchpoints[1].by_persona",
        "touchpoints[2].partner",
        "touchpoints[2].recovers",
        "touchpoints[2].needs_met",
        "touchpoints[3].target",
        "opportunities[0].value",
        "opportunities[0].effort",
        "actions[0].priority",
        "actions[0].effort",
        "actions[0].kpi",
    }
    messages = [m for code, _, m in problems(v1) if code == "CJM006"]
    assert all("write 'cjm: 1.1'" in m for m in messages)
    # a KPI key among the metrics is an unknown key under format 1, as it always was
    assert ("CJM002", "touchpoints[1].metrics.cycle-days") in {(c, i) for c, i, _ in problems(v1)}


def test_the_fixture_uses_every_1_1_field() -> None:
    """So the round-trip tests below cover every field §2.1 adds."""
    used = {loc[0] if len(loc) == 1 else (loc[0], loc[2]) for loc in format_11_fields(journey().model_dump())}
    expected = {name for name in V11_FIELDS["journey"]} | {
        (kind, name) for kind, names in V11_FIELDS.items() if kind != "journey" for name in names
    }
    assert expected - used - {"baseline"} == set()  # baseline: see the to-be tests


# --- the schema ----------------------------------------------------------------------------------


def test_the_schema_describes_every_1_1_field_for_the_editor() -> None:
    schema = journey_schema()
    assert schema["properties"]["cjm"]["enum"] == [1, 1.1]
    definitions = schema["definitions"]
    kinds = {"journey": schema, "personas": definitions["Persona"], "touchpoints": definitions["Touchpoint"]}
    kinds |= {"opportunities": definitions["Opportunity"], "actions": definitions["Action"]}
    for kind, names in V11_FIELDS.items():
        for name in names:
            description = kinds[kind]["properties"][name].get("description", "")
            assert description.startswith("Format 1.1:"), (kind, name, description)
    need = definitions["PersonaNeeds"]["properties"]["functional"]["items"]
    assert {"$ref": "#/definitions/Need"} in need["anyOf"]
    assert definitions["TouchpointMetrics"]["additionalProperties"]["type"] == "number"


# --- bad input: positioned, never a traceback, nothing written --------------------------------------


BAD = {
    "shares over 1": (("share: 0.7", "share: 0.8"), "CJM002", "personas[1].share"),
    "by_persona naming no persona": (("family: {emotion: -0.5}", "nobody: {emotion: -0.5}"), "CJM005", "by_persona"),
    "a need id in two personas": (("{id: fast-payout,", "{id: phone-help,"), "CJM004", "personas[1].needs"),
    "recovers itself": (("recovers: web-form", "recovers: call-back"), "CJM005", "touchpoints[2].recovers"),
    "an undeclared KPI key": (("reopened: 6}", "reopnened: 6}"), "CJM005", "touchpoints[3].metrics.reopnened"),
    "baseline naming itself": (("currency: DKK", "currency: DKK\nbaseline: home-claim"), "CJM005", "baseline"),
    "a need both met and unmet": (("needs_met: [fast-payout]", "needs_met: [fast-payout, not-stupid]"), "CJM002", ""),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_1_1_input_is_a_positioned_error(case: str, cli, tmp_path: Path) -> None:
    (old, new), code, item = BAD[case]
    assert old in TEXT
    path = tmp_path / "claim.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    lint = cli(["lint", str(path), "--format", "json"])
    assert lint.code == 1
    findings = [f for f in json.loads(lint.out)["findings"] if f["code"] == code]
    assert findings and all(f["line"] > 1 for f in findings)
    assert any(item in f["item"] for f in findings), findings
    out = tmp_path / "out"
    for command in (["score", str(path)], ["render", str(path), "-o", str(out)]):
        done = cli(command)
        assert done.code == 2 and "Traceback" not in done.err and f"{code}" in done.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("version", "key"), [("1.1", '"5 %"'), ("1.1", "'x y'"), ("1", "churn")], ids=["no slug", "space", "format 1"]
)
def test_a_metric_key_that_cannot_be_a_kpi_is_one_finding(version: str, key: str) -> None:
    # An unknown key (CJM002) only: not also CJM005 at the same key when the rest of the file is valid.
    text = f"cjm: {version}\nid: j\ntitle: J\nstages: [{{id: a}}]\ntouchpoints:\n"
    text += f"  - {{id: t, stage: a, metrics: {{volume: 3, {key}: 2}}}}\n"
    found = [code for code, _, _ in problems(text)]
    assert found == ["CJM002"], problems(text)


# --- score ---------------------------------------------------------------------------------------


def test_persona_figures_use_by_persona_and_share() -> None:
    whole = score_journey(journey())
    senior = score_journey(journey(), persona="senior")
    assert whole.by_id["web-form"].values is not None and whole.by_id["web-form"].values.emotion == -1
    form = senior.by_id["web-form"]
    assert form.values is not None and (form.values.emotion, form.values.drop_off) == (-2, 0.5)
    assert form.volume == pytest.approx(1800 * 0.3)
    assert senior.customers == pytest.approx(2000 * 0.3)
    assert senior.persona_values and senior.persona_volumes


@pytest.mark.parametrize("k", [1, 3, 7])
def test_persona_volumes_split_by_the_shares_as_written(k: int) -> None:
    # Shares 0.1 and 0.2 split a volume of 3k into exactly k (not 2.9999999999999996), so the tie with
    # a by_persona volume of k stays a tie at every scale: journey order, never an order that flips (§4.2 item 7).
    text = f"""\
        cjm: 1.1
        id: j
        title: J
        customers: {10 * k}
        personas: [{{id: p, share: 0.1}}, {{id: q, share: 0.2}}]
        stages: [{{id: a}}]
        touchpoints:
          - {{id: t0, stage: a, emotion: -2, metrics: {{volume: {3 * k}}}}}
          - {{id: t1, stage: a, emotion: -2, metrics: {{volume: {5 * k}}}, by_persona: {{p: {{volume: {k}}}}}}}
        """
    scores = score_journey(journey(textwrap.dedent(text)), persona="p")
    assert scores.by_id["t0"].volume == k
    assert scores.fix_first == ("t0", "t1")


def test_a_persona_view_without_volumes_ranks_by_severity_times_importance() -> None:
    # `customers` with shares of 0.1 and 0.2 is 10/3 for p, but without any volume the priority is σ × importance.
    text = """\
        cjm: 1.1
        id: j
        title: J
        customers: 10
        personas: [{id: p, share: 0.1}, {id: q, share: 0.2}]
        stages: [{id: a}]
        touchpoints: [{id: t, stage: a, emotion: -2}]
        """
    assert score_journey(journey(textwrap.dedent(text)), persona="p").by_id["t"].priority == 0.5


def test_target_values_give_target_confidence_and_a_recovery_is_a_moment_of_truth() -> None:
    scores = score_journey(journey())
    assert scores.by_id["payout"].confidence == "target"
    assert scores.by_id["call-back"].cls == "truth" and scores.by_id["call-back"].recovers == "web-form"


def test_importance_weighs_the_priority() -> None:
    plain = score_journey(journey(TEXT.replace("    importance: 5\n", "")))
    weighted = score_journey(journey())
    assert weighted.by_id["web-form"].priority == pytest.approx(plain.by_id["web-form"].priority * 1.5)


def test_kpis_are_reported_never_scored(cli) -> None:
    done = cli(["score", str(CLAIM), "--format", "json", "--persona", "senior"])
    kpis = json.loads(done.out)["journeys"][0]["kpis"]
    assert kpis[0] == {
        "id": "cycle-days",
        "name": "Sagsbehandlingstid",
        "unit": "dage",
        "direction": "down",
        "value": 21,
        "target": 10,
        "touchpoints": {"web-form": 30},  # the senior's own value
    }
    without = TEXT.replace(", cycle-days: 24}", "}").replace(", cycle-days: 30}", "}").replace(", reopened: 6}", "}")
    assert score_journey(journey(without)) == score_journey(journey())
    table = cli(["score", str(CLAIM)]).out
    assert (
        "KPIs (reported, not scored): Sagsbehandlingstid (cycle-days): 21 dage (target 10 dage, lower is better)"
        in table
    )


# --- diff ----------------------------------------------------------------------------------------


def test_a_1_1_journey_compared_with_itself_has_no_changes() -> None:
    changes, drift = compare(journey(), journey())
    assert changes == ()
    assert [p.id for p in drift.personas] == ["senior", "family"]


def test_the_diff_sees_every_1_1_value() -> None:
    """Round trip: every value of the fixture is a field of the diff's record, so no change can go unseen."""
    tp = journey().touchpoints[1]
    fields = record(tp)
    assert fields["by_persona.senior.emotion"] == -2 and fields["by_persona.senior.cycle-days"] == 30
    assert fields["metrics.cycle-days"] == 24 and fields["co_owners"] == ["Skade"] and fields["importance"] == 5


@pytest.mark.parametrize(
    ("old", "new", "kind", "field"),
    [
        ("senior: {emotion: -2,", "senior: {emotion: -1,", "touchpoint", "by_persona.senior.emotion"),
        ("cycle-days: 24}", "cycle-days: 19}", "touchpoint", "metrics.cycle-days"),
        ("co_owners: [Skade]", "co_owners: [Skade, Kundeservice]", "touchpoint", "co_owners"),
        ("partner: Assistance A/S", "partner: Redning ApS", "touchpoint", "partner"),
        ("importance: 5", "importance: 4", "touchpoint", "importance"),
        ("needs_unmet: [not-stupid]", "needs_unmet: []", "touchpoint", "needs_unmet"),
        ("target: true", "target: false", "touchpoint", "target"),
        ("share: 0.3", "share: 0.25", "persona", "share"),
        ("value: 1200000, effort: 3", "value: 900000, effort: 3", "opportunity", "value"),
        ("priority: 1, effort: 2", "priority: 2, effort: 2", "action", "priority"),
        ("value: 21, target: 10", "value: 17, target: 10", "kpi", "value"),
        ("{before: Før skaden,", "{before: Skaden sker,", "journey", "phases.before"),
        ("customers: 2000", "customers: 2100", "journey", "customers"),
    ],
)
def test_each_1_1_change_is_reported(old: str, new: str, kind: str, field: str) -> None:
    assert old in TEXT
    changes = structural_changes(journey(), journey(TEXT.replace(old, new, 1)))[0]
    assert [(c.kind, list(c.fields)) for c in changes] == [(kind, [field])]


def test_a_kpi_change_is_judged_against_its_target(cli, tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(TEXT.replace("value: 21, target: 10", "value: 16, target: 10"), encoding="utf-8")
    done = cli(["diff", str(CLAIM), str(new)])
    assert '  ~ kpi cycle-days "Sagsbehandlingstid" modified\n      value: 21 → 16\n' in done.out
    assert "(target 10, lower is better: closer)" in done.out
    data = json.loads(cli(["diff", str(CLAIM), str(new), "--format", "json"]).out)
    change = data["diffs"][0]["changes"][0]
    assert (change["kind"], change["fields"]) == ("kpi", {"value": {"old": 21, "new": 16}})


def test_the_markdown_diff_escapes_control_characters_in_a_kpi_name(cli, tmp_path: Path) -> None:
    # SPEC §6: no ESC (terminal colours, cursor moves) or bidi override from input reaches the PR comment.
    named = TEXT.replace("name: Sagsbehandlingstid,", 'name: "Sags\\x1b[31mtid\\u202e",')
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(named, encoding="utf-8")
    new.write_text(named.replace("value: 21, target: 10", "value: 16, target: 10"), encoding="utf-8")
    done = cli(["diff", str(old), str(new), "--format", "markdown"])
    assert done.code == 0 and "\x1b" not in done.out and "\u202e" not in done.out
    assert "Sags\\u001b\\[31mtid\\u202e" in done.out


def test_per_persona_drift() -> None:
    better = TEXT.replace("senior: {emotion: -2, experience: 1, drop_off: 0.5,", "senior: {emotion: -0.5,")
    _, drift = compare(journey(), journey(better))
    senior = next(p for p in drift.personas if p.id == "senior")
    family = next(p for p in drift.personas if p.id == "family")
    assert senior.health_old is not None and senior.health_new is not None and senior.health_new > senior.health_old
    assert family.health_old == family.health_new
    worse = TEXT.replace("family: {emotion: -0.5}", "family: {emotion: -0.5}\n    x-note: worse").replace(
        "    metrics: {volume: 400, drop_off: 0.01}", "    metrics: {volume: 400, drop_off: 0.3}"
    )
    _, drift = compare(journey(), journey(worse))
    assert {p.id: p.new_pain for p in drift.personas} == {"senior": ("call-back",), "family": ("call-back",)}


def test_a_renamed_touchpoint_carries_its_recovery() -> None:
    renamed = TEXT.replace("- id: web-form", "- id: online-form").replace("web-form]", "online-form]")
    renamed = renamed.replace("recovers: web-form", "recovers: online-form")
    changes = structural_changes(journey(), journey(renamed))[0]
    assert [(c.kind, c.op, c.old_id) for c in changes] == [("touchpoint", "renamed", "web-form")]


# --- baseline: a to-be paired with its as-is ----------------------------------------------------------

TOBE = TEXT.replace("id: home-claim", "id: home-claim-tobe\nbaseline: home-claim", 1).replace(
    "state: current", "state: future"
)


def test_baseline_is_found_among_the_paths_or_in_the_directory(cli, tmp_path: Path) -> None:
    (tmp_path / "asis.yaml").write_text(TEXT, encoding="utf-8")
    (tmp_path / "tobe.yaml").write_text(TOBE, encoding="utf-8")
    assert cli(["lint", str(tmp_path / "tobe.yaml")]).code == 0  # found in its directory
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    (elsewhere / "tobe.yaml").write_text(TOBE, encoding="utf-8")
    assert cli(["lint", str(elsewhere / "tobe.yaml"), str(tmp_path / "asis.yaml")]).code == 0  # among the paths
    alone = cli(["lint", str(elsewhere / "tobe.yaml")])
    assert alone.code == 1
    assert "CJM005 error baseline: no journey with the id 'home-claim' among the given paths or" in alone.out


def test_diff_of_a_to_be_alone_compares_it_with_its_baseline(cli, tmp_path: Path) -> None:
    (tmp_path / "asis.yaml").write_text(TEXT, encoding="utf-8")
    (tmp_path / "tobe.yaml").write_text(TOBE.replace("value: 21, target: 10", "value: 12, target: 10"), "utf-8")
    done = cli(["diff", str(tmp_path / "tobe.yaml")])
    assert done.code == 0, done.err
    assert f"{tmp_path / 'asis.yaml'} → {tmp_path / 'tobe.yaml'} (home-claim-tobe)" in done.out
    assert "renamed from home-claim" in done.out and "(a to-be of home-claim, its baseline)" in done.out
    assert "value: 21 → 12" in done.out
    lone = cli(["diff", str(CLAIM)])
    assert lone.code == 2 and "needs a 'baseline'" in lone.err


def test_a_to_be_renders_when_the_baseline_in_its_directory_is_invalid(cli, tmp_path: Path) -> None:
    # lint passes the to-be, and diff compares it with an empty journey; the handout draws it alone and says why.
    (tmp_path / "asis.yaml").write_text(TEXT.replace("emotion: -1\n", "emotion: -9\n", 1), encoding="utf-8")
    (tmp_path / "tobe.yaml").write_text(TOBE, encoding="utf-8")
    out = tmp_path / "tobe.html"
    assert cli(["lint", str(tmp_path / "tobe.yaml")]).code == 0
    done = cli(["render", str(tmp_path / "tobe.yaml"), "-o", str(out)])
    assert done.code == 0, done.err
    assert out.exists() and "the to-be is drawn without it" in done.err
    named = cli(["render", str(tmp_path / "tobe.yaml"), "--baseline", str(tmp_path / "asis.yaml"), "-o", str(out)])
    assert named.code == 2 and "CJM002" in named.err


# --- the metrics overlay -------------------------------------------------------------------------------


def overlay(text: str):
    return parse_metrics_text(textwrap.dedent(text), "m.csv")


def test_the_overlay_takes_kpi_columns_and_persona_rows() -> None:
    rows = overlay(
        """\
        touchpoint;persona;drop_off;cycle-days
        web-form;;0,15;22,5
        web-form;senior;0,4;28
        """
    )
    check_overlay(rows, [journey()])
    updated = apply_overlay(journey(), rows)
    form = updated.touchpoints[1]
    assert (form.metrics.drop_off, form.metrics.kpis) == (0.15, {"cycle-days": 22.5})
    assert form.by_persona is not None
    senior = form.by_persona["senior"]
    assert (senior.drop_off, senior.emotion, senior.kpis) == (0.4, -2, {"cycle-days": 28})
    assert score_journey(updated, persona="senior").by_id["web-form"].values.drop_off == 0.4  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("touchpoint,churn\nweb-form,1\n", "m.csv:1: unknown column 'churn'"),
        ("touchpoint,persona,drop_off\nweb-form,nobody,0.1\n", "m.csv:2: journey 'home-claim' has no persona 'nobody'"),
        ("touchpoint,persona,drop_off\nweb-form,senior,1.5\n", "m.csv:2: drop_off: '1.5' is out of range (0..1)"),
        (
            "touchpoint,persona,drop_off\nweb-form,senior,0.1\nweb-form,senior,0.2\n",
            "m.csv:3: touchpoint 'web-form' is listed again for persona 'senior'",
        ),
    ],
)
def test_bad_overlay_rows(text: str, message: str) -> None:
    with pytest.raises(MetricsError) as caught:
        check_overlay(overlay(text), [journey()])
    assert str(caught.value).startswith(message)


def test_a_persona_row_needs_a_1_1_journey() -> None:
    v1 = (FIXTURES / "rules" / "CJM001" / "passes.yaml").read_text(encoding="utf-8")
    one = load_journey_text(v1, "v1.yaml").journey
    assert one is not None
    tp, persona = one.touchpoints[0].id, one.personas[0].id
    with pytest.raises(MetricsError, match=r"a persona row needs a format 1\.1 journey"):
        check_overlay(overlay(f"touchpoint,persona,drop_off\n{tp},{persona},0.1\n"), [one])


# --- render --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "markdown", "mermaid", "dot"])
def test_a_1_1_journey_renders(fmt: str, cli, tmp_path: Path) -> None:
    """`target: true` gives confidence "target", which every language's catalogue labels."""
    out = tmp_path / f"claim.{fmt}"
    done = cli(["render", str(CLAIM), "--format", fmt, "-o", str(out)])
    assert done.code == 0, done.err
    assert "Skadeanmeldelse på nettet" in out.read_text(encoding="utf-8")


def test_a_huge_kpi_value_is_shown_in_powers_of_ten(cli, tmp_path: Path) -> None:
    # 1.5e300 was written out as 301 digits, most of them the float's binary tail that nobody measured.
    path = tmp_path / "claim.yaml"
    path.write_text(TEXT.replace("value: 21, target: 10", "value: 1.5e300, target: -1e300"), encoding="utf-8")
    done = cli(["render", str(path), "--format", "markdown", "-o", "-"])
    assert done.code == 0, done.err
    assert "- Sagsbehandlingstid: 1,5e+300 dage · mål −1e+300 dage · lavere er bedre" in done.out
    assert not re.search(r"\d{20}|(\d{3}\.){6}", done.out)


def test_the_key_moments_of_a_persona_view_name_the_personas_values(cli) -> None:
    # The senior's web form is scored by emotion −2 (by_persona); the handout said the touchpoint's −1.
    done = cli(["render", str(CLAIM), "--persona", "senior", "--format", "markdown", "-o", "-"])
    row = next(line for line in done.out.splitlines() if line.startswith("| 1 | **Skadeanmeldelse på nettet**"))
    assert "frafald 50 %; negativ følelse −2;" in row


def test_the_measures_of_a_persona_view_are_the_personas_figures(cli, tmp_path: Path) -> None:
    # The senior's volume (30 % of 1,800), by_persona drop-off, experience and KPI value; not the touchpoint's own.
    out = tmp_path / "senior.html"
    assert cli(["render", str(CLAIM), "--persona", "senior", "-o", str(out)]).code == 0
    html = out.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Volumen 540; Frafald 50 %; Klager 10 %; Forventning 4/5; Oplevelse 1/5; Vigtighed 5/5; Sagsbeh" in html
    assert "Sagsbehandlingstid 30" in html and "Frafald 20 %" not in html


def test_the_handout_shows_every_1_1_field(cli, tmp_path: Path) -> None:
    out = tmp_path / "claim.html"
    assert cli(["render", str(CLAIM), "-o", str(out)]).code == 0
    page = out.read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    for shown in (
        '<h2 class="outcome-title">Resultat-KPI&#39;er</h2>',
        "Sagsbehandlingstid: <b>21 dage · mål 10 dage · lavere er bedre</b>",
        "Samarbejdspartner: Assistance A/S",  # partner
        "Digital + Skade",  # co-owners on the map
        "Medansvarlige: Skade",  # and in the table view
        "30 % af kunderne",  # persona share
        "Genopretning efter Skadeanmeldelse på nettet",  # recovers
        "(værdierne er mål)",  # target
        "Vigtighed 5/5",  # importance
        "Sagsbehandlingstid 24",  # a KPI value at a touchpoint
        "Før skaden",  # the journey's own phase names
        "Hjælp i telefonen",  # a need with an id, as text
    ):
        assert shown in page, shown


def test_the_markdown_summary_shows_kpis_and_shared_ownership(cli) -> None:
    done = cli(["render", str(CLAIM), "--format", "markdown"])
    assert "- Sagsbehandlingstid: 21 dage · mål 10 dage · lavere er bedre" in done.out
    assert "| Digital + Skade |" in done.out and "Skade (Samarbejdspartner: Assistance A/S)" in done.out


def test_only_the_touchpoints_on_a_recovery_cycle_are_reported() -> None:
    """a → b → c → b: b and c form the cycle; a only leads into it. One pass, so a long chain stays cheap."""
    text = textwrap.dedent(
        """\
        cjm: 1.1
        id: j
        title: J
        stages: [{id: s, phase: before}]
        touchpoints:
          - {id: a, stage: s, recovers: b}
          - {id: b, stage: s, recovers: c}
          - {id: c, stage: s, recovers: b}
        """
    )
    assert [(code, item) for code, item, _ in problems(text)] == [
        ("CJM005", "touchpoints[1].recovers"),
        ("CJM005", "touchpoints[2].recovers"),
    ]
