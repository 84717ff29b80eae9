"""Text helpers shared by name lookups."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_OPENING, _CLOSING = '“"', '”"'
_DOUBLE_MARKS = set('“”"')


def fold(text: str) -> str:
    """A form of *text* for matching names: no accents, no case, single spaces.

    >>> fold("  Naïm   QASSEM ")
    'naim qassem'
    """
    if text.isascii():  # nothing to decompose: the common case, and a quarter of the time
        return _SPACES.sub(" ", text).strip().casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip().casefold()


def quoted(quote: str) -> str:
    """*quote* between quotation marks that do not double its own: as it is when it stands whole
    between its own double marks (a verbatim quote of a whole statement), between single marks
    when it holds double ones, between double marks otherwise. The text itself is never changed.

    >>> quoted("Iran-backed Hamas")
    '“Iran-backed Hamas”'
    >>> quoted("“A direct military attack.”")
    '“A direct military attack.”'
    >>> quoted("“We are supporting,” the official said.")
    '‘“We are supporting,” the official said.’'
    """
    inner = quote[1:-1]
    if len(quote) > 1 and quote[0] in _OPENING and quote[-1] in _CLOSING and not _DOUBLE_MARKS & set(inner):
        return quote
    return f"‘{quote}’" if _DOUBLE_MARKS & set(quote) else f"“{quote}”"


def folded_words(folded: str) -> list[str]:
    """The words of a text already folded, for matching a name by one of its words."""
    return [w for w in _NON_WORD.split(folded) if w]


def find_folded(text: str, wanted: str) -> tuple[int, int] | None:
    """Where *wanted*, already folded, first occurs in *text* read as :func:`fold` reads it, as
    (start, end) offsets of *text* itself (to show the match in the words as written); None if not.

    >>> text = "Naïm  Qassem, Hezbollah's leader"
    >>> start, end = find_folded(text, fold("im qass"))
    >>> text[start:end]
    'ïm  Qass'
    >>> find_folded(text, "nasrallah") is None
    True
    """
    folded, origin = _folded_with_origins(text)
    found = folded.find(wanted) if wanted else -1
    if found < 0:
        return None
    return origin[found], origin[found + len(wanted) - 1] + 1


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """``fold(text)``, built character by character, and for each of its characters the offset in
    *text* of the character it comes from (fold's steps never look beyond one character, except
    for runs of spaces, which become one space here too)."""
    characters: list[str] = []
    origin: list[int] = []
    for position, character in enumerate(text):
        if character.isspace():
            if characters and characters[-1] != " ":
                characters.append(" ")
                origin.append(position)
            continue
        for folded in fold(character):
            characters.append(folded)
            origin.append(position)
    if characters and characters[-1] == " ":
        characters.pop()
        origin.pop()
    return "".join(characters), origin
