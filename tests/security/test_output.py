"""What actorgraph writes: CSV cells, N-Triples lines, terminal text, output files, enumerations.

Issue #12, points 10 (CSV formula injection), 11 (N-Triples a parser cannot read back), 12
(terminal escapes in names), 21 (a device replaced by a file; unbounded hops) and 4 (paths).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import stat
import threading
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from actorgraph.cli import cli

# --- a graph with hostile names --------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://127.0.0.1/x","click")', "@SUM(1+1)", "+1", "-1+1", "\tx", "\rx"]
TERMINAL = ["Acme\x1b]0;PWNED\x07", "Clip\x1b]52;c;cHduZWQ=\x07", "Evil\u202eabc", "Csi\x9b31mred", "Del\x7f\x08x"]
# Every character that broke N-Triples, and the other controls a line reader may split on.
LINE_BREAKERS = "\u2028\u2029\x0b\x0c\x85\x7f" + "".join(map(chr, range(0x20)))

PREFIXES = """@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix actor: <https://w3id.org/actorgraph/actor/> .
@prefix claim: <https://w3id.org/actorgraph/claim/> .
@prefix source: <https://w3id.org/actorgraph/source/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def add_actors(graph: Path, names: list[str]) -> list[str]:
    """Actors named *names* (IRIs actor:h0, h1...), each backing Iran with a claim quoting its name."""
    blocks = []
    for i, name in enumerate(names):
        text = Literal(name).n3()
        blocks.append(
            f"actor:h{i} a ag:ArmedGroup ; rdfs:label {text} .\n"
            f"actor:h{i} ag:backs actor:Iran .\n"
            f"claim:h{i} a ag:Claim ; rdf:subject actor:h{i} ; rdf:predicate ag:backs ; rdf:object actor:Iran ;\n"
            f"    ag:quote {text} ; ag:source source:news-2024-10-01-iran-israel-hezbollah ;\n"
            f'    ag:reliability "F" ; ag:credibility 2 ; ag:date "2024-10-0{i % 9 + 1}"^^xsd:date .\n'
        )
    (graph / "hostile.ttl").write_text(PREFIXES + "\n".join(blocks), encoding="utf-8")
    return [f"https://w3id.org/actorgraph/actor/h{i}" for i in range(len(names))]


def run(runner, graph: Path, *args: str):
    return runner.invoke(cli, ["--graph", str(graph), *args])


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(tmp_path / "cache"))


# --- 10. CSV formula injection -----------------------------------------------------------------


def formula_cells(text: str) -> list[str]:
    """The cells of a CSV text a spreadsheet would run as formulas (OWASP's first characters)."""
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    return [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not _number(cell)]


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return not cell.startswith("+")


@pytest.mark.parametrize(
    "args",
    [
        ["actors", "--format", "csv"],
        ["claims", "--format", "csv"],
        ["timeline", "--format", "csv"],
        ["rank", "--by", "degree", "--top", "100", "--format", "csv"],
        [
            "sparql",
            "SELECT ?name ?quote WHERE { ?c ag:quote ?quote ; rdf:subject/rdfs:label ?name }",
            "--format",
            "csv",
        ],
    ],
    ids=lambda args: args[0],
)
def test_csv_outputs_defuse_formulas(runner, graph_copy, args):
    add_actors(graph_copy, FORMULAS)
    result = run(runner, graph_copy, *args)
    assert result.exit_code == 0, result.output
    assert "'=cmd|' /C calc'!A0" in result.stdout or "'@SUM(1+1)" in result.stdout
    assert formula_cells(result.stdout) == []


def test_csv_keeps_numbers_as_numbers_and_escapes_each_formula(runner, graph_copy):
    from actorgraph.escapes import csv_cell

    assert [csv_cell(name) for name in FORMULAS] == ["'" + name for name in FORMULAS]
    assert [csv_cell(v) for v in ["-1", "-0.5", "2e-3", -1, 1.5, "Iran"]] == ["-1", "-0.5", "2e-3", -1, 1.5, "Iran"]
    result = run(
        runner, graph_copy, "sparql", "SELECT ?n ?m WHERE { BIND(-1 AS ?n) BIND(-2.5 AS ?m) }", "--format", "csv"
    )
    assert result.stdout.splitlines()[1] == "-1,-2.5"


def test_sparql_csv_media_type_defuses_formulas(graph_copy):
    # The endpoint's text/csv is this serializer.
    from actorgraph import store
    from actorgraph.sparql import FORMATS, run_query

    add_actors(graph_copy, FORMULAS)
    result = run_query(store.load(graph_copy), "SELECT ?name WHERE { ?a a ag:ArmedGroup ; rdfs:label ?name }")
    assert FORMATS["csv"].media_type == "text/csv"
    text = result.serialize("csv")
    assert formula_cells(text) == [] and "'=HYPERLINK(" in text


def test_export_csv_defuses_formulas(runner, graph_copy, tmp_path):
    add_actors(graph_copy, FORMULAS)
    result = run(runner, graph_copy, "export", "csv", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for name in ("nodes.csv", "edges.csv"):
        assert formula_cells((tmp_path / "out" / name).read_text(encoding="utf-8")) == []


# --- 11. N-Triples every parser reads back ------------------------------------------------------


def _hostile_literals(graph: Path) -> set[str]:
    names = [f"a{char}b" for char in LINE_BREAKERS] + ["all" + LINE_BREAKERS + '"\\']
    add_actors(graph, names)
    return set(names)


def _labels_read_back(text: str) -> tuple[set[str], set[str]]:
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    by_rdflib = {str(o) for o in Graph().parse(data=text, format="nt").objects(None, label)}
    triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    by_oxigraph = {t.object.value for t in triples if t.predicate.value == str(label)}
    return by_rdflib, by_oxigraph


def test_export_nt_reads_back_in_rdflib_and_oxigraph(runner, graph_copy):
    names = _hostile_literals(graph_copy)
    result = run(runner, graph_copy, "export", "nt", "-o", "-")
    assert result.exit_code == 0, result.output
    by_rdflib, by_oxigraph = _labels_read_back(result.stdout)
    assert names <= by_rdflib and names <= by_oxigraph


def test_sparql_nt_reads_back_in_rdflib_and_oxigraph(runner, graph_copy):
    names = _hostile_literals(graph_copy)
    query = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a rdfs:label ?l }"
    result = run(runner, graph_copy, "sparql", query, "--format", "nt")
    assert result.exit_code == 0, result.output
    by_rdflib, by_oxigraph = _labels_read_back(result.stdout)
    assert names <= by_rdflib and names <= by_oxigraph


# --- 12. Terminal escapes ----------------------------------------------------------------------

UNSAFE = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]]


@pytest.mark.parametrize(
    "args",
    [
        ["actors"],
        ["show", "https://w3id.org/actorgraph/actor/h0"],
        ["claims", "--actor", "https://w3id.org/actorgraph/actor/h0"],
        ["path", "https://w3id.org/actorgraph/actor/h0", "Hezbollah"],
        ["sparql", "SELECT ?name WHERE { ?a a ag:ArmedGroup ; rdfs:label ?name }"],
        ["neighbors", "Iran"],
        ["actors", "--format", "json"],
    ],
    ids=lambda args: "-".join(args[::2])[:20],
)
def test_terminal_output_shows_control_characters(runner, graph_copy, args):
    add_actors(graph_copy, TERMINAL)
    result = run(runner, graph_copy, *args)
    assert result.exit_code == 0, result.output
    shown = [char for char in result.stdout if char in UNSAFE and char not in "\n\t"]
    assert shown == []
    assert "Acme\\x1b]0;PWNED\\x07" in result.stdout or "Acme\\u001b]0;PWNED\\u0007" in result.stdout


def test_error_messages_show_control_characters(runner, graph_copy):
    add_actors(graph_copy, TERMINAL)
    result = run(
        runner, graph_copy, "path", "https://w3id.org/actorgraph/actor/h0", "Hezbollah", "--polarity", "hostile"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no path from Acme")
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr


# --- 21. Files that are not regular files; hops --------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full")
def test_export_to_dev_full_says_disk_full_and_keeps_the_device(runner):
    result = runner.invoke(cli, ["export", "graphml", "-o", "/dev/full"])
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write /dev/full: no space left on device\n"
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_export_to_a_fifo_writes_into_it(runner, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    keeper = os.open(fifo, os.O_WRONLY)  # a writer of our own: the reader sees no end before we close it
    os.set_blocking(reader, True)
    received: list[bytes] = []
    thread = threading.Thread(target=lambda: received.extend(iter(lambda: os.read(reader, 65536), b"")))
    thread.start()
    try:
        result = runner.invoke(cli, ["export", "graphml", "-o", str(fifo)])
    finally:
        os.close(keeper)
        thread.join()
        os.close(reader)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"".join(received).decode("utf-8").rstrip().endswith("</graphml>")


def test_export_refuses_to_replace_a_link(runner, tmp_path):
    target = tmp_path / "kept.txt"
    target.write_text("kept", encoding="utf-8")
    link = tmp_path / "out.graphml"
    link.symlink_to(target)
    result = runner.invoke(cli, ["export", "graphml", "-o", str(link)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {link}: it is a symbolic link (only a regular file is replaced)\n"
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "kept"


def test_neighbors_hops_is_capped(runner, seed):
    from actorgraph.analysis import neighbors
    from actorgraph.errors import InvalidAnalysis
    from actorgraph.network import build_network
    from actorgraph.paths import MAX_HOPS

    result = runner.invoke(cli, ["neighbors", "Iran", "--hops", "10000000"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: hops must be at most {MAX_HOPS}, not 10000000\n"
    with pytest.raises(InvalidAnalysis):
        neighbors(build_network(seed), "Iran", hops=10**9)


def test_cli_caps_in_step_with_the_library():
    from actorgraph import paths
    from actorgraph.cli import options as command

    assert (command.MAX_HOPS, command.MAX_PATHS) == (paths.MAX_HOPS, paths.MAX_PATHS)


def test_export_hops_is_capped(runner):
    result = runner.invoke(cli, ["export", "html", "--focus", "Iran", "--hops", "1000000000"])
    assert result.exit_code == 2
    assert "1000000000 is not in the range 0<=x<=10" in result.stderr


# --- 4. Paths: a cap on those enumerated, and on hops ----------------------------------------


def _layers(seed, widths: list[int]):
    """Actors s, layers of *widths* actors, t; each actor backs every actor of the next layer."""
    from actorgraph.actors import Actor
    from actorgraph.claims import Claim
    from actorgraph.network import Projection
    from actorgraph.vocabulary import Vocabulary

    vocabulary = Vocabulary.from_graph(seed)
    backs = vocabulary.relations["backs"]
    layers = [["s"], *([f"l{i}n{j}" for j in range(w)] for i, w in enumerate(widths)), ["t"]]
    actors = {n: Actor(URIRef(f"https://example.org/{n}"), n, "Organization") for layer in layers for n in layer}
    pairs = [(u, v) for first, second in itertools.pairwise(layers) for u in first for v in second]
    claims = [
        Claim(URIRef(f"https://example.org/c{n}"), actors[u].iri, u, "backs", backs.iri, backs.label,
              backs.polarity, actors[v].iri, v, None, None, "q")
        for n, (u, v) in enumerate(pairs)
    ]  # fmt: skip
    return Projection.from_records(list(actors.values()), claims, vocabulary)


@pytest.mark.parametrize("engine", ["compact", "networkx"])
def test_all_paths_stop_at_max_paths_shortest_first_in_bounded_memory(seed, engine):
    from actorgraph.paths import PathQuery, connect

    projection = _layers(seed, [12, 12, 12, 12])  # 20,736 paths of 5 hops, millions of 9
    tracemalloc.start()
    try:
        report = connect(projection, PathQuery("s", "t", method="all", max_hops=9, max_paths=50), engine=engine)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(report.paths) == 50 and report.truncated
    assert {p.length for p in report.paths} == {5}
    assert report.paths[0].labels == ("s", "l0n0", "l1n0", "l2n0", "l3n0", "t")
    assert peak < 20 * 2**20


def test_path_command_says_when_paths_are_cut(runner, graph_copy):
    from actorgraph.events import import_events

    import_events(graph_copy, Path(__file__).parent.parent / "data" / "icews-2018-excerpt.tab", "icews")
    result = run(runner, graph_copy, "path", "Iran", "Israel", "--all", "--max-hops", "6", "--max-paths", "5")
    assert result.exit_code == 0, result.output
    head = result.stdout.splitlines()[0]
    assert head == "Iran → Israel: 5 paths (the 5 shortest: there are more; use --max-paths or narrow the search)"
    result = run(runner, graph_copy, "path", "Iran", "Israel", "--all", "--max-paths", "5", "--format", "json")
    assert '"truncated": true' in result.stdout


def test_path_max_hops_is_capped(runner):
    from actorgraph.errors import InvalidPathQuery
    from actorgraph.paths import MAX_HOPS, PathQuery

    result = runner.invoke(cli, ["path", "Iran", "Israel", "--all", "--max-hops", "11"])
    assert result.exit_code == 2
    assert f"11 is not in the range 1<=x<={MAX_HOPS}" in result.stderr
    with pytest.raises(InvalidPathQuery, match=f"max hops must be at most {MAX_HOPS}, not 11"):
        PathQuery("Iran", "Israel", method="all", max_hops=11).check()
