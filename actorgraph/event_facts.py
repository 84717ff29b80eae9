"""What an event data set says of a machine-coded claim beyond its relation: which data set, where
(the place's name and a GeoSPARQL point), and the numbers it counts (mentions, tone, deaths).

Read with the claims (``claims.list_claims`` fills ``Claim.event``) and shown in their evidence
(``show``, ``path``); the import writes them (``actorgraph.events``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Namespace, URIRef
from rdflib.term import Node

from actorgraph import store
from actorgraph.namespace import AG

GEO = Namespace("http://www.opengis.net/ont/geosparql#")

#: The data sets, by their ``ag:dataset`` individual: the name ``--origin`` and the evidence use.
DATASETS = {AG.ICEWS: "icews", AG.GDELT: "gdelt", AG.UCDPGED: "ucdp-ged", AG.ACLED: "acled", AG.POLECAT: "polecat"}
#: The typed numbers, in the order the evidence shows them, with the words it shows them by.
FIGURES = (
    (AG.fatalities, "deaths"), (AG.fatalitiesLow, "low"), (AG.fatalitiesHigh, "high"),
    (AG.deathsSubject, "subject's side"), (AG.deathsObject, "object's side"), (AG.deathsCivilians, "civilians"),
    (AG.deathsUnknown, "unknown"), (AG.numMentions, "mentions"), (AG.numSources, "sources"),
    (AG.numArticles, "articles"), (AG.tone, "tone"),
)  # fmt: skip
PREDICATES = (AG.dataset, AG.place, GEO.hasGeometry, *(p for p, _ in FIGURES))


@dataclass(frozen=True)
class EventFacts:
    """A machine-coded claim's data set, place, point (WKT) and numbers, as (words, value)."""

    dataset: str | None = None
    place: str | None = None
    point: str | None = None
    figures: tuple[tuple[str, str], ...] = ()

    def line(self) -> str:
        """``gdelt · Jerusalem, Israel · POINT(35.2333 31.7667) · mentions 5 · tone -3.397``."""
        parts = [self.dataset or "machine-coded", self.place, self.point, *(f"{n} {v}" for n, v in self.figures)]
        return " · ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, object]:
        return {"dataset": self.dataset, "place": self.place, "point": self.point, "figures": dict(self.figures)}


def read_facts(graph: Graph, claims: Iterable[Node], everything: bool) -> dict[Node, EventFacts]:
    """The facts of *claims* that have any; *everything* reads whole columns (all claims wanted)
    rather than claim by claim."""
    wanted = set(claims)
    if everything:
        convert = store.TermConverter()
        column = {p: dict(store.scan(graph, p, convert=convert)) for p in PREDICATES}
    else:
        column = store.columns_of(graph, wanted, PREDICATES)
    geometries = {c: g for c, g in column[GEO.hasGeometry].items() if c in wanted}
    points = store.columns_of(graph, set(geometries.values()), [GEO.asWKT])[GEO.asWKT] if geometries else {}
    found: dict[Node, EventFacts] = {}
    for claim in wanted:
        figures = tuple((name, str(column[p][claim])) for p, name in FIGURES if claim in column[p])
        dataset, place, geometry = (column[p].get(claim) for p in (AG.dataset, AG.place, GEO.hasGeometry))
        if dataset is None and place is None and geometry is None and not figures:
            continue
        wkt = points.get(geometry) if geometry is not None else None
        found[claim] = EventFacts(
            DATASETS.get(dataset) if isinstance(dataset, URIRef) else None,
            str(place) if place is not None else None,
            str(wkt) if wkt is not None else None,
            figures,
        )
    return found
