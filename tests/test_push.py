"""push to a real Oxigraph server (streamed, checked, its version written), and what every request
to a SPARQL server says when it fails: one line, never a traceback."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
import urllib.parse

import pyoxigraph as ox
import pytest
from conftest import free_port

from actorgraph import push as pushing
from actorgraph import resources, store
from actorgraph.cli import cli
from actorgraph.endpoint import PASSWORD_VARIABLE, Endpoint
from actorgraph.errors import EndpointAuthFailed, EndpointRefused, EndpointTimedOut, EndpointUnreachable
from actorgraph.namespace import PUSH_META


@pytest.fixture(scope="module")
def pushed(tmp_path_factory, oxigraph_server):
    folder = tmp_path_factory.mktemp("push") / "graph"
    shutil.copytree(resources.bundled_graph_dir(), folder)
    return folder, pushing.push(folder, f"{oxigraph_server}/store")


def _select(url: str, query: str) -> list[dict]:
    body, _ = Endpoint(url).query(query, "application/sparql-results+json")
    return json.loads(body)["results"]["bindings"]


def test_push_writes_its_version(pushed, oxigraph_server):
    folder, report = pushed
    memory = store.load(folder)
    # The module's server held nothing: loaded in bulk, with nothing replaced to warn of.
    assert report.triples == len(memory) and report.bulk and not report.atomic and not report.notes
    assert not report.union_default_graph
    rows = _select(
        f"{oxigraph_server}/query", f"SELECT ?p ?o WHERE {{ GRAPH <{PUSH_META}> {{ <{PUSH_META}> ?p ?o }} }}"
    )
    version = {row["p"]["value"].rpartition("#")[2]: row["o"] for row in rows}
    assert version["contentDigest"]["value"] == report.digest
    assert version["tripleCount"] == {"type": "literal", "value": str(report.triples),
                                      "datatype": "http://www.w3.org/2001/XMLSchema#integer"}  # fmt: skip
    assert version["pushedAt"]["datatype"] == "http://www.w3.org/2001/XMLSchema#dateTime"
    (count,) = _select(f"{oxigraph_server}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(count["n"]["value"]) == report.triples  # the default graph: everything, once


def test_the_digest_is_the_same_for_the_same_content(pushed, oxigraph_server):
    folder, report = pushed
    assert len(report.digest) == 64 and int(report.digest, 16) >= 0
    again = pushing.push(folder, f"{oxigraph_server}/store")  # over the first push: staged, switched
    assert again.atomic and not again.bulk and again.digest == report.digest  # blank nodes named alike


def test_push_sends_bounded_batches_and_shows_progress(graph_copy, oxigraph_server, monkeypatch):
    monkeypatch.setattr(pushing, "BATCH_TRIPLES", 100)
    sizes, seen = [], []
    original = Endpoint.request

    def request(self, method, params=(), body=None, *args, **kwargs):
        graph = dict(params).get("graph", "")
        if isinstance(body, bytes) and graph.startswith(pushing.STAGING_BASE) and not graph.endswith(":probe"):
            sizes.append(body.count(b"\n"))
            assert (method, params[-1]) == ("POST", ("no_transaction", ""))  # Oxigraph's bulk loader
        return original(self, method, params, body, *args, **kwargs)

    monkeypatch.setattr(Endpoint, "request", request)
    report = pushing.push(
        graph_copy, f"{oxigraph_server}/store", progress=lambda done, total: seen.append((done, total)), atomic=True
    )
    assert report.atomic and max(sizes) == 100 and sum(sizes) >= report.triples
    total = sum(path.stat().st_size for _, path in store.named_sources(graph_copy))
    assert seen[-1] == (total, total) and len(seen) > 3


def test_a_bulk_push_sends_each_batch_once_to_both_graphs(pushed, graph_copy, oxigraph_server, monkeypatch):
    monkeypatch.setattr(pushing, "BATCH_TRIPLES", 100)
    bodies = []
    original = Endpoint.request

    def request(self, method, params=(), body=None, content_type=None, *args, **kwargs):
        if content_type == "application/n-quads":
            assert (self.url, method, params) == (f"{oxigraph_server}/store", "POST", [("no_transaction", "")])
            bodies.append(body)
        return original(self, method, params, body, content_type, *args, **kwargs)

    monkeypatch.setattr(Endpoint, "request", request)
    report = pushing.push(graph_copy, f"{oxigraph_server}/store", atomic=False)  # over an earlier push
    assert report.bulk and report.notes == ["the push was not atomic: the earlier graphs were cleared and "
                                            "loaded in bulk, so readers saw them being replaced"]  # fmt: skip
    quads = [quad for body in bodies for quad in ox.parse(body, format=ox.RdfFormat.N_QUADS)]
    in_files = {quad for quad in quads if quad.graph_name != ox.DefaultGraph()}
    assert max(body.count(b"\n") for body in bodies) == 200  # 100 triples, in 2 graphs
    assert len(quads) == 2 * sum(quad.graph_name != ox.DefaultGraph() for quad in quads)
    (default,) = _select(f"{oxigraph_server}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    in_graphs = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{PUSH_META}>) }}"
    (files,) = _select(f"{oxigraph_server}/query", in_graphs)
    assert int(default["n"]["value"]) == report.triples == len(store.load(graph_copy))
    assert int(files["n"]["value"]) == len(in_files)


def test_cli_push(runner, pushed, oxigraph_server):
    folder, report = pushed
    result = runner.invoke(cli, ["--graph", str(folder), "push", f"{oxigraph_server}/store"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"pushed {report.triples} triples to {oxigraph_server}/store\n"


def test_cli_push_in_bulk_over_an_earlier_push_warns(runner, pushed, oxigraph_server):
    folder, report = pushed
    result = runner.invoke(cli, ["--graph", str(folder), "push", f"{oxigraph_server}/store", "--bulk"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"pushed {report.triples} triples to {oxigraph_server}/store\n"
    assert result.stderr == ("Pushing\nwarning: the push was not atomic: the earlier graphs were cleared and "
                             "loaded in bulk, so readers saw them being replaced\n")  # fmt: skip


def test_push_to_a_closed_port(runner, graph_copy):
    port = free_port()
    result = runner.invoke(cli, ["--graph", str(graph_copy), "push", f"http://127.0.0.1:{port}/store"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: the SPARQL endpoint http://127.0.0.1:{port}/query failed: "
                             "cannot connect: [Errno 111] Connection refused\n")  # fmt: skip


def test_reading_a_closed_port(runner):
    port = free_port()
    result = runner.invoke(cli, ["--store", f"sparql:http://127.0.0.1:{port}/sparql?default-graph-uri=urn:g", "info"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: the SPARQL endpoint http://127.0.0.1:{port}/sparql?default-graph-uri=urn:g "
                             "failed: cannot connect: [Errno 111] Connection refused\n")  # fmt: skip


class _Answers(http.server.BaseHTTPRequestHandler):
    """A tiny server: /login asks for Basic authentication, /broken answers 500, /slow never
    answers before the client gives up, /echo answers the query string and the form it got."""

    def do_POST(self) -> None:
        form = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if self.path.startswith("/login") and self.headers.get("Authorization") != "Basic YWxpY2U6czNjcmV0":
            self._answer(401, b"login needed", {"WWW-Authenticate": 'Basic realm="test"'})
        elif self.path.startswith("/broken"):
            self._answer(500, b"Virtuoso 37000 Error SP030: SPARQL compiler\nsecond line")
        elif self.path.startswith("/slow"):
            self.server.release.wait()  # type: ignore[attr-defined]
        else:
            answer = {
                "head": {"vars": ["path", "form"]},
                "results": {
                    "bindings": [
                        {"path": {"type": "literal", "value": self.path}, "form": {"type": "literal", "value": form}}
                    ]
                },
            }
            self._answer(200, json.dumps(answer).encode(), {"Content-Type": "application/sparql-results+json"})

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def answers():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    server.release = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.release.set()  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_a_query_string_is_kept_and_queries_go_as_forms(answers):
    (row,) = _select(f"{answers}/sparql?default-graph-uri=urn:g", "ASK {}")
    assert row["path"]["value"] == "/sparql?default-graph-uri=urn%3Ag"
    assert urllib.parse.parse_qs(row["form"]["value"]) == {"query": ["ASK {}"]}


def test_login_with_the_password_from_the_environment(answers, monkeypatch):
    with pytest.raises(EndpointAuthFailed) as error:
        Endpoint(f"{answers}/login").query("ASK {}", "*/*")
    assert str(error.value) == (f"the SPARQL endpoint {answers}/login failed: HTTP 401: login needed — "
                                "give `user` and the password in $ACTORGRAPH_PASSWORD")  # fmt: skip
    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong")
    with pytest.raises(EndpointAuthFailed, match=r"check \$ACTORGRAPH_PASSWORD for 'alice'$"):
        Endpoint(f"{answers}/login", "alice").query("ASK {}", "*/*")
    monkeypatch.setenv(PASSWORD_VARIABLE, "s3cret")
    (row,) = json.loads(Endpoint(f"{answers}/login", "alice").query("ASK {}", "*/*")[0])["results"]["bindings"]
    assert row["path"]["value"] == "/login"


def test_cli_login_errors_name_the_options(runner, answers, monkeypatch):
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    for command in (["sparql", "ASK {}"], ["info"]):
        result = runner.invoke(cli, ["--store", f"sparql:{answers}/login", *command])
        assert (result.exit_code, result.stderr) == (1, f"Error: the SPARQL endpoint {answers}/login failed: HTTP 401: "
                                                    "login needed — give --user and the password in "
                                                    "$ACTORGRAPH_PASSWORD\n")  # fmt: skip


def test_a_server_error_is_one_line(runner, answers):
    with pytest.raises(EndpointRefused) as error:
        Endpoint(f"{answers}/broken").query("ASK {}", "*/*")
    assert (error.value.status, error.value.detail) == (500, "Virtuoso 37000 Error SP030: SPARQL compiler")
    result = runner.invoke(cli, ["--store", f"sparql:{answers}/broken", "actors"])
    assert (result.exit_code, result.stderr) == (1, f"Error: the SPARQL endpoint {answers}/broken failed: HTTP 500: "
                                                    "Virtuoso 37000 Error SP030: SPARQL compiler\n")  # fmt: skip


def test_a_silent_server_times_out(answers):
    with pytest.raises(EndpointTimedOut) as error:
        Endpoint(f"{answers}/slow", timeout=0.2).query("ASK {}", "*/*")
    assert str(error.value) == f"the SPARQL endpoint {answers}/slow failed: no answer within 0.2 s"


def test_https_without_a_server(runner):
    with pytest.raises(EndpointUnreachable, match=r"failed: cannot connect: "):
        Endpoint(f"https://127.0.0.1:{free_port()}/sparql").query("ASK {}", "*/*")
