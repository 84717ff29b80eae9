"""How fast a big map shows: synthetic actor networks drawn, opened in headless chromium, timed.

Run from the repository (Debian's chromium at /usr/bin/chromium; no browser is downloaded):

    .venv/bin/python benchmarks/maps.py                 # 500, 1,000 and 5,000 actors, 3 runs each
    .venv/bin/python benchmarks/maps.py --sizes 5000 --runs 5

For each size the script builds a synthetic network shaped like a conflict graph (theatres of a
few dozen actors around a state, scale-free inside, a few links across, one claim in ten doubled
by a second relation), writes its map with ``maps.write_map`` and opens it in a fresh headless
chromium page, offline. "first draw" is the page's own clock (``performance.now()``, from the
start of navigation) when vis-network has drawn the network for the first time, so it includes
reading and parsing the HTML, the inline scripts and the data, building the network and, for
maps small enough to use physics, settling the layout. The target is a 5,000-actor map showing
within 3 s. Medians over the runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from rdflib import Namespace

from actorgraph import maps
from actorgraph.claims import Claim
from actorgraph.namespace import AG, CLAIM, SOURCE

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-extensions",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
]
TARGET_SECONDS = 3.0
RELATIONS = [
    ("backs", "cooperative", False),
    ("cooperatesWith", "cooperative", True),
    ("attacked", "hostile", False),
    ("threatens", "hostile", False),
    ("atWarWith", "hostile", True),
    ("leads", "structural", False),
    ("memberOf", "structural", False),
    ("pressures", "neutral", False),
]
TYPES = ["Person", "Person", "ArmedGroup", "Organization", "GovernmentBody"]


def synthetic_network(actors: int, seed: int = 1) -> nx.MultiDiGraph:
    """A conflict-shaped actor network of *actors* nodes, about two claims per actor."""
    rng = random.Random(seed)
    namespace = Namespace("https://example.org/actor/")
    network = nx.MultiDiGraph(as_of=None)
    theatres: list[list[int]] = []
    for n in range(actors):
        if n % 40 == 0:
            theatres.append([])
        theatre = theatres[-1]
        actor_type = "State" if not theatre else TYPES[n % len(TYPES)]
        network.add_node(str(namespace[f"a{n}"]), label=f"{actor_type} {n}", type=actor_type, aliases=(f"A{n}",))
        if theatre:
            weights = [1 + sum(1 for _ in network.successors(str(namespace[f"a{m}"]))) for m in theatre]
            for target in set(rng.choices(theatre, weights=weights, k=2)):
                _claim(network, namespace, rng, n, target)
        theatre.append(n)
    for _ in range(actors // 20):  # links across theatres
        _claim(network, namespace, rng, rng.randrange(actors), rng.randrange(actors))
    states = [theatre[0] for theatre in theatres]
    for a in states:  # states deal with each other
        for b in rng.sample(states, min(3, len(states))):
            _claim(network, namespace, rng, a, b)
    return network


def _claim(network: nx.MultiDiGraph, namespace: Namespace, rng: random.Random, u: int, v: int) -> None:
    if u == v:
        return
    for _ in range(2 if rng.random() < 0.1 else 1):
        relation, polarity, symmetric = rng.choice(RELATIONS)
        a, b = str(namespace[f"a{u}"]), str(namespace[f"a{v}"])
        number = network.number_of_edges()
        claim = Claim(
            iri=CLAIM[f"c{number}"], subject_iri=namespace[f"a{u}"], subject=f"Actor {u}", relation=relation,
            predicate_iri=AG[relation], predicate=relation, polarity=polarity.title(),
            object_iri=namespace[f"a{v}"], object=f"Actor {v}", source_iri=SOURCE.synthetic,
            source="Synthetic source", quote=f"Actor {u} {relation} actor {v}, a source says.",
            reliability="C", credibility=3,
        )  # fmt: skip
        if network.has_edge(a, b, relation):
            network.edges[a, b, relation]["claims"].append(claim)
        else:
            network.add_edge(
                a, b, key=relation, relation=relation, relation_iri=str(AG[relation]), label=relation,
                polarity=polarity, symmetric=symmetric, kind="event", claims=[claim],
            )  # fmt: skip


def measure(sizes: list[int], runs: int) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in sizes:
            network = synthetic_network(size)
            path = Path(folder) / f"map-{size}.html"
            writes, draws, walls = [], [], []
            for _ in range(runs):
                started = time.perf_counter()
                maps.write_map(network, path, f"Synthetic network of {size:,} actors")
                writes.append(time.perf_counter() - started)
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1600, "height": 1000})
                page = context.new_page()
                outside: list[str] = []
                page.on("request", lambda r, seen=outside: None if r.url.startswith("file:") else seen.append(r.url))
                started = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready='true']", state="attached", timeout=120_000)
                walls.append(time.perf_counter() - started)
                draws.append(page.evaluate("window.agDrawnAt") / 1000)
                nodes = page.evaluate("network.body.data.nodes.length")
                physics = page.evaluate("agMap.data.physics")
                context.close()
                if outside or nodes != size:
                    raise SystemExit(f"{size}: {nodes} nodes drawn, requests outside file: {outside}")
            rows.append(
                {
                    "actors": size,
                    "links": network.number_of_edges(),
                    "claims": sum(len(d["claims"]) for _, _, d in network.edges(data=True)),
                    "megabytes": path.stat().st_size / 1e6,
                    "physics": "on, settles, stops" if physics else "off (Python layout)",
                    "write": statistics.median(writes),
                    "draw": statistics.median(draws),
                    "wall": statistics.median(walls),
                }
            )
        browser.close()
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| actors | links | claims | HTML size | physics | write the map (Python) "
        "| first draw in chromium | goto → drawn | vs 3 s target |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['actors']:,} | {row['links']:,} | {row['claims']:,} | {row['megabytes']:.1f} MB "
            f"| {row['physics']} | {row['write']:.2f} s | {row['draw']:.2f} s | {row['wall']:.2f} s "
            f"| {row['draw'] / TARGET_SECONDS:.0%} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 1
    rows = measure(options.sizes, options.runs)
    print(f"Medians of {options.runs} runs; physics on up to {maps.PHYSICS_MAX_NODES} actors.\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
