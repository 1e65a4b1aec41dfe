"""User-facing labels of every render, in the six languages of the format.

The words are data: one message catalogue per language, `cjm/render/messages/<lang>.json`,
each written out in full (no language borrows another's words, none falls back to
English); tests/test_messages.py compares every catalogue with the English one. Number
formatting follows the language's conventions (decimal comma and grouping in the Nordic
languages).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from cjm.formats.score_words import rounded

LANGUAGES = ("da", "nb", "nn", "sv", "fi", "en")
# The periods a journey's `period` names that renders translate (SPEC §2), each with a
# catalogue entry `per_<period>` ("pr. måned"); any other text is shown as written.
PERIODS = ("day", "week", "month", "quarter", "year")


@cache
def catalogue(language: str) -> dict[str, str]:
    """The message catalogue of one language, read from the package once."""
    path = resources.files("cjm.render").joinpath("messages").joinpath(f"{language}.json")
    messages = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(messages, dict) or not all(isinstance(value, str) for value in messages.values()):
        raise ValueError(f"cjm/render/messages/{language}.json is not one object of texts")
    return messages


LABELS: dict[str, dict[str, str]] = {language: catalogue(language) for language in LANGUAGES}
EN = LABELS["en"]


def labels_for(language: str | None) -> dict[str, str]:
    """The labels of a language (English when none is given)."""
    return LABELS.get(language or "en", EN)


# Decimal mark and digit grouping per language (Nordic: decimal comma; en: point).
_NUMBER_STYLE = {
    "da": (",", "."),
    "nb": (",", "\u00a0"),
    "nn": (",", "\u00a0"),
    "sv": (",", "\u00a0"),
    "fi": (",", "\u00a0"),
    "en": (".", ","),
}


def format_number(value: float, language: str, decimals: int = 0) -> str:
    """A number in the language's style: `1.234,5` (da), `1 234,5` (sv), `1,234.5` (en)."""
    decimal_mark, group = _NUMBER_STYLE.get(language, _NUMBER_STYLE["en"])
    if decimals and abs(value) < 1e15:  # round half up, as `cjm score` does: 40.65 shows as 40.7 everywhere
        value = rounded(value, decimals)
    text = f"{value:,.{decimals}f}"
    if text in ("-0", "-0.0", "-0.00"):
        text = text[1:]
    text = text.replace(",", "\x00").replace(".", decimal_mark).replace("\x00", group)
    return text.replace("-", "−")


def format_percent(share: float, language: str) -> str:
    """A share 0..1 as a percentage: `31 %` (Nordic) or `31%` (en); one decimal below 10 %."""
    percent = share * 100
    decimals = 1 if 0 < percent < 10 and percent != int(percent) else 0
    number = format_number(percent, language, decimals)
    return f"{number}%" if language == "en" else f"{number}\u00a0%"
