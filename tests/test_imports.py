"""No module of actorgraph imports another that imports it back, at module level or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

import actorgraph

PACKAGE = Path(actorgraph.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module_level_only: bool) -> set[str]:
    """The actorgraph modules *path* imports (``from actorgraph import x`` counts x when it is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def import_graph(module_level_only: bool) -> nx.DiGraph:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(path): path for path in paths}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for imported in _imports(path, module_level_only) & modules.keys():
            if imported != name and not name.startswith(f"{imported}."):  # a package's own __init__
                graph.add_edge(name, imported)
    return graph


@pytest.mark.parametrize("module_level_only", [True, False], ids=["module level", "with function-level imports"])
def test_no_import_cycle(module_level_only):
    cycles = list(nx.simple_cycles(import_graph(module_level_only)))
    assert cycles == []


def test_the_graph_sees_the_cli_package():
    graph = import_graph(module_level_only=True)
    assert graph.has_edge("actorgraph.cli", "actorgraph.cli.reading")
    assert graph.has_edge("actorgraph.cli.reading", "actorgraph.cli.options")
    assert graph.has_edge("actorgraph.sparql_syntax", "actorgraph.errors")
