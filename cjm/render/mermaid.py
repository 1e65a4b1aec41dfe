"""Mermaid `journey` diagrams, as GitHub renders them in Markdown.

A section per stage, a task per touchpoint, the score is the emotion mapped to 1..5,
the actors are the personas the touchpoint serves. Mermaid's journey syntax has no
escaping, so the characters that carry syntax are replaced by look-alikes: `:` (the
field separator), `;` (a statement separator), `#` (entity codes), `,` in actor names
(the actor separator), `%` (comments `%%`), backticks (they would close a Markdown fence)
and line breaks (one statement per line); a task that starts with a keyword (`title`,
`section`, `journey`) gets an invisible zero-width space before it.
"""

from __future__ import annotations

import re

from cjm.display import one_line
from cjm.render.view import JourneyView

# Mermaid's journey lexer is case-insensitive and reads these words first on a line as keywords:
# a task named "Title search" became the diagram's title, "Journey planner" broke the parse.
_KEYWORD = re.compile(r"(?:title|section|journey|acctitle|accdescr)", re.IGNORECASE)
_NEUTRAL = "\u200b"  # a zero-width space before the word: shown the same, lexed as task text

_LOOKALIKES = str.maketrans(
    {
        ":": "\u02d0",  # ː modifier letter triangular colon
        ";": "\u037e",  # ; Greek question mark (looks like a semicolon)
        "#": "\u266f",  # ♯
        "%": "\u066a",  # ٪ Arabic percent sign
        "`": "\u02cb",  # ˋ
        "{": "(",
        "}": ")",
        "<": "\u2039",  # ‹
        ">": "\u203a",  # ›
    }
)


def safe(text: str) -> str:
    """Text made inert for a Mermaid journey statement: one line, no syntax characters."""
    return one_line(" ".join(text.split())).translate(_LOOKALIKES) or "-"


def actor(name: str) -> str:
    """An actor name: like safe(), and a comma would split it in two."""
    return safe(name).replace(",", "\u201a")  # ‚ single low-9 quotation mark


def render(view: JourneyView, template_dir: str | None = None) -> str:
    """The mermaid text of one journey (templates do not apply)."""
    return render_mermaid(view)


def render_mermaid(view: JourneyView) -> str:
    """The Mermaid source of a journey diagram (no fence)."""
    labels = view.labels
    title = view.title if view.persona is None else f"{view.title} · {view.persona.name}"
    lines = ["journey", f"    title {safe(title)}"]
    for stage in view.stages:
        if not stage.touchpoints:
            continue
        lines.append(f"    section {safe(stage.name)}")
        for tp in stage.touchpoints:
            actors = ", ".join(actor(name) for name in tp.personas) or actor(labels["customer"])
            lines.append(f"        {_task(tp.name, tp.cls)}: {tp.emotion.score5}: {actors}")
    return "\n".join(lines) + "\n"


def _task(name: str, cls: str) -> str:
    """The task text: the touchpoint's name, pain points and moments of truth marked ▼ and ★."""
    mark = {"pain": "▼ ", "truth": "★ "}.get(cls, "")
    text = safe(name)
    return mark + (_NEUTRAL + text if not mark and _KEYWORD.match(text) else text)
