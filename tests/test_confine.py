"""Untrusted renders run confined (cjm.render.confine): deadline, size cap, clean exits, safe messages."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

import cjm.render.confine as confine
from cjm.render.confine import Refused, printable, run_confined

pytestmark = pytest.mark.skipif(not confine.can_confine(), reason="confinement needs fork")
SMALL = FIXTURES / "render_small.yaml"


@pytest.fixture(autouse=True)
def fresh_run() -> None:
    confine.new_run()


def busy() -> str:
    while True:
        pass


def test_the_result_comes_back() -> None:
    assert run_confined(lambda: "påske 🐣", "t") == "påske 🐣"


def test_the_parent_enforces_the_deadline_even_with_sigalrm_blocked() -> None:
    # A supervisor may start cjm with SIGALRM blocked: the child's own alarm would never fire.
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        started = time.monotonic()
        with pytest.raises(Refused, match=r"^t: took longer than 1 s; refused$"):
            run_confined(busy, "t", seconds=1)
        assert time.monotonic() - started < 5
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def test_one_run_shares_one_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confine, "RUN_SECONDS", 1.5)
    with pytest.raises(Refused, match=r"took longer than 1\.5 s"):
        run_confined(busy, "first", seconds=10)
    with pytest.raises(Refused, match=r"this run took longer than 1\.5 s together"):
        run_confined(lambda: "x", "second")
    confine.new_run()
    assert run_confined(lambda: "x", "next run") == "x"


def test_a_render_cut_short_by_the_run_budget_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confine, "RUN_SECONDS", 1)
    with pytest.raises(Refused, match=r"^t: the templates of this run took longer than 1 s together; refused$"):
        run_confined(busy, "t", seconds=10)


def test_the_page_size_is_capped_in_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confine, "MAX_BYTES", 1000)
    assert run_confined(lambda: "🐣" * 250, "t") == "🐣" * 250  # 1000 bytes
    with pytest.raises(Refused, match="grew past"):
        run_confined(lambda: "🐣" * 251, "t")


def test_messages_from_the_child_are_one_short_harmless_line() -> None:
    def forge() -> str:
        raise Refused("t: x\n::error title=Forged::all checks passed\x1b[2J" + "y" * 1000)

    with pytest.raises(Refused) as info:
        run_confined(forge, "t")
    message = str(info.value)
    assert "\n" not in message and "\x1b" not in message and len(message) <= confine.MAX_MESSAGE
    assert message.startswith("t: x\\n::error") and message.endswith("…")
    assert printable("plain: ok") == "plain: ok"


def test_text_that_is_not_unicode_is_refused() -> None:
    with pytest.raises(Refused, match="not valid Unicode"):
        run_confined(lambda: "\ud800", "t")


def test_any_exception_is_reported_not_raised() -> None:
    with pytest.raises(Refused, match=r"^t: ZeroDivisionError: division by zero$"):
        run_confined(lambda: str(1 / 0), "t")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_the_child_dies_with_its_parent(tmp_path: Path) -> None:
    # A cancelled CI job kills cjm: the confined render must not run on for minutes.
    templates = tmp_path / "slow"
    templates.mkdir()
    (templates / "journey.html.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", encoding="utf-8"
    )
    parent = subprocess.Popen(
        [sys.executable, "-m", "cjm", "render", str(SMALL), "--template", str(templates), "-o", str(tmp_path / "o")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children = _children(parent.pid)
    assert children, "the render forked no child"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    child = Path(f"/proc/{children[0]}")
    deadline = time.monotonic() + 5
    while child.exists() and "Z" not in _state(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not child.exists() or "Z" in _state(child), "the child outlived its parent"


def _state(proc: Path) -> str:
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


SLOW = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


def _slow_render(tmp_path: Path, **popen: object) -> subprocess.Popen[bytes]:
    templates = tmp_path / "slow"
    templates.mkdir()
    (templates / "journey.html.j2").write_text(SLOW, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "cjm",
        "render",
        str(SMALL),
        "--template",
        str(templates),
        "-o",
        str(tmp_path / "o"),
    ]
    return subprocess.Popen(command, **popen)  # type: ignore[call-overload,no-any-return]


def _children(pid: int) -> list[str]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = path.read_text().split() if path.exists() else []
        if found:
            return found
        time.sleep(0.05)
    return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_ctrl_c_stops_the_render_at_once_and_says_so(tmp_path: Path) -> None:
    proc = _slow_render(tmp_path, stderr=subprocess.PIPE, start_new_session=True)
    children = _children(proc.pid)
    assert children, "the render forked no child"
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert err.decode() == "cjm: interrupted\n"
    assert not Path(f"/proc/{children[0]}").exists() or "Z" in _state(Path(f"/proc/{children[0]}"))


def test_closed_standard_streams_are_no_internal_error(tmp_path: Path) -> None:
    # `cjm render ... -o file >&- <&-`: with 0 and 1 closed, the pipe to the child would land on them.
    templates = tmp_path / "ok"
    templates.mkdir()
    (templates / "journey.html.j2").write_text('{% extends "cjm/journey.html.j2" %}', encoding="utf-8")
    out = tmp_path / "page.html"
    command = [sys.executable, "-m", "cjm", "render", str(SMALL), "--template", str(templates), "-o", str(out)]
    proc = subprocess.run(["sh", "-c", 'exec "$@" <&- >&-', "sh", *command], capture_output=False, timeout=60)
    assert proc.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    lint = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "cjm", "lint", str(SMALL)])
    assert lint.returncode in (0, 1), "findings or none, never an internal error"
