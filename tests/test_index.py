"""JourneyIndex: journey order, flow and entry points."""

from __future__ import annotations

from cjm.index import JourneyIndex
from cjm.load import load_journey_text

HEAD = "cjm: 1\nid: j\ntitle: T\nstages:\n  - {id: a}\n  - {id: b}\n"


def index(tail: str) -> JourneyIndex:
    loaded = load_journey_text(HEAD + tail)
    assert loaded.journey is not None, loaded.problems
    return JourneyIndex(loaded.journey)


def test_a_journey_without_touchpoints_has_no_flow() -> None:
    idx = index("touchpoints: []\n")
    assert (idx.default_successor(), idx.successors(), idx.entry_points(), idx.reachable()) == ({}, {}, [], set())


def test_journey_order_is_stage_order_then_file_order() -> None:
    idx = index("touchpoints:\n  - {id: x, stage: b}\n  - {id: y, stage: a}\n  - {id: z, stage: b}\n")
    assert [tp.id for tp in idx.order] == ["y", "x", "z"]
    assert idx.successors() == {"y": ["x"], "x": ["z"], "z": []}


def test_next_replaces_the_default_successor_and_entry_adds_an_entry_point() -> None:
    tail = "touchpoints:\n  - {id: x, stage: a, next: [z]}\n  - {id: y, stage: b, entry: true}\n  - {id: z, stage: b}\n"
    idx = index(tail)
    assert idx.successors() == {"x": ["z"], "y": ["z"], "z": []}
    assert idx.entry_points() == ["x", "y"]
    assert idx.reachable() == {"x", "y", "z"}
