"""`cjm render`: the HTML workshop handout, Graphviz maps, Mermaid and Markdown."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from cjm.cli.app import (
    EXIT_ERROR,
    ConfigOption,
    DebugOption,
    MetricsOption,
    NoColorOption,
    OnlyJourneysOption,
    PathsArgument,
    QuietOption,
    TodayOption,
    app,
    dash_is_stdout,
    fail,
    filtered_out,
    merged,
    missing_persona,
    no_journeys,
)
from cjm.cli.misc import Language

if TYPE_CHECKING:
    from cjm.findings import Finding
    from cjm.render.batch import Plan, Source
    from cjm.render.view import JourneyView, Provenance


class RenderFormat(str, Enum):
    html = "html"
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"
    markdown = "markdown"


@app.command()
def render(
    ctx: typer.Context,
    paths: PathsArgument,
    format: Annotated[RenderFormat, typer.Option("--format", "-f", help="Output format.")] = RenderFormat.html,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR",
            help="Write here (a directory for several journeys); default stdout.",
            callback=dash_is_stdout,
        ),
    ] = None,
    persona: Annotated[
        str | None, typer.Option("--persona", metavar="ID", help="Show one persona's card, touchpoints and actions.")
    ] = None,
    lang: Annotated[
        Language | None, typer.Option("--lang", help="Language of the labels (default: the journey's).")
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", metavar="DIR", help="Jinja templates overriding the built-in ones (sandboxed)."),
    ] = None,
    metrics: MetricsOption = None,
    stamp: Annotated[
        bool, typer.Option("--stamp", help="Add the file's last git commit and its date to the footer.")
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
    from cjm.render.confine import new_run
    from cjm.render.dot import INSTALL_HINT, dot_available

    new_run()

    fmt = format.value
    if fmt in ("svg", "png", "pdf") and not dot_available():
        fail(INSTALL_HINT)
    if template is not None and not Path(template).is_dir():
        fail(f"--template {template}: not a directory of templates")
    if template is not None and Path(template.rstrip("/\\") or "/").is_symlink():
        # a link to `.` would make the whole repository (.git/config and its CI token) "inside"
        fail(f"--template {template}: a symbolic link; give the directory it points to")
    sources, many, metrics_id = _load(paths, g.config, metrics, only_journeys, g.quiet)
    if persona is not None:
        for source in sources:
            problem = missing_persona(source.path, source.journey, persona)
            if problem:
                fail(problem)
    plan = _plan(sources, fmt, output, many)
    if fmt in ("png", "pdf") and plan.targets[0].path is None and sys.stdout.isatty():
        fail(f"{fmt} output is binary; write it to a file with -o FILE")
    count = _render_all(
        plan, fmt, persona=persona, lang=lang, template=template, stamp=stamp, metrics=metrics_id, quiet=g.quiet
    )
    if not g.quiet and plan.directory is not None:
        shown = plan.directory.as_posix()
        journeys = "1 journey" if count == 1 else f"{count} journeys"
        sys.stderr.write(f"cjm: rendered {journeys} to {shown}/ (open {shown}/index.html)\n")


def _load(
    paths: list[str], config: str | None, metrics: str | None, only_journeys: bool, quiet: bool
) -> tuple[list[Source], bool, tuple[str, str] | None]:
    """Valid journeys (exit 2 listing the problems of invalid ones), the metrics overlay applied."""
    from dataclasses import replace

    from cjm.config import ConfigError, ConfigResolver
    from cjm.load import InputError
    from cjm.metrics import MetricsError, apply_overlay_all, load_metrics_csv
    from cjm.paths import expand_paths
    from cjm.render.batch import load_sources
    from cjm.render.provenance import short_hash

    try:
        resolver = ConfigResolver(config)
        files = expand_paths(paths, only_journeys=only_journeys)
        if not files and filtered_out(paths, only_journeys):
            if not quiet:
                sys.stderr.write("cjm: no journeys among the given files (--only-journeys)\n")
            raise typer.Exit(0)  # every named file filtered out: nothing to render
        if not files:
            no_journeys(paths)
        sources, problems = load_sources(files, resolver)
        if problems:
            _invalid(problems)
        many = len(files) > 1 or any(p != "-" and Path(p).is_dir() for p in paths)
        if metrics is None:
            return sources, many, None
        overlay = load_metrics_csv(metrics, limit_mb=resolver.for_path(metrics).limits.file_mb)
        journeys = apply_overlay_all([s.journey for s in sources], overlay)
        digest = short_hash(Path(metrics).read_bytes())
    except (ConfigError, InputError, MetricsError, OSError) as exc:
        fail(str(exc))
    updated = [replace(s, journey=j) for s, j in zip(sources, journeys, strict=True)]
    return updated, many, (Path(metrics).name, digest)


def _invalid(problems: list[Finding]) -> None:
    """Invalid journeys cannot be rendered: each problem as `file:line:col: CODE message`, exit 2."""
    for p in problems:
        sys.stderr.write(f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}\n")
    sys.stderr.write("cjm: error: invalid journeys cannot be rendered (see `cjm lint`)\n")
    raise typer.Exit(EXIT_ERROR)


def _plan(sources: list[Source], fmt: str, output: str | None, many: bool) -> Plan:
    from cjm.render.batch import PlanError, names_directory, plan_outputs

    try:
        plan = plan_outputs(sources, fmt, output, many=many)
        if plan.directory is not None:
            plan.directory.mkdir(parents=True, exist_ok=True)
        elif output is not None and names_directory(output):  # `-o maps/` for one journey
            Path(output).mkdir(parents=True, exist_ok=True)
    except PlanError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{output}: cannot create the directory ({exc.strerror or exc})")
    return plan


def _render_all(
    plan: Plan,
    fmt: str,
    *,
    persona: str | None,
    lang: Language | None,
    template: str | None,
    stamp: bool,
    metrics: tuple[str, str] | None,
    quiet: bool,
) -> int:
    """Render and write every target, then the index; returns how many journeys were rendered."""
    from cjm.output import OutputError, write_atomic
    from cjm.render import build_index, render_journey
    from cjm.render.batch import pdf_epoch
    from cjm.render.dot import DotFailed, DotMissing
    from cjm.render.html import TemplateProblem, render_index

    inputs = [t.source.path for t in plan.targets]
    many = plan.directory is not None and len(plan.targets) > 1
    progress = Progress(len(plan.targets), enabled=many and not quiet)
    rendered: list[tuple[JourneyView, str]] = []
    try:
        for target in plan.targets:
            source = target.source
            progress.step(source.journey.id)
            provenance = _provenance(source, stamp, metrics)
            view, content = render_journey(
                source.journey,
                source.settings,
                fmt,
                provenance=provenance,
                lang=lang.value if lang else None,
                persona=persona,
                template_dir=template,
                epoch=pdf_epoch(source.journey, provenance.commit_date),
            )
            _emit(target.path, content, inputs)
            rendered.append((view, target.href))
        progress.done()
        if plan.index is not None:
            index = build_index(rendered, lang.value if lang else None)
            write_atomic(plan.index, render_index(index, template), inputs=inputs)
    except (TemplateProblem, DotFailed, DotMissing, OutputError) as exc:
        progress.done()
        fail(str(exc))
    return len(rendered)


def _provenance(source: Source, stamp: bool, metrics: tuple[str, str] | None) -> Provenance:
    from cjm.render.provenance import git_stamp, short_hash
    from cjm.render.view import Provenance

    found = git_stamp(source.path) if stamp else None
    return Provenance(
        source_hash=short_hash(source.text),
        metrics_name=metrics[0] if metrics else None,
        metrics_hash=metrics[1] if metrics else None,
        commit=found.commit if found else None,
        commit_date=found.date if found else None,
        dirty=found.dirty if found else False,
        committed=found.committed if found else True,
    )


def _emit(path: Path | None, content: str | bytes, inputs: list[str]) -> None:
    """Write atomically to a file, or to standard output."""
    from cjm.output import write_atomic

    if path is not None:
        write_atomic(path, content, inputs=inputs)
    elif isinstance(content, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(content)


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    WIDTH = 24

    def __init__(self, total: int, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.count = 0
        self.enabled = enabled and bool(getattr(self.stream, "isatty", lambda: False)())
        self.shown = 0

    def step(self, label: str) -> None:
        """Advance by one journey, naming it."""
        self.count += 1
        if not self.enabled:
            return
        filled = self.WIDTH * self.count // max(1, self.total)
        line = f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.count}/{self.total} {label}"[:100]
        self.stream.write(line.ljust(self.shown))
        self.shown = len(line)
        self.stream.flush()

    def done(self) -> None:
        """Clear the bar."""
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0
