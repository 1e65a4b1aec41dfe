"""Run an untrusted render under a time and memory limit (templates given with `--template`).

Jinja's sandbox keeps a template from running code, but not from looping for hours or
building a string of gigabytes (`"".ljust(2000000000)`, a range looped inside itself):
no list of bounded operations can cover every filter and method. So where the platform
can fork (Linux, macOS), the render runs in a forked child with an address-space limit
(Linux) and a wall-clock alarm, and only its text comes back through a pipe. Elsewhere
it runs in-process, bounded by the sandbox's own checks.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable

SECONDS = 120  # a 5,000-touchpoint handout renders in the sandbox in under 10 s
MEMORY_BYTES = 1024 * 1024 * 1024  # room for the render on top of what cjm already uses
_OK, _FAILED = b"O", b"E"


class Refused(Exception):
    """The confined work failed, ran out of time or memory: one line for the user."""


def can_confine() -> bool:
    """Whether this platform runs the work in a limited child process."""
    return hasattr(os, "fork") and hasattr(signal, "alarm")


def run_confined(work: Callable[[], str], label: str, seconds: int | None = None, memory: int | None = None) -> str:
    """`work()` in a forked child under the limits; its text, or Refused saying why not.

    `work` reports an expected failure by raising Refused (its message comes back as is);
    the limits, and any other exception in the child, are reported as `label: what happened`.
    """
    seconds = SECONDS if seconds is None else seconds
    memory = MEMORY_BYTES if memory is None else memory
    if not can_confine():
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe, never returns
        os.close(read_end)
        _child(work, write_end, label, seconds, memory)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if data[:1] == _OK and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return data[1:].decode("utf-8", "surrogatepass")
    if data[:1] == _FAILED:
        raise Refused(data[1:].decode("utf-8", "replace"))
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        raise Refused(f"{label}: took longer than {seconds} s; refused")
    raise Refused(f"{label}: used more than {memory // 1024 // 1024} MB of memory, or stopped abnormally; refused")


def _child(work: Callable[[], str], out: int, label: str, seconds: int, memory: int) -> None:  # pragma: no cover
    """In the child: set the limits, do the work, send the result, exit without cleanup."""
    code = 0
    try:
        _limit_memory(memory)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(seconds)
        try:
            payload = _OK + work().encode("utf-8", "surrogatepass")
        except Refused as exc:
            payload = _FAILED + str(exc).encode("utf-8", "replace")
        except MemoryError:
            payload = _FAILED + f"{label}: used more than {memory // 1024 // 1024} MB of memory; refused".encode()
        except Exception as exc:  # untrusted work may fail in any way: report it, never crash
            payload = _FAILED + f"{label}: {type(exc).__name__}: {exc}".encode("utf-8", "replace")
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit_memory(extra: int) -> None:  # pragma: no cover - runs in the child
    """Cap the child's address space at what it uses now plus `extra` (Linux; elsewhere a no-op)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    limit = in_use + extra
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit already in place: keep it
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
