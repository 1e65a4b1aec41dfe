"""The loader's YAML rules (SPEC §2), one test (or more) per rule, and error positions."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import FIXTURES

from cjm.load import Loaded, load_journey, load_journey_text

HEAD = "cjm: 1\nid: j\ntitle: T\nstages:\n  - {id: s, phase: before}\n"


def load(text: str) -> Loaded:
    return load_journey_text(text, "j.yaml")


def only(loaded: Loaded) -> tuple[str, int, int, str]:
    assert len(loaded.problems) == 1, loaded.problems
    p = loaded.problems[0]
    return p.code, p.line, p.column, p.message


def test_valid_fixture_loads() -> None:
    loaded = load_journey(str(FIXTURES / "load" / "valid.yaml"))
    assert loaded.ok
    assert loaded.journey is not None
    assert [tp.id for tp in loaded.journey.touchpoints] == ["ad", "buy"]


def test_python_tags_are_refused() -> None:
    code, line, column, message = only(load(HEAD + "touchpoints: !!python/object/apply:os.system [ls]\n"))
    assert (code, line, column) == ("CJM001", 6, 14)
    assert "not allowed" in message


def test_custom_tags_are_refused() -> None:
    assert only(load(HEAD + "touchpoints: !include other.yaml\n"))[0] == "CJM001"


def test_merge_keys_work() -> None:
    text = HEAD + (
        "x-base: &base {stage: s, owner: Kundeservice, emotion: 1}\n"
        "touchpoints:\n"
        "  - <<: *base\n    id: a\n"
        "  - <<: *base\n    id: b\n    emotion: -1\n"
    )
    loaded = load(text)
    assert loaded.ok, loaded.problems
    assert loaded.journey is not None
    a, b = loaded.journey.touchpoints
    assert (a.owner, a.emotion, b.owner, b.emotion) == ("Kundeservice", 1, "Kundeservice", -1)


def test_second_document_is_cjm001_at_its_first_line() -> None:
    code, line, _, message = only(load(HEAD + "touchpoints: []\n---\ncjm: 1\n"))
    assert (code, line) == ("CJM001", 7)
    assert "one journey per file" in message


@pytest.mark.parametrize("word", ["no", "NO", "No", "off", "OFF", "yes", "Yes", "on", "ON", "y", "n"])
def test_yaml11_booleans_stay_strings(word: str) -> None:
    loaded = load(HEAD + f"owner: {word}\ntouchpoints:\n  - {{id: t, stage: s, owner: {word}}}\n")
    assert loaded.ok, loaded.problems
    assert loaded.journey is not None
    assert loaded.journey.owner == word
    assert loaded.journey.touchpoints[0].owner == word


def test_only_true_and_false_are_booleans() -> None:
    loaded = load(HEAD + "touchpoints:\n  - {id: a, stage: s, entry: true}\n  - {id: b, stage: s, entry: yes}\n")
    code, line, column, message = only(loaded)
    assert (code, line, column) == ("CJM002", 8, 30)
    assert "touchpoints[1].entry" in message


def test_norwegian_country_code_survives() -> None:
    loaded = load(HEAD + "tags: [NO, SE, DK]\ntouchpoints: []\n")
    assert loaded.journey is not None and loaded.journey.tags == ["NO", "SE", "DK"]


def test_duplicate_key_is_an_error_at_the_repeated_key() -> None:
    text = HEAD + "touchpoints:\n  - id: t\n    stage: s\n    owner: Salg\n    owner: Marketing\n"
    code, line, column, message = only(load(text))
    assert (code, line, column) == ("CJM003", 10, 5)
    assert message == "touchpoints[0].owner: duplicate key 'owner' in this mapping"
    assert load(text).problems[0].item == "touchpoints[0].owner"


def test_keys_that_are_not_text_are_named_as_written() -> None:
    loaded = load(HEAD.replace("{id: s,", "{id: s, 2: x,") + "touchpoints: []\n~: b\n")
    assert [(p.line, p.column, p.item, p.message) for p in loaded.problems] == [
        (5, 13, "stages[0]", "stages[0]: the key 2 is not text; keys are names such as 'title'"),
        (7, 1, "", "journey: the key null (empty) is not text; keys are names such as 'title'"),
    ]


def test_duplicate_key_in_flow_mapping() -> None:
    assert only(load(HEAD + "touchpoints:\n  - {id: t, stage: s, id: u}\n"))[0] == "CJM003"


def test_explicit_key_overrides_merged_key_without_duplicate_error() -> None:
    text = HEAD + "x-b: &b {stage: s, owner: A}\ntouchpoints:\n  - <<: *b\n    owner: B\n    id: t\n"
    loaded = load(text)
    assert loaded.journey is not None and loaded.journey.touchpoints[0].owner == "B"


def billion_laughs(levels: int = 12) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_fast_with_bounded_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    code, line, _, message = only(load(billion_laughs()))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == "CJM001"
    assert "alias bomb" in message
    assert line >= 1
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


def test_moderate_alias_use_is_fine() -> None:
    text = (
        HEAD
        + "x-n: &n {functional: [A], emotional: [B]}\npersonas:\n"
        + "".join(f"  - {{id: p{i}, needs: *n}}\n" for i in range(50))
        + "touchpoints: []\n"
    )
    assert load(text).ok


def test_recursive_alias_is_refused() -> None:
    assert only(load("a: &a [1, *a]\n"))[0] == "CJM001"


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "description: " + "x" * 200_000 + "\ntouchpoints: []\n", encoding="utf-8")
    loaded = load_journey(str(path), limit_mb=0.1)
    code, line, column, message = only(loaded)
    assert (code, line, column) == ("CJM001", 1, 1)
    assert "size limit" in message
    assert load_journey(str(path), limit_mb=1).ok


def test_utf8_bom_is_accepted() -> None:
    loaded = load_journey(str(FIXTURES / "load" / "bom.yaml"))
    assert loaded.ok, loaded.problems


def test_crlf_is_accepted() -> None:
    loaded = load_journey(str(FIXTURES / "load" / "crlf.yaml"))
    assert loaded.ok, loaded.problems


def test_utf16_is_cjm001(tmp_path: Path) -> None:
    path = tmp_path / "u16.yaml"
    path.write_bytes((HEAD + "touchpoints: []\n").encode("utf-16"))
    code, _, _, message = only(load_journey(str(path)))
    assert code == "CJM001" and "UTF-16" in message


def test_latin1_byte_is_cjm001_at_its_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes((HEAD + "owner: Kundeservice\ndescription: Bredb\xe5nd\n").encode("latin-1"))
    code, line, column, message = only(load_journey(str(path)))
    assert (code, line, column) == ("CJM001", 7, 19)
    assert "UTF-8" in message


def test_control_characters_are_cjm001() -> None:
    assert only(load(HEAD + "title2: \x07\n"))[0] == "CJM001"


@pytest.mark.parametrize(
    ("text", "loc", "line", "column", "words"),
    [
        (
            HEAD + "touchpoints:\n  - {id: a, stage: s, emotion: 3}\n",
            "touchpoints[0].emotion",
            7,
            32,
            "2",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    stage: s\n    expectation: high\n",
            "touchpoints[0].expectation",
            9,
            18,
            "number",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    stage: s\n    metrics: {drop_off: 1.5}\n",
            "touchpoints[0].metrics.drop_off",
            9,
            25,
            "1",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    stage: s\n    emotoin: 1\n",
            "touchpoints[0].emotoin",
            9,
            5,
            "did you mean 'emotion'",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    name: A\n",
            "touchpoints[0].stage",
            7,
            5,
            "missing required key 'stage'",
        ),
        (
            HEAD + "touchpoints:\n  - {id: Not A Slug, stage: s}\n",
            "touchpoints[0].id",
            7,
            10,
            "slug",
        ),
        (HEAD + "state: draft\ntouchpoints: []\n", "state", 6, 8, "current"),
        (HEAD + "reviewed: 2026-02-30\ntouchpoints: []\n", "reviewed", 6, 11, "calendar"),
        (HEAD + "reviewed: 30.01.2026\ntouchpoints: []\n", "reviewed", 6, 11, "YYYY-MM-DD"),
        (
            HEAD + "touchpoints:\n  - {id: a, stage: s, emotion: .nan}\n",
            "touchpoints[0].emotion",
            7,
            32,
            "finite",
        ),
        (
            HEAD + "touchpoints:\n  - {id: a, stage: s, metrics: {volume: 12.5}}\n",
            "touchpoints[0].metrics.volume",
            7,
            41,
            "integer",
        ),
        (
            HEAD + 'touchpoints:\n  - {id: a, stage: s, emotion: "1"}\n',
            "touchpoints[0].emotion",
            7,
            32,
            "number",
        ),
        (HEAD + "touchpoints: {a: 1}\n", "touchpoints", 6, 15, "list"),
    ],
)
def test_schema_errors_point_at_the_value_with_field_path(
    text: str, loc: str, line: int, column: int, words: str
) -> None:
    loaded = load(text)
    code, got_line, got_column, message = only(loaded)
    assert code == "CJM002"
    assert loaded.problems[0].item == loc
    assert (got_line, got_column) == (line, column), message
    assert words in message
    assert message.startswith(loc.rsplit(".", 1)[0]) or message.startswith(loc)


def test_missing_required_journey_key_points_at_cjm_key() -> None:
    loaded = load("# comment\ncjm: 1\nid: j\nstages:\n  - id: s\ntouchpoints: []\n")
    code, line, column, message = only(loaded)
    assert (code, line, column) == ("CJM002", 2, 1)
    assert "missing required key 'title'" in message


def test_all_schema_errors_are_reported_at_once() -> None:
    loaded = load(HEAD + "touchpoints:\n  - {id: a, stage: s, emotion: 9}\n  - {id: b, stage: s, experience: 0}\n")
    assert [p.item for p in loaded.problems] == [
        "touchpoints[0].emotion",
        "touchpoints[1].experience",
    ]


def test_ids_are_read_as_source_text() -> None:
    loaded = load(HEAD.replace("{id: s,", "{id: 007,") + "touchpoints:\n  - {id: 0012, stage: 007}\n")
    assert loaded.ok, loaded.problems
    assert loaded.journey is not None
    assert loaded.journey.stages[0].id == "007"
    assert loaded.journey.touchpoints[0].id == "0012"
    bad = load(HEAD + "touchpoints:\n  - {id: 1.50, stage: s}\n")
    assert "'1.50' is not a slug" in only(bad)[3]


@pytest.mark.parametrize("blank", ['""', '" "', '"\\t"', '"  \\n"', '"\\u200b"', '"\\u2060 "', '"\\ufeff"'])
def test_blank_text_is_no_text(blank: str) -> None:
    # An owner of " " would pass CJM103 and diff --fail-on owner-lost: blank text is an error.
    loaded = load(HEAD + f"touchpoints:\n  - {{id: t, stage: s, owner: {blank}}}\n")
    code, line, column, message = only(loaded)
    assert (code, line, column) == ("CJM002", HEAD.count("\n") + 2, 30)
    assert message.startswith("touchpoints[0].owner: is blank (")
    assert message.endswith("; write some text or leave the key out")
    required = only(load(HEAD.replace("title: T", f"title: {blank}") + "touchpoints: []\n"))[3]
    assert required.startswith("title: is blank (") and required.endswith("; write some text"), "title is required"
    assert load(HEAD + "touchpoints:\n  - {id: t, stage: s, owner: ' Salg\u200b'}\n").ok, "some visible text is enough"


def test_yaml12_numbers() -> None:
    data = load("a: 0o17\nb: 0x1F\nc: 1_000\nd: 1:30\ne: 1e3\nf: 010\ng: ~\nh: 2026-01-01\n").data
    assert data == {
        "a": 15,
        "b": 31,
        "c": "1_000",
        "d": "1:30",
        "e": 1000.0,
        "f": 10,
        "g": None,
        "h": "2026-01-01",
    }


@pytest.mark.parametrize("depth", [150, 50_000])
def test_deep_flow_nesting_is_cjm001_not_a_crash(depth: int) -> None:
    code, _, _, message = only(load("a: " + "[" * depth + "]" * depth + "\n"))
    assert code == "CJM001" and "nesting" in message


def test_deep_block_nesting_is_cjm001() -> None:
    text = "".join("  " * i + "k:\n" for i in range(300)) + "  " * 300 + "v\n"
    code, _, _, message = only(load(text))
    assert code == "CJM001" and "nesting" in message


def test_x_keys_are_allowed_everywhere_and_kept_aside() -> None:
    text = HEAD.replace("phase: before}", "phase: before, x-color: red}") + (
        "x-crm: {segment: 7}\ntouchpoints:\n  - {id: t, stage: s, x-note: [1, 2], metrics: {x-src: crm}}\n"
    )
    loaded = load(text)
    assert loaded.ok, loaded.problems
    assert loaded.journey is not None
    assert loaded.journey.extensions == {"x-crm": {"segment": 7}}
    assert loaded.journey.stages[0].extensions == {"x-color": "red"}
    assert loaded.journey.touchpoints[0].extensions == {"x-note": [1, 2]}
    assert loaded.journey.touchpoints[0].metrics.extensions == {"x-src": "crm"}


def test_duplicate_ids_cjm004() -> None:
    loaded = load(HEAD + "touchpoints:\n  - {id: t, stage: s}\n  - {id: t, stage: s}\n")
    code, line, column, message = only(loaded)
    assert (code, line, column) == ("CJM004", 8, 10)
    assert loaded.problems[0].item == "touchpoints[1].id"
    assert message == "touchpoints[1].id: touchpoint id 't' is used twice (first by touchpoints[0])"


def test_same_id_in_different_kinds_is_fine() -> None:
    assert load(HEAD.replace("id: s,", "id: t,") + "touchpoints:\n  - {id: t, stage: t}\n").ok


@pytest.mark.parametrize(
    ("tail", "item"),
    [
        ("touchpoints:\n  - {id: t, stage: nope}\n", "touchpoints[0].stage"),
        ("touchpoints:\n  - {id: t, stage: s, personas: [ghost]}\n", "touchpoints[0].personas[0]"),
        ("touchpoints:\n  - {id: t, stage: s, next: [t, gone]}\n", "touchpoints[0].next[1]"),
        (
            "touchpoints: []\nopportunities:\n  - {id: o, touchpoints: [gone]}\n",
            "opportunities[0].touchpoints[0]",
        ),
        ("touchpoints: []\nactions:\n  - {id: a, addresses: [gone]}\n", "actions[0].addresses[0]"),
        (
            "touchpoints: []\ninsights:\n  - {question: stop, answer: A, touchpoints: [gone]}\n",
            "insights[0].touchpoints[0]",
        ),
    ],
)
def test_unknown_references_cjm005(tail: str, item: str) -> None:
    loaded = load(HEAD + tail)
    assert only(loaded)[0] == "CJM005"
    assert loaded.problems[0].item == item


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("id: j\ntitle: T\n", 1, "missing"),
        ("cjm: 2\nid: j\n", 1, "version 2"),
        ("cjm: true\nid: j\n", 1, "version true is"),
        ("cjm:\nid: j\n", 1, "version null (empty) is"),
        ("cjm: '1'\nid: j\n", 1, "version '1' is"),
        ("cjm: [1, true]\nid: j\n", 1, "version [1, true] is"),
        ("cjm: {a: null}\nid: j\n", 1, 'version {"a": null} is'),
        ("", 1, "empty"),
        ("- a\n- b\n", 1, "not a mapping"),
    ],
)
def test_unsupported_version_cjm006(text: str, line: int, words: str) -> None:
    code, got_line, _, message = only(load(text))
    assert (code, got_line) == ("CJM006", line)
    assert words in message


def test_unknown_reference_names_the_field_and_suggests_an_id() -> None:
    loaded = load(HEAD.replace("id: s,", "id: kjop,") + "touchpoints:\n  - {id: a, stage: kjope}\n")
    assert only(loaded)[3] == "touchpoints[0].stage: no stage has the id 'kjope'; did you mean 'kjop'?"


def test_a_tab_in_the_indentation_is_named() -> None:
    code, line, _, message = only(load(HEAD + "touchpoints:\n\t- {id: a, stage: s}\n"))
    assert (code, line) == ("CJM001", 7)
    assert "never tabs" in message


def test_a_message_does_not_repeat_the_value() -> None:
    message = only(load(HEAD + "reviewed: 2026-02-30\ntouchpoints: []\n"))[3]
    assert message == "reviewed: '2026-02-30' is not a real calendar date"
