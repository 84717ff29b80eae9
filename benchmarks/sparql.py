"""Benchmark: SPARQL through actorgraph against the same query on pyoxigraph directly (issue #7).

    .venv/bin/python benchmarks/sparql.py                  # import ICEWS14 into a scratch folder first
    .venv/bin/python benchmarks/sparql.py --graph DIR      # a graph folder with an Oxigraph store
    .venv/bin/python benchmarks/sparql.py --graph DIR --repeat 5 --markdown benchmarks/results-sparql.md
    .venv/bin/python benchmarks/sparql.py --graph DIR --only named --skip-processes

Without ``--graph`` the ICEWS14 benchmark (``--data``, default ``../shared/datasets/icews14-tkg``)
is imported into a scratch copy of the seed graph with ``benchmarks/import_icews14.py``; the import
records ``store = "oxigraph:.actorgraph/oxigraph"`` in the folder's ``actorgraph.toml``, so plain
commands on it read an embedded Oxigraph store, which is built once before any timing. With
``--graph DIR`` the folder's ``actorgraph.toml`` must name an ``oxigraph:`` store; it is built or
rebuilt if the files changed, nothing else in the folder is written.

For each query (one row, to show the fixed costs; four the issue names: a one-hop lookup of a hub
actor, a two-hop join, the top 20 actors by degree, claims counted by ``ag:origin``; and four
named queries of ``ontology/queries``), two comparisons, each interleaved (figure, reference,
figure, ...) with medians of ``--repeat`` runs after one untimed warm-up of each side, in wall
time and in CPU time (of the process and its children: the store's query worker, the
commands), which a busy machine disturbs less:

  in-process  ``actorgraph.sparql.run_query`` / ``run_named_query`` (what ``actorgraph sparql``
              calls) on ``store.open_graph(DIR)`` (the store the command opens), with the
              command's default path (a time limit, so the query goes to the store's worker
              process, forked at the warm-up and kept), rows fully converted.
              The in-process cache of prepared queries is cleared before each call, so each call
              prepares its text as a new command does: "actorgraph s" for a text run before (its
              checks remembered in the cache folder, see ``actorgraph.sparql.prepare``), "text
              never run before" with an empty cache folder, so rdflib parses it. "no time limit"
              is ``timeout=None``: evaluated in this process, not in a worker that can be
              killed (what the command does with ``--timeout 0``).
              [``pyoxigraph.Store.read_only(PATH).query(text)`` on the same store, every
              solution turned into a tuple of its terms]
  process     ``python -m actorgraph --graph DIR sparql --timeout 60 --format tsv ...`` as a new
              process.  [``python -c`` that imports pyoxigraph, opens the store read-only, runs
              the query and prints each row as tab-separated N-Triples terms]

The reference runs the text actorgraph hands to Oxigraph: the project's prefixes declared and
each parameter substituted by its value (an actor name resolved to its IRI). Both sides must
return the same number of rows. ``--timeout 60`` only keeps the slower queries under the
command's limit (5 s by default); the time-limited path is the one every command takes. The
benchmark uses a cache folder of its own (``ACTORGRAPH_CACHE``), removed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from installed import compile_package

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
TIMEOUT = 60.0


@dataclass(frozen=True)
class Bench:
    """A query to time: SPARQL text, or a named query with its parameters."""

    label: str
    text: str | None = None
    name: str | None = None
    params: dict[str, str] = field(default_factory=dict)

    def cli_args(self) -> list[str]:
        if self.name is None:
            return [self.text or ""]
        args = ["--name", self.name]
        for key, value in self.params.items():
            args += ["--param", f"{key}={value}"]
        return args


QUERIES = [
    Bench("fixed costs: one row", text="SELECT ?p WHERE { actor:Iran ?p ?o } LIMIT 1"),
    Bench(
        "one-hop of a hub (China), claims with date and label",
        text="""SELECT ?claim ?relation ?other ?label ?date WHERE {
  { ?claim rdf:subject actor:China ; rdf:predicate ?relation ; rdf:object ?other ; ag:date ?date .
    ?other rdfs:label ?label }
  UNION
  { ?claim rdf:object actor:China ; rdf:predicate ?relation ; rdf:subject ?other ; ag:date ?date .
    ?other rdfs:label ?label }
}""",
    ),
    Bench(
        "two-hop join from Iran",
        text="""SELECT DISTINCT ?mid ?far WHERE {
  actor:Iran ?p ?mid . ?mid ?q ?far . ?p a ag:ActorRelation . ?q a ag:ActorRelation .
}""",
    ),
    Bench(
        "top 20 actors by degree",
        text="""SELECT ?actor ?label ?degree WHERE {
  { SELECT ?actor (COUNT(?claim) AS ?degree)
    WHERE { { ?claim rdf:subject ?actor } UNION { ?claim rdf:object ?actor } }
    GROUP BY ?actor ORDER BY DESC(?degree) LIMIT 20 }
  ?actor rdfs:label ?label .
} ORDER BY DESC(?degree) ?label""",
    ),
    Bench(
        "claims by ag:origin",
        text="""SELECT ?origin (COUNT(?claim) AS ?claims) WHERE {
  ?claim a ag:Claim . OPTIONAL { ?claim ag:origin ?o }
  BIND (IF(BOUND(?o), STR(?o), "curated") AS ?origin)
} GROUP BY ?origin ORDER BY ?origin""",
    ),
    Bench("named hostile-to actor=Iraq", name="hostile-to", params={"actor": "Iraq"}),
    Bench("named attacks on=Iraq", name="attacks", params={"on": "Iraq"}),
    Bench("named who-backs-whom by=Iran", name="who-backs-whom", params={"by": "Iran"}),
    Bench("named hostile-to-both a=Iraq b=Israel", name="hostile-to-both", params={"a": "Iraq", "b": "Israel"}),
]

# The reference as a new process: argv[1] the store, argv[2] the query text.
OXIGRAPH_SCRIPT = """
import sys
import pyoxigraph as ox
answer = ox.Store.read_only(sys.argv[1]).query(sys.argv[2], use_default_graph_as_union=True)
out = [chr(9).join("?" + v.value for v in answer.variables)]
out += [chr(9).join("" if t is None else str(t) for t in solution) for solution in answer]
sys.stdout.write(chr(10).join(out) + chr(10))
"""


# --- the graph ---------------------------------------------------------------------------------


def import_graph(data: Path, scratch: Path) -> Path:
    """A scratch copy of the seed graph with ICEWS14 imported (benchmarks/import_icews14.py)."""
    sys.path.insert(0, str(HERE))
    from import_icews14 import run_child

    from actorgraph import resources

    graph = scratch / "graph"
    shutil.copytree(resources.bundled_graph_dir(), graph)
    report = run_child("import", str(graph), str(data))["report"]
    print(f"imported {report['claims']:,} claims, {report['triples']:,} triples into {graph}", file=sys.stderr)  # type: ignore[index]
    return graph


def store_path(folder: Path) -> Path:
    """The Oxigraph store the folder's config names, built (in a child process) if needed."""
    from actorgraph import store

    spec = store.configured_store(folder)
    if spec is None or spec.kind != "oxigraph":
        raise SystemExit(f"{folder}: its {store.CONFIG_FILE} must name an oxigraph store, as oxigraph:PATH")
    code = "import sys; from actorgraph import store; store.open_graph(sys.argv[1])"
    subprocess.run([PYTHON, "-c", code, str(folder)], check=True, env=_env())
    return store._beside(folder, spec.location)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


# --- timing ------------------------------------------------------------------------------------


def _cpu() -> float:
    """CPU seconds of this process, of its children waited for (a query's forked child, a
    command's process) and of those still running (the query worker of a read-only store)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + _running_children_cpu()


def _running_children_cpu() -> float:
    ticks = 0
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:  # it ended meanwhile, and is counted once waited for
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def interleaved(runs: dict[str, Callable[[], int]], repeat: int) -> tuple[dict[str, float], int]:
    """Median wall seconds (``name``) and CPU seconds (``name cpu``) of *repeat* timed calls of
    each run, round-robin, after one untimed warm-up of each. Each run returns its number of
    rows; all must agree."""
    rows = {run() for run in runs.values()}
    times: dict[str, list[float]] = {key: [] for name in runs for key in (name, f"{name} cpu")}
    for _ in range(repeat):
        for name, run in runs.items():
            cpu, start = _cpu(), time.perf_counter()
            rows.add(run())
            times[name].append(time.perf_counter() - start)
            times[f"{name} cpu"].append(_cpu() - cpu)
    assert len(rows) == 1, f"actorgraph and pyoxigraph disagree on the number of rows: {sorted(rows)}"
    return {key: statistics.median(values) for key, values in times.items()}, rows.pop()


def oxigraph_text(dataset: object, bench: Bench) -> tuple[str, str]:
    """The query text actorgraph reads, and the text it hands Oxigraph (prefixes declared,
    parameters substituted)."""
    from actorgraph import sparql
    from actorgraph.queries import get_query

    text = bench.text if bench.name is None else get_query(bench.name).text
    prepared = sparql.prepare(text)
    bindings = sparql.bind_parameters(dataset, prepared.parameters, bench.params)  # type: ignore[arg-type]
    return text, sparql.endpoint_text(prepared, bindings)


Row = tuple[str, int, dict[str, float]]


def in_process(folder: Path, path: Path, queries: list[Bench], repeat: int) -> list[Row]:
    import pyoxigraph as ox

    from actorgraph import sparql, store

    dataset = store.open_graph(folder)  # what `actorgraph --graph DIR` opens
    # Its own store for the runs without a time limit: queries evaluated in this process warm
    # the store's caches, which the forked children of the other runs would then inherit.
    unlimited = store.open_graph(folder)
    reference_store = ox.Store.read_only(str(path))
    remembered = os.environ["ACTORGRAPH_CACHE"]
    results = []
    for bench in queries:
        text, for_oxigraph = oxigraph_text(dataset, bench)

        def figure(
            bench: Bench = bench, text: str = text, on: object = dataset, timeout: float | None = TIMEOUT
        ) -> int:
            sparql._prepare.cache_clear()  # parse (or look up) the text as a new command does
            if bench.name is None:
                result = sparql.run_query(on, text, timeout=timeout)  # type: ignore[arg-type]
            else:
                result = sparql.run_named_query(on, bench.name, bench.params, timeout=timeout)  # type: ignore[arg-type]
            return len(result.rows)

        def no_limit(figure: Callable[..., int] = figure) -> int:
            return figure(on=unlimited, timeout=None)

        def first_run(figure: Callable[[], int] = figure) -> int:
            os.environ["ACTORGRAPH_CACHE"] = tempfile.mkdtemp(prefix="first-run-", dir=remembered)
            try:
                return figure()
            finally:
                os.environ["ACTORGRAPH_CACHE"] = remembered

        def reference(for_oxigraph: str = for_oxigraph) -> int:
            answer = reference_store.query(for_oxigraph, use_default_graph_as_union=True)
            return len([tuple(solution) for solution in answer])

        runs = {"actorgraph": figure, "no limit": no_limit, "first run": first_run, "pyoxigraph": reference}
        times, rows = interleaved(runs, repeat)
        print(f"in-process  {bench.label}: {_short(times)} ({rows:,} rows)", file=sys.stderr)
        results.append((bench.label, rows, times))
    return results


def processes(folder: Path, path: Path, queries: list[Bench], repeat: int) -> list[Row]:
    from actorgraph import store

    dataset = store.open_graph(folder)
    results = []
    for bench in queries:
        _, for_oxigraph = oxigraph_text(dataset, bench)
        command = [PYTHON, "-m", "actorgraph", "--graph", str(folder), "sparql", "--timeout", str(TIMEOUT)]
        command += ["--format", "tsv", *bench.cli_args()]
        reference_command = [PYTHON, "-c", OXIGRAPH_SCRIPT, str(path), for_oxigraph]
        times, rows = interleaved(
            {
                "actorgraph": lambda c=command: _rows_printed(c),
                "pyoxigraph": lambda c=reference_command: _rows_printed(c),
            },
            repeat,
        )
        print(f"process     {bench.label}: {_short(times)} ({rows:,} rows)", file=sys.stderr)
        results.append((bench.label, rows, times))
    return results


def _short(times: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.3f}" for name, seconds in times.items())


def _rows_printed(command: list[str]) -> int:
    completed = subprocess.run(command, capture_output=True, text=True, env=_env(), cwd=REPO)
    if completed.returncode != 0:
        raise SystemExit(f"{command[:6]} failed:\n{completed.stderr}")
    return len(completed.stdout.splitlines()) - 1  # the header line


# --- the report --------------------------------------------------------------------------------


def table(results: list[Row]) -> str:
    variants = [(name, title) for name, title in VARIANTS if name in results[0][2]]
    head = "| query | rows | actorgraph s | pyoxigraph s | ratio | CPU ratio |"
    rule = "|---|---:|---:|---:|---:|---:|"
    for _, title in variants:
        head += f" {title} s | ratio |"
        rule += "---:|---:|"
    lines = [head, rule]
    for label, rows, times in results:
        ours, theirs = times["actorgraph"], times["pyoxigraph"]
        cpu = times["actorgraph cpu"] / max(times["pyoxigraph cpu"], 1e-9)
        line = f"| {label} | {rows:,} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.2f}× | {cpu:.2f}× |"
        for name, _ in variants:
            line += f" {times[name]:.3f} | {times[name] / theirs:.2f}× |"
        lines.append(line)
    return "\n".join(lines)


#: The other ways of calling actorgraph timed in-process, and their columns.
VARIANTS = [("no limit", "actorgraph, no time limit,"), ("first run", "actorgraph, text never run before,")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, help="a graph folder whose actorgraph.toml names an oxigraph store")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "datasets" / "icews14-tkg",
                        help="the ICEWS14 folder, imported when no --graph is given")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side (median)")
    parser.add_argument("--only", help="run only the queries whose label contains this text")
    parser.add_argument("--skip-processes", action="store_true", help="only the in-process comparison")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    compile_package()
    sys.path.insert(0, str(REPO))
    queries = [q for q in QUERIES if not args.only or args.only in q.label]

    with tempfile.TemporaryDirectory(prefix="actorgraph-sparql-") as scratch:
        # Its own cache folder: what actorgraph remembers (checked queries, file digests) starts
        # empty, fills in the warm-up runs, and is removed at the end.
        os.environ["ACTORGRAPH_CACHE"] = str(Path(scratch) / "cache")
        Path(os.environ["ACTORGRAPH_CACHE"]).mkdir()
        if args.graph is None:
            if not args.data.is_dir():
                raise SystemExit(f"no ICEWS14 folder at {args.data}")
            folder = import_graph(args.data, Path(scratch))
        else:
            folder = args.graph.resolve()
        path = store_path(folder)
        from actorgraph import store

        triples = _triples(path)
        machine = f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        graph_name = "ICEWS14 imported into the seed graph" if args.graph is None else store.display_path(folder)
        header = (
            f"{machine}\n\ngraph: {graph_name}, {triples:,} quads in its Oxigraph store; "
            f"medians of {args.repeat} interleaved runs"
        )
        sections = [header]
        results = in_process(folder, path, queries, args.repeat)
        sections.append("## In-process: `sparql.run_query` against `pyoxigraph.Store.query`\n\n" + table(results))
        if not args.skip_processes:
            results = processes(folder, path, queries, args.repeat)
            sections.append(
                "## New process: `actorgraph --graph DIR sparql --format tsv` against "
                "`python -c 'import pyoxigraph ...'`\n\n" + table(results)
            )
    text = "\n\n".join(sections) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text("# SPARQL through actorgraph against pyoxigraph directly\n\n" + text, encoding="utf-8")


def _triples(path: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(path)))


if __name__ == "__main__":
    main()
