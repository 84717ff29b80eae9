"""Long steps say what they are doing: building the actor network, the summary, the actor index,
an Oxigraph store; the CLI shows them on a terminal when they last more than a second."""

from __future__ import annotations

import actorgraph
from actorgraph import status
from actorgraph.cli import terminal_reporter


def recorder(seen: list[str]) -> status.Reporter:
    def start(what: str):
        seen.append(what)
        return lambda: seen.append(f"done: {what}")

    return start


def test_a_first_command_names_each_step_it_builds_and_a_cached_one_none(graph_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(tmp_path / "cache"))  # nothing built by another test
    seen: list[str] = []
    with status.reporting(recorder(seen)):
        graph = actorgraph.open(graph_copy)
        assert graph.projection and graph.summary and graph.index
    assert seen == [
        "building the actor network",
        "done: building the actor network",
        "counting the graph (its summary)",
        "done: counting the graph (its summary)",
        "reading the actors' names",
        "done: reading the actors' names",
    ]
    again: list[str] = []
    with status.reporting(recorder(again)):
        graph = actorgraph.open(graph_copy)
        assert graph.projection and graph.summary and graph.index
    assert again == []


def test_building_an_oxigraph_store_is_a_step(graph_copy):
    seen: list[str] = []
    with status.reporting(recorder(seen)):
        assert len(actorgraph.open(graph_copy, store="oxigraph:.actorgraph/oxigraph").dataset)
    where = graph_copy / ".actorgraph" / "oxigraph"
    assert seen == [f"building the Oxigraph store {where}", f"done: building the Oxigraph store {where}"]


def test_the_terminal_says_nothing_of_a_quick_step(capsys):
    done = terminal_reporter(delay=3600)("building the actor network")
    done()
    assert capsys.readouterr().err == ""
