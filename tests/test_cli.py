"""The command line: every command, its formats, its exit codes and its exact messages."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest

from actorgraph.claims import CLAIM_FIELDS
from actorgraph.cli import cli


def run(runner, *args, env=None):
    return runner.invoke(cli, list(args), env=env, catch_exceptions=False)


def test_info(runner):
    result = run(runner, "info")
    assert result.exit_code == 0
    assert result.stdout.startswith("Graph bundled seed graph: 3 files, ")
    assert "Actors: 20\n" in result.stdout
    assert "Claims: 41\n" in result.stdout
    assert "  News report, 1 October 2024: Iran, Israel, Hezbollah (2024-10-01): 41 claims" in result.stdout


def test_info_json(runner):
    data = json.loads(run(runner, "info", "--format", "json").stdout)
    assert data["actors"] == 20 and data["claims"] == 41
    assert data["actors_by_type"]["State"] == 5
    assert data["claims_by_relation"]["leads"] == 5


def test_actors_by_type(runner):
    result = run(runner, "actors", "--type", "State")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["actor", "type", "aliases"]
    assert [line.split()[0] for line in lines[2:]] == ["France", "Iran", "Israel", "Lebanon", "United"]


def test_actors_json_and_csv(runner):
    actors = json.loads(run(runner, "actors", "--format", "json").stdout)
    nasrallah = next(a for a in actors if a["label"] == "Hassan Nasrallah")
    assert nasrallah == {
        "iri": "https://w3id.org/actorgraph/actor/Hassan_Nasrallah",
        "label": "Hassan Nasrallah",
        "type": "Person",
        "aliases": ["Nasrallah", "Sayyed Hassan Nasrallah"],
        "comment": None,
    }
    rows = list(csv.DictReader(io.StringIO(run(runner, "actors", "--format", "csv").stdout)))
    assert len(rows) == 20
    assert next(r for r in rows if r["label"] == "United States")["aliases"] == "U.S.|US|USA|United States of America"


def test_unknown_actor_type(runner):
    result = run(runner, "actors", "--type", "Stat")
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown actor type 'Stat' — did you mean 'State'?\n"


def test_relations(runner):
    result = run(runner, "relations")
    assert result.exit_code == 0
    assert "\n  backs " in result.stdout
    assert "\n    hasProxy " in result.stdout
    data = json.loads(run(runner, "relations", "--format", "json").stdout)
    killed = next(r for r in data if r["name"] == "killed")
    assert (killed["parent"], killed["polarity"], killed["range"]) == ("attacked", "Hostile", "Person")
    assert next(r for r in data if r["name"] == "leads")["inverse"] == "ledBy"


def test_show(runner):
    result = run(runner, "show", "Khamenei")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Ali Khamenei (Person)"
    assert "  Ali Khamenei —threatens→ Israel\n      date 2024-09-28 · confidence F2\n" in result.stdout
    assert "      “Iran’s Supreme Leader Seyyed Ali Hosseini Khamenei”\n" in result.stdout


def test_show_json(runner):
    data = json.loads(run(runner, "show", "Nasrallah", "--format", "json").stdout)
    assert data["actor"]["label"] == "Hassan Nasrallah"
    assert [(c["subject"], c["predicate"]) for c in data["incoming"]] == [("Israel", "killed")]


def test_show_unknown_actor(runner):
    result = run(runner, "show", "Nasralah")
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'?\n"
    assert result.stdout == ""


def test_show_ambiguous_actor(runner):
    result = run(runner, "show", "Israeli")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: ambiguous actor 'Israeli' — it could be 'Israel Defense Forces', 'Israeli authorities'\n"
    )


def _edges(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "→" in line and not line.startswith("      ")]


def test_show_pages_an_actor_with_more_claims_than_the_limit(runner):
    whole = run(runner, "show", "Israel").stdout
    assert "claims   8 out, 13 in" in whole and "newest first" not in whole  # 50 each way: every claim
    assert whole == run(runner, "show", "Israel", "--limit", "all").stdout
    assert whole == run(runner, "show", "Israel", "--limit", "13").stdout  # a side that fits keeps its order

    data = json.loads(run(runner, "show", "Israel", "--format", "json").stdout)
    newest = json.loads(run(runner, "show", "Israel", "--limit", "3", "--format", "json").stdout)
    assert newest["totals"] == data["totals"] == {"outgoing": 8, "incoming": 13}

    def day(claim: dict) -> str:
        return claim["date"] or claim["start"] or ""

    expected = sorted(sorted(data["incoming"], key=lambda c: c["id"]), key=day, reverse=True)
    assert [c["id"] for c in newest["incoming"]] == [c["id"] for c in expected[:3]]
    assert day(newest["incoming"][0]) == max(day(c) for c in data["incoming"])

    page = run(runner, "show", "Israel", "--limit", "3", "--offset", "3")
    assert page.exit_code == 0
    assert "  claims   8 out, 13 in\n" in page.stdout  # the whole count, not the page's
    assert "\nOut: claims 4–6 of 8, newest first (next: --offset 6; every one: --limit all)\n" in page.stdout
    assert page.stdout.endswith("\nIn: claims 4–6 of 13, newest first (next: --offset 6; every one: --limit all)\n")
    last = run(runner, "show", "Israel", "--limit", "5", "--offset", "12").stdout
    assert "\nOut: no claims past the first 12 (there are 8)\n" in last
    assert last.endswith("\nIn: claim 13 of 13, newest first\n")
    assert _edges(last) == [f"{expected[12]['subject']} —{expected[12]['predicate']}→ Israel"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "0"], "Error: Invalid value for '--limit': 0 is not 1 or more\n"),
        (["--limit", "ten"], "Error: Invalid value for '--limit': 'ten' is neither a whole number nor all\n"),
        (["--offset", "-1"], "Error: Invalid value for '--offset': -1 is not in the range x>=0.\n"),
        (["--limit", "all", "--offset", "2"],
         "Error: Invalid value for '--offset': pages go with --limit N: with --limit all there is one page\n"),
    ],
)  # fmt: skip
def test_show_bad_page_is_one_line(runner, args, message):
    result = runner.invoke(cli, ["show", "Israel", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_claims_json(runner):
    data = json.loads(run(runner, "claims", "--actor", "Iran", "--relation", "backs", "--format", "json").stdout)
    assert [(c["predicate"], c["object"]) for c in data] == [
        ("backs", "Hamas"),
        ("backs", "Hezbollah"),
        ("has as proxy", "Hezbollah"),
    ]
    assert list(data[0])[:12] == [
        "subject",
        "predicate",
        "object",
        "subject_iri",
        "predicate_iri",
        "object_iri",
        "source",
        "quote",
        "date",
        "start",
        "end",
        "confidence",
    ]


def test_claims_csv(runner):
    rows = list(csv.DictReader(io.StringIO(run(runner, "claims", "--format", "csv").stdout)))
    assert len(rows) == 41
    assert list(rows[0]) == CLAIM_FIELDS
    assert all(row["quote"] for row in rows)


def test_claims_table(runner):
    lines = run(runner, "claims", "--relation", "killed").stdout.splitlines()
    assert lines[0].split() == ["subject", "relation", "object", "when", "conf", "status", "quote"]
    assert lines[2].startswith("Israel   killed    Hassan Nasrallah")
    assert "  verified  “" in lines[2]


def test_claims_unknown_relation(runner):
    result = run(runner, "claims", "--relation", "bakcs")
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown relation 'bakcs' — did you mean 'backs'?\n"


def test_validate_ok(runner):
    result = run(runner, "validate")
    assert result.exit_code == 0
    assert result.stdout == "bundled seed graph: valid (3 files, 41 claims)\n"


def test_validate_reports_and_exits_1(runner, graph_copy):
    claims = graph_copy / "claims-2024-10-01-iran-israel-hezbollah.ttl"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace("ag:credibility 3 .", "ag:credibility 9 .", 1), encoding="utf-8"
    )
    result = run(runner, "--graph", str(graph_copy), "validate")
    assert result.exit_code == 1
    *problems, last = result.stdout.splitlines()
    assert last.endswith(": 1 problem")
    assert problems[0].endswith(
        "claim:iran-prepares-attack-on-israel: "
        "ag:credibility is one Admiralty number, 1 to 6 (found 9) [ag:credibility]"
    )


def test_graph_option_and_environment_variable(runner, graph_copy):
    (graph_copy / "more.ttl").write_text(
        "@prefix ag: <https://w3id.org/actorgraph/ns#> .\n@prefix actor: <https://w3id.org/actorgraph/actor/> .\n"
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\nactor:Qatar a ag:State ; rdfs:label "Qatar" .\n',
        encoding="utf-8",
    )
    by_option = run(runner, "--graph", str(graph_copy), "info", "--format", "json")
    by_env = run(runner, "info", "--format", "json", env={"ACTORGRAPH_GRAPH": str(graph_copy)})
    assert json.loads(by_option.stdout)["actors"] == json.loads(by_env.stdout)["actors"] == 21


def test_missing_graph_folder(runner, tmp_path):
    result = run(runner, "--graph", str(tmp_path / "nope"), "info")
    assert result.exit_code == 1
    assert result.stderr == f"Error: graph folder not found: {tmp_path / 'nope'}\n"


def test_bad_syntax_is_one_line_with_file_and_line(runner, graph_copy):
    (graph_copy / "bad.ttl").write_text(
        "@prefix ag: <https://w3id.org/actorgraph/ns#> .\n\nag:x ag:y .\n", encoding="utf-8"
    )
    result = run(runner, "--graph", str(graph_copy), "info")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "bad.ttl:3: " in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["--help"], ["show", "--help"], ["--version"]])
def test_python_dash_m(args):
    completed = subprocess.run([sys.executable, "-m", "actorgraph", *args], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout


def test_every_command_has_an_example_in_its_help():
    for name, command in cli.commands.items():
        text = command.help or ""
        assert re.search(r"Examples?:", text), name
        assert re.search(rf"^\s+actorgraph .*\b{name}\b", text, re.MULTILINE), name
