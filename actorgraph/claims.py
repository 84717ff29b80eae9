"""Claims: the sourced, dated, rated assertions behind every edge between two actors.

What counts as a claim of the graph: a claim node that is not deprecated (retracted, or
superseded by a corrected version: see ``history``) and not proposed. Every claim has a review
status: *verified* (no ``ag:status``, or ``ag:Verified``), *disputed* (``ag:status ag:Disputed``, or
contested by an ``ag:Dispute`` of it or of an earlier version: see ``disputes``) or *proposed*. A
proposed claim is stored as a claim node with ``ag:status ag:Proposed`` and no plain triple, so
plain SPARQL does not see it, and the readers here leave it out unless asked
(``include_proposed``, or ``status="proposed"``); the network built from them
(``network.Projection``) leaves it out too, and with it paths, analyses and maps.
"""

from __future__ import annotations

import builtins
import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from actorgraph import store
from actorgraph.actors import Actor, ActorIndex, actor_types, most_specific
from actorgraph.confidence import Confidence
from actorgraph.dates import PartialDate
from actorgraph.errors import InvalidClaim
from actorgraph.event_facts import EventFacts, read_facts
from actorgraph.namespace import AG
from actorgraph.store import scan
from actorgraph.text import fold
from actorgraph.vocabulary import Vocabulary, local_name

if TYPE_CHECKING:
    from actorgraph.merges import Merge

#: The keys of a claim as JSON and CSV, in order; the first twelve are the documented core.
CLAIM_FIELDS = [
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
    "id",
    "relation",
    "polarity",
    "source_iri",
    "reliability",
    "credibility",
    "attributed_to",
    "comment",
    "reported",
    "deprecated",
    "deprecation_reason",
    "origin",
    "cameo_code",
    "goldstein",
    "event_id",
    "subject_type",
    "object_type",
    "status",
    "disputes",
]

#: Review statuses, as ``ag:status`` names them (absent: verified; disputed also when a dispute
#: contests the claim or an earlier version of it, see ``disputes``).
STATUSES = ("proposed", "verified", "disputed")


@dataclass(frozen=True)
class Dispute:
    """One source's, or one actor's, contesting of a claim."""

    iri: str
    claim: str
    source: str | None
    source_iri: str | None
    quote: str
    by: str | None = None
    by_iri: str | None = None
    date: str | None = None
    comment: str | None = None

    def line(self) -> str:
        """``disputed by Hezbollah: “…” — News report, 1 October 2024`` (the source's own when no actor)."""
        who = f" by {self.by}" if self.by else ""
        return f"disputed{who}: “{self.quote}” — {self.source or 'no source'}" + (f", {self.date}" if self.date else "")

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.iri,
            "claim": self.claim,
            "source": self.source,
            "source_iri": self.source_iri,
            "quote": self.quote,
            "by": self.by,
            "by_iri": self.by_iri,
            "date": self.date,
            "comment": self.comment,
        }


@dataclass(frozen=True)
class Claim:
    """One sourced claim that *subject* stands in *relation* to *object*."""

    iri: URIRef
    subject_iri: URIRef
    subject: str
    relation: str
    predicate_iri: URIRef
    predicate: str
    polarity: str
    object_iri: URIRef
    object: str
    source_iri: URIRef | None
    source: str | None
    quote: str
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    reliability: str | None = None
    credibility: int | None = None
    attributed_to: str | None = None
    comment: str | None = None
    reported: PartialDate | None = None
    is_state: bool = False
    deprecated: bool = False
    deprecation_reason: str | None = None
    origin: str = "curated"
    cameo_code: str | None = None
    goldstein: float | None = None
    event_id: str | None = None
    subject_type: str | None = None
    object_type: str | None = None
    status: str = "verified"
    disputes: tuple[Dispute, ...] = ()
    #: A machine-coded claim's data set, place and numbers (``event_facts``); None for curated ones.
    event: EventFacts | None = None

    @property
    def confidence(self) -> str:
        """The Admiralty code, source reliability then information credibility ("B2")."""
        return f"{self.reliability or '?'}{self.credibility or '?'}"

    @property
    def when(self) -> str:
        """The claim's date or its start–end interval, as people read it."""
        if self.date:
            return str(self.date)
        if self.start or self.end:
            return f"{self.start or '…'} – {self.end or '…'}"
        return ""

    # The fields `date` and `object` shadow the builtins in the class body, hence the module prefixes.
    def in_force_on(self, day: datetime.date) -> bool:
        """Whether the claim holds on *day*: true unless its dates rule it out.

        Dates compare at their own precision, so an event of 2024-09 counts as of 2024-09-01 and
        a leadership that ended in 2024-07 still holds on 2024-07-15. A state of affairs without
        start or end is open on that side; an event without a date counts from its source's
        date, when it was on the record.

        >>> from actorgraph import store
        >>> (haniyeh,) = list_claims(store.load(), actor="Haniyeh")
        >>> haniyeh.in_force_on(datetime.date(2024, 7, 15)), haniyeh.in_force_on(datetime.date(2024, 8, 1))
        (True, False)
        """
        first, last = self.in_force_span()
        return (first is None or first <= day) and (last is None or day <= last)

    def in_force_span(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The first and last day the claim holds, as ``in_force_on`` reads its dates; None is open."""
        if self.start or self.end:
            return (self.start.earliest if self.start else None, self.end.latest if self.end else None)
        if self.date:
            return self.date.earliest, None
        if self.is_state or self.reported is None:
            return None, None
        return self.reported.earliest, None

    def meets(self, minimum: Confidence) -> bool:
        """Whether the claim's Admiralty rating is at least *minimum*."""
        return minimum.admits(self.reliability, self.credibility)

    def to_dict(self) -> dict[str, builtins.object]:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "subject_iri": str(self.subject_iri),
            "predicate_iri": str(self.predicate_iri),
            "object_iri": str(self.object_iri),
            "source": self.source,
            "quote": self.quote,
            "date": _text(self.date),
            "start": _text(self.start),
            "end": _text(self.end),
            "confidence": self.confidence,
            "id": str(self.iri),
            "relation": self.relation,
            "polarity": self.polarity,
            "source_iri": _text(self.source_iri),
            "reliability": self.reliability,
            "credibility": self.credibility,
            "attributed_to": self.attributed_to,
            "comment": self.comment,
            "reported": _text(self.reported),
            "deprecated": self.deprecated,
            "deprecation_reason": self.deprecation_reason,
            "origin": self.origin,
            "cameo_code": self.cameo_code,
            "goldstein": self.goldstein,
            "event_id": self.event_id,
            "subject_type": self.subject_type,
            "object_type": self.object_type,
            "status": self.status,
            "disputes": [d.to_dict() for d in self.disputes],
            **({"event": self.event.to_dict()} if self.event else {}),
        }


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)


def list_claims(
    graph: Graph,
    actor: str | Actor | None = None,
    relation: str | None = None,
    vocabulary: Vocabulary | None = None,
    include_deprecated: bool = False,
    status: str | None = None,
    include_proposed: bool = False,
) -> list[Claim]:
    """The claims of *graph*, optionally those in or out of *actor*, of *relation* and of *status*.

    *actor* is resolved like every actor name (or given as an Actor); *relation* includes its subrelations, so
    ``relation="hostileTo"`` also returns threats, attacks and killings. Retracted and superseded
    (deprecated) claims are left out unless *include_deprecated*; proposed claims, not yet claims
    of the graph, unless *include_proposed* or ``status="proposed"``.

    >>> from actorgraph import store
    >>> graph = store.load()
    >>> [c.object for c in list_claims(graph, actor="Iran", relation="backs")]
    ['Hamas', 'Hezbollah', 'Hezbollah']
    """
    if status is not None and status not in STATUSES:
        raise InvalidClaim(f"unknown review status {status!r} — expected one of {', '.join(STATUSES)}")
    include_proposed = include_proposed or status == "proposed"
    vocabulary = vocabulary or Vocabulary.from_graph(graph)
    if isinstance(actor, str):
        actor = ActorIndex.from_graph(graph, vocabulary).resolve(actor)
    actor_iri = actor.iri if actor else None
    relations = set(vocabulary.descendants(vocabulary.relation(relation).name)) if relation else None
    # One actor's claims are read claim by claim, instead of every claim of a million-triple
    # graph to keep a few hundred.
    only = None if actor_iri is None else _claims_of(graph, actor_iri)
    claims = [
        claim
        for claim in _read_claims(graph, vocabulary, only)
        if (actor_iri is None or actor_iri in (claim.subject_iri, claim.object_iri))
        and (relations is None or claim.relation in relations)
        and (include_deprecated or not claim.deprecated)
        and (include_proposed or claim.status != "proposed")
        and (status is None or claim.status == status)
    ]
    return sorted(claims, key=claim_order)


def read_claims(graph: Graph, iris: Iterable[Node], vocabulary: Vocabulary | None = None) -> dict[Node, Claim]:
    """The claims of the IRIs *iris*, whatever their rank and status, read claim by claim."""
    return {claim.iri: claim for claim in _read_claims(graph, vocabulary or Vocabulary.from_graph(graph), set(iris))}


def claim_order(claim: Claim) -> tuple[str, str, str, str, str]:
    """How claims are listed: by subject, relation, object, date, then IRI."""
    return (fold(claim.subject), claim.relation, fold(claim.object), claim.when, str(claim.iri))


#: Claim properties read in bulk, one triple pattern each, so reading costs the same number of
#: store calls on a remote endpoint whatever the size of the graph.
_CLAIM_COLUMNS = (
    RDF.subject, RDF.predicate, RDF.object, AG.source, AG.quote, AG.date, AG.start, AG.end, AG.reliability,
    AG.credibility, AG.attributedTo, RDFS.comment, AG.rank, AG.deprecationReason, AG.origin, AG.cameoCode,
    AG.goldstein, AG.eventId, AG.status,
)  # fmt: skip


# rdflib looks namespace attributes up in Python: these two are compared once per claim.
_DEPRECATED = AG.DeprecatedRank
_MACHINE_CODED = AG.MachineCoded
_PROPOSED = AG.Proposed
_STATUS_NAMES = {AG.Proposed: "proposed", AG.Verified: "verified", AG.Disputed: "disputed"}


def columns(
    graph: Graph, predicates: Iterable[URIRef], convert: store.TermConverter | None = None
) -> dict[URIRef, dict[Node, Node]]:
    """For each predicate, its values by subject (one value kept per subject), in one scan each.

    The scans share *convert*, so a resource is the same object in every column (and in other
    scans given the same *convert*): looking it up then skips rdflib's ``__eq__``, written in
    Python, which a dict calls for an equal key that is another object.
    """
    convert = store.TermConverter() if convert is None else convert
    return {p: dict(scan(graph, p, convert=convert)) for p in predicates}


def count_claims(graph: Graph) -> tuple[Counter[str], Counter[str | None]]:
    """How many claims ``list_claims`` would return, by relation and by source IRI.

    Six column scans instead of reading every claim: ``info`` on a million triples in seconds.

    >>> from actorgraph import store
    >>> by_relation, by_source = count_claims(store.load())
    >>> by_relation["backs"], sum(by_source.values()) == sum(by_relation.values())
    (2, True)
    """
    predicates = (RDF.subject, RDF.predicate, RDF.object, AG.rank, AG.source, AG.status)
    claims, column = _every_claim(graph, predicates)
    by_relation: Counter[str] = Counter()
    by_source: Counter[str | None] = Counter()
    for iri in claims:
        triple = _complete(*(column[p].get(iri) for p in (RDF.subject, RDF.predicate, RDF.object)))
        if triple is None or column[AG.rank].get(iri) == _DEPRECATED or column[AG.status].get(iri) == _PROPOSED:
            continue
        by_relation[local_name(triple[1])] += 1
        source = column[AG.source].get(iri)
        by_source[str(source) if isinstance(source, URIRef) else None] += 1
    return by_relation, by_source


def _every_claim(
    graph: Graph, predicates: Iterable[URIRef], convert: store.TermConverter | None = None
) -> tuple[set[URIRef], dict[URIRef, dict[Node, Node]]]:
    """Every claim IRI of *graph*, and the columns of *predicates*, all read with one converter."""
    convert = store.TermConverter() if convert is None else convert
    claims = {c for c, _ in scan(graph, RDF.type, AG.Claim, convert=convert) if isinstance(c, URIRef)}
    return claims, columns(graph, predicates, convert)


def _complete(subject: Node | None, predicate: Node | None, obj: Node | None) -> tuple[URIRef, URIRef, URIRef] | None:
    """The claim's subject, relation and object if it names all three; validation reports the others."""
    if isinstance(subject, URIRef) and isinstance(predicate, URIRef) and isinstance(obj, URIRef):
        return subject, predicate, obj
    return None


def _claims_of(graph: Graph, actor: URIRef) -> set[Node]:
    return {c for c, _ in scan(graph, RDF.subject, actor)} | {c for c, _ in scan(graph, RDF.object, actor)}


def _read_claims(graph: Graph, vocabulary: Vocabulary, only: set[Node] | None = None) -> Iterator[Claim]:
    """Every claim of *graph*, or only those of the claim IRIs *only*."""
    convert = store.TermConverter()
    if only is None:
        claims, column = _every_claim(graph, _CLAIM_COLUMNS, convert)
    else:
        column = store.columns_of(graph, only, (RDF.type, *_CLAIM_COLUMNS))
        claims = {c for c, kind in column[RDF.type].items() if kind == AG.Claim and isinstance(c, URIRef)}
    if only is None or store.is_remote(graph):
        name_of, published_of, type_of = _scanned_terms(graph, vocabulary, convert)
    else:  # a few claims: their ends read resource by resource, not every label of the graph
        terms = _ResourceTerms(graph, vocabulary)
        name_of, published_of, type_of = terms.name, terms.published, terms.type

    def label(iri: Node) -> str:
        value = name_of(iri)
        return str(value) if value is not None else local_name(iri)  # type: ignore[arg-type]

    disputes = _disputes_by_claim(graph, label)
    getters = [column[p].get for p in _CLAIM_COLUMNS]  # unpacked below in this order
    machine_coded = {c for c in claims if column[AG.origin].get(c) == _MACHINE_CODED}
    facts = read_facts(graph, machine_coded, everything=only is None) if machine_coded else {}
    for iri in claims:
        (subject, predicate, obj, source, quote, when, start, end, reliability, credibility, attributed, comment,
         rank, reason, origin, cameo_code, goldstein, event_id, status) = [get(iri) for get in getters]  # fmt: skip
        triple = _complete(subject, predicate, obj)
        if triple is None:
            continue
        subject, predicate, obj = triple
        name = local_name(predicate)
        relation = vocabulary.relations.get(name)
        yield Claim(
            iri=iri,
            subject_iri=subject,
            subject=label(subject),
            relation=name,
            predicate_iri=predicate,
            predicate=relation.label if relation else name,
            polarity=relation.polarity if relation else "Neutral",
            object_iri=obj,
            object=label(obj),
            source_iri=source if isinstance(source, URIRef) else None,
            source=label(source) if isinstance(source, URIRef) else None,
            quote=str(quote or ""),
            date=_as_date(when),
            start=_as_date(start),
            end=_as_date(end),
            reliability=_str_or_none(reliability),
            credibility=_int_or_none(credibility),
            attributed_to=label(attributed) if isinstance(attributed, URIRef) else _str_or_none(attributed),
            comment=_str_or_none(comment),
            reported=_as_date(published_of(source)) if isinstance(source, URIRef) else None,
            is_state=relation.is_state if relation else False,
            deprecated=rank == _DEPRECATED,
            deprecation_reason=_str_or_none(reason),
            origin="machine-coded" if origin == _MACHINE_CODED else "curated",
            cameo_code=_str_or_none(cameo_code),
            goldstein=_float_or_none(goldstein),
            event_id=_str_or_none(event_id),
            subject_type=type_of(subject),
            object_type=type_of(obj),
            status=_status(status, iri in disputes),
            disputes=disputes.get(iri, ()),
            event=facts.get(iri),
        )


_Lookup = Callable[[Node], Node | None]


def _scanned_terms(
    graph: Graph, vocabulary: Vocabulary, convert: store.TermConverter
) -> tuple[_Lookup, _Lookup, Callable[[Node], str | None]]:
    """Every resource's name (label, else title), publication date and actor class, one scan each."""
    names = {**dict(scan(graph, DCTERMS.title, convert=convert)), **dict(scan(graph, RDFS.label, convert=convert))}
    published = dict(scan(graph, DCTERMS.date, convert=convert))
    types = actor_types(graph, vocabulary)
    return names.get, published.get, types.get  # type: ignore[return-value]


_SHOWN = (RDFS.label, DCTERMS.title, DCTERMS.date, RDF.type)


class _ResourceTerms:
    """The name, publication date and actor class of the resources a few claims name, each read
    with one lookup of its statements when first asked for."""

    def __init__(self, graph: Graph, vocabulary: Vocabulary) -> None:
        self._graph, self._vocabulary = graph, vocabulary
        self._classes: dict[Node, str] = {t.iri: t.name for t in vocabulary.actor_types.values()}
        self._read: dict[Node, dict[Node, list[Node]]] = {}

    def _about(self, node: Node) -> dict[Node, list[Node]]:
        # Only the four properties shown: a hub actor is the subject of thousands of plain triples.
        if node not in self._read:
            self._read[node] = {p: list(self._graph.objects(node, p)) for p in _SHOWN}  # type: ignore[arg-type]
        return self._read[node]

    def name(self, node: Node) -> Node | None:
        values = self._about(node)
        return next(iter(values.get(RDFS.label) or values.get(DCTERMS.title) or ()), None)

    def published(self, node: Node) -> Node | None:
        return next(iter(self._about(node).get(DCTERMS.date, ())), None)

    def type(self, node: Node) -> str | None:
        names = [self._classes[t] for t in self._about(node).get(RDF.type, ()) if t in self._classes]
        return most_specific(names, self._vocabulary) if names else None


#: A dispute node's properties, read in one scan each (as claims are).
_COLUMNS = (AG.disputedClaim, AG.source, AG.quote, AG.disputedBy, AG.date, RDFS.comment)


def read_disputes(graph: Graph, label: Callable[[Node], str]) -> dict[Node, list[Dispute]]:
    """Every dispute of *graph*, by the claim it contests; *label* names sources and actors."""
    disputes = {d for d, _ in store.scan(graph, RDF.type, AG.Dispute)}
    if not disputes:
        return {}
    # Read dispute by dispute: a scan of ag:source or ag:quote would read every claim's too.
    column = store.columns_of(graph, disputes, _COLUMNS)
    found: dict[Node, list[Dispute]] = {}
    for node in sorted(disputes, key=str):
        claim, source, quote, by, when, comment = (column[p].get(node) for p in _COLUMNS)
        if claim is None:
            continue  # validation reports a dispute of no claim
        found.setdefault(claim, []).append(
            Dispute(
                iri=str(node),
                claim=str(claim),
                source=label(source) if isinstance(source, URIRef) else None,
                source_iri=str(source) if isinstance(source, URIRef) else None,
                quote=str(quote or ""),
                by=label(by) if isinstance(by, URIRef) else None,
                by_iri=str(by) if isinstance(by, URIRef) else None,
                date=str(PartialDate.from_literal(when)) if isinstance(when, Literal) else None,
                comment=None if comment is None else str(comment),
            )
        )
    return found


def _status(written: Node | None, disputed: bool) -> str:
    """The review status: written (proposed stays proposed), else disputed when a dispute says so."""
    name = _STATUS_NAMES.get(written, "verified") if isinstance(written, URIRef) else "verified"
    return "disputed" if disputed and name == "verified" else name


def _disputes_by_claim(graph: Graph, label: Callable[[Node], str]) -> dict[Node, tuple[Dispute, ...]]:
    """Each claim's disputes, those of its earlier versions included (see ``disputes``)."""
    found = read_disputes(graph, label)
    if not found:
        return {}
    successor = dict(scan(graph, AG.supersededBy))
    carried: dict[Node, tuple[Dispute, ...]] = {}
    for claim, disputes in found.items():
        seen: set[Node] = set()
        version: Node | None = claim
        while version is not None and version not in seen:  # a loop written by hand ends too
            seen.add(version)
            carried[version] = (*carried.get(version, ()), *disputes)
            version = successor.get(version)
    return carried


_as_date = PartialDate.from_term


def _str_or_none(value: object | None) -> str | None:
    return None if value is None else str(value)


def _float_or_none(value: object | None) -> float | None:
    try:
        return float(str(value)) if value is not None else None
    except ValueError:
        return None


def _int_or_none(value: object | None) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None  # validation reports a credibility that is not a number


@dataclass(frozen=True)
class ActorProfile:
    """An actor with every claim it is the subject or the object of."""

    actor: Actor
    outgoing: list[Claim]
    incoming: list[Claim]
    #: The standing decisions that merged other actors into this one (see :mod:`actorgraph.merges`).
    merged: tuple[Merge, ...] = ()
    #: Read a page at a time (``limit``): how many claims there are out and in, in all; else None.
    totals: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, builtins.object]:
        return {
            "actor": self.actor.to_dict(),
            "outgoing": [c.to_dict() for c in self.outgoing],
            "incoming": [c.to_dict() for c in self.incoming],
            "merged": [m.to_dict() for m in self.merged],
            "totals": dict(
                zip(("outgoing", "incoming"), self.totals or (len(self.outgoing), len(self.incoming)), strict=True)
            ),
        }


def actor_profile(
    graph: Graph,
    name: str,
    actors: ActorIndex | None = None,
    vocabulary: Vocabulary | None = None,
    limit: int | None = None,
    offset: int = 0,
    claims: list[Claim] | None = None,
) -> ActorProfile:
    """The actor called *name* with its claims out and in, each group by relation then date.

    *name* is resolved with *actors* (built from *graph* when not given: a cached index saves
    reading every actor of a large graph); *vocabulary*, when given, saves reading it again.
    With *limit*, only one page of each group is kept: the claims *offset* to *offset* + *limit*
    newest first (see ``newest_first``; a group that fits whole in the first page stays in listing
    order), and ``totals`` counts them all. *claims*, when given,
    are the actor's claims as ``list_claims`` lists them, already at hand (the cached network
    holds them: a hub's page then reads none of its thousands from the store).

    >>> from actorgraph import store
    >>> profile = actor_profile(store.load(), "Nasrallah")
    >>> [(c.subject, c.relation, c.object) for c in profile.incoming]
    [('Israel', 'killed', 'Hassan Nasrallah')]
    """
    vocabulary = vocabulary or Vocabulary.from_graph(graph)
    actor = (actors or ActorIndex.from_graph(graph, vocabulary)).resolve(name)
    if claims is None:
        claims = list_claims(graph, actor=actor, vocabulary=vocabulary)
    if limit is not None:
        (outgoing, out_total), (incoming, in_total) = _claim_pages(actor.iri, claims, limit, offset)
        return ActorProfile(actor=actor, outgoing=outgoing, incoming=incoming, totals=(out_total, in_total))
    return ActorProfile(
        actor=actor,
        outgoing=[c for c in claims if c.subject_iri == actor.iri],
        incoming=[c for c in claims if c.object_iri == actor.iri and c.subject_iri != actor.iri],
    )


def newest_first(claims: Iterable[Claim]) -> list[Claim]:
    """Claims by date (else start) as written, newest first, undated last; then by IRI."""

    def written(claim: Claim) -> str:
        day = claim.date or claim.start
        return day.text if day else ""

    return sorted(sorted(claims, key=lambda claim: str(claim.iri)), key=written, reverse=True)


#: One page of an actor's claims out and one page in, each with how many there are in all.
ClaimPages = tuple[tuple[list[Claim], int], tuple[list[Claim], int]]


def _claim_pages(actor: URIRef, claims: list[Claim], limit: int, offset: int) -> ClaimPages:
    """The claims out of *actor* and into it (a self-loop counts out) among *claims*, each the
    page *offset*.. *offset* + *limit* of them ``newest_first``, with how many there are in all."""
    outgoing = [claim for claim in claims if claim.subject_iri == actor]
    incoming = [claim for claim in claims if claim.object_iri == actor != claim.subject_iri]
    chosen = [claim for mine in (outgoing, incoming) for claim in newest_first(mine)[offset : offset + limit]]
    return page_claims(actor, chosen, (len(outgoing), len(incoming)), offset)


def page_claims(actor: URIRef, claims: list[Claim], totals: tuple[int, int], offset: int) -> ClaimPages:
    """*claims*, a page of *actor*'s claims out and a page in, each listed as a profile lists it,
    with *totals*, how many there are each way in all: a whole list (from the first, every one)
    in listing order (``claim_order``), a part of a longer list newest first."""
    outgoing = [claim for claim in claims if claim.subject_iri == actor]
    incoming = [claim for claim in claims if claim.object_iri == actor != claim.subject_iri]

    def listed(page: list[Claim], total: int) -> tuple[list[Claim], int]:
        whole = offset == 0 and len(page) == total
        return (sorted(page, key=claim_order) if whole else newest_first(page)), total

    return listed(outgoing, totals[0]), listed(incoming, totals[1])
