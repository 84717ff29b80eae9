"""GDELT 2.0 events as machine-coded claims: actors from CAMEO actor codes, typed numbers, place.

Runs on a ten-row excerpt of a real export (tests/data/gdelt/, origin in tests/data/README.md).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from actorgraph import store
from actorgraph.actors import list_actors
from actorgraph.cli import cli
from actorgraph.errors import InvalidImport
from actorgraph.events import import_events, read_events
from actorgraph.validate import validate

EXPORT = Path(__file__).resolve().parent / "data" / "gdelt" / "20191024143000.export.CSV"
TARGET = "gdelt-20191024143000-export.ttl"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def query(folder: Path, text: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in store.load(folder).query(text)]


def test_gdelt_import_writes_claims_citing_the_article(graph_copy):
    report = import_events(graph_copy, EXPORT, "gdelt")
    assert (report.status, report.events, report.claims) == ("added", 10, 8)
    assert dict(report.skipped) == {"no actor code": 4, "no relation": 1}
    assert dict(report.relations) == {"partOf": 3, "pressures": 3, "cooperatesWith": 1, "attacked": 1}
    rows = query(
        graph_copy,
        """SELECT ?s ?o ?url ?mentions ?tone ?place ?wkt WHERE {
             claim:gdelt-881991970 rdf:subject ?s ; rdf:object ?o ; ag:dataset ag:GDELT ;
               ag:numMentions ?mentions ; ag:tone ?tone ; ag:place ?place ;
               geo:hasGeometry/geo:asWKT ?wkt ; ag:source/ag:url ?url }""",
    )
    # coded PSEREB, named HAMAS: the name fits the seed's Hamas, so the claim is about it
    assert rows == [
        (
            "https://w3id.org/actorgraph/actor/Israel",
            "https://w3id.org/actorgraph/actor/Hamas",
            "https://www.weeklyblitz.net/oped/will-a-combustible-gaza-ignite-in-war/",
            "5",
            "-3.397341211226",
            "Jerusalem, Israel (general), Israel",
            "POINT(35.2333 31.7667)",
        )
    ]
    assert validate(graph_copy).conforms


def test_numbers_are_typed_for_sparql(graph_copy):
    import_events(graph_copy, EXPORT, "gdelt")
    rows = query(
        graph_copy,
        """SELECT (SUM(?m) AS ?mentions) (DATATYPE(SAMPLE(?t)) AS ?type) WHERE {
             ?c ag:dataset ag:GDELT ; ag:numMentions ?m ; ag:tone ?t }""",
    )
    assert rows == [("15", "http://www.w3.org/2001/XMLSchema#decimal")]  # 2 + 5 + 1 + 2 + 5


def test_a_states_role_is_its_own_actor_part_of_the_state(graph_copy):
    import_events(graph_copy, EXPORT, "gdelt")
    actors = {a.label: a for a in list_actors(store.load(graph_copy))}
    assert actors["Government (Lebanon)"].type == "GovernmentBody"
    assert [a.label for a in actors.values() if a.label == "Lebanon"] == ["Lebanon"], "no second Lebanon"
    rows = query(
        graph_copy,
        """SELECT ?quote WHERE { ?c rdf:subject actor:Government_Lebanon ; rdf:predicate ag:partOf ;
             rdf:object actor:Lebanon ; ag:quote ?quote . actor:Government_Lebanon ag:partOf actor:Lebanon }""",
    )
    assert rows == [("CAMEO actor code LBNGOV: Government (Lebanon), part of the state",)]


def test_zipped_exports_and_folders_read_as_the_csv(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    with zipfile.ZipFile(folder / "20191024143000.export.CSV.zip", "w") as archive:
        archive.write(EXPORT, EXPORT.name)
    plain = [e.local for e in read_events(EXPORT, "gdelt").events()]
    assert [e.local for e in read_events(folder / "20191024143000.export.CSV.zip", "gdelt").events()] == plain
    assert [e.local for e in read_events(folder, "gdelt").events()] == plain
    assert len(plain) == 6


def test_reimport_adds_nothing(graph_copy):
    import_events(graph_copy, EXPORT, "gdelt")
    before = snapshot(graph_copy)
    assert import_events(graph_copy, EXPORT, "gdelt").status == "unchanged"
    assert snapshot(graph_copy) == before


def bad_export(tmp_path: Path) -> Path:
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    cells = lines[4].split("\t")
    cells[1] = "20191324"  # line 5: no 13th month
    lines[4] = "\t".join(cells)
    cells = lines[5].split("\t")
    cells[26] = "999"  # line 6: no such CAMEO code
    lines[5] = "\t".join(cells)
    lines[6] = "\t".join(lines[6].split("\t")[:60])  # line 7: a column short
    path = tmp_path / "bad.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_listed_with_file_and_line_and_nothing_is_written(graph_copy, tmp_path):
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, bad_export(tmp_path), "gdelt")
    assert [e.rsplit("/", 1)[-1] for e in error.value.errors] == [
        "bad.export.CSV:5: invalid SQLDATE '20191324' — expected YYYYMMDD",
        "bad.export.CSV:6: unknown CAMEO EventCode '999' — expected a code of the CAMEO codebook such as '190'",
        "bad.export.CSV:7: expected 61 tab-separated columns, found 60",
    ]
    assert snapshot(graph_copy) == before


def test_skip_bad_imports_the_rest_and_says_why(graph_copy, tmp_path):
    report = import_events(graph_copy, bad_export(tmp_path), "gdelt", skip_bad=True)
    assert dict(report.bad) == {"bad date": 1, "unknown code": 1, "column count": 1}
    assert report.claims == 6
    summary = report.summary()
    assert "  skipped 1 bad rows: bad date" in summary and "  skipped 1 bad rows: column count" in summary


def test_cli_import_gdelt(runner, graph_copy, tmp_path):
    bad = bad_export(tmp_path)
    refused = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "gdelt", str(bad)])
    assert refused.exit_code == 1 and "bad.export.CSV:5: invalid SQLDATE" in refused.output
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "gdelt", str(bad), "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {graph_copy / 'gdelt-bad-export.ttl'}: 6 machine-coded claims")
    csv = runner.invoke(cli, ["--graph", str(graph_copy), "import", str(EXPORT), "--skip-bad"])
    assert csv.exit_code == 2 and "--skip-bad is for event data" in csv.output


def test_a_source_named_instead_of_linked_is_kept_without_url(graph_copy, tmp_path):
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    cells = lines[5].split("\t")
    cells[60] = "BBC Monitoring"  # GDELT names sources it cannot link to
    path = tmp_path / "named.export.CSV"
    path.write_text("\t".join(cells) + "\n", encoding="utf-8")
    import_events(graph_copy, path, "gdelt")
    found = query(
        graph_copy,
        """SELECT ?label (COUNT(?url) AS ?urls) WHERE {
             claim:gdelt-881991970 ag:source ?s . ?s rdfs:label ?label . OPTIONAL { ?s ag:url ?url }
           } GROUP BY ?label""",
    )
    assert found == [("BBC Monitoring (coded by GDELT)", "0")]


def test_a_name_that_fits_several_actors_is_reported_and_the_codes_decide(graph_copy):
    # two actors of the graph go by "Lebanese": GDELT's LEBANESE (code LBN) is Lebanon, by its code
    (graph_copy / "lebanese.ttl").write_text(
        "@prefix ag: <https://w3id.org/actorgraph/ns#> .\n"
        "@prefix actor: <https://w3id.org/actorgraph/actor/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'actor:Lebanese_Forces a ag:ArmedGroup ; rdfs:label "Lebanese Forces" ; skos:altLabel "Lebanese" .\n'
        'actor:Lebanese_Diaspora a ag:Organization ; rdfs:label "Lebanese diaspora" ; skos:altLabel "Lebanese" .\n',
        encoding="utf-8",
    )
    report = import_events(graph_copy, EXPORT, "gdelt")
    assert report.actors_ambiguous == [
        "the name 'LEBANESE' fits several actors of the graph (Lebanese_Diaspora, Lebanese_Forces): "
        "linked by its code to 'Lebanon' instead"
    ]
    assert "  ambiguous: the name 'LEBANESE' fits several actors" in report.summary()
    assert query(graph_copy, "SELECT ?s WHERE { claim:gdelt-881992085 rdf:subject ?s }") == [
        ("https://w3id.org/actorgraph/actor/Lebanon",)
    ]


def _split_export(tmp_path: Path) -> tuple[Path, Path]:
    """The excerpt cut in two: its first four rows as a .CSV, the other six zipped in a folder."""
    lines = EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    first = tmp_path / "20191024143000.export.CSV"
    first.write_text("".join(lines[:4]), encoding="utf-8")
    folder = tmp_path / "later"
    folder.mkdir()
    with zipfile.ZipFile(folder / "20191024144500.export.CSV.zip", "w") as archive:
        archive.writestr("20191024144500.export.CSV", "".join(lines[4:]))
    return first, folder


def test_several_files_and_folders_import_as_one(graph_copy, tmp_path, runner):
    whole = import_events(graph_copy, EXPORT, "gdelt", dry_run=True)
    first, folder = _split_export(tmp_path)
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "gdelt", str(first), str(folder)])
    assert result.exit_code == 0, result.output
    target = graph_copy / "gdelt-20191024143000-export-and-1-more.ttl"
    assert f"wrote {target}: 8 machine-coded claims from 10 events (5 skipped)" in result.stdout
    text = target.read_text(encoding="utf-8")
    assert text.startswith(
        "# actorgraph event import: GDELT 2.0 events from 20191024143000.export.CSV, later, by actorgraph"
    )
    assert (whole.claims, whole.triples) == (8, import_events(graph_copy, [first, folder], "gdelt").triples)
    assert import_events(graph_copy, [first, folder], "gdelt").status == "unchanged"
    assert target.read_text(encoding="utf-8") == text


def test_a_bad_row_of_a_later_file_is_named_and_nothing_is_written(graph_copy, tmp_path):
    first, folder = _split_export(tmp_path)
    second = tmp_path / "20191024150000.export.CSV"
    second.write_text("881999999\t20191024\n", encoding="utf-8")
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, [first, folder, second], "gdelt")
    assert error.value.errors == [f"{second}:1: expected 61 tab-separated columns, found 2"]
    assert snapshot(graph_copy) == before
