"""Actors of event data: country names, the class a name suggests, and IRIs for new actors.

Event data gives names, not classes: ``infer_class`` reads one from the name ("Police (India)" is
a GovernmentBody) and, for ICEWS, the actor's sectors. Linking names to the graph's actors is
``linking``'s.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from actorgraph.events.records import clean, fold

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
    words = clean(name.translate(_TRANSLITERATE)).split(" ")
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
