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
network cut to each date, then the analysis), each series cutting its own networks (the first
cuts read claims from the cache), with wall and CPU time (the machine is shared: CPU time varies
much less with its load). A first row times the cuts alone. The exact search has
``--time-limit`` seconds at each date.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from actorgraph.analysis import balance
from actorgraph.graph import SeriesOptions
from actorgraph.series import Series, When


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
    print("| series | dates | wall | CPU | CPU per date | last date |")
    print("|---|---:|---:|---:|---:|---|")
    series: dict[str, Callable[[], tuple[int, object]]] = {
        "the networks alone (cut to each date)": lambda: _cuts(graph._over_time(dates, lambda network: network)),
        f"balance (limit {time_limit:g} s)": lambda: _last(graph.balance_over_time(time_limit=time_limit, **dates)),
        "rank (degree)": lambda: _last(graph.rank_over_time(**dates)),
        "communities (louvain)": lambda: _last(graph.communities_over_time(**dates)),
    }
    for name, run in series.items():
        graph.projection._dated.clear()  # each series cuts its own networks, as a new command would
        start, cpu = time.perf_counter(), time.process_time()
        count, shown = run()
        took, used = time.perf_counter() - start, time.process_time() - cpu
        print(f"| {name} | {count} | {took:.1f} s | {used:.1f} s | {used / count:.1f} s | {shown} |", flush=True)


def _cuts(networks: list[tuple[When, nx.MultiDiGraph]]) -> tuple[int, object]:
    return len(networks), f"{networks[-1][1].number_of_edges():,} edges"


def _last(series: Series) -> tuple[int, object]:
    """How many dates, and the figures of the last one that say most."""
    last = series.points[-1].to_dict()
    return len(series.points), {k: last[k] for k in ("frustration", "lower_bound", "index", "modularity") if k in last}


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
