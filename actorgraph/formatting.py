"""Turning library results into text, JSON and CSV for the command line."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence

from actorgraph.actors import Actor
from actorgraph.claims import CLAIM_FIELDS, ActorProfile, Claim
from actorgraph.summary import Summary
from actorgraph.validate import ValidationReport
from actorgraph.vocabulary import Vocabulary

MAX_CELL = 40
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def table(rows: Sequence[Sequence[object]], headers: Sequence[str], max_cell: int = MAX_CELL) -> str:
    """An aligned text table; every column but the last is cut at *max_cell* with "…".

    >>> print(table([["Iran", 2], ["Hezbollah", 10]], ["actor", "claims"]))
    actor      claims
    ---------  ------
    Iran       2
    Hezbollah  10
    """
    cells = [[_cell(v) for v in row] for row in rows]
    cells = [[_cut(v, max_cell) if i < len(headers) - 1 else v for i, v in enumerate(row)] for row in cells]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = [headers, ["-" * w for w in widths], *cells]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in lines)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return _LINE_BREAKS.sub(" ", str(value))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def as_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_csv(rows: Iterable[dict[str, object]], fields: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


# --- commands' outputs ------------------------------------------------------------------------


def summary_text(summary: Summary, graph_name: str) -> str:
    lines = [
        f"Graph {graph_name}: {summary.files} files, {summary.triples} triples "
        f"(vocabulary: {summary.vocabulary_triples} more)",
        "",
        f"Actors: {summary.actors}",
        *_counts(summary.actors_by_type),
        "",
        f"Claims: {summary.claims}",
        *_counts(summary.claims_by_relation),
        "",
        f"Sources: {len(summary.sources)}",
        *(f"  {s.label} ({s.date or 'undated'}): {s.claims} claims" for s in summary.sources),
    ]
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> list[str]:
    width = max((len(k) for k in counts), default=0)
    return [f"  {name.ljust(width)}  {count}" for name, count in counts.items()]


def actors_table(actors: list[Actor]) -> str:
    return table([[a.label, a.type, a.aliases] for a in actors], ["actor", "type", "aliases"])


def relations_table(vocabulary: Vocabulary) -> str:
    rows = [
        [
            "  " * depth + r.name,
            r.label,
            r.polarity.lower(),
            r.parent or "",
            r.inverse or ("(symmetric)" if r.symmetric else ""),
            f"{r.domain or 'Actor'} → {r.range or 'Actor'}",
            r.definition,
        ]
        for depth, r in vocabulary.in_tree_order()
    ]
    headers = ["relation", "label", "polarity", "parent", "inverse", "domain → range", "definition"]
    return table(rows, headers, max_cell=60)


def claims_table(claims: list[Claim]) -> str:
    rows = [[c.subject, c.predicate, c.object, c.when, c.confidence, f"“{c.quote}”"] for c in claims]
    return table(rows, ["subject", "relation", "object", "when", "conf", "quote"], max_cell=28)


def claims_csv(claims: list[Claim]) -> str:
    return as_csv((c.to_dict() for c in claims), CLAIM_FIELDS)


def profile_text(profile: ActorProfile) -> str:
    actor = profile.actor
    lines = [f"{actor.label} ({actor.type})", f"  IRI      {actor.iri}"]
    if actor.aliases:
        lines.append(f"  aliases  {', '.join(actor.aliases)}")
    if actor.comment:
        lines.append(f"  note     {actor.comment}")
    lines.append(f"  claims   {len(profile.outgoing)} out, {len(profile.incoming)} in")
    for title, claims in (("Out", profile.outgoing), ("In", profile.incoming)):
        if claims:
            lines += ["", f"{title}:"]
            lines += [block for claim in claims for block in claim_block(claim)]
    return "\n".join(lines)


def claim_block(claim: Claim) -> list[str]:
    """A claim as a few lines: the edge, its date and confidence, the quote and the source."""
    meta = [f"date {claim.when}" if claim.when else "date not given", f"confidence {claim.confidence}"]
    if claim.attributed_to:
        meta.append(f"according to {claim.attributed_to}")
    return [
        f"  {claim.subject} —{claim.predicate}→ {claim.object}",
        f"      {' · '.join(meta)}",
        f"      “{claim.quote}”",
        f"      — {claim.source or 'no source'} [{claim.iri.rsplit('/', 1)[-1]}]",
    ]


def report_text(report: ValidationReport, graph_name: str) -> str:
    if report.conforms:
        return f"{graph_name}: valid ({len(report.files)} files, {report.claims} claims)"
    noun = "problem" if len(report.problems) == 1 else "problems"
    return "\n".join([*(str(p) for p in report.problems), f"{graph_name}: {len(report.problems)} {noun}"])
