"""`cjm init`: a commented starter journey in the consultant's language, plus the schema for the editor."""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

from cjm.git import root_or_cwd
from cjm.languages import LANGUAGES
from cjm.output import OutputError, write_atomic
from cjm.paths import JOURNEY_SUFFIXES
from cjm.schema import schema_text

DEFAULT_NAME = "journey.yaml"


def starter_text(language: str, today: dt.date, schema_ref: str) -> str:
    """The starter journey for a language, with today's date and the modeline filled in."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    template = resources.files("cjm").joinpath("starters").joinpath(f"{language}.yaml").read_text("utf-8")
    due = today + dt.timedelta(days=90)
    return (
        template.replace("__SCHEMA__", schema_ref)
        .replace("__TODAY__", today.isoformat())
        .replace("__DUE__", due.isoformat())
    )


def init_journey(target: Path, language: str, today: dt.date, *, directory: bool = False) -> list[Path]:
    """Write the starter journey (never over an existing file) and the schema; return what was written.

    target is the journey file when its name ends in .yaml or .yml; otherwise (or when `directory`
    says so: a path given with a trailing slash, or an existing directory) it is a folder, and the
    journey is `journey.yaml` inside it. Missing folders are made.
    """
    if directory or target.is_dir() or target.suffix.lower() not in JOURNEY_SUFFIXES:
        target = target / DEFAULT_NAME
    if target.exists():
        raise OutputError(f"{target}: already exists; cjm init never overwrites a file")
    _make_folder(target.parent)
    written = []
    schema_path, schema_ref = schema_location(target.parent)
    if not schema_path.exists():
        write_schema(schema_path)
        written.append(schema_path)
    write_atomic(target, starter_text(language, today, schema_ref))
    written.append(target)
    return written


def schema_location(folder: Path) -> tuple[Path, str]:
    """The repository's schema file (`.cjm/journey.schema.json` at the git root, else the current
    directory) and the modeline's path to it from a journey in folder."""
    root = root_or_cwd(folder.resolve())
    schema_path = root / ".cjm" / "journey.schema.json"
    return schema_path, Path(os.path.relpath(schema_path, folder.resolve())).as_posix()


def modeline(schema_ref: str) -> str:
    """The first line of a journey file: completion and checks in editors with the YAML language server."""
    return f"# yaml-language-server: $schema={schema_ref}\n"


def write_schema(schema_path: Path) -> None:
    """Write the schema where `schema_location` says (its folder made)."""
    _make_folder(schema_path.parent)
    write_atomic(schema_path, schema_text())


def _make_folder(folder: Path) -> None:
    """The folder and any missing parents, or an OutputError saying why not (a file in the way)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "a file of that name is in the way" if isinstance(exc, (FileExistsError, NotADirectoryError)) else None
        raise OutputError(f"{folder}: cannot create the folder ({reason or exc.strerror or exc})") from None
