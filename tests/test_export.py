"""Exports for other tools read back: RDF with rdflib (isomorphic), the network with NetworkX."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal
from rdflib.compare import isomorphic

from actorgraph import export as exports
from actorgraph import store
from actorgraph.cli import cli
from actorgraph.errors import CannotWrite, UnknownExportFormat
from actorgraph.namespace import ACTOR, AG
from actorgraph.network import build_network

IRAN, HEZBOLLAH = str(ACTOR.Iran), str(ACTOR.Hezbollah)


@pytest.fixture(scope="module")
def seed_network(seed):
    return build_network(seed)


@pytest.fixture(scope="module")
def curated(seed) -> Graph:
    merged = Graph()
    for graph in store.data_graphs(seed):
        merged += graph
    return merged


# --- RDF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")])
def test_rdf_export_reads_back_isomorphic(seed, curated, fmt, parser):
    text = exports.export_rdf(seed, fmt)
    back = Graph().parse(data=text, format=parser)
    assert len(back) == len(curated) > 400
    assert isomorphic(back, curated)
    assert (None, RDF.type, AG.ActorRelation) not in back  # the vocabulary stays out by default


def test_rdf_export_with_vocabulary(seed, curated):
    back = Graph().parse(data=exports.export_rdf(seed, "turtle", with_vocabulary=True), format="turtle")
    assert (AG.backs, RDF.type, AG.ActorRelation) in back
    vocabulary = seed.graph(store.VOCABULARY_GRAPH)
    whole = Graph()
    whole += curated
    whole += vocabulary
    assert isomorphic(back, whole)


def test_trig_keeps_one_named_graph_per_file(seed):
    back = Dataset()
    back.parse(data=exports.export_rdf(seed, "trig"), format="trig")
    expected = {graph.identifier: graph for graph in store.data_graphs(seed)}
    found = {graph.identifier: graph for graph in back.graphs() if len(graph)}
    assert set(found) == set(expected)
    assert all(str(name).startswith(store.FILE_GRAPH_BASE) for name in found)
    for name, graph in expected.items():
        assert isomorphic(found[name], graph)


def test_turtle_uses_the_project_prefixes(seed):
    text = exports.export_rdf(seed, "turtle")
    assert "@prefix actor: <https://w3id.org/actorgraph/actor/> ." in text
    assert "actor:Hezbollah" in text


def test_json_ld_has_a_context_and_unicode(seed):
    data = json.loads(exports.export_rdf(seed, "json-ld"))
    assert data["@context"]["ag"] == "https://w3id.org/actorgraph/ns#"
    assert "Iran’s Supreme Leader" in json.dumps(data, ensure_ascii=False)


def test_unknown_format_suggests(seed, seed_network):
    with pytest.raises(UnknownExportFormat, match="did you mean 'turtle'"):
        exports.export_rdf(seed, "tutle")
    with pytest.raises(UnknownExportFormat, match="did you mean 'gexf'"):
        exports.export_network(seed_network, "gefx")


# --- The network --------------------------------------------------------------------------------


def assert_same_network(back: nx.MultiDiGraph, flat: nx.MultiDiGraph) -> None:
    """Same nodes, same edges (by key), same attributes with the same types."""
    assert set(back.nodes) == set(flat.nodes)
    for node, data in flat.nodes(data=True):
        got = {k: v for k, v in back.nodes[node].items() if k in data}
        assert got == data, node
        assert all(type(got[k]) is type(v) for k, v in data.items())
    assert {(u, v, k) for u, v, k in back.edges(keys=True)} == {(u, v, k) for u, v, k in flat.edges(keys=True)}
    for u, v, key, data in flat.edges(keys=True, data=True):
        got = {k: value for k, value in back.edges[u, v, key].items() if k in data}
        assert got == data, (u, v, key)
        assert all(type(got[k]) is type(value) for k, value in data.items()), (u, v, key)


def test_graphml_reads_back_with_nodes_edges_and_typed_attributes(seed_network):
    flat = exports.scalar_network(seed_network)
    text = exports.export_network(seed_network, "graphml")
    back = nx.read_graphml(io.BytesIO(text.encode("utf-8")), edge_key_type=str)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.number_of_nodes() == 20 and back.number_of_edges() == 38
    assert_same_network(back, flat)
    types = {key.get("attr.name"): key.get("attr.type") for key in ElementTree.fromstring(text).iter()
             if key.tag.endswith("key")}  # fmt: skip
    assert types["claims"] == "long" and types["weight"] == "double" and types["symmetric"] == "boolean"
    assert types["label"] == "string"


def test_gexf_reads_back_for_gephi(seed_network):
    flat = exports.scalar_network(seed_network)
    text = exports.export_network(seed_network, "gexf")
    assert "networkx_key" not in text  # no NetworkX-only column in Gephi
    back = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert isinstance(back, nx.MultiDiGraph)
    assert_same_network(back, flat)
    iran = back.nodes[IRAN]
    assert iran["label"] == "Iran" and iran["type"] == "State"
    assert iran["viz"]["color"] == {"r": 0x35, "g": 0x69, "b": 0xB0, "a": 1.0}
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ElementTree.fromstring(text)
    hostile = next(
        e
        for e in root.iterfind(".//g:edge", ns)
        if back.edges[e.get("source"), e.get("target"), e.get("id")]["sign"] < 0
    )
    assert hostile.find("viz:color", ns).get("r") == str(0xC8)  # NetworkX does not read edge colours; Gephi does
    assert hostile.get("label") and float(hostile.get("weight")) >= 1


def test_edge_attributes_summarise_every_claim(seed_network):
    flat = exports.scalar_network(seed_network)
    ((key, attacked),) = [(k, d) for u, v, k, d in flat.edges(keys=True, data=True)
                          if d["relation"] == "attacked" and flat.nodes[u]["label"] == "Israel"
                          and flat.nodes[v]["label"] == "Hezbollah"]  # fmt: skip
    assert key.startswith("e")
    assert attacked["claims"] == 2 and attacked["weight"] == 2.0
    assert attacked["sign"] == -1 and attacked["polarity"] == "hostile"
    assert attacked["confidence"] == "F2" and attacked["confidences"] == "F2|F2"
    assert len(attacked["quotes"].split(" | ")) == 2
    assert len(attacked["claim_ids"].split("|")) == 2
    iran = flat.nodes[IRAN]
    assert iran["aliases"] == "Islamic Republic of Iran"
    assert iran["degree"] == len(set(nx.all_neighbors(seed_network, IRAN)) - {IRAN})


def test_cytoscape_json_reads_back(seed_network):
    data = json.loads(exports.export_network(seed_network, "cytoscape"))
    assert data["directed"] is True and data["multigraph"] is True
    assert data["data"] == {"name": "actorgraph network", "as_of": ""}
    node = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == IRAN)
    assert node["name"] == "Iran" and node["type"] == "State"
    assert all("id" in e["data"] and "source" in e["data"] for e in data["elements"]["edges"])
    back = nx.cytoscape_graph(data)
    assert_same_network(back, exports.scalar_network(seed_network))


def test_csv_nodes_and_edges(seed_network):
    files = exports.export_network(seed_network, "csv")
    nodes = list(csv.DictReader(io.StringIO(files["nodes"])))
    edges = list(csv.DictReader(io.StringIO(files["edges"])))
    assert len(nodes) == 20 and len(edges) == 38
    assert list(nodes[0]) == exports.NODE_FIELDS and list(edges[0]) == exports.EDGE_FIELDS
    hezbollah = next(row for row in nodes if row["id"] == HEZBOLLAH)
    assert hezbollah["aliases"] == "Hizballah|Hizbullah" and hezbollah["type"] == "ArmedGroup"
    backs = next(row for row in edges if row["relation"] == "backs" and row["target"] == HEZBOLLAH)
    assert backs["source_label"] == "Iran" and backs["symmetric"] == "false" and backs["claims"] == "1"
    assert "Iranian-backed militia group Hezbollah" in backs["quotes"]


def test_hostile_text_is_defused_in_csv_and_kept_valid_in_xml(graph_copy):
    graph = Graph()
    graph.add((ACTOR.Iran, RDFS.label, Literal('=HYPERLINK("http://evil")')))
    graph.add((ACTOR.Iran, RDFS.comment, Literal("x")))
    (graph_copy / "z.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
    network = build_network(store.load(graph_copy))
    network.nodes[IRAN]["label"] = '=HYPERLINK("http://evil")\x07 bell'  # a control character XML cannot hold
    rows = list(csv.DictReader(io.StringIO(exports.export_network(network, "csv")["nodes"])))
    iran = next(row for row in rows if row["id"] == IRAN)
    assert iran["label"].startswith("'=HYPERLINK")
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = read(io.BytesIO(exports.export_network(network, fmt).encode("utf-8")))
        assert back.nodes[IRAN]["label"] == '=HYPERLINK("http://evil")\ufffd bell'


def test_as_of_changes_the_exported_network(seed):
    haniyeh = str(ACTOR.Ismail_Haniyeh)
    july = exports.scalar_network(build_network(seed, as_of="2024-07-15"))
    august = exports.scalar_network(build_network(seed, as_of="2024-08-01"))
    assert any(u == haniyeh and d["relation"] == "leads" for u, _, d in july.edges(data=True))
    assert not any(u == haniyeh and d["relation"] == "leads" for u, _, d in august.edges(data=True))
    assert july.graph["as_of"] == "2024-07-15"


# --- The writers against NetworkX's -------------------------------------------------------------

# Every character class an XML writer can get wrong: markup, quotes, whitespace XML would fold,
# characters XML 1.0 forbids (a control character, a lone surrogate, U+FFFE), non-ASCII text,
# and a line separator (str.splitlines splits on it, XML does not).
HOSTILE = "a & b <c> \"d\" 'e' ]]> \ttab\nline\r\ncrlf\rcr \x07bell \x1f \ud800 \ufffe — “é” 𝄞 \u2028 \x85 =1+2"
ODD_IRI = "https://example.org/actor/a&b<c>\"d\"'e' é"


@pytest.fixture(scope="module")
def hostile_network(seed_network) -> nx.MultiDiGraph:
    """The seed network with hostile text wherever text goes, and an actor whose IRI needs escaping."""
    from dataclasses import replace

    network = nx.relabel_nodes(seed_network, {HEZBOLLAH: ODD_IRI})
    network.nodes[IRAN].update(label=HOSTILE, type=HOSTILE, aliases=(HOSTILE, "=SUM(A1)"))
    for number, (u, v, data) in enumerate(network.edges(data=True)):
        if IRAN in (u, v) or ODD_IRI in (u, v):
            data["label"] = f"{HOSTILE} {number}"
            data["claims"] = [replace(claim, quote=HOSTILE, source=HOSTILE, attributed_to=HOSTILE)
                              for claim in data["claims"]]  # fmt: skip
        if number == 5:  # a Goldstein score on some edge that is not the first: a column declared late
            data["claims"] = [replace(claim, origin="machine-coded", goldstein=-2.5) for claim in data["claims"]]
    return network


def _empty(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return nx.MultiDiGraph(as_of="2024-01-01")


def _isolated(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    lonely = nx.MultiDiGraph()
    lonely.add_nodes_from(list(network.nodes(data=True))[:3])
    return lonely


def read_back(text: str, fmt: str) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(text.encode("utf-8")), edge_key_type=str, force_multigraph=True)
    back = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    return back if back.is_multigraph() else nx.MultiDiGraph(back)  # without edges it reads a DiGraph


def as_read(graph: nx.MultiDiGraph) -> tuple[list, list, list]:
    """Everything a reader got from a file, in file order, every value with its type."""

    def typed(data: dict) -> list:
        return [(key, type(value), value) for key, value in data.items()]

    return (
        typed(graph.graph),
        [(node, typed(data)) for node, data in graph.nodes(data=True)],
        [(u, v, key, typed(data)) for u, v, key, data in graph.edges(keys=True, data=True)],
    )


def cr_as_networkx_writes_it(read: tuple[list, list, list]) -> tuple[list, list, list]:
    """What reading NetworkX's GraphML gives for a carriage return in a value: a line break
    (``generate_graphml`` splits the file into lines)."""

    def fix(data: list) -> list:
        return [(k, t, v.replace("\r\n", "\n").replace("\r", "\n") if t is str else v) for k, t, v in data]

    graph, nodes, edges = read
    return fix(graph), [(n, fix(d)) for n, d in nodes], [(u, v, k, fix(d)) for u, v, k, d in edges]


def canonical(text: str) -> str:
    """The XML's canonical form (C14N 2.0), indentation aside, GEXF's date of writing left out."""
    text = re.sub(r'lastmodifieddate="[^"]*"', 'lastmodifieddate=""', text)
    return ElementTree.canonicalize(text, strip_text=True)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("network", ["seed_network", "hostile_network", _empty, _isolated])
def test_writer_matches_networkx(request, seed_network, network, fmt):
    """The files read back into the graphs NetworkX's own writers' files read back into (node and
    edge order, values and their types), and are the same XML but for indentation."""
    network = request.getfixturevalue(network) if isinstance(network, str) else network(seed_network)
    rows = exports.flat_network(network)
    flat = exports.scalar_network(network)
    if fmt == "graphml":
        ours, theirs = exports.graphml(rows), exports.networkx_graphml(flat)
        assert cr_as_networkx_writes_it(as_read(read_back(ours, fmt))) == as_read(read_back(theirs, fmt))
        assert canonical(ours).replace("&#xD;\n", "\n").replace("&#xD;", "\n") == canonical(theirs)
        assert ours.isascii()
    else:
        ours, theirs = exports.gexf(rows), exports.networkx_gexf(flat)
        assert as_read(read_back(ours, fmt)) == as_read(read_back(theirs, fmt))
        assert canonical(ours) == canonical(theirs)
    back = read_back(ours, fmt)
    assert_same_network(back, flat)  # carriage returns included
    assert list(back.nodes) == list(flat.nodes)
    assert list(back.edges(keys=True)) == list(flat.edges(keys=True)) == [edge[:3] for edge in rows.edges]


def test_graphml_keeps_the_carriage_returns_networkx_drops(hostile_network):
    rows = exports.flat_network(hostile_network)
    ours = read_back(exports.graphml(rows), "graphml")
    theirs = read_back(exports.networkx_graphml(exports.scalar_network(hostile_network)), "graphml")
    assert "line\r\ncrlf\rcr" in ours.nodes[IRAN]["label"]
    assert "line\ncrlf\ncr" in theirs.nodes[IRAN]["label"]


def test_declared_types_match_networkx(seed_network, hostile_network):
    for network in (seed_network, hostile_network):
        rows, flat = exports.flat_network(network), exports.scalar_network(network)
        for fmt, ours, theirs, tag in (
            ("graphml", exports.graphml(rows), exports.networkx_graphml(flat), "key"),
            ("gexf", exports.gexf(rows), exports.networkx_gexf(flat), "attribute"),
        ):
            declared = [
                [dict(e.attrib) for e in ElementTree.fromstring(text).iter() if e.tag.rsplit("}", 1)[-1] == tag]
                for text in (ours, theirs)
            ]
            assert declared[0] == declared[1] and declared[0], fmt
    goldstein = [e for e in ElementTree.fromstring(exports.gexf(exports.flat_network(hostile_network))).iter()
                 if e.get("title") == "goldstein"]  # fmt: skip
    assert goldstein[0].get("type") == "double"


def test_xml_forbidden_characters_in_an_iri_become_replacement_characters(seed_network):
    network = nx.relabel_nodes(seed_network, {HEZBOLLAH: "https://example.org/\x07bell"})
    for fmt in ("graphml", "gexf"):
        back = read_back(exports.export_network(network, fmt), fmt)
        assert "https://example.org/\ufffdbell" in back
        assert back.number_of_edges() == network.number_of_edges()


@pytest.mark.parametrize("network", ["seed_network", "hostile_network"])
def test_cytoscape_and_csv_match_what_networkx_and_dictwriter_write(request, network):
    network = request.getfixturevalue(network)
    flat = exports.scalar_network(network)
    data = nx.cytoscape_data(flat, name="name", ident="id")
    data["data"] = dict(flat.graph)
    for node in data["elements"]["nodes"]:
        node["data"]["name"] = node["data"]["label"]
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = edge["data"]["key"]
    assert exports.export_network(network, "cytoscape") == json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    from actorgraph.escapes import csv_cell

    def dictwriter(rows: list[dict], fields: list[str]) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
        return buffer.getvalue()

    label = nx.get_node_attributes(flat, "label")
    nodes = [{"id": node, **data} for node, data in flat.nodes(data=True)]
    edges = [
        {"id": key, "source": u, "target": v, "source_label": label[u], "target_label": label[v], **data}
        for u, v, key, data in flat.edges(keys=True, data=True)
    ]
    files = exports.export_network(network, "csv")
    assert files["nodes"] == dictwriter(nodes, exports.NODE_FIELDS)
    assert files["edges"] == dictwriter(edges, exports.EDGE_FIELDS)


# --- Writing files ------------------------------------------------------------------------------


def test_write_text_is_atomic_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "deep" / "er" / "out.ttl"
    assert exports.write_text(target, "first ’\n") == target
    assert target.read_bytes() == "first ’\n".encode()

    def broken_fsync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    from actorgraph import files

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(CannotWrite, match="no space left on device"):
        exports.write_text(target, "second")
    assert target.read_text(encoding="utf-8") == "first ’\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.ttl"]  # no temporary file left


def test_write_text_refuses_a_folder(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(CannotWrite, match="it is a folder"):
        exports.write_text(tmp_path / "folder", "x")


def test_written_file_has_ordinary_permissions(tmp_path):
    path = exports.write_text(tmp_path / "out.txt", "x")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


# --- The command --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("turtle", "actors.ttl"), ("trig", "actors.trig"), ("json-ld", "actors.jsonld"), ("nt", "actors.nt"),
     ("graphml", "actors.graphml"), ("gexf", "actors.gexf"), ("cytoscape", "actors.cyjs"), ("html", "actors.html")],
)  # fmt: skip
def test_export_writes_to_exports_by_default(runner, tmp_path, monkeypatch, fmt, name):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["export", fmt])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {Path('exports') / name}: ")
    assert (tmp_path / "exports" / name).stat().st_size > 1000


def test_export_csv_files(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["export", "csv"]).exit_code == 0
    assert (tmp_path / "exports" / "nodes.csv").exists() and (tmp_path / "exports" / "edges.csv").exists()
    result = runner.invoke(cli, ["export", "csv", "-o", "out/network.csv"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "network-nodes.csv").exists() and (tmp_path / "out" / "network-edges.csv").exists()
    assert runner.invoke(cli, ["export", "csv", "-o", "folder"]).exit_code == 0
    assert (tmp_path / "folder" / "nodes.csv").exists()


def test_export_to_standard_output(runner, curated):
    result = runner.invoke(cli, ["export", "turtle", "-o", "-"])
    assert result.exit_code == 0
    assert isomorphic(Graph().parse(data=result.output, format="turtle"), curated)
    result = runner.invoke(cli, ["export", "cytoscape", "-o", "-", "--focus", "Nasrallah"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)["elements"]["nodes"]) == 3


def test_export_chooses_the_network(runner):
    result = runner.invoke(cli, ["export", "graphml", "-o", "-", "--relation", "backs", "--as-of", "2024-09-30"])
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(io.BytesIO(result.output.encode("utf-8")), edge_key_type=str, force_multigraph=True)
    assert {d["relation"] for _, _, d in back.edges(data=True)} == {"backs", "hasProxy"}
    assert all(back.degree(n) for n in back)  # actors left without a link are left out
    assert back.graph["as_of"] == "2024-09-30"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["turtle", "--focus", "Iran"], "--focus applies to the network formats"),
        (["nt", "--as-of", "2024"], "--as-of applies to the network formats"),
        (["gexf", "--with-vocabulary"], "--with-vocabulary applies to the RDF formats"),
        (["graphml", "--title", "x"], "--title applies to html maps, not graphml"),
        (["html", "--hops", "2"], "--hops needs --focus"),
        (["csv", "-o", "-"], "csv writes two files"),
        (["tutle"], "'tutle' is not one of"),
    ],
)
def test_export_refuses_options_that_do_not_apply(runner, args, message):
    result = runner.invoke(cli, ["export", *args])
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["html", "--focus", "Nasralah"], "Error: unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'?"),
        (["gexf", "--as-of", "2024-13"], "Error: invalid date '2024-13'"),
        (["csv", "--relation", "hostilTo"], "Error: unknown relation 'hostilTo' — did you mean 'hostileTo'?"),
    ],
)
def test_export_errors_are_one_line(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["export", *args])
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "exports").exists()


def test_export_cannot_write_is_one_line(runner, tmp_path):
    (tmp_path / "taken").write_text("a file where a folder should be", encoding="utf-8")
    result = runner.invoke(cli, ["export", "turtle", "-o", str(tmp_path / "taken" / "out.ttl")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot write ") and result.output.count("\n") == 1


def test_export_help_has_an_example(runner):
    result = runner.invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "actorgraph export html --focus Hezbollah" in result.output


def test_machine_coded_claims_are_counted_with_their_goldstein_score(seed_network):
    from dataclasses import replace

    network = seed_network.copy()
    data = network.edges[str(ACTOR.Israel), HEZBOLLAH, "attacked"]
    first, second = data["claims"]
    data["claims"] = [replace(first, origin="machine-coded", goldstein=-10.0), second]
    flat = exports.scalar_network(network)
    (attacked,) = [d for d in flat[str(ACTOR.Israel)][HEZBOLLAH].values() if d["relation"] == "attacked"]
    assert (attacked["machine_coded"], attacked["curated"], attacked["goldstein"]) == (1, 1, -10.0)
    plain = next(d for _, _, d in flat.edges(data=True) if d["relation"] == "backs")
    assert "goldstein" not in plain and plain["machine_coded"] == 0
    back = nx.read_graphml(io.BytesIO(exports.export_network(network, "graphml").encode("utf-8")), edge_key_type=str)
    assert_same_network(back, flat)
