"""Resolving the names users type: labels, aliases, single words, typos and ambiguity."""

from __future__ import annotations

import pytest

from actorgraph.actors import ActorIndex, list_actors
from actorgraph.errors import AmbiguousActor, UnknownActor, UnknownActorType


@pytest.fixture(scope="module")
def index(seed) -> ActorIndex:
    return ActorIndex.from_graph(seed)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Hassan Nasrallah", "Hassan Nasrallah"),
        ("nasrallah", "Hassan Nasrallah"),
        ("  HASSAN   nasrallah ", "Hassan Nasrallah"),
        ("Khamenei", "Ali Khamenei"),
        ("Seyyed Ali Hosseini Khamenei", "Ali Khamenei"),
        ("U.S.", "United States"),
        ("IDF", "Israel Defense Forces"),
        ("Israel", "Israel"),
        ("Naïm Qassem", "Naim Qassem"),
        ("actor:Hezbollah", "Hezbollah"),
        ("https://w3id.org/actorgraph/actor/Hamas", "Hamas"),
        ("Benjamin_Netanyahu", "Benjamin Netanyahu"),
    ],
)
def test_resolves(index, name, label):
    assert index.resolve(name).label == label


def test_unknown_actor_suggests_the_closest_name(index):
    with pytest.raises(UnknownActor) as error:
        index.resolve("Nasralah")
    assert str(error.value) == "unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'?"


def test_unknown_actor_without_anything_close(index):
    with pytest.raises(UnknownActor) as error:
        index.resolve("Zzyzx")
    assert str(error.value) == "unknown actor 'Zzyzx'"


def test_ambiguous_word_lists_candidates(index):
    with pytest.raises(AmbiguousActor) as error:
        index.resolve("Israeli")
    assert str(error.value) == "ambiguous actor 'Israeli' — it could be 'Israel Defense Forces', 'Israeli authorities'"


def test_list_by_type_includes_subclasses(seed):
    assert [a.label for a in list_actors(seed, type="ArmedGroup")] == ["Hamas", "Hezbollah", "Palestinian fighters"]
    organizations = {a.type for a in list_actors(seed, type="organization")}
    assert organizations == {"ArmedGroup", "GovernmentBody"}


def test_list_unknown_type(seed):
    with pytest.raises(UnknownActorType):
        list_actors(seed, type="Militia")


def test_ambiguity_among_many_lists_ten_and_counts_the_rest():
    from rdflib import URIRef

    from actorgraph.actors import Actor

    many = ActorIndex([Actor(URIRef(f"urn:a{i}"), f"Actor {i:02d}", "Person") for i in range(25)])
    with pytest.raises(AmbiguousActor) as error:
        many.resolve("actor")
    assert str(error.value).endswith("'Actor 08', 'Actor 09' and 15 more")
