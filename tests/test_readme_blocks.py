"""Every ```console block of the README outside the tour is replayed for real, or says why it is not.

The blocks are read from README.md (each inside its `<!-- BEGIN name -->` ... `<!-- END name -->`
section) and named `section: first command`. The tour's blocks are replayed by test_readme_tour.py;
every other block is either in SETUPS, which builds the files its commands name (from examples/ and
tests/fixtures/) in a temporary directory before each `$ cjm ...` line is run in-process, or in
NOT_REPLAYED with the reason. A command that shows output must print exactly that (trailing
whitespace aside; a line holding only `…`, indented or not, stands for one or more lines, as in the
tour); a command that shows none is a usage example whose output the README leaves out, and must
succeed. Image formats are skipped without Graphviz.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, Result
from test_readme_tour import ELIDED, Step, git, matches, tour_blocks

README = ROOT / "README.md"


@dataclass
class Block:
    """One console block: the README section it is in and its commands with their shown output."""

    section: str
    steps: list[Step]

    @property
    def key(self) -> str:
        return f"{self.section}: {shlex.join(shlex.split(self.steps[0].command, comments=True))}"


def readme_blocks() -> list[Block]:
    """Every console block of the README, in order, with the section that holds it."""
    readme = README.read_text(encoding="utf-8")
    blocks = []
    for section in re.finditer(r"<!-- BEGIN (\S+) -->\n(.*?)<!-- END \1 -->", readme, re.S):
        for body in re.findall(r"```console\n(.*?)```", section.group(2), re.S):
            steps: list[Step] = []
            for line in body.splitlines():
                if line.startswith("$ "):
                    steps.append(Step(line[2:].strip(), []))
                else:
                    assert steps, f"output before any command in section {section.group(1)}: {line!r}"
                    # an indented `…` (inside a nested listing) elides lines all the same
                    steps[-1].shown.append(ELIDED if line.strip() == ELIDED else line.rstrip())
            blocks.append(Block(section.group(1), steps))
    assert len(blocks) == readme.count("```console\n"), "every console block is inside a README section"
    return blocks


# --- the files each replayed block names ----------------------------------------------------------


def copy(relative: str, to: str | None = None) -> None:
    """Copy a file or directory of this repository to the current (temporary) directory."""
    source, target = ROOT / relative, Path(to or relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)


def no_files() -> None:
    """The block's commands need nothing: `cjm --version`, `cjm init` into an empty directory."""


def lint_bredband() -> None:
    # The golden lint input has the four findings the README shows, and three more (a persona
    # without emotional needs, an unused persona, an unused suppression) that the team's
    # .cjm.yaml switches off.
    copy("tests/fixtures/rules/golden/journey.yaml", "maps/bredband.yaml")
    Path(".cjm.yaml").write_text("lint:\n  ignore: [CJM106, CJM113, CJM115]\n", encoding="utf-8")


def score_bredband() -> None:
    # A journey with the persona `family`, and a CRM export in Nordic spreadsheet style.
    copy("tests/fixtures/rules/golden/journey.yaml", "maps/bredband.yaml")
    Path("crm-2026q3.csv").write_text("touchpoint;volume;drop_off\ninstall-guide;9 000;0,18\n", encoding="utf-8")


def worked_example() -> None:
    copy("tests/fixtures/score_worked.yaml")


def claim_pull_request() -> None:
    # origin/main holds the first version of the claim journey; the working tree has the second.
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = Path.cwd()
    copy("tests/fixtures/diff_old.yaml", "journeys/claim.yaml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "claim v1")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    copy("tests/fixtures/diff_new.yaml", "journeys/claim.yaml")


def render_bredband() -> None:
    # The Danish broadband example has the persona `senior`; docs/ is where the shell writes to.
    copy("examples")
    copy("examples/da-broadband-self-install.yaml", "maps/bredband.yaml")
    text = Path("maps/bredband.yaml").read_text(encoding="utf-8")
    tobe = text.replace("id: broadband-self-install", "id: broadband-2027", 1)
    tobe = tobe.replace("state: current", "state: future")
    Path("maps/bredband-2027.yaml").write_text(tobe, encoding="utf-8")
    Path("docs").mkdir()


def workshop_sheet() -> None:
    copy("examples/workshop")


def format11_claim() -> None:
    # The format 1.1 fixture as the as-is, and a to-be that names it as its baseline.
    text = (ROOT / "tests/fixtures/format11/claim.yaml").read_text(encoding="utf-8")
    Path("claim.yaml").write_text(text, encoding="utf-8")
    tobe = text.replace("id: home-claim\n", "id: home-claim-tobe\nbaseline: home-claim\n", 1)
    tobe = tobe.replace("state: current", "state: future").replace("value: 21, target: 10", "value: 12, target: 10")
    tobe = tobe.replace(
        """    by_persona:
      senior: {emotion: -2, experience: 1, drop_off: 0.5, cycle-days: 30}
      family: {emotion: -0.5}
    metrics: {volume: 1800, drop_off: 0.2, complaints: 0.1, cycle-days: 24}""",
        """    target: true
    by_persona:
      senior: {emotion: -0.5, experience: 3, drop_off: 0.15, cycle-days: 14}
      family: {emotion: 0.5}
    metrics: {volume: 1800, drop_off: 0.08, complaints: 0.03, cycle-days: 12}""",
    )
    assert tobe.count("target: true") == 2, "the to-be edit no longer matches the fixture"
    Path("claim-tobe.yaml").write_text(tobe, encoding="utf-8")


SETUPS: dict[str, Callable[[], None]] = {
    "workshop: cjm import examples/workshop/flytning-workshop.xlsx -o maps/flytning.yaml": workshop_sheet,
    "capture: cjm import examples/workshop/flytning-workshop.xlsx -o maps/flytning.yaml -q": workshop_sheet,
    "format11: cjm score claim.yaml --persona senior --top 1": format11_claim,
    "install: pipx install .": no_files,
    "lint: cjm lint maps/": lint_bredband,
    "score: cjm score maps/": score_bredband,
    "score: cjm score tests/fixtures/score_worked.yaml --format markdown --top 2": worked_example,
    "diff: cjm diff origin/main:journeys/claim.yaml journeys/claim.yaml": claim_pull_request,
    "render: cjm render examples -o out": render_bredband,
    "other: cjm init maps/ --lang da": no_files,
    "scoring: cjm score tests/fixtures/score_worked.yaml": worked_example,
}

NOT_REPLAYED: dict[str, str] = {
    "capture: cjm render --watch maps/ -o handouts/": "runs until Ctrl-C; tests/test_watch.py runs it for real",
    "install: make demo": "make targets that build a virtualenv and install system packages; no output shown",
    "development: make test": "make targets of the development loop (the suite, benchmarks, goldens); no output shown",
}

# Commands of replayed blocks that are not cjm's, and are not run.
NOT_RUN: dict[str, str] = {
    "pipx install .": "installs cjm from a clone; the tests run the code of this checkout",
}

IMAGE_FORMATS = {"svg", "png", "pdf"}


def test_every_console_block_is_replayed_or_says_why_not() -> None:
    blocks = readme_blocks()
    assert len([b for b in blocks if b.section == "tour"]) == len(tour_blocks()), "the tour test replays these"
    keys = [b.key for b in blocks if b.section != "tour"]
    assert len(keys) == len(set(keys)), "two console blocks start alike; give them different first commands"
    assert set(SETUPS).isdisjoint(NOT_REPLAYED)
    assert set(keys) == set(SETUPS) | set(NOT_REPLAYED), "a new console block must go in SETUPS or NOT_REPLAYED"


def test_commands_are_parsed_as_expected() -> None:
    assert arguments("cjm score maps/   # every journey") == (["cjm", "score", "maps/"], None)
    assert arguments("cjm render x.yaml -f markdown > docs/x.md") == (
        ["cjm", "render", "x.yaml", "-f", "markdown"],
        "docs/x.md",
    )


def arguments(command: str) -> tuple[list[str], str | None]:
    """A command's words without its `# comment`, and the file a trailing `> FILE` sends stdout to."""
    args = shlex.split(command, comments=True)
    if ">" in args:
        at = args.index(">")
        assert at == len(args) - 2, f"only a trailing `> FILE` redirection is supported: {command}"
        return args[:at], args[at + 1]
    return args, None


@pytest.mark.parametrize("key", list(SETUPS))
def test_console_block_is_what_cjm_prints(
    cli: Callable[[list[str]], Result], key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (block,) = [b for b in readme_blocks() if b.key == key]
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)
    SETUPS[key]()
    for step in block.steps:
        args, redirect = arguments(step.command)
        if args[0] != "cjm":
            assert shlex.join(args) in NOT_RUN and not step.shown, f"not a cjm command: {step.command}"
            continue
        if IMAGE_FORMATS & set(args) and shutil.which("dot") is None:
            continue  # image formats need Graphviz
        result = cli(args[1:])
        out = result.out
        if redirect is not None:
            Path(redirect).write_text(out, encoding="utf-8")
            out = ""
        if not step.shown:
            assert result.code == 0, f"$ {step.command}\n{result.err}"
            continue
        # a terminal shows both streams; cjm's notes (render's summary) go to stderr
        actual = [line.rstrip() for line in (out + result.err).splitlines()]
        assert matches(step.shown, actual), (
            f"$ {step.command}\n--- README shows:\n" + "\n".join(step.shown) + "\n--- cjm prints:\n" + "\n".join(actual)
        )


def test_every_path_of_this_repository_the_readme_names_exists() -> None:
    """The layout the README describes (Development) is the one in the repository: no module left behind."""
    readme = README.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:cjm|tests|schemas|scripts|benchmarks|examples|\.ci)/[\w./-]*)`", readme))
    assert {"cjm/inputs.py", "cjm/cli/app.py", "cjm/codes.py"} <= named, "the Development section names the layout"
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"the README names files that do not exist: {missing}"
