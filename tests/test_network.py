"""The projection: actors and claims as a MultiDiGraph, cut to a date, aggregated, cached compactly."""

from __future__ import annotations

import pickle

from actorgraph.network import LazyClaims, Projection, build_network

ACTOR = "https://w3id.org/actorgraph/actor/"


def test_nodes_and_edges(seed):
    network = build_network(seed)
    assert network.nodes[ACTOR + "Hassan_Nasrallah"] == {
        "label": "Hassan Nasrallah", "type": "Person", "aliases": ("Nasrallah", "Sayyed Hassan Nasrallah")}  # fmt: skip
    edge = network.edges[ACTOR + "Israel", ACTOR + "Hassan_Nasrallah", "killed"]
    assert (edge["polarity"], edge["kind"], edge["symmetric"], edge["label"]) == ("hostile", "event", False, "killed")
    assert [c.quote for c in edge["claims"]] == [
        "In the past few weeks, Israel killed Hezbollah leader Hassan Nasrallah"
    ]


def test_repeated_claims_aggregate_on_one_edge(seed):
    edge = build_network(seed).edges[ACTOR + "United_States", ACTOR + "Israel", "defends"]
    assert (edge["count"], edge["first"], edge["last"]) == (2, "2024-04", "2024-10-01")
    assert len(edge["claims"]) == 2


def test_as_of_cuts_claims_and_recounts(seed):
    projection = Projection.from_graph(seed)
    edge = projection.at("2024-09-01").edges[ACTOR + "United_States", ACTOR + "Israel", "defends"]
    assert (edge["count"], edge["first"], edge["last"]) == (1, "2024-04", "2024-04")
    assert not projection.at("2024-09-01").has_edge(ACTOR + "Israel", ACTOR + "Hassan_Nasrallah")
    assert projection.at(None) is projection.full


def test_pickled_projection_reads_claims_only_when_asked(seed):
    projection = Projection.from_graph(seed)
    restored = pickle.loads(pickle.dumps(projection))
    edge = restored.full.edges[ACTOR + "Iran", ACTOR + "Hezbollah", "backs"]
    claims = edge["claims"]
    assert isinstance(claims, LazyClaims)
    assert len(claims) == 1 and claims._claims is None  # counted without unpickling
    assert claims[0].quote.endswith("the Iranian-backed militia group Hezbollah")
    assert restored.index.resolve("nasrallah").label == "Hassan Nasrallah"
    assert sorted(restored.full.edges(keys=True)) == sorted(projection.full.edges(keys=True))
