"""Reading journeys from git: `REV:PATH` objects and the files changed since a base revision.

The one module that runs git. Only reads: `git rev-parse`, `git cat-file`, `git show`,
`git diff --name-status`, `git ls-files`, and `git log`/`git status` for `render --stamp`.
No checkout, no worktree, nothing written. Nothing a user passes can become a git option:
a revision is checked with `git rev-parse --verify --end-of-options` and then used as the
commit id it names; paths only ever follow `--` or a commit id.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cjm.errors import JobError
from cjm.paths import JOURNEY_SUFFIXES, SKIP_DIRS

GIT_TIMEOUT_S = 10  # for the short look-ups of `render --stamp`, `lint` (repository root) and `init`


class GitError(JobError):
    """git could not answer (not a repository, unknown revision, git missing): one line, exit 2."""


@dataclass(frozen=True)
class Blob:
    """A file at a revision: its bytes, or None when the path does not exist there."""

    data: bytes | None
    size: int = 0


@dataclass(frozen=True)
class ChangedFile:
    """A journey file changed between BASE and the working tree (paths relative to the repository root)."""

    old_path: str | None  # None: added (committed, staged or untracked)
    new_path: str | None  # None: deleted


def _git(
    args: list[str],
    *,
    stdin: bytes | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            input=stdin,
            capture_output=True,
            cwd=cwd,
            env=env,
            check=False,
            timeout=timeout,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (needed for REV:PATH and --git)") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git could not run ({exc})") from None


def _first_line(raw: bytes) -> str:
    lines = raw.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else "git failed"


def toplevel(cwd: str | os.PathLike[str] | None = None) -> Path | None:
    """The top directory of the working tree that cwd (default: the current directory) is in, else None."""
    try:
        result = _git(["rev-parse", "--show-toplevel"], cwd=cwd, timeout=GIT_TIMEOUT_S)
    except GitError:
        return None
    top = result.stdout.decode("utf-8", "surrogateescape").strip()
    return Path(top) if result.returncode == 0 and top else None


def repo_root(cwd: str | None = None) -> Path:
    """The top directory of the working tree the current directory is in; GitError outside one."""
    top = toplevel(cwd)
    if top is None:
        raise GitError("not inside a git repository (REV:PATH and --git need one)")
    return top


def root_or_cwd(start: str | os.PathLike[str] | None = None) -> Path:
    """The repository root above start (default: the current directory), else the current directory."""
    return toplevel(start) or Path.cwd()


@dataclass(frozen=True)
class Stamp:
    """The last commit that changed a file, and whether the working tree differs from it."""

    commit: str | None
    date: str | None
    dirty: bool
    committed: bool


def last_commit(path: str) -> Stamp | None:
    """The file's last commit (short hash, commit date, for `render --stamp`) or None outside a repository."""
    file = Path(path)
    if path == "-" or not file.exists():
        return None
    folder, name = str(file.parent) or ".", file.name
    log = _output(folder, "log", "-1", "--format=%h %cI", "--", name)
    if log is None:
        return None
    status = _output(folder, "status", "--porcelain", "--", name) or ""
    if not log.strip():
        return Stamp(commit=None, date=None, dirty=bool(status.strip()), committed=False)
    commit, iso = log.split()[:2]
    day = iso[:10] if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T", iso) else None  # year 10000 is no ISO date
    return Stamp(commit=commit, date=day, dirty=bool(status.strip()), committed=True)


def _output(folder: str, *args: str) -> str | None:
    """What git prints in folder; None when git is missing or fails (not a repository)."""
    try:
        done = _git([*args], cwd=folder, timeout=GIT_TIMEOUT_S)
    except GitError:
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def resolve_commit(rev: str, cwd: str | None = None) -> str:
    """The commit id a revision names; GitError for anything else (an option-like string included)."""
    if not rev or "\n" in rev or "\x00" in rev:
        raise GitError(f"{rev!r} is not a revision")
    repo_root(cwd)
    result = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd=cwd)
    if result.returncode != 0:
        raise GitError(f"unknown revision {rev!r}")
    return result.stdout.decode("ascii").strip()


def split_object(spec: str) -> tuple[str, str] | None:
    """`REV:PATH` as (REV, PATH), split at the first ':' outside `@{...}`; None when there is none."""
    depth = 0
    for i, char in enumerate(spec):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif char == ":" and depth == 0:
            return spec[:i], spec[i + 1 :]
    return None


def read_blob(commit: str, path: str, limit_bytes: int, cwd: str | None = None) -> Blob:
    """The file at PATH in COMMIT (a commit id from resolve_commit), read with `git show`.

    PATH follows git's rule: relative to the repository root unless it starts with `./` or `../`.
    Returns Blob(None) when the path does not exist at that revision; Blob(None, size) when
    the blob is larger than limit_bytes (the caller reports the size limit).
    """
    if "\n" in path or "\x00" in path:
        raise GitError(f"{path!r} is not a path git can read")
    name = f"{commit}:{path}"
    check = _git(["cat-file", "--batch-check"], stdin=name.encode("utf-8") + b"\n", cwd=cwd)
    fields = check.stdout.decode("utf-8", "replace").split()
    if check.returncode != 0 or len(fields) < 3 or fields[-1] == "missing":
        return Blob(None)
    kind, size = fields[1], int(fields[2])
    if kind != "blob":
        raise GitError(f"{path}: is a directory at that revision, not a file")
    if size > limit_bytes:
        return Blob(None, size)
    shown = _git(["show", "--no-textconv", "--no-color", name], cwd=cwd)
    if shown.returncode != 0:
        raise GitError(f"{path}: {_first_line(shown.stderr)}")
    return Blob(shown.stdout, size)


def changed_files(commit: str, pathspecs: list[str], cwd: str | None = None) -> list[ChangedFile]:
    """YAML files that differ between COMMIT and the working tree: committed, staged, unstaged,
    untracked (not ignored) and deleted; hidden directories and node_modules skipped.

    git's own rename detection is off: it pairs files by similar text, and two small journeys
    look alike. The caller pairs a deleted and an added file by journey id instead."""
    specs = pathspecs or [":/"]
    diff = _git(
        ["diff", "--name-status", "-z", "--no-ext-diff", "--no-textconv", "--no-relative",
         "--no-renames", "--ignore-submodules", commit, "--", *specs],
        cwd=cwd,
    )  # fmt: skip
    if diff.returncode != 0:
        raise GitError(f"git diff failed: {_first_line(diff.stderr)}")
    out = _parse_name_status(diff.stdout)
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", *specs], cwd=cwd)
    if untracked.returncode != 0:
        raise GitError(f"git ls-files failed: {_first_line(untracked.stderr)}")
    out.extend(ChangedFile(None, path) for path in untracked.stdout.decode("utf-8", "replace").split("\0") if path)
    wanted = [c for c in out if any(_is_candidate(p) for p in (c.old_path, c.new_path) if p)]
    return sorted(wanted, key=lambda c: (c.new_path or c.old_path or "", c.old_path or ""))


def _parse_name_status(raw: bytes) -> list[ChangedFile]:
    parts = raw.decode("utf-8", "replace").split("\0")
    out: list[ChangedFile] = []
    i = 0
    while i < len(parts) and parts[i]:
        status = parts[i][0]
        if status in "RC":
            old, new = parts[i + 1], parts[i + 2]
            out.append(ChangedFile(old if status == "R" else None, new))
            i += 3
            continue
        path = parts[i + 1]
        if status == "A":
            out.append(ChangedFile(None, path))
        elif status == "D":
            out.append(ChangedFile(path, None))
        else:  # M, T, U, X: present on both sides
            out.append(ChangedFile(path, path))
        i += 2
    return out


def _is_candidate(path: str) -> bool:
    """A YAML file outside hidden directories and node_modules (as a directory walk would find it)."""
    if not path.endswith(JOURNEY_SUFFIXES):
        return False
    folders = path.split("/")[:-1]
    return not any(part.startswith(".") or part in SKIP_DIRS for part in folders)
