"""`cjm export`: journeys as workbooks (xlsx) or CSV files, for clients without git."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cjm.cli.app import (
    Command,
    ConfigOption,
    DebugOption,
    NoColorOption,
    PathsArgument,
    QuietOption,
    TodayOption,
    app,
    either,
    fail,
    fail_invalid,
    merged,
    one_of,
)
from cjm.display import one_line
from cjm.export.formats import DEFAULT as DEFAULT_FORMAT
from cjm.export.formats import NAMES as FORMAT_NAMES

if TYPE_CHECKING:
    FormatName = str
else:
    FormatName = one_of(FORMAT_NAMES)


@app.command(cls=Command, short_help="Export journeys for clients: an Excel workbook (xlsx) or CSV files.")
def export(
    ctx: typer.Context,
    paths: PathsArgument,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="OUT", help="The workbook (FILE.xlsx) or a directory (DIR/, and for csv)."
        ),
    ],
    format: Annotated[
        FormatName,
        typer.Option("--format", "-f", metavar="FORMAT", help=f"Output format: {either(FORMAT_NAMES)}."),
    ] = DEFAULT_FORMAT,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Export journeys: touchpoints (the columns `cjm import` reads), scores and actions; xlsx round-trips."""
    g = merged(ctx, config, today, no_color, quiet, debug)
    from cjm.errors import JobError
    from cjm.export.run import run
    from cjm.inputs import InvalidJourneys
    from cjm.output import write_atomic

    try:
        result = run(paths, format, output, config=g.config)
        if result.create is not None:
            try:
                result.create.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                fail(f"{output}: cannot create the directory ({exc.strerror or exc})")
        for path, data in result.outputs:
            write_atomic(path, data, inputs=result.inputs)
    except InvalidJourneys as exc:
        fail_invalid(exc.problems, "invalid journeys cannot be exported (see `cjm lint`)")
    except JobError as exc:
        fail(str(exc))
    if not g.quiet:
        for path, _ in result.outputs:
            sys.stderr.write(f"cjm: wrote {one_line(path.as_posix())}\n")
