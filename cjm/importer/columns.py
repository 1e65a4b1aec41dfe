"""The columns of a workshop sheet: where each lands in a journey, how a cell is read, how export writes it.

`cjm export` writes a touchpoint's values with `shown`, and `cjm import` reads them back
with `read_cell`, so an exported sheet imports as the journey it came from.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

from annotated_types import Ge, Le

from cjm.display import one_line
from cjm.importer.headers import status_of
from cjm.model import MAX_VOLUME, Metrics, Persona, Touchpoint
from cjm.spreadsheet import read_number

# The touchpoint sheet's columns in the order export writes them.
TOUCHPOINT_COLUMNS = (
    "id",
    "phase",
    "stage",
    "touchpoint",
    "channel",
    "owner",
    "action",
    "thoughts",
    "emotion",
    "expectation",
    "experience",
    "importance",
    "volume",
    "drop_off",
    "complaints",
    "csat",
    "nps",
    "ces",
    "quote",
    "persona",
    "backstage",
)
ACTION_COLUMNS = ("id", "title", "owner", "status", "due", "addresses")
PERSONA_COLUMNS = ("id", "name", "segment", "share")
# Where a touchpoint column's value lives in a touchpoint (id, phase and stage are handled apart).
PLACES: dict[str, tuple[str, ...]] = {
    "touchpoint": ("name",),
    "channel": ("channel",),
    "owner": ("owner",),
    "action": ("action",),
    "thoughts": ("thoughts",),
    "emotion": ("emotion",),
    "expectation": ("expectation",),
    "experience": ("experience",),
    "importance": ("importance",),  # format 1.1
    "volume": ("metrics", "volume"),
    "drop_off": ("metrics", "drop_off"),
    "complaints": ("metrics", "complaints"),
    "csat": ("metrics", "csat"),
    "nps": ("metrics", "nps"),
    "ces": ("metrics", "ces"),
    "quote": ("quotes",),
    "backstage": ("backstage",),
    "persona": ("personas",),
}
LISTS = {"quote": "\n", "backstage": "\n", "persona": ", ", "addresses": ", "}
_SPLIT = {"\n": re.compile(r"\r?\n"), ", ": re.compile(r"[,;\n]")}
WHOLE = {"volume"}
_KEYS = {"id", "stage", "phase"}  # cells that name an item: spaces around them mean nothing
SHARES = {"drop_off", "complaints", "share"}
_NOT_IN_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl's ILLEGAL_CHARACTERS_RE
EXACT_DIGITS = 15  # a spreadsheet number keeps 15 significant digits: a longer whole number is written as text
CELL_LIMIT = 32_767  # characters a spreadsheet cell holds; openpyxl cuts a longer text there


def _bounds(model: Any, name: str) -> tuple[float, float]:
    """A number field's range, as the model states it."""
    info = model.model_fields[name]
    low: Any = next(m.ge for m in info.metadata if isinstance(m, Ge))
    high: Any = next(m.le for m in info.metadata if isinstance(m, Le))
    return float(low), float(high)


RANGES: dict[str, tuple[float, float]] = {
    "emotion": _bounds(Touchpoint, "emotion"),
    "expectation": _bounds(Touchpoint, "expectation"),
    "experience": _bounds(Touchpoint, "experience"),
    "importance": _bounds(Touchpoint, "importance"),
    "volume": (0.0, float(MAX_VOLUME)),
    **{name: _bounds(Metrics, name) for name in ("drop_off", "complaints", "csat", "nps", "ces")},
    "share": _bounds(Persona, "share"),  # a persona's share of the customers (format 1.1)
}


class Unreadable(ValueError):
    """A cell that cannot be read as its column asks: the message says why (left out with a warning)."""


def as_text(value: object) -> str | None:
    """A cell as text: numbers as written (2 not 2.0), dates as YYYY-MM-DD, empty as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def read_cell(field: str, value: object, decimal_comma: bool) -> Any:
    """A cell's value for its column: text, a number in range, a list, a status, a date; Unreadable if not."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if field in RANGES:
        return _number(field, value, decimal_comma)
    if field in LISTS:
        text = as_text(value) or ""
        parts = [part for part in _SPLIT[LISTS[field]].split(text) if part.strip()]
        return [part.strip() for part in parts] if LISTS[field] == ", " else parts
    if field == "status":
        status = status_of(as_text(value) or "")
        if status is None:
            raise Unreadable(f"status {as_text(value)!r} is none of idea, planned, in progress, done, dropped")
        return status
    if field == "due":
        return _date(value)
    cell = as_text(value)
    return cell.strip() if cell is not None and field in _KEYS else cell


def _number(field: str, value: object, decimal_comma: bool) -> int | float:
    low, high = RANGES[field]
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Unreadable(f"{field}: {as_text(value)!r} is not a number")
    number = (
        float(value)
        if not isinstance(value, str)
        else read_number(value, ";" if decimal_comma else ",", whole=field in WHOLE, share=field in SHARES)
    )
    if number is None or number != number:
        raise Unreadable(f"{field}: {value!r} is not a number")
    if not low <= number <= high:
        raise Unreadable(f"{field}: {as_text(value)!r} is out of range ({low:g}..{high:g})")
    if field in WHOLE and not number.is_integer():
        raise Unreadable(f"{field}: {as_text(value)!r} is not a whole number")
    return int(number) if number.is_integer() else number


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = as_text(value) or ""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise Unreadable(f"due: {text!r} is not a date (YYYY-MM-DD)")


def shown(field: str, value: Any) -> object:
    """How export writes a value in its column's cell (None: an empty cell)."""
    if value is None or value == []:
        return None
    if field in LISTS:
        return LISTS[field].join(str(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field in RANGES:
        return value
    return extra_shown(value)


def extra_shown(value: Any) -> object:
    """An `x-` value in a cell: text and numbers as they are, anything else as JSON text."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")  # as cjm's JSON says them
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) > EXACT_DIGITS:
        return str(value)  # 123456789012345678901234567890 would come back as 1.234567890123457e+29
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def same(current: Any, new: Any) -> bool:
    """Whether a cell's value says what the journey already holds (2 == 2.0; '007' == 7 as text)."""
    if current is None or new is None:
        return current is None and new is None
    if isinstance(new, list):
        return isinstance(current, list) and [str(item) for item in current] == [str(item) for item in new]
    if isinstance(new, (int, float)) and not isinstance(new, bool):
        return isinstance(current, (int, float)) and not isinstance(current, bool) and float(current) == float(new)
    if isinstance(new, dt.date):
        return str(current) == new.isoformat()
    return str(current) == str(new)


def same_extra(current: Any, cell: object) -> bool:
    """Whether an `x-` cell holds what export wrote for the value: as shown, cut at a cell's limit,
    or a number with the decimal comma of a Nordic CSV (`1,5` for 1.5)."""
    if current is None:
        return False
    shown_value = extra_shown(current)
    if shown_value == cell or same_text(shown_value, cell):
        return True
    return isinstance(current, float) and isinstance(cell, str) and read_number(cell, ";") == current


def same_text(shown_value: object, cell: object) -> bool:
    """Whether a cell holds what export wrote for a value, line endings aside (a workbook keeps no CR):
    as it is (CSV), or as a workbook cell holds it (controls escaped, cut at the cell's limit)."""
    if not isinstance(shown_value, str) or not isinstance(cell, str):
        return False
    in_workbook = cell_text(shown_value)[:CELL_LIMIT]
    return _lines(cell) in (_lines(shown_value), _lines(in_workbook))


def cell_text(text: str) -> str:
    """Text as a workbook cell can hold it: the controls XML forbids shown as escapes (`\\u0007`)."""
    return _NOT_IN_CELL.sub(lambda match: one_line(match.group()), text)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
