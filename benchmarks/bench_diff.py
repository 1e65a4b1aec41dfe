"""Diff speed: `cjm diff` of two versions of a 5,000-touchpoint journey vs parsing both, same run.

Target: the diff (structural changes plus score drift of both sides) takes at most 3x the
time of parsing and validating both versions (`load_journey_text`), and grows linearly
with the journey: the time per touchpoint at 5,000 stays close to the time at 1,000.
The second version changes emotion on every 10th touchpoint, renames every 100th, moves
every 100th to another stage, removes every 250th, adds 50 and swaps two stages.
Run: .venv/bin/python benchmarks/bench_diff.py
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import journey_text

from cjm.cli import tune_gc
from cjm.diff.compare import compare, structural_changes
from cjm.load import load_journey_text
from cjm.model import Journey

TARGET = 3.0


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of several runs (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def edited(text: str, touchpoints: int) -> str:
    """The next version of a generated journey: a realistic mix of every kind of change."""
    head, _, rest = text.partition("touchpoints:\n")
    body, _, tail = rest.partition("actions:\n")
    blocks = re.split(r"(?m)^(?=  - id: tp-)", body)
    out = []
    for block in blocks:
        found = re.match(r"  - id: tp-(\d+)", block)
        if found is None:
            out.append(block)
            continue
        t = int(found.group(1))
        if t % 250 == 3:
            continue
        if t % 10 == 0:
            block = re.sub(r"emotion: \S+", "emotion: 0.25", block)
        if t % 100 == 1 and t > 1:
            block = block.replace(f"id: tp-{t:05d}", f"id: tp-renamed-{t:05d}")
        if t % 100 == 2:
            block = re.sub(r"stage: stage-(\d)", lambda m: f"stage: stage-{(int(m.group(1)) + 1) % 6}", block)
        out.append(block)
    for extra in range(50):
        out.append(f"  - {{id: tp-new-{extra:03d}, stage: stage-{extra % 6}, name: Nyt {extra}, emotion: -1}}\n")
    head = head.replace("  - {id: stage-2,", "  - {id: stage-2-tmp,").replace("  - {id: stage-3,", "  - {id: stage-2,")
    head = head.replace("  - {id: stage-2-tmp,", "  - {id: stage-3,")
    return head + "touchpoints:\n" + "".join(out) + "actions:\n" + tail


def versions(touchpoints: int) -> tuple[str, str]:
    old = journey_text(0, touchpoints)
    return old, edited(old, touchpoints)


def parse(text: str) -> Journey:
    loaded = load_journey_text(text, "bench.yaml")
    assert loaded.journey is not None, loaded.problems[:3]
    return loaded.journey


def bench(touchpoints: int, with_parse: bool = True) -> dict[str, float]:
    """Seconds to parse both versions (best of 2), to diff them with drift and structurally only (best of 5)."""
    old_text, new_text = versions(touchpoints)
    old, new = parse(old_text), parse(new_text)
    changes, _ = compare(old, new)  # warm-up, and a sanity check of what it found
    assert len(changes) > touchpoints // 10, len(changes)
    ops = {c.op for c in changes}
    assert {"added", "removed", "renamed", "moved", "modified", "reordered"} <= ops, ops
    parse_s = best_of(2, lambda: (parse(old_text), parse(new_text))) if with_parse else 0.0
    diff_s = best_of(5, lambda: compare(old, new))
    structural_s = best_of(5, lambda: structural_changes(old, new))
    return {"parse_s": parse_s, "diff_s": diff_s, "structural_s": structural_s, "changes": len(changes)}


def main() -> int:
    tune_gc()  # as `cjm` itself runs
    small = bench(1_000, with_parse=False)
    large = bench(5_000)
    ratio = large["diff_s"] / large["parse_s"]
    growth = (large["diff_s"] / 5_000) / (small["diff_s"] / 1_000)
    print(
        f"diff 5000 touchpoints ({large['changes']:.0f} changes): parse both {large['parse_s']:.3f}s,"
        f" diff {large['diff_s']:.3f}s (structural {large['structural_s']:.3f}s),"
        f" ratio {ratio:.2f} (target <= {TARGET})"
    )
    print(f"linearity: time per touchpoint at 5000 / at 1000 = {growth:.2f} (linear: about 1)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
