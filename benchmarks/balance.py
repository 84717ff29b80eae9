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

    .venv/bin/python benchmarks/balance.py --every month              # ICEWS14 imported into a scratch copy
    .venv/bin/python benchmarks/balance.py --every month --graph DIR  # a graph folder already imported

times the series over time on the ICEWS14 graph (benchmarks/import_icews14.py): ``balance``,
``rank`` and ``communities`` at the end of every month of 2014 (``Graph.*_over_time``; the
network cut to each date, then the analysis), each series with its first date's cut (claims
read from the cache the first time) and the mean per date. The exact search has
``--time-limit`` seconds at each date.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from actorgraph.analysis import balance
from actorgraph.graph import SeriesOptions


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


def over_time(folder: Path, every: str, time_limit: float) -> None:
    """Time each series of figures over time on the graph in *folder*, the projection loaded first:
    over 2014, ICEWS14's year (the seed graph's claims, imported with it, are of 2023 and 2024)."""
    import actorgraph

    graph = actorgraph.open(folder)
    start = time.perf_counter()
    network = graph.projection.full
    size = f"{network.number_of_nodes():,} actors, {network.number_of_edges():,} edges"
    print(f"network loaded ({size}): {time.perf_counter() - start:.1f} s\n")
    dates: SeriesOptions = {"every": every, "start": "2014-01", "end": "2014-12"}
    print("| series | dates | total | per date | last date |")
    print("|---|---:|---:|---:|---|")
    series = {
        f"balance (time limit {time_limit:g} s)": lambda: graph.balance_over_time(time_limit=time_limit, **dates),
        "rank (degree)": lambda: graph.rank_over_time(**dates),
        "communities (louvain)": lambda: graph.communities_over_time(**dates),
    }
    for name, run in series.items():
        start = time.perf_counter()
        result = run()
        took = time.perf_counter() - start
        last = result.points[-1].to_dict()
        shown = {k: last[k] for k in ("frustration", "lower_bound", "index", "blocs", "modularity") if k in last}
        print(f"| {name} | {len(result.points)} | {took:.1f} s | {took / len(result.points):.1f} s | {shown} |",
              flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, nargs="+", default=[100, 250, 500, 1000, 2000])
    parser.add_argument("--noise", type=float, nargs="+", default=[0.05, 0.10])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--every", help="time the series over time on ICEWS14 instead, one date per this period")
    parser.add_argument("--graph", type=Path, help="with --every: a graph folder with ICEWS14 imported")
    parser.add_argument("--data", type=Path, help="with --every: the ICEWS14 folder to import")
    args = parser.parse_args()
    if args.every:
        here = Path(__file__).resolve().parent
        sys.path.insert(0, str(here))
        from sparql import import_graph

        with tempfile.TemporaryDirectory(prefix="actorgraph-balance-") as scratch:
            os.environ.setdefault("ACTORGRAPH_CACHE", str(Path(scratch) / "cache"))
            data = args.data or here.parent.parent / "shared" / "datasets" / "icews14-tkg"
            folder = args.graph or import_graph(data, Path(scratch))
            over_time(folder, args.every, args.time_limit)
        return
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
