"""What a graph holds: actors by class, claims by relation, sources and triples."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, RDFS, Dataset, URIRef
from rdflib.namespace import DCTERMS

from actorgraph import store
from actorgraph.actors import list_actors
from actorgraph.claims import count_claims
from actorgraph.namespace import AG
from actorgraph.vocabulary import Vocabulary


@dataclass(frozen=True)
class SourceSummary:
    iri: str
    label: str
    date: str | None
    claims: int


@dataclass(frozen=True)
class Summary:
    actors_by_type: dict[str, int]
    claims_by_relation: dict[str, int]
    sources: list[SourceSummary]
    triples: int
    vocabulary_triples: int | None
    files: int | None

    @property
    def actors(self) -> int:
        return sum(self.actors_by_type.values())

    @property
    def claims(self) -> int:
        return sum(self.claims_by_relation.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "actors": self.actors,
            "actors_by_type": self.actors_by_type,
            "claims": self.claims,
            "claims_by_relation": self.claims_by_relation,
            "sources": [s.__dict__ for s in self.sources],
            "triples": self.triples,
            "vocabulary_triples": self.vocabulary_triples,
            "files": self.files,
        }


def summarize(dataset: Dataset) -> Summary:
    """Count what *dataset* holds.

    >>> summary = summarize(store.load())
    >>> summary.actors >= 20 and summary.claims >= 40
    True
    """
    vocabulary = Vocabulary.from_graph(dataset)
    by_relation, by_source = count_claims(dataset)
    sources = [
        SourceSummary(
            iri=str(iri),
            label=str(dataset.value(iri, RDFS.label) or dataset.value(iri, DCTERMS.title) or iri),
            date=str(dataset.value(iri, DCTERMS.date) or "") or None,
            claims=by_source[str(iri)],
        )
        for iri in sorted({s for s in dataset.subjects(RDF.type, AG.Source) if isinstance(s, URIRef)})
    ]
    if store.is_remote(dataset):
        (count,) = next(iter(dataset.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))  # type: ignore[misc]
        triples, vocabulary_triples, files = int(count), None, None
    else:
        data = store.data_graphs(dataset)
        triples, files = sum(store.triple_count(g) for g in data), len(data)
        vocabulary_triples = store.triple_count(store.named_graph(dataset, store.VOCABULARY_GRAPH))
    return Summary(
        actors_by_type=ordered_counts(Counter(a.type for a in list_actors(dataset, vocabulary=vocabulary))),
        claims_by_relation=ordered_counts(by_relation),
        sources=sources,
        triples=triples,
        vocabulary_triples=vocabulary_triples,
        files=files,
    )


def ordered_counts(counts: Counter[str]) -> dict[str, int]:
    """Counts, largest first, ties by name, so output is stable."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
