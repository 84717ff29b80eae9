"""Importing machine-coded event data: ICEWS, the ICEWS14 benchmark, GDELT 2.0, UCDP GED, ACLED, POLECAT.

Each event (source actor, event code, target actor, day) becomes one claim whose relation comes from
the event's code through a mapping table of ``ontology/`` (CAMEO codes through
``cameo-relations.csv``; UCDP's types of violence through ``ucdp-relations.csv``; ACLED's sub-event
types through ``acled-relations.csv``; POLECAT's PLOVER events and modes through
``plover-relations.csv``), with the code, the day, the event's identifier, ``ag:origin
ag:MachineCoded`` and ``ag:dataset`` (which data set) kept on the claim, so curated and
machine-coded claims can always be told apart, and the data sets among themselves; with the place,
its coordinates and the numbers the data set gives (Goldstein, mentions, tone, deaths) as typed
values.

The package, by concern: ``records`` (the event record readers give the writer), ``cameo`` and
``tables`` (mapping tables), one reader per format (``icews``, ``gdelt``, ``ucdp``, ``acled``, ``polecat``), ``actors``
(names and classes), ``linking`` (names to the graph's actors), ``existing`` (what the graph folder
already holds, read fast), ``writer`` (the Turtle text), ``report`` and ``importer`` (the import).

Repeated events between the same actors with the same relation land on one edge of the actor
network, which sums them up (count, first and last date, mean Goldstein: ``network.aggregate``)
without dropping the individual claims.
"""

from actorgraph.events.importer import FORMATS, default_file, import_events, read_events
from actorgraph.events.report import EventImportReport

__all__ = ["FORMATS", "EventImportReport", "default_file", "import_events", "read_events"]
