"""Shared test helpers: run the CLI in-process (with the real exit-code mapping of `main`)."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = ROOT / "examples"


@dataclass
class Result:
    """What a CLI run gave."""

    code: int
    out: str
    err: str


def run_cli(args: list[str], stdin: str | bytes = b"", monkeypatch: pytest.MonkeyPatch | None = None) -> Result:
    """Run `cjm ARGS` through cjm.cli.main in-process, capturing output and the exit code."""
    from cjm.cli import main

    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    fake_in = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = fake_in, out, err
    try:
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):
    """Run the CLI with a fixed today and no colour from the environment."""
    monkeypatch.setenv("CJM_TODAY", "2026-11-23")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return run_cli
