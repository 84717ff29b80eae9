"""Turning library results into text, JSON and CSV for the command line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from actorgraph.actors import Actor
from actorgraph.claims import CLAIM_FIELDS, ActorProfile, Claim
from actorgraph.escapes import csv_text, json_safe
from actorgraph.merges import Merge
from actorgraph.paths import SIGN_WORDS, ActorPath, Hop, PathReport
from actorgraph.sources import SOURCE_FIELDS, Source, SourceDetail
from actorgraph.summary import Summary
from actorgraph.text import quoted
from actorgraph.validate import ValidationReport
from actorgraph.vocabulary import Vocabulary

if TYPE_CHECKING:
    from actorgraph.history import ClaimHistory

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
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))


def as_csv(rows: Iterable[dict[str, object]], fields: Sequence[str]) -> str:
    """Records as CSV for the terminal (``escapes.csv_text``: would-be formulas defused)."""
    return csv_text(([row.get(name) for name in fields] for row in rows), fields, newline="\n").rstrip("\n")


# --- commands' outputs ------------------------------------------------------------------------


def summary_text(summary: Summary, graph_name: str) -> str:
    if summary.files is None:
        head = f"Graph {graph_name}: {summary.triples} triples (vocabulary included)"
    else:
        head = f"Graph {graph_name}: {summary.files} files, {summary.triples} triples "
        head += f"(vocabulary: {summary.vocabulary_triples} more)"
    lines = [
        head,
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


def merges_table(merges: list[Merge]) -> str:
    """Merge decisions, oldest first: what reads as what, who decided when and why, and
    whether the decision stands."""
    if not merges:
        return "no merge decisions"
    rows = [
        [m.merged_label, m.canonical_label, m.by, m.at, m.reason,
         "standing" if m.active else f"withdrawn by {m.withdrawn_by} at {m.withdrawn_at}: {m.withdrawal_reason}"]
        for m in merges
    ]  # fmt: skip
    return table(rows, ["merged", "into", "by", "at", "reason", "status"])


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
    rows = [[c.subject, c.predicate, c.object, c.when, c.confidence, c.status, quoted(c.quote)] for c in claims]
    return table(rows, ["subject", "relation", "object", "when", "conf", "status", "quote"], max_cell=28)


def claims_csv(claims: list[Claim]) -> str:
    """Claims as CSV, one per row; a claim's disputes are one cell, a line of text each."""
    rows = ({**c.to_dict(), "disputes": "\n".join(d.line() for d in c.disputes)} for c in claims)
    return as_csv(rows, CLAIM_FIELDS)


def profile_text(profile: ActorProfile, offset: int = 0) -> str:
    """An actor and its claims; *offset*: where the page of a longer list starts (``show --offset``)."""
    actor = profile.actor
    lines = [f"{actor.label} ({actor.type})", f"  IRI      {actor.iri}"]
    if actor.aliases:
        lines.append(f"  aliases  {', '.join(actor.aliases)}")
    if actor.comment:
        lines.append(f"  note     {actor.comment}")
    lines += [f"  merged   {m.merged_label} ({m.merged}), by {m.by}: {m.reason}" for m in profile.merged]
    sides = (("Out", profile.outgoing), ("In", profile.incoming))
    totals = profile.totals or (len(profile.outgoing), len(profile.incoming))
    whole = offset == 0 and totals == (len(profile.outgoing), len(profile.incoming))
    machine = sum(c.origin == "machine-coded" for c in (*profile.outgoing, *profile.incoming)) if whole else 0
    counts = f"{totals[0]:,} out, {totals[1]:,} in"
    lines.append(f"  claims   {counts}" + (f" ({machine} machine-coded)" if machine else ""))
    for (title, claims), total in zip(sides, totals, strict=True):
        # curated claims first, machine-coded ones apart: the analyst's record, then the event data
        for heading, group in ((title, "curated"), (f"{title}, machine-coded", "machine-coded")):
            kept = [c for c in claims if c.origin == group]
            if kept:
                lines += ["", f"{heading}:", *(block for claim in kept for block in claim_block(claim))]
        if offset or len(claims) < total:
            lines += ["", _page_line(title, len(claims), total, offset)]
    return "\n".join(lines)


def _page_line(side: str, shown: int, total: int, offset: int) -> str:
    """Which claims of a side a page shows, and the option that shows the next ones."""
    if not shown:
        return f"{side}: no claims past the first {offset:,} (there are {total:,})"
    end = offset + shown
    which = f"claim {end:,}" if shown == 1 else f"claims {offset + 1:,}–{end:,}"
    line = f"{side}: {which} of {total:,}, newest first"
    return line + (f" (next: --offset {end}; every one: --limit all)" if end < total else "")


def claim_block(claim: Claim) -> list[str]:
    """A claim as a few lines: the edge, its date and confidence, the quote and the source."""
    meta = [_when(claim), f"confidence {claim.confidence}"]
    if claim.attributed_to:
        meta.append(f"according to {claim.attributed_to}")
    if claim.status != "verified":
        meta.append(claim.status.upper())
    return [
        f"  {claim.subject} —{claim.predicate}→ {claim.object}",
        f"      {' · '.join(meta)}",
        f"      {quoted(claim.quote)}",
        f"      — {claim.source or 'no source'} [{claim.iri.rsplit('/', 1)[-1]}]",
        *([f"      event: {claim.event.line()}"] if claim.event else []),
        *(f"      ⚠ {d.line()}" for d in claim.disputes),
    ]


def _when(claim: Claim) -> str:
    if claim.when:
        return f"date {claim.when}"
    return f"date not given (reported {claim.reported})" if claim.reported else "date not given"


def report_text(report: ValidationReport, graph_name: str) -> str:
    if report.conforms:
        return f"{graph_name}: valid ({len(report.files)} files, {report.claims} claims)"
    noun = "problem" if len(report.problems) == 1 else "problems"
    return "\n".join([*(str(p) for p in report.problems), f"{graph_name}: {len(report.problems)} {noun}"])


def path_report_text(report: PathReport) -> str:
    """Every path: a headline with its sign, the chain on one line, then each hop's evidence."""
    count = len(report.paths)
    lines = [report.headline()]
    if report.truncated:
        lines[0] += f" (the {count:,} shortest: there are more; use --max-paths or narrow the search)"
    for number, path in enumerate(report.paths, start=1):
        lines += ["", *_path_lines(number, path)]
    return "\n".join(lines)


def _path_lines(number: int, path: ActorPath) -> list[str]:
    sign = f"{path.sign} {SIGN_WORDS[path.sign]}"
    lines = [
        f"Path {number} · {path.length} hop{'s' if path.length != 1 else ''} · {sign}: "
        f"{path.labels[-1]} is {path.sign_phrase}",
        f"  {path.chain()}",
    ]
    for hop in path.hops:
        also = list(dict.fromkeys(c.predicate for c in hop.claims if c.relation != hop.relation))
        notes = [f"also: {', '.join(also)}"] if also else []
        notes += ["mixed ties"] if hop.mixed else []
        notes += _disputed_note(hop)
        suffix = f"  ({'; '.join(notes)})" if notes else ""
        lines.append(f"  {hop.source_label}{hop.arrow}{hop.target_label}{suffix}")
        for claim in hop.claims:
            lines += _evidence_lines(claim, show_relation=claim.relation != hop.relation)
    return lines


def _disputed_note(hop: Hop) -> list[str]:
    """``disputed``, or ``1 of 2 claims disputed`` when some claims behind the hop are not."""
    disputed = sum(c.status == "disputed" for c in hop.claims)
    if not disputed:
        return []
    return ["disputed" if disputed == len(hop.claims) else f"{disputed} of {len(hop.claims)} claims disputed"]


def _evidence_lines(claim: Claim, show_relation: bool) -> list[str]:
    meta = [_when(claim), claim.confidence]
    if show_relation:
        meta.insert(0, f"{claim.subject} —{claim.predicate}→ {claim.object}")
    if claim.attributed_to:
        meta.append(f"according to {claim.attributed_to}")
    if claim.status != "verified":
        meta.append(claim.status.upper())
    return [
        f"      {' · '.join(meta)}",
        f"        {quoted(claim.quote)}",
        f"        — {claim.source or 'no source'} [{claim.iri.rsplit('/', 1)[-1]}]",
        *([f"        event: {claim.event.line()}"] if claim.event else []),
        *(f"        ⚠ {d.line()}" for d in claim.disputes),
    ]


def sources_table(sources: list[Source]) -> str:
    rows = [[s.id, s.date, s.claims, s.publisher, s.title, s.url] for s in sources]
    return table(rows, ["id", "date", "claims", "publisher", "title", "url"])


def sources_csv(sources: list[Source]) -> str:
    return as_csv((s.to_dict() for s in sources), SOURCE_FIELDS)


def source_detail_text(detail: SourceDetail, with_text: bool = False) -> str:
    """A source's fields, its text file, then the claims citing it (and the text itself if asked)."""
    source = detail.source
    fields = [
        ("id", source.id), ("IRI", source.iri), ("date", source.date), ("publisher", source.publisher),
        ("url", source.url), ("reliability", source.reliability), ("language", source.language),
        ("text", _text_file(source.text, detail.text)), ("note", source.comment),
        ("claims", len(detail.claims)),
    ]  # fmt: skip
    lines = [source.title, *(f"  {name.ljust(11)}  {value}" for name, value in fields if value is not None)]
    if detail.claims:
        lines += ["", "Claims:", *(block for claim in detail.claims for block in claim_block(claim))]
    if with_text and detail.text is not None:
        lines += ["", "Text:", detail.text.rstrip("\n")]
    return "\n".join(lines)


def _text_file(path: str | None, text: str | None) -> str | None:
    if path is None or text is None:
        return path
    return f"{path} ({len(text):,} characters, {len(text.splitlines()):,} lines)"


def history_text(history: ClaimHistory) -> str:
    """A claim's versions, oldest first: each with its state, what changed and why, then the claim."""
    count = len(history.versions)
    lines = [f"{_short_id(history.current.iri)}: {count} version{'s' if count != 1 else ''}, oldest first"]
    for number, version in enumerate(history.versions, start=1):
        lines += ["", f"{number}. {_short_id(version.claim.iri)} ({version.state})"]
        if version.reason:
            lines.append(f"   why: {version.reason}")
        lines += [f"   {name}: {_shown(before)} → {_shown(after)}" for name, before, after in version.changes]
        lines += [f" {line}" for line in claim_block(version.claim)]
    return "\n".join(lines)


def _short_id(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _shown(value: object) -> str:
    return "(none)" if value is None else f"“{value}”" if isinstance(value, str) and " " in value else str(value)
