"""Shell completion: the scripts for bash, zsh, fish and PowerShell, and what cjm completes beyond names.

Typer completes commands, options and fixed choices (`--format`, `--lang`); this module adds
rule codes (`cjm rules CODE`, `--select`, `--ignore`) and persona ids (`--persona`). A
completion runs on every Tab press, so it reads little and never fails: any problem gives
no suggestions, and the shell falls back to file names.

Import-light: only the standard library and typer at import time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
PROG_NAME = "cjm"
COMPLETE_VAR = "_CJM_COMPLETE"  # the environment variable the shell scripts set, as click and typer name it
FLAGS = ("--show-completion", "--install-completion")
MAX_FILES = 100  # journey files read for persona ids, at most, per Tab press
# cjm.config's default limits.file_mb and cjm.paths.JOURNEY_SUFFIXES, written out here because
# importing those modules loads pydantic, a quarter of a second per Tab press (a test keeps them equal).
MAX_BYTES = 5 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")


def script(shell: str) -> str:
    """The completion script for a shell, to source from its start-up file."""
    from typer.completion import get_completion_script

    return get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)


def install(shell: str) -> Path:
    """Install the completion script where the shell reads it on start-up; return that file."""
    from typer.completion import install as typer_install

    _, path = typer_install(shell=shell, prog_name=PROG_NAME, complete_var=COMPLETE_VAR)
    return Path(path)


def prepare() -> None:
    """Before a shell asks for completions: typer's formats for each shell (click's differ)."""
    from typer.completion import completion_init

    completion_init()


def with_detected_shell(args: list[str]) -> list[str]:
    """`cjm --show-completion` with no shell named: the shell cjm was started from, when it can tell."""
    if len(args) != 1 or args[0] not in FLAGS:
        return args
    shell = detected_shell()
    return [*args, shell] if shell else args


def detected_shell() -> str | None:
    """The shell running cjm (shellingham, which typer installs), else the login shell ($SHELL)."""
    try:
        import shellingham

        name = str(shellingham.detect_shell()[0])
    except Exception:  # not installed, or it cannot tell: fall back to $SHELL
        name = Path(os.environ.get("SHELL", "")).name
    name = name.lower().removesuffix(".exe")
    return name if name in SHELLS else None


# --- what cjm completes ------------------------------------------------------------------------------


def rule_codes(incomplete: str) -> list[tuple[str, str]]:
    """Rule codes (or names, once a lowercase letter is typed), each with its name; after a comma, the next one."""
    try:
        from cjm.rules import all_rules

        done, comma, last = incomplete.rpartition(",")
        given = set(done.split(",")) if comma else set()
        rules = [r for r in all_rules() if r.code not in given and r.name not in given]
        if last[:1].islower():
            return [(f"{done}{comma}{r.name}", r.code) for r in rules if r.name.startswith(last)]
        return [(f"{done}{comma}{r.code}", r.name) for r in rules if r.code.startswith(last.upper())]
    except Exception:  # never a traceback in the middle of a command line
        return []


def persona_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Persona ids (with their names) from the journeys named so far, else from the YAML files here."""
    try:
        # While an option waits for its value, click leaves the arguments before it unparsed in ctx.args.
        given = [*(ctx.params.get("paths") or []), *ctx.args]
        named = [p for p in given if isinstance(p, str) and not p.startswith("-")]
        found: dict[str, str] = {}
        for path in _files(named)[:MAX_FILES]:
            for persona_id, name in _personas(path):
                found.setdefault(persona_id, name)
        return [(pid, name) for pid, name in sorted(found.items()) if pid.startswith(incomplete)]
    except Exception:  # never a traceback in the middle of a command line
        return []


def _files(named: list[str]) -> list[Path]:
    """The named files, the YAML files below named directories, or (nothing named) the YAML files here."""
    if not named:
        return sorted(p for p in Path.cwd().iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    out: list[Path] = []
    for given in named:
        path = Path(given)
        if path.is_dir():
            out.extend(_yaml_below(path, MAX_FILES - len(out)))
        elif path.is_file():
            out.append(path)
        if len(out) >= MAX_FILES:
            break
    return out


def _yaml_below(top: Path, limit: int) -> list[Path]:
    """Up to `limit` YAML files below a directory, hidden directories and node_modules left out."""
    out: list[Path] = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        out.extend(Path(folder, name) for name in sorted(files) if name.endswith(YAML_SUFFIXES))
        if len(out) >= limit:
            break
    return out[:limit]


def _personas(path: Path) -> list[tuple[str, str]]:
    """(id, name) of each persona of a journey file; nothing for anything else."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return []
        from cjm.yamlsafe import parse

        data = parse(path.read_bytes().decode("utf-8-sig"))
    except Exception:  # unreadable, not YAML, or past a loader limit: no personas from it
        return []
    personas = data.get("personas") if isinstance(data, dict) else None
    if not isinstance(personas, list):
        return []
    out = []
    for persona in personas:
        if isinstance(persona, dict) and isinstance(persona.get("id"), str):
            name = persona.get("name")
            out.append((persona["id"], name if isinstance(name, str) else ""))
    return out


def show(shell: str) -> None:
    """Print the completion script for a shell."""
    sys.stdout.write(script(shell) + "\n")
