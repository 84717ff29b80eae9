"""Maps coloured by origin: curated claims, each event data set, or a mix; and maps of one origin.

Imports the GDELT excerpt and the ACLED fixture of tests/data/ (origins in tests/data/README.md).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import actorgraph
from actorgraph.cli import cli
from actorgraph.errors import InvalidMapRequest, UnknownOrigin
from actorgraph.events import import_events
from actorgraph.maps import ORIGIN_STYLES, POLARITY_STYLES

DATA = Path(__file__).resolve().parent / "data"
GDELT = DATA / "gdelt" / "20191024143000.export.CSV"
ACLED = DATA / "acled" / "acled-fixture.csv"


@pytest.fixture
def events_graph(graph_copy: Path, tmp_path: Path) -> Path:
    """The seed graph with the GDELT excerpt and the ACLED fixture, plus one ACLED row whose link
    the seed graph has curated claims on (Israel attacked Hezbollah): a link of both origins."""
    import_events(graph_copy, GDELT, "gdelt")
    with open(ACLED, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header, strike = table[0], list(table[2])
    for column, value in (("event_id_cnty", "LBN90009"), ("actor1", "Israel"), ("inter1", "8")):
        strike[header.index(column)] = value
    with open(tmp_path / "acled.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([*table, strike])
    import_events(graph_copy, tmp_path / "acled.csv", "acled")
    return graph_copy


def payload(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="ag-data">(.*?)</script>', page, re.S).group(1))


def legend(page: str) -> list[tuple[str, int]]:
    block = page.split("<h2>Links, by origin</h2>", 1)[1].split("</ul>", 1)[0]
    return [
        (label, int(count)) for label, count in re.findall(r"<span>([^<]+)</span><span class=\"ag-count\">(\d+)", block)
    ]


def colours(page: str) -> dict[tuple[str, str], str]:
    """Each link's colour, by (relation, "subject → object"), read from the page's data."""
    data = payload(page)
    labels = {node["id"]: actor["label"] for node, actor in zip(data["nodes"], data["actors"], strict=True)}
    return {
        (link["relation"], f"{labels[edge['from']]} → {labels[edge['to']]}"): edge["color"]
        for edge, link in zip(data["edges"], data["links"], strict=True)
    }


def test_links_take_the_colour_of_their_claims_origin_with_a_legend(events_graph):
    page = str(actorgraph.open(events_graph).map(focus=["Hezbollah"], colour_by="origin"))
    assert legend(page) == [
        ("Curated claims", 18),
        ("GDELT", 1),
        ("ACLED", 2),
        ("Curated and machine-coded, or several data sets", 1),
    ]
    found = colours(page)
    assert found[("attacked", "Military (Israel) → Hezbollah")] == ORIGIN_STYLES["acled"].colour
    assert found[("backs", "Iran → Hezbollah")] == ORIGIN_STYLES["curated"].colour
    # two curated claims and the added ACLED strike
    assert [key for key, colour in found.items() if colour == ORIGIN_STYLES["mixed"].colour] == [
        ("attacked", "Israel → Hezbollah")
    ]
    # machine-coded links are dashed as well, for print and colour-blind readers
    dashed = {tuple(e.get("dashes", ())) for e in payload(page)["edges"] if e["color"] == ORIGIN_STYLES["acled"].colour}
    assert dashed == {(7, 5)}


def test_polarity_stays_the_default_colour(events_graph):
    page = str(actorgraph.open(events_graph).map(focus=["Hezbollah"]))
    assert "Links, by origin" not in page
    found = colours(page)
    assert found[("attacked", "Military (Israel) → Hezbollah")] == POLARITY_STYLES["hostile"].colour


def test_a_map_of_one_origin(events_graph):
    chosen = actorgraph.open(events_graph).select(origin="acled")
    claims = [c for _, _, d in chosen.network.edges(data=True) for c in d["claims"]]
    # the fixture's 10 claims and the added row, less the partOf claim of "Military (Israel)", which
    # the GDELT import created first (ISRMIL) with its own partOf claim
    assert len(claims) == 10 and {c.event.dataset for c in claims} == {"acled"}
    assert "claims of origin acled" in chosen.notes
    with pytest.raises(UnknownOrigin):
        actorgraph.open(events_graph).select(origin="acld")
    with pytest.raises(InvalidMapRequest, match="unknown colour measure 'dataset' — use polarity or origin"):
        actorgraph.open(events_graph).map(colour_by="dataset")


def test_export_html_color_by_origin_and_origin_filter(runner, events_graph, tmp_path):
    out = tmp_path / "map.html"
    args = ["--graph", str(events_graph), "export", "html", "--color-by", "origin", "--origin", "acled", "-o", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"wrote {out}: 11 actors, 10 links, 10 claims"
    page = out.read_text(encoding="utf-8")
    assert legend(page) == [("ACLED", 10)]
    assert "--origin acled --color-by origin" in page
    wrong = runner.invoke(cli, ["--graph", str(events_graph), "export", "gexf", "--color-by", "origin"])
    assert wrong.exit_code == 2 and "--color-by applies to html maps, not gexf" in wrong.output
