"""The ``export`` command: interactive HTML maps and files for other tools.

Each parses its options, calls :meth:`actorgraph.Graph.map` or an export method, and writes the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from actorgraph.cli.options import MAX_HOPS, actor_limit, emit, map_filter_options, origin_option, pass_graph
from actorgraph.commands import MapThinning, export_command
from actorgraph.graph import Graph

if TYPE_CHECKING:
    import networkx as nx

RDF = ("turtle", "trig", "json-ld", "nt")
NETWORK = ("html", "graphml", "gexf", "csv", "cytoscape")
FORMATS = ("html", *RDF, "graphml", "gexf", "csv", "cytoscape")
EXTENSIONS = {
    "html": ".html",
    "turtle": ".ttl",
    "trig": ".trig",
    "json-ld": ".jsonld",
    "nt": ".nt",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "cytoscape": ".cyjs",
}
DEFAULT_FOLDER = Path("exports")
DEFAULT_STEM = "actors"


@click.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS, case_sensitive=False))
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="File to write, or - for standard output (default exports/actors.EXT). "
    "csv writes nodes.csv and edges.csv into a folder, or STEM-nodes.csv and STEM-edges.csv for a file name.",
)
@click.option("--focus", multiple=True, metavar="ACTOR", help="Only this actor and its neighbours (repeatable).")
@click.option(
    "--hops", type=click.IntRange(0, MAX_HOPS), metavar="N", help="How many links away from --focus to go [default: 1]."
)
@click.option(
    "--relation",
    "relations",
    multiple=True,
    metavar="RELATION",
    help="Only links of this relation or one below it (repeatable; e.g. hostileTo).",
)
@click.option("--as-of", metavar="DATE", help="Only claims in force on this day (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--title", help="The map's title (html).")
@click.option(
    "--size-by",
    type=click.Choice(["degree", "pagerank"]),
    help="What an actor's size shows on the map (html) [default: degree].",
)
@origin_option
@map_filter_options
@click.option(
    "--color-by",
    "colour_by",
    type=click.Choice(["polarity", "origin"]),
    help="What a link's colour shows on the map (html): its polarity, or the origin of its claims [default: polarity].",
)
@click.option("--with-vocabulary", is_flag=True, help="Add the vocabulary to the curated data (RDF formats).")
@pass_graph
def export(
    graph: Graph,
    fmt: str,
    output: str | None,
    focus: tuple[str, ...],
    hops: int | None,
    relations: tuple[str, ...],
    as_of: str | None,
    title: str | None,
    size_by: str | None,
    origin: str | None,
    polarities: tuple[str, ...],
    min_confidence: str | None,
    min_claims: int | None,
    max_actors: int | str | None,
    colour_by: str | None,
    with_vocabulary: bool,
) -> None:
    """Write an interactive map (html) or a file for another tool.

    FORMAT is html (an offline map to open in any browser), turtle, trig, json-ld or nt (the
    curated RDF data; TriG keeps one named graph per file), graphml or gexf (the actor network
    for Gephi, yEd or NetworkX), csv (nodes and edges files) or cytoscape (Cytoscape JSON).
    --focus, --hops, --relation, --polarity, --min-confidence, --min-claims, --as-of and --origin
    choose the part of the network that html, graphml, gexf, csv and cytoscape show. A map (html)
    draws at most --max-actors actors (400 unless said): past that, the most central ones (degree
    centrality) and the --focus ones, and its header says so with the command that draws them all.
    --color-by origin colours a map's links by where their claims come from (curated, each event
    data set, or a mix), with a legend.

    \b
    Example:
        actorgraph export html
        actorgraph export html --focus Hezbollah --hops 2 -o exports/hezbollah.html
        actorgraph export gexf --as-of 2024-09-30
        actorgraph export html --color-by origin -o exports/origins.html
        actorgraph export html --origin gdelt --focus Hezbollah
        actorgraph export html --min-claims 3 --polarity hostile --max-actors 200
        actorgraph export turtle -o -
    """
    fmt = fmt.lower()
    thin = MapThinning(polarities, min_confidence, min_claims, max_actors)
    _check_options(fmt, output, focus, hops, relations, as_of, title, size_by, with_vocabulary, origin, colour_by, thin)
    if fmt in RDF:
        _export_rdf(graph, fmt, output, with_vocabulary)
        return
    around = 1 if hops is None else hops
    limit = actor_limit(max_actors) if fmt == "html" else None
    chosen = graph.select(focus, around, relations, as_of, origin, polarities, min_confidence, min_claims or 1, limit)
    counts = _counts(chosen.network)
    if fmt == "html":

        def command(thinning: MapThinning) -> str:
            return export_command(
                graph, fmt, output, focus, hops, relations, as_of, title, size_by, origin, colour_by, thinning
            )

        page = graph.map(
            focus,
            around,
            relations,
            as_of,
            title=title,
            size_by=size_by or "degree",
            command=command(thin),
            origin=origin,
            colour_by=colour_by or "polarity",
            polarities=polarities,
            min_confidence=min_confidence,
            min_claims=min_claims or 1,
            max_actors=limit,
            command_all=command(thin.everything()),
        )
        written = _write(output, fmt, page)
        if written:
            emit(f"wrote {_shown(written)}: {counts}")
            if chosen.cut:
                shown = chosen.network.number_of_nodes()
                emit(f"drew the {shown:,} most central of {chosen.total:,} actors; --max-actors all draws every one")
            emit(f"open it in a browser: {written.resolve().as_uri()}")
        return
    from actorgraph.export import export_network, write_texts

    text = export_network(chosen.network, fmt)
    if isinstance(text, dict):
        nodes_path, edges_path = _csv_paths(output)
        write_texts({nodes_path: text["nodes"], edges_path: text["edges"]})
        emit(f"wrote {_shown(nodes_path)} and {_shown(edges_path)}: {counts}")
        return
    written = _write(output, fmt, text)
    if written:
        emit(f"wrote {_shown(written)}: {counts}")


def _check_options(
    fmt: str,
    output: str | None,
    focus: tuple[str, ...],
    hops: int | None,
    relations: tuple[str, ...],
    as_of: str | None,
    title: str | None,
    size_by: str | None,
    with_vocabulary: bool,
    origin: str | None = None,
    colour_by: str | None = None,
    thin: MapThinning | None = None,
) -> None:
    """Refuse options that do not apply to *fmt*, rather than silently ignoring them."""
    thin = thin or MapThinning()
    if fmt in RDF:
        given = [
            name
            for name, value in (
                ("--focus", focus),
                ("--hops", hops is not None),
                ("--relation", relations),
                ("--as-of", as_of),
                ("--title", title),
                ("--size-by", size_by),
                ("--origin", origin),
                ("--polarity", thin.polarities),
                ("--min-confidence", thin.min_confidence),
                ("--min-claims", thin.min_claims),
                ("--max-actors", thin.max_actors),
                ("--color-by", colour_by),
            )
            if value
        ]
        if given:
            raise click.UsageError(
                f"{given[0]} applies to the network formats ({', '.join(NETWORK)}); "
                f"{fmt} exports the curated RDF data as it is"
            )
        return
    if with_vocabulary:
        raise click.UsageError(f"--with-vocabulary applies to the RDF formats ({', '.join(RDF)}), not {fmt}")
    if hops is not None and not focus:
        raise click.UsageError("--hops needs --focus: the actors to count the hops from")
    if fmt != "html":
        for name, value in (
            ("--title", title),
            ("--size-by", size_by),
            ("--color-by", colour_by),
            ("--max-actors", thin.max_actors),
        ):
            if value:
                raise click.UsageError(f"{name} applies to html maps, not {fmt}")
    if fmt == "csv" and output == "-":
        raise click.UsageError("csv writes two files (nodes and edges): give a folder or a file name, not -")


def _export_rdf(graph: Graph, fmt: str, output: str | None, with_vocabulary: bool) -> None:
    text = graph.export(fmt, with_vocabulary=with_vocabulary)
    written = _write(output, fmt, text)
    if written:
        what = "curated data and the vocabulary" if with_vocabulary else "curated data"
        name = "the bundled seed graph" if graph.name == "bundled seed graph" else graph.name
        emit(f"wrote {_shown(written)}: the {what} of {name}")


def _write(output: str | None, fmt: str, text: str) -> Path | None:
    """Write *text* where *output* says (standard output for -); return the file written."""
    from actorgraph.export import write_text

    if output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return None
    target = Path(output) if output else DEFAULT_FOLDER / f"{DEFAULT_STEM}{EXTENSIONS[fmt]}"
    if output and target.is_dir():
        target = target / f"{DEFAULT_STEM}{EXTENSIONS[fmt]}"
    return write_text(target, text)


def _csv_paths(output: str | None) -> tuple[Path, Path]:
    """``nodes.csv`` and ``edges.csv`` in a folder, or ``STEM-nodes.csv``/``STEM-edges.csv`` beside a file name."""
    if output is None:
        folder = DEFAULT_FOLDER
    else:
        target = Path(output)
        if target.suffix and not target.is_dir() and not output.endswith(("/", "\\")):
            return target.with_name(f"{target.stem}-nodes.csv"), target.with_name(f"{target.stem}-edges.csv")
        folder = target
    return folder / "nodes.csv", folder / "edges.csv"


def _counts(network: nx.MultiDiGraph) -> str:
    claims = sum(len(d["claims"]) for _, _, d in network.edges(data=True))
    actors, links = network.number_of_nodes(), network.number_of_edges()
    return f"{actors} actor{'s' * (actors != 1)}, {links} link{'s' * (links != 1)}, {claims} claim{'s' * (claims != 1)}"


def _shown(path: Path) -> str:
    from actorgraph.store import display_path

    return display_path(path)
