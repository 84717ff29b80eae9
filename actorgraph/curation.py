"""Curating the graph: adding claims and actors, retracting claims, without losing anything.

Every change is checked before anything is written: names resolve as everywhere else (a new
actor only when asked for by name and class, never from a typo), the relation must be in the
vocabulary and fit both actors' classes, and text must be what it claims to be (``check_text``).
These checks guarantee what the SHACL shapes ask of a claim, an actor and a source, in Python and
in time linear in the rows, as the event importers do (``tests/test_curation.py`` validates what
they write with the shapes): no SHACL engine runs on each change. Writes append Turtle text to
the graph's files, atomically and under the folder's lock (see ``files``), so comments and
layout written by hand stay, and two commands at once both land.

Text rules (the same for ``add``, ``actor add``, ``retract``, a CSV import and the library):
names (actors, aliases, relations, sources, speakers) are one line of text, not blank, with no
control character, no line or paragraph separator and no bidirectional control (U+202A–U+202E,
U+2066–U+2069, U+200E, U+200F, U+061C), which would make a name read other than it is stored. A
quote is the source's words verbatim, so it may hold line breaks (``\n``) and tabs, but no other
control character nor bidirectional control, and at least 3 characters that are not spaces;
comments and retraction reasons follow the quote's rule. Text that is not valid UTF-8 (bytes a
command line could not decode) is refused everywhere. No actor relation of the vocabulary relates
an actor to itself ("Iran backs Iran"): such a claim is refused.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from actorgraph import files, resources, store, turtle
from actorgraph.actors import Actor, ActorIndex
from actorgraph.confidence import RELIABILITY
from actorgraph.dates import PartialDate
from actorgraph.errors import (
    ActorgraphError,
    CannotWrite,
    InvalidClaim,
    InvalidImport,
    MissingActor,
    ReadOnlyGraph,
    UnknownActor,
    UnknownClaim,
    UnknownSource,
)
from actorgraph.namespace import ACTOR, AG, CLAIM, DECISION, SOURCE
from actorgraph.sources import TEXT_FOLDER, SourceIndex, read_text, source_text, text_path
from actorgraph.text import fold
from actorgraph.verbatim import SourceText
from actorgraph.vocabulary import Relation, Vocabulary, local_name

CLAIMS_FILE = "claims.ttl"
ACTORS_FILE = "actors.ttl"
SOURCES_FILE = "sources.ttl"


@dataclass(frozen=True)
class ClaimDraft:
    """A claim as a user states it, before names are resolved.

    ``source`` is a known source's id, IRI, URL or label; anything else becomes a new source
    labelled with it (a URL also becomes its ``ag:url``), which then needs ``source_date``.

    A spreadsheet row (the columns of ``claims --format csv``) also says what it refers to by IRI:
    ``id`` is the claim's IRI or name (by default made from the triple), ``subject_iri``,
    ``object_iri`` and ``source_iri`` pick the actor or source exactly (and the IRI one is created
    with), and ``subject_type`` / ``object_type`` are the classes to create an actor with when
    the graph has none of that name.

    ``reliability`` None is the source's own (``ag:reliability``), else F. When the source keeps
    its text, ``quote`` must be verbatim in it (:mod:`actorgraph.verbatim`).
    """

    subject: str
    relation: str
    object: str
    source: str
    quote: str
    date: str | None = None
    start: str | None = None
    end: str | None = None
    reliability: str | None = None
    credibility: int = 6
    attributed_to: str | None = None
    comment: str | None = None
    source_date: str | None = None
    id: str | None = None
    subject_iri: str | None = None
    object_iri: str | None = None
    source_iri: str | None = None
    subject_type: str | None = None
    object_type: str | None = None
    #: The review status (``Verified``, ...) written as ``ag:status``; none for a hand-added claim.
    status: str | None = None


@dataclass(frozen=True)
class SourceDraft:
    """A source as a user describes it; ``text`` is a file holding its full text, and ``id``
    its short name (by default made from its publisher, or title, and date)."""

    title: str
    date: str
    publisher: str | None = None
    url: str | None = None
    reliability: str | None = None
    id: str | None = None
    text: str | os.PathLike[str] | None = None


@dataclass(frozen=True)
class ActorDraft:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    comment: str | None = None
    iri: str | None = None  # by default made from the name


@dataclass
class Change:
    """What a curation command did (or, in a dry run, would do)."""

    action: str
    iri: str
    writes: dict[Path, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # warnings: done, but maybe not as meant
    details: list[str] = field(default_factory=list)  # what else the change did

    def to_dict(self) -> dict[str, object]:
        """The change for scripts (``--format json``): what was done, to what, in which files."""
        return {
            "action": self.action.rstrip(","),
            "iri": self.iri,
            "id": _short(self.iri),
            "files": [store.display_path(p) for p in self.writes],
            "details": list(self.details),
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """What was done, and what else it did, a line each; the notes (warnings) are apart: the
        command line prints them on stderr."""
        where = ", ".join(store.display_path(p) for p in self.writes)
        return "\n".join([f"{self.action} {_short(self.iri)}" + (f" in {where}" if where else ""), *self.details])


def _short(iri: str) -> str:
    for prefix, namespace in (("claim", CLAIM), ("actor", ACTOR), ("source", SOURCE), ("decision", DECISION)):
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return f"<{iri}>"


def writable_folder(graph_dir: str | os.PathLike[str] | None) -> Path:
    """The graph folder to write to, which must be named: writes never fall back on a default.

    The seed graph inside an installed package is read-only; in a checkout, ``graph/`` can be
    curated by naming it (``--graph graph``).
    """
    chosen = graph_dir or os.environ.get(resources.GRAPH_ENV)
    if not chosen:
        raise ReadOnlyGraph(None)
    folder = resources.graph_dir(chosen)
    if folder.resolve() == (Path(resources.__file__).parent / "_graph").resolve():
        raise ReadOnlyGraph(folder)
    return folder


def _target(folder: Path, file: str | os.PathLike[str] | None, default: str) -> Path:
    path = Path(file) if file else folder / default
    if path.suffix != ".ttl":
        raise InvalidClaim(f"{path}: actorgraph writes Turtle; name a .ttl file")
    if not path.resolve().is_relative_to(folder.resolve()):
        raise InvalidClaim(f"{path} is not inside the graph folder {folder}: the graph would not read it")
    return path


# --- adding claims ----------------------------------------------------------------------------


def add_claim(
    graph_dir: str | os.PathLike[str] | None,
    draft: ClaimDraft,
    new_actors: tuple[ActorDraft, ...] = (),
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
) -> Change:
    """Add one claim (its plain triple and its claim node), and any new actors or source it needs.

    An identical claim (same triple, source, quote and dates) is not added twice: the change
    is then "unchanged" and names the claim already there.
    """
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        plan = _Plan(dataset, folder)
        for actor in new_actors:
            plan.new_actor(actor, _target(folder, None, ACTORS_FILE))
        existing = plan.add_claim(draft, _target(folder, file, CLAIMS_FILE))
        if existing:
            return Change("unchanged: an identical claim exists,", existing, notes=plan.notes)
        if not dry_run:
            plan.write()
        return Change("would add" if dry_run else "added", plan.main, plan.writes(), plan.notes)


def add_actor(
    graph_dir: str | os.PathLike[str] | None,
    draft: ActorDraft,
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
) -> Change:
    """Add an actor with its class, label and aliases."""
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        plan = _Plan(store.load(folder), folder)
        plan.new_actor(draft, _target(folder, file, ACTORS_FILE))
        if not dry_run:
            plan.write()
        return Change("would add" if dry_run else "added", plan.main, plan.writes())


def add_source(graph_dir: str | os.PathLike[str] | None, draft: SourceDraft, dry_run: bool = False) -> Change:
    """Add a source, and its full text (a UTF-8 file) copied into ``sources/<id>.txt`` beside the
    Turtle; the change names the source's id, the short name claims cite it by.

    A source with the same URL, or the same title and date, is refused: cite it instead.
    """
    folder = writable_folder(graph_dir)
    text = read_text(Path(draft.text)) if draft.text is not None else None
    with files.graph_lock(folder):
        plan = _Plan(store.load(folder), folder)
        plan.new_source(draft, text)
        if not dry_run:
            plan.write()
        return Change("would add" if dry_run else "added", plan.main, plan.writes())


class _Plan:
    """The statements a change will append, file by file, checked before any is written.

    Every lookup a row needs (an identical claim, a source by name, a free claim name, an
    asserted triple) is a dictionary or set built once from the graph and kept up to date as
    rows are planned, so an import costs the same per row at its first row and at its last.
    """

    def __init__(self, dataset: Graph, folder: Path) -> None:
        self.dataset = dataset
        self.folder = folder
        self.vocabulary = Vocabulary.from_graph(dataset)
        self.index = ActorIndex.from_graph(dataset)
        self.blocks: dict[Path, list[str]] = {}
        self.main = ""
        self.planned: set[URIRef] = set()  # subjects of the new statements
        self.triples: set[tuple[URIRef, URIRef, URIRef]] = set()  # plain triples planned
        self.numbers: dict[str, int] = {}  # last number tried for each claim name
        self.claims = _claim_keys(dataset)
        self.sources = SourceIndex(dataset)
        self.texts: dict[URIRef, SourceText | None] = {}  # each cited source's text, read once
        self.text_files: dict[Path, str] = {}  # sources' texts to write, whole
        self.notes: list[str] = []  # warnings: accepted, but maybe not meant as written

    def _append(self, path: Path, subject: URIRef, pairs: list[tuple[URIRef, URIRef | Literal]]) -> None:
        self.planned.add(subject)
        self.blocks.setdefault(path, []).append(turtle.node_statement(subject, pairs))

    def annotate(self, path: Path, subject: URIRef, pairs: list[tuple[URIRef, URIRef | Literal]]) -> None:
        """Plan statements about *subject* (a node of the graph or of this plan) appended to *path*."""
        self._append(path, subject, pairs)

    def _exists(self, iri: URIRef) -> bool:
        return iri in self.planned or (iri, None, None) in self.dataset

    def new_actor(self, draft: ActorDraft, path: Path) -> Actor:
        name = check_text(draft.name, "actor name").strip()
        for alias in draft.aliases:
            check_text(alias, "alias")
        if draft.comment:
            check_text(draft.comment, "comment", free=True)
        try:
            found = self.index.resolve(name)
        except ActorgraphError:
            found = None
        if found is not None and fold(name) in {fold(n) for n in found.names}:
            raise InvalidClaim(f"an actor called {name!r} exists already ({found.label}): use its name")
        actor_type = self.vocabulary.actor_type(draft.type)
        iri = URIRef(_check_iri(draft.iri, "actor IRI")) if draft.iri else ACTOR[_iri_name(name)]
        if self._exists(iri):
            raise InvalidClaim(f"{_short(str(iri))} exists already: choose another name")
        pairs: list[tuple[URIRef, URIRef | Literal]] = [(RDF.type, actor_type.iri), (RDFS.label, Literal(name))]
        pairs += [(SKOS.altLabel, Literal(alias)) for alias in draft.aliases]
        if draft.comment:
            pairs.append((RDFS.comment, Literal(draft.comment)))
        self._append(path, iri, pairs)
        actor = Actor(iri, name, actor_type.name, draft.aliases)
        self.index.add(actor)
        self.main = self.main or str(iri)
        return actor

    def add_claim(
        self,
        draft: ClaimDraft,
        path: Path,
        extra: tuple[tuple[URIRef, URIRef | Literal], ...] = (),
        name: str | None = None,
    ) -> str | None:
        """Plan the claim (with *extra* statements about its node, such as the version it supersedes,
        and named *name*, numbered when taken, rather than subject-relation-object); return the
        IRI of an identical existing claim instead, if there is one."""
        _check_draft_text(draft)
        subject, obj = self._actor(draft, "subject"), self._actor(draft, "object")
        relation = self.vocabulary.relation(draft.relation)
        if subject.iri == obj.iri:
            raise InvalidClaim(
                f"{subject.label!r} {relation.name} {obj.label!r}: the subject and the object are the same actor "
                "— expected two actors (no relation of the vocabulary relates an actor to itself)"
            )
        self._check_classes(relation.name, subject, obj)  # what the relation takes, before the evidence
        dates = _dates(draft)
        notes = check_date_kind(relation, dates)
        source = self._source(draft)
        reliability = draft.reliability or str(self.dataset.value(source, AG.reliability) or "F")
        _check_rating(reliability, draft.credibility)
        self.check_quote(source, draft.quote)
        triple = (subject.iri, relation.iri, obj.iri)
        key = _claim_key(triple, source, draft.quote, {name: d.text for name, d in dates.items()})
        if key in self.claims:
            return self.claims[key]
        self.notes += notes  # about the claim being added, not one already there
        if draft.id:
            claim = self._given_claim(draft.id)
        else:
            claim = self.free_name(name) if name else CLAIM[self._claim_name(subject, relation.name, obj)]
        self.claims[key] = self.main = str(claim)
        if triple not in self.triples and triple not in self.dataset:
            self.triples.add(triple)
            self._append(path, subject.iri, [(relation.iri, obj.iri)])
        pairs: list[tuple[URIRef, URIRef | Literal]] = [
            (RDF.type, AG.Claim),
            (RDF.subject, subject.iri),
            (RDF.predicate, relation.iri),
            (RDF.object, obj.iri),
            (AG.quote, Literal(draft.quote)),
        ]
        pairs += [(AG[name], value.to_literal()) for name, value in dates.items()]
        if draft.attributed_to:
            pairs.append((AG.attributedTo, self._attribution(draft.attributed_to)))
        if draft.comment:
            pairs.append((RDFS.comment, Literal(draft.comment)))
        if draft.status:
            pairs.append((AG.status, AG[draft.status]))
        pairs += [
            (AG.source, source),
            (AG.reliability, Literal(reliability.upper())),
            (AG.credibility, Literal(int(draft.credibility))),
            *extra,
        ]
        self._append(path, claim, pairs)
        return None

    def _check_classes(self, relation: str, subject: Actor, obj: Actor) -> None:
        """What the shapes' domain and range rules ask, said as what the relation takes."""
        end = misfit(self.vocabulary, relation, subject.type, obj.type)
        if end is not None:
            info = self.vocabulary.relations[relation]
            actor, wanted = (subject, info.domain) if end == "subject" else (obj, info.range)
            raise InvalidClaim(
                f"{relation!r} takes {_a(wanted or 'Actor')} as {end}; {actor.label} is {_a(actor.type)}"
            )

    def typed_actor(self, draft: ClaimDraft, end: str) -> None:
        """Find or create the subject or object of *draft* if it comes with its class."""
        if (draft.subject_type if end == "subject" else draft.object_type) is not None:
            self._actor(draft, end)

    def _actor(self, draft: ClaimDraft, end: str) -> Actor:
        """The subject or object of *draft*: by its IRI when given, else by name; created with its
        class (``subject_type``, ``object_type``) when the graph has no such actor."""
        name, iri, kind = (
            (draft.subject, draft.subject_iri, draft.subject_type) if end == "subject"
            else (draft.object, draft.object_iri, draft.object_type)
        )  # fmt: skip
        actor_type = self.vocabulary.actor_type(kind) if kind else None
        try:
            actor = self.index.resolve(_check_iri(iri, f"{end}_iri") if iri else name)
            if iri and str(actor.iri) != iri.strip():
                raise UnknownActor(iri, [])
        except UnknownActor as error:
            if actor_type is None:
                classes = sorted(self.vocabulary.actor_types)
                raise MissingActor(name, [] if iri else error.suggestions, end, classes) from None
            return self.new_actor(ActorDraft(name, actor_type.name, iri=iri), self.folder / ACTORS_FILE)
        if iri and fold(name) not in {fold(n) for n in actor.names}:
            raise InvalidClaim(f"{end} {name!r} is not a name of {_short(str(actor.iri))} ({actor.label}) "
                               f"— correct {end} or {end}_iri")  # fmt: skip
        if actor_type is not None and actor.type not in self.vocabulary.subtypes(actor_type.name):
            raise InvalidClaim(f"{actor.label} is {_a(actor.type)}, not {_a(actor_type.name)} — correct {end}_type")
        return actor

    def _given_claim(self, given: str) -> URIRef:
        """The claim IRI a row asks for (its ``id``), which must be free: an identical claim was
        looked for already."""
        claim = _claim_ref(given)
        named = "://" in given or re.match(r"^[\w.\-]+$", local_name(claim)) is not None
        if _IRI.match(claim) is None or not named:
            raise InvalidClaim(
                f"invalid id {given[:_SHOWN]!r} — expected a claim IRI, or a name of letters, digits, - and _"
            )
        if self._exists(claim):
            raise InvalidClaim(
                f"{_short(str(claim))} exists already with another triple, source, quote or dates "
                "— leave the id empty to add this as a new claim"
            )
        return claim

    def _attribution(self, speaker: str) -> URIRef | Literal:
        """The actor *speaker* names, if one does (and a note saying so); else the text itself."""
        try:
            actor = self.index.resolve(speaker)
        except ActorgraphError:
            return Literal(speaker)
        self.notes.append(f"attributed to {speaker} (resolved to {_short(str(actor.iri))})")
        return actor.iri

    def check_quote(self, source: URIRef, quote: str) -> None:
        """QuoteNotVerbatim, with the closest passage, if *source* keeps its text and *quote* is
        not in it: the check of every quote cited from a source, a claim's or a dispute's."""
        check_quote(quote)
        if source not in self.texts:
            self.texts[source] = source_text(self.dataset, self.folder, source)
        text = self.texts[source]
        if text is not None:
            text.check(quote)

    def _source(self, draft: ClaimDraft) -> URIRef:
        given = _check_iri(draft.source_iri, "source_iri") if draft.source_iri else None
        known = self.sources.find(given or draft.source)
        if known is not None:
            if given and self.sources.find(draft.source) != known:
                raise InvalidClaim(f"source {draft.source!r} is not a name of {_short(str(known))} "
                                   "— correct source or source_iri")  # fmt: skip
            return known
        if not draft.source_date:
            try:  # a part of one title, or a typo to say "did you mean" about
                return self.sources.resolve(draft.source)
            except UnknownSource as error:
                hint = f" (did you mean {error.suggestions[0]!r}?)" if error.suggestions else ""
                raise InvalidClaim(
                    f"unknown source {draft.source!r}{hint}: to cite a new source, give its date (`source_date`; "
                    "in a spreadsheet, the reported column)"
                ) from None
        is_url = re.match(r"^https?://", draft.source.strip()) is not None
        iri = URIRef(given) if given else SOURCE[_slug(re.sub(r"^https?://(www\.)?", "", draft.source.strip()))[:80]]
        pairs: list[tuple[URIRef, URIRef | Literal]] = [
            (RDF.type, AG.Source),
            (RDFS.label, Literal(draft.source.strip())),
            (DCTERMS.date, PartialDate.parse(draft.source_date).to_literal()),
        ]
        if is_url:
            pairs.append((AG.url, Literal(draft.source.strip(), datatype=XSD.anyURI)))
        self._append(self.folder / SOURCES_FILE, iri, pairs)
        self.sources.add(iri, [draft.source])
        return iri

    def _claim_name(self, subject: Actor, relation: str, obj: Actor) -> str:
        base = "-".join(_slug(part) for part in (local_name(subject.iri), relation, local_name(obj.iri)))
        return local_name(self.free_name(base))

    def free_name(self, base: str) -> URIRef:
        """The first IRI of the claim namespace named *base*, *base*-2, *base*-3... not yet used."""
        number = self.numbers.get(base, 1)
        name = base if number == 1 else f"{base}-{number}"
        while self._exists(CLAIM[name]):
            number += 1
            name = f"{base}-{number}"
        self.numbers[base] = number
        return CLAIM[name]

    def new_source(self, draft: SourceDraft, text: str | None) -> None:
        """Plan a source, and its *text* in ``sources/<id>.txt`` beside the Turtle."""
        title = check_text(draft.title, "title").strip()
        published = PartialDate.parse(draft.date).to_literal()
        pairs: list[tuple[URIRef, URIRef | Literal]] = [
            (RDF.type, AG.Source), (RDFS.label, Literal(title)), (DCTERMS.date, published)
        ]  # fmt: skip
        if draft.publisher:
            pairs.append((DCTERMS.publisher, Literal(check_text(draft.publisher, "publisher").strip())))
        if draft.url:
            pairs.append((AG.url, Literal(_url(draft.url), datatype=XSD.anyURI)))
        if draft.reliability:
            _check_reliability(draft.reliability)
            pairs.append((AG.reliability, Literal(draft.reliability.upper())))
        self._check_new_source(title, published, draft.url)
        iri = SOURCE[self._source_id(draft)]
        if text is not None:
            relative = f"{TEXT_FOLDER}/{local_name(iri)}.txt"
            self._plan_text(text_path(self.folder, relative), text)
            pairs.append((AG.text, Literal(relative)))
        self._append(self.folder / SOURCES_FILE, iri, pairs)
        self.sources.add(iri, [n for n in (draft.url, title) if n])
        self.main = self.main or str(iri)

    def _check_new_source(self, title: str, published: Literal, url: str | None) -> None:
        """InvalidClaim if a source has this URL, or this title and date, already."""
        same_url = self.sources.names.get(fold(url), set()) if url else set()
        titled = self.sources.names.get(fold(title), set())
        known = sorted(same_url | {s for s in titled if self.dataset.value(s, DCTERMS.date) == published})
        if known:
            what = "URL" if same_url else "title and date"
            raise InvalidClaim(f"{_short(str(known[0]))} has this {what} already: cite it by its id")

    def _source_id(self, draft: SourceDraft) -> str:
        if draft.id is None:
            words = "-".join(_slug(draft.publisher or draft.title).split("-")[:3])[:30].strip("-")
            return self.sources.new_id(f"{words}-{PartialDate.parse(draft.date).text}")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,59}", draft.id):
            raise InvalidClaim(
                f"invalid source id {draft.id!r} — expected up to 60 lowercase letters, digits and hyphens "
                "(e.g. reuters-2024-10-02)"
            )
        if self.sources.find(draft.id) is not None:
            raise InvalidClaim(f"source:{draft.id} exists already: choose another `id`")
        return draft.id

    def _plan_text(self, path: Path, text: str) -> None:
        # A text there already is a leftover of a write killed before its Turtle: the same text
        # is written again; another one is someone's file, never replaced.
        if path.exists() and path.read_text(encoding="utf-8", errors="replace") != text:
            raise InvalidClaim(f"{store.display_path(path)} exists already: choose another `id`")
        self.text_files[path] = text

    def writes(self) -> dict[Path, str]:
        texts = {
            path: f"(the source's full text, {len(text):,} characters)\n" for path, text in self.text_files.items()
        }
        return {**texts, **{path: "\n".join(blocks) for path, blocks in self.blocks.items()}}

    def write(self) -> None:
        # Texts first, then sources and actors: a crash between files leaves them unused, never
        # a source naming a missing text nor a dangling claim.
        for path, text in self.text_files.items():
            with writing(path):
                files.atomic_write(path, text)
        order = sorted(self.blocks, key=lambda p: (p.name != SOURCES_FILE, p.name != ACTORS_FILE))
        for path in order:
            with writing(path):
                files.append_turtle(path, "\n".join(self.blocks[path]))


def misfit(vocabulary: Vocabulary, relation: str, subject_type: str, object_type: str) -> str | None:
    """The end of *relation* ("subject" or "object") that an actor of the given class cannot
    be, by the relation's domain and range, or None when both fit.

    >>> from actorgraph import store
    >>> vocabulary = Vocabulary.from_graph(store.load())
    >>> misfit(vocabulary, "killed", "State", "ArmedGroup"), misfit(vocabulary, "backs", "State", "ArmedGroup")
    ('object', None)
    """
    info = vocabulary.relations[relation]
    for end, actor_type, wanted in (("subject", subject_type, info.domain), ("object", object_type, info.range)):
        if wanted not in (None, "Actor") and actor_type not in vocabulary.subtypes(wanted or ""):
            return end
    return None


def check_date_kind(relation: Relation, dates: dict[str, PartialDate]) -> list[str]:
    """Refuse a start or an end for an event; return a warning for a date on a state of affairs.

    An event (``attacked``) happens on one date. A state of affairs (``backs``) holds from a start
    to an end; given one date, ``in_force_on`` counts it in force from that date on.
    """
    if not relation.is_state and ("start" in dates or "end" in dates):
        raise InvalidClaim(f"{relation.name!r} is an event, which has one date: give a date, not a start or an end")
    if relation.is_state and "date" in dates:
        return [
            f"{relation.name!r} is a state of affairs: its date {dates['date']} is read as in force on that date "
            "(and from then on); give a start or an end for when it began or ended"
        ]
    return []


def _a(word: str) -> str:
    """*word* with its indefinite article: "a Person", "an ArmedGroup"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


_IRI = re.compile(r"^https?://[^\s<>\"{}|^`\\]+$")


def _check_iri(value: str, what: str) -> str:
    """*value*, an absolute http(s) IRI, or InvalidClaim naming it."""
    if _IRI.match(value.strip()) is None:
        raise InvalidClaim(f"invalid {what} {value[:_SHOWN]!r} — expected an http(s) IRI without spaces")
    return value.strip()


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn a failed write (a full disk, a read-only folder) into CannotWrite; ``files`` has
    left the file as it was."""
    try:
        yield
    except OSError as error:
        raise CannotWrite(path, error.strerror or str(error)) from None


# --- text -------------------------------------------------------------------------------------

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_NOT_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")
_NOT_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")
_SHOWN = 60  # characters of a bad value an error message repeats


def check_text(value: str, what: str, free: bool = False) -> str:
    """*value*, or InvalidClaim naming it and what is expected: see the module's text rules.

    *free* text (a quote, a comment, a reason) may hold line breaks and tabs; a name may not.

    >>> check_text("Iran\\u202eHamas", "actor name")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actorgraph.errors.InvalidClaim: invalid actor name 'Iran\\u202eHamas': U+202E is a bidirectional control — ...
    """
    shown = repr(value[:_SHOWN]) + ("…" if len(value) > _SHOWN else "")
    expected = (
        "text with no control character but line breaks and tabs, and no bidirectional control"
        if free
        else "a name on one line, without control or bidirectional characters"
    )
    bad = (_NOT_IN_TEXT if free else _NOT_IN_NAME).search(value)
    if bad is not None:
        char = bad.group()
        if "\ud800" <= char <= "\udfff":
            raise InvalidClaim(f"invalid {what} {shown}: it is not valid UTF-8 — expected UTF-8 text")
        kind = "a bidirectional control" if re.match(f"[{_BIDI}]", char) else "a control character or line break"
        raise InvalidClaim(f"invalid {what} {shown}: U+{ord(char):04X} is {kind} — expected {expected}")
    if not value.strip():
        raise InvalidClaim(f"empty {what} — expected {expected}")
    return value


def _check_draft_text(draft: ClaimDraft) -> None:
    for what, value in (("subject", draft.subject), ("relation", draft.relation), ("object", draft.object),
                        ("source", draft.source), ("attributed_to", draft.attributed_to)):  # fmt: skip
        if value is not None:
            check_text(value, what)
    if draft.comment is not None:
        check_text(draft.comment, "comment", free=True)
    check_quote(draft.quote)


def check_quote(quote: str) -> str:
    """*quote*, or InvalidClaim: free text (see ``check_text``) of at least 3 characters."""
    check_text(quote, "quote", free=True)
    if len(quote.strip()) < 3:
        raise InvalidClaim(f"invalid quote {quote!r} — expected the source's words, verbatim (at least 3 characters)")
    return quote


def _dates(draft: ClaimDraft) -> dict[str, PartialDate]:
    if draft.date and (draft.start or draft.end):
        raise InvalidClaim("give `date` for an event or `start`/`end` for a state of affairs, not both")
    dates = {name: PartialDate.parse(value) for name, value in (("date", draft.date), ("start", draft.start),
                                                                 ("end", draft.end)) if value}  # fmt: skip
    if "start" in dates and "end" in dates and dates["end"].latest < dates["start"].earliest:
        raise InvalidClaim(f"the end ({dates['end']}) comes before the start ({dates['start']})")
    return dates


def _check_reliability(reliability: str) -> None:
    if len(reliability) != 1 or reliability.upper() not in RELIABILITY:
        raise InvalidClaim(f"invalid reliability {reliability!r} — expected one Admiralty letter, A to F")


def _url(value: str) -> str:
    url = check_text(value, "url").strip()
    if not re.fullmatch(r"https?://\S+", url):
        raise InvalidClaim(f"invalid url {value!r} — expected an http:// or https:// address")
    return url


def _check_rating(reliability: str, credibility: int) -> None:
    _check_reliability(reliability)
    if not 1 <= int(credibility) <= 6:
        raise InvalidClaim(f"invalid credibility {credibility!r} — expected one Admiralty number, 1 to 6")


_ClaimKey = tuple[URIRef, URIRef, URIRef, URIRef, str, tuple[str | None, ...]]
_DATES = ("date", "start", "end")


def _claim_key(triple: tuple[URIRef, URIRef, URIRef], source: URIRef, quote: str, dates: dict[str, str]) -> _ClaimKey:
    """What makes two claims identical: the triple, source, quote and dates."""
    return (*triple, source, quote, tuple(dates.get(name) for name in _DATES))


def _claim_keys(dataset: Graph) -> dict[_ClaimKey, str]:
    """Every claim of *dataset* by what makes it identical to another, read in one pass."""
    predicates = (RDF.subject, RDF.predicate, RDF.object, AG.source, AG.quote, *(AG[n] for n in _DATES))
    column = {p: dict(store.scan(dataset, p)) for p in predicates}
    keys: dict[_ClaimKey, str] = {}
    proposed = {claim for claim, _ in store.scan(dataset, AG.status, AG.Proposed)}  # no claims of the graph yet
    for claim, _ in store.scan(dataset, RDF.type, AG.Claim):
        if claim in proposed:
            continue
        triple = tuple(column[p].get(claim) for p in predicates[:3])
        dates = {n: str(column[AG[n]][claim]) for n in _DATES if claim in column[AG[n]]}
        quote = column[AG.quote].get(claim)
        key = _claim_key(triple, column[AG.source].get(claim), str(quote), dates)  # type: ignore[arg-type]
        keys.setdefault(key, str(claim))
    return keys


def _slug(text: str) -> str:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", text)
    return re.sub(r"[^a-z0-9]+", "-", fold(spaced)).strip("-") or "x"


def _iri_name(name: str) -> str:
    return re.sub(r"[^\w\-]+", "_", name.strip()).strip("_")


# --- importing many claims -------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: claims added, identical ones skipped, files written, warnings by row."""

    added: int = 0
    unchanged: int = 0
    writes: dict[Path, str] = field(default_factory=dict)
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """The import's figures for scripts (``--format json``)."""
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "files": [store.display_path(p) for p in self.writes],
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        where = ", ".join(store.display_path(p) for p in self.writes) or "no file"
        return f"{verb} {self.added} claims ({self.unchanged} already there) in {where}"


def import_drafts(
    graph_dir: str | os.PathLike[str] | None,
    rows: list[tuple[str, ClaimDraft]],
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    only_existing: Mapping[str, str] | None = None,
) -> ImportReport:
    """Add many claims at once: every row is checked first, and nothing is written if any is bad.

    *rows* pairs each draft with where it came from (``claims.csv:12``), for the error list and
    the warnings. *only_existing* names rows that may only repeat a claim the graph has (a
    retracted or machine-coded one, which a row cannot make), with why a new one is refused.
    """
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        plan = _Plan(store.load(folder), folder)
        target = _target(folder, file, CLAIMS_FILE)
        report, errors = ImportReport(dry_run=dry_run), []
        for _, draft in rows:  # actors first, so that a row may name one a later row gives the class of
            for end in ("subject", "object"):
                with contextlib.suppress(ActorgraphError):  # the claim's own turn reports it
                    plan.typed_actor(draft, end)
        for where, draft in rows:
            noted = len(plan.notes)
            try:
                existing = plan.add_claim(draft, target)
            except MissingActor as error:
                errors.append(f"{where}: {error.explain(f'give its class in the {error.end}_type column')}")
                continue
            except ActorgraphError as error:
                errors.append(f"{where}: {error}")
                continue
            if existing is None and only_existing and where in only_existing:
                errors.append(f"{where}: {only_existing[where]}")
            report.notes += [f"{where}: {note}" for note in plan.notes[noted:]]
            report.unchanged += existing is not None
            report.added += existing is None
        if errors:
            raise InvalidImport(errors)
        if not dry_run:
            plan.write()
        report.writes = plan.writes()
        return report


# --- retracting -------------------------------------------------------------------------------


def retract(graph_dir: str | os.PathLike[str] | None, claim_id: str, reason: str, dry_run: bool = False) -> Change:
    """Mark a claim deprecated, with the reason and the day, keeping it for the record.

    Queries and analyses then ignore it. When no other claim backs the same triple, the plain
    triple is removed too, so simple SPARQL stops seeing the retracted fact.
    """
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        claim = _claim_iri(dataset, claim_id)  # an unknown id first: no reason would make it right
        if len(check_text(reason, "reason", free=True).strip()) < 3:
            raise InvalidClaim("say why the claim is retracted (`reason`)")
        if dataset.value(claim, AG.rank) == AG.DeprecatedRank:
            return Change("unchanged: already retracted,", str(claim))
        path = _file_of(dataset, folder, claim)
        marker = turtle.node_statement(claim, deprecation(reason))
        new_text = insert_after(path.read_text(encoding="utf-8"), claim, marker)
        change = Change("would retract" if dry_run else "retracted", str(claim))
        new_text = _drop_plain_triple(dataset, claim, path, new_text, change)
        store.parse_file(path, data=new_text)  # the edit must leave valid Turtle
        change.writes[path] = marker
        if not dry_run:
            with writing(path):
                files.atomic_write(path, new_text)
        return change


def deprecation(reason: str) -> list[tuple[URIRef, URIRef | Literal]]:
    """What marks a claim deprecated: the rank, the reason and the day."""
    return [
        (AG.rank, AG.DeprecatedRank),
        (AG.deprecationReason, Literal(reason.strip())),
        (AG.deprecatedOn, Literal(date.today().isoformat(), datatype=XSD.date)),
    ]


def insert_after(text: str, claim: URIRef, block: str) -> str:
    """*text* with the Turtle *block* inserted after the statement of *claim*, with any prefix it needs."""
    end = files.statement_end(text, _statement_start(text, claim))
    # Prefixes count from where they are declared on, so check only the text above the edit.
    missing = files.prefix_lines(text[:end], files.used_prefixes(block))
    return text[:end] + "\n\n" + missing + block.rstrip("\n") + text[end:]


def _claim_ref(claim_id: str) -> URIRef:
    """The claim IRI *claim_id* names: a full IRI, ``claim:name`` or a bare name."""
    text = claim_id.strip()
    return URIRef(text if "://" in text else str(CLAIM) + text.removeprefix("claim:"))


def _claim_iri(dataset: Graph, claim_id: str) -> URIRef:
    iri = _claim_ref(claim_id)
    if (iri, RDF.type, AG.Claim) not in dataset:
        known = [local_name(c) for c in dataset.subjects(RDF.type, AG.Claim) if isinstance(c, URIRef)]
        raise UnknownClaim(claim_id, difflib.get_close_matches(local_name(iri), known, n=1, cutoff=0.6))
    return iri


def _file_of(dataset: Graph, folder: Path, claim: URIRef) -> Path:
    for graph in store.data_graphs(dataset):  # type: ignore[arg-type]
        if (claim, RDF.type, AG.Claim) in graph:
            return store.graph_file(folder, graph.identifier)
    raise UnknownClaim(str(claim), [])


def _tokens(node: URIRef, text: str) -> list[str]:
    tokens = [f"<{node}>"]
    for prefix, namespace in files.declared_prefixes(text).items():
        if str(node).startswith(namespace):
            tokens.append(f"{prefix}:{str(node)[len(namespace) :]}")
    return tokens


def _statement_start(text: str, claim: URIRef) -> int:
    for token in _tokens(claim, text):
        match = re.search(rf"^[ \t]*{re.escape(token)}(?=\s)[^\n]*?\ba\s+ag:Claim\b", text, re.MULTILINE)
        if match:
            return match.start()
    raise InvalidClaim(f"cannot find where {_short(str(claim))} is written: retract it by hand")


def _drop_plain_triple(dataset: Graph, claim: URIRef, path: Path, text: str, change: Change) -> str:
    terms = [dataset.value(claim, p) for p in (RDF.subject, RDF.predicate, RDF.object)]
    triple = [t for t in terms if isinstance(t, URIRef)]
    if len(triple) < len(terms):
        return _kept_by_hand(path, text, change)
    others = [
        c for c in dataset.subjects(RDF.subject, triple[0])
        if c != claim and (c, RDF.predicate, triple[1]) in dataset and (c, RDF.object, triple[2]) in dataset
        and dataset.value(c, AG.rank) != AG.DeprecatedRank
    ]  # fmt: skip
    if others:
        change.details.append(f"the triple stays: {len(others)} other claim(s) back it")
        return text
    pattern = r"\s+".join("(?:" + "|".join(re.escape(t) for t in _tokens(term, text)) + ")" for term in triple)
    updated, count = re.subn(rf"^[ \t]*{pattern}\s*\.[ \t]*\n", "", text, count=1, flags=re.MULTILINE)
    return updated if count else _kept_by_hand(path, text, change)


def _kept_by_hand(path: Path, text: str, change: Change) -> str:
    """*text* unchanged, with a note that the claim's plain triple is for a curator to remove."""
    change.notes.append(
        f"the plain triple is not a statement of its own in {store.display_path(path)}: remove it by hand"
    )
    return text
