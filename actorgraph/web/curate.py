"""The curation forms (on with ``serve --write``): add, edit, retract, dispute and restore a claim,
merge an actor; the review queue's decisions (``web/review.py``) go through the same gate.

A GET shows a form; a POST writes through the library (``Graph.add``, ``edit``, ``retract``,
``dispute``, ``restore``, ``merge``: each checked before writing, atomic, under the folder's lock),
never to a file directly, and only once :class:`~actorgraph.web.csrf.WriteCheck` has found the
request to come from a form of this server. A library error comes back as its one-line message
above the form, the user's input kept; a write that worked redirects (303) to the claim or actor
page, which says in one line what was done (``?done=CODE``, one of :data:`NOTICES`). On a
read-only workbench every one of these URLs answers 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from actorgraph.errors import ActorgraphError, InvalidClaim, MissingActor
from actorgraph.graph import Graph
from actorgraph.web.csrf import TOKEN_FIELD, WriteCheck
from actorgraph.web.urls import url_of

if TYPE_CHECKING:  # the application imports its pages: they take it as a type only
    from actorgraph.web.app import Workbench

#: What the page a write redirects to says, by the code in its ``?done=``.
NOTICES = {
    "added": "Claim added.",
    "edited": "Claim corrected: this is its new version; the old one is kept, superseded.",
    "retracted": "Claim retracted: it is kept in the record, with the reason.",
    "disputed": "Dispute recorded: the claim now reads as disputed.",
    "restored": "Retraction taken back: the claim counts again.",
    "merged": "Merge recorded: the other actor now reads as this one; the files keep both.",
    "accepted": "Proposal accepted as this claim.",
    "rejected": "Proposal rejected: it is kept, with the reason.",
    "unchanged": "Nothing changed: the graph says this already.",
}
READ_ONLY = "write refused: this workbench is read-only (start it with actorgraph serve --write)"
MAX_FORM = 1 << 20  # bytes of a form's body: a quote is long, a megabyte is not a quote
_FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Field:
    """One input of a form; ``kind`` is ``text``, ``textarea``, ``select`` (of ``choices``) or
    ``actor`` (text completed from the graph's actor names)."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    hint: str = ""


@dataclass(frozen=True)
class Form:
    """A curation form: its fields, what it shows first, and the write it makes.

    ``about`` gives, for the form's target (the claim id or actor name of its URL), a line saying
    what it is about and the values shown first; it raises the library's error for an unknown
    target. ``write`` makes the change from the values sent and says which page to go to then,
    with its notice code.
    """

    title: str
    button: str
    fields: Callable[[Graph], list[Field]]
    about: Callable[[Graph, str], tuple[str, dict[str, str]]]
    write: Callable[[Graph, str, dict[str, str]], tuple[str, str]]


@dataclass
class Curation:
    """What every write route shares: the workbench and the checks of its write requests."""

    workbench: Workbench
    check: WriteCheck = field(default_factory=WriteCheck)

    def show(self, request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
        """*template* with the token of the browser's session (given a session cookie if it has none)."""
        session, fresh = self.check.session(request)
        response = self.workbench.render(
            request, template, {**context, "csrf_token": self.check.token(session)}, status
        )
        if fresh:
            self.check.keep_session(response, session)
        # The page's forms then say their Origin (``no-referrer``, the default, makes it ``null``),
        # and still tell no other site where the browser came from.
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def refused(self, request: Request, message: str, status: int = 403) -> Response:
        """A one-line page saying why nothing was written."""
        return self.workbench.render(request, "refused.html", {"message": message}, status)

    async def values(self, request: Request) -> dict[str, str] | Response:
        """The values a write request sends, or the refusal to answer if it may not write."""
        if not self.workbench.write:
            return self.refused(request, READ_ONLY)
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != _FORM_TYPE:
            return self.refused(request, f"write refused: a form sends {_FORM_TYPE}", 415)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM:
                return self.refused(request, f"write refused: a form of more than {MAX_FORM} bytes", 413)
        try:
            values = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            return self.refused(request, "write refused: the form is not UTF-8", 400)
        problem = self.check.refusal(request, values.pop(TOKEN_FIELD, None))
        return self.refused(request, problem) if problem else values

    async def write(self, action: Callable[[], tuple[str, str]]) -> Response:
        """Run *action* (a library write, off the event loop); go to the page it names."""
        page, code = await run_in_threadpool(action)
        return RedirectResponse(f"{page}?done={code}", status_code=303)


def routes(curation: Curation) -> list[BaseRoute]:
    curation.workbench.notices.update(NOTICES)
    forms = {
        "/claims/new": ADD,
        "/claims/{target}/edit": EDIT,
        "/claims/{target}/retract": RETRACT,
        "/claims/{target}/dispute": DISPUTE,
        "/claims/{target}/restore": RESTORE,
        "/actors/{target}/merge": MERGE,
    }
    found: list[BaseRoute] = [
        Route(path, _endpoint(curation, form), methods=["GET", "POST"]) for path, form in forms.items()
    ]
    return found


def _endpoint(curation: Curation, form: Form) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        if not curation.workbench.write:
            return curation.refused(request, READ_ONLY)
        graph, target = curation.workbench.graph, request.path_params.get("target", "")
        try:
            about, shown = form.about(graph, target)
        except ActorgraphError as error:
            return curation.refused(request, str(error), 404)
        if request.method == "GET":  # a link may fill fields in (an actor page: /claims/new?subject=...)
            names = {f.name for f in form.fields(graph)}
            shown |= {name: value for name, value in request.query_params.items() if name in names}
            return _page(curation, request, form, graph, about, shown)
        values = await curation.values(request)
        if isinstance(values, Response):
            return values
        try:
            return await curation.write(lambda: form.write(graph, target, values))
        except ActorgraphError as error:
            message = worded(error, form.fields(graph))
            return _page(curation, request, form, graph, about, values, message, status=400)

    return endpoint


def _page(
    curation: Curation,
    request: Request,
    form: Form,
    graph: Graph,
    about: str,
    values: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "title": form.title,
        "button": form.button,
        "about": about,
        "fields": form.fields(graph),
        "values": values,
        "error": error,
        "action": request.url.path,
    }
    return curation.show(request, "curate.html", context, status)


def worded(error: ActorgraphError, fields: list[Field]) -> str:
    """The library's one-line message, each argument it names in backquotes said as the form's label."""
    if isinstance(error, MissingActor):
        return error.explain("choose its class under “If new, its class” in the form")
    labels = {f.name: f"“{f.label}”" for f in fields}
    return re.sub(r"`(\w+)`", lambda found: labels.get(found.group(1), found.group(0)), str(error))


def done(action: str, iri: str, code: str) -> tuple[str, str]:
    """The page of *iri* and the notice to show there: *code*, or ``unchanged`` for a change that
    changed nothing."""
    page = url_of(iri) or "/"
    return page, "unchanged" if action.startswith("unchanged") else code


# --- the fields ----------------------------------------------------------------------------------


def relation_choices(graph: Graph) -> tuple[tuple[str, str], ...]:
    return tuple((r.name, "\u2003" * depth + r.name) for depth, r in graph.relations().in_tree_order())


def _classes(graph: Graph) -> tuple[tuple[str, str], ...]:
    return (("", "an actor of the graph"), *((name, name) for name in sorted(graph.relations().actor_types)))


def _sources(graph: Graph) -> tuple[tuple[str, str], ...]:
    return tuple((s.id, f"{s.title} ({s.id})") for s in graph.sources())


_RELIABILITY = (("", "the source's (else F)"), *((r, r) for r in "ABCDEF"))
CREDIBILITY_CHOICES = tuple((str(c), str(c)) for c in range(1, 7))
_DATE_HINT = "YYYY-MM-DD, YYYY-MM or YYYY"


def _evidence(graph: Graph) -> list[Field]:
    """The fields of a claim's evidence, which both adding and correcting take."""
    return [
        Field("source", "Source", "select", _sources(graph), required=True),
        Field("quote", "Quote", "textarea", required=True, hint="the source's words, verbatim"),
        Field("date", "Date", hint=f"when the event happened: {_DATE_HINT}"),
        Field("start", "Start", hint="when a state of affairs began"),
        Field("end", "End", hint="when a state of affairs ended"),
        Field("reliability", "Reliability", "select", _RELIABILITY, hint="Admiralty source reliability"),
        Field("credibility", "Credibility", "select", CREDIBILITY_CHOICES, hint="Admiralty information credibility"),
        Field("attributed_to", "Said by", hint="who, in the source, makes the claim"),
        Field("comment", "Comment", hint="a curator's note kept with the claim"),
    ]


def _claim_fields(graph: Graph) -> list[Field]:
    classes = _classes(graph)
    return [
        Field("subject", "Subject", "actor", required=True),
        Field("subject_type", "If new, its class", "select", classes),
        Field("relation", "Relation", "select", relation_choices(graph), required=True),
        Field("object", "Object", "actor", required=True),
        Field("object_type", "If new, its class", "select", classes),
        *_evidence(graph),
    ]


def _credibility(value: str) -> int:
    if not value.isdigit():
        raise InvalidClaim(f"invalid credibility {value!r} — expected a number from 1 to 6")
    return int(value)


def given_values(values: dict[str, str], names: list[str]) -> dict[str, Any]:
    """The values of *names* the form filled in, credibility as a number."""
    given: dict[str, Any] = {name: values[name] for name in names if values.get(name)}
    if "credibility" in given:
        given["credibility"] = _credibility(given["credibility"])
    return given


def changed(values: dict[str, str], before: dict[str, str]) -> dict[str, str]:
    """The *values* sent that differ from those a form showed first (*before*): what to change."""
    return {name: value for name, value in values.items() if name in before and value != before[name]}


# --- the forms -------------------------------------------------------------------------------------


def _add(graph: Graph, _target: str, values: dict[str, str]) -> tuple[str, str]:
    from actorgraph.curation import ClaimDraft

    names = [f.name for f in _claim_fields(graph)]
    given = given_values(values, names)
    required = {name: given.pop(name, "") for name in ("subject", "relation", "object", "source", "quote")}
    change = graph.add(ClaimDraft(**required, **given))
    return done(change.action, change.iri, "added")


ADD = Form(
    "Add a claim",
    "Add the claim",
    _claim_fields,
    lambda graph, _target: ("", {"credibility": "6"}),
    _add,
)


def _claim(graph: Graph, target: str) -> Any:
    """The current version of the claim *target* names (UnknownClaim if none)."""
    return graph.history(target).current


def _claim_line(graph: Graph, target: str) -> str:
    claim = _claim(graph, target)
    return f"{claim.subject} —{claim.relation}→ {claim.object} [{target}]"


def _edit_fields(graph: Graph) -> list[Field]:
    return [*_evidence(graph), Field("reason", "Why", hint="why the claim is corrected (kept with the old version)")]


def _current_values(graph: Graph, target: str) -> tuple[str, dict[str, str]]:
    from actorgraph.vocabulary import local_name

    claim = _claim(graph, target)
    shown = {
        "source": local_name(str(claim.source_iri)) if claim.source_iri else "",
        "quote": claim.quote,
        "date": str(claim.date or ""),
        "start": str(claim.start or ""),
        "end": str(claim.end or ""),
        "reliability": claim.reliability or "",
        "credibility": str(claim.credibility or ""),
        "attributed_to": claim.attributed_to or "",
        "comment": claim.comment or "",
    }
    return _claim_line(graph, target), shown


def _edit(graph: Graph, target: str, values: dict[str, str]) -> tuple[str, str]:
    from actorgraph.history import ClaimEdit

    # What the form shows first is the claim as it is: only what was changed is an edit.
    _, before = _current_values(graph, target)
    edit = ClaimEdit(**given_values(changed(values, before), list(before)), reason=values.get("reason") or None)
    change = graph.edit(target, edit)
    return done(change.action, change.iri, "edited")


EDIT = Form("Correct a claim", "Save the new version", _edit_fields, _current_values, _edit)


def _retract(graph: Graph, target: str, values: dict[str, str]) -> tuple[str, str]:
    change = graph.retract(target, values.get("reason", ""))
    return done(change.action, change.iri, "retracted")


RETRACT = Form(
    "Retract a claim",
    "Retract",
    lambda graph: [Field("reason", "Why", required=True, hint="kept with the claim, which stays in the record")],
    lambda graph, target: (_claim_line(graph, target), {}),
    _retract,
)


def _dispute_fields(graph: Graph) -> list[Field]:
    return [
        Field("source", "Source", "select", _sources(graph), required=True, hint="the source that reports the dispute"),
        Field("quote", "Quote", "textarea", required=True, hint="the source's words that contest the claim, verbatim"),
        Field("by", "Contested by", "actor", hint="the actor who contests it, when the source reports their denial"),
        Field("date", "Date", hint=f"when the claim was contested: {_DATE_HINT}"),
        Field("comment", "Comment", hint="a curator's note kept with the dispute"),
    ]


def _dispute(graph: Graph, target: str, values: dict[str, str]) -> tuple[str, str]:
    from actorgraph.disputes import DisputeDraft

    given = given_values(values, ["by", "date", "comment"])
    claim = str(_claim(graph, target).iri)
    change = graph.dispute(DisputeDraft(target, values.get("source", ""), values.get("quote", ""), **given))
    return done(change.action, claim, "disputed")


DISPUTE = Form(
    "Dispute a claim",
    "Record the dispute",
    _dispute_fields,
    lambda graph, target: (_claim_line(graph, target), {}),
    _dispute,
)


def _retracted_line(graph: Graph, target: str) -> tuple[str, dict[str, str]]:
    claim = _claim(graph, target)
    why = f" — retracted: {claim.deprecation_reason}" if claim.deprecated and claim.deprecation_reason else ""
    return _claim_line(graph, target) + why, {}


def _restore(graph: Graph, target: str, _values: dict[str, str]) -> tuple[str, str]:
    change = graph.restore(target)
    return done(change.action, change.iri, "restored")


RESTORE = Form("Restore a retracted claim", "Restore", lambda graph: [], _retracted_line, _restore)


def _actor(graph: Graph, target: str) -> Any:
    return graph.index.resolve(f"actor:{target}")


def _merge(graph: Graph, target: str, values: dict[str, str]) -> tuple[str, str]:
    canonical = _actor(graph, target)
    change = graph.merge(
        str(canonical.iri), values.get("merged", ""), values.get("reason", ""), values.get("by") or None
    )
    return done(change.action, str(canonical.iri), "merged")


MERGE = Form(
    "Merge an actor into this one",
    "Merge",
    lambda graph: [
        Field("merged", "Actor to merge into this one", "actor", required=True, hint="it will read as this actor"),
        Field("reason", "Why", required=True, hint="why they are one actor, kept with the decision"),
        Field("by", "Decided by", hint="who decides (by default the server's user name)"),
    ],
    lambda graph, target: (f"{_actor(graph, target).label} ({_actor(graph, target).type})", {}),
    _merge,
)
