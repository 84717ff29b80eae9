"""POLECAT events (PLOVER coding) as machine-coded claims: event and mode, compound actors, place.

Runs on a made-up fixture with POLECAT's published column names (tests/data/polecat/, see its README).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from actorgraph import resources, store
from actorgraph.actors import list_actors
from actorgraph.cli import cli
from actorgraph.errors import InvalidImport
from actorgraph.events import import_events
from actorgraph.events.polecat import load_plover_table
from actorgraph.validate import validate

FIXTURE = Path(__file__).resolve().parent / "data" / "polecat" / "polecat-fixture.txt"
TARGET = "polecat-fixture.ttl"
#: POLECAT's events, as the PLOVER manual of 2021 names them.
EVENTS = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def query(folder: Path, text: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in store.load(folder).query(text)]


def rows() -> list[list[str]]:
    return [line.split("\t") for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def write(path: Path, table: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(cells) + "\n" for cells in table), encoding="utf-8")
    return path


def test_every_plover_event_has_a_relation_and_modes_refine_it():
    table = load_plover_table()
    assert all(table.relation(event) for event in EVENTS)
    assert (table.relation("COERCE"), table.relation("COERCE:arrest"), table.relation("COERCE:seize")) == (
        "hostileTo",
        "arrested",
        "hostileTo",
    )
    assert (table.relation("ACCUSE"), table.relation("ACCUSE:allege")) == ("criticizes", "accuses")
    assert table.relation("FLY") is None
    path = resources.ontology_dir() / "plover-relations.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    assert all(row["why"] and row["relation"] for row in csv.DictReader(lines))


def test_polecat_import_writes_claims_with_event_mode_and_place(graph_copy):
    report = import_events(graph_copy, FIXTURE, "polecat")
    assert (report.status, report.claims) == ("added", 7)
    assert dict(report.relations) == {"cooperatesWith": 3, "attacked": 1, "accuses": 1, "hostileTo": 1, "threatens": 1}
    assert dict(report.skipped) == {"one actor": 1}
    assert dict(report.broadened) == {"arrested written as hostileTo": 1}
    found = query(
        graph_copy,
        """SELECT ?s ?o ?p ?quote ?place ?wkt ?publisher WHERE {
             claim:polecat-20231114-0930-fx0001 rdf:subject ?s ; rdf:object ?o ; rdf:predicate ?p ;
               ag:dataset ag:POLECAT ; ag:eventCode "ASSAULT:aerial" ; ag:date "2023-11-14"^^xsd:date ;
               ag:quote ?quote ; ag:place ?place ; geo:hasGeometry/geo:asWKT ?wkt ;
               ag:source/dcterms:publisher ?publisher }""",
    )
    assert found == [
        (
            "https://w3id.org/actorgraph/actor/Israel_Defense_Forces",
            "https://w3id.org/actorgraph/actor/Hezbollah",
            "https://w3id.org/actorgraph/ns#attacked",
            "Israeli warplanes — ASSAULT (aerial) — Hezbollah positions (POLECAT machine coding)",
            "Aitaroun, Bint Jbeil, South Governorate, LBN",
            "POINT(35.4667 33.1167)",
            "fixture-wire",
        )
    ]
    assert validate(graph_copy).conforms


def test_a_compound_actor_gives_a_claim_per_member(graph_copy):
    import_events(graph_copy, FIXTURE, "polecat")
    found = query(
        graph_copy,
        """SELECT ?c ?s WHERE { ?c ag:eventId "20231116-0800-fx0003" ; rdf:subject/rdfs:label ?s } ORDER BY ?c""",
    )
    assert found == [
        ("https://w3id.org/actorgraph/claim/polecat-20231116-0800-fx0003-1", "Israel"),
        ("https://w3id.org/actorgraph/claim/polecat-20231116-0800-fx0003-2", "United States"),
    ]
    actors = {a.label: a.type for a in list_actors(store.load(graph_copy))}
    # sectors give the class: police a state body; a country its State
    assert (actors["Israel Police"], actors["Qatar"]) == ("GovernmentBody", "State")


def test_bad_rows_name_file_and_line(graph_copy, tmp_path):
    table = rows()
    header = table[0]
    table[1][header.index("Event Type")] = "FLY"
    table[2][header.index("Event Date")] = "2023-11-31"
    table[3] = table[3][:39]
    bad = write(tmp_path / "bad.txt", table)
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, bad, "polecat")
    assert [e.removeprefix(f"{tmp_path}/") for e in error.value.errors] == [
        "bad.txt:2: unknown Event Type 'FLY' — expected a PLOVER event (" + ", ".join(
            ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND",
             "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT",
             "REQUEST", "ACCUSE"]
        ) + ")",
        "bad.txt:3: invalid Event Date '2023-11-31' — expected YYYY-MM-DD",
        "bad.txt:4: expected 40 columns, found 39",
    ]  # fmt: skip
    assert snapshot(graph_copy) == before
    report = import_events(graph_copy, bad, "polecat", skip_bad=True)
    assert dict(report.bad) == {"unknown code": 1, "bad date": 1, "column count": 1}


def test_reimport_adds_nothing_and_the_cli_reads_the_format(runner, graph_copy):
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "polecat", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {graph_copy / TARGET}: 7 machine-coded claims")
    before = snapshot(graph_copy)
    again = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "polecat", str(FIXTURE)])
    assert again.exit_code == 0 and again.stdout.startswith("unchanged:")
    assert snapshot(graph_copy) == before
    result = runner.invoke(cli, ["--graph", str(graph_copy), "path", "Hezbollah", "Israel", "--origin", "polecat"])
    assert result.exit_code == 0, result.output
    assert "  Hezbollah —threatens→ Israel" in result.stdout.splitlines()
