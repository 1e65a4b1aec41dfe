"""`cjm render`: journey maps as an HTML handout, Graphviz, Mermaid and Markdown.

Python builds a view model (`build_view`); each output format is one function over it.
Nothing here prints or exits; the command line (cjm/cli/render.py) does that.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cjm.config import ScoreConfig
from cjm.model import Journey
from cjm.render.build import UnknownPersona, build_index, build_view
from cjm.render.view import IndexView, JourneyView, Provenance

FORMATS = ("html", "svg", "png", "pdf", "dot", "mermaid", "markdown")
IMAGE_FORMATS = ("svg", "png", "pdf")
EXTENSIONS = {
    "html": "html",
    "svg": "svg",
    "png": "png",
    "pdf": "pdf",
    "dot": "dot",
    "mermaid": "mmd",
    "markdown": "md",
}

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "IMAGE_FORMATS",
    "IndexView",
    "JourneyView",
    "Provenance",
    "UnknownPersona",
    "build_index",
    "build_view",
    "paused_gc",
    "render_journey",
    "render_view",
]


def _text_formats() -> dict[str, Callable[[JourneyView, str | None], str]]:
    from cjm.render.dot import render_dot
    from cjm.render.html import render_html
    from cjm.render.markdown import render_markdown
    from cjm.render.mermaid import render_mermaid

    return {
        "html": render_html,
        "dot": lambda view, _templates: render_dot(view),
        "mermaid": lambda view, _templates: render_mermaid(view),
        "markdown": lambda view, _templates: render_markdown(view),
    }


def render_view(view: JourneyView, fmt: str, *, template_dir: str | None = None, epoch: int = 0) -> str | bytes:
    """One journey in one format: text for html, dot, mermaid and markdown; bytes for images.

    Image formats run the Graphviz `dot` program (DotMissing when it is not installed);
    `epoch` is the time written into PDFs, so the same input gives the same bytes.
    """
    if fmt in IMAGE_FORMATS:
        from cjm.render.dot import render_dot, run_dot

        return run_dot(render_dot(view), fmt, epoch=epoch)
    formats = _text_formats()
    if fmt not in formats:
        raise ValueError(f"unknown render format {fmt!r}")
    return formats[fmt](view, template_dir)


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
    settings: ScoreConfig,
    fmt: str,
    *,
    provenance: Provenance,
    lang: str | None = None,
    persona: str | None = None,
    template_dir: str | None = None,
    epoch: int = 0,
) -> tuple[JourneyView, str | bytes]:
    """Score, build the view and render one journey in one format: what `cjm render` does."""
    with paused_gc():
        view = build_view(journey, settings, provenance=provenance, lang=lang, persona=persona)
        return view, render_view(view, fmt, template_dir=template_dir, epoch=epoch)
