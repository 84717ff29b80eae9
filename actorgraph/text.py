"""Text helpers shared by name lookups."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


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


def folded_words(folded: str) -> list[str]:
    """The words of a text already folded, for matching a name by one of its words."""
    return [w for w in _NON_WORD.split(folded) if w]
