"""Where a render comes from: a short hash of the source (the git commit comes from cjm.git)."""

from __future__ import annotations

import hashlib


def short_hash(text: str | bytes, length: int = 12) -> str:
    """The first hex digits of the SHA-256 of a text (UTF-8)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:length]
