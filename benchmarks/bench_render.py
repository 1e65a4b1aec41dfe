"""Render speed: the HTML handout must scale linearly.

Targets: rendering a 5,000-touchpoint journey to HTML takes at most 12x the time of a
500-touchpoint one (10x the size); a 100-touchpoint journey renders in well under a second
(load + score + view + HTML, as `cjm render` does it, without the process start). The wall
handout (SPEC §4.4): 100 touchpoints tiled on A1 in under 1 s, and tiled 5,000 at most 12x 500.
Run: .venv/bin/python benchmarks/bench_render.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from corpus import journey_text

from cjm.cli import tune_gc
from cjm.config import DEFAULT
from cjm.load import load_journey_text
from cjm.model import Journey
from cjm.render.provenance import short_hash
from cjm.render.run import render_journey
from cjm.render.view import Provenance


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of several runs, in CPU seconds of this process (the least disturbed by
    the rest of the machine)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def loaded(touchpoints: int) -> tuple[str, Journey]:
    """A generated journey of that size, parsed once."""
    text = journey_text(0, touchpoints, stages=8)
    journey = load_journey_text(text, f"bench-{touchpoints}.yaml").journey
    assert journey is not None
    return text, journey


def render_html(text: str, journey: Journey, **wall: Any) -> str:
    """Score, build the view and render the handout (what `cjm render` does after loading);
    `wall` takes paper= and tile=."""
    _, out = render_journey(journey, DEFAULT.score, "html", provenance=Provenance(short_hash(text)), **wall)
    assert isinstance(out, str)
    return out


def bench_scaling(rounds: int = 9, **wall: Any) -> dict[str, float]:
    """Seconds for 500 and 5,000 touchpoints and their ratio: the best of several rounds,
    the two sizes alternating so that a busy moment of the machine hits both alike. One
    sample of the small journey is ten renders in a row (divided by ten), so both samples
    last about as long and have the same chance of being disturbed; the best of short
    samples would otherwise be luckier than the best of long ones."""
    small, large = loaded(500), loaded(5000)
    render_html(*small, **wall)  # warm-up: imports, template compilation

    def ten_small() -> None:
        for _ in range(10):
            render_html(*small, **wall)

    t_small, t_large = [], []
    for _ in range(rounds):
        t_small.append(best_of(1, ten_small) / 10)
        t_large.append(best_of(1, lambda: render_html(*large, **wall)))
    return {"small_s": min(t_small), "large_s": min(t_large), "ratio": min(t_large) / min(t_small)}


def bench_hundred(**wall: Any) -> float:
    """Seconds to load, score and render a 100-touchpoint journey (templates already compiled)."""
    text = journey_text(1, 100, stages=6)

    def work() -> None:
        journey = load_journey_text(text, "bench-100.yaml").journey
        assert journey is not None
        render_html(text, journey, **wall)

    work()
    return best_of(5, work)


def main() -> None:
    tune_gc()  # as `cjm` itself runs
    scaling = bench_scaling()
    print(
        f"render html 500 tp: {scaling['small_s']:.3f}s, 5000 tp: {scaling['large_s']:.3f}s,"
        f" ratio {scaling['ratio']:.2f} (target <= 12)"
    )
    hundred = bench_hundred()
    print(f"render html 100 tp (load + score + view + html): {hundred:.3f}s (target well under 1 s)")
    wall = bench_hundred(paper="a1", tile=True)
    print(f"render html 100 tp tiled on A1 (load + score + view + html): {wall:.3f}s (target < 1 s)")
    tiled = bench_scaling(rounds=5, paper="a1", tile=True)
    print(
        f"render html tiled on A1, 500 tp: {tiled['small_s']:.3f}s, 5000 tp: {tiled['large_s']:.3f}s,"
        f" ratio {tiled['ratio']:.2f} (target <= 12)"
    )
    ok = scaling["ratio"] <= 12 and hundred < 1.0 and wall < 1.0 and tiled["ratio"] <= 12
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
