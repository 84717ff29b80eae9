"""The commands that turn a report's text into claims: ``propose``, ``review``, ``accept``, ``reject``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from actorgraph.cli.options import change_format_option, dry_run_option, echo_change, emit, format_option, pass_graph
from actorgraph.graph import Graph

if TYPE_CHECKING:
    from actorgraph.proposals import StoredProposal


@click.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", help="The report is this known source (its id, URL or title).")
@click.option("--title", help="The report is a new source with this title (with --date).")
@click.option("--publisher", help="Who published the new source, when known.")
@click.option("--url", help="Where the new source can be read, when known.")
@click.option("--date", help="The day the new source was published (YYYY-MM-DD); relative dates count from it.")
@dry_run_option
@change_format_option
@pass_graph
def propose(
    graph: Graph,
    report: Path,
    source: str | None,
    title: str | None,
    publisher: str | None,
    url: str | None,
    date: str | None,
    dry_run: bool,
    output_format: str,
) -> None:
    """Read a plain-text report and propose the claims it states, for review.

    Proposals are kept in the graph folder (proposals/SOURCE.ttl) and are no claims of the graph
    until accepted. A new source (--title, --date) is created with the report's text kept in
    the folder (sources/SOURCE.txt). The same report proposes nothing new twice.

    \b
    Example:
        actorgraph --graph my-graph propose report.txt --title "Strikes on Beirut" \\
            --publisher "Example News" --date 2024-10-02
        actorgraph --graph my-graph propose report.txt --source news-2024-10-01-iran-israel-hezbollah
    """
    from actorgraph.proposals import NewSource

    if (source is None) == (title is None):
        raise click.UsageError(
            "name the report's source: --source for a known one, or --title and --date for a new one"
        )
    if source is not None and (publisher or url or date):
        raise click.UsageError(
            "--publisher, --url and --date describe a new source: give them with --title, not --source"
        )
    if title is not None and date is None:
        raise click.UsageError("a new source needs the day it was published: --date YYYY-MM-DD")
    new_source = NewSource(title, date or "", publisher, url) if title is not None else None
    echo_change(graph.propose(report, source=source, new_source=new_source, dry_run=dry_run), dry_run, output_format)


@click.command()
@click.option("--source", help="Only the proposals read from this source (id, URL or title).")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Only proposals scoring this or more (0 to 1).")
@click.option("--all", "include_decided", is_flag=True, help="Also the proposals already accepted or rejected.")
@format_option("text", "json")
@pass_graph
def review(
    graph: Graph, source: str | None, min_score: float | None, include_decided: bool, output_format: str
) -> None:
    """List the proposals to review: each with its quote, date, score and why it was proposed.

    In text, the quote marks the actors [like this] and the words that signal the relation
    *like this* (underlined and bold on a terminal). JSON gives every field, for scripts.

    \b
    Example:
        actorgraph --graph my-graph review --min-score 0.8
        actorgraph --graph my-graph review --format json
    """
    from actorgraph import formatting

    found = graph.proposals(source=source, min_score=min_score, include_decided=include_decided)
    if output_format == "json":
        emit(formatting.as_json([p.to_dict() for p in found]), "json")
        return
    if not found:
        emit("no proposals to review")
        return
    styled = sys.stdout.isatty()
    # Each piece is made terminal-safe before styling, so the styles are the only escapes printed.
    click.echo("\n\n".join(_proposal_text(p, styled) for p in found))


def _proposal_text(proposal: StoredProposal, styled: bool) -> str:
    from actorgraph.escapes import terminal_safe as safe

    state = "" if proposal.state == "open" else f" · {proposal.state}"
    kind = "dispute of: " if proposal.kind == "dispute" else ""
    lines = [
        f"{proposal.id} · score {proposal.score:.2f}{safe(state)}",
        f"  {kind}{safe(proposal.subject.described())} —{proposal.relation}→ {safe(proposal.object.described())}",
        f"  “{_highlighted(proposal, styled)}”",
    ]
    if proposal.date or proposal.date_text:
        expression = f" (“{safe(proposal.date_text)}”)" if proposal.date_text else ""
        lines.append(f"  date        {proposal.date or 'none'}{expression}")
    for label, value in (("said by", proposal.attributed_to), ("disputed by", proposal.disputed_by)):
        if value:
            lines.append(f"  {label:<11} {safe(value)}")
    for end in (proposal.subject, proposal.object):
        if end.iri is None and end.named_as and end.named_as != end.name:
            lines.append(f"  new actor   {safe(end.name)}, named “{safe(end.named_as)}”")
    lines.append(f"  source      {safe(proposal.source)}")
    lines += [f"  {'why' if i == 0 else '':<11} {safe(reason)}" for i, reason in enumerate(proposal.reasons)]
    if proposal.accepted_as:
        lines.append(f"  accepted as claim:{safe(proposal.accepted_as.rsplit('/', 1)[-1])}")
    if proposal.rejection_reason:
        lines.append(f"  rejected    {safe(proposal.rejection_reason)}")
    return "\n".join(line.rstrip() for line in lines)


def _highlighted(proposal: StoredProposal, styled: bool) -> str:
    """The quote, terminal-safe, with the actors and the trigger marked (styled on a terminal)."""
    from actorgraph.escapes import terminal_safe as safe

    # The date is shown on its own line.
    pieces = proposal.marked(("trigger", "subject", "object"))
    return "".join(_mark(safe(text), part == "trigger", styled) if part else safe(text) for text, part in pieces)


def _mark(text: str, trigger: bool, styled: bool) -> str:
    if styled:
        return click.style(text, bold=True) if trigger else click.style(text, underline=True)
    return f"*{text}*" if trigger else f"[{text}]"


@click.command()
@click.argument("proposal_id", required=False, metavar="[ID]")
@click.option("--all-above", "above", type=click.FloatRange(0, 1), metavar="SCORE",
              help="Accept every open proposal scoring SCORE or more (0 to 1).")  # fmt: skip
@click.option("--subject", help="Another subject (an actor of the graph).")
@click.option("--relation", help="Another relation of the vocabulary.")
@click.option("--object", "object_", help="Another object (an actor of the graph).")
@click.option("--quote", help="Another quote: the source's words, verbatim.")
@click.option("--date", help="Another date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--reliability", help="Admiralty source reliability, A to F (the proposal's: F).")
@click.option("--credibility", type=int, help="Admiralty credibility, 1 to 6 (the proposal's: 6).")
@click.option("--attributed-to", help="Who, in the source, makes the claim.")
@click.option("--comment", help="A curator's note kept with the claim.")
@dry_run_option
@change_format_option
@pass_graph
def accept(
    graph: Graph,
    proposal_id: str | None,
    above: float | None,
    object_: str | None,
    dry_run: bool,
    output_format: str,
    **fields: Any,
) -> None:
    """Accept a proposal as a verified claim, with edits on the way in; or every one scoring enough.

    The claim is checked as `add` checks it; a proposed new actor it needs is created. The
    proposal is kept, marked accepted and linked to the claim. Accepting several at once is all
    or nothing.

    \b
    Example:
        actorgraph --graph my-graph accept p-1a2b3c4d --date 2024-09-28
        actorgraph --graph my-graph accept --all-above 0.9
    """
    from actorgraph.proposals import ProposalEdits

    edits = ProposalEdits(object=object_, **fields)
    if (proposal_id is None) == (above is None):
        raise click.UsageError("name a proposal ID to accept, or give --all-above SCORE, not both")
    if above is not None and edits != ProposalEdits():
        raise click.UsageError("edits (--subject, --relation, ...) apply to one proposal: name its ID")
    echo_change(graph.accept(proposal_id, edits, above=above, dry_run=dry_run), dry_run, output_format)


@click.command()
@click.argument("proposal_id", metavar="ID")
@click.option("--reason", required=True, help="Why the proposal is rejected.")
@dry_run_option
@change_format_option
@pass_graph
def reject(graph: Graph, proposal_id: str, reason: str, dry_run: bool, output_format: str) -> None:
    """Reject a proposal: it is kept, marked rejected with the reason and the day, and not proposed again.

    \b
    Example:
        actorgraph --graph my-graph reject p-1a2b3c4d --reason "the report quotes a rumour"
    """
    echo_change(graph.reject(proposal_id, reason, dry_run=dry_run), dry_run, output_format)
