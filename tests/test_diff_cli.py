"""`cjm diff` on the command line: formats (golden), --fail-on exit codes, inputs and errors (SPEC §4.3).

Golden files live in tests/golden/diff/; refresh them on purpose with CJM_UPDATE_GOLDEN=1 (or `make golden`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from golden_util import assert_golden

OLD = FIXTURES / "diff_old.yaml"
NEW = FIXTURES / "diff_new.yaml"


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The realistic pair copied to short relative paths (paths appear in the output)."""
    monkeypatch.chdir(tmp_path)
    Path("old.yaml").write_bytes(OLD.read_bytes())
    Path("new.yaml").write_bytes(NEW.read_bytes())
    return "old.yaml", "new.yaml"


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_golden_formats(cli, pair: tuple[str, str], fmt: str) -> None:
    result = cli(["diff", *pair, "--format", fmt, "--fail-on", "new-pain", "--fail-on", "stale"])
    assert result.code == 1, result.err
    ext = {"json": "json", "markdown": "md", "text": "txt"}[fmt]
    assert_golden(f"diff/realistic.{ext}", result.out)


def test_json_has_exactly_the_spec_shape(cli, pair: tuple[str, str]) -> None:
    data = json.loads(cli(["diff", *pair, "--format", "json"]).out)
    assert set(data) == {"version", "diffs", "failed"} and data["version"] == 1
    (entry,) = data["diffs"]
    assert set(entry) == {"old", "new", "changes", "drift", "failed"}
    assert entry["old"] == {"ref": "old.yaml", "id": "home-insurance-claim"}
    assert set(entry["drift"]) == {
        "health",
        "weakest",
        "at_stake",
        "new_pain",
        "resolved_pain",
        "removed_pain",
        "key_moments",
        "personas",  # format 1.1: per-persona drift, empty without persona data
    }
    assert entry["drift"]["personas"] == []
    assert entry["drift"]["at_stake"]["weakest"] == {"old": pytest.approx(279, abs=1), "new": pytest.approx(279, abs=1)}
    fix_first = {row["id"]: (row["old"], row["new"]) for row in entry["drift"]["at_stake"]["fix_first"]}
    assert [list(row) for row in entry["drift"]["at_stake"]["fix_first"]] == [["id", "old", "new"]] * len(fix_first)
    assert fix_first["chatbot"][0] is None and fix_first["chatbot"][1] == pytest.approx(230, abs=1)  # a new pain
    assert fix_first["search-policy"][1] is None  # its touchpoint was removed
    assert fix_first["status-letter"][1] < fix_first["status-letter"][0]  # resolved
    assert set(entry["drift"]["health"]) == {"old", "new", "delta"}
    assert set(entry["drift"]["weakest"]["old"]) == {"stage", "touchpoint"}
    assert set(entry["drift"]["key_moments"]) == {"added", "removed"}
    for change in entry["changes"]:
        expected = {"kind", "id", "op", "fields"} | ({"old_id"} if change["op"] == "renamed" else set())
        assert set(change) == expected
        assert change["kind"] in {"journey", "stage", "touchpoint", "persona", "opportunity", "action", "insight"}
        assert change["op"] in {"added", "removed", "modified", "moved", "renamed", "reordered"}
        for value in change["fields"].values():
            assert set(value) == {"old", "new"}
    text = json.dumps(entry["changes"])
    assert "old.yaml" not in text and "new.yaml" not in text


def test_realistic_pair_reports_what_changed(cli, pair: tuple[str, str]) -> None:
    data = json.loads(cli(["diff", *pair, "--format", "json"]).out)["diffs"][0]
    ops = {(c["kind"], c["id"]): c for c in data["changes"]}
    assert ops[("touchpoint", "claims-line")]["op"] == "renamed"
    assert ops[("touchpoint", "claims-line")]["old_id"] == "call-centre"
    assert ops[("touchpoint", "photo-upload")]["op"] == "moved"
    assert ops[("stage", "payout")]["op"] == "reordered"
    assert ops[("action", "sms-pilot")]["fields"] == {"status": {"old": "planned", "new": "done"}}
    # the insight's reference to call-centre followed the rename: not a change
    assert ("insight", "insights[0]") not in ops
    assert data["drift"]["new_pain"] == ["chatbot"]
    assert data["drift"]["resolved_pain"] == ["status-letter"]


def test_no_fail_on_exits_0(cli, pair: tuple[str, str]) -> None:
    result = cli(["diff", *pair])
    assert result.code == 0 and "FAILED" not in result.out


@pytest.mark.parametrize(
    ("condition", "met"),
    [
        ("any", True),
        ("new-pain", True),
        ("removed-touchpoint", True),
        ("owner-lost", True),
        ("health-drop=21", True),  # 48.7 → 27.5
        ("health-drop=22", False),
        ("stale", False),
    ],
)
def test_fail_on_conditions(cli, pair: tuple[str, str], condition: str, met: bool) -> None:
    result = cli(["diff", *pair, "--fail-on", condition, "--format", "json"])
    assert result.code == (1 if met else 0)
    data = json.loads(result.out)
    assert data["failed"] == ([condition] if met else [])
    assert data["diffs"][0]["failed"] == data["failed"]


def test_report_says_which_condition_failed(cli, pair: tuple[str, str]) -> None:
    result = cli(["diff", *pair, "--fail-on", "owner-lost,new-pain"])
    assert "FAILED owner-lost: no owner any more: touchpoint claim-form" in result.out
    assert "FAILED new-pain: 1 new pain point: chatbot" in result.out
    assert result.out.rstrip().endswith("Failed: owner-lost, new-pain.")
    markdown = cli(["diff", *pair, "--fail-on", "new-pain", "--format", "markdown"]).out
    assert "**❌ Failed:** `new-pain`" in markdown


def test_stale_uses_today(cli, pair: tuple[str, str]) -> None:
    assert cli(["diff", *pair, "--fail-on", "stale", "--today", "2026-11-23"]).code == 0
    late = cli(["diff", *pair, "--fail-on", "stale", "--today", "2027-06-01"])
    assert late.code == 1 and "FAILED stale: last reviewed 2026-11-01" in late.out
    early = cli(["diff", *pair, "--fail-on", "stale", "--today", "2026-10-01"])
    assert early.code == 1 and "later than today" in early.out


def test_stale_follows_the_config_nearest_old_and_only_suppressions_old_had(cli, pair: tuple[str, str]) -> None:
    # SPEC §6: the gate judges by OLD's config; a suppression the change adds does not count.
    late = ["diff", *pair, "--fail-on", "stale", "--today", "2027-06-01"]
    Path(".cjm.yaml").write_text("lint:\n  ignore: [stale-review]\n", encoding="utf-8")
    assert cli(late).code == 0
    Path(".cjm.yaml").unlink()
    text = Path("new.yaml").read_text(encoding="utf-8")
    Path("new.yaml").write_text("# cjm: ignore-file[CJM105]\n" + text, encoding="utf-8")
    added = cli(late)
    assert added.code == 1 and "FAILED stale" in added.out, "a suppression added by the change does not count"
    assert "suppression" in cli([*late, "-f", "json"]).out
    old = Path("old.yaml").read_text(encoding="utf-8")
    Path("old.yaml").write_text("# cjm: ignore-file[CJM105]\n" + old, encoding="utf-8")
    assert cli(late).code == 0, "a suppression OLD already had still counts"
    assert cli(["lint", "new.yaml", "--today", "2027-06-01", "--select", "CJM105,CJM115"]).code == 0


def test_markdown_headline_first_and_escaped(cli, pair: tuple[str, str]) -> None:
    out = cli(["diff", *pair, "--format", "markdown"]).out
    lines = out.splitlines()
    assert lines[1] == "### `home-insurance-claim`: health 48.7 → 27.5 · 1 new pain point · 1 resolved · 18 changes"
    assert "Chat with \\`Claimy\\` \\| bot" in out
    assert "<script>" not in out and "@claims-lead" not in out and "@&#8203;claims-lead" in out


def test_invalid_new_side_is_exit_2(cli, pair: tuple[str, str]) -> None:
    Path("bad.yaml").write_text("cjm: 1\nid: x\ntitle: [\n", encoding="utf-8")
    result = cli(["diff", "old.yaml", "bad.yaml"])
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("cjm: error: bad.yaml:") and "CJM001" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_invalid_old_side_counts_as_empty(cli, pair: tuple[str, str]) -> None:
    Path("bad.yaml").write_text("cjm: 1\nid: x\ntitle: ok\nstages: []\ntouchpoints: []\n", encoding="utf-8")
    result = cli(["diff", "bad.yaml", "new.yaml", "--format", "json"])
    assert result.code == 0, result.err
    data = json.loads(result.out)["diffs"][0]
    assert data["old"] == {"ref": "bad.yaml", "id": None}
    assert data["changes"][0] == {"kind": "journey", "id": "home-insurance-claim", "op": "added", "fields": {}}
    assert "not a valid journey (bad.yaml:4:9: CJM002" in result.err
    text = cli(["diff", "bad.yaml", "new.yaml"]).out
    assert "note: OLD is not a valid journey" in text


def test_missing_plain_old_path_is_exit_2(cli, pair: tuple[str, str]) -> None:
    result = cli(["diff", "nope.yaml", "new.yaml"])
    assert result.code == 2 and result.err == "cjm: error: OLD: nope.yaml: no such file\n"
    assert cli(["diff", "old.yaml", "nope.yaml"]).code == 2


def test_not_a_journey_as_new_is_exit_2(cli, pair: tuple[str, str]) -> None:
    Path("other.yaml").write_text("name: not a journey\n", encoding="utf-8")
    result = cli(["diff", "old.yaml", "other.yaml"])
    assert result.code == 2 and "CJM006" in result.err


def test_stdin_on_either_side(cli, pair: tuple[str, str]) -> None:
    new_text = Path("new.yaml").read_text(encoding="utf-8")
    from_stdin = cli(["diff", "old.yaml", "-", "--format", "json"], stdin=new_text)
    from_file = cli(["diff", "old.yaml", "new.yaml", "--format", "json"])
    assert json.loads(from_stdin.out)["diffs"][0]["changes"] == json.loads(from_file.out)["diffs"][0]["changes"]
    assert json.loads(from_stdin.out)["diffs"][0]["new"]["ref"] == "-"
    assert cli(["diff", "-", "new.yaml"], stdin=Path("old.yaml").read_text(encoding="utf-8")).code == 0
    both = cli(["diff", "-", "-"])
    assert both.code == 2 and "both" in both.err


@pytest.mark.parametrize(
    "args",
    [["diff"], ["diff", "old.yaml"], ["diff", "old.yaml", "new.yaml", "x.yaml"], ["diff", "old.yaml", "new.yaml",
                                                                                 "--fail-on", "sometimes"]],
)  # fmt: skip
def test_bad_arguments_are_exit_2(cli, pair: tuple[str, str], args: list[str]) -> None:
    result = cli(args)
    assert result.code == 2 and result.err.startswith("cjm: error:")
    assert len(result.err.strip().splitlines()) == 1


def test_metrics_apply_to_new_only(cli, pair: tuple[str, str]) -> None:
    Path("m.csv").write_text("touchpoint;volume;drop_off\nadjuster-visit;500;0,1\n", encoding="utf-8")
    data = json.loads(cli(["diff", *pair, "--metrics", "m.csv", "--format", "json"]).out)["diffs"][0]
    change = next(c for c in data["changes"] if c["id"] == "adjuster-visit")
    assert change["fields"]["metrics.volume"] == {"old": 350, "new": 500}
    assert change["fields"]["metrics.drop_off"] == {"old": 0.02, "new": 0.1}
    same = json.loads(cli(["diff", "new.yaml", "new.yaml", "--metrics", "m.csv", "--format", "json"]).out)
    assert same["diffs"][0]["changes"][0]["fields"]["metrics.volume"] == {"old": 420, "new": 500}


def test_bad_metrics_is_exit_2(cli, pair: tuple[str, str]) -> None:
    Path("m.csv").write_text("touchpoint,volume\nno-such-touchpoint,5\n", encoding="utf-8")
    result = cli(["diff", *pair, "--metrics", "m.csv"])
    assert result.code == 2 and "m.csv:2:" in result.err


def test_output_file(cli, pair: tuple[str, str]) -> None:
    result = cli(["diff", *pair, "--format", "markdown", "-o", "comment.md"])
    assert result.code == 0 and result.out == ""
    assert Path("comment.md").read_text(encoding="utf-8").startswith("<!-- cjm-diff -->\n### ")
    assert cli(["diff", *pair, "-o", "new.yaml"]).code == 2


def test_text_escapes_control_characters(cli, pair: tuple[str, str]) -> None:
    text = Path("new.yaml").read_text(encoding="utf-8").replace("name: Adjuster visit", 'name: "Adjuster \\e[31mvisit"')
    Path("evil.yaml").write_text(text, encoding="utf-8")
    out = cli(["diff", "new.yaml", "evil.yaml"]).out
    assert "\x1b" not in out and "\\u001b[31m" in out


def test_no_colour_when_not_a_terminal(cli, pair: tuple[str, str]) -> None:
    assert "\x1b[" not in cli(["diff", *pair, "--fail-on", "any"]).out


def test_help_mentions_git_mode(cli) -> None:
    result = cli(["diff", "--help"])
    assert result.code == 0 and "--git" in result.out and "--fail-on" in result.out


def test_markdown_stays_under_the_comment_size_limit(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    touchpoints = "".join(
        f"  - {{id: tp-{i:04d}, stage: s, name: Touchpoint number {i}, emotion: 1}}\n" for i in range(3000)
    )
    Path("big.yaml").write_text(f"cjm: 1\nid: big\ntitle: Big\nstages: [{{id: s}}]\ntouchpoints:\n{touchpoints}")
    Path("empty.yaml").write_text("cjm: 1\nid: big\ntitle: Big\nstages: [{id: s}]\ntouchpoints: []\n")
    out = cli(["diff", "empty.yaml", "big.yaml", "--format", "markdown"]).out
    assert len(out) < 65_536
    assert "more changes: the comment has a size limit; `--format json` lists all.*" in out
    assert out.rstrip().endswith("</details>")


@pytest.mark.parametrize(
    ("marker", "schema"),
    [("workflows/journey-diff.yml", "vendor.github-workflows"), ("journey-diff:\n", "vendor.gitlab-ci")],
)
def test_readme_diff_recipes_match_their_schemas(tmp_path: Path, marker: str, schema: str) -> None:
    """The diff workflow and GitLab job, checked with check-jsonschema's vendored (offline) schemas."""
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- BEGIN ci -->")[1].split("<!-- END ci -->")[0]
    (block,) = [b.split("```", 1)[0] for b in section.split("```yaml\n")[1:] if marker in b.split("```", 1)[0]]
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema (a dev dependency) is not installed"
    (tmp_path / "ci.yml").write_text(block, encoding="utf-8")
    result = subprocess.run([exe, "--builtin-schema", schema, str(tmp_path / "ci.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("fmt", "removed", "added"),
    [
        ("text", '      owner: removed (was "Oppgjør")', '      owner: added "Oppgjør"'),
        ("markdown", "owner: *removed* (was Oppgjør)", "owner: *added* Oppgjør"),
    ],
)
def test_a_value_that_goes_or_comes_is_removed_or_added(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, removed: str, added: str
) -> None:
    """Not `"Oppgjør" → null`: a consultant reads `removed`, and `added` for the reverse."""
    monkeypatch.chdir(tmp_path)
    with_owner = "cjm: 1\nid: j\ntitle: J\nstages: [{id: s, phase: during}]\n"
    Path("with.yaml").write_text(with_owner + "touchpoints: [{id: t, stage: s, owner: Oppgjør}]\n", encoding="utf-8")
    Path("without.yaml").write_text(with_owner + "touchpoints: [{id: t, stage: s}]\n", encoding="utf-8")
    gone = cli(["diff", "with.yaml", "without.yaml", "--format", fmt]).out
    came = cli(["diff", "without.yaml", "with.yaml", "--format", fmt]).out
    assert removed in gone and "null" not in gone and "*none*" not in gone, gone
    assert added in came and "null" not in came and "*none*" not in came, came
