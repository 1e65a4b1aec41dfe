"""`cjm import` as a plain function: read a sheet or diagram, build or update a journey, check it.

Nothing here prints or writes: `run` returns the journey text (and where the editor's
schema should go), and the command line writes it atomically.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from cjm.config import ConfigError, ConfigResolver
from cjm.importer.formats import guess, reader
from cjm.importer.headers import comment, word
from cjm.importer.merge import Merge, apply_actions, apply_personas, apply_touchpoints, infer_phases
from cjm.importer.report import ImportProblem, ImportResult, Source
from cjm.importer.sheet import header_language, read_sheet, require
from cjm.importer.slug import slug
from cjm.init import modeline, schema_location
from cjm.languages import LANGUAGES
from cjm.lint.engine import LintOptions, enabled_rules, lint_loaded
from cjm.load import InputError, Loaded, TextProblem, load_journey, load_journey_text, read_bytes
from cjm.model import format_11_fields


@dataclass(frozen=True)
class ImportOptions:
    """The command line's choices."""

    source_format: str | None = None  # --from; else guessed from the file name
    lang: str | None = None
    journey_id: str | None = None
    title: str | None = None
    into: str | None = None  # --into JOURNEY.yaml: update that journey
    output: str | None = None  # where the new journey goes (for the modeline's relative path)
    today: dt.date | None = None


def run(path: str, options: ImportOptions, *, config: str | None = None) -> ImportResult:
    """Import one file. Raises ImportProblem (exit 2) when it cannot be read or the result would not lint."""
    try:
        resolver = ConfigResolver(config)
        settings = resolver.for_path(path if path != "-" else ".")
    except ConfigError as exc:
        raise ImportProblem(str(exc)) from None
    limit_mb = settings.limits.file_mb
    source = _read(path, options, limit_mb)
    warnings = list(source.warnings)
    base, target = _base(source, options, resolver, warnings)
    base, closing = _closing_comments(base)
    merge = Merge(_document(base, source, options, path, warnings), warnings)
    count = _apply(merge, source, path)
    new = base is None
    shown = target or options.output or "<import>"
    text = _dump(merge, new=new, language=_language(merge.doc), source=PurePath(path).name, output=options.output)
    text += closing
    if base is not None and "\r\n" in base:
        text = text.replace("\n", "\r\n")  # a Windows journey keeps its line endings: git sees only the edits
    try:
        loaded = _check(text, shown, resolver, options)
        same = not new or _plain(loaded.data) == _plain(merge.doc)
    except ImportProblem:
        if not new:
            raise
        same = False
    if not same:  # LibYAML wrote something cjm reads otherwise: ruamel.yaml writes it
        text = _dump(
            merge, new=new, language=_language(merge.doc), source=PurePath(path).name, output=options.output, fast=False
        )
        _check(text, shown, resolver, options)
    result = ImportResult(text, str(merge.doc["id"]), count, warnings, changed=merge.changed or new)
    result.inputs = [path] if path != "-" else []  # --into is the one input rewritten, on purpose
    return result


def _read(path: str, options: ImportOptions, limit_mb: float) -> Source:
    name = options.source_format or guess(path)
    if name is None:
        raise ImportProblem(f"{path}: cannot tell the format from the name; say --from xlsx, csv or mermaid")
    try:
        data = read_bytes(path, limit_mb)
    except TextProblem as exc:
        raise ImportProblem(f"{path}: {exc.message}") from None
    except InputError as exc:
        raise ImportProblem(str(exc)) from None
    return reader(name)(data, path.replace("\\", "/"), int(limit_mb * 1024 * 1024))


def _base(
    source: Source, options: ImportOptions, resolver: ConfigResolver, warnings: list[str]
) -> tuple[str | None, str | None]:
    """The journey text to update (--into, else the journey an export carries) and its path, or None."""
    if options.into is not None:
        loaded = load_journey(options.into, limit_mb=resolver.for_path(options.into).limits.file_mb)
        if not loaded.ok:
            first = sorted(loaded.problems)[0]
            raise ImportProblem(f"{first.located()} (--into needs a valid journey; see `cjm lint`)")
        return loaded.text, options.into
    if source.embedded is not None:
        loaded = load_journey_text(source.embedded, "<exported journey>")
        if loaded.ok:
            return source.embedded, None
        warnings.append("the journey hidden in the workbook is not valid; the sheet is imported as a new journey")
    return None, None


def _closing_comments(base: str | None) -> tuple[str | None, str]:
    """The journey without the comment lines that close the file, and those lines (LF).

    ruamel.yaml hangs them on the last value: a touchpoint added after it would come below them,
    a last value removed would take them along. They are put back at the end.
    """
    if base is None:
        return None, ""
    lines = base.splitlines(keepends=True)
    start = len(lines)
    while start and (lines[start - 1].startswith("#") or not lines[start - 1].strip()):
        start -= 1
    while start < len(lines) and not lines[start].startswith("#"):  # blank lines stay where they are
        start += 1
    if start == len(lines):
        return base, ""
    closing = "".join(lines[start:]).replace("\r\n", "\n")
    return "".join(lines[:start]), closing if closing.endswith("\n") else closing + "\n"


def _document(base: str | None, source: Source, options: ImportOptions, path: str, warnings: list[str]) -> Any:
    """The round-trip document to change: the base journey, else a new one named as SPEC §4.5 says."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if base is not None:
        return _yaml().load(base.replace("\r\n", "\n"))  # with CRs it drops blank lines; `run` puts them back
    title = options.title or source.title or PurePath(path).stem
    doc = CommentedMap()
    doc["cjm"] = 1
    doc["id"] = slug(options.journey_id or title, "journey")
    if doc["id"] == "index":  # `cjm render` of a folder writes index.html: a map there would replace it
        doc["id"] = "index-journey"
        warnings.append(f"{path}: the id 'index' names the handouts' overview page; the journey's id is index-journey")
    doc["title"] = title
    language = options.lang or header_language(source.touchpoints, "touchpoint_columns")
    if language:
        doc["language"] = language
    for key in ("personas", "stages", "touchpoints", "actions"):
        doc[key] = CommentedSeq()
    return doc


def _apply(merge: Merge, source: Source, path: str) -> int:
    sheet = read_sheet(source.touchpoints, "touchpoint_columns", merge.warnings)
    names = dict.fromkeys(word("touchpoint_columns", "touchpoint", lang) for lang in LANGUAGES)
    words = ", ".join(f"'{name}'" for name in names)
    require(sheet, "touchpoint", words, source.touchpoints.header[0].where if source.touchpoints.header else path)
    if source.personas is not None:  # before the touchpoints, whose persona cells may name them
        apply_personas(merge, read_sheet(source.personas, "persona_columns", merge.warnings))
    count = apply_touchpoints(merge, sheet)
    if source.actions is not None:
        apply_actions(merge, read_sheet(source.actions, "action_columns", merge.warnings))
    infer_phases(merge, path)
    if format_11_fields(merge.doc) and str(merge.doc.get("cjm")) == "1":
        merge.doc["cjm"] = 1.1  # a 1.1 column (importance) was used: the file says so (SPEC §2.1)
        merge.changed = True
    if "stages" not in merge.doc or not merge.doc["stages"]:
        raise ImportProblem(f"{path}: no touchpoints found under the header; nothing to import")
    for key in ("personas", "actions"):
        if key in merge.doc and not merge.doc[key]:
            del merge.doc[key]
    return count


def _language(doc: Any) -> str:
    language = doc.get("language")
    return str(language) if language else "en"


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip, YAML 1.2 (so `no` stays text, as cjm reads it)
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(merge: Merge, *, new: bool, language: str, source: str, output: str | None, fast: bool = True) -> str:
    """The document as YAML; a new journey gets the schema modeline and comments a consultant can follow.

    A new journey is written by LibYAML (fast; `run` checks that it reads back as the same data,
    else asks again with `fast` off), an update by ruamel.yaml (comments and key order kept).
    """
    if not new:
        return _round_trip_text(merge.doc)
    body = _new_journey_text(merge.doc) if fast else _round_trip_text(merge.doc)
    guessed = f"# {comment('phases_inferred', language)}\n" if merge.phases_guessed else ""
    body = body.replace("\nstages:\n", f"\n\n# {comment('stages', language)}\n{guessed}stages:\n", 1)
    body = body.replace("\ntouchpoints:\n", f"\n\n# {comment('touchpoints', language)}\ntouchpoints:\n", 1)
    folder = Path(output).parent if output else Path(".")
    _, reference = schema_location(folder)
    return modeline(reference) + f"# {comment('imported', language, source=source)}\n" + body


def _new_journey_text(doc: Any) -> str:
    """A new journey's YAML as LibYAML writes it: flow style for items of scalars only
    (`{id: x, name: y, phase: before}`, `[familie, senior]`), sequences indented as in the examples."""
    import yaml

    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):
        """LibYAML's writer; touchpoints and actions as blocks even when they hold only scalars."""

    Dumper.add_representer(_Block, lambda dumper, data: dumper.represent_mapping(_MAP, data, flow_style=False))
    plain = _plain(doc, dates=True)
    shaped = {key: [_Block(item) for item in value] if key in _BLOCKS else value for key, value in plain.items()}
    text = yaml.dump(shaped, Dumper=Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=4096)
    return _indent_top_level_sequences(text)


_MAP = "tag:yaml.org,2002:map"
_BLOCKS = ("touchpoints", "actions")


class _Block(dict[str, Any]):
    """A mapping written as a block: a touchpoint or an action reads better one key a line."""


def _plain(value: Any, *, dates: bool = False) -> Any:
    """Mappings as dicts, sequences as lists, text as str: data two YAML writers can be compared on.

    Dates stay dates with `dates` (to be written plain), else become their text (as cjm reads them).
    """
    if isinstance(value, dict):
        return {str(key): _plain(item, dates=dates) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item, dates=dates) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.date):
        return value if dates else value.isoformat()  # cjm reads YAML 1.2: a date is text to the model
    return value


def _indent_top_level_sequences(text: str) -> str:
    """`key:` then `- item` at column 0 becomes `  - item` (and its lines), the examples' style."""
    lines = text.splitlines(keepends=True)
    out = []
    inside = False
    for line in lines:
        if line[:1] not in (" ", "-", "\n", ""):
            inside = False
        elif line.startswith("- "):
            inside = True
        out.append("  " + line if inside and line.strip() else line)
    return "".join(out)


def _round_trip_text(doc: Any) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _check(text: str, shown: str, resolver: ConfigResolver, options: ImportOptions) -> Loaded:
    """The journey must load and lint without errors; otherwise nothing is written."""
    loaded = load_journey_text(text, shown)
    config = resolver.for_path(shown if shown != "<import>" else ".")
    lint = LintOptions(today=options.today or dt.date(2000, 1, 1))
    problems = [f for f in lint_loaded(loaded, config, lint, enabled_rules(config, lint)) if f.severity == "error"]
    if problems:
        raise ImportProblem(f"the result would not lint: {problems[0].located()}; nothing written")
    return loaded


def schema_to_write(output: str) -> Path | None:
    """The schema file a new journey's modeline points at, when it does not exist yet."""
    schema_path, _ = schema_location(Path(output).parent)
    return None if schema_path.exists() else schema_path
