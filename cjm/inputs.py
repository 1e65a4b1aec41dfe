"""The one input stage of every command: paths → files → per-file config → loaded journey
or positioned findings → metrics overlay, checked and applied once.

`lint`, `score` and `render` call `collect`; `diff`, whose sides come from files or git,
uses the same config resolver and `overlay_new` for its NEW sides. Nothing here prints.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cjm.codes import CORE_NAMES
from cjm.config import Config, ConfigError, ConfigResolver
from cjm.errors import JobError
from cjm.findings import Finding
from cjm.load import InputError, Loaded, Partial, load_journey
from cjm.metrics import (
    MetricsError,
    MetricsOverlay,
    apply_overlay,
    check_overlay,
    parse_metrics_bytes,
    read_metrics_bytes,
)
from cjm.model import Journey
from cjm.paths import expand_paths

__all__ = ["InputProblem", "Inputs", "InvalidJourneys", "JourneyFile", "MetricsFile", "collect", "overlay_new"]


class InputProblem(JobError):
    """The inputs cannot be used at all (bad config, unreadable file or CSV, nothing found): one line, exit 2."""


class InvalidJourneys(JobError):
    """Journeys that a command needs valid are not: their problems, each at file:line:column (exit 2)."""

    def __init__(self, problems: Sequence[Finding]) -> None:
        super().__init__(f"{len(problems)} problem(s) in invalid journeys")
        self.problems = list(problems)


@dataclass(frozen=True)
class MetricsFile:
    """The `--metrics` CSV as read: its rows, and its file name and a short hash for a render's footer."""

    overlay: MetricsOverlay
    name: str
    data: bytes


@dataclass
class JourneyFile:
    """One journey file: its config and what loading it gave (the overlay applied when it is valid)."""

    path: str  # as displayed: as given, or joined to the directory given
    config: Config
    loaded: Loaded
    baseline: str | None = None  # format 1.1: the file of the as-is journey its `baseline` names, when found

    @property
    def journey(self) -> Journey | None:
        """The valid journey (with the metrics overlay), or None."""
        return self.loaded.journey

    @property
    def ok(self) -> bool:
        """True when the journey is valid."""
        return self.loaded.ok


@dataclass
class Inputs:
    """Every journey file a command was given, in order, and the metrics overlay."""

    files: list[JourneyFile]
    metrics: MetricsFile | None = None
    filtered: bool = False  # --only-journeys dropped every named file: nothing to do, and no error
    directories: bool = False  # a directory was among the paths
    read: list[str] = field(default_factory=list)  # every file read: journeys, the CSV, configs

    def input_paths(self) -> list[str]:
        """Every file this run read (no output may replace one of them); '-' is not a file."""
        return [path for path in self.read if path != "-"]

    def invalid(self) -> list[Finding]:
        """Every problem of every invalid file, sorted within each file."""
        return [problem for file in self.files if not file.ok for problem in sorted(file.loaded.problems)]

    def require_valid(self, *, first_only: bool = False) -> None:
        """Raise InvalidJourneys when a file is invalid (with `first_only`, its first problem only)."""
        problems = self.invalid()
        if problems:
            raise InvalidJourneys(problems[:1] if first_only else problems)

    def require_persona(self, persona: str | None) -> None:
        """`--persona ID` must name a persona of every journey given."""
        if persona is None:
            return
        for file in self.files:
            ids = [p.id for p in file.journey.personas] if file.journey is not None else []
            if persona not in ids:
                known = ", ".join(ids) if ids else "it has none"
                journey_id = file.journey.id if file.journey is not None else "?"
                raise InputProblem(
                    f"{file.path}: journey {journey_id!r} has no persona {persona!r} (personas: {known})"
                )

    def require_some(self, paths: Sequence[str]) -> None:
        """Nothing found, and not because of --only-journeys, is an error."""
        if not self.files and not self.filtered:
            raise InputProblem(f"no journeys found in {', '.join(paths)}")


def collect(
    paths: Sequence[str],
    *,
    config: str | None = None,
    only_journeys: bool = False,
    metrics: str | None = None,
    need_valid: bool = False,
) -> Inputs:
    """Expand paths, load each journey under its config, and apply the metrics overlay.

    The overlay's rows must match the given journeys; that is checked only when every
    journey is valid (a row may belong to one that failed to load). A command that
    `need_valid` journeys reads no CSV while one is invalid: the journey's problem is the
    one to report. Raises InputProblem.
    """
    try:
        resolver = ConfigResolver(config)
        found = expand_paths(list(paths), only_journeys=only_journeys)
        files = []
        for path in found:
            settings = resolver.for_path(path)
            files.append(JourneyFile(path, settings, load_journey(path, limit_mb=settings.limits.file_mb)))
        _one_id_per_journey(files)
        baselines = _find_baselines(files, resolver)
        filtered = not found and _filtered_out(paths, only_journeys)
        inputs = Inputs(files, filtered=filtered, directories=any(p != "-" and Path(p).is_dir() for p in paths))
        if metrics is not None and not (need_valid and not all(file.ok for file in files)):
            inputs.metrics = read_metrics(metrics, resolver)
            _apply(inputs.metrics.overlay, inputs.files)
        inputs.read = [*found, *baselines, *([metrics] if metrics else []), *resolver.files]
    except (ConfigError, InputError, MetricsError) as exc:
        raise InputProblem(str(exc)) from None
    return inputs


def _one_id_per_journey(files: list[JourneyFile]) -> None:
    """Two files with the same journey id in one run: CJM004 on the second (SPEC §2.1), at its `id`."""
    first: dict[str, str] = {}
    for file in files:
        loaded = file.loaded
        journey_id = loaded.journey.id if loaded.journey else loaded.partial.journey_id if loaded.partial else None
        if journey_id is None or loaded.source is None:
            continue
        if journey_id not in first:
            first[journey_id] = file.path
            continue
        line, column = loaded.source.position(("id",))
        message = f"id: journey id '{journey_id}' is also the id of {first[journey_id]}; each journey needs its own id"
        loaded.problems.append(
            Finding(file.path, line, column, "CJM004", "error", message, CORE_NAMES["CJM004"], "id", journey_id)
        )


def _journey_id(loaded: Loaded) -> str | None:
    return loaded.journey.id if loaded.journey else loaded.partial.journey_id if loaded.partial else None


def _find_baselines(files: list[JourneyFile], resolver: ConfigResolver) -> list[str]:
    """Resolve each 1.1 `baseline` (SPEC §2.1): among the files given, else in the file's own directory.

    Sets JourneyFile.baseline; a baseline found nowhere is CJM005 at `baseline`. Returns the
    files read from directories to find them (no output may replace them).
    """
    given = {journey_id: file.path for file in files if (journey_id := _journey_id(file.loaded)) is not None}
    by_directory: dict[Path, dict[str, str]] = {}
    for file in files:
        loaded = file.loaded
        journey = loaded.journey or (loaded.partial.journey if loaded.partial else None)
        if journey is None or journey.baseline is None or journey.baseline == journey.id:
            continue  # naming its own id is the loader's CJM005
        found = given.get(journey.baseline)
        if found is None and file.path != "-":
            directory = Path(file.path).parent
            if directory not in by_directory:
                by_directory[directory] = _ids_in(directory, resolver)
            found = by_directory[directory].get(journey.baseline)
        if found is not None:
            file.baseline = found
            continue
        where = "the given paths" if file.path == "-" else f"the given paths or {Path(file.path).parent.as_posix()}/"
        line, column = loaded.source.position(("baseline",)) if loaded.source else (1, 1)
        message = f"baseline: no journey with the id '{journey.baseline}' among {where}"
        loaded.problems.append(
            Finding(file.path, line, column, "CJM005", "error", message, CORE_NAMES["CJM005"], "baseline", journey.id)
        )
        if loaded.journey is not None:  # now invalid: lint goes on with the partial journey
            loaded.partial = loaded.partial or _whole(loaded)
            loaded.journey = None
    return [path for ids in by_directory.values() for path in ids.values()]


def _whole(loaded: Loaded) -> Partial:
    assert loaded.journey is not None
    return Partial(loaded.journey, [], lambda loc: loc, loaded.journey.id)


def _ids_in(directory: Path, resolver: ConfigResolver) -> dict[str, str]:
    """The journey ids of the journey files directly in a directory, by id (first file wins)."""
    ids: dict[str, str] = {}
    try:
        names = sorted(entry.name for entry in os.scandir(directory) if entry.is_file())
    except OSError:
        return ids
    for name in names:
        if name.startswith(".") or not name.endswith((".yaml", ".yml")):
            continue
        path = (directory / name).as_posix()
        try:
            loaded = load_journey(path, limit_mb=resolver.for_path(path).limits.file_mb)
        except InputError:
            continue
        journey_id = _journey_id(loaded)
        if journey_id is not None:
            ids.setdefault(journey_id, path)
    return ids


def read_metrics(path: str, resolver: ConfigResolver) -> MetricsFile:
    """The metrics CSV, bounded by the size limit of the config that applies where it lies."""
    data = read_metrics_bytes(path, limit_mb=resolver.for_path(path).limits.file_mb)
    return MetricsFile(parse_metrics_bytes(data, path), Path(path).name, data)


def _apply(overlay: MetricsOverlay, files: list[JourneyFile]) -> None:
    if all(file.ok for file in files):
        check_overlay(overlay, [file.loaded.journey for file in files if file.loaded.journey is not None])
    for file in files:
        loaded = file.loaded
        if loaded.journey is not None:
            loaded.journey = apply_overlay(loaded.journey, overlay)
        elif loaded.partial is not None:  # lint checks the rest of an invalid file with the CSV's metrics too
            loaded.partial = replace(loaded.partial, journey=apply_overlay(loaded.partial.journey, overlay))


def overlay_new(path: str, resolver: ConfigResolver, journeys: list[Journey | None]) -> list[Journey | None]:
    """`diff --metrics`: the NEW sides with the CSV applied (every row must match one of them)."""
    try:
        overlay = read_metrics(path, resolver).overlay
        check_overlay(overlay, [journey for journey in journeys if journey is not None])
    except (InputError, MetricsError) as exc:
        raise InputProblem(str(exc)) from None
    return [None if journey is None else apply_overlay(journey, overlay) for journey in journeys]


def _filtered_out(paths: Sequence[str], only_journeys: bool) -> bool:
    """Whether --only-journeys dropped a named file (pre-commit on other YAML: nothing to do, exit 0),
    rather than there being nothing at all (an empty or mistyped directory: exit 2)."""
    return only_journeys and any(path != "-" and os.path.isfile(path) for path in paths)
