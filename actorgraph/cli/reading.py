"""The commands that read the graph: ``info``, ``actors``, ``relations``, ``show``, ``claims``,
``path`` and ``validate``. Each parses its options, calls one method of :class:`actorgraph.Graph`
and formats the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from actorgraph.cli.options import (
    MAX_HOPS,
    MAX_PATHS,
    SHOW_LIMIT,
    CountOrAll,
    emit,
    format_option,
    min_confidence_option,
    origin_option,
    pass_graph,
    polarity_option,
)
from actorgraph.commands import path_command
from actorgraph.graph import Graph


@click.command()
@format_option("text", "json")
@pass_graph
def info(graph: Graph, output_format: str) -> None:
    """Count actors by class, claims by relation, sources and triples.

    \b
    Example:
        actorgraph info
    """
    from actorgraph import formatting

    summary = graph.summary
    if output_format == "json":
        emit(formatting.as_json(summary.to_dict()), "json")
    else:
        emit(formatting.summary_text(summary, graph.name))


@click.command()
@click.option(
    "--type",
    "actor_type",
    metavar="TYPE",
    help="Only actors of this class: State, Person, ArmedGroup, Organization or GovernmentBody.",
)
@click.option("--unlinked", is_flag=True, help="Only actors no claim is about (retracted claims do not count).")
@format_option("table", "json", "csv")
@pass_graph
def actors(graph: Graph, actor_type: str | None, unlinked: bool, output_format: str) -> None:
    """List the actors with their class, label and aliases.

    \b
    Example:
        actorgraph actors --type State
        actorgraph actors --unlinked
    """
    from actorgraph import formatting

    found = graph.actors(type=actor_type, unlinked=unlinked)
    if output_format == "json":
        emit(formatting.as_json([a.to_dict() for a in found]), "json")
    elif output_format == "csv":
        rows = ({**a.to_dict(), "aliases": "|".join(a.aliases)} for a in found)
        emit(formatting.as_csv(rows, ["label", "type", "aliases", "iri", "comment"]), "csv")
    else:
        emit(formatting.actors_table(found))


@click.command()
@format_option("table", "json")
@pass_graph
def relations(graph: Graph, output_format: str) -> None:
    """List every relation with its polarity, inverse, parent and definition.

    Relations are shown as a tree: a claim of a relation also counts for the relations
    above it (killed is a kind of attacked, which is a kind of hostileTo).

    \b
    Example:
        actorgraph relations
    """
    from actorgraph import formatting

    vocabulary = graph.relations()
    if output_format == "json":
        emit(formatting.as_json([r.to_dict() for _, r in vocabulary.in_tree_order()]), "json")
    else:
        emit(formatting.relations_table(vocabulary))


@click.command()
@click.argument("actor")
@click.option(
    "--limit",
    type=CountOrAll(),
    default=SHOW_LIMIT,
    show_default=True,
    help="At most N claims each way; an actor with more shows its newest first. all: every claim.",
)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, help="Skip the newest K claims each way (a next page)."
)
@format_option("text", "json")
@pass_graph
def show(graph: Graph, actor: str, limit: int | str, offset: int, output_format: str) -> None:
    """Show an actor and its claims in and out, with date, source and quote.

    ACTOR is a label, an alias or a word of a name only one actor has. An actor with more claims
    one way than --limit shows a page of them, newest first, and says how to see the next.

    \b
    Example:
        actorgraph show Khamenei
        actorgraph show Iran --limit 20 --offset 20
    """
    from actorgraph import formatting

    if limit == "all" and offset:
        raise click.BadParameter("pages go with --limit N: with --limit all there is one page", param_hint="'--offset'")
    profile = graph.show(actor, limit=None if limit == "all" else int(limit), offset=offset)
    if output_format == "json":
        emit(formatting.as_json(profile.to_dict()), "json")
    else:
        emit(formatting.profile_text(profile, offset))


@click.command()
@click.option("--actor", help="Only claims in or out of this actor.")
@click.option("--relation", help="Only claims of this relation or one below it (e.g. hostileTo).")
@click.option("--include-deprecated", is_flag=True, help="Also list retracted and superseded claims.")
@click.option(
    "--status",
    type=click.Choice(["proposed", "verified", "disputed"]),
    help="Only claims of this review status (proposed claims are listed only when asked for).",
)
@format_option("table", "json", "csv")
@pass_graph
def claims(
    graph: Graph,
    actor: str | None,
    relation: str | None,
    include_deprecated: bool,
    status: str | None,
    output_format: str,
) -> None:
    """List claims with their source, quote, dates, confidence and review status.

    \b
    Example:
        actorgraph claims --actor Iran --relation supports --format json
        actorgraph claims --status disputed
    """
    from actorgraph import formatting

    found = graph.claims(actor=actor, relation=relation, include_deprecated=include_deprecated, status=status)
    if output_format == "json":
        emit(formatting.as_json([c.to_dict() for c in found]), "json")
    elif output_format == "csv":
        emit(formatting.claims_csv(found), "csv")
    else:
        emit(formatting.claims_table(found))


@click.command()
@click.argument("source")
@click.argument("target")
@click.option("--all", "all_paths", is_flag=True, help="Every simple path up to --max-hops (default 4).")
@click.option("--k", type=click.IntRange(min=1), help="The K shortest simple paths (Yen's algorithm).")
@click.option("--max-hops", type=click.IntRange(1, MAX_HOPS), help="Longest path to consider, in hops.")
@click.option(
    "--max-paths",
    type=click.IntRange(min=1),
    default=MAX_PATHS,
    show_default=True,
    help="With --all, return at most this many paths, the shortest first (a note says when there are more).",
)
@click.option("--directed", is_flag=True, help="Follow claims from subject to object only.")
@click.option("--relation", "relations", multiple=True, help="Use only this relation and those below it (repeatable).")
@click.option("--exclude-relation", "exclude_relations", multiple=True, help="Never use this relation (repeatable).")
@polarity_option
@click.option("--via", multiple=True, help="The path must pass through this actor (repeatable).")
@click.option("--avoid", multiple=True, help="The path must not pass through this actor (repeatable).")
@min_confidence_option
@click.option("--as-of", help="Only claims in force on this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--exclude-disputed", is_flag=True, help="Leave out the claims a source or an actor disputes.")
@origin_option
@click.option(
    "--rank",
    type=click.Choice(["length", "evidence"]),
    default="length",
    show_default=True,
    help="Order paths by length, or by their weakest hop's rating and sources.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a path dossier: the paths in their neighbourhood, with every hop's evidence.",
)
@format_option("text", "json")
@pass_graph
def path(
    graph: Graph,
    source: str,
    target: str,
    all_paths: bool,
    k: int | None,
    output_format: str,
    html_file: Path | None,
    **constraints: Any,
) -> None:
    """Find and explain the paths between two actors, hop by hop, with evidence and sign.

    Undirected by default: a hop may walk a relation against its direction, shown with the
    arrow reversed (Hezbollah ←leads— Hassan Nasrallah). Each hop lists the claims behind it;
    each path gets a sign from its hops (the enemy of an ally is an enemy).

    \b
    Example:
        actorgraph path Iran Nasrallah
        actorgraph path Iran Netanyahu --all --max-hops 3 --as-of 2024-09-01
        actorgraph path Khamenei Nasrallah --directed --polarity hostile --format json
        actorgraph path Iran Nasrallah --html exports/iran-nasrallah.html
        actorgraph --graph my-graph path Hezbollah Israel --origin gdelt
    """
    from actorgraph import formatting

    if all_paths and k:
        raise click.UsageError("--all and --k ask different questions: use one of them")
    method = "all" if all_paths else "k" if k else "shortest"
    report = graph.path(source, target, method=method, k=k or 3, **constraints)
    if output_format == "json":
        emit(formatting.as_json(report.to_dict()), "json")
    else:
        emit(formatting.path_report_text(report))
    if html_file:
        command = path_command(graph, source, target, method, k, constraints)
        written = graph.dossier(report, command=command).save(html_file)
        emit(f"wrote {written}", err=output_format == "json")


@click.command()
@format_option("text", "json")
@pass_graph
def validate(graph: Graph, output_format: str) -> None:
    """Check RDF syntax, the vocabulary's terms and the SHACL shapes.

    Exits 0 when the graph is valid, 1 with one line per problem otherwise: the file and
    line, the resource, what is wrong and the rule it breaks. With --format json, one JSON
    document (valid, files, claims, problems, notes) and the same exit status.

    \b
    Example:
        actorgraph --graph my-graph/ validate
        actorgraph --graph my-graph/ validate --format json
    """
    from actorgraph import formatting

    report = graph.validate()
    for note in report.notes:
        emit(f"note: {note}", err=True)
    if output_format == "json":
        emit(formatting.as_json(report.to_dict()), "json")
    else:
        emit(formatting.report_text(report, graph.name))
    if not report.conforms:
        raise SystemExit(1)
