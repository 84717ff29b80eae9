"""Actors: listing them, and resolving the names users type to exactly one actor."""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from actorgraph.errors import AmbiguousActor, UnknownActor
from actorgraph.namespace import ACTOR, AG
from actorgraph.store import scan
from actorgraph.text import fold, folded_words
from actorgraph.vocabulary import Vocabulary, local_name


@dataclass(frozen=True)
class Actor:
    """An actor with its class, label and aliases."""

    iri: URIRef
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    comment: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    def to_dict(self) -> dict[str, object]:
        return {
            "iri": str(self.iri),
            "label": self.label,
            "type": self.type,
            "aliases": list(self.aliases),
            "comment": self.comment,
        }


def list_actors(graph: Graph, type: str | None = None, vocabulary: Vocabulary | None = None) -> list[Actor]:
    """Every actor of *graph*, by label; with *type*, only that class and its subclasses.

    >>> from actorgraph import store
    >>> [a.label for a in list_actors(store.load(), type="State")]
    ['France', 'Iran', 'Israel', 'Lebanon', 'United States']
    """
    vocabulary = vocabulary or Vocabulary.from_graph(graph)
    wanted = set(vocabulary.subtypes(vocabulary.actor_type(type).name)) if type else None
    types = actor_types(graph, vocabulary)
    labels = dict(scan(graph, RDFS.label))
    comments = dict(scan(graph, RDFS.comment))
    aliases: dict[Node, list[str]] = defaultdict(list)
    for iri, alias in scan(graph, SKOS.altLabel):
        aliases[iri].append(str(alias))
    actors = []
    for iri, type_name in types.items():
        if wanted is None or type_name in wanted:
            actors.append(
                Actor(
                    iri=iri,
                    label=str(labels.get(iri) or local_name(iri)),
                    type=type_name,
                    aliases=tuple(sorted(aliases.get(iri, []))),
                    comment=str(comments[iri]) if iri in comments else None,
                )
            )
    return sorted(actors, key=lambda a: (fold(a.label), str(a.iri)))


def without_claims(graph: Graph, actors: list[Actor]) -> list[Actor]:
    """The *actors* that no claim is about, as subject or object (retracted claims do not count).

    >>> from actorgraph import store
    >>> seed = store.load()
    >>> [a.label for a in without_claims(seed, list_actors(seed))]
    ['Biden administration', 'Pentagon']
    """
    retracted = {claim for claim, _ in scan(graph, AG.rank, AG.DeprecatedRank)}
    linked = {end for p in (RDF.subject, RDF.object) for claim, end in scan(graph, p) if claim not in retracted}
    return [actor for actor in actors if actor.iri not in linked]


def actor_types(graph: Graph, vocabulary: Vocabulary) -> dict[URIRef, str]:
    """Every actor of *graph* with its most specific class, one scan per class.

    >>> from actorgraph import store
    >>> graph = store.load()
    >>> actor_types(graph, Vocabulary.from_graph(graph))[ACTOR.Hezbollah]
    'ArmedGroup'
    """
    found: dict[URIRef, list[str]] = defaultdict(list)
    for actor_type in vocabulary.actor_types.values():
        for iri, _ in scan(graph, RDF.type, actor_type.iri):
            if isinstance(iri, URIRef):
                found[iri].append(actor_type.name)
    return {iri: most_specific(names, vocabulary) for iri, names in found.items()}


def most_specific(names: list[str], vocabulary: Vocabulary) -> str:
    """The deepest of the actor classes *names* in the vocabulary's hierarchy."""
    return max(names, key=lambda n: (len(_type_chain(n, vocabulary)), n))


class ActorIndex:
    """Resolves a name to one actor: by IRI, label or alias, or a word only one actor has.

    Matching ignores case and accents. An ambiguous name raises AmbiguousActor with the
    candidates; an unknown one raises UnknownActor with the closest names.

    >>> from actorgraph import store
    >>> index = ActorIndex(list_actors(store.load()))
    >>> index.resolve("khamenei").label
    'Ali Khamenei'
    >>> index.resolve("Nasralah")
    Traceback (most recent call last):
    ...
    actorgraph.errors.UnknownActor: unknown actor 'Nasralah' — did you mean 'Hassan Nasrallah'?
    """

    def __init__(self, actors: list[Actor]) -> None:
        self._actors: Sequence[Actor] = list(actors)
        by_name: dict[str, list[int]] = {}
        by_word: dict[str, list[int]] = {}
        for position, actor in enumerate(self._actors):
            for name in actor.names:
                folded = fold(name)
                _add(by_name, folded, position)
                for word in folded_words(folded):
                    _add(by_word, word, position)
        # Names map to positions in the actor list (one int, or a tuple when shared), so the
        # index pickles as plain strings and integers: a cached projection loads a million
        # triples' index in milliseconds, and Actors are made on demand.
        self._by_name, self._by_word = _packed(by_name), _packed(by_word)

    @classmethod
    def from_graph(cls, graph: Graph, vocabulary: Vocabulary | None = None) -> ActorIndex:
        return cls(list_actors(graph, vocabulary=vocabulary))

    @property
    def actors(self) -> list[Actor]:
        return list(self._actors)

    def __getstate__(self) -> dict[str, object]:
        actors = self._actors
        columns = [
            [str(a.iri) for a in actors], [a.label for a in actors], [a.type for a in actors],
            [a.aliases for a in actors], [a.comment for a in actors],
        ]  # fmt: skip
        return {"columns": columns, "by_name": self._by_name, "by_word": self._by_word}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._actors = _LazyActors(*state["columns"])  # type: ignore[misc]
        self._by_name = state["by_name"]  # type: ignore[assignment]
        self._by_word = state["by_word"]  # type: ignore[assignment]

    @functools.cached_property
    def _by_iri(self) -> dict[str, int]:
        if isinstance(self._actors, _LazyActors):
            return {iri: position for position, iri in enumerate(self._actors.iris)}
        return {str(actor.iri): position for position, actor in enumerate(self._actors)}

    def resolve(self, name: str) -> Actor:
        by_iri = self._by_iri.get(_as_iri(name))
        if by_iri is not None:
            return self._actors[by_iri]
        for table in (self._by_name, self._by_word):
            matches = _positions(table, fold(name))
            if len(matches) == 1:
                return self._actors[matches[0]]
            if matches:
                raise AmbiguousActor(name, sorted(self._actors[m].label for m in matches))
        raise UnknownActor(name, self._suggest(name))

    def containing(self, folded: str, limit: int) -> tuple[int, list[Actor]]:
        """How many actors have a name (label or alias) holding *folded* (a :func:`fold`-ed text),
        and the first *limit* of them: named exactly so first, then by a name starting with it,
        then the others, each group in the order of the matched names.

        >>> from actorgraph import store
        >>> index = ActorIndex(list_actors(store.load()))
        >>> total, found = index.containing("hez", limit=5)
        >>> total, [a.label for a in found]
        (1, ['Hezbollah'])
        """
        best: dict[int, tuple[int, str]] = {}
        for name in self._by_name:
            if folded in name:
                rank = (0 if name == folded else 1 if name.startswith(folded) else 2, name)
                for position in _positions(self._by_name, name):
                    if position not in best or rank < best[position]:
                        best[position] = rank
        chosen = sorted(best, key=lambda p: (best[p], p))[:limit]
        return len(best), [self._actors[p] for p in chosen]

    def complete(self, text: str, limit: int = 10) -> list[tuple[Actor, str]]:
        """The actors a name being typed may be, with the name of each that fits: at most *limit*.

        A name (label or alias) that starts with *text* comes first, then one with a word that
        does; case and accents are ignored, as :meth:`resolve` ignores them. Each actor comes
        once, by label within each group.

        >>> from actorgraph import store
        >>> index = ActorIndex(list_actors(store.load()))
        >>> [(actor.label, name) for actor, name in index.complete("hiz")]
        [('Hezbollah', 'Hizballah')]
        >>> [actor.label for actor, _ in index.complete("nasr")]
        ['Hassan Nasrallah']
        """
        wanted = fold(text)
        if not wanted or limit < 1:
            return []
        found: dict[int, str] = {}
        for keys, table in ((self._sorted_names, self._by_name), (self._sorted_words, self._by_word)):
            group: dict[int, str] = {}
            start = bisect.bisect_left(keys, wanted)
            for key in itertools.takewhile(lambda k: k.startswith(wanted), itertools.islice(keys, start, None)):
                for position in _positions(table, key):
                    if position not in found and position not in group:
                        group[position] = key
            ranked = sorted(group, key=lambda p: (fold(self._actors[p].label), p))
            found.update((position, group[position]) for position in ranked[: limit - len(found)])
            if len(found) >= limit:
                break
        return [(self._actors[p], self._shown_name(p, key)) for p, key in found.items()]

    def _shown_name(self, position: int, key: str) -> str:
        """The actor's own spelling of the name that *key* (a folded name, or a word of one) fits."""
        names = self._actors[position].names
        return next((name for name in names if fold(name) == key or key in folded_words(fold(name))), names[0])

    @functools.cached_property
    def _sorted_names(self) -> list[str]:
        return sorted(self._by_name)

    @functools.cached_property
    def _sorted_words(self) -> list[str]:
        return sorted(self._by_word)

    def add(self, actor: Actor) -> None:
        """Index one more actor (one a change is about to create), in time independent of the
        number of actors, so an import creating thousands of them stays linear."""
        actors = self._actors if isinstance(self._actors, list) else list(self._actors)
        position = len(actors)
        actors.append(actor)
        self._actors = actors
        for name in actor.names:
            folded = fold(name)
            _add_packed(self._by_name, folded, position)
            for word in folded_words(folded):
                _add_packed(self._by_word, word, position)
        if "_by_iri" in self.__dict__:
            self._by_iri[str(actor.iri)] = position
        for sorted_keys in ("_sorted_names", "_sorted_words"):  # rebuilt when next completing
            self.__dict__.pop(sorted_keys, None)

    def _suggest(self, name: str) -> list[str]:
        close = difflib.get_close_matches(fold(name), list(self._by_name), n=3, cutoff=0.6)
        labels: list[str] = []
        for key in close:
            for position in _positions(self._by_name, key):
                actor = self._actors[position]
                if actor.label not in labels:
                    labels.append(actor.label)
        return labels[:2]


def _add(table: dict[str, list[int]], key: str, position: int) -> None:
    positions = table.setdefault(key, [])
    if position not in positions[-1:]:
        positions.append(position)


def _packed(table: dict[str, list[int]]) -> dict[str, int | tuple[int, ...]]:
    return {key: positions[0] if len(positions) == 1 else tuple(positions) for key, positions in table.items()}


def _add_packed(table: dict[str, int | tuple[int, ...]], key: str, position: int) -> None:
    found = _positions(table, key)
    if position not in found:
        table[key] = (*found, position) if found else position


def _positions(table: dict[str, int | tuple[int, ...]], key: str) -> tuple[int, ...]:
    found = table.get(key, ())
    return (found,) if isinstance(found, int) else found


class _LazyActors(Sequence[Actor]):
    """Actors rebuilt from their pickled columns one at a time, when an index lookup needs them."""

    def __init__(
        self,
        iris: list[str],
        labels: list[str],
        types: list[str],
        aliases: list[tuple[str, ...]],
        comments: list[str | None],
    ) -> None:
        self.iris, self._labels, self._types, self._aliases, self._comments = iris, labels, types, aliases, comments
        self._made: dict[int, Actor] = {}

    def __len__(self) -> int:
        return len(self.iris)

    def __getitem__(self, position):  # type: ignore[no-untyped-def]
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position not in self._made:
            self._made[position] = Actor(URIRef(self.iris[position]), self._labels[position], self._types[position],
                                         self._aliases[position], self._comments[position])  # fmt: skip
        return self._made[position]


def _as_iri(name: str) -> str:
    text = name.strip()
    if text.startswith("actor:"):
        return str(ACTOR) + text.removeprefix("actor:")
    if "://" in text:
        return text
    return str(ACTOR) + text.replace(" ", "_")


def _type_chain(name: str, vocabulary: Vocabulary) -> list[str]:
    chain = [name]
    while vocabulary.actor_types[chain[-1]].parent:
        chain.append(vocabulary.actor_types[chain[-1]].parent)  # type: ignore[arg-type]
    return chain
