"""The ``import`` command: ``--format csv|icews|icews14|gdelt|ucdp-ged|acled|polecat``, a progress bar on stderr.

``csv`` reads a claims spreadsheet, ``icews`` a raw ICEWS event file, ``icews14`` the ICEWS14
benchmark folder, ``gdelt`` GDELT 2.0 exports, ``ucdp-ged`` a UCDP GED file, ``acled`` an ACLED
export and ``polecat`` a POLECAT file, through
:meth:`actorgraph.Graph.import_csv` and :meth:`actorgraph.Graph.import_events`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from actorgraph.cli.options import (
    change_output_option,
    dry_run_option,
    echo_change,
    emit_json,
    file_option,
    pass_graph,
)
from actorgraph.graph import Graph

IMPORT_FORMATS = ("csv", "icews", "icews14", "gdelt", "ucdp-ged", "acled", "polecat")


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback drawing a click progress bar on stderr.

    The bar appears on the first call, when the total is known; it is drawn only on a terminal
    (click writes just the label elsewhere).
    """
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []
        shown = [0]

        def update(done: int, total: int) -> None:
            if not bars:
                bars.append(stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr)))
            bars[0].update(done - shown[0])
            shown[0] = done

        yield update


@click.command(name="import")
@click.argument(
    "source_files", metavar="FILE...", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--format",
    "input_format",
    type=click.Choice(IMPORT_FORMATS),
    default="csv",
    show_default=True,
    help="What FILE holds: a claims CSV, a raw ICEWS event file (icews), the ICEWS14 folder (icews14), "
    "a GDELT 2.0 export, zipped or not, or a folder of them (gdelt), a UCDP GED CSV file (ucdp-ged), "
    "an ACLED CSV export (acled), a POLECAT tab-separated file (polecat). Event data may name several "
    "files of one format: they become one import.",
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Event data: import the good rows when some are bad, and say how many were left out and why.",
)
@file_option
@dry_run_option
@change_output_option
@pass_graph
def import_(
    graph: Graph,
    source_files: tuple[Path, ...],
    input_format: str,
    skip_bad: bool,
    file: Path | None,
    dry_run: bool,
    output_format: str,
) -> None:
    """Import claims from a file: every row is checked first; one bad row and nothing is written.

    A CSV has the columns `claims --format csv` writes, so that its output imports back
    unchanged; subject, relation, object, source and quote are required. subject_type and
    object_type give the class of an actor to create when the graph has none by that name.

    ICEWS event files (--format icews) and the ICEWS14 folder (--format icews14) become
    machine-coded claims, one per event, in a new file of the graph folder (icews-NAME.ttl
    unless --file says otherwise); importing the same data again leaves it unchanged or
    replaces that file. A progress bar shows on stderr.

    Several event files of one format (or GDELT folders) are read one after the other into one
    file of the graph folder, named after the first (gdelt-NAME-and-2-more.ttl).

    GDELT 2.0 exports (--format gdelt: the 61-column .export.CSV, the published .CSV.zip, or a
    folder of them) become claims that cite each event's article; actors come from the CAMEO
    actor codes (a state's government or military is its own actor, part of the state).
    UCDP GED files (--format ucdp-ged) become claims with deaths, place and the event's
    reports; "Government of Israel" is Israel's government, part of Israel.
    ACLED exports (--format acled) become claims with fatalities, place and ACLED's notes as
    the quote; "Military Forces of Israel (2022-)" is Israel's military, part of Israel.
    POLECAT files (--format polecat: ngecEvents.DV.YEAR.txt) become claims whose relation
    comes from the PLOVER event and mode.

    Event data with a bad row (column count, date, unknown code) writes nothing and lists every
    bad row by file and line; --skip-bad imports the others and counts those left out.

    --output-format json prints one JSON document for scripts: the figures, or the bad rows
    (file, line, message) of an import that wrote nothing.

    \b
    Example:
        actorgraph --graph my-graph import claims.csv --dry-run
        actorgraph claims --format csv > claims.csv
        actorgraph --graph my-graph import claims.csv --output-format json
        actorgraph --graph my-graph import --format icews events.2018.sample.tab
        actorgraph --graph my-graph import --format icews14 icews14/
        actorgraph --graph my-graph import --format gdelt 20191024143000.export.CSV.zip --skip-bad
        actorgraph --graph my-graph import --format gdelt 20191024*.export.CSV.zip gdelt-exports/
        actorgraph --graph my-graph import --format ucdp-ged GEDEvent_v23_1.csv
        actorgraph --graph my-graph import --format acled acled-export.csv
        actorgraph --graph my-graph import --format polecat ngecEvents.DV.2023.txt
    """
    from actorgraph.errors import InvalidImport

    if input_format == "csv" and len(source_files) > 1:
        raise click.BadParameter(f"{len(source_files)} files given: a CSV import reads one file", param_hint="FILE")
    if input_format == "icews14" and len(source_files) > 1:
        raise click.BadParameter(f"{len(source_files)} folders given: icews14 reads one folder", param_hint="FILE")
    source_file = source_files[0]
    if input_format == "csv" and source_file.is_dir():
        raise click.BadParameter(f"{source_file} is a folder: a CSV import reads one file", param_hint="FILE")
    if input_format == "csv" and skip_bad:
        raise click.BadParameter("--skip-bad is for event data: a CSV import checks every row", param_hint="--skip-bad")
    try:
        if input_format == "csv":
            report: Any = graph.import_csv(source_file, file=file, dry_run=dry_run)
        else:
            with progress_bar("Importing events") as progress:
                report = graph.import_events(
                    source_files, input_format, file=file, dry_run=dry_run, progress=progress, skip_bad=skip_bad
                )
    except InvalidImport as error:
        if output_format != "json":
            raise
        emit_json(error.to_dict())
        raise click.ClickException(error.headline) from None
    # dry_run=False: a dry run's summary says "would", without the Turtle of every row
    echo_change(report, dry_run=False, output_format=output_format)
