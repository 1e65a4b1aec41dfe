"""Reading a Mermaid `journey` diagram (a `.mmd` file, or the first mermaid block of a Markdown file).

The syntax of Mermaid's documentation: `journey`, `title …`, `section …`, then tasks
`Task name: score: Actor 1, Actor 2`. Section → stage, task → touchpoint, score 1–5 →
emotion −2..+2 (1 → −2, 3 → 0, 5 → +2), actors → personas. The diagram becomes a table
with the English column names, so one builder makes the journey from any source.
"""

from __future__ import annotations

import re

from cjm.importer.report import Cell, ImportProblem, Source, Table
from cjm.spreadsheet import read_number

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*mermaid\b.*$")
_SKIPPED = ("accTitle", "accDescr", "%%")
_TITLE = re.compile(r"^title:(.*)$")
_DESCRIPTION = re.compile(r"^accDescr\s*\{")  # a description over lines, to its `}`


def read(data: bytes, shown: str, limit: int) -> Source:
    """The journey diagram of a .mmd file, or of the first ```mermaid block of a Markdown file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(f"{shown}: the file is not UTF-8 text") from None
    lines = text.splitlines()
    first, lines = _diagram(lines, shown)
    skipped, title = _front_matter(lines)
    first, lines = first + skipped, lines[skipped:]
    section: str | None = None
    started = False
    described = False  # inside a multi-line `accDescr { ... }`
    rows: list[list[Cell]] = []
    warnings: list[str] = []
    for number, line in enumerate(lines, start=first):
        content = line.strip()
        if described or _DESCRIPTION.match(content):
            described = "}" not in (content if described else content.partition("{")[2])
            continue
        if not content or content.startswith(_SKIPPED):
            continue
        if not started:
            if content != "journey":
                raise ImportProblem(f"{shown}:{number}: not a Mermaid journey (it starts with {content[:40]!r})")
            started = True
        elif content.startswith("title ") or content == "title":
            title = content[5:].strip() or None
        elif content.startswith("section ") or content == "section":
            section = content[7:].strip() or None
        else:
            rows.append(_task(line, number, section or title or "Journey", shown, warnings))
    if not started:
        raise ImportProblem(f"{shown}: no Mermaid journey found")
    header = [Cell(name, f"{shown}:{first}:1") for name in ("Stage", "Touchpoint", "Emotion", "Persona")]
    return Source(Table("", header, rows, decimal_comma=False), title=title, warnings=warnings)


def _front_matter(lines: list[str]) -> tuple[int, str | None]:
    """The lines of a leading `---` ... `---` block (Mermaid's front matter) and the title it gives."""
    starts = [n for n, line in enumerate(lines) if line.strip()]
    if not starts or lines[starts[0]].strip() != "---":
        return 0, None
    end = next((n for n in range(starts[0] + 1, len(lines)) if lines[n].strip() == "---"), None)
    if end is None:
        return 0, None
    title = next((m.group(1) for line in lines[starts[0] + 1 : end] if (m := _TITLE.match(line))), None)
    if title is not None:
        title = title.strip().strip("'\"").strip() or None
    return end + 1, title


def _diagram(lines: list[str], shown: str) -> tuple[int, list[str]]:
    """The diagram's lines and the number of its first line: the whole file, or a Markdown block."""
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if match:
            fence = match.group(2)
            body = []
            for inner in lines[number + 1 :]:
                if inner.strip().startswith(fence):
                    break
                body.append(inner)
            return number + 2, body
    if shown.lower().endswith((".md", ".markdown")):
        raise ImportProblem(f"{shown}: no ```mermaid block in this Markdown file")
    return 1, lines


def _task(line: str, number: int, stage: str, shown: str, warnings: list[str]) -> list[Cell]:
    """`Make tea: 5: Me, Cat` as the cells stage, touchpoint, emotion, persona."""
    name, _, rest = line.partition(":")
    score_text, _, actors = rest.partition(":")
    indent = len(line) - len(line.lstrip())
    score_column = len(name) + 2 + (len(score_text) - len(score_text.lstrip()))
    where = f"{shown}:{number}:{score_column}"
    emotion: float | None = None
    score = read_number(score_text, ",") if score_text.strip() else None
    if score is not None and 1 <= score <= 5:
        emotion = score - 3
        emotion = int(emotion) if emotion.is_integer() else emotion
    elif score_text.strip():
        warnings.append(f"{where}: score {score_text.strip()!r} is not a number 1..5; the emotion is left out")
    return [
        Cell(stage, f"{shown}:{number}:1"),
        Cell(name.strip(), f"{shown}:{number}:{indent + 1}"),
        Cell(emotion, where),
        Cell(", ".join(a.strip() for a in actors.split(",") if a.strip()) or None, f"{shown}:{number}:{len(name) + 2}"),
    ]
