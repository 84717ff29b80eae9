"""``import actorgraph`` is the library's front door: ``open`` a graph, ask it what the commands ask."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from dataclasses import replace

import networkx as nx
import pytest

import actorgraph as ag
from actorgraph import store
from actorgraph.claims import CLAIM_FIELDS, list_claims
from actorgraph.cli import cli
from actorgraph.curation import ClaimDraft
from actorgraph.display import MAX_HTML_ROWS, ClaimList
from actorgraph.errors import InvalidClaim, MissingExtra, UnsupportedFormat


def test_every_public_name_is_there():
    for name in ag.__all__:
        assert getattr(ag, name) is not None
    with pytest.raises(AttributeError):
        ag.no_such_name  # noqa: B018


def test_open_reads_the_seed_graph_by_default():
    g = ag.open()
    assert g.name == "bundled seed graph"
    report = g.path("Iran", "Nasrallah")
    assert isinstance(report, ag.PathReport)
    assert report.paths[0].chain() == "Iran —backs→ Hezbollah ←leads— Hassan Nasrallah"


def test_the_reading_methods_return_the_library_types(seed_graph):
    assert {a.label for a in seed_graph.actors(type="State")} >= {"Iran", "Israel"}
    claims = seed_graph.claims(actor="Iran", relation="supports")
    assert claims and all(isinstance(c, ag.Claim) for c in claims)
    assert seed_graph.show("Nasrallah").actor.label == "Hassan Nasrallah"
    assert isinstance(seed_graph.network(as_of="2024-09-01"), nx.MultiDiGraph)
    assert seed_graph.neighbors("Hezbollah").actor.label == "Hezbollah"
    assert seed_graph.rank(by="degree", top=3).scores
    assert seed_graph.communities().blocs
    assert seed_graph.balance().ties
    assert seed_graph.timeline("Hamas")
    assert seed_graph.sparql("ASK { ?s ?p ?o }").kind == "ASK"
    assert seed_graph.map(focus=["Hezbollah"]).startswith("<!DOCTYPE html>")
    assert "@prefix" in seed_graph.export("turtle")


def test_a_write_is_seen_by_the_next_question(graph_copy):
    g = ag.open(graph_copy)
    before = len(g.claims(actor="Iran"))
    draft = ClaimDraft(
        "Iran", "backs", "Hamas", source="a new source", quote="Iran backs Hamas", source_date="2024-10-02"
    )
    change = g.add(draft)
    assert change.summary().startswith("added")
    assert len(g.claims(actor="Iran")) == before + 1


def test_errors_are_named_and_speak_in_arguments(seed_graph):
    with pytest.raises(ag.ActorgraphError) as caught:
        seed_graph.path("Haniyeh", "Hamas", as_of="2024-08-01")
    assert str(caught.value) == (
        "no path from Ismail Haniyeh to Hamas with as_of='2024-08-01'; without as_of='2024-08-01' there is a 1-hop path"
    )


def test_the_command_speaks_in_options(runner):
    result = runner.invoke(cli, ["path", "Haniyeh", "Hamas", "--as-of", "2024-08-01"])
    assert result.stderr == (
        "Error: no path from Ismail Haniyeh to Hamas with --as-of 2024-08-01; "
        "without --as-of 2024-08-01 there is a 1-hop path\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["add", "Iran", "backs", "Hamas", "--source", "a new source", "--quote", "Iran backs Hamas"],
            "unknown source 'a new source': to cite a new source, give its date (--source-date; in a spreadsheet, "
            "the reported column)",
        ),
        (
            ["add", "Iran", "backs", "Hamas", "--source", "a new source", "--source-date", "2024-10-02",
             "--quote", "Iran backs Hamas", "--date", "2024-09", "--end", "2024-10"],
            "give --date for an event or --start/--end for a state of affairs, not both",
        ),
        (["retract", "iran-backs-hamas", "--reason", "no"], "say why the claim is retracted (--reason)"),
    ],
)  # fmt: skip
def test_a_library_message_names_the_commands_option(runner, graph_copy, args, message):
    result = runner.invoke(cli, ["--graph", str(graph_copy), *args])
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")


def test_a_library_message_names_the_argument(graph_copy):
    with pytest.raises(InvalidClaim) as caught:
        ag.open(graph_copy).retract("iran-backs-hamas", "no")
    assert str(caught.value) == "say why the claim is retracted (`reason`)"


def test_a_name_the_command_has_no_option_for_keeps_its_backquotes(runner, graph_copy, tmp_path):
    rows = tmp_path / "claims.csv"
    rows.write_text(
        "subject,relation,object,source,reported,quote,date,start\n"
        "Iran,backs,Hamas,Reuters,2024-10-02,Iran backs Hamas,2024-09,2024-01\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", str(rows)])
    assert "give `date` for an event or `start`/`end` for a state of affairs, not both" in result.stderr
    assert "--date" not in result.stderr


def test_a_graph_shows_itself_escaped_in_a_notebook(tmp_path):
    (tmp_path / "<i>").mkdir()
    shown = ag.open(tmp_path / "<i>")._repr_html_()
    assert "<i>" not in shown and "&lt;i&gt;" in shown


def test_the_one_liner_works_from_any_directory(tmp_path):
    line = "import actorgraph as ag; g = ag.open(); print(g.path('Iran', 'Nasrallah'))"
    done = subprocess.run([sys.executable, "-c", line], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "Iran → Hassan Nasrallah: 2 shortest paths",
        "  + Iran —backs→ Hezbollah ←leads— Hassan Nasrallah",
        "  + Iran —attacked→ Israel —killed→ Hassan Nasrallah",
    ]


def test_a_path_answer_shows_itself_in_a_notebook(seed_graph):
    shown = seed_graph.path("Iran", "Nasrallah")._repr_html_()
    assert shown.startswith("<p>Iran → Hassan Nasrallah: 2 shortest paths</p><ol><li>")
    assert shown.count("<li>") == 2


def test_a_claim_list_shows_itself_as_a_table_every_value_escaped(seed_graph):
    claims = seed_graph.claims(actor="Iran", relation="backs")
    assert isinstance(claims, list) and claims == list_claims(store.load(), actor="Iran", relation="backs")
    shown = claims._repr_html_()
    head = "".join(
        f"<th>{name}</th>" for name in ("subject", "relation", "object", "date", "confidence", "source", "quote")
    )
    assert shown.startswith(
        f"<table><thead><tr>{head}</tr></thead><tbody><tr><td>Iran</td><td>backs</td><td>Hamas</td>"
    )
    assert shown.count("<tr>") == 1 + len(claims) and "more</p>" not in shown
    hostile = replace(claims[0], subject="<script>x</script>", quote='say "a" & <b>b</b>')
    shown = ClaimList([hostile])._repr_html_()
    assert "<script>" not in shown and "<b>" not in shown
    assert (
        "<td>&lt;script&gt;x&lt;/script&gt;</td>" in shown and "say &quot;a&quot; &amp; &lt;b&gt;b&lt;/b&gt;" in shown
    )


def test_a_long_claim_list_shows_its_first_rows_and_how_many_more(seed_graph):
    claims = ClaimList(seed_graph.claims() * 2)  # the seed graph has fewer claims than a notebook shows
    assert len(claims) > MAX_HTML_ROWS
    shown = claims._repr_html_()
    assert shown.count("<tr>") == 1 + MAX_HTML_ROWS
    assert shown.endswith(f"</table><p>{len(claims) - MAX_HTML_ROWS} more</p>")


def test_a_map_is_its_html_and_shows_itself_inline_sandboxed(seed_graph, tmp_path):
    shown_map = seed_graph.map(focus=["Hezbollah"], title='"Hezbollah" & <friends>')
    page = shown_map.html
    assert isinstance(shown_map, str) and str(shown_map) == page and type(str(shown_map)) is str
    frame = shown_map._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts" srcdoc="')
    srcdoc = re.fullmatch(r'<iframe sandbox="allow-scripts" srcdoc="([^"]*)" style="[^"]*"></iframe>', frame)
    assert srcdoc and html.unescape(srcdoc.group(1)) == page  # the whole page, and nothing ends the attribute
    assert "&lt;friends&gt;" in page and not re.search(r'(src|href)="(https?:)?//', page)  # offline
    written = shown_map.save(tmp_path / "maps" / "hezbollah.html")
    assert written.read_text(encoding="utf-8") == page


def test_table_results_become_data_frames(seed_graph):
    claims = seed_graph.claims(actor="Iran", relation="backs")
    frame = claims.to_pandas()
    assert list(frame.columns) == CLAIM_FIELDS
    assert frame[["subject", "relation", "object"]].values.tolist() == [
        [c.subject, c.relation, c.object] for c in claims
    ]
    states = seed_graph.actors(type="State").to_pandas()
    assert states["label"].tolist() == ["France", "Iran", "Israel", "Lebanon", "United States"]
    ranked = seed_graph.rank(top=1).to_pandas()
    assert ranked[["rank", "label", "score", "in", "out"]].values.tolist()[0][:3] == [1, "Israel", 15]
    timeline = seed_graph.timeline("Haniyeh").to_pandas()
    assert timeline[["when", "kind", "subject", "relation", "object"]].values.tolist() == [
        ["… – 2024-07 (month)", "state", "Ismail Haniyeh", "leads", "Hamas"]
    ]
    result = seed_graph.sparql(
        "SELECT ?backer ?none WHERE { ?backer ag:backs actor:Hezbollah OPTIONAL { ?backer ag:none ?none } }"
    )
    assert result.to_pandas().to_dict("records") == [{"backer": "https://w3id.org/actorgraph/actor/Iran", "none": None}]
    blocs = seed_graph.communities()
    members = blocs.to_pandas()
    assert members.groupby("bloc").size().tolist() == [len(b.members) for b in blocs.blocs]
    balance = seed_graph.balance()
    ties = balance.to_pandas()
    assert list(ties.columns) == ["actor", "other", "sign", "claims"] and len(ties) == len(balance.ties)
    assert set(ties["sign"]) == {1, -1}


def test_an_empty_result_is_a_data_frame_with_its_columns(seed_graph):
    frame = seed_graph.sparql("SELECT ?x WHERE { ?x ag:backs actor:Nobody }").to_pandas()
    assert list(frame.columns) == ["x"] and frame.empty
    assert list(ClaimList().to_pandas().columns) == CLAIM_FIELDS


def test_a_construct_result_is_a_table_of_triples_and_an_ask_result_none(seed_graph):
    triples = seed_graph.sparql("CONSTRUCT { ?b ag:backs actor:Hezbollah } WHERE { ?b ag:backs actor:Hezbollah }")
    assert triples.to_pandas().values.tolist() == [
        ["https://w3id.org/actorgraph/actor/Iran", "https://w3id.org/actorgraph/ns#backs",
         "https://w3id.org/actorgraph/actor/Hezbollah"]
    ]  # fmt: skip
    with pytest.raises(UnsupportedFormat) as caught:
        seed_graph.sparql("ASK { ?s ?p ?o }").to_pandas()
    assert str(caught.value) == "a DataFrame cannot show ASK results — use the boolean attribute"


def test_without_pandas_to_pandas_says_how_to_install_it(seed_graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(MissingExtra) as caught:
        seed_graph.claims(actor="Iran").to_pandas()
    assert isinstance(caught.value, ag.ActorgraphError)
    assert str(caught.value) == "to_pandas() needs pandas, which is not installed: pip install 'actorgraph[pandas]'"


@pytest.fixture(scope="module")
def seed_graph():
    return ag.open()


def test_an_event_import_says_what_the_format_reads(tmp_path):
    from actorgraph.errors import InvalidImport
    from actorgraph.events import read_events

    with pytest.raises(InvalidImport) as caught:
        read_events(tmp_path, "icews")
    assert caught.value.errors == [f"{tmp_path}: not a file — the icews format reads event files"]
    with pytest.raises(InvalidImport) as caught:
        read_events(tmp_path / "events.tab", "icews14")
    assert caught.value.errors == [
        f"{tmp_path / 'events.tab'}: not a folder — the icews14 format reads the ICEWS14 folder"
    ]
