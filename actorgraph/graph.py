"""The library's front door: :func:`open` a graph folder or store, then ask it questions.

A :class:`Graph` opens lazily and keeps what it builds (the dataset, the actor network, the
actor index) for its lifetime, so that successive questions do not reload the files. Its
methods take Python arguments and return the library's result types; the ``actorgraph``
command is a thin layer over them.
"""

from __future__ import annotations

import functools
import html
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, TypeVar, Unpack

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset

    from actorgraph.actors import Actor, ActorIndex
    from actorgraph.analysis import Balance, Blocs, EgoNetwork, Ranking, TimelineEntry
    from actorgraph.claims import ActorProfile, Claim
    from actorgraph.curation import ActorDraft, Change, ClaimDraft
    from actorgraph.events import EventImportReport
    from actorgraph.importers import ImportReport
    from actorgraph.maps import Selection
    from actorgraph.merges import Merge
    from actorgraph.network import Projection
    from actorgraph.paths import PathReport
    from actorgraph.sparql import QueryResult
    from actorgraph.summary import Summary
    from actorgraph.validate import ValidationReport
    from actorgraph.vocabulary import Vocabulary

_Result = TypeVar("_Result")


class NetworkOptions(TypedDict, total=False):
    """Which claims the actor network keeps (see :meth:`Graph.network`)."""

    as_of: str | None
    relations: Sequence[str]
    polarities: Sequence[str]
    min_confidence: str | None


#: The name a graph is shown with when it is the seed graph shipped with the package.
BUNDLED_NAME = "bundled seed graph"


def open(path: str | os.PathLike[str] | None = None, store: str | None = None) -> Graph:
    """Open a graph folder (by default the bundled seed graph) for reading and curating.

    Nothing is read until a question needs it.

    Parameters
    ----------
    path
        A folder of RDF files; ``None`` means ``ACTORGRAPH_GRAPH`` if set, else the seed graph.
    store
        Where to read the graph: ``memory`` (default), ``oxigraph:PATH`` or ``sparql:URL``.

    Returns
    -------
    Graph
        The graph, opened on first use.

    Examples
    --------
    >>> import actorgraph as ag
    >>> g = ag.open()
    >>> g.name
    'bundled seed graph'
    """
    return Graph(Path(path) if path is not None else None, store)


class Graph:
    """A graph folder and the store to read it from, opened once on first use.

    Parameters
    ----------
    path
        The graph folder, or ``None`` for ``ACTORGRAPH_GRAPH`` or the bundled seed graph.
    store
        ``memory``, ``oxigraph:PATH`` or ``sparql:URL``; ``None`` for the folder's setting.
    """

    def __init__(self, path: Path | None = None, store: str | None = None) -> None:
        self.graph_dir = path
        self.store = store

    def __repr__(self) -> str:
        return f"<actorgraph.Graph {self.name}>"

    def _repr_html_(self) -> str:
        return f"<p><b>actorgraph.Graph</b>: {html.escape(self.name)}</p>"

    # --- what is opened once --------------------------------------------------------------

    @functools.cached_property
    def dataset(self) -> Dataset:
        """The RDF dataset, loaded on first use."""
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
        from actorgraph.cache import cached_projection
        from actorgraph.network import Projection

        if self.remote:
            return Projection.from_graph(self.dataset)
        return cached_projection(self._folder, self._build_projection)

    @functools.cached_property
    def index(self) -> ActorIndex:
        """Every actor's names, to resolve what a user typed; cached unless on a SPARQL server."""
        from actorgraph.actors import ActorIndex
        from actorgraph.cache import cached_actor_index

        if self.remote:
            return ActorIndex.from_graph(self.dataset)
        return cached_actor_index(self._folder, lambda: ActorIndex.from_graph(self.dataset))

    @functools.cached_property
    def summary(self) -> Summary:
        """Actors by class, claims by relation, sources and triples; cached unless on a SPARQL server."""
        from actorgraph.cache import cached_summary
        from actorgraph.summary import summarize

        if self.remote:
            return summarize(self.dataset)
        return cached_summary(self._folder, lambda: summarize(self.dataset))

    @property
    def _folder(self) -> Path:
        from actorgraph import resources

        return resources.graph_dir(self.graph_dir)

    def _build_projection(self) -> Projection:
        from actorgraph import store
        from actorgraph.network import Projection

        if "dataset" in self.__dict__:  # already open: read it rather than load the files again
            return Projection.from_graph(self.dataset)
        return Projection.from_graph(store.open_for_one_pass(self.graph_dir, self.store))

    @property
    def name(self) -> str:
        """The graph as shown to people: the endpoint, the seed graph or the folder."""
        from actorgraph import resources, store

        if self.store and self.store.startswith("sparql:"):
            return self.store.removeprefix("sparql:")
        folder = self._folder.resolve()
        if folder == resources.bundled_graph_dir().resolve():
            return BUNDLED_NAME
        return store.display_path(folder)

    # --- reading --------------------------------------------------------------------------

    def actors(self, type: str | None = None, unlinked: bool = False) -> list[Actor]:
        """The actors, optionally of one class (State, Person, ArmedGroup, ...); with *unlinked*,
        only those no claim is about."""
        from actorgraph.actors import list_actors, without_claims

        found = list_actors(self.dataset, type=type)
        return without_claims(self.dataset, found) if unlinked else found

    def relations(self) -> Vocabulary:
        """The relations with their polarity, inverse, parent and definition."""
        from actorgraph.vocabulary import Vocabulary

        return Vocabulary.from_graph(self.dataset)

    def claims(
        self, actor: str | None = None, relation: str | None = None, include_deprecated: bool = False
    ) -> list[Claim]:
        """The claims, optionally in or out of *actor* and of *relation* or one below it."""
        from actorgraph.claims import list_claims

        chosen = self.index.resolve(actor) if actor else None
        return list_claims(self.dataset, actor=chosen, relation=relation, include_deprecated=include_deprecated)

    def show(self, actor: str) -> ActorProfile:
        """An actor and every claim in and out of it."""
        import dataclasses

        from actorgraph.claims import actor_profile
        from actorgraph.merges import canonical_actors, read_merges

        profile = actor_profile(self.dataset, actor, self.index)
        decisions = read_merges(self.dataset)
        roots = canonical_actors(decisions)
        merged = tuple(m for m in decisions if m.active and roots.get(m.merged) == profile.actor.iri)
        return dataclasses.replace(profile, merged=merged)

    def path(
        self,
        source: str,
        target: str,
        method: str = "shortest",
        k: int = 3,
        *,
        max_hops: int | None = None,
        max_paths: int | None = None,
        directed: bool = False,
        relations: Sequence[str] = (),
        exclude_relations: Sequence[str] = (),
        polarities: Sequence[str] = (),
        via: Sequence[str] = (),
        avoid: Sequence[str] = (),
        min_confidence: str | None = None,
        as_of: str | None = None,
        rank: str = "length",
    ) -> PathReport:
        """Find and explain the paths between two actors, hop by hop, with evidence and sign.

        Parameters
        ----------
        source, target
            Actor names (a label, an alias or a word only one actor has).
        method
            ``shortest``, ``k`` (the *k* shortest simple paths) or ``all`` (up to *max_hops*).
        as_of
            Only claims in force on this day (YYYY-MM-DD, YYYY-MM or YYYY).

        Returns
        -------
        PathReport
            The paths, each hop with the claims behind it.

        Examples
        --------
        >>> import actorgraph as ag
        >>> print(ag.open().path("Iran", "Nasrallah"))
        Iran → Hassan Nasrallah: 2 shortest paths
          + Iran —backs→ Hezbollah ←leads— Hassan Nasrallah
          + Iran —attacked→ Israel —killed→ Hassan Nasrallah
        """
        from actorgraph.paths import MAX_PATHS, PathQuery, connect

        query = PathQuery(
            source,
            target,
            method=method,
            k=k,
            max_hops=max_hops,
            directed=directed,
            relations=tuple(relations),
            exclude_relations=tuple(exclude_relations),
            polarities=tuple(polarities),
            min_confidence=min_confidence,
            via=tuple(via),
            avoid=tuple(avoid),
            as_of=as_of,
            rank=rank,
            max_paths=MAX_PATHS if max_paths is None else max_paths,
        )
        return connect(self.projection, query)

    def network(
        self,
        as_of: str | None = None,
        relations: Sequence[str] = (),
        polarities: Sequence[str] = (),
        min_confidence: str | None = None,
    ) -> nx.MultiDiGraph:
        """The actor network (a NetworkX multigraph) as of a day, with only some ties."""
        from actorgraph.network import filter_network, make_filter

        projection = self.projection
        edge_filter = make_filter(
            projection.vocabulary,
            projection.index,
            relations=tuple(relations),
            polarities=tuple(polarities),
            min_confidence=min_confidence,
        )
        return filter_network(projection.at(as_of), edge_filter)

    def neighbors(self, actor: str, hops: int = 1, **network: Unpack[NetworkOptions]) -> EgoNetwork:
        """An actor's ties by relation and every actor within *hops*; *network* as :meth:`network`."""
        from actorgraph import analysis

        return analysis.neighbors(self.network(**network), actor, hops=hops)

    def rank(self, by: str = "degree", top: int = 10, **network: Unpack[NetworkOptions]) -> Ranking:
        """Actors by centrality: degree, betweenness, pagerank or eigenvector."""
        from actorgraph import analysis

        return analysis.centrality(self.network(**network), by=by, top=top)

    def communities(
        self,
        method: str = "louvain",
        all_edges: bool = False,
        resolution: float = 1.0,
        seed: int = 42,
        **network: Unpack[NetworkOptions],
    ) -> Blocs:
        """Blocs of actors by modularity, on cooperative and structural ties unless *all_edges*."""
        from actorgraph import analysis

        chosen = self.network(**network)
        return analysis.communities(chosen, method=method, seed=seed, all_edges=all_edges, resolution=resolution)

    def balance(self, **network: Unpack[NetworkOptions]) -> Balance:
        """Structural balance: signed ties, triads, camps and the frustration index."""
        from actorgraph import analysis

        return analysis.balance(self.network(**network))

    def timeline(self, actor: str | None = None, **network: Unpack[NetworkOptions]) -> list[TimelineEntry]:
        """Claims in date order (undated last), optionally only those in or out of *actor*."""
        from actorgraph import analysis

        return analysis.timeline(self.network(**network), actor=actor)

    def sparql(self, query: str, params: Mapping[str, str] | None = None, timeout: float | None = None) -> QueryResult:
        """Run a read-only SPARQL query; *timeout* in seconds (``None``: the default, 0: no limit)."""
        from actorgraph.sparql import DEFAULT_TIMEOUT, run_query

        limit = DEFAULT_TIMEOUT if timeout is None else timeout or None
        return run_query(self.dataset, query, params, timeout=limit)

    def validate(self) -> ValidationReport:
        """Check RDF syntax, the vocabulary's terms and the SHACL shapes of the folder."""
        from actorgraph.validate import validate

        return validate(self.graph_dir)

    # --- maps and exports -----------------------------------------------------------------

    def select(
        self, focus: Sequence[str] = (), hops: int = 1, relations: Sequence[str] = (), as_of: str | None = None
    ) -> Selection:
        """The part of the network a map or a network export shows."""
        from actorgraph import maps

        return maps.select(self.projection, focus=focus, hops=hops, relations=relations, as_of=as_of)

    def map(
        self,
        focus: Sequence[str] = (),
        hops: int = 1,
        relations: Sequence[str] = (),
        as_of: str | None = None,
        title: str | None = None,
        size_by: str = "degree",
        command: str | None = None,
    ) -> str:
        """An interactive, self-contained HTML map of the network (or the part *focus* chooses)."""
        from actorgraph import maps

        chosen = self.select(focus, hops, relations, as_of)
        return maps.render_map(
            chosen.network,
            title or f"{maps.DEFAULT_TITLE}: {self.name}",
            command=command,
            notes=chosen.notes,
            focus=chosen.focus,
            size_by=size_by,
        )

    def export(self, fmt: str, with_vocabulary: bool = False) -> str:
        """The curated RDF data as turtle, trig, json-ld or nt."""
        from actorgraph.export import export_rdf

        return export_rdf(self.dataset, fmt, with_vocabulary=with_vocabulary)

    def export_network(
        self,
        fmt: str,
        focus: Sequence[str] = (),
        hops: int = 1,
        relations: Sequence[str] = (),
        as_of: str | None = None,
    ) -> str | dict[str, str]:
        """The network as graphml, gexf, cytoscape, or csv (a dict of ``nodes`` and ``edges``)."""
        from actorgraph.export import export_network

        return export_network(self.select(focus, hops, relations, as_of).network, fmt)

    # --- writing --------------------------------------------------------------------------

    def add(
        self,
        claim: ClaimDraft,
        new_actors: Sequence[ActorDraft] = (),
        file: str | os.PathLike[str] | None = None,
        dry_run: bool = False,
    ) -> Change:
        """Add a sourced claim, checked before anything is written."""
        from actorgraph.curation import add_claim

        return self._written(add_claim(self.graph_dir, claim, new_actors=tuple(new_actors), file=file, dry_run=dry_run))

    def add_actor(self, actor: ActorDraft, file: str | os.PathLike[str] | None = None, dry_run: bool = False) -> Change:
        """Add an actor with its class, label and aliases."""
        from actorgraph.curation import add_actor

        return self._written(add_actor(self.graph_dir, actor, file=file, dry_run=dry_run))

    def retract(self, claim_id: str, reason: str, dry_run: bool = False) -> Change:
        """Retract a claim: kept, marked deprecated with the reason and the day."""
        from actorgraph.curation import retract

        return self._written(retract(self.graph_dir, claim_id, reason, dry_run=dry_run))

    def rename(self, actor: str, new_name: str, dry_run: bool = False) -> Change:
        """Give *actor* the label *new_name*: the IRI stays, and the old label is kept as an alias."""
        from actorgraph.actor_edits import rename

        return self._written(rename(self.graph_dir, actor, new_name, dry_run=dry_run))

    def alias(self, actor: str, alias: str, remove: bool = False, dry_run: bool = False) -> Change:
        """Add *alias* to *actor*'s names, or with *remove* take it away."""
        from actorgraph.actor_edits import alias as edit_alias

        return self._written(edit_alias(self.graph_dir, actor, alias, remove=remove, dry_run=dry_run))

    def set_type(self, actor: str, class_name: str, dry_run: bool = False) -> Change:
        """Make *actor* one of the class *class_name*, if every claim of it still fits its relation."""
        from actorgraph.actor_edits import set_type

        return self._written(set_type(self.graph_dir, actor, class_name, dry_run=dry_run))

    def merge(self, canonical: str, merged: str, reason: str, by: str | None = None, dry_run: bool = False) -> Change:
        """Record that *merged* is the same actor as *canonical* (who, when, why): every question
        then reads the two as *canonical*, while the files keep both. *by* defaults to the
        operating system's user name."""
        from actorgraph.merges import Decision, record

        return self._written(record(self.graph_dir, Decision(canonical, merged, reason, by), dry_run=dry_run))

    def unmerge(self, canonical: str, merged: str, reason: str, by: str | None = None, dry_run: bool = False) -> Change:
        """Withdraw the decision that merged *merged* into *canonical*: kept, marked withdrawn."""
        from actorgraph.merges import Decision, withdraw

        return self._written(withdraw(self.graph_dir, Decision(canonical, merged, reason, by), dry_run=dry_run))

    def merges(self, actor: str | None = None) -> list[Merge]:
        """Every merge decision, withdrawn ones included, oldest first; with *actor*, those that
        name it or an actor merged into it."""
        from actorgraph.merges import canonical_actors, read_merges

        found = read_merges(self.dataset)
        if actor is None:
            return found
        chosen = self.index.resolve(actor).iri
        group = {chosen} | {merged for merged, root in canonical_actors(found).items() if root == chosen}
        return [m for m in found if group & {m.canonical, m.merged}]

    def import_csv(
        self, source: str | os.PathLike[str], file: str | os.PathLike[str] | None = None, dry_run: bool = False
    ) -> ImportReport:
        """Import a claims CSV: every row is checked first; one bad row and nothing is written."""
        from actorgraph.importers import import_csv

        return self._written(import_csv(self.graph_dir, Path(source), file=file, dry_run=dry_run))

    def import_events(
        self,
        source: str | os.PathLike[str],
        fmt: str,
        file: str | os.PathLike[str] | None = None,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> EventImportReport:
        """Import ICEWS events (*fmt* ``icews`` or ``icews14``) as machine-coded claims."""
        from actorgraph.events import import_events

        report = import_events(self.graph_dir, source, fmt, file=file, dry_run=dry_run, progress=progress)
        return self._written(report)

    def push(self, graph_store_url: str) -> int:
        """Load the graph into a SPARQL server's Graph Store endpoint; return the triples sent."""
        from actorgraph.store import push

        return push(self.graph_dir, graph_store_url)

    def _written(self, result: _Result) -> _Result:
        # The files changed: what was built from them is stale.
        for name in ("dataset", "projection", "index", "summary"):
            self.__dict__.pop(name, None)
        return result
