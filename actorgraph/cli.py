"""The ``actorgraph`` command: parse the arguments, call one library function, format.

Library modules are imported inside each command so that ``actorgraph --help`` starts fast.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from actorgraph import __version__

if TYPE_CHECKING:
    from rdflib import Dataset

    from actorgraph.actors import ActorIndex
    from actorgraph.network import Projection
    from actorgraph.summary import Summary


class ActorgraphGroup(click.Group):
    """Turns the library's named errors into one-line messages and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        from actorgraph.errors import ActorgraphError
        from actorgraph.escapes import terminal_safe

        try:
            return super().invoke(ctx)
        except ActorgraphError as error:
            raise click.ClickException(terminal_safe(str(error))) from None
        except click.ClickException as error:  # its message may quote a name from the graph
            error.message = terminal_safe(error.message)
            raise


def format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format`` with *choices*, the first being the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


#: Kept in step with actorgraph.paths.MAX_HOPS and MAX_PATHS (a test checks), so that ``--help``
#: does not have to import the library.
MAX_HOPS = 10
MAX_PATHS = 1_000

#: Formats with escaping rules of their own, printed as they are; everything else is for people.
MACHINE_FORMATS = frozenset({"json", "csv", "tsv", "xml", "turtle", "trig", "json-ld", "nt"})


def emit(text: str, output_format: str = "text", err: bool = False, nl: bool = True) -> None:
    """Print a command's output: *text* as it is in a machine format, else with every control
    character (terminal escapes, OSC 52 clipboard writes, bidi overrides) shown, not acted upon.
    """
    from actorgraph.escapes import terminal_safe

    click.echo(text if output_format in MACHINE_FORMATS else terminal_safe(text), err=err, nl=nl)


class Session:
    """The graph folder and store chosen for this run, opened once on first use."""

    def __init__(self, graph_dir: Path | None, store: str | None = None) -> None:
        self.graph_dir = graph_dir
        self.store = store

    @functools.cached_property
    def dataset(self) -> Dataset:
        from actorgraph import store

        return store.open_graph(self.graph_dir, self.store)

    @functools.cached_property
    def remote(self) -> bool:
        """Whether the graph is on a SPARQL server, whose content the folder's files do not key."""
        from actorgraph import resources, store

        if self.store:
            return store.StoreSpec.parse(self.store).kind == "sparql"
        spec = store.configured_store(resources.graph_dir(self.graph_dir))
        return spec is not None and spec.kind == "sparql"

    @functools.cached_property
    def projection(self) -> Projection:
        """The actor network; from the on-disk cache unless the graph is on a SPARQL server."""
        from actorgraph import resources
        from actorgraph.cache import cached_projection
        from actorgraph.network import Projection

        if self.remote:
            return Projection.from_graph(self.dataset)
        folder = resources.graph_dir(self.graph_dir)
        return cached_projection(folder, self._build_projection)

    @functools.cached_property
    def actors(self) -> ActorIndex:
        """Every actor's names, to resolve what a user typed; cached unless on a SPARQL server."""
        from actorgraph import resources
        from actorgraph.actors import ActorIndex
        from actorgraph.cache import cached_actor_index

        if self.remote:
            return ActorIndex.from_graph(self.dataset)
        return cached_actor_index(resources.graph_dir(self.graph_dir), lambda: ActorIndex.from_graph(self.dataset))

    @functools.cached_property
    def summary(self) -> Summary:
        """What ``info`` shows; from the on-disk cache unless the graph is on a SPARQL server."""
        from actorgraph import resources
        from actorgraph.cache import cached_summary
        from actorgraph.summary import summarize

        if self.remote:
            return summarize(self.dataset)
        return cached_summary(resources.graph_dir(self.graph_dir), lambda: summarize(self.dataset))

    def _build_projection(self) -> Projection:
        from actorgraph import store
        from actorgraph.network import Projection

        if "dataset" in self.__dict__:  # already open: read it rather than load the files again
            return Projection.from_graph(self.dataset)
        return Projection.from_graph(store.open_for_one_pass(self.graph_dir, self.store))

    @property
    def name(self) -> str:
        from actorgraph import resources, store

        if self.store and self.store.startswith("sparql:"):
            return self.store.removeprefix("sparql:")
        folder = resources.graph_dir(self.graph_dir)
        if folder.resolve() == resources.bundled_graph_dir().resolve():
            return "bundled seed graph"
        return store.display_path(folder.resolve())


pass_session = click.make_pass_decorator(Session)


@click.group(cls=ActorgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--graph",
    "graph_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ACTORGRAPH_GRAPH",
    help="Folder of RDF files to use instead of the bundled seed graph (or set ACTORGRAPH_GRAPH).",
)
@click.option(
    "--store", envvar="ACTORGRAPH_STORE", metavar="STORE",
    help="Where to read the graph: memory (default), oxigraph:PATH (an embedded store built from the files, "
    "rebuilt when they change) or sparql:URL (a SPARQL 1.1 endpoint). Also `store = ...` in the folder's "
    "actorgraph.toml.",
)  # fmt: skip
@click.version_option(__version__, prog_name="actorgraph")
@click.pass_context
def cli(ctx: click.Context, graph_dir: Path | None, store: str | None) -> None:
    """Map who backs, fights, leads and kills whom, with the evidence for every edge.

    Every command reads the bundled seed graph unless --graph names another folder.

    \b
    Example:
        actorgraph info
        actorgraph show Nasrallah
    """
    ctx.obj = Session(graph_dir, store)


@cli.command()
@format_option("text", "json")
@pass_session
def info(session: Session, output_format: str) -> None:
    """Count actors by class, claims by relation, sources and triples.

    \b
    Example:
        actorgraph info
    """
    from actorgraph import formatting

    summary = session.summary
    if output_format == "json":
        emit(formatting.as_json(summary.to_dict()), "json")
    else:
        emit(formatting.summary_text(summary, session.name))


@cli.command()
@click.option(
    "--type",
    "actor_type",
    metavar="TYPE",
    help="Only actors of this class: State, Person, ArmedGroup, Organization or GovernmentBody.",
)
@format_option("table", "json", "csv")
@pass_session
def actors(session: Session, actor_type: str | None, output_format: str) -> None:
    """List the actors with their class, label and aliases.

    \b
    Example:
        actorgraph actors --type State
    """
    from actorgraph import formatting
    from actorgraph.actors import list_actors

    found = list_actors(session.dataset, type=actor_type)
    if output_format == "json":
        emit(formatting.as_json([a.to_dict() for a in found]), "json")
    elif output_format == "csv":
        rows = ({**a.to_dict(), "aliases": "|".join(a.aliases)} for a in found)
        emit(formatting.as_csv(rows, ["label", "type", "aliases", "iri", "comment"]), "csv")
    else:
        emit(formatting.actors_table(found))


@cli.command()
@format_option("table", "json")
@pass_session
def relations(session: Session, output_format: str) -> None:
    """List every relation with its polarity, inverse, parent and definition.

    Relations are shown as a tree: a claim of a relation also counts for the relations
    above it (killed is a kind of attacked, which is a kind of hostileTo).

    \b
    Example:
        actorgraph relations
    """
    from actorgraph import formatting
    from actorgraph.vocabulary import Vocabulary

    vocabulary = Vocabulary.from_graph(session.dataset)
    if output_format == "json":
        emit(formatting.as_json([r.to_dict() for _, r in vocabulary.in_tree_order()]), "json")
    else:
        emit(formatting.relations_table(vocabulary))


@cli.command()
@click.argument("actor")
@format_option("text", "json")
@pass_session
def show(session: Session, actor: str, output_format: str) -> None:
    """Show an actor and every claim in and out of it, with date, source and quote.

    ACTOR is a label, an alias or a word of a name only one actor has.

    \b
    Example:
        actorgraph show Khamenei
    """
    from actorgraph import formatting
    from actorgraph.claims import actor_profile

    profile = actor_profile(session.dataset, actor, session.actors)
    if output_format == "json":
        emit(formatting.as_json(profile.to_dict()), "json")
    else:
        emit(formatting.profile_text(profile))


@cli.command()
@click.option("--actor", help="Only claims in or out of this actor.")
@click.option("--relation", help="Only claims of this relation or one below it (e.g. hostileTo).")
@click.option("--include-deprecated", is_flag=True, help="Also list retracted claims.")
@format_option("table", "json", "csv")
@pass_session
def claims(
    session: Session, actor: str | None, relation: str | None, include_deprecated: bool, output_format: str
) -> None:
    """List claims with their source, quote, dates and confidence.

    \b
    Example:
        actorgraph claims --actor Iran --relation supports --format json
    """
    from actorgraph import formatting
    from actorgraph.claims import list_claims

    chosen = session.actors.resolve(actor) if actor else None
    found = list_claims(session.dataset, actor=chosen, relation=relation, include_deprecated=include_deprecated)
    if output_format == "json":
        emit(formatting.as_json([c.to_dict() for c in found]), "json")
    elif output_format == "csv":
        emit(formatting.claims_csv(found), "csv")
    else:
        emit(formatting.claims_table(found))


@cli.command()
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
@click.option(
    "--polarity",
    "polarities",
    multiple=True,
    type=click.Choice(["cooperative", "hostile", "neutral", "structural"]),
    help="Use only ties of this sign.",
)
@click.option("--via", multiple=True, help="The path must pass through this actor (repeatable).")
@click.option("--avoid", multiple=True, help="The path must not pass through this actor (repeatable).")
@click.option("--min-confidence", help="Only claims rated at least this (Admiralty: B2, C, 3).")
@click.option("--as-of", help="Only claims in force on this date (YYYY-MM-DD, YYYY-MM or YYYY).")
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
@pass_session
def path(
    session: Session,
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
    """
    from actorgraph import formatting
    from actorgraph.paths import PathQuery, connect

    if all_paths and k:
        raise click.UsageError("--all and --k ask different questions: use one of them")
    method = "all" if all_paths else "k" if k else "shortest"
    query = PathQuery(source, target, method=method, k=k or 3, **constraints)
    report = connect(session.projection, query)
    if output_format == "json":
        emit(formatting.as_json(report.to_dict()), "json")
    else:
        emit(formatting.path_report_text(report))
    if html_file:
        from actorgraph.maps import write_path_dossier

        command = _path_command(session, query)
        written = write_path_dossier(session.projection.at(query.as_of), report.paths, html_file, command=command)
        emit(f"wrote {written}", err=output_format == "json")


@cli.command()
@pass_session
def validate(session: Session) -> None:
    """Check RDF syntax, the vocabulary's terms and the SHACL shapes.

    Exits 0 when the graph is valid, 1 with one line per problem otherwise: the file and
    line, the resource, what is wrong and the rule it breaks.

    \b
    Example:
        actorgraph --graph my-graph/ validate
    """
    from actorgraph import formatting
    from actorgraph.validate import validate as validate_graph

    report = validate_graph(session.graph_dir)
    for note in report.notes:
        emit(f"note: {note}", err=True)
    emit(formatting.report_text(report, session.name))
    if not report.conforms:
        raise SystemExit(1)


dry_run_option = click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
file_option = click.option(
    "--file", type=click.Path(dir_okay=False, path_type=Path), help="Turtle file of the graph folder to write to."
)


def _echo_change(change: Any, dry_run: bool) -> None:
    emit(change.summary())
    if dry_run:
        for path, text in change.writes.items():
            emit(f"\n--- {path}\n{text}", nl=False)


@cli.command()
@click.argument("subject")
@click.argument("relation")
@click.argument("object_", metavar="OBJECT")
@click.option("--source", required=True, help="A known source's id, URL or title; anything else is a new source.")
@click.option(
    "--quote",
    required=True,
    help="The source's words, verbatim (line breaks and tabs kept; no other control character).",
)
@click.option("--date", help="When the event happened (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--start", help="When a state of affairs began.")
@click.option("--end", help="When a state of affairs ended.")
@click.option("--reliability", default="F", show_default=True, help="Admiralty source reliability, A to F.")
@click.option("--credibility", default=6, show_default=True, type=int, help="Admiralty credibility, 1 to 6.")
@click.option("--attributed-to", help="Who, in the source, makes the claim (an actor or their description).")
@click.option("--comment", help="A curator's note kept with the claim.")
@click.option("--source-date", help="Publication date of a new source.")
@click.option("--new-actor", "new_actors", multiple=True, help="Create this actor (with --type); repeatable.")
@click.option("--type", "types", multiple=True, help="Class of each --new-actor, in the same order.")
@file_option
@dry_run_option
@pass_session
def add(
    session: Session,
    subject: str,
    relation: str,
    object_: str,
    new_actors: tuple[str, ...],
    types: tuple[str, ...],
    file: Path | None,
    dry_run: bool,
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
    from actorgraph.curation import ActorDraft, ClaimDraft, add_claim

    if len(new_actors) != len(types):
        raise click.UsageError("give one --type for each --new-actor, in the same order")
    drafts = tuple(ActorDraft(name, kind) for name, kind in zip(new_actors, types, strict=True))
    draft = ClaimDraft(subject, relation, object_, **fields)
    _echo_change(add_claim(session.graph_dir, draft, new_actors=drafts, file=file, dry_run=dry_run), dry_run)


@cli.group()
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
@pass_session
def actor_add(
    session: Session,
    name: str,
    actor_type: str,
    aliases: tuple[str, ...],
    comment: str | None,
    file: Path | None,
    dry_run: bool,
) -> None:
    """Add an actor with its class, label and aliases.

    \b
    Example:
        actorgraph --graph my-graph actor add Qatar --type State --alias "State of Qatar"
    """
    from actorgraph.curation import ActorDraft, add_actor

    change = add_actor(session.graph_dir, ActorDraft(name, actor_type, aliases, comment), file=file, dry_run=dry_run)
    _echo_change(change, dry_run)


@cli.command()
@click.argument("claim_id")
@click.option("--reason", required=True, help="Why the claim is retracted.")
@dry_run_option
@pass_session
def retract(session: Session, claim_id: str, reason: str, dry_run: bool) -> None:
    """Retract a claim: it is kept, marked deprecated with the reason and the day.

    Queries and analyses then ignore it; its plain triple goes when no other claim backs it.

    \b
    Example:
        actorgraph --graph my-graph retract iran-backs-hamas-2 --reason "duplicate of iran-backs-hamas"
    """
    from actorgraph.curation import retract as retract_claim

    _echo_change(retract_claim(session.graph_dir, claim_id, reason, dry_run=dry_run), dry_run)


@cli.command()
@click.argument("graph_store_url", metavar="URL")
@pass_session
def push(session: Session, graph_store_url: str) -> None:
    """Load the graph into a SPARQL server, replacing its default graph.

    URL is the server's Graph Store Protocol endpoint: /store for Oxigraph, /DATASET/data for
    Fuseki. Then read it back with --store sparql:QUERY_URL.

    \b
    Example:
        actorgraph push http://127.0.0.1:7878/store
        actorgraph --store sparql:http://127.0.0.1:7878/query info
    """
    from actorgraph.store import push as push_graph

    count = push_graph(session.graph_dir, graph_store_url)
    emit(f"pushed {count} triples to {graph_store_url}")


# The analysis, import, export and SPARQL commands live in their own modules, which import Session and the
# decorators from here; registering them after this module's definitions keeps the import one-way.
from actorgraph.cli_analysis import balance, communities, neighbors, rank, timeline  # noqa: E402
from actorgraph.cli_events import import_  # noqa: E402
from actorgraph.cli_export import export  # noqa: E402
from actorgraph.cli_sparql import queries, serve, sparql  # noqa: E402

for _command in (neighbors, rank, communities, balance, timeline, import_, export, sparql, queries, serve):
    cli.add_command(_command)


def _path_command(session: Session, query: Any) -> str:
    """The command that makes this dossier again, for the record the page keeps."""
    import shlex

    words = ["actorgraph"]
    words += ["--graph", str(session.graph_dir)] if session.graph_dir else []
    words += ["--store", session.store] if session.store else []
    words += ["path", query.source, query.target]
    words += ["--all"] if query.method == "all" else ["--k", str(query.k)] if query.method == "k" else []
    words += [word for option in query.constraints().values() for word in shlex.split(option)]
    words += ["--rank", query.rank] if query.rank != "length" else []
    words += ["--max-paths", str(query.max_paths)] if query.max_paths != MAX_PATHS else []
    return shlex.join(words)


def main() -> None:
    cli(prog_name="actorgraph", windows_expand_args=False)
