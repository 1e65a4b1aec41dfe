"""Rendering several journeys: where each output goes, checked before anything is written.

One input gives one file (or standard output); several inputs or a directory give one
file per journey, named `<journey id>.<ext>`, plus `index.html`. Two journeys with the
same id, a journey called `index`, or an output that would land on an input stop the
whole run before the first byte is written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cjm.errors import JobError
from cjm.model import Journey
from cjm.output import same_file
from cjm.render.formats import BY_NAME
from cjm.scoring import ScoreSettings

INDEX_NAME = "index.html"


class PlanError(JobError):
    """The outputs cannot be planned as asked: one line, exit 2."""


@dataclass(frozen=True)
class Source:
    """One valid journey to render, as loaded."""

    path: str
    journey: Journey
    text: str
    settings: ScoreSettings
    review_every_days: int = 180  # the configuration's review interval (a journey's own wins)


@dataclass(frozen=True)
class Target:
    """Where one journey's render goes (None: standard output)."""

    source: Source
    path: Path | None
    href: str


@dataclass(frozen=True)
class Plan:
    """Every output of a run; index is set for several journeys."""

    targets: tuple[Target, ...]
    index: Path | None
    directory: Path | None


def check_ids(sources: list[Source]) -> None:
    """Journey ids name the output files: each must be unique and none may be `index`."""
    seen: dict[str, str] = {}
    for source in sources:
        journey_id = source.journey.id
        if journey_id == "index":
            raise PlanError(f"{source.path}: a journey with the id 'index' would overwrite {INDEX_NAME}; rename it")
        if journey_id in seen:
            raise PlanError(
                f"{source.path}: the journey id {journey_id!r} is also the id of {seen[journey_id]};"
                " each output file is named after its journey id"
            )
        seen[journey_id] = source.path


def names_directory(output: str) -> bool:
    """`-o maps/` (a trailing separator of this platform) names a directory, existing or not."""
    return output.endswith(tuple({"/", os.sep}))


def plan_outputs(
    sources: list[Source],
    fmt: str,
    output: str | None,
    *,
    many: bool,
    inputs: list[str] | None = None,
    templates: str | None = None,
) -> Plan:
    """Decide every output path; PlanError when the request cannot work.

    No output may replace an input of the run (`inputs`: journeys, the CSV, configs; the
    sources' own files in any case) or land in the template directory.
    """
    protected = Protected([*(s.path for s in sources), *(inputs or ())], templates)
    ext = BY_NAME[fmt].ext
    if not many:
        source = sources[0]
        if output is None:
            return Plan((Target(source, None, f"{source.journey.id}.{ext}"),), None, None)
        path = Path(output)
        if names_directory(output) or path.is_dir():
            path = path / f"{source.journey.id}.{ext}"
        return protected.check(Plan((Target(source, path, path.name),), None, None))
    if output is None:
        raise PlanError("rendering a directory or several journeys needs -o DIR (one file per journey plus index.html)")
    directory = Path(output)
    if directory.exists() and not directory.is_dir():
        raise PlanError(f"{output}: not a directory; several journeys are written into a directory")
    check_ids(sources)
    for source in sources:
        _fits_a_file_name(source, ext)
    targets = tuple(
        Target(source, directory / f"{source.journey.id}.{ext}", f"{source.journey.id}.{ext}") for source in sources
    )
    return protected.check(Plan(targets, directory / INDEX_NAME, directory))


MAX_NAME_BYTES = 255  # what common file systems allow for one file name


def _fits_a_file_name(source: Source, ext: str) -> None:
    name = f"{source.journey.id}.{ext}"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise PlanError(
            f"{source.path}: the journey id is too long to name its output file"
            f" ({len(name)} characters; at most {MAX_NAME_BYTES}); shorten the id"
        )


@dataclass(frozen=True)
class Protected:
    """What outputs must leave alone: the run's input files, and a template directory."""

    inputs: list[str]
    templates: str | None = None

    def check(self, plan: Plan) -> Plan:
        """The plan, when no output lands on an input file or in the template directory; else PlanError."""
        outputs = [t.path for t in plan.targets if t.path is not None]
        if plan.index is not None:
            outputs.append(plan.index)
        given = [Path(p) for p in self.inputs if p != "-"]
        for out in outputs:
            if any(same_file(out, path) for path in given):
                raise PlanError(f"{out.as_posix()}: refusing to write the output over an input file")
            if self.templates is not None and _inside(out, Path(self.templates)):
                raise PlanError(f"{out.as_posix()}: refusing to write the output into the --template directory")
        return plan


def _inside(path: Path, directory: Path) -> bool:
    try:
        return path.resolve().is_relative_to(directory.resolve())
    except OSError:
        return False


def pdf_epoch(journey: Journey, commit_date: str | None = None) -> int:
    """The time written into a PDF: the commit's date, else the review date, else 1970."""
    day = dt.date.fromisoformat(commit_date) if commit_date else journey.reviewed
    if day is None:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
