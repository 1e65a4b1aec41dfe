"""Scaling: each command on a 5,000-touchpoint journey vs the same command on 500 (target <= 12x).

The commands run as `cjm` runs them (cjm.cli.main, output discarded); time is CPU time of
this process, best of three, so other load on the machine disturbs it little.
Run: .venv/bin/python benchmarks/bench_scaling.py
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import journey_text

from cjm.cli import main

SIZES = (500, 5000)
TARGET = 12.0


def run_once(args: list[str]) -> float:
    """CPU seconds of one `cjm ARGS` run."""
    started = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(args)
        except SystemExit as exc:
            if exc.code not in (0, 1, None):
                raise RuntimeError(f"cjm {' '.join(args)} exited {exc.code}") from None
    return time.process_time() - started


def run_pair(small: list[str], big: list[str], rounds: int = 5) -> tuple[float, float]:
    """Best CPU seconds of the small and the big run, alternated so that load hits both alike."""
    best_small = best_big = float("inf")
    for _ in range(rounds):
        best_small = min(best_small, run_once(small))
        best_big = min(best_big, run_once(big))
    return best_small, best_big


def write_versions(folder: Path, touchpoints: int) -> tuple[Path, Path]:
    """Two versions of one journey: the second changes every tenth touchpoint's emotion and owner."""
    old_text = journey_text(0, touchpoints)
    lines = old_text.splitlines(keepends=True)
    changed = []
    for i, line in enumerate(lines):
        if line.startswith("    emotion: ") and i % 10 == 0:
            line = "    emotion: -2\n"
        elif line.startswith("    owner: ") and i % 7 == 0:
            line = "    owner: Ny afdeling\n"
        changed.append(line)
    old, new = folder / f"old-{touchpoints}.yaml", folder / f"new-{touchpoints}.yaml"
    old.write_text(old_text, encoding="utf-8")
    new.write_text("".join(changed), encoding="utf-8")
    return old, new


def main_bench() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {n: write_versions(folder, n) for n in SIZES}
        commands = {
            "lint": lambda n: ["lint", "--today", "2026-11-23", str(files[n][1])],
            "score": lambda n: ["score", "--format", "json", str(files[n][1])],
            "diff": lambda n: ["diff", "--format", "json", str(files[n][0]), str(files[n][1])],
            "render": lambda n: ["render", "--format", "html", str(files[n][1]), "-o", str(folder / f"r{n}.html")],
        }
        print(f"{'command':8s} {'500 tp':>9s} {'5,000 tp':>9s} {'ratio':>6s}  target <= {TARGET:g}")
        for name, make in commands.items():
            small, big = run_pair(make(SIZES[0]), make(SIZES[1]))
            print(f"{name:8s} {small:8.3f}s {big:8.3f}s {big / small:6.2f}")


if __name__ == "__main__":
    main_bench()
