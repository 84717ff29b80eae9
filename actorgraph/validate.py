"""Check a graph folder: RDF syntax, terms of the vocabulary, and the SHACL shapes.

``ontology/shapes.ttl`` is plain SHACL that any SHACL engine can run. pyshacl runs its core
constraints; its SHACL-SPARQL constraints are run here instead, once over the whole graph with
the shape's target added to the query, because pyshacl re-parses a SPARQL constraint for every
focus node (5 s for the 41-claim seed graph, hours at ICEWS scale). A test checks both ways
find the same problems.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.term import Node

from actorgraph import resources, store
from actorgraph.errors import GraphSyntaxError
from actorgraph.namespace import NS, PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the graph, located as precisely as it can be."""

    message: str
    location: str | None = None
    focus: str | None = None
    rule: str | None = None

    def __str__(self) -> str:
        parts = [f"{self.location}:" if self.location else None, f"{self.focus}:" if self.focus else None]
        text = " ".join(p for p in parts if p)
        text = f"{text} {self.message}" if text else self.message
        return f"{text} [{self.rule}]" if self.rule else text


@dataclass
class ValidationReport:
    files: list[Path]
    claims: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.problems


def validate(graph_dir: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Validate every RDF file of *graph_dir* (default: the bundled graph).

    >>> report = validate()
    >>> report.conforms, report.claims >= 40
    (True, True)
    """
    folder = resources.graph_dir(graph_dir)
    report = ValidationReport(files=store.graph_files(folder))
    parsed: dict[Path, Graph] = {}
    for path in report.files:
        try:
            parsed[path] = store.parse_file(path)
        except GraphSyntaxError as error:
            report.problems.append(Problem(error.reason, location=error.location, rule="syntax"))
    if report.problems:
        return report
    vocabulary = store.parse_file(resources.vocabulary_file())
    union = Graph()
    for graph in (vocabulary, *parsed.values()):
        union += graph
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, override=True, replace=True)
    locator = _Locator(parsed)
    report.claims = len(set(union.subjects(RDF.type, URIRef(NS + "Claim"))))
    report.problems.extend(_unknown_terms(parsed, vocabulary, locator))
    unknown = {p.focus for p in report.problems}
    report.problems.extend(p for p in check_shapes(union, locator) if p.rule not in unknown)
    report.problems.sort(key=_position)
    return report


def check_shapes(union: Graph, locator: _Locator | None = None) -> list[Problem]:
    """The SHACL problems of *union* (data and vocabulary together), core then SPARQL rules."""
    shapes = store.parse_file(resources.shapes_file())
    locator = locator or _Locator({})
    return _core_problems(union, shapes, locator) + _sparql_problems(union, shapes, locator)


def _position(problem: Problem) -> tuple[str, int]:
    path, _, line = (problem.location or "").rpartition(":")
    return (path, int(line)) if line.isdigit() else (problem.location or "", 0)


class _Locator:
    """Finds the file and line where a resource is described, for messages."""

    def __init__(self, parsed: dict[Path, Graph]) -> None:
        self.parsed = parsed

    def locate(self, node: Node) -> str | None:
        candidates = [p for p, g in self.parsed.items() if (node, RDF.type, None) in g]
        candidates += [p for p, g in self.parsed.items() if (node, None, None) in g]
        for path in candidates:
            line = _line_of(path, self._tokens(node, self.parsed[path]))
            return f"{store.display_path(path)}:{line}" if line else store.display_path(path)
        return None

    def locate_term(self, path: Path, term: URIRef) -> str:
        line = _line_of(path, self._tokens(term, self.parsed[path]), anywhere=True)
        return f"{store.display_path(path)}:{line}" if line else store.display_path(path)

    @staticmethod
    def _tokens(node: Node, graph: Graph) -> list[str]:
        iri = str(node)
        tokens = [f"<{iri}>"]
        for prefix, namespace in graph.namespaces():
            if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
                tokens.append(f"{prefix}:{iri[len(str(namespace)) :]}")
        return tokens


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def _line_of(path: Path, tokens: list[str], anywhere: bool = False) -> int | None:
    patterns = [re.compile(r"(?<![\w:<])" + re.escape(t) + r"(?![\w\-:])") for t in tokens]
    for require_start in [False] if anywhere else [True, False]:
        for number, line in enumerate(_lines(path), start=1):
            text = line.lstrip() if require_start else line
            for pattern in patterns:
                match = pattern.match(text) if require_start else pattern.search(text)
                if match and not line.lstrip().startswith("#"):
                    return number
    return None


def _qname(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except ValueError:
            return f"<{node}>"
    return str(node)


def _compact(text: str) -> str:
    """*text* with the project's namespaces written as prefixes, for IRIs inside messages."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        text = re.sub(re.escape(namespace) + r"([\w\-]+)", prefix + r":\1", text)
    return text


def _unknown_terms(parsed: dict[Path, Graph], vocabulary: Graph, locator: _Locator) -> list[Problem]:
    known = {str(s) for s in vocabulary.subjects() if str(s).startswith(NS)}
    names = [k.removeprefix(NS) for k in known]
    problems = []
    for path, graph in parsed.items():
        used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
        for term in sorted(used - {URIRef(k) for k in known}):
            name = str(term).removeprefix(NS)
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            hint = f" — did you mean ag:{close[0]}?" if close else ""
            problems.append(
                Problem(
                    f"unknown term, not in the vocabulary{hint}",
                    location=locator.locate_term(path, term),
                    focus=f"ag:{name}",
                    rule="vocabulary",
                )
            )
    return problems


def _core_problems(union: Graph, shapes: Graph, locator: _Locator) -> list[Problem]:
    import pyshacl  # slow to import: only `validate` needs it

    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    _, results, _ = pyshacl.validate(union, shacl_graph=core, inference="none", advanced=True)
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        component = results.value(result, SH.sourceConstraintComponent)
        if component == SH.ClosedConstraintComponent:
            message = f"{_qname(union, path)} is not a property this resource may have"
        else:
            message = str(results.value(result, SH.resultMessage) or "does not conform")
            if value is not None and value != focus:
                message += f" (found {_qname(union, value)})"
        problems.append(
            Problem(
                message,
                location=locator.locate(focus) if focus is not None else None,
                focus=_qname(union, focus) if focus is not None else None,
                rule=_qname(union, path) if path is not None else None,
            )
        )
    return sorted(problems, key=lambda p: (p.location or "", p.message))


def _sparql_problems(union: Graph, shapes: Graph, locator: _Locator) -> list[Problem]:
    problems = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        query = _whole_graph_query(shapes, shape, constraint)
        template = str(shapes.value(constraint, SH.message) or "does not conform")
        for row in union.query(query):
            focus = row.this  # type: ignore[union-attr]
            value = getattr(row, "value", None)
            message = template.replace("{$this}", _qname(union, focus))
            message = message.replace("{?value}", _qname(union, value) if value is not None else "")
            message = _compact(message)
            problems.append(
                Problem(message, location=locator.locate(focus), focus=_qname(union, focus), rule=_qname(shapes, shape))
            )
    return sorted(problems, key=lambda p: (p.location or "", p.message))


def _whole_graph_query(shapes: Graph, shape: Node, constraint: Node) -> str:
    """The constraint's SELECT with $this free and bound by the shape's targets instead."""
    prologue = "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for declarations in shapes.objects(constraint, SH.prefixes)
        for d in shapes.objects(declarations, SH.declare)
    )
    targets = [f"{{ ?this a/<{RDFS.subClassOf}>* <{c}> }}" for c in shapes.objects(shape, SH.targetClass)]
    targets += [f"{{ ?this <{p}> [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    targets += [f"{{ VALUES ?this {{ <{n}> }} }}" for n in shapes.objects(shape, SH.targetNode)]
    target = " UNION ".join(targets)
    select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
    body = re.sub(r"WHERE\s*\{", lambda m: m.group(0) + f" {target} ", select, count=1, flags=re.IGNORECASE)
    return prologue + body
