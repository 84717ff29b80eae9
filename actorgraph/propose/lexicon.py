"""The word lists the extractor reads, kept as CSV files a curator extends without code.

``ontology/lexicon/demonyms.csv`` says which names and adjectives stand for which state
("Iranian", "U.S.", "Tehran"), ``titles.csv`` which titles come before a person's name and what
they make the person of the actor before them ("Hamas leader", "Israeli military spokesperson"),
``nouns.csv`` which nouns after a state's adjective name a body of that state ("Sri Lankan
army"), and ``event-triggers.csv`` trigger patterns for the event types of the CAMEO and PLOVER
codebooks, read with the vocabulary's own ``ag:trigger`` patterns. Lines starting with ``#`` are
comments.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from actorgraph import resources


@dataclass(frozen=True)
class StateForm:
    """A word that names a state: its name, an adjective, a demonym or a capital."""

    form: str
    state: str
    code: str


@dataclass(frozen=True)
class Title:
    """A title before a name, and the relation it gives the person to the actor before it."""

    title: str
    relation: str | None


@dataclass(frozen=True)
class Lexicon:
    states: tuple[StateForm, ...]
    titles: tuple[Title, ...]
    nouns: dict[str, str]  # noun -> the class it names after a state's adjective ("State": the state itself)

    @functools.cached_property
    def by_form(self) -> dict[str, StateForm]:
        return {form.form: form for form in self.states}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


@functools.lru_cache(maxsize=4)
def load(folder: Path | None = None) -> Lexicon:
    """The lexicon in *folder* (the vocabulary's ``lexicon/`` folder by default), read once."""
    folder = folder or resources.ontology_dir() / "lexicon"
    states = []
    for row in _rows(folder / "demonyms.csv"):
        for form in (row["state"], *row["forms"].split("|")):
            states.append(StateForm(form.strip(), row["state"], row["code"]))
    titles = tuple(Title(row["title"], row["relation"] or None) for row in _rows(folder / "titles.csv"))
    nouns = {row["noun"]: row["stands_for"] for row in _rows(folder / "nouns.csv")}
    return Lexicon(tuple(states), titles, nouns)


@functools.lru_cache(maxsize=4)
def event_triggers(folder: Path | None = None) -> tuple[tuple[str, str], ...]:
    """The (relation, pattern) rows of ``event-triggers.csv`` in *folder* (the vocabulary's
    ``lexicon/`` folder by default), in the file's order."""
    folder = folder or resources.ontology_dir() / "lexicon"
    return tuple((row["relation"], row["trigger"]) for row in _rows(folder / "event-triggers.csv"))
