"""Where the vocabulary and the bundled seed graph live, in a checkout or an installed wheel.

A wheel carries ``ontology/`` and ``graph/`` inside the package (``actorgraph/_ontology`` and
``actorgraph/_graph``, mapped in setup.cfg); a checkout keeps them at the top of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

from actorgraph.errors import GraphNotFound

_PACKAGE = Path(__file__).resolve().parent
GRAPH_ENV = "ACTORGRAPH_GRAPH"


def _data_dir(packaged: str, top_level: str) -> Path:
    installed = _PACKAGE / packaged
    return installed if installed.is_dir() else _PACKAGE.parent / top_level


def ontology_dir() -> Path:
    """The folder holding the vocabulary, the SHACL shapes and the named queries."""
    return _data_dir("_ontology", "ontology")


def vocabulary_file() -> Path:
    return ontology_dir() / "actorgraph.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def bundled_graph_dir() -> Path:
    """The curated seed graph that ships with actorgraph."""
    return _data_dir("_graph", "graph")


def graph_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The graph folder to use: *path*, else ``$ACTORGRAPH_GRAPH``, else the bundled graph."""
    chosen = path or os.environ.get(GRAPH_ENV) or bundled_graph_dir()
    folder = Path(chosen).expanduser()
    if not folder.is_dir():
        raise GraphNotFound(folder)
    return folder


def cache_dir() -> Path:
    """Where projections and file digests are cached: ``$ACTORGRAPH_CACHE``, else the XDG cache."""
    chosen = os.environ.get("ACTORGRAPH_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "actorgraph"
