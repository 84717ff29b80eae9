"""The workbench application: the live graph, the templates, the routes of every page family.

Each page family is a module with a ``routes(workbench)`` function returning its Starlette routes;
:func:`make_workbench` puts them together behind the endpoint's guard (``Host`` check against DNS
rebinding, security headers) with a Content-Security-Policy that lets a page load only this
server's own scripts, styles and frames.

URLs every page may link to (:func:`actorgraph.web.urls.url_of` gives them for an IRI):

``/``                home: counts, search, recent changes
``/search?q=``       actors, aliases, sources and quote text
``/actors/{name}``   an actor (the local name of its IRI)
``/claims/{id}``     a claim with its history
``/sources/{id}``    a source with its text
``/path``            the path finder; ``/dossier`` a path's dossier
``/map``             the interactive map with its time slider
``/query``           the SPARQL editor; ``/sparql`` the SPARQL 1.1 endpoint; ``/queries`` named queries
``/review``          proposed claims to accept or reject
``/static/…``        the packaged CSS and scripts
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from actorgraph.graph import Graph
from actorgraph.server import DEFAULT_MAX_ROWS, Guard, SparqlApp
from actorgraph.sparql import DEFAULT_TIMEOUT
from actorgraph.web.urls import url_of

#: Pages run this server's own scripts and styles only: no inline script, no other origin.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'"
)


class LiveGraph:
    """The graph a request reads: reopened when a file of its folder changed since the last request.

    A graph on a SPARQL server is the server's business: it is never reopened.
    """

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._lock = threading.Lock()
        self._key = self._fingerprint(graph)

    @staticmethod
    def _fingerprint(graph: Graph) -> str | None:
        from actorgraph import resources, store

        if graph.remote:
            return None
        return store.fingerprint(resources.graph_dir(graph.graph_dir))

    def current(self) -> Graph:
        """The graph as its files are now."""
        with self._lock:
            key = self._fingerprint(self._graph)
            if key != self._key:
                self._graph, self._key = Graph(self._graph.graph_dir, self._graph.store), key
            return self._graph


class Workbench:
    """What every page handler shares: the live graph, the templates, the server's settings."""

    def __init__(
        self,
        graph: Graph,
        *,
        write: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        max_concurrent: int = 4,
    ) -> None:
        self.live = LiveGraph(graph)
        self.write = write
        #: The bounds of a query a page runs: the endpoint's (seconds, None for no limit; rows).
        self.timeout, self.max_rows = timeout, max_rows
        #: Queries pages run at once, each in a worker thread; the others wait for a slot.
        self.query_slots = anyio.CapacityLimiter(max_concurrent)
        #: The one-line confirmations a page shows after a write, by the code of its ``?done=``
        #: (web/curate.py): codes, not text, so that no link can make a page say what it likes.
        self.notices: dict[str, str] = {}
        environment = jinja2.Environment(
            loader=jinja2.PackageLoader("actorgraph.web", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        environment.globals["url_of"] = url_of
        self.templates = Jinja2Templates(env=environment)

    @property
    def graph(self) -> Graph:
        """The graph as its files are now (see :class:`LiveGraph`)."""
        return self.live.current()

    def render(self, request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        """*template* filled with *context*, with what the page frame needs (graph name, write mode)."""
        notice = self.notices.get(request.query_params.get("done", ""))
        frame = {"graph_name": self.graph.name, "write": self.write, "notice": notice}
        response = self.templates.TemplateResponse(request, template, {**frame, **context}, status_code=status)
        response.headers["Content-Security-Policy"] = PAGE_CSP
        return response


def make_workbench(
    graph: Graph,
    *,
    write: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    max_concurrent: int = 4,
    cors_origins: Sequence[str] = (),
) -> Starlette:
    """The workbench for *graph* as an ASGI application.

    Parameters
    ----------
    graph
        The graph to serve, as :func:`actorgraph.open` gives it; its files are watched.
    write
        Whether the curation forms are on (read-only by default); the graph must then be a
        folder of one's own (ReadOnlyGraph otherwise).
    timeout, max_rows, max_concurrent, cors_origins
        The SPARQL endpoint's bounds, as :func:`actorgraph.server.make_app` takes them.

    Returns
    -------
    starlette.applications.Starlette
        The application, to serve with :func:`actorgraph.server.make_server` or call in process.

    Examples
    --------
    >>> from starlette.testclient import TestClient
    >>> import actorgraph
    >>> client = TestClient(make_workbench(actorgraph.open()))
    >>> client.get("/").status_code
    200
    """
    from actorgraph.web import ask, curate, explore, pages, review

    if write:
        from actorgraph.curation import writable_folder

        writable_folder(graph.graph_dir)  # ReadOnlyGraph now, rather than at each form sent
    workbench = Workbench(graph, write=write, timeout=timeout, max_rows=max_rows, max_concurrent=max_concurrent)
    endpoint = SparqlApp(
        lambda: workbench.graph.dataset,  # the files as they are now, as every page reads them
        timeout=timeout,
        max_rows=max_rows,
        max_concurrent=max_concurrent,
        cors_origins=cors_origins,
        guarded=False,
    )
    routes: list[BaseRoute] = [
        Route("/sparql", endpoint),  # every method: the endpoint answers 403/405 itself
        Route("/queries", endpoint),
        # Before the pages: /claims/new is no claim /claims/{id}. One gate for every write form.
        *curate.routes(curation := curate.Curation(workbench)),
        *review.routes(curation),
        *pages.routes(workbench),
        *ask.routes(workbench),
        *explore.routes(workbench),
        Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard)])
    #: How many triples the endpoint serves, vocabulary included (what ``serve`` announces).
    app.state.triples = endpoint.triples
    return app
