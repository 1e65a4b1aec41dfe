"""The HTML handout and the index page, from Jinja2 templates (never string concatenation).

Autoescape is always on: every text from the YAML is escaped unless a template explicitly
says otherwise. With `--template DIR` (say, from a pull request) every template, the
packaged ones included, runs in Jinja's immutable sandbox, so an override cannot call
into Python or mutate the view; DIR may override any template, the rest come from the
package. The packaged templates alone are trusted code and run in a plain environment
(the sandbox checks every attribute access, which triples the rendering time).
"""

from __future__ import annotations

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
)
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from cjm.render.view import IndexView, JourneyView

JOURNEY_TEMPLATE = "journey.html.j2"
INDEX_TEMPLATE = "index.html.j2"
MAX_PRODUCT = 1_000_000  # longest string or list a template may build with `*`
MAX_EXPONENT = 1_000


class TemplateProblem(Exception):
    """A template could not be loaded or rendered: one line, exit 2."""


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with `*` and `**` bounded so a template cannot build a
    gigabyte string or spend minutes on one power (ranges are bounded by Jinja already)."""

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


@lru_cache(maxsize=8)
def environment(template_dir: str | None = None) -> Environment:
    """The packaged templates; with an override directory, that directory first, sandboxed."""
    packaged = PackageLoader("cjm", "templates")
    loaders: list[BaseLoader] = [packaged]
    if template_dir is not None:
        # An override may extend the template it replaces as "cjm/<name>".
        loaders = [FileSystemLoader(template_dir, encoding="utf-8"), packaged, PrefixLoader({"cjm": packaged})]
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
    """Render one template; any template error becomes a TemplateProblem with its position."""
    try:
        template = environment(template_dir).get_template(name)
        return template.render(**context)
    except TemplateError as exc:
        raise TemplateProblem(_describe(exc, name)) from None
    except RecursionError:
        raise TemplateProblem(f"{name}: the templates call or extend themselves without end") from None
    except (OverflowError, MemoryError) as exc:
        raise TemplateProblem(f"{name}: the template asks for too much ({exc or 'memory'})") from None


def _describe(exc: TemplateError, name: str) -> str:
    where = getattr(exc, "filename", None) or getattr(exc, "name", None) or name
    line = getattr(exc, "lineno", None)
    shown = Path(where).as_posix() if where else name
    return f"{shown}:{line}: {exc.message}" if line else f"{shown}: template error: {exc.message}"


def render_html(view: JourneyView, template_dir: str | None = None) -> str:
    """The self-contained HTML handout of one journey."""
    return render_template(JOURNEY_TEMPLATE, template_dir, view=view, lang=view.lang)


def render_index(index: IndexView, template_dir: str | None = None) -> str:
    """The index page listing every rendered journey with its end-to-end health."""
    return render_template(INDEX_TEMPLATE, template_dir, index=index, lang=index.lang)
