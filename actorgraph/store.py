"""Load a graph folder into an RDF store.

Every RDF file of the folder becomes a named graph (named by its ``file:`` URI) of one rdflib
``Dataset`` whose default graph is the union, so a query sees everything while each triple
still knows the file it came from. The vocabulary is loaded beside the data, so queries can
follow subrelations and read labels and polarities.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from actorgraph import resources
from actorgraph.errors import GraphSyntaxError
from actorgraph.namespace import PREFIXES

#: File endings actorgraph reads as RDF, and the rdflib parser for each.
RDF_FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".rdf": "xml",
}
VOCABULARY_GRAPH = URIRef("https://w3id.org/actorgraph/ns")


def graph_files(folder: Path) -> list[Path]:
    """The RDF files under *folder*, in a stable order, hidden files and folders left out."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix in RDF_FORMATS
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def display_path(path: Path) -> str:
    """*path* relative to the working directory when it is below it, for messages."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_file(path: Path, into: Graph | None = None, data: str | None = None) -> Graph:
    """Parse one RDF file (or *data*, the text it is about to hold); raise GraphSyntaxError
    naming the file and line on bad syntax."""
    graph = into if into is not None else Graph()
    fmt = RDF_FORMATS.get(path.suffix, "turtle")
    try:
        if data is None:
            graph.parse(path, format=fmt)
        else:
            graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise GraphSyntaxError(Path(display_path(path)), error.lines + 1, error._why) from None
    except (ValueError, SyntaxError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise GraphSyntaxError(Path(display_path(path)), line, reason) from None
    return graph


def new_dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def load(graph_dir: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the vocabulary and every RDF file of *graph_dir* (default: the bundled graph).

    >>> dataset = load()
    >>> len(dataset) > 400
    True
    """
    folder = resources.graph_dir(graph_dir)
    dataset = new_dataset()
    parse_file(resources.vocabulary_file(), dataset.graph(VOCABULARY_GRAPH))
    for path in graph_files(folder):
        parse_file(path, dataset.graph(URIRef(path.resolve().as_uri())))
    return dataset


def data_graphs(dataset: Dataset) -> list[Graph]:
    """The named graphs that hold curated data (every file but the vocabulary)."""
    return [
        graph
        for graph in dataset.graphs()
        if graph.identifier not in (VOCABULARY_GRAPH, dataset.default_graph.identifier)
    ]
