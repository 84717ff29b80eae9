"""The vocabulary as the library sees it: actor relations and actor classes.

Relations carry their label, definition, polarity, parent (``rdfs:subPropertyOf``) and inverse,
read from ``ontology/actorgraph.ttl`` so that curators extend the vocabulary in one place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from actorgraph.errors import UnknownActorType, UnknownRelation
from actorgraph.namespace import AG, NS
from actorgraph.store import columns_of
from actorgraph.text import fold


def local_name(iri: URIRef | str) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Relation:
    """An actor relation of the vocabulary."""

    iri: URIRef
    name: str
    label: str
    definition: str
    polarity: str
    parent: str | None = None
    inverse: str | None = None
    symmetric: bool = False
    domain: str | None = None
    range: str | None = None
    kind: str = "event"

    @property
    def is_state(self) -> bool:
        """True for a state of affairs (leadership, backing, war), False for an event."""
        return self.kind == "state"

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "iri": str(self.iri),
            "label": self.label,
            "polarity": self.polarity,
            "parent": self.parent,
            "inverse": self.inverse,
            "symmetric": self.symmetric,
            "domain": self.domain,
            "range": self.range,
            "kind": self.kind,
            "definition": self.definition,
        }


@dataclass(frozen=True)
class ActorType:
    """A class of actors (State, Person, ArmedGroup, ...)."""

    iri: URIRef
    name: str
    label: str
    parent: str | None


@dataclass
class Vocabulary:
    """Relations and actor classes of a loaded graph, with lookups by name."""

    relations: dict[str, Relation]
    actor_types: dict[str, ActorType]
    _children: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> Vocabulary:
        iris = _relation_iris(graph)
        column = columns_of(graph, iris, _RELATION_COLUMNS)
        symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
        relations = {
            relation.name: relation for relation in (_read_relation(iri, column, iri in symmetric) for iri in iris)
        }
        children: dict[str, list[str]] = {}
        for relation in relations.values():
            if relation.parent:
                children.setdefault(relation.parent, []).append(relation.name)
        return cls(relations, _read_actor_types(graph), children)

    def relation(self, name: str) -> Relation:
        """The relation called *name*: its local name, ``ag:`` name, IRI or label.

        >>> from actorgraph import store
        >>> Vocabulary.from_graph(store.load()).relation("ag:backs").label
        'backs'
        """
        wanted = name.strip()
        for prefix in (NS, "ag:"):
            wanted = wanted.removeprefix(prefix)
        if wanted in self.relations:
            return self.relations[wanted]
        by_key = {fold(r.name): r for r in self.relations.values()}
        by_key.update({fold(r.label): r for r in self.relations.values()})
        if fold(wanted) in by_key:
            return by_key[fold(wanted)]
        raise UnknownRelation(name, _close(wanted, self.relations))

    def descendants(self, name: str) -> list[str]:
        """*name* and every relation below it (``killed`` is below ``attacked``)."""
        found = [name]
        for child in self._children.get(name, []):
            found.extend(self.descendants(child))
        return found

    def ancestors(self, name: str) -> list[str]:
        """The relations above *name*, nearest first."""
        chain = []
        parent = self.relations[name].parent
        while parent:
            chain.append(parent)
            parent = self.relations[parent].parent
        return chain

    def in_tree_order(self) -> list[tuple[int, Relation]]:
        """Every relation with its depth, parents before their children, by polarity."""
        order = ["Cooperative", "Neutral", "Hostile", "Structural"]
        roots = sorted(
            (r for r in self.relations.values() if r.parent is None),
            key=lambda r: (order.index(r.polarity) if r.polarity in order else 9, r.name),
        )
        listed: list[tuple[int, Relation]] = []

        def visit(relation: Relation, depth: int) -> None:
            listed.append((depth, relation))
            for child in sorted(self._children.get(relation.name, [])):
                visit(self.relations[child], depth + 1)

        for root in roots:
            visit(root, 0)
        return listed

    def actor_type(self, name: str) -> ActorType:
        """The actor class called *name* (``State``, ``armed group``, ``ag:Person``...)."""
        wanted = fold(name.strip().removeprefix("ag:").replace(" ", ""))
        for actor_type in self.actor_types.values():
            if wanted in (fold(actor_type.name), fold(actor_type.label.replace(" ", ""))):
                return actor_type
        raise UnknownActorType(name, _close(name, self.actor_types))

    def subtypes(self, name: str) -> list[str]:
        """*name* and every actor class below it (Organization includes ArmedGroup)."""
        found = [name]
        for actor_type in self.actor_types.values():
            if actor_type.parent == name:
                found.extend(self.subtypes(actor_type.name))
        return found


def _close(name: str, known: Iterable[str]) -> list[str]:
    keys = {fold(k): k for k in known}
    return [keys[k] for k in difflib.get_close_matches(fold(name), keys, n=2, cutoff=0.6)]


def _relation_iris(graph: Graph) -> set[URIRef]:
    return {iri for iri in graph.subjects(RDF.type, AG.ActorRelation) if isinstance(iri, URIRef)}


#: Relation properties read in bulk, one triple pattern each (cheap on a remote store too).
_RELATION_COLUMNS = (
    RDFS.label, SKOS.definition, AG.polarity, RDFS.subPropertyOf, OWL.inverseOf, RDFS.domain, RDFS.range,
    AG.temporalKind,
)  # fmt: skip


def _read_relation(iri: URIRef, column: dict[URIRef, dict[Node, Node]], symmetric: bool) -> Relation:
    def name(predicate: URIRef) -> str | None:
        value = column[predicate].get(iri)
        return local_name(value) if isinstance(value, URIRef) else None

    return Relation(
        iri=iri,
        name=local_name(iri),
        label=str(column[RDFS.label].get(iri) or local_name(iri)),
        definition=str(column[SKOS.definition].get(iri) or ""),
        polarity=name(AG.polarity) or "Neutral",
        parent=name(RDFS.subPropertyOf),
        inverse=name(OWL.inverseOf),
        symmetric=symmetric,
        domain=name(RDFS.domain),
        range=name(RDFS.range),
        kind="state" if column[AG.temporalKind].get(iri) == AG.StateOfAffairs else "event",
    )


def _read_actor_types(graph: Graph) -> dict[str, ActorType]:
    types: dict[str, ActorType] = {}
    pending = [AG.Actor]
    while pending:
        iri = pending.pop()
        for sub in graph.subjects(RDFS.subClassOf, iri):
            if isinstance(sub, URIRef) and local_name(sub) not in types:
                types[local_name(sub)] = ActorType(
                    iri=sub,
                    name=local_name(sub),
                    label=str(graph.value(sub, RDFS.label) or local_name(sub)),
                    parent=None if iri == AG.Actor else local_name(iri),
                )
                pending.append(sub)
    return types
