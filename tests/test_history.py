"""Claims corrected with history: `claim edit`, `claim history`, `restore`, and review statuses
(proposed claims are not claims of the graph)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import without_source_texts

import actorgraph
from actorgraph import store
from actorgraph.cli import cli
from actorgraph.errors import InvalidClaim, NoPath, NotCurrentClaim
from actorgraph.history import ClaimEdit
from actorgraph.namespace import ACTOR, AG, CLAIM
from actorgraph.validate import validate

SOURCE = "news-2024-10-01-iran-israel-hezbollah"
SEED_CLAIMS = "claims-2024-10-01-iran-israel-hezbollah.ttl"
HAMAS_QUOTE = "Netanyahu, who instead promised to carry on against Hezbollah and the Iranian-backed Hamas in Gaza"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def invoke(runner, folder: Path, *args: str):
    return runner.invoke(cli, ["--graph", str(folder), *args])


def three_edits(runner, folder: Path) -> None:
    """iran-backs-hamas corrected three times: its credibility, then a date, then the quote."""
    steps = [
        ("iran-backs-hamas", "--credibility", "3", "--reason", "the report attributes it to Netanyahu"),
        ("iran-backs-hamas-2", "--date", "2024-10"),
        ("iran-backs-hamas-3", "--quote", "the Iranian-backed Hamas in Gaza", "--comment", "the shorter quote"),
    ]
    for claim, *options in steps:
        result = invoke(runner, folder, "claim", "edit", claim, *options)
        assert result.exit_code == 0, result.output


# --- edit ------------------------------------------------------------------------------------


def test_an_edit_is_a_new_version_and_the_old_one_is_kept(runner, graph_copy):
    result = invoke(
        runner, graph_copy, "claim", "edit", "iran-backs-hamas", "--credibility", "3", "--reason", "said by Netanyahu"
    )
    assert result.exit_code == 0, result.output
    where = store.display_path(graph_copy / SEED_CLAIMS)
    assert result.output == (
        f"edited claim:iran-backs-hamas-2 in {where}\n"
        "it supersedes claim:iran-backs-hamas, kept as deprecated (reason 'superseded: said by Netanyahu')\n"
    )
    dataset = store.load(graph_copy)
    old, new = CLAIM["iran-backs-hamas"], CLAIM["iran-backs-hamas-2"]
    assert dataset.value(old, AG.rank) == AG.DeprecatedRank
    assert str(dataset.value(old, AG.deprecationReason)) == "superseded: said by Netanyahu"
    assert dataset.value(old, AG.supersededBy) == new
    assert dataset.value(new, AG.supersedes) == old
    assert (old, AG.quote, None) in dataset  # nothing of the old version is deleted
    # The new version is written just after the old one, in the same file.
    text = (graph_copy / SEED_CLAIMS).read_text(encoding="utf-8")
    assert text.index("claim:iran-backs-hamas a ag:Claim") < text.index("claim:iran-backs-hamas-2 a ag:Claim")
    assert text.index("claim:iran-backs-hamas-2 a ag:Claim") < text.index("# --- Iran and Israel")
    graph = actorgraph.open(graph_copy)
    assert [
        (str(c.iri), c.confidence) for c in graph.claims(actor="Iran", relation="backs") if c.object == "Hamas"
    ] == [(str(new), "F3")]
    assert validate(graph_copy).conforms


def test_a_chain_of_three_edits_reads_the_same_from_any_version(runner, graph_copy):
    three_edits(runner, graph_copy)
    outputs = {invoke(runner, graph_copy, "claim", "history", f"iran-backs-hamas{n}").output for n in ("", "-2", "-4")}
    assert len(outputs) == 1
    assert outputs.pop() == textwrap.dedent(f"""\
        iran-backs-hamas-4: 4 versions, oldest first

        1. iran-backs-hamas (superseded)
           Iran —backs→ Hamas
               date not given (reported 2024-10-01) · confidence F2
               “{HAMAS_QUOTE}”
               — News report, 1 October 2024: Iran, Israel, Hezbollah [iran-backs-hamas]

        2. iran-backs-hamas-2 (superseded)
           why: the report attributes it to Netanyahu
           credibility: 2 → 3
           Iran —backs→ Hamas
               date not given (reported 2024-10-01) · confidence F3
               “{HAMAS_QUOTE}”
               — News report, 1 October 2024: Iran, Israel, Hezbollah [iran-backs-hamas-2]

        3. iran-backs-hamas-3 (superseded)
           date: (none) → 2024-10
           Iran —backs→ Hamas
               date 2024-10 · confidence F3
               “{HAMAS_QUOTE}”
               — News report, 1 October 2024: Iran, Israel, Hezbollah [iran-backs-hamas-3]

        4. iran-backs-hamas-4 (current)
           quote: “{HAMAS_QUOTE}” → “the Iranian-backed Hamas in Gaza”
           comment: (none) → “the shorter quote”
           Iran —backs→ Hamas
               date 2024-10 · confidence F3
               “the Iranian-backed Hamas in Gaza”
               — News report, 1 October 2024: Iran, Israel, Hezbollah [iran-backs-hamas-4]
        """)
    data = json.loads(invoke(runner, graph_copy, "claim", "history", "iran-backs-hamas-3", "--format", "json").output)
    assert data["current"] == str(CLAIM["iran-backs-hamas-4"])
    assert [v["state"] for v in data["versions"]] == ["superseded", "superseded", "superseded", "current"]
    assert [v["changes"] for v in data["versions"]][1:3] == [
        [{"field": "credibility", "from": 2, "to": 3}],
        [{"field": "date", "from": None, "to": "2024-10"}],
    ]
    # `claims` shows the current version only, the chain with --include-deprecated.
    hamas = invoke(runner, graph_copy, "claims", "--actor", "Hamas", "--relation", "backs", "--format", "json").output
    assert [c["id"].rsplit("/", 1)[1] for c in json.loads(hamas)] == ["iran-backs-hamas-4"]
    every = invoke(runner, graph_copy, "claims", "--actor", "Hamas", "--relation", "backs", "--include-deprecated",
                   "--format", "json").output  # fmt: skip
    assert len(json.loads(every)) == 4
    assert validate(graph_copy).conforms


def test_editing_a_superseded_version_names_the_current_one(runner, graph_copy):
    three_edits(runner, graph_copy)
    before = snapshot(graph_copy)
    result = invoke(runner, graph_copy, "claim", "edit", "iran-backs-hamas-2", "--credibility", "4")
    assert result.exit_code == 1
    assert result.output == (
        "Error: claim:iran-backs-hamas-2 is superseded — did you mean its current version claim:iran-backs-hamas-4?\n"
    )
    assert snapshot(graph_copy) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ((), "unchanged: the edit changes nothing of claim:iran-backs-hamas\n"),
        (("--credibility", "2"), "unchanged: the edit changes nothing of claim:iran-backs-hamas\n"),
    ],
)
def test_an_edit_that_changes_nothing_writes_nothing(runner, graph_copy, options, message):
    before = snapshot(graph_copy)
    result = invoke(runner, graph_copy, "claim", "edit", "iran-backs-hamas", *options)
    assert (result.exit_code, result.output) == (0, message)
    assert snapshot(graph_copy) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--credibility", "9"), "Error: invalid credibility 9 — expected one Admiralty number, 1 to 6\n"),
        (("--date", "2024-13"),
         "Error: invalid date '2024-13' — expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-09-01)\n"),
        (("--start", "2024-10", "--end", "2024-09"), "Error: the end (2024-09) comes before the start (2024-10)\n"),
        (("--quote", "qq"),
         "Error: invalid quote 'qq' — expected the source's words, verbatim (at least 3 characters)\n"),
        (("--source", "news-2024-10-01-iran-israel-hezbolah"), "Error: unknown source "
         "'news-2024-10-01-iran-israel-hezbolah' (did you mean "
         "'news-2024-10-01-iran-israel-hezbollah'?): to cite a new source, give its date (--source-date; in a "
         "spreadsheet, the reported column)\n"),
        (("--credibility", "3", "--reason", "x"),
         "Error: invalid reason 'x' — expected a few words saying why the claim is corrected\n"),
    ],
)  # fmt: skip
def test_a_bad_edit_changes_nothing(runner, graph_copy, options, message):
    before = snapshot(graph_copy)
    result = invoke(runner, graph_copy, "claim", "edit", "iran-backs-hamas", *options)
    assert (result.exit_code, result.output) == (1, message)
    assert snapshot(graph_copy) == before


def test_an_edit_identical_to_another_claim_is_refused(runner, graph_copy):
    added = invoke(runner, graph_copy, "add", "Iran", "backs", "Hamas", "--source", SOURCE, "--quote",
                   "the Iranian-backed Hamas in Gaza", "--credibility", "2")  # fmt: skip
    assert added.exit_code == 0, added.output
    result = invoke(
        runner, graph_copy, "claim", "edit", "iran-backs-hamas", "--quote", "the Iranian-backed Hamas in Gaza"
    )
    assert result.output == (
        "Error: the corrected claim would be identical to claim:iran-backs-hamas-2: "
        "retract claim:iran-backs-hamas instead\n"
    )


def test_a_date_replaces_start_and_end(graph_copy):
    graph = actorgraph.open(graph_copy)
    graph.edit("haniyeh-leads-hamas", ClaimEdit(date="2024-07"))
    (claim,) = graph.claims(actor="Haniyeh")
    assert (str(claim.date), claim.start, claim.end) == ("2024-07", None, None)
    graph.edit(str(claim.iri), ClaimEdit(start="2017"))
    (claim,) = graph.claims(actor="Haniyeh")
    assert (claim.date, str(claim.start), claim.end) == (None, "2017", None)


def test_edit_dry_run_and_json(runner, graph_copy):
    before = snapshot(graph_copy)
    result = invoke(runner, graph_copy, "claim", "edit", "iran-backs-hamas", "--credibility", "3", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("would edit claim:iran-backs-hamas-2 in ")
    assert "claim:iran-backs-hamas ag:rank ag:DeprecatedRank ;" in result.output
    result = invoke(runner, graph_copy, "claim", "edit", "iran-backs-hamas", "--credibility", "3", "--dry-run",
                    "--format", "json")  # fmt: skip
    data = json.loads(result.output)
    assert (data["action"], data["id"]) == ("would edit", "claim:iran-backs-hamas-2")
    assert snapshot(graph_copy) == before


def test_a_retracted_claim_is_restored_before_it_is_edited(runner, graph_copy):
    invoke(runner, graph_copy, "retract", "iran-backs-hamas", "--reason", "not what the report says")
    result = invoke(runner, graph_copy, "claim", "edit", "iran-backs-hamas", "--credibility", "3")
    assert (result.exit_code, result.output) == (1, "Error: claim:iran-backs-hamas is retracted: restore it first\n")


def test_an_unknown_claim_suggests_a_close_one(runner, graph_copy):
    result = invoke(runner, graph_copy, "claim", "edit", "iran-backs-hamass", "--credibility", "3")
    assert result.output == "Error: unknown claim 'iran-backs-hamass' — did you mean 'iran-backs-hamas'?\n"
    result = invoke(runner, graph_copy, "claim", "history", "iran-backs-hamass")
    assert result.output == "Error: unknown claim 'iran-backs-hamass' — did you mean 'iran-backs-hamas'?\n"


# --- restore ---------------------------------------------------------------------------------


def test_restore_takes_back_a_retraction_and_keeps_a_note(runner, graph_copy):
    invoke(runner, graph_copy, "retract", "iran-backs-hamas", "--reason", "not what the report says")
    dataset = store.load(graph_copy)
    triple = (ACTOR.Iran, AG.backs, ACTOR.Hamas)
    assert triple not in dataset
    result = invoke(runner, graph_copy, "restore", "iran-backs-hamas")
    assert result.exit_code == 0, result.output
    where = store.display_path(graph_copy / SEED_CLAIMS)
    assert result.output == f"restored claim:iran-backs-hamas in {where}\nits plain triple is back\n"
    dataset = store.load(graph_copy)
    claim = CLAIM["iran-backs-hamas"]
    assert triple in dataset
    assert dataset.value(claim, AG.rank) is None
    assert dataset.value(claim, AG.deprecationReason) is None
    assert dataset.value(claim, AG.restoredOn) is not None
    withdrawn = str(dataset.value(claim, AG.withdrawnRetraction))
    assert withdrawn.startswith("retracted on ") and withdrawn.endswith(": not what the report says")
    assert [c.quote for c in actorgraph.open(graph_copy).claims(actor="Hamas", relation="backs")] == [HAMAS_QUOTE]
    assert validate(graph_copy).conforms
    # Retracted and restored again: the claim keeps both notes.
    invoke(runner, graph_copy, "retract", "iran-backs-hamas", "--reason", "retracted once more")
    assert invoke(runner, graph_copy, "restore", "iran-backs-hamas").exit_code == 0
    assert len(list(store.load(graph_copy).objects(claim, AG.withdrawnRetraction))) == 2
    assert validate(graph_copy).conforms


def test_restoring_what_is_not_retracted(runner, graph_copy):
    before = snapshot(graph_copy)
    result = invoke(runner, graph_copy, "restore", "iran-backs-hamas")
    assert (result.exit_code, result.output) == (0, "unchanged: not retracted, claim:iran-backs-hamas\n")
    invoke(runner, graph_copy, "claim", "edit", "iran-backs-hamas", "--credibility", "3")
    result = invoke(runner, graph_copy, "restore", "iran-backs-hamas")
    assert (result.exit_code, result.output) == (
        1,
        "Error: claim:iran-backs-hamas is superseded, not retracted — did you mean its current version "
        "claim:iran-backs-hamas-2?\n",
    )
    assert snapshot(graph_copy) != before  # the edit only


def test_restore_dry_run_and_json(runner, graph_copy):
    invoke(runner, graph_copy, "retract", "iran-backs-hamas", "--reason", "not what the report says")
    before = snapshot(graph_copy)
    result = invoke(runner, graph_copy, "restore", "iran-backs-hamas", "--dry-run", "--format", "json")
    data = json.loads(result.output)
    assert (data["action"], data["id"], data["details"]) == ("would restore", "claim:iran-backs-hamas",
                                                           ["its plain triple is back"])  # fmt: skip
    assert snapshot(graph_copy) == before


def test_a_retraction_written_by_hand_is_restored_by_hand(graph_copy):
    path = graph_copy / SEED_CLAIMS
    text = path.read_text(encoding="utf-8")
    marked = text.replace(
        f'ag:quote "{HAMAS_QUOTE}" ;\n',
        f'ag:quote "{HAMAS_QUOTE}" ;\n    ag:rank ag:DeprecatedRank ; ag:deprecationReason "by hand" ;\n',
    )
    assert marked != text
    path.write_text(marked, encoding="utf-8")
    with pytest.raises(InvalidClaim) as error:
        actorgraph.open(graph_copy).restore("iran-backs-hamas")
    assert str(error.value) == (
        f"the retraction of claim:iran-backs-hamas is written inside another statement in "
        f"{store.display_path(path)}: restore it by hand"
    )
    assert path.read_text(encoding="utf-8") == marked


# --- review status ---------------------------------------------------------------------------

PROPOSED = """
claim:qatar-backs-hamas a ag:Claim ;
    rdf:subject actor:Qatar ; rdf:predicate ag:backs ; rdf:object actor:Hamas ;
    ag:quote "Qatar, which hosts Hamas's political office" ;
    ag:source source:news-2024-10-01-iran-israel-hezbollah ;
    ag:reliability "F" ; ag:credibility 3 ;
    ag:status ag:Proposed .
"""


@pytest.fixture
def with_proposed(graph_copy: Path) -> Path:
    """The seed graph with a proposed claim, stored as proposals are: a claim node with
    ``ag:status ag:Proposed`` and no plain triple, about an actor nothing else links (its quote
    made up, so the seed's text is not checked against)."""
    without_source_texts(graph_copy)
    actorgraph.open(graph_copy).add_actor(actorgraph.curation.ActorDraft("Qatar", "State"))
    with (graph_copy / SEED_CLAIMS).open("a", encoding="utf-8") as handle:
        handle.write(PROPOSED)
    return graph_copy


def test_statuses_are_shown_and_filtered(runner, seed):
    graph = actorgraph.open()
    assert {c.status for c in graph.claims()} == {"verified", "disputed"}
    assert [c.iri.rsplit("/", 1)[1] for c in graph.claims(status="disputed")] == [
        "israel-moving-into-lebanon",
        "israel-raids-into-lebanon",
    ]
    assert len(graph.claims(status="verified")) == len(graph.claims()) - 2
    result = runner.invoke(cli, ["claims", "--status", "disputed"])
    assert result.output.splitlines()[0].split() == ["subject", "relation", "object", "when", "conf", "status", "quote"]
    assert [line.split("  ")[0] for line in result.output.splitlines()[2:]] == ["Israel", "Israel"]
    assert all("disputed" in line for line in result.output.splitlines()[2:])
    data = json.loads(runner.invoke(cli, ["claims", "--actor", "Khamenei", "--format", "json"]).output)
    assert {c["status"] for c in data} == {"verified"}
    result = runner.invoke(cli, ["claims", "--status", "doubted"])
    assert result.exit_code == 2
    assert "'doubted' is not one of 'proposed', 'verified', 'disputed'" in result.output


def test_proposed_claims_are_not_claims_of_the_graph(runner, with_proposed):
    graph = actorgraph.open(with_proposed)
    assert [c.object for c in graph.claims(actor="Qatar")] == []
    (proposed,) = graph.claims(status="proposed")
    assert (proposed.subject, proposed.relation, proposed.object, proposed.status) == (
        "Qatar", "backs", "Hamas", "proposed"
    )  # fmt: skip
    assert [c.iri for c in graph.claims(actor="Qatar", include_proposed=True)] == [proposed.iri]
    assert graph.show("Qatar").outgoing == []
    with pytest.raises(NoPath) as error:
        graph.path("Qatar", "Hamas")
    assert str(error.value) == "no path from Qatar to Hamas: they are not connected in this graph"
    assert graph.network().degree(str(graph.index.resolve("Qatar").iri)) == 0
    assert "Qatar" not in repr(graph.balance().ties)
    ask = "ASK { actor:Qatar ag:backs actor:Hamas }"
    assert graph.sparql(ask, timeout=0).boolean is False
    # ... while the claim node is there for whoever asks for proposals.
    assert graph.sparql("ASK { ?claim ag:status ag:Proposed ; rdf:subject actor:Qatar }", timeout=0).boolean is True
    assert graph.summary.claims == actorgraph.open().summary.claims
    assert validate(with_proposed).conforms
    result = invoke(runner, with_proposed, "claims", "--status", "proposed", "--format", "json")
    assert [c["id"].rsplit("/", 1)[1] for c in json.loads(result.output)] == ["qatar-backs-hamas"]
    result = invoke(runner, with_proposed, "claim", "edit", "qatar-backs-hamas", "--credibility", "2")
    assert (
        result.output == "Error: claim:qatar-backs-hamas is proposed, not yet a claim of the graph: review it first\n"
    )


# --- concurrency -----------------------------------------------------------------------------


def test_eight_concurrent_edits_and_adds_all_land(graph_copy):
    """Eight writers, started together: each waits, ready, until the test lets all of them go."""
    code = """
        import sys
        from actorgraph.cli import cli
        sys.stdout.write("ready")
        sys.stdout.flush()
        sys.stdin.read(1)
        cli.main(["--graph", sys.argv[1], *sys.argv[2:]], standalone_mode=False)
    """
    edits = ["iran-backs-hezbollah", "iran-has-proxy-hezbollah", "iran-backs-hamas", "khamenei-leads-iran"]
    commands = [["claim", "edit", claim, "--credibility", "4"] for claim in edits]
    quotes = ["the Iranian-backed Hamas", "Iranian-backed Hamas in Gaza", "Hamas in Gaza", "the Iranian-backed"]
    commands += [["add", "Iran", "backs", "Hamas", "--source", SOURCE, "--quote", quote] for quote in quotes]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), str(graph_copy), *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        for command in commands
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.read(5) == b"ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write(b"g")
        writer.stdin.close()
    assert [w.wait(timeout=300) for w in writers] == [0] * 8
    graph = actorgraph.open(graph_copy)
    current = {c.iri: c for c in graph.claims()}
    for claim in edits:
        version = graph.dataset.value(CLAIM[claim], AG.supersededBy)
        assert current[version].credibility == 4
        assert CLAIM[claim] not in current
    backs_hamas = [c.quote for c in graph.claims(actor="Hamas", relation="backs")]
    assert sorted(backs_hamas) == sorted([*quotes, HAMAS_QUOTE])
    assert validate(graph_copy).conforms


def test_not_current_claim_message():
    assert str(NotCurrentClaim("claim:a", "retracted", advice="restore it first")) == (
        "claim:a is retracted: restore it first"
    )
