"""`cjm diff` as a plain function: load each pair, apply the metrics overlay to NEW, compare, check --fail-on."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cjm.config import Config, ConfigError, ConfigResolver, config_from_bytes
from cjm.diff.compare import compare, display_names
from cjm.diff.gates import Condition, evaluate, parse_conditions, stale_reason
from cjm.diff.report import Change, DiffReport, FieldChange, JourneyDiff, Side
from cjm.diff.sides import (
    NEW,
    OLD,
    DiffInputError,
    LoadedSide,
    PairSpec,
    SideSpec,
    config_at_base,
    explicit_pair,
    git_pairs,
    load_side,
)
from cjm.inputs import collect, overlay_new
from cjm.lint.engine import suppression_anchors
from cjm.load import Loaded


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
    if git is None and len(paths) == 1:
        paths = [_baseline_of(paths[0], config), paths[0]]
    if git is None and len(paths) != 2:
        raise DiffInputError("cjm diff needs OLD and NEW (or --git BASE [PATH…]); see `cjm diff --help`")
    resolver = ConfigResolver(config)
    if git is None:
        pairs = [explicit_pair(paths[0], paths[1])]
    else:
        pairs = git_pairs(git, list(paths), resolver.for_path(".").limits.file_mb)
    loaded = []
    judges = []
    base_judges: dict[tuple[str, str], Judge] = {}  # one read of BASE's config per directory
    for pair in pairs:
        settings = resolver.for_path(pair.config_path)
        limit = settings.limits.file_mb
        loaded.append((settings, load_side(pair.old, OLD, limit), load_side(pair.new, NEW, limit)))
        judges.append(_judge(pair, resolver, config, base_judges))
    if options.metrics is not None:
        loaded = _with_overlay(loaded, options.metrics, resolver)
    diffs = [
        _diff_one(judge, settings, old, new, options)
        for judge, (settings, old, new) in zip(judges, loaded, strict=True)
    ]
    failed = [str(c) for c in options.conditions if any(str(c) in d.failed for d in diffs)]
    read = [side.path for pair in pairs for side in (pair.old, pair.new) if side.path not in (None, "-")]
    read += [*([options.metrics] if options.metrics else []), *resolver.files]
    return DiffReport(tuple(diffs), tuple(failed), git, tuple(p for p in read if p is not None))


def _baseline_of(path: str, config: str | None) -> str:
    """`cjm diff TOBE`: the file of the as-is journey that TOBE's 1.1 `baseline` names (SPEC §2.1)."""
    inputs = collect([path], config=config)
    file = inputs.files[0] if inputs.files else None
    if file is not None and file.baseline is not None:
        return file.baseline
    if file is not None and not file.ok:
        first = sorted(file.loaded.problems)[0]
        raise DiffInputError(f"{first.path}:{first.line}:{first.column}: {first.message}")
    raise DiffInputError(
        f"{path}: a single journey to compare needs a 'baseline' (format 1.1) naming its as-is journey; "
        "else give OLD and NEW"
    )


def _with_overlay(
    loaded: list[tuple[Config, LoadedSide, LoadedSide]], csv_path: str, resolver: ConfigResolver
) -> list[tuple[Config, LoadedSide, LoadedSide]]:
    """NEW sides with the CSV's metrics (every row must match one of them); OLD sides untouched."""
    journeys = overlay_new(csv_path, resolver, [new.journey for _, _, new in loaded])
    return [
        (config, old, new if journey is None else LoadedSide(new.ref, journey, new.note, new.loaded))
        for (config, old, new), journey in zip(loaded, journeys, strict=True)
    ]


@dataclass(frozen=True)
class Judge:
    """The one config that drift and --fail-on use for a pair (SPEC §6: gates judge by the base)."""

    config: Config
    note: str | None = None


def _judge(pair: PairSpec, resolver: ConfigResolver, explicit: str | None, seen: dict[tuple[str, str], Judge]) -> Judge:
    """BASE's `.cjm.yaml` for a side read from git (`--config` as it is at BASE), else the one nearest OLD."""
    old = pair.old
    if old.commit is None:
        return Judge(resolver.for_path(old.config_path))
    key = (old.commit, posixpath.dirname(old.object_path or ""))
    if key not in seen:
        seen[key] = _base_judge(old, explicit)
    return seen[key]


def _base_judge(old: SideSpec, explicit: str | None) -> Judge:
    """A BASE config that is invalid, or written for scoring model v1, gives the defaults and a note,
    never exit 2: the pull request that migrates it can pass."""
    raw, shown = config_at_base(old, explicit)
    if raw is None:
        note = f"{shown}: no such config at the base; the gates use the defaults" if explicit else None
        return Judge(Config(), note)
    try:
        return Judge(config_from_bytes(raw, shown))
    except ConfigError as exc:
        return Judge(Config(), f"the base's config is not valid ({exc}); the gates use the defaults")


def _diff_one(judge: Judge, settings: Config, old: LoadedSide, new: LoadedSide, options: DiffOptions) -> JourneyDiff:
    gate = judge.config
    changes, drift = compare(old.journey, new.journey, gate.score)
    changes = (*changes, *_config_changes(gate, settings), *_suppression_changes(old.loaded, new.loaded))
    wants_stale = any(c.name == "stale" for c in options.conditions)
    stale = _stale(gate, settings, old, new, options) if wants_stale else None
    failed, reasons = evaluate(options.conditions, changes, drift, stale)
    notes = [n for n in (old.note, judge.note) if n]
    return JourneyDiff(
        old=Side(old.ref, old.journey.id if old.journey else None, "; ".join(notes) or None),
        new=Side(new.ref, new.journey.id if new.journey else None, new.note),
        changes=changes,
        drift=drift,
        failed=failed,
        reasons=reasons,
        old_names=display_names(old.journey),
        new_names=display_names(new.journey),
    )


def _stale(gate: Config, settings: Config, old: LoadedSide, new: LoadedSide, options: DiffOptions) -> str | None:
    """CJM105 on NEW under the gate's config, with the shorter of OLD's and NEW's review interval,
    and NEW's suppression of CJM105 only when OLD had it too."""
    if new.loaded is None or new.journey is None:
        return None
    intervals = [
        journey.review_every_days or config.review_every_days
        for journey, config in ((old.journey, gate), (new.journey, settings))
        if journey is not None
    ]
    journey = new.journey.model_copy(update={"review_every_days": min(intervals)})
    checked = replace(new.loaded, journey=journey)
    honoured = _suppresses("CJM105", old.loaded)
    return stale_reason(checked, gate, options.today, suppressions=honoured)


def _suppresses(code: str, loaded: Loaded | None) -> bool:
    return loaded is not None and any(code in anchor for anchor in suppression_anchors(loaded))


def _config_changes(gate: Config, settings: Config) -> list[Change]:
    """The config NEW is linted with, against the one that judged the pair: a change to report."""
    before, after = _flat(gate.model_dump()), _flat(settings.model_dump())
    fields = {
        key: FieldChange(before.get(key), after.get(key))
        for key in sorted({*before, *after})
        if before.get(key) != after.get(key)
    }
    return [Change("config", ".cjm.yaml", "modified", fields)] if fields else []


def _flat(data: object, prefix: str = "") -> dict[str, object]:
    if isinstance(data, dict):
        out: dict[str, object] = {}
        for key, value in data.items():
            out.update(_flat(value, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): data}


def _suppression_changes(old: Loaded | None, new: Loaded | None) -> list[Change]:
    """Suppression comments the change adds or removes (added ones never count for a gate)."""
    before = suppression_anchors(old) if old is not None else set()
    after = suppression_anchors(new) if new is not None else set()
    return [Change("suppression", anchor, "added") for anchor in sorted(after - before)] + [
        Change("suppression", anchor, "removed") for anchor in sorted(before - after)
    ]
