"""The vocabulary: its Python names, its relations and their hierarchy."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from actorgraph import resources
from actorgraph.errors import UnknownActorType, UnknownRelation
from actorgraph.namespace import AG, NS
from actorgraph.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def vocabulary(seed) -> Vocabulary:
    return Vocabulary.from_graph(seed)


def test_defined_namespace_matches_the_ontology_file():
    ontology = Graph().parse(resources.vocabulary_file())
    in_file = {str(s).removeprefix(NS) for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    in_python = {name for name in AG.__annotations__}
    assert in_file == in_python


def test_unknown_term_fails_loudly():
    assert AG.backs == URIRef(NS + "backs")
    with pytest.raises(AttributeError):
        AG.bakcs  # noqa: B018


def test_every_relation_has_label_definition_and_polarity(vocabulary):
    assert len(vocabulary.relations) >= 25
    for relation in vocabulary.relations.values():
        assert relation.label and relation.definition, relation.name
        assert relation.polarity in {"Cooperative", "Hostile", "Neutral", "Structural"}, relation.name


def test_hierarchy_and_inverses(vocabulary):
    assert vocabulary.ancestors("killed") == ["attacked", "hostileTo"]
    assert vocabulary.ancestors("hasProxy") == ["backs", "supports"]
    assert vocabulary.relations["leads"].inverse == "ledBy"
    assert vocabulary.relations["ledBy"].inverse == "leads"
    assert vocabulary.relations["atWarWith"].symmetric
    assert set(vocabulary.descendants("attacked")) == {"attacked", "killed", "incursionInto"}


@pytest.mark.parametrize(
    "family",
    [
        "backs",
        "hasProxy",
        "leads",
        "memberOf",
        "spokespersonFor",
        "attacked",
        "killed",
        "threatens",
        "defends",
        "supports",
        "mediatesWith",
        "proposesTo",
        "rejectsProposalOf",
        "atWarWith",
    ],
)
def test_relations_the_seed_report_needs_exist(vocabulary, family):
    assert family in vocabulary.relations


def test_actor_classes(vocabulary):
    assert {"State", "Person", "ArmedGroup", "Organization", "GovernmentBody"} <= set(vocabulary.actor_types)
    assert vocabulary.actor_types["ArmedGroup"].parent == "Organization"
    assert set(vocabulary.subtypes("Organization")) == {"Organization", "ArmedGroup", "GovernmentBody"}


@pytest.mark.parametrize("name", ["backs", "ag:backs", NS + "backs", "BACKS", "has as proxy"])
def test_relation_lookup(vocabulary, name):
    assert vocabulary.relation(name).name in {"backs", "hasProxy"}


def test_unknown_relation_suggests(vocabulary):
    with pytest.raises(UnknownRelation) as error:
        vocabulary.relation("bakcs")
    assert str(error.value) == "unknown relation 'bakcs' — did you mean 'backs'?"


def test_unknown_actor_type_suggests(vocabulary):
    with pytest.raises(UnknownActorType) as error:
        vocabulary.actor_type("Stat")
    assert str(error.value) == "unknown actor type 'Stat' — did you mean 'State'?"
