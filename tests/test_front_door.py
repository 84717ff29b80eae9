"""``import actorgraph`` is the library's front door: ``open`` a graph, ask it what the commands ask."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

import actorgraph as ag
from actorgraph.curation import ClaimDraft


def test_every_public_name_is_there():
    for name in ag.__all__:
        assert getattr(ag, name) is not None
    with pytest.raises(AttributeError):
        ag.no_such_name  # noqa: B018


def test_open_reads_the_seed_graph_by_default():
    g = ag.open()
    assert g.name == "bundled seed graph"
    report = g.path("Iran", "Nasrallah")
    assert isinstance(report, ag.PathReport)
    assert report.paths[0].chain() == "Iran —backs→ Hezbollah ←leads— Hassan Nasrallah"


def test_the_reading_methods_return_the_library_types(seed_graph):
    assert {a.label for a in seed_graph.actors(type="State")} >= {"Iran", "Israel"}
    claims = seed_graph.claims(actor="Iran", relation="supports")
    assert claims and all(isinstance(c, ag.Claim) for c in claims)
    assert seed_graph.show("Nasrallah").actor.label == "Hassan Nasrallah"
    assert isinstance(seed_graph.network(as_of="2024-09-01"), nx.MultiDiGraph)
    assert seed_graph.neighbors("Hezbollah").actor.label == "Hezbollah"
    assert seed_graph.rank(by="degree", top=3).scores
    assert seed_graph.communities().blocs
    assert seed_graph.balance().ties
    assert seed_graph.timeline("Hamas")
    assert seed_graph.sparql("ASK { ?s ?p ?o }").kind == "ASK"
    assert seed_graph.map(focus=["Hezbollah"]).startswith("<!DOCTYPE html>")
    assert "@prefix" in seed_graph.export("turtle")


def test_a_write_is_seen_by_the_next_question(graph_copy):
    g = ag.open(graph_copy)
    before = len(g.claims(actor="Iran"))
    draft = ClaimDraft(
        "Iran", "backs", "Hamas", source="a new source", quote="Iran backs Hamas", source_date="2024-10-02"
    )
    change = g.add(draft)
    assert change.summary().startswith("added")
    assert len(g.claims(actor="Iran")) == before + 1


def test_errors_are_named_and_speak_in_arguments(seed_graph):
    with pytest.raises(ag.ActorgraphError) as caught:
        seed_graph.path("Haniyeh", "Hamas", as_of="2024-08-01")
    assert str(caught.value) == (
        "no path from Ismail Haniyeh to Hamas with as_of='2024-08-01'; without as_of='2024-08-01' there is a 1-hop path"
    )


def test_the_command_speaks_in_options(runner):
    from actorgraph.cli import cli

    result = runner.invoke(cli, ["path", "Haniyeh", "Hamas", "--as-of", "2024-08-01"])
    assert result.stderr == (
        "Error: no path from Ismail Haniyeh to Hamas with --as-of 2024-08-01; "
        "without --as-of 2024-08-01 there is a 1-hop path\n"
    )


def test_a_graph_shows_itself_escaped_in_a_notebook(tmp_path):
    (tmp_path / "<i>").mkdir()
    shown = ag.open(tmp_path / "<i>")._repr_html_()
    assert "<i>" not in shown and "&lt;i&gt;" in shown


def test_the_one_liner_works_from_any_directory(tmp_path):
    line = "import actorgraph as ag; g = ag.open(); print(g.path('Iran', 'Nasrallah'))"
    done = subprocess.run([sys.executable, "-c", line], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "Iran → Hassan Nasrallah: 2 shortest paths",
        "  + Iran —backs→ Hezbollah ←leads— Hassan Nasrallah",
        "  + Iran —attacked→ Israel —killed→ Hassan Nasrallah",
    ]


def test_a_path_answer_shows_itself_in_a_notebook(seed_graph):
    shown = seed_graph.path("Iran", "Nasrallah")._repr_html_()
    assert shown.startswith("<p>Iran → Hassan Nasrallah: 2 shortest paths</p><ol><li>")
    assert shown.count("<li>") == 2


@pytest.fixture(scope="module")
def seed_graph():
    return ag.open()
