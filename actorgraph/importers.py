"""Reading claims from files people and machines produce: spreadsheets (CSV) of curated claims.

Each reader turns rows into ``ClaimDraft`` objects paired with their file and line, and leaves
checking and writing to ``curation.import_drafts``, so every import is all-or-nothing.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from actorgraph.curation import ClaimDraft, ImportReport, import_drafts
from actorgraph.errors import InvalidImport
from actorgraph.store import display_path

CSV_REQUIRED = ("subject", "relation", "object", "source", "quote")
CSV_OPTIONAL = ("date", "start", "end", "reliability", "credibility", "source_date", "attributed_to", "comment")


def read_claims_csv(path: Path) -> list[tuple[str, ClaimDraft]]:
    """The rows of a claims spreadsheet as drafts, each with its ``file:line``.

    The header names the columns (any order): subject, relation, object, source, quote are
    required; date, start, end, reliability (A–F, default the source's, else F), credibility (1–6, default 6),
    source_date, attributed_to and comment are optional.
    """
    name = display_path(path)
    # Records end at a line break the csv module knows (\n, \r\n, \r), never at U+2028 or
    # the other breaks of str.splitlines, which a quoted field may hold.
    reader = csv.DictReader(io.StringIO(read_utf8(path), newline=""))
    rows, errors, start = [], [], 1  # a record is named by the line it starts on
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        _check_header(name, header)
        reader.fieldnames = header
        start = reader.line_num + 1
        for row in reader:
            where = f"{name}:{start}"
            start = reader.line_num + 1
            values = {k: (v or "").strip() for k, v in row.items() if k}
            try:
                rows.append((where, _draft(values)))
            except ValueError as error:
                errors.append(f"{where}: {error}")
    except csv.Error as error:
        raise InvalidImport([f"{name}:{start}: {_csv_problem(error)}"]) from None
    if errors:
        raise InvalidImport(errors)
    return rows


def _csv_problem(error: csv.Error) -> str:
    if "field limit" in str(error):
        return f"a field is longer than {csv.field_size_limit()} characters — expected shorter fields"
    return f'not a valid CSV record ({error}) — expected comma-separated fields, quoted with "'


def read_utf8(path: Path) -> str:
    """The text of a UTF-8 file, without its byte-order mark if it has one.

    A file in another encoding is an InvalidImport naming the line of its first byte that is
    not UTF-8.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidImport(
            [f"{display_path(path)}:{line}: not UTF-8 text ({error.reason}) — expected a file saved as UTF-8"]
        ) from None
    return text.removeprefix("\ufeff")


def _check_header(name: str, header: list[str]) -> None:
    missing = [c for c in CSV_REQUIRED if c not in header]
    unknown = [c for c in header if c not in CSV_REQUIRED + CSV_OPTIONAL]
    problems = []
    if missing:
        problems.append(f"{name}:1: missing column(s) {', '.join(missing)}")
    if unknown:
        expected = ", ".join(CSV_REQUIRED + CSV_OPTIONAL)
        problems.append(f"{name}:1: unknown column(s) {', '.join(unknown)} — expected {expected}")
    if problems:
        raise InvalidImport(problems)


def _draft(values: dict[str, str]) -> ClaimDraft:
    empty = [c for c in CSV_REQUIRED if not values.get(c)]
    if empty:
        raise ValueError(f"empty {', '.join(empty)}")
    credibility = values.get("credibility") or "6"
    if not credibility.isdigit():
        raise ValueError(f"invalid credibility {credibility!r} — expected one Admiralty number, 1 to 6")
    return ClaimDraft(
        subject=values["subject"],
        relation=values["relation"],
        object=values["object"],
        source=values["source"],
        quote=values["quote"],
        date=values.get("date") or None,
        start=values.get("start") or None,
        end=values.get("end") or None,
        reliability=values.get("reliability") or None,
        credibility=int(credibility),
        source_date=values.get("source_date") or None,
        attributed_to=values.get("attributed_to") or None,
        comment=values.get("comment") or None,
    )


def import_csv(
    graph_dir: str | os.PathLike[str] | None,
    path: Path,
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a claims spreadsheet: all rows or none."""
    return import_drafts(graph_dir, read_claims_csv(path), file=file, dry_run=dry_run)
