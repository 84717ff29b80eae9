"""Check a graph folder: RDF syntax, terms of the vocabulary, and the SHACL shapes.

The files are loaded into an in-memory Oxigraph store (Turtle, N-Triples, N-Quads and TriG by
Oxigraph's streaming parser; RDF/XML and JSON-LD through :func:`store.parse_file`, whose loader
refuses what leaves the folder), and every check is a SPARQL query on that store: the shapes of
``ontology/shapes.ttl`` are translated to SPARQL by :mod:`actorgraph.shacl`, generically, so a
million triples validate in seconds where pyshacl over rdflib took minutes and gigabytes. The
same engine runs at every size, so a small graph and a large one are checked the same way; a
shape the translation does not cover is run by pyshacl instead, and the report says which and
why. pyshacl stays the reference: a test runs both on a graph breaking every shape and compares
the problems found. One difference shows in messages: Oxigraph keeps numbers in canonical form,
so a value is quoted as the store holds it (``(found 11)`` for ``11.0``).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from actorgraph import resources, store
from actorgraph.errors import GraphSyntaxError, InvalidSourceText, QuoteNotVerbatim
from actorgraph.namespace import NS, PREFIXES
from actorgraph.shacl import SH, Check, translate

#: Formats Oxigraph parses here; the others go through rdflib's loader and its safeguards.
STREAMED = {".ttl", ".trig", ".nt", ".nq"}


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
    #: Shapes pyshacl ran because they could not be translated to SPARQL, with why.
    notes: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        """The report for scripts (``validate --format json``); a location is ``file:line``."""
        return {
            "valid": self.conforms,
            "files": [store.display_path(p) for p in self.files],
            "claims": self.claims,
            "problems": [
                {"location": p.location, "focus": p.focus, "message": p.message, "rule": p.rule} for p in self.problems
            ],
            "notes": list(self.notes),
        }


def validate(graph_dir: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Validate every RDF file of *graph_dir* (default: the bundled graph).

    >>> report = validate()
    >>> report.conforms, report.claims >= 40
    (True, True)
    """
    folder = resources.graph_dir(graph_dir)
    report = ValidationReport(files=store.graph_files(folder))
    data = _new_store()
    for path in report.files:
        try:
            _load(data, folder, path)
        except GraphSyntaxError as error:
            report.problems.append(Problem(error.reason, location=error.location, rule="syntax"))
    if report.problems:
        return report
    _load(data, folder, resources.vocabulary_file(), store.VOCABULARY_GRAPH)
    locator = Locator(data, folder, report.files)
    report.claims = int(_ask_one(data, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{NS}Claim> }}"))
    report.problems.extend(_unknown_terms(data, locator))
    unknown = {p.focus for p in report.problems}
    shape_problems, report.notes = _shape_problems(data, locator)
    report.problems.extend(p for p in shape_problems if p.rule not in unknown)
    report.problems.extend(_quote_problems(data, folder, locator))
    report.problems.sort(key=_position)
    return report


def _new_store() -> Any:
    import pyoxigraph as ox

    return ox.Store()


def _load(data: Any, folder: Path, path: Path, name: URIRef | None = None) -> None:
    """Load one file into *data* as the named graph *name* (by default the file's graph)."""
    import pyoxigraph as ox

    graph = ox.NamedNode(name or store.graph_name(folder, path))
    if path.suffix not in STREAMED:
        _add(data, store.parse_file(path), graph)
        return
    store.bulk_load_file(data, path, graph)


def _add(data: Any, triples: Graph, graph: Any) -> None:
    import pyoxigraph as ox

    data.extend(ox.Quad(store.to_ox(s), store.to_ox(p), store.to_ox(o), graph) for s, p, o in triples)


def _rows(data: Any, query: str) -> Iterator[Any]:
    yield from data.query(query, use_default_graph_as_union=True)


def _ask_one(data: Any, query: str) -> str:
    (row,) = _rows(data, query)
    return str(row[0].value)


def check_shapes(union: Graph) -> list[Problem]:
    """The SHACL problems of the rdflib graph *union* (data and vocabulary together), unlocated."""
    import pyoxigraph as ox

    data = _new_store()
    _add(data, union, ox.NamedNode("urn:actorgraph:checked"))
    return _shape_problems(data, Locator(data, Path(), []))[0]


def _shape_problems(data: Any, locator: Locator) -> tuple[list[Problem], list[str]]:
    """The SHACL problems of the Oxigraph store *data* (data and vocabulary in its named graphs)
    and a note for each shape pyshacl had to run."""
    shapes = store.parse_file(resources.shapes_file())
    translation = translate(shapes)
    core: list[Problem] = []
    sparql: list[Problem] = []
    for check in translation.checks:
        (sparql if check.kind == "sparql" else core).extend(_check_problems(data, check, shapes, locator))
    notes = [
        f"{_qname(shapes, shape)} run by pyshacl, slow on a large graph: {reason}"
        for shape, reason in translation.untranslated.items()
    ]
    if translation.untranslated:
        core += pyshacl_problems(_rdflib_union(data), _without(shapes, translation.untranslated), locator)
    return sorted(core, key=_in_file) + sorted(sparql, key=_in_file), notes


def _in_file(problem: Problem) -> tuple[str, str]:
    return problem.location or "", problem.message


def _check_problems(data: Any, check: Check, shapes: Graph, locator: Locator) -> Iterator[Problem]:
    for row in _rows(data, check.query):
        focus = store.from_ox(row["this"])
        value = _value(row)
        for message, rule in _findings(check, row, focus, value, shapes):
            yield Problem(message, location=locator.locate(focus), focus=_qname(NAMES, focus), rule=rule)


def _value(row: Any) -> Node | None:
    try:
        value = row["value"]
    except KeyError:  # a SHACL-SPARQL query need not select ?value
        return None
    return None if value is None else store.from_ox(value)


def _findings(check: Check, row: Any, focus: Node, value: Node | None, shapes: Graph) -> Iterator[tuple[str, str]]:
    """Each (message, rule) that one row of *check* stands for, worded as pyshacl words them."""
    if check.kind == "sparql":
        message = check.message.replace("{$this}", _qname(NAMES, focus))
        message = message.replace("{?value}", _qname(NAMES, value) if value is not None else "")
        yield _compact(message), _qname(shapes, check.shape)
        return
    if check.kind == "closed":
        path = store.from_ox(row["path"])
        yield check.message.format(path=_qname(NAMES, path)), _qname(NAMES, path)
        return
    if check.kind == "counts":
        counted, count = check.counted[int(row["k"].value)], int(row["n"].value)
        for parameter, bound in counted.bounds:
            if (count < bound) if parameter == SH.minCount else (count > bound):
                yield counted.message, _qname(NAMES, counted.path)
        return
    rule = _qname(NAMES, check.path)  # type: ignore[arg-type]
    found = f" (found {_qname(NAMES, value)})" if value is not None and value != focus else ""
    for index in range(check.constraints):
        if row[f"c{index}"].value != "true":
            yield check.message + found, rule


def pyshacl_problems(union: Graph, shapes: Graph, locator: Locator) -> list[Problem]:
    """The problems pyshacl finds in *union* with the core constraints of *shapes*, worded as
    :func:`check_shapes` words them: the reference the SPARQL translation is tested against."""
    import pyshacl  # slow to import: only a shape the translation cannot run needs it

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
        if results.value(result, SH.sourceConstraintComponent) == SH.ClosedConstraintComponent:
            message = f"{_qname(NAMES, path)} is not a property this resource may have"  # type: ignore[arg-type]
        else:
            message = str(results.value(result, SH.resultMessage) or "does not conform")
            if value is not None and value != focus:
                message += f" (found {_qname(NAMES, value)})"
        problems.append(
            Problem(
                message,
                location=locator.locate(focus) if focus is not None else None,
                focus=_qname(NAMES, focus) if focus is not None else None,
                rule=_qname(NAMES, path) if path is not None else None,
            )
        )
    return problems


def _without(shapes: Graph, kept: Iterable[Node]) -> Graph:
    """*shapes* with the targets of every node shape but *kept* removed, so pyshacl runs only those."""
    kept = set(kept)
    pruned = Graph()
    for s, p, o in shapes:
        if not (p in {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode} and s not in kept):
            pruned.add((s, p, o))
    return pruned


def _rdflib_union(data: Any) -> Graph:
    """Every triple of *data* in one rdflib graph, simple literals untyped as rdflib parses them."""
    union = Graph()
    for quad in data:
        value = store.from_ox(quad.object)
        if isinstance(value, Literal) and value.datatype == XSD.string:
            value = Literal(str(value))
        union.add((store.from_ox(quad.subject), store.from_ox(quad.predicate), value))
    return union


def _position(problem: Problem) -> tuple[str, int]:
    path, _, line = (problem.location or "").rpartition(":")
    return (path, int(line)) if line.isdigit() else (problem.location or "", 0)


def _namespaces() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


#: The project's prefixes (and rdflib's usual ones), for naming terms in messages.
NAMES = _namespaces()


class Locator:
    """Finds the file and line where a resource is described, for messages."""

    def __init__(self, data: Any, folder: Path, files: list[Path]) -> None:
        self.data = data
        self.files = {str(store.graph_name(folder, path)): path for path in files}
        self.order = {path: n for n, path in enumerate(files)}
        self.starts: dict[Path, dict[str, int]] = {}

    def locate(self, node: Node) -> str | None:
        import pyoxigraph as ox

        if isinstance(node, Literal):  # a focus node from sh:targetObjectsOf is described nowhere
            return None
        term = store.to_ox(node)
        for predicate in (ox.NamedNode(str(RDF.type)), None):
            quads = self.data.quads_for_pattern(term, predicate, None, None)
            found = {self.files.get(getattr(q.graph_name, "value", "")) for q in quads}
            paths = sorted((p for p in found if p is not None), key=self.order.__getitem__)
            if paths:
                line = self._line(paths[0], _tokens(node, paths[0]))
                where = store.display_path(paths[0])
                return f"{where}:{line}" if line else where
        return None

    def locate_term(self, path: Path, term: URIRef) -> str:
        line = _line_anywhere(path, _tokens(term, path))
        return f"{store.display_path(path)}:{line}" if line else store.display_path(path)

    def _line(self, path: Path, tokens: list[str]) -> int | None:
        """The first line that starts with one of *tokens*, else the first that holds one."""
        if path not in self.starts:
            self.starts[path] = _line_starts(path)
        starts = [self.starts[path][t] for t in tokens if t in self.starts[path]]
        return min(starts) if starts else _line_anywhere(path, tokens)


_TOKEN_CHAR = re.compile(r"[\w\-:]")


def _line_starts(path: Path) -> dict[str, int]:
    """Each token a line starts with (every prefix of its first word a token could end at) and
    the first line it starts: one pass over the file, however many resources are located."""
    starts: dict[str, int] = {}
    for number, line in enumerate(_lines(path), start=1):
        text = line.lstrip()
        if text.startswith("#"):
            continue
        word = text.split(None, 1)[0] if text else ""
        for end in range(1, len(word) + 1):
            if end == len(word) or not _TOKEN_CHAR.match(word[end]):
                starts.setdefault(word[:end], number)
    return starts


def _line_anywhere(path: Path, tokens: list[str]) -> int | None:
    patterns = [re.compile(r"(?<![\w:<])" + re.escape(t) + r"(?![\w\-:])") for t in tokens]
    for number, line in enumerate(_lines(path), start=1):
        if not line.lstrip().startswith("#") and any(p.search(line) for p in patterns):
            return number
    return None


def _tokens(node: Node, path: Path) -> list[str]:
    iri = str(node)
    tokens = [f"<{iri}>"]
    for prefix, namespace in _prefixes(path).items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            tokens.append(f"{prefix}:{iri[len(namespace) :]}")
    return tokens


_PREFIX = re.compile(r"^\s*@?prefix\s+([\w\-.]*):\s*<([^>]*)>", re.IGNORECASE)


@cache
def _prefixes(path: Path) -> dict[str, str]:
    """The prefixes a file may write names with: rdflib's usual ones and those it declares."""
    prefixes = {prefix: str(namespace) for prefix, namespace in Graph().namespaces()}
    if path.suffix not in STREAMED:
        return {prefix: str(namespace) for prefix, namespace in store.parse_file(path).namespaces()}
    for line in _lines(path):
        match = _PREFIX.match(line)
        if match:
            prefixes[match.group(1)] = match.group(2)
    return prefixes


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


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


def _unknown_terms(data: Any, locator: Locator) -> list[Problem]:
    """Terms of the ag: namespace that a file uses and the vocabulary does not define."""
    # DISTINCT first: the string test then reads each term once, not each of the 3 million uses
    query = f"""
        SELECT ?g ?term WHERE {{
          {{ SELECT DISTINCT ?g ?term WHERE {{
               GRAPH ?g {{ {{ ?term ?p ?o }} UNION {{ ?s ?term ?o }} UNION {{ ?s ?p ?term }} }} }} }}
          FILTER (isIRI(?term) && STRSTARTS(STR(?term), "{NS}") && ?g != <{store.VOCABULARY_GRAPH}>)
          FILTER NOT EXISTS {{ GRAPH <{store.VOCABULARY_GRAPH}> {{ ?term ?vp ?vo }} }}
        }}"""
    names = [
        str(r["s"].value).removeprefix(NS)
        for r in data.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{store.VOCABULARY_GRAPH}> {{ ?s ?p ?o }} }}")
        if str(r["s"].value).startswith(NS)
    ]
    found = sorted(
        ((locator.files[str(r["g"].value)], str(r["term"].value)) for r in data.query(query)),
        key=lambda pair: (locator.order[pair[0]], pair[1]),
    )
    problems = []
    for path, term in found:
        name = term.removeprefix(NS)
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f" — did you mean ag:{close[0]}?" if close else ""
        problems.append(
            Problem(
                f"unknown term, not in the vocabulary{hint}",
                location=locator.locate_term(path, URIRef(term)),
                focus=f"ag:{name}",
                rule="vocabulary",
            )
        )
    return problems


def _quote_problems(data: Any, folder: Path, locator: Locator) -> Iterator[Problem]:
    """Each current claim's quote that is not verbatim in its source's text, for every source
    that keeps its text (``ag:text``), with the closest passage; and each text that cannot be read."""
    from actorgraph.sources import read_text, text_path
    from actorgraph.verbatim import SourceText

    query = f"""
        SELECT ?claim ?quote ?source ?text WHERE {{
          ?source <{NS}text> ?text . ?claim <{NS}source> ?source ; <{NS}quote> ?quote .
          FILTER NOT EXISTS {{ ?claim <{NS}rank> <{NS}DeprecatedRank> }}
        }}"""
    texts: dict[Node, SourceText | None] = {}
    for row in _rows(data, query):
        source, claim = store.from_ox(row["source"]), store.from_ox(row["claim"])
        if source not in texts:
            texts[source] = None
            try:
                texts[source] = SourceText(read_text(text_path(folder, row["text"].value)), _qname(NAMES, source))
            except InvalidSourceText as error:
                yield Problem(str(error), location=locator.locate(source), focus=_qname(NAMES, source), rule="ag:text")
        text = texts[source]
        try:
            if text is not None:
                text.check(row["quote"].value)
        except QuoteNotVerbatim as error:
            yield Problem(str(error), location=locator.locate(claim), focus=_qname(NAMES, claim), rule="verbatim")
