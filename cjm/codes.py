"""Rule codes that the format itself owns: CJM001–CJM006, found while loading.

One module for the fact: their names, and that they can be neither ignored nor downgraded.
"""

from __future__ import annotations

CORE_NAMES = {
    "CJM001": "yaml-syntax",
    "CJM002": "schema",
    "CJM003": "duplicate-key",
    "CJM004": "duplicate-id",
    "CJM005": "unknown-reference",
    "CJM006": "unsupported-version",
}
CORE_CODES = tuple(CORE_NAMES)
SUPPRESSION_CODE = "CJM115"  # unused-suppression: judged by the engine, not by a rule of its own


def covers_core(selector: str) -> bool:
    """Whether an ignore selector (a code or prefix, not ALL) would switch off a CJM001–CJM006 code."""
    return selector != "ALL" and any(code.startswith(selector) for code in CORE_CODES)
