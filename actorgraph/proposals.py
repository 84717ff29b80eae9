"""Proposals: claims read from a report's text, kept in the graph folder until a curator decides.

``propose`` reads a report (plain UTF-8 text), runs the extraction engine on it and appends what
it proposes to ``proposals/<source-id>.ttl``. A proposal is a claim node (``a ag:Claim``) with
``ag:status ag:Proposed`` and no plain triple: it is no claim of the graph, so plain SPARQL does
not see it and the readers leave it out unless asked. Besides what any claim has (the relation,
both actors, the verbatim quote, the date, who said it, the source, a rating) it keeps why it was
proposed: ``ag:score``, ``ag:reason`` (one line each), ``ag:triggerWords``, ``ag:dateText`` and
``ag:highlight`` (where the trigger, the actors and the date lie in the quote). A name the graph
does not know is a ``ag:ProposedActor`` node of its own (``claim:p-...-subject``), with the class
guessed for it and the words that named it: it is no actor until a proposal needing it is
accepted. A proposal's id comes from its content (source, kind, actors, relation, quote, date),
so proposing the same report again proposes nothing new.

``accept`` turns a proposal into a claim through the same checks and writer as ``add``
(``curation._Plan``), with ``ag:status ag:Verified``, creating the proposed actors it needs, and
marks the proposal ``ag:acceptedAs`` that claim; ``reject`` marks it with ``ag:rejectionReason``.
Both add ``ag:reviewedOn``. Nothing is deleted: a decided proposal stays, and is never proposed
again. Every write is checked first, atomic, and made under the folder's lock.
"""

from __future__ import annotations

import builtins
import datetime
import difflib
import hashlib
import importlib
import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from actorgraph import files, store, turtle
from actorgraph.curation import (
    ACTORS_FILE,
    CLAIMS_FILE,
    ActorDraft,
    ClaimDraft,
    SourceDraft,
    _file_of,
    _Plan,
    _target,
    check_text,
    misfit,
    writable_folder,
    writing,
)
from actorgraph.dates import PartialDate
from actorgraph.errors import (
    ActorgraphError,
    InvalidClaim,
    InvalidSourceText,
    ProposalsNotAccepted,
    UnknownProposal,
)
from actorgraph.namespace import AG, CLAIM
from actorgraph.propose.model import Mention, Proposal, Span
from actorgraph.sources import SourceIndex, read_text
from actorgraph.text import fold
from actorgraph.vocabulary import local_name

#: Where proposals are kept in the graph folder, one Turtle file per source.
PROPOSALS_FOLDER = "proposals"
#: A proposal's rating until a curator judges it: reliability cannot be judged, nor the truth.
RELIABILITY, CREDIBILITY = "F", 6

#: What reads a report: its text, the day it was published and the graph (for names and the
#: vocabulary's lexicon), to the proposals found in it.
Extractor = Callable[[str, datetime.date, Dataset], list[Proposal]]


def _default_extractor() -> Extractor:
    """The extraction engine, imported when a report is read (the one place it is wired in)."""
    engine = importlib.import_module("actorgraph.propose.extract")

    def run(text: str, day: datetime.date, dataset: Dataset) -> list[Proposal]:
        found: list[Proposal] = engine.extract(text, day, dataset)
        return found

    return run


# --- reading a report -------------------------------------------------------------------------


def read_report(path: Path) -> str:
    """The text of a report, as a source's text is read (``sources.read_text``: plain UTF-8, not
    empty, not binary), newlines made ``\\n``; each line must also be text a quote may hold
    (``check_text``), or InvalidSourceText names the file and line.
    """
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    for number, line_text in enumerate(text.split("\n"), start=1):
        if line_text.strip():
            try:
                check_text(line_text, "text", free=True)
            except InvalidClaim as error:
                raise InvalidSourceText(f"{store.display_path(path)}:{number}: {error}") from None
    return text


# --- what a proposal is, once kept -------------------------------------------------------------


@dataclass(frozen=True)
class End:
    """An actor a proposal names: an actor of the graph (``iri``), or a proposed new one."""

    name: str
    iri: str | None = None
    type: str | None = None
    named_as: str | None = None

    def described(self) -> str:
        """The name, and for a proposed actor its guessed class: "Ismail Haniyeh (new Person)"."""
        return self.name if self.iri else f"{self.name} (new {self.type or 'Actor'})"


@dataclass(frozen=True)
class StoredProposal:
    """A proposal as the graph folder keeps it, with where review has taken it.

    ``state`` is ``open``, ``accepted`` (``accepted_as`` the claim it became) or ``rejected``
    (``rejection_reason`` why). ``highlights`` are (part, start, end) offsets in the quote.
    """

    iri: URIRef
    kind: str
    subject: End
    relation: str
    object: End
    quote: str
    source_iri: URIRef
    source: str
    score: float
    date: str | None = None
    date_text: str | None = None
    trigger: str | None = None
    reasons: tuple[str, ...] = ()
    highlights: tuple[tuple[str, int, int], ...] = ()
    attributed_to: str | None = None
    disputed_by: str | None = None
    reliability: str = RELIABILITY
    credibility: int = CREDIBILITY
    accepted_as: str | None = None
    rejection_reason: str | None = None

    @property
    def id(self) -> str:
        return local_name(self.iri)

    @property
    def state(self) -> str:
        return "accepted" if self.accepted_as else "rejected" if self.rejection_reason else "open"

    def marked(self, parts: Collection[str]) -> list[tuple[str, str]]:
        """The quote in pieces, each with the part of *parts* it shows (``trigger``, ``subject``,
        ``object``, ``date``) or ``""``; a part overlapping an earlier one stays unmarked."""
        pieces, at = [], 0
        for part, start, end in sorted(self.highlights, key=lambda h: (h[1], h[2])):
            if part not in parts or start < at or end > len(self.quote):
                continue
            pieces += [(self.quote[at:start], ""), (self.quote[start:end], part)]
            at = end
        pieces.append((self.quote[at:], ""))
        return [(text, part) for text, part in pieces if text]

    def to_dict(self) -> dict[str, builtins.object]:
        """The proposal for scripts (``review --format json``)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "subject": self.subject.name,
            "subject_iri": self.subject.iri,
            "relation": self.relation,
            "object": self.object.name,
            "object_iri": self.object.iri,
            "new_actors": [
                {"role": role, "name": end.name, "type": end.type, "named_as": end.named_as}
                for role, end in (("subject", self.subject), ("object", self.object))
                if end.iri is None
            ],
            "quote": self.quote,
            "date": self.date,
            "date_text": self.date_text,
            "score": self.score,
            "reasons": list(self.reasons),
            "trigger": self.trigger,
            "highlights": [{"part": part, "start": start, "end": end} for part, start, end in self.highlights],
            "attributed_to": self.attributed_to,
            "disputed_by": self.disputed_by,
            "source": self.source,
            "accepted_as": self.accepted_as,
            "rejection_reason": self.rejection_reason,
        }


def read_proposals(dataset: Graph) -> list[StoredProposal]:
    """Every proposal of *dataset*, by source, best score first."""
    iris = {s for s, _ in store.scan(dataset, AG.status, AG.Proposed) if isinstance(s, URIRef)}
    found = [_stored(dataset, iri) for iri in iris if (iri, RDF.type, AG.Claim) in dataset]
    return sorted(found, key=lambda p: (p.source, -p.score, p.quote, p.id))


def _stored(dataset: Graph, iri: URIRef) -> StoredProposal:
    values: dict[Node, list[Node]] = {}
    for predicate, value in dataset.predicate_objects(iri):
        values.setdefault(predicate, []).append(value)

    def one(predicate: URIRef) -> Node | None:
        return values.get(predicate, [None])[0]

    def text(predicate: URIRef) -> str | None:
        value = one(predicate)
        return None if value is None else str(value)

    source = one(AG.source)
    score = one(AG.score)
    return StoredProposal(
        iri=iri,
        kind="dispute" if AG.ProposedDispute in values.get(RDF.type, []) else "claim",
        subject=_read_end(dataset, one(RDF.subject)),
        relation=local_name(str(one(RDF.predicate))),
        object=_read_end(dataset, one(RDF.object)),
        quote=str(one(AG.quote)),
        source_iri=source if isinstance(source, URIRef) else URIRef(""),
        source=local_name(str(source)),
        score=float(score) if isinstance(score, Literal) else 0.0,
        date=text(AG.date),
        date_text=text(AG.dateText),
        trigger=text(AG.triggerWords),
        reasons=tuple(sorted(str(r) for r in values.get(AG.reason, []))),
        highlights=tuple(sorted(_highlight(str(h)) for h in values.get(AG.highlight, []))),
        attributed_to=_speaker_name(dataset, one(AG.attributedTo)),
        disputed_by=_speaker_name(dataset, one(AG.disputedBy)),
        reliability=text(AG.reliability) or RELIABILITY,
        credibility=int(str(one(AG.credibility) or CREDIBILITY)),
        accepted_as=text(AG.acceptedAs),
        rejection_reason=text(AG.rejectionReason),
    )


def _highlight(value: str) -> tuple[str, int, int]:
    part, start, end = value.split()
    return part, int(start), int(end)


def _read_end(dataset: Graph, node: Node | None) -> End:
    label = str(dataset.value(node, RDFS.label) or local_name(str(node)))
    if (node, RDF.type, AG.ProposedActor) in dataset:
        kind = dataset.value(node, AG.proposedType)
        named = dataset.value(node, AG.namedAs)
        return End(label, None, local_name(str(kind)) if kind else None, str(named) if named else None)
    return End(label, str(node))


def _speaker_name(dataset: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(dataset.value(node, RDFS.label) or local_name(node))
    return str(node)


# --- proposing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSource:
    """A source the report is, not yet in the graph: its title and publication day, and what is known."""

    title: str
    date: str
    publisher: str | None = None
    url: str | None = None


@dataclass
class ProposeReport:
    """What ``propose`` did: proposals written (ids), those already there, files written."""

    report: Path
    source: str
    proposed: list[str] = field(default_factory=list)
    disputes: int = 0
    unchanged: int = 0
    #: Proposals left out because an actor's class does not fit the relation (``curation.misfit``).
    unfit: int = 0
    writes: dict[Path, str] = field(default_factory=dict)
    dry_run: bool = False

    def _files(self) -> list[str]:
        return [store.display_path(p) for p in self.writes]

    def to_dict(self) -> dict[str, object]:
        return {
            "proposed": len(self.proposed),
            "disputes": self.disputes,
            "already_proposed": self.unchanged,
            "left_out_unfit": self.unfit,
            "ids": list(self.proposed),
            "source": self.source,
            "dry_run": self.dry_run,
            "files": self._files(),
        }

    def summary(self) -> str:
        verb = "would propose" if self.dry_run else "proposed"
        claims = len(self.proposed) - self.disputes
        what = f"{_count(claims, 'claim')} and {_count(self.disputes, 'dispute')}"
        where = ", ".join(self._files()) or "no file"
        unfit = f"; {self.unfit} left out: an actor's class does not fit the relation" if self.unfit else ""
        return (
            f"{verb} {what} from {store.display_path(self.report)} ({self.unchanged} already proposed) "
            f"in {where}{unfit}"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def propose(
    graph_dir: str | os.PathLike[str] | None,
    report: Path,
    source: str | None = None,
    new_source: NewSource | None = None,
    dry_run: bool = False,
    extractor: Extractor | None = None,
) -> ProposeReport:
    """Read *report* and keep the claims it proposes in the graph folder, for review.

    The report is an existing *source* (its id, URL or label) or a *new_source*, created with the
    report's text kept in the graph folder. Proposals already there (same content) are counted,
    not written again.
    """
    if (source is None) == (new_source is None):
        raise InvalidClaim("name the report's source: an existing source, or a new one with its title and date")
    text = read_report(report)
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        plan = _Plan(dataset, folder)
        if new_source is not None:
            source_iri = _plan_source(plan, new_source, text)
        else:
            source_iri = _known_source(dataset, source or "")
        day = _report_day(dataset, source_iri, new_source)
        found = (extractor or _default_extractor())(text, day, dataset)
        target = folder / PROPOSALS_FOLDER / f"{local_name(source_iri)}.ttl"
        result = ProposeReport(report, local_name(source_iri), dry_run=dry_run)
        for proposal in found:
            iri = _proposal_iri(source_iri, proposal)
            if (iri, None, None) in dataset or local_name(iri) in result.proposed:
                result.unchanged += 1
                continue
            if _misfit(plan, proposal):
                result.unfit += 1
                continue
            _plan_proposal(plan, target, iri, source_iri, proposal)
            result.proposed.append(local_name(iri))
            result.disputes += proposal.kind == "dispute"
        if not result.proposed:
            return result  # nothing would refer to a new source: the folder stays as it was
        result.writes = plan.writes()
        if not dry_run:
            plan.write()  # the new source's text first, then the Turtle
        return result


def _known_source(dataset: Graph, name: str) -> URIRef:
    """The source of *dataset* that *name* names (its id, URL or title), or UnknownSource."""
    return SourceIndex(dataset).resolve(name)


def _plan_source(plan: _Plan, new: NewSource, text: str) -> URIRef:
    """The new source's IRI, the source and its text planned with ``source add``'s checks; or the
    source already made from this report (proposing it again), whose text must then be this one."""
    title = check_text(new.title, "title").strip()
    known = (plan.sources.find(new.url) if new.url else None) or plan.sources.find(title)
    if known is not None:
        _check_same_text(plan, known, title, text)
        return known
    plan.new_source(SourceDraft(title=title, date=new.date, publisher=new.publisher, url=new.url), text)
    return URIRef(plan.main)


def _check_same_text(plan: _Plan, source: URIRef, title: str, text: str) -> None:
    kept = plan.dataset.value(source, AG.text)
    if kept is None:
        return
    path = plan.folder / str(kept)
    if path.is_file() and path.read_text(encoding="utf-8") != text:
        raise InvalidClaim(
            f"source:{local_name(source)} ({title!r}) exists already with another text: "
            "give this report another title, or name that source to propose from its own text"
        )


def _report_day(dataset: Graph, source: URIRef, new: NewSource | None) -> datetime.date:
    """The day the report was published, which its relative dates ("on Saturday") count from."""
    value = new.date if new is not None else str(dataset.value(source, DCTERMS.date) or "")
    if not value:
        raise InvalidClaim(f"source:{local_name(source)} has no date: its report's dates cannot be resolved")
    published = PartialDate.parse(value[:10])
    if published.precision != "day":
        raise InvalidClaim(
            f"the report's date {published} is not a day — expected the day it was published (YYYY-MM-DD), "
            "which dates such as 'on Saturday' count from"
        )
    return published.earliest


def _misfit(plan: _Plan, proposal: Proposal) -> bool:
    """Whether an actor's class (a proposed actor's guessed one) does not fit the relation."""
    relation = plan.vocabulary.relation(proposal.relation)
    subject, obj = (
        plan.index.resolve(m.iri).type if m.iri else plan.vocabulary.actor_type(m.type or "Actor").name
        for m in (proposal.subject, proposal.object)
    )
    return misfit(plan.vocabulary, relation.name, subject, obj) is not None


def _mention_key(mention: Mention | None) -> str:
    # The report's words, not the actor they resolve to: once a proposed actor is accepted, the
    # same words name an actor of the graph, and must still make the same proposal.
    return "" if mention is None else f"{mention.span.start}:{fold(mention.span.text)}"


def _proposal_iri(source: URIRef, proposal: Proposal) -> URIRef:
    """The proposal's IRI from its content (what the report says, where), so that reading the
    same report again finds it, whatever the graph has learnt since."""
    parts = (str(source), proposal.kind, _mention_key(proposal.subject), proposal.relation,
             _mention_key(proposal.object), proposal.quote.text, proposal.date or "",
             _mention_key(proposal.attributed_to), _mention_key(proposal.by))  # fmt: skip
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return CLAIM[f"p-{digest[:8]}"]


def _plan_proposal(plan: _Plan, target: Path, iri: URIRef, source: URIRef, proposal: Proposal) -> None:
    relation = plan.vocabulary.relation(proposal.relation)
    subject = _plan_end(plan, target, iri, "subject", proposal.subject)
    obj = _plan_end(plan, target, iri, "object", proposal.object)
    quote = proposal.quote.text
    if len(check_text(quote, "quote", free=True).strip()) < 3:
        raise InvalidClaim(f"invalid quote {quote!r} — expected the source's words, verbatim (at least 3 characters)")
    pairs: list[tuple[URIRef, URIRef | Literal]] = [(RDF.type, AG.Claim)]
    if proposal.kind == "dispute":
        pairs.append((RDF.type, AG.ProposedDispute))
    pairs += [(AG.status, AG.Proposed), (RDF.subject, subject), (RDF.predicate, relation.iri), (RDF.object, obj),
              (AG.quote, Literal(quote))]  # fmt: skip
    if proposal.date:
        pairs.append((AG.date, PartialDate.parse(proposal.date).to_literal()))
    if proposal.date_span:
        pairs.append((AG.dateText, Literal(proposal.date_span.text)))
    if proposal.attributed_to:
        pairs.append((AG.attributedTo, _speaker(plan, proposal.attributed_to)))
    if proposal.kind == "dispute" and proposal.by:
        pairs.append((AG.disputedBy, _speaker(plan, proposal.by)))
    pairs += [
        (AG.source, source),
        (AG.reliability, Literal(RELIABILITY)),
        (AG.credibility, Literal(CREDIBILITY)),
        (AG.score, Literal(Decimal(f"{min(max(proposal.score, 0.0), 1.0):.3f}").normalize(), datatype=XSD.decimal)),
        (AG.triggerWords, Literal(proposal.trigger.text)),
    ]
    parts = (("trigger", proposal.trigger), ("subject", proposal.subject.span), ("object", proposal.object.span),
             ("date", proposal.date_span))  # fmt: skip
    pairs += [(AG.highlight, Literal(h)) for h in _highlights(proposal.quote, parts)]
    pairs += [(AG.reason, Literal(check_text(reason, "reason", free=True))) for reason in proposal.reasons]
    plan.annotate(target, iri, pairs)


def _plan_end(plan: _Plan, target: Path, proposal: URIRef, role: str, mention: Mention) -> URIRef:
    """An existing actor's IRI, or a proposed actor node planned next to the proposal."""
    if mention.iri is not None:
        return plan.index.resolve(mention.iri).iri  # an IRI the graph does not know is refused here
    node = URIRef(f"{proposal}-{role}")
    kind = plan.vocabulary.actor_type(mention.type or "Actor")
    plan.annotate(target, node, [
        (RDF.type, AG.ProposedActor),
        (RDFS.label, Literal(check_text(mention.name, "actor name").strip())),
        (AG.proposedType, kind.iri),
        (AG.namedAs, Literal(check_text(mention.span.text, "name", free=True))),
    ])  # fmt: skip
    return node


def _speaker(plan: _Plan, mention: Mention) -> URIRef | Literal:
    if mention.iri is not None:
        return plan.index.resolve(mention.iri).iri
    return Literal(check_text(mention.name, "speaker").strip())


def _highlights(quote: Span, parts: Iterable[tuple[str, Span | None]]) -> list[str]:
    """``part start end`` for each part that lies in the quote, offsets counted in the quote."""
    return [
        f"{part} {span.start - quote.start} {span.end - quote.start}"
        for part, span in parts
        if span is not None and quote.start <= span.start <= span.end <= quote.end
    ]


# --- reviewing ---------------------------------------------------------------------------------


def list_proposals(
    dataset: Graph, source: str | None = None, min_score: float | None = None, include_decided: bool = False
) -> list[StoredProposal]:
    """The proposals still to review (every one with *include_decided*), of one *source* and at
    least *min_score* when given."""
    chosen = _known_source(dataset, source) if source else None
    return [
        p for p in read_proposals(dataset)
        if (include_decided or p.state == "open") and (chosen is None or p.source_iri == chosen)
        and (min_score is None or p.score >= min_score)
    ]  # fmt: skip


def find_proposal(proposals: list[StoredProposal], proposal_id: str) -> StoredProposal:
    """The proposal *proposal_id* names (``p-...``, ``claim:p-...`` or its IRI), or UnknownProposal."""
    wanted = local_name(proposal_id.strip().removeprefix("claim:"))
    for proposal in proposals:
        if proposal.id == wanted:
            return proposal
    raise UnknownProposal(proposal_id, difflib.get_close_matches(wanted, [p.id for p in proposals], n=1, cutoff=0.6))


@dataclass(frozen=True)
class ProposalEdits:
    """What a curator changes in a proposal while accepting it; ``None`` keeps the proposal's."""

    subject: str | None = None
    relation: str | None = None
    object: str | None = None
    quote: str | None = None
    date: str | None = None
    reliability: str | None = None
    credibility: int | None = None
    attributed_to: str | None = None
    comment: str | None = None


@dataclass
class Decision:
    """What ``accept`` or ``reject`` did: each proposal and the claim it became (when accepted)."""

    action: str
    decided: list[tuple[str, str | None]] = field(default_factory=list)
    writes: dict[Path, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "action": self.action,
            "proposals": [{"id": p, "claim": _short(c) if c else None} for p, c in self.decided],
            "files": [store.display_path(p) for p in self.writes],
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        where = ", ".join(store.display_path(p) for p in self.writes)
        where = f" in {where}" if where else ""
        if len(self.decided) == 1:
            proposal, claim = self.decided[0]
            became = f" as {_short(claim)}" if claim else ""
            return "\n".join([f"{self.action} {proposal}{became}{where}", *self.notes])
        lines = [f"  {p} as {_short(c)}" for p, c in self.decided if c]
        return "\n".join([f"{self.action} {_count(len(self.decided), 'proposal')}{where}", *lines, *self.notes])


def _short(iri: str | None) -> str:
    return f"claim:{local_name(str(iri))}" if iri else ""


def accept(
    graph_dir: str | os.PathLike[str] | None,
    proposal_id: str | None = None,
    edits: ProposalEdits | None = None,
    above: float | None = None,
    dry_run: bool = False,
) -> Decision:
    """Accept one proposal (with *edits*), or every open one scoring *above* or more: each becomes
    a verified claim, checked as ``add`` checks, and the proposal is marked accepted.

    Several at once are all or nothing: if one cannot be accepted as it stands, each such one
    is listed and nothing is written.
    """
    edits = edits or ProposalEdits()
    if (proposal_id is None) == (above is None):
        raise InvalidClaim("name one proposal to accept, or a score to accept every open proposal scoring that or more")
    if above is not None and edits != ProposalEdits():
        raise InvalidClaim("edits apply to one proposal: name it to accept it with edits")
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        proposals = read_proposals(dataset)
        if proposal_id is not None:
            chosen = find_proposal(proposals, proposal_id)
            if chosen.state != "open":
                return _decided_already(chosen, "accepted")
            chosen_ones = [chosen]
        else:
            chosen_ones = [p for p in proposals if p.state == "open" and p.score >= (above or 0.0)]
        plan = _Plan(dataset, folder)
        decision = Decision("would accept" if dry_run else "accepted")
        errors = []
        for proposal in chosen_ones:
            try:
                decision.decided.append((proposal.id, _accept_one(plan, proposal, edits)))
            except ActorgraphError as error:
                if proposal_id is not None:
                    raise
                errors.append(f"{proposal.id}: {error}")
        if errors:
            raise ProposalsNotAccepted(errors)
        if not dry_run:
            plan.write()
        decision.writes = plan.writes()
        return decision


def _decided_already(proposal: StoredProposal, wanted: str) -> Decision:
    """The answer to deciding a proposal again: unchanged when decided the same way, else refused."""
    if proposal.state == wanted:
        became = proposal.accepted_as if wanted == "accepted" else None
        return Decision(f"unchanged: already {wanted},", [(proposal.id, became)])
    if proposal.state == "accepted":
        raise InvalidClaim(
            f"proposal {proposal.id} was accepted as {_short(proposal.accepted_as)}: retract that claim instead"
        )
    raise InvalidClaim(f"proposal {proposal.id} was rejected ({proposal.rejection_reason}): it stays rejected")


def _accept_one(plan: _Plan, proposal: StoredProposal, edits: ProposalEdits) -> str:
    """Plan the claim *proposal* becomes (and any actor it needs); return the claim's IRI."""
    if proposal.kind == "dispute":
        claim = _accept_dispute(plan, proposal)
    else:
        # An edited end names an actor of the graph: a new one comes only from the proposal.
        subject = str(plan.index.resolve(edits.subject).iri) if edits.subject else _actor_for(plan, proposal.subject)
        obj = str(plan.index.resolve(edits.object).iri) if edits.object else _actor_for(plan, proposal.object)
        draft = ClaimDraft(
            subject=subject,
            relation=edits.relation or proposal.relation,
            object=obj,
            source=str(proposal.source_iri),
            quote=edits.quote or proposal.quote,
            date=edits.date or proposal.date,
            reliability=edits.reliability or proposal.reliability,
            credibility=edits.credibility or proposal.credibility,
            attributed_to=edits.attributed_to or proposal.attributed_to,
            comment=edits.comment,
            status="Verified",
        )
        claim = plan.add_claim(draft, _target(plan.folder, None, CLAIMS_FILE)) or plan.main
    today = Literal(datetime.date.today().isoformat(), datatype=XSD.date)
    where = _file_of(plan.dataset, plan.folder, proposal.iri)
    plan.annotate(where, proposal.iri, [(AG.acceptedAs, URIRef(claim)), (AG.reviewedOn, today)])
    return claim


def _actor_for(plan: _Plan, end: End) -> str:
    """The name a claim draft gives *end*: its IRI, or a proposed actor's name, the actor planned
    unless an actor of that very name exists by now (made when an earlier proposal was accepted)."""
    if end.iri is not None:
        return end.iri
    try:
        found = plan.index.resolve(end.name)
    except ActorgraphError:
        found = None
    if found is not None and fold(end.name) in {fold(n) for n in found.names}:
        return str(found.iri)
    plan.new_actor(ActorDraft(end.name, end.type or "Actor"), _target(plan.folder, None, ACTORS_FILE))
    return end.name


def _accept_dispute(plan: _Plan, proposal: StoredProposal) -> str:
    """The claim a dispute proposal disputes: a claim of the graph stating its proposition.

    The proposal, kept with its quote, source and ``ag:disputedBy``, is the record of the
    dispute, linked to that claim by ``ag:acceptedAs``.
    """
    triple = (proposal.subject.iri, AG[proposal.relation], proposal.object.iri)
    if None not in triple:
        for claim in plan.dataset.subjects(RDF.subject, URIRef(str(triple[0]))):
            if (
                (claim, RDF.predicate, triple[1]) in plan.dataset
                and (claim, RDF.object, URIRef(str(triple[2]))) in plan.dataset
                and (claim, AG.status, AG.Proposed) not in plan.dataset
                and (claim, AG.rank, AG.DeprecatedRank) not in plan.dataset
            ):
                return str(claim)
    raise InvalidClaim(
        f"no claim of the graph says {proposal.subject.name} {proposal.relation} {proposal.object.name}: "
        "a denial disputes a claim that is there — add that claim first, or reject the proposal"
    )


def reject(graph_dir: str | os.PathLike[str] | None, proposal_id: str, reason: str, dry_run: bool = False) -> Decision:
    """Mark a proposal rejected with *reason* and the day; it is kept, and not proposed again."""
    if len(check_text(reason, "reason", free=True).strip()) < 3:
        raise InvalidClaim("say why the proposal is rejected (`reason`, at least 3 characters)")
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        proposal = find_proposal(read_proposals(dataset), proposal_id)
        if proposal.state != "open":
            return _decided_already(proposal, "rejected")
        pairs = [
            (AG.rejectionReason, Literal(reason.strip())),
            (AG.reviewedOn, Literal(datetime.date.today().isoformat(), datatype=XSD.date)),
        ]
        marker = turtle.statement(turtle.term(proposal.iri), [(turtle.term(p), turtle.term(o)) for p, o in pairs])
        path = _file_of(dataset, folder, proposal.iri)
        if not dry_run:
            with writing(path):
                files.append_turtle(path, marker)
        return Decision("would reject" if dry_run else "rejected", [(proposal.id, None)], {path: marker})
