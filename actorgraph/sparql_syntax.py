"""SPARQL read by rdflib's parser: a query's algebra, the check that it never calls another
endpoint, and a failure explained in one line (line, column, what was expected, what was found).

Importing rdflib's SPARQL engine takes about 0.1 s, more than Oxigraph takes to answer many
queries, so :mod:`actorgraph.sparql` imports this module only when a text must be parsed (one
not checked before) or evaluated by rdflib. Importing it switches off, for the whole process,
rdflib's loading of graphs a ``FROM`` clause names (``SPARQL_LOAD_GRAPHS``): nothing is fetched.

rdflib's parser (pyparsing) keeps state in its grammar objects and breaks for good when two
threads parse at once, so every parse here holds :data:`_parsing`.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections.abc import Iterator
from typing import Any

import rdflib.plugins.sparql
from pyparsing import ParseBaseException, ParserElement, Token
from rdflib.plugins.sparql import parser as sparql_parser
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from actorgraph import isolation
from actorgraph.errors import READ_ONLY, UPDATE_REFUSED, ActorgraphError, QueryRefused, QuerySyntaxError, UnknownPrefix
from actorgraph.namespace import PREFIXES
from actorgraph.queries import mask, strip_comments

# Never let a FROM / FROM NAMED clause make rdflib fetch a graph from the web or the disk.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

#: Held by whoever uses rdflib's SPARQL parser in this process.
_parsing = threading.RLock()

TOO_DEEP = "the query is nested too deeply (or has too many parts) to be read"


def parse(text: str) -> Query:
    """rdflib's parse and translation of *text* with actorgraph's prefixes declared, checked by
    :func:`check_query`.

    Raises QuerySyntaxError (with line, column and what was expected), UnknownPrefix, or
    QueryRefused for an update, a SERVICE call or ``DESCRIBE *``.

    >>> parse("SELECT ?who WHERE { ?who ag:backs actor:Hamas }").algebra.name
    'SelectQuery'
    """
    try:
        with _parsing:
            return _parse(text)
    except RecursionError:
        raise QueryRefused(TOO_DEEP) from None


def parse_in_child(text: str, timeout: float) -> None:
    """Parse *text* in a forked child and raise QueryTimeout when that takes more than *timeout*
    seconds, QueryRefused when it takes more memory than a query may; whatever else the child
    finds, :func:`parse` finds again here.

    The fork happens while holding :data:`_parsing`, so the child's copy of the parser is not
    caught halfway through another thread's parse."""

    def work() -> isolation.Payload:
        with contextlib.suppress(ActorgraphError, RecursionError):
            _parse(text)
        return ("parsed",)

    payload = isolation.in_child(work, timeout, during_fork=_parsing)
    if payload[0] == "error":
        raise QueryRefused(payload[1])


def _parse(text: str) -> Query:
    expanded = sparql_parser.expandUnicodeEscapes(text)
    try:
        parsed = sparql_parser.Query.parse_string(expanded, parse_all=True)
    except ParseBaseException as error:
        raise _syntax_or_update(expanded, error) from None
    if parsed[1].name == "DescribeQuery" and "var" not in parsed[1]:
        # rdflib's translation fails on it with a TypeError that would read as a syntax error.
        raise QueryRefused("DESCRIBE * is not supported: name what to describe, as in DESCRIBE ?s WHERE { ... }")
    try:
        query = translateQuery(parsed, base=None, initNs=PREFIXES)
    except Exception as error:  # rdflib raises plain Exceptions while translating
        raise _translation_error(expanded, error) from None
    check_query(query)
    return query


def check_query(query: Query) -> None:
    """Refuse a query that would contact another endpoint (``SERVICE``, anywhere in it), or whose
    ``LIMIT`` or ``OFFSET`` no engine can count to (a client's mistake, not a failure).

    >>> check_query(parse("SELECT * { ?s ?p ?o }"))
    >>> check_query(translateQuery(sparql_parser.parseQuery(
    ...     "SELECT * { OPTIONAL { SERVICE <https://example.org/sparql> { ?s ?p ?o } } }")))
    Traceback (most recent call last):
    ...
    actorgraph.errors.QueryRefused: SERVICE <https://example.org/sparql> is not allowed: actorgraph never contacts ...
    """
    for part in parts(query.algebra):
        if part.name == "ServiceGraphPattern":
            term = part.get("term")
            shown = term.n3() if isinstance(term, Identifier) else str(term)
            raise QueryRefused(f"SERVICE {shown} is not allowed: actorgraph never contacts other endpoints")
        if part.name == "Slice":
            for clause, value in (("LIMIT", part.get("length")), ("OFFSET", part.get("start"))):
                if isinstance(value, int) and value > sys.maxsize:
                    raise QuerySyntaxError(f"{clause} {value} is larger than the largest allowed, {sys.maxsize}")


def parts(node: object) -> Iterator[CompValue]:
    """Every algebra node below *node*, depth first, each once."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(dict.values(item))
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


# --- Readable syntax errors ------------------------------------------------------------------

_UPDATE_NAMES = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}
_TERMINALS = {
    "VAR1": "a variable",
    "VAR2": "a variable",
    "IRIREF": "an IRI",
    "PNAME_NS": "an IRI",
    "PNAME_LN": "an IRI",
    "PN_PREFIX": "an IRI",
    "STRING_LITERAL1": "a string",
    "STRING_LITERAL2": "a string",
    "STRING_LITERAL_LONG1": "a string",
    "STRING_LITERAL_LONG2": "a string",
    "INTEGER": "an integer",
    "DECIMAL": "a number",
    "DOUBLE": "a number",
    "BLANK_NODE_LABEL": "a blank node",
    "ANON": "a blank node",
    "LANGTAG": "a language tag",
    "NIL": "'()'",
}
_FUNCTIONS = frozenset(
    [
        "COUNT",
        "SUM",
        "MIN",
        "MAX",
        "AVG",
        "SAMPLE",
        "GROUP_CONCAT",
        "STR",
        "LANG",
        "LANGMATCHES",
        "DATATYPE",
        "BOUND",
        "IRI",
        "URI",
        "BNODE",
        "RAND",
        "ABS",
        "CEIL",
        "FLOOR",
        "ROUND",
        "CONCAT",
        "SUBSTR",
        "STRLEN",
        "REPLACE",
        "UCASE",
        "LCASE",
        "ENCODE_FOR_URI",
        "CONTAINS",
        "STRSTARTS",
        "STRENDS",
        "STRBEFORE",
        "STRAFTER",
        "YEAR",
        "MONTH",
        "DAY",
        "HOURS",
        "MINUTES",
        "SECONDS",
        "TIMEZONE",
        "TZ",
        "NOW",
        "UUID",
        "STRUUID",
        "MD5",
        "SHA1",
        "SHA256",
        "SHA384",
        "SHA512",
        "COALESCE",
        "IF",
        "STRLANG",
        "STRDT",
        "sameTerm",
        "isIRI",
        "isURI",
        "isBLANK",
        "isLITERAL",
        "isNUMERIC",
        "REGEX",
        "EXISTS",
    ]
)
_OPERATORS = {"'*'", "'/'", "'+'", "'-'", "'='", "'!='", "'<'", "'>'", "'<='", "'>='", "IN", "NOT", "'&&'", "'||'"}
_CLOSERS = ["')'", "'}'", "']'"]
_GRAMMAR_NAMES: dict[int, str] = {}
for _name, _value in vars(sparql_parser).items():
    if isinstance(_value, ParserElement):
        _GRAMMAR_NAMES.setdefault(id(_value), _name)
_TOKEN = re.compile(
    r"[A-Za-z_][\w\-]*(?::[\w.\-]*)?|[?$][\w]+|<[^>\s]*>?|\"[^\"\n]*\"?|'[^'\n]*'?|\d+(?:\.\d+)?|[!<>=&|]{1,2}|\S"
)

_tracker = threading.local()
_untracked: dict[str, Any] = {"parse": None}  # pyparsing's own parse method while tracking


class _Furthest:
    """The furthest position any terminal failed at, and the terminals that failed there."""

    def __init__(self) -> None:
        self.loc = -1
        self.expected: list[ParserElement] = []

    def add(self, loc: int, element: ParserElement) -> None:
        if loc > self.loc:
            self.loc, self.expected = loc, []
        if loc == self.loc:
            self.expected.append(element)


def _tracked_parse(self: ParserElement, instring: str, loc: int, *args: Any, **kwargs: Any) -> Any:
    try:
        return _untracked["parse"](self, instring, loc, *args, **kwargs)
    except ParseBaseException as error:
        furthest = getattr(_tracker, "furthest", None)
        if furthest is not None and isinstance(self, Token):
            furthest.add(error.loc, self)
        raise


@contextlib.contextmanager
def _tracking() -> Iterator[_Furthest]:
    """Record, for this thread, where parsing got furthest (used only to explain an error). The
    caller holds :data:`_parsing`: no other SPARQL parse runs meanwhile."""
    _untracked["parse"] = ParserElement.__dict__["_parse"]
    ParserElement._parse = _tracked_parse  # type: ignore[method-assign]
    _tracker.furthest = furthest = _Furthest()
    try:
        yield furthest
    finally:
        _tracker.furthest = None
        ParserElement._parse = _untracked["parse"]  # type: ignore[method-assign]


def _furthest_failure(text: str, unit: ParserElement) -> _Furthest:
    with _tracking() as furthest, contextlib.suppress(Exception):
        unit.parse_string(text, parse_all=True)
    return furthest


def _syntax_or_update(text: str, error: ParseBaseException) -> ActorgraphError:
    if not strip_comments(text).strip():
        return QuerySyntaxError("empty query — expected SELECT, CONSTRUCT, DESCRIBE or ASK", 1, 1)
    try:
        update = sparql_parser.parseUpdate(text)
        operations = [_UPDATE_NAMES.get(part.name, part.name) for part in (update.get("request") or [])]
    except Exception:
        operations = []
    if operations:
        return QueryRefused(f"SPARQL Update ({', '.join(dict.fromkeys(operations))}) is not allowed: {READ_ONLY}")
    try:
        query_failure = _furthest_failure(text, sparql_parser.Query)
        update_failure = _furthest_failure(text, sparql_parser.UpdateUnit)
    except Exception:
        return QuerySyntaxError(error.msg, error.lineno, error.col)
    if update_failure.loc > query_failure.loc:
        return QueryRefused(UPDATE_REFUSED)
    if query_failure.loc < 0:
        return QuerySyntaxError(error.msg, error.lineno, error.col)
    loc = query_failure.loc
    line, column = _line_col(text, loc)
    found = _found(text, loc)
    labels = _expected_labels(query_failure.expected)
    if text[loc : loc + 1] in ("'", '"') and "a string" in _labels_raw(query_failure.expected):
        return QuerySyntaxError(f"invalid or unterminated string: {found}", line, column)
    if not labels:
        return QuerySyntaxError(f"unexpected {found}", line, column)
    return QuerySyntaxError(f"expected {_or(labels)}, found {found}", line, column)


def _line_col(text: str, loc: int) -> tuple[int, int]:
    line = text.count("\n", 0, loc) + 1
    column = loc - (text.rfind("\n", 0, loc) + 1) + 1
    return line, column


def _found(text: str, loc: int) -> str:
    rest = text[loc:]
    if not rest.strip():
        return "end of query"
    match = _TOKEN.match(rest)
    token = match.group(0) if match else rest[:1]
    if len(token) > 30:
        token = token[:29] + "…"
    if token.startswith(("'", '"')):
        return token
    return f"'{token}'"


def _labels_raw(elements: list[ParserElement]) -> list[str]:
    labels = []
    for element in elements:
        label = _label(element)
        if label and label not in labels:
            labels.append(label)
    return labels


def _label(element: ParserElement) -> str | None:
    name = _GRAMMAR_NAMES.get(id(element))
    if name in _TERMINALS:
        return _TERMINALS[name]
    kind = type(element).__name__
    if kind == "StringEnd":
        return "end of query"
    match = getattr(element, "match", None)
    if not isinstance(match, str) or kind == "Regex":
        return None
    if match == "#":
        return None  # the comment skipper
    if match in ("?", "$"):
        return "a variable"
    if match == ":":
        return "an IRI"
    return match if "Keyword" in kind else f"'{match}'"


def _expected_labels(elements: list[ParserElement]) -> list[str]:
    labels = _labels_raw(elements)
    present = set(labels)
    term_context = "a string" in present or ("a variable" in present and "an IRI" in present)
    if sum(1 for label in labels if label in _FUNCTIONS) >= 5:
        absorbed = _FUNCTIONS | {"'('", "'!'", "'+'", "'-'", "'<'", "NOT", "true", "false"}
        absorbed |= {"a variable", "an IRI", "a string", "an integer", "a number", "a blank node"}
        first = next(i for i, label in enumerate(labels) if label in _FUNCTIONS)
        kept = [label for label in labels if label not in absorbed]
        labels = [*kept[:first], "an expression", *kept[first:]] if first <= len(kept) else [*kept, "an expression"]
    elif term_context:
        literal = {"a string", "an integer", "a number", "true", "false", "'+'", "'-'"}
        renamed = []
        for label in labels:
            if label in literal:
                label = "a literal"
            elif label == "'<'":
                label = "an IRI"
            elif label == "'['":
                label = "a blank node"
            elif label == "'('" and "a blank node" in present:
                continue  # a collection: rare enough to leave out
            renamed.append(label)
        labels = list(dict.fromkeys(renamed))
    operators = [label for label in labels if label in _OPERATORS]
    if len(operators) >= 4:
        first = labels.index(operators[0])
        kept = [label for label in labels if label not in _OPERATORS]
        labels = [*kept[:first], "an operator", *kept[first:]]
    if "an integer" in labels and "a number" in labels:
        labels.remove("an integer")
    closers = [label for label in _CLOSERS if label in labels]
    end = [label for label in labels if label == "end of query"]
    rest = [label for label in labels if label not in closers and label not in end]
    return [*closers, *rest, *end]


def _or(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix : (\S*)")


def _translation_error(text: str, error: Exception) -> ActorgraphError:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    match = _UNKNOWN_PREFIX.match(message)
    if not match:
        return QuerySyntaxError(message)
    prefix = "" if match.group(1) == "None" else match.group(1)
    where = re.search(rf"(?<![\w.\-:]){re.escape(prefix)}:", mask(text))
    line, column = _line_col(text, where.start()) if where else (None, None)
    return UnknownPrefix(prefix, list(PREFIXES), line, column)
