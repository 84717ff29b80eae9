"""Maps that stay legible: thinned by filters, cut to their most central actors past a size, labels
that do not collide, and a path dossier readable from a wide screen to a phone.

The browser tests open the pages in Debian's chromium (the session ``browser`` fixture), offline,
and measure what vis-network drew: each label's box as vis laid it out (``labelModule.size``, in
canvas units) after a redraw, for every label drawn (a label of font size 0 is not drawn).
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import shlex
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import actorgraph
from actorgraph import maps, thinning
from actorgraph.cli import cli, options
from actorgraph.errors import InvalidMapRequest
from actorgraph.web import make_workbench

REPO = Path(__file__).resolve().parents[1]
SYNTHETIC_ACTORS = 480  # past the limit of 400: what benchmarks/synthetic.py makes of 18,000 triples

#: The boxes of every label vis drew, after a redraw: [kind, text, left, top, right, bottom] in
#: canvas units, and the visible frame in the same units.
DRAWN_LABELS = """() => {
    network.redraw();
    const boxes = [];
    const add = (kind, item) => {
        const size = item.labelModule.size;
        if (item.options.hidden || !item.options.label || !(item.options.font.size > 0)) return;
        boxes.push([kind, item.options.label, size.left, size.top, size.left + size.width, size.top + size.height]);
    };
    agMap.data.nodes.forEach(n => add("actor", network.body.nodes[n.id]));
    agMap.data.edges.forEach(e => add("link", network.body.edges[e.id]));
    const frame = document.getElementById("mynetwork");
    const corner = network.DOMtoCanvas({x: 0, y: 0});
    const far = network.DOMtoCanvas({x: frame.clientWidth, y: frame.clientHeight});
    return {boxes, frame: [corner.x, corner.y, far.x, far.y], scale: network.getScale()};
}"""


def drawn_labels(page) -> tuple[list[list], list[float], float]:
    found = page.evaluate(DRAWN_LABELS)
    return found["boxes"], found["frame"], found["scale"]


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    return [
        (a[1], b[1])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[2] < b[4] and b[2] < a[4] and a[3] < b[5] and b[3] < a[5]
    ]


def open_page(browser, path: Path, width: int = 1400, height: int = 900):
    """The page of *path* once drawn and its labels placed; requests anywhere else fail the test."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    elsewhere: list[str] = []
    errors: list[str] = []

    def route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    # a layout that settles places its labels again once still: wait for that pass
    page.wait_for_selector("body[data-labels-layout='settled']", state="attached", timeout=60_000)
    page.elsewhere, page.errors = elsewhere, errors
    return page


def settled(page) -> None:
    """Wait until the labels were placed at the zoom the page is at (a pass follows a zoom)."""
    deadline = time.monotonic() + 60  # ends a hung test only: a loaded machine holds timers for seconds
    placed = (
        "document.body.dataset.labelsLayout === 'settled'"
        " && document.body.dataset.labelsScale === String(network.getScale())"
    )
    while not page.evaluate(placed):
        assert time.monotonic() < deadline, "the labels were not placed again after zooming"
        page.wait_for_timeout(50)


# --- The seed map's labels --------------------------------------------------------------------------


def test_seed_map_labels_do_not_overlap_and_zooming_in_shows_more(browser, runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["export", "html", "-o", "seed.html"]).exit_code == 0
    page = open_page(browser, tmp_path / "seed.html")
    boxes, frame, scale = drawn_labels(page)
    assert overlapping(boxes) == []
    actors = [b[1] for b in boxes if b[0] == "actor"]
    links = [b for b in boxes if b[0] == "link"]
    assert len(actors) >= 18 and len(links) >= 10  # most names fit, those of the most central first
    for name in ("Israel", "Hezbollah", "Iran", "United States", "Benjamin Netanyahu"):
        assert name in actors
    for box in boxes:  # not cut by the frame
        assert frame[0] <= box[2] and box[4] <= frame[2] and frame[1] <= box[3] and box[5] <= frame[3], box
    heights = {round((b[5] - b[3]) * scale) for b in boxes if b[0] == "actor"}
    assert min(heights) >= 12  # readable: 13 px on screen

    hidden = page.evaluate(
        "agMap.data.edges.filter(e => !(network.body.edges[e.id].options.font.size > 0)).map(e => e.id)"
    )
    assert hidden, "the seed map has more link labels than fit at its default view"
    target = hidden[0]
    # zoom in with the mouse wheel where that label would be, as a reader does
    point = page.evaluate(
        """id => { const p = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
                   const r = mynetwork.getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""",
        target,
    )
    page.mouse.move(*point)
    before = page.evaluate("network.getScale()")
    while page.evaluate("network.getScale()") < 3 * before:
        page.mouse.wheel(0, -200)
    settled(page)
    boxes, _, _ = drawn_labels(page)
    assert overlapping(boxes) == []
    assert page.evaluate(f"network.body.edges['{target}'].options.font.size > 0")  # its label shows now
    assert page.elsewhere == [] and page.errors == []


# --- Big graphs: at most MAX_ACTORS actors, and the header says so --------------------------------


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory) -> Path:
    """A graph of 480 actors and 1,505 claims written by benchmarks/synthetic.py."""
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
    assert spec and spec.loader
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    folder = tmp_path_factory.mktemp("synthetic")
    counts = synthetic.generate(18_000, folder)
    assert counts["actors"] == SYNTHETIC_ACTORS
    return folder


def test_big_graph_map_draws_its_most_central_actors_and_says_so(browser, runner, synthetic_graph, tmp_path):
    page_path = tmp_path / "big.html"
    result = runner.invoke(cli, ["--graph", str(synthetic_graph), "export", "html", "-o", str(page_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "drew the 400 most central of 480 actors; --max-actors all draws every one"

    page = open_page(browser, page_path)
    assert page.evaluate("network.body.data.nodes.length") == thinning.MAX_ACTORS
    header = " ".join(page.inner_text("header").split())
    assert "400 actors" in header
    assert "the 400 most central of 480 actors (degree centrality: actors linked)" in header
    everything = f"actorgraph --graph {shlex.quote(str(synthetic_graph))} export html --max-actors all -o {page_path}"
    assert f"To draw every actor: {everything}" in header
    boxes, _, _ = drawn_labels(page)
    assert boxes and overlapping(boxes) == []  # zoomed out, the most central actors' names, apart
    assert page.elsewhere == [] and page.errors == []

    # the actors drawn are the most central: none left out has more links than one drawn
    graph = actorgraph.open(synthetic_graph)
    whole = graph.select().network
    ranked = thinning.ranking(whole)
    drawn = set(page.evaluate("agMap.data.actors.map(a => a.iri)"))
    assert drawn == set(ranked[: thinning.MAX_ACTORS])

    # the command in the header draws them all
    assert runner.invoke(cli, [*shlex.split(everything)[1:-2], "-o", str(tmp_path / "all.html")]).exit_code == 0
    assert len(payload(tmp_path / "all.html")["nodes"]) == SYNTHETIC_ACTORS


def payload(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="ag-data">(.*?)</script>', text, re.S)
    assert found
    return json.loads(found.group(1))


def test_workbench_map_is_cut_too(synthetic_graph):
    client = TestClient(make_workbench(actorgraph.open(synthetic_graph)))
    page = client.get("/map")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())
    graph = shlex.quote(str(synthetic_graph))
    assert (
        "400 actors (the most central of 480), " in text
        and f"every actor: actorgraph --graph {graph} export html --max-actors all" in text
    )
    view = client.get("/map/view")
    assert view.status_code == 200
    assert "the 400 most central of 480 actors" in view.text
    thinned = client.get("/map/view", params={"max_actors": "50", "min_confidence": "C", "polarity": "hostile"})
    assert len(payload_of(thinned.text)["nodes"]) == 50
    assert "hostile links" in thinned.text and "claims rated C or better" in thinned.text
    assert "the 50 most central of " in thinned.text
    repeated = client.get("/map/view", params={"min_claims": "2"})
    assert "links of 2 claims or more" in repeated.text
    assert all(len(link["claims"]) >= 2 for link in payload_of(repeated.text)["links"])
    every = client.get("/map", params={"max_actors": "all"})
    assert "480 actors," in " ".join(html.unescape(re.sub(r"<[^>]+>", " ", every.text)).split())
    refused = client.get("/map", params={"max_actors": "0"})
    assert refused.status_code == 400 and "max_actors must be 1 or more, not 0" in refused.text


# --- A path dossier, wide and on a phone -------------------------------------------------------------


#: The dossier's texts that must show whole: none wider than the window or cut by its box.
DOSSIER_TEXTS = (
    "h1, .ag-facts, .ag-command, .ag-path h3, .ag-phrase, .ag-hop-head, .ag-claim-meta, .ag-quote, .ag-source, "
    ".ag-legend label"
)


@pytest.mark.parametrize("width", [1000, 390])
def test_path_dossier_reads_without_sideways_scroll(browser, runner, tmp_path, width):
    dossier = tmp_path / "dossier.html"
    result = runner.invoke(cli, ["path", "Iran", "Nasrallah", "--k", "3", "--html", str(dossier)])
    assert result.exit_code == 0, result.output
    page = open_page(browser, dossier, width=width, height=844)
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    cut = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 || e.scrollWidth > e.clientWidth + 1)
            .map(e => e.textContent.slice(0, 40))""",
        DOSSIER_TEXTS,
    )
    assert cut == []
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.ag-panel *')]
                 .filter(e => [...e.childNodes].some(c => c.nodeType === 3 && c.textContent.trim()))
                 .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= 12
    frame = page.evaluate("(() => { const r = mynetwork.getBoundingClientRect(); return [r.width, r.height]; })()")
    if width < 760:  # stacked: the map full width on top, the paths under it
        assert frame[0] == width and frame[1] >= 280
    else:
        assert frame[0] >= 600 and frame[1] >= 420
    boxes, _, _ = drawn_labels(page)
    assert overlapping(boxes) == []
    path_actors = {"Iran", "Hezbollah", "Hassan Nasrallah"}
    assert path_actors <= {b[1] for b in boxes if b[0] == "actor"}  # the path's names come first
    assert page.elsewhere == [] and page.errors == []


# --- Library and command line --------------------------------------------------------------------------


def test_select_thins_by_polarity_rating_and_claims(seed):
    hostile = maps.select(seed, polarities=["hostile"])
    assert {d["polarity"] for _, _, d in hostile.network.edges(data=True)} == {"hostile"}
    assert hostile.notes[0] == "hostile links"
    assert hostile.left_out and hostile.notes[-1] == f"{hostile.left_out} actors without a link left out"
    double = maps.select(seed, min_claims=2)
    assert double.network.number_of_edges() and all(
        len(d["claims"]) >= 2 for _, _, d in double.network.edges(data=True)
    )
    assert double.notes[0] == "links of 2 claims or more"
    rated = maps.select(seed, min_confidence="B2")
    assert all(c.reliability in "AB" for _, _, d in rated.network.edges(data=True) for c in d["claims"])
    assert rated.notes[0] == "claims rated B2 or better"
    assert rated.network.number_of_edges() < maps.select(seed).network.number_of_edges()


def test_most_central_keeps_the_focus_and_counts_what_it_cut(seed):
    whole = maps.select(seed).network
    top = maps.select(seed, max_actors=5)
    assert set(top.network) == set(thinning.ranking(whole)[:5]) and top.total == 20 and top.cut
    assert top.notes == ("the 5 most central of 20 actors (degree centrality: actors linked)",)
    focus = maps.select(seed, focus=["Yahya Sinwar"], hops=2, max_actors=3)
    labels = {focus.network.nodes[n]["label"] for n in focus.network}
    assert "Yahya Sinwar" in labels and len(labels) == 3
    assert not maps.select(seed, max_actors=20).cut
    with pytest.raises(InvalidMapRequest, match=r"^max_actors must be 1 or more, not 0$"):
        maps.select(seed, max_actors=0)


def test_dossier_is_cut_past_its_limit_with_the_paths_kept(seed):
    graph = actorgraph.open()
    report = graph.path("Iran", "Nasrallah")
    page = graph.dossier(report, hops=2, max_actors=4)
    data = payload_of(page)
    assert {a["label"] for a in data["actors"]} >= {"Iran", "Hezbollah", "Hassan Nasrallah"}
    assert len(data["nodes"]) == 4
    note = "the 4 most central of 18 actors (degree centrality: actors linked), the paths' actors among them"
    assert note in html.unescape(page)


def payload_of(page: str) -> dict:
    found = re.search(r'id="ag-data">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def test_cli_thinning_options(runner, tmp_path):
    out = tmp_path / "m.html"
    result = runner.invoke(cli, ["export", "html", "--max-actors", "5", "-o", str(out)])
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        f"wrote {out}: 5 actors, 13 links, 14 claims",
        "drew the 5 most central of 20 actors; --max-actors all draws every one",
    ]
    page = out.read_text(encoding="utf-8")
    assert f"To draw every actor: <code>actorgraph export html --max-actors all -o {out}</code>" in page
    assert f"Made with <code>actorgraph export html --max-actors 5 -o {out}</code>" in page
    thin = runner.invoke(
        cli, ["export", "html", "--polarity", "hostile", "--min-claims", "2", "--min-confidence", "F", "-o", str(out)]
    )
    assert thin.exit_code == 0 and "drew the" not in thin.output
    assert "actorgraph export html --polarity hostile --min-confidence F --min-claims 2 -o" in out.read_text("utf-8")
    gexf = runner.invoke(cli, ["export", "gexf", "--polarity", "cooperative", "-o", "-"])
    assert gexf.exit_code == 0 and "hostile" not in gexf.output and "cooperative" in gexf.output

    for args, message in (
        (["export", "gexf", "--max-actors", "3"], "Error: --max-actors applies to html maps, not gexf"),
        (
            ["export", "turtle", "--min-claims", "2"],
            "Error: --min-claims applies to the network formats (html, graphml, gexf, csv, cytoscape); "
            "turtle exports the curated RDF data as it is",
        ),
        (["export", "html", "--max-actors", "0"], "Error: Invalid value for '--max-actors': 0 is not 1 or more"),
        (
            ["export", "html", "--max-actors", "many"],
            "Error: Invalid value for '--max-actors': 'many' is neither a whole number nor all",
        ),
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2 and result.output.splitlines()[-1] == message, result.output


def test_command_line_constants_follow_the_library():
    assert options.MAX_ACTORS == thinning.MAX_ACTORS
