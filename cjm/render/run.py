"""`cjm render` as a plain function: valid journeys from the input stage, one render each, an index.

Python builds a view model (`build_view`); each output format is one function over it.
Nothing here prints, exits or writes: `run` returns what to write where, and the
command line writes it (atomically, never over an input).
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cjm import git
from cjm.inputs import Inputs, JourneyFile, collect
from cjm.model import Journey
from cjm.render.build import REVIEW_EVERY_DAYS, build_index, build_view
from cjm.render.formats import BY_NAME
from cjm.render.paper import DEFAULT_PAPER, MIN_PT, readable_paper, strip_px
from cjm.render.plan import Source, names_directory, pdf_epoch, plan_outputs
from cjm.render.provenance import short_hash
from cjm.render.view import JourneyView, Provenance
from cjm.scoring import ScoreSettings


@dataclass(frozen=True)
class RenderOptions:
    """What to render, how and where: the command line's options."""

    fmt: str
    output: str | None = None  # a file or directory; None: standard output
    persona: str | None = None
    lang: str | None = None
    template_dir: str | None = None
    stamp: bool = False
    paper: str | None = None  # None: the default (A3); only paged formats use it
    tile: bool = False
    baseline: str | None = None  # the as-is journey's file to draw beside each to-be (else its own `baseline`)


@dataclass(frozen=True)
class Output:
    """One rendered file: where it goes (None: standard output) and its content."""

    path: Path | None
    content: str | bytes


@dataclass
class RenderResult:
    """Every output of a run, the index last; `inputs` are the paths no output may replace."""

    outputs: list[Output] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    directory: Path | None = None  # set when several journeys go into a directory
    create: Path | None = None  # a directory to make before writing (`-o DIR/`, or several journeys)
    journeys: int = 0
    filtered: bool = False  # --only-journeys dropped every named file: nothing rendered
    warnings: list[str] = field(default_factory=list)  # one line each, for standard error (exit 0)


def run(
    paths: Sequence[str],
    options: RenderOptions,
    *,
    config: str | None = None,
    only_journeys: bool = False,
    metrics: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderResult:
    """Render every journey named by paths. Raises JobError (InvalidJourneys among them)."""
    inputs = collect(paths, config=config, only_journeys=only_journeys, metrics=metrics, need_valid=True)
    if inputs.filtered:
        return RenderResult(filtered=True)
    inputs.require_some(paths)
    inputs.require_valid()
    inputs.require_persona(options.persona)
    many = len(inputs.files) > 1 or inputs.directories
    read = inputs.input_paths()
    plan = plan_outputs(
        _sources(inputs), options.fmt, options.output, many=many, inputs=read, templates=options.template_dir
    )
    result = RenderResult(inputs=read, directory=plan.directory)
    if plan.directory is not None:
        result.create = plan.directory
    elif options.output is not None and names_directory(options.output):
        result.create = Path(options.output)
    rendered: list[tuple[JourneyView, str]] = []
    baselines = Baselines(inputs, options, config)
    for number, target in enumerate(plan.targets, start=1):
        if progress is not None:
            progress(number, len(plan.targets), target.source.journey.id)
        view, content = render_journey(
            target.source.journey,
            target.source.settings,
            options.fmt,
            provenance=(provenance := _provenance(target.source, options.stamp, inputs)),
            lang=options.lang,
            persona=options.persona,
            template_dir=options.template_dir,
            epoch=pdf_epoch(target.source.journey, provenance.commit_date),
            paper=options.paper or DEFAULT_PAPER,
            tile=options.tile,
            review_every_days=target.source.review_every_days,
            baseline=baselines.view_for(target.source),
        )
        result.outputs.append(Output(target.path, content))
        if BY_NAME[options.fmt].paged and not view.printing.readable:
            result.warnings.append(small_print(target.source.path, view))
        rendered.append((view, target.href))
    result.warnings.extend(baselines.warnings)
    result.journeys = len(rendered)
    if plan.index is not None:
        from cjm.render.html import render_index

        index = render_index(build_index(rendered, options.lang), options.template_dir)
        result.outputs.append(Output(plan.index, index))
    return result


class Baselines:
    """The as-is journeys drawn beside to-be journeys: `--baseline FILE` for every journey but itself,
    else each file's own 1.1 `baseline` (found by the input stage); each is loaded and viewed once."""

    def __init__(self, inputs: Inputs, options: RenderOptions, config: str | None) -> None:
        self.options, self.config = options, config
        self.by_path = {file.path: file for file in inputs.files}
        self.found = {file.path: file.baseline for file in inputs.files}
        self.views: dict[str, JourneyView | None] = {}
        self.warnings: list[str] = []  # one line each: an own baseline found in the directory that is invalid

    def view_for(self, source: Source) -> JourneyView | None:
        """The baseline's view for one journey's render, None when it has none."""
        path = self.options.baseline or self.found.get(source.path)
        if path is None or not BY_NAME[self.options.fmt].paged:
            return None
        if path not in self.views:
            file = self.by_path.get(path) or self._load(path)
            self.views[path] = None if file.journey is None else self._view(file)
            if file.journey is None:  # the to-be is valid (lint passes it): draw it alone, and say why
                self.warnings.append(
                    f"{path}: the baseline of {source.path} is not a valid journey (`cjm lint {path}`)"
                    "; the to-be is drawn without it"
                )
        view = self.views[path]
        return None if view is None or view.id == source.journey.id else view

    def _view(self, file: JourneyFile) -> JourneyView:
        assert file.journey is not None
        return build_view(
            file.journey,
            file.config.score,
            provenance=Provenance(short_hash(file.loaded.text)),
            lang=self.options.lang,
        )

    def _load(self, path: str) -> JourneyFile:
        found = collect([path], config=self.config, need_valid=True)
        found.require_some([path])
        if self.options.baseline is not None:  # asked for by name: an invalid one is the error to report
            found.require_valid()
        return found.files[0]


def small_print(path: str, view: JourneyView) -> str:
    """The warning for a one-sheet map whose text would print below 7 pt, naming what keeps it readable."""
    printing = view.printing
    paper = readable_paper(view.columns, strip_px(view.lanes))
    fix = f"--paper {paper} or --tile" if paper else "--tile"
    return (
        f"{path}: the map of {view.columns} columns prints at {printing.smallest_pt:.1f} pt on one "
        f"{printing.paper.upper()} sheet, below {MIN_PT:g} pt; use {fix} to keep it readable"
    )


def _sources(inputs: Inputs) -> list[Source]:
    return [_source(file) for file in inputs.files]


def _source(file: JourneyFile) -> Source:
    assert file.journey is not None  # require_valid ran
    return Source(file.path, file.journey, file.loaded.text, file.config.score, file.config.review_every_days)


def _provenance(source: Source, stamp: bool, inputs: Inputs) -> Provenance:
    found = git.last_commit(source.path) if stamp else None
    metrics = inputs.metrics
    return Provenance(
        source_hash=short_hash(source.text),
        metrics_name=metrics.name if metrics else None,
        metrics_hash=short_hash(metrics.data) if metrics else None,
        commit=found.commit if found else None,
        commit_date=found.date if found else None,
        dirty=found.dirty if found else False,
        committed=found.committed if found else True,
    )


def render_view(view: JourneyView, fmt: str, *, template_dir: str | None = None, epoch: int = 0) -> str | bytes:
    """One journey in one format: text for html, dot, mermaid and markdown; bytes for images.

    Image formats run the Graphviz `dot` program (DotMissing when it is not installed);
    `epoch` is the time written into PDFs, so the same input gives the same bytes.
    """
    form = BY_NAME.get(fmt)
    if form is None:
        raise ValueError(f"unknown render format {fmt!r}")
    if form.image:
        from cjm.render.dot import render_dot, run_dot

        return run_dot(render_dot(view), fmt, epoch=epoch)
    writer: Callable[[JourneyView, str | None], str] = importlib.import_module(f"cjm.render.{form.name}").render
    return writer(view, template_dir)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while one journey renders.

    A render allocates hundreds of thousands of short-lived objects and almost no cycles;
    full collections over a large journey's view would make rendering grow faster than
    linearly (measured: 2x the time per touchpoint from about 5,000 touchpoints on).
    Reference counting still frees everything; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_journey(
    journey: Journey,
    settings: ScoreSettings,
    fmt: str,
    *,
    provenance: Provenance,
    lang: str | None = None,
    persona: str | None = None,
    template_dir: str | None = None,
    epoch: int = 0,
    paper: str = DEFAULT_PAPER,
    tile: bool = False,
    review_every_days: int = REVIEW_EVERY_DAYS,
    baseline: JourneyView | None = None,
) -> tuple[JourneyView, str | bytes]:
    """Score, build the view and render one journey in one format."""
    with paused_gc():
        view = build_view(
            journey,
            settings,
            provenance=provenance,
            lang=lang,
            persona=persona,
            paper=paper,
            tile=tile,
            review_every_days=review_every_days,
            baseline=baseline,
        )
        return view, render_view(view, fmt, template_dir=template_dir, epoch=epoch)
