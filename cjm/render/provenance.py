"""Where a render comes from: a short hash of the source and, on request, its git commit.

The commit and its date come from git (`git log`), never from the clock, so a stamped
render is still byte-identical for the same commit and working tree.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT_S = 10


def short_hash(text: str | bytes, length: int = 12) -> str:
    """The first hex digits of the SHA-256 of a text (UTF-8)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:length]


@dataclass(frozen=True)
class GitStamp:
    """The last commit that changed a file, and whether the working tree differs from it."""

    commit: str | None
    date: str | None
    dirty: bool
    committed: bool


def git_stamp(path: str) -> GitStamp | None:
    """The file's last commit (short hash, commit date) or None outside a git repository."""
    file = Path(path)
    if path == "-" or not file.exists():
        return None
    folder, name = str(file.parent) or ".", file.name
    log = _git(folder, "log", "-1", "--format=%h %cI", "--", name)
    if log is None:
        return None
    status = _git(folder, "status", "--porcelain", "--", name) or ""
    if not log.strip():
        return GitStamp(commit=None, date=None, dirty=bool(status.strip()), committed=False)
    commit, iso = log.split()[:2]
    return GitStamp(commit=commit, date=iso[:10], dirty=bool(status.strip()), committed=True)


def _git(folder: str, *args: str) -> str | None:
    """Run git in folder; None when git is missing or the folder is not in a repository."""
    try:
        done = subprocess.run(
            ["git", "-C", folder, *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
