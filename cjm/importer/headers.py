"""The header table (`headers.json`): the words of every column, sheet, phase and status in six languages.

Data, not code: one row per field, one list of words per language, the first word being
the one `cjm export` writes. Names are matched case- and accent-insensitively, ignoring
spaces and punctuation, so `Drop-off`, `drop off` and `DROPOFF` are one column.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "œ": "oe"})
_NOT_WORD = re.compile(r"[\W_]+")
DEFAULT_SHEET_NAMES = frozenset({"sheet", "ark", "blad", "taulukko", "feuil", "tabelle", "hoja", "foglio"})


@cache
def table() -> dict[str, dict[str, dict[str, list[str]]]]:
    """The header table as read from the package: section -> field -> language -> words."""
    text = resources.files("cjm.importer").joinpath("headers.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, list[str]]]] = {k: v for k, v in json.loads(text).items() if k != "languages"}
    return data


@lru_cache(maxsize=8192)
def normalized(text: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive form of a name: `Drop-off` -> `dropoff`."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return _NOT_WORD.sub("", plain)


@cache
def _index(section: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Normalized word -> (field, the languages that use it)."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for field, words in table()[section].items():
        for language, names in words.items():
            for name in names:
                key = normalized(name)
                _, languages = found.get(key, (field, ()))
                found[key] = (field, (*languages, language))
    return found


def field_of(section: str, name: str) -> str | None:
    """The field a header names in a section (`touchpoint_columns`, `action_columns`, ...), or None."""
    hit = _index(section).get(normalized(name))
    return hit[0] if hit else None


def languages_of(section: str, name: str) -> tuple[str, ...]:
    """The languages in which a name is a word of the section."""
    hit = _index(section).get(normalized(name))
    return hit[1] if hit else ()


def word(section: str, field: str, language: str) -> str:
    """The word `cjm export` writes for a field in a language: the first of the table."""
    return table()[section][field][language][0]


@lru_cache(maxsize=1024)
def phase_of(text: str) -> str | None:
    """The phase (before, during, after) a cell names in any language, or None.

    A cell may say more after the word (`Før købet`, `Before: research`); the longest word wins.
    """
    words = [normalized(part) for part in _NOT_WORD.split(text.casefold()) if part]
    best: tuple[int, str] | None = None
    for phase, by_language in table()["phases"].items():
        for names in by_language.values():
            for name in names:
                name_words = [normalized(part) for part in _NOT_WORD.split(name.casefold()) if part]
                if (
                    name_words
                    and words[: len(name_words)] == name_words
                    and (best is None or len(name_words) > best[0])
                ):
                    best = (len(name_words), phase)
    return best[1] if best else None


def sheet_kind(name: str) -> str | None:
    """`touchpoints`, `actions` or `scores` when a sheet is named so in any language, else None."""
    return field_of("sheets", name)


def is_default_sheet_name(name: str) -> bool:
    """`Sheet1`, `Ark1`, `Blad1`, `Taulukko1`: a name the spreadsheet gave, not the workshop."""
    return re.sub(r"\d+$", "", normalized(name)) in DEFAULT_SHEET_NAMES


def status_of(text: str) -> str | None:
    """The action status a cell names in any language (or as the format writes it), or None."""
    return field_of("statuses", text)


def comment(key: str, language: str, **values: str) -> str:
    """A comment that `cjm import` writes into a new journey, in its language."""
    return word("comments", key, language).format(**values)
