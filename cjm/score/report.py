"""What `cjm score` produces and how it is presented: plain data for the formats."""

from __future__ import annotations

from dataclasses import dataclass

from cjm.model import Journey
from cjm.scoring import JourneyScore, ScoreConfig, TouchpointScore, rank, serves_persona


@dataclass(frozen=True)
class ScoredJourney:
    """One journey with its scores, as the score formats present it."""

    path: str
    journey: Journey
    score: JourneyScore
    settings: ScoreConfig
    persona: str | None = None

    @property
    def shown(self) -> tuple[TouchpointScore, ...]:
        """The touchpoints shown: all, or those serving the persona (journey order)."""
        if self.persona is None:
            return self.score.touchpoints
        serving = {tp.id for tp in self.journey.touchpoints if serves_persona(tp, self.persona)}
        return tuple(s for s in self.score.touchpoints if s.id in serving)

    def ranked(self) -> list[TouchpointScore]:
        """Shown pain points and moments of truth, best first by max(P, M); ties by journey order."""
        return rank(self.shown)


@dataclass(frozen=True)
class ScoreResult:
    """Every journey scored, in the order given; `filtered` when --only-journeys left nothing."""

    journeys: tuple[ScoredJourney, ...]
    filtered: bool = False


@dataclass(frozen=True)
class ScoreView:
    """How to present scores: colour (table only), quiet, and how many ranked rows (None: all)."""

    color: bool = False
    quiet: bool = False
    top: int | None = None
