"""What the writer asks of a mapping table of ``ontology/`` (CAMEO's, and the tables of formats
without CAMEO codes, one row per code with a reason): the relation of a code (``relation``), which file says
so (``file``, named when a row maps to a relation the vocabulary lacks) and which claim property
keeps the code (``code_property``).
"""

from __future__ import annotations

from typing import Protocol


class RelationTable(Protocol):
    """What the writer needs of a mapping table (CAMEO's, UCDP's)."""

    @property
    def file(self) -> str: ...

    @property
    def code_property(self) -> str: ...

    def relation(self, code: str) -> str | None: ...
