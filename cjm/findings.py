"""Findings: plain data with a position, produced by the loader and the rules."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    code: str
    severity: str = field(compare=False)
    message: str = field(compare=False)
    name: str = field(default="", compare=False)
    item: str = field(default="", compare=False)
    item_id: str | None = field(default=None, compare=False)
    anchor: str = field(default="", compare=False)  # tells apart findings of one code on one item (fingerprints)

    def located(self) -> str:
        """`file:line:col: CODE message`, as one line for an error message."""
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


def summary(findings: list[Finding]) -> dict[str, int]:
    """Count findings per severity, every severity present."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts
