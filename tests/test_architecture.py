"""The layout keeps its promises: no import cycles, each format named once, light command-line imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cjm.diff import formats as diff_formats
from cjm.export import formats as export_formats
from cjm.importer import formats as import_formats
from cjm.lint import formats as lint_formats
from cjm.render import formats as render_formats
from cjm.score import formats as score_formats

PACKAGE = Path(__file__).resolve().parent.parent / "cjm"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, known: dict[str, Path], here: str) -> Iterator[str]:
    """Every cjm module imported anywhere in the tree (functions included), except under TYPE_CHECKING."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking_only(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _known(alias.name, known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield from _known(node.module, known)
            for alias in node.names:  # `from cjm.rules import core` imports the module cjm.rules.core
                if f"{node.module}.{alias.name}" in known:
                    yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Call) and _is_import_module(node):
            arg = node.args[0]
            if isinstance(arg, ast.JoinedStr):  # importlib.import_module(f"{__name__}.{name}"): the registry's formats
                yield from (name for name in known if name.startswith(here + "."))
        stack.extend(ast.iter_child_nodes(node))


def _is_import_module(node: ast.Call) -> bool:
    func = node.func
    return bool(node.args) and isinstance(func, ast.Attribute) and func.attr == "import_module"


def _known(name: str, known: dict[str, Path]) -> Iterator[str]:
    if name in known and name != "cjm":
        yield name


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set(_imports(tree, known, name)) - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the graph as a path of module names, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path, iters = [start], [iter(sorted(graph[start]))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_the_import_graph_has_no_cycles() -> None:
    graph = import_graph()
    assert len(graph) > 50, "the scan found the package's modules"
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"b"}}) is None


def test_deferred_imports_count_too() -> None:
    tree = ast.parse("def f():\n    from cjm.load import load_journey\nif TYPE_CHECKING:\n    import cjm.model\n")
    assert set(_imports(tree, modules(), "cjm.x")) == {"cjm.load"}


REGISTRIES = {
    "lint": (lint_formats.NAMES, PACKAGE / "lint"),
    "score": (score_formats.NAMES, PACKAGE / "score"),
    "diff": (diff_formats.NAMES, PACKAGE / "diff"),
    "render": (render_formats.NAMES, PACKAGE / "render"),
    "importer": (import_formats.NAMES, PACKAGE / "importer"),
    "export": (export_formats.NAMES, PACKAGE / "export"),
}


def format_uses(path: Path, names: tuple[str, ...]) -> list[str]:
    """Where code decides by a format's name: compared with a literal (`fmt == "pdf"`, `fmt in ("png",
    "pdf")`), or a mapping keyed by format names (a second registry)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                found += [text for text in _literals(side) if text in names]
        elif isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and k.value in names]
            found += keys if len(keys) > 1 else []
    return found


def _literals(node: ast.AST) -> list[object]:
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []


def _registry_names(path: Path, names: tuple[str, ...]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in names]


@pytest.mark.parametrize("command", sorted(REGISTRIES))
def test_each_format_is_named_once(command: str) -> None:
    """A format's name is written in its registry and nowhere else in its command or the CLI."""
    names, package = REGISTRIES[command]
    registry = package / "formats" / "__init__.py" if (package / "formats").is_dir() else package / "formats.py"
    assert sorted(_registry_names(registry, names)) == sorted(names), "each name once in the registry"
    elsewhere = [p for p in (*package.rglob("*.py"), PACKAGE / "cli" / f"{command}.py") if p != registry]
    for path in elsewhere:
        named = format_uses(path, names)
        assert not named, f"{path.relative_to(PACKAGE.parent)} decides by format names {named}; use the registry"


def test_the_format_check_sees_a_second_registry_and_a_comparison(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('EXT = {"html": "html", "mermaid": "mmd"}\nok = fmt == "pdf" or x in ("png",)\n', "utf-8")
    assert format_uses(sample, render_formats.NAMES) == ["html", "mermaid", "pdf", "png"]


def test_every_registered_format_has_its_writer() -> None:
    for registry in (lint_formats, score_formats, diff_formats, export_formats):
        for name in registry.NAMES:
            assert callable(registry.writer(name)), name
    for name in import_formats.NAMES:
        assert callable(import_formats.reader(name)), name
    for form in render_formats.FORMATS:
        module = "dot" if form.image else form.name
        assert (PACKAGE / "render" / f"{module}.py").is_file(), form.name


def test_the_command_line_and_the_registries_import_nothing_heavy() -> None:
    """Reading the format names and building the CLI loads neither pydantic, PyYAML nor Jinja2."""
    code = (
        "import sys\n"
        "import cjm.lint.formats, cjm.score.formats, cjm.diff.formats, cjm.render.formats\n"
        "import cjm.importer.formats, cjm.export.formats\n"
        "heavy = [m for m in ('pydantic', 'yaml', 'jinja2', 'graphviz', 'openpyxl', 'ruamel', 'watchfiles')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
