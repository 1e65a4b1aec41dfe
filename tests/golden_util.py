"""Golden files: compare an output with tests/golden/<name>; CJM_UPDATE_GOLDEN=1 rewrites them on purpose.

Refresh after an intended change with `make golden` (or CJM_UPDATE_GOLDEN=1 pytest ...),
then review the diff by eye before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: str | bytes) -> None:
    """Assert actual equals the golden file (rewrite it when CJM_UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("CJM_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"golden file {path} is missing; create it with CJM_UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if data != expected:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(True),
                data.decode("utf-8", "replace").splitlines(True),
                "golden",
                "actual",
            )
        )
        raise AssertionError(f"output differs from {path}:\n{diff[:4000]}")
