"""Importing event data into a graph folder: read, check, link actors, write one file.

An import is all-or-nothing: every row is read and checked first (a bad CAMEO code, date or column
count is an error naming ``file:line``, and nothing is written, unless ``skip_bad`` leaves such rows
out); then the rows are read again and the Turtle text streamed to a temporary file beside the
target, renamed over it at the end, under the folder's lock: memory does not grow with the input.
Re-importing the same data gives the same file, byte for byte, and the import
reports "unchanged"; when something differs (the graph gained an actor the data names, a mapping
table changed) the file is replaced as a whole. Only a file that an event import wrote, from the
same data, is ever replaced, and never if it defines an actor that another file uses and the new
text would not.
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from rdflib import RDFS

from actorgraph import files, status, store
from actorgraph.curation import writable_folder, writing
from actorgraph.errors import InvalidImport
from actorgraph.events.acled import ACLED, load_acled_table, read_acled
from actorgraph.events.cameo import load_cameo
from actorgraph.events.existing import MARKER, GraphView, ImportFile, full_iri
from actorgraph.events.gdelt import GDELT, read_gdelt
from actorgraph.events.icews import ICEWS, ICEWS14, read_icews, read_icews14
from actorgraph.events.polecat import POLECAT, load_plover_table, read_polecat
from actorgraph.events.records import Dataset, EventFile, Progress, file_slug
from actorgraph.events.report import EventImportReport
from actorgraph.events.tables import RelationTable
from actorgraph.events.ucdp import UCDP_GED, load_ucdp_table, read_ucdp
from actorgraph.events.writer import Writer
from actorgraph.namespace import ACTOR
from actorgraph.turtle import iri_term

#: Each format: its data set, its reader (of files, or of one folder for "folder" readers), its table.
READERS: dict[str, tuple[Dataset, Callable[[list[Path]], EventFile], Callable[[], RelationTable], str]] = {
    "icews": (ICEWS, read_icews, load_cameo, "file"),
    "icews14": (ICEWS14, lambda paths: read_icews14(paths[0]), load_cameo, "folder"),
    "gdelt": (GDELT, read_gdelt, load_cameo, "file or folder"),
    "ucdp-ged": (UCDP_GED, read_ucdp, load_ucdp_table, "file"),
    "acled": (ACLED, read_acled, load_acled_table, "file"),
    "polecat": (POLECAT, read_polecat, load_plover_table, "file"),
}
FORMATS = tuple(READERS)


#: One file or folder to import, or several (read one after the other, into one import file).
Sources = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def _paths(path: Sources) -> list[Path]:
    return [Path(path)] if isinstance(path, str | os.PathLike) else [Path(p) for p in path]


def read_events(path: Sources, fmt: str) -> EventFile:
    """Read *path* as *fmt* (``icews`` for raw ICEWS files, ``icews14`` for the benchmark folder);
    several files are read one after the other, as one import."""
    paths = _paths(path)
    if fmt not in READERS:
        raise InvalidImport([f"unknown event format {fmt!r} — expected {' or '.join(FORMATS)}"])
    _, reader, _, reads = READERS[fmt]
    if not paths:
        raise InvalidImport([f"no file to import — the {fmt} format reads one or more files"])
    if reads == "folder" and len(paths) > 1:
        raise InvalidImport([f"{len(paths)} folders given — the {fmt} format reads one ICEWS14 folder"])
    for each in paths:
        if reads == "file" and not each.is_file():
            raise InvalidImport([f"{store.display_path(each)}: not a file — the {fmt} format reads event files"])
        if reads == "file or folder" and not each.exists():
            raise InvalidImport([f"{store.display_path(each)}: no such file or folder"])
        if reads == "folder" and not each.is_dir():
            raise InvalidImport(
                [f"{store.display_path(each)}: not a folder — the {fmt} format reads the ICEWS14 folder"]
            )
    return reader(paths)


def default_file(path: Sources, fmt: str) -> str:
    """The file an import of *path* writes by default: ``icews-<name>.ttl``, ``icews14-<name>.ttl``;
    for several files, the first one's name and how many follow it.

    >>> default_file("events.2018.sample.tab", "icews"), default_file("data/icews14-tkg", "icews14")
    ('icews-events-2018-sample.ttl', 'icews14-tkg.ttl')
    >>> default_file(["a.export.CSV", "b.export.CSV.zip", "c.export.CSV"], "gdelt")
    'gdelt-a-export-and-2-more.ttl'
    """
    first, *more = _paths(path)
    return f"{fmt}-{file_slug(first, fmt)}{f'-and-{len(more)}-more' if more else ''}.ttl"


def import_events(
    graph_dir: str | os.PathLike[str] | None,
    path: Sources,
    fmt: str,
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    skip_bad: bool = False,
) -> EventImportReport:
    """Import the events of *path* (a file or folder, or several files: see ``READERS``) into the
    graph folder, as one import file.

    Every row is checked first and nothing is written if one is bad (InvalidImport lists them
    all, as ``file:line: problem``). The claims, the actors the graph lacks and the sources go
    to one new Turtle file (*file*, by default ``icews-<name>.ttl`` in the folder), written
    atomically under the folder's lock. Importing the same data again is "unchanged" when the
    file would be the same, and replaces the file otherwise. *progress* is called as
    ``progress(done, total)`` while events are turned into claims. A bad row (``file:line``) stops
    the import, unless *skip_bad*: then the other rows are imported and the report counts those
    left out, by problem.
    """
    folder = writable_folder(graph_dir)
    with status.step("reading and checking every row"):
        data = read_events(path, fmt)
    if data.bad and not skip_bad:
        raise InvalidImport(data.bad)
    target = Path(file) if file else folder / default_file(path, fmt)
    if target.suffix != ".ttl":
        raise InvalidImport([f"{target}: actorgraph writes Turtle; name a .ttl file"])
    if not target.resolve().is_relative_to(folder.resolve()):
        raise InvalidImport([f"{target} is not inside the graph folder {folder}: the graph would not read it"])
    with files.graph_lock(folder):
        old_line = _first_line(target) if target.exists() else None
        if old_line is not None and not old_line.startswith(MARKER):
            raise InvalidImport(
                [f"{store.display_path(target)} exists and was not written by an event import: name a new file"]
            )
        if old_line is not None and _what(old_line) != _what(
            f"{MARKER}: {READERS[fmt][0].description} from {data.names},"
        ):
            raise InvalidImport(
                [f"{store.display_path(target)} holds another import ({_what(old_line)}): name a new file"]
            )
        graph = GraphView.load(folder, exclude=target)
        writer = Writer(data, graph, READERS[fmt][2](), progress)
        with writing(target), files.replacement(target) as written:
            with open(written, "w", encoding="utf-8", newline="") as out:
                writer.write(out)
            report = writer.report(target, dry_run)
            report.size = written.stat().st_size
            if old_line is not None and filecmp.cmp(written, target, shallow=False):
                report.status = "unchanged"
            elif old_line is not None:
                _check_dropped_actors(target, {full_iri(a.iri_term) for a in writer.new_actors}, graph)
                report.status = "replaced"
            if dry_run or report.status == "unchanged":
                written.unlink()
        if not dry_run and report.status != "unchanged":
            report.store = store.recommend_store(folder, report.triples)
        return report


def _first_line(path: Path) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.readline()


def _what(text: str) -> str:
    """What an import file holds, from its first line: "ICEWS events from events.tab"."""
    return text.split("\n", 1)[0].removeprefix(MARKER + ": ").split(", by actorgraph")[0].rstrip(",")


def _check_dropped_actors(target: Path, kept: set[str], graph: GraphView) -> None:
    """Refuse to replace *target* if it defined an actor that another file uses and the new
    text no longer defines (the name now matches another actor, say): that file would point at
    an actor with no class and no label."""
    old = ImportFile.scan(target, set(graph.vocabulary.actor_types))
    if old is not None:
        defined = {iri for iri, _, _, _ in old.actors}
    else:  # edited by hand since: read it as RDF
        parsed = store.parse_file(target)
        defined = {str(s) for s in parsed.subjects(RDFS.label, None) if str(s).startswith(str(ACTOR))}
    dropped = sorted(iri for iri in defined - kept - graph.actor_iris if iri in graph.actor_uses)
    if dropped:
        raise InvalidImport(
            [
                f"{store.display_path(target)} defines {iri_term(iri)}, which "
                f"{store.display_path(graph.actor_uses[iri])} uses, and the new import would not (the name now fits "
                "another actor): remove that file, import this one again, then import that one again"
                for iri in dropped
            ]
        )
