"""Relations read from a sentence: trigger patterns of the vocabulary, and the phrasings around them.

The triggers are ``ag:trigger`` literals on each relation of ``ontology/actorgraph.ttl`` (a
curator extends them without code). Patterns read the sentence lowercase, with every actor's
words masked as ``@`` so that a pattern sees where actors are, not who they are.

Each reading below serves one family of phrasings, for any actors and any trigger:

- active: "X attacked Y", "X killed Z leader W" (subject named before the trigger, object after);
- passive: "Y was attacked by X", "a proposal offered by X";
- frame: a trigger written with its actors' places ("{S}-backed ... {O}", "{O}, a proxy for {S}");
- apposition: "Hamas leader Ismail Haniyeh", "its new political leader, Yahya Sinwar" (titles);
- institution: "Israeli authorities" is part of Israel (a body named by its state's adjective);
- joint agents: "X and Y signed", "offered by X, Y and others" (the agents cooperate);
- allegation: "X claimed that Y was preparing an attack" (X accuses Y);
- nominal agent: "the attack on X by Y" (Y is the subject);
- place as target: "fired at targets in Lebanon" (a state named as the place of an act with no
  actor object is its target, as event coders read it);
- negation, denial and hedges qualify any of these; an act to come is a threat when hostile or
  conditional ("unless"), an offer when cooperative, an attack when violent and attempted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Graph, Literal

from actorgraph.namespace import AG
from actorgraph.propose.lexicon import event_triggers
from actorgraph.propose.mentions import Found, Gazetteer
from actorgraph.vocabulary import Vocabulary

_MASK = "@"
_SLOT = {"{S}": r"(?:the\s+)?(?<!@)(?P<S>@+)(?!@)", "{O}": r"(?:the\s+)?(?<!@)(?P<O>@+)(?!@)"}
# "..." in a frame: a short gap inside the sentence, between words (a decimal point, "5.1 million", is inside)
_GAP = r"[^\w@](?:(?:[^.;]|(?<=\d)\.(?=\d)){0,80}?[^\w@])??"
# Words that end the search for an object after a trigger: clause openers and prepositions that
# introduce places, times or other roles (triggers name their own prepositions: "raids into").
_STOP = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "but",
        "or",
        "while",
        "after",
        "before",
        "because",
        "said",
        "says",
        "in",
        "from",
        "by",
        "to",
        "for",
        "with",
        "since",
        "until",
        "though",
        "although",
        "as",
        "when",
        "where",
        "if",
        "than",
        "during",
        "amid",
    ]
)
_PREPOSITIONS = (
    "in|into|at|on|against|for|from|to|with|of|by|near|toward|towards|across|over|under|between|through|about"
    "|despite|during|than|like|as|amid|inside|within|along|around"
)
_OBLIQUE = re.compile(rf"\b(?:{_PREPOSITIONS})\s+(?:(?:the|a|an|[a-z]+ern|[a-z-]+)\s+)?$")
# "A group of Moroccan diplomats met ...", "thousands of Iraqi Kurds": after a collective noun or a
# count, "of" names who acts, not a place or a role.
_PARTITIVE = re.compile(
    r"\b(?:group|groups|delegation|team|crowd|band|thousands|hundreds|dozens|scores|tens|millions|some|many|most)"
    r"\s+of\s+(?:the\s+)?$"
)
# A sentence that opens with "a ... of X" speaks of X's people as its subject: "A first batch of
# Bangladeshi troops arrived", "A spokesman of the group said", "Members of X attacked".
_OPENING_OF = re.compile(
    r"(?:(?:a|an|the|one|two|three|four|five|some|several)\s+)?(?:[a-z-]+\s+){1,2}of\s+(?:the\s+)?"
)
_AUX = (
    r"(?:has|have|had|was|were|is|are|be|been|also|then|later|instead|reportedly|allegedly|last|would|will|could"
    r"|may|might|already|recently|repeatedly|\w+ly)"
)
_RELATIVE = re.compile(rf"(?:(?<!@)(@+)\s*,?\s+)?\b(who|which|that)\s+(?:{_AUX}\s+)*$")
# "a suspect accused of plotting ...": the one accused is the plotter, named just before or not at all.
_HEDGED_SUBJECT = re.compile(
    r"(?:(?<!@)(@+)\s*,?\s+(?:(?:was|were|is|are|has been|have been|been)\s+)?)?"
    r"\b(?:accused|suspected|charged|convicted) of\s+$"
)
_BLOCK = re.compile(r";|\b(?:though|although|whereas)\b")
# Between a passive participle and "by": an adverb, a time, or the act it was done in ("were killed
# in an ambush by X", "was wounded in a bomb attack by X", "dead by").
_PASSIVE_BY = re.compile(
    r"\s+(?:(?:\w+ly|last \w+|this \w+|on \w+|in \w+|dead|in (?:a|an|the) (?:[a-z-]+ ){0,2}?[a-z-]+)\s+)?"
    r"by\s+(?:the\s+)?"
)
# Between a passive's patient and its participle: only auxiliaries, adverbs, a relative pronoun; or
# the patient's own head noun when an auxiliary follows ("Palestinian teenagers were shot by X",
# "Kenyan aid workers were taken hostage by X": a state's adjective names the patient's people).
_PATIENT_GAP = re.compile(
    r"(?:'s)?\s*,?\s*(?:(?:who|which|that)\s+)?(?:(?:[a-z-]+\s+){1,2}(?=(?:has|have|had|was|were|is|are)\s))?"
    r"(?:(?:has|have|had|was|were|is|are|been|being|be|also|\w+ly)\s+)*(?:(?:put|placed|kept|taken)\s+)?"
)
# The agent of a nominal act, after its object: "the attack on X by Y", "demands on X by Y".
_AGENT_AFTER = re.compile(r"(?:'s)?\s+by\s+(?:the\s+)?(?=@)")
# A trigger that ends in its preposition ("attack on", "raids into"), its object right after it.
_NOMINAL = re.compile(r"\b(?:on|against|into|of)$")
_ARTICLE_GAP = re.compile(r"\s*(?:the\s+)?")
# A passive's auxiliary before a trigger, with the light verb of a phrasal passive ("was put under
# investigation", "were placed under arrest", "was taken into custody").
_BE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?(?:(?:put|placed|kept|taken)\s+)?$"
)
_COORD_NEXT = re.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?(?:@+-[\w-]+\s+)?(?:[\w-]+\s+(?:group\s+)?)?(?=@)"
)
_COORD_PREVIOUS = re.compile(r"(?<!@)(@+)(?:'s)?(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$")
_APPOSITION_OPENS = re.compile(r"(?<!@)@+\s*,\s*(?:(?:a|an|the|[a-z][\w-]*)\s+){0,3}$")
_LIST_END = re.compile(r"\s*,?\s+(?:and|or)\b")
# A number written with thousands separators or decimals ("1,000 tons", "5.1 million") is one word.
_TOKEN = re.compile(r"@+|\d+(?:[,.]\d+)+|[\w'-]+|[^\w\s@]")
# A count before the object ("arrested more than 100 Palestinians", "kidnapped up to 16 Russian
# advisers"): its words ("than", "to") are not the prepositions that end the search.
_QUANTITY = re.compile(
    r"(?:up to|more than|less than|fewer than|at least|as many as|some|about|nearly|almost|over)\s+[\d,.]+"
    r"(?:\s+(?:million|thousand|hundred|dozen))?(?![\w@])"
)
# A verbal act aimed at the agent of the act it names: "an investigation into crimes committed by X",
# "condemned the attack by X", "protested against killings carried out by X". The act is a short noun
# phrase (its participle included), the agent comes after "by".
_ACT_BY = re.compile(r"(?:\s+[a-z][\w'-]*){1,8}?\s+by\s+(?:the\s+)?(?=@)")
_VERBAL = frozenset(["pressures", "disputes"])
# A warning or a charge whose target is the subject of the clause it opens: "X warned that Y would
# pay", "X charged on Monday that Y had armed the rebels". (Not demands: that-clauses as objects of
# demands were tried and reverted before, see benchmarks/README.md.)
_THAT_CLAUSE = re.compile(
    r"(?:\s+(?:on\s+)?(?:today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday))?"
    r"\s*,?\s+that\s+(?:the\s+)?(?=@)"
)
_ABOUT = frozenset(["threatens", "accuses"])
# Prepositions that introduce the recipient or counterpart of an act ("military aid to Mozambique",
# "shared evidence with the U.S.", "withdraw its troops from Lebanon", "calls by Belarus's rulers"):
# the search for the object crosses one after a short noun phrase (up to six words, no past
# participle: "sent 1,000 tons of grain and flour to X") when an actor follows it within five words
# ("to the government of X").
_RECIPIENT = frozenset(["to", "with", "from", "against", "toward", "towards", "by"])
# Between "in" and a place: an article and a direction ("in the northern Gaza Strip", "in east Bosnia").
_PLACE = re.compile(r"\s+(?:the\s+)?(?:(?:north|south|east|west|central)(?:ern)?\s+|[a-z]+-(?:east|west)(?:ern)?\s+)?")
_TITLE_OWNER = re.compile(r"(?<!@)(@+)(?:'s)?\s+(?:(?:new|top|senior|acting|current|longtime|late|slain|former)\s+)*$")
_TITLE_PRONOUN = re.compile(r"\b(?:its|their)\s+(?:(?:new|top|senior|acting|current|longtime|late|slain|former)\s+)*$")
SPEECH = (
    r"said|says|say|told|tells|announced|announces|stated|states|claimed|claims|alleged|alleges|warned|warns|added"
    r"|reported|confirmed|insisted|argued|asserted|declared|noted|wrote|accused|charged"
)
_SPEECH_BEFORE = re.compile(rf"\b(?P<verb>{SPEECH})\b(?:\s+(?:on|in|at)\s+[^@,]*?)?(?:,?\s+that)?\s")
_ACCORDING = re.compile(r"according to (?:the\s+)?(?<!@)(@+)")
_SPEECH_AFTER = re.compile(rf"[,\"]\s*(?<!@)(@+)\s+(?:{SPEECH})\b")
ALLEGING = frozenset({"claimed", "claims", "alleged", "alleges", "accused", "charged"})
_NEGATION = re.compile(r"\b(?:not|never|no longer|yet to|failed to|refused to|declined to|without|nor)\b|n't\b")
_DENYING = r"denied|denies|deny|denying|(?:rejected|dismissed) (?:claims|reports|allegations|accusations) that"
_DENIAL = re.compile(rf"\b(?:{_DENYING})\b")
_DENIAL_BEFORE = re.compile(rf"(?<!@)(@+)[^@]{{0,40}}?\b(?:{_DENYING})\s+(?:that\s+)?$")
# "X has not confirmed that it killed Y", "X never said it attacked Y": an act the clause before
# does not vouch for is unclaimed.
_UNCLAIMED = re.compile(
    r"\b(?:not|never|n't)\s+(?:\w+\s+)?(?:confirm|confirmed|acknowledge|acknowledged|admit|admitted|claim|claimed|say|said)"
    r"\b[^.;]*$"
)
_HEDGE = re.compile(
    r"\b(?:accused of|suspected of|charged with|allegedly|reportedly|is said to|are said to|believed to|thought to"
    r"|may have|might have|appears to|apparently|likely)\b"
)
# An act vowed has not happened: of a hostile act, the vow is a threat ("X said it would shell Y").
_VOWED = re.compile(r"will|would|shall|(?:vowed|vows|threatened|threatens|promised|pledged) to")
# An act of cooperation promised or offered has not happened either, but the promise is made to
# the object: "Finland will give Tanzania a grant", "Libya offered to hand over ... to Britain",
# "Syria says it is willing to withdraw from Lebanon" are offers (CAMEO 03, intent to cooperate).
_PLEDGED = re.compile(
    r"will|would|shall|(?:promised|promises|pledged|pledges|offered|offers|willing|ready|prepared|vowed|vows) to"
)
# An attempted hostile act is an attack, whatever came of it ("tried to assassinate X", "attempted
# to hack into X's computers").
_ATTEMPTED = re.compile(r"(?:tried|tries|trying|attempted|attempts|attempting) to")
# An act announced, intended or prepared has not happened: never proposed as a fact.
_UNREALISED = re.compile(
    r"\b(?:possible|potential|will|would|could|might|may|shall|(?:preparing|prepares|prepared|planning|plans|planned|ready|poised|vowed|vows"
    r"|threatened|threatens|intends|intended|promised|promises|pledged|pledges|offered|offers|willing|wants|hopes"
    r"|seeks|seeking|trying|tries|tried|attempting|attempts|attempted)(?P<when>\s+(?:on|last|this|next)\s+\w+|\s+\w+ly"
    r"|\s+today|\s+yesterday)? to)\b"
)
# "X will cut aid to Y unless ...": an act made conditional on the object's conduct is an ultimatum.
_CONDITION = re.compile(r"\b(?:unless|until)\b")


@dataclass(frozen=True)
class Trigger:
    """One ``ag:trigger`` pattern of a relation, compiled.

    ``needs`` are groups of words one of which the sentence must contain for the pattern to
    match (read from the pattern's literal words and plain alternatives): a cheap test that
    spares running most patterns on most sentences.
    """

    relation: str
    pattern: str
    regex: re.Pattern[str]
    frame: bool
    needs: tuple[tuple[str, ...], ...] = ()

    def may_match(self, masked: str) -> bool:
        return all(any(word in masked for word in words) for words in self.needs)


@dataclass
class Candidate:
    """A relation read from a sentence, before its quote and date are chosen."""

    relation: str
    subject: Found
    object: Found
    trigger: tuple[int, int]  # offsets in the text
    family: str
    pattern: str
    kind: str = "claim"
    by: Found | None = None
    speaker: Found | None = None
    notes: list[str] = field(default_factory=list)
    penalty: float = 0.0


def load_triggers(graph: Graph, vocabulary: Vocabulary) -> list[Trigger]:
    """The trigger patterns of every relation of *vocabulary*, as *graph* states them, and the
    lexicon's patterns for the event types of the CAMEO and PLOVER codebooks."""
    found = []
    for relation in sorted(vocabulary.relations.values(), key=lambda r: r.name):
        for literal in sorted(str(o) for o in graph.objects(relation.iri, AG.trigger) if isinstance(o, Literal)):
            found.append(compile_trigger(relation.name, literal))
    found.extend(compile_trigger(name, pattern) for name, pattern in event_triggers() if name in vocabulary.relations)
    return found


def compile_trigger(relation: str, pattern: str) -> Trigger:
    """*pattern* as a regular expression over a masked, lowercase sentence."""
    frame = "{S}" in pattern and "{O}" in pattern
    body = pattern.strip()
    needs = _needs(body)
    if frame:
        body = re.sub(r"\{S\} (?=[a-z(])", lambda _: "{S}" + _ADVERBIALS, body)
        pieces = re.split(r"(\{S\}|\{O\}|\.\.\.)", re.sub(r"\s*\.\.\.\s*", "...", body))
        body = "".join(_SLOT.get(p, _GAP if p == "..." else p.replace(" ", r"\s+")) for p in pieces)
        return Trigger(relation, pattern, re.compile(body), True, needs)
    body = body.replace(" ", r"\s+")
    return Trigger(relation, pattern, re.compile(rf"(?<![\w@-])(?:{body})(?:(?<=\s)|(?![\w@]))"), False, needs)


# Between a frame's subject and its verb, words that do not change who does what ("X today rejected"),
# and auxiliaries ("X will give Y a grant", "X is providing"): the qualifiers read what they imply.
_ADVERBIALS = (
    r"(?:\s+(?:today|yesterday|tonight|on\s+\w+|last\s+\w+|this\s+\w+|\w+ly|also|has|have|had|now|then|still|again"
    r"|reportedly|will|would|shall|is|are|was|were|be|been))*\s+"
)
_LITERAL = re.compile(r"[a-z']{3,}")
_PLAIN_GROUP = re.compile(r"\(([a-z' |-]+)\)(?![?*{])")


def _needs(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Words the pattern cannot match without: its literal words outside groups, and one of the
    alternatives of each plain group that is not optional ("(attack|strike)" but not "(a |the )?")."""
    needs: list[tuple[str, ...]] = []
    outside = re.sub(r"\{[SO]\}|\.\.\.", " ", pattern)
    depth, flat = 0, []
    for char in outside:
        depth += char == "("
        flat.append(char if depth == 0 and char not in "()" else " ")
        depth -= char == ")"
    for word in _LITERAL.findall(re.sub(r"[a-z']+[?*]|\[[^]]*\]|\\\w", " ", "".join(flat))):
        needs.append((word,))
    for group in _PLAIN_GROUP.finditer(outside):
        alternatives = tuple(a.strip() for a in group.group(1).split("|"))
        if all(alternatives):
            needs.append(alternatives)
    return tuple(needs)


class Reader:
    """Reads the relations of one sentence at a time."""

    def __init__(self, triggers: Sequence[Trigger], gazetteer: Gazetteer, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.gazetteer = gazetteer
        self._frames = [t for t in triggers if t.frame]
        self._plain = [t for t in triggers if not t.frame]
        # Each trigger's most telling word group, indexed by word: a sentence is tested for these
        # few hundred words once, and only the triggers whose words it has are run on it.
        self._by_anchor: dict[str, list[Trigger]] = {}
        self._always: list[Trigger] = []
        for trigger in triggers:
            if trigger.needs:
                for word in max(trigger.needs, key=lambda words: min(len(w) for w in words)):
                    self._by_anchor.setdefault(word, []).append(trigger)
            else:
                self._always.append(trigger)
        # One scan finds every anchor word: at each word's start (triggers begin words) the longest
        # that starts there, and with it every shorter anchor it begins with ("attack" with "attacks").
        words = sorted(self._by_anchor, key=len, reverse=True)
        self._anchors = re.compile(r"\b(?=(" + "|".join(re.escape(w) for w in words) + "))")
        self._prefixes = {w: [p for p in words if w.startswith(p)] for w in words}
        self._disputes = set(vocabulary.descendants("disputes")) if "disputes" in vocabulary.relations else set()
        # Relations that are themselves about intent: "preparing to" is their trigger, not a hedge.
        self._intents = {"threatens", "preparesAttackOn", "plotsAgainst", "proposesTo", "pressures"}

    def read(self, flat: str, start: int, end: int, finds: Sequence[Found], before: Sequence[Found]) -> list[Candidate]:
        """The candidates of the sentence ``start:end`` of the text (*flat*: its lowercase copy)."""
        sentence = _Sentence(flat, start, end, finds)
        sentence.viable = self._viable(sentence.masked)
        found: list[Candidate] = []
        found.extend(self._appositions(sentence, before))
        found.extend(self._institutions(sentence))
        if len(finds) >= 2:
            found.extend(self._frames_in(sentence))
            found.extend(self._verbs_in(sentence, found))
        for candidate in list(found):
            if candidate.object is not _NOBODY:
                self._qualify(sentence, candidate)
                found.extend(self._allegation(candidate))
            found.extend(self._joint_agents(sentence, candidate))
        return [c for c in found if c.object is not _NOBODY and c.subject.key != c.object.key]

    def _viable(self, masked: str) -> set[int]:
        """The ids of the triggers that may match *masked* (all their words are in it)."""
        viable = {id(t) for t in self._always}
        present: set[str] = set()
        for match in self._anchors.finditer(masked):
            present.update(self._prefixes[match.group(1)])
        for word in present:
            viable.update(id(t) for t in self._by_anchor[word] if t.may_match(masked))
        return viable

    # --- apposition and institutions ---------------------------------------------------------

    def _appositions(self, s: _Sentence, before: Sequence[Found]) -> Iterable[Candidate]:
        """ "Hamas leader Ismail Haniyeh", "Iran's Supreme Leader X", "its new leader, X"."""
        for person in s.finds:
            if person.title is None or person.title.relation is None:
                continue
            at = person.title_start - s.start
            owner_match = _TITLE_OWNER.search(s.masked, 0, at)
            owner: Found | None = None
            if owner_match:
                owner = s.at(owner_match.start(1))
            elif _TITLE_PRONOUN.search(s.masked, 0, at):
                owner = self.gazetteer.antecedent(
                    "Organization|State", [*before, *(f for f in s.finds if f.end <= person.title_start)]
                )
            if owner is None or "former" in s.masked[owner.end - s.start : at]:
                continue
            if owner_match:  # "killed Hamas leader X" is X killed; "Turkey ... its leader X" leaves Turkey itself
                s.owners[id(owner)] = person
            title = (person.title_start, person.title_start + len(person.title.title))
            yield Candidate(person.title.relation, person, owner, title, "apposition", person.title.title)

    def _institutions(self, s: _Sentence) -> Iterable[Candidate]:
        """ "Israeli authorities", "the Sri Lankan army": a body named by its state's adjective is part of it."""
        for body in s.finds:
            if body.state is not None and body.how != "anaphor" and body.mention.type == "GovernmentBody":
                span = body.state.span
                yield Candidate("partOf", body, _as_found(body.state), (span.start, span.end), "institution", span.text)

    # --- frames and plain triggers -------------------------------------------------------------

    def _frames_in(self, s: _Sentence) -> Iterable[Candidate]:
        for trigger in self._frames:
            if id(trigger) not in s.viable:
                continue
            for match in trigger.regex.finditer(s.masked):
                subject, obj = s.at(match.start("S")), s.at(match.start("O"))
                if subject is None or obj is None:
                    continue
                span = (s.start + match.start(), s.start + match.end())
                subjects, objects = s.group(subject), s.group(obj)
                for one in subjects:
                    for other in objects:
                        if (one, other) != (subject, obj) and one in objects and other in subjects:
                            continue  # "X and Y agreed": one list fills both places; read it once
                        yield Candidate(trigger.relation, one, other, span, "frame", trigger.pattern)

    def _verbs_in(self, s: _Sentence, earlier: list[Candidate]) -> Iterable[Candidate]:
        framed = [(c.trigger, c.relation) for c in earlier if c.family == "frame"]
        made: list[Candidate] = []
        for at, end, trigger in self._plain_matches(s.masked, s.viable):
            if any(a <= s.start + at < b and self._related(relation, trigger.relation) for (a, b), relation in framed):
                continue  # a frame already read this phrase with both actors' places
            if _HEDGE.match(s.masked, at):
                continue  # "accused of", "suspected of": a hedge on what follows, not an accusation
            read = (
                self._passive(s, at, end, made)
                if _PASSIVE_BY.match(s.masked, end)
                else self._active(s, at, end, made, trigger)
            )
            if read is None:
                continue
            family, subjects, objects = read
            for one in subjects:
                for other in objects:
                    candidate = Candidate(
                        trigger.relation, one, other, (s.start + at, s.start + end), family, trigger.pattern
                    )
                    made.append(candidate)
                    yield candidate

    def _plain_matches(self, masked: str, viable: set[int]) -> list[tuple[int, int, Trigger]]:
        """Where plain triggers match: of overlapping matches the longest ("raids into" over "raids")."""
        matches = sorted(
            ((m.start(), m.end(), t) for t in self._plain if id(t) in viable for m in t.regex.finditer(masked)),
            key=lambda m: (m[0] - m[1], m[0], m[2].relation),
        )
        kept: list[tuple[int, int, Trigger]] = []
        for match in matches:
            if all(match[1] <= k[0] or k[1] <= match[0] for k in kept):
                kept.append(match)
        return sorted(kept, key=lambda m: m[0])

    def _verbal(self, relation: str) -> bool:
        """Whether *relation* is a verbal act of pressure or dispute (a demand, an inquiry, a charge)."""
        return bool({relation, *self.vocabulary.ancestors(relation)} & _VERBAL)

    def _about(self, relation: str) -> bool:
        """Whether *relation* is a verbal act that may name its target as the subject of a
        that-clause: a threat or warning, an accusation."""
        return bool({relation, *self.vocabulary.ancestors(relation)} & _ABOUT)

    def _related(self, one: str, other: str) -> bool:
        return one == other or one in self.vocabulary.ancestors(other) or other in self.vocabulary.ancestors(one)

    def _active(
        self, s: _Sentence, at: int, end: int, made: list[Candidate], trigger: Trigger
    ) -> tuple[str, list[Found], list[Found]] | None:
        if _BE_BEFORE.search(s.masked, 0, at) and not s.masked[at:end].split()[0].endswith("ing"):
            return self._done_in_state(s, at, end, made, trigger)
        subject = s.subject_before(at, made) or _NOBODY
        obj = s.object_after(end)
        if obj is None and self._verbal(trigger.relation) and (agent := _ACT_BY.match(s.masked, end)):
            obj = s.at(agent.end())  # "condemned the killings carried out by X": X answers for the act
        if obj is None and self._about(trigger.relation) and (clause := _THAT_CLAUSE.match(s.masked, end)):
            obj = s.at(clause.end())  # "X warned that Y would pay", "X charged that Y ...": Y is aimed at
        if obj is None and self.vocabulary.relations[trigger.relation].polarity != "Structural":
            obj = s.place_after(end)
        nominal = (
            obj is not None
            and _NOMINAL.search(s.masked[at:end].rstrip())
            and _ARTICLE_GAP.fullmatch(s.masked, end, obj.start - s.start)
        )
        if nominal and (agent := _AGENT_AFTER.match(s.masked, obj.end - s.start)):  # type: ignore[union-attr]
            subject = s.at(agent.end()) or subject  # "the attack on X by Y": Y did it, not who speaks of it
        if subject is _NOBODY:
            return None
        return "active", s.group(subject), [_NOBODY] if obj is None else s.group(obj)

    def _done_in_state(
        self, s: _Sentence, at: int, end: int, made: list[Candidate], trigger: Trigger
    ) -> tuple[str, list[Found], list[Found]] | None:
        """A passive without its agent ("has been eliminated") names no subject, unless it is an act
        of authority done in a state: "X was arrested in Lebanon", "X has been put under
        investigation in Italy", "X was expelled from ... in Iran" are the state's acts, as event
        coders read them. Not a violent act: "X was killed in Lebanon" says nothing of who killed."""
        relation = trigger.relation
        violent = {"attacked", "atWarWith"} & {relation, *self.vocabulary.ancestors(relation)}
        if violent or self.vocabulary.relations[relation].polarity == "Structural":
            return None
        state = s.place_after(end)
        patient = s.subject_before(at, made)
        if state is None or patient is None or not _PATIENT_GAP.fullmatch(s.masked, patient.end - s.start, at):
            return None
        return "passive", [state], s.group(patient)

    def _passive(
        self, s: _Sentence, at: int, end: int, made: list[Candidate]
    ) -> tuple[str, list[Found], list[Found]] | None:
        by = _PASSIVE_BY.match(s.masked, end)
        assert by is not None
        agent = s.object_after(by.end(), limit=2)
        if agent is None:
            return None
        patient = s.subject_before(at, made)
        if patient is not None and not _PATIENT_GAP.fullmatch(s.masked, patient.end - s.start, at):
            patient = None  # "a deal proposed by X": what was proposed is the deal, not an actor before it
        return "passive", s.group(agent), ([] if patient is None else s.group(patient)) or [_NOBODY]

    # --- qualifiers: negation, denial, hedges, who said it ----------------------------------

    def _qualify(self, s: _Sentence, c: Candidate) -> None:
        if c.family in ("apposition", "institution"):
            return
        first = min(c.subject.start, c.trigger[0])
        window = (
            s.masked[max(first, c.subject.end) - s.start : c.trigger[1] - s.start]
            if c.subject.end <= c.trigger[0]
            else s.masked[first - s.start : c.trigger[1] - s.start]
        )
        disputing = c.relation in self._disputes
        # A refusal's trigger is itself a negation ("refused to deploy troops in X"): read the words before it.
        negatable = window[: max(0, c.trigger[0] - max(first, c.subject.end))] if disputing else window
        if not disputing and _DENIAL.search(window):
            c.kind, c.by = "dispute", c.subject
            c.notes.append(f"denial: '{_DENIAL.search(window).group()}' by the subject")  # type: ignore[union-attr]
        elif _NEGATION.search(negatable) or _UNCLAIMED.search(s.masked, 0, max(0, first - s.start)):
            c.kind = "negated"
            return
        elif c.relation not in self._intents and (intent := _UNREALISED.search(window)):
            when = intent.group("when")  # "threatened on Monday to" is "threatened to"
            words = intent.group().replace(when, "") if when else intent.group()
            if not self._intended(s, c, words):
                c.kind = "negated"
                return
        elif not disputing and (
            denier := _DENIAL_BEFORE.search(s.masked, 0, min(c.subject.start, c.object.start, c.trigger[0]) - s.start)
        ):
            c.kind, c.by = "dispute", s.at(denier.start(1))
            c.notes.append("denial: the act is denied by the actor before 'denied'")
        hedge = _HEDGE.search(s.masked, max(0, first - s.start - 30), c.trigger[1] - s.start)
        if hedge:
            c.notes.append(f"hedge: '{hedge.group()}'")
            c.penalty += 0.2
        c.speaker = self._speaker(s, c)

    def _intended(self, s: _Sentence, c: Candidate, intent: str) -> bool:
        """Whether an act not (yet) done still says something: a hostile act vowed, or any act
        promised on a condition, is a threat; one attempted an attack; a cooperative act promised an
        offer. *c* is changed to say so."""
        polarity = self.vocabulary.relations[c.relation].polarity
        condition = _CONDITION.search(s.masked, c.trigger[1] - s.start)
        if _VOWED.fullmatch(intent) and condition and "threatens" in self.vocabulary.relations:
            c.notes.append(f"intent: '{intent}' {c.relation} '{condition.group()}' the object acts, read as a threat")
            c.relation, c.penalty = "threatens", c.penalty + 0.1
            return True
        hostile = polarity == "Hostile"
        violent = "attacked" in (c.relation, *self.vocabulary.ancestors(c.relation))
        if hostile and violent and _ATTEMPTED.fullmatch(intent):
            c.notes.append(f"attempt: '{intent}' {c.relation}, read as an attack")
            c.relation, c.penalty = "attacked", c.penalty + 0.1
            return True
        if hostile and _VOWED.fullmatch(intent) and "threatens" in self.vocabulary.relations:
            # "X said it would shell Y", "X vowed to strike Y": a hostile act to come is a threat.
            c.notes.append(f"intent: '{intent}' {c.relation} to come, read as a threat")
            c.relation, c.penalty = "threatens", c.penalty + 0.1
            return True
        if polarity == "Cooperative" and _PLEDGED.fullmatch(intent) and "proposesTo" in self.vocabulary.relations:
            c.notes.append(f"intent: '{intent}' {c.relation} to come, read as an offer")
            c.relation, c.penalty = "proposesTo", c.penalty + 0.1
            return True
        return False

    def _speaker(self, s: _Sentence, c: Candidate) -> Found | None:
        """Who the sentence reports as saying it: "X said (that) ...", "according to X", "..., X said"."""
        first = min(c.subject.start, c.object.start, c.trigger[0]) - s.start
        speeches = list(_SPEECH_BEFORE.finditer(s.masked, 0, max(first, 0) + 1))
        if speeches:
            speech = speeches[-1]  # the verb nearest the reported act
            speaker = s.subject_before(speech.start(), [])
            if speaker is not None:
                c.notes.append(f"reported speech: '{speech.group('verb')}'")
                if speech.group("verb") in ALLEGING:
                    c.notes.append("allegation")
                return speaker
        for pattern in (_ACCORDING, _SPEECH_AFTER):
            match = pattern.search(s.masked, c.trigger[1] - s.start)
            if match:
                c.notes.append("reported speech: " + ("'according to'" if pattern is _ACCORDING else "'... said'"))
                return s.at(match.start(1))
        return None

    def _allegation(self, c: Candidate) -> Iterable[Candidate]:
        """ "X claimed that Y was preparing an attack": X accuses Y."""
        if c.kind != "claim" or c.speaker is None or "allegation" not in c.notes or c.speaker.key == c.subject.key:
            return
        if self.vocabulary.relations[c.relation].polarity != "Hostile" or "accuses" not in self.vocabulary.relations:
            return
        yield Candidate("accuses", c.speaker, c.subject, c.trigger, "allegation", c.pattern, speaker=None)

    def _joint_agents(self, s: _Sentence, c: Candidate) -> Iterable[Candidate]:
        """Actors named together as the agents of one act ("offered by X, Y and others") act together."""
        if (
            c.kind != "claim"
            or c.family not in ("active", "passive")
            or "cooperatesWith" not in self.vocabulary.relations
        ):
            return
        group = s.group(c.subject)
        if len(group) < 2 or group[0] is not c.subject:
            return
        for other in group[1:]:
            yield Candidate("cooperatesWith", group[0], other, c.trigger, "joint agents", c.pattern)


_NOBODY = Found(-1, -1, None, "nobody")  # type: ignore[arg-type]


def _as_found(mention) -> Found:  # type: ignore[no-untyped-def]
    return Found(mention.span.start, mention.span.end, mention, "state")


def _infinitive(following: Sequence[re.Match[str]]) -> bool:
    """Whether "to" before *following* opens an infinitive: a word follows, not an actor or a stop word."""
    return bool(following) and following[0].group()[0].isalpha() and following[0].group() not in _STOP


def _clausal(separator: str) -> bool:
    return bool(re.match(r"\s*,\s*and\b|@*\s*,\s*and\b", separator)) or ", and" in separator


class _Sentence:
    """One sentence: its masked lowercase text and the actors named in it."""

    def __init__(self, flat: str, start: int, end: int, finds: Sequence[Found]) -> None:
        self.start = start
        self.finds = list(finds)
        chars = list(flat[start:end])
        for found in finds:
            chars[found.start - start : found.end - start] = _MASK * (found.end - found.start)
        self.masked = "".join(chars)
        self._by_start = {f.start - start: f for f in finds}
        self.owners: dict[int, Found] = {}  # id of an actor before a title -> the titled person
        self.viable: set[int] = set()  # ids of the triggers worth running on this sentence

    def at(self, offset: int) -> Found | None:
        return self._by_start.get(offset)

    def _modifier(self, found: Found) -> bool:
        """ "Iranian" in "Iranian-backed": a name inside a compound word is not an actor slot."""
        return self.masked[found.end - self.start : found.end - self.start + 1] == "-"

    def _appositive(self, found: Found, at: int) -> bool:
        """ "Hamas, Iran's closest partner, attacked": a name inside an apposition set off by commas
        after another name describes that name; the subject is the name before."""
        offset = found.start - self.start
        return (
            bool(_APPOSITION_OPENS.search(self.masked, 0, offset)) and "," in self.masked[found.end - self.start : at]
        )

    def subject_before(self, at: int, made: Sequence[Candidate]) -> Found | None:
        """The actor a trigger at *at* says something of: the nearest one before it that is not in
        a prepositional phrase or a compound word; the antecedent of "who/which/that"; the subject
        of the verb before when the nearest is that verb's object ("X killed Y, detonated ...")."""
        hedged = _HEDGED_SUBJECT.search(self.masked, 0, at)
        if hedged:
            return self.at(hedged.start(1)) if hedged.group(1) else None
        relative = _RELATIVE.search(self.masked, 0, at)
        if relative:
            named = self.at(relative.start(1)) if relative.group(1) else None
            if named is None or (relative.group(2) != "who" and _OBLIQUE.search(self.masked, 0, relative.start(1))):
                return None  # "a bombing in Tehran that killed ...": the antecedent is not an actor
            return named
        block = max((m.end() for m in _BLOCK.finditer(self.masked, 0, at)), default=0)
        for found in reversed([f for f in self.finds if block <= f.start - self.start and f.end - self.start <= at]):
            offset = found.start - self.start
            oblique = (
                _OBLIQUE.search(self.masked, 0, offset)
                and not _PARTITIVE.search(self.masked, 0, offset)
                and not _OPENING_OF.fullmatch(self.masked, 0, offset)
            )
            if self._modifier(found) or oblique or self._appositive(found, at):
                continue
            earlier = next((c for c in made if c.object is found and c.subject is not _NOBODY), None)
            return earlier.subject if earlier else self.owners.get(id(found), found)
        return None

    def object_after(self, end: int, limit: int = 8) -> Found | None:
        """The first actor after a trigger ending at *end*, across a short noun phrase."""
        count = 0
        tokens = list(_TOKEN.finditer(self.masked, end))
        skip_to = 0
        verbal = False
        previous = ""
        for i, token in enumerate(tokens):
            word = token.group()
            if token.start() < skip_to:
                continue
            if word.startswith(_MASK):
                found = self.at(token.start())
                if found is None or self._modifier(found):
                    count += 1
                    continue
                return self.owners.get(id(found), found)
            if word in ("'s", "'"):
                continue
            if quantity := _QUANTITY.match(self.masked, token.start()):
                skip_to = quantity.end()
                continue
            if word == "to" and count <= 3 and _infinitive(tokens[i + 1 : i + 2]):
                # "refused to deploy troops in X", "offered to hand over to X", "opened its borders to
                # allow X": an infinitive early in the phrase carries the act on to its own object.
                skip_to = tokens[i + 1].end()
                count += 1
                continue
            if word in _RECIPIENT and 0 < count <= 6 and not verbal and self._actor_within(tokens[i + 1 : i + 6]):
                continue  # not across a verb's own phrase: "arrested a suspect accused of plotting against X"
            if word == "of" and previous.endswith("ed"):
                return None  # "a suspect accused of plotting against X": X is not the one arrested
            verbal = verbal or word.endswith("ed")
            previous = word
            if not (word[0].isalnum() or word[0] in "'-") or word in _STOP:
                return None
            if word in ("and", "or") and (i + 1 == len(tokens) or tokens[i + 1].group().startswith(_MASK)):
                return None
            count += 1
            if count > limit:
                return None
        return None

    def place_after(self, end: int, limit: int = 6) -> Found | None:
        """A state named as the place of an act with no actor object ("demonstrated in Serbia",
        "fired shells at targets in Jericho", "lifted the curfew in Sudan"): the state whose
        territory the act is done in is the one it is done to, as event coders read it."""
        count = 0
        skip_to = 0
        tokens = list(_TOKEN.finditer(self.masked, end))
        for i, token in enumerate(tokens):
            word = token.group()
            if token.start() < skip_to:
                continue
            if word == "to" and count == 0 and _infinitive(tokens[i + 1 : i + 2]):
                skip_to = tokens[i + 1].end()
                count += 1
                continue
            if word == "in":
                place = _PLACE.match(self.masked, token.end())
                found = self.at(place.end()) if place else None
                if found is None or found.mention.type != "State" or found.how == "anaphor" or self._modifier(found):
                    return None
                return found
            if word.startswith(_MASK) or word in _STOP or not word[0].isalnum():
                return None
            count += 1
            if count > limit:
                return None
        return None

    def _actor_within(self, tokens: Sequence[re.Match[str]]) -> bool:
        """Whether an actor comes before any stop word or punctuation among *tokens*."""
        for token in tokens:
            word = token.group()
            if word.startswith(_MASK):
                found = self.at(token.start())
                return found is not None and not self._modifier(found)
            if word in _STOP or not (word[0].isalnum() or word[0] in "-"):
                return False
        return False

    def group(self, found: Found) -> list[Found]:
        """*found* and the actors listed with it ("X, Y and Z"), in the order of the text. Names
        joined by commas alone are an apposition, not a list ("Sidhoum, Algeria's activist"),
        unless an "and" or "or" closes them ("the U.S., France and others")."""
        group = [*self.coordinated(found, backward=True), *self.coordinated(found, backward=False)[1:]]
        if len(group) > 1:
            between = self.masked[group[0].end - self.start : group[-1].start - self.start]
            after = self.masked[group[-1].end - self.start :]
            if not re.search(r"\b(?:and|or)\b", between) and not _LIST_END.match(after):
                return [found]
        return group

    def coordinated(self, found: Found, backward: bool) -> list[Found]:
        """*found* and the actors listed with it ("X, Y and Z"), in the order of the text."""
        group = [found]
        if self._modifier(found):
            return group  # "the Iranian-backed Hamas": the backer is not listed with what comes before
        if backward:
            while (match := _COORD_PREVIOUS.search(self.masked, 0, group[0].start - self.start)) and (
                previous := self.at(match.start(1))
            ):
                if (
                    self._modifier(previous)
                    or _OBLIQUE.search(self.masked, 0, match.start(1))
                    or _clausal(match.group())
                ):
                    break  # "fired at Israel, and the IDF struck": two clauses, not a list
                group.insert(0, previous)
            return group
        while (match := _COORD_NEXT.match(self.masked, group[-1].end - self.start)) and (
            following := self.at(match.end())
        ):
            if _clausal(match.group()) and len(group) < 2:
                break  # ", and X" after one actor opens a clause; after a list it ends the list
            group.append(following)
        return group
