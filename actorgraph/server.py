"""A read-only SPARQL 1.1 Protocol endpoint over a loaded graph, on Starlette under uvicorn.

:func:`make_app` builds the ASGI application from a dataset; :func:`make_server` binds a socket
and serves the app with uvicorn; ``actorgraph serve`` does both until interrupted.

Routes:

``/sparql``
    The SPARQL 1.1 Protocol query operation: ``GET ?query=…``, ``POST`` of a form
    (``application/x-www-form-urlencoded``, ``query=…``) or of a bare query
    (``application/sparql-query``). ``default-graph-uri`` and ``named-graph-uri`` choose
    loaded graphs; ``$NAME=value`` gives a parameter the query's header declares. The result
    format follows ``Accept`` (or a ``format``/``output`` parameter): SPARQL JSON (default),
    XML, CSV or TSV for SELECT and ASK; Turtle (default), JSON-LD, N-Triples or RDF/XML for
    CONSTRUCT and DESCRIBE.
``/queries``
    The named queries as JSON (name, title, description, parameters, text).

The query page and the map are the workbench's (:mod:`actorgraph.web`), which routes this
endpoint at ``/sparql`` and ``/queries``.

Answers: 200; 400 for a malformed query, parameter or request (a one-line message); 403 for
SPARQL Update, graph store writes (PUT, DELETE, PATCH, POST to ``/data``, ``/store`` or with
``graph=``), ``SERVICE`` and ``FROM`` of graphs that are not loaded; 404; 405 for other methods;
406 when no acceptable format can show the result; 413 for a request body over 1 MB or a
result with more rows (or triples) than the cap; 415 for an unknown content type; 421 for a
``Host`` that is not the address the request reached (DNS rebinding); 503 when a query runs
out of time or the server is busy.

Browsers: no CORS header unless origins are allowed (``cors_origins``), so a page of another
origin cannot read an answer; every answer carries ``X-Content-Type-Options: nosniff``,
``Referrer-Policy: no-referrer`` and a Content-Security-Policy that loads nothing from elsewhere
and forbids framing; no ``Server`` header names the software.

Connections: uvicorn on asyncio (epoll/kqueue, no ``select()`` limit on descriptors) with the
soft limit on open files raised to the hard one; a connection must deliver each complete
request within ``head_timeout`` seconds of opening or of its previous answer, or it is closed
(:class:`_RequestDeadline`). Queries are evaluated in threads, at most ``max_concurrent`` at once;
the event loop stays free for other connections meanwhile.
"""

from __future__ import annotations

import asyncio
import copy
import ipaddress
import json
import logging
import socket
import threading
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import anyio
import h11
import uvicorn
from rdflib import Dataset
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect
from starlette.requests import Request as StarletteRequest
from starlette.responses import Response as StarletteResponse
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from actorgraph.errors import (
    READ_ONLY,
    UPDATE_REFUSED,
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
from actorgraph.sparql import DEFAULT_TIMEOUT, FORMATS, GRAPH_KINDS, formats_for
from actorgraph.store import statement_count

DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1_000_000
#: Seconds a client has to send a whole request, from its connection or its previous answer.
HEAD_TIMEOUT = 5
#: Bytes of request line and headers h11 buffers before answering 400 (long GET queries fit).
MAX_HEAD = 64 * 1024
_log = logging.getLogger(__name__)
GRAPH_STORE_REFUSED = f"graph store writes are not allowed: {READ_ONLY}"

_ALLOW = "GET, HEAD, POST, OPTIONS"
_EXPOSED = ["Content-Type", "X-Query-Time", "X-Result-Size"]
#: Every answer that brings no policy of its own: nothing may load, run or frame it.
_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
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

    def asgi(self, method: str) -> StarletteResponse:
        """The answer to send; a HEAD request gets the headers with the length, and no body."""
        headers = dict(self.headers)
        if self.status != 204:
            headers |= {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}
        return StarletteResponse(b"" if method == "HEAD" else self.body, self.status, headers)


class HTTPProblem(Exception):
    """An error answer with its status and one-line message."""

    def __init__(self, status: int, message: str, headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or []

    def response(self) -> Response:
        return Response.text(self.status, str(self), headers=self.headers)


class Request:
    """What the endpoint reads of a request: method, path, parameters, headers, body."""

    def __init__(self, request: StarletteRequest) -> None:
        self._request = request
        self.method = request.method.upper()
        self.path = request.url.path or "/"
        self.args = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
        media, _, options = request.headers.get("content-type", "").partition(";")
        self.content_type = media.strip().lower()
        self.charset = "utf-8"
        for option in options.split(";"):
            key, _, value = option.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                self.charset = value.strip().strip('"')
        self.accept = request.headers.get("accept", "")

    async def body(self) -> str:
        declared = int(self._request.headers.get("content-length") or 0)  # h11 checked it is a number
        if declared > MAX_BODY:
            raise HTTPProblem(413, f"request body too large: {declared} bytes (at most {MAX_BODY})")
        data = bytearray()
        async for chunk in self._request.stream():
            data += chunk
            if len(data) > MAX_BODY:  # a chunked body declares no length
                raise HTTPProblem(413, f"request body too large: more than {MAX_BODY} bytes")
        return _decode(bytes(data), self.charset)


def _decode(data: bytes, charset: str) -> str:
    try:
        return data.decode(charset)
    except UnicodeDecodeError:
        raise HTTPProblem(400, f"the request body is not valid {charset}") from None
    except (LookupError, UnicodeError):  # unknown, or a codec that decodes nothing ('undefined')
        raise HTTPProblem(400, f"unsupported charset {charset!r} in Content-Type — send utf-8") from None


class SparqlApp:
    """The endpoint as an ASGI application (see the module documentation for the routes)."""

    def __init__(
        self,
        dataset: Dataset | Callable[[], Dataset],
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        max_concurrent: int = 4,
        cors_origins: Sequence[str] = (),
        guarded: bool = True,
    ) -> None:
        # A callable gives the dataset as it is now (the workbench's live graph); a dataset is kept.
        self._dataset = dataset if callable(dataset) else lambda: dataset
        self.timeout = timeout
        self.max_rows = max_rows
        #: Queries evaluating at once, each in a worker thread; the others wait for a slot.
        self._slots = anyio.CapacityLimiter(max_concurrent)
        #: How many triples it serves, counted graph by graph once (``len`` of a million-triple
        #: Oxigraph store takes 14 s: it counts distinct triples over the union).
        self.triples = statement_count(self.dataset)
        # Unguarded when an application that guards every route (the workbench) routes to it.
        middleware = [Middleware(Guard)] if guarded else []
        if cors_origins:
            middleware.append(
                Middleware(
                    CORSMiddleware,
                    allow_origins=list(cors_origins),
                    allow_methods=["GET", "POST"],
                    allow_headers=["Content-Type", "Accept"],
                    expose_headers=_EXPOSED,
                    max_age=600,
                )
            )
        self.asgi = Starlette(routes=[Mount("/", app=self._endpoint)], middleware=middleware)

    @property
    def dataset(self) -> Dataset:
        """The dataset the next query reads."""
        return self._dataset()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.asgi(scope, receive, send)

    async def _endpoint(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(StarletteRequest(scope, receive))
        try:
            response = await self.handle(request)
        except HTTPProblem as problem:
            response = problem.response()
        except ClientDisconnect:  # gone before its request was read: no one to answer
            return
        except Exception as error:
            # The details (which may name server files) go to the log, not to the client.
            _log.exception("internal error answering %s %s", request.method, request.path)
            response = Response.text(500, f"internal error ({type(error).__name__}) — the server's log has the details")
        await response.asgi(request.method)(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        method, path = request.method, request.path.rstrip("/") or "/"
        if method == "OPTIONS":
            return Response(204, headers=[("Allow", _ALLOW)])
        if method in ("PUT", "DELETE", "PATCH"):
            raise HTTPProblem(403, GRAPH_STORE_REFUSED)
        if method not in ("GET", "HEAD", "POST"):
            raise HTTPProblem(405, f"method {method} is not allowed", [("Allow", _ALLOW)])
        if path == "/sparql":
            return await self.sparql(request)
        if method == "POST" and (path in ("/data", "/store", "/rdf-graph-store") or _graph_store_args(request)):
            raise HTTPProblem(403, GRAPH_STORE_REFUSED)
        if method == "POST":
            raise HTTPProblem(404, f"not found: {request.path} — the SPARQL endpoint is /sparql")
        if path == "/queries":
            return await anyio.to_thread.run_sync(self.queries)
        raise HTTPProblem(404, f"not found: {request.path} — the SPARQL endpoint is /sparql")

    # --- /sparql ---------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        args = await self._arguments(request)
        queries = args.get("query", [])
        if not queries:
            raise HTTPProblem(
                400,
                "missing query: send query=… (GET or a form POST) or a body of type application/sparql-query",
            )
        if len(queries) > 1:
            raise HTTPProblem(400, "more than one query: send exactly one query parameter")
        params = {key[1:]: values[-1] for key, values in args.items() if key.startswith("$") and len(key) > 1}
        if not await self._take_slot():
            raise HTTPProblem(503, "the server is busy: too many queries at once — try again shortly")
        try:
            # Parsing, evaluation and serialisation block: a worker thread runs them, and the
            # event loop goes on serving other connections.
            return await anyio.to_thread.run_sync(self._answer, queries[0], params, args, request.accept)
        finally:
            self._slots.release()

    async def _take_slot(self) -> bool:
        """Wait for a free query slot, as long as a query may run at most; False if none came."""
        with anyio.move_on_after(self.timeout or 30):
            await self._slots.acquire()
            return True
        return False

    def _answer(self, text: str, params: dict[str, str], args: Mapping[str, list[str]], accept: str) -> Response:
        from actorgraph.sparql import prepare, run_query

        try:
            prepared = prepare(text, self.timeout)
            output = self._negotiate(prepared.kind, args, accept)
            result = run_query(
                self.dataset,
                text,
                params,
                timeout=self.timeout,
                max_rows=self.max_rows,
                default_graphs=args.get("default-graph-uri", []),
                named_graphs=args.get("named-graph-uri", []),
            )
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

    async def _arguments(self, request: Request) -> dict[str, list[str]]:
        args = {key: list(values) for key, values in request.args.items()}
        if request.method == "POST":
            if request.content_type == "application/sparql-update":
                raise HTTPProblem(403, UPDATE_REFUSED)
            if request.content_type == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(await request.body(), keep_blank_values=True)
                for key, values in form.items():
                    args.setdefault(key, []).extend(values)
            elif request.content_type == "application/sparql-query":
                if "query" in args:
                    raise HTTPProblem(400, "send the query either in the body or as query=, not both")
                args["query"] = [await request.body()]
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

    # --- named queries ---------------------------------------------------------------------

    def queries(self) -> Response:
        from actorgraph.queries import list_queries

        data = [q.to_dict(text=True) for q in list_queries()]
        return Response(200, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), "application/json")


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


def make_app(
    dataset: Dataset,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    max_concurrent: int = 4,
    cors_origins: Sequence[str] = (),
) -> SparqlApp:
    """The endpoint for *dataset* as an ASGI application.

    *timeout* (seconds) and *max_rows* bound each query; *max_concurrent* queries run at
    once; *cors_origins* are the browser origins (``https://notebook.example``) allowed to read
    answers, none by default.

    >>> from starlette.testclient import TestClient
    >>> from actorgraph import store
    >>> client = TestClient(make_app(store.load()))
    >>> answer = client.get("/sparql", params={"query": "ASK { actor:Iran ag:backs ?x }"})
    >>> answer.status_code, answer.content
    (200, b'{"head": {}, "boolean": true}')
    """
    return SparqlApp(
        dataset,
        timeout=timeout,
        max_rows=max_rows,
        max_concurrent=max_concurrent,
        cors_origins=cors_origins,
    )


class Guard:
    """Refuses a ``Host`` that is not the address the request reached, and adds the browser
    security headers to every answer (a CSP and a referrer policy of its own unless the answer
    brings them: a workbench form must say its ``Origin``, which ``no-referrer`` makes ``null``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                given = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in given:
                    headers.append((b"content-security-policy", _CSP.encode()))
                headers += [header for header in _SECURITY_HEADERS if header[0] not in given]
                message = {**message, "headers": headers}
            await send(message)

        problem = _misdirected(scope)
        if problem is None:
            await self.app(scope, receive, send_guarded)
        else:
            await problem.response().asgi(scope["method"])(scope, receive, send_guarded)


def _misdirected(scope: Scope) -> HTTPProblem | None:
    """421 for a ``Host`` other than the address and port the connection reached.

    A page on a name the attacker controls can resolve it to 127.0.0.1 (DNS rebinding); its
    requests then reach this server under the attacker's name, which this refuses. A request
    with no ``Host`` (HTTP/1.0) comes from no browser and passes.
    """
    host = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"host"), None)
    allowed = _authorities(*scope["server"])
    if host is None or host.lower() in allowed:
        return None
    shown = " or ".join(sorted(allowed))
    return HTTPProblem(421, f"misdirected request: Host {host!r} is not this endpoint — address it as {shown}")


def _authorities(address: str, port: int) -> set[str]:
    """How a client may name this server in ``Host``: its address (``localhost`` on loopback)."""
    names = {address.lower()}
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:  # a name, as an in-process test client gives
        ip = None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:  # IPv4 on a dual-stack socket
        ip = ip.ipv4_mapped
        names = {str(ip)}
    elif isinstance(ip, ipaddress.IPv6Address):
        names = {f"[{ip.compressed}]"}
    if ip is not None and ip.is_loopback:
        names.add("localhost")
    return {f"{name}:{port}" for name in names} | (names if port == 80 else set())


class _RequestDeadline(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a deadline on the client's side of every exchange.

    uvicorn closes a connection only when it stays idle after an answer (``timeout_keep_alive``):
    one that sends nothing, half a request head, a TLS hello or a body that never ends is held
    forever, and 1,500 of them took the old server down. Here the same delay runs from the
    connection's opening, and from each answer, until the request has fully arrived; then the
    connection is closed unless the request is complete.
    """

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.DONE:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is not h11.DONE:
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.timeout_keep_alive, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


class EndpointServer:
    """uvicorn serving an app on a socket bound beforehand, so that ``url`` is known at once."""

    def __init__(self, app: ASGIApp, listener: socket.socket, *, quiet: bool, head_timeout: int) -> None:
        self.listener = listener
        self.server_address: tuple[str, int] = listener.getsockname()[:2]
        config = uvicorn.Config(
            app,
            http=_RequestDeadline,
            ws="none",
            lifespan="off",
            server_header=False,
            timeout_keep_alive=head_timeout,
            h11_max_incomplete_event_size=MAX_HEAD,
            access_log=not quiet,
            log_level="warning" if quiet else "info",
            log_config=_log_config(),
        )
        self._uvicorn = uvicorn.Server(config)
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown` (from another thread) or Ctrl-C (in the main thread:
        uvicorn finishes the answers under way, then raises ``KeyboardInterrupt``)."""
        self._stopped.clear()
        try:
            self._uvicorn.run(sockets=[self.listener])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` running in another thread, and wait until it has returned."""
        self._uvicorn.should_exit = True
        self._stopped.wait()

    def server_close(self) -> None:
        self.listener.close()


def _log_config() -> dict[str, Any]:
    """uvicorn's logging with its access log on standard error too: standard output carries
    only what ``actorgraph serve`` prints, for scripts that read the address from it."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    return config


def make_server(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 8000, *, quiet: bool = False, head_timeout: int = HEAD_TIMEOUT
) -> EndpointServer:
    """A server for *app* listening on *host*:*port* (port 0: any free port); not yet serving.

    A client has *head_timeout* seconds to send each whole request; an ``OSError`` says why
    the address cannot be bound.
    """
    _raise_open_files_limit()
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except OSError:
        listener.close()
        raise
    return EndpointServer(app, listener, quiet=quiet, head_timeout=head_timeout)


def _raise_open_files_limit() -> None:
    """Let the server hold as many connections as the system allows (the soft limit is often 1,024)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == hard:
        return
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ValueError, OSError):  # macOS refuses an unlimited soft limit; the old one stays
        return
