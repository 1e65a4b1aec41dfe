"""Numbers as people read them: rounding half up, one decimal, percentages, customer counts.

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
