"""Paths between two actors that explain themselves: every hop with its evidence and its sign.

``connect`` is the front door: it resolves the actors' names, projects the graph as of a date,
applies the filters, finds the paths (shortest, every simple path up to N hops, or the k best
with Yen's algorithm) and, when nothing connects them, says which filter or date cut them off.

A path is a sequence of actors; each hop between two of them carries every relation that links
them in the allowed directions, so parallel claims (Iran *backs* Hezbollah, Iran *has as proxy*
Hezbollah) strengthen one hop instead of multiplying paths. The hop's main relation, the one
with the most claims, gives the hop its sign; the path's sign is the product of its hops' signs
(cooperative and structural ties +, hostile −, neutral none), as in structural balance theory:
the enemy of an ally is an enemy.
"""

from __future__ import annotations

import functools
import heapq
import html
import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from actorgraph.actors import Actor
from actorgraph.claims import Claim
from actorgraph.confidence import strength
from actorgraph.errors import ActorgraphError, InvalidPathQuery, NoPath
from actorgraph.network import (
    SIGNS,
    EdgeFilter,
    Projection,
    Span,
    admits,
    as_day,
    filter_network,
    make_filter,
    origins_of,
    simple_view,
)

Node = TypeVar("Node", bound=Hashable)

if TYPE_CHECKING:
    import networkx as nx
    import rustworkx as rx
    from rdflib import Graph

METHODS = ("shortest", "all", "k")
ENGINES = ("auto", "compact", "networkx")
RANKS = ("length", "evidence")
DEFAULT_MAX_HOPS = 4
#: The longest path asked for: a longer chain says little about two actors, and the number of
#: paths grows as the mean degree to the power of the hops.
MAX_HOPS = 10
#: How many paths ``method="all"`` returns at most by default, the shortest first: on a large
#: graph there are millions of paths of a few hops, too many to hold in memory or to read (each
#: comes with every claim of every hop: 10,000 paths of the ICEWS 2018 sample take 1.7 GB as JSON).
MAX_PATHS = 1_000
#: How many paths of equal length "shortest" returns at most, and how far Yen's search goes
#: looking for paths through --via actors.
MAX_SHORTEST = 10
MAX_VIA_SEARCH = 2000

#: What the next actor is to the previous one, walking a relation forward or backward; each
#: role is a noun that takes an indefinite article ("a part of", "an enemy of") and ends with
#: the word that joins it to the previous actor in a path's sign phrase. The party a relation
#: acts on is named by the act ("party defended by"), not by a status the relation does not
#: state: a defended party is no protégé.
_SPECIFIC_ROLES = {
    "backs": ("protégé of", "backer of"),
    "hasProxy": ("proxy of", "patron of"),
    "proxyOf": ("patron of", "proxy of"),
    "defends": ("party defended by", "defender of"),
    "leads": ("body led by", "leader of"),
    "ledBy": ("leader of", "body led by"),
    "memberOf": ("group of", "member of"),
    "hasMember": ("member of", "group of"),
    "deputyLeaderOf": ("group of", "deputy leader of"),
    "spokespersonFor": ("body represented by", "spokesperson for"),
    "partOf": ("parent body of", "part of"),
    "hasPart": ("part of", "parent body of"),
}
_GENERIC_ROLES = {
    "cooperative": "ally of",
    "hostile": "enemy of",
    "neutral": "counterpart of",
    "structural": "associate of",
}
SIGN_WORDS = {"+": "friendly", "-": "hostile", "0": "unsigned (a neutral hop)"}


@dataclass(frozen=True)
class Hop:
    """One step of a path, from ``source`` to ``target`` (actor IRIs, in path order).

    ``direction`` is "forward" when the claims' subject is ``source`` and "backward" when the
    path walks the relation against its direction (``Hezbollah ←leads— Hassan Nasrallah``).
    """

    source: str
    target: str
    source_label: str
    target_label: str
    relation: str
    relation_label: str
    relation_iri: str
    direction: str
    polarity: str
    symmetric: bool
    relations: tuple[str, ...]
    claims: tuple[Claim, ...]
    polarities: frozenset[str] = frozenset()

    @property
    def arrow(self) -> str:
        """``Iran —backs→ Hezbollah``, ``Hezbollah ←leads— Hassan Nasrallah``, or ``—at war with—``."""
        if self.symmetric:
            middle = f" —{self.relation_label}— "
        elif self.direction == "forward":
            middle = f" —{self.relation_label}→ "
        else:
            middle = f" ←{self.relation_label}— "
        return middle

    @property
    def sources(self) -> int:
        """How many distinct sources stand behind the hop."""
        return len({c.source_iri for c in self.claims})

    @property
    def disputed(self) -> bool:
        """True when a source or an actor disputes a claim behind the hop."""
        return any(c.status == "disputed" for c in self.claims)

    @property
    def mixed(self) -> bool:
        """True when the two actors have both friendly and hostile ties."""
        return "hostile" in self.polarities and bool(self.polarities & {"cooperative", "structural"})

    @property
    def best(self) -> tuple[int, int]:
        """The strongest Admiralty rating among the hop's claims (a sort key, smaller is stronger)."""
        return min(strength(c.reliability, c.credibility) for c in self.claims)

    @property
    def role(self) -> str:
        """What ``target`` is to ``source`` along this hop: "ally of", "enemy of", "leader of"..."""
        specific = _SPECIFIC_ROLES.get(self.relation)
        if specific and not self.symmetric:
            return specific[0] if self.direction == "forward" else specific[1]
        return _GENERIC_ROLES[self.polarity]

    @property
    def phrase(self) -> str:
        """What the hop makes of its target: ``Hezbollah is a protégé of Iran``."""
        return f"{self.target_label} is {_article(self.role)} {self.role} {self.source_label}"

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.source_label,
            "to": self.target_label,
            "from_iri": self.source,
            "to_iri": self.target,
            "relation": self.relation,
            "relation_label": self.relation_label,
            "relation_iri": self.relation_iri,
            "direction": self.direction,
            "polarity": self.polarity,
            "relations": list(self.relations),
            "mixed": self.mixed,
            "disputed": self.disputed,
            "sources": self.sources,
            "claims": [_claim_evidence(c) for c in self.claims],
        }


def _claim_evidence(claim: Claim) -> dict[str, object]:
    data = claim.to_dict()
    keys = ("id", "relation", "subject", "object", "source", "source_iri", "quote", "date", "start", "end")
    return {**{k: data[k] for k in keys}, "confidence": claim.confidence, "attributed_to": claim.attributed_to,
            "status": claim.status, "disputes": data["disputes"],
            **({"event": data["event"]} if "event" in data else {})}  # fmt: skip


@dataclass(frozen=True)
class ActorPath:
    """A path between two actors, hop by hop."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        return len(self.hops)

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.hops[0].source_label, *(h.target_label for h in self.hops)) if self.hops else ()

    @property
    def sign(self) -> str:
        """``+`` friendly, ``-`` hostile, ``0`` when a hop is neutral."""
        product = 1
        for hop in self.hops:
            product *= SIGNS[hop.polarity]
        return "+" if product > 0 else "-" if product < 0 else "0"

    @property
    def sign_phrase(self) -> str:
        """What the last actor is to the first, e.g. ``a leader of a protégé of Iran``: every role with its article."""
        return " ".join([*(f"{_article(hop.role)} {hop.role}" for hop in reversed(self.hops)), self.labels[0]])

    @property
    def weakest(self) -> tuple[int, int]:
        """The rating of the weakest hop (each hop counted at its best claim)."""
        return max(hop.best for hop in self.hops)

    @property
    def thinnest(self) -> int:
        """The fewest distinct sources behind any hop."""
        return min(hop.sources for hop in self.hops)

    def chain(self) -> str:
        """The whole path on one line: ``Iran —backs→ Hezbollah ←leads— Hassan Nasrallah``."""
        return self.labels[0] + "".join(h.arrow + h.target_label for h in self.hops)

    def to_dict(self) -> dict[str, object]:
        reliability, credibility = self.weakest
        return {
            "length": self.length,
            "sign": self.sign,
            "sign_text": SIGN_WORDS[self.sign],
            "sign_phrase": self.sign_phrase,
            "chain": self.chain(),
            "actors": list(self.labels),
            "actor_iris": list(self.nodes),
            "weakest_confidence": _rating(reliability, credibility),
            "hops": [hop.to_dict() for hop in self.hops],
        }


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _rating(reliability_index: int, credibility: int) -> str:
    return f"{'ABCDEF?'[reliability_index]}{credibility if credibility <= 6 else '?'}"


@dataclass(frozen=True)
class PathQuery:
    """What the user asks: two actors, a method and the constraints on the way.

    Actor and relation names are resolved as everywhere else; ``relations`` and
    ``exclude_relations`` include the relations below them; ``max_hops`` defaults to 4 for
    ``method="all"``; ``as_of`` keeps the claims in force on that day; ``exclude_disputed`` leaves
    out the claims a source or an actor disputes; ``origin`` keeps curated claims, machine-coded
    ones, or those of one event data set (``gdelt``).
    """

    source: str
    target: str
    method: str = "shortest"
    k: int = 3
    max_hops: int | None = None
    directed: bool = False
    relations: tuple[str, ...] = ()
    exclude_relations: tuple[str, ...] = ()
    polarities: tuple[str, ...] = ()
    min_confidence: str | None = None
    via: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    as_of: str | None = None
    rank: str = "length"
    max_paths: int = MAX_PATHS
    exclude_disputed: bool = False
    origin: str | None = None

    def check(self) -> None:
        if self.method not in METHODS:
            raise InvalidPathQuery(f"unknown method {self.method!r} — expected one of {', '.join(METHODS)}")
        if self.rank not in RANKS:
            raise InvalidPathQuery(f"unknown ranking {self.rank!r} — expected one of {', '.join(RANKS)}")
        _check_range("k", self.k, self.max_paths)
        _check_range("max paths", self.max_paths)
        if self.max_hops is not None:
            _check_range("max hops", self.max_hops, MAX_HOPS)

    def constraints(self) -> dict[str, object]:
        """The constraints in force (those not at their default), by argument name."""
        named = {name: getattr(self, name) for name in _UNSET}
        return {name: value for name, value in named.items() if value != _UNSET[name]}


def _check_range(name: str, value: int, most: int | None = None) -> None:
    if value < 1:
        raise InvalidPathQuery(f"{name} must be at least 1, not {value}")
    if most is not None and value > most:
        raise InvalidPathQuery(f"{name} must be at most {most}, not {value}")


#: Each constraint's value when it is not set; heterogeneous, as PathQuery's fields are.
_UNSET: dict[str, Any] = {
    "as_of": None,
    "relations": (),
    "exclude_relations": (),
    "polarities": (),
    "min_confidence": None,
    "via": (),
    "avoid": (),
    "directed": False,
    "max_hops": None,
    "exclude_disputed": False,
    "origin": None,
}


@dataclass(frozen=True)
class PathReport:
    """The answer to a PathQuery: the resolved actors and the paths found, best first.

    ``truncated`` says that more paths than ``query.max_paths`` exist: ``paths`` holds the
    shortest ones (ranked by evidence among themselves with ``rank="evidence"``).
    """

    query: PathQuery
    source: Actor
    target: Actor
    paths: list[ActorPath] = field(default_factory=list)
    truncated: bool = False

    def headline(self) -> str:
        """``Iran → Hassan Nasrallah as of 2024-09-01: 2 shortest paths``."""
        count = len(self.paths)
        kind = {"shortest": "shortest path", "all": "path", "k": "best path"}[self.query.method]
        when = f" as of {self.query.as_of}" if self.query.as_of else ""
        return f"{self.source.label} → {self.target.label}{when}: {count} {kind}{'s' if count != 1 else ''}"

    def __str__(self) -> str:
        return "\n".join([self.headline(), *(f"  {p.sign} {p.chain()}" for p in self.paths)])

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(f'{p.sign} {p.chain()}')}</li>" for p in self.paths)
        return f"<p>{html.escape(self.headline())}</p><ol>{items}</ol>"

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.source.label,
            "to": self.target.label,
            "as_of": self.query.as_of,
            "method": self.query.method,
            "paths": [p.to_dict() for p in self.paths],
            "truncated": self.truncated,
        }


def connect(graph: Graph | Projection, query: PathQuery, engine: str = "auto") -> PathReport:
    """Find the paths *query* asks for in *graph*, or raise NoPath saying what cut them off.

    ``engine`` is "compact" (search on the projection's edge columns with rustworkx, never
    building a NetworkX graph: what makes a cold ``actorgraph path`` quick on a million
    triples), "networkx" (the reference) or "auto": compact for shortest and all simple paths,
    NetworkX for Yen's k shortest and for --via.

    >>> from actorgraph import store
    >>> report = connect(store.load(), PathQuery("Iran", "Nasrallah"))
    >>> for path in report.paths:
    ...     print(path.sign, path.chain(), "/", path.sign_phrase)
    + Iran —backs→ Hezbollah ←leads— Hassan Nasrallah / a leader of a protégé of Iran
    + Iran —attacked→ Israel —killed→ Hassan Nasrallah / an enemy of an enemy of Iran
    """
    query.check()
    if engine not in ENGINES:
        raise InvalidPathQuery(f"unknown engine {engine!r} — expected one of {', '.join(ENGINES)}")
    projection = graph if isinstance(graph, Projection) else Projection.from_graph(graph)
    source, target = projection.index.resolve(query.source), projection.index.resolve(query.target)
    if source.iri == target.iri:
        raise InvalidPathQuery(f"{source.label!r} is both ends of the path: name two different actors")
    context = _Context(projection, engine)
    paths = context.search(query, str(source.iri), str(target.iri))
    if not paths:
        raise _explain(context, query, source, target)
    # A search returns one path more than max_paths when there are more.
    return PathReport(query, source, target, paths[: query.max_paths], truncated=len(paths) > query.max_paths)


class _Context:
    """Runs a query, and its relaxed variants when explaining a miss, on one projection."""

    def __init__(self, projection: Projection, engine: str) -> None:
        self.projection = projection
        self.engine = engine

    def search(self, query: PathQuery, source: str, target: str) -> list[ActorPath]:
        edge_filter = make_filter(
            self.projection.vocabulary,
            self.projection.index,
            relations=query.relations,
            exclude_relations=query.exclude_relations,
            polarities=query.polarities,
            min_confidence=query.min_confidence,
            avoid=query.avoid,
            exclude_disputed=query.exclude_disputed,
            origin=query.origin,
        )
        if {source, target} & edge_filter.avoid:
            raise InvalidPathQuery("an actor cannot be both an end of the path and avoided")
        via = [str(self.projection.index.resolve(name).iri) for name in query.via]
        compact = query.method in ("shortest", "all") and not via
        if self.engine == "compact" and not compact:
            raise InvalidPathQuery("the compact engine finds shortest and all simple paths, not ones through `via`")
        if self.engine == "networkx" or not compact:
            network = filter_network(self.projection.at(query.as_of), edge_filter)
            return find_paths(
                network, source, target, method=query.method, k=query.k, max_hops=query.max_hops,
                directed=query.directed, via=via, rank=query.rank, max_paths=query.max_paths + 1,
            )  # fmt: skip
        columns = CompactNetwork(self.projection, edge_filter, as_day(query.as_of), query.directed)
        return columns.find_paths(source, target, query.method, query.max_hops, query.rank, query.max_paths + 1)


class CompactNetwork:
    """The projection's edges that a query admits, searched with rustworkx on actor positions.

    Equivalent to ``find_paths`` on the NetworkX network cut to *day* and filtered by
    *edge_filter* (the tests compare the two), but it reads only integer columns, and the
    claims of the edges on the paths it returns.
    """

    def __init__(self, projection: Projection, edge_filter: EdgeFilter, day: date | None, directed: bool) -> None:
        self.projection, self.edge_filter, self.day, self.directed = projection, edge_filter, day, directed
        self.edges = self._admitted()
        self._read: dict[int, dict[str, Any]] = {}

    def _admitted(self) -> Sequence[int]:
        columns, edge_filter = self.projection.edges, self.edge_filter
        if edge_filter.is_empty() and self.day is None:
            return range(len(columns))
        relations = {key for key, attributes in columns.attributes.items() if admits(edge_filter, attributes)}
        position = self.projection.actors.position
        avoid = {position[iri] for iri in edge_filter.avoid if iri in position}
        day = self.day.toordinal() if self.day else None
        minimum, undisputed, origin = edge_filter.min_confidence, edge_filter.exclude_disputed, edge_filter.origin
        spans = columns.spans if day is not None or minimum or undisputed else None
        # Origin alone is decided per edge from its claims' origins, without reading the spans.
        of_origin = (
            {k for k in set(columns.origins) if any(origin in origins_of(o) for o in k.split())} if origin else set()
        )
        kept = []
        for e, (u, v, key) in enumerate(zip(columns.subjects, columns.objects, columns.relations, strict=True)):
            if key not in relations or u in avoid or v in avoid:
                continue
            if origin and columns.origins[e] not in of_origin:
                continue
            if spans is None or any(_holds(span, day, minimum, undisputed, origin) for span in spans[e]):
                kept.append(e)
        return kept

    @functools.cached_property
    def graph(self) -> rx.PyGraph | rx.PyDiGraph:
        import rustworkx as rx

        columns = self.projection.edges
        subjects, objects = columns.subjects, columns.objects
        # Each pair once and no loops, so the graph need not look for parallel edges.
        if self.directed:
            symmetric = {key for key, attributes in columns.attributes.items() if attributes["symmetric"]}
            arcs = {(subjects[e], objects[e]) for e in self.edges}
            arcs |= {(objects[e], subjects[e]) for e in self.edges if columns.relations[e] in symmetric}
            pairs = [(u, v) for u, v in arcs if u != v]
        elif isinstance(self.edges, range):
            pairs = list(zip(*columns.linked, strict=True))
        else:
            pairs = list({(min(u, v), max(u, v)) for u, v in ((subjects[e], objects[e]) for e in self.edges) if u != v})
        graph = rx.PyDiGraph() if self.directed else rx.PyGraph()
        graph.add_nodes_from(range(len(self.projection.actors.iris)))
        graph.add_edges_from_no_data(pairs)
        return graph

    def find_paths(
        self, source: str, target: str, method: str, max_hops: int | None, rank: str, max_paths: int = MAX_PATHS
    ) -> list[ActorPath]:
        position = self.projection.actors.position
        s, t = position[source], position[target]
        if method == "shortest":
            found = self.shortest(s, t, max_hops)
        else:
            found = self.all_simple(s, t, max_hops or DEFAULT_MAX_HOPS, max_paths)
        paths = self.explain(found)
        if rank == "evidence":
            paths.sort(key=lambda p: (p.weakest, -p.thinnest, p.length, p.labels))
        return paths

    def _order(self, node: int) -> tuple[str, str]:
        return self.projection.actors.labels[node], self.projection.actors.iris[node]

    def shortest(self, s: int, t: int, limit: int | None) -> list[list[int]]:
        """The first MAX_SHORTEST shortest paths in order of their actors' labels."""
        forward = self._distances(self.graph, s)
        if t not in forward or (limit and forward[t] > limit):
            return []
        length = forward[t]
        backward = self._distances(self.reversed if self.directed else self.graph, t)
        found: list[list[int]] = []

        def extend(path: list[int]) -> None:
            node = path[-1]
            if node == t:
                found.append(list(path))
                return
            depth = len(path)
            steps = [m for m in self._next(node) if forward.get(m) == depth and backward.get(m) == length - depth]
            for step in sorted(set(steps), key=self._order):
                if len(found) == MAX_SHORTEST:
                    return
                path.append(step)
                extend(path)
                path.pop()

        extend([s])
        return found

    @functools.cached_property
    def reversed(self) -> rx.PyGraph | rx.PyDiGraph:
        """The graph with every arc turned around, to measure distances to a target (an undirected
        graph is its own reverse)."""
        import rustworkx as rx

        turned = self.graph.copy()
        if isinstance(turned, rx.PyDiGraph):
            turned.reverse()
        return turned

    def _next(self, node: int) -> Sequence[int]:
        graph = self.graph
        return graph.successor_indices(node) if self.directed else graph.neighbors(node)  # type: ignore[union-attr]

    @staticmethod
    def _distances(graph: rx.PyGraph | rx.PyDiGraph, start: int) -> dict[int, int]:
        """Breadth-first distances from *start*, computed by rustworkx."""
        import rustworkx as rx

        return {node: depth for depth, layer in enumerate(rx.bfs_layers(graph, [start])) for node in layer}

    def all_simple(self, s: int, t: int, max_hops: int, max_paths: int = MAX_PATHS) -> list[list[int]]:
        """The first *max_paths* simple paths of up to *max_hops* hops, shortest first, then by labels."""
        graph, nodes = self._around(s, t, (max_hops + 1) // 2)
        if nodes is None:
            to_target = self._distances(self.reversed if self.directed else graph, t)
            found = simple_paths_by_length(self._next, self._order, s, t, max_hops, to_target)
            return list(itertools.islice(found, max_paths))
        # The part around the ends numbers its actors from 0: *nodes* maps them back.
        local = {node: i for i, node in enumerate(nodes)}
        to_target = self._distances(graph, local[t])
        actors = self.projection.actors
        order = functools.partial(_local_order, nodes, actors.labels, actors.iris)
        found = simple_paths_by_length(graph.neighbors, order, local[s], local[t], max_hops, to_target)
        return [[nodes[i] for i in path] for path in itertools.islice(found, max_paths)]

    #: The share of the network's links a search may look at to cut out the part around its
    #: ends; past it, building the whole graph in rustworkx is cheaper.
    NEAR_SHARE = 0.125

    def _around(self, s: int, t: int, radius: int) -> tuple[rx.PyGraph | rx.PyDiGraph, list[int] | None]:
        """The graph to search for paths of up to 2 × *radius* hops between *s* and *t*.

        Each actor on such a path is within *radius* of one end, and each of its links has an
        end nearer than that, so the links of the actors nearer than *radius* are enough.
        Returns that part of the network with its actors (positions in the projection), or,
        when it would take more than NEAR_SHARE of the links to find, the whole graph and None.
        """
        if self.directed or not isinstance(self.edges, range):
            return self.graph, None
        import rustworkx as rx

        offsets, neighbours = self.projection.edges.adjacency
        budget = len(neighbours) * self.NEAR_SHARE
        near, layer, expanded, links = {s, t}, [s, t], set(), []
        for _ in range(radius):
            budget -= sum(offsets[n + 1] - offsets[n] for n in layer)
            if budget < 0:
                return self.graph, None
            following = []
            for node in layer:
                expanded.add(node)
                for other in neighbours[offsets[node] : offsets[node + 1]]:
                    if other not in expanded:  # else the link was taken from the other side
                        links.append((node, other))
                    if other not in near:
                        near.add(other)
                        following.append(other)
            layer = following
        nodes = sorted(near)
        local = {node: i for i, node in enumerate(nodes)}
        part = rx.PyGraph()
        part.add_nodes_from(nodes)
        part.add_edges_from_no_data([(local[u], local[v]) for u, v in links])
        return part, nodes

    def explain(self, node_paths: list[list[int]]) -> list[ActorPath]:
        """Each path hop by hop, reading the claims of its edges only (once per edge)."""
        wanted = {pair for nodes in node_paths for a, b in itertools.pairwise(nodes) for pair in ((a, b), (b, a))}
        columns = self.projection.edges
        between: dict[tuple[int, int], list[int]] = {}
        for e in self.edges:
            pair = (columns.subjects[e], columns.objects[e])
            if pair in wanted:
                between.setdefault(pair, []).append(e)
        iris, labels = self.projection.actors.iris, self.projection.actors.labels
        hops: dict[tuple[int, int], Hop] = {}
        for a, b in {pair for nodes in node_paths for pair in itertools.pairwise(nodes)}:
            options = [(self._edge(e), "forward") for e in between.get((a, b), [])]
            options += [
                (data, "backward")
                for data in map(self._edge, between.get((b, a), []))
                if not self.directed or data["symmetric"]
            ]
            hops[a, b] = _hop_of(options, iris[a], iris[b], labels[a], labels[b])
        return [
            ActorPath(tuple(iris[n] for n in nodes), tuple(hops[pair] for pair in itertools.pairwise(nodes)))
            for nodes in node_paths
        ]

    def _edge(self, edge: int) -> dict[str, Any]:
        """An edge's attributes with the claims the query admits; each edge is read once."""
        if edge not in self._read:
            columns = self.projection.edges
            claims: Sequence[Claim] = columns.claims(edge)
            day, edge_filter = self.day, self.edge_filter
            if day or edge_filter.min_confidence or edge_filter.exclude_disputed or edge_filter.origin:
                claims = [c for c in claims if (not day or c.in_force_on(day)) and edge_filter.keeps(c)]
            self._read[edge] = {**columns.attributes[columns.relations[edge]], "claims": claims}
        return self._read[edge]


def _local_order(nodes: list[int], labels: Sequence[str], iris: Sequence[str], node: int) -> tuple[str, str]:
    return labels[nodes[node]], iris[nodes[node]]


def _holds(span: Span, day: int | None, minimum: Any, undisputed: bool, origin: str | None) -> bool:
    first, last, reliability, credibility, disputed, key = span
    if day is not None and ((first and day < first) or (last and day > last)):
        return False
    if (undisputed and disputed) or (origin is not None and origin not in origins_of(key)):
        return False
    return minimum is None or minimum.admits(reliability, credibility)


def find_paths(
    network: nx.MultiDiGraph,
    source: str,
    target: str,
    method: str = "shortest",
    k: int = 3,
    max_hops: int | None = None,
    directed: bool = False,
    via: list[str] | None = None,
    rank: str = "length",
    max_paths: int = MAX_PATHS,
) -> list[ActorPath]:
    """Paths from *source* to *target* (actor IRIs) in an already projected and filtered network.

    ``method`` is "shortest" (every shortest path, up to 10), "all" (every simple path up to
    ``max_hops``, default 4) or "k" (the *k* shortest simple paths, Yen's algorithm). Undirected
    by default: a path may walk a relation against its direction. ``directed=True`` follows
    claims forward only (symmetric relations both ways). ``via`` actors must all be on the path.
    ``rank="evidence"`` orders paths by their weakest hop's best rating, then by the fewest
    sources behind any hop, then by length. "all" returns the *max_paths* shortest paths at most.
    """
    if source not in network or target not in network:
        return []
    if method == "shortest" and not via and not directed:
        # Breadth-first search needs no merged copy of the graph: an undirected view will do.
        node_paths = _shortest(network.to_undirected(as_view=True), source, target, max_hops)
    else:
        simple = simple_view(network, directed)
        node_paths = _node_paths(simple, source, target, method, k, max_hops, via or [], max_paths)
    paths = [_explain_path(network, nodes, directed) for nodes in node_paths]
    if rank == "evidence":
        paths.sort(key=lambda p: (p.weakest, -p.thinnest, p.length, p.labels))
    return paths


def _node_paths(
    simple: nx.Graph,
    source: str,
    target: str,
    method: str,
    k: int,
    max_hops: int | None,
    via: list[str],
    max_paths: int,
) -> list[list[str]]:
    import networkx as nx

    if not nx.has_path(simple, source, target):
        return []
    limit = max_hops or (DEFAULT_MAX_HOPS if method == "all" else None)
    if method == "all":
        hops = limit or DEFAULT_MAX_HOPS
        backward = simple.reverse(copy=False) if simple.is_directed() else simple
        to_target = nx.single_source_shortest_path_length(backward, target, cutoff=hops)
        found = simple_paths_by_length(
            simple.neighbors, lambda n: (simple.nodes[n]["label"], n), source, target, hops, to_target
        )
        return list(itertools.islice((p for p in found if _passes(p, via)), max_paths))
    if method == "shortest" and not via:
        return _shortest(simple, source, target, limit)
    candidates = _by_length(simple, source, target, via, limit)
    if method == "k":
        return list(itertools.islice(candidates, k))
    first = next(candidates, None)
    if first is None:
        return []
    ties = itertools.takewhile(lambda p: len(p) == len(first), candidates)
    return [first, *itertools.islice(ties, MAX_SHORTEST - 1)]


def _shortest(graph: nx.Graph, source: str, target: str, limit: int | None) -> list[list[str]]:
    """Every shortest path (up to MAX_SHORTEST), in order of their actors' labels."""
    import networkx as nx

    if not nx.has_path(graph, source, target):
        return []
    found = [p for p in nx.all_shortest_paths(graph, source, target) if not limit or len(p) - 1 <= limit]
    return heapq.nsmallest(MAX_SHORTEST, found, key=lambda p: [(graph.nodes[n]["label"], n) for n in p])


def simple_paths_by_length(
    following: Callable[[Node], Iterable[Node]],
    order: Callable[[Node], Any],
    source: Node,
    target: Node,
    max_hops: int,
    to_target: Mapping[Node, int],
) -> Iterator[list[Node]]:
    """The simple paths from *source* to *target* of at most *max_hops* hops, one at a time:
    shortest first, those of one length in the order of their actors' *order* keys.

    Lazy, so a caller takes as many as it wants in memory proportional to them. Each length is a
    depth-first search that only steps to an actor from which *target* is near enough
    (*to_target*: its distance from each actor within *max_hops*).

    >>> import networkx as nx
    >>> g = nx.cycle_graph(["a", "b", "c", "d"])
    >>> list(simple_paths_by_length(g.neighbors, str, "a", "c", 3, {"c": 0, "b": 1, "d": 1, "a": 2}))
    [['a', 'b', 'c'], ['a', 'd', 'c']]
    """
    ordered: dict[Node, list[Node]] = {}

    def steps(node: Node) -> list[Node]:
        if node not in ordered:
            ordered[node] = sorted(set(following(node)), key=order)
        return ordered[node]

    def extend(path: list[Node], on_path: set[Node], left: int) -> Iterator[list[Node]]:
        for step in steps(path[-1]):
            if step == target:
                if left == 1:
                    yield [*path, step]
            elif step not in on_path and to_target.get(step, max_hops + 1) < left:
                path.append(step)
                on_path.add(step)
                yield from extend(path, on_path, left - 1)
                on_path.discard(step)
                path.pop()

    if source not in to_target:
        return
    for length in range(max(to_target[source], 1), max_hops + 1):
        yield from extend([source], {source}, length)


def _by_length(simple: nx.Graph, source: str, target: str, via: list[str], limit: int | None) -> Iterator[list[str]]:
    """Simple paths in order of length (Yen), with the via actors on them, up to *limit* hops."""
    import networkx as nx

    for searched, path in enumerate(nx.shortest_simple_paths(simple, source, target), start=1):
        if (limit and len(path) - 1 > limit) or (via and searched > MAX_VIA_SEARCH):
            return
        if _passes(path, via):
            yield path


def _passes(path: list[str], via: list[str]) -> bool:
    return all(v in path for v in via)


def _explain_path(network: nx.MultiDiGraph, nodes: list[str], directed: bool) -> ActorPath:
    return ActorPath(tuple(nodes), tuple(_hop(network, a, b, directed) for a, b in itertools.pairwise(nodes)))


def _hop(network: nx.MultiDiGraph, a: str, b: str, directed: bool) -> Hop:
    options = [(data, "forward") for data in network.get_edge_data(a, b, default={}).values()]
    options += [
        (data, "backward")
        for data in network.get_edge_data(b, a, default={}).values()
        if not directed or data["symmetric"]
    ]
    return _hop_of(options, a, b, network.nodes[a]["label"], network.nodes[b]["label"])


def _hop_of(options: list[tuple[dict[str, Any], str]], a: str, b: str, a_label: str, b_label: str) -> Hop:
    """The hop from *a* to *b* over its edges (attributes and direction); the best-backed leads."""
    options.sort(key=lambda option: (-len(option[0]["claims"]), option[1] != "forward", option[0]["relation"]))
    main, direction = options[0]
    return Hop(
        source=a,
        target=b,
        source_label=a_label,
        target_label=b_label,
        relation=main["relation"],
        relation_label=main["label"],
        relation_iri=main["relation_iri"],
        direction=direction,
        polarity=main["polarity"],
        symmetric=main["symmetric"],
        relations=tuple(dict.fromkeys(data["relation"] for data, _ in options)),
        claims=tuple(claim for data, _ in options for claim in data["claims"]),
        polarities=frozenset(data["polarity"] for data, _ in options),
    )


def _explain(context: _Context, query: PathQuery, source: Actor, target: Actor) -> NoPath:
    """Why there is no path: which single constraint, when dropped, lets one through."""
    constraints = query.constraints()
    blockers = {}
    for name in constraints:
        relaxed = replace(query, **{name: _UNSET[name]})
        try:
            found = context.search(relaxed, str(source.iri), str(target.iri))
        except ActorgraphError:
            continue
        if found:
            blockers[name] = found[0].length
    return NoPath(source.label, target.label, constraints, blockers)
