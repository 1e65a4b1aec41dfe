"""What a rule sees: the validated journey, its config, today's date, and indexes shared by the rules."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING

from cjm.index import JourneyIndex
from cjm.model import Journey
from cjm.scoring import JourneyScore, score_journey
from cjm.source import SourceMap

if TYPE_CHECKING:
    from cjm.config import Config


class RuleContext:
    """The journey under check, its config and today's date; indexes and scores computed once, on demand."""

    def __init__(self, journey: Journey, config: Config, today: dt.date, source: SourceMap | None = None):
        self.journey = journey
        self.config = config
        self.today = today
        self.source = source

    @cached_property
    def index(self) -> JourneyIndex:
        """Lookup tables built once per journey (ids, order, flow)."""
        return JourneyIndex(self.journey)

    @cached_property
    def scores(self) -> JourneyScore:
        """The scoring model's result for this journey (computed once, shared by rules)."""
        return score_journey(self.journey, self.config.score)
