"""The web workbench's frame: the application, the endpoint inside it, headers, live reload, a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

import actorgraph
from actorgraph.namespace import ACTOR, AG, CLAIM, SOURCE
from actorgraph.web import make_workbench
from actorgraph.web.app import PAGE_CSP
from actorgraph.web.urls import url_of


@pytest.fixture
def client(graph_copy: Path) -> TestClient:
    return TestClient(make_workbench(actorgraph.open(graph_copy)))


def test_home_counts_the_graph(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "20 actors · 41 claims · 1 sources" in page.text
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert page.headers["x-content-type-options"] == "nosniff"


def test_the_sparql_endpoint_answers_as_before(client):
    answer = client.get("/sparql", params={"query": "ASK { actor:Iran ag:backs actor:Hezbollah }"})
    assert (answer.status_code, answer.json()) == (200, {"head": {}, "boolean": True})
    assert client.post("/sparql", data={"update": "DROP ALL"}).status_code == 403
    assert client.put("/sparql").status_code == 403


def test_a_host_that_is_not_the_server_is_refused(client):
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 421


def test_pages_of_actors_claims_and_sources_have_urls():
    assert url_of(ACTOR.Iran) == "/actors/Iran"
    assert url_of(CLAIM["c1"]) == "/claims/c1"
    assert url_of(SOURCE["s"]) == "/sources/s"
    assert url_of(AG.backs) is None


def test_a_change_on_disk_is_seen_by_the_next_request(client, graph_copy):
    assert "20 actors" in client.get("/").text
    with (graph_copy / "actors.ttl").open("a", encoding="utf-8") as file:
        file.write('\nactor:Newcomer a ag:ArmedGroup ; rdfs:label "Newcomer"@en .\n')
    assert "21 actors" in client.get("/").text


def test_the_home_page_in_a_browser_is_clean(serve_workbench, web_visit, graph_copy):
    base = serve_workbench(graph_copy)
    visit = web_visit(base, "/")
    assert visit.page.locator("p.counts").inner_text() == "20 actors · 41 claims · 1 sources"
    assert visit.page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"
    visit.assert_clean()


def test_search_to_actor_to_path_finder_to_dossier_by_typing_and_clicking(serve_workbench, web_visit, graph_copy):
    """The journey of a reader who never opens a terminal, page by page through the links."""
    base = serve_workbench(graph_copy)
    visit = web_visit(base, "/")
    page = visit.page
    page.locator("header.top input[name=q]").press_sequentially("hizballah")  # an alias
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.get_by_role("link", name="Hezbollah", exact=True).first.click()
    assert page.url == base + "/actors/Hezbollah"
    with page.expect_navigation():
        page.get_by_role("link", name="Paths from Hezbollah").click()
    assert page.input_value("input[name=from]") == "Hezbollah"
    to = page.locator("input[name=to]")
    to.press_sequentially("netan")
    page.locator("li[data-label='Benjamin Netanyahu']").click()
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("article.path").count() >= 1
    assert "Hezbollah" in page.locator("article.path h3").first.inner_text()
    with page.expect_navigation():
        page.click("a.dossier")
    page.wait_for_selector("body[data-ready='true']", state="attached")
    assert page.inner_text("h1").startswith("Hezbollah to Benjamin Netanyahu: ")
    visit.assert_clean()
