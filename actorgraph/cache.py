"""The actor network cached on disk, keyed by the content of the graph it was built from.

A cold ``actorgraph path`` on a large graph would spend its time re-reading RDF; with the cache
it loads one pickle instead. The key is ``store.fingerprint``: the vocabulary's and every graph
file's bytes and actorgraph's version, so any edit, import or upgrade makes a new entry, and a
checkout that only changed file times still hits. Entries live in ``$ACTORGRAPH_CACHE`` (or
``$XDG_CACHE_HOME/actorgraph``, ``~/.cache/actorgraph``) and are written atomically.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

from actorgraph.files import atomic_write_bytes
from actorgraph.network import Projection
from actorgraph.store import fingerprint

KEEP = 8  # newest entries kept; older ones are removed when a new one is written
FORMAT = 4  # bumped whenever what a Projection pickles changes


def cache_dir() -> Path:
    chosen = os.environ.get("ACTORGRAPH_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "actorgraph"


def cached_projection(folder: Path, build: Callable[[], Projection]) -> Projection:
    """The folder's projection from the cache, or built by *build* and cached."""
    entry = cache_dir() / f"projection-v{FORMAT}-{fingerprint(folder)}.pickle"
    try:
        with open(entry, "rb") as handle:
            projection = pickle.load(handle)
        if isinstance(projection, Projection):
            return projection
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, KeyError, TypeError):
        pass  # missing, unreadable or from another layout: rebuild
    projection = build()
    try:
        atomic_write_bytes(entry, pickle.dumps(projection, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(entry.parent)
    except OSError:
        pass  # a read-only or full cache folder only costs speed
    return projection


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("projection-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
