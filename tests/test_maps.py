"""HTML maps and path dossiers, opened in headless Debian chromium driven by Playwright, offline.

The browser is the system's ``/usr/bin/chromium`` (``apt-get install chromium``); no browser is
downloaded. Every page is checked for: no console error, no request but the map file itself,
as many vis nodes and edges as the network has. Hostile labels, aliases, quotes and titles must
show as text and run nothing.

``ACTORGRAPH_SCREENSHOT=$PWD/docs/seed-map.png pytest tests/test_maps.py -k seed_map`` also writes
the README's screenshot.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, SKOS

from actorgraph import maps
from actorgraph.claims import Claim
from actorgraph.cli import cli
from actorgraph.errors import InvalidMapRequest
from actorgraph.namespace import ACTOR, AG, CLAIM, SOURCE
from actorgraph.network import build_network
from actorgraph.paths import PathQuery, connect

HOSTILE_LABEL = '"><img src=x onerror=alert(1)>'
HOSTILE_ALIAS = "<script>window.__pwned=1</script>"
HOSTILE_QUOTE = '</script><script>window.__pwned=2</script><img src=x onerror="window.__pwned=3"> & “quoted”'
HOSTILE_SOURCE = '<b onmouseover="window.__pwned=4">Source</b>'
HOSTILE_TITLE = "<script>alert('title')</script> & map"
FADED = 0.16  # the opacity of what a selection leaves out (map.js)
IRAN = str(ACTOR.Iran)
HEZBOLLAH = str(ACTOR.Hezbollah)
ISRAEL = str(ACTOR.Israel)


# --- The browser --------------------------------------------------------------------------------


@dataclass
class Visit:
    """A map opened in the browser, with everything it did."""

    page: object
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self, url: str) -> None:
        assert self.blocked == [], f"requests outside file: {self.blocked}"
        assert self.requests == [url], f"the map asked for more than itself: {self.requests}"
        assert self.console == [], self.console
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs


@pytest.fixture
def visit(browser):
    contexts = []

    def open_map(path: Path, width: int = 1400, height: int = 900) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def route(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                seen.blocked.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}")
                if message.type in ("error", "warning") else None)  # fmt: skip
        page.on("pageerror", lambda error: seen.errors.append(str(error)))

        def dialog(dialog):
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dialog)
        page.goto(path.as_uri())
        # a selector, not wait_for_function: Playwright polls functions with eval, which the page's CSP forbids
        page.wait_for_selector("body[data-ready='true']", state="attached", timeout=60_000)
        return seen

    yield open_map
    for context in contexts:
        context.close()


def node_id(page, label: str) -> str:
    return page.evaluate("label => agMap.data.nodes[agMap.data.actors.findIndex(a => a.label === label)].id", label)


def edge_id(page, source: str, relation: str, target: str) -> str:
    return page.evaluate(
        """([source, relation, target]) => {
            const id = label => agMap.data.nodes[agMap.data.actors.findIndex(a => a.label === label)].id;
            const i = agMap.data.edges.findIndex((e, j) =>
                e.from === id(source) && e.to === id(target) && agMap.data.links[j].relation === relation);
            return agMap.data.edges[i].id;
        }""",
        [source, relation, target],
    )


def screen_point(page, canvas_point_js: str, argument: object) -> tuple[float, float]:
    return page.evaluate(
        f"""arg => {{
            const point = {canvas_point_js};
            const dom = network.canvasToDOM(point);
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }}""",
        argument,
    )


def hover_node(page, node: str) -> str:
    x, y = screen_point(page, "network.getPosition(arg)", node)
    page.mouse.move(5, 5)
    page.mouse.move(x, y, steps=4)
    page.wait_for_selector("#ag-tooltip", state="visible")
    return page.inner_text("#ag-tooltip")


def hover_edge(page, edge: str) -> str:
    x, y = screen_point(page, "network.body.edges[arg].edgeType.getPoint(0.5)", edge)
    page.mouse.move(5, 5)
    page.wait_for_selector("#ag-tooltip", state="hidden")
    page.mouse.move(x, y, steps=4)
    page.wait_for_selector("#ag-tooltip", state="visible")
    return page.inner_text("#ag-tooltip")


def wait_until(page, script: str, timeout: float = 60.0) -> None:
    """Poll *script* with page.evaluate (which the page's CSP allows, unlike wait_for_function).

    The timeout only ends a hung test: a loaded CI machine can hold a browser's timers for seconds.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(50)


def labels_settled(page) -> None:
    """Wait until the last label pass asked for has run, after the actors stopped moving (a pass is
    debounced after each filter, zoom or switch; one made earlier saw another view)."""
    page.wait_for_selector("body[data-labels-layout='settled']", state="attached", timeout=60_000)


def lit_nodes(page) -> set[str]:
    """The ids of the nodes drawn at full strength (not faded)."""
    return set(
        page.evaluate("agMap.data.nodes.filter(n => network.body.nodes[n.id].options.opacity === 1).map(n => n.id)")
    )


def only_our_markup(page, selector: str) -> bool:
    """Whether every element under *selector* is one the page builds, with no attribute but class (or type)."""
    return page.eval_on_selector(
        selector,
        """root => [...root.querySelectorAll('*')].every(e =>
            ['DIV', 'SPAN', 'B', 'OL', 'UL', 'LI', 'DL', 'DT', 'DD', 'H2', 'P', 'BUTTON'].includes(e.tagName)
            && [...e.attributes].every(a => a.name === 'class' || (e.tagName === 'BUTTON' && a.name === 'type')))""",
    )


# --- Graphs to draw -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_network(seed):
    return build_network(seed)


@pytest.fixture
def hostile_graph(tmp_path: Path) -> Path:
    """A graph folder whose actor, alias, source, quote and attribution are all markup."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    graph = Graph()
    evil, iran, claim, source = ACTOR.Evil, ACTOR.Iran, CLAIM["evil-backs-iran"], SOURCE.s
    graph.add((evil, RDF.type, AG.ArmedGroup))
    graph.add((evil, RDFS.label, Literal(HOSTILE_LABEL)))
    graph.add((evil, SKOS.altLabel, Literal(HOSTILE_ALIAS)))
    graph.add((iran, RDF.type, AG.State))
    graph.add((iran, RDFS.label, Literal("Iran")))
    graph.add((evil, AG.backs, iran))
    graph.add((claim, RDF.type, AG.Claim))
    graph.add((claim, RDF.subject, evil))
    graph.add((claim, RDF.predicate, AG.backs))
    graph.add((claim, RDF.object, iran))
    graph.add((claim, AG.quote, Literal(HOSTILE_QUOTE)))
    graph.add((claim, AG.source, source))
    graph.add((claim, AG.reliability, Literal("F")))
    graph.add((claim, AG.credibility, Literal(2)))
    graph.add((claim, AG.attributedTo, Literal("<i>a senior official</i>")))
    graph.add((source, RDF.type, AG.Source))
    graph.add((source, RDFS.label, Literal(HOSTILE_SOURCE)))
    graph.add((source, DCTERMS.date, Literal("2024-10-01", datatype=XSD.date)))
    graph.serialize(folder / "hostile.ttl", format="turtle", encoding="utf-8")
    return folder


def synthetic_network(actors: int, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free actor network with claims, the shape build_network makes."""
    import random

    rng = random.Random(seed)
    types = ["State", "Person", "ArmedGroup", "Organization", "GovernmentBody"]
    relations = [("backs", "cooperative"), ("attacked", "hostile"), ("leads", "structural"), ("pressures", "neutral")]
    shape = nx.barabasi_albert_graph(actors, 2, seed=seed)
    network = nx.MultiDiGraph(as_of=None)
    namespace = Namespace("https://example.org/actor/")
    for n in shape:
        network.add_node(str(namespace[f"a{n}"]), label=f"Actor {n}", type=types[n % 5], aliases=(f"A{n}",))
    for number, (u, v) in enumerate(shape.edges()):
        relation, polarity = rng.choice(relations)
        a, b = str(namespace[f"a{u}"]), str(namespace[f"a{v}"])
        claim = Claim(
            iri=CLAIM[f"c{number}"], subject_iri=namespace[f"a{u}"], subject=f"Actor {u}", relation=relation,
            predicate_iri=AG[relation], predicate=relation, polarity=polarity.title(),
            object_iri=namespace[f"a{v}"], object=f"Actor {v}", source_iri=SOURCE.s, source="Synthetic source",
            quote=f"Actor {u} {relation} Actor {v}.", reliability="C", credibility=3,
        )  # fmt: skip
        network.add_edge(
            a, b, key=relation, relation=relation, relation_iri=str(AG[relation]), label=relation,
            polarity=polarity, symmetric=False, kind="event", claims=[claim],
        )  # fmt: skip
    return network


# --- The seed map ---------------------------------------------------------------------------------


def test_seed_map_loads_offline_with_every_node_and_edge(runner, tmp_path, visit, seed_network, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["export", "html"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "exports" / "actors.html"
    assert f"wrote exports{os.sep}actors.html: 20 actors, 38 links, 41 claims" in result.output
    assert path.as_uri() in result.output

    html = path.read_bytes().decode("utf-8")  # UTF-8 whatever the locale
    assert "Iran’s Supreme Leader" in html  # curly quotes from the quotes, unescaped
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert "cdn" not in html.lower().replace("cdnjs", "") or "https://cdn" not in html

    seen = visit(path, 1600, 1000)
    page = seen.page
    assert page.evaluate("network.body.data.nodes.length") == seed_network.number_of_nodes() == 20
    assert page.evaluate("network.body.data.edges.length") == seed_network.number_of_edges() == 38
    assert page.inner_text("h1") == "Actor network: bundled seed graph"
    facts = page.inner_text(".ag-facts")
    assert "Claims of every date" in facts and "20 actors" in facts and "38 links" in facts and "41 claims" in facts
    assert page.inner_text(".ag-command code") == "actorgraph export html"
    legend = page.inner_text(".ag-legend")
    for expected in ("State", "Person", "Armed group", "Government body", "Hostile", "Cooperative", "Structural"):
        assert expected in legend
    labels_settled(page)
    screenshot = tmp_path / "exports" / "seed-map.png"
    page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 20_000
    if os.environ.get("ACTORGRAPH_SCREENSHOT"):
        page.screenshot(path=os.environ["ACTORGRAPH_SCREENSHOT"])
    seen.assert_clean(path.as_uri())


def test_seed_map_evidence_in_tooltips_and_panel(tmp_path, visit, seed_network):
    path = maps.write_map(seed_network, tmp_path / "map.html", "Seed")
    seen = visit(path)
    page = seen.page

    nasrallah = node_id(page, "Hassan Nasrallah")
    tip = hover_node(page, nasrallah)
    assert "Hassan Nasrallah" in tip and "Person" in tip
    assert "Sayyed Hassan Nasrallah" in tip  # an alias
    assert "2 actors linked" in tip

    attacked = edge_id(page, "Israel", "attacked", "Hezbollah")
    tip = hover_edge(page, attacked)
    assert "Israel —attacked→ Hezbollah" in tip
    assert "hostile" in tip and "2 claims" in tip
    assert tip.count("confidence F2") == 2
    assert "News report, 1 October 2024" in tip
    assert "date not given" in tip or re.search(r"\d{4}-\d{2}", tip)

    page.mouse.click(*screen_point(page, "network.getPosition(arg)", nasrallah))
    panel = page.inner_text("#ag-details-body")
    assert "https://w3id.org/actorgraph/actor/Hassan_Nasrallah" in panel
    assert (
        "hassan nasrallah …\nleads hezbollah" in panel.lower() and "… hassan nasrallah\nisrael killed" in panel.lower()
    )
    page.get_by_role("button", name="Israel killed").click()
    panel = page.inner_text("#ag-details-body")
    assert "In the past few weeks, Israel killed Hezbollah leader Hassan Nasrallah" in panel
    assert "https://w3id.org/actorgraph/claim/israel-killed-nasrallah" in panel
    seen.assert_clean(path.as_uri())


def test_parallel_claims_get_their_own_curves_and_counts(tmp_path, visit, seed_network):
    path = maps.write_map(seed_network, tmp_path / "map.html")
    seen = visit(path)
    drawn = seen.page.evaluate(
        """() => {
            const id = label => agMap.data.nodes[agMap.data.actors.findIndex(a => a.label === label)].id;
            const pair = new Set([id('Israel'), id('Hezbollah')]);
            return agMap.data.edges.filter(e => pair.has(e.from) && pair.has(e.to)).map(e => {
                const middle = network.body.edges[e.id].edgeType.getPoint(0.5);
                return [e.label, middle.x, middle.y];
            });
        }"""
    )
    labels = [label for label, _, _ in drawn]
    assert sorted(labels) == ["at war with", "attacked ×2", "denies a claim of", "prepares an attack on"]
    for i, (_, x, y) in enumerate(drawn):  # no two parallel links drawn on one line: their middles are apart
        for _, x2, y2 in drawn[i + 1 :]:
            assert ((x - x2) ** 2 + (y - y2) ** 2) ** 0.5 > 12
    seen.assert_clean(path.as_uri())


def test_search_by_alias_highlights_the_neighbourhood(tmp_path, visit, seed_network):
    path = maps.write_map(seed_network, tmp_path / "map.html")
    seen = visit(path)
    page = seen.page
    page.fill("#ag-search", "hizballah")
    page.press("#ag-search", "Enter")
    assert page.inner_text("#ag-status").startswith("Hezbollah: ")
    opacity = page.evaluate(
        """() => Object.fromEntries(agMap.data.nodes.map((n, i) =>
            [agMap.data.actors[i].label, network.body.nodes[n.id].options.opacity]))"""
    )
    neighbours = {seed_network.nodes[n]["label"] for n in nx.all_neighbors(seed_network, HEZBOLLAH)}
    assert {label for label, value in opacity.items() if value == 1} == neighbours | {"Hezbollah"}
    assert opacity["Biden administration"] < 0.5
    assert page.evaluate("network.getSelectedNodes()") == [node_id(page, "Hezbollah")]

    page.fill("#ag-search", "Nobody at all")
    page.press("#ag-search", "Enter")
    assert "No actor called" in page.inner_text("#ag-status")
    page.click("#ag-clear")
    assert page.evaluate("agMap.data.nodes.every(n => network.body.nodes[n.id].options.opacity === 1)")
    seen.assert_clean(path.as_uri())


def test_filters_by_class_and_relation_and_physics_switch(tmp_path, visit, seed_network):
    path = maps.write_map(seed_network, tmp_path / "map.html")
    seen = visit(path)
    page = seen.page
    hidden_nodes = "agMap.data.nodes.filter(n => agMap.nodes.get(n.id).hidden).length"
    hidden_edges = "agMap.data.edges.filter(e => agMap.edges.get(e.id).hidden).length"
    page.uncheck("input[data-class='Person']")
    assert page.evaluate(hidden_nodes) == 8
    assert page.evaluate(hidden_edges) > 0
    page.check("input[data-class='Person']")
    page.uncheck("input[data-relation='leads']")
    assert page.evaluate(hidden_nodes) == 0
    assert page.evaluate(hidden_edges) == 5
    page.click("button[data-all='false']")
    assert page.evaluate(hidden_edges) == 38
    page.click("button[data-all='true']")
    assert page.evaluate(hidden_edges) == 0

    labels = "agMap.data.edges.filter(e => network.body.edges[e.id].options.font.size > 0).length"
    labels_settled(page)
    shown = page.evaluate(labels)
    assert 0 < shown < 38  # those that fit without covering another label (tests/test_maps_legible.py)
    page.uncheck("#ag-edge-labels")
    labels_settled(page)
    assert page.evaluate(labels) == 0
    page.check("#ag-edge-labels")
    labels_settled(page)
    assert page.evaluate(labels) == shown

    assert page.evaluate("network.physics.options.enabled") is False  # settled, then stopped
    page.check("#ag-physics")
    assert page.evaluate("network.physics.options.enabled") is True
    page.uncheck("#ag-physics")
    assert page.evaluate("network.physics.options.enabled") is False
    seen.assert_clean(path.as_uri())


# --- The time slider ----------------------------------------------------------------------------

SEED_STEPS = ["2023-10-06", "2023-10-07", "2024-04-01", "2024-08-01", "2024-09-01", "2024-09-28", "2024-09-30",
              "2024-10-01"]  # fmt: skip
SHOWN_LINKS = """() => agMap.data.edges.filter(e => !agMap.edges.get(e.id).hidden).map(e => {
    const label = id => agMap.data.actors[agMap.data.nodes.findIndex(n => n.id === id)].label;
    return [label(e.from), agMap.data.links[agMap.data.edges.indexOf(e)].relation, label(e.to)];
})"""
SHOWN_ACTORS = """() => agMap.data.nodes.filter(n => !agMap.nodes.get(n.id).hidden)
    .map(n => agMap.data.actors[agMap.data.nodes.indexOf(n)].label)"""


def links_of(network: nx.MultiDiGraph) -> list[list[str]]:
    label = network.nodes
    return sorted([label[u]["label"], key, label[v]["label"]] for u, v, key in network.edges(keys=True))


def test_time_steps_are_the_days_the_network_changes(seed, seed_network):
    assert maps.time_steps(seed_network) == SEED_STEPS
    cut = maps.select(seed, as_of="2024-09-28").network
    # nothing changes after the day it was cut to, and Haniyeh's leadership, over by then, is not there to end
    assert maps.time_steps(cut) == [*SEED_STEPS[:3], *SEED_STEPS[4:6]]
    assert maps.time_steps(synthetic_network(5)) == []  # no claim has a date

    page = maps.render_map(seed_network)
    data = json.loads(re.search(r'<script type="application/json" id="ag-data">(.*?)</script>', page, re.S).group(1))
    assert data["time"] == {"steps": SEED_STEPS, "whole": "Claims of every date"}
    haniyeh = next(c for link in data["links"] for c in link["claims"] if c["id"].endswith("haniyeh-leads-hamas"))
    assert (haniyeh["from"], haniyeh["until"]) == (None, "2024-07-31")


def test_time_slider_shows_the_network_as_of_its_day(runner, tmp_path, visit, seed, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["export", "html"]).exit_code == 0
    path = tmp_path / "exports" / "actors.html"
    seen = visit(path)
    page = seen.page
    assert page.input_value("#ag-time") == "8"  # at first, every claim of every date
    assert page.inner_text("#ag-when") == page.inner_text("#ag-dates") == "Claims of every date"
    assert len(page.evaluate(SHOWN_LINKS)) == 38

    for step, day in [(6, "2024-09-30"), (0, "2023-10-06"), (3, "2024-08-01")]:
        page.fill("#ag-time", str(step))
        expected = maps.select(seed, as_of=day).network
        assert sorted(page.evaluate(SHOWN_LINKS)) == links_of(expected)
        assert sorted(page.evaluate(SHOWN_ACTORS)) == sorted(expected.nodes[n]["label"] for n in expected)
        assert page.inner_text("#ag-dates") == page.inner_text("#ag-when") == f"Claims in force on {day}"
        assert page.inner_text("#ag-status").startswith(f"As of {day}: showing {len(expected)} actors")
    assert len(page.evaluate(SHOWN_LINKS)) < 38  # an earlier day shows fewer links
    # Haniyeh led Hamas until July 2024: there at the start, gone from August
    page.fill("#ag-time", "0")
    assert ["Ismail Haniyeh", "leads", "Hamas"] in page.evaluate(SHOWN_LINKS)
    page.fill("#ag-time", "3")
    assert ["Ismail Haniyeh", "leads", "Hamas"] not in page.evaluate(SHOWN_LINKS)

    # a link counts the claims in force that day: the United States defends Israel twice, once by 2024-09-30
    defends = edge_id(page, "United States", "defends", "Israel")
    label = f"network.body.edges['{defends}'].options.label"
    page.fill("#ag-time", "6")
    assert page.evaluate(label) == "defends"
    page.fill("#ag-time", "8")
    assert page.evaluate(label) == "defends ×2"
    assert len(page.evaluate(SHOWN_LINKS)) == 38 and len(page.evaluate(SHOWN_ACTORS)) == 20
    seen.assert_clean(path.as_uri())


def test_time_slider_plays_forward_and_stops_at_the_end(seed_network, tmp_path, visit):
    path = maps.write_map(seed_network, tmp_path / "map.html")
    seen = visit(path)
    page = seen.page
    page.click("#ag-play")  # from the end, playing starts over at the first day
    assert page.get_attribute("#ag-play", "aria-pressed") == "true"
    page.wait_for_selector("#ag-when[data-step='2']", state="attached")  # it advances by itself
    page.click("#ag-play")  # pause
    assert page.get_attribute("#ag-play", "aria-pressed") == "false"
    step = int(page.get_attribute("#ag-when", "data-step"))
    assert step >= 2 and page.input_value("#ag-time") == str(step)
    assert page.inner_text("#ag-dates") == f"Claims in force on {SEED_STEPS[step]}"

    page.fill("#ag-time", "7")
    page.click("#ag-play")
    page.wait_for_selector("#ag-play[aria-pressed='false']", state="attached")  # it stops at the end
    assert page.input_value("#ag-time") == "8"
    assert page.inner_text("#ag-when") == "Claims of every date"
    seen.assert_clean(path.as_uri())


def test_a_map_cut_to_a_day_or_without_dates(seed, tmp_path, visit):
    cut = maps.select(seed, focus=["Hezbollah"], as_of="2024-09-30").network
    path = maps.write_map(cut, tmp_path / "cut.html")
    seen = visit(path)
    page = seen.page
    assert maps.time_steps(cut) == ["2024-03-31", "2024-04-01", "2024-09-30"]
    assert page.get_attribute("#ag-time", "max") == "3"
    assert page.inner_text("#ag-when") == "Claims in force on 2024-09-30"  # the last position: the map as made
    seen.assert_clean(path.as_uri())

    undated = maps.write_map(synthetic_network(6), tmp_path / "undated.html")
    seen = visit(undated)
    assert seen.page.locator(".ag-time").count() == 0  # nothing to slide through
    seen.assert_clean(undated.as_uri())


# --- Hostile data -----------------------------------------------------------------------------


def test_hostile_labels_quotes_and_title_show_as_text_and_run_nothing(runner, tmp_path, visit, hostile_graph):
    path = tmp_path / "hostile.html"
    result = runner.invoke(
        cli, ["--graph", str(hostile_graph), "export", "html", "--title", HOSTILE_TITLE, "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    html = path.read_text(encoding="utf-8")
    for raw in (HOSTILE_LABEL, HOSTILE_ALIAS, "<img src=x", "<script>window", "<b onmouseover", "<i>a senior"):
        assert raw not in html
    assert len(re.findall(r"^<script\b", html, flags=re.M)) == 3  # the data, vis-network, the map's own script

    seen = visit(path)
    page = seen.page
    assert page.inner_text("h1") == HOSTILE_TITLE
    assert page.title() == HOSTILE_TITLE
    assert HOSTILE_TITLE in shlex.split(page.inner_text(".ag-command code"))  # quoted for the shell
    options = page.eval_on_selector_all("#ag-actor-names option", "options => options.map(o => o.value)")
    assert HOSTILE_LABEL in options and HOSTILE_ALIAS in options

    evil = node_id(page, HOSTILE_LABEL)
    assert re.fullmatch(r"n\d+", evil)
    tip = hover_node(page, evil)
    assert HOSTILE_LABEL in tip and HOSTILE_ALIAS in tip
    assert only_our_markup(page, "#ag-tooltip")

    tip = hover_edge(page, page.evaluate("agMap.data.edges[0].id"))
    assert HOSTILE_QUOTE in tip and HOSTILE_SOURCE in tip and "<i>a senior official</i>" in tip
    assert only_our_markup(page, "#ag-tooltip")

    page.mouse.click(*screen_point(page, "network.getPosition(arg)", evil))
    assert HOSTILE_LABEL in page.inner_text("#ag-details-body")
    assert only_our_markup(page, "#ag-details-body")
    page.fill("#ag-search", HOSTILE_ALIAS)
    page.press("#ag-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [evil]

    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    seen.assert_clean(path.as_uri())


def test_page_allows_only_its_own_scripts(seed_network, tmp_path, visit):
    page = maps.render_map(seed_network)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 2
    import base64
    import hashlib

    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]

    path = maps.write_map(seed_network, tmp_path / "map.html")
    seen = visit(path)
    from playwright.sync_api import Error as BrowserError

    with pytest.raises(BrowserError, match="Content Security Policy"):
        seen.page.add_script_tag(content="window.__injected = 1")  # as markup slipping through would
    assert seen.page.evaluate("typeof window.__injected") == "undefined"


# --- Path dossier -----------------------------------------------------------------------------


def test_path_dossier_lists_hops_with_evidence_and_highlights_the_path(seed, seed_network, tmp_path, visit):
    report = connect(seed, PathQuery("Iran", "Nasrallah"))
    (through_hezbollah,) = [p for p in report.paths if p.labels[1] == "Hezbollah"]
    command = "actorgraph path Iran Nasrallah --html dossier.html"
    path = maps.write_path_dossier(seed_network, [through_hezbollah], tmp_path / "dossier.html", command)
    seen = visit(path)
    page = seen.page
    assert page.inner_text("h1") == "Iran to Hassan Nasrallah: 1 path"
    assert page.inner_text(".ag-command code") == command
    card = page.inner_text(".ag-path")
    assert "Iran —backs→ Hezbollah ←leads— Hassan Nasrallah" in card
    assert "Friendly path, 2 hops: Hassan Nasrallah is a leader of a protégé of Iran." in card
    assert "Iranian-backed militia group Hezbollah" in card  # Iran backs Hezbollah
    assert "Hezbollah, a star proxy group for Iran" in card  # Iran has as proxy Hezbollah, the same hop
    assert "Israel killed Hezbollah leader Hassan Nasrallah" in card  # Nasrallah leads Hezbollah
    assert page.inner_text(".ag-sign") == "+"

    on_path = page.evaluate("agMap.data.paths[0].nodes")
    on_path_iris = through_hezbollah.nodes
    assert len(on_path) == 3
    state = page.evaluate(
        """() => agMap.data.nodes.map(n => [n.id, network.body.nodes[n.id].options.opacity,
                                              network.body.nodes[n.id].options.borderWidth])"""
    )
    for node, opacity, border in state:
        assert (opacity, border) == ((1, 4) if node in on_path else (FADED, border))
    widths = page.evaluate(
        """() => agMap.data.paths[0].edges.map(id =>
            [network.body.edges[id].options.width, agMap.data.edges.find(e => e.id === id).width])"""
    )
    assert len(widths) == 3 and all(now > base for now, base in widths)  # backs, has as proxy, leads
    assert page.evaluate("network.body.data.nodes.length") == len(maps.neighbourhood(seed_network, on_path_iris, 1))
    seen.assert_clean(path.as_uri())


def test_dossier_of_several_paths_switches_between_them(seed, seed_network, tmp_path, visit):
    report = connect(seed, PathQuery("Iran", "Israel", method="all", max_hops=2))
    assert len(report.paths) > 1
    path = maps.write_path_dossier(seed_network, report.paths, tmp_path / "d.html", "actorgraph path Iran Israel")
    seen = visit(path)
    page = seen.page
    assert page.locator(".ag-path").count() == len(report.paths)
    every_path = {n for p in page.evaluate("agMap.data.paths") for n in p["nodes"]}
    assert lit_nodes(page) == every_path != set(page.evaluate("agMap.data.nodes.map(n => n.id)"))
    page.locator(".ag-path").nth(1).click()
    second = set(page.evaluate("agMap.data.paths[1].nodes"))
    assert lit_nodes(page) == second
    assert page.locator(".ag-path.ag-active").count() == 1
    page.click("#ag-show-all")
    assert lit_nodes(page) == every_path
    seen.assert_clean(path.as_uri())


def test_dossier_refuses_nothing_to_draw(seed_network, tmp_path):
    with pytest.raises(InvalidMapRequest, match="no path to draw"):
        maps.write_path_dossier(seed_network, [], tmp_path / "d.html", "actorgraph path A B")
    assert not (tmp_path / "d.html").exists()


# --- Big maps ---------------------------------------------------------------------------------


def test_big_map_is_laid_out_in_python_with_physics_off(tmp_path, visit):
    # How fast it shows is measured in benchmarks/maps.py; this checks what makes it fast.
    network = synthetic_network(1500)
    path = maps.write_map(network, tmp_path / "big.html", "Synthetic")
    seen = visit(path)
    page = seen.page
    assert page.evaluate("network.body.data.nodes.length") == 1500
    assert page.evaluate("network.body.data.edges.length") == network.number_of_edges()
    assert page.evaluate("network.physics.options.enabled") is False
    assert page.evaluate("window.agDrawnAt") > 0
    positions = page.evaluate("Object.values(network.getPositions()).map(p => [Math.round(p.x), Math.round(p.y)])")
    assert len(set(map(tuple, positions))) > 1400  # laid out in Python, not piled up

    labelled = "agMap.data.nodes.filter(n => network.body.nodes[n.id].options.label).length"
    labelled_links = "agMap.data.edges.filter(e => network.body.edges[e.id].options.label).length"
    arrows = "agMap.data.edges.filter(e => network.body.edges[e.id].options.arrows.to.enabled).length"
    top = page.evaluate("agMap.data.style.topLabels")
    assert page.evaluate(labelled) == top  # zoomed out: only the most central actors are even measured
    degrees = sorted((d for _, d in nx.Graph(network).degree()), reverse=True)
    biggest = (
        "Math.min(...agMap.data.nodes.filter(n => network.body.nodes[n.id].options.label)"
        ".map(n => agMap.data.actors[agMap.data.nodes.indexOf(n)].degree))"
    )
    assert page.evaluate(biggest) >= degrees[top * 2]  # the most central in view, not any
    assert page.evaluate(arrows) == 0  # arrowheads too, until they can be seen
    page.fill("#ag-search", "A7")  # an alias
    page.press("#ag-search", "Enter")
    wait_until(page, f"{labelled} > 0 && {labelled_links} > 0")
    assert top < page.evaluate(labelled) < 1500  # zoomed in: what is in view
    assert 0 < page.evaluate(arrows) < network.number_of_edges()
    tip = hover_node(page, node_id(page, "Actor 7"))
    assert "Actor 7" in tip
    seen.assert_clean(path.as_uri())


# --- Library, no browser ----------------------------------------------------------------------


def test_layout_is_deterministic_and_components_do_not_overlap():
    graph = nx.disjoint_union_all([nx.cycle_graph(12), nx.star_graph(6), nx.empty_graph(5), nx.path_graph(2)])
    first, again = maps.layout(graph, seed=3), maps.layout(graph, seed=3)
    assert first == again
    boxes = []
    for component in nx.connected_components(graph):
        xs = [first[n][0] for n in component]
        ys = [first[n][1] for n in component]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
    points = list(first.values())
    assert len({(round(x, 3), round(y, 3)) for x, y in points}) == len(points)


def test_layout_of_a_big_component_is_spread():
    graph = nx.barabasi_albert_graph(3000, 2, seed=5)
    positions = maps.layout(graph)
    assert len({(round(x, 2), round(y, 2)) for x, y in positions.values()}) > 2900


def test_select_focus_relations_and_date(seed):
    chosen = maps.select(seed, focus=["Hezbollah"], hops=1)
    labels = {chosen.network.nodes[n]["label"] for n in chosen.network}
    assert "Hezbollah" in labels and "Iran" in labels and "Biden administration" not in labels
    assert chosen.focus == (HEZBOLLAH,)

    backing = maps.select(seed, relations=["backs"])
    assert {d["relation"] for _, _, d in backing.network.edges(data=True)} == {"backs", "hasProxy"}
    assert backing.left_out == 20 - backing.network.number_of_nodes() > 0
    assert any("without a link left out" in note for note in backing.notes)

    before = maps.select(seed, as_of="2024-07-15").network
    after = maps.select(seed, as_of="2024-08-01").network
    haniyeh, hamas = str(ACTOR.Ismail_Haniyeh), str(ACTOR.Hamas)
    assert before.has_edge(haniyeh, hamas, "leads") and not after.has_edge(haniyeh, hamas, "leads")
    assert before.graph["as_of"] == "2024-07-15"


def test_neighbourhood_rejects_unknown_actor_and_negative_hops(seed_network):
    with pytest.raises(InvalidMapRequest):
        maps.neighbourhood(seed_network, ["https://example.org/nobody"])
    with pytest.raises(InvalidMapRequest):
        maps.neighbourhood(seed_network, [IRAN], hops=-1)
    assert set(maps.neighbourhood(seed_network, [IRAN], hops=0)) == {IRAN}


def test_map_data_is_json_that_cannot_break_out_of_its_script(hostile_graph):
    from actorgraph import store

    page = maps.render_map(build_network(store.load(hostile_graph)), HOSTILE_TITLE)
    block = re.search(r'<script type="application/json" id="ag-data">(.*?)</script>', page, flags=re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert {n["label"] for n in data["nodes"]} == {HOSTILE_LABEL, "Iran"}
    assert data["links"][0]["claims"][0]["quote"] == HOSTILE_QUOTE
    assert all(re.fullmatch(r"n\d+", n["id"]) for n in data["nodes"])
    assert all(re.fullmatch(r"e\d+", e["id"]) for e in data["edges"])
    assert "<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; map</title>" in page


def test_cli_export_html_options(runner, tmp_path):
    out = tmp_path / "sub" / "hez.html"
    result = runner.invoke(
        cli,
        ["export", "html", "--focus", "Hezbollah", "--hops", "1", "--as-of", "2024-09-30", "--size-by", "pagerank",
         "--title", "Hezbollah, end of September", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>Hezbollah, end of September</h1>" in html
    assert "Claims in force on 2024-09-30" in html
    assert "focus: Hezbollah, 1 hop" in html
    assert "PageRank" in html
    assert "actorgraph export html --focus Hezbollah --hops 1 --as-of 2024-09-30 --size-by pagerank" in html

    result = runner.invoke(cli, ["export", "html", "--focus", "Nasralah", "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'?"
    assert "Hezbollah, end of September" in out.read_text(encoding="utf-8")  # the old map is untouched

    other = tmp_path / "iran.html"
    result = runner.invoke(cli, ["--store", "memory", "export", "html", "--focus", "Iran", "-o", str(other)])
    assert result.exit_code == 0, result.output
    assert "actorgraph --store memory export html --focus Iran -o " in other.read_text(encoding="utf-8")


def test_machine_coded_claims_say_so():
    network = synthetic_network(3)
    data = next(iter(network.edges(data=True)))[2]
    claim = data["claims"][0]
    data["claims"] = [replace(claim, origin="machine-coded", cameo_code="190", goldstein=-10.0), claim]
    page = maps.render_map(network)
    block = re.search(r'<script type="application/json" id="ag-data">(.*?)</script>', page, flags=re.S).group(1)
    link = json.loads(block)["links"][0]
    assert [c["coding"] for c in link["claims"]] == ["machine-coded, CAMEO 190, Goldstein -10", ""]
