"""`cjm init`: a commented starter journey per language that lints clean, plus the schema."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from cjm.languages import LANGUAGES
from cjm.load import load_journey_text
from cjm.model import V11_FIELDS, format_11_fields, kpi_metric_keys


def git_repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_starter_lints_clean_with_every_rule(cli, tmp_path: Path, lang: str) -> None:
    repo = git_repo(tmp_path / "repo")
    (repo / "maps").mkdir()
    target = repo / "maps" / "journey.yaml"
    result = cli(["init", str(target), "--lang", lang])
    assert result.code == 0, result.err
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../.cjm/journey.schema.json"
    assert "reviewed: 2026-11-23" in text
    assert "__" not in text
    assert text.count("#") > 20, "the starter explains itself in comments"
    lint = cli(["lint", "--format", "json", "--fail-level", "info", str(target)])
    # the one finding is that it is still the starter (info: it passes `cjm lint`)
    assert [f["code"] for f in json.loads(lint.out)["findings"]] == ["CJM120"], lint.out
    assert cli(["lint", str(target)]).code == 0


def test_starter_language_is_set(cli, tmp_path: Path) -> None:
    git_repo(tmp_path)
    for lang in LANGUAGES:
        cli(["init", str(tmp_path / f"{lang}.yaml"), "--lang", lang])
        assert f"language: {lang}" in (tmp_path / f"{lang}.yaml").read_text(encoding="utf-8")


def test_schema_written_at_the_repository_root_once(cli, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    (repo / "a" / "b").mkdir(parents=True)
    first = cli(["init", str(repo / "a" / "b"), "--lang", "da"])
    assert first.code == 0
    schema = repo / ".cjm" / "journey.schema.json"
    assert schema.is_file()
    assert (
        (repo / "a" / "b" / "journey.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../../.cjm/journey.schema.json\n")
    )
    schema.write_text("{}", encoding="utf-8")
    assert cli(["init", str(repo / "a" / "other.yaml")]).code == 0
    assert schema.read_text(encoding="utf-8") == "{}", "an existing schema is left alone"


def test_outside_a_repository_the_schema_goes_to_the_current_directory(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert cli(["init", "--lang", "sv"]).code == 0
    assert (tmp_path / ".cjm" / "journey.schema.json").is_file()
    assert (tmp_path / "journey.yaml").is_file()


def test_init_never_overwrites(cli, tmp_path: Path) -> None:
    git_repo(tmp_path)
    target = tmp_path / "journey.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = cli(["init", str(target)])
    assert result.code == 2 and "already exists" in result.err
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_missing_folders_of_a_journey_file_are_made(cli, tmp_path: Path) -> None:
    git_repo(tmp_path)
    result = cli(["init", str(tmp_path / "kundereiser" / "boliglan.yaml"), "--lang", "nb"])
    assert result.code == 0, result.err
    assert (
        (tmp_path / "kundereiser" / "boliglan.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../.cjm/journey.schema.json\n")
    )


@pytest.mark.parametrize("name", ["kundereiser", "kunde.reiser", "a/b/kundereiser"])
def test_a_name_without_a_yaml_suffix_is_a_folder(cli, tmp_path: Path, name: str) -> None:
    git_repo(tmp_path)
    result = cli(["init", str(tmp_path / name), "--lang", "nb"])
    assert result.code == 0, result.err
    assert (tmp_path / name).is_dir(), "never a file named like the folder the consultant meant"
    assert (tmp_path / name / "journey.yaml").is_file()


@pytest.mark.parametrize("name", ["boliglan.yml", "Boliglan.YAML"])
def test_a_yaml_suffix_in_any_case_names_the_file(cli, tmp_path: Path, name: str) -> None:
    git_repo(tmp_path)
    assert cli(["init", str(tmp_path / "maps" / name)]).code == 0
    assert (tmp_path / "maps" / name).is_file()


def test_a_file_in_the_way_of_the_folder_exits_2(cli, tmp_path: Path) -> None:
    git_repo(tmp_path)
    (tmp_path / "kundereiser").write_text("notes\n", encoding="utf-8")
    result = cli(["init", str(tmp_path / "kundereiser")])
    assert result.code == 2
    in_the_way = f"{tmp_path / 'kundereiser'}: cannot create the folder (a file of that name is in the way)"
    assert result.err == f"cjm: error: {in_the_way}\n"
    assert (tmp_path / "kundereiser").read_text(encoding="utf-8") == "notes\n"
    assert not (tmp_path / ".cjm").exists(), "nothing is written when the journey cannot be"


def test_unknown_language_exits_2(cli, tmp_path: Path) -> None:
    assert cli(["init", str(tmp_path / "j.yaml"), "--lang", "de"]).code == 2


def test_a_trailing_slash_means_a_directory(cli, tmp_path: Path) -> None:
    git_repo(tmp_path)
    result = cli(["init", f"{tmp_path / 'maps'}/", "--lang", "nb"])
    assert result.code == 0, result.err
    assert (tmp_path / "maps" / "journey.yaml").is_file()
    assert result.out.splitlines()[-1] == f"wrote {(tmp_path / 'maps' / 'journey.yaml').as_posix()}"


def test_written_paths_are_shown_relative_to_the_current_directory(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = cli(["init", "maps/", "--lang", "da"])
    assert result.out == "wrote .cjm/journey.schema.json\nwrote maps/journey.yaml\n"


# --- format 1.1 in the starters --------------------------------------------------------------------

# A commented field of the starter: `# key: value`, `#   - {...}` or `#     key: value` of a commented
# block, at the indentation it takes once the `# ` is removed. Prose comments never read like this.
COMMENTED_FIELD = re.compile(r"^(?P<indent> *)# (?P<body> *(?:- \{|(?:- )?[a-z][a-z0-9_]*:(?: |$)).*)$")
# The format 1.1 fields the starters use live: they teach the method and lint clean as they are.
LIVE_11 = {("touchpoints", "importance"), ("touchpoints", "needs_met"), ("touchpoints", "needs_unmet")}
LIVE_11 |= {("actions", "priority"), ("actions", "effort"), ("personas", "needs")}


def starter(cli, folder: Path, lang: str) -> Path:
    """The starter of a language, written by `cjm init` into a git repository."""
    git_repo(folder)
    target = folder / "journey.yaml"
    assert cli(["init", str(target), "--lang", lang]).code == 0
    return target


def uncommented(text: str) -> tuple[str, list[str]]:
    """The starter with every commented field uncommented, and those fields' lines (stripped)."""
    lines, fields = [], []
    for line in text.splitlines():
        found = COMMENTED_FIELD.match(line)
        lines.append(found["indent"] + found["body"] if found else line)
        if found:
            fields.append(found["body"].strip())
    return "\n".join(lines) + "\n", fields


def fields_11(data: object) -> set[tuple[str, str]]:
    """(kind, field) of every format 1.1 field the parsed journey uses; kind 'journey' at the top."""
    paths = format_11_fields(data)
    return {("journey", str(path[0])) if len(path) == 1 else (str(path[0]), str(path[2])) for path in paths}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_starter_is_format_1_1_and_uses_its_fields_live(cli, tmp_path: Path, lang: str) -> None:
    target = starter(cli, tmp_path, lang)
    text = target.read_text(encoding="utf-8")
    assert re.search(r"^cjm: 1\.1 ", text, re.M), "the starter is format 1.1"
    assert re.search(r"^# .*\(cjm, (format|formaatti) 1\.1\)", text, re.M), "and its header says so"
    loaded = load_journey_text(text, str(target))
    assert loaded.ok and loaded.journey is not None, loaded.problems
    assert str(loaded.data["cjm"]) == "1.1"
    assert fields_11(loaded.data) >= LIVE_11
    journey = loaded.journey
    order = next(tp for tp in journey.touchpoints if tp.id == "order")
    assert order.moment == "pain" and order.importance == 5, "how much customers care at the pain point"
    (action,) = journey.actions
    assert "order" in action.addresses and action.priority == 1 and action.effort is not None
    # every need with an id is met or failed at some touchpoint (else CJM116)
    need_ids = {need.id for persona in journey.personas for need in persona.needs.with_ids()}
    named = {need for tp in journey.touchpoints for need in (*tp.needs_met, *tp.needs_unmet)}
    assert need_ids and need_ids == named
    strict = cli(["lint", "--strict", str(target)])
    assert strict.code == 0 and "(0 errors, 0 warnings, 1 info)" in strict.out, strict.out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_commented_examples_are_valid_1_1_once_uncommented(cli, tmp_path: Path, lang: str) -> None:
    target = starter(cli, tmp_path, lang)
    text, fields = uncommented(target.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    # a to-be's baseline names the as-is journey: put one beside it, as a consultant would
    as_is = re.sub(r"^id: my-journey ", "id: my-journey-as-is ", target.read_text(encoding="utf-8"), flags=re.M)
    (tmp_path / "as-is.yaml").write_text(as_is, encoding="utf-8")
    loaded = load_journey_text(text, str(target))
    assert loaded.problems == [] and loaded.journey is not None, loaded.problems
    every_11_field = {(kind, name) for kind, names in V11_FIELDS.items() for name in names}
    assert fields_11(loaded.data) >= every_11_field | LIVE_11, "every 1.1 field is shown, live or commented"
    assert kpi_metric_keys(loaded.data) == [("touchpoints", 0, "metrics", "conversion")], "a KPI value at a touchpoint"
    lint = cli(["lint", "--format", "json", "--fail-level", "info", str(target)])
    findings = json.loads(lint.out)["findings"]
    assert [f for f in findings if f["severity"] != "info"] == [], lint.out
    assert len(fields) >= 20


def test_every_starter_shows_the_same_commented_fields(cli, tmp_path: Path) -> None:
    keys = {}
    for lang in LANGUAGES:
        text = starter(cli, tmp_path / lang, lang).read_text(encoding="utf-8")
        keys[lang] = [re.sub(r":.*|^- ", "", field) for field in uncommented(text)[1]]
    assert {"phases", "kpis", "baseline", "share", "by_persona", "recovers", "kpi"} <= set(keys["en"])
    for lang in LANGUAGES:
        assert keys[lang] == keys["en"], lang
