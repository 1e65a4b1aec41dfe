"""SPEC §6, hostile input: a pull request controls every input. Classes of attack, each with its test."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from properties import examples

from cjm.yamlsafe import YamlProblem, parse

HEAD = "cjm: 1\nid: x\ntitle: t\nstages: [{id: s}]\ntouchpoints: []\n"

# How one level of a billion-laughs chain can be spelled: level i anchors a list of ten aliases of level i-1.
SPELLINGS = {
    "block key": "x-l{i}: &a{i} {body}",
    "quoted key, no space (flow)": '"l{i}":&a{i} {body}',
    "single-quoted key, no space (flow)": "'l{i}':&a{i} {body}",
    "explicit key": "? x-l{i}\n: &a{i} {body}",
    "anchor before a flow sequence item": "- &a{i} {body}",
}


def chain(spelling: str, levels: int = 12) -> str:
    """A journey whose x- data expands to about 10**levels nodes through `levels` anchored levels."""
    lines = []
    for i in range(levels):
        body = "[" + ",".join(["1"] * 10 if i == 0 else [f"*a{i - 1}"] * 10) + "]"
        lines.append(spelling.format(i=i, body=body))
    if "flow" in spelling or spelling.startswith(('"', "'")):
        return HEAD + "x-b: {" + ", ".join(lines) + "}\n"
    if spelling.startswith("- "):
        return HEAD + "x-b:\n" + "\n".join("  " + line for line in lines) + "\n"
    return HEAD + "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_an_alias_bomb_is_refused_however_the_anchor_is_written(name: str) -> None:
    text = chain(SPELLINGS[name])
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as refused:
        parse(text)
    assert time.perf_counter() - started < 1.0
    assert refused.value.code == "CJM001" and "alias bomb" in refused.value.message, refused.value.message


def test_merge_keys_and_many_aliases_to_one_large_node_are_bounded() -> None:
    big = "[" + ",".join(str(i) for i in range(2000)) + "]"
    many = HEAD + f"x-big: &big {big}\nx-copies: [{', '.join(['*big'] * 60)}]\n"
    with pytest.raises(YamlProblem, match="alias bomb"):
        parse(many)
    merges = [HEAD + "x-m0: &m0 {" + ", ".join(f"k{j}: {j}" for j in range(20)) + "}"]
    for i in range(1, 10):
        merges.append(f"x-m{i}: &m{i} {{" + ", ".join(f"s{j}: {{<<: *m{i - 1}}}" for j in range(10)) + "}")
    with pytest.raises(YamlProblem, match="alias bomb"):
        parse("\n".join(merges) + "\n")


def test_ordinary_aliases_stay_allowed() -> None:
    text = HEAD + "x-owner: &o Kundeservice\nx-again: *o\nx-base: &b {a: 1}\nx-more: {<<: *b, c: 2}\n"
    data = parse(text)
    assert data["x-again"] == "Kundeservice" and data["x-more"] == {"a": 1, "c": 2}


@examples(25)
@given(
    key=st.sampled_from(['"k{i}":', "'k{i}':", "k{i}:", '"k{i}" :']),
    gap=st.sampled_from(["", " ", "  "]),
    flow=st.booleans(),
)
def test_anchor_spelling_property(key: str, gap: str, flow: bool) -> None:
    """Whatever the key's quoting and the space before the anchor, a chain of aliases is counted."""
    if not key.startswith(("'", '"')) and not gap:
        gap = " "  # `k0:&a0` is one plain scalar, not a key and an anchor
    levels = []
    for i in range(9):
        body = "[" + ",".join(["1"] * 10 if i == 0 else [f"*a{i - 1}"] * 10) + "]"
        levels.append(f"{key.format(i=i)}{gap}&a{i} {body}")
    if flow or not gap:  # a plain block key needs a space after ':'; flow mappings do not
        text = HEAD + "x-b: {" + ", ".join(levels) + "}\n"
    else:
        text = HEAD + "x-b:\n" + "\n".join("  " + line for line in levels) + "\n"
    with pytest.raises(YamlProblem, match="alias bomb"):
        parse(text)


# --- outputs never replace inputs ---------------------------------------------------------------------------

JOURNEY = (
    "cjm: 1\nid: j\ntitle: T\nstages: [{id: s, phase: before}]\n"
    "touchpoints:\n  - {id: a, stage: s, owner: O, emotion: -1, metrics: {volume: 10}}\n"
)


@pytest.fixture
def workshop(tmp_path, monkeypatch):
    """A repository-like folder: maps/ with a journey and a .cjm.yaml, a CSV, a config and a template."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CJM_TODAY", "2026-11-23")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "j.yaml").write_text(JOURNEY, encoding="utf-8")
    (tmp_path / "maps" / ".cjm.yaml").write_text("review_every_days: 90\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("touchpoint,volume\na,20\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("review_every_days: 90\n", encoding="utf-8")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "_footer.html.j2").write_text("<footer></footer>\n", encoding="utf-8")
    return tmp_path


def _snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "maps", "-o", "maps/j.yaml"],  # a journey found in a directory
        ["lint", "maps", "-o", "maps/.cjm.yaml"],  # the config found for it
        ["lint", "maps/j.yaml", "--metrics", "m.csv", "-o", "m.csv"],
        ["lint", "maps/j.yaml", "--config", "c.yaml", "-o", "c.yaml"],
        ["render", "maps/j.yaml", "--metrics", "m.csv", "-o", "m.csv"],
        ["render", "maps/j.yaml", "--config", "c.yaml", "-o", "c.yaml"],
        ["render", "maps/j.yaml", "-o", "maps/.cjm.yaml"],
        ["render", "maps/j.yaml", "--template", "tpl", "-o", "tpl/_footer.html.j2"],
        ["render", "maps", "--template", "tpl", "-o", "tpl/"],
        ["diff", "maps/j.yaml", "maps/j.yaml", "--metrics", "m.csv", "-o", "m.csv"],
        ["diff", "maps/j.yaml", "maps/j.yaml", "-o", "maps/.cjm.yaml"],
    ],
)
def test_an_output_never_replaces_an_input_of_the_run(workshop, args: list[str]) -> None:
    from conftest import run_cli

    before = _snapshot(workshop)
    result = run_cli(args)
    assert result.code == 2, (result.out, result.err)
    assert "refusing to write the output" in result.err and result.err.count("\n") == 1, result.err
    assert _snapshot(workshop) == before


# --- cjm --version on a full disk or a closed pipe -----------------------------------------------------------


def test_version_on_a_full_device_or_a_closed_pipe_is_one_line_never_a_traceback() -> None:
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "cjm", "--version"]
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, timeout=60)
        assert done.returncode == 2
        assert done.stderr.decode() == "cjm: error: cannot write the output: No space left on device\n"
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first write meets a closed pipe
    try:
        done = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write)
    assert done.returncode == 0 and done.stderr == b"", done.stderr


# --- one line per message: no forged CI lines, no terminal escapes ------------------------------------------

FORGED = "k\n::error file=README.md,line=1::Forged\x1b[2J\u2028x"


def _forging_journey(tmp_path):
    text = (
        'cjm: 1\nid: j\ntitle: "T\\n::error::title\\e[31m"\nstages: [{id: s, phase: before}]\n'
        "touchpoints:\n  - {id: a, stage: s, owner: O, emotion: -1, metrics: {volume: 10}}\n"
        f'x-ok: 1\n"{FORGED.encode("unicode_escape").decode()}": 2\n'
    )
    path = tmp_path / "j.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _no_forged_lines(text: str) -> None:
    for line in text.splitlines():
        assert not line.startswith("::"), line
    assert "\x1b" not in text and "\u2028" not in text


@pytest.mark.parametrize("command", ["lint", "score", "render", "diff"])
def test_input_text_never_starts_a_line_or_moves_the_terminal(tmp_path, command: str) -> None:
    from conftest import run_cli

    path = str(_forging_journey(tmp_path))
    args = {"lint": ["lint", path], "score": ["score", path], "render": ["render", path, "-f", "markdown"]}
    result = run_cli(args.get(command, ["diff", path, path]))
    assert result.code == 2 or command == "lint", (result.code, result.err)  # an unknown key: invalid
    _no_forged_lines(result.out)
    _no_forged_lines(result.err)
    assert "\\n::error" in result.out + result.err  # shown, escaped


def test_score_table_titles_are_one_line(tmp_path) -> None:
    from conftest import run_cli

    path = tmp_path / "t.yaml"
    path.write_text(JOURNEY.replace("title: T", 'title: "T\\n::error::x \\e[2J"'), encoding="utf-8")
    result = run_cli(["score", str(path)])
    assert result.code == 0, result.err
    _no_forged_lines(result.out)


def test_file_names_from_a_walk_are_one_line_and_machine_formats_stay_utf8(tmp_path) -> None:
    import json
    import os

    from conftest import run_cli

    maps = tmp_path / "maps"
    maps.mkdir()
    odd = os.fsencode(str(maps)) + b"/a\n::error x\x1b[2J\xff.yaml"
    with open(odd, "wb") as handle:
        handle.write(JOURNEY.replace("owner: O, ", "").encode("utf-8"))  # CJM103: a finding naming the file
    text = run_cli(["lint", str(maps)])
    assert text.code == 0 and "CJM103" in text.out
    _no_forged_lines(text.out)
    for fmt in ("json", "gitlab", "sarif"):
        out = run_cli(["lint", str(maps), "-f", fmt]).out
        data = out.encode("utf-8", "surrogateescape")
        json.loads(data.decode("utf-8"))  # valid UTF-8 and valid JSON


def test_nan_and_infinity_in_x_keys_are_values_in_json(tmp_path) -> None:
    import json

    from conftest import run_cli

    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(JOURNEY + "x-a: .nan\nx-b: .inf\n", encoding="utf-8")
    new.write_text(JOURNEY + "x-a: .nan\nx-b: -.inf\n", encoding="utf-8")
    result = run_cli(["diff", str(old), str(new), "-f", "json"])
    assert result.code == 0, result.err
    fields = json.loads(result.out)["diffs"][0]["changes"][0]["fields"]
    assert fields == {"x-b": {"old": "Infinity", "new": "-Infinity"}}, "NaN equals itself: no change"
    same = run_cli(["diff", str(old), str(old), "--fail-on", "any"])
    assert same.code == 0, same.out


# --- never exit 3 on input ------------------------------------------------------------------------------------

TAGS = ["!!map", "!!seq", "!!int", "!!float", "!!bool", "!!null", "!!str"]
NODES = ["[1, 2]", "{a: 1}", "x", "maybe", "1.5", "7", "''"]
FITS = {  # the tag and node pairs that are plain YAML data
    ("!!map", "{a: 1}"), ("!!seq", "[1, 2]"), ("!!int", "7"), ("!!float", "1.5"), ("!!float", "7"),
    ("!!null", "''"), ("!!str", "x"), ("!!str", "maybe"), ("!!str", "1.5"), ("!!str", "7"), ("!!str", "''"),
}  # fmt: skip


@examples(40)
@given(tag=st.sampled_from(TAGS), node=st.sampled_from(NODES), where=st.sampled_from(["x-a", "title", "tags"]))
def test_a_tag_on_the_wrong_kind_of_node_is_a_positioned_cjm001(tag: str, node: str, where: str) -> None:
    from cjm.load import load_journey_text

    text = HEAD.replace("title: t\n", "") + f"{where}: {tag} {node}\n"
    if where != "title":
        text = text.replace("id: x\n", "id: x\ntitle: t\n")
    loaded = load_journey_text(text, "j.yaml")
    codes = {p.code for p in loaded.problems}
    if (tag, node) in FITS:
        assert "CJM001" not in codes, loaded.problems
    else:
        last = text.count("\n")
        assert [(p.code, p.line) for p in loaded.problems] == [("CJM001", last)], loaded.problems


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9" * 400, "touchpoints[0].metrics.volume: input should be less than or equal to 1000000000000000"),
        ("9" * 5000, "an integer of 5,000 digits (at most 1000)"),
    ],
)
def test_huge_integers_are_findings_not_crashes(tmp_path, value: str, expected: str) -> None:
    from conftest import run_cli

    path = tmp_path / "j.yaml"
    path.write_text(JOURNEY.replace("volume: 10", f"volume: {value}"), encoding="utf-8")
    for command in ("lint", "score", "render", "diff"):
        args = [command, str(path)] + ([str(path)] if command == "diff" else ["-f", "markdown"] * (command == "render"))
        result = run_cli(args)
        assert result.code in (1, 2), (command, result.err)
        assert expected in result.out + result.err, (command, result.out, result.err)
        assert "internal error" not in result.err


def test_a_config_cannot_lift_the_size_limit_past_100_mb(tmp_path) -> None:
    from conftest import run_cli

    for value in ("100000", "true", '"5"'):
        (tmp_path / ".cjm.yaml").write_text(f"limits: {{file_mb: {value}}}\n", encoding="utf-8")
        (tmp_path / "j.yaml").write_text(JOURNEY, encoding="utf-8")
        result = run_cli(["lint", str(tmp_path / "j.yaml")])
        assert result.code == 2 and "limits.file_mb" in result.err, (value, result.err)


def test_an_id_too_long_for_a_file_name_stops_before_anything_is_written(tmp_path) -> None:
    from conftest import run_cli

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.yaml").write_text(JOURNEY.replace("id: j", "id: " + "a" * 300), encoding="utf-8")
    (tmp_path / "in" / "b.yaml").write_text(JOURNEY.replace("id: j", "id: b"), encoding="utf-8")
    result = run_cli(["render", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.code == 2 and "too long to name its output file" in result.err, result.err
    assert not (tmp_path / "out").exists()


def test_a_directory_tree_deeper_than_python_recurses_is_walked(tmp_path) -> None:
    import os

    from cjm.paths import expand_paths

    deep = tmp_path
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        for _ in range(1100):  # relative steps: the absolute path would pass PATH_MAX
            os.mkdir("d")
            os.chdir("d")
        with open("j.yaml", "w", encoding="utf-8") as handle:
            handle.write(JOURNEY)
    finally:
        os.chdir(old)
    os.chdir(deep)
    try:
        found = expand_paths(["."])
    finally:
        os.chdir(old)
        _remove_deep(tmp_path)  # pytest's own cleanup would recurse as deep
    assert len(found) == 1 and found[0].endswith("/d/j.yaml") and found[0].count("/d") == 1100


def _remove_deep(top) -> None:
    """Remove the deep tree level by level (shutil.rmtree, as pytest's cleanup, recurses)."""
    import os

    old = os.getcwd()
    os.chdir(top)
    depth = 0
    try:
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for name in os.listdir("."):
            os.remove(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(old)


def test_a_commit_dated_past_year_9999_has_no_date(monkeypatch, tmp_path) -> None:
    import cjm.git

    path = tmp_path / "j.yaml"
    path.write_text(JOURNEY, encoding="utf-8")
    answers = {"log": "abc1234 10000-01-01T00:00:00+00:00\n", "status": ""}
    monkeypatch.setattr(cjm.git, "_output", lambda folder, *args: answers[args[0]])
    stamp = cjm.git.last_commit(str(path))
    assert stamp is not None and stamp.commit == "abc1234" and stamp.date is None


# --- consumers' limits: SVG and HTML well-formed whatever character references the text holds -----------------

REFERENCES = ["a&#1;b", "&#65535;", "&#xD800;", "a&#8;b", "&amp; R&D", "&#x1F600;", "&lt;tag&gt;"]


@pytest.mark.parametrize("reference", REFERENCES)
def test_svg_is_well_formed_whatever_references_the_text_holds(tmp_path, reference: str) -> None:
    import shutil
    import xml.dom.minidom

    from conftest import run_cli

    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot not installed")
    path = tmp_path / "k.yaml"
    quoted = reference.replace('"', '\\"')
    path.write_text(
        f'cjm: 1\nid: k\ntitle: "T {quoted}"\nstages: [{{id: s, name: "S {quoted}"}}]\n'
        f'touchpoints:\n  - {{id: t, stage: s, name: "N {quoted}", owner: "O {quoted}", emotion: -1}}\n',
        encoding="utf-8",
    )
    result = run_cli(["render", str(path), "-f", "svg", "-o", str(tmp_path / "k.svg")])
    assert result.code == 0, result.err
    document = xml.dom.minidom.parse(str(tmp_path / "k.svg"))
    texts = " ".join(node.firstChild.data for node in document.getElementsByTagName("text") if node.firstChild)
    assert f"N {reference}" in texts, "the text is shown as written, never decoded"


# --- suppressions are comments ----------------------------------------------------------------------------------


def test_a_suppression_inside_a_string_or_block_scalar_suppresses_nothing() -> None:
    from cjm.config import DEFAULT
    from cjm.lint.engine import LintOptions, lint_loaded
    from cjm.load import load_journey_text

    quoted = (
        "cjm: 1\nid: j\ntitle: T\ndescription: |\n  # cjm: ignore-file[CJM101,CJM105,CJM108,CJM102]\n"
        "stages: [{id: s}]\ntouchpoints:\n"
        "  - {id: a, stage: s, name: '# cjm: ignore[CJM103]', emotion: 1}\n"
        '  - {id: b, stage: s, name: "x # cjm: ignore[CJM103]"}\n'
    )
    codes = {f.code for f in lint_loaded(load_journey_text(quoted, "j.yaml"), DEFAULT, LintOptions())}
    assert {"CJM101", "CJM105", "CJM108", "CJM103"} <= codes
    real = quoted.replace("description: |\n  # cjm", "# cjm").replace(
        "emotion: 1}\n", "emotion: 1}  # cjm: ignore[CJM103]\n"
    )
    findings = lint_loaded(load_journey_text(real, "j.yaml"), DEFAULT, LintOptions())
    assert not {"CJM101", "CJM105", "CJM108"} & {f.code for f in findings}
    assert [f.item for f in findings if f.code == "CJM103"] == ["touchpoints[1]"], "the comment silences a only"


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_line_separators_inside_text_do_not_shift_reported_lines(odd: str) -> None:
    """YAML 1.2 and editors break lines at CR and LF only; libyaml also at NEL, LS and PS."""
    from cjm.load import load_journey_text

    text = f'cjm: 1\nid: j\ntitle: "a{odd}b"\ndescription: "x{odd}y{odd}z"\nstages: [{{id: s}}]\n'
    text += "touchpoints:\n  - {id: a, stage: s, emotion: 9}\n"
    problems = load_journey_text(text, "j.yaml").problems
    assert [(p.code, p.line, p.column) for p in problems] == [("CJM002", 7, 32)]
    broken = load_journey_text(f'cjm: 1\ntitle: "a{odd}b"\nx: [\n', "j.yaml").problems
    assert [(p.code, p.line) for p in broken] == [("CJM001", 4)]


def test_metrics_csv_reads_ascii_digits_only() -> None:
    from cjm.metrics import MetricsError, parse_metrics_text

    with pytest.raises(MetricsError, match=r"m.csv:2: volume: '١٢٣' is not a number"):
        parse_metrics_text("touchpoint,volume\na,١٢٣\n", "m.csv")
    assert parse_metrics_text("touchpoint;volume\na;9.000\n", "m.csv").rows[0].values == {"volume": 9000}


def test_two_merge_keys_in_one_mapping_are_a_repeated_key() -> None:
    text = HEAD + "x-a: &a {p: 1}\nx-b: &b {q: 2}\nx-c:\n  <<: *a\n  <<: *b\n"
    with pytest.raises(YamlProblem) as repeated:
        parse(text)
    assert (repeated.value.code, repeated.value.line) == ("CJM003", 9)  # 0-based: the second `<<` on line 10
    assert parse(HEAD + "x-a: &a {p: 1}\nx-b: &b {q: 2}\nx-c: {<<: [*a, *b]}\n")["x-c"] == {"p": 1, "q": 2}


# --- a pull-request comment stays under GitHub's limit ----------------------------------------------------------


def test_the_markdown_comment_stays_under_60000_characters(tmp_path) -> None:
    from conftest import run_cli

    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    huge = "N" * 200_000
    (old / "j.yaml").write_text(JOURNEY, encoding="utf-8")
    (new / "j.yaml").write_text(JOURNEY.replace("id: a, stage: s,", f"id: a, stage: s, name: {huge},"), "utf-8")
    one = run_cli(["diff", str(old / "j.yaml"), str(new / "j.yaml"), "-f", "markdown"])
    assert one.code == 0 and len(one.out) < 60_000 and "NNN" in one.out


def test_many_journeys_in_one_comment_are_cut_with_a_count(tmp_path, monkeypatch) -> None:
    from cjm.diff.formats.markdown import render
    from cjm.diff.report import Change, DiffReport, DiffView, Drift, JourneyDiff, Side

    diffs = tuple(
        JourneyDiff(
            Side(f"maps/{'x' * 300}-{i}.yaml", None), Side(f"maps/{'x' * 300}-{i}.yaml", f"j{i}"),
            (Change("touchpoint", f"t{i}", "added", label="y" * 5000),),
            Drift(new_pain=tuple(f"p{k}" for k in range(50))),
            failed=("new-pain",), reasons=(f"new-pain: {'z' * 3000}",),
        )
        for i in range(400)
    )  # fmt: skip
    text = render(DiffReport(diffs, ("new-pain",)), DiffView())
    assert len(text) < 60_000
    assert "more journeys: the comment has a size limit" in text and "… and 380 more" in text


@pytest.mark.parametrize("shape", ["[[[1]]]", "1"])
def test_a_file_of_millions_of_tiny_values_is_refused_before_it_costs_gigabytes(shape: str) -> None:
    from cjm.yamlsafe import MAX_NODES

    values = ", ".join([shape] * (MAX_NODES // (shape.count("[") + 1) + 10))
    started = time.perf_counter()
    with pytest.raises(YamlProblem, match="more than 1,000,000 values in one file"):
        parse(HEAD + f"x-a: [{values}]\n")
    assert time.perf_counter() - started < 10


# Every text field and file name, every control character: no output line of any command is forged.
TEXT_FIELDS = [
    ("title", "title: {v}"),
    ("owner", "owner: {v}"),
    ("description", "description: {v}"),
    ("period", "period: {v}"),
    ("stage name", "stages: [{{id: s, phase: before, name: {v}}}]"),
    ("touchpoint name", "touchpoints:\n  - {{id: a, stage: s, name: {v}, emotion: -1, metrics: {{volume: 10}}}}"),
    ("touchpoint owner", "touchpoints:\n  - {{id: a, stage: s, owner: {v}, emotion: -1, metrics: {{volume: 10}}}}"),
    ("unknown key", "{v}: 1"),
    ("x- value", "x-note: {v}"),
]
CONTROLS = [
    "\n::error file=a,line=1::Forged",
    "\r::warning::x",
    "\x1b[2J\x1b[31m",
    "\u2028::error::y",
    "\x85z",
    "\u202e",
]


@examples(30)
@given(
    field=st.sampled_from(TEXT_FIELDS),
    control=st.sampled_from(CONTROLS),
    command=st.sampled_from(["lint", "score", "render", "diff"]),
    in_name=st.booleans(),
)
def test_no_text_field_or_file_name_forges_an_output_line(field, control, command, in_name) -> None:
    import json as jsonlib
    import tempfile
    from pathlib import Path

    from conftest import run_cli

    _, template = field
    value = jsonlib.dumps("T " + control)  # a YAML double-quoted string holding the control characters
    lines = {"title": "title: T", "stages": "stages: [{id: s, phase: before}]"}
    lines["touchpoints"] = "touchpoints:\n  - {id: a, stage: s, emotion: -1, metrics: {volume: 10}}"
    rendered = template.format(v=value)
    key = rendered.split(":")[0]
    if key in lines:
        lines[key] = rendered
        extra = ""
    else:
        extra = rendered + "\n"
    text = "cjm: 1\nid: j\n" + "\n".join(lines.values()) + "\n" + extra
    with tempfile.TemporaryDirectory() as folder:
        name = ("j" + control.replace("\n", "\\n").replace("/", "_") + ".yaml") if in_name else "j.yaml"
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        args = {"render": ["render", str(path), "-f", "markdown"], "diff": ["diff", str(path), str(path)]}
        result = run_cli(args.get(command, [command, folder]))
    for stream in (result.out, result.err):
        for line in stream.splitlines():
            assert not line.lstrip("\x1b[0123456789;m").startswith("::"), (command, line)
        assert "\u2028" not in stream and "\x85" not in stream and "\u202e" not in stream
        if command != "score" or "\x1b" in control:
            assert "\x1b[2J" not in stream
