"""Ids from names: `Første faktura` -> `foerste-faktura`, made unique within their kind."""

from __future__ import annotations

import re
import unicodedata

# SPEC §4.5: æ→ae, ø→oe, å→aa, ä→a, ö→o, then ASCII.
_NORDIC = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "a", "ö": "o", "ß": "ss"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 60


def slug(text: str, fallback: str = "item") -> str:
    """A slug id from a name: lowercase ASCII letters, digits and '-'."""
    lowered = text.casefold().translate(_NORDIC)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    result = _NOT_SLUG.sub("-", ascii_text).strip("-")[:MAX_LENGTH].strip("-")
    return result or fallback


def unique(base: str, used: set[str]) -> str:
    """base, else base-2, base-3, …: an id not in used (which it joins)."""
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    used.add(candidate)
    return candidate
