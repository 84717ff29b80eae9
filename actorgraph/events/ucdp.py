"""Reading UCDP GED, the Georeferenced Event Dataset of the Uppsala Conflict Data Program.

A comma-separated file with a header (the GED's columns, 49 in release 23.1), read row by row.
side_a and side_b are the actors: "Government of Israel" is the government of the state,
"Government (Israel)", part of Israel, as GDELT's ``ISRGOV`` and ICEWS's names are; any other side
of organised violence is an armed group; the civilians of one-sided violence are "Civilians
(<country>)". ``type_of_violence`` gives the relation through ``ontology/ucdp-relations.csv``;
``date_start``/``date_end`` the day, or the span when UCDP knows the event less precisely
(``date_prec``); ``best``, ``low``, ``high`` and the deaths per side are kept as typed numbers;
``source_article``, ``source_office`` and ``source_headline`` describe the event's source.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from actorgraph.events.actors import actor_slug, country_names
from actorgraph.events.records import (
    Dataset,
    Event,
    EventFile,
    SourceRef,
    number,
    path_list,
    point,
    table_rows,
    valid_day,
)
from actorgraph.events.tables import CodeTable, load_table

UCDP_GED = Dataset("ucdp-ged", "UCDP GED", "UCDP GED events", "ag:UCDPGED", "ontology/ucdp-relations.csv")
COLUMNS = (
    "id", "type_of_violence", "side_a", "side_a_new_id", "side_b", "side_b_new_id", "source_article",
    "source_office", "source_date", "source_headline", "where_coordinates", "adm_1", "adm_2", "country",
    "latitude", "longitude", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low",
)  # fmt: skip
#: Typed numbers of a claim, and the column each comes from.
_FIGURES = (
    ("fatalities", "best"), ("fatalitiesLow", "low"), ("fatalitiesHigh", "high"), ("deathsSubject", "deaths_a"),
    ("deathsObject", "deaths_b"), ("deathsCivilians", "deaths_civilians"), ("deathsUnknown", "deaths_unknown"),
)  # fmt: skip
_GOVERNMENT = re.compile(r"^Government of (.+?)(?: \((.+)\))?$")
#: The source of the ``partOf`` claims of governments: UCDP's actor list names them so.
UCDP_ACTORS = SourceRef(
    "ucdp-actors",
    'UCDP actor names: a side called "Government of <state>" is that state\'s government',
    "2023",
    note="UCDP Georeferenced Event Dataset codebook, version 23.1 (Davies, Pettersson and Öberg, 2023), sides A "
    "and B; Sundberg and Melander (2013).",
)


def load_ucdp_table() -> CodeTable:
    return load_table("ucdp-relations.csv", "ag:eventCode")


def read_ucdp(path: Path | Sequence[Path]) -> EventFile:
    """The events of a UCDP GED file, checked: bad rows are listed in ``bad``."""
    paths = path_list(path)
    return EventFile.read(UCDP_GED, paths, functools.partial(_rows, paths=paths, table=load_ucdp_table()))


def _rows(data: EventFile, paths: list[Path], table: CodeTable) -> Iterator[Event]:
    for where, row in table_rows(data, paths, COLUMNS, "a UCDP GED file"):
        problem = _problem(row, table)
        if problem:
            data.reject(where, *problem)
            continue
        event_id = str(number(row["id"], True))
        if not data.repeated(where, event_id, "event id"):
            yield _event(data, where, event_id, row, table)


def _problem(row: dict[str, str], table: CodeTable) -> tuple[str, str] | None:
    """The first thing wrong with a row, as (kind, detail)."""
    if number(row["id"], True) is None:
        return "bad identifier", f"invalid id {row['id']!r} — expected a whole number"
    code = number(row["type_of_violence"], True)
    if code is None or code not in table.relations:
        return "unknown code", f"unknown type_of_violence {row['type_of_violence']!r} — expected 1, 2 or 3"
    for column in ("date_start", "date_end"):
        if not valid_day(row[column]):
            return "bad date", f"invalid {column} {row[column]!r} — expected YYYY-MM-DD"
    if row["date_end"] < row["date_start"]:
        return "bad date", f"date_end {row['date_end']} is before date_start {row['date_start']}"
    for _, column in _FIGURES:
        value = number(row[column], True)
        if value is None or value.startswith("-"):
            return "bad number", f"invalid {column} {row[column]!r} — expected a whole number, 0 or more"
    if not row["side_a"] or not row["side_b"]:
        return "missing actor", "side_a or side_b is empty — expected both sides' names"
    return None


def _event(data: EventFile, where: str, event_id: str, row: dict[str, str], table: CodeTable) -> Event:
    code = str(number(row["type_of_violence"], True))
    side_a, side_b = _side(data, row, "a", code), _side(data, row, "b", code)
    best = number(row["best"], True)
    place = ", ".join(
        dict.fromkeys(p for p in (row["where_coordinates"], row["adm_2"], row["adm_1"], row["country"]) if p)
    )
    return Event(
        where=where,
        local=f"ucdp-ged-{event_id}",
        event_id=event_id,
        day=row["date_start"],
        end=row["date_end"],
        source=side_a,
        target=side_b,
        code=code,
        quote=f"{row['side_a']} — {table.names[code]} — {row['side_b']} (UCDP GED coding, deaths: {best})",
        cited=_sources(event_id, row),
        place=place,
        point=point(row["longitude"], row["latitude"]),
        figures=tuple((name, str(number(row[column], True))) for name, column in _FIGURES),
    )


def _side(data: EventFile, row: dict[str, str], side: str, code: str) -> str:
    """The key of a side's party: a government is the state's body; civilians those of the
    country; any other side of organised violence an armed group."""
    name, ucdp_id = row[f"side_{side}"], str(number(row[f"side_{side}_new_id"], True) or "")
    government = _GOVERNMENT.match(name)
    if government is not None:
        state = government.group(1)
        state_party = data.party(country_names(state)[0])
        state_party.kind, state_party.reason = "State", "UCDP's name of its government"
        label = f"Government ({state_party.name})"
        party = data.party(name)
        party.name, party.given, party.part_of = label, (name,), state_party.name
        party.kind, party.reason = "GovernmentBody", "UCDP's side, a state's government"
        party.code = ucdp_id or actor_slug(name)
        party.part_of_quote = f"UCDP GED side {name!r} (UCDP actor {ucdp_id}): the government of {state}"
        party.part_of_source = UCDP_ACTORS
        return name
    if code == "3" and side == "b" and name == "Civilians":
        key = f"Civilians ({row['country']})" if row["country"] else name
        party = data.party(key)
        party.kind, party.reason = "Person", "the civilians of UCDP's one-sided violence (people described)"
        return key
    party = data.party(name)
    party.kind, party.reason, party.code = "ArmedGroup", "a side of UCDP's organised violence, no government", ucdp_id
    return name


def _sources(event_id: str, row: dict[str, str]) -> SourceRef:
    """The reports UCDP coded the event from, as its columns name them, verbatim."""
    days = [d for d in row["source_date"].split(";") if valid_day(d.strip())]
    return SourceRef(
        f"ucdp-ged-{event_id}",
        f"Sources of UCDP GED event {event_id}" + (f": {row['source_office']}" if row["source_office"] else ""),
        days[0].strip() if days else row["date_start"],
        publisher=row["source_office"],
        identifier=event_id,
        title=row["source_headline"],
        note=row["source_article"],
    )
