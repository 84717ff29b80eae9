"""Named queries: the analyst questions kept as ``.rq`` files in ``ontology/queries/``.

Each file opens with a comment header that says what the query answers and which parameters
it takes::

    # title: Who backs whom
    # description: Every claim that one actor backs another, with source and quote.
    # param: backer (actor, optional) — only what this actor backs
    # param: date (date) — the day to look at

A parameter ``NAME`` binds the variable ``?NAME`` before the query runs. Its type says how
the value a user types is read: ``actor`` (a name, resolved like everywhere else), ``date``
(YYYY, YYYY-MM or YYYY-MM-DD, typed by precision), ``source``, ``relation``, ``integer``,
``string`` or ``iri``. A parameter is required unless it is marked ``optional`` or has a
``default VALUE``. Any query text may carry such a header, not only the named ones.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from actorgraph import resources
from actorgraph.errors import QueryParameterError, UnknownQuery

#: The types a parameter can have, and what a user types for each.
PARAMETER_TYPES = {
    "actor": "an actor name",
    "date": "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "source": "a source (its name or IRI)",
    "relation": "a relation (e.g. backs)",
    "integer": "a whole number",
    "string": "a text",
    "iri": "an IRI",
}

_FIELD = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"(?:\((?P<options>[^)]*)\))?\s*"
    r"(?:(?:—|–|--|-|:)\s*(?P<description>.*))?$"
)


@dataclass(frozen=True)
class Parameter:
    """A parameter a query declares: it binds ``?name`` to the value given for it."""

    name: str
    type: str = "string"
    optional: bool = False
    default: str | None = None
    description: str = ""

    @property
    def required(self) -> bool:
        return not self.optional and self.default is None

    @property
    def usage(self) -> str:
        """How to give it on the command line: ``date=DATE``, ``[actor=ACTOR]``, ``[credibility=3]``.

        >>> Parameter("actor", "actor", optional=True).usage
        '[actor=ACTOR]'
        """
        value = self.default if self.default is not None else self.type.upper()
        return f"{self.name}={value}" if self.required else f"[{self.name}={value}]"

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "default": self.default,
            "description": self.description,
        }


@dataclass(frozen=True)
class QueryHeader:
    """What the comment header of a query says: title, description and parameters."""

    title: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name (the file's stem), header and text."""

    name: str
    path: Path
    text: str
    header: QueryHeader = field(default_factory=QueryHeader)

    @property
    def title(self) -> str:
        return self.header.title or self.name

    @property
    def description(self) -> str:
        return self.header.description

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self.header.parameters

    def to_dict(self, text: bool = False) -> dict[str, object]:
        data: dict[str, object] = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [p.to_dict() for p in self.parameters],
        }
        if text:
            data["text"] = self.text
        return data


def parse_header(text: str, where: str = "query") -> QueryHeader:
    """Read the ``# title:``, ``# description:`` and ``# param:`` lines that open *text*.

    The header is the run of comment lines (and blank lines) before the first line of
    SPARQL. A comment line indented by two or more spaces continues the field above it.

    >>> header = parse_header('''# title: Proxies
    ... # param: actor (actor, optional) — only this actor's proxies
    ... SELECT * { ?actor ag:hasProxy ?proxy }''')
    >>> header.title, header.parameters[0].name, header.parameters[0].required
    ('Proxies', 'actor', False)
    """
    fields: dict[str, str] = {}
    params: list[list[str]] = []  # [declaration, line number]
    last: list[str] | None = None
    last_key: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            key, value = match.group(1).lower(), match.group(2).strip()
            if key == "param":
                last = [value, str(number)]
                params.append(last)
            else:
                fields[key] = value
                last = None
            last_key = key
            continue
        continuation = _CONTINUATION.match(raw.rstrip())
        if continuation and last_key:
            if last is not None:
                last[0] += " " + continuation.group(1).strip()
            else:
                fields[last_key] += " " + continuation.group(1).strip()
        else:
            last_key, last = None, None
    parameters = tuple(_parse_parameter(value, where, int(number)) for value, number in params)
    names = [p.name for p in parameters]
    for name in names:
        if names.count(name) > 1:
            raise QueryParameterError(f"{where}: parameter {name!r} is declared twice")
    return QueryHeader(fields.get("title", ""), fields.get("description", ""), parameters)


def _parse_parameter(declaration: str, where: str, line: int) -> Parameter:
    match = _PARAM.match(declaration)
    if not match:
        raise QueryParameterError(
            f"{where}, line {line}: cannot read the parameter declaration {declaration!r} — "
            "write it as `# param: NAME (TYPE[, optional][, default VALUE]) — description`"
        )
    type_, optional, default = "string", False, None
    for option in (o.strip() for o in (match.group("options") or "").split(",")):
        if not option:
            continue
        if option.lower() == "optional":
            optional = True
        elif option.lower().startswith("default"):
            default = option[len("default") :].strip(" =:")
        elif option.lower() in PARAMETER_TYPES:
            type_ = option.lower()
        else:
            raise QueryParameterError(
                f"{where}, line {line}: unknown parameter type {option!r} — use one of: {', '.join(PARAMETER_TYPES)}"
            )
    return Parameter(match.group("name"), type_, optional, default, (match.group("description") or "").strip())


def queries_dir() -> Path:
    """The folder of the named queries (``ontology/queries``, packaged with the vocabulary)."""
    return resources.ontology_dir() / "queries"


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Every named query, by name.

    >>> [q.name for q in list_queries()][:3]
    ['attacks', 'attributed-claims', 'claims-from-source']
    """
    return list(_catalogue(folder or queries_dir()).values())


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query called *name* (its file name without ``.rq``).

    >>> get_query("who-backs-whom").title
    'Who backs whom'
    >>> get_query("who-back-whom")
    Traceback (most recent call last):
    ...
    actorgraph.errors.UnknownQuery: unknown query 'who-back-whom' — did you mean 'who-backs-whom'?
    """
    catalogue = _catalogue(folder or queries_dir())
    wanted = name.strip().removesuffix(".rq")
    if wanted in catalogue:
        return catalogue[wanted]
    raise UnknownQuery(name, difflib.get_close_matches(wanted, list(catalogue), n=2, cutoff=0.6))


def _catalogue(folder: Path) -> dict[str, NamedQuery]:
    files = tuple(sorted(folder.glob("*.rq")))
    stamps = tuple(path.stat().st_mtime_ns for path in files)
    return _read_catalogue(files, stamps)


@functools.lru_cache(maxsize=8)
def _read_catalogue(files: tuple[Path, ...], stamps: tuple[int, ...]) -> dict[str, NamedQuery]:
    catalogue = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        catalogue[path.stem] = NamedQuery(path.stem, path, text, parse_header(text, where=path.name))
    return catalogue


_MASKED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.DOTALL,
)


def mask(text: str) -> str:
    """*text* with strings, IRIs and comments blanked out (newlines kept), to search for names.

    >>> mask('SELECT ?s { ?s rdfs:label "SERVICE" } # FROM')
    'SELECT ?s { ?s rdfs:label           }       '
    """
    return _MASKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def iri_refs(text: str) -> Iterator[re.Match[str]]:
    """Each ``<IRI>`` written in *text* outside strings and comments.

    >>> [m.group(0) for m in iri_refs('ASK { <a> ?p "<b>" } # <c>')]
    ['<a>']
    """
    return (match for match in _MASKED.finditer(text) if match.group(0).startswith("<"))


def strip_comments(text: str) -> str:
    """*text* without its comments (strings and IRIs that hold a ``#`` kept)."""
    return _MASKED.sub(lambda m: "" if m.group(0).startswith("#") else m.group(0), text)
