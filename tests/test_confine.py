"""Untrusted renders run confined (cjm.render.confine): deadline, size cap, clean exits, safe messages."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

import cjm.render.confine as confine
from cjm.render.confine import Refused, printable, run_confined

# serial: these send Ctrl-C and watch signal masks, which a parallel worker's process does not give as a terminal does.
pytestmark = [pytest.mark.skipif(not confine.can_confine(), reason="confinement needs fork"), pytest.mark.serial]
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


def test_a_ctrl_c_just_after_the_fork_still_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    # SIGINT is blocked from before the fork until the parent is ready; a Ctrl-C that came meanwhile
    # is raised when it is unblocked, and the child must not outlive that.
    forked: list[int] = []
    real_fork = os.fork

    def fork_then_ctrl_c() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
            os.kill(os.getpid(), signal.SIGINT)  # pending until the parent unblocks SIGINT
        return pid

    monkeypatch.setattr(os, "fork", fork_then_ctrl_c)
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)  # a runner may have SIGINT ignored
    try:
        with pytest.raises(KeyboardInterrupt):
            run_confined(busy, "t", seconds=30)
    finally:
        signal.signal(signal.SIGINT, handler)
    with contextlib.suppress(ChildProcessError):  # already reaped by run_confined: as it should be
        done, _ = os.waitpid(forked[0], os.WNOHANG)
        if not done:
            os.kill(forked[0], signal.SIGKILL)
            os.waitpid(forked[0], 0)
        pytest.fail("the interrupted run_confined left its child behind")


# The tests below run `cjm render` on a template that would loop for hours, and act once its confined
# child is rendering: a state read from /proc, waited for with a bound, never a guessed time.
SLOW = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
SIGINT_BIT = 1 << (signal.SIGINT - 1)
needs_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")


@pytest.fixture
def slow_render(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start `cjm render` of the slow template; its process group is killed at the end, whatever happened."""
    started: list[subprocess.Popen[bytes]] = []

    def start(**popen: Any) -> subprocess.Popen[bytes]:
        templates = tmp_path / "slow"
        templates.mkdir()
        (templates / "journey.html.j2").write_text(SLOW, encoding="utf-8")
        command = [sys.executable, "-m", "cjm", "render", str(SMALL), "--template", str(templates)]
        # Its own process group (a terminal's job), with Ctrl-C at its default action as a shell gives
        # its foreground job: a runner started in the background ignores SIGINT, and cjm inherits that.
        proc = subprocess.Popen(
            [*command, "-o", str(tmp_path / "o")],
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            **popen,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:  # a failed test leaves no render spinning for minutes
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _rendering_child(pid: int) -> tuple[int, str]:
    """The confined child of cjm `pid` once it renders, and its start time (which tells it from a later
    process given the same number): Ctrl-C reaches it (SIGINT neither blocked, caught nor ignored) and
    its address-space limit is set, the last step before the render. Waits up to a minute for that."""
    own_limit = _address_space(pid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for child in _proc(f"{pid}/task/{pid}/children").split():
            status = dict(line.split(":\t", 1) for line in _proc(f"{child}/status").splitlines() if ":\t" in line)
            masks = [int(status.get(key, "-1"), 16) for key in ("SigBlk", "SigIgn", "SigCgt")]
            interruptible = not any(mask & SIGINT_BIT for mask in masks)  # neither blocked, ignored nor caught
            # (a lower limit set by whoever runs the tests may be kept as it is: then the signals alone tell)
            limited = _address_space(child) != own_limit or own_limit != "unlimited"
            stat = _stat(int(child))
            if interruptible and limited and stat:
                return int(child), stat[19]
        time.sleep(0.01)
    pytest.fail("in a minute no child of cjm was rendering with its limits set and Ctrl-C at its default")


def _proc(name: str) -> str:
    try:
        return Path(f"/proc/{name}").read_text()
    except OSError:
        return ""


def _address_space(pid: int | str) -> str:
    """The soft address-space limit of a process, as /proc shows it."""
    lines = [line for line in _proc(f"{pid}/limits").splitlines() if line.startswith("Max address space")]
    return lines[0].split()[3] if lines else ""


def _stat(pid: int) -> list[str]:
    """A process's /proc stat fields after its name (state first, start time at 19), [] when it is gone."""
    return _proc(f"{pid}/stat").rpartition(")")[2].split()


def _state(pid: int, born: str) -> str | None:
    """The state (R, S, Z...) of the process `pid` started at `born`; None once it is gone."""
    stat = _stat(pid)
    return stat[0] if stat and stat[19] == born else None


@needs_proc
def test_the_child_dies_with_its_parent(slow_render: Callable[..., subprocess.Popen[bytes]]) -> None:
    # A cancelled CI job kills cjm: the confined render must not run on for minutes.
    proc = slow_render(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    child, born = _rendering_child(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10  # the kernel kills it at once; its new parent reaps it soon after
    while _state(child, born) not in (None, "Z") and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _state(child, born) in (None, "Z"), "the child outlived its parent"


@needs_proc
def test_ctrl_c_stops_the_render_at_once_and_says_so(slow_render: Callable[..., subprocess.Popen[bytes]]) -> None:
    proc = slow_render(stderr=subprocess.PIPE)
    child, born = _rendering_child(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=10)  # the render itself would run into its 120 s limit
    assert proc.returncode == 130
    assert err.decode() == "cjm: interrupted\n"
    assert _state(child, born) is None, "cjm exited without killing and reaping its child"


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
