"""Load a graph folder into an RDF store.

Every RDF file of the folder becomes a named graph (named by :func:`graph_name`, from its path
in the folder) of one rdflib ``Dataset`` whose default graph is the union, so a query sees
everything while each triple still knows the file it came from. The vocabulary is loaded beside
the data, so queries can follow subrelations and read labels and polarities.

Loading never leaves the folder: :func:`graph_files` refuses a link to a file outside it, and
:func:`refuse_unsafe` refuses, before any parser sees them, a JSON-LD context that is not inline
(the parsers would fetch it, from the network or a local file) and an XML entity declaration or
external DTD (a few hundred bytes of nested entities expand to gigabytes).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import time
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.store import Store
from rdflib.term import IdentifiedNode, Node

from actorgraph import merged_view, resources, status
from actorgraph.errors import (
    GraphFileRefused,
    GraphSyntaxError,
    StoreLocationRefused,
    UnknownStore,
)
from actorgraph.namespace import PREFIXES

#: File endings actorgraph reads as RDF, and the rdflib parser for each.
RDF_FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".rdf": "xml",
}
VOCABULARY_GRAPH = URIRef("https://w3id.org/actorgraph/ns")


def graph_files(folder: Path) -> list[Path]:
    """The RDF files under *folder*, in a stable order, hidden files and folders left out.

    Raises GraphFileRefused for a link that leads out of *folder*: reading it would show what
    lies elsewhere on the machine. (``rglob`` does not enter linked folders, so only a file itself
    can be a link, and only links are resolved.)
    """
    found = sorted(
        path
        for path in folder.rglob("*")
        if path.suffix in RDF_FORMATS
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    for path in found:
        if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
            raise GraphFileRefused(Path(display_path(path)), None, "a link to a file outside the graph folder")
    return found


def refuse_unsafe(path: Path, data: str | None = None) -> None:
    """Raise GraphFileRefused when parsing the graph file *path* (or *data*, its text to be)
    would read something else: a JSON-LD ``@context`` or ``@import`` that is not inline (a URL,
    a ``file:`` or a relative reference, at any depth), an XML entity declaration or external DTD.

    Only ``.jsonld`` and ``.rdf`` files are read here, and an XML file only up to its root element.
    """
    if path.suffix == ".jsonld":
        _refuse_remote_contexts(path, path.read_bytes() if data is None else data)
    elif path.suffix == ".rdf":
        _refuse_entities(path, data)


def _refuse_remote_contexts(path: Path, text: str | bytes) -> None:
    try:
        document = json.loads(text)
    except ValueError:
        return  # not JSON: the parser says where
    except RecursionError:
        raise GraphFileRefused(Path(display_path(path)), None, "JSON nested too deeply") from None
    pending = [document]
    while pending:  # iterative: a deep document must not exhaust the stack here
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            context = node.get("@context")
            contexts = context if isinstance(context, list) else [context]
            if "@import" in node or any(isinstance(c, str) for c in contexts):
                why = "a JSON-LD @context or @import that is not inline: actorgraph never fetches one"
                raise GraphFileRefused(Path(display_path(path)), None, why)
            pending.extend(node.values())


class _PrologRead(Exception):
    """The root element starts: every declaration of the document type is behind."""


def _refuse_entities(path: Path, data: str | None) -> None:
    from xml.parsers import expat

    def refuse(what: str) -> None:
        where = Path(display_path(path))
        raise GraphFileRefused(where, parser.CurrentLineNumber, f"{what}, which graph files may not hold")

    def doctype(name: str, system_id: str | None, public_id: str | None, internal: bool) -> None:
        if system_id is not None:
            refuse("an external DTD")

    def root(*args: object) -> None:
        raise _PrologRead

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = lambda *args: refuse("an XML entity declaration")
    parser.StartElementHandler = root
    try:
        if data is None:
            with open(path, "rb") as handle:
                parser.ParseFile(handle)
        else:
            parser.Parse(data, True)
    except (_PrologRead, expat.ExpatError):
        return  # past the prolog, or not XML: then the parser says where


def display_path(path: Path) -> str:
    """*path* relative to the working directory when it is below it, for messages."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_file(path: Path, into: Graph | None = None, data: str | None = None) -> Graph:
    """Parse one RDF file (or *data*, the text it is about to hold); raise GraphSyntaxError
    naming the file and line on bad syntax."""
    from xml.sax import SAXParseException

    from rdflib.exceptions import ParserError

    graph = into if into is not None else Graph()
    fmt = RDF_FORMATS.get(path.suffix, "turtle")
    where = Path(display_path(path))
    refuse_unsafe(path, data)
    try:
        if data is None:
            graph.parse(path, format=fmt)
        else:
            graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise GraphSyntaxError(where, error.lines + 1, parser_reason(error._why)) from None
    except SAXParseException as error:
        raise GraphSyntaxError(where, error.getLineNumber(), parser_reason(error.getMessage())) from None
    except (ValueError, SyntaxError, ParserError, OverflowError, RecursionError) as error:
        # OverflowError: an escape past U+10FFFF in N-Triples; RecursionError: deep nesting in Turtle
        raise GraphSyntaxError(where, getattr(error, "lineno", None), parser_reason(str(error))) from None
    return graph


#: Parser messages that quote the text they could not read: a file that is not RDF at all
#: (a secret behind a misnamed file) must not be shown in an error. A quoted single character
#: or prefix name (``expected '.'``, ``Prefix "ag:" not bound``) says what to fix, and is kept.
_QUOTED = re.compile(r"""b?'([^']*)'|b?"([^"]*)"|`([^`]*)`""")
_KEPT = re.compile(r"[\w-]{0,40}:?|.")
_ECHOED = (
    re.compile(r"^(Invalid line|Trailing garbage|Failed to eat .*? at|Illegal escape at)\b.*"),  # rdflib's N-Triples
    re.compile(r"(: )\S+ (is not a valid )"),  # Oxigraph: "<the token> is not a valid subject"
)
_OXIGRAPH_WHERE = re.compile(r"\s*\([^()]*, line \d+\)$")


def parser_reason(message: str) -> str:
    """A parser's error message as one line that quotes nothing of the file it failed on.

    >>> parser_reason("Invalid line: API_KEY=sk-123")
    'Invalid line'
    >>> parser_reason("Unexpected text event: 'API_KEY=sk-123'")
    'Unexpected text event: …'
    >>> parser_reason('Prefix "ag:" not bound'), parser_reason("expected '.' or '}'")
    ('Prefix "ag:" not bound', "expected '.' or '}'")
    """
    masked = _QUOTED.sub(_mask, message)  # first: a quote may span lines
    line = _OXIGRAPH_WHERE.sub("", next((text.strip() for text in masked.splitlines() if text.strip()), "not valid"))
    line = _ECHOED[0].sub(r"\1", line)
    return _ECHOED[1].sub(r"\1this \2", line)


def _mask(quoted: re.Match[str]) -> str:
    inner = next(group for group in quoted.groups() if group is not None)
    return quoted[0] if _KEPT.fullmatch(inner) else "…"


def new_dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def load(graph_dir: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the vocabulary and every RDF file of *graph_dir* (default: the bundled graph).

    >>> dataset = load()
    >>> len(dataset) > 400
    True
    """
    dataset = new_dataset()
    for name, path in named_sources(resources.graph_dir(graph_dir)):
        parse_file(path, dataset.graph(name))
    return dataset


#: The named graph of a graph file is this followed by its path in the graph folder
#: (``urn:actorgraph:file:claims/2024.ttl``), percent-encoded as an IRI path: the same on every
#: machine and in every store, and it shows nothing of where the folder is.
FILE_GRAPH_BASE = "urn:actorgraph:file:"


def graph_name(folder: Path, path: Path) -> URIRef:
    """The named graph the graph file *path* of *folder* becomes, in every store.

    >>> graph_name(Path("g"), Path("g/claims 2024/iran.ttl"))
    rdflib.term.URIRef('urn:actorgraph:file:claims%202024/iran.ttl')
    """
    from urllib.parse import quote

    return URIRef(FILE_GRAPH_BASE + quote(path.relative_to(folder).as_posix(), safe="/"))


def graph_file(folder: Path, name: Node) -> Path:
    """The file of *folder* whose named graph is *name* (one :func:`graph_name` gave).

    >>> graph_file(Path("g"), URIRef("urn:actorgraph:file:claims%202024/iran.ttl"))
    PosixPath('g/claims 2024/iran.ttl')
    """
    from urllib.parse import unquote

    if not str(name).startswith(FILE_GRAPH_BASE):
        raise ValueError(f"not the named graph of a graph file: {name}")
    return folder / unquote(str(name).removeprefix(FILE_GRAPH_BASE))


def named_sources(folder: Path) -> list[tuple[URIRef, Path]]:
    """The vocabulary and each graph file of *folder*, with the named graph each becomes."""
    files = ((graph_name(folder, p), p) for p in graph_files(folder))
    return [(VOCABULARY_GRAPH, resources.vocabulary_file()), *files]


def named_graph(dataset: Dataset, identifier: IdentifiedNode) -> Graph:
    """A named graph of *dataset*, read without creating it (stores may be read-only)."""
    return Graph(store=dataset.store, identifier=identifier, namespace_manager=dataset.namespace_manager)


def is_remote(dataset: Graph) -> bool:
    """True for a SPARQL endpoint, whose default graph holds everything `push` sent."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    return isinstance(dataset.store, SPARQLStore)


def data_graphs(dataset: Dataset) -> list[Graph]:
    """The named graphs that hold curated data: the graph files' (:func:`graph_name`), not the
    vocabulary's, nor on a server the version push writes or the engine's own (Virtuoso's system graphs).

    Read from the store: ``Dataset.graphs()`` adds a default graph to it, which the read-only
    stores (an Oxigraph store opened read-only, an endpoint) refuse.
    """
    names = (context.identifier if isinstance(context, Graph) else context for context in dataset.store.contexts())
    return [named_graph(dataset, name) for name in names if str(name).startswith(FILE_GRAPH_BASE)]


# --- stores: memory, an embedded Oxigraph store, a remote SPARQL endpoint ----------------------

STORE_KINDS = ("memory", "oxigraph", "sparql")
CONFIG_FILE = "actorgraph.toml"
FINGERPRINT_SUFFIX = ".fingerprint"


@dataclass(frozen=True)
class StoreSpec:
    """Where a graph is read from: ``memory``, ``oxigraph:PATH`` or ``sparql:URL``.

    >>> StoreSpec.parse("oxigraph:.cache/store")
    StoreSpec(kind='oxigraph', location='.cache/store')
    """

    kind: str
    location: str | None = None

    @classmethod
    def parse(cls, text: str) -> StoreSpec:
        kind, _, location = text.strip().partition(":")
        if kind not in STORE_KINDS:
            raise UnknownStore(text, [k for k in STORE_KINDS if k.startswith(kind[:2])])
        if kind == "memory":
            return cls(kind)
        if not location or (kind == "sparql" and not is_http_url(location)):
            example = "oxigraph:PATH" if kind == "oxigraph" else "sparql:http://127.0.0.1:7878/query"
            raise UnknownStore(text, [example])
        return cls(kind, location)

    def __str__(self) -> str:
        return self.kind if self.location is None else f"{self.kind}:{self.location}"


def is_http_url(text: str) -> bool:
    """Whether *text* is an http or https URL with a host: what urllib may be given, since it
    would also open ``file:`` and ``ftp:`` URLs."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def configured_store(folder: Path) -> StoreSpec | None:
    """The store named in the folder's ``actorgraph.toml`` (``store = "oxigraph:.actorgraph/store"``)."""
    config = folder / CONFIG_FILE
    if not config.is_file():
        return None
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise GraphSyntaxError(Path(display_path(config)), None, str(error)) from None
    value = data.get("store")
    return StoreSpec.parse(value) if isinstance(value, str) else None


#: From this size on, an import records an Oxigraph store in the folder's config.
LARGE_GRAPH_TRIPLES = 100_000
DEFAULT_OXIGRAPH = "oxigraph:.actorgraph/oxigraph"


def recommend_store(folder: Path, added_triples: int) -> str | None:
    """After a large import, record the embedded Oxigraph store in the folder's config.

    Nothing changes when the folder already names a store. Returns the store recorded, if any.
    """
    config = folder / CONFIG_FILE
    if added_triples < LARGE_GRAPH_TRIPLES or config.exists():
        return None
    from actorgraph.files import atomic_write

    atomic_write(config, f'# Written by an import of {added_triples:,} triples: rdflib in memory is slow past ~100k.\n'
                         f'store = "{DEFAULT_OXIGRAPH}"\n')  # fmt: skip
    return DEFAULT_OXIGRAPH


def open_graph(
    graph_dir: str | os.PathLike[str] | None = None, store: str | None = None, user: str | None = None
) -> Dataset:
    """The graph of *graph_dir* in the store chosen by *store*, the folder's config, or memory.

    Every reading function of the library takes what this returns, whatever the store. *user*
    logs in to a ``sparql:`` server (:class:`actorgraph.endpoint.Endpoint`).
    """
    folder = resources.graph_dir(graph_dir)
    spec = StoreSpec.parse(store) if store else configured_store(folder) or StoreSpec("memory")
    if spec.kind == "oxigraph":
        return oxigraph_dataset(folder, _beside(folder, spec.location))
    if spec.kind == "sparql":
        return sparql_dataset(spec.location, user)  # type: ignore[arg-type]
    dataset = load(folder)
    merged_view.apply(merged_view.MemoryQuads(dataset))
    return dataset


#: An in-memory Oxigraph store takes about ten times the size of its Turtle files (350 MB for
#: ICEWS14's 35 MB).
MEMORY_PER_FILE_BYTE = 10


def open_for_one_pass(
    graph_dir: str | os.PathLike[str] | None = None, store: str | None = None, user: str | None = None
) -> Dataset:
    """The graph of *graph_dir*, opened to be read whole once (to build the actor network).

    With an ``oxigraph:`` store, the files are loaded into an in-memory Oxigraph store rather
    than opening the on-disk one, which may first have to be built. At a million triples that
    load takes 4–6 s where building the on-disk store takes 16–35 s, and reading every triple
    takes 1 s where it takes 13 s from disk. When that copy would take more than a quarter of
    the memory available (:data:`MEMORY_PER_FILE_BYTE`), the on-disk store is read instead.
    Other stores open as :func:`open_graph` opens them.
    """
    folder = resources.graph_dir(graph_dir)
    spec = StoreSpec.parse(store) if store else configured_store(folder) or StoreSpec("memory")
    size = sum(p.stat().st_size for p in graph_files(folder))
    if spec.kind != "oxigraph" or size * MEMORY_PER_FILE_BYTE > available_memory() // 4:
        return open_graph(folder, store, user)
    import pyoxigraph as ox

    inner = ox.Store()
    _bulk_load(inner, folder)
    return _oxigraph_dataset(inner, folder)


def available_memory() -> int:
    """Bytes of memory available to a new allocation now (Linux's MemAvailable, else free pages)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def _beside(folder: Path, location: str | None) -> Path:
    path = Path(location or ".actorgraph/oxigraph").expanduser()
    return path if path.is_absolute() else folder / path


def fingerprint(folder: Path) -> str:
    """A digest of everything a graph is read from: the vocabulary and every RDF file's content."""
    from actorgraph import __version__

    digest = hashlib.sha256(__version__.encode())
    digests = FileDigests(resources.cache_dir() / "file-digests.json")
    for name, path in named_sources(folder):  # the names too: a moved file is another graph
        digest.update(name.encode() + b"\0" + digests.of(path).encode() + b"\0")
    digests.save()
    return digest.hexdigest()


class FileDigests:
    """Files' SHA-256 remembered by size, inode and times, as git's index does, so a cold command
    on a million-triple folder does not read every file to learn that nothing changed.

    A file modified in the last few seconds is always read: timestamps are coarse, and a second
    write in the same tick would otherwise keep the first write's digest.
    """

    KEEP = 256  # files remembered; the least recently used go first
    SETTLED = 3.0  # seconds a file must have been left alone before its digest is trusted

    def __init__(self, memo: Path) -> None:
        self.memo = memo
        try:
            self.known: dict[str, list[object]] = json.loads(memo.read_text())
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    def of(self, path: Path) -> str:
        status = path.stat()
        key = str(path.resolve())
        stamp = [status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns]
        entry = self.known.pop(key, None)
        if entry and entry[:4] == stamp:
            self.known[key] = entry
            return str(entry[4])
        hashed = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hashed.update(block)
        if time.time() - status.st_mtime > self.SETTLED:
            self.known[key] = [*stamp, hashed.hexdigest()]
            self.changed = True
        return hashed.hexdigest()

    def save(self) -> None:
        if not self.changed:
            return
        from actorgraph.files import atomic_write

        kept = dict(list(self.known.items())[-self.KEEP :])
        with contextlib.suppress(OSError):  # an unwritable cache folder only costs speed
            atomic_write(self.memo, json.dumps(kept))


#: The file actorgraph puts in every Oxigraph store it builds: only a folder holding it (or an
#: empty one) is ever replaced by a new store.
STORE_MARKER = ".actorgraph-store"


def build_oxigraph(folder: Path, path: Path) -> bool:
    """Bulk-load the folder's files into an Oxigraph store at *path*, unless it is up to date.

    Each file becomes the named graph :func:`graph_name` gives it, as in memory. The new store
    is built beside the old one and swapped in, so readers never see half a store. Returns
    whether it (re)built. Raises StoreLocationRefused when *path* is not a place for a store
    (:func:`refuse_store_location`).
    """
    import pyoxigraph as ox

    path = path.resolve()
    refuse_store_location(folder, path)
    marker = path.with_name(path.name + FINGERPRINT_SUFFIX)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        wanted = fingerprint(folder)
        if path.is_dir() and marker.is_file() and marker.read_text() == wanted:
            return False
        building = path.with_name(f".{path.name}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        store = ox.Store(str(building))
        try:
            with status.step(f"building the Oxigraph store {display_path(path)}"):
                _bulk_load(store, folder)
        except GraphSyntaxError:
            shutil.rmtree(building, ignore_errors=True)
            raise
        store.flush()
        del store
        (building / STORE_MARKER).write_text("An Oxigraph store that actorgraph built and may replace.\n")
        old = path.with_name(f".{path.name}.old-{os.getpid()}")
        if path.exists():
            path.rename(old)
        building.rename(path)
        shutil.rmtree(old, ignore_errors=True)
        marker.write_text(wanted)
        return True


def refuse_store_location(folder: Path, path: Path) -> None:
    """Raise StoreLocationRefused unless the resolved *path* is a place to build (and later
    replace) an Oxigraph store for the graph *folder*.

    It must not exist, be an empty folder, or be a store actorgraph built (:data:`STORE_MARKER`
    inside, or for a store built before the marker, its fingerprint file beside it). It must not
    be the graph folder or hold it, and inside the graph folder only a hidden folder (such as the
    default ``.actorgraph/oxigraph``) is allowed, as graph files are read from every other one.
    """
    root = folder.resolve()
    if path == root:
        why = "it is the graph folder"
    elif root.is_relative_to(path):
        why = "it holds the graph folder"
    elif path.is_relative_to(root) and not any(part.startswith(".") for part in path.relative_to(root).parts):
        why = "it is in the graph folder, where only a hidden folder such as .actorgraph/ may hold a store"
    elif path.exists() and not path.is_dir():
        why = "it is not a folder"
    elif path.is_dir() and not _built_by_actorgraph(path) and any(path.iterdir()):
        why = f"it is not empty and has no {STORE_MARKER} file, so actorgraph did not build it"
    else:
        return
    raise StoreLocationRefused(Path(display_path(path)), why)


def _built_by_actorgraph(path: Path) -> bool:
    return (path / STORE_MARKER).is_file() or path.with_name(path.name + FINGERPRINT_SUFFIX).is_file()


def _bulk_load(target: Any, folder: Path) -> None:
    """Load the vocabulary and the folder's files into the pyoxigraph store *target*, each
    file as the named graph :func:`graph_name` gives it, as in memory; then apply the merge
    decisions (:func:`actorgraph.merged_view.apply`), as in memory."""
    import pyoxigraph as ox

    for name, source in named_sources(folder):
        bulk_load_file(target, source, ox.NamedNode(name))
    merged_view.apply(OxigraphQuads(target))


class OxigraphQuads:
    """The statements of a pyoxigraph store, in rdflib terms (:class:`actorgraph.merged_view.Quads`)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def matching(
        self, subject: Node | None = None, predicate: Node | None = None, obj: Node | None = None
    ) -> list[merged_view.Quad]:
        pattern = [None if term is None else to_ox(term) for term in (subject, predicate, obj)]
        found = self.inner.quads_for_pattern(*pattern, None)
        return [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), q.graph_name) for q in found]

    def add(self, quad: merged_view.Quad) -> None:
        self.inner.add(self._quad(quad))

    def remove(self, quad: merged_view.Quad) -> None:
        self.inner.remove(self._quad(quad))

    def _quad(self, quad: merged_view.Quad) -> Any:
        import pyoxigraph as ox

        s, p, o, graph = quad
        return ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


def bulk_load_file(target: Any, source: Path, graph: Any) -> None:
    """Load one RDF file into the pyoxigraph store *target* as the named graph *graph*, after the
    checks every loader makes (:func:`refuse_unsafe`); GraphSyntaxError names the file and line."""
    refuse_unsafe(source)
    try:
        target.bulk_load(path=str(source), format=_ox_format(source), to_graph=graph)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        raise GraphSyntaxError(Path(display_path(source)), line, parser_reason(str(error))) from None
    except MemoryError as error:
        if "buffer maximal size" not in str(error):
            raise
        raise GraphSyntaxError(Path(display_path(source)), None, "a line or term longer than 16 MiB") from None


def _ox_format(path: Path) -> object:
    import pyoxigraph as ox

    return {
        ".ttl": ox.RdfFormat.TURTLE,
        ".trig": ox.RdfFormat.TRIG,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".nq": ox.RdfFormat.N_QUADS,
        ".jsonld": ox.RdfFormat.JSON_LD,
        ".rdf": ox.RdfFormat.RDF_XML,
    }[path.suffix]


def oxigraph_dataset(folder: Path, path: Path) -> Dataset:
    """The folder's graph in an embedded Oxigraph store, (re)built first if the files changed."""
    import pyoxigraph as ox

    build_oxigraph(folder, path)
    return _oxigraph_dataset(ox.Store.read_only(str(path)), folder)


def _oxigraph_dataset(inner: Any, folder: Path) -> Dataset:
    dataset = Dataset(store=ReadOnlyOxigraphStore(inner, str(folder)), default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def sparql_dataset(url: str, user: str | None = None) -> Dataset:
    """A SPARQL 1.1 endpoint as a read-only graph (its default graph holds what `push` sent).

    Reading it raises EndpointFailed (one of its kinds) when the endpoint cannot be reached or
    answers an error. The URL may carry parameters of its own (``?default-graph-uri=...``).
    """
    from actorgraph.endpoint import Endpoint

    endpoint = Endpoint(url, user)
    dataset = Dataset(store=_endpoint_store()(endpoint, query_endpoint=url, returnFormat="json"), default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def endpoint_of(dataset: Graph) -> Any:
    """The :class:`actorgraph.endpoint.Endpoint` a ``sparql:`` graph is read from, else None."""
    return getattr(dataset.store, "endpoint", None) if is_remote(dataset) else None


@functools.cache
def _endpoint_store() -> type:
    """rdflib's SPARQLStore, its requests made by :class:`actorgraph.endpoint.Endpoint` (query
    strings kept, logins, time limits, failures as EndpointFailed). Made on first use: importing
    it imports rdflib's SPARQL engine, which most commands never need."""
    from io import BytesIO

    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from rdflib.query import Result

    class EndpointStore(SPARQLStore):
        def __init__(self, endpoint: Any, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.endpoint = endpoint

        def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None) -> Result:
            self._queries += 1
            named = default_graph is not None and not isinstance(default_graph, BNode)
            graphs = [("default-graph-uri", str(default_graph))] if named else []
            body, media = self.endpoint.query(query, self.response_mime_types(), graphs)
            return Result.parse(BytesIO(body), content_type=media)

        def contexts(self, triple: Any = None) -> Iterator[Any]:  # type: ignore[override]
            """The named graphs, asked with a triple pattern in them: Virtuoso answers none to
            rdflib's ``GRAPH ?name {}``."""
            if triple is not None:
                yield from super().contexts(triple)
                return
            for row in self._query("SELECT DISTINCT ?name WHERE { GRAPH ?name { ?s ?p ?o } }"):
                yield row[0]  # type: ignore[index]

    return EndpointStore


def scan(
    graph: Graph, predicate: URIRef, obj: Node | None = None, *, convert: TermConverter | None = None
) -> Iterator[tuple[Node, Node]]:
    """(subject, object) pairs of *predicate* (with *obj*, if given), over the whole graph.

    On an Oxigraph store this reads pyoxigraph directly with memoised term conversion: rdflib's
    Store interface converts every term of every triple, and costs far more at a million.
    Scans of the same resources (a claim's properties) convert each term once when they share
    a *convert*.
    """
    inner = oxigraph_of(graph)
    if inner is None:
        if obj is None:
            yield from graph.subject_objects(predicate)
        else:
            yield from ((s, obj) for s in graph.subjects(predicate, obj))
        return
    import pyoxigraph as ox

    term = TermConverter() if convert is None else convert
    pattern_object = to_ox(obj) if obj is not None else None
    for quad in inner.quads_for_pattern(None, ox.NamedNode(str(predicate)), pattern_object, None):
        yield term[quad.subject], term[quad.object]


def triple_count(graph: Graph) -> int:
    """``len(graph)``, counted inside Oxigraph (``COUNT(*)``: the store's ``len`` counts distinct triples)."""
    inner = oxigraph_of(graph)
    if inner is None or not isinstance(graph.identifier, URIRef):
        return len(graph)
    import pyoxigraph as ox

    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    (row,) = inner.query(query, default_graph=ox.NamedNode(str(graph.identifier)))  # type: ignore[attr-defined]
    return int(row[0].value)


def statement_count(dataset: Dataset) -> int:
    """The triples of every graph of *dataset*, counted graph by graph (a triple that two files
    state counts twice). ``len(dataset)`` counts distinct triples over the union instead, which
    takes Oxigraph 14 s at a million triples against under a second for this."""
    if is_remote(dataset):
        return len(dataset)
    names = (context.identifier if isinstance(context, Graph) else context for context in dataset.store.contexts())
    return sum(triple_count(named_graph(dataset, name)) for name in names)


def columns_of(graph: Graph, subjects: Iterable[Node], predicates: Iterable[URIRef]) -> dict[URIRef, dict[Node, Node]]:
    """For each predicate, its value for each of *subjects* (one kept per subject).

    Read subject by subject where a lookup is cheap, so a few hundred resources cost the same in
    a million triples as in a thousand; over HTTP, one scan per predicate instead.
    """
    wanted = set(subjects)
    if is_remote(graph):
        return _remote_columns(graph, wanted, tuple(predicates))
    column: dict[URIRef, dict[Node, Node]] = {p: {} for p in predicates}
    for subject, predicate, obj in statements_about(graph, sorted(wanted, key=str)):
        if predicate in column:
            column[predicate].setdefault(subject, obj)  # type: ignore[index]
    return column


#: Resources named in one query when reading their columns from a server.
REMOTE_BATCH = 500


def _remote_columns(graph: Graph, wanted: set[Node], predicates: tuple[URIRef, ...]) -> dict[URIRef, dict[Node, Node]]:
    """:func:`columns_of` on a SPARQL endpoint: the values of *predicates* of the *wanted*
    resources only, a batch of resources per query (a blank node cannot be named in a query:
    its columns are scanned)."""
    column: dict[URIRef, dict[Node, Node]] = {p: {} for p in predicates}
    named = sorted((s for s in wanted if isinstance(s, URIRef)), key=str)
    if len(named) < len(wanted):
        column = {p: {s: o for s, o in scan(graph, p) if s in wanted} for p in predicates}
    shown = " ".join(p.n3() for p in predicates)
    for start in range(0, len(named), REMOTE_BATCH):
        values = " ".join(s.n3() for s in named[start : start + REMOTE_BATCH])
        query = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {shown} }} ?s ?p ?o }}"
        for subject, predicate, obj in graph.query(query):  # type: ignore[misc]
            column[predicate].setdefault(subject, obj)  # type: ignore[index]
    return column


def statements_about(graph: Graph, subjects: Iterable[Node]) -> Iterator[tuple[Node, Node, Node]]:
    """Every (subject, predicate, object) of the given *subjects*, over the whole graph.

    For reading a few hundred resources out of a million triples: one index lookup each. On an
    Oxigraph store it reads pyoxigraph directly, converting each distinct term once.
    """
    inner = oxigraph_of(graph)
    if inner is None:
        for subject in subjects:
            for predicate, obj in graph.predicate_objects(subject):
                yield subject, predicate, obj
        return
    term = TermConverter()
    for subject in subjects:
        for quad in inner.quads_for_pattern(to_ox(subject), None, None, None):
            yield subject, term[quad.predicate], term[quad.object]


def oxigraph_of(graph: Graph) -> Any:
    """The pyoxigraph store under *graph* when it is an embedded Oxigraph store, else None."""
    store = graph.store
    return store.inner if isinstance(store, ReadOnlyOxigraphStore) else None


def is_read_only(graph: Graph) -> bool:
    """Whether *graph* is held by a store opened read-only, whose data cannot change under it
    (an embedded Oxigraph store that :func:`open_graph` opened), so a process forked earlier
    can answer for it (:func:`actorgraph.isolation.in_worker`)."""
    return isinstance(graph.store, ReadOnlyOxigraphStore)


class ReadOnlyOxigraphStore(Store):
    """An Oxigraph store opened read-only, behind rdflib's Store interface.

    It answers as oxrdflib's ``OxigraphStore`` does (same terms: a simple literal keeps its
    ``xsd:string`` datatype), but importing oxrdflib imports rdflib's SPARQL engine, about
    0.15 s of every command's start, and actorgraph never needs it here: SPARQL goes to
    Oxigraph directly (:mod:`actorgraph.sparql`), and so does a text given to rdflib's
    ``Graph.query`` (:meth:`query`). Writes raise PermissionError.
    """

    context_aware = True
    formula_aware = False
    transaction_aware = False
    graph_aware = True

    def __init__(self, inner: Any, where: str) -> None:
        super().__init__()
        self.inner = inner
        self._where = where
        self._namespace_for_prefix: dict[str, URIRef] = {}
        self._prefix_for_namespace: dict[URIRef, str] = {}

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:  # type: ignore[override]
        try:
            pattern = (*(_pattern_term(term) for term in triple_pattern), _pattern_term(context))
        except ValueError:
            return
        for quad in self.inner.quads_for_pattern(*pattern):
            triple = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
            yield triple, iter((self._graph_named(quad.graph_name),))

    def __len__(self, context: Any = None) -> int:
        import pyoxigraph as ox

        scope: dict[str, Any] = {"use_default_graph_as_union": True}
        if context is not None:
            scope = {"default_graph": to_ox(context.identifier if isinstance(context, Graph) else context)}
        (row,) = self.inner.query("SELECT (COUNT(DISTINCT TRIPLE(?s, ?p, ?o)) AS ?c) WHERE { ?s ?p ?o }", **scope)
        return int(row[0].value) if isinstance(row[0], ox.Literal) else 0

    def contexts(self, triple: Any = None) -> Iterator[Graph]:  # type: ignore[override]
        if triple is None:
            return (self._graph_named(name) for name in self.inner.named_graphs())
        pattern = (*(_pattern_term(term) for term in triple), None)
        return (self._graph_named(quad.graph_name) for quad in self.inner.quads_for_pattern(*pattern))

    def _graph_named(self, name: Any) -> Graph:
        import pyoxigraph as ox

        identifier = DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else from_ox(name)
        return Graph(store=self, identifier=identifier)  # type: ignore[arg-type]

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Any:
        """``Graph.query`` by Oxigraph's own engine, as oxrdflib answers it. A query rdflib has
        parsed already, initial bindings (Oxigraph substitutes only projected variables) and
        options Oxigraph lacks go to rdflib's engine instead."""
        import pyoxigraph as ox
        from rdflib import Variable
        from rdflib.query import Result

        if not isinstance(query, str) or initBindings or kwargs:
            raise NotImplementedError  # rdflib's engine answers
        answer = self.inner.query(
            query,
            use_default_graph_as_union=queryGraph == "__UNION__",
            default_graph=to_ox(queryGraph) if isinstance(queryGraph, Node) else None,
            prefixes={prefix: str(namespace) for prefix, namespace in {**self._namespace_for_prefix, **initNs}.items()},
        )
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            result.vars = [Variable(variable.value) for variable in answer.variables]
            result.bindings = [
                {name: from_ox(value) for name, value in zip(result.vars, solution, strict=True) if value is not None}
                for solution in answer
            ]
        else:
            result = Result("CONSTRUCT")
            result.graph = Graph()
            for triple in answer:
                result.graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return result

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(f"{self._where}: its Oxigraph store is open read-only; change the graph's files instead")

    add = addN = remove = add_graph = remove_graph = update = _refuse  # type: ignore[assignment]

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        if not override and (prefix in self._namespace_for_prefix or namespace in self._prefix_for_namespace):
            return
        self._forget(self._namespace_for_prefix.pop(prefix, None), prefix)
        self._forget(namespace, self._prefix_for_namespace.pop(namespace, None))
        self._namespace_for_prefix[prefix] = namespace
        self._prefix_for_namespace[namespace] = prefix

    def _forget(self, namespace: URIRef | None, prefix: str | None) -> None:
        if namespace is not None:
            self._prefix_for_namespace.pop(namespace, None)
        if prefix is not None:
            self._namespace_for_prefix.pop(prefix, None)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix_for_namespace.get(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespace_for_prefix.get(prefix)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._namespace_for_prefix.items()


#: An IRI Oxigraph holds is valid: skip URIRef's check of it, a third of the cost of reading
#: a million triples from an in-memory store.
_valid_iri = functools.partial(str.__new__, URIRef)


def from_ox(term: Any) -> Any:
    """The rdflib term for a pyoxigraph term (a quoted triple becomes a tuple), as oxrdflib
    converts it."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return _valid_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.Triple):
        return from_ox(term.subject), from_ox(term.predicate), from_ox(term.object)
    raise ValueError(f"unexpected Oxigraph term: {term!r}")


def to_ox(node: Node) -> Any:
    """The pyoxigraph term for an rdflib term (the default graph's name included)."""
    import pyoxigraph as ox

    if node == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(node, URIRef):
        return ox.NamedNode(node)
    if isinstance(node, BNode):
        return ox.BlankNode(node)
    if isinstance(node, Literal):
        datatype = ox.NamedNode(node.datatype) if node.datatype else None
        return ox.Literal(node, language=node.language, datatype=datatype)
    raise ValueError(f"unexpected rdflib term: {node!r}")


def _pattern_term(term: Any) -> Any:
    if term is None:
        return None
    return to_ox(term.identifier if isinstance(term, Graph) else term)


class TermConverter(dict):  # type: ignore[type-arg]
    """pyoxigraph terms to rdflib terms, each distinct term converted once: ``convert[term]``.

    A dict, so that a term seen before is found at C speed; only a new one reaches Python.
    """

    def __missing__(self, term: Any) -> Any:
        converted = self[term] = from_ox(term)
        return converted
