"""The workbench's exploring pages: name completion, the path finder, path dossiers and the map.

In process (Starlette's test client) for what the pages say, and in Debian chromium (the
``serve_workbench`` and ``web_visit`` fixtures) for typing, clicking and the map's time slider.
"""

from __future__ import annotations

import html
import json
import re
import shlex
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import actorgraph
from actorgraph import maps
from actorgraph.cli import cli
from actorgraph.web import explore, make_workbench
from actorgraph.web.app import PAGE_CSP
from actorgraph.web.explore import MAP_CSP

HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture
def client(graph_copy: Path) -> TestClient:
    return TestClient(make_workbench(actorgraph.open(graph_copy)))


def text_of(fragment: str) -> str:
    """What a browser shows of an HTML fragment: tags out, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def errors_of(page: str) -> list[str]:
    return [text_of(line) for line in re.findall(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)]


def command_of(page: str) -> str:
    return html.unescape(re.search(r"<code>(.*?)</code>", page, re.S).group(1))


def chains_of(page: str) -> list[list[str]]:
    """The actors of each path the path finder lists, in order."""
    return [text_of(h3)[2:].split(" → ") for h3 in re.findall(r'<article class="path">\s*<h3>(.*?)</h3>', page, re.S)]


# --- Completion ------------------------------------------------------------------------------------


def test_completion_gives_labels_for_names_and_aliases_being_typed(client):
    answer = client.get("/complete", params={"q": "hizb"})
    assert answer.status_code == 200
    assert answer.json() == {
        "query": "hizb",
        "actors": [{"label": "Hezbollah", "name": "Hizballah", "type": "ArmedGroup", "url": "/actors/Hezbollah"}],
    }
    # a word of a name fits too, after the names that start with the text
    labels = [a["label"] for a in client.get("/complete", params={"q": "isr"}).json()["actors"]]
    assert labels == ["Israel", "Israel Defense Forces", "Israeli authorities"]
    assert [a["label"] for a in client.get("/complete", params={"q": "NASR"}).json()["actors"]] == ["Hassan Nasrallah"]
    assert len(client.get("/complete", params={"q": "i", "limit": "2"}).json()["actors"]) == 2
    assert client.get("/complete", params={"q": "  "}).json()["actors"] == []
    assert client.get("/complete", params={"q": "zzz"}).json()["actors"] == []


def test_completion_gives_a_few_names_unless_asked_for_more_up_to_a_cap(client, monkeypatch):
    monkeypatch.setattr(explore, "COMPLETIONS", 3)
    monkeypatch.setattr(explore, "MAX_COMPLETIONS", 5)
    assert len(client.get("/complete", params={"q": "i"}).json()["actors"]) == 3
    assert len(client.get("/complete", params={"q": "i", "limit": "many"}).json()["actors"]) == 3
    assert len(client.get("/complete", params={"q": "i", "limit": "4"}).json()["actors"]) == 4
    assert len(client.get("/complete", params={"q": "i", "limit": "500"}).json()["actors"]) == 5


def test_completion_ranks_names_before_words_and_lists_each_actor_once():
    index = actorgraph.open().index
    found = index.complete("ha", limit=20)
    labels = [actor.label for actor, _ in found]
    assert len(labels) == len(set(labels))
    # Hamas and Hassan Nasrallah have a name starting "ha"; Ismail Haniyeh only a word
    assert labels.index("Hamas") < labels.index("Ismail Haniyeh")
    assert index.complete("ha", limit=1) == found[:1]


# --- The path finder, in process ---------------------------------------------------------------------


def test_path_finder_explains_each_hop_with_its_evidence_and_sign(client, graph_copy):
    page = client.get("/path", params={"from": "Iran", "to": "Nasrallah"})
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == PAGE_CSP
    text = text_of(page.text)
    assert "Iran → Hassan Nasrallah: 2 shortest paths" in text
    assert chains_of(page.text) == [["Iran", "Hezbollah", "Hassan Nasrallah"], ["Iran", "Israel", "Hassan Nasrallah"]]
    assert "2 hops · friendly: Hassan Nasrallah is leader of a protégé of Iran" in text
    assert "Iran —backs→ Hezbollah ally Hezbollah is a protégé of Iran · also has as proxy · 2 claims" in text
    assert "Hezbollah ←leads— Hassan Nasrallah structural tie Hassan Nasrallah is a leader of Hezbollah" in text
    assert "Iran —attacked→ Israel enemy Israel is an enemy of Iran" in text
    assert "“Hezbollah, a star proxy group for Iran”" in text
    assert "attributed to a senior White House official · 2024-10-01 · confidence F3" in text
    assert "date not given (reported 2024-10-01) · confidence F2" in text
    assert '<a href="/actors/Hassan_Nasrallah">Hassan Nasrallah</a>' in page.text
    assert '<a href="/claims/iran-has-proxy-hezbollah">the claim</a>' in page.text
    assert re.search(r'<a href="/sources/[^"]+">News report, 1 October 2024', page.text)
    assert '<a class="dossier" href="/dossier?from=Iran&amp;to=Nasrallah">' in page.text
    assert command_of(page.text) == f"actorgraph --graph {shlex.quote(str(graph_copy))} path Iran Nasrallah"


def test_disputed_hops_are_marked(client):
    disputed = [c for c in actorgraph.open().claims(status="disputed")]
    assert disputed, "the seed graph has a disputed claim"
    claim = disputed[0]
    page = client.get("/path", params={"from": claim.subject, "to": claim.object, "max_hops": "1", "method": "all"})
    assert page.status_code == 200, errors_of(page.text)
    assert '<li class="hop disputed">' in page.text
    assert "⚠ disputed" in text_of(page.text)
    assert f"⚠ {claim.disputes[0].line()}" in text_of(page.text)
    page = client.get("/path", params={"from": claim.subject, "to": claim.object, "exclude_disputed": "on"})
    assert '<li class="hop disputed">' not in page.text


@pytest.mark.parametrize(
    "params",
    [
        {"from": "Iran", "to": "Netanyahu", "method": "all", "max_hops": "3", "as_of": "2024-09-01"},
        {"from": "Khamenei", "to": "Nasrallah", "directed": "on", "polarity": ["hostile", "structural"]},
        {"from": "Iran", "to": "Israel", "method": "k", "k": "4", "rank": "evidence", "avoid": ["Hezbollah", ""]},
        {"from": "Iran", "to": "Nasrallah", "via": "Israel", "relation": ["hostileTo", "leads"],
         "min_confidence": "F3"},
        {"from": "Iran", "to": "Hezbollah", "exclude_relation": "attacked", "exclude_disputed": "on", "max_paths": "3",
         "method": "all"},
        {"from": "Iran", "to": "Nasrallah", "origin": "curated"},
    ],
)  # fmt: skip
def test_the_equivalent_command_line_finds_the_same_paths(client, runner, params):
    page = client.get("/path", params=params)
    assert page.status_code == 200 and errors_of(page.text) == []
    command = shlex.split(command_of(page.text))
    assert command[0] == "actorgraph"
    result = runner.invoke(cli, [*command[1:], "--format", "json"])
    assert result.exit_code == 0, result.output
    assert chains_of(page.text) == [path["actors"] for path in json.loads(result.output)["paths"]] != []


def test_errors_are_one_line_on_the_page(client):
    page = client.get("/path", params={"from": "Iran", "to": "Nasralah"})
    assert page.status_code == 400
    assert errors_of(page.text) == ["unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'?"]
    assert 'value="Nasralah"' in page.text  # the form keeps what was typed, to correct it

    page = client.get("/path", params={"from": "Iran", "to": "Nasrallah", "polarity": "cooperative"})
    assert page.status_code == 200  # a question answered: no path
    assert errors_of(page.text) == [
        "no path from Iran to Hassan Nasrallah with --polarity cooperative; "
        "without --polarity cooperative there is a 2-hop path"
    ]
    assert command_of(page.text).endswith("path Iran Nasrallah --polarity cooperative")

    for params, message in [
        ({"from": "Iran", "to": "Israel", "method": "k", "k": "two"}, "--k must be a whole number, not 'two'"),
        ({"from": "Iran", "to": "Israel", "as_of": "2024-13"}, "invalid date '2024-13'"),
        ({"from": "Iran", "to": "Israel", "method": "k", "k": "0"}, "k must be at least 1, not 0"),
        ({"from": "Iran", "to": "Iran"}, "'Iran' is both ends of the path: name two different actors"),
    ]:
        page = client.get("/path", params=params)
        assert page.status_code == 400
        (line,) = errors_of(page.text)
        assert line.startswith(message), line
    assert errors_of(client.get("/path").text) == []  # the empty form asks nothing
    # One end, as an actor page's "Paths from" link gives it: the form with that end filled in.
    page = client.get("/path", params={"from": "Iran"})
    assert (page.status_code, errors_of(page.text)) == (200, [])
    assert '<input name="from" value="Iran"' in page.text


def test_dossier_is_the_path_dossier_with_the_map_policy(client, graph_copy):
    answer = client.get("/dossier", params={"from": "Iran", "to": "Nasrallah"})
    assert answer.status_code == 200
    assert answer.headers["content-security-policy"] == MAP_CSP
    assert "frame-ancestors 'self'" in MAP_CSP and "connect-src 'none'" in MAP_CSP
    assert "<h1>Iran to Hassan Nasrallah: 2 paths</h1>" in answer.text
    command = f"actorgraph --graph {shlex.quote(str(graph_copy))} path Iran Nasrallah"
    assert f"<code>{html.escape(command, quote=True)}</code>" in answer.text
    # what is wrong is said as the path finder says it
    answer = client.get("/dossier", params={"from": "Iran", "to": "Nobody"})
    assert answer.status_code == 400
    assert errors_of(answer.text) == ["unknown actor 'Nobody'"]


# --- The map, in process ---------------------------------------------------------------------------


def test_map_page_frames_the_map_with_its_filters_and_command(client, graph_copy):
    page = client.get("/map", params={"actor": "Hezbollah", "hops": "1", "as_of": "2024-09-30"})
    assert page.status_code == 200
    assert '<iframe class="map" src="/map/view?actor=Hezbollah&amp;hops=1&amp;as_of=2024-09-30"' in page.text
    assert "6 actors, 9 links." in text_of(page.text)  # as export html --focus Hezbollah --as-of 2024-09-30 says
    graph = shlex.quote(str(graph_copy))
    expected = f"actorgraph --graph {graph} export html --focus Hezbollah --hops 1 --as-of 2024-09-30"
    assert command_of(page.text) == expected

    view = client.get("/map/view", params={"actor": "Hezbollah", "hops": "1", "as_of": "2024-09-30"})
    assert view.status_code == 200
    assert view.headers["content-security-policy"] == MAP_CSP
    assert "focus: Hezbollah, 1 hop" in view.text and "Claims in force on 2024-09-30" in view.text
    assert 'id="ag-time"' in view.text

    whole = client.get("/map")
    assert "20 actors, 38 links." in text_of(whole.text)
    assert command_of(whole.text) == f"actorgraph --graph {graph} export html"
    pagerank = client.get("/map", params={"size_by": "pagerank", "relation": ["hostileTo"], "hops": "2"})
    assert command_of(pagerank.text).endswith("export html --relation hostileTo --size-by pagerank")


def test_map_errors_are_one_line(client):
    page = client.get("/map", params={"actor": "Hezbolah"})
    assert page.status_code == 400
    assert errors_of(page.text) == ["unknown actor 'Hezbolah' — did you mean 'Hezbollah'?"]
    assert "<iframe" not in page.text
    assert errors_of(client.get("/map", params={"actor": "Iran", "hops": "-1"}).text) == [
        "hops must be 0 or more, not -1"
    ]
    assert errors_of(client.get("/map", params={"actor": "Iran", "hops": "two"}).text) == [
        "--hops must be a whole number, not 'two'"
    ]
    view = client.get("/map/view", params={"as_of": "someday"})
    assert view.status_code == 400
    assert text_of(view.text).startswith("invalid date 'someday'")


def test_hostile_names_show_as_text(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "g.ttl").write_text(
        "@prefix ag: <https://w3id.org/actorgraph/ns#> . @prefix actor: <https://w3id.org/actorgraph/actor/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'actor:Evil a ag:ArmedGroup ; rdfs:label {json.dumps(HOSTILE)} ; skos:altLabel "Evil</script>" .\n',
        encoding="utf-8",
    )
    client = TestClient(make_workbench(actorgraph.open(folder)))
    assert client.get("/complete", params={"q": "<img"}).json()["actors"][0]["label"] == HOSTILE
    page = client.get("/path", params={"from": HOSTILE, "to": "Evil</script>"})
    assert HOSTILE not in page.text and "Evil</script>" not in page.text
    assert "<img" not in page.text
    assert errors_of(page.text) == [f"{HOSTILE!r} is both ends of the path: name two different actors"]


# --- In the browser ----------------------------------------------------------------------------------


def test_path_finder_by_typing_and_clicking_then_the_dossier(serve_workbench, web_visit, graph_copy):
    base = serve_workbench(graph_copy)
    visit = web_visit(base, "/path")
    page = visit.page
    page.locator("input[name=from]").press_sequentially("ira")
    page.locator("li[data-label='Iran']").click()  # a suggestion from /complete
    assert page.input_value("input[name=from]") == "Iran"
    to = page.locator("input[name=to]")
    to.press_sequentially("sayyed")  # an alias of Nasrallah
    page.wait_for_selector("li[data-label='Hassan Nasrallah']")
    to.press("ArrowDown")
    to.press("Enter")  # picks the suggestion, does not send the form
    assert page.input_value("input[name=to]") == "Hassan Nasrallah"
    assert page.url == base + "/path"
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url == base + "/path?from=Iran&to=Hassan+Nasrallah&method=shortest&k=&max_hops=&rank=length" + (
        "&via=&avoid=&as_of=&min_confidence=&origin="
    )
    assert page.locator("article.path").count() == 2
    first = page.locator("article.path").first
    assert first.locator("h3").inner_text() == "+ Iran → Hezbollah → Hassan Nasrallah"
    assert first.locator("li.hop").count() == 2
    assert "Hezbollah is a protégé of Iran" in first.locator("li.hop").first.inner_text()
    assert page.locator(".command code").inner_text().endswith("path Iran 'Hassan Nasrallah'")

    with page.expect_navigation():
        page.click("a.dossier")
    page.wait_for_selector("body[data-ready='true']", state="attached", timeout=60_000)
    assert page.inner_text("h1") == "Iran to Hassan Nasrallah: 2 paths"
    assert page.locator(".ag-path").count() == 2
    visit.assert_clean()


def test_the_map_page_with_its_time_slider(serve_workbench, web_visit, graph_copy):
    base = serve_workbench(graph_copy)
    visit = web_visit(base, "/map?actor=Hezbollah&hops=1")
    page = visit.page
    frame = page.frame_locator("iframe.map")
    frame.locator("body[data-ready='true']").wait_for(state="attached", timeout=60_000)
    shown = "agMap.data.edges.filter(e => !agMap.edges.get(e.id).hidden).length"
    map_frame = next(f for f in page.frames if f.url.startswith(base + "/map/view"))
    everything = map_frame.evaluate(shown)
    assert everything == actorgraph.open(graph_copy).select(["Hezbollah"]).network.number_of_edges()
    steps = maps.time_steps(actorgraph.open(graph_copy).select(["Hezbollah"]).network)
    map_frame.fill("#ag-time", "0")
    assert map_frame.evaluate(shown) < everything  # fewer links at an earlier day
    assert map_frame.inner_text("#ag-dates") == f"Claims in force on {steps[0]}"
    map_frame.click("#ag-play")
    map_frame.wait_for_selector("#ag-when[data-step='1']", state="attached")  # play advances
    map_frame.click("#ag-play")
    visit.assert_clean()


def test_the_map_page_in_another_workbench_page_drops_the_header(serve_workbench, web_visit, graph_copy):
    base = serve_workbench(graph_copy)
    visit = web_visit(base, "/map?actor=Iran")
    page = visit.page
    assert page.locator("header.top").is_visible()  # on its own, the workbench's header
    # a page of the same server framing the ego map, as the actor page does
    host = (  # big enough to be drawn: Chromium does not draw frames out of view
        "<!doctype html><title>Actor</title>"
        '<iframe id="ego" src="/map?actor=Iran&amp;hops=2" width="1300" height="850"></iframe>'
    )
    page.route(base + "/host", lambda route: route.fulfill(body=host, content_type="text/html"))
    page.goto(base + "/host")
    framed = page.frame_locator("#ego")
    framed.locator("iframe.map").wait_for()
    assert framed.locator("header.top").is_hidden()
    assert framed.locator("form.map-form").is_visible()  # the hops can still be changed
    framed.frame_locator("iframe.map").locator("body[data-ready='true']").wait_for(state="attached", timeout=60_000)
    visit.assert_clean()


@pytest.mark.parametrize(
    "path",
    ["/path", "/path?from=Iran&to=Israel&method=all&max_hops=2", "/map", "/map/view?actor=Iran&hops=2",
     "/dossier?from=Hamas&to=Israel"],
)  # fmt: skip
def test_every_page_loads_clean(serve_workbench, web_visit, graph_copy, path):
    visit = web_visit(serve_workbench(graph_copy), path)
    if "map" in path or "dossier" in path:
        target = visit.page if "/map/view" in path or "dossier" in path else visit.page.frame_locator("iframe.map")
        target.locator("body[data-ready='true']").wait_for(state="attached", timeout=60_000)
    visit.assert_clean()
