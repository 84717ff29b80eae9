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


class _Imports(ast.NodeVisitor):
    """The modules a file imports when it runs: module-level ones, and with *functions* those inside
    functions too; never those under ``if TYPE_CHECKING:``, which do not run."""

    def __init__(self, functions: bool) -> None:
        self.functions = functions
        self.found: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if self.functions:
            self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        self.found |= {alias.name for alias in node.names}

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and node.level == 0:  # ``from actorgraph import x`` counts x when x is a module
            self.found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}


def _imports(path: Path, module_level_only: bool) -> set[str]:
    visitor = _Imports(functions=not module_level_only)
    visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
    return visitor.found


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
    assert not graph.has_edge("actorgraph.graph", "actorgraph.paths")  # only under TYPE_CHECKING


def test_function_level_imports_are_seen():
    graph = import_graph(module_level_only=False)
    assert graph.has_edge("actorgraph.graph", "actorgraph.paths")
    assert graph.has_edge("actorgraph.cli.reading", "actorgraph.formatting")
