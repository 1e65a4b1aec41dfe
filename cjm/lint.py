"""The lint engine: load each journey, run the enabled rules, apply severity and suppressions.

The engine knows nothing about any particular rule; it iterates the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cjm.config import CORE_CODES, Config, ConfigResolver
from cjm.findings import SEVERITY_RANK, Finding, summary
from cjm.load import Loaded, load_journey
from cjm.model import Journey
from cjm.paths import expand_paths
from cjm.rules import Issue, Rule, get_rule, iter_checks, selected
from cjm.source import SourceMap, format_loc

SUPPRESSION_CODE = "CJM115"


@dataclass
class LintOptions:
    """What the command line adds to the configuration."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    only_journeys: bool = False


@dataclass
class LintReport:
    """The result of linting some files: plain data for the formats."""

    files: int
    findings: list[Finding]

    @property
    def summary(self) -> dict[str, int]:
        """Findings per severity."""
        return summary(self.findings)

    def failed(self, fail_level: str) -> bool:
        """True when a finding is at or above the failure level."""
        bar = SEVERITY_RANK[fail_level]
        return any(SEVERITY_RANK[f.severity] >= bar for f in self.findings)


class RuleContext:
    """What a rule sees: the validated journey, its config and today's date, plus shared indexes."""

    def __init__(self, journey: Journey, config: Config, today: dt.date, source: SourceMap | None = None):
        self.journey = journey
        self.config = config
        self.today = today
        self.source = source

    @cached_property
    def index(self) -> Any:
        """Lookup tables built once per journey (ids, order, flow)."""
        from cjm.index import JourneyIndex

        return JourneyIndex(self.journey)

    @cached_property
    def scores(self) -> Any:
        """The scoring model's result for this journey (computed once, shared by rules)."""
        from cjm.score import score_journey

        return score_journey(self.journey, self.config.score)


def validate_selectors(selectors: Iterable[str]) -> None:
    """Reject a selector that matches no known rule (a typo would silently select nothing)."""
    from cjm.rules import all_rules

    codes = [r.code for r in all_rules()]
    for sel in selectors:
        if sel != "ALL" and not any(code.startswith(sel) for code in codes):
            raise ValueError(f"unknown rule selector {sel!r} (see `cjm rules`)")


def enabled_rules(config: Config, options: LintOptions) -> list[Rule]:
    """Rules that run: selected by --select (else the config), minus config and --ignore."""
    select = options.select or config.lint.select
    ignore = (*config.lint.ignore, *options.ignore)
    return [r for r in iter_checks() if selected(r.code, select) and not selected(r.code, ignore)]


def lint_loaded(loaded: Loaded, config: Config, options: LintOptions) -> list[Finding]:
    """All findings for one loaded file: loader problems, else the enabled rules'."""
    if loaded.journey is None or loaded.source is None:
        return list(loaded.problems)
    context = RuleContext(loaded.journey, config, options.today, loaded.source)
    findings: list[Finding] = []
    for rule in enabled_rules(config, options):
        severity = config.lint.severity.get(rule.code, rule.severity)
        for issue in rule.check(context) if rule.check else ():
            findings.append(_locate(loaded, rule, severity, issue))
    return apply_suppressions(findings, loaded.source, loaded.path, config, options)


def _locate(loaded: Loaded, rule: Rule, severity: str, issue: Issue) -> Finding:
    assert loaded.source is not None
    loc = issue.loc
    # A journey-level finding points at the `cjm:` key.
    line, column = loaded.source.position(loc) if loc else loaded.source.mapping_position(())
    return Finding(
        path=loaded.path,
        line=line,
        column=column,
        code=rule.code,
        severity=severity,
        message=issue.message,
        name=rule.name,
        item=format_loc(loc),
        item_id=issue.item_id,
    )


def apply_suppressions(
    findings: list[Finding], source: SourceMap, path: str, config: Config, options: LintOptions
) -> list[Finding]:
    """Drop findings silenced by `# cjm: ignore[...]` / `ignore-file[...]`; report unused ones (CJM115)."""
    inline = source.suppression_lines()
    whole_file = source.file_suppressions()
    if not inline and not whole_file:
        return findings
    file_codes = {code for codes in whole_file.values() for code in codes}
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        if finding.code in file_codes:
            used.update((line, finding.code) for line, codes in whole_file.items() if finding.code in codes)
            continue
        if finding.code in inline.get(finding.line, ()):
            used.add((finding.line, finding.code))
            continue
        kept.append(finding)
    unused_rule = get_rule(SUPPRESSION_CODE)
    select = options.select or config.lint.select
    ignore = (*config.lint.ignore, *options.ignore)
    if unused_rule is None or not selected(SUPPRESSION_CODE, select) or selected(SUPPRESSION_CODE, ignore):
        return kept
    severity = config.lint.severity.get(SUPPRESSION_CODE, unused_rule.severity)
    for line, codes in sorted({**inline, **whole_file}.items()):
        for code in sorted(codes):
            if (line, code) in used:
                continue
            why = "CJM001–CJM006 cannot be suppressed" if code in CORE_CODES else "nothing to suppress here"
            kept.append(
                Finding(path, line, 1, SUPPRESSION_CODE, severity, f"unused suppression of {code}: {why}",
                        unused_rule.name)
            )
    return kept


def lint_paths(paths: list[str], resolver: ConfigResolver, options: LintOptions) -> LintReport:
    """Lint every journey named by paths (files, directories, '-'); files are loaded one at a time."""
    files = expand_paths(paths, only_journeys=options.only_journeys)
    findings: list[Finding] = []
    for path in files:
        config = resolver.for_path(path)
        loaded = load_journey(path, limit_mb=config.limits.file_mb)
        findings.extend(lint_loaded(loaded, config, options))
    findings.sort()
    return LintReport(files=len(files), findings=findings)
