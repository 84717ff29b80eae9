"""Writing graph files without ever losing what is there.

Every write goes through ``atomic_write`` (temporary file in the same folder, fsync, rename,
fsync of the folder), so a crash or a kill at any moment leaves the old file or the new one.
Writers hold ``graph_lock`` for their whole read-modify-write, so concurrent commands queue
instead of overwriting each other. Turtle is edited as text, so comments, order and layout
that people wrote by hand stay as they are.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from actorgraph.namespace import PREFIXES

LOCK_NAME = ".actorgraph.lock"
_PREFIX_LINE = re.compile(r"^\s*@prefix\s+([\w\-]*):\s*<([^>]*)>\s*\.", re.MULTILINE | re.IGNORECASE)


#: The temporary name ``atomic_write_bytes`` gives a graph file or the folder's config.
_LEFTOVER = re.compile(r"^\.[^/]+\.(ttl|trig|nt|nq|jsonld|toml)\.[A-Za-z0-9_]+\.tmp$")
#: The same for a source's text, in the folder's sources/.
_TEXT_LEFTOVER = re.compile(r"^sources/\.[^/]+\.txt\.[A-Za-z0-9_]+\.tmp$")


def atomic_write(path: Path, text: str) -> None:
    """Replace *path* with *text* (UTF-8) atomically, creating its folder if needed."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace *path* with *data* atomically: temporary file, fsync, rename, fsync the folder.

    Only a regular file (or nothing) is ever replaced. A character device or a pipe (``/dev/stdout``,
    a FIFO, also through a link) is written to as it is (a pipe waiting for its reader, as a
    shell's ``>`` does); anything else there is left alone and
    OSError raised: a folder, a socket, a block device, or a link to a file (whose target a
    rename would not update, and which may lead out of the folder).
    """
    if _is_stream(path):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    with replacement(path) as temporary:
        temporary.write_bytes(data)


@contextlib.contextmanager
def replacement(path: Path) -> Iterator[Path]:
    """A temporary file beside *path*, for text too large to hold in memory: what the block
    writes to it replaces *path* atomically at the end (fsync, rename, fsync of the folder),
    unless the block removed it (nothing to change) or raised (then it is removed).

    Only a regular file (or nothing) is ever replaced: OSError for anything else at *path*.
    """
    if _is_stream(path):
        raise OSError(errno.EINVAL, f"{path} is not a regular file")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        if not temporary.exists():
            return
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        # mkstemp makes the file private; keep the old file's mode, or the umask's for a new one.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(path.parent)


def _is_stream(path: Path) -> bool:
    """Whether *path* is a character device or a pipe; OSError if it is there but not a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISREG(mode):
        return False
    with contextlib.suppress(OSError):
        target = os.stat(path).st_mode  # through a link
        if stat.S_ISCHR(target) or stat.S_ISFIFO(target):
            return True
    what = {stat.S_IFLNK: "a symbolic link", stat.S_IFDIR: "a folder"}.get(stat.S_IFMT(mode), "not a regular file")
    raise OSError(errno.EEXIST, f"it is {what} (only a regular file is replaced)", str(path))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def graph_lock(folder: Path) -> Iterator[None]:
    """Hold the graph folder's write lock (an exclusive flock, released even on a crash)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            _remove_leftovers(folder)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _remove_leftovers(folder: Path) -> None:
    """Delete the temporary files of graph writes that were killed before their rename.

    Every write to a graph file holds this lock, so with the lock held any such file is an orphan.
    """
    for leftover in folder.glob(".*.tmp"):
        if _LEFTOVER.match(leftover.name):
            leftover.unlink(missing_ok=True)
    for leftover in folder.glob("sources/.*.tmp"):
        if _TEXT_LEFTOVER.match(leftover.relative_to(folder).as_posix()):
            leftover.unlink(missing_ok=True)


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``@prefix`` declarations of a Turtle text."""
    return {m.group(1): m.group(2) for m in _PREFIX_LINE.finditer(text)}


def prefix_lines(text: str, needed: dict[str, str]) -> str:
    """The ``@prefix`` lines *text* lacks for *needed* prefixes (each must map as needed)."""
    declared = declared_prefixes(text)
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in needed.items() if declared.get(p) != ns)


def used_prefixes(block: str) -> dict[str, str]:
    """The project prefixes a Turtle block uses."""
    return {p: ns for p, ns in PREFIXES.items() if re.search(rf"(?<![\w\-]){re.escape(p)}:", block)}


def append_turtle(path: Path, block: str) -> None:
    """Append *block* to the Turtle file *path*, declaring any project prefix it lacks.

    The caller holds the graph lock. Existing text is kept byte for byte.
    """
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = prefix_lines(old, used_prefixes(block))
    separator = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
    atomic_write(path, old + separator + missing + ("\n" if missing else "") + block)


def statement_end(text: str, start: int) -> int:
    """The index just after the ``.`` that ends the Turtle statement starting at *start*.

    Strings (short and long), IRIs and comments are skipped, so a dot inside a quote does not
    end the statement; a dot inside a prefixed name or a number does not either.
    """
    return statement_marks(text, start)[1]


def statement_marks(text: str, start: int) -> tuple[list[int], int]:
    """Where the ``;`` and ``,`` of the Turtle statement starting at *start* are (those between
    its predicate–object pairs and its objects, not inside a string, an IRI, a comment, a blank
    node's brackets or a collection), and the index just after its ending ``.``.

    >>> statement_marks('actor:X a ag:State ; skos:altLabel "a, b", "c" .', 0)
    ([19, 41], 48)
    """
    marks: list[int] = []
    depth = 0
    i, length = start, len(text)
    while i < length:
        char = text[i]
        if text.startswith('"""', i) or text.startswith("'''", i):
            close = text.find(text[i : i + 3], i + 3)
            i = length if close < 0 else close + 3
            continue
        if char in "\"'":
            i = _string_end(text, i)
            continue
        if char == "<":
            i = text.find(">", i) + 1 or length
            continue
        if char == "#":
            newline = text.find("\n", i)
            i = length if newline < 0 else newline
            continue
        if char == "." and (i + 1 == length or text[i + 1].isspace()):
            return marks, i + 1
        depth += (char in "[(") - (char in "])")
        if depth == 0 and char in ";,":
            marks.append(i)
        i += 1
    raise ValueError("statement has no end")


def _string_end(text: str, i: int) -> int:
    quote, j = text[i], i + 1
    while j < len(text) and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    return j + 1
