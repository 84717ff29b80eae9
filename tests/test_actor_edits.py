"""Actor edits in place: rename, alias add/remove, set-type; and actors --unlinked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import actorgraph
from actorgraph import store
from actorgraph.cli import cli
from actorgraph.validate import validate


def run(runner, folder: Path, *args: str):
    return runner.invoke(cli, ["--graph", str(folder), "actor", *args])


def actors_file(folder: Path) -> str:
    return (folder / "actors.ttl").read_text(encoding="utf-8")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines only *before* has and the lines only *after* has, in order."""
    old, new = before.splitlines(), after.splitlines()
    return [line for line in old if line not in new], [line for line in new if line not in old]


def test_rename_keeps_the_iri_and_the_old_name(runner, graph_copy):
    before = actors_file(graph_copy)
    result = run(runner, graph_copy, "rename", "Nasrallah", "Sayyed Hassan Nasrallah")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"renamed actor:Hassan_Nasrallah in {store.display_path(graph_copy / 'actors.ttl')}\n"
        "'Hassan Nasrallah' is now 'Sayyed Hassan Nasrallah'; the IRI stays actor:Hassan_Nasrallah, and "
        "'Hassan Nasrallah' is kept as an alias, so the old name still resolves\n"
    )
    # the new label was an alias: the old label takes its place among the aliases
    assert changed_lines(before, actors_file(graph_copy)) == (
        ['    rdfs:label "Hassan Nasrallah" ;', '    skos:altLabel "Nasrallah", "Sayyed Hassan Nasrallah" .'],
        ['    rdfs:label "Sayyed Hassan Nasrallah" ;', '    skos:altLabel "Nasrallah", "Hassan Nasrallah" .'],
    )
    graph = actorgraph.open(graph_copy)
    actor = graph.show("Hassan Nasrallah").actor
    assert (str(actor.iri), actor.label) == ("https://w3id.org/actorgraph/actor/Hassan_Nasrallah",
                                             "Sayyed Hassan Nasrallah")  # fmt: skip
    assert [c.subject for c in graph.claims(actor="Nasrallah", relation="leads")] == ["Sayyed Hassan Nasrallah"]
    assert validate(graph_copy).conforms


def test_rename_there_and_back_restores_the_file(runner, graph_copy):
    before = actors_file(graph_copy)
    assert run(runner, graph_copy, "rename", "Pentagon", "Department of War").exit_code == 0
    assert changed_lines(before, actors_file(graph_copy)) == (
        ['    rdfs:label "Pentagon" ;', '    skos:altLabel "U.S. Department of Defense" .'],
        ['    rdfs:label "Department of War" ;', '    skos:altLabel "U.S. Department of Defense", "Pentagon" .'],
    )
    assert run(runner, graph_copy, "rename", "Department of War", "Pentagon").exit_code == 0
    assert run(runner, graph_copy, "alias", "remove", "Pentagon", "Department of War").exit_code == 0
    assert actors_file(graph_copy) == before


def test_an_alias_goes_where_the_aliases_are(runner, graph_copy):
    before = actors_file(graph_copy)
    result = run(runner, graph_copy, "alias", "add", "Hezbollah", "Party of God")
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"added an alias to actor:Hezbollah in {store.display_path(graph_copy / 'actors.ttl')}\n"
                             "'Party of God' now resolves to 'Hezbollah'\n")  # fmt: skip
    # an actor with no alias yet gets the pair after its label
    assert run(runner, graph_copy, "alias", "add", "France", "French Republic").exit_code == 0
    assert changed_lines(before, actors_file(graph_copy)) == (
        ['    rdfs:label "France" .', '    skos:altLabel "Hizbullah", "Hizballah" .'],
        ['    rdfs:label "France" ;', '    skos:altLabel "French Republic" .',
         '    skos:altLabel "Hizbullah", "Hizballah", "Party of God" .'],
    )  # fmt: skip
    assert actorgraph.open(graph_copy).show("party of god").actor.label == "Hezbollah"
    assert validate(graph_copy).conforms


@pytest.mark.parametrize(
    ("actor", "alias", "removed", "kept"),
    [
        ("United States", "USA", '    skos:altLabel "U.S.", "US", "USA", "United States of America" .',
         '    skos:altLabel "U.S.", "US", "United States of America" .'),
        ("United States", "U.S.", '    skos:altLabel "U.S.", "US", "USA", "United States of America" .',
         '    skos:altLabel "US", "USA", "United States of America" .'),
        ("Hamas", "islamic resistance movement", '    skos:altLabel "Islamic Resistance Movement" .',
         '    rdfs:label "Hamas" .'),
    ],
)  # fmt: skip
def test_alias_remove_keeps_the_rest_of_the_statement(runner, graph_copy, actor, alias, removed, kept):
    before = actors_file(graph_copy)
    result = run(runner, graph_copy, "alias", "remove", actor, alias)
    assert result.exit_code == 0, result.output
    old, new = changed_lines(before, actors_file(graph_copy))
    assert removed in old and new == [kept]
    assert validate(graph_copy).conforms


def test_alias_add_to_a_statement_of_its_own(runner, graph_copy):
    (graph_copy / "more.ttl").write_text(
        "@prefix actor: <https://w3id.org/actorgraph/actor/> .\n@prefix ag: <https://w3id.org/actorgraph/ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        "# Qatar, by hand\nactor:Qatar a ag:State ; rdfs:label 'Qatar' ; # the emirate\n"
        '    rdfs:comment "a; b, c." .\n',
        encoding="utf-8",
    )
    assert run(runner, graph_copy, "alias", "add", "Qatar", "State of Qatar").exit_code == 0
    assert (
        (graph_copy / "more.ttl")
        .read_text(encoding="utf-8")
        .endswith(
            "# Qatar, by hand\nactor:Qatar a ag:State ; rdfs:label 'Qatar' ; # the emirate\n"
            '    rdfs:comment "a; b, c." ;\n'
            '    <http://www.w3.org/2004/02/skos/core#altLabel> "State of Qatar" .\n'
        )
    )
    assert run(runner, graph_copy, "rename", "Qatar", "Emirate of Qatar").exit_code == 0
    assert 'rdfs:label "Emirate of Qatar" ; # the emirate\n' in (graph_copy / "more.ttl").read_text(encoding="utf-8")
    assert validate(graph_copy).conforms


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rename", "Iran", "Hezbollah"], "'Hezbollah' is already a name of 'Hezbollah': a name resolves to one actor"),
        (["rename", "Iran", "hizballah"], "'hizballah' is already a name of 'Hezbollah': a name resolves to one actor"),
        (["rename", "Irn", "Persia"], "unknown actor 'Irn' — did you mean 'Iran'?"),
        (["rename", "Iran", "Ir\u202ean"], "invalid actor name 'Ir\\u202ean': U+202E is a bidirectional control — "
         "expected a name on one line, without control or bidirectional characters"),
        (["alias", "add", "Iran", "IDF"], "'IDF' is already a name of 'Israel Defense Forces': a name resolves to one "
         "actor"),
        (["alias", "remove", "Iran", "Persia"], "'Persia' is not an alias of 'Iran' (its aliases: 'Islamic Republic "
         "of Iran')"),
        (["alias", "remove", "Iran", "Iran"], "'Iran' is the label of 'Iran', not an alias: rename it instead"),
        (["set-type", "Iran", "Stat"], "unknown actor type 'Stat' — did you mean 'State'?"),
        (["set-type", "Nasrallah", "State"], "cannot make 'Hassan Nasrallah' a State: claim:israel-killed-nasrallah "
         "(Israel killed Hassan Nasrallah) takes a Person as its object"),
    ],
)  # fmt: skip
def test_refused_edits_write_nothing(runner, graph_copy, args, message):
    before = {p.name: p.read_bytes() for p in graph_copy.glob("*.ttl")}
    result = run(runner, graph_copy, *args)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert {p.name: p.read_bytes() for p in graph_copy.glob("*.ttl")} == before


def test_set_type(runner, graph_copy):
    before = actors_file(graph_copy)
    result = run(runner, graph_copy, "set-type", "Palestinian fighters", "organization")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"changed the class of actor:Palestinian_fighters in {store.display_path(graph_copy / 'actors.ttl')}\n"
        "'Palestinian fighters' is now an Organization, no longer an ArmedGroup\n"
    )
    assert changed_lines(before, actors_file(graph_copy)) == (
        ["actor:Palestinian_fighters a ag:ArmedGroup ;"],
        ["actor:Palestinian_fighters a ag:Organization ;"],
    )
    assert actorgraph.open(graph_copy).show("Palestinian fighters").actor.type == "Organization"
    again = run(runner, graph_copy, "set-type", "Palestinian fighters", "Organization")
    assert again.stdout == "unchanged: already an Organization, actor:Palestinian_fighters\n"
    assert validate(graph_copy).conforms


def test_set_type_counts_the_claims_of_merged_actors(runner, graph_copy):
    """An actor with no claim of its own takes any class, until an actor it absorbed has claims."""
    assert run(runner, graph_copy, "add", "Sayyed Nasrallah", "--type", "Person").exit_code == 0
    assert run(runner, graph_copy, "set-type", "Sayyed Nasrallah", "State", "--dry-run").exit_code == 0
    merged = run(runner, graph_copy, "merge", "Sayyed Nasrallah", "Hassan Nasrallah", "--reason", "the same man")
    assert merged.exit_code == 0, merged.output
    result = run(runner, graph_copy, "set-type", "Sayyed Nasrallah", "State")
    assert (result.exit_code, result.stderr) == (1, (
        "Error: cannot make 'Sayyed Nasrallah' a State: claim:israel-killed-nasrallah (Israel killed Hassan "
        "Nasrallah) takes a Person as its object\n"
    ))  # fmt: skip


def test_dry_run_and_json(runner, graph_copy):
    before = actors_file(graph_copy)
    result = run(runner, graph_copy, "rename", "Iran", "Persia", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("would rename actor:Iran in ")
    assert result.stdout.endswith(
        f"\n--- {graph_copy / 'actors.ttl'}\n"
        'actor:Iran a ag:State ;\n    rdfs:label "Persia" ;\n    skos:altLabel "Islamic Republic of Iran", "Iran" .\n'
    )
    assert actors_file(graph_copy) == before
    data = json.loads(run(runner, graph_copy, "alias", "add", "Iran", "Persia", "--format", "json").stdout)
    assert (data["action"], data["id"], data["details"]) == (
        "added an alias to", "actor:Iran", ["'Persia' now resolves to 'Iran'"])  # fmt: skip


def test_unchanged(runner, graph_copy):
    assert run(runner, graph_copy, "rename", "Iran", "Iran").stdout == (
        "unchanged: 'Iran' is already the label of actor:Iran\n"
    )
    assert run(runner, graph_copy, "alias", "add", "Iran", "islamic republic of iran").stdout == (
        "unchanged: 'islamic republic of iran' is already a name of actor:Iran\n"
    )


def test_an_actor_written_twice_is_left_to_a_person(runner, graph_copy):
    with open(graph_copy / "actors.ttl", "a", encoding="utf-8") as handle:
        handle.write('\nactor:Iran skos:altLabel "Persia" .\nactor:Iran skos:altLabel "Persia" .\n')
    before = actors_file(graph_copy)
    result = run(runner, graph_copy, "alias", "remove", "Iran", "Persia")
    assert (result.exit_code, result.stderr) == (1, "Error: 'Iran' has 2 aliases 'Persia' written as this edit reads "
                                                    "them (expected 1): edit it by hand\n")  # fmt: skip
    assert actors_file(graph_copy) == before


def test_actors_unlinked(runner, graph_copy):
    result = runner.invoke(cli, ["--graph", str(graph_copy), "actors", "--unlinked"])
    assert result.stdout == (
        "actor                 type            aliases\n"
        "--------------------  --------------  --------------------------\n"
        "Biden administration  GovernmentBody\n"
        "Pentagon              GovernmentBody  U.S. Department of Defense\n"
    )
    # an actor whose only claim is retracted has no claim left
    graph = actorgraph.open(graph_copy)
    graph.retract("sinwar-leads-hamas", "kept for the test: a retraction")
    assert [a.label for a in graph.actors(unlinked=True)] == ["Biden administration", "Pentagon", "Yahya Sinwar"]
