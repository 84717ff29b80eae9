"""Figures over time: balance, rank and communities at each of several dates (as-of), as a table, JSON and an SVG chart.

The seed graph's dates, read by hand from ``actorgraph timeline``: its states of affairs have no
dates (they hold throughout) but for Ismail Haniyeh's leadership of Hamas, which ends in 2024-07;
its dated events are the incursion of 2023-10-07, Iran's attack on Israel and the United States'
defence of Israel in 2024-04, the threats of 2024-09-28 and 2024-09-30 and the events of
2024-10-01; undated events count from their report, 2024-10-01.
"""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET

import pytest

import actorgraph
from actorgraph.charts import line_chart
from actorgraph.cli import cli
from actorgraph.errors import InvalidAnalysis, InvalidDate, UnknownPeriod
from actorgraph.network import DATED_KEPT, Projection
from actorgraph.series import Line, When, periods

SVG = "{http://www.w3.org/2000/svg}"


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def points(svg_text):
    """The circles of an SVG chart, parsed as XML (a chart that is not well-formed fails here)."""
    root = ET.fromstring(svg_text)
    return [c for c in root.iter(f"{SVG}circle") if c.get("class") == "point"]


@pytest.fixture(scope="module")
def graph():
    return actorgraph.open()


# --- the dates --------------------------------------------------------------------------------


def test_periods_end_on_the_last_day_of_each_month_quarter_or_year():
    months = periods("month", "2024-01-15", "2024-03-01")
    assert [(w.label, w.day.isoformat()) for w in months] == [
        ("2024-01", "2024-01-31"),
        ("2024-02", "2024-02-29"),
        ("2024-03", "2024-03-31"),
    ]
    quarters = periods("quarter", "2023-11", "2024-04")
    assert [(w.label, w.day.isoformat()) for w in quarters] == [("2023-Q4", "2023-12-31"), ("2024-Q1", "2024-03-31"),
                                                               ("2024-Q2", "2024-06-30")]  # fmt: skip
    assert [w.label for w in periods("Year", "2023", "2024-06-30")] == ["2023", "2024"]


def test_every_period_defaults_to_the_first_and_last_day_a_claim_starts_or_stops_holding(graph):
    # The first: the incursion of 2023-10-07; the last: the events of 2024-10-01.
    series = graph.balance_over_time(every="month")
    assert [p.when.label for p in series.points] == [f"2023-{m}" for m in ("10", "11", "12")] + [
        f"2024-{m:02d}" for m in range(1, 11)
    ]
    assert [p.when.label for p in graph.balance_over_time(every="month", start="2024-08").points] == [
        "2024-08", "2024-09", "2024-10"]  # fmt: skip
    assert [p.when.label for p in graph.balance_over_time(every="year", end="2023-12-31").points] == ["2023"]


def test_a_bad_period_or_date_or_both_kinds_of_dates_are_refused(graph):
    with pytest.raises(UnknownPeriod, match=r"unknown period 'yearly' — did you mean 'year'\?"):
        graph.balance_over_time(every="yearly")
    with pytest.raises(InvalidDate):
        graph.rank_over_time(dates=["2024-02-30"])
    with pytest.raises(InvalidAnalysis, match="give either dates, or a period"):
        graph.communities_over_time(dates=["2024-01"], start="2023")
    with pytest.raises(InvalidAnalysis, match="give dates, or a period"):
        graph.balance_over_time()
    with pytest.raises(InvalidAnalysis, match="the start 2024-05-01 is after the end 2024-04-30"):
        graph.balance_over_time(every="month", start="2024-05", end="2024-04")
    with pytest.raises(InvalidAnalysis, match="more than 400 dates"):
        graph.balance_over_time(every="month", start="1900", end="2024")


# --- as of each date --------------------------------------------------------------------------


def test_balance_over_time_counts_the_ties_in_force_on_each_date(graph):
    # 2023-12-31: the 13 undated states (Khamenei–Iran, Netanyahu–Israel, Hagari–IDF, Nasrallah,
    # Qassem and Hezbollah, Iran–Hamas, Iran–Hezbollah, Sinwar–Hamas, IDF–Israel, Israeli
    # authorities–Israel: +; Hezbollah–IDF, Israel–Hamas, Israel–Hezbollah: -), Haniyeh–Hamas (+,
    # until 2024-07) and the incursion (-): 15 ties, 11 positive; one triad, Israel–IDF–Hezbollah
    # (+ - -), balanced. 2024-04-30: Iran–Israel (-) and United States–Israel (+) join, and with
    # them the triads Iran–Israel–Hamas and Iran–Israel–Hezbollah (+ - -). 2024-08-31: Haniyeh's
    # leadership has ended.
    series = graph.balance_over_time(dates=["2024-08", "2023-12", "2024-04"])
    figures = [(p.when.label, p.when.day.isoformat(), p.figures["ties"], p.figures["positive"],
                p.figures["balanced_triads"], p.figures["unbalanced_triads"], p.figures["frustration"])
               for p in series.points]  # fmt: skip
    assert figures == [
        ("2023-12", "2023-12-31", 15, 11, 1, 0, 0),
        ("2024-04", "2024-04-30", 17, 12, 3, 0, 0),
        ("2024-08", "2024-08-31", 16, 11, 3, 0, 0),
    ]


def test_each_date_is_the_network_as_of_gives_it(graph):
    dates = ["2024-04-15", "2024-09", "2024-10-01"]
    series = graph.balance_over_time(dates=dates)
    for point, date in zip(series.points, dates, strict=True):
        alone = graph.balance(as_of=date)
        assert point.figures["ties"] == len(alone.ties) and point.figures["frustration"] == alone.frustration
        assert point.figures["unbalanced_triads"] == len(alone.unbalanced)
    blocs = graph.communities_over_time(dates=dates, resolution=0.5)
    assert [p.figures["sizes"] for p in blocs.points] == [
        [len(b.members) for b in graph.communities(as_of=d, resolution=0.5).blocs] for d in dates
    ]


def test_rank_over_time_keeps_the_top_places_and_draws_each_actor_at_every_date(graph):
    series = graph.rank_over_time(top=1, dates=["2023-12", "2024-10"], polarities=["cooperative"])
    assert [(p.when.label, [(s["label"], s["score"]) for s in p.figures["scores"]]) for p in series.points] == [
        ("2023-12", [("Iran", 2)]),  # backs Hamas and Hezbollah (out 2)
        # Defends Israel (out 1) and cooperates with France, a symmetric tie counted both ways (in 1, out 1).
        ("2024-10", [("United States", 3)]),
    ]
    assert {line.name: line.values for line in series.lines} == {"Iran": (2.0, 2.0), "United States": (0.0, 3.0)}


def test_the_projection_cuts_from_each_edges_spans_as_the_claims_rule_reads_them(graph):
    projection: Projection = graph.projection
    for day in ("2023-10-06", "2023-10-07", "2024-07-31", "2024-08-01", "2024-09-30", "2024-10-01"):
        cut = projection.at(day)
        expected = {
            (u, v, key): sorted(str(c.iri) for c in data["claims"] if c.in_force_on(datetime.date.fromisoformat(day)))
            for u, v, key, data in projection.full.edges(keys=True, data=True)
        }
        assert {(u, v, k): sorted(str(c.iri) for c in d["claims"]) for u, v, k, d in cut.edges(keys=True, data=True)} \
            == {edge: claims for edge, claims in expected.items() if claims}  # fmt: skip
        assert cut.graph["as_of"] == day
    assert len(projection._dated) == DATED_KEPT


# --- the command ------------------------------------------------------------------------------


def test_balance_every_prints_a_table_of_each_date(runner):
    result = run(runner, "balance", "--dates", "2024-08,2023-12,2024-04")
    assert result.exit_code == 0
    assert result.output == (
        "Balance index (1 = balanced): the network as it stood on each date\n\n"
        "as of    ties  +   -  balanced triads  unbalanced triads  frustration  balance index\n"
        "-------  ----  --  -  ---------------  -----------------  -----------  -------------\n"
        "2023-12  15    11  4  1                0                  0            1.0\n"
        "2024-04  17    12  5  3                0                  0            1.0\n"
        "2024-08  16    11  5  3                0                  0            1.0\n"
    )


def test_balance_every_in_json_has_one_point_per_date_with_its_figures(runner):
    result = run(runner, "balance", "--every", "quarter", "--from", "2024-07", "--format", "json")
    data = json.loads(result.output)
    assert set(data) == {"figure", "title", "every", "notes", "points"}
    assert (data["figure"], data["every"], data["notes"]) == ("balance", "quarter", [])
    assert [(p["as_of"], p["day"]) for p in data["points"]] == [("2024-Q3", "2024-09-30"), ("2024-Q4", "2024-12-31")]
    assert set(data["points"][1]) == {"as_of", "day", "ties", "positive", "negative", "balanced_triads",
                                      "unbalanced_triads", "frustration", "lower_bound", "exact", "index"}  # fmt: skip
    # 2024-10-01 brings the unbalanced triad Netanyahu–Israel–United States (++-) and frustration 2.
    assert [(p["ties"], p["frustration"], p["exact"], p["index"]) for p in data["points"]] == [
        (20, 0, True, 1.0), (29, 2, True, 0.8621)]  # fmt: skip


def test_every_writes_an_svg_chart_with_one_point_per_date(runner, tmp_path):
    chart = tmp_path / "balance.svg"
    result = run(runner, "balance", "--every", "month", "--from", "2024-06", "-o", str(chart))
    assert result.exit_code == 0
    assert result.output.endswith(f"wrote {chart}: 5 dates\n")
    text = chart.read_text(encoding="utf-8")
    circles = points(text)
    assert [c.find(f"{SVG}title").text for c in circles] == [
        "balance index, 2024-06: 1", "balance index, 2024-07: 1", "balance index, 2024-08: 1",
        "balance index, 2024-09: 1", "balance index, 2024-10: 0.8621"]  # fmt: skip
    assert [float(c.get("cx")) for c in circles] == sorted(float(c.get("cx")) for c in circles)
    assert "<script" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")


def test_rank_and_communities_every_write_their_charts(runner, tmp_path):
    rank_chart, bloc_chart = tmp_path / "rank.svg", tmp_path / "blocs.svg"
    result = run(runner, "rank", "--top", "2", "--every", "year", "--format", "csv", "-o", str(rank_chart))
    assert result.stdout.splitlines() == [
        "as of,rank,actor,degree",
        "2023,1,Israel,8",
        "2023,2,Hezbollah,7",
        "2024,1,Israel,15",
        "2024,2,Hezbollah,9",
    ]
    assert result.stderr == f"wrote {rank_chart}: 2 dates\n"
    # One line per actor in the top at some date, a point per date on each.
    assert len(points(rank_chart.read_text(encoding="utf-8"))) == 2 * 2
    result = run(runner, "communities", "--dates", "2024-04,2024-10", "--format", "json", "-o", str(bloc_chart))
    assert [p["sizes"] for p in json.loads(result.stdout)["points"]] == [[6, 5, 3], [5, 4, 3, 2]]
    assert len(points(bloc_chart.read_text(encoding="utf-8"))) == 2


def test_a_bad_every_is_one_line_with_did_you_mean(runner):
    result = run(runner, "rank", "--every", "mnth")
    assert (result.exit_code, result.output) == (
        1, "Error: unknown period 'mnth' — did you mean 'month'? (expected month, quarter or year)\n")  # fmt: skip


def test_one_date_and_several_dates_are_not_asked_together(runner, tmp_path):
    result = run(runner, "balance", "--as-of", "2024-09", "--every", "month")
    assert result.exit_code == 2
    message = "Error: --as-of asks for one date, --every and --dates for several: use one of them\n"
    assert result.output.endswith(message)
    result = run(runner, "communities", "-o", str(tmp_path / "blocs.svg"))
    assert (result.exit_code, result.output) == (
        1, "Error: give dates, or a period to take one date in: every month, quarter or year\n")  # fmt: skip
    assert not (tmp_path / "blocs.svg").exists()


# --- the chart --------------------------------------------------------------------------------


def test_the_chart_escapes_its_labels_and_drops_what_xml_cannot_hold():
    dates = [When("2024-09", datetime.date(2024, 9, 30)), When("<2024-10>", datetime.date(2024, 10, 31))]
    svg = line_chart("A & <b>", dates, [Line("x\x0b</svg><script>", (1.0, None)), Line("y", (0.5, 2.0))], "n")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "A & <b>"
    assert "<script>" not in svg and "x\ufffd</svg><script>" in [t.text for t in root.iter(f"{SVG}text")]
    assert len(points(svg)) == 3  # no point where a line has no value
