"""The SPARQL editor, ``/query``: write or pick a query, fill its parameters, see the answer.

``GET /query`` shows the editor with an example; ``?name=NAME`` fills it with a named query and
the form of its parameters; ``?query=TEXT`` (with ``$NAME=VALUE`` for each parameter, as the
endpoint takes them) runs the text and shows the answer under it. The page runs queries through
the library (:meth:`actorgraph.graph.Graph.sparql`) with the endpoint's time limit and row cap,
in a worker thread, as many at once as the endpoint runs; the answer is rendered here, escaped
by the templates, so no result value ever reaches a script. Its downloads are links to the
endpoint (``/sparql?query=…&format=…``), one per format it serves for that kind of result.

The editor is CodeMirror (vendored in ``static/vendor/``, see its ``VENDORED.md``), started by
``static/ask.js`` over the page's ``<textarea>``: without scripts the page still works as a form.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import anyio
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from actorgraph.errors import ActorgraphError, QueryError, QueryParameterError, UnknownQuery
from actorgraph.namespace import PREFIXES
from actorgraph.queries import (
    PARAMETER_TYPES,
    NamedQuery,
    Parameter,
    QueryHeader,
    get_query,
    list_queries,
    parse_header,
)
from actorgraph.sparql import GRAPH_KINDS, QueryResult, formats_for, term_text
from actorgraph.web.urls import url_of

if TYPE_CHECKING:  # the application imports its pages: they take it as a type only
    from actorgraph.web.app import Workbench

#: What the editor holds when the page opens with no query.
EXAMPLE = """SELECT ?backer ?backed WHERE {
  ?backer ag:backs ?backed .
}
ORDER BY ?backer ?backed
"""

#: Each download format: its label and the file name's extension (graphs: RDF/XML for xml).
_DOWNLOADS = {
    "json": ("JSON", "json"),
    "xml": ("XML", "xml"),
    "csv": ("CSV", "csv"),
    "tsv": ("TSV", "tsv"),
    "turtle": ("Turtle", "ttl"),
    "json-ld": ("JSON-LD", "jsonld"),
    "nt": ("N-Triples", "nt"),
}
_DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"


@dataclass(frozen=True)
class Field:
    """A parameter's input in the form: a ``<select>`` when it has choices, else an ``<input>``."""

    parameter: Parameter
    value: str
    input_type: str = "text"
    pattern: str | None = None
    choices: tuple[str, ...] = ()

    @property
    def hint(self) -> str:
        parameter = self.parameter
        need = "" if parameter.required else f", default {parameter.default}" if parameter.default else ", optional"
        return PARAMETER_TYPES[parameter.type] + need


@dataclass(frozen=True)
class Cell:
    """A value as the table shows it: its text (IRIs as prefixed names), its page, its full form."""

    text: str
    href: str | None = None
    title: str | None = None


@dataclass
class Answer:
    """What the page shows of a result."""

    kind: str
    count: int
    milliseconds: int
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    boolean: bool | None = None
    downloads: list[tuple[str, str, str]] = field(default_factory=list)  # label, URL, file name


def routes(workbench: Workbench) -> list[BaseRoute]:
    async def query_page(request: Request) -> Response:
        context = await anyio.to_thread.run_sync(_page, workbench, request.query_params, limiter=workbench.query_slots)
        return workbench.render(request, "query.html", context)

    return [Route("/query", query_page)]


def _page(workbench: Workbench, args: Mapping[str, str]) -> dict[str, object]:
    """The page's context: the query, its parameters' form, and its answer or error."""
    named: NamedQuery | None = None
    error: ActorgraphError | None = None
    if args.get("name"):
        try:
            named = get_query(args["name"])
        except UnknownQuery as unknown:
            error = unknown
    text = args.get("query", named.text if named else EXAMPLE)  # an empty query is an error, not the example
    if named is not None and _lines(text) != _lines(named.text):
        named = None  # edited into another query: the page no longer shows the named one
    try:
        header = parse_header(text)
    except QueryParameterError as bad:
        header, error = QueryHeader(), error or bad
    given = {p.name: args[f"${p.name}"].strip() for p in header.parameters if args.get(f"${p.name}", "").strip()}
    answer = None
    result = None
    if "query" in args and error is None:
        graph = workbench.graph
        try:
            result = graph.sparql(text, given, timeout=workbench.timeout or 0, max_rows=workbench.max_rows)
        except QueryError as failed:
            error = failed
        else:
            answer = _answer(result, text, given)
    return {
        "text": text,
        "named": named,
        "queries": list_queries(),
        "fields": _fields(workbench, header, given),
        "answer": answer,
        "warnings": result.warnings if result is not None else [],
        "error": error,
        "error_line": getattr(error, "line", None),
        "error_column": getattr(error, "column", None),
        "prefixes": PREFIXES,
    }


def _lines(text: str) -> str:
    """*text* with its line ends as a file has them (a browser sends a form's text with CRLF)."""
    return text.replace("\r\n", "\n")


def _fields(workbench: Workbench, header: QueryHeader, given: Mapping[str, str]) -> list[Field]:
    fields = []
    for parameter in header.parameters:
        value = given.get(parameter.name, "")
        if parameter.type == "relation":
            names = sorted(workbench.graph.relations().relations)
            fields.append(Field(parameter, value, choices=tuple(names)))
        elif parameter.type == "integer":
            fields.append(Field(parameter, value, "number"))
        elif parameter.type == "date":
            fields.append(Field(parameter, value, pattern=_DATE_PATTERN))
        else:
            fields.append(Field(parameter, value))
    return fields


def _answer(result: QueryResult, text: str, given: Mapping[str, str]) -> Answer:
    downloads = _downloads(result.kind, text, given)
    answer = Answer(result.kind, len(result), round(result.elapsed * 1000), downloads=downloads)
    if result.kind == "ASK":
        answer.boolean = bool(result.boolean)
    elif result.graph is not None:
        answer.columns = ["subject", "predicate", "object"]
        triples = sorted(result.graph, key=lambda triple: tuple(map(term_text, triple)))
        answer.rows = [[_cell(term) for term in triple] for triple in triples]
    else:
        answer.columns = list(result.vars)
        answer.rows = [[_cell(term) for term in row] for row in result.rows]
    return answer


def _cell(term: Node | None) -> Cell:
    if isinstance(term, URIRef):
        return Cell(term_text(term), url_of(term), str(term))
    if isinstance(term, Literal) and (term.language or term.datatype):
        return Cell(term_text(term), title=f"@{term.language}" if term.language else term_text(term.datatype))
    if isinstance(term, BNode | Literal):
        return Cell(term_text(term))
    return Cell("")


def _downloads(kind: str, text: str, given: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """A link to the endpoint for each format it serves for *kind* (its text table aside)."""
    links = []
    for name in formats_for(kind):
        if name == "table":
            continue
        label, extension = _DOWNLOADS[name]
        if name == "xml" and kind in GRAPH_KINDS:
            label, extension = "RDF/XML", "rdf"
        pairs = [("query", text), *((f"${key}", value) for key, value in given.items()), ("format", name)]
        links.append((label, "/sparql?" + urllib.parse.urlencode(pairs), f"query.{extension}"))
    return links
