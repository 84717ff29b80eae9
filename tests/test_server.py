"""The SPARQL endpoint: the ASGI app in process, the real server on a loopback port queried with
SPARQLWrapper and raw HTTP, a graph read through it as a SPARQL store, and `actorgraph serve`.

The security side (connections, CORS, ``Host``, headers, client mistakes) is in
``tests/security/test_endpoint.py``."""

from __future__ import annotations

import http.client
import json
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from conftest import REPO
from rdflib import Graph
from SPARQLWrapper import JSON, JSONLD, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from starlette.testclient import TestClient

from actorgraph import store
from actorgraph.namespace import ACTOR, AG
from actorgraph.queries import list_queries
from actorgraph.server import make_app, make_server
from actorgraph.sparql import run_named_query, run_query

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BACKERS = "SELECT ?backer ?backed WHERE { ?backer ag:backs ?backed } ORDER BY ?backed"


# --- the app in process ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(seed):
    # No time limit: a busy machine must not turn a slow right answer into a failure. The tests
    # of the limit itself build an app of their own.
    return make_app(seed, timeout=None, max_rows=100)


def call(app, method="GET", path="/sparql", args=None, body=b"", headers=None):
    """Call the ASGI app in process; return (status code, headers, body)."""
    response = TestClient(app).request(method, path, params=args, content=body, headers=headers or {})
    return response.status_code, response.headers, response.content


def form(**fields):
    return urllib.parse.urlencode(fields).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_get_query_answers_sparql_json_by_default(app):
    status, headers, body = call(app, args={"query": BACKERS})
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert "Access-Control-Allow-Origin" not in headers
    assert headers["X-Result-Size"] == "2"
    data = json.loads(body)
    assert [b["backed"]["value"] for b in data["results"]["bindings"]] == [str(ACTOR.Hamas), str(ACTOR.Hezbollah)]


def test_post_form_and_post_query_body(app):
    assert call(app, "POST", body=form(query=BACKERS), headers=FORM)[0] == 200
    status, _, body = call(app, "POST", body=BACKERS.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2


@pytest.mark.parametrize(
    "query,accept,content_type",
    [
        (BACKERS, "application/sparql-results+xml", "application/sparql-results+xml"),
        (BACKERS, "text/csv", "text/csv"),
        (BACKERS, "text/tab-separated-values", "text/tab-separated-values"),
        (BACKERS, "application/json", "application/sparql-results+json"),
        (BACKERS, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
        (BACKERS, "text/*", "text/csv"),
        (BACKERS, "*/*", "application/sparql-results+json"),
        (BACKERS, "text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("ASK { ?s ?p ?o }", "application/sparql-results+xml", "application/sparql-results+xml"),
        ("CONSTRUCT WHERE { ?a ag:backs ?b }", "", "text/turtle"),
        ("CONSTRUCT WHERE { ?a ag:backs ?b }", "application/ld+json", "application/ld+json"),
        ("CONSTRUCT WHERE { ?a ag:backs ?b }", "application/n-triples", "application/n-triples"),
        ("CONSTRUCT WHERE { ?a ag:backs ?b }", "application/rdf+xml", "application/rdf+xml"),
        ("CONSTRUCT WHERE { ?a ag:backs ?b }", "application/sparql-results+json, text/turtle;q=0.9", "text/turtle"),
        ("DESCRIBE actor:Iran", "*/*", "text/turtle"),
    ],
)
def test_content_negotiation(app, query, accept, content_type):
    status, headers, _ = call(app, args={"query": query}, headers={"Accept": accept} if accept else {})
    assert status == 200
    assert headers["Content-Type"] == f"{content_type}; charset=utf-8"
    assert headers["Vary"] == "Accept"


@pytest.mark.parametrize(
    "fmt,content_type",
    [
        ("csv", "text/csv"),
        ("xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_format_parameter_overrides_accept(app, fmt, content_type):
    status, headers, _ = call(app, args={"query": BACKERS, "format": fmt}, headers={"Accept": "application/json"})
    assert (status, headers["Content-Type"]) == (200, f"{content_type}; charset=utf-8")


def test_results_parse_back(app):
    _, _, body = call(app, args={"query": "CONSTRUCT WHERE { ?a ag:backs ?b }", "format": "nt"})
    assert set(Graph().parse(data=body.decode(), format="nt")) == {
        (ACTOR.Iran, AG.backs, ACTOR.Hamas),
        (ACTOR.Iran, AG.backs, ACTOR.Hezbollah),
    }
    _, _, body = call(app, args={"query": BACKERS}, headers={"Accept": "text/csv"})
    assert body == (
        b"backer,backed\r\nhttps://w3id.org/actorgraph/actor/Iran,https://w3id.org/actorgraph/actor/Hamas\r\n"
        b"https://w3id.org/actorgraph/actor/Iran,https://w3id.org/actorgraph/actor/Hezbollah\r\n"
    )


def test_parameters_of_a_declared_query(app):
    text = "# param: of (actor)\nSELECT ?backer WHERE { ?backer ag:backs ?of }"
    status, _, body = call(app, args={"query": text, "$of": "hamas"})
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == [{"backer": {"type": "uri", "value": str(ACTOR.Iran)}}]
    status, _, body = call(app, args={"query": text})
    assert (status, body) == (400, b"missing parameter 'of' (an actor name) \xe2\x80\x94 give it as of=\xe2\x80\xa6\n")


def test_default_graph_uri_chooses_a_loaded_graph(app):
    args = {
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ag:Claim }",
        "default-graph-uri": "https://w3id.org/actorgraph/ns",
    }
    status, _, body = call(app, args=args)
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"
    args["default-graph-uri"] = "http://example.org/remote"
    assert call(app, args=args)[2] == (
        b"FROM <http://example.org/remote> is not allowed: it is not a loaded graph, and actorgraph never fetches "
        b"data\n"
    )


UPDATE = b"SPARQL Update is not allowed: actorgraph is read-only\n"
TOO_MANY = (
    "the result has more than 100 rows — add a LIMIT or narrow the query (the endpoint's limit is 100)\n".encode()
)
NOT_FOUND = "not found: /nowhere — the SPARQL endpoint is /sparql\n".encode()
STORE_WRITE = b"graph store writes are not allowed: actorgraph is read-only\n"


@pytest.mark.parametrize(
    "method,path,args,body,headers,status,message",
    [
        ("POST", "/sparql", {}, form(update="INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"), FORM, 403,
         UPDATE),
        ("POST", "/sparql", {}, b"DROP ALL", {"Content-Type": "application/sparql-update"}, 403, UPDATE),
        ("GET", "/sparql", {"query": "CLEAR ALL"}, b"", {}, 403,
         b"SPARQL Update (CLEAR) is not allowed: actorgraph is read-only\n"),
        ("GET", "/sparql", {"query": "LOAD <http://example.org/x.ttl>"}, b"", {}, 403,
         b"SPARQL Update (LOAD) is not allowed: actorgraph is read-only\n"),
        ("PUT", "/data", {"default": ""}, b"<a> <b> <c> .", {"Content-Type": "application/n-triples"}, 403,
         STORE_WRITE),
        ("DELETE", "/data", {"graph": "https://w3id.org/actorgraph/ns"}, b"", {}, 403, STORE_WRITE),
        ("POST", "/data", {"default": ""}, b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, 403, STORE_WRITE),
        ("POST", "/store", {}, b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, 403, STORE_WRITE),
        ("POST", "/", {"graph": "http://e/g"}, b"", {"Content-Type": "text/turtle"}, 403, STORE_WRITE),
        ("PATCH", "/sparql", {}, b"", {}, 403, STORE_WRITE),
        ("GET", "/sparql", {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}, b"", {},
         403, b"SERVICE <http://example.org/sparql> is not allowed: actorgraph never contacts other endpoints\n"),
        ("GET", "/sparql", {"query": "SELECT * FROM <http://example.org/d.ttl> WHERE { ?s ?p ?o }"}, b"", {}, 403,
         b"FROM <http://example.org/d.ttl> is not allowed: it is not a loaded graph, and actorgraph never fetches "
         b"data\n"),
        ("GET", "/sparql", {"query": "SELECT * WHERE { ?s ?p }"}, b"", {}, 400,
         b"syntax error at line 1, column 24: expected a variable, an IRI, a literal or a blank node, found '}'\n"),
        ("GET", "/sparql", {"query": "SELECT * WHERE { ?s foo:p ?o }"}, b"", {}, 400,
         "unknown prefix 'foo:' at line 1, column 21 — declare it with PREFIX or use one of: ag, actor, claim, "
         "source, rdf, rdfs, owl, skos, prov, dcterms, xsd, geo\n".encode()),
        ("GET", "/sparql", {}, b"", {}, 400,
         b"missing query: send query=\xe2\x80\xa6 (GET or a form POST) or a body of type application/sparql-query\n"),
        ("GET", "/sparql", {"query": ["ASK {}", "ASK {}"]}, b"", {}, 400,
         b"more than one query: send exactly one query parameter\n"),
        ("POST", "/sparql", {}, b"ASK {}", {"Content-Type": "text/plain"}, 415,
         b"unsupported content type text/plain: POST application/x-www-form-urlencoded or application/sparql-query\n"),
        ("GET", "/sparql", {"query": "SELECT * WHERE { ?s ?p ?o }"}, b"", {}, 413,
         TOO_MANY),
        ("GET", "/sparql", {"query": "ASK {}"}, b"", {"Accept": "image/png"}, 406,
         b"cannot answer an ASK query as image/png \xe2\x80\x94 acceptable: application/sparql-results+json, "
         b"application/sparql-results+xml\n"),
        ("GET", "/sparql", {"query": "ASK {}", "format": "csv"}, b"", {}, 406,
         "csv cannot show ASK results — use table, json or xml\n".encode()),
        ("GET", "/nowhere", {}, b"", {}, 404,
         NOT_FOUND),
        ("TRACE", "/sparql", {}, b"", {}, 405, b"method TRACE is not allowed\n"),
    ],
)  # fmt: skip
def test_refusals_and_errors_with_their_status_and_message(app, method, path, args, body, headers, status, message):
    got_status, got_headers, got_body = call(app, method, path, args, body, headers)
    assert (got_status, got_body) == (status, message)
    assert got_headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Access-Control-Allow-Origin" not in got_headers


def test_method_not_allowed_says_which_are(app):
    assert call(app, "TRACE")[1]["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_timeout_answers_503(seed):
    status, _, body = call(make_app(seed, timeout=2.0), args={"query": SLOW_QUERY})
    assert (status, body) == (503, b"query timed out after 2.0 s (the endpoint's limit per query)\n")


def test_body_too_large(app):
    status, _, body = call(app, "POST", body=b"x" * 1_000_001, headers={"Content-Type": "application/sparql-query"})
    assert (status, body) == (413, b"request body too large: 1000001 bytes (at most 1000000)\n")


def test_options_says_which_methods(app):
    status, headers, body = call(app, "OPTIONS")
    assert (status, body, headers["Allow"]) == (204, b"", "GET, HEAD, POST, OPTIONS")


def test_cors_preflight_of_an_allowed_origin(seed):
    app = make_app(seed, cors_origins=["https://notebook.example"])
    preflight = {"Origin": "https://notebook.example", "Access-Control-Request-Method": "POST"}
    status, headers, _ = call(app, "OPTIONS", headers=preflight | {"Access-Control-Request-Headers": "content-type"})
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "https://notebook.example"
    assert headers["Access-Control-Allow-Methods"] == "GET, POST"
    status, headers, _ = call(app, args={"query": "ASK {}"}, headers={"Origin": "https://notebook.example"})
    assert (status, headers["Access-Control-Allow-Origin"]) == (200, "https://notebook.example")
    assert headers["Access-Control-Expose-Headers"] == "Content-Type, X-Query-Time, X-Result-Size"


def test_head_has_headers_and_no_body(app):
    status, headers, body = call(app, "HEAD", "/queries")
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) > 1000


def test_the_endpoint_has_no_page_of_its_own(app):
    # The query page and the map are the workbench's (tests/test_web_sparql.py).
    for path in ("/", "/map"):
        status, _, body = call(app, "GET", path)
        assert (status, body) == (404, f"not found: {path} — the SPARQL endpoint is /sparql\n".encode())


def test_named_queries_as_json(app):
    status, headers, body = call(app, "GET", "/queries")
    assert status == 200 and headers["Content-Type"] == "application/json"
    proxies = next(q for q in json.loads(body) if q["name"] == "proxies")
    assert proxies["text"].startswith("# title: Proxies of an actor")


# --- the real server on a loopback port -------------------------------------------------------


def _serving(seed, max_rows, timeout=None):
    # A generous slow-client limit: on a loaded machine a request's first bytes can come late
    # (tests/security/test_endpoint.py tests the limit itself).
    app = make_app(seed, timeout=timeout, max_rows=max_rows)
    server = make_server(app, "127.0.0.1", 0, quiet=True, head_timeout=120)
    thread = threading.Thread(target=server.serve_forever, name="test-endpoint", daemon=True)
    thread.start()
    try:
        yield server.url + "/sparql"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        assert not thread.is_alive()


@pytest.fixture(scope="module")
def endpoint(seed):
    """The seed graph served on a loopback port, with no time limit (see ``app``)."""
    yield from _serving(seed, max_rows=100)


@pytest.fixture(scope="module")
def hasty_endpoint(seed):
    """An endpoint that stops each query after 2 s, for the tests of that limit."""
    yield from _serving(seed, max_rows=100, timeout=2.0)


@pytest.fixture(scope="module")
def roomy_endpoint(seed):
    """An endpoint whose row limit lets a client read every label of the seed graph and its
    vocabulary (more than 100), as resolving an actor's name through a SPARQL store does."""
    yield from _serving(seed, max_rows=10_000)


def test_server_listens_on_loopback_only_by_default(seed):
    server = make_server(make_app(seed), port=0, quiet=True)
    try:
        assert server.server_address[0] == "127.0.0.1"
        assert server.url == f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.server_close()


def wrapper(endpoint, query, fmt=JSON, method=None):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setTimeout(10)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    elif method:
        client.setMethod(method)
    return client


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY], ids=["GET", "POST-form", "POST-query"])
def test_sparqlwrapper_select(endpoint, method):
    data = wrapper(
        endpoint, "SELECT ?who WHERE { ?who ag:killed actor:Hassan_Nasrallah }", method=method
    ).queryAndConvert()
    assert data["results"]["bindings"] == [{"who": {"type": "uri", "value": str(ACTOR.Israel)}}]


def test_sparqlwrapper_ask(endpoint):
    assert wrapper(endpoint, "ASK { actor:Iran ag:hasProxy actor:Hezbollah }").queryAndConvert()["boolean"] is True
    assert (
        wrapper(endpoint, "ASK { actor:Iran ag:hasProxy actor:Hamas }", fmt=XML)
        .query()
        .convert()
        .getElementsByTagName("boolean")[0]
        .firstChild.data
        == "false"
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("fmt", [TURTLE, XML, JSONLD])
def test_sparqlwrapper_construct(endpoint, fmt):
    converted = wrapper(endpoint, "CONSTRUCT WHERE { ?a ag:backs ?b }", fmt=fmt).queryAndConvert()
    graph = Graph().parse(data=converted, format="turtle") if isinstance(converted, bytes) else converted
    assert {(s, p, o) for s, p, o in graph.triples((None, None, None))} == {
        (ACTOR.Iran, AG.backs, ACTOR.Hamas),
        (ACTOR.Iran, AG.backs, ACTOR.Hezbollah),
    }


def test_sparqlwrapper_sees_a_malformed_query(endpoint):
    with pytest.raises(QueryBadFormed) as error:
        wrapper(endpoint, "SELECT * WHERE { ?s ?p }").query()
    assert "syntax error at line 1, column 24: expected a variable, an IRI, a literal or a blank node" in str(
        error.value
    )


def raw(endpoint, method, target, body=None, headers=None):
    url = urllib.parse.urlsplit(endpoint)
    assert url.hostname == "127.0.0.1"
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=15)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "method,target,body,headers,status,message",
    [
        ("POST", "/sparql", "update=INSERT+DATA+%7B%7D", FORM, 403, UPDATE),
        ("PUT", "/data?default", "<http://e/a> <http://e/b> <http://e/c> .", {"Content-Type": "application/n-triples"},
         403, STORE_WRITE),
        ("GET", "/sparql?query=" + urllib.parse.quote("SELECT * { SERVICE <http://example.org/s> { ?s ?p ?o } }"), None,
         {}, 403, b"SERVICE <http://example.org/s> is not allowed: actorgraph never contacts other endpoints\n"),
        ("GET", "/sparql?query=" + urllib.parse.quote("SELECT * FROM <http://example.org/g> { ?s ?p ?o }"), None, {},
         403, b"FROM <http://example.org/g> is not allowed: it is not a loaded graph, and actorgraph never fetches "
         b"data\n"),
        ("POST", "/sparql", "SELECT * WHERE { ?s ?p }", {"Content-Type": "application/sparql-query"}, 400,
         b"syntax error at line 1, column 24: expected a variable, an IRI, a literal or a blank node, found '}'\n"),
        ("GET", "/sparql?query=" + urllib.parse.quote("SELECT * { ?s ?p ?o }"), None, {}, 413,
         TOO_MANY),
        ("CONNECT", "/sparql", None, {}, 405, b"method CONNECT is not allowed\n"),
        ("GET", "/nowhere", None, {}, 404, NOT_FOUND),
    ],
)  # fmt: skip
def test_raw_http_statuses_and_messages(endpoint, method, target, body, headers, status, message):
    got_status, got_headers, got_body = raw(endpoint, method, target, body, headers)
    assert (got_status, got_body) == (status, message)
    assert "Access-Control-Allow-Origin" not in got_headers


def test_raw_http_query_past_the_time_limit(hasty_endpoint):
    status, _, body = raw(hasty_endpoint, "GET", "/sparql?query=" + urllib.parse.quote(SLOW_QUERY))
    assert (status, body) == (503, b"query timed out after 2.0 s (the endpoint's limit per query)\n")


def test_raw_http_named_queries_and_preflight(endpoint):
    status, headers, body = raw(endpoint, "GET", "/queries")
    assert status == 200 and b'"name": "who-backs-whom"' in body
    status, headers, _ = raw(endpoint, "OPTIONS", "/sparql", headers={"Origin": "http://localhost:8888"})
    assert status == 204 and headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert "Access-Control-Allow-Origin" not in headers


def test_concurrent_queries(endpoint):
    results: list[int] = []

    def ask():
        results.append(raw(endpoint, "GET", "/sparql?query=" + urllib.parse.quote(BACKERS))[0])

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [200] * 8


# --- a graph read through the endpoint (`--store sparql:URL`) ---------------------------------


CASES = {
    "claims-from-source": {"source": "news"},
    "hostile-to": {"actor": "Israel"},
    "hostile-to-both": {"a": "United States", "b": "France"},
    "shared-backers": {"actor": "Hamas", "other": "Hezbollah"},
    "in-force-on": {"date": "2024-07-15"},
    "low-confidence": {"credibility": "3"},
    "who-backs-whom": {"of": "Hezbollah"},
    "network": {"actor": "Nasrallah"},
}


def test_named_queries_through_a_sparql_store_match_memory(seed, roomy_endpoint):
    """Parameters travel as values substituted into the WHERE clause, as rdflib binds them."""
    remote = store.open_graph(None, f"sparql:{roomy_endpoint}")
    for query in list_queries():
        here = run_named_query(seed, query.name, CASES.get(query.name, {}), timeout=None)
        there = run_named_query(remote, query.name, CASES.get(query.name, {}), timeout=None)
        if here.kind == "SELECT":
            assert (there.vars, there.rows) == (here.vars, here.rows), query.name
        else:
            assert there.graph.isomorphic(here.graph), query.name


def test_sparql_store_errors(seed, hasty_endpoint):
    remote = store.open_graph(None, f"sparql:{hasty_endpoint}")
    from actorgraph.errors import QueryFailed, QueryTimeout

    with pytest.raises(QueryTimeout, match=r"^query timed out after 0.5 s$"):
        run_query(remote, SLOW_QUERY, timeout=0.5)
    with pytest.raises(QueryFailed) as error:
        run_query(remote, "SELECT * WHERE { ?s ?p ?o }")
    assert str(error.value) == (
        f"the SPARQL endpoint {hasty_endpoint} answered 413: the result has more than 100 rows — add a LIMIT or narrow "
        "the query (the endpoint's limit is 100)"
    )


def test_cli_through_a_sparql_store(runner, endpoint):
    from test_sparql import CLI

    result = runner.invoke(CLI, ["--store", f"sparql:{endpoint}", "sparql", "--name", "proxies", "--param", "of=Iran",
                                 "--format", "csv"], catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "sponsor,proxy,date,confidence,claim,quote"
    assert result.stdout.splitlines()[1].startswith("Iran,Hezbollah,,F2,https://w3id.org/actorgraph/claim/")


# --- `actorgraph serve` ------------------------------------------------------------------------


def read_lines(process, count, timeout=60):
    """The first *count* lines of the process's output, waiting at most *timeout* seconds."""
    lines: list[str] = []
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    buffer = b""
    while len(lines) < count and time.monotonic() < deadline:
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            break
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            break
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        lines += [line.decode() for line in complete]
    selector.close()
    return lines


def test_serve_command_end_to_end(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "actorgraph", "serve", "--port", "0", "--timeout", "3", "--quiet"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        lines = read_lines(process, 4)
        assert lines[0].startswith("Serving the bundled seed graph (") and lines[0].endswith(" triples), read-only.")
        page_url = re.fullmatch(r"  Workbench:       (http://127\.0\.0\.1:\d+)/", lines[1]).group(1)
        assert lines[2] == f"  SPARQL endpoint: {page_url}/sparql"
        assert lines[3] == "Press Ctrl-C to stop."
        data = wrapper(f"{page_url}/sparql", "SELECT ?p WHERE { actor:Iran ag:hasProxy ?p }").queryAndConvert()
        assert data["results"]["bindings"][0]["p"]["value"] == str(ACTOR.Hezbollah)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err.decode()
    assert out.decode().splitlines()[-1] == "Stopped."


def test_serve_on_a_busy_port_is_one_line(runner):
    from test_sparql import CLI

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(CLI, ["serve", "--port", str(port)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use — choose another --port or --host\n"
    )
