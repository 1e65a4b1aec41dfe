"""The command line: global options, exit codes, path handling, errors (SPEC §4, foundation)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from cjm import __version__

VALID = FIXTURES / "load" / "valid.yaml"
CLEAN = FIXTURES / "load" / "clean.yaml"  # passes every rule (the English starter, with an id of its own)
BROKEN = "cjm: 1\nid: b\ntitle: x: y\n"


def journey(tmp: Path, name: str, text: str | None = None) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_version(cli) -> None:
    result = cli(["--version"])
    assert (result.code, result.out) == (0, f"cjm {__version__}\n")


WORKFLOW = ["init", "import", "lint", "score", "diff", "render", "export", "rules", "schema"]


def test_help_lists_the_commands_in_workflow_order(cli) -> None:
    result = cli(["--help"])
    assert result.code == 0
    listed = result.out.split("\nCommands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.strip()] == WORKFLOW, "not alphabetical: the order of the work"
    assert all(not line.rstrip().endswith("...") for line in listed), "each command's line is whole, not cut off"


@pytest.mark.parametrize("command", [[], *([name] for name in WORKFLOW)])
def test_help_speaks_a_consultants_language(cli, command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Names a consultant reads (PATH…, CODE, N), never Python's types, sets or ranges."""
    monkeypatch.setenv("COLUMNS", "100")
    result = cli([*command, "--help"])
    assert result.code == 0
    for internal in ("<", "{", "list[", "str]", "[x", "x>=", "..."):
        assert internal not in result.out, f"cjm {' '.join(command)} --help shows {internal!r}:\n{result.out}"


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["lint"], ["Usage: cjm lint [OPTIONS] PATH…", "--select CODE", "--ignore CODE", "-o, --output FILE"]),
        (["lint"], ["-f, --format FORMAT", "text, json, github, sarif or gitlab", "--fail-level LEVEL"]),
        (["score"], ["Usage: cjm score [OPTIONS] PATH…", "--top N", "--persona ID", "--metrics CSV"]),
        (["diff"], ["Usage: cjm diff [OPTIONS] OLD NEW", "or: cjm diff [OPTIONS] --git BASE [PATH…]"]),
        (["diff"], ["--fail-on CONDITION", "--git BASE"]),
        (["render"], ["Usage: cjm render [OPTIONS] PATH…", "--persona ID", "--lang LANG", "-o, --output FILE|DIR"]),
        (["init"], ["Usage: cjm init [OPTIONS] [PATH]", "--lang LANG", "da, nb, nn, sv, fi or en"]),
        (["rules"], ["Usage: cjm rules [OPTIONS] [CODE]"]),
        (["schema"], ["-o, --output FILE"]),
        ([], ["--show-completion SHELL", "--install-completion SHELL", "--config FILE", "--today YYYY-MM-DD"]),
    ],
)
def test_help_names_each_value(cli, command: list[str], shown: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = cli([*command, "--help"]).out
    for text in shown:
        assert text in out, f"{text!r} not in:\n{out}"


def test_each_commands_help_lists_the_global_options_apart(cli) -> None:
    out = cli(["score", "--help"]).out
    own, common = out.split("\nGlobal options:\n")
    assert "--top" in own and "--config" not in own
    assert "--config FILE" in common and "--today YYYY-MM-DD" in common and "--top" not in common


def test_a_count_below_one_is_refused_in_words(cli) -> None:
    result = cli(["score", str(VALID), "--top", "0"])
    assert result.code == 2
    assert "0 is not a count; give 1 or more" in result.err and "x>=" not in result.err


def test_version_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from cjm.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'yaml', 'jinja2', 'graphviz') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]"), out


def test_python_dash_m_cjm_works_like_cjm() -> None:
    result = subprocess.run([sys.executable, "-m", "cjm", "lint", str(CLEAN)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "No problems in 1 file." in result.stdout


def test_installed_console_script(tmp_path: Path) -> None:
    exe = shutil.which("cjm", path=str(Path(sys.executable).parent))
    assert exe, "the cjm console script is not installed next to the interpreter"
    bad = journey(tmp_path, "bad.yaml", BROKEN)
    result = subprocess.run([exe, "lint", str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{bad.as_posix()}:3:9: CJM001 error" in result.stdout


def test_lint_clean_file_exits_0(cli) -> None:
    result = cli(["lint", str(CLEAN)])
    assert result.code == 0
    assert result.out == "No problems in 1 file.\n"


def test_lint_errors_exit_1_with_sorted_lines_and_summary(cli, tmp_path: Path) -> None:
    b = journey(tmp_path, "b.yaml", BROKEN)
    a = journey(tmp_path, "a.yaml", VALID.read_text(encoding="utf-8").replace("emotion: 1", "emotion: 7"))
    result = cli(["lint", str(b), str(a), "--select", "CJM0"])  # a.yaml's warnings aside (one-pass lint)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith(f"{a.as_posix()}:13:14: CJM002 error touchpoints[0].emotion")
    assert lines[1].startswith(f"{b.as_posix()}:3:9: CJM001 error YAML syntax")
    assert lines[-1] == "Found 2 problems (2 errors, 0 warnings, 0 info) in 2 files."


def test_lint_json_shape(cli, tmp_path: Path) -> None:
    bad = journey(tmp_path, "bad.yaml", VALID.read_text(encoding="utf-8").replace("emotion: 1", "emotion: 7"))
    result = cli(["lint", "--format", "json", "--select", "CJM0", str(bad)])  # its warnings aside
    assert result.code == 1
    data = json.loads(result.out)
    assert data == {
        "version": 1,
        "files": 1,
        "findings": [
            {
                "path": bad.as_posix(),
                "line": 13,
                "column": 14,
                "code": "CJM002",
                "name": "schema",
                "severity": "error",
                "message": "touchpoints[0].emotion: input should be less than or equal to 2, got 7",
                "item": "touchpoints[0].emotion",
                "item_id": "ad",
            }
        ],
        "summary": {"error": 1, "warning": 0, "info": 0},
    }


def test_stdin(cli) -> None:
    result = cli(["lint", "-"], stdin=BROKEN)
    assert result.code == 1
    assert result.out.startswith("-:3:9: CJM001")


def test_stdin_is_bounded_by_the_size_limit(cli, tmp_path: Path) -> None:
    config = journey(tmp_path, "small.yaml", "limits: {file_mb: 0.001}\n")
    result = cli(["lint", "--config", str(config), "-"], stdin="cjm: 1\n" + "#" * 5000 + "\n")
    assert result.code == 1
    assert "size limit" in result.out


def test_directory_walk(cli, tmp_path: Path) -> None:
    journey(tmp_path, "maps/b.yaml")
    journey(tmp_path, "maps/a/z.yml", CLEAN.read_text(encoding="utf-8").replace("id: our-journey", "id: z-journey"))
    journey(tmp_path, "maps/broken.yaml", BROKEN)
    journey(tmp_path, "maps/notes.yaml", "title: not a journey\n")
    journey(tmp_path, "maps/readme.md", "cjm: 1\n")
    journey(tmp_path, "maps/.hidden/h.yaml")
    journey(tmp_path, "maps/node_modules/n.yaml")
    os.chdir(tmp_path)
    result = cli(["lint", "--format", "json", "maps"])
    data = json.loads(result.out)
    assert data["files"] == 3
    assert [f["path"] for f in data["findings"]] == ["maps/broken.yaml"]
    result = cli(["lint", "--format", "json", "maps/"])
    assert [f["path"] for f in json.loads(result.out)["findings"]] == ["maps/broken.yaml"]


def test_symlinks_out_of_the_tree_are_not_followed(cli, tmp_path: Path) -> None:
    outside = journey(tmp_path, "outside/secret.yaml", BROKEN)
    journey(tmp_path, "maps/ok.yaml")
    (tmp_path / "maps" / "link.yaml").symlink_to(outside)
    (tmp_path / "maps" / "dirlink").symlink_to(outside.parent, target_is_directory=True)
    result = cli(["lint", str(tmp_path / "maps")])
    assert result.code == 0, result.out
    assert result.out == "No problems in 1 file.\n"


def test_a_named_non_journey_gets_cjm006_unless_only_journeys(cli, tmp_path: Path) -> None:
    other = journey(tmp_path, "docker-compose.yaml", "services: {}\n")
    result = cli(["lint", str(other)])
    assert result.code == 1 and "CJM006" in result.out
    result = cli(["lint", "--only-journeys", str(other)])
    assert result.code == 0 and result.out == "No problems in 0 files.\n"
    # every command that takes paths skips them the same way (SPEC §4)
    assert cli(["score", str(other), str(CLEAN)]).code == 2
    score = cli(["score", "--only-journeys", str(other), str(CLEAN), "-f", "json"])
    assert score.code == 0 and [j["path"] for j in json.loads(score.out)["journeys"]] == [str(CLEAN)]
    assert cli(["render", str(other), str(CLEAN), "-o", str(tmp_path / "maps")]).code == 2
    render = cli(["render", "--only-journeys", str(other), str(CLEAN), "-f", "mermaid"])
    assert render.code == 0 and render.out.startswith("journey\n")
    # nothing left after the filter is nothing to do, as for lint: exit 0 (a pre-commit run on other YAML)
    for command in ("score", "render"):
        skipped = cli([command, "--only-journeys", str(other)])
        assert (skipped.code, skipped.out) == (0, ""), skipped.err
        assert skipped.err == "cjm: no journeys among the given files (--only-journeys)\n"
        (tmp_path / "empty").mkdir(exist_ok=True)
        for args in ([command, str(tmp_path / "empty")], [command, "--only-journeys", str(tmp_path / "empty")]):
            empty = cli(args)
            assert empty.code == 2 and "no journeys found in" in empty.err, "nothing was filtered: an error"
    # a machine-readable score report stays a valid (empty) report
    empty_json = cli(["score", "--only-journeys", str(other), "-f", "json"])
    assert (empty_json.code, json.loads(empty_json.out)) == (0, {"version": 1, "journeys": []})
    assert cli(["score", "--only-journeys", "-q", str(other)]).err == "", "--quiet silences the note"


@pytest.mark.parametrize("command", [["score", str(CLEAN)], ["render", str(CLEAN)], ["schema"], ["rules"]])
def test_a_bad_today_is_exit_2_for_every_command(cli, command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (["--today", "bad", *command], [*command, "--today", "2026-02-30"]):
        result = cli(args)
        assert result.code == 2 and result.err.startswith("cjm: error: --today: "), (args, result.err)
    for bad in ("23.11.2026", "2026-11-23\n", "２０２６-11-23"):
        monkeypatch.setenv("CJM_TODAY", bad)
        result = cli(command)
        assert result.code == 2 and result.err.startswith("cjm: error: CJM_TODAY: "), result.err
        assert "is not a date YYYY-MM-DD" in result.err


def test_missing_path_exits_2(cli, tmp_path: Path) -> None:
    result = cli(["lint", str(tmp_path / "nope.yaml")])
    assert result.code == 2
    assert result.err == f"cjm: error: {(tmp_path / 'nope.yaml').as_posix()}: no such file or directory\n"


def test_unreadable_file_exits_2(cli, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = journey(tmp_path, "locked.yaml")
    path.chmod(0)
    assert cli(["lint", str(path)]).code == 2


def test_bad_usage_exits_2_with_one_line(cli) -> None:
    for args in (["lint", "--format", "xml", str(VALID)], ["lint"], ["frobnicate"], ["lint", "--bogus", "x"]):
        result = cli(args)
        assert result.code == 2
        assert result.err.count("\n") == 1 and result.err.startswith("cjm: error: "), result.err
        assert "Value error" not in result.err and "Traceback" not in result.err
    assert "'xml' is not one of" in cli(["lint", "--format", "xml", str(VALID)]).err


def test_global_options_before_and_after_the_command(cli, tmp_path: Path) -> None:
    config = journey(tmp_path, "c.yaml", "bogus: 1\n")
    for args in (
        ["--config", str(config), "lint", str(CLEAN)],
        ["lint", str(CLEAN), "--config", str(config)],
    ):
        result = cli(args)
        assert result.code == 2
        assert result.err.startswith(f"cjm: error: {config.as_posix()}:1:1: unknown key 'bogus'")
    for args in (
        ["--today", "2026-13-01", "lint", str(CLEAN)],
        ["lint", "--today", "nope", str(CLEAN)],
    ):
        result = cli(args)
        assert result.code == 2 and "--today" in result.err
    for args in (["--quiet", "lint", str(CLEAN)], ["lint", "-q", str(CLEAN)]):
        assert cli(args).out == ""
    assert cli(["--no-color", "--debug", "lint", str(CLEAN), "--no-color", "--debug"]).code == 0


def test_cjm_today_environment_is_validated(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CJM_TODAY", "23.11.2026")
    result = cli(["lint", str(VALID)])
    assert result.code == 2 and "CJM_TODAY" in result.err


def test_bad_config_found_by_discovery_exits_2(cli, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    journey(tmp_path, ".cjm.yaml", "score: {key_moments: -1}\n")
    path = journey(tmp_path, "j.yaml")
    result = cli(["lint", str(path)])
    assert result.code == 2
    assert ".cjm.yaml:1:22:" in result.err


def test_a_found_config_is_shown_relative_to_the_current_directory(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "maps").mkdir()
    journey(tmp_path / "maps", ".cjm.yaml", "score: {key_moments: -1}\n")
    journey(tmp_path / "maps", "j.yaml")
    monkeypatch.chdir(tmp_path)
    assert cli(["lint", "maps/j.yaml"]).err.startswith("cjm: error: maps/.cjm.yaml:1:22: ")
    monkeypatch.chdir(tmp_path / "maps")
    assert cli(["lint", "j.yaml"]).err.startswith("cjm: error: .cjm.yaml:1:22: ")
    assert cli(["lint", "-"], stdin="cjm: 1\n").err.startswith("cjm: error: .cjm.yaml:1:22: ")
    # given absolute, shown absolute; --config exactly as given
    absolute = (tmp_path / "maps" / "j.yaml").as_posix()
    assert cli(["lint", absolute]).err.startswith(f"cjm: error: {(tmp_path / 'maps').as_posix()}/.cjm.yaml:1:22: ")
    monkeypatch.chdir(tmp_path)
    explicit = cli(["lint", "maps/j.yaml", "--config", str(tmp_path / "maps" / ".cjm.yaml")]).err
    assert explicit.startswith(f"cjm: error: {(tmp_path / 'maps').as_posix()}/.cjm.yaml:1:22: ")


def test_a_config_found_through_a_symlinked_directory_is_named_truly(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # work/maps -> ../real/deep/maps: the bad config is real/deep/.cjm.yaml, not work/.cjm.yaml
    (tmp_path / ".git").mkdir()
    (tmp_path / "real" / "deep" / "maps").mkdir(parents=True)
    (tmp_path / "work").mkdir()
    journey(tmp_path / "real" / "deep", ".cjm.yaml", "score: {key_moments: -1}\n")
    journey(tmp_path / "work", ".cjm.yaml", "review_every_days: 90\n")
    journey(tmp_path / "real" / "deep" / "maps", "j.yaml")
    (tmp_path / "work" / "maps").symlink_to(tmp_path / "real" / "deep" / "maps")
    monkeypatch.chdir(tmp_path / "work")
    assert cli(["lint", "maps/j.yaml"]).err.startswith("cjm: error: ../real/deep/.cjm.yaml:1:22: ")


def test_output_file(cli, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = cli(["lint", "--format", "json", "--output", str(out), str(VALID)])
    assert result.code == 0 and result.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["files"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_output_never_overwrites_an_input(cli, tmp_path: Path) -> None:
    path = journey(tmp_path, "j.yaml")
    before = path.read_bytes()
    result = cli(["lint", "--output", str(path), str(path)])
    assert result.code == 2 and "input" in result.err
    assert path.read_bytes() == before


def test_output_into_missing_directory_exits_2(cli, tmp_path: Path) -> None:
    result = cli(["lint", "--output", str(tmp_path / "no" / "r.txt"), str(VALID)])
    assert result.code == 2 and "does not exist" in result.err


def test_color_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from cjm.cli.app import Globals

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert Globals().color(Tty())
    assert not Globals(no_color=True).color(Tty())
    assert not Globals().color(object())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Globals().color(Tty())


def test_internal_error_exits_3_with_one_line(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import cjm.lint.run

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(cjm.lint.run, "run", boom)
    result = cli(["lint", str(VALID)])
    assert result.code == 3
    assert result.err.count("\n") == 1
    assert "re-run with --debug" in result.err
    # --debug shows the traceback, and the exit code stays 3 (1 would read as "the check failed")
    debug = cli(["lint", str(VALID), "--debug"])
    assert debug.code == 3
    assert debug.err.startswith("Traceback (most recent call last):") and "ZeroDivisionError: bug" in debug.err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["lint", str(VALID)], ["render", str(VALID)], ["schema"]])
def test_a_full_disk_on_stdout_is_exit_2_not_a_bug(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "cjm", *command], stdout=full, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == "cjm: error: cannot write the output: No space left on device\n"
    with open(os.devnull) as read_only:  # `cjm lint x 1</dev/null`: stdout open for reading only
        proc = subprocess.run(
            [sys.executable, "-m", "cjm", *command], stdout=read_only, stderr=subprocess.PIPE, text=True
        )
    assert proc.returncode == 2 and proc.stderr.startswith("cjm: error: cannot write the output: "), proc.stderr


def test_inputs_are_never_modified(cli, tmp_path: Path) -> None:
    path = journey(tmp_path, "j.yaml", VALID.read_text(encoding="utf-8").replace("emotion: 1", "emotion: 9"))
    before = path.read_bytes(), path.stat().st_mtime_ns
    cli(["lint", "--format", "json", str(path)])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_examples_lint_without_errors(cli) -> None:
    examples = ROOT / "examples"
    if not any(examples.glob("*.yaml")):
        pytest.skip("no examples yet")
    result = cli(["lint", "--format", "json", str(examples)])
    data = json.loads(result.out)
    assert data["files"] >= 4
    assert data["summary"]["error"] == 0, result.out
    assert result.code == 0


def test_typer_cli_runner(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cjm.cli import load_app

    bad = journey(tmp_path, "bad.yaml", BROKEN)
    result = CliRunner().invoke(load_app(), ["lint", "--format", "json", str(bad)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"] == {"error": 1, "warning": 0, "info": 0}
