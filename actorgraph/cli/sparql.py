"""The ``sparql``, ``queries`` and ``serve`` commands.

Query errors — syntax, unknown prefix, refused, timeout, bad parameter, unknown query — end
with exit status 2 and one line on standard error; no traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from actorgraph.cli.options import Decorator, emit, format_option, pass_graph
from actorgraph.graph import Graph

#: Kept in step with actorgraph.sparql.DEFAULT_TIMEOUT and FORMATS (a test checks), so that
#: ``--help`` does not have to import rdflib.
DEFAULT_TIMEOUT = 5.0

DEFAULT_MAX_ROWS = 10_000
OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "json-ld", "nt")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def timeout_option(help: str) -> Decorator:
    """``--timeout SECONDS``, the time limit of a query, for ``sparql`` and ``serve`` alike."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help=help,
    )


class QueryProblem(click.ClickException):
    """A query that cannot be run as given: one line, exit status 2."""

    exit_code = 2


def _fail(message: str) -> NoReturn:
    raise QueryProblem(message)


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE (e.g. actor=Iran), got {value!r}", param_hint="--param")
        if name.strip() in params:
            raise click.BadParameter(f"{name.strip()!r} is given twice", param_hint="--param")
        params[name.strip()] = text
    return params


def _read_query(query: str | None, name: str | None) -> tuple[str, str]:
    """The query text and where it comes from (shown before errors that point into it)."""
    from actorgraph.queries import get_query

    if query is not None and name is not None:
        raise click.UsageError("give either QUERY or --name, not both")
    if name is not None:
        named = get_query(name)
        return named.text, named.path.name
    if query is None:
        raise click.UsageError("missing QUERY: give SPARQL text, a .rq file, - for standard input, or --name NAME")
    if query == "-":
        return sys.stdin.read(), "<stdin>"
    looks_like_path = "\n" not in query and len(query) < 4096 and not any(c.isspace() for c in query.strip())
    if looks_like_path:
        path = Path(query).expanduser()
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8"), query
            except (OSError, UnicodeDecodeError) as error:
                _fail(f"cannot read {query}: {error}")
        if path.suffix in (".rq", ".sparql"):
            _fail(f"query file not found: {query}")
    return query, ""


@click.command()
@click.argument("query", required=False)
@click.option("--name", "-n", metavar="NAME", help="Run the named query NAME (list them with `actorgraph queries`).")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A value for a parameter the query declares (repeatable), e.g. --param actor=Iran.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default=None,
    help="SELECT: table (default), csv, tsv, json or xml. ASK: table (true/false), json or xml. "
    "CONSTRUCT and DESCRIBE: turtle (default), json-ld, nt or xml (RDF/XML).",
)
@timeout_option("Stop the query after this many seconds (0: no limit).")
@pass_graph
def sparql(
    graph: Graph,
    query: str | None,
    name: str | None,
    params: tuple[str, ...],
    output_format: str | None,
    timeout: float,
) -> None:
    """Run a read-only SPARQL query on the graph.

    QUERY is SPARQL text, a .rq file, or - to read standard input; --name runs a named query.
    The prefixes ag:, actor:, claim:, source:, rdf:, rdfs:, owl:, skos:, prov:, dcterms: and
    xsd: are declared. SPARQL Update, SERVICE, and FROM of a graph that is not loaded are
    refused. Query errors exit with status 2. A vocabulary term or actor IRI the graph does not
    have (ag:bakcs) gets a warning on standard error with the closest ones; the results follow.

    \b
    Examples:
        actorgraph sparql 'SELECT ?who WHERE { ?who ag:backs actor:Hezbollah }'
        actorgraph sparql --name proxies --param of=Iran --format json
        actorgraph sparql my-question.rq --format csv > answer.csv
    """
    from actorgraph.errors import QueryError
    from actorgraph.sparql import FORMATS, formats_for, prepare

    text, origin = _read_query(query, name)
    given = _parse_params(params)
    where = f"{origin}: " if origin and origin != "<stdin>" else ""
    try:
        prepared = prepare(text)
        if output_format and prepared.kind not in FORMATS[output_format].kinds:
            _fail(f"{output_format} cannot show {prepared.kind} results — use {_or(formats_for(prepared.kind))}")
        result = graph.sparql(text, given, timeout=timeout)
    except QueryError as error:
        from actorgraph.errors import QueryTimeout

        hint = " (use --timeout to allow more)" if isinstance(error, QueryTimeout) else ""
        located = where if getattr(error, "line", None) else ""
        _fail(f"{located}{error}{hint}")
    for warning in result.warnings:  # the results are still printed: the query did run
        emit(f"warning: {where}{warning}", err=True)
    output = result.serialize(output_format)
    emit(output, output_format or formats_for(result.kind)[0], nl=not output.endswith("\n"))


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@click.command()
@click.argument("name", required=False)
@format_option("table", "json")
def queries(name: str | None, output_format: str) -> None:
    """List the named queries, or show one with its parameters and SPARQL.

    Named queries are the .rq files of ontology/queries; run one with
    `actorgraph sparql --name NAME --param KEY=VALUE`.

    \b
    Examples:
        actorgraph queries
        actorgraph queries hostile-to-both
    """
    from actorgraph import formatting
    from actorgraph.queries import get_query, list_queries

    if name is None:
        found = list_queries()
        if output_format == "json":
            emit(formatting.as_json([q.to_dict() for q in found]), "json")
        else:
            rows = [[q.name, q.title, " ".join(p.usage for p in q.parameters)] for q in found]
            emit(formatting.table(rows, ["name", "title", "parameters"], max_cell=60))
        return
    named = get_query(name)
    if output_format == "json":
        emit(formatting.as_json(named.to_dict(text=True)), "json")
        return
    usage = " ".join(f"--param {p.usage.strip('[]')}" for p in named.parameters if p.required)
    lines = [named.title, ""]
    if named.description:
        lines += [named.description, ""]
    if named.parameters:
        lines.append("Parameters:")
        width = max(len(p.name) for p in named.parameters)
        for p in named.parameters:
            need = "required" if p.required else f"default {p.default}" if p.default is not None else "optional"
            lines.append(
                f"  {p.name.ljust(width)}  {p.type}, {need}" + (f" — {p.description}" if p.description else "")
            )
        lines.append("")
    lines += [f"Run: actorgraph sparql --name {named.name}" + (f" {usage}" if usage else ""), ""]
    body = "\n".join(line for line in named.text.splitlines() if not line.startswith("#")).strip()
    lines.append(body)
    emit("\n".join(lines))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@timeout_option("Stop each query after this many seconds (0: no limit); the client gets 503.")
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    help="Refuse results with more rows (or triples) than this; the client gets 413.",
)
@click.option(
    "--cors",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    callback=lambda _ctx, _param, values: tuple(_origin(value) for value in values),
    help="Let web pages of ORIGIN (e.g. http://localhost:8888) read answers (repeatable); none by default.",
)
@click.option("--quiet", is_flag=True, help="Do not log requests.")
@pass_graph
def serve(
    graph: Graph, host: str, port: int, timeout: float, max_rows: int, cors_origins: tuple[str, ...], quiet: bool
) -> None:
    """Serve the graph in the browser: the workbench, and a read-only SPARQL 1.1 endpoint.

    The workbench's pages browse actors, claims and sources, find paths, draw the map and run
    SPARQL; they read the graph's files as they are at each request. /sparql answers GET
    ?query=…, POST forms and application/sparql-query bodies, in the format the Accept header
    asks for; updates and graph store writes get 403. It listens on 127.0.0.1 only unless --host
    says otherwise, answers only requests addressed to that address (or localhost), and lets no
    web page of another origin read it unless --cors allows one.

    \b
    Examples:
        actorgraph serve
        actorgraph serve --port 8080 --timeout 10
        actorgraph serve --cors http://localhost:8888
    """
    import contextlib

    from actorgraph.server import make_server
    from actorgraph.web import make_workbench

    app = make_workbench(
        graph,
        timeout=timeout or None,
        max_rows=max_rows,
        cors_origins=cors_origins,
    )
    try:
        server = make_server(app, host, port, quiet=quiet)
    except OSError as error:
        reason = error.strerror or str(error)
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {reason} — choose another --port or --host"
        ) from None
    what = f"the {graph.name}" if graph.name == "bundled seed graph" else graph.name
    click.echo(f"Serving {what} ({app.state.triples} triples), read-only.")
    click.echo(f"  Workbench:       {server.url}/")
    click.echo(f"  SPARQL endpoint: {server.url}/sparql")
    if host not in _LOOPBACK:
        click.echo(f"Warning: listening on {host}: anyone who can reach this machine can query the graph.", err=True)
    click.echo("Press Ctrl-C to stop.")
    sys.stdout.flush()
    # On Ctrl-C uvicorn finishes the answers under way, then raises it again (unless ignored).
    with contextlib.suppress(KeyboardInterrupt):
        try:
            server.serve_forever()
        finally:
            server.server_close()
    click.echo("Stopped.")


def _origin(value: str) -> str:
    """A web origin as browsers send it (scheme://host[:port]), or a one-line usage error."""
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise click.BadParameter(
            f"expected an origin such as http://localhost:8888 (scheme, host and port only), got {value!r}",
            param_hint="--cors",
        )
    return value.lower()
