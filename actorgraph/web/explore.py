"""The exploring pages: actor name completion, the path finder, path dossiers and the map.

``/complete?q=``   actors whose name (label or alias) or a word of it starts with what is typed, as JSON
``/path``          the path finder: the options of ``actorgraph path`` as a GET form, so an answer
                   is a link; the paths hop by hop with their evidence and sign, and the command line
                   that asks the same
``/dossier``       the same question's path dossier (the map ``path --html`` writes)
``/map``           the map's filters (those of ``export html``) around the map in a frame;
                   ``/map?actor=NAME&hops=N`` is an actor's ego map, as the actor page embeds it
``/map/view``      the map itself: the self-contained page ``export html`` writes, time slider included

Every answer comes from the library (:meth:`Graph.path`, :meth:`Graph.dossier`, :meth:`Graph.map`,
``Graph.index``); a library error is one line on the page, worded with the command line's options
as the equivalent command shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from actorgraph.errors import ActorgraphError, InvalidMapRequest, InvalidPathQuery, NoPath
from actorgraph.graph import Graph
from actorgraph.network import ORIGINS, SIGNS
from actorgraph.thinning import MAX_ACTORS
from actorgraph.web.urls import url_of

if TYPE_CHECKING:  # the application imports its pages: they take it as a type only
    from actorgraph.commands import MapThinning
    from actorgraph.paths import ActorPath, PathReport
    from actorgraph.vocabulary import Vocabulary
    from actorgraph.web.app import Workbench

#: A map brings its scripts inline, allowed by their hashes in its own ``<meta>`` policy; this
#: header adds what a ``<meta>`` policy cannot say: the workbench's own pages may frame it.
MAP_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
#: How many names ``/complete`` gives by default, and at most.
COMPLETIONS, MAX_COMPLETIONS = 10, 50
#: The polarities a map can keep, in the order the form lists them.
POLARITIES = sorted(SIGNS)
#: What each polarity makes of the next actor along a path, for people reading the hops.
TIES = {"cooperative": "ally", "hostile": "enemy", "structural": "structural tie", "neutral": "neutral"}


def routes(workbench: Workbench) -> list[BaseRoute]:
    """The exploring pages of *workbench*."""

    def refused(request: Request, template: str, context: dict[str, Any], error: ActorgraphError) -> Response:
        """The form again, with what is wrong in one line."""
        return workbench.render(request, template, {**context, "error": _as_options(str(error))}, status=400)

    def complete(request: Request) -> Response:
        text = request.query_params.get("q", "")
        asked = request.query_params.get("limit", "")
        limit = min(int(asked) if asked.isdigit() else COMPLETIONS, MAX_COMPLETIONS)
        found = workbench.graph.index.complete(text, limit)
        actors = [{"label": a.label, "name": name, "type": a.type, "url": url_of(a.iri)} for a, name in found]
        return JSONResponse({"query": text, "actors": actors})

    def path_page(request: Request) -> Response:
        graph = workbench.graph
        form = PathForm.read(request.query_params)
        context: dict[str, Any] = {
            "form": form,
            "relations": _relations(graph),
            "polarities": POLARITIES,
            "origins": ORIGINS,
            "paths": [],
            **dict.fromkeys(("error", "command", "report", "dossier")),
        }
        if not form.asked:
            return workbench.render(request, "path.html", context)
        try:
            report = form.ask(graph)
        except NoPath as error:
            context.update(error=error.explain(_option_text), command=form.command(graph))
            return workbench.render(request, "path.html", context)
        except ActorgraphError as error:
            return refused(request, "path.html", context, error)
        context.update(
            report=report,
            paths=[_path_view(path, graph.projection.vocabulary) for path in report.paths],
            command=form.command(graph),
            dossier="/dossier?" + str(request.query_params),
        )
        return workbench.render(request, "path.html", context)

    def dossier(request: Request) -> Response:
        graph = workbench.graph
        form = PathForm.read(request.query_params)
        try:
            report = form.ask(graph)
        except ActorgraphError:  # the path finder says what is wrong, in its one line
            return path_page(request)
        return _map_response(graph.dossier(report, command=form.command(graph)))

    def map_page(request: Request) -> Response:
        graph = workbench.graph
        form = MapForm.read(request.query_params)
        context: dict[str, Any] = {
            "form": form,
            "relations": _relations(graph),
            "polarities": POLARITIES,
            "origins": ORIGINS,
            "max_actors": MAX_ACTORS,
            "error": None,
        }
        try:
            chosen = graph.select(**form.selection())
        except ActorgraphError as error:
            return refused(request, "map.html", context, error)
        network = chosen.network
        context.update(
            counts=(network.number_of_nodes(), network.number_of_edges()),
            total=chosen.total,
            command_all=form.command(graph, everything=True) if chosen.cut else None,
            command=form.command(graph),
            view="/map/view?" + str(request.query_params),
        )
        return workbench.render(request, "map.html", context)

    def map_view(request: Request) -> Response:
        graph = workbench.graph
        form = MapForm.read(request.query_params)
        try:
            page = graph.map(
                **form.selection(),
                size_by=form.size_by,
                command=form.command(graph),
                command_all=form.command(graph, everything=True),
            )
        except ActorgraphError as error:
            return HTMLResponse(f"<p>{_html(_as_options(str(error)))}</p>", status_code=400)
        return _map_response(page)

    return [
        Route("/complete", complete),
        Route("/path", path_page),
        Route("/dossier", dossier),
        Route("/map", map_page),
        Route("/map/view", map_view),
    ]


# --- The path finder's form ----------------------------------------------------------------------


@dataclass
class PathForm:
    """The path finder's fields, read from the query string: the arguments of :meth:`Graph.path`."""

    source: str = ""
    target: str = ""
    method: str = "shortest"
    k: str = ""
    max_hops: str = ""
    max_paths: str = ""
    directed: bool = False
    relations: list[str] = field(default_factory=list)
    exclude_relations: list[str] = field(default_factory=list)
    polarities: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    min_confidence: str = ""
    as_of: str = ""
    exclude_disputed: bool = False
    origin: str = ""
    rank: str = "length"

    @classmethod
    def read(cls, params: QueryParams) -> PathForm:
        def many(name: str) -> list[str]:
            return [value.strip() for value in params.getlist(name) if value.strip()]

        return cls(
            source=params.get("from", "").strip(),
            target=params.get("to", "").strip(),
            method=params.get("method", "shortest"),
            k=params.get("k", "").strip(),
            max_hops=params.get("max_hops", "").strip(),
            max_paths=params.get("max_paths", "").strip(),
            directed="directed" in params,
            relations=many("relation"),
            exclude_relations=many("exclude_relation"),
            polarities=many("polarity"),
            via=many("via"),
            avoid=many("avoid"),
            min_confidence=params.get("min_confidence", "").strip(),
            as_of=params.get("as_of", "").strip(),
            exclude_disputed="exclude_disputed" in params,
            origin=params.get("origin", "").strip(),
            rank=params.get("rank", "length"),
        )

    @property
    def asked(self) -> bool:
        """Whether a question was put (both ends named), rather than the form opened, perhaps with
        one end filled in by a link (an actor page's "Paths from")."""
        return bool(self.source and self.target)

    def ask(self, graph: Graph) -> PathReport:
        """The paths :meth:`Graph.path` finds in *graph* for these fields."""
        for end, name in ((self.source, "from"), (self.target, "to")):
            if not end:
                raise InvalidPathQuery(f"name the actor the path goes {name}")
        return graph.path(self.source, self.target, **self.arguments())

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of :meth:`Graph.path` (but the two ends), each as the command takes it."""
        from actorgraph.paths import MAX_PATHS

        return {
            "method": self.method,
            "k": _or_default(_whole(self.k, "k"), 3),
            "max_hops": _whole(self.max_hops, "max_hops"),
            "max_paths": _or_default(_whole(self.max_paths, "max_paths"), MAX_PATHS),
            "directed": self.directed,
            "relations": tuple(self.relations),
            "exclude_relations": tuple(self.exclude_relations),
            "polarities": tuple(self.polarities),
            "via": tuple(self.via),
            "avoid": tuple(self.avoid),
            "min_confidence": self.min_confidence or None,
            "as_of": self.as_of or None,
            "rank": self.rank,
            "exclude_disputed": self.exclude_disputed,
            "origin": self.origin or None,
        }

    def command(self, graph: Graph) -> str:
        """The ``actorgraph path`` command line that asks the same question."""
        from actorgraph.commands import path_command

        options = self.arguments()
        k = options["k"] if self.method == "k" else None
        return path_command(graph, self.source, self.target, self.method, k, options)


def _or_default(number: int | None, default: int) -> int:
    return default if number is None else number


def _whole(text: str, name: str, error: type[ActorgraphError] = InvalidPathQuery) -> int | None:
    """*text* as a whole number; None when empty."""
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise error(f"`{name}` must be a whole number, not {text!r}") from None


# --- The map's form ------------------------------------------------------------------------------


@dataclass
class MapForm:
    """The map's filters, read from the query string: those of ``export html``."""

    actors: list[str] = field(default_factory=list)
    hops: str = ""
    relations: list[str] = field(default_factory=list)
    as_of: str = ""
    size_by: str = "degree"
    polarities: list[str] = field(default_factory=list)
    min_confidence: str = ""
    min_claims: str = ""
    origin: str = ""
    max_actors: str = ""

    @classmethod
    def read(cls, params: QueryParams) -> MapForm:
        return cls(
            actors=[value.strip() for value in params.getlist("actor") if value.strip()],
            hops=params.get("hops", "").strip(),
            relations=[value for value in params.getlist("relation") if value],
            as_of=params.get("as_of", "").strip(),
            size_by=params.get("size_by", "degree"),
            polarities=[value for value in params.getlist("polarity") if value],
            min_confidence=params.get("min_confidence", "").strip(),
            min_claims=params.get("min_claims", "").strip(),
            origin=params.get("origin", "").strip(),
            max_actors=params.get("max_actors", "").strip().lower(),
        )

    @property
    def around(self) -> int:
        """How many hops around the actors the map reaches (1 unless said)."""
        hops = _whole(self.hops, "hops", InvalidMapRequest)
        if hops is not None and hops < 0:
            raise InvalidMapRequest(f"hops must be 0 or more, not {hops}")
        return 1 if hops is None else hops

    @property
    def limit(self) -> int | None:
        """How many actors the map draws at most (``None``: every one)."""
        if self.max_actors == "all":
            return None
        number = _whole(self.max_actors, "max_actors", InvalidMapRequest)
        return MAX_ACTORS if number is None else number

    def selection(self) -> dict[str, Any]:
        """The arguments of :meth:`Graph.select` (and of :meth:`Graph.map`)."""
        return {
            "focus": self.actors,
            "hops": self.around,
            "relations": self.relations,
            "as_of": self.as_of or None,
            "origin": self.origin or None,
            "polarities": self.polarities,
            "min_confidence": self.min_confidence or None,
            "min_claims": _or_default(_whole(self.min_claims, "min_claims", InvalidMapRequest), 1),
            "max_actors": self.limit,
        }

    def thinning(self) -> MapThinning:
        """The options that thin the map, as its command line gives them."""
        from actorgraph.commands import MapThinning

        given = self.max_actors
        max_actors = given if given == "all" else _whole(given, "max_actors", InvalidMapRequest)
        return MapThinning(
            tuple(self.polarities),
            self.min_confidence or None,
            _whole(self.min_claims, "min_claims", InvalidMapRequest),
            max_actors,
        )

    def command(self, graph: Graph, everything: bool = False) -> str:
        """The ``actorgraph export html`` command line that draws the same map (*everything*: every actor)."""
        from actorgraph.commands import export_command

        hops = self.around if self.actors and self.hops else None  # hops without an actor mean nothing
        size_by = self.size_by if self.size_by != "degree" else None
        as_of = self.as_of or None
        thinning = self.thinning().everything() if everything else self.thinning()
        return export_command(
            graph,
            "html",
            None,
            tuple(self.actors),
            hops,
            tuple(self.relations),
            as_of,
            None,
            size_by,
            self.origin or None,
            None,
            thinning,
        )


# --- What the pages show ---------------------------------------------------------------------------


def _relations(graph: Graph) -> list[tuple[str, str]]:
    """Every relation of the vocabulary for a list box, in tree order: name and indented label."""
    return [(r.name, "\u2003" * depth + r.label) for depth, r in graph.projection.vocabulary.in_tree_order()]


def _path_view(path: ActorPath, vocabulary: Vocabulary) -> dict[str, Any]:
    """A path as the page lists it: its sign, its chain and each hop with its evidence."""
    from actorgraph.maps import SIGN_CLASSES, SIGN_MARKS
    from actorgraph.paths import SIGN_WORDS

    hops = [
        {
            "hop": hop,
            "tie": TIES[hop.polarity],
            "others": [vocabulary.relation(r).label for r in hop.relations if r != hop.relation],
        }
        for hop in path.hops
    ]
    return {
        "path": path,
        "sign": SIGN_MARKS[path.sign],
        "sign_class": SIGN_CLASSES[path.sign],
        "sign_text": SIGN_WORDS[path.sign],
        "hops": hops,
    }


def _option_text(name: str, value: object) -> str:
    from actorgraph.commands import path_option_text

    return path_option_text(name, value)


def _as_options(message: str) -> str:
    """*message* with each argument it names in backquotes written as the command line's option."""
    return re.sub(r"`(\w+)`", lambda found: "--" + found.group(1).replace("_", "-"), message)


def _html(text: str) -> str:
    from actorgraph.escapes import html_text

    return html_text(text)


def _map_response(page: str) -> Response:
    return HTMLResponse(page, headers={"Content-Security-Policy": MAP_CSP})
