"""Benchmark: ``push`` of a graph folder to a local Oxigraph server against the server's own bulk
loader (``oxigraph load``) on the same data.

    .venv/bin/python benchmarks/push.py FOLDER     # e.g. the seed graph with ICEWS14 imported

Starts an empty ``oxigraph serve`` in a temporary folder, runs ``actorgraph push`` in a child
process (wall time, peak resident memory of the child), then ``oxigraph load`` of the folder's
files into another new store (wall time), and prints both and their ratio.
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
    args = parser.parse_args()
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    with tempfile.TemporaryDirectory() as scratch:
        port = _free_port()
        server = subprocess.Popen([oxigraph, "serve", "--location", f"{scratch}/served", "--bind", f"127.0.0.1:{port}"],
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
                            f"http://127.0.0.1:{port}/store"], check=True)  # fmt: skip
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
    print(f"push:          {pushed:7.1f} s, peak {peak:.0f} MB (the actorgraph process)")
    print(f"oxigraph load: {loaded:7.1f} s")
    print(f"ratio:         {pushed / loaded:7.1f}x")


if __name__ == "__main__":
    main()
