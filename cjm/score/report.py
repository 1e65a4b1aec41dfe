"""What `cjm score` produces and how it is presented: plain data for the formats."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from cjm.model import Journey, Stage, Touchpoint
from cjm.scoring import JourneyScore, ScoreSettings, TouchpointScore


@dataclass(frozen=True)
class ScoredJourney:
    """One journey with its scores (the persona's view when `persona` is set), as the score formats present it."""

    path: str
    journey: Journey
    score: JourneyScore
    settings: ScoreSettings
    persona: str | None = None

    @property
    def shown(self) -> tuple[TouchpointScore, ...]:
        """The touchpoints scored: all, or those serving the persona (journey order)."""
        return self.score.touchpoints

    @cached_property
    def touchpoint(self) -> dict[str, Touchpoint]:
        """The journey's touchpoints by id."""
        return {tp.id: tp for tp in self.journey.touchpoints}

    @cached_property
    def stage(self) -> dict[str, Stage]:
        """The journey's stages by id."""
        return {stage.id: stage for stage in self.journey.stages}

    def fix_first(self) -> list[TouchpointScore]:
        """The pain points by priority, highest first (SPEC §4.2 item 3)."""
        return [self.score.by_id[tp_id] for tp_id in self.score.fix_first]

    def protect(self) -> list[TouchpointScore]:
        """The moments of truth by customers delighted, highest first (item 4)."""
        return [self.score.by_id[tp_id] for tp_id in self.score.protect]

    def ranked(self) -> list[TouchpointScore]:
        """fix_first, then protect: every pain point and moment of truth in the order the formats list them."""
        return self.fix_first() + self.protect()


@dataclass(frozen=True)
class ScoreResult:
    """Every journey scored, in the order given; `filtered` when --only-journeys left nothing."""

    journeys: tuple[ScoredJourney, ...]
    filtered: bool = False


@dataclass(frozen=True)
class ScoreView:
    """How to present scores: colour (table only), quiet, and how many rows of each list (None: all)."""

    color: bool = False
    quiet: bool = False
    top: int | None = None
