"""Scoring speed: loading 10,000 touchpoints vs loading and scoring them, same run.

Target: scoring adds under 20% to the time of loading them. Both are timed in the same
run, best of three, interleaved (load, load + score, score alone) so that a busy machine
disturbs them alike. Linearity: one journey of 20,000 touchpoints scores in about twice
the time of one of 10,000 (no per-touchpoint scan of all touchpoints).
Run: .venv/bin/python benchmarks/bench_score.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

from cjm.cli import tune_gc
from cjm.load import load_journey
from cjm.model import Journey
from cjm.scoring import ScoreSettings, score_journey

SETTINGS = ScoreSettings()


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def load_all(files: list[Path]) -> list[Journey]:
    """Load every file; each must be valid."""
    journeys = []
    for path in files:
        loaded = load_journey(str(path))
        assert loaded.journey is not None, loaded.problems[:1]
        journeys.append(loaded.journey)
    return journeys


def score_all(journeys: list[Journey]) -> None:
    for journey in journeys:
        score_journey(journey, SETTINGS)


def bench_added(rounds: int = 3) -> dict[str, float]:
    """Best-of times for load, load + score and score alone over 100 journeys x 100 touchpoints."""
    files = write_corpus("score-100x100", 100, 100)
    journeys = load_all(files)  # warm-up: imports, caches
    load = both = alone = float("inf")
    for _ in range(rounds):
        load = min(load, timed(lambda: load_all(files)))
        both = min(both, timed(lambda: score_all(load_all(files))))
        alone = min(alone, timed(lambda: score_all(journeys)))
    return {"load_s": load, "both_s": both, "score_s": alone}


def one_journey(journeys: list[Journey], copies: int) -> Journey:
    """One journey holding every touchpoint of `journeys`, `copies` times over (ids made unique)."""
    first = journeys[0]
    touchpoints = [
        tp.model_copy(update={"id": f"c{c}-{j}-{tp.id}"})
        for c in range(copies)
        for j, journey in enumerate(journeys)
        for tp in journey.touchpoints
    ]
    return first.model_copy(update={"touchpoints": touchpoints})


def bench_linear(journeys: list[Journey], rounds: int = 5) -> float:
    """How much longer one journey of 2n touchpoints takes to score than one of n."""
    small, large = one_journey(journeys, 1), one_journey(journeys, 2)
    t_small = t_large = float("inf")
    for _ in range(rounds):
        t_small = min(t_small, timed(lambda: score_journey(small, SETTINGS)))
        t_large = min(t_large, timed(lambda: score_journey(large, SETTINGS)))
    return t_large / t_small


def main() -> int:
    tune_gc()  # as `cjm` itself runs
    result = bench_added()
    added = result["score_s"] / result["load_s"]
    measured = result["both_s"] / result["load_s"] - 1
    print(
        f"score 100x100 (10,000 touchpoints): load {result['load_s']:.3f}s, score alone {result['score_s']:.3f}s,"
        f" load+score {result['both_s']:.3f}s"
    )
    print(
        f"ratio (load + score) / load = {1 + added:.3f}: scoring adds {added:.1%} (target < 20%);"
        f" load+score timed end to end: {1 + measured:.3f} (one pass more exposed to a busy machine)"
    )
    journeys = load_all(write_corpus("score-100x100", 100, 100))
    print(f"linearity: one journey of 20,000 touchpoints scores in {bench_linear(journeys):.2f}x the time of 10,000")
    return 0 if added < 0.20 else 1


if __name__ == "__main__":
    sys.exit(main())
