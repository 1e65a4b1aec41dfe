"""`cjm init`: a commented starter journey in the consultant's language, plus the schema for the editor."""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

from cjm.git import root_or_cwd
from cjm.languages import LANGUAGES
from cjm.output import OutputError, write_atomic
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

    target is a directory when it is one or when `directory` says so (a path given with a
    trailing slash), and then the journey is `journey.yaml` inside it, the directory made if needed.
    """
    if directory and not target.exists():
        try:
            target.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"{target}: cannot create the directory ({exc.strerror or exc})") from None
    if target.is_dir():
        target = target / DEFAULT_NAME
    if target.exists():
        raise OutputError(f"{target}: already exists; cjm init never overwrites a file")
    if not target.parent.is_dir():
        raise OutputError(f"{target}: the directory {target.parent} does not exist")
    written = []
    root = root_or_cwd(target.parent.resolve())
    schema_path = root / ".cjm" / "journey.schema.json"
    if not schema_path.exists():
        schema_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(schema_path, schema_text())
        written.append(schema_path)
    schema_ref = Path(os.path.relpath(schema_path, target.parent.resolve())).as_posix()
    write_atomic(target, starter_text(language, today, schema_ref))
    written.append(target)
    return written
