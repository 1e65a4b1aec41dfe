"""Run every benchmark in this folder, one after the other, and print what each reports.

Each benchmark measures cjm against a baseline timed in the same run and prints ratios;
absolute times depend on the machine, ratios much less. Usage: `make bench`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"## {script.stem}", flush=True)
        result = subprocess.run([sys.executable, str(script)], check=False)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
