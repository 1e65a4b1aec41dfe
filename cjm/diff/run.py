"""`cjm diff` as a plain function: load each pair, apply the metrics overlay to NEW, compare, check --fail-on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cjm.config import Config, ConfigResolver
from cjm.diff.compare import compare, display_names
from cjm.diff.gates import Condition, evaluate, parse_conditions, stale_reason
from cjm.diff.report import DiffReport, JourneyDiff, Side
from cjm.diff.sides import NEW, OLD, DiffInputError, LoadedSide, explicit_pair, git_pairs, load_side
from cjm.inputs import overlay_new


@dataclass(frozen=True)
class DiffOptions:
    """What the command line adds: --fail-on conditions, today's date, a metrics CSV for NEW."""

    today: dt.date
    conditions: tuple[Condition, ...] = ()
    metrics: str | None = None

    @classmethod
    def parse(cls, today: dt.date, fail_on: Sequence[str] = (), metrics: str | None = None) -> DiffOptions:
        """Options from the command line's words; ValueError for a bad --fail-on."""
        return cls(today, parse_conditions(list(fail_on)), metrics)


def run(paths: Sequence[str], options: DiffOptions, *, git: str | None = None, config: str | None = None) -> DiffReport:
    """`OLD NEW` (files, '-', `REV:PATH`), or with `git` every journey file changed since that base.

    Raises JobError (DiffInputError, ConfigError, InputProblem) when the job cannot be done.
    """
    if git is None and len(paths) != 2:
        raise DiffInputError("cjm diff needs OLD and NEW (or --git BASE [PATH…]); see `cjm diff --help`")
    resolver = ConfigResolver(config)
    if git is None:
        pairs = [explicit_pair(paths[0], paths[1])]
    else:
        pairs = git_pairs(git, list(paths), resolver.for_path(".").limits.file_mb)
    loaded = []
    for pair in pairs:
        settings = resolver.for_path(pair.config_path)
        limit = settings.limits.file_mb
        loaded.append((settings, load_side(pair.old, OLD, limit), load_side(pair.new, NEW, limit)))
    if options.metrics is not None:
        loaded = _with_overlay(loaded, options.metrics, resolver)
    diffs = [_diff_one(settings, old, new, options) for settings, old, new in loaded]
    failed = [str(c) for c in options.conditions if any(str(c) in d.failed for d in diffs)]
    read = [side.path for pair in pairs for side in (pair.old, pair.new) if side.path not in (None, "-")]
    read += [*([options.metrics] if options.metrics else []), *resolver.files]
    return DiffReport(tuple(diffs), tuple(failed), git, tuple(p for p in read if p is not None))


def _with_overlay(
    loaded: list[tuple[Config, LoadedSide, LoadedSide]], csv_path: str, resolver: ConfigResolver
) -> list[tuple[Config, LoadedSide, LoadedSide]]:
    """NEW sides with the CSV's metrics (every row must match one of them); OLD sides untouched."""
    journeys = overlay_new(csv_path, resolver, [new.journey for _, _, new in loaded])
    return [
        (config, old, new if journey is None else LoadedSide(new.ref, journey, new.note, new.loaded))
        for (config, old, new), journey in zip(loaded, journeys, strict=True)
    ]


def _diff_one(config: Config, old: LoadedSide, new: LoadedSide, options: DiffOptions) -> JourneyDiff:
    changes, drift = compare(old.journey, new.journey, config.score)
    wants_stale = any(c.name == "stale" for c in options.conditions)
    stale = stale_reason(new.loaded, config, options.today) if wants_stale else None
    failed, reasons = evaluate(options.conditions, changes, drift, stale)
    return JourneyDiff(
        old=Side(old.ref, old.journey.id if old.journey else None, old.note),
        new=Side(new.ref, new.journey.id if new.journey else None, new.note),
        changes=changes,
        drift=drift,
        failed=failed,
        reasons=reasons,
        old_names=display_names(old.journey),
        new_names=display_names(new.journey),
    )
