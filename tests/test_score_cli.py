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
FACTORS = [
    "reach",
    "gap",
    "negativity",
    "drop_off",
    "complaints",
    "positivity",
    "surplus",
    "importance",
    "friction",
    "delight",
]


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
    data = json.loads(cli(["score", WORKED, "-f", "json"]).out)
    (journey,) = data["journeys"]
    tps = {tp["id"]: tp for tp in journey["touchpoints"]}
    assert tps["checkout"]["pain"] == pytest.approx(100 * 0.73 * 0.8125 * 1.0)  # 59.3125
    assert tps["checkout"]["health"] == pytest.approx(27.0)
    assert tps["unboxing"]["factors"]["reach"] == pytest.approx(0.75)  # median of 1, 0.75, 0.5
    assert tps["unboxing"]["truth"] == pytest.approx(100 * 0.625 * 0.8125)  # 50.78125
    assert tps["ad"]["truth"] == pytest.approx(50.0)
    assert tps["delivery"]["pain"] == pytest.approx(100 * 0.1275 * 0.625 * 0.8)  # 6.375
    assert journey["key_moments"] == ["checkout", "unboxing", "ad"]
    assert journey["health"]["end_to_end"] == pytest.approx(27.0)
    assert journey["health"]["mean"] == pytest.approx(79.625)
    assert [s["health"] for s in journey["health"]["stages"]] == pytest.approx([100.0, 27.0, 87.25])
    assert journey["health"]["stages"][2]["mean"] == pytest.approx(94.9)


def readme_section(name: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(f"<!-- BEGIN {name} -->", 1)[1].split(f"<!-- END {name} -->", 1)[0]


def test_readme_worked_example_is_the_command_output(cli) -> None:
    section = readme_section("scoring")
    match = re.search(r"```console\n\$ cjm score tests/fixtures/score_worked\.yaml\n(.*?)```", section, re.S)
    assert match, "the README's scoring section shows `cjm score tests/fixtures/score_worked.yaml`"
    assert match.group(1) == cli(["score", WORKED]).out
    hand = section.split("```console", 1)[0]
    assert "**The top key moment is the checkout.**" in hand
    assert "**59.3**" in hand and "**27.0**" in hand


def test_readme_command_samples_are_the_command_output(cli) -> None:
    blocks = re.findall(r"```console\n\$ cjm (score tests/fixtures/\S+.*?)\n(.*?)```", readme_section("score"), re.S)
    assert blocks, "the README's score section shows a sample output"
    for command, output in blocks:
        assert cli(command.split()).out == output, command


# --- JSON shape -------------------------------------------------------------------------------------


def test_json_has_exactly_the_spec_shape(cli) -> None:
    data = json.loads(cli(["score", WORKED, "-f", "json"]).out)
    assert list(data) == ["version", "journeys"]
    (journey,) = data["journeys"]
    assert list(journey) == ["id", "path", "health", "touchpoints", "key_moments"]
    assert journey["path"] == WORKED
    health = journey["health"]
    assert list(health) == ["end_to_end", "mean", "weakest_stage", "weakest_touchpoint", "unmapped", "stages"]
    assert [list(s) for s in health["stages"]] == [["id", "health", "mean"]] * 3
    tp = journey["touchpoints"][0]
    assert list(tp) == [
        "id",
        "stage",
        "pain",
        "truth",
        "health",
        "class",
        "key_moment",
        "confidence",
        "missing",
        "factors",
    ]
    assert list(tp["factors"]) == FACTORS
    assert [t["id"] for t in journey["touchpoints"]] == ["ad", "checkout", "delivery", "unboxing"]
    assert journey["touchpoints"][3]["missing"] == ["volume"]
    assert journey["touchpoints"][3]["factors"]["complaints"] is None


def test_json_nulls_for_unscored_and_unmapped(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "j.yaml",
        "cjm: 1\nid: j\ntitle: J\nstages: [{id: a}, {id: b}]\ntouchpoints:\n  - {id: x, stage: a, expectation: 3}\n",
    )
    (journey,) = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"]
    assert journey["health"] == {
        "end_to_end": None,
        "mean": None,
        "weakest_stage": None,
        "weakest_touchpoint": None,
        "unmapped": ["a", "b"],
        "stages": [{"id": "a", "health": None, "mean": None}, {"id": "b", "health": None, "mean": None}],
    }
    tp = journey["touchpoints"][0]
    assert (tp["pain"], tp["health"], tp["factors"]["friction"], tp["truth"]) == (None, None, None, 0.0)
    table = cli(["score", path]).out
    assert "not scored yet" in table and "Unmapped stages (no scored touchpoint): a, b." in table
    assert "Unscored (no emotion, gap, drop-off or complaints data): x." in table


def test_same_input_same_output(cli) -> None:
    for fmt in ("table", "json", "markdown", "csv"):
        assert cli(["score", WORKED, "-f", fmt]).out == cli(["score", WORKED, "-f", fmt]).out


# --- options ---------------------------------------------------------------------------------------


def test_top_limits_the_ranked_rows(cli) -> None:
    out = cli(["score", WORKED, "--top", "1"]).out
    assert "Checkout (checkout)" in out and "Unboxing (unboxing)" not in out
    assert "2 more ranked touchpoints not shown (--top 1)." in out
    md = cli(["score", WORKED, "--top", "2", "-f", "markdown"]).out
    assert md.count("| protect |") == 1
    assert cli(["score", WORKED, "--top", "0"]).code == 2


def test_persona_shows_its_touchpoints_but_scores_the_whole_journey(cli, tmp_path: Path) -> None:
    text = worked_text(
        **{
            "    name: Checkout\n": "    name: Checkout\n    personas: [gift]\n",
            "personas:\n": "personas:\n  - {id: gift, name: Gift buyer}\n",
        }
    )
    path = write(tmp_path, "w.yaml", text)
    whole = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"][0]
    (mine,) = json.loads(cli(["score", path, "-f", "json", "--persona", "commuter"]).out)["journeys"]
    assert [tp["id"] for tp in mine["touchpoints"]] == ["ad", "delivery", "unboxing"]
    assert mine["key_moments"] == ["unboxing", "ad"]
    assert mine["health"]["weakest_touchpoint"] == "delivery"
    assert mine["health"]["end_to_end"] == whole["health"]["end_to_end"]
    assert mine["touchpoints"][0] == {**whole["touchpoints"][0], "key_moment": True}
    table = cli(["score", path, "--persona", "commuter"]).out
    assert "Checkout" not in table and "(whole journey)" in table
    assert "Persona commuter: 3 of 4 touchpoints" in table


def test_unknown_persona_is_exit_2(cli) -> None:
    result = cli(["score", WORKED, "--persona", "nobody"])
    assert result.code == 2
    assert "has no persona 'nobody' (personas: commuter)" in result.err


def test_metrics_overlay_overrides_the_file(cli, tmp_path: Path) -> None:
    csv_path = write(tmp_path, "m.csv", "touchpoint;drop_off;complaints\ncheckout;0;0\nunboxing;;\n")
    (journey,) = json.loads(cli(["score", WORKED, "-f", "json", "--metrics", csv_path]).out)["journeys"]
    checkout = journey["touchpoints"][1]
    assert checkout["factors"]["drop_off"] == 0.0
    assert checkout["pain"] == pytest.approx(100 * (0.35 + 0.25) * 0.8125)


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
    assert table.count("End-to-end health 27.0") == 2
    rows = list(csv.reader(io.StringIO(cli(["score", str(tmp_path), "-f", "csv"]).out.lstrip("\ufeff"))))
    assert len(rows) == 1 + 8


def test_stdin(cli) -> None:
    text = (FIXTURES / "score_worked.yaml").read_text(encoding="utf-8")
    result = cli(["score", "-", "-f", "json"], stdin=text)
    assert json.loads(result.out)["journeys"][0]["path"] == "-"


def test_quiet_drops_the_notes(cli) -> None:
    out = cli(["score", WORKED, "--quiet"]).out
    assert "key moment (top" not in out and "Checkout (checkout)" in out


# --- configuration ----------------------------------------------------------------------------------


def test_config_sets_weights_thresholds_and_key_moments(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", worked_text())
    write(
        tmp_path,
        ".cjm.yaml",
        "score:\n  weights: {gap: 0, emotion: 1, drop_off: 0, complaints: 0}\n"
        "  truth_threshold: 55\n  key_moments: 1\n",
    )
    (journey,) = json.loads(cli(["score", path, "-f", "json"]).out)["journeys"]
    tps = {tp["id"]: tp for tp in journey["touchpoints"]}
    assert tps["checkout"]["factors"]["friction"] == 1.0
    assert tps["ad"]["class"] == "neutral"  # M = 50 < 55
    assert journey["key_moments"] == ["checkout"]


def test_explicit_config_option(cli, tmp_path: Path) -> None:
    config = write(tmp_path, "c.yaml", "score: {pain_threshold: 60}\n")
    (journey,) = json.loads(cli(["score", WORKED, "-f", "json", "--config", config]).out)["journeys"]
    assert journey["touchpoints"][1]["class"] == "neutral"  # P = 59.3 < 60


@pytest.mark.parametrize(
    "config",
    [
        "score: {weights: {gap: 0.5}}\n",
        "score: {weights: {gap: -0.1, emotion: 0.6}}\n",
        "score: {pain_threshold: 101}\n",
        "score: {truth_threshold: -1}\n",
        "score: {colour: red}\n",
    ],
)
def test_bad_score_config_is_exit_2(cli, tmp_path: Path, config: str) -> None:
    path = write(tmp_path, "w.yaml", worked_text())
    write(tmp_path, ".cjm.yaml", config)
    result = cli(["score", path])
    assert result.code == 2 and result.out == ""
    assert ".cjm.yaml:1:" in result.err


# --- errors -----------------------------------------------------------------------------------------


def test_invalid_journey_is_exit_2_with_its_first_error(cli, tmp_path: Path) -> None:
    good = write(tmp_path, "a.yaml", worked_text())
    bad = write(tmp_path, "b.yaml", worked_text(**{"emotion: -2": "emotion: -5", "volume: 99,": "volume: -1,"}))
    result = cli(["score", good, bad])
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{bad}:32:14: CJM002 touchpoints[1].emotion:")
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
    assert rows["checkout"]["pain"] == "59.3" and rows["checkout"]["rank"] == "1"
    assert rows["delivery"]["rank"] == "" and rows["delivery"]["class"] == "neutral"


def test_markdown_escapes_journey_text(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", worked_text(**HOSTILE))
    out = cli(["score", path, "-f", "markdown"]).out
    row = next(line for line in out.splitlines() if "`checkout`" in line and line.startswith("| 1"))
    assert row.count(" | ") == 6  # the name's `|` does not add a column
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert "@team" not in out and "&#64;team" in out
    assert r"\`" in row and r"\#1" in row and r"\*b\*" in row and r"\[l\]" in row
