"""`cjm render --watch`: re-render on every save and serve the maps on 127.0.0.1 with live reload.

The files on disk are exactly what `cjm render` writes (or, for a journey that stops
linting, a page listing its errors as `file:line:col: CODE message`); the reload snippet
is added only to pages as they are served. Saves are debounced; the watch uses
watchfiles, else polls the files' modification times.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cjm.display import one_line
from cjm.errors import JobError
from cjm.inputs import InvalidJourneys, collect
from cjm.output import write_atomic
from cjm.paths import JOURNEY_SUFFIXES, expand_paths
from cjm.render.run import RenderOptions, RenderResult, run

POLL_SECONDS = 0.25
DEBOUNCE_MS = 80


@dataclass
class Outcome:
    """One round of rendering: the pages written, the journeys that did not lint, and how long it took."""

    written: list[Path] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None  # the whole round failed (a bad config, an unreadable file)


def render_round(
    paths: Sequence[str],
    options: RenderOptions,
    directory: Path,
    config: str | None,
    metrics: str | None = None,
    pages: dict[str, str] | None = None,
) -> Outcome:
    """Render every journey into directory; a journey that does not lint gets its error page instead.

    `pages` remembers each file's page name (its journey id) between rounds, so the error page
    replaces the map even when a broken save no longer says the id.
    """
    pages = {} if pages is None else pages
    start = time.perf_counter()
    outcome = Outcome()
    try:
        try:  # the common case, every journey lints: loaded once, by render itself
            _write(run(paths, options, config=config, metrics=metrics), directory, outcome)
            _remember(paths, pages)
        except InvalidJourneys:
            _render_the_rest(paths, options, directory, config, metrics, pages, outcome)
    except (JobError, OSError) as exc:
        outcome.error = str(exc)
    outcome.seconds = time.perf_counter() - start
    return outcome


def _render_the_rest(
    paths: Sequence[str],
    options: RenderOptions,
    directory: Path,
    config: str | None,
    metrics: str | None,
    pages: dict[str, str],
    outcome: Outcome,
) -> None:
    """Some journeys do not lint: the others are rendered, each broken one gets its error page."""
    inputs = collect(paths, config=config)
    valid = [file.path for file in inputs.files if file.ok]
    if valid:
        _write(run(valid, options, config=config, metrics=metrics), directory, outcome)
    for file in inputs.files:
        if file.ok:
            continue
        page = directory / f"{pages.get(file.path) or _page_name(file.path, file.loaded.text)}.html"
        directory.mkdir(parents=True, exist_ok=True)
        write_atomic(page, error_page(file.path, [p.located() for p in sorted(file.loaded.problems)]))
        outcome.written.append(page)
        outcome.broken.append(file.path)


def _write(result: RenderResult, directory: Path, outcome: Outcome) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for item in result.outputs:
        if item.path is not None:
            write_atomic(item.path, item.content, inputs=result.inputs)
            outcome.written.append(item.path)


def _remember(paths: Sequence[str], pages: dict[str, str]) -> None:
    """Each journey's page name while it lints, for the round in which its id line breaks."""
    for path in expand_paths(list(paths)):
        try:
            text = Path(path).read_text("utf-8", errors="replace")
        except OSError:
            continue
        pages[path] = _page_name(path, text)


def _page_name(path: str, text: str) -> str:
    """Where the journey's map is: the id its text names (a journey's first `id:`), else the file's name."""
    import re

    from cjm.model import SLUG_PATTERN

    found = re.search(r"^id:[ \t]*['\"]?([a-z0-9][a-z0-9_-]*)['\"]?[ \t]*(?:#.*)?$", text, re.M)
    if found and re.match(SLUG_PATTERN, found.group(1)) and found.group(1) != "index":
        return found.group(1)
    return Path(path).stem or "journey"


def error_page(path: str, problems: list[str]) -> str:
    """The page that replaces a map while its journey does not lint."""
    from cjm.render.html import render_template

    return render_template("watch_error.html.j2", None, path=path, problems=problems)


def watched(paths: Sequence[str]) -> tuple[list[Path], Callable[[Path], bool]]:
    """The folders to watch and which changed paths count: journeys and configs only, so the pages a render
    writes never start another, and a journey counts even in the output folder (`-o` may be its own folder)."""
    folders: list[Path] = []
    files: set[Path] = set()
    directories: set[Path] = set()
    for given in paths:
        path = Path(given).resolve()
        if path.is_dir():
            folders.append(path)
            directories.add(path)
        else:
            folders.append(path.parent)
            files.add(path)

    def counts(changed: Path) -> bool:
        changed = changed.resolve()
        if changed in files or changed.name == ".cjm.yaml":
            return True
        return changed.suffix.lower() in JOURNEY_SUFFIXES and any(d in changed.parents for d in directories)

    return sorted(set(folders)), counts


def stamps(paths: Sequence[str]) -> dict[Path, int]:
    """The modification times of every file a save can change: taken before a render, compared after."""
    folders, counts = watched(paths)
    found: dict[Path, int] = {}
    for folder in folders:
        for path in folder.rglob("*") if _is_given_directory(folder, paths) else folder.iterdir():
            if counts(path):
                try:
                    found[path] = path.stat().st_mtime_ns
                except OSError:
                    continue
    return found


def _is_given_directory(folder: Path, paths: Sequence[str]) -> bool:
    return any(Path(given).resolve() == folder and Path(given).is_dir() for given in paths)


def changes(paths: Sequence[str], stop: threading.Event, since: dict[Path, int]) -> Iterator[None]:
    """One item per debounced batch of saves after `since` (stamps taken before the first render), until stop.

    watchfiles reports saves as they happen; the stamps are compared too, on every quiet
    half second, so a save made while the watch was starting is never missed. Without
    watchfiles, the stamps alone are polled.
    """
    last = since
    for batch in _batches(paths, stop):
        now = stamps(paths)
        if batch or now != last:
            last = now
            yield None


def _batches(paths: Sequence[str], stop: threading.Event) -> Iterator[bool]:
    """True for a batch of saves, False for a quiet moment."""
    folders, counts = watched(paths)
    try:
        import watchfiles
    except ImportError:  # pragma: no cover - a platform without a watchfiles wheel
        while not stop.wait(POLL_SECONDS):
            yield False
        return
    for batch in watchfiles.watch(
        *folders,
        stop_event=stop,
        debounce=DEBOUNCE_MS,
        step=20,
        rust_timeout=500,
        yield_on_timeout=True,
        raise_interrupt=True,
        recursive=True,
        watch_filter=lambda _change, name: counts(Path(name)),
    ):
        yield bool(batch)


def describe(outcome: Outcome) -> str:
    """One stderr line about a round."""
    if outcome.error is not None:
        return f"cjm: error: {one_line(outcome.error)}"
    pages = len(outcome.written)
    broken = f"; {len(outcome.broken)} journey(s) do not lint, error page shown" if outcome.broken else ""
    return f"cjm: rendered {pages} page(s) in {outcome.seconds:.2f} s{broken}"
