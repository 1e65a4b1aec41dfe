"""User-facing labels of every render, in the six languages of the format.

The words are data: one message catalogue per language, `cjm/render/messages/<lang>.json`,
each written out in full (no language borrows another's words, none falls back to
English); tests/test_messages.py compares every catalogue with the English one. Numbers
in each language's style come from cjm.numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources

from cjm.languages import LANGUAGES
from cjm.numbers import PERIODS as PERIODS  # re-exported: the catalogue keys per_<period>

# The periods a journey's `period` names that renders translate (SPEC §2, cjm.numbers.PERIODS),
# each with a catalogue entry `per_<period>` ("pr. måned"); any other text is shown as written.


@cache
def catalogue(language: str) -> dict[str, str]:
    """The message catalogue of one language, read from the package once."""
    path = resources.files("cjm.render").joinpath("messages").joinpath(f"{language}.json")
    messages = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(messages, dict) or not all(isinstance(value, str) for value in messages.values()):
        raise ValueError(f"cjm/render/messages/{language}.json is not one object of texts")
    return messages


LABELS: dict[str, dict[str, str]] = {language: catalogue(language) for language in LANGUAGES}
EN = LABELS["en"]


def labels_for(language: str | None) -> dict[str, str]:
    """The labels of a language (English when none is given)."""
    return LABELS.get(language or "en", EN)


def journey_labels(language: str | None, phases: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The labels of a language, with a format 1.1 journey's own names of its phases (`phases`)."""
    labels = labels_for(language)
    own = {f"phase_{phase}": name for phase, name in (phases or {}).items() if name}
    return {**labels, **own} if own else labels
