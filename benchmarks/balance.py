"""How fast `balance` finds the exact frustration index, by network size, against the old local search.

Run from the repository:

    .venv/bin/python benchmarks/balance.py                      # 100 to 2,000 ties, 5% and 10% of signs flipped
    .venv/bin/python benchmarks/balance.py --ties 2000 --noise 0.15 --time-limit 120

Each network is shaped like an alliance system: a clustered scale-free graph (Holme–Kim,
``powerlaw_cluster_graph``, 3 ties per new actor, triangle probability 0.5; about a third as many
actors as ties), two planted camps (each actor's at random), every tie positive inside a camp
and negative across, then a share of the signs (``--noise``) flipped at random. The binary
program (``method="milp"``, HiGHS) runs with a time limit; in the same run the reference
(``method="enumeration"``: blocks above 22 actors by local search) gives its count and time.
The target is exact within 60 s at 2,000 ties.
"""

from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from actorgraph.analysis import balance


def signed_network(ties: int, noise: float, seed: int) -> nx.MultiDiGraph:
    """A random signed network of about *ties* ties in the shape ``analysis.balance`` reads."""
    rng = random.Random(seed)
    graph = nx.powerlaw_cluster_graph(max(ties // 3, 5), 3, 0.5, seed=seed)
    camp = {n: rng.choice((1, -1)) for n in graph}
    network = nx.MultiDiGraph(as_of=None)
    for n in graph:
        network.add_node(f"a{n}", label=f"a{n}", type="State", aliases=())
    for u, v in graph.edges():
        sign = camp[u] * camp[v] * (-1 if rng.random() < noise else 1)
        polarity = "cooperative" if sign > 0 else "hostile"
        network.add_edge(f"a{u}", f"a{v}", key=polarity, polarity=polarity, label=polarity, claims=[None])
    return network


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, nargs="+", default=[100, 250, 500, 1000, 2000])
    parser.add_argument("--noise", type=float, nargs="+", default=[0.05, 0.10])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("| ties | actors | flipped | program: frustration | lower bound | time | local search: frustration | time |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for noise in args.noise:
        for ties in args.ties:
            network = signed_network(ties, noise, args.seed)
            start = time.perf_counter()
            exact = balance(network, time_limit=args.time_limit)
            solved = time.perf_counter() - start
            start = time.perf_counter()
            searched = balance(network, method="enumeration")
            search_time = time.perf_counter() - start
            print(
                f"| {len(exact.ties):,} | {network.number_of_nodes():,} | {noise:.0%} | {exact.frustration}"
                f"{'' if exact.exact else ' (time limit)'} | {exact.lower_bound} | {solved:.2f} s"
                f" | {searched.frustration} | {search_time:.2f} s |",
                flush=True,
            )


if __name__ == "__main__":
    main()
