"""CAMEO, the event codebook of ICEWS and GDELT, and the table that maps its codes to relations.

``ontology/cameo-codes.csv`` is the codebook (code, root, Goldstein score, name);
``ontology/cameo-relations.csv`` maps codes to the vocabulary's actor relations, one row per code
with a reason; codes nest by prefix, and an event takes the row of its longest listed prefix.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from actorgraph import resources
from actorgraph.errors import ActorgraphError
from actorgraph.events.records import csv_rows


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
    #: The table a relation comes from, and the claim property that keeps the code.
    file = "cameo-relations.csv"
    code_property = "ag:cameoCode"

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


@functools.cache
def load_cameo(folder: Path | None = None) -> Cameo:
    """The codebook and mapping table shipped in ``ontology/`` (or *folder*)."""
    folder = folder or resources.ontology_dir()
    codes = {
        row["code"]: CameoCode(row["code"], row["root"], row["goldstein"], row["name"])
        for row in csv_rows(folder / "cameo-codes.csv")
    }
    relations = {row["code"]: (row["relation"].strip() or None) for row in csv_rows(folder / "cameo-relations.csv")}
    unknown = sorted(set(relations) - set(codes))
    if unknown:
        raise ActorgraphError(f"cameo-relations.csv lists codes the codebook lacks: {', '.join(unknown)}")
    return Cameo(codes, relations)
