"""SHACL shapes as SPARQL queries, so a large graph is checked by its store in a few scans.

Each node shape of ``ontology/shapes.ttl`` becomes SELECT queries over the union of the graph's
files, read generically from the shape (a curator extends the shapes without code):

- per property shape, one query for its counts (``sh:minCount``, ``sh:maxCount``) and one for its
  value constraints (``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:in``, ``sh:minLength``,
  ``sh:maxLength``, ``sh:pattern``, ``sh:min/maxInclusive/Exclusive``, and ``sh:or``/``sh:and``/
  ``sh:not``/``sh:xone`` of shapes made of those), which answers which constraint each bad value breaks;
- ``sh:closed`` with ``sh:ignoredProperties``: one query;
- each ``sh:sparql`` constraint: its own SELECT, with the shape's targets added.

Each constraint reads as SHACL core defines it (and as pyshacl, the reference, implements it):
``sh:in`` compares terms, not values; a literal matches ``sh:datatype`` when it has that datatype
and, for the datatypes SPARQL casts (numbers, booleans, dates and times), a valid lexical form.
A shape that uses anything else, or a constraint without ``sh:message`` (pyshacl would word the
message), is :attr:`Translation.untranslated` with the reason, for pyshacl to run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Node

SH = Namespace("http://www.w3.org/ns/shacl#")

#: Parameters that say nothing about the data (or only name the shape's targets).
DESCRIPTIVE = {RDF.type, SH.message, SH.name, SH.description, SH.order, SH.group, SH.severity, SH.path}
TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
COUNTS = {SH.minCount: "<", SH.maxCount: ">"}
#: Datatypes whose lexical form is checked (pyshacl checks the same through rdflib's conversion).
CHECKED_DATATYPES = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.date, XSD.time, XSD.dateTime}
NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
#: The constraints on each value that :func:`_condition` translates.
VALUE_CONSTRAINTS = {
    SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.minLength, SH.maxLength, SH.pattern, SH.flags,
    *COMPARISONS, SH["or"], SH["and"], SH["not"], SH.xone,
}  # fmt: skip
SUBCLASS_OF = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


class Untranslatable(Exception):
    """A shape uses a part of SHACL this module does not translate; the message says which."""


@dataclass(frozen=True)
class Counted:
    """A property shape's count bounds (``sh:minCount``, ``sh:maxCount``) and its message."""

    message: str
    path: URIRef
    bounds: tuple[tuple[URIRef, int], ...]


@dataclass(frozen=True)
class Check:
    """One query and how to read its rows.

    ``kind`` is ``counts`` (rows ``?this ?k ?n`` for the *k*-th of :attr:`counted`), ``values``
    (rows ``?this ?value`` and one boolean ``?c0``, ``?c1``… per constraint, false when the value
    breaks it), ``closed`` (rows ``?this ?path ?value``) or ``sparql`` (rows ``?this``, perhaps
    ``?value``).
    """

    shape: Node
    kind: str
    query: str
    message: str
    path: URIRef | None = None
    constraints: int = 0
    counted: tuple[Counted, ...] = ()


@dataclass
class Translation:
    checks: list[Check] = field(default_factory=list)
    #: Node shapes left to pyshacl, each with why.
    untranslated: dict[Node, str] = field(default_factory=dict)


def translate(shapes: Graph) -> Translation:
    """The checks of every node shape with a target in *shapes*: core constraints first, then
    SHACL-SPARQL ones (which run here even for a shape whose core constraints pyshacl runs)."""
    translation, sparql = Translation(), []
    for shape in sorted({s for p in TARGETS for s in shapes.subjects(p, None)}, key=str):
        try:
            target = _target(shapes, shape)
            sparql += [_sparql_check(shapes, shape, c, target) for c in shapes.objects(shape, SH.sparql)]
            translation.checks += list(_core_checks(shapes, shape, target))
        except Untranslatable as reason:
            translation.untranslated[shape] = str(reason)
    translation.checks += sparql
    return translation


def _core_checks(shapes: Graph, shape: Node, target: str) -> Iterator[Check]:
    if (shape, RDF.type, RDFS.Class) in shapes:
        raise Untranslatable("an implicit class target")
    allowed = set(TARGETS | DESCRIPTIVE | {SH.property, SH.sparql, SH.closed, SH.ignoredProperties})
    _only(shapes, shape, allowed)
    properties = list(shapes.objects(shape, SH.property))
    checks = [_counts_check(shapes, shape, properties, target)]
    checks += [_values_check(shapes, shape, prop, target) for prop in properties]
    yield from (check for check in checks if check is not None)
    if shapes.value(shape, SH.closed) == Literal(True):
        yield _closed_check(shapes, shape, properties, target)


def _only(shapes: Graph, shape: Node, allowed: set[URIRef]) -> None:
    for parameter in set(shapes.predicates(shape, None)) - allowed:
        raise Untranslatable(f"{shapes.namespace_manager.normalizeUri(str(parameter))} is not translated to SPARQL")


def _target(shapes: Graph, shape: Node) -> str:
    """A group binding ``?this`` to each focus node of *shape* once."""
    parts = [f"{{ ?this {SUBCLASS_OF} {_term(c)} }}" for c in shapes.objects(shape, SH.targetClass)]
    parts += [f"{{ ?this {_term(p)} [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    parts += [f"{{ [] {_term(p)} ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    parts += [f"{{ VALUES ?this {{ {_term(n)} }} }}" for n in shapes.objects(shape, SH.targetNode)]
    return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(parts)} }} }}"


def _property_path(shapes: Graph, prop: Node) -> tuple[URIRef, str]:
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise Untranslatable("a property shape whose sh:path is not a single property")
    message = shapes.value(prop, SH.message)
    if message is None:
        raise Untranslatable(f"the property shape of {_term(path)} has no sh:message")
    _only(shapes, prop, DESCRIPTIVE | set(COUNTS) | VALUE_CONSTRAINTS)
    return path, str(message)


def _counts_check(shapes: Graph, shape: Node, properties: list[Node], target: str) -> Check | None:
    """One query for the counts of every property shape of *shape*: rows ``?this ?k ?n`` for the
    *k*-th counted property shape, only where a bound is broken (a scan per node shape, not per
    property, is what keeps a million triples in seconds)."""
    counted = []
    for prop in properties:
        path, message = _property_path(shapes, prop)
        bounds = tuple((p, int(b)) for p in COUNTS if isinstance(b := shapes.value(prop, p), Literal))
        if bounds:
            counted.append(Counted(message, path, bounds))
    if not counted:
        return None
    rows = " ".join(f"({k} {_term(c.path)})" for k, c in enumerate(counted))
    broken = " || ".join(
        f"(?k = {k} && ({' || '.join(f'COUNT(?value) {COUNTS[p]} {b}' for p, b in c.bounds)}))"
        for k, c in enumerate(counted)
    )
    empty = " ".join(f"({k} {_term(c.path)})" for k, c in enumerate(counted) if dict(c.bounds).get(SH.minCount, 0) > 0)
    # DISTINCT rows then a plain COUNT: a set per group (COUNT(DISTINCT)) takes 130 MB more at 1M
    values = f"SELECT DISTINCT ?this ?k ?value WHERE {{ {target} VALUES (?k ?path) {{ {rows} }} ?this ?path ?value }}"
    query = (
        f"SELECT ?this ?k ?n WHERE {{ {{ SELECT ?this ?k (COUNT(?value) AS ?n) WHERE {{ {{ {values} }} }} "
        f"GROUP BY ?this ?k HAVING ({broken}) }}"
    )
    if empty:
        none = "FILTER NOT EXISTS { ?this ?path [] } BIND (0 AS ?n)"
        query += f" UNION {{ {target} VALUES (?k ?path) {{ {empty} }} {none} }}"
    return Check(shape, "counts", query + " }", "", counted=tuple(counted))


def _values_check(shapes: Graph, shape: Node, prop: Node, target: str) -> Check | None:
    path, message = _property_path(shapes, prop)
    conditions = list(_value_conditions(shapes, prop, "?value"))
    if not conditions:
        return None
    flags = " ".join(f"({c} AS ?c{i})" for i, c in enumerate(conditions))
    broken = " || ".join(f"!?c{i}" for i in range(len(conditions)))
    query = f"SELECT DISTINCT ?this ?value {flags} WHERE {{ {target} ?this {_term(path)} ?value }}"
    query = f"SELECT * WHERE {{ {{ {query} }} FILTER ({broken}) }}"
    return Check(shape, "values", query, message, path, constraints=len(conditions))


def _value_conditions(shapes: Graph, node: Node, v: str) -> Iterator[str]:
    """One SPARQL boolean per constraint of *node* on the value in variable *v*, never an error."""
    for parameter, value in sorted(shapes.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if parameter in VALUE_CONSTRAINTS and parameter != SH.flags:  # sh:flags is read with sh:pattern
            yield f"COALESCE({_condition(shapes, node, parameter, value, v)}, false)"


def _condition(shapes: Graph, node: Node, parameter: Node, value: Node, v: str) -> str:
    """Whether the value in *v* meets the constraint *parameter* = *value* of shape *node*."""
    if parameter == SH["class"]:
        return f"EXISTS {{ {v} {SUBCLASS_OF} {_term(value)} }}"
    if parameter == SH.datatype:
        condition = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {_term(value)}))"
        return f"({condition} && isLiteral({_term(value)}(STR({v}))))" if value in CHECKED_DATATYPES else condition
    if parameter == SH.nodeKind:
        return NODE_KINDS[value].format(v=v)  # type: ignore[index]
    if parameter == SH["in"]:
        return "(" + " || ".join(["false", *(f"sameTerm({v}, {_term(m)})" for m in _members(shapes, value))]) + ")"
    if parameter in (SH.minLength, SH.maxLength):
        return f"(!isBlank({v}) && STRLEN(STR({v})) {'>=' if parameter == SH.minLength else '<='} {int(value)})"  # type: ignore[call-overload]
    if parameter == SH.pattern:
        flags = shapes.value(node, SH.flags)
        extra = f", {_term(flags)}" if flags is not None else ""
        return f"(!isBlank({v}) && REGEX(STR({v}), {_term(value)}{extra}))"
    if parameter in COMPARISONS:
        return f"({v} {COMPARISONS[parameter]} {_term(value)})"  # type: ignore[index]
    members = [_shape_condition(shapes, m, v) for m in _members(shapes, value)] if parameter != SH["not"] else []
    if parameter == SH["or"]:
        return "(" + " || ".join(["false", *members]) + ")"
    if parameter == SH["and"]:
        return "(" + " && ".join(["true", *members]) + ")"
    if parameter == SH.xone:
        return "(" + " + ".join(["0", *(f"IF({m}, 1, 0)" for m in members)]) + " = 1)"
    return f"!{_shape_condition(shapes, value, v)}"  # sh:not


def _shape_condition(shapes: Graph, member: Node, v: str) -> str:
    _only(shapes, member, {RDF.type} | VALUE_CONSTRAINTS)
    return "(" + " && ".join(["true", *_value_conditions(shapes, member, v)]) + ")"


def _members(shapes: Graph, value: Node) -> list[Node]:
    return list(Collection(shapes, value))


def _closed_check(shapes: Graph, shape: Node, properties: list[Node], target: str) -> Check:
    allowed = [shapes.value(p, SH.path) for p in properties]
    ignored = shapes.value(shape, SH.ignoredProperties)
    allowed += _members(shapes, ignored) if ignored is not None else []
    query = (
        f"SELECT DISTINCT ?this ?path ?value WHERE {{ {target} ?this ?path ?value "
        f"FILTER (?path NOT IN ({', '.join(_term(p) for p in allowed if p is not None)})) }}"
    )
    return Check(shape, "closed", query, "{path} is not a property this resource may have")


def _sparql_check(shapes: Graph, shape: Node, constraint: Node, target: str) -> Check:
    """The constraint's SELECT with ``$this`` bound by the shape's targets instead of per node."""
    prologue = "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for declarations in shapes.objects(constraint, SH.prefixes)
        for d in shapes.objects(declarations, SH.declare)
    )
    select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
    body = re.sub(r"WHERE\s*\{", lambda m: m.group(0) + f" {target} ", select, count=1, flags=re.IGNORECASE)
    message = str(shapes.value(constraint, SH.message) or "does not conform")
    return Check(shape, "sparql", prologue + body, message)


def _term(node: Node) -> str:
    """*node* written for a SPARQL query."""
    if isinstance(node, BNode):
        raise Untranslatable("a blank node where SPARQL needs a term")
    return node.n3()
