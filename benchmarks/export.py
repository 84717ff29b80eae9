"""Speed of `actorgraph export` for the network formats, and of GraphML/GEXF against NetworkX's writers.

    python benchmarks/export.py                        # the bundled seed graph
    python benchmarks/export.py --graph /path/to/graph # any graph folder, e.g. an ICEWS14 import
    python benchmarks/export.py --graph DIR --repeat 5 graphml gexf

The projection cache is built first (one untimed export; `$ACTORGRAPH_CACHE` is respected), so
no figure re-reads RDF. Every figure runs in a fresh process, the two sides of a pair are
interleaved (figure, reference, figure, reference, ...) and the table shows medians of the
wall-clock time and, in brackets, of the CPU time (steadier on a shared machine).

  command     `actorgraph --graph DIR export FMT -o FILE`, the whole process
  export      `export.export_network(network, FMT)` on the cached projection's network: every
              claim read and summarised, then the file written as text
  networkx    what it replaced for graphml and gexf: `scalar_network` (a NetworkX graph of the
              same rows) and NetworkX's writer (`export.networkx_graphml` / `networkx_gexf`)
  same file   whether the two texts are equal, byte for byte (GEXF's date of writing aside)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
FORMATS = ("graphml", "gexf", "cytoscape", "csv")
REFERENCE = {"graphml": "networkx_graphml", "gexf": "networkx_gexf"}

# Each snippet prints one JSON object; run with `python -c` in a new process.
TIMED = """
import json, resource, time
from pathlib import Path
from actorgraph import export, resources
from actorgraph.cache import cached_projection
network = cached_projection(resources.graph_dir(Path({folder!r})), lambda: None).full
start, cpu = time.perf_counter(), time.process_time()
{body}
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "cpu": cpu, "rss_mb": rss_mb}}))
"""
OURS = "text = export.export_network(network, {fmt!r})"
THEIRS = "text = export.{reference}(export.scalar_network(network))"
SAME = """
import json, re
from pathlib import Path
from actorgraph import export, resources
from actorgraph.cache import cached_projection
def network():
    return cached_projection(resources.graph_dir(Path({folder!r})), lambda: None).full
ours = export.export_network(network(), {fmt!r})
theirs = export.{reference}(export.scalar_network(network()))
undated = lambda text: re.sub(r'lastmodifieddate="[^"]*"', "", text)
print(json.dumps({{"same": undated(ours) == undated(theirs), "mb": len(ours.encode()) / 1e6}}))
"""


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def timing(runs: list[dict[str, float]]) -> str:
    """Median wall-clock time, and median CPU time (steadier on a shared machine)."""
    return f"{seconds(median(runs, 'seconds'))} ({seconds(median(runs, 'cpu'))})"


def run_json(code: str) -> dict[str, float]:
    completed = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        sys.exit(completed.stderr)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def command(folder: Path, fmt: str, out: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        [PYTHON, "-m", "actorgraph", "--graph", str(folder), "export", fmt, "-o", str(out / f"network.{fmt}")],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(completed.stdout + completed.stderr)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": wall, "cpu": cpu}


def main() -> None:
    from actorgraph import resources

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("formats", nargs="*", help=f"formats to time (default: {' '.join(FORMATS)})")
    parser.add_argument("--graph", type=Path, default=resources.bundled_graph_dir(), help="graph folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    args = parser.parse_args()
    unknown = sorted(set(args.formats) - set(FORMATS))
    if unknown:
        parser.error(f"unknown format {unknown[0]!r}: choose among {', '.join(FORMATS)}")
    folder = args.graph.resolve()
    with tempfile.TemporaryDirectory() as out:
        command(folder, "graphml", Path(out))  # builds the projection cache if it is not there yet
        print(f"graph: {folder}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
        print(f"medians of {args.repeat}; wall-clock time (CPU time, user and system)\n")
        print("| format | command | export | networkx | speed-up | peak RSS (export / networkx) | same file |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for fmt in args.formats or FORMATS:
            reference = REFERENCE.get(fmt)
            commands, ours, theirs = [], [], []
            for _ in range(args.repeat):
                commands.append(command(folder, fmt, Path(out)))
                ours.append(run_json(TIMED.format(folder=str(folder), body=OURS.format(fmt=fmt))))
                if reference:
                    theirs.append(run_json(TIMED.format(folder=str(folder), body=THEIRS.format(reference=reference))))
            row = [fmt, timing(commands), timing(ours)]
            if reference:
                same = run_json(SAME.format(folder=str(folder), fmt=fmt, reference=reference))
                row += [
                    timing(theirs),
                    f"{median(theirs, 'seconds') / median(ours, 'seconds'):.1f}×"
                    f" ({median(theirs, 'cpu') / median(ours, 'cpu'):.1f}×)",
                    f"{median(ours, 'rss_mb'):.0f} / {median(theirs, 'rss_mb'):.0f} MB",
                    f"{'yes' if same['same'] else 'NO'} ({same['mb']:.1f} MB)",
                ]
            else:
                row += ["", "", f"{median(ours, 'rss_mb'):.0f} MB", ""]
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
