"""`cjm render --watch` latency: a save of a 100-touchpoint journey is on disk as a new map within 0.5 s.

Starts a real `cjm render --watch` process, saves the journey several times (a new title
each time) and measures from the save to the new map being written. Baseline, timed in
the same run: one render of the same journey in-process (load, score, view, HTML, write),
the work a save triggers, so the ratio shows what watching adds (the debounce, the
file-system event). Run: .venv/bin/python benchmarks/bench_watch.py
"""

from __future__ import annotations

import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import journey_text

from cjm.render.run import RenderOptions
from cjm.render.watch import render_round

TOUCHPOINTS = 100
SAVES = 7
TARGET_SECONDS = 0.5


def baseline(journey: Path, out: Path) -> float:
    """The best of three in-process renders of the journey into the folder."""
    options = RenderOptions("html", str(out) + "/")
    times = []
    for _ in range(3):
        started = time.perf_counter()
        render_round([str(journey)], options, out, None)
        times.append(time.perf_counter() - started)
    return min(times)


def latencies(folder: Path, journey: Path) -> list[float]:
    env = {**os.environ, "CJM_TODAY": "2026-11-23", "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cjm", "render", "--watch", str(journey), "-o", str(folder / "served")],
        stdout=subprocess.PIPE,
        stderr=open(os.environ.get("BENCH_WATCH_LOG", os.devnull), "w"),  # noqa: SIM115
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "the watch started"
        page = re.search(r"http://127\.0\.0\.1:\d+/(\S+)", process.stdout.readline())
        assert page
        target = folder / "served" / page.group(1)
        text = journey.read_text("utf-8")
        found = []
        for number in range(SAVES):
            time.sleep(0.3)  # let the previous round settle: each save is measured alone
            title = f"Gemt {number}"
            journey.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), "utf-8")
            saved = time.perf_counter()
            while title not in target.read_text("utf-8", errors="replace"):
                if time.perf_counter() - saved > 30:
                    raise AssertionError("no render within 30 s")
                time.sleep(0.002)
            found.append(time.perf_counter() - saved)
        return found
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        journey = folder / "journey.yaml"
        journey.write_text(journey_text(0, TOUCHPOINTS, stages=8), "utf-8")
        render = baseline(journey, folder / "baseline")
        measured = latencies(folder, journey)
    median, worst = statistics.median(measured), max(measured)
    print(f"--watch: save to new map of a {TOUCHPOINTS}-touchpoint journey: median {median:.2f} s, worst {worst:.2f} s")
    print(f"baseline, one render in-process: {render:.2f} s; watch latency = {median / render:.1f}x that")
    ok = worst < TARGET_SECONDS
    print(f"target < {TARGET_SECONDS:g} s: " + ("OK" if ok else "TOO SLOW"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
