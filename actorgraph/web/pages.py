"""The browsing pages: home, search, actor, claim and source.

Each page reads what it shows through one or two :class:`~actorgraph.graph.Graph` methods, resource
by resource (an actor's claims, a claim's versions, a source's citing claims), never the whole
graph per request; what needs the whole graph (counts, the search index, the network for the
timeline) is cached with the graph and rebuilt when a file changes.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from actorgraph import resources
from actorgraph.claims import Claim
from actorgraph.errors import UnknownActor, UnknownName
from actorgraph.graph import Graph
from actorgraph.namespace import ACTOR, CLAIM, SOURCE
from actorgraph.propose.sentences import sentences
from actorgraph.sources import source_text
from actorgraph.verbatim import SourceText

if TYPE_CHECKING:  # the application imports its pages: they take it as a type only
    from actorgraph.web.app import Workbench

#: The ego map's hops the actor page offers.
HOPS = (1, 2, 3)
#: Characters of the source text shown on each side of a claim's quote on the claim page.
CONTEXT = 400
#: Rows of claims an actor page lists in each direction, a page at a time (a hub of ICEWS14 has
#: thousands, and each row shown is a claim read).
MAX_ROWS = 50


@dataclass(frozen=True)
class Segment:
    """A run of a source's text, and the claims quoting it (none: text no claim cites here)."""

    text: str
    claims: tuple[Claim, ...] = ()
    ending: tuple[Claim, ...] = ()  # the claims whose quoted passage ends with this run


def routes(workbench: Workbench) -> list[BaseRoute]:
    def page(handler: Callable[[Request], Response], kind: str | None = None) -> Callable[..., Awaitable[Response]]:
        """The handler run in a worker thread (reading the store blocks); for the page of one
        *kind* of resource, an unknown name is a 404 with the closest names."""

        def answer(request: Request) -> Response:
            try:
                return handler(request)
            except UnknownName as error:
                if kind is None:
                    raise
                name = request.path_params["name"]
                close = _actor_suggestions(workbench.graph, name) if kind == "actor" else error.suggestions
                return workbench.render(
                    request, "not_found.html", {"kind": kind, "name": name, "suggestions": close}, 404
                )

        async def endpoint(request: Request) -> Response:
            return await anyio.to_thread.run_sync(answer, request)

        return endpoint

    def home(request: Request) -> Response:
        graph = workbench.graph
        context = {"summary": graph.summary, "changes": graph.recent_changes(limit=15)}
        return workbench.render(request, "home.html", context)

    def search(request: Request) -> Response:
        text = request.query_params.get("q", "")
        return workbench.render(request, "search.html", {"q": text, "results": workbench.graph.search(text)})

    def actor(request: Request) -> Response:
        graph, name = workbench.graph, request.path_params["name"]
        page_number = _page_number(request.query_params.get("page"))
        profile = graph.show(str(ACTOR) + name, limit=MAX_ROWS, offset=(page_number - 1) * MAX_ROWS)
        hops = _hops(request.query_params.get("hops"))
        context = {
            "profile": profile,
            "name": name,
            "hops": hops,
            "hop_choices": HOPS,
            "max_rows": MAX_ROWS,
            "page": page_number,
            "first_row": (page_number - 1) * MAX_ROWS + 1,
            "last_page": max(1, -(-max(profile.totals or (0,)) // MAX_ROWS)),
            "timeline": graph.timeline(str(profile.actor.iri), limit=MAX_ROWS),
        }
        return workbench.render(request, "actor.html", context)

    def claim(request: Request) -> Response:
        graph = workbench.graph
        history = graph.history(str(CLAIM) + request.path_params["name"])
        asked = next(v.claim for v in history.versions if str(v.claim.iri) == history.asked)
        excerpt = _excerpt(graph, asked)
        return workbench.render(request, "claim.html", {"history": history, "claim": asked, "excerpt": excerpt})

    def source(request: Request) -> Response:
        name = request.path_params["name"]
        detail = workbench.graph.source(str(SOURCE) + name)
        text = SourceText(detail.text, name) if detail.text is not None else None
        segments, uncited = _marked(text, detail.claims) if text else ([], [])
        context = {"detail": detail, "segments": segments, "uncited": uncited}
        return workbench.render(request, "source.html", context)

    return [
        Route("/", page(home)),
        Route("/search", page(search)),
        Route("/actors/{name}", page(actor, "actor")),
        Route("/claims/{name}", page(claim, "claim")),
        Route("/sources/{name}", page(source, "source")),
    ]


def _actor_suggestions(graph: Graph, name: str) -> list[tuple[str, str]]:
    """Actors for "did you mean": those whose names hold the words of *name*, else the closest."""
    words = name.replace("_", " ")
    found = [(hit.title, hit.iri) for hit in graph.search(words, limit=5).actors]
    if found:
        return found
    try:
        graph.index.resolve(words)
    except UnknownActor as error:
        return [(label, str(graph.index.resolve(label).iri)) for label in error.suggestions]
    except UnknownName:
        return []
    return []


def _page_number(value: str | None) -> int:
    """The page of an actor's claims asked for (``?page=``, from 1); anything else is the first."""
    return int(value) if value and value.isdigit() and int(value) >= 1 else 1


def _hops(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) in HOPS else HOPS[0]


def _excerpt(graph: Graph, claim: Claim) -> dict[str, str] | None:
    """The quote inside its source's text, with some text either side; None when the text is not
    kept or the quote is not in it verbatim."""
    if claim.source_iri is None:
        return None
    text = source_text(graph.dataset, resources.graph_dir(graph.graph_dir), claim.source_iri)
    spans = text.spans(claim.quote) if text is not None and claim.quote else []
    if text is None or not spans:
        return None
    start, end = spans[0][0], spans[-1][1]
    original = text.original
    first, last = max(0, start - CONTEXT), min(len(original), end + CONTEXT)
    return {
        "before": ("…" if first else "") + original[first:start],
        "quote": original[start:end],
        "after": original[end:last] + ("…" if last < len(original) else ""),
    }


def _marked(text: SourceText, claims: list[Claim]) -> tuple[list[Segment], list[str]]:
    """The source's text cut where quoted passages begin and end, each run with the claims
    quoting it; and the sentences no claim quotes any part of."""
    spans = [(start, end, claim) for claim in claims if claim.quote for start, end in text.spans(claim.quote)]
    original = text.original
    cuts = sorted({0, len(original), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments = []
    for start, end in itertools.pairwise(cuts):
        covering = tuple(claim for s, e, claim in spans if s <= start and end <= e)
        ending = tuple(claim for s, e, claim in spans if e == end)
        segments.append(Segment(original[start:end], covering, ending))
    uncited = [
        sentence.text
        for sentence in sentences(original)
        if not any(s < sentence.end and sentence.start < e for s, e, _ in spans)
    ]
    return segments, uncited
