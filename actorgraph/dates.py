"""Dates with a precision: a day, a month or a year, as claims record them.

The XSD datatype of a claim's date literal is its precision (xsd:date, xsd:gYearMonth,
xsd:gYear), so "end of July 2024" is ``"2024-07"^^xsd:gYearMonth`` and stays a month.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from rdflib import XSD, Literal

from actorgraph.errors import InvalidDate

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_PRECISIONS = {datatype: precision for precision, datatype in _DATATYPES.items()}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a day, a month or a year.

    >>> PartialDate.parse("2024-07")
    PartialDate(text='2024-07', precision='month')
    >>> PartialDate.parse("2024-07").earliest, PartialDate.parse("2024-07").latest
    (datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))
    """

    text: str
    precision: str

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise InvalidDate otherwise."""
        match = _PATTERN.match(value.strip())
        if not match:
            raise InvalidDate(value)
        year, month, day = match.groups()
        precision = "day" if day else "month" if month else "year"
        try:
            date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise InvalidDate(value) from None
        return cls(match.group(0), precision)

    @classmethod
    def from_literal(cls, literal: Literal) -> PartialDate:
        precision = _PRECISIONS.get(literal.datatype)  # type: ignore[arg-type]
        if precision is None:
            return cls.parse(str(literal))
        return cls(str(literal), precision)

    @classmethod
    def from_term(cls, value: object) -> PartialDate | None:
        """The date an RDF term holds, a dateTime read to its day; None for what is not a literal.

        >>> PartialDate.from_term(Literal("2024-10-01T11:04:00", datatype=XSD.dateTime))
        PartialDate(text='2024-10-01', precision='day')
        """
        if not isinstance(value, Literal):
            return None
        if value.datatype == XSD.dateTime:
            return cls.parse(str(value)[:10])
        return cls.from_literal(value)

    def to_literal(self) -> Literal:
        return Literal(self.text, datatype=_DATATYPES[self.precision])

    @functools.cached_property  # a timeline sorts thousands by it, the same dates of the cached network each time
    def earliest(self) -> date:
        """The first day this date can mean."""
        year, month, day = [*self.text.split("-"), "1", "1"][:3]
        return date(int(year), int(month), int(day))

    @property
    def latest(self) -> date:
        """The last day this date can mean."""
        start = self.earliest
        if self.precision == "day":
            return start
        if self.precision == "year":
            return date(start.year, 12, 31)
        next_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return date.fromordinal(next_month.toordinal() - 1)

    def __str__(self) -> str:
        return self.text
