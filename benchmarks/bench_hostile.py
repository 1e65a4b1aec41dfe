"""Worst cases within the limits (SPEC §6 "Bounded"): time and peak memory of every command.

Builds files just under the 5 MB size limit that push each bound: the largest journey, an
x- key whose aliases expand to just under the alias limit, nesting at the depth limit, one
huge title. Each command runs in a fresh child; its wall time and peak RSS are reported, with
the time of plain `yaml.load` (C loader) over the same file as the baseline ratio.
Run: .venv/bin/python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from corpus import HERE, journey_text

LIMIT = 5 * 1024 * 1024
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(code, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
HEAD = "cjm: 1\nid: worst\ntitle: Worst case\nstages: [{id: s, phase: before}]\n"


def largest_journey() -> str:
    """As many touchpoints as fit under the size limit."""
    count = 1000
    text = journey_text(0, count)
    while len(text.encode()) < LIMIT * 0.9:
        count = int(count * LIMIT * 0.95 / len(text.encode()))
        text = journey_text(0, count)
    return text


def aliases_to_the_limit() -> str:
    """One anchored list of 10,000 items aliased 9 times: nine times the nodes written, under the limit."""
    items = ", ".join(str(i) for i in range(10_000))
    aliases = ", ".join(["*big"] * 9)
    return HEAD + f"touchpoints: [{{id: t, stage: s, emotion: -1}}]\nx-big: &big [{items}]\nx-copies: [{aliases}]\n"


def deep_nesting() -> str:
    """Many x- values nested to just under the depth limit."""
    one = "[" * 95 + "1" + "]" * 95
    lines = [f"x-d{i}: {one}" for i in range(LIMIT // (len(one) + 12))]
    return HEAD + "touchpoints: [{id: t, stage: s, emotion: -1}]\n" + "\n".join(lines) + "\n"


def huge_title() -> str:
    """One title of almost the whole size limit."""
    return HEAD.replace("Worst case", "W" * int(LIMIT * 0.95)) + "touchpoints: [{id: t, stage: s, emotion: -1}]\n"


CASES = {
    "largest journey": largest_journey,
    "aliases to the limit": aliases_to_the_limit,
    "nesting at the limit": deep_nesting,
    "huge title": huge_title,
}


def measure(args: list[str]) -> tuple[int, float, float]:
    """Exit code, seconds and peak MB of one cjm command in a fresh child."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, check=True)
    code, seconds, kib = done.stdout.split()
    return int(code), float(seconds), int(kib) / 1024


def main() -> None:
    folder = HERE / "corpus" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    cjm = [sys.executable, "-m", "cjm"]
    out = folder / "out"
    env_today = {"CJM_TODAY": "2026-11-23"}
    os.environ.update(env_today)
    print(f"{'case':<22} {'MB':>5} {'yaml.load s':>11}  command: exit, seconds (× yaml.load), peak MB")
    for name, build in CASES.items():
        path = folder / (name.replace(" ", "-") + ".yaml")
        path.write_text(build(), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        started = time.perf_counter()
        yaml.load(text, Loader=yaml.CSafeLoader)
        floor = time.perf_counter() - started
        cells = []
        for command in (["lint"], ["score"], ["render", "-f", "html", "-o", str(out)], ["diff", str(path)]):
            code, seconds, peak = measure([*cjm, command[0], str(path), *command[1:]])
            cells.append(f"{command[0]} {code}, {seconds:.1f} s (×{seconds / floor:.0f}), {peak:.0f} MB")
        size = path.stat().st_size / 1024 / 1024
        print(f"{name:<22} {size:5.1f} {floor:11.2f}  " + " · ".join(cells))


if __name__ == "__main__":
    main()
