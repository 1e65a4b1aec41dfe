"""`cjm render --watch` (SPEC §4.5): re-render on save, an error page for a broken save, a local server.

Real processes and real saves; every wait polls with a generous deadline, never a fixed sleep.
"""

from __future__ import annotations

import http.client
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURES

from cjm.render.serve import VERSION_PATH, with_reload

DEADLINE = 30.0


def wait_for(check: Callable[[], object], what: str, deadline: float = DEADLINE) -> object:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Watch:
    """A `cjm render --watch` process and the port it serves."""

    def __init__(self, process: subprocess.Popen[str], port: int, page: str) -> None:
        self.process, self.port, self.page = process, port, page

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{self.port}"})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, body

    def version(self) -> int:
        return int(self.get(VERSION_PATH)[1])


@pytest.fixture
def watch(tmp_path: Path) -> Iterator[Watch]:
    with watching(tmp_path, "out") as started:
        yield started


@contextmanager
def watching(tmp_path: Path, output: str) -> Iterator[Watch]:
    """`cjm render --watch journey.yaml -o OUTPUT` in tmp_path, stopped at the end."""
    journey = tmp_path / "journey.yaml"
    journey.write_text((FIXTURES / "render_small.yaml").read_text("utf-8"), "utf-8")
    env = {**os.environ, "CJM_TODAY": "2026-11-23", "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cjm", "render", "--watch", "journey.yaml", "-o", output],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], DEADLINE)
        assert ready, "the server's address is printed"
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/(\S+)", line)
        assert found, line
        yield Watch(process, int(found.group(1)), found.group(2))
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=DEADLINE)


def test_two_saves_two_renders_a_broken_save_an_error_page(watch: Watch, tmp_path: Path) -> None:
    journey, page = tmp_path / "journey.yaml", tmp_path / "out" / watch.page
    assert page.is_file() and "<script" not in page.read_text("utf-8"), "the file on disk is what render writes"
    text = journey.read_text("utf-8")
    start = watch.version()
    for number, title in enumerate(("First save", "Second save"), start=1):
        journey.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text), "utf-8")
        wait_for(lambda title=title: title in page.read_text("utf-8"), f"the render of {title!r}")
        wait_for(lambda number=number: watch.version() >= start + number, "the version to go up")
    journey.write_text(text + "\nemotion: [\n", "utf-8")
    wait_for(lambda: "does not lint" in page.read_text("utf-8"), "the error page")
    assert re.search(r"journey\.yaml:\d+:\d+: CJM001", page.read_text("utf-8"))
    status, served = watch.get(f"/{watch.page}")
    assert status == 200 and "does not lint" in served
    journey.write_text(text, "utf-8")
    wait_for(lambda: "does not lint" not in page.read_text("utf-8"), "the map to come back")


def test_a_save_renders_again_when_the_output_folder_is_the_journeys_own(tmp_path: Path) -> None:
    with watching(tmp_path, ".") as started:
        journey, page = tmp_path / "journey.yaml", tmp_path / started.page
        text = journey.read_text("utf-8")
        journey.write_text(re.sub(r"(?m)^title: .*$", "title: Saved beside its map", text), "utf-8")
        wait_for(lambda: "Saved beside its map" in page.read_text("utf-8"), "the render of the save")


def test_served_pages_reload_and_only_files_under_the_folder(watch: Watch) -> None:
    status, body = watch.get(f"/{watch.page}")
    assert status == 200 and VERSION_PATH in body and "script-src 'nonce-" in body
    assert watch.get("/")[0] == 200
    assert watch.get("/../journey.yaml")[0] == 404
    assert watch.get("/%2e%2e/journey.yaml")[0] == 404
    assert watch.get("/missing.html")[0] == 404
    assert watch.get(f"/{watch.page}", host="evil.example")[0] == 403
    assert watch.get(f"/{watch.page}", host=f"evil.example:{watch.port}")[0] == 403


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_ctrl_c_exits_0(watch: Watch, stop: signal.Signals) -> None:
    watch.process.send_signal(stop)
    assert watch.process.wait(timeout=DEADLINE) == 0


def test_the_snippet_runs_under_the_handout_policy() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src'
        " 'unsafe-inline'\"></head><body><p>map</p></body></html>"
    )
    served = with_reload(page)
    nonce = re.search(r"script-src 'nonce-([^']+)'; connect-src 'self'", served)
    assert nonce and f'<script nonce="{nonce.group(1)}">' in served
    assert served.index("<script") > served.index("<p>map</p>") and served.endswith("</body></html>")
    assert with_reload(page) != served, "a new nonce for every page served"


def test_watch_needs_a_directory_and_the_handout(cli, tmp_path: Path) -> None:
    journey = FIXTURES / "render_small.yaml"
    assert cli(["render", "--watch", str(journey)]).code == 2
    result = cli(["render", "--watch", str(journey), "--format", "dot", "-o", str(tmp_path / "o")])
    assert result.code == 2 and "--watch renders the html handout" in result.err


@pytest.mark.browser
@pytest.mark.node
def test_the_open_page_reloads_in_chromium_under_its_policy(watch: Watch, tmp_path: Path) -> None:
    import json
    import shutil

    node_dir = Path(__file__).parent / "node"
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if shutil.which("node") is None or not (node_dir / "node_modules" / "puppeteer-core").exists() or not chromium:
        pytest.skip("node, puppeteer-core or Chromium not installed (scripts/test-deps.sh installs them)")
    url = f"http://127.0.0.1:{watch.port}/{watch.page}"
    done = subprocess.run(
        ["node", str(node_dir / "watch_browser.js"), url, str(tmp_path / "journey.yaml"), "Reloaded by itself"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CHROMIUM": str(chromium)},
        check=False,
    )
    result = json.loads(done.stdout)
    assert result["reloaded"] and "Reloaded by itself" in result["after"], result
    assert result["errors"] == [] and result["console"] == [], "no CSP violation, no script error"


def test_a_name_too_long_or_a_second_host_is_refused_without_a_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from cjm.render.serve import Version, start

    (tmp_path / "index.html").write_text("<html><body>map</body></html>", "utf-8")
    server = start(tmp_path, Version(), "index.html")
    host = f"127.0.0.1:{server.port}"

    def status(path: str, hosts: list[str]) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.putrequest("GET", path, skip_host=True)
        for name in hosts:
            connection.putheader("Host", name)
        connection.endheaders()
        code = connection.getresponse().status
        connection.close()
        return code

    try:
        assert status("/index.html", [host]) == 200
        assert status("/" + "a" * 300 + ".html", [host]) == 404, "ENAMETOOLONG is no file, not a dropped connection"
        assert status("/" + "a/" * 3000, [host]) == 404
        assert status("/index.html", [host, "evil.example"]) == 403, "a second Host header is another host"
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err
