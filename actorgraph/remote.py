"""A graph on a SPARQL server (``--store sparql:URL``), read by queries that ask the server for
what a command needs and no more.

The server does the counting: the actor network comes from one aggregate query (per subject,
relation and object: how many current claims, their first and last dates, Goldstein total,
how many are machine-coded), the summary of ``info`` from two, the actors' names from one. The
claims of one actor, of a few edges or of a relation are read with one selective query that
returns their statements and those of what they name (ends, sources, disputes, earlier versions,
places), into a small local graph that the library's own readers (``claims.list_claims``) read
as they read any graph, so the answers are those of the other stores.

What is built is cached on disk like a local graph's, keyed by the server's content
(:attr:`Server.key`): the version ``push`` writes in the graph ``<https://w3id.org/actorgraph/meta>``
(a digest of what was pushed), read with one small query; on a server loaded some other way, the
count of its triples (slower to check, and blind to a change that keeps the count).

Every query is plain SPARQL 1.1 (subqueries, aggregates, ``VALUES``, property paths) on the
server's default graph.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import SupportsIndex, TypeVar

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from actorgraph import store
from actorgraph.actors import Actor, list_actors
from actorgraph.claims import Claim, ClaimPages, list_claims, page_claims
from actorgraph.dates import PartialDate
from actorgraph.event_facts import DATASETS, GEO, EventFacts
from actorgraph.namespace import AG, PUSH_META
from actorgraph.network import AGGREGATES, EdgeColumns, Projection, Span, relation_attributes
from actorgraph.store import VOCABULARY_GRAPH
from actorgraph.summary import SourceSummary, Summary, ordered_counts
from actorgraph.text import fold
from actorgraph.vocabulary import Vocabulary, local_name

T = TypeVar("T")


def _column(predicate: URIRef, value: str) -> str:
    """One property of every claim, as a pattern the server evaluates on its own. Joined on ?c,
    such columns make Oxigraph join whole columns by hashing, three to five times faster at
    70,000 claims than looking each claim's properties up one by one."""
    return f"{{ SELECT ?c {value} WHERE {{ ?c <{predicate}> {value} }} }}"


#: A claim of the graph, as ``claims.list_claims`` keeps them by default: typed, with an IRI for
#: subject, relation and object, not deprecated, not proposed.
_CURRENT_CLAIM = f"""
    {_column(RDF.subject, "?s")} {_column(RDF.predicate, "?p")} {_column(RDF.object, "?o")}
    {{ SELECT ?c WHERE {{ ?c a <{AG.Claim}> }} }}
    MINUS {{ ?c <{AG.rank}> <{AG.DeprecatedRank}> }}
    MINUS {{ ?c <{AG.status}> <{AG.Proposed}> }}
    FILTER(isIRI(?c) && isIRI(?s) && isIRI(?p) && isIRI(?o))"""


def _optional(predicate: URIRef, value: str) -> str:
    return f"OPTIONAL {_column(predicate, value)}"


class Server:
    """The SPARQL endpoint a graph lives on: its queries, and the key of its content."""

    def __init__(self, dataset: Dataset, url: str) -> None:
        self.dataset, self.url = dataset, url

    def select(self, query: str) -> list[tuple[Node | None, ...]]:
        """The rows of one SELECT query, each a tuple in the order of its variables.

        Sent through the graph's endpoint (its URL and parameters, login, time limit), and read
        here: rdflib's reader of JSON results takes some 15 s for 50,000 rows, this one 1 s."""
        answer = json.loads(self._post(query))
        names = answer["head"]["vars"]
        # One object per term: a claim's IRI comes in every row of its statements, and rdflib's
        # stores compare equal terms by identity first (half the time of reading 50,000 rows).
        terms: dict[tuple[str, str, str | None, str | None], Node] = {}

        def term(cell: dict[str, str]) -> Node:
            key = (cell["type"], cell["value"], cell.get("datatype"), cell.get("xml:lang"))
            found = terms.get(key)
            if found is None:
                found = terms[key] = _term(cell)
            return found

        rows = answer["results"]["bindings"]
        return [tuple(term(row[name]) if name in row else None for name in names) for row in rows]

    def _post(self, query: str) -> bytes:
        body, _ = store.endpoint_of(self.dataset).query(query, "application/sparql-results+json")
        return body  # type: ignore[no-any-return]

    @functools.cached_property
    def _meta(self) -> tuple[Node | None, Node | None]:
        found = self.select(
            f"SELECT ?digest ?count WHERE {{ GRAPH <{PUSH_META}> {{ <{PUSH_META}> <{AG.contentDigest}> ?digest "
            f"OPTIONAL {{ <{PUSH_META}> <{AG.tripleCount}> ?count }} }} }}"
        )
        return found[0] if found else (None, None)  # type: ignore[return-value]

    @functools.cached_property
    def triples(self) -> int:
        """The triples of the default graph: as ``push`` recorded them, else counted."""
        recorded = self._meta[1]
        if recorded is not None:
            return int(recorded)  # type: ignore[call-overload]
        ((count,),) = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(count)  # type: ignore[call-overload]

    @functools.cached_property
    def key(self) -> str:
        """What names the server's content in the cache: the digest ``push`` recorded, else the
        count of its triples; with actorgraph's version and the endpoint's URL."""
        from actorgraph import __version__

        digest = self._meta[0]
        version = f"digest {digest}" if digest is not None else f"count {self.triples}"
        return hashlib.sha256(f"{__version__}\0{self.url}\0{version}".encode()).hexdigest()


def _term(cell: dict[str, str]) -> Node:
    """An RDF term from a cell of SPARQL's JSON results."""
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    return Literal(value, datatype=URIRef(cell["datatype"]) if "datatype" in cell else None)


def _iri(node: str) -> str:
    """*node* written in a query; ``n3`` refuses an IRI that could end the term early."""
    return URIRef(node).n3()


def _graph(rows: Iterable[tuple[Node | None, ...]]) -> Graph:
    # rdflib's store without named graphs, which these graphs do not have: the 50,000 statements
    # of Iran's claims are added in less than half the time, and read back in half.
    graph = Graph(store="SimpleMemory")
    for row in rows:
        graph.add(row)  # type: ignore[arg-type]
    return graph


def vocabulary(server: Server) -> Vocabulary:
    """The vocabulary as the server holds it (its named graph, as ``push`` writes it)."""
    return Vocabulary.from_graph(
        _graph(server.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{VOCABULARY_GRAPH}> {{ ?s ?p ?o }} }}"))
    )


def actors(server: Server, vocabulary: Vocabulary) -> list[Actor]:
    """Every actor, by label, as ``actors.list_actors`` reads them: one query for their classes,
    labels, aliases and comments."""
    classes = " ".join(_iri(t.iri) for t in vocabulary.actor_types.values())
    shown = ", ".join(_iri(p) for p in (RDF.type, RDFS.label, RDFS.comment, SKOS.altLabel))
    rows = server.select(  # the predicates a filter, as in _about
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?class {{ {classes} }} ?s a ?class . "
        f"?s ?p ?o FILTER(?p IN ({shown})) }}"
    )
    return list_actors(_graph(rows), vocabulary=vocabulary)


def of_type(every_actor: Sequence[Actor], vocabulary: Vocabulary, type: str | None) -> list[Actor]:
    """The actors of class *type* or one below it (all when None), as ``actors.list_actors`` keeps them."""
    if type is None:
        return list(every_actor)
    wanted = set(vocabulary.subtypes(vocabulary.actor_type(type).name))
    return [actor for actor in every_actor if actor.type in wanted]


def linked_actors(server: Server) -> set[str]:
    """The resources a claim that is not retracted is about, as subject or object
    (``actors.without_claims``)."""
    rows = server.select(
        f"SELECT DISTINCT ?a WHERE {{ ?c <{RDF.subject}>|<{RDF.object}> ?a "
        f"FILTER NOT EXISTS {{ ?c <{AG.rank}> <{AG.DeprecatedRank}> }} }}"
    )
    return {str(a) for (a,) in rows}


def claims_graph(server: Server, selection: str, records: list[tuple[Node | None, ...]] | None = None) -> Graph:
    """The statements of the claims *selection* binds to ``?c`` (its other variables named other
    than ``?p ?o``), and what reading them needs: every dispute and every link between versions
    (a graph holds few: they are written by hand), and the names, classes, dates and points of
    what these name. Three queries, each starting from what it names, so that no server
    evaluates a branch for every node of its graph first."""
    rows = server.select(f"SELECT DISTINCT ?c ?p ?o WHERE {{ {selection} ?c ?p ?o }}")
    rows += disputes_and_versions(server) if records is None else records
    graph = _graph(rows)
    named = sorted({str(o) for _, _, o in rows if isinstance(o, URIRef)})
    shown = (RDFS.label, DCTERMS.title, DCTERMS.date, RDF.type, GEO.asWKT)
    for start in range(0, len(named), _BATCH):
        for row in server.select(_about(named[start : start + _BATCH], shown)):
            graph.add(row)  # type: ignore[arg-type]
    return graph


def _about(iris: Iterable[str], predicates: Iterable[URIRef]) -> str:
    """The query of the statements of *predicates* about *iris*. The predicates are a filter, not a
    second ``VALUES``: Oxigraph joins two ``VALUES`` blocks before it looks anything up (3.8 s for
    430 resources against 0.1 s)."""
    values = " ".join(_iri(iri) for iri in iris)
    wanted = ", ".join(_iri(p) for p in predicates)
    return f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o FILTER(?p IN ({wanted})) }}"


#: Resources named in one query.
_BATCH = 2000


def disputes_and_versions(server: Server) -> list[tuple[Node | None, ...]]:
    """The statements of every dispute, and every link from a version of a claim to the next."""
    later, disputed = _iri(AG.supersededBy), _iri(AG.disputedClaim)
    return server.select(
        f"SELECT ?s ?p ?o WHERE {{ {{ ?s {later} ?o BIND({later} AS ?p) }} UNION "
        f"{{ ?s {disputed} ?claim . ?s ?p ?o }} }}"
    )


def claims(
    server: Server,
    vocabulary: Vocabulary,
    actor: Actor | None = None,
    relation: str | None = None,
    include_deprecated: bool = False,
    status: str | None = None,
    include_proposed: bool = False,
) -> list[Claim]:
    """``claims.list_claims`` of the server, reading only the claims of *actor* and of *relation*
    (and those below it) when given."""
    parts = []
    if actor is not None:
        parts.append(f"{{ ?c <{RDF.subject}> {_iri(actor.iri)} }} UNION {{ ?c <{RDF.object}> {_iri(actor.iri)} }}")
    if relation is not None:
        names = vocabulary.descendants(vocabulary.relation(relation).name)
        iris = " ".join(_iri(vocabulary.relations[name].iri) for name in names if name in vocabulary.relations)
        parts.append(f"?c <{RDF.predicate}> ?rel VALUES ?rel {{ {iris} }}")
    # Joined as a pattern, the class of the claims makes Oxigraph go through all of them (2.9 s
    # for Iran's 3,800 of 72,826); as a test on the few selected, 0.2 s.
    parts.append(f"FILTER EXISTS {{ ?c a <{AG.Claim}> }}" if parts else f"?c a <{AG.Claim}> .")
    local = claims_graph(server, " ".join(parts))
    return list_claims(local, actor, relation, vocabulary, include_deprecated, status, include_proposed)


def claim_pages(server: Server, vocabulary: Vocabulary, actor: Actor, limit: int, offset: int) -> ClaimPages:
    """The page of *actor*'s claims out and the page in that ``Graph.show(limit=...)`` lists
    (``claims.page_claims``): chosen (``newest_first``) and counted by the server in two
    queries, then only their statements read. A hub's thousands of claims stay on the server."""
    me = _iri(actor.iri)
    current = (
        f"FILTER EXISTS {{ ?c a <{AG.Claim}> }} "
        f"FILTER NOT EXISTS {{ ?c <{AG.rank}> <{AG.DeprecatedRank}> }} "
        f"FILTER NOT EXISTS {{ ?c <{AG.status}> <{AG.Proposed}> }}"
    )
    ways = {
        "out": f"?c <{RDF.subject}> {me} . {current}",
        "in": f"?c <{RDF.object}> {me} . FILTER NOT EXISTS {{ ?c <{RDF.subject}> {me} }} {current}",
    }
    counts = server.select(
        "SELECT ?way (COUNT(DISTINCT ?c) AS ?n) WHERE { "
        + " UNION ".join(f'{{ {pattern} BIND("{way}" AS ?way) }}' for way, pattern in ways.items())
        + " } GROUP BY ?way"
    )
    totals = {str(way): int(n) for way, n in counts}  # type: ignore[call-overload]
    # newest_first on the server: by the date (else start) as written, newest first, undated last, then IRI
    written = 'COALESCE(STR(?date), STR(?start), "")'
    pages = " UNION ".join(
        f"{{ SELECT ?c (MAX({written}) AS ?day) WHERE {{ {pattern} "
        f"OPTIONAL {{ ?c <{AG.date}> ?date }} OPTIONAL {{ ?c <{AG.start}> ?start }} }} "
        f"GROUP BY ?c ORDER BY DESC(?day) STR(?c) LIMIT {limit} OFFSET {offset} }}"
        for way, pattern in ways.items()
        if totals.get(way, 0) > offset
    )
    chosen = [str(c) for (c,) in server.select(f"SELECT ?c WHERE {{ {pages} }}")] if pages else []
    read = []
    if chosen:
        local = claims_graph(server, f"VALUES ?c {{ {' '.join(_iri(c) for c in chosen)} }}")
        read = list_claims(local, actor, vocabulary=vocabulary)
    return page_claims(actor.iri, read, (totals.get("out", 0), totals.get("in", 0)), offset)


def summarize(server: Server, vocabulary: Vocabulary, every_actor: Sequence[Actor]) -> Summary:
    """What ``summary.summarize`` counts, counted by the server: claims by relation and source in
    one aggregate query, the sources in another."""
    counted = server.select(
        f"SELECT ?p ?src (COUNT(?c) AS ?n) WHERE {{ {_CURRENT_CLAIM} {_optional(AG.source, '?src')} }} GROUP BY ?p ?src"
    )
    by_relation: Counter[str] = Counter()
    by_source: Counter[str | None] = Counter()
    for predicate, source, count in counted:
        by_relation[local_name(predicate)] += int(count)  # type: ignore[arg-type, call-overload]
        by_source[str(source) if isinstance(source, URIRef) else None] += int(count)  # type: ignore[call-overload]
    rows = server.select(
        f"SELECT ?src ?label ?title ?date WHERE {{ ?src a <{AG.Source}> FILTER(isIRI(?src)) "
        f"OPTIONAL {{ ?src <{RDFS.label}> ?label }} OPTIONAL {{ ?src <{DCTERMS.title}> ?title }} "
        f"OPTIONAL {{ ?src <{DCTERMS.date}> ?date }} }}"
    )
    described: dict[str, tuple[Node | None, ...]] = {}
    for iri, *values in rows:
        described.setdefault(str(iri), tuple(values))
    sources = [
        SourceSummary(iri=iri, label=str(label or title or iri), date=str(date or "") or None, claims=by_source[iri])
        for iri, (label, title, date) in sorted(described.items())
    ]
    return Summary(
        actors_by_type=ordered_counts(Counter(a.type for a in every_actor)),
        claims_by_relation=ordered_counts(by_relation),
        sources=sources,
        triples=server.triples,
        vocabulary_triples=None,
        files=None,
    )


# --- the actor network ---------------------------------------------------------------------------

#: Per subject, relation and object: how many current claims.
_EDGES = f"SELECT ?s ?p ?o (COUNT(?c) AS ?n) WHERE {{ {_CURRENT_CLAIM} }} GROUP BY ?s ?p ?o"

#: Per subject, relation and object: how many claims are machine-coded, the Goldstein scores' sum
#: and count, and the least and greatest of their dates, starts and ends.
_TOTALS = f"""SELECT ?s ?p ?o (COUNT(?machine) AS ?m) (SUM(?g) AS ?gsum) (COUNT(?g) AS ?gn)
    (MIN(STR(?day)) AS ?d0) (MAX(STR(?day)) AS ?d1) (MIN(STR(?start)) AS ?s0) (MAX(STR(?start)) AS ?s1)
    (MIN(STR(?end)) AS ?e0) (MAX(STR(?end)) AS ?e1)
  WHERE {{ {_CURRENT_CLAIM}
    OPTIONAL {{ SELECT ?c ?machine WHERE {{ ?c <{AG.origin}> <{AG.MachineCoded}> BIND(?c AS ?machine) }} }}
    {_optional(AG.goldstein, "?g")} {_optional(AG.date, "?day")} {_optional(AG.start, "?start")}
    {_optional(AG.end, "?end")}
  }} GROUP BY ?s ?p ?o"""


def projection(server: Server, vocabulary: Vocabulary, every_actor: Sequence[Actor]) -> Projection:
    """The actor network from one aggregate query: its edges with how many claims each; their
    totals, their spans and their claims are read from the server when asked for
    (:class:`ServerEdges`)."""
    from actorgraph.network import ActorColumns

    rows = server.select(_EDGES)
    columns = ActorColumns.of(every_actor)
    names = _names(server, {str(end) for row in rows for end in (row[0], row[2])} - set(columns.position))
    label = {**{iri: columns.labels[i] for iri, i in columns.position.items()}, **names}

    def order(row: tuple[Node | None, ...]) -> tuple[str, ...]:  # as list_claims orders the claims
        s, p, o = (str(term) for term in row[:3])
        return fold(label[s]), local_name(p), fold(label[o]), s, o

    keys: list[tuple[int, int, str]] = []
    counts: list[int] = []
    attributes: dict[str, dict[str, object]] = {}
    for s, p, o, count in sorted(rows, key=order):
        name = local_name(p)  # type: ignore[arg-type]
        attributes.setdefault(name, relation_attributes(name, str(p), vocabulary))
        keys.append((columns.add(str(s), label[str(s)]), columns.add(str(o), label[str(o)]), name))
        counts.append(int(count))  # type: ignore[call-overload]
    no_claims = [0] * (len(keys) + 1)
    edges = EdgeColumns.of_keys(keys, attributes, b"", no_claims, counts, [], None, None, len(columns.iris))
    return Projection(columns, ServerEdges.adopt(edges), vocabulary)


def _names(server: Server, iris: set[str]) -> dict[str, str]:
    """The names claims give the ends that are not actors: label, else title, else local name."""
    if not iris:
        return {}
    rows = server.select(_about(sorted(iris), (RDFS.label, DCTERMS.title)))
    found = {iri: local_name(URIRef(iri)) for iri in iris}
    for s, _, o in sorted(rows, key=lambda row: row[1] == RDFS.label):  # a label wins over a title
        found[str(s)] = str(o)
    return found


def _totals(count: int, machine: int, gsum: Node | None, gcount: int, days: list[Node | None]) -> tuple[object, ...]:
    """An edge's ``network.aggregate`` from the server's sums and bounds."""
    written = sorted(PartialDate.parse(str(day)[:10]) for day in days if day is not None)
    values = {
        "count": count,
        "first": str(written[0]) if written else None,
        "last": str(written[-1]) if written else None,
        "goldstein": round(float(str(gsum)) / gcount, 3) if gcount and gsum is not None else None,
        "machine_coded": machine,
        "curated": count - machine,
    }
    return tuple(values[name] for name in AGGREGATES)


class ServerEdges(EdgeColumns):
    """Edge columns whose claims stay on the server: an edge's claims are read when first asked
    for; the totals the analyses put on edges and the spans a filtered path search needs, each
    with one query when first asked for (and then cached with the server's key).

    ``reader`` is set where the projection is used (:func:`attach`): it is not cached with it.
    """

    reader: ClaimReader | None = None

    @classmethod
    def adopt(cls, edges: EdgeColumns) -> ServerEdges:
        adopted = cls.__new__(cls)
        adopted.__dict__.update(edges.__dict__)
        return adopted

    def claims(self, edge: int) -> Sequence[Claim]:  # type: ignore[override]
        return _EdgeClaims(self, edge)

    @property
    def spans(self) -> list[tuple[Span, ...]]:
        return self._reader().spans()

    @property
    def totals(self) -> list[tuple[object, ...]]:
        return self._reader().totals()

    @property
    def origins(self) -> list[str]:  # type: ignore[override]
        return self._reader().origins()

    def _reader(self) -> ClaimReader:
        if self.reader is None:
            raise RuntimeError("the claims of a server's network are read through remote.attach")
        return self.reader

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[object, tuple[object, ...]]:
        return (_rebuilt, (EdgeColumns.__reduce_ex__(self, protocol),))


def _rebuilt(reduced: tuple[object, tuple[object, ...]]) -> ServerEdges:
    make, arguments = reduced
    return ServerEdges.adopt(make(*arguments))  # type: ignore[operator]


class _EdgeClaims(Sequence[Claim]):
    """One edge's claims: how many is known; the claims are read from the server when first used."""

    __slots__ = ("_edge", "_edges")

    def __init__(self, edges: ServerEdges, edge: int) -> None:
        self._edges, self._edge = edges, edge

    def __len__(self) -> int:
        return self._edges.counts[self._edge]

    def _claims(self) -> list[Claim]:
        return self._edges._reader().edge(self._edge)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._claims()[index]

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._claims())


class ClaimReader:
    """Reads edges' claims from the server. The first edges are read pair by pair (a path's hop
    and the edges between the same two actors, which its evidence shows too); when many more are
    asked for, the edges that follow are read with them, a batch per query (an analysis going
    through every edge: ``--as-of``)."""

    SINGLE = 32  # reads of one pair of actors before reading ahead: a path's hops
    BATCH_CLAIMS = 2000  # claims per query when reading ahead

    def __init__(self, server: Server, projection: Projection, refresh: bool = False) -> None:
        self.server, self.projection, self.refresh = server, projection, refresh
        self._read: dict[int, list[Claim]] = {}
        self.queries = 0

    def edge(self, edge: int) -> list[Claim]:
        if edge not in self._read:
            self._load(self._batch(edge))
        return self._read[edge]

    def _between(self, u: int, v: int) -> list[int]:
        """The edges between actors *u* and *v*, either way: a scan for the pair asked for costs
        less than indexing every pair of 34,501 edges (0.17 s) for a path's few hops."""
        edges = self.projection.edges
        ends = zip(edges.subjects, edges.objects, strict=True)
        return [e for e, (a, b) in enumerate(ends) if (a == u and b == v) or (a == v and b == u)]

    def _batch(self, edge: int) -> list[int]:
        edges = self.projection.edges
        if self.queries < self.SINGLE:  # a hop: with the edges beside it, which its evidence names too
            u, v = edges.subjects[edge], edges.objects[edge]
            return [edge, *(e for e in self._between(u, v) if e != edge and e not in self._read)]
        batch, claims = [edge], edges.counts[edge]
        for following in range(edge + 1, len(edges)):
            if claims + edges.counts[following] > self.BATCH_CLAIMS:
                break
            if following not in self._read:
                batch.append(following)
                claims += edges.counts[following]
        return batch

    def _load(self, batch: list[int]) -> None:
        self.queries += 1
        edges, iris = self.projection.edges, self.projection.actors.iris
        wanted = {}
        for e in batch:
            relation_iri = str(edges.attributes[edges.relations[e]]["relation_iri"])
            wanted[(iris[edges.subjects[e]], relation_iri, iris[edges.objects[e]])] = e
            self._read[e] = []
        # The pairs of ends, then a filter on the relations: Oxigraph looks a VALUES of whole
        # triples up seven times slower (0.70 s against 0.09 s for a hop of 15 edges at ICEWS14).
        # What this selects beyond the edges asked for (another pair's relation) is left out below.
        pairs = " ".join(sorted({f"({_iri(s)} {_iri(o)})" for s, _, o in wanted}))
        relations = ", ".join(sorted({_iri(p) for _, p, _ in wanted}))
        selection = (
            f"VALUES (?es ?eo) {{ {pairs} }} ?c <{RDF.subject}> ?es . ?c <{RDF.object}> ?eo . "
            f"?c <{RDF.predicate}> ?ep FILTER(?ep IN ({relations}))"
        )
        local = claims_graph(self.server, selection, self._records)
        for claim in list_claims(local, vocabulary=self.projection.vocabulary):
            found = wanted.get((str(claim.subject_iri), str(claim.predicate_iri), str(claim.object_iri)))
            if found is not None:
                self._read[found].append(claim)

    @functools.cached_property
    def _records(self) -> list[tuple[Node | None, ...]]:
        """The disputes and versions, read once for every edge this reader reads."""
        return disputes_and_versions(self.server)

    @functools.cache  # noqa: B019 (one reader per projection, kept as long as it)
    def spans(self) -> list[tuple[Span, ...]]:
        """Every edge's spans (``network._span`` of each claim), from one query that returns a
        row per current claim: only its dates, rating and whether it is disputed."""
        return self._cached("spans", self._read_spans)

    @functools.cache  # noqa: B019
    def origins(self) -> list[str]:
        """Every edge's origins, as ``EdgeColumns.origins`` names them, from its spans."""
        return [sys.intern(" ".join(sorted({span[5] for span in spans}))) for spans in self.spans()]

    @functools.cache  # noqa: B019
    def totals(self) -> list[tuple[object, ...]]:
        """Every edge's ``network.aggregate``, from one aggregate query."""
        return self._cached("totals", self._read_totals)

    def _cached(self, kind: str, build: Callable[[], list[T]]) -> list[T]:
        from actorgraph.cache import FORMAT, cached_value

        what = f"reading the network's {kind} from the server"
        return cached_value(self.server.key, f"{kind}-v{FORMAT}", list, build, what, self.refresh)

    def _edge_index(self) -> dict[tuple[str, str, str], int]:
        edges, iris = self.projection.edges, self.projection.actors.iris
        return {(iris[edges.subjects[e]], iris[edges.objects[e]], edges.relations[e]): e for e in range(len(edges))}

    def _read_totals(self) -> list[tuple[object, ...]]:
        index, counts = self._edge_index(), self.projection.edges.counts
        found: list[tuple[object, ...]] = [_totals(count, 0, None, 0, []) for count in counts]
        for s, p, o, machine, gsum, gcount, *days in self.server.select(_TOTALS):
            e = index[(str(s), str(o), local_name(p))]  # type: ignore[arg-type]
            found[e] = _totals(counts[e], int(machine), gsum, int(gcount), days)  # type: ignore[call-overload]
        return found

    def _read_spans(self) -> list[tuple[Span, ...]]:
        from actorgraph.network import _span

        later = _iri(AG.supersededBy)
        rows = self.server.select(
            f"""SELECT ?s ?p ?o ?day ?start ?end ?reliability ?credibility ?reported ?disputed ?origin ?dataset ?c
            WHERE {{
            {_CURRENT_CLAIM} {_optional(AG.date, "?day")} {_optional(AG.start, "?start")} {_optional(AG.end, "?end")}
            {_optional(AG.reliability, "?reliability")} {_optional(AG.credibility, "?credibility")}
            {_optional(AG.origin, "?origin")} {_optional(AG.dataset, "?dataset")}
            OPTIONAL {{ SELECT ?c ?reported WHERE {{ ?c <{AG.source}>/<{DCTERMS.date}> ?reported }} }}
            OPTIONAL {{ SELECT ?c ?disputed WHERE {{
              {{ ?c <{AG.status}> <{AG.Disputed}> }} UNION {{ ?v {later}* ?c . ?d <{AG.disputedClaim}> ?v }}
              BIND(true AS ?disputed) }} }} }}"""
        )
        index, vocabulary = self._edge_index(), self.projection.vocabulary
        found: list[list[tuple[str, str, Span]]] = [[] for _ in range(len(self.projection.edges))]
        for s, p, o, day, start, end, reliability, credibility, reported, disputed, origin, dataset, c in rows:
            name = local_name(p)  # type: ignore[arg-type]
            relation = vocabulary.relations.get(name)
            is_state = relation is not None and relation.is_state
            claim = _span_claim(day, start, end, reliability, credibility, reported, is_state, disputed is not None)
            if origin == AG.MachineCoded:
                facts = EventFacts(dataset=DATASETS.get(dataset)) if isinstance(dataset, URIRef) else None
                claim = dataclasses.replace(claim, origin="machine-coded", event=facts)
            # In the order of the edge's claims (list_claims: date, then IRI), which _cut pairs
            # them with; the server's rows come in its storage order.
            found[index[(str(s), str(o), name)]].append((claim.when, str(c), _span(claim)))
        return [tuple(span for *_, span in sorted(spans, key=lambda row: row[:2])) for spans in found]


def _span_claim(
    day: Node | None, start: Node | None, end: Node | None, reliability: Node | None, credibility: Node | None,
    reported: Node | None, is_state: bool, disputed: bool,
) -> Claim:  # fmt: skip
    """A claim with only what ``network._span`` reads of it."""
    nothing = URIRef("")
    return Claim(
        iri=nothing, subject_iri=nothing, subject="", relation="", predicate_iri=nothing, predicate="", polarity="",
        object_iri=nothing, object="", source_iri=None, source=None, quote="",
        date=PartialDate.from_term(day), start=PartialDate.from_term(start), end=PartialDate.from_term(end),
        reliability=None if reliability is None else str(reliability),
        credibility=_number(credibility),
        reported=PartialDate.from_term(reported), is_state=is_state, status="disputed" if disputed else "verified",
    )  # fmt: skip


def _number(value: Node | None) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None  # as claims read it: validation reports a credibility that is not a number


def attach(projection: Projection, server: Server, refresh: bool = False) -> Projection:
    """Give a server's projection (built or loaded from the cache) its reader of claims; with
    *refresh*, what it reads is read again rather than taken from the cache."""
    if isinstance(projection.edges, ServerEdges):
        projection.edges.reader = ClaimReader(server, projection, refresh)
    return projection
