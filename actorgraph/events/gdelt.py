"""Reading GDELT 2.0 event exports: the 61 tab-separated columns, as published.

A file ``*.export.CSV``, its zipped ``*.export.CSV.zip``, or a folder of them (in name order), read
row by row. Actors come from the CAMEO actor codes (``ontology/gdelt-actor-codes.csv``): a known
group by the last three letters of the actor code (``PSEHMS``: Hamas); else the country
(``ISR``: Israel) and the role after it (``GOV``: "Government (Israel)", part of Israel). The row's
own name (Actor1Name, "HILLARY CLINTON") is tried first against the graph's actors, unless it only
names the country. The relation comes from the CAMEO EventCode; the date is SQLDATE; the claim
keeps the row's Goldstein score, NumMentions, NumSources, NumArticles and AvgTone, the action's
place and coordinates, and cites the article (SOURCEURL).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from actorgraph import resources, store
from actorgraph.errors import InvalidImport
from actorgraph.events.actors import country_names
from actorgraph.events.cameo import Cameo, load_cameo
from actorgraph.events.records import (
    Dataset,
    Event,
    EventFile,
    SourceRef,
    csv_rows,
    fold,
    number,
    path_list,
    point,
    valid_day,
)

GDELT = Dataset("gdelt", "GDELT", "GDELT 2.0 events", "ag:GDELT", "ontology/cameo-relations.csv")
COLUMNS = 61
_ID, _SQLDATE, _EVENT_CODE, _GOLDSTEIN, _TONE, _DATEADDED, _URL = 0, 1, 26, 30, 34, 59, 60
#: Actor columns: code, name, country, type 1 (the first actor; the second starts 10 further).
_ACTOR = (5, 6, 7, 12)
_COUNTS = (("numMentions", 31), ("numSources", 32), ("numArticles", 33))
_PLACE, _LATITUDE, _LONGITUDE = 52, 56, 57
_DIGITS = re.compile(r"^\d{1,20}$")
#: The source of the ``partOf`` claims of a state's roles: the CAMEO actor codebook.
ACTOR_CODES = SourceRef(
    "cameo-actor-codes",
    "CAMEO actor codes: country and role codes (ontology/gdelt-actor-codes.csv)",
    "2012",
    note="Schrodt, CAMEO Conflict and Mediation Event Observations, Actor Codebook (2012); a role code "
    "after a country code (ISRGOV) names that state's body, which is part of the state.",
)


@dataclass(frozen=True)
class ActorCode:
    """One row of ``gdelt-actor-codes.csv``."""

    code: str
    kind: str
    name: str
    actor_class: str
    part_of: bool
    why: str


@functools.cache
def load_actor_codes() -> dict[tuple[str, str], ActorCode]:
    """The table's rows by (kind, code)."""
    rows = csv_rows(resources.ontology_dir() / "gdelt-actor-codes.csv")
    return {
        (row["kind"], row["code"]): ActorCode(
            row["code"], row["kind"], row["name"], row["class"], row["part_of"] == "yes", row["why"]
        )
        for row in rows
    }


def export_files(path: Path) -> list[Path]:
    """The export files *path* names: itself, or a folder's ``.CSV`` and ``.CSV.zip`` files."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.name.lower().endswith((".csv", ".csv.zip")))
        if not found:
            raise InvalidImport([f"{store.display_path(path)}: no GDELT export (.CSV or .CSV.zip) in the folder"])
        return found
    return [path]


def _lines(path: Path) -> Iterator[str]:
    """The lines of an export, unzipping a ``.zip`` (its one ``.CSV``) as it goes."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if len(names) != 1:
                raise InvalidImport([f"{store.display_path(path)}: expected one .CSV in the zip, found {len(names)}"])
            with archive.open(names[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return
    with open(path, encoding="utf-8", newline="") as handle:
        yield from handle


def read_gdelt(path: Path | Sequence[Path], cameo: Cameo | None = None) -> EventFile:
    """The events of GDELT 2.0 exports (files, zipped files or folders of them), checked.

    Bad rows (column count, date, CAMEO code, numbers) are listed in ``bad``; a repeated
    GLOBALEVENTID is dropped and counted when the row is the same, bad when it differs.
    """
    paths = path_list(path)
    files = [file for each in paths for file in export_files(each)]
    return EventFile.read(GDELT, paths, functools.partial(_rows, files=files, cameo=cameo or load_cameo()))


def _rows(data: EventFile, files: list[Path], cameo: Cameo) -> Iterator[Event]:
    seen: dict[str, int] = {}
    for file in files:
        display = store.display_path(file)
        for line_number, line in enumerate(_lines(file), start=1):
            line = line.rstrip("\r\n")
            event = _read_row(data, f"{display}:{line_number}", line, cameo, seen) if line.strip() else None
            if event is not None:
                yield event


def _read_row(data: EventFile, where: str, line: str, cameo: Cameo, seen: dict[str, int]) -> Event | None:
    cells = line.split("\t")
    if len(cells) != COLUMNS:
        data.reject(where, "column count", f"expected {COLUMNS} tab-separated columns, found {len(cells)}")
        return None
    problem = _problem(cells, cameo)
    if problem:
        data.reject(where, *problem)
        return None
    event_id = cells[_ID]
    if event_id in seen:
        if seen[event_id] == hash(line):
            data.duplicates += 1
        else:
            data.reject(where, "repeated event", f"GLOBALEVENTID {event_id} appears twice with different values")
        return None
    seen[event_id] = hash(line)
    first_actor, second_actor = _party(cells, 0), _party(cells, 10)
    if first_actor is None or second_actor is None:
        data.skipped["no actor code"] += 1
        return None
    source, target = _add(data, first_actor), _add(data, second_actor)
    sqldate, code, url = cells[_SQLDATE], cells[_EVENT_CODE], cells[_URL].strip()
    day = f"{sqldate[:4]}-{sqldate[4:6]}-{sqldate[6:]}"
    added = cells[_DATEADDED]
    figures = tuple((name, str(number(cells[index], True))) for name, index in _COUNTS)
    first, second = (f"{cells[i + 1]} ({cells[i]})".strip() for i in (_ACTOR[0], _ACTOR[0] + 10))
    return Event(
        where=where,
        local=f"gdelt-{event_id}",
        event_id=event_id,
        day=day,
        source=source,
        target=target,
        code=code,
        quote=f"{first} — {cameo.codes[code].name} — {second} (GDELT machine coding)",
        goldstein=cells[_GOLDSTEIN].strip(),
        cited=_article(url, f"{added[:4]}-{added[4:6]}-{added[6:8]}"),
        place=cells[_PLACE].strip(),
        point=point(cells[_LONGITUDE], cells[_LATITUDE]),
        figures=(*figures, ("tone", str(number(cells[_TONE], False)))),
    )


def _problem(cells: list[str], cameo: Cameo) -> tuple[str, str] | None:
    """The first thing wrong with a row, as (kind, detail)."""
    sqldate, code = cells[_SQLDATE].strip(), cells[_EVENT_CODE].strip()
    if not _DIGITS.match(cells[_ID]):
        return "bad identifier", f"invalid GLOBALEVENTID {cells[_ID]!r} — expected digits"
    if not (len(sqldate) == 8 and valid_day(f"{sqldate[:4]}-{sqldate[4:6]}-{sqldate[6:]}")):
        return "bad date", f"invalid SQLDATE {sqldate!r} — expected YYYYMMDD"
    if code not in cameo.codes:
        return "unknown code", f"unknown CAMEO EventCode {code!r} — expected a code of the CAMEO codebook such as '190'"
    goldstein = number(cells[_GOLDSTEIN], False)
    if goldstein is None or not -10 <= float(goldstein) <= 10:
        return "bad number", f"invalid GoldsteinScale {cells[_GOLDSTEIN]!r} — expected a number from -10 to 10"
    for name, index in _COUNTS:
        if number(cells[index], True) is None or cells[index].startswith("-"):
            return "bad number", f"invalid {name[0].upper()}{name[1:]} {cells[index]!r} — expected a whole number"
    tone = number(cells[_TONE], False)
    if tone is None or not -100 <= float(tone) <= 100:
        return "bad number", f"invalid AvgTone {cells[_TONE]!r} — expected a number from -100 to 100"
    added = cells[_DATEADDED]
    if not (len(added) == 14 and added.isdigit() and valid_day(f"{added[:4]}-{added[4:6]}-{added[6:8]}")):
        return "bad date", f"invalid DATEADDED {added!r} — expected YYYYMMDDHHMMSS"
    if not cells[_URL].strip():
        return "bad source", "empty SOURCEURL — expected the article's URL or the source's name"
    return None


_Entry = tuple[str, "ActorCode", str, tuple[str, ...], str, str]


def _party(cells: list[str], offset: int) -> list[_Entry] | None:
    """The parties of the row's actor (its state first, for a role), the last one the actor's
    own, as (key, table row, label, given names, part of, code); None when its codes name no
    actor (no code at all, or a role with no country, such as a bare ``COP``)."""
    code, name, country, role = (cells[i + offset].strip() for i in _ACTOR)
    codes = load_actor_codes()
    group = codes.get(("group", code[-3:]))
    given = (name,) if name else ()
    if group is not None:
        return [(f"{group.name}|{name}", group, group.name, given, "", group.code)]
    state = codes.get(("country", country))
    if state is None:
        return None
    if fold(name) in {fold(n) for n in country_names(state.name)}:
        given = ()  # "UNITED STATES" for USAGOV names the state, not its government
    found = codes.get(("role", role)) or codes.get(("role", code[3:6]))
    if found is None:
        return [(f"{state.name}|{name}", state, state.name, given, "", state.code)]
    label = f"{found.name} ({state.name})"
    part_of = state.name if found.part_of else ""
    entries: list[_Entry] = [(state.name, state, state.name, (), "", state.code)]
    return [*entries, (f"{label}|{name}", found, label, given, part_of, state.code + found.code)]


def _add(data: EventFile, entries: list[_Entry]) -> str:
    """Add *entries* to the file's parties; the key of the last, the actor's own."""
    for key, row, label, given, part_of, code in entries:
        party = data.party(key)
        party.name, party.given, party.kind, party.part_of = label, given, row.actor_class, part_of
        party.reason, party.code = f"its GDELT actor code ({row.why})", code
        if part_of:
            party.part_of_quote = f"CAMEO actor code {code}: {label}, part of the state"
            party.part_of_source = ACTOR_CODES
    return entries[-1][0]


def _article(url: str, day: str) -> SourceRef:
    """The article a GDELT event was coded from, one source per URL; GDELT gives a name instead of
    a URL for sources it cannot link to ("BBC Monitoring"), kept as the label, with no URL."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return SourceRef(f"gdelt-article-{digest}", f"{url} (coded by GDELT)", day)
    return SourceRef(f"gdelt-article-{digest}", f"{url} (article on {parts.hostname}, coded by GDELT)", day, url=url)
