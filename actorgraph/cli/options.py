"""What every command module shares: the graph of the run, options used by several commands, output.

This module imports nothing of the library at import time, so that ``actorgraph --help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from actorgraph.graph import Graph

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

#: Kept in step with actorgraph.paths.MAX_HOPS and MAX_PATHS (a test checks), so that ``--help``
#: does not have to import the library.
MAX_HOPS = 10
MAX_PATHS = 1_000
#: Kept in step with actorgraph.network.ORIGINS (tests/test_events_origins.py checks), for the same reason.
ORIGINS = ("curated", "machine-coded", "icews", "gdelt", "ucdp-ged", "acled", "polecat")

#: Formats with escaping rules of their own, printed as they are; everything else is for people.
MACHINE_FORMATS = frozenset({"json", "csv", "tsv", "xml", "turtle", "trig", "json-ld", "nt"})

pass_graph = click.make_pass_decorator(Graph)

dry_run_option = click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
origin_option = click.option(
    "--origin",
    type=click.Choice(ORIGINS),
    help="Only claims of this origin: curated, machine-coded, or one event data set.",
)
polarity_option = click.option(
    "--polarity",
    "polarities",
    multiple=True,
    metavar="POLARITY",  # checked by the library, which says "did you mean"
    help="Only ties of this polarity: cooperative, hostile, neutral or structural (repeatable).",
)
min_confidence_option = click.option(
    "--min-confidence", metavar="RATING", help="Only claims rated at least this (Admiralty: B2, C, 3)."
)


#: Kept in step with actorgraph.thinning.MAX_ACTORS (tests/test_maps_thinning.py checks).
MAX_ACTORS = 400
#: Claims ``show`` lists each way unless told: a screenful or two of a hub's thousands, and every
#: claim of an actor of a hand-curated graph (the seed's busiest, Israel, has 13 one way).
SHOW_LIMIT = 50


class CountOrAll(click.ParamType):
    """A limit such as ``--max-actors`` or ``show --limit``: a whole number, 1 or more, or ``all``."""

    name = "N|all"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        if isinstance(value, int) or value == "all":
            return value
        if str(value).strip().lower() == "all":
            return "all"
        try:
            number = int(value)
        except ValueError:
            self.fail(f"{value!r} is neither a whole number nor all", param, ctx)
        if number < 1:
            self.fail(f"{number} is not 1 or more", param, ctx)
        return number


max_actors_option = click.option(
    "--max-actors",
    type=CountOrAll(),
    help=f"Draw at most N actors, the most central (degree centrality) and the --focus ones; "
    f"all: every actor [default: {MAX_ACTORS}].",
)


def actor_limit(value: int | str | None) -> int | None:
    """The library's ``max_actors`` for the value of ``--max-actors``: ``None`` for all."""
    if value is None:
        return MAX_ACTORS
    return None if value == "all" else int(value)


def map_filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that thin a map: ``--polarity``, ``--min-confidence``, ``--min-claims`` and
    ``--max-actors`` (``--origin`` is :data:`origin_option`, shared with ``path``)."""
    for option in reversed(
        (
            polarity_option,
            min_confidence_option,
            click.option(
                "--min-claims",
                type=click.IntRange(min=1),
                metavar="N",
                help="Only ties that at least N claims stand behind [default: 1].",
            ),
            max_actors_option,
        )
    ):
        command = option(command)
    return command


file_option = click.option(
    "--file", type=click.Path(dir_okay=False, path_type=Path), help="Turtle file of the graph folder to write to."
)


def format_option(*choices: str, flag: str = "--format") -> Decorator:
    """``--format`` (or *flag*) with *choices*, the first being the default."""
    return click.option(
        flag,
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


#: ``--format text|json`` of every command that changes the graph folder.
change_format_option = format_option("text", "json")
#: The same for ``import``, whose ``--format`` says what the input file holds.
change_output_option = format_option("text", "json", flag="--output-format")


def echo_change(change: Any, dry_run: bool, output_format: str = "text") -> None:
    """Print what a curation command did: its summary, or ``to_dict()`` as JSON for scripts.

    Its notes (warnings) go to stderr, one line each, in both formats. A dry run in text also
    shows the Turtle each file would get.
    """
    for note in getattr(change, "notes", []):
        emit(f"warning: {note}", err=True)
    if output_format == "json":
        emit_json(change.to_dict())
        return
    emit(change.summary())
    if dry_run:
        for path, text in getattr(change, "writes", {}).items():
            emit(f"\n--- {path}\n{text}", nl=False)


def emit_json(data: object) -> None:
    """Print *data* as one JSON document, for scripts."""
    from actorgraph.formatting import as_json

    emit(as_json(data), "json")


def emit(text: str, output_format: str = "text", err: bool = False, nl: bool = True) -> None:
    """Print a command's output: *text* as it is in a machine format, else with every control
    character (terminal escapes, OSC 52 clipboard writes, bidi overrides) shown, not acted upon.
    """
    from actorgraph.escapes import terminal_safe

    click.echo(text if output_format in MACHINE_FORMATS else terminal_safe(text), err=err, nl=nl)
