"""Numbers as people read them: rounding half up, one decimal, percentages.

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
