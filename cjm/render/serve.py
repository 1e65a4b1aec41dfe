"""Serving rendered maps on 127.0.0.1 for `cjm render --watch`, with a reload snippet in served pages.

Only files under the output folder are served, only to requests whose Host header names
this server (so a web page cannot reach it through DNS rebinding). The snippet polls a
version number and reloads the page when a new render is done; it runs under the
handout's Content-Security-Policy because the served copy's policy gets a nonce for it
and `connect-src 'self'`. The files on disk never carry the snippet.
"""

from __future__ import annotations

import mimetypes
import re
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

VERSION_PATH = "/__cjm/version"
_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.I)
_SNIPPET = """<script nonce="{nonce}">
(function () {{
  var seen = null;
  function poll() {{
    fetch("{version}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }}).then(function (v) {{
      if (seen === null) {{ seen = v; }} else if (v !== seen) {{ location.reload(); return; }}
      setTimeout(poll, 400);
    }}, function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();
</script>
"""


class Version:
    """A counter the pages poll: it goes up after every render."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    def bump(self) -> None:
        """A new render is on disk."""
        with self._lock:
            self._value += 1

    @property
    def value(self) -> int:
        """The current version."""
        with self._lock:
            return self._value


def with_reload(page: str) -> str:
    """A page as served: the reload snippet before </body>, and a policy that lets it (and only it) run."""
    nonce = secrets.token_urlsafe(16)

    def allow(match: re.Match[str]) -> str:
        return f"{match.group(1)}{match.group(2)}; script-src 'nonce-{nonce}'; connect-src 'self'{match.group(3)}"

    page = _CSP.sub(allow, page, count=1)
    snippet = _SNIPPET.format(nonce=nonce, version=VERSION_PATH)
    at = page.rfind("</body>")
    return page[:at] + snippet + page[at:] if at >= 0 else page + snippet


class Server(ThreadingHTTPServer):
    """The maps' folder on 127.0.0.1, at a free port."""

    daemon_threads = True

    def __init__(self, root: Path, version: Version, start_page: str = "index.html") -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.root = root.resolve()
        self.version = version
        self.start_page = start_page

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.server_address[1])

    def hosts(self) -> set[str]:
        """The Host headers this server answers."""
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of files under the root; the version; nothing else."""

    server: Server
    server_version = "cjm"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows renders, not requests."""

    def do_HEAD(self) -> None:
        """Headers only."""
        self._answer(head=True)

    def do_GET(self) -> None:
        """A file, the version, or an error."""
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        hosts = self.headers.get_all("Host") or [""]
        if len(hosts) != 1 or hosts[0] not in self.server.hosts():
            self._send(HTTPStatus.FORBIDDEN, b"cjm serves only http://127.0.0.1 (Host refused)\n", "text/plain", head)
            return
        path = unquote(urlsplit(self.path).path)
        if path == VERSION_PATH:
            self._send(HTTPStatus.OK, str(self.server.version.value).encode(), "text/plain", head)
            return
        target = self._file(path)
        try:
            data = target.read_bytes() if target is not None else None
        except OSError:  # removed or replaced by the next render since
            data = None
        if target is None or data is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", head)
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = with_reload(data.decode("utf-8", "replace")).encode("utf-8")
            kind = "text/html; charset=utf-8"
        self._send(HTTPStatus.OK, data, kind, head)

    def _file(self, path: str) -> Path | None:
        """The file under the root that a URL path names (the start page for `/`), or None."""
        relative = path.lstrip("/") or self.server.start_page
        if "\x00" in relative or any(part == ".." for part in relative.split("/")):
            return None
        try:
            target = (self.server.root / relative).resolve()
            inside = self.server.root in target.parents and target.is_file()
        except (OSError, ValueError):  # a name too long for the file system, a loop of links
            return None
        return target if inside else None

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)


def start(root: Path, version: Version, start_page: str) -> Server:
    """Serve root in a background thread; stop with `server.shutdown()`."""
    server = Server(root, version, start_page)
    threading.Thread(target=server.serve_forever, name="cjm-serve", daemon=True).start()
    return server
