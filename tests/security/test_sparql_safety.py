"""SPARQL evaluation safety (issue #12, points 2, 3, 4, 7, 8, 9 and 16): the network ban at every
layer, parameters as terms, the parser under threads and limits, memory limits, inherited
descriptors, and one-line errors for hostile texts."""

from __future__ import annotations

import _socket
import ctypes
import errno
import os
import re
import socket
import subprocess
import sys

import pytest

from actorgraph import isolation, store
from actorgraph.cli import cli
from actorgraph.errors import (
    QueryError,
    QueryFailed,
    QueryParameterError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
)
from actorgraph.sparql import MAX_QUERY_BYTES, prepare, run_query
from actorgraph.sparql_syntax import TOO_DEEP

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks, reads /proc")

BACKED_BY_IRAN = "SELECT ?backed WHERE { actor:Iran ag:backs ?backed } ORDER BY ?backed"


@pytest.fixture(params=["memory", "oxigraph"])
def dataset(request, graph_copy, tmp_path):
    location = "memory" if request.param == "memory" else f"oxigraph:{tmp_path / 'ox'}"
    return store.open_graph(graph_copy, location)


@pytest.fixture
def oxigraph(graph_copy, tmp_path):
    return store.open_graph(graph_copy, f"oxigraph:{tmp_path / 'ox'}")


def one_line_failure(result) -> str:
    """The CLI's error message, checked to be one line without a traceback."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def cli_query(runner, graph, tmp_path, text, *options):
    location = ("--store", f"oxigraph:{tmp_path / 'cli-ox'}") if "oxigraph" in options else ()
    rest = [option for option in options if option != "oxigraph"]
    return runner.invoke(cli, ["--graph", str(graph), *location, "sparql", text, *rest])


# --- 2. The network: a checker's reading, parameters, the process itself ------------------------


def comment_hiding_service(url: str) -> str:
    return f"SELECT * WHERE {{ ?s ?p ?o # c\rSERVICE <{url}/x> {{ ?a ?b ?c }}\n}}"


def test_a_service_call_after_a_carriage_return_in_a_comment_is_refused(dataset, canary):
    with pytest.raises(QueryRefused, match=r"^SERVICE <http://127\.0\.0\.1:\d+/x> is not allowed"):
        run_query(dataset, comment_hiding_service(canary.url))
    assert canary.reached() == []


def test_a_service_call_spelled_with_escapes_is_refused(dataset, canary):
    hidden = f"SELECT * WHERE {{ ?s ?p ?o # c\\u000D\\u0053ERVICE <{canary.url}/x> {{ ?a ?b ?c }}\n}}"
    with pytest.raises(QueryRefused, match=r"^SERVICE <http://127\.0\.0\.1:\d+/x> is not allowed"):
        run_query(dataset, hidden)
    assert canary.reached() == []


def test_the_cli_refuses_the_hidden_service_call_on_oxigraph(runner, graph_copy, tmp_path, canary):
    result = cli_query(runner, graph_copy, tmp_path, comment_hiding_service(canary.url), "oxigraph")
    assert "SERVICE <" in one_line_failure(result)
    assert canary.reached() == []


def test_the_text_that_runs_is_the_text_checked():
    prepared = prepare("SELECT * WHERE { ?s ?p ?o # c\r\n} # \\u000D")
    assert "\r" not in prepared.text and "\\u" not in prepared.text


IRI_QUERY = "# param: cls (iri)\nSELECT ?s WHERE { ?s a ?cls }"


def test_an_iri_parameter_cannot_add_to_the_query(dataset, canary):
    hostile = (
        f"ag:State> . OPTIONAL {{ SERVICE <{canary.url}/p> {{ ?a ?b ?c }} }} ?s a <https://w3id.org/actorgraph/ns#State"
    )
    with pytest.raises(QueryParameterError, match=r"^parameter cls: expected an IRI"):
        run_query(dataset, IRI_QUERY, {"cls": hostile})
    assert canary.reached() == []
    assert run_query(dataset, IRI_QUERY, {"cls": "ag:State"}).rows  # a plain value still binds


def test_a_string_parameter_stays_a_string(oxigraph, canary):
    text = "# param: name (string)\nSELECT ?s WHERE { ?s rdfs:label ?name }"
    hostile = f'" . SERVICE <{canary.url}/s> {{ ?a ?b ?c }} ?s ?p "'
    assert run_query(oxigraph, text, {"name": hostile}).rows == []
    with pytest.raises(QueryParameterError, match=r"escape"):  # would be read before the grammar
        run_query(oxigraph, text, {"name": f"\\u0022 . SERVICE <{canary.url}/s> {{}} #"})
    assert canary.reached() == []


def connect_with_raw_sockets(port: int) -> isolation.Payload:
    """Connect to *port* with the C socket module, as a library of another language would."""
    try:
        attempt = _socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError as error:  # refused already: a seccomp filter
        return ("refused", error.errno)
    try:
        attempt.connect(("127.0.0.1", port))
    except OSError as error:
        return ("refused", error.errno)
    finally:
        attempt.close()
    return ("connected",)


def test_a_query_process_cannot_connect_even_past_python(canary):
    assert isolation.in_child(lambda: connect_with_raw_sockets(canary.port), 10.0)[0] == "refused"
    assert isolation.in_worker(object, connect_with_raw_sockets, canary.port, 10.0)[0] == "refused"
    assert canary.reached() == []


def test_the_network_guard_is_below_python_here():
    assert isolation.network_guard() in ("namespace", "seccomp")


def test_the_seccomp_fallback_refuses_internet_sockets(canary):
    """Where namespaces are not allowed: the filter alone keeps the process off the network."""

    def filtered() -> isolation.Payload:
        installed = isolation._refuse_internet_sockets(ctypes.CDLL(None, use_errno=True))
        return (installed, connect_with_raw_sockets(canary.port))

    assert isolation.in_child(filtered, None) == (True, ("refused", errno.EACCES))
    assert canary.reached() == []


def test_a_query_without_a_time_limit_is_confined_too(oxigraph, canary):
    assert isolation.in_child(lambda: connect_with_raw_sockets(canary.port), None)[0] == "refused"
    assert run_query(oxigraph, BACKED_BY_IRAN, timeout=None).rows == run_query(oxigraph, BACKED_BY_IRAN).rows
    assert canary.reached() == []


# --- 3. rdflib's parser under threads -----------------------------------------------------------

CONCURRENT_FIRST_PARSES = """
import threading
from actorgraph.sparql import prepare
texts = [f"SELECT ?who WHERE {{ ?who ag:backs ?x FILTER(?x != <urn:x:{n}>) }}" for n in range(8)]
errors = []
def parse(text):
    try:
        prepare(text)
    except Exception as error:
        errors.append(repr(error))
threads = [threading.Thread(target=parse, args=(text,)) for text in texts]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
prepare("SELECT ?s WHERE { ?s ?p 'after' }")
print(errors)
"""


def test_concurrent_first_parses_do_not_break_the_parser(tmp_path):
    for _ in range(3):  # a fresh process each time: only a first parse races
        done = subprocess.run(
            [sys.executable, "-c", CONCURRENT_FIRST_PARSES],
            capture_output=True,
            text=True,
            env={**os.environ, "ACTORGRAPH_CACHE": str(tmp_path / "cache")},
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]"


# --- 4. Memory ----------------------------------------------------------------------------------

DOUBLING = (
    "SELECT ?v WHERE { BIND('0123456789abcdef0123456789abcdef' AS ?v0) "
    + " ".join(f"BIND(CONCAT(?v{n}, ?v{n}) AS ?v{n + 1})" for n in range(25))
    + " BIND(STRLEN(?v25) AS ?v) }"
)


def test_a_query_that_takes_too_much_memory_fails_in_one_line(dataset):
    with pytest.raises(QueryFailed, match=r"^query failed: the query needed more than 256 MiB of memory$"):
        run_query(dataset, DOUBLING, timeout=60, memory=256)
    assert len(run_query(dataset, BACKED_BY_IRAN).rows) == 2


def test_the_memory_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_QUERY_MEMORY", "300")
    assert isolation.memory_limit() == 300 and isolation.memory_limit(50) == 50
    monkeypatch.setenv("ACTORGRAPH_QUERY_MEMORY", "lots")
    assert isolation.memory_limit() == isolation.DEFAULT_MEMORY_MIB


# --- 7. Inherited descriptors -------------------------------------------------------------------


def socket_links(pid: int) -> set[str]:
    folder = f"/proc/{pid}/fd"
    links = set()
    for name in os.listdir(folder):
        try:
            links.add(os.readlink(f"{folder}/{name}"))
        except OSError:  # closed meanwhile
            continue
    return {link for link in links if link.startswith("socket:")}


def test_query_processes_do_not_hold_the_parents_sockets(oxigraph):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        held = f"socket:[{os.fstat(listener.fileno()).st_ino}]"
        assert held in socket_links(os.getpid())
        assert isolation.in_child(lambda: ("links", socket_links(os.getpid())), 10.0)[1] == set()
        isolation.stop_workers()
        run_query(oxigraph, BACKED_BY_IRAN)
        (worker,) = isolation.worker_pids()
        assert held not in socket_links(worker)


# --- 8. and 9. Long and deep texts --------------------------------------------------------------


def test_a_text_over_the_size_limit_is_refused_in_one_line(seed):
    text = "SELECT * WHERE { ?s ?p ?o }" + " " * MAX_QUERY_BYTES
    with pytest.raises(QueryRefused, match=r"^the query is \d+ bytes long, more than the 64 KiB allowed$"):
        run_query(seed, text)


def test_a_long_text_is_parsed_under_the_time_limit(monkeypatch, tmp_path):
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(tmp_path / "cache"))  # never checked before
    long = "SELECT * WHERE { VALUES ?x { " + " ".join(f"<urn:x:{n}>" for n in range(4000)) + " } }"
    assert len(long.encode()) < MAX_QUERY_BYTES
    with pytest.raises(QueryTimeout):
        prepare(long, timeout=0.01)


DEEP = {
    "triple patterns": "SELECT * WHERE { " + " ".join(f"?s{n} ?p ?o{n} ." for n in range(84)) + " }",
    "braces": "SELECT * WHERE " + "{ " * 40 + "?s ?p ?o " + "} " * 40,
    "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 30 + "?o" + ")" * 30 + ") }",
}


@pytest.mark.parametrize("shape", DEEP)
def test_a_deep_text_is_refused_in_one_line(dataset, shape):
    with pytest.raises(QueryRefused, match=f"^{re.escape(TOO_DEEP)}$"):
        run_query(dataset, DEEP[shape])


@pytest.mark.parametrize("shape", DEEP)
def test_the_cli_refuses_a_deep_text_in_one_line(runner, graph_copy, tmp_path, shape):
    assert TOO_DEEP in one_line_failure(cli_query(runner, graph_copy, tmp_path, DEEP[shape]))


# --- 16. Values that are no values --------------------------------------------------------------

BAD_VALUES = {
    "a code point beyond Unicode": 'ASK { ?s ?p "\\UFFFFFFFF" }',
    "a lone surrogate": 'SELECT * { BIND("\\uD800" AS ?x) }',
    "a date that does not exist": 'SELECT * { BIND(STRDT("2024-02-30", xsd:date) AS ?x) }',
}


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize("where", ["memory", "oxigraph"])
def test_the_cli_answers_a_bad_value_in_one_line(graph_copy, tmp_path, value, where):
    """In a process of its own: a traceback logged by rdflib, or an output that cannot be
    encoded, shows only where no test harness captures logs and output."""
    location = ["--store", f"oxigraph:{tmp_path / 'ox'}"] if where == "oxigraph" else []
    command = [sys.executable, "-m", "actorgraph", "--graph", str(graph_copy), *location]
    done = subprocess.run(
        [*command, "sparql", "--format", "json", BAD_VALUES[value]],
        capture_output=True,
        text=True,
        env={**os.environ, "ACTORGRAPH_CACHE": str(tmp_path / "cache")},
        cwd=tmp_path,
    )
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == (0 if done.returncode == 0 else 1), done.stderr


def test_escapes_that_are_no_characters_are_syntax_errors():
    for text in (BAD_VALUES["a code point beyond Unicode"], BAD_VALUES["a lone surrogate"]):
        with pytest.raises(QueryError, match=r"is not a Unicode character$"):
            prepare(text)


@pytest.mark.parametrize("clause", ["LIMIT 99999999999999999999999", "OFFSET 99999999999999999999999 LIMIT 1"])
def test_a_limit_no_engine_can_count_to_is_a_syntax_error(seed, clause):
    with pytest.raises(QuerySyntaxError, match=rf"^syntax error: {clause.split()[0]} 9+ is larger than the largest"):
        run_query(seed, f"SELECT * WHERE {{ ?s ?p ?o }} {clause}")
