"""The two sides of `cjm diff`: paths, '-', git objects `REV:PATH`, and the pairs of `--git BASE`.

SPEC §4.3: an invalid OLD side, or one missing at its revision, counts as an empty
journey with a note (a pull request that adds or repairs a journey can pass); a plain
OLD path that does not exist, an invalid NEW side and an unknown revision are errors
(DiffInputError: one line, exit 2).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cjm.errors import JobError
from cjm.git import ChangedFile, GitError, changed_files, read_blob, repo_root, resolve_commit, split_object
from cjm.load import InputError, Loaded, TextProblem, decode, load_journey, load_journey_text
from cjm.model import Journey
from cjm.paths import JOURNEY_MARK, links_out

OLD, NEW = "OLD", "NEW"
_ID_LINE = re.compile(rb"^id:[ \t]*[\"']?([a-z0-9][a-z0-9_-]*)", re.MULTILINE)


class DiffInputError(JobError):
    """A side cannot be compared: one line, exit 2."""


@dataclass(frozen=True)
class SideSpec:
    """Where one side comes from. Exactly one of: a file (or '-'), a git object, or nothing."""

    ref: str  # as shown in reports
    path: str | None = None  # a file to read, or '-'
    commit: str | None = None  # with object_path: a git object
    object_path: str | None = None
    absent: str | None = None  # why there is nothing on this side (added or deleted file)
    config_path: str = "."  # where the nearest .cjm.yaml is looked up

    def describe(self) -> str:
        """A short name for error messages."""
        return self.ref


@dataclass(frozen=True)
class PairSpec:
    """Two sides to compare."""

    old: SideSpec
    new: SideSpec

    @property
    def config_path(self) -> str:
        """The config that applies to the pair: NEW's, else OLD's (a deleted file)."""
        return self.new.config_path if self.new.absent is None else self.old.config_path


@dataclass(frozen=True)
class LoadedSide:
    """A side after loading: its journey (None: empty) and a note saying why it is empty."""

    ref: str
    journey: Journey | None
    note: str | None = None
    loaded: Loaded | None = None  # the load with its source text (for lint rules and suppressions)


def side_spec(given: str) -> SideSpec:
    """A command-line argument as a side: an existing file or '-', else `REV:PATH`, else a plain path."""
    if given == "-" or os.path.exists(given):
        return SideSpec(ref=given.replace("\\", "/"), path=given, config_path=given)
    parts = split_object(given)
    if parts is None or not parts[0]:
        return SideSpec(ref=given.replace("\\", "/"), path=given, config_path=given)
    rev, path = parts
    try:
        commit = resolve_commit(rev)
    except GitError as exc:
        raise DiffInputError(f"{given}: {exc}") from None
    return SideSpec(ref=given, commit=commit, object_path=path, config_path=path or ".")


def explicit_pair(old: str, new: str) -> PairSpec:
    """`cjm diff OLD NEW`."""
    if old == "-" and new == "-":
        raise DiffInputError("OLD and NEW cannot both be '-' (standard input)")
    return PairSpec(side_spec(old), side_spec(new))


def git_pairs(base: str, pathspecs: list[str], limit_mb: float) -> list[PairSpec]:
    """`cjm diff --git BASE [PATHS...]`: one pair per journey file changed since BASE.

    A deleted and an added journey file with the same journey id are one moved file.
    """
    limit = int(limit_mb * 1024 * 1024)
    try:
        commit = resolve_commit(base)
        root = repo_root()
        found = [_Candidate(c, _old_text(commit, c.old_path, limit), _new_text(root, c.new_path, limit))
                 for c in changed_files(commit, pathspecs)]  # fmt: skip
    except GitError as exc:
        raise DiffInputError(str(exc)) from None
    journeys = [c for c in found if _marked(c.old_text) or _marked(c.new_text)]
    return [_pair_spec(base, commit, root, change) for change in _pair_moves(journeys)]


@dataclass(frozen=True)
class _Candidate:
    change: ChangedFile
    old_text: bytes | None  # None: no old side
    new_text: bytes | None  # None: no new side; b"" when unreadable (loading will say why)


def _old_text(commit: str, path: str | None, limit: int) -> bytes | None:
    if path is None:
        return None
    return read_blob(commit, path, limit).data or b""


def _new_text(root: Path, path: str | None, limit: int) -> bytes | None:
    if path is None or _links_out(root, path):
        return None
    try:
        with open(root / path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError:
        return b"cjm:"  # unreadable: keep it, loading reports why


def _links_out(root: Path, rel: str) -> bool:
    """A working-tree symlink that leads out of the repository: never read (as `cjm lint DIR` walks)."""
    return links_out(root / rel, os.path.realpath(root))


def _marked(text: bytes | None) -> bool:
    """The text test of SPEC §4: a line starting with `cjm:` (after any BOM)."""
    return text is not None and JOURNEY_MARK.search(text) is not None


def _journey_id(text: bytes | None) -> str | None:
    found = _ID_LINE.search(text or b"")
    return found.group(1).decode("ascii") if found else None


def _pair_moves(candidates: list[_Candidate]) -> list[ChangedFile]:
    """Pair a deleted and an added file holding the same journey id (unique on both sides) as one move."""
    deleted: dict[str, list[_Candidate]] = {}
    added: dict[str, list[_Candidate]] = {}
    for c in candidates:
        side = deleted if c.change.new_path is None else added if c.change.old_path is None else None
        journey_id = _journey_id(c.old_text if side is deleted else c.new_text)
        if side is not None and journey_id is not None:
            side.setdefault(journey_id, []).append(c)
    moved: dict[int, ChangedFile] = {}
    for journey_id, gone in deleted.items():
        arrived = added.get(journey_id, [])
        if len(gone) == 1 and len(arrived) == 1:
            moved[id(gone[0])] = ChangedFile(gone[0].change.old_path, arrived[0].change.new_path)
            moved[id(arrived[0])] = moved[id(gone[0])]
    out = {moved.get(id(c), c.change) for c in candidates}
    return sorted(out, key=lambda c: (c.new_path or c.old_path or "", c.old_path or ""))


def _pair_spec(base: str, commit: str, root: Path, change: ChangedFile) -> PairSpec:
    shown_new = _shown(root, change.new_path) if change.new_path else None
    shown_old = _shown(root, change.old_path) if change.old_path else None
    if change.old_path:
        old = SideSpec(f"{base}:{change.old_path}", commit=commit, object_path=change.old_path,
                       config_path=shown_old or ".")  # fmt: skip
    else:
        old = SideSpec(
            f"{base}:{change.new_path}",
            commit=commit,  # nothing to read, but BASE's config still judges the new journey
            object_path=change.new_path,
            absent=f"not in {base}: a new journey",
            config_path=shown_new or ".",
        )
    if shown_new and change.new_path and _links_out(root, change.new_path):
        new = SideSpec(shown_new, absent="a symbolic link out of the repository, not followed", config_path=shown_new)
    elif shown_new and change.new_path:
        new = SideSpec(shown_new, path=str(root / change.new_path), config_path=shown_new)
    else:
        new = SideSpec(shown_old or ".", absent="deleted", config_path=old.config_path)
    return PairSpec(old, new)


def _shown(root: Path, rel: str) -> str:
    """A repository path as the user sees it: relative to the current directory, forward slashes."""
    try:
        shown = os.path.relpath(root / rel)
    except ValueError:  # another drive on Windows
        shown = str(root / rel)
    return shown.replace("\\", "/")


CONFIG_NAME = ".cjm.yaml"


def config_at_base(spec: SideSpec, explicit: str | None) -> tuple[bytes | None, str]:
    """The config that judges a pair read from git: `.cjm.yaml` as it is at OLD's revision.

    With `--config PATH`, that file as it is at the revision; else the nearest `.cjm.yaml` in
    the journey's directory or above, at the revision. Returns (its bytes or None, its name as
    `REV:path`); None when there is none there. A pull request cannot loosen its own gates.
    """
    assert spec.commit is not None and spec.object_path is not None
    root = repo_root()
    if explicit is not None:
        candidates = [_repository_path(root, explicit)]
    else:
        folder = PurePosixPath(_object_path(root, spec.object_path)).parent
        candidates = [str(d / CONFIG_NAME) if str(d) != "." else CONFIG_NAME for d in (folder, *folder.parents)]
    for candidate in candidates:
        try:
            blob = read_blob(spec.commit, candidate, 1024 * 1024)
        except GitError:
            continue
        if blob.data is not None:
            return blob.data, f"{spec.commit[:12]}:{candidate}"
    return None, f"{spec.commit[:12]}:{candidates[0]}"


def _repository_path(root: Path, given: str) -> str:
    """A path given on the command line, relative to the repository root, with forward slashes."""
    return Path(os.path.relpath(os.path.abspath(given), root)).as_posix()


def _object_path(root: Path, path: str) -> str:
    """A `REV:PATH` path relative to the repository root (git reads `./x` and `../x` from the current directory)."""
    return _repository_path(root, path) if path.startswith(("./", "../")) else path


def load_side(spec: SideSpec, role: str, limit_mb: float) -> LoadedSide:
    """Load one side; OLD problems become an empty journey with a note, NEW problems raise."""
    if spec.absent is not None:
        return LoadedSide(spec.ref, None, f"{role} {spec.ref}: {spec.absent}")
    if spec.path is None:
        found = _load_object(spec, role, limit_mb)
        return found if isinstance(found, LoadedSide) else _checked(found, spec, role)
    try:
        loaded = load_journey(spec.path, limit_mb=limit_mb, display=spec.ref)
    except InputError as exc:
        raise DiffInputError(f"{role}: {exc}") from None
    return _checked(loaded, spec, role)


def _load_object(spec: SideSpec, role: str, limit_mb: float) -> Loaded | LoadedSide:
    assert spec.commit is not None and spec.object_path is not None
    limit = int(limit_mb * 1024 * 1024)
    try:
        blob = read_blob(spec.commit, spec.object_path, limit)
    except GitError as exc:
        raise DiffInputError(f"{role} {spec.ref}: {exc}") from None
    if blob.data is None and blob.size == 0:
        if role == NEW:
            raise DiffInputError(f"{role} {spec.ref}: no such file at that revision")
        return LoadedSide(spec.ref, None, f"{role} {spec.ref}: not at that revision; compared as an empty journey")
    if blob.data is None:
        problem = f"larger than the size limit of {limit_mb:g} MB (limits.file_mb in .cjm.yaml)"
        if role == NEW:
            raise DiffInputError(f"{role} {spec.ref}: {problem}")
        return LoadedSide(spec.ref, None, f"{role} {spec.ref}: {problem}; compared as an empty journey")
    try:
        text = decode(blob.data)
    except TextProblem as exc:
        where = f"{spec.ref}:{exc.line}:{exc.column}"
        if role == NEW:
            raise DiffInputError(f"{where}: CJM001 {exc.message}") from None
        return LoadedSide(spec.ref, None, f"{role} {where}: CJM001 {exc.message}; compared as an empty journey")
    return load_journey_text(text, spec.ref)


def _checked(loaded: Loaded, spec: SideSpec, role: str) -> LoadedSide:
    if loaded.ok:
        return LoadedSide(spec.ref, loaded.journey, loaded=loaded)
    where = loaded.problems[0].located()
    more = len(loaded.problems) - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''}; `cjm lint` lists them)" if more else ""
    if role == NEW:
        raise DiffInputError(f"{where}{extra}")
    return LoadedSide(spec.ref, None, f"{role} is not a valid journey ({where}{extra}); compared as an empty journey")
