"""Source positions: one structure that maps a field path to its line and column."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cjm.yamlsafe import YList, YMap

Loc = tuple[str | int, ...]

_SUPPRESS_RE = re.compile(r"(?:^|\s)#\s*cjm:\s*ignore\[([A-Za-z0-9_,\s]+)\]")
_SUPPRESS_FILE_RE = re.compile(r"(?:^|\s)#\s*cjm:\s*ignore-file\[([A-Za-z0-9_,\s]+)\]")


def format_loc(loc: Sequence[str | int]) -> str:
    """``('touchpoints', 3, 'emotion')`` -> ``touchpoints[3].emotion``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class SourceMap:
    """Where things stand in one journey file (1-based lines and columns)."""

    def __init__(self, root: Any, text: str = "") -> None:
        self.root = root
        self.text = text
        self._lines: list[str] | None = None
        self._spans: list[tuple[Any, Any]] | None = None

    def _walk(self, loc: Loc) -> tuple[Any, Any, Any, int]:
        """Follow loc as far as the data goes: (node, value mark, key mark, parts followed)."""
        node = self.root
        value_mark = getattr(node, "start", None)
        key_mark = None
        followed = 0
        for part in loc:
            if isinstance(node, YMap) and part in node.at:
                key_mark, value_mark, _ = node.at[part]
                node = node[part]
            elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node):
                key_mark, value_mark = None, node.marks[part]
                node = node[part]
            else:
                break
            followed += 1
        return node, value_mark, key_mark, followed

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or, with key=True, the key) at loc; an item: its first key."""
        node, value_mark, key_mark, _ = self._walk(loc)
        if isinstance(node, YMap):
            mark = key_mark if key and key_mark is not None else node.start
        else:
            mark = key_mark if key and key_mark is not None else value_mark
        return _one_based(mark)

    def mapping_position(self, loc: Loc) -> tuple[int, int]:
        """Position of the mapping at loc (its first key), for findings about a missing key."""
        if not loc and isinstance(self.root, YMap) and "cjm" in self.root.at:
            return _one_based(self.root.at["cjm"][0])
        node, value_mark, _, _ = self._walk(loc)
        return _one_based(node.start if isinstance(node, YMap) else value_mark)

    def line(self, number: int) -> str:
        """The text of a 1-based line ('' when out of range)."""
        if self._lines is None:  # CR, LF and CRLF only, as YAML 1.2 and editors count lines (not LS, NEL, FF)
            self._lines = re.split(r"\r\n|\r|\n", self.text)
        if 1 <= number <= len(self._lines):
            return self._lines[number - 1]
        return ""

    def suppression_lines(self) -> dict[int, set[str]]:
        """Every line with an inline ``# cjm: ignore[...]``, with its codes."""
        return self._comments(_SUPPRESS_RE, "ignore[")

    def file_suppressions(self) -> dict[int, set[str]]:
        """Lines with ``# cjm: ignore-file[...]``, with their codes."""
        return self._comments(_SUPPRESS_FILE_RE, "ignore-file[")

    def _comments(self, pattern: re.Pattern[str], marker: str) -> dict[int, set[str]]:
        """Lines (1-based) whose suppression comment matches pattern, with the codes it names.

        Only a YAML comment counts: the same text inside a string or a block scalar (a
        `description: |` quoting a comment) suppresses nothing (SPEC §6).
        """
        found: dict[int, set[str]] = {}
        if marker not in self.text:
            return found
        self.line(1)  # split the text into lines once
        assert self._lines is not None
        for number, text in enumerate(self._lines, start=1):
            if marker in text:
                match = pattern.search(text)
                if match and not self._in_text(number - 1, match.start() + match.group(0).index("#")):
                    found[number] = _codes(match.group(1))
        return found

    def _in_text(self, line: int, column: int) -> bool:
        """Whether a 0-based line and column lie inside a scalar (a string or a block scalar)."""
        if self._spans is None:
            self._spans = _scalar_spans(self.text)
        return any((start.line, start.column) <= (line, column) < (end.line, end.column) for start, end in self._spans)


def _scalar_spans(text: str) -> list[tuple[Any, Any]]:
    """Where the scalars that hold `cjm:` stand (YAML's own scanner); none if the text does not scan."""
    import yaml

    spans = []
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if isinstance(token, yaml.ScalarToken) and "cjm:" in token.value:
                spans.append((token.start_mark, token.end_mark))
    except yaml.YAMLError:
        return spans
    return spans


def _codes(raw: str) -> set[str]:
    return {code.strip().upper() for code in raw.split(",") if code.strip()}


def _one_based(mark: Any) -> tuple[int, int]:
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1
