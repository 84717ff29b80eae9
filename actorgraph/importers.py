"""Reading claims from files people and machines produce: spreadsheets (CSV) of curated claims.

Each reader turns rows into ``ClaimDraft`` objects paired with their file and line, and leaves
checking and writing to ``curation.import_drafts``, so every import is all-or-nothing.

A claims spreadsheet has the columns ``claims --format csv`` writes (``claims.CLAIM_FIELDS``,
the one list of them), so that what ``claims`` writes imports back unchanged: into the same
graph it adds nothing, into a folder with only the vocabulary it makes the same claims, with
their ids, actors and sources (``COLUMNS`` says what the import does with each column). A
person's spreadsheet needs only the required ones.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from pathlib import Path

from actorgraph import resources
from actorgraph.claims import CLAIM_FIELDS
from actorgraph.curation import ClaimDraft, ImportReport, import_drafts
from actorgraph.errors import InvalidImport, UnknownRelation
from actorgraph.escapes import csv_value
from actorgraph.store import display_path, parse_file
from actorgraph.vocabulary import Vocabulary

CSV_REQUIRED = ("subject", "relation", "object", "source", "quote")

#: What an import does with each column of ``claims.CLAIM_FIELDS``: the ``ClaimDraft`` field it
#: fills, or how it is checked. ``claims`` writes the derived and record columns for readers.
COLUMNS: dict[str, str] = {
    **{name: name for name in ("subject", "relation", "object", "source", "quote", "date", "start", "end")},
    **{name: name for name in ("reliability", "credibility", "attributed_to", "comment", "id")},
    **{name: name for name in ("subject_iri", "object_iri", "source_iri", "subject_type", "object_type")},
    "reported": "source_date",  # the source's date: read when the row creates its source
    "predicate": "same relation",  # the relation's label, IRI: must name the relation column's
    "predicate_iri": "same relation",
    "confidence": "rating",  # reliability and credibility in one ("F2"): they must agree
    "polarity": "derived",  # follows from the relation: not read
    # A row can only repeat a retracted or machine-coded claim that the graph has: retracting
    # is `retract`, machine-coded claims come from their event data.
    "deprecated": "record",
    "deprecation_reason": "record",
    "origin": "record",
    "cameo_code": "record",
    "goldstein": "record",
    "event_id": "record",
    # Review: a row makes a verified claim. A dispute is a record of its own (`dispute`), which the
    # status and disputes columns only show: not read.
    "status": "derived",
    "disputes": "derived",
}
#: The value of a record column on a claim a row can make.
_PLAIN_RECORD = {"deprecated": "false", "origin": "curated"}


def read_claims_csv(path: Path) -> tuple[list[tuple[str, ClaimDraft]], dict[str, str]]:
    """The rows of a claims spreadsheet as drafts, each with its ``file:line``, and the rows that
    may only repeat a claim the graph has, with why (see ``curation.import_drafts``).

    The header names the columns (any order): subject, relation, object, source, quote are
    required; the other columns of ``claims --format csv`` are optional (see ``COLUMNS``):
    date, start, end, reliability (A–F, default the source's, else F), credibility (1–6, default 6) or confidence
    (``F6``), reported (the date of a new source), attributed_to, comment, id, the IRIs, and
    subject_type / object_type, the class of an actor to create when the graph has none by
    that name.
    """
    name = display_path(path)
    # Records end at a line break the csv module knows (\n, \r\n, \r), never at U+2028 or
    # the other breaks of str.splitlines, which a quoted field may hold.
    reader = csv.DictReader(io.StringIO(read_utf8(path), newline=""))
    rows, errors, only_existing, start = [], [], {}, 1  # a record is named by the line it starts on
    vocabulary = Vocabulary.from_graph(parse_file(resources.vocabulary_file()))
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        _check_header(name, header)
        reader.fieldnames = header
        start = reader.line_num + 1
        for row in reader:
            where = f"{name}:{start}"
            start = reader.line_num + 1
            values = {k: csv_value(v if k in _VERBATIM else v.strip()) for k, v in row.items() if k and v is not None}
            try:
                rows.append((where, _draft(values, vocabulary)))
            except ValueError as error:
                errors.append(f"{where}: {error}")
            record = _record(values)
            if record:
                only_existing[where] = record
    except csv.Error as error:
        raise InvalidImport([f"{name}:{start}: {_csv_problem(error)}"]) from None
    if errors:
        raise InvalidImport(errors)
    return rows, only_existing


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
    problems = [f"{name}:1: missing column(s) {', '.join(missing)}"] if missing else []
    for column in header:
        if column not in CLAIM_FIELDS:
            close = [_RENAMED[column]] if column in _RENAMED else difflib.get_close_matches(column, CLAIM_FIELDS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "expected a column that claims --format csv writes"
            problems.append(f"{name}:1: unknown column {column!r} — {hint}")
    if problems:
        raise InvalidImport(problems)


#: Free text kept as written, spaces around it included; other cells are trimmed.
_VERBATIM = frozenset({"quote", "comment", "deprecation_reason"})

#: Columns of earlier versions, by their name now.
_RENAMED = {"source_date": "reported"}


def _draft(values: dict[str, str], vocabulary: Vocabulary) -> ClaimDraft:
    empty = [c for c in CSV_REQUIRED if not values.get(c)]
    if empty:
        raise ValueError(f"empty {', '.join(empty)}")
    _same_relation(values, vocabulary)
    fields: dict[str, object] = {field: values.get(column) or None for column, field in COLUMNS.items()
                                 if field in _DRAFT_FIELDS}  # fmt: skip
    fields["reliability"], fields["credibility"] = _rating(values)
    return ClaimDraft(**fields)  # type: ignore[arg-type]


_DRAFT_FIELDS = frozenset(ClaimDraft.__dataclass_fields__)


def _same_relation(values: dict[str, str], vocabulary: Vocabulary) -> None:
    """The relation column and the predicate and predicate_iri a row also gives must name one
    relation: an edit of one of them alone is not silently undone by the others."""
    try:
        relation = vocabulary.relation(values["relation"]).name
    except UnknownRelation:
        return  # the plan says so, with the closest names, along with the other rows' problems
    for column in ("predicate", "predicate_iri"):
        given = values.get(column)
        try:
            same = not given or vocabulary.relation(given).name == relation
        except UnknownRelation as error:
            raise ValueError(f"{column}: {error}") from None
        if not same:
            raise ValueError(f"relation {values['relation']!r} and {column} {given!r} differ — correct one of them")


def _rating(values: dict[str, str]) -> tuple[str | None, int]:
    """Reliability and credibility, from their columns or the confidence column ("F2")."""
    confidence = values.get("confidence", "")
    reliability = values.get("reliability") or confidence[:1] or None  # None: the source's own
    credibility = values.get("credibility") or confidence[1:] or "6"
    if not credibility.isdigit():
        raise ValueError(f"invalid credibility {credibility!r} — expected one Admiralty number, 1 to 6")
    if confidence and confidence.upper() != f"{(reliability or '').upper()}{credibility}":
        raise ValueError(
            f"confidence {confidence!r} differs from reliability {reliability!r} and credibility {credibility!r} "
            "— correct one of them"
        )
    return reliability, int(credibility)


def _record(values: dict[str, str]) -> str | None:
    """Why the row cannot make its claim, if it is retracted or machine-coded."""
    plain = {None, "", *_PLAIN_RECORD.values()}
    odd = [c for c, role in COLUMNS.items() if role == "record" and values.get(c) not in plain]
    if not odd:
        return None
    return (
        f"{', '.join(f'{c} {values[c]!r}' for c in odd)}: a row can repeat a retracted or machine-coded claim, "
        "not make one — retract it after importing, or import the event data"
    )


def import_csv(
    graph_dir: str | os.PathLike[str] | None,
    path: Path,
    file: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a claims spreadsheet: all rows or none."""
    rows, only_existing = read_claims_csv(path)
    return import_drafts(graph_dir, rows, file=file, dry_run=dry_run, only_existing=only_existing)
