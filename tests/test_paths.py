"""Paths between actors: methods, direction, time, filters, ranking, and the reasons for no path."""

from __future__ import annotations

import itertools
import json
import os

import pytest

from actorgraph.cli import cli
from actorgraph.errors import InvalidPathQuery, NoPath, UnknownActor
from actorgraph.paths import CompactNetwork, PathQuery, connect


def chains(seed, **query):
    return [p.chain() for p in connect(seed, PathQuery(**query)).paths]


def test_shortest_paths_with_ties(seed):
    assert chains(seed, source="Iran", target="Nasrallah") == [
        "Iran —backs→ Hezbollah ←leads— Hassan Nasrallah",
        "Iran —attacked→ Israel —killed→ Hassan Nasrallah",
    ]


def test_sign_and_phrase(seed):
    first, second = connect(seed, PathQuery("Iran", "Nasrallah")).paths
    assert (first.sign, first.sign_phrase) == ("+", "a leader of a protégé of Iran")
    assert (second.sign, second.sign_phrase) == ("+", "an enemy of an enemy of Iran")
    (hostile,) = connect(seed, PathQuery("Iran", "Netanyahu", relations=("leads", "attacked"))).paths
    assert (hostile.sign, hostile.sign_phrase) == ("-", "a leader of an enemy of Iran")


def test_hop_carries_every_relation_and_claim(seed):
    hop = connect(seed, PathQuery("Iran", "Nasrallah")).paths[0].hops[0]
    assert (hop.relation, hop.direction, hop.relations) == ("backs", "forward", ("backs", "hasProxy"))
    assert [c.iri.rsplit("/", 1)[-1] for c in hop.claims] == ["iran-backs-hezbollah", "iran-has-proxy-hezbollah"]
    back = connect(seed, PathQuery("Iran", "Nasrallah")).paths[0].hops[1]
    assert (back.relation, back.direction, back.arrow) == ("leads", "backward", " ←leads— ")


def test_as_of_removes_a_hop(seed):
    # The killing is undated: it is on the record from the report's date, 2024-10-01.
    assert chains(seed, source="Iran", target="Nasrallah", as_of="2024-09-01") == [
        "Iran —backs→ Hezbollah ←leads— Hassan Nasrallah"
    ]
    # Haniyeh's leadership ended in 2024-07: still there mid-July, gone in August.
    assert chains(seed, source="Haniyeh", target="Hamas", as_of="2024-07-15") == ["Ismail Haniyeh —leads→ Hamas"]
    with pytest.raises(NoPath) as error:
        connect(seed, PathQuery("Haniyeh", "Hamas", as_of="2024-08-01"))
    assert str(error.value) == (
        "no path from Ismail Haniyeh to Hamas with as_of='2024-08-01'; without as_of='2024-08-01' there is a 1-hop path"
    )


def test_directed_follows_claims_forward(seed):
    assert chains(seed, source="Iran", target="Nasrallah", directed=True) == [
        "Iran —attacked→ Israel —killed→ Hassan Nasrallah"
    ]
    assert chains(seed, source="Nasrallah", target="Iran", directed=True) == [
        "Hassan Nasrallah —leads→ Hezbollah —denies a claim of→ Israel —resists pressure from→ United States "
        "—threatens→ Iran"
    ]
    assert len(chains(seed, source="Nasrallah", target="Iran")) == 2


def test_symmetric_relations_go_both_ways_when_directed(seed):
    # The claim says Israel is at war with Hamas; a directed path from Hamas may still use it.
    assert chains(seed, source="Hamas", target="Israel", directed=True, relations=("atWarWith",)) == [
        "Hamas —at war with— Israel"
    ]


def test_k_shortest_in_order(seed):
    paths = connect(seed, PathQuery("Iran", "Netanyahu", method="k", k=5)).paths
    assert [p.length for p in paths] == [2, 2, 2, 2, 3]


def test_all_simple_paths_up_to_max_hops(seed):
    paths = connect(seed, PathQuery("Iran", "Netanyahu", method="all", max_hops=3)).paths
    assert len(paths) == 12
    assert [p.length for p in paths] == sorted(p.length for p in paths)
    assert len({p.nodes for p in paths}) == 12


def test_relation_filter_includes_subrelations(seed):
    # hostileTo stands for attacked, killed, threatens...
    assert chains(seed, source="Iran", target="Nasrallah", relations=("hostileTo",)) == [
        "Iran —attacked→ Israel —killed→ Hassan Nasrallah"
    ]


def test_exclude_polarity_via_avoid(seed):
    assert chains(seed, source="Iran", target="Nasrallah", exclude_relations=("attacked",)) == [
        "Iran —backs→ Hezbollah ←leads— Hassan Nasrallah"
    ]
    assert chains(seed, source="Iran", target="Nasrallah", polarities=("hostile",)) == [
        "Iran —attacked→ Israel —killed→ Hassan Nasrallah"
    ]
    assert chains(seed, source="Iran", target="Nasrallah", avoid=("Israel",)) == [
        "Iran —backs→ Hezbollah ←leads— Hassan Nasrallah"
    ]
    assert chains(seed, source="Hamas", target="France", via=("Israel",)) == [
        "Hamas —at war with— Israel ←leads— Benjamin Netanyahu —rejects a proposal of→ France",
        "Hamas —at war with— Israel ←defends— United States —cooperates with— France",
    ]


def test_min_confidence_drops_weak_claims(seed):
    # Iran preparing an attack is rated F3 (attributed to a White House official).
    hop = connect(seed, PathQuery("Iran", "Israel")).paths[0].hops[0]
    assert {c.confidence for c in hop.claims} == {"F2", "F3"}
    strong = connect(seed, PathQuery("Iran", "Israel", min_confidence="F2")).paths[0].hops[0]
    assert {c.confidence for c in strong.claims} == {"F2"}


def test_filters_that_leave_no_path_say_which(seed):
    with pytest.raises(NoPath) as error:
        connect(seed, PathQuery("Iran", "Nasrallah", polarities=("cooperative",)))
    assert str(error.value) == (
        "no path from Iran to Hassan Nasrallah with polarities=('cooperative',); "
        "without polarities=('cooperative',) there is a 2-hop path"
    )
    with pytest.raises(NoPath) as error:
        connect(seed, PathQuery("Iran", "Nasrallah", polarities=("hostile",), as_of="2024-09-01"))
    assert str(error.value) == (
        "no path from Iran to Hassan Nasrallah with as_of='2024-09-01' polarities=('hostile',); "
        "without as_of='2024-09-01' there is a 2-hop path; without polarities=('hostile',) there is a 2-hop path"
    )


def test_unconnected_actors(seed):
    with pytest.raises(NoPath) as error:
        connect(seed, PathQuery("Iran", "Pentagon"))
    assert str(error.value) == "no path from Iran to Pentagon: they are not connected in this graph"


def test_evidence_ranking(graph_copy):
    from actorgraph import store

    claims = graph_copy / "claims-2024-10-01-iran-israel-hezbollah.ttl"
    text = claims.read_text(encoding="utf-8")
    for claim in ("claim:iran-attacked-israel-2024-04", "claim:israel-killed-nasrallah"):
        start = text.index(claim + " a ag:Claim")
        end = text.index("ag:credibility", start)
        text = text[:start] + text[start:end].replace('ag:reliability "F"', 'ag:reliability "A"') + text[end:]
    claims.write_text(text, encoding="utf-8")
    graph = store.load(graph_copy)
    by_length = [p.chain() for p in connect(graph, PathQuery("Iran", "Nasrallah")).paths]
    by_evidence = connect(graph, PathQuery("Iran", "Nasrallah", rank="evidence")).paths
    assert by_length[0].startswith("Iran —backs→")
    assert by_evidence[0].chain() == "Iran —attacked→ Israel —killed→ Hassan Nasrallah"
    assert by_evidence[0].to_dict()["weakest_confidence"] == "A2"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (PathQuery("Iran", "Iran"), "'Iran' is both ends of the path: name two different actors"),
        (PathQuery("Iran", "Hamas", method="k", k=0), "k must be at least 1, not 0"),
        (PathQuery("Iran", "Hamas", avoid=("Hamas",)), "an actor cannot be both an end of the path and avoided"),
    ],
)
def test_invalid_questions(seed, query, message):
    with pytest.raises(InvalidPathQuery) as error:
        connect(seed, query)
    assert str(error.value) == message


def test_unknown_actor(seed):
    with pytest.raises(UnknownActor):
        connect(seed, PathQuery("Iran", "Nasralah"))


# --- command line -----------------------------------------------------------------------------


def test_cli_text(runner):
    result = runner.invoke(cli, ["path", "Iran", "Nasrallah"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Iran → Hassan Nasrallah: 2 shortest paths"
    assert lines[2] == "Path 1 · 2 hops · + friendly: Hassan Nasrallah is a leader of a protégé of Iran"
    assert lines[3] == "  Iran —backs→ Hezbollah ←leads— Hassan Nasrallah"
    assert lines[4] == "  Iran —backs→ Hezbollah  (also: has as proxy)"
    assert lines[5] == "      date not given (reported 2024-10-01) · F2"
    assert "        — News report, 1 October 2024: Iran, Israel, Hezbollah [nasrallah-leads-hezbollah]" in lines


def test_cli_json(runner):
    result = runner.invoke(cli, ["path", "Khamenei", "Nasrallah", "--directed", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    (path,) = data["paths"]
    assert (path["length"], path["sign"]) == (2, "+")
    assert path["actors"] == ["Ali Khamenei", "Israel", "Hassan Nasrallah"]
    hop = path["hops"][0]
    assert {k: hop[k] for k in ("from", "to", "relation", "direction")} == {
        "from": "Ali Khamenei",
        "to": "Israel",
        "relation": "threatens",
        "direction": "forward",
    }
    assert hop["relation_iri"] == "https://w3id.org/actorgraph/ns#threatens"
    (claim,) = hop["claims"]
    assert claim["date"] == "2024-09-28" and claim["confidence"] == "F2"
    assert claim["quote"].startswith("Iran’s Supreme Leader Seyyed Ali Hosseini Khamenei said on Saturday")


def test_cli_no_path(runner):
    result = runner.invoke(cli, ["path", "Iran", "Nasrallah", "--polarity", "cooperative"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no path from Iran to Hassan Nasrallah with --polarity cooperative; "
        "without --polarity cooperative there is a 2-hop path\n"
    )


def test_cli_all_and_k_are_exclusive(runner):
    result = runner.invoke(cli, ["path", "Iran", "Hamas", "--all", "--k", "2"])
    assert result.exit_code == 2
    assert "Error: --all and --k ask different questions: use one of them" in result.stderr


def test_cli_bad_date_and_confidence(runner):
    result = runner.invoke(cli, ["path", "Iran", "Hamas", "--as-of", "2024-13"])
    assert result.exit_code == 1
    assert result.stderr == "Error: invalid date '2024-13' — expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-09-01)\n"
    result = runner.invoke(cli, ["path", "Iran", "Hamas", "--min-confidence", "Z9"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid confidence 'Z9' — expected an Admiralty rating such as B2")


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("max_hops", [1, 2, 3, 4])
def test_paths_by_length_finds_exactly_what_rustworkx_finds(seed, directed, max_hops):
    import networkx as nx
    import rustworkx as rx

    from actorgraph.network import build_network, simple_view
    from actorgraph.paths import simple_paths_by_length

    simple = simple_view(build_network(seed), directed=directed)
    iran, netanyahu = "https://w3id.org/actorgraph/actor/Iran", "https://w3id.org/actorgraph/actor/Benjamin_Netanyahu"
    backward = simple.reverse(copy=False) if directed else simple
    to_target = nx.single_source_shortest_path_length(backward, netanyahu, cutoff=max_hops)
    lazy = list(simple_paths_by_length(simple.neighbors, str, iran, netanyahu, max_hops, to_target))
    nodes = list(simple)
    compact = rx.networkx_converter(simple)
    found = rx.all_simple_paths(compact, nodes.index(iran), nodes.index(netanyahu), cutoff=max_hops + 1)
    assert sorted(map(tuple, lazy)) == sorted(tuple(nodes[i] for i in p) for p in found)
    assert [len(p) for p in lazy] == sorted(len(p) for p in lazy)  # shortest first


# --- the compact engine against the NetworkX reference --------------------------------------


def _random_projection(seed_graph, actors=36, claims=160, rng_seed=7):
    """A random network over the seed vocabulary: dated events and states, every rating."""
    import random

    from rdflib import URIRef

    from actorgraph.actors import Actor
    from actorgraph.claims import Claim
    from actorgraph.dates import PartialDate
    from actorgraph.network import Projection
    from actorgraph.vocabulary import Vocabulary

    rng = random.Random(rng_seed)
    vocabulary = Vocabulary.from_graph(seed_graph)
    people = [Actor(URIRef(f"https://example.org/actor/a{i}"), f"Actor {i:02d}", "Organization") for i in range(actors)]
    days = ["2024", "2024-03", "2024-06-10", "2024-08-01", "2024-09-30", None]
    made = []
    for n in range(claims):
        subject, obj = rng.sample(people, 2) if rng.random() > 0.03 else [rng.choice(people)] * 2
        relation = vocabulary.relations[rng.choice(sorted(vocabulary.relations))]
        start, end = rng.choice(days), rng.choice(days)
        when = {"is_state": True, "start": start and PartialDate.parse(start), "end": end and PartialDate.parse(end)}
        if relation.kind == "event":
            when = {"date": start and PartialDate.parse(start), "reported": PartialDate.parse("2024-05")}
        made.append(Claim(
            iri=URIRef(f"https://example.org/claim/c{n}"), subject_iri=subject.iri, subject=subject.label,
            relation=relation.name, predicate_iri=relation.iri, predicate=relation.label, polarity=relation.polarity,
            object_iri=obj.iri, object=obj.label, source_iri=URIRef("https://example.org/source"), source="S",
            quote=f"quote {n}", reliability=rng.choice("ABCDF"), credibility=rng.randint(1, 6), **when,
        ))  # fmt: skip
    return Projection.from_records(people, made, vocabulary)


QUERIES = [
    {},
    {"method": "all", "max_hops": 3},
    {"directed": True},
    {"method": "all", "max_hops": 3, "directed": True},
    {"as_of": "2024-07-15"},
    {"method": "all", "max_hops": 3, "as_of": "2024-03"},
    {"polarities": ("hostile",)},
    {"relations": ("cooperatesWith", "hostileTo")},
    {"exclude_relations": ("hostileTo",), "max_hops": 2},
    {"min_confidence": "C3"},
    {"min_confidence": "B", "as_of": "2024-09", "method": "all", "max_hops": 4},
    {"avoid": ("Actor 03",), "rank": "evidence"},
]


def _answer(projection, query, engine):
    try:
        return connect(projection, query, engine=engine).to_dict()
    except NoPath as error:
        return str(error)


@pytest.mark.parametrize("near_share", [0.125, 1.0], ids=["whole-graph", "near-ends"])
@pytest.mark.parametrize("size", [(36, 160), (12, 90)], ids=["sparse", "dense"])
@pytest.mark.parametrize("constraints", QUERIES, ids=lambda q: ",".join(f"{k}={v}" for k, v in q.items()) or "plain")
def test_compact_engine_matches_networkx(seed, constraints, size, near_share, monkeypatch):
    # With a share of 1.0, `--all` always searches only the part of the network near its ends.
    monkeypatch.setattr(CompactNetwork, "NEAR_SHARE", near_share)
    projection = _random_projection(seed, *size)
    pairs = [(0, 1), (2, 9), (5, 30), (11, 4), (7, 22), (35, 18)]
    ends = [(f"Actor {a % size[0]:02d}", f"Actor {b % size[0]:02d}") for a, b in pairs]
    for source, target in ends:
        if source in constraints.get("avoid", ()) or target in constraints.get("avoid", ()):
            continue
        query = PathQuery(source, target, **constraints)
        assert _answer(projection, query, "compact") == _answer(projection, query, "networkx"), (source, target)


def test_both_engines_keep_the_same_ten_of_many_shortest_paths(seed):
    from rdflib import URIRef

    from actorgraph.actors import Actor
    from actorgraph.claims import Claim
    from actorgraph.network import Projection
    from actorgraph.paths import MAX_SHORTEST
    from actorgraph.vocabulary import Vocabulary

    vocabulary = Vocabulary.from_graph(seed)
    backs = vocabulary.relations["backs"]
    # Labels run against the IRIs' order, so only a sort by label picks the right ten.
    names = ["s", *(f"a{i}" for i in range(4)), *(f"b{i}" for i in range(4)), "t"]
    actors = {n: Actor(URIRef(f"https://example.org/{n}"), f"{9 - i} {n}", "Organization") for i, n in enumerate(names)}
    layers = [["s"], ["a0", "a1", "a2", "a3"], ["b0", "b1", "b2", "b3"], ["t"]]
    edges = [(u, v) for first, second in itertools.pairwise(layers) for u in first for v in second]
    claims = [Claim(URIRef(f"https://example.org/c{n}"), actors[u].iri, actors[u].label, "backs", backs.iri,
                    backs.label, backs.polarity, actors[v].iri, actors[v].label, None, None, "q")
              for n, (u, v) in enumerate(edges)]  # fmt: skip
    projection = Projection.from_records(list(actors.values()), claims, vocabulary)
    query = PathQuery(actors["s"].label, actors["t"].label)
    compact = _answer(projection, query, "compact")
    assert len(compact["paths"]) == MAX_SHORTEST < 16
    assert compact == _answer(projection, query, "networkx")
    assert compact["paths"][0]["actors"] == ["9 s", "5 a3", "1 b3", "0 t"]


def test_compact_engine_on_the_seed_graph(seed):
    from actorgraph.network import Projection

    projection = Projection.from_graph(seed)
    labels = projection.actors.labels
    for constraints in QUERIES[:7]:
        for source, target in [("Iran", "Nasrallah"), ("Khamenei", "Netanyahu"), ("Hamas", "United States")]:
            query = PathQuery(source, target, **constraints)
            assert _answer(projection, query, "compact") == _answer(projection, query, "networkx"), (query, labels)


def test_all_paths_search_only_near_their_ends_when_that_is_cheaper(seed):
    import rustworkx as rx

    from actorgraph.network import EdgeFilter

    projection = _random_projection(seed, 300, 700, rng_seed=3)
    compact = CompactNetwork(projection, EdgeFilter(), None, directed=False)
    _, nodes = compact._around(0, 1, 2)
    assert nodes is not None and 2 < len(nodes) < 300
    assert compact._around(0, 1, 40)[1] is None  # as far as the whole network: the whole graph
    whole = sorted(map(list, rx.all_simple_paths(compact.graph, 0, 1, cutoff=5)))
    assert sorted(compact.all_simple(0, 1, 4)) == whole and whole


def test_compact_engine_refuses_what_it_cannot_do(seed):
    with pytest.raises(InvalidPathQuery, match="compact engine finds shortest and all simple paths"):
        connect(seed, PathQuery("Iran", "Nasrallah", method="k"), engine="compact")
    with pytest.raises(InvalidPathQuery, match="unknown engine 'igraph'"):
        connect(seed, PathQuery("Iran", "Nasrallah"), engine="igraph")


HEAVY = ("networkx", "pyshacl", "pyvis", "jinja2", "pyoxigraph", "actorgraph.server", "actorgraph.maps")
REPORT_HEAVY = """
import sys
from actorgraph.cli import cli
try:
    cli.main(args=sys.argv[1:], standalone_mode=False)
finally:
    print("heavy:", sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["path", "Iran", "Nasrallah"], ["path", "Iran", "Netanyahu", "--all"]])
def test_a_cold_command_imports_only_what_it_needs(graph_copy, tmp_path, args):
    import subprocess
    import sys

    env = {**os.environ, "ACTORGRAPH_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-c", REPORT_HEAVY.format(heavy=HEAVY), "--graph", str(graph_copy), *args]
    subprocess.run(command, capture_output=True, env=env, check=True)  # fills the cache
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert second.stderr.strip().splitlines()[-1] == "heavy: []"
