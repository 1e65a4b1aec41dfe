"""Hints for numbers written as a spreadsheet or a Nordic keyboard writes them (SPEC §4.5).

`emotion: 0,5` (a decimal comma), `drop_off: 18 %` (a percentage) and `volume: 9.200` (a
thousands dot, which YAML reads as 9.2) fail the schema with a message about types; the
hint names the fix instead: `'0,5' has a decimal comma; write 0.5`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from cjm.model import model_at
from cjm.source import Loc, SourceMap
from cjm.yamlsafe import YMap

_DECIMAL_COMMA_RE = re.compile(r"[-+]?\d+,\d+")
_PERCENT_RE = re.compile(r"([-+]?\d+(?:[.,]\d+)?)\s*%")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:([., \u00a0])\d{3})(?:\1\d{3})*(?:,0+)?")
_SEPARATORS = {".": "dot", ",": "comma", " ": "space", "\u00a0": "space"}
# In a flow mapping `{csat: 3,6}` YAML reads the comma as the end of `csat: 3`; `6` becomes a key.
_FLOW_NUMBER_RE = re.compile(r"[-+]?\d+,")
_FLOW_KEY_RE = re.compile(r"\d+(?:\s*%)?")


def number_hint(value: Any, loc: Loc, model: type[BaseModel]) -> str | None:
    """The fix for a number field's value written the spreadsheet way, or None.

    `value` is what YAML read: a string such as '0,5' or '18 %', or a number whose source
    text is kept (9.200 is the float 9.2 whose text is '9.200').
    """
    field = _number_field(loc, model)
    if field is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    whole, share = field
    text = str(value).strip()
    shown = repr(value) if isinstance(value, str) else text
    return _hint(text, shown, whole, share)


def flow_number(source: SourceMap, mapping_loc: Loc, key: Any) -> tuple[Loc, str] | None:
    """(the field, its text) when `key` of the flow mapping at mapping_loc is the tail of `csat: 3,6`."""
    mapping = _mapping(source.root, mapping_loc)
    if mapping is None or key not in mapping.at:
        return None
    key_mark = mapping.at[key][0]
    before = [
        (value_mark.column, name)
        for name, (_, value_mark, _) in mapping.at.items()
        if value_mark.line == key_mark.line and value_mark.column < key_mark.column
    ]
    if not before:
        return None
    column, name = max(before)
    line = source.line(key_mark.line + 1)
    head = line[column : key_mark.column]
    tail = _FLOW_KEY_RE.match(line, key_mark.column)
    if not _FLOW_NUMBER_RE.fullmatch(head) or tail is None:
        return None
    return (*mapping_loc, name), head + tail.group(0)


def flow_number_hint(text: str, loc: Loc, model: type[BaseModel]) -> str | None:
    """The fix for `csat: 3,6` read from a flow mapping (text '3,6'), or None."""
    field = _number_field(loc, model)
    if field is None:
        return None
    return _hint(text, repr(text), *field)


def _hint(text: str, shown: str, whole: bool, share: bool) -> str | None:
    thousands = _THOUSANDS_RE.fullmatch(text) if whole else None
    if thousands:
        digits = re.sub(r",0+$", "", text)
        digits = re.sub(r"\D", "", digits)
        return f"{shown} looks like a thousands {_SEPARATORS[thousands.group(1)]}; write {int(digits)}"
    if not whole and _DECIMAL_COMMA_RE.fullmatch(text):
        return f"{shown} has a decimal comma; write {text.replace(',', '.')}"
    percent = _PERCENT_RE.fullmatch(text) if share else None
    if percent:
        fraction = Decimal(percent.group(1).replace(",", ".")) / 100
        if 0 <= fraction <= 1:
            return f"{shown} is a percentage; write {format(fraction.normalize(), 'f')}"
    return None


def _number_field(loc: Loc, root: type[BaseModel]) -> tuple[bool, bool] | None:
    """(whole, share) for a number field at loc: an integer field, a share 0..1; None for other fields."""
    model = model_at(loc[:-1], root) if loc else None
    name = loc[-1] if loc else None
    info = None if model is None or not isinstance(name, str) else model.model_fields.get(name)
    if info is None:
        return None
    kinds = set(getattr(info.annotation, "__args__", ())) | {info.annotation}
    if int not in kinds and float not in kinds:
        return None
    low = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    return int in kinds, low == 0 and high == 1


def _mapping(root: Any, loc: Loc) -> YMap | None:
    node = root
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node if isinstance(node, YMap) else None
