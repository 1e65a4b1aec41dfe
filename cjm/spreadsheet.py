"""What a Nordic spreadsheet exports and reads: the CSV dialects, number cells and formula-safe text.

One place for the facts that the metrics overlay (§2), `cjm score --format csv` (§4.2),
`cjm import` and `cjm export` (§4.5) share: `,`, `;` or tab separated (sniffed from the
header), an Excel `sep=;` line, decimal comma with `;` (and tab), a space (and in whole
numbers of a `;` file a dot) grouping thousands, UTF-8 with or without BOM (UTF-16 with a
BOM too), else Windows-1252. Nothing here is ever evaluated: `=HYPERLINK(...)` is text.
"""

from __future__ import annotations

import math
import re

from cjm.errors import JobError

BOM = "\ufeff"  # so Excel reads a CSV as UTF-8 (æ, ø, å)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(
    r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII
)  # ASCII digits only: ١٢٣ is no number
_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))", re.ASCII)
# With a decimal comma (`;` or tab files), Danish, Norwegian and German exports group thousands
# with dots: a volume of 9.000 is nine thousand, never nine. Only whole-number columns read dots
# so: a csat of 4.125 or a drop_off of 1.000 is a decimal whatever the separator.
_DOT_GROUPS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,0*)?$", re.ASCII)  # 9.000 and 9.000,00


class CsvTextError(JobError):
    """CSV bytes that are no text: the message starts with `file.csv:LINE: ` (exit 2)."""


def decode_csv(data: bytes, shown: str = "<csv>") -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CsvTextError(f"{shown}:1: the file is not valid UTF-16 text") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvTextError(f"{shown}:{line}: the file is neither UTF-8 nor Windows-1252 text") from None


def csv_layout(lines: list[str]) -> tuple[int, str | None]:
    """Lines to skip (Excel's `sep=;` line) and the separator; None when there is no header.

    The header holds only column names, so any `;` or tab in it decides the separator.
    """
    for number, line in enumerate(lines):
        content = line.strip()
        if not content:
            continue
        if content.lower().startswith("sep=") and len(content) == 5:
            return number + 1, content[4]
        for candidate in (";", "\t"):
            if candidate in content:
                return 0, candidate
        return 0, ","
    return 0, None


def read_number(cell: str, delimiter: str, *, whole: bool = False, share: bool = False) -> float | None:
    """A number cell as a spreadsheet of that dialect wrote it, or None when it is no number.

    `delimiter` other than `,` means a decimal comma; `share` accepts a trailing `%`
    (18 % is 0.18); `whole` reads a dot between groups of three digits as thousands.
    """
    text = _THOUSANDS.sub("", cell.strip())
    if whole and delimiter != "," and _DOT_GROUPS.match(text):
        text = text.replace(".", "")
    percent = share and text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    if delimiter != "," and "," in text and "." not in text:
        text = text.replace(",", ".", 1)
    if not _NUMBER.match(text):
        return None
    value = float(text) / (100 if percent else 1)
    return value if math.isfinite(value) else None


def safe_cell(value: str | float | int | None) -> str | float | int:
    """A text cell starting with = + - @, tab or CR gets a leading ' so no spreadsheet runs it.

    So does one starting with quotes before such a character (`'=x`), so `unsafe_cell` gives it back as it was.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def unsafe_cell(text: str) -> str:
    """A text cell as `safe_cell` wrote it, back to the text: one ' before (quotes before) a formula start removed."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text
