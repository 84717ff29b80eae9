"""Benchmark: whole commands on a graph held by a local Oxigraph server (``--store sparql:URL``)
against the same commands on an ``oxigraph:`` folder store (issue #18's targets).

    .venv/bin/python benchmarks/remote.py [--data ../shared/datasets/icews14-tkg] [--repeat 3]

ICEWS14 is imported into a copy of the seed graph. The server is loaded with ``oxigraph load``
(every file into the default graph, and each into its named graph, as ``push`` lays them out),
and the version ``push`` writes is inserted with a SPARQL UPDATE (a digest of the files' bytes
here): ``push`` itself is being made fast on its own branch. Then, with a cache folder of their
own, each store runs: the first ``path`` (nothing cached), later ``path``s, ``info``,
``show Iran`` and ``rank --by betweenness``, each a fresh ``actorgraph`` process, timed from
outside; a median of --repeat runs for the warm ones. The machine is shared: its load is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "datasets" / "icews14-tkg"
BIN = Path(sys.executable).parent
TARGETS = {"first path": 5.0, "later path": 0.5, "info": 2.0, "show Iran": 1.0, "rank betweenness": 10.0}
PATH = ["path", "Iran", "Barack Obama"]
LATER = [["path", "Iran", "Angela Merkel"], ["path", "China", "Barack Obama"], PATH]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(data: Path, work: Path) -> None:
    from actorgraph import resources
    from actorgraph.events import import_events

    folder = work / "graph"
    shutil.copytree(resources.bundled_graph_dir(), folder)
    import_events(folder, data, "icews14")


def load_server(folder: Path, location: Path) -> str:
    """Files into an Oxigraph server's storage as push lays them out, then the version push writes."""
    from actorgraph import store

    oxigraph = shutil.which("oxigraph") or str(BIN / "oxigraph")
    digest = hashlib.sha256()
    for name, path in store.named_sources(folder):
        for graph in ([], ["--graph", str(name)]):
            subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(path), *graph],
                           check=True, capture_output=True)  # fmt: skip
        digest.update(path.read_bytes())
    return digest.hexdigest()


def serve(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    oxigraph = shutil.which("oxigraph") or str(BIN / "oxigraph")
    port = _free_port()
    server = subprocess.Popen([oxigraph, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    raise SystemExit("oxigraph serve did not start")


META = "https://w3id.org/actorgraph/meta"


def insert_version(base: str, digest: str, triples: int) -> None:
    ag = "https://w3id.org/actorgraph/ns#"
    update(base, f"INSERT DATA {{ GRAPH <{META}> {{ <{META}> <{ag}contentDigest> \"{digest}\" ; "
                 f"<{ag}tripleCount> {triples} }} }}")  # fmt: skip


def update(base: str, text: str) -> None:
    body = urllib.parse.urlencode({"update": text}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{base}/update", data=body), timeout=60).read()


def count(base: str) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    request = urllib.request.Request(f"{base}/query?query={query}", headers={"Accept": "text/csv"})
    return int(urllib.request.urlopen(request, timeout=120).read().decode().split()[1])


def timed(folder: Path, spec: str, cache: Path, args: list[str]) -> float:
    # As installed (pip compiles the modules): without bytecode, each run compiles ours again (0.3 s).
    env = {**os.environ, "ACTORGRAPH_CACHE": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "actorgraph"), "--graph", str(folder), "--store", spec, *args],
                          env=env, capture_output=True, text=True)  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{spec} {' '.join(args)}: {done.stderr.strip()}")
    return elapsed


def measure(folder: Path, spec: str, cache: Path, repeat: int) -> dict[str, float]:
    figures = {"first path": timed(folder, spec, cache, PATH)}
    figures["later path"] = statistics.median(timed(folder, spec, cache, args) for args in LATER * repeat)
    for name, args in (("info", ["info"]), ("show Iran", ["show", "Iran"]),
                       ("rank betweenness", ["rank", "--by", "betweenness"])):  # fmt: skip
        timed(folder, spec, cache, args)  # what each builds once (info's summary), then warm
        figures[name] = statistics.median(timed(folder, spec, cache, args) for _ in range(repeat))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="a folder of a run before (graph/, server/) to time again")
    options = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as temporary:
        work = options.work or Path(temporary)
        folder = work / "graph"
        if options.work is None:
            prepare(options.data, work)
            started = time.perf_counter()
            digest = load_server(folder, work / "server")
            print(f"oxigraph load of the files: {time.perf_counter() - started:.1f} s")
        else:
            digest = hashlib.sha256(str(time.time()).encode()).hexdigest()  # a new version: nothing cached
            for cache in work.glob("cache-*"):
                shutil.rmtree(cache)
        server, base = serve(work / "server")
        try:
            update(base, f"DROP SILENT GRAPH <{META}>")
            insert_version(base, digest, count(base))
            remote = measure(folder, f"sparql:{base}/query", work / "cache-sparql", options.repeat)
            local = measure(folder, f"oxigraph:{work / 'oxigraph'}", work / "cache-oxigraph", options.repeat)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"{'command':<18} {'server':>9} {'target':>8} {'oxigraph:':>10} {'ratio':>7}")
    for name, target in TARGETS.items():
        ok = "ok" if remote[name] <= target else "MISSED"
        print(
            f"{name:<18} {remote[name]:>8.2f}s {target:>7.1f}s {local[name]:>9.2f}s "
            f"{remote[name] / local[name]:>6.2f}x {ok}"
        )


if __name__ == "__main__":
    main()
