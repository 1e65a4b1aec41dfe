"""What the CI formats (github, sarif, gitlab) share: repository-relative paths, stable fingerprints."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from cjm.findings import Finding

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


def fingerprint(finding: Finding, repo_root: str | None) -> str:
    """A hash of the repository path, the code, the item path and any anchor: stable when lines move."""
    shown, _ = repo_path(finding.path, repo_root)
    parts = (
        (shown, finding.code, finding.item, finding.anchor) if finding.anchor else (shown, finding.code, finding.item)
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def fingerprints(findings: list[Finding], repo_root: str | None) -> list[str]:
    """One distinct fingerprint per finding, in order.

    Each finding's own path, code, item path and anchor make its fingerprint, whatever
    other findings there are; only findings identical in all of these (the same comment
    written twice) are told apart by their order among themselves.
    """
    plain = [fingerprint(f, repo_root) for f in findings]
    counts, seen = Counter(plain), Counter[str]()
    out = []
    for fp in plain:
        if counts[fp] > 1:
            seen[fp] += 1
            fp = hashlib.sha256(f"{fp}\0{seen[fp]}".encode()).hexdigest()
        out.append(fp)
    return out
