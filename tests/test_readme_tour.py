"""The README's five-minute tour, replayed for real: every `$ cjm ...` block shows what cjm prints now.

The console blocks are read from README.md (between `<!-- BEGIN tour -->` and `<!-- END tour -->`),
so the test fails when either the README or the tool changes. The edits the prose describes between
the blocks (the typo, the missing owner, the workshop's changes to an example) are made here, keyed
by the command they come before. A line holding only `…` in a block stands for one or more lines
of output that the README leaves out.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ELIDED = "…"
ECHO_CODE = "echo $?"


@dataclass
class Step:
    """One `$ command` of a console block and the output lines the README shows under it."""

    command: str
    shown: list[str]


def tour_blocks() -> list[list[Step]]:
    """The console blocks of the README's tour, each as its commands and their shown output."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- BEGIN tour -->", 1)[1].split("<!-- END tour -->", 1)[0]
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", section, re.S):
        steps: list[Step] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                steps.append(Step(line[2:].strip(), []))
            else:
                assert steps, f"output before any command in the tour: {line!r}"
                steps[-1].shown.append(line.rstrip())
        blocks.append(steps)
    return blocks


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the actual lines are the shown ones, a `…` line standing for one or more lines."""
    pattern = "".join(r"(?:.*\n)+" if line == ELIDED else re.escape(line) + "\n" for line in shown)
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def test_an_elided_line_stands_for_one_or_more_lines() -> None:
    assert matches(["a", ELIDED, "1"], ["a", "b", "c", "1"])
    assert not matches(["a", ELIDED, "1"], ["a", "1"])
    assert not matches(["a", "b"], ["a", "b", "c"])


# --- the story's edits between the blocks -----------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    """Run git in the tour's repository with a fixed identity (the user configuration is switched off)."""
    subprocess.run(
        ["git", "-c", "user.name=Tour", "-c", "user.email=tour@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        capture_output=True,
        check=True,
    )


def edit_touchpoint(path: Path, touchpoint: str, **values: str | None) -> None:
    """Set (or, with None, remove) top-level keys of one touchpoint, keeping every other line as it is."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  - id: {touchpoint}\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")),
        len(lines),
    )
    for key, value in values.items():
        (at,) = [i for i in range(start, end) if lines[i].startswith(f"    {key}:")]
        lines[at] = "" if value is None else f"    {key}: {value}\n"
    path.write_text("".join(lines), encoding="utf-8")


STARTER = Path("maps/journey.yaml")
EXAMPLE = Path("examples/da-broadband-self-install.yaml")
COMMIT = "git add -A && git commit -m workshop"
# The workshop's new values for the example's printed guide (step 4).
WORKSHOP = {
    "name": "Installationsvideo og trykt guide",
    "emotion": "-0.4",
    "experience": "3.6",
    "metrics": "{volume: 8200, drop_off: 0.09, complaints: 0.06, ces: 3.1}",
}


def typo_and_no_owner(repo: Path) -> None:
    # Step 2 while filling in the starter: the first touchpoint loses its owner (so the emotion
    # of touchpoints[1] moves up a line), and that emotion gets a value off the -2..+2 scale.
    assert "    owner: Marketing" in (repo / STARTER).read_text(encoding="utf-8")
    edit_touchpoint(repo / STARTER, "website", owner=None)
    edit_touchpoint(repo / STARTER, "order", emotion="-2.5")


def fix_the_emotion(repo: Path) -> None:
    edit_touchpoint(repo / STARTER, "order", emotion="-1.5")


def workshop_changes(repo: Path) -> None:
    # Step 4: everything so far is committed, then the printed guide gets a video and new survey numbers.
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "workshop")
    edit_touchpoint(repo / EXAMPLE, "installationsguide", **WORKSHOP)


@dataclass
class Edit:
    """What the story does before a command, and the words that tell the reader to do the same."""

    make: Callable[[Path], None]
    said: list[str]


BEFORE: dict[str, Edit] = {
    "cjm lint maps examples": Edit(
        typo_and_no_owner,
        [f"`{STARTER.as_posix()}`", "`owner: Marketing`", "`website`", "`order`", "`emotion: -2.5`"],
    ),
    "cjm lint maps": Edit(fix_the_emotion, ["`emotion: -1.5`"]),
    "cjm diff --git HEAD": Edit(
        workshop_changes,
        [f"`{COMMIT}`", f"`{EXAMPLE.as_posix()}`", "`installationsguide`"]
        + [f"`{key}: {value}`" for key, value in WORKSHOP.items()],
    ),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh git repository holding a copy of this repository's examples/, as the tour's intro says."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "tour"
    shutil.copytree(EXAMPLES, root / "examples")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "examples")
    monkeypatch.chdir(root)
    return root


# --- the tour -----------------------------------------------------------------------------------------


def tour_text_before(command: str) -> str:
    """The README's words between the console block before the one that runs `command` and that block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- BEGIN tour -->", 1)[1].split("<!-- END tour -->", 1)[0]
    parts = re.split(r"```console\n.*?```", section, flags=re.S)
    for prose, block in zip(parts[:-1], tour_blocks(), strict=True):  # the words before each block
        if any(step.command == command for step in block):
            return " ".join(prose.split())
    raise AssertionError(f"no block of the tour runs {command}")


@pytest.mark.parametrize("command", list(BEFORE))
def test_the_readme_states_each_edit_before_its_output(command: str) -> None:
    """A reader replaying the tour makes the same edits as the test: the README names each one."""
    prose = tour_text_before(command)
    missing = [words for words in BEFORE[command].said if words not in prose]
    assert not missing, f"the README does not say, before `$ {command}`: {missing}"


def test_the_readme_says_how_to_get_cjm_on_the_path() -> None:
    """After `make demo` cjm is only in .venv/bin: the install section and the tour's intro say so."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme.split("<!-- BEGIN install -->", 1)[1].split("<!-- END install -->", 1)[0]
    assert "source .venv/bin/activate" in install and "pipx install ." in install
    intro = tour_text_before("cjm init maps/ --lang da")
    assert "`make demo`" in intro and "`source .venv/bin/activate`" in intro


def test_the_tour_is_parsed_as_expected() -> None:
    commands = [step.command for block in tour_blocks() for step in block]
    assert commands[:2] == ["cjm init maps/ --lang da", "cjm lint maps examples"]
    assert set(BEFORE) <= set(commands), "every edit of the story comes before a command of the tour"
    assert all(step.shown for block in tour_blocks() for step in block), "every command shows its output"


def test_every_block_of_the_tour_is_what_cjm_prints(cli, repo: Path) -> None:
    code = 0
    for block in tour_blocks():
        for step in block:
            if step.command in BEFORE:
                BEFORE[step.command].make(repo)
            if step.command == ECHO_CODE:
                actual = [str(code)]
                code = 0
            else:
                command, echo = step.command.removesuffix(f"; {ECHO_CODE}"), step.command.endswith(f"; {ECHO_CODE}")
                args = shlex.split(command)
                assert args[0] == "cjm", f"the tour only runs cjm and `{ECHO_CODE}`: {step.command}"
                result = cli(args[1:])
                # a terminal shows both streams; cjm's notes (render's summary) go to stderr
                actual = [line.rstrip() for line in (result.out + result.err).splitlines()]
                code = result.code
                if echo:
                    actual.append(str(code))
                    code = 0
            assert matches(step.shown, actual), (
                f"$ {step.command}\n--- README shows:\n"
                + "\n".join(step.shown)
                + "\n--- cjm prints:\n"
                + "\n".join(actual)
            )
    # the story's files are where the tour says
    assert (repo / ".cjm" / "journey.schema.json").is_file()
    assert (repo / "handouts" / "index.html").is_file()
