"""A partial journey: what lint can still check in a file whose values fail the schema.

`cjm lint` reports every problem of a file in one run (SPEC §4.5), so when validation
fails (CJM002) the ids, references and structural rules still run on a best-effort copy
of the parsed tree, where an invalid value counts as absent:
- an unknown key (or a key that is not text) is left out;
- an invalid optional value is left out, so the field takes its default;
- an invalid item of a list, or an item whose required key is broken, is dropped;
- a broken required `id`, `title` or `touchpoints` of the journey gets a stand-in
  (`stages` has none: without a valid stage nothing sensible can run).
Validation is repeated until the copy validates (an `extensions` key hides the other
errors of its mapping until it is gone), at most MAX_ROUNDS times.

Dropped items would shift the indexes of those after them, so every list of the copy
remembers the index each of its items had in the file, and `file_loc` maps a field path
of the partial journey back to the file's; the ids of dropped items are kept too, so they
still count as taken (CJM004) and known (CJM005). Repeated ids stay as written. The
partial journey is only ever linted: never scored, rendered or diffed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from cjm.integrity import KINDS
from cjm.model import SLUG_PATTERN, Journey, model_at, source_text
from cjm.source import Loc

MAX_ROUNDS = 8
# What a required journey field becomes when its value is invalid or missing.
_STAND_INS: dict[str, Any] = {"id": "journey", "title": "journey", "touchpoints": []}
_SLUG_RE = re.compile(SLUG_PATTERN)


class _Items(list[Any]):
    """A list of the copy that knows the index in the file of each of its items."""

    __slots__ = ("origin",)

    origin: list[int]


class PrunedJourney:
    """A journey validated from a pruned copy of the parsed tree (for lint only)."""

    def __init__(self, data: Any) -> None:
        self.root: dict[Any, Any] = _copy(data)
        self.journey: Journey | None = None
        self.dropped: dict[str, list[tuple[int, str]]] = {}  # kind -> (index in the file, id)
        self.hidden: list[ErrorDetails] = []  # errors the first validation could not see, at file locs
        self.stood_in: set[str] = set()

    @property
    def journey_id(self) -> str | None:
        """The journey's id as the file gives it; None when it was invalid."""
        return None if self.journey is None or "id" in self.stood_in else self.journey.id

    def file_loc(self, loc: Loc) -> Loc:
        """The field path in the file of a field path of the partial journey."""
        node: Any = self.root
        out: list[str | int] = []
        for part in loc:
            if isinstance(node, _Items) and isinstance(part, int) and 0 <= part < len(node):
                out.append(node.origin[part])
                node = node[part]
            elif isinstance(node, dict) and part in node:
                out.append(part)
                node = node[part]
            else:
                node = None
                out.append(part)
        return tuple(out)

    def validate(self, errors: list[ErrorDetails]) -> bool:
        """Leave out what `errors` (of the whole tree) point at until the copy validates; False if it cannot."""
        for _ in range(MAX_ROUNDS):
            actions = [_action(self.root, error) for error in errors]
            if None in actions or (errors and not self._apply([a for a in actions if a is not None])):
                return False
            try:
                self.journey = Journey.model_validate(self.root)
                return True
            except ValidationError as exc:
                errors = exc.errors(include_url=False)
            if any(error["type"] == "too_short" for error in errors):
                return False  # only a list emptied here can be too short now
            self.hidden.extend(self._at_file_locs(errors))
        return False

    def _apply(self, actions: list[tuple[str, Any, Any]]) -> bool:
        """Carry out the actions of one round; True when the copy changed."""
        changed = False
        drops: dict[int, tuple[_Items, set[int]]] = {}
        for what, container, key in actions:
            if what == "item":
                drops.setdefault(id(container), (container, set()))[1].add(key)
            elif what == "stand-in":
                container[key] = _copy(_STAND_INS[key])
                self.stood_in.add(key)
                changed = True
            elif key in container:
                del container[key]
                changed = True
        for items, indexes in drops.values():
            kind = next((k for k in KINDS if self.root.get(k) is items), None)
            for i in sorted(indexes):
                raw_id = items[i].get("id") if isinstance(items[i], dict) else None
                if kind is not None and _is_slug(raw_id):
                    self.dropped.setdefault(kind, []).append((items.origin[i], str(source_text(raw_id))))
            _drop(items, indexes)
            changed = True
        return changed

    def _at_file_locs(self, errors: list[ErrorDetails]) -> Iterator[ErrorDetails]:
        for error in errors:
            loc = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
            yield {**error, "loc": self.file_loc(loc)}


def prune(data: Any, errors: list[ErrorDetails]) -> PrunedJourney | None:
    """The partial journey of parsed data whose validation gave `errors`, or None when nothing sensible remains."""
    pruned = PrunedJourney(data)
    return pruned if pruned.validate(errors) else None


def _copy(node: Any) -> Any:
    """A copy of the parsed tree that can be pruned (the content of `x-` keys is shared, never validated)."""
    if isinstance(node, dict):
        return {k: v if isinstance(k, str) and k.startswith("x-") else _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        items = _Items(_copy(item) for item in node)
        items.origin = list(range(len(node)))
        return items
    return node


def _drop(items: _Items, indexes: Any) -> None:
    for i in sorted(indexes, reverse=True):
        del items[i]
        del items.origin[i]


def _is_slug(value: Any) -> bool:
    text = source_text(value)
    return isinstance(text, str) and not isinstance(value, bool) and _SLUG_RE.match(text) is not None


def _action(root: Any, error: ErrorDetails) -> tuple[str, Any, Any] | None:
    """What to leave out for one error: ("key", mapping, key), ("item", list, index) or ("stand-in", root, key)."""
    loc = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
    kind = error["type"]
    if kind in ("extra_forbidden", "invalid_key") and loc:
        mapping = _node(root, loc[:-1])
        key = error["input"] if kind == "invalid_key" else loc[-1]
        return ("key", mapping, key) if isinstance(mapping, dict) else None
    if kind == "value_error" and isinstance(_node(root, loc), dict) and "extensions" in _node(root, loc):
        return ("key", _node(root, loc), "extensions")  # the key that hides the mapping's other errors
    if kind == "missing":
        if len(loc) == 1 and loc[0] in _STAND_INS:
            return ("stand-in", root, loc[0])
        loc = loc[:-1]  # the mapping lacking a required key is what is broken
    return _absent(root, loc)


def _absent(root: Any, loc: Loc) -> tuple[str, Any, Any] | None:
    """Make the value at loc absent: drop it from its list, leave out an optional field, else go up a level."""
    while loc:
        parent, last = _node(root, loc[:-1]), loc[-1]
        if isinstance(parent, _Items) and isinstance(last, int):
            return ("item", parent, last)
        if isinstance(parent, dict) and last in parent:
            if len(loc) == 1 and last in _STAND_INS:
                return ("stand-in", parent, last)
            model = model_at(loc[:-1])
            info = None if model is None or not isinstance(last, str) else model.model_fields.get(last)
            if info is not None and not info.is_required():
                return ("key", parent, last)
        loc = loc[:-1]
    return None


def _node(root: Any, loc: Loc) -> Any:
    """The node of the copy at loc, or None."""
    node = root
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not in_list and not (isinstance(node, dict) and part in node):
            return None
        node = node[part]
    return node
