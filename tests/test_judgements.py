"""The real `cjm` command against the consultants' worked verdicts (SPEC §4.2), with judge.py's semantics.

Each case in tests/judgements/ is written beside an empty `.cjm.yaml`, scored with
`cjm score --format json` (and linted with `cjm lint --format json` for CJM109) in a
subprocess, exactly as `shared/judgements/judge.py` runs a cjm command, and every one of
its assertions must hold.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT
from judging import CASES, all_cases, judge


@pytest.mark.parametrize("path", all_cases())
def test_the_cli_holds_the_consultants_verdict(path: Path, tmp_path: Path) -> None:
    bar = judge()
    case = bar.load_case(path)
    (tmp_path / ".cjm.yaml").write_text("", encoding="utf-8")
    journey = tmp_path / (path.name.removesuffix(".case.yaml") + ".yaml")
    journey.write_text(bar.journey_text(case, path), encoding="utf-8")
    run = bar.Run([sys.executable, "-m", "cjm"], journey, case.get("persona"))
    run.env["PYTHONPATH"] = str(ROOT)
    failed = []
    try:
        scored = run.score()
    except bar.Failed as exc:
        pytest.fail(str(exc))
    for assertion in case["assertions"]:
        ((kind, arg),) = assertion.items()
        try:
            bar.CHECKS[kind](scored, arg, run)
        except bar.Failed as exc:
            failed.append(f"{bar.show(assertion)}: {exc}")
    assert failed == [], case["why"]


def test_the_project_cases_are_the_shared_ones() -> None:
    """The copy is faithful: every project case is byte for byte the shared case of that name."""
    from judging import judge_path

    found = judge_path()
    if found is None:
        pytest.skip("no shared/judgements")
    mine = sorted(CASES.glob("*.case.yaml"))
    assert len(mine) >= 17
    for path in mine:
        shared = found.parent / path.name
        assert shared.is_file() and shared.read_bytes() == path.read_bytes(), path.name
