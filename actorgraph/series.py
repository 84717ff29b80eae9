"""Figures over time: one analysis of the network at each of a series of dates.

The network at each date is the one ``--as-of`` gives (:meth:`actorgraph.Graph.network`): the
claims in force that day, a month or a year read as its last day. The dates are either given,
or one per month, quarter or year between two bounds (by default the first and last day a
claim of the graph starts or stops holding). Each point keeps the figures of its date; a
:class:`Series` is a table (``rows``), JSON (``to_dict``) and a chart (``chart``).

>>> [w.label for w in periods("quarter", "2024-02-10", "2024-10-01")]
['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']
>>> [w.day.isoformat() for w in periods("month", "2024-01", "2024-02")]
['2024-01-31', '2024-02-29']
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from actorgraph.dates import PartialDate
from actorgraph.errors import InvalidAnalysis, UnknownPeriod

if TYPE_CHECKING:
    from actorgraph.analysis import Balance, Blocs, Ranking, TimelineEntry
    from actorgraph.charts import Chart
    from actorgraph.network import Projection

#: The ``every=`` choices: one date at the end of each.
PERIODS = ("month", "quarter", "year")
#: The most dates one series computes (a network is cut and analysed at each).
MAX_DATES = 400
#: A timeline's chart counts claims per month over at most this many months, else per quarter,
#: and per year past four times as many: enough bars to read, not so many that each is empty.
MONTHS_SHOWN = 36


@dataclass(frozen=True)
class When:
    """A date of a series: as people read it (``2024-09``, ``2024-Q3``) and the day the network stands as of."""

    label: str
    day: date


def periods(every: str, start: str | date, end: str | date) -> list[When]:
    """The end of each month, quarter or year from the one holding *start* to the one holding *end*."""
    every = _period(every)
    first, last = _day(start, earliest=True), _day(end, earliest=False)
    if first > last:
        raise InvalidAnalysis(f"the start {first.isoformat()} is after the end {last.isoformat()}")
    months = {"month": 1, "quarter": 3, "year": 12}[every]
    year, month = first.year, (first.month - 1) // months * months + 1
    found: list[When] = []
    while date(year, month, 1) <= last:
        closing = month + months - 1
        day = PartialDate.parse(f"{year:04d}-{closing:02d}").latest
        label = {"month": f"{year:04d}-{month:02d}", "quarter": f"{year:04d}-Q{closing // 3}", "year": f"{year:04d}"}
        found.append(When(label[every], day))
        year, month = (year + 1, 1) if closing == 12 else (year, closing + 1)
        _check_count(len(found))
    return found


def given(dates: Iterable[str]) -> list[When]:
    """The dates as given (each at its last day, as ``as_of`` reads it), in time order, once each."""
    found: dict[date, When] = {}
    for text in dates:
        parsed = PartialDate.parse(text)
        found.setdefault(parsed.latest, When(parsed.text, parsed.latest))
    if not found:
        raise InvalidAnalysis("no date given")
    _check_count(len(found))
    return sorted(found.values(), key=lambda w: w.day)


def timeframe(
    projection: Projection,
    every: str | None = None,
    dates: Sequence[str] = (),
    start: str | None = None,
    end: str | None = None,
) -> list[When]:
    """The dates of a series: *dates*, or every period between *start* and *end* (by default the
    first and last day a claim of *projection* starts or stops holding)."""
    if dates:
        if every or start or end:
            raise InvalidAnalysis("give either dates, or a period (every) with its optional start and end")
        return given(dates)
    if every is None:
        raise InvalidAnalysis("give dates, or a period to take one date in: every month, quarter or year")
    _period(every)
    span = date_span(projection)
    if (start is None or end is None) and span is None:
        raise InvalidAnalysis("no claim of the network has a date: give a start and an end")
    return periods(every, start or span[0], end or span[1])  # type: ignore[index]


def date_span(projection: Projection) -> tuple[date, date] | None:
    """The first and last day any claim of *projection* starts or stops holding (None: no dated claim)."""
    days = [day for spans in projection.edges.spans for span in spans for day in span[:2] if day]
    return (date.fromordinal(min(days)), date.fromordinal(max(days))) if days else None


def _period(every: str) -> str:
    wanted = every.strip().lower()
    if wanted not in PERIODS:
        raise UnknownPeriod(every, list(PERIODS))
    return wanted


def _day(value: str | date, earliest: bool) -> date:
    if isinstance(value, date):
        return value
    parsed = PartialDate.parse(value)
    return parsed.earliest if earliest else parsed.latest


def _check_count(count: int) -> None:
    if count > MAX_DATES:
        raise InvalidAnalysis(f"more than {MAX_DATES} dates: take a longer period or narrower bounds")


# --- series -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a chart: a value per date of the series (None where there is none)."""

    name: str
    values: tuple[float | None, ...]
    colour: str | None = None


@dataclass(frozen=True)
class Point:
    """The figures of one date of a series, by name."""

    when: When
    figures: dict[str, Any]

    def to_dict(self) -> dict[str, object]:
        return {"as_of": self.when.label, "day": self.when.day.isoformat(), **self.figures}


@dataclass(frozen=True)
class Series:
    """A figure of the network at each date: a table (``headers``, ``rows``), its JSON and its chart.

    ``lines`` are what the chart draws, one value per date each; ``y_label`` says what the
    values are.
    """

    figure: str
    title: str
    every: str | None
    points: tuple[Point, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    lines: tuple[Line, ...]
    y_label: str
    notes: tuple[str, ...] = ()

    @property
    def dates(self) -> tuple[When, ...]:
        return tuple(p.when for p in self.points)

    def to_dict(self) -> dict[str, object]:
        return {
            "figure": self.figure,
            "title": self.title,
            "every": self.every,
            "notes": list(self.notes),
            "points": [p.to_dict() for p in self.points],
        }

    def chart(self) -> Chart:
        """The series as a self-contained SVG line chart: one point per date on each line."""
        from actorgraph.charts import line_chart

        return line_chart(self.title, self.dates, self.lines, self.y_label, self.notes)

    def _repr_svg_(self) -> str:
        return str(self.chart())


def check_top(top: int) -> None:
    if top < 1:
        raise InvalidAnalysis(f"top must be at least 1, not {top}")


def balance_series(results: Sequence[tuple[When, Balance]], every: str | None) -> Series:
    """How balanced the signed network is at each date: its ties, triads and frustration index."""
    points = tuple(Point(when, _balance_figures(result)) for when, result in results)
    inexact = [p.when.label for p in points if not p.figures["exact"]]
    notes = (f"Not proven exact (time limit): {', '.join(inexact)}; the frustration index there is an upper bound "
             "and the balance index a lower bound.",) if inexact else ()  # fmt: skip
    headers = ("as of", "ties", "+", "-", "balanced triads", "unbalanced triads", "frustration", "balance index")
    rows = tuple(_balance_row(p) for p in points)
    index = Line("balance index", tuple(float(p.figures["index"]) for p in points))
    return Series("balance", "Balance index (1 = balanced)", every, points, headers, rows, (index,), "balance index",
                  notes)  # fmt: skip


def _balance_figures(result: Balance) -> dict[str, Any]:
    positive = sum(t.sign > 0 for t in result.ties)
    return {
        "ties": len(result.ties),
        "positive": positive,
        "negative": len(result.ties) - positive,
        "balanced_triads": len(result.balanced),
        "unbalanced_triads": len(result.unbalanced),
        "frustration": result.frustration,
        "lower_bound": result.lower_bound,
        "exact": result.exact,
        "index": result.index,
    }


def _balance_row(point: Point) -> tuple[object, ...]:
    f = point.figures
    frustration = f["frustration"] if f["exact"] else f"{f['lower_bound']}-{f['frustration']}"
    return (point.when.label, f["ties"], f["positive"], f["negative"], f["balanced_triads"], f["unbalanced_triads"],
            frustration, f["index"])  # fmt: skip


def communities_series(results: Sequence[tuple[When, Blocs]], every: str | None) -> Series:
    """The blocs at each date: how many, the largest, the actors left without a tie, modularity."""
    points = tuple(Point(when, _bloc_figures(result)) for when, result in results)
    headers = ("as of", "blocs", "largest", "in blocs", "without a tie", "modularity")
    rows = tuple((p.when.label, *(p.figures[k] for k in ("blocs", "largest", "in_blocs", "isolated", "modularity")))
                 for p in points)  # fmt: skip
    modularity = Line("modularity", tuple(float(p.figures["modularity"]) for p in points))
    ties = "cooperative and structural ties" if not results or results[0][1].allied_only else "all ties"
    return Series("communities", f"Modularity of the blocs on {ties}", every, points, headers, rows, (modularity,),
                  "modularity")  # fmt: skip


def _bloc_figures(result: Blocs) -> dict[str, Any]:
    return {
        "blocs": len(result.blocs),
        "largest": len(result.blocs[0].members) if result.blocs else 0,
        "in_blocs": sum(len(b.members) for b in result.blocs),
        "isolated": len(result.isolated),
        "modularity": result.modularity,
        "sizes": [len(b.members) for b in result.blocs],
        "largest_members": [m.label for m in result.blocs[0].members] if result.blocs else [],
    }


def rank_series(results: Sequence[tuple[When, Ranking]], top: int, every: str | None) -> Series:
    """Who is central at each date: the first *top* places (ties kept), and a line per actor
    that holds one of them at some date, with its score at every date (0 where it has no tie)."""
    points = tuple(Point(when, {"scores": [s.to_dict() for s in r.scores if s.rank <= top]}) for when, r in results)
    rows = tuple((p.when.label, s["rank"], s["label"], s["score"]) for p in points for s in p.figures["scores"])
    shown: dict[str, str] = {}
    for point in points:
        for score in point.figures["scores"]:
            shown.setdefault(score["iri"], score["label"])
    by_date = [{s.actor.iri: s.score for s in r.scores} for _, r in results]
    lines = tuple(Line(label, tuple(float(scores.get(iri, 0)) for scores in by_date)) for iri, label in shown.items())
    by = results[0][1].by if results else "degree"
    title = f"{'PageRank' if by == 'pagerank' else by.capitalize()} centrality: the top {top} at each date"
    return Series("rank", title, every, points, ("as of", "rank", "actor", by), rows, lines, by)


def claims_series(entries: Sequence[TimelineEntry], about: Sequence[str] = ()) -> Series:
    """How many of *entries*' dated claims fall in each period, a line per polarity; undated ones
    are left out (and counted in a note). A claim counts in the period of its first day."""
    from actorgraph.export import POLARITY_COLOURS

    dated = [(e.day, e.claim.polarity.lower()) for e in entries if e.day is not None]
    whose = f" between {' and '.join(about)}" if len(about) > 1 else f" of {about[0]}" if about else ""
    undated = len(entries) - len(dated)
    notes = (f"{undated} undated claim{' is' if undated == 1 else 's are'} not drawn.",) if undated else ()
    if not dated:
        return Series("claims", f"Claims{whose} by polarity", None, (), ("period",), (), (), "claims", notes)
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    every = "month" if months <= MONTHS_SHOWN else "quarter" if months <= 4 * MONTHS_SHOWN else "year"
    whens = periods(every, first, last)
    ends = [w.day for w in whens]
    polarities = [p for p in POLARITY_COLOURS if any(polarity == p for _, polarity in dated)]
    counts = [dict.fromkeys(polarities, 0) for _ in whens]
    for day, polarity in dated:
        counts[bisect.bisect_left(ends, day)][polarity] += 1
    points = tuple(Point(when, count) for when, count in zip(whens, counts, strict=True))
    rows = tuple((p.when.label, *p.figures.values()) for p in points)
    lines = tuple(Line(p, tuple(float(c[p]) for c in counts), POLARITY_COLOURS[p]) for p in polarities)
    return Series("claims", f"Claims{whose} by polarity, per {every}", every, points, ("period", *polarities), rows,
                  lines, "claims", notes)  # fmt: skip
