"""actorgraph: a knowledge graph of who backs, fights, leads and kills whom in a conflict.

Claims are RDF with a source, a verbatim quote, dates and a confidence. Start with
:func:`open`, which returns a :class:`Graph` to ask questions of::

    import actorgraph as ag
    g = ag.open()
    print(g.path("Iran", "Nasrallah"))

The names below are imported on first use, so that ``import actorgraph`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from actorgraph.actors import Actor
    from actorgraph.analysis import Balance, Blocs, EgoNetwork, Ranking, TimelineEntry
    from actorgraph.claims import ActorProfile, Claim
    from actorgraph.curation import ActorDraft, Change, ClaimDraft
    from actorgraph.display import ActorList, ClaimList, Map, Timeline
    from actorgraph.errors import ActorgraphError
    from actorgraph.graph import Graph, open
    from actorgraph.paths import ActorPath, Hop, PathReport
    from actorgraph.sparql import QueryResult
    from actorgraph.validate import ValidationReport

#: Each public name and the module that defines it.
_HOMES = {
    "open": "graph",
    "Graph": "graph",
    "ActorgraphError": "errors",
    "Actor": "actors",
    "Claim": "claims",
    "ActorProfile": "claims",
    "ActorDraft": "curation",
    "ClaimDraft": "curation",
    "Change": "curation",
    "PathReport": "paths",
    "ActorPath": "paths",
    "Hop": "paths",
    "EgoNetwork": "analysis",
    "Ranking": "analysis",
    "Blocs": "analysis",
    "Balance": "analysis",
    "TimelineEntry": "analysis",
    "QueryResult": "sparql",
    "ActorList": "display",
    "ClaimList": "display",
    "Map": "display",
    "Timeline": "display",
    "ValidationReport": "validate",
}

__all__ = [
    "Actor",
    "ActorDraft",
    "ActorList",
    "ActorPath",
    "ActorProfile",
    "ActorgraphError",
    "Balance",
    "Blocs",
    "Change",
    "Claim",
    "ClaimDraft",
    "ClaimList",
    "EgoNetwork",
    "Graph",
    "Hop",
    "Map",
    "PathReport",
    "QueryResult",
    "Ranking",
    "Timeline",
    "TimelineEntry",
    "ValidationReport",
    "__version__",
    "open",
]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'actorgraph' has no attribute {name!r}")
    return getattr(importlib.import_module(f"actorgraph.{_HOMES[name]}"), name)


def __dir__() -> list[str]:
    return sorted(__all__)
