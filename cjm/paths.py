"""Which files a command looks at: files as given, directories walked for journeys."""

from __future__ import annotations

import os
import re
from pathlib import Path

from cjm.load import InputError

JOURNEY_MARK = re.compile(rb"^(?:\xef\xbb\xbf)?cjm:", re.MULTILINE)
SKIP_DIRS = frozenset({"node_modules"})  # besides hidden directories, in a directory walk and in `diff --git`
JOURNEY_SUFFIXES = (".yaml", ".yml")


def looks_like_journey(path: str, limit_bytes: int = 64 * 1024 * 1024) -> bool:
    """The text test of SPEC §4: a line starting with `cjm:` (after any BOM); no parsing."""
    try:
        with open(path, "rb") as handle:
            return JOURNEY_MARK.search(handle.read(limit_bytes)) is not None
    except OSError:
        return True  # let the loader report why it cannot be read


def expand_paths(paths: list[str], *, only_journeys: bool = False) -> list[str]:
    """Files to check, as displayed: given files as given, found files joined to their directory."""
    found: list[str] = []
    for given in paths:
        if given == "-":
            found.append("-")
            continue
        path = Path(given)
        if path.is_dir():
            found.extend(_walk(given))
        elif path.exists() or path.is_symlink():
            if not only_journeys or looks_like_journey(given):
                found.append(_slashes(given))
        else:
            raise InputError(f"{_slashes(given)}: no such file or directory")
    return found


def _walk(top: str) -> list[str]:
    """Journey files below top, without following directory links; iterative, so any depth is fine
    (os.walk recurses, and a tree 1,100 levels deep was a RecursionError)."""
    root = os.path.realpath(top)
    out: list[str] = []
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                found = list(entries)
        except OSError:
            continue  # unreadable or vanished: as os.walk, skip it
        for entry in found:
            name = entry.name
            if _is_dir(entry):
                if not name.startswith(".") and name not in SKIP_DIRS:
                    folders.append(os.path.join(folder, name))
            elif name.endswith(JOURNEY_SUFFIXES):
                full = os.path.join(folder, name)
                if not links_out(full, root) and os.path.isfile(full) and looks_like_journey(full):
                    out.append(_slashes(full))
    return sorted(out)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def links_out(path: str | os.PathLike[str], root: str) -> bool:
    """Whether path is a symlink leading out of root (a real path): such files are never read."""
    if not os.path.islink(path):
        return False
    return os.path.commonpath([root, os.path.realpath(path)]) != root


def _slashes(path: str) -> str:
    return path.replace("\\", "/")
