"""Text helpers shared by name lookups."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def fold(text: str) -> str:
    """A form of *text* for matching names: no accents, no case, single spaces.

    >>> fold("  Naïm   QASSEM ")
    'naim qassem'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip().casefold()


def words(text: str) -> list[str]:
    """The folded words of *text*, for matching a name by one of its words."""
    return [w for w in re.split(r"[^\w]+", fold(text)) if w]
