"""The command lines that ask a question again: a map's and a dossier's record of how they were
made, the workbench's equivalent command, the options named in an error message.

They belong to the library, not to the command line's modules: the workbench and the library's
outputs write them too, and neither may import the CLI.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from actorgraph.paths import MAX_PATHS

if TYPE_CHECKING:
    from actorgraph.graph import Graph


def command_line(graph: Graph, command: str, *words: Iterable[str]) -> str:
    """The command that makes an output again (a map's or a dossier's record of how it was made).

    Each of *words* is a group of arguments in the order they are shown.
    """
    line = ["actorgraph"]
    line += ["--graph", str(graph.graph_dir)] if graph.graph_dir else []
    line += ["--store", graph.store] if graph.store else []
    line.append(command)
    for group in words:
        line += list(group)
    return shlex.join(line)


def repeated(option: str, values: Iterable[str]) -> list[str]:
    """``--option value`` for each value."""
    return [word for value in values for word in (option, value)]


def given(option: str, value: object) -> list[str]:
    """``--option value`` when *value* is set (``--option`` alone for ``True``)."""
    if value is None or value is False:
        return []
    return [option] if value is True else [option, str(value)]


#: The option of each argument of :meth:`actorgraph.Graph.path`, in the order a command line shows them.
PATH_OPTIONS = {
    "as_of": "--as-of",
    "relations": "--relation",
    "exclude_relations": "--exclude-relation",
    "polarities": "--polarity",
    "min_confidence": "--min-confidence",
    "via": "--via",
    "avoid": "--avoid",
    "directed": "--directed",
    "max_hops": "--max-hops",
    "exclude_disputed": "--exclude-disputed",
    "origin": "--origin",
}


def path_option(name: str, value: object) -> list[str]:
    """The words that set the path argument *name* to *value* on the command line."""
    if isinstance(value, tuple):
        return repeated(PATH_OPTIONS[name], value)
    return given(PATH_OPTIONS[name], value)


def path_option_text(name: str, value: object) -> str:
    """The options that set the path argument *name* to *value*, as one would type them."""
    return shlex.join(path_option(name, value))


def path_command(graph: Graph, source: str, target: str, method: str, k: int | None, options: dict[str, Any]) -> str:
    """The ``actorgraph path`` command that asks this again (a dossier's record, the workbench's
    equivalent command line); *options* are :meth:`Graph.path`'s keyword arguments, all given."""
    return command_line(
        graph,
        "path",
        [source, target],
        ["--all"] if method == "all" else given("--k", k),
        *(path_option(name, options[name]) for name in PATH_OPTIONS),
        given("--rank", options["rank"] if options["rank"] != "length" else None),
        given("--max-paths", options["max_paths"] if options["max_paths"] != MAX_PATHS else None),
    )


@dataclass(frozen=True)
class MapThinning:
    """The options that thin a map, as given on its command line (``None``: not given; a
    ``max_actors`` of ``"all"`` lifts the limit)."""

    polarities: tuple[str, ...] = ()
    min_confidence: str | None = None
    min_claims: int | None = None
    max_actors: int | str | None = None

    def everything(self) -> MapThinning:
        """The same, drawing every actor: what a map cut to its most central actors offers."""
        return replace(self, max_actors="all")


def export_command(
    graph: Graph,
    fmt: str,
    output: str | None,
    focus: tuple[str, ...],
    hops: int | None,
    relations: tuple[str, ...],
    as_of: str | None,
    title: str | None,
    size_by: str | None,
    origin: str | None = None,
    colour_by: str | None = None,
    thinning: MapThinning | None = None,
) -> str:
    """The command that makes this map again, options in a canonical order (the workbench's map shows it too)."""
    thin = thinning or MapThinning()
    return command_line(
        graph,
        "export",
        [fmt],
        repeated("--focus", focus),
        given("--hops", hops),
        repeated("--relation", relations),
        repeated("--polarity", thin.polarities),
        given("--min-confidence", thin.min_confidence),
        given("--min-claims", thin.min_claims),
        given("--as-of", as_of),
        given("--origin", origin),
        given("--max-actors", thin.max_actors),
        given("--size-by", size_by),
        given("--color-by", colour_by),
        given("--title", title),
        given("-o", output),
    )
