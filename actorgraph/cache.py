"""The actor network (and ``info``'s summary, and the actor index) cached on disk, keyed by the
graph's content.

A cold ``actorgraph path`` on a large graph would spend its time re-reading RDF; with the cache
it loads the projection's columns instead, and maps the claims from the file without reading
them (each edge's claims are unpickled when a path shows them). The key is
``store.fingerprint``: the vocabulary's and every graph file's bytes and actorgraph's version,
so any edit, import or upgrade makes a new entry, and a checkout that only changed file times
still hits. Entries live in ``$ACTORGRAPH_CACHE`` (or ``$XDG_CACHE_HOME/actorgraph``,
``~/.cache/actorgraph``) and are written atomically.
"""

from __future__ import annotations

import contextlib
import functools
import mmap
import pickle
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from actorgraph import status
from actorgraph.files import atomic_write_bytes
from actorgraph.network import Projection
from actorgraph.resources import cache_dir
from actorgraph.store import fingerprint

if TYPE_CHECKING:
    from actorgraph.actors import ActorIndex
    from actorgraph.search import TextIndex
    from actorgraph.summary import Summary

T = TypeVar("T")

KEEP = 8  # newest entries kept; older ones are removed when a new one is written
FORMAT = 9  # bumped whenever what a Projection pickles changes
SUMMARY_FORMAT = 2  # bumped whenever what a Summary holds, or how it is counted, changes
ACTORS_FORMAT = 1  # bumped whenever what an ActorIndex pickles, or how actors are read, changes
TEXTS_FORMAT = 1  # bumped whenever what a search.TextIndex holds changes
#: An entry is this header, the pickled projection, then its out-of-band buffers (the claims).
MAGIC = b"actorgraph projection\n"
_LENGTHS = struct.Struct("<I")


def cached_projection(folder: Path, build: Callable[[], Projection], key: str | None = None,
                      refresh: bool = False) -> Projection:  # fmt: skip
    """The folder's projection from the cache, or built by *build* and cached.

    *key* names the content when the folder's files do not hold it (a graph on a SPARQL server:
    ``remote.Server.key``); *refresh* builds it again whatever the cache holds.
    """
    entry = cache_dir() / f"projection-v{FORMAT}-{key or fingerprint(folder)}.bin"
    return _cached(entry, "projection-", read_entry, entry_bytes, build, "building the actor network", refresh)


def cached_summary(
    folder: Path, build: Callable[[], Summary], key: str | None = None, refresh: bool = False
) -> Summary:
    """The folder's summary (what ``info`` shows) from the cache, or built by *build* and cached.

    At a million triples in an Oxigraph store, counting reads some 400,000 triples from disk,
    about 9 s; the cached summary is a small pickle.
    """
    from actorgraph.summary import Summary

    what = "counting the graph (its summary)"
    return cached_value(key or fingerprint(folder), f"summary-v{SUMMARY_FORMAT}", Summary, build, what, refresh)


def cached_actor_index(
    folder: Path, build: Callable[[], ActorIndex], key: str | None = None, refresh: bool = False
) -> ActorIndex:
    """The folder's actor index (every actor's names) from the cache, or built and cached.

    Resolving a name reads every actor's label, class and aliases: 1.4 s at ICEWS14's 7,000
    actors in an Oxigraph store, against milliseconds to load.
    """
    from actorgraph.actors import ActorIndex

    what = "reading the actors' names"
    return cached_value(key or fingerprint(folder), f"actors-v{ACTORS_FORMAT}", ActorIndex, build, what, refresh)


def cached_text_index(folder: Path, build: Callable[[], TextIndex]) -> TextIndex:
    """The folder's search index (sources' titles, claims' quotes, folded) from the cache, or
    built and cached: reading every quote of ICEWS14 takes seconds, loading them milliseconds."""
    from actorgraph.search import TextIndex

    return cached_value(
        fingerprint(folder), f"texts-v{TEXTS_FORMAT}", TextIndex, build, "indexing the texts for search"
    )


def cached_value(key: str, kind: str, expected: type[T], build: Callable[[], T], what: str,
                 refresh: bool = False) -> T:  # fmt: skip
    """A picklable value of the content *key* (a folder's fingerprint, or ``remote.Server.key`` for a
    graph on a SPARQL server) from the cache, or built by *build* and cached."""

    def read(entry: Path) -> T:
        value = pickle.loads(entry.read_bytes())
        if not isinstance(value, expected):
            raise TypeError(f"{entry} holds no {expected.__name__}")
        return value

    entry = cache_dir() / f"{kind}-{key}.pickle"
    dump = functools.partial(pickle.dumps, protocol=pickle.HIGHEST_PROTOCOL)
    return _cached(entry, f"{kind}-", read, dump, build, what, refresh)


#: What reading a missing, damaged or older entry raises: the entry is then built again.
_UNREADABLE = (OSError, ValueError, struct.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
               KeyError, TypeError, IndexError)  # fmt: skip


def _cached(
    entry: Path, kind: str, read: Callable[[Path], T], write: Callable[[T], bytes], build: Callable[[], T], what: str,
    refresh: bool = False,
) -> T:  # fmt: skip
    """The entry's value (unless *refresh*), or *build*'s, then cached; building is a step that
    says *what* it does."""
    if not refresh:
        with contextlib.suppress(*_UNREADABLE):
            return read(entry)
    with status.step(what):
        value = build()
    with contextlib.suppress(OSError):  # a read-only or full cache folder only costs speed
        atomic_write_bytes(entry, write(value))
        _prune(entry.parent, kind)
    return value


def entry_bytes(projection: Projection) -> bytes:
    buffers: list[pickle.PickleBuffer] = []
    state = pickle.dumps(projection, protocol=5, buffer_callback=buffers.append)
    parts = [state, *(bytes(b.raw()) for b in buffers)]
    header = MAGIC + _LENGTHS.pack(len(parts)) + b"".join(struct.pack("<Q", len(p)) for p in parts)
    return header + b"".join(parts)


def read_entry(entry: Path) -> Projection:
    """A projection from a cache entry; its claims stay in the mapped file until read."""
    with open(entry, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    if view[: len(MAGIC)] != MAGIC:
        raise ValueError(f"{entry} is not a projection")
    (count,) = _LENGTHS.unpack_from(view, len(MAGIC))
    lengths = struct.unpack_from(f"<{count}Q", view, len(MAGIC) + _LENGTHS.size)
    start = len(MAGIC) + _LENGTHS.size + 8 * count
    parts = []
    for length in lengths:
        parts.append(view[start : start + length])
        start += length
    if start != len(view):
        raise ValueError(f"{entry} is truncated")
    projection = pickle.loads(parts[0], buffers=parts[1:])
    if not isinstance(projection, Projection):
        raise TypeError(f"{entry} holds no projection")
    return projection


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
