"""`cjm diff` as a plain function: load each pair, apply the metrics overlay to NEW, compare, check --fail-on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cjm.config import Config, ConfigResolver
from cjm.diff import DiffReport, JourneyDiff, Side, compare, display_names
from cjm.diff_gates import Condition, evaluate, stale_reason
from cjm.diff_sides import NEW, OLD, LoadedSide, PairSpec, load_side


@dataclass(frozen=True)
class DiffOptions:
    """What the command line adds: --fail-on conditions, today's date, a metrics CSV for NEW."""

    today: dt.date
    conditions: tuple[Condition, ...] = ()
    metrics: str | None = None
    base: str | None = None


def run_diff(pairs: list[PairSpec], resolver: ConfigResolver, options: DiffOptions) -> DiffReport:
    """Compare every pair. Raises DiffInputError, ConfigError or MetricsError (exit 2)."""
    loaded = []
    for pair in pairs:
        config = resolver.for_path(pair.config_path)
        limit = config.limits.file_mb
        loaded.append((config, load_side(pair.old, OLD, limit), load_side(pair.new, NEW, limit)))
    if options.metrics is not None:
        loaded = _with_overlay(loaded, options.metrics, resolver)
    diffs = [_diff_one(config, old, new, options) for config, old, new in loaded]
    failed = [str(c) for c in options.conditions if any(str(c) in d.failed for d in diffs)]
    return DiffReport(tuple(diffs), tuple(failed), options.base)


def _with_overlay(
    loaded: list[tuple[Config, LoadedSide, LoadedSide]], csv_path: str, resolver: ConfigResolver
) -> list[tuple[Config, LoadedSide, LoadedSide]]:
    """NEW sides with the CSV's metrics (every row must match one of them); OLD sides untouched."""
    from cjm.metrics import apply_overlay, check_overlay, load_metrics_csv

    overlay = load_metrics_csv(csv_path, resolver.for_path(csv_path).limits.file_mb)
    check_overlay(overlay, [new.journey for _, _, new in loaded if new.journey is not None])
    out = []
    for config, old, new in loaded:
        if new.journey is not None:
            new = LoadedSide(new.ref, apply_overlay(new.journey, overlay), new.note, new.loaded)
        out.append((config, old, new))
    return out


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
