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
