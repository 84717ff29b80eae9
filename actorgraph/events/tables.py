"""What the writer asks of a mapping table of ``ontology/`` (CAMEO's, and the tables of formats
without CAMEO codes, one row per code with a reason): the relation of a code (``relation``), which file says
so (``file``, named when a row maps to a relation the vocabulary lacks) and which claim property
keeps the code (``code_property``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Protocol

from actorgraph import resources
from actorgraph.events.records import csv_rows


class RelationTable(Protocol):
    """What the writer needs of a mapping table (CAMEO's, UCDP's)."""

    @property
    def file(self) -> str: ...

    @property
    def code_property(self) -> str: ...

    def relation(self, code: str) -> str | None: ...


@dataclass(frozen=True)
class CodeTable:
    """A table of ``ontology/`` whose rows map a data set's codes to relations, exactly; ``names``
    are what each code means, as the table's ``name`` column says."""

    file: str
    code_property: str
    relations: dict[str, str | None]
    names: dict[str, str]

    def relation(self, code: str) -> str | None:
        return self.relations.get(code)


@functools.cache
def load_table(file: str, code_property: str) -> CodeTable:
    """The table *file* of ``ontology/`` (columns ``code``, ``name``, ``relation``, ``why``)."""
    rows = csv_rows(resources.ontology_dir() / file)
    relations = {row["code"]: (row["relation"].strip() or None) for row in rows}
    return CodeTable(file, code_property, relations, {row["code"]: row["name"] for row in rows})
