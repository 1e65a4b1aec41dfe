"""The HTML handout in a real browser, and the Mermaid output in Mermaid itself.

One headless Chromium session (tests/node/render_browser.js, puppeteer-core driving the
system Chromium) opens every rendered page from file:// and reports console messages,
page errors, every request, a screenshot, print-to-PDF and an axe-core run. Mermaid's
own CLI (mmdc) renders every journey diagram of the Markdown exports.
Tools come from scripts/test-deps.sh (`make test`); without them these tests skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / "tests" / "node"
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = ROOT / "examples"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.browser, pytest.mark.node]


def _needs(tool: str) -> None:
    if shutil.which("node") is None or not (NODE_DIR / "node_modules" / tool).exists():
        pytest.skip(f"{tool} not installed (scripts/test-deps.sh installs it)")
    if CHROMIUM is None:
        pytest.skip("Chromium not installed (scripts/test-deps.sh installs it)")


def _render(cli, args: list[str]) -> None:
    result = cli(["render", *args])
    assert result.code == 0, result.err


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Render the handouts once and open them all in one browser session."""
    _needs("puppeteer-core")
    from conftest import run_cli

    os.environ.setdefault("CJM_TODAY", "2026-11-23")
    out = tmp_path_factory.mktemp("handouts")
    _render(
        run_cli,
        [
            str(FIXTURES / "render_small.yaml"),
            str(FIXTURES / "render_hostile.yaml"),
            str(EXAMPLES / "da-broadband-self-install.yaml"),
            "-o",
            str(out / "all"),
            "-q",
        ],
    )
    _render(run_cli, [str(FIXTURES / "render_small.yaml"), "--persona", "commuter", "-o", str(out / "persona.html")])
    # Danish text under English labels: the text carries lang="da" inside an English page
    _render(run_cli, [str(EXAMPLES / "da-broadband-self-install.yaml"), "--lang", "en", "-o", str(out / "mixed.html")])
    files = [*sorted((out / "all").glob("*.html")), out / "persona.html", out / "mixed.html"]
    done = subprocess.run(
        ["node", str(NODE_DIR / "render_browser.js"), str(out / "shots"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "CHROMIUM": str(CHROMIUM)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {Path(entry["file"]).name: entry for entry in json.loads(done.stdout)}


EXPECTED = [
    "broadband-self-install.html",
    "coffee-subscription.html",
    "hostile.html",
    "index.html",
    "mixed.html",
    "persona.html",
]


def test_every_page_was_opened(pages: dict[str, Any]) -> None:
    assert sorted(pages) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_no_console_messages_and_no_errors(pages: dict[str, Any], name: str) -> None:
    page = pages[name]
    assert page["console"] == [], "the handout runs no script and the CSP is never violated"
    assert page["errors"] == []
    assert page["dims"]["scripts"] == 0, "injected text never becomes a script element"


@pytest.mark.parametrize("name", EXPECTED)
def test_no_network_requests(pages: dict[str, Any], name: str) -> None:
    requests = pages[name]["requests"]
    assert requests and all(url.startswith(("file://", "data:")) for url in requests), requests
    assert len([url for url in requests if url.startswith("file://")]) == 1, "only the page itself"


@pytest.mark.parametrize("name", EXPECTED)
def test_screenshot_is_not_blank(pages: dict[str, Any], name: str) -> None:
    page = pages[name]
    assert page["dims"]["text"] > 200
    pixels = _png_pixels(Path(page["screenshot"]))
    assert len(set(pixels[::7])) > 20, "more than a blank canvas"
    assert page["dims"]["width"] == 1440 or name != "index.html"


@pytest.mark.parametrize("name", EXPECTED)
def test_print_to_pdf_gives_a3_landscape(pages: dict[str, Any], name: str) -> None:
    data = Path(pages[name]["pdf"]).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes, "a page box"
    width, height = (float(v) for v in boxes[0])
    assert abs(width - 1190.55) < 3 and abs(height - 841.89) < 3, (width, height)


@pytest.mark.parametrize("name", EXPECTED)
def test_accessibility_has_no_serious_or_critical_violations(pages: dict[str, Any], name: str) -> None:
    bad = [v for v in pages[name]["axe"] if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps(bad, indent=1)


def test_hostile_text_is_inert_in_the_browser(pages: dict[str, Any]) -> None:
    page = pages["hostile.html"]
    assert page["dims"]["title"].startswith("<script>alert('title')</script>"), "shown as text"
    assert page["console"] == [] and page["errors"] == []


def _png_pixels(path: Path) -> bytes:
    """The raw (filtered) scanline bytes of a PNG: enough to tell a blank image from a page."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return zlib.decompress(b"".join(chunks))


def test_mermaid_cli_renders_every_journey_diagram(cli, tmp_path: Path) -> None:
    """Mermaid's own parser and renderer accept the journey diagrams, hostile text included."""
    _needs("@mermaid-js/mermaid-cli")
    sources = [
        FIXTURES / "render_small.yaml",
        FIXTURES / "render_hostile.yaml",
        EXAMPLES / "en-b2b-saas-onboarding.yaml",
    ]
    blocks = []
    for source in sources:
        result = cli(["render", str(source), "-f", "markdown"])
        assert result.code == 0, result.err
        blocks.append(re.search(r"```mermaid\n.*?```\n", result.out, re.S).group(0))  # type: ignore[union-attr]
    persona = cli(["render", str(FIXTURES / "render_small.yaml"), "-f", "mermaid", "--persona", "commuter"])
    blocks.append(f"```mermaid\n{persona.out}```\n")
    doc = tmp_path / "diagrams.md"
    doc.write_text("\n".join(blocks), encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]}))
    done = subprocess.run(
        [
            str(NODE_DIR / "node_modules" / ".bin" / "mmdc"),
            "-p",
            str(config),
            "-i",
            str(doc),
            "-o",
            str(tmp_path / "out.md"),
            "-e",
            "svg",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    svgs = sorted(tmp_path.glob("out-*.svg"))
    assert len(svgs) == len(blocks)
    hostile = svgs[1].read_text(encoding="utf-8")
    assert "<script" not in hostile.lower().replace("&lt;script", "")
    assert "Checkout" in svgs[0].read_text(encoding="utf-8")


def test_mermaid_keywords_in_names_stay_tasks(cli, tmp_path: Path) -> None:
    """SPEC §6: "Journey planner", "Section 8 form" and "Title search" are tasks, not keywords, to Mermaid."""
    _needs("@mermaid-js/mermaid-cli")
    journey = tmp_path / "k.yaml"
    names = ["Journey planner", "Section 8 form", "Title search", "accTitle note", "TITLE CASE"]
    touchpoints = "".join(f"  - {{id: t{i}, stage: s, name: {name}, emotion: 0}}\n" for i, name in enumerate(names))
    journey.write_text(
        f"cjm: 1\nid: k\ntitle: Real title\nstages: [{{id: s, name: Planning}}]\ntouchpoints:\n{touchpoints}",
        encoding="utf-8",
    )
    result = cli(["render", str(journey), "-f", "mermaid"])
    assert result.code == 0, result.err
    (tmp_path / "k.mmd").write_text(result.out, encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]}))
    done = subprocess.run(
        [str(NODE_DIR / "node_modules" / ".bin" / "mmdc"), "-p", str(config), "-i", str(tmp_path / "k.mmd"),
         "-o", str(tmp_path / "k.svg"), "-q"],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    svg = (tmp_path / "k.svg").read_text(encoding="utf-8")
    assert "Real title" in svg
    for name in names:
        assert name.split()[-1] in svg, name  # the task's own words are drawn as a task
