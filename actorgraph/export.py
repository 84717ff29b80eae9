"""Exports for other tools: the RDF graph as it is curated, and the actor network with its evidence.

Two families, one function each:

- ``export_rdf`` writes the curated data (every file of the graph folder, not the vocabulary
  unless asked) as Turtle, N-Triples or JSON-LD (one merged graph), or as TriG, which keeps one
  named graph per file (named by its ``file:`` URI, as ``store.load`` names them).
- ``export_network`` writes the actor network of ``network.build_network``, the same network the
  maps draw, as GraphML or GEXF (for Gephi, yEd, NetworkX), CSV (a nodes file and an edges
  file) or Cytoscape JSON. Attributes are typed scalars only (text, integers, floats, booleans):
  lists are joined, and every claim's evidence is summarised on its edge.

``write_text`` and ``write_texts`` write through ``files.atomic_write`` (a temporary file in the
target folder, flushed to disk, renamed over the target), so a failed export never leaves a
truncated file, and turn failures into one-line ``CannotWrite`` errors.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ElementTree

import networkx as nx
from rdflib import XSD, Dataset, Graph, Literal
from rdflib.term import Node

from actorgraph import __version__
from actorgraph.claims import Claim
from actorgraph.confidence import strength
from actorgraph.errors import CannotWrite, UnknownExportFormat
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
# Characters XML 1.0 cannot carry (C0 controls but tab, newline, carriage return; lone surrogates; U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
        return "".join(sorted(line for line in graph.serialize(format="nt").splitlines(keepends=True) if line.strip()))
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
    flat = nx.MultiDiGraph()
    as_of = network.graph.get("as_of")
    flat.graph.update({"name": "actorgraph network", "as_of": as_of or ""})
    claims_of: dict[str, int] = dict.fromkeys(network, 0)
    for u, v, data in network.edges(data=True):
        claims_of[u] += len(data["claims"])
        if v != u:
            claims_of[v] += len(data["claims"])
    for node in sorted(network, key=lambda n: (network.nodes[n]["label"].casefold(), n)):
        data = network.nodes[node]
        neighbours = (set(network.predecessors(node)) | set(network.successors(node))) - {node}
        flat.add_node(
            node,
            label=_text(data["label"]),
            type=_text(data.get("type") or ""),
            aliases=TOKEN_JOIN.join(_text(a) for a in data.get("aliases", ())),
            iri=_text(node),
            degree=len(neighbours),
            claims=claims_of[node],
        )
    edges = sorted(
        network.edges(keys=True, data=True),
        key=lambda e: (network.nodes[e[0]]["label"].casefold(), e[2], network.nodes[e[1]]["label"].casefold()),
    )
    for number, (u, v, _key, data) in enumerate(edges):
        flat.add_edge(u, v, key=f"e{number}", **edge_attributes(data))
    return flat


def edge_attributes(data: Mapping[str, Any]) -> dict[str, str | int | float | bool]:
    """The scalar summary of one network edge and the claims behind it (see ``scalar_network``)."""
    claims: list[Claim] = list(data["claims"])
    best = min(claims, key=lambda c: strength(c.reliability, c.credibility)) if claims else None
    summary = aggregate(claims)
    polarity = str(data.get("polarity") or "neutral")
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
        "confidences": TOKEN_JOIN.join(c.confidence for c in claims),
        "first_date": summary["first"] or "",
        "last_date": summary["last"] or "",
        "dates": TEXT_JOIN.join(c.when or "date not given" for c in claims),
        "sources": TEXT_JOIN.join(dict.fromkeys(_text(c.source) for c in claims if c.source)),
        "attributed_to": TEXT_JOIN.join(dict.fromkeys(_text(c.attributed_to) for c in claims if c.attributed_to)),
        "quotes": TEXT_JOIN.join(_text(c.quote) for c in claims),
        "claim_ids": TOKEN_JOIN.join(str(c.iri) for c in claims),
        "relation_iri": _text(data.get("relation_iri") or ""),
        "machine_coded": summary["machine_coded"],
        "curated": summary["curated"],
        **({"goldstein": summary["goldstein"]} if summary["goldstein"] is not None else {}),
    }


def _text(value: object) -> str:
    """*value* as text an XML file can hold: characters XML 1.0 forbids become U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


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
    flat = scalar_network(network)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(flat, encoding="utf-8", prettyprint=True, named_key_ids=True)) + "\n"
    if fmt == "gexf":
        return _gexf(flat)
    if fmt == "cytoscape":
        return json.dumps(_cytoscape(flat), ensure_ascii=False, indent=1) + "\n"
    return {"nodes": _nodes_csv(flat), "edges": _edges_csv(flat)}


def _gexf(flat: nx.MultiDiGraph) -> str:
    """GEXF 1.2 for Gephi: colours and sizes in ``viz``, explicit edge ids, no NetworkX-only column."""
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
        creator.text = f"actorgraph {__version__} (NetworkX {nx.__version__})"
    if writer.prettyprint:
        writer.indent(writer.xml)
    buffer = io.BytesIO()
    ElementTree(writer.xml).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue().decode("utf-8") + "\n"


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


def _cytoscape(flat: nx.MultiDiGraph) -> dict[str, Any]:
    """Cytoscape.js / Cytoscape desktop elements JSON (``nx.cytoscape_graph`` reads it back)."""
    data = nx.cytoscape_data(flat, name="name", ident="id")
    data["data"] = dict(flat.graph)  # an object, as Cytoscape reads it (NetworkX writes a list of pairs)
    for node in data["elements"]["nodes"]:
        node["data"]["name"] = node["data"]["label"]
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = edge["data"]["key"]
    return data


def _nodes_csv(flat: nx.MultiDiGraph) -> str:
    rows = ({"id": node, **data} for node, data in flat.nodes(data=True))
    return _csv(rows, NODE_FIELDS)


def _edges_csv(flat: nx.MultiDiGraph) -> str:
    rows = (
        {
            "id": key,
            "source": u,
            "target": v,
            "source_label": flat.nodes[u]["label"],
            "target_label": flat.nodes[v]["label"],
            **data,
        }
        for u, v, key, data in flat.edges(keys=True, data=True)
    )
    return _csv(rows, EDGE_FIELDS)


def _csv(rows: Iterable[dict[str, Any]], fields: list[str]) -> str:
    """CSV with a header row; a text cell a spreadsheet would run as a formula starts with "'"."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _cell(value: object) -> object:
    """Defuse spreadsheet formulas in text cells (OWASP "CSV injection"); booleans as true/false.

    >>> _cell("=HYPERLINK(\\"http://x\\")"), _cell("Iran"), _cell(-1)
    ('\\'=HYPERLINK("http://x")', 'Iran', -1)
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
