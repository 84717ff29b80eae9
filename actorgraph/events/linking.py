"""Linking the actors an event file names to the graph's actors, or creating them.

In order: the names the row gives (GDELT's Actor1Name) when one fits exactly one actor of the
graph; then the name the data set's codes give ("Government (Israel)" for ``ISRGOV``), a country
also by its usual variants ("Russian Federation" is "Russia"); names are compared by label, then
alias, ignoring case and accents. Actors created by an earlier import are the graph's too. Any
other actor is created, with the class the data set's codes give or one inferred from its name.
A role of a state (a government, a military) is its own actor, ``partOf`` the state, never the
state itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from actorgraph.errors import InvalidImport
from actorgraph.events.actors import actor_slug, country_names, infer_class
from actorgraph.events.existing import GraphView
from actorgraph.events.records import Party, SourceRef, fold
from actorgraph.namespace import ACTOR
from actorgraph.turtle import iri_term, prefixed
from actorgraph.vocabulary import local_name


@dataclass
class NewActor:
    """An actor the import creates; ``part_of`` is the IRI term of the state it belongs to."""

    iri_term: str
    label: str
    type: str
    reason: str
    aliases: tuple[str, ...]
    part_of: str = ""
    code: str = ""
    part_of_quote: str = ""
    part_of_source: SourceRef | None = None


@dataclass
class Links:
    """Each party's actor (IRI term and class), the actors to create, and what was found how."""

    terms: dict[str, tuple[str, str]] = field(default_factory=dict)
    new_actors: list[NewActor] = field(default_factory=list)
    matched: int = 0
    created: Counter[str] = field(default_factory=Counter)
    #: Names of the rows that fit several actors of the graph, so the codes decided instead.
    ambiguous: list[str] = field(default_factory=list)


def match(graph: GraphView, names: Iterable[str]) -> tuple[URIRef, str] | str | None:
    """The one actor called by one of *names* (label first, then alias); a message when several
    are; None when none is."""
    for name in names:
        entries = graph.by_name.get(fold(name), [])
        if len(entries) > 1:
            labelled = [e for e in entries if e[2]]
            entries = labelled if len(labelled) == 1 else entries
        if len(entries) == 1:
            return entries[0][0], entries[0][1]
        if entries:
            found = ", ".join(local_name(e[0]) for e in entries)
            return f"the name {name!r} fits several actors of the graph ({found})"
    return None


def link_actors(parties: dict[str, Party], graph: GraphView) -> Links:
    """Match or create the actor of every party, in the order they first appear (a state before
    the roles that are part of it). A name that fits several actors is an InvalidImport."""
    links = Links()
    errors: list[str] = []
    created: dict[str, str] = {}  # folded name of a new actor -> the party that created it
    used_slugs: set[str] = set()
    for key, party in parties.items():
        given = _given(party, graph, links)
        if given is not None:
            links.terms[key] = given
            links.matched += 1
            continue
        names = country_names(party.name)
        found = match(graph, names)
        if isinstance(found, str):
            errors.append(found)
            continue
        if found is not None:
            links.terms[key] = (iri_term(str(found[0])), found[1])
            links.matched += 1
            continue
        twin = next((created[fold(n)] for n in names if fold(n) in created), None)
        if twin is not None:  # "Russia" after "Russian Federation": the same new actor
            links.terms[key] = links.terms[twin]
            continue
        kind, reason = (
            (party.kind, party.reason)
            if party.kind
            else infer_class(party.name, sorted(party.sectors), sorted(party.countries))
        )
        term = prefixed("actor", _slug(party.name, graph, used_slugs))
        aliases = tuple(n for n in names if fold(n) != fold(party.name))
        state = links.terms[party.part_of][0] if party.part_of in links.terms else ""
        new = NewActor(term, party.name, kind, reason, aliases, state, party.code)
        if state:
            new.part_of_quote, new.part_of_source = party.part_of_quote, party.part_of_source
        links.new_actors.append(new)
        links.terms[key] = (term, kind)
        for alias in names:
            created[fold(alias)] = key
        links.created[kind] += 1
    if errors:
        raise InvalidImport(sorted(set(errors)))
    return links


def _given(party: Party, graph: GraphView, links: Links) -> tuple[str, str] | None:
    """The graph's actor one of the row's own names fits exactly; an ambiguous one is noted."""
    for name in party.given:
        found = match(graph, [name])
        if isinstance(found, str):
            links.ambiguous.append(f"{found}: linked by its code to {party.name!r} instead")
        elif found is not None:
            return iri_term(str(found[0])), found[1]
    return None


def _slug(name: str, graph: GraphView, used: set[str]) -> str:
    base = actor_slug(name) or "actor"
    slug, number = base, 1
    while slug.casefold() in used or str(ACTOR) + slug in graph.actor_iris:
        number += 1
        slug = f"{base}_{number}"
    used.add(slug.casefold())
    return slug
