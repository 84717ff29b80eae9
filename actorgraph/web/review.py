"""The review queue, ``/review``: the open proposals (``Graph.proposals``), each with its quote
marked inside the sentences of its source's text around it, what it proposes, its date, score
and reasons. With ``serve --write`` each has an accept form (relation, actors, date, rating may be
changed on the way in) and a reject form (the reason), through ``Graph.accept`` and
``Graph.reject`` and the write checks of ``web/curate.py``; without, the list is read-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from actorgraph.errors import ActorgraphError
from actorgraph.graph import Graph
from actorgraph.proposals import StoredProposal
from actorgraph.web.curate import (
    CREDIBILITY_CHOICES,
    Curation,
    Field,
    changed,
    given_values,
    relation_choices,
    worded,
)
from actorgraph.web.urls import url_of

#: Where a sentence ends: its closing mark (and quotation mark or bracket) then space, or a line break.
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")
_REACH = 800  # characters looked at either side of a quote for the sentences around it
_MARKED = ("trigger", "subject", "object", "date")


@dataclass(frozen=True)
class Passage:
    """A quote inside its source's text: the sentence before it, the quote in marked pieces
    (``(text, part)``, part ``""`` or one of trigger, subject, object, date), the sentence after."""

    before: str
    quote: tuple[tuple[str, str], ...]
    after: str


@dataclass(frozen=True)
class Item:
    """A proposal as the queue shows it: in its passage, with its accept form's values and, when
    a decision on it was refused, why."""

    proposal: StoredProposal
    passage: Passage
    values: dict[str, str]
    error: str | None = None


def passage(text: str | None, proposal: StoredProposal) -> Passage:
    """*proposal*'s quote in the sentences of *text* around it (the quote alone when the text is
    not kept, or does not hold it as written)."""
    marked = tuple(proposal.marked(_MARKED))
    found = _find(text or "", proposal.quote)
    if text is None or found is None:
        return Passage("", marked, "")
    start, end = found
    if text[start:end] != proposal.quote:  # the same words, spaced otherwise: the offsets do not fit
        marked = ((text[start:end], ""),)
    return Passage(text[_sentence_start(text, start) : start], marked, text[end : _sentence_end(text, end)])


def _find(text: str, quote: str) -> tuple[int, int] | None:
    """Where *quote* is in *text*, any run of whitespace standing for any other (as verbatim.py reads quotes)."""
    words = quote.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return (found.start(), found.end()) if found else None


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence before the one *at* is in starts (or the text, or the reach)."""
    ends = [m.end() for m in _BOUNDARY.finditer(text, max(0, at - _REACH), at)]
    return ends[-2] if len(ends) >= 2 else max(0, at - _REACH)


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence after the one *at* ends in ends (or the text, or the reach)."""
    stops = []
    # A quote that ends with its sentence's full stop: that stop ends the sentence it is in.
    after = at - 1 if at and text[at - 1] in ".!?" else at
    for m in _BOUNDARY.finditer(text, after, min(len(text), at + _REACH)):
        stops.append(m.start() + len(m.group().rstrip()))
        if len(stops) == 2:
            return stops[1]
    return min(len(text), at + _REACH)


def _accept_fields(graph: Graph) -> list[Field]:
    return [
        Field("subject", "Subject", "actor"),
        Field("relation", "Relation", "select", relation_choices(graph)),
        Field("object", "Object", "actor"),
        Field("date", "Date", hint="YYYY-MM-DD, YYYY-MM or YYYY"),
        Field("reliability", "Reliability", "select", tuple((r, r) for r in "ABCDEF")),
        Field("credibility", "Credibility", "select", CREDIBILITY_CHOICES),
        Field("comment", "Comment", hint="a curator's note kept with the claim"),
    ]


def _proposed(proposal: StoredProposal) -> dict[str, str]:
    """The accept form's values as the proposal has them."""
    return {
        "subject": proposal.subject.name,
        "relation": proposal.relation,
        "object": proposal.object.name,
        "date": proposal.date or "",
        "reliability": proposal.reliability,
        "credibility": str(proposal.credibility),
        "comment": "",
    }


def routes(curation: Curation) -> list[BaseRoute]:
    workbench = curation.workbench

    def page(request: Request, failed: tuple[str, dict[str, str], str] | None = None) -> Response:
        """The queue; *failed* is a decision the library refused: (proposal, values sent, message)."""
        graph = workbench.graph
        texts: dict[str, str | None] = {}
        items = []
        for proposal in graph.proposals():
            if proposal.source not in texts:
                texts[proposal.source] = _source_text(graph, proposal.source)
            item = Item(proposal, passage(texts[proposal.source], proposal), _proposed(proposal))
            if failed is not None and failed[0] == proposal.id:
                item = Item(proposal, item.passage, {**item.values, **failed[1]}, failed[2])
            items.append(item)
        # A refusal about no proposal of the list (an id gone or mistyped) is said above the list.
        stray = failed[2] if failed and all(item.proposal.id != failed[0] for item in items) else None
        context: dict[str, Any] = {"items": items, "fields": _accept_fields(graph), "error": stray}
        if not workbench.write:
            return workbench.render(request, "review.html", {**context, "csrf_token": ""})
        return curation.show(request, "review.html", context, 400 if failed else 200)

    async def queue(request: Request) -> Response:
        return page(request)

    async def accept(request: Request) -> Response:
        from actorgraph.proposals import ProposalEdits

        values = await curation.values(request)
        if isinstance(values, Response):
            return values
        proposal = request.path_params["proposal"]
        graph = workbench.graph
        try:
            before = next((_proposed(p) for p in graph.proposals() if p.id == proposal), {})
            edits = ProposalEdits(**given_values(changed(values, before), list(before)))
            decision = await run_in_threadpool(graph.accept, proposal, edits)
        except ActorgraphError as error:
            return page(request, (proposal, values, worded(error, _accept_fields(graph))))
        claim = decision.decided[0][1] if decision.decided else None
        return RedirectResponse(f"{url_of(claim) or '/review'}?done=accepted", status_code=303)

    async def reject(request: Request) -> Response:
        values = await curation.values(request)
        if isinstance(values, Response):
            return values
        proposal = request.path_params["proposal"]
        try:
            await run_in_threadpool(workbench.graph.reject, proposal, values.get("reason", ""))
        except ActorgraphError as error:
            return page(request, (proposal, values, str(error)))
        return RedirectResponse("/review?done=rejected", status_code=303)

    return [
        Route("/review", queue),
        Route("/review/{proposal}/accept", accept, methods=["POST"]),
        Route("/review/{proposal}/reject", reject, methods=["POST"]),
    ]


def _source_text(graph: Graph, source: str) -> str | None:
    try:
        return graph.source(source).text
    except ActorgraphError:  # a text gone or unreadable: the quote is shown alone
        return None
