"""Writing outputs: atomically (temporary file, then rename), never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cjm.errors import JobError


class OutputError(JobError):
    """An output cannot be written where asked: exit 2."""


def write_atomic(path: str | Path, content: str | bytes, *, inputs: Iterable[str] = ()) -> None:
    """Write content to path via a temporary file in the same directory and a rename."""
    target = Path(path)
    for given in inputs:
        if given != "-" and same_file(target, Path(given)):
            raise OutputError(f"{target}: refusing to write the output over an input file")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{target}: the directory {directory} does not exist")
    data = content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
    if target.exists() and not target.is_file() and not target.is_dir():
        _write_through(target, data)  # a device or FIFO (-o /dev/null): write into it, never replace it
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None


def _write_through(target: Path, data: bytes) -> None:
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (resolved, or the same inode)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False
