"""What an import needs to know of the graph folder it writes to, read fast.

Files that an event import wrote are read back as text, not parsed: their layout is fixed and
their header counts what they hold (a file edited so that the counts no longer fit is parsed as
RDF instead), which keeps an import into a graph of a million triples at seconds, not minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from actorgraph import resources, store
from actorgraph.actors import list_actors
from actorgraph.events.records import fold
from actorgraph.namespace import ACTOR, AG, PREFIXES
from actorgraph.vocabulary import Vocabulary

#: First line of every file an event import writes; only such files are ever replaced.
MARKER = "# actorgraph event import"


@dataclass
class GraphView:
    """What an import needs to know of the graph: its actors, IRIs, claims and sources, and the
    vocabulary, read from every file but the one the import (re)writes."""

    vocabulary: Vocabulary
    by_name: dict[str, list[tuple[URIRef, str, bool]]]
    actor_iris: set[str]  # actors other files define (a class or a label)
    actor_uses: dict[str, Path]  # IRIs of the actor namespace other files mention, and one file of each
    claims: dict[str, Path]
    sources: set[str]

    @classmethod
    def load(cls, folder: Path, exclude: Path) -> GraphView:
        """Files an event import wrote are scanned as text (they have a fixed layout, and a
        million triples take minutes to parse with rdflib); every other file is parsed."""
        dataset = store.new_dataset()
        store.parse_file(resources.vocabulary_file(), dataset.graph(store.VOCABULARY_GRAPH))
        vocabulary = Vocabulary.from_graph(dataset)
        claims: dict[str, Path] = {}
        scanned: list[ImportFile] = []
        for path in store.graph_files(folder):
            if path.resolve() == exclude.resolve():
                continue
            known = ImportFile.scan(path, set(vocabulary.actor_types))
            if known is not None:
                scanned.append(known)
                for claim in known.claims:
                    claims.setdefault(claim, path)
                continue
            graph = store.parse_file(path, dataset.graph(store.graph_name(folder, path)))
            for node in graph.subjects(RDF.type, AG.Claim):
                claims.setdefault(str(node), path)
        actors = [(a.iri, a.type, a.names) for a in list_actors(dataset, vocabulary=vocabulary)]
        for known in scanned:
            for iri, kind, label, aliases in known.actors:
                more = tuple(str(n) for n in dataset.objects(URIRef(iri), SKOS.altLabel))  # added by hand elsewhere
                actors.append((URIRef(iri), kind, (label, *aliases, *more)))
        by_name: dict[str, list[tuple[URIRef, str, bool]]] = {}
        for iri, kind, names in actors:
            for number, name in enumerate(names):
                entries = by_name.setdefault(fold(name), [])
                if all(known_iri != iri for known_iri, _, _ in entries):
                    entries.append((iri, kind, number == 0))
        namespace = str(ACTOR)
        actor_iris = {
            str(s)
            for predicate in (RDF.type, RDFS.label)
            for s in dataset.subjects(predicate, None)
            if str(s).startswith(namespace)
        }
        actor_uses: dict[str, Path] = {}
        for graph in store.data_graphs(dataset):
            path = store.graph_file(folder, graph.identifier)
            for triple in graph:
                for node in triple:
                    if isinstance(node, URIRef) and str(node).startswith(namespace):
                        actor_uses.setdefault(str(node), path)
        sources = {str(s) for s in dataset.subjects(RDF.type, AG.Source)}
        for known in scanned:
            actor_iris.update(iri for iri, _, _, _ in known.actors)
            for iri in known.uses:
                actor_uses.setdefault(iri, known.path)
            sources.update(known.sources)
        return cls(vocabulary, by_name, actor_iris, actor_uses, claims, sources)


_TURTLE_STRING = r'"(?:[^"\\\n]|\\.)*"'
_SUBJECT = r"(?:[a-z]+:[A-Za-z0-9_][A-Za-z0-9_.\-]*|<[^<>\s]*>)"
_SCAN_ACTOR = re.compile(
    rf"^({_SUBJECT}) a ag:(?!Source ;|Claim ;)(\w+) ;\n    rdfs:label ({_TURTLE_STRING}) ;\n"
    rf"((?:    skos:altLabel {_TURTLE_STRING} ;\n)*)",
    re.MULTILINE,
)
_ACTOR_TERM = re.compile(r"(?<![\w:])actor:([A-Za-z0-9_][A-Za-z0-9_.\-]*[A-Za-z0-9_\-]|[A-Za-z0-9_])")
_SCAN_TYPED = re.compile(rf"^({_SUBJECT}) a ag:(Claim|Source) ;$", re.MULTILINE)
_SCAN_COUNTS = re.compile(r"^# (\d+) events read, (\d+) claims, (\d+) new actors, (\d+) new sources[;.]", re.MULTILINE)
_UNESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    """The value of a Turtle string or IRI as written by this module."""
    return _UNESCAPE.sub(
        lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) > 1 else _UNESCAPED[m.group(1)], text
    )


def full_iri(term: str) -> str:
    if term.startswith("<"):
        return _unescape(term[1:-1])
    prefix, _, local = term.partition(":")
    return PREFIXES[prefix] + local


@dataclass
class ImportFile:
    """The actors, claims and sources of a file an event import wrote, read from its text."""

    path: Path
    actors: list[tuple[str, str, str, tuple[str, ...]]]
    claims: list[str]
    sources: list[str]
    uses: set[str]

    @classmethod
    def scan(cls, path: Path, actor_types: set[str]) -> ImportFile | None:
        """None unless *path* is an import file whose text holds exactly what its header counts
        (anything else, say a file edited by hand, is parsed as RDF instead)."""
        if path.suffix != ".ttl":
            return None
        with open(path, encoding="utf-8") as handle:
            if not handle.readline().startswith(MARKER):
                return None
            text = handle.read()
        counts = _SCAN_COUNTS.search(text, 0, 2000)
        if counts is None:
            return None
        actors = []
        for match in _SCAN_ACTOR.finditer(text):
            if match.group(2) not in actor_types:
                return None
            aliases = tuple(_unescape(a[1:-1]) for a in re.findall(_TURTLE_STRING, match.group(4)))
            actors.append((full_iri(match.group(1)), match.group(2), _unescape(match.group(3)[1:-1]), aliases))
        typed: dict[str, list[str]] = {"Claim": [], "Source": []}
        for match in _SCAN_TYPED.finditer(text):
            typed[match.group(2)].append(full_iri(match.group(1)))
        expected = [int(counts.group(n)) for n in (2, 3, 4)]
        if [len(typed["Claim"]), len(actors), len(typed["Source"])] != expected:
            return None
        uses = {PREFIXES["actor"] + local for local in _ACTOR_TERM.findall(text)}
        return cls(path, actors, typed["Claim"], typed["Source"], uses)
