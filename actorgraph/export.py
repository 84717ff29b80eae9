"""Exports for other tools: the RDF graph as it is curated, and the actor network with its evidence.

Two families, one function each:

- ``export_rdf`` writes the curated data (every file of the graph folder, not the vocabulary
  unless asked) as Turtle, N-Triples or JSON-LD (one merged graph), or as TriG, which keeps one
  named graph per file (named as ``store.graph_name`` names them, from the path in the folder).
- ``export_network`` writes the actor network of ``network.build_network``, the same network the
  maps draw, as GraphML or GEXF (for Gephi, yEd, NetworkX), CSV (a nodes file and an edges
  file) or Cytoscape JSON. Attributes are typed scalars only (text, integers, floats, booleans):
  lists are joined, and every claim's evidence is summarised on its edge. GraphML and GEXF are
  written as text, in the layout NetworkX's writers give them (kept here as the reference the
  tests compare with), at a fraction of their time on a large network.

``write_text`` and ``write_texts`` write through ``files.atomic_write`` (a temporary file in the
target folder, flushed to disk, renamed over the target), so a failed export never leaves a
truncated file, and turn failures into one-line ``CannotWrite`` errors.
"""

from __future__ import annotations

import contextlib
import gc
import io
import itertools
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
from rdflib import XSD, Dataset, Graph, Literal
from rdflib.term import Node

from actorgraph import __version__
from actorgraph.claims import Claim
from actorgraph.confidence import strength
from actorgraph.errors import CannotWrite, UnknownExportFormat
from actorgraph.escapes import csv_text, ntriples
from actorgraph.namespace import PREFIXES
from actorgraph.network import SIGNS, aggregate

#: RDF exports: format name → (rdflib serializer, file ending).
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("turtle", ".ttl"),
    "trig": ("trig", ".trig"),
    "json-ld": ("json-ld", ".jsonld"),
    "nt": ("nt", ".nt"),
}
#: Network exports: format name → file ending (csv writes two files).
NETWORK_FORMATS: dict[str, str] = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": ".csv",
    "cytoscape": ".cyjs",
}
#: Columns of the CSV exports, in order.
NODE_FIELDS = ["id", "label", "type", "aliases", "degree", "claims", "iri"]
EDGE_FIELDS = [
    "id",
    "source",
    "target",
    "source_label",
    "target_label",
    "relation",
    "label",
    "polarity",
    "sign",
    "symmetric",
    "kind",
    "claims",
    "weight",
    "confidence",
    "confidences",
    "first_date",
    "last_date",
    "dates",
    "sources",
    "attributed_to",
    "quotes",
    "claim_ids",
    "relation_iri",
    "machine_coded",
    "curated",
    "goldstein",
]
#: Joins list values in one attribute: short tokens with "|", free text with " | ".
TOKEN_JOIN = "|"
TEXT_JOIN = " | "
#: Colours of actor classes and polarities, shared with the HTML maps (and written into GEXF).
CLASS_COLOURS = {
    "State": "#3569b0",
    "GovernmentBody": "#7eaee0",
    "Person": "#e8a21e",
    "ArmedGroup": "#8a4fb5",
    "Organization": "#2f9c8f",
}
OTHER_CLASS_COLOUR = "#8c939d"
POLARITY_COLOURS = {
    "hostile": "#c8352c",
    "cooperative": "#2b8a3e",
    "neutral": "#8c939d",
    "structural": "#3f4b5b",
}


# --- RDF --------------------------------------------------------------------------------------


def rdf_graph(dataset: Dataset, with_vocabulary: bool = False) -> Graph:
    """The curated data of *dataset* merged into one graph (plus the vocabulary if asked).

    >>> from actorgraph import store
    >>> dataset = store.load()
    >>> len(rdf_graph(dataset)) < len(rdf_graph(dataset, with_vocabulary=True))
    True
    """
    merged = Graph()
    _bind(merged)
    for graph in _graphs(dataset, with_vocabulary):
        _copy(graph, merged)
    return merged


def rdf_dataset(dataset: Dataset, with_vocabulary: bool = False) -> Dataset:
    """The curated data of *dataset* as named graphs, one per file (plus the vocabulary if asked)."""
    named = Dataset()
    _bind(named)
    for graph in _graphs(dataset, with_vocabulary):
        _copy(graph, named.graph(graph.identifier))
    return named


def _graphs(dataset: Dataset, with_vocabulary: bool) -> list[Graph]:
    from actorgraph import store

    graphs = sorted(store.data_graphs(dataset), key=lambda g: str(g.identifier))
    if with_vocabulary:
        graphs.insert(0, store.named_graph(dataset, store.VOCABULARY_GRAPH))
    return graphs


def _copy(source: Graph, target: Graph) -> None:
    """Add the triples of *source* to *target*, a literal typed xsd:string written as a simple
    literal (the same term in RDF 1.1): rdflib reads ``"F"`` as untyped, Oxigraph gives it its type."""
    target.addN((s, p, _simple(o), target) for s, p, o in source)


def _simple(term: Node) -> Node:
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _bind(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def export_rdf(dataset: Dataset, fmt: str, with_vocabulary: bool = False) -> str:
    """The curated graph of *dataset* as text in *fmt*: turtle, trig, json-ld or nt.

    TriG keeps one named graph per file; the other formats merge them. The vocabulary
    (``ontology/actorgraph.ttl``) is left out unless *with_vocabulary*: it ships with actorgraph.

    >>> from actorgraph import store
    >>> text = export_rdf(store.load(), "turtle")
    >>> "actor:Hezbollah" in text and "ag:ActorRelation" not in text
    True
    """
    if fmt not in RDF_FORMATS:
        raise UnknownExportFormat(fmt, _close(fmt, RDF_FORMATS))
    # Every format comes out in one order, whatever the store and the run: rdflib writes TriG's
    # graphs, N-Triples' lines and JSON-LD's nodes in the order its store yields them.
    if fmt == "trig":
        return _trig(rdf_dataset(dataset, with_vocabulary))
    graph = rdf_graph(dataset, with_vocabulary)
    if fmt == "json-ld":
        return sorted_json_ld(graph.serialize(format="json-ld", context=dict(PREFIXES), indent=2, ensure_ascii=False))
    if fmt == "nt":
        return ntriples(graph)
    return graph.serialize(format=RDF_FORMATS[fmt][0])


def _trig(dataset: Dataset) -> str:
    """TriG with the named graphs in the order of their names (Turtle already sorts subjects)."""
    from rdflib.plugins.serializers.trig import TrigSerializer

    serializer = TrigSerializer(dataset)
    serializer.contexts.sort(key=lambda graph: str(graph.identifier))
    buffer = io.BytesIO()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def sorted_json_ld(text: str) -> str:
    """JSON-LD *text* in one order whatever the store it came from: keys sorted, and every array
    but an ``@list`` (the others are sets; rdflib writes nodes in the order of its store's hashes).

    >>> print(sorted_json_ld('{"@graph": [{"@id": "b"}, {"@id": "a", "x": {"@list": [2, 1]}}]}'))
    {
      "@graph": [
        {
          "@id": "a",
          "x": {
            "@list": [
              2,
              1
            ]
          }
        },
        {
          "@id": "b"
        }
      ]
    }
    """
    return json.dumps(_sorted_json(json.loads(text)), indent=2, ensure_ascii=False, sort_keys=True)


def _sorted_json(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return items if key == "@list" else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


# --- The actor network ------------------------------------------------------------------------


class FlatNetwork(NamedTuple):
    """The scalar network as rows (``flat_network``): what every network format writes.

    ``edges`` are in the order NetworkX walks ``scalar_network``'s edges (by source actor, then
    by target in the order first linked, then by id), the order every format lists them in.
    """

    graph: dict[str, str]
    nodes: list[tuple[str, dict[str, str | int]]]
    edges: list[tuple[str, str, str, dict[str, str | int | float | bool]]]


def scalar_network(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of *network* whose attributes are typed scalars that any graph tool can read.

    Nodes keep their IRI as id, with ``label``, ``type``, ``aliases`` ("|"-joined), ``iri``,
    ``degree`` (distinct actors linked) and ``claims`` (claims in or out). Each edge, keyed by a
    stable id ``e0``, ``e1``…, carries its ``relation`` and relation ``label``, ``polarity`` and
    ``sign`` (+1, -1, 0), ``symmetric``, ``kind`` (event or state), ``claims`` and ``weight``
    (the number of claims), the best ``confidence`` and every claim's (``confidences``),
    ``first_date``/``last_date``, the claims' ``dates``, ``sources``, ``attributed_to`` and
    ``quotes`` (" | "-joined, in claim order), ``claim_ids``, how many claims are ``machine_coded``
    and ``curated``, and the mean ``goldstein`` score when machine-coded claims carry one.

    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> flat = scalar_network(build_network(store.load()))
    >>> iran = "https://w3id.org/actorgraph/actor/Iran"
    >>> flat.nodes[iran]["label"], flat.nodes[iran]["type"]
    ('Iran', 'State')
    >>> sorted({type(v).__name__ for _, _, d in flat.edges(data=True) for v in d.values()})
    ['bool', 'float', 'int', 'str']
    """
    rows = flat_network(network)
    flat = nx.MultiDiGraph()
    flat.graph.update(rows.graph)
    flat.add_nodes_from(rows.nodes)
    flat.add_edges_from(sorted(rows.edges, key=lambda edge: int(edge[2][1:])))  # in id order
    return flat


def flat_network(network: nx.MultiDiGraph) -> FlatNetwork:
    """The rows of ``scalar_network(network)`` without building a NetworkX graph.

    Actors are sorted by label (then IRI); edges are numbered ``e0``, ``e1``… sorted by source
    label, relation and target label, and listed by source actor (see ``FlatNetwork``).
    """
    labels: dict[str, str] = {node: data["label"] for node, data in network.nodes(data=True)}
    folded = {node: label.casefold() for node, label in labels.items()}
    claims_of: dict[str, int] = dict.fromkeys(network, 0)
    linked: dict[str, set[str]] = {node: set() for node in network}
    for u, v, data in network.edges(data=True):
        count = len(data["claims"])  # known without reading the claims
        claims_of[u] += count
        if v != u:
            claims_of[v] += count
            linked[u].add(v)
            linked[v].add(u)
    nodes = []
    for node in sorted(network, key=lambda n: (folded[n], n)):
        data = network.nodes[node]
        attributes: dict[str, str | int] = {
            "label": _text(labels[node]),
            "type": _text(data.get("type") or ""),
            "aliases": TOKEN_JOIN.join(_text(a) for a in data.get("aliases", ())),
            "iri": _text(node),
            "degree": len(linked[node]),
            "claims": claims_of[node],
        }
        nodes.append((node, attributes))
    edges = sorted(network.edges(keys=True, data=True), key=lambda e: (folded[e[0]], e[2], folded[e[1]]))
    # NetworkX walks a MultiDiGraph by source, then by target in the order first linked: so do the files.
    by_source: dict[str, dict[str, list[tuple[str, str, str, dict[str, Any]]]]] = {node: {} for node, _ in nodes}
    for number, (u, v, _key, data) in enumerate(edges):
        by_source[u].setdefault(v, []).append((u, v, f"e{number}", edge_attributes(data)))
    ordered = [edge for targets in by_source.values() for group in targets.values() for edge in group]
    as_of = network.graph.get("as_of")
    return FlatNetwork({"name": "actorgraph network", "as_of": as_of or ""}, nodes, ordered)


def edge_attributes(data: Mapping[str, Any]) -> dict[str, str | int | float | bool]:
    """The scalar summary of one network edge and the claims behind it (see ``scalar_network``)."""
    claims: list[Claim] = list(data["claims"])
    summary = aggregate(claims)
    polarity = str(data.get("polarity") or "neutral")
    best, best_rank = None, None
    confidences, dates, quotes, ids = [], [], [], []
    sources: dict[str, None] = {}
    attributed: dict[str, None] = {}
    for claim in claims:  # one pass: this runs for every claim of a whole data set
        rank = strength(claim.reliability, claim.credibility)
        if best_rank is None or rank < best_rank:  # the first of the strongest, as min() picks
            best, best_rank = claim, rank
        confidences.append(claim.confidence)
        dates.append(claim.when or "date not given")
        if claim.source:
            sources[claim.source] = None
        if claim.attributed_to:
            attributed[claim.attributed_to] = None
        quotes.append(str(claim.quote))
        ids.append(str(claim.iri))
    # _text replaces characters one for one: sanitising a join sanitises each part.
    return {
        "relation": _text(data["relation"]),
        "label": _text(data.get("label") or data["relation"]),
        "polarity": polarity,
        "sign": SIGNS.get(polarity, 0),
        "symmetric": bool(data.get("symmetric")),
        "kind": _text(data.get("kind") or ""),
        "claims": len(claims),
        "weight": float(len(claims)),
        "confidence": best.confidence if best else "",
        "confidences": TOKEN_JOIN.join(confidences),
        "first_date": summary["first"] or "",
        "last_date": summary["last"] or "",
        "dates": TEXT_JOIN.join(dates),
        "sources": TEXT_JOIN.join(dict.fromkeys(map(_text, sources))),
        "attributed_to": TEXT_JOIN.join(dict.fromkeys(map(_text, attributed))),
        "quotes": _text(TEXT_JOIN.join(quotes)),
        "claim_ids": TOKEN_JOIN.join(ids),
        "relation_iri": _text(data.get("relation_iri") or ""),
        "machine_coded": summary["machine_coded"],
        "curated": summary["curated"],
        **({"goldstein": summary["goldstein"]} if summary["goldstein"] is not None else {}),
    }


def _text(value: object) -> str:
    """*value* as text an XML file can hold: characters XML 1.0 forbids become U+FFFD."""
    from actorgraph.escapes import xml_text

    return xml_text(value)


def export_network(network: nx.MultiDiGraph, fmt: str) -> str | dict[str, str]:
    """*network* as text in *fmt*: graphml, gexf or cytoscape; csv gives ``{"nodes": …, "edges": …}``.

    >>> from actorgraph import store
    >>> from actorgraph.network import build_network
    >>> files = export_network(build_network(store.load()), "csv")
    >>> files["nodes"].splitlines()[0]
    'id,label,type,aliases,degree,claims,iri'
    """
    if fmt not in NETWORK_FORMATS:
        raise UnknownExportFormat(fmt, _close(fmt, NETWORK_FORMATS))
    with _collector_paused():
        rows = flat_network(network)
        if fmt == "graphml":
            return graphml(rows)
        if fmt == "gexf":
            return gexf(rows)
        if fmt == "cytoscape":
            return cytoscape_json(rows)
        return {"nodes": _nodes_csv(rows), "edges": _edges_csv(rows)}


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the network is summarised and written.

    Reading every edge's claims makes millions of objects, none of them in a cycle, and each
    collection they trigger walks them all again: some 1.5 s of a whole ICEWS14 export.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- GraphML and GEXF, written as text ----------------------------------------------------------
#
# The files are written as strings, element by element, in the layout NetworkX's writers give
# them (``nx.write_graphml(..., named_key_ids=True)`` and its ``GEXFWriter``): the same keys,
# attribute ids, element order and indentation, at a fraction of the time (NetworkX builds an
# ElementTree of every value first). NetworkX's readers are the check (tests/test_export.py).

GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
GEXF_NAMESPACE = "http://www.gexf.net/1.2draft"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: GraphML and GEXF types of attribute values, by Python type (as NetworkX declares them).
XML_TYPES: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean"}
_GEXF_FLOATS = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}
GEXF_CREATOR = f"actorgraph {__version__}"


# Not xml.sax.saxutils.escape: testing before replacing is about 4× faster on the common value
# with nothing to escape, and a GraphML export of ICEWS14 escapes some 800,000 values.
def _escape_text(text: str) -> str:
    """Character data: ``&``, ``<`` and ``>`` escaped, and ``\\r``, which a parser would turn into ``\\n``."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _escape_attribute(text: str) -> str:
    """An attribute value between double quotes; line breaks and tabs as references, or a parser
    would read them as spaces.

    >>> _escape_attribute('a "b" <c> & d\\te')
    'a &quot;b&quot; &lt;c&gt; &amp; d&#09;e'
    """
    text = _escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _value_type(value: object, fmt: str) -> str:
    try:
        return XML_TYPES[type(value)]
    except KeyError:
        raise TypeError(f"{fmt} cannot hold a {type(value).__name__} attribute: {value!r}") from None


def graphml(rows: FlatNetwork) -> str:
    """GraphML for Gephi, yEd, Cytoscape, igraph and NetworkX: typed keys named after their
    attributes, ``edgedefault="directed"``, every edge with its id (parallel edges stay apart).

    ASCII throughout (other characters as references), as NetworkX writes it.
    """
    keys: dict[tuple[str, str, str], str] = {}  # (scope, name, XML type) → declaration, in order of first use
    openings: dict[str, dict[tuple[str, type], str]] = {"graph": {}, "node": {}, "edge": {}}

    def opening(scope: str, name: str, value: object, indent: str) -> str:
        xml_type = _value_type(value, "GraphML")
        key = _escape_attribute(_text(name))
        keys.setdefault(
            (scope, name, xml_type), f'  <key id="{key}" for="{scope}" attr.name="{key}" attr.type="{xml_type}" />\n'
        )
        openings[scope][name, type(value)] = text = f'{indent}<data key="{key}"'
        return text

    def data(scope: str, attributes: Mapping[str, Any], indent: str) -> str:
        known = openings[scope]
        lines = []
        for name, value in attributes.items():
            start = known.get((name, type(value))) or opening(scope, name, value, indent)
            text = _escape_text(value) if type(value) is str else str(value)
            lines.append(f"{start}>{text}</data>\n" if text else f"{start} />\n")
        return "".join(lines)

    graph_data = data("graph", rows.graph, "    ")  # NetworkX declares the graph's keys first
    ids = _xml_ids(rows)
    body = []
    for node, attributes in rows.nodes:
        element = f'    <node id="{ids[node]}"'
        inner = data("node", attributes, "      ")
        body.append(f"{element}>\n{inner}    </node>\n" if inner else f"{element} />\n")
    for u, v, key, edge_data in rows.edges:
        element = f'    <edge source="{ids[u]}" target="{ids[v]}" id="{_escape_attribute(_text(key))}"'
        inner = data("edge", edge_data, "      ")
        body.append(f"{element}>\n{inner}    </edge>\n" if inner else f"{element} />\n")
    head = [
        f'<graphml xmlns="{GRAPHML_NAMESPACE}" xmlns:xsi="{_XSI}" xsi:schemaLocation="{GRAPHML_NAMESPACE}'
        f' {GRAPHML_NAMESPACE}/1.0/graphml.xsd">\n',
        *reversed(keys.values()),  # NetworkX puts each new key first
    ]
    if body or graph_data:
        parts = [*head, '  <graph edgedefault="directed">\n', *body, graph_data, "  </graph>\n</graphml>\n"]
    else:
        parts = [*head, '  <graph edgedefault="directed" />\n</graphml>\n']
    return "".join(parts).encode("ascii", "xmlcharrefreplace").decode("ascii")


def gexf(rows: FlatNetwork) -> str:
    """GEXF 1.2 for Gephi: colours and sizes in ``viz``, explicit edge ids, typed attributes.

    Nodes take their ``label`` as the GEXF label, edges their ``label`` and ``weight``; every
    other attribute is a static attribute column, numbered as NetworkX numbers them.
    """
    numbers = itertools.count()
    declarations: dict[str, list[str]] = {}  # class → declarations, classes in order of first use
    openings: dict[str, dict[str, str]] = {"node": {}, "edge": {}}  # class → title → '<attvalue … value="'

    def opening(kind: str, title: str, value: object) -> str:
        number = str(next(numbers))
        xml_type = _value_type(value, "GEXF")
        declarations.setdefault(kind, []).append(
            f'      <attribute id="{number}" title="{_escape_attribute(_text(title))}" type="{xml_type}" />\n'
        )
        openings[kind][title] = text = f'          <attvalue for="{number}" value="'
        return text

    def attvalues(kind: str, attributes: Mapping[str, Any]) -> str:
        known = openings[kind]
        lines = [
            f"{known.get(title) or opening(kind, title, value)}"
            f'{_escape_attribute(value) if type(value) is str else _gexf_scalar(value)}" />\n'
            for title, value in attributes.items()
        ]
        return f"        <attvalues>\n{''.join(lines)}        </attvalues>\n" if lines else ""

    ids = _xml_ids(rows)
    nodes = []
    for node, node_data in rows.nodes:
        node_attributes = dict(node_data)
        label = _escape_attribute(_text(node_attributes.pop("label", node)))
        colour = _viz_colour(CLASS_COLOURS.get(str(node_attributes.get("type")), OTHER_CLASS_COLOUR))
        size = float(8 + 4 * int(node_attributes.get("degree", 0)) ** 0.5)
        inner = attvalues("node", node_attributes)
        nodes.append(
            f'      <node id="{ids[node]}" label="{label}">\n        {colour}\n'
            f'        <viz:size value="{size}" />\n{inner}      </node>\n'
        )
    edges = []
    for u, v, key, data in rows.edges:
        attributes = dict(data)
        element = f'      <edge source="{ids[u]}" target="{ids[v]}" id="{_escape_attribute(_text(key))}"'
        if "label" in attributes:
            element += f' label="{_escape_attribute(_text(attributes.pop("label")))}"'
        if "weight" in attributes:
            element += f' weight="{_escape_attribute(_text(attributes.pop("weight")))}"'
        colour = _viz_colour(POLARITY_COLOURS.get(str(attributes.get("polarity")), OTHER_CLASS_COLOUR))
        edges.append(f"{element}>\n        {colour}\n{attvalues('edge', attributes)}      </edge>\n")
        if "networkx_key" not in openings["edge"]:
            # NetworkX numbers a column for its multigraph keys too (left out of the file): so do we.
            openings["edge"]["networkx_key"] = str(next(numbers))
    viz = f' xmlns:viz="{GEXF_NAMESPACE}/viz"' if nodes or edges else ""  # declared where used, as ElementTree does
    name = _escape_attribute(_text(rows.graph.get("name", "")))
    parts = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<gexf{viz} xmlns="{GEXF_NAMESPACE}" xmlns:xsi="{_XSI}"'
        f' xsi:schemaLocation="{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd" version="1.2">\n',
        f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n',
        f"    <creator>{_escape_text(GEXF_CREATOR)}</creator>\n  </meta>\n",
        f'  <graph defaultedgetype="directed" mode="static" name="{name}">\n',
    ]
    for kind in reversed(list(declarations)):  # NetworkX puts each new class first
        parts += [f'    <attributes mode="static" class="{kind}">\n', *declarations[kind], "    </attributes>\n"]
    parts += ["    <nodes>\n", *nodes, "    </nodes>\n"] if nodes else ["    <nodes />\n"]
    parts += ["    <edges>\n", *edges, "    </edges>\n"] if edges else ["    <edges />\n"]
    parts.append("  </graph>\n</gexf>\n")
    return "".join(parts)


def _gexf_scalar(value: object) -> str:
    """A number or boolean as GEXF writes it: ``true``/``false``, ``INF``, ``-INF``, ``NaN``."""
    if type(value) is bool:
        return "true" if value else "false"
    _value_type(value, "GEXF")
    text = str(value)
    return _GEXF_FLOATS.get(text, text) if type(value) is float else text


def _xml_ids(rows: FlatNetwork) -> dict[str, str]:
    """Each actor's id as an XML attribute value, made XML-safe (an IRI may hold anything)."""
    return {node: _escape_attribute(_text(node)) for node, _ in rows.nodes}


def _viz_colour(colour: str) -> str:
    return f'<viz:color r="{int(colour[1:3], 16)}" g="{int(colour[3:5], 16)}" b="{int(colour[5:7], 16)}" a="1.0" />'


# --- NetworkX's writers: the reference ---------------------------------------------------------
#
# What ``graphml`` and ``gexf`` replace, kept as the reference they are checked against
# (tests/test_export.py, benchmarks/export.py): the same files, but NetworkX first builds an
# ElementTree of every value: 15-20 s for ICEWS14's 34,501 links.


def networkx_graphml(flat: nx.MultiDiGraph) -> str:
    """``graphml`` of *flat* (a ``scalar_network``) as NetworkX writes it."""
    return "\n".join(nx.generate_graphml(flat, encoding="utf-8", prettyprint=True, named_key_ids=True)) + "\n"


def networkx_gexf(flat: nx.MultiDiGraph) -> str:
    """``gexf`` of *flat* (a ``scalar_network``) as NetworkX's GEXFWriter writes it."""
    from xml.etree.ElementTree import ElementTree

    coloured = flat.copy()
    for _, data in coloured.nodes(data=True):
        data["viz"] = {
            "color": _rgba(CLASS_COLOURS.get(str(data["type"]), OTHER_CLASS_COLOUR)),
            "size": float(8 + 4 * data["degree"] ** 0.5),
        }
    for _, _, key, data in coloured.edges(keys=True, data=True):
        data["id"] = key
        data["viz"] = {"color": _rgba(POLARITY_COLOURS.get(str(data["polarity"]), OTHER_CLASS_COLOUR))}
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(coloured)
    _drop_gexf_attribute(writer.xml, "networkx_key")
    creator = writer.xml.find("meta/creator")
    if creator is not None:
        creator.text = GEXF_CREATOR
    if writer.prettyprint:
        writer.indent(writer.xml)
    buffer = io.BytesIO()
    ElementTree(writer.xml).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue().decode("utf-8")


def _drop_gexf_attribute(root: Any, title: str) -> None:
    """Remove an attribute column (its declaration and every value) from a GEXF tree."""
    for attributes in root.iter("attributes"):
        for declared in list(attributes):
            if declared.get("title") == title:
                attributes.remove(declared)
                for values in root.iter("attvalues"):
                    for value in list(values):
                        if value.get("for") == declared.get("id"):
                            values.remove(value)
    for values in root.iter("attvalues"):
        if len(values) == 0:
            for parent in root.iter():
                if values in list(parent):
                    parent.remove(values)
                    break


def _rgba(colour: str) -> dict[str, int | float]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


# --- Cytoscape JSON and CSV ---------------------------------------------------------------------


def cytoscape_json(rows: FlatNetwork) -> str:
    """Cytoscape.js / Cytoscape desktop elements JSON (``nx.cytoscape_graph`` reads it back).

    The document ``json.dumps(nx.cytoscape_data(flat), indent=1)`` gives, with the graph's data
    as an object (NetworkX writes a list of pairs), each node's ``name`` its label and each
    edge's ``id`` its key; each flat object is encoded by json's C encoder, in place.
    """
    nodes = [{**data, "id": str(node), "value": node, "name": data["label"]} for node, data in rows.nodes]
    edges = [{**data, "source": u, "target": v, "key": key, "id": key} for u, v, key, data in rows.edges]
    return (
        f'{{\n "data": {_json_object(rows.graph, 1)},\n "directed": true,\n "multigraph": true,\n'
        f' "elements": {{\n  "nodes": {_json_elements(nodes)},\n  "edges": {_json_elements(edges)}\n }}\n}}\n'
    )


def _json_elements(elements: list[dict[str, Any]]) -> str:
    """``[{"data": …}, …]`` as ``json.dumps(..., indent=1)`` writes it three levels deep."""
    if not elements:
        return "[]"
    encode = _flat_json_encoder(5)
    items = ",\n".join([f'   {{\n    "data": {_json_object(data, 4, encode)}\n   }}' for data in elements])
    return f"[\n{items}\n  ]"


def _json_object(data: Mapping[str, Any], level: int, encode: Callable[[Any], str] | None = None) -> str:
    """A flat object as ``json.dumps(..., ensure_ascii=False, indent=1)`` writes it *level* deep."""
    if not data:
        return "{}"
    text = (encode or _flat_json_encoder(level + 1))(data)
    return f"{{\n{' ' * (level + 1)}{text[1:-1]}\n{' ' * level}}}"


def _flat_json_encoder(level: int) -> Callable[[Any], str]:
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + " " * level, ": ")).encode


def _nodes_csv(rows: FlatNetwork) -> str:
    return csv_text([[node, *map(data.get, NODE_FIELDS[1:])] for node, data in rows.nodes], NODE_FIELDS)


def _edges_csv(rows: FlatNetwork) -> str:
    labels = {node: data["label"] for node, data in rows.nodes}
    return csv_text(
        [[key, u, v, labels[u], labels[v], *map(data.get, EDGE_FIELDS[5:])] for u, v, key, data in rows.edges],
        EDGE_FIELDS,
    )


def _close(fmt: str, choices: Iterable[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(fmt, list(choices), n=2, cutoff=0.5)


# --- Writing files ----------------------------------------------------------------------------


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write *text* to *path* as UTF-8, atomically (``files.atomic_write``); create the folder.

    On failure the file already at *path*, if any, is left as it was and CannotWrite is raised.
    """
    return write_texts({path: text})[0]


def write_texts(files: Mapping[str | os.PathLike[str], str]) -> list[Path]:
    """Write several files, each atomically; stop at the first that fails (CannotWrite)."""
    from actorgraph.files import atomic_write

    written = []
    for path, text in files.items():
        target = Path(path)
        if target.is_dir():
            raise CannotWrite(target, "it is a folder")
        try:
            atomic_write(target, text)
        except (OSError, UnicodeError) as error:
            raise CannotWrite(target, _reason(error)) from None
        written.append(target)
    return written


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[:1].lower() + error.strerror[1:]
    return str(error) or type(error).__name__
