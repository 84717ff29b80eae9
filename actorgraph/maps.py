"""Interactive network maps: one self-contained HTML file per map, built with pyvis, safe offline.

``render_map`` draws an actor network (from ``network.build_network``) as the text of an HTML
page, and ``write_map`` writes it. ``write_path_dossier`` draws paths (from ``paths.find_paths``)
inside their neighbourhood, with a side panel listing every hop's claims and quotes, the path's
sign and the command that made it. ``neighbourhood`` and ``prune_isolated`` choose what a map shows.

How the page is made:

- pyvis's ``Network`` holds the nodes, edges and vis options, filled directly (``from_nx`` and
  ``add_edge`` are quadratic). pyvis's own page template is not used: even with
  ``cdn_resources="in_line"`` it loads Bootstrap from a CDN, it writes node ids raw into
  ``<option value>`` and does not escape its heading, and ``write_html`` ignores the encoding.
- The page is ``assets/map.html`` rendered by Jinja2 with autoescaping, with vis-network 9.1.2
  (the build pyvis 0.3.2 ships, see ``assets/VENDORED.md``), the page's CSS and its JS inlined.
  It makes no request at all: no CDN, no font, no image.
- The graph's data travels as JSON in a ``<script type="application/json">`` block, with ``<``,
  ``>`` and ``&`` escaped, and reaches the page through ``textContent`` only: a label such as
  ``"><img src=x onerror=alert(1)>`` shows as those characters. Node and edge ids are ``n0``,
  ``e0``…, never IRIs or labels.
- A Content-Security-Policy allows the page's own two scripts (by their hashes) and nothing else
  to run, and no connection anywhere: a second line of defence behind the escaping.
- Maps of up to ``PHYSICS_MAX_NODES`` actors settle with vis physics from positions computed here,
  then stop moving. Bigger maps keep physics off and show positions computed here (a
  ForceAtlas2-style layout whose repulsion runs on an FFT grid, O(n log n) a pass), with straight
  edges and labels drawn only when zoomed in.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from actorgraph import __version__
from actorgraph.errors import InvalidMapRequest
from actorgraph.export import CLASS_COLOURS, OTHER_CLASS_COLOUR, POLARITY_COLOURS, write_text
from actorgraph.text import quoted

if TYPE_CHECKING:
    import numpy as np
    from markupsafe import Markup
    from rdflib import Graph

    from actorgraph.claims import Claim
    from actorgraph.network import Projection
    from actorgraph.paths import ActorPath

ASSETS = Path(__file__).resolve().parent / "assets"
#: Above this many actors a map keeps physics off and shows positions computed in Python.
PHYSICS_MAX_NODES = 200
#: What node size can stand for.
SIZE_MEASURES = ("degree", "pagerank")
DEFAULT_TITLE = "Actor network"
VIS_VERSION = "9.1.2"

_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif'
_INK = "#1d2733"
_EDGE_INK = "#3f4b5b"


@dataclass(frozen=True)
class ClassStyle:
    """How a map draws an actor class: its legend label, vis shape and colours."""

    label: str
    shape: str
    colour: str
    border: str


#: Actor classes, in legend order. Shapes differ as well as colours, for colour-blind readers
#: and for print.
CLASS_STYLES: dict[str, ClassStyle] = {
    "State": ClassStyle("State", "square", CLASS_COLOURS["State"], "#1f4479"),
    "GovernmentBody": ClassStyle("Government body", "hexagon", CLASS_COLOURS["GovernmentBody"], "#3569b0"),
    "ArmedGroup": ClassStyle("Armed group", "triangle", CLASS_COLOURS["ArmedGroup"], "#5a2f7a"),
    "Organization": ClassStyle("Organization", "diamond", CLASS_COLOURS["Organization"], "#1d665d"),
    "Person": ClassStyle("Person", "dot", CLASS_COLOURS["Person"], "#9a6409"),
}
OTHER_STYLE = ClassStyle("Other actor", "star", OTHER_CLASS_COLOUR, "#5b6573")


@dataclass(frozen=True)
class PolarityStyle:
    """How a map draws the links of one polarity."""

    label: str
    colour: str
    text: str
    dashes: bool


POLARITY_STYLES: dict[str, PolarityStyle] = {
    "hostile": PolarityStyle("Hostile", POLARITY_COLOURS["hostile"], "#a82a22", False),
    "cooperative": PolarityStyle("Cooperative", POLARITY_COLOURS["cooperative"], "#23743a", False),
    "neutral": PolarityStyle("Neutral", POLARITY_COLOURS["neutral"], "#5f6670", False),
    "structural": PolarityStyle(
        "Structural (leads, member of, part of)", POLARITY_COLOURS["structural"], "#3f4b5b", True
    ),
}
_DASHES = [7, 5]
#: What a link's colour may show: the polarity of its relation, or where its claims come from.
COLOUR_MEASURES = ("polarity", "origin")
#: Links coloured by origin (``colour_by="origin"``): curated claims, each event data set, both
#: together. Okabe-Ito colours, told apart by colour-blind readers; machine-coded links are dashed
#: as well, so curated and machine-coded links differ in print too.
ORIGIN_STYLES: dict[str, PolarityStyle] = {
    "curated": PolarityStyle("Curated claims", "#1d2733", "#1d2733", False),
    "icews": PolarityStyle("ICEWS", "#e69f00", "#8a5f00", True),
    "gdelt": PolarityStyle("GDELT", "#56b4e9", "#1f6f9c", True),
    "ucdp-ged": PolarityStyle("UCDP GED", "#009e73", "#006b4e", True),
    "acled": PolarityStyle("ACLED", "#d55e00", "#9a4400", True),
    "polecat": PolarityStyle("POLECAT", "#cc79a7", "#8f4a72", True),
    "machine-coded": PolarityStyle("Machine-coded, data set not named", "#8c939d", "#5f6670", True),
    "mixed": PolarityStyle("Curated and machine-coded, or several data sets", "#0072b2", "#0072b2", False),
}


# --- Choosing what a map shows ------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The part of the actor network a map or an export shows, and how it was chosen.

    ``notes`` describe the choice in a few words each, for a map's header. ``total`` is how many
    actors the selection had before it was cut to its most central ones (``max_actors``).
    """

    network: nx.MultiDiGraph
    focus: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    left_out: int = 0
    total: int = 0

    @property
    def cut(self) -> bool:
        """Whether the selection was cut to its most central actors."""
        return self.total > self.network.number_of_nodes()


def select(
    source: Graph | Projection,
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
    """The actor network of *source* as of a day, with only some links, around some actors: what
    every map and network export draws.

    *source* is an RDF graph or, better, a ``network.Projection`` already built (a command's
    ``Graph.projection``, cached on disk).

    *as_of* keeps the claims in force that day (as ``path --as-of`` does); *relations* keeps the
    links of those relations and the relations below them; *polarities* the links of those
    polarities; *min_confidence* the claims rated at least that (``B2``, ``C``, ``3``); *origin*
    keeps the claims of one origin (``curated``, ``machine-coded`` or an event data set, as
    ``path --origin`` does); *min_claims* the links that at least that many claims (left by the
    other filters) stand behind; *focus* (actor names, resolved as everywhere) keeps those actors
    and every actor within *hops* links of them. When a filter is given, actors left without any
    link are left out and counted. Last, *max_actors* (``None``: no limit) keeps the most central
    actors (``thinning.most_central``) and the focus.

    >>> from actorgraph import store
    >>> chosen = select(store.load(), focus=["Nasrallah"], hops=1)
    >>> sorted(chosen.network.nodes[n]["label"] for n in chosen.network), chosen.notes
    (['Hassan Nasrallah', 'Hezbollah', 'Israel'], ('focus: Hassan Nasrallah, 1 hop',))
    >>> select(store.load(), max_actors=5).notes
    ('the 5 most central of 20 actors (degree centrality: actors linked)',)
    """
    from actorgraph import thinning
    from actorgraph.network import Projection, filter_network, make_filter

    projection = source if isinstance(source, Projection) else Projection.from_graph(source)
    vocabulary, index = projection.vocabulary, projection.index
    actors = [index.resolve(name) for name in focus]
    network = projection.at(as_of)
    notes: list[str] = []
    network = filter_network(
        network,
        make_filter(
            vocabulary, index, relations=relations, polarities=polarities, min_confidence=min_confidence, origin=origin
        ),
    )
    if relations:
        names = ", ".join(vocabulary.relation(r).label for r in relations)
        notes.append(f"relations: {names} (and those below them)")
    if polarities:
        notes.append(f"{' or '.join(dict.fromkeys(p.strip().lower() for p in polarities))} links")
    if min_confidence:
        notes.append(f"claims rated {min_confidence.strip()} or better")
    if origin:
        notes.append(f"claims of origin {origin}")
    network = thinning.min_claims(network, min_claims)
    if min_claims > 1:
        notes.append(f"links of {min_claims} claims or more")
    centres = tuple(dict.fromkeys(str(actor.iri) for actor in actors))
    if centres:
        network = neighbourhood(network, centres, hops)
        labels = ", ".join(dict.fromkeys(actor.label for actor in actors))
        notes.append(f"focus: {labels}, {_count(hops, 'hop')}")
    left_out = 0
    if relations or as_of or origin or polarities or min_confidence or min_claims > 1:
        network, left_out = prune_isolated(network, keep=centres)
        if left_out:
            notes.append(f"{_count(left_out, 'actor')} without a link left out")
    network, total = thinning.most_central(network, max_actors, keep=centres)
    if total > network.number_of_nodes():
        notes.append(thinning.cut_note(network.number_of_nodes(), total))
    return Selection(network, centres, tuple(notes), left_out, total)


def neighbourhood(network: nx.MultiDiGraph, centres: Iterable[str], hops: int = 1) -> nx.MultiDiGraph:
    """The actors within *hops* links of any of *centres* (in either direction), and every edge among them.

    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> network = build_network(store.load())
    >>> near = neighbourhood(network, ["https://w3id.org/actorgraph/actor/Hassan_Nasrallah"], hops=1)
    >>> sorted(near.nodes[n]["label"] for n in near)
    ['Hassan Nasrallah', 'Hezbollah', 'Israel']
    """
    if hops < 0:
        raise InvalidMapRequest(f"hops must be 0 or more, not {hops}")
    centres = list(dict.fromkeys(centres))
    for centre in centres:
        if centre not in network:
            raise InvalidMapRequest(f"{centre} is not an actor of this network")
    keep: set[str] = set(centres)
    frontier = set(centres)
    for _ in range(hops):
        reached = {m for n in frontier for m in (*network.successors(n), *network.predecessors(n))} - keep
        if not reached:
            break
        keep |= reached
        frontier = reached
    chosen = network.subgraph(keep).copy()
    chosen.graph.update(network.graph)
    return chosen


def prune_isolated(network: nx.MultiDiGraph, keep: Iterable[str] = ()) -> tuple[nx.MultiDiGraph, int]:
    """*network* without the actors that have no link (but those in *keep*), and how many went."""
    kept = set(keep)
    lonely = [n for n in network if network.degree(n) == 0 and n not in kept]
    if not lonely:
        return network, 0
    pruned = network.copy()
    pruned.remove_nodes_from(lonely)
    return pruned, len(lonely)


# --- Layout ------------------------------------------------------------------------------------


def layout(graph: nx.Graph, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Positions for the nodes of *graph*, about one unit from each node to the nearest; components packed side by side.

    Each connected component gets a ForceAtlas2-style layout (linear attraction, repulsion between
    nodes weighted by degree, gravity) whose repulsion is exact for small components and computed
    on an FFT grid for big ones, so a 5,000-node graph takes seconds, not minutes. The same graph
    and seed give the same positions.

    >>> positions = layout(nx.path_graph(3))
    >>> sorted(positions) == [0, 1, 2] and all(len(p) == 2 for p in positions.values())
    True
    """
    import numpy as np

    order = sorted(graph.nodes, key=str)
    if not order:
        return {}
    rng = np.random.default_rng(seed)
    blocks: list[tuple[list[Hashable], np.ndarray]] = []
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c))))
    for component in components:
        members = [n for n in order if n in component]
        index = {n: i for i, n in enumerate(members)}
        pairs = np.array(
            [(index[u], index[v]) for u, v in graph.subgraph(members).edges() if u != v], dtype=np.intp
        ).reshape(-1, 2)
        blocks.append((members, _component_layout(len(members), pairs, rng)))
    placed = _pack([positions for _, positions in blocks])
    return {
        node: (float(x), float(y))
        for (members, _), positions in zip(blocks, placed, strict=True)
        for node, (x, y) in zip(members, positions, strict=True)
    }


def _component_layout(count: int, pairs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    import numpy as np

    if count == 1:
        return np.zeros((1, 2))
    if count == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    from scipy.spatial import cKDTree

    positions = _force_layout(count, pairs, rng, iterations=300 if count <= 200 else 120)
    nearest, _ = cKDTree(positions).query(positions, k=2)  # what legibility needs: room around each node
    scale = float(np.median(nearest[:, 1]))
    return (positions - positions.mean(axis=0)) / (scale or 1.0)


def _force_layout(count: int, pairs: np.ndarray, rng: np.random.Generator, iterations: int) -> np.ndarray:
    import numpy as np

    mass = 1.0 + np.bincount(pairs.ravel(), minlength=count).astype(float)
    side = math.sqrt(mass.sum())
    positions = (rng.random((count, 2)) - 0.5) * side
    temperature, floor = side / 4, side / 2000
    cooling = 0.01 ** (1 / iterations)  # the step shrinks a hundredfold over the run
    repulsion = _Repulsion(count, mass)
    for _ in range(iterations):
        shift = repulsion(positions)
        delta = positions[pairs[:, 0]] - positions[pairs[:, 1]]
        for axis in (0, 1):
            pull = np.bincount(pairs[:, 0], delta[:, axis], count) - np.bincount(pairs[:, 1], delta[:, axis], count)
            shift[:, axis] -= pull
        distance = np.maximum(np.sqrt((positions**2).sum(axis=1)), 1e-9)
        shift -= mass[:, None] * positions / distance[:, None]
        step = shift / mass[:, None]
        length = np.maximum(np.sqrt((step**2).sum(axis=1)), 1e-12)
        positions += step / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = max(temperature * cooling, floor)
    return positions


class _Repulsion:
    """Degree-weighted 1/d repulsion on every node: exact up to 200 nodes, on an FFT grid above.

    On the grid, the force field is the node density convolved with the kernel (dx, dy)/r². In
    grid units that kernel never changes (a finer grid only scales it by 1/cell size), so its
    Fourier transform is computed once; each pass costs one forward and two inverse transforms.
    Nodes closer than a cell repel each other exactly.
    """

    EXACT_UP_TO = 200

    def __init__(self, count: int, mass: np.ndarray) -> None:
        import numpy as np
        from scipy import fft

        self.count, self.mass = count, mass
        if count <= self.EXACT_UP_TO:
            return
        self.cells = int(min(192, max(32, 2 * math.sqrt(count))))
        padded = 2 * self.cells  # room for every offset, so the circular convolution is a linear one
        offsets = np.arange(padded)
        offsets = np.where(offsets < self.cells, offsets, offsets - padded).astype(float)
        dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
        squared = np.maximum(dx * dx + dy * dy, 1.0)
        squared[0, 0] = np.inf
        self.kernel_x = fft.rfft2(dx / squared)
        self.kernel_y = fft.rfft2(dy / squared)
        self.padded = padded

    def __call__(self, positions: np.ndarray) -> np.ndarray:
        import numpy as np

        mass = self.mass
        if self.count <= self.EXACT_UP_TO:
            delta = positions[:, None, :] - positions[None, :, :]
            squared = (delta**2).sum(axis=-1)
            np.fill_diagonal(squared, np.inf)
            weight = np.outer(mass, mass) / np.maximum(squared, 1e-4)
            return (delta * weight[..., None]).sum(axis=1)
        from scipy import fft
        from scipy.spatial import cKDTree

        cells = self.cells
        low = positions.min(axis=0) - 1e-6
        span = float((positions.max(axis=0) + 1e-6 - low).max())
        size = span / cells
        column = np.clip(((positions[:, 0] - low[0]) / size).astype(int), 0, cells - 1)
        row = np.clip(((positions[:, 1] - low[1]) / size).astype(int), 0, cells - 1)
        density = np.zeros((self.padded, self.padded))
        np.add.at(density, (column, row), mass)
        spectrum = fft.rfft2(density)
        shape = (self.padded, self.padded)
        field_x = fft.irfft2(spectrum * self.kernel_x, s=shape)[column, row]
        field_y = fft.irfft2(spectrum * self.kernel_y, s=shape)[column, row]
        shift = np.stack([field_x, field_y], axis=1) * (mass / size)[:, None]
        near = cKDTree(positions).query_pairs(r=size, output_type="ndarray")
        if len(near):
            delta = positions[near[:, 0]] - positions[near[:, 1]]
            weight = mass[near[:, 0]] * mass[near[:, 1]] / np.maximum((delta**2).sum(axis=1), 1e-4)
            force = delta * weight[:, None]
            for axis in (0, 1):
                shift[:, axis] += np.bincount(near[:, 0], force[:, axis], self.count) - np.bincount(
                    near[:, 1], force[:, axis], self.count
                )
        return shift


def _pack(blocks: list[np.ndarray], gap: float = 1.6) -> list[np.ndarray]:
    """Place components in rows, biggest first, each in its own box: no two overlap."""
    import numpy as np

    boxes = [(b - b.min(axis=0), *(b.max(axis=0) - b.min(axis=0))) for b in blocks]
    area = sum((w + gap) * (h + gap) for _, w, h in boxes)
    row_width = max(max(w for _, w, _ in boxes), math.sqrt(area))
    placed, x, y, row_height = [], 0.0, 0.0, 0.0
    for shifted, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        placed.append(shifted + np.array([x, y]))
        x += width + gap
        row_height = max(row_height, height)
    return placed


# --- Rendering ---------------------------------------------------------------------------------


def render_map(
    network: nx.MultiDiGraph,
    title: str = DEFAULT_TITLE,
    *,
    command: str | None = None,
    notes: Sequence[str] = (),
    focus: Iterable[str] = (),
    size_by: str = "degree",
    physics: bool | None = None,
    paths: Sequence[ActorPath] = (),
    seed: int = 7,
    colour_by: str = "polarity",
    command_all: str | None = None,
) -> str:
    """The HTML text of an interactive, self-contained map of *network*.

    Parameters
    ----------
    network
        An actor network from ``network.build_network`` (possibly filtered or cut down).
    title
        The page's title and heading.
    command
        The command line that made the map, shown in the header so others can remake it.
    command_all
        For a map cut to its most central actors: the command line that draws them all.
    notes
        More facts for the header (filters applied, actors left out…), one short phrase each.
    focus
        Actor IRIs drawn with a bold outline (the actors a map was centred on).
    size_by
        ``"degree"`` (actors linked) or ``"pagerank"``: what a node's size stands for.
    physics
        Let vis-network settle the layout; by default only for maps of up to
        ``PHYSICS_MAX_NODES`` actors. The page has a switch either way.
    paths
        ``paths.ActorPath`` objects to highlight, listed hop by hop in the side panel.
    colour_by
        What a link's colour shows: ``"polarity"`` (hostile, cooperative…) or ``"origin"`` (curated
        claims, each event data set, or a mix; see ``ORIGIN_STYLES``), with its legend.

    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> page = render_map(build_network(store.load()), "Seed <graph>")
    >>> "<h1>Seed &lt;graph&gt;</h1>" in page and "https://cdn" not in page
    True
    """
    if size_by not in SIZE_MEASURES:
        raise InvalidMapRequest(f"unknown size measure {size_by!r} — use {' or '.join(SIZE_MEASURES)}")
    if colour_by not in COLOUR_MEASURES:
        raise InvalidMapRequest(f"unknown colour measure {colour_by!r} — use {' or '.join(COLOUR_MEASURES)}")
    data = _MapData(network, focus=set(focus), size_by=size_by, physics=physics, seed=seed, colour_by=colour_by)
    path_views = [data.path_view(path) for path in paths]
    return _render(data, title=title, command=command, notes=list(notes), paths=path_views, command_all=command_all)


def write_map(network: nx.MultiDiGraph, output: str | Path, title: str = DEFAULT_TITLE, **options: Any) -> Path:
    """Write the map of *network* to *output* (UTF-8, atomically) and return its path.

    *options* are those of ``render_map``.
    """
    return write_text(output, render_map(network, title, **options))


def write_path_dossier(
    network: nx.MultiDiGraph,
    paths: Sequence[ActorPath],
    output: str | Path,
    command: str,
    hops: int = 1,
    title: str | None = None,
    max_actors: int | None = None,
) -> Path:
    """Write the path dossier of :func:`render_path_dossier` to *output* (UTF-8, atomically)."""
    return write_text(output, render_path_dossier(network, paths, command, hops, title, max_actors))


def render_path_dossier(
    network: nx.MultiDiGraph,
    paths: Sequence[ActorPath],
    command: str | None,
    hops: int = 1,
    title: str | None = None,
    max_actors: int | None = None,
) -> str:
    """A path dossier's HTML: *paths* highlighted inside their neighbourhood, evidence hop by hop.

    The map shows the paths' actors and every actor within *hops* links of them (0: the paths
    alone), with the paths' actors and links emphasised and the rest faded; the side panel lists
    each path with its sign and what the last actor is to the first, then each hop with its
    claims, dates, confidences, quotes and sources. *command* is shown in the header. Past
    *max_actors* (``None``: no limit), the neighbourhood is cut to its most central actors; the
    paths' actors always show.
    """
    from actorgraph import thinning

    if not paths:
        raise InvalidMapRequest("no path to draw")
    on_paths = list(dict.fromkeys(n for path in paths for n in path.nodes))
    missing = [n for n in on_paths if n not in network]
    if missing:
        raise InvalidMapRequest(f"the path's actor {missing[0]} is not in this network")
    shown, total = thinning.most_central(neighbourhood(network, on_paths, hops), max_actors, keep=on_paths)
    first, last = paths[0].hops[0].source_label, paths[0].hops[-1].target_label
    heading = title or f"{first} to {last}: {_count(len(paths), 'path')}"
    notes = [f"with every actor within {_count(hops, 'hop')} of a path" if hops else "the paths alone"]
    if total > shown.number_of_nodes():
        notes.append(thinning.cut_note(shown.number_of_nodes(), total) + ", the paths' actors among them")
    return render_map(shown, heading, command=command, notes=notes, paths=paths)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


class _MapData:
    """The network turned into vis nodes and edges, and the evidence the page shows about them."""

    def __init__(
        self,
        network: nx.MultiDiGraph,
        focus: set[str],
        size_by: str,
        physics: bool | None,
        seed: int,
        colour_by: str = "polarity",
    ) -> None:
        self.network = network
        self.colour_by = colour_by
        self.order = sorted(network, key=lambda n: (str(network.nodes[n].get("label", n)).casefold(), n))
        self.ids = {node: f"n{i}" for i, node in enumerate(self.order)}
        self.position = {node: i for i, node in enumerate(self.order)}
        self.big = len(self.order) > PHYSICS_MAX_NODES
        self.physics = (not self.big) if physics is None else physics
        self.size_by = size_by
        self.edge_ids: dict[tuple[str, str, str], str] = {}
        simple = nx.Graph()
        simple.add_nodes_from(self.order)
        simple.add_edges_from((u, v) for u, v in network.edges() if u != v)
        self.degree = {n: simple.degree(n) for n in self.order}
        self.positions = layout(simple, seed=seed)
        self.values = self._size_values(size_by)
        self.pyvis = self._build(focus)

    def _size_values(self, size_by: str) -> dict[str, float]:
        if size_by == "pagerank" and self.network.number_of_edges():
            from actorgraph.network import simple_view

            return nx.pagerank(simple_view(self.network, directed=True), weight="claims")
        return {n: float(self.degree[n]) for n in self.order}

    def _build(self, focus: set[str]) -> Any:
        from pyvis.network import Network

        net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
        top = max(self.values.values(), default=0.0) or 1.0
        spacing = 140.0 if len(self.order) <= 40 else 110.0 if not self.big else 70.0
        for node in self.order:
            data = self.network.nodes[node]
            x, y = self.positions[node]
            item: dict[str, Any] = {
                "id": self.ids[node],
                "group": _group(data.get("type")),
                "size": round(11 + 19 * math.sqrt(max(self.values.get(node, 0.0), 0.0) / top), 1),
                "x": round(x * spacing, 1),
                "y": round(y * spacing, 1),
            }
            if not self.big:  # big maps label actors lazily, once zoomed in (map.js)
                item["label"] = str(data.get("label", node))
            if node in focus:
                item["borderWidth"] = 4
            net.nodes.append(item)
            net.node_ids.append(item["id"])
            net.node_map[item["id"]] = item
        bundles: dict[frozenset[str], list[tuple[str, str, str]]] = defaultdict(list)
        for u, v, key in self.network.edges(keys=True):
            bundles[frozenset((u, v))].append((u, v, key))
        position = self.position
        for number, (u, v, key, data) in enumerate(
            sorted(self.network.edges(keys=True, data=True), key=self._edge_order)
        ):
            edge_id = f"e{number}"
            self.edge_ids[(u, v, key)] = edge_id
            bundle = sorted(bundles[frozenset((u, v))], key=lambda e: (position[e[0]], e[2], position[e[1]]))
            net.edges.append(self._edge(edge_id, u, v, data, bundle.index((u, v, key)), len(bundle), position))
        net.options = self._options()
        return net

    def link_style(self, data: dict[str, Any]) -> PolarityStyle:
        """How a link is drawn: by its polarity, or by the origin of its claims."""
        if self.colour_by == "origin":
            return ORIGIN_STYLES[link_origin(data)]
        return POLARITY_STYLES.get(str(data.get("polarity")), POLARITY_STYLES["neutral"])

    def _edge_order(self, edge: tuple[str, str, str, dict[str, Any]]) -> tuple[int, str, int]:
        u, v, key, _ = edge
        return (self.position[u], key, self.position[v])

    def _edge(
        self, edge_id: str, u: str, v: str, data: dict[str, Any], rank: int, size: int, position: dict[str, int]
    ) -> dict[str, Any]:
        style = self.link_style(data)
        claims = len(data.get("claims", ()))
        label = str(data.get("label") or data.get("relation"))
        item: dict[str, Any] = {
            "id": edge_id,
            "from": self.ids[u],
            "to": self.ids[v],
            "color": style.colour,
            "width": round(1.4 + min(3.0, 1.1 * math.log2(max(claims, 1))), 2),
        }
        if not self.big:  # big maps label links lazily, once zoomed in (map.js)
            item["label"] = label + (f" ×{claims}" if claims > 1 else "") + (DISPUTED_MARK if _disputed(data) else "")
        if data.get("symmetric") and not self.big:  # big maps draw arrows lazily, once zoomed in (map.js)
            item["arrows"] = {"to": {"enabled": False}}
        if style.dashes:
            item["dashes"] = _DASHES
        if u == v:
            item["selfReference"] = {"size": 16, "angle": math.pi / 4 * rank}
        elif size > 1:
            item["length"] = 150 + 50 * (size - 1)
            offset = (rank - (size - 1) / 2) * 0.2
            forward = position[u] < position[v]
            if offset:
                clockwise = (offset > 0) == forward
                item["smooth"] = {
                    "enabled": True,
                    "type": "curvedCW" if clockwise else "curvedCCW",
                    "roundness": round(abs(offset), 3),
                }
        return item

    def _options(self) -> dict[str, Any]:
        groups = {name: _group_options(style) for name, style in CLASS_STYLES.items()}
        groups["Other"] = _group_options(OTHER_STYLE)
        return {
            "autoResize": True,
            "layout": {"improvedLayout": False, "randomSeed": 7},
            "groups": groups,
            "nodes": {
                "borderWidth": 1.5,
                "borderWidthSelected": 3,
                "font": {"face": _FONT, "size": 14, "color": _INK, "strokeWidth": 4, "strokeColor": "#ffffff"},
                "shapeProperties": {"interpolation": False},
            },
            "edges": {
                "arrows": {"to": {"enabled": not self.big, "scaleFactor": 0.6}},
                "arrowStrikethrough": False,
                "color": {"inherit": False, "opacity": 0.9},
                "selectionWidth": 1.5,
                "hoverWidth": 0.8,
                "smooth": False,
                "font": {
                    "face": _FONT,
                    "size": 11,
                    "color": _EDGE_INK,
                    "strokeWidth": 4,
                    "strokeColor": "#ffffff",
                    "align": "horizontal",
                },
            },
            "interaction": {
                "hover": True,
                "tooltipDelay": 200,
                "navigationButtons": False,
                "keyboard": {"enabled": True, "bindToWindow": False},
                "hideEdgesOnDrag": self.big,
                "hideEdgesOnZoom": self.big,
                "multiselect": False,
            },
            "physics": {
                "enabled": self.physics,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {
                    "gravitationalConstant": -160,
                    "centralGravity": 0.015,
                    "springLength": 150,
                    "springConstant": 0.06,
                    "damping": 0.55,
                    "avoidOverlap": 1,
                },
                "stabilization": {
                    "enabled": self.physics,
                    # the layout starts from positions computed here: a big map needs fewer passes
                    "iterations": 400 if len(self.order) <= 60 else 150,
                    "updateInterval": 50,
                    "fit": True,
                },
                "minVelocity": 1.0,
                "maxVelocity": 40,
            },
        }

    # The evidence shown in tooltips and the side panel.

    def actors(self) -> list[dict[str, Any]]:
        out_claims: Counter[str] = Counter()
        in_claims: Counter[str] = Counter()
        for u, v, data in self.network.edges(data=True):
            out_claims[u] += len(data["claims"])
            in_claims[v] += len(data["claims"])
        views = []
        for node in self.order:
            data = self.network.nodes[node]
            views.append(
                {
                    "label": str(data.get("label", node)),
                    "classLabel": _style(data.get("type")).label
                    if data.get("type") in CLASS_STYLES
                    else str(data.get("type") or OTHER_STYLE.label),
                    "aliases": [str(a) for a in data.get("aliases", ())],
                    "degree": self.degree[node],
                    "claims": out_claims[node] + in_claims[node] - self._self_claims(node),
                    "out": out_claims[node],
                    "in": in_claims[node],
                    "iri": str(node),
                }
            )
        return views

    def _self_claims(self, node: str) -> int:
        return sum(len(d["claims"]) for d in self.network.get_edge_data(node, node, default={}).values())

    def links(self) -> list[dict[str, Any]]:
        views: list[dict[str, Any]] = [{}] * len(self.edge_ids)
        for (u, v, key), edge_id in self.edge_ids.items():
            data = self.network.edges[u, v, key]
            views[int(edge_id[1:])] = {
                "relation": str(data.get("relation", key)),
                "label": str(data.get("label") or key),
                "polarity": str(data.get("polarity") or "neutral"),
                "symmetric": bool(data.get("symmetric")),
                "kindLabel": "state of affairs" if data.get("kind") == "state" else "event",
                "claims": [_claim_view(c) for c in data.get("claims", ())],
                "disputed": _disputed(data),
            }
        return views

    def path_view(self, path: ActorPath) -> dict[str, Any]:
        from actorgraph.paths import SIGN_WORDS

        for node in path.nodes:
            if node not in self.ids:
                raise InvalidMapRequest(f"the path's actor {node} is not in this map")
        labels = {data["relation"]: data["label"] for _, _, data in self.network.edges(data=True)}
        edges: list[str] = []
        hops = []
        for hop in path.hops:
            wanted = set(hop.relations) or {hop.relation}
            for u, v in ((hop.source, hop.target), (hop.target, hop.source)):
                for key in self.network.get_edge_data(u, v, default={}):
                    if key in wanted:
                        edges.append(self.edge_ids[(u, v, key)])
            others = [labels.get(r, r) for r in hop.relations if r != hop.relation]
            hops.append(
                {
                    "source": hop.source_label,
                    "target": hop.target_label,
                    "arrow": hop.arrow if hasattr(hop, "arrow") else f" —{hop.relation_label}— ",
                    "polarity": hop.polarity,
                    "others": ", ".join(others),
                    "claims": [_claim_view(c) for c in hop.claims],
                }
            )
        sign = path.sign
        return {
            "sign": SIGN_MARKS[sign],
            "sign_class": SIGN_CLASSES[sign],
            "sign_text": SIGN_WORDS[sign],
            "sentence": _sentence(path),
            "chain": path.chain() if hasattr(path, "chain") else " → ".join(h.target_label for h in path.hops),
            "length": path.length,
            "hops": hops,
            "nodes": [self.ids[n] for n in path.nodes],
            "edges": list(dict.fromkeys(edges)),
        }


#: A path's sign as shown (a true minus) and as the class of its badge.
SIGN_MARKS = {"+": "+", "-": "−", "0": "0"}
SIGN_CLASSES = {"+": "plus", "-": "minus", "0": "zero"}


def _sentence(path: ActorPath) -> str:
    kind = {"+": "Friendly path", "-": "Hostile path", "0": "Unsigned path (a hop is neutral)"}[path.sign]
    last = path.hops[-1].target_label
    return f"{kind}, {_count(path.length, 'hop')}: {last} is {path.sign_phrase}."


#: What a map adds to the label of a link with a disputed claim behind it (its tooltip says who disputes it).
DISPUTED_MARK = " ⚠ disputed"


def link_origin(data: dict[str, Any]) -> str:
    """Where a link's claims come from: "curated", one event data set ("gdelt"), "machine-coded"
    (no data set named), or "mixed" when they come from more than one of these."""
    origins = set()
    for claim in data.get("claims", ()):
        if getattr(claim, "origin", "curated") != "machine-coded":
            origins.add("curated")
        else:
            event = getattr(claim, "event", None)
            origins.add(event.dataset if event is not None and event.dataset in ORIGIN_STYLES else "machine-coded")
    return origins.pop() if len(origins) == 1 else "mixed" if origins else "curated"


def _disputed(data: dict[str, Any]) -> bool:
    return any(c.status == "disputed" for c in data.get("claims", ()))


def _claim_view(claim: Claim) -> dict[str, Any]:
    first, last = claim.in_force_span()
    return {
        "relation": str(claim.predicate),
        "when": claim.when,
        # the first and last day it holds (None: open), what the time slider compares with its day
        "from": first.isoformat() if first else None,
        "until": last.isoformat() if last else None,
        "confidence": claim.confidence,
        "quote": claim.quote,
        # As the page shows it: between marks that do not double the quote's own (text.quoted).
        "quoted": quoted(claim.quote) if claim.quote else "",
        "source": claim.source or "",
        "attributed": claim.attributed_to or "",
        "comment": claim.comment or "",
        "id": str(claim.iri),
        "coding": _coding(claim),
        "status": claim.status,
        "disputes": [d.line() for d in claim.disputes],
    }


def time_steps(network: nx.MultiDiGraph) -> list[str]:
    """The days at which the network of a map changes, for its time slider: ISO dates, in order.

    Each is a day a claim starts to hold or the day after one stops, with the day before the
    first of them (when the earliest claims are not yet in force); empty when no claim has a date.
    A network cut to a day (``as_of``) has no step after it.

    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> time_steps(build_network(store.load()))[:4]
    ['2023-10-06', '2023-10-07', '2024-04-01', '2024-08-01']
    """
    changes: set[datetime.date] = set()
    for _, _, data in network.edges(data=True):
        for claim in data.get("claims", ()):
            first, last = claim.in_force_span()
            changes.update(day for day in (first, _day_after(last)) if day)
    cut = network.graph.get("as_of")
    if cut:
        changes = {day for day in changes if day <= datetime.date.fromisoformat(cut)}
    if not changes:
        return []
    earliest = min(changes)
    start = {earliest - datetime.timedelta(days=1)} if earliest > datetime.date.min else set()
    return [day.isoformat() for day in sorted(changes | start)]


def _day_after(day: datetime.date | None) -> datetime.date | None:
    return day + datetime.timedelta(days=1) if day and day < datetime.date.max else None


def _coding(claim: Claim) -> str:
    """ "machine-coded, CAMEO 190, Goldstein -10" for a machine-coded claim; "" for a curated one."""
    if getattr(claim, "origin", "curated") != "machine-coded":
        return ""
    parts = ["machine-coded"]
    if getattr(claim, "cameo_code", None):
        parts.append(f"CAMEO {claim.cameo_code}")
    if getattr(claim, "goldstein", None) is not None:
        parts.append(f"Goldstein {claim.goldstein:g}")
    return ", ".join(parts)


def _group(actor_type: object) -> str:
    return str(actor_type) if actor_type in CLASS_STYLES else "Other"


def _style(actor_type: object) -> ClassStyle:
    return CLASS_STYLES.get(str(actor_type), OTHER_STYLE)


def _group_options(style: ClassStyle) -> dict[str, Any]:
    colours = {"background": style.colour, "border": style.border}
    return {"shape": style.shape, "color": {**colours, "highlight": dict(colours), "hover": dict(colours)}}


# --- The page ---------------------------------------------------------------------------------


def _render(
    data: _MapData,
    title: str,
    command: str | None,
    notes: list[str],
    paths: list[dict[str, Any]],
    command_all: str | None = None,
) -> str:
    from markupsafe import Markup

    network = data.network
    nodes, edges, _heading, _height, _width, options = data.pyvis.get_network_data()
    claims = sum(len(d["claims"]) for _, _, d in network.edges(data=True))
    as_of = network.graph.get("as_of")
    dates = f"Claims in force on {as_of}" if as_of else "Claims of every date"
    steps = time_steps(network)
    facts = [
        dates,
        _count(len(nodes), "actor"),
        _count(len(edges), "link"),
        _count(claims, "claim"),
        *notes,
    ]
    types = Counter(node["group"] for node in nodes)
    classes = [
        {"name": name, "label": style.label, "count": types[name], "glyph": _glyph(style)}
        for name, style in [*CLASS_STYLES.items(), ("Other", OTHER_STYLE)]
        if types[name]
    ]
    by_origin = data.colour_by == "origin"
    link_counts = Counter(link_origin(d) if by_origin else d.get("polarity") for _, _, d in network.edges(data=True))
    polarities = [
        {"label": style.label, "count": link_counts[name], "glyph": _line_glyph(style)}
        for name, style in (ORIGIN_STYLES if by_origin else POLARITY_STYLES).items()
        if link_counts[name]
    ]
    relation_counts: Counter[str] = Counter()
    relation_info: dict[str, tuple[str, str]] = {}
    for _, _, d in network.edges(data=True):
        relation_counts[d["relation"]] += 1
        relation_info[d["relation"]] = (str(d.get("label") or d["relation"]), str(d.get("polarity")))
    relations = [
        {
            "name": name,
            "label": relation_info[name][0],
            "count": relation_counts[name],
            # coloured by origin, a relation has no colour of its own: its glyph is neutral
            "glyph": _line_glyph(
                POLARITY_STYLES.get("neutral" if by_origin else relation_info[name][1], POLARITY_STYLES["neutral"])
            ),
        }
        for name in sorted(relation_counts, key=lambda r: (relation_info[r][0].casefold(), r))
    ]
    names = sorted(
        {
            n
            for node in network
            for n in (network.nodes[node].get("label", node), *network.nodes[node].get("aliases", ()))
        },
        key=lambda n: (str(n).casefold(), str(n)),
    )
    hint = "Hover over an actor or a link to see its evidence; click it to keep it here. Click the background to clear."
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options) if isinstance(options, str) else options,
        "actors": data.actors(),
        "links": data.links(),
        "paths": [{"nodes": p["nodes"], "edges": p["edges"]} for p in paths],
        # the slider's days; its last position shows the map as made (every date, or as of its day)
        "time": {"steps": steps, "whole": dates},
        "physics": data.physics,
        "lazyLabels": data.big,
        "style": {
            "font": _INK,
            "edgeFont": _EDGE_INK,
            "borderWidth": 1.5,
            # labels keep these sizes on screen (pixels) at every zoom, and are placed so as not to collide
            "labelPx": 13,
            "edgeLabelPx": 11,
            # a big map labels every actor in view from this zoom on, and only its most central ones below it
            "labelScale": 0.6,
            "topLabels": 60,
            "edgeLabelScale": 0.75,
            "tooltipDelay": 150,
            "tooltipClaims": 6,
            "disputedMark": DISPUTED_MARK,
            "playInterval": 900,  # milliseconds a step of the time slider shows when playing
            "detailsHint": hint,
        },
    }
    vis_js, map_js = _asset("vis-network.min.js", "script"), _asset("map.js", "script")
    page = _template().render(
        csp=Markup(_csp(vis_js, map_js)),  # constants and hashes only
        generator=f"actorgraph {__version__} (pyvis {_pyvis_version()}, vis-network {VIS_VERSION})",
        title=title,
        facts=facts,
        command=command,
        command_all=command_all,
        names=names,
        physics=data.physics,
        paths=paths,
        time_steps=steps,
        whole_time=dates,
        paths_heading=_count(len(paths), "path"),
        details_hint=hint,
        classes=classes,
        size_note="Size: PageRank centrality (weighted by claims)."
        if data.size_by == "pagerank"
        else "Size: how many actors it is linked to (degree).",
        polarities=polarities,
        links_heading="Links, by origin" if by_origin else "Links",
        relations=relations,
        data_json=_script_json(payload),
        vis_css=Markup(_asset("vis-network.min.css", "style")),
        map_css=Markup(_asset("map.css", "style")),
        vis_js=Markup(vis_js),
        map_js=Markup(map_js),
    )
    return page.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate in the data becomes "?"


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(str(ASSETS)), autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )
    return environment.get_template("map.html")


@functools.lru_cache(maxsize=8)
def _asset(name: str, element: str) -> str:
    """An asset's text, checked so that it cannot close the ``<script>`` or ``<style>`` holding it."""
    path = ASSETS / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidMapRequest(f"actorgraph is installed without its map assets: {path} is missing") from None
    if f"</{element}" in text.lower() or "<!--" in text:
        raise InvalidMapRequest(f"{name} cannot be inlined: it contains </{element} or <!--")
    return text


def _csp(*scripts: str) -> str:
    """A Content-Security-Policy that lets only *scripts* run and nothing load or connect."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
        "worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _script_json(data: object) -> Markup:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element or open a comment."""
    from markupsafe import Markup

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


def _pyvis_version() -> str:
    from pyvis import __version__ as version

    return str(version)


_SHAPES = {
    "dot": '<circle cx="8" cy="8" r="6.2"/>',
    "square": '<rect x="2.2" y="2.2" width="11.6" height="11.6"/>',
    "triangle": '<polygon points="8,1.6 14.6,13.8 1.4,13.8"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "hexagon": '<polygon points="8,1.2 14,4.6 14,11.4 8,14.8 2,11.4 2,4.6"/>',
    "star": '<polygon points="8,1 9.9,6 15,6.2 11,9.4 12.4,14.6 8,11.6 3.6,14.6 5,9.4 1,6.2 6.1,6"/>',
}


def _glyph(style: ClassStyle) -> Markup:
    from markupsafe import Markup

    return Markup(
        f'<svg class="ag-glyph" viewBox="0 0 16 16" aria-hidden="true" fill="{style.colour}" '
        f'stroke="{style.border}" stroke-width="1.3">{_SHAPES[style.shape]}</svg>'
    )


def _line_glyph(style: PolarityStyle) -> Markup:
    from markupsafe import Markup

    dash = ' stroke-dasharray="5 3.5"' if style.dashes else ""
    return Markup(
        f'<svg class="ag-line" viewBox="0 0 30 12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="24" y2="6" stroke="{style.colour}" stroke-width="2.4"{dash}/>'
        f'<polygon points="23,2 29,6 23,10" fill="{style.colour}"/></svg>'
    )
