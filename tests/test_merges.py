"""Merge decisions: two actors read as one by every command, the files keeping both; unmerge revisits."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO

import actorgraph
from actorgraph import store
from actorgraph.cli import cli
from actorgraph.events import import_events
from actorgraph.validate import validate

IDF, ICEWS_IDF = "Israel Defense Forces", "Israeli Defense Forces"
IDF_IRI = "https://w3id.org/actorgraph/actor/Israel_Defense_Forces"
ICEWS_IDF_IRI = "https://w3id.org/actorgraph/actor/Israeli_Defense_Forces"
DECISION = "decision:merge-israeli-defense-forces-into-israel-defense-forces"
REASON = "ICEWS14 spells the IDF this way"


@pytest.fixture
def icews_graph(graph_copy: Path) -> Path:
    """The seed graph with the ICEWS14 excerpt imported: the curated "Israel Defense Forces" and
    the machine-coded "Israeli Defense Forces" are two actors there."""
    import_events(graph_copy, REPO / "tests" / "data" / "icews14-excerpt", "icews14")
    return graph_copy


def run(runner, folder: Path, *args: str, store_spec: str | None = None):
    options = ["--graph", str(folder), *(["--store", store_spec] if store_spec else [])]
    return runner.invoke(cli, [*options, *args])


def merge(runner, folder: Path, canonical: str = IDF, merged: str = ICEWS_IDF, *more: str):
    return run(runner, folder, "actor", "merge", canonical, merged, "--reason", REASON, "--by", "analyst", *more)


def test_merge_records_a_decision_and_keeps_both_actors_in_the_files(runner, icews_graph):
    actors_before = (icews_graph / "actors.ttl").read_bytes()
    result = merge(runner, icews_graph)
    assert result.exit_code == 0, result.output
    where = store.display_path(icews_graph / "decisions.ttl")
    assert result.stdout == (
        f"merged {DECISION} in {where}\n"
        "Israeli Defense Forces (actor:Israeli_Defense_Forces) now reads as Israel Defense Forces "
        "(actor:Israel_Defense_Forces) in every command; the files keep both\n"
    )
    text = (icews_graph / "decisions.ttl").read_text(encoding="utf-8")
    assert text.startswith("# Merge decisions: actors judged to be one")
    assert re.search(
        rf"^{DECISION} a ag:Merge ;\n"
        r"    ag:canonicalActor actor:Israel_Defense_Forces ;\n"
        r"    ag:mergedActor actor:Israeli_Defense_Forces ;\n"
        r'    ag:decidedBy "analyst" ;\n'
        r'    ag:decidedAt "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\^\^xsd:dateTime ;\n'
        rf'    ag:decisionReason "{REASON}" \.\n',
        text,
        re.MULTILINE,
    )
    assert (icews_graph / "actors.ttl").read_bytes() == actors_before
    assert "actor:Israeli_Defense_Forces a ag:GovernmentBody" in (icews_graph / "icews14-excerpt.ttl").read_text()
    assert validate(icews_graph).conforms


def test_by_defaults_to_the_user_name(runner, icews_graph, monkeypatch):
    monkeypatch.setenv("LOGNAME", "curator-on-duty")
    result = run(runner, icews_graph, "actor", "merge", IDF, ICEWS_IDF, "--reason", REASON)
    assert result.exit_code == 0, result.output
    assert 'ag:decidedBy "curator-on-duty" ;' in (icews_graph / "decisions.ttl").read_text()


def test_every_command_reads_one_actor(runner, icews_graph):
    before = actorgraph.open(icews_graph)
    assert len(before.show(IDF).outgoing + before.show(IDF).incoming) == 4
    assert len(before.show(ICEWS_IDF).outgoing + before.show(ICEWS_IDF).incoming) == 3
    assert merge(runner, icews_graph).exit_code == 0
    graph = actorgraph.open(icews_graph)
    profile = graph.show(ICEWS_IDF)  # the merged actor's name resolves to the canonical one
    assert (profile.actor.label, str(profile.actor.iri)) == (IDF, IDF_IRI)
    assert ICEWS_IDF in profile.actor.aliases
    assert len(profile.outgoing) + len(profile.incoming) == 7
    assert [m.merged_label for m in profile.merged] == [ICEWS_IDF]
    every_end = {str(i) for c in graph.claims() for i in (c.subject_iri, c.object_iri)}
    assert IDF_IRI in every_end and ICEWS_IDF_IRI not in every_end
    assert [a.label for a in graph.actors(type="GovernmentBody") if "Defense" in a.label] == [IDF]
    network = graph.network()
    assert IDF_IRI in network and ICEWS_IDF_IRI not in network
    assert ICEWS_IDF not in {score.actor.label for score in graph.rank(top=100).scores}


def test_show_notes_the_merge(runner, icews_graph):
    merge(runner, icews_graph)
    result = run(runner, icews_graph, "show", ICEWS_IDF)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Israel Defense Forces (GovernmentBody)\n"
        f"  IRI      {IDF_IRI}\n"
        "  aliases  IDF, Israeli Defense Forces, Israeli forces, Israeli military\n"
        f"  merged   Israeli Defense Forces ({ICEWS_IDF_IRI}), by analyst: {REASON}\n"
        "  claims   4 out, 3 in (3 machine-coded)\n"
    )


def test_path_and_balance_see_the_union(runner, icews_graph):
    before = run(runner, icews_graph, "path", ICEWS_IDF, "Hezbollah")
    assert before.stdout.startswith("Israeli Defense Forces → Hezbollah: ")
    assert "Israeli Defense Forces" in run(runner, icews_graph, "balance").stdout
    merge(runner, icews_graph)
    result = run(runner, icews_graph, "path", ICEWS_IDF, "Hezbollah")
    assert result.exit_code == 0, result.output
    # one hop now: the curated IDF attacked Hezbollah, and the ICEWS name is the same actor
    assert result.stdout.startswith("Israel Defense Forces → Hezbollah: 1 shortest path\n\nPath 1 · 1 hop · ")
    balance = run(runner, icews_graph, "balance").stdout
    assert "Israeli Defense Forces" not in balance and "Israel Defense Forces" in balance


def test_a_map_draws_one_node(runner, icews_graph, tmp_path):
    merge(runner, icews_graph)
    out = tmp_path / "map.html"
    result = run(runner, icews_graph, "export", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count(f'"iri":"{IDF_IRI}"') == 1
    assert f'"iri":"{ICEWS_IDF_IRI}"' not in page


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_sparql_answers_with_one_actor(runner, icews_graph, tmp_path, kind):
    spec = f"oxigraph:{tmp_path / 'ox'}" if kind == "oxigraph" else None
    query = "SELECT (COUNT(?c) AS ?n) WHERE { ?c rdf:subject|rdf:object actor:Israel_Defense_Forces }"
    assert run(runner, icews_graph, "sparql", query, "--format", "csv", store_spec=spec).stdout == "n\n4\n"
    merge(runner, icews_graph)  # the store is rebuilt: decisions.ttl is one of the files it is built from
    assert run(runner, icews_graph, "sparql", query, "--format", "csv", store_spec=spec).stdout == "n\n7\n"
    left = "SELECT ?p ?o WHERE { actor:Israeli_Defense_Forces ?p ?o }"
    result = run(runner, icews_graph, "sparql", left, "--format", "csv", store_spec=spec)
    assert result.stdout == "p,o\nhttp://www.w3.org/2000/01/rdf-schema#label,Israeli Defense Forces\n"
    about = "SELECT ?s ?p WHERE { ?s ?p actor:Israeli_Defense_Forces }"
    result = run(runner, icews_graph, "sparql", about, "--format", "csv", store_spec=spec)
    assert result.stdout == (
        "s,p\nhttps://w3id.org/actorgraph/decision/merge-israeli-defense-forces-into-israel-defense-forces,"
        "https://w3id.org/actorgraph/ns#mergedActor\n"
    )


@pytest.mark.parametrize("atomic", [False, True])  # loaded in bulk (the default graph too), or staged
def test_push_sends_the_merged_graph(icews_graph, oxigraph_server, atomic):
    import json

    from actorgraph.endpoint import Endpoint
    from actorgraph.push import push

    actorgraph.open(icews_graph).merge(IDF, ICEWS_IDF, REASON, by="analyst")
    push(icews_graph, f"{oxigraph_server}/store", atomic=atomic)  # the decision applied on the server

    def subject_of_claims(actor: str) -> bool:
        query = f"ASK {{ ?claim <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{actor}> }}"
        return json.loads(Endpoint(f"{oxigraph_server}/query").query(query, "application/sparql-results+json")[0])[
            "boolean"
        ]

    assert subject_of_claims(IDF_IRI) and not subject_of_claims(ICEWS_IDF_IRI)


def test_unmerge_keeps_the_decision_and_restores_two_actors(runner, icews_graph):
    merge(runner, icews_graph)
    result = run(
        runner, icews_graph, "actor", "unmerge", "IDF", ICEWS_IDF, "--reason", "a different unit", "--by", "lead"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"withdrew {DECISION} in {store.display_path(icews_graph / 'decisions.ttl')}\n"
        "Israeli Defense Forces and Israel Defense Forces are two actors again; "
        "the decision is kept, marked withdrawn\n"
    )
    text = (icews_graph / "decisions.ttl").read_text(encoding="utf-8")
    assert text.count(f"{DECISION} a ag:Merge ;") == 1
    assert re.search(rf'^{DECISION} ag:withdrawnBy "lead" ;\n    ag:withdrawnAt "[^"]+Z"\^\^xsd:dateTime ;\n'
                     r'    ag:withdrawalReason "a different unit" \.\n', text, re.MULTILINE)  # fmt: skip
    graph = actorgraph.open(icews_graph)
    assert graph.show(ICEWS_IDF).actor.label == ICEWS_IDF
    assert len(graph.show(IDF).outgoing + graph.show(IDF).incoming) == 4
    assert validate(icews_graph).conforms
    history = run(runner, icews_graph, "actor", "merges", ICEWS_IDF)
    assert re.fullmatch(
        r"merged +into +by +at +reason +status\n[- ]+\n"
        rf"Israeli Defense Forces +Israel Defense Forces +analyst +\S+Z +{REASON} +"
        r"withdrawn by lead at \S+Z: a different unit\n",
        history.stdout,
    )
    again = run(runner, icews_graph, "actor", "unmerge", IDF, ICEWS_IDF, "--reason", "twice")
    assert (again.exit_code, again.stderr) == (1, "Error: 'Israeli Defense Forces' is not merged into any actor: "
                                                  "nothing to unmerge\n")  # fmt: skip
    # merged again: a new decision beside the withdrawn one
    assert merge(runner, icews_graph).stdout.startswith(f"merged {DECISION}-2 in ")
    assert actorgraph.open(icews_graph).show(ICEWS_IDF).actor.label == IDF


def test_merges_as_json(runner, icews_graph):
    merge(runner, icews_graph)
    (decision,) = json.loads(run(runner, icews_graph, "actor", "merges", "--format", "json").stdout)
    assert {k: decision[k] for k in ("id", "canonical", "merged", "by", "reason", "active", "withdrawn_at")} == {
        "id": DECISION.removeprefix("decision:"), "canonical": IDF, "merged": ICEWS_IDF, "by": "analyst",
        "reason": REASON, "active": True, "withdrawn_at": None,
    }  # fmt: skip
    assert run(runner, icews_graph, "actor", "merges", "Hamas").stdout == "no merge decisions\n"


def test_a_chain_reads_as_its_last_actor(runner, icews_graph):
    assert merge(runner, icews_graph).exit_code == 0  # Israeli Defense Forces into Israel Defense Forces
    result = merge(runner, icews_graph, "Israeli authorities", IDF)  # and that into Israeli authorities
    assert result.exit_code == 0, result.output
    graph = actorgraph.open(icews_graph)
    profile = graph.show(ICEWS_IDF)
    assert profile.actor.label == "Israeli authorities"
    assert len(profile.outgoing) + len(profile.incoming) == 4 + 3 + 2
    assert sorted(m.merged_label for m in profile.merged) == [IDF, ICEWS_IDF]
    assert sorted(m.merged_label for m in graph.merges("Israeli authorities")) == [IDF, ICEWS_IDF]
    assert graph.path(ICEWS_IDF, "Hezbollah").source.label == "Israeli authorities"


def test_a_cycle_is_refused(runner, icews_graph):
    merge(runner, icews_graph)
    merge(runner, icews_graph, "Israeli authorities", IDF)
    before = (icews_graph / "decisions.ttl").read_bytes()
    result = merge(runner, icews_graph, ICEWS_IDF, "Israeli authorities")
    assert (result.exit_code, result.stderr) == (1, (
        "Error: merging 'Israeli authorities' into 'Israeli Defense Forces' would make a cycle: "
        "Israeli Defense Forces → Israel Defense Forces → Israeli authorities are merged already, each into the next\n"
    ))  # fmt: skip
    assert (icews_graph / "decisions.ttl").read_bytes() == before


@pytest.mark.parametrize(
    ("canonical", "merged", "message"),
    [
        ("IDF", "Israel Defense Forces", "'Israel Defense Forces' and 'Israel Defense Forces' are the same actor: "
         "nothing to merge"),
        ("Hezbollah", "Nasrallah", "cannot merge 'Hassan Nasrallah' into 'Hezbollah': claim:israel-killed-nasrallah "
         "(Israel killed Hassan Nasrallah) takes a Person as its object, and Hezbollah is an ArmedGroup"),
        ("IDF", "Israeli Defense Forcs", "unknown actor 'Israeli Defense Forcs' — did you mean 'Israeli Defense "
         "Forces' or 'Israel Defense Forces'?"),
    ],
)  # fmt: skip
def test_refused_merges_write_nothing(runner, icews_graph, canonical, merged, message):
    before = sorted(p.name for p in icews_graph.iterdir())
    result = merge(runner, icews_graph, canonical, merged)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert sorted(p.name for p in icews_graph.iterdir()) == before


def test_an_actor_merges_into_one_actor_at_a_time(runner, icews_graph):
    merge(runner, icews_graph)
    result = merge(runner, icews_graph, "Israeli authorities", ICEWS_IDF)
    assert (result.exit_code, result.stderr) == (1, (
        "Error: 'Israeli Defense Forces' is already merged into 'Israel Defense Forces' "
        "(merge-israeli-defense-forces-into-israel-defense-forces): unmerge it first, or merge into "
        "'Israel Defense Forces'\n"
    ))  # fmt: skip
    same = merge(runner, icews_graph)
    assert same.stdout == f"unchanged: already merged, {DECISION}\n"
    wrong = run(runner, icews_graph, "actor", "unmerge", "Israeli authorities", ICEWS_IDF, "--reason", "wrong pair")
    assert wrong.stderr == ("Error: 'Israeli Defense Forces' is merged into 'Israel Defense Forces', not into "
                            "'Israeli authorities': unmerge it from 'Israel Defense Forces'\n")  # fmt: skip


def test_dry_run_and_json(runner, icews_graph):
    result = merge(runner, icews_graph, IDF, ICEWS_IDF, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"would merge {DECISION} in ")
    assert f"\n--- {icews_graph / 'decisions.ttl'}\n{DECISION} a ag:Merge ;\n" in result.stdout
    assert not (icews_graph / "decisions.ttl").exists()
    data = json.loads(merge(runner, icews_graph, IDF, ICEWS_IDF, "--format", "json").stdout)
    assert (data["action"], data["id"]) == ("merged", DECISION)


def test_a_short_reason_is_refused(runner, icews_graph):
    result = run(runner, icews_graph, "actor", "merge", IDF, ICEWS_IDF, "--reason", "x")
    assert (result.exit_code, result.stderr) == (1, "Error: say why, in at least 3 characters (--reason)\n")


def test_concurrent_merges_and_adds_all_land(icews_graph):
    """Four merges and four adds at once, each its own process: every one lands."""
    code = textwrap.dedent("""
        import sys
        import actorgraph
        from actorgraph.curation import ClaimDraft
        graph = actorgraph.open(sys.argv[1])
        if sys.argv[2] == "merge":
            graph.merge(sys.argv[3], sys.argv[4], "the same actor", by="tester")
        else:
            graph.add(ClaimDraft("Iran", "backs", "Hamas", source="news-2024-10-01-iran-israel-hezbollah",
                                 quote=sys.argv[3]))
    """)
    jobs = [["merge", IDF, ICEWS_IDF], ["merge", "Hamas", "Military Wing (Hamas)"],
            ["merge", "Lebanon", "Military (Lebanon)"], ["merge", "Israel", "Israeli authorities"],
            ["add", "the Iranian-backed Hamas"], ["add", "Iranian-backed Hamas in Gaza"], ["add", "Hamas in Gaza"],
            ["add", "the Iranian-backed"]]  # fmt: skip
    processes = [subprocess.Popen([sys.executable, "-c", code, str(icews_graph), *job]) for job in jobs]
    assert [p.wait(timeout=300) for p in processes] == [0] * len(jobs)
    graph = actorgraph.open(icews_graph)
    assert sorted((m.merged_label, m.canonical_label) for m in graph.merges()) == [
        ("Israeli Defense Forces", IDF), ("Israeli authorities", "Israel"), ("Military (Lebanon)", "Lebanon"),
        ("Military Wing (Hamas)", "Hamas"),
    ]  # fmt: skip
    quotes = {c.quote for c in graph.claims(actor="Hamas", relation="backs")}
    assert {"the Iranian-backed Hamas", "Iranian-backed Hamas in Gaza", "Hamas in Gaza", "the Iranian-backed"} <= quotes
    assert validate(icews_graph).conforms


def test_claims_between_the_two_are_named(runner, graph_copy):
    args = ["actor", "merge", "Israel", "IDF", "--reason", "the state and its army", "--dry-run"]
    result = run(runner, graph_copy, *args)
    assert result.stdout.startswith(
        "would merge decision:merge-israel-defense-forces-into-israel in "
        f"{store.display_path(graph_copy / 'decisions.ttl')}\n"
        "Israel Defense Forces (actor:Israel_Defense_Forces) now reads as Israel (actor:Israel) in every command; "
        "the files keep both\n"
    )
    assert result.stderr == "warning: 1 claim(s) now relate Israel to itself: claim:idf-part-of-israel\n"
