"""The analysis commands: ``neighbors``, ``rank``, ``communities``, ``balance`` and ``timeline``.

Each parses its options, builds the actor network once (as of a date, filtered), calls one
method of :class:`actorgraph.Graph` and formats the result. The commands are plain click
commands, to be registered on the ``actorgraph`` group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from actorgraph.cli.options import Decorator, emit, format_option, min_confidence_option, pass_graph, polarity_option
from actorgraph.graph import Graph

if TYPE_CHECKING:
    from actorgraph.analysis import Balance, Blocs, EgoNetwork, Ranking, SignedTie, Split, TimelineEntry
    from actorgraph.series import Series


def network_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of``, ``--relation``, ``--polarity`` and ``--min-confidence``: which claims the network keeps."""
    options: list[Decorator] = [
        click.option(
            "--as-of",
            metavar="DATE",
            help="Only claims in force on this day (YYYY-MM-DD; a month or a year means its last day).",
        ),
        click.option(
            "--relation",
            "relations",
            multiple=True,
            metavar="RELATION",
            help="Only ties of this relation or one below it (repeatable).",
        ),
        polarity_option,
        min_confidence_option,
    ]
    return _stacked(options, command)


def series_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--every``, ``--dates``, ``--from``, ``--to`` and ``-o``: the figure at each of several dates, and its chart."""
    options: list[Decorator] = [
        click.option(
            "--every",
            metavar="PERIOD",
            help="The figure at the end of every month, quarter or year (the network as it stood that day).",
        ),
        click.option(
            "--dates",
            metavar="D1,D2,...",
            help="The figure on each of these days (YYYY-MM-DD; a month or a year means its last day).",
        ),
        click.option(
            "--from",
            "start",
            metavar="DATE",
            help="With --every: the first period is the one holding this day [default: the first dated claim].",
        ),
        click.option(
            "--to",
            "end",
            metavar="DATE",
            help="With --every: the last period is the one holding this day [default: the last dated claim].",
        ),
        click.option(
            "-o",
            "--output",
            "chart_file",
            type=click.Path(dir_okay=False),
            metavar="PATH",
            help="With --every or --dates: also write the series as an SVG chart to this file.",
        ),
    ]
    return _stacked(options, command)


def _stacked(options: list[Decorator], command: Callable[..., Any]) -> Callable[..., Any]:
    """*command* with *options*, shown in --help in their order."""
    for option in reversed(options):
        command = option(command)
    return command


def _series_asked(
    network: dict[str, Any], every: str | None, dates: str | None, start: str | None, end: str | None,
    chart_file: str | None,
) -> dict[str, Any] | None:  # fmt: skip
    """The series arguments of a Graph method, or None when the command asks for one date only."""
    if not (every or dates or start or end or chart_file):
        return None
    if network.get("as_of"):
        raise click.UsageError("--as-of asks for one date, --every and --dates for several: use one of them")
    filters = {name: value for name, value in network.items() if name != "as_of"}
    given = [d.strip() for d in dates.split(",") if d.strip()] if dates else []
    return {"every": every, "dates": given, "start": start, "end": end, **filters}


def _emit_series(series: Series, output_format: str, chart_file: str | None) -> None:
    from actorgraph import formatting

    if output_format == "json":
        emit(formatting.as_json(series.to_dict()), "json")
    elif output_format == "csv":
        emit(formatting.as_csv((dict(zip(series.headers, row, strict=True)) for row in series.rows), series.headers),
             "csv")  # fmt: skip
    else:
        every = f", every {series.every}" if series.every else ""
        lines = [f"{series.title}{every}: the network as it stood on each date", ""]
        lines += [formatting.table(series.rows, series.headers), *(f"\nNote: {note}" for note in series.notes)]
        emit("\n".join(lines))
    if chart_file:
        written = series.chart().save(chart_file)
        emit(f"wrote {written}: {len(series.points)} dates", err=output_format != "text")


def _as_of(as_of: str | None) -> str:
    return f" as of {as_of}" if as_of else ""


# --- neighbors --------------------------------------------------------------------------------


@click.command()
@click.argument("actor")
@click.option("--hops", default=1, show_default=True, type=int, help="How many hops out to go.")
@network_options
@format_option("text", "json")
@pass_graph
def neighbors(graph: Graph, actor: str, hops: int, output_format: str, **network: Any) -> None:
    """Show an actor's ego network: its ties by relation, and every actor within N hops.

    Direct ties are grouped by relation and direction (→ the actor is the subject, ← the
    object, ↔ a symmetric relation), with the number of claims behind each. Farther actors
    are listed with the actors they are reached through. Hops are counted ignoring direction.

    \b
    Example:
        actorgraph neighbors Hezbollah
        actorgraph neighbors Nasrallah --hops 2 --as-of 2024-09-01
    """
    from actorgraph import formatting

    ego = graph.neighbors(actor, hops=hops, **network)
    emit(formatting.as_json(ego.to_dict()) if output_format == "json" else _ego_text(ego), output_format)


def _ego_text(ego: EgoNetwork) -> str:
    hop_word = "hop" if ego.hops == 1 else "hops"
    count = f"{len(ego.reached)} actor" + ("" if len(ego.reached) == 1 else "s")
    lines = [f"{ego.actor.label} ({ego.actor.type}): {count} within {ego.hops} {hop_word}"]
    lines[0] += _as_of(ego.as_of)
    if not ego.groups:
        return lines[0] + "\n  no ties"
    width = max(len(g.label) for g in ego.groups) + 2
    lines += ["", "1 hop:"]
    for group in ego.groups:
        actors = ", ".join(f"{a.label} ({count})" for a, count in group.actors)
        lines.append(f"  {group.label.ljust(width)}{group.arrow} {actors}")
    for distance in sorted({r.distance for r in ego.reached} - {1}):
        lines += ["", f"{distance} hops:"]
        lines += [
            f"  {r.actor.label} ({r.actor.type}) via {', '.join(v.label for v in r.via)}" for r in ego.at(distance)
        ]
    return "\n".join(lines)


# --- rank -------------------------------------------------------------------------------------


@click.command()
@click.option(
    "--by",
    default="degree",
    show_default=True,
    metavar="METHOD",
    help="degree, betweenness, pagerank or eigenvector.",
)
@click.option("--top", default=10, show_default=True, type=int, help="How many ranks to show (ties kept).")
@network_options
@series_options
@format_option("table", "json", "csv")
@pass_graph
def rank(
    graph: Graph, by: str, top: int, output_format: str, every: str | None, dates: str | None, start: str | None,
    end: str | None, chart_file: str | None, **network: Any,
) -> None:  # fmt: skip
    """Rank actors by centrality: degree, betweenness, pagerank or eigenvector.

    Parallel ties are merged and unweighted. degree (in, out, total) and pagerank read the
    directed network; betweenness (normalized) and eigenvector the undirected one. Tied actors
    share a rank, and --top keeps every actor tied with the last rank shown. With --every or
    --dates, the places at each date, and -o draws each actor's score over time.

    \b
    Example:
        actorgraph rank --by betweenness --top 5
        actorgraph rank --by pagerank --as-of 2024-09-01 --format json
        actorgraph rank --top 3 --every quarter -o rank.svg
    """
    from actorgraph import formatting

    asked = _series_asked(network, every, dates, start, end, chart_file)
    if asked is not None:
        _emit_series(graph.rank_over_time(by=by, top=top, **asked), output_format, chart_file)
        return
    ranking = graph.rank(by=by, top=top, **network)
    if output_format == "json":
        emit(formatting.as_json(ranking.to_dict()), "json")
    elif output_format == "csv":
        emit(formatting.as_csv((s.to_dict() for s in ranking.scores), _rank_fields(ranking)), "csv")
    else:
        emit(_ranking_text(ranking))


def _rank_fields(ranking: Ranking) -> list[str]:
    degree = ["in", "out"] if ranking.by == "degree" else []
    return ["rank", "label", "type", *degree, "score", "iri"]


def _ranking_text(ranking: Ranking) -> str:
    from actorgraph.formatting import table

    if ranking.by == "degree":
        headers = ["rank", "actor", "type", "in", "out", "total"]
        rows = [[s.rank, s.actor.label, s.actor.type, s.in_degree, s.out_degree, s.score] for s in ranking.scores]
    else:
        headers = ["rank", "actor", "type", ranking.by]
        rows = [[s.rank, s.actor.label, s.actor.type, f"{s.score:.4f}"] for s in ranking.scores]
    title = "PageRank" if ranking.by == "pagerank" else ranking.by.capitalize()
    lines = [f"{title} centrality{_as_of(ranking.as_of)} ({ranking.view})", ""]
    lines += [table(rows, headers), *(f"\nNote: {note}" for note in ranking.notes)]
    return "\n".join(lines)


# --- communities ------------------------------------------------------------------------------


@click.command()
@click.option("--method", default="louvain", show_default=True, metavar="METHOD", help="louvain or greedy.")
@click.option(
    "--all-edges", is_flag=True, help="Use every tie, hostile and neutral ones too (clusters of interaction)."
)
@click.option("--resolution", default=1.0, show_default=True, type=float, help="Below 1: fewer, larger blocs.")
@click.option("--seed", default=42, show_default=True, type=int, help="Random seed of Louvain.")
@network_options
@series_options
@format_option("text", "json")
@pass_graph
def communities(
    graph: Graph,
    method: str,
    all_edges: bool,
    resolution: float,
    seed: int,
    output_format: str,
    every: str | None,
    dates: str | None,
    start: str | None,
    end: str | None,
    chart_file: str | None,
    **network: Any,
) -> None:
    """Find blocs of actors: communities by modularity (Louvain), with their members.

    By default only cooperative and structural ties count, so that blocs are alliances and
    hostility does not pull enemies together; --all-edges uses every tie. Actors without such
    a tie are listed apart. With --every or --dates, the number of blocs, the largest and the
    modularity at each date, and -o draws the modularity over time.

    \b
    Example:
        actorgraph communities
        actorgraph communities --resolution 0.5
        actorgraph communities --every month --format json
    """
    from actorgraph import formatting

    asked = _series_asked(network, every, dates, start, end, chart_file)
    if asked is not None:
        series = graph.communities_over_time(method, all_edges, resolution, seed, **asked)
        _emit_series(series, output_format, chart_file)
        return
    blocs = graph.communities(method=method, all_edges=all_edges, resolution=resolution, seed=seed, **network)
    emit(formatting.as_json(blocs.to_dict()) if output_format == "json" else _blocs_text(blocs), output_format)


def _blocs_text(blocs: Blocs) -> str:
    ties = "all ties" if not blocs.allied_only else "cooperative and structural ties"
    settings = f"{blocs.method}, resolution {blocs.resolution:g}" + (
        f", seed {blocs.seed}" if blocs.method == "louvain" else ""
    )
    lines = [f"{len(blocs.blocs)} blocs on {ties}{_as_of(blocs.as_of)} ({settings}), modularity {blocs.modularity}"]
    for bloc in blocs.blocs:
        tie_word = "tie" if bloc.ties == 1 else "ties"
        lines += ["", f"Bloc {bloc.number} ({len(bloc.members)} actors, {bloc.ties} {tie_word}):"]
        lines.append("  " + ", ".join(m.label for m in bloc.members))
    if blocs.isolated:
        lines += ["", f"No such tie ({len(blocs.isolated)}):", "  " + ", ".join(a.label for a in blocs.isolated)]
    return "\n".join(lines)


# --- balance ----------------------------------------------------------------------------------


@click.command()
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop the exact search after this long: the best split found, with the proven lower bound and the gap.",
)
@network_options
@series_options
@format_option("text", "json")
@pass_graph
def balance(
    graph: Graph, time_limit: float | None, output_format: str, every: str | None, dates: str | None,
    start: str | None, end: str | None, chart_file: str | None, **network: Any,
) -> None:  # fmt: skip
    """Measure structural balance: balanced and unbalanced triads, two camps, frustration.

    Each pair of actors gets one tie signed by the net polarity of all claims between them
    (cooperative and structural +, hostile -; neutral or cancelling pairs are left out). A
    triad is balanced when the product of its signs is positive ("the enemy of my enemy is my
    friend"). The frustration index is the least number of ties that go against a split of
    the actors into two camps, computed exactly by a binary linear program (Aref, Mason &
    Wilson); the camps of one such split are shown, with the ties against it and the actors
    whose camp differs between optimal splits. With --every or --dates, the figures at each
    date (the network as it stood that day; --time-limit applies to each), and -o draws the
    balance index over time.

    \b
    Example:
        actorgraph balance
        actorgraph balance --as-of 2024-09-01 --format json
        actorgraph balance --time-limit 60
        actorgraph balance --every month --from 2024-01 -o balance.svg
    """
    from actorgraph import formatting

    asked = _series_asked(network, every, dates, start, end, chart_file)
    if asked is not None:
        _emit_series(graph.balance_over_time(time_limit=time_limit, **asked), output_format, chart_file)
        return
    result = graph.balance(time_limit=time_limit, **network)
    emit(formatting.as_json(result.to_dict()) if output_format == "json" else _balance_text(result), output_format)


def _balance_text(result: Balance) -> str:
    positive = sum(t.sign > 0 for t in result.ties)
    lines = [
        f"Signed ties{_as_of(result.as_of)}: {len(result.ties)} ({positive} positive, "
        f"{len(result.ties) - positive} negative); {result.unsigned_pairs} pairs without a net sign left out",
        f"Triads: {len(result.balanced)} balanced, {len(result.unbalanced)} unbalanced",
        _frustration_line(result),
    ]
    for number, split in enumerate(result.splits, 1):
        lines += ["", *_split_lines(number if len(result.splits) > 1 else None, split)]
    for title, triads in (("Unbalanced triads", result.unbalanced), ("Balanced triads", result.balanced)):
        if triads:
            lines += ["", f"{title}:"]
            for triad in triads:
                lines.append(f"  {triad.signs}  {', '.join(a.label for a in triad.actors)}")
                lines += [f"       {_tie_text(t)}" for t in triad.ties]
    return "\n".join(lines)


def _frustration_line(result: Balance) -> str:
    if result.exact:
        return f"Frustration index: {result.frustration}; balance index {result.index} (1 = balanced)"
    gap = result.frustration - result.lower_bound
    stopped = (
        f"the time limit of {result.time_limit:g} s stopped the search"
        if result.time_limit is not None
        else "an upper bound from local search"
    )
    return (
        f"Frustration index: between {result.lower_bound} and {result.frustration} ({stopped}; the best split "
        f"found has {result.frustration} ties against it, {gap} more than the proven lower bound); "
        f"balance index {result.index} at least (1 = balanced)"
    )


def _split_lines(number: int | None, split: Split) -> list[str]:
    size = sum(len(c) for c in split.camps)
    part = f" of part {number}" if number else ""
    against = f"{split.frustration} tie" + ("" if split.frustration == 1 else "s")
    lines = [f"Camps{part} ({size} actors; {against} against the split):"]
    lines += [f"  {'AB'[i]}: {', '.join(a.label for a in camp)}" for i, camp in enumerate(split.camps)]
    if split.swing:
        lines.append(f"  Either camp in an optimal split: {', '.join(a.label for a in split.swing)}")
    elif split.swing is None:
        lines.append("  Not examined: which actors could be in either camp in an optimal split")
    lines += [f"  Against the split: {_tie_text(t)}" for t in split.frustrated]
    return lines


def _tie_text(tie: SignedTie) -> str:
    return f"{tie.symbol} {tie.actors[0].label} — {tie.actors[1].label}: " + "; ".join(str(e) for e in tie.evidence)


# --- timeline ---------------------------------------------------------------------------------


@click.command()
@click.argument("actor", required=False)
@click.argument("other", required=False)
@click.option(
    "--plot",
    "plot_file",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Also draw the dated claims as an SVG chart to this file: how many of each polarity per month.",
)
@network_options
@format_option("table", "json", "csv")
@pass_graph
def timeline(
    graph: Graph, actor: str | None, other: str | None, plot_file: str | None, output_format: str, **network: Any
) -> None:
    """List claims in date order, each date with its precision; undated claims last.

    ACTOR, if given, keeps the claims in or out of that actor; OTHER too, the claims between
    the two (either way). A state of affairs (leadership, backing, war) shows its interval; an
    undated claim shows when its source reported it. --plot draws the dated claims by polarity
    over time (per month; per quarter or year over a longer span).

    \b
    Example:
        actorgraph timeline Hamas
        actorgraph timeline --as-of 2024-09-01 --format json
        actorgraph timeline Israel Hezbollah --plot israel-hezbollah.svg
    """
    from actorgraph import formatting

    entries = graph.timeline(actor=actor, other=other, **network)
    if output_format == "json":
        emit(formatting.as_json([e.to_dict() for e in entries]), "json")
    elif output_format == "csv":
        emit(formatting.as_csv((e.to_dict() for e in entries), _TIMELINE_FIELDS), "csv")
    else:
        emit(_timeline_text(entries))
    if plot_file:
        written = entries.chart().save(plot_file)
        emit(f"wrote {written}", err=output_format != "table")


def _timeline_text(entries: list[TimelineEntry]) -> str:
    from actorgraph.formatting import table

    rows = [
        [e.when, e.kind, e.claim.subject, e.claim.predicate, e.claim.object, e.claim.confidence, f"“{e.claim.quote}”"]
        for e in entries
    ]
    return table(rows, ["when", "kind", "subject", "relation", "object", "conf", "quote"], max_cell=30)


_TIMELINE_FIELDS = ["when", "sort_date", "kind", "subject", "predicate", "object", "confidence", "quote", "id"]
