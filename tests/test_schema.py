"""`cjm schema`: generated from the models, draft-07, committed copy in sync, accepted by real consumers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import EXAMPLES, FIXTURES, ROOT

from cjm.schema import journey_schema, schema_text

COMMITTED = ROOT / "schemas" / "journey.schema.json"
NODE_DIR = ROOT / "tests" / "node"
MODELINE = "# yaml-language-server: $schema=../schemas/journey.schema.json"


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def test_committed_schema_is_identical_to_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), "run `cjm schema -o schemas/journey.schema.json`"


def test_cli_prints_and_writes_the_schema(cli, tmp_path: Path) -> None:
    result = cli(["schema"])
    assert result.code == 0 and result.out == schema_text()
    target = tmp_path / "s.json"
    assert cli(["schema", "-o", str(target)]).code == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def test_schema_is_draft07_with_definitions() -> None:
    schema = journey_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "definitions" in schema
    text = json.dumps(schema)
    assert "$defs" not in text
    assert "prefixItems" not in text
    jsonschema.Draft7Validator.check_schema(schema)


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = list(schema.get("properties", {}).items())
    for name, definition in schema.get("definitions", {}).items():
        found += [(f"{name}.{key}", value) for key, value in definition.get("properties", {}).items()]
    return found


def test_every_key_is_explained_for_the_editor() -> None:
    undocumented = [name for name, prop in _properties(journey_schema()) if not prop.get("description")]
    assert undocumented == []


def test_enums_flow_into_the_schema() -> None:
    text = json.dumps(journey_schema())
    for value in (
        '"before"',
        '"during"',
        '"after"',
        '"in-progress"',
        '"delight"',
        '"detract"',
        '"nn"',
        '"fi"',
    ):
        assert value in text


@pytest.mark.parametrize(
    "snippet",
    [
        {"bogus": 1},
        {"state": "draft"},
        {"touchpoints": [{"id": "t", "stage": "s", "emotion": 3}]},
        {"touchpoints": [{"id": "Bad Id", "stage": "s"}]},
        {"reviewed": "1.1.2026"},
        {"stages": []},
    ],
)
def test_schema_rejects_what_the_loader_rejects(snippet: dict[str, Any]) -> None:
    document = {
        "cjm": 1,
        "id": "j",
        "title": "T",
        "stages": [{"id": "s"}],
        "touchpoints": [],
        **snippet,
    }
    errors = list(jsonschema.Draft7Validator(journey_schema()).iter_errors(document))
    assert errors


def test_schema_accepts_x_keys_everywhere() -> None:
    document = {
        "cjm": 1,
        "id": "j",
        "title": "T",
        "x-team": {"a": 1},
        "stages": [{"id": "s", "x-color": "red"}],
        "touchpoints": [{"id": "t", "stage": "s", "x-crm": 1, "metrics": {"x-src": "crm"}}],
    }
    assert list(jsonschema.Draft7Validator(journey_schema()).iter_errors(document)) == []


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_examples_start_with_the_modeline(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE


def test_check_jsonschema_accepts_the_examples() -> None:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema is a dev dependency"
    files = [str(p) for p in example_files()] + [str(FIXTURES / "load" / "valid.yaml")]
    result = subprocess.run([exe, "--schemafile", str(COMMITTED), *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_a_bad_journey(tmp_path: Path) -> None:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "cjm: 1\nid: j\ntitle: T\nstages: [{id: s, phase: early}]\ntouchpoints: []\n",
        encoding="utf-8",
    )
    result = subprocess.run([exe, "--schemafile", str(COMMITTED), str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "early" in result.stdout + result.stderr


def _yamlls(*args: str) -> Any:
    if not (NODE_DIR / "node_modules" / "yaml-language-server").is_dir():
        pytest.skip("yaml-language-server not installed (scripts/test-deps.sh installs it)")
    result = subprocess.run(
        ["node", str(NODE_DIR / "yamlls.js"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_yaml_language_server_accepts_the_examples_via_their_modeline() -> None:
    files = [str(p.relative_to(ROOT)) for p in example_files()]
    assert len(files) >= 4
    diagnostics = _yamlls("validate", *files)
    assert diagnostics == {f: [] for f in files}


def test_yaml_language_server_reports_schema_errors(tmp_path: Path) -> None:
    shutil.copy(COMMITTED, tmp_path / "journey.schema.json")
    work = tmp_path / "bad.yaml"
    text = (FIXTURES / "load" / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace("../../../schemas/", "").replace("emotion: 1", "emotoin: 1")
    work.write_text(text, encoding="utf-8")
    diagnostics = _yamlls("validate", str(work))
    messages = [d["message"] for d in diagnostics[str(work)]]
    assert any("emotoin" in m for m in messages), messages


BLANKS = ["\u0085", "\u001c", "\u200e", "\u2062", "\u00ad", "\ufeff", "\u3000 "]


def test_blank_text_is_blank_to_cjm_and_to_the_editor_alike(tmp_path: Path) -> None:
    # The schema's pattern and cjm's model are one; Python, pydantic (Rust) and the editors'
    # JavaScript must read it alike, or the editor passes an owner that `cjm lint` refuses.
    from cjm.load import load_journey_text

    shutil.copy(COMMITTED, tmp_path / "journey.schema.json")
    head = "# yaml-language-server: $schema=journey.schema.json\ncjm: 1\nid: j\ntitle: T\nstages: [{id: s}]\n"
    files = []
    for i, blank in enumerate([*BLANKS, "ok\u200e"]):
        path = tmp_path / f"b{i}.yaml"
        text = head + f"touchpoints: [{{id: t, stage: s, owner: {json.dumps(blank)}}}]\n"
        path.write_text(text, encoding="utf-8")
        assert load_journey_text(text, "b.yaml").ok == (blank == "ok\u200e"), repr(blank)
        files.append(str(path))
    diagnostics = _yamlls("validate", *files)
    flagged = [bool(diagnostics[f]) for f in files]
    assert flagged == [True] * len(BLANKS) + [False], diagnostics


def test_yaml_language_server_completes_touchpoint_keys() -> None:
    labels = _yamlls("complete", str((FIXTURES / "load" / "valid.yaml").relative_to(ROOT)), "13", "5")
    for key in ("emotion", "expectation", "experience", "owner", "metrics", "moment"):
        assert key in labels


def test_expectation_is_what_the_customer_expects() -> None:
    """Not how much the customer cares: that is importance, a field of format 1.1."""
    touchpoint = journey_schema()["definitions"]["Touchpoint"]["properties"]
    description = touchpoint["expectation"]["description"]
    assert description.startswith("What the customer expects here, 1..5")
    assert "care" not in description
