"""Lint speed: `cjm lint` (all rules) vs the plain C-loader parse of the same files, same run.

Targets: lint <= 2x `yaml.load(text, Loader=yaml.CSafeLoader)` over ~100 journeys x 100
touchpoints; `cjm --version` <= 1.3x `python -c "import typer"`.
Run: .venv/bin/python benchmarks/bench_lint.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

from cjm.cli import tune_gc
from cjm.lint.run import LintOptions, run


def bench_lint(journeys: int = 100, touchpoints: int = 100, rounds: int = 3) -> dict[str, float]:
    """Seconds for the parse floor and for lint over the same corpus, and their ratio.

    The two are timed file by file, alternately, so that load from other processes on the
    machine hits both alike; each file's best of `rounds` counts.
    """
    files = write_corpus(f"lint-{journeys}x{touchpoints}", journeys, touchpoints)
    options = LintOptions()
    run([str(files[0])], options)  # warm-up: imports, rule registry
    base_total = ours_total = 0.0
    for path in files:
        base = ours = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            base = min(base, time.perf_counter() - started)
            started = time.perf_counter()
            run([str(path)], options)
            ours = min(ours, time.perf_counter() - started)
        base_total += base
        ours_total += ours
    return {"floor_s": base_total, "lint_s": ours_total, "ratio": ours_total / base_total}


def median_run(command: list[str], runs: int = 9) -> float:
    """Median wall time of a command."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_version() -> dict[str, float]:
    """`cjm --version` against `python -c "import typer"`."""
    cjm = [sys.executable, "-c", "import sys; from cjm.cli import main; main(['--version'])"]
    base = median_run([sys.executable, "-c", "import typer"])
    ours = median_run(cjm)
    return {"typer_s": base, "version_s": ours, "ratio": ours / base}


def main() -> None:
    tune_gc()  # as `cjm` itself runs
    os.environ.setdefault("CJM_TODAY", "2026-11-23")
    lint = bench_lint()
    print(
        f"lint 100x100: floor {lint['floor_s']:.3f}s, lint {lint['lint_s']:.3f}s,"
        f" ratio {lint['ratio']:.2f} (target <= 2.0)"
    )
    version = bench_version()
    print(
        f"--version: import typer {version['typer_s'] * 1000:.0f}ms, cjm --version {version['version_s'] * 1000:.0f}ms,"
        f" ratio {version['ratio']:.2f} (target <= 1.3)"
    )


if __name__ == "__main__":
    main()
