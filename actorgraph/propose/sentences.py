"""Where sentences and clauses of a report begin and end, as spans of the text.

Everything downstream works on offsets of the original text, so quotes stay verbatim: the
lowercase, accent-free copy that patterns read (``flatten``) has exactly one character for each
character of the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from actorgraph.propose.model import Span

# Abbreviations whose period does not end a sentence: titles and ranks, months, initials of
# countries ("U.S."), times ("a.m."), as news style writes them.
_ABBREVIATIONS = frozenset(
    [
        "adm",
        "gen",
        "lt",
        "col",
        "capt",
        "maj",
        "brig",
        "sgt",
        "cpl",
        "sen",
        "rep",
        "gov",
        "pres",
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "corp",
        "co",
        "ltd",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
    ]
)
_END = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[“\"‘'(\[]?[A-Z0-9])|\n+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# Clause boundaries inside a sentence: commas, semicolons, colons and dashes.
CLAUSE = re.compile(r"\s*[,;:—–]\s+|\s+-\s+")
_FLAT = {"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"}


def flatten(text: str) -> str:
    """*text* lowercased, without accents, with straight quotes: one character per character."""
    if text.isascii():
        return text.lower()
    return "".join(_flat_char(c) for c in text)


@functools.cache
def _flat_char(char: str) -> str:
    if char in _FLAT:
        return _FLAT[char]
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lower = base.lower()
    return lower if len(lower) == 1 else base


def sentences(text: str) -> list[Span]:
    """The sentences of *text*, trimmed of surrounding spaces.

    >>> [s.text for s in sentences("Gen. Smith left the U.S. embassy. He returned.")]
    ['Gen. Smith left the U.S. embassy.', 'He returned.']
    """
    found: list[Span] = []
    start = 0
    for match in _END.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
        if match.group().strip() and before and _is_abbreviation(before.group(1), match.group()):
            continue
        _append(found, text, start, match.end())
        start = match.end()
    _append(found, text, start, len(text))
    return found


def _is_abbreviation(word: str, ending: str) -> bool:
    if not ending.startswith("."):
        return False
    bare = word.lower().rstrip(".")
    return bare in _ABBREVIATIONS or (len(bare) == 1 and word[:1].isupper())


def _append(found: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        begin = start + len(piece) - len(piece.lstrip())
        found.append(Span(begin, begin + len(stripped), stripped))


def clause_bounds(text: str, sentence: Span) -> list[int]:
    """Offsets in *text* where the clauses of *sentence* begin or end, in order."""
    bounds = [sentence.start]
    for match in CLAUSE.finditer(text, sentence.start, sentence.end):
        bounds.extend((match.start(), match.end()))
    bounds.append(sentence.end)
    return bounds
