"""``timeline --plot``: an actor's or a dyad's dated claims drawn over time by polarity, as SVG.

Israel's dated claims in the seed graph, read from ``actorgraph timeline Israel``: hostile, the
incursion of 2023-10-07, Iran's attack of 2024-04, the threats of 2024-09-28 and 2024-09-30 and
Iran's preparations of 2024-10-01; cooperative, the United States' defence of 2024-04 and of
2024-10-01. Its 14 other claims have no date.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

import actorgraph
from actorgraph.cli import cli
from actorgraph.errors import InvalidAnalysis

SVG = "{http://www.w3.org/2000/svg}"


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def lines(path):
    """Each line of the chart in *path* (parsed as XML): its name and the tooltips of its points."""
    root = ET.parse(path).getroot()
    return {
        g.find(f"{SVG}title").text: [c.find(f"{SVG}title").text for c in g.iter(f"{SVG}circle")]
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "line"
    }


def test_an_actors_claims_are_counted_per_month_by_polarity(runner, tmp_path):
    chart = tmp_path / "israel.svg"
    result = run(runner, "timeline", "Israel", "--plot", str(chart))
    assert result.exit_code == 0 and result.output.endswith(f"wrote {chart}\n")
    drawn = lines(chart)
    assert list(drawn) == ["hostile", "cooperative"]
    assert len(drawn["hostile"]) == len(drawn["cooperative"]) == 13  # 2023-10 to 2024-10
    counts = {name: [t.rsplit(": ", 1)[1] for t in tips] for name, tips in drawn.items()}
    assert counts == {
        "hostile": ["1", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "2", "1"],
        "cooperative": ["0", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "1"],
    }
    text = chart.read_text(encoding="utf-8")
    assert "Claims of Israel by polarity, per month" in text and "14 undated claims are not drawn." in text


def test_a_dyads_timeline_keeps_the_claims_between_the_two_either_way(runner, tmp_path):
    chart = tmp_path / "dyad.svg"
    result = run(runner, "timeline", "Israel", "Iran", "--format", "json", "--plot", str(chart))
    entries = json.loads(result.stdout)
    assert [(e["subject"], e["predicate"], e["object"]) for e in entries] == [
        ("Iran", "attacked", "Israel"), ("Iran", "prepares an attack on", "Israel")]  # fmt: skip
    assert result.stderr == f"wrote {chart}\n"
    assert lines(chart) == {"hostile": [f"hostile, 2024-{m:02d}: {int(m in (4, 10))}" for m in range(4, 11)]}
    assert "Claims between Israel and Iran by polarity, per month" in chart.read_text(encoding="utf-8")


def test_a_dyad_without_dated_claims_is_an_empty_chart_that_says_why(runner, tmp_path):
    chart = tmp_path / "undated.svg"
    result = run(runner, "timeline", "Hezbollah", "Nasrallah", "--plot", str(chart))  # Nasrallah leads Hezbollah
    assert result.exit_code == 0
    assert lines(chart) == {}
    assert "1 undated claim is not drawn." in chart.read_text(encoding="utf-8")


def test_the_library_draws_a_timeline_and_asks_for_both_ends_of_a_dyad():
    graph = actorgraph.open()
    timeline = graph.timeline("Haniyeh")
    assert timeline.about == ("Ismail Haniyeh",)
    assert timeline.chart().count('class="point"') == 1  # … – 2024-07: the month its end gives
    with pytest.raises(InvalidAnalysis, match="a dyad's timeline needs both actors"):
        graph.timeline(other="Iran")
