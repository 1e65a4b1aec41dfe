"""The wall handout without a browser (SPEC §4.4 "Render, wall and workshop"): the print layout,
flow, evidence, lanes, the format 1.1 drawings, as-is vs to-be, and the blueprint layout.
What only a printed PDF can show is in tests/test_handout_print.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from wall import journey

from cjm.config import DEFAULT
from cjm.load import load_journey_text
from cjm.model import Journey
from cjm.render.build import build_view
from cjm.render.dot import render_dot
from cjm.render.paper import MIN_PT, PAPERS, fit_zoom, layout, readable_paper, strip_px, usable_px
from cjm.render.view import JourneyView, Provenance

WALL = Path(__file__).parent / "fixtures" / "wall"
TOBE, ASIS = WALL / "tobe.yaml", WALL / "asis.yaml"
CSS = Path(__file__).resolve().parent.parent / "cjm" / "templates" / "handout.css"


def loaded(text: str) -> Journey:
    found = load_journey_text(text, "j.yaml").journey
    assert found is not None
    return found


def view_of(text: str, **options: object) -> JourneyView:
    return build_view(loaded(text), DEFAULT.score, provenance=Provenance("x"), **options)  # type: ignore[arg-type]


# --- the print layout -------------------------------------------------------------------------


def test_up_to_16_columns_stay_at_7_pt_on_one_a3_sheet_and_17_do_not() -> None:
    assert layout(16, "a3").smallest_pt >= MIN_PT
    assert layout(17, "a3").smallest_pt < MIN_PT


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("columns", [1, 15, 42, 100, 5000])
def test_tiled_sheets_cover_every_column_once_at_7_pt_or_more(paper: str, columns: int) -> None:
    found = layout(columns, paper, tile=True)
    assert found.smallest_pt >= MIN_PT
    covered = [c for start, stop in found.sheets for c in range(start, stop)]
    assert covered == list(range(columns))
    sizes = [stop - start for start, stop in found.sheets]
    assert max(sizes) - min(sizes) <= max(sizes) - 1 or len(sizes) == 1


def test_a_large_sheet_stacks_strips_and_every_strip_fits_its_height() -> None:
    found = layout(100, "a0", tile=True)
    assert found.per_page == 2 and found.pages == 2 < len(found.sheets)
    for paper in PAPERS:
        tiled = layout(100, paper, tile=True, strip=strip_px())
        _, height = usable_px(paper)
        assert tiled.per_page * (strip_px() + 12) * tiled.zoom <= height
        assert fit_zoom(16, paper) * strip_px() <= height


def test_larger_paper_holds_more_columns_per_sheet() -> None:
    per_sheet = [
        layout(100, paper, tile=True).sheets[0][1] * layout(100, paper, tile=True).per_page for paper in PAPERS
    ]
    assert per_sheet == sorted(per_sheet) and per_sheet[0] < per_sheet[-1]


def test_the_warning_names_the_smallest_readable_paper() -> None:
    assert readable_paper(15) == "a3"
    assert readable_paper(20) == "a2"
    assert readable_paper(42) == "a0"
    assert readable_paper(100) is None


def test_no_font_in_the_stylesheet_is_below_the_print_minimum() -> None:
    """0.75rem of the 12.8 px print root is 9.6 px = 7.2 pt (cjm.render.paper.SMALLEST_PX)."""
    css = CSS.read_text(encoding="utf-8")
    sizes = [float(v) for v in re.findall(r"font-size:\s*([\d.]+)rem", css)]
    assert sizes and min(sizes) >= 0.75
    assert "html { font-size: 12.8px; }" in css
    assert re.findall(r"font-size:\s*[\d.]+(?:px|pt)", css) == ["font-size: 14px", "font-size: 12.8px"], (
        "only the roots"
    )
    assert all(float(v) >= 0.9 for v in re.findall(r"font-size:\s*([\d.]+)em", css)), "em only to enlarge a little"


def test_the_page_size_follows_the_paper(cli, tmp_path: Path) -> None:
    for paper, size in (("a3", "420mm 297mm"), ("a0", "1189mm 841mm")):
        out = tmp_path / f"{paper}.html"
        assert cli(["render", str(TOBE), "--paper", paper, "-o", str(out)]).code == 0
        assert f"@page {{ size: {size}; }}" in out.read_text(encoding="utf-8")


def test_tiled_sheets_repeat_the_bands_and_are_numbered() -> None:
    view = view_of(journey(42, "en"), tile=True, paper="a3")
    assert len(view.sheets) == len(layout(42, "a3", tile=True).sheets) > 1
    for sheet in view.sheets:
        assert sheet.stages and sheet.phases
        assert sum(part.span for part in sheet.stages) == len(sheet.columns)
        assert sum(phase.span for phase in sheet.phases) == len(sheet.columns)
    continued = [part for sheet in view.sheets[1:] for part in sheet.stages if part.continued]
    assert continued, "a stage cut by a sheet's edge says it continues"


@pytest.mark.parametrize("option", [["--paper", "a1"], ["--tile"], ["--baseline", str(ASIS)]])
def test_paper_tile_and_baseline_are_for_the_html_handout(cli, option: list[str]) -> None:
    result = cli(["render", str(TOBE), "-f", "markdown", *option])
    assert result.code == 2 and "html" in result.err


def test_a_tiled_render_is_deterministic(cli, tmp_path: Path) -> None:
    source = tmp_path / "w.yaml"
    source.write_text(journey(42, "nb", flow=True), encoding="utf-8")
    outs = []
    for name in ("one.html", "two.html"):
        assert cli(["render", str(source), "--tile", "--paper", "a1", "-o", str(tmp_path / name)]).code == 0
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


# --- flow, evidence, lanes ----------------------------------------------------------------------


def test_branch_loop_end_and_entry_are_marked() -> None:
    text = journey(15, "en", flow=True)
    text = text.replace("  - id: t010\n", "  - id: t010\n    entry: true\n")
    view = view_of(text)
    marks = {tp.id: [(m.kind, m.target) for m in tp.flow] for tp in view.touchpoints if tp.flow}
    assert marks["t002"] == [("branch", None), ("jump", "Order confirmation 5")]
    assert marks["t006"] == [("back", "Order confirmation 1")]
    assert marks["t008"] == [("end", None)]
    assert marks["t010"] == [("entry", None)]
    curve = {c.tp.id: c.curve for c in view.map_columns if c.tp}
    assert curve["t002"].branch and not curve["t003"].branch
    assert curve["t008"].broken and curve["t009"].broken, "dashed from an end to the next touchpoint"
    assert "flow" in view.lanes


def test_a_linear_journey_has_no_flow_lane_and_an_unbroken_curve() -> None:
    view = view_of(journey(15, "en"))
    assert "flow" not in view.lanes
    assert all(not c.curve.broken and not c.curve.branch for c in view.map_columns)


def test_evidence_is_old_before_the_review_less_its_interval_not_before_today() -> None:
    view = view_of(journey(15, "en"))  # reviewed 2026-09-01, every 180 days: old before 2026-03-05
    evidence = view.touchpoints[0].evidence
    assert [(e.source, e.old) for e in evidence] == [("survey-2026q2", False), ("interviews-2025", True)]
    assert view.touchpoints[0].old_evidence == 1
    assert evidence[0].kind == "quantitative" and evidence[0].date == "2026-06-30"


def test_empty_lanes_collapse() -> None:
    text = (
        "cjm: 1\nid: bare\ntitle: Bare\nstages: [{id: s, name: S}]\ntouchpoints:\n  - {id: a, stage: s, emotion: 1}\n"
    )
    assert view_of(text).lanes == ("touchpoints", "emotion", "moments", "owners")


def test_key_moments_are_badged_on_their_columns(cli, tmp_path: Path) -> None:
    out = tmp_path / "w.html"
    source = tmp_path / "w.yaml"
    source.write_text(journey(15, "da"), encoding="utf-8")
    assert cli(["render", str(source), "-o", str(out)]).code == 0
    page = out.read_text(encoding="utf-8")
    badges = re.findall(
        r'<span class="km-badge km-(?:pain|truth)"><span class="sr-only">Nøgleøjeblik </span>(\d+)</span>', page
    )
    assert sorted(map(int, badges)) == [1, 2, 3, 4, 5]


# --- format 1.1 ---------------------------------------------------------------------------------


def test_one_curve_per_persona_labelled_at_its_end() -> None:
    view = view_of(TOBE.read_text(encoding="utf-8"))
    assert [(c.style, c.name) for c in view.persona_curves] == [(1, "Senior"), (2, "Travl familie")]
    labels = [(i, line.label) for i, c in enumerate(view.map_columns) for line in c.personas if line.label]
    assert labels == [(3, "Senior"), (3, "Travl familie")], "at the last touchpoint"
    first = view.map_columns[0].personas
    assert [line.y for line in first] == [88.0, 59.5], "senior -2, family -0.5 at the form"


def test_persona_view_draws_the_personas_own_emotions() -> None:
    view = view_of(TOBE.read_text(encoding="utf-8"), persona="senior")
    assert view.persona_curves == ()
    assert [tp.emotion.value for tp in view.touchpoints] == [-2, 1, -1, 0.5]


def test_needs_met_and_failed_are_shown_with_their_text() -> None:
    view = view_of(ASIS.read_text(encoding="utf-8"))
    by_id = {tp.id: tp for tp in view.touchpoints}
    assert by_id["form"].needs_unmet == ("Trin-for-trin vejledning",)
    assert by_id["call"].needs_met == ("Ikke at føle sig dum",)


def test_the_action_plan_lists_by_priority() -> None:
    view = view_of(ASIS.read_text(encoding="utf-8"))
    assert [(a.id, a.priority, a.effort) for a in view.actions] == [
        ("guide", 1, "3/5"),
        ("sms", 2, "1/5"),
        ("later", None, "5/5"),
    ]


def test_value_effort_and_impact_effort_matrices() -> None:
    view = view_of(ASIS.read_text(encoding="utf-8"))
    assert view.value_effort is not None and view.impact_effort is not None
    values = [(p.title, p.x, p.y, p.value) for p in view.value_effort.points]
    assert values[2] == ("Ny selvbetjening", 92.0, 8.0, "2.500.000 DKK"), "the most valuable at the top, effort 5 right"
    assert view.value_effort.top == "2.500.000 DKK"
    impacts = {p.title: p for p in view.impact_effort.points}
    assert impacts["Ny portal"].y < impacts["Trin-for-trin guide"].y, "two touchpoints addressed weigh more"
    assert view_of(journey(15, "en")).value_effort is None


def test_as_is_beside_to_be_from_the_files_baseline_and_the_index_pairs_them(cli, tmp_path: Path) -> None:
    assert cli(["render", str(WALL), "-o", str(tmp_path / "out/")]).code == 0
    tobe = (tmp_path / "out" / "claim-tobe.html").read_text(encoding="utf-8")
    assert 'class="sheet s-compare"' in tobe and "Skadeanmeldelse i dag" in tobe
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<h2><a href="([^"]+)"', index)
    assert order == ["claim-asis.html", "claim-tobe.html"]
    assert '<p class="improves">forbedrer <a href="claim-asis.html">Skadeanmeldelse i dag</a></p>' in index


def test_baseline_option_names_the_as_is_file(cli, tmp_path: Path) -> None:
    source = tmp_path / "w.yaml"
    source.write_text(journey(15, "da"), encoding="utf-8")
    out = tmp_path / "w.html"
    assert cli(["render", str(source), "--baseline", str(ASIS), "-o", str(out)]).code == 0
    page = out.read_text(encoding="utf-8")
    assert "Skadeanmeldelse i dag" in page and "s-compare" in page
    assert cli(["render", str(source), "--baseline", str(tmp_path / "none.yaml"), "-o", str(out)]).code == 2


# --- the Graphviz blueprint ---------------------------------------------------------------------


@pytest.mark.parametrize("stages", [3, 4, 6, 10])
def test_the_blueprint_is_at_most_3_to_1_for_20_touchpoints(stages: int) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot not installed (scripts/test-deps.sh)")
    source = render_dot(view_of(journey(20, "en", stages=stages, flow=True)))
    plain = subprocess.run(["dot", "-Tplain"], input=source, capture_output=True, text=True, check=True).stdout
    _, _, width, height = plain.splitlines()[0].split()
    assert float(width) / float(height) <= 3, (width, height)
    heads = sorted(
        (float(line.split()[2]), line.split()[1]) for line in plain.splitlines() if line.startswith("node head_")
    )
    assert [name for _, name in heads] == [f"head_{i:03d}" for i in range(stages)], "stages left to right"
    lanes = {line.split()[1]: float(line.split()[3]) for line in plain.splitlines() if line.startswith("node lane_")}
    assert lanes["lane_actions"] > lanes["lane_touchpoints"] > lanes["lane_backstage"], "lanes top to bottom"


def test_the_blueprint_has_lanes_and_no_clusters() -> None:
    source = render_dot(view_of(TOBE.read_text(encoding="utf-8")))
    assert "cluster" not in source and "rank=same" in source
    assert "lane_actions" in source and "lane_backstage" in source
