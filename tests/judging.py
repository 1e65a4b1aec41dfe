"""The consultants' worked verdicts: the project's copy of their cases and their judge.py.

The cases are data, copied into tests/judgements/. judge.py (the bar: its case reader and its
assertions) stays in shared/judgements beside the repository, where CI finds it in a clone next
to shared/; a developer's worktree falls back to /work/shared. Without either, the tests skip.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

CASES = Path(__file__).resolve().parent / "judgements"
JUDGE_PLACES = (
    Path(__file__).resolve().parents[2] / "shared" / "judgements" / "judge.py",
    Path("/work/shared/judgements/judge.py"),
)


def judge_path() -> Path | None:
    """judge.py beside the repository, else in /work/shared; None when neither exists."""
    return next((path for path in JUDGE_PLACES if path.is_file()), None)


def judge() -> ModuleType:
    """judge.py itself, imported once per call (it has no state)."""
    path = judge_path()
    assert path is not None
    spec = importlib.util.spec_from_file_location("cjm_judge", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def case_files(since: str | None) -> list[Any]:
    """The project's cases whose `since:` is `since` (None: format 1), as test parameters."""
    if judge_path() is None:
        return [pytest.param(None, marks=pytest.mark.skip(reason="no shared/judgements/judge.py"))]
    reader = judge()
    paths = [p for p in sorted(CASES.glob("*.case.yaml")) if reader.load_case(p)["since"] == since]
    return [pytest.param(p, id=p.name.removesuffix(".case.yaml")) for p in paths]


def all_cases() -> list[Any]:
    """Every case, format 1 and 1.1."""
    return case_files(None) + case_files("1.1")
