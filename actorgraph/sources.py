"""Sources: the documents claims are taken from, their full texts, and the names users give them.

A source may keep its full text in the graph folder, as plain UTF-8 beside the Turtle
(``sources/<id>.txt``), named from the source by ``ag:text`` with its path relative to the
folder, so that it can be read, diffed and searched, and every quote citing the source checked
against it (:mod:`actorgraph.verbatim`). A path that leads out of the folder is refused: a graph
file must not make actorgraph read, and show, what lies elsewhere on the machine.
"""

from __future__ import annotations

import builtins
import datetime
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from actorgraph import store
from actorgraph.claims import Claim, claim_order, count_claims, read_claims
from actorgraph.dates import PartialDate
from actorgraph.errors import AmbiguousSource, InvalidSourceText, UnknownSource
from actorgraph.namespace import AG
from actorgraph.text import fold
from actorgraph.verbatim import SourceText
from actorgraph.vocabulary import Vocabulary, local_name

#: The folder of the graph folder where ``source add`` keeps the sources' texts.
TEXT_FOLDER = "sources"

#: Characters no plain text holds (C0 and C1 controls but tab, line breaks and form feed).
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


#: The keys of a source as JSON and CSV, in order.
SOURCE_FIELDS = [
    "id", "iri", "title", "publisher", "date", "url", "reliability", "text", "language", "comment", "claims",
]  # fmt: skip


@dataclass(frozen=True)
class Source:
    """A source with what the graph records of it, and how many current claims cite it."""

    iri: URIRef
    title: str
    date: PartialDate | None = None
    publisher: str | None = None
    url: str | None = None
    reliability: str | None = None
    text: str | None = None  # the text file's path, relative to the graph folder
    language: str | None = None
    comment: str | None = None
    claims: int = 0

    @property
    def id(self) -> str:
        """The short name users type (``source:`` and the IRI work too)."""
        return local_name(self.iri)

    def to_dict(self) -> dict[str, builtins.object]:
        return {
            "id": self.id,
            "iri": str(self.iri),
            "title": self.title,
            "publisher": self.publisher,
            "date": None if self.date is None else str(self.date),
            "url": self.url,
            "reliability": self.reliability,
            "text": self.text,
            "language": self.language,
            "comment": self.comment,
            "claims": self.claims,
        }


#: Each field of a Source and the property it is read from.
_FIELDS = {
    "title": RDFS.label, "date": DCTERMS.date, "publisher": DCTERMS.publisher, "url": AG.url,
    "reliability": AG.reliability, "text": AG.text, "language": DCTERMS.language, "comment": RDFS.comment,
}  # fmt: skip


def list_sources(graph: Graph) -> list[Source]:
    """Every source of *graph*, by date then id, with its count of current claims.

    >>> from actorgraph import store
    >>> [(s.id, s.claims, s.text) for s in list_sources(store.load())]
    [('news-2024-10-01-iran-israel-hezbollah', 41, 'sources/news-2024-10-01-iran-israel-hezbollah.txt')]
    """
    iris = {s for s, _ in store.scan(graph, RDF.type, AG.Source) if isinstance(s, URIRef)}
    column = {name: dict(store.scan(graph, p)) for name, p in _FIELDS.items()}
    titles = dict(store.scan(graph, DCTERMS.title))
    _, by_source = count_claims(graph)
    sources = [_source(iri, column, titles.get(iri), by_source[str(iri)]) for iri in iris]
    return sorted(sources, key=lambda s: (s.date.earliest if s.date else datetime.date.max, s.id))


def _source(iri: URIRef, column: dict[str, dict[Node, Node]], title: Node | None, claims: int) -> Source:
    values = {name: column[name].get(iri) for name in _FIELDS}
    date = values.pop("date")
    label = values.pop("title") or title
    return Source(
        iri=iri,
        title=str(label) if label is not None else local_name(iri),
        date=PartialDate.from_term(date),
        claims=claims,
        **{name: None if value is None else str(value) for name, value in values.items()},
    )


@dataclass(frozen=True)
class SourceDetail:
    """A source, its full text when the graph keeps it, and the current claims citing it."""

    source: Source
    text: str | None
    claims: list[Claim]

    def to_dict(self) -> dict[str, builtins.object]:
        return {**self.source.to_dict(), "full_text": self.text, "cited_by": [c.to_dict() for c in self.claims]}


def source_detail(graph: Graph, folder: Path, name: str, vocabulary: Vocabulary | None = None) -> SourceDetail:
    """The source called *name* (see :class:`SourceIndex`), its text and its claims; *vocabulary*,
    when given, saves reading it again."""
    iri = SourceIndex(graph).resolve(name)
    # The claims citing it, read claim by claim: not every claim of the graph to keep a few.
    cited = read_claims(graph, {claim for claim, _ in store.scan(graph, AG.source, iri)}, vocabulary)
    claims = sorted((c for c in cited.values() if not c.deprecated and c.status != "proposed"), key=claim_order)
    column = store.columns_of(graph, [iri], (*_FIELDS.values(), DCTERMS.title))
    fields = {field: column[predicate] for field, predicate in _FIELDS.items()}
    source = _source(iri, fields, column[DCTERMS.title].get(iri), len(claims))
    text = read_text(text_path(folder, source.text)) if source.text else None
    return SourceDetail(source, text, claims)


def source_text(graph: Graph, folder: Path, source: URIRef) -> SourceText | None:
    """The text of *source* to check quotes against, or None when the graph does not keep it."""
    relative = graph.value(source, AG.text)
    if relative is None:
        return None
    return SourceText(read_text(text_path(folder, str(relative))), f"source:{local_name(source)}")


def text_path(folder: Path, relative: str) -> Path:
    """Where the text file *relative* (an ``ag:text`` value) is; InvalidSourceText if it is
    not a relative path inside *folder* (after links)."""
    path = folder / relative
    if Path(relative).is_absolute() or not path.resolve().is_relative_to(folder.resolve()):
        raise InvalidSourceText(f"{relative}: a source's text must be a file inside the graph folder {folder}")
    return path


def read_text(path: Path) -> str:
    """The text of the file *path*, which must be plain UTF-8 text, not empty, not binary.

    Each problem is an InvalidSourceText naming the file (and the line, for bad bytes).
    """
    shown = store.display_path(path)
    if not path.is_file():
        raise InvalidSourceText(f"{shown}: no such file — expected the source's full text")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidSourceText(
            f"{shown}:{line}: not UTF-8 text (tried UTF-8: byte 0x{data[error.start]:02x} is {error.reason}) "
            "— expected the text saved as UTF-8"
        ) from None
    binary = _BINARY.search(text)
    if binary is not None:
        line = text.count("\n", 0, binary.start()) + 1
        raise InvalidSourceText(
            f"{shown}:{line}: U+{ord(binary.group()):04X} is a control character — "
            "expected plain text, not a binary file"
        )
    if not text.strip():
        raise InvalidSourceText(f"{shown}: empty — expected the source's full text")
    return text


class SourceIndex:
    """The graph's sources by every name a user may give them: id, IRI, ``source:`` id, URL,
    label or title, as written or folded (case, accents, spaces).

    :meth:`find` takes exactly one of those names; :meth:`resolve` also takes a part of an id,
    title or URL only one source has, and says "did you mean" for a name it does not know.

    >>> from actorgraph import store
    >>> index = SourceIndex(store.load())
    >>> local_name(index.resolve("iran, israel"))
    'news-2024-10-01-iran-israel-hezbollah'
    >>> index.resolve("news-2024-10-01-iran-israel-hezbolah")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actorgraph.errors.UnknownSource: unknown source '...-hezbolah' — did you mean 'news-...-hezbollah'?
    """

    def __init__(self, dataset: Graph) -> None:
        self.names: dict[str, set[URIRef]] = {}
        self.shown: dict[str, tuple[str, URIRef]] = {}  # each folded name as written, for "did you mean"
        self.parts: dict[URIRef, list[str]] = {}  # folded URLs and titles, for a part of one
        # Per source, not a scan of every label: an endpoint may cap how many rows one query returns.
        for source, _ in store.scan(dataset, RDF.type, AG.Source):
            if isinstance(source, URIRef):
                values = [str(v) for p in (AG.url, RDFS.label, DCTERMS.title) for v in dataset.objects(source, p)]
                self.add(source, values)

    def add(self, source: URIRef, names: list[str]) -> None:
        """Know *source* by its id, ``source:`` id and IRI, and by *names* (its URL and titles)."""
        name = local_name(source)
        for key in (f"source:{name}", str(source)):
            self.names.setdefault(fold(key), set()).add(source)
        for shown in (name, *names):
            self.names.setdefault(fold(shown), set()).add(source)
            self.shown.setdefault(fold(shown), (shown, source))
        self.parts.setdefault(source, []).extend(fold(n) for n in (name, *names))

    def find(self, text: str) -> URIRef | None:
        """The source *text* names exactly, None if none; AmbiguousSource if several."""
        found = self.names.get(fold(text), set())
        if len(found) > 1:
            raise AmbiguousSource(text, sorted(local_name(s) for s in found))
        return next(iter(found), None)

    def resolve(self, text: str) -> URIRef:
        """The source *text* names, or the one source with an id, title or URL holding it; else
        UnknownSource with the closest names, or AmbiguousSource with the candidates' ids."""
        found = self.find(text)
        if found is not None:
            return found
        wanted = fold(text)
        partial = sorted(s for s, names in self.parts.items() if wanted and any(wanted in n for n in names))
        if len(partial) == 1:
            return partial[0]
        if partial:
            raise AmbiguousSource(text, [local_name(s) for s in partial])
        raise UnknownSource(text, self.suggest(text))

    def suggest(self, text: str) -> list[str]:
        """The names closest to *text* (one per source, as written), for "did you mean"."""
        wanted = fold(text).removeprefix("source:")
        close = difflib.get_close_matches(wanted, list(self.shown), n=6, cutoff=0.6)
        picked: dict[URIRef, str] = {}
        for key in close:
            shown, source = self.shown[key]
            picked.setdefault(source, shown)
        return list(picked.values())[:2]

    def new_id(self, base: str) -> str:
        """*base*, or *base* with the first free number (``-2``, ``-3``…): an id no source has."""
        number, name = 1, base
        while fold(name) in self.names:
            number += 1
            name = f"{base}-{number}"
        return name
