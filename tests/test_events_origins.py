"""Curated and machine-coded claims side by side: the evidence of event data in `show` and `path`,
claims kept apart by origin, `path --origin`.

Imports the GDELT and UCDP GED excerpts of tests/data/ (origins in tests/data/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import actorgraph
from actorgraph.cli import cli, options
from actorgraph.errors import NoPath, UnknownOrigin
from actorgraph.events import import_events
from actorgraph.network import ORIGINS

DATA = Path(__file__).resolve().parent / "data"
GDELT = DATA / "gdelt" / "20191024143000.export.CSV"
UCDP = DATA / "ucdp-ged" / "ged231-excerpt.csv"
ICEWS = DATA / "icews-2018-excerpt.tab"
HAMAS_ARTICLE = "https://www.weeklyblitz.net/oped/will-a-combustible-gaza-ignite-in-war/"


@pytest.fixture
def events_graph(graph_copy: Path) -> Path:
    import_events(graph_copy, GDELT, "gdelt")
    import_events(graph_copy, UCDP, "ucdp-ged")
    return graph_copy


def test_show_lists_curated_and_machine_coded_claims_apart(runner, events_graph):
    result = runner.invoke(cli, ["--graph", str(events_graph), "show", "Hamas"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  claims   0 out, 7 in (2 machine-coded)" in lines
    curated, machine = lines.index("In:"), lines.index("In, machine-coded:")
    assert curated < machine
    assert all("F6" not in line for line in lines[curated:machine]), "no machine-coded claim among the curated"
    assert lines[machine + 1 : machine + 6] == [
        "  Government (Israel) —at war with→ Hamas",
        "      date 2006-07-04 · confidence F6",
        "      “Government of Israel — state-based armed conflict — Hamas (UCDP GED coding, deaths: 1)”",
        "      — Sources of UCDP GED event 179417: Xinhua News Agency [ucdp-ged-179417]",
        "      event: ucdp-ged · Beit Hanoun town, Gaza ash Shamaliyah governorate, Gaza Strip, Israel · "
        "POINT(34.535787 31.535298) · deaths 1 · low 1 · high 1 · subject's side 0 · object's side 1 · "
        "civilians 0 · unknown 0",
    ]


def test_path_by_origin_answers_with_the_article_as_evidence(runner, events_graph):
    result = runner.invoke(cli, ["--graph", str(events_graph), "path", "Hamas", "Israel", "--origin", "gdelt"])
    assert result.exit_code == 0, result.output
    assert f"        — {HAMAS_ARTICLE} (article on www.weeklyblitz.net, coded by GDELT) [gdelt-881991970]" in (
        result.stdout.splitlines()
    )
    assert (
        "        event: gdelt · Jerusalem, Israel (general), Israel · POINT(35.2333 31.7667) · mentions 5 · "
        "sources 1 · articles 5 · tone -3.397341211226"
    ) in result.stdout.splitlines()
    as_json = runner.invoke(
        cli, ["--graph", str(events_graph), "path", "Hamas", "Israel", "--origin", "gdelt", "--format", "json"]
    )
    (claim,) = json.loads(as_json.stdout)["paths"][0]["hops"][0]["claims"]
    assert claim["event"]["dataset"] == "gdelt" and claim["event"]["figures"]["mentions"] == "5"


def test_each_origin_keeps_its_own_claims(events_graph):
    graph = actorgraph.open(events_graph)
    relations = {
        origin: [hop.relation for hop in graph.path("Hamas", "Israel", origin=origin).paths[0].hops]
        for origin in ("curated", "gdelt", "ucdp-ged")
    }
    assert relations == {"curated": ["atWarWith"], "gdelt": ["pressures"], "ucdp-ged": ["atWarWith", "partOf"]}
    with pytest.raises(UnknownOrigin) as error:
        graph.path("Hamas", "Israel", origin="gdlet")
    assert str(error.value) == (
        "unknown origin 'gdlet' — did you mean 'gdelt'? "
        "(expected curated, machine-coded, icews, gdelt, ucdp-ged, acled or polecat)"
    )


@pytest.mark.parametrize("origin", ["curated", "machine-coded", "gdelt", "ucdp-ged", "icews"])
def test_the_compact_network_keeps_each_claims_origin(events_graph, origin, monkeypatch):
    from actorgraph import paths
    from actorgraph.paths import PathQuery, connect

    projection = actorgraph.open(events_graph).projection
    ends = [("Hamas", "Israel"), ("Hezbollah", "Israel"), ("Iran", "Lebanon"), ("Hamas", "United States")]
    answers = {}
    for engine in ("networkx", "compact"):
        if engine == "compact":  # the claims' origins must come from the columns, not from a NetworkX search
            monkeypatch.setattr(paths, "find_paths", None)
        for source, target in ends:
            for method in ("shortest", "all"):
                try:
                    found = connect(projection, PathQuery(source, target, method=method, origin=origin), engine=engine)
                    answers[engine, source, target, method] = found.to_dict()
                except NoPath as error:
                    answers[engine, source, target, method] = str(error)
    compact = {key[1:]: answer for key, answer in answers.items() if key[0] == "compact"}
    assert compact == {key[1:]: answer for key, answer in answers.items() if key[0] == "networkx"}
    assert any(isinstance(answer, dict) for answer in compact.values()) or origin == "icews"


def test_no_path_of_an_origin_says_so(runner, events_graph):
    result = runner.invoke(cli, ["--graph", str(events_graph), "path", "Hezbollah", "Israel", "--origin", "gdelt"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: no path from Hezbollah to Israel with --origin gdelt; without --origin gdelt there is a 1-hop path\n"
    )


def test_icews_claims_keep_place_and_point_and_skip_bad_rows(graph_copy, tmp_path):
    lines = ICEWS.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("\t2018-06-01\t", "\t2018-06-31\t", 1)
    bad = tmp_path / "bad.tab"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_events(graph_copy, bad, "icews", skip_bad=True)
    assert dict(report.bad) == {"bad date": 1} and report.claims == 25
    assert "  skipped 1 bad rows: bad date" in report.summary()
    (claim,) = [c for c in actorgraph.open(graph_copy).claims(actor="Netanyahu") if c.event and c.cameo_code == "042"]
    assert claim.event.to_dict() == {
        "dataset": "icews",
        "place": "Moscow, Moskva, Russian Federation",
        "point": "POINT(37.6156 55.7522)",
        "figures": {},
    }


def test_the_command_line_knows_the_origins_the_library_does():
    assert options.ORIGINS == ORIGINS
