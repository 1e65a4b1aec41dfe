"""Run an untrusted render under a time, memory and size limit (templates given with `--template`).

Jinja's sandbox keeps a template from running code, but not from looping for hours or
building a string of gigabytes (`"".ljust(2000000000)`, a range looped inside itself):
no list of bounded operations can cover every filter and method. So where the platform
can fork (Linux, macOS), the render runs in a forked child with an address-space limit
(Linux), and the parent reads its bytes through a pipe against a deadline and a size cap,
killing the child when either runs out, or when the parent itself is interrupted. The
child also dies with its parent (Linux) and has its own alarm, in case the parent cannot
act. Elsewhere the render runs in-process, bounded by the sandbox's own checks.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from collections.abc import Callable

SECONDS = 120  # one render: a 5,000-touchpoint handout takes under 10 s in the sandbox
RUN_SECONDS = 300  # all confined renders of one run together (a directory of journeys)
MEMORY_BYTES = 1024 * 1024 * 1024  # room for the render on top of what cjm already uses
MAX_BYTES = 64 * 1024 * 1024  # the largest page a child may send back
MAX_MESSAGE = 300  # characters of a child's error message that reach the terminal
_OK, _FAILED = b"O", b"E"
_spent = 0.0  # seconds used by confined renders so far in this process


class Refused(Exception):
    """The confined work failed, ran out of time, memory or room: one line for the user."""


def new_run() -> None:
    """Start a run: RUN_SECONDS is counted afresh (each `cjm render` is one run)."""
    global _spent
    _spent = 0.0


def can_confine() -> bool:
    """Whether this platform runs the work in a limited child process."""
    return hasattr(os, "fork") and hasattr(signal, "alarm")


def run_confined(work: Callable[[], str], label: str, seconds: float | None = None, memory: int | None = None) -> str:
    """`work()` in a forked child under the limits; its text, or Refused saying why not.

    `work` reports an expected failure by raising Refused (its message comes back, made
    safe to print); the limits, and any other exception in the child, are reported as
    `label: what happened`.
    """
    global _spent
    memory = MEMORY_BYTES if memory is None else memory
    seconds = SECONDS if seconds is None else seconds
    left = RUN_SECONDS - _spent
    if left <= 0 or (left < seconds and not can_confine()):
        raise Refused(f"{label}: {_RUN_OVER.format(RUN_SECONDS)}")
    if not can_confine():
        return work()
    started = time.monotonic()
    try:
        return _run(work, label, min(seconds, left), memory, run_limited=left < seconds)
    finally:
        _spent += time.monotonic() - started


_RUN_OVER = "the templates of this run took longer than {:g} s together; refused"


def _run(work: Callable[[], str], label: str, seconds: float, memory: int, *, run_limited: bool) -> str:
    deadline = time.monotonic() + seconds
    read_end, write_end = (_above_stdio(fd) for fd in os.pipe())
    parent = os.getpid()
    interrupts = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # no Ctrl-C between fork and setup
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe and never returns
        try:
            os.close(read_end)
            _child(work, write_end, label, seconds, memory, parent, interrupts)
        finally:
            os._exit(1)
    os.close(write_end)
    status = None
    try:
        # A Ctrl-C that came since the fork is raised here, inside the try: the child is killed below.
        signal.pthread_sigmask(signal.SIG_SETMASK, interrupts)
        data, why = _read(read_end, deadline)
        status = _wait(pid, deadline if why is None else time.monotonic())
        if status is None:
            why = why or "time"
    finally:
        os.close(read_end)
        if status is None:  # over time, over size or interrupted: the child must not outlive this call
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    if why == "size":
        raise Refused(f"{label}: the page grew past {MAX_BYTES // 1024 // 1024} MB; refused")
    if status is None or (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM):
        over = _RUN_OVER.format(RUN_SECONDS) if run_limited else f"took longer than {seconds:g} s; refused"
        raise Refused(f"{label}: {over}")
    if data[:1] == _OK and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return data[1:].decode("utf-8")
    if data[:1] == _FAILED:
        raise Refused(printable(data[1:].decode("utf-8", "replace")))
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
        raise Refused(f"{label}: stopped by {signal.Signals(os.WTERMSIG(status)).name}; refused")
    raise Refused(f"{label}: used more than {memory // 1024 // 1024} MB of memory, or stopped abnormally; refused")


def _above_stdio(fd: int) -> int:
    """The pipe end moved to a descriptor above 2 (with stdin or stdout closed, a pipe gets 0 and 1,
    and the child's redirection of its stdio to /dev/null would cut its own pipe)."""
    if fd > 2:
        return fd
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
    os.close(fd)
    return high


def _wait(pid: int, deadline: float) -> int | None:
    """The child's exit status, or None when it is still running at the deadline."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.01)


def _read(fd: int, deadline: float) -> tuple[bytes, str | None]:
    """Everything the child sends, or what there is when the deadline passes or the cap is hit."""
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", "time"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks), None
        size += len(chunk)
        if size > MAX_BYTES + 1:  # the status byte, then the page
            return b"", "size"
        chunks.append(chunk)


def printable(message: str) -> str:
    """A message from untrusted work, made one short harmless line: no control characters (no
    terminal escapes, no forged `::error` lines in CI logs), at most MAX_MESSAGE characters."""
    safe = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
    return safe if len(safe) <= MAX_MESSAGE else safe[: MAX_MESSAGE - 1] + "…"


def _child(  # pragma: no cover - runs in the child
    work: Callable[[], str],
    out: int,
    label: str,
    seconds: float,
    memory: int,
    parent: int,
    mask: set[int | signal.Signals],
) -> None:
    """In the child: set the limits, do the work, send the result, exit without cleanup."""
    code = 0
    try:
        _die_with_parent(parent)
        _quiet_stdio()
        # Ctrl-C stops even a loop inside C code; a Ctrl-C the process ignores stays ignored.
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
        signal.alarm(int(seconds) + 2)  # a backstop: the parent kills the child at the deadline
        _limit_memory(memory)
        try:
            payload = _OK + work().encode("utf-8")
        except Refused as exc:
            payload = _FAILED + str(exc).encode("utf-8", "replace")
        except MemoryError:
            payload = _FAILED + f"{label}: used more than {memory // 1024 // 1024} MB of memory; refused".encode()
        except UnicodeEncodeError:
            payload = _FAILED + f"{label}: the page holds text that is not valid Unicode; refused".encode()
        except Exception as exc:  # untrusted work may fail in any way: report it, never crash
            payload = _FAILED + f"{label}: {type(exc).__name__}: {exc}".encode("utf-8", "replace")
        if len(payload) > MAX_BYTES + 1:
            payload = _FAILED + f"{label}: the page grew past {MAX_BYTES // 1024 // 1024} MB; refused".encode()
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child
    """Linux: be killed when the parent dies (a cancelled CI job must not leave the render running)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _quiet_stdio() -> None:  # pragma: no cover - runs in the child
    """The child speaks only through its pipe: standard input, output and error go to /dev/null."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _limit_memory(extra: int) -> None:  # pragma: no cover - runs in the child
    """Cap the child's address space at what it uses now plus `extra` (Linux; elsewhere a no-op),
    never above a limit the caller already set."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = in_use + extra
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
