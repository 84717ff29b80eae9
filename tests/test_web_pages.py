"""The workbench's browsing pages: home, search, actor, claim and source; live SPARQL; hostile data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS
from starlette.testclient import TestClient
from test_maps import HOSTILE_ALIAS, HOSTILE_LABEL, HOSTILE_QUOTE, HOSTILE_SOURCE

import actorgraph
from actorgraph.namespace import ACTOR, AG, CLAIM, SOURCE
from actorgraph.web import make_workbench

SOURCE_ID = "news-2024-10-01-iran-israel-hezbollah"
DISPUTED = "israel-raids-into-lebanon"
PAGES = ["/", "/search?q=hezbollah", "/actors/Hezbollah", f"/claims/{DISPUTED}", f"/sources/{SOURCE_ID}"]


@pytest.fixture
def client(graph_copy: Path) -> TestClient:
    return TestClient(make_workbench(actorgraph.open(graph_copy)))


# --- the library: search ----------------------------------------------------------------------


def test_search_finds_actors_by_alias_sources_by_title_and_claims_by_quote():
    found = actorgraph.open().search("hizb")
    assert [(h.title, h.text, h.match) for h in found.actors] == [("Hezbollah", "Hizballah", "Hizb")]
    by_title = actorgraph.open().search("october 2024")
    assert [h.iri for h in by_title.sources] == [str(SOURCE[SOURCE_ID])]
    by_quote = actorgraph.open().search("STAR  proxy")
    assert [(h.title, h.match) for h in by_quote.claims] == [("Iran hasProxy Hezbollah", "star proxy")]
    assert by_quote.totals == {"actors": 0, "sources": 0, "claims": 1}


def test_search_folds_accents_and_cuts_to_the_limit():
    graph = actorgraph.open()
    assert [h.title for h in graph.search("NAÏM").actors] == [h.title for h in graph.search("naim").actors]
    found = graph.search("e", limit=2)
    assert len(found.actors) == 2 and found.totals["actors"] > 2
    assert not graph.search("   ") and not graph.search("zzqx")


def test_search_leaves_out_retracted_claims(graph_copy):
    before = actorgraph.open(graph_copy).search("star proxy").totals["claims"]
    actorgraph.open(graph_copy).retract("iran-has-proxy-hezbollah", reason="test of the search")
    assert (before, actorgraph.open(graph_copy).search("star proxy").totals["claims"]) == (1, 0)


# --- pages in process -------------------------------------------------------------------------


def test_home_shows_counts_by_class_and_relation_and_dated_changes(client, graph_copy):
    page = client.get("/")
    assert page.status_code == 200
    assert "<td>ArmedGroup</td>" in page.text and "<td>backs</td>" in page.text
    assert 'href="/sources/news-2024-10-01-iran-israel-hezbollah"' in page.text
    actorgraph.open(graph_copy).retract("iran-has-proxy-hezbollah", reason="a retraction to list")
    page = client.get("/")
    assert 'class="badge retracted">retracted' in page.text
    assert 'href="/claims/iran-has-proxy-hezbollah">Iran hasProxy Hezbollah</a>' in page.text
    assert "a retraction to list" in page.text


def test_search_page_groups_hits_with_the_match_marked(client):
    page = client.get("/search", params={"q": "nasrallah"})
    assert page.status_code == 200
    assert '<a href="/actors/Hassan_Nasrallah">Hassan Nasrallah</a>' in page.text
    assert "<h2>Claims by quote" in page.text and '<mark class="hit">Nasrallah</mark>' in page.text
    assert "Nothing holds “zzqx”" in client.get("/search", params={"q": "zzqx"}).text


def test_actor_page_lists_claims_merges_map_and_timeline(client):
    page = client.get("/actors/Hezbollah", params={"hops": "2"})
    assert page.status_code == 200
    text = page.text
    assert '<span class="alias">Hizballah</span>' in text
    assert '<iframe class="ego-map" title="Ego map of Hezbollah" src="/map?actor=Hezbollah&amp;hops=2">' in text
    assert '<option value="2" selected>2</option>' in text
    assert '<a class="relation" href="/claims/iran-backs-hezbollah">backs</a>' in text
    assert 'class="badge disputed"' in client.get("/actors/Lebanon").text
    assert '<section class="timeline">' in text and text.count('<li><span class="when">') == 13
    assert "/claims/new" not in text  # read-only: no write links


def test_actor_page_shows_who_was_merged_into_it(graph_copy):
    graph = actorgraph.open(graph_copy)
    graph.merge("Pentagon", "Biden administration", reason="one actor in this report", by="tester")
    page = TestClient(make_workbench(actorgraph.open(graph_copy))).get("/actors/Pentagon")
    assert "Merged into it" in page.text and "one actor in this report" in page.text


def test_unknown_actor_is_a_404_with_did_you_mean(client):
    page = client.get("/actors/Hezbolah")
    assert page.status_code == 404
    assert 'Did you mean\n<a href="/actors/Hezbollah">Hezbollah</a>?' in page.text
    assert client.get("/claims/iran-backs-hezbolah").status_code == 404
    assert "iran-backs-hezbollah" in client.get("/claims/iran-backs-hezbolah").text
    assert client.get("/sources/nope").status_code == 404


def test_claim_page_marks_the_quote_in_its_source_and_shows_the_dispute(client):
    page = client.get(f"/claims/{DISPUTED}")
    assert page.status_code == 200
    assert '<mark class="quote">Israel announced it had begun raids into southern Lebanon</mark>' in page.text
    assert "Hezbollah</a> disputes it" in page.text
    assert 'class="badge disputed"' in page.text


def test_claim_page_shows_every_version_of_an_edited_claim(graph_copy):
    from actorgraph.history import ClaimEdit

    actorgraph.open(graph_copy).edit("iran-backs-hamas", ClaimEdit(date="2024-09", reason="the report dates it"))
    client = TestClient(make_workbench(actorgraph.open(graph_copy)))
    old = client.get("/claims/iran-backs-hamas").text
    assert "This is an earlier version" in old and 'href="/claims/iran-backs-hamas-2"' in old
    assert "<li>date: <del>None</del> → <ins>2024-09</ins></li>" in old
    assert "the report dates it" in old


def test_source_page_links_every_quoted_passage_and_lists_the_uncited(client):
    page = client.get(f"/sources/{SOURCE_ID}")
    assert page.status_code == 200
    text = page.text
    assert '<mark class="quoted" title="1 claim(s)">Hezbollah, a star proxy group for Iran</mark>' in text
    assert '<sup><a class="cites" href="/claims/iran-has-proxy-hezbollah"' in text
    uncited = text[text.index('<section class="uncited">') : text.index('<section class="citing">')]
    assert "Most of Hezbollah’s command structure has been eliminated." in uncited
    assert "a star proxy group" not in uncited


def test_write_links_only_when_writing_is_on(graph_copy):
    client = TestClient(make_workbench(actorgraph.open(graph_copy), write=True))
    assert 'href="/claims/iran-backs-hamas/edit"' in client.get("/claims/iran-backs-hamas").text
    assert 'href="/actors/Iran/merge"' in client.get("/actors/Iran").text
    assert "/edit" not in TestClient(make_workbench(actorgraph.open(graph_copy))).get("/claims/iran-backs-hamas").text


def test_sparql_sees_a_claim_added_to_the_files(client, graph_copy):
    ask = {"query": "ASK { actor:Hamas ag:backs actor:Iran }"}
    assert client.get("/sparql", params=ask).json()["boolean"] is False
    with (graph_copy / "actors.ttl").open("a", encoding="utf-8") as file:
        file.write("\nactor:Hamas ag:backs actor:Iran .\n")
    assert client.get("/sparql", params=ask).json()["boolean"] is True


# --- hostile data -----------------------------------------------------------------------------


@pytest.fixture
def hostile_copy(graph_copy: Path) -> Path:
    """The seed graph with an actor, alias, claim quote and source title that are all markup."""
    graph = Graph()
    evil, claim = ACTOR.Evil, CLAIM["evil-backs-iran"]
    graph.add((evil, RDFS.label, Literal(HOSTILE_LABEL)))
    graph.add((evil, SKOS.altLabel, Literal(HOSTILE_ALIAS)))
    graph.add((evil, RDF.type, AG.ArmedGroup))
    graph.add((evil, AG.backs, ACTOR.Iran))
    for predicate, value in ((RDF.type, AG.Claim), (RDF.subject, evil), (RDF.predicate, AG.backs),
                             (RDF.object, ACTOR.Iran), (AG.quote, Literal(HOSTILE_QUOTE)), (AG.source, SOURCE.evil),
                             (AG.reliability, Literal("F")), (AG.credibility, Literal(2))):  # fmt: skip
        graph.add((claim, predicate, value))
    graph.add((SOURCE.evil, RDF.type, AG.Source))
    graph.add((SOURCE.evil, RDFS.label, Literal(HOSTILE_SOURCE)))
    graph.serialize(graph_copy / "hostile.ttl", format="turtle", encoding="utf-8")
    return graph_copy


HOSTILE_PAGES = ["/", "/search?q=pwned", "/search?q=img", "/actors/Evil", "/actors/Iran", "/claims/evil-backs-iran",
                 "/sources/evil", "/actors/%3Cscript%3E"]  # fmt: skip


def test_hostile_labels_are_escaped_in_process(hostile_copy):
    client = TestClient(make_workbench(actorgraph.open(hostile_copy)))
    for path in HOSTILE_PAGES:
        page = client.get(path)
        assert page.status_code in (200, 404), path
        assert "<script>window" not in page.text and "<img src=x" not in page.text, path
        assert "<b onmouseover" not in page.text, path
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in client.get("/actors/Evil").text


# --- in the browser ---------------------------------------------------------------------------


def test_every_page_loads_clean_in_the_browser(serve_workbench, web_visit, graph_copy):
    base = serve_workbench(graph_copy)
    for path in PAGES:
        visit = web_visit(base, path)
        assert visit.page.locator("h1").count() == 1, path
        visit.assert_clean()
    missing = web_visit(base, "/actors/Hezbolah")
    missing.page.get_by_role("link", name="Hezbollah").click()
    missing.page.wait_for_url("**/actors/Hezbollah")
    # The browser reports the 404 itself, and nothing else went wrong.
    assert missing.console == ["error: Failed to load resource: the server responded with a status of 404 (Not Found)"]
    assert (missing.outside, missing.errors, missing.dialogs) == ([], [], [])


def test_search_then_actor_page_by_typing_and_clicking(serve_workbench, web_visit, graph_copy):
    visit = web_visit(serve_workbench(graph_copy), "/")
    box = visit.page.locator("main form.search input[name=q]")
    box.fill("khamen")
    box.press("Enter")
    visit.page.wait_for_url("**/search?q=khamen")
    visit.page.get_by_role("link", name="Ali Khamenei").first.click()
    visit.page.wait_for_url("**/actors/Ali_Khamenei")
    assert visit.page.locator("h1").inner_text().startswith("Ali Khamenei")
    visit.assert_clean()


def test_hostile_data_runs_nothing_in_the_browser(serve_workbench, web_visit, hostile_copy):
    base = serve_workbench(hostile_copy)
    for path in HOSTILE_PAGES:
        visit = web_visit(base, path)
        page = visit.page
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("main script, main img, main b").count() == 0, path
        if path == "/actors/Evil":  # the markup is there, as text
            assert page.locator("h1").inner_text().startswith(HOSTILE_LABEL)
            assert page.locator(".alias").inner_text() == HOSTILE_ALIAS
        page.locator("main").hover()
        assert visit.dialogs == [], path
        assert page.evaluate("typeof window.__pwned") == "undefined", path
