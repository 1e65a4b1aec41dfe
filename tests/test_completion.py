"""Shell completion: the script for each shell, and what Tab completes (SPEC §5).

Completions are asked for the way the shell scripts ask: `_CJM_COMPLETE=complete_<shell>` with
the words typed so far in COMP_WORDS/COMP_CWORD (bash) or _TYPER_COMPLETE_ARGS (zsh, fish,
PowerShell). A real bash sources the script once, to show the whole path works.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, Result, run_cli

from cjm.cli import completion

DA = EXAMPLES / "da-broadband-self-install.yaml"  # personas: familie, hjemmearbejder, senior
SV = EXAMPLES / "sv-ebike-webshop.yaml"  # personas: ladcykelfamiljen, motionaren, pendlaren
BOTH = ("familie", "hjemmearbejder", "ladcykelfamiljen", "motionaren", "pendlaren", "senior")


def complete(monkeypatch: pytest.MonkeyPatch, shell: str, words: list[str]) -> Result:
    """What cjm answers when the shell completes the last of `words` (an empty string: a new word)."""
    with monkeypatch.context() as env:
        env.setenv("_CJM_COMPLETE", f"complete_{shell}")
        if shell == "bash":
            env.setenv("COMP_WORDS", " ".join(words))
            env.setenv("COMP_CWORD", str(len(words) - 1))
        else:
            env.setenv("_TYPER_COMPLETE_ARGS", " ".join(words))
            env.setenv("_TYPER_COMPLETE_WORD_TO_COMPLETE", words[-1])
            env.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
        return run_cli([])


def bash(monkeypatch: pytest.MonkeyPatch, *words: str) -> list[str]:
    result = complete(monkeypatch, "bash", ["cjm", *words])
    assert result.code == 0 and not result.err, result.err
    return result.out.split()


# --- the scripts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marks"),
    [
        ("bash", ["complete -o default -F _cjm_completion cjm", "_CJM_COMPLETE=complete_bash"]),
        ("zsh", ["#compdef cjm", "_CJM_COMPLETE=complete_zsh"]),
        ("fish", ["complete --command cjm", "_CJM_COMPLETE=complete_fish"]),
        ("powershell", ["Register-ArgumentCompleter", "complete_powershell"]),
        ("pwsh", ["Register-ArgumentCompleter", "complete_powershell"]),
    ],
)
def test_show_completion_prints_the_named_shells_script(cli, shell: str, marks: list[str]) -> None:
    result = cli(["--show-completion", shell])
    assert result.code == 0, result.err
    for mark in marks:
        assert mark in result.out, f"{shell}: {mark!r} missing from\n{result.out}"
    others = {"bash": "COMP_CWORD", "zsh": "compdef", "fish": "--command cjm"}
    for other, mark in others.items():
        if other != shell:
            assert mark not in result.out, f"--show-completion {shell} printed the {other} script"


def test_an_unknown_shell_is_refused(cli) -> None:
    result = cli(["--show-completion", "tcsh"])
    assert result.code == 2 and "tcsh" in result.err


def test_without_a_shell_named_the_running_shell_is_used(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(completion, "detected_shell", lambda: "fish")
    result = cli(["--show-completion"])
    assert result.code == 0 and "complete --command cjm" in result.out


def test_the_shell_is_detected_from_shell_when_shellingham_cannot_tell(monkeypatch: pytest.MonkeyPatch) -> None:
    import shellingham

    def cannot(*_args: object) -> tuple[str, str]:
        raise shellingham.ShellDetectionFailure()

    monkeypatch.setattr(shellingham, "detect_shell", cannot)
    monkeypatch.setenv("SHELL", "/usr/local/bin/zsh")
    assert completion.detected_shell() == "zsh"
    assert completion.with_detected_shell(["--install-completion"]) == ["--install-completion", "zsh"]
    assert completion.with_detected_shell(["lint", "--show-completion"]) == ["lint", "--show-completion"]
    monkeypatch.setenv("SHELL", "/bin/tcsh")
    assert completion.detected_shell() is None


def test_install_completion_writes_the_script_where_the_shell_reads_it(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    result = cli(["--install-completion", "bash"])
    assert result.code == 0, result.err
    script = tmp_path / ".bash_completions" / "cjm.sh"
    assert "_CJM_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")
    assert result.out == f"cjm: bash completion installed in {script}; it works in shells started from now on\n"


# --- what Tab completes ----------------------------------------------------------------------------


def test_commands_in_workflow_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash(monkeypatch, "") == ["init", "import", "lint", "score", "diff", "render", "export", "rules", "schema"]


def test_rule_codes_for_the_rules_command(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash(monkeypatch, "rules", "CJM11") == [f"CJM11{n}" for n in range(10)]
    assert bash(monkeypatch, "rules", "CJM00") == [f"CJM00{n}" for n in range(1, 7)]
    assert bash(monkeypatch, "rules", "no-") == ["no-owner", "no-evidence", "no-persona"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_rule_codes_for_select_and_ignore(monkeypatch: pytest.MonkeyPatch, option: str) -> None:
    assert bash(monkeypatch, "lint", "maps", option, "CJM10") == [f"CJM10{n}" for n in range(1, 10)]
    # after a comma: the next code, without those already listed
    assert bash(monkeypatch, "lint", option, "CJM110,CJM11") == [f"CJM110,CJM11{n}" for n in range(1, 10)]


def test_persona_ids_from_the_journeys_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash(monkeypatch, "score", str(DA), "--persona", "") == ["familie", "hjemmearbejder", "senior"]
    assert bash(monkeypatch, "render", str(DA), str(SV), "--persona", "") == [*BOTH]
    assert bash(monkeypatch, "render", "-f", "markdown", str(DA), "--persona", "f") == ["familie"]


def test_persona_ids_from_a_directory_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash(monkeypatch, "score", str(EXAMPLES), "--persona", "fa") == ["familie"]


def test_persona_ids_from_the_yaml_files_here_when_none_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shutil.copyfile(DA, tmp_path / "bredband.yaml")
    shutil.copyfile(SV, tmp_path / "cykel.yml")
    (tmp_path / "broken.yaml").write_text("personas: [{id: x\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("personas: 3\n", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- personas\n", encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "dir.yaml").mkdir()
    monkeypatch.chdir(tmp_path)
    assert bash(monkeypatch, "score", "--persona", "") == [*BOTH]


def test_persona_completion_never_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert bash(monkeypatch, "score", "--persona", "") == []  # nothing here: the shell completes files
    assert bash(monkeypatch, "score", "missing.yaml", "--persona", "") == []
    (tmp_path / "bomb.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [{', '.join(['*' + chr(ord(c) - 1)] * 10)}]\n" for c in "bcdefghij")
        + "personas: [{id: p}]\n",
        encoding="utf-8",
    )
    assert bash(monkeypatch, "score", "bomb.yaml", "--persona", "") == [], "a loader limit: no personas, no crash"


def test_zsh_and_fish_show_the_persona_names(monkeypatch: pytest.MonkeyPatch) -> None:
    zsh = complete(monkeypatch, "zsh", ["cjm", "score", str(DA), "--persona", ""])
    assert zsh.code == 0 and '"senior":"Tryghedssøgende senior"' in zsh.out
    fish = complete(monkeypatch, "fish", ["cjm", "rules", "CJM10"])
    assert fish.code == 0 and "CJM103\tno-owner" in fish.out.splitlines()


def test_powershell_completes_rule_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    result = complete(monkeypatch, "powershell", ["cjm", "rules", "CJM10"])
    assert result.code == 0 and "CJM103:::no-owner" in result.out.splitlines()


def test_completion_reads_journeys_as_cjm_does() -> None:
    from cjm.config import Limits
    from cjm.paths import JOURNEY_SUFFIXES

    assert completion.YAML_SUFFIXES == JOURNEY_SUFFIXES
    max_bytes = completion.MAX_BYTES
    assert max_bytes == Limits().file_mb * 1024 * 1024


def test_completion_modules_are_light() -> None:
    """Tab runs cjm each time: the completion module loads no heavy library until it completes something."""
    code = (
        "import sys\n"
        "import cjm.cli.completion\n"
        "print(sorted(m for m in ('pydantic', 'yaml', 'jinja2', 'graphviz') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out


# --- in a real shell -------------------------------------------------------------------------------


def cjm_on_path() -> str:
    exe = shutil.which("cjm", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the cjm console script is not installed next to the interpreter")
    return str(Path(exe).parent)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_through_the_script(tmp_path: Path) -> None:
    shutil.copyfile(DA, tmp_path / "bredband.yaml")
    program = (
        "source <(cjm --show-completion bash)\n"
        "COMP_WORDS=(cjm score bredband.yaml --persona s); COMP_CWORD=4\n"
        "_cjm_completion cjm\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        cwd=tmp_path,
        env={"PATH": f"{cjm_on_path()}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["senior"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script(tmp_path: Path) -> None:
    program = 'autoload -Uz compinit && compinit -u && eval "$(cjm --show-completion zsh)" && echo ${_comps[cjm]}'
    done = subprocess.run(
        ["zsh", "-f", "-c", program],
        cwd=tmp_path,
        env={"PATH": f"{cjm_on_path()}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "_cjm_completion"


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_through_the_script(tmp_path: Path) -> None:
    program = "cjm --show-completion fish | source; complete --do-complete 'cjm rules CJM11'"
    done = subprocess.run(
        ["fish", "--no-config", "-c", program],
        cwd=tmp_path,
        env={"PATH": f"{cjm_on_path()}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == [f"CJM11{n}" for n in range(10)]
