"""`cjm lint --format json`: the shape of SPEC §4.1."""

from __future__ import annotations

from typing import Any

from cjm.display import json_document
from cjm.findings import Finding
from cjm.lint.report import LintReport, LintView


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding as JSON data; `item_id` only where the item has an id."""
    out: dict[str, Any] = {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "item": f.item,
    }
    if f.item_id is not None:
        out["item_id"] = f.item_id
    return out


def render(report: LintReport, view: LintView) -> str:
    """`{"version": 1, "files": N, "findings": [...], "summary": {...}}`."""
    data = {
        "version": 1,
        "files": report.files,
        "findings": [finding_dict(f) for f in report.findings],
        "summary": report.summary,
    }
    return json_document(data)
