"""The exact frustration index by binary programming, against enumeration and local search."""

import itertools
import json
import random
import re
from pathlib import Path

import networkx as nx
import pytest
from test_analysis import labels, run, toy

from actorgraph import frustration
from actorgraph.analysis import SWING_LIMIT, balance
from actorgraph.cli import cli
from actorgraph.cli.analysis import _frustration_line
from actorgraph.errors import InvalidAnalysis, UnknownMethod
from actorgraph.network import build_network


def enumerated(ties):
    """The frustration index of a signed multigraph, over every split (the first actor fixed)."""
    nodes = sorted({n for u, v, _ in ties for n in (u, v)})
    return min(
        frustration.count(ties, dict(zip(nodes, (1, *bits), strict=True)))
        for bits in itertools.product((1, -1), repeat=len(nodes) - 1)
    )


def random_multigraph(rng, size):
    """Up to three ties per pair, each of a random sign: pairs with ties of both signs are common."""
    nodes = [f"n{i}" for i in range(size)]
    return [
        (u, v, rng.choice((1, -1)))
        for u, v in itertools.combinations(nodes, 2)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))
    ]


@pytest.mark.parametrize("size", [3, 5, 7, 9])
def test_the_program_equals_enumeration_on_random_signed_multigraphs(size):
    rng = random.Random(size)
    both_signs = 0
    for _ in range(40):
        ties = random_multigraph(rng, size)
        if not ties:
            continue
        anchor = min(u for u, _, _ in ties)
        solution = frustration.solve(ties, anchor)
        assert solution is not None
        assert solution.frustration == solution.lower_bound == enumerated(ties)
        assert solution.frustration == frustration.count(ties, solution.sides) and solution.sides[anchor] == 1
        pairs = {}
        for u, v, sign in ties:
            pairs.setdefault((u, v), set()).add(sign)
        both_signs += sum(len(signs) == 2 for signs in pairs.values())
    assert both_signs >= 20


def test_fixing_an_actor_gives_the_best_split_with_it_there():
    triangle = [("a", "b", -1), ("b", "c", -1), ("a", "c", -1), ("c", "d", 1)]
    free = frustration.solve(triangle, "a")
    forced = frustration.solve(triangle, "a", fixed={"b": 1})
    assert (free.frustration, forced.frustration, forced.sides["b"]) == (1, 1, 1)
    assert frustration.solve(triangle, "a", fixed={"d": -1, "c": 1}).frustration == 2


def camp_toy(rng, graph):
    """Claims on the ties of *graph*: one or two, of random polarity, in random directions."""
    ties = []
    for u, v in graph.edges():
        for _ in range(rng.choice((1, 1, 2))):
            a, b = rng.sample((f"a{u:02d}", f"a{v:02d}"), 2)
            ties.append((a, b, rng.choice(["cooperative", "hostile", "structural"])))
    return toy(*ties)


@pytest.mark.parametrize("size", [5, 8, 11, 14])
def test_balance_by_the_program_equals_enumeration(size):
    rng = random.Random(100 + size)
    for attempt in range(15):
        network = camp_toy(rng, nx.gnp_random_graph(size, 0.5, seed=attempt))
        exact, reference = balance(network), balance(network, method="enumeration")
        assert exact.exact and reference.exact
        assert (exact.frustration, exact.lower_bound) == (reference.frustration, reference.frustration)
        assert [labels(s.swing) for s in exact.splits] == [labels(s.swing) for s in reference.splits]
        assert [s.frustration for s in exact.splits] == [s.frustration for s in reference.splits]


def test_the_program_is_exact_where_local_search_only_bounds():
    """A 40-actor block (two planted camps, a fifth of the signs flipped): beyond enumeration, and
    the local search stays above the optimum."""
    rng = random.Random(7)
    graph = nx.gnm_random_graph(40, 120, seed=7)
    camp = {n: rng.choice((1, -1)) for n in graph}
    signs = {(u, v): camp[u] * camp[v] * (-1 if rng.random() < 0.2 else 1) for u, v in graph.edges()}
    network = toy(*((f"a{u:02d}", f"a{v:02d}", "cooperative" if s > 0 else "hostile") for (u, v), s in signs.items()))
    exact, searched = balance(network), balance(network, method="enumeration")
    assert exact.exact and not searched.exact
    assert (exact.frustration, exact.lower_bound, searched.frustration) == (21, 21, 22)


def test_blocks_above_the_swing_limit_are_solved_but_not_probed():
    ring = [(f"a{i:02d}", f"a{(i + 1) % 40:02d}", "hostile" if i == 0 else "cooperative") for i in range(40)]
    assert SWING_LIMIT < 40
    result = balance(toy(*ring))
    assert (result.frustration, result.exact, result.splits[0].swing) == (1, True, None)


def hard_network():
    rng = random.Random(1)
    graph = nx.gnm_random_graph(250, 1000, seed=1)
    return toy(*((f"a{u:03d}", f"a{v:03d}", rng.choice(["cooperative", "hostile"])) for u, v in graph.edges()))


def test_past_the_time_limit_the_best_split_with_a_lower_bound():
    result = balance(hard_network(), time_limit=0.5)
    (split,) = result.splits
    assert not result.exact and result.lower_bound < result.frustration
    assert split.swing is None and result.time_limit == 0.5
    sides = {a.iri: 1 for a in split.camps[0]} | {a.iri: -1 for a in split.camps[1]}
    assert all(t.sign * sides[t.actors[0].iri] * sides[t.actors[1].iri] < 0 for t in split.frustrated)
    assert re.fullmatch(
        rf"Frustration index: between {result.lower_bound} and {result.frustration} \(the time limit of 0\.5 s "
        rf"stopped the search; the best split found has {result.frustration} ties against it, "
        rf"{result.frustration - result.lower_bound} more than the proven lower bound\); "
        rf"balance index {result.index} at least \(1 = balanced\)",
        _frustration_line(result),
    )


def test_balance_checks_its_arguments(seed):
    network = build_network(seed)
    with pytest.raises(InvalidAnalysis, match=r"^time_limit must be above 0 seconds, not 0$"):
        balance(network, time_limit=0)
    with pytest.raises(
        UnknownMethod,
        match=r"^unknown balance method 'milps' — did you mean 'milp'\? \(expected milp or enumeration\)$",
    ):
        balance(network, method="milps")


def test_balance_command_with_a_time_limit(runner, tmp_path):
    lines = run(runner, "balance", "--time-limit", "30").stdout.splitlines()
    assert lines[2] == "Frustration index: 2; balance index 0.8667 (1 = balanced)"
    data = json.loads(run(runner, "balance", "--time-limit", "30", "--format", "json").stdout)
    assert {k: data[k] for k in ("frustration", "lower_bound", "exact", "method", "time_limit")} == {
        "frustration": 2,
        "lower_bound": 2,
        "exact": True,
        "method": "milp",
        "time_limit": 30.0,
    }
    result = runner.invoke(cli, ["balance", "--time-limit", "0"])
    assert result.exit_code == 2 and "Invalid value for '--time-limit': 0.0 is not in the range x>0." in result.output


# --- a classic network: Read's highland tribes --------------------------------------------------


def highland_tribes():
    """The 58 signed ties among 16 Gahuku-Gama tribes (Read 1954), as KONECT numbers them (tests/data/README.md)."""
    path = Path(__file__).parent / "data" / "highland-tribes.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [(f"tribe {u}", f"tribe {v}", int(sign)) for u, v, sign in rows]


def test_the_highland_tribes_have_the_published_frustration_index_of_7():
    ties = highland_tribes()
    assert len(ties) == 58 and len({n for u, v, _ in ties for n in (u, v)}) == 16
    assert sum(sign > 0 for _, _, sign in ties) == 29
    solution = frustration.solve(ties, "tribe 1")
    assert solution.frustration == solution.lower_bound == 7
    assert frustration.count(ties, solution.sides) == 7
    network = toy(*((u, v, "cooperative" if sign > 0 else "hostile") for u, v, sign in ties))
    exact, enumeration = balance(network), balance(network, method="enumeration")
    assert (exact.frustration, exact.exact, exact.index) == (7, True, round(1 - 7 / 29, 4))
    assert (enumeration.frustration, enumeration.exact) == (7, True)
