"""The ``actor`` group: curating actors (``add``, ``rename``, ``alias``, ``set-type``, ``merge``, ``unmerge``,
``merges``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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


@actor.command()
@click.argument("name")
@click.argument("new_name")
@dry_run_option
@change_format_option
@pass_graph
def rename(graph: Graph, name: str, new_name: str, dry_run: bool, output_format: str) -> None:
    """Give an actor a new label; its IRI stays, and the old label stays as an alias.

    \b
    Example:
        actorgraph --graph my-graph actor rename "Biden administration" "US administration"
    """
    echo_change(graph.rename(name, new_name, dry_run=dry_run), dry_run, output_format)


@actor.group(name="alias")
def alias_group() -> None:
    """Add or remove another name of an actor.

    \b
    Example:
        actorgraph --graph my-graph actor alias add Hezbollah "Party of God"
    """


@alias_group.command(name="add")
@click.argument("name")
@click.argument("alias")
@dry_run_option
@change_format_option
@pass_graph
def alias_add(graph: Graph, name: str, alias: str, dry_run: bool, output_format: str) -> None:
    """Add ALIAS to the names of the actor NAME (a name resolves to one actor).

    \b
    Example:
        actorgraph --graph my-graph actor alias add Hezbollah "Party of God"
    """
    echo_change(graph.alias(name, alias, dry_run=dry_run), dry_run, output_format)


@alias_group.command(name="remove")
@click.argument("name")
@click.argument("alias")
@dry_run_option
@change_format_option
@pass_graph
def alias_remove(graph: Graph, name: str, alias: str, dry_run: bool, output_format: str) -> None:
    """Remove ALIAS from the names of the actor NAME.

    \b
    Example:
        actorgraph --graph my-graph actor alias remove Hezbollah Hizballah
    """
    echo_change(graph.alias(name, alias, remove=True, dry_run=dry_run), dry_run, output_format)


@actor.command(name="set-type")
@click.argument("name")
@click.argument("class_name", metavar="CLASS")
@dry_run_option
@change_format_option
@pass_graph
def set_type(graph: Graph, name: str, class_name: str, dry_run: bool, output_format: str) -> None:
    """Change an actor's class (State, Person, ArmedGroup, Organization, GovernmentBody).

    Refused when a claim of the actor would no longer fit its relation (`killed` takes a Person
    as its object): the message names one.

    \b
    Example:
        actorgraph --graph my-graph actor set-type "Palestinian fighters" Organization
    """
    echo_change(graph.set_type(name, class_name, dry_run=dry_run), dry_run, output_format)


def _decision(command: Callable[..., None]) -> Callable[..., None]:
    """The arguments and options of a merge decision and of its withdrawal."""
    for option in reversed((
        click.argument("canonical"),
        click.argument("merged"),
        click.option("--reason", required=True, help="Why: kept with the decision."),
        click.option("--by", help="Who decides (default: your user name on this computer)."),
        dry_run_option,
        change_format_option,
        pass_graph,
    )):  # fmt: skip
        command = option(command)
    return command


@actor.command()
@_decision
def merge(
    graph: Graph, canonical: str, merged: str, reason: str, by: str | None, dry_run: bool, output_format: str
) -> None:
    """Merge MERGED into CANONICAL: a decision (who, when, why) that they are one actor.

    Every command then reads both as CANONICAL (one node on maps and in paths, the claims of
    both, MERGED's names as aliases); the files keep both actors. `actor unmerge` revisits it.

    \b
    Example:
        actorgraph --graph my-graph actor merge "Israel Defense Forces" "Israeli Defense Forces" \\
            --reason "ICEWS14 spells the IDF this way"
    """
    echo_change(graph.merge(canonical, merged, reason, by=by, dry_run=dry_run), dry_run, output_format)


@actor.command()
@_decision
def unmerge(
    graph: Graph, canonical: str, merged: str, reason: str, by: str | None, dry_run: bool, output_format: str
) -> None:
    """Withdraw the merge of MERGED into CANONICAL: the decision is kept, marked withdrawn.

    \b
    Example:
        actorgraph --graph my-graph actor unmerge "Israel Defense Forces" "Israeli Defense Forces" \\
            --reason "a different unit after all"
    """
    echo_change(graph.unmerge(canonical, merged, reason, by=by, dry_run=dry_run), dry_run, output_format)


@actor.command()
@click.argument("name", required=False)
@format_option("table", "json")
@pass_graph
def merges(graph: Graph, name: str | None, output_format: str) -> None:
    """List the merge decisions, withdrawn ones too: who decided, when and why.

    NAME (optional) keeps the decisions about that actor and the actors merged into it.

    \b
    Example:
        actorgraph --graph my-graph actor merges "Israel Defense Forces"
    """
    from actorgraph import formatting

    found = graph.merges(name)
    if output_format == "json":
        emit(formatting.as_json([m.to_dict() for m in found]), "json")
    else:
        emit(formatting.merges_table(found))
