"""Keeping a map legible: fewer links (``min_claims``) and at most so many actors (``most_central``).

A map of every actor of a big graph is a hairball: ICEWS14 has 7,128 actors and 34,466 links,
and no one reads that. ``maps.select`` thins a network with the filters every map takes
(relations, polarities, a minimum confidence, an origin, a minimum number of claims per link),
then ``most_central`` keeps the ``MAX_ACTORS`` actors with the highest degree centrality, and
the map's header says so and how to draw them all.

Degree centrality (how many other actors an actor is linked to) is the measure a map shows by
default as node size, what a reader sees as "central" on the page, and it costs one pass over
the links; PageRank or betweenness would rank hubs of event data nearly the same way, at a
higher cost on 34,000 links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from actorgraph.errors import InvalidMapRequest

if TYPE_CHECKING:  # not imported at run time: the CLI reads MAX_ACTORS without NetworkX
    import networkx as nx

#: A map draws at most this many actors unless asked for more (``max_actors``).
MAX_ACTORS = 400
#: How ``most_central`` ranks actors, in the words a map's header uses.
CENTRALITY = "degree centrality: actors linked"


def min_claims(network: nx.MultiDiGraph, minimum: int) -> nx.MultiDiGraph:
    """*network* with only the links that at least *minimum* claims stand behind.

    >>> import networkx as nx
    >>> network = nx.MultiDiGraph()
    >>> network.add_edge("a", "b", key="backs", claims=["c1", "c2"])
    'backs'
    >>> network.add_edge("a", "c", key="backs", claims=["c3"])
    'backs'
    >>> sorted(min_claims(network, 2).edges())
    [('a', 'b')]
    """
    if minimum < 1:
        raise InvalidMapRequest(f"min_claims must be 1 or more, not {minimum}")
    if minimum == 1:
        return network
    kept = network.copy()
    kept.remove_edges_from(
        [(u, v, key) for u, v, key, data in network.edges(keys=True, data=True) if len(data["claims"]) < minimum]
    )
    return kept


def ranking(network: nx.MultiDiGraph) -> list[str]:
    """The actors of *network*, most central first: by degree (distinct actors linked), then by
    claims, then by label, so that the same network always gives the same order."""
    neighbours: dict[str, set[str]] = {n: set() for n in network}
    claims: Counter[str] = Counter()
    for u, v, data in network.edges(data=True):
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
        claims[u] += len(data.get("claims", ()))
        claims[v] += len(data.get("claims", ()))
    return sorted(
        network,
        key=lambda n: (-len(neighbours[n]), -claims[n], str(network.nodes[n].get("label", n)).casefold(), n),
    )


def most_central(network: nx.MultiDiGraph, limit: int | None, keep: Iterable[str] = ()) -> tuple[nx.MultiDiGraph, int]:
    """*network* cut to its *limit* most central actors (``ranking``), and how many it had.

    The actors of *keep* (a map's focus, a dossier's paths) stay whatever their rank, and count
    towards the limit. *limit* ``None`` keeps every actor.

    >>> import networkx as nx
    >>> star = nx.MultiDiGraph(nx.star_graph(5))
    >>> cut, total = most_central(star, 3, keep=[5])
    >>> sorted(cut), total
    ([0, 1, 5], 6)
    """
    total = network.number_of_nodes()
    if limit is not None and limit < 1:
        raise InvalidMapRequest(f"max_actors must be 1 or more, not {limit}")
    if limit is None or total <= limit:
        return network, total
    kept = list(dict.fromkeys(n for n in keep if n in network))
    if len(kept) > limit:
        raise InvalidMapRequest(f"the map must show {len(kept)} actors (its focus or paths) but max_actors is {limit}")
    chosen = set(kept)
    for node in ranking(network):
        if len(chosen) >= limit:
            break
        chosen.add(node)
    cut = network.subgraph(chosen).copy()
    cut.graph.update(network.graph)
    return cut, total


def cut_note(shown: int, total: int) -> str:
    """The header's note on a map cut to its most central actors."""
    return f"the {shown:,} most central of {total:,} actors ({CENTRALITY})"
