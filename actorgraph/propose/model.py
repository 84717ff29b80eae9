"""What a proposal is: a candidate claim (or dispute) read from a report, with why it was proposed.

Everything a proposal points at in the text is a ``Span`` of that text, so a reviewer can see it
and the quote is verbatim by construction (``text[span.start:span.end] == span.text``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of the report's text, and those characters."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """An actor as the text names it, and the graph actor it resolves to (or a new one).

    ``iri`` is the existing actor's IRI, or ``None`` for a proposed new actor, whose ``name`` is
    then its label and ``type`` the guessed class (``Person``, ``State``, ...). ``note`` says how
    the name resolved when it was not exact ("'Hizbollah' read as Hezbollah, similarity 0.91").
    """

    name: str
    span: Span
    iri: str | None = None
    type: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Proposal:
    """One candidate read from the text.

    ``kind`` is ``"claim"`` (subject stands in ``relation`` to object) or ``"dispute"`` (the
    text denies or contests that proposition; ``by`` is who denies it, when named).
    ``relation`` is the local name of a vocabulary relation (``"backs"``). ``date`` is a partial
    date text (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) resolved against the report's date, or
    ``None`` when the text gives none. ``score`` is in [0, 1]; ``reasons`` say, one line each,
    why it was proposed (the trigger, the pattern family, the date expression).
    """

    kind: Literal["claim", "dispute"]
    subject: Mention
    relation: str
    object: Mention
    quote: Span
    trigger: Span
    score: float
    date: str | None = None
    date_span: Span | None = None
    attributed_to: Mention | None = None
    by: Mention | None = None
    reasons: tuple[str, ...] = field(default_factory=tuple)
