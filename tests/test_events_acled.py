"""ACLED events as machine-coded claims: actors and state forces, event types, fatalities, notes, place.

Runs on a made-up fixture with ACLED's real column names (tests/data/acled/, see tests/data/README.md:
ACLED's terms forbid redistributing its rows).
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
from actorgraph.validate import validate
from actorgraph.vocabulary import Vocabulary

FIXTURE = Path(__file__).resolve().parent / "data" / "acled" / "acled-fixture.csv"
TARGET = "acled-fixture.ttl"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def query(folder: Path, text: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in store.load(folder).query(text)]


def rows() -> list[list[str]]:
    with open(FIXTURE, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(path: Path, table: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return path


def mapping() -> list[dict[str, str]]:
    path = resources.ontology_dir() / "acled-relations.csv"
    return list(csv.DictReader(line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"))


def test_mapping_table_covers_every_sub_event_type_with_a_reason(seed):
    table = mapping()
    assert all(r["why"] for r in table)
    assert {r["relation"] for r in table} - {""} <= set(Vocabulary.from_graph(seed).relations)
    # the 25 event categories of ACLED's acledR package, as its table spells them
    categories = {
        "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
        "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
        "Riots": {"Violent demonstration", "Mob violence"},
    }
    listed = {(r["name"], r["code"]) for r in table}
    assert {(kind, sub) for kind, subs in categories.items() for sub in subs} <= listed
    assert len(table) == 26  # 25 categories, and the codebook's spelling "protestors"
    assert {r["code"] for r in table if not r["relation"]} == {
        "Peaceful protest", "Protest with intervention", "Violent demonstration", "Change to group/activity",
        "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    }  # fmt: skip


def test_fixture_has_the_codebooks_columns():
    # the 31 variables of acledR's acled_codebook, in its order
    columns = [
        "data_id",
        "iso",
        "event_id_cnty",
        "event_id_no_cnty",
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "timestamp",
        "iso3",
    ]
    assert rows()[0] == columns and len(columns) == 31


def test_acled_import_writes_claims_with_fatalities_notes_and_place(graph_copy):
    report = import_events(graph_copy, FIXTURE, "acled")
    assert (report.status, report.events, report.claims) == ("added", 8, 10)
    assert dict(report.relations) == {"partOf": 4, "attacked": 3, "atWarWith": 1, "arrested": 1, "cooperatesWith": 1}
    assert dict(report.skipped) == {"one actor": 1, "no relation": 1}
    assert dict(report.unmapped_codes) == {"Protest with intervention": 1}
    found = query(
        graph_copy,
        """SELECT ?s ?o ?p ?n ?date ?place ?wkt ?publisher ?quote WHERE {
             claim:acled-LBN90002 rdf:subject ?s ; rdf:object ?o ; rdf:predicate ?p ; ag:dataset ag:ACLED ;
               ag:eventCode "Air/drone strike" ; ag:eventId "LBN90002" ; ag:fatalities ?n ; ag:date ?date ;
               ag:place ?place ; geo:hasGeometry/geo:asWKT ?wkt ; ag:source/dcterms:publisher ?publisher ;
               ag:quote ?quote }""",
    )
    assert found == [
        (
            "https://w3id.org/actorgraph/actor/Military_Israel",
            "https://w3id.org/actorgraph/actor/Hezbollah",
            "https://w3id.org/actorgraph/ns#attacked",
            "2",
            "2023-11-15",
            "Aitaroun, Bent Jbeil, South Lebanon, Lebanon",
            "POINT(35.4667 33.1167)",
            "L'Orient-Le Jour; National News Agency",
            "Fixture row, made up: an Israeli drone struck a Hezbollah position near Aitaroun, killing two members. "
            "(ACLED notes; coded: Military Forces of Israel (2022-) — Explosions/Remote violence: Air/drone strike "
            "— Hezbollah)",
        )
    ]
    assert validate(graph_copy).conforms


def test_dates_in_each_of_acleds_layouts(graph_copy):
    import_events(graph_copy, FIXTURE, "acled")
    found = query(
        graph_copy,
        """SELECT ?id ?date WHERE { ?c ag:dataset ag:ACLED ; ag:eventId ?id ; ag:date ?date
             FILTER(?id IN ("ISR90001", "LBN90002", "PSE90003")) } ORDER BY ?id""",
    )
    # 2023-11-14, 15-11-2023 (the codebook's dd-mm-yyyy), 16 November 2023
    assert found == [("ISR90001", "2023-11-14"), ("LBN90002", "2023-11-15"), ("PSE90003", "2023-11-16")]


def test_state_forces_are_part_of_their_state_and_associated_actors_stay_in_the_quote(graph_copy):
    import_events(graph_copy, FIXTURE, "acled")
    actors = {a.label: a for a in list_actors(store.load(graph_copy))}
    assert {label: actors[label].type for label in ("Military (Israel)", "Police (Israel)", "Government (Israel)")} == {
        "Military (Israel)": "GovernmentBody",
        "Police (Israel)": "GovernmentBody",
        "Government (Israel)": "GovernmentBody",
    }
    assert query(
        graph_copy,
        """SELECT ?quote WHERE { ?c rdf:subject actor:Military_Israel ; rdf:predicate ag:partOf ;
             rdf:object actor:Israel ; ag:quote ?quote }""",
    ) == [("ACLED actor 'Military Forces of Israel (2022-)': the military of Israel",)]
    # inter codes give the class: civilians are people described, a militia an armed group
    assert (actors["Civilians (Syria)"].type, actors["Unidentified Armed Group (Syria)"].type) == (
        "Person",
        "ArmedGroup",
    )
    # associated actors become no actor and no claim; the quote names them
    assert "Al Qassam Brigades" not in actors and "Farmers (Syria)" not in actors
    (quote,) = query(graph_copy, "SELECT ?q WHERE { claim:acled-PSE90003 ag:quote ?q }")[0]
    assert quote.endswith("— Hamas Movement (with Al Qassam Brigades; Civilians (Palestine)))")


def test_bad_rows_name_file_and_line(graph_copy, tmp_path):
    table = rows()
    header = table[0]
    table[1][header.index("sub_event_type")] = "Armed clash"  # under Explosions/Remote violence
    table[2][header.index("event_date")] = "2023-02-30"
    table[3][header.index("fatalities")] = "three"
    table[4] = table[4][:30]
    bad = write(tmp_path / "bad.csv", table)
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, bad, "acled")
    assert [e.removeprefix(f"{tmp_path}/") for e in error.value.errors] == [
        "bad.csv:2: unknown event_type and sub_event_type 'Explosions/Remote violence', 'Armed clash' — expected a "
        "pair of the ACLED codebook (ontology/acled-relations.csv)",
        "bad.csv:3: invalid event_date '2023-02-30' — expected YYYY-MM-DD or DD-MM-YYYY",
        "bad.csv:4: invalid fatalities 'three' — expected a whole number, 0 or more",
        "bad.csv:5: expected 31 columns, found 30",
    ]
    assert snapshot(graph_copy) == before
    report = import_events(graph_copy, bad, "acled", skip_bad=True)
    assert dict(report.bad) == {"unknown code": 1, "bad date": 1, "bad number": 1, "column count": 1}
    assert report.events == 4


def test_repeated_event_id_is_a_bad_row(graph_copy, tmp_path):
    table = rows()
    bad = write(tmp_path / "twice.csv", [*table, table[1]])
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, bad, "acled")
    assert [e.removeprefix(f"{tmp_path}/") for e in error.value.errors] == [
        "twice.csv:10: event_id_cnty ISR90001 appears twice"
    ]


def test_reimport_adds_nothing_and_the_cli_reads_the_format(runner, graph_copy):
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "acled", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"wrote {graph_copy / TARGET}: 10 machine-coded claims from 8 events (2 skipped), 213 triples"
    )
    assert "  skipped 1: ACLED sub_event_type maps to no actor relation" in result.stdout.splitlines()
    before = snapshot(graph_copy)
    again = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "acled", str(FIXTURE)])
    assert again.exit_code == 0 and again.stdout.startswith("unchanged:")
    assert snapshot(graph_copy) == before


def test_path_keeps_acled_claims_apart(runner, graph_copy):
    import_events(graph_copy, FIXTURE, "acled")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "path", "Hezbollah", "Israel", "--origin", "acled"])
    assert result.exit_code == 0, result.output
    assert "  Hezbollah —attacked→ Military (Israel) —part of→ Israel" in result.stdout.splitlines()
    assert (
        "event: acled · Aitaroun, Bent Jbeil, South Lebanon, Lebanon · POINT(35.4667 33.1167) · deaths 2"
        in result.stdout
    )
