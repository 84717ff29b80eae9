"""Benchmark: ``push`` of a graph folder to a local Oxigraph server against the server's own bulk
loader (``oxigraph load``) on the same data.

    .venv/bin/python benchmarks/push.py FOLDER     # e.g. the seed graph with ICEWS14 imported

Starts an empty ``oxigraph serve`` in a temporary folder, runs ``actorgraph push`` in a child
process (wall time, peak resident memory of the child), then ``oxigraph load`` of the folder's
files into another new store (wall time), and prints both and their ratio; then, for the same
layout as push's (each file in the default graph and in its named graph), ``oxigraph load`` of
one N-Quads file holding that layout (written beforehand, not timed).

``--atomic`` pushes with ``atomic=True`` (staged, then switched in one update) instead of the
default (an empty Oxigraph server is loaded through its bulk loader). ``--union-default-graph``
starts the server with that option (its default graph is the union of the named graphs): push
then writes each triple once, to its file's graph.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--atomic", action="store_true", help="push with atomic=True (staged and switched)")
    parser.add_argument("--union-default-graph", action="store_true", help="serve with --union-default-graph")
    args = parser.parse_args()
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    with tempfile.TemporaryDirectory() as scratch:
        port = _free_port()
        server = subprocess.Popen([oxigraph, "serve", "--location", f"{scratch}/served", "--bind", f"127.0.0.1:{port}",
                                   *(["--union-default-graph"] if args.union_default_graph else [])],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "actorgraph", "--graph", str(args.folder), "push",
                            f"http://127.0.0.1:{port}/store", *(["--atomic"] if args.atomic else [])],
                           check=True)  # fmt: skip
            pushed = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        finally:
            server.terminate()
            server.wait()
        files = sorted(str(p) for p in args.folder.rglob("*.ttl"))
        start = time.perf_counter()
        for file in files:
            subprocess.run([oxigraph, "load", "--location", f"{scratch}/loaded", "--file", file], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        loaded = time.perf_counter() - start
        layout = _layout(args.folder, Path(scratch) / "layout.nq")
        start = time.perf_counter()
        subprocess.run([oxigraph, "load", "--location", f"{scratch}/layout", "--file", str(layout)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        laid = time.perf_counter() - start
    print(f"push:          {pushed:7.1f} s, peak {peak:.0f} MB (the actorgraph process)")
    print(f"oxigraph load: {loaded:7.1f} s (the files, once, in the default graph)")
    print(f"ratio:         {pushed / loaded:7.1f}x")
    print(f"oxigraph load: {laid:7.1f} s (push's layout: the default graph and each file's graph)")
    print(f"ratio:         {pushed / laid:7.1f}x")


def _layout(folder: Path, out: Path) -> Path:
    """The folder's files as one N-Quads file, each in the default graph and in its named graph."""
    import pyoxigraph as ox

    from actorgraph.store import named_sources

    with open(out, "wb") as handle:
        for name, path in named_sources(folder):
            triples = list(ox.parse(path=str(path), base_iri=path.resolve().as_uri()))
            for graph in (ox.DefaultGraph(), ox.NamedNode(str(name))):
                quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
                handle.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    return out


if __name__ == "__main__":
    main()
