"""Lint output formats (SPEC §4.1): golden files for every format, and each consumer's rules.

Goldens: tests/golden/lint/; refresh on purpose with CJM_UPDATE_GOLDEN=1 (`make golden`).
SARIF is checked against the official SARIF 2.1.0 schema and by Microsoft's SARIF
Multitool (`validate --rule-kind "Gh;Sarif"`), both from tests/node (scripts/test-deps.sh).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from golden_util import assert_golden

from cjm import __version__
from cjm.findings import Finding
from cjm.lint.formats import writer
from cjm.lint.formats.ci import artifact_uri, fingerprint, fingerprints, repo_path
from cjm.lint.formats.github import command, escape_data, escape_property
from cjm.lint.report import LintReport, LintView
from cjm.rules import all_rules

GOLDEN_INPUT = "tests/fixtures/rules/golden"
NODE = ROOT / "tests" / "node" / "node_modules"
SARIF_SCHEMA = NODE / "@microsoft" / "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"
MULTITOOL = NODE / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
needs_node = pytest.mark.skipif(not NODE.is_dir(), reason="tests/node/node_modules is absent (scripts/test-deps.sh)")


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root with a fixed today, as CI would."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CJM_TODAY", "2026-11-23")
    monkeypatch.delenv("NO_COLOR", raising=False)


def lint_output(*args: str) -> str:
    result = run_cli(["lint", GOLDEN_INPUT, *args])
    assert result.code == 1, result.err
    return result.out


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "gitlab"])
def test_golden(at_root: None, fmt: str) -> None:
    out = lint_output("--format", fmt)
    if fmt == "sarif":
        out = out.replace(f'"version": "{__version__}"', '"version": "VERSION"')
    extension = {"text": "txt", "github": "txt"}.get(fmt, "json")
    assert_golden(f"lint/{fmt}.{extension}", out)


def test_golden_text_statistics(at_root: None) -> None:
    assert_golden("lint/text-statistics.txt", lint_output("--statistics"))


def test_machine_formats_are_valid_json(at_root: None) -> None:
    data = json.loads(lint_output("--format", "json"))
    assert data["version"] == 1 and data["files"] == 2
    assert data["summary"] == {"error": 2, "warning": 9, "info": 4}
    assert isinstance(json.loads(lint_output("--format", "gitlab")), list)


# --- github ------------------------------------------------------------------------


def finding(**changes: object) -> Finding:
    base = Finding(
        "j.yaml", 3, 5, "CJM103", "warning", "touchpoint 'x' has no owner", "no-owner", "touchpoints[0]", "x"
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_github_escapes_data_and_properties() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    line = command(finding(path="dir,x/a:b.yaml", message="100%\nsure: yes, really"))
    assert line == ("::warning file=dir%2Cx/a%3Ab.yaml,line=3,col=5,title=CJM103 no-owner::100%25%0Asure: yes, really")


def test_github_levels_and_errors_first(at_root: None) -> None:
    lines = lint_output("--format", "github", "--quiet").splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds == sorted(kinds, key=["::error", "::warning", "::notice"].index)
    assert kinds[0] == "::error" and kinds[-1] == "::notice"
    assert all(line.startswith("::") for line in lines)


# --- paths and fingerprints --------------------------------------------------------


def test_repo_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    monkeypatch.chdir(repo / "sub")
    assert repo_path("j.yaml", str(repo)) == ("sub/j.yaml", True)
    assert repo_path("../top.yaml", str(repo)) == ("top.yaml", True)
    outside = (tmp_path / "other dir" / "å.yaml").as_posix()
    assert repo_path("../../other dir/å.yaml", str(repo)) == (outside, False)
    assert artifact_uri("../../other dir/å.yaml", str(repo))[0] == (tmp_path / "other dir" / "å.yaml").as_uri()
    assert artifact_uri("my maps/å.yaml", str(repo)) == ("sub/my%20maps/%C3%A5.yaml", True)
    assert repo_path("-", str(repo)) == ("-", True)


def test_fingerprint_ignores_lines_and_messages_but_not_path_code_or_item() -> None:
    base = fingerprint(finding(), None)
    assert fingerprint(finding(line=40, column=1, message="reworded"), None) == base
    assert fingerprint(finding(path="k.yaml"), None) != base
    assert fingerprint(finding(code="CJM107"), None) != base
    assert fingerprint(finding(item="touchpoints[1]"), None) != base


def test_findings_sharing_path_code_and_item_get_distinct_fingerprints(cli, tmp_path: Path) -> None:
    # Unused suppression comments outside any item all have the item path "": GitLab and GitHub
    # would merge them into one if their fingerprints were equal.
    twins = [finding(line=4, anchor="ignore[CJM103]"), finding(line=7, anchor="ignore[CJM106]")]
    same = [finding(line=4), finding(line=9)]
    assert len(set(fingerprints([*twins, *same, finding(item="stages[0]")], None))) == 5
    # a finding's fingerprint is its own: moving it, or adding other findings, leaves it alone
    alone = fingerprints([twins[0]], None)[0]
    assert fingerprints([finding(line=40, anchor="ignore[CJM103]"), twins[1], finding(item="x")], None)[0] == alone
    assert fingerprints([finding()], None) == [fingerprint(finding(), None)], "unique findings keep the plain hash"
    path = tmp_path / "fp.yaml"
    path.write_text(
        "cjm: 1\nid: j\ntitle: T\n# cjm: ignore[CJM103]\nstages:\n  - {id: s, name: S}\n# cjm: ignore[CJM106]\n"
        "touchpoints:\n  - {id: a, stage: s, owner: O}\n# cjm: ignore-file[CJM113]\n# cjm: ignore-file[CJM109]\n",
        encoding="utf-8",
    )
    gitlab = json.loads(cli(["lint", str(path), "--format", "gitlab"]).out)
    unused = [i["fingerprint"] for i in gitlab if i["check_name"] == "CJM115"]
    assert len(unused) == 4 and len(set(unused)) == 4
    sarif = json.loads(cli(["lint", str(path), "--format", "sarif"]).out)
    prints = [r["partialFingerprints"] for r in sarif["runs"][0]["results"]]
    assert len(prints) == len(gitlab) and len({json.dumps(p) for p in prints}) == len(prints)
    # removing one comment leaves the others' fingerprints as they were
    path.write_text(path.read_text(encoding="utf-8").replace("# cjm: ignore-file[CJM109]\n", ""), encoding="utf-8")
    fewer = json.loads(cli(["lint", str(path), "--format", "gitlab"]).out)
    assert [i["fingerprint"] for i in fewer if i["check_name"] == "CJM115"] == unused[:3]


def test_fingerprints_survive_lines_moving_and_are_unique(at_root: None, tmp_path: Path) -> None:
    text = (ROOT / GOLDEN_INPUT / "journey.yaml").read_text(encoding="utf-8")
    path = tmp_path / "journey.yaml"

    def prints(fmt: str) -> list[str]:
        data = json.loads(run_cli(["lint", str(path), "--format", fmt]).out)
        if fmt == "gitlab":
            return [issue["fingerprint"] for issue in data]
        return [r["partialFingerprints"]["cjmItem/v1"] for r in data["runs"][0]["results"]]

    for fmt in ("gitlab", "sarif"):
        path.write_text(text, encoding="utf-8")
        before = prints(fmt)
        assert len(set(before)) == len(before) == 8
        path.write_text("# two new lines\n# on top\n" + text, encoding="utf-8")
        assert prints(fmt) == before


# --- gitlab ------------------------------------------------------------------------


def test_gitlab_code_quality_shape(at_root: None) -> None:
    issues = json.loads(lint_output("--format", "gitlab"))
    assert {issue["severity"] for issue in issues} == {"major", "minor", "info"}
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"].startswith("tests/fixtures/rules/golden/")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
        assert issue["description"].startswith(issue["check_name"] + " ")


def test_gitlab_and_sarif_paths_are_relative_to_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "tests")
    monkeypatch.setenv("CJM_TODAY", "2026-11-23")
    result = run_cli(["lint", "fixtures/rules/golden/journey.yaml", "--format", "gitlab"])
    assert {i["location"]["path"] for i in json.loads(result.out)} == {"tests/fixtures/rules/golden/journey.yaml"}
    result = run_cli(["lint", "fixtures/rules/golden/journey.yaml", "--format", "sarif"])
    locations = [r["locations"][0]["physicalLocation"] for r in json.loads(result.out)["runs"][0]["results"]]
    assert {loc["artifactLocation"]["uri"] for loc in locations} == {"tests/fixtures/rules/golden/journey.yaml"}
    assert {loc["artifactLocation"]["uriBaseId"] for loc in locations} == {"%SRCROOT%"}


def test_files_outside_the_repository_get_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "client maps" / "j.yaml"
    outside.parent.mkdir()
    outside.write_text((ROOT / GOLDEN_INPUT / "journey.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(ROOT)
    issues = json.loads(run_cli(["lint", str(outside), "--format", "gitlab"]).out)
    assert {i["location"]["path"] for i in issues} == {outside.as_posix()}
    sarif = json.loads(run_cli(["lint", str(outside), "--format", "sarif"]).out)
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in sarif["runs"][0]["results"]]
    assert artifacts and all(a == {"uri": outside.as_uri()} for a in artifacts)


# --- sarif -------------------------------------------------------------------------


def sarif_log() -> dict:
    return json.loads(lint_output("--format", "sarif"))


def test_sarif_driver_rules_and_results(at_root: None) -> None:
    log = sarif_log()
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "cjm" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    for descriptor, rule in zip(rules, all_rules(), strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert rule.rationale.split()[0] in descriptor["fullDescription"]["text"]
        assert "Fails" in descriptor["help"]["text"] and "```yaml" in descriptor["help"]["markdown"]
        assert (
            descriptor["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        )
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "warning", "note"}
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert set(res["partialFingerprints"]) == {"cjmItem/v1"}


@needs_node
def test_sarif_is_valid_against_the_official_schema(at_root: None) -> None:
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(sarif_log()), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    empty = json.loads(run_cli(["lint", f"{GOLDEN_INPUT}/journey.yaml", "--format", "sarif", "--select", "CJM102"]).out)
    assert empty["runs"][0]["results"] == []
    assert not list(validator.iter_errors(empty))


@needs_node
def test_sarif_multitool_reports_no_error(at_root: None, tmp_path: Path) -> None:
    """GitHub code scanning's rules (Gh) and SARIF's own (Sarif), by Microsoft's validator."""
    assert MULTITOOL.exists(), "tests/node lacks @microsoft/sarif-multitool-linux: run scripts/test-deps.sh"
    log = tmp_path / "cjm.sarif"
    log.write_text(lint_output("--format", "sarif"), encoding="utf-8")
    outside = tmp_path / "outside.sarif"
    other = tmp_path / "elsewhere" / "j.yaml"
    other.parent.mkdir()
    other.write_text((ROOT / GOLDEN_INPUT / "journey.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    outside.write_text(run_cli(["lint", str(other), "--format", "sarif"]).out, encoding="utf-8")
    # The validator really judges: a log without `$schema` and driver rules fails GitHub's rules.
    bad = tmp_path / "bad.sarif"
    bad.write_text(json.dumps({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]}))
    errors = multitool_errors([log, outside, bad], tmp_path)
    assert {code for code, _ in errors[bad.name]} >= {"GH1013", "GH1018"}
    assert errors[log.name] == [] and errors[outside.name] == []


def multitool_errors(targets: list[Path], tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    """(ruleId, message) of every error the SARIF Multitool reports, by file name (one run for all)."""
    report = tmp_path / "validation.sarif"
    # The platform binary directly: the npm shim passes arguments through /bin/sh unquoted.
    done = subprocess.run(
        [str(MULTITOOL), "validate", "--rule-kind", "Gh;Sarif", "--output", str(report), *map(str, targets)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    found: dict[str, list[tuple[str, str]]] = {target.name: [] for target in targets}
    for result in json.loads(report.read_text(encoding="utf-8-sig"))["runs"][0]["results"]:
        if result.get("level", "warning") != "error":
            continue
        where = (result.get("locations") or [{}])[0].get("physicalLocation", {})
        name = where.get("artifactLocation", {}).get("uri", "?").rsplit("/", 1)[-1]
        message = result["message"].get("text") or json.dumps(result["message"].get("arguments"))
        found.setdefault(name, []).append((result["ruleId"], message))
    return found


def test_every_format_is_registered() -> None:
    from cjm.lint.formats import NAMES

    assert set(NAMES) == {"text", "json", "github", "sarif", "gitlab"}


def test_formats_render_an_empty_report() -> None:
    empty = LintReport(files=1, findings=[])
    view = LintView(tool_version="1.0", repo_root=str(ROOT))
    from cjm.lint.formats import NAMES

    outputs = {name: writer(name)(empty, view) for name in NAMES}
    assert outputs["text"] == "No problems in 1 file.\n"
    assert outputs["github"] == "No problems in 1 file.\n"
    assert json.loads(outputs["gitlab"]) == []
    assert json.loads(outputs["sarif"])["runs"][0]["results"] == []
