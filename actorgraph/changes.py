"""Recent changes: what the record dates of its own changes, newest first.

A claim records no day of its writing, so only what the graph dates is listed, each by the day
it keeps: retractions and corrections by their deprecation day (``ag:deprecatedOn``; a
correction deprecates the version it supersedes), restorations (``ag:restoredOn``), accepted
proposals (``ag:reviewedOn``), disputes by their date (``ag:date``, the day the source contests
the claim), merge decisions by their time (``ag:decidedAt``), and sources by their publication
date (``dcterms:date``), which dates the claims citing them. Nothing is guessed for the rest.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from actorgraph import store
from actorgraph.claims import Claim, read_claims
from actorgraph.dates import PartialDate
from actorgraph.history import SUPERSEDED
from actorgraph.merges import read_merges
from actorgraph.namespace import AG
from actorgraph.vocabulary import local_name


@dataclass(frozen=True)
class RecentChange:
    """One dated change: its day, what happened, the resource it is about and how it is named."""

    day: str
    kind: str  # retracted, corrected, restored, accepted, disputed, merged, published
    iri: str
    title: str
    detail: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"day": self.day, "kind": self.kind, "iri": self.iri, "title": self.title, "detail": self.detail}


def recent_changes(graph: Graph, limit: int = 20) -> list[RecentChange]:
    """The *limit* latest dated changes of *graph*, newest first (then by IRI).

    >>> from actorgraph import store
    >>> [(c.kind, c.title) for c in recent_changes(store.load(), limit=1)]
    [('published', 'News report, 1 October 2024: Iran, Israel, Hezbollah')]
    """
    dated = [*_claim_days(graph), *_dispute_days(graph), *_source_days(graph)]
    latest = heapq.nlargest(limit, dated, key=lambda item: (item[0], item[2]))
    wanted = {URIRef(about if kind == "disputed" else iri) for _, kind, iri, about in latest if kind != "published"}
    claims = read_claims(graph, wanted)
    changes = [_described(day, kind, iri, about, claims) for day, kind, iri, about in latest]
    merges = [
        RecentChange(m.at, "merged", str(m.canonical), f"{m.merged_label} merged into {m.canonical_label}", m.reason)
        for m in read_merges(graph)
    ]
    return sorted([*changes, *merges], key=lambda c: (c.day, c.iri), reverse=True)[:limit]


#: (day, kind, IRI, what it is about: a reason, a disputed claim's IRI, a source's title)
_Dated = tuple[str, str, str, str]


def _claim_days(graph: Graph) -> list[_Dated]:
    reasons = dict(store.scan(graph, AG.deprecationReason))
    found: list[_Dated] = []
    for claim, day in store.scan(graph, AG.deprecatedOn):
        reason = str(reasons.get(claim, ""))
        kind = "corrected" if reason.startswith(SUPERSEDED) else "retracted"
        found.append((str(day), kind, str(claim), reason))
    found += [(str(day), "restored", str(claim), "") for claim, day in store.scan(graph, AG.restoredOn)]
    accepted = dict(store.scan(graph, AG.acceptedAs))
    found += [
        (str(day), "accepted", str(accepted[proposal]), "")
        for proposal, day in store.scan(graph, AG.reviewedOn)
        if proposal in accepted
    ]
    return found


def _dispute_days(graph: Graph) -> list[_Dated]:
    disputes = {node for node, _ in store.scan(graph, RDF.type, AG.Dispute)}
    if not disputes:
        return []
    column = store.columns_of(graph, disputes, (AG.date, AG.disputedClaim))
    return [
        (_day(column[AG.date][node]), "disputed", str(node), str(column[AG.disputedClaim][node]))
        for node in disputes
        if node in column[AG.date] and node in column[AG.disputedClaim]
    ]


def _source_days(graph: Graph) -> list[_Dated]:
    sources = {s for s, _ in store.scan(graph, RDF.type, AG.Source)}
    days = store.columns_of(graph, sources, (DCTERMS.date, *_TITLES))
    titled = {s: next((str(days[p][s]) for p in _TITLES if s in days[p]), local_name(s)) for s in sources}  # type: ignore[arg-type]
    return [(_day(days[DCTERMS.date][s]), "published", str(s), titled[s]) for s in sources if s in days[DCTERMS.date]]


_TITLES = (RDFS.label, DCTERMS.title)


def _day(value: Node) -> str:
    date = PartialDate.from_term(value) if isinstance(value, Literal) else None
    return str(date) if date else str(value)


def _described(day: str, kind: str, iri: str, about: str, claims: dict[Node, Claim]) -> RecentChange:
    if kind == "published":
        return RecentChange(day, kind, iri, about)
    if kind == "disputed":
        claim = claims.get(URIRef(about))
        return RecentChange(day, kind, about, _claim_title(claim) if claim else local_name(URIRef(about)))
    claim = claims.get(URIRef(iri))
    return RecentChange(day, kind, iri, _claim_title(claim) if claim else local_name(URIRef(iri)), about or None)


def _claim_title(claim: Claim) -> str:
    return f"{claim.subject} {claim.relation} {claim.object}"
