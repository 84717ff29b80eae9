"""Loading a graph folder never removes what actorgraph did not create, never leaves the folder
(links, JSON-LD contexts, XML entities) and fails on a bad file with one line that quotes
nothing of it (issue #12: points 1, 4, 5, 16, 17 and 19)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actorgraph import store
from actorgraph.cli import cli
from actorgraph.errors import GraphFileRefused, StoreLocationRefused

SECRET = "API_KEY=sk-live-51HxQ2eZvKYlo2C0aBcD\nDB_PASSWORD=hunter2-correct-horse\n"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "lollollollollollollollollollol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="urn:ex:">
 <rdf:Description rdf:about="urn:ex:x"><ex:p>&i;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(tmp_path_factory.mktemp("cache")))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under *folder*, by path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(result) -> str:
    """The CLI failed with one line and no traceback; that line."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


# --- 1: a store location is never a folder actorgraph did not create ------------------------------


@pytest.mark.parametrize("location", [".", "..", "{tmp}", "{graph}/notes"], ids=["graph", "parent", "tmp", "inside"])
def test_a_read_only_command_never_replaces_the_graph_folder(runner, graph_copy, tmp_path, location):
    (graph_copy / "notes").mkdir()
    (graph_copy / "notes" / "todo.txt").write_text("keep me\n", encoding="utf-8")
    before = snapshot(tmp_path)
    spec = "oxigraph:" + location.format(tmp=tmp_path, graph=graph_copy)
    result = runner.invoke(cli, ["--graph", str(graph_copy), "--store", spec, "sparql", "ASK{?s ?p ?o}"])
    assert one_line_error(result).startswith("Error: refusing to build an Oxigraph store at ")
    assert snapshot(tmp_path) == before


def test_a_configured_store_never_replaces_a_folder_of_someone_else(runner, graph_copy, tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("\\section{Years of work}\n", encoding="utf-8")
    (graph_copy / store.CONFIG_FILE).write_text(f'store = "oxigraph:{precious}"\n', encoding="utf-8")
    before = snapshot(tmp_path)
    result = runner.invoke(cli, ["--graph", str(graph_copy), "sparql", "ASK{?s ?p ?o}"])
    line = one_line_error(result)
    assert "precious" in line and "not empty" in line
    assert snapshot(tmp_path) == before


def test_a_store_location_that_is_a_file_is_refused(graph_copy, tmp_path):
    (tmp_path / "store").write_text("data\n", encoding="utf-8")
    with pytest.raises(StoreLocationRefused, match="it is not a folder"):
        store.build_oxigraph(graph_copy, tmp_path / "store")
    assert (tmp_path / "store").read_text(encoding="utf-8") == "data\n"


def test_stores_actorgraph_built_are_rebuilt_in_place(graph_copy, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert store.build_oxigraph(graph_copy, empty) is True
    assert (empty / store.STORE_MARKER).is_file()
    (graph_copy / "more.nt").write_text("<urn:ex:a> <urn:ex:b> <urn:ex:c> .\n", encoding="utf-8")
    assert store.build_oxigraph(graph_copy, empty) is True  # its own store: replaced
    default = store.open_graph(graph_copy, store.DEFAULT_OXIGRAPH)  # hidden, in the graph folder
    assert (graph_copy / ".actorgraph" / "oxigraph" / store.STORE_MARKER).is_file()
    assert store.statement_count(default) == store.statement_count(store.open_graph(graph_copy, "memory"))


def test_a_store_built_before_the_marker_is_still_ours(graph_copy, tmp_path):
    legacy = tmp_path / "legacy"
    store.build_oxigraph(graph_copy, legacy)
    (legacy / store.STORE_MARKER).unlink()  # as built by an older actorgraph: its fingerprint beside it
    (graph_copy / "more.nt").write_text("<urn:ex:a> <urn:ex:b> <urn:ex:c> .\n", encoding="utf-8")
    assert store.build_oxigraph(graph_copy, legacy) is True


# --- 5: no JSON-LD context is fetched, from the network or from a file ------------------------------

STORES = ["memory", "oxigraph"]


def _store_option(name: str, tmp_path: Path) -> list[str]:
    return ["--store", "memory" if name == "memory" else f"oxigraph:{tmp_path / 'ox'}"]


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize("command", [["validate"], ["info"], ["sparql", "ASK{?s ?p ?o}"]], ids=lambda c: c[0])
def test_a_remote_json_ld_context_is_never_fetched(runner, graph_copy, tmp_path, canary, command, store_name):
    document = {"@context": f"{canary.url}/c.jsonld", "@id": "urn:ex:x", "name": "x"}
    (graph_copy / "evil.jsonld").write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), *_store_option(store_name, tmp_path), *command])
    assert canary.reached() == []
    line = one_line_error(result) if command != ["validate"] else result.output.strip().splitlines()[0]
    assert result.exit_code != 0
    assert "evil.jsonld" in line and "not inline" in line


@pytest.mark.parametrize(
    "document",
    [
        {"@context": "file:///etc/passwd", "@id": "urn:ex:x"},
        {"@context": [{"ex": "urn:ex:"}, "https://schema.org/"], "@id": "urn:ex:x"},
        {"@context": {"@import": "http://127.0.0.1:9/c.jsonld"}, "@id": "urn:ex:x"},
        {"@graph": [{"@id": "urn:ex:x", "urn:ex:p": {"@context": "other.jsonld", "@value": "v"}}]},
        {"@context": {"knows": {"@id": "urn:ex:knows", "@context": "http://127.0.0.1:9/scoped"}}},
    ],
    ids=["file", "in-a-list", "import", "nested-relative", "scoped"],
)
def test_every_non_inline_context_is_refused(graph_copy, document):
    path = graph_copy / "evil.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(GraphFileRefused, match="not inline"):
        store.load(graph_copy)
    with pytest.raises(GraphFileRefused, match="not inline"):
        store.open_for_one_pass(graph_copy, f"oxigraph:{graph_copy / '.ox'}")


def test_an_inline_context_loads_the_same_in_every_store(graph_copy, tmp_path):
    document = {"@context": {"ex": "urn:ex:", "name": "ex:name"}, "@id": "ex:x", "name": "inline"}
    (graph_copy / "fine.jsonld").write_text(json.dumps(document), encoding="utf-8")
    counts = {name: store.statement_count(store.open_graph(graph_copy, spec))
              for name, spec in [("memory", "memory"), ("oxigraph", f"oxigraph:{tmp_path / 'ox'}")]}  # fmt: skip
    assert counts["memory"] == counts["oxigraph"]


# --- 17 and 16: links out of the folder, bad files: one line that quotes nothing of them ------------


@pytest.mark.parametrize("command", [["validate"], ["info"]], ids=lambda c: c[0])
def test_a_link_out_of_the_folder_is_refused(runner, graph_copy, tmp_path, command):
    secret = tmp_path / "secret.env"
    secret.write_text(SECRET, encoding="utf-8")
    (graph_copy / "notes.nt").symlink_to(secret)
    result = runner.invoke(cli, ["--graph", str(graph_copy), *command])
    line = one_line_error(result)
    assert "notes.nt" in line and "outside the graph folder" in line
    assert "sk-live" not in result.output and "hunter2" not in result.output


def test_a_linked_folder_is_not_entered(graph_copy, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "private.nt").write_text("<urn:ex:a> <urn:ex:b> <urn:ex:c> .\n", encoding="utf-8")
    (graph_copy / "linked").symlink_to(tmp_path / "elsewhere")
    assert all("private" not in path.name for path in store.graph_files(graph_copy))


def test_a_link_inside_the_folder_is_read(graph_copy):
    (graph_copy / "again.ttl").symlink_to(graph_copy / "actors.ttl")
    assert graph_copy / "again.ttl" in store.graph_files(graph_copy)


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize("suffix", [".nt", ".nq", ".ttl", ".trig", ".rdf", ".jsonld"])
def test_a_file_that_is_not_rdf_is_one_line_that_quotes_none_of_it(runner, graph_copy, tmp_path, suffix, store_name):
    (graph_copy / f"notes{suffix}").write_text(SECRET, encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), *_store_option(store_name, tmp_path), "info"])
    line = one_line_error(result)
    assert f"notes{suffix}" in line
    assert "sk-live" not in line and "hunter2" not in line and "API_KEY" not in line


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bad.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description></rdf:RDF>'),
        ("bad.nt", "<urn:ex:a> <urn:ex:b> .\n"),
        ("bad.nq", '<urn:ex:a> <urn:ex:b> "c" <urn:ex:g> <urn:ex:h> .\n'),
        ("escape.nt", '<urn:ex:a> <urn:ex:b> "\\UFFFFFFFF" .\n'),
    ],
    ids=["rdf", "nt", "nq", "escape"],
)
def test_a_malformed_file_is_one_line(runner, graph_copy, tmp_path, name, text, store_name):
    (graph_copy / name).write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), *_store_option(store_name, tmp_path), "info"])
    assert name in one_line_error(result)


def test_nesting_too_deep_for_rdflib_is_one_line(runner, graph_copy):
    (graph_copy / "deep.ttl").write_text("<urn:ex:a> <urn:ex:b> " + "(" * 100_000 + ")" * 100_000 + " .\n")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "info"])
    assert "deep.ttl" in one_line_error(result)


def test_a_line_over_16_mib_is_one_line_on_oxigraph(runner, graph_copy, tmp_path):
    (graph_copy / "long.nt").write_text('<urn:ex:a> <urn:ex:b> "' + "x" * (17 << 20) + '" .\n', encoding="ascii")
    result = runner.invoke(cli, ["--graph", str(graph_copy), *_store_option("oxigraph", tmp_path), "info"])
    line = one_line_error(result)
    assert "long.nt" in line and "16 MiB" in line


@pytest.mark.parametrize("url", ["not-a-url", "file:///etc/passwd", "ftp://127.0.0.1/x"])
def test_a_sparql_store_is_an_http_url(runner, url):
    result = runner.invoke(cli, ["--store", f"sparql:{url}", "info"])
    assert "expected memory, oxigraph:PATH or sparql:URL" in one_line_error(result)
    assert "root:" not in result.output


@pytest.mark.parametrize("command", [["info"], ["claims"]], ids=lambda c: c[0])
def test_an_endpoint_that_does_not_answer_is_one_line(runner, canary, command):
    result = runner.invoke(cli, ["--store", f"sparql:{canary.url}/query", *command])
    assert one_line_error(result).startswith(f"Error: the SPARQL endpoint {canary.url}/query failed: ")


# --- 4: XML entities are refused before any parser expands them ------------------------------------


@pytest.mark.parametrize("store_name", STORES)
def test_billion_laughs_is_refused_before_parsing(runner, graph_copy, tmp_path, store_name):
    (graph_copy / "laughs.rdf").write_text(BILLION_LAUGHS, encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), *_store_option(store_name, tmp_path), "info"])
    line = one_line_error(result)
    assert "laughs.rdf:3" in line and "entity declaration" in line


def test_an_external_dtd_is_refused(graph_copy, canary):
    text = BILLION_LAUGHS.replace("<!DOCTYPE rdf:RDF [", f'<!DOCTYPE rdf:RDF SYSTEM "{canary.url}/x.dtd" [')
    (graph_copy / "dtd.rdf").write_text(text, encoding="utf-8")
    with pytest.raises(GraphFileRefused, match="external DTD"):
        store.load(graph_copy)
    assert canary.reached() == []


def test_rdf_xml_without_a_doctype_loads_the_same_in_every_store(graph_copy, tmp_path):
    (graph_copy / "plain.rdf").write_text(BILLION_LAUGHS.split("]>\n")[1].replace("&i;", "lol"), encoding="utf-8")
    memory = store.open_graph(graph_copy, "memory")
    embedded = store.open_graph(graph_copy, f"oxigraph:{tmp_path / 'ox'}")
    assert store.statement_count(memory) == store.statement_count(embedded)


# --- 19: named graphs show the path in the folder, not where the folder is -------------------------


@pytest.mark.parametrize("store_name", STORES)
def test_graph_names_show_no_server_path(runner, graph_copy, tmp_path, store_name):
    (graph_copy / "2024 claims").mkdir()
    (graph_copy / "2024 claims" / "more.nt").write_text("<urn:ex:a> <urn:ex:b> <urn:ex:c> .\n", encoding="utf-8")
    option = ["--graph", str(graph_copy), *_store_option(store_name, tmp_path)]
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    answer = runner.invoke(cli, [*option, "sparql", "--format", "csv", query])
    assert answer.exit_code == 0, answer.output
    assert answer.output.split() == [
        "g",
        "https://w3id.org/actorgraph/ns",
        "urn:actorgraph:file:2024%20claims/more.nt",
        "urn:actorgraph:file:actors.ttl",
        "urn:actorgraph:file:claims-2024-10-01-iran-israel-hezbollah.ttl",
        "urn:actorgraph:file:sources.ttl",
    ]
    trig = runner.invoke(cli, [*option, "export", "trig", "-o", "-"])
    assert trig.exit_code == 0, trig.output
    assert "<urn:actorgraph:file:actors.ttl>" in trig.output
    assert str(tmp_path) not in trig.output and "file:" not in trig.output.replace("urn:actorgraph:file:", "")
