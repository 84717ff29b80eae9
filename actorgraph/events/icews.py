"""Reading raw ICEWS event files and the ICEWS14 benchmark folder into event records."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from actorgraph import store
from actorgraph.errors import InvalidImport
from actorgraph.events.cameo import Cameo, CameoCode, load_cameo
from actorgraph.events.records import (
    Dataset,
    Event,
    EventFile,
    SourceRef,
    clean,
    file_slug,
    na,
    path_list,
    point,
    read_lines,
    stream_lines,
    valid_day,
)

ICEWS = Dataset("icews", "ICEWS", "ICEWS events", "ag:ICEWS", "ontology/cameo-relations.csv")
ICEWS14 = Dataset("icews14", "ICEWS14", "ICEWS14 benchmark facts", "ag:ICEWS", "ontology/cameo-relations.csv")

ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip
ICEWS14_SPLITS = ("train.txt", "valid.txt", "test.txt")

ICEWS14_NOTE = (
    "The ICEWS14 benchmark (García-Durán, Dumančić and Niepert, 2018): the ICEWS events of 2014 as "
    "(head, relation, tail, day) facts, without publisher or story. Copy from xiongsiheng/TEILP data/icews14/ "
    "(MIT licence); upstream terms of ICEWS (Harvard Dataverse, doi:10.7910/DVN/28075) apply."
)
#: The source every ICEWS14 claim cites: the benchmark.
ICEWS14_SOURCE = SourceRef("icews14", "ICEWS14 temporal knowledge-graph benchmark", "2018", note=ICEWS14_NOTE)

_CODE = re.compile(r"^\d{2,4}$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_FACT = re.compile(r"^(\d{1,9})\t(\d{1,9})\t(\d{1,9})\t(\d{1,9})\s*$")


def read_icews(path: Path | Sequence[Path], cameo: Cameo | None = None) -> EventFile:
    """The events of a raw ICEWS file (20 tab-separated columns with a header), checked.

    Every bad row is listed in ``bad`` (``file:line: what is wrong``). An exact repeat of a row is
    dropped and counted; two different rows with the same event ID and date are bad, ICEWS event
    IDs being unique together with the date.
    """
    return EventFile.read(ICEWS, path_list(path), functools.partial(_icews_rows, cameo=cameo or load_cameo()))


def _icews_rows(data: EventFile, cameo: Cameo) -> Iterator[Event]:
    # The rows' hashes, not the rows: an import's memory must not grow with its input.
    seen: dict[tuple[str, str], int] = {}
    for path in data.paths:
        yield from _icews_file(data, path, cameo, seen)


def _icews_file(data: EventFile, path: Path, cameo: Cameo, seen: dict[tuple[str, str], int]) -> Iterator[Event]:
    name = store.display_path(path)
    lines = stream_lines(path)
    _, first = next(lines, (1, ""))
    if not first:
        raise InvalidImport([f"{name}:1: empty file — expected the ICEWS header"])
    header = tuple(clean(h) for h in first.split("\t"))
    if tuple(h.casefold() for h in header) != tuple(h.casefold() for h in ICEWS_COLUMNS):
        raise InvalidImport(
            [f"{name}:1: not an ICEWS event file — expected the 20 tab-separated columns {', '.join(ICEWS_COLUMNS)}"]
        )
    fallback = SourceRef(f"icews-file-{file_slug(path, 'icews')}", f"ICEWS event file {path.name}", "")
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{name}:{number}"
        cells = line.split("\t")
        if len(cells) != len(ICEWS_COLUMNS):
            data.reject(
                where, "column count", f"expected {len(ICEWS_COLUMNS)} tab-separated columns, found {len(cells)}"
            )
            continue
        cells = [c.strip() for c in cells]
        event_id, day, code, story = na(cells[0]), cells[1], cells[6], na(cells[11])
        problems = _problems(event_id, story, day, code, cameo)
        if problems:
            data.reject(where, problems[0][0], "; ".join(detail for _, detail in problems))
            continue
        key = (event_id, day)
        if key in seen:
            if seen[key] == hash(tuple(cells)):
                data.duplicates += 1
            else:
                data.reject(where, "repeated event", f"event {event_id} of {day} appears twice with different values")
            continue
        seen[key] = hash(tuple(cells))
        source, target = na(cells[2]), na(cells[8])
        for actor, sectors, country in ((source, cells[3], cells[4]), (target, cells[9], cells[10])):
            if actor:
                party = data.party(actor)
                party.sectors.update(_sectors(sectors))
                if na(country):
                    party.countries.add(na(country))
        sentence = na(cells[12])
        text = na(cells[5]) or cameo.codes[code].name
        quote = f"{source} — {text} — {target} (ICEWS machine coding{f', sentence {sentence}' if sentence else ''})"
        if story:
            publisher = na(cells[13]) or "unknown publisher"
            label = f"{publisher}, story {story} (coded by ICEWS)"
            cited = SourceRef(f"icews-story-{story}", label, day, na(cells[13]) and publisher, story)
        else:
            cited = SourceRef(fallback.local, fallback.label, day)
        yield (
            Event(
                where=where,
                local=f"icews-{event_id}-{day}",
                event_id=event_id,
                day=day,
                source=source,
                target=target,
                code=code,
                quote=quote,
                goldstein=cameo.codes[code].goldstein,
                cited=cited,
                place=", ".join(dict.fromkeys(p for p in (na(cells[i]) for i in (14, 15, 16, 17)) if p)),
                point=point(na(cells[19]), na(cells[18])),
            )
        )


def _problems(event_id: str, story: str, day: str, code: str, cameo: Cameo) -> list[tuple[str, str]]:
    """What is wrong with a row's identifiers, date and code, as (kind, detail) pairs."""
    problems = []
    if not _IDENTIFIER.match(event_id):
        problems.append(
            ("bad identifier", f"invalid Event ID {event_id!r} — expected letters, digits, '.', '_' or '-'")
        )
    if story and not _IDENTIFIER.match(story):
        problems.append(("bad identifier", f"invalid Story ID {story!r} — expected letters, digits, '.', '_' or '-'"))
    if not valid_day(day):
        problems.append(("bad date", f"invalid Event Date {day!r} — expected YYYY-MM-DD"))
    if not _CODE.match(code) or code not in cameo.codes:
        problems.append(
            ("unknown code", f"unknown CAMEO code {code!r} — expected a code of the CAMEO codebook such as '190'")
        )
    return problems


def _sectors(text: str) -> tuple[str, ...]:
    return tuple(s for s in (clean(p) for p in text.split(",")) if s and s != "NA")


def read_icews14(folder: Path, cameo: Cameo | None = None, year: int = 2014) -> EventFile:
    """The facts of an ICEWS14 folder (``entity2id.txt``, ``relation2id.txt`` and the
    ``train``/``valid``/``test`` splits of ``head relation tail day``), checked.

    Days count from 0, the first of January of *year*. Relation names are CAMEO event names,
    joined to the codebook by name; an unknown name is an error at its line.
    """
    cameo = cameo or load_cameo()
    splits = [folder / s for s in ICEWS14_SPLITS if (folder / s).is_file()]
    name = store.display_path(folder)
    if not splits:
        raise InvalidImport([f"{name}: no {', '.join(ICEWS14_SPLITS)} — not an ICEWS14 folder"])
    errors: list[str] = []
    entities = _id_table(folder / "entity2id.txt", errors)
    relation_names = _id_table(folder / "relation2id.txt", errors)
    codes: dict[int, CameoCode] = {}
    for number, (event_name, where) in relation_names.items():
        try:
            codes[number] = cameo.by_name(event_name)
        except KeyError:
            errors.append(f"{where}: relation {event_name!r} is no CAMEO event name of the codebook")
    if errors:
        raise InvalidImport(errors)
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    names = {number: clean(label) for number, (label, _) in entities.items()}
    rows = functools.partial(
        _icews14_rows, splits=splits, names=names, codes=codes, days=days, relations=relation_names
    )
    return EventFile.read(ICEWS14, [folder], rows)


def _icews14_rows(
    data: EventFile,
    splits: list[Path],
    names: dict[int, str],
    codes: dict[int, CameoCode],
    days: list[str],
    relations: dict[int, tuple[str, str]],
) -> Iterator[Event]:
    year = int(days[0][:4])
    seen: set[tuple[int, ...]] = set()
    for split in splits:
        split_name = store.display_path(split)
        for number, line in stream_lines(split):
            where = f"{split_name}:{number}"
            match = _FACT.match(line)
            if match is None:
                if line.strip():
                    data.reject(
                        where,
                        "column count",
                        f"expected 4 tab-separated numbers (head, relation, tail, day), found {line!r}",
                    )
                continue
            fact = head, relation, tail, day = tuple(map(int, match.groups()))
            if head not in names or tail not in names or relation not in codes or day >= len(days):
                problems = [f"unknown entity {n}" for n in (head, tail) if n not in names]
                if relation not in codes:
                    problems.append(f"unknown relation {relation}")
                if day >= len(days):
                    problems.append(f"day {day} is not in {year} (0 to {len(days) - 1})")
                data.reject(
                    where, "unknown code" if problems[0].startswith("unknown") else "bad date", "; ".join(problems)
                )
                continue
            if fact in seen:
                data.duplicates += 1
                continue
            seen.add(fact)
            source, target, text = names[head], names[tail], relations[relation][0]
            data.party(source)
            data.party(target)
            yield (
                Event(
                    where=where,
                    local=f"icews14-{head}-{relation}-{tail}-{day}",
                    event_id=f"{head}-{relation}-{tail}-{day}",
                    day=days[day],
                    source=source,
                    target=target,
                    code=codes[relation].code,
                    quote=f"{source} — {text} — {target} (ICEWS14 fact)",
                    goldstein=codes[relation].goldstein,
                    cited=ICEWS14_SOURCE,
                )
            )


def _id_table(path: Path, errors: list[str]) -> dict[int, tuple[str, str]]:
    """``name<TAB>id`` lines as {id: (name, file:line)}."""
    name = store.display_path(path)
    if not path.is_file():
        errors.append(f"{name}: missing")
        return {}
    table: dict[int, tuple[str, str]] = {}
    for number, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            continue
        label, _, number_text = line.rpartition("\t")
        where = f"{name}:{number}"
        if not label.strip() or not number_text.strip().isdigit():
            errors.append(f"{where}: expected a name, a tab and a number, found {line!r}")
        elif int(number_text) in table:
            errors.append(f"{where}: id {number_text.strip()} is used twice")
        else:
            table[int(number_text)] = (label, where)
    return table
