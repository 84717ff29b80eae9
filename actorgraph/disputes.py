"""Disputes: a source, or an actor in a source, contesting a claim; recording one.

A dispute is evidence of its own, written as an ``ag:Dispute`` node beside the claims: the claim
it contests (``ag:disputedClaim``), the source and the verbatim quote that contest it, who does
(``ag:disputedBy``, an actor, when the source reports someone else's denial) and when
(``ag:date``), with a curator's comment. The claim stays a claim of the graph.

A claim's review status *disputed* is derived from these nodes rather than written on the claim:
the status and its evidence cannot disagree, recording a dispute only appends (the claim's own
statement is never edited), and a dispute recorded on one version of a claim holds for its later
versions too (a correction of a date or a quote does not answer a denial of the fact), without
being copied to each. ``ag:status ag:Disputed`` written by hand also reads as disputed.
``claims`` reads disputes with the claims (``claims.Dispute``); this module records them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from actorgraph import files, store
from actorgraph.claims import read_claims
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
from actorgraph.dates import PartialDate
from actorgraph.history import check_current
from actorgraph.namespace import AG
from actorgraph.vocabulary import local_name


@dataclass(frozen=True)
class DisputeDraft:
    """A dispute as a user states it: the claim's id, a known source, the quote, perhaps who and when."""

    claim: str
    source: str
    quote: str
    by: str | None = None
    date: str | None = None
    comment: str | None = None


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
    from actorgraph.curation import (
        Change,
    )

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
        source = plan.sources.resolve(draft.source)  # a dispute cites a source of the graph
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
        change.details.append(f"{_short(str(claim))} now reads as disputed")
        return change


def _identical(dataset: Graph, claim: URIRef, key: tuple[str, str, str | None]) -> str | None:
    """The dispute of *claim* (or of an earlier version) with the same source, quote and actor, if any."""
    for dispute in read_claims(dataset, [claim])[claim].disputes:
        if (dispute.source_iri, dispute.quote, dispute.by_iri) == key:
            return dispute.iri
    return None
