"""Reading POLECAT, the PLOVER-coded successor of ICEWS: its published tab-separated files.

POLECAT is published on Harvard Dataverse (doi:10.7910/DVN/AJGVIT) as ``ngecEvents.DV.<year>.txt``
files: tab-separated, with a header, 40 columns (some years add Headline, Event Text, Feed and Story
ID, and call Intensity "Event Intensity"; columns are read by name). "None" is an empty value. The
relation comes from the PLOVER ``Event Type`` and ``Event Mode`` through ``ontology/plover-relations.csv``
(the row of the event and its mode, else the event's first row); the claim keeps the pair as its
``ag:eventCode`` ("ASSAULT:aerial"). The actor (who initiated the event) is the subject and the
recipient the object; a compound actor ("Israel; United States", PLOVER's list of members) gives one
claim per member, as CAMEO coders expanded them. A country is its State; another member takes the
class of its ``Primary ... Sector`` (GOV, MIL, COP, JUD, LEG: a GovernmentBody; REB, INS: an
ArmedGroup), else one inferred from its name; its Wikipedia id is kept. The place is ``Placename``
and the areas around it, with the coordinates; the source is the story's outlet (``Source``) and its
``Publication Date``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from actorgraph import resources
from actorgraph.events.actors import country_names, infer_class, is_country
from actorgraph.events.records import (
    Dataset,
    Event,
    EventFile,
    SourceRef,
    csv_rows,
    path_list,
    point,
    table_rows,
    valid_day,
)

POLECAT = Dataset("polecat", "POLECAT", "POLECAT events", "ag:POLECAT", "ontology/plover-relations.csv")
COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Actor Name", "Primary Actor Sector",
    "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Primary Recipient Sector",
    "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "District", "Province", "Country", "Latitude",
    "Longitude", "Source", "Publication Date",
)  # fmt: skip
_EVENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: The class of a member by its primary sector (PLOVER's agent codes, as CAMEO's): the state's own
#: bodies, and armed groups; other sectors (civilians, business, media...) leave the class to the name.
_SECTOR_CLASS = {
    **dict.fromkeys(("GOV", "MIL", "COP", "JUD", "LEG", "SPY"), "GovernmentBody"),
    **dict.fromkeys(("REB", "INS"), "ArmedGroup"),
}


@dataclass(frozen=True)
class PloverTable:
    """``ontology/plover-relations.csv`` as the import reads it: the relation of an event and mode."""

    file: str
    code_property: str
    by_event: dict[str, str]
    by_mode: dict[tuple[str, str], str]

    def relation(self, code: str) -> str | None:
        event, _, mode = code.partition(":")
        return self.by_mode.get((event, mode)) or self.by_event.get(event)


@functools.cache
def load_plover_table() -> PloverTable:
    """The relation of each PLOVER event (its first row) and of each event and mode."""
    by_event: dict[str, str] = {}
    by_mode: dict[tuple[str, str], str] = {}
    for row in csv_rows(resources.ontology_dir() / "plover-relations.csv"):
        if row["mode"]:
            by_mode[(row["event"], row["mode"])] = row["relation"]
        else:
            by_event.setdefault(row["event"], row["relation"])
    return PloverTable("plover-relations.csv", "ag:eventCode", by_event, by_mode)


def read_polecat(path: Path | Sequence[Path]) -> EventFile:
    """The events of a POLECAT file, checked: bad rows are listed in ``bad``."""
    paths = path_list(path)
    return EventFile.read(POLECAT, paths, functools.partial(_rows, paths=paths, table=load_plover_table()))


def _rows(data: EventFile, paths: list[Path], table: PloverTable) -> Iterator[Event]:
    for where, cells in table_rows(data, paths, COLUMNS, "a POLECAT file", delimiter="\t"):
        row = {name: _value(value) for name, value in cells.items()}
        problem = _problem(row, table)
        if problem:
            data.reject(where, *problem)
        elif data.repeated(where, row["Event ID"], "Event ID"):
            continue
        elif not row["Recipient Name"]:  # PLOVER's recipient is optional: nothing to relate the actor to
            data.skipped["one actor"] += 1
        else:
            yield from _events(data, where, row)


def _value(text: str) -> str:
    """A cell, empty for POLECAT's "None"."""
    return "" if text == "None" else text


def _problem(row: dict[str, str], table: PloverTable) -> tuple[str, str] | None:
    """The first thing wrong with a row, as (kind, detail)."""
    if not _EVENT_ID.match(row["Event ID"]):
        return "bad identifier", f"invalid Event ID {row['Event ID']!r} — expected letters, digits, '-', '.' or '_'"
    if not valid_day(row["Event Date"]):
        return "bad date", f"invalid Event Date {row['Event Date']!r} — expected YYYY-MM-DD"
    if table.relation(row["Event Type"]) is None:
        return "unknown code", (
            f"unknown Event Type {row['Event Type']!r} — expected a PLOVER event ({', '.join(table.by_event)})"
        )
    if not row["Actor Name"]:
        return "missing actor", "Actor Name is empty — expected the actor who initiated the event"
    return None


def _events(data: EventFile, where: str, row: dict[str, str]) -> list[Event]:
    """One event per actor and recipient of the row (PLOVER lists compound actors' members)."""
    event_id, event, mode = row["Event ID"], row["Event Type"], row["Event Mode"]
    code = f"{event}:{mode}" if mode else event
    actors = _members(data, row, "Actor")
    recipients = _members(data, row, "Recipient")
    cited = SourceRef(
        f"polecat-{event_id}",
        f"Story of POLECAT event {event_id}" + (f": {row['Source']}" if row["Source"] else ""),
        row["Publication Date"][:10] if valid_day(row["Publication Date"][:10]) else row["Event Date"],
        publisher=row["Source"],
        identifier=event_id,
    )
    place = ", ".join(
        dict.fromkeys(p for p in (row["Placename"], row["District"], row["Province"], row["Country"]) if p)
    )
    pairs = [(a, r) for a in actors for r in recipients]
    return [
        Event(
            where=where,
            local=f"polecat-{event_id}" + (f"-{n}" if len(pairs) > 1 else ""),
            event_id=event_id,
            day=row["Event Date"],
            source=actor,
            target=recipient,
            code=code,
            quote=f"{raw_a} — {event}{f' ({mode})' if mode else ''} — {raw_r} (POLECAT machine coding)",
            cited=cited,
            place=place,
            point=point(row["Longitude"], row["Latitude"]),
        )
        for n, ((actor, raw_a), (recipient, raw_r)) in enumerate(pairs, start=1)
    ]


def _members(data: EventFile, row: dict[str, str], side: str) -> list[tuple[str, str]]:
    """(party key, name as the story wrote it) of each member of a side: names, sectors and Wikipedia
    ids are parallel lists separated by ';'; raw names too, or one text for the whole side."""
    names = [n.strip() for n in row[f"{side} Name"].split(";") if n.strip()]
    columns = {
        key: [v.strip() for v in row[column].split(";")]
        for key, column in (
            ("sector", f"Primary {side} Sector"), ("raw", f"{side} Name Raw"), ("wiki", f"Wikipedia {side} ID"),
        )
    }  # fmt: skip
    members = []
    for i, name in enumerate(names):
        value = {key: _value(values[i]) if i < len(values) else "" for key, values in columns.items()}
        party = data.party(country_names(name)[0] if is_country(name) else name)
        if not party.kind:
            if is_country(name):
                party.kind, party.reason = "State", "a country's name"
            elif value["sector"] in _SECTOR_CLASS:
                party.kind = _SECTOR_CLASS[value["sector"]]
                party.reason = f"POLECAT's primary sector {value['sector']}"
            else:
                party.kind, party.reason = infer_class(name)
            party.code = value["wiki"]
        raw = value["raw"] if len(columns["raw"]) == len(names) else row[f"{side} Name Raw"]
        members.append((party.name, raw or name))
    return members
