"""Messages that help, found by trying the write commands as a new user would: each one exactly,
and nothing written when a change is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import made_up_quotes

from actorgraph.cli import cli
from actorgraph.curation import ClaimDraft, add_claim
from actorgraph.errors import MissingActor

SOURCE = "news-2024-10-01-iran-israel-hezbollah"
CLASSES = "(classes: ArmedGroup, GovernmentBody, Organization, Person, State)"


graph_copy = made_up_quotes()  # the seed graph without its text: these quotes are made up


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def add(runner, graph: Path, *words: str):
    return runner.invoke(cli, ["--graph", str(graph), "add", *words, "--source", SOURCE, "--quote", "q q q"])


@pytest.mark.parametrize(
    ("words", "message"),
    [
        # the relation's range and domain, in the vocabulary's words
        (("Iran", "killed", "Hezbollah"), "'killed' takes a Person as object; Hezbollah is an ArmedGroup"),
        (("Iran", "leads", "Hezbollah"), "'leads' takes a Person as subject; Iran is a State"),
        # an event has one date
        (
            ("Iran", "attacked", "Israel", "--start", "2024-04"),
            "'attacked' is an event, which has one date: give a date, not a start or an end",
        ),
        (
            ("Iran", "attacked", "Israel", "--end", "2024-04"),
            "'attacked' is an event, which has one date: give a date, not a start or an end",
        ),
        # an unknown actor: how to create it
        (
            ("Qatar", "backs", "Hamas"),
            f"unknown actor 'Qatar' — to create it, add --new-actor Qatar --type CLASS, or run actor add Qatar "
            f"--type CLASS first {CLASSES}",
        ),
        (
            ("Iran", "backs", "Islamic Jihad"),
            "unknown actor 'Islamic Jihad' — to create it, add --new-actor 'Islamic Jihad' --type CLASS, or run "
            f"actor add 'Islamic Jihad' --type CLASS first {CLASSES}",
        ),
        (
            ("Qatr", "backs", "Hamass"),
            "unknown actor 'Qatr' — to create it, add --new-actor Qatr --type CLASS, or run actor add Qatr "
            f"--type CLASS first {CLASSES}",
        ),
        (
            ("Iran", "backs", "Hamass"),
            "unknown actor 'Hamass' — did you mean 'Hamas'? To create it, add --new-actor Hamass --type CLASS, or "
            f"run actor add Hamass --type CLASS first {CLASSES}",
        ),
    ],
)
def test_add_refusals_say_what_is_needed(runner, graph_copy, words, message):
    before = snapshot(graph_copy)
    result = add(runner, graph_copy, *words)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert snapshot(graph_copy) == before


def test_the_library_speaks_of_its_new_actors_argument(graph_copy):
    with pytest.raises(MissingActor) as raised:
        add_claim(graph_copy, ClaimDraft("Qatar", "backs", "Hamas", SOURCE, "q q q"))
    assert str(raised.value) == (
        f"unknown actor 'Qatar' — to create it, pass ActorDraft('Qatar', CLASS) in new_actors {CLASSES}"
    )


def test_a_date_on_a_state_of_affairs_is_kept_with_a_warning(runner, graph_copy):
    result = add(runner, graph_copy, "Iran", "backs", "Hamas", "--date", "2024-10")
    note = (
        "'backs' is a state of affairs: its date 2024-10 is read as in force on that date (and from then on); "
        "give a start or an end for when it began or ended"
    )
    assert result.exit_code == 0
    assert result.stdout == f"added claim:iran-backs-hamas-2 in {graph_copy}/claims.ttl\n"
    assert result.stderr == f"warning: {note}\n"
    written = (graph_copy / "claims.ttl").read_text(encoding="utf-8")
    assert 'ag:date "2024-10"^^xsd:gYearMonth' in written


def test_dates_of_their_own_kind_get_no_warning(runner, graph_copy):
    for words in (("Iran", "backs", "Hamas", "--start", "2023"), ("Iran", "attacked", "Israel", "--date", "2024-10")):
        result = add(runner, graph_copy, *words, "--format", "json")
        assert (result.exit_code, result.stderr, json.loads(result.stdout)["notes"]) == (0, "", [])


@pytest.mark.parametrize("reason", ["x", "a real reason"])
def test_retract_an_unknown_id_says_so_first(runner, graph_copy, reason):
    before = snapshot(graph_copy)
    result = runner.invoke(cli, ["--graph", str(graph_copy), "retract", "iran-backs-hamass", "--reason", reason])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: unknown claim 'iran-backs-hamass' — did you mean 'iran-backs-hamas'?\n",
    )
    assert snapshot(graph_copy) == before


def test_retract_a_known_id_still_needs_a_reason(runner, graph_copy):
    result = runner.invoke(cli, ["--graph", str(graph_copy), "retract", "iran-backs-hamas", "--reason", "x"])
    assert (result.exit_code, result.stderr) == (1, "Error: say why the claim is retracted (--reason)\n")
