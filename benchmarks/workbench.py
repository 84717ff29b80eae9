"""How fast the workbench serves its browsing pages: actor, claim, source and search.

    .venv/bin/python benchmarks/workbench.py                      # the seed graph and ICEWS14
    .venv/bin/python benchmarks/workbench.py --skip-icews14       # the seed graph only
    .venv/bin/python benchmarks/workbench.py --graph DIR          # instead of importing ICEWS14

Each page is requested in process (Starlette's TestClient, so no socket), once to warm the
caches the first request of a graph builds (the actor index, the search index, the network for
the timeline: all cached on disk, keyed by the graph's content), then *repeat* times; the figure
is the median. The reference, interleaved with the page in the same run, is the library call
the page is built on (``Graph.show``, ``Graph.history``, ``Graph.source``, ``Graph.search``), so
the difference is what the web layer adds (routing, the guard, the template). ICEWS14 is
imported into a scratch copy of the seed graph read through its Oxigraph store, as
``benchmarks/sparql.py`` does; the actors are the one with the median number of claims and the
one with the most (a hub: its page reads one page of its claims, ``Graph.show(limit=...)``), and
the path finder's answer between them (its first request builds or loads the network).
Targets (issue #16): ≤ 50 ms on the seed graph; at ICEWS14 actor, claim and path ≤ 300 ms,
search ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "datasets" / "icews14-tkg"
Row = tuple[str, str, float, float, float]  # graph, page, first request, median, reference median
Page = tuple[str, str, Callable[..., object]]  # label, path, the library call the page is built on
ROWS = 50  # the claims an actor page shows each way (actorgraph.web.pages.MAX_ROWS)


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(graph_name: str, folder: Path, pages: list[Page], repeat: int) -> list[Row]:
    """Each page's first request, then its median and its library call's, interleaved."""
    from starlette.testclient import TestClient

    import actorgraph
    from actorgraph.web import make_workbench

    client = TestClient(make_workbench(actorgraph.open(folder)))
    library_graph = actorgraph.open(folder)  # the reference's own, opened as the workbench's
    rows = []
    for label, path, reference in pages:

        def page(path: str = path) -> None:
            answer = client.get(path)
            if answer.status_code != 200:
                raise SystemExit(f"{path}: {answer.status_code}")

        first = timed(page)
        reference(library_graph)  # warm, as the page's first request warmed the workbench's graph
        served, library = [], []
        for _ in range(repeat):
            served.append(timed(page))
            library.append(timed(lambda reference=reference: reference(library_graph)))
        rows.append((graph_name, f"{label} `{path}`", first, statistics.median(served), statistics.median(library)))
        print(f"{graph_name}: {label} {rows[-1][3] * 1000:.0f} ms", file=sys.stderr)
    return rows


def seed_pages() -> list[Page]:
    return [
        ("actor", "/actors/Hezbollah", lambda g: g.show("https://w3id.org/actorgraph/actor/Hezbollah", limit=ROWS)),
        ("claim", "/claims/israel-raids-into-lebanon", lambda g: g.history("israel-raids-into-lebanon")),
        ("source", "/sources/news-2024-10-01-iran-israel-hezbollah",
         lambda g: g.source("news-2024-10-01-iran-israel-hezbollah")),
        ("search", "/search?q=hezbollah", lambda g: g.search("hezbollah")),
    ]  # fmt: skip


def icews14_pages(folder: Path) -> list[Page]:
    """The pages of a typical actor, a hub, one of the typical actor's claims, and two searches."""
    from rdflib import RDF

    import actorgraph
    from actorgraph import store
    from actorgraph.vocabulary import local_name

    dataset = actorgraph.open(folder).dataset
    counts = Counter(end for p in (RDF.subject, RDF.object) for _, end in store.scan(dataset, p))
    ranked = [actor for actor, _ in counts.most_common()]
    typical, hub = ranked[len(ranked) // 2], ranked[0]
    claim = next(c for c, _ in store.scan(dataset, RDF.subject, typical))
    pages: list[Page] = []
    for label, actor in (("actor (median claims)", typical), ("actor (hub)", hub)):

        def show(g: actorgraph.Graph, iri: str = str(actor)) -> object:
            return g.show(iri, limit=ROWS)

        pages.append((f"{label}, {counts[actor]} claims", f"/actors/{local_name(actor)}", show))
    pages.append(("claim", f"/claims/{local_name(claim)}", lambda g, c=str(claim): g.history(c)))
    ends = {"from": local_name(typical), "to": local_name(hub)}
    pages.append(("path (typical actor to hub)", "/path?" + urlencode(ends), lambda g: g.path(str(typical), str(hub))))
    for words in ("minister", "kerry"):
        pages.append((f"search {words!r}", f"/search?q={words}", lambda g, w=words: g.search(w)))
    return pages


def table(rows: list[Row]) -> str:
    lines = [
        "| graph | page | first request | served (median) | library call alone (median) |",
        "|---|---|---:|---:|---:|",
    ]
    for graph, page, first, served, library in rows:
        lines.append(f"| {graph} | {page} | {first * 1000:.0f} ms | {served * 1000:.1f} ms | {library * 1000:.1f} ms |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, help="a graph folder whose actorgraph.toml names an oxigraph store")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ICEWS14 folder, imported without --graph")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests of each page (median)")
    parser.add_argument("--skip-icews14", action="store_true", help="only the seed graph")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(Path(__file__).parent))
    from actorgraph import resources

    with tempfile.TemporaryDirectory(prefix="actorgraph-workbench-") as scratch:
        # Its own cache unless told (a warm one skips the first builds, as a served graph would).
        os.environ.setdefault("ACTORGRAPH_CACHE", str(Path(scratch) / "cache"))
        seed = Path(scratch) / "seed"
        shutil.copytree(resources.bundled_graph_dir(), seed)
        rows = measure("seed graph", seed, seed_pages(), args.repeat)
        if not args.skip_icews14:
            if args.graph is None:
                from sparql import import_graph, store_path

                folder = import_graph(args.data, Path(scratch))
                store_path(folder)
            else:
                folder = args.graph.resolve()
            rows += measure("ICEWS14 + seed, Oxigraph", folder, icews14_pages(folder), args.repeat)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    load = os.getloadavg()[0]
    print(f"machine: {machine}; load average {load:.1f}; medians of {args.repeat} requests\n")
    print(table(rows))


if __name__ == "__main__":
    main()
