"""Merge decisions: two actors judged to be one, without touching either (as OpenSanctions'
nomenklatura keeps its judgements).

A decision is a node of a graph file (``decisions.ttl`` unless written elsewhere by hand)::

    decision:merge-israeli-defense-forces-into-israel-defense-forces a ag:Merge ;
        ag:canonicalActor actor:Israel_Defense_Forces ;
        ag:mergedActor actor:Israeli_Defense_Forces ;
        ag:decidedBy "analyst" ;
        ag:decidedAt "2026-12-03T12:00:00Z"^^xsd:dateTime ;
        ag:decisionReason "the same army, as ICEWS14 spells it" .

Unmerging appends ``ag:withdrawnBy``, ``ag:withdrawnAt`` and ``ag:withdrawalReason`` to the
decision, which stays for the record. The files keep both actors; ``merged_view.apply`` makes
every reader see one, where a graph is loaded (``store.open_graph`` in memory, every Oxigraph
store ``store`` builds, ``push``), so the cached projection, the actor index, SPARQL answers,
maps and analyses all start from the merged graph, and the caches follow the decisions because
``decisions.ttl`` is one of the files ``store.fingerprint`` digests. Writes (``curation``,
``actor_edits``, this module's :func:`record` and :func:`withdraw`) read the files as they are.

Decisions chain (C merged into B, B into A: C reads as A); a decision that would close a cycle
is refused, and so is a second decision for an actor already merged.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from actorgraph import files, store, turtle
from actorgraph.actors import Actor, ActorIndex
from actorgraph.claims import Claim, list_claims
from actorgraph.curation import Change, _short, _slug, check_text, misfit, writable_folder, writing
from actorgraph.errors import ActorChangeRefused
from actorgraph.merged_view import roots
from actorgraph.namespace import AG, DECISION
from actorgraph.vocabulary import Vocabulary, local_name

DECISIONS_FILE = "decisions.ttl"
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_HEADER = (
    "# Merge decisions: actors judged to be one, with who decided, when and why (actorgraph actor merge).\n"
    "# A withdrawn decision (actorgraph actor unmerge) is kept for the record and no longer applied.\n\n"
)


@dataclass(frozen=True)
class Merge:
    """One merge decision: *merged* reads as *canonical*, unless the decision was withdrawn."""

    iri: URIRef
    canonical: URIRef
    merged: URIRef
    canonical_label: str
    merged_label: str
    by: str
    at: str
    reason: str
    withdrawn_by: str | None = None
    withdrawn_at: str | None = None
    withdrawal_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def id(self) -> str:
        return local_name(self.iri)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "iri": str(self.iri),
            "canonical": self.canonical_label,
            "canonical_iri": str(self.canonical),
            "merged": self.merged_label,
            "merged_iri": str(self.merged),
            "by": self.by,
            "at": self.at,
            "reason": self.reason,
            "active": self.active,
            "withdrawn_by": self.withdrawn_by,
            "withdrawn_at": self.withdrawn_at,
            "withdrawal_reason": self.withdrawal_reason,
        }


_FIELDS = (AG.canonicalActor, AG.mergedActor, AG.decidedBy, AG.decidedAt, AG.decisionReason, AG.withdrawnBy,
           AG.withdrawnAt, AG.withdrawalReason)  # fmt: skip


def read_merges(graph: Graph) -> list[Merge]:
    """Every merge decision of *graph*, withdrawn ones included, oldest first.

    Labels are the actors' labels in *graph*: in a merged graph the merged actor keeps its own
    label (and lends it to the canonical one as an alias), so the record still names it.
    """
    nodes = [node for node, _ in store.scan(graph, RDF.type, AG.Merge) if isinstance(node, URIRef)]
    if not nodes:
        return []
    column = store.columns_of(graph, nodes, _FIELDS)
    ends = {column[p][n] for n in nodes for p in (AG.canonicalActor, AG.mergedActor) if n in column[p]}
    labels = store.columns_of(graph, ends, (RDFS.label,))[RDFS.label]

    def text(predicate: URIRef, node: URIRef) -> str | None:
        value = column[predicate].get(node)
        if isinstance(value, Literal) and value.datatype == XSD.dateTime:
            return _utc(value)
        return None if value is None else str(value)

    merges = []
    for node in nodes:
        canonical, merged = column[AG.canonicalActor].get(node), column[AG.mergedActor].get(node)
        if not isinstance(canonical, URIRef) or not isinstance(merged, URIRef):
            continue  # validation reports it
        merges.append(
            Merge(node, canonical, merged, _label(labels, canonical), _label(labels, merged),
                  text(AG.decidedBy, node) or "", text(AG.decidedAt, node) or "", text(AG.decisionReason, node) or "",
                  text(AG.withdrawnBy, node), text(AG.withdrawnAt, node), text(AG.withdrawalReason, node))
        )  # fmt: skip
    return sorted(merges, key=lambda m: (m.at, str(m.iri)))


def _utc(value: Literal) -> str:
    """A decision's time as written (``2026-12-03T12:00:00Z``): rdflib reads ``Z`` as ``+00:00``."""
    try:
        return datetime.fromisoformat(str(value)).astimezone(UTC).strftime(_TIME_FORMAT)
    except ValueError:
        return str(value)  # validation reports it


def _label(labels: dict[Node, Node], iri: URIRef) -> str:
    return str(labels.get(iri) or local_name(iri))


def canonical_actors(merges: Iterable[Merge]) -> dict[URIRef, URIRef]:
    """Each merged actor and the actor it finally reads as, by the decisions that stand."""
    return roots({m.merged: m.canonical for m in merges if m.active})


# --- recording and withdrawing decisions -------------------------------------------------------


def default_user() -> str:
    """Who decides when no name is given: the operating system's user name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def now() -> str:
    """The time of a decision: UTC, to the second (``2026-12-03T12:00:00Z``)."""
    return datetime.now(UTC).strftime(_TIME_FORMAT)


@dataclass(frozen=True)
class Decision:
    """What a merge or an unmerge asks: the two actors as typed, who and why."""

    canonical: str
    merged: str
    reason: str
    by: str | None = None


def record(graph_dir: str | os.PathLike[str] | None, decision: Decision, dry_run: bool = False) -> Change:
    """Record that *decision.merged* is the same actor as *decision.canonical*, after checking
    that the merge keeps the graph whole: two distinct actors, the merged one not merged
    already, no cycle, and every claim of the merged actor fitting its relation with the
    canonical actor's class."""
    reason, by = _who_and_why(decision)
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        vocabulary = Vocabulary.from_graph(dataset)
        index = ActorIndex.from_graph(dataset, vocabulary)
        canonical, merged = index.resolve(decision.canonical), index.resolve(decision.merged)
        merges = read_merges(dataset)
        existing = _refuse_merge(merges, canonical, merged)
        if existing is not None:
            return Change("unchanged: already merged,", str(existing.iri))
        into = {m.merged: m.canonical for m in merges if m.active}
        to_itself = _check_classes(dataset, vocabulary, index, into, merged, canonical)
        path = folder / DECISIONS_FILE
        iri = _free_name(dataset, merged, canonical)
        pairs: list[tuple[URIRef, URIRef | Literal]] = [
            (RDF.type, AG.Merge),
            (AG.canonicalActor, canonical.iri),
            (AG.mergedActor, merged.iri),
            (AG.decidedBy, Literal(by)),
            (AG.decidedAt, Literal(now(), datatype=XSD.dateTime, normalize=False)),
            (AG.decisionReason, Literal(reason)),
        ]
        block = _statement(iri, pairs)
        meaning = (
            f"{merged.label} ({_short(str(merged.iri))}) now reads as {canonical.label} ({_short(str(canonical.iri))}) "
            "in every command; the files keep both"
        )
        change = Change("would merge" if dry_run else "merged", str(iri), {path: block}, details=[meaning])
        if to_itself:
            change.notes.append(
                f"{len(to_itself)} claim(s) now relate {canonical.label} to itself: {', '.join(to_itself)}"
            )
        return _written(change, path, block, dry_run)


def withdraw(graph_dir: str | os.PathLike[str] | None, decision: Decision, dry_run: bool = False) -> Change:
    """Withdraw the standing decision that merged *decision.merged* into *decision.canonical*:
    it is kept, marked with who withdrew it, when and why, and no longer applied."""
    reason, by = _who_and_why(decision)
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        index = ActorIndex.from_graph(dataset)
        canonical, merged = index.resolve(decision.canonical), index.resolve(decision.merged)
        standing = [m for m in read_merges(dataset) if m.active and m.merged == merged.iri]
        if not standing:
            raise ActorChangeRefused(f"{merged.label!r} is not merged into any actor: nothing to unmerge")
        (merge,) = standing
        if merge.canonical != canonical.iri:
            raise ActorChangeRefused(
                f"{merged.label!r} is merged into {merge.canonical_label!r}, not into {canonical.label!r}: "
                f"unmerge it from {merge.canonical_label!r}"
            )
        path = _file_of(dataset, folder, merge.iri)
        pairs: list[tuple[URIRef, URIRef | Literal]] = [
            (AG.withdrawnBy, Literal(by)),
            (AG.withdrawnAt, Literal(now(), datatype=XSD.dateTime, normalize=False)),
            (AG.withdrawalReason, Literal(reason)),
        ]
        block = _statement(merge.iri, pairs)
        meaning = f"{merged.label} and {canonical.label} are two actors again; the decision is kept, marked withdrawn"
        change = Change("would withdraw" if dry_run else "withdrew", str(merge.iri), {path: block}, details=[meaning])
        return _written(change, path, block, dry_run)


def _who_and_why(decision: Decision) -> tuple[str, str]:
    reason = check_text(decision.reason, "reason", free=True).strip()
    if len(reason) < 3:
        raise ActorChangeRefused("say why, in at least 3 characters (`reason`)")
    return reason, check_text(decision.by or default_user(), "name of who decides").strip()


def _refuse_merge(merges: list[Merge], canonical: Actor, merged: Actor) -> Merge | None:
    """Raise ActorChangeRefused unless *merged* may be merged into *canonical*; return the
    standing decision when it is merged there already."""
    if canonical.iri == merged.iri:
        raise ActorChangeRefused(f"{canonical.label!r} and {merged.label!r} are the same actor: nothing to merge")
    into = {m.merged: m for m in merges if m.active}
    if merged.iri in into:
        earlier = into[merged.iri]
        if earlier.canonical == canonical.iri:
            return earlier
        raise ActorChangeRefused(
            f"{merged.label!r} is already merged into {earlier.canonical_label!r} ({earlier.id}): "
            f"unmerge it first, or merge into {earlier.canonical_label!r}"
        )
    chain, step = [canonical.label], canonical.iri
    while step in into:
        chain.append(into[step].canonical_label)
        step = into[step].canonical
        if step == merged.iri:
            raise ActorChangeRefused(
                f"merging {merged.label!r} into {canonical.label!r} would make a cycle: "
                f"{' → '.join(chain)} are merged already, each into the next"
            )
    return None


def _check_classes(dataset: Graph, vocabulary: Vocabulary, index: ActorIndex, into: dict[URIRef, URIRef],
                   merged: Actor, canonical: Actor) -> list[str]:  # fmt: skip
    """Every claim of the merged actor (and of the actors merged into it) must fit its relation
    with the class each end will have once merged: that of the actor it finally reads as.
    Returns the claims that will relate the merged actor to itself."""
    before, after = roots(into), roots({**into, merged.iri: canonical.iri})
    types = {str(a.iri): a.type for a in index.actors}

    def type_of(iri: URIRef) -> str:
        return types.get(str(after.get(iri, iri)), "Actor")

    group = [merged.iri, *(actor for actor, root in before.items() if root == merged.iri)]
    problem = first_misfit(dataset, vocabulary, index, group, type_of)
    if problem is not None:
        raise ActorChangeRefused(
            f"cannot merge {merged.label!r} into {canonical.label!r}: {problem}, "
            f"and {canonical.label} is {article(type_of(canonical.iri))}"
        )
    return sorted(
        _short(str(claim.iri)) for claim in _claims_of(dataset, vocabulary, index, group)
        if after.get(claim.subject_iri, claim.subject_iri) == after.get(claim.object_iri, claim.object_iri)
    )  # fmt: skip


def _claims_of(dataset: Graph, vocabulary: Vocabulary, index: ActorIndex, members: list[URIRef]) -> list[Claim]:
    found = {
        c.iri: c for m in members for c in list_claims(dataset, actor=index.resolve(str(m)), vocabulary=vocabulary)
    }
    return sorted(found.values(), key=lambda c: str(c.iri))


def first_misfit(
    dataset: Graph, vocabulary: Vocabulary, index: ActorIndex, members: list[URIRef], type_of: Callable[[URIRef], str]
) -> str | None:
    """The first claim of the actors *members* that would not fit its relation's domain or
    range if each end had the class *type_of* gives it, said as a message; None if all fit."""
    for claim in _claims_of(dataset, vocabulary, index, members):
        relation = vocabulary.relations.get(claim.relation)
        end = misfit(vocabulary, claim.relation, type_of(claim.subject_iri), type_of(claim.object_iri)) \
            if relation else None  # fmt: skip
        if relation is not None and end is not None:
            wanted = relation.domain if end == "subject" else relation.range
            return (
                f"{_short(str(claim.iri))} ({claim.subject} {claim.relation} {claim.object}) "
                f"takes {article(wanted)} as its {end}"
            )
    return None


def article(name: str | None) -> str:
    """A class name with its article: "a Person", "an ArmedGroup"."""
    return f"{'an' if (name or 'x')[0] in 'AEIOU' else 'a'} {name}"


def _free_name(dataset: Graph, merged: Actor, canonical: Actor) -> URIRef:
    base = f"merge-{_slug(local_name(merged.iri))}-into-{_slug(local_name(canonical.iri))}"
    name, number = base, 1
    while (DECISION[name], None, None) in dataset:
        number += 1
        name = f"{base}-{number}"
    return DECISION[name]


def _file_of(dataset: Graph, folder: Path, node: URIRef) -> Path:
    for graph in store.data_graphs(dataset):  # type: ignore[arg-type]
        if (node, RDF.type, AG.Merge) in graph:
            return store.graph_file(folder, graph.identifier)
    return folder / DECISIONS_FILE


def _statement(subject: URIRef, pairs: list[tuple[URIRef, URIRef | Literal]]) -> str:
    written = f"decision:{local_name(subject)}"
    return turtle.statement(written, [(turtle.term(p), turtle.term(o)) for p, o in pairs])


def _written(change: Change, path: Path, block: str, dry_run: bool) -> Change:
    """*change*, once *block* is appended to *path* (unless *dry_run*)."""
    if not dry_run:
        with writing(path):
            _append(path, block)
    return change


def _append(path: Path, block: str) -> None:
    """Append a decision's statement, declaring the prefixes it uses that the file lacks; a new
    file starts with a header saying what it holds. The caller holds the graph lock."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = files.prefix_lines(old, {"decision": str(DECISION), **files.used_prefixes(block)})
    if not old:
        text = _HEADER + missing + "\n" + block
    else:
        text = old + ("\n" if old.endswith("\n") else "\n\n") + missing + ("\n" if missing else "") + block
    files.atomic_write(path, text)
