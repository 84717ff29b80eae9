"""``push``: a graph folder loaded into a SPARQL server, streamed, checked, switched at once.

The layout on the server is the one every reader expects: the default graph holds everything
(vocabulary included), and the vocabulary and each file are also a named graph, named as the
other stores name them (:func:`actorgraph.store.graph_name`). The version of what was pushed
goes to the named graph :data:`actorgraph.namespace.PUSH_META` (:data:`AG.contentDigest`,
:data:`AG.tripleCount`, :data:`AG.pushedAt`), which readers check with one small query.

How, with memory flat in the graph's size:

1. each file is parsed as a stream (pyoxigraph) and sent in batches of :data:`BATCH_TRIPLES`
   N-Triples lines to a staging graph of its own (Graph Store Protocol ``POST``); the triples
   with a blank node wait for the end of their file and go in one request, since a server may
   read each request's blank nodes as new ones (Virtuoso does);
2. each batch is also sorted into a run file on disk, and the runs merged at the end into the
   content digest and the count of distinct triples (an external sort);
3. the server is asked how many distinct triples the staging graphs hold: it must be that count;
4. the merge decisions that stand are applied on the server (:mod:`actorgraph.merged_view`);
5. one SPARQL Update copies each staging graph onto its file's graph, fills the default graph
   from them and writes the version; the next drops the staging graphs. Engines run one update
   request as one transaction (Oxigraph does), so readers see the old graph or the new one,
   never half. Without an update endpoint (none given and none found beside the Graph Store
   one) the graphs are replaced in place, batch by batch, and the report says the push was not
   atomic.

The switch costs an engine's transactional writes of every triple, twice (Oxigraph: 35 times
its bulk loader at ICEWS14). So an Oxigraph server that holds none of the graphs a push writes
(a first push: nothing for a reader to see half of) gets each batch once, as N-Quads for the
file's graph and the default graph together, through its bulk loader (``no_transaction``), and
the version last; readers meanwhile see the graphs fill, with no version. ``atomic=True``
always stages and switches; ``atomic=False`` loads in bulk over an earlier push too (its graphs
cleared first, the report says readers saw them replaced).

A server whose default graph is the union of its named graphs (Virtuoso) gets no copy in its
default graph: the named graphs already make it up (see docs/stores.md).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import heapq
import itertools
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

from rdflib import Literal, URIRef
from rdflib.term import Node

from actorgraph import merged_view, resources
from actorgraph.endpoint import Endpoint
from actorgraph.errors import EndpointFailed, PushFailed
from actorgraph.namespace import AG, PUSH_META
from actorgraph.store import is_http_url, named_sources, refuse_unsafe

#: Triples per Graph Store request: about 15 MB of N-Triples at ICEWS14's line length (twice that as
#: N-Quads for two graphs); the push peaked at 250 MB at ICEWS14.
BATCH_TRIPLES = 100_000
#: Staging graphs are named this, a token of the push, and the index of their file.
STAGING_BASE = "urn:actorgraph:staging:"
DEFAULT_TIMEOUT = 600.0
#: The default graph, among the graphs a push writes to.
DEFAULT = URIRef("urn:actorgraph:default-graph")

#: ``progress(done, total)``, in bytes of the folder's files read.
Progress = Callable[[int, int], None]

#: Where each engine keeps its query and update endpoints, beside its Graph Store endpoint.
_BESIDE = {
    "store": ("query", "update"),  # Oxigraph
    "data": ("query", "update"),  # Fuseki: /DATASET/data
    "sparql-graph-crud-auth": ("sparql", "sparql-auth"),  # Virtuoso, with a login
    "sparql-graph-crud": ("sparql", "sparql"),  # Virtuoso
}


@dataclass(frozen=True)
class PushReport:
    """What a push wrote: the distinct triples of the default graph, their digest, and how."""

    url: str
    triples: int
    digest: str
    atomic: bool
    union_default_graph: bool
    #: Loaded through the server's bulk loader (no staging, no switch).
    bulk: bool = False
    #: An earlier push's graphs were replaced without the switch (readers could see the change).
    replaced_in_place: bool = False

    @property
    def notes(self) -> list[str]:
        if self.atomic or not self.replaced_in_place:
            return []
        if self.bulk:
            return ["the push was not atomic: the earlier graphs were cleared and loaded in bulk, "
                    "so readers saw them being replaced"]  # fmt: skip
        return ["the push was not atomic: no update endpoint was found, so readers saw the graphs being replaced"]

    def summary(self) -> str:
        union = " (its default graph is the union of the named graphs)" if self.union_default_graph else ""
        return f"pushed {self.triples} triples to {self.url}{union}"

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "triples": self.triples, "digest": self.digest, "atomic": self.atomic,
                "union_default_graph": self.union_default_graph, "bulk": self.bulk}  # fmt: skip


@dataclass
class _Staged:
    """A file on its way to the server: the graph it goes to, and the staging graph it waits in."""

    target: URIRef
    staging: URIRef
    source: Path


@dataclass
class _Digest:
    """Sorted runs of N-Triples lines on disk, merged at the end into a digest and a count."""

    folder: Path
    runs: list[Path] = field(default_factory=list)

    def add(self, lines: list[bytes]) -> None:
        lines.sort()
        run = self.folder / f"run-{len(self.runs)}.nt"
        run.write_bytes(b"\n".join(lines) + b"\n")
        self.runs.append(run)

    def result(self) -> tuple[str, int]:
        digest, count, last = hashlib.sha256(), 0, None
        with contextlib.ExitStack() as stack:
            files = [stack.enter_context(open(run, "rb")) for run in self.runs]
            for line in heapq.merge(*files):
                if line != last:
                    digest.update(b"\n" if count else b"")
                    digest.update(line.rstrip(b"\n"))
                    count, last = count + 1, line
        return digest.hexdigest(), count


def push(
    graph_dir: str | os.PathLike[str] | None,
    graph_store_url: str,
    *,
    user: str | None = None,
    query_url: str | None = None,
    update_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
    atomic: bool | None = None,
) -> PushReport:
    """Load the graph of *graph_dir* (vocabulary included) into the SPARQL server whose Graph Store
    Protocol endpoint is *graph_store_url*, replacing its default graph and the named graphs of
    the vocabulary and of the folder's files; see the module's documentation for how.

    *query_url* and *update_url* default to the endpoints found beside *graph_store_url*
    (Oxigraph's ``/query`` and ``/update`` beside ``/store``, Fuseki's, Virtuoso's). *atomic*:
    None loads an Oxigraph server in bulk when it holds none of the graphs written, True always
    stages and switches, False loads Oxigraph in bulk over an earlier push too. Raises
    PushFailed when the server holds other than what was sent, and EndpointFailed (one of its
    kinds) when a request fails.
    """
    if not is_http_url(graph_store_url):
        raise PushFailed(graph_store_url, "expected an http or https URL")
    folder = resources.graph_dir(graph_dir)
    sources = named_sources(folder)
    store = Endpoint(graph_store_url, user, timeout)
    query, server = _query_endpoint(store, query_url)
    update = _update_endpoint(store, update_url)
    # A staging graph is read by nobody until the switch: Oxigraph may load it without a
    # transaction (its bulk loader), several times faster.
    bulk = [("no_transaction", "")] if update is not None and server.startswith("Oxigraph/") else []
    token = uuid.uuid4().hex
    staged = [_Staged(name, URIRef(f"{STAGING_BASE}{token}:{n}"), path) for n, (name, path) in enumerate(sources)]
    union = _union_default_graph(store, query, URIRef(f"{STAGING_BASE}{token}:probe"), update)
    held_before = bool(bulk) and atomic is not True and _holds_any(query, [file.target for file in staged])
    in_bulk = bool(bulk) and (atomic is False or (atomic is None and not held_before))
    if update is None or in_bulk:
        staged = [replace(file, staging=file.target) for file in staged]
    if in_bulk and held_before:
        assert update is not None
        update.update(_clear(staged))
    total = sum(file.source.stat().st_size for file in staged)
    # The graphs not written yet (see _send_batch); pushed in place, the default graph gets every file too.
    first = {DEFAULT: True} if (update is None or in_bulk) and not union else {}
    with tempfile.TemporaryDirectory(prefix="actorgraph-push-") as scratch, _Sender(store) as sender:
        digest = _Digest(Path(scratch))
        done = 0
        for file in staged:
            first[file.staging] = True
            done = _send_file(sender, file, first, digest, done, total, progress, bulk, in_bulk)
        sender.wait()
        # The server counts what it holds while the runs are merged here.
        counted = sender.pool.submit(_held, query, [file.staging for file in staged], in_bulk and not union)
        content, count = digest.result()
        held = counted.result()
    for n, where in zip(held, ("", " in its default graph"), strict=False):
        if n != count:
            raise PushFailed(graph_store_url, f"sent {count} distinct triples but the server holds {n}{where}")
    quads = _ServerQuads(query, update, staged, mirror=in_bulk and not union)
    if update is None and merged_view.standing(quads):
        raise PushFailed(graph_store_url, "merge decisions are applied on the server: give `update_url`")
    merged_view.apply(quads)
    version = _version(content, count)
    if in_bulk:
        assert update is not None
        update.update(" ;\n".join(_version_steps(version)))
    elif update is not None:
        update.update(_switch(staged, union, version))
        update.update(_cleanup(staged))
    else:
        store.request("PUT", [("graph", str(PUSH_META))], version.encode("utf-8"), "application/n-triples")
    atomic_switch = update is not None and not in_bulk
    replaced = not atomic_switch and (update is None or held_before)
    return PushReport(graph_store_url, count, content, atomic_switch, union, in_bulk, replaced)


def _beside(store: Endpoint, which: int) -> str | None:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(store.url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if last not in _BESIDE:
        return None
    return urlunsplit(parts._replace(path=f"{head}/{_BESIDE[last][which]}", query=""))


def _query_endpoint(store: Endpoint, query_url: str | None) -> tuple[Endpoint, str]:
    """The query endpoint given, or the one beside *store*, checked with ``ASK {}``; and the
    software the server names."""
    url = query_url or _beside(store, 0)
    if url is None:
        raise PushFailed(
            store.url, "no query endpoint known beside it: give `query_url`, to check what the server holds"
        )
    endpoint = replace(store, url=url)
    body = urlencode([("query", "ASK {}")]).encode()
    reply = endpoint.request("POST", (), body, "application/x-www-form-urlencoded", "application/sparql-results+json")
    return endpoint, reply.server


def _update_endpoint(store: Endpoint, update_url: str | None) -> Endpoint | None:
    """The update endpoint given (it must work), or the one found beside *store*, or None."""
    url = update_url or _beside(store, 1)
    if url is None:
        return None
    endpoint = replace(store, url=url)
    try:
        endpoint.update(f"DROP SILENT GRAPH <{STAGING_BASE}probe>")
    except EndpointFailed:
        if update_url is not None:
            raise
        return None
    return endpoint


def _holds_any(query: Endpoint, targets: list[URIRef]) -> bool:
    """Whether the server holds a triple in its default graph, in one of *targets* or a version."""
    import json

    values = " ".join(f"<{g}>" for g in [*targets, PUSH_META])
    text = f"ASK {{ {{ ?s ?p ?o }} UNION {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} }}"
    body, _ = query.query(text, "application/sparql-results+json")
    return bool(json.loads(body).get("boolean"))


def _clear(staged: list[_Staged]) -> str:
    """The update that empties the graphs a bulk push fills (and the version)."""
    steps = [f"DROP SILENT GRAPH <{file.target}>" for file in staged]
    return " ;\n".join([*steps, "CLEAR SILENT DEFAULT", f"DROP SILENT GRAPH <{PUSH_META}>"])


def _union_default_graph(store: Endpoint, query: Endpoint, probe: URIRef, update: Endpoint | None) -> bool:
    """Whether the server's default graph is the union of its named graphs (Virtuoso's is): a
    triple put in a graph of its own is asked for in the default graph, then removed."""
    triple = f'<{probe}> <{AG.pushedAt}> "probe" .\n'.encode()
    store.request("PUT", [("graph", str(probe))], triple, "application/n-triples")
    try:
        body, _ = query.query(f"ASK {{ <{probe}> ?p ?o }}", "application/sparql-results+json")
    finally:
        if update is not None:
            update.update(f"DROP SILENT GRAPH <{probe}>")
        else:
            store.request("DELETE", [("graph", str(probe))])
    import json

    return bool(json.loads(body).get("boolean"))


class _CountingReader:
    """A binary file that counts the bytes read from it, for the progress bar."""

    def __init__(self, handle: IO[bytes], seen: Callable[[int], None]) -> None:
        self.handle = handle
        self.seen = seen

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.seen(len(data))
        return data


class _Sender:
    """The Graph Store requests of a push, sent one at a time by a thread of their own, in order,
    while the next batch is parsed: the server loads one batch as the client prepares the next.
    At most one request waits, so memory holds two batches at most."""

    def __init__(self, store: Endpoint) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="actorgraph-push")
        self.pending: Any = None

    def __enter__(self) -> _Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def request(self, method: str, params: list[tuple[str, str]], body: bytes, content_type: str) -> None:
        self.wait()
        self.pending = self.pool.submit(self.store.request, method, params, body, content_type)

    def wait(self) -> None:
        """Wait for the request sent last; its failure is raised here."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()


def _send_file(
    store: _Sender, file: _Staged, first: dict[URIRef, bool], digest: _Digest, done: int, total: int,
    progress: Progress | None, bulk: list[tuple[str, str]], dataset: bool,
) -> int:  # fmt: skip
    """Stream one file to its staging graph (and the default graph, when pushing in place);
    returns the bytes read so far."""
    import pyoxigraph as ox

    from actorgraph.store import _ox_format

    refuse_unsafe(file.source)
    read = [done]

    def seen(count: int) -> None:
        read[0] += count
        if progress is not None:
            progress(min(read[0], total), total)

    targets = [file.staging] + [DEFAULT] * (DEFAULT in first)
    with open(file.source, "rb") as handle:
        quads = ox.parse(_CountingReader(handle, seen), _ox_format(file.source),  # type: ignore[arg-type]
                         base_iri=file.source.resolve().as_uri())  # fmt: skip
        held: list[bytes] = []
        names: dict[bytes, bytes] = {}
        prefix = _label_prefix(file.target)
        for batch in _batches(quads):
            lines = _lines(batch)
            _send_batch(store, targets, first, _without_blank_nodes(lines, held, names, prefix), digest, bulk, dataset)
        if held or first[file.staging]:  # blank nodes last, in one request; an empty file still replaces
            _send_batch(store, targets, first, held, digest, bulk, dataset)
    return read[0]


def _label_prefix(graph: URIRef) -> str:
    return "f" + hashlib.sha256(str(graph).encode()).hexdigest()[:12]


#: A blank node as an N-Triples line's subject or object (a literal ends in a quote, never so).
_BLANK = re.compile(rb'^_:([^\s"<>]+)|(?<= )_:([^\s"<>]+)(?= \.$)')


def _lines(body: bytes) -> list[bytes]:
    return body.rstrip(b"\n").split(b"\n")


def _without_blank_nodes(lines: list[bytes], held: list[bytes], names: dict[bytes, bytes], prefix: str) -> list[bytes]:
    """N-Triples *lines* without those that have a blank node, which go to *held* instead, their
    blank nodes named *prefix* and their order of appearance in the file (*names*): the same file
    gives the same labels (and the same digest) every time, and no two files share one. On the
    text, not on parsed terms: a loop over a million terms in Python would cost more than the
    server's load."""

    def named(match: re.Match[bytes]) -> bytes:
        label = match.group(1) or match.group(2)
        return b"_:" + names.setdefault(label, f"{prefix}b{len(names)}".encode())

    plain = []
    for line in lines:
        if b"_:" in line and _BLANK.search(line):
            held.append(_BLANK.sub(named, line))
        else:
            plain.append(line)
    return plain


def _batches(quads: Iterator[Any]) -> Iterator[bytes]:
    """*quads* as N-Triples, :data:`BATCH_TRIPLES` lines at a time (no list of terms in memory)."""
    import pyoxigraph as ox

    while batch := ox.serialize(itertools.islice(quads, BATCH_TRIPLES), format=ox.RdfFormat.N_TRIPLES):
        yield batch


def _send_batch(
    store: _Sender, targets: list[URIRef], first: dict[URIRef, bool], lines: list[bytes], digest: _Digest,
    bulk: list[tuple[str, str]], dataset: bool,
) -> None:  # fmt: skip
    """One batch to each target: the first request to a graph replaces it (PUT), the others add
    to it (POST); a new staging graph loaded in bulk (*bulk*: Oxigraph's parameter) only adds.
    With *dataset* (empty graphs, Oxigraph), one bulk request of N-Quads fills every target."""
    body = b"\n".join(lines) + b"\n" if lines else b""
    if lines:
        digest.add(lines)  # sorted in place: the order a server receives them in does not matter
    if dataset:
        if lines:
            quads = b"".join(_in_graph(lines, target) for target in targets)
            store.request("POST", bulk, quads, "application/n-quads")
        return
    for target in targets:
        graph = [("default", "")] if target == DEFAULT else [("graph", str(target))]
        method = "PUT" if first[target] and not bulk else "POST"
        store.request(method, [*graph, *bulk], body, "application/n-triples")
        first[target] = False


def _in_graph(lines: list[bytes], graph: URIRef) -> bytes:
    """N-Triples *lines* as N-Quads lines in *graph* (the default graph: as they are)."""
    if graph == DEFAULT:
        return b"\n".join(lines) + b"\n"
    name = f" <{graph}> .\n".encode()
    return b"".join(line[:-2] + name for line in lines)  # each line ends " ."


def _held(query: Endpoint, graphs: list[URIRef], default: bool) -> list[int]:
    """The distinct triples the server holds in *graphs*, then in its default graph when it was
    written with them (*default*): each must be the count sent."""
    held = [_distinct_count(query, graphs)]
    if default:
        body, _ = query.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json")
        held.append(_count(body))
    return held


def _distinct_count(query: Endpoint, graphs: list[URIRef]) -> int:
    """The distinct triples the server holds in *graphs* together."""
    values = " ".join(f"<{g}>" for g in graphs)
    inner = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ {inner} }}"
    body, _ = query.query(text, "application/sparql-results+json")
    return _count(body)


def _count(body: bytes) -> int:
    """The ``?n`` of a JSON result of one row."""
    import json

    (row,) = json.loads(body)["results"]["bindings"]
    return int(row["n"]["value"])


def _version(digest: str, count: int) -> str:
    """The version triples, as N-Triples."""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    terms = [(AG.contentDigest, Literal(digest)), (AG.tripleCount, Literal(count)),
             (AG.pushedAt, Literal(now, datatype=URIRef("http://www.w3.org/2001/XMLSchema#dateTime")))]  # fmt: skip
    return "".join(f"<{PUSH_META}> <{p}> {o.n3()} .\n" for p, o in terms)


def _switch(staged: list[_Staged], union: bool, version: str) -> str:
    """The one update that puts the staged graphs in place and writes the version."""
    # COPY, not MOVE: dropping the staging graphs (deleting is an engine's slowest write) waits
    # for the next update, after the switch (:func:`_cleanup`).
    steps = [f"COPY SILENT GRAPH <{file.staging}> TO GRAPH <{file.target}>" for file in staged]
    if not union:
        steps.append("CLEAR SILENT DEFAULT")
        steps += [f"ADD SILENT GRAPH <{file.target}> TO DEFAULT" for file in staged]
    return " ;\n".join(steps + _version_steps(version))


def _version_steps(version: str) -> list[str]:
    """The updates that replace the version."""
    return [f"DROP SILENT GRAPH <{PUSH_META}>", f"INSERT DATA {{ GRAPH <{PUSH_META}> {{ {version} }} }}"]


def _cleanup(staged: list[_Staged]) -> str:
    """The update that drops the staging graphs, once the switch is done."""
    return " ;\n".join(f"DROP SILENT GRAPH <{file.staging}>" for file in staged)


class _ServerQuads:
    """The staged graphs on the server, as :class:`actorgraph.merged_view.Quads`: the merge
    decisions read and applied there (each change is one small update). With *mirror* (the
    default graph was loaded with the files' graphs), each change is made there too: a triple
    leaves the default graph when no file's graph holds it any more."""

    def __init__(self, query: Endpoint, update: Endpoint | None, staged: list[_Staged], mirror: bool = False) -> None:
        self.query = query
        self.update = update
        self.graphs = [file.staging for file in staged]
        self.mirror = mirror

    def matching(
        self, subject: Node | None = None, predicate: Node | None = None, obj: Node | None = None
    ) -> list[merged_view.Quad]:
        import json

        from actorgraph.sparql import _from_json

        terms = [t.n3() if t is not None else f"?{name}" for t, name in ((subject, "s"), (predicate, "p"), (obj, "o"))]
        values = " ".join(f"<{g}>" for g in self.graphs)
        text = f"SELECT * WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ {' '.join(terms)} }} }}"
        body, _ = self.query.query(text, "application/sparql-results+json")
        found: list[merged_view.Quad] = []
        for row in json.loads(body)["results"]["bindings"]:
            s, p, o = (term if term is not None else _from_json(row[name]) for term, name in
                       ((subject, "s"), (predicate, "p"), (obj, "o")))  # fmt: skip
            found.append((s, p, o, URIRef(row["g"]["value"])))  # type: ignore[arg-type]
        return found

    def add(self, quad: merged_view.Quad) -> None:
        self._change("INSERT", quad)

    def remove(self, quad: merged_view.Quad) -> None:
        self._change("DELETE", quad)

    def _change(self, how: str, quad: merged_view.Quad) -> None:
        assert self.update is not None
        s, p, o, graph = quad
        triple = f"{s.n3()} {p.n3()} {o.n3()}"
        steps = [f"{how} DATA {{ GRAPH <{graph}> {{ {triple} }} }}"]
        if self.mirror and how == "INSERT":
            steps.append(f"INSERT DATA {{ {triple} }}")
        elif self.mirror:
            values = " ".join(f"<{g}>" for g in self.graphs)
            steps.append(f"DELETE {{ {triple} }} WHERE {{ {triple} "
                         f"FILTER NOT EXISTS {{ VALUES ?g {{ {values} }} GRAPH ?g {{ {triple} }} }} }}")  # fmt: skip
        self.update.update(" ;\n".join(steps))
