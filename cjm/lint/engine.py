"""The lint engine: run the enabled rules over a loaded journey, apply severity and suppressions.

The engine knows nothing about any particular rule; it iterates the registry. Inline
suppressions (`# cjm: ignore[CODE,...]` on the first line of the item a finding points
to, `# cjm: ignore-file[CODE,...]` anywhere) are handled here, once, for every rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cjm.codes import CORE_CODES, SUPPRESSION_CODE, covers_core
from cjm.config import Config
from cjm.findings import Finding
from cjm.load import Loaded, item_id_at
from cjm.rules import Issue, Rule, get_rule, iter_checks, selected
from cjm.rules.context import RuleContext
from cjm.source import Loc, SourceMap, format_loc
from cjm.yamlsafe import YList, YMap

_COMMENT_RE = re.compile(r"#\s*cjm:\s*ignore(?:-file)?\[")


@dataclass(frozen=True)
class LintOptions:
    """What the command line adds to the configuration."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)


def validate_ignores(selectors: Iterable[str]) -> None:
    """Reject --ignore selectors that would cover CJM001–CJM006, as the config does."""
    for sel in selectors:
        if covers_core(sel):
            raise ValueError(f"--ignore {sel}: CJM001–CJM006 cannot be ignored")


def enabled_rules(config: Config, options: LintOptions) -> list[Rule]:
    """Rules that run: selected by --select (else the config), minus config and --ignore."""
    return [r for r in iter_checks() if _enabled(r.code, config, options)]


def _enabled(code: str, config: Config, options: LintOptions) -> bool:
    select = options.select or config.lint.select
    ignore = (*config.lint.ignore, *options.ignore)
    return selected(code, select) and not selected(code, ignore)


def lint_loaded(
    loaded: Loaded,
    config: Config,
    options: LintOptions,
    rules: list[Rule] | None = None,
    *,
    suppressions: bool = True,
) -> list[Finding]:
    """All findings for one loaded file: loader problems and the enabled rules'.

    An invalid file is linted as far as it can be (SPEC §4.5): the rules run on its partial
    journey (invalid values left out), except those that need scores. Without `suppressions`
    the file's `# cjm: ignore` comments count for nothing (a gate judging a change that adds one).
    """
    partial = loaded.partial if loaded.journey is None else None
    journey = loaded.journey or (partial.journey if partial else None)
    if journey is None or loaded.source is None:
        return list(loaded.problems)
    rules = enabled_rules(config, options) if rules is None else rules
    if partial is not None:  # an invalid journey has no scores
        rules = [rule for rule in rules if not rule.needs_scores]
    context = RuleContext(journey, config, options.today, loaded.source)
    # a valid journey can still carry a problem found across files (CJM004: an id another file has)
    findings: list[Finding] = [*loaded.problems, *(partial.problems if partial else ())]
    for rule in rules:
        severity = config.lint.severity.get(rule.code, rule.severity)
        for issue in rule.check(context) if rule.check else ():
            findings.append(_locate(loaded, rule, severity, issue))
    if not suppressions:
        return findings
    ran = {rule.code for rule in rules}
    return apply_suppressions(findings, loaded.source, loaded.path, config, options, ran=ran)


def _locate(loaded: Loaded, rule: Rule, severity: str, issue: Issue) -> Finding:
    assert loaded.source is not None
    partial = loaded.partial if loaded.journey is None else None
    loc = partial.file_loc(issue.loc) if partial else issue.loc
    # A journey-level finding points at the `cjm:` key and is about the journey (its id).
    line, column = loaded.source.position(loc) if loc else loaded.source.mapping_position(())
    journey_id = loaded.journey.id if loaded.journey else partial.journey_id if partial else None
    item_id = issue.item_id if loc or issue.item_id else journey_id
    return Finding(
        path=loaded.path,
        line=line,
        column=column,
        code=rule.code,
        severity=severity,
        message=issue.message,
        name=rule.name,
        item=format_loc(loc),
        item_id=item_id,
    )


def apply_suppressions(
    findings: list[Finding],
    source: SourceMap,
    path: str,
    config: Config,
    options: LintOptions,
    *,
    ran: set[str] | None = None,
) -> list[Finding]:
    """Drop findings silenced by `# cjm: ignore[...]` / `ignore-file[...]`; report unused ones (CJM115).

    `ran` holds the codes of the rules that ran; a suppression of a rule that did not
    run is not judged (nobody knows whether it would suppress something).
    """
    if "ignore" not in source.text:
        return findings
    inline = source.suppression_lines()
    whole_file = source.file_suppressions()
    if not inline and not whole_file:
        return findings
    file_lines: dict[str, list[int]] = {}
    for line, codes in whole_file.items():
        for code in codes:
            file_lines.setdefault(code, []).append(line)
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        if finding.code in CORE_CODES:
            kept.append(finding)
        elif finding.code in file_lines:
            used.update((line, finding.code) for line in file_lines[finding.code])
        elif finding.code in inline.get(finding.line, ()):
            used.add((finding.line, finding.code))
        else:
            kept.append(finding)
    if SUPPRESSION_CODE in file_lines or not _enabled(SUPPRESSION_CODE, config, options):
        return kept
    if ran is None:
        ran = {rule.code for rule in enabled_rules(config, options)}
    stale = _unused(inline, used, ran, "on this line") + _unused(whole_file, used, ran, "in this file")
    unused_rule = get_rule(SUPPRESSION_CODE)
    assert unused_rule is not None
    severity = config.lint.severity.get(SUPPRESSION_CODE, unused_rule.severity)
    for line, file_wide, message, anchor in stale:
        if not file_wide and SUPPRESSION_CODE in inline.get(line, ()):
            continue
        loc = () if file_wide else _item_at_line(source.root, line)
        column = _comment_column(source.line(line), file_wide)
        item_id = item_id_at(source.root, loc) if loc else None
        item = format_loc(loc)
        name = unused_rule.name
        kept.append(Finding(path, line, column, SUPPRESSION_CODE, severity, message, name, item, item_id, anchor))
    return kept


def _unused(
    suppressions: dict[int, set[str]], used: set[tuple[int, str]], ran: set[str], where: str
) -> list[tuple[int, bool, str, str]]:
    """One (line, file-wide, message, anchor) per suppression comment that suppresses nothing.

    The anchor names the comment by what it suppresses in vain (`ignore-file[CJM103]`), so the
    finding's fingerprint does not depend on its line or on other comments.
    """
    out = []
    file_wide = where == "in this file"
    for line, codes in sorted(suppressions.items()):
        reasons, unused = [], []
        for code in sorted(codes):
            if (line, code) in used or code == SUPPRESSION_CODE:
                continue
            if code in CORE_CODES:
                reasons.append(f"{code} (CJM001–CJM006 cannot be suppressed)")
            elif get_rule(code) is None:
                reasons.append(f"{code} (no such rule)")
            elif code in ran:
                reasons.append(f"{code} (nothing to suppress {where})")
            else:
                continue
            unused.append(code)
        if reasons:
            anchor = f"{'ignore-file' if file_wide else 'ignore'}[{','.join(unused)}]"
            out.append((line, file_wide, "unused suppression of " + ", ".join(reasons), anchor))
    return out


def _comment_column(text: str, file_wide: bool) -> int:
    """1-based column of the `# cjm: ignore...` comment on its line."""
    for match in _COMMENT_RE.finditer(text):
        if ("-file[" in match.group(0)) == file_wide:
            return match.start() + 1
    return 1


def suppression_anchors(loaded: Loaded) -> set[str]:
    """Every suppression comment of a file, named by what it silences and where, never by its line:
    `ignore-file[CJM105]`, `web-shop: ignore[CJM103]` (for `diff`, which reports added ones)."""
    source = loaded.source
    if source is None or "ignore" not in source.text:
        return set()
    anchors = {f"ignore-file[{','.join(sorted(codes))}]" for codes in source.file_suppressions().values()}
    for line, codes in source.suppression_lines().items():
        loc = _item_at_line(source.root, line)
        where = item_id_at(source.root, loc) or format_loc(loc) or "journey"
        anchors.add(f"{where}: ignore[{','.join(sorted(codes))}]")
    return anchors


def _item_at_line(root: Any, line: int) -> Loc:
    """The shallowest item (mapping) whose first key is on a 1-based line, else the first key there.

    Walks the whole document, so it is only used for the rare unused suppression.
    """
    level: list[tuple[Loc, Any]] = [((), root)]
    key_found: Loc | None = None
    while level:
        deeper: list[tuple[Loc, Any]] = []
        for loc, node in level:
            if isinstance(node, YMap):
                if node.start is not None and node.start.line + 1 == line:
                    return loc
                for key, (key_mark, _, _) in node.at.items():
                    if key_found is None and key_mark.line + 1 == line:
                        key_found = (*loc, key)
                    deeper.append(((*loc, key), node[key]))
            elif isinstance(node, YList):
                deeper.extend(((*loc, i), child) for i, child in enumerate(node))
        if key_found is not None:
            return key_found
        level = deeper
    return ()
