"""Spreadsheets round-trip: what ``claims --format csv`` writes, ``import`` reads back unchanged;
rows create actors from their class columns; ``--format json`` for scripts on the write commands
and ``validate``."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import made_up_quotes

from actorgraph import resources, store
from actorgraph.actors import list_actors
from actorgraph.claims import CLAIM_FIELDS, list_claims
from actorgraph.cli import cli
from actorgraph.importers import COLUMNS
from actorgraph.validate import validate

SOURCE = "news-2024-10-01-iran-israel-hezbollah"
SEED_CLAIMS = "claims-2024-10-01-iran-israel-hezbollah.ttl"
CLASSES = "(classes: ArmedGroup, GovernmentBody, Organization, Person, State)"


graph_copy = made_up_quotes()  # the seed graph without its text: these quotes are made up


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def without_review(sheet: str) -> list[list[str]]:
    """The rows of a claims CSV without the review columns, which show the disputes of a claim."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(sheet)))
    keep = [n for n, name in enumerate(rows[0]) if name not in ("status", "disputes")]
    return [[row[n] for n in keep] for row in rows]


def claims_csv(runner, folder: Path, *options: str) -> str:
    result = runner.invoke(cli, ["--graph", str(folder), "claims", "--format", "csv", *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def run(runner, folder: Path, *words: str):
    return runner.invoke(cli, ["--graph", str(folder), *words])


def refused(runner, folder: Path, sheet: Path) -> str:
    """What ``import`` says on stderr of a sheet it refuses, having written nothing."""
    before = snapshot(folder)
    result = run(runner, folder, "import", str(sheet))
    assert (result.exit_code, result.stdout) == (1, "")
    assert snapshot(folder) == before
    return result.stderr


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the identity round trip ------------------------------------------------------------------


def test_one_list_of_columns_both_ways(runner, tmp_path):
    header = claims_csv(runner, resources.bundled_graph_dir()).splitlines()[0]
    assert header.split(",") == CLAIM_FIELDS
    assert sorted(COLUMNS) == sorted(CLAIM_FIELDS)  # the import says what it does with every column


def test_claims_csv_imports_back_into_its_graph_as_already_there(runner, graph_copy, tmp_path):
    sheet = write(tmp_path / "claims.csv", claims_csv(runner, graph_copy))
    before = snapshot(graph_copy)
    result = run(runner, graph_copy, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert result.stdout == "added 0 claims (41 already there) in no file\n"
    assert snapshot(graph_copy) == before


def test_claims_csv_recreates_the_seed_graph_in_a_folder_with_only_the_vocabulary(runner, graph_copy, tmp_path):
    before = claims_csv(runner, graph_copy)
    sheet = write(tmp_path / "claims.csv", before)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(runner, empty, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"added 41 claims (0 already there) in {empty}/actors.ttl, {empty}/sources.ttl, {empty}/claims.ttl\n"
    )
    # Byte for byte: ids, IRIs, labels, classes, dates, ratings; disputes are records of their own
    # (`dispute`), which the review columns show and an import does not make.
    assert without_review(claims_csv(runner, empty)) == without_review(before)
    assert validate(empty).conforms
    assert run(runner, empty, "import", str(sheet)).stdout == "added 0 claims (41 already there) in no file\n"


def test_claims_csv_recreates_the_claims_beside_the_seed_actors_and_sources(runner, graph_copy, tmp_path):
    before = claims_csv(runner, graph_copy)
    sheet = write(tmp_path / "claims.csv", before)
    (graph_copy / SEED_CLAIMS).unlink()
    actors = (graph_copy / "actors.ttl").read_bytes()
    result = run(runner, graph_copy, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert without_review(claims_csv(runner, graph_copy)) == without_review(before)
    assert (graph_copy / "actors.ttl").read_bytes() == actors  # every actor found, none created
    assert validate(graph_copy).conforms


def test_text_a_spreadsheet_would_run_as_a_formula_comes_back_as_written(runner, graph_copy, tmp_path):
    for quote in ("=HYPERLINK(1) is what it said", "'=quoted already", "-300 drones, it said "):
        result = run(runner, graph_copy, "add", "Iran", "backs", "Hamas", "--source", SOURCE, "--quote", quote)
        assert result.exit_code == 0, result.output
    before = claims_csv(runner, graph_copy)
    assert "'=HYPERLINK(1)" in before and "''=quoted already" in before and "'-300 drones" in before
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(runner, empty, "import", str(write(tmp_path / "c.csv", before))).exit_code == 0
    assert without_review(claims_csv(runner, empty)) == without_review(before)
    quotes = {c.quote for c in list_claims(store.load(empty), actor="Hamas")}
    assert {"=HYPERLINK(1) is what it said", "'=quoted already", "-300 drones, it said "} <= quotes


def test_retracted_rows_repeat_but_are_not_made(runner, graph_copy, tmp_path):
    assert run(runner, graph_copy, "retract", "iran-backs-hamas", "--reason", "a test retraction").exit_code == 0
    sheet = write(tmp_path / "all.csv", claims_csv(runner, graph_copy, "--include-deprecated"))
    result = run(runner, graph_copy, "import", str(sheet))
    assert result.stdout == "added 0 claims (41 already there) in no file\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    (line,) = [n for n, row in enumerate(sheet.read_text(encoding="utf-8").splitlines(), 1) if "true,a test" in row]
    assert refused(runner, empty, sheet) == (
        f"Error: nothing imported: 1 bad row\n{sheet}:{line}: deprecated 'true', deprecation_reason 'a test "
        "retraction': a row can repeat a retracted or machine-coded claim, not make one — retract it after "
        "importing, or import the event data\n"
    )


def test_an_id_taken_by_another_claim_is_refused(runner, graph_copy, tmp_path):
    sheet = write(
        tmp_path / "c.csv",
        f"id,subject,relation,object,source,quote\niran-backs-hamas,Iran,backs,Hamas,{SOURCE},other words\n",
    )
    assert refused(runner, graph_copy, sheet) == (
        f"Error: nothing imported: 1 bad row\n{sheet}:2: claim:iran-backs-hamas exists already with another "
        "triple, source, quote or dates — leave the id empty to add this as a new claim\n"
    )


def test_columns_that_disagree_are_refused(runner, graph_copy, tmp_path):
    sheet = write(
        tmp_path / "c.csv",
        "subject,subject_iri,relation,predicate,object,source,quote,confidence,reliability\n"
        f"Iran,,backs,killed,Hamas,{SOURCE},q q q,,\n"
        f"Hamas,https://w3id.org/actorgraph/actor/Iran,backs,,Hezbollah,{SOURCE},q q q,,\n"
        f"Iran,,backs,,Hamas,{SOURCE},q q q,B2,C\n",
    )
    assert refused(runner, graph_copy, sheet) == (
        "Error: nothing imported: 2 bad rows\n"
        f"{sheet}:2: relation 'backs' and predicate 'killed' differ — correct one of them\n"
        f"{sheet}:4: confidence 'B2' differs from reliability 'C' and credibility '2' — correct one of them\n"
    )
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(",killed,", ",,").replace("B2,C", ","))
    assert refused(runner, graph_copy, sheet) == (
        "Error: nothing imported: 1 bad row\n"
        f"{sheet}:3: subject 'Hamas' is not a name of actor:Iran (Iran) — correct subject or subject_iri\n"
    )


def test_an_unknown_column_gets_its_likely_name(runner, graph_copy, tmp_path):
    sheet = write(tmp_path / "c.csv", "subject,relation,object,source,qoute,source_date,colour\n")
    assert refused(runner, graph_copy, sheet) == (
        "Error: nothing imported: 4 bad rows\n"
        f"{sheet}:1: missing column(s) quote\n"
        f"{sheet}:1: unknown column 'qoute' — did you mean 'quote'?\n"
        f"{sheet}:1: unknown column 'source_date' — did you mean 'reported'?\n"
        f"{sheet}:1: unknown column 'colour' — expected a column that claims --format csv writes\n"
    )


# --- rows that create actors ------------------------------------------------------------------


def test_type_columns_create_the_actors_a_row_names(runner, graph_copy, tmp_path):
    sheet = write(
        tmp_path / "c.csv",
        "subject,relation,object,source,quote,reported,subject_type,object_type\n"
        "Qatar,mediatesWith,Hamas,https://example.org/q,Qatar has mediated,2024-10-02,,\n"  # created below
        "Qatar,mediatesWith,Islamic Jihad,https://example.org/q,Qatar has talked to them,2024-10-02,State,ArmedGroup\n"
        "Iran,backs,Islamic Jihad,https://example.org/q,Iran backs Islamic Jihad,2024-10-02,State,\n",
    )
    result = run(runner, graph_copy, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"added 3 claims (0 already there) in {graph_copy}/actors.ttl, {graph_copy}/sources.ttl, "
        f"{graph_copy}/claims.ttl\n"
    )
    actors = {a.label: a.type for a in list_actors(store.load(graph_copy))}
    assert (actors["Qatar"], actors["Islamic Jihad"], actors["Iran"]) == ("State", "ArmedGroup", "State")
    assert (graph_copy / "actors.ttl").read_text(encoding="utf-8").count('rdfs:label "Qatar"') == 1
    assert validate(graph_copy).conforms


def test_a_bad_class_gets_did_you_mean(runner, graph_copy, tmp_path):
    sheet = write(
        tmp_path / "c.csv",
        f"subject,relation,object,source,quote,subject_type\nQatar,backs,Hamas,{SOURCE},q q q,Stat\n"
        f"Iran,backs,Hamas,{SOURCE},q q q,Person\n",
    )
    assert refused(runner, graph_copy, sheet) == (
        "Error: nothing imported: 2 bad rows\n"
        f"{sheet}:2: unknown actor type 'Stat' — did you mean 'State'?\n"
        f"{sheet}:3: Iran is a State, not a Person — correct subject_type\n"
    )


def test_an_unknown_actor_without_a_class_names_its_row_and_the_column(runner, graph_copy, tmp_path):
    sheet = write(tmp_path / "c.csv", f"subject,relation,object,source,quote\nIran,backs,Qatar,{SOURCE},q q q\n")
    assert refused(runner, graph_copy, sheet) == (
        "Error: nothing imported: 1 bad row\n"
        f"{sheet}:2: unknown actor 'Qatar' — to create it, give its class in the object_type column {CLASSES}\n"
    )


# --- JSON for scripts -------------------------------------------------------------------------


def test_import_json(runner, graph_copy, tmp_path):
    sheet = write(
        tmp_path / "c.csv",
        f"subject,relation,object,source,quote,date\nIran,backs,Hamas,{SOURCE},Iran backs Hamas,2024-10\n",
    )
    result = run(runner, graph_copy, "import", str(sheet), "--output-format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "added": 1,
        "unchanged": 0,
        "dry_run": False,
        "files": [f"{graph_copy}/claims.ttl"],
        "notes": [
            f"{sheet}:2: 'backs' is a state of affairs: its date 2024-10 is read as in force on that date (and "
            "from then on); give a start or an end for when it began or ended"
        ],
    }
    assert result.stderr.startswith(f"warning: {sheet}:2: 'backs' is a state of affairs")


def test_failed_import_json_lists_file_line_and_message(runner, graph_copy, tmp_path):
    sheet = write(
        tmp_path / "c.csv",
        f"subject,relation,object,source,quote\nIran,bakcs,Hamas,{SOURCE},q q q\nIran,backs,Hamas,{SOURCE},q\n",
    )
    result = run(runner, graph_copy, "import", str(sheet), "--output-format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "error": "nothing imported: 2 bad rows",
        "errors": [
            {"file": str(sheet), "line": 2, "message": "unknown relation 'bakcs' — did you mean 'backs'?"},
            {
                "file": str(sheet),
                "line": 3,
                "message": "invalid quote 'q' — expected the source's words, verbatim (at least 3 characters)",
            },
        ],
    }
    assert result.stderr == "Error: nothing imported: 2 bad rows\n"


def test_validate_json(runner, graph_copy):
    result = run(runner, graph_copy, "validate", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["valid"], report["claims"], report["problems"]) == (True, 41, [])
    claims = graph_copy / SEED_CLAIMS
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace('ag:reliability "F" ; ag:credibility 2 .', 'ag:reliability "F" ; ag:credibility 9 .', 1)
    )
    result = run(runner, graph_copy, "validate", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem == {
        "location": f"{claims}:25",
        "focus": "claim:iran-backs-hezbollah",
        "message": "ag:credibility is one Admiralty number, 1 to 6 (found 9)",
        "rule": "ag:credibility",
    }


def test_add_and_retract_json_carry_the_notes(runner, graph_copy):
    result = run(runner, graph_copy, "add", "Iran", "backs", "Hamas", "--source", SOURCE, "--quote", "Iran backs Hamas",
                 "--date", "2024", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    note = (
        "'backs' is a state of affairs: its date 2024 is read as in force on that date (and from then on); "
        "give a start or an end for when it began or ended"
    )
    assert json.loads(result.stdout) == {
        "action": "added",
        "iri": "https://w3id.org/actorgraph/claim/iran-backs-hamas-2",
        "id": "claim:iran-backs-hamas-2",
        "files": [f"{graph_copy}/claims.ttl"],
        "details": [],
        "notes": [note],
    }
    assert result.stderr == f"warning: {note}\n"
    result = run(runner, graph_copy, "retract", "iran-backs-hamas-2", "--reason", "a test", "--format", "json")
    assert json.loads(result.stdout) == {
        "action": "retracted",
        "iri": "https://w3id.org/actorgraph/claim/iran-backs-hamas-2",
        "id": "claim:iran-backs-hamas-2",
        "files": [f"{graph_copy}/claims.ttl"],
        "details": ["the triple stays: 1 other claim(s) back it"],
        "notes": [],
    }
    result = run(runner, graph_copy, "actor", "add", "Qatar", "--type", "State", "--format", "json")
    assert json.loads(result.stdout)["id"] == "actor:Qatar"


def test_json_errors_stay_one_line_on_stderr(runner, graph_copy):
    result = run(runner, graph_copy, "retract", "nope-nope", "--reason", "x", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: unknown claim 'nope-nope'\n")
