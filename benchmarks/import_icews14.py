"""Benchmark: import the full ICEWS14 benchmark into a graph folder, and compare with Oxigraph.

    .venv/bin/python benchmarks/import_icews14.py [--data ../shared/datasets/icews14-tkg] [--repeat 3]
        [--scales 1 2 4]

Imports the 90,730 ICEWS14 facts (``actorgraph.events.import_events``) into a temporary copy of
the bundled seed graph, in a fresh child process each time, and reports the median wall time, CPU
time and peak resident memory (``ru_maxrss`` of the child), the claims, actors, triples and size
of the file written. Then loads the same Turtle file with pyoxigraph's own bulk loader (an
in-memory ``Store().bulk_load``), also in child processes, for the ratio issue #7 asks about.
Unless ``--skip-rdflib``, it also times what a user does next, once each, in one child: loading
the graph with rdflib (``store.load``), a shortest path between two well-known actors, a SPARQL
query that counts claims by origin, and a GraphML export of the actor network.

From the data file to the first answered query: the whole ``actorgraph import`` command, then the
whole ``actorgraph sparql`` command counting the graph's triples (it builds the folder's Oxigraph
store, which the import recorded in the folder's config), against one process that bulk-loads
the same files into an on-disk pyoxigraph store and answers the same query; the ratio of the two.

With ``--scales 1 2 4``, the import's peak memory at 2× and 4× the input: each copy of ICEWS14
renames its actors ("Iran [copy 2]") and shifts their ids, so each copy adds as many new claims.

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


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_ALL_GRAPHS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def child_oxigraph_disk(graph: str, location: str) -> dict[str, object]:
    """pyoxigraph alone: the folder's files (as actorgraph names them) into an on-disk store, then
    the count; the same triples the first ``actorgraph sparql`` loads."""
    import pyoxigraph as ox

    from actorgraph import store

    start = time.perf_counter()
    target = ox.Store(location)
    for name, source in store.named_sources(Path(graph)):
        target.bulk_load(path=str(source), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(name))
    target.flush()
    count = int(next(iter(target.query(COUNT_ALL_GRAPHS)))[0].value)  # type: ignore[index]
    return {"wall": time.perf_counter() - start, **_usage(), "triples": count}


def timed(command: list[str]) -> dict[str, float]:
    """Wall and CPU time and peak memory of a whole command, as ``/usr/bin/time`` gives them."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            output.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{output.read().decode()}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def first_query(data: Path, work: Path) -> dict[str, float]:
    """``actorgraph import`` then ``actorgraph sparql`` in a new copy of the seed graph, and
    pyoxigraph alone on the same files; the graph is left at ``work / "first"``."""
    from actorgraph import resources

    graph = work / "first"
    shutil.copytree(resources.bundled_graph_dir(), graph)
    cli = [sys.executable, "-m", "actorgraph", "--graph", str(graph)]
    os.environ["ACTORGRAPH_CACHE"] = str(work / "cache")  # a cold cache, as after a first import
    imported = timed([*cli, "import", "--format", "icews14", str(data)])
    queried = timed([*cli, "sparql", COUNT])
    alone = run_child("oxigraph-disk", str(graph), str(work / "oxigraph-alone"))
    shutil.rmtree(work / "oxigraph-alone", ignore_errors=True)
    return {
        "import_wall": imported["wall"], "import_cpu": imported["cpu"], "import_rss": imported["rss_mb"],
        "query_wall": queried["wall"], "query_cpu": queried["cpu"], "query_rss": queried["rss_mb"],
        "oxigraph_wall": float(alone["wall"]), "oxigraph_cpu": float(alone["cpu"]),  # type: ignore[arg-type]
        "oxigraph_rss": float(alone["rss_mb"]),  # type: ignore[arg-type]
    }  # fmt: skip


def scaled_copy(data: Path, copies: int, folder: Path) -> Path:
    """ICEWS14 *copies* times over: copy k > 1 renames every entity "<name> [copy k]" and shifts
    the entities' ids, so its facts are new facts between new actors."""
    folder.mkdir(parents=True, exist_ok=True)
    entities = [line.rsplit("\t", 1) for line in (data / "entity2id.txt").read_text().splitlines() if line.strip()]
    size = len(entities)
    with open(folder / "entity2id.txt", "w", encoding="utf-8") as out:
        for k in range(copies):
            for name, number in entities:
                out.write(f"{name}{f' [copy {k + 1}]' if k else ''}\t{int(number) + k * size}\n")
    shutil.copy(data / "relation2id.txt", folder / "relation2id.txt")
    for split in ("train.txt", "valid.txt", "test.txt"):
        facts = [line.split("\t") for line in (data / split).read_text().splitlines() if line.strip()]
        with open(folder / split, "w", encoding="utf-8") as out:
            for k in range(copies):
                for head, relation, tail, day in facts:
                    out.write(f"{int(head) + k * size}\t{relation}\t{int(tail) + k * size}\t{day}\n")
    return folder


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


def _times(run: dict[str, float], name: str) -> str:
    return f"{run[name + '_wall']:.1f} s wall, {run[name + '_cpu']:.1f} s CPU, {run[name + '_rss']:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ICEWS14 folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the import and of Oxigraph (median)")
    parser.add_argument("--skip-rdflib", action="store_true", help="do not time the rdflib load, path, query, export")
    parser.add_argument("--keep", type=Path, help="copy the graph folder with the import here")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--scales", type=int, nargs="*", default=[], help="also import 2×, 4×… ICEWS14: peak memory")
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
        first = first_query(args.data, work)
        scaled = []
        for copies in args.scales:
            scaled_graph = work / f"scaled-{copies}"
            shutil.copytree(resources.bundled_graph_dir(), scaled_graph)
            source = args.data if copies == 1 else scaled_copy(args.data, copies, work / f"icews14-x{copies}")
            scaled.append((copies, run_child("import", str(scaled_graph), str(source))))
            shutil.rmtree(scaled_graph, ignore_errors=True)
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
    to_query = first["import_wall"] + first["query_wall"]
    to_query_cpu = first["import_cpu"] + first["query_cpu"]
    rows += [
        ("`actorgraph import` command", _times(first, "import")),
        ("first `actorgraph sparql` (count) after it", _times(first, "query")),
        ("pyoxigraph alone: on-disk bulk load + count", _times(first, "oxigraph")),
        ("data file to first answer / pyoxigraph", f"{to_query / first['oxigraph_wall']:.2f}× wall, "
                                                   f"{to_query_cpu / first['oxigraph_cpu']:.2f}× CPU"),
    ]  # fmt: skip
    for copies, run in scaled:
        triples = run["report"]["triples"]  # type: ignore[index]
        rows.append((f"import of {copies}× ICEWS14, peak RSS", f"{float(run['rss_mb']):.0f} MB "  # type: ignore[arg-type]
                     f"({triples:,} triples, {float(run['wall']):.1f} s wall)"))  # type: ignore[arg-type]  # fmt: skip
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
        children = {"import": child_import, "oxigraph": child_oxigraph, "oxigraph-disk": child_oxigraph_disk}
        result = {**children, "rdflib": child_rdflib}[kind](*rest)
        print(json.dumps(result))
    else:
        main()
