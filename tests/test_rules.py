"""The rule catalogue (SPEC §4.1): every rule documented, firing and passing fixtures, positions.

Fixtures live in tests/fixtures/rules/<CODE>/: `fires*.yaml` must produce the rule's
findings exactly on the lines marked `# expect: CODE`; `passes*.yaml` must produce
none of them. Today is 2026-11-23 throughout.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import FIXTURES

from cjm.config import DEFAULT, Config
from cjm.findings import Finding
from cjm.lint.engine import LintOptions, lint_loaded
from cjm.load import load_journey, load_journey_text
from cjm.rules import SECTIONS, all_rules, get_rule, iter_checks, parse_doc
from cjm.rules.context import RuleContext

RULES_DIR = FIXTURES / "rules"
TODAY = dt.date(2026, 11, 23)
CODES = [r.code for r in all_rules()]
_EXPECT_RE = re.compile(r"#\s*expect:\s*([A-Z0-9, ]+)")


def lint_file(path: Path, config: Config = DEFAULT, **options: object) -> list[Finding]:
    """All findings for one file with the default config (or the one given) and today fixed."""
    loaded = load_journey(str(path))
    return lint_loaded(loaded, config, LintOptions(today=TODAY, **options))  # type: ignore[arg-type]


def lint_text(text: str, config: Config = DEFAULT, today: dt.date = TODAY) -> list[Finding]:
    """All findings for journey text."""
    return lint_loaded(load_journey_text(text, "j.yaml"), config, LintOptions(today=today))


def expected_lines(path: Path, code: str) -> set[int]:
    """1-based lines carrying `# expect: CODE`."""
    lines = set()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT_RE.search(text)
        if match and code in {c.strip() for c in match.group(1).split(",")}:
            lines.add(number)
    return lines


def fixtures(kind: str) -> list[tuple[str, Path]]:
    return [(code, path) for code in CODES for path in sorted((RULES_DIR / code).glob(f"{kind}*.yaml"))]


# --- the catalogue ---------------------------------------------------------------


def test_catalogue_is_the_spec_table() -> None:
    names = {r.code: (r.name, r.severity) for r in all_rules()}
    assert names == {
        "CJM001": ("yaml-syntax", "error"),
        "CJM002": ("schema", "error"),
        "CJM003": ("duplicate-key", "error"),
        "CJM004": ("duplicate-id", "error"),
        "CJM005": ("unknown-reference", "error"),
        "CJM006": ("unsupported-version", "error"),
        "CJM101": ("phase-missing", "warning"),
        "CJM102": ("empty-stage", "warning"),
        "CJM103": ("no-owner", "warning"),
        "CJM104": ("pain-without-action", "warning"),
        "CJM105": ("stale-review", "warning"),
        "CJM106": ("emotional-needs-missing", "warning"),
        "CJM107": ("no-evidence", "info"),
        "CJM108": ("no-persona", "warning"),
        "CJM109": ("moment-contradicts-data", "warning"),
        "CJM110": ("action-incomplete", "warning"),
        "CJM111": ("dead-end", "warning"),
        "CJM112": ("unreachable", "warning"),
        "CJM113": ("persona-unused", "info"),
        "CJM114": ("missing-metrics", "info"),
        "CJM115": ("unused-suppression", "info"),
        "CJM116": ("need-unaddressed", "info"),
        "CJM117": ("recovery-without-pain", "info"),
        "CJM118": ("action-without-priority", "warning"),
        "CJM119": ("kpi-target-without-value", "warning"),
        "CJM120": ("starter-untouched", "info"),
    }


@pytest.mark.parametrize("code", CODES)
def test_every_rule_is_documented_and_has_fixtures(code: str) -> None:
    rule = get_rule(code)
    assert rule is not None
    assert rule.summary.endswith("."), f"{code}: the summary is one sentence"
    for section in SECTIONS:
        assert rule.doc.get(section), f"{code} lacks its {section}: section"
    assert len(rule.rationale.split()) >= 15, f"{code}: the rationale is a real paragraph"
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert list((RULES_DIR / code).glob("fires*.yaml")), f"{code} has no firing fixture"
    assert list((RULES_DIR / code).glob("passes*.yaml")), f"{code} has no passing fixture"


def test_no_fixture_directory_without_a_rule() -> None:
    assert sorted(p.name for p in RULES_DIR.glob("CJM*") if p.is_dir()) == CODES


def test_docstring_sections_are_parsed() -> None:
    summary, doc = parse_doc(
        """Checks a thing.

        Why: Because
        it matters.

        Fails:
            a: 1

        Passes:
            a: 2

        Fix: Change it.
        """
    )
    assert summary == "Checks a thing."
    assert doc == {"Why": "Because\nit matters.", "Fails": "a: 1", "Passes": "a: 2", "Fix": "Change it."}


def test_rules_with_checks_are_the_non_core_ones_except_the_engines() -> None:
    assert [r.code for r in iter_checks()] == [c for c in CODES if c[3] == "1" and c != "CJM115"]


# --- fixtures ------------------------------------------------------------------


@pytest.mark.parametrize(("code", "path"), fixtures("fires"), ids=lambda v: getattr(v, "name", v))
def test_rule_fires_on_the_marked_lines(code: str, path: Path) -> None:
    expected = expected_lines(path, code)
    assert expected, f"{path} marks no line with '# expect: {code}'"
    findings = lint_file(path)
    got = {f.line for f in findings if f.code == code}
    assert got == expected, [f"{f.line}:{f.column} {f.code} {f.message}" for f in findings]
    if code[3] == "1":  # a rule fixture is a valid journey
        assert not [f for f in findings if f.severity == "error"]


@pytest.mark.parametrize(("code", "path"), fixtures("passes"), ids=lambda v: getattr(v, "name", v))
def test_rule_stays_quiet(code: str, path: Path) -> None:
    findings = lint_file(path)
    assert not [f for f in findings if f.code == code], [f"{f.line} {f.code} {f.message}" for f in findings]
    assert not [f for f in findings if f.severity == "error"]


def test_the_passing_base_journey_is_clean() -> None:
    assert lint_file(RULES_DIR / "CJM001" / "passes.yaml") == []


# --- positions and details -----------------------------------------------------


def test_item_findings_point_at_the_first_key_and_name_the_item() -> None:
    path = RULES_DIR / "CJM103" / "fires.yaml"
    (finding,) = [f for f in lint_file(path) if f.code == "CJM103"]
    line = path.read_text(encoding="utf-8").splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith("id: web-shop")
    assert (finding.item, finding.item_id, finding.name) == ("touchpoints[1]", "web-shop", "no-owner")


def test_flow_mapping_items_point_at_their_first_key() -> None:
    path = RULES_DIR / "CJM102" / "fires.yaml"
    (finding,) = [f for f in lint_file(path) if f.code == "CJM102"]
    line = path.read_text(encoding="utf-8").splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith("id: order")
    assert (finding.item, finding.item_id) == ("stages[1]", "order")


def test_journey_level_findings_point_at_the_cjm_key() -> None:
    path = RULES_DIR / "CJM108" / "fires.yaml"
    (finding,) = [f for f in lint_file(path) if f.code == "CJM108"]
    assert (finding.line, finding.column) == (2, 1)
    assert (finding.item, finding.item_id) == ("", "rules-fixture")


def test_field_findings_point_at_the_field() -> None:
    (finding,) = [f for f in lint_file(RULES_DIR / "CJM105" / "fires_future.yaml") if f.code == "CJM105"]
    assert (finding.item, finding.column) == ("reviewed", 11)
    assert "later than today (2026-11-23)" in finding.message


BASE = (RULES_DIR / "CJM001" / "passes.yaml").read_text(encoding="utf-8")


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_phase_message_names_every_missing_phase() -> None:
    text = BASE.replace(", phase: during}", "}").replace(", phase: after}", "}")
    (finding,) = [f for f in lint_text(text) if f.code == "CJM101"]
    assert "during and after" in finding.message


@pytest.mark.parametrize(
    ("reviewed", "every", "config_days", "stale"),
    [
        ("2026-05-27", None, 180, False),  # due today
        ("2026-05-26", None, 180, True),  # due yesterday
        ("2026-05-26", None, 200, False),  # the config's interval
        ("2026-01-10", 365, 30, False),  # the journey's own interval wins over the config
        ("2026-11-23", 1, 180, False),  # reviewed today
        ("2026-11-24", None, 180, True),  # in the future
    ],
)
def test_review_interval(reviewed: str, every: int | None, config_days: int, stale: bool) -> None:
    text = BASE.replace("reviewed: 2026-10-01\n", f"reviewed: {reviewed}\n")
    if every:
        text = text.replace("reviewed:", f"review_every_days: {every}\nreviewed:")
    config = Config(review_every_days=config_days)
    assert ("CJM105" in codes(lint_text(text, config))) is stale


def test_stale_review_message_says_when_it_was_due() -> None:
    (finding,) = [f for f in lint_text(BASE, today=dt.date(2027, 6, 1)) if f.code == "CJM105"]
    assert finding.message == "last reviewed 2026-10-01; a review was due 2027-03-30 (every 180 days)"


def test_action_messages_name_every_gap() -> None:
    findings = [f for f in lint_file(RULES_DIR / "CJM110" / "fires.yaml") if f.code == "CJM110"]
    messages = [f.message for f in sorted(findings)]
    assert messages == [
        "open action 'no-owner' (planned) has no owner",
        "open action 'no-due' (idea) has no due date",
        "open action 'late' (in-progress) is past due (2026-11-22)",
        "open action 'no-status' (no status) has no owner",
    ]


def test_evidence_aggregation_is_strictly_more_than_half() -> None:
    # two rated touchpoints, one without evidence: exactly half -> one finding on the touchpoint
    text = BASE.replace('    quotes: ["Streaming works"]\n', "").replace("    emotion: 1\n    quotes", "    quotes", 1)
    findings = [f for f in lint_text(text) if f.code == "CJM107"]
    assert [(f.item, f.item_id) for f in findings] == [("touchpoints[2]", "first-use")]


def test_journey_level_evidence_finding_counts_and_names_some() -> None:
    (finding,) = [f for f in lint_file(RULES_DIR / "CJM107" / "fires_journey_level.yaml") if f.code == "CJM107"]
    assert finding.message.startswith("2 of 3 touchpoints with emotion or experience values have no evidence")
    assert "'tv-ad', 'first-use'" in finding.message


def test_missing_metrics_names_what_is_missing() -> None:
    (finding,) = [f for f in lint_file(RULES_DIR / "CJM114" / "fires.yaml") if f.code == "CJM114"]
    assert finding.message == "touchpoint 'first-use' has no drop_off or complaints, so its score is low-confidence"


@pytest.mark.parametrize(
    ("fields", "fires", "words"),
    [
        ("emotion: -1, metrics: {volume: 10, drop_off: 0.1}", False, ""),
        ("emotion: -1, metrics: {volume: 10, complaints: 0.1}", False, ""),  # complaints stand in for drop-off
        ("metrics: {volume: 10, drop_off: 0.1, csat: 3}", False, ""),  # a survey is a perception signal
        ("expectation: 4, experience: 2, metrics: {volume: 10, drop_off: 0.1}", False, ""),
        ("emotion: -1, metrics: {drop_off: 0.1}", True, "no volume,"),
        ("metrics: {volume: 10, drop_off: 0.1}", True, "no emotion, expectation gap or survey score"),
        ("expectation: 4, metrics: {volume: 10, drop_off: 0.1}", True, "no emotion"),
    ],
)
def test_missing_metrics_fires_exactly_on_low_confidence(fields: str, fires: bool, words: str) -> None:
    """CJM114 fires where `cjm score` says confidence `low` (SPEC §4.2 item 9), and names what is missing."""
    text = (
        "cjm: 1\nid: j\ntitle: J\nstages: [{id: a}]\ntouchpoints:\n"
        f"  - {{id: t, stage: a, {fields}}}\n  - {{id: u, stage: a, emotion: 1, metrics: {{volume: 5, drop_off: 0}}}}\n"
        "  - {id: v, stage: a, emotion: 1, metrics: {volume: 5, drop_off: 0}}\n"
    )
    found = [f for f in lint_text(text) if f.code == "CJM114"]
    assert bool(found) == fires, found
    if fires:
        assert words in found[0].message and found[0].item_id == "t"


def test_pain_findings_say_why() -> None:
    findings = sorted(f for f in lint_file(RULES_DIR / "CJM104" / "fires.yaml") if f.code == "CJM104")
    assert findings[0].message == "declared pain point 'first-use' (13 % hurt): only dropped actions address it"
    assert findings[1].message == "pain point 'install-guide' (70 % hurt): only dropped actions address it"


def test_pain_severity_comes_from_the_config() -> None:
    path = RULES_DIR / "CJM104" / "fires.yaml"
    lenient = Config.model_validate({"score": {"pain_severity": 0.05}})  # one in twenty hurt is a pain point
    found = [f.item_id for f in lint_file(path, lenient) if f.code == "CJM104"]
    assert found == ["tv-ad", "web-shop", "first-use", "install-guide"]


def test_pain_without_action_follows_the_v2_classes() -> None:
    """A declared pain the data clearly contradict is no pain point (CJM109 says so instead of CJM104)."""
    text = (
        "cjm: 1\nid: j\ntitle: J\nstages: [{id: a}]\ntouchpoints:\n"
        "  - {id: fixed, stage: a, moment: pain, emotion: 0.6, expectation: 3, experience: 4,"
        " metrics: {volume: 100, drop_off: 0.02}}\n"
        "  - {id: lost, stage: a, metrics: {volume: 100, drop_off: 0.9}}\n"
    )
    codes = {(f.code, f.item_id) for f in lint_text(text) if f.code in ("CJM104", "CJM109")}
    assert codes == {("CJM109", "fixed"), ("CJM104", "lost")}


def test_moment_conflicts_follow_the_data_both_ways() -> None:
    path = RULES_DIR / "CJM109" / "fires.yaml"
    messages = sorted(f.message for f in lint_file(path) if f.code == "CJM109")
    assert messages == [
        "touchpoint 'checkout' is declared 'delight' but the data make it a pain point (50 % hurt)",
        "touchpoint 'delivery' is declared 'pain' but the data contradict it: 0 % hurt, below half the pain"
        " severity (10 %), and not a pain point by customers at stake; scored truth",
    ]
    lenient = Config.model_validate({"score": {"pain_severity": 0}})  # half of 0: nothing contradicts a pain
    assert [f.item_id for f in lint_file(path, lenient) if f.code == "CJM109"] == ["checkout"]


@pytest.mark.parametrize(
    ("fields", "contradicted"),
    [
        ("emotion: 0.6, expectation: 3, experience: 4, metrics: {volume: 100, drop_off: 0.02}", True),
        ("emotion: -0.5", False),  # 12.5 % hurt: at least half the pain severity
        ("emotion: -0.3", True),  # 7.5 % hurt
        ("expectation: 3", False),  # no data: a declared pain stays
        ("emotion: 0, metrics: {volume: 100000, drop_off: 0.05}", True),  # 5 % hurt, below the pain floor
    ],
)
def test_declared_pain_is_contradicted_only_clearly(fields: str, contradicted: bool) -> None:
    text = (
        f"cjm: 1\nid: j\ntitle: J\nstages: [{{id: a}}]\ntouchpoints:\n  - {{id: t, stage: a, moment: pain, {fields}}}\n"
    )
    found = [f for f in lint_text(text) if f.code == "CJM109"]
    assert bool(found) == contradicted, found


def test_dead_end_in_the_last_stage_is_fine_even_when_it_is_not_the_last_touchpoint() -> None:
    text = BASE.replace("    owner: Support\n", "    owner: Support\n    next: []\n") + (
        "  - {id: survey, stage: use, owner: Support, entry: true, emotion: 1, quotes: [ok],"
        " metrics: {volume: 10, drop_off: 0}}\n"
    )
    assert "CJM111" not in codes(lint_text(text))


def test_unreachable_cycle_without_entry_is_reported() -> None:
    text = BASE.replace("    owner: Sales\n", "    owner: Sales\n    next: []\n").replace(
        "    owner: Support\n", "    owner: Support\n    next: [first-use]\n"
    )
    findings = [f for f in lint_text(text) if f.code == "CJM112"]
    assert [f.item_id for f in findings] == ["first-use"]


def test_persona_unused_counts_empty_persona_lists_as_all() -> None:
    text = BASE.replace("    owner: Marketing\n", "    owner: Marketing\n    personas: []\n")
    assert "CJM113" not in codes(lint_text(text))


def test_rules_see_the_index_and_scores_once() -> None:
    loaded = load_journey(str(RULES_DIR / "CJM104" / "fires.yaml"))
    assert loaded.journey is not None
    ctx = RuleContext(loaded.journey, DEFAULT, TODAY, loaded.source)
    assert ctx.index is ctx.index
    assert ctx.scores is ctx.scores
    assert ctx.scores.by_id["install-guide"].cls == "pain"


def test_rules_are_linear_in_the_journey_size() -> None:
    """Eight times the touchpoints take about eight times as long (no rule rescans per touchpoint)."""
    import time

    def journey_text(n: int) -> str:
        lines = [
            "cjm: 1",
            "id: big",
            "title: Big",
            "stages: [{id: a, phase: before}, {id: b, phase: during}, {id: c, phase: after}]",
            "personas: [{id: p}]",
            "touchpoints:",
        ]
        for i in range(n):
            stage = "abc"[i * 3 // n]
            lines.append(f"  - {{id: t{i}, stage: {stage}, emotion: -1, personas: [p], next: [t{i + 1}]}}")
        lines[-1] = lines[-1].replace(f", next: [t{n}]", "")
        lines.append("actions:")
        lines.extend(f"  - {{id: a{i}, status: planned, addresses: [t{i}]}}" for i in range(n))
        return "\n".join(lines) + "\n"

    def rule_time(n: int) -> float:
        loaded = load_journey_text(journey_text(n), "big.yaml")
        assert loaded.journey is not None, loaded.problems
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            lint_loaded(loaded, DEFAULT, LintOptions(today=TODAY))
            best = min(best, time.perf_counter() - started)
        return best

    small, large = rule_time(250), rule_time(2000)
    assert large < 24 * small, (small, large)  # linear: about 8x; quadratic: 64x


@pytest.mark.parametrize("code", ["CJM104", "CJM109", "CJM114"])
def test_the_scoring_rules_own_snippets_fire_and_pass(code: str) -> None:
    """`cjm rules CODE` shows a failing and a passing snippet: on scoring model v2 they do what they say."""
    rule = get_rule(code)
    assert rule is not None
    head = "cjm: 1\nid: j\ntitle: J\nstages: [{id: install}, {id: order}]\n"
    fails = lint_text(head + rule.doc["Fails"] + "\n")
    passes = lint_text(head + rule.doc["Passes"] + "\n")
    assert not [f for f in fails + passes if f.severity == "error"], [f.message for f in fails + passes]
    assert [f for f in fails if f.code == code], [f.message for f in fails]
    assert not [f for f in passes if f.code == code], [f.message for f in passes if f.code == code]
