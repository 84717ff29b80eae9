"""Terms a query names that the graph does not have: a warning with "did you mean" for each.

A query that names ``ag:bakcs`` (for ``ag:backs``) or ``actor:Hezbolah`` (for
``actor:Hezbollah``) is valid SPARQL and quietly finds nothing. :func:`unknown_terms` reads the
IRIs a query names in actorgraph's two namespaces of names people type — the vocabulary
(``ag:``) and the actors (``actor:``) — written as prefixed names (whatever prefix the query
binds to them) or in full, and says which of them the graph does not have:

* a vocabulary term is known when the vocabulary defines it (:class:`actorgraph.namespace.AG`)
  or the graph uses it anywhere;
* an actor IRI is known when the graph uses it anywhere; the closest actors come from the one
  name resolver (:class:`actorgraph.actors.ActorIndex`), built only when an IRI is unknown.

The text is read as SPARQL's grammar reads names (strings, comments and IRIs masked), with no
parse: each term costs one lookup or three in the store, and nothing when the vocabulary has it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Dataset, URIRef

from actorgraph.errors import AmbiguousActor, UnknownActor
from actorgraph.namespace import AG, NS, PREFIXES
from actorgraph.queries import iri_refs, mask
from actorgraph.sparql import term_text
from actorgraph.text import fold

if TYPE_CHECKING:
    from actorgraph.actors import ActorIndex

ACTOR_NS = PREFIXES["actor"]

#: A prefixed name (SPARQL's PNAME_LN): a prefix that is not the end of another word, a colon,
#: and a local name that may hold ``%xx`` and ``\``-escapes and does not end with a dot.
_PNAME = re.compile(
    r"(?<![\w.\-:?$@])(?P<prefix>(?:[^\W\d_][\w.\-]*)?):"
    r"(?P<local>(?:[\w:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])(?:[\w.\-:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])*)"
)
_PREFIX_DECL = re.compile(r"\bPREFIX\s+(?P<prefix>(?:[^\W\d_][\w.\-]*)?):\s*$", re.IGNORECASE)
_VOCABULARY = frozenset(AG.__annotations__)


@dataclass(frozen=True)
class TermWarning:
    """A term the query names that the graph does not have, where the query names it first."""

    term: str
    line: int
    column: int
    suggestions: tuple[str, ...] = ()
    kind: str = "vocabulary term"

    @property
    def message(self) -> str:
        """One line: where, what, and the closest known terms.

        >>> print(TermWarning("ag:bakcs", 1, 12, ("ag:backs",)).message)
        line 1, column 12: ag:bakcs is not a term of the actorgraph vocabulary — did you mean ag:backs?
        """
        what = "an actor of the graph" if self.kind == "actor" else "a term of the actorgraph vocabulary"
        text = f"line {self.line}, column {self.column}: {self.term} is not {what}"
        if self.suggestions:
            return text + " — did you mean " + " or ".join(self.suggestions) + "?"
        return text + " — the query finds nothing through it"

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, object]:
        return {
            "term": self.term,
            "kind": self.kind,
            "line": self.line,
            "column": self.column,
            "suggestions": list(self.suggestions),
            "message": self.message,
        }


def unknown_terms(text: str, dataset: Dataset, index: Callable[[], ActorIndex]) -> list[TermWarning]:
    """A warning for each vocabulary term or actor IRI *text* names that *dataset* does not have.

    *index* gives the actor index for suggestions; it is called only when an actor IRI is unknown.

    >>> from actorgraph import store
    >>> from actorgraph.actors import ActorIndex
    >>> dataset = store.load()
    >>> query = "SELECT ?who { ?who ag:bakcs actor:Hezbolah ; a ag:Actor }"
    >>> for warning in unknown_terms(query, dataset, lambda: ActorIndex.from_graph(dataset)):
    ...     print(warning)
    line 1, column 20: ag:bakcs is not a term of the actorgraph vocabulary — did you mean ag:backs?
    line 1, column 29: actor:Hezbolah is not an actor of the graph — did you mean actor:Hezbollah?
    """
    warnings, seen = [], set()
    for iri, written, offset in _named_iris(text):
        if iri in seen:
            continue
        seen.add(iri)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        local = iri[len(NS) :] if iri.startswith(NS) else iri[len(ACTOR_NS) :]
        if iri.startswith(NS):
            if local in _VOCABULARY or _in_graph(dataset, URIRef(iri)):
                continue
            warnings.append(TermWarning(written, line, column, _close_terms(local, _prefix_of(written, "ag"))))
        elif not _in_graph(dataset, URIRef(iri)):
            suggestions = _close_actors(local, index(), _prefix_of(written, "actor"))
            warnings.append(TermWarning(written, line, column, suggestions, "actor"))
    return warnings


def _named_iris(text: str) -> Iterator[tuple[str, str, int]]:
    """Each IRI of actorgraph's vocabulary or actors that *text* names: the IRI, how the text
    writes it, and where, in the order they come."""
    found: list[tuple[int, str, str]] = []
    masked = mask(text)
    prefixes = dict(PREFIXES)
    for token in iri_refs(text):
        iri = token.group(0)
        declared = _PREFIX_DECL.search(masked, 0, token.start())
        if declared and not masked[declared.end() : token.start()].strip():
            prefixes[declared.group("prefix")] = iri[1:-1]  # declarations bind in order, before use
            continue
        if _is_named(iri[1:-1]):
            found.append((token.start(), iri[1:-1], iri))
    for name in _PNAME.finditer(masked):
        namespace = prefixes.get(name.group("prefix"))
        if namespace is None:
            continue
        iri = namespace + re.sub(r"\\(.)", r"\1", name.group("local"))
        if _is_named(iri):
            found.append((name.start(), iri, name.group(0)))
    for offset, iri, written in sorted(found):
        yield iri, written, offset


def _is_named(iri: str) -> bool:
    return any(iri.startswith(ns) and len(iri) > len(ns) for ns in (NS, ACTOR_NS))


def _in_graph(dataset: Dataset, iri: URIRef) -> bool:
    """Whether *iri* is anywhere in *dataset*: as subject, predicate or object."""
    patterns = ((iri, None, None), (None, iri, None), (None, None, iri))
    return any(next(iter(dataset.triples(pattern)), None) is not None for pattern in patterns)


def _prefix_of(written: str, default: str) -> str:
    """The prefix *written* uses (``ag`` in ``ag:bakcs``), or *default* for a full IRI."""
    return default if written.startswith("<") else written.partition(":")[0]


def _close_terms(local: str, prefix: str) -> tuple[str, ...]:
    keys = {fold(name): name for name in _VOCABULARY}
    close = difflib.get_close_matches(fold(local), keys, n=2, cutoff=0.6)
    return tuple(f"{prefix}:{keys[key]}" for key in close)


def _close_actors(local: str, index: ActorIndex, prefix: str) -> tuple[str, ...]:
    """The actors a mistyped actor IRI may mean: the one its local name resolves to (an alias
    or label written as an IRI, ``actor:Nasrallah``), else the closest names."""
    from urllib.parse import unquote

    name = unquote(local).replace("_", " ")
    try:
        labels = [index.resolve(name).label]
    except AmbiguousActor as error:
        labels = error.candidates[:2]
    except UnknownActor as error:
        labels = error.suggestions
    iris = []
    for label in labels:
        try:
            iris.append(str(index.resolve(label).iri))
        except (AmbiguousActor, UnknownActor):  # a label two actors share names neither
            continue
    return tuple(_actor_name(iri, prefix) for iri in iris)


def _actor_name(iri: str, prefix: str) -> str:
    shown = term_text(URIRef(iri))
    return f"{prefix}:{shown[len('actor:') :]}" if shown.startswith("actor:") else shown
