"""Lookup tables over a validated journey, built once so every rule stays linear."""

from __future__ import annotations

from cjm.model import Journey, Touchpoint


class JourneyIndex:
    """Ids, positions, journey order and flow of one journey."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        self.touchpoint_at = {tp.id: i for i, tp in enumerate(journey.touchpoints)}
        self.touchpoint = {tp.id: tp for tp in journey.touchpoints}
        self.stage_at = {stage.id: i for i, stage in enumerate(journey.stages)}
        self.persona_at = {persona.id: i for i, persona in enumerate(journey.personas)}
        self.order: list[Touchpoint] = journey.touchpoints_in_order()
        self.by_stage: dict[str, list[Touchpoint]] = {stage.id: [] for stage in journey.stages}
        for tp in self.order:
            self.by_stage.setdefault(tp.stage, []).append(tp)

    def default_successor(self) -> dict[str, str | None]:
        """Each touchpoint's successor in journey order (None for the last)."""
        ids: list[str] = [tp.id for tp in self.order]
        following: list[str | None] = [*ids[1:], None] if ids else []
        return dict(zip(ids, following, strict=True))

    def successors(self) -> dict[str, list[str]]:
        """The flow: `next` where given, else the default successor."""
        default = self.default_successor()
        flow: dict[str, list[str]] = {}
        for tp in self.order:
            if tp.next is not None:
                flow[tp.id] = list(tp.next)
            else:
                following = default[tp.id]
                flow[tp.id] = [following] if following else []
        return flow

    def entry_points(self) -> list[str]:
        """Touchpoints of the first stage plus any marked `entry: true`, in journey order."""
        first = self.journey.stages[0].id
        return [tp.id for tp in self.order if tp.stage == first or tp.entry]

    def has_explicit_flow(self) -> bool:
        """True when some touchpoint declares `next`."""
        return any(tp.next is not None for tp in self.journey.touchpoints)

    def reachable(self) -> set[str]:
        """Touchpoints reached by some path from an entry point."""
        flow = self.successors()
        seen: set[str] = set()
        stack = self.entry_points()
        while stack:
            tp_id = stack.pop()
            if tp_id in seen:
                continue
            seen.add(tp_id)
            stack.extend(n for n in flow.get(tp_id, ()) if n not in seen)
        return seen
