"""Benchmark: import the full ICEWS14 benchmark into a graph folder, and compare with Oxigraph.

    .venv/bin/python benchmarks/import_icews14.py [--data ../shared/datasets/icews14-tkg] [--repeat 3]

Imports the 90,730 ICEWS14 facts (``actorgraph.events.import_events``) into a temporary copy of
the bundled seed graph, in a fresh child process each time, and reports the median wall time, CPU
time and peak resident memory (``ru_maxrss`` of the child), the claims, actors, triples and size
of the file written. Then loads the same Turtle file with pyoxigraph's own bulk loader (an
in-memory ``Store().bulk_load``), also in child processes, for the ratio issue #7 asks about.
Unless ``--skip-rdflib``, it also times what a user does next, once each, in one child: loading
the graph with rdflib (``store.load``), a shortest path between two well-known actors, a SPARQL
query that counts claims by origin, and a GraphML export of the actor network.

The machine is shared: wall times vary with its load, CPU times much less; both are given.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "datasets" / "icews14-tkg"


def _usage() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


# --- child processes: each prints one JSON line -----------------------------------------------


def child_import(graph: str, data: str) -> dict[str, object]:
    from actorgraph.events import import_events

    start = time.perf_counter()
    report = import_events(graph, data, "icews14")
    wall = time.perf_counter() - start
    return {"wall": wall, **_usage(), "report": report.to_dict()}


def child_oxigraph(turtle: str, method: str) -> dict[str, object]:
    from pyoxigraph import RdfFormat, Store

    start = time.perf_counter()
    store = Store()
    getattr(store, method)(path=turtle, format=RdfFormat.TURTLE)
    wall = time.perf_counter() - start
    return {"wall": wall, **_usage(), "triples": len(store)}


def child_rdflib(graph: str) -> dict[str, object]:
    from actorgraph import store
    from actorgraph.export import export_network
    from actorgraph.network import build_network
    from actorgraph.paths import PathQuery, connect
    from actorgraph.sparql import run_query

    timings: dict[str, object] = {}
    start = time.perf_counter()
    dataset = store.load(graph)
    timings["load"] = time.perf_counter() - start
    timings["quads"] = len(dataset)

    start = time.perf_counter()
    report = connect(dataset, PathQuery("Barack Obama", "Hassan Nasrallah"))
    timings["path"] = time.perf_counter() - start
    timings["path_found"] = report.paths[0].chain() if report.paths else ""

    start = time.perf_counter()
    query = """SELECT ?origin (COUNT(?claim) AS ?claims) WHERE {
      ?claim a ag:Claim . OPTIONAL { ?claim ag:origin ?o }
      BIND (IF(BOUND(?o), STR(?o), "curated") AS ?origin)
    } GROUP BY ?origin ORDER BY ?origin"""
    result = run_query(dataset, query, timeout=None)
    timings["sparql"] = time.perf_counter() - start
    timings["sparql_rows"] = [[str(v) for v in row] for row in result.rows]

    start = time.perf_counter()
    network = build_network(dataset)
    graphml = export_network(network, "graphml")
    timings["export"] = time.perf_counter() - start
    timings["export_mb"] = len(str(graphml).encode("utf-8")) / 1e6
    timings["network"] = [network.number_of_nodes(), network.number_of_edges()]
    return {**timings, **_usage()}


def run_child(*args: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False, cwd=REPO
    )
    if completed.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- the benchmark ----------------------------------------------------------------------------


def median(runs: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(run[key]) for run in runs)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ICEWS14 folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the import and of Oxigraph (median)")
    parser.add_argument("--skip-rdflib", action="store_true", help="do not time the rdflib load, path, query, export")
    parser.add_argument("--keep", type=Path, help="copy the graph folder with the import here")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no ICEWS14 folder at {args.data}")

    from actorgraph import resources

    work = Path(tempfile.mkdtemp(prefix="actorgraph-icews14-"))
    graph = work / "graph"
    shutil.copytree(resources.bundled_graph_dir(), graph)
    try:
        imports = []
        for _ in range(args.repeat):
            for path in graph.glob("icews14-*.ttl"):
                path.unlink()
            imports.append(run_child("import", str(graph), str(args.data)))
        report = imports[-1]["report"]
        turtle = Path(report["target"])  # type: ignore[index]
        size_mb = turtle.stat().st_size / 1e6
        bulk = [run_child("oxigraph", str(turtle), "bulk_load") for _ in range(args.repeat)]
        load = [run_child("oxigraph", str(turtle), "load") for _ in range(args.repeat)]
        rdflib_run = None if args.skip_rdflib else run_child("rdflib", str(graph))
        if args.keep:
            shutil.copytree(graph, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    created = sum(report["actors_created"].values())  # type: ignore[index, union-attr]
    oxigraph_triples = int(bulk[0]["triples"])  # type: ignore[arg-type]
    rows = [
        ("events read", f"{report['events']:,}"),  # type: ignore[index]
        ("claims written", f"{report['claims']:,}"),  # type: ignore[index]
        ("events skipped", ", ".join(f"{n:,} {r}" for r, n in report["skipped"].items())),  # type: ignore[index, union-attr]
        ("actors", f"{created:,} created, {report['actors_matched']} matched to the seed graph's"),  # type: ignore[index]
        ("triples in the file", f"{report['triples']:,} (Oxigraph counts {oxigraph_triples:,})"),  # type: ignore[index]
        ("file size", f"{size_mb:.1f} MB"),
        ("import, wall (median)", f"{median(imports, 'wall'):.2f} s"),
        ("import, CPU (median)", f"{median(imports, 'cpu'):.2f} s (whole child, Python start-up included)"),
        ("import, peak RSS (median)", f"{median(imports, 'rss_mb'):.0f} MB"),
        ("pyoxigraph bulk_load, wall (median)", f"{median(bulk, 'wall'):.2f} s"),
        ("pyoxigraph bulk_load, peak RSS (median)", f"{median(bulk, 'rss_mb'):.0f} MB"),
        ("pyoxigraph load, wall (median)", f"{median(load, 'wall'):.2f} s"),
        ("import / bulk_load, wall", f"{median(imports, 'wall') / median(bulk, 'wall'):.2f}"),
        ("import / load, wall", f"{median(imports, 'wall') / median(load, 'wall'):.2f}"),
    ]
    if rdflib_run:
        rows += [
            ("rdflib store.load of the graph", f"{float(rdflib_run['load']):.1f} s, {rdflib_run['quads']:,} quads"),  # type: ignore[arg-type]
            ("path Barack Obama → Hassan Nasrallah", f"{float(rdflib_run['path']):.1f} s: {rdflib_run['path_found']}"),  # type: ignore[arg-type]
            ("SPARQL claims by origin", f"{float(rdflib_run['sparql']):.1f} s: {rdflib_run['sparql_rows']}"),  # type: ignore[arg-type]
            (
                "network + GraphML export",
                f"{float(rdflib_run['export']):.1f} s, {float(rdflib_run['export_mb']):.0f} MB, "  # type: ignore[arg-type]
                f"{rdflib_run['network'][0]:,} nodes, {rdflib_run['network'][1]:,} edges",  # type: ignore[index]
            ),
            ("rdflib child, peak RSS", f"{float(rdflib_run['rss_mb']):.0f} MB"),  # type: ignore[arg-type]
        ]
    width = max(len(name) for name, _ in rows)
    table = "\n".join(
        [f"| {'measure'.ljust(width)} | value |", f"|{'-' * (width + 2)}|-------|"]
        + [f"| {name.ljust(width)} | {value} |" for name, value in rows]
    )
    header = f"ICEWS14 import benchmark ({args.repeat} runs; {os.cpu_count()} cores; python {sys.version.split()[0]})"
    print(header + "\n\n" + table)
    if args.markdown:
        args.markdown.write_text(f"# {header}\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        result = {"import": child_import, "oxigraph": child_oxigraph, "rdflib": child_rdflib}[kind](*rest)
        print(json.dumps(result))
    else:
        main()
