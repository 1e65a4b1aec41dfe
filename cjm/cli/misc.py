"""`cjm schema` and `cjm init`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cjm.cli.app import (
    Command,
    ConfigOption,
    DebugOption,
    NoColorOption,
    QuietOption,
    TodayOption,
    app,
    dash_is_stdout,
    either,
    fail,
    merged,
    one_of,
    write_report,
)
from cjm.languages import LANGUAGES

if TYPE_CHECKING:
    LanguageName = str
else:
    LanguageName = one_of(LANGUAGES)


@app.command(cls=Command, short_help="Print the JSON Schema of the journey format, for editors.")
def schema(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the schema here.", callback=dash_is_stdout),
    ] = None,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Print the JSON Schema (draft-07) of the journey format, for editor completion."""
    merged(ctx, config, today, no_color, quiet, debug)
    from cjm.schema import schema_text

    write_report(schema_text(), output, inputs=[])


@app.command(cls=Command, short_help="Start a journey from a commented starter file.")
def init(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="The journey file (NAME.yaml) or the folder for it (journey.yaml inside); folders are made.",
        ),
    ] = ".",
    lang: Annotated[
        LanguageName,
        typer.Option("--lang", metavar="LANG", help=f"Language of the starter journey: {either(LANGUAGES)}."),
    ] = "en",
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Write a commented starter journey that passes `cjm lint`, and the schema for your editor."""
    g = merged(ctx, config, today, no_color, quiet, debug)
    from cjm.init import init_journey
    from cjm.output import OutputError

    try:
        directory = path.endswith(("/", "\\"))
        written = init_journey(Path(path), lang, g.today_date(), directory=directory)
    except OutputError as exc:
        fail(str(exc))
    if not g.quiet:
        for item in written:
            sys.stdout.write(f"wrote {_shown(item)}\n")


def _shown(path: Path) -> str:
    """A written path as the user thinks of it: relative to the current directory when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
