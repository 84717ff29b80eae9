"""The commands that correct claims and record what contests them: ``claim edit``, ``claim history``,
``restore`` and ``dispute``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from actorgraph.cli.options import (
    change_format_option,
    dry_run_option,
    echo_change,
    emit,
    file_option,
    format_option,
    pass_graph,
)
from actorgraph.graph import Graph


@click.group()
def claim() -> None:
    """Correct a claim, or read its versions.

    \b
    Example:
        actorgraph --graph my-graph claim edit israel-raids-into-lebanon --date 2024-09-30
        actorgraph --graph my-graph claim history israel-raids-into-lebanon
    """


@claim.command()
@click.argument("claim_id")
@click.option("--date", help="When the event happened (YYYY-MM-DD, YYYY-MM or YYYY); replaces --start/--end.")
@click.option("--start", help="When a state of affairs began; replaces --date.")
@click.option("--end", help="When a state of affairs ended; replaces --date.")
@click.option("--quote", help="The source's words, verbatim.")
@click.option("--source", help="A known source's id, URL or title; anything else is a new source.")
@click.option("--source-date", help="Publication date of a new source.")
@click.option("--reliability", help="Admiralty source reliability, A to F.")
@click.option("--credibility", type=int, help="Admiralty credibility, 1 to 6.")
@click.option("--attributed-to", help="Who, in the source, makes the claim (an actor or their description).")
@click.option("--comment", help="A curator's note kept with the claim.")
@click.option("--reason", help="Why the claim is corrected (kept with the superseded version).")
@dry_run_option
@change_format_option
@pass_graph
def edit(graph: Graph, claim_id: str, dry_run: bool, output_format: str, **fields: Any) -> None:
    """Correct a claim: its new version is a new claim, and the old one is kept, deprecated as superseded.

    Options not given keep the claim's values; subject, relation and object stay (another
    triple is another claim: retract this one and add it). The new version is checked as `add`
    checks a claim, and written just after the old one.

    \b
    Example:
        actorgraph --graph my-graph claim edit israel-raids-into-lebanon --date 2024-09-30 \\
            --credibility 3 --reason "the raids began the night before the report"
    """
    from actorgraph.history import ClaimEdit

    echo_change(graph.edit(claim_id, ClaimEdit(**fields), dry_run=dry_run), dry_run, output_format)


@claim.command()
@click.argument("claim_id")
@format_option("text", "json")
@pass_graph
def history(graph: Graph, claim_id: str, output_format: str) -> None:
    """Show every version of a claim, oldest first, with what changed and why.

    CLAIM_ID may be any version of the claim.

    \b
    Example:
        actorgraph claim history israel-raids-into-lebanon
    """
    from actorgraph import formatting

    found = graph.history(claim_id)
    if output_format == "json":
        emit(formatting.as_json(found.to_dict()), "json")
    else:
        emit(formatting.history_text(found))


@click.command()
@click.argument("claim_id")
@dry_run_option
@change_format_option
@pass_graph
def restore(graph: Graph, claim_id: str, dry_run: bool, output_format: str) -> None:
    """Take back a retraction: the claim counts again, with a note of its restoration.

    The retraction's reason and day are kept in that note; the plain triple comes back.

    \b
    Example:
        actorgraph --graph my-graph restore iran-backs-hamas
    """
    echo_change(graph.restore(claim_id, dry_run=dry_run), dry_run, output_format)


@click.command()
@click.argument("claim_id")
@click.option("--source", required=True, help="The source that reports the dispute: its id, URL or title.")
@click.option("--quote", required=True, help="The source's words that contest the claim, verbatim.")
@click.option("--by", help="The actor who contests the claim, when the source reports their denial.")
@click.option("--date", help="When the claim was contested (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--comment", help="A curator's note kept with the dispute.")
@file_option
@dry_run_option
@change_format_option
@pass_graph
def dispute(graph: Graph, claim_id: str, file: Path | None, dry_run: bool, output_format: str, **fields: Any) -> None:
    """Record that a source, or an actor it reports, contests a claim.

    The claim stays in the graph and reads as disputed: `show`, `path` and maps mark it, and
    `path --exclude-disputed` leaves it out. The dispute is written beside the claim.

    \b
    Example:
        actorgraph --graph my-graph dispute israel-raids-into-lebanon \\
            --source news-2024-10-01-iran-israel-hezbollah --by Hezbollah \\
            --quote "Hezbollah has denied that Israel launched any incursion into Lebanon"
    """
    from actorgraph.disputes import DisputeDraft

    change = graph.dispute(DisputeDraft(claim_id, **fields), file=file, dry_run=dry_run)
    echo_change(change, dry_run, output_format)
