"""Search: a text found in actors' names and aliases, sources' titles and claims' quotes.

Matching is :func:`actorgraph.text.fold`'s, as everywhere names are matched (no case, no accents,
single spaces), and a hit is any name, title or quote holding the folded text. Actors are found
in the actor index (:class:`actorgraph.actors.ActorIndex`, cached with the graph), sources and
quotes in a :class:`TextIndex` read once per content of the graph (two scans of the quotes and
of the claims' ends), so a search costs one pass over folded strings, not a read of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from actorgraph import store
from actorgraph.actors import ActorIndex
from actorgraph.namespace import AG
from actorgraph.text import find_folded, fold
from actorgraph.vocabulary import local_name

#: Hits kept per group by default.
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Hit:
    """One actor, source or claim found, with the name, title or quote that matched.

    ``before``, ``match`` and ``after`` cut ``text`` around the match, as written, to show it.
    """

    iri: str
    title: str
    text: str
    start: int
    end: int

    @property
    def before(self) -> str:
        return self.text[: self.start]

    @property
    def match(self) -> str:
        return self.text[self.start : self.end]

    @property
    def after(self) -> str:
        return self.text[self.end :]

    def to_dict(self) -> dict[str, object]:
        return {"iri": self.iri, "title": self.title, "text": self.text, "match": [self.start, self.end]}


@dataclass(frozen=True)
class SearchResults:
    """What a search found, by group, each group cut to the limit; ``totals`` counts them all."""

    query: str
    actors: list[Hit] = field(default_factory=list)
    sources: list[Hit] = field(default_factory=list)
    claims: list[Hit] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=lambda: {"actors": 0, "sources": 0, "claims": 0})

    def __bool__(self) -> bool:
        return any(self.totals.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "totals": self.totals,
            **{group: [h.to_dict() for h in getattr(self, group)] for group in ("actors", "sources", "claims")},
        }


@dataclass(frozen=True)
class _Quoted:
    iri: str
    title: str
    quote: str
    folded: str


class TextIndex:
    """The sources' titles and the current claims' quotes, folded once, to search by text."""

    def __init__(self, graph: Graph) -> None:
        sources = {s for s, _ in store.scan(graph, RDF.type, AG.Source) if isinstance(s, URIRef)}
        names = store.columns_of(graph, sources, (RDFS.label, DCTERMS.title))
        self.sources = sorted(
            (str(s), title, fold(title))
            for s in sources
            for title in [str(names[RDFS.label].get(s) or names[DCTERMS.title].get(s) or local_name(s))]
        )
        self.claims = _quoted_claims(graph)

    def sources_with(self, folded: str, limit: int) -> tuple[int, list[Hit]]:
        found = [(iri, title) for iri, title, name in self.sources if folded in name]
        return len(found), [_hit(iri, title, title, folded) for iri, title in found[:limit]]

    def claims_with(self, folded: str, limit: int) -> tuple[int, list[Hit]]:
        found = [claim for claim in self.claims if folded in claim.folded]
        return len(found), [_hit(c.iri, c.title, c.quote, folded) for c in found[:limit]]


def _quoted_claims(graph: Graph) -> list[_Quoted]:
    """The current claims with a quote, by subject, relation and object labels, then IRI."""
    convert = store.TermConverter()
    quotes = dict(store.scan(graph, AG.quote, convert=convert))
    left_out = {c for c, _ in store.scan(graph, AG.rank, AG.DeprecatedRank)}
    left_out |= {c for c, _ in store.scan(graph, AG.status, AG.Proposed)}
    claims = {c for c, _ in store.scan(graph, RDF.type, AG.Claim, convert=convert)} - left_out
    ends = {p: dict(store.scan(graph, p, convert=convert)) for p in (RDF.subject, RDF.predicate, RDF.object)}
    labels = dict(store.scan(graph, RDFS.label, convert=convert))

    def label(node: Node | None) -> str:
        if not isinstance(node, URIRef):
            return ""
        return str(labels.get(node) or local_name(node))

    found = []
    for claim in claims:
        quote = quotes.get(claim)
        subject, predicate, obj = (ends[p].get(claim) for p in (RDF.subject, RDF.predicate, RDF.object))
        if quote is None or not isinstance(predicate, URIRef):
            continue
        title = f"{label(subject)} {local_name(predicate)} {label(obj)}"
        found.append(_Quoted(str(claim), title, str(quote), fold(str(quote))))
    return sorted(found, key=lambda c: (fold(c.title), c.iri))


def _hit(iri: str, title: str, text: str, folded: str) -> Hit:
    start, end = find_folded(text, folded) or (0, 0)
    return Hit(iri, title, text, start, end)


def search(actors: ActorIndex, texts: TextIndex, text: str, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """The actors, sources and claims whose names, titles or quotes hold *text*, *limit* of each."""
    folded = fold(text)
    if not folded:
        return SearchResults(text)
    total_actors, found = actors.containing(folded, limit)
    actor_hits = [_actor_hit(str(a.iri), a.label, a.names, folded) for a in found]
    total_sources, sources = texts.sources_with(folded, limit)
    total_claims, claims = texts.claims_with(folded, limit)
    totals = {"actors": total_actors, "sources": total_sources, "claims": total_claims}
    return SearchResults(text, actor_hits, sources, claims, totals)


def _actor_hit(iri: str, label: str, names: tuple[str, ...], folded: str) -> Hit:
    """The actor with the first of its names holding the text (its label when that does)."""
    for name in names:
        span = find_folded(name, folded)
        if span is not None:
            return Hit(iri, label, name, *span)
    return Hit(iri, label, label, 0, 0)
