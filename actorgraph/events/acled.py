"""Reading ACLED, the Armed Conflict Location & Event Data Project's export (a CSV file with a header).

The columns are the codebook's (31 in acledR's ``acled_codebook``; newer exports add a few, which are
ignored); the import needs those of ``COLUMNS``. actor1 and actor2 are the actors: a state's forces
("Military Forces of Israel (2022-)") are the state's body, "Military (Israel)", part of Israel, as
GDELT's ``ISRMIL`` is; the class of any other actor comes from its ``inter`` code (rebels and militias
are ArmedGroups, protesters, rioters and civilians people described). ``assoc_actor_1`` and
``assoc_actor_2`` (semicolon lists of actors "associated with or identifying" the main actor) become no
claim, since the codebook does not say they did what the main actor did: they are kept verbatim in the
quote. ``sub_event_type`` gives the relation through ``ontology/acled-relations.csv``; ``notes`` is the
quote; ``fatalities`` a typed number; ``source`` the publishers of the event's reports; the place is
``location`` and the admin areas, with the coordinates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from actorgraph.events.actors import actor_slug, country_names, infer_class
from actorgraph.events.records import Dataset, Event, EventFile, SourceRef, clean, number, path_list, point, table_rows
from actorgraph.events.tables import CodeTable, load_table

ACLED = Dataset("acled", "ACLED", "ACLED events", "ag:ACLED", "ontology/acled-relations.csv")
COLUMNS = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
    "assoc_actor_2", "inter2", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "source", "notes", "fatalities",
)  # fmt: skip
#: event_date as ACLED's exports write it (2023-10-07), as its codebook says (07-10-2023), as its
#: spreadsheets do (07 October 2023).
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d %B %Y")
_EVENT_ID = re.compile(r"^[A-Z]{2,3}\d+$")
#: A state's own forces as ACLED names them, with the period of the government: "Military Forces of
#: Israel (2022-)", "Police Forces of Lebanon (2021-)", "Government of Israel (2022-)".
_STATE_FORCE = re.compile(r"^(?:(Military|Police) Forces|(Government)) of (.+?)(?: \(\d{4}-(?:\d{4})?\))?$")
#: The actor class of each ``inter`` code (the codebook's "type of actor"); 8 (external or other
#: forces) and 1 for a force not named as a state's are inferred from the name.
_INTER_CLASS = {
    "2": ("ArmedGroup", "ACLED's inter code 2, a rebel group"),
    "3": ("ArmedGroup", "ACLED's inter code 3, a political militia"),
    "4": ("ArmedGroup", "ACLED's inter code 4, an identity militia"),
    "5": ("Person", "ACLED's inter code 5, rioters (people described)"),
    "6": ("Person", "ACLED's inter code 6, protesters (people described)"),
    "7": ("Person", "ACLED's inter code 7, civilians (people described)"),
}
#: The source of the ``partOf`` claims of a state's forces: ACLED names them so.
ACLED_ACTORS = SourceRef(
    "acled-actors",
    'ACLED actor names: "Military Forces of <state> (<years>)", "Police Forces of …", "Government of …" '
    "are that state's forces and government",
    "2023",
    note="ACLED Codebook (Armed Conflict Location & Event Data Project, 2023): actor names, State Forces (inter 1).",
)


def load_acled_table() -> CodeTable:
    return load_table("acled-relations.csv", "ag:eventCode")


def read_acled(path: Path | Sequence[Path]) -> EventFile:
    """The events of an ACLED export, checked: bad rows are listed in ``bad``."""
    paths = path_list(path)
    return EventFile.read(ACLED, paths, functools.partial(_rows, paths=paths, table=load_acled_table()))


def _rows(data: EventFile, paths: list[Path], table: CodeTable) -> Iterator[Event]:
    for where, row in table_rows(data, paths, COLUMNS, "an ACLED file"):
        problem = _problem(row, table)
        if problem:
            data.reject(where, *problem)
        elif data.repeated(where, row["event_id_cnty"], "event_id_cnty"):
            continue
        elif not row["actor2"]:  # a protest, a base established: nothing relates actor1 to another
            data.skipped["one actor"] += 1
        else:
            yield _event(data, where, row, table)


def iso_day(text: str) -> str | None:
    """*text*, a day in one of the ways ACLED writes it, as YYYY-MM-DD; None when it is none."""
    for layout in _DATE_FORMATS:
        try:
            return datetime.strptime(text, layout).date().isoformat()
        except ValueError:
            continue
    return None


def _problem(row: dict[str, str], table: CodeTable) -> tuple[str, str] | None:
    """The first thing wrong with a row, as (kind, detail)."""
    if not _EVENT_ID.match(row["event_id_cnty"]):
        return (
            "bad identifier",
            f"invalid event_id_cnty {row['event_id_cnty']!r} — expected a country code and a number",
        )
    if iso_day(row["event_date"]) is None:
        return "bad date", f"invalid event_date {row['event_date']!r} — expected YYYY-MM-DD or DD-MM-YYYY"
    sub = row["sub_event_type"]
    if sub not in table.relations or table.names[sub] != row["event_type"]:
        return "unknown code", (
            f"unknown event_type and sub_event_type {row['event_type']!r}, {sub!r} — expected a pair of the ACLED "
            "codebook (ontology/acled-relations.csv)"
        )
    fatalities = number(row["fatalities"], True)
    if fatalities is None or fatalities.startswith("-"):
        return "bad number", f"invalid fatalities {row['fatalities']!r} — expected a whole number, 0 or more"
    if not row["actor1"]:
        return "missing actor", "actor1 is empty — expected the name of the event's actor"
    for side in ("1", "2"):
        code = number(row[f"inter{side}"] or "0", True)
        if code is None or not 0 <= int(code) <= 8 or (code == "0") != (not row[f"actor{side}"]):
            return "bad code", f"invalid inter{side} {row[f'inter{side}']!r} — expected 1 to 8 for an actor, 0 for none"
    return None


def _event(data: EventFile, where: str, row: dict[str, str], table: CodeTable) -> Event:
    event_id, code = row["event_id_cnty"], row["sub_event_type"]
    coded = (
        f"{row['actor1']}{_with(row['assoc_actor_1'])} — {table.names[code]}: {code} — "
        f"{row['actor2']}{_with(row['assoc_actor_2'])}"
    )
    quote = f"{row['notes']} (ACLED notes; coded: {coded})" if row["notes"] else f"{coded} (ACLED coding)"
    day = str(iso_day(row["event_date"]))
    place = ", ".join(
        dict.fromkeys(p for p in (row["location"], row["admin3"], row["admin2"], row["admin1"], row["country"]) if p)
    )
    return Event(
        where=where,
        local=f"acled-{event_id}",
        event_id=event_id,
        day=day,
        source=_actor(data, row, "1"),
        target=_actor(data, row, "2"),
        code=code,
        quote=quote,
        cited=SourceRef(
            f"acled-{event_id}",
            f"Sources of ACLED event {event_id}" + (f": {row['source']}" if row["source"] else ""),
            day,
            publisher=row["source"],
            identifier=event_id,
        ),
        place=place,
        point=point(row["longitude"], row["latitude"]),
        figures=(("fatalities", str(number(row["fatalities"], True))),),
    )


def _with(associated: str) -> str:
    """The associated actors of a side, as the quote shows them: " (with A; B)"."""
    names = [clean(n) for n in associated.split(";") if clean(n)]
    return f" (with {'; '.join(names)})" if names else ""


def _actor(data: EventFile, row: dict[str, str], side: str) -> str:
    """The key of a side's party: a state's forces are the state's body, part of the state; any
    other actor takes the class of its inter code, or one inferred from its name."""
    name, inter = row[f"actor{side}"], str(number(row[f"inter{side}"], True))
    force = _STATE_FORCE.match(name)
    if force is not None:
        role, state = force.group(1) or force.group(2), force.group(3)
        state_party = data.party(country_names(state)[0])
        state_party.kind, state_party.reason = "State", "ACLED's name of its forces or government"
        party = data.party(name)
        party.name, party.given, party.part_of = f"{role} ({state_party.name})", (name,), state_party.name
        party.kind, party.reason = "GovernmentBody", f"ACLED's actor, the {role.lower()} of a state"
        party.code = actor_slug(name)
        party.part_of_quote = f"ACLED actor {name!r}: the {role.lower()} of {state}"
        party.part_of_source = ACLED_ACTORS
        return name
    party = data.party(name)
    if not party.kind:
        party.kind, party.reason = _INTER_CLASS.get(inter) or infer_class(name)
    return name
