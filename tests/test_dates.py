"""Dates with a precision."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import XSD, Literal

from actorgraph.dates import PartialDate
from actorgraph.errors import InvalidDate


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2024-09-28", "day", date(2024, 9, 28), date(2024, 9, 28)),
        ("2024-07", "month", date(2024, 7, 1), date(2024, 7, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-12", "month", date(2024, 12, 1), date(2024, 12, 31)),
        ("2023", "year", date(2023, 1, 1), date(2023, 12, 31)),
    ],
)
def test_parse(text, precision, earliest, latest):
    parsed = PartialDate.parse(text)
    assert (parsed.precision, parsed.earliest, parsed.latest) == (precision, earliest, latest)


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "July 2024", "24-07", ""])
def test_invalid(text):
    with pytest.raises(InvalidDate) as error:
        PartialDate.parse(text)
    assert "expected YYYY, YYYY-MM or YYYY-MM-DD" in str(error.value)


def test_literal_round_trip():
    month = Literal("2024-07", datatype=XSD.gYearMonth)
    assert PartialDate.from_literal(month).precision == "month"
    assert PartialDate.from_literal(month).to_literal() == month
