"""Network analysis of the actor network: ego networks, centrality, blocs, structural balance, timelines.

Every function takes the MultiDiGraph that :func:`actorgraph.network.build_network` projects
(``as_of=`` for the network in force on a day, :func:`actorgraph.network.filter_network` for a
subset of relations, polarities or confidence), so dates, filters and evidence mean the same in
every analysis. Results are dataclasses with ``to_dict()`` for JSON. Actors are given as an IRI
of the network or as a name (label, alias, or a word only one actor has).

>>> from actorgraph import store
>>> from actorgraph.network import build_network
>>> network = build_network(store.load())
>>> [(s.rank, s.actor.label, s.score) for s in centrality(network, by="degree", top=3).scores]
[(1, 'Israel', 15), (2, 'Hezbollah', 9), (3, 'Benjamin Netanyahu', 6), (3, 'Hamas', 6), (3, 'United States', 6)]
"""

from __future__ import annotations

import builtins
import functools
import heapq
import importlib.util
import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef

from actorgraph import frustration as frustration_ip
from actorgraph.actors import Actor, ActorIndex
from actorgraph.claims import Claim
from actorgraph.dates import PartialDate
from actorgraph.errors import InvalidAnalysis, UnknownMethod
from actorgraph.network import EdgeFilter, build_network, edge_sign, filter_network, simple_view
from actorgraph.paths import MAX_HOPS
from actorgraph.text import fold
from actorgraph.vocabulary import local_name

#: The ``by=`` choices of :func:`centrality`.
CENTRALITY_METHODS = ("degree", "betweenness", "pagerank", "eigenvector")
#: The ``method=`` choices of :func:`communities`.
COMMUNITY_METHODS = ("louvain", "greedy")
#: How each centrality reads the network; every one is unweighted on the merged simple view.
CENTRALITY_VIEWS = {
    "degree": "directed, ties merged per pair and direction, unweighted: in, out and total",
    "betweenness": "undirected, ties merged per pair, unweighted, normalized",
    "pagerank": "directed, ties merged per pair and direction, unweighted, damping 0.85",
    "eigenvector": "undirected, ties merged per pair, unweighted, unit length",
}
#: The polarities of the ties that make a bloc of allies.
ALLIED_POLARITIES = frozenset({"cooperative", "structural"})
#: The ``method=`` choices of :func:`balance`: the binary program, or the enumeration and local search it replaced.
BALANCE_METHODS = ("milp", "enumeration")
#: The largest biconnected block the ``enumeration`` method solves exactly (2**(n-1) two-colourings).
EXACT_LIMIT = 22
#: The largest biconnected block whose actors are each tested for another camp (one program per actor).
SWING_LIMIT = 30


# --- actors -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorRef:
    """An actor of the network as results show it."""

    iri: str
    label: str
    type: str

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "type": self.type, "iri": self.iri}


def _ref(network: nx.MultiDiGraph, node: str) -> ActorRef:
    data = network.nodes[node]
    return ActorRef(node, data.get("label") or local_name(node), data.get("type") or "")


@functools.lru_cache(maxsize=1 << 16)
def _folded(label: str) -> str:
    return fold(label)


def _order(ref: ActorRef) -> tuple[str, str]:
    return _folded(ref.label), ref.iri


def _refs(network: nx.MultiDiGraph, nodes: Iterable[str]) -> tuple[ActorRef, ...]:
    return tuple(sorted((_ref(network, n) for n in nodes), key=_order))


def _node(network: nx.MultiDiGraph, actor: str) -> str:
    """The node of *actor*: an IRI of the network, or a name resolved as everywhere else."""
    if actor in network:
        return actor
    actors = [
        Actor(URIRef(n), d.get("label") or local_name(n), d.get("type") or "", tuple(d.get("aliases") or ()))
        for n, d in network.nodes(data=True)
    ]
    return str(ActorIndex(actors).resolve(actor).iri)


def _choice(value: str, choices: Sequence[str], family: str) -> str:
    wanted = value.strip().lower()
    if wanted not in choices:
        raise UnknownMethod(value, list(choices), family)
    return wanted


def _at_least_one(value: int | None, name: str) -> None:
    if value is not None and value < 1:
        raise InvalidAnalysis(f"{name} must be at least 1, not {value}")


# --- neighbors --------------------------------------------------------------------------------

_ARROWS = {"out": "→", "both": "↔", "in": "←"}


@dataclass(frozen=True)
class RelationGroup:
    """The actors tied to the ego by one relation in one direction, with their claim counts.

    ``direction`` is ``out`` when the ego is the subject ("Iran backs →"), ``in`` when it is the
    object ("backs ← Iran") and ``both`` for a symmetric relation ("at war with ↔").
    """

    relation: str
    label: str
    polarity: str
    direction: str
    actors: tuple[tuple[ActorRef, int], ...]

    @property
    def arrow(self) -> str:
        return _ARROWS[self.direction]

    @property
    def claims(self) -> int:
        return sum(count for _, count in self.actors)

    def to_dict(self) -> dict[str, object]:
        return {
            "relation": self.relation,
            "label": self.label,
            "polarity": self.polarity,
            "direction": self.direction,
            "claims": self.claims,
            "actors": [{**a.to_dict(), "claims": count} for a, count in self.actors],
        }


@dataclass(frozen=True)
class Reached:
    """An actor of the ego network, its distance in hops and the actors one hop nearer it is reached through."""

    actor: ActorRef
    distance: int
    via: tuple[ActorRef, ...]

    def to_dict(self) -> dict[str, object]:
        return {**self.actor.to_dict(), "distance": self.distance, "via": [v.label for v in self.via]}


@dataclass(frozen=True)
class EgoNetwork:
    """An actor, its ties grouped by relation and direction, and every actor within ``hops``."""

    actor: ActorRef
    hops: int
    as_of: str | None
    groups: tuple[RelationGroup, ...]
    reached: tuple[Reached, ...]

    def at(self, distance: int) -> list[Reached]:
        return [r for r in self.reached if r.distance == distance]

    def to_dict(self) -> dict[str, object]:
        return {
            "actor": self.actor.to_dict(),
            "hops": self.hops,
            "as_of": self.as_of,
            "relations": [g.to_dict() for g in self.groups],
            "actors": [r.to_dict() for r in self.reached],
        }


def neighbors(network: nx.MultiDiGraph, actor: str, hops: int = 1) -> EgoNetwork:
    """The ego network of *actor*: its ties by relation, and every actor within *hops*.

    Distances are counted on the undirected network, so "Iran backs Hezbollah" puts each one
    hop from the other. Direct ties are grouped by relation and direction with their claim
    counts; farther actors come with the actors one hop nearer that they are reached through.

    Parameters
    ----------
    network : nx.MultiDiGraph
        The actor network, from :func:`actorgraph.network.build_network`.
    actor : str
        An actor IRI or name.
    hops : int, default 1
        How far to go, from 1 to ``paths.MAX_HOPS``.

    Returns
    -------
    EgoNetwork
        ``groups`` (direct ties by relation and direction) and ``reached`` (every actor within
        *hops*, nearest first, then by label).

    Raises
    ------
    UnknownActor, AmbiguousActor
        When *actor* names no actor, or several.
    InvalidAnalysis
        When *hops* is below 1 or above ``paths.MAX_HOPS``.

    Examples
    --------
    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> ego = neighbors(build_network(store.load()), "Nasrallah", hops=2)
    >>> [(g.label, g.arrow, [a.label for a, _ in g.actors]) for g in ego.groups]
    [('killed', '←', ['Israel']), ('leads', '→', ['Hezbollah'])]
    >>> [(r.actor.label, [v.label for v in r.via]) for r in ego.at(2)][:2]
    [('Ali Khamenei', ['Israel']), ('Benjamin Netanyahu', ['Hezbollah', 'Israel'])]
    """
    _at_least_one(hops, "hops")
    if hops > MAX_HOPS:
        raise InvalidAnalysis(f"hops must be at most {MAX_HOPS}, not {hops}")
    ego = _node(network, actor)
    view = network.to_undirected(as_view=True)  # only the ego's neighbourhood is visited
    distances = nx.single_source_shortest_path_length(view, ego, cutoff=hops)
    reached = [
        Reached(_ref(network, n), d, _refs(network, (p for p in view[n] if distances.get(p) == d - 1)))
        for n, d in distances.items()
        if d > 0
    ]
    reached.sort(key=lambda r: (r.distance, *_order(r.actor)))
    return EgoNetwork(_ref(network, ego), hops, network.graph.get("as_of"), _groups(network, ego), tuple(reached))


def _groups(network: nx.MultiDiGraph, ego: str) -> tuple[RelationGroup, ...]:
    ties = [(v, data, "out") for _, v, data in network.out_edges(ego, data=True)]
    ties += [(u, data, "in") for u, _, data in network.in_edges(ego, data=True)]
    counts: dict[tuple[str, str], dict[str, int]] = {}
    edges: dict[tuple[str, str], dict[str, object]] = {}
    for other, data, direction in ties:
        if other == ego:
            continue
        key = (data["relation"], "both" if data["symmetric"] else direction)
        edges[key] = data
        per_actor = counts.setdefault(key, {})
        per_actor[other] = per_actor.get(other, 0) + len(data["claims"])
    groups = [
        RelationGroup(
            relation=relation,
            label=str(edges[relation, direction]["label"]),
            polarity=str(edges[relation, direction]["polarity"]),
            direction=direction,
            actors=tuple(sorted(((_ref(network, n), c) for n, c in per_actor.items()), key=lambda x: _order(x[0]))),
        )
        for (relation, direction), per_actor in counts.items()
    ]
    return tuple(sorted(groups, key=lambda g: (fold(g.label), list(_ARROWS).index(g.direction))))


# --- centrality -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """An actor's place in a ranking; degree rankings also carry in- and out-degree."""

    rank: int
    actor: ActorRef
    score: float
    in_degree: int | None = None
    out_degree: int | None = None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"rank": self.rank, **self.actor.to_dict(), "score": self.score}
        if self.in_degree is not None:
            data.update({"in": self.in_degree, "out": self.out_degree})
        return data


@dataclass(frozen=True)
class Ranking:
    """Actors ranked by one centrality, highest first, with notes on how to read the scores."""

    by: str
    as_of: str | None
    scores: tuple[Score, ...]
    notes: tuple[str, ...] = ()

    @property
    def view(self) -> str:
        return CENTRALITY_VIEWS[self.by]

    def to_dict(self) -> dict[str, object]:
        return {
            "by": self.by,
            "view": self.view,
            "as_of": self.as_of,
            "notes": list(self.notes),
            "scores": [s.to_dict() for s in self.scores],
        }

    def to_pandas(self) -> Any:
        """The scores as a DataFrame: rank, label, type, IRI, score (and in, out for degree)."""
        from actorgraph.frames import data_frame

        degrees = ("in", "out") if self.by == "degree" else ()
        return data_frame((s.to_dict() for s in self.scores), ("rank", "label", "type", "iri", "score", *degrees))


def centrality(network: nx.MultiDiGraph, by: str = "degree", top: int | None = None, max_iter: int = 1000) -> Ranking:
    """Rank actors by a centrality, highest first; tied actors share a rank.

    Every method reads the network with parallel ties merged (one tie per pair, and per
    direction when directed) and unweighted: ten claims of one relation count as one tie, so
    heavily reported pairs do not dominate.

    - ``degree``: directed; in-degree (actors with a tie to it), out-degree (actors it has a tie
      to) and their sum, which ranks. A symmetric relation counts both ways.
    - ``betweenness``: undirected, normalized; how often an actor lies on the shortest paths
      between two others (the broker).
    - ``pagerank``: directed; an actor scores high when relations point at it from actors that
      are themselves pointed at (the target, the backed, the led).
    - ``eigenvector``: undirected, unit length as in NetworkX; an actor scores high when tied to
      actors that score high. On a disconnected network the leading eigenvector lives on the
      component with the largest leading eigenvalue and actors elsewhere score 0: a note says so.

    Parameters
    ----------
    network : nx.MultiDiGraph
        The actor network.
    by : str, default "degree"
        One of :data:`CENTRALITY_METHODS`.
    top : int, optional
        Keep the first *top* ranks, and any actor tied with the last one kept.
    max_iter : int, default 1000
        Iteration cap for pagerank and eigenvector.

    Returns
    -------
    Ranking
        ``scores`` highest first (ties by label), scores rounded to 6 decimals.

    Raises
    ------
    UnknownMethod
        When *by* is not a known method (the message lists them).
    InvalidAnalysis
        When *top* is below 1, or pagerank or eigenvector did not converge in *max_iter*.

    Examples
    --------
    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> network = build_network(store.load())
    >>> [(s.rank, s.actor.label, s.in_degree, s.out_degree) for s in centrality(network, top=2).scores]
    [(1, 'Israel', 10, 5), (2, 'Hezbollah', 7, 2)]
    >>> [(s.actor.label, s.score) for s in centrality(network, by="betweenness", top=2).scores]
    [('Israel', 0.453119), ('Hamas', 0.183918)]
    """
    method = _choice(by, CENTRALITY_METHODS, "centrality")
    _at_least_one(top, "top")
    _at_least_one(max_iter, "max_iter")
    view = simple_view(network, directed=method in ("degree", "pagerank"))
    values, notes = _SCORERS[method](view, max_iter)
    ordered = sorted(view, key=lambda n: (-values[n], *_order(_ref(network, n))))
    scores: list[Score] = []
    for position, node in enumerate(ordered, start=1):
        rank = scores[-1].rank if scores and scores[-1].score == values[node] else position
        if top is not None and rank > top:
            break
        extra = {"in_degree": view.in_degree(node), "out_degree": view.out_degree(node)} if method == "degree" else {}
        scores.append(Score(rank, _ref(network, node), values[node], **extra))
    return Ranking(method, network.graph.get("as_of"), tuple(scores), notes)


_Scores = tuple[dict[str, float], tuple[str, ...]]
_TOLERANCE = 1e-10  # power iterations run well past the 6 decimals shown, so equal scores tie


def _degree(view: nx.DiGraph, max_iter: int) -> _Scores:
    return {n: view.in_degree(n) + view.out_degree(n) for n in view}, ()


def _betweenness(view: nx.Graph, max_iter: int) -> _Scores:
    return _rounded(betweenness(view)), ()


def betweenness(view: nx.Graph, engine: str = "auto") -> dict[str, float]:
    """Exact normalized betweenness of an undirected graph, by rustworkx when installed.

    NetworkX's exact algorithm is the reference (the tests compare the two); at ICEWS14 scale it
    takes tens of minutes where rustworkx, running Brandes' algorithm in Rust on every core,
    takes seconds.

    >>> g = nx.path_graph(["a", "b", "c"])
    >>> betweenness(g, engine="networkx") == betweenness(g, engine="rustworkx") == {"a": 0.0, "b": 1.0, "c": 0.0}
    True
    """
    if engine not in ("auto", "networkx", "rustworkx"):
        raise UnknownMethod(engine, ["auto", "networkx", "rustworkx"], "betweenness engine")
    if engine == "networkx" or (engine == "auto" and importlib.util.find_spec("rustworkx") is None):
        return nx.betweenness_centrality(view, normalized=True)
    import rustworkx as rx

    nodes = list(view.nodes)
    position = {node: i for i, node in enumerate(nodes)}
    compact = rx.PyGraph(multigraph=False)
    compact.add_nodes_from(range(len(nodes)))
    compact.add_edges_from_no_data([(position[u], position[v]) for u, v in view.edges])
    scores = rx.graph_betweenness_centrality(compact, normalized=True)
    return {nodes[i]: scores[i] for i in range(len(nodes))}


def _pagerank(view: nx.DiGraph, max_iter: int) -> _Scores:
    return _rounded(_converging("pagerank", nx.pagerank, view, max_iter=max_iter, tol=_TOLERANCE, weight=None)), ()


def _eigenvector(view: nx.Graph, max_iter: int) -> _Scores:
    parts = sorted(
        (view.subgraph(c).copy() for c in nx.connected_components(view) if len(c) > 1), key=len, reverse=True
    )
    best: dict[str, float] = {}
    best_value = 0.0
    for part in parts:
        vector = _converging("eigenvector", nx.eigenvector_centrality, part, max_iter=max_iter, tol=_TOLERANCE)
        value = 2 * sum(vector[u] * vector[v] for u, v in part.edges())  # the Rayleigh quotient: λ of the part
        if value > best_value + 1e-9:
            best, best_value = vector, value
    notes: tuple[str, ...] = ()
    if len(parts) > 1:
        notes = (
            f"the network has {len(parts)} components with ties: eigenvector scores are 0 outside the one "
            f"with the largest leading eigenvalue ({len(best)} actors)",
        )
    return _rounded({n: best.get(n, 0.0) for n in view}), notes


def _converging(
    name: str, algorithm: Callable[..., dict[str, float]], view: nx.Graph, **options: object
) -> dict[str, float]:
    try:
        return algorithm(view, **options)
    except nx.PowerIterationFailedConvergence:
        raise InvalidAnalysis(
            f"{name} did not converge in {options['max_iter']} iterations — raise max_iter or rank by another method"
        ) from None


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {n: round(v, 6) + 0.0 for n, v in values.items()}


_SCORERS = {"degree": _degree, "betweenness": _betweenness, "pagerank": _pagerank, "eigenvector": _eigenvector}


# --- communities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bloc:
    """A community: its members and the number of ties among them."""

    number: int
    members: tuple[ActorRef, ...]
    ties: int

    def to_dict(self) -> dict[str, object]:
        return {
            "bloc": self.number,
            "size": len(self.members),
            "ties": self.ties,
            "members": [m.to_dict() for m in self.members],
        }


@dataclass(frozen=True)
class Blocs:
    """The communities of a network, largest first, and the actors left without a tie."""

    method: str
    allied_only: bool
    seed: int | None
    resolution: float
    as_of: str | None
    modularity: float
    blocs: tuple[Bloc, ...]
    isolated: tuple[ActorRef, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "ties": "cooperative and structural" if self.allied_only else "all",
            "seed": self.seed,
            "resolution": self.resolution,
            "as_of": self.as_of,
            "modularity": self.modularity,
            "blocs": [b.to_dict() for b in self.blocs],
            "isolated": [a.to_dict() for a in self.isolated],
        }

    def to_pandas(self) -> Any:
        """The members as a DataFrame, one row per actor in a bloc: bloc, label, type, IRI."""
        from actorgraph.frames import data_frame

        rows = ({"bloc": b.number, **m.to_dict()} for b in self.blocs for m in b.members)
        return data_frame(rows, ("bloc", "label", "type", "iri"))


def communities(
    network: nx.MultiDiGraph,
    method: str = "louvain",
    seed: int | None = 42,
    all_edges: bool = False,
    resolution: float = 1.0,
) -> Blocs:
    """Blocs of actors: communities of the undirected network, by modularity.

    By default only cooperative and structural ties count (backing, defending, leading, being
    part of): hostility must not pull enemies into one bloc, so the blocs are alliance systems.
    With *all_edges* every tie counts and the communities are clusters of interaction, friend
    or foe. Ties are merged per pair and unweighted.

    Parameters
    ----------
    network : nx.MultiDiGraph
        The actor network.
    method : str, default "louvain"
        ``louvain`` (:func:`networkx.community.louvain_communities`, randomized: *seed* makes it
        reproducible) or ``greedy`` (Clauset–Newman–Moore, deterministic).
    seed : int, optional
        The random seed of Louvain.
    all_edges : bool, default False
        Use hostile and neutral ties too.
    resolution : float, default 1.0
        Below 1, fewer and larger blocs; above 1, more and smaller ones. Small, tree-like
        networks often have several partitions with the same best modularity, and the seed
        picks one: a lower resolution shows the coarser alliance systems.

    Returns
    -------
    Blocs
        Blocs largest first (ties by first member), members by label; actors with no tie of
        the kind used are listed in ``isolated``, not as blocs of one. ``modularity`` is that of
        the partition on the ties used, at resolution 1 so that runs compare (0.0 without ties).

    Raises
    ------
    UnknownMethod
        When *method* is not a known method.
    InvalidAnalysis
        When *resolution* is not positive.

    Examples
    --------
    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> network = build_network(store.load())
    >>> [len(b.members) for b in communities(network).blocs]
    [5, 5, 3, 2]
    >>> for bloc in communities(network, resolution=0.5).blocs:
    ...     print(", ".join(m.label for m in bloc.members))
    Ali Khamenei, Hamas, Hassan Nasrallah, Hezbollah, Iran, Ismail Haniyeh, Naim Qassem, Yahya Sinwar
    Benjamin Netanyahu, Daniel Hagari, France, Israel, Israel Defense Forces, Israeli authorities, United States
    """
    method = _choice(method, COMMUNITY_METHODS, "community")
    if not resolution > 0:
        raise InvalidAnalysis(f"resolution must be above 0, not {resolution}")
    used = network if all_edges else filter_network(network, EdgeFilter(polarities=ALLIED_POLARITIES))
    view = simple_view(used)
    tied = view.subgraph(n for n in view if view.degree(n) > 0).copy()
    parts = _detect(method, tied, seed, resolution) if tied.number_of_edges() else []
    modularity = nx.community.modularity(tied, parts, weight=None) if parts else 0.0
    members = sorted((_refs(network, part) for part in parts), key=lambda m: (-len(m), *_order(m[0])))
    blocs = tuple(Bloc(i, m, tied.subgraph(a.iri for a in m).number_of_edges()) for i, m in enumerate(members, 1))
    isolated = _refs(network, (n for n in view if n not in tied))
    as_of = network.graph.get("as_of")
    return Blocs(method, not all_edges, seed, resolution, as_of, round(modularity, 4), blocs, isolated)


def _detect(method: str, view: nx.Graph, seed: int | None, resolution: float) -> list[set[str]]:
    if method == "louvain":
        return nx.community.louvain_communities(view, weight=None, seed=seed, resolution=resolution)
    return [set(c) for c in nx.community.greedy_modularity_communities(view, weight=None, resolution=resolution)]


# --- structural balance -----------------------------------------------------------------------

#: Each actor's signed ties: (other actor, sign).
_Links = dict[str, list[tuple[str, int]]]


@dataclass(frozen=True)
class Evidence:
    """One relation behind a signed tie: who, what, whom, and how many claims."""

    subject: str
    label: str
    object: str
    polarity: str
    claims: int

    def __str__(self) -> str:
        return f"{self.subject} {self.label} {self.object} ({self.claims})"

    # The field `object` shadows the builtin in the class body.
    def to_dict(self) -> dict[str, builtins.object]:
        return {
            "subject": self.subject,
            "relation": self.label,
            "object": self.object,
            "polarity": self.polarity,
            "claims": self.claims,
        }


@dataclass(frozen=True)
class SignedTie:
    """The tie of a pair of actors, signed by the net polarity of every claim between them."""

    actors: tuple[ActorRef, ActorRef]
    sign: int
    evidence: tuple[Evidence, ...]

    @property
    def symbol(self) -> str:
        return "+" if self.sign > 0 else "-"

    def to_dict(self) -> dict[str, object]:
        return {
            "actors": [a.label for a in self.actors],
            "sign": self.sign,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Triad:
    """Three actors tied in pairs; balanced when the product of the three signs is positive."""

    actors: tuple[ActorRef, ActorRef, ActorRef]
    ties: tuple[SignedTie, SignedTie, SignedTie]

    @property
    def balanced(self) -> bool:
        return self.ties[0].sign * self.ties[1].sign * self.ties[2].sign > 0

    @property
    def signs(self) -> str:
        """The signs, positive first: ``+++`` and ``+--`` are balanced, ``++-`` and ``---`` not."""
        return "".join(sorted((t.symbol for t in self.ties), key="+-".index))

    def to_dict(self) -> dict[str, object]:
        return {
            "actors": [a.label for a in self.actors],
            "signs": self.signs,
            "balanced": self.balanced,
            "ties": [t.to_dict() for t in self.ties],
        }


@dataclass(frozen=True)
class Split:
    """The best split found of one connected part of the signed network into two camps.

    ``frustration`` is the number of ties against the split (positive ties across the camps,
    negative ties inside one); the part's frustration index lies between ``lower_bound`` and
    it, and is it when ``exact``. ``swing`` lists the actors whose camp, relative to the
    best-connected actor, is not the same in every optimal split: the data do not say which
    side they are on; the other actors' camps are the same in every optimal split. ``swing``
    is ``None`` where that was not examined (a split that is not exact, or a block above
    :data:`SWING_LIMIT` actors).
    """

    camps: tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]
    frustrated: tuple[SignedTie, ...]
    lower_bound: int
    swing: tuple[ActorRef, ...] | None = ()

    @property
    def frustration(self) -> int:
        return len(self.frustrated)

    @property
    def exact(self) -> bool:
        return self.lower_bound >= self.frustration

    def to_dict(self) -> dict[str, object]:
        return {
            "camps": [[a.label for a in camp] for camp in self.camps],
            "frustration": self.frustration,
            "lower_bound": self.lower_bound,
            "exact": self.exact,
            "swing": None if self.swing is None else [a.label for a in self.swing],
            "frustrated": [t.to_dict() for t in self.frustrated],
        }


@dataclass(frozen=True)
class Balance:
    """Structural balance of the signed network: its ties, triads, camps and frustration."""

    as_of: str | None
    ties: tuple[SignedTie, ...]
    unsigned_pairs: int
    triads: tuple[Triad, ...]
    splits: tuple[Split, ...]
    method: str = "milp"
    time_limit: float | None = None

    @property
    def balanced(self) -> list[Triad]:
        return [t for t in self.triads if t.balanced]

    @property
    def unbalanced(self) -> list[Triad]:
        return [t for t in self.triads if not t.balanced]

    @property
    def frustration(self) -> int:
        """The frustration index: exact when every split is, an upper bound otherwise."""
        return sum(s.frustration for s in self.splits)

    @property
    def lower_bound(self) -> int:
        """The proven lower bound of the frustration index (equal to it when ``exact``)."""
        return sum(s.lower_bound for s in self.splits)

    @property
    def exact(self) -> bool:
        return all(s.exact for s in self.splits)

    @property
    def index(self) -> float:
        """Aref & Wilson's normalized line index of balance, 1 - frustration / (ties / 2): 1 is balanced.

        "Measuring partial balance in signed networks" (J. Complex Networks 2018), F(G) = 1 - L(G) / (m / 2):
        m / 2 bounds the frustration index of any signed graph of m ties. A lower bound of the
        index when the frustration is only an upper bound.
        """
        return round(1 - self.frustration / (len(self.ties) / 2), 4) if self.ties else 1.0

    def to_dict(self) -> dict[str, object]:
        positive = sum(t.sign > 0 for t in self.ties)
        return {
            "as_of": self.as_of,
            "ties": {
                "positive": positive,
                "negative": len(self.ties) - positive,
                "unsigned_pairs": self.unsigned_pairs,
            },
            "triads": {"balanced": len(self.balanced), "unbalanced": len(self.unbalanced)},
            "frustration": self.frustration,
            "lower_bound": self.lower_bound,
            "exact": self.exact,
            "method": self.method,
            "time_limit": self.time_limit,
            "index": self.index,
            "splits": [s.to_dict() for s in self.splits],
            "unbalanced_triads": [t.to_dict() for t in self.unbalanced],
            "balanced_triads": [t.to_dict() for t in self.balanced],
        }

    def to_pandas(self) -> Any:
        """The signed ties as a DataFrame: the two actors, the sign (1 or -1) and the claims behind it."""
        from actorgraph.frames import data_frame

        rows = ({"actor": t.actors[0].label, "other": t.actors[1].label, "sign": t.sign,
                 "claims": sum(e.claims for e in t.evidence)}
                for t in self.ties)  # fmt: skip
        return data_frame(rows, ("actor", "other", "sign", "claims"))


def balance(
    network: nx.MultiDiGraph,
    method: str = "milp",
    time_limit: float | None = None,
    exact_limit: int = EXACT_LIMIT,
    seed: int = 42,
) -> Balance:
    """Structural balance of the signed network: balanced and unbalanced triads, camps, frustration.

    Structural balance (Heider 1946; Cartwright & Harary 1956) reads "the friend of my friend is
    my friend, the enemy of my enemy is my friend": a network is balanced when its actors split
    into two camps with every positive tie inside a camp and every negative tie across.

    The signed network has one undirected tie per pair of actors, whose sign is the net sign of
    every claim between them in either direction (cooperative and structural +1, hostile -1,
    each claim counting once; :func:`actorgraph.network.edge_sign`). Pairs with only neutral
    claims, or whose signs cancel out, have no sign and are left out (``unsigned_pairs``).

    A triad is a triangle of signed ties: balanced when the product of its signs is positive
    (``+++``, ``+--``), unbalanced otherwise (``++-``, ``---``).

    The frustration index (Aref & Wilson, "Measuring partial balance in signed networks",
    J. Complex Networks 2018) is the least number of ties whose sign conflicts with some split
    into two camps. It is additive over the biconnected blocks of the network (a cut actor can
    always be re-aligned), so each block is solved on its own, one of its actors' camps fixed.
    With ``method="milp"`` each block is solved exactly by Aref, Mason & Wilson's binary linear
    program (:mod:`actorgraph.frustration`, on HiGHS); then, in blocks of at most
    :data:`SWING_LIMIT` actors, each actor is tested for an optimal split with it in the other
    camp (``swing``). Past *time_limit* seconds (over the whole network), the best split found
    is kept with the proven lower bound, and ``exact`` is false.

    ``method="enumeration"`` is the reference the program replaced, kept for comparison: blocks
    of at most *exact_limit* actors by enumerating their two-colourings in Gray-code order (one
    actor changes camp per step and the count is updated from that actor's ties only), larger
    ones by a local search (the camps of a breadth-first spanning tree from a random actor, then
    single-actor moves while one lowers the count; best of 20 starts), whose count is an upper
    bound.

    Parameters
    ----------
    network : nx.MultiDiGraph
        The actor network.
    method : str, default "milp"
        ``milp`` (exact) or ``enumeration`` (exact up to *exact_limit* actors per block).
    time_limit : float, optional
        Seconds the program may take over the whole network (``milp``); no limit by default.
    exact_limit : int, default 22
        The largest block ``enumeration`` solves exactly (2**(n-1) colourings: 1.5–2.5 s at 22 actors).
    seed : int, default 42
        Random seed of the local search.

    Returns
    -------
    Balance
        ``ties``, ``triads`` (by actor labels), ``splits`` (one per connected part of the signed
        network, largest first; the larger camp first), ``frustration``, ``lower_bound``,
        ``exact`` and ``index``.

    Raises
    ------
    UnknownMethod
        *method* is not one of :data:`BALANCE_METHODS`.
    InvalidAnalysis
        *time_limit* is not above 0, or *exact_limit* below 1.

    Examples
    --------
    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> result = balance(build_network(store.load()))
    >>> len(result.balanced), [t.signs for t in result.unbalanced]
    (11, ['++-'])
    >>> [a.label for a in result.unbalanced[0].actors]
    ['Benjamin Netanyahu', 'Israel', 'United States']
    >>> result.frustration, result.exact, [a.label for a in result.splits[0].swing]
    (2, True, ['France', 'United States'])
    """
    method = _choice(method, BALANCE_METHODS, "balance")
    _at_least_one(exact_limit, "exact_limit")
    if time_limit is not None and not time_limit > 0:
        raise InvalidAnalysis(f"time_limit must be above 0 seconds, not {time_limit}")
    signed, ties, unsigned = _signed(network)
    triads = _triads(signed, ties)
    links: _Links = {n: [(m, d["sign"]) for m, d in signed.adj[n].items()] for n in signed}
    solver = _Solver(
        method, exact_limit, random.Random(seed), None if time_limit is None else time.monotonic() + time_limit
    )
    splits = tuple(_split(network, part, blocks, links, ties, solver) for part, blocks in _parts(network, signed))
    ordered = tuple(sorted(ties.values(), key=lambda t: (*_order(t.actors[0]), *_order(t.actors[1]))))
    return Balance(network.graph.get("as_of"), ordered, unsigned, triads, splits, method, time_limit)


def _parts(network: nx.MultiDiGraph, signed: nx.Graph) -> list[tuple[set[str], list[set[str]]]]:
    """The connected parts of the signed network, largest first, each with its biconnected blocks."""
    parts = sorted(nx.connected_components(signed), key=lambda c: (-len(c), min(_order(_ref(network, n)) for n in c)))
    part_of = {n: i for i, part in enumerate(parts) for n in part}
    blocks: list[list[set[str]]] = [[] for _ in parts]
    for block in nx.biconnected_components(signed):
        blocks[part_of[next(iter(block))]].append(block)
    return list(zip(parts, blocks, strict=True))


def _signed(network: nx.MultiDiGraph) -> tuple[nx.Graph, dict[frozenset[str], SignedTie], int]:
    signed = nx.Graph()
    ties: dict[frozenset[str], SignedTie] = {}
    unsigned = 0
    for u, v in simple_view(network).edges():
        sign = edge_sign(network, u, v)
        if not sign:
            unsigned += 1
            continue
        signed.add_edge(u, v, sign=sign)
        first, second = _refs(network, (u, v))
        ties[frozenset((u, v))] = SignedTie((first, second), sign, _evidence(network, u, v))
    return signed, ties, unsigned


def _evidence(network: nx.MultiDiGraph, u: str, v: str) -> tuple[Evidence, ...]:
    found = [
        Evidence(_ref(network, a).label, str(d["label"]), _ref(network, b).label, str(d["polarity"]), len(d["claims"]))
        for a, b in ((u, v), (v, u))
        for d in network.get_edge_data(a, b, default={}).values()
    ]
    return tuple(sorted(found, key=lambda e: (fold(e.subject), fold(e.label), fold(e.object))))


def _triads(signed: nx.Graph, ties: dict[frozenset[str], SignedTie]) -> tuple[Triad, ...]:
    position = {n: i for i, n in enumerate(signed)}
    triads = []
    for u in signed:
        for v in (v for v in signed[u] if position[v] > position[u]):
            for w in (w for w in signed[u] if position[w] > position[v] and w in signed[v]):
                three = [ties[frozenset(p)] for p in ((u, v), (u, w), (v, w))]
                first, second, third = sorted({a for t in three for a in t.actors}, key=_order)
                three.sort(key=lambda t: [_order(a) for a in t.actors])
                triads.append(Triad((first, second, third), (three[0], three[1], three[2])))
    return tuple(sorted(triads, key=lambda t: [_order(a) for a in t.actors]))


@dataclass(frozen=True)
class _Solver:
    """How :func:`balance` solves each block: the method, its settings, and the deadline (``time.monotonic``)."""

    method: str
    exact_limit: int
    rng: random.Random
    deadline: float | None

    def solve(self, links: _Links, anchor: str) -> tuple[dict[str, int], set[str] | None, int]:
        """A block's best two-colouring, the actors whose side varies between optimal ones
        (``None``: not examined), and the proven lower bound of its frustration."""
        ties = [(n, m, s) for n in links for m, s in links[n] if n < m]
        tree = _tree_sides(links, anchor)
        if not frustration_ip.count(ties, tree):
            return tree, set(), 0  # balanced: the split is unique
        if self.method == "enumeration":
            if len(links) <= self.exact_limit:
                sides, varying = _exact_sides(links, anchor)
                return sides, varying, frustration_ip.count(ties, sides)
            return _searched_sides(links, self.rng), None, 0
        solution = frustration_ip.solve(ties, anchor, self.remaining())
        if solution is None or not solution.exact:
            searched = _searched_sides(links, self.rng)
            found = frustration_ip.count(ties, searched)
            best = solution.sides if solution and solution.frustration <= found else searched
            return best, None, solution.lower_bound if solution else 0
        swing = self.swing(ties, anchor, solution) if len(links) <= SWING_LIMIT else None
        return solution.sides, swing, solution.lower_bound

    def swing(self, ties: list[tuple[str, str, int]], anchor: str, best: frustration_ip.Solution) -> set[str] | None:
        """The actors with an optimal split that puts them in the other camp: one program per actor,
        skipping those an earlier such split already moved."""
        varying: set[str] = set()
        for node in sorted(set(best.sides) - {anchor}):
            if node in varying:
                continue
            other = frustration_ip.solve(ties, anchor, self.remaining(), fixed={node: -best.sides[node]})
            if other is None or not other.exact:
                return None  # out of time: not examined
            if other.frustration == best.frustration:
                varying |= {n for n in best.sides if other.sides[n] != best.sides[n]}
        return varying

    def remaining(self) -> float | None:
        return None if self.deadline is None else max(self.deadline - time.monotonic(), 0.0)


def _split(
    network: nx.MultiDiGraph,
    part: set[str],
    blocks: list[set[str]],
    links: _Links,
    ties: dict[frozenset[str], SignedTie],
    solver: _Solver,
) -> Split:
    """Camps for one connected part: each block solved on its own, aligned at the actor it shares with the last."""
    root = min(part, key=lambda n: (-len(links[n]), *_order(_ref(network, n))))
    sides: dict[str, int] = {root: 1}
    swing: set[str] | None = set()
    lower = 0
    for anchor, block in _walk(blocks, root):
        block_links = {n: [(m, s) for m, s in links[n] if m in block] for n in block}
        block_sides, varying, block_lower = solver.solve(block_links, anchor)
        lower += block_lower
        flip = sides[anchor] * block_sides[anchor]
        others = block - {anchor}
        sides.update({n: flip * block_sides[n] for n in others})
        if swing is not None:
            swing = None if varying is None else swing | (others if anchor in swing else varying)
    camps = [_refs(network, (n for n in part if sides[n] == side)) for side in (1, -1)]
    camps.sort(key=lambda c: (-len(c), *(_order(c[0]) if c else ("", ""))))
    frustrated = [
        ties[frozenset((n, m))] for n in part for m, s in links[n] if n < m and _against(s, sides[n], sides[m])
    ]
    frustrated.sort(key=lambda t: [_order(a) for a in t.actors])
    return Split((camps[0], camps[1]), tuple(frustrated), lower, None if swing is None else _refs(network, swing))


def _against(sign: int, a: int, b: int) -> bool:
    return sign * a * b < 0


def _walk(blocks: list[set[str]], root: str) -> list[tuple[str, set[str]]]:
    """The blocks of a part, each with the actor joining it to those before (a walk of the block tree from *root*)."""
    blocks_of: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        for n in block:
            blocks_of.setdefault(n, []).append(i)
    ordered: list[tuple[str, set[str]]] = []
    seen: set[int] = set()
    queue = deque([root])
    while queue:
        anchor = queue.popleft()
        for i in blocks_of[anchor]:
            if i not in seen:
                seen.add(i)
                ordered.append((anchor, blocks[i]))
                queue.extend(sorted(blocks[i] - {anchor}))
    return ordered


def _exact_sides(links: _Links, anchor: str) -> tuple[dict[str, int], set[str]]:
    """An optimal two-colouring (+1/-1) of a block, and the actors whose side relative to *anchor* varies
    between optimal colourings; by Gray-code enumeration with *anchor* fixed.

    Flipping actor i changes the count by side[i] * field[i], where field[i] is the sum of
    sign * side over i's ties; after the flip only the fields of i's neighbours change.
    """
    nodes = [anchor, *sorted(set(links) - {anchor})]
    index = {n: i for i, n in enumerate(nodes)}
    ties = [[(index[m], s) for m, s in links[n]] for n in nodes]
    side = [1] * len(nodes)
    field = [sum(s for _, s in tie) for tie in ties]
    cost = best = sum(s < 0 for tie in ties for _, s in tie) // 2
    chosen = always = ever = 0  # the first optimal colouring; the bits set in every optimal one, and in some
    for step in range(1, 1 << (len(nodes) - 1)):
        if best == 0:
            break  # balanced: the split is unique
        i = (step & -step).bit_length()  # the actor whose bit changes in the Gray code (the anchor stays)
        cost += side[i] * field[i]
        side[i] = -side[i]
        twice = 2 * side[i]
        for j, sign in ties[i]:
            field[j] += twice * sign
        if cost < best:
            best = cost
            chosen = always = ever = step ^ (step >> 1)
        elif cost == best:
            always &= step ^ (step >> 1)
            ever |= step ^ (step >> 1)
    varying = {nodes[i] for i in range(1, len(nodes)) if (always ^ ever) >> (i - 1) & 1}
    return {n: -1 if i and chosen >> (i - 1) & 1 else 1 for i, n in enumerate(nodes)}, varying


def _searched_sides(links: _Links, rng: random.Random, starts: int = 20) -> dict[str, int]:
    """A good two-colouring of a block too large to enumerate: the best of several local searches."""
    best: dict[str, int] = {}
    best_cost = None
    nodes = sorted(links)
    for _ in range(starts):
        sides = _tree_sides(links, rng.choice(nodes))
        _descend(links, sides)
        cost = sum(_against(s, sides[n], sides[m]) for n in nodes for m, s in links[n]) // 2
        if best_cost is None or cost < best_cost:
            best, best_cost = sides, cost
    return best


def _tree_sides(links: _Links, root: str) -> dict[str, int]:
    """Camps that satisfy every tie of the breadth-first spanning tree from *root*."""
    sides = {root: 1}
    queue = deque([root])
    while queue:
        u = queue.popleft()
        for v, sign in links[u]:
            if v not in sides:
                sides[v] = sides[u] * sign
                queue.append(v)
    return sides


def _descend(links: _Links, sides: dict[str, int]) -> None:
    """Move single actors to the other camp while a move lowers the count (each move lowers it by at least 1)."""
    field = {n: sum(s * sides[m] for m, s in links[n]) for n in links}
    pending = sorted(links)
    queued = set(pending)
    while pending:
        n = pending.pop()
        queued.discard(n)
        if sides[n] * field[n] < 0:
            sides[n] = -sides[n]
            for m, s in links[n]:
                field[m] += 2 * s * sides[n]
                if m not in queued:
                    queued.add(m)
                    pending.append(m)


# --- timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """A claim on the timeline, with the day it sorts by and its date as people read it."""

    claim: Claim
    day: date | None

    @property
    def when(self) -> str:
        """``2024-07 (month)``, an interval ``… – 2024-07 (month)``, or ``undated (reported 2024-10-01)``."""
        claim = self.claim
        if claim.date:
            return _precise(claim.date)
        if claim.start or claim.end:
            return f"{_precise(claim.start)} – {_precise(claim.end)}"
        return f"undated (reported {claim.reported})" if claim.reported else "undated"

    @property
    def kind(self) -> str:
        return "state" if self.claim.is_state else "event"

    def to_dict(self) -> dict[str, object]:
        day = self.day.isoformat() if self.day else None
        return {"when": self.when, "sort_date": day, "kind": self.kind, **self.claim.to_dict()}


def _precise(value: PartialDate | None) -> str:
    return f"{value} ({value.precision})" if value else "…"


def timeline(
    source: Graph | nx.MultiDiGraph, actor: str | None = None, limit: int | None = None, other: str | None = None
) -> list[TimelineEntry]:
    """The claims in date order, each date at its own precision; undated claims last.

    A claim sorts by the earliest day its date, start or end can mean ("2024-09" is
    2024-09-01, so it comes before 2024-09-28). Undated claims follow, by the date their
    source reported them, then by subject, relation and object.

    Parameters
    ----------
    source : rdflib.Graph or nx.MultiDiGraph
        The graph, or an actor network (e.g. ``build_network(graph, as_of=...)``, so that only
        the claims in force that day are listed).
    actor : str, optional
        Only the claims in or out of this actor (IRI or name).
    limit : int, optional
        Only the first this many entries (a page shows a hub's first few of thousands).
    other : str, optional
        With *actor*: only the claims between the two (a dyad), in either direction.

    Returns
    -------
    list of TimelineEntry

    Examples
    --------
    >>> from actorgraph import store
    >>> entries = timeline(store.load(), actor="Hamas")
    >>> for entry in entries[:3]:
    ...     print(entry.when, "|", entry.claim.subject, entry.claim.relation, entry.claim.object)
    … – 2024-07 (month) | Ismail Haniyeh leads Hamas
    undated (reported 2024-10-01) | Benjamin Netanyahu threatens Hamas
    undated (reported 2024-10-01) | Iran backs Hamas
    """
    network = source if isinstance(source, nx.MultiDiGraph) else build_network(source)
    if actor:
        claims = actor_claims(network, actor)
        if other:
            between = _node(network, other)
            claims = [c for c in claims if between in (str(c.subject_iri), str(c.object_iri))]
    elif other:
        raise InvalidAnalysis("a dyad's timeline needs both actors: give actor too")
    else:
        claims = [claim for _, _, data in network.edges(data=True) for claim in data["claims"]]
    entries = [TimelineEntry(c, _first_day(c)) for c in claims]
    if limit is not None:
        entries = _earliest(entries, limit)
    return sorted(entries, key=_timeline_order)[:limit]


def actor_label(network: nx.MultiDiGraph, actor: str) -> str:
    """The label of *actor* (an IRI of the network or a name), as results show it."""
    return _ref(network, _node(network, actor)).label


def actor_claims(network: nx.MultiDiGraph, actor: str) -> list[Claim]:
    """The claims on *actor*'s edges, out then in (a self-loop once, among the out-edges): its
    own edges, not a pass over every edge."""
    node = _node(network, actor)
    edges = [*network.out_edges(node, data=True), *(e for e in network.in_edges(node, data=True) if e[0] != node)]
    return [claim for _, _, data in edges for claim in data["claims"]]


def _earliest(entries: list[TimelineEntry], limit: int) -> list[TimelineEntry]:
    """The entries that can be among the first *limit* of the timeline: those on or before the
    *limit*-th day (ties at it kept), so only they are sorted by the full key (folding every
    name of a hub's thousands of claims costs more than picking the days)."""
    if limit <= 0:
        return []
    if limit >= len(entries):
        return entries
    days = [_timeline_day(entry) for entry in entries]
    last = heapq.nsmallest(limit, days)[-1]
    return [entry for entry, day in zip(entries, days, strict=True) if day <= last]


def _timeline_day(entry: TimelineEntry) -> tuple[bool, date]:
    """The first two parts of ``_timeline_order``: dated first, then by day (else reported)."""
    reported = entry.claim.reported.earliest if entry.claim.reported else date.max
    return (entry.day is None, entry.day or reported)


def _first_day(claim: Claim) -> date | None:
    days = [d.earliest for d in (claim.date, claim.start, claim.end) if d]
    return min(days) if days else None


def _timeline_order(entry: TimelineEntry) -> tuple[object, ...]:
    claim = entry.claim
    return (
        *_timeline_day(entry),
        fold(claim.subject),
        claim.relation,
        fold(claim.object),
        str(claim.iri),
    )
