"""SPARQL on the curated graph: prepare a query, check it is safe, run it with a time limit.

Queries see the whole loaded dataset as their default graph (every file's named graph and
the vocabulary), and actorgraph's prefixes (``ag:``, ``actor:``, ``claim:``, ``source:``,
``rdf:``, ``rdfs:``, ``owl:``, ``skos:``, ``prov:``, ``dcterms:``, ``xsd:``) are declared for
them. A comment header may declare parameters (see :mod:`actorgraph.queries`).

Safety, checked on the parsed query before anything runs:

* the text checked is the text every engine runs: :func:`canonical` expands its ``\\u``
  escapes and makes every line end ``\\n``, so that no engine reads code where the checker
  read a comment or a string; a text is at most :data:`MAX_QUERY_BYTES` long, and a long
  one is parsed under the time limit;
* only queries run: SPARQL Update of any kind is refused (actorgraph is read-only);
* ``SERVICE`` is refused wherever it appears (in ``OPTIONAL``, ``UNION``, subqueries,
  ``EXISTS``), so a query never contacts another endpoint;
* ``FROM`` and ``FROM NAMED`` may only name a graph that is already loaded; rdflib's loading
  of unknown graphs is switched off for the whole process before rdflib evaluates anything
  (see :mod:`actorgraph.sparql_syntax`), so nothing is ever fetched;
* parameters are terms: rdflib binds them, and where they must be written into the text
  (Oxigraph, endpoints) each is a validated term and the whole text is checked again;
* a query runs in another process that cannot open a connection (a network namespace of its
  own, or a seccomp filter: :func:`actorgraph.isolation.network_guard`), whose memory is
  bounded (:func:`actorgraph.isolation.memory_limit`), and which is killed when its time runs
  out (:mod:`actorgraph.isolation`: a long-lived worker for a read-only Oxigraph store, a
  forked child per query otherwise; where ``fork`` does not exist, a thread that is abandoned
  instead).

rdflib's parser is slow (10 to 400 ms a query), so a text that passed these checks is
remembered and not parsed again unless rdflib's own engine evaluates it (see :func:`prepare`);
a text with ``SERVICE`` or ``FROM`` in it is always parsed and checked. On an Oxigraph store the
query is evaluated by Oxigraph, which writes its answer as SPARQL TSV; each distinct term
becomes an rdflib term once.

Errors are the named, one-line exceptions of :mod:`actorgraph.errors`: ``QuerySyntaxError``
(with line, column and what was expected), ``UnknownPrefix``, ``QueryRefused``,
``QueryTimeout``, ``TooManyResults``, ``QueryParameterError``, ``QueryFailed``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.term import Identifier, Node

from actorgraph import isolation
from actorgraph.errors import (
    ActorgraphError,
    QueryFailed,
    QueryParameterError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    TooManyResults,
    UnsupportedFormat,
)
from actorgraph.namespace import PREFIXES
from actorgraph.queries import NamedQuery, Parameter, QueryHeader, get_query, mask, parse_header
from actorgraph.store import from_ox, is_read_only, oxigraph_of

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

    from actorgraph.sparql_terms import TermWarning

_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
_XSD_STRING_IRI = str(_XSD_STRING)

#: Seconds a query may run before it is stopped, unless the caller says otherwise.
DEFAULT_TIMEOUT = 5.0

#: The longest query text accepted, in bytes of UTF-8 (rdflib's parser takes quadratic time).
MAX_QUERY_BYTES = 64 * 1024

#: A text longer than this (in characters) is first parsed in a child process under the time
#: limit, so that a slow parse is stopped like a slow query; shorter texts parse in milliseconds.
_PARSE_IN_CHILD_FROM = 4096

#: The kinds of query, as rdflib's algebra names them.
_KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
GRAPH_KINDS = ("CONSTRUCT", "DESCRIBE")


class _IllTypedLiterals(logging.Filter):
    """Drops rdflib's warning, with a traceback, about a literal whose text does not fit its
    datatype (``STRDT("2024-02-30", xsd:date)``): SPARQL keeps such a literal as it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_IllTypedLiterals())


# --- Output formats ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """An output format: its name, media type, and the kinds of result it can show."""

    name: str
    media_type: str
    kinds: tuple[str, ...]
    graph_media_type: str | None = None

    def media_type_for(self, kind: str) -> str:
        return self.graph_media_type if kind in GRAPH_KINDS and self.graph_media_type else self.media_type


_SOLUTIONS = ("SELECT",)
_BOOLEAN = ("SELECT", "ASK")

#: Every output format, by name. ``xml`` is SPARQL Results XML for SELECT and ASK and RDF/XML
#: for CONSTRUCT and DESCRIBE.
FORMATS: dict[str, Format] = {
    "table": Format("table", "text/plain", _BOOLEAN),
    "csv": Format("csv", "text/csv", _SOLUTIONS),
    "tsv": Format("tsv", "text/tab-separated-values", _SOLUTIONS),
    "json": Format("json", "application/sparql-results+json", _BOOLEAN),
    "xml": Format("xml", "application/sparql-results+xml", (*_BOOLEAN, *GRAPH_KINDS), "application/rdf+xml"),
    "turtle": Format("turtle", "text/turtle", GRAPH_KINDS),
    "json-ld": Format("json-ld", "application/ld+json", GRAPH_KINDS),
    "nt": Format("nt", "application/n-triples", GRAPH_KINDS),
}


def formats_for(kind: str) -> list[str]:
    """The formats that can show a result of *kind*, the default first.

    >>> formats_for("ASK")
    ['table', 'json', 'xml']
    >>> formats_for("CONSTRUCT")
    ['turtle', 'json-ld', 'nt', 'xml']
    """
    names = [name for name, fmt in FORMATS.items() if kind in fmt.kinds]
    if kind in GRAPH_KINDS:
        names.remove("xml")
        names.append("xml")
    return names


# --- Results -----------------------------------------------------------------------------------


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    elapsed: float = 0.0
    #: Terms the query names that the graph does not have (set by ``Graph.sparql``).
    warnings: list[TermWarning] = field(default_factory=list)

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows) if self.kind == "SELECT" else 1

    def values(self) -> list[tuple[str | None, ...]]:
        """The rows as plain strings (IRIs in full, literals by their lexical form)."""
        return [tuple(None if term is None else str(term) for term in row) for row in self.rows]

    def records(self) -> list[dict[str, str]]:
        """The rows as dictionaries of the bound variables, as plain strings."""
        return [
            {name: str(term) for name, term in zip(self.vars, row, strict=True) if term is not None}
            for row in self.rows
        ]

    def to_pandas(self) -> Any:
        """A SELECT result as a DataFrame, a column per variable (as plain strings; unbound: None).

        CONSTRUCT and DESCRIBE give their triples, one row each (subject, predicate, object); an
        ASK result is one boolean (``boolean``), not a table, and raises UnsupportedFormat.
        """
        from actorgraph.frames import data_frame

        if self.graph is not None:
            triples = ({"subject": str(s), "predicate": str(p), "object": str(o)} for s, p, o in self.graph)
            return data_frame(triples, ("subject", "predicate", "object"))
        if self.kind != "SELECT":
            raise UnsupportedFormat("a DataFrame", self.kind, ["the boolean attribute"])
        return data_frame((dict(zip(self.vars, row, strict=True)) for row in self.values()), self.vars)

    def serialize(self, format: str | None = None) -> str:
        """This result as text in *format* (default: a table, or Turtle for a graph).

        >>> from actorgraph import store
        >>> result = run_query(store.load(), "ASK { actor:Iran ag:backs actor:Hezbollah }", timeout=None)
        >>> result.serialize("json")
        '{"head": {}, "boolean": true}'
        """
        name = format or formats_for(self.kind)[0]
        if name not in FORMATS or self.kind not in FORMATS[name].kinds:
            raise UnsupportedFormat(name, self.kind, formats_for(self.kind))
        return _SERIALIZERS[name](self)


def _table(result: QueryResult) -> str:
    from actorgraph.formatting import table

    if result.kind == "ASK":
        return "true" if result.boolean else "false"
    rows = [[term_text(term) for term in row] for row in result.rows]
    count = len(rows)
    footer = f"({count} row{'' if count == 1 else 's'})"
    if not result.vars:
        return footer
    return table(rows, result.vars, max_cell=48) + "\n" + footer


def _csv(result: QueryResult) -> str:
    from actorgraph.escapes import csv_text

    return csv_text(([None if term is None else _csv_term(term) for term in row] for row in result.rows), result.vars)


def _csv_term(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{name}" for name in result.vars)]
    lines += ["\t".join("" if term is None else _nt_term(term) for term in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _nt_term(term: Node) -> str:
    from actorgraph.escapes import nt_term  # every character a reader may choke on escaped

    return nt_term(term)


def _json(result: QueryResult) -> str:
    if result.kind == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [
        {name: _json_term(term) for name, term in zip(result.vars, row, strict=True) if term is not None}
        for row in result.rows
    ]
    from actorgraph.escapes import json_safe  # no raw bidi or C1 control, should it reach a terminal

    return json_safe(json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False))


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value


def _xml(result: QueryResult) -> str:
    if result.kind in GRAPH_KINDS:
        return _graph_text(result, "xml")
    from rdflib.query import Result

    answer = Result(result.kind)
    if result.kind == "ASK":
        answer.askAnswer = bool(result.boolean)
    else:
        answer.vars = [Variable(name) for name in result.vars]
        answer.bindings = [
            {Variable(name): term for name, term in zip(result.vars, row, strict=True) if term is not None}
            for row in result.rows
        ]
    # rdflib's stub says Optional[bytes]: None is only for a destination, which this call has not
    return answer.serialize(format="xml", encoding="utf-8").decode("utf-8")  # type: ignore[union-attr]


def _graph_text(result: QueryResult, rdflib_format: str) -> str:
    graph = result.graph if result.graph is not None else Graph()
    if rdflib_format == "json-ld":
        iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
        iris |= {str(term.datatype) for _, _, term in graph if isinstance(term, Literal) and term.datatype}
        context = {prefix: ns for prefix, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}
        from actorgraph.export import sorted_json_ld  # one order, whatever order the store gave

        return sorted_json_ld(graph.serialize(format="json-ld", context=context, indent=2))
    if rdflib_format == "nt":
        from actorgraph.escapes import ntriples  # escapes every character a reader may split on

        return ntriples(graph)
    return graph.serialize(format=rdflib_format)


_SERIALIZERS: dict[str, Callable[[QueryResult], str]] = {
    "table": _table,
    "csv": _csv,
    "tsv": _tsv,
    "json": _json,
    "xml": _xml,
    "turtle": lambda result: _graph_text(result, "turtle"),
    "json-ld": lambda result: _graph_text(result, "json-ld"),
    "nt": lambda result: _graph_text(result, "nt"),
}

_SORTED_PREFIXES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_][\w.\-]*(?<!\.)$")


def term_text(term: Node | None) -> str:
    """A term as a table shows it: IRIs shortened with actorgraph's prefixes, literals as text.

    >>> from actorgraph.namespace import ACTOR
    >>> term_text(ACTOR.Iran), term_text(Literal("2024-04", datatype=URIRef(PREFIXES["xsd"] + "gYearMonth")))
    ('actor:Iran', '2024-04')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in _SORTED_PREFIXES:
            if text.startswith(namespace) and _LOCAL_NAME.match(text[len(namespace) :]):
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


# --- Preparing a query -------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedQuery:
    """A checked query with its header, ready to run on any dataset.

    ``query`` is rdflib's parsed and translated form. A text that passed every check before
    (see :func:`prepare`) is parsed only when something needs that form: rdflib's own engine
    does, Oxigraph and SPARQL endpoints do not.
    """

    text: str
    kind: str
    header: QueryHeader
    parsed: Query | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def query(self) -> Query:
        return self.parsed if self.parsed is not None else _parse(self.text)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self.header.parameters

    @property
    def has_datasets(self) -> bool:
        """Whether it has FROM or FROM NAMED clauses (never, for a text checked before)."""
        return self.parsed is not None and bool(self.parsed.algebra.get("datasetClause"))

    @property
    def datasets(self) -> list[tuple[str, URIRef]]:
        """The graphs its FROM (``"default"``) and FROM NAMED (``"named"``) clauses name."""
        clauses = self.query.algebra.get("datasetClause") or []
        return [("default", c["default"]) if "default" in c else ("named", c["named"]) for c in clauses]


def prepare(text: str, timeout: float | None = DEFAULT_TIMEOUT) -> PreparedQuery:
    """Parse *text* with actorgraph's prefixes declared and check it for unsafe parts.

    Raises QuerySyntaxError (with line and column), UnknownPrefix, or QueryRefused for an
    update, a SERVICE call or a text over :data:`MAX_QUERY_BYTES`; QueryTimeout when a long
    text takes more than *timeout* seconds to parse. Prepared queries are cached by their text.

    The text kept (``PreparedQuery.text``) is the one checked, and the one any engine runs:
    its ``\\u`` escapes expanded and its line ends made ``\\n`` (:func:`canonical`), so that
    no engine can read a comment, string or IRI where the checker read another.

    >>> prepare("SELECT ?who WHERE { ?who ag:backs actor:Hamas }").kind
    'SELECT'
    >>> try:
    ...     prepare("SELECT * WHERE { ?s ?p }")
    ... except ActorgraphError as error:
    ...     print(error)
    syntax error at line 1, column 24: expected a variable, an IRI, a literal or a blank node, found '}'

    rdflib's parser takes 10 to 400 ms a query, more than Oxigraph takes to answer many. So a
    text that passed every check is remembered, by a digest of it (with actorgraph's and
    rdflib's versions and the prefixes), in ``sparql-checked-v1.txt`` of the cache folder
    (``$ACTORGRAPH_CACHE``, see :func:`actorgraph.resources.cache_dir`): next time, in any
    process, it is not parsed again until rdflib must evaluate it. Only plain texts are
    remembered (:func:`_plain_kind`: no ``SERVICE`` anywhere, even in a string or comment, no
    ``FROM``), and a text that is not plain is always parsed and checked, so
    the safety checks never rest on the cache.
    """
    return _prepare(canonical(text), timeout)


def _parses_in_time(text: str, timeout: float) -> None:
    """Raise QueryTimeout when parsing *text* takes more than *timeout* seconds (tried in a child,
    since a parse cannot be stopped; its outcome is not sent back: rdflib's form does not pickle)."""
    from actorgraph import sparql_syntax

    sparql_syntax.parse_in_child(text, timeout)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LINE_END = re.compile(r"\r\n?")


def canonical(text: str) -> str:
    """*text* as every engine reads it alike: ``\\u`` and ``\\U`` escapes expanded (SPARQL reads
    them before its grammar, so they may spell any part of a query), then every line end made
    ``\\n`` (rdflib ends a comment at ``\\n`` only, Oxigraph at ``\\r`` too).

    Raises QueryRefused for a text over :data:`MAX_QUERY_BYTES`, QuerySyntaxError for an escape
    that is no character, or one that spells another escape.

    >>> canonical("ASK { ?s ?p ?o # a comment\\rFILTER(?o = '\\\\u0041') }")
    "ASK { ?s ?p ?o # a comment\\nFILTER(?o = 'A') }"
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryRefused(f"the query is {size} bytes long, more than the {MAX_QUERY_BYTES // 1024} KiB allowed")
    expanded = _ESCAPE.sub(_character, text)
    if found := _ESCAPE.search(expanded):
        raise QuerySyntaxError(f"an escape that spells another escape ({found.group(0)}) is not supported")
    return _LINE_END.sub("\n", expanded)


def _character(escape: re.Match[str]) -> str:
    code = int(escape.group(1) or escape.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise QuerySyntaxError(f"{escape.group(0)} is not a Unicode character")
    return chr(code)


@functools.lru_cache(maxsize=256)
def _prepare(text: str, timeout: float | None) -> PreparedQuery:
    header = parse_header(text)
    plain = _plain_kind(text)
    if plain is not None and _checked_before(text) == plain:
        return PreparedQuery(text, plain, header)
    if timeout and len(text) >= _PARSE_IN_CHILD_FROM and hasattr(os, "fork"):
        _parses_in_time(text, timeout)
    query = _parse(text)
    prepared = PreparedQuery(text, _KINDS[query.algebra.name], header, query)
    if plain == prepared.kind and not prepared.has_datasets:
        _remember_checked(text, plain)
    return prepared


def _parse(text: str) -> Query:
    """rdflib's checked form of *text*, imported only here: see :mod:`actorgraph.sparql_syntax`."""
    from actorgraph import sparql_syntax

    return sparql_syntax.parse(text)


_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_NOT_PLAIN = re.compile(r"SERVICE", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def _plain_kind(text: str) -> str | None:
    """The form of a query (SELECT, ASK, CONSTRUCT, DESCRIBE) read from its first keyword, for
    a canonical (escape-free) text that may skip rdflib's parser once it passed the checks:
    None when the word ``SERVICE`` is anywhere in it (a comment or a string included), or it
    has a ``FROM`` clause.

    >>> _plain_kind("# who backs Hamas\\nSELECT ?who WHERE { ?who ag:backs actor:Hamas }")
    'SELECT'
    >>> _plain_kind("SELECT * WHERE { ?s ?p ?o } # no service here"), _plain_kind("ASK FROM <g> {}")
    (None, None)
    """
    if _NOT_PLAIN.search(text):
        return None
    masked = mask(text)
    if _FROM.search(masked):
        return None
    form = _QUERY_FORM.search(masked)
    return form.group(1).upper() if form else None


_CHECKED_FILE = "sparql-checked-v1.txt"
_CHECKED_KEEP = 4096  # digests kept when the file is trimmed


def _checked_key(text: str) -> str:
    from actorgraph import __version__

    digest = hashlib.sha256(f"{__version__} {rdflib.__version__} {sorted(PREFIXES.items())}\n".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40]


def _checked_before(text: str) -> str | None:
    """The kind of *text* if it passed every check before (see :func:`prepare`), else None."""
    from actorgraph.resources import cache_dir

    try:
        with open(cache_dir() / _CHECKED_FILE, encoding="ascii", errors="replace") as handle:
            found = re.search(rf"^{_checked_key(text)} ([A-Z]+)$", handle.read(), re.MULTILINE)
    except OSError:
        return None
    return found.group(1) if found and found.group(1) in _KINDS.values() else None


def _remember_checked(text: str, kind: str) -> None:
    from actorgraph.files import atomic_write
    from actorgraph.resources import cache_dir

    path = cache_dir() / _CHECKED_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="ascii") as handle:  # one short line: appends do not interleave
            handle.write(f"{_checked_key(text)} {kind}\n")
            size = handle.tell()
        if size > 2 * 50 * _CHECKED_KEEP:
            lines = path.read_text(encoding="ascii", errors="replace").splitlines()[-_CHECKED_KEEP:]
            atomic_write(path, "\n".join(lines) + "\n")
    except OSError:
        pass  # a read-only or full cache folder only costs speed


def check_dataset(prepared: PreparedQuery | Query, dataset: Dataset) -> None:
    """Refuse FROM / FROM NAMED clauses that name a graph *dataset* does not hold.

    >>> from actorgraph import store
    >>> try:
    ...     check_dataset(prepare("SELECT * FROM <https://example.org/g.ttl> { ?s ?p ?o }"), store.load())
    ... except QueryRefused as error:
    ...     print(error)
    FROM <https://example.org/g.ttl> is not allowed: it is not a loaded graph, and actorgraph never fetches data
    """
    query = prepared.query if isinstance(prepared, PreparedQuery) else prepared
    clauses = query.algebra.get("datasetClause") or []
    loaded = {getattr(graph, "identifier", graph) for graph in dataset.store.contexts()} if clauses else set()
    for clause in clauses:
        named = "default" not in clause  # CompValue.get returns the key itself when it is missing
        iri = clause["named"] if named else clause["default"]
        if iri not in loaded:
            keyword = "FROM NAMED" if named else "FROM"
            raise QueryRefused(
                f"{keyword} {iri.n3()} is not allowed: it is not a loaded graph, and actorgraph never fetches data"
            )


def with_dataset(query: Query, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Query:
    """*query* with its FROM / FROM NAMED replaced, as the SPARQL Protocol's
    ``default-graph-uri`` and ``named-graph-uri`` parameters ask."""
    if not default_graphs and not named_graphs:
        return query
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.plugins.sparql.sparql import Query

    clauses = [CompValue("DatasetClause", default=URIRef(iri)) for iri in default_graphs]
    clauses += [CompValue("DatasetClause", named=URIRef(iri)) for iri in named_graphs]
    algebra = CompValue(query.algebra.name, **dict(query.algebra))
    algebra["datasetClause"] = clauses
    return Query(query.prologue, algebra)


# --- Parameters --------------------------------------------------------------------------------


def bind_parameters(
    dataset: Dataset, parameters: Sequence[Parameter], given: Mapping[str, str] | None
) -> dict[str, Identifier]:
    """The initial bindings for *given* values of the declared *parameters*.

    Actor names are resolved like everywhere else, dates keep their precision; a declared
    default is used when no value is given. Raises QueryParameterError for an undeclared or
    missing parameter, or a value that does not fit.

    >>> from actorgraph import store
    >>> from actorgraph.queries import Parameter
    >>> bind_parameters(store.load(), [Parameter("actor", "actor")], {"actor": "nasrallah"})
    {'actor': rdflib.term.URIRef('https://w3id.org/actorgraph/actor/Hassan_Nasrallah')}
    """
    given = dict(given or {})
    declared = {p.name: p for p in parameters}
    for name in given:
        if name not in declared:
            takes = (
                "this query takes " + " ".join(p.usage for p in parameters)
                if declared
                else "this query declares no parameters (declare them with `# param:` lines)"
            )
            raise QueryParameterError(f"unknown parameter {name!r} — {takes}")
    resolver = _Resolver(dataset)
    bindings: dict[str, Identifier] = {}
    for parameter in parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                from actorgraph.queries import PARAMETER_TYPES

                about = f": {parameter.description}" if parameter.description else ""
                raise QueryParameterError(
                    f"missing parameter {parameter.name!r} ({PARAMETER_TYPES[parameter.type]}){about} "
                    f"— give it as {parameter.name}=…"
                )
            continue
        try:
            bindings[parameter.name] = resolver.convert(parameter.type, value)
        except ActorgraphError as error:
            raise QueryParameterError(f"parameter {parameter.name}: {error}") from None
    return bindings


#: An IRI as SPARQL's IRIREF allows it between ``<`` and ``>``, with a scheme: no space, no
#: control character, none of ``<>"{}|^``, no backtick, no backslash.
_PLAIN_IRI = re.compile(r"^[A-Za-z][\w+.\-]*:[^\x00-\x20<>\"{}|^`\\]+$")


class _Resolver:
    """Turns the text of a parameter value into an RDF term; builds its indexes when needed."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def convert(self, type_: str, value: str) -> Identifier:
        return getattr(self, f"_{type_}")(value.strip())

    @functools.cached_property
    def actors(self) -> Any:
        from actorgraph.actors import ActorIndex

        return ActorIndex.from_graph(self.dataset)

    def _actor(self, value: str) -> Identifier:
        return self._actor_by_iri(value) or self.actors.resolve(value).iri

    def _actor_by_iri(self, value: str) -> URIRef | None:
        """The actor *value* names by its IRI (``Iraq``, ``actor:Iraq``, a full IRI), the first
        thing the index tries, found with one lookup instead of indexing every actor (seconds
        at a million triples); None when no actor has that IRI."""
        from actorgraph.actors import _as_iri

        text = _as_iri(value)
        if not _PLAIN_IRI.match(text):
            return None
        iri = URIRef(text)
        types = set(self.dataset.objects(iri, RDF.type))
        return iri if types and types & self.actor_classes else None

    @functools.cached_property
    def actor_classes(self) -> set[Node]:
        from actorgraph.vocabulary import _read_actor_types

        return {actor_type.iri for actor_type in _read_actor_types(self.dataset).values()}

    def _date(self, value: str) -> Identifier:
        from actorgraph.dates import PartialDate

        return PartialDate.parse(value).to_literal()

    def _relation(self, value: str) -> Identifier:
        from actorgraph.vocabulary import Vocabulary

        return Vocabulary.from_graph(self.dataset).relation(value).iri

    def _source(self, value: str) -> Identifier:
        from actorgraph.sources import SourceIndex

        return SourceIndex(self.dataset).resolve(value.removeprefix("<").removesuffix(">"))

    def _integer(self, value: str) -> Identifier:
        try:
            return Literal(int(value))
        except ValueError:
            raise QueryParameterError(f"expected a whole number, got {value!r}") from None

    def _string(self, value: str) -> Identifier:
        return Literal(value)

    def _iri(self, value: str) -> Identifier:
        text = value.removeprefix("<").removesuffix(">")
        prefix, _, local = text.partition(":")
        iri = PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else text
        if not _PLAIN_IRI.match(iri):
            raise QueryParameterError(f"expected an IRI (such as actor:Iran or https://…), got {value!r}")
        return URIRef(iri)


# --- Running a query ---------------------------------------------------------------------------


def run_query(
    dataset: Dataset,
    text: str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    memory: int | None = None,
) -> QueryResult:
    """Run the SPARQL query *text* on *dataset* and return its result.

    Parameters
    ----------
    dataset
        The loaded graph (``actorgraph.store.load()``); its union is the default graph.
    text
        A SELECT, ASK, CONSTRUCT or DESCRIBE query; actorgraph's prefixes need no PREFIX.
    params
        Values for the parameters the query's header declares (``{"actor": "Iran"}``).
    timeout
        Seconds before the query is stopped with QueryTimeout; ``None`` or 0 sets no time
        limit. Either way it runs in another process, with no network and bounded memory
        (:mod:`actorgraph.isolation`), where ``fork`` exists.
    max_rows
        Raise TooManyResults when the result has more rows (or triples) than this.
    default_graphs, named_graphs
        Graph IRIs replacing the query's FROM / FROM NAMED (SPARQL Protocol parameters).
    memory
        MiB the query may take (default ``$ACTORGRAPH_QUERY_MEMORY`` or
        :data:`actorgraph.isolation.DEFAULT_MEMORY_MIB`); more fails with QueryFailed.

    Examples
    --------
    >>> from actorgraph import store
    >>> result = run_query(store.load(), "SELECT ?backed WHERE { actor:Iran ag:backs ?backed } ORDER BY ?backed")
    >>> [term_text(row[0]) for row in result.rows]
    ['actor:Hamas', 'actor:Hezbollah']
    """
    prepared = prepare(text, timeout)
    oxigraph = oxigraph_of(dataset)
    endpoint = _endpoint_of(dataset)
    # Oxigraph and endpoints read the text: rdflib's form is needed only for its own engine,
    # or to check the graphs a query or the request names.
    reads_text = oxigraph is not None or endpoint is not None
    query = None
    if not reads_text or prepared.has_datasets or default_graphs or named_graphs:
        query = with_dataset(prepared.query, default_graphs, named_graphs)
        check_dataset(query, dataset)
    bindings = bind_parameters(dataset, prepared.parameters, params)
    if endpoint:
        return _run_remote(dataset, prepared, bindings, timeout, max_rows, default_graphs, named_graphs)
    if oxigraph is not None:
        # Oxigraph substitutes only projected variables; parameters are substituted in the text.
        request = (endpoint_text(prepared, bindings), default_graphs, named_graphs, max_rows)
        answer = functools.partial(_evaluate_oxigraph, oxigraph)
        if hasattr(os, "fork") and is_read_only(dataset):
            started = time.monotonic()
            payload = isolation.in_worker(dataset.store, answer, request, timeout or None, memory)
            return _to_result(prepared.kind, payload, time.monotonic() - started)
        return _run(functools.partial(answer, request), prepared.kind, timeout, memory)
    assert query is not None
    return execute(dataset, prepared.kind, query, bindings, timeout=timeout, max_rows=max_rows, memory=memory)


def run_named_query(
    dataset: Dataset, name: str | NamedQuery, params: Mapping[str, str] | None = None, **options: Any
) -> QueryResult:
    """Run a query of the library (``ontology/queries/NAME.rq``) with its parameters.

    >>> from actorgraph import store
    >>> result = run_named_query(store.load(), "proxies", {"of": "Iran"})
    >>> result.records()[0]["proxy"]
    'Hezbollah'
    """
    named = name if isinstance(name, NamedQuery) else get_query(name)
    return run_query(dataset, named.text, params, **options)


def execute(
    dataset: Dataset,
    kind: str,
    query: Query,
    bindings: Mapping[str, Identifier],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = None,
    memory: int | None = None,
) -> QueryResult:
    """Evaluate an already checked *query*; see :func:`run_query`."""

    def work() -> tuple[Any, ...]:
        return _evaluate(dataset, query, bindings, max_rows)

    return _run(work, kind, timeout, memory)


def _run(work: Callable[[], tuple[Any, ...]], kind: str, timeout: float | None, memory: int | None) -> QueryResult:
    """Run *work* (an evaluation) in a confined child process (no network, bounded memory) with a
    deadline unless *timeout* is None or 0; where there is no ``fork``, in a thread, or here."""
    started = time.monotonic()
    if hasattr(os, "fork"):
        payload = isolation.in_child(work, timeout or None, memory)
    elif not timeout:  # pragma: no cover - Windows
        payload = isolation.safely(work)
    else:  # pragma: no cover - Windows
        payload = isolation.in_thread(work, timeout)
    return _to_result(kind, payload, time.monotonic() - started)


def _evaluate(
    dataset: Dataset, query: Query, bindings: Mapping[str, Identifier], max_rows: int | None
) -> tuple[Any, ...]:
    from rdflib.plugins.sparql.evaluate import evalQuery

    import actorgraph.sparql_syntax  # noqa: F401 - switches off rdflib's fetching of FROM graphs

    answer: Mapping[str, Any]
    if query.algebra.name == "DescribeQuery":
        answer = _describe(dataset, query, bindings)
    else:
        answer = evalQuery(dataset, query, initBindings=dict(bindings))
    kind = answer.get("type_")
    if kind == "SELECT":
        variables = [Variable(v) for v in answer["vars_"]]
        rows = []
        for solution in answer["bindings"]:
            rows.append(tuple(solution.get(v) for v in variables))
            if max_rows is not None and len(rows) > max_rows:
                return ("too_many", max_rows, "rows")
        return ("select", [str(v) for v in variables], rows)
    if kind == "ASK":
        return ("ask", bool(answer["askAnswer"]))
    graph = answer["graph"]
    if max_rows is not None and len(graph) > max_rows:
        return ("too_many", max_rows, "triples")
    return ("graph", list(graph))


def _describe(dataset: Dataset, query: Query, bindings: Mapping[str, Identifier]) -> dict[str, Any]:
    """DESCRIBE as Oxigraph answers it, so that every store gives the same graph: the concise
    bounded description (its triples, and those of their blank-node objects, recursively) of each
    IRI named and each value of each variable named. rdflib's own DESCRIBE also describes the
    WHERE clause's other variables and adds the claims that reify the triples."""
    from rdflib.plugins.sparql.evaluate import evalPart
    from rdflib.plugins.sparql.sparql import QueryContext

    main = query.algebra
    initial: dict[str, Identifier] = {Variable(name): value for name, value in bindings.items()}
    context = QueryContext(dataset, initBindings=initial, datasetClause=main.datasetClause)
    context.prologue = query.prologue
    resources = [term for term in main.PV if not isinstance(term, Variable)]
    variables = [term for term in main.PV if isinstance(term, Variable)]
    if main.p is not None:
        for solution in evalPart(context, main.p):
            resources += [solution[v] for v in variables if solution.get(v) is not None]
    graph = Graph()
    for resource in dict.fromkeys(resources):
        if not isinstance(resource, Literal):
            context.graph.cbd(resource, target_graph=graph, include_reifications=False)  # type: ignore[union-attr]
    return {"type_": "DESCRIBE", "graph": graph}


def _to_result(kind: str, payload: tuple[Any, ...], elapsed: float) -> QueryResult:
    tag = payload[0]
    if tag == "error":
        raise QueryFailed(f"query failed: {payload[1]}")
    if tag == "too_many":
        raise TooManyResults(payload[1], payload[2])
    if tag == "select":
        return QueryResult(kind, vars=payload[1], rows=payload[2], elapsed=elapsed)
    if tag == "select_coded":
        return QueryResult(kind, vars=payload[1], rows=_decode(payload[2], payload[3]), elapsed=elapsed)
    if tag == "select_tsv":
        names, table, rows = _read_tsv(payload[1])
        return QueryResult(kind, vars=names, rows=_decode(table, rows), elapsed=elapsed)
    if tag == "ask":
        return QueryResult(kind, boolean=payload[1], elapsed=elapsed)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in payload[1] if tag == "graph" else _decode(payload[1], payload[2]):
        graph.add(triple)
    return QueryResult(kind, graph=graph, elapsed=elapsed)


# --- A graph on a SPARQL endpoint (``--store sparql:URL``) -----------------------------------


def _endpoint_of(dataset: Dataset) -> str | None:
    """The query URL when *dataset* lives on a SPARQL endpoint, else None."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = dataset.store
    return getattr(store, "query_endpoint", None) if isinstance(store, SPARQLStore) else None


_ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples, text/turtle;q=0.9",
    "DESCRIBE": "application/n-triples, text/turtle;q=0.9",
}


def endpoint_text(prepared: PreparedQuery, bindings: Mapping[str, Identifier]) -> str:
    """The query as another endpoint (or Oxigraph) must receive it: actorgraph's prefixes
    declared, and each parameter's variable replaced by its value inside the WHERE clause — the
    substitution semantics (SPARQL-dev SEP-0007) that rdflib's initial bindings follow too.
    (Oxigraph's own substitutions bind only projected variables.) The text with the values in
    it is checked again as a whole (:func:`prepare`), so a value can never add to the query.

    >>> from actorgraph.namespace import ACTOR
    >>> print(endpoint_text(prepare("SELECT ?x { ?x ag:backs ?of }"), {"of": ACTOR.Hamas}).splitlines()[-1])
    SELECT ?x { ?x ag:backs <https://w3id.org/actorgraph/actor/Hamas> }
    """
    text = prepared.text
    if bindings:
        where = _where_group(text, prepared.kind)
        if where is None:
            raise QueryParameterError("parameters need a WHERE clause to bind them in")
        start, end = where
        names = "|".join(re.escape(name) for name in sorted(bindings, key=len, reverse=True))
        variable = re.compile(rf"[?$]({names})(?![\w\u00b7\u0300-\u036f\u203f-\u2040])")
        masked = mask(text)
        pieces, last = [], start
        for match in variable.finditer(masked, start, end):
            pieces += [text[last : match.start()], _nt_term(bindings[match.group(1)])]
            last = match.end()
        text = _checked_again(prepared, text[:start] + "".join(pieces) + text[last:])
    declared = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    return declared + text


def _checked_again(prepared: PreparedQuery, text: str) -> str:
    if canonical(text) != text:
        raise QueryParameterError("a parameter's value holds an escape (\\u) that cannot be written in a query")
    again = prepare(text)
    if again.kind != prepared.kind:
        raise QueryParameterError(f"a parameter's value turned the {prepared.kind} query into a {again.kind}")
    return again.text


def _where_group(text: str, kind: str) -> tuple[int, int] | None:
    """Where the query's WHERE group starts (its ``{``) and ends (its ``}``) in *text*."""
    masked = mask(text)
    groups: list[tuple[int, int]] = []
    depth, opened = 0, 0
    for position, char in enumerate(masked):
        if char == "{":
            if depth == 0:
                opened = position
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                groups.append((opened, position))
    if not groups:
        return None
    short_construct = re.search(r"\bCONSTRUCT\s+WHERE\s*\{", masked, re.IGNORECASE)
    if kind == "CONSTRUCT" and not short_construct:
        return groups[1] if len(groups) > 1 else None
    return groups[0]


def _run_remote(
    dataset: Dataset,
    prepared: PreparedQuery,
    bindings: Mapping[str, Identifier],
    timeout: float | None,
    max_rows: int | None,
    default_graphs: Sequence[str],
    named_graphs: Sequence[str],
) -> QueryResult:
    """Send the checked query to the endpoint the graph lives on and read its answer."""
    from actorgraph.endpoint import Endpoint
    from actorgraph.errors import EndpointAuthFailed, EndpointFailed, EndpointRefused, EndpointTimedOut
    from actorgraph.store import endpoint_of

    found = endpoint_of(dataset)
    url = _endpoint_of(dataset)
    assert url is not None
    endpoint = Endpoint(url) if found is None else found
    if timeout:
        endpoint = dataclasses.replace(endpoint, timeout=timeout)
    graphs = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
    started = time.monotonic()
    try:
        body, media = endpoint.query(endpoint_text(prepared, bindings), _ACCEPT[prepared.kind], graphs)
    except EndpointTimedOut:
        raise QueryTimeout(timeout or 0) from None
    except EndpointAuthFailed:
        raise  # its message says how to log in
    except EndpointRefused as error:
        raise QueryFailed(f"the SPARQL endpoint {url} answered {error.status}: {error.detail}") from None
    except EndpointFailed as error:
        raise QueryFailed(str(error)) from None
    elapsed = time.monotonic() - started
    if prepared.kind in GRAPH_KINDS:
        graph = Graph()
        graph.parse(data=body.decode("utf-8"), format="nt" if media == "application/n-triples" else "turtle")
        payload: tuple[Any, ...] = ("graph", list(graph))
        if max_rows is not None and len(graph) > max_rows:
            payload = ("too_many", max_rows, "triples")
        return _to_result(prepared.kind, payload, elapsed)
    answer = json.loads(body)
    if prepared.kind == "ASK":
        return _to_result("ASK", ("ask", bool(answer.get("boolean"))), elapsed)
    names = answer["head"].get("vars", [])
    rows = [tuple(_from_json(binding.get(name)) for name in names) for binding in answer["results"]["bindings"]]
    if max_rows is not None and len(rows) > max_rows:
        return _to_result("SELECT", ("too_many", max_rows, "rows"), elapsed)
    return _to_result("SELECT", ("select", names, rows), elapsed)


def _from_json(term: Mapping[str, str] | None) -> Node | None:
    if term is None:
        return None
    if term["type"] == "uri":
        return URIRef(term["value"])
    if term["type"] == "bnode":
        return BNode(term["value"])
    datatype = term.get("datatype")
    if datatype == str(_XSD_STRING):  # RDF 1.1 simple literal, written as rdflib writes it
        datatype = None
    return Literal(term["value"], lang=term.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


# --- A graph in an embedded Oxigraph store (``--store oxigraph:PATH``) -----------------------


def _evaluate_oxigraph(inner: Any, request: tuple[str, Sequence[str], Sequence[str], int | None]) -> tuple[Any, ...]:
    """Evaluate with Oxigraph's own engine the request ``(text, default graphs, named graphs,
    max rows)``: the union of the graphs as default graph unless default graphs are given,
    and the project's prefixes. The text has its parameters substituted as for an endpoint
    (:func:`endpoint_text`: the semantics of rdflib's initial bindings).

    The answer comes back cheap to send from the query's process, and each distinct term
    becomes an rdflib term once, in :func:`_to_result`: SELECT results as Oxigraph's own TSV
    (read back by :func:`_read_tsv`), or, to stop after *max_rows*, row by row, like triples,
    as a table of the distinct terms and rows of positions in it (:class:`_OxTerms`)."""
    import pyoxigraph as ox

    text, default_graphs, named_graphs, max_rows = request
    options: dict[str, Any] = {"prefixes": dict(PREFIXES), "use_default_graph_as_union": not default_graphs}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    answer = inner.query(text, **options)
    if isinstance(answer, ox.QueryBoolean):
        return ("ask", bool(answer))
    terms = _OxTerms()
    code = terms.__getitem__
    if isinstance(answer, ox.QuerySolutions):
        if max_rows is None:  # Oxigraph writes the answer itself: no Python object per value here
            return ("select_tsv", answer.serialize(format=ox.QueryResultsFormat.TSV))
        names = [variable.value for variable in answer.variables]
        rows = []
        for solution in answer:
            rows.append(tuple(map(code, solution)))
            if max_rows is not None and len(rows) > max_rows:
                return ("too_many", max_rows, "rows")
        return ("select_coded", names, terms.table, rows)
    triples = []
    for triple in answer:
        triples.append((code(triple.subject), code(triple.predicate), code(triple.object)))
        if max_rows is not None and len(triples) > max_rows:
            return ("too_many", max_rows, "triples")
    return ("graph_coded", terms.table, triples)


class _OxTerms(dict):  # type: ignore[type-arg]
    """The distinct pyoxigraph terms of an answer by their position in ``table``, where each is
    described once by plain strings: ``("u", iri)``, ``("b", id)``, ``("l", lexical form,
    language, datatype IRI)``, or ``("t", rdflib term)`` for anything else (a quoted triple).
    An unbound value (None) is at position -1. Looking a term up adds it when it is new, so
    a row is coded at C speed: ``tuple(map(terms.__getitem__, solution))``."""

    def __init__(self) -> None:
        super().__init__({None: -1})
        self.table: list[tuple[Any, ...]] = []

    def __missing__(self, term: Any) -> int:
        position = self[term] = len(self.table)
        self.table.append(self._describe(term))
        return position

    @staticmethod
    def _describe(term: Any) -> tuple[Any, ...]:
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode):
            return ("u", term.value)
        if isinstance(term, ox.BlankNode):
            return ("b", term.value)
        if isinstance(term, ox.Literal):
            return ("l", term.value, term.language, term.datatype.value)
        return ("t", from_ox(term))


def _from_description(description: tuple[Any, ...]) -> Any:
    """The rdflib term an :class:`_OxTerms` description stands for."""
    kind = description[0]
    if kind == "u":
        return URIRef(description[1])
    if kind == "l":
        _, value, language, datatype = description
        if language:
            return Literal(value, lang=language)
        # RDF 1.1: a simple literal is an xsd:string; write it as rdflib does, without datatype.
        return Literal(value) if datatype == _XSD_STRING_IRI else Literal(value, datatype=URIRef(datatype))
    if kind == "b":
        return BNode(description[1])
    return description[1]


def _read_tsv(data: bytes) -> tuple[list[str], list[tuple[Any, ...]], list[tuple[int, ...]]]:
    """The variables, distinct terms and coded rows of SPARQL results that Oxigraph wrote as TSV.

    A cell is a term's text, and a value never holds a raw tab or newline, so rows are split as
    text and each distinct text is read once, by Oxigraph's own parser: a hub's 25,000 values
    are 6,000 distinct terms. (Reading every cell as a pyoxigraph term cost as much as a tenth
    of the query.)
    """
    import pyoxigraph as ox

    lines = data.decode("utf-8").split("\n")
    names = [name[1:] for name in lines[0].split("\t")] if lines[0] else []
    if not names:  # no variables: every row is an empty line, best counted by the parser
        answer = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
        # pyoxigraph's stub allows a boolean for any format; TSV results are always solutions
        return [], [], [() for _ in answer]  # type: ignore[union-attr]
    positions: dict[str, int] = {"": -1}  # an empty cell is an unbound value
    code = positions.setdefault
    body = lines[1:-1] if lines[-1] == "" else lines[1:]  # the last row's newline
    rows = [tuple(code(cell, len(positions) - 1) for cell in line.split("\t")) for line in body]
    texts = list(positions)[1:]
    if not texts:  # no rows, or nothing bound: an empty column would read as one unbound row
        return names, [], rows
    column = ox.parse_query_results(("?v\n" + "\n".join(texts) + "\n").encode(), format=ox.QueryResultsFormat.TSV)
    # TSV results are always solutions (as above)
    return names, [_OxTerms._describe(solution[0]) for solution in column], rows  # type: ignore[union-attr]


def _decode(table: list[tuple[Any, ...]], rows: list[tuple[int, ...]]) -> list[tuple[Any, ...]]:
    """Rows of rdflib terms (None where unbound) from rows of positions in *table* (-1)."""
    terms = [_from_description(description) for description in table]
    terms.append(None)  # position -1
    term = terms.__getitem__
    return [tuple(map(term, row)) for row in rows]
