"""The actor network: the RDF graph projected into a NetworkX MultiDiGraph.

Actors are nodes, keyed by IRI, with their label, class and aliases. Every claim between two
actors lands on the edge ``(subject, object, relation)``; the edge keeps the relation's label,
polarity and temporal kind and the list of claims behind it (each with its source, quote, dates
and confidence). Paths, rankings, maps and exports all start from here.
"""

from __future__ import annotations

import functools
import operator
import pickle
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal, SupportsIndex, TypedDict, get_args

from rdflib import Graph, URIRef

from actorgraph.actors import Actor, ActorIndex, list_actors
from actorgraph.claims import Claim, list_claims
from actorgraph.confidence import Confidence
from actorgraph.dates import PartialDate
from actorgraph.event_facts import DATASETS
from actorgraph.vocabulary import Vocabulary

if TYPE_CHECKING:
    import networkx as nx

#: How many networks cut to a day a projection keeps (the oldest asked goes first).
DATED_KEPT = 4
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

    This is what commands keep (and what the on-disk cache stores). It holds the network as
    columns: actors by position, and one row per edge (subject, object, relation) with its
    claims kept pickled until read. Path search reads the columns directly (``paths`` with
    the compact engine), so a cold ``actorgraph path`` never builds a NetworkX graph; ``full``
    builds that graph, with every attribute, for the analyses, maps and exports.
    """

    def __init__(self, actors: ActorColumns, edges: EdgeColumns, vocabulary: Vocabulary) -> None:
        self.actors = actors
        self.edges = edges
        self.vocabulary = vocabulary
        self._dated: dict[date, nx.MultiDiGraph] = {}

    @classmethod
    def from_graph(
        cls, graph: Graph, vocabulary: Vocabulary | None = None, include_proposed: bool = False
    ) -> Projection:
        """The network of *graph*'s current claims (proposed ones too when *include_proposed*)."""
        vocabulary = vocabulary or Vocabulary.from_graph(graph)
        claims = list_claims(graph, vocabulary=vocabulary, include_proposed=include_proposed)
        return cls.from_records(list_actors(graph, vocabulary=vocabulary), claims, vocabulary)

    @classmethod
    def from_records(cls, actors: Sequence[Actor], claims: Iterable[Claim], vocabulary: Vocabulary) -> Projection:
        columns = ActorColumns.of(actors)
        grouped: dict[tuple[int, int, str], list[Claim]] = {}
        relations: dict[str, dict[str, object]] = {}
        for claim in claims:
            ends = (columns.add(claim.subject_iri, claim.subject), columns.add(claim.object_iri, claim.object))
            grouped.setdefault((*ends, claim.relation), []).append(claim)
            if claim.relation not in relations:
                relations[claim.relation] = _relation_attributes(claim, vocabulary)
        return cls(columns, EdgeColumns.of(grouped, relations, len(columns.iris)), vocabulary)

    def __getstate__(self) -> dict[str, object]:
        return {"actors": self.actors, "edges": self.edges, "vocabulary": self.vocabulary, "index": self.index}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["actors"], state["edges"], state["vocabulary"])  # type: ignore[misc, arg-type]
        self.__dict__["index"] = state["index"]

    @functools.cached_property
    def index(self) -> ActorIndex:
        return ActorIndex([self.actors.actor(i) for i in range(len(self.actors.iris))])

    @functools.cached_property
    def full(self) -> nx.MultiDiGraph:
        """The whole network as a NetworkX MultiDiGraph, every claim on its edge."""
        import networkx as nx

        network = nx.MultiDiGraph(as_of=None)
        actors, edges = self.actors, self.edges
        network.add_nodes_from(
            (iri, {"label": label, "type": type_name, "aliases": aliases})
            for iri, label, type_name, aliases in zip(
                actors.iris, actors.labels, actors.types, actors.aliases, strict=True
            )
        )
        iris = actors.iris
        for e, (u, v, key) in enumerate(zip(edges.subjects, edges.objects, edges.relations, strict=True)):
            network.add_edge(iris[u], iris[v], key=key, **edges.attributes[key], claims=edges.claims(e),
                             **dict(zip(AGGREGATES, edges.totals[e], strict=True)))  # fmt: skip
        return network

    def at(self, as_of: str | date | PartialDate | None = None) -> nx.MultiDiGraph:
        """The network with only the claims in force on *as_of* (all claims when None).

        The last few days asked are kept (a page or a command asks the same day again); a
        series over many dates does not keep them all, each being nearly the whole network.
        """
        day = as_day(as_of)
        if day is None:
            return self.full
        if day not in self._dated:
            if len(self._dated) >= DATED_KEPT:
                del self._dated[next(iter(self._dated))]
            self._dated[day] = self._cut(day)
        return self._dated[day]

    def _cut(self, day: date) -> nx.MultiDiGraph:
        """The full network with only the claims in force on *day*, read from the edges' spans: an
        edge whose claims all hold keeps them as they are (still unread); only an edge with some
        claims in force and others not has its claims read, to keep those."""
        import networkx as nx

        full, iris, ordinal = self.full, self.actors.iris, day.toordinal()
        dated = nx.MultiDiGraph(as_of=day.isoformat())
        dated.add_nodes_from(full.nodes(data=True))
        edges = self.edges
        for u, v, key, spans in zip(edges.subjects, edges.objects, edges.relations, edges.spans, strict=True):
            held = [(not first or first <= ordinal) and (not last or ordinal <= last) for first, last, *_ in spans]
            if not any(held):
                continue
            data = full.edges[iris[u], iris[v], key]
            if not all(held):
                claims = [claim for claim, kept in zip(data["claims"], held, strict=True) if kept]
                data = {**data, "claims": claims, **aggregate(claims)}
            dated.add_edge(iris[u], iris[v], key=key, **data)
        return dated


@dataclass
class ActorColumns:
    """The network's actors by position: IRI, label, class and aliases."""

    iris: list[str]
    labels: list[str]
    types: list[str]
    aliases: list[tuple[str, ...]]
    position: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, actors: Sequence[Actor]) -> ActorColumns:
        columns = cls([], [], [], [])
        for actor in actors:
            columns.add(actor.iri, actor.label, actor.type, actor.aliases)
        return columns

    def add(self, iri: str, label: str, type_name: str = "", aliases: tuple[str, ...] = ()) -> int:
        """The position of *iri*, added first if new (a claim's end that is not a declared actor)."""
        key = str(iri)
        if key not in self.position:
            self.position[key] = len(self.iris)
            self.iris.append(key)
            self.labels.append(label)
            self.types.append(type_name)
            self.aliases.append(tuple(aliases))
        return self.position[key]

    def actor(self, position: int) -> Actor:
        return Actor(URIRef(self.iris[position]), self.labels[position], self.types[position], self.aliases[position])

    def __getstate__(self) -> dict[str, object]:
        return {"iris": self.iris, "labels": self.labels, "types": self.types, "aliases": self.aliases}

    def __setstate__(self, state: dict[str, list]) -> None:  # type: ignore[type-arg]
        self.__init__(**state)  # type: ignore[misc]
        self.position = {iri: i for i, iri in enumerate(self.iris)}


#: The per-edge totals of ``aggregate``, in the order EdgeColumns.totals keeps them.
AggregateName = Literal["count", "first", "last", "goldstein", "machine_coded", "curated"]
AGGREGATES: tuple[AggregateName, ...] = get_args(AggregateName)


class EdgeColumns:
    """One row per edge (subject, object, relation), in the order the claims first made them.

    ``subjects`` and ``objects`` are actor positions. Each edge's claims are pickled into one
    shared buffer and unpickled only when that edge is read; ``spans`` keeps, per edge, what
    a path search must know about its claims without reading them: each claim's first and
    last day in force (ordinals, 0 when open), its Admiralty rating, whether it is disputed and
    its origin (:func:`origin_key`).
    ``origins`` names, per edge, the origins of its claims (:func:`origin_key`, distinct, sorted,
    space-separated: "curated icews"), so that a search by origin need not read the spans.
    ``linked`` is the unfiltered undirected network ready for rustworkx: each pair of distinct actors that any
    edge links, once; ``adjacency`` the same as arrays (each actor's neighbours between
    ``offsets[a]`` and ``offsets[a + 1]``), for searches that need only part of the network.
    """

    def __init__(
        self,
        subjects: list[int],
        objects: list[int],
        relations: list[str],
        attributes: dict[str, dict[str, object]],
        buffer: bytes | memoryview,
        offsets: list[int],
        counts: list[int],
        packed: bytes,
        linked: tuple[list[int], list[int]],
        adjacency: tuple[array, array],
        origins: list[str],
    ) -> None:
        self.subjects, self.objects, self.relations = subjects, objects, relations
        self.attributes = attributes
        self.buffer, self.offsets, self.counts = buffer, offsets, counts
        self._packed = packed
        self.linked = linked
        self.adjacency = adjacency
        self.origins = origins

    @classmethod
    def of(
        cls, grouped: dict[tuple[int, int, str], list[Claim]], attributes: dict[str, dict[str, object]], actors: int
    ) -> EdgeColumns:
        buffer, offsets = bytearray(), [0]
        for claims in grouped.values():
            buffer += pickle.dumps(claims, protocol=pickle.HIGHEST_PROTOCOL)
            offsets.append(len(buffer))
        totals = [tuple(aggregate(claims)[name] for name in AGGREGATES) for claims in grouped.values()]
        spans = [tuple(_span(claim) for claim in claims) for claims in grouped.values()]
        counts = [len(claims) for claims in grouped.values()]
        origins = [" ".join(sorted({origin_key(c) for c in claims})) for claims in grouped.values()]
        return cls.of_keys(list(grouped), attributes, bytes(buffer), offsets, counts, totals, spans, origins, actors)

    @classmethod
    def of_keys(
        cls, keys: list[tuple[int, int, str]], attributes: dict[str, dict[str, object]], buffer: bytes,
        offsets: list[int], counts: list[int], totals: Sequence[tuple[object, ...]],
        spans: list[tuple[Span, ...]] | None, origins: list[str] | None, actors: int,
    ) -> EdgeColumns:  # fmt: skip
        """The columns of the edges *keys* (subject, object, relation), with their claims' counts and
        totals already known (a server's aggregate query gives them, without the claims: then
        *buffer* is empty and *spans* and *origins* None, and a subclass reads them when asked)."""
        linked = sorted({(min(u, v), max(u, v)) for u, v, _ in keys if u != v})
        return cls(
            [u for u, _, _ in keys], [v for _, v, _ in keys], [sys.intern(key) for _, _, key in keys],
            attributes, buffer, offsets, counts, pickle.dumps((totals, spans), protocol=pickle.HIGHEST_PROTOCOL),
            ([u for u, _ in linked], [v for _, v in linked]), _adjacency(linked, actors),
            [sys.intern(names) for names in origins or ()],
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.subjects)

    def claims(self, edge: int) -> LazyClaims:
        """The claims of *edge*, unpickled when first read."""
        return LazyClaims(self.buffer[self.offsets[edge] : self.offsets[edge + 1]], self.counts[edge])

    @functools.cached_property
    def _unpacked(self) -> tuple[list[tuple[object, ...]], list[tuple[Span, ...]]]:
        return pickle.loads(self._packed)

    @property
    def totals(self) -> list[tuple[object, ...]]:
        """Per edge, the values of ``aggregate`` over all its claims, in AGGREGATES order."""
        return self._unpacked[0]

    @property
    def spans(self) -> list[tuple[Span, ...]]:
        return self._unpacked[1]

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[object, tuple[object, ...]]:
        # With protocol 5 the claims buffer can travel out of band: the cache maps it from disk.
        buffer = pickle.PickleBuffer(self.buffer) if operator.index(protocol) >= 5 else bytes(self.buffer)
        origins = self.__dict__["origins"]  # the column as kept: a server's edges read theirs when asked
        return (EdgeColumns, (self.subjects, self.objects, self.relations, self.attributes, buffer, self.offsets,
                              self.counts, self._packed, self.linked, self.adjacency, origins))  # fmt: skip


def _adjacency(pairs: list[tuple[int, int]], actors: int) -> tuple[array, array]:
    neighbours: list[list[int]] = [[] for _ in range(actors)]
    for u, v in pairs:
        neighbours[u].append(v)
        neighbours[v].append(u)
    offsets, flat = array("i", [0]), array("i")
    for around in neighbours:
        flat.extend(around)
        offsets.append(len(flat))
    return offsets, flat


#: What a path search reads of a claim without unpickling it: first and last day in force
#: (ordinals, 0 when open), reliability, credibility, disputed, origin (:func:`origin_key`).
Span = tuple[int, int, str | None, int | None, bool, str]


def _span(claim: Claim) -> Span:
    first, last = claim.in_force_span()
    return (first.toordinal() if first else 0, last.toordinal() if last else 0, claim.reliability, claim.credibility,
            claim.status == "disputed", sys.intern(origin_key(claim)))  # fmt: skip


def _relation_attributes(claim: Claim, vocabulary: Vocabulary) -> dict[str, object]:
    return relation_attributes(claim.relation, str(claim.predicate_iri), vocabulary)


def relation_attributes(name: str, iri: str, vocabulary: Vocabulary) -> dict[str, object]:
    """What every edge of the relation *name* (its IRI *iri*) carries, as its claims read it."""
    relation = vocabulary.relations.get(name)
    return {
        "relation": name,
        "relation_iri": iri,
        "label": relation.label if relation else name,
        "polarity": (relation.polarity if relation else "Neutral").lower(),
        "symmetric": bool(relation and relation.symmetric),
        "kind": relation.kind if relation else "event",
    }


class LazyClaims(Sequence[Claim]):
    """The claims of one edge, kept pickled until first read; their number is known without it."""

    __slots__ = ("_blob", "_claims", "_count")

    def __init__(self, blob: bytes | memoryview, count: int) -> None:
        self._blob: bytes | memoryview | None = blob
        self._claims: list[Claim] | None = None
        self._count = count

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
        blob = bytes(self._blob) if self._blob is not None else pickle.dumps(self._claims, protocol=5)
        return (LazyClaims, (blob, self._count))


class Aggregate(TypedDict):
    """The scalars that ``aggregate`` adds to an edge."""

    count: int
    first: str | None
    last: str | None
    goldstein: float | None
    machine_coded: int
    curated: int


def aggregate(claims: Sequence[Claim]) -> Aggregate:
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
    exclude_disputed: bool = False
    origin: str | None = None

    def is_empty(self) -> bool:
        return not (self.relations or self.exclude_relations or self.polarities or self.min_confidence or self.avoid
                    or self.exclude_disputed or self.origin)  # fmt: skip

    def keeps(self, claim: Claim) -> bool:
        """Whether a claim passes the filter's claim tests: its rating, not disputed if asked, and
        of the origin asked for."""
        minimum = self.min_confidence
        if self.origin is not None and self.origin not in claim_origins(claim):
            return False
        return (minimum is None or claim.meets(minimum)) and not (self.exclude_disputed and claim.status == "disputed")


#: What ``origin`` may name: curated claims, machine-coded ones, or those of one event data set.
ORIGINS = ("curated", "machine-coded", *DATASETS.values())


def claim_origins(claim: Claim) -> set[str]:
    """The origins a claim counts under: "curated"; or "machine-coded" and its data set's name."""
    return origins_of(origin_key(claim))


def origin_key(claim: Claim) -> str:
    """A claim's narrowest origin, one word the compact network keeps per claim: "curated", its
    data set's name ("gdelt"), or "machine-coded" for a machine-coded claim of no known data set."""
    if claim.origin != "machine-coded":
        return "curated"
    return claim.event.dataset if claim.event and claim.event.dataset else "machine-coded"


def origins_of(key: str) -> set[str]:
    """The origins a claim whose :func:`origin_key` is *key* counts under.

    >>> sorted(origins_of("gdelt")), origins_of("curated")
    (['gdelt', 'machine-coded'], {'curated'})
    """
    return {"curated"} if key == "curated" else {"machine-coded", key}


def make_filter(
    vocabulary: Vocabulary,
    index: ActorIndex,
    relations: Iterable[str] = (),
    exclude_relations: Iterable[str] = (),
    polarities: Iterable[str] = (),
    min_confidence: str | None = None,
    avoid: Iterable[str] = (),
    exclude_disputed: bool = False,
    origin: str | None = None,
) -> EdgeFilter:
    """Resolve the names users type (relations, polarities, actors, origin) into an EdgeFilter."""
    return EdgeFilter(
        relations=frozenset(_expand(vocabulary, relations)),
        exclude_relations=frozenset(_expand(vocabulary, exclude_relations)),
        polarities=frozenset(_polarity(p) for p in polarities),
        min_confidence=Confidence.parse(min_confidence) if min_confidence else None,
        avoid=frozenset(str(index.resolve(name).iri) for name in avoid),
        exclude_disputed=exclude_disputed,
        origin=_origin(origin) if origin is not None else None,
    )


def _origin(name: str) -> str:
    from actorgraph.errors import UnknownOrigin

    wanted = name.strip().lower()
    if wanted not in ORIGINS:
        raise UnknownOrigin(name, list(ORIGINS))
    return wanted


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

    Claims below the minimum confidence (or disputed, with ``exclude_disputed``) are dropped from
    their edge; an edge left with no claim goes. Avoided actors go with their edges. Every other
    actor stays, even if isolated.
    """
    import networkx as nx

    if edge_filter.is_empty():
        return network
    kept = nx.MultiDiGraph(**network.graph)
    kept.add_nodes_from((n, d) for n, d in network.nodes(data=True) if n not in edge_filter.avoid)
    for u, v, key, data in network.edges(keys=True, data=True):
        if u in edge_filter.avoid or v in edge_filter.avoid or not admits(edge_filter, data):
            continue
        if edge_filter.min_confidence or edge_filter.exclude_disputed or edge_filter.origin:
            claims = [c for c in data["claims"] if edge_filter.keeps(c)]
            if claims:
                kept.add_edge(u, v, key=key, **{**data, "claims": claims, **aggregate(claims)})
        else:
            kept.add_edge(u, v, key=key, **data)
    return kept


def admits(edge_filter: EdgeFilter, data: dict[str, object]) -> bool:
    """Whether an edge with these attributes passes the filter's relation and polarity tests."""
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
    import networkx as nx

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
