"""The event record every reader gives the writer, and what the readers share.

A reader (``icews``, ``gdelt``, ``ucdp``) turns its rows into :class:`Event` records and the actors
they name into :class:`Party` descriptions, one per name, so the writer and the actor linking
never look at a format's columns. A bad row is not an exception: the reader lists it in
``EventFile.bad`` (``file:line: what is wrong``) and goes on, and the import decides whether that
stops everything (the default) or only drops the row (``skip_bad``).
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from actorgraph import store
from actorgraph.errors import InvalidImport
from actorgraph.importers import read_utf8
from actorgraph.text import fold as _fold_text
from actorgraph.turtle import turtle_decimal

Progress = Callable[[int, int], None]
#: ``text.fold``, remembered: an import folds the same few thousand names many times.
fold = functools.lru_cache(maxsize=65536)(_fold_text)


@dataclass(frozen=True)
class Dataset:
    """What the writer says of a data set: its key (``--format``, the prefix of claim IRIs), its
    name in quotes and notes, its ``ag:dataset`` individual and the table its relations come from."""

    key: str
    title: str
    description: str
    term: str
    mapping: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The document a claim cites: the news story (ICEWS), the article (GDELT), the reports (UCDP)."""

    local: str
    label: str
    day: str
    publisher: str = ""
    identifier: str = ""
    url: str = ""
    title: str = ""
    note: str = ""


@dataclass
class Party:
    """An actor as an event file names it, with what the file says about it.

    ``name`` is the label a new actor gets; ``given`` are names of the row tried first against the
    graph's actors (GDELT's Actor1Name), before ``name``; ``kind`` and ``reason`` are the class the
    data set's own codes give (empty: inferred from the name); ``part_of`` names the state a role
    belongs to, ``part_of_quote`` and ``part_of_source`` say where the data set says so; ``code`` is
    the data set's code for it (GDELT ``ISRGOV``, UCDP actor id).
    """

    name: str
    given: tuple[str, ...] = ()
    sectors: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    kind: str = ""
    reason: str = ""
    part_of: str = ""
    part_of_quote: str = ""
    part_of_source: SourceRef | None = None
    code: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event as read from a file, before its actors are linked to the graph's.

    ``source`` and ``target`` are keys of ``EventFile.parties``; ``code`` is the event's code in
    the format's mapping table (a CAMEO code, a UCDP type of violence); ``quote`` says in words what
    was coded; ``day`` is an ISO date, or, for an event known only to lie in a span, the first day
    with ``end`` the last; ``place`` and ``point`` (``"lon lat"``) where it happened; ``figures``
    the typed numbers the row gives, as (``ag:`` property, Turtle literal) pairs.
    """

    where: str
    local: str
    event_id: str
    day: str
    source: str
    target: str
    code: str
    quote: str
    goldstein: str = ""
    cited: SourceRef | None = None
    end: str = ""
    place: str = ""
    point: str = ""
    figures: tuple[tuple[str, str], ...] = ()


#: Reads an import's file(s) from the start, yielding its events and noting in the EventFile it is
#: given the bad rows, the duplicates, the rows left out and the actors named.
Rows = Callable[["EventFile"], Iterator[Event]]


@dataclass
class EventFile:
    """The events of one import, the actors they name, the rows that could not be read.

    The events are not kept: :meth:`read` reads every row once to check them all, learn the
    actors and count the events, and :meth:`events` reads the file(s) again, as a stream, for the
    writer, so an import's memory does not grow with its input.
    """

    dataset: Dataset
    #: The first file (or folder) read; ``paths`` all of them, in the order they are read.
    path: Path
    rows: Rows
    paths: tuple[Path, ...] = ()
    parties: dict[str, Party] = field(default_factory=dict)
    #: Events read and kept (neither bad nor duplicates nor skipped).
    count: int = 0
    duplicates: int = 0
    bad: list[str] = field(default_factory=list)
    bad_reasons: Counter[str] = field(default_factory=Counter)
    #: Rows read but left out for a reason of the data, not an error (an actor with no code).
    skipped: Counter[str] = field(default_factory=Counter)
    _seen: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def read(cls, dataset: Dataset, paths: Sequence[Path], rows: Rows) -> EventFile:
        """The file(s) read once through *rows*: every row checked, the events counted."""
        data = cls(dataset, paths[0], rows, tuple(paths))
        for _ in rows(data):
            data.count += 1
        return data

    @property
    def names(self) -> str:
        """The names of the files read, as the import file's header gives them."""
        return ", ".join(path.name for path in self.paths)

    def events(self) -> Iterator[Event]:
        """The events, read again from the file(s) one by one (the checks of :meth:`read` are
        made again, into a scratch EventFile: the rows are the same)."""
        return self.rows(EventFile(self.dataset, self.path, self.rows, self.paths))

    @property
    def format(self) -> str:
        return self.dataset.key

    def reject(self, where: str, reason: str, detail: str) -> None:
        """Note a bad row: *detail* names the value and what was expected, *reason* its kind."""
        self.bad.append(f"{where}: {detail}")
        self.bad_reasons[reason] += 1

    def repeated(self, where: str, event_id: str, column: str) -> bool:
        """Whether *event_id* was read before (then the row is rejected): a data set's ids are unique."""
        if event_id in self._seen:
            self.reject(where, "repeated event", f"{column} {event_id} appears twice")
            return True
        self._seen.add(event_id)
        return False

    def party(self, name: str) -> Party:
        """The party called *name*, added in the order actors first appear."""
        found = self.parties.get(name)
        if found is None:
            found = self.parties[name] = Party(name)
        return found


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")


def na(value: str) -> str:
    """*value* cleaned, and empty for ICEWS's ``NA``."""
    value = clean(value)
    return "" if value in ("NA", "N/A") else value


def clean(text: str) -> str:
    """*text* with no-break and repeated spaces as single spaces, trimmed."""
    return " ".join(text.replace("\u00a0", " ").split())


def stream_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` for each line of a UTF-8 text file, read as a stream, split at line
    feeds only (as :func:`read_lines`); a byte-order mark is dropped, an encoding error names the line."""
    with open(path, "rb") as handle:
        for number_, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise InvalidImport(
                    [f"{store.display_path(path)}:{number_}: not UTF-8 text ({error.reason}) — expected a file saved "
                     "as UTF-8"]
                ) from None  # fmt: skip
            yield number_, (line.removeprefix("\ufeff") if number_ == 1 else line).removesuffix("\n").removesuffix("\r")


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file, split at line feeds only: a field may hold U+2028 or the
    other characters ``str.splitlines`` breaks at; an encoding error names the line."""
    lines = [line.removesuffix("\r") for line in read_utf8(path).split("\n")]
    return lines[:-1] if lines[-1] == "" else lines


def csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a table of ``ontology/``: comment lines (``#``) and blank lines left out."""
    lines = [line for line in read_lines(path) if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def path_list(path: Path | Sequence[Path]) -> list[Path]:
    """One file, or several, as a list."""
    return [path] if isinstance(path, Path) else list(path)


def valid_day(text: str) -> bool:
    """Whether *text* is a day written YYYY-MM-DD that the calendar has."""
    if not _DAY.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def number(text: str, integer: bool) -> str | None:
    """*text* as the Turtle literal of an xsd:integer (*integer*) or xsd:decimal; None when it is
    not one. A whole number written with a decimal point ("14.0", as UCDP's converted tables have
    them) is an integer.

    >>> number("14.0", True), number("-2.41690", False), number("3", False), number("1.5", True), number("", True)
    ('14', '-2.4169', '3.0', None, None)
    """
    text = text.strip()
    if not _DECIMAL.match(text):
        return None
    whole, _, fraction = text.partition(".")
    if integer:
        return str(int(whole or "0")) if fraction.strip("0") == "" else None
    return turtle_decimal(text)


def point(longitude: str, latitude: str) -> str:
    """``"lon lat"`` for a WKT point, or "" when either is missing or out of range."""
    try:
        lon, lat = float(longitude), float(latitude)
    except ValueError:
        return ""
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return ""
    return f"{longitude.strip()} {latitude.strip()}"


def file_slug(path: Path, fmt: str) -> str:
    """The name of an event file (its stem; a folder's name) in lower-case ASCII words joined by
    hyphens, without a leading ``<fmt>-``: "events-2018-sample" for events.2018.sample.tab."""
    stem = path.name if path.suffix == "" or path.is_dir() else path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-") or "events"
    return slug.removeprefix(f"{fmt}-")


def table_rows(
    data: EventFile, paths: Sequence[Path], columns: Sequence[str], title: str, delimiter: str = ","
) -> Iterator[tuple[str, dict[str, str]]]:
    """``(file:line, row)`` for each row of tables with a header, read one after the other as a
    stream: CSV files, or tab-separated ones (*delimiter* ``"\t"``, no quoting). *row* holds the
    *columns* the import needs, trimmed; a row with another number of cells than its file's header
    is rejected in *data*; a header that lacks one of *columns* is an InvalidImport ("not *title*")."""
    for path in paths:
        yield from _table_rows(data, path, columns, title, delimiter)


def _table_rows(
    data: EventFile, path: Path, columns: Sequence[str], title: str, delimiter: str
) -> Iterator[tuple[str, dict[str, str]]]:
    display = store.display_path(path)
    with open(path, encoding="utf-8", newline="") as handle:
        reader = (
            csv.reader(handle) if delimiter == "," else csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE)
        )
        header = [clean(h) for h in next(reader, [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise InvalidImport([f"{display}:1: not {title} — the header lacks the columns {', '.join(missing)}"])
        index = {name: header.index(name) for name in columns}
        start = reader.line_num + 1
        for cells in reader:
            where, start = f"{display}:{start}", reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                data.reject(where, "column count", f"expected {len(header)} columns, found {len(cells)}")
                continue
            yield where, {name: cells[i].strip() for name, i in index.items()}


def tab_rows(path: Path, display: str) -> Iterator[tuple[str, list[str]]]:
    """``(file:line, cells)`` for each non-blank line of a tab-separated file, read as a stream."""
    with open(path, encoding="utf-8", newline="") as handle:
        for number_, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if line.strip():
                yield f"{display}:{number_}", line.split("\t")
