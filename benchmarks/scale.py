"""Speed and memory of actorgraph against its references, at several graph sizes.

Each figure runs in a fresh process (so peak RSS is that of the task alone), each pair is
interleaved (figure, reference, figure, reference, ...) and the table shows medians of 3.

    python benchmarks/scale.py 10000 100000 1000000      # synthetic graphs of these sizes
    python benchmarks/scale.py --graph /path/to/graph    # a copy of an existing graph folder
    python benchmarks/scale.py --icews14                 # the bundled graph + the real ICEWS14 import
    python benchmarks/scale.py --graph graph             # the bundled seed graph
    python benchmarks/scale.py --figures cold,paths 1000000   # only some groups of figures

Figures (reference in brackets):
  load         rdflib parse of every file, the memory store   [pyoxigraph in-memory bulk load]
  oxigraph     build of the embedded Oxigraph store           [pyoxigraph in-memory bulk load]
  projection   network built as a command with an Oxigraph     -
               store builds it (files loaded in memory, read once)
  cold path    `actorgraph path A B`, projection cached        [python -c "import networkx"]
  cold help    `actorgraph --help`                             [python -c "import networkx"]
  all paths    `--all --max-hops 4`: the compact graph built   [rustworkx all_simple_paths alone, on
               from the cached columns, every simple path       a graph built beforehand from
               found and sorted                                 NetworkX's simple view]
  + evidence   the same through `paths.connect`: every hop     [rustworkx alone]
               with its claims, as the command prints them
  betweenness  `actorgraph rank --by betweenness`, exact       [rustworkx betweenness alone, on a
               (whole command, projection cached)               graph built beforehand]

A and B are the actors ranked 2% and 10% down by degree. The two all-paths figures must find
as many paths as rustworkx does, or the script stops.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from installed import compile_package

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
ACTORGRAPH = [PYTHON, "-m", "actorgraph"]
REPEAT = 3
ICEWS14 = HERE.parent.parent / "shared" / "datasets" / "icews14-tkg"

# Each snippet prints one JSON object with its seconds; run with `python -c` in a new process.
TIMED = """
import json, resource, sys, time
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "rss_mb": rss_mb, **globals().get("extra", {{}})}}))
"""

RDFLIB_LOAD = """
from actorgraph import store
dataset = store.load({folder!r})
"""
OXIGRAPH_BULK = """
import pyoxigraph as ox
from pathlib import Path
target = ox.Store()
for path in sorted(Path({folder!r}).glob("*.ttl")):
    target.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
"""
OXIGRAPH_BUILD = """
import shutil
from pathlib import Path
from actorgraph import store
shutil.rmtree({store_path!r}, ignore_errors=True)
Path({store_path!r} + ".fingerprint").unlink(missing_ok=True)
store.build_oxigraph(Path({folder!r}), Path({store_path!r}))
"""
PROJECTION = """
from pathlib import Path
from actorgraph import store
from actorgraph.network import Projection
projection = Projection.from_graph(store.open_for_one_pass(Path({folder!r}), "oxigraph:" + {store_path!r}))
"""
ALL_PATHS = """
import rustworkx  # imported before the clock starts, as in the reference
from pathlib import Path
from actorgraph.cache import cached_projection
from actorgraph.network import EdgeFilter
from actorgraph.paths import CompactNetwork
projection = cached_projection(Path({folder!r}), lambda: None)
position = projection.actors.position
start = time.perf_counter()
compact = CompactNetwork(projection, EdgeFilter(), None, directed=False)
paths = compact.all_simple(position[{source!r}], position[{target!r}], 4)
extra = {{"paths": len(paths)}}
"""
ALL_PATHS_EVIDENCE = """
import rustworkx
from pathlib import Path
from actorgraph.cache import cached_projection
from actorgraph.paths import PathQuery, connect
projection = cached_projection(Path({folder!r}), lambda: None)
start = time.perf_counter()
report = connect(projection, PathQuery({source!r}, {target!r}, method="all", max_hops=4))
extra = {{"paths": len(report.paths)}}
"""
RUSTWORKX_PATHS = """
import rustworkx as rx
from pathlib import Path
from actorgraph.cache import cached_projection
from actorgraph.network import simple_view
projection = cached_projection(Path({folder!r}), lambda: None)
simple = simple_view(projection.full)
nodes = list(simple.nodes)
position = {{n: i for i, n in enumerate(nodes)}}
graph = rx.PyGraph(multigraph=False)
graph.add_nodes_from(range(len(nodes)))
graph.add_edges_from_no_data([(position[u], position[v]) for u, v in simple.edges])
start = time.perf_counter()
paths = rx.all_simple_paths(graph, position[{source!r}], position[{target!r}], cutoff=5)
extra = {{"paths": len(paths)}}
"""


BETWEENNESS_RUSTWORKX = """
import rustworkx as rx
from pathlib import Path
from actorgraph.cache import cached_projection
from actorgraph.network import simple_view
projection = cached_projection(Path({folder!r}), lambda: None)
simple = simple_view(projection.full)
position = {{n: i for i, n in enumerate(simple.nodes)}}
graph = rx.PyGraph(multigraph=False)
graph.add_nodes_from(range(len(position)))
graph.add_edges_from_no_data([(position[u], position[v]) for u, v in simple.edges])
start = time.perf_counter()
rx.graph_betweenness_centrality(graph, normalized=True)
"""


def measure(snippet: str, env: dict[str, str]) -> dict[str, float]:
    completed = subprocess.run([PYTHON, "-c", TIMED.format(body=snippet)], capture_output=True, text=True, env=env)
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.strip().splitlines()[-1])
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure_command(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall time and peak RSS of a whole command, from outside (GNU time)."""
    completed = subprocess.run(["/usr/bin/time", "-f", "%e %M", *args], capture_output=True, text=True, env=env)
    seconds, kilobytes = completed.stderr.strip().splitlines()[-1].split()
    return {"seconds": float(seconds), "rss_mb": int(kilobytes) / 1024}


def interleaved(runs: dict[str, object]) -> dict[str, dict[str, float]]:
    """Run each callable REPEAT times, round-robin; medians of seconds and RSS."""
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
    for _ in range(REPEAT):
        for name, run in runs.items():
            samples[name].append(run())  # type: ignore[operator]
    return {name: {k: statistics.median(s[k] for s in values) for k in values[0]} for name, values in samples.items()}


def well_connected_pair(folder: Path, env: dict[str, str]) -> tuple[str, str]:
    code = f"""
from pathlib import Path
from actorgraph.cache import cached_projection
from actorgraph import store
from actorgraph.network import Projection
p = cached_projection(Path({str(folder)!r}), lambda: Projection.from_graph(store.open_for_one_pass(
                      Path({str(folder)!r}), "oxigraph:" + {str(folder / ".bench-oxigraph")!r})))
ranked = sorted(p.full.degree, key=lambda item: -item[1])
print(ranked[len(ranked) // 50][0], ranked[len(ranked) // 10][0])
"""
    completed = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env, check=True)
    source, target = completed.stdout.split()
    return source, target


FIGURES = ("load", "projection", "cold", "paths", "betweenness")

Row = tuple[str, dict[str, float], float | None, str]


def bench(folder: Path, cache: Path, figures: tuple[str, ...] = FIGURES) -> list[tuple[str, str, str, str]]:
    env = {**os.environ, "ACTORGRAPH_CACHE": str(cache), "PYTHONPATH": str(HERE.parent)}
    source, target = well_connected_pair(folder, env)
    fmt = {"folder": str(folder), "store_path": str(folder / ".bench-oxigraph"), "source": source, "target": target}
    groups = {"load": _loading, "projection": _projection, "cold": _cold, "paths": _paths, "betweenness": _ranking}
    rows = [row for name in figures for row in groups[name](folder, fmt, env)]
    return [
        (
            name,
            f"{figure['seconds']:.3f}",
            f"{figure['rss_mb']:.0f}",
            f"{figure['seconds'] / ref:.2f}× {what}" if ref else "",
        )
        for name, figure, ref, what in rows
    ]


def _loading(folder: Path, fmt: dict[str, str], env: dict[str, str]) -> list[Row]:
    loading = interleaved({
        "rdflib load": lambda: measure(RDFLIB_LOAD.format(**fmt), env),
        "oxigraph build": lambda: measure(OXIGRAPH_BUILD.format(**fmt), env),
        "pyoxigraph bulk load": lambda: measure(OXIGRAPH_BULK.format(**fmt), env),
    })  # fmt: skip
    reference = loading["pyoxigraph bulk load"]["seconds"]
    return [
        ("rdflib load (memory store)", loading["rdflib load"], reference, "pyoxigraph bulk load"),
        ("oxigraph store build", loading["oxigraph build"], reference, "pyoxigraph bulk load"),
    ]


def _projection(folder: Path, fmt: dict[str, str], env: dict[str, str]) -> list[Row]:
    projection = interleaved({"projection": lambda: measure(PROJECTION.format(**fmt), env)})
    return [("projection, files read once", projection["projection"], None, "")]


def _cold(folder: Path, fmt: dict[str, str], env: dict[str, str]) -> list[Row]:
    labels = [iri.rsplit("/", 1)[-1] for iri in (fmt["source"], fmt["target"])]
    path_args = [*ACTORGRAPH, "--graph", str(folder), "path", f"actor:{labels[0]}", f"actor:{labels[1]}"]
    cold = interleaved({
        "cold path": lambda: measure_command(path_args, env),
        "cold --help": lambda: measure_command([*ACTORGRAPH, "--help"], env),
        "import networkx": lambda: measure_command([PYTHON, "-c", "import networkx"], env),
    })  # fmt: skip
    networkx = cold["import networkx"]["seconds"]
    return [
        ("cold `path` (cached projection)", cold["cold path"], networkx, "import networkx"),
        ("cold `--help`", cold["cold --help"], networkx, "import networkx"),
    ]


def _paths(folder: Path, fmt: dict[str, str], env: dict[str, str]) -> list[Row]:
    paths = interleaved({
        "all paths <=4": lambda: measure(ALL_PATHS.format(**fmt), env),
        "with evidence": lambda: measure(ALL_PATHS_EVIDENCE.format(**fmt), env),
        "rustworkx alone": lambda: measure(RUSTWORKX_PATHS.format(**fmt), env),
    })  # fmt: skip
    found = {name: figure["paths"] for name, figure in paths.items()}
    if len(set(found.values())) != 1:
        raise SystemExit(f"the engines disagree on the number of paths: {found}")
    alone = paths["rustworkx alone"]["seconds"]
    return [
        (f"`--all --max-hops 4` ({found['rustworkx alone']:.0f} paths)", paths["all paths <=4"], alone, "rustworkx"),
        ("`--all --max-hops 4` + evidence", paths["with evidence"], alone, "rustworkx"),
    ]


def _ranking(folder: Path, fmt: dict[str, str], env: dict[str, str]) -> list[Row]:
    rank_args = [*ACTORGRAPH, "--graph", str(folder), "rank", "--by", "betweenness"]
    ranking = interleaved({
        "rank betweenness": lambda: measure_command(rank_args, env),
        "rustworkx betweenness": lambda: measure(BETWEENNESS_RUSTWORKX.format(**fmt), env),
    })  # fmt: skip
    return [("cold `rank --by betweenness` (exact)", ranking["rank betweenness"],
             ranking["rustworkx betweenness"]["seconds"], "rustworkx betweenness alone")]  # fmt: skip


def generate_in_child(size: int, folder: Path) -> dict[str, int]:
    """A synthetic graph, generated in a child for the same reason as ``import_icews14``."""
    code = f"import json, sys; sys.path.insert(0, {str(HERE)!r}); from synthetic import generate; " \
           f"from pathlib import Path; print(json.dumps(generate({size}, Path({str(folder)!r}))))"  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    completed = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def import_icews14(data: Path, folder: Path) -> tuple[str, Path]:
    """The bundled seed graph plus the real ICEWS14 set, imported as a user would.

    The import runs in a child: Linux hands a parent's peak RSS down to the children it forks,
    which would inflate every figure measured after it.
    """
    code = f"""
import json, shutil
from actorgraph import resources
from actorgraph.events import import_events
shutil.copytree(resources.bundled_graph_dir(), {str(folder)!r})
print(json.dumps(import_events({str(folder)!r}, {str(data)!r}, "icews14").to_dict()))
"""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    completed = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env, check=True)
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    return f"ICEWS14 + seed graph ({report['triples']:,} triples written, {report['claims']:,} claims)", folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, help="synthetic graph sizes in triples")
    parser.add_argument("--graph", type=Path, action="append", default=[], help="an existing graph folder")
    parser.add_argument("--icews14", nargs="?", const=ICEWS14, type=Path, help="import this ICEWS14 folder")
    parser.add_argument("--figures", default=",".join(FIGURES), help=f"which figures, of {', '.join(FIGURES)}")
    args = parser.parse_args()
    compile_package()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as scratch:
        folders = []
        for given in args.graph:
            folder = Path(scratch) / f"copy-{len(folders)}"
            shutil.copytree(given, folder, ignore=shutil.ignore_patterns(".actorgraph", "actorgraph.toml"))
            folders.append((f"{given} (a copy)", folder))
        if args.icews14:
            folders.append(import_icews14(args.icews14, Path(scratch) / "icews14"))
        for size in args.sizes:
            folder = Path(scratch) / f"synthetic-{size}"
            counts = generate_in_child(size, folder)
            folders.append((f"synthetic {size:,} ({counts['claims']:,} claims)", folder))
        for name, folder in folders:
            cache = Path(scratch) / f"cache-{folder.name}"
            print(f"\n## {name}\n")
            print("| figure | seconds | peak RSS MB | ratio |\n|---|---|---|---|")
            for row in bench(folder, cache, tuple(args.figures.split(","))):
                print("| " + " | ".join(row) + " |")
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
