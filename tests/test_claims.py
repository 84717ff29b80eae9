"""Reading claims: filters, the relation hierarchy, and the JSON shape."""

from __future__ import annotations

import pytest

from actorgraph import store
from actorgraph.claims import CLAIM_FIELDS, actor_profile, list_claims
from actorgraph.errors import UnknownActor, UnknownRelation


def test_filter_by_actor_covers_both_directions(seed):
    claims = list_claims(seed, actor="Nasrallah")
    assert {(c.subject, c.relation, c.object) for c in claims} == {
        ("Hassan Nasrallah", "leads", "Hezbollah"),
        ("Israel", "killed", "Hassan Nasrallah"),
    }


def test_filter_by_relation_includes_subrelations(seed):
    hostile = {c.relation for c in list_claims(seed, relation="hostileTo")}
    assert {"killed", "attacked", "threatens", "incursionInto", "atWarWith"} <= hostile
    assert "backs" not in hostile
    assert {c.relation for c in list_claims(seed, relation="attacked")} == {"attacked", "killed", "incursionInto"}


def test_filters_combine(seed):
    claims = list_claims(seed, actor="Iran", relation="supports")
    assert sorted((c.relation, c.object) for c in claims) == [
        ("backs", "Hamas"),
        ("backs", "Hezbollah"),
        ("hasProxy", "Hezbollah"),
    ]


def test_unknown_names_raise(seed):
    with pytest.raises(UnknownActor):
        list_claims(seed, actor="Nasralah")
    with pytest.raises(UnknownRelation):
        list_claims(seed, relation="kills")


def test_claim_as_dict(seed):
    (claim,) = list_claims(seed, actor="Haniyeh")
    data = claim.to_dict()
    assert list(data) == CLAIM_FIELDS
    assert data["subject"] == "Ismail Haniyeh"
    assert data["predicate"] == "leads"
    assert data["object"] == "Hamas"
    assert data["subject_iri"] == "https://w3id.org/actorgraph/actor/Ismail_Haniyeh"
    assert data["predicate_iri"] == "https://w3id.org/actorgraph/ns#leads"
    assert data["end"] == "2024-07"
    assert data["date"] is None and data["start"] is None
    assert data["confidence"] == "F2"
    assert data["quote"] == "a bombing in Tehran at the end of July that killed Hamas leader Ismail Haniyeh"
    assert data["source"] == "News report, 1 October 2024: Iran, Israel, Hezbollah"


def test_attribution(seed):
    (claim,) = list_claims(seed, actor="Iran", relation="preparesAttackOn")
    assert claim.attributed_to == "a senior White House official"
    assert claim.credibility == 3


def test_profile_splits_directions(seed):
    profile = actor_profile(seed, "Hezbollah")
    assert all(c.subject == "Hezbollah" for c in profile.outgoing)
    assert all(c.object == "Hezbollah" for c in profile.incoming)
    assert len(profile.incoming) >= 8


def test_counting_claims_agrees_with_listing_them(graph_copy):
    from collections import Counter

    from actorgraph.claims import count_claims
    from actorgraph.curation import retract

    retract(graph_copy, "iran-backs-hezbollah", reason="test")
    graph = store.load(graph_copy)
    listed = list_claims(graph)
    by_relation, by_source = count_claims(graph)
    assert by_relation == Counter(c.relation for c in listed)
    assert by_source == Counter(str(c.source_iri) if c.source_iri else None for c in listed)
    assert len(listed) == len(list_claims(store.load())) - 1
