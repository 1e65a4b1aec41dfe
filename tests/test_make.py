"""The README's two set-up commands: `make demo` installs cjm alone, `make test` the dev tool chain too.

Checked with `make --dry-run` into a virtualenv path that does not exist, so every step is shown
and nothing is installed. (`.ci/run` runs `make test` itself.)
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned(target: str, tmp_path: Path) -> list[str]:
    """The commands `make TARGET` would run in a fresh clone (no virtualenv yet)."""
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", "-C", str(ROOT), target, f"VENV={tmp_path / 'venv'}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


def installs(commands: list[str]) -> list[str]:
    return [line for line in commands if "pip install" in line]


def test_make_demo_installs_the_package_and_nothing_else(tmp_path: Path) -> None:
    commands = planned("demo", tmp_path)
    assert any(line.endswith(" -m venv " + str(tmp_path / "venv")) for line in commands)
    assert installs(commands) == [f"{tmp_path}/venv/bin/pip install --quiet ."], commands
    assert not any("test-deps.sh" in line or " -m pytest" in line for line in commands)
    assert f"{tmp_path}/venv/bin/cjm render examples -o out" in commands


def test_make_test_installs_the_dev_extras(tmp_path: Path) -> None:
    commands = planned("test", tmp_path)
    assert f"{tmp_path}/venv/bin/pip install --quiet -e '.[dev]'" in installs(commands), commands
    assert "bash scripts/test-deps.sh" in commands
    parallel = '-m pytest -q -p no:cacheprovider -n 2 --dist loadfile -m "not serial"'
    assert any(line.endswith(parallel) for line in commands), commands
    assert any(line.endswith("-m pytest -q -p no:cacheprovider -m serial") for line in commands), commands


def test_ci_runs_exactly_make_test() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith(("#", "set ", "cd "))] == ["make test"]
