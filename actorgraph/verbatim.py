"""Whether a quote is verbatim in its source's text, and the closest passage when it is not.

A quote is verbatim when it occurs in the text once every run of whitespace (spaces, tabs, line
breaks) in both is read as one space: where a curator's copy breaks its lines is not the source's
wording. Nothing else is equated — not case, not curly and straight quotation marks, apostrophes
or dashes: the record keeps the source's words as the source writes them, and a quote typed with
``'`` where the text has ``’`` is refused with the passage to copy. An ellipsis (``…`` or ``...``)
joins fragments that must occur in the text in that order, without overlapping
("Hezbollah … denied"); fragments are compared as a quote is.

Cost, for a text of *n* characters and a quote of *m*: the check is one ``str.find`` per fragment
(O(n·m) at worst, in C, and O(n) in practice). The closest passage is looked for only when a
quote fails: the text's 3-character grams that occur in the quote are marked in one pass (O(n)
time and memory, in NumPy), each window of the quote's length is scored by its marks from their
running sums (O(n)), and the few best windows (at most 16; choosing them sorts the good ones,
O(n log n) at worst) are compared with the quote by ``difflib`` (O(m²) each): a few tenths of a
second for a text of a million characters.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from typing import Any

from actorgraph.errors import QuoteNotVerbatim

_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\S+")
_ELLIPSIS = re.compile(r"…|\.\.\.")
_GRAM = 3  # characters per gram: short enough that a typo spoils few of a word's grams
_SHOWN = 160  # characters of a quote or passage a message repeats
_CANDIDATES = 16  # windows compared with the quote character by character


def normalise(text: str) -> str:
    """*text* with every run of whitespace read as one space, and none at either end.

    >>> normalise("  Hezbollah,\\n  a star\\tproxy ")
    'Hezbollah, a star proxy'
    """
    return _SPACES.sub(" ", text).strip()


class SourceText:
    """A source's full text, normalised once, against which any number of quotes are checked.

    *name* is how messages name the source (``source:news-2024-10-01-iran-israel-hezbollah``).

    >>> text = SourceText("Hezbollah, a star proxy group for Iran, has has been crippled.", "source:x")
    >>> text.problem("a star  proxy group") is None, text.problem("Hezbollah … has been crippled") is None
    (True, True)
    >>> text.problem("a star proxy grup")
    "'a star proxy grup' — the closest passage is 'a star proxy group'"
    """

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.original = text
        self.text = normalise(text)

    def check(self, quote: str) -> None:
        """Raise QuoteNotVerbatim, with the closest passage, unless *quote* is verbatim in the text."""
        problem = self.problem(quote)
        if problem is not None:
            raise QuoteNotVerbatim(self.name, quote, problem)

    def problem(self, quote: str) -> str | None:
        """What is not verbatim in *quote*, with the closest passage of the text; None if it all is."""
        wanted = normalise(quote)
        found = self._find(wanted)
        if isinstance(found, list):
            return None
        if not _ELLIPSIS.search(wanted):
            return f"{_shown(wanted)} — {self._closest_words(wanted)}"
        fragment, position = found
        return self._fragment_problem(fragment, position)

    def spans(self, quote: str) -> list[tuple[int, int]]:
        """Where *quote* is in the original text, as (start, end) offsets of it: one span, or one
        per fragment an ellipsis joins; ``[]`` when the quote is not verbatim (see :meth:`problem`).

        >>> text = SourceText("Hezbollah,\\n  a star proxy group, has been crippled.", "source:x")
        >>> [text.original[a:b] for a, b in text.spans("a star proxy … crippled")]
        ['a star proxy', 'crippled']
        >>> [text.original[a:b] for a, b in text.spans("Hezbollah, a star")]
        ['Hezbollah,\\n  a star']
        """
        found = self._find(normalise(quote))
        return [self._original_span(start, end) for start, end in found] if isinstance(found, list) else []

    def _find(self, wanted: str) -> list[tuple[int, int]] | tuple[str, int]:
        """The spans of *wanted* (normalised) in the normalised text, whole or fragment by
        fragment; or the first fragment not found and the offset it was looked for from."""
        whole = self.text.find(wanted) if wanted else -1
        if whole >= 0:
            return [(whole, whole + len(wanted))]
        if not _ELLIPSIS.search(wanted):
            return wanted, 0
        fragments = [f for f in (normalise(part) for part in _ELLIPSIS.split(wanted)) if f]
        position, found = 0, []
        for fragment in fragments:
            start = self.text.find(fragment, position)
            if start < 0:
                return fragment, position
            position = start + len(fragment)
            found.append((start, position))
        return found

    @functools.cached_property
    def _words(self) -> tuple[list[int], list[int]]:
        """Where each run of non-space characters starts, in the normalised and the original text."""
        normalised, original = [], []
        offset = 0
        for word in _WORDS.finditer(self.original):
            normalised.append(offset)
            original.append(word.start())
            offset += len(word.group()) + 1
        return normalised, original

    def _original_span(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in the original text of the normalised text's span from *start* to *end*."""
        return self._original_offset(start), self._original_offset(end - 1) + 1

    def _original_offset(self, position: int) -> int:
        normalised, original = self._words
        word = bisect.bisect_right(normalised, position) - 1
        return original[word] + position - normalised[word]

    def _fragment_problem(self, fragment: str, after: int) -> str:
        part = f"the part {_shown(fragment)}"
        if after and fragment in self.text:
            return f"{part} is in the text only before the part the ellipsis joins it to"
        return f"{part} — {self._closest_words(fragment)}"

    def _closest_words(self, quote: str) -> str:
        passage = self.closest(quote)
        return f"the closest passage is {_shown(passage)}" if passage else "no passage of the text is like it"

    def closest(self, quote: str) -> str:
        """The passage of the text most like *quote* ("" when no passage shares a 3-character gram
        with it): the windows of its length that share the most grams with it are candidates,
        each aligned on its first shared gram and cut to what ``difflib`` matches of the quote,
        and the one most like the quote by ``difflib``'s ratio wins."""
        import numpy as np

        size = max(len(quote), 1)
        gram = min(_GRAM, size)
        hits = np.isin(_grams(self.text, gram), _grams(quote, gram))
        if not hits.any():
            return ""
        width = min(size - gram + 1, len(hits))
        sums = np.concatenate(([0], np.cumsum(hits)))
        scores = sums[width:] - sums[:-width]
        passages = [self._passage(quote, hits, int(start), width, gram) for start in _candidates(scores, width)]
        return max(passages, key=lambda p: difflib.SequenceMatcher(None, quote, p, autojunk=False).ratio())

    def _passage(self, quote: str, hits: Any, start: int, width: int, gram: int) -> str:
        """The window at *start*, from where its first shared gram puts the quote's start to its
        last shared gram, cut to what ``difflib`` matches with the quote, in whole words."""
        shared = start + hits[start : start + width].nonzero()[0]
        first, last = int(shared[0]), int(shared[-1])
        begin = max(0, first - quote.find(self.text[first : first + gram]))
        begin, end = _word_bounds(self.text, begin, max(last + gram, begin + 1))
        region = self.text[begin:end]
        blocks = [b for b in difflib.SequenceMatcher(None, quote, region, autojunk=False).get_matching_blocks()
                  if b.size >= gram]  # fmt: skip
        if blocks:
            begin, end = _word_bounds(self.text, begin + blocks[0].b, begin + blocks[-1].b + blocks[-1].size)
        return self.text[begin:end].strip()


def _grams(text: str, gram: int) -> Any:
    """Each *gram* characters of *text* from each position, as one number (code points fit in 21 bits)."""
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(points) - gram + 1
    numbers = np.zeros(max(count, 0), dtype=np.uint64)
    for offset in range(gram):
        numbers = (numbers << np.uint64(21)) | points[offset : offset + count]
    return numbers


def _candidates(scores: Any, width: int) -> list[int]:
    """The starts of the best windows (scoring within 80% of the best), best first (then
    earliest), each more than a quarter of a window from a better one; at most 16."""
    import numpy as np

    good = np.flatnonzero(scores >= scores.max() * 0.8)
    chosen: list[int] = []
    for start in good[np.argsort(-scores[good], kind="stable")]:
        if all(abs(int(start) - other) > width // 4 for other in chosen):
            chosen.append(int(start))
            if len(chosen) == _CANDIDATES:
                break
    return chosen


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """*start* and *end* moved out to the edges of the words they cut."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _shown(text: str) -> str:
    return repr(text[:_SHOWN]) + ("…" if len(text) > _SHOWN else "")
