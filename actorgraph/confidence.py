"""Admiralty confidence: source reliability A–F and information credibility 1–6.

A minimum such as ``B2`` admits claims whose source is rated B or better *and* whose
information is rated 2 or better; ``B`` or ``2`` alone constrain one scale. F and 6 mean
"cannot be judged" and rank last, so ``F2`` keeps any source but only probably-true claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actorgraph.errors import InvalidConfidence

RELIABILITY = "ABCDEF"
_PATTERN = re.compile(r"^([A-Fa-f])?([1-6])?$")


@dataclass(frozen=True)
class Confidence:
    """A minimum Admiralty rating.

    >>> Confidence.parse("B2").admits("A", 1), Confidence.parse("B2").admits("C", 1)
    (True, False)
    >>> Confidence.parse("3").admits("F", 3)
    True
    """

    reliability: str | None = None
    credibility: int | None = None

    @classmethod
    def parse(cls, text: str) -> Confidence:
        match = _PATTERN.match(text.strip())
        if not match or not text.strip():
            raise InvalidConfidence(text)
        letter, number = match.groups()
        return cls(letter.upper() if letter else None, int(number) if number else None)

    def admits(self, reliability: str | None, credibility: int | None) -> bool:
        if self.reliability and (
            reliability is None or RELIABILITY.index(reliability) > RELIABILITY.index(self.reliability)
        ):
            return False
        return not (self.credibility and (credibility is None or credibility > self.credibility))

    def __str__(self) -> str:
        return f"{self.reliability or ''}{self.credibility or ''}"


def strength(reliability: str | None, credibility: int | None) -> tuple[int, int]:
    """A sort key: smaller is stronger (A1 first, unrated last)."""
    return (RELIABILITY.index(reliability) if reliability and reliability in RELIABILITY else 6, credibility or 7)
