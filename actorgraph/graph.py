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

from actorgraph.thinning import MAX_ACTORS

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset

    from actorgraph.actors import ActorIndex
    from actorgraph.analysis import Balance, Blocs, EgoNetwork, Ranking
    from actorgraph.changes import RecentChange
    from actorgraph.claims import ActorProfile, Claim
    from actorgraph.curation import ActorDraft, Change, ClaimDraft, SourceDraft
    from actorgraph.display import ActorList, ClaimList, Map, Timeline
    from actorgraph.disputes import DisputeDraft
    from actorgraph.events import EventImportReport
    from actorgraph.history import ClaimEdit, ClaimHistory
    from actorgraph.importers import ImportReport
    from actorgraph.maps import Selection
    from actorgraph.merges import Merge
    from actorgraph.network import Projection
    from actorgraph.paths import PathReport
    from actorgraph.proposals import Decision, Extractor, NewSource, ProposalEdits, ProposeReport, StoredProposal
    from actorgraph.push import PushReport
    from actorgraph.remote import Server
    from actorgraph.search import SearchResults, TextIndex
    from actorgraph.series import Series, When
    from actorgraph.sources import Source, SourceDetail
    from actorgraph.sparql import QueryResult
    from actorgraph.summary import Summary
    from actorgraph.validate import ValidationReport
    from actorgraph.vocabulary import Vocabulary

_Result = TypeVar("_Result")


class FilterOptions(TypedDict, total=False):
    """Which ties the actor network keeps, whatever the date (see :meth:`Graph.network`)."""

    relations: Sequence[str]
    polarities: Sequence[str]
    min_confidence: str | None


class NetworkOptions(FilterOptions, total=False):
    """Which claims the actor network keeps (see :meth:`Graph.network`)."""

    as_of: str | None


class SeriesOptions(FilterOptions, total=False):
    """The dates of a series and which ties count (see :meth:`Graph.balance_over_time`)."""

    every: str | None
    dates: Sequence[str]
    start: str | None
    end: str | None


#: The name a graph is shown with when it is the seed graph shipped with the package.
BUNDLED_NAME = "bundled seed graph"


def open(
    path: str | os.PathLike[str] | None = None, store: str | None = None, user: str | None = None, refresh: bool = False
) -> Graph:
    """Open a graph folder (by default the bundled seed graph) for reading and curating.

    Nothing is read until a question needs it.

    Parameters
    ----------
    path
        A folder of RDF files; ``None`` means ``ACTORGRAPH_GRAPH`` if set, else the seed graph.
    store
        Where to read the graph: ``memory`` (default), ``oxigraph:PATH`` or ``sparql:URL``.
    user
        The user to log in to a ``sparql:`` server as; the password is read from the environment
        variable ``ACTORGRAPH_PASSWORD``.
    refresh
        Build the actor network, the summary and the actor index again rather than take them
        from the on-disk cache.

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
    return Graph(Path(path) if path is not None else None, store, user, refresh)


class Graph:
    """A graph folder and the store to read it from, opened once on first use.

    Parameters
    ----------
    path
        The graph folder, or ``None`` for ``ACTORGRAPH_GRAPH`` or the bundled seed graph.
    store
        ``memory``, ``oxigraph:PATH`` or ``sparql:URL``; ``None`` for the folder's setting.
    """

    def __init__(
        self, path: Path | None = None, store: str | None = None, user: str | None = None, refresh: bool = False
    ) -> None:
        self.graph_dir = path
        self.store = store
        self.user = user  # for a SPARQL server (``sparql:`` stores and push)
        self.refresh = refresh

    def __repr__(self) -> str:
        return f"<actorgraph.Graph {self.name}>"

    def _repr_html_(self) -> str:
        return f"<p><b>actorgraph.Graph</b>: {html.escape(self.name)}</p>"

    # --- what is opened once --------------------------------------------------------------

    @functools.cached_property
    def dataset(self) -> Dataset:
        """The RDF dataset, loaded on first use."""
        from actorgraph import store

        return store.open_graph(self.graph_dir, self.store, user=self.user)

    @functools.cached_property
    def remote(self) -> bool:
        """Whether the graph is on a SPARQL server, whose content the folder's files do not key."""
        from actorgraph import resources, store

        if self.store:
            return store.StoreSpec.parse(self.store).kind == "sparql"
        spec = store.configured_store(resources.graph_dir(self.graph_dir))
        return spec is not None and spec.kind == "sparql"

    @functools.cached_property
    def _server(self) -> Server:
        """The SPARQL server the graph lives on (when :attr:`remote`), and the key of its content."""
        from actorgraph import remote

        return remote.Server(self.dataset, self.name)

    @functools.cached_property
    def projection(self) -> Projection:
        """The actor network, from the on-disk cache (keyed by the files, or by a server's content)."""
        from actorgraph import remote
        from actorgraph.cache import cached_projection

        if self.remote:
            server = self._server
            build = lambda: remote.projection(server, self._vocabulary, self.index.actors)  # noqa: E731
            return remote.attach(cached_projection(self._folder, build, server.key, self.refresh), server, self.refresh)
        return cached_projection(self._folder, self._build_projection, refresh=self.refresh)

    @functools.cached_property
    def index(self) -> ActorIndex:
        """Every actor's names, to resolve what a user typed; from the on-disk cache."""
        from actorgraph import remote
        from actorgraph.actors import ActorIndex
        from actorgraph.cache import cached_actor_index

        if self.remote:
            build = lambda: ActorIndex(remote.actors(self._server, self._vocabulary))  # noqa: E731
            return cached_actor_index(self._folder, build, self._server.key, self.refresh)
        return cached_actor_index(self._folder, lambda: ActorIndex.from_graph(self.dataset), refresh=self.refresh)

    @functools.cached_property
    def _vocabulary(self) -> Vocabulary:
        """The relations and actor classes, read once (every page of the workbench needs them)."""
        from actorgraph import remote
        from actorgraph.cache import cached_value
        from actorgraph.vocabulary import Vocabulary

        if self.remote:
            build = functools.partial(remote.vocabulary, self._server)
            return cached_value(
                self._server.key, "vocabulary-v1", Vocabulary, build, "reading the vocabulary", self.refresh
            )
        return Vocabulary.from_graph(self.dataset)

    @functools.cached_property
    def summary(self) -> Summary:
        """Actors by class, claims by relation, sources and triples; from the on-disk cache."""
        from actorgraph import remote
        from actorgraph.cache import cached_summary
        from actorgraph.summary import summarize

        if self.remote:
            build = lambda: remote.summarize(self._server, self._vocabulary, self.index.actors)  # noqa: E731
            return cached_summary(self._folder, build, self._server.key, self.refresh)
        return cached_summary(self._folder, lambda: summarize(self.dataset), refresh=self.refresh)

    @property
    def _folder(self) -> Path:
        from actorgraph import resources

        return resources.graph_dir(self.graph_dir)

    def _build_projection(self) -> Projection:
        from actorgraph import store
        from actorgraph.network import Projection

        if "dataset" in self.__dict__:  # already open: read it rather than load the files again
            return Projection.from_graph(self.dataset)
        return Projection.from_graph(store.open_for_one_pass(self.graph_dir, self.store, user=self.user))

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

    def actors(self, type: str | None = None, unlinked: bool = False) -> ActorList:
        """The actors, by label.

        Parameters
        ----------
        type
            Only actors of this class or one below it (``State``, ``Person``, ``ArmedGroup``, ...).
        unlinked
            Only the actors no claim is about, as subject or object (retracted claims do not count).

        Returns
        -------
        ActorList
            A list of :class:`~actorgraph.actors.Actor`; a notebook shows it as a table, and
            ``to_pandas()`` makes it a DataFrame.

        Raises
        ------
        UnknownActorType
            *type* is not a class of the vocabulary.

        Examples
        --------
        >>> import actorgraph as ag
        >>> [a.label for a in ag.open().actors(type="State")]
        ['France', 'Iran', 'Israel', 'Lebanon', 'United States']
        """
        from actorgraph import remote
        from actorgraph.actors import list_actors, without_claims
        from actorgraph.display import ActorList

        if self.remote:  # the cached index holds every actor: the server is asked only who is linked
            found = remote.of_type(self.index.actors, self._vocabulary, type)
            linked = remote.linked_actors(self._server) if unlinked else set()
            return ActorList([actor for actor in found if str(actor.iri) not in linked])
        found = list_actors(self.dataset, type=type)
        return ActorList(without_claims(self.dataset, found) if unlinked else found)

    def relations(self) -> Vocabulary:
        """The relations with their polarity, inverse, parent and definition.

        Returns
        -------
        Vocabulary
            The relations by name (``.relations``) and the actor classes (``.actor_types``).

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().relations().relations["backs"].parent
        'supports'
        """
        from actorgraph.vocabulary import Vocabulary

        return Vocabulary.from_graph(self.dataset)

    def claims(
        self,
        actor: str | None = None,
        relation: str | None = None,
        include_deprecated: bool = False,
        status: str | None = None,
        include_proposed: bool = False,
    ) -> ClaimList:
        """The current claims, optionally in or out of one actor, of one relation or one below it,
        and of one review status.

        Parameters
        ----------
        actor
            Only claims with this actor as subject or object (a label, an alias or a word only
            one actor has).
        relation
            Only claims of this relation or of one below it (``supports`` includes ``backs``).
        include_deprecated
            Also the retracted and superseded claims, which are kept in the record.
        status
            Only claims of this review status: ``proposed``, ``verified`` or ``disputed``.
        include_proposed
            Also the proposed claims, which are not claims of the graph until accepted.

        Returns
        -------
        ClaimList
            A list of :class:`~actorgraph.claims.Claim`; a notebook shows it as a table, and
            ``to_pandas()`` makes it a DataFrame.

        Raises
        ------
        UnknownActor, AmbiguousActor
            *actor* names no actor, or more than one.
        UnknownRelation
            *relation* is not in the vocabulary.

        Examples
        --------
        >>> import actorgraph as ag
        >>> [(c.subject, c.relation, c.object) for c in ag.open().claims("Iran", "backs")]
        [('Iran', 'backs', 'Hamas'), ('Iran', 'backs', 'Hezbollah'), ('Iran', 'hasProxy', 'Hezbollah')]
        """
        from actorgraph import remote
        from actorgraph.claims import list_claims
        from actorgraph.display import ClaimList

        chosen = self.index.resolve(actor) if actor else None
        wanted = {"relation": relation, "include_deprecated": include_deprecated, "status": status,
                  "include_proposed": include_proposed}  # fmt: skip
        if self.remote:
            found = remote.claims(self._server, self._vocabulary, chosen, **wanted)  # type: ignore[arg-type]
        else:
            found = list_claims(self.dataset, actor=chosen, **wanted)  # type: ignore[arg-type]
        return ClaimList(found)

    def sources(self) -> list[Source]:
        """The sources, by date, each with its count of current claims and its text file if kept.

        Returns
        -------
        list of Source
            Each source's id (the short name to cite it by), title, date, publisher, URL,
            reliability, text file (relative to the folder) and count of current claims.

        Examples
        --------
        >>> import actorgraph as ag
        >>> [(s.id, s.claims) for s in ag.open().sources()]
        [('news-2024-10-01-iran-israel-hezbollah', 41)]
        """
        from actorgraph.sources import list_sources

        return list_sources(self.dataset)

    def source(self, name: str) -> SourceDetail:
        """A source, with its full text when the folder keeps it and the current claims citing it.

        Parameters
        ----------
        name
            The source's id, ``source:`` id, IRI, URL or title, or a part of one only it has.

        Returns
        -------
        SourceDetail
            The ``source``, its ``text`` (None when not kept) and its ``claims``.

        Raises
        ------
        UnknownSource, AmbiguousSource
            *name* names no source (with the closest names), or more than one.
        InvalidSourceText
            The source's text file is missing, outside the folder, or not plain UTF-8 text.

        Examples
        --------
        >>> import actorgraph as ag
        >>> detail = ag.open().source("iran, israel")
        >>> detail.source.id, len(detail.claims), detail.text.startswith("Iran is preparing")
        ('news-2024-10-01-iran-israel-hezbollah', 41, True)
        """
        from actorgraph.sources import source_detail

        return source_detail(self.dataset, self._folder, name, self._vocabulary)

    def history(self, claim_id: str) -> ClaimHistory:
        """Every version of a claim (given by any of its versions), oldest first, with what changed."""
        from actorgraph.history import claim_history

        return claim_history(self.dataset, claim_id, self._vocabulary)

    def search(self, text: str, limit: int = 20) -> SearchResults:
        """The actors, sources and claims whose names, aliases, titles or quotes hold *text*.

        Matching ignores case, accents and runs of spaces, as actor names do.

        Parameters
        ----------
        text
            What to look for, a part of a word or several words.
        limit
            At most this many actors, sources and claims (each); ``totals`` counts them all.

        Returns
        -------
        SearchResults
            The ``actors``, ``sources`` and ``claims`` (by quote) found, each a
            :class:`~actorgraph.search.Hit` with the name, title or quote that matched and where.

        Examples
        --------
        >>> import actorgraph as ag
        >>> found = ag.open().search("nasrall")
        >>> [(hit.title, hit.match) for hit in found.actors]
        [('Hassan Nasrallah', 'Nasrall')]
        >>> found.totals
        {'actors': 1, 'sources': 0, 'claims': 4}
        """
        from actorgraph.search import search

        return search(self.index, self._texts, text, limit)

    @functools.cached_property
    def _texts(self) -> TextIndex:
        """The sources' titles and the claims' quotes, folded once for :meth:`search`; cached unless
        on a SPARQL server."""
        from actorgraph.cache import cached_text_index
        from actorgraph.search import TextIndex

        if self.remote:
            return TextIndex(self.dataset)
        return cached_text_index(self._folder, lambda: TextIndex(self.dataset))

    def recent_changes(self, limit: int = 20) -> list[RecentChange]:
        """The latest changes the record dates (retractions, corrections, restorations, accepted
        proposals, disputes, merges, sources published), newest first.

        Examples
        --------
        >>> import actorgraph as ag
        >>> [(c.day, c.kind) for c in ag.open().recent_changes()]
        [('2024-10-01', 'published')]
        """
        from actorgraph.changes import recent_changes

        return recent_changes(self.dataset, limit)

    def show(self, actor: str, limit: int | None = None, offset: int = 0) -> ActorProfile:
        """An actor and every claim in and out of it, or one page of them.

        Parameters
        ----------
        actor
            A label, an alias or a word only one actor has.
        limit
            At most this many claims each way, newest first, from the *offset*-th on (a hub of
            a large graph has thousands); ``totals`` then counts them all. A side whose claims
            all fit in the first page lists them as without a limit. On a SPARQL server, the
            server picks and counts the page. None: every claim, each way by subject, relation,
            object then date.
        offset
            With *limit*: how many claims each way to skip.

        Returns
        -------
        ActorProfile
            The actor, its ``outgoing`` and its ``incoming`` claims, and the standing decisions
            that merged other actors into it (``merged``).

        Raises
        ------
        UnknownActor, AmbiguousActor
            *actor* names no actor, or more than one.

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().show("Nasrallah").actor.label
        'Hassan Nasrallah'
        """
        import dataclasses

        from actorgraph import remote
        from actorgraph.analysis import actor_claims
        from actorgraph.claims import ActorProfile, actor_profile
        from actorgraph.merges import canonical_actors, read_merges

        found = self.index.resolve(actor)
        profile: ActorProfile
        if self.remote and limit is not None:  # the server picks and counts the page
            (outgoing, out_total), (incoming, in_total) = remote.claim_pages(
                self._server, self._vocabulary, found, limit, offset
            )
            profile = ActorProfile(found, outgoing, incoming, totals=(out_total, in_total))
        else:
            # A page's claims come from the network when it is at hand (a hub's thousands, without
            # a store query), not built for one actor; a server is asked for this actor's only.
            mine: list[Claim] | None = None
            if self.remote:
                mine = remote.claims(self._server, self._vocabulary, found)
            elif limit is not None and "projection" in self.__dict__:
                mine = actor_claims(self.network(), str(found.iri))
            profile = actor_profile(self.dataset, actor, self.index, self._vocabulary, limit, offset, mine)
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
        exclude_disputed: bool = False,
        origin: str | None = None,
    ) -> PathReport:
        """Find and explain the paths between two actors, hop by hop, with evidence and sign.

        Parameters
        ----------
        source, target
            Actor names (a label, an alias or a word only one actor has).
        method
            ``shortest``, ``k`` (the *k* shortest simple paths) or ``all`` (up to *max_hops*).
        k
            How many paths ``method="k"`` finds.
        max_hops
            The longest path ``method="all"`` follows.
        max_paths
            At most this many paths are returned (the report says when there are more).
        directed
            Follow each claim only from its subject to its object.
        relations, exclude_relations
            Only ties of these relations (or ones below them); none of these.
        polarities
            Only ties of these polarities (``cooperative``, ``hostile``, ``neutral``, ``structural``).
        via, avoid
            Paths through each of these actors; paths through none of these.
        min_confidence
            Only claims rated at least this (an Admiralty rating such as ``B2``).
        as_of
            Only claims in force on this day (YYYY-MM-DD, YYYY-MM or YYYY).
        rank
            The order of the paths: ``length`` or ``confidence``.
        exclude_disputed
            Leave out the claims that a source or an actor disputes.
        origin
            Only claims of this origin: ``curated``, ``machine-coded``, or an event data set
            (``icews``, ``gdelt``, ``ucdp-ged``, ``acled``, ``polecat``).

        Returns
        -------
        PathReport
            The paths, each hop with the claims behind it.

        Raises
        ------
        NoPath
            No path joins the actors; the message says which argument cut them off.
        InvalidPathQuery
            Arguments that do not fit together (a bad method, *k* or *max_hops*).
        UnknownActor, AmbiguousActor
            An actor name that names no actor, or more than one.
        InvalidDate, InvalidConfidence, UnknownRelation, UnknownPolarity
            A malformed *as_of*, *min_confidence*, relation or polarity.

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
            exclude_disputed=exclude_disputed,
            origin=origin,
        )
        return connect(self.projection, query)

    def network(
        self,
        as_of: str | None = None,
        relations: Sequence[str] = (),
        polarities: Sequence[str] = (),
        min_confidence: str | None = None,
    ) -> nx.MultiDiGraph:
        """The actor network as of a day, with only some ties.

        Parameters
        ----------
        as_of
            Only claims in force on this day (YYYY-MM-DD, YYYY-MM or YYYY); ``None``: every claim.
        relations
            Only ties of these relations or of ones below them.
        polarities
            Only ties of these polarities (``cooperative``, ``hostile``, ``neutral``, ``structural``).
        min_confidence
            Only claims rated at least this (an Admiralty rating such as ``B2``).

        Returns
        -------
        networkx.MultiDiGraph
            Actors as nodes (by IRI), one edge per claim from its subject to its object.

        Raises
        ------
        InvalidDate, InvalidConfidence, UnknownRelation, UnknownPolarity
            A malformed *as_of*, *min_confidence*, relation or polarity.

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().network(as_of="2024-09-01").number_of_nodes()
        20
        """
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
        """An actor's ties by relation and every actor within some hops.

        Parameters
        ----------
        actor
            A label, an alias or a word only one actor has.
        hops
            How far to reach (1: the actor's direct ties).
        **network
            Which ties count: *as_of*, *relations*, *polarities*, *min_confidence*, as :meth:`network`.

        Returns
        -------
        EgoNetwork
            The actor's ties grouped by relation (``groups``) and the actors reached (``reached``).

        Raises
        ------
        UnknownActor, AmbiguousActor
            *actor* names no actor, or more than one.
        InvalidAnalysis
            *hops* below 1.

        Examples
        --------
        >>> import actorgraph as ag
        >>> len(ag.open().neighbors("Hezbollah").reached)
        7
        """
        from actorgraph import analysis

        return analysis.neighbors(self.network(**network), actor, hops=hops)

    def rank(self, by: str = "degree", top: int = 10, **network: Unpack[NetworkOptions]) -> Ranking:
        """Actors by centrality, highest first.

        Parameters
        ----------
        by
            ``degree``, ``betweenness``, ``pagerank`` or ``eigenvector``.
        top
            How many places to keep (actors tied on the last place are all kept).
        **network
            Which ties count: *as_of*, *relations*, *polarities*, *min_confidence*, as :meth:`network`.

        Returns
        -------
        Ranking
            The scores, with notes on how to read them; ``to_pandas()`` makes it a DataFrame.

        Raises
        ------
        UnknownMethod
            *by* is not one of the centralities.
        InvalidAnalysis
            *top* below 1, or a centrality that did not converge.

        Examples
        --------
        >>> import actorgraph as ag
        >>> [(s.actor.label, s.score) for s in ag.open().rank(top=1).scores]
        [('Israel', 15)]
        """
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
        """Blocs of actors by modularity.

        Parameters
        ----------
        method
            ``louvain`` or ``greedy`` (Clauset-Newman-Moore).
        all_edges
            Use every tie; by default only cooperative and structural ones, so that enemies do
            not make a bloc.
        resolution
            Above 1: more, smaller blocs; below 1: fewer, larger ones.
        seed
            The random seed, so that the same graph gives the same blocs.
        **network
            Which ties count: *as_of*, *relations*, *polarities*, *min_confidence*, as :meth:`network`.

        Returns
        -------
        Blocs
            The blocs, largest first, and the actors without a tie; ``to_pandas()`` makes it a
            DataFrame of members.

        Raises
        ------
        UnknownMethod
            *method* is not one of the methods.

        Examples
        --------
        >>> import actorgraph as ag
        >>> [len(b.members) for b in ag.open().communities().blocs]
        [5, 5, 3, 2]
        """
        from actorgraph import analysis

        chosen = self.network(**network)
        return analysis.communities(chosen, method=method, seed=seed, all_edges=all_edges, resolution=resolution)

    def balance(self, time_limit: float | None = None, **network: Unpack[NetworkOptions]) -> Balance:
        """Structural balance: signed ties, triads, camps and the frustration index (exact, by a binary program).

        Parameters
        ----------
        time_limit
            Seconds the exact search may take; past them, the best split found with the proven
            lower bound (``exact`` false). No limit by default.
        **network
            Which ties count: *as_of*, *relations*, *polarities*, *min_confidence*, as :meth:`network`.

        Returns
        -------
        Balance
            The signed ties, the triads, the best split into two camps and its frustration;
            ``to_pandas()`` makes the signed ties a DataFrame.

        Raises
        ------
        InvalidDate, InvalidConfidence, UnknownRelation, UnknownPolarity
            A malformed network argument.
        InvalidAnalysis
            *time_limit* is not above 0.

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().balance().frustration
        2
        """
        from actorgraph import analysis

        return analysis.balance(self.network(**network), time_limit=time_limit)

    def balance_over_time(self, time_limit: float | None = None, **series: Unpack[SeriesOptions]) -> Series:
        """Structural balance at each of a series of dates: ties, triads, frustration and balance index.

        Parameters
        ----------
        time_limit
            Seconds the exact search may take at each date (see :meth:`balance`).
        **series
            The dates: *dates* (each as *as_of* reads it), or *every* ``month``, ``quarter`` or
            ``year`` from *start* to *end* (by default the first and last day a claim starts or
            stops holding), each period at its last day; and which ties count: *relations*,
            *polarities*, *min_confidence*, as :meth:`network`.

        Returns
        -------
        Series
            One point per date with the figures of :meth:`balance`; ``chart()`` draws the
            balance index as SVG.

        Raises
        ------
        UnknownPeriod, InvalidDate, InvalidAnalysis
            An *every* that is not a period, a malformed date, dates given with a period, or
            neither given.

        Examples
        --------
        >>> import actorgraph as ag
        >>> series = ag.open().balance_over_time(dates=["2023-12", "2024-10"])
        >>> [(p.when.label, p.figures["ties"], p.figures["frustration"]) for p in series.points]
        [('2023-12', 15, 0), ('2024-10', 29, 2)]
        """
        from actorgraph import analysis
        from actorgraph.series import balance_series

        results = self._over_time(series, lambda network: analysis.balance(network, time_limit=time_limit))
        return balance_series(results, series.get("every"))

    def rank_over_time(self, by: str = "degree", top: int = 10, **series: Unpack[SeriesOptions]) -> Series:
        """Actors by centrality at each of a series of dates: the first *top* places at each.

        Parameters
        ----------
        by, top
            As :meth:`rank`.
        **series
            The dates and which ties count, as :meth:`balance_over_time`.

        Returns
        -------
        Series
            One point per date with its ``scores``; ``chart()`` draws a line per actor that is
            in the top at some date, with its score at every date.

        Raises
        ------
        UnknownMethod, UnknownPeriod, InvalidDate, InvalidAnalysis
            As :meth:`rank` and :meth:`balance_over_time`.

        Examples
        --------
        >>> import actorgraph as ag
        >>> series = ag.open().rank_over_time(top=1, every="year")
        >>> [(p.when.label, [s["label"] for s in p.figures["scores"]]) for p in series.points]
        [('2023', ['Israel']), ('2024', ['Israel'])]
        """
        from actorgraph import analysis
        from actorgraph.series import check_top, rank_series

        check_top(top)
        results = self._over_time(series, lambda network: analysis.centrality(network, by=by))
        return rank_series(results, top, series.get("every"))

    def communities_over_time(
        self,
        method: str = "louvain",
        all_edges: bool = False,
        resolution: float = 1.0,
        seed: int = 42,
        **series: Unpack[SeriesOptions],
    ) -> Series:
        """Blocs of actors at each of a series of dates: how many, the largest, and modularity.

        Parameters
        ----------
        method, all_edges, resolution, seed
            As :meth:`communities`.
        **series
            The dates and which ties count, as :meth:`balance_over_time`.

        Returns
        -------
        Series
            One point per date with the number of blocs, their sizes, the largest one's members
            and the modularity; ``chart()`` draws the modularity.

        Raises
        ------
        UnknownMethod, UnknownPeriod, InvalidDate, InvalidAnalysis
            As :meth:`communities` and :meth:`balance_over_time`.

        Examples
        --------
        >>> import actorgraph as ag
        >>> series = ag.open().communities_over_time(dates=["2024-10"])
        >>> series.points[0].figures["sizes"]
        [5, 4, 3, 2]
        """
        from actorgraph import analysis
        from actorgraph.series import communities_series

        def measure(network: nx.MultiDiGraph) -> Blocs:
            return analysis.communities(network, method=method, seed=seed, all_edges=all_edges, resolution=resolution)

        return communities_series(self._over_time(series, measure), series.get("every"))

    def _over_time(
        self, series: SeriesOptions, measure: Callable[[nx.MultiDiGraph], _Result]
    ) -> list[tuple[When, _Result]]:
        """*measure* of the network as of each date of *series* (each period at its last day), in order."""
        from actorgraph.series import timeframe

        whens = timeframe(self.projection, series.get("every"), series.get("dates", ()), series.get("start"),
                          series.get("end"))  # fmt: skip
        filters: FilterOptions = {k: v for k, v in series.items() if k in FilterOptions.__annotations__}  # type: ignore[assignment]
        return [(when, measure(self.network(as_of=when.day.isoformat(), **filters))) for when in whens]

    def timeline(
        self,
        actor: str | None = None,
        limit: int | None = None,
        other: str | None = None,
        **network: Unpack[NetworkOptions],
    ) -> Timeline:
        """Claims in date order, undated ones last.

        Parameters
        ----------
        actor
            Only claims in or out of this actor.
        other
            With *actor*: only the claims between the two, in either direction (a dyad).
        limit
            Only the first this many claims (None: all).
        **network
            Which ties count: *as_of*, *relations*, *polarities*, *min_confidence*, as :meth:`network`.

        Returns
        -------
        Timeline
            A list of :class:`~actorgraph.analysis.TimelineEntry`; a notebook shows it as a
            table, ``to_pandas()`` makes it a DataFrame and ``chart()`` an SVG chart of the
            claims by polarity over time.

        Raises
        ------
        UnknownActor, AmbiguousActor
            *actor* or *other* names no actor, or more than one.
        InvalidAnalysis
            *other* without *actor*.

        Examples
        --------
        >>> import actorgraph as ag
        >>> [(e.when, e.claim.relation) for e in ag.open().timeline("Haniyeh")]
        [('… – 2024-07 (month)', 'leads')]
        """
        from actorgraph import analysis
        from actorgraph.display import Timeline

        chosen = self.network(**network)
        entries = analysis.timeline(chosen, actor=actor, limit=limit, other=other)
        return Timeline(entries, tuple(analysis.actor_label(chosen, a) for a in (actor, other) if a))

    def sparql(
        self,
        query: str,
        params: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a read-only SPARQL query, with actorgraph's prefixes declared.

        Parameters
        ----------
        query
            A SELECT, ASK, CONSTRUCT or DESCRIBE query; updates are refused.
        params
            Values for the query's declared parameters (``# param: name`` lines), by name.
        timeout
            Seconds before the query is stopped (``None``: the default, 0: no limit).
        max_rows
            Raise TooManyResults when the result has more rows (or triples) than this.

        Returns
        -------
        QueryResult
            Rows for SELECT (``to_pandas()`` makes them a DataFrame), a boolean for ASK, a graph
            for CONSTRUCT and DESCRIBE; ``warnings`` names each vocabulary term or actor IRI of
            the query that the graph does not have, with the closest ones
            (:func:`actorgraph.sparql_terms.unknown_terms`).

        Raises
        ------
        QueryError
            The query does not parse, is refused, times out, fails or has too many results;
            each case is a subclass (``QuerySyntaxError``, ``QueryTimeout``, ...).

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().sparql("SELECT ?backer WHERE { ?backer ag:backs actor:Hezbollah }").values()
        [('https://w3id.org/actorgraph/actor/Iran',)]
        >>> print(ag.open().sparql("SELECT ?backer WHERE { ?backer ag:bakcs actor:Hezbollah }").warnings[0])
        line 1, column 32: ag:bakcs is not a term of the actorgraph vocabulary — did you mean ag:backs?
        """
        from actorgraph.sparql import DEFAULT_TIMEOUT, run_query
        from actorgraph.sparql_terms import unknown_terms

        limit = DEFAULT_TIMEOUT if timeout is None else timeout or None
        result = run_query(self.dataset, query, params, timeout=limit, max_rows=max_rows)
        # A query is valid SPARQL with a mistyped term in it, and finds nothing through it.
        result.warnings = unknown_terms(query, self.dataset, lambda: self.index)
        return result

    def validate(self) -> ValidationReport:
        """Check RDF syntax, the vocabulary's terms and the SHACL shapes of the folder.

        Returns
        -------
        ValidationReport
            The files read, the number of claims and every problem with its file and line.

        Raises
        ------
        GraphNotFound
            The folder does not exist.

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().validate().conforms
        True
        """
        from actorgraph.validate import validate

        return validate(self.graph_dir)

    # --- maps and exports -----------------------------------------------------------------

    def select(
        self,
        focus: Sequence[str] = (),
        hops: int = 1,
        relations: Sequence[str] = (),
        as_of: str | None = None,
        origin: str | None = None,
        polarities: Sequence[str] = (),
        min_confidence: str | None = None,
        min_claims: int = 1,
        max_actors: int | None = None,
    ) -> Selection:
        """The part of the network a map or a network export shows.

        Parameters
        ----------
        focus
            Actors to centre on (with everyone within *hops*), or a path ``A..B``; none: the
            whole network.
        hops
            How far around the *focus* actors to reach.
        relations
            Only ties of these relations or of ones below them.
        as_of
            Only claims in force on this day (YYYY-MM-DD, YYYY-MM or YYYY).
        origin
            Only claims of this origin: ``curated``, ``machine-coded``, or an event data set
            (``icews``, ``gdelt``, ``ucdp-ged``, ``acled``, ``polecat``).
        polarities
            Only ties of these polarities (``hostile``, ``cooperative``, ``neutral``, ``structural``).
        min_confidence
            Only claims rated at least this (Admiralty: ``B2``, ``C``, ``3``).
        min_claims
            Only ties that at least this many claims stand behind.
        max_actors
            At most this many actors, the most central (by degree) and the *focus* ones; ``None``:
            every actor.

        Returns
        -------
        Selection
            The chosen network, the focus actors and notes on what was left out.

        Raises
        ------
        UnknownActor, AmbiguousActor
            A *focus* name that names no actor, or more than one.
        UnknownOrigin, UnknownPolarity, InvalidConfidence
            An *origin*, a polarity or a rating that is none of those.
        InvalidMapRequest
            A selection that cannot be drawn (e.g. no path between the two ends).

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().select(focus=["Hezbollah"]).network.number_of_nodes()
        8
        """
        from actorgraph import maps

        return maps.select(
            self.projection,
            focus=focus,
            hops=hops,
            relations=relations,
            as_of=as_of,
            origin=origin,
            polarities=polarities,
            min_confidence=min_confidence,
            min_claims=min_claims,
            max_actors=max_actors,
        )

    def map(
        self,
        focus: Sequence[str] = (),
        hops: int = 1,
        relations: Sequence[str] = (),
        as_of: str | None = None,
        title: str | None = None,
        size_by: str = "degree",
        command: str | None = None,
        origin: str | None = None,
        colour_by: str = "polarity",
        polarities: Sequence[str] = (),
        min_confidence: str | None = None,
        min_claims: int = 1,
        max_actors: int | None = MAX_ACTORS,
        command_all: str | None = None,
    ) -> Map:
        """An interactive, self-contained HTML map of the network (or the part *focus* chooses).

        Past *max_actors* actors (400 unless said; ``None``: no limit) the map draws the most
        central ones and says so in its header, with *command_all*, the command that draws them all.

        Parameters
        ----------
        focus, hops, relations, as_of, origin, polarities, min_confidence, min_claims, max_actors
            Which part of the network to draw, as :meth:`select`.
        title
            The page's heading; by default the graph's name.
        size_by
            What sizes the nodes: ``degree`` or ``pagerank``.
        command
            The command line the page says it was made with, if any.
        command_all
            The command line that draws every actor, shown when the map is cut to *max_actors*.
        colour_by
            What a link's colour shows: ``polarity``, or ``origin`` (curated claims, each event data
            set, or a mix), with its legend.

        Returns
        -------
        Map
            The page's HTML (a ``str``); ``save(path)`` writes it, and a notebook shows it inline.

        Raises
        ------
        UnknownActor, AmbiguousActor, InvalidMapRequest
            As :meth:`select`; InvalidMapRequest also for an unknown *size_by* or *colour_by*.

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().map(focus=["Hezbollah"]).startswith("<!DOCTYPE html>")
        True
        """
        from actorgraph import maps
        from actorgraph.display import Map

        chosen = self.select(focus, hops, relations, as_of, origin, polarities, min_confidence, min_claims, max_actors)
        page = maps.render_map(
            chosen.network,
            title or f"{maps.DEFAULT_TITLE}: {self.name}",
            command=command,
            notes=chosen.notes,
            focus=chosen.focus,
            size_by=size_by,
            colour_by=colour_by,
            command_all=command_all if chosen.cut else None,
        )
        return Map(page)

    def dossier(
        self, report: PathReport, hops: int = 1, command: str | None = None, max_actors: int | None = MAX_ACTORS
    ) -> Map:
        """A path dossier: the paths of *report* drawn in their neighbourhood, with every hop's evidence.

        Parameters
        ----------
        report
            What :meth:`path` found; the map shows the network as of the report's date.
        hops
            How far around the paths' actors to draw (0: the paths alone).
        command
            The command line the page shows.
        max_actors
            At most this many actors: the paths' actors and the most central of their neighbourhood
            (``None``: every actor within *hops*).

        Returns
        -------
        Map
            The page, as :meth:`map` returns one.

        Examples
        --------
        >>> import actorgraph as ag
        >>> graph = ag.open()
        >>> graph.dossier(graph.path("Iran", "Nasrallah")).startswith("<!DOCTYPE html>")
        True
        """
        from actorgraph import maps
        from actorgraph.display import Map

        network = self.projection.at(report.query.as_of)
        return Map(maps.render_path_dossier(network, report.paths, command, hops=hops, max_actors=max_actors))

    def export(self, fmt: str, with_vocabulary: bool = False) -> str:
        """The curated RDF data as text.

        Parameters
        ----------
        fmt
            ``turtle``, ``trig``, ``json-ld`` or ``nt``.
        with_vocabulary
            Include the vocabulary (relations and actor classes), for a file that stands alone.

        Returns
        -------
        str
            The data in *fmt*.

        Raises
        ------
        UnknownExportFormat
            *fmt* is not one of the formats.

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().export("turtle").splitlines()[0]
        '@prefix actor: <https://w3id.org/actorgraph/actor/> .'
        """
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
        """The network (or the part *focus* chooses) for a network tool.

        Parameters
        ----------
        fmt
            ``graphml``, ``gexf``, ``cytoscape`` or ``csv``.
        focus, hops, relations, as_of
            Which part of the network, as :meth:`select`.

        Returns
        -------
        str or dict
            The text in *fmt*; for ``csv`` a dict of the ``nodes`` and ``edges`` tables.

        Raises
        ------
        UnknownExportFormat
            *fmt* is not one of the formats.

        Examples
        --------
        >>> import actorgraph as ag
        >>> sorted(ag.open().export_network("csv"))
        ['edges', 'nodes']
        """
        from actorgraph.export import export_network

        return export_network(self.select(focus, hops, relations, as_of).network, fmt)

    # --- writing --------------------------------------------------------------------------
    # The writes have no doctest: the seed graph is read-only (see ``tests/test_front_door.py``).

    def add(
        self,
        claim: ClaimDraft,
        new_actors: Sequence[ActorDraft] = (),
        file: str | os.PathLike[str] | None = None,
        dry_run: bool = False,
    ) -> Change:
        """Add a sourced claim, checked before anything is written.

        Parameters
        ----------
        claim
            The claim: subject, relation, object, source, verbatim quote, dates, confidence.
        new_actors
            Actors the claim names that the graph does not have yet, added with it.
        file
            The Turtle file of the folder to append to; by default the folder's claims file.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written, to which files.

        Raises
        ------
        ReadOnlyGraph
            No folder was named, or it is the seed graph inside the package.
        InvalidClaim
            The claim would break the graph (nothing is written); the message says why.
        UnknownActor, AmbiguousActor, UnknownRelation
            A name that names nothing, or more than one actor.
        """
        from actorgraph.curation import add_claim

        return self._written(add_claim(self.graph_dir, claim, new_actors=tuple(new_actors), file=file, dry_run=dry_run))

    def add_actor(self, actor: ActorDraft, file: str | os.PathLike[str] | None = None, dry_run: bool = False) -> Change:
        """Add an actor with its class, label and aliases.

        Parameters
        ----------
        actor
            The actor: class, label, aliases, comment.
        file
            The Turtle file of the folder to append to; by default the folder's actors file.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written, to which files.

        Raises
        ------
        ReadOnlyGraph
            No folder was named, or it is the seed graph inside the package.
        InvalidClaim
            The actor would break the graph (e.g. its label is taken); nothing is written.
        UnknownActorType
            The class is not in the vocabulary.
        """
        from actorgraph.curation import add_actor

        return self._written(add_actor(self.graph_dir, actor, file=file, dry_run=dry_run))

    def add_source(self, source: SourceDraft, dry_run: bool = False) -> Change:
        """Add a source, with its full text copied beside the Turtle (``sources/<id>.txt``).

        Parameters
        ----------
        source
            Title, publication date, and publisher, URL, reliability, id and text file if known;
            the id is made from the publisher (or title) and date when not given.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written; its ``iri`` names the new source's short id.

        Raises
        ------
        ReadOnlyGraph
            No folder was named, or it is the seed graph inside the package.
        InvalidClaim
            A source has this URL, or this title and date, already; or a value is invalid.
        InvalidSourceText
            The text file is missing, not UTF-8, empty or binary; nothing is written.
        """
        from actorgraph.curation import add_source

        return self._written(add_source(self.graph_dir, source, dry_run=dry_run))

    def retract(self, claim_id: str, reason: str, dry_run: bool = False) -> Change:
        """Retract a claim: it is kept, marked deprecated with the reason and the day.

        Parameters
        ----------
        claim_id
            The claim's identifier (its IRI or the part after ``claim/``).
        reason
            Why it is retracted, in words.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written, to which file.

        Raises
        ------
        ReadOnlyGraph
            No folder was named, or it is the seed graph inside the package.
        UnknownClaim
            No claim has this identifier.
        InvalidClaim
            No reason given (a claim already retracted is left as it is: the change says so).
        """
        from actorgraph.curation import retract

        return self._written(retract(self.graph_dir, claim_id, reason, dry_run=dry_run))

    def edit(self, claim_id: str, changes: ClaimEdit, dry_run: bool = False) -> Change:
        """Correct a claim: a new version with *changes*; the old one is kept, deprecated as superseded."""
        from actorgraph.history import edit_claim

        return self._written(edit_claim(self.graph_dir, claim_id, changes, dry_run=dry_run))

    def restore(self, claim_id: str, dry_run: bool = False) -> Change:
        """Take back a claim's retraction; a note of the restoration is kept."""
        from actorgraph.history import restore_claim

        return self._written(restore_claim(self.graph_dir, claim_id, dry_run=dry_run))

    def dispute(
        self, dispute: DisputeDraft, file: str | os.PathLike[str] | None = None, dry_run: bool = False
    ) -> Change:
        """Record that a source, or an actor it reports, contests a claim; the claim then reads as disputed."""
        from actorgraph.disputes import record_dispute

        return self._written(record_dispute(self.graph_dir, dispute, file=file, dry_run=dry_run))

    def rename(self, actor: str, new_name: str, dry_run: bool = False) -> Change:
        """Give an actor a new label, where its label is written; its IRI stays.

        Parameters
        ----------
        actor
            A label, an alias or a word only one actor has.
        new_name
            The new label; the old one is kept as an alias, so it still resolves.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written, to which files.

        Raises
        ------
        ReadOnlyGraph
            No folder was named, or it is the seed graph inside the package.
        ActorChangeRefused
            The name belongs to another actor, or the file cannot be edited safely; nothing is written.
        """
        from actorgraph.actor_edits import rename

        return self._written(rename(self.graph_dir, actor, new_name, dry_run=dry_run))

    def alias(self, actor: str, alias: str, remove: bool = False, dry_run: bool = False) -> Change:
        """Add another name to an actor, or with *remove* take one away.

        Parameters
        ----------
        actor
            A label, an alias or a word only one actor has.
        alias
            The name to add (it must name no other actor) or to remove.
        remove
            Remove *alias* instead of adding it.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written, to which files.

        Raises
        ------
        ReadOnlyGraph
            No folder was named, or it is the seed graph inside the package.
        ActorChangeRefused
            The alias names another actor, or is not one of this actor's; nothing is written.
        """
        from actorgraph.actor_edits import alias as edit_alias

        return self._written(edit_alias(self.graph_dir, actor, alias, remove=remove, dry_run=dry_run))

    def set_type(self, actor: str, class_name: str, dry_run: bool = False) -> Change:
        """Change an actor's class, if every claim of it still fits its relation.

        Parameters
        ----------
        actor
            A label, an alias or a word only one actor has.
        class_name
            ``State``, ``Person``, ``ArmedGroup``, ``Organization`` or ``GovernmentBody``.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written, to which files.

        Raises
        ------
        UnknownActorType
            The class is not in the vocabulary.
        ActorChangeRefused
            A claim of the actor (or of an actor merged into it) would no longer fit its relation's
            domain or range: the message names one. Nothing is written.
        """
        from actorgraph.actor_edits import set_type

        return self._written(set_type(self.graph_dir, actor, class_name, dry_run=dry_run))

    def merge(self, canonical: str, merged: str, reason: str, by: str | None = None, dry_run: bool = False) -> Change:
        """Record that two actors are one: every question then reads *merged* as *canonical*.

        The decision (who, when, why) goes to the folder's ``decisions.ttl``; the files keep both
        actors, and :meth:`unmerge` revisits it.

        Parameters
        ----------
        canonical, merged
            The actor kept and the actor read as it (labels, aliases or words only one actor has).
        reason
            Why they are one, in words.
        by
            Who decides; by default the operating system's user name.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written, with notes on what now reads as one.

        Raises
        ------
        ActorChangeRefused
            The two are the same actor, *merged* is merged elsewhere already, the merge would make
            a cycle, or a claim of *merged* would not fit *canonical*'s class. Nothing is written.
        """
        from actorgraph.merges import Decision, record

        return self._written(record(self.graph_dir, Decision(canonical, merged, reason, by), dry_run=dry_run))

    def unmerge(self, canonical: str, merged: str, reason: str, by: str | None = None, dry_run: bool = False) -> Change:
        """Withdraw the decision that merged *merged* into *canonical*: kept, marked withdrawn.

        Parameters
        ----------
        canonical, merged
            The two actors, as named in the decision.
        reason
            Why the decision is withdrawn, in words.
        by
            Who withdraws it; by default the operating system's user name.
        dry_run
            Check and return the change without writing it.

        Returns
        -------
        Change
            What was (or would be) written.

        Raises
        ------
        ActorChangeRefused
            No standing decision merges *merged* into *canonical*; nothing is written.
        """
        from actorgraph.merges import Decision, withdraw

        return self._written(withdraw(self.graph_dir, Decision(canonical, merged, reason, by), dry_run=dry_run))

    def merges(self, actor: str | None = None) -> list[Merge]:
        """The merge decisions, withdrawn ones included, oldest first.

        Parameters
        ----------
        actor
            Only the decisions that name this actor or an actor merged into it.

        Returns
        -------
        list of Merge
            Each decision: the two actors, who, when, why, and its withdrawal if any.

        Examples
        --------
        >>> import actorgraph as ag
        >>> ag.open().merges()
        []
        """
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
        """Import a claims CSV: every row is checked first; one bad row and nothing is written.

        Parameters
        ----------
        source
            The CSV file, one claim a row (the columns of ``CLAIM_FIELDS``).
        file
            The Turtle file of the folder to append to; by default the folder's claims file.
        dry_run
            Check every row and return the report without writing.

        Returns
        -------
        ImportReport
            The claims, actors and sources added.

        Raises
        ------
        ReadOnlyGraph
            No folder was named, or it is the seed graph inside the package.
        InvalidImport
            Rows that cannot be imported, each with its line and why; nothing is written.
        """
        from actorgraph.importers import import_csv

        return self._written(import_csv(self.graph_dir, Path(source), file=file, dry_run=dry_run))

    def import_events(
        self,
        source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        fmt: str,
        file: str | os.PathLike[str] | None = None,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
        skip_bad: bool = False,
    ) -> EventImportReport:
        """Import event data (ICEWS, ICEWS14, GDELT 2.0, UCDP GED) as machine-coded claims.

        Parameters
        ----------
        source
            An ICEWS event file (*fmt* ``icews``), the ICEWS14 folder (*fmt* ``icews14``), a GDELT
            2.0 export, zipped or not, or a folder of them (*fmt* ``gdelt``), a UCDP GED CSV file
            (*fmt* ``ucdp-ged``), an ACLED export (``acled``), a POLECAT file (``polecat``); or
            several files of one format (several folders too for ``gdelt``), read one after the
            other into one import file.
        fmt
            ``icews``, ``icews14``, ``gdelt``, ``ucdp-ged``, ``acled`` or ``polecat``.
        file
            The Turtle file of the folder to write to; by default one named after *source* (its
            first file, and how many follow).
        dry_run
            Read and map every event and return the report without writing.
        progress
            Called with (events read, events in all) as the import goes.
        skip_bad
            Import the good rows when some are bad, and count those left out; by default one bad
            row and nothing is written.

        Returns
        -------
        EventImportReport
            The claims, actors and sources written, and the events skipped and why.

        Raises
        ------
        ReadOnlyGraph
            No folder was named, or it is the seed graph inside the package.
        InvalidImport
            *source* is not of the form *fmt* reads, or it was imported already.
        """
        from actorgraph.events import import_events

        report = import_events(
            self.graph_dir, source, fmt, file=file, dry_run=dry_run, progress=progress, skip_bad=skip_bad
        )
        return self._written(report)

    # --- proposals: claims read from a report's text, for review --------------------------

    def propose(
        self,
        report: str | os.PathLike[str],
        source: str | None = None,
        new_source: NewSource | None = None,
        dry_run: bool = False,
        extractor: Extractor | None = None,
    ) -> ProposeReport:
        """Read a plain-text report and keep the claims it proposes in the graph folder, for review.

        The report is an existing *source* (id, URL or label) or a *new_source* (title and day,
        publisher and URL when known), created with the report's text kept in the folder.
        Proposals are no claims of the graph until accepted; the same report proposes nothing
        new twice. *extractor* replaces the extraction engine (for tests).
        """
        from actorgraph.proposals import propose

        result = propose(self.graph_dir, Path(report), source, new_source, dry_run=dry_run, extractor=extractor)
        return self._written(result)

    def proposals(
        self, source: str | None = None, min_score: float | None = None, include_decided: bool = False
    ) -> list[StoredProposal]:
        """The proposals to review (with *include_decided*, accepted and rejected ones too)."""
        from actorgraph.proposals import list_proposals

        return list_proposals(self.dataset, source=source, min_score=min_score, include_decided=include_decided)

    def accept(
        self,
        proposal: str | None = None,
        edits: ProposalEdits | None = None,
        *,
        above: float | None = None,
        dry_run: bool = False,
    ) -> Decision:
        """Accept a proposal (with *edits*), or every open one scoring *above* or more, as verified claims.

        Each is checked as :meth:`add` checks a claim; a proposed actor it needs is created.
        """
        from actorgraph.proposals import accept

        return self._written(accept(self.graph_dir, proposal, edits, above=above, dry_run=dry_run))

    def reject(self, proposal: str, reason: str, dry_run: bool = False) -> Decision:
        """Reject a proposal: it is kept, marked rejected with the reason and the day."""
        from actorgraph.proposals import reject

        return self._written(reject(self.graph_dir, proposal, reason, dry_run=dry_run))

    def push(
        self,
        graph_store_url: str,
        *,
        query_url: str | None = None,
        update_url: str | None = None,
        timeout: float = 600,
        progress: Callable[[int, int], None] | None = None,
        atomic: bool | None = None,
    ) -> PushReport:
        """Load the graph into a SPARQL server: streamed in batches, checked, switched at once.

        Parameters
        ----------
        graph_store_url
            The endpoint of the SPARQL 1.1 Graph Store Protocol (Oxigraph's ``/store``, Fuseki's
            ``/DATASET/data``, Virtuoso's ``/sparql-graph-crud-auth``); it may carry a query string.
        query_url, update_url
            The server's query and update endpoints, when not beside the Graph Store one.
        timeout
            Seconds each request may take.
        progress
            Called as ``progress(done, total)`` in bytes of the files read.
        atomic
            None: an Oxigraph server holding none of the graphs written is loaded through its bulk
            loader (readers see the graphs fill), any other server staged and switched at once;
            True: always staged and switched; False: Oxigraph loaded in bulk over an earlier push
            too (readers see the graphs replaced).

        Returns
        -------
        PushReport
            The distinct triples of the default graph, their digest, and whether the switch was atomic.

        Raises
        ------
        PushFailed
            The server holds other than what was sent.
        EndpointFailed
            The server could not be reached, timed out, refused the login or a request.
        """
        from actorgraph.push import push

        return push(self.graph_dir, graph_store_url, user=self.user, query_url=query_url, update_url=update_url,
                    timeout=timeout, progress=progress, atomic=atomic)  # fmt: skip

    def _written(self, result: _Result) -> _Result:
        # The files changed: what was built from them is stale.
        for name in ("dataset", "projection", "index", "summary"):
            self.__dict__.pop(name, None)
        return result
