"""The ``actor`` group: curating actors (``actor add``)."""

from __future__ import annotations

from pathlib import Path

import click

from actorgraph.cli.options import change_format_option, dry_run_option, echo_change, file_option, pass_graph
from actorgraph.graph import Graph


@click.group()
def actor() -> None:
    """Curate actors.

    \b
    Example:
        actorgraph --graph my-graph actor add Qatar --type State --alias "State of Qatar"
    """


@actor.command(name="add")
@click.argument("name")
@click.option("--type", "actor_type", required=True, help="State, Person, ArmedGroup, Organization or GovernmentBody.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@click.option("--comment", help="A curator's note.")
@file_option
@dry_run_option
@change_format_option
@pass_graph
def actor_add(
    graph: Graph,
    name: str,
    actor_type: str,
    aliases: tuple[str, ...],
    comment: str | None,
    file: Path | None,
    dry_run: bool,
    output_format: str,
) -> None:
    """Add an actor with its class, label and aliases.

    \b
    Example:
        actorgraph --graph my-graph actor add Qatar --type State --alias "State of Qatar"
    """
    from actorgraph.curation import ActorDraft

    change = graph.add_actor(ActorDraft(name, actor_type, aliases, comment), file=file, dry_run=dry_run)
    echo_change(change, dry_run, output_format)
