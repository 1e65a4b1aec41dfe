"""CJM120: the journey is still `cjm init`'s starter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from cjm.languages import LANGUAGES
from cjm.rules.registry import Issue, rule

if TYPE_CHECKING:
    from cjm.rules.context import RuleContext

STARTER_ID = "my-journey"
_TITLE = re.compile(r"^title:\s*(.+?)\s*(?:#.*)?$", re.MULTILINE)


@cache
def starter_titles() -> frozenset[str]:
    """The titles of the six starters `cjm init` writes (read from the package, once)."""
    titles = set()
    for language in LANGUAGES:
        text = resources.files("cjm").joinpath("starters").joinpath(f"{language}.yaml").read_text("utf-8")
        found = _TITLE.search(text)
        if found:
            titles.add(found.group(1))
    return frozenset(titles)


@rule("CJM120", "starter-untouched", "info")
def starter_untouched(ctx: RuleContext) -> Iterator[Issue]:
    """The journey is still the starter that `cjm init` wrote: its id and title are the starter's.

    Why: `cjm init` writes an example journey so that a consultant sees every field in use.
    A map still called "My customer journey" with the id `my-journey` is the example, not the
    client's journey: two of them in one repository collide (CJM004), and the handout shows
    the example's title to the client.

    Fails:
        id: my-journey
        title: My customer journey

    Passes:
        id: broadband-self-install
        title: Broadband self-installation

    Fix: Give the journey its own `id` (a slug) and `title`, and replace the example's stages
    and touchpoints with the client's.
    """
    journey = ctx.journey
    if journey.id == STARTER_ID and journey.title in starter_titles():
        yield Issue(
            ("id",),
            f"the journey is still the starter of `cjm init` (id '{journey.id}', title '{journey.title}'):"
            " give it its own id and title",
            journey.id,
        )
