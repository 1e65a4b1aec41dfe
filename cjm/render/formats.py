"""`cjm render` output formats, each named once, with the file extension it is written with.

Text formats are written by `render(view, template_dir)` in `cjm.render.<name>`; image
formats are the DOT source laid out by the Graphviz `dot` program. Import-light: the
command line reads its choices from NAMES.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One render format."""

    name: str
    extension: str | None = None  # None: the name
    image: bool = False  # laid out by Graphviz `dot` (needs the program)
    binary: bool = False  # bytes, never text
    paged: bool = False  # printed on sheets of paper: --paper and --tile apply

    @property
    def ext(self) -> str:
        """The file extension of this format's files."""
        return self.extension or self.name


FORMATS = (
    Format("html", paged=True),
    Format("svg", image=True),
    Format("png", image=True, binary=True),
    Format("pdf", image=True, binary=True),
    Format("dot"),
    Format("mermaid", "mmd"),
    Format("markdown", "md"),
)
BY_NAME = {f.name: f for f in FORMATS}
NAMES = tuple(BY_NAME)
DEFAULT = NAMES[0]
HANDOUT = BY_NAME[DEFAULT]  # the HTML handout: never dumped into a terminal
