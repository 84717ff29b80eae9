"""Importing event data into a graph folder: read, check, link actors, write one file.

An import is all-or-nothing: every row is read and checked first (a bad CAMEO code, date or column
count is an error naming ``file:line``, and nothing is written, unless ``skip_bad`` leaves such rows
out); then the Turtle text is written as one new file of the graph folder, atomically and under the
folder's lock. Re-importing the same data gives the same file, byte for byte, and the import
reports "unchanged"; when something differs (the graph gained an actor the data names, a mapping
table changed) the file is replaced as a whole. Only a file that an event import wrote, from the
same data, is ever replaced, and never if it defines an actor that another file uses and the new
text would not.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rdflib import RDFS

from actorgraph import files, store
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

#: Each format: its data set, its reader (of a file, or a folder for "folder" readers), its table.
READERS: dict[str, tuple[Dataset, Callable[[Path], EventFile], Callable[[], RelationTable], str]] = {
    "icews": (ICEWS, read_icews, load_cameo, "file"),
    "icews14": (ICEWS14, read_icews14, load_cameo, "folder"),
    "gdelt": (GDELT, read_gdelt, load_cameo, "file or folder"),
    "ucdp-ged": (UCDP_GED, read_ucdp, load_ucdp_table, "file"),
    "acled": (ACLED, read_acled, load_acled_table, "file"),
    "polecat": (POLECAT, read_polecat, load_plover_table, "file"),
}
FORMATS = tuple(READERS)


def read_events(path: str | os.PathLike[str], fmt: str) -> EventFile:
    """Read *path* as *fmt* (``icews`` for a raw ICEWS file, ``icews14`` for the benchmark folder)."""
    path = Path(path)
    if fmt not in READERS:
        raise InvalidImport([f"unknown event format {fmt!r} — expected {' or '.join(FORMATS)}"])
    _, reader, _, reads = READERS[fmt]
    if reads == "file" and not path.is_file():
        raise InvalidImport([f"{store.display_path(path)}: not a file — the {fmt} format reads one event file"])
    if reads == "file or folder" and not path.exists():
        raise InvalidImport([f"{store.display_path(path)}: no such file or folder"])
    if reads == "folder" and not path.is_dir():
        raise InvalidImport([f"{store.display_path(path)}: not a folder — the {fmt} format reads the ICEWS14 folder"])
    return reader(path)


def default_file(path: str | os.PathLike[str], fmt: str) -> str:
    """The file an import of *path* writes by default: ``icews-<name>.ttl``, ``icews14-<name>.ttl``.

    >>> default_file("events.2018.sample.tab", "icews"), default_file("data/icews14-tkg", "icews14")
    ('icews-events-2018-sample.ttl', 'icews14-tkg.ttl')
    """
    return f"{fmt}-{file_slug(Path(path), fmt)}.ttl"


def import_events(
    graph_dir: str | os.PathLike[str] | None,
    path: str | os.PathLike[str],
    fmt: str,
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    skip_bad: bool = False,
) -> EventImportReport:
    """Import the events of *path* (``fmt`` ``icews`` or ``icews14``) into the graph folder.

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
    data = read_events(path, fmt)
    if data.bad and not skip_bad:
        raise InvalidImport(data.bad)
    target = Path(file) if file else folder / default_file(path, fmt)
    if target.suffix != ".ttl":
        raise InvalidImport([f"{target}: actorgraph writes Turtle; name a .ttl file"])
    if not target.resolve().is_relative_to(folder.resolve()):
        raise InvalidImport([f"{target} is not inside the graph folder {folder}: the graph would not read it"])
    with files.graph_lock(folder):
        old_text = target.read_text(encoding="utf-8") if target.exists() else None
        if old_text is not None and not old_text.startswith(MARKER):
            raise InvalidImport(
                [f"{store.display_path(target)} exists and was not written by an event import: name a new file"]
            )
        if old_text is not None and _what(old_text) != _what(
            f"{MARKER}: {READERS[fmt][0].description} from {Path(path).name},"
        ):
            raise InvalidImport(
                [f"{store.display_path(target)} holds another import ({_what(old_text)}): name a new file"]
            )
        graph = GraphView.load(folder, exclude=target)
        writer = Writer(data, graph, READERS[fmt][2](), progress)
        text = writer.turtle()
        report = writer.report(target, dry_run)
        if old_text is not None:
            _check_dropped_actors(target, old_text, {full_iri(a.iri_term) for a in writer.new_actors}, graph)
        report.size = len(text.encode("utf-8"))
        if old_text == text:
            report.status = "unchanged"
        elif old_text is not None:
            report.status = "replaced"
        if not dry_run and report.status != "unchanged":
            with writing(target):
                files.atomic_write(target, text)
            report.store = store.recommend_store(folder, report.triples)
        return report


def _what(text: str) -> str:
    """What an import file holds, from its first line: "ICEWS events from events.tab"."""
    return text.split("\n", 1)[0].removeprefix(MARKER + ": ").split(", by actorgraph")[0].rstrip(",")


def _check_dropped_actors(target: Path, old_text: str, kept: set[str], graph: GraphView) -> None:
    """Refuse to replace *target* if it defined an actor that another file uses and the new
    text no longer defines (the name now matches another actor, say): that file would point at
    an actor with no class and no label."""
    old = ImportFile.scan(target, set(graph.vocabulary.actor_types))
    if old is not None:
        defined = {iri for iri, _, _, _ in old.actors}
    else:  # edited by hand since: read it as RDF
        parsed = store.parse_file(target, data=old_text)
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
