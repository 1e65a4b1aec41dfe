"""Peak memory of linting a ~100 MB corpus vs a ~10 MB subset of it, same run.

cjm processes files one at a time, so peak memory must stay flat as the corpus grows:
target ratio <= 1.5 between the peak RSS of `cjm lint` over the full corpus and over
its first ~10 MB. Each lint runs in a fresh child of a fresh measuring process, whose
`getrusage(RUSAGE_CHILDREN).ru_maxrss` is the lint's own peak (never another run's).
The corpus is generated deterministically under benchmarks/corpus/ (gitignored).
Run: .venv/bin/python benchmarks/bench_memory.py [--mb 100]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import HERE, journey_text

TARGET_RATIO = 1.5
TOUCHPOINTS = 3_500  # ~2.5 MB per file, under the 5 MB limit
SUBSET_MB = 10

# The measuring process: run the command, report the child's peak RSS in KiB (Linux).
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def write_memory_corpus(total_mb: float) -> list[Path]:
    """Journey files of ~2.5 MB each until the corpus reaches total_mb; reused when unchanged."""
    folder = HERE / "corpus" / f"memory-{total_mb:g}mb"
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    size = 0
    index = 0
    while size < total_mb * 1024 * 1024:
        path = folder / f"journey-{index:04d}.yaml"
        text = journey_text(index, TOUCHPOINTS)
        data = text.encode("utf-8")
        if not path.exists() or path.stat().st_size != len(data) or path.read_bytes() != data:
            path.write_bytes(data)
        files.append(path)
        size += len(data)
        index += 1
    return files


def subset_folder(files: list[Path], mb: float) -> Path:
    """A folder with hard links to the first files of the corpus, up to about mb."""
    folder = files[0].parent.with_name(files[0].parent.name + f"-first{mb:g}mb")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    size = 0
    for path in files:
        if size >= mb * 1024 * 1024:
            break
        os.link(path, folder / path.name)
        size += path.stat().st_size
    return folder


def peak_rss_mb(folder: Path) -> tuple[float, int]:
    """Peak RSS (MB) of `cjm lint FOLDER` in its own process, and its exit code."""
    lint = [sys.executable, "-m", "cjm", "--today", "2026-11-23", "lint", "--quiet", str(folder)]
    out = subprocess.run([sys.executable, "-c", _MEASURE, *lint], capture_output=True, text=True, check=True)
    code, kib = out.stdout.split()
    return int(kib) / 1024, int(code)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.yaml")) / 1024 / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100, help="size of the full corpus in MB")
    args = parser.parse_args()
    files = write_memory_corpus(args.mb)
    small = subset_folder(files, SUBSET_MB)
    full = files[0].parent
    small_rss, small_code = peak_rss_mb(small)
    full_rss, full_code = peak_rss_mb(full)
    ratio = full_rss / small_rss
    print(f"lint {folder_mb(small):.1f} MB ({len(list(small.glob('*.yaml')))} files): peak RSS {small_rss:.1f} MB")
    print(f"lint {folder_mb(full):.1f} MB ({len(files)} files): peak RSS {full_rss:.1f} MB")
    print(f"memory ratio full/subset {ratio:.2f} (target <= {TARGET_RATIO})")
    if small_code not in (0, 1) or full_code not in (0, 1):
        print(f"cjm lint exited {small_code} / {full_code}: expected 0 or 1")
        return 1
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
