"""The workbench's SPARQL editor (/query), in process and in the browser, and the warning for a
term the graph does not have (here, in the library and in `actorgraph sparql`)."""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

import pytest
from rdflib import Graph as RDFGraph
from starlette.testclient import TestClient

import actorgraph
from actorgraph.cli import cli
from actorgraph.queries import get_query, list_queries
from actorgraph.web import make_workbench
from actorgraph.web.app import PAGE_CSP

BACKERS = "SELECT ?who ?backed WHERE { ?who ag:backs ?backed } ORDER BY ?backed"
BAKCS = "SELECT ?who WHERE { ?who ag:bakcs actor:Hezbollah }"
BAKCS_WARNING = "line 1, column 26: ag:bakcs is not a term of the actorgraph vocabulary — did you mean ag:backs?"
SYNTAX_ERROR = "syntax error at line 2, column 9: expected a variable, an IRI, a literal or a blank node, found '}'"


@pytest.fixture
def client(graph_copy: Path) -> TestClient:
    return TestClient(make_workbench(actorgraph.open(graph_copy)))


def ask(client: TestClient, query: str, **params: str) -> str:
    answer = client.get("/query", params={"query": query, **{f"${k}": v for k, v in params.items()}})
    assert answer.status_code == 200
    return answer.text


def error_of(page: str) -> str:
    found = re.search(r'<p id="query-error"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no error shown"
    return html.unescape(found.group(1))


def downloads_of(page: str) -> dict[str, str]:
    return {
        label: html.unescape(href)
        for href, label in re.findall(r'<a href="(/sparql\?[^"]*)" download="[^"]*">([^<]+)</a>', page)
    }


# --- in process -------------------------------------------------------------------------------


def test_the_page_opens_with_an_example_and_the_named_queries(client):
    page = client.get("/query")
    assert page.status_code == 200 and page.headers["content-security-policy"] == PAGE_CSP
    assert '<textarea id="query-text" name="query"' in page.text and "?backer ag:backs ?backed" in page.text
    for query in list_queries():
        assert f'<a href="/query?name={query.name}"' in page.text
    # Its scripts are files of this server, none inline
    assert re.findall(r"<script[^>]*>", page.text) == [
        '<script src="/static/vendor/codemirror.js">',
        '<script src="/static/ask.js">',
    ]
    assert client.get("/static/vendor/codemirror.js").status_code == 200
    assert "query-answer" not in page.text  # nothing runs until asked


def test_a_select_shows_its_rows_with_iris_linked_to_their_pages(client):
    page = ask(client, BACKERS)
    assert "2 rows" in page
    rows = re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>")[1])
    assert [re.findall(r'<a href="([^"]+)">([^<]+)</a>', row) for row in rows] == [
        [("/actors/Iran", "actor:Iran"), ("/actors/Hamas", "actor:Hamas")],
        [("/actors/Iran", "actor:Iran"), ("/actors/Hezbollah", "actor:Hezbollah")],
    ]
    assert 'title="https://w3id.org/actorgraph/actor/Hamas"' in page


def test_claims_and_sources_link_to_their_pages_and_literals_are_text(client):
    page = ask(client, "SELECT ?claim ?source ?quote { ?claim ag:source ?source ; ag:quote ?quote } LIMIT 1")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page)
    assert re.fullmatch(r'<a href="/claims/[\w-]+">claim:[\w-]+</a>', cells[0])
    assert re.fullmatch(r'<a href="/sources/[\w-]+">source:[\w-]+</a>', cells[1])
    assert "<a " not in cells[2]


def test_downloads_are_the_endpoint_in_every_format_it_serves(client):
    page = ask(client, BACKERS)
    links = downloads_of(page)
    assert list(links) == ["CSV", "TSV", "JSON", "XML"]
    for label, href in links.items():
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
        assert query == {"query": [BACKERS], "format": [label.lower()]}
    csv = client.get(links["CSV"])
    actor = "https://w3id.org/actorgraph/actor/"
    assert (csv.status_code, csv.text.splitlines()) == (
        200,
        ["who,backed", f"{actor}Iran,{actor}Hamas", f"{actor}Iran,{actor}Hezbollah"],
    )


def test_an_ask_shows_its_answer_and_its_formats(client):
    page = ask(client, "ASK { actor:Iran ag:backs actor:Hezbollah }")
    assert '<p class="ask-answer">true</p>' in page
    assert list(downloads_of(page)) == ["JSON", "XML"]
    assert '<p class="ask-answer">false</p>' in ask(client, "ASK { actor:Hamas ag:backs actor:Iran }")


def test_a_construct_shows_its_triples_and_graph_formats(client):
    query = "CONSTRUCT { ?a ag:backs ?b } WHERE { ?a ag:backs ?b }"
    page = ask(client, query)
    assert "2 triples (CONSTRUCT)" in page
    assert "<th>subject</th><th>predicate</th><th>object</th>" in page
    assert '<td title="https://w3id.org/actorgraph/ns#backs">ag:backs</td>' in page
    links = downloads_of(page)
    assert list(links) == ["Turtle", "JSON-LD", "N-Triples", "RDF/XML"]
    turtle = client.get(links["Turtle"])
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(RDFGraph().parse(data=turtle.text, format="turtle")) == 2


def test_a_named_query_fills_the_editor_and_types_its_parameters(client):
    page = client.get("/query", params={"name": "in-force-on"}).text
    named = get_query("in-force-on")
    textarea = re.search(r'<textarea id="query-text"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert html.unescape(textarea) == named.text
    assert '<input type="hidden" name="name" value="in-force-on">' in page
    date = re.search(r'<input type="text" name="\$date"[^>]*>', page, re.S).group(0)
    assert 'pattern="\\d{4}(-\\d{2}(-\\d{2})?)?"' in date and "required" in date
    low = client.get("/query", params={"name": "low-confidence"}).text
    assert re.search(r'<input type="number" name="\$credibility" value=""\s+placeholder="3" step="1">', low)
    assert "a whole number, default 3" in low


def test_a_named_query_runs_with_its_parameters(client):
    named = get_query("who-backs-whom")
    everyone = ask(client, named.text)
    of_hamas = ask(client, named.text, of="Hamas")
    assert "3 rows" in everyone and "1 row " in of_hamas
    assert re.search(r'<input type="text" name="\$of" value="Hamas"', of_hamas)
    assert urllib.parse.parse_qs(downloads_of(of_hamas)["CSV"].partition("?")[2])["$of"] == ["Hamas"]


def test_a_named_query_edited_into_another_is_no_longer_named(client):
    named = get_query("who-backs-whom")
    same = client.get("/query", params={"name": named.name, "query": named.text.replace("\n", "\r\n")}).text
    assert "<h1>SPARQL: Who backs whom</h1>" in same
    other = client.get("/query", params={"name": named.name, "query": BACKERS}).text
    assert "<h1>SPARQL</h1>" in other and 'name="name"' not in other


def test_a_relation_parameter_is_a_choice_of_the_vocabulary(client):
    query = "# param: rel (relation)\nSELECT ?a ?b { ?a ?rel ?b }"
    page = client.get("/query", params={"query": query, "$rel": "backs"}).text
    select = re.search(r'<select name="\$rel" required>(.*?)</select>', page, re.S).group(1)
    assert "<option selected>backs</option>" in select and "<option>killed</option>" in select
    assert "2 rows" in page


def test_a_missing_parameter_is_named(client):
    page = ask(client, get_query("hostile-to").text)
    assert error_of(page).startswith("missing parameter 'actor' (an actor name)")


def test_a_syntax_error_shows_its_line_and_column(client):
    page = ask(client, "SELECT * WHERE {\n  ?s ?p }")
    assert error_of(page) == SYNTAX_ERROR
    assert 'data-line="2" data-column="9"' in page


def test_an_empty_query_is_an_error_not_the_example(client):
    assert error_of(ask(client, "")) == (
        "syntax error at line 1, column 1: empty query — expected SELECT, CONSTRUCT, DESCRIBE or ASK"
    )


@pytest.mark.parametrize(
    "query,message",
    [
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE <http://example.org/sparql> is not allowed: actorgraph never contacts other endpoints",
        ),
        ("DROP ALL", "SPARQL Update (DROP) is not allowed: actorgraph is read-only"),
    ],
)
def test_refusals_are_one_line(client, query, message):
    assert error_of(ask(client, query)) == message


def test_a_result_over_the_servers_cap_is_refused(graph_copy):
    client = TestClient(make_workbench(actorgraph.open(graph_copy), max_rows=1))
    assert error_of(ask(client, BACKERS)) == "the result has more than 1 rows — add a LIMIT or narrow the query"


def test_an_unknown_named_query_has_a_did_you_mean(client):
    page = client.get("/query", params={"name": "who-back-whom"}).text
    assert error_of(page) == "unknown query 'who-back-whom' — did you mean 'who-backs-whom'?"


def test_a_term_the_graph_does_not_have_gets_a_warning(client):
    page = ask(client, BAKCS)
    assert re.findall(r"<li [^>]*>(.*?)</li>", page.split('id="query-warnings"')[1])[0] == (
        html.escape(f"warning: {BAKCS_WARNING}", quote=False)
    )
    assert "0 rows" in page


def test_what_the_results_hold_is_escaped(client):
    page = ask(client, 'SELECT ?x { BIND("<script>alert(1)</script>" AS ?x) }')
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- the warning in the library and the CLI --------------------------------------------------


def test_the_library_warns_of_unknown_terms_and_still_answers():
    graph = actorgraph.open()
    result = graph.sparql("SELECT ?who WHERE {\n  ?who ag:backs actor:Hezbolah ; a ag:actor }")
    assert [str(w) for w in result.warnings] == [
        "line 2, column 17: actor:Hezbolah is not an actor of the graph — did you mean actor:Hezbollah?",
        "line 2, column 36: ag:actor is not a term of the actorgraph vocabulary — did you mean ag:Actor or "
        "ag:mergedActor?",
    ]
    assert result.rows == []


def test_an_alias_written_as_an_actor_iri_suggests_the_actor():
    result = actorgraph.open().sparql("ASK { actor:Nasrallah ?p ?o }")
    assert [w.suggestions for w in result.warnings] == [("actor:Hassan_Nasrallah",)]


def test_terms_are_read_as_the_query_binds_its_prefixes():
    graph = actorgraph.open()
    query = (
        "PREFIX v: <https://w3id.org/actorgraph/ns#>\nPREFIX ag: <https://example.org/>\n"
        'SELECT * { ?a v:bakcs ?b ; ag:whatever <https://w3id.org/actorgraph/ns#Stat> . FILTER(?b != "ag:nope") }'
    )
    assert [(w.term, w.suggestions) for w in graph.sparql(query).warnings] == [
        ("v:bakcs", ("v:backs",)),
        ("<https://w3id.org/actorgraph/ns#Stat>", ("ag:State", "ag:start")),
    ]


def test_no_named_query_is_warned_about():
    from actorgraph.sparql_terms import unknown_terms

    graph = actorgraph.open()
    for query in list_queries():
        assert unknown_terms(query.text, graph.dataset, lambda: graph.index) == [], query.name


def test_the_cli_prints_the_warning_on_stderr_and_the_results(runner):
    result = runner.invoke(cli, ["sparql", BAKCS])
    assert result.exit_code == 0
    assert result.stderr == f"warning: {BAKCS_WARNING}\n"
    assert result.stdout == "who\n---\n(0 rows)\n"


def test_the_cli_names_the_file_of_a_warned_query(runner, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(BAKCS, encoding="utf-8")
    result = runner.invoke(cli, ["sparql", str(path), "--format", "csv"])
    assert (result.exit_code, result.stderr, result.stdout) == (0, f"warning: {path}: {BAKCS_WARNING}\n", "who\n")


# --- in the browser ---------------------------------------------------------------------------


def type_query(visit, text: str) -> None:
    """Replace the editor's text by typing *text*, as a person would, and run it with Ctrl-Enter."""
    page = visit.page
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")


def test_the_editor_loads_clean(serve_workbench, web_visit, graph_copy):
    visit = web_visit(serve_workbench(graph_copy), "/query")
    page = visit.page
    assert page.locator(".cm-editor").is_visible()
    assert page.locator("#query-text").is_hidden()
    assert page.locator(".cm-content").inner_text().startswith("SELECT ?backer ?backed WHERE {")
    # The SPARQL mode colours keywords and variables apart
    assert page.locator(".cm-line span").count() > 3
    visit.assert_clean()


def test_control_enter_runs_the_typed_query(serve_workbench, web_visit, graph_copy):
    visit = web_visit(serve_workbench(graph_copy), "/query")
    type_query(visit, BACKERS)
    page = visit.page
    assert page.locator(".answer-summary").inner_text().startswith("2 rows")
    links = page.locator("table.results a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "/actors/Iran", "/actors/Hamas", "/actors/Iran", "/actors/Hezbollah",
    ]  # fmt: skip
    assert page.locator(".cm-content").inner_text() == BACKERS  # the editor keeps the query
    visit.assert_clean()


def test_a_named_query_with_a_parameter_runs(serve_workbench, web_visit, graph_copy):
    visit = web_visit(serve_workbench(graph_copy), "/query")
    page = visit.page
    with page.expect_navigation():
        page.get_by_role("link", name="Who backs whom").click()
    assert page.locator(".cm-content").inner_text().startswith("# title: Who backs whom")
    page.locator('input[name="$of"]').fill("Hamas")
    page.locator(".cm-content").click()
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert page.locator(".answer-summary").inner_text().startswith("1 row ")
    assert page.locator("table.results td").nth(2).inner_text() == "Hamas"
    visit.assert_clean()


def test_a_syntax_error_shows_line_and_column(serve_workbench, web_visit, graph_copy):
    visit = web_visit(serve_workbench(graph_copy), "/query")
    type_query(visit, "SELECT * WHERE {\n?s ?p }")
    page = visit.page
    # The editor indents the line after "{" as it is typed: the "}" is in column 9.
    assert page.locator("#query-error").inner_text() == SYNTAX_ERROR
    assert page.locator(".cm-activeLine").inner_text() == "  ?s ?p }"  # the cursor is on the error's line
    visit.assert_clean()


def test_the_unknown_term_warning_shows(serve_workbench, web_visit, graph_copy):
    visit = web_visit(serve_workbench(graph_copy), "/query")
    type_query(visit, BAKCS)
    assert visit.page.locator("#query-warnings li").inner_text() == f"warning: {BAKCS_WARNING}"
    visit.assert_clean()
