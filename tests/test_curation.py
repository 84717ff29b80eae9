"""Curation: add, actor add, retract and CSV import — checked first, atomic, locked, lossless."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import without_source_texts

from actorgraph import store
from actorgraph.claims import list_claims
from actorgraph.cli import cli
from actorgraph.curation import ActorDraft, ClaimDraft, add_actor, add_claim, retract
from actorgraph.errors import InvalidClaim, InvalidImport, ReadOnlyGraph, UnknownActor, UnknownClaim, UnknownRelation
from actorgraph.importers import import_csv
from actorgraph.validate import validate

SOURCE = "news-2024-10-01-iran-israel-hezbollah"
SEED_CLAIMS = "claims-2024-10-01-iran-israel-hezbollah.ttl"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def draft(**changes) -> ClaimDraft:
    fields = dict(subject="Iran", relation="backs", object="Hamas", source=SOURCE,
                  quote="the Iranian-backed Hamas in Gaza", reliability="F", credibility=2)  # fmt: skip
    return ClaimDraft(**{**fields, **changes})


def test_add_round_trip_keeps_existing_text(graph_copy):
    before = snapshot(graph_copy)
    change = add_claim(graph_copy, draft())
    assert change.action == "added"
    assert change.iri == "https://w3id.org/actorgraph/claim/iran-backs-hamas-2"
    after = snapshot(graph_copy)
    assert {k: v for k, v in after.items() if k != "claims.ttl"} == before
    claims = [c for c in list_claims(store.load(graph_copy), actor="Hamas") if c.iri.endswith("iran-backs-hamas-2")]
    (claim,) = claims
    assert (claim.subject, claim.relation, claim.object, claim.quote, claim.confidence) == (
        "Iran", "backs", "Hamas", "the Iranian-backed Hamas in Gaza", "F2")  # fmt: skip
    assert validate(graph_copy).conforms


def test_identical_claim_is_not_added_twice(graph_copy):
    add_claim(graph_copy, draft())
    before = snapshot(graph_copy)
    change = add_claim(graph_copy, draft())
    assert change.action.startswith("unchanged")
    assert change.iri.endswith("iran-backs-hamas-2")
    assert snapshot(graph_copy) == before


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (
            {"object": "Hamass"},
            UnknownActor,
            "unknown actor 'Hamass' — did you mean 'Hamas'? To create it, pass ActorDraft('Hamass', CLASS) in "
            "new_actors (classes: ArmedGroup, GovernmentBody, Organization, Person, State)",
        ),
        ({"relation": "bakcs"}, UnknownRelation, "unknown relation 'bakcs' — did you mean 'backs'?"),
        (
            {"relation": "killed"},
            InvalidClaim,
            "'killed' takes a Person as object; Hamas is an ArmedGroup",
        ),
        ({"credibility": 9}, InvalidClaim, "invalid credibility 9 — expected one Admiralty number, 1 to 6"),
        (
            {"date": "2024-09", "end": "2024-10"},
            InvalidClaim,
            "give `date` for an event or `start`/`end` for a state of affairs, not both",
        ),
        (
            {"source": "https://example.org/new"},
            InvalidClaim,
            "unknown source 'https://example.org/new': to cite a new source, give its date (`source_date`; in a "
            "spreadsheet, the reported column)",
        ),
    ],
)
def test_a_bad_claim_changes_nothing(graph_copy, changes, error, message):
    before = snapshot(graph_copy)
    with pytest.raises(error) as raised:
        add_claim(graph_copy, draft(**changes))
    assert str(raised.value) == message
    assert snapshot(graph_copy) == before


def test_new_actor_only_when_named_with_a_class(graph_copy):
    qatar = draft(subject="Qatar", relation="mediatesWith", quote="Qatar mediated", source="https://example.org/q",
                  source_date="2024-10-02")  # fmt: skip
    with pytest.raises(UnknownActor):
        add_claim(graph_copy, qatar)
    change = add_claim(graph_copy, qatar, new_actors=(ActorDraft("Qatar", "State", ("State of Qatar",)),))
    written = {p.name for p in change.writes}
    assert written == {"actors.ttl", "sources.ttl", "claims.ttl"}
    graph = store.load(graph_copy)
    (claim,) = list_claims(graph, actor="State of Qatar")
    assert (claim.subject, claim.source, claim.reported.text) == ("Qatar", "https://example.org/q", "2024-10-02")
    assert validate(graph_copy).conforms
    with pytest.raises(InvalidClaim) as raised:
        add_actor(graph_copy, ActorDraft("qatar", "State"))
    assert str(raised.value) == "an actor called 'qatar' exists already (Qatar): use its name"


def test_writes_need_a_named_folder_and_never_the_packaged_seed(monkeypatch):
    monkeypatch.delenv("ACTORGRAPH_GRAPH", raising=False)
    with pytest.raises(ReadOnlyGraph) as raised:
        add_claim(None, draft())
    assert str(raised.value).startswith("name the graph folder to change with the path argument")


def test_retract_round_trip(graph_copy):
    seed_file = graph_copy / SEED_CLAIMS
    before = seed_file.read_text(encoding="utf-8")
    change = retract(graph_copy, "claim:iran-backs-hamas", "superseded by a better source")
    assert change.action == "retracted"
    after = seed_file.read_text(encoding="utf-8")
    assert "actor:Iran ag:backs actor:Hamas .\n" in before and "actor:Iran ag:backs actor:Hamas .\n" not in after
    assert (
        'claim:iran-backs-hamas ag:rank ag:DeprecatedRank ;\n    ag:deprecationReason "superseded by a better source"'
        in after
    )
    # Everything else is kept byte for byte.
    marker_start = after.index("\n\nclaim:iran-backs-hamas ag:rank")
    marker_end = after.index("^^xsd:date .", marker_start) + len("^^xsd:date .")
    assert after[:marker_start] + after[marker_end:] == before.replace("actor:Iran ag:backs actor:Hamas .\n", "")
    graph = store.load(graph_copy)
    assert [c.relation for c in list_claims(graph, actor="Hamas", relation="backs")] == []
    (kept,) = [c for c in list_claims(graph, actor="Hamas", include_deprecated=True) if c.relation == "backs"]
    assert (kept.deprecated, kept.deprecation_reason) == (True, "superseded by a better source")
    assert validate(graph_copy).conforms
    assert retract(graph_copy, "iran-backs-hamas", "again").action.startswith("unchanged")


def test_retract_keeps_a_triple_another_claim_backs(graph_copy):
    add_claim(graph_copy, draft())
    change = retract(graph_copy, "iran-backs-hamas", "duplicate")
    assert change.details == ["the triple stays: 1 other claim(s) back it"]
    graph = store.load(graph_copy)
    assert [c.iri.rsplit("/", 1)[-1] for c in list_claims(graph, actor="Hamas", relation="backs")] == [
        "iran-backs-hamas-2"
    ]
    assert validate(graph_copy).conforms


def test_retract_unknown_claim(graph_copy):
    with pytest.raises(UnknownClaim) as raised:
        retract(graph_copy, "iran-bakcs-hamas", "typo")
    assert str(raised.value) == "unknown claim 'iran-bakcs-hamas' — did you mean 'iran-backs-hamas'?"


# --- CSV import -------------------------------------------------------------------------------

# Quotes from the seed report (../shared/sources/news-2024-10-01-iran-israel-hezbollah.txt).
GOOD_CSV = f"""subject,relation,object,source,quote,date,reliability,credibility
Hezbollah,atWarWith,Israel,{SOURCE},"Israel, however, has moved up brigades to the north",,F,2
Israel Defense Forces,attacked,Hezbollah,{SOURCE},"the military “is taking action.”",2024-10-01,F,3
"""


def test_csv_import(graph_copy, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    report = import_csv(graph_copy, path)
    assert (report.added, report.unchanged) == (2, 0)
    assert validate(graph_copy).conforms
    again = import_csv(graph_copy, path)
    assert (again.added, again.unchanged) == (0, 2)


def test_csv_rows_share_a_new_source_and_a_new_triple(graph_copy, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(
        "subject,relation,object,source,quote,reported\n"
        "Iran,backs,Palestinian fighters,https://example.org/a,first quote,2024-10-02\n"
        "Iran,backs,Palestinian fighters,https://example.org/a,second quote,2024-10-02\n",
        encoding="utf-8",
    )
    sources = (graph_copy / "sources.ttl").read_text(encoding="utf-8").count("a ag:Source")
    assert import_csv(graph_copy, path).added == 2
    assert (graph_copy / "sources.ttl").read_text(encoding="utf-8").count("a ag:Source") == sources + 1
    claims = (graph_copy / "claims.ttl").read_text(encoding="utf-8")
    assert claims.count("actor:Iran ag:backs actor:Palestinian_fighters .") == 1
    assert "claim:iran-backs-palestinian-fighters-2 a ag:Claim" in claims
    assert validate(graph_copy).conforms


def test_csv_import_lists_every_bad_row_and_writes_nothing(graph_copy, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(
        GOOD_CSV + f"Nasralah,leads,Hezbollah,{SOURCE},q q q,,F,2\nIran,bakcs,Hamas,{SOURCE},q q q,,F,2\n"
        f"Iran,backs,Hamas,{SOURCE},q q q,,F,x\n",
        encoding="utf-8",
    )
    before = snapshot(graph_copy)
    with pytest.raises(InvalidImport) as raised:
        import_csv(graph_copy, path)
    assert raised.value.errors == [f"{path}:6: invalid credibility 'x' — expected one Admiralty number, 1 to 6"]
    path.write_text(GOOD_CSV + f"Nasralah,leads,Hezbollah,{SOURCE},q q q,,F,2\nIran,bakcs,Hamas,{SOURCE},q q q,,F,2\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InvalidImport) as raised:
        import_csv(graph_copy, path)
    assert raised.value.errors == [
        f"{path}:4: unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'? To create it, give its class in the "
        "subject_type column (classes: ArmedGroup, GovernmentBody, Organization, Person, State)",
        f"{path}:5: unknown relation 'bakcs' — did you mean 'backs'?",
    ]
    assert snapshot(graph_copy) == before


def test_csv_header_is_checked(graph_copy, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("subject,relation,object,source,qoute\n", encoding="utf-8")
    with pytest.raises(InvalidImport) as raised:
        import_csv(graph_copy, path)
    assert raised.value.errors[0] == f"{path}:1: missing column(s) quote"
    assert raised.value.errors[1] == f"{path}:1: unknown column 'qoute' — did you mean 'quote'?"


def test_dry_run_writes_nothing(graph_copy, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    before = snapshot(graph_copy)
    assert import_csv(graph_copy, path, dry_run=True).added == 2
    assert add_claim(graph_copy, draft(), dry_run=True).action == "would add"
    assert snapshot(graph_copy) == before


# --- concurrency and crashes, with real processes ---------------------------------------------


def _python(code: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], **kwargs)


def test_concurrent_adds_both_land(graph_copy):
    code = f"""
        import sys
        from actorgraph.curation import ClaimDraft, add_claim
        quote = sys.argv[1]
        add_claim(sys.argv[2], ClaimDraft("Iran", "backs", "Hamas", source="{SOURCE}", quote=quote))
    """
    quotes = ["the Iranian-backed Hamas", "Iranian-backed Hamas in Gaza", "Hamas in Gaza", "the Iranian-backed"]
    processes = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), quote, str(graph_copy)]) for quote in quotes
    ]
    assert [p.wait(timeout=120) for p in processes] == [0, 0, 0, 0]
    claims = list_claims(store.load(graph_copy), actor="Hamas", relation="backs")
    assert sorted(c.quote for c in claims) == sorted([*quotes, "Netanyahu, who instead promised to carry on against "
                                                      "Hezbollah and the Iranian-backed Hamas in Gaza"])  # fmt: skip
    assert validate(graph_copy).conforms


def test_a_killed_writer_leaves_the_old_file_or_the_new_one(tmp_path):
    """The writer stops at each step of a write (its data flushed, the rename done) and says so;
    it is killed there, so every step is hit, not whatever a timer happens to meet."""
    target = tmp_path / "claims.ttl"
    versions = [f"# version {i}\n" + ("actor:x ag:backs actor:y .\n" * 20000) for i in range(2)]
    target.write_text(versions[0], encoding="utf-8")
    code = f"""
        import os, sys
        from pathlib import Path
        from actorgraph.files import atomic_write

        def step(name, real):
            def pause(*args):
                sys.stdout.write(name)
                sys.stdout.flush()
                sys.stdin.read(1)  # the test kills us here, or lets us go on
                return real(*args)
            return pause

        os.fsync = step("F", os.fsync)
        os.replace = step("R", os.replace)
        versions = [f"# version {{i}}\\n" + ("actor:x ag:backs actor:y .\\n" * 20000) for i in range(2)]
        for i in range(1, 100):
            atomic_write(Path({str(target)!r}), versions[i % 2])
    """
    seen = set()
    for stops in range(1, 9):  # kill at the first, second, ... step of successive writes
        writer = _python(code, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert writer.stdin is not None and writer.stdout is not None
        for _ in range(stops - 1):
            seen.add(writer.stdout.read(1))
            writer.stdin.write(b"g")
            writer.stdin.flush()
        seen.add(writer.stdout.read(1))  # it is paused inside atomic_write now
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        assert target.read_text(encoding="utf-8") in versions
    assert seen == {b"F", b"R"}  # killed both before and at the rename


def test_a_killed_import_leaves_a_valid_graph(graph_copy, tmp_path):
    path = tmp_path / "many.csv"
    rows = [f"Iran,backs,Hamas,{SOURCE},quote number {i},,F,3" for i in range(400)]
    path.write_text("subject,relation,object,source,quote,date,reliability,credibility\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")  # fmt: skip
    without_source_texts(graph_copy)  # 400 made-up quotes
    before = snapshot(graph_copy)
    # The importer says when it is about to rename a written file into place, and waits there.
    code = f"""
        import os, sys
        from actorgraph.cli import cli

        def pause(*args, real=os.replace):
            sys.stdout.write("R")
            sys.stdout.flush()
            sys.stdin.read(1)
            return real(*args)

        os.replace = pause
        cli.main(["--graph", {str(graph_copy)!r}, "import", {str(path)!r}])
    """
    importer = _python(code, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert importer.stdout is not None
    assert importer.stdout.read(1) == b"R"  # the claims are written, not yet in place
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    after = snapshot(graph_copy)
    assert validate(graph_copy).conforms
    claims_file = after.get("claims.ttl", b"").decode("utf-8")
    assert claims_file.count("a ag:Claim") in (0, 400)
    assert {k: v for k, v in after.items() if k != "claims.ttl"} == before


# --- command line -----------------------------------------------------------------------------


def test_cli_add_and_retract(runner, graph_copy):
    args = ["--graph", str(graph_copy), "add", "Iran", "backs", "Hamas", "--source", SOURCE,
            "--quote", "the Iranian-backed Hamas in Gaza", "--credibility", "2"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"added claim:iran-backs-hamas-2 in {store.display_path(graph_copy / 'claims.ttl')}\n"
    result = runner.invoke(cli, ["--graph", str(graph_copy), "retract", "iran-backs-hamas-2", "--reason", "duplicate"])
    assert result.exit_code == 0
    assert result.stdout.startswith("retracted claim:iran-backs-hamas-2 in ")


def test_cli_add_new_actor_needs_a_type(runner, graph_copy):
    args = ["--graph", str(graph_copy), "add", "Qatar", "mediatesWith", "Hamas", "--source", SOURCE, "--quote", "q q q",
            "--new-actor", "Qatar"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "Error: give one --type for each --new-actor, in the same order" in result.stderr


def test_cli_actor_add(runner, graph_copy):
    result = runner.invoke(cli, ["--graph", str(graph_copy), "actor", "add", "Qatar", "--type", "Stat"])
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown actor type 'Stat' — did you mean 'State'?\n"
    result = runner.invoke(
        cli, ["--graph", str(graph_copy), "actor", "add", "Qatar", "--type", "State", "--alias", "QA"]
    )
    assert result.exit_code == 0
    assert result.stdout == f"added actor:Qatar in {store.display_path(graph_copy / 'actors.ttl')}\n"


def test_cli_import_errors(runner, graph_copy, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD_CSV + f"Iran,bakcs,Hamas,{SOURCE},q q q,,F,2\n", encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: nothing imported: 1 bad row\n{path}:4: unknown relation 'bakcs' — did you mean 'backs'?\n"
    )


def test_cli_write_without_graph(runner, monkeypatch):
    monkeypatch.delenv("ACTORGRAPH_GRAPH", raising=False)
    result = runner.invoke(cli, ["retract", "iran-backs-hamas", "--reason", "test"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: name the graph folder to change with --graph (or ACTORGRAPH_GRAPH); writes have no default\n"
    )


def test_new_files_follow_the_umask(graph_copy):
    add_claim(graph_copy, draft())
    assert (graph_copy / "claims.ttl").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_a_write_removes_what_killed_writers_left(graph_copy):
    orphan = graph_copy / ".claims-2024-10-01-iran-israel-hezbollah.ttl.k3x_9q.tmp"
    orphan.write_text("half a file")
    unrelated = graph_copy / ".notes.txt.k3x_9q.tmp"
    unrelated.write_text("someone else's")
    add_claim(graph_copy, ClaimDraft("Iran", "backs", "Hamas", source=SOURCE, quote="the Iranian-backed Hamas in Gaza"))
    assert not orphan.exists()
    assert unrelated.read_text() == "someone else's"
    assert validate(graph_copy).conforms
