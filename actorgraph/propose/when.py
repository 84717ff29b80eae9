"""Dates a report's text gives, resolved against the report's date with their precision.

A weekday ("on Saturday", "a Tuesday video address") is the last such day on or before the
report's date; "last week" the week before the report's week (a month when the week falls in one
month, else its year); "last month", "in April", "at the end of July" a month (the last April on
or before the report); "on Oct. 7" a day (the last 7 October on or before the report); "last
year", "in 2023" a year. Durations ("for months", "in the past few weeks") give no date. Without
a report date, only expressions that carry their year are resolved.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from actorgraph.dates import PartialDate
from actorgraph.propose.model import Span

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_FULL = [name for name in _MONTHS if len(name) > 4 or name in ("may", "june", "july")]
_SHORT = [name for name in _MONTHS if name not in _FULL]
# A month's full name, or its abbreviation with or without its period ("Oct. 7", "Sept 3").
_MONTH = (
    r"(?P<month>"
    + "|".join(sorted(_FULL, key=len, reverse=True))
    + "|(?:"
    + "|".join(sorted(_SHORT, key=len, reverse=True))
    + r")\.?)"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# One pattern per family of expressions; the first that matches at a place wins.
_EXPRESSIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(rf"(?<![\w-]){pattern}(?![\w-])"))
    for family, pattern in (
        ("iso", r"(?P<iso>(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?)"),
        ("month day", rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"),
        ("day month", rf"{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"),
        (
            "part of month",
            rf"(?:at the (?:end|beginning|start) of|in (?:early|late|mid)|(?:early|late|mid)-?)\s*"
            rf"{_MONTH}(?:,?\s+{_YEAR})?",
        ),
        ("month", rf"(?:in|since|during|until|by|last)\s+{_MONTH}(?:,?\s+{_YEAR})?"),
        ("month year", rf"{_MONTH},?\s+{_YEAR}"),
        ("year", rf"(?:in|since|during|until|by)\s+{_YEAR}"),
        (
            "relative",
            r"(?P<relative>(?:last|this|next) (?:week|month|year)|yesterday|today|earlier this (?:week|month|year))",
        ),
        ("weekday", r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"),
    )
)


# Words without which no expression above can match: a cheap test for most sentences.
_ANY = re.compile(r"\d|day|week|month|year|" + "|".join(name for name in _MONTHS if len(name) > 2))


@dataclass(frozen=True)
class When:
    """A date expression of the text and the date it resolves to."""

    span: Span
    date: PartialDate
    family: str


def find_dates(text: str, flat: str, within: Span, report: datetime.date | None) -> list[When]:
    """The date expressions in *within* (a span of *text*; *flat* its lowercase copy), in order."""
    found: list[When] = []
    if not _ANY.search(flat, within.start, within.end):
        return found
    taken: list[tuple[int, int]] = []
    for family, pattern in _EXPRESSIONS:
        for match in pattern.finditer(flat, within.start, within.end):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if family == "weekday" and not text[match.start()].isupper():
                continue
            resolved = _resolve(family, match, report)
            if resolved is not None:
                taken.append(match.span())
                span = Span(match.start(), match.end(), text[match.start() : match.end()])
                found.append(When(span, resolved, family))
    return sorted(found, key=lambda w: w.span.start)


def _resolve(family: str, match: re.Match[str], report: datetime.date | None) -> PartialDate | None:
    groups = match.groupdict()
    if groups.get("iso"):
        return PartialDate.parse(groups["iso"])
    if groups.get("weekday"):
        return _weekday(_WEEKDAYS.index(groups["weekday"]), report)
    if groups.get("relative"):
        return _relative(groups["relative"], report)
    year = int(groups["year"]) if groups.get("year") else None
    month = _MONTHS[groups["month"].rstrip(".")] if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    if month is None:
        return PartialDate.parse(f"{year:04d}") if year else None
    if year is None:
        if report is None:
            return None
        year = report.year if (month, day or 1) <= (report.month, report.day) else report.year - 1
    if day is None:
        return PartialDate.parse(f"{year:04d}-{month:02d}")
    try:
        return PartialDate.parse(datetime.date(year, month, day).isoformat())
    except ValueError:
        return None


def _weekday(weekday: int, report: datetime.date | None) -> PartialDate | None:
    if report is None:
        return None
    back = (report.weekday() - weekday) % 7
    return PartialDate.parse((report - datetime.timedelta(days=back)).isoformat())


def _relative(words: str, report: datetime.date | None) -> PartialDate | None:
    if report is None:
        return None
    if words in ("today", "this week", "earlier this week"):
        return PartialDate.parse(report.isoformat()) if words == "today" else _week(report)
    if words == "yesterday":
        return PartialDate.parse((report - datetime.timedelta(days=1)).isoformat())
    if words == "last week":
        return _week(report - datetime.timedelta(days=7))
    if words in ("this month", "earlier this month"):
        return PartialDate.parse(f"{report.year:04d}-{report.month:02d}")
    if words == "last month":
        previous = report.replace(day=1) - datetime.timedelta(days=1)
        return PartialDate.parse(f"{previous.year:04d}-{previous.month:02d}")
    if words in ("this year", "earlier this year"):
        return PartialDate.parse(f"{report.year:04d}")
    if words == "last year":
        return PartialDate.parse(f"{report.year - 1:04d}")
    return None  # "next ...": a date to come says nothing about when something happened


def _week(day: datetime.date) -> PartialDate:
    """The Monday-to-Sunday week of *day*, as precisely as one partial date can say it."""
    monday = day - datetime.timedelta(days=day.weekday())
    sunday = monday + datetime.timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return PartialDate.parse(f"{monday.year:04d}-{monday.month:02d}")
    if monday.year == sunday.year:
        return PartialDate.parse(f"{monday.year:04d}")
    return PartialDate.parse(f"{day.year:04d}")
