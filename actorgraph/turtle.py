"""Turtle text written straight from strings: the one writer of the event importers and curation.

Building rdflib terms and serialising them costs far more than the text they make (a CSV import
of 20,000 rows spent half its time in rdflib's ``n3``), so terms are written here with the
project's prefixes, and strings and IRIs escaped as Turtle needs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.term import Node

from actorgraph.namespace import PREFIXES

#: Prefixes written as ``prefix:local``, most specific namespace first.
_WRITTEN = ("actor", "claim", "source", "ag", "rdf", "rdfs", "skos", "dcterms", "xsd")

# Line and paragraph separators are escaped too: Turtle allows them raw, but readers that split
# lines on them (``str.splitlines``, some editors) would cut the statement.
_STRING_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029)}
_STRING_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f\x85\u2028\u2029]')


def turtle_string(text: str) -> str:
    """*text* as a Turtle string literal, quotes, backslashes and control characters escaped.

    >>> print(turtle_string('He said "no"\\\\ then\\nleft'))
    "He said \\"no\\"\\\\ then\\nleft"
    """
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + text.translate(_STRING_ESCAPES) + '"'


def turtle_decimal(value: str) -> str:
    """A Goldstein score as a Turtle ``xsd:decimal`` (always with a point: ``-10.0``, ``3.4``)."""
    text = format(Decimal(value).normalize(), "f")
    return text if "." in text else f"{text}.0"


_PREFIXED_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?$")
_IRI_ESCAPES = {ord(c): f"\\u{ord(c):04X}" for c in '<>"{}|^`\\'} | {i: f"\\u{i:04X}" for i in range(0x21)}


def prefixed(prefix: str, local: str) -> str:
    """``prefix:local`` when *local* is a valid Turtle local name, the full ``<IRI>`` otherwise."""
    if _PREFIXED_LOCAL.match(local):
        return f"{prefix}:{local}"
    return iri_term(PREFIXES[prefix] + local)


def iri_term(iri: str) -> str:
    """*iri* as a Turtle term: ``actor:Iran`` in a project namespace, ``<...>`` otherwise, the
    characters an IRI may not hold escaped.

    >>> iri_term("https://w3id.org/actorgraph/actor/Iran"), iri_term("http://example.org/a b")
    ('actor:Iran', '<http://example.org/a\\\\u0020b>')
    """
    for prefix in _WRITTEN:
        namespace = PREFIXES[prefix]
        if iri.startswith(namespace) and _PREFIXED_LOCAL.match(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri.translate(_IRI_ESCAPES)}>"


def term(node: Node) -> str:
    """An rdflib IRI or literal as Turtle: strings quoted, integers bare, other datatypes typed.

    >>> from rdflib import XSD, Literal
    >>> term(Literal("2024-10", datatype=XSD.gYearMonth)), term(Literal(2)), term(RDF.type)
    ('"2024-10"^^xsd:gYearMonth', '2', 'a')
    """
    if node == RDF.type:
        return "a"
    if isinstance(node, URIRef):
        return iri_term(str(node))
    if isinstance(node, Literal):
        if node.datatype == XSD.integer:
            return str(int(node))
        if node.language:
            return f"{turtle_string(str(node))}@{node.language}"
        if node.datatype in (None, XSD.string):
            return turtle_string(str(node))
        return f"{turtle_string(str(node))}^^{iri_term(str(node.datatype))}"
    raise TypeError(f"no Turtle term for {node!r}")


def statement(subject: str, pairs: list[tuple[str, str]]) -> str:
    """One Turtle statement in the curated files' layout: the first pair on the subject's line
    (its class), then a predicate–object pair per line.

    >>> print(statement("actor:Qatar", [("a", "ag:State"), ("ag:credibility", "2")]), end="")
    actor:Qatar a ag:State ;
        ag:credibility 2 .
    """
    (predicate, obj), *rest = pairs
    return f"{subject} {predicate} {obj}" + "".join(f" ;\n    {p} {o}" for p, o in rest) + " .\n"


def node_statement(subject: URIRef, pairs: Sequence[tuple[URIRef, Node]]) -> str:
    """``statement`` of rdflib terms: *subject* with its predicate–object *pairs*.

    >>> print(node_statement(URIRef("https://w3id.org/actorgraph/actor/Qatar"), [(RDF.type, XSD.date)]), end="")
    actor:Qatar a xsd:date .
    """
    return statement(term(subject), [(term(p), term(o)) for p, o in pairs])
