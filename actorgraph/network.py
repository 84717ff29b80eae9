"""The actor network: the RDF graph projected into a NetworkX MultiDiGraph.

Actors are nodes, keyed by IRI, with their label, class and aliases. Every claim between two
actors lands on the edge ``(subject, object, relation)``; the edge keeps the relation's label,
polarity and temporal kind and the list of claims behind it (each with its source, quote, dates
and confidence). Paths, rankings, maps and exports all start from here.
"""

from __future__ import annotations

import functools
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from rdflib import Graph, URIRef

from actorgraph.actors import Actor, ActorIndex, list_actors
from actorgraph.claims import Claim, list_claims
from actorgraph.confidence import Confidence
from actorgraph.dates import PartialDate
from actorgraph.vocabulary import Vocabulary

#: Sign of each polarity in signed-network analysis; neutral ties carry no sign.
SIGNS = {"cooperative": 1, "structural": 1, "hostile": -1, "neutral": 0}


def as_day(value: str | date | PartialDate | None) -> date | None:
    """A day from ``YYYY-MM-DD`` (or a coarser date, taken at its last day)."""
    if value is None or isinstance(value, date):
        return value
    parsed = value if isinstance(value, PartialDate) else PartialDate.parse(value)
    return parsed.latest


def build_network(
    graph: Graph,
    as_of: str | date | PartialDate | None = None,
    vocabulary: Vocabulary | None = None,
) -> nx.MultiDiGraph:
    """Project *graph* into a MultiDiGraph; with *as_of*, keep only claims in force that day.

    An as-of day given as a month or a year means its last day ("2024-09" is 2024-09-30).

    >>> from actorgraph import store
    >>> network = build_network(store.load())
    >>> network.number_of_nodes() >= 20
    True
    >>> iran, hezbollah = "https://w3id.org/actorgraph/actor/Iran", "https://w3id.org/actorgraph/actor/Hezbollah"
    >>> sorted(network[iran][hezbollah])
    ['backs', 'hasProxy']
    >>> len(network[iran][hezbollah]["backs"]["claims"])
    1
    """
    return Projection.from_graph(graph, vocabulary).at(as_of)


class Projection:
    """A graph's actor network, built once from RDF and then cut to any date without RDF.

    This is what commands keep (and what the on-disk cache stores): the full network, the
    vocabulary it was built with, and an actor index made from its nodes.
    """

    def __init__(self, full: nx.MultiDiGraph, vocabulary: Vocabulary) -> None:
        self.full = full
        self.vocabulary = vocabulary
        self._dated: dict[date, nx.MultiDiGraph] = {}

    @classmethod
    def from_graph(cls, graph: Graph, vocabulary: Vocabulary | None = None) -> Projection:
        vocabulary = vocabulary or Vocabulary.from_graph(graph)
        network = nx.MultiDiGraph(as_of=None)
        for actor in list_actors(graph, vocabulary=vocabulary):
            network.add_node(str(actor.iri), label=actor.label, type=actor.type, aliases=actor.aliases)
        for claim in list_claims(graph, vocabulary=vocabulary):
            _add_claim(network, claim, vocabulary)
        for _, _, data in network.edges(data=True):
            data.update(aggregate(data["claims"]))
        return cls(network, vocabulary)

    def __getstate__(self) -> dict[str, object]:
        # Each edge's claims travel as one blob, unpickled only when that edge is read: a cold
        # `path` then materialises the claims of its hops, not the whole graph's.
        packed = self.full.copy()
        for _, _, data in packed.edges(data=True):
            data["claims"] = LazyClaims.packing(data["claims"])
        return {"full": packed, "vocabulary": self.vocabulary, "index": self.index}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["full"], state["vocabulary"])  # type: ignore[misc, arg-type]
        self.__dict__["index"] = state["index"]

    @functools.cached_property
    def index(self) -> ActorIndex:
        return ActorIndex(
            [Actor(URIRef(n), d["label"], d["type"], tuple(d["aliases"])) for n, d in self.full.nodes(data=True)]
        )

    def at(self, as_of: str | date | PartialDate | None = None) -> nx.MultiDiGraph:
        """The network with only the claims in force on *as_of* (all claims when None)."""
        day = as_day(as_of)
        if day is None:
            return self.full
        if day not in self._dated:
            self._dated[day] = _cut(self.full, day)
        return self._dated[day]


class LazyClaims(Sequence[Claim]):
    """The claims of one edge, kept pickled until first read; their number is known without it."""

    __slots__ = ("_blob", "_claims", "_count")

    def __init__(self, blob: bytes, count: int) -> None:
        self._blob: bytes | None = blob
        self._claims: list[Claim] | None = None
        self._count = count

    @classmethod
    def packing(cls, claims: Sequence[Claim]) -> LazyClaims:
        if isinstance(claims, LazyClaims):
            return claims
        return cls(pickle.dumps(list(claims), protocol=pickle.HIGHEST_PROTOCOL), len(claims))

    def _load(self) -> list[Claim]:
        if self._claims is None:
            self._claims = pickle.loads(self._blob)  # type: ignore[arg-type]
            self._blob = None
        return self._claims

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._load()[index]

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._load())

    def __reduce__(self) -> tuple[object, tuple[bytes, int]]:
        blob = self._blob if self._blob is not None else pickle.dumps(self._claims, protocol=pickle.HIGHEST_PROTOCOL)
        return (LazyClaims, (blob, self._count))


def _cut(full: nx.MultiDiGraph, day: date) -> nx.MultiDiGraph:
    dated = nx.MultiDiGraph(as_of=day.isoformat())
    dated.add_nodes_from(full.nodes(data=True))
    for u, v, key, data in full.edges(keys=True, data=True):
        claims = [c for c in data["claims"] if c.in_force_on(day)]
        if claims:
            dated.add_edge(u, v, key=key, **{**data, "claims": claims, **aggregate(claims)})
    return dated


def aggregate(claims: Sequence[Claim]) -> dict[str, object]:
    """What repeated claims on one edge add up to: how many, first and last date, mean Goldstein.

    The individual claims stay on the edge; these scalars are for analyses, maps and exports.

    >>> from actorgraph import store
    >>> edge = build_network(store.load()).edges[
    ...     "https://w3id.org/actorgraph/actor/Israel", "https://w3id.org/actorgraph/actor/Hezbollah", "attacked"]
    >>> edge["count"], edge["first"], edge["last"], edge["goldstein"]
    (2, None, None, None)
    """
    days = sorted(d for c in claims for d in (c.date, c.start, c.end) if d is not None)
    scores = [c.goldstein for c in claims if c.goldstein is not None]
    machine_coded = sum(c.origin == "machine-coded" for c in claims)
    return {
        "count": len(claims),
        "first": str(days[0]) if days else None,
        "last": str(days[-1]) if days else None,
        "goldstein": round(sum(scores) / len(scores), 3) if scores else None,
        "machine_coded": machine_coded,
        "curated": len(claims) - machine_coded,
    }


def _add_claim(network: nx.MultiDiGraph, claim: Claim, vocabulary: Vocabulary) -> None:
    u, v, key = str(claim.subject_iri), str(claim.object_iri), claim.relation
    if network.has_edge(u, v, key):
        network.edges[u, v, key]["claims"].append(claim)
        return
    relation = vocabulary.relations.get(claim.relation)
    network.add_edge(
        u,
        v,
        key=key,
        relation=key,
        relation_iri=str(claim.predicate_iri),
        label=claim.predicate,
        polarity=claim.polarity.lower(),
        symmetric=bool(relation and relation.symmetric),
        kind=relation.kind if relation else "event",
        claims=[claim],
    )


@dataclass(frozen=True)
class EdgeFilter:
    """Which claims and edges an analysis may use; empty means no constraint.

    ``relations`` and ``exclude_relations`` are relation names, each standing for itself and
    every relation below it in the vocabulary.
    """

    relations: frozenset[str] = field(default_factory=frozenset)
    exclude_relations: frozenset[str] = field(default_factory=frozenset)
    polarities: frozenset[str] = field(default_factory=frozenset)
    min_confidence: Confidence | None = None
    avoid: frozenset[str] = field(default_factory=frozenset)

    def is_empty(self) -> bool:
        return not (self.relations or self.exclude_relations or self.polarities or self.min_confidence or self.avoid)


def make_filter(
    vocabulary: Vocabulary,
    index: ActorIndex,
    relations: Iterable[str] = (),
    exclude_relations: Iterable[str] = (),
    polarities: Iterable[str] = (),
    min_confidence: str | None = None,
    avoid: Iterable[str] = (),
) -> EdgeFilter:
    """Resolve the names users type (relations, polarities, actors) into an EdgeFilter."""
    return EdgeFilter(
        relations=frozenset(_expand(vocabulary, relations)),
        exclude_relations=frozenset(_expand(vocabulary, exclude_relations)),
        polarities=frozenset(_polarity(p) for p in polarities),
        min_confidence=Confidence.parse(min_confidence) if min_confidence else None,
        avoid=frozenset(str(index.resolve(name).iri) for name in avoid),
    )


def _expand(vocabulary: Vocabulary, names: Iterable[str]) -> set[str]:
    return {d for name in names for d in vocabulary.descendants(vocabulary.relation(name).name)}


def _polarity(name: str) -> str:
    from actorgraph.errors import UnknownPolarity

    wanted = name.strip().lower()
    if wanted not in SIGNS:
        raise UnknownPolarity(name, [p for p in SIGNS if p.startswith(wanted[:3])])
    return wanted


def filter_network(network: nx.MultiDiGraph, edge_filter: EdgeFilter) -> nx.MultiDiGraph:
    """A copy of *network* with only the edges and claims *edge_filter* admits.

    Claims below the minimum confidence are dropped from their edge; an edge left with no
    claim goes. Avoided actors go with their edges. Every other actor stays, even if isolated.
    """
    if edge_filter.is_empty():
        return network
    kept = nx.MultiDiGraph(**network.graph)
    kept.add_nodes_from((n, d) for n, d in network.nodes(data=True) if n not in edge_filter.avoid)
    for u, v, key, data in network.edges(keys=True, data=True):
        if u in edge_filter.avoid or v in edge_filter.avoid or not _admits(edge_filter, data):
            continue
        if edge_filter.min_confidence:
            claims = [c for c in data["claims"] if c.meets(edge_filter.min_confidence)]
            if claims:
                kept.add_edge(u, v, key=key, **{**data, "claims": claims, **aggregate(claims)})
        else:
            kept.add_edge(u, v, key=key, **data)
    return kept


def _admits(edge_filter: EdgeFilter, data: dict[str, object]) -> bool:
    relation = data["relation"]
    if edge_filter.relations and relation not in edge_filter.relations:
        return False
    if relation in edge_filter.exclude_relations:
        return False
    return not (edge_filter.polarities and data["polarity"] not in edge_filter.polarities)


def simple_view(network: nx.MultiDiGraph, directed: bool = False) -> nx.Graph:
    """The network with parallel edges merged: a DiGraph (symmetric relations both ways) or a Graph.

    Each merged edge keeps ``relations``, the keys of the MultiDiGraph edges it stands for, and
    ``claims``, how many claims are behind them together.
    """
    simple: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(network.nodes(data=True))
    for u, v, key, data in network.edges(keys=True, data=True):
        pairs = [(u, v), (v, u)] if directed and data["symmetric"] else [(u, v)]
        for a, b in pairs:
            if a == b:
                continue
            if simple.has_edge(a, b):
                simple.edges[a, b]["relations"].append(key)
                simple.edges[a, b]["claims"] += len(data["claims"])
            else:
                simple.add_edge(a, b, relations=[key], claims=len(data["claims"]))
    return simple


def edge_sign(network: nx.MultiDiGraph, u: str, v: str) -> int:
    """The net sign between two actors, over every claim in either direction: +1, -1 or 0."""
    total = 0
    for a, b in ((u, v), (v, u)):
        for data in network.get_edge_data(a, b, default={}).values():
            total += SIGNS[data["polarity"]] * len(data["claims"])
    return (total > 0) - (total < 0)
