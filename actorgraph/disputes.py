"""Disputes: a source, or an actor in a source, contesting a claim.

A dispute is evidence of its own, written as an ``ag:Dispute`` node beside the claims: the claim
it contests (``ag:disputedClaim``), the source and the verbatim quote that contest it, who does
(``ag:disputedBy``, an actor, when the source reports someone else's denial) and when
(``ag:date``), with a curator's comment. The claim stays a claim of the graph.

A claim's review status *disputed* is derived from these nodes rather than written on the claim:
the status and its evidence cannot disagree, recording a dispute only appends (the claim's own
statement is never edited), and a dispute recorded on one version of a claim holds for its later
versions too (a correction of a date or a quote does not answer a denial of the fact), without
being copied to each. ``ag:status ag:Disputed`` written by hand also reads as disputed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from actorgraph import store
from actorgraph.dates import PartialDate
from actorgraph.namespace import AG
from actorgraph.vocabulary import local_name

if TYPE_CHECKING:
    from actorgraph.curation import Change


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
class DisputeDraft:
    """A dispute as a user states it: the claim's id, a known source, the quote, perhaps who and when."""

    claim: str
    source: str
    quote: str
    by: str | None = None
    date: str | None = None
    comment: str | None = None


#: A dispute node's properties, read in one scan each (as claims are).
_COLUMNS = (AG.disputedClaim, AG.source, AG.quote, AG.disputedBy, AG.date, RDFS.comment)


def read_disputes(graph: Graph, label: Callable[[Node], str]) -> dict[Node, list[Dispute]]:
    """Every dispute of *graph*, by the claim it contests; *label* names sources and actors."""
    disputes = {d for d, _ in store.scan(graph, RDF.type, AG.Dispute)}
    if not disputes:
        return {}
    column = {p: dict(store.scan(graph, p)) for p in _COLUMNS}
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


def record_dispute(
    graph_dir: str | os.PathLike[str] | None,
    draft: DisputeDraft,
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
) -> Change:
    """Record that a source (or an actor it reports) contests a claim, checked before writing.

    The claim must be a current claim of the graph (not retracted, superseded or proposed: a
    dispute of an older version is recorded on the current one, see ``history.check_current``);
    the source must be known;
    the quote follows the quote rules of ``curation``; *by* resolves like every actor name.
    """
    from actorgraph import files
    from actorgraph.curation import (
        Change,
        _claim_iri,
        _file_of,
        _Plan,
        _short,
        _target,
        check_quote,
        check_text,
        writable_folder,
    )
    from actorgraph.errors import InvalidClaim
    from actorgraph.history import check_current

    for what, value in (("source", draft.source), ("disputed_by", draft.by)):
        if value is not None:
            check_text(value, what)
    check_quote(draft.quote)
    if draft.comment is not None:
        check_text(draft.comment, "comment", free=True)
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        claim = _claim_iri(dataset, draft.claim)
        check_current(dataset, claim)
        plan = _Plan(dataset, folder)
        source = plan.sources.find(draft.source)
        if source is None:
            close = plan.sources.close(draft.source)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InvalidClaim(f"unknown source {draft.source!r}{hint}: a dispute cites a source of the graph")
        plan.check_quote(source, draft.quote)
        by = plan.index.resolve(draft.by).iri if draft.by else None
        same = _identical(dataset, claim, (str(source), draft.quote, str(by) if by else None))
        if same is not None:
            return Change("unchanged: an identical dispute exists,", same)
        iri = plan.free_name(f"{local_name(claim)}-dispute")
        pairs: list[tuple[URIRef, URIRef | Literal]] = [
            (RDF.type, AG.Dispute),
            (AG.disputedClaim, claim),
            (AG.source, source),
            (AG.quote, Literal(draft.quote)),
        ]
        if by is not None:
            pairs.append((AG.disputedBy, by))
        if draft.date:
            pairs.append((AG.date, PartialDate.parse(draft.date).to_literal()))
        if draft.comment:
            pairs.append((RDFS.comment, Literal(draft.comment)))
        # Beside the claim it contests, unless asked otherwise: the claim and its denial read together.
        target = _target(folder, file, str(_file_of(dataset, folder, claim).relative_to(folder)))
        plan._append(target, iri, pairs)
        plan.main = str(iri)
        if not dry_run:
            plan.write()
        change = Change("would record" if dry_run else "recorded", plan.main, plan.writes())
        change.notes.append(f"{_short(str(claim))} now reads as disputed")
        return change


def _identical(dataset: Graph, claim: URIRef, key: tuple[str, str, str | None]) -> str | None:
    """The dispute of *claim* (or of an earlier version) with the same source, quote and actor, if any."""
    from actorgraph.claims import read_claims

    for dispute in read_claims(dataset, [claim])[claim].disputes:
        if (dispute.source_iri, dispute.quote, dispute.by_iri) == key:
            return dispute.iri
    return None
