"""SPARQL: prefixes, results in every format, exact errors, refusals with no network, timeouts,
parameters, and the `sparql` / `queries` commands with their exit codes."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import socket
import sys
import urllib.request
from pathlib import Path

import click
import pytest
from conftest import REPO
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

import actorgraph.sparql as sparql
import actorgraph.sparql_syntax as sparql_syntax
from actorgraph import isolation, store
from actorgraph.cli import cli as CLI
from actorgraph.errors import (
    QueryFailed,
    QueryParameterError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    TooManyResults,
    UnknownPrefix,
    UnsupportedFormat,
)
from actorgraph.namespace import ACTOR, AG, PREFIXES
from actorgraph.queries import Parameter, parse_header
from actorgraph.sparql import bind_parameters, prepare, run_query

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def command(name: str) -> click.Command:
    return CLI.commands[name]


def run(runner, *args, input=None):
    return runner.invoke(CLI, list(args), input=input, catch_exceptions=False)


# --- network guard -----------------------------------------------------------------------------


class NetworkAttempt(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Fail on any attempt to resolve a name, open a connection or fetch a URL; record each one."""
    attempts: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[:2]!r}")
            raise NetworkAttempt(f"network access attempted: {name}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urlopen"))
    return attempts


# --- prefixes, kinds and results ---------------------------------------------------------------


def test_every_project_prefix_is_declared(seed):
    for prefix, namespace in PREFIXES.items():
        result = run_query(seed, f"SELECT (STR({prefix}:x) AS ?iri) WHERE {{}}")
        assert result.values() == [(namespace + "x",)]


def test_a_query_may_redeclare_a_prefix(seed):
    result = run_query(seed, "PREFIX ag: <http://example.org/> SELECT (STR(ag:x) AS ?iri) WHERE {}")
    assert result.values() == [("http://example.org/x",)]


def test_the_default_graph_is_the_union_of_files_and_vocabulary(seed):
    result = run_query(seed, "SELECT (COUNT(?c) AS ?claims) (COUNT(?r) AS ?relations) WHERE "
                             "{ { ?c a ag:Claim } UNION { ?r a ag:ActorRelation } }")  # fmt: skip
    assert result.values() == [("41", "33")]


def test_select_ask_construct_describe(seed):
    select = run_query(seed, "SELECT ?backed WHERE { actor:Iran ag:backs ?backed } ORDER BY ?backed")
    assert (select.kind, select.vars, select.rows) == ("SELECT", ["backed"], [(ACTOR.Hamas,), (ACTOR.Hezbollah,)])
    assert select.records() == [{"backed": str(ACTOR.Hamas)}, {"backed": str(ACTOR.Hezbollah)}]
    ask = run_query(seed, "ASK { actor:Israel ag:killed actor:Hassan_Nasrallah }")
    assert (ask.kind, ask.boolean) == ("ASK", True)
    construct = run_query(seed, "CONSTRUCT { ?a ag:backs ?b } WHERE { ?a ag:backs ?b }")
    assert construct.kind == "CONSTRUCT"
    assert set(construct.graph) == {(ACTOR.Iran, AG.backs, ACTOR.Hamas), (ACTOR.Iran, AG.backs, ACTOR.Hezbollah)}
    describe = run_query(seed, "DESCRIBE actor:Naim_Qassem")
    assert describe.kind == "DESCRIBE"
    assert (ACTOR.Naim_Qassem, AG.deputyLeaderOf, ACTOR.Hezbollah) in describe.graph


def test_same_answer_forked_and_in_process(seed):
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 50"
    assert run_query(seed, text).rows == run_query(seed, text, timeout=None).rows


BACKERS = "SELECT ?backer ?backed ?n WHERE { ?backer ag:backs ?backed BIND(1 AS ?n) } ORDER BY ?backed"


def test_table(seed):
    assert run_query(seed, BACKERS).serialize() == (
        "backer      backed           n\n"
        "----------  ---------------  -\n"
        "actor:Iran  actor:Hamas      1\n"
        "actor:Iran  actor:Hezbollah  1\n"
        "(2 rows)"
    )
    empty = run_query(seed, "SELECT ?x WHERE { ?x ag:backs actor:Israel }")
    assert empty.serialize("table") == "x\n-\n(0 rows)"


def test_csv_and_tsv_follow_the_sparql_results_formats(seed):
    result = run_query(seed, BACKERS)
    assert result.serialize("csv") == (
        "backer,backed,n\r\n"
        "https://w3id.org/actorgraph/actor/Iran,https://w3id.org/actorgraph/actor/Hamas,1\r\n"
        "https://w3id.org/actorgraph/actor/Iran,https://w3id.org/actorgraph/actor/Hezbollah,1\r\n"
    )
    assert result.serialize("tsv") == (
        "?backer\t?backed\t?n\n"
        "<https://w3id.org/actorgraph/actor/Iran>\t<https://w3id.org/actorgraph/actor/Hamas>\t"
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
        "<https://w3id.org/actorgraph/actor/Iran>\t<https://w3id.org/actorgraph/actor/Hezbollah>\t"
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
    )


def test_csv_quotes_and_tsv_escapes(seed):
    result = run_query(seed, 'SELECT ?text WHERE { BIND("say \\"no\\",\\tthen\\nleave" AS ?text) }')
    assert list(csv.reader(io.StringIO(result.serialize("csv")))) == [["text"], ['say "no",\tthen\nleave']]
    assert result.serialize("tsv") == '?text\n"say \\"no\\",\\tthen\\nleave"\n'


def test_json_and_xml_parse_back_with_rdflib(seed):
    result = run_query(seed, 'SELECT ?who ?label WHERE { ?who rdfs:label ?label FILTER(?label = "Hamas") }')
    data = json.loads(result.serialize("json"))
    assert data == {
        "head": {"vars": ["who", "label"]},
        "results": {
            "bindings": [
                {
                    "who": {"type": "uri", "value": str(ACTOR.Hamas)},
                    "label": {"type": "literal", "value": "Hamas"},
                }
            ]
        },
    }
    for fmt in ("json", "xml"):
        parsed = Result.parse(io.StringIO(result.serialize(fmt)), format=fmt)
        assert [tuple(row) for row in parsed] == [(ACTOR.Hamas, Literal("Hamas"))]


def test_typed_and_language_literals_in_json(seed):
    result = run_query(seed, 'SELECT ?d ?l WHERE { BIND("2024-07"^^xsd:gYearMonth AS ?d) BIND("Liban"@fr AS ?l) }')
    (binding,) = json.loads(result.serialize("json"))["results"]["bindings"]
    assert binding == {
        "d": {"type": "literal", "value": "2024-07", "datatype": str(XSD.gYearMonth)},
        "l": {"type": "literal", "value": "Liban", "xml:lang": "fr"},
    }


def test_ask_formats(seed):
    result = run_query(seed, "ASK { actor:Israel ag:backs ?anyone }")
    assert result.serialize() == "false"
    assert result.serialize("json") == '{"head": {}, "boolean": false}'
    assert Result.parse(io.StringIO(result.serialize("xml")), format="xml").askAnswer is False


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
@pytest.mark.parametrize(
    "fmt,rdflib_format", [("turtle", "turtle"), ("json-ld", "json-ld"), ("nt", "nt"), ("xml", "xml")]
)
def test_graph_formats_parse_back(seed, fmt, rdflib_format):
    result = run_query(seed, "CONSTRUCT { ?a ag:backs ?b . ?a rdfs:label ?l } WHERE { ?a ag:backs ?b ; rdfs:label ?l }")
    parsed = Graph().parse(data=result.serialize(fmt), format=rdflib_format)
    assert parsed.isomorphic(result.graph)
    assert len(parsed) == 3


def test_turtle_uses_the_project_prefixes(seed):
    text = run_query(seed, "CONSTRUCT { ?a ag:backs ?b } WHERE { ?a ag:backs ?b }").serialize()
    assert text.startswith("@prefix actor: <https://w3id.org/actorgraph/actor/> .\n@prefix ag: <")
    assert "actor:Iran ag:backs actor:Hamas" in text


def test_json_ld_context_has_only_the_prefixes_used(seed):
    text = run_query(seed, "CONSTRUCT { ?a ag:backs ?b } WHERE { ?a ag:backs ?b }").serialize("json-ld")
    assert json.loads(text)["@context"] == {"actor": PREFIXES["actor"], "ag": PREFIXES["ag"]}


@pytest.mark.parametrize(
    "query,fmt,message",
    [
        ("ASK {}", "csv", "csv cannot show ASK results — use table, json or xml"),
        ("SELECT * {}", "turtle", "turtle cannot show SELECT results — use table, csv, tsv, json or xml"),
        ("CONSTRUCT {} WHERE {}", "table", "table cannot show CONSTRUCT results — use turtle, json-ld, nt or xml"),
        ("DESCRIBE actor:Iran", "json", "json cannot show DESCRIBE results — use turtle, json-ld, nt or xml"),
    ],
)
def test_a_format_the_result_cannot_take(seed, query, fmt, message):
    with pytest.raises(UnsupportedFormat) as error:
        run_query(seed, query).serialize(fmt)
    assert str(error.value) == message


# --- syntax errors and unknown prefixes --------------------------------------------------------


@pytest.mark.parametrize(
    "query,message",
    [
        ("SELEC * WHERE { ?s ?p ?o }",
         "syntax error at line 1, column 1: expected BASE, PREFIX, SELECT, CONSTRUCT, DESCRIBE or ASK, found 'SELEC'"),
        ("SELECT * WHERE { ?s ?p }",
         "syntax error at line 1, column 24: expected a variable, an IRI, a literal or a blank node, found '}'"),
        ("SELECT *\nWHERE {\n  ?s ?p ?o .\n  FILTER(?s = )\n}",
         "syntax error at line 4, column 15: expected an expression, found ')'"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT x", "syntax error at line 1, column 35: expected an integer, found 'x'"),
        ("SELECT (COUNT(*) AS ?n { ?s ?p ?o }", "syntax error at line 1, column 24: expected ')', found '{'"),
        ('SELECT * WHERE { ?s ?p "abc }', 'syntax error at line 1, column 24: invalid or unterminated string: "abc }'),
        ("SELECT * { ?s ?p ?o } }",
         "syntax error at line 1, column 23: expected GROUP, HAVING, ORDER, LIMIT, OFFSET, VALUES or end of query, "
         "found '}'"),
        ("ASK { ?s ?p ?o",
         "syntax error at line 1, column 15: expected '}', ',', ';', '.', '{', OPTIONAL, MINUS, GRAPH, SERVICE, "
         "FILTER, BIND or VALUES, found end of query"),
        ("SELECT ?s WHERE { ?s ag:quote ?q FILTER(CONTAINS(?q, 'x') }",
         "syntax error at line 1, column 59: expected ')' or an operator, found '}'"),
        ("SELECT ?x WHERE { ?x ag:backs ?y } ORDER BY",
         "syntax error at line 1, column 44: expected ASC, DESC or an expression, found end of query"),
        ("", "syntax error at line 1, column 1: empty query — expected SELECT, CONSTRUCT, DESCRIBE or ASK"),
        ("# just a comment\n",
         "syntax error at line 1, column 1: empty query — expected SELECT, CONSTRUCT, DESCRIBE or ASK"),
    ],
)  # fmt: skip
def test_syntax_errors_are_one_line_with_line_column_and_what_was_expected(query, message):
    with pytest.raises(QuerySyntaxError) as error:
        prepare(query)
    assert str(error.value) == message
    assert "\n" not in str(error.value)


def test_syntax_error_location_attributes():
    with pytest.raises(QuerySyntaxError) as error:
        prepare("SELECT *\nWHERE { ?s ?p }")
    assert (error.value.line, error.value.column) == (2, 15)


KNOWN = "ag, actor, claim, source, rdf, rdfs, owl, skos, prov, dcterms, xsd, geo"


@pytest.mark.parametrize(
    "query,message",
    [
        ("SELECT * WHERE { ?s foo:bar ?o }",
         f"unknown prefix 'foo:' at line 1, column 21 — declare it with PREFIX or use one of: {KNOWN}"),
        ("SELECT * WHERE {\n  ?s ?p actors:Iran }",
         f"unknown prefix 'actors:' at line 2, column 9 — did you mean 'actor:'? Declare it with PREFIX or use one "
         f"of: {KNOWN}"),
        ('SELECT * WHERE { ?s ?p "foo:bar" . ?s foo:x ?o } # foo:y',
         f"unknown prefix 'foo:' at line 1, column 39 — declare it with PREFIX or use one of: {KNOWN}"),
        ("SELECT * WHERE { ?s :p ?o }",
         f"unknown prefix ':' at line 1, column 21 — declare it with PREFIX or use one of: {KNOWN}"),
    ],
)  # fmt: skip
def test_an_unknown_prefix_is_named(query, message):
    with pytest.raises(UnknownPrefix) as error:
        prepare(query)
    assert str(error.value) == message


def test_syntax_errors_leave_the_parser_as_it_was():
    from pyparsing import ParserElement

    before = ParserElement.__dict__["_parse"]
    with pytest.raises(QuerySyntaxError):
        prepare("SELECT * WHERE { ?s ?p }")
    assert ParserElement.__dict__["_parse"] is before
    prepareQuery("SELECT * WHERE { ?s ?p ?o }")  # rdflib's own parsing still works


# --- refusals, and proof that nothing reaches the network --------------------------------------

UPDATE = "SPARQL Update is not allowed: actorgraph is read-only"
REFUSALS = [
    ("INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }",
     "SPARQL Update (INSERT DATA) is not allowed: actorgraph is read-only"),
    ("DELETE WHERE { ?s ?p ?o }", "SPARQL Update (DELETE WHERE) is not allowed: actorgraph is read-only"),
    ("LOAD <http://example.org/data.ttl>", "SPARQL Update (LOAD) is not allowed: actorgraph is read-only"),
    ("LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>",
     "SPARQL Update (LOAD) is not allowed: actorgraph is read-only"),
    ("CLEAR ALL ; DROP GRAPH <http://e.org/g>", "SPARQL Update (CLEAR, DROP) is not allowed: actorgraph is read-only"),
    ("PREFIX e: <http://e.org/> WITH e:g DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
     "SPARQL Update (DELETE/INSERT) is not allowed: actorgraph is read-only"),
    ("CREATE GRAPH <http://e.org/g>", "SPARQL Update (CREATE) is not allowed: actorgraph is read-only"),
    ("INSERT DATA { <http://e.org/a> <http://e.org/b> }", UPDATE),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
     "SERVICE <http://example.org/sparql> is not allowed: actorgraph never contacts other endpoints"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?r } } }",
     "SERVICE <http://example.org/sparql> is not allowed: actorgraph never contacts other endpoints"),
    ("SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <http://example.org/s2> { ?s ?p ?o } } }",
     "SERVICE <http://example.org/s2> is not allowed: actorgraph never contacts other endpoints"),
    ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
     "SERVICE ?endpoint is not allowed: actorgraph never contacts other endpoints"),
    ("ASK { ?s ?p ?o FILTER NOT EXISTS { SERVICE <http://example.org/s3> { ?s ?p ?o } } }",
     "SERVICE <http://example.org/s3> is not allowed: actorgraph never contacts other endpoints"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { SERVICE <http://example.org/s4> { ?s ?p ?o } } }",
     "SERVICE <http://example.org/s4> is not allowed: actorgraph never contacts other endpoints"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
     "FROM <http://example.org/data.ttl> is not allowed: it is not a loaded graph, and actorgraph never fetches "
     "data"),
    ("SELECT * FROM NAMED <https://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
     "FROM NAMED <https://example.org/g> is not allowed: it is not a loaded graph, and actorgraph never fetches "
     "data"),
    ("SELECT * FROM <file:///etc/hosts> WHERE { ?s ?p ?o }",
     "FROM <file:///etc/hosts> is not allowed: it is not a loaded graph, and actorgraph never fetches data"),
]  # fmt: skip


@pytest.mark.parametrize("timeout", [None, 5.0], ids=["in-process", "forked"])
@pytest.mark.parametrize("query,message", REFUSALS)
def test_refusals_happen_before_any_network_access(seed, no_network, query, message, timeout):
    with pytest.raises(QueryRefused) as error:
        run_query(seed, query, timeout=timeout)
    assert str(error.value) == message
    assert no_network == []


def test_the_network_guard_does_catch_what_rdflib_would_do_unguarded(seed, no_network, monkeypatch):
    """Without actorgraph's checks, rdflib would contact the SERVICE and fetch the FROM graph."""
    with pytest.raises(NetworkAttempt):
        list(seed.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"))
    monkeypatch.setattr("rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS", True)
    with pytest.raises(Exception, match=r"(?i)network access attempted|could not load"):
        list(seed.query("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }"))
    assert any(a.startswith(("socket", "urlopen")) for a in no_network)


def test_rdflib_never_loads_graphs_named_in_from():
    import rdflib.plugins.sparql

    assert rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS is False
    assert rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION is True


def test_from_and_from_named_may_name_loaded_graphs(seed, no_network):
    vocabulary = run_query(seed, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/actorgraph/ns> WHERE { ?s ?p ?o }")
    assert vocabulary.values() == [(str(len(store.named_graph(seed, store.VOCABULARY_GRAPH))),)]
    actors_file = store.FILE_GRAPH_BASE + "actors.ttl"
    named = run_query(
        seed,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { actor:Iran ?p ?o } }",
        named_graphs=[actors_file],
        default_graphs=[],
    )
    assert named.values() == [(actors_file,)]
    assert no_network == []


def test_the_query_process_has_no_network(seed):
    """Even a check actorgraph missed could not reach the network: the evaluating child has none."""
    saved = sparql_syntax.check_query
    try:
        sparql._prepare.cache_clear()
        sparql_syntax.check_query = lambda query: None  # pretend the SERVICE check was forgotten
        with pytest.raises(QueryFailed, match="network access is disabled while a query runs"):
            run_query(seed, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    finally:
        sparql_syntax.check_query = saved
        sparql._prepare.cache_clear()


# --- time and size limits ----------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_a_runaway_query_is_stopped_at_its_timeout(seed):
    with pytest.raises(QueryTimeout) as error:
        run_query(seed, SLOW_QUERY, timeout=1.0)
    assert str(error.value) == "query timed out after 1.0 s"
    with pytest.raises(ChildProcessError):  # the process forked for it was killed and reaped
        os.waitpid(isolation.recent_children[-1], os.WNOHANG)


def test_timeout_message_keeps_the_precision_given(seed):
    with pytest.raises(QueryTimeout, match=r"^query timed out after 0.25 s$"):
        run_query(seed, SLOW_QUERY, timeout=0.25)


def test_too_many_rows_and_too_many_triples(seed):
    with pytest.raises(TooManyResults) as error:
        run_query(seed, "SELECT * WHERE { ?s ?p ?o }", max_rows=100)
    assert str(error.value) == "the result has more than 100 rows — add a LIMIT or narrow the query"
    with pytest.raises(TooManyResults, match=r"^the result has more than 10 triples — "):
        run_query(seed, "CONSTRUCT WHERE { ?s ?p ?o }", max_rows=10)
    assert len(run_query(seed, "SELECT * WHERE { ?s ?p ?o } LIMIT 100", max_rows=100)) == 100


def test_an_error_while_running_is_one_line(seed):
    with pytest.raises(QueryFailed) as error:
        run_query(seed, "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(REGEX(?l, '(')) }")
    assert str(error.value).startswith("query failed: error: missing ), unterminated subpattern")
    assert "\n" not in str(error.value)


# --- parameters --------------------------------------------------------------------------------

PARAMS = [
    Parameter("actor", "actor", description="the actor"),
    Parameter("date", "date", optional=True),
    Parameter("credibility", "integer", default="3"),
]


def test_parameters_are_resolved_by_type(seed):
    bindings = bind_parameters(seed, PARAMS, {"actor": "nasrallah", "date": "2024-07"})
    assert bindings == {
        "actor": ACTOR.Hassan_Nasrallah,
        "date": Literal("2024-07", datatype=XSD.gYearMonth),
        "credibility": Literal(3),
    }
    assert bind_parameters(seed, PARAMS, {"actor": "actor:Iran"})["actor"] == ACTOR.Iran


@pytest.mark.parametrize(
    "given,message",
    [
        ({"actor": "Iran", "who": "x"},
         "unknown parameter 'who' — this query takes actor=ACTOR [date=DATE] [credibility=3]"),
        ({}, "missing parameter 'actor' (an actor name): the actor — give it as actor=…"),
        ({"actor": "Nasralah"}, "parameter actor: unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'?"),
        ({"actor": "Iran", "date": "July 2024"},
         "parameter date: invalid date 'July 2024' — expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-09-01)"),
        ({"actor": "Iran", "credibility": "high"}, "parameter credibility: expected a whole number, got 'high'"),
    ],
)  # fmt: skip
def test_parameter_errors(seed, given, message):
    with pytest.raises(QueryParameterError) as error:
        bind_parameters(seed, PARAMS, given)
    assert str(error.value) == message


def test_a_query_without_parameters_takes_none(seed):
    with pytest.raises(QueryParameterError) as error:
        run_query(seed, "SELECT * WHERE { ?s ?p ?o }", {"actor": "Iran"})
    assert str(error.value) == (
        "unknown parameter 'actor' — this query declares no parameters (declare them with `# param:` lines)"
    )


@pytest.mark.parametrize(
    "value,expected",
    [
        ("news-2024-10-01-iran-israel-hezbollah", "news-2024-10-01-iran-israel-hezbollah"),
        ("source:news-2024-10-01-iran-israel-hezbollah", "news-2024-10-01-iran-israel-hezbollah"),
        ("Iran, Israel, Hezbollah", "news-2024-10-01-iran-israel-hezbollah"),
    ],
)
def test_source_parameters(seed, value, expected):
    bound = bind_parameters(seed, [Parameter("source", "source")], {"source": value})
    assert bound["source"] == URIRef(PREFIXES["source"] + expected)


def test_unknown_source_and_bad_iri(seed):
    with pytest.raises(QueryParameterError, match=r"^parameter source: unknown source 'news-2024-10-02'"):
        bind_parameters(seed, [Parameter("source", "source")], {"source": "news-2024-10-02"})
    with pytest.raises(QueryParameterError) as error:
        bind_parameters(seed, [Parameter("x", "iri")], {"x": "http://e.org/a b"})
    assert str(error.value) == "parameter x: expected an IRI (such as actor:Iran or https://…), got 'http://e.org/a b'"
    assert bind_parameters(seed, [Parameter("x", "iri")], {"x": "ag:backs"}) == {"x": AG.backs}


def test_relation_and_string_parameters(seed):
    params = [Parameter("relation", "relation"), Parameter("text", "string")]
    assert bind_parameters(seed, params, {"relation": "at war with", "text": "Gaza"}) == {
        "relation": AG.atWarWith,
        "text": Literal("Gaza"),
    }


def test_a_header_declares_parameters_of_any_query(seed):
    text = "# param: of (actor)\nSELECT ?backer WHERE { ?backer ag:backs ?of }"
    assert run_query(seed, text, {"of": "Hamas"}).values() == [(str(ACTOR.Iran),)]


def test_header_parsing():
    header = parse_header(
        "# title: Test\n"
        "# description: First line\n"
        "#   and its continuation.\n"
        "# param: a (actor) — the first\n"
        "# param: when (date, optional): a day\n"
        "# param: n (integer, default 3) - a number\n"
        "# param: b\n"
        "\n"
        "SELECT * {}\n"
        "# param: late (actor)\n"
    )
    assert header.title == "Test"
    assert header.description == "First line and its continuation."
    assert [(p.name, p.type, p.required, p.default, p.description) for p in header.parameters] == [
        ("a", "actor", True, None, "the first"),
        ("when", "date", False, None, "a day"),
        ("n", "integer", False, "3", "a number"),
        ("b", "string", True, None, ""),
    ]


@pytest.mark.parametrize(
    "text,message",
    [
        ("# param: a (colour)\nSELECT * {}",
         "query, line 1: unknown parameter type 'colour' — use one of: actor, date, source, relation, integer, "
         "string, iri"),
        ("# param: a (actor)\n# param: a (date)\nSELECT * {}", "query: parameter 'a' is declared twice"),
        ("# param: 1a\nSELECT * {}",
         "query, line 1: cannot read the parameter declaration '1a' — write it as "
         "`# param: NAME (TYPE[, optional][, default VALUE]) — description`"),
    ],
)  # fmt: skip
def test_bad_parameter_declarations(text, message):
    with pytest.raises(QueryParameterError) as error:
        parse_header(text)
    assert str(error.value) == message


def test_an_actor_named_by_its_iri_is_found_without_indexing_every_actor(seed, monkeypatch):
    from actorgraph.actors import ActorIndex

    def no_index(graph):
        raise AssertionError("indexed every actor")

    monkeypatch.setattr(ActorIndex, "from_graph", no_index)
    actor = [Parameter("actor", "actor")]
    for value, iri in [
        ("Iran", ACTOR.Iran),
        (" actor:Iran ", ACTOR.Iran),
        ("Hassan Nasrallah", ACTOR.Hassan_Nasrallah),
        (str(ACTOR.Hezbollah), ACTOR.Hezbollah),
    ]:
        assert bind_parameters(seed, actor, {"actor": value}) == {"actor": iri}
    with pytest.raises(AssertionError, match="indexed every actor"):  # other names need the index
        bind_parameters(seed, actor, {"actor": "nasrallah"})
    monkeypatch.undo()
    assert bind_parameters(seed, actor, {"actor": "nasrallah"})["actor"] == ACTOR.Hassan_Nasrallah
    # An IRI that is not an actor's, or not an IRI, gets the index's answer as before.
    for value, message in [
        (str(AG.backs), r"unknown actor 'https://w3id\.org/actorgraph/ns#backs'"),
        ('Iran"', "unknown actor 'Iran\"'"),
    ]:
        with pytest.raises(QueryParameterError, match=message):
            bind_parameters(seed, actor, {"actor": value})


# --- texts checked before: remembered in the cache folder --------------------------------------


@pytest.fixture
def checked(tmp_path, monkeypatch):
    """An empty cache folder, a cleared in-process cache, and the list of texts rdflib parses."""
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(tmp_path / "cache"))
    parsed: list[str] = []
    real = sparql._parse

    def counting(text):
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(sparql, "_parse", counting)
    sparql._prepare.cache_clear()
    yield parsed
    sparql._prepare.cache_clear()


def _fresh_prepare(text):
    sparql._prepare.cache_clear()  # as a new process would
    return prepare(text)


def test_a_text_checked_once_is_not_parsed_again(seed, checked):
    text = "# who backs whom\nSELECT ?who ?whom WHERE { ?who ag:backs ?whom } ORDER BY ?who ?whom"
    first = _fresh_prepare(text)
    assert checked == [text] and first.parsed is not None
    again = _fresh_prepare(text)
    assert checked == [text] and again.parsed is None and again.kind == "SELECT" and not again.has_datasets
    assert run_query(seed, text).values() == run_query(seed, "SELECT ?who ?whom WHERE { ?who ag:backs ?whom } "
                                                             "ORDER BY ?who ?whom").values()  # fmt: skip
    assert again.query.algebra.name == "SelectQuery"  # rdflib's engine parsed it when it needed it
    for kind, text in [("ASK", "ASK { ?s ?p ?o }"), ("CONSTRUCT", "CONSTRUCT WHERE { ?s ag:backs ?o }"),
                       ("DESCRIBE", "DESCRIBE actor:Iran")]:  # fmt: skip
        _fresh_prepare(text)
        assert _fresh_prepare(text).kind == kind and _fresh_prepare(text).parsed is None


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o } # not a SERVICE call, but the word is there",
        "SELECT * WHERE { ?s rdfs:label 'service' }",
        "SELECT * FROM <https://w3id.org/actorgraph/ns> WHERE { ?s ?p ?o }",
    ],
)
def test_texts_that_need_a_close_look_are_always_parsed(checked, text):
    for _ in range(3):
        assert _fresh_prepare(text).parsed is not None
    assert len(checked) == 3


@pytest.mark.parametrize(
    "text,error",
    [
        ("SELECT * WHERE { ?s ?p }", QuerySyntaxError),
        ("INSERT DATA { actor:Iran ag:backs actor:Israel }", QueryRefused),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", QueryRefused),
        ("SELECT * WHERE { ?s nope:x ?o }", UnknownPrefix),
    ],
)
def test_refused_texts_are_never_remembered(checked, text, error):
    for _ in range(2):
        with pytest.raises(error):
            _fresh_prepare(text)
    assert len(checked) == 2
    remembered = Path(os.environ["ACTORGRAPH_CACHE"]) / sparql._CHECKED_FILE
    assert not remembered.exists() or sparql._checked_key(text) not in remembered.read_text()


def test_a_forged_entry_cannot_let_a_refused_query_through(seed, checked, tmp_path):
    """The cache only spares a parse: the checks that matter never rest on it."""
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    broken = "SELECT * WHERE { ?s ?p }"
    folder = Path(os.environ["ACTORGRAPH_CACHE"])
    folder.mkdir()
    (folder / sparql._CHECKED_FILE).write_text(
        f"{sparql._checked_key(service)} SELECT\n{sparql._checked_key(broken)} SELECT\nnot a line\n"
    )
    with pytest.raises(QueryRefused, match=r"^SERVICE <http://127\.0\.0\.1:9/sparql> is not allowed"):
        _fresh_prepare(service)
    # A forged plain text is taken as checked, but rdflib still refuses it before evaluating it.
    assert _fresh_prepare(broken).parsed is None
    with pytest.raises(QuerySyntaxError, match=r"^syntax error at line 1, column 24"):
        run_query(seed, broken)


def test_an_unwritable_cache_folder_only_costs_the_parse(checked, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(not_a_folder))
    for _ in range(2):
        assert _fresh_prepare("SELECT * WHERE { ?s ?p ?o }").kind == "SELECT"
    assert len(checked) == 2


def test_the_file_of_checked_texts_stays_small(checked, monkeypatch):
    monkeypatch.setattr(sparql, "_CHECKED_KEEP", 5)
    texts = [f"SELECT * WHERE {{ ?s ?p {i} }}" for i in range(40)]
    for text in texts:
        _fresh_prepare(text)
    lines = (Path(os.environ["ACTORGRAPH_CACHE"]) / sparql._CHECKED_FILE).read_text().splitlines()
    assert 5 <= len(lines) <= 12
    assert _fresh_prepare(texts[-1]).parsed is None and _fresh_prepare(texts[0]).parsed is not None


# --- the `sparql` command ----------------------------------------------------------------------


def test_cli_inline_query_prints_a_table(runner):
    result = run(runner, "sparql", BACKERS)
    assert result.exit_code == 0
    assert result.stdout == run_query_text(BACKERS) + "\n"


def run_query_text(text):
    return run_query(store.load(), text).serialize()


def test_cli_formats(runner):
    csv_out = run(runner, "sparql", BACKERS, "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "backer,backed,n"
    data = json.loads(run(runner, "sparql", BACKERS, "--format", "json").stdout)
    assert data["head"]["vars"] == ["backer", "backed", "n"]
    assert run(runner, "sparql", "ASK { actor:Iran ag:backs actor:Hamas }").stdout == "true\n"
    turtle = run(runner, "sparql", "CONSTRUCT { ?a ag:backs ?b } WHERE { ?a ag:backs ?b }").stdout
    assert Graph().parse(data=turtle, format="turtle").__len__() == 2
    nt = run(runner, "sparql", "DESCRIBE actor:Lebanon", "--format", "nt").stdout
    assert "<https://w3id.org/actorgraph/actor/Lebanon>" in nt


def test_cli_reads_a_file_and_standard_input(runner, tmp_path):
    path = tmp_path / "backers.rq"
    path.write_text("# param: of (actor)\nSELECT ?backer WHERE { ?backer ag:backs ?of }\n", encoding="utf-8")
    result = run(runner, "sparql", str(path), "--param", "of=Hezbollah", "--format", "csv")
    assert result.stdout_bytes == b"backer\r\nhttps://w3id.org/actorgraph/actor/Iran\r\n"
    piped = run(runner, "sparql", "-", "--format", "tsv", input="SELECT ?x WHERE { actor:Iran ag:backs ?x } LIMIT 0")
    assert piped.stdout == "?x\n"


def test_cli_named_query_with_parameters(runner):
    result = run(runner, "sparql", "--name", "proxies", "--param", "of=Iran", "--format", "json")
    data = json.loads(result.stdout)
    assert [b["proxy"]["value"] for b in data["results"]["bindings"]] == ["Hezbollah"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["SELECT * WHERE { ?s ?p }"],
         "Error: syntax error at line 1, column 24: expected a variable, an IRI, a literal or a blank node, found '}'"),
        (["SELECT * WHERE { ?s foo:p ?o }"],
         f"Error: unknown prefix 'foo:' at line 1, column 21 — declare it with PREFIX or use one of: {KNOWN}"),
        (["INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }"],
         "Error: SPARQL Update (INSERT DATA) is not allowed: actorgraph is read-only"),
        (["LOAD <http://example.org/data.ttl>"], "Error: SPARQL Update (LOAD) is not allowed: actorgraph is read-only"),
        (["SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"],
         "Error: SERVICE <http://example.org/sparql> is not allowed: actorgraph never contacts other endpoints"),
        (["SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"],
         "Error: FROM <http://example.org/g> is not allowed: it is not a loaded graph, and actorgraph never fetches "
         "data"),
        ([SLOW_QUERY, "--timeout", "0.5"], "Error: query timed out after 0.5 s (use --timeout to allow more)"),
        (["ASK {}", "--format", "csv"], "Error: csv cannot show ASK results — use table, json or xml"),
        (["--name", "proxies", "--param", "actor=Iran"],
         "Error: unknown parameter 'actor' — this query takes [of=ACTOR]"),
        (["--name", "hostile-to"],
         "Error: missing parameter 'actor' (an actor name): the actor the hostility is aimed at — give it as actor=…"),
        (["--name", "hostile-to", "--param", "actor=Iarn"],
         "Error: parameter actor: unknown actor 'Iarn' — did you mean 'Iran' or 'Yahya Sinwar'?"),
        (["--name", "proxys"], "Error: unknown query 'proxys' — did you mean 'proxies'?"),
        (["missing.rq"], "Error: query file not found: missing.rq"),
        (["DESCRIBE * WHERE { ?s rdfs:label 'Iran' }"],
         "Error: DESCRIBE * is not supported: name what to describe, as in DESCRIBE ?s WHERE { ... }"),
    ],
)  # fmt: skip
def test_cli_query_errors_exit_2_with_one_line(runner, no_network, args, message):
    result = run(runner, "sparql", *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert no_network == []


def test_cli_errors_in_a_file_name_the_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("broken.rq").write_text("# title: Broken\nSELECT *\nWHERE { ?s ?p }\n", encoding="utf-8")
    result = run(runner, "sparql", "broken.rq")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: broken.rq: syntax error at line 3, column 15: expected a variable, an IRI, a literal or a blank "
        "node, found '}'\n"
    )


@pytest.mark.parametrize(
    "args,message",
    [
        ([], "Error: missing QUERY: give SPARQL text, a .rq file, - for standard input, or --name NAME"),
        (["ASK {}", "--name", "proxies"], "Error: give either QUERY or --name, not both"),
        (["--name", "proxies", "--param", "Iran"],
         "Error: Invalid value for --param: expected NAME=VALUE (e.g. actor=Iran), got 'Iran'"),
    ],
)  # fmt: skip
def test_cli_usage_errors_exit_2(runner, args, message):
    result = run(runner, "sparql", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
    assert "Traceback" not in result.output


def test_cli_zero_timeout_means_no_limit(runner):
    result = run(runner, "sparql", "ASK { ?s ?p ?o }", "--timeout", "0")
    assert (result.exit_code, result.stdout) == (0, "true\n")


def test_cli_defaults_match_the_library():
    from actorgraph import server

    options = {p.name: p for p in command("sparql").params}
    assert options["timeout"].default == sparql.DEFAULT_TIMEOUT
    assert list(options["output_format"].type.choices) == list(sparql.FORMATS)
    serve_options = {p.name: p for p in command("serve").params}
    assert serve_options["timeout"].default == sparql.DEFAULT_TIMEOUT
    assert serve_options["max_rows"].default == server.DEFAULT_MAX_ROWS
    assert serve_options["host"].default == "127.0.0.1"


# --- the `queries` command ---------------------------------------------------------------------


def test_queries_lists_every_named_query(runner):
    result = run(runner, "queries")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "title", "parameters"]
    assert [line.split()[0] for line in lines[2:]] == [p.stem for p in sorted((REPO / "ontology/queries").glob("*.rq"))]
    assert "hostile-to-both     Actors hostile to both X and Y" in result.stdout
    assert "[by=ACTOR] [of=ACTOR]" in result.stdout


def test_queries_json_and_one_query(runner):
    data = json.loads(run(runner, "queries", "--format", "json").stdout)
    proxies = next(q for q in data if q["name"] == "proxies")
    assert proxies["parameters"] == [
        {
            "name": "of",
            "type": "actor",
            "required": False,
            "default": None,
            "description": "only the proxies of this actor (e.g. Iran)",
        }
    ]
    shown = run(runner, "queries", "in-force-on").stdout
    assert shown.startswith("Claims in force on a date\n\nClaims that hold on a given date.")
    assert "  date  date, required — the day, month or year to look at" in shown
    assert "Run: actorgraph sparql --name in-force-on --param date=DATE" in shown
    assert "SELECT ?subject ?relation ?object ?kind ?when ?confidence ?claim ?quote" in shown
    one = json.loads(run(runner, "queries", "proxies", "--format", "json").stdout)
    assert one["text"].startswith("# title: Proxies of an actor")


def test_queries_unknown_name(runner):
    result = run(runner, "queries", "hostile")
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown query 'hostile' — did you mean 'hostile-to' or 'hostile-to-both'?\n"


def test_oxigraph_answers_are_read_back_exactly():
    """Oxigraph's TSV is split as text and each distinct term read once: every kind of term
    (escapes, languages, datatypes, numbers, blank nodes, unbound values) comes back as
    Oxigraph's own parser reads it."""
    import pyoxigraph as ox

    data = """
        @prefix ex: <http://example.org/> .
        ex:a ex:p "tab\\there", "new\\nline", "quote \\" and back\\\\slash", "é ✓ 𝄞"@fr-BE, 42, 4.5, 1e3, true,
                  "2024-10-01"^^<http://www.w3.org/2001/XMLSchema#date>, "" , _:b1, ex:c .
        ex:b ex:p ex:a .
    """
    inner = ox.Store()
    inner.load(data.encode(), format=ox.RdfFormat.TURTLE)
    query = "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?o <http://example.org/nothing> ?none } } ORDER BY ?s ?o"
    tsv = inner.query(query).serialize(format=ox.QueryResultsFormat.TSV)
    names, table, rows = sparql._read_tsv(tsv)
    expected = [tuple(solution) for solution in ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)]
    assert names == ["s", "o", "none"]
    assert len(rows) == len(expected) == 13
    decoded = sparql._decode(table, rows)
    as_rdflib = store.from_ox
    assert [tuple(map(type, row)) for row in decoded] == [
        tuple(type(as_rdflib(v)) if v is not None else type(None) for v in row) for row in expected
    ]
    assert [tuple(None if v is None else v.n3() for v in row) for row in decoded] == [
        tuple(None if v is None else _n3(as_rdflib(v)) for v in row) for row in expected
    ]
    assert all(row[2] is None for row in decoded)
    tsv_of = functools.partial(ox.QuerySolutions.serialize, format=ox.QueryResultsFormat.TSV)
    empty = tsv_of(inner.query("SELECT ?s WHERE { ?s <http://example.org/nothing> ?o }"))
    unbound = tsv_of(inner.query("SELECT ?s WHERE { OPTIONAL { ?s <http://example.org/nothing> ?o } }"))
    assert sparql._read_tsv(empty) == (["s"], [], [])
    assert sparql._read_tsv(unbound) == (["s"], [], [(-1,)])


def _n3(term):
    """rdflib's text of a term, a simple literal written without its xsd:string datatype (as
    actorgraph reads Oxigraph's answers; oxrdflib kept the datatype)."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        term = Literal(str(term))
    return term.n3()


REPORT_ENGINES = """
import sys
from actorgraph.cli import cli
try:
    cli.main(args=sys.argv[1:], standalone_mode=False)
finally:
    engines = ("rdflib.plugins.sparql", "oxrdflib", "pyparsing", "actorgraph.sparql_syntax")
    print("engines:", sorted(m for m in engines if m in sys.modules), file=sys.stderr)
"""


def test_a_checked_query_on_oxigraph_imports_no_sparql_parser(graph_copy, tmp_path):
    """Oxigraph parses and answers a text whose checks are remembered: a new process does not
    import rdflib's SPARQL engine (about 0.1 s), nor oxrdflib, which would import it."""
    import subprocess

    env = {**os.environ, "ACTORGRAPH_CACHE": str(tmp_path / "cache")}
    args = ["--graph", str(graph_copy), "--store", f"oxigraph:{tmp_path / 'ox'}", "sparql", "--format", "csv"]
    command = [sys.executable, "-c", REPORT_ENGINES, *args, "SELECT ?who WHERE { ?who ag:backs actor:Hamas }"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert "'actorgraph.sparql_syntax'" in first.stderr  # checked once, by rdflib's parser
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert second.stdout == first.stdout == "who\nhttps://w3id.org/actorgraph/actor/Iran\n"
    assert second.stderr.strip().splitlines()[-1] == "engines: []"
