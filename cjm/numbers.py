"""Numbers as people read them: rounding half up, one decimal, percentages, each language's style.

The one module for number formatting; every command and format calls it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def rounded(value: float, digits: int = 1) -> float:
    """Round half up on the shortest decimal form, as a consultant rounds by hand (87.25 -> 87.3)."""
    step = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def one_decimal(value: float | None, missing: str = "–") -> str:
    """Scores in text: one decimal, rounded half up; a null score as a dash."""
    return missing if value is None else f"{rounded(value):.1f}"


def percent(share: float) -> str:
    """0.18 -> '18%', 0.045 -> '4.5%'."""
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


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
