"""Safe YAML 1.2 loading on PyYAML's C parser, with source marks and hard limits.

What this module guarantees (SPEC §2, "YAML rules of the loader"):
- only core YAML 1.2 types: null, booleans (``true``/``false`` only — ``NO``, ``no``,
  ``off``, ``yes``, ``on`` stay strings), integers, floats, strings, sequences and
  mappings; any other tag (Python tags included) is an error;
- merge keys (``<<: *base``) work; a key repeated in one mapping is an error;
- one document per file;
- alias expansion bounded (a "billion laughs" document is rejected in linear time);
- nesting bounded (no C stack overflow, no RecursionError);
- every mapping and sequence remembers where each key, value and item starts.
"""

from __future__ import annotations

import bisect
import gc
import re
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 100
# Values (scalars, lists, mappings, aliases) written in one file: the largest real journey under the
# 5 MB limit (about 7,000 touchpoints) holds about 500,000; a million bounds memory to a few hundred MB.
MAX_NODES = 1_000_000
MAX_DIGITS = 1_000  # an integer longer than this is no count of customers (Python refuses 4,300)
MIN_EXPANSION_LIMIT = 100_000
EXPANSION_FACTOR = 10
# Below this many structural characters the C composer cannot recurse deep enough
# to overflow the C stack (it crashes somewhere past 20,000 levels).
_SAFE_STRUCTURE = 5_000

STR = "tag:yaml.org,2002:str"
MERGE = "tag:yaml.org,2002:merge"


class YamlProblem(Exception):
    """A problem with the YAML text, at a 0-based line and column."""

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0, node: Node | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.node = node  # the node at fault, where there is one
        self.loc: tuple[str | int, ...] = ()  # its field path, filled in by parse()


class YMap(dict[Any, Any]):
    """A mapping that knows where it starts and where each key and value stands."""

    __slots__ = ("at", "start")

    start: Any
    at: dict[Any, tuple[Any, Any, bool]]


class YList(list[Any]):
    """A sequence that knows where it and each of its items start."""

    __slots__ = ("marks", "start")

    start: Any
    marks: list[Any]


class IntText(int):
    """An integer whose source text is not its canonical form (``007``, ``+5``, ``0x1F``)."""

    source: str

    def __str__(self) -> str:
        return self.source


class FloatText(float):
    """A float whose source text is not its canonical form (``1.50``, ``1e3``)."""

    source: str

    def __str__(self) -> str:
        return self.source


_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _core_resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """The YAML 1.2 core schema's implicit resolvers, keyed by first character."""
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def add(tag: str, regexp: re.Pattern[str], first: str) -> None:
        for ch in first:
            table.setdefault(ch, []).append((tag, regexp))

    add("tag:yaml.org,2002:null", _NULL_RE, "~nN")
    table.setdefault(None, []).append(("tag:yaml.org,2002:null", re.compile(r"^$")))
    add("tag:yaml.org,2002:bool", _BOOL_RE, "tTfF")
    add("tag:yaml.org,2002:int", _INT_RE, "-+0123456789")
    add("tag:yaml.org,2002:float", _FLOAT_RE, "-+.0123456789")
    add(MERGE, re.compile(r"^(?:<<)$"), "<")
    return table


class _Loader(yaml.CSafeLoader):
    """CSafeLoader with the core schema, position-recording collections and limits."""

    yaml_implicit_resolvers = _core_resolvers()
    yaml_constructors: ClassVar[dict[Any, Any]] = {}

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depths: dict[Node, int] = {}

    def construct_null(self, node: ScalarNode) -> None:
        _expect(node, ScalarNode, _NULL_RE, "null")
        return None

    def construct_bool(self, node: ScalarNode) -> bool:
        _expect(node, ScalarNode, _BOOL_RE, "true or false")
        return node.value in ("true", "True", "TRUE")

    def construct_int(self, node: ScalarNode) -> int:
        _expect(node, ScalarNode, _INT_RE, "an integer")
        text = node.value
        if len(text) > MAX_DIGITS:
            raise YamlProblem("CJM001", f"an integer of {len(text):,} digits (at most {MAX_DIGITS})", *_pos(node))
        if text.startswith("0o"):
            value = int(text[2:], 8)
        elif text.startswith("0x"):
            value = int(text[2:], 16)
        else:
            value = int(text)
        if str(value) == text:
            return value
        kept = IntText(value)
        kept.source = text
        return kept

    def construct_float(self, node: ScalarNode) -> float:
        _expect(node, ScalarNode, _FLOAT_RE, "a number")
        text = node.value
        lowered = text.lower()
        if lowered.endswith(".inf"):
            value = float("-inf") if text.startswith("-") else float("inf")
        elif lowered == ".nan":
            value = float("nan")
        else:
            value = float(text)
        if repr(value) == text:
            return value
        kept = FloatText(value)
        kept.source = text
        return kept

    def construct_str(self, node: ScalarNode) -> str:
        _expect(node, ScalarNode, None, "text")
        return str(node.value)

    def construct_seq(self, node: SequenceNode) -> Any:
        _expect(node, SequenceNode, None, "a list")
        data = YList()
        data.start = node.start_mark
        yield data
        depth = self._depths.get(node, 1) + 1
        items = node.value
        for child in items:
            if child.__class__ is not ScalarNode:
                self._enter(child, depth)
        data.extend([self.construct_object(child) for child in items])
        data.marks = [child.start_mark for child in items]

    def construct_map(self, node: MappingNode) -> Any:
        _expect(node, MappingNode, None, "a mapping")
        data = YMap()
        data.start = node.start_mark
        data.at = {}
        yield data
        pairs = node.value
        explicit = sum(1 for key_node, _ in pairs if key_node.tag != MERGE)
        if len(pairs) - explicit > 1:  # `<<` is a key too: twice in one mapping is a repeated key
            second = [key_node for key_node, _ in pairs if key_node.tag == MERGE][1]
            raise YamlProblem(
                "CJM003", "duplicate merge key '<<' in this mapping; merge several with <<: [*a, *b]", *_pos(second)
            )
        if explicit != len(pairs):
            self.flatten_mapping(node)
            pairs = node.value
        first_explicit = len(pairs) - explicit
        depth = self._depths.get(node, 1) + 1
        at = data.at
        for i, (key_node, value_node) in enumerate(pairs):
            key = self.construct_object(key_node)
            if key.__class__ is YMap or key.__class__ is YList:
                raise YamlProblem("CJM001", "a mapping key must be a plain value", *_pos(key_node))
            if i >= first_explicit and key in at and at[key][2]:
                raise YamlProblem("CJM003", f"duplicate key {key!r} in this mapping", *_pos(key_node), key_node)
            if value_node.__class__ is not ScalarNode:
                self._enter(value_node, depth)
            data[key] = self.construct_object(value_node)
            at[key] = (key_node.start_mark, value_node.start_mark, i >= first_explicit)
        if explicit:
            data.start = pairs[first_explicit][0].start_mark

    def _enter(self, node: Node, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise YamlProblem("CJM001", f"nesting deeper than {MAX_DEPTH} levels", *_pos(node))
        self._depths[node] = depth

    def construct_other(self, node: Node) -> Any:
        raise YamlProblem(
            "CJM001",
            f"the tag {node.tag!r} is not allowed (only plain YAML data: no Python or custom tags)",
            *_pos(node),
        )


_Loader.add_constructor("tag:yaml.org,2002:null", _Loader.construct_null)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_bool)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_float)
_Loader.add_constructor(STR, _Loader.construct_str)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_map)
_Loader.add_constructor(None, _Loader.construct_other)


def _expect(node: Node, kind: type[Node], pattern: re.Pattern[str] | None, what: str) -> None:
    """A tag must fit its node: `!!map [1]`, `!!float x` or `!!bool maybe` is an error at the node."""
    if node.__class__ is not kind or (pattern is not None and not pattern.match(node.value)):
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem("CJM001", f"the tag {shown} needs {what} here", *_pos(node))


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


def _structure_bound(text: str) -> int:
    """An upper bound of the nesting depth and of the values written, from the characters that open a
    collection or separate its items (below it, neither limit can be reached)."""
    return (
        2 * (text.count("[") + text.count("{"))
        + text.count("- ")
        + text.count("-\n")
        + text.count(":")
        + text.count("?")
        + text.count(",")
    )


def _check_depth_by_events(text: str) -> None:
    """Exact nesting depth and node count from the C parser's event stream, which never recurses
    and builds no objects: a file within the size limit but made of millions of tiny values
    (`[[[1]]]` repeated) is refused before it costs gigabytes."""
    depth = nodes = 0
    opens = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closes = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        cls = event.__class__
        if cls in closes:
            depth -= 1
            continue
        if cls in opens:
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                assert mark is not None
                raise YamlProblem("CJM001", f"nesting deeper than {MAX_DEPTH} levels", mark.line, mark.column)
        if cls in _NODE_EVENTS:
            nodes += 1
            if nodes > MAX_NODES:
                mark = event.start_mark
                assert mark is not None
                message = f"more than {MAX_NODES:,} values in one file; split the journey"
                raise YamlProblem("CJM001", message, mark.line, mark.column)


_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)


def _check_expansion(root: Node) -> None:
    """Reject documents whose alias-expanded node count is out of proportion (billion laughs).

    Aliases share nodes, so the expanded size of every node is computed once: linear
    in the nodes actually written.
    """
    size: dict[Node, int] = {}
    open_nodes: set[Node] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack[-1]
        if node in size:
            stack.pop()
            continue
        if node.__class__ is ScalarNode:
            size[node] = 1
            stack.pop()
            continue
        children = _children(node)
        if node not in open_nodes:
            open_nodes.add(node)
            for child in children:
                if child in open_nodes:
                    raise YamlProblem(
                        "CJM001",
                        "an alias refers to its own anchor (recursive alias)",
                        *_pos(child),
                    )
                if child not in size:
                    stack.append(child)
            continue
        size[node] = 1 + sum(size[child] for child in children)
        open_nodes.discard(node)
        stack.pop()
    limit = max(MIN_EXPANSION_LIMIT, EXPANSION_FACTOR * len(size))
    if size[root] <= limit:
        return
    culprit = min((n for n, s in size.items() if s > limit), key=lambda n: size[n])
    raise YamlProblem(
        "CJM001",
        f"aliases expand this document to {size[root]:,} nodes (limit {limit:,}): refused as an alias bomb",
        *_pos(culprit),
    )


def _children(node: Node) -> list[Node]:
    if node.__class__ is SequenceNode:
        return list(node.value)
    return [part for pair in node.value for part in pair]


def parse(text: str) -> Any:
    """Parse one YAML document from text into YMap/YList/scalars, or raise YamlProblem."""
    # Parsing creates hundreds of thousands of objects and no reference cycles (recursive
    # aliases are refused first): pausing the cyclic garbage collector meanwhile saves its
    # repeated full scans, which grow with the document (about 2x on a 5,000-touchpoint file).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse(text)
    finally:
        if paused:
            gc.enable()


def _parse(text: str) -> Any:
    if _structure_bound(text) > _SAFE_STRUCTURE:
        try:
            _check_depth_by_events(text)
        except yaml.MarkedYAMLError as exc:
            raise _syntax_problem(exc, text) from None
        except yaml.reader.ReaderError as exc:
            raise _reader_problem(exc, text) from None
    loader = _Loader(text)
    node: Node | None = None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _ODD_BREAKS.search(text):
            _editor_marks(node, text)
        if "*" in text:  # only an alias (`*name`, however spaced or quoted around) expands anything
            _check_expansion(node)
        return loader.construct_document(node)
    except YamlProblem as exc:
        if exc.node is not None and node is not None:
            exc.loc = _path_to(node, exc.node)
        raise
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("CJM001", f"YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem("CJM001", f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


# YAML 1.1 (libyaml) also breaks lines at NEL, LS and PS; YAML 1.2, editors and CI annotations do not.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


class _LineStarts:
    """Where each line starts, counting only CR, LF and CRLF as line breaks."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def position(self, index: int) -> tuple[int, int]:
        """The 0-based line and column of a character index."""
        line = bisect.bisect_right(self.starts, index) - 1
        return line, index - self.starts[line]

    def mark(self, mark: Any) -> yaml.Mark:
        """The same place as a mark of libyaml's, on the editor's lines."""
        line, column = self.position(mark.index)
        return yaml.Mark(mark.name, mark.index, line, column, None, 0)


def _editor_marks(root: Node, text: str) -> None:
    """Rewrite every node's marks to the lines an editor shows (libyaml counted NEL, LS and PS as breaks)."""
    starts = _LineStarts(text)
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = starts.mark(node.start_mark)
        node.end_mark = starts.mark(node.end_mark)
        if node.__class__ is not ScalarNode:
            stack.extend(_children(node))


def _path_to(root: Node, target: Node) -> tuple[str | int, ...]:
    """The field path of `target` (a key node: the path of its value) from the root; () if not found."""
    stack: list[tuple[Node, tuple[str | int, ...]]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else "?"
                if key_node is target:
                    return (*path, key)
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
    return ()


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    """A character YAML does not allow (NUL, other control characters), at its line and column."""
    # The C reader counts bytes of the UTF-8 text.
    before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
    line = before.count("\n")
    column = len(before) - (before.rfind("\n") + 1)
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return YamlProblem("CJM001", f"YAML: the character U+{ord(char):04X} is not allowed in YAML text", line, column)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str = "") -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and _ODD_BREAKS.search(text):
        mark = _LineStarts(text).mark(mark)
    problem = (exc.problem or "invalid YAML").strip()
    if "expected a single document" in f"{problem} {exc.context}":
        problem = "a second document ('---') in the file; one journey per file"
    elif exc.context and exc.context != problem:
        problem = f"{problem} ({exc.context.strip()})"
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    if mark is not None and _char_at(text, line, column) == "\t":
        problem += "; YAML is indented with spaces, never tabs"
    return YamlProblem("CJM001", f"YAML syntax: {problem}", line, column)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    if line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""
