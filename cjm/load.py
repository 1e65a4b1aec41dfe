"""Loading journeys: bytes -> text -> YAML -> validated model, every problem a positioned Finding."""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from cjm.codes import CORE_NAMES
from cjm.errors import JobError
from cjm.findings import Finding
from cjm.hints import flow_number, flow_number_hint, number_hint
from cjm.integrity import Problem, check_integrity
from cjm.model import FORMAT_VERSIONS, TEXT_PATTERN, Journey, format_11_fields, kpi_metric_keys, model_at
from cjm.partial import prune
from cjm.source import Loc, SourceMap, format_loc
from cjm.yamlsafe import YamlProblem, YMap, parse

DEFAULT_LIMIT_MB = 5.0
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class InputError(JobError):
    """A file could not be read at all (missing, a directory, no permission): exit 2."""


class TextProblem(Exception):
    """The bytes are not acceptable journey text (size, encoding): CJM001 at a position."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Partial:
    """What lint still checks of an invalid journey: the journey with its invalid values left out.

    Only lint uses it (cjm/partial.py); for everything else the file stays invalid.
    """

    journey: Journey
    problems: list[Finding]  # beyond Loaded.problems: CJM004/CJM005 on it, schema errors hidden behind others
    file_loc: Callable[[Loc], Loc]  # a field path of `journey` -> the file's (items may have been dropped)
    journey_id: str | None  # the file's journey id; None when it is invalid


@dataclass
class Loaded:
    """The outcome of loading one journey file."""

    path: str
    text: str = ""
    data: Any = None
    journey: Journey | None = None
    source: SourceMap | None = None
    problems: list[Finding] = field(default_factory=list)
    partial: Partial | None = None  # set when CJM002/CJM004/CJM005 make the file invalid; lint only

    @property
    def ok(self) -> bool:
        """True when the journey is valid (no CJM001–CJM006 problem)."""
        return self.journey is not None and not self.problems


def read_bytes(path: str, limit_mb: float = DEFAULT_LIMIT_MB) -> bytes:
    """Read a file (or stdin for '-') up to the size limit; InputError when unreadable."""
    limit = int(limit_mb * 1024 * 1024)
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise TextProblem(f"the file is larger than the size limit of {limit_mb:g} MB (limits.file_mb in .cjm.yaml)")
    return data


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM; anything else is a TextProblem at the first bad byte."""
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise TextProblem(f"the file is {name} text; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise TextProblem(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02X}); save it as UTF-8", line, column
        ) from None


def load_journey(path: str, *, limit_mb: float = DEFAULT_LIMIT_MB, display: str | None = None) -> Loaded:
    """Load and validate one journey file. Raises InputError only when it cannot be read."""
    shown = display or path
    try:
        text = decode(read_bytes(path, limit_mb))
    except TextProblem as exc:
        return Loaded(shown, problems=[_finding(shown, "CJM001", exc.message, exc.line, exc.column)])
    return load_journey_text(text, shown)


def load_journey_text(text: str, path: str = "<string>") -> Loaded:
    """Validate journey text: YAML rules, format version, schema, ids and references."""
    loaded = Loaded(path, text=text)
    try:
        loaded.data = parse(text)
    except YamlProblem as exc:
        message = f"{format_loc(exc.loc)}: {exc.message}" if exc.loc else exc.message
        loaded.problems.append(_finding(path, exc.code, message, exc.line + 1, exc.column + 1, exc.loc))
        return loaded
    source = SourceMap(loaded.data, text)
    loaded.source = source
    version_problem = _check_version(loaded.data, source, path)
    if version_problem is not None:
        loaded.problems.append(version_problem)
        return loaded
    format_1 = str(loaded.data["cjm"]) == "1"
    if format_1:
        loaded.problems.extend(_format_11_findings(loaded.data, source, path))
    # A metric key that cannot be a KPI (format 1: any; 1.1: one that is no slug) is an unknown key.
    unknown: list[ErrorDetails] = [
        {"type": "extra_forbidden", "loc": loc, "msg": "Extra inputs are not permitted", "input": None}
        for loc in kpi_metric_keys(loaded.data, slugs=format_1)
    ]
    try:
        journey = Journey.model_validate(loaded.data)
    except ValidationError as exc:
        at_unknown = {error["loc"] for error in unknown}
        errors = unknown + [e for e in exc.errors(include_url=False) if e["loc"] not in at_unknown]
        loaded.problems.extend(error_findings(errors, source, path))
        loaded.partial = _partial(loaded.data, errors, source, path)
        return loaded
    loaded.problems.extend(error_findings(unknown, source, path))
    at_unknown = {error["loc"] for error in unknown}  # one finding per key: not CJM005 again for the same key
    found = [problem for problem in check_integrity(journey) if problem.loc not in at_unknown]
    loaded.problems.extend(_integrity_findings(found, source, path))
    if loaded.problems:
        loaded.partial = _partial(loaded.data, [], source, path)
    else:
        loaded.journey = journey
    return loaded


def _partial(data: Any, errors: list[ErrorDetails], source: SourceMap, path: str) -> Partial | None:
    """The partial journey lint checks when `errors` (schema) or CJM004/CJM005 make the file invalid."""
    pruned = prune(data, errors)
    if pruned is None or pruned.journey is None:
        return None
    problems: list[Finding] = []
    if errors:  # the loader's problems stop at the schema: what lies behind it is new
        problems.extend(error_findings(pruned.hidden, source, path))
        found = check_integrity(pruned.journey, file_loc=pruned.file_loc, dropped=pruned.dropped)
        problems.extend(_integrity_findings(found, source, path))
    return Partial(pruned.journey, problems, pruned.file_loc, pruned.journey_id)


def _integrity_findings(problems: Iterable[Problem], source: SourceMap, path: str) -> Iterable[Finding]:
    for problem in problems:
        line, column = source.position(problem.loc)
        yield _finding(path, problem.code, problem.message, line, column, problem.loc, problem.item_id)


def _yaml_value(value: Any) -> str:
    """A value as YAML writes it (`true`, `null`, `'1.0'`), not as Python does (`True`, `None`)."""
    if value is None:
        return "null (empty)"
    if isinstance(value, (bool, list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)  # true, [1, true], {"a": null}
    return repr(value) if isinstance(value, str) else str(value)


def _check_version(data: Any, source: SourceMap, path: str) -> Finding | None:
    if not isinstance(data, YMap):
        what = "empty" if data is None else "not a mapping"
        return _finding(
            path,
            "CJM006",
            f"not a journey: the file is {what} (a journey starts with 'cjm: 1')",
            1,
            1,
        )
    if "cjm" not in data:
        line, column = source.mapping_position(())
        return _finding(path, "CJM006", "not a journey: the key 'cjm: 1' is missing", line, column)
    version = data["cjm"]
    if isinstance(version, bool) or not isinstance(version, (int, float)) or str(version) not in FORMAT_VERSIONS:
        line, column = source.position(("cjm",))
        known = ", ".join(FORMAT_VERSIONS)
        return _finding(
            path,
            "CJM006",
            f"format version {_yaml_value(version)} is not supported (known: {known})",
            line,
            column,
            ("cjm",),
        )
    return None


def _format_11_findings(data: YMap, source: SourceMap, path: str) -> list[Finding]:
    """In a `cjm: 1` file: CJM006 at each format 1.1 field."""
    findings = []
    for loc in format_11_fields(data):
        line, column = source.position(loc, key=True)
        message = f"{format_loc(loc)}: a format 1.1 field; write 'cjm: 1.1' at the top of the file to use it"
        findings.append(_finding(path, "CJM006", message, line, column, loc, item_id_at(source.root, loc)))
    return findings


def schema_findings(
    exc: ValidationError, source: SourceMap, path: str, code: str = "CJM002", model: type[BaseModel] = Journey
) -> list[Finding]:
    """Map pydantic errors (of `model`, the journey or the config) back to YAML positions and field paths."""
    return error_findings(exc.errors(include_url=False), source, path, code, model)


def error_findings(
    errors: list[ErrorDetails],
    source: SourceMap,
    path: str,
    code: str = "CJM002",
    model: type[BaseModel] = Journey,
) -> list[Finding]:
    """Findings for pydantic errors whose locs are field paths of the file (see schema_findings)."""
    findings = []
    flow = _flow_numbers(errors, source, path, code, model)
    for error in errors:
        raw = error["loc"]
        loc: Loc = tuple(part for part in raw if isinstance(part, (str, int)) and part != "[key]")
        kind = error["type"]
        hinted = flow.get(loc)
        if hinted is not None:  # `csat: 3,6` in a flow mapping: one finding, at `csat`, for the key and the value
            if hinted not in findings:
                findings.append(hinted)
            continue
        if kind == "missing":
            line, column = source.mapping_position(loc[:-1])
        else:
            line, column = source.position(loc, key=kind == "extra_forbidden" or "[key]" in raw)
        if kind == "invalid_key" and loc:  # a key such as `~` or `1`; pydantic's loc holds its str()
            parent = format_loc(loc[:-1]) or ("journey" if model is Journey else "config")
            example = "title" if model is Journey else "lint"
            message = f"{parent}: the key {_yaml_value(error['input'])} is not text; keys are names such as '{example}'"
            line, column = source.position((*loc[:-1], error["input"]), key=True)
            loc = loc[:-1]
        else:
            message = describe_error(error, loc, source, model)
        item_id = item_id_at(source.root, loc)
        findings.append(_finding(path, code, message, line, column, loc, item_id))
    return findings


def _flow_numbers(
    errors: list[ErrorDetails], source: SourceMap, path: str, code: str, model: type[BaseModel]
) -> dict[Loc, Finding]:
    """Hints for `{csat: 3,6}`, which YAML reads as `csat: 3` and a key `6`: by the locs of the key and the field."""
    found: dict[Loc, Finding] = {}
    for error in errors:
        loc: Loc = tuple(part for part in error["loc"] if isinstance(part, (str, int)) and part != "[key]")
        if error["type"] not in ("invalid_key", "extra_forbidden") or not loc:
            continue
        key = error["input"] if error["type"] == "invalid_key" else loc[-1]
        flow = flow_number(source, loc[:-1], key)
        hint = None if flow is None else flow_number_hint(flow[1], flow[0], model)
        if flow is None or hint is None:
            continue
        field_loc = flow[0]
        line, column = source.position(field_loc)
        message = f"{format_loc(field_loc)}: {hint}"
        found[loc] = found[field_loc] = _finding(
            path, code, message, line, column, field_loc, item_id_at(source.root, field_loc)
        )
    return found


def describe_error(error: Any, loc: Loc, source: SourceMap, model: type[BaseModel] = Journey) -> str:
    """One readable sentence for a pydantic error, naming the field path."""
    root = "journey" if model is Journey else "config"
    where = format_loc(loc) or root
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return f"{format_loc(loc[:-1]) or root}: missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        parent = format_loc(loc[:-1])
        return f"{parent + ': ' if parent else ''}unknown key{_suggest(loc, model)}"
    hint = number_hint(value, loc, model)
    if hint is not None:
        return f"{where}: {hint}"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == TEXT_PATTERN:
        return f"{where}: is blank ({value!r}); write some text{_or_leave_out(loc, model)}"
    if kind == "string_pattern_mismatch":
        return f"{where}: {value!r} is not a slug id (lowercase letters, digits, '-' and '_'; no spaces)"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if kind in ("model_type", "dict_type"):
        return f"{where}: expected a mapping (key: value), got {_kind_of(value)}"
    if kind == "list_type":
        return f"{where}: expected a list, got {_kind_of(value)}"
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    if (isinstance(value, (str, int, float, bool)) or value is None) and repr(value) not in message:
        return f"{where}: {message}, got {_show(value)}"
    return f"{where}: {message}"


def _or_leave_out(loc: Loc, root: type[BaseModel]) -> str:
    """` or leave the key out` for an optional field; nothing for a required one (or a list item)."""
    model = model_at(loc[:-1], root)
    info = None if model is None or not isinstance(loc[-1], str) else model.model_fields.get(loc[-1])
    return " or leave the key out" if info is not None and not info.is_required() else ""


def _suggest(loc: Loc, root: type[BaseModel]) -> str:
    key = loc[-1]
    model = model_at(loc[:-1], root)
    if model is None or not isinstance(key, str):
        return f" '{key}'"
    fields = [name for name in model.model_fields if name != "extensions"]
    close = difflib.get_close_matches(key, fields, n=1)
    own_data = " (own data: prefix the key with 'x-')" if root is Journey else ""
    return f" '{key}'" + (f"; did you mean '{close[0]}'?" if close else own_data)


def item_id_at(root: Any, loc: Loc) -> str | None:
    """The id of the innermost item with an id along loc (for a finding's item_id)."""
    node = root
    item_id = None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), (str, int)):
            item_id = str(node["id"])
    return item_id


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return _show(value)


def _show(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        digits = str(value)
        return digits if len(digits) <= 40 else f"a number of {len(digits)} digits"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _finding(
    path: str,
    code: str,
    message: str,
    line: int,
    column: int,
    loc: Loc = (),
    item_id: str | None = None,
) -> Finding:
    return Finding(
        path=path,
        line=line,
        column=column,
        code=code,
        severity="error",
        message=message,
        name=CORE_NAMES[code],
        item=format_loc(loc),
        item_id=item_id,
    )
