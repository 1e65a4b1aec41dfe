"""`cjm export` as a plain function: valid journeys from the input stage, each as sheets in a format.

Nothing here prints or writes: `run` returns the files, and the command line writes them
(atomically, never over an input).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from cjm.errors import JobError
from cjm.export.formats import BY_NAME, writer
from cjm.export.report import ExportResult
from cjm.export.sheets import book
from cjm.inputs import collect


class ExportProblem(JobError):
    """The export cannot be done as asked: one line, exit 2."""


def run(paths: Sequence[str], fmt: str, output: str, *, config: str | None = None) -> ExportResult:
    """Export every journey named by paths: one workbook each (xlsx), or one CSV per sheet (csv)."""
    inputs = collect(paths, config=config, need_valid=True)
    inputs.require_some(paths)
    inputs.require_valid()
    form = BY_NAME[fmt]
    into_directory = form.per_sheet or len(inputs.files) > 1 or inputs.directories
    into_directory = into_directory or output.endswith(("/", os.sep)) or Path(output).is_dir()
    result = ExportResult(inputs=inputs.input_paths())
    result.create = Path(output) if into_directory else Path(output).parent
    seen: dict[str, str] = {}
    for file in inputs.files:
        journey = file.journey
        assert journey is not None  # require_valid ran
        if journey.id in seen:
            raise ExportProblem(f"{file.path}: the journey id {journey.id!r} is also the id of {seen[journey.id]}")
        seen[journey.id] = file.path
        for suffix, data in writer(fmt)(book(journey, file.loaded.text, file.config.score)):
            target = Path(output) / f"{journey.id}{suffix}" if into_directory else Path(output)
            result.outputs.append((target, data))
    return result
