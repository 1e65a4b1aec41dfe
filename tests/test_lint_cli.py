"""`cjm lint` and `cjm rules` on the command line (SPEC §3 lint settings and suppression, §4.1 options)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from cjm.rules import all_rules

RULES_DIR = FIXTURES / "rules"
CLEAN = (RULES_DIR / "CJM001" / "passes.yaml").read_text(encoding="utf-8")
NO_OWNER = (RULES_DIR / "CJM103" / "fires.yaml").read_text(encoding="utf-8")  # one CJM103 warning


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.as_posix()


def found(out: str) -> list[str]:
    """The codes in text output, in order."""
    return [line.split(" ")[1] for line in out.splitlines() if ": CJM" in line]


# --- exit codes and failure levels -------------------------------------------------


def test_warnings_pass_by_default_and_fail_with_strict(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", NO_OWNER)
    assert cli(["lint", path]).code == 0
    assert cli(["lint", path, "--strict"]).code == 1
    assert cli(["lint", path, "--fail-level", "warning"]).code == 1
    assert cli(["lint", path, "--fail-level", "error"]).code == 0


def test_info_only_fails_at_fail_level_info(cli, tmp_path: Path) -> None:
    text = CLEAN.replace("    metrics: {volume: 8000, drop_off: 0.01}\n", "")
    path = write(tmp_path, "j.yaml", text)
    result = cli(["lint", path, "--strict"])
    assert (result.code, found(result.out)) == (0, ["CJM114"])
    assert cli(["lint", path, "--fail-level", "info"]).code == 1
    assert cli(["lint", path, "--strict", "--fail-level", "info"]).code == 1


def test_clean_journey_exits_0_even_when_strict(cli, tmp_path: Path) -> None:
    result = cli(["lint", write(tmp_path, "j.yaml", CLEAN), "--strict", "--fail-level", "info"])
    assert (result.code, result.out) == (0, "No problems in 1 file.\n")


def test_bad_fail_level_is_a_usage_error(cli, tmp_path: Path) -> None:
    assert cli(["lint", write(tmp_path, "j.yaml", CLEAN), "--fail-level", "fatal"]).code == 2


# --- select and ignore --------------------------------------------------------------


def test_select_and_ignore_on_the_command_line(cli) -> None:
    golden = str(RULES_DIR / "golden" / "journey.yaml")
    everything = found(cli(["lint", golden]).out)
    assert {"CJM101", "CJM105", "CJM106", "CJM110", "CJM113"} <= set(everything)
    assert found(cli(["lint", golden, "--select", "CJM105"]).out) == ["CJM105"]
    assert found(cli(["lint", golden, "--select", "CJM105,CJM106", "--select", "cjm110"]).out) == [
        "CJM105",
        "CJM106",
        "CJM110",
    ]
    assert set(found(cli(["lint", golden, "--select", "CJM11"]).out)) == {"CJM110", "CJM113", "CJM115"}
    ignored = found(cli(["lint", golden, "--ignore", "CJM105", "--ignore", "CJM106,CJM11"]).out)
    assert set(everything) - set(ignored) == {"CJM105", "CJM106", "CJM110", "CJM113", "CJM115"}


def test_core_errors_are_reported_whatever_is_selected(cli) -> None:
    broken = str(RULES_DIR / "golden" / "broken.yaml")
    result = cli(["lint", broken, "--select", "CJM103"])
    assert (result.code, found(result.out)) == (1, ["CJM103", "CJM002", "CJM002"])


@pytest.mark.parametrize("selector", ["CJM002", "CJM00", "CJM0", "cjm001"])
def test_core_codes_cannot_be_ignored_on_the_command_line(cli, tmp_path: Path, selector: str) -> None:
    result = cli(["lint", write(tmp_path, "j.yaml", CLEAN), "--ignore", selector])
    assert result.code == 2
    assert "cannot be ignored" in result.err


def test_unknown_selector_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli(["lint", write(tmp_path, "j.yaml", CLEAN), "--select", "CJM999"])
    assert result.code == 2
    assert "unknown rule 'CJM999'" in result.err


# --- configuration ------------------------------------------------------------------


def test_config_select_ignore_and_severity(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "maps/j.yaml", NO_OWNER)
    write(tmp_path, "maps/.cjm.yaml", "lint:\n  severity: {CJM103: error}\n")
    result = cli(["lint", path])
    assert result.code == 1
    assert ": CJM103 error touchpoint 'web-shop' has no owner" in result.out
    write(tmp_path, "maps/.cjm.yaml", "lint:\n  ignore: [CJM103]\n")
    assert cli(["lint", path, "--strict"]).out == "No problems in 1 file.\n"
    write(tmp_path, "maps/.cjm.yaml", "lint:\n  select: [CJM105]\n")
    assert cli(["lint", path, "--strict"]).code == 0
    # --select on the command line replaces the config's select; --ignore adds to its ignore
    assert found(cli(["lint", path, "--select", "CJM103"]).out) == ["CJM103"]


def test_config_review_interval(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", CLEAN)  # reviewed 2026-10-01, today 2026-11-23
    write(tmp_path, ".cjm.yaml", "review_every_days: 30\n")
    assert found(cli(["lint", path]).out) == ["CJM105"]


@pytest.mark.parametrize(
    "config",
    [
        "lint:\n  ignore: [CJM001]\n",
        "lint:\n  ignore: [CJM0]\n",
        "lint:\n  severity: {CJM002: warning}\n",
        "lint:\n  severity: {CJM006: info}\n",
    ],
)
def test_config_cannot_ignore_or_downgrade_core_codes(cli, tmp_path: Path, config: str) -> None:
    path = write(tmp_path, "j.yaml", CLEAN)
    cfg = write(tmp_path, ".cjm.yaml", config)
    result = cli(["lint", path])
    assert result.code == 2
    assert result.err.startswith(f"cjm: error: {cfg}:2:")
    assert "cannot be" in result.err
    assert cli(["lint", path, "--config", cfg]).code == 2


def test_config_severity_upgrade_of_a_core_code_is_accepted(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", CLEAN)
    write(tmp_path, ".cjm.yaml", "lint:\n  severity: {CJM002: error, CJM113: warning}\n")
    assert cli(["lint", path]).code == 0


def test_explicit_config_applies_to_every_file(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", NO_OWNER)
    cfg = write(tmp_path, "elsewhere/strict.yaml", "lint:\n  severity: {CJM103: error}\n")
    assert cli(["lint", path]).code == 0
    assert cli(["lint", "--config", cfg, path]).code == 1
    assert cli(["lint", path, "--config", cfg]).code == 1


# --- inline suppression -------------------------------------------------------------


def test_inline_suppression_on_the_first_line_of_the_item(cli, tmp_path: Path) -> None:
    text = NO_OWNER.replace("  - id: web-shop  # expect: CJM103\n", "  - id: web-shop  # cjm: ignore[CJM103]\n")
    result = cli(["lint", write(tmp_path, "j.yaml", text), "--strict"])
    assert (result.code, result.out) == (0, "No problems in 1 file.\n")


def test_suppression_on_another_line_of_the_item_does_not_count(cli, tmp_path: Path) -> None:
    text = NO_OWNER.replace("    stage: order\n", "    stage: order  # cjm: ignore[CJM103]\n")
    result = cli(["lint", write(tmp_path, "j.yaml", text)])
    assert found(result.out) == ["CJM103", "CJM115"]
    assert "unused suppression of CJM103 (nothing to suppress on this line)" in result.out


def test_suppression_lists_several_codes_and_flow_items(cli, tmp_path: Path) -> None:
    text = CLEAN + (
        "actions:\n"
        "  - {id: a, status: idea, addresses: [tv-ad]}  # cjm: ignore[CJM110]\n"
        "  - id: b  # cjm: ignore[ CJM110 , cjm103 ]\n"
        "    status: planned\n"
    )
    result = cli(["lint", write(tmp_path, "j.yaml", text), "--strict"])
    lines = [line for line in result.out.splitlines() if "CJM" in line]
    assert lines == [
        f"{tmp_path.as_posix()}/j.yaml:39:12: CJM115 info unused suppression of CJM103 (nothing to "
        "suppress on this line)"
    ]


def test_file_suppression_anywhere(cli, tmp_path: Path) -> None:
    text = NO_OWNER + "# cjm: ignore-file[CJM103, CJM108]\n"
    result = cli(["lint", write(tmp_path, "j.yaml", text)])
    assert found(result.out) == ["CJM115"]
    assert ":36:1: CJM115 info unused suppression of CJM108 (nothing to suppress in this file)" in result.out


def test_core_errors_cannot_be_suppressed(cli, tmp_path: Path) -> None:
    text = CLEAN.replace("    emotion: 2\n", "    emotion: 7  # cjm: ignore[CJM002]\n") + "# cjm: ignore-file[CJM002]\n"
    result = cli(["lint", write(tmp_path, "j.yaml", text)])
    assert result.code == 1
    # the rest of the file is linted (the invalid emotion counts as absent: CJM114); both comments suppress nothing
    assert found(result.out) == ["CJM114", "CJM002", "CJM115", "CJM115"]


def test_suppressing_a_core_code_in_a_valid_journey_is_reported(cli, tmp_path: Path) -> None:
    text = CLEAN.replace("    emotion: 2\n", "    emotion: 2  # cjm: ignore[CJM002, CJM404]\n")
    result = cli(["lint", write(tmp_path, "j.yaml", text)])
    assert "unused suppression of CJM002 (CJM001–CJM006 cannot be suppressed), CJM404 (no such rule)" in result.out


def test_unused_suppression_of_a_rule_that_did_not_run_is_not_judged(cli, tmp_path: Path) -> None:
    text = CLEAN.replace("  - id: web-shop\n", "  - id: web-shop  # cjm: ignore[CJM103]\n")
    path = write(tmp_path, "j.yaml", text)
    assert found(cli(["lint", path]).out) == ["CJM115"]
    assert found(cli(["lint", path, "--ignore", "CJM103"]).out) == []
    assert found(cli(["lint", path, "--select", "CJM115"]).out) == []
    assert found(cli(["lint", path, "--ignore", "CJM115"]).out) == []


def test_unused_suppressions_can_be_silenced_and_upgraded(cli, tmp_path: Path) -> None:
    text = CLEAN.replace("  - id: web-shop\n", "  - id: web-shop  # cjm: ignore[CJM103]\n")
    path = write(tmp_path, "j.yaml", text)
    assert found(cli(["lint", path, "--fail-level", "info"]).out) == ["CJM115"]
    assert cli(["lint", write(tmp_path, "k.yaml", text + "# cjm: ignore-file[CJM115]\n")]).out.endswith(
        "No problems in 1 file.\n"
    )
    inline = text.replace("ignore[CJM103]", "ignore[CJM103, CJM115]")
    assert found(cli(["lint", write(tmp_path, "l.yaml", inline)]).out) == []
    # (a fresh directory: config lookups are cached for the life of the process)
    upgraded = write(tmp_path, "strict/j.yaml", text)
    write(tmp_path, "strict/.cjm.yaml", "lint:\n  severity: {CJM115: error}\n")
    assert cli(["lint", upgraded]).code == 1


def test_unused_suppression_names_the_item_it_sits_on(cli, tmp_path: Path) -> None:
    text = CLEAN.replace("  - id: web-shop\n", "  - id: web-shop  # cjm: ignore[CJM103]\n").replace(
        "reviewed: 2026-10-01\n", "reviewed: 2026-10-01  # cjm: ignore[CJM105]\n"
    )
    data = json.loads(cli(["lint", write(tmp_path, "j.yaml", text), "--format", "json"]).out)
    assert [(f["code"], f["item"], f.get("item_id"), f["column"]) for f in data["findings"]] == [
        ("CJM115", "reviewed", None, 23),
        ("CJM115", "touchpoints[1]", "web-shop", 19),
    ]


# --- output, statistics, paths ------------------------------------------------------


def test_output_file(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", NO_OWNER)
    report = tmp_path / "out" / "lint.sarif"
    report.parent.mkdir()
    result = cli(["lint", path, "--format", "sarif", "--output", str(report), "--strict"])
    assert (result.code, result.out) == (1, "")
    assert json.loads(report.read_text(encoding="utf-8"))["runs"][0]["results"][0]["ruleId"] == "CJM103"


def test_output_never_overwrites_an_input(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", NO_OWNER)
    result = cli(["lint", path, "--output", path])
    assert result.code == 2
    assert Path(path).read_text(encoding="utf-8") == NO_OWNER


def test_output_into_a_missing_directory_is_exit_2(cli, tmp_path: Path) -> None:
    result = cli(["lint", write(tmp_path, "j.yaml", CLEAN), "-o", str(tmp_path / "no" / "such" / "out.txt")])
    assert result.code == 2


def test_statistics(cli) -> None:
    golden = str(RULES_DIR / "golden")
    text = cli(["lint", golden, "--statistics"]).out
    assert "     2  CJM002  schema\n     2  CJM101  phase-missing\n" in text
    machine = cli(["lint", golden, "--statistics", "--format", "json"])
    json.loads(machine.out)  # still one JSON document
    assert "     2  CJM002  schema" in machine.err


def test_only_journeys_skips_other_yaml(cli, tmp_path: Path) -> None:
    other = write(tmp_path, "docker-compose.yaml", "services: {}\n")
    journey = write(tmp_path, "j.yaml", CLEAN)
    result = cli(["lint", "--only-journeys", other, journey])
    assert (result.code, result.out) == (0, "No problems in 1 file.\n")
    result = cli(["lint", other, journey])
    assert (result.code, found(result.out)) == (1, ["CJM006"])


def test_stdin(cli) -> None:
    result = cli(["lint", "-", "--format", "github", "--quiet"], stdin=NO_OWNER)
    assert result.out == "::warning file=-,line=24,col=5,title=CJM103 no-owner::touchpoint 'web-shop' has no owner\n"


def test_today_from_option_and_environment(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "j.yaml", CLEAN)  # reviewed 2026-10-01: due 2027-03-30
    assert found(cli(["lint", path]).out) == []
    assert found(cli(["lint", path, "--today", "2027-03-31"]).out) == ["CJM105"]
    assert found(cli(["--today", "2027-03-31", "lint", path]).out) == ["CJM105"]
    monkeypatch.setenv("CJM_TODAY", "2027-03-31")
    assert found(cli(["lint", path]).out) == ["CJM105"]
    assert cli(["lint", path, "--today", "31.03.2027"]).code == 2


# --- cjm rules ----------------------------------------------------------------------


def test_rules_lists_every_rule_with_its_rationale(cli) -> None:
    out = cli(["rules"]).out
    for rule in all_rules():
        assert f"{rule.code}  {rule.name}" in out
        assert " ".join(rule.rationale.split()[:6]) in " ".join(out.split())
    assert "CJM104  pain-without-action      warning" in out


@pytest.mark.parametrize("name", ["CJM104", "cjm104", "pain-without-action"])
def test_rules_code_explains_one_rule(cli, name: str) -> None:
    result = cli(["rules", name])
    assert result.code == 0
    out = result.out
    assert out.startswith("CJM104 pain-without-action (default: warning)\n")
    for title in ("Why it matters:", "Fails:", "Passes:", "How to fix:"):
        assert f"\n{title}\n" in out
    assert "    actions:\n" in out  # snippets are indented


def test_rules_unknown_code_is_exit_2(cli) -> None:
    result = cli(["rules", "CJM999"])
    assert result.code == 2
    assert "no rule 'CJM999'" in result.err


# --- pre-commit ---------------------------------------------------------------------


def test_pre_commit_hooks() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    lint = hooks["cjm-lint"]
    assert lint["entry"] == "cjm lint --only-journeys"
    assert lint["types"] == ["yaml"]
    assert lint["language"] == "python"
    render = hooks["cjm-render"]
    assert render["pass_filenames"] is False
    assert render["require_serial"] is True
    assert render["entry"].startswith("cjm render")
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)


# --- metrics overlay ----------------------------------------------------------------


def test_metrics_overlay_feeds_the_rules(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", (RULES_DIR / "CJM114" / "fires.yaml").read_text(encoding="utf-8"))
    assert found(cli(["lint", path]).out) == ["CJM114"]
    csv = write(tmp_path, "metrics.csv", "touchpoint;drop_off\nfirst-use;0,02\n")
    assert found(cli(["lint", path, "--metrics", csv]).out) == []
    # the CSV can also create a pain point that no action addresses
    csv = write(tmp_path, "pain.csv", "touchpoint,drop_off,complaints\nfirst-use,0.9,0.9\n")
    assert found(cli(["lint", path, "--metrics", csv]).out) == ["CJM104"]


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("touchpoint,volume\nnowhere,10\n", "metrics.csv:2: touchpoint 'nowhere' is in none of the given journeys"),
        ("touchpoint,drop_off\nfirst-use,2\n", "metrics.csv:2: "),
    ],
)
def test_bad_metrics_csv_is_exit_2(cli, tmp_path: Path, csv: str, message: str) -> None:
    path = write(tmp_path, "j.yaml", CLEAN)
    result = cli(["lint", path, "--metrics", write(tmp_path, "metrics.csv", csv)])
    assert result.code == 2
    assert message in result.err


# --- the README's lint, rules and ci sections ---------------------------------------


def readme_section(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"<!-- BEGIN {name} -->", 1)[1].split(f"<!-- END {name} -->", 1)[0]


def yaml_blocks(section: str) -> list[str]:
    return [block.split("```", 1)[0] for block in section.split("```yaml\n")[1:]]


def test_readme_rules_table_is_the_catalogue() -> None:
    rows = [line for line in readme_section("rules").splitlines() if line.startswith("| CJM")]
    assert rows == [f"| {r.code} | `{r.name}` | {r.severity} | {r.summary} |" for r in all_rules()]


def test_readme_suppression_example_works(cli, tmp_path: Path) -> None:
    (block,) = [b for b in yaml_blocks(readme_section("lint")) if "ignore[" in b]
    comment = block.splitlines()[1][block.splitlines()[1].index("#") :]
    text = NO_OWNER.replace("  - id: web-shop  # expect: CJM103\n", f"  - id: web-shop  {comment}\n")
    assert cli(["lint", write(tmp_path, "j.yaml", text), "--strict"]).code == 0


def test_readme_config_example_is_valid(tmp_path: Path) -> None:
    from cjm.config import load_config

    (block,) = [b for b in yaml_blocks(readme_section("lint")) if b.startswith("review_every_days")]
    config = load_config(write(tmp_path, ".cjm.yaml", block))
    assert config.lint.severity == {"CJM105": "error", "CJM103": "info"}


def ci_commands() -> list[str]:
    commands = []
    for block in yaml_blocks(readme_section("ci")):
        for line in block.splitlines():
            line = line.strip().removeprefix("- ").removeprefix("run: ")
            if line.startswith("cjm lint"):
                commands.append(line.split("#", 1)[0].replace("|| true", "").strip())
    return commands


def test_readme_ci_recipes_run_as_written(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    write(tmp_path, "journeys/j.yaml", NO_OWNER)
    write(tmp_path, "journeys/other.yaml", "services: {}\n")  # not a journey: skipped by the walk
    monkeypatch.chdir(tmp_path)
    commands = ci_commands()
    assert len(commands) == 4
    for command in commands:
        args = shlex.split(command)[1:]
        result = cli(args)
        assert result.code in (0, 1), (command, result.err)
        if "--output" in args:
            report = json.loads((tmp_path / args[args.index("--output") + 1]).read_text(encoding="utf-8"))
            assert report
    for block in yaml_blocks(readme_section("ci")):
        if "cjm lint" in block or "cjm-lint" in block:
            yaml.safe_load(block)


def test_readme_pre_commit_recipe_uses_the_shipped_hooks() -> None:
    hooks = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    (block,) = [b for b in yaml_blocks(readme_section("ci")) if "repos:" in b]
    used = {hook["id"] for repo in yaml.safe_load(block)["repos"] for hook in repo["hooks"]}
    assert used == hooks == {"cjm-lint", "cjm-render"}


@pytest.mark.parametrize(
    ("marker", "schema"), [("workflows/journeys.yml", "vendor.github-workflows"), ("cjm-lint:", "vendor.gitlab-ci")]
)
def test_readme_ci_files_match_their_schemas(tmp_path: Path, marker: str, schema: str) -> None:
    """The workflow and the .gitlab-ci.yml, checked with check-jsonschema's vendored (offline) schemas."""
    import shutil
    import subprocess
    import sys

    (block,) = [b for b in yaml_blocks(readme_section("ci")) if marker in b]
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema (a dev dependency) is not installed"
    done = subprocess.run(
        [exe, "--builtin-schema", schema, write(tmp_path, "ci.yml", block)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_two_files_with_one_journey_id_are_cjm004_on_the_second(cli, tmp_path: Path, monkeypatch) -> None:
    """SPEC §2.1: two starters that keep `id: my-journey` pass lint no more; every command says so."""
    monkeypatch.chdir(tmp_path)  # outside a repository, init writes its schema into the current directory
    for name in ("a", "b"):
        assert cli(["init", str(tmp_path / name / "journey.yaml"), "--lang", "en"]).code == 0
    result = cli(["lint", str(tmp_path / "a"), str(tmp_path / "b")])
    assert result.code == 1
    second = [line for line in result.out.splitlines() if "CJM004" in line]
    assert len(second) == 1 and second[0].startswith(f"{tmp_path / 'b' / 'journey.yaml'}:")
    assert "journey id 'my-journey' is also the id of" in second[0]
    assert "CJM120" in result.out, "the rest of the second file is still linted"
    score = cli(["score", str(tmp_path / "a"), str(tmp_path / "b")])
    assert score.code == 2 and "CJM004" in score.err
