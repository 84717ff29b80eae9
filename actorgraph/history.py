"""Versions of a claim: corrections, the chain of versions, and retractions taken back.

A claim is never changed in place. ``edit_claim`` writes the corrected claim as a new claim node
through the checks of ``add`` (``curation._Plan``), and marks the version it replaces deprecated
with reason "superseded" and a link to its successor (``ag:supersededBy``; the new version says
``ag:supersedes``), as Wikidata deprecates a statement rather than deleting it. The new version
is written just after the old one, in the same file, so the file reads as the claim's history.
Subject, relation and object stay fixed: another triple is another claim (retract and add it).
Disputes of a version hold for its successors (see ``disputes``).

``restore_claim`` takes back a retraction: the deprecation the retraction wrote (rank, reason,
day) makes way for a note of the restoration (``ag:restoredOn``, with the retraction it
withdraws in ``ag:withdrawnRetraction``), and the plain triple comes back.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from actorgraph import files, store, turtle
from actorgraph.claims import Claim, read_claims
from actorgraph.curation import (
    Change,
    ClaimDraft,
    _claim_iri,
    _file_of,
    _Plan,
    _short,
    _statement_start,
    _tokens,
    check_text,
    deprecation,
    insert_after,
    writable_folder,
    writing,
)
from actorgraph.errors import InvalidClaim, NotCurrentClaim
from actorgraph.namespace import AG
from actorgraph.vocabulary import Vocabulary, local_name

#: The deprecation reason of a superseded version (followed by ": why" when the edit says why).
SUPERSEDED = "superseded"
#: What ``claim history`` compares between versions, in this order.
VERSION_FIELDS = ("quote", "source", "date", "start", "end", "reliability", "credibility", "attributed_to", "comment")


@dataclass(frozen=True)
class ClaimEdit:
    """What a correction changes; a field left None keeps the claim's value.

    A date replaces the claim's start and end, and a start or an end its date: a claim is an
    event or a state of affairs. *reason* says why (kept in the old version's deprecation reason).
    """

    date: str | None = None
    start: str | None = None
    end: str | None = None
    quote: str | None = None
    source: str | None = None
    reliability: str | None = None
    credibility: int | None = None
    attributed_to: str | None = None
    comment: str | None = None
    source_date: str | None = None
    reason: str | None = None


# --- edit ------------------------------------------------------------------------------------


def edit_claim(
    graph_dir: str | os.PathLike[str] | None, claim_id: str, edit: ClaimEdit, dry_run: bool = False
) -> Change:
    """Correct a claim: its new version is a new claim node, the old one is deprecated as superseded."""
    if edit.reason is not None and len(check_text(edit.reason, "reason", free=True).strip()) < 3:
        raise InvalidClaim(f"invalid reason {edit.reason!r} — expected a few words saying why the claim is corrected")
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        claim = _claim_iri(dataset, claim_id)
        check_current(dataset, claim)
        old = _draft_of(dataset, claim)
        draft = _changed(old, edit)
        if draft == old:
            return Change("unchanged: the edit changes nothing of", str(claim))
        plan, path, block = _plan_version(dataset, folder, claim, draft, edit.reason)
        new_text = insert_after(path.read_text(encoding="utf-8"), claim, block)
        store.parse_file(path, data=new_text)  # the edit must leave valid Turtle
        change = Change("would edit" if dry_run else "edited", plan.main, {**plan.writes(), path: block})
        reason = _reason(edit.reason)
        change.details.append(f"it supersedes {_short(str(claim))}, kept as deprecated (reason {reason!r})")
        if not dry_run:
            plan.write()  # a new source first: a crash then leaves it unused, never a dangling claim
            with writing(path):
                files.atomic_write(path, new_text)
        return change


def _plan_version(
    dataset: Graph, folder: Path, claim: URIRef, draft: ClaimDraft, why: str | None
) -> tuple[_Plan, Path, str]:
    """The plan of the new version (its other files, a new source), the claim's file, and the text
    to insert after the old version there: its deprecation, then the new version."""
    plan = _Plan(dataset, folder)
    # The old version is about to go: it is not a duplicate of its own correction.
    plan.claims = {key: iri for key, iri in plan.claims.items() if iri != str(claim)}
    path = _file_of(dataset, folder, claim)
    # Versions are named after the first one: iran-backs-hamas, iran-backs-hamas-2, -3...
    first = local_name(_versions(dataset, claim)[0])
    identical = plan.add_claim(draft, path, extra=((AG.supersedes, claim),), name=first)
    if identical is not None:
        raise InvalidClaim(
            f"the corrected claim would be identical to {_short(identical)}: retract {_short(str(claim))} instead"
        )
    marker = turtle.node_statement(claim, [*deprecation(_reason(why)), (AG.supersededBy, URIRef(plan.main))])
    return plan, path, marker + "\n" + "\n".join(plan.blocks.pop(path))


def _reason(why: str | None) -> str:
    return f"{SUPERSEDED}: {why.strip()}" if why else SUPERSEDED


def _draft_of(dataset: Graph, claim: URIRef) -> ClaimDraft:
    """The claim as ``add`` would have been given it: actors, relation and source by IRI."""

    def value(predicate: URIRef) -> str | None:
        found = dataset.value(claim, predicate)
        return None if found is None else str(found)

    return ClaimDraft(
        subject=str(value(RDF.subject)),
        relation=local_name(URIRef(str(value(RDF.predicate)))),
        object=str(value(RDF.object)),
        source=str(value(AG.source)),
        quote=str(value(AG.quote)),
        date=value(AG.date),
        start=value(AG.start),
        end=value(AG.end),
        reliability=value(AG.reliability) or "F",
        credibility=int(value(AG.credibility) or 6),
        attributed_to=value(AG.attributedTo),
        comment=value(RDFS.comment),
    )


def _changed(old: ClaimDraft, edit: ClaimEdit) -> ClaimDraft:
    given = {f.name: getattr(edit, f.name) for f in dataclasses.fields(edit) if f.name != "reason"}
    changes = {name: value for name, value in given.items() if value is not None}
    if edit.date is not None:
        changes.update(start=None, end=None)
    elif edit.start is not None or edit.end is not None:
        changes["date"] = None
    return dataclasses.replace(old, **changes)


def check_current(dataset: Graph, claim: URIRef) -> None:
    """NotCurrentClaim unless *claim* is a current claim of the graph: superseded, retracted and
    proposed claims are not changed (their current version, a restoration or a review first)."""
    name = _short(str(claim))
    if dataset.value(claim, AG.supersededBy) is not None:
        raise NotCurrentClaim(name, "superseded", current=_short(str(current_version(dataset, claim))))
    if dataset.value(claim, AG.rank) == AG.DeprecatedRank:
        raise NotCurrentClaim(name, "retracted", advice="restore it first")
    if dataset.value(claim, AG.status) == AG.Proposed:
        raise NotCurrentClaim(name, "proposed, not yet a claim of the graph", advice="review it first")


def current_version(dataset: Graph, claim: URIRef) -> URIRef:
    """The newest version of *claim*, following ``ag:supersededBy``."""
    return _versions(dataset, claim)[-1]


def _versions(dataset: Graph, claim: URIRef) -> list[URIRef]:
    """The chain *claim* belongs to, oldest first (a loop written by hand is cut where it closes)."""
    first, seen = claim, {claim}
    while (earlier := dataset.value(predicate=AG.supersededBy, object=first)) is not None and earlier not in seen:
        first = earlier  # type: ignore[assignment]
        seen.add(first)
    chain = [first]
    while (later := dataset.value(chain[-1], AG.supersededBy)) is not None and later not in chain:
        chain.append(later)  # type: ignore[arg-type]
    return chain


# --- history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One version of a claim: the claim, what changed from the version before, and why."""

    claim: Claim
    changes: tuple[tuple[str, object, object], ...] = ()
    reason: str | None = None
    state: str = "current"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": str(self.claim.iri),
            "state": self.state,
            "reason": self.reason,
            "changes": [{"field": name, "from": before, "to": after} for name, before, after in self.changes],
            "claim": self.claim.to_dict(),
        }


@dataclass(frozen=True)
class ClaimHistory:
    """Every version of a claim, oldest first; the last is the current one."""

    asked: str
    versions: tuple[Version, ...]

    @property
    def current(self) -> Claim:
        return self.versions[-1].claim

    def to_dict(self) -> dict[str, object]:
        return {
            "asked": self.asked,
            "current": str(self.current.iri),
            "versions": [v.to_dict() for v in self.versions],
        }


def claim_history(dataset: Graph, claim_id: str, vocabulary: Vocabulary | None = None) -> ClaimHistory:
    """The chain of versions of the claim *claim_id* (any version of it), oldest to newest;
    *vocabulary*, when given, saves reading it again."""
    claim = _claim_iri(dataset, claim_id)
    chain = _versions(dataset, claim)
    claims = read_claims(dataset, chain, vocabulary)
    versions: list[Version] = []
    for number, iri in enumerate(chain):
        current = claims[iri]
        before = claims[chain[number - 1]] if number else None
        versions.append(
            Version(
                claim=current,
                changes=_differences(before, current) if before else (),
                reason=_why(before) if before else None,
                state=_state(current),
            )
        )
    return ClaimHistory(str(claim), tuple(versions))


def _differences(before: Claim, after: Claim) -> tuple[tuple[str, object, object], ...]:
    old, new = before.to_dict(), after.to_dict()
    return tuple((name, old[name], new[name]) for name in VERSION_FIELDS if old[name] != new[name])


def _why(superseded: Claim) -> str | None:
    reason = superseded.deprecation_reason or ""
    return reason.removeprefix(SUPERSEDED).lstrip(": ") or None


def _state(claim: Claim) -> str:
    if claim.deprecated:
        return SUPERSEDED if (claim.deprecation_reason or "").startswith(SUPERSEDED) else "retracted"
    return "current" if claim.status == "verified" else f"current, {claim.status}"


# --- restore ---------------------------------------------------------------------------------


def restore_claim(graph_dir: str | os.PathLike[str] | None, claim_id: str, dry_run: bool = False) -> Change:
    """Take back a claim's retraction: it counts again, with a note of the restoration."""
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        claim = _claim_iri(dataset, claim_id)
        if dataset.value(claim, AG.supersededBy) is not None:
            current = _short(str(current_version(dataset, claim)))
            raise NotCurrentClaim(_short(str(claim)), "superseded, not retracted", current=current)
        if dataset.value(claim, AG.rank) != AG.DeprecatedRank:
            return Change("unchanged: not retracted,", str(claim))
        path = _file_of(dataset, folder, claim)
        text = path.read_text(encoding="utf-8")
        start, end = _retraction(text, claim, path)
        retracted = [dataset.value(claim, p) for p in (AG.deprecatedOn, AG.deprecationReason)]
        note = turtle.node_statement(claim, [
            (AG.restoredOn, Literal(date.today().isoformat(), datatype=XSD.date)),
            (AG.withdrawnRetraction, Literal("retracted on {}: {}".format(*retracted))),
        ])  # fmt: skip
        new_text = text[:start] + note.rstrip("\n") + text[end:]
        change = Change("would restore" if dry_run else "restored", str(claim), {path: note})
        new_text = _plain_triple_back(dataset, claim, new_text, change)
        store.parse_file(path, data=new_text)  # the edit must leave valid Turtle
        if not dry_run:
            with writing(path):
                files.atomic_write(path, new_text)
        return change


#: What a retraction marks a claim with (``curation.deprecation``).
_RETRACTION = {AG.rank, AG.deprecationReason, AG.deprecatedOn}


def _retraction(text: str, claim: URIRef, path: Path) -> tuple[int, int]:
    """Where the statement that retracted *claim* is in *text*: one of its own, as ``retract`` writes."""
    for start in _statements_of(text, claim):
        end = files.statement_end(text, start)
        prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in files.declared_prefixes(text[:start]).items())
        said = Graph().parse(data=prefixes + text[start:end], format="turtle")
        if {p for _, p, _ in said} <= _RETRACTION and (claim, AG.rank, AG.DeprecatedRank) in said:
            return start, end
    raise InvalidClaim(
        f"the retraction of {_short(str(claim))} is written inside another statement in "
        f"{store.display_path(path)}: restore it by hand"
    )


def _statements_of(text: str, claim: URIRef) -> Iterator[int]:
    for token in _tokens(claim, text):
        for match in re.finditer(rf"^[ \t]*{re.escape(token)}(?=\s)", text, re.MULTILINE):
            yield match.start()


def _plain_triple_back(dataset: Graph, claim: URIRef, text: str, change: Change) -> str:
    """*text* with the claim's plain triple written before its claim node, when retracting removed it."""
    terms = [dataset.value(claim, p) for p in (RDF.subject, RDF.predicate, RDF.object)]
    subject, predicate, obj = terms
    if not (isinstance(subject, URIRef) and isinstance(predicate, URIRef) and isinstance(obj, URIRef)):
        return text
    if (subject, predicate, obj) in dataset:
        return text
    start = _statement_start(text, claim)
    change.details.append("its plain triple is back")
    return text[:start] + turtle.node_statement(subject, [(predicate, obj)]) + text[start:]
