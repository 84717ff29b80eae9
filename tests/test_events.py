"""Event-data import: ICEWS files and the ICEWS14 benchmark as machine-coded claims.

Runs on the small excerpts in tests/data/ (see tests/data/README.md for their origin).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from actorgraph import resources, store
from actorgraph.actors import list_actors
from actorgraph.claims import list_claims
from actorgraph.cli import cli
from actorgraph.curation import ActorDraft, add_actor
from actorgraph.errors import InvalidImport, ReadOnlyGraph
from actorgraph.events import default_file, import_events
from actorgraph.events.actors import infer_class
from actorgraph.events.cameo import load_cameo
from actorgraph.events.icews import ICEWS_COLUMNS, read_icews14
from actorgraph.namespace import ACTOR, CLAIM
from actorgraph.network import build_network
from actorgraph.turtle import turtle_string
from actorgraph.validate import validate
from actorgraph.vocabulary import Vocabulary

DATA = Path(__file__).resolve().parent / "data"
ICEWS = DATA / "icews-2018-excerpt.tab"
ICEWS14 = DATA / "icews14-excerpt"
ICEWS_FILE = "icews-2018-excerpt.ttl"
ICEWS14_FILE = "icews14-excerpt.ttl"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def machine_claims(folder: Path) -> dict[str, object]:
    return {str(c.iri): c for c in list_claims(store.load(folder)) if c.origin == "machine-coded"}


def write_icews(path: Path, rows: list[list[str]]) -> Path:
    lines = ["\t".join(ICEWS_COLUMNS), *("\t".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def excerpt_rows() -> list[list[str]]:
    with open(ICEWS, encoding="utf-8", newline="") as handle:
        return [line.rstrip("\n").split("\t") for line in handle][1:]


# --- the CAMEO tables ----------------------------------------------------------------------------


def test_codebook_and_mapping_table_fit_the_vocabulary(seed):
    cameo = load_cameo()
    assert len(cameo.codes) == 312
    assert all(-10 <= float(code.goldstein) <= 10 for code in cameo.codes.values())
    relations = Vocabulary.from_graph(seed).relations
    roots = [f"{n:02d}" for n in range(1, 21)]
    assert all(root in cameo.relations for root in roots), "every root code has a row"
    assert {r for r in cameo.relations.values() if r} <= set(relations)
    mapped_roots = [root for root in roots if cameo.relations[root]]
    assert len(mapped_roots) == 19, "only 01 (public statements) maps to no relation"
    # the `name` column repeats the codebook's name, so a reviewer reads what each row means
    path = resources.ontology_dir() / "cameo-relations.csv"
    rows = list(csv.DictReader(line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"))
    assert all(cameo.codes[row["code"]].name == row["name"] and row["why"] for row in rows)


@pytest.mark.parametrize(
    ("code", "relation"),
    [("190", "attacked"), ("193", "attacked"), ("1823", "killed"), ("186", "killed"), ("173", "arrested"),
     ("111", "criticizes"), ("1123", "accuses"), ("130", "threatens"), ("1384", "threatens"), ("100", "pressures"),
     ("125", "rejectsProposalOf"), ("120", "disputes"), ("040", "cooperatesWith"), ("057", "cooperatesWith"),
     ("072", "backs"), ("073", "supports"), ("045", "mediatesWith"), ("036", "proposesTo"), ("010", None),
     ("016", "deniesClaimOf")],
)  # fmt: skip
def test_cameo_codes_map_to_relations(code, relation):
    assert load_cameo().relation(code) == relation


def test_icews14_relation_names_join_the_codebook_by_name():
    cameo = load_cameo()
    assert cameo.by_name("fight with small arms and light weapons").code == "193"
    assert cameo.by_name("Consult").code == "040"  # the event code, not the root category "04"
    data = read_icews14(ICEWS14)
    assert {e.code for e in data.events()} >= {"040", "051", "173", "1823", "186", "192"}


# --- importing raw ICEWS files ------------------------------------------------------------------


def test_icews_import_writes_machine_coded_claims(graph_copy):
    before = snapshot(graph_copy)
    report = import_events(graph_copy, ICEWS, "icews")
    assert (report.status, report.events, report.claims) == ("added", 27, 26)
    assert dict(report.skipped) == {"no relation": 1} and dict(report.unmapped_codes) == {"010": 1}
    assert report.target == graph_copy / ICEWS_FILE
    after = snapshot(graph_copy)
    assert {k: v for k, v in after.items() if k != ICEWS_FILE} == before, "other files are left as they were"

    claims = machine_claims(graph_copy)
    assert len(claims) == 26
    visit = claims[str(CLAIM["icews-32890297-2018-06-01"])]
    assert (visit.subject_iri, visit.relation, visit.object) == (ACTOR.Benjamin_Netanyahu, "cooperatesWith", "Russia")
    assert (visit.cameo_code, visit.goldstein, str(visit.date)) == ("042", 1.9, "2018-06-01")
    assert visit.event_id == "32890297"
    assert (visit.origin, visit.confidence) == ("machine-coded", "F6")
    assert visit.source == "Trend News Agency (Azerbaijan), story 47401297 (coded by ICEWS)"
    assert visit.quote == "Benjamin Netanyahu — Make a visit — Russia (ICEWS machine coding, sentence 3)"
    accuse = claims[str(CLAIM["icews-32899348-2018-06-01"])]
    assert (accuse.subject_iri, accuse.relation, accuse.object_iri) == (ACTOR.Israel, "accuses", ACTOR.Hamas)
    assert (accuse.cameo_code, accuse.goldstein) == ("112", -2.0)


def test_icews_import_matches_the_graphs_actors_and_creates_the_others(graph_copy):
    import_events(graph_copy, ICEWS, "icews")
    dataset = store.load(graph_copy)
    actors = {a.label: a for a in list_actors(dataset)}
    # matched by label: no second Netanyahu, Hamas, Israel or United States
    assert [a.label for a in actors.values() if "Netanyahu" in a.label] == [
        "Benjamin Netanyahu", "Unnamed suspect in a plot against Netanyahu"]  # fmt: skip
    assert actors["Benjamin Netanyahu"].iri == ACTOR.Benjamin_Netanyahu
    assert actors["United States"].iri == ACTOR.United_States
    # created, with a class inferred from the name and the ICEWS sectors
    expected = {
        "Police (India)": "GovernmentBody",
        "Citizen (India)": "Person",
        "Militia (Hezbollah)": "ArmedGroup",
        "Militant (Malaysia)": "ArmedGroup",
        "Singapore": "State",
        "Vladimir Putin": "Person",
        "UN Security Council": "Organization",
        "Military (Lebanon)": "GovernmentBody",
    }
    assert {label: actors[label].type for label in expected} == expected
    # "Russia" (Russian Federation in the country column) is one actor, with the other name as alias
    assert actors["Russia"].type == "State" and actors["Russia"].aliases == ("Russian Federation",)
    assert actors["Police (India)"].iri == ACTOR.Police_India


def test_relations_narrow_and_broaden_with_the_actors_classes(graph_copy):
    report = import_events(graph_copy, ICEWS, "icews")
    claims = machine_claims(graph_copy)

    def relation(event: str) -> str:
        return claims[str(CLAIM[event])].relation

    assert relation("icews-32897302-2018-06-01") == "cooperatesWith"  # 0874 retreat: a concession
    kills = [c for c in claims.values() if c.cameo_code in ("1823", "186")]
    assert {(c.subject, c.relation, c.object) for c in kills} >= {("Police (India)", "killed", "Men (India)")}
    arrests = {(c.subject, c.object): c.relation for c in claims.values() if c.cameo_code == "173"}
    assert arrests[("Military Judge (Lebanon)", "Men (Lebanon)")] == "arrested"
    # arrested expects a person: an arrested armed group is hostileTo, the nearest broader relation
    assert arrests[("Malaysia", "Militant (Malaysia)")] == "hostileTo"
    assert dict(report.broadened) == {"arrested written as hostileTo": 1}


def test_imported_graph_passes_validation(graph_copy):
    import_events(graph_copy, ICEWS, "icews")
    import_events(graph_copy, ICEWS14, "icews14")
    report = validate(graph_copy)
    assert report.problems == []
    assert report.claims == 41 + 26 + 22


def test_reimport_is_unchanged_and_writes_nothing(graph_copy):
    first = import_events(graph_copy, ICEWS, "icews")
    before = snapshot(graph_copy)
    stat = (graph_copy / ICEWS_FILE).stat()
    again = import_events(graph_copy, ICEWS, "icews")
    assert again.status == "unchanged" and again.claims == first.claims
    assert "the same import is already there" in again.summary()
    assert snapshot(graph_copy) == before
    assert (graph_copy / ICEWS_FILE).stat().st_mtime_ns == stat.st_mtime_ns
    assert len(machine_claims(graph_copy)) == 26


def test_reimport_after_the_graph_changed_replaces_the_file(graph_copy):
    import_events(graph_copy, ICEWS, "icews")
    # A curator adds Vladimir Putin by hand: the next import links to that actor instead.
    (graph_copy / ICEWS_FILE).unlink()
    add_actor(graph_copy, ActorDraft("Vladimir Putin", "Person", ("Putin",)))
    import_events(graph_copy, ICEWS, "icews")
    text = (graph_copy / ICEWS_FILE).read_text(encoding="utf-8")
    add = text.replace("Trend News Agency", "Trend News Agency!")  # any edit makes the file differ
    (graph_copy / ICEWS_FILE).write_text(add, encoding="utf-8")
    report = import_events(graph_copy, ICEWS, "icews")
    assert report.status == "replaced"
    assert (graph_copy / ICEWS_FILE).read_text(encoding="utf-8") == text
    putins = [a for a in list_actors(store.load(graph_copy)) if "Putin" in a.label]
    assert len(putins) == 1 and putins[0].iri == ACTOR.Vladimir_Putin
    assert validate(graph_copy).conforms


def test_later_imports_reuse_the_actors_of_earlier_ones(graph_copy):
    import_events(graph_copy, ICEWS14, "icews14")
    report = import_events(graph_copy, ICEWS, "icews")
    text = (graph_copy / ICEWS_FILE).read_text(encoding="utf-8")
    # "Military (Lebanon)" and "Citizen (United Kingdom)" were created by the ICEWS14 import
    assert 'rdfs:label "Military (Lebanon)"' not in text and "actor:Military_Lebanon" in text
    assert 'rdfs:label "Citizen (United Kingdom)"' not in text
    assert (report.actors_matched, sum(report.actors_created.values())) == (7, 29)
    # the earlier import's file is scanned, not parsed: it is unchanged, and still is after the later one
    assert import_events(graph_copy, ICEWS14, "icews14").status == "unchanged"
    assert validate(graph_copy).conforms
    # a file edited by hand (its counts no longer fit) is parsed as RDF instead, with the same result
    path = graph_copy / ICEWS14_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("22 claims", "21 claims", 1), encoding="utf-8")
    assert import_events(graph_copy, ICEWS, "icews").status == "unchanged"


def test_an_actor_another_import_uses_is_never_dropped(graph_copy):
    import_events(graph_copy, ICEWS14, "icews14")
    import_events(graph_copy, ICEWS, "icews")  # uses actor:Military_Lebanon, which the ICEWS14 file defines
    add_actor(graph_copy, ActorDraft("Lebanese Armed Forces", "GovernmentBody", ("Military (Lebanon)",)))
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, ICEWS14, "icews14")
    assert f"{graph_copy / ICEWS14_FILE} defines actor:Military_Lebanon, which {graph_copy / ICEWS_FILE} uses" in str(
        error.value
    )
    assert snapshot(graph_copy) == before


def test_the_same_data_in_another_file_is_refused(graph_copy):
    import_events(graph_copy, ICEWS, "icews")
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, ICEWS, "icews", file=graph_copy / "other.ttl")
    assert f"claim:icews-32889836-2018-06-01 is already in {graph_copy / ICEWS_FILE}" in str(error.value)
    assert snapshot(graph_copy) == before


def test_a_file_not_written_by_an_import_is_never_replaced(graph_copy):
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport, match="was not written by an event import"):
        import_events(graph_copy, ICEWS, "icews", file=graph_copy / "actors.ttl")
    with pytest.raises(InvalidImport, match="not inside the graph folder"):
        import_events(graph_copy, ICEWS, "icews", file=graph_copy.parent / "elsewhere.ttl")
    with pytest.raises(ReadOnlyGraph):
        import_events(None, ICEWS, "icews")
    assert snapshot(graph_copy) == before
    import_events(graph_copy, ICEWS14, "icews14")
    before = snapshot(graph_copy)
    other = write_icews(graph_copy.parent / "other-day.tab", excerpt_rows()[:2])
    with pytest.raises(InvalidImport, match=r"holds another import \(ICEWS14 benchmark facts from icews14-excerpt\)"):
        import_events(graph_copy, other, "icews", file=graph_copy / ICEWS14_FILE)
    assert snapshot(graph_copy) == before


def test_bad_rows_are_all_listed_and_nothing_is_written(graph_copy, tmp_path):
    rows = excerpt_rows()
    rows[2][6] = "999"  # unknown CAMEO code, line 4
    rows[4][1] = "2018-13-01"  # invalid date, line 6
    rows[6] = rows[6][:12]  # 12 columns instead of 20, line 8
    bad = write_icews(tmp_path / "bad.tab", rows)
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, bad, "icews")
    errors = error.value.errors
    assert len(errors) == 3
    assert errors[0].endswith(
        "bad.tab:4: unknown CAMEO code '999' — expected a code of the CAMEO codebook such as '190'"
    )
    assert errors[1].endswith("bad.tab:6: invalid Event Date '2018-13-01' — expected YYYY-MM-DD")
    assert errors[2].endswith("bad.tab:8: expected 20 tab-separated columns, found 12")
    assert snapshot(graph_copy) == before


def test_a_file_that_is_not_icews_is_refused(graph_copy, tmp_path):
    other = tmp_path / "claims.csv"
    other.write_text("subject,relation,object\nIran,backs,Hamas\n", encoding="utf-8")
    with pytest.raises(InvalidImport, match=r"claims.csv:1: not an ICEWS event file"):
        import_events(graph_copy, other, "icews")
    with pytest.raises(InvalidImport, match="not a folder"):
        import_events(graph_copy, ICEWS, "icews14")


def test_missing_actors_are_skipped_and_counted(graph_copy, tmp_path):
    rows = excerpt_rows()[:4]
    rows[1][8] = "NA"  # no target actor
    report = import_events(graph_copy, write_icews(tmp_path / "na.tab", rows), "icews")
    assert (report.events, report.claims, dict(report.skipped)) == (4, 3, {"missing actor": 1})
    assert "skipped 1: source or target actor missing (NA)" in report.summary()


def test_awkward_names_and_text_round_trip(graph_copy, tmp_path):
    rows = excerpt_rows()[:1]
    names = ['Nicholas "Nick" Xenophon', "Børge Brende \\ (Norway)", "Café\u00a0 x"]
    rows[0][2], rows[0][8] = names[0], names[1]
    second = list(rows[0])
    second[0], second[2], second[8] = "32889999", names[2], names[0]
    write_icews(tmp_path / "odd.tab", [rows[0], second])
    import_events(graph_copy, tmp_path / "odd.tab", "icews")
    labels = {a.label for a in list_actors(store.load(graph_copy))}
    # a no-break space or a run of spaces is one space
    assert {'Nicholas "Nick" Xenophon', "Børge Brende \\ (Norway)", "Café x"} <= labels
    assert validate(graph_copy).conforms


def test_turtle_strings_escape_what_turtle_needs():
    text = 'a "quote", a \\ backslash,\na newline, a\ttab, a \x01 control and é ✓'
    graph = Graph().parse(data=f"<urn:s> <urn:p> {turtle_string(text)} .", format="turtle")
    assert graph.value(URIRef("urn:s"), URIRef("urn:p")) == Literal(text)


def test_dry_run_reports_and_writes_nothing(graph_copy):
    before = snapshot(graph_copy)
    report = import_events(graph_copy, ICEWS, "icews", dry_run=True)
    assert report.dry_run and report.claims == 26 and report.status == "added"
    summary = report.summary()
    assert summary.startswith(f"would write {graph_copy / ICEWS_FILE}: 26 machine-coded claims from 27 events")
    assert "31 new (15 Person, 6 GovernmentBody, 5 State, 4 ArmedGroup, 1 Organization)" in summary
    assert "skipped 1: CAMEO code maps to no actor relation" in summary
    assert snapshot(graph_copy) == before


def test_curated_and_machine_coded_claims_can_be_queried_apart(graph_copy):
    import_events(graph_copy, ICEWS, "icews")
    dataset = store.load(graph_copy)
    count = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ag:Claim . %s }"
    machine = dataset.query(count % "?c ag:origin ag:MachineCoded .")
    curated = dataset.query(count % "FILTER NOT EXISTS { ?c ag:origin ag:MachineCoded }")
    assert [int(row[0]) for row in machine] == [26]
    assert [int(row[0]) for row in curated] == [41]


# --- importing the ICEWS14 benchmark ------------------------------------------------------------


def test_icews14_import(graph_copy):
    calls: list[tuple[int, int]] = []
    report = import_events(graph_copy, ICEWS14, "icews14", progress=lambda done, total: calls.append((done, total)))
    assert (report.events, report.claims) == (24, 22)
    assert dict(report.skipped) == {"no relation": 1, "same actor": 1}
    assert report.target == graph_copy / ICEWS14_FILE
    assert calls[0] == (0, 24) and calls[-1] == (24, 24)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)

    claims = machine_claims(graph_copy)
    praise = claims[str(CLAIM["icews14-2-5-53-220"])]
    assert (praise.subject_iri, praise.relation, praise.object_iri) == (ACTOR.Iran, "supports", ACTOR.Hamas)
    assert (praise.cameo_code, praise.goldstein, str(praise.date)) == ("051", 3.4, "2014-08-09")
    assert praise.event_id == "2-5-53-220"
    assert praise.source == "ICEWS14 temporal knowledge-graph benchmark"
    assert praise.quote == "Iran — Praise or endorse — Hamas (ICEWS14 fact)"
    actors = {a.label: a for a in list_actors(store.load(graph_copy))}
    assert actors["Hezbollah"].iri == ACTOR.Hezbollah  # the seed's, matched by label
    assert actors["Military Wing (Hamas)"].type == "ArmedGroup"
    assert actors["Israeli Defense Forces"].type == "GovernmentBody"
    assert actors["Iraq"].type == "State" and actors["Barack Obama"].type == "Person"
    by_code = {c.cameo_code: c for c in claims.values()}
    assert (by_code["192"].relation, by_code["192"].object) == ("incursionInto", "Iraq")
    assert (by_code["1823"].relation, by_code["1823"].object) == ("killed", "Citizen (United Kingdom)")
    assert (by_code["186"].relation, by_code["186"].object) == ("attacked", "Hamas")  # killed expects a person
    assert by_code["072"].relation == "backs"
    assert import_events(graph_copy, ICEWS14, "icews14").status == "unchanged"


def test_icews14_bad_lines_name_file_and_line(graph_copy, tmp_path):
    folder = tmp_path / "icews14"
    folder.mkdir()
    for path in ICEWS14.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    lines = (folder / "train.txt").read_text(encoding="utf-8").splitlines()
    lines[1] = "2\t5\t999999\t220"  # unknown entity
    lines[3] = "2\t5\t53\t400"  # no day 400 in 2014
    lines[5] = "2 5 53"  # not four tab-separated numbers
    (folder / "train.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as error:
        import_events(graph_copy, folder, "icews14")
    errors = [e.rsplit("/", 1)[-1] for e in error.value.errors]
    assert errors == [
        "train.txt:2: unknown entity 999999",
        "train.txt:4: day 400 is not in 2014 (0 to 364)",
        "train.txt:6: expected 4 tab-separated numbers (head, relation, tail, day), found '2 5 53'",
    ]
    assert snapshot(graph_copy) == before


# --- aggregation --------------------------------------------------------------------------------


def test_repeated_events_aggregate_into_one_edge_keeping_the_claims(graph_copy):
    import_events(graph_copy, ICEWS14, "icews14")
    network = build_network(store.load(graph_copy))
    netanyahu, hamas = str(ACTOR.Benjamin_Netanyahu), str(ACTOR.Hamas)
    accuses = network.edges[netanyahu, hamas, "accuses"]
    assert (accuses["count"], accuses["first"], accuses["last"]) == (4, "2014-06-16", "2014-08-07")
    assert (accuses["goldstein"], accuses["machine_coded"], accuses["curated"]) == (-2.0, 4, 0)
    assert len(accuses["claims"]) == 4
    obama = str(ACTOR.Barack_Obama)
    talks = network.edges[obama, netanyahu, "cooperatesWith"]
    assert (talks["count"], talks["goldstein"], talks["first"], talks["last"]) == (2, 1.9, "2014-03-02", "2014-03-03")
    # the curated seed claims are summed up too: no Goldstein score, no date
    threat = network.edges[netanyahu, hamas, "threatens"]
    assert threat["curated"] == 1 and threat["machine_coded"] == 1 and threat["count"] == 2


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sectors", "expected"),
    [("Benjamin Netanyahu", ["Government", "Executive Office"], "Person"),
     ("Police (India)", [], "GovernmentBody"), ("Head of Government (Israel)", [], "Person"),
     ("Military Personnel (Libya)", [], "Person"), ("Foreign Affairs (Bangladesh)", [], "GovernmentBody"),
     ("Terrorist (Hamas)", [], "ArmedGroup"), ("Armed Rebel (Syria)", [], "ArmedGroup"),
     ("Business (Panama)", [], "Organization"), ("Al Qaeda", [], "ArmedGroup"), ("Boko Haram", [], "ArmedGroup"),
     ("Lok Sabha", [], "GovernmentBody"), ("Aam Aadmi Party", [], "Organization"), ("BBC", ["Media"], "Organization"),
     ("Russian Federation", [], "State"), ("Palestinian Territory, Occupied", [], "State"),
     ("Catalonia", [], "Organization"), ("Al Jazeera", ["News", "Government"], "Organization"),
     ("Pdea", ["Executive", "Drugs Ministry"], "GovernmentBody")],
)  # fmt: skip
def test_class_inference(name, sectors, expected):
    assert infer_class(name, sectors)[0] == expected


def test_default_file_names():
    assert default_file(ICEWS, "icews") == ICEWS_FILE
    assert default_file(ICEWS14, "icews14") == ICEWS14_FILE
    assert default_file("/data/20180601-icews-events.tab", "icews") == "icews-20180601-icews-events.ttl"


# --- the command line ---------------------------------------------------------------------------


def test_cli_import_icews_dry_run_then_for_real(runner, graph_copy):
    before = snapshot(graph_copy)
    dry = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "icews", str(ICEWS), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would write" in dry.stdout and "26 machine-coded claims" in dry.stdout
    assert snapshot(graph_copy) == before
    real = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "icews14", str(ICEWS14)])
    assert real.exit_code == 0, real.output
    assert real.stdout.startswith("wrote ") and (graph_copy / ICEWS14_FILE).exists()
    assert "Importing events" in real.stderr


def test_cli_import_csv_still_works_and_folders_need_icews14(runner, graph_copy, tmp_path):
    table = tmp_path / "claims.csv"
    table.write_text(
        "subject,relation,object,source,quote,credibility\n"
        "Iran,backs,Hamas,news-2024-10-01-iran-israel-hezbollah,the Iranian-backed Hamas in Gaza,2\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", str(table)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added 1 claims")
    folder = runner.invoke(cli, ["--graph", str(graph_copy), "import", str(ICEWS14)])
    assert folder.exit_code == 2 and "a CSV import reads one file" in folder.output
