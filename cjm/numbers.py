"""Numbers as people read them: rounding half up, one decimal, percentages, customer counts,
each language's style.

The one module for number formatting; every command and format calls it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SIGNIFICANT = 3  # digits of an estimated customer count: ≈ 14,400, not a false 14,351


def rounded(value: float, digits: int = 1) -> float:
    """Round half up on the shortest decimal form, as a consultant rounds by hand (87.25 -> 87.3)."""
    step = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def one_decimal(value: float | None, missing: str = "–") -> str:
    """Scores in text: one decimal, rounded half up; a null score as a dash."""
    return missing if value is None else f"{rounded(value):.1f}"


def percent(share: float) -> str:
    """A share as people say it: 0.18 -> '18 %', 0.045 -> '4.5 %', 0.3 -> '30 %' (half up)."""
    value = rounded(share * 100, 0 if share >= 0.1 else 1)
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} %"


def whole(value: float) -> str:
    """A count as written: 9200 -> '9,200' (half up to a whole number, thousands grouped)."""
    return f"{int(rounded(value, 0)):,}"


def estimate(value: float) -> int:
    """An estimated customer count to three significant digits, half up: 14351.2 -> 14400, 2760 -> 2760, 4.6 -> 5."""
    number = int(rounded(value, 0))
    if number >= 10**SIGNIFICANT:
        digits = len(str(number)) - SIGNIFICANT
        number = int(Decimal(number).scaleb(-digits).quantize(Decimal(1), rounding=ROUND_HALF_UP).scaleb(digits))
    return number


def about(value: float) -> str:
    """An estimated customer count as text: '14,400' (see `estimate`)."""
    return f"{estimate(value):,}"


PERIODS = ("day", "week", "month", "quarter", "year")


def per_period(period: str | None) -> str:
    """How customer counts are counted: ' a month' for the known periods, ' per <period>' as written, '' without one.

    `period` comes from the journey: callers pass text already made safe for their output.
    """
    if not period or not period.strip():
        return ""
    text = " ".join(period.split())
    return f" a {text}" if text.lower() in PERIODS else f" per {text}"


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
    if abs(value) >= 1e16:  # past a float's exact digits (a KPI of 1e300): powers of ten, not its binary tail
        return f"{value:.15g}".replace(".", decimal_mark).replace("-", "−")
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
