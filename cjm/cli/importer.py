"""`cjm import`: a workshop spreadsheet or a Mermaid journey in, a journey file out (or --into one)."""

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
    either,
    fail,
    merged,
    one_of,
)
from cjm.display import one_line
from cjm.importer.formats import NAMES as SOURCE_NAMES
from cjm.languages import LANGUAGES

if TYPE_CHECKING:
    SourceName = str
    LanguageName = str
else:
    SourceName, LanguageName = one_of(SOURCE_NAMES), one_of(LANGUAGES)


@app.command("import", cls=Command, short_help="Capture a workshop: spreadsheet (xlsx, CSV) or Mermaid to a journey.")
def import_(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="FILE", help="The .xlsx, .csv, .mmd or .md file to import.")],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="OUT.yaml", help="Write the new journey here (default: print it)."),
    ] = None,
    into: Annotated[
        str | None,
        typer.Option("--into", metavar="JOURNEY.yaml", help="Update this journey from the sheet, keeping the rest."),
    ] = None,
    source_format: Annotated[
        SourceName | None,
        typer.Option("--from", metavar="FORMAT", help=f"The file's format: {either(SOURCE_NAMES)} (default: by name)."),
    ] = None,
    lang: Annotated[
        LanguageName | None,
        typer.Option(
            "--lang", metavar="LANG", help=f"The journey's language: {either(LANGUAGES)} (default: the header's)."
        ),
    ] = None,
    journey_id: Annotated[str | None, typer.Option("--id", metavar="ID", help="The new journey's id.")] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The new journey's title.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUT.yaml if it exists.")] = False,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import a workshop sheet (one row per touchpoint) or a Mermaid journey as a journey that passes `cjm lint`."""
    g = merged(ctx, config, today, no_color, quiet, debug)
    from cjm.errors import JobError
    from cjm.importer.run import ImportOptions, run, schema_to_write
    from cjm.init import write_schema
    from cjm.output import write_atomic

    if into is not None and output is not None:
        fail("give either -o OUT.yaml (a new journey) or --into JOURNEY.yaml (update one), not both")
    output = None if output == "-" else output
    if output is not None and Path(output).exists() and not force:
        fail(f"{output}: already exists; cjm import never overwrites a file without --force")
    options = ImportOptions(source_format, lang, journey_id, title, into, output, g.today_date())
    try:
        result = run(path, options, config=g.config)
        target = into or output
        if output is not None:
            _make_folder(Path(output).parent)
        if target is not None and (into is None or result.changed):
            schema = schema_to_write(target) if into is None else None
            write_atomic(target, result.text, inputs=result.inputs)
            if schema is not None:
                write_schema(schema)
    except JobError as exc:
        fail(str(exc))
    for warning in result.warnings:
        sys.stderr.write(f"cjm: warning: {one_line(warning)}\n")
    if target is None:
        sys.stdout.write(result.text)
    elif not g.quiet:
        what = "updated" if into else "wrote"
        if into and not result.changed:
            what = "no change to"
        touchpoints = f"{result.touchpoints} touchpoint{'s' if result.touchpoints != 1 else ''} from the sheet"
        sys.stderr.write(f"cjm: {what} {one_line(target)} ({touchpoints}); check it with `cjm lint`\n")


def _make_folder(folder: Path) -> None:
    """The folder of a new journey, made when missing (as `cjm init` does)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{folder}: cannot create the folder ({exc.strerror or exc})")
