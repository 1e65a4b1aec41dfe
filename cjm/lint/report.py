"""What `cjm lint` produces and how it is presented: plain data for the formats."""

from __future__ import annotations

from dataclasses import dataclass, field

from cjm.findings import SEVERITY_RANK, Finding, summary


@dataclass
class LintReport:
    """The result of linting some files."""

    files: int
    findings: list[Finding]
    inputs: list[str] = field(default_factory=list)  # every file read (journeys, CSV, configs): never an output

    @property
    def summary(self) -> dict[str, int]:
        """Findings per severity."""
        return summary(self.findings)

    def failed(self, fail_level: str) -> bool:
        """True when a finding is at or above the failure level."""
        bar = SEVERITY_RANK[fail_level]
        return any(SEVERITY_RANK[f.severity] >= bar for f in self.findings)


@dataclass(frozen=True)
class LintView:
    """How to present a lint report."""

    color: bool = False
    statistics: bool = False
    quiet: bool = False
    tool_version: str = ""
    repo_root: str | None = None
