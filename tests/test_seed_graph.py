"""The curated seed graph: complete, faithful to its source, and traceable edge by edge."""

from __future__ import annotations

import pytest
from conftest import REPO
from rdflib import RDF, Literal, URIRef

from actorgraph.claims import list_claims
from actorgraph.namespace import ACTOR, AG, SOURCE
from actorgraph.summary import summarize
from actorgraph.vocabulary import Vocabulary

SEED_TEXTS = REPO / "graph" / "sources"


@pytest.fixture(scope="module")
def claims(seed):
    return list_claims(seed)


def test_size(seed):
    summary = summarize(seed)
    assert summary.actors >= 20
    assert summary.claims >= 40
    assert set(summary.actors_by_type) == {"State", "Person", "ArmedGroup", "GovernmentBody"}


def test_every_claim_has_source_quote_and_confidence(claims):
    for claim in claims:
        assert claim.source_iri is not None, claim.iri
        assert claim.quote, claim.iri
        assert claim.reliability in "ABCDEF" and claim.credibility in range(1, 7), claim.iri


def test_every_actor_edge_has_a_claim_and_every_claim_its_edge(seed):
    relations = {r.iri for r in Vocabulary.from_graph(seed).relations.values()}
    edges = {(s, p, o) for s, p, o in seed.triples((None, None, None)) if p in relations}
    claimed = {
        (seed.value(c, RDF.subject), seed.value(c, RDF.predicate), seed.value(c, RDF.object))
        for c in seed.subjects(RDF.type, AG.Claim)
    }
    assert edges == claimed


def test_quotes_are_verbatim_from_their_source(claims):
    # The text kept beside the seed graph (test_sources.py checks it is the shared report's bytes).
    for claim in claims:
        name = str(claim.source_iri).removeprefix(str(SOURCE))
        text = (SEED_TEXTS / f"{name}.txt").read_text(encoding="utf-8")
        assert claim.quote in text, f"{claim.iri}: quote not found verbatim in {name}.txt"


def _has(claims, subject, relation, obj):
    return any((c.subject, c.relation, c.object) == (subject, relation, obj) for c in claims)


@pytest.mark.parametrize(
    ("subject", "relation", "obj"),
    [
        ("Iran", "backs", "Hezbollah"),
        ("Iran", "hasProxy", "Hezbollah"),
        ("Iran", "backs", "Hamas"),
        ("Israel", "killed", "Hassan Nasrallah"),
        ("Hassan Nasrallah", "leads", "Hezbollah"),
        ("Ali Khamenei", "leads", "Iran"),
        ("Ali Khamenei", "threatens", "Israel"),
        ("United States", "defends", "Israel"),
        ("United States", "threatens", "Iran"),
        ("Benjamin Netanyahu", "rejectsProposalOf", "United States"),
        ("Benjamin Netanyahu", "rejectsProposalOf", "France"),
        ("Daniel Hagari", "spokespersonFor", "Israel Defense Forces"),
        ("Naim Qassem", "deputyLeaderOf", "Hezbollah"),
        ("Yahya Sinwar", "leads", "Hamas"),
        ("Ismail Haniyeh", "leads", "Hamas"),
    ],
)
def test_facts_the_report_states(claims, subject, relation, obj):
    assert _has(claims, subject, relation, obj)


def test_the_graph_does_not_say_who_the_report_does_not(claims):
    # "a bombing in Tehran ... that killed Hamas leader Ismail Haniyeh": no perpetrator named.
    assert not [c for c in claims if c.object == "Ismail Haniyeh" and c.relation in {"killed", "attacked"}]
    # "Palestinian fighters invaded southern Israel on Oct. 7": the report does not name Hamas.
    assert not [c for c in claims if c.subject == "Hamas" and c.object == "Israel"]


def test_dates_keep_their_precision(seed, claims):
    by_id = {str(c.iri).rsplit("/", 1)[-1]: c for c in claims}
    assert (by_id["haniyeh-leads-hamas"].end.text, by_id["haniyeh-leads-hamas"].end.precision) == ("2024-07", "month")
    assert by_id["khamenei-threatens-israel"].date.text == "2024-09-28"  # "said on Saturday"
    assert by_id["iran-attacked-israel-2024-04"].date.precision == "month"
    assert by_id["israel-killed-nasrallah"].date is None  # "in the past few weeks": no date given


def test_unknown_publisher_is_left_out(seed):
    source = URIRef(str(SOURCE) + "news-2024-10-01-iran-israel-hezbollah")
    predicates = {str(p) for p in seed.predicates(source)}
    assert not any(p.endswith(("publisher", "title", "url", "creator")) for p in predicates)
    assert (source, AG.url, None) not in seed


def test_aliases(seed):
    assert Literal("Nasrallah") in set(
        seed.objects(ACTOR.Hassan_Nasrallah, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
    )
