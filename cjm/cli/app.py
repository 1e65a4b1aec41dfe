"""The Typer app, global options and the helpers every command shares.

Only typer is imported here: `cjm --version` must stay as fast as `import typer`.
Commands import what they need inside their functions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from cjm import __version__
from cjm.cli.completion import SHELLS
from cjm.display import one_line

# The order a consultant meets the commands in: start a map (or capture a workshop's), check it,
# score it, compare versions, print it, hand it to a client; then the reference commands.
WORKFLOW = ("init", "import", "lint", "score", "diff", "render", "export", "rules", "schema")
# Options every command takes; each command's help lists them apart from its own.
GLOBAL_OPTIONS = ("config", "today", "no_color", "quiet", "debug", "help")


class CommandGroup(TyperGroup):
    """The `cjm` group: commands listed in workflow order (click would sort them by name)."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: WORKFLOW.index(name) if name in WORKFLOW else len(WORKFLOW))


class Command(TyperCommand):
    """A cjm command whose help shows the names a consultant reads (`PATH…`, `CODE`, `N`), not Python types.

    USAGES lists the forms of the usage line after `[OPTIONS]`; by default the command's arguments.
    """

    USAGES: tuple[str, ...] = ()

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        forms = self.USAGES or (" ".join(_argument_usage(p) for p in self.get_params(ctx) if _is_argument(p)),)
        for number, form in enumerate(forms):
            prefix = "Usage: " if number == 0 else "   or: "
            formatter.write_usage(ctx.command_path, f"[OPTIONS] {form}".rstrip(), prefix=prefix)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], "Options": [], "Global options": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if _is_argument(param):
                sections["Arguments"].append((_argument_name(param), record[1]))
            else:
                section = "Global options" if param.name in GLOBAL_OPTIONS else "Options"
                sections[section].append((_option_names(param), record[1]))
        for title, rows in sections.items():
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _is_argument(param: Any) -> bool:
    return bool(param.param_type_name == "argument")


def _argument_name(param: Any) -> str:
    """`PATH…`, `CODE`: the metavar, else the name in capitals (`…` when it takes several)."""
    if param.metavar:
        return str(param.metavar)
    return param.name.upper() + ("…" if param.nargs != 1 else "")


def _argument_usage(param: Any) -> str:
    name = _argument_name(param)
    return name if param.required else f"[{name}]"


def _option_names(param: Any) -> str:
    """`-f, --format FORMAT`: short names first, then the value's name (flags have none)."""
    names = ", ".join(sorted(param.opts, key=lambda opt: opt.startswith("--")))
    if param.is_flag or getattr(param, "count", False):
        return names
    return f"{names} {param.metavar or param.name.upper()}"


def either(names: tuple[str, ...]) -> str:
    """Fixed choices as a help text says them: `text, json or github`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


app = typer.Typer(
    name="cjm",
    cls=CommandGroup,
    help="Journey-as-code: lint, score, diff and render customer journey maps written in YAML.",
    no_args_is_help=True,
    add_completion=False,  # cjm's own --show-completion SHELL / --install-completion SHELL, below
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    subcommand_metavar="COMMAND [ARGS]…",
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FAILED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass
class Globals:
    """Options that apply to every command."""

    config: str | None = None
    no_color: bool = False
    quiet: bool = False
    debug: bool = False
    today: str | None = None

    def color(self, stream: Any = None) -> bool:
        """Colour only on a terminal, never with --no-color or NO_COLOR."""
        stream = stream or sys.stdout
        if self.no_color or os.environ.get("NO_COLOR"):
            return False
        return bool(getattr(stream, "isatty", lambda: False)())

    def today_date(self) -> dt.date:
        """--today, else CJM_TODAY, else the local date: the only clock cjm reads."""
        for value, source in ((self.today, "--today"), (os.environ.get("CJM_TODAY"), "CJM_TODAY")):
            if value:
                if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                    fail(f"{source}: {value!r} is not a date YYYY-MM-DD")
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    fail(f"{source}: {value!r} is not a real calendar date")
        return dt.date.today()


def dash_is_stdout(value: str | None) -> str | None:
    """`-o -` means standard output, as leaving -o out does."""
    return None if value == "-" else value


ConfigOption = Annotated[
    str | None,
    typer.Option("--config", metavar="FILE", help="Use this .cjm.yaml for every journey."),
]
TodayOption = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", help="Today's date (else CJM_TODAY, else the local date)."),
]
PathsArgument = Annotated[
    list[str], typer.Argument(metavar="PATH…", help="Journey files or directories; '-' reads stdin.")
]
MetricsOption = Annotated[
    str | None,
    typer.Option("--metrics", metavar="CSV", help="Override touchpoint metrics from a spreadsheet's CSV."),
]
ReportOutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the report here.", callback=dash_is_stdout),
]
OnlyJourneysOption = Annotated[
    bool, typer.Option("--only-journeys", help="Skip named files without a line starting with 'cjm:' (pre-commit).")
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colours (also: NO_COLOR).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only what matters.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]


def merged(
    ctx: typer.Context,
    config: str | None,
    today: str | None,
    no_color: bool,
    quiet: bool,
    debug: bool,
) -> Globals:
    """Global options given before the command, overridden by those given after it."""
    base = ctx.obj if isinstance(ctx.obj, Globals) else Globals()
    given = Globals(
        config=config or base.config,
        no_color=no_color or base.no_color,
        quiet=quiet or base.quiet,
        debug=debug or base.debug,
        today=today or base.today,
    )
    if given.today or os.environ.get("CJM_TODAY"):
        given.today_date()  # a bad date is exit 2 for every command, not only those that read it
    return given


def at_least_one(value: int | None) -> int | None:
    """A count such as --top N: 1 or more."""
    if value is not None and value < 1:
        raise typer.BadParameter(f"{value} is not a count; give 1 or more")
    return value


def one_of(names: tuple[str, ...]) -> Any:
    """A Literal type of the given names, which typer shows and checks as the option's choices."""
    return Literal[names]


def write_report(text: str, output: str | None, *, inputs: list[str]) -> None:
    """A report to standard output, or atomically to --output (never over an input of the run)."""
    if output is None:
        sys.stdout.write(text)
        return
    from cjm.output import OutputError, write_atomic

    try:
        write_atomic(output, text, inputs=inputs)
    except OutputError as exc:
        fail(str(exc))


def note(message: str) -> None:
    """One `cjm: note:` line on stderr, its text made one line."""
    sys.stderr.write(f"cjm: note: {one_line(message)}\n")


def fail_invalid(problems: list[Any], closing: str | None = None) -> NoReturn:
    """Invalid journeys: each problem as `file:line:col: CODE message` (then a closing error line), exit 2."""
    for problem in problems:
        sys.stderr.write(one_line(problem.located()) + "\n")
    if closing:
        sys.stderr.write(f"cjm: error: {closing}\n")
    raise typer.Exit(EXIT_ERROR)


def note_filtered(quiet: bool) -> None:
    """--only-journeys left nothing: a note (exit 0 follows; pre-commit ran on other YAML)."""
    if not quiet:
        sys.stderr.write("cjm: no journeys among the given files (--only-journeys)\n")


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one error line to stderr and exit (2 by default)."""
    sys.stderr.write(f"cjm: error: {one_line(message)}\n")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"cjm {__version__}\n")
        raise typer.Exit(EXIT_OK)


def _show_completion(ctx: typer.Context, shell: str | None) -> None:
    if shell is None or ctx.resilient_parsing:
        return
    from cjm.cli.completion import show

    show(shell)
    raise typer.Exit(EXIT_OK)


def _install_completion(ctx: typer.Context, shell: str | None) -> None:
    if shell is None or ctx.resilient_parsing:
        return
    from cjm.cli.completion import install

    try:
        path = install(shell)
    except OSError as exc:
        fail(f"cannot install the {shell} completion: {exc.strerror or exc}")
    sys.stdout.write(f"cjm: {shell} completion installed in {path}; it works in shells started from now on\n")
    raise typer.Exit(EXIT_OK)


if TYPE_CHECKING:
    ShellName = str
else:
    ShellName = one_of(SHELLS)


@app.callback()
def _global_options(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
    show_completion: Annotated[
        ShellName | None,
        typer.Option(
            "--show-completion",
            metavar="SHELL",
            callback=_show_completion,
            is_eager=True,
            help=f"Print the completion script for SHELL ({either(SHELLS)}), to add to its start-up file.",
        ),
    ] = None,
    install_completion: Annotated[
        ShellName | None,
        typer.Option(
            "--install-completion",
            metavar="SHELL",
            callback=_install_completion,
            is_eager=True,
            help="Install completion for SHELL: new shells complete commands, options, rule codes and persona ids.",
        ),
    ] = None,
) -> None:
    ctx.obj = Globals(config=config, no_color=no_color, quiet=quiet, debug=debug, today=today)
