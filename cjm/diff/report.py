"""What `cjm diff` produces: plain data for the formats (no paths or refs inside `changes`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = (
    "journey",
    "stage",
    "touchpoint",
    "persona",
    "opportunity",
    "action",
    "insight",
    "kpi",
    "config",
    "suppression",
)
OPS = ("added", "removed", "renamed", "moved", "reordered", "modified")


@dataclass(frozen=True)
class FieldChange:
    """One field's value in OLD and in NEW (None: absent)."""

    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One changed item. `label` (its display name) is for text and markdown only, never JSON."""

    kind: str
    id: str
    op: str
    fields: dict[str, FieldChange] = field(default_factory=dict)
    old_id: str | None = None
    label: str | None = None
    note: str | None = None  # text and markdown only: a KPI's value against its target


@dataclass(frozen=True)
class WeakestLink:
    """The weakest stage and its weakest touchpoint (None when unknown)."""

    stage: str | None = None
    touchpoint: str | None = None


@dataclass(frozen=True)
class AtStake:
    """Customers at stake (per period, scoring model v2) at one touchpoint in OLD and in NEW (None: unknown)."""

    id: str
    old: float | None
    new: float | None


@dataclass(frozen=True)
class PersonaDrift:
    """How one persona's figures moved (format 1.1, §4.2 item 8): its end-to-end health and pain points."""

    id: str
    health_old: float | None = None
    health_new: float | None = None
    new_pain: tuple[str, ...] = ()
    resolved_pain: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drift:
    """How the scores moved between OLD and NEW. Pain and key-moment lists hold touchpoint ids."""

    health_old: float | None = None
    health_new: float | None = None
    weakest_old: WeakestLink = WeakestLink()
    weakest_new: WeakestLink = WeakestLink()
    new_pain: tuple[str, ...] = ()
    resolved_pain: tuple[str, ...] = ()
    removed_pain: tuple[str, ...] = ()
    key_moments_added: tuple[str, ...] = ()
    key_moments_removed: tuple[str, ...] = ()
    at_stake_weakest_old: float | None = None  # customers at stake at the weakest touchpoint
    at_stake_weakest_new: float | None = None
    at_stake_fix_first: tuple[AtStake, ...] = ()  # NEW's fix_first in order, then OLD's pain points no longer in it
    period: str | None = None  # what the customer counts are per (NEW's `period`, else OLD's)
    personas: tuple[PersonaDrift, ...] = ()  # format 1.1: each persona with its own data, in NEW's order

    @property
    def health_delta(self) -> float | None:
        """NEW minus OLD end-to-end health, None unless both are known."""
        if self.health_old is None or self.health_new is None:
            return None
        return self.health_new - self.health_old


@dataclass(frozen=True)
class Side:
    """One side of a comparison: where it came from, its journey id, and a note when it counts as empty."""

    ref: str
    id: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class JourneyDiff:
    """The comparison of one pair of files."""

    old: Side
    new: Side
    changes: tuple[Change, ...]
    drift: Drift
    failed: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # one sentence per failed condition, same order
    # (kind, id) -> display name in each version, for text and markdown (never JSON)
    old_names: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)
    new_names: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DiffReport:
    """Every pair compared, and every --fail-on condition met by any of them."""

    diffs: tuple[JourneyDiff, ...]
    failed: tuple[str, ...] = ()
    base: str | None = None  # the BASE of `--git`, for headlines
    inputs: tuple[str, ...] = field(default=(), compare=False)  # files read (sides, CSV, configs): never an output


@dataclass(frozen=True)
class DiffView:
    """How to present a diff report."""

    color: bool = False
    quiet: bool = False
