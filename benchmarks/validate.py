"""Seconds and peak RSS of `actorgraph validate`, against pyshacl over rdflib (the reference).

Each run is a fresh process, so its peak RSS is that of validation alone. Graphs: the bundled
seed graph, a synthetic graph of ~100k triples (benchmarks/synthetic.py) and, when the dataset
is there, the seed graph plus the ICEWS14 import (~1M triples). The reference (rdflib parse of
every file, pyshacl on the core shapes, the SHACL-SPARQL queries on rdflib) runs only up to
REFERENCE_MAX_TRIPLES and for at most REFERENCE_TIMEOUT seconds: above, it takes minutes and
gigabytes (ICEWS14: stopped after 4.5 minutes at 2.7 GB).

    python benchmarks/validate.py
    python benchmarks/validate.py --icews14 ../shared/datasets/icews14-tkg
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REFERENCE_MAX_TRIPLES = 100_000
REFERENCE_TIMEOUT = 600

MEASURE = """
import json, resource, sys, time
start = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - start, "problems": problems,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
ACTORGRAPH = """
from actorgraph.validate import validate
problems = len(validate(sys.argv[1]).problems)
"""
REFERENCE = """
from rdflib import Graph
from actorgraph import resources, store
from actorgraph.shacl import translate
from actorgraph.validate import NAMES, pyshacl_problems
union = Graph()
for path in [resources.vocabulary_file(), *store.graph_files(__import__("pathlib").Path(sys.argv[1]))]:
    store.parse_file(path, union)
shapes = store.parse_file(resources.shapes_file())
class Nowhere:
    def locate(self, node):
        return None
problems = len(pyshacl_problems(union, shapes, Nowhere()))
problems += sum(len(union.query(c.query)) for c in translate(shapes).checks if c.kind == "sparql")
"""


def measure(body: str, graph: Path, timeout: float | None = None) -> dict[str, float] | str:
    code = MEASURE.format(body=body.strip())
    env = {**os.environ, "ACTORGRAPH_CACHE": str(graph.parent / "cache")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(graph)], capture_output=True, text=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        return f"stopped after {timeout:.0f} s"
    if done.returncode:
        return "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def triples(graph: Path) -> int:
    import pyoxigraph as ox

    from actorgraph import store

    data = ox.Store()
    for path in store.graph_files(graph):
        data.bulk_load(path=str(path), format=store._ox_format(path))  # type: ignore[arg-type]
    return len(data)


def graphs(work: Path, icews14: Path | None) -> list[tuple[str, Path]]:
    from actorgraph import resources

    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import generate

    seed = work / "seed" / "graph"
    shutil.copytree(resources.graph_dir(None), seed)
    synthetic = work / "synthetic" / "graph"
    generate(100_000, synthetic)
    found = [("seed graph", seed), ("synthetic 100k", synthetic)]
    if icews14:
        big = work / "icews14" / "graph"
        shutil.copytree(resources.graph_dir(None), big)
        command = [
            sys.executable,
            "-m",
            "actorgraph",
            "--graph",
            str(big),
            "import",
            "--format",
            "icews14",
            str(icews14),
        ]
        subprocess.run(
            command, check=True, capture_output=True, env={**os.environ, "ACTORGRAPH_CACHE": str(work / "c")}
        )
        found.append(("seed + ICEWS14", big))
    return found


def cell(result: dict[str, float] | str) -> str:
    if isinstance(result, str):
        return result
    return f"{result['seconds']:.1f} s, {result['peak_mb']:.0f} MB, {result['problems']:.0f} problems"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--icews14", type=Path, help="the ICEWS14 folder (entity2id.txt, train.txt, ...)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("| graph | triples | actorgraph validate | pyshacl over rdflib (reference) |")
        print("|---|---:|---|---|")
        for name, graph in graphs(Path(tmp), args.icews14):
            size = triples(graph)
            ours = measure(ACTORGRAPH, graph)
            if size <= REFERENCE_MAX_TRIPLES:
                reference = cell(measure(REFERENCE, graph, REFERENCE_TIMEOUT))
            else:
                reference = f"skipped: above {REFERENCE_MAX_TRIPLES:,} triples"
            print(f"| {name} | {size:,} | {cell(ours)} | {reference} |", flush=True)


if __name__ == "__main__":
    main()
