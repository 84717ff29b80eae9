"""A graph on a SPARQL server is read by aggregate and selective queries, never whole, and cached
by the server's content: counted here on a real Oxigraph server, request by request, row by row."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request

import pytest

from actorgraph import remote, resources, store
from actorgraph.cli import cli
from actorgraph.namespace import PREFIXES as NAMESPACES
from actorgraph.push import push

PREFIXES = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in NAMESPACES.items())
GROUPS = 600  # a chain of armed groups, each attacking the next on four days: 2,400 claims
CLIENTS = 150  # and a patron backing as many clients: an actor with more claims than show lists


def _patron() -> list[str]:
    """The patron's claims: dated on 28 days (so several on one day), every seventh by its start
    only, every tenth undated, as a hub of machine-coded data mixes them."""
    lines = ['actor:Patron a ag:State ; rdfs:label "Patron" .']
    for i in range(CLIENTS):
        when = "" if i % 10 == 0 else f' ; ag:{"start" if i % 7 == 0 else "date"} "2024-08-{i % 28 + 1:02d}"^^xsd:date'
        lines.append(
            f'actor:Client_{i} a ag:ArmedGroup ; rdfs:label "Client {i}" .\n'
            f"claim:patron-backs-client-{i} a ag:Claim ; rdf:subject actor:Patron ; rdf:predicate ag:backs ;"
            f' rdf:object actor:Client_{i} ; ag:quote "The patron backs client {i}" ;'
            f' ag:source source:news-2024-10-01-iran-israel-hezbollah{when} ; ag:reliability "F" ; ag:credibility 2 .'
        )
    return lines


def _chain() -> str:
    lines = [PREFIXES, *_patron()]
    for i in range(GROUPS):
        lines.append(f'actor:Group_{i} a ag:ArmedGroup ; rdfs:label "Group {i}" .')
        for day in range(1, 5):
            lines.append(
                f"claim:group-{i}-attacked-{day} a ag:Claim ; rdf:subject actor:Group_{i} ; rdf:predicate ag:attacked ;"
                f' rdf:object actor:Group_{(i + 1) % GROUPS} ; ag:quote "Group {i} attacked" ;'
                f' ag:source source:news-2024-10-01-iran-israel-hezbollah ; ag:date "2024-09-0{day}"^^xsd:date ;'
                ' ag:reliability "F" ; ag:credibility 2 .'
            )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """The seed graph and 2,550 more claims, many times more triples than any command should read."""
    folder = tmp_path_factory.mktemp("remote") / "graph"
    shutil.copytree(resources.bundled_graph_dir(), folder)
    (folder / "chain.ttl").write_text(_chain(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(chain, oxigraph_server):
    push(chain, f"{oxigraph_server}/store")
    return oxigraph_server


@pytest.fixture
def answers(monkeypatch):
    """Rows the server returns, one count per request: the queries of ``remote.Server`` and any
    other the endpoint store sends."""
    counted: list[int] = []

    def counting(send):
        def sent(self, *args, **kwargs):
            result = send(self, *args, **kwargs)
            counted.append(len(result))
            return result

        return sent

    endpoint = store._endpoint_store()
    monkeypatch.setattr(endpoint, "_query", counting(endpoint._query))
    monkeypatch.setattr(remote.Server, "select", counting(remote.Server.select))
    return counted


def _run(runner, folder, spec, args, cache, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(cache))
    result = runner.invoke(cli, ["--graph", str(folder), "--store", spec, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _triples(base: str) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    request = urllib.request.Request(f"{base}/query?query={query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.read().decode().split()[1])


#: Each command on a cold cache, and the most requests it may send then.
COMMANDS = [
    (["info"], 6),  # the version (none: then the count), the vocabulary, the actors, two counts
    (["actors", "--type", "State"], 4),
    (["actors", "--unlinked"], 5),
    (["show", "Nasrallah"], 9),  # ... and the claims, disputes and versions, names; merges
    (["show", "Group 7"], 9),
    (["show", "Patron"], 10),  # ... the claims counted, and the page chosen, by the server
    (["claims", "--actor", "Group 7"], 7),
    (["claims", "--relation", "leads"], 7),
    (["path", "Iran", "Nasrallah"], 18),  # two paths of two hops with parallel edges: six edges, two each
    (["path", "Group 1", "Group 5"], 14),
    (["path", "Group 1", "Group 5", "--as-of", "2024-09-02"], 15),
    (["rank", "--by", "betweenness"], 6),
    (["communities"], 6),
]


@pytest.mark.parametrize(
    ("args", "most"), COMMANDS, ids=lambda value: " ".join(value) if isinstance(value, list) else ""
)
def test_no_command_reads_every_triple(runner, chain, server, answers, args, most, tmp_path, monkeypatch):
    everything = _triples(server)
    _run(runner, chain, f"sparql:{server}/query", args, tmp_path, monkeypatch)
    assert 0 < len(answers) <= most, answers
    # The chain alone is 2,400 claims of 10 triples: a command that read the claims whole would get
    # more rows than this; a path --as-of gets one row per claim (its dates and rating) at most.
    assert sum(answers) < everything / 4, (sum(answers), everything, answers)


def test_a_warm_command_asks_only_for_the_version(runner, chain, server, answers, tmp_path, monkeypatch):
    spec = f"sparql:{server}/query"
    for args in (["info"], ["path", "Group 1", "Group 5"], ["rank"]):
        _run(runner, chain, spec, args, tmp_path, monkeypatch)
    answers.clear()
    _run(runner, chain, spec, ["path", "Group 1", "Group 9"], tmp_path, monkeypatch)
    # the version push recorded, the disputes and versions, then each hop's claims and the
    # names they give
    assert len(answers) == 1 + 1 + 8 * 2
    answers.clear()
    for args in (["info"], ["rank"], ["actors"]):
        _run(runner, chain, spec, args, tmp_path, monkeypatch)
    assert answers == [1] * 3  # the version push recorded, one row, keys the cache
    answers.clear()
    _run(runner, chain, spec, ["claims", "--actor", "Group 7"], tmp_path, monkeypatch)
    assert len(answers) == 1 + 3  # the name resolved from the cached index; the claims read


def test_a_hub_shows_a_page_the_server_picked(runner, chain, server, answers, tmp_path, monkeypatch):
    spec = f"sparql:{server}/query"
    _run(runner, chain, spec, ["actors"], tmp_path, monkeypatch)  # the vocabulary and the names, cached
    answers.clear()
    shown = _run(runner, chain, spec, ["show", "Patron"], tmp_path, monkeypatch)
    assert "  claims   150 out, 0 in" in shown
    assert "Out: claims 1–50 of 150, newest first (next: --offset 50; every one: --limit all)" in shown
    assert shown.count("Patron —backs→") == 50
    # the newest day first (clients 27, 55, 83, 111 and 139), ties by IRI as text ("111" < "139" < "27")
    first = shown.index("Patron —backs→")
    assert shown[first:].splitlines()[:2] == ["Patron —backs→ Client 111", "      date 2024-08-28 · confidence F2"]
    read = sum(answers)
    answers.clear()
    _run(runner, chain, spec, ["show", "Patron", "--limit", "all"], tmp_path, monkeypatch)
    assert sum(answers) > 2 * read  # every claim's statements: what the page spared


@pytest.mark.parametrize(
    "args",
    [["info", "--format", "json"], ["show", "Group 7", "--format", "json"], ["path", "Group 1", "Group 4"],
     ["show", "Patron"], ["show", "Patron", "--limit", "7", "--offset", "44", "--format", "json"],
     ["show", "Patron", "--offset", "140"], ["show", "Patron", "--offset", "150"],
     ["path", "Group 1", "Group 4", "--as-of", "2024-09-03", "--min-confidence", "F2", "--format", "json"],
     ["rank", "--by", "betweenness"], ["actors", "--unlinked"], ["claims", "--actor", "Group 3", "--format", "csv"],
     ["timeline", "Group 3"]],
)  # fmt: skip
def test_the_server_answers_as_memory_does(runner, chain, server, args, tmp_path, monkeypatch):
    remote = _run(runner, chain, f"sparql:{server}/query", args, tmp_path / "remote", monkeypatch)
    memory = _run(runner, chain, "memory", args, tmp_path / "memory", monkeypatch)
    if args[0] == "info":
        remote, memory = ({k: v for k, v in json.loads(text).items() if k not in ("triples", "vocabulary_triples",
                          "files")} for text in (remote, memory))  # fmt: skip
    assert remote == memory


def _update(base: str, text: str) -> None:
    body = urllib.parse.urlencode({"update": text}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{base}/update", data=body), timeout=30).read()


META = "https://w3id.org/actorgraph/meta"
VERSION = f"GRAPH <{META}> {{ <{META}> <https://w3id.org/actorgraph/ns#contentDigest> ?digest }}"
NEW_CLAIM = """PREFIX ag: <https://w3id.org/actorgraph/ns#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
INSERT DATA { <https://w3id.org/actorgraph/claim/new> a ag:Claim ;
  rdf:subject <https://w3id.org/actorgraph/actor/Iran> ; rdf:predicate ag:backs ;
  rdf:object <https://w3id.org/actorgraph/actor/Group_1> ; ag:quote "new" }"""


def _claims(runner, chain, spec, cache, monkeypatch, *options):
    return json.loads(_run(runner, chain, spec, [*options, "info", "--format", "json"], cache, monkeypatch))["claims"]


def _version(base: str, digest: str) -> None:
    _update(base, f"DELETE WHERE {{ {VERSION} }}")
    _update(
        base,
        f'INSERT DATA {{ GRAPH <{META}> {{ <{META}> <https://w3id.org/actorgraph/ns#contentDigest> "{digest}" }} }}',
    )


def test_a_server_changed_by_someone_else_is_noticed(runner, chain, server, tmp_path, monkeypatch):
    spec = f"sparql:{server}/query"
    before = _claims(runner, chain, spec, tmp_path, monkeypatch)
    _update(server, f"DELETE WHERE {{ {VERSION} }}")  # as if loaded some other way: no version
    assert _claims(runner, chain, spec, tmp_path, monkeypatch) == before
    _update(server, NEW_CLAIM)  # the cache is keyed by the count of triples
    assert _claims(runner, chain, spec, tmp_path, monkeypatch) == before + 1
    _version(server, "one")  # a version, as push writes it: the cache is keyed by it alone
    assert _claims(runner, chain, spec, tmp_path, monkeypatch) == before + 1
    _update(server, "DELETE WHERE { <https://w3id.org/actorgraph/claim/new> ?p ?o }")
    assert _claims(runner, chain, spec, tmp_path, monkeypatch) == before + 1  # the version did not change...
    assert _claims(runner, chain, spec, tmp_path, monkeypatch, "--refresh") == before  # ...--refresh rebuilds
    _update(server, NEW_CLAIM)
    _version(server, "two")
    assert _claims(runner, chain, spec, tmp_path, monkeypatch) == before + 1
    push(chain, f"{server}/store")  # a second push: the folder's content again, under its own version
    assert _claims(runner, chain, spec, tmp_path, monkeypatch) == before


def test_a_batch_keeps_only_the_edges_it_asked_for(chain, server, tmp_path, monkeypatch):
    """A batch of edges is read by their pairs of ends and their relations: what else these select
    (Iran preparesAttackOn Israel, for Iran attacked Israel and Hezbollah preparesAttackOn Israel)
    comes back too, and is not taken for read: that edge is read, whole, when asked for."""
    import actorgraph

    monkeypatch.setenv("ACTORGRAPH_CACHE", str(tmp_path))
    projection = actorgraph.open(chain, store=f"sparql:{server}/query").projection
    edges, labels = projection.edges, projection.actors.labels
    index = {
        (labels[s], r, labels[o]): e
        for e, (s, o, r) in enumerate(zip(edges.subjects, edges.objects, edges.relations, strict=True))
    }
    asked = [index[("Iran", "attacked", "Israel")], index[("Hezbollah", "preparesAttackOn", "Israel")]]
    other = index[("Iran", "preparesAttackOn", "Israel")]
    reader = edges.reader
    reader._load(asked)
    assert sorted(reader._read) == sorted(asked)
    assert [(c.subject, c.relation, c.object) for e in asked for c in reader.edge(e)] == [
        ("Iran", "attacked", "Israel"), ("Hezbollah", "preparesAttackOn", "Israel")]  # fmt: skip
    assert [(c.subject, c.relation, c.object) for c in reader.edge(other)] == [("Iran", "preparesAttackOn", "Israel")]
