"""A read-only SPARQL 1.1 Protocol endpoint over a loaded graph, on the standard library alone.

:func:`make_app` builds a WSGI application from a dataset; :func:`make_server` serves it with
``wsgiref`` and one thread per request; :func:`serve` does both until interrupted.

Routes:

``/sparql``
    The SPARQL 1.1 Protocol query operation: ``GET ?query=…``, ``POST`` of a form
    (``application/x-www-form-urlencoded``, ``query=…``) or of a bare query
    (``application/sparql-query``). ``default-graph-uri`` and ``named-graph-uri`` choose
    loaded graphs; ``$NAME=value`` gives a parameter the query's header declares. The result
    format follows ``Accept`` (or a ``format``/``output`` parameter): SPARQL JSON (default),
    XML, CSV or TSV for SELECT and ASK; Turtle (default), JSON-LD, N-Triples or RDF/XML for
    CONSTRUCT and DESCRIBE.
``/``
    A page with a query box, the named queries to start from, and the results as a table.
``/queries``
    The named queries as JSON (name, title, description, parameters, text).
``/map``
    The interactive network map (the ``map_page`` callable, given by ``actorgraph serve``); 404
    without it.

Answers: 200; 400 for a malformed query or parameter (the parser's one-line message); 403 for
SPARQL Update, graph store writes (PUT, DELETE, PATCH, POST to ``/data``, ``/store`` or with
``graph=``), ``SERVICE`` and ``FROM`` of graphs that are not loaded; 404; 405 for other methods;
406 when no acceptable format can show the result; 413 for a request body over 1 MB or a
result with more rows (or triples) than the cap; 415 for an unknown content type; 503 when a
query runs out of time or the server is busy. Every answer carries
``Access-Control-Allow-Origin: *``; ``OPTIONS`` answers CORS preflights.
"""

from __future__ import annotations

import html
import json
import secrets
import socket
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from rdflib import Dataset

from actorgraph.errors import (
    QueryError,
    QueryFailed,
    QueryParameterError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    TooManyResults,
    UnknownPrefix,
    UnsupportedFormat,
)
from actorgraph.namespace import PREFIXES
from actorgraph.sparql import DEFAULT_TIMEOUT, FORMATS, GRAPH_KINDS, READ_ONLY, UPDATE_REFUSED, formats_for
from actorgraph.store import statement_count

DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1_000_000
GRAPH_STORE_REFUSED = f"graph store writes are not allowed: {READ_ONLY}"

_REASONS = {
    200: "OK",
    204: "No Content",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
_CORS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "Content-Type, X-Query-Time, X-Result-Size"),
]
_STATUS_OF: list[tuple[type[QueryError], int]] = [
    (QueryRefused, 403),
    (QueryTimeout, 503),
    (TooManyResults, 413),
    (UnsupportedFormat, 406),
    (QueryFailed, 500),
    (QuerySyntaxError, 400),
    (UnknownPrefix, 400),
    (QueryParameterError, 400),
]

#: Media types the endpoint answers with, and the format each stands for.
MEDIA_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/ld+json": "json-ld",
    "application/x-json+ld": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "text/plain": "table",
}
_FORMAT_WORDS = {
    **{name: name for name in FORMATS},
    "ttl": "turtle",
    "n3": "turtle",
    "jsonld": "json-ld",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdf+xml": "xml",
    "rdfxml": "xml",
    "srj": "json",
    "srx": "xml",
    "txt": "table",
    "text": "table",
}


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def text(cls, status: int, message: str, **kwargs: Any) -> Response:
        return cls(status, (message.rstrip("\n") + "\n").encode("utf-8"), **kwargs)


class HTTPProblem(Exception):
    """An error answer with its status and one-line message."""

    def __init__(self, status: int, message: str, headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or []

    def response(self) -> Response:
        return Response.text(self.status, str(self), headers=self.headers)


class Request:
    """What the app needs from a WSGI environ: method, path, parameters, headers, body."""

    def __init__(self, environ: Mapping[str, Any]) -> None:
        self.environ = environ
        self.method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        self.path = str(environ.get("PATH_INFO", "") or "/")
        self.args = urllib.parse.parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
        media, _, options = str(environ.get("CONTENT_TYPE", "")).partition(";")
        self.content_type = media.strip().lower()
        self.charset = "utf-8"
        for option in options.split(";"):
            key, _, value = option.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                self.charset = value.strip().strip('"')
        self.accept = str(environ.get("HTTP_ACCEPT", ""))

    def body(self) -> str:
        try:
            length = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HTTPProblem(400, "invalid Content-Length") from None
        if length > MAX_BODY:
            raise HTTPProblem(413, f"request body too large: {length} bytes (at most {MAX_BODY})")
        data = self.environ["wsgi.input"].read(length) if length > 0 else b""
        try:
            return data.decode(self.charset)
        except (LookupError, UnicodeDecodeError):
            raise HTTPProblem(400, f"the request body is not valid {self.charset}") from None


class SparqlApp:
    """The endpoint as a WSGI application (see the module documentation for the routes)."""

    def __init__(
        self,
        dataset: Dataset,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        max_concurrent: int = 4,
        graph_name: str = "graph",
        map_page: Callable[[], bytes | str] | None = None,
    ) -> None:
        self.dataset = dataset
        self.timeout = timeout
        self.max_rows = max_rows
        self.graph_name = graph_name
        #: Hook for the network map (a later issue's HTML export): when set, ``/map`` serves
        #: what it returns and the query page links to it.
        self.map_page = map_page
        self._slots = threading.BoundedSemaphore(max_concurrent)
        #: How many triples it serves, counted graph by graph once (``len`` of a million-triple
        #: Oxigraph store takes 14 s: it counts distinct triples over the union).
        self.triples = statement_count(dataset)

    def __call__(self, environ: Mapping[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self.handle(request)
        except HTTPProblem as problem:
            response = problem.response()
        except Exception as error:
            response = Response.text(500, f"internal error: {type(error).__name__}: {error}")
        headers = [
            ("Content-Type", response.content_type),
            ("Content-Length", str(len(response.body))),
            *_CORS,
            *response.headers,
        ]
        start_response(f"{response.status} {_REASONS.get(response.status, 'Error')}", headers)
        return [b""] if request.method == "HEAD" else [response.body]

    def handle(self, request: Request) -> Response:
        method, path = request.method, request.path.rstrip("/") or "/"
        if method == "OPTIONS":
            return Response(
                204,
                headers=[
                    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                    ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                    ("Access-Control-Max-Age", "600"),
                    ("Allow", "GET, HEAD, POST, OPTIONS"),
                ],
            )
        if method in ("PUT", "DELETE", "PATCH"):
            raise HTTPProblem(403, GRAPH_STORE_REFUSED)
        if method not in ("GET", "HEAD", "POST"):
            raise HTTPProblem(405, f"method {method} is not allowed", [("Allow", "GET, HEAD, POST, OPTIONS")])
        if path == "/sparql":
            return self.sparql(request)
        if method == "POST" and (path in ("/data", "/store", "/rdf-graph-store") or _graph_store_args(request)):
            raise HTTPProblem(403, GRAPH_STORE_REFUSED)
        if method == "POST":
            raise HTTPProblem(404, f"not found: {request.path} — the SPARQL endpoint is /sparql")
        if path == "/":
            return self.page()
        if path == "/queries":
            return self.queries()
        if path == "/map" and self.map_page is not None:
            page = self.map_page()
            return Response(200, page.encode("utf-8") if isinstance(page, str) else page, "text/html; charset=utf-8")
        raise HTTPProblem(404, f"not found: {request.path} — the SPARQL endpoint is /sparql, the query page /")

    # --- /sparql ---------------------------------------------------------------------------

    def sparql(self, request: Request) -> Response:
        from actorgraph.sparql import prepare, run_query

        args = self._arguments(request)
        queries = args.get("query", [])
        if not queries:
            raise HTTPProblem(
                400,
                "missing query: send query=… (GET or a form POST) or a body of type application/sparql-query",
            )
        if len(queries) > 1:
            raise HTTPProblem(400, "more than one query: send exactly one query parameter")
        text = queries[0]
        params = {key[1:]: values[-1] for key, values in args.items() if key.startswith("$") and len(key) > 1}
        try:
            prepared = prepare(text)
            output = self._negotiate(prepared.kind, args, request.accept)
            if not self._slots.acquire(timeout=self.timeout or 30):
                raise HTTPProblem(503, "the server is busy: too many queries at once — try again shortly")
            try:
                result = run_query(
                    self.dataset,
                    text,
                    params,
                    timeout=self.timeout,
                    max_rows=self.max_rows,
                    default_graphs=args.get("default-graph-uri", []),
                    named_graphs=args.get("named-graph-uri", []),
                )
            finally:
                self._slots.release()
        except QueryError as error:
            raise HTTPProblem(_status_of(error), self._message(error)) from None
        kind = result.kind
        body = result.serialize(output).encode("utf-8")
        media = FORMATS[output].media_type_for(kind)
        size = len(result.graph) if result.graph is not None else len(result.rows) if kind == "SELECT" else 1
        return Response(
            200,
            body,
            f"{media}; charset=utf-8",
            headers=[
                ("Vary", "Accept"),
                ("Cache-Control", "no-store"),
                ("X-Query-Time", f"{result.elapsed * 1000:.0f} ms"),
                ("X-Result-Size", str(size)),
            ],
        )

    def _arguments(self, request: Request) -> dict[str, list[str]]:
        args = {key: list(values) for key, values in request.args.items()}
        if request.method == "POST":
            if request.content_type == "application/sparql-update":
                raise HTTPProblem(403, UPDATE_REFUSED)
            if request.content_type == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(request.body(), keep_blank_values=True)
                for key, values in form.items():
                    args.setdefault(key, []).extend(values)
            elif request.content_type == "application/sparql-query":
                if "query" in args:
                    raise HTTPProblem(400, "send the query either in the body or as query=, not both")
                args["query"] = [request.body()]
            else:
                shown = request.content_type or "none"
                raise HTTPProblem(
                    415,
                    f"unsupported content type {shown}: POST application/x-www-form-urlencoded "
                    "or application/sparql-query",
                )
        if "update" in args:
            raise HTTPProblem(403, UPDATE_REFUSED)
        return args

    def _negotiate(self, kind: str, args: Mapping[str, list[str]], accept: str) -> str:
        """The output format: an explicit ``format``/``output`` parameter, else ``Accept``."""
        allowed = formats_for(kind)
        for value in (v for key in ("format", "output", "results") for v in args.get(key, [])):
            word = value.strip().lower()
            name = _FORMAT_WORDS.get(word) or MEDIA_TYPES.get(word.partition(";")[0].strip())
            if name is None:
                continue
            if name == "json" and kind in GRAPH_KINDS:
                name = "json-ld"
            if name not in allowed:
                raise UnsupportedFormat(name, kind, allowed)
            return name
        default = "turtle" if kind in GRAPH_KINDS else "json"
        ranges = _accept_ranges(accept)
        if not ranges:
            return default
        for media, _quality in ranges:
            if media in ("*/*", "application/*", "text/*"):
                family = media.split("/")[0]
                if media == "*/*" or FORMATS[default].media_type_for(kind).startswith(family):
                    return default
                for name in allowed:
                    if name != "table" and FORMATS[name].media_type_for(kind).startswith(family):
                        return name
                continue
            name = MEDIA_TYPES.get(media)
            if name == "json" and kind in GRAPH_KINDS:
                continue
            if name in allowed:
                return name
        preferred = sorted((name for name in allowed if name != "table"), key=lambda name: name != default)
        offered = ", ".join(dict.fromkeys(FORMATS[name].media_type_for(kind) for name in preferred))
        article = "an" if kind == "ASK" else "a"
        raise HTTPProblem(406, f"cannot answer {article} {kind} query as {accept.strip()} — acceptable: {offered}")

    def _message(self, error: QueryError) -> str:
        if isinstance(error, QueryTimeout):
            return f"{error} (the endpoint's limit per query)"
        if isinstance(error, TooManyResults):
            return f"{error} (the endpoint's limit is {self.max_rows})"
        return str(error)

    # --- pages -----------------------------------------------------------------------------

    def queries(self) -> Response:
        from actorgraph.queries import list_queries

        data = [q.to_dict(text=True) for q in list_queries()]
        return Response(200, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), "application/json")

    def page(self) -> Response:
        from actorgraph.queries import list_queries

        nonce = secrets.token_urlsafe(16)
        named = [q.to_dict(text=True) for q in list_queries()]
        map_link = '<a href="/map">Network map</a> · ' if self.map_page is not None else ""
        body = (
            _PAGE.replace("{{nonce}}", nonce)
            .replace("{{graph}}", html.escape(self.graph_name))
            .replace("{{triples}}", str(self.triples))
            .replace("{{prefixes}}", html.escape(", ".join(f"{p}:" for p in PREFIXES)))
            .replace("{{map_link}}", map_link)
            .replace("{{queries_json}}", _script_json(named))
            .replace("{{prefixes_json}}", _script_json(PREFIXES))
        )
        csp = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        return Response(
            200,
            body.encode("utf-8"),
            "text/html; charset=utf-8",
            headers=[
                ("Content-Security-Policy", csp),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "no-referrer"),
            ],
        )


def _graph_store_args(request: Request) -> bool:
    return "graph" in request.args or "default" in request.args


def _status_of(error: QueryError) -> int:
    return next((status for kind, status in _STATUS_OF if isinstance(error, kind)), 400)


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header, best first (by quality, then as listed)."""
    ranges = []
    for position, item in enumerate(accept.split(",")):
        media, *options = (part.strip() for part in item.split(";"))
        if not media:
            continue
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranges.append((media.lower(), quality, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, quality) for media, quality, _ in ranges]


def _script_json(data: object) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def make_app(
    dataset: Dataset,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    max_concurrent: int = 4,
    graph_name: str = "graph",
    map_page: Callable[[], bytes | str] | None = None,
) -> SparqlApp:
    """The endpoint for *dataset* as a WSGI application.

    *timeout* (seconds) and *max_rows* bound each query; *max_concurrent* queries run at
    once; *map_page*, when given, serves the network map at ``/map``.

    >>> from wsgiref.util import setup_testing_defaults
    >>> from actorgraph import store
    >>> app = make_app(store.load())
    >>> environ = {"PATH_INFO": "/sparql", "QUERY_STRING": "query=ASK%20%7B%20actor%3AIran%20ag%3Abacks%20%3Fx%20%7D"}
    >>> setup_testing_defaults(environ)
    >>> b"".join(app(environ, lambda status, headers: print(status)))
    200 OK
    b'{"head": {}, "boolean": true}'
    """
    return SparqlApp(
        dataset,
        timeout=timeout,
        max_rows=max_rows,
        max_concurrent=max_concurrent,
        graph_name=graph_name,
        map_page=map_page,
    )


class _Handler(WSGIRequestHandler):
    quiet = False

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if not self.quiet:
            path = self.path.split("?", 1)[0]
            sys.stderr.write(f"{self.address_string()} {self.command} {path} {code}\n")

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)


class EndpointServer(ThreadingMixIn, WSGIServer):
    """wsgiref's server with a thread per request; ``url`` is where it listens."""

    daemon_threads = True
    allow_reuse_address = True

    def server_bind(self) -> None:
        # WSGIServer.server_bind would look the host name up (socket.getfqdn); do without.
        import socketserver

        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)
        self.setup_environ()

    @property
    def url(self) -> str:
        host = self.server_name
        return f"http://[{host}]:{self.server_port}" if ":" in host else f"http://{host}:{self.server_port}"


def make_server(app: SparqlApp, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> EndpointServer:
    """A server for *app* listening on *host*:*port* (port 0: any free port); not yet serving."""
    handler = type("Handler", (_Handler,), {"quiet": quiet})
    server_class = EndpointServer
    if ":" in host:  # an IPv6 address
        server_class = type("EndpointServer6", (EndpointServer,), {"address_family": socket.AF_INET6})
    server = server_class((host, port), handler)
    server.set_app(app)
    return server


def serve(
    dataset: Dataset,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    quiet: bool = False,
    ready: Callable[[EndpointServer], None] | None = None,
) -> None:
    """Serve *dataset* until interrupted; *ready* is called with the server once it listens."""
    server = make_server(make_app(dataset, timeout=timeout, max_rows=max_rows), host, port, quiet=quiet)
    try:
        if ready:
            ready(server)
        server.serve_forever()
    finally:
        server.server_close()


_PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>actorgraph SPARQL</title>
<style nonce="{{nonce}}">
  body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; }
  .meta, .hint { color: #666; font-size: .9rem; }
  label { font-weight: 600; }
  select, input, textarea, button { font: inherit; }
  textarea { width: 100%; min-height: 16rem; box-sizing: border-box;
             font-family: ui-monospace, monospace; font-size: 13px; }
  #params { margin: .5rem 0; display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
  #params label { font-weight: normal; }
  button { padding: .3rem 1.2rem; }
  #status { margin-right: 1rem; }
  #error { color: #a00; white-space: pre-wrap; font-family: ui-monospace, monospace; }
  table { border-collapse: collapse; margin-top: .8rem; font-size: 13px; }
  th, td { border: 1px solid #ccc; padding: .2rem .4rem; text-align: left; vertical-align: top; }
  th { background: #f3f3f3; }
  pre { background: #f6f6f6; padding: .6rem; overflow: auto; }
</style>
</head>
<body>
<h1>actorgraph SPARQL endpoint</h1>
<p class="meta">Graph: {{graph}} ({{triples}} triples) · read-only ·
{{map_link}}<a href="/queries">named queries (JSON)</a></p>
<p class="hint">Endpoint: <code id="endpoint">/sparql</code> (GET <code>?query=</code>, POST form or
<code>application/sparql-query</code>). Declared prefixes: {{prefixes}}</p>
<p><label for="named">Start from a named query</label>
<select id="named"><option value="">— write your own —</option></select></p>
<p id="description" class="hint"></p>
<form id="form">
<textarea id="query" name="query" spellcheck="false" aria-label="SPARQL query">SELECT ?backer ?backed WHERE {
  ?backer ag:backs ?backed .
}</textarea>
<div id="params"></div>
<button type="submit">Run</button> <span id="status" class="hint"></span>
<span class="hint">Download:
  <a id="as-json" href="#">JSON</a> · <a id="as-csv" href="#">CSV</a> · <a id="as-xml" href="#">XML</a></span>
</form>
<div id="error"></div>
<div id="results"></div>
<script type="application/json" id="queries-data">{{queries_json}}</script>
<script type="application/json" id="prefixes-data">{{prefixes_json}}</script>
<script nonce="{{nonce}}">
(function () {
  "use strict";
  const named = JSON.parse(document.getElementById("queries-data").textContent);
  const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
  const $ = (id) => document.getElementById(id);
  const select = $("named"), box = $("query"), params = $("params");
  $("endpoint").textContent = location.origin + "/sparql";
  for (const q of named) {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.title + " (" + q.name + ")";
    select.appendChild(option);
  }
  function showParams(query) {
    params.replaceChildren();
    $("description").textContent = query ? query.description : "";
    if (!query) return;
    for (const p of query.parameters) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.name = "$" + p.name;
      const hint = p.default !== null ? " (default " + p.default + ")" : p.required ? "" : " (optional)";
      input.placeholder = p.type + hint;
      input.required = p.required;
      input.title = p.description;
      label.append(p.name + " ", input);
      params.appendChild(label);
    }
  }
  select.addEventListener("change", () => {
    const query = named.find((q) => q.name === select.value);
    if (query) box.value = query.text;
    showParams(query);
  });
  function formData() {
    const data = new URLSearchParams();
    data.set("query", box.value);
    const declared = new Set([...box.value.matchAll(/^\s*#\s*param\s*:\s*(\w+)/gmi)].map((m) => m[1]));
    for (const input of params.querySelectorAll("input")) {
      if (input.value.trim() && declared.has(input.name.slice(1))) data.set(input.name, input.value.trim());
    }
    return data;
  }
  function downloadLinks() {
    for (const [id, format] of [["as-json", "json"], ["as-csv", "csv"], ["as-xml", "xml"]]) {
      const data = formData();
      data.set("format", format);
      $(id).href = "/sparql?" + data.toString();
    }
  }
  box.addEventListener("input", downloadLinks);
  params.addEventListener("input", downloadLinks);
  select.addEventListener("change", downloadLinks);
  downloadLinks();
  function compact(iri) {
    for (const [prefix, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && /^[\w.-]+$/.test(iri.slice(ns.length))) return prefix + ":" + iri.slice(ns.length);
    }
    return "<" + iri + ">";
  }
  function cell(term) {
    if (!term) return "";
    return term.type === "uri" ? compact(term.value) : term.value;
  }
  function showTable(data) {
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const v of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) row.insertCell().textContent = cell(binding[v]);
    }
    return table;
  }
  $("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("error").textContent = "";
    $("results").replaceChildren();
    $("status").textContent = "running…";
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {"Content-Type": "application/x-www-form-urlencoded",
                  "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
        body: formData(),
      });
      const text = await response.text();
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!response.ok) {
        $("status").textContent = response.status + " " + response.statusText;
        $("error").textContent = text;
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      if (type.startsWith("application/sparql-results+json")) {
        const data = JSON.parse(text);
        if ("boolean" in data) {
          const answer = document.createElement("pre");
          answer.textContent = String(data.boolean);
          $("results").appendChild(answer);
          $("status").textContent = seconds + " s";
        } else {
          $("results").appendChild(showTable(data));
          const n = data.results.bindings.length;
          $("status").textContent = n + (n === 1 ? " row" : " rows") + " · " + seconds + " s";
        }
      } else {
        const pre = document.createElement("pre");
        pre.textContent = text;
        $("results").appendChild(pre);
        $("status").textContent = seconds + " s";
      }
    } catch (error) {
      $("status").textContent = "";
      $("error").textContent = String(error);
    }
  });
})();
</script>
</body>
</html>
"""
