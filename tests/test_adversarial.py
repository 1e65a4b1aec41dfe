"""Adversarial suite: hostile, broken and strange input for every command (issue 7).

Invariants checked on every run (see `check_invariants`):
- no traceback reaches the user (only with --debug);
- the exit code is 0, 1 or 2 (SPEC §4) — never 3 (an internal error) for bad input;
- every finding line names `file:line:column`;
- outputs are deterministic (two runs, byte-identical);
- nothing is written outside the output path, and inputs never change.

Bugs found and not yet fixed are `xfail(strict=True, reason="BUG: …")`: once the
owner fixes one, the test passes, strict xfail turns that into a failure, and the
marker is removed.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from adversarial_strategies import EDGE_TEXTS, dump, journeys, mutations
from conftest import FIXTURES, Result, run_cli
from hypothesis import given
from hypothesis import strategies as st
from properties import examples

import cjm.cli

VALID = FIXTURES / "load" / "valid.yaml"
TODAY = "2026-11-23"
LINT_FORMATS = ("text", "json", "github", "sarif", "gitlab")
FINDING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>CJM\d{3}) (error|warning|info) \S")
CJM = [sys.executable, "-m", "cjm"]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SLOW = examples(10)
FAST = examples(25)


# --- helpers -----------------------------------------------------------------------------------------------


_COMMAND: list[object] = []
_REAL_LOAD_APP = cjm.cli.load_app


def _cached_app() -> object:
    """The click command behind the Typer app, built once (typer rebuilds it on every call)."""
    if not _COMMAND:
        import typer.main

        _COMMAND.append(typer.main.get_command(_REAL_LOAD_APP()))
    return _COMMAND[0]


def cli(args: list[str], stdin: str | bytes = b"") -> Result:
    """The CLI in-process (through cjm.cli.main) with a fixed today, checked against the invariants."""
    saved = cjm.cli.load_app
    cjm.cli.load_app = _cached_app  # type: ignore[assignment]
    try:
        result = run_cli(["--today", TODAY, *args], stdin=stdin)
    finally:
        cjm.cli.load_app = saved  # type: ignore[assignment]
    check_invariants(result)
    return result


def check_invariants(result: Result, *, debug: bool = False) -> None:
    """No traceback, a documented exit code, one-line errors."""
    both = result.out + result.err
    if not debug:
        assert "Traceback" not in both, both[-2000:]
    assert result.code in (0, 1, 2), (result.code, both[-2000:])
    assert "RecursionError" not in both and "MemoryError" not in both


def text_findings(out: str) -> list[re.Match[str]]:
    """The finding lines of text output; every non-summary line must be one."""
    found = []
    for line in out.splitlines():
        if not line or line.startswith(("Found ", "No problems", "  ")):
            continue
        match = FINDING_LINE.match(line)
        assert match, f"not a `file:line:column: CODE severity message` line: {line!r}\n{out}"
        found.append(match)
    return found


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below root with its bytes and mtime (ns)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def run_twice_same(args: list[str], root: Path, expect_new: set[str] = frozenset()) -> Result:  # type: ignore[assignment]
    """Run twice: same output, inputs untouched, nothing new under root but expect_new."""
    before = snapshot(root)
    first = cli(args)
    after_first = snapshot(root)
    second = cli(args)
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err)
    after = snapshot(root)
    for name, (data, mtime) in before.items():
        if name not in expect_new:
            assert after[name] == (data, mtime), f"{name} was changed"
    assert set(after) - set(before) <= set(expect_new), set(after) - set(before)
    for name in expect_new & set(after):
        assert after_first[name][0] == after[name][0], f"{name} differs between two runs"
    return first


def subprocess_cjm(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A real process: a crash (segfault = -11) cannot take pytest down with it."""
    env = {**os.environ, "CJM_TODAY": TODAY, "NO_COLOR": "1"}
    return subprocess.run([*CJM, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def lint_json(path: Path | str, *extra: str) -> tuple[Result, dict]:  # type: ignore[type-arg]
    result = cli(["lint", "--format", "json", *extra, str(path)])
    return result, json.loads(result.out)


@functools.cache
def commands_listed() -> frozenset[str]:
    """The commands `cjm --help` lists right now (score, diff, render arrive later)."""
    out = run_cli(["--help"]).out
    section = out.split("Commands:", 1)[-1]
    return frozenset(line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.split())


def needs_command(name: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(name not in commands_listed(), reason=f"`cjm {name}` does not exist yet")


# --- generated valid journeys ------------------------------------------------------------------------------


@examples(20)
@given(doc=journeys())
def test_generated_valid_journeys_lint_clean_in_every_format(doc: dict, tmp_path_factory) -> None:  # type: ignore[type-arg]
    tmp = tmp_path_factory.mktemp("valid")
    path = write(tmp / "j.yaml", dump(doc))
    for fmt in LINT_FORMATS:
        args = ["lint", "--format", fmt, str(path)]
        result = run_twice_same(args, tmp) if fmt == "json" else cli(args)
        assert result.code == 0, (fmt, result.out, dump(doc))
        if fmt == "text":
            assert not [m for m in text_findings(result.out) if m["code"] < "CJM100"], result.out
        elif fmt == "github":
            for line in result.out.splitlines():
                assert line.startswith(("::error ", "::warning ", "::notice ")) or line.startswith("Found "), line
        elif fmt in ("json", "sarif", "gitlab"):
            json.loads(result.out)


@FAST
@given(doc=journeys())
def test_generated_journeys_from_stdin_match_the_file(doc: dict, tmp_path_factory) -> None:  # type: ignore[type-arg]
    tmp = tmp_path_factory.mktemp("stdin")
    text = dump(doc)
    path = write(tmp / "j.yaml", text)
    from_file = cli(["lint", "--format", "json", str(path)])
    from_stdin = cli(["lint", "--format", "json", "-"], stdin=text)
    assert from_file.code == from_stdin.code == 0
    strip = lambda out: [{k: v for k, v in f.items() if k != "path"} for f in json.loads(out)["findings"]]  # noqa: E731
    assert strip(from_file.out) == strip(from_stdin.out)


@examples(60)
@given(mutation=mutations())
def test_mutated_journeys_are_reported_with_a_position(mutation, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("mut")
    path = write(tmp / "m.yaml", mutation.text)
    result, report = lint_json(path)
    assert result.code == 1, (result.out, mutation.text)
    codes = {f["code"] for f in report["findings"]}
    assert mutation.code in codes, (codes, mutation.text)
    lines = mutation.text.splitlines()
    for finding in report["findings"]:
        assert finding["line"] >= 1 and finding["column"] >= 1, finding
        assert finding["line"] <= max(1, len(lines)), finding
    if mutation.key:
        hit = [f for f in report["findings"] if f["code"] == mutation.code]
        near = {lines[f["line"] - 1] for f in hit} | {lines[f["line"] - 2] for f in hit if f["line"] >= 2}
        assert any(mutation.key in line for line in near), (hit, mutation.text)
    text = cli(["lint", str(path)])
    assert text.code == 1
    assert any(m["code"] == mutation.code for m in text_findings(text.out))


# --- unicode and injection text in every field -------------------------------------------------------------


def _every_text_field(value: str) -> str:
    doc = {
        "cjm": 1,
        "id": "unicode",
        "title": value,
        "owner": value,
        "description": value,
        "period": value,
        "tags": [value],
        "language": "da",
        "personas": [
            {
                "id": "p",
                "name": value,
                "segment": value,
                "description": value,
                "goals": [value],
                "needs": {"functional": [value], "emotional": [value]},
            }
        ],
        "stages": [
            {"id": "s1", "name": value, "phase": "before", "description": value},
            {"id": "s2", "name": value, "phase": "during"},
            {"id": "s3", "name": value, "phase": "after"},
        ],
        "touchpoints": [
            {
                "id": f"t{i}",
                "stage": f"s{i}",
                "name": value,
                "channel": value,
                "owner": value,
                "action": value,
                "thoughts": value,
                "emotion": -2 + i,
                "expectation": 5,
                "experience": 1 + i,
                "metrics": {"volume": 1000 * i, "drop_off": 0.3, "complaints": 0.1},
                "quotes": [value],
                "backstage": [value],
                "needs": {"functional": [value], "emotional": [value]},
                "evidence": [{"source": value, "kind": "qualitative", "note": value}],
            }
            for i in (1, 2, 3)
        ],
        "opportunities": [{"id": "o", "title": value, "description": value, "touchpoints": ["t1"]}],
        "actions": [
            {
                "id": "a",
                "title": value,
                "owner": value,
                "status": "planned",
                "due": "2027-01-01",
                "addresses": ["t1"],
                "description": value,
            }
        ],
        "insights": [{"question": "stop", "answer": value, "touchpoints": ["t1"]}],
        "x-team": {"note": value},
    }
    return dump(doc)


@pytest.mark.parametrize("value", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_edge_text_in_every_field_lints_in_every_format(value: str, tmp_path: Path) -> None:
    path = write(tmp_path / "u.yaml", _every_text_field(value))
    for fmt in LINT_FORMATS:
        result = run_twice_same(["lint", "--format", fmt, "--fail-level", "error", str(path)], tmp_path)
        assert result.code == 0, (fmt, result.out)
        if fmt == "github":
            for line in result.out.splitlines():
                assert line.startswith(("::", "Found ")), line
        elif fmt != "text":
            json.loads(result.out)


def test_github_format_escapes_newlines_and_percent_in_messages(tmp_path: Path) -> None:
    # An id is not free text, but a touchpoint's name can reach a message: force findings on text-y items.
    text = _every_text_field("%0A::error::x\r\nline")
    path = write(tmp_path / "g.yaml", text.replace("owner: '%0A", "x-o: '%0A"))
    result = cli(["lint", "--format", "github", "--fail-level", "error", str(path)])
    for line in result.out.splitlines():
        assert line.startswith(("::error ", "::warning ", "::notice ", "Found ")), line
        if line.startswith("::"):
            _props, _, message = line[2:].partition("::")
            assert "\r" not in message and "\n" not in message


# --- YAML abuse --------------------------------------------------------------------------------------------


def _bomb(levels: int = 9) -> str:
    lines = ["cjm: 1", "id: bomb", "title: t", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "text",
    [
        _bomb(9),
        _bomb(30),
        "cjm: 1\nid: b\nbase: &b {"
        + ", ".join(f"k{i}: {i}" for i in range(200))
        + "}\n"
        + "".join(
            f"m{i}: &m{i} [*{'b' if i == 0 else f'm{i - 1}'}, *{'b' if i == 0 else f'm{i - 1}'}]\n" for i in range(40)
        ),
    ],
    ids=["billion-laughs", "deep-laughs", "mapping-doubling"],
)
def test_alias_bombs_are_cjm001_fast(text: str, tmp_path: Path) -> None:
    path = write(tmp_path / "bomb.yaml", text)
    start = time.perf_counter()
    result, report = lint_json(path)
    assert time.perf_counter() - start < 2.0
    assert result.code == 1
    assert [f["code"] for f in report["findings"]] == ["CJM001"], report
    assert report["findings"][0]["line"] >= 4  # at an alias, not line 1


def test_recursive_alias_is_cjm001(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", "cjm: 1\nid: r\ntitle: t\nloop: &x [*x]\nmap: &m {a: *m}\n")
    result, report = lint_json(path)
    assert result.code == 1 and report["findings"][0]["code"] == "CJM001"


def test_merge_keys_and_harmless_aliases_are_fine(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8") + "x-base: &b {owner: Team}\nx-copy: {<<: *b, more: [*b, *b]}\n"
    result, report = lint_json(write(tmp_path / "ok.yaml", text))
    assert result.code == 0, report


_DEPTH = 50_000


DEEP_BODIES = {
    "flow-seq": "x: " + "[" * _DEPTH + "]" * _DEPTH,
    "flow-unclosed": "x: " + "[" * _DEPTH,
    "flow-map": "x: " + "{a: " * _DEPTH + "1" + "}" * _DEPTH,
    "compact-block": "x: " + "- " * _DEPTH + "a",  # compact block sequences on one line
    "block-seq": "x:\n" + "".join(" " * i + "-\n" for i in range(2_500)),
    "block-map": "x:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(2_500)),
    "crlf-block": "x:\r\n" + "".join(" " * i + "-\r\n" for i in range(2_500)),
    "flow-mixed": "x: " + "[{a: " * (_DEPTH // 2) + "1" + "}]" * (_DEPTH // 2),
    "anchored": "x: " + "&a [" * _DEPTH,
    "tagged": "x: " + "!!seq [" * 20_000,
    "explicit-keys": "x: " + "? " * _DEPTH + "a",
}


def test_deep_nesting_is_cjm001_in_a_real_process(tmp_path: Path) -> None:
    """One process lints every deep file: a segfault (-11) or RecursionError would show."""
    for name, body in DEEP_BODIES.items():
        write(tmp_path / "deep" / f"{name}.yaml", "cjm: 1\nid: deep\ntitle: t\n" + body + "\n")
    proc = subprocess_cjm(["lint", "--format", "json", "deep"], tmp_path)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])  # -11 would be a segfault
    assert "Traceback" not in proc.stdout + proc.stderr and "RecursionError" not in proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["files"] == len(DEEP_BODIES)
    by_file: dict[str, list[str]] = {}
    for finding in report["findings"]:
        by_file.setdefault(Path(finding["path"]).stem, []).append(finding["code"])
    assert by_file == {name: ["CJM001"] for name in DEEP_BODIES}, by_file


def test_deep_nesting_from_stdin_in_a_real_process(tmp_path: Path) -> None:
    body = "cjm: 1\nx: " + "[" * _DEPTH + "]" * _DEPTH + "\n"
    env = {**os.environ, "CJM_TODAY": TODAY}
    proc = subprocess.run([*CJM, "lint", "-"], input=body, capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 1 and "CJM001" in proc.stdout and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch PWNED']",
        "!!python/object/new:os.system ['touch PWNED']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!binary aGVsbG8=",
        "!!timestamp 2026-01-01",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!custom x",
        "!<tag:example.com,2000:x> y",
    ],
)
def test_tags_are_refused_and_never_run(tag: str, tmp_path: Path) -> None:
    path = write(tmp_path / "tag.yaml", f"cjm: 1\nid: t\ntitle: {tag}\nstages: [{{id: s}}]\ntouchpoints: []\n")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result, report = lint_json(path)
    finally:
        os.chdir(cwd)
    assert not (tmp_path / "PWNED").exists()
    assert result.code == 1
    assert report["findings"][0]["code"] in ("CJM001", "CJM002")
    assert (report["findings"][0]["line"], report["findings"][0]["column"]) == (3, 8)


def test_second_document_is_cjm001_at_its_line(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8") + "---\ncjm: 1\n"
    result, report = lint_json(write(tmp_path / "two.yaml", text))
    assert result.code == 1
    first = report["findings"][0]
    assert first["code"] == "CJM001" and first["line"] == len(text.splitlines()) - 1


# --- size limits -------------------------------------------------------------------------------------------


def test_huge_scalar_under_the_limit_is_fine(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8") + "x-blob: '" + "ø" * (2 * 1024 * 1024) + "'\n"
    result, _ = lint_json(write(tmp_path / "big.yaml", text))
    assert result.code == 0


@pytest.mark.parametrize("where", ["file", "stdin", "directory"])
def test_files_over_the_size_limit_are_cjm001(where: str, tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8") + "x-blob: '" + "x" * (5 * 1024 * 1024 + 10) + "'\n"
    path = write(tmp_path / "d" / "big.yaml", text)
    if where == "stdin":
        result = cli(["lint", "-"], stdin=text)
    else:
        result = cli(["lint", str(path if where == "file" else path.parent)])
    assert result.code == 1
    (finding,) = text_findings(result.out)
    assert finding["code"] == "CJM001" and "size limit" in result.out


def test_size_limit_follows_the_config(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8") + "x-blob: '" + "x" * (200 * 1024) + "'\n"
    path = write(tmp_path / "big.yaml", text)
    write(tmp_path / ".cjm.yaml", "limits: {file_mb: 0.1}\n")
    result = cli(["lint", str(path)])
    assert result.code == 1 and "CJM001" in result.out
    write(tmp_path / ".cjm.yaml", "limits: {file_mb: 1}\n")
    assert cli(["lint", str(path)]).code == 0


@pytest.mark.parametrize("value", ["-1", "0", "'many'", ".nan", ".inf", "[1]", "1e309"])
def test_bad_size_limits_in_config_are_exit_2(value: str, tmp_path: Path) -> None:
    path = write(tmp_path / "j.yaml", VALID.read_text(encoding="utf-8"))
    write(tmp_path / ".cjm.yaml", f"limits: {{file_mb: {value}}}\n")
    result = cli(["lint", str(path)])
    assert result.code == 2, result.out + result.err
    assert len(result.err.strip().splitlines()) == 1


# --- encodings ---------------------------------------------------------------------------------------------

SAMPLE = "cjm: 1\nid: enc\ntitle: Kø ved kassen\nstages: [{id: s}]\ntouchpoints: []\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("latin-1"),
        SAMPLE.encode("cp1252"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-16-le"),
        SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-32"),
        b"\xff\xfe\x00\x00",
        b"\x00" * 64,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        SAMPLE.encode() + b"\xc3",
        SAMPLE.encode().replace("Kø".encode(), b"K\xed\xa0\x80"),  # an encoded surrogate
    ],
    ids=[
        "latin-1",
        "cp1252",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-bom-only",
        "nuls",
        "png",
        "truncated-utf8",
        "surrogate",
    ],
)
def test_non_utf8_input_is_one_cjm001_line(data: bytes, tmp_path: Path) -> None:
    path = write(tmp_path / "enc.yaml", data)
    result = cli(["lint", str(path)])
    assert result.code == 1, result.out
    findings = text_findings(result.out)
    assert [m["code"] for m in findings] == ["CJM001"], result.out


@FAST
@given(data=st.binary(max_size=512))
def test_random_bytes_never_crash(data: bytes, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("bytes")
    path = write(tmp / "r.yaml", b"cjm: 1\n" + data)
    for fmt in ("text", "json"):
        result = cli(["lint", "--format", fmt, str(path)])
        assert result.code in (0, 1)
        if fmt == "text":
            text_findings(result.out)


@FAST
@given(text=st.text(max_size=300))
def test_random_text_never_crashes(text: str, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("text")
    path = write(tmp / "r.yaml", ("cjm: 1\n" + text).encode("utf-8", "surrogatepass"))
    result = cli(["lint", str(path)])
    assert result.code in (0, 1)
    text_findings(result.out)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_character_is_reported_at_its_position_on_one_line(char: str, tmp_path: Path) -> None:
    path = write(tmp_path / "nul.yaml", f"cjm: 1\nid: a{char}b\n")
    result = cli(["lint", str(path)])
    assert result.code == 1
    (finding,) = text_findings(result.out)
    assert (finding["line"], finding["col"]) == ("2", "6"), result.out


def test_bom_and_crlf_give_the_same_findings_as_plain_utf8(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("emotion: 1", "emotion: 9")
    plain = write(tmp_path / "plain.yaml", text)
    variants = {
        "bom": b"\xef\xbb\xbf" + text.encode(),
        "crlf": text.replace("\n", "\r\n").encode(),
        "bom-crlf": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
        "cr": text.replace("\n", "\r").encode(),
    }
    _, expected = lint_json(plain)
    for name, data in variants.items():
        _, got = lint_json(write(tmp_path / f"{name}.yaml", data))
        strip = lambda r: [{k: v for k, v in f.items() if k != "path"} for f in r["findings"]]  # noqa: E731
        assert strip(got) == strip(expected), name


def test_bom_journey_is_found_in_a_directory(tmp_path: Path) -> None:
    write(tmp_path / "d" / "bom.yaml", b"\xef\xbb\xbf" + VALID.read_bytes())
    _, report = lint_json(tmp_path / "d")
    assert report["files"] == 1


# --- files that cannot be read, outputs that cannot be written ---------------------------------------------


@pytest.mark.skipif(IS_ROOT, reason="root reads a chmod 000 file anyway")
def test_unreadable_file_is_exit_2_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.yaml", VALID.read_bytes())
    path.chmod(0)
    try:
        result = cli(["lint", str(path)])
    finally:
        path.chmod(0o644)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and str(path) in result.err


@pytest.mark.skipif(IS_ROOT, reason="root reads a chmod 000 directory anyway")
def test_unreadable_directory_is_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    write(folder / "a.yaml", VALID.read_bytes())
    folder.chmod(0)
    try:
        result = cli(["lint", str(folder)])
    finally:
        folder.chmod(0o755)
    assert result.code in (0, 2)


@pytest.mark.parametrize("args", [["a directory as a file"], ["missing.yaml"], ["dir/", "missing.yaml"]])
def test_missing_and_odd_inputs_are_exit_2(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    os.chdir(tmp_path)
    result = cli(["lint", *args])
    assert result.code == 2, result.out + result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_fifo_given_as_input_does_not_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    write(tmp_path / "j.yaml", VALID.read_bytes())
    proc = subprocess_cjm(["lint", "."], tmp_path, timeout=20)  # a directory walk must not open the FIFO
    assert proc.returncode == 0, proc.stdout + proc.stderr


OUTPUT_CASES = {
    "missing-dir": "nope/report.txt",
    "deep-missing-dir": "a/b/c/report.txt",
    "is-a-directory": "outdir",
    "input-itself": "j.yaml",
    "input-via-dotdot": "outdir/../j.yaml",
    "input-via-symlink": "link.yaml",
}


@pytest.mark.parametrize("case", OUTPUT_CASES)
def test_bad_output_paths_are_exit_2_and_write_nothing(case: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "j.yaml", VALID.read_bytes())
    (tmp_path / "outdir").mkdir()
    (tmp_path / "link.yaml").symlink_to("j.yaml")
    before = snapshot(tmp_path)
    result = cli(["lint", "j.yaml", "-o", OUTPUT_CASES[case]])
    assert result.code == 2, (result.out, result.err)
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert snapshot(tmp_path) == before
    assert (tmp_path / "link.yaml").is_symlink()


@pytest.mark.skipif(IS_ROOT, reason="root writes into a read-only directory anyway")
def test_read_only_output_directory_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = cli(["lint", str(VALID), "-o", str(out / "r.txt")])
    finally:
        out.chmod(0o755)
    assert result.code == 2 and not list(out.iterdir())


@pytest.mark.parametrize("kind", ["fifo", "chardev"])
def test_output_onto_a_special_file_never_replaces_it(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "special"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        if not IS_ROOT:
            pytest.skip("mknod of a device needs root")
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the null device, in tmp
    reader = None
    if kind == "fifo":  # keep a reader open so a correct implementation that writes into the FIFO never blocks
        reader = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
    try:
        proc = subprocess_cjm(["lint", str(VALID), "-o", str(target)], tmp_path, timeout=20)
    finally:
        if reader is not None:
            os.close(reader)
    assert proc.returncode in (0, 2), proc.stderr
    mode = os.lstat(target).st_mode
    assert stat.S_ISFIFO(mode) if kind == "fifo" else stat.S_ISCHR(mode), "the special file was replaced"


def test_output_file_is_written_atomically_and_deterministically(tmp_path: Path) -> None:
    path = write(tmp_path / "j.yaml", VALID.read_bytes())
    for fmt in LINT_FORMATS:
        run_twice_same(["lint", "-f", fmt, str(path), "-o", str(tmp_path / f"r.{fmt}")], tmp_path, {f"r.{fmt}"})
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


def test_output_replaces_an_existing_report_and_keeps_others(tmp_path: Path) -> None:
    path = write(tmp_path / "j.yaml", VALID.read_bytes())
    write(tmp_path / "r.json", "old")
    result = cli(["lint", "-f", "json", str(path), "-o", str(tmp_path / "r.json")])
    assert result.code == 0 and json.loads((tmp_path / "r.json").read_text())["files"] == 1


# --- arguments ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["lint"],
        ["lint", "--format", "xml", "x"],
        ["lint", "--fail-level", "fatal", "x"],
        ["lint", "--select", "CJM9999", "VALID"],
        ["lint", "--select", "💥", "VALID"],
        ["--today", "2026-02-30", "lint", "VALID"],
        ["--today", "tomorrow", "lint", "VALID"],
        ["--today", "99999-01-01", "lint", "VALID"],
        ["--config", "/nonexistent/.cjm.yaml", "lint", "VALID"],
        ["lint", "VALID", "--config", "VALID"],
        ["rules", "CJM9999"],
        ["rules", "💥\n\x1b[31m"],
        ["nonsense-command"],
        ["schema", "-o", "/nonexistent-dir/s.json"],
        ["init", str(VALID / "x" / "j.yaml")],  # init makes missing folders, but not below a file
        ["init", ".", "--lang", "xx"],
    ],
)
def test_bad_arguments_are_exit_2_without_traceback(args: list[str]) -> None:
    args = [str(VALID) if a == "VALID" else a for a in args]
    result = cli(args)
    assert result.code == 2, (result.out, result.err)


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "lint: [",
        "lint: {select: [XXX]}",
        "unknown: 1",
        "score: {weights: {gap: 2}}",
        "!!python/object/apply:os.system ['true']",
        "[]",
        pytest.param("lint: {}\n\x00", id="nul"),
    ],
)
def test_bad_config_is_exit_2_one_line(text: str, tmp_path: Path) -> None:
    config = write(tmp_path / "bad.cjm.yaml", text)
    result = cli(["--config", str(config), "lint", str(VALID)])
    assert result.code == 2, (result.out, result.err)
    assert len(result.err.strip().splitlines()) == 1, result.err


def test_debug_may_show_a_traceback_only_for_internal_errors(tmp_path: Path) -> None:
    path = write(tmp_path / "x.yaml", "cjm: 1\nid: [\n")
    result = run_cli(["--debug", "lint", str(path)])
    check_invariants(result, debug=True)
    assert result.code == 1


# --- dates and numbers at the edge of the calendar ---------------------------------------------------------


@pytest.mark.parametrize(
    "extra,today",
    [
        pytest.param("reviewed: 2026-01-01\nreview_every_days: 99999999999\n", TODAY, id="huge-interval"),
        pytest.param("reviewed: 9999-12-31\n", "9999-12-31", id="year-9999"),
        pytest.param("reviewed: 0001-01-01\n", "0001-01-01", id="year-1"),
        pytest.param("reviewed: 2026-01-01\nreview_every_days: 1\n", "9999-12-31", id="today-9999"),
        pytest.param("review_every_days: 0\n", TODAY, id="zero-interval"),
        pytest.param("review_every_days: -5\n", TODAY, id="negative-interval"),
        pytest.param("review_every_days: 1e400\n", TODAY, id="float-overflow"),
    ],
)
def test_extreme_review_dates_never_crash(extra: str, today: str, tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("language: nb\n", "language: nb\n" + extra)
    path = write(tmp_path / "d.yaml", text)
    result = run_cli(["--today", today, "lint", "--format", "json", str(path)])
    check_invariants(result)
    json.loads(result.out)


def test_extreme_review_interval_in_config_never_crashes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.yaml",
        VALID.read_text(encoding="utf-8").replace("language: nb\n", "language: nb\nreviewed: 2026-01-01\n"),
    )
    write(tmp_path / ".cjm.yaml", "review_every_days: 99999999999\n")
    result = run_cli(["--today", TODAY, "lint", str(path)])
    check_invariants(result)


@pytest.mark.parametrize(
    "field,value",
    [
        ("volume", "99999999999999999999999999999"),
        ("emotion", "1e-320"),
        ("expectation", "4.999999999999999999"),
        ("volume", "0x7fffffffffffffff"),
        ("volume", "0o777"),
        ("drop_off", "1.0000000000000001"),
        ("emotion", "-0.0"),
    ],
)
def test_extreme_numbers_score_and_lint(field: str, value: str, tmp_path: Path) -> None:
    key = (
        f"    {field}: {value}\n"
        if field != "volume" and field != "drop_off"
        else f"    metrics: {{{field}: {value}}}\n"
    )
    text = VALID.read_text(encoding="utf-8").replace("    emotion: 1\n", key)
    path = write(tmp_path / "n.yaml", text)
    for args in (["lint", "--format", "json"], ["score", "--format", "json"]):
        if args[0] not in commands_listed():
            continue
        result = cli([*args, str(path)])
        assert "NaN" not in result.out and "Infinity" not in result.out
        if result.out:
            json.loads(result.out)


# --- file names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(b"a\xff.yaml", id="non-utf8"),
        pytest.param("comma,colon:%25 ø 👨‍👩‍👧.yaml".encode(), id="odd-chars"),
        pytest.param(b"-rf.yaml", id="dash"),
    ],
)
def test_odd_file_names_in_every_format(name: bytes, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(VALID.read_bytes())
    for fmt in LINT_FORMATS:
        result = cli(["lint", "--format", fmt, str(folder)])
        assert result.code == 0, (fmt, result.err)


# --- init, schema, rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "nb", "nn", "sv", "fi", "en"])
def test_init_in_odd_places_lints_clean_and_never_overwrites(lang: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "kunde ø 👨‍👩‍👧 ‮x"
    folder.mkdir()
    first = cli(["init", str(folder / "rejse.yaml"), "--lang", lang])
    assert first.code == 0, first.err
    journey = folder / "rejse.yaml"
    before = snapshot(tmp_path)
    again = cli(["init", str(journey), "--lang", lang])
    assert again.code == 2 and snapshot(tmp_path) == before
    lint = cli(["lint", "--strict", str(journey)])
    assert lint.code == 0, lint.out


def test_init_writes_only_the_journey_and_the_schema(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = cli(["init", "j.yaml"])
    assert result.code == 0
    written = set(snapshot(tmp_path))
    assert written == {"j.yaml", ".cjm/journey.schema.json"}, written


def test_init_onto_a_directory_named_like_the_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "j.yaml").mkdir()
    result = cli(["init", "j.yaml"])
    assert result.code in (0, 2)
    assert (tmp_path / "j.yaml").is_dir()


def test_schema_is_deterministic_and_written_only_where_asked(tmp_path: Path) -> None:
    run_twice_same(["schema", "-o", str(tmp_path / "s.json")], tmp_path, {"s.json"})
    assert json.loads((tmp_path / "s.json").read_text())["$schema"].startswith("http://json-schema.org/draft-07")
    assert cli(["schema"]).out == (tmp_path / "s.json").read_text()


def test_schema_output_over_an_existing_directory_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    result = cli(["schema", "-o", str(tmp_path / "d")])
    assert result.code == 2 and (tmp_path / "d").is_dir()


def test_rules_accepts_any_case_or_rejects_cleanly() -> None:
    listing = cli(["rules"])
    assert listing.code == 0
    codes = [line.split()[0] for line in listing.out.splitlines() if re.match(r"CJM\d{3} ", line)]
    assert len(codes) >= 21
    for code in codes:
        shown = cli(["rules", code])
        assert shown.code == 0 and shown.out.startswith(code)
        assert cli(["rules", code.lower()]).code in (0, 2)


# --- commands that arrive later: score, diff, render -------------------------------------------------------


def _rich_journey() -> str:
    return _every_text_field(EDGE_TEXTS[8] + " " + EDGE_TEXTS[10] + " " + EDGE_TEXTS[12])


@needs_command("score")
@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv"])
@pytest.mark.parametrize("value", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_score_survives_edge_text(fmt: str, value: str, tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", _every_text_field(value))
    result = run_twice_same(["score", "--format", fmt, str(path)], tmp_path)
    assert result.code == 0, result.out + result.err
    if fmt == "json":
        json.loads(result.out)
    if fmt == "csv":
        import csv
        import io

        for row in csv.reader(io.StringIO(result.out)):
            for cell in row:
                if cell and cell[0] in "=+-@\t\r":
                    float(cell)  # only numbers may start with a formula character


@needs_command("score")
@pytest.mark.parametrize(
    "args",
    [
        ["score", "BROKEN"],
        ["score", "--top", "-1", "VALID"],
        ["score", "--top", "x", "VALID"],
        ["score", "--persona", "no-such", "VALID"],
        ["score", "--metrics", "MISSING", "VALID"],
    ],
)
def test_score_bad_input_is_exit_2(args: list[str], tmp_path: Path) -> None:
    broken = write(tmp_path / "b.yaml", "cjm: 1\nid: [\n")
    repl = {"VALID": str(VALID), "BROKEN": str(broken), "MISSING": str(tmp_path / "none.csv")}
    result = cli([repl.get(a, a) for a in args])
    assert result.code == 2, (result.out, result.err)


@needs_command("score")
@FAST
@given(doc=journeys())
def test_score_of_generated_journeys(doc: dict, tmp_path_factory) -> None:  # type: ignore[type-arg]
    tmp = tmp_path_factory.mktemp("score")
    path = write(tmp / "j.yaml", dump(doc))
    result = run_twice_same(["score", "--format", "json", str(path)], tmp)
    assert result.code == 0, result.err
    assert "NaN" not in result.out and "Infinity" not in result.out
    json.loads(result.out)


@pytest.mark.parametrize(
    "csv_bytes",
    [
        b"\xff\xfe\x00",
        b"touchpoint,volume\nt1,-5\n",
        b"touchpoint,drop_off\nt1,2\n",
        b"touchpoint,volume\nzz,1\n",
        b"touchpoint;volume\nt1;1,5\n",
        b"=cmd()\n",
        b"touchpoint,volume\nt1,1e999\n",
        b"touchpoint,csat\nt1,nan\n",
    ],
)
def test_bad_metrics_csv_is_exit_2_for_every_command(csv_bytes: bytes, tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", _every_text_field("x"))
    metrics = write(tmp_path / "m.csv", csv_bytes)
    for command in ("lint", "score", "render"):
        if command not in commands_listed():
            continue
        before = snapshot(tmp_path)
        result = cli(
            [
                command,
                "--metrics",
                str(metrics),
                str(path),
                *(["-o", str(tmp_path / "r.html")] if command == "render" else []),
            ]
        )
        assert result.code == 2, (command, result.out, result.err)
        assert snapshot(tmp_path) == before


@needs_command("score")
@pytest.mark.parametrize(
    "csv_text", ["touchpoint,volume\nt1,5\n", "\ufefftouchpoint;drop_off\nt1;0,25\n", "touchpoint,volume,csat\nt1,,\n"]
)
def test_good_metrics_csv_is_accepted_by_every_command(csv_text: str, tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", _every_text_field("x"))
    metrics = write(tmp_path / "m.csv", csv_text)
    for command in ("lint", "score"):
        result = run_twice_same([command, "--metrics", str(metrics), str(path)], tmp_path)
        assert result.code == 0, (command, result.out, result.err)


@needs_command("diff")
@pytest.mark.parametrize("case", sorted(OUTPUT_CASES))
def test_diff_bad_output_paths_are_exit_2_and_write_nothing(case: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "j.yaml", VALID.read_bytes())
    write(tmp_path / "old.yaml", VALID.read_bytes())
    (tmp_path / "outdir").mkdir()
    (tmp_path / "link.yaml").symlink_to("j.yaml")
    before = snapshot(tmp_path)
    result = cli(["diff", "old.yaml", "j.yaml", "-o", OUTPUT_CASES[case]])
    assert result.code == 2, (result.out, result.err)
    assert snapshot(tmp_path) == before and (tmp_path / "link.yaml").is_symlink()


@needs_command("render")
@pytest.mark.parametrize("case", sorted(OUTPUT_CASES))
def test_render_bad_output_paths_are_exit_2_and_write_nothing(case: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "j.yaml", VALID.read_bytes())
    (tmp_path / "outdir").mkdir()
    (tmp_path / "link.yaml").symlink_to("j.yaml")
    before = snapshot(tmp_path)
    result = cli(["render", "--format", "markdown", "j.yaml", "-o", OUTPUT_CASES[case]])
    if case == "is-a-directory":  # a directory is a valid target for render: <id>.md inside it
        assert result.code == 0 and set(snapshot(tmp_path)) - set(before) <= {"outdir/tiny.md", "outdir/index.html"}
        return
    assert result.code == 2, (result.out, result.err)
    assert snapshot(tmp_path) == before and (tmp_path / "link.yaml").is_symlink()


@pytest.mark.parametrize("command", ["score", "render", "diff"])
def test_stdin_alias_bomb_and_binary_for_every_command(command: str) -> None:
    if command not in commands_listed():
        pytest.skip(f"`cjm {command}` does not exist yet")
    for data in (_bomb(9).encode(), b"\x00\xff\xfe binary", "cjm: 1\nid: x\n".encode("utf-16")):
        args = [command, str(VALID), "-"] if command == "diff" else [command, "-"]  # an invalid NEW side is exit 2
        result = cli(args, stdin=data)
        assert result.code == 2, (command, data[:20], result.out, result.err)


@needs_command("diff")
@SLOW
@given(old=journeys(), new=journeys())
def test_diff_of_generated_journeys(old: dict, new: dict, tmp_path_factory) -> None:  # type: ignore[type-arg]
    tmp = tmp_path_factory.mktemp("diff")
    a, b = write(tmp / "old.yaml", dump(old)), write(tmp / "new.yaml", dump(new))
    for fmt in ("text", "markdown", "json"):
        result = run_twice_same(["diff", "--format", fmt, str(a), str(b)], tmp)
        assert result.code == 0, result.err
    same = cli(["diff", "--format", "json", "--fail-on", "any", str(b), str(b)])
    assert same.code == 0 and json.loads(same.out)["diffs"][0]["changes"] == []


@needs_command("diff")
@pytest.mark.parametrize("value", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_diff_escapes_edge_text(value: str, tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", _every_text_field("before"))
    b = write(tmp_path / "b.yaml", _every_text_field(value))
    for fmt in ("text", "markdown", "json"):
        result = run_twice_same(["diff", "--format", fmt, str(a), str(b)], tmp_path)
        assert result.code in (0, 1), result.err
    md = cli(["diff", "--format", "markdown", str(a), str(b)]).out
    assert not re.search(r"(?<!\\)<(script|img)", md), md


@needs_command("diff")
@pytest.mark.parametrize(
    "old,new,code",
    [
        ("BROKEN", "VALID", 0),
        ("VALID", "BROKEN", 2),
        ("MISSING", "VALID", 2),
        ("VALID", "MISSING", 2),
        ("--upload-pack=touch PWNED:x.yaml", "VALID", 2),
        ("-c", "VALID", 2),
        ("HEAD~999999:x.yaml", "VALID", None),
    ],
)
def test_diff_sides(old: str, new: str, code: int | None, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    repl = {
        "VALID": str(VALID),
        "BROKEN": str(write(tmp_path / "b.yaml", "cjm: 1\nid: [\n")),
        "MISSING": str(tmp_path / "none.yaml"),
    }
    result = cli(["diff", "--", repl.get(old, old), repl.get(new, new)])
    if code is not None:
        assert result.code == code, (result.out, result.err)
    assert not (tmp_path / "PWNED").exists()


RENDER_FORMATS = ("html", "dot", "mermaid", "markdown")


@needs_command("render")
@pytest.mark.parametrize("fmt", RENDER_FORMATS)
@pytest.mark.parametrize("value", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_render_escapes_edge_text(fmt: str, value: str, tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", _every_text_field(value))
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"unicode.{fmt}"
    result = run_twice_same(["render", "--format", fmt, str(path), "-o", str(target)], tmp_path, {f"out/unicode.{fmt}"})
    assert result.code == 0, result.err
    body = target.read_text(encoding="utf-8")
    if fmt == "html":
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "http://" not in body.replace("http://www.w3.org", "") or "HYPERLINK" in value
    if fmt == "dot":
        for attr in ("image=", "URL=", 'fontname="/', "href="):
            assert f'"{attr}' not in body and not re.search(rf"\b{attr}\"/etc", body)
        assert 'image="/etc/passwd"' not in body and 'URL="file:' not in body


@needs_command("render")
def test_render_dot_injection_stays_inside_the_label(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", _every_text_field('x"]; n [image="/etc/passwd"]; m["'))
    result = cli(["render", "--format", "dot", str(path), "-o", str(tmp_path / "r.dot")])
    assert result.code == 0
    dot = (tmp_path / "r.dot").read_text(encoding="utf-8")
    assert not re.search(r'\bimage\s*=\s*"/etc', dot), dot[:3000]


@needs_command("render")
@pytest.mark.parametrize("case", ["same-id", "index-id", "output-is-input", "missing-dir"])
def test_render_refuses_before_writing(case: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    text = _every_text_field("x")
    write(tmp_path / "a.yaml", text)
    write(tmp_path / "b.yaml", text if case == "same-id" else text.replace("id: unicode", "id: index"))
    (tmp_path / "out").mkdir()
    args = {
        "same-id": ["a.yaml", "b.yaml", "-o", "out"],
        "index-id": ["a.yaml", "b.yaml", "-o", "out"],
        "output-is-input": ["a.yaml", "-o", "a.yaml"],
        "missing-dir": ["a.yaml", "-o", "nope/x.html"],
    }[case]
    before = snapshot(tmp_path)
    result = cli(["render", *args])
    assert result.code == 2, (result.out, result.err)
    assert snapshot(tmp_path) == before


@needs_command("render")
@SLOW
@given(doc=journeys())
def test_render_of_generated_journeys(doc: dict, tmp_path_factory) -> None:  # type: ignore[type-arg]
    tmp = tmp_path_factory.mktemp("render")
    path = write(tmp / "j.yaml", dump(doc))
    (tmp / "out").mkdir()
    for fmt in RENDER_FORMATS:
        name = f"out/j.{fmt}"
        result = run_twice_same(["render", "--format", fmt, str(path), "-o", str(tmp / name)], tmp, {name})
        assert result.code == 0, (fmt, result.err)


@needs_command("render")
@pytest.mark.parametrize(
    "template",
    [
        pytest.param("{{ ''.__class__.__mro__[1].__subclasses__() }}", id="dunder"),
        pytest.param("{{ lipsum.__globals__ }}{{ cycler.__init__.__globals__.os }}", id="globals"),
        pytest.param("{% include '/etc/passwd' %}", id="include-abs"),
        pytest.param("{% include '../../../../../etc/passwd' %}", id="include-dotdot"),
        pytest.param("{{ x.y.z }", id="syntax"),
        pytest.param("{% extends 'journey.html.j2' %}", id="self-extends"),
        pytest.param("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", id="recursive-macro"),
        pytest.param("{% for i in range(10**9) %}x{% endfor %}", id="huge-range"),
    ],
)
def test_hostile_templates_are_exit_2_and_read_nothing(template: str, tmp_path: Path) -> None:
    write(tmp_path / "tpl" / "journey.html.j2", template)
    path = write(tmp_path / "j.yaml", _every_text_field("x"))
    before = snapshot(tmp_path)
    result = cli(["render", str(path), "--template", str(tmp_path / "tpl"), "-o", str(tmp_path / "out.html")])
    assert result.code == 2, (result.out, result.err)
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert snapshot(tmp_path) == before
    assert "root:" not in result.out + result.err


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


@needs_command("render")
def test_a_template_that_allocates_gigabytes_is_exit_2(tmp_path: Path) -> None:
    """In a real process under a 2 GB address-space limit: in-process it takes pytest down (OOM)."""
    write(tmp_path / "tpl" / "journey.html.j2", '{{ "x" * 10**10 }}')
    write(tmp_path / "j.yaml", _every_text_field("x"))
    env = {**os.environ, "CJM_TODAY": TODAY}
    proc = subprocess.run(
        [*CJM, "render", "j.yaml", "--template", "tpl", "-o", "out.html"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=_limit_memory,
    )
    check_invariants(Result(proc.returncode, proc.stdout, proc.stderr))
    assert proc.returncode == 2


@needs_command("render")
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_render_images_through_graphviz_with_injection_text(fmt: str, tmp_path: Path) -> None:
    if not shutil.which("dot"):
        pytest.skip("Graphviz dot is not installed")
    path = write(tmp_path / "r.yaml", _every_text_field('x"]; n [image="/etc/passwd" shapefile="/etc/passwd"]; m["'))
    result = cli(["render", "--format", fmt, str(path), "-o", str(tmp_path / f"r.{fmt}")])
    assert result.code == 0, result.err
    assert (tmp_path / f"r.{fmt}").stat().st_size > 0
    assert "root:x:" not in (tmp_path / f"r.{fmt}").read_bytes().decode("latin-1")


@needs_command("render")
def test_render_a_directory_of_hostile_journeys(tmp_path: Path) -> None:
    for i, value in enumerate(EDGE_TEXTS[:8]):
        write(tmp_path / "in" / f"j{i}.yaml", _every_text_field(value).replace("id: unicode", f"id: j{i}", 1))
    write(tmp_path / "in" / "broken.yaml", "cjm: 1\nid: [\n")
    (tmp_path / "out").mkdir()
    result = cli(["render", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.code == 2, (result.out, result.err)  # one invalid journey: the job is not done
    assert re.search(r"broken.yaml:\d+:\d+: CJM001", result.err + result.out)
    (tmp_path / "in" / "broken.yaml").unlink()
    names = {f"out/j{i}.html" for i in range(8)} | {"out/index.html"}
    run_twice_same(["render", str(tmp_path / "in"), "-o", str(tmp_path / "out")], tmp_path, names)
    assert {p.name for p in (tmp_path / "out").iterdir()} == {n[4:] for n in names}


@needs_command("render")
@pytest.mark.parametrize(
    "args", [["--persona", "nobody"], ["--lang", "xx"], ["--format", "jpeg"], ["--template", "MISSING"]]
)
def test_render_bad_options_are_exit_2(args: list[str], tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", _every_text_field("x"))
    args = [str(tmp_path / "none") if a == "MISSING" else a for a in args]
    before = snapshot(tmp_path)
    result = cli(["render", str(path), *args, "-o", str(tmp_path / "r.html")])
    assert result.code == 2, (result.out, result.err)
    assert snapshot(tmp_path) == before


def test_every_listed_command_is_covered() -> None:
    covered = {"lint", "rules", "schema", "init", "import", "score", "diff", "render", "export"}
    assert commands_listed() <= covered, commands_listed() - covered


# --- import and export: every edge text through a workbook and back ----------------------------------------


@needs_command("export")
@pytest.mark.parametrize("value", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_export_and_import_any_text(value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text field holds the value: the workbook imports back as the same journey (control
    characters aside: Excel cannot hold them, so they come back escaped), the CSVs are written."""
    monkeypatch.chdir(tmp_path)  # a new journey's schema goes to the current directory outside a repository
    path = write(tmp_path / "j.yaml", _every_text_field(value))
    assert cli(["export", str(path), "-o", str(tmp_path / "j.xlsx"), "-q"]).code == 0
    assert cli(["export", str(path), "--format", "csv", "-o", str(tmp_path / "csv"), "-q"]).code == 0
    assert cli(["import", str(tmp_path / "j.xlsx"), "-o", str(tmp_path / "back.yaml"), "-q"]).code == 0
    assert cli(["lint", str(tmp_path / "back.yaml"), "-q"]).code in (0, 1)
    diff = cli(["diff", str(path), str(tmp_path / "back.yaml"), "--format", "json"])
    changes = json.loads(diff.out)["diffs"][0]["changes"]
    if not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", value):
        assert changes == [], changes
    result = cli(["import", str(tmp_path / "csv" / "unicode.touchpoints.csv"), "-o", str(tmp_path / "c.yaml")])
    assert result.code in (0, 2)
    if result.code == 0:
        assert cli(["lint", str(tmp_path / "c.yaml"), "-q"]).code in (0, 1)


@needs_command("import")
@pytest.mark.parametrize("value", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_import_any_text_in_any_cell(value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet whose every cell (header names too) holds the value: a journey that lints, or exit 2."""
    monkeypatch.chdir(tmp_path)
    import csv
    import io

    out = io.StringIO()
    rows = [["Stage", "Touchpoint", "Emotion", value, "Persona"], [value, value, value, value, value], ["b", "c"]]
    csv.writer(out, delimiter=";").writerows(rows)
    sheet = write(tmp_path / "s.csv", out.getvalue())
    result = cli(["import", str(sheet), "-o", str(tmp_path / "o.yaml")])
    assert result.code in (0, 2)
    if result.code == 0:
        assert cli(["lint", str(tmp_path / "o.yaml"), "-q"]).code in (0, 1)
        for line in result.err.splitlines():
            assert line.startswith("cjm: "), line
