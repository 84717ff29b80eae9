"""Turning checked event records into the Turtle text of one import file.

The text is generated directly from string templates, with escaping done by ``turtle``: no rdflib
graph is built for the new triples and no SHACL engine runs on them; the readers' checks guarantee
what the shapes ask of a claim (``tests/test_events.py`` validates imported excerpts with the
shapes). The text carries no timestamp, so the same data gives the same file, byte for byte.

It is written as a stream: the events are read again one by one (``EventFile.events``), and the
claims and the new sources they cite go to two spool files as they are made, then joined behind
the header (whose counts are known only at the end), so memory does not grow with the input.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TextIO

from actorgraph import __version__, store
from actorgraph.curation import misfit
from actorgraph.errors import ActorgraphError, InvalidImport
from actorgraph.events.existing import MARKER, GraphView
from actorgraph.events.linking import Links, NewActor, link_actors
from actorgraph.events.records import Event, EventFile, Progress, SourceRef
from actorgraph.events.report import EventImportReport
from actorgraph.events.tables import RelationTable
from actorgraph.namespace import PREFIXES, SOURCE
from actorgraph.turtle import prefixed, statement, turtle_decimal, turtle_string

#: Admiralty rating of machine-coded claims: the coder and the story's publisher are not
#: assessed claim by claim (F), and no person has checked that the sentence says what was coded (6).
RELIABILITY, CREDIBILITY = "F", 6
#: Claims turned into text before they are written out together: the memory an import holds for them.
BATCH = 1000
_PREFIXES = ("ag", "actor", "claim", "source", "rdf", "rdfs", "skos", "dcterms", "xsd", "geo")


class Writer:
    """Turns checked events into the Turtle text of one import file."""

    def __init__(self, data: EventFile, graph: GraphView, table: RelationTable, progress: Progress | None) -> None:
        self.data = data
        self.graph = graph
        self.table = table
        self.progress = progress
        self.counts = EventImportReport(data.format, data.path, data.path)
        self.counts.events = data.count + sum(data.skipped.values())
        self.counts.duplicates = data.duplicates
        self.counts.skipped.update(data.skipped)
        self.counts.bad.update(data.bad_reasons)
        self.links = Links()
        self.triples = 0
        #: The sources this file defines, by term; their text goes to the spool ``_sources_out``.
        self.sources: set[str] = set()
        self._sources_out: TextIO | None = None
        self._relations: dict[tuple[str, str, str], tuple[str | None, str | None]] = {}

    @property
    def new_actors(self) -> list[NewActor]:
        return self.links.new_actors

    # Relations -------------------------------------------------------------------------------

    def _relation(self, code: str, subject_type: str, object_type: str) -> str | None:
        key = (code, subject_type, object_type)
        if key not in self._relations:
            self._relations[key] = self._choose_relation(code, subject_type, object_type)
        relation, broadened = self._relations[key]
        if broadened:
            self.counts.broadened[broadened] += 1
        return relation

    def _choose_relation(self, code: str, subject_type: str, object_type: str) -> tuple[str | None, str | None]:
        relation = self.table.relation(code)
        if relation is None:
            return None, None
        if relation not in self.graph.vocabulary.relations:
            raise ActorgraphError(f"{self.table.file} maps {code} to {relation!r}, which is not in the vocabulary")
        for candidate in [relation, *self.graph.vocabulary.ancestors(relation)]:
            if misfit(self.graph.vocabulary, candidate, subject_type, object_type) is None:
                return candidate, (f"{relation} written as {candidate}" if candidate != relation else None)
        return None, None

    # Text ------------------------------------------------------------------------------------

    def write(self, out: TextIO) -> None:
        """Write the import file's text to *out*, reading the events again as a stream."""
        self.links = link_actors(self.data.parties, self.graph)
        self.counts.actors_matched = self.links.matched
        self.counts.actors_created = self.links.created
        self.counts.actors_ambiguous = self.links.ambiguous
        with _spool() as sources, _spool() as claims:
            self._sources_out = sources
            part_of = self._part_of_claims()
            self._claims(claims)
            self.counts.sources_created = len(self.sources)
            out.write(self._header() + "\n" + self._prefixes())
            if self.sources:
                out.write("\n" + _section("Sources"))
                _copy(sources, out)
            for block in [*self._actors_text(), _section("Claims"), *part_of]:
                out.write("\n" + block)
            _copy(claims, out)

    def _claims(self, out: TextIO) -> None:
        """Each event's claim, written to *out* as it is made (each block after a line break)."""
        asserted: set[str] = set()
        total, step = self.data.count, max(1, self.data.count // 200)
        if self.progress:
            self.progress(0, total)
        conflicts: list[str] = []
        batch: list[str] = [""]  # each block after a line break
        for done, event in enumerate(self.data.events(), start=1):
            if self.progress and (done % step == 0 or done == total):
                self.progress(done, total)
            block = self._claim(event, asserted, conflicts)
            if block:
                batch.append(block)
            if len(batch) > BATCH:
                out.write("\n".join(batch))
                batch = [""]
        out.write("\n".join(batch))
        if conflicts:
            raise InvalidImport(conflicts[:20] + ([f"… and {len(conflicts) - 20} more"] if len(conflicts) > 20 else []))

    def _claim(self, event: Event, asserted: set[str], conflicts: list[str]) -> str:
        """The Turtle of *event*'s claim, "" when it is skipped (and counted)."""
        if not event.source or not event.target:
            self.counts.skipped["missing actor"] += 1
            return ""
        (subject, subject_type), (obj, object_type) = self.links.terms[event.source], self.links.terms[event.target]
        if subject == obj:
            self.counts.skipped["same actor"] += 1
            return ""
        relation = self._relation(event.code, subject_type, object_type)
        if relation is None:
            self.counts.skipped["no relation"] += 1
            self.counts.unmapped_codes[event.code] += 1
            return ""
        elsewhere = self.graph.claims.get(PREFIXES["claim"] + event.local)
        if elsewhere is not None:
            conflicts.append(
                f"{event.where}: claim:{event.local} is already in {store.display_path(elsewhere)} — to import "
                "this data again, name that file (`file`)"
            )
            return ""
        self.counts.relations[relation] += 1
        predicate = f"ag:{relation}"
        lines = [
            f"rdf:subject {subject} ; rdf:predicate {predicate} ; rdf:object {obj}",
            f"ag:quote {turtle_string(event.quote)}",
            *_dates(event),
            f'{self.table.code_property} "{event.code}"'
            + (f" ; ag:goldstein {turtle_decimal(event.goldstein)}" if event.goldstein else "")
            + f" ; ag:eventId {turtle_string(event.event_id)}",
            f"ag:origin ag:MachineCoded ; ag:dataset {self.data.dataset.term}",
            *_place(event),
            *(f"ag:{name} {value}" for name, value in event.figures),
            f'ag:source {self._source(event)} ; ag:reliability "{RELIABILITY}" ; ag:credibility {CREDIBILITY}',
        ]
        self.triples += _claim_triples(event)
        self.counts.claims += 1
        return self._asserted(f"{subject} {predicate} {obj} .\n", asserted) + _block(f"claim:{event.local}", lines)

    def _asserted(self, triple: str, asserted: set[str]) -> str:
        """*triple*, the first time it is asserted in this file."""
        if triple in asserted:
            return ""
        asserted.add(triple)
        self.triples += 1
        return triple

    def _part_of_claims(self) -> list[str]:
        """A claim for every new role of a state: "Government (Israel)" part of Israel, as the
        data set's code says (GDELT's ISRGOV, UCDP's "Government of Israel"); every edge needs a
        claim behind it."""
        blocks = []
        for actor in self.new_actors:
            if not actor.part_of or actor.part_of_source is None:
                continue
            local = f"{self.data.format}-actor-{actor.code}"
            lines = [
                f"rdf:subject {actor.iri_term} ; rdf:predicate ag:partOf ; rdf:object {actor.part_of}",
                f"ag:quote {turtle_string(actor.part_of_quote)}",
                f"ag:origin ag:MachineCoded ; ag:dataset {self.data.dataset.term}",
                f"ag:source {self._cite(actor.part_of_source)} ; "
                f'ag:reliability "{RELIABILITY}" ; ag:credibility {CREDIBILITY}',
            ]
            self.triples += 11
            self.counts.claims += 1
            self.counts.relations["partOf"] += 1
            blocks.append(f"{actor.iri_term} ag:partOf {actor.part_of} .\n" + _block(f"claim:{local}", lines))
        return blocks

    def _source(self, event: Event) -> str:
        if event.cited is None:
            raise ActorgraphError(f"{event.where}: the reader gave the event no source")
        return self._cite(event.cited)

    def _cite(self, cited: SourceRef) -> str:
        term = prefixed("source", cited.local)
        if term not in self.sources and str(SOURCE) + cited.local not in self.graph.sources:
            self.sources.add(term)
            if self._sources_out is None:
                raise ActorgraphError("a source was cited before the import file was opened")
            self._sources_out.write("\n" + self._source_text(term, cited))
        return term

    def _statement(self, subject: str, pairs: list[tuple[str, str]]) -> str:
        """One Turtle statement in the curated files' layout; counts its triples."""
        self.triples += len(pairs)
        return statement(subject, pairs)

    def _source_text(self, term: str, cited: SourceRef) -> str:
        pairs = [("a", "ag:Source"), ("rdfs:label", turtle_string(cited.label))]
        for name, value in (
            ("dcterms:title", cited.title),
            ("dcterms:publisher", cited.publisher),
            ("dcterms:identifier", cited.identifier),
            ("rdfs:comment", cited.note),
        ):
            if value:
                pairs.append((name, turtle_string(value)))
        if cited.url:
            pairs.append(("ag:url", f"{turtle_string(cited.url)}^^xsd:anyURI"))
        if len(cited.day) == 4:
            pairs.append(("dcterms:date", f'"{cited.day}"^^xsd:gYear'))
        elif cited.day:
            pairs.append(("dcterms:date", f'"{cited.day}"^^xsd:date'))
        return self._statement(term, pairs)

    def _actors_text(self) -> list[str]:
        if not self.new_actors:
            return []
        blocks = [_section("Actors the graph did not have")]
        for actor in self.new_actors:
            pairs = [("a", f"ag:{actor.type}"), ("rdfs:label", turtle_string(actor.label))]
            pairs += [("skos:altLabel", turtle_string(alias)) for alias in actor.aliases]
            code = f" (its code there: {actor.code})" if actor.code else ""
            note = (
                f"Created by the {self.data.dataset.title} import{code}; "
                f"class {actor.type} inferred from {actor.reason}."
            )
            pairs.append(("rdfs:comment", turtle_string(note)))
            blocks.append(self._statement(actor.iri_term, pairs))
        return blocks

    def _header(self) -> str:
        dataset = self.data.dataset
        skipped = ", ".join(f"{n} {r}" for r, n in sorted(self.counts.skipped.items())) or "none"
        return (
            f"{MARKER}: {dataset.description} from {self.data.names}, by actorgraph {__version__}.\n"
            f"# Importing the same data again replaces this file as a whole: do not edit it by hand.\n"
            f"# {self.counts.events} events read, {self.counts.claims} claims, {len(self.new_actors)} new actors, "
            f"{len(self.sources)} new sources; skipped: {skipped}.\n"
            f"# Every claim is machine-coded (ag:origin ag:MachineCoded, ag:dataset {dataset.term}): its ag:quote is\n"
            f"# {dataset.title}'s coding of a news report (source actor — event — target actor), not words of the\n"
            f"# source. Its relation comes from the event's code through {dataset.mapping}.\n"
            "# Confidence F6: no one has judged the publisher nor checked the coding.\n"
        )

    def _prefixes(self) -> str:
        width = max(len(p) for p in _PREFIXES) + 1
        return "".join(f"@prefix {(p + ':').ljust(width)} <{PREFIXES[p]}> .\n" for p in _PREFIXES)

    def report(self, target: Path, dry_run: bool) -> EventImportReport:
        self.counts.target = target
        self.counts.dry_run = dry_run
        self.counts.triples = self.triples
        return self.counts


def _spool() -> TextIO:
    """A temporary text file for a part of the import file written before its place is known."""
    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="")


def _copy(spool: TextIO, out: TextIO) -> None:
    spool.seek(0)
    shutil.copyfileobj(spool, out, 1 << 20)


def _claim_triples(event: Event) -> int:
    """How many triples ``_claim`` writes for *event*: type, subject, predicate, object, quote,
    code, event id, origin, dataset, source, reliability, credibility, and what the event has."""
    dates = 2 if event.end and event.end != event.day else 1
    return 12 + dates + bool(event.goldstein) + bool(event.place) + 2 * bool(event.point) + len(event.figures)


def _dates(event: Event) -> list[str]:
    """``ag:date`` for an event of one day; ``ag:start`` and ``ag:end`` for one known only to lie
    between two days."""
    if event.end and event.end != event.day:
        return [f'ag:start "{event.day}"^^xsd:date ; ag:end "{event.end}"^^xsd:date']
    return [f'ag:date "{event.day}"^^xsd:date']


def _place(event: Event) -> list[str]:
    """The event's place by name, and its coordinates as a GeoSPARQL point (longitude first)."""
    lines = [f"ag:place {turtle_string(event.place)}"] if event.place else []
    if event.point:
        lines.append(f'geo:hasGeometry [ geo:asWKT "POINT({event.point})"^^geo:wktLiteral ]')
    return lines


def _block(subject: str, lines: list[str]) -> str:
    """A claim's statement: ``a ag:Claim``, then one line per group of properties."""
    body = " ;\n".join(f"    {line}" for line in lines)
    return f"{subject} a ag:Claim ;\n{body} .\n"


def _section(title: str) -> str:
    return f"# --- {title} " + "-" * (92 - len(title)) + "\n"
