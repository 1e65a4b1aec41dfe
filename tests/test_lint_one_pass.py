"""`cjm lint` reports every problem of a file in one run (SPEC §4.5, issue 11).

When a value fails the schema (CJM002), ids, references (CJM004, CJM005) and the structural
rules still run on the partial journey, where an invalid value counts as absent; rules that
need scores (CJM104, CJM109) wait until the journey is valid. Numbers written the spreadsheet
way get a hint naming the fix. For score, render and diff the file stays invalid, as before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cjm.config import DEFAULT
from cjm.findings import Finding
from cjm.lint.engine import LintOptions, lint_loaded
from cjm.load import load_journey_text
from cjm.rules import iter_checks

TODAY = dt.date(2026, 11, 23)

# A journey that passes every rule; tests below break it in one or more places.
BASE = """\
cjm: 1
id: one-pass
title: One pass
owner: Customer service
reviewed: 2026-10-01
personas:
  - id: family
    needs: {functional: [Fast installation], emotional: [Confidence]}
stages:
  - {id: aware, name: Awareness, phase: before}
  - {id: order, name: Order, phase: during}
  - {id: use, name: Use, phase: after}
touchpoints:
  - id: tv-ad
    stage: aware
    owner: Marketing
    emotion: 1
    quotes: ["It looked easy"]
    metrics: {volume: 12000, drop_off: 0.05}
  - id: web-shop
    stage: order
    owner: Sales
    emotion: 1
    quotes: ["Quick to order"]
    metrics: {volume: 9000, drop_off: 0.1}
  - id: first-use
    stage: use
    owner: Support
    emotion: 2
    quotes: ["Streaming works"]
    metrics: {volume: 8000, drop_off: 0.01}
"""

# The example: an out-of-range emotion, a repeated touchpoint id, a stage that does
# not exist, and (elsewhere) a touchpoint without an owner.
THREE_AT_ONCE = """\
cjm: 1
id: one-pass
title: One pass
owner: Customer service
reviewed: 2026-10-01
personas:
  - id: family
    needs: {functional: [Fast installation], emotional: [Confidence]}
stages:
  - {id: aware, name: Awareness, phase: before}
  - {id: order, name: Order, phase: during}
  - {id: use, name: Use, phase: after}
touchpoints:
  - id: tv-ad
    stage: aware
    owner: Marketing
    emotion: 3
    quotes: ["It looked easy"]
    metrics: {volume: 12000, drop_off: 0.05, csat: 4}
  - id: tv-ad
    stage: order
    owner: Sales
    quotes: ["Quick to order"]
    metrics: {volume: 9000, drop_off: 0.1, csat: 4}
  - id: first-use
    stage: usage
    quotes: ["Streaming works"]
    metrics: {volume: 8000, drop_off: 0.01, csat: 4}
"""


def lint(text: str) -> list[Finding]:
    return sorted(lint_loaded(load_journey_text(text, "j.yaml"), DEFAULT, LintOptions(today=TODAY)))


def shown(findings: list[Finding]) -> list[str]:
    return [f"{f.line}:{f.column} {f.code} {f.message}" for f in findings]


def test_the_base_journey_is_clean() -> None:
    assert lint(BASE) == []


# --- one run, every problem ---------------------------------------------------------------


def test_schema_ids_references_and_rules_are_reported_at_once() -> None:
    assert shown(lint(THREE_AT_ONCE)) == [
        "12:6 CJM102 stage 'use' has no touchpoints",  # first-use names no stage of the journey
        "17:14 CJM002 touchpoints[0].emotion: input should be less than or equal to 2, got 3",
        "20:9 CJM004 touchpoints[1].id: touchpoint id 'tv-ad' is used twice (first by touchpoints[0])",
        "25:5 CJM103 touchpoint 'first-use' has no owner",
        "26:12 CJM005 touchpoints[2].stage: no stage has the id 'usage'; did you mean 'use'?",
    ]


def test_findings_name_their_items() -> None:
    items = {f.code: (f.item, f.item_id, f.severity) for f in lint(THREE_AT_ONCE)}
    assert items == {
        "CJM002": ("touchpoints[0].emotion", "tv-ad", "error"),
        "CJM004": ("touchpoints[1].id", "tv-ad", "error"),
        "CJM005": ("touchpoints[2].stage", "first-use", "error"),
        "CJM102": ("stages[2]", "use", "warning"),
        "CJM103": ("touchpoints[2]", "first-use", "warning"),
    }


def test_an_invalid_value_counts_as_absent() -> None:
    # Without quotes, a touchpoint with an emotion lacks evidence (CJM107); an emotion of 3 is
    # left out, so the touchpoint counts as unrated and CJM107 says nothing.
    text = THREE_AT_ONCE.replace('    quotes: ["It looked easy"]\n', "")
    assert "CJM107" not in [f.code for f in lint(text)]
    assert "CJM107" in [f.code for f in lint(text.replace("emotion: 3", "emotion: 2"))]
    # The same for metrics: a drop-off of '18 %' is no drop-off (CJM114), with its hint.
    codes = [f.code for f in lint(BASE.replace("drop_off: 0.05}", "drop_off: 18 %}"))]
    assert codes == ["CJM114", "CJM002"]


def test_the_journey_stays_invalid_for_everything_but_lint() -> None:
    loaded = load_journey_text(THREE_AT_ONCE, "j.yaml")
    assert not loaded.ok and loaded.journey is None
    assert [p.code for p in loaded.problems] == ["CJM002"]  # what score, render and diff report
    assert loaded.partial is not None
    assert [p.code for p in loaded.partial.problems] == ["CJM004", "CJM005"]


def test_rules_also_run_when_only_ids_or_references_fail() -> None:
    text = BASE.replace("stage: use\n    owner: Support\n", "stage: usage\n")
    assert [f.code for f in lint(text)] == ["CJM102", "CJM103", "CJM005"]
    loaded = load_journey_text(text)
    assert loaded.journey is None and [p.code for p in loaded.problems] == ["CJM005"]


def test_a_schema_error_behind_an_extensions_key_is_found_too() -> None:
    # `extensions` fails the whole mapping before its fields are looked at.
    text = BASE.replace("    emotion: 2\n", "    emotion: 5\n    extensions: {}\n")
    assert shown(lint(text)) == [
        "26:5 CJM002 touchpoints[2]: 'extensions' is not a key of the format; use an 'x-' key for your own data",
        # the invalid emotion counts as absent: no perception signal is left
        "26:5 CJM114 touchpoint 'first-use' has no emotion, expectation gap or survey score,"
        " so its score is low-confidence",
        "29:14 CJM002 touchpoints[2].emotion: input should be less than or equal to 2, got 5",
    ]


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("cjm: 1\nid: x\ntitle: [X\n", "YAML syntax"),  # CJM001
        ("cjm: 1\nid: x\nid: y\n", "duplicate key"),  # CJM003
        ("cjm: 2\nid: x\n", "format version 2 is not supported"),  # CJM006
    ],
)
def test_syntax_duplicate_keys_and_version_still_stop_the_file(broken: str, fixed: str) -> None:
    findings = lint(broken + BASE.split("\n", 3)[3])
    assert len(findings) == 1 and fixed in findings[0].message


def test_nothing_runs_when_no_stage_is_valid() -> None:
    text = BASE.replace("{id: aware,", "{id: Aware,").replace("{id: order,", "{id: Order,")
    text = text.replace("{id: use,", "{id: Use,")
    assert [f.code for f in lint(text)] == ["CJM002", "CJM002", "CJM002"]
    assert load_journey_text(text).partial is None


def test_a_broken_journey_id_or_title_does_not_stop_the_rules() -> None:
    text = BASE.replace("id: one-pass\ntitle: One pass\n", "id: One Pass\n").replace("    owner: Support\n", "")
    assert shown(lint(text)) == [
        "1:1 CJM002 journey: missing required key 'title'",
        "2:5 CJM002 id: 'One Pass' is not a slug id (lowercase letters, digits, '-' and '_'; no spaces)",
        "25:5 CJM103 touchpoint 'first-use' has no owner",
    ]
    # A journey-level finding names the journey by its id; a stand-in for a broken id is never shown.
    journey_level = lint(text.replace("personas:\n  - id: family\n", "x-personas:\n  - id: family\n"))
    assert [(f.code, f.item_id) for f in journey_level if f.code == "CJM108"] == [("CJM108", None)]


# --- positions when an item is left out ---------------------------------------------------


def test_positions_after_a_dropped_item_point_at_the_original_items() -> None:
    # touchpoints[1] lacks its required stage, so the partial journey leaves it out; the
    # items after it must still be named and placed by their index in the file.
    text = BASE.replace("    stage: order\n", "").replace(
        "  - id: first-use\n    stage: use\n    owner: Support\n",
        "  - id: tv-ad\n    stage: usage\n",
    )
    text += "actions:\n  - {id: fix, owner: Sales, due: 2026-12-01, addresses: [web-shop, nowhere]}\n"
    assert shown(lint(text)) == [
        "11:6 CJM102 stage 'order' has no touchpoints",  # web-shop names no stage
        "12:6 CJM102 stage 'use' has no touchpoints",
        "20:5 CJM002 touchpoints[1]: missing required key 'stage'",
        "25:5 CJM103 touchpoint 'tv-ad' has no owner",
        "25:9 CJM004 touchpoints[2].id: touchpoint id 'tv-ad' is used twice (first by touchpoints[0])",
        "26:12 CJM005 touchpoints[2].stage: no stage has the id 'usage'; did you mean 'use'?",
        "31:68 CJM005 actions[0].addresses[1]: no touchpoint has the id 'nowhere'",
    ]
    # `web-shop` was left out but exists: addressing it is no unknown reference.
    items = [(f.code, f.item, f.item_id) for f in lint(text) if f.code in ("CJM103", "CJM004")]
    assert items == [("CJM103", "touchpoints[2]", "tv-ad"), ("CJM004", "touchpoints[2].id", "tv-ad")]


def test_a_dropped_item_still_takes_its_id() -> None:
    text = BASE.replace("  - id: web-shop\n    stage: order\n", "  - id: tv-ad\n")
    assert shown(lint(text)) == [
        "11:6 CJM102 stage 'order' has no touchpoints",
        "20:5 CJM002 touchpoints[1]: missing required key 'stage'",
        "20:9 CJM004 touchpoints[1].id: touchpoint id 'tv-ad' is used twice (first by touchpoints[0])",
    ]


def test_references_after_a_dropped_list_item_keep_their_index() -> None:
    text = BASE.replace("    owner: Sales\n", "    owner: Sales\n    next: [Bad Id, nowhere]\n")
    assert shown(lint(text)) == [
        "23:12 CJM002 touchpoints[1].next[0]: 'Bad Id' is not a slug id (lowercase letters, digits, '-' and '_';"
        " no spaces)",
        "23:20 CJM005 touchpoints[1].next[1]: no touchpoint has the id 'nowhere'",
        "27:5 CJM112 touchpoint 'first-use' is reached by no path from an entry point",  # the flow as written
    ]


# --- rules that need scores -----------------------------------------------------------------

PAIN = BASE.replace("    emotion: 2\n", "    emotion: -2\n    moment: delight\n").replace(
    "  - id: tv-ad\n", "  - id: tv-ad\n    moment: pain\n"
)


def test_rules_that_need_scores_are_declared_in_the_registry() -> None:
    # CJM114 reads the data only; CJM117 and CJM118 ask whether a touchpoint is a pain point
    assert {r.code for r in iter_checks() if r.needs_scores} == {"CJM104", "CJM109", "CJM117", "CJM118"}


def test_rules_that_need_scores_wait_until_the_schema_passes() -> None:
    assert {"CJM104", "CJM109"} <= {f.code for f in lint(PAIN)}
    broken = PAIN.replace("owner: Marketing", "owner: Marketing\n    emotoin: 1")
    codes = [f.code for f in lint(broken)]
    assert "CJM002" in codes and "CJM104" not in codes and "CJM109" not in codes


def test_a_suppression_of_a_skipped_rule_is_not_judged() -> None:
    # CJM109 fires on tv-ad in the valid journey (its data contradict its declared pain); while it
    # is skipped, its suppression is not judged unused (CJM115), but one of a rule that ran and
    # found nothing still is.
    text = PAIN.replace("  - id: tv-ad\n", "  - id: tv-ad  # cjm: ignore[CJM109]\n")
    broken = text.replace("owner: Sales", "owner: Sales\n    emotoin: 1")
    assert "CJM115" not in [f.code for f in lint(text)] + [f.code for f in lint(broken)]
    stale = broken.replace("ignore[CJM109]", "ignore[CJM103]")
    assert [f.message for f in lint(stale) if f.code == "CJM115"] == [
        "unused suppression of CJM103 (nothing to suppress on this line)"
    ]


# --- hints for numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "emotion: 1\n    quotes",
            "emotion: 0,5\n    quotes",
            "17:14 CJM002 touchpoints[0].emotion: '0,5' has a decimal comma; write 0.5",
        ),
        (
            "emotion: 1\n    quotes",
            "emotion: -0,5\n    quotes",
            "17:14 CJM002 touchpoints[0].emotion: '-0,5' has a decimal comma; write -0.5",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 12000, drop_off: 0.05, csat: 3,6}",
            "19:52 CJM002 touchpoints[0].metrics.csat: '3,6' has a decimal comma; write 3.6",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 12000, drop_off: 0,05}",
            "19:40 CJM002 touchpoints[0].metrics.drop_off: '0,05' has a decimal comma; write 0.05",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 12000, drop_off: 18 %}",
            "19:40 CJM002 touchpoints[0].metrics.drop_off: '18 %' is a percentage; write 0.18",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 12000, drop_off: 18%}",
            "19:40 CJM002 touchpoints[0].metrics.drop_off: '18%' is a percentage; write 0.18",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 12000, complaints: 2,5 %}",
            "19:42 CJM002 touchpoints[0].metrics.complaints: '2,5 %' is a percentage; write 0.025",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 9.200, drop_off: 0.05}",
            "19:23 CJM002 touchpoints[0].metrics.volume: 9.200 looks like a thousands dot; write 9200",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 1.200.000, drop_off: 0.05}",
            "19:23 CJM002 touchpoints[0].metrics.volume: '1.200.000' looks like a thousands dot; write 1200000",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 9,200, drop_off: 0.05}",
            "19:23 CJM002 touchpoints[0].metrics.volume: '9,200' looks like a thousands comma; write 9200",
        ),
        (
            "{volume: 12000, drop_off: 0.05}",
            "{volume: 9 200, drop_off: 0.05}",
            "19:23 CJM002 touchpoints[0].metrics.volume: '9 200' looks like a thousands space; write 9200",
        ),
    ],
)
def test_numbers_written_the_spreadsheet_way_get_a_hint(old: str, new: str, expected: str) -> None:
    text = BASE.replace(old, new, 1)
    errors = [f for f in lint(text) if f.code == "CJM002"]
    assert shown(errors) == [expected]


def test_hints_in_block_mappings_and_at_the_journey_level() -> None:
    text = BASE.replace("    metrics: {volume: 12000, drop_off: 0.05}\n", "    metrics:\n      volume: 9.200\n")
    text = text.replace("reviewed: 2026-10-01\n", "reviewed: 2026-10-01\nmetrics: {csat: 3,6}\n")
    assert shown([f for f in lint(text) if f.code == "CJM002"]) == [
        "6:17 CJM002 metrics.csat: '3,6' has a decimal comma; write 3.6",
        "21:15 CJM002 touchpoints[0].metrics.volume: 9.200 looks like a thousands dot; write 9200",
    ]


def test_a_decimal_comma_in_a_flow_mapping_is_one_finding_not_an_odd_key() -> None:
    # YAML reads `{emotion: 3,5}` as `emotion: 3` (out of range) and a key `5`: one hint for both.
    added = "- {id: ad2, stage: aware, owner: X, emotion: 3,5, quotes: [a]}\n  - id: tv-ad\n"
    text = BASE.replace("- id: tv-ad\n", added)
    assert shown([f for f in lint(text) if f.code == "CJM002"]) == [
        "14:48 CJM002 touchpoints[0].emotion: '3,5' has a decimal comma; write 3.5"
    ]
    assert "is not text" not in load_journey_text(text).problems[0].message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{volume: 12000,", "{volume: 9.2,", "touchpoints[0].metrics.volume: input should be a valid integer, got 9.2"),
        ("{volume: 12000,", "{nps: 50%, volume: 1,", "touchpoints[0].metrics.nps: input should be a valid number"),
        ("drop_off: 0.05}", "drop_off: 180 %}", "touchpoints[0].metrics.drop_off: input should be a valid number"),
        ("emotion: 1\n    quotes", "emotion: 1,5,5\n    quotes", "touchpoints[0].emotion: input should be a valid"),
    ],
)
def test_other_values_keep_the_plain_message(old: str, new: str, message: str) -> None:
    (error,) = [f for f in lint(BASE.replace(old, new, 1)) if f.code == "CJM002"]
    assert error.message.startswith(message)


# --- score, render and diff: the file stays invalid -----------------------------------------


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path.as_posix()


FIRST_ERROR = "17:14: CJM002 touchpoints[0].emotion: input should be less than or equal to 2, got 3"


def test_lint_reports_everything_and_fails(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", THREE_AT_ONCE)
    result = cli(["lint", path])
    assert result.code == 1
    assert [line.split(" ")[1] for line in result.out.splitlines() if ": CJM" in line] == [
        "CJM102",
        "CJM002",
        "CJM004",
        "CJM103",
        "CJM005",
    ]


def test_score_still_rejects_the_file_with_its_first_error(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", THREE_AT_ONCE)
    result = cli(["score", path])
    assert (result.code, result.out, result.err) == (2, "", f"{path}:{FIRST_ERROR}\n")


def test_render_still_rejects_the_file_listing_the_loader_problems(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "j.yaml", THREE_AT_ONCE)
    result = cli(["render", path, "-o", str(tmp_path / "out")])
    assert result.code == 2
    assert result.err == (f"{path}:{FIRST_ERROR}\ncjm: error: invalid journeys cannot be rendered (see `cjm lint`)\n")
    assert not (tmp_path / "out").exists()


def test_diff_still_rejects_the_file_as_new_and_compares_it_as_empty_as_old(cli, tmp_path: Path) -> None:
    good, bad = write(tmp_path, "good.yaml", BASE), write(tmp_path, "bad.yaml", THREE_AT_ONCE)
    as_new = cli(["diff", good, bad])
    assert as_new.code == 2
    assert f"{bad}:{FIRST_ERROR}" in as_new.err and "more problem" not in as_new.err
    as_old = cli(["diff", bad, good])
    assert as_old.code == 0
    assert f"OLD is not a valid journey ({bad}:{FIRST_ERROR}); compared as an empty journey" in as_old.out + as_old.err


def test_the_metrics_overlay_applies_to_the_partial_journey(cli, tmp_path: Path) -> None:
    # '18 %' counts as no drop-off (CJM114) until the CSV gives one.
    path = write(tmp_path, "j.yaml", BASE.replace("drop_off: 0.05}", "drop_off: 18 %}"))
    codes = [line.split(" ")[1] for line in cli(["lint", path]).out.splitlines() if ": CJM" in line]
    assert codes == ["CJM114", "CJM002"]
    csv = write(tmp_path, "metrics.csv", "touchpoint;drop_off\ntv-ad;0,18\n")
    with_csv = cli(["lint", path, "--metrics", csv]).out
    assert [line.split(" ")[1] for line in with_csv.splitlines() if ": CJM" in line] == ["CJM002"]
