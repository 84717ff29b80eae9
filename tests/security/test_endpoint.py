"""The HTTP endpoint against hostile clients and pages (issue #12: points 3, 6, 13, 18, 19 and
the HTTP side of 2): connections that never finish, other origins, other ``Host`` names,
headers, client mistakes, a query that reaches for the network, concurrent first queries."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.parse
import uuid
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from conftest import REPO
from starlette.testclient import TestClient
from test_server import read_lines

from actorgraph import store
from actorgraph.cli import cli
from actorgraph.server import EndpointServer, SparqlApp, make_app, make_server

ASK = "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def app(seed) -> SparqlApp:
    return make_app(seed, timeout=5.0, max_rows=100)


@pytest.fixture
def client(app) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1:8000")


class Running:
    """A real uvicorn server on a loopback port, serving in a thread of this process."""

    def __init__(self, app: SparqlApp, head_timeout: int = 120, host: str = "127.0.0.1") -> None:
        self.server: EndpointServer = make_server(app, host, 0, quiet=True, head_timeout=head_timeout)
        self.address = self.server.server_address
        self.thread = threading.Thread(target=self.server.serve_forever, name="test-endpoint", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()

    def request(
        self, method: str, target: str, body: str | bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        connection = http.client.HTTPConnection(*self.address, timeout=60)
        try:
            connection.request(method, target, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.msg, response.read()
        finally:
            connection.close()


@pytest.fixture
def running(app) -> Iterator[Running]:
    server = Running(app, head_timeout=1)
    yield server
    server.stop()


def read_to_eof(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (the timeout is a safety net:
    a server that never closes fails the test instead of hanging it)."""
    sock.settimeout(60)
    data = b""
    while chunk := sock.recv(4096):
        data += chunk
    return data


# --- 6. connections ---------------------------------------------------------------------------


def test_idle_half_sent_connections_do_not_starve_queries(app):
    """1,500 connections that stop in the middle of a request head, then a real query: 200."""
    server = Running(app, head_timeout=120)  # they stay open while the query runs
    idle: list[socket.socket] = []
    try:
        for _ in range(1500):
            sock = socket.create_connection(server.address)
            sock.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            idle.append(sock)
        status, _, body = server.request("GET", ASK)
        assert (status, body) == (200, b'{"head": {}, "boolean": true}')
    finally:
        for sock in idle:
            sock.close()
        server.stop()


@pytest.mark.parametrize(
    "sent",
    [
        b"",
        b"GET /sparql?query=ASK HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\nASK",
        # the start of a TLS ClientHello, as a browser sends to an https:// address
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(32)),
    ],
    ids=["nothing", "half-a-head", "half-a-body", "tls-hello"],
)
def test_a_connection_that_never_completes_its_request_is_closed(running, sent):
    with socket.create_connection(running.address) as sock:
        sock.sendall(sent.replace(b"PORT", str(running.address[1]).encode()))
        answer = read_to_eof(sock)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400 ")


def test_a_kept_alive_connection_that_stalls_is_closed(running):
    with socket.create_connection(running.address) as sock:
        sock.sendall(f"GET {ASK} HTTP/1.1\r\nHost: 127.0.0.1:{running.address[1]}\r\n\r\n".encode())
        sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{running.address[1]}\r\n".encode())
        answer = read_to_eof(sock)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer.endswith(b'{"head": {}, "boolean": true}')


def test_open_files_limit_is_raised(app):
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
    try:
        make_server(app, port=0, quiet=True).server_close()
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


# --- 13. other origins, other Host names -----------------------------------------------------


def test_no_cors_by_default(client):
    answer = client.get(ASK, headers={"Origin": "https://evil.example"})
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in answer.headers
    preflight = client.options(
        "/sparql", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert not any(name.startswith("access-control-") for name in preflight.headers)


def test_cors_allows_only_the_origins_given(seed):
    client = TestClient(make_app(seed, cors_origins=["http://localhost:8888"]), base_url="http://127.0.0.1:8000")
    allowed = client.get(ASK, headers={"Origin": "http://localhost:8888"})
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:8888"
    other = client.get(ASK, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = client.options(
        "/sparql", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 400 and "access-control-allow-origin" not in preflight.headers


@pytest.mark.parametrize("origin", ["*", "localhost:8888", "http://localhost:8888/page", "file:///tmp/x.html"])
def test_cli_refuses_what_is_not_an_origin(origin):
    result = CliRunner().invoke(cli, ["serve", "--port", "0", "--cors", origin])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for --cors: expected an origin such as http://localhost:8888 (scheme, host and port "
        f"only), got {origin!r}"
    )


def test_host_must_name_the_address_the_request_reached(running):
    port = running.address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert running.request("GET", ASK, headers={"Host": host})[0] == 200, host
    for host in ("attacker.example", f"attacker.example:{port}", f"localhost:{port + 1}", "127.0.0.1"):
        status, _, body = running.request("GET", ASK, headers={"Host": host})
        assert status == 421, host
        assert body.decode() == (
            f"misdirected request: Host {host!r} is not this endpoint — address it as 127.0.0.1:{port} or "
            f"localhost:{port}\n"
        )


def test_host_of_an_ipv6_loopback_server(app):
    try:
        server = Running(app, host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    try:
        port = server.address[1]
        assert server.request("GET", ASK, headers={"Host": f"[::1]:{port}"})[0] == 200
        assert server.request("GET", ASK, headers={"Host": f"localhost:{port}"})[0] == 200
        assert server.request("GET", ASK, headers={"Host": f"127.0.0.1:{port}"})[0] == 421
    finally:
        server.stop()


# --- 19. headers ------------------------------------------------------------------------------

PAGES = [
    ("GET", "/", None, {}),
    ("GET", ASK, None, {}),
    ("GET", "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p }"), None, {}),
    ("GET", "/queries", None, {}),
    ("GET", "/map", None, {}),
    ("GET", "/nowhere", None, {}),
    ("POST", "/sparql", "update=DROP+ALL", FORM),
    ("TRACE", "/", None, {}),
    ("OPTIONS", "/sparql", None, {}),
    ("GET", "/", None, {"Host": "attacker.example"}),
]


def assert_safe_headers(headers, path: str) -> None:
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert not re.search(r"https?:|\*|'unsafe-eval'", policy)
    assert "'unsafe-inline'" not in policy
    assert "server" not in headers
    banner = " ".join(f"{name}: {value}" for name, value in headers.items()).lower()
    assert not re.search(r"uvicorn|starlette|python|wsgiref|actorgraph", banner)


@pytest.mark.parametrize("method,target,body,headers", PAGES, ids=[f"{m} {t[:20]}" for m, t, _, h in PAGES])
def test_every_answer_carries_the_security_headers(client, method, target, body, headers):
    answer = client.request(method, target, content=body, headers=headers)
    assert_safe_headers(answer.headers, target)


def test_security_headers_from_a_real_server(running):
    for method, target, body, headers in PAGES:
        status, got, _ = running.request(method, target, body, headers)
        assert status < 500, target
        assert_safe_headers({name.lower(): value for name, value in got.items()}, target)


# --- 18. client mistakes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type,body",
    [
        ("application/sparql-query; charset=undefined", b"ASK {}"),
        ("application/x-www-form-urlencoded; charset=undefined", b"query=ASK+%7B%7D"),
        ("application/sparql-query; charset=rot13", b"ASK {}"),
        ("application/sparql-query; charset=no-such-charset", b"ASK {}"),
    ],
)
def test_an_unusable_charset_is_a_client_mistake(client, content_type, body):
    answer = client.post("/sparql", content=body, headers={"Content-Type": content_type})
    charset = content_type.partition("charset=")[2]
    assert (answer.status_code, answer.text) == (400, f"unsupported charset {charset!r} in Content-Type — send utf-8\n")


@pytest.mark.parametrize(
    "query",
    [
        'ASK { ?s ?p "\\UFFFFFFFF" }',
        "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999",
        "SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999999999999999",
    ],
)
def test_a_malformed_query_is_a_client_mistake(client, query):
    answer = client.get("/sparql", params={"query": query})
    assert answer.status_code == 400
    assert answer.text.count("\n") == 1 and answer.text.endswith("\n")


def test_a_chunked_body_over_the_limit(client):
    chunks = iter([b"x" * 600_000, b"x" * 600_000])
    answer = client.post("/sparql", content=chunks, headers={"Content-Type": "application/sparql-query"})
    assert (answer.status_code, answer.text) == (413, "request body too large: more than 1000000 bytes\n")


# --- 2. a query that reaches for the network, through HTTP ----------------------------------


def test_a_comment_ended_by_a_carriage_return_cannot_reach_the_network(graph_copy, tmp_path, canary):
    dataset = store.open_graph(graph_copy, f"oxigraph:{tmp_path / 'ox'}")
    client = TestClient(make_app(dataset, timeout=5.0), base_url="http://127.0.0.1:8000")
    query = f"SELECT * WHERE {{ ?s ?p ?o # c\rSERVICE <{canary.url}/x> {{ ?a ?b ?c }}\n}}"
    answer = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert canary.reached() == []
    assert answer.status_code < 500, answer.text


# --- 3. concurrent first queries on a fresh server ---------------------------------------------


def test_four_concurrent_first_queries_all_succeed(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "ACTORGRAPH_CACHE": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "actorgraph", "serve", "--port", "0", "--quiet"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        base = re.fullmatch(r"  Workbench:       http://(127\.0\.0\.1):(\d+)/", read_lines(process, 2)[1])
        address = (base.group(1), int(base.group(2)))
        fresh = uuid.uuid4().hex  # queries this server has never seen

        def ask(n: int, start: threading.Barrier | None = None) -> int:
            query = f"SELECT ?who WHERE {{ ?who ag:backs ?x FILTER(?x != <urn:x:{fresh}:{n}>) }}"
            connection = http.client.HTTPConnection(*address, timeout=60)
            try:
                if start is not None:
                    start.wait()
                headers = {"Content-Type": "application/sparql-query"}
                connection.request("POST", "/sparql", body=query.encode(), headers=headers)
                return connection.getresponse().status
            finally:
                connection.close()

        start = threading.Barrier(4)
        statuses: dict[int, int] = {}
        threads = [threading.Thread(target=lambda n=n: statuses.update({n: ask(n, start)})) for n in range(1, 5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == {1: 200, 2: 200, 3: 200, 4: 200}
        assert ask(5) == 200  # and a later new query still parses
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
