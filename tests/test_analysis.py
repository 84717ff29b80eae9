"""Network analysis: ego networks, centrality, blocs, structural balance and timelines, on the seed graph."""

from __future__ import annotations

import csv
import io
import itertools
import json
import random

import networkx as nx
import pytest

from actorgraph import analysis
from actorgraph.analysis import balance, centrality, communities, neighbors, timeline
from actorgraph.cli import cli
from actorgraph.errors import AmbiguousActor, InvalidAnalysis, UnknownActor, UnknownMethod
from actorgraph.network import EdgeFilter, build_network, filter_network

ACTOR = "https://w3id.org/actorgraph/actor/"


@pytest.fixture(scope="module")
def network(seed):
    return build_network(seed)


@pytest.fixture(scope="module")
def before_the_killing(seed):
    """The network as of 2024-09-01: the undated killing of Nasrallah is only on the record from 2024-10-01."""
    return build_network(seed, as_of="2024-09-01")


def only(network, **criteria):
    return filter_network(network, EdgeFilter(**{k: frozenset(v) for k, v in criteria.items()}))


def labels(refs):
    return [ref.label for ref in refs]


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def toy(*ties):
    """A network of (subject, object, polarity) ties, one claim each; repeat a tie for more claims."""
    network = nx.MultiDiGraph(as_of=None)
    for u, v, polarity in ties:
        for node in (u, v):
            network.add_node(node, label=node, type="State", aliases=())
        if network.has_edge(u, v, polarity):
            network.edges[u, v, polarity]["claims"].append(None)
        else:
            network.add_edge(
                u, v, key=polarity, relation=polarity, label=polarity, polarity=polarity, symmetric=False, claims=[None]
            )
    return network


def signed_toy(graph, rng):
    ties = [(f"a{u:02d}", f"a{v:02d}", rng.choice(["cooperative", "hostile"])) for u, v in graph.edges()]
    return toy(*ties)


def brute_force(network):
    """The frustration index and the actors whose camp (relative to the best-connected actor) can change."""
    signed = {(u, v): 1 if p == "cooperative" else -1 for u, v, p in network.edges(keys=True)}
    nodes = sorted(network)
    degree = {n: sum(n in pair for pair in signed) for n in nodes}
    root = min(nodes, key=lambda n: (-degree[n], n))
    best, optimal = None, []
    for bits in itertools.product((1, -1), repeat=len(nodes)):
        side = dict(zip(nodes, bits, strict=True))
        cost = sum(s * side[u] * side[v] < 0 for (u, v), s in signed.items())
        if best is None or cost < best:
            best, optimal = cost, [side]
        elif cost == best:
            optimal.append(side)
    swing = [n for n in nodes if len({side[n] * side[root] for side in optimal}) > 1]
    return best, swing


# --- neighbors --------------------------------------------------------------------------------


def test_neighbors_groups_direct_ties_by_relation_and_direction(network):
    ego = neighbors(network, "Hezbollah")
    groups = [(g.label, g.arrow, [(a.label, n) for a, n in g.actors]) for g in ego.groups]
    assert groups == [
        ("accuses", "←", [("Daniel Hagari", 1)]),
        ("at war with", "↔", [("Israel", 1), ("Israel Defense Forces", 1)]),
        ("attacked", "←", [("Israel", 2), ("Israel Defense Forces", 1)]),
        ("backs", "←", [("Iran", 1)]),
        ("denies a claim of", "→", [("Israel", 1)]),
        ("deputy leader of", "←", [("Naim Qassem", 1)]),
        ("has as proxy", "←", [("Iran", 1)]),
        ("leads", "←", [("Hassan Nasrallah", 1)]),
        ("prepares an attack on", "→", [("Israel", 1)]),
        ("threatens", "←", [("Benjamin Netanyahu", 1)]),
    ]
    assert [g.claims for g in ego.groups if g.label == "attacked"] == [3]
    assert labels(r.actor for r in ego.reached) == [
        "Benjamin Netanyahu",
        "Daniel Hagari",
        "Hassan Nasrallah",
        "Iran",
        "Israel",
        "Israel Defense Forces",
        "Naim Qassem",
    ]


def test_neighbors_two_hops_lists_who_each_actor_is_reached_through(network):
    ego = neighbors(network, "Nasrallah", hops=2)
    assert [(g.label, g.direction) for g in ego.groups] == [("killed", "in"), ("leads", "out")]
    assert [(r.actor.label, labels(r.via)) for r in ego.at(2)] == [
        ("Ali Khamenei", ["Israel"]),
        ("Benjamin Netanyahu", ["Hezbollah", "Israel"]),
        ("Daniel Hagari", ["Hezbollah"]),
        ("Hamas", ["Israel"]),
        ("Iran", ["Hezbollah", "Israel"]),
        ("Israel Defense Forces", ["Hezbollah", "Israel"]),
        ("Israeli authorities", ["Israel"]),
        ("Lebanon", ["Israel"]),
        ("Naim Qassem", ["Hezbollah", "Israel"]),
        ("Palestinian fighters", ["Israel"]),
        ("United States", ["Israel"]),
    ]
    assert len(ego.reached) == 13


def test_neighbors_as_of_a_date_before_the_killing_loses_the_hop_through_israel(before_the_killing):
    ego = neighbors(before_the_killing, "Hassan Nasrallah", hops=2)
    assert [(g.label, g.arrow, labels(a for a, _ in g.actors)) for g in ego.groups] == [("leads", "→", ["Hezbollah"])]
    assert {tuple(labels(r.via)) for r in ego.at(2)} == {("Hezbollah",)}
    # Netanyahu's threat and Hagari's accusation are undated events: on the record from 2024-10-01 only
    assert labels(r.actor for r in ego.at(2)) == ["Iran", "Israel", "Israel Defense Forces", "Naim Qassem"]
    assert ego.as_of == "2024-09-01"


def test_neighbors_with_a_relation_filter(seed, network):
    from actorgraph.actors import ActorIndex
    from actorgraph.network import make_filter
    from actorgraph.vocabulary import Vocabulary

    edge_filter = make_filter(Vocabulary.from_graph(seed), ActorIndex.from_graph(seed), relations=["leads", "partOf"])
    ego = neighbors(filter_network(network, edge_filter), "Israel")
    assert [(g.label, labels(a for a, _ in g.actors)) for g in ego.groups] == [
        ("leads", ["Benjamin Netanyahu"]),
        ("part of", ["Israel Defense Forces", "Israeli authorities"]),
    ]


def test_neighbors_of_an_actor_without_ties(network):
    ego = neighbors(network, "Pentagon", hops=3)
    assert ego.groups == () and ego.reached == ()


def test_neighbors_takes_an_iri_and_checks_its_input(network):
    assert neighbors(network, ACTOR + "Iran").actor.label == "Iran"
    with pytest.raises(UnknownActor, match=r"^unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'\?$"):
        neighbors(network, "Nasralah")
    with pytest.raises(AmbiguousActor) as error:
        neighbors(network, "Israeli")
    assert str(error.value) == "ambiguous actor 'Israeli' — it could be 'Israel Defense Forces', 'Israeli authorities'"
    with pytest.raises(InvalidAnalysis) as error:
        neighbors(network, "Iran", hops=0)
    assert str(error.value) == "hops must be at least 1, not 0"


def test_neighbors_as_a_dict(network):
    data = neighbors(network, "Khamenei").to_dict()
    assert data["actor"] == {"label": "Ali Khamenei", "type": "Person", "iri": ACTOR + "Ali_Khamenei"}
    assert data["relations"][0] == {
        "relation": "leads",
        "label": "leads",
        "polarity": "structural",
        "direction": "out",
        "claims": 1,
        "actors": [{"label": "Iran", "type": "State", "iri": ACTOR + "Iran", "claims": 1}],
    }
    assert [(a["label"], a["distance"], a["via"]) for a in data["actors"]] == [
        ("Iran", 1, ["Ali Khamenei"]),
        ("Israel", 1, ["Ali Khamenei"]),
    ]


# --- centrality -------------------------------------------------------------------------------


def test_degree_ranks_by_in_plus_out_on_the_directed_view_with_shared_ranks(network):
    ranking = centrality(network, by="degree")
    assert [(s.rank, s.actor.label, s.in_degree, s.out_degree, s.score) for s in ranking.scores[:8]] == [
        (1, "Israel", 10, 5, 15),
        (2, "Hezbollah", 7, 2, 9),
        (3, "Benjamin Netanyahu", 1, 5, 6),
        (3, "Hamas", 5, 1, 6),
        (3, "United States", 3, 3, 6),
        (6, "Iran", 2, 3, 5),
        (7, "Israel Defense Forces", 2, 2, 4),
        (8, "France", 2, 1, 3),
    ]
    assert [(s.rank, s.actor.label) for s in ranking.scores[-2:]] == [(19, "Biden administration"), (19, "Pentagon")]
    assert len(ranking.scores) == 20


def test_top_keeps_actors_tied_with_the_last_rank(network):
    assert labels(s.actor for s in centrality(network, top=3).scores) == [
        "Israel",
        "Hezbollah",
        "Benjamin Netanyahu",
        "Hamas",
        "United States",
    ]
    assert labels(s.actor for s in centrality(network, top=2).scores) == ["Israel", "Hezbollah"]


def test_betweenness_is_undirected_and_normalized(network):
    ranking = centrality(network, by="betweenness", top=5)
    assert [(s.actor.label, s.score) for s in ranking.scores] == [
        ("Israel", 0.453119),
        ("Hamas", 0.183918),
        ("Benjamin Netanyahu", 0.144055),
        ("Hezbollah", 0.108869),
        ("Iran", 0.038012),
    ]
    assert ranking.scores[0].in_degree is None


def test_pagerank_is_directed_and_eigenvector_undirected(network):
    """Lebanon is only ever a target; Iran mostly acts: PageRank puts Lebanon first, eigenvector Iran."""
    pagerank = {s.actor.label: s for s in centrality(network, by="pagerank").scores}
    eigenvector = {s.actor.label: s for s in centrality(network, by="eigenvector").scores}
    assert (pagerank["Lebanon"].rank, pagerank["Iran"].rank) == (6, 8)
    assert (eigenvector["Iran"].rank, eigenvector["Lebanon"].rank) == (4, 14)
    assert [(s.actor.label, s.score) for s in centrality(network, by="pagerank", top=3).scores] == [
        ("Israel", 0.252824),
        ("Hezbollah", 0.159396),
        ("United States", 0.092456),
    ]
    assert round(sum(s.score for s in pagerank.values()), 4) == 1.0
    assert [(s.actor.label, s.score) for s in centrality(network, by="eigenvector", top=2).scores] == [
        ("Israel", 0.532576),
        ("Hezbollah", 0.378624),
    ]


def test_eigenvector_on_a_disconnected_network_says_where_the_scores_live(network):
    structural = only(network, polarities={"structural"})
    ranking = centrality(structural, by="eigenvector")
    assert ranking.notes == (
        "the network has 4 components with ties: eigenvector scores are 0 outside the one with the largest "
        "leading eigenvalue (5 actors)",
    )
    assert [(s.rank, s.actor.label, s.score) for s in ranking.scores[:5]] == [
        (1, "Israel", 0.653281),
        (2, "Israel Defense Forces", 0.5),
        (3, "Benjamin Netanyahu", 0.353553),
        (3, "Israeli authorities", 0.353553),
        (5, "Daniel Hagari", 0.270598),
    ]
    assert {s.score for s in ranking.scores[5:]} == {0.0}


def test_centrality_as_of_a_date(before_the_killing):
    ranking = centrality(before_the_killing, by="degree", top=1)
    assert [(s.actor.label, s.in_degree, s.out_degree) for s in ranking.scores] == [("Israel", 8, 2)]
    assert ranking.as_of == "2024-09-01"


def test_centrality_of_a_network_without_ties(network):
    for by in analysis.CENTRALITY_METHODS:
        scores = centrality(only(network, relations={"alliedWith"}), by=by).scores
        assert len({s.score for s in scores}) == 1 and {s.rank for s in scores} == {1}, by


def test_centrality_checks_its_input(network):
    with pytest.raises(UnknownMethod) as error:
        centrality(network, by="pagrank")
    assert str(error.value) == (
        "unknown centrality method 'pagrank' — did you mean 'pagerank'? "
        "(expected degree, betweenness, pagerank or eigenvector)"
    )
    assert centrality(network, by=" PageRank ", top=1).by == "pagerank"
    with pytest.raises(InvalidAnalysis, match=r"^top must be at least 1, not 0$"):
        centrality(network, top=0)
    with pytest.raises(InvalidAnalysis) as error:
        centrality(network, by="pagerank", max_iter=2)
    assert str(error.value) == ("pagerank did not converge in 2 iterations — raise max_iter or rank by another method")
    with pytest.raises(InvalidAnalysis, match=r"^eigenvector did not converge in 2 iterations"):
        centrality(network, by="eigenvector", max_iter=2)


# --- communities ------------------------------------------------------------------------------


def test_communities_are_blocs_of_allies_by_default(network):
    blocs = communities(network)
    assert [labels(b.members) for b in blocs.blocs] == [
        ["Ali Khamenei", "Hamas", "Iran", "Ismail Haniyeh", "Yahya Sinwar"],
        ["Benjamin Netanyahu", "Daniel Hagari", "Israel", "Israel Defense Forces", "Israeli authorities"],
        ["Hassan Nasrallah", "Hezbollah", "Naim Qassem"],
        ["France", "United States"],
    ]
    assert [b.ties for b in blocs.blocs] == [4, 4, 2, 1]
    assert labels(blocs.isolated) == [
        "Biden administration",
        "Lebanon",
        "Palestinian fighters",
        "Pentagon",
        "Unnamed suspect in a plot against Netanyahu",
    ]
    assert blocs.modularity == 0.5562 and blocs.allied_only


def test_a_lower_resolution_shows_the_two_alliance_systems(network):
    blocs = communities(network, resolution=0.5)
    assert [labels(b.members) for b in blocs.blocs] == [
        [
            "Ali Khamenei",
            "Hamas",
            "Hassan Nasrallah",
            "Hezbollah",
            "Iran",
            "Ismail Haniyeh",
            "Naim Qassem",
            "Yahya Sinwar",
        ],
        [
            "Benjamin Netanyahu",
            "Daniel Hagari",
            "France",
            "Israel",
            "Israel Defense Forces",
            "Israeli authorities",
            "United States",
        ],
    ]
    assert blocs.modularity == 0.497


def test_hostility_joins_enemies_only_with_all_edges(network):
    def together(blocs, a, b):
        return any({a, b} <= set(labels(bloc.members)) for bloc in blocs.blocs)

    assert not together(communities(network), "Israel", "Hezbollah")
    everything = communities(network, all_edges=True)
    assert together(everything, "Israel", "Hezbollah")
    assert labels(everything.isolated) == ["Biden administration", "Pentagon"]
    assert everything.modularity == 0.2911 and not everything.allied_only


def test_greedy_modularity_is_deterministic(network):
    blocs = communities(network, method="greedy")
    assert [labels(b.members) for b in blocs.blocs] == [
        ["Ali Khamenei", "Hassan Nasrallah", "Hezbollah", "Iran", "Naim Qassem"],
        ["Benjamin Netanyahu", "Daniel Hagari", "Israel", "Israel Defense Forces", "Israeli authorities"],
        ["Hamas", "Ismail Haniyeh", "Yahya Sinwar"],
        ["France", "United States"],
    ]
    assert blocs.modularity == 0.5562


def test_louvain_with_the_same_seed_gives_the_same_blocs(network):
    assert communities(network, seed=7) == communities(network, seed=7)


def test_communities_as_of_a_date_after_haniyeh(seed):
    blocs = communities(build_network(seed, as_of="2024-08-01"))
    assert "Ismail Haniyeh" in labels(blocs.isolated)
    assert "France" in labels(blocs.isolated)  # the joint proposal with the United States is of 2024-09
    assert blocs.as_of == "2024-08-01"


def test_communities_without_ties(network):
    blocs = communities(only(network, polarities={"hostile"}))
    assert blocs.blocs == () and blocs.modularity == 0.0 and len(blocs.isolated) == 20


def test_communities_check_their_input(network):
    with pytest.raises(UnknownMethod) as error:
        communities(network, method="lovain")
    assert (
        str(error.value) == "unknown community method 'lovain' — did you mean 'louvain'? (expected louvain or greedy)"
    )
    with pytest.raises(InvalidAnalysis, match=r"^resolution must be above 0, not 0$"):
        communities(network, resolution=0)


# --- balance ----------------------------------------------------------------------------------


def test_balance_signs_each_pair_by_its_net_polarity(network):
    result = balance(network)
    assert (len(result.ties), sum(t.sign > 0 for t in result.ties), result.unsigned_pairs) == (30, 13, 0)
    us_israel = next(t for t in result.ties if labels(t.actors) == ["Israel", "United States"])
    assert us_israel.sign == 1
    assert [str(e) for e in us_israel.evidence] == [
        "Israel resists pressure from United States (1)",
        "United States defends Israel (2)",
        "United States pressures Israel (1)",
    ]


def test_balance_triads(network):
    result = balance(network)
    assert [(t.signs, labels(t.actors)) for t in result.unbalanced] == [
        ("++-", ["Benjamin Netanyahu", "Israel", "United States"])
    ]
    assert [labels(t.actors) for t in result.balanced] == [
        ["Ali Khamenei", "Iran", "Israel"],
        ["Benjamin Netanyahu", "France", "United States"],
        ["Benjamin Netanyahu", "Hamas", "Israel"],
        ["Benjamin Netanyahu", "Hezbollah", "Israel"],
        ["Daniel Hagari", "Hezbollah", "Israel Defense Forces"],
        ["Hamas", "Iran", "Israel"],
        ["Hassan Nasrallah", "Hezbollah", "Israel"],
        ["Hezbollah", "Iran", "Israel"],
        ["Hezbollah", "Israel", "Israel Defense Forces"],
        ["Hezbollah", "Israel", "Naim Qassem"],
        ["Iran", "Israel", "United States"],
    ]
    assert {t.signs for t in result.balanced} == {"+--"}
    unbalanced = result.unbalanced[0]
    assert [(labels(t.actors), t.symbol) for t in unbalanced.ties] == [
        (["Benjamin Netanyahu", "Israel"], "+"),
        (["Benjamin Netanyahu", "United States"], "-"),
        (["Israel", "United States"], "+"),
    ]


def test_balance_camps_and_frustration(network):
    result = balance(network)
    assert (result.frustration, result.exact, result.index) == (2, True, 0.8667)
    (split,) = result.splits
    assert [labels(camp) for camp in split.camps] == [
        [
            "Ali Khamenei",
            "Hamas",
            "Hassan Nasrallah",
            "Hezbollah",
            "Iran",
            "Ismail Haniyeh",
            "Lebanon",
            "Naim Qassem",
            "Palestinian fighters",
            "Unnamed suspect in a plot against Netanyahu",
            "Yahya Sinwar",
        ],
        [
            "Benjamin Netanyahu",
            "Daniel Hagari",
            "France",
            "Israel",
            "Israel Defense Forces",
            "Israeli authorities",
            "United States",
        ],
    ]
    assert [labels(t.actors) for t in split.frustrated] == [
        ["Benjamin Netanyahu", "France"],
        ["Benjamin Netanyahu", "United States"],
    ]
    assert labels(split.swing) == ["France", "United States"]


def test_balance_as_of_a_date_before_the_october_events_is_balanced(before_the_killing):
    result = balance(before_the_killing)
    assert (len(result.ties), len(result.balanced), len(result.unbalanced)) == (18, 3, 0)
    assert (result.frustration, result.index, result.splits[0].swing) == (0, 1.0, ())


def test_balance_of_hostile_ties_only(network):
    result = balance(only(network, polarities={"hostile"}))
    assert [(t.signs, labels(t.actors)) for t in result.triads] == [("---", ["Iran", "Israel", "United States"])]
    assert result.frustration == 1
    assert labels(result.splits[0].swing) == ["Iran"]


def test_pairs_without_a_net_sign_are_left_out():
    result = balance(
        toy(("A", "B", "neutral"), ("A", "C", "cooperative"), ("C", "A", "hostile"), ("B", "C", "hostile"))
    )
    assert result.unsigned_pairs == 2
    assert [(labels(t.actors), t.sign) for t in result.ties] == [(["B", "C"], -1)]
    assert result.triads == ()


def test_each_connected_part_gets_its_own_camps():
    result = balance(
        toy(
            ("A", "B", "hostile"),
            ("B", "C", "hostile"),
            ("A", "C", "hostile"),
            ("X", "Y", "cooperative"),
            ("X", "Y", "cooperative"),
        )
    )
    assert [[labels(c) for c in s.camps] for s in result.splits] == [[["B", "C"], ["A"]], [["X", "Y"], []]]
    assert [s.frustration for s in result.splits] == [1, 0]
    assert labels(result.splits[0].swing) == ["B", "C"]


def test_blocks_joined_at_a_cut_actor_add_up():
    """Two unbalanced triangles sharing actor C, and a bridge to D: frustration 1 + 1."""
    result = balance(
        toy(
            ("A", "B", "hostile"),
            ("B", "C", "hostile"),
            ("A", "C", "hostile"),
            ("C", "E", "cooperative"),
            ("E", "F", "cooperative"),
            ("C", "F", "hostile"),
            ("F", "D", "hostile"),
        )
    )
    assert (result.frustration, result.exact) == (2, True)
    assert [len(t.actors) for t in result.unbalanced] == [3, 3]


@pytest.mark.parametrize("size", [4, 6, 8, 10])
def test_exact_frustration_and_swing_actors_match_brute_force(size):
    rng = random.Random(size)
    checked = 0
    for attempt in range(40):
        graph = nx.gnp_random_graph(size, 0.5, seed=attempt)
        if not nx.is_connected(graph):
            continue
        network = signed_toy(graph, rng)
        result = balance(network)
        frustration, swing = brute_force(network)
        assert result.exact and result.frustration == frustration
        assert labels(result.splits[0].swing) == swing
        checked += 1
    assert checked >= 10


def test_large_blocks_get_an_upper_bound_from_local_search(network):
    heuristic = balance(network, method="enumeration", exact_limit=3)
    assert (heuristic.frustration, heuristic.lower_bound, heuristic.exact, heuristic.splits[0].swing) == (
        2,
        0,
        False,
        None,
    )


def test_local_search_on_networks_too_large_to_enumerate():
    ring = [(f"a{i:02d}", f"a{(i + 1) % 30:02d}", "hostile" if i == 0 else "cooperative") for i in range(30)]
    result = balance(toy(*ring), method="enumeration")
    assert (result.frustration, result.exact) == (1, False)
    camps = [f"a{i:02d}" for i in range(40)]
    planted = {n: random.Random(n).choice((1, -1)) for n in camps}
    graph = nx.gnp_random_graph(40, 0.2, seed=3)
    ties = [
        (camps[u], camps[v], "cooperative" if planted[camps[u]] == planted[camps[v]] else "hostile")
        for u, v in graph.edges()
    ]
    planted_result = balance(toy(*ties), method="enumeration")
    assert (planted_result.frustration, planted_result.exact) == (0, True)  # no tie against the split: proven


def test_balance_without_signed_ties(network):
    result = balance(only(network, polarities={"neutral"}))
    assert (result.unsigned_pairs, result.ties, result.frustration, result.index) == (1, (), 0, 1.0)


def test_balance_as_a_dict(network):
    data = balance(network).to_dict()
    assert {k: data[k] for k in ("ties", "triads", "frustration", "exact", "index")} == {
        "ties": {"positive": 13, "negative": 17, "unsigned_pairs": 0},
        "triads": {"balanced": 11, "unbalanced": 1},
        "frustration": 2,
        "exact": True,
        "index": 0.8667,
    }
    assert data["unbalanced_triads"][0]["ties"][1] == {
        "actors": ["Benjamin Netanyahu", "United States"],
        "sign": -1,
        "evidence": [
            {
                "subject": "Benjamin Netanyahu",
                "relation": "rejects a proposal of",
                "object": "United States",
                "polarity": "hostile",
                "claims": 1,
            }
        ],
    }
    assert data["splits"][0]["swing"] == ["France", "United States"]


# --- timeline ---------------------------------------------------------------------------------


def test_timeline_orders_by_date_at_its_precision_and_puts_undated_claims_last(seed):
    entries = timeline(seed)
    assert len(entries) == 41
    dated = [(e.when, e.claim.subject, e.claim.relation) for e in entries if e.day]
    assert dated[:8] == [
        ("2023-10-07 (day)", "Palestinian fighters", "incursionInto"),
        ("2024-04 (month)", "Iran", "attacked"),
        ("2024-04 (month)", "United States", "defends"),
        ("… – 2024-07 (month)", "Ismail Haniyeh", "leads"),
        ("2024-09 (month)", "Israeli authorities", "arrested"),
        ("2024-09 (month)", "United States", "cooperatesWith"),
        ("2024-09-28 (day)", "Ali Khamenei", "threatens"),
        ("2024-09-30 (day)", "Naim Qassem", "threatens"),
    ]
    assert len(dated) == 12
    assert all(e.day is None and e.when == "undated (reported 2024-10-01)" for e in entries[12:])


def test_timeline_of_an_actor(seed):
    entries = timeline(seed, actor="Hamas")
    assert [(e.when, e.kind, e.claim.subject, e.claim.relation) for e in entries] == [
        ("… – 2024-07 (month)", "state", "Ismail Haniyeh", "leads"),
        ("undated (reported 2024-10-01)", "event", "Benjamin Netanyahu", "threatens"),
        ("undated (reported 2024-10-01)", "state", "Iran", "backs"),
        ("undated (reported 2024-10-01)", "state", "Israel", "atWarWith"),
        ("undated (reported 2024-10-01)", "state", "Yahya Sinwar", "leads"),
    ]


def test_timeline_with_a_limit_is_its_first_entries_ties_at_the_cut_in_full_order(seed):
    # The seed's timeline ties on days (two claims of 2024-04, 29 undated reported 2024-10-01):
    # a cut inside a tie must still order the tied claims by subject, relation and object.
    entries = timeline(seed)
    assert entries[1].day == entries[2].day and entries[20].day is None is entries[21].day
    for limit in range(len(entries) + 2):
        assert timeline(seed, limit=limit) == entries[:limit]
    assert timeline(seed, actor="Hamas", limit=2) == timeline(seed, actor="Hamas")[:2]


def test_timeline_as_of_a_date_keeps_only_the_claims_in_force(before_the_killing, seed):
    entries = timeline(before_the_killing)
    assert len(entries) == 19
    relations = {(e.claim.subject, e.claim.relation) for e in entries}
    assert ("Israel", "killed") not in relations
    assert ("Ismail Haniyeh", "leads") not in relations
    assert ("Israeli authorities", "arrested") in relations  # 2024-09, a month: it counts from its first day
    assert timeline(build_network(seed)) == timeline(seed)


def test_timeline_as_a_dict(seed):
    (entry,) = timeline(seed, actor="Haniyeh")
    data = entry.to_dict()
    assert {k: data[k] for k in ("when", "sort_date", "kind", "subject", "relation", "end", "confidence")} == {
        "when": "… – 2024-07 (month)",
        "sort_date": "2024-07-01",
        "kind": "state",
        "subject": "Ismail Haniyeh",
        "relation": "leads",
        "end": "2024-07",
        "confidence": "F2",
    }


# --- the commands -----------------------------------------------------------------------------


def test_neighbors_command(runner):
    result = run(runner, "neighbors", "Nasrallah", "--hops", "2", "--as-of", "2024-09-01")
    assert result.exit_code == 0
    assert result.stdout == (
        "Hassan Nasrallah (Person): 5 actors within 2 hops as of 2024-09-01\n"
        "\n"
        "1 hop:\n"
        "  leads  → Hezbollah (1)\n"
        "\n"
        "2 hops:\n"
        "  Iran (State) via Hezbollah\n"
        "  Israel (State) via Hezbollah\n"
        "  Israel Defense Forces (GovernmentBody) via Hezbollah\n"
        "  Naim Qassem (Person) via Hezbollah\n"
    )


def test_neighbors_command_text_and_json(runner):
    lines = run(runner, "neighbors", "Hezbollah").stdout.splitlines()
    assert lines[0] == "Hezbollah (ArmedGroup): 7 actors within 1 hop"
    assert "  at war with            ↔ Israel (1), Israel Defense Forces (1)" in lines
    assert "  attacked               ← Israel (2), Israel Defense Forces (1)" in lines
    data = json.loads(run(runner, "neighbors", "Nasrallah", "--format", "json").stdout)
    assert [(g["label"], g["direction"]) for g in data["relations"]] == [("killed", "in"), ("leads", "out")]
    assert (
        run(runner, "neighbors", "Pentagon").stdout == "Pentagon (GovernmentBody): 0 actors within 1 hop\n  no ties\n"
    )


def test_neighbors_command_filters(runner):
    result = run(runner, "neighbors", "Iran", "--polarity", "cooperative", "--min-confidence", "F2")
    assert result.stdout.splitlines()[3:] == [
        "  backs         → Hamas (1), Hezbollah (1)",
        "  has as proxy  → Hezbollah (1)",
    ]


def test_rank_command(runner):
    result = run(runner, "rank", "--by", "betweenness", "--top", "3")
    assert result.exit_code == 0
    assert result.stdout == (
        "Betweenness centrality (undirected, ties merged per pair, unweighted, normalized)\n"
        "\n"
        "rank  actor               type        betweenness\n"
        "----  ------------------  ----------  -----------\n"
        "1     Israel              State       0.4531\n"
        "2     Hamas               ArmedGroup  0.1839\n"
        "3     Benjamin Netanyahu  Person      0.1441\n"
    )


def test_rank_command_degree_default_json_and_csv(runner):
    lines = run(runner, "rank").stdout.splitlines()
    assert lines[2].split() == ["rank", "actor", "type", "in", "out", "total"]
    assert lines[4].split() == ["1", "Israel", "State", "10", "5", "15"]
    assert len(lines) == 4 + 14  # the top 10 and the four actors tied with the 9th
    data = json.loads(run(runner, "rank", "--by", "pagerank", "--top", "1", "--format", "json").stdout)
    assert data == {
        "by": "pagerank",
        "view": analysis.CENTRALITY_VIEWS["pagerank"],
        "as_of": None,
        "notes": [],
        "scores": [{"rank": 1, "label": "Israel", "type": "State", "iri": ACTOR + "Israel", "score": 0.252824}],
    }
    rows = list(csv.DictReader(io.StringIO(run(runner, "rank", "--top", "2", "--format", "csv").stdout)))
    assert rows[1] == {
        "rank": "2",
        "label": "Hezbollah",
        "type": "ArmedGroup",
        "in": "7",
        "out": "2",
        "score": "9",
        "iri": ACTOR + "Hezbollah",
    }


def test_rank_command_notes_a_disconnected_network(runner):
    stdout = run(runner, "rank", "--by", "eigenvector", "--polarity", "structural", "--top", "1").stdout
    assert stdout.endswith(
        "\nNote: the network has 4 components with ties: eigenvector scores are 0 outside the one with the "
        "largest leading eigenvalue (5 actors)\n"
    )


def test_communities_command(runner):
    result = run(runner, "communities", "--resolution", "0.5")
    assert result.exit_code == 0
    assert result.stdout == (
        "2 blocs on cooperative and structural ties (louvain, resolution 0.5, seed 42), modularity 0.497\n"
        "\n"
        "Bloc 1 (8 actors, 7 ties):\n"
        "  Ali Khamenei, Hamas, Hassan Nasrallah, Hezbollah, Iran, Ismail Haniyeh, Naim Qassem, Yahya Sinwar\n"
        "\n"
        "Bloc 2 (7 actors, 6 ties):\n"
        "  Benjamin Netanyahu, Daniel Hagari, France, Israel, Israel Defense Forces, Israeli authorities, "
        "United States\n"
        "\n"
        "No such tie (5):\n"
        "  Biden administration, Lebanon, Palestinian fighters, Pentagon, Unnamed suspect in a plot against "
        "Netanyahu\n"
    )


def test_communities_command_all_edges_and_json(runner):
    first = run(runner, "communities", "--all-edges", "--method", "greedy").stdout.splitlines()[0]
    assert first == "4 blocs on all ties (greedy, resolution 1), modularity 0.2883"
    data = json.loads(run(runner, "communities", "--format", "json").stdout)
    assert (data["ties"], data["modularity"], [b["size"] for b in data["blocs"]]) == (
        "cooperative and structural",
        0.5562,
        [5, 5, 3, 2],
    )


def test_balance_command(runner):
    result = run(runner, "balance")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        "Signed ties: 30 (13 positive, 17 negative); 0 pairs without a net sign left out",
        "Triads: 11 balanced, 1 unbalanced",
        "Frustration index: 2; balance index 0.8667 (1 = balanced)",
        "",
        "Camps (18 actors; 2 ties against the split):",
        "  A: Ali Khamenei, Hamas, Hassan Nasrallah, Hezbollah, Iran, Ismail Haniyeh, Lebanon, Naim Qassem, "
        "Palestinian fighters, Unnamed suspect in a plot against Netanyahu, Yahya Sinwar",
        "  B: Benjamin Netanyahu, Daniel Hagari, France, Israel, Israel Defense Forces, Israeli authorities, "
        "United States",
    ]
    assert lines[7:14] == [
        "  Either camp in an optimal split: France, United States",
        "  Against the split: - Benjamin Netanyahu — France: Benjamin Netanyahu rejects a proposal of France (1)",
        "  Against the split: - Benjamin Netanyahu — United States: Benjamin Netanyahu rejects a proposal of "
        "United States (1)",
        "",
        "Unbalanced triads:",
        "  ++-  Benjamin Netanyahu, Israel, United States",
        "       + Benjamin Netanyahu — Israel: Benjamin Netanyahu leads Israel (1)",
    ]


def test_balance_command_as_of_and_json(runner):
    lines = run(runner, "balance", "--as-of", "2024-09-01").stdout.splitlines()
    assert lines[:3] == [
        "Signed ties as of 2024-09-01: 18 (12 positive, 6 negative); 0 pairs without a net sign left out",
        "Triads: 3 balanced, 0 unbalanced",
        "Frustration index: 0; balance index 1.0 (1 = balanced)",
    ]
    data = json.loads(run(runner, "balance", "--format", "json").stdout)
    assert (data["frustration"], data["triads"]) == (2, {"balanced": 11, "unbalanced": 1})


def test_balance_command_names_the_parts(runner):
    lines = run(runner, "balance", "--polarity", "cooperative").stdout.splitlines()
    assert [line for line in lines if line.startswith("Camps")] == [
        "Camps of part 1 (3 actors; 0 ties against the split):",
        "Camps of part 2 (3 actors; 0 ties against the split):",
    ]


def test_timeline_command(runner):
    result = run(runner, "timeline", "Haniyeh")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "when                 kind   subject         relation  object  conf  quote",
        "-------------------  -----  --------------  --------  ------  ----  " + "-" * 80,
        "… – 2024-07 (month)  state  Ismail Haniyeh  leads     Hamas   F2    "
        "“a bombing in Tehran at the end of July that killed Hamas leader Ismail Haniyeh”",
    ]


def test_timeline_command_as_of_json_and_csv(runner):
    data = json.loads(run(runner, "timeline", "--as-of", "2024-09-01", "--format", "json").stdout)
    assert len(data) == 19 and data[0]["when"] == "2023-10-07 (day)"
    assert data[-1]["when"] == "undated (reported 2024-10-01)"
    rows = list(csv.DictReader(io.StringIO(run(runner, "timeline", "Qassem", "--format", "csv").stdout)))
    assert [(r["when"], r["predicate"], r["object"]) for r in rows] == [
        ("2024-09-30 (day)", "threatens", "Israel"),
        ("undated (reported 2024-10-01)", "deputy leader of", "Hezbollah"),
    ]
    empty = run(runner, "timeline", "Pentagon")
    assert empty.exit_code == 0 and len(empty.stdout.splitlines()) == 2


@pytest.mark.parametrize("command", [["neighbors", "Iran"], ["rank"], ["communities"], ["balance"], ["timeline"]])
def test_every_command_rejects_a_bad_date(runner, command):
    result = run(runner, *command, "--as-of", "2024-13")
    assert result.exit_code == 1
    assert result.stderr == ("Error: invalid date '2024-13' — expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-09-01)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["neighbors", "Nasralah"], "unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'?"),
        (["timeline", "Hezbolah"], "unknown actor 'Hezbolah' — did you mean 'Hezbollah'?"),
        (
            ["rank", "--by", "pagrank"],
            "unknown centrality method 'pagrank' — did you mean 'pagerank'? "
            "(expected degree, betweenness, pagerank or eigenvector)",
        ),
        (["rank", "--top", "0"], "top must be at least 1, not 0"),
        (["neighbors", "Iran", "--hops", "0"], "hops must be at least 1, not 0"),
        (
            ["communities", "--method", "lovain"],
            "unknown community method 'lovain' — did you mean 'louvain'? (expected louvain or greedy)",
        ),
        (
            ["balance", "--polarity", "hostil"],
            "unknown polarity 'hostil' — did you mean 'hostile'? "
            "(expected cooperative, hostile, neutral or structural)",
        ),
        (["neighbors", "Hamas", "--relation", "bakcs"], "unknown relation 'bakcs' — did you mean 'backs'?"),
    ],
)
def test_command_errors_are_one_line(runner, args, message):
    result = run(runner, *args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"


@pytest.mark.parametrize("name", ["neighbors", "rank", "communities", "balance", "timeline"])
def test_every_command_has_help_with_an_example(runner, name):
    result = run(runner, name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "--as-of DATE" in result.stdout and "--format" in result.stdout


def test_min_confidence_drops_the_claims_attributed_to_a_party(runner):
    lines = run(runner, "neighbors", "Hezbollah", "--min-confidence", "F2").stdout.splitlines()
    assert "  attacked           ← Israel (2)" in lines  # the IDF's attack is F3, attributed to Hagari
    assert not any("prepares an attack on" in line for line in lines)


def test_a_filter_that_leaves_no_tie(runner):
    result = run(runner, "neighbors", "Nasrallah", "--relation", "alliedWith", "--hops", "2")
    assert result.stdout == "Hassan Nasrallah (Person): 0 actors within 2 hops\n  no ties\n"


def test_rank_and_communities_commands_as_of_a_date(runner):
    lines = run(runner, "rank", "--as-of", "2024-09-01", "--top", "1").stdout.splitlines()
    assert lines[0].startswith("Degree centrality as of 2024-09-01 (")
    assert lines[4].split() == ["1", "Israel", "State", "8", "2", "10"]
    first = run(runner, "communities", "--as-of", "2024-08-01", "--seed", "7").stdout.splitlines()[0]
    assert first.startswith(
        "3 blocs on cooperative and structural ties as of 2024-08-01 (louvain, resolution 1, seed 7)"
    )


def test_timeline_command_with_a_relation(runner):
    result = run(runner, "timeline", "--relation", "killed", "--format", "json")
    assert [(e["subject"], e["object"], e["when"]) for e in json.loads(result.stdout)] == [
        ("Israel", "Hassan Nasrallah", "undated (reported 2024-10-01)")
    ]


@pytest.mark.parametrize("as_of", [None, "2024-09-01"])
def test_rustworkx_betweenness_matches_networkx(seed, as_of):
    from actorgraph.network import simple_view

    view = simple_view(build_network(seed, as_of=as_of))
    fast = analysis.betweenness(view, engine="rustworkx")
    reference = analysis.betweenness(view, engine="networkx")
    assert fast.keys() == reference.keys()
    assert all(abs(fast[n] - reference[n]) < 1e-12 for n in fast)
    assert max(fast.values()) > 0.4  # Israel brokers most paths
