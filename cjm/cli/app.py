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
from typing import Annotated, Any, Literal, NoReturn

import typer

from cjm import __version__
from cjm.display import one_line

app = typer.Typer(
    name="cjm",
    help="Journey-as-code: lint, score, diff and render customer journey maps written in YAML.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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
PathsArgument = Annotated[list[str], typer.Argument(help="Journey files or directories; '-' reads stdin.")]
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
) -> None:
    ctx.obj = Globals(config=config, no_color=no_color, quiet=quiet, debug=debug, today=today)
