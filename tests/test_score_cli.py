"""`cjm score` (SPEC §4.2): formats, options, several journeys, config, errors, and the README's worked example.

Golden files live in tests/golden/score/; refresh on purpose with CJM_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from golden_util import assert_golden

WORKED = "tests/fixtures/score_worked.yaml"
FACTORS = ["drop_off", "complaints", "negativity", "gap", "csat", "nps", "ces", "positivity", "surplus"]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def worked_text(**replace: str) -> str:
    text = (FIXTURES / "score_worked.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


# --- the worked example, in every format -----------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [("table", "worked.txt"), ("json", "worked.json"), ("markdown", "worked.md"), ("csv", "worked.csv")],
)
def test_worked_example_golden(cli, fmt: str, golden: str) -> None:
    result = cli(["score", WORKED, "--format", fmt])
    assert (result.code, result.err) == (0, "")
    assert_golden(f"score/{golden}", result.out)


def test_worked_example_numbers_match_the_hand_computation(cli) -> None:
    """The README's worked example, number by number (scoring model v2)."""
    data = json.loads(cli(["score", WORKED, "-f", "json"]).out)
    (journey,) = data["journeys"]
    tps = {tp["id"]: tp for tp in journey["touchpoints"]}
    # σ = 1 − (1 − d)(1 − c)(1 − q), q the strongest of 0.5 · the perception signals
    assert tps["checkout"]["severity"] == pytest.approx(1 - 0.8 * 0.9 * 0.75)  # 0.46
    assert tps["delivery"]["severity"] == pytest.approx(1 - 0.8 * 0.5)  # 0.6
    assert tps["size-guide"]["severity"] == pytest.approx(0.15)
    assert tps["unboxing"]["severity"] == 0.0 and tps["unboxing"]["delight"] == 1.0
    # at stake = volume × σ; priority = at stake × 1 (no importance in format 1)
    at_stake = {tp_id: tp["at_stake"] for tp_id, tp in tps.items()}
    assert at_stake == pytest.approx(
        {"ad": 500, "size-guide": 1200, "checkout": 920, "delivery": 960, "pickup": 80, "unboxing": 0}
    )
    assert all(tp["priority"] == tp["at_stake"] for tp in tps.values())
    # the pain rule: σ ≥ 0.20, or σ ≥ 0.10 with at stake ≥ 10 % of the 10,000 customers
    assert journey["customers"] == 10000
    assert {tp_id for tp_id, tp in tps.items() if tp["class"] == "pain"} == {
        "size-guide",
        "checkout",
        "delivery",
        "pickup",
    }
    assert tps["ad"]["class"] == "neutral" and tps["ad"]["delight"] == pytest.approx(0.25)
    assert journey["fix_first"] == ["size-guide", "delivery", "checkout", "pickup"]
    assert journey["protect"] == ["unboxing"]
    assert journey["key_moments"] == ["unboxing", "size-guide", "delivery", "checkout", "pickup"]
    # stages: σₛ = 1 − Π (1 − σₜ)^aₜ, aₜ = volume / the stage's largest volume
    stages = {s["id"]: s["health"] for s in journey["health"]["stages"]}
    assert stages["find"] == pytest.approx(100 * 0.95 * 0.85**0.8)  # 83.4
    assert stages["buy"] == pytest.approx(54.0)
    assert stages["receive"] == pytest.approx(100 * 0.4 * 0.5**0.1)  # 37.3: the pickup weighs a tenth
    assert journey["health"]["end_to_end"] == pytest.approx(stages["receive"])
    assert (journey["health"]["weakest_stage"], journey["health"]["weakest_touchpoint"]) == ("receive", "delivery")
    assert journey["health"]["band"] == "poor"


def test_the_stage_cut_matters_only_through_the_weakest_stage(cli, tmp_path: Path) -> None:
    """SPEC §4.2 item 6: a workshop that draws Buy and Receive as one stage gets the same touchpoint figures,
    lists and classes; only the weakest stage's health (the end-to-end figure) reads differently."""
    merged = worked_text(
        **{
            "  - {id: buy, name: Buy, phase: during}\n  - {id: receive, name: Receive, phase: after}\n": (
                "  - {id: buy, name: Buy and receive, phase: during}\n"
            ),
        }
    ).replace("stage: receive", "stage: buy")
    path = write(tmp_path, "merged.yaml", merged)
    (cut,) = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"]
    (drawn,) = json.loads(cli(["score", WORKED, "-f", "json"]).out)["journeys"]
    for key in ("fix_first", "protect", "key_moments", "customers"):
        assert cut[key] == drawn[key], key
    strip = [{k: v for k, v in tp.items() if k != "stage"} for tp in drawn["touchpoints"]]
    assert [{k: v for k, v in tp.items() if k != "stage"} for tp in cut["touchpoints"]] == strip
    assert cut["health"]["weakest_touchpoint"] == drawn["health"]["weakest_touchpoint"] == "delivery"
    assert cut["health"]["end_to_end"] == pytest.approx(24.5, abs=0.05)  # 37.3 with the stages drawn apart


def readme_section(name: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(f"<!-- BEGIN {name} -->", 1)[1].split(f"<!-- END {name} -->", 1)[0]


def test_readme_worked_example_is_the_command_output(cli) -> None:
    section = readme_section("scoring")
    assert "scoring model v2" in section
    match = re.search(r"```console\n\$ cjm score tests/fixtures/score_worked\.yaml\n(.*?)```", section, re.S)
    assert match, "the README's scoring section shows `cjm score tests/fixtures/score_worked.yaml`"
    assert match.group(1) == cli(["score", WORKED]).out
    hand = section.split("```console", 1)[0]
    assert "**The first fix is the size guide**" in hand and "**the weakest link is the home delivery**" in hand
    assert "**0.46**" in hand and "**1,200**" in hand and "**37.3**" in hand and "**24.5**" in hand


def test_readme_command_samples_are_the_command_output(cli) -> None:
    blocks = re.findall(r"```console\n\$ cjm (score tests/fixtures/\S+.*?)\n(.*?)```", readme_section("score"), re.S)
    assert blocks, "the README's score section shows a sample output"
    for command, output in blocks:
        assert cli(command.split()).out == output, command


# --- JSON shape -------------------------------------------------------------------------------------


def test_json_has_exactly_the_spec_shape(cli) -> None:
    data = json.loads(cli(["score", WORKED, "-f", "json"]).out)
    assert list(data) == ["version", "journeys"] and data["version"] == 1
    (journey,) = data["journeys"]
    assert list(journey) == [
        "id",
        "path",
        "model",
        "persona",
        "volume_known",
        "customers",
        "health",
        "touchpoints",
        "fix_first",
        "protect",
        "key_moments",
        "kpis",  # format 1.1: reported, never scored
    ]
    assert journey["kpis"] == []
    assert (journey["model"], journey["path"], journey["persona"], journey["customers"]) == (2, WORKED, None, 10000)
    health = journey["health"]
    assert list(health) == ["end_to_end", "band", "weakest_stage", "weakest_touchpoint", "unmapped", "stages"]
    assert [list(s) for s in health["stages"]] == [["id", "health", "mean"]] * 3
    tp = journey["touchpoints"][0]
    assert list(tp) == [
        "id",
        "stage",
        "severity",
        "delight",
        "health",
        "pain",
        "truth",
        "at_stake",
        "delighted",
        "priority",
        "class",
        "key_moment",
        "key_moment_label",
        "confidence",
        "missing",
        "factors",
    ]
    assert list(tp["factors"]) == FACTORS
    assert [t["id"] for t in journey["touchpoints"]] == [
        "ad",
        "size-guide",
        "checkout",
        "delivery",
        "pickup",
        "unboxing",
    ]
    checkout = journey["touchpoints"][2]
    assert checkout["pain"] == pytest.approx(100 * checkout["severity"])
    assert checkout["health"] == pytest.approx(100 - checkout["pain"])
    assert checkout["factors"]["csat"] is None and checkout["factors"]["complaints"] == 0.1
    unboxing = journey["touchpoints"][5]
    assert unboxing["missing"] == ["drop_off", "complaints"] and unboxing["confidence"] == "low"
    assert (unboxing["key_moment"], unboxing["key_moment_label"]) == (True, "protect")


def test_json_nulls_for_unscored_and_unmapped(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "j.yaml",
        "cjm: 1\nid: j\ntitle: J\nstages: [{id: a}, {id: b}]\ntouchpoints:\n  - {id: x, stage: a, expectation: 3}\n",
    )
    (journey,) = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"]
    assert journey["health"] == {
        "end_to_end": None,
        "band": None,
        "weakest_stage": None,
        "weakest_touchpoint": None,
        "unmapped": ["a", "b"],
        "stages": [{"id": "a", "health": None, "mean": None}, {"id": "b", "health": None, "mean": None}],
    }
    tp = journey["touchpoints"][0]
    assert (tp["severity"], tp["health"], tp["at_stake"], tp["priority"], tp["class"]) == (
        None,
        None,
        None,
        None,
        "neutral",
    )
    assert journey["customers"] is None and journey["volume_known"] is False
    table = cli(["score", path]).out
    assert "End-to-end health not measured" in table and "good" not in table
    assert "Not measured (no scored touchpoint): a, b." in table
    assert "Unscored (no drop-off, complaints, emotion, gap or survey data): x." in table


def test_an_unmapped_stage_is_not_measured_never_good(cli, tmp_path: Path) -> None:
    text = worked_text(
        **{
            "  - {id: receive, name: Receive, phase: after}\n": (
                "  - {id: receive, name: Receive, phase: after}\n  - {id: after, name: Aftercare, phase: after}\n"
            )
        }
    )
    path = write(tmp_path, "w.yaml", text)
    (journey,) = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"]
    assert journey["health"]["end_to_end"] is None and journey["health"]["unmapped"] == ["after"]
    assert journey["health"]["weakest_touchpoint"] == "delivery"  # the weakest measured link is still named
    table = cli(["score", path]).out.splitlines()
    assert table[1].startswith("End-to-end health not measured: no scored touchpoint in Aftercare (after)")
    assert "weakest measured link: stage Receive (receive)" in table[1]


def test_without_any_volume_the_ranking_is_by_severity_and_says_so(cli, tmp_path: Path) -> None:
    text = re.sub(r"metrics: \{volume: \d+, ?", "metrics: {", worked_text()).replace(
        "metrics: {volume: 1500}", "metrics: {}"
    )
    path = write(tmp_path, "w.yaml", text)
    (journey,) = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"]
    assert journey["volume_known"] is False and journey["customers"] is None
    assert all(tp["at_stake"] is None and tp["delighted"] is None for tp in journey["touchpoints"])
    assert journey["fix_first"] == ["delivery", "pickup", "checkout"]  # by σ × importance; 15 % alone is no pain
    table = cli(["score", path]).out
    assert "No volumes: ranked by severity (the share of customers hurt), not by customers" in table
    assert "60 % of customers hurt here" in table and "customers a month" not in table


# --- the table: what a CX lead reads ------------------------------------------------------------------


def test_table_leads_with_the_weakest_link_and_the_first_fix_in_customers(cli) -> None:
    lines = cli(["score", WORKED]).out.splitlines()
    assert lines[1] == (
        "End-to-end health 37.3 (poor) · weakest link: stage Receive (receive), at Home delivery (delivery):"
        " ≈ 960 customers a month hurt here: 60 % of 1,600"
    )
    assert lines[2] == "Fix first: Size guide (size-guide): ≈ 1,200 customers a month hurt here: 15 % of 8,000"
    assert lines[3] == "10,000 customers a month · 6 touchpoints: 4 pain points, 1 moment of truth, 1 neutral"
    text = "\n".join(lines)
    assert text.index("Fix first: pain points by customers at stake") < text.index("Protect: moments of truth")
    row = next(line for line in lines if line.startswith("1*  Size guide"))
    assert "12 % of the journey's customers at stake; 15 % drop off here" in row  # why a 15 % drop-off is pain


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("day", "customers a day"),
        ("week", "customers a week"),
        ("quarter", "customers a quarter"),
        ("year", "customers a year"),
        ("Month", "customers a Month"),
        ("season", "customers per season"),
    ],
)
def test_customer_counts_say_the_journey_period(cli, tmp_path: Path, period: str, words: str) -> None:
    path = write(tmp_path, "w.yaml", worked_text(**{"period: month": f"period: {period}"}))
    assert f"≈ 1,200 {words} hurt here: 15 % of 8,000" in cli(["score", path]).out


def test_without_a_period_counts_are_plain(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", worked_text(**{"period: month\n": ""}))
    out = cli(["score", path]).out
    assert "≈ 1,200 customers hurt here: 15 % of 8,000" in out and "10,000 customers · 6 touchpoints" in out


def test_an_imputed_volume_says_so(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path, "w.yaml", worked_text(**{"metrics: {volume: 1600, complaints: 0.2}": "metrics: {complaints: 0.2}"})
    )
    out = cli(["score", path]).out
    assert "of ≈ 830 (volume not known: the median of its stage or journey)" in out


# --- options ---------------------------------------------------------------------------------------


def test_top_limits_each_list(cli) -> None:
    out = cli(["score", WORKED, "--top", "1"]).out
    assert "Size guide (size-guide)" in out and "Checkout (checkout)" not in out and "Unboxing (unboxing)" in out
    assert "3 more ranked touchpoints not shown (--top 1)." in out
    md = cli(["score", WORKED, "--top", "2", "-f", "markdown"]).out
    assert md.count(" ★ | ") == 3 and "2 more ranked touchpoints not shown (`--top 2`)." in md
    assert cli(["score", WORKED, "--top", "0"]).code == 2


def test_persona_on_format_1_filters_and_says_the_figures_are_whole_journey(cli, tmp_path: Path) -> None:
    """SPEC §4.2 item 8, last sentence: without 1.1 persona data, --persona filters and says so."""
    text = worked_text(
        **{
            "    name: Checkout\n": "    name: Checkout\n    personas: [gift]\n",
            "personas:\n": "personas:\n  - {id: gift, name: Gift buyer}\n",
        }
    )
    path = write(tmp_path, "w.yaml", text)
    whole = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"][0]
    (mine,) = json.loads(cli(["score", path, "-f", "json", "--persona", "commuter"]).out)["journeys"]
    assert [tp["id"] for tp in mine["touchpoints"]] == ["ad", "size-guide", "delivery", "pickup", "unboxing"]
    assert mine["persona"] == {"id": "commuter", "values": False, "volumes": False, "whole_journey": True}
    assert "checkout" not in mine["fix_first"] and mine["health"]["weakest_touchpoint"] == "delivery"
    by_id = {tp["id"]: tp for tp in whole["touchpoints"]}
    for tp in mine["touchpoints"]:  # the touchpoints' own, whole-journey figures
        assert (tp["severity"], tp["at_stake"]) == (by_id[tp["id"]]["severity"], by_id[tp["id"]]["at_stake"])
    table = cli(["score", path, "--persona", "commuter"]).out
    assert "Checkout" not in table
    assert "Persona commuter: 5 of 6 touchpoints; the figures are whole-journey" in table
    md = cli(["score", path, "--persona", "commuter", "-f", "markdown"]).out
    assert "Persona commuter: 5 of 6 touchpoints; the figures are whole-journey" in md


def test_unknown_persona_is_exit_2(cli) -> None:
    result = cli(["score", WORKED, "--persona", "nobody"])
    assert result.code == 2
    assert "has no persona 'nobody' (personas: commuter)" in result.err


def test_metrics_overlay_overrides_the_file(cli, tmp_path: Path) -> None:
    csv_path = write(tmp_path, "m.csv", "touchpoint;drop_off;complaints\ncheckout;0;0\nunboxing;;\n")
    (journey,) = json.loads(cli(["score", WORKED, "-f", "json", "--metrics", csv_path]).out)["journeys"]
    checkout = journey["touchpoints"][2]
    assert checkout["factors"]["drop_off"] == 0.0
    assert checkout["severity"] == pytest.approx(0.25) and checkout["at_stake"] == pytest.approx(500)


def test_metrics_overlay_errors_are_exit_2_with_the_csv_line(cli, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.csv", "touchpoint,volume\nad,1\nnope,2\n")
    result = cli(["score", WORKED, "--metrics", bad])
    assert result.code == 2 and result.out == ""
    assert f"{bad}:3: touchpoint 'nope' is in none of the given journeys" in result.err
    formula = write(tmp_path, "f.csv", "touchpoint,volume\nad,-5\n")
    assert "f.csv:2: volume: '-5' is out of range (0..1e+15)" in cli(["score", WORKED, "--metrics", formula]).err


def test_several_journeys_and_directories(cli, tmp_path: Path) -> None:
    write(tmp_path, "b/second.yaml", worked_text(**{"id: bike-order": "id: second"}))
    write(tmp_path, "a/first.yaml", worked_text(**{"id: bike-order": "id: first"}))
    write(tmp_path, "notes.yaml", "just: notes\n")
    result = cli(["score", str(tmp_path), "-f", "json"])
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [j["id"] for j in data["journeys"]] == ["first", "second"]
    assert data["journeys"][0]["path"] == f"{tmp_path}/a/first.yaml"
    table = cli(["score", str(tmp_path)]).out
    assert table.count("End-to-end health 37.3 (poor)") == 2
    rows = list(csv.reader(io.StringIO(cli(["score", str(tmp_path), "-f", "csv"]).out.lstrip("\ufeff"))))
    assert len(rows) == 1 + 12


def test_stdin(cli) -> None:
    text = (FIXTURES / "score_worked.yaml").read_text(encoding="utf-8")
    result = cli(["score", "-", "-f", "json"], stdin=text)
    assert json.loads(result.out)["journeys"][0]["path"] == "-"


def test_quiet_drops_the_notes(cli) -> None:
    out = cli(["score", WORKED, "--quiet"]).out
    assert "key moment (top" not in out and "Checkout (checkout)" in out and "Hurt:" not in out


# --- configuration ----------------------------------------------------------------------------------


def test_config_sets_signals_thresholds_and_key_moments(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", worked_text())
    write(
        tmp_path,
        ".cjm.yaml",
        "score:\n  signals: {negativity: 0, gap: 0}\n  pain_severity: 0.5\n  key_moments: 1\n",
    )
    (journey,) = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"]
    tps = {tp["id"]: tp for tp in journey["touchpoints"]}
    assert tps["delivery"]["severity"] == pytest.approx(0.2)  # emotion and gap switched off: complaints alone
    assert tps["checkout"]["class"] == "neutral"  # σ = 0.28 < 0.5, and 560 at stake < 1,000
    assert journey["fix_first"] == ["size-guide", "pickup"]
    assert journey["key_moments"] == ["unboxing"]


def test_explicit_config_option(cli, tmp_path: Path) -> None:
    config = write(tmp_path, "c.yaml", "score: {pain_share: 0.2}\n")
    (journey,) = json.loads(cli(["score", WORKED, "-f", "json", "--config", config]).out)["journeys"]
    assert journey["touchpoints"][1]["class"] == "neutral"  # 1,200 at stake < 20 % of 10,000


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("score: {pain_severity: 1.5}\n", "less than or equal to 1"),
        ("score: {signals: {gap: -0.1}}\n", "greater than or equal to 0"),
        ("score: {truth_delight: -1}\n", "greater than or equal to 0"),
        ("score: {bands: {good: 30, fair: 40}}\n", "must be above fair"),
        ("score: {colour: red}\n", "colour"),
        ("score: {weights: {gap: 0.5}}\n", "'weights' belongs to scoring model v1; model v2 uses 'signals'"),
        (
            "score: {pain_threshold: 25}\n",
            "'pain_threshold' belongs to scoring model v1; model v2 uses 'pain_severity'",
        ),
        (
            "score: {truth_threshold: 40}\n",
            "'truth_threshold' belongs to scoring model v1; model v2 uses 'truth_delight'",
        ),
    ],
)
def test_bad_score_config_is_exit_2(cli, tmp_path: Path, config: str, words: str) -> None:
    path = write(tmp_path, "w.yaml", worked_text())
    write(tmp_path, ".cjm.yaml", config)
    for command in (["score", path], ["lint", path], ["render", path, "-o", str(tmp_path / "out.html")]):
        result = cli(command)
        assert result.code == 2 and result.out == "", command
        assert ".cjm.yaml:1:" in result.err and words in result.err, result.err


# --- errors -----------------------------------------------------------------------------------------


def test_invalid_journey_is_exit_2_with_its_first_error(cli, tmp_path: Path) -> None:
    good = write(tmp_path, "a.yaml", worked_text())
    broken = {"emotion: -1\n": "emotion: -5\n", "volume: 160,": "volume: -1,", "id: bike-order": "id: bike-order-2"}
    bad = write(tmp_path, "b.yaml", worked_text(**broken))
    result = cli(["score", good, bad])
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{bad}:41:14: CJM002 touchpoints[2].emotion:")
    assert result.err.count("\n") == 1


def test_not_a_journey_and_missing_file_are_exit_2(cli, tmp_path: Path) -> None:
    notes = write(tmp_path, "notes.yaml", "just: notes\n")
    assert cli(["score", notes]).err.startswith(f"{notes}:1:1: CJM006")
    missing = cli(["score", str(tmp_path / "nope.yaml")])
    assert missing.code == 2 and "no such file" in missing.err


# --- text made safe ---------------------------------------------------------------------------------

HOSTILE = {
    "    name: Checkout\n": '    name: "=HYPERLINK(\\"http://evil\\")|<b>x</b> `@team` #1 *b* [l](u)"\n',
    "{id: buy, name: Buy, phase: during}": '{id: buy, name: "-2+3", phase: during}',
    "    name: Unboxing\n": '    name: "@SUM(A1)"\n',
    "    name: Social ad\n": '    name: "\\tTab\\rCR"\n',
}


def test_csv_prefixes_formula_text_cells(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", worked_text(**HOSTILE))
    out = cli(["score", path, "-f", "csv"]).out
    assert out.startswith("\ufeffjourney,path,rank,")
    reader = csv.DictReader(io.StringIO(out.lstrip("\ufeff")))
    rows = {row["touchpoint"]: row for row in reader}
    assert rows["checkout"]["name"].startswith("'=HYPERLINK(")
    assert rows["checkout"]["stage_name"] == "'-2+3"
    assert rows["unboxing"]["name"] == "'@SUM(A1)"
    assert rows["ad"]["name"] == "'\tTab\rCR"
    assert (rows["checkout"]["severity"], rows["checkout"]["at_stake"], rows["checkout"]["rank"]) == (
        "0.46",
        "920",
        "3",
    )
    assert rows["ad"]["rank"] == "" and rows["ad"]["class"] == "neutral"
    assert rows["unboxing"]["rank"] == "1" and rows["unboxing"]["delighted"] == "1500"


def test_csv_has_one_row_per_touchpoint_with_the_v2_figures(cli) -> None:
    out = cli(["score", WORKED, "-f", "csv"]).out
    reader = csv.DictReader(io.StringIO(out.lstrip("\ufeff")))
    assert reader.fieldnames is not None
    for column in ("volume", "severity", "at_stake", "priority", "delight", "delighted", "pain", "truth", "health"):
        assert column in reader.fieldnames, column
    assert "reach" not in reader.fieldnames and "friction" not in reader.fieldnames
    rows = list(reader)
    assert [row["touchpoint"] for row in rows] == ["ad", "size-guide", "checkout", "delivery", "pickup", "unboxing"]
    assert rows[1]["why"].startswith("≈ 1,200 customers a month hurt here: 15 % of 8,000")


def test_markdown_escapes_journey_text(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", worked_text(**HOSTILE))
    out = cli(["score", path, "-f", "markdown"]).out
    row = next(line for line in out.splitlines() if "`checkout`" in line and line.startswith("| 3"))
    assert row.count(" | ") == 5  # the name's `|` does not add a column
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert "@team" not in out and "&#64;team" in out
    assert r"\`" in row and r"\#1" in row and r"\*b\*" in row and r"\[l\]" in row


def test_reasons_leave_out_signals_too_small_to_explain_anything(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "w.yaml",
        worked_text(
            **{"metrics: {volume: 8000, drop_off: 0.15}": "metrics: {volume: 8000, drop_off: 0.15, complaints: 0.01}"}
        ),
    )
    row = next(line for line in cli(["score", path]).out.splitlines() if "(size-guide)" in line and line[:2] == "1*")
    assert "15 % drop off here" in row and "complain" not in row


def test_declarations_without_data_say_so_once(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "j.yaml",
        "cjm: 1\nid: j\ntitle: J\nstages: [{id: a}]\ntouchpoints:\n  - {id: t1, stage: a, moment: pain}\n"
        "  - {id: t2, stage: a, emotion: -2, metrics: {volume: 100}}\n  - {id: t3, stage: a, moment: truth}\n",
    )
    out = cli(["score", path]).out
    assert "2*  t1" in out and "declared a pain point (no data yet: ranked after the scored ones)" in out
    assert "declared a moment of truth (no data yet)" in out and out.count("no data yet") == 2
