"""The merge decisions that stand, applied to a loaded graph so that every reader sees one actor.

``store`` calls :func:`apply` wherever it loads a graph folder (in memory, into an Oxigraph
store, before ``push``), on the statements as the store holds them (:class:`Quads`: rdflib in
memory here, pyoxigraph in ``store``), so this module needs no other of actorgraph's but the
vocabulary's names; ``merges`` records and withdraws the decisions.
"""

from __future__ import annotations

from typing import Any, Protocol

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from actorgraph.namespace import AG

#: A statement and its named graph, as the store names it.
Quad = tuple[Node, Node, Node, Any]


class Quads(Protocol):
    """The statements of a store, read by pattern and changed one by one, in rdflib terms."""

    def matching(
        self, subject: Node | None = None, predicate: Node | None = None, obj: Node | None = None
    ) -> list[Quad]: ...

    def add(self, quad: Quad) -> None: ...

    def remove(self, quad: Quad) -> None: ...


class MemoryQuads:
    """The statements of an rdflib graph held in memory."""

    def __init__(self, dataset: Graph) -> None:
        self.store = dataset.store

    def matching(
        self, subject: Node | None = None, predicate: Node | None = None, obj: Node | None = None
    ) -> list[Quad]:
        found = self.store.triples((subject, predicate, obj))  # type: ignore[arg-type]
        return [(s, p, o, graph) for (s, p, o), graphs in found for graph in graphs]

    def add(self, quad: Quad) -> None:
        s, p, o, graph = quad
        self.store.add((s, p, o), context=graph)

    def remove(self, quad: Quad) -> None:
        s, p, o, graph = quad
        self.store.remove((s, p, o), context=graph)


def standing(quads: Quads) -> dict[URIRef, URIRef]:
    """Each actor merged by a decision that stands (not withdrawn), and the actor it is merged into."""
    into = {}
    for decision, _, _, _ in quads.matching(predicate=RDF.type, obj=AG.Merge):
        values = {p: o for _, p, o, _ in quads.matching(subject=decision)}
        merged, canonical = values.get(AG.mergedActor), values.get(AG.canonicalActor)
        if isinstance(merged, URIRef) and isinstance(canonical, URIRef) and AG.withdrawnAt not in values:
            into[merged] = canonical
    return into


def roots(into: dict[URIRef, URIRef]) -> dict[URIRef, URIRef]:
    """Chains of merges followed to their end (C into B into A: C reads as A); a cycle written by
    hand stops where it would repeat."""
    found = {}
    for actor in into:
        seen, root = {actor}, into[actor]
        while root in into and into[root] not in seen:
            seen.add(root)
            root = into[root]
        found[actor] = root
    return {actor: root for actor, root in found.items() if actor != root}


def apply(quads: Quads) -> None:
    """Read every merged actor as the actor it finally merges into, in place.

    The merged actor's statements and the statements about it (claims' subjects and objects,
    plain triples, attributions) move to the canonical actor, in the same named graph (file);
    its label becomes one of the canonical actor's aliases and also stays on it, the record's
    name for it; its class and comment give way to the canonical actor's. The decisions are left
    as they are. Index lookups only: a merge costs the statements of the merged actor, whatever
    the size of the graph.
    """
    for merged, canonical in sorted(roots(standing(quads)).items()):
        _move(quads, merged, canonical)


_KEPT_BY_DECISIONS = (AG.mergedActor, AG.canonicalActor)
_GIVEN_WAY = (RDF.type, RDFS.comment)


def _move(quads: Quads, merged: URIRef, canonical: URIRef) -> None:
    names = {o for _, _, o, _ in quads.matching(subject=canonical, predicate=RDFS.label)}
    for _, predicate, obj, graph in quads.matching(subject=merged):
        if predicate == RDFS.label:
            if obj not in names:
                quads.add((canonical, SKOS.altLabel, obj, graph))
            continue
        quads.remove((merged, predicate, obj, graph))
        if predicate not in _GIVEN_WAY and not (predicate == SKOS.altLabel and obj in names):
            quads.add((canonical, predicate, obj, graph))
    for subject, predicate, _, graph in quads.matching(obj=merged):
        if predicate not in _KEPT_BY_DECISIONS:
            quads.remove((subject, predicate, merged, graph))
            quads.add((subject, predicate, canonical, graph))
