"""The HTML handout and the index page, from Jinja2 templates (never string concatenation).

Autoescape is always on: every text from the YAML is escaped unless a template explicitly
says otherwise. With `--template DIR` (say, from a pull request) every template, the
packaged ones included, runs in Jinja's immutable sandbox, so an override cannot call
into Python or mutate the view; DIR may override any template, the rest come from the
package. The packaged templates alone are trusted code and run in a plain environment
(the sandbox checks every attribute access, which triples the rendering time).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from cjm.errors import JobError
from cjm.render.confine import MAX_BYTES, Refused, run_confined
from cjm.render.view import IndexView, JourneyView

JOURNEY_TEMPLATE = "journey.html.j2"
INDEX_TEMPLATE = "index.html.j2"
MAX_PRODUCT = 1_000_000  # longest string or list a template may build with `*`
MAX_EXPONENT = 1_000
MAX_OUTPUT_CHARS = MAX_BYTES  # a sandboxed page is refused while it grows (bytes are checked at the end)


class TemplateProblem(JobError):
    """A template could not be loaded or rendered: one line, exit 2."""


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with `*` and `**` bounded so a template cannot build a
    gigabyte string or spend minutes on one power in a single step. Everything else a
    template might overdo is bounded by running it confined (cjm.render.confine)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse products and powers whose result would be huge."""
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the template raises to the power {right}, more than {MAX_EXPONENT}")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, (str, list, tuple)) and isinstance(count, int)
                if sized and len(seq) * count > MAX_PRODUCT:
                    raise SecurityError(f"the template builds a sequence longer than {MAX_PRODUCT:,}")
        return super().call_binop(context, operator, left, right)


class _OwnFiles(FileSystemLoader):
    """The override directory's own files: a symlink or `..` that leads out of it (to
    /proc/self/environ, say, from a pull request) reads as no template at all."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory, encoding="utf-8", followlinks=False)
        self.root = os.path.realpath(directory)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """Checked before anything is opened: no hidden names (.git/config), no `..`, nothing outside."""
        pieces = template.replace("\\", "/").split("/")
        if any(piece.startswith(".") for piece in pieces):
            raise TemplateNotFound(template)
        real = os.path.realpath(os.path.join(self.root, *pieces))
        if os.path.commonpath([self.root, real]) != self.root or not os.path.isfile(real):
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


@lru_cache(maxsize=8)
def environment(template_dir: str | None = None) -> Environment:
    """The packaged templates; with an override directory, that directory first, sandboxed."""
    packaged = PackageLoader("cjm", "templates")
    loaders: list[BaseLoader] = [packaged]
    if template_dir is not None:
        # An override may extend the template it replaces as "cjm/<name>".
        loaders = [_OwnFiles(template_dir), packaged, PrefixLoader({"cjm": packaged})]
    kind = Environment if template_dir is None else Sandbox
    return kind(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render_template(name: str, template_dir: str | None, **context: object) -> str:
    """Render one template; any template error becomes a TemplateProblem with its position.

    With `--template DIR` the render is untrusted: it runs in the sandbox, confined to a
    time and memory limit, and whatever goes wrong in it is the template's problem (exit 2).
    """
    env = environment(template_dir)
    if not isinstance(env, Sandbox):
        return _render(env, name, context, untrusted=False)

    # Even compiling is confined: Jinja folds constant expressions, so `{{ [1] | batch(10**9) }}`
    # runs while the template is parsed.
    def work() -> str:
        try:
            return _render(env, name, context, untrusted=True)
        except TemplateProblem as exc:
            raise Refused(str(exc)) from None

    try:
        return run_confined(work, label=name)
    except Refused as exc:
        raise TemplateProblem(str(exc)) from None


def _render(env: Environment, name: str, context: dict[str, object], *, untrusted: bool) -> str:
    try:
        template = env.get_template(name)
        return _bounded(template.generate(**context), name) if untrusted else template.render(**context)
    except TemplateError as exc:
        raise TemplateProblem(_describe(exc, name)) from None
    except RecursionError:
        raise TemplateProblem(
            f"{name}: the templates nest too deeply, or call or extend themselves without end"
        ) from None
    except MemoryError:
        raise TemplateProblem(f"{name}: the template needs more memory than it may use; refused") from None
    except OverflowError as exc:
        raise TemplateProblem(f"{name}: the template asks for too much ({exc})") from None
    except TemplateProblem:
        raise
    except Exception as exc:
        if not untrusted:
            raise  # the packaged templates are cjm's own code: a bug
        raise TemplateProblem(_describe(exc, name)) from None


def _bounded(chunks: Any, name: str) -> str:
    """Join a sandboxed template's output, refusing it once it outgrows MAX_OUTPUT_CHARS."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateProblem(f"{name}: the page grew past {MAX_OUTPUT_CHARS // 1024 // 1024} MB; refused")
        out.append(chunk)
    return "".join(out)


def _describe(exc: Exception, name: str) -> str:
    """`file:line: message`: a syntax error knows its place; a runtime error is found in the traceback."""
    where, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if line is None:
        # Jinja rewrites tracebacks so a frame of template code carries its file and line.
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            where, line = frames[-1].filename, frames[-1].lineno
    shown = _shown(where) if where else name
    if isinstance(exc, TemplateNotFound):
        return f"{shown}:{line}: no template {exc.name!r} to include" if line else f"{shown}: no such template"
    message = exc.message if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
    return f"{shown}:{line}: {message}" if line else f"{shown}: template error: {message}"


def _shown(filename: str) -> str:
    """A template's file as the user knows it: their own as given, a packaged one as `cjm/<name>`."""
    path = Path(filename)
    packaged = Path(__file__).resolve().parent.parent / "templates"
    try:
        return "cjm/" + path.resolve().relative_to(packaged).as_posix()
    except ValueError:
        return path.as_posix()


def render(view: JourneyView, template_dir: str | None = None) -> str:
    """The HTML handout of one journey."""
    return render_html(view, template_dir)


def render_html(view: JourneyView, template_dir: str | None = None) -> str:
    """The self-contained HTML handout of one journey."""
    yt = text_in(view.content_lang, view.lang)
    return render_template(JOURNEY_TEMPLATE, template_dir, view=view, lang=view.lang, yt=yt)


def text_in(content_lang: str, page_lang: str) -> Callable[[object], Markup]:
    """`yt(text)` for the templates: the journey's own text, escaped, marked with its language
    when the labels (and so the page) are in another one (`--lang`), so a screen reader
    pronounces Danish text as Danish on an English page. Same language: just escaped."""
    if content_lang == page_lang:
        return escape
    return lambda text: Markup('<span lang="{}">{}</span>').format(content_lang, text)


def render_index(index: IndexView, template_dir: str | None = None) -> str:
    """The index page listing every rendered journey with its end-to-end health."""
    return render_template(INDEX_TEMPLATE, template_dir, index=index, lang=index.lang)
