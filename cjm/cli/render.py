"""`cjm render`: the HTML workshop handout, Graphviz maps, Mermaid and Markdown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from cjm.cli.app import (
    Command,
    ConfigOption,
    DebugOption,
    MetricsOption,
    NoColorOption,
    OnlyJourneysOption,
    PathsArgument,
    QuietOption,
    TodayOption,
    app,
    either,
    fail,
    fail_invalid,
    merged,
    note_filtered,
    one_of,
)
from cjm.cli.completion import persona_ids
from cjm.display import one_line
from cjm.languages import LANGUAGES
from cjm.render.formats import BY_NAME, HANDOUT, Format
from cjm.render.formats import DEFAULT as DEFAULT_FORMAT
from cjm.render.formats import NAMES as FORMAT_NAMES
from cjm.render.paper import PAPERS

if TYPE_CHECKING:
    from cjm.render.run import RenderOptions, RenderResult

    FormatName = str
    LanguageName = str
    PaperName = str
else:
    FormatName, LanguageName, PaperName = one_of(FORMAT_NAMES), one_of(LANGUAGES), one_of(tuple(PAPERS))


@app.command(cls=Command, short_help="Render maps: the HTML handout, svg/png/pdf, mermaid or markdown.")
def render(
    ctx: typer.Context,
    paths: PathsArgument,
    format: Annotated[
        FormatName,
        typer.Option("--format", "-f", metavar="FORMAT", help=f"Output format: {either(FORMAT_NAMES)}."),
    ] = DEFAULT_FORMAT,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR",
            help="Write here: a file, or a directory (DIR/) for several journeys; '-' is standard output "
            "(the default for one journey, except HTML and images on a terminal).",
        ),
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona",
            metavar="ID",
            autocompletion=persona_ids,
            help="Show one persona's card, touchpoints and actions.",
        ),
    ] = None,
    lang: Annotated[
        LanguageName | None,
        typer.Option(
            "--lang", metavar="LANG", help=f"Language of the labels: {either(LANGUAGES)} (default: the journey's)."
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", metavar="DIR", help="Jinja templates overriding the built-in ones (sandboxed)."),
    ] = None,
    paper: Annotated[
        PaperName | None,
        typer.Option(
            "--paper",
            metavar="SIZE",
            help=f"Print the HTML handout on {either(tuple(PAPERS))} landscape sheets (default: a3).",
        ),
    ] = None,
    tile: Annotated[
        bool,
        typer.Option(
            "--tile",
            help="Print a wide map on several sheets (lane titles repeated, sheets numbered), never below 7 pt.",
        ),
    ] = False,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="ASIS.yaml",
            help="Draw this as-is journey beside each to-be in the HTML handout (default: the file's own baseline).",
        ),
    ] = None,
    metrics: MetricsOption = None,
    stamp: Annotated[
        bool, typer.Option("--stamp", help="Add the file's last git commit and its date to the footer.")
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Re-render on every save and serve -o DIR on 127.0.0.1 with live reload (Ctrl-C stops).",
        ),
    ] = False,
    only_journeys: OnlyJourneysOption = False,
    config: ConfigOption = None,
    today: TodayOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Render journeys: an HTML handout (default), svg/png/pdf via Graphviz, dot, mermaid or markdown."""
    g = merged(ctx, config, today, no_color, quiet, debug)
    from cjm.errors import JobError
    from cjm.inputs import InvalidJourneys
    from cjm.render.confine import new_run
    from cjm.render.dot import INSTALL_HINT, dot_available
    from cjm.render.run import RenderOptions, run

    new_run()
    chosen = BY_NAME[format]
    if chosen.image and not dot_available():
        fail(INSTALL_HINT)
    if template is not None and not Path(template).is_dir():
        fail(f"--template {template}: not a directory of templates")
    if template is not None and Path(template.rstrip("/\\") or "/").is_symlink():
        # a link to `.` would make the whole repository (.git/config and its CI token) "inside"
        fail(f"--template {template}: a symbolic link; give the directory it points to")
    if (paper is not None or tile or baseline is not None) and not chosen.paged:
        fail(f"--paper, --tile and --baseline apply to the printed handout ({_paged()}), not to {chosen.name}")
    if watch:
        if chosen != HANDOUT:
            fail(f"--watch renders the {HANDOUT.name} handout; leave out --format")
        if output is None or output == "-":
            fail("--watch needs -o DIR: the folder to render into and serve")
        options = RenderOptions(
            format,
            output.rstrip("/\\") + "/",
            persona=persona,
            lang=lang,
            template_dir=template,
            paper=paper,
            tile=tile,
            baseline=baseline,
        )
        _watch(paths, options, Path(output), g.config, metrics)
        return
    if output is None and sys.stdout.isatty():  # no -o at all; `-o -` prints even to a terminal
        refusal = _not_for_a_terminal(chosen)
        if refusal:
            fail(refusal)
    output = None if output == "-" else output
    options = RenderOptions(
        format,
        output,
        persona=persona,
        lang=lang,
        template_dir=template,
        stamp=stamp,
        paper=paper,
        tile=tile,
        baseline=baseline,
    )
    progress = Progress(enabled=not g.quiet)
    try:
        result = run(
            paths, options, config=g.config, only_journeys=only_journeys, metrics=metrics, progress=progress.step
        )
    except InvalidJourneys as exc:
        progress.done()
        fail_invalid(exc.problems, "invalid journeys cannot be rendered (see `cjm lint`)")
    except JobError as exc:
        progress.done()
        fail(str(exc))
    progress.done()
    if result.filtered:
        note_filtered(g.quiet)
        return
    _write(result, output)
    for warning in result.warnings:
        sys.stderr.write(f"cjm: warning: {one_line(warning)}\n")
    if not g.quiet and result.directory is not None:
        shown = one_line(result.directory.as_posix())
        journeys = "1 journey" if result.journeys == 1 else f"{result.journeys} journeys"
        sys.stderr.write(f"cjm: rendered {journeys} to {shown}/ (open {shown}/index.html)\n")


def _paged() -> str:
    return ", ".join(f.name for f in BY_NAME.values() if f.paged)


def _watch(paths: list[str], options: RenderOptions, directory: Path, config: str | None, metrics: str | None) -> None:
    """Render, serve, and render again on every save until Ctrl-C (exit 0)."""
    import signal
    import threading

    from cjm.render.serve import Server, Version, start
    from cjm.render.watch import changes, describe, render_round, stamps

    version = Version()
    pages: dict[str, str] = {}
    stop = threading.Event()
    server: Server | None = None
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    try:
        since = stamps(paths)
        outcome = render_round(paths, options, directory, config, metrics, pages)
        if outcome.error is not None:
            fail(outcome.error)
        sys.stderr.write(describe(outcome) + "\n")
        written = [p.name for p in outcome.written]
        start_page = "index.html" if "index.html" in written else (written[0] if written else "index.html")
        server = start(directory, version, start_page)
        shown = one_line(directory.as_posix().rstrip("/"))
        sys.stdout.write(f"cjm: serving {shown}/ at http://127.0.0.1:{server.port}/{start_page} (Ctrl-C stops)\n")
        sys.stdout.flush()
        for _ in changes(paths, stop, since):
            outcome = render_round(paths, options, directory, config, metrics, pages)
            version.bump()
            sys.stderr.write(describe(outcome) + "\n")
            sys.stderr.flush()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        if server is not None:
            server.shutdown()
            server.server_close()
    sys.stderr.write("cjm: stopped watching\n")


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM as Ctrl-C: the watch stops, the server closes, exit 0."""
    raise KeyboardInterrupt


def _not_for_a_terminal(chosen: Format) -> str | None:
    """Why a format is not printed to a terminal unasked (the HTML handout, images in bytes), with the fix."""
    if chosen.binary:
        return f"{chosen.name} output is binary; write it to a file with -o FILE.{chosen.ext} (or -o handouts/)"
    if chosen == HANDOUT:
        return "the HTML handout is a file to open in a browser; write it with -o handouts/ (or -o - to print it here)"
    return None


def _write(result: RenderResult, output: str | None) -> None:
    """Every output atomically to its file (directories made first), or to standard output."""
    from cjm.output import OutputError, write_atomic

    if result.create is not None:
        try:
            result.create.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{output}: cannot create the directory ({exc.strerror or exc})")
    try:
        for item in result.outputs:
            if item.path is None:
                _to_stdout(item.content)
            else:
                write_atomic(item.path, item.content, inputs=result.inputs)
    except OutputError as exc:
        fail(str(exc))


def _to_stdout(content: str | bytes) -> None:
    if isinstance(content, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(content)


class Progress:
    """A one-line progress bar on stderr while several journeys render, only when stderr is a terminal."""

    WIDTH = 24

    def __init__(self, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and bool(getattr(self.stream, "isatty", lambda: False)())
        self.shown = 0

    def step(self, count: int, total: int, label: str) -> None:
        """Journey `count` of `total` starts, named `label`."""
        if not self.enabled or total < 2:
            return
        filled = self.WIDTH * count // total
        line = f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {count}/{total} {label}"[:100]
        self.stream.write(line.ljust(self.shown))
        self.shown = len(line)
        self.stream.flush()

    def done(self) -> None:
        """Clear the bar."""
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0
