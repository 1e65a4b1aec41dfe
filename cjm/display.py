"""Text from input shown on one line: what a terminal or a CI log reads as plain characters.

Every text that comes from a journey, a config, a CSV or a file name passes `one_line`
before it reaches text output or stderr, so no output line can start a CI workflow
command (`::error`) or move, recolour or reorder what a terminal shows (SPEC §6).
"""

from __future__ import annotations

import json
import re

# C0 and C1 controls (newlines included), DEL, the Unicode line and paragraph separators, and
# the bidirectional overrides and isolates that can disguise text.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Text with every control character shown as a JSON-style escape (\\n, \\u001b); printable text unchanged."""
    return _UNSAFE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return json.dumps(match.group())[1:-1]


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_document(data: object) -> str:
    """A machine report as JSON text that is valid UTF-8 and standard JSON whatever the input held.

    A file name that is not UTF-8 reaches cjm as lone surrogates: they become U+FFFD. NaN and
    the infinities (possible in `x-` data) become the strings "NaN", "Infinity", "-Infinity".
    """
    text = json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return _SURROGATE.sub("\ufffd", text)


def _finite(value: object) -> object:
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
