"""The three stores give the same answers: memory, an embedded Oxigraph store, a real SPARQL server."""

from __future__ import annotations

import functools
import json
import shutil

import pytest
from rdflib import URIRef

from actorgraph import store
from actorgraph.cache import cached_projection
from actorgraph.cli import cli
from actorgraph.curation import ClaimDraft, add_claim
from actorgraph.errors import GraphSyntaxError, UnknownStore
from actorgraph.network import Projection
from actorgraph.push import push


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory):
    target = tmp_path_factory.mktemp("stores") / "graph"
    from actorgraph import resources

    shutil.copytree(resources.bundled_graph_dir(), target)
    return target


@pytest.fixture(scope="module")
def stores(seed_copy, oxigraph_server, tmp_path_factory):
    push(seed_copy, f"{oxigraph_server}/store")
    embedded = tmp_path_factory.mktemp("oxigraph") / "store"
    return {
        "memory": "memory",
        "oxigraph": f"oxigraph:{embedded}",
        "sparql": f"sparql:{oxigraph_server}/query",
    }


LEADERS = (
    "SELECT ?leader ?group ?end WHERE { ?c rdf:subject ?l ; rdf:predicate ag:leads ; rdf:object ?g . "
    "?l rdfs:label ?leader . ?g rdfs:label ?group . OPTIONAL { ?c ag:end ?end } } ORDER BY ?group ?leader"
)
#: The graph's named graphs: a server also has push's version graph (and Virtuoso its system graphs).
GRAPHS = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    'FILTER(?g = <https://w3id.org/actorgraph/ns> || STRSTARTS(STR(?g), "urn:actorgraph:file:")) } '
    "GROUP BY ?g ORDER BY ?g"
)
BACKING = "CONSTRUCT { ?s ag:backs ?o } WHERE { ?s ag:backs ?o }"

#: Every reading command, run on each store; {out} is a folder of its own for the files it writes.
READING_COMMANDS = [
    ["info", "--format", "json"],
    ["actors", "--format", "json"],
    ["actors", "--type", "Organization"],
    ["relations", "--format", "json"],
    ["show", "Hezbollah", "--format", "json"],
    ["show", "Israel", "--limit", "3", "--offset", "2"],  # a page, newest first: the server picks it
    ["show", "Israel", "--limit", "4", "--format", "json"],
    ["claims", "--format", "json"],
    ["claims", "--actor", "Iran", "--relation", "hostileTo"],
    ["sparql", LEADERS],
    ["sparql", LEADERS, "--format", "json"],
    ["sparql", LEADERS, "--format", "csv"],
    ["sparql", LEADERS, "--format", "tsv"],
    ["sparql", LEADERS, "--format", "xml"],
    ["sparql", GRAPHS],
    ["sparql", "ASK { ?backer ag:backs actor:Hezbollah }"],
    ["sparql", "ASK { actor:Hezbollah ag:backs actor:Iran }", "--format", "json"],
    ["sparql", BACKING],
    ["sparql", BACKING, "--format", "nt"],
    ["sparql", BACKING, "--format", "json-ld"],
    ["sparql", "DESCRIBE actor:Hezbollah"],
    ["sparql", "DESCRIBE ?proxy WHERE { actor:Iran ag:hasProxy ?proxy }", "--format", "nt"],
    ["sparql", "DESCRIBE ag:Rank", "--format", "json-ld"],  # a blank-node list, written inline
    ["sparql", "--name", "proxies", "--param", "of=Iran"],
    ["sparql", "--name", "hostile-to-both", "--param", "a=Hezbollah", "--param", "b=Hamas", "--format", "csv"],
    ["sparql", "--name", "shared-backers", "--param", "actor=Hamas", "--param", "other=Hezbollah"],
    ["sparql", "--name", "in-force-on", "--param", "date=2024-09-01", "--format", "json"],
    ["sparql", "--name", "leaders", "--format", "csv"],
    ["sparql", "--name", "network", "--param", "actor=Hezbollah"],
    ["queries", "--format", "json"],
    ["queries", "hostile-to-both"],
    ["path", "Iran", "Nasrallah"],
    ["path", "Iran", "Nasrallah", "--format", "json"],
    ["path", "Iran", "Nasrallah", "--as-of", "2024-09-01", "--format", "json"],
    ["path", "Iran", "Netanyahu", "--all", "--max-hops", "3", "--as-of", "2024-09-01"],
    ["path", "Iran", "Netanyahu", "--all", "--max-hops", "3", "--format", "json"],
    ["path", "Khamenei", "Nasrallah", "--k", "3", "--rank", "evidence", "--directed"],
    ["path", "Iran", "Nasrallah", "--html", "{out}/dossier.html"],
    ["neighbors", "Hezbollah"],
    ["neighbors", "Nasrallah", "--hops", "2", "--as-of", "2024-09-01", "--format", "json"],
    ["rank"],
    ["rank", "--by", "betweenness", "--format", "json"],
    ["rank", "--by", "pagerank", "--format", "csv"],
    ["rank", "--by", "eigenvector", "--as-of", "2024-09-01"],
    ["rank", "--polarity", "hostile", "--relation", "attacked", "--format", "json"],
    ["communities"],
    ["communities", "--method", "greedy", "--all-edges", "--format", "json"],
    ["balance"],
    ["balance", "--as-of", "2024-09-01", "--format", "json"],
    ["timeline", "Hamas"],
    ["timeline", "--as-of", "2024-09-01", "--min-confidence", "F2", "--format", "json"],
    ["export", "graphml", "-o", "{out}/actors.graphml"],
    ["export", "gexf", "--focus", "Hezbollah", "--as-of", "2024-09-30", "-o", "{out}/actors.gexf"],
    ["export", "cytoscape", "--relation", "hostileTo", "-o", "{out}/actors.cyjs"],
    ["export", "csv", "-o", "{out}"],
    ["export", "turtle", "-o", "{out}/actors.ttl"],
    ["export", "turtle", "--with-vocabulary", "-o", "{out}/actors.ttl"],
    ["export", "trig", "-o", "{out}/actors.trig"],  # with the vocabulary, its lists get random blank-node labels
    ["export", "json-ld", "--with-vocabulary", "-o", "{out}/actors.jsonld"],
    ["export", "nt", "-o", "{out}/actors.nt"],
    ["export", "html", "-o", "{out}/actors.html"],
    ["export", "html", "--focus", "Hezbollah", "--as-of", "2024-09-30", "-o", "{out}/hezbollah.html"],
]


@pytest.fixture(scope="module")
def caches(tmp_path_factory):
    """A projection cache per store, shared by the commands, so each store builds its own network once."""
    return {name: tmp_path_factory.mktemp(f"cache-{name}") for name in ("memory", "oxigraph", "sparql")}


def _answer(runner, graph, spec, args, monkeypatch, cache, out):
    """A command's output on one store and the files it wrote. Only what has to differ between stores
    is made the same: the --store option and the folder written to (in the messages, and in the
    command line a map shows), and the store's name (a map's default title and the RDF exports'
    message name the endpoint, not the folder)."""
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(cache))
    out.mkdir()
    args = [arg.replace("{out}", str(out)) for arg in args]
    result = runner.invoke(cli, ["--graph", str(graph), "--store", spec, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    if args[0] == "info":
        data = json.loads(result.stdout)
        return {k: v for k, v in data.items() if k not in ("triples", "vocabulary_triples", "files")}
    files = {path.name: path.read_text(encoding="utf-8") for path in sorted(out.iterdir())}
    texts = [result.stdout, *files.values()]
    folder_name = store.display_path(graph.resolve())
    name = spec.removeprefix("sparql:") if spec.startswith("sparql:") else folder_name
    same = [("--store " + spec, "--store STORE"), (str(out), "OUT"), (name, folder_name)]
    replaced = [functools.reduce(lambda text, pair: text.replace(*pair), same, text) for text in texts]
    assert replaced[-1].strip(), f"{' '.join(args)} gave nothing to compare"
    return replaced[0], dict(zip(files, replaced[1:], strict=True))


def _command_id(args):
    return " ".join(arg if len(arg) <= 40 else arg[:37] + "..." for arg in args)


@pytest.mark.parametrize("args", READING_COMMANDS, ids=_command_id)
def test_every_store_gives_the_same_answer(runner, seed_copy, stores, caches, args, monkeypatch, tmp_path):
    answers = {
        name: _answer(runner, seed_copy, spec, args, monkeypatch, caches[name], tmp_path / name)
        for name, spec in stores.items()
    }
    assert answers["oxigraph"] == answers["memory"]
    assert answers["sparql"] == answers["memory"]


def test_triple_counts_agree(seed_copy, stores):
    memory = store.open_graph(seed_copy, stores["memory"])
    embedded = store.open_graph(seed_copy, stores["oxigraph"])
    remote = store.open_graph(seed_copy, stores["sparql"])
    data = sum(len(g) for g in store.data_graphs(memory))
    vocabulary = len(store.named_graph(memory, store.VOCABULARY_GRAPH))
    assert sum(len(g) for g in store.data_graphs(embedded)) == data
    (count,) = next(iter(remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    assert int(count) == data + vocabulary


def test_oxigraph_store_is_rebuilt_only_when_files_change(graph_copy, tmp_path):
    path = tmp_path / "ox"
    assert store.build_oxigraph(graph_copy, path) is True
    assert store.build_oxigraph(graph_copy, path) is False
    add_claim(graph_copy, ClaimDraft("Iran", "backs", "Hamas", source="news-2024-10-01-iran-israel-hezbollah",
                                     quote="the Iranian-backed Hamas in Gaza", credibility=2))  # fmt: skip
    assert store.build_oxigraph(graph_copy, path) is True
    dataset = store.oxigraph_dataset(graph_copy, path)
    (count,) = next(iter(dataset.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a ag:Claim }")))
    assert int(count) == 42


def test_folder_config_chooses_the_store(graph_copy, tmp_path):
    (graph_copy / store.CONFIG_FILE).write_text(f'store = "oxigraph:{tmp_path / "ox"}"\n', encoding="utf-8")
    dataset = store.open_graph(graph_copy)
    assert isinstance(dataset.store, store.ReadOnlyOxigraphStore)
    assert (tmp_path / "ox.fingerprint").is_file()


def test_bad_store_names(graph_copy):
    with pytest.raises(UnknownStore) as error:
        store.open_graph(graph_copy, "oxygraph:x")
    assert (
        str(error.value)
        == "unknown store 'oxygraph:x' — did you mean 'oxigraph'? (expected memory, oxigraph:PATH or sparql:URL)"
    )
    with pytest.raises(UnknownStore) as error:
        store.open_graph(graph_copy, "sparql")
    assert "did you mean 'sparql:http://127.0.0.1:7878/query'?" in str(error.value)


def test_projection_cache_is_keyed_by_content(graph_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(tmp_path / "cache"))
    builds = []

    def build():
        builds.append(1)
        return Projection.from_graph(store.load(graph_copy))

    first = cached_projection(graph_copy, build)
    second = cached_projection(graph_copy, build)
    assert len(builds) == 1
    assert sorted(second.full.edges(keys=True)) == sorted(first.full.edges(keys=True))
    for path in graph_copy.glob("*.ttl"):
        path.touch()  # new times, same content: still a hit
    cached_projection(graph_copy, build)
    assert len(builds) == 1
    add_claim(graph_copy, ClaimDraft("Iran", "backs", "Hamas", source="news-2024-10-01-iran-israel-hezbollah",
                                     quote="the Iranian-backed Hamas in Gaza", credibility=2))  # fmt: skip
    cached_projection(graph_copy, build)
    assert len(builds) == 2


def test_a_large_import_records_the_oxigraph_store(graph_copy):
    assert store.recommend_store(graph_copy, 10) is None
    assert not (graph_copy / store.CONFIG_FILE).exists()
    assert store.recommend_store(graph_copy, 250_000) == "oxigraph:.actorgraph/oxigraph"
    assert store.configured_store(graph_copy) == store.StoreSpec("oxigraph", ".actorgraph/oxigraph")
    (graph_copy / store.CONFIG_FILE).write_text('store = "memory"\n', encoding="utf-8")
    assert store.recommend_store(graph_copy, 250_000) is None  # a folder's own choice stands
    assert store.configured_store(graph_copy) == store.StoreSpec("memory")


# --- the embedded Oxigraph store behind rdflib's Store interface, and one-pass reads ----------


def test_rdflib_queries_on_an_oxigraph_store_go_to_oxigraph(graph_copy, tmp_path, seed):
    embedded = store.open_graph(graph_copy, f"oxigraph:{tmp_path / 'ox'}")
    backers = "SELECT ?who WHERE { ?who ag:backs ?whom } ORDER BY ?who"
    bound = {"whom": URIRef("https://w3id.org/actorgraph/actor/Hamas")}
    assert list(embedded.query(backers, initBindings=bound)) == list(seed.query(backers, initBindings=bound))
    assert embedded.query("ASK { actor:Iran ag:backs actor:Hezbollah }").askAnswer is True
    # An RDF-star function that rdflib's engine does not know: Oxigraph answered.
    (row,) = embedded.query("SELECT (isTRIPLE(TRIPLE(actor:Iran, ag:backs, actor:Hamas)) AS ?t) WHERE {}")
    assert row[0].toPython() is True


def test_an_oxigraph_store_refuses_writes(graph_copy, tmp_path):
    embedded = store.open_graph(graph_copy, f"oxigraph:{tmp_path / 'ox'}")
    with pytest.raises(PermissionError, match="its Oxigraph store is open read-only; change the graph's files"):
        embedded.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c"), URIRef("urn:g")))


def test_one_pass_reads_the_files_in_memory_not_the_store(graph_copy, tmp_path, seed, monkeypatch):
    size = sum(path.stat().st_size for path in store.graph_files(graph_copy))
    monkeypatch.setattr(store, "available_memory", lambda: 4 * store.MEMORY_PER_FILE_BYTE * size)
    spec = f"oxigraph:{tmp_path / 'ox'}"
    once = store.open_for_one_pass(graph_copy, spec)
    assert not (tmp_path / "ox").exists()  # the on-disk store was neither built nor opened
    expected = Projection.from_graph(seed)
    assert sorted(Projection.from_graph(once).full.edges(keys=True)) == sorted(expected.full.edges(keys=True))


def test_one_pass_reads_big_graphs_from_the_store(graph_copy, tmp_path, monkeypatch):
    size = sum(path.stat().st_size for path in store.graph_files(graph_copy))
    monkeypatch.setattr(store, "available_memory", lambda: 4 * store.MEMORY_PER_FILE_BYTE * size - 1)
    store.open_for_one_pass(graph_copy, f"oxigraph:{tmp_path / 'ox'}")
    assert (tmp_path / "ox").is_dir()


def test_one_pass_names_the_bad_file_and_line(graph_copy, tmp_path):
    (graph_copy / "broken.ttl").write_text("@prefix ag: <https://w3id.org/actorgraph/ontology#> .\n\nag:a ag:b .\n")
    with pytest.raises(GraphSyntaxError) as error:
        store.open_for_one_pass(graph_copy, f"oxigraph:{tmp_path / 'ox'}")
    assert str(error.value).startswith(f"{store.display_path(graph_copy / 'broken.ttl')}:3")


def test_a_path_after_an_import_does_not_wait_for_the_store(runner, graph_copy, tmp_path, monkeypatch):
    """The first network command on a folder that names an Oxigraph store builds the actor
    network from the files; building the store is left to the commands that query it."""
    assert store.available_memory() > 1 << 26  # room for the seed graph's copy in memory
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(tmp_path / "cache"))
    (graph_copy / store.CONFIG_FILE).write_text(f'store = "oxigraph:{tmp_path / "ox"}"\n', encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "path", "Iran", "Nasrallah"])
    assert result.exit_code == 0, result.output
    assert "Hassan Nasrallah" in result.stdout
    assert not (tmp_path / "ox").exists()


def test_statement_count_is_the_same_on_every_store(seed_copy, stores):
    counts = {name: store.statement_count(store.open_graph(seed_copy, spec)) for name, spec in stores.items()}
    memory = store.open_graph(seed_copy, stores["memory"])
    assert counts["memory"] == counts["oxigraph"] == len(memory)  # no triple is in two files here
    # The server holds everything twice (default graph and one named graph per file, see push),
    # and an endpoint's count is of its default graph: the union once.
    assert counts["sparql"] == len(memory)


def test_statement_count_counts_a_triple_each_file_states(graph_copy):
    actors = (graph_copy / "actors.ttl").read_text(encoding="utf-8")
    (graph_copy / "again.ttl").write_text(actors, encoding="utf-8")
    dataset = store.open_graph(graph_copy, "memory")
    assert store.statement_count(dataset) == len(dataset) + len(
        store.named_graph(dataset, _graph_of(graph_copy, "again.ttl"))
    )


def _graph_of(folder, name):
    return store.graph_name(folder, folder / name)
