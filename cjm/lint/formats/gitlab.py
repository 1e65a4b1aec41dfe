"""`cjm lint --format gitlab`: a GitLab Code Quality report (a JSON array), shown in merge requests."""

from __future__ import annotations

from typing import Any

from cjm.display import json_document
from cjm.findings import Finding
from cjm.lint.formats.ci import fingerprints, repo_path
from cjm.lint.report import LintReport, LintView

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issue(finding: Finding, repo_root: str | None, fingerprint: str) -> dict[str, Any]:
    """One Code Quality issue; the path is relative to the repository root."""
    return {
        "description": f"{finding.code} {finding.name}: {finding.message}",
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": repo_path(finding.path, repo_root)[0], "lines": {"begin": finding.line}},
    }


def render(report: LintReport, view: LintView) -> str:
    """The report as a JSON array, in the order of the findings."""
    prints = fingerprints(report.findings, view.repo_root)
    issues = [issue(f, view.repo_root, fp) for f, fp in zip(report.findings, prints, strict=True)]
    return json_document(issues)
