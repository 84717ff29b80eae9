"""The ``actorgraph`` command: parse the arguments, call one method of :class:`actorgraph.Graph`, format.

One module per group of commands; each imports the shared options from :mod:`.options`, and this
module registers them all, so that no module imports one that imports it back. Library modules
are imported inside each command so that ``actorgraph --help`` starts fast.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from actorgraph import __version__, status
from actorgraph.cli import actor, analysis, claim, curation, events, export, reading, review, sources, sparql
from actorgraph.commands import path_option_text
from actorgraph.graph import Graph


class ActorgraphGroup(click.Group):
    """Where errors become exit codes: the library's named errors and click's usage errors print
    one line on standard error (``Error: ...``), with status 1 and 2 respectively.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from actorgraph.errors import ActorgraphError, MissingActor, NoPath, QueryError, ReadOnlyGraph

        try:
            return super().invoke(ctx)
        except ReadOnlyGraph as error:  # the library's messages name arguments; the command's, options
            raise _one_line(click.ClickException(error.explain("--graph"))) from None
        except MissingActor as error:
            raise _one_line(click.ClickException(error.explain(curation.new_actor_hint(error.name)))) from None
        except NoPath as error:
            raise _one_line(click.ClickException(error.explain(path_option_text))) from None
        except QueryError as error:  # a query that cannot run as given is a usage problem: status 2
            raise _one_line(sparql.QueryProblem(str(error))) from None
        except ActorgraphError as error:
            raise _one_line(click.ClickException(self.as_options(ctx, str(error)))) from None
        except click.ClickException as error:
            raise _one_line(error) from None

    def as_options(self, ctx: click.Context, message: str) -> str:
        """*message* with each argument it names in backquotes written as the invoked command's option.

        A name the command has no option for (a CSV column, say) keeps its backquotes.
        """
        command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
        own = [param for param in self.params if isinstance(param, click.Option)]  # --user, --store
        flags = {param.name: param.opts[0] for param in [*own, *_options(command)]}
        return re.sub(r"`(\w+)`", lambda found: flags.get(found.group(1), found.group(0)), message)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as error:
            raise _one_line(error) from None


def _options(command: click.Command | None) -> list[click.Option]:
    """The options of *command* and, for a group, of each of its commands."""
    if command is None:
        return []
    found = [param for param in command.params if isinstance(param, click.Option)]
    for sub in command.commands.values() if isinstance(command, click.Group) else ():
        found += _options(sub)
    return found


def _one_line(error: click.ClickException) -> click.ClickException:
    """*error* as one safe line: without the context click would show as a usage line and a
    ``--help`` hint, and with any control character of a name from the graph shown, not acted upon.
    """
    from actorgraph.escapes import terminal_safe

    message = terminal_safe(error.format_message())
    # click's errors exit with 2 (usage) or 1 (anything else); UsageError without a context is one line
    return click.UsageError(message) if error.exit_code == 2 else click.ClickException(message)


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
@click.option(
    "--user", envvar="ACTORGRAPH_USER", metavar="NAME",
    help="The user to log in to a SPARQL server as (sparql: stores, push); the password is read from "
    "ACTORGRAPH_PASSWORD, never from the command line.",
)  # fmt: skip
@click.option(
    "--refresh", is_flag=True,
    help="Build the actor network, the summary and the actor index again instead of taking them from the cache "
    "(a graph on a SPARQL server changed in a way its version does not show).",
)  # fmt: skip
@click.version_option(__version__, prog_name="actorgraph")
@click.pass_context
def cli(ctx: click.Context, graph_dir: Path | None, store: str | None, user: str | None, refresh: bool) -> None:
    """Map who backs, fights, leads and kills whom, with the evidence for every edge.

    Every command reads the bundled seed graph unless --graph names another folder.

    \b
    Example:
        actorgraph info
        actorgraph show Nasrallah
    """
    ctx.obj = Graph(graph_dir, store, user, refresh)
    if sys.stderr.isatty():
        ctx.with_resource(status.reporting(terminal_reporter()))


def terminal_reporter(delay: float = 1.0) -> status.Reporter:
    """Say on stderr what a step of the library is doing, when it lasts more than *delay* seconds
    (the first command after a big import builds the store, the network, the summary)."""

    def start(what: str) -> Callable[[], None]:
        timer = threading.Timer(delay, lambda: click.echo(f"{what}…", err=True))
        timer.daemon = True
        timer.start()
        return timer.cancel

    return start


for _command in (
    reading.info,
    reading.actors,
    reading.relations,
    reading.show,
    reading.claims,
    reading.path,
    reading.validate,
    curation.add,
    actor.actor,
    curation.retract,
    claim.claim,
    claim.restore,
    claim.dispute,
    curation.push,
    sources.sources,
    sources.source,
    review.propose,
    review.review,
    review.accept,
    review.reject,
    analysis.neighbors,
    analysis.rank,
    analysis.communities,
    analysis.balance,
    analysis.timeline,
    events.import_,
    export.export,
    sparql.sparql,
    sparql.queries,
    sparql.serve,
):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="actorgraph", windows_expand_args=False)
