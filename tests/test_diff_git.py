"""`cjm diff` with git: `REV:PATH` objects and `--git BASE [PATHS...]` on a repository built in the test."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = (FIXTURES / "diff_old.yaml").read_text(encoding="utf-8")
NEW = (FIXTURES / "diff_new.yaml").read_text(encoding="utf-8")
SMALL = (
    "cjm: 1\nid: {id}\ntitle: {title}\nstages: [{{id: s, name: S}}]\ntouchpoints: [{{id: t, stage: s, emotion: 1}}]\n"
)


def git(repo: Path, *args: str) -> str:
    """Run git in the test repository with a fixed identity and no user configuration."""
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit (tag `base`) holds two journeys, a non-journey and a hidden one."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    (root / "journeys").mkdir(parents=True)
    (root / ".hidden").mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "journeys" / "claim.yaml").write_text(OLD, encoding="utf-8")
    (root / "journeys" / "trip.yaml").write_text(SMALL.format(id="trip", title="Trip"), encoding="utf-8")
    (root / "journeys" / "gone.yaml").write_text(SMALL.format(id="gone", title="Gone"), encoding="utf-8")
    (root / "settings.yaml").write_text("colour: blue\n", encoding="utf-8")
    (root / ".hidden" / "j.yaml").write_text(SMALL.format(id="hidden", title="Hidden"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "tag", "base")
    monkeypatch.chdir(root)
    return root


def pairs(result_out: str) -> list[tuple[str, str | None, str | None]]:
    data = json.loads(result_out)
    return [(d["new"]["ref"], d["old"]["id"], d["new"]["id"]) for d in data["diffs"]]


def test_rev_path_on_both_sides_equals_the_file_diff(cli, repo: Path) -> None:
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "new version")
    from_git = cli(["diff", "base:journeys/claim.yaml", "HEAD:journeys/claim.yaml", "--format", "json"])
    assert from_git.code == 0, from_git.err
    (repo / "old.yaml").write_text(OLD, encoding="utf-8")
    from_files = cli(["diff", "old.yaml", "journeys/claim.yaml", "--format", "json"])
    git_diff, file_diff = json.loads(from_git.out)["diffs"][0], json.loads(from_files.out)["diffs"][0]
    assert git_diff["changes"] == file_diff["changes"] and git_diff["changes"]
    assert git_diff["drift"] == file_diff["drift"]
    assert git_diff["old"]["ref"] == "base:journeys/claim.yaml"


def test_rev_path_against_the_working_tree(cli, repo: Path) -> None:
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    result = cli(["diff", "HEAD:journeys/claim.yaml", "journeys/claim.yaml", "--fail-on", "new-pain"])
    assert result.code == 1 and "FAILED new-pain" in result.out


def test_nothing_is_checked_out_or_written(cli, repo: Path) -> None:
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    before = (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD"), git(repo, "worktree", "list"))
    cli(["diff", "base:journeys/claim.yaml", "journeys/claim.yaml"])
    cli(["diff", "--git", "base"])
    after = (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD"), git(repo, "worktree", "list"))
    assert before == after
    assert (repo / "journeys" / "claim.yaml").read_text(encoding="utf-8") == NEW


def test_unknown_revision_is_exit_2(cli, repo: Path) -> None:
    result = cli(["diff", "nosuchrev:journeys/claim.yaml", "journeys/claim.yaml"])
    assert result.code == 2
    assert result.err == "cjm: error: nosuchrev:journeys/claim.yaml: unknown revision 'nosuchrev'\n"
    assert cli(["diff", "--git", "nosuchrev"]).code == 2


@pytest.mark.parametrize("rev", ["--output=pwned.txt", "-p", "--exec=touch pwned.txt", "HEAD --output=pwned.txt"])
def test_a_revision_never_becomes_a_git_option(cli, repo: Path, rev: str) -> None:
    result = cli(["diff", "--", f"{rev}:journeys/claim.yaml", "journeys/claim.yaml"])
    assert result.code == 2 and "unknown revision" in result.err
    as_base = cli(["diff", f"--git={rev}"])
    assert as_base.code == 2 and "unknown revision" in as_base.err
    assert not (repo / "pwned.txt").exists()


def test_old_missing_at_revision_is_an_empty_journey(cli, repo: Path) -> None:
    (repo / "journeys" / "new.yaml").write_text(NEW, encoding="utf-8")
    result = cli(["diff", "HEAD:journeys/new.yaml", "journeys/new.yaml", "--format", "json"])
    assert result.code == 0, result.err
    data = json.loads(result.out)["diffs"][0]
    assert data["old"] == {"ref": "HEAD:journeys/new.yaml", "id": None}
    assert data["changes"][0]["op"] == "added"
    assert "not at that revision; compared as an empty journey" in result.err


def test_new_missing_at_revision_is_exit_2(cli, repo: Path) -> None:
    result = cli(["diff", "HEAD:journeys/claim.yaml", "HEAD:journeys/nope.yaml"])
    assert result.code == 2 and "no such file at that revision" in result.err


def test_invalid_old_at_revision_is_an_empty_journey(cli, repo: Path) -> None:
    (repo / "journeys" / "trip.yaml").write_text("cjm: 1\nid: trip\ntitle: [broken\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "break it")
    (repo / "journeys" / "trip.yaml").write_text(SMALL.format(id="trip", title="Trip"), encoding="utf-8")
    result = cli(["diff", "HEAD:journeys/trip.yaml", "journeys/trip.yaml"])
    assert result.code == 0
    assert "note: OLD is not a valid journey (HEAD:journeys/trip.yaml:4:1: CJM001" in result.out


def test_a_directory_at_a_revision_is_exit_2(cli, repo: Path) -> None:
    result = cli(["diff", "HEAD:journeys", "journeys/claim.yaml"])
    assert result.code == 2 and "is a directory" in result.err


def test_outside_a_repository(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = cli(["diff", "--git", "HEAD"])
    assert result.code == 2 and "not inside a git repository" in result.err


def test_git_mode_finds_every_kind_of_change(cli, repo: Path) -> None:
    # committed change
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "claim v2")
    # staged new file, untracked new file, unstaged modification, deleted file
    (repo / "journeys" / "staged.yaml").write_text(SMALL.format(id="staged", title="Staged"), encoding="utf-8")
    git(repo, "add", "journeys/staged.yaml")
    (repo / "journeys" / "untracked.yaml").write_text(SMALL.format(id="untracked", title="U"), encoding="utf-8")
    (repo / "journeys" / "trip.yaml").write_text(SMALL.format(id="trip", title="Trip v2"), encoding="utf-8")
    (repo / "journeys" / "gone.yaml").unlink()
    # not journeys, or not where a directory walk looks
    (repo / "settings.yaml").write_text("colour: red\n", encoding="utf-8")
    (repo / ".hidden" / "j.yaml").write_text(SMALL.format(id="hidden", title="Hidden v2"), encoding="utf-8")
    (repo / "notes.md").write_text("cjm: 1\n", encoding="utf-8")
    result = cli(["diff", "--git", "base", "--format", "json", "--fail-on", "removed-touchpoint"])
    assert result.code == 1, result.err
    assert pairs(result.out) == [
        ("journeys/claim.yaml", "home-insurance-claim", "home-insurance-claim"),
        ("journeys/gone.yaml", "gone", None),
        ("journeys/staged.yaml", None, "staged"),
        ("journeys/trip.yaml", "trip", "trip"),
        ("journeys/untracked.yaml", None, "untracked"),
    ]
    data = json.loads(result.out)
    gone = data["diffs"][1]
    assert gone["old"]["ref"] == "base:journeys/gone.yaml"
    assert [c["op"] for c in gone["changes"]] == ["removed", "removed", "removed"]
    assert gone["failed"] == ["removed-touchpoint"]
    trip = data["diffs"][3]
    assert trip["changes"] == [
        {"kind": "journey", "id": "trip", "op": "modified", "fields": {"title": {"old": "Trip", "new": "Trip v2"}}}
    ]


def test_git_mode_pathspecs_limit_the_search(cli, repo: Path) -> None:
    (repo / "journeys" / "trip.yaml").write_text(SMALL.format(id="trip", title="Trip v2"), encoding="utf-8")
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    result = cli(["diff", "--git", "base", "journeys/trip.yaml", "--format", "json"])
    assert [p[0] for p in pairs(result.out)] == ["journeys/trip.yaml"]


def test_git_mode_from_a_subdirectory(cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "journeys" / "trip.yaml").write_text(SMALL.format(id="trip", title="Trip v2"), encoding="utf-8")
    monkeypatch.chdir(repo / "journeys")
    result = cli(["diff", "--git", "base", "--format", "json"])
    assert [p[0] for p in pairs(result.out)] == ["trip.yaml"]
    assert json.loads(result.out)["diffs"][0]["old"]["ref"] == "base:journeys/trip.yaml"


def test_git_mode_follows_a_moved_file(cli, repo: Path) -> None:
    git(repo, "mv", "journeys/trip.yaml", "journeys/train-trip.yaml")
    result = cli(["diff", "--git", "base", "--format", "json"])
    data = json.loads(result.out)["diffs"]
    assert [(d["old"]["ref"], d["new"]["ref"], d["changes"]) for d in data] == [
        ("base:journeys/trip.yaml", "journeys/train-trip.yaml", [])
    ]


def test_git_mode_never_follows_a_symlink_out_of_the_repository(cli, repo: Path, tmp_path: Path) -> None:
    # A pull request must not make CI read (and post) a file from elsewhere on the runner.
    secret = tmp_path / "secret.yaml"
    secret.write_text(SMALL.format(id="secret", title="TOPSECRET"), encoding="utf-8")
    (repo / "journeys" / "link.yaml").symlink_to(secret)
    (repo / "journeys" / "trip.yaml").unlink()
    (repo / "journeys" / "trip.yaml").symlink_to(secret)
    (repo / "journeys" / "inside.yaml").symlink_to(repo / "journeys" / "gone.yaml")
    result = cli(["diff", "--git", "base", "--format", "json"])
    assert result.code == 0, result.err
    assert "TOPSECRET" not in result.out and "secret" not in result.out
    data = {d["new"]["ref"]: d for d in json.loads(result.out)["diffs"]}
    assert set(data) == {"journeys/trip.yaml", "journeys/inside.yaml"}  # link.yaml: no journey in the tree
    assert data["journeys/trip.yaml"]["new"]["id"] is None
    assert "NEW journeys/trip.yaml: a symbolic link out of the repository, not followed" in result.err
    assert data["journeys/inside.yaml"]["new"]["id"] == "gone"  # a link within the repository is read


def test_git_mode_with_nothing_changed(cli, repo: Path) -> None:
    result = cli(["diff", "--git", "base"])
    assert result.code == 0 and result.out == "No journey file changed since base.\n"
    markdown = cli(["diff", "--git", "base", "--format", "markdown"]).out
    assert "no journey file changed since `base`" in markdown
    assert json.loads(cli(["diff", "--git", "base", "--format", "json"]).out) == {
        "version": 1,
        "diffs": [],
        "failed": [],
    }


def test_git_mode_invalid_new_side_is_exit_2(cli, repo: Path) -> None:
    (repo / "journeys" / "trip.yaml").write_text("cjm: 1\nid: trip\ntitle: [broken\n", encoding="utf-8")
    result = cli(["diff", "--git", "base"])
    assert result.code == 2 and result.err.startswith("cjm: error: journeys/trip.yaml:4:1: CJM001")


def test_git_mode_summarises_several_journeys_in_markdown(cli, repo: Path) -> None:
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    (repo / "journeys" / "trip.yaml").write_text(SMALL.format(id="trip", title="Trip v2"), encoding="utf-8")
    result = cli(["diff", "--git", "base", "--format", "markdown", "--fail-on", "new-pain"])
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[1] == "### Journey diff: 2 journeys · 1 new pain point · 19 changes"
    assert "#### `home-insurance-claim`: health 48.7 → 27.5" in result.out
    assert "#### `trip`: health" in result.out
    # with several journeys, each failure says which journey it is about
    assert "- `home-insurance-claim`: new-pain: 1 new pain point: " in result.out


def readme_diff_commands() -> list[str]:
    """The `cjm diff` lines of the README's CI recipes."""
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("<!-- BEGIN ci -->", 1)[1].split("<!-- END ci -->", 1)[0]
    commands = []
    for line in section.splitlines():
        line = line.strip().removeprefix("- ")
        if line.startswith("cjm diff"):
            commands.append(line.split(" || ", 1)[0])
    return commands


def test_readme_ci_recipes_run_as_written(cli, repo: Path) -> None:
    import shlex

    commands = readme_diff_commands()
    assert len(commands) == 2  # GitHub Actions and GitLab CI
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "pull request")
    base = git(repo, "rev-parse", "base").strip()
    for command in commands:
        line = command.replace('"$BASE"', "base").replace('"$CI_MERGE_REQUEST_DIFF_BASE_SHA"', base)
        result = cli(shlex.split(line)[1:])
        assert result.code == 1, (command, result.err)  # the realistic pair brings a new pain point
        report = (repo / "journey-diff.md").read_text(encoding="utf-8")
        assert report.startswith("<!-- cjm-diff -->\n### `home-insurance-claim`: health 48.7 → 27.5")
        (repo / "journey-diff.md").unlink()


# --- SPEC §6: gates judge by the base -------------------------------------------------------------------------


def _commit_config(repo: Path, text: str, where: str = ".cjm.yaml") -> None:
    (repo / where).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "config")
    git(repo, "tag", "-f", "base")


def test_a_pull_request_cannot_loosen_its_own_stale_gate(cli, repo: Path) -> None:
    _commit_config(repo, "review_every_days: 180\n")
    late = ["diff", "--git", "base", "--fail-on", "stale", "--today", "2027-06-01", "journeys/claim.yaml"]
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    assert cli(late).code == 1, "NEW is stale under BASE's interval"
    (repo / ".cjm.yaml").write_text("review_every_days: 3650\nlint: {ignore: [stale-review]}\n", encoding="utf-8")
    loosened = cli(late)
    assert loosened.code == 1 and "FAILED stale" in loosened.out, "the pull request's own config does not judge"
    changes = json.loads(cli([*late, "-f", "json"]).out)["diffs"][0]["changes"]
    config = [c for c in changes if c["kind"] == "config"]
    assert config and config[0]["fields"]["review_every_days"] == {"old": 180, "new": 3650}
    suppressed = "# cjm: ignore-file[CJM105]\n" + NEW
    (repo / "journeys" / "claim.yaml").write_text(suppressed, encoding="utf-8")
    added = cli([*late, "-f", "json"])
    assert added.code == 1, "a suppression the pull request adds does not count for the gate"
    kinds = [(c["kind"], c["id"], c["op"]) for c in json.loads(added.out)["diffs"][0]["changes"]]
    assert ("suppression", "ignore-file[CJM105]", "added") in kinds


def test_the_shorter_review_interval_of_old_and_new_judges_stale(cli, repo: Path) -> None:
    late = ["diff", "--git", "base", "--fail-on", "stale", "--today", "2027-06-01", "journeys/claim.yaml"]
    longer = NEW.replace("review_every_days: 180", "review_every_days: 3650")
    (repo / "journeys" / "claim.yaml").write_text(longer, encoding="utf-8")
    assert cli(late).code == 1, "NEW's own longer interval does not pass the gate"
    assert cli(["lint", "journeys/claim.yaml", "--today", "2027-06-01", "--select", "CJM105"]).code == 0


def test_config_given_is_read_as_it_is_at_base(cli, repo: Path) -> None:
    _commit_config(repo, "review_every_days: 180\n", "ci.yaml")
    (repo / "ci.yaml").write_text("lint: {ignore: [stale-review]}\n", encoding="utf-8")
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    args = ["diff", "--git", "base", "--config", "ci.yaml", "--fail-on", "stale", "--today", "2027-06-01"]
    assert cli(args).code == 1


def test_an_invalid_base_config_gives_the_defaults_and_a_note(cli, repo: Path) -> None:
    _commit_config(repo, "score: {weights: {gap: 1}}\nnot_a_key: 1\n")
    (repo / ".cjm.yaml").write_text("review_every_days: 180\n", encoding="utf-8")
    (repo / "journeys" / "claim.yaml").write_text(NEW, encoding="utf-8")
    result = cli(["diff", "--git", "base", "-f", "json", "journeys/claim.yaml"])
    assert result.code == 0, result.err
    assert "the base's config is not valid" in result.err and "the gates use the defaults" in result.err


def test_a_health_that_becomes_not_measured_counts_as_a_drop_to_zero() -> None:
    from cjm.diff.gates import evaluate, parse_conditions
    from cjm.diff.report import Drift

    failed, reasons = evaluate(parse_conditions(["health-drop=5"]), (), Drift(health_old=60.0, health_new=None), None)
    assert failed == ("health-drop=5",) and "not measured, counted as 0" in reasons[0]
