"""Named errors of the actorgraph library.

Each message is one line a user can act on; the CLI prints it as it is, with no traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MAX_CANDIDATES = 10  # an ambiguous name lists this many candidates, then a count


class ActorgraphError(Exception):
    """Base class of every error actorgraph raises on purpose.

    A message names an argument of the call in backquotes (``give `date` ...``), as the Python
    caller spells it; the CLI writes each such name as the command's option (``--date``).
    """


class GraphNotFound(ActorgraphError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"graph folder not found: {path}")


class GraphSyntaxError(ActorgraphError):
    """An RDF file that does not parse, with the file and line where parsing stopped."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        self.location = f"{path}:{line}" if line else str(path)
        super().__init__(f"{self.location}: {reason}")


class UnknownName(ActorgraphError):
    """A name that matches nothing, with the closest known names."""

    kind = "name"

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        message = f"unknown {self.kind} {name!r}"
        if suggestions:
            message += " — did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        super().__init__(message)


class UnknownActor(UnknownName):
    kind = "actor"


class MissingActor(UnknownActor):
    """An actor a new claim names that the graph does not have: :meth:`explain` says how to
    create it, in the caller's words (the library: the ``new_actors`` argument)."""

    def __init__(self, name: str, suggestions: list[str], end: str, classes: list[str]) -> None:
        self.end = end
        self.classes = classes
        super().__init__(name, suggestions)
        self.unknown = str(self.args[0])
        self.args = (self.explain(f"pass ActorDraft({name!r}, CLASS) in new_actors"),)

    def explain(self, how: str) -> str:
        """The message, where *how* says how to create the actor."""
        joint = " To" if self.suggestions else " — to"
        return f"{self.unknown}{joint} create it, {how} (classes: {', '.join(self.classes)})"

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownRelation(UnknownName):
    kind = "relation"


class UnknownActorType(UnknownName):
    kind = "actor type"


class AmbiguousName(ActorgraphError):
    """A name that fits more than one thing of its kind."""

    kind = "name"

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        shown = ", ".join(repr(c) for c in candidates[:MAX_CANDIDATES])
        more = f" and {len(candidates) - MAX_CANDIDATES} more" if len(candidates) > MAX_CANDIDATES else ""
        super().__init__(f"ambiguous {self.kind} {name!r} — it could be {shown}{more}")


class AmbiguousActor(AmbiguousName):
    """A name that fits more than one actor."""

    kind = "actor"


class InvalidDate(ActorgraphError):
    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"invalid date {value!r} — expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-09-01)")


class QueryError(ActorgraphError):
    """A SPARQL query that cannot be run as given; the ``sparql`` command exits with 2 on it."""

    exit_code = 2


class QuerySyntaxError(QueryError):
    """A query that does not parse, with the line and column where parsing stopped."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        self.reason = reason
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None and column is not None else ""
        super().__init__(f"syntax error{where}: {reason}")


class UnknownPrefix(QueryError):
    """A prefixed name whose prefix the query neither declares nor gets from actorgraph."""

    def __init__(self, prefix: str, known: list[str], line: int | None = None, column: int | None = None) -> None:
        import difflib

        self.prefix = prefix
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None and column is not None else ""
        close = difflib.get_close_matches(prefix, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}:'? Declare" if close else "declare"
        super().__init__(f"unknown prefix '{prefix}:'{where} — {hint} it with PREFIX or use one of: {', '.join(known)}")


class QueryRefused(QueryError):
    """A query actorgraph will not run: an update, a SERVICE call, a graph it would have to fetch."""


class QueryTimeout(QueryError):
    """A query still running when its time ran out; it has been stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        shown = f"{seconds:.1f}" if round(seconds, 1) == seconds else f"{seconds:g}"
        super().__init__(f"query timed out after {shown} s")


class TooManyResults(QueryError):
    """A query whose result has more rows (or triples) than the cap allows."""

    def __init__(self, limit: int, unit: str = "rows") -> None:
        self.limit = limit
        super().__init__(f"the result has more than {limit} {unit} — add a LIMIT or narrow the query")


class QueryFailed(QueryError):
    """A query that parsed and passed the safety checks but failed while running."""


class UnsupportedFormat(QueryError):
    """An output format that cannot represent this kind of result."""

    def __init__(self, format: str, kind: str, choices: list[str]) -> None:
        self.format = format
        self.kind = kind
        self.choices = choices
        super().__init__(f"{format} cannot show {kind} results — use {_or(choices)}")


class QueryParameterError(QueryError):
    """A parameter that the query does not declare, or a declared one missing or of the wrong form."""


class UnknownQuery(UnknownName, QueryError):
    kind = "query"


class UnknownSource(UnknownName):
    kind = "source"


class AmbiguousSource(AmbiguousName):
    """A title or URL that more than one source has; the candidates are their ids."""

    kind = "source"


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


class InvalidConfidence(ActorgraphError):
    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(
            f"invalid confidence {value!r} — expected an Admiralty rating such as B2, "
            "a reliability letter A–F, or a credibility number 1–6"
        )


class UnknownPolarity(UnknownName):
    kind = "polarity"

    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(name, suggestions)
        self.args = (f"{self.args[0]} (expected cooperative, hostile, neutral or structural)",)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownOrigin(UnknownName):
    """An origin of claims that is none of curated, machine-coded or an event data set's name."""

    kind = "origin"

    def __init__(self, name: str, origins: list[str]) -> None:
        import difflib

        super().__init__(name, difflib.get_close_matches(name.strip().lower(), origins, n=1, cutoff=0.6))
        self.args = (f"{self.args[0]} (expected {_or(origins)})",)

    def __str__(self) -> str:
        return str(self.args[0])


class MissingExtra(ActorgraphError):
    """A feature whose optional dependency is not installed, with the command that installs it."""

    def __init__(self, feature: str, extra: str) -> None:
        self.feature = feature
        self.extra = extra
        super().__init__(f"{feature} needs {extra}, which is not installed: pip install 'actorgraph[{extra}]'")


class InvalidPathQuery(ActorgraphError):
    """A path question that cannot be asked as put (bad method, k, hops or ends)."""


class NoPath(ActorgraphError):
    """No path joins the two actors; the message says which constraint or date cut them off.

    ``constraints`` are the path query's arguments in force (name and value) and ``blockers``
    the length of the path found without each one that alone cuts the actors off; :meth:`explain`
    words them as the caller spells its arguments (the CLI as options).
    """

    def __init__(self, source: str, target: str, constraints: dict[str, object], blockers: dict[str, int]) -> None:
        self.source, self.target = source, target
        self.constraints, self.blockers = constraints, blockers
        super().__init__(self.explain(lambda name, value: f"{name}={value!r}"))

    def explain(self, spell: Callable[[str, object], str]) -> str:
        """The message, each constraint written by ``spell(name, value)``."""
        ends = f"no path from {self.source} to {self.target}"
        if not self.constraints:
            return f"{ends}: they are not connected in this graph"
        applied = " ".join(spell(name, value) for name, value in self.constraints.items())
        if not self.blockers:
            return f"{ends} with {applied}; dropping any one of these alone does not connect them"
        without = (
            f"without {spell(name, self.constraints[name])} there is a {length}-hop path"
            for name, length in self.blockers.items()
        )
        return f"{ends} with {applied}; " + "; ".join(without)


class UnknownMethod(UnknownName):
    """An analysis method that does not exist, with the closest name and every choice."""

    kind = "method"

    def __init__(self, name: str, choices: list[str], family: str = "") -> None:
        import difflib

        self.choices = choices
        if family:
            self.kind = f"{family} method"
        super().__init__(name, difflib.get_close_matches(name.strip().lower(), choices, n=1, cutoff=0.6))
        self.args = (f"{self.args[0]} (expected {_or(choices)})",)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownPeriod(UnknownMethod):
    """A period to take dates in that does not exist (a series every month, quarter or year)."""

    kind = "period"


class InvalidAnalysis(ActorgraphError):
    """An analysis that cannot be run as asked: a count below 1, an algorithm that did not converge."""


class InvalidClaim(ActorgraphError):
    """A change to the graph that would break it; nothing was written."""


class ActorChangeRefused(ActorgraphError):
    """A rename, alias, class change, merge or unmerge that would break the graph or cannot be
    done as asked; nothing was written."""


class ReadOnlyGraph(ActorgraphError):
    """A write with no graph folder named, or to the seed graph inside the installed package.

    :meth:`explain` words the message with how the caller names a folder (the CLI: ``--graph``).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        super().__init__(self.explain("the path argument"))

    def explain(self, naming: str) -> str:
        """The message, where *naming* is how to name the graph folder to write to."""
        if self.path is None:
            return f"name the graph folder to change with {naming} (or ACTORGRAPH_GRAPH); writes have no default"
        return (
            f"the bundled seed graph ({self.path}) is read-only: copy it to a folder of your own "
            f"and point {naming} (or ACTORGRAPH_GRAPH) at that folder"
        )


class UnknownClaim(UnknownName):
    kind = "claim"


class NotCurrentClaim(ActorgraphError):
    """A change asked of a claim version that is not the current one: superseded, retracted or proposed.

    ``current`` names the version to change instead, when there is one (a superseded claim's newest successor).
    """

    def __init__(self, claim: str, state: str, current: str | None = None, advice: str = "") -> None:
        self.claim, self.state, self.current = claim, state, current
        suggestion = f" — did you mean its current version {current}?" if current else f": {advice}"
        super().__init__(f"{claim} is {state}{suggestion}")


class InvalidImport(ActorgraphError):
    """An import with bad rows: every one is listed, and nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        noun = "row" if len(errors) == 1 else "rows"
        self.headline = f"nothing imported: {len(errors)} bad {noun}"
        super().__init__(self.headline + "\n" + "\n".join(errors))

    def to_dict(self) -> dict[str, object]:
        """The failed import for scripts: each bad row's file, line (None when the problem has
        no line) and message, as the importers write them (``file:line: message``)."""
        import re

        rows = []
        for error in self.errors:
            found = re.match(r"^(.*?):(\d+): (.*)$", error, re.DOTALL)
            file, line, message = found.groups() if found else (None, None, error)
            rows.append({"file": file, "line": int(line) if line else None, "message": message})
        return {"error": self.headline, "errors": rows}


class UnknownExportFormat(UnknownName):
    kind = "export format"


class CannotWrite(ActorgraphError):
    """An output file or folder that cannot be written; any file already there is left as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")


class InvalidMapRequest(ActorgraphError):
    """A map or export asked for with options that do not fit together (e.g. no path to draw)."""


class UnknownStore(UnknownName):
    kind = "store"

    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(name, suggestions)
        self.args = (f"{self.args[0]} (expected memory, oxigraph:PATH or sparql:URL)",)

    def __str__(self) -> str:
        return str(self.args[0])


class PushFailed(ActorgraphError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"could not push to {url}: {reason}")


class StoreLocationRefused(ActorgraphError):
    """An ``oxigraph:`` store location actorgraph will not build in, since building replaces it."""

    def __init__(self, location: Path, why: str) -> None:
        self.location = location
        self.why = why
        super().__init__(f"refusing to build an Oxigraph store at {location}: {why}")


class GraphFileRefused(GraphSyntaxError):
    """A graph file actorgraph will not read: a link out of the folder, a JSON-LD context it
    would have to fetch, an XML entity declaration."""


class EndpointFailed(ActorgraphError):
    """A ``sparql:`` store whose endpoint could not be reached or did not answer as SPARQL."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"the SPARQL endpoint {url} failed: {reason}")


class EndpointUnreachable(EndpointFailed):
    """No connection to a SPARQL server: nothing listens, the name does not resolve, TLS failed."""

    def __init__(self, url: str, why: str) -> None:
        super().__init__(url, f"cannot connect: {why}")


class EndpointTimedOut(EndpointFailed):
    def __init__(self, url: str, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(url, f"no answer within {timeout:g} s")


class EndpointRefused(EndpointFailed):
    """A SPARQL server that answered with an HTTP error: its status and the first line it gave."""

    def __init__(self, url: str, status: int, detail: str) -> None:
        self.status = status
        self.detail = detail
        super().__init__(url, f"HTTP {status}: {detail}")


class EndpointAuthFailed(EndpointRefused):
    """A SPARQL server that wants a user and password (401), or refuses the one given (403)."""

    def __init__(self, url: str, status: int, detail: str, user: str | None, variable: str) -> None:
        super().__init__(url, status, detail)
        hint = f"give `user` and the password in ${variable}" if user is None else f"check ${variable} for {user!r}"
        self.args = (f"{self.args[0]} — {hint}",)


#: Why writes are refused, in the messages of the query engine and the endpoint.
READ_ONLY = "actorgraph is read-only"
UPDATE_REFUSED = f"SPARQL Update is not allowed: {READ_ONLY}"


class InvalidSourceText(ActorgraphError):
    """A file that cannot be a source's text: missing, not UTF-8, empty, binary, or outside the graph folder."""


class QuoteNotVerbatim(InvalidClaim):
    """A quote that is not in its source's text, with the closest passage of the text."""

    def __init__(self, source: str, quote: str, problem: str) -> None:
        self.source = source
        self.quote = quote
        self.problem = problem
        super().__init__(f"quote not verbatim in {source}: {problem}")


class UnknownProposal(UnknownName):
    kind = "proposal"


class ProposalsNotAccepted(ActorgraphError):
    """Proposals that cannot be accepted as they stand: every one is listed, and nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        noun = "proposal cannot" if len(errors) == 1 else "proposals cannot"
        super().__init__(f"nothing accepted: {len(errors)} {noun} be accepted as proposed\n" + "\n".join(errors))
