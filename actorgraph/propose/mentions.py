"""Actors named in a sentence: by the graph's names, by a state's adjective, by a title, or new.

Each family of naming has its own finder below; ``Gazetteer.find`` runs them all and keeps the
longest of overlapping finds (so "Israeli military" is the IDF, not Israel plus a word).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from actorgraph.actors import Actor, ActorIndex
from actorgraph.propose.lexicon import Lexicon, Title
from actorgraph.propose.model import Mention, Span
from actorgraph.propose.sentences import flatten
from actorgraph.text import fold
from actorgraph.vocabulary import Vocabulary

#: How close a variant spelling must be to a graph name (difflib ratio) to be read as that name.
SIMILARITY = 0.85
_NAME_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*)"
_PARTICLE = r"(?:al-|el-|bin |ibn |abu |de |van |von )?"
_NAME = rf"{_NAME_WORD}(?:\s+{_PARTICLE}{_NAME_WORD}){{0,3}}"
# Heads of organization names: a capitalized run ending in one of these is an organization.
_ORG_HEADS = {
    "ArmedGroup": "Army|Forces|Front|Brigades?|Guards?|Corps|Militia|Tigers|Rebels|Resistance|Jihad|Taliban",
    "GovernmentBody": "Ministry|Court|Parliament|Police|Authority|Government|Agency|Commission|Cabinet|Congress|"
    "Senate|Administration|Department|Office|Navy|Air Force",
    "Organization": "Council|Party|Movement|Organi[sz]ation|Union|League|Alliance|Committee|Assembly|Bank|Fund|"
    "Nations|Cooperation|Association|Federation|Institute|University|School|Group|Company|Red Cross|Crescent",
}
_ORG = re.compile(
    rf"(?:{_NAME_WORD}\s+){{0,4}}(?:{'|'.join(_ORG_HEADS.values())})\b(?:\s+(?:of|for)\s+(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})?"
)
# Anaphors: a class noun standing for the last actor of that class named before it.
_ANAPHORS = {
    "the group": "Organization",
    "the militant group": "Organization",
    "the armed group": "Organization",
    "the organization": "Organization",
    "the militia": "Organization",
    "the movement": "Organization",
    "the country": "State",
    "the military": "GovernmentBody|ArmedGroup",
    "the army": "GovernmentBody|ArmedGroup",
    "forces": "GovernmentBody|ArmedGroup",
    "troops": "GovernmentBody|ArmedGroup",
}
_ANAPHOR = re.compile(r"(?<![\w-])(" + "|".join(sorted(_ANAPHORS, key=len, reverse=True)) + r")(?![\w-])")
# Capitalized words that start sentences or name times, never actors (skip them as variants).
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "and",
        "but",
        "or",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "this",
        "that",
        "these",
        "those",
        "there",
        "after",
        "before",
        "around",
        "most",
        "some",
        "small",
        "despite",
        "however",
        "while",
        "when",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


@dataclass(frozen=True)
class Found:
    """An actor named in a sentence.

    ``start:end`` is where the words that name it sit (what patterns see as the actor);
    ``mention.span`` is where the actor is named: the same words, or for an anaphor ("the group")
    the earlier name it stands for. ``how`` is the naming family; ``title`` the title before a
    person's name; ``state`` the state whose adjective begins the name ("Israeli authorities").
    """

    start: int
    end: int
    mention: Mention
    how: str
    title: Title | None = None
    title_start: int = -1
    state: Mention | None = None

    @property
    def key(self) -> str:
        return self.mention.iri or f"new:{self.mention.name}"


class _Names:
    """Names looked up by the words of a text, the longest first: a dictionary lookup per word and
    length, so the time does not grow with the number of names (a regular expression's does)."""

    _WORD = re.compile(r"\w+(?:\.\w+)*\.?")  # "u.s." is one word, "iranian-backed" two

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = set(keys)
        self.most = max((len(self._WORD.findall(k)) for k in self.keys), default=1)

    def scan(self, flat: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """The names in ``flat[start:end]``, leftmost and longest, not overlapping: (start, end, name)."""
        words = [m.span() for m in self._WORD.finditer(flat, start, end)]
        at = 0
        while at < len(words):
            hit = self._longest(flat, words, at)
            if hit is None:
                at += 1
                continue
            at, found = hit
            at += 1
            yield found

    def match(self, flat: str, start: int, end: int) -> tuple[int, int, str] | None:
        """The longest name that begins at *start*."""
        words = [m.span() for m in self._WORD.finditer(flat, start, end)]
        hit = self._longest(flat, words, 0) if words and words[0][0] == start else None
        return None if hit is None else hit[1]

    def _longest(self, flat: str, words: list[tuple[int, int]], at: int) -> tuple[int, tuple[int, int, str]] | None:
        first = words[at][0]
        for last in range(min(len(words), at + self.most) - 1, at - 1, -1):
            stop = words[last][1]
            for end in (stop, stop - 1) if flat[stop - 1] == "." else (stop,):  # "Israel." ends a sentence
                key = " ".join(flat[first:end].split())
                if key in self.keys:
                    return last, (first, end, key)
        return None


class Gazetteer:
    """Every name the graph and the lexicon know, and the finders that use them."""

    def __init__(self, index: ActorIndex, vocabulary: Vocabulary, lexicon: Lexicon) -> None:
        self.vocabulary = vocabulary
        self.lexicon = lexicon
        self._types = {name: set(vocabulary.subtypes(name)) for name in vocabulary.actor_types}
        self._names: dict[str, Actor] = {}
        self._exact: set[str] = set()  # acronyms ("US", "IDF"): matched with their case only
        for actor in index.actors:
            for name in actor.names:
                self._add_name(name, actor)
        self._states: dict[str, str] = {}  # folded form -> state name, for forms the graph lacks
        for form in lexicon.states:
            key = flatten(form.form)
            if key not in self._names and key not in self._states:
                self._states[key] = form.state
                if _is_acronym(form.form):
                    self._exact.add(form.form)
        self._exact_keys = {flatten(name) for name in self._exact}
        self._table = _Names({*self._names, *self._states})
        self._form_state = {flatten(form.form): form.state for form in lexicon.states}
        self._state_table = _Names(self._form_state)
        self._state_actor = {flatten(state.state): self._resolve_state(state.state) for state in lexicon.states}
        nouns = sorted(lexicon.nouns, key=len, reverse=True)
        # "Sri Lankan army", "Poland's parliament", "Nicaragua's Sandinista government": the noun after
        # the name, or after its possessive and one word more.
        self._noun = re.compile(r"(?:'s?(?:\s+[\w-]+)??)?\s+(" + "|".join(re.escape(n) for n in nouns) + r")(?![\w-])")
        self._title = _title_pattern(lexicon.titles)
        groups = sorted((n for n, kind in lexicon.nouns.items() if kind in _GROUP_CLASSES), key=len, reverse=True)
        self._opening_noun = re.compile(_OPENING_GROUP + r"(" + "|".join(re.escape(n) for n in groups) + r")(?![\w-])")
        self._titles = {t.title.lower(): t for t in lexicon.titles}
        self._variants: dict[str, tuple[Actor, float] | None] = {}
        # Variant spellings are compared with every name, and with a person's surname alone ("Qasem").
        self._spellings = {k: a for k, a in self._names.items() if len(k) >= 4 and not _is_acronym(k)}
        for actor in index.actors:
            for name in actor.names:
                surname = flatten(name).rsplit(" ", 1)[-1]
                if actor.type == "Person" and len(surname) >= 4:
                    self._spellings.setdefault(surname, actor)
        self._variant_keys = sorted(self._spellings)

    def _add_name(self, name: str, actor: Actor) -> None:
        key = flatten(name)
        self._names.setdefault(key, actor)
        if _is_acronym(name):
            self._exact.add(name)

    def _resolve_state(self, state: str) -> Mention:
        actor = self._names.get(flatten(state))
        if actor is not None:
            return Mention(actor.label, Span(0, 0, ""), str(actor.iri), actor.type)
        return Mention(state, Span(0, 0, ""), None, "State")

    def is_a(self, mention: Mention, classes: str) -> bool:
        """Whether *mention*'s class is one of *classes* ("Organization|State") or below one."""
        return any(mention.type in self._types.get(name, ()) for name in classes.split("|"))

    def antecedent(self, classes: str, earlier: Sequence[Found]) -> Found | None:
        """The last actor of *classes* named in *earlier*: what "the group" or "its" stands for."""
        return next((f for f in reversed(earlier) if f.how != "anaphor" and self.is_a(f.mention, classes)), None)

    def find(self, text: str, flat: str, sentence: Span, before: Sequence[Found]) -> list[Found]:
        """The actors named in *sentence* of *text*, in order; *before*: those named earlier."""
        finds = [
            *self._by_name(text, flat, sentence),
            *self._by_organization(text, sentence),
        ]
        finds = _longest(finds)
        finds = _longest([*self._by_title(text, flat, sentence, finds), *finds])  # a titled name wins a tie
        finds = _longest([*finds, *self._by_variant(text, sentence, finds)])
        finds = _longest([*finds, *self._by_proper_name(text, sentence, finds)])
        finds = _longest([*finds, *self._by_common_noun(text, flat, sentence, finds)])
        finds = [*finds, *self._by_reference(text, flat, sentence, finds, before)]
        return sorted(_longest(finds), key=lambda f: f.start)

    # --- graph names and state forms ----------------------------------------------------------

    def _by_name(self, text: str, flat: str, sentence: Span) -> Iterable[Found]:
        for start, end, key in self._table.scan(flat, sentence.start, sentence.end):
            written = text[start:end]
            if key in self._exact_keys and written not in self._exact:
                continue  # "us" is not the US: acronyms match with their case only
            actor = self._names.get(key)
            if actor is not None:
                mention = Mention(actor.label, Span(start, end, written), str(actor.iri), actor.type)
                yield self._with_state(text, flat, Found(start, end, mention, "name"), sentence)
                continue
            yield self._state_or_body(text, flat, start, end, key, sentence)

    def _state_or_body(self, text: str, flat: str, start: int, end: int, key: str, sentence: Span) -> Found:
        """A state's name or adjective; with a noun after it, the body of that state it names."""
        state = replace(self._state_actor[flatten(self._states[key])], span=Span(start, end, text[start:end]))
        noun = self._noun.match(flat, end, sentence.end)
        if noun is None:
            return Found(start, end, state, "state")
        stop = noun.end()
        written = text[start:stop]
        kind = self.lexicon.nouns[noun.group(1)]
        if kind == "State":
            mention = replace(state, span=Span(start, stop, written), note=f"'{written}' read as {state.name}")
            return Found(start, stop, mention, "state")
        return Found(start, stop, Mention(written, Span(start, stop, written), None, kind), "body", state=state)

    def _with_state(self, text: str, flat: str, found: Found, sentence: Span) -> Found:
        """A graph body whose name begins with a state's adjective ("Israeli military") names that state too."""
        if found.mention.type != "GovernmentBody":
            return found
        head = self._state_table.match(flat, found.start, found.end)
        if head is None or head[1] == found.end:
            return found
        start, end, key = head
        named = self._state_actor[flatten(self._form_state[key])]
        return replace(found, state=replace(named, span=Span(start, end, text[start:end])))

    # --- organizations not in the graph --------------------------------------------------------

    def _by_organization(self, text: str, sentence: Span) -> Iterable[Found]:
        for match in _ORG.finditer(text, sentence.start, sentence.end):
            start, end = match.span()
            words = match.group()
            if words.startswith("The "):
                start, words = start + 4, words[4:]
            if " " not in words and fold(words) in _NOT_NAMES:
                continue
            kind = next(k for k, heads in _ORG_HEADS.items() if re.search(rf"\b(?:{heads})\b", words))
            yield Found(start, end, Mention(words, Span(start, end, words), None, kind), "new")

    # --- title + name ---------------------------------------------------------------------------

    def _by_title(self, text: str, flat: str, sentence: Span, finds: list[Found]) -> Iterable[Found]:
        for match in self._title.finditer(text, sentence.start, sentence.end):
            title = self._titles[match.group("title").lower()]
            if title.title[0].isupper() and match.group("title") != title.title:
                continue  # ranks are written capitalized ("Gen."); "general" in text is not one
            start, end = match.span("name")
            inside = [f for f in finds if f.start < end and start < f.end]
            if inside and inside[0].mention.type in (None, "Person"):
                found = inside[0]
                yield replace(found, title=title, title_start=match.start("title"))
                continue
            if inside:
                continue
            name = text[start:end]
            variant = self._variant(name, "Person")
            if variant is not None:
                actor, ratio = variant
                mention = Mention(
                    actor.label, Span(start, end, name), str(actor.iri), actor.type, _variant_note(name, actor, ratio)
                )
                yield Found(start, end, mention, "variant", title, match.start("title"))
                continue
            yield Found(
                start, end, Mention(name, Span(start, end, name), None, "Person"), "new", title, match.start("title")
            )

    # --- other proper names -------------------------------------------------------------------

    def _by_proper_name(self, text: str, sentence: Span, finds: list[Found]) -> Iterable[Found]:
        """A capitalized name no list knows ("Kifaya", "Saeb Erakat"): a new actor, its class guessed
        from the name's shape and said so in its note, for the curator to check."""
        for match in re.finditer(_NAME, text[sentence.start : sentence.end]):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            words = match.group()
            while words and fold(words.split()[0]) in _NOT_NAMES:  # "The", "On Monday"
                first = words.split()[0]
                words = words[len(first) :].lstrip()
                start = end - len(words)
            words = _bare(words)
            end = start + len(words)
            if not words or _overlapping(finds, start, end):
                continue
            if start == sentence.start and " " not in words and not words.replace(".", "").isupper():
                # A sentence's first word is capitalized whatever it is: a name only before a title
                # or a noun that names a group ("Houthi spokesman", "Kurdish fighters").
                after = flatten(text[end : end + 40]).lstrip()
                if not (self._title.match(text, end + 1) or self._noun.match(" " + after)):
                    continue
            # The class is guessed from the name's shape: two to four capitalized words are
            # mostly a person's name in news ("Saeb Erakat"), one word a group or a place ("Kifaya").
            kind = "Person" if " " in words and not words.replace(".", "").isupper() else "Organization"
            note = f"'{words}' is not in the graph: a new actor, class guessed from the name ({kind})"
            yield Found(start, end, Mention(words, Span(start, end, words), None, kind, note), "new")

    # --- common nouns that open a sentence -------------------------------------------------------

    def _by_common_noun(self, text: str, flat: str, sentence: Span, finds: list[Found]) -> Iterable[Found]:
        """ "Police arrested ...", "Thousands of protesters marched ...", "Rebels in the north
        attacked ...": a group noun of the lexicon with no state before it, as the subject a sentence
        opens with, names an actor the text does not name otherwise: a new actor, for the curator
        to name. Only there: elsewhere such a noun is too often a part of a longer description."""
        match = self._opening_noun.match(flat, sentence.start, sentence.end)
        if match is None or _overlapping(finds, match.start(1), match.end(1)):
            return
        start, end = match.span(1)
        words = text[start:end]
        kind = self.lexicon.nouns[match.group(1)]
        note = f"'{words}' names no one: a new actor for the group the sentence opens with ({kind})"
        yield Found(start, end, Mention(words, Span(start, end, words), None, kind, note), "new")

    # --- variant spellings ------------------------------------------------------------------------

    def _by_variant(self, text: str, sentence: Span, finds: list[Found]) -> Iterable[Found]:
        for match in re.finditer(_NAME, text[sentence.start : sentence.end]):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if _overlapping(finds, start, end):
                continue
            words = list(re.finditer(r"\S+", match.group()))
            if len(words) > 1:  # the whole name first ("Naim Qasem"), then its words ("Qasem")
                whole = self._variant_found(text, start, end)
                if whole is not None:
                    yield whole
                    continue
            for word in words:
                w_start = start + word.start()
                candidate = _bare(word.group())
                if fold(candidate) not in _NOT_NAMES and (
                    found := self._variant_found(text, w_start, w_start + len(candidate))
                ):
                    yield found

    def _variant_found(self, text: str, start: int, end: int) -> Found | None:
        variant = self._variant(text[start:end], None)
        if variant is None:
            return None
        actor, ratio = variant
        name = text[start:end]
        mention = Mention(
            actor.label, Span(start, end, name), str(actor.iri), actor.type, _variant_note(name, actor, ratio)
        )
        return Found(start, end, mention, "variant")

    def _variant(self, name: str, type: str | None) -> tuple[Actor, float] | None:
        """The graph actor *name* is a variant spelling of, when one is close enough."""
        key = flatten(name)
        if key in self._variants:
            found = self._variants[key]
        else:
            found = None
            matcher = difflib.SequenceMatcher(None, b="")
            matcher.set_seq2(key)
            best = SIMILARITY
            for candidate in self._variant_keys:
                if abs(len(candidate) - len(key)) > 3 or (candidate[-1:] != key[-1:] and candidate[:1] != key[:1]):
                    continue
                matcher.set_seq1(candidate)
                if (
                    matcher.real_quick_ratio() >= best
                    and matcher.quick_ratio() >= best
                    and (ratio := matcher.ratio()) >= best
                ):
                    best, found = ratio, (self._spellings[candidate], round(ratio, 2))
            self._variants[key] = found
        if found is None or (type is not None and found[0].type != type):
            return None
        return found

    # --- anaphors ---------------------------------------------------------------------------------

    def _by_reference(
        self, text: str, flat: str, sentence: Span, finds: list[Found], before: Sequence[Found]
    ) -> Iterable[Found]:
        """ "the group", "the country", "forces" and the pronouns "it", "they", "he", "she"."""
        for pattern in (_ANAPHOR, _PRONOUN):
            for match in pattern.finditer(flat, sentence.start, sentence.end):
                start, end = match.span()
                if _overlapping(finds, start, end):
                    continue
                earlier = [*before, *(f for f in finds if f.end <= start)]
                if pattern is _ANAPHOR:
                    classes = _ANAPHORS[match.group()]
                    antecedent = self.antecedent(classes, earlier)
                    kind = f", the last {classes.split('|')[0].lower()} named before it"
                else:
                    antecedent = _pronoun_antecedent(self, match.group(), sentence, finds, earlier)
                    kind = ""
                if antecedent is not None:
                    note = f"'{text[start:end]}' read as {antecedent.mention.name}{kind}"
                    yield Found(start, end, replace(antecedent.mention, note=note), "anaphor")


# The classes of lexicon nouns that stand for a group of people acting together (not a state).
_GROUP_CLASSES = frozenset(["ArmedGroup", "GovernmentBody", "Organization"])
# What may come before a group noun that opens a sentence: an article, a count, an adjective.
_OPENING_GROUP = (
    r"(?:(?:the|some|about|nearly|more than|up to|hundreds of|thousands of|dozens of|scores of|tens of thousands of"
    r"|a group of|groups of|[\d,.]+|angry|armed|radical|young|masked|unidentified|local|striking|suspected)\s+)*"
)
_PRONOUN = re.compile(r"(?<![\w-])(it|they|he|she)(?![\w'-])")
# What may come before the actor a sentence opens with: an article ("The Fijian rebels said they ...").
_OPENING = re.compile(r"(?:[Tt]he\s+)?")


def _pronoun_antecedent(
    gazetteer: Gazetteer, word: str, sentence: Span, finds: Sequence[Found], earlier: Sequence[Found]
) -> Found | None:
    """ "it"/"they": the actor the sentence opens with (its subject, "Israel has set ..., and it
    has resisted"); "he"/"she": the last person named, in this sentence or the ones before."""
    if word in ("he", "she"):
        return gazetteer.antecedent("Person", earlier)
    opening = next((f for f in finds if f.how != "anaphor"), None)
    if (
        opening is not None
        and _OPENING.fullmatch(sentence.text, 0, opening.start - sentence.start)
        and opening in earlier
        and opening.mention.type != "Person"
    ):
        return opening
    return None


def _overlapping(finds: Sequence[Found], start: int, end: int) -> bool:
    """Whether any of *finds* shares a character with ``start:end``."""
    return any(f.start < end and start < f.end for f in finds)


def _bare(words: str) -> str:
    """*words* without a possessive ending ("Iran's" -> "Iran", "Hamas'" -> "Hamas")."""
    return re.sub(r"['’]s?$", "", words)


def _is_acronym(name: str) -> bool:
    bare = name.replace(".", "")
    return bare.isupper() and len(bare) <= 5


def _variant_note(written: str, actor: Actor, ratio: float) -> str:
    return f"'{written}' read as {actor.label}, similarity {ratio:.2f}"


def _title_pattern(titles: Sequence[Title]) -> re.Pattern[str]:
    ranks = [re.escape(t.title) for t in titles if t.relation is None]
    every = "|".join(re.escape(t.title) for t in sorted(titles, key=lambda t: len(t.title), reverse=True))
    rank = "|".join(sorted(ranks, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])(?P<title>(?i:{every}))(?![\w-]),?\s+(?:(?:{rank})\s+)*(?P<name>{_NAME})",
    )


def _longest(finds: list[Found]) -> list[Found]:
    """Of overlapping finds, the longest (the first found on a tie); in order of position."""
    kept: list[Found] = []
    for found in sorted(finds, key=lambda f: (-(f.end - f.start), f.start)):
        if all(found.end <= k.start or k.end <= found.start for k in kept):
            kept.append(found)
    return sorted(kept, key=lambda f: f.start)
