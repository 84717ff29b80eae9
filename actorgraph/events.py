"""Importing machine-coded event data: raw ICEWS event files and the ICEWS14 benchmark.

Each event (source actor, CAMEO code, target actor, day) becomes one claim whose relation comes
from the CAMEO code through ``ontology/cameo-relations.csv``, with the code, its Goldstein score
(``ontology/cameo-codes.csv``), the day, the event's identifier and ``ag:origin ag:MachineCoded``
kept on the claim, so curated and machine-coded claims can always be told apart.

An import is all-or-nothing and fast enough for a million triples: every row is read and checked
in Python first (a bad CAMEO code, date or column count is an error naming ``file:line``, and
nothing is written); then the Turtle text is generated directly from string templates, with
escaping done here, and written as one new file of the graph folder, atomically and under the
folder's lock. No rdflib graph is built for the new triples and no SHACL engine runs on them:
the checks below guarantee what the shapes ask of a claim (see ``tests/test_events.py``, which
validates imported excerpts with the shapes).

Re-importing the same data gives the same file, byte for byte: claim IRIs come from the event
(``claim:icews-<event id>-<date>``; ``claim:icews14-<head>-<relation>-<tail>-<day>``), actor
IRIs from names, and the text carries no timestamp. The import then reports "unchanged" and
writes nothing; when something differs (the graph gained an actor the data names, the mapping
table changed) the file is replaced as a whole, atomically. Only a file that an event import
wrote, from the same data, is ever replaced, and never if it defines an actor that another file
uses and the new text would not.

Files that an event import wrote are read back as text, not parsed: their layout is fixed and
their header counts what they hold (a file edited so that the counts no longer fit is parsed as
RDF instead), which keeps an import into a graph of a million triples at seconds, not minutes.

Actors are matched to the graph's actors by label or alias (ignoring case and accents, country
names through their usual variants: "Russian Federation" is "Russia"); the others are created,
with a class inferred from the name and, for ICEWS, the actor's sectors (``infer_class``).

Repeated events between the same actors with the same relation land on one edge of the actor
network, which sums them up (count, first and last date, mean Goldstein: ``network.aggregate``)
without dropping the individual claims.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from actorgraph import __version__, files, resources, store
from actorgraph.actors import list_actors
from actorgraph.curation import misfit, writable_folder, writing
from actorgraph.errors import ActorgraphError, InvalidImport
from actorgraph.importers import read_utf8
from actorgraph.namespace import ACTOR, AG, PREFIXES, SOURCE
from actorgraph.text import fold as _fold_text
from actorgraph.turtle import iri_term, prefixed, statement, turtle_decimal, turtle_string
from actorgraph.vocabulary import Vocabulary, local_name

FORMATS = ("icews", "icews14")
#: First line of every file an event import writes; only such files are ever replaced.
MARKER = "# actorgraph event import"
#: Admiralty rating of machine-coded claims: the coder and the story's publisher are not
#: assessed claim by claim (F), and no person has checked that the sentence says what was coded (6).
RELIABILITY, CREDIBILITY = "F", 6

ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip
ICEWS14_SPLITS = ("train.txt", "valid.txt", "test.txt")

Progress = Callable[[int, int], None]
#: ``text.fold``, remembered: an import folds the same few thousand names many times.
fold = functools.lru_cache(maxsize=65536)(_fold_text)

ICEWS14_NOTE = (
    "The ICEWS14 benchmark (García-Durán, Dumančić and Niepert, 2018): the ICEWS events of 2014 as "
    "(head, relation, tail, day) facts, without publisher or story. Copy from xiongsiheng/TEILP data/icews14/ "
    "(MIT licence); upstream terms of ICEWS (Harvard Dataverse, doi:10.7910/DVN/28075) apply."
)


# --- CAMEO: the codebook and the mapping table ------------------------------------------------


@dataclass(frozen=True)
class CameoCode:
    """One code of the CAMEO codebook; ``goldstein`` is the score as written ("-10", "3.4")."""

    code: str
    root: str
    goldstein: str
    name: str


@dataclass(frozen=True)
class Cameo:
    """The CAMEO codebook and the table that maps codes to actor relations.

    >>> cameo = load_cameo()
    >>> cameo.codes["1823"].name, cameo.codes["1823"].goldstein
    ('Kill by physical assault', '-10')
    >>> cameo.relation("1823"), cameo.relation("1822"), cameo.relation("010")
    ('killed', 'attacked', None)
    >>> cameo.by_name("CONSULT").code
    '040'
    """

    codes: dict[str, CameoCode]
    relations: dict[str, str | None]

    def relation(self, code: str) -> str | None:
        """The relation of the longest prefix of *code* that the mapping table lists."""
        for length in range(len(code), 1, -1):
            if code[:length] in self.relations:
                return self.relations[code[:length]]
        return None

    def by_name(self, name: str) -> CameoCode:
        """The code called *name*, ignoring case; an event code rather than its root category."""
        return self._names[name.strip().casefold()]

    @functools.cached_property
    def _names(self) -> dict[str, CameoCode]:
        names: dict[str, CameoCode] = {}
        for code in sorted(self.codes.values(), key=lambda c: -len(c.code)):
            names.setdefault(code.name.casefold(), code)
        return names


def _csv_rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in _lines(path) if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@functools.cache
def load_cameo(folder: Path | None = None) -> Cameo:
    """The codebook and mapping table shipped in ``ontology/`` (or *folder*)."""
    folder = folder or resources.ontology_dir()
    codes = {
        row["code"]: CameoCode(row["code"], row["root"], row["goldstein"], row["name"])
        for row in _csv_rows(folder / "cameo-codes.csv")
    }
    relations = {row["code"]: (row["relation"].strip() or None) for row in _csv_rows(folder / "cameo-relations.csv")}
    unknown = sorted(set(relations) - set(codes))
    if unknown:
        raise ActorgraphError(f"cameo-relations.csv lists codes the codebook lacks: {', '.join(unknown)}")
    return Cameo(codes, relations)


# --- Reading events ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event as read from a file, before names are matched to actors."""

    where: str
    event_id: str
    day: str
    source: str
    target: str
    code: str
    text: str
    source_sectors: tuple[str, ...] = ()
    source_country: str = ""
    target_sectors: tuple[str, ...] = ()
    target_country: str = ""
    publisher: str = ""
    story: str = ""
    sentence: str = ""
    location: str = ""


@dataclass
class EventFile:
    """The events of one import, with what identifies the data set they come from."""

    format: str
    path: Path
    events: list[Event]
    duplicates: int = 0


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^\d{2,4}$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_FACT = re.compile(r"^(\d{1,9})\t(\d{1,9})\t(\d{1,9})\t(\d{1,9})\s*$")


def _na(value: str) -> str:
    value = _clean(value)
    return "" if value in ("NA", "N/A") else value


def _clean(text: str) -> str:
    """*text* with no-break and repeated spaces as single spaces, trimmed."""
    return " ".join(text.replace("\u00a0", " ").split())


def _lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file, split at line feeds only: a field may hold U+2028 or the
    other characters ``str.splitlines`` breaks at; an encoding error names the line."""
    lines = [line.removesuffix("\r") for line in read_utf8(path).split("\n")]
    return lines[:-1] if lines[-1] == "" else lines


def _valid_day(text: str) -> bool:
    if not _DAY.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_icews(path: Path, cameo: Cameo | None = None) -> EventFile:
    """The events of a raw ICEWS file (20 tab-separated columns with a header), checked.

    Every bad row is listed (``file:line: what is wrong``) in one InvalidImport. An exact repeat
    of a row is dropped and counted; two different rows with the same event ID and date are an
    error, ICEWS event IDs being unique together with the date.
    """
    cameo = cameo or load_cameo()
    name = store.display_path(path)
    lines = _lines(path)
    if not lines:
        raise InvalidImport([f"{name}:1: empty file — expected the ICEWS header"])
    header = tuple(_clean(h) for h in lines[0].split("\t"))
    if tuple(h.casefold() for h in header) != tuple(h.casefold() for h in ICEWS_COLUMNS):
        raise InvalidImport(
            [f"{name}:1: not an ICEWS event file — expected the 20 tab-separated columns {', '.join(ICEWS_COLUMNS)}"]
        )
    events: list[Event] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], tuple[str, ...]] = {}
    duplicates = 0
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        cells = line.split("\t")
        if len(cells) != len(ICEWS_COLUMNS):
            errors.append(f"{where}: expected {len(ICEWS_COLUMNS)} tab-separated columns, found {len(cells)}")
            continue
        cells = [c.strip() for c in cells]
        problems = []
        event_id, day, code, story = _na(cells[0]), cells[1], cells[6], _na(cells[11])
        if not _IDENTIFIER.match(event_id):
            problems.append(f"invalid Event ID {event_id!r} — expected letters, digits, '.', '_' or '-'")
        if story and not _IDENTIFIER.match(story):
            problems.append(f"invalid Story ID {story!r} — expected letters, digits, '.', '_' or '-'")
        if not _valid_day(day):
            problems.append(f"invalid Event Date {day!r} — expected YYYY-MM-DD")
        if not _CODE.match(code) or code not in cameo.codes:
            problems.append(f"unknown CAMEO code {code!r} — expected a code of the CAMEO codebook such as '190'")
        if problems:
            errors.append(f"{where}: " + "; ".join(problems))
            continue
        key = (event_id, day)
        if key in seen:
            if seen[key] == tuple(cells):
                duplicates += 1
                continue
            errors.append(f"{where}: event {event_id} of {day} appears twice with different values")
            continue
        seen[key] = tuple(cells)
        place = ", ".join(dict.fromkeys(p for p in (_na(cells[i]) for i in (14, 15, 16, 17)) if p))
        latitude, longitude = _na(cells[18]), _na(cells[19])
        if latitude and longitude:
            place = f"{place} ({latitude}, {longitude})" if place else f"{latitude}, {longitude}"
        events.append(
            Event(
                where=where,
                event_id=event_id,
                day=day,
                source=_na(cells[2]),
                target=_na(cells[8]),
                code=code,
                text=_na(cells[5]) or cameo.codes[code].name,
                source_sectors=_sectors(cells[3]),
                source_country=_na(cells[4]),
                target_sectors=_sectors(cells[9]),
                target_country=_na(cells[10]),
                story=story,
                sentence=_na(cells[12]),
                publisher=_na(cells[13]),
                location=place,
            )
        )
    if errors:
        raise InvalidImport(errors)
    return EventFile("icews", path, events, duplicates)


def _sectors(text: str) -> tuple[str, ...]:
    return tuple(s for s in (_clean(p) for p in text.split(",")) if s and s != "NA")


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
    names = {number: _clean(label) for number, (label, _) in entities.items()}
    events: list[Event] = []
    seen: set[tuple[int, ...]] = set()
    duplicates = 0
    for split in splits:
        split_name = store.display_path(split)
        for number, line in enumerate(_lines(split), start=1):
            match = _FACT.match(line)
            if match is None:
                if line.strip():
                    errors.append(
                        f"{split_name}:{number}: expected 4 tab-separated numbers (head, relation, tail, day), "
                        f"found {line!r}"
                    )
                continue
            fact = head, relation, tail, day = tuple(map(int, match.groups()))
            if head not in names or tail not in names or relation not in codes or day >= len(days):
                problems = [f"unknown entity {n}" for n in (head, tail) if n not in names]
                if relation not in codes:
                    problems.append(f"unknown relation {relation}")
                if day >= len(days):
                    problems.append(f"day {day} is not in {year} (0 to {len(days) - 1})")
                errors.append(f"{split_name}:{number}: " + "; ".join(problems))
                continue
            if fact in seen:
                duplicates += 1
                continue
            seen.add(fact)
            events.append(
                Event(
                    where=f"{split_name}:{number}",
                    event_id=f"{head}-{relation}-{tail}-{day}",
                    day=days[day],
                    source=names[head],
                    target=names[tail],
                    code=codes[relation].code,
                    text=relation_names[relation][0],
                )
            )
    if errors:
        raise InvalidImport(errors)
    return EventFile("icews14", folder, events, duplicates)


def _id_table(path: Path, errors: list[str]) -> dict[int, tuple[str, str]]:
    """``name<TAB>id`` lines as {id: (name, file:line)}."""
    name = store.display_path(path)
    if not path.is_file():
        errors.append(f"{name}: missing")
        return {}
    table: dict[int, tuple[str, str]] = {}
    for number, line in enumerate(_lines(path), start=1):
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


def read_events(path: str | os.PathLike[str], fmt: str) -> EventFile:
    """Read *path* as *fmt* (``icews`` for a raw ICEWS file, ``icews14`` for the benchmark folder)."""
    path = Path(path)
    if fmt == "icews":
        if not path.is_file():
            raise InvalidImport([f"{store.display_path(path)}: not a file — the icews format reads one event file"])
        return read_icews(path)
    if fmt == "icews14":
        if not path.is_dir():
            raise InvalidImport(
                [f"{store.display_path(path)}: not a folder — the icews14 format reads the ICEWS14 folder"]
            )
        return read_icews14(path)
    raise InvalidImport([f"unknown event format {fmt!r} — expected {' or '.join(FORMATS)}"])


# --- Actors: names, classes and IRIs ----------------------------------------------------------

#: Countries as ICEWS names them, each with the other names it goes by. ICEWS codes a few
#: territories (Hong Kong, Western Sahara, the Palestinian territory) as countries; so does this.
COUNTRIES: tuple[tuple[str, ...], ...] = (
    ("Afghanistan",), ("Albania",), ("Algeria",), ("Andorra",), ("Angola",), ("Antigua and Barbuda",),
    ("Argentina",), ("Armenia",), ("Australia",), ("Austria",), ("Azerbaijan",), ("Bahamas", "The Bahamas"),
    ("Bahrain",), ("Bangladesh",), ("Barbados",), ("Belarus",), ("Belgium",), ("Belize",), ("Benin",), ("Bhutan",),
    ("Bolivia",), ("Bosnia and Herzegovina",), ("Botswana",), ("Brazil",), ("Brunei", "Brunei Darussalam"),
    ("Bulgaria",), ("Burkina Faso",), ("Burundi",), ("Cambodia",), ("Cameroon",), ("Canada",),
    ("Cape Verde", "Cabo Verde"), ("Central African Republic",), ("Chad",), ("Chile",), ("China",), ("Colombia",),
    ("Comoros",), ("Congo", "Republic of the Congo", "Congo-Brazzaville"),
    ("Democratic Republic of Congo", "Democratic Republic of the Congo", "DR Congo",
     "Congo, The Democratic Republic of the"),
    ("Costa Rica",), ("Cote d'Ivoire", "Ivory Coast"), ("Croatia",), ("Cuba",), ("Cyprus",),
    ("Czech Republic", "Czechia"), ("Denmark",), ("Djibouti",), ("Dominica",), ("Dominican Republic",),
    ("Ecuador",), ("Egypt",), ("El Salvador",), ("Equatorial Guinea",), ("Eritrea",), ("Estonia",),
    ("Ethiopia",), ("Fiji",), ("Finland",), ("France",), ("Gabon",), ("Gambia", "The Gambia"), ("Georgia",),
    ("Germany",), ("Ghana",), ("Greece",), ("Grenada",), ("Guatemala",), ("Guinea",), ("Guinea-Bissau",),
    ("Guyana",), ("Haiti",), ("Holy See", "Holy See (Vatican City State)", "Vatican", "Vatican City"),
    ("Honduras",), ("Hong Kong",), ("Hungary",), ("Iceland",), ("India",), ("Indonesia",),
    ("Iran", "Islamic Republic of Iran", "Iran, Islamic Republic of"), ("Iraq",), ("Ireland",), ("Israel",),
    ("Italy",), ("Jamaica",), ("Japan",), ("Jordan",), ("Kazakhstan",), ("Kenya",), ("Kiribati",), ("Kosovo",),
    ("Kuwait",), ("Kyrgyzstan",), ("Laos", "Lao People's Democratic Republic"), ("Latvia",), ("Lebanon",),
    ("Lesotho",), ("Liberia",), ("Libya",), ("Liechtenstein",), ("Lithuania",), ("Luxembourg",),
    ("Macedonia", "the former Yugoslav Republic of Macedonia", "North Macedonia"), ("Madagascar",),
    ("Malawi",), ("Malaysia",), ("Maldives",), ("Mali",), ("Malta",), ("Marshall Islands",), ("Mauritania",),
    ("Mauritius",), ("Mexico",), ("Micronesia",), ("Moldova", "Moldova, Republic of"), ("Monaco",),
    ("Mongolia",), ("Montenegro",), ("Morocco",), ("Mozambique",), ("Myanmar", "Burma"), ("Namibia",),
    ("Nauru",), ("Nepal",), ("Netherlands",), ("New Zealand",), ("Nicaragua",), ("Niger",), ("Nigeria",),
    ("North Korea", "Democratic People's Republic of Korea", "Korea, Democratic People's Republic of"),
    ("Norway",), ("Oman",), ("Pakistan",), ("Palau",),
    ("Occupied Palestinian Territory", "Palestinian Territory, Occupied", "Palestine", "State of Palestine"),
    ("Panama",), ("Papua New Guinea",), ("Paraguay",), ("Peru",), ("Philippines",), ("Poland",), ("Portugal",),
    ("Qatar",), ("Romania",), ("Russian Federation", "Russia"), ("Rwanda",), ("Saint Kitts and Nevis",),
    ("Saint Lucia",), ("Saint Vincent and the Grenadines",), ("Samoa",), ("San Marino",),
    ("Sao Tome and Principe",), ("Saudi Arabia",), ("Senegal",), ("Serbia",), ("Seychelles",),
    ("Sierra Leone",), ("Singapore",), ("Slovakia",), ("Slovenia",), ("Solomon Islands",), ("Somalia",),
    ("South Africa",), ("South Korea", "Republic of Korea", "Korea, Republic of"), ("South Sudan",), ("Spain",),
    ("Sri Lanka",), ("Sudan",), ("Suriname",), ("Swaziland", "Eswatini"), ("Sweden",), ("Switzerland",),
    ("Syria", "Syrian Arab Republic"), ("Taiwan",), ("Tajikistan",), ("Tanzania", "Tanzania, United Republic of"),
    ("Thailand",), ("Timor-Leste", "East Timor"), ("Togo",), ("Tonga",), ("Trinidad and Tobago",), ("Tunisia",),
    ("Turkey", "Türkiye"), ("Turkmenistan",), ("Tuvalu",), ("Uganda",), ("Ukraine",), ("United Arab Emirates",),
    ("United Kingdom", "Great Britain", "Britain"), ("United States", "United States of America"),
    ("Uruguay",), ("Uzbekistan",), ("Vanuatu",), ("Venezuela",), ("Vietnam", "Viet Nam"), ("Western Sahara",),
    ("Yemen",), ("Zambia",), ("Zimbabwe",),
)  # fmt: skip
_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {fold(n): group for group in COUNTRIES for n in group}

# Roles and names are matched on folded text (lower case, no accents). Each rule is tried in
# order; the first that matches decides the class.
_ROLE_RULES: tuple[tuple[str, str], ...] = (
    # Institutions whose names hold a word for people ("council of ministers", "authorities").
    (r"house of|council of|board of|ministry|ministery|department|secretariat|commission|authorities|affairs"
     r"|fighter bomber|aircraft", "GovernmentBody"),
    # One person, or people, described by an office or a post ("military personnel", "head of government").
    (r"personnel|member|official|officer|head of|judge|\bminister\b|lawmaker|legislator|governor|mayor|envoy"
     r"|ambassador|diplomat|president|premier|chancellor|leader|chief|director|secretary|spokes|attorney|lawyer"
     r"|prosecutor|ombudsman|commander|soldier|combatant|attacker|gunm[ae]n|assailant|employee|worker|advis|deserter"
     r"|hitman|kidnapper|\bagent|abbot|servant|inspector|observer|consul\b|monarch|nominee|\b(wo)?man\b|speaker"
     r"|intellectual|tenant|environmentalist|hunter|raider|expatriate|hacker|famil(y|ies)", "Person"),
    # Non-state fighters.
    (r"militant|insurgen|rebel|militia|terroris|guerr?il|armed|jihad|paramilit|resistance|military wing|mujahid"
     r"|fighter|\bgang|cartel|bandit|pirate|violent", "ArmedGroup"),
    # Institutions of a state.
    (r"government|govt|cabinet|military|\barmy\b|navy|naval|air force|forces|police|security|intelligence|legislat"
     r"|parliament|senate|congress|assembl|court|judiciary|justice|administration|agency|bureau|embassy|consulate"
     r"|customs|treasury|royal|municipal|state media|duma|central bank|council|civil service|troop", "GovernmentBody"),
    # People described by who they are or what they do.
    (r"citizen|civilian|criminal|\bmen\b|women|child|\bboys?\b|girl|youth|student|protest|demonstrator|activist"
     r"|dissident|journalist|reporter|editor|writer|business ?(person|man|woman)|executive|scientist|scholar"
     r"|professor|teacher|doctor|nurse|physician|medical|villager|refugee|immigrant|migrant|asylum|detainee"
     r"|prisoner|inmate|hostage|victim|thief|murderer|smuggler|trafficker|bishop|priest|clergy|cleric|\bimam"
     r"|preacher|\bmonk|\bpope\b|cardinal|settler|pilgrim|tourist|farmer|fisher|veteran|voter|\bking\b|\bqueen\b"
     r"|\bprince|sheikh|\bemir\b|suspect|defector|expert|analyst|economist|engineer|athlete|\bactors?\b|artist"
     r"|population|people|\bpublic\b|resident|inhabitant|muslim|christian|\bjews?\b|hindu|buddhist|sikh|catholic"
     r"|protestant|shia|sunni|representative|senator|candidate|politician|supporter|owner|operator|consultant"
     r"|banker|person", "Person"),
)  # fmt: skip
_ROLE_PATTERNS = tuple((re.compile(pattern), kind) for pattern, kind in _ROLE_RULES)

_ARMED_NAME = re.compile(
    r"qaeda|taliban|shabaab|boko haram|islamic state|\bisis\b|\bisil\b|hezbollah|hizb[ua]llah|\bhamas\b|houthis\b"
    r"|mujahideen|mujahedeen|lashkar|jaish|jabhat|nusra|brigades?\b|liberation army|liberation front|resistance army"
    r"|revolutionary armed forces|free syrian army|militia|guerr?illa|\brebels?\b|insurgen|cartel|abu sayyaf"
    r"|\beta\b|\bfarc\b|\beln\b|naxal|maoist|renamo|protection units|kurdistan workers|republican army|mahdi army"
    r"|forces for the liberation"
)
_GOVERNMENT_NAME = re.compile(
    r"ministry|department|police|\barmy\b|\bnavy\b|air force|armed forces|defen[cs]e forces?|military|government"
    r"|parliament|senate|assembly|\bcourt|commission|council|cabinet|agency|bureau|\boffice\b|administration"
    r"|authority|embassy|central bank|\bguards?\b|intelligence|sabha|knesset|duma|majlis|bundestag|tribunal"
    r"|security forces|secretariat|\bservice\b"
)
_ORGANIZATION_NAME = re.compile(
    r"\bpart(y|ies)\b|\bfront\b|movement|\bunion\b|association|organi[sz]ation|congress|alliance|league"
    r"|federation|coalition|committee|foundation|society|institute|university|college|school|hospital|\bbank\b"
    r"|company|corporation|\bcorp\b|\binc\b|\bltd\b|\bgroup\b|network|\bnews|\bpress\b|\btimes\b|\bpost\b"
    r"|tribune|herald|journal|radio|television|\btv\b|channel|broadcast|\bmedia\b|airlines?|airways|motors"
    r"|industries|\bfund\b|programme|\bclub\b|church|mosque|\bboard\b|nations|community|\bcent(er|re)\b"
    r"|international|\bwatch\b|amnesty|red cross|crescent|\bnato\b|forum|\bneft\b|\boil\b|\bdal\b|morcha|janata"
    r"|\bgas\b|petroleum|energy|holdings?\b|\bbrands?\b|\bplc\b|\bllc\b|conference|\bsena\b|samaj|parishad"
    r"|episcopal|communion|synod|banking|sangh|unspecified|unidentified|unknown|^un\b|united nations|^european"
    r"|^african union|^world\b"
)
#: Words that make a name a place, a region or a people rather than a person's name.
_PLACE_NAME = re.compile(
    r"^(north|south|east|west|northern|southern|eastern|western|central|upper|lower|greater|new|gulf|sub)\b"
    r"|\b(africa|america|asia|europe|middle east|caribbean|pacific|atlantic|balkans|arctic|sahel|kashmir|crimea"
    r"|kurdistan|caucasus|latin|oceania|mediterranean|sinai|gaza|darfur|tibet|xinjiang|chechnya|catalonia"
    r"|francophonie|commonwealth)\b"
    r"|\b(strip|bank|islands?|province|region|state|states|city|valley|territory|territories|republic|kingdom"
    r"|emirates?|peninsula|coast|sea|river|mountains|people|peoples|tribe|kurds|arabs|muslims|christians|jews"
    r"|uyghurs?|world)$"
)
_NAME_PARTICLES = {
    "al", "el", "bin", "ibn", "bint", "ben", "abu", "abd", "de", "da", "do", "dos", "du", "del", "della",
    "der", "den", "di", "la", "le", "van", "von", "y", "e", "ul", "ud", "ur", "ad", "of", "ole",
}  # fmt: skip
_PERSON_WORD = re.compile(r"^\"?([a-z]{1,3}-)?[a-z][a-z'\-.]*\"?$")

#: ICEWS sectors that say what a group (not a person) is.
_ARMED_SECTORS = {"insurgents", "international insurgents", "rebel", "organized violent", "unidentified forces"}
_OUTLET_SECTORS = {"news", "print news", "television news", "multinational corporation"}
_GOVERNMENT_SECTORS = {
    "government", "military", "police", "army", "navy", "air force", "marines", "army special forces",
    "military intelligence", "national / border divisions", "executive", "cabinet", "judicial",
    "legislative / parliamentary", "state media",
}  # fmt: skip


def split_role(name: str) -> tuple[str, str] | None:
    """``("Military Wing", "Hamas")`` for "Military Wing (Hamas)": the role and its parent's
    name, when the name ends in a parenthesis; the parent may hold parentheses of its own.

    >>> split_role("Priest (Holy See (Vatican City State))")
    ('Priest', 'Holy See (Vatican City State)')
    >>> split_role("Member of Legislative (Govt) (South Korea)")
    ('Member of Legislative (Govt)', 'South Korea')
    >>> split_role("Hezbollah") is None
    True
    """
    text = name.strip()
    if not text.endswith(")"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            role, parent = text[:index].strip(), text[index + 1 : -1].strip()
            return (role, parent) if role and parent else None
    return None


def is_country(name: str) -> bool:
    """Whether *name* is a country as ICEWS names them (or one of its usual variants)."""
    return fold(name) in _COUNTRY_NAMES


def country_names(name: str) -> tuple[str, ...]:
    """The names the country *name* goes by, or just *name* when it is not a country."""
    return _COUNTRY_NAMES.get(fold(name), (name,))


def looks_like_person(name: str) -> bool:
    """Whether *name* reads as a person's name: two to six capitalised words, initials or name
    particles ("al", "de", "bin"), two of them at least not particles, and no word of an armed
    group, a state institution, an organization or a place.

    >>> [looks_like_person(n) for n in ("Benjamin Netanyahu", "M.K. Stalin", "Abdel Fattah Al-Sisi")]
    [True, True, True]
    >>> [looks_like_person(n) for n in ("Hezbollah", "Lok Sabha", "Gaza Strip", "Aam Aadmi Party", "Al Jazeera")]
    [False, False, False, False, False]
    """
    words = _clean(name.translate(_TRANSLITERATE)).split(" ")
    folded = [fold(w) for w in words]
    if not 2 <= len(words) <= 6 or sum(f not in _NAME_PARTICLES for f in folded) < 2:
        return False
    for word, folded_word in zip(words, folded, strict=True):
        if folded_word in _NAME_PARTICLES:
            continue
        initial = re.sub(r"^(al|el|ad|as|an|ar|at|ash|bin|ibn|abu|d'|l')-?", "", word.lstrip('"'))[:1] or word[:1]
        if not (initial.isupper() and _PERSON_WORD.match(folded_word)):
            return False
    text = " ".join(folded)
    return not any(p.search(text) for p in (_ARMED_NAME, _GOVERNMENT_NAME, _ORGANIZATION_NAME, _PLACE_NAME))


def infer_class(name: str, sectors: Iterable[str] = (), countries: Iterable[str] = ()) -> tuple[str, str]:
    """The actor class for an ICEWS actor name, and why: ``(class, reason)``.

    In order: a country (as ICEWS names them, or the actor's own ICEWS country) is a State; a
    role with its parent in parentheses, "Police (India)", takes the class of its role (offices
    and posts and people described, "Citizen (India)", are Persons; forces and ministries
    GovernmentBodies; militants and rebels ArmedGroups); a known armed group's name or one with
    a word for fighters is an ArmedGroup; a name with the word of a state institution is a
    GovernmentBody; an organization's name (party, union, news agency...) takes the class its
    ICEWS sectors say, or Organization; a person's name (see ``looks_like_person``) is a Person
    whatever the sectors, which in ICEWS describe a person's affiliations; any other name (one
    word, an acronym, a region, a people) takes the class its sectors say, or Organization.
    Sectors: Insurgents, Rebel, Organized Violent make an ArmedGroup; news outlets and
    corporations an Organization; Government, Military, Police, Executive, Legislative,
    Judicial or a ministry a GovernmentBody.

    >>> infer_class("Police (India)")[0], infer_class("Citizen (India)")[0], infer_class("Militant (Taliban)")[0]
    ('GovernmentBody', 'Person', 'ArmedGroup')
    >>> infer_class("Iran")[0], infer_class("Al Qaeda")[0], infer_class("Pdea", ["Government", "Drugs Ministry"])[0]
    ('State', 'ArmedGroup', 'GovernmentBody')
    >>> infer_class("Donald Trump", ["Government", "Executive Office"])
    ('Person', "a person's name")
    """
    folded_sectors = {fold(s) for s in sectors}
    if is_country(name) or fold(name) in {fold(c) for c in countries if c}:
        return "State", "a country's name"
    role = split_role(name)
    if role:
        folded = fold(role[0])
        for pattern, kind in _ROLE_PATTERNS:
            if pattern.search(folded):
                return kind, f"the role {role[0]!r}"
        by_sector = _class_from_sectors(folded_sectors)
        if by_sector:
            return by_sector, f"the role {role[0]!r} and its ICEWS sectors"
        return "Organization", f"the role {role[0]!r} (a group)"
    folded = fold(name)
    if _ARMED_NAME.search(folded):
        return "ArmedGroup", "an armed group's name"
    if _GOVERNMENT_NAME.search(folded) and not _ORGANIZATION_NAME.search(folded):
        return "GovernmentBody", "a state institution's name"
    if _ORGANIZATION_NAME.search(folded) or _GOVERNMENT_NAME.search(folded):
        by_sector = _class_from_sectors(folded_sectors)
        if by_sector:
            return by_sector, "an organization's name and its ICEWS sectors"
        return "Organization", "an organization's name"
    if looks_like_person(name) and not folded_sectors & _OUTLET_SECTORS:
        return "Person", "a person's name"
    by_sector = _class_from_sectors(folded_sectors)
    if by_sector:
        return by_sector, "its ICEWS sectors"
    return "Organization", "no sign of another class"


def _class_from_sectors(sectors: set[str]) -> str | None:
    if sectors & _ARMED_SECTORS:
        return "ArmedGroup"
    if sectors & _OUTLET_SECTORS:
        return "Organization"
    if sectors & _GOVERNMENT_SECTORS or any(s.endswith("ministry") for s in sectors):
        return "GovernmentBody"
    return None


_TRANSLITERATE = str.maketrans(
    {**dict(zip("øØłŁđĐıðÐ", "oOlLdDidD", strict=True)), "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"}
    | {"þ": "th", "Þ": "Th", "&": " and "}
)


def actor_slug(name: str) -> str:
    """The local name of a new actor's IRI: the name in ASCII letters, digits and underscores,
    as the curated actors have them (``actor:Hassan_Nasrallah``).

    >>> actor_slug("Police (Israel)"), actor_slug("Børge Brende"), actor_slug("Lawyer/Attorney (Côte d'Ivoire)")
    ('Police_Israel', 'Borge_Brende', 'Lawyer_Attorney_Cote_d_Ivoire')
    """
    ascii_name = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_")


# --- Importing --------------------------------------------------------------------------------


@dataclass
class EventImportReport:
    """What an event import did (or, in a dry run, would do)."""

    format: str
    path: Path
    target: Path
    dry_run: bool = False
    status: str = "added"
    events: int = 0
    duplicates: int = 0
    claims: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unmapped_codes: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    broadened: Counter[str] = field(default_factory=Counter)
    actors_matched: int = 0
    actors_created: Counter[str] = field(default_factory=Counter)
    sources_created: int = 0
    triples: int = 0
    size: int = 0
    store: str | None = None

    def summary(self) -> str:
        where = store.display_path(self.target)
        verbs = {
            "added": ("would write", "wrote"),
            "replaced": ("would replace", "replaced"),
            "unchanged": ("unchanged:", "unchanged:"),
        }
        verb = verbs[self.status][0 if self.dry_run else 1]
        same = " — the same import is already there" if self.status == "unchanged" else ""
        created = ", ".join(f"{n} {kind}" for kind, n in self.actors_created.most_common())
        lines = [
            f"{verb} {where}: {self.claims} machine-coded claims from {self.events} events "
            f"({sum(self.skipped.values())} skipped), {self.triples} triples{same}",
            f"  actors: {self.actors_matched} matched to the graph's, {sum(self.actors_created.values())} new"
            + (f" ({created})" if created else ""),
            f"  sources: {self.sources_created} new",
        ]
        if self.store:
            lines.append(
                f"  store: {self.store} (recorded in actorgraph.toml, so plain commands on the folder stay fast)"
            )
        reasons = {
            "missing actor": "source or target actor missing (NA)",
            "same actor": "source and target are the same actor",
            "no relation": "CAMEO code maps to no actor relation",
        }
        for reason, count in self.skipped.most_common():
            lines.append(f"  skipped {count}: {reasons.get(reason, reason)}")
            if reason == "no relation":
                codes = ", ".join(f"{c} ({n})" for c, n in sorted(self.unmapped_codes.items()))
                lines.append(f"    codes: {codes}")
        if self.duplicates:
            lines.append(f"  dropped {self.duplicates} repeated rows")
        if self.relations:
            lines.append("  relations: " + ", ".join(f"{r} {n}" for r, n in self.relations.most_common()))
        for change, count in sorted(self.broadened.items()):
            lines.append(f"  {count} claims of {change} (the object's class does not fit the narrower relation)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "path": str(self.path),
            "target": str(self.target),
            "dry_run": self.dry_run,
            "status": self.status,
            "events": self.events,
            "duplicates": self.duplicates,
            "claims": self.claims,
            "skipped": dict(self.skipped),
            "unmapped_codes": dict(self.unmapped_codes),
            "relations": dict(self.relations),
            "broadened": dict(self.broadened),
            "actors_matched": self.actors_matched,
            "actors_created": dict(self.actors_created),
            "sources_created": self.sources_created,
            "triples": self.triples,
            "size": self.size,
        }


def default_file(path: str | os.PathLike[str], fmt: str) -> str:
    """The file an import of *path* writes by default: ``icews-<name>.ttl``, ``icews14-<name>.ttl``.

    >>> default_file("events.2018.sample.tab", "icews"), default_file("data/icews14-tkg", "icews14")
    ('icews-events-2018-sample.ttl', 'icews14-tkg.ttl')
    """
    path = Path(path)
    stem = path.name if path.suffix == "" or fmt == "icews14" else path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-") or "events"
    return f"{slug}.ttl" if slug.startswith(f"{fmt}-") else f"{fmt}-{slug}.ttl"


def import_events(
    graph_dir: str | os.PathLike[str] | None,
    path: str | os.PathLike[str],
    fmt: str,
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> EventImportReport:
    """Import the events of *path* (``fmt`` ``icews`` or ``icews14``) into the graph folder.

    Every row is checked first and nothing is written if one is bad (InvalidImport lists them
    all, as ``file:line: problem``). The claims, the actors the graph lacks and the sources go
    to one new Turtle file (*file*, by default ``icews-<name>.ttl`` in the folder), written
    atomically under the folder's lock. Importing the same data again is "unchanged" when the
    file would be the same, and replaces the file otherwise. *progress* is called as
    ``progress(done, total)`` while events are turned into claims.
    """
    folder = writable_folder(graph_dir)
    data = read_events(path, fmt)
    target = Path(file) if file else folder / default_file(path, fmt)
    if target.suffix != ".ttl":
        raise InvalidImport([f"{target}: actorgraph writes Turtle; name a .ttl file"])
    if not target.resolve().is_relative_to(folder.resolve()):
        raise InvalidImport([f"{target} is not inside the graph folder {folder}: the graph would not read it"])
    with files.graph_lock(folder):
        old_text = target.read_text(encoding="utf-8") if target.exists() else None
        if old_text is not None and not old_text.startswith(MARKER):
            raise InvalidImport(
                [f"{store.display_path(target)} exists and was not written by an event import: name a new file"]
            )
        if old_text is not None and _what(old_text) != _what(f"{MARKER}: {_DESCRIPTION[fmt]} from {Path(path).name},"):
            raise InvalidImport(
                [f"{store.display_path(target)} holds another import ({_what(old_text)}): name a new file"]
            )
        graph = _GraphView.load(folder, exclude=target)
        writer = _Writer(data, graph, load_cameo(), progress)
        text = writer.turtle()
        report = writer.report(target, dry_run)
        if old_text is not None:
            _check_dropped_actors(target, old_text, {_full_iri(a.iri_term) for a in writer.new_actors}, graph)
        report.size = len(text.encode("utf-8"))
        if old_text == text:
            report.status = "unchanged"
        elif old_text is not None:
            report.status = "replaced"
        if not dry_run and report.status != "unchanged":
            with writing(target):
                files.atomic_write(target, text)
            report.store = store.recommend_store(folder, report.triples)
        return report


_DESCRIPTION = {"icews": "ICEWS events", "icews14": "ICEWS14 benchmark facts"}


def _what(text: str) -> str:
    """What an import file holds, from its first line: "ICEWS events from events.tab"."""
    return text.split("\n", 1)[0].removeprefix(MARKER + ": ").split(", by actorgraph")[0].rstrip(",")


def _check_dropped_actors(target: Path, old_text: str, kept: set[str], graph: _GraphView) -> None:
    """Refuse to replace *target* if it defined an actor that another file uses and the new
    text no longer defines (the name now matches another actor, say): that file would point at
    an actor with no class and no label."""
    old = _ImportFile.scan(target, set(graph.vocabulary.actor_types))
    if old is not None:
        defined = {iri for iri, _, _, _ in old.actors}
    else:  # edited by hand since: read it as RDF
        parsed = store.parse_file(target, data=old_text)
        defined = {str(s) for s in parsed.subjects(RDFS.label, None) if str(s).startswith(str(ACTOR))}
    dropped = sorted(iri for iri in defined - kept - graph.actor_iris if iri in graph.actor_uses)
    if dropped:
        raise InvalidImport(
            [
                f"{store.display_path(target)} defines {iri_term(iri)}, which "
                f"{store.display_path(graph.actor_uses[iri])} uses, and the new import would not (the name now fits "
                "another actor): remove that file, import this one again, then import that one again"
                for iri in dropped
            ]
        )


@dataclass
class _GraphView:
    """What an import needs to know of the graph: its actors, IRIs, claims and sources, and the
    vocabulary, read from every file but the one the import (re)writes."""

    vocabulary: Vocabulary
    by_name: dict[str, list[tuple[URIRef, str, bool]]]
    actor_iris: set[str]  # actors other files define (a class or a label)
    actor_uses: dict[str, Path]  # IRIs of the actor namespace other files mention, and one file of each
    claims: dict[str, Path]
    sources: set[str]

    @classmethod
    def load(cls, folder: Path, exclude: Path) -> _GraphView:
        """Files an event import wrote are scanned as text (they have a fixed layout, and a
        million triples take minutes to parse with rdflib); every other file is parsed."""
        dataset = store.new_dataset()
        store.parse_file(resources.vocabulary_file(), dataset.graph(store.VOCABULARY_GRAPH))
        vocabulary = Vocabulary.from_graph(dataset)
        claims: dict[str, Path] = {}
        scanned: list[_ImportFile] = []
        for path in store.graph_files(folder):
            if path.resolve() == exclude.resolve():
                continue
            known = _ImportFile.scan(path, set(vocabulary.actor_types))
            if known is not None:
                scanned.append(known)
                for claim in known.claims:
                    claims.setdefault(claim, path)
                continue
            graph = store.parse_file(path, dataset.graph(store.graph_name(folder, path)))
            for node in graph.subjects(RDF.type, AG.Claim):
                claims.setdefault(str(node), path)
        actors = [(a.iri, a.type, a.names) for a in list_actors(dataset, vocabulary=vocabulary)]
        for known in scanned:
            for iri, kind, label, aliases in known.actors:
                more = tuple(str(n) for n in dataset.objects(URIRef(iri), SKOS.altLabel))  # added by hand elsewhere
                actors.append((URIRef(iri), kind, (label, *aliases, *more)))
        by_name: dict[str, list[tuple[URIRef, str, bool]]] = {}
        for iri, kind, names in actors:
            for number, name in enumerate(names):
                entries = by_name.setdefault(fold(name), [])
                if all(known_iri != iri for known_iri, _, _ in entries):
                    entries.append((iri, kind, number == 0))
        namespace = str(ACTOR)
        actor_iris = {
            str(s)
            for predicate in (RDF.type, RDFS.label)
            for s in dataset.subjects(predicate, None)
            if str(s).startswith(namespace)
        }
        actor_uses: dict[str, Path] = {}
        for graph in store.data_graphs(dataset):
            path = store.graph_file(folder, graph.identifier)
            for triple in graph:
                for node in triple:
                    if isinstance(node, URIRef) and str(node).startswith(namespace):
                        actor_uses.setdefault(str(node), path)
        sources = {str(s) for s in dataset.subjects(RDF.type, AG.Source)}
        for known in scanned:
            actor_iris.update(iri for iri, _, _, _ in known.actors)
            for iri in known.uses:
                actor_uses.setdefault(iri, known.path)
            sources.update(known.sources)
        return cls(vocabulary, by_name, actor_iris, actor_uses, claims, sources)

    def match(self, names: Iterable[str]) -> tuple[URIRef, str] | str | None:
        """The one actor called by one of *names* (label first, then alias); a message when
        several are; None when none is."""
        for name in names:
            entries = self.by_name.get(fold(name), [])
            if len(entries) > 1:
                labelled = [e for e in entries if e[2]]
                entries = labelled if len(labelled) == 1 else entries
            if len(entries) == 1:
                return entries[0][0], entries[0][1]
            if entries:
                found = ", ".join(local_name(e[0]) for e in entries)
                return f"the name {name!r} fits several actors of the graph ({found})"
        return None


_TURTLE_STRING = r'"(?:[^"\\\n]|\\.)*"'
_SUBJECT = r"(?:[a-z]+:[A-Za-z0-9_][A-Za-z0-9_.\-]*|<[^<>\s]*>)"
_SCAN_ACTOR = re.compile(
    rf"^({_SUBJECT}) a ag:(?!Source ;|Claim ;)(\w+) ;\n    rdfs:label ({_TURTLE_STRING}) ;\n"
    rf"((?:    skos:altLabel {_TURTLE_STRING} ;\n)*)",
    re.MULTILINE,
)
_ACTOR_TERM = re.compile(r"(?<![\w:])actor:([A-Za-z0-9_][A-Za-z0-9_.\-]*[A-Za-z0-9_\-]|[A-Za-z0-9_])")
_SCAN_TYPED = re.compile(rf"^({_SUBJECT}) a ag:(Claim|Source) ;$", re.MULTILINE)
_SCAN_COUNTS = re.compile(r"^# (\d+) events read, (\d+) claims, (\d+) new actors, (\d+) new sources[;.]", re.MULTILINE)
_UNESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    """The value of a Turtle string or IRI as written by this module."""
    return _UNESCAPE.sub(
        lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) > 1 else _UNESCAPED[m.group(1)], text
    )


def _full_iri(term: str) -> str:
    if term.startswith("<"):
        return _unescape(term[1:-1])
    prefix, _, local = term.partition(":")
    return PREFIXES[prefix] + local


@dataclass
class _ImportFile:
    """The actors, claims and sources of a file an event import wrote, read from its text."""

    path: Path
    actors: list[tuple[str, str, str, tuple[str, ...]]]
    claims: list[str]
    sources: list[str]
    uses: set[str]

    @classmethod
    def scan(cls, path: Path, actor_types: set[str]) -> _ImportFile | None:
        """None unless *path* is an import file whose text holds exactly what its header counts
        (anything else, say a file edited by hand, is parsed as RDF instead)."""
        if path.suffix != ".ttl":
            return None
        with open(path, encoding="utf-8") as handle:
            if not handle.readline().startswith(MARKER):
                return None
            text = handle.read()
        counts = _SCAN_COUNTS.search(text, 0, 2000)
        if counts is None:
            return None
        actors = []
        for match in _SCAN_ACTOR.finditer(text):
            if match.group(2) not in actor_types:
                return None
            aliases = tuple(_unescape(a[1:-1]) for a in re.findall(_TURTLE_STRING, match.group(4)))
            actors.append((_full_iri(match.group(1)), match.group(2), _unescape(match.group(3)[1:-1]), aliases))
        typed: dict[str, list[str]] = {"Claim": [], "Source": []}
        for match in _SCAN_TYPED.finditer(text):
            typed[match.group(2)].append(_full_iri(match.group(1)))
        expected = [int(counts.group(n)) for n in (2, 3, 4)]
        if [len(typed["Claim"]), len(actors), len(typed["Source"])] != expected:
            return None
        uses = {PREFIXES["actor"] + local for local in _ACTOR_TERM.findall(text)}
        return cls(path, actors, typed["Claim"], typed["Source"], uses)


@dataclass
class _NewActor:
    iri_term: str
    label: str
    type: str
    reason: str
    aliases: tuple[str, ...]


class _Writer:
    """Turns checked events into the Turtle text of one import file."""

    def __init__(self, data: EventFile, graph: _GraphView, cameo: Cameo, progress: Progress | None) -> None:
        self.data = data
        self.graph = graph
        self.cameo = cameo
        self.progress = progress
        self.counts = EventImportReport(data.format, data.path, data.path, events=len(data.events))
        self.counts.duplicates = data.duplicates
        self.actor_terms: dict[str, tuple[str, str]] = {}
        self.new_actors: list[_NewActor] = []
        self.used_slugs: set[str] = set()
        self.triples = 0
        self._relations: dict[tuple[str, str, str], tuple[str | None, str | None]] = {}

    # Actors ---------------------------------------------------------------------------------

    def _resolve_actors(self) -> None:
        """Match or create every actor the events name, in the order they first appear."""
        sectors: dict[str, set[str]] = {}
        countries: dict[str, set[str]] = {}
        order: dict[str, None] = {}
        for event in self.data.events:
            for name, its_sectors, country in (
                (event.source, event.source_sectors, event.source_country),
                (event.target, event.target_sectors, event.target_country),
            ):
                if name:
                    order.setdefault(name)
                    sectors.setdefault(name, set()).update(its_sectors)
                    if country:
                        countries.setdefault(name, set()).add(country)
        errors = []
        created: dict[str, str] = {}  # folded name of a new actor -> its ICEWS name
        for name in order:
            names = country_names(name)
            found = self.graph.match(names)
            if isinstance(found, str):
                errors.append(found)
                continue
            if found is not None:
                self.actor_terms[name] = (iri_term(str(found[0])), found[1])
                self.counts.actors_matched += 1
                continue
            twin = next((created[fold(n)] for n in names if fold(n) in created), None)
            if twin is not None:  # "Russia" after "Russian Federation": the same new actor
                self.actor_terms[name] = self.actor_terms[twin]
                continue
            kind, reason = infer_class(name, sorted(sectors.get(name, ())), sorted(countries.get(name, ())))
            term = prefixed("actor", self._slug(name))
            aliases = tuple(n for n in names if fold(n) != fold(name))
            self.new_actors.append(_NewActor(term, name, kind, reason, aliases))
            self.actor_terms[name] = (term, kind)
            for alias in names:
                created[fold(alias)] = name
            self.counts.actors_created[kind] += 1
        if errors:
            raise InvalidImport(sorted(set(errors)))

    def _slug(self, name: str) -> str:
        base = actor_slug(name) or "actor"
        slug, number = base, 1
        while slug.casefold() in self.used_slugs or str(ACTOR) + slug in self.graph.actor_iris:
            number += 1
            slug = f"{base}_{number}"
        self.used_slugs.add(slug.casefold())
        return slug

    # Relations -------------------------------------------------------------------------------

    def _relation(self, code: str, subject_type: str, object_type: str) -> str | None:
        key = (code, subject_type, object_type)
        if key not in self._relations:
            self._relations[key] = self._choose_relation(code, subject_type, object_type)
        relation, broadened = self._relations[key]
        if broadened:
            self.counts.broadened[broadened] += 1
        return relation

    def _choose_relation(self, code: str, subject_type: str, object_type: str) -> tuple[str | None, str | None]:
        relation = self.cameo.relation(code)
        if relation is None:
            return None, None
        if relation not in self.graph.vocabulary.relations:
            raise ActorgraphError(f"cameo-relations.csv maps {code} to {relation!r}, which is not in the vocabulary")
        for candidate in [relation, *self.graph.vocabulary.ancestors(relation)]:
            if misfit(self.graph.vocabulary, candidate, subject_type, object_type) is None:
                return candidate, (f"{relation} written as {candidate}" if candidate != relation else None)
        return None, None

    # Text ------------------------------------------------------------------------------------

    def turtle(self) -> str:
        self._resolve_actors()
        claims = self._claims()
        head = self._header()
        parts = [head, self._prefixes(), *self._sources_text(), *self._actors_text(), _section("Claims"), *claims]
        return "\n".join(parts)

    def _claims(self) -> list[str]:
        blocks: list[str] = []
        asserted: set[str] = set()
        self.sources: dict[str, tuple[str, str, str, str]] = {}
        total, step = len(self.data.events), max(1, len(self.data.events) // 200)
        if self.progress:
            self.progress(0, total)
        fmt = self.data.format
        goldstein = {code.code: turtle_decimal(code.goldstein) for code in self.cameo.codes.values()}
        conflicts: list[str] = []
        for done, event in enumerate(self.data.events, start=1):
            if self.progress and (done % step == 0 or done == total):
                self.progress(done, total)
            if not event.source or not event.target:
                self.counts.skipped["missing actor"] += 1
                continue
            (subject, subject_type), (obj, object_type) = self.actor_terms[event.source], self.actor_terms[event.target]
            if subject == obj:
                self.counts.skipped["same actor"] += 1
                continue
            relation = self._relation(event.code, subject_type, object_type)
            if relation is None:
                self.counts.skipped["no relation"] += 1
                self.counts.unmapped_codes[event.code] += 1
                continue
            local = f"icews-{event.event_id}-{event.day}" if fmt == "icews" else f"icews14-{event.event_id}"
            elsewhere = self.graph.claims.get(PREFIXES["claim"] + local)
            if elsewhere is not None:
                conflicts.append(
                    f"{event.where}: claim:{local} is already in {store.display_path(elsewhere)} — to import "
                    "this data again, name that file (`file`)"
                )
                continue
            self.counts.relations[relation] += 1
            predicate = f"ag:{relation}"
            triple = f"{subject} {predicate} {obj} .\n"
            if triple in asserted:
                triple = ""
            else:
                asserted.add(triple)
                self.triples += 1
            source = self._source(event)
            claim = prefixed("claim", local)
            if fmt == "icews":
                sentence = f", sentence {event.sentence}" if event.sentence else ""
                quote = f"{event.source} — {event.text} — {event.target} (ICEWS machine coding{sentence})"
            else:
                quote = f"{event.source} — {event.text} — {event.target} (ICEWS14 fact)"
            comment = ""
            if event.location:
                comment = f"    rdfs:comment {turtle_string('Location as coded by ICEWS: ' + event.location)} ;\n"
                self.triples += 1
            blocks.append(
                f"{triple}{claim} a ag:Claim ;\n"
                f"    rdf:subject {subject} ; rdf:predicate {predicate} ; rdf:object {obj} ;\n"
                f"    ag:quote {turtle_string(quote)} ;\n"
                f'    ag:date "{event.day}"^^xsd:date ;\n'
                f'    ag:cameoCode "{event.code}" ; ag:goldstein {goldstein[event.code]} ; '
                f"ag:eventId {turtle_string(event.event_id)} ;\n"
                "    ag:origin ag:MachineCoded ;\n"
                f"{comment}"
                f'    ag:source {source} ; ag:reliability "{RELIABILITY}" ; ag:credibility {CREDIBILITY} .\n'
            )
            self.triples += 13
            self.counts.claims += 1
        if conflicts:
            raise InvalidImport(conflicts[:20] + ([f"… and {len(conflicts) - 20} more"] if len(conflicts) > 20 else []))
        return blocks

    def _source(self, event: Event) -> str:
        """The source a claim cites: its news story (ICEWS), or the data set (ICEWS14, or an
        ICEWS row without a story)."""
        if self.data.format == "icews" and event.story:
            local = f"icews-story-{event.story}"
            publisher = event.publisher or "unknown publisher"
            label = f"{publisher}, story {event.story} (coded by ICEWS)"
            identifier = event.story
        elif self.data.format == "icews":
            local = f"icews-file-{default_file(self.data.path, 'icews').removeprefix('icews-').removesuffix('.ttl')}"
            label, publisher, identifier = f"ICEWS event file {self.data.path.name}", "", ""
        else:
            local, label, publisher, identifier = "icews14", "ICEWS14 temporal knowledge-graph benchmark", "", ""
        term = prefixed("source", local)
        if term not in self.sources and str(SOURCE) + local not in self.graph.sources:
            self.sources[term] = (label, publisher, identifier, event.day)
        return term

    def _statement(self, subject: str, pairs: list[tuple[str, str]]) -> str:
        """One Turtle statement in the curated files' layout; counts its triples."""
        self.triples += len(pairs)
        return statement(subject, pairs)

    def _sources_text(self) -> list[str]:
        if not self.sources:
            return []
        blocks = [_section("Sources")]
        for term, (label, publisher, identifier, day) in self.sources.items():
            pairs = [("a", "ag:Source"), ("rdfs:label", turtle_string(label))]
            if publisher:
                pairs.append(("dcterms:publisher", turtle_string(publisher)))
            if identifier:
                pairs.append(("dcterms:identifier", turtle_string(identifier)))
            if term == "source:icews14":
                pairs.append(("rdfs:comment", turtle_string(ICEWS14_NOTE)))
                pairs.append(("dcterms:date", '"2018"^^xsd:gYear'))
            else:
                pairs.append(("dcterms:date", f'"{day}"^^xsd:date'))
            blocks.append(self._statement(term, pairs))
        self.counts.sources_created = len(self.sources)
        return blocks

    def _actors_text(self) -> list[str]:
        if not self.new_actors:
            return []
        what = "ICEWS14" if self.data.format == "icews14" else "ICEWS"
        blocks = [_section("Actors the graph did not have")]
        for actor in self.new_actors:
            pairs = [("a", f"ag:{actor.type}"), ("rdfs:label", turtle_string(actor.label))]
            pairs += [("skos:altLabel", turtle_string(alias)) for alias in actor.aliases]
            note = f"Created by the {what} import; class {actor.type} inferred from {actor.reason}."
            pairs.append(("rdfs:comment", turtle_string(note)))
            blocks.append(self._statement(actor.iri_term, pairs))
        return blocks

    def _header(self) -> str:
        what = _DESCRIPTION[self.data.format]
        skipped = ", ".join(f"{n} {r}" for r, n in sorted(self.counts.skipped.items())) or "none"
        return (
            f"{MARKER}: {what} from {self.data.path.name}, by actorgraph {__version__}.\n"
            f"# Importing the same data again replaces this file as a whole: do not edit it by hand.\n"
            f"# {self.counts.events} events read, {self.counts.claims} claims, {len(self.new_actors)} new actors, "
            f"{len(self.sources)} new sources; skipped: {skipped}.\n"
            "# Every claim is machine-coded (ag:origin ag:MachineCoded): its ag:quote is ICEWS's coding of a news\n"
            "# sentence (source actor — CAMEO event — target actor), not words of the source. Its relation comes\n"
            "# from the CAMEO code through ontology/cameo-relations.csv; ag:goldstein is the code's score in the\n"
            "# CAMEO codebook. Confidence F6: no one has judged the publisher nor checked the coding.\n"
        )

    def _prefixes(self) -> str:
        used = ("ag", "actor", "claim", "source", "rdf", "rdfs", "skos", "dcterms", "xsd")
        width = max(len(p) for p in used) + 1
        return "".join(f"@prefix {(p + ':').ljust(width)} <{PREFIXES[p]}> .\n" for p in used)

    def report(self, target: Path, dry_run: bool) -> EventImportReport:
        self.counts.target = target
        self.counts.dry_run = dry_run
        self.counts.triples = self.triples
        return self.counts


def _section(title: str) -> str:
    return f"# --- {title} " + "-" * (92 - len(title)) + "\n"
