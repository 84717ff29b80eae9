"""The commands about sources: ``sources`` lists them, ``source show`` and ``source add``."""

from __future__ import annotations

from pathlib import Path

import click

from actorgraph.cli.options import change_format_option, dry_run_option, echo_change, emit, format_option, pass_graph
from actorgraph.graph import Graph


@click.command()
@format_option("table", "json", "csv")
@pass_graph
def sources(graph: Graph, output_format: str) -> None:
    """List the sources: id, date, number of current claims, publisher, title and URL.

    The id is the short name to cite a source by (add --source ID, a CSV's source column).

    \b
    Example:
        actorgraph sources
        actorgraph sources --format csv
    """
    from actorgraph import formatting

    found = graph.sources()
    if output_format == "json":
        emit(formatting.as_json([s.to_dict() for s in found]), "json")
    elif output_format == "csv":
        emit(formatting.sources_csv(found), "csv")
    else:
        emit(formatting.sources_table(found))


@click.group()
def source() -> None:
    """Read and add sources, with their full texts.

    \b
    Example:
        actorgraph source show news-2024-10-01-iran-israel-hezbollah
        actorgraph --graph my-graph source add --title "Qatar talks" --date 2024-10-02 --text qatar.txt
    """


@source.command(name="show")
@click.argument("name")
@click.option("--text", "with_text", is_flag=True, help="Also print the source's full text.")
@format_option("text", "json")
@pass_graph
def source_show(graph: Graph, name: str, with_text: bool, output_format: str) -> None:
    """Show a source: every field, its text file, and the claims citing it.

    NAME is the source's id, source:ID, IRI, URL or title, or a part of one title.

    \b
    Example:
        actorgraph source show news-2024-10-01-iran-israel-hezbollah
        actorgraph source show "iran, israel" --text
    """
    from actorgraph import formatting

    detail = graph.source(name)
    if output_format == "json":
        emit(formatting.as_json(detail.to_dict()), "json")
    else:
        emit(formatting.source_detail_text(detail, with_text=with_text))


@source.command(name="add")
@click.option("--title", required=True, help="What the source is: its headline, or a description.")
@click.option("--date", required=True, help="When it was published (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--publisher", help="Who published it.")
@click.option("--url", help="Where it can be read (http:// or https://).")
@click.option("--reliability", help="Admiralty reliability A to F: its claims' rating unless they give one.")
@click.option("--id", metavar="ID", help="Its short name (lowercase, digits, hyphens); made from "
              "publisher (or title) and date if not given.")  # fmt: skip
@click.option(
    "--text",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A UTF-8 file of its full text, copied into the graph folder; quotes citing it must be verbatim in it.",
)
@dry_run_option
@change_format_option
@pass_graph
def source_add(
    graph: Graph,
    title: str,
    date: str,
    publisher: str | None,
    url: str | None,
    reliability: str | None,
    id: str | None,  # the option's name: messages name it `id`
    text: Path | None,
    dry_run: bool,
    output_format: str,
) -> None:
    """Add a source, and its full text kept beside the Turtle (sources/ID.txt).

    Prints the source's id: cite it by that id in add --source and in CSV imports.

    \b
    Example:
        actorgraph --graph my-graph source add --title "Qatar talks resume" --publisher Reuters \\
            --date 2024-10-02 --url https://example.org/qatar-talks --reliability B --text qatar.txt
    """
    from actorgraph.curation import SourceDraft

    draft = SourceDraft(title, date, publisher=publisher, url=url, reliability=reliability, id=id, text=text)
    echo_change(graph.add_source(draft, dry_run=dry_run), dry_run, output_format)
