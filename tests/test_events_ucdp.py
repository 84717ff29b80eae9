"""UCDP GED events as machine-coded claims: sides, types of violence, deaths, spans of days, place.

Runs on a seven-event excerpt of GED 23.1 (tests/data/ucdp-ged/, origin in tests/data/README.md).
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

EXCERPT = Path(__file__).resolve().parent / "data" / "ucdp-ged" / "ged231-excerpt.csv"
TARGET = "ucdp-ged-ged231-excerpt.ttl"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def query(folder: Path, text: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in store.load(folder).query(text)]


def rows() -> list[list[str]]:
    with open(EXCERPT, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(path: Path, table: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return path


def test_mapping_table_has_a_reason_per_type_and_fits_the_vocabulary(seed):
    path = resources.ontology_dir() / "ucdp-relations.csv"
    table = list(csv.DictReader(line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"))
    assert [(r["code"], r["relation"]) for r in table] == [("1", "atWarWith"), ("2", "atWarWith"), ("3", "killed")]
    assert all(r["why"] for r in table)
    assert {r["relation"] for r in table} <= set(Vocabulary.from_graph(seed).relations)


def test_ucdp_import_writes_claims_with_deaths_and_place(graph_copy):
    report = import_events(graph_copy, EXCERPT, "ucdp-ged")
    assert (report.status, report.events, report.claims) == ("added", 7, 10)
    assert dict(report.relations) == {"atWarWith": 5, "partOf": 3, "killed": 2}
    found = query(
        graph_copy,
        """SELECT ?s ?o ?best ?low ?high ?b ?place ?wkt ?headline WHERE {
             claim:ucdp-ged-179417 rdf:subject ?s ; rdf:object ?o ; ag:dataset ag:UCDPGED ; ag:eventCode "1" ;
               ag:fatalities ?best ; ag:fatalitiesLow ?low ; ag:fatalitiesHigh ?high ; ag:deathsObject ?b ;
               ag:place ?place ; geo:hasGeometry/geo:asWKT ?wkt ; ag:source/dcterms:title ?headline }""",
    )
    assert found == [
        (
            "https://w3id.org/actorgraph/actor/Government_Israel",
            "https://w3id.org/actorgraph/actor/Hamas",
            "1",
            "1",
            "1",
            "1",
            "Beit Hanoun town, Gaza ash Shamaliyah governorate, Gaza Strip, Israel",
            "POINT(34.535787 31.535298)",
            "Israeli drone's rocket kills Palestinian in northern Gaza",
        )
    ]
    assert validate(graph_copy).conforms


def test_fatalities_sum_by_dyad(graph_copy):
    import_events(graph_copy, EXCERPT, "ucdp-ged")
    found = query(
        graph_copy,
        """SELECT ?a ?b (SUM(?n) AS ?deaths) WHERE {
             ?c ag:dataset ag:UCDPGED ; rdf:subject/rdfs:label ?a ; rdf:object/rdfs:label ?b ; ag:fatalities ?n }
           GROUP BY ?a ?b ORDER BY DESC(?deaths) ?a ?b""",
    )
    assert found == [
        ("PIJ", "Civilians (Israel)", "6"),
        ("Government (Israel)", "Hezbollah", "3"),
        ("Government (Israel)", "PIJ", "2"),
        ("Government (Syria)", "Syrian insurgents", "2"),
        ("Government (Israel)", "Civilians (Israel)", "1"),
        ("Government (Israel)", "Hamas", "1"),
        ("Government (Iran)", "Government (Israel)", "0"),
    ]


def test_a_government_is_part_of_its_state_never_the_state(graph_copy):
    import_events(graph_copy, EXCERPT, "ucdp-ged")
    actors = {a.label: a for a in list_actors(store.load(graph_copy))}
    assert actors["Government (Israel)"].type == "GovernmentBody"
    assert [a.label for a in actors.values() if a.label == "Israel"] == ["Israel"]
    assert query(
        graph_copy,
        """SELECT ?quote WHERE { ?c rdf:subject actor:Government_Israel ; rdf:predicate ag:partOf ;
             rdf:object actor:Israel ; ag:quote ?quote }""",
    ) == [("UCDP GED side 'Government of Israel' (UCDP actor 121): the government of Israel",)]
    # one-sided violence: the civilians of the country, people described
    assert actors["Civilians (Israel)"].type == "Person"
    assert query(graph_copy, "SELECT ?p WHERE { ?c rdf:object actor:Civilians_Israel ; rdf:predicate ?p }") == [
        ("https://w3id.org/actorgraph/ns#killed",),
        ("https://w3id.org/actorgraph/ns#killed",),
    ]


def test_an_event_known_to_a_span_of_days_keeps_start_and_end(graph_copy, tmp_path):
    table = rows()
    header = table[0]
    table[2][header.index("date_end")] = "2005-12-09"
    table[2][header.index("date_prec")] = "2.0"
    import_events(graph_copy, write(tmp_path / "span.csv", table[:3]), "ucdp-ged")
    found = query(graph_copy, "SELECT ?s ?e WHERE { claim:ucdp-ged-180975 ag:start ?s ; ag:end ?e }")
    assert found == [("2005-12-05", "2005-12-09")]


def test_bad_rows_name_file_and_line(graph_copy, tmp_path):
    table = rows()
    header = table[0]
    table[1][header.index("type_of_violence")] = "4.0"
    table[3][header.index("date_start")] = "2006-02-30"
    table[4] = table[4][:40]
    bad = write(tmp_path / "bad.csv", table)
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, bad, "ucdp-ged")
    assert [e.rsplit("/", 1)[-1] for e in error.value.errors] == [
        "bad.csv:2: unknown type_of_violence '4.0' — expected 1, 2 or 3",
        "bad.csv:4: invalid date_start '2006-02-30' — expected YYYY-MM-DD",
        "bad.csv:5: expected 49 columns, found 40",
    ]
    assert snapshot(graph_copy) == before
    report = import_events(graph_copy, bad, "ucdp-ged", skip_bad=True)
    assert dict(report.bad) == {"unknown code": 1, "bad date": 1, "column count": 1}


def test_reimport_adds_nothing_and_the_cli_reads_the_format(runner, graph_copy):
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "ucdp-ged", str(EXCERPT)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {graph_copy / TARGET}: 10 machine-coded claims from 7 events")
    before = snapshot(graph_copy)
    again = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "ucdp-ged", str(EXCERPT)])
    assert again.exit_code == 0 and again.stdout.startswith("unchanged:")
    assert snapshot(graph_copy) == before


def test_several_files_import_as_one_and_an_event_repeated_across_them_is_bad(graph_copy, tmp_path):
    header, *rows = EXCERPT.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "ged-part1.csv", tmp_path / "ged-part2.csv"
    first.write_text(header + "".join(rows[:3]), encoding="utf-8")
    second.write_text(header + "".join(rows[3:]), encoding="utf-8")
    whole = import_events(graph_copy, EXCERPT, "ucdp-ged", dry_run=True)
    report = import_events(graph_copy, [first, second], "ucdp-ged")
    assert (report.events, report.claims, report.triples) == (whole.events, whole.claims, whole.triples)
    assert report.target == graph_copy / "ucdp-ged-ged-part1-and-1-more.ttl"
    repeated = tmp_path / "ged-part3.csv"
    repeated.write_text(header + rows[0], encoding="utf-8")
    event_id = next(csv.DictReader([header, rows[0]]))["id"].removesuffix(".0")  # "300380.0" in the file
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, [first, repeated], "ucdp-ged", file=graph_copy / "other.ttl")
    assert error.value.errors == [f"{repeated}:2: event id {event_id} appears twice"]
    assert not (graph_copy / "other.ttl").exists()
