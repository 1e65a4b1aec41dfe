"""What the CI formats (github, sarif, gitlab) share: repository-relative paths, stable fingerprints."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

STDIN = "-"


def repo_path(path: str, repo_root: str | None) -> tuple[str, bool]:
    """(path relative to the repository root, True), or (absolute path, False) for a file outside it.

    `path` is as given on the command line (relative to the current directory);
    without a repository root, the current directory stands in for it.
    """
    if path == STDIN:
        return STDIN, True
    root = os.path.abspath(repo_root or os.curdir)
    full = os.path.abspath(path)
    relative = os.path.relpath(full, root)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return full.replace(os.sep, "/"), False
    return relative.replace(os.sep, "/"), True


def artifact_uri(path: str, repo_root: str | None) -> tuple[str, bool]:
    """A URI for SARIF: (relative URI reference, True) inside the repository, else (file: URI, False)."""
    shown, inside = repo_path(path, repo_root)
    if inside:
        return quote(os.fsencode(shown), safe="/"), True
    return Path(shown).as_uri(), False


def fingerprint(finding: Any, repo_root: str | None) -> str:
    """A hash of the repository path, the code and the item path: stable when lines move."""
    shown, _ = repo_path(finding.path, repo_root)
    key = "\0".join((shown, finding.code, finding.item))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()
