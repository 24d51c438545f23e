"""The apps under masthead/ import each other in one direction only.

Every import counts, including those inside functions and
``importlib.import_module("masthead...")`` string literals: an import hidden
in a function is still a dependency, it only fails later.
"""

import ast
from collections import defaultdict
from pathlib import Path

import masthead

PACKAGE = Path(masthead.__file__).parent
# The project layer wires the apps together: it may import anything, and
# nothing may import it (settings are read through django.conf.settings).
PROJECT_LAYER = {"settings", "urls", "cli", "wsgi", "__init__"}
# (importer, imported) pairs that are forbidden even without a cycle.
FORBIDDEN = {
    ("newsroom", "frontpage"),
    ("editions", "frontpage"),
    ("frontpage", "editions"),
}

# Edges still to untangle, listed so that no other edge hides behind them;
# test_known_edges_still_exist fails once one is gone, so this list only shrinks.
KNOWN_EDGES: set[tuple[str, str]] = set()


def _component(dotted: str) -> str | None:
    """The app (or project-layer module) a dotted masthead name belongs to."""
    parts = dotted.split(".")
    if parts[0] != "masthead":
        return None
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _imported_names(path: Path):
    """Yield (dotted name, line) for every import of masthead code in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or target.count(".") == 0:
                # `from masthead import wire` / `from . import models`
                for alias in node.names:
                    yield f"{target}.{alias.name}", node.lineno
            else:
                yield target, node.lineno
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith("masthead.")
            and _called_name(node.func) == "import_module"
        ):
            yield node.args[0].value, node.lineno


def app_edges(*, known: bool = False) -> dict[tuple[str, str], list[str]]:
    """(importer, imported) component pairs, each with its file:line sites."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = _component(_module_name(path))
        for name, line in _imported_names(path):
            imported = _component(name)
            if imported is None or imported == importer:
                continue
            if (importer, imported) in KNOWN_EDGES and not known:
                continue
            site = f"{path.relative_to(PACKAGE.parent)}:{line}"
            edges[(importer, imported)].append(site)
    return edges


def _apps(edges) -> set[str]:
    return {name for edge in edges for name in edge if name not in PROJECT_LAYER}


def _cycles(edges) -> list[list[str]]:
    """Strongly connected components of more than one app (Tarjan)."""
    graph = defaultdict(set)
    for importer, imported in edges:
        if importer in PROJECT_LAYER or imported in PROJECT_LAYER:
            continue
        graph[importer].add(imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(_apps(edges)):
        if node not in index:
            visit(node)
    return components


def _describe(edges, pairs) -> str:
    lines = []
    for pair in sorted(pairs):
        lines.append(f"  {pair[0]} -> {pair[1]}:")
        lines.extend(f"    {site}" for site in edges[pair])
    return "\n".join(lines)


def test_the_scanner_sees_imports_inside_functions():
    edges = app_edges()
    # cli.py imports the apps lazily, inside its command functions.
    assert any(importer == "cli" for importer, _ in edges)
    assert ("newsroom", "core") in edges


def test_no_import_cycles_between_apps():
    edges = app_edges()
    cycles = _cycles(edges)
    pairs = [(a, b) for a, b in edges for cycle in cycles if a in cycle and b in cycle]
    assert not cycles, (
        f"import cycles between apps {cycles}; edges inside them:\n"
        + _describe(edges, pairs)
    )


def test_core_imports_no_feature_app():
    edges = app_edges()
    pairs = [(a, b) for a, b in edges if a == "core"]
    assert not pairs, "core imports feature apps:\n" + _describe(edges, pairs)


def test_forbidden_dependencies_are_absent():
    edges = app_edges()
    pairs = [pair for pair in edges if pair in FORBIDDEN]
    assert not pairs, "forbidden imports:\n" + _describe(edges, pairs)


def test_nothing_imports_the_project_layer():
    edges = app_edges()
    pairs = [
        (a, b)
        for a, b in edges
        if b in PROJECT_LAYER and b != "__init__" and a not in PROJECT_LAYER
    ]
    assert not pairs, "apps import the project layer:\n" + _describe(edges, pairs)


def test_known_edges_still_exist():
    edges = app_edges(known=True)
    gone = KNOWN_EDGES - set(edges)
    assert not gone, f"remove {sorted(gone)} from KNOWN_EDGES: they are fixed"
