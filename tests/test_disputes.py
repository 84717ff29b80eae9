"""Disputes: a source or an actor contesting a claim — recorded, shown by `show`, `path` and maps,
and left out by `path --exclude-disputed`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO

import actorgraph
from actorgraph import store
from actorgraph.cli import cli
from actorgraph.disputes import DisputeDraft
from actorgraph.errors import NoPath
from actorgraph.namespace import AG, CLAIM
from actorgraph.namespace import SOURCE as SOURCE_NS
from actorgraph.paths import PathQuery, connect
from actorgraph.validate import validate

SOURCE = "news-2024-10-01-iran-israel-hezbollah"
REPORT = "News report, 1 October 2024: Iran, Israel, Hezbollah"
SEED_CLAIMS = "claims-2024-10-01-iran-israel-hezbollah.ttl"
DENIAL = "Hezbollah has denied that Israel launched any incursion into Lebanon"
DISPUTED_LINE = f"⚠ disputed by Hezbollah: “{DENIAL}” — {REPORT}"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.ttl"))}


def invoke(runner, folder: Path, *args: str):
    return runner.invoke(cli, ["--graph", str(folder), *args])


# --- the seed graph's dispute ----------------------------------------------------------------


def test_the_seed_disputes_quote_their_source_verbatim(seed):
    disputes = [d for c in actorgraph.open().claims() for d in c.disputes]
    assert len(disputes) == 2
    for dispute in disputes:
        name = str(dispute.source_iri).removeprefix(str(SOURCE_NS))
        assert dispute.quote in (REPO / "graph" / "sources" / f"{name}.txt").read_text(encoding="utf-8"), dispute.iri


def test_the_seed_incursion_claims_read_as_disputed_by_hezbollah(seed):
    claims = actorgraph.open().claims(relation="incursionInto")
    disputed = {c.iri.rsplit("/", 1)[1]: c for c in claims if c.status == "disputed"}
    assert sorted(disputed) == ["israel-moving-into-lebanon", "israel-raids-into-lebanon"]
    for name, claim in disputed.items():
        (dispute,) = claim.disputes
        assert (dispute.by, dispute.source, dispute.quote, dispute.claim) == (
            "Hezbollah",
            REPORT,
            DENIAL,
            str(CLAIM[name]),
        )
    # The 7 October incursion into Israel is not what Hezbollah denies.
    assert [c.status for c in claims if c.object == "Israel"] == ["verified"]


def test_show_marks_disputed_claims(runner):
    result = runner.invoke(cli, ["show", "Lebanon"])
    assert result.output.splitlines()[5:10] == [
        "  Israel —made an incursion into→ Lebanon",
        "      date not given (reported 2024-10-01) · confidence F2 · DISPUTED",
        "      “Israel is moving into Lebanon after the fight against Hamas has wound down in the past few months”",
        f"      — {REPORT} [israel-moving-into-lebanon]",
        f"      {DISPUTED_LINE}",
    ]
    data = json.loads(runner.invoke(cli, ["show", "Lebanon", "--format", "json"]).output)
    assert [c["status"] for c in data["incoming"]] == ["disputed", "disputed"]
    assert data["incoming"][0]["disputes"][0]["by_iri"] == "https://w3id.org/actorgraph/actor/Hezbollah"


def test_path_marks_a_disputed_hop_in_text_and_json(runner):
    lines = runner.invoke(cli, ["path", "Iran", "Lebanon"]).output.splitlines()
    hop = lines.index("  Israel —made an incursion into→ Lebanon  (disputed)")
    assert lines[hop + 1 : hop + 5] == [
        "      date not given (reported 2024-10-01) · F2 · DISPUTED",
        "        “Israel is moving into Lebanon after the fight against Hamas has wound down in the past few months”",
        f"        — {REPORT} [israel-moving-into-lebanon]",
        f"        {DISPUTED_LINE}",
    ]
    assert "  Iran —attacked→ Israel  (also: prepares an attack on)" in lines  # an undisputed hop is not marked
    data = json.loads(runner.invoke(cli, ["path", "Iran", "Lebanon", "--format", "json"]).output)
    (path,) = data["paths"]
    assert [hop["disputed"] for hop in path["hops"]] == [False, True]
    claim = path["hops"][1]["claims"][0]
    assert (claim["status"], claim["disputes"][0]["quote"], claim["disputes"][0]["by"]) == (
        "disputed", DENIAL, "Hezbollah"
    )  # fmt: skip


def test_exclude_disputed_changes_the_path_found_on_the_seed_graph(runner, seed):
    assert runner.invoke(cli, ["path", "Iran", "Lebanon"]).exit_code == 0
    result = runner.invoke(cli, ["path", "Iran", "Lebanon", "--exclude-disputed"])
    assert (result.exit_code, result.output) == (
        1,
        "Error: no path from Iran to Lebanon with --exclude-disputed; "
        "without --exclude-disputed there is a 2-hop path\n",
    )
    for engine in ("compact", "networkx"):
        with pytest.raises(NoPath):
            connect(seed, PathQuery("Iran", "Lebanon", exclude_disputed=True), engine=engine)
    with pytest.raises(NoPath) as error:
        actorgraph.open().path("Iran", "Lebanon", exclude_disputed=True)
    assert str(error.value) == (
        "no path from Iran to Lebanon with exclude_disputed=True; without exclude_disputed=True there is a 2-hop path"
    )


def test_exclude_disputed_takes_another_way(runner, graph_copy):
    """With Iran's backing of Hezbollah disputed, Iran reaches Nasrallah only through Israel."""
    for claim in ("iran-backs-hezbollah", "iran-has-proxy-hezbollah"):
        result = invoke(runner, graph_copy, "dispute", claim, "--source", SOURCE, "--quote", "a star proxy group")
        assert result.exit_code == 0, result.output
    chains = [p.chain() for p in actorgraph.open(graph_copy).path("Iran", "Nasrallah").paths]
    assert chains == [
        "Iran —backs→ Hezbollah ←leads— Hassan Nasrallah",
        "Iran —attacked→ Israel —killed→ Hassan Nasrallah",
    ]
    for engine in ("compact", "networkx"):
        report = connect(store.load(graph_copy), PathQuery("Iran", "Nasrallah", exclude_disputed=True), engine=engine)
        assert [p.chain() for p in report.paths] == ["Iran —attacked→ Israel —killed→ Hassan Nasrallah"]
    result = invoke(runner, graph_copy, "path", "Iran", "Nasrallah", "--exclude-disputed")
    assert result.output.splitlines()[0] == "Iran → Hassan Nasrallah: 1 shortest path"
    # Filtering by claim: a hop with one disputed claim out of two keeps the other.
    invoke(runner, graph_copy, "dispute", "israel-detonated-hezbollah-pagers", "--source", SOURCE, "--quote", "pagers")
    edge = actorgraph.open(graph_copy).network()
    israel, hezbollah = (f"https://w3id.org/actorgraph/actor/{a}" for a in ("Israel", "Hezbollah"))
    assert len(edge[israel][hezbollah]["attacked"]["claims"]) == 2
    kept = connect(
        store.load(graph_copy), PathQuery("Israel", "Hezbollah", exclude_disputed=True, relations=("attacked",))
    )
    assert [c.iri.rsplit("/", 1)[1] for c in kept.paths[0].hops[0].claims] == ["israel-raids-against-hezbollah"]


def test_maps_mark_disputed_links_with_the_denial_escaped(runner, graph_copy, tmp_path):
    # A new source (no text of its own), so the quote may hold what HTML must escape.
    added = invoke(runner, graph_copy, "add", "Iran", "backs", "Hezbollah", "--source", "Test wire <b>",
                   "--source-date", "2024-10-02", "--quote", "Iran backs Hezbollah")  # fmt: skip
    assert added.exit_code == 0, added.output
    quote = "</script><script>alert('denied')</script> & more"
    result = invoke(
        runner, graph_copy, "dispute", "iran-backs-hezbollah", "--source", "Test wire <b>", "--quote", quote
    )
    assert result.exit_code == 0, result.output
    page = actorgraph.open(graph_copy).map(focus=["Hezbollah"])
    assert "alert(" in page and "<script>alert" not in page and "Test wire <b>" not in page
    payload = page.split('type="application/json"', 1)[1].split(">", 1)[1].split("</script>", 1)[0]
    data = json.loads(payload)
    links = [link for link in data["links"] if link["relation"] == "backs" and link["disputed"]]
    assert len(links) == 1
    assert [d for c in links[0]["claims"] for d in c["disputes"]] == [f"disputed: “{quote}” — Test wire <b>"]
    labels = [edge.get("label", "") for edge in data["edges"]]
    assert "backs ×2 ⚠ disputed" in labels
    assert data["style"]["disputedMark"] == " ⚠ disputed"
    # The path dossier writes the denial into its HTML, escaped.
    dossier = tmp_path / "dossier.html"
    result = invoke(runner, graph_copy, "path", "Iran", "Nasrallah", "--html", str(dossier))
    assert result.exit_code == 0, result.output
    html = dossier.read_text(encoding="utf-8")
    assert '<div class="ag-disputed">⚠ disputed: “&lt;/script&gt;&lt;script&gt;alert(&#39;denied&#39;)' in html


# --- recording a dispute ---------------------------------------------------------------------


def test_dispute_records_a_node_beside_the_claim(runner, graph_copy):
    result = invoke(runner, graph_copy, "dispute", "khamenei-threatens-israel", "--source", SOURCE, "--by",
                    "Netanyahu", "--date", "2024-09-29", "--quote", "carry on against Hezbollah",
                    "--comment", "a test of the command")  # fmt: skip
    assert result.exit_code == 0, result.output
    where = store.display_path(graph_copy / SEED_CLAIMS)
    assert result.output == (
        f"recorded claim:khamenei-threatens-israel-dispute in {where}\n"
        "claim:khamenei-threatens-israel now reads as disputed\n"
    )
    assert (
        (graph_copy / SEED_CLAIMS)
        .read_text(encoding="utf-8")
        .endswith(
            "claim:khamenei-threatens-israel-dispute a ag:Dispute ;\n"
            "    ag:disputedClaim claim:khamenei-threatens-israel ;\n"
            "    ag:source source:news-2024-10-01-iran-israel-hezbollah ;\n"
            '    ag:quote "carry on against Hezbollah" ;\n'
            "    ag:disputedBy actor:Benjamin_Netanyahu ;\n"
            '    ag:date "2024-09-29"^^xsd:date ;\n'
            '    rdfs:comment "a test of the command" .\n'
        )
    )
    (claim,) = actorgraph.open(graph_copy).claims(actor="Khamenei", relation="threatens")
    assert claim.status == "disputed"
    assert (
        claim.disputes[0].line()
        == f"disputed by Benjamin Netanyahu: “carry on against Hezbollah” — {REPORT}, 2024-09-29"
    )
    assert validate(graph_copy).conforms
    # A second dispute gets the next name, and both are read.
    result = invoke(runner, graph_copy, "dispute", "khamenei-threatens-israel", "--source", SOURCE,
                    "--quote", "crushing", "--format", "json")  # fmt: skip
    assert json.loads(result.output)["id"] == "claim:khamenei-threatens-israel-dispute-2"
    (claim,) = actorgraph.open(graph_copy).claims(actor="Khamenei", relation="threatens")
    assert len(claim.disputes) == 2


def test_a_dispute_holds_for_later_versions(runner, graph_copy):
    result = invoke(runner, graph_copy, "claim", "edit", "israel-raids-into-lebanon", "--date", "2024-09-30")
    assert result.exit_code == 0, result.output
    claims = actorgraph.open(graph_copy).claims(actor="Lebanon")
    current = next(c for c in claims if c.quote == "Israel announced it had begun raids into southern Lebanon")
    assert current.iri == CLAIM["israel-raids-into-lebanon-2"]
    assert (current.status, [d.claim for d in current.disputes]) == (
        "disputed",
        [str(CLAIM["israel-raids-into-lebanon"])],
    )
    result = invoke(runner, graph_copy, "dispute", "israel-raids-into-lebanon", "--source", SOURCE, "--quote", DENIAL)
    assert result.output == (
        "Error: claim:israel-raids-into-lebanon is superseded — did you mean its current version "
        "claim:israel-raids-into-lebanon-2?\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("khamenei-threatens-isreal", "--source", SOURCE, "--quote", "crushing"),
         "Error: unknown claim 'khamenei-threatens-isreal' — did you mean 'khamenei-threatens-israel'?\n"),
        (("khamenei-threatens-israel", "--source", "news-2024-10-01-iran-israel-hezbolah", "--quote", "crushing"),
         "Error: unknown source 'news-2024-10-01-iran-israel-hezbolah' — did you mean "
         "'news-2024-10-01-iran-israel-hezbollah'?\n"),
        (("khamenei-threatens-israel", "--source", SOURCE, "--quote", "no"),
         "Error: invalid quote 'no' — expected the source's words, verbatim (at least 3 characters)\n"),
        (("khamenei-threatens-israel", "--source", SOURCE, "--quote", "crushing", "--by", "Netanyahoo"),
         "Error: unknown actor 'Netanyahoo' — did you mean 'Benjamin Netanyahu'?\n"),
        (("khamenei-threatens-israel", "--source", SOURCE, "--quote", "crushing", "--date", "yesterday"),
         "Error: invalid date 'yesterday' — expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-09-01)\n"),
        (("khamenei-threatens-israel", "--source", SOURCE, "--quote", "crushing\u202e"),
         "Error: invalid quote 'crushing\\u202e': U+202E is a bidirectional control — expected text with no "
         "control character but line breaks and tabs, and no bidirectional control\n"),
    ],
)  # fmt: skip
def test_a_bad_dispute_changes_nothing(runner, graph_copy, args, message):
    before = snapshot(graph_copy)
    result = invoke(runner, graph_copy, "dispute", *args)
    assert (result.exit_code, result.output) == (1, message)
    assert snapshot(graph_copy) == before


def test_a_retracted_claim_is_not_disputed(runner, graph_copy):
    invoke(runner, graph_copy, "retract", "khamenei-threatens-israel", "--reason", "a test retraction")
    result = invoke(
        runner, graph_copy, "dispute", "khamenei-threatens-israel", "--source", SOURCE, "--quote", "crushing"
    )
    assert result.output == "Error: claim:khamenei-threatens-israel is retracted: restore it first\n"


def test_dispute_dry_run_writes_nothing(runner, graph_copy):
    before = snapshot(graph_copy)
    result = invoke(runner, graph_copy, "dispute", "khamenei-threatens-israel", "--source", SOURCE,
                    "--quote", "crushing", "--dry-run")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("would record claim:khamenei-threatens-israel-dispute in ")
    assert "ag:disputedClaim claim:khamenei-threatens-israel ;" in result.output
    assert snapshot(graph_copy) == before


def test_the_library_records_a_dispute(graph_copy):
    graph = actorgraph.open(graph_copy)
    change = graph.dispute(DisputeDraft("khamenei-threatens-israel", SOURCE, "crushing", by="Israel"))
    assert change.to_dict()["id"] == "claim:khamenei-threatens-israel-dispute"
    assert graph.dataset.value(CLAIM["khamenei-threatens-israel-dispute"], AG.disputedBy) is not None
    assert [c.status for c in graph.claims(actor="Khamenei", relation="threatens")] == ["disputed"]
