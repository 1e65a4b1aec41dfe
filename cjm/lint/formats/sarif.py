"""`cjm lint --format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Locations are relative to the repository root (`uriBaseId` `%SRCROOT%`); a file outside
it gets an absolute `file:` URI. Fingerprints come from path, code and item path,
never the line, so an alert survives lines moving above it.
"""

from __future__ import annotations

from typing import Any

from cjm.display import json_document
from cjm.findings import Finding
from cjm.lint.formats.ci import artifact_uri, fingerprints
from cjm.lint.report import LintReport, LintView
from cjm.rules import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/cjm-journeys/"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "cjmItem/v1"


def rule_help(rule: Rule) -> dict[str, str]:
    """The rule's documentation as SARIF `help`: plain text and Markdown."""
    why, fix = (_prose(rule.doc.get(key, "")) for key in ("Why", "Fix"))
    fails, passes = (rule.doc.get(key, "") for key in ("Fails", "Passes"))
    text = f"{rule.summary}\n\nWhy: {why}\n\nFails:\n{_indent(fails)}\n\nPasses:\n{_indent(passes)}\n\nFix: {fix}\n"
    markdown = (
        f"{rule.summary}\n\n**Why it matters.** {why}\n\n**Fails:**\n\n```yaml\n{fails}\n```\n\n"
        f"**Passes:**\n\n```yaml\n{passes}\n```\n\n**How to fix.** {fix}\n"
    )
    return {"text": text, "markdown": markdown}


def _prose(text: str) -> str:
    """A docstring paragraph as one line (viewers wrap it themselves)."""
    return " ".join(text.split())


def _indent(snippet: str) -> str:
    return "\n".join("    " + line if line else line for line in snippet.splitlines())


def descriptor(rule: Rule) -> dict[str, Any]:
    """One `reportingDescriptor`: id, name, descriptions, help and default level."""
    full = f"{rule.summary} {_prose(rule.rationale)}".strip()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": rule_help(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["cjm", "customer-journey"]},
    }


def result(finding: Finding, rule_index: dict[str, int], repo_root: str | None, fingerprint: str) -> dict[str, Any]:
    """One SARIF result with a physical location (1-based region) and a line-free fingerprint."""
    uri, inside = artifact_uri(finding.path, repo_root)
    artifact: dict[str, Any] = {"uri": uri}
    if inside:
        artifact["uriBaseId"] = SRCROOT
    message = finding.message if finding.message.endswith((".", "?", "!")) else finding.message + "."
    out: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.code in rule_index:
        out["ruleIndex"] = rule_index[finding.code]
    properties = {"item": finding.item}
    if finding.item_id is not None:
        properties["itemId"] = finding.item_id
    out["properties"] = properties
    return out


def render(report: LintReport, view: LintView) -> str:
    """The SARIF log: one run, every rule described, one result per finding."""
    from cjm.rules import all_rules

    rules = all_rules()
    rule_index = {rule.code: i for i, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cjm",
                        "version": view.tool_version or "0",
                        "informationUri": INFORMATION_URI,
                        "rules": [descriptor(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    result(f, rule_index, view.repo_root, fp)
                    for f, fp in zip(report.findings, fingerprints(report.findings, view.repo_root), strict=True)
                ],
            }
        ],
    }
    return json_document(log)
