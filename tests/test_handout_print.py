"""The wall handout on paper (SPEC §4.4 "Render, wall and workshop"), measured in real prints.

Generated journeys of 15, 42 and 100 touchpoints are rendered tiled on A3, A2, A1 and A0, and
the 15-touchpoint one on one A3 sheet; one headless Chromium session prints them all to PDF
(tests/node/render_browser.js with PRINT_CHECK=1), and poppler reads the PDFs back:
- every sheet has the paper's size (`pdfinfo`), each map sheet is one page numbered "k / N";
- the smallest text on any sheet is at least 7 pt. `pdftotext -bbox` gives each word's box;
  its height is the font's ascent + descent, 1.117 x the font size for Liberation Sans (the
  font Chromium picks here). The factor is measured in the same run on a calibration page with
  text at 7, 10 and 20 pt, so a different font cannot fool the check;
- no cell's content is wider than the cell and no map wider than its sheet (print emulation at
  the sheet's printable width), and axe-core finds nothing serious there and at 1440 px;
- a journey with a branch, a loop back and an end shows all three on the map.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from wall import journey

from cjm.render.paper import MIN_PT, PAPERS, landscape

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / "tests" / "node"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SIZES = {15: "da", 42: "nb", 100: "fi"}
MM_TO_PT = 72 / 25.4

pytestmark = [pytest.mark.browser, pytest.mark.node]

CALIBRATION = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>calibration</title>
<style>@page { size: 420mm 297mm; margin: 10mm; } body { font-family: -apple-system, BlinkMacSystemFont,
"Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans", sans-serif; }</style></head>
<body><main><p style="font-size: 7pt">Seven Hxg</p><p style="font-size: 10pt">Ten Hxg</p>
<p style="font-size: 20pt; font-weight: 700">Twenty Hxg</p></main></body></html>"""


def _needs_tools() -> None:
    if shutil.which("node") is None or not (NODE_DIR / "node_modules" / "puppeteer-core").exists():
        pytest.skip("puppeteer-core not installed (scripts/test-deps.sh installs it)")
    if CHROMIUM is None:
        pytest.skip("Chromium not installed (scripts/test-deps.sh installs it)")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils not installed (scripts/test-deps.sh installs it)")


@pytest.fixture(scope="module")
def prints(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Render every case and print them all in one Chromium session."""
    _needs_tools()
    from conftest import run_cli

    out = tmp_path_factory.mktemp("wall")
    files = []
    for size, lang in SIZES.items():
        source = out / f"w{size}.yaml"
        source.write_text(journey(size, lang, flow=size == 15), encoding="utf-8")
        for paper in PAPERS:
            target = out / f"w{size}-{paper}-tile.html"
            result = run_cli(["render", str(source), "--paper", paper, "--tile", "-o", str(target)])
            assert result.code == 0 and result.err == "", result.err
            files.append(target)
    result = run_cli(["render", str(out / "w15.yaml"), "-o", str(out / "w15-a3.html")])
    assert result.code == 0 and result.err == "", "15 touchpoints fit one A3 sheet at 7 pt or more"
    files.append(out / "w15-a3.html")
    (out / "calibration.html").write_text(CALIBRATION, encoding="utf-8")
    files.append(out / "calibration.html")
    done = subprocess.run(
        ["node", str(NODE_DIR / "render_browser.js"), str(out / "shots"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=400,
        env={
            **os.environ,
            "CHROMIUM": str(CHROMIUM),
            "PRINT_CHECK": "1",
            "NO_SCREENSHOT": "1",
            "AXE_FILES": ",".join(f"{name}.html" for name in AXE_CASES),
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    pages = {Path(entry["file"]).stem: entry for entry in json.loads(done.stdout)}
    return {"pages": pages, "ratio": _calibrate(Path(pages["calibration"]["pdf"]))}


def _words(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, box height in pt, word) for every word of the PDF."""
    done = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    words, page = [], 0
    for line in done.stdout.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)</word>', line)
        if found:
            words.append((page, float(found.group(2)) - float(found.group(1)), found.group(3)))
    return words


def _calibrate(pdf: Path) -> float:
    """Box height per point of font size, from text printed at 7, 10 and 20 pt."""
    heights = {word: height for _, height, word in _words(pdf)}
    ratios = [heights["Seven"] / 7, heights["Ten"] / 10, heights["Twenty"] / 20]
    assert max(ratios) - min(ratios) < 0.01, ratios
    return sum(ratios) / 3


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    sized = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", sized)]


CASES = [f"w{size}-{paper}-tile" for size in SIZES for paper in PAPERS] + ["w15-a3"]
# axe-core takes seconds on a large page: every kind of page once (one sheet, tiled, each size, A3 and A0)
AXE_CASES = ["w15-a3", "w15-a0-tile", "w42-a3-tile", "w100-a1-tile"]


def _case(name: str) -> tuple[int, str, bool]:
    size, paper, *tile = name[1:].split("-")
    return int(size), paper, bool(tile)


@pytest.mark.parametrize("name", CASES)
def test_every_sheet_has_the_papers_size(prints: dict[str, Any], name: str) -> None:
    _, paper, _ = _case(name)
    width, height = (mm * MM_TO_PT for mm in landscape(paper))
    sizes = _page_sizes(Path(prints["pages"][name]["pdf"]))
    assert sizes and all(abs(w - width) < 2 and abs(h - height) < 2 for w, h in sizes), (paper, sizes)


@pytest.mark.parametrize("name", CASES)
def test_no_printed_text_is_below_7_pt(prints: dict[str, Any], name: str) -> None:
    words = _words(Path(prints["pages"][name]["pdf"]))
    smallest = min(words, key=lambda item: item[1])
    size = smallest[1] / prints["ratio"]
    assert size >= MIN_PT - 0.05, f"{size:.2f} pt on page {smallest[0]}: {smallest[2]!r}"


@pytest.mark.parametrize("name", CASES)
def test_each_map_sheet_is_one_numbered_page(prints: dict[str, Any], name: str) -> None:
    """Sheet k of N is page k: the strips stacked on it did not spill over."""
    _, _, tile = _case(name)
    page = prints["pages"][name]
    numbers = page["print"]["sheet_numbers"]
    sheets = len(numbers)
    assert tile or sheets == 0, "an untiled map is one sheet"
    text = subprocess.run(["pdftotext", page["pdf"], "-"], capture_output=True, text=True, check=True).stdout
    texts = text.split("\f")
    for number in range(1, sheets + 1):
        assert numbers[number - 1].endswith(f" {number} / {sheets}")
        assert f"{number} / {sheets}" in texts[number - 1], f"sheet {number} is page {number}"
    if sheets:
        assert f"{sheets + 1} / {sheets}" not in text and f"/ {sheets}" not in texts[sheets], "the map ends there"


@pytest.mark.parametrize("name", CASES)
def test_no_cell_overflows_and_no_map_is_wider_than_its_sheet(prints: dict[str, Any], name: str) -> None:
    facts = prints["pages"][name]["print"]
    assert facts["maps"] >= 1
    assert facts["overflow"] == []
    assert facts["wide_maps"] == 0


@pytest.mark.parametrize("name", AXE_CASES)
def test_axe_finds_nothing_serious_on_screen_and_in_print(prints: dict[str, Any], name: str) -> None:
    page = prints["pages"][name]
    for found in (page["axe"], page["print"]["axe"]):
        bad = [v for v in found if v["impact"] in ("serious", "critical")]
        assert bad == [], json.dumps(bad, indent=1)


def test_a_branch_a_loop_and_an_end_show_on_the_map(prints: dict[str, Any]) -> None:
    facts = prints["pages"]["w15-a3"]["print"]
    kinds = [mark.split(":")[0] for mark in facts["flow"]]
    assert "flow-branch" in kinds and "flow-back" in kinds and "flow-end" in kinds, facts["flow"]
    back = next(mark for mark in facts["flow"] if mark.startswith("flow-back"))
    assert back.endswith("tilbage til Ordrebekræftelse 1"), "the loop names where it goes back to"
    assert facts["forks"] == 1, "the curve marks the branch"
    assert facts["broken"] >= 2, "the curve is dashed where the flow does not go on"
    assert "Forløb" in facts["lanes"]


@pytest.mark.parametrize("name", CASES)
def test_no_console_messages_and_no_network(prints: dict[str, Any], name: str) -> None:
    page = prints["pages"][name]
    assert page["console"] == [] and page["errors"] == [] and page["dims"]["scripts"] == 0
    assert [url for url in page["requests"] if not url.startswith("data:")] == [Path(page["file"]).as_uri()]


def test_the_map_fits_a_1440_px_window_with_lane_titles_in_view(prints: dict[str, Any]) -> None:
    """Sticky lane titles with horizontal scroll inside the map: the page itself never scrolls sideways."""
    for name in ("w15-a3", "w100-a3-tile"):
        assert prints["pages"][name]["dims"]["width"] == 1440, name


def test_untiled_larger_maps_warn_which_paper_keeps_them_readable(cli, tmp_path: Path) -> None:
    for size, expected in ((42, "--paper a0 or --tile"), (100, "--tile")):
        source = tmp_path / f"w{size}.yaml"
        source.write_text(journey(size, "en"), encoding="utf-8")
        result = cli(["render", str(source), "-o", str(tmp_path / f"w{size}.html")])
        assert result.code == 0
        lines = result.err.splitlines()
        assert len(lines) == 1 and "below 7 pt" in lines[0] and expected in lines[0], result.err
        assert (tmp_path / f"w{size}.html").exists(), "it still prints on one sheet"
