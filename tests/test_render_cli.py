"""`cjm render` on the command line: outputs, naming, index, errors (exit 2 before writing),
--persona, --lang, --template (sandboxed), --metrics, --stamp, missing Graphviz, progress."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SMALL = FIXTURES / "render_small.yaml"
HOSTILE = FIXTURES / "render_hostile.yaml"
HAS_DOT = shutil.which("dot") is not None


def test_html_to_stdout_by_default(cli) -> None:
    result = cli(["render", str(SMALL)])
    assert result.code == 0, result.err
    assert result.out.startswith("<!DOCTYPE html>") and "Coffee subscription" in result.out
    assert result.err == ""


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("dot", "digraph journey {"), ("mermaid", "journey\n"), ("markdown", "# Coffee subscription")],
)
def test_text_formats(cli, fmt: str, start: str) -> None:
    result = cli(["render", str(SMALL), "--format", fmt])
    assert result.code == 0, result.err
    assert result.out.startswith(start)


def test_output_file_and_directory(cli, tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    assert cli(["render", str(SMALL), "-o", str(target)]).code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli(["render", str(SMALL), "-f", "markdown", "-o", str(tmp_path)]).code == 0
    assert (tmp_path / "coffee-subscription.md").is_file()
    assert not (tmp_path / "index.html").exists(), "one input: no index"
    assert not list(tmp_path.glob(".*.tmp")), "atomic writes leave no temporary files"
    # a trailing slash names a directory, created when missing, as for several journeys
    assert cli(["render", str(SMALL), "-o", f"{tmp_path}/new/maps/"]).code == 0
    assert (tmp_path / "new" / "maps" / "coffee-subscription.html").is_file()


@pytest.mark.parametrize(
    "command",
    [["render", str(SMALL), "-f", "mermaid"], ["lint", str(SMALL)], ["schema"], ["diff", str(SMALL), str(SMALL)]],
)
def test_dash_output_is_stdout(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    to_dash = cli([*command, "-o", "-"])
    assert to_dash.code == 0, to_dash.err
    assert to_dash.out == cli(command).out != ""
    assert list(tmp_path.iterdir()) == [], "no file called '-'"


def test_several_inputs_give_one_file_each_and_an_index(cli, tmp_path: Path) -> None:
    out = tmp_path / "maps"
    result = cli(["render", str(SMALL), str(HOSTILE), "-o", str(out)])
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["coffee-subscription.html", "hostile.html", "index.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="coffee-subscription.html"' in index and 'href="hostile.html"' in index
    assert "End-to-end health" in index and "12.5" in index  # the hostile journey's weakest stage
    # the coffee journey has a stage without data: its end-to-end health is not measured, never "good"
    coffee = index.split('href="coffee-subscription.html"', 1)[1].split("</li>", 1)[0]
    assert "not measured" in coffee and "good" not in coffee
    assert "rendered 2 journeys" in result.err
    assert "\r" not in result.err, "no progress bar when stderr is not a terminal"
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "j.yaml").write_bytes(SMALL.read_bytes())
    one = cli(["render", str(tmp_path / "one"), "-o", str(tmp_path / "one-out")])
    assert one.code == 0 and "cjm: rendered 1 journey to " in one.err


def test_a_directory_renders_every_journey(cli, tmp_path: Path) -> None:
    source = tmp_path / "journeys"
    source.mkdir()
    shutil.copy(SMALL, source / "a.yaml")
    (source / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli(["render", str(source), "-f", "mermaid", "-o", str(out), "-q"])
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["coffee-subscription.mmd", "index.html"]
    assert result.err == ""


def test_the_examples_render_like_make_demo(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli(["render", str(EXAMPLES), "-o", str(out)])
    assert result.code == 0, result.err
    names = sorted(p.name for p in out.iterdir())
    assert "index.html" in names and len(names) == len(list(EXAMPLES.glob("*.yaml"))) + 1


def test_same_output_twice_is_byte_identical(cli, tmp_path: Path) -> None:
    first, second = tmp_path / "1", tmp_path / "2"
    for out in (first, second):
        assert cli(["render", str(SMALL), str(HOSTILE), "-f", "markdown", "-o", str(out)]).code == 0
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes()


def test_duplicate_ids_stop_before_anything_is_written(cli, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copy(SMALL, copy)
    out = tmp_path / "out"
    result = cli(["render", str(SMALL), str(copy), "-o", str(out)])
    assert result.code == 2
    assert "CJM004" in result.err and "coffee-subscription" in result.err  # SPEC §2.1: one id per journey in a run
    assert result.err.count("\n") == 2 and not out.exists()


def test_a_journey_called_index_is_refused(cli, tmp_path: Path) -> None:
    named = tmp_path / "index.yaml"
    named.write_text(SMALL.read_text(encoding="utf-8").replace("id: coffee-subscription", "id: index"), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = cli(["render", str(named), str(SMALL), "-o", str(out)])
    assert result.code == 2 and "index" in result.err
    assert list(out.iterdir()) == []
    # "before anything is written": not even the output directory
    assert cli(["render", str(named), str(SMALL), "-o", f"{tmp_path}/new/dir/"]).code == 2
    assert not (tmp_path / "new").exists()


def test_several_journeys_need_a_directory(cli, tmp_path: Path) -> None:
    result = cli(["render", str(SMALL), str(HOSTILE)])
    assert result.code == 2 and "-o DIR" in result.err
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert cli(["render", str(SMALL), str(HOSTILE), "-o", str(afile)]).code == 2


def test_never_writes_over_an_input(cli, tmp_path: Path) -> None:
    source = tmp_path / "coffee-subscription.html"
    shutil.copy(SMALL, source)
    before = source.read_bytes()
    result = cli(["render", str(source), "-o", str(source)])
    assert result.code == 2 and "input" in result.err
    assert source.read_bytes() == before
    result = cli(["render", str(source), "-o", str(tmp_path)])  # <id>.html is the input itself
    assert result.code == 2 and source.read_bytes() == before


def test_invalid_journey_is_exit_2_with_its_position(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cjm: 1\nid: x\ntitle: X\nstages: []\ntouchpoints: []\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli(["render", str(bad), str(SMALL), "-o", str(out)])
    assert result.code == 2
    assert f"{bad.as_posix()}:4:" in result.err and "CJM002" in result.err
    assert not out.exists()


def test_missing_input_is_exit_2(cli) -> None:
    result = cli(["render", "no/such/file.yaml"])
    assert result.code == 2 and "no such file" in result.err


def test_persona(cli) -> None:
    result = cli(["render", str(SMALL), "--persona", "commuter", "-f", "markdown"])
    assert result.code == 0, result.err
    assert "**Persona view:** Busy commuter" in result.out
    assert "Gift card" not in result.out and "Gift buyer" not in result.out
    unknown = cli(["render", str(SMALL), "--persona", "nobody"])
    assert unknown.code == 2 and "no persona 'nobody'" in unknown.err and "commuter, gifter" in unknown.err


def test_lang_overrides_the_journey_language(cli) -> None:
    result = cli(["render", str(SMALL), "--lang", "sv"])
    assert result.code == 0
    assert 'lang="sv"' in result.out and "Handlingsplan" in result.out and "Kundresekarta" in result.out
    assert cli(["render", str(SMALL), "--lang", "de"]).code == 2


def test_journey_text_keeps_its_language_under_other_labels(cli, tmp_path: Path) -> None:
    # Danish text on a page with English labels: a screen reader must still read it as Danish.
    danish = EXAMPLES / "da-broadband-self-install.yaml"
    page = cli(["render", str(danish), "--lang", "en"]).out
    assert page.count('<html lang="en">') == 1
    assert '<h1><span lang="da">Selvinstallation af bredbånd' in page
    assert '<h3><span lang="da">' in page and '<td><span lang="da">' in page
    assert '</svg><span lang="da">' in page, "channels too"
    assert '<ul class="tags" aria-label="Tags"><li><span lang="da">' in page, "tags"
    assert '<p class="tps"><span lang="da">' in page, "the touchpoints an insight names"
    assert '<span><span lang="da">' in page, "the actions under a key moment"
    assert '<caption class="sr-only"><span lang="da">' in page
    same = cli(["render", str(danish)]).out
    assert '<html lang="da">' in same and '<span lang="da">' not in same, "one language: no extra markup"
    assert cli(["render", str(danish), str(SMALL), "--lang", "en", "-o", str(tmp_path)]).code == 0
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<a href="broadband-self-install.html" lang="da">Selvinstallation' in index
    assert '<a href="coffee-subscription.html">Coffee' in index


def test_template_override(cli, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_footer.html.j2").write_text(
        '<footer class="mine">Prepared for {{ view.title }} by ACME</footer>\n', encoding="utf-8"
    )
    result = cli(["render", str(HOSTILE), "--template", str(templates)])
    assert result.code == 0, result.err
    assert '<footer class="mine">Prepared for &lt;script&gt;' in result.out, "autoescape stays on"
    assert "Made with cjm" not in result.out
    assert "<main" in result.out, "the other templates come from the package"


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ view.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.system('touch /tmp/cjm-pwned') }}",
        "{% for x in view.touchpoints %}{{ x.__class__ }}{% endfor %}{{ undefined_name.attr }}",
        "{{ view.tags.append('x') }}",
        "{% include '/etc/passwd' %}",
        "{{ unclosed",
        "{% extends 'journey.html.j2' %}",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "{% for i in range(10**9) %}x{% endfor %}",
        '{{ "x" * 10**10 }}',
        "{{ [0] * 10**9 }}",
        "{% set n = 10 %}{{ n ** 100000000 }}",
        "{% for a in range(3000) %}{% for b in range(3000) %}{{ 'x' * 100 }}{% endfor %}{% endfor %}",
    ],
)
def test_a_template_cannot_run_code(cli, tmp_path: Path, body: str) -> None:
    templates = tmp_path / "evil"
    templates.mkdir()
    (templates / "journey.html.j2").write_text(body, encoding="utf-8")
    result = cli(["render", str(SMALL), "--template", str(templates)])
    assert result.code == 2, result.out
    assert result.err.startswith("cjm: error: ") and result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert not Path("/tmp/cjm-pwned").exists()


def _can_limit_memory() -> bool:
    """Linux, with no hard address-space limit already set (the child lowers its own)."""
    try:
        import resource
    except ImportError:
        return False
    return Path("/proc/self/statm").exists() and resource.getrlimit(resource.RLIMIT_AS)[1] == resource.RLIM_INFINITY


@pytest.mark.skipif(not _can_limit_memory(), reason="memory confinement needs Linux and no hard RLIMIT_AS")
@pytest.mark.parametrize(
    ("body", "refusal"),
    [
        # a range looped inside itself: a billion steps, cheap to write
        ("{% set r = range(1000) %}{% for i in r %}{% for j in r %}{% for k in r %}"
         "{% endfor %}{% endfor %}{% endfor %}", "took longer than 3 s"),
        # gigabytes asked for in one step (more than any test process already holds)
        ("{{ ''.ljust(4000000000) | length }}", "needs more memory than it may use"),
        ("{{ '{:4000000000}'.format(1) | length }}", "needs more memory than it may use"),
        ("{% set a = 'x' * 1000000 %}{{ ([a] * 4000) | join | length }}", "memory"),
        ("{{ ([1] | batch(1000000000, 0) | list)[0] | length }}", "memory"),
    ],
)  # fmt: skip
def test_a_template_cannot_exhaust_time_or_memory(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, refusal: str
) -> None:
    import cjm.render.confine

    monkeypatch.setattr(cjm.render.confine, "SECONDS", 3)
    monkeypatch.setattr(cjm.render.confine, "MEMORY_BYTES", 256 * 1024 * 1024)
    (tmp_path / "journey.html.j2").write_text(body, encoding="utf-8")
    result = cli(["render", str(SMALL), "--template", str(tmp_path)])
    assert result.code == 2, result.err
    assert result.err.startswith("cjm: error: ") and refusal in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "ok\n\n{{ view.nosuch.deeper }}\n",
            "_footer.html.j2:3: 'cjm.render.view.JourneyView object' has no attribute",
        ),
        ("{{ ''.__class__ }}", "_footer.html.j2:1: access to attribute '__class__' of 'str' object is unsafe"),
        ("\n{% include 'nowhere.j2' %}", "_footer.html.j2:2: no template 'nowhere.j2' to include"),
        ("{{ 1 + 'a' }}", "_footer.html.j2:1: TypeError: unsupported operand type(s) for +: 'int' and 'str'"),
        ("\n{{ view.counts.touchpoints / 0 }}", "_footer.html.j2:2: ZeroDivisionError: division by zero"),
        (
            "{% for i in range(700) %}{{ 'x' * 100000 }}{% endfor %}",
            "journey.html.j2: the page grew past 64 MB; refused\n",
        ),
    ],
)
def test_template_errors_name_the_file_and_line_at_fault(cli, tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "_footer.html.j2").write_text(body, encoding="utf-8")
    result = cli(["render", str(SMALL), "--template", str(tmp_path)])
    assert result.code == 2
    assert result.err.startswith(
        f"cjm: error: {tmp_path.as_posix()}/{message}" if "footer" in message else "cjm: error: "
    )
    assert message in result.err and result.err.count("\n") == 1
    assert "TemplateProblem" not in result.err, "one message, not wrapped in another"


def test_a_template_directory_cannot_reach_files_outside_it(cli, tmp_path: Path, monkeypatch) -> None:
    # git keeps symlinks: a pull request could link /proc/self/environ into its templates.
    monkeypatch.setenv("CJM_SECRET_FOR_TEST", "hunter2")
    templates = tmp_path / "pr"
    templates.mkdir()
    (templates / "env.txt").symlink_to("/proc/self/environ")
    (templates / "root").symlink_to("/")
    (templates / "_footer.html.j2").write_text('{% include "env.txt" %}\n', encoding="utf-8")
    result = cli(["render", str(SMALL), "--template", str(templates)])
    assert result.code == 2 and "hunter2" not in result.out + result.err
    assert "no template 'env.txt' to include" in result.err
    (templates / "_footer.html.j2").write_text('{% include "root/etc/hostname" %}\n', encoding="utf-8")
    assert "no template 'root/etc/hostname'" in cli(["render", str(SMALL), "--template", str(templates)]).err
    (templates / "_footer.html.j2").write_text('{% include "../outside.j2" %}\n', encoding="utf-8")
    (tmp_path / "outside.j2").write_text("OUTSIDE", encoding="utf-8")
    assert "OUTSIDE" not in cli(["render", str(SMALL), "--template", str(templates)]).out
    # hidden files inside (a checkout's .git/config holds the CI token) are no templates either
    (templates / ".git").mkdir()
    (templates / ".git" / "config").write_text("TOKEN", encoding="utf-8")
    (templates / "_footer.html.j2").write_text('{% include ".git/config" %}\n', encoding="utf-8")
    hidden = cli(["render", str(SMALL), "--template", str(templates)])
    assert hidden.code == 2 and "TOKEN" not in hidden.out + hidden.err
    # nor is a template directory that is a link (to `.`, it would make the repository "inside")
    (tmp_path / "linked").symlink_to(templates)
    for given in (str(tmp_path / "linked"), f"{tmp_path / 'linked'}/"):
        linked = cli(["render", str(SMALL), "--template", given])
        assert linked.code == 2 and linked.err.endswith("a symbolic link; give the directory it points to\n")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('{{ "x".encode("\\n::error title=Forged::ok\\n\\x1b[2J") }}', "\\n::error title=Forged::ok"),
        ('{{ "\\ud800" }}', "not valid Unicode"),
    ],
)
def test_a_template_cannot_forge_or_garble_output(cli, tmp_path: Path, body: str, words: str) -> None:
    (tmp_path / "journey.html.j2").write_text(body, encoding="utf-8")
    result = cli(["render", str(SMALL), "--template", str(tmp_path)])
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "\x1b" not in result.err and words in result.err


def test_template_dir_must_exist(cli, tmp_path: Path) -> None:
    result = cli(["render", str(SMALL), "--template", str(tmp_path / "nope")])
    assert result.code == 2 and "--template" in result.err


def test_metrics_overlay(cli, tmp_path: Path) -> None:
    csv = tmp_path / "q4.csv"
    csv.write_text("touchpoint;drop_off;complaints\nad;0,01;0\n", encoding="utf-8")
    plain = cli(["render", str(SMALL), "-f", "markdown"]).out
    result = cli(["render", str(SMALL), "-f", "markdown", "--metrics", str(csv)])
    assert result.code == 0, result.err
    assert "Metrics q4.csv `sha256:" in result.out and plain != result.out
    html = cli(["render", str(SMALL), "--metrics", str(csv)]).out
    assert "Drop-off <b>1%</b>" in html
    bad = tmp_path / "bad.csv"
    bad.write_text("touchpoint,volume\nnope,1\n", encoding="utf-8")
    result = cli(["render", str(SMALL), "--metrics", str(bad)])
    assert result.code == 2 and "bad.csv:2" in result.err


def test_footer_has_a_source_hash_and_no_commit_without_stamp(cli) -> None:
    from cjm.render.provenance import short_hash

    out = cli(["render", str(SMALL)]).out
    assert f"sha256:{short_hash(SMALL.read_text(encoding='utf-8'))}" in out
    assert "Commit" not in out


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_stamp_adds_the_files_last_commit(cli, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-05-04T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-05-04T10:00:00+00:00",
    }

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
        return done.stdout.strip()

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "Test")
    journey = repo / "j.yaml"
    shutil.copy(SMALL, journey)
    git("add", "j.yaml")
    git("commit", "-q", "-m", "map")
    commit = git("log", "-1", "--format=%h")
    first = cli(["render", str(journey), "--stamp", "-f", "markdown"])
    assert first.code == 0, first.err
    assert f"Commit `{commit}` (2026-05-04)" in first.out and "local changes" not in first.out
    assert first.out == cli(["render", str(journey), "--stamp", "-f", "markdown"]).out
    journey.write_text(SMALL.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert "with local changes" in cli(["render", str(journey), "--stamp", "-f", "markdown"]).out
    assert "Commit" not in cli(["render", str(journey), "-f", "markdown"]).out


def test_stdin(cli) -> None:
    result = cli(["render", "-", "-f", "mermaid"], stdin=SMALL.read_text(encoding="utf-8"))
    assert result.code == 0 and result.out.startswith("journey\n")


def test_image_formats_without_graphviz_are_exit_2_with_a_hint(cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = cli(["render", str(SMALL), "-f", "svg", "-o", str(tmp_path / "x.svg")])
    assert result.code == 2
    assert result.err.count("\n") == 1 and "install Graphviz" in result.err
    assert not (tmp_path / "x.svg").exists()
    assert cli(["render", str(SMALL), "-f", "dot"]).code == 0
    assert cli(["render", str(SMALL)]).code == 0


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed (scripts/test-deps.sh)")
@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_image_formats(cli, tmp_path: Path, fmt: str, magic: bytes) -> None:
    target = tmp_path / f"map.{fmt}"
    result = cli(["render", str(SMALL), "-f", fmt, "-o", str(target)])
    assert result.code == 0, result.err
    data = target.read_bytes()
    assert data.startswith(magic)
    assert cli(["render", str(SMALL), "-f", fmt, "-o", str(target)]).code == 0
    assert target.read_bytes() == data, "deterministic, PDF dates included"


def test_dot_output_parses_in_graphviz(tmp_path: Path) -> None:
    """Every DOT output (fixtures, examples, persona views) is accepted by Graphviz `dot`."""
    if not HAS_DOT:
        pytest.skip("Graphviz dot not installed (scripts/test-deps.sh)")
    from cjm.config import DEFAULT
    from cjm.load import load_journey
    from cjm.render.build import build_view
    from cjm.render.dot import render_dot
    from cjm.render.view import Provenance

    sources = [SMALL, HOSTILE, *sorted(EXAMPLES.glob("*.yaml"))]
    for path in sources:
        journey = load_journey(str(path)).journey
        assert journey is not None
        personas = [None, *(p.id for p in journey.personas)]
        for persona in personas:
            view = build_view(journey, DEFAULT.score, provenance=Provenance("x"), persona=persona)
            done = subprocess.run(
                ["dot", "-Tcanon"], input=render_dot(view).encode("utf-8"), capture_output=True, check=False
            )
            assert done.returncode == 0 and not done.stderr, (path.name, persona, done.stderr)


def test_progress_bar_only_on_a_terminal() -> None:
    from cjm.cli.render import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    bar = Progress(enabled=True, stream=stream)
    bar.step(1, 2, "first")
    bar.step(2, 2, "second")
    bar.done()
    text = stream.getvalue()
    assert "1/2 first" in text and "2/2 second" in text and "[" + "#" * Progress.WIDTH + "]" in text
    assert text.endswith("\r")
    quiet = io.StringIO()
    Progress(enabled=True, stream=quiet).step(1, 2, "x")
    assert quiet.getvalue() == ""


def test_binary_output_is_not_written_to_a_terminal(cli, monkeypatch) -> None:
    if not HAS_DOT:
        pytest.skip("Graphviz dot not installed")
    import sys

    result = None

    class TtyOut(io.StringIO):
        def isatty(self) -> bool:
            return True

    from cjm.cli import main

    out, err = TtyOut(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(SystemExit) as exc:
        main(["render", str(SMALL), "-f", "png"])
    result = exc.value.code
    assert result == 2 and "-o FILE" in err.getvalue()


class TtyOut(io.StringIO):
    """Standard output that is a terminal."""

    def isatty(self) -> bool:
        return True


def render_to_a_terminal(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[int, str, str]:
    """Run `cjm render ARGS` with standard output on a terminal: exit code, stdout, stderr."""
    from cjm.cli import main

    out, err = TtyOut(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(SystemExit) as exc:
        main(["render", *args])
    monkeypatch.undo()
    return exc.value.code if isinstance(exc.value.code, int) else 0, out.getvalue(), err.getvalue()


def test_the_html_handout_is_not_dumped_into_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = render_to_a_terminal(monkeypatch, [str(SMALL)])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "-o handouts/" in err, err


def test_dash_o_dash_prints_the_handout_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = render_to_a_terminal(monkeypatch, [str(SMALL), "-o", "-"])
    assert (code, err) == (0, "")
    assert out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fmt", ["markdown", "mermaid", "dot"])
def test_text_formats_still_print_to_a_terminal(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    code, out, _ = render_to_a_terminal(monkeypatch, [str(SMALL), "-f", fmt])
    assert code == 0 and out


def test_a_piped_handout_is_written(cli) -> None:
    result = cli(["render", str(SMALL)])  # standard output is not a terminal
    assert result.code == 0 and result.out.startswith("<!DOCTYPE html>")


def test_version_does_not_import_render_dependencies() -> None:
    code = (
        "import sys; from cjm.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "assert 'jinja2' not in sys.modules and 'graphviz' not in sys.modules, sorted(sys.modules)"
    )
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_packaged_templates_run_unchanged_in_the_sandbox(cli, tmp_path: Path) -> None:
    """An empty override directory switches to the sandbox: the handout stays byte-identical."""
    empty = tmp_path / "empty"
    empty.mkdir()
    for source in (SMALL, HOSTILE):
        plain = cli(["render", str(source)])
        sandboxed = cli(["render", str(source), "--template", str(empty)])
        assert plain.code == sandboxed.code == 0
        assert plain.out == sandboxed.out


def test_an_override_can_extend_the_template_it_replaces(cli, tmp_path: Path) -> None:
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "journey.html.j2").write_text(
        '{% extends "cjm/journey.html.j2" %}{% block title %}ACME · {{ super() }}{% endblock %}', encoding="utf-8"
    )
    result = cli(["render", str(SMALL), "--template", str(templates)])
    assert result.code == 0, result.err
    assert "<title>ACME · Coffee subscription - first month · Customer journey map</title>" in result.out


def test_a_directory_without_journeys_is_exit_2(cli, tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    result = cli(["render", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.code == 2 and "no journeys found" in result.err
    assert not (tmp_path / "out").exists()


def test_an_unknown_persona_is_exit_2_before_anything_is_written(cli, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = cli(["render", str(SMALL), "--persona", "nobody", "-o", str(out)])
    assert result.code == 2
    assert "has no persona 'nobody'" in result.err and result.err.count("\n") == 1
    assert not out.exists()


def test_the_handout_shows_the_v2_figures_in_customers(cli, tmp_path: Path) -> None:
    """Scoring model v2 in the handout: customers at stake and delighted per period, bands, the weakest link."""
    out = tmp_path / "small.html"
    assert cli(["render", str(SMALL), "-o", str(out)]).code == 0
    html = out.read_text(encoding="utf-8")
    assert "At stake <b>≈\u00a02,430</b>" in html  # the checkout: 4,000 × 60.6 %
    assert "Delighted <b>≈\u00a028,100</b>" in html  # the ad: 50,000 × 56.25 %
    assert "≈\u00a02,430 customers per month" in html  # its key moment, with unit and period
    assert "Customers</dt><dd>50,000 per month" in html
    assert "Pain score" not in html and "Reach-weighted" not in html
    da = tmp_path / "da.html"
    assert cli(["render", str(SMALL), "--lang", "da", "-o", str(da)]).code == 0
    assert "kunder pr. måned" in da.read_text(encoding="utf-8")
    md = cli(["render", str(SMALL), "-f", "markdown"]).out
    assert "2,430 customers per month" in md and "**not measured**" in md
