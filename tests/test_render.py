"""`cjm render` as a library: view model, labels, emotion curve, every format's golden file,
escaping of hostile text (HTML, DOT, Mermaid, Markdown) and determinism.

Golden files live in tests/golden/render/; refresh on purpose with CJM_UPDATE_GOLDEN=1
(`make golden`) and review the diff. The svg/png/pdf goldens depend on the Graphviz
version that wrote them (tests/golden/render/graphviz-version.txt); with another
version those three are skipped, the DOT golden still guards the input to Graphviz.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from golden_util import GOLDEN, assert_golden

from cjm.config import DEFAULT
from cjm.load import load_journey
from cjm.model import Journey
from cjm.numbers import format_number, format_percent
from cjm.render.build import UnknownPersona, build_index, build_view
from cjm.render.channels import channel_icon
from cjm.render.curve import curve_points, emotion_y
from cjm.render.dot import fixed_pdf_dates, label, render_dot
from cjm.render.formats import BY_NAME, FORMATS
from cjm.render.labels import EN, LABELS
from cjm.render.markdown import md, render_markdown
from cjm.render.mermaid import render_mermaid, safe
from cjm.render.provenance import short_hash
from cjm.render.run import render_view
from cjm.render.view import JourneyView, Provenance

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SMALL = FIXTURES / "render_small.yaml"
HOSTILE = FIXTURES / "render_hostile.yaml"
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed (scripts/test-deps.sh)")


def journey(path: Path) -> Journey:
    loaded = load_journey(str(path))
    assert loaded.journey is not None, loaded.problems
    return loaded.journey


def view_of(path: Path, **options: str) -> JourneyView:
    text = path.read_text(encoding="utf-8")
    return build_view(journey(path), DEFAULT.score, provenance=Provenance(short_hash(text)), **options)


# --- labels, numbers, channels -------------------------------------------------------------


# The catalogues themselves (complete, no borrowed words) are checked in test_messages.py.


def test_labels_follow_the_journey_language_and_lang_overrides() -> None:
    assert view_of(EXAMPLES / "da-broadband-self-install.yaml").labels["actions"] == "Handlingsplan"
    assert view_of(SMALL).labels["actions"] == "Action plan"
    assert view_of(SMALL, lang="sv").labels["actions"] == "Handlingsplan"
    assert view_of(SMALL, lang="fi").labels["pain_point"] == "Kipupiste"
    assert view_of(SMALL, lang="nn").labels["no_owner"] == "ingen ansvarleg"


@pytest.mark.parametrize(
    ("lang", "neutral"), [("nb", "nøytral"), ("nn", "nøytral"), ("da", "neutral"), ("fi", "neutraali")]
)
def test_every_render_reads_the_emotion_words_from_the_language_catalogue(
    tmp_path: Path, lang: str, neutral: str
) -> None:
    view = view_of(_small_with(tmp_path, "emotion: 1\n", "emotion: 0\n"), lang=lang)
    assert view.labels is LABELS[lang]
    assert [e.word for e in view.legend][2] == neutral  # the HTML legend
    assert f"{view.labels['emotion']}: 0 ({neutral})" in render_dot(view)  # the Graphviz (SVG) nodes


@pytest.mark.parametrize(
    ("lang", "period", "shown"),
    [
        ("da", "month", "<dt>Volumen</dt><dd>pr. måned</dd>"),
        ("nb", "month", "<dt>Volum</dt><dd>pr. måned</dd>"),
        ("nn", "week", "<dt>Volum</dt><dd>per veke</dd>"),
        ("sv", "quarter", "<dt>Volymer</dt><dd>per kvartal</dd>"),
        ("fi", "year", "<dt>Määrät</dt><dd>vuodessa</dd>"),
        ("en", "day", "<dt>Volumes</dt><dd>per day</dd>"),
        ("en", "claim", "<dt>Volumes</dt><dd>per claim</dd>"),  # other text is shown as written
        ("da", "claim", '<dt>Volumen</dt><dd>pr. <span lang="en">claim</span></dd>'),
        ("da", "Month", '<dt>Volumen</dt><dd>pr. <span lang="en">Month</span></dd>'),
    ],
)
def test_the_period_is_translated_in_the_header(tmp_path: Path, lang: str, period: str, shown: str) -> None:
    path = _small_with(tmp_path, "period: month", f"period: {period}")
    assert shown in render_view(view_of(path, lang=lang), "html")


def _small_with(tmp_path: Path, old: str, new: str) -> Path:
    """The small fixture with one line changed."""
    text = SMALL.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "journey.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (240000, "da", 0, "240.000"),
        (240000, "sv", 0, "240\u00a0000"),
        (240000, "en", 0, "240,000"),
        (40.56, "da", 1, "40,6"),
        (40.56, "en", 1, "40.6"),
        (-1.5, "nb", 1, "−1,5"),
        (-0.01, "en", 1, "0.0"),
    ],
)
def test_numbers_in_the_language_style(value: float, lang: str, decimals: int, expected: str) -> None:
    assert format_number(value, lang, decimals) == expected


def test_percentages() -> None:
    assert format_percent(0.31, "da") == "31\u00a0%"
    assert format_percent(0.001, "en") == "0.1%"
    assert format_percent(0.05, "sv") == "5\u00a0%"


@pytest.mark.parametrize(
    ("channel", "icon"),
    [
        ("web", "web"),
        ("e-post", "email"),
        ("Telefon", "phone"),
        ("pakkeshop", "store"),
        ("help center", "web"),
        ("in-app", "app"),
        ("sähköposti", "email"),
        ("video call", "video"),
        ("netværk", "dot"),
        (None, "dot"),
    ],
)
def test_common_channels_get_icons(channel: str | None, icon: str) -> None:
    assert channel_icon(channel) == icon


# --- the emotion curve -----------------------------------------------------------------------


def test_curve_passes_through_every_known_emotion_and_across_gaps() -> None:
    points = curve_points([1.0, None, -2.0])
    assert points[0].y == emotion_y(1.0) and points[2].y == emotion_y(-2.0)
    assert points[1].y is None and points[1].path.startswith("M0 ") and " L100 " in points[1].path
    # The edges shared by neighbouring columns meet: the curve is continuous.
    right_of_first = points[0].path.split(" L100 ")[1]
    left_of_second = points[1].path.split(" L100 ")[0].removeprefix("M0 ")
    assert right_of_first == left_of_second


def test_curve_with_one_or_no_point_draws_no_line() -> None:
    assert [p.path for p in curve_points([0.5])] == [""]
    assert [p.path for p in curve_points([None, None])] == ["", ""]
    assert curve_points([]) == []


def test_curve_path_data_is_numbers_only() -> None:
    for point in curve_points([2, -2, 0.3, None, 1.7]):
        assert re.fullmatch(r"(?:[ML]\d+ \d+\.\d)(?: [ML]\d+ \d+\.\d)*|", point.path)


# --- the view model --------------------------------------------------------------------------


def test_view_groups_stages_by_phase_and_keeps_empty_stages() -> None:
    view = view_of(SMALL)
    assert [(p.key, p.span) for p in view.phases] == [("before", 1), ("during", 3), ("after", 1)]
    assert [s.span for s in view.stages] == [1, 2, 1, 1]
    assert view.columns == 5
    empty = view.stages[2]
    assert empty.touchpoints == () and empty.health == EN["not_measured"]
    # a stage without data makes the end-to-end health "not measured", never a figure or "good"
    assert view.health.end_to_end == EN["not_measured"] and view.health.level == "none"


def test_view_marks_pain_truth_key_moments_and_weakest_link() -> None:
    view = view_of(SMALL)
    by_id = {tp.id: tp for tp in view.touchpoints}
    assert by_id["checkout"].cls == "pain" and by_id["delivery"].cls == "truth"
    assert [km.id for km in view.key_moments] == ["ad", "delivery", "checkout"]  # by customers delighted / at stake
    assert [km.kind for km in view.key_moments] == ["protect", "protect", "improve"]
    assert view.health.weakest_stage == "Sign up" and view.health.weakest_touchpoint == "Checkout"
    assert [s.weakest for s in view.stages] == [False, True, False, False]
    assert by_id["gift-card"].emotion.level == "none" and by_id["gift-card"].curve.y is None
    assert by_id["checkout"].successors == ("gift-card", "delivery")


def test_key_moment_factors_explain_the_score_in_words() -> None:
    view = view_of(SMALL)
    pain = next(km for km in view.key_moments if km.id == "checkout")
    # scoring model v2: the signals behind σ, strongest first (q is the emotion here: 0.5 · 1.5/2), then volume
    assert [(f.name, f.value) for f in pain.factors] == [
        ("negativity", "−1.5"),
        ("drop_off", "30%"),
        ("complaints", "10%"),
        ("volume", "4,000"),
    ]
    assert pain.customers == "≈\u00a02,430 customers per month" and pain.health == "39.4"
    protect = next(km for km in view.key_moments if km.id == "ad")
    assert protect.customers == "≈\u00a028,100 customers per month"
    assert pain.actions == ("Remove the birthday field (Growth, planned)",)


def test_persona_view_shows_only_that_persona() -> None:
    view = view_of(SMALL, persona="commuter")
    assert view.persona is not None and view.persona.name == "Busy commuter"
    assert [p.id for p in view.personas] == ["commuter"]
    assert [tp.id for tp in view.touchpoints] == ["ad", "checkout", "delivery"]
    assert [a.id for a in view.actions] == ["trim-form", "bag-design"]
    assert [o.id for o in view.opportunities] == ["shorter-form"]
    assert [i.question for i in view.insights] == ["recommend", "stop"]
    # Flow bridges over the hidden gift card; key moments only among shown touchpoints.
    by_id = {tp.id: tp for tp in view.touchpoints}
    assert by_id["checkout"].successors == ("delivery",)
    gifter = view_of(SMALL, persona="gifter")
    assert [tp.id for tp in gifter.touchpoints] == ["ad", "gift-card", "delivery"]
    assert "checkout" not in {km.id for km in gifter.key_moments}
    assert gifter.health.weakest_touchpoint != "Checkout"


def test_persona_view_on_format_1_keeps_the_touchpoint_figures_and_says_so() -> None:
    """SPEC §4.2 item 8: a format-1 file has no persona figures; the persona's view filters, and the handout
    says the figures are whole-journey. Fix first, protect and the weakest link are the persona's own."""
    whole = {tp.id: tp for tp in view_of(SMALL).touchpoints}
    persona = {tp.id: tp for tp in view_of(SMALL, persona="commuter").touchpoints}
    for tp_id, tp in persona.items():
        same = whole[tp_id]
        assert (tp.at_stake, tp.delighted, tp.health) == (same.at_stake, same.delighted, same.health)
    gifter = view_of(SMALL, persona="gifter")
    assert gifter.health.weakest_touchpoint == "Social ad"  # the gifter never meets the checkout
    assert EN["persona_whole_journey"] in gifter.health.notes
    assert EN["persona_whole_journey"] not in view_of(SMALL).health.notes


def test_unknown_persona_is_an_error() -> None:
    with pytest.raises(UnknownPersona, match="no persona 'nobody'"):
        view_of(SMALL, persona="nobody")


def test_index_view_formats_health_in_its_language() -> None:
    views = [view_of(SMALL), view_of(EXAMPLES / "da-broadband-self-install.yaml")]
    index = build_index([(v, f"{v.id}.html") for v in views])
    assert index.lang == "en" and [e.href for e in index.entries] == [
        "coffee-subscription.html",
        "broadband-self-install.html",
    ]
    assert "," not in index.entries[1].health_text
    assert build_index([(views[1], "x.html")]).lang == "da"


def test_paragraphs_and_whitespace() -> None:
    view = view_of(SMALL)
    assert view.description == ("From the first ad to the second delivery.", "A small journey for the render tests.")


# --- golden files, every format --------------------------------------------------------------


def _graphviz_version() -> str:
    done = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False)
    return (done.stderr or done.stdout).strip()


def _assert_image_golden(name: str, data: bytes) -> None:
    version_file = GOLDEN / "render" / "graphviz-version.txt"
    if os.environ.get("CJM_UPDATE_GOLDEN") == "1":
        version_file.parent.mkdir(parents=True, exist_ok=True)
        version_file.write_text(_graphviz_version() + "\n", encoding="utf-8")
    elif version_file.read_text(encoding="utf-8").strip() != _graphviz_version():
        pytest.skip(f"golden {name} was written by another Graphviz version")
    assert_golden(f"render/{name}", data)


@pytest.mark.parametrize("fmt", ["html", "dot", "mermaid", "markdown"])
@pytest.mark.parametrize("fixture", [SMALL, HOSTILE], ids=["small", "hostile"])
def test_golden_text_formats(fixture: Path, fmt: str) -> None:
    content = render_view(view_of(fixture), fmt)
    assert isinstance(content, str)
    assert_golden(f"render/{fixture.stem.removeprefix('render_')}.{BY_NAME[fmt].ext}", content)


def test_golden_persona_and_language_views() -> None:
    assert_golden("render/small-commuter.html", render_view(view_of(SMALL, persona="commuter"), "html"))
    assert_golden("render/small-da.md", render_view(view_of(SMALL, lang="da"), "markdown"))


def test_golden_index() -> None:
    from cjm.render.html import render_index

    views = [view_of(SMALL), view_of(HOSTILE)]
    assert_golden("render/index.html", render_index(build_index([(v, f"{v.id}.html") for v in views])))


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_golden_image_formats(fmt: str) -> None:
    view = view_of(SMALL)
    content = render_view(view, fmt, epoch=1_788_220_800)
    assert isinstance(content, bytes)
    assert content == render_view(view, fmt, epoch=1_788_220_800), "the same input gives the same bytes"
    _assert_image_golden(f"small.{fmt}", content)


def test_every_format_is_deterministic() -> None:
    for fmt in (f.name for f in FORMATS):
        if fmt in ("svg", "png", "pdf") and not HAS_DOT:
            continue
        first = render_view(view_of(HOSTILE), fmt)
        assert first == render_view(view_of(HOSTILE), fmt), fmt


def test_pdf_dates_are_fixed_without_moving_offsets() -> None:
    pdf = b"1 0 obj << /CreationDate (D:20261123124536Z) /ModDate (D:20261123124537+01'00') >>"
    fixed = fixed_pdf_dates(pdf, 0)
    assert fixed == pdf.replace(b"20261123124536", b"19700101000000").replace(b"20261123124537", b"19700101000000")
    assert len(fixed) == len(pdf)


# --- hostile text stays inert ---------------------------------------------------------------


def test_html_escapes_every_yaml_text() -> None:
    out = render_view(view_of(HOSTILE), "html")
    assert isinstance(out, str)
    assert "<script" not in out.lower()
    assert "<img" not in out.lower() and "<iframe" not in out.lower() and "<link" not in out.lower()
    assert "<style>body" not in out
    assert "onerror=" not in out.replace("onerror=&#34;", "")  # only as escaped text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in out
    assert "{{ 7*7 }}" in out and ">49<" not in out  # template syntax in data is never evaluated
    assert "\\N \\G" in out
    assert "https://" not in out.replace("https://example.com", "")  # no other URL appears
    # Only one style element, the handout's own; no external resources of any kind.
    assert out.count("<style>") == 1 and not re.search(r"<[^>]*\s(?:src|on\w+)=", out)


def test_html_has_no_external_resources_and_a_strict_csp() -> None:
    out = render_view(view_of(EXAMPLES / "en-b2b-saas-onboarding.yaml"), "html")
    assert isinstance(out, str)
    assert "Content-Security-Policy" in out and "default-src 'none'" in out
    assert not re.search(r"(?:src|href)=\"(?!#)", out), "only in-page references"
    assert "@import" not in out and "url(" not in out and "<script" not in out


def test_dot_labels_are_escaped_text_never_attributes() -> None:
    source = render_dot(view_of(HOSTILE))
    assert "label=<" not in source, "no HTML-like labels"
    for attr in ("image=", "URL=", "href=", "shapefile", "fontpath", "imagepath", "tooltip="):
        assert not re.search(rf"(?<![\w\"]){attr}", _outside_quotes(source)), attr
    assert set(re.findall(r'fontname="([^"]*)"', _outside_label(source))) == {"Helvetica,Arial,sans-serif"}
    assert "\\\\l\\\\N\\\\G\\\\E\\\\T\\\\H" in source, "backslashes doubled: no escString escapes"
    assert "a\\\"b'c\\\\d" in source


def _outside_label(source: str) -> str:
    return re.sub(r'label="(?:[^"\\]|\\.)*"', 'label=""', source)


def _outside_quotes(source: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)


def test_dot_label_helper() -> None:
    assert str(label("a\\b", "<x>")) == "a\\\\b\\n<x>"
    assert str(label("one\ntwo", wrap=0)) == "one two"


@needs_dot
def test_hostile_text_in_svg_is_shown_literally() -> None:
    svg = render_view(view_of(HOSTILE), "svg")
    assert isinstance(svg, bytes)
    text = svg.decode("utf-8")
    assert "<script" not in text.lower() and "<img" not in text.lower()
    assert html.escape("<script>console.error(", quote=False) in text
    assert "\\l\\N\\G\\E\\T\\H" in text, "escString sequences are not expanded"
    assert "/etc/passwd" in text and "<image" not in text


def test_mermaid_text_is_safe() -> None:
    out = render_mermaid(view_of(HOSTILE))
    for line in out.splitlines()[2:]:
        if line.strip().startswith("section"):
            assert ":" not in line and ";" not in line and "#" not in line
        else:
            _task, score, actors = line.strip().split(": ")
            assert ";" not in line and "#" not in line and "%" not in line
            assert score in {"1", "2", "3", "4", "5"}
            assert "," not in actors, "the one persona's name, its comma replaced"
    assert "`" not in out
    assert safe("a:b;c#d%%e\nf") == "a\u02d0b\u037ec\u266fd\u066a\u066ae f"


def test_mermaid_scores_map_emotion_to_one_to_five() -> None:
    lines = render_mermaid(view_of(SMALL)).splitlines()
    scores = {line.strip().split(": ")[0]: line.strip().split(": ")[1] for line in lines if ": " in line}
    assert scores == {"★ Social ad": "4", "▼ Checkout": "1", "Gift card": "3", "★ First delivery": "5"}
    assert "    section Waiting" not in lines  # an empty stage has no tasks, so no section


def test_markdown_escapes_text_and_embeds_mermaid() -> None:
    out = render_markdown(view_of(HOSTILE))
    assert "```mermaid\njourney\n" in out
    assert "<script" not in out and "&lt;script&gt;" in out
    assert "@\u200beveryone \\| pipes \\| here" in out and "&lt;b&gt;Owner&lt;/b&gt; @\u200bteam" in out
    assert "\\[link\\](https://example.com)" in out and "\\*stars\\*" in out and "\\`code\\`" in out
    body = out.split("```mermaid")[0] + out.split("```\n", 1)[1]
    assert "```" not in body.replace("\\`\\`\\`", "")
    assert md("1. not a list") == "1\\. not a list" and md("- x") == "\\- x" and md("45.6") == "45.6"


EDGE_CASES = {
    "no-touchpoints": "cjm: 1\nid: empty\ntitle: Empty\nstages:\n  - {id: a}\n  - {id: b, phase: after}\n"
    "touchpoints: []\n",
    "bare": "cjm: 1\nid: bare\ntitle: Bare\nstages:\n  - {id: a}\ntouchpoints:\n  - {id: t, stage: a}\n"
    "  - {id: u, stage: a, emotion: -1}\n",
}


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_minimal_journeys_render_in_every_format(case: str) -> None:
    from cjm.load import load_journey_text

    loaded = load_journey_text(EDGE_CASES[case], f"{case}.yaml")
    assert loaded.journey is not None, loaded.problems
    view = build_view(loaded.journey, DEFAULT.score, provenance=Provenance("x"))
    assert view.health.end_to_end == EN["not_measured"] or case == "bare"
    for fmt in (f.name for f in FORMATS):
        if fmt in ("svg", "png", "pdf") and not HAS_DOT:
            continue
        assert render_view(view, fmt), fmt
    assert "Customer" in render_mermaid(view) or case == "no-touchpoints"
    assert view.phases[0].label == EN["phase_none"]


def test_numbers_round_half_up_like_cjm_score() -> None:
    from cjm.numbers import format_number

    assert format_number(40.65, "da", 1) == "40,7"
    assert format_number(87.25, "en", 1) == "87.3"
    assert format_number(1e30, "en", 1) == "1e+30"  # not its 31 digits of binary tail


@pytest.mark.parametrize(
    ("period", "lang", "words"),
    [
        ("month", "da", "pr. måned"),
        ("Year", "fi", "vuodessa"),
        ("week", "nn", "per veke"),
        ("period", "en", "per period"),
        ("sæson", "da", "pr. sæson"),
    ],
)
def test_periods_are_translated_and_other_text_is_shown_as_written(period: str, lang: str, words: str) -> None:
    from cjm.load import load_journey_text

    text = SMALL.read_text(encoding="utf-8").replace("period: month", f"period: {period}")
    loaded = load_journey_text(text, "small.yaml")
    assert loaded.journey is not None
    view = build_view(loaded.journey, DEFAULT.score, provenance=Provenance("x"), lang=lang)
    assert view.health.customers.endswith(words)
    assert view.key_moments[0].customers.endswith(words)
