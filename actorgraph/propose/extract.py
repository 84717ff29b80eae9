"""Proposals read from a report's text: the front door of the extraction engine.

``extract(text, report_date, graph)`` finds the sentences, the actors named in each
(``mentions``), the relations their words state (``relations``), the dates (``when``), and turns
each reading into a ``Proposal`` whose quote is the smallest run of whole clauses of the text that
names both actors and the trigger. Offline and deterministic: the same text and graph give the
same proposals, in the order of the text.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Sequence

from rdflib import Graph

from actorgraph.actors import ActorIndex
from actorgraph.propose import lexicon as lexicons
from actorgraph.propose.mentions import Found, Gazetteer
from actorgraph.propose.model import Mention, Proposal, Span
from actorgraph.propose.relations import Candidate, Reader, Trigger, load_triggers
from actorgraph.propose.sentences import clause_bounds, flatten, sentences
from actorgraph.propose.when import When, find_dates
from actorgraph.vocabulary import Vocabulary

# How much each family of phrasings is trusted before qualifiers: a title or a frame names both
# actors' places; a verb between two actors leaves more room for a wrong reading.
_BASE_SCORE = {
    "apposition": 0.85,
    "frame": 0.8,
    "active": 0.7,
    "passive": 0.7,
    "institution": 0.6,
    "allegation": 0.6,
    "joint agents": 0.55,
}


class Extractor:
    """What extraction needs from a graph (its actors, relations and triggers), built once."""

    def __init__(
        self,
        index: ActorIndex,
        vocabulary: Vocabulary,
        triggers: Sequence[Trigger],
        lexicon: lexicons.Lexicon | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.gazetteer = Gazetteer(index, vocabulary, lexicon or lexicons.load())
        self.reader = Reader(triggers, self.gazetteer, vocabulary)

    @classmethod
    def from_graph(cls, graph: Graph) -> Extractor:
        """The extractor for a loaded graph (the vocabulary's triggers and the graph's actors)."""
        vocabulary = Vocabulary.from_graph(graph)
        return cls(ActorIndex.from_graph(graph, vocabulary), vocabulary, load_triggers(graph, vocabulary))

    def extract(self, text: str, report_date: datetime.date | None) -> list[Proposal]:
        """The proposals *text* makes, dates resolved against *report_date* (None: undated)."""
        flat = flatten(text)
        starts: list[int] = []
        ends: list[int] = []
        history: list[Found] = []
        proposals: dict[tuple[object, ...], Proposal] = {}
        for sentence in sentences(text):
            bounds = clause_bounds(text, sentence)
            starts.extend(bounds[0::2])
            ends.extend(bounds[1::2])
            finds = self.gazetteer.find(text, flat, sentence, history)
            dates = find_dates(text, flat, sentence, report_date)
            # A date that opens the sentence ("In March, X attacked Y") dates all of it.
            opening = [w for w in dates if w.span.start - sentence.start <= 3]
            for candidate in self.reader.read(flat, sentence.start, sentence.end, finds, history):
                proposal = self._proposal(text, candidate, dates, opening, starts, ends)
                if proposal is not None:
                    key = (
                        proposal.kind,
                        _key(proposal.subject),
                        proposal.relation,
                        _key(proposal.object),
                        proposal.quote.start,
                    )
                    proposals.setdefault(key, proposal)
            history = [*history[-12:], *finds]
        return sorted(
            proposals.values(),
            key=lambda p: (p.quote.start, p.trigger.start, p.subject.span.start, p.object.span.start, p.relation),
        )

    def _proposal(
        self, text: str, c: Candidate, dates: list[When], opening: list[When], starts: list[int], ends: list[int]
    ) -> Proposal | None:
        if c.kind == "negated":
            return None
        relation, fitted = self._fit(c.relation, c.subject.mention, c.object.mention)
        if relation is None:
            return None
        subject, obj = c.subject.mention, c.object.mention
        low = min(subject.span.start, obj.span.start, c.trigger[0])
        high = max(subject.span.end, obj.span.end, c.trigger[1])
        begin = starts[bisect.bisect_right(starts, low) - 1]
        end = ends[bisect.bisect_left(ends, high)]
        quote = Span(begin, end, text[begin:end])
        trigger = Span(c.trigger[0], c.trigger[1], text[c.trigger[0] : c.trigger[1]])
        in_quote = [w for w in dates if begin <= w.span.start and w.span.end <= end] or opening
        when = None if self.vocabulary.relations[relation].is_state else _nearest(in_quote, trigger)
        reasons = [
            f"trigger '{trigger.text}' ({c.family}: {c.pattern})",
            f"subject '{subject.span.text}' at {subject.span.start}, object '{obj.span.text}' at {obj.span.start}",
            *fitted,
            *c.notes,
            *(m.note for m in (subject, obj) if m.note),
        ]
        if when is not None:
            reasons.append(f"date '{when.span.text}' ({when.family}) read as {when.date.text}")
        speaker = c.speaker.mention if c.speaker is not None and c.speaker.key != c.subject.key else None
        return Proposal(
            kind="dispute" if c.kind == "dispute" else "claim",
            subject=subject,
            relation=relation,
            object=obj,
            quote=quote,
            trigger=trigger,
            score=self._score(c, subject, obj, bool(fitted)),
            date=when.date.text if when else None,
            date_span=when.span if when else None,
            attributed_to=speaker,
            by=c.by.mention if c.by is not None else None,
            reasons=tuple(reasons),
        )

    def _fit(self, name: str, subject: Mention, obj: Mention) -> tuple[str | None, list[str]]:
        """*name*, or the nearest broader relation whose domain and range fit the two actors
        ("killed" needs a person: killing a group's members is read as attacking the group)."""
        current: str | None = name
        while current is not None:
            relation = self.vocabulary.relations[current]
            if self._is(subject, relation.domain) and self._is(obj, relation.range):
                notes = (
                    []
                    if current == name
                    else [f"'{name}' does not fit {subject.name} and {obj.name}: read as '{current}'"]
                )
                return current, notes
            current = relation.parent
        return None, []

    def _is(self, mention: Mention, wanted: str | None) -> bool:
        if wanted is None or mention.type is None or wanted not in self.vocabulary.actor_types:
            return True  # ag:Actor, the top class, is not one of the listed classes: anyone fits
        return mention.type in self.vocabulary.subtypes(wanted)

    @staticmethod
    def _score(c: Candidate, subject: Mention, obj: Mention, fitted: bool) -> float:
        score = _BASE_SCORE.get(c.family, 0.5) - c.penalty
        for mention in (subject, obj):
            score -= 0.1 if mention.note else 0.0  # a variant spelling or an anaphor
            score -= 0.05 if mention.iri is None else 0.0  # a new actor
        score -= 0.1 if fitted else 0.0
        return round(min(1.0, max(0.0, score)), 2)


def _key(mention: Mention) -> str:
    return mention.iri or f"new:{mention.name}"


def _nearest(dates: list[When], trigger: Span) -> When | None:
    """The date expression of the sentence nearest the trigger."""
    if not dates:
        return None
    return min(dates, key=lambda w: (max(w.span.start - trigger.end, trigger.start - w.span.end, 0), w.span.start))


def extract(
    text: str,
    report_date: datetime.date | None,
    graph: Graph | None = None,
    *,
    extractor: Extractor | None = None,
) -> list[Proposal]:
    """The proposals *text* makes about the actors of *graph* (or of a prepared *extractor*).

    >>> from actorgraph import store
    >>> [f"{p.subject.name} {p.relation} {p.object.name}" for p in extract(
    ...     "Hezbollah fighters attacked Israel on Monday.", datetime.date(2024, 10, 1), store.load())]
    ['Hezbollah attacked Israel']
    """
    if extractor is None:
        if graph is None:
            raise TypeError("extract needs a graph or an extractor")
        extractor = Extractor.from_graph(graph)
    return extractor.extract(text, report_date)
