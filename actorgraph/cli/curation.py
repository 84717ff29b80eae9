"""The commands that change the graph folder: ``add``, ``retract`` and ``push``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from actorgraph.cli.options import change_format_option, dry_run_option, echo_change, file_option, pass_graph
from actorgraph.graph import Graph


@click.command()
@click.argument("subject")
@click.argument("relation")
@click.argument("object_", metavar="OBJECT")
@click.option(
    "--source",
    required=True,
    help="A known source's id, URL or title (or a part of one only it has); anything else is a new source.",
)
@click.option(
    "--quote",
    required=True,
    help="The source's words, verbatim (line breaks and tabs kept; no other control character).",
)
@click.option("--date", help="When the event happened (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--start", help="When a state of affairs began.")
@click.option("--end", help="When a state of affairs ended.")
@click.option("--reliability", help="Admiralty source reliability, A to F (default: the source's, else F).")
@click.option("--credibility", default=6, show_default=True, type=int, help="Admiralty credibility, 1 to 6.")
@click.option("--attributed-to", help="Who, in the source, makes the claim (an actor or their description).")
@click.option("--comment", help="A curator's note kept with the claim.")
@click.option("--source-date", help="Publication date of a new source.")
@click.option("--new-actor", "new_actors", multiple=True, help="Create this actor (with --type); repeatable.")
@click.option("--type", "types", multiple=True, help="Class of each --new-actor, in the same order.")
@file_option
@dry_run_option
@change_format_option
@pass_graph
def add(
    graph: Graph,
    subject: str,
    relation: str,
    object_: str,
    new_actors: tuple[str, ...],
    types: tuple[str, ...],
    file: Path | None,
    dry_run: bool,
    output_format: str,
    **fields: Any,
) -> None:
    """Add a sourced claim: the triple and its evidence, checked before anything is written.

    Names resolve as everywhere else; an actor that does not exist yet is created only when
    named with --new-actor and its --type. An identical claim is not added twice.

    \b
    Example:
        actorgraph --graph my-graph add Iran backs Hamas \\
            --source news-2024-10-01-iran-israel-hezbollah \\
            --quote "the Iranian-backed Hamas in Gaza" --reliability F --credibility 2
    """
    from actorgraph.curation import ActorDraft, ClaimDraft

    if len(new_actors) != len(types):
        raise click.UsageError("give one --type for each --new-actor, in the same order")
    drafts = tuple(ActorDraft(name, kind) for name, kind in zip(new_actors, types, strict=True))
    draft = ClaimDraft(subject, relation, object_, **fields)
    echo_change(graph.add(draft, new_actors=drafts, file=file, dry_run=dry_run), dry_run, output_format)


def new_actor_hint(name: str) -> str:
    """How to create the actor called *name* from the command line, for an unknown actor's message."""
    import shlex

    quoted = shlex.quote(name)
    return f"add --new-actor {quoted} --type CLASS, or run actor add {quoted} --type CLASS first"


@click.command()
@click.argument("claim_id")
@click.option("--reason", required=True, help="Why the claim is retracted.")
@dry_run_option
@change_format_option
@pass_graph
def retract(graph: Graph, claim_id: str, reason: str, dry_run: bool, output_format: str) -> None:
    """Retract a claim: it is kept, marked deprecated with the reason and the day.

    Queries and analyses then ignore it; its plain triple goes when no other claim backs it.

    \b
    Example:
        actorgraph --graph my-graph retract iran-backs-hamas-2 --reason "duplicate of iran-backs-hamas"
    """
    echo_change(graph.retract(claim_id, reason, dry_run=dry_run), dry_run, output_format)


@click.command()
@click.argument("graph_store_url", metavar="URL")
@click.option("--query-url", metavar="URL", help="The server's query endpoint, when not beside URL.")
@click.option("--update-url", metavar="URL", help="The server's update endpoint, when not beside URL.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=600, show_default=True,
              help="Seconds each request may take.")  # fmt: skip
@click.option("--atomic/--bulk", default=None,
              help="Always stage and switch at once, or load Oxigraph in bulk even over an earlier push "
                   "[default: bulk into an Oxigraph server that holds none of the graphs, else atomic].")  # fmt: skip
@change_format_option
@pass_graph
def push(
    graph: Graph, graph_store_url: str, query_url: str | None, update_url: str | None, timeout: float,
    atomic: bool | None, output_format: str,
) -> None:  # fmt: skip
    """Load the graph into a SPARQL server, replacing its default graph and the files' graphs.

    URL is the server's Graph Store Protocol endpoint: /store for Oxigraph, /DATASET/data for
    Fuseki, /sparql-graph-crud-auth for Virtuoso (with --user; the password in
    ACTORGRAPH_PASSWORD). The files are sent in batches, with a progress bar; the server is
    then asked whether it holds them all, and one update puts them in place, so readers see the
    old graph or the new one. An Oxigraph server that holds none of these graphs yet (a first
    push) is loaded through its bulk loader instead, many times faster: readers see the graphs
    fill. Then read it with --store sparql:QUERY_URL.

    \b
    Example:
        actorgraph push http://127.0.0.1:7878/store
        actorgraph --store sparql:http://127.0.0.1:7878/query info
    """
    from actorgraph.cli.events import progress_bar

    with progress_bar("Pushing") as progress:
        report = graph.push(graph_store_url, query_url=query_url, update_url=update_url, timeout=timeout,
                            progress=progress, atomic=atomic)  # fmt: skip
    echo_change(report, False, output_format)
