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
time and memory), and the window of the quote's length with the most marks is found from their
running sums (O(n)); under a second for a text of a million characters.
"""

from __future__ import annotations

import itertools
import re

from actorgraph.errors import QuoteNotVerbatim

_SPACES = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"…|\.\.\.")
_GRAM = 3  # characters per gram: short enough that a typo spoils few of a word's grams
_SHOWN = 160  # characters of a quote or passage a message repeats


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
    >>> text.check("a star proxy grup")
    Traceback (most recent call last):
    ...
    actorgraph.errors.QuoteNotVerbatim: quote not verbatim in source:x: 'a star proxy grup' — the closest passage is 'a star proxy group'
    """

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.text = normalise(text)

    def check(self, quote: str) -> None:
        """Raise QuoteNotVerbatim, with the closest passage, unless *quote* is verbatim in the text."""
        problem = self.problem(quote)
        if problem is not None:
            raise QuoteNotVerbatim(self.name, quote, problem)

    def problem(self, quote: str) -> str | None:
        """What is not verbatim in *quote*, with the closest passage of the text; None if it all is."""
        wanted = normalise(quote)
        if wanted in self.text:
            return None
        fragments = [f for f in (normalise(part) for part in _ELLIPSIS.split(wanted)) if f]
        if len(fragments) < 2:
            return f"{_shown(wanted)} — {self._closest_words(wanted)}"
        position = 0
        for fragment in fragments:
            found = self.text.find(fragment, position)
            if found < 0:
                return self._fragment_problem(fragment, position)
            position = found + len(fragment)
        return None

    def _fragment_problem(self, fragment: str, after: int) -> str:
        part = f"the part {_shown(fragment)}"
        if after and fragment in self.text:
            return f"{part} is in the text only before the part the ellipsis joins it to"
        return f"{part} — {self._closest_words(fragment)}"

    def _closest_words(self, quote: str) -> str:
        passage = self.closest(quote)
        return f"the closest passage is {_shown(passage)}" if passage else "no passage of the text is like it"

    def closest(self, quote: str) -> str:
        """The passage of the text most like *quote*: the window of its length that shares the
        most 3-character grams with it, widened to whole words ("" when none shares one)."""
        text, size = self.text, max(len(quote), 1)
        gram = min(_GRAM, size)
        grams = {quote[i : i + gram] for i in range(size - gram + 1)}
        hits = [text[i : i + gram] in grams for i in range(len(text) - gram + 1)]
        if not any(hits):
            return ""
        sums = [0, *itertools.accumulate(hits)]
        width = min(size - gram + 1, len(hits))
        best = max(range(len(hits) - width + 1), key=lambda i: (sums[i + width] - sums[i], -i))
        first = best + hits[best : best + width].index(True)
        # Align the window on its first shared gram as the quote places that gram.
        start = max(0, first - quote.find(text[first : first + gram]))
        return _whole_words(text, start, start + size)


def _whole_words(text: str, start: int, end: int) -> str:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip()


def _shown(text: str) -> str:
    return repr(text[:_SHOWN]) + ("…" if len(text) > _SHOWN else "")
