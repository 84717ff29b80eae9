"""Validation: syntax errors with file and line, unknown terms, and every SHACL rule."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

from actorgraph import resources, store
from actorgraph.shacl import SH, translate
from actorgraph.validate import (
    NAMES,
    Locator,
    _check_problems,
    _load,
    _new_store,
    _rdflib_union,
    pyshacl_problems,
    validate,
)

CLAIMS_FILE = "claims-2024-10-01-iran-israel-hezbollah.ttl"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def messages(report) -> list[str]:
    return [str(p) for p in report.problems]


def test_seed_graph_is_valid():
    report = validate()
    assert report.conforms, messages(report)
    assert report.claims >= 40


def test_syntax_error_names_file_and_line(graph_copy):
    claims = graph_copy / CLAIMS_FILE
    edit(
        claims,
        'ag:quote "Hezbollah, a star proxy group for Iran" ;',
        'ag:quote "Hezbollah, a star proxy group for Iran ;',
    )
    report = validate(graph_copy)
    assert not report.conforms
    (problem,) = report.problems
    assert problem.rule == "syntax"
    assert problem.location == f"{store.display_path(claims)}:{line_of(claims, 'a star proxy group for Iran ;')}"


def test_missing_quote_points_at_the_claim(graph_copy):
    claims = graph_copy / CLAIMS_FILE
    edit(claims, '    ag:quote "Hezbollah, a star proxy group for Iran" ;\n', "")
    report = validate(graph_copy)
    (problem,) = report.problems
    assert problem.focus == "claim:iran-has-proxy-hezbollah"
    assert problem.message == "a claim needs exactly one ag:quote, verbatim text from its source"
    assert problem.rule == "ag:quote"
    assert (
        problem.location
        == f"{store.display_path(claims)}:{line_of(claims, 'claim:iran-has-proxy-hezbollah a ag:Claim')}"
    )


def test_credibility_out_of_range(graph_copy):
    claims = graph_copy / CLAIMS_FILE
    rating = 'ag:reliability "F" ; ag:credibility 2 .'
    block = (
        '    ag:quote "Hezbollah, a star proxy group for Iran" ;\n'
        "    ag:source source:news-2024-10-01-iran-israel-hezbollah ;\n"
    )
    edit(claims, block + "    " + rating, block + '    ag:reliability "G" ; ag:credibility 7 .')
    found = messages(validate(graph_copy))
    focus = "claim:iran-has-proxy-hezbollah"
    assert any(f"{focus}: ag:credibility is one Admiralty number, 1 to 6 (found 7)" in m for m in found)
    assert any(f"{focus}: ag:reliability is one Admiralty letter, A to F (found G)" in m for m in found)


def test_misspelt_property_gets_did_you_mean(graph_copy):
    claims = graph_copy / CLAIMS_FILE
    edit(
        claims, 'ag:quote "Hezbollah, a star proxy group for Iran"', 'ag:qoute "Hezbollah, a star proxy group for Iran"'
    )
    found = messages(validate(graph_copy))
    line = line_of(claims, "ag:qoute")
    assert (
        f"{store.display_path(claims)}:{line}: "
        "ag:qoute: unknown term, not in the vocabulary — did you mean ag:quote? [vocabulary]" in found
    )
    assert not any("is not a property this resource may have" in m for m in found)  # said once, not twice


def test_misspelt_relation(graph_copy):
    claims = graph_copy / CLAIMS_FILE
    edit(claims, "actor:Iran ag:backs actor:Hamas .", "actor:Iran ag:bakcs actor:Hamas .")
    edit(
        claims,
        "rdf:subject actor:Iran ; rdf:predicate ag:backs ; rdf:object actor:Hamas ;",
        "rdf:subject actor:Iran ; rdf:predicate ag:bakcs ; rdf:object actor:Hamas ;",
    )
    found = messages(validate(graph_copy))
    assert any("ag:bakcs: unknown term, not in the vocabulary — did you mean ag:backs?" in m for m in found)
    assert any(
        "claim:iran-backs-hamas: the claim's relation ag:bakcs is not an actor relation of the vocabulary" in m
        for m in found
    )


def test_edge_without_claim(graph_copy):
    (graph_copy / "extra.ttl").write_text(
        "@prefix ag: <https://w3id.org/actorgraph/ns#> .\n@prefix actor: <https://w3id.org/actorgraph/actor/> .\n"
        "actor:Iran ag:backs actor:France .\n",
        encoding="utf-8",
    )
    found = messages(validate(graph_copy))
    assert any("actor:Iran: the actor's relation to actor:France has no claim behind it" in m for m in found)


def test_claim_without_asserted_triple(graph_copy):
    edit(graph_copy / CLAIMS_FILE, "actor:Iran ag:backs actor:Hamas .\n", "")
    found = messages(validate(graph_copy))
    assert any("claim:iran-backs-hamas: the claim is about a triple that is not asserted" in m for m in found)


def test_range_violation(graph_copy):
    claims = graph_copy / CLAIMS_FILE
    edit(claims, "actor:Israel ag:killed actor:Hassan_Nasrallah .", "actor:Israel ag:killed actor:Lebanon .")
    edit(
        claims,
        "rdf:subject actor:Israel ; rdf:predicate ag:killed ; rdf:object actor:Hassan_Nasrallah ;",
        "rdf:subject actor:Israel ; rdf:predicate ag:killed ; rdf:object actor:Lebanon ;",
    )
    found = messages(validate(graph_copy))
    assert any(
        "claim:israel-killed-nasrallah: the object actor:Lebanon is not of the class the relation expects as its range"
        in m
        for m in found
    )


def test_end_before_start_and_date_with_interval(graph_copy):
    edit(
        graph_copy / CLAIMS_FILE,
        '    ag:end "2024-07"^^xsd:gYearMonth ;\n',
        '    ag:end "2024-07"^^xsd:gYearMonth ;\n'
        '    ag:start "2024-08-02"^^xsd:date ;\n'
        '    ag:date "2024"^^xsd:gYear ;\n',
    )
    found = messages(validate(graph_copy))
    assert any("claim:haniyeh-leads-hamas: ag:end (2024-07) comes before ag:start" in m for m in found)
    assert any("claim:haniyeh-leads-hamas: a claim has a date for one event or a start/end" in m for m in found)


def test_actor_without_class(graph_copy):
    edit(graph_copy / "actors.ttl", "actor:Lebanon a ag:State ;", "actor:Lebanon")
    found = messages(validate(graph_copy))
    assert any("actor:Lebanon: actor:Lebanon has a label but no actor class" in m for m in found)


#: A file breaking every constraint of ontology/shapes.ttl at least once.
BROKEN = """
@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix actor: <https://w3id.org/actorgraph/actor/> .
@prefix claim: <https://w3id.org/actorgraph/claim/> .
@prefix source: <https://w3id.org/actorgraph/source/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

claim:empty a ag:Claim ; rdfs:label "not allowed on a claim" .

claim:twice a ag:Claim ;
    rdf:subject actor:Iran, actor:Israel ; rdf:predicate ag:backs, ag:attacked ; rdf:object "Hamas", actor:Iran ;
    ag:source actor:Iran, source:news-2024-10-01-iran-israel-hezbollah ;
    ag:quote "ab", 5 ; ag:reliability "G", "A" ; ag:credibility 7, "3", "abc"^^xsd:integer ;
    ag:date "2024-10-01T00:00:00"^^xsd:dateTime, "2024-13-45"^^xsd:date ;
    ag:start 2024, "2024"^^xsd:gYear ; ag:end "x", "2023"^^xsd:gYear ;
    ag:rank ag:Curated, ag:DeprecatedRank ; ag:deprecationReason "no", 4 ;
    ag:deprecatedOn "2024"^^xsd:gYear, "2024-10-01"^^xsd:date ;
    ag:origin ag:NormalRank, ag:Curated ; ag:cameoCode "19a", 190 ; ag:goldstein 11.0, "abc", -12 ;
    ag:eventId 5, "e1" ; ag:attributedTo 5, source:news-2024-10-01-iran-israel-hezbollah .

claim:about-a-literal a ag:Claim ;
    rdf:subject actor:Lebanon ; rdf:predicate "backs" ; rdf:object actor:Iran ;
    ag:source source:news-2024-10-01-iran-israel-hezbollah ; ag:quote "Lebanon backs Iran" ;
    ag:reliability "A" ; ag:credibility 0 ; ag:goldstein 1.5 ; ag:date "2024"^^xsd:gYear .

claim:hezbollah-leads-iran a ag:Claim ;
    rdf:subject actor:Hezbollah ; rdf:predicate ag:leads ; rdf:object actor:Iran ;
    ag:source source:news-2024-10-01-iran-israel-hezbollah ; ag:quote "Hezbollah leads Iran" ;
    ag:reliability "A" ; ag:credibility 1 ; ag:rank ag:DeprecatedRank .

actor:Nobody a ag:Person .
actor:Twins a ag:State ; rdfs:label "One", "Two" ; skos:altLabel 5 ; ag:backs actor:Iran .
actor:Blank a ag:Organization ; rdfs:label "" .
actor:Numbered a ag:Organization ; rdfs:label 5 .
actor:Classless rdfs:label "No class" .

source:undated a ag:Source ; ag:url "not an anyURI", "twice" .
source:twice a ag:Source ; rdfs:label "One", "Two" ; dcterms:date "recent", "2024"^^xsd:gYear .
"""


def test_sparql_translation_finds_what_pyshacl_finds(graph_copy):
    """The reference: pyshacl (core constraints) and pyshacl's per-node SHACL-SPARQL find the
    same problems as the shapes translated to SPARQL, in every constraint of shapes.ttl."""
    (graph_copy / "broken.ttl").write_text(BROKEN, encoding="utf-8")
    data = _new_store()
    files = store.graph_files(graph_copy)
    for path in files:
        _load(data, graph_copy, path)
    _load(data, graph_copy, resources.vocabulary_file(), store.VOCABULARY_GRAPH)
    locator = Locator(data, graph_copy, files)
    shapes = store.parse_file(resources.shapes_file())
    translation = translate(shapes)
    assert not translation.untranslated
    found = [p for check in translation.checks for p in _check_problems(data, check, shapes, locator)]

    union = _rdflib_union(data)  # the same terms: Oxigraph writes numbers canonically ("11.0" as "11")
    core = [p for p in found if not _is_sparql(p, shapes)]
    reference = pyshacl_problems(union, shapes, locator)
    assert sorted(core, key=str) == sorted(reference, key=str)
    assert all(p.location and p.location.startswith(store.display_path(graph_copy)) for p in found)
    _, results, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none", advanced=True)
    per_node = {
        (str(results.value(r, SH.focusNode)), str(results.value(r, SH.sourceShape)))
        for r in results.subjects(SH.sourceConstraintComponent, SH.SPARQLConstraintComponent)
    }
    by_query = {(_expand(NAMES, p.focus), _expand(shapes, p.rule)) for p in found if _is_sparql(p, shapes)}
    assert by_query == per_node
    assert len(per_node) >= 5
    every_component = {results.value(r, SH.sourceConstraintComponent) for r in results.subjects(SH.focusNode, None)}
    used = "MinCount MaxCount Class NodeKind Datatype MinLength In MinInclusive MaxInclusive Or Pattern Closed SPARQL"
    assert every_component == {SH[f"{name}ConstraintComponent"] for name in used.split()}


def _is_sparql(problem, shapes: Graph) -> bool:
    return problem.rule is not None and problem.rule.startswith("agsh:")


def _expand(graph: Graph, name: str) -> str:
    return name.strip("<>") if name.startswith("<") else str(graph.namespace_manager.expand_curie(name))


@pytest.mark.parametrize("name", ["broken.ttl", "sub/broken.ttl"])
def test_every_rdf_file_is_read_even_in_subfolders(graph_copy, name):
    target = graph_copy / name
    target.parent.mkdir(exist_ok=True)
    target.write_text("this is not turtle\n", encoding="utf-8")
    (problem,) = validate(graph_copy).problems
    assert problem.location.endswith(f"{name}:1")


def test_rdf_xml_files_are_checked_too(graph_copy):
    (graph_copy / "more.rdf").write_text(
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="https://w3id.org/actorgraph/actor/Nameless">\n'
        '    <rdf:type rdf:resource="https://w3id.org/actorgraph/ns#State"/>\n'
        "  </rdf:Description>\n"
        "</rdf:RDF>\n",
        encoding="utf-8",
    )
    (problem,) = validate(graph_copy).problems
    assert str(problem) == (
        f"{store.display_path(graph_copy / 'more.rdf')}: actor:Nameless: "  # no line: RDF/XML names it in an attribute
        "an actor needs exactly one rdfs:label, its name [rdfs:label]"
    )


#: Constraints a curator may add that shapes.ttl does not use yet, each broken by EXTRA_DATA.
EXTRA_SHAPES = """
@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix actor: <https://w3id.org/actorgraph/actor/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/shapes#> .

ex:Named a sh:NodeShape ;
    sh:targetNode actor:Iran, actor:Israel ;
    sh:targetObjectsOf ag:backs ;
    sh:property [ sh:path rdfs:label ; sh:maxLength 5 ; sh:pattern "^is" ; sh:flags "i" ;
                  sh:message "a short name starting with Is" ] ,
                [ sh:path skos:altLabel ; sh:minCount 2 ;
                  sh:and ( [ sh:nodeKind sh:Literal ] [ sh:not [ sh:datatype xsd:integer ] ] ) ;
                  sh:message "two alternative names, none a number" ] ,
                [ sh:path ag:score ; sh:minExclusive 0 ; sh:maxExclusive 1 ;
                  sh:xone ( [ sh:datatype xsd:decimal ] [ sh:datatype xsd:double ] ) ;
                  sh:nodeKind sh:BlankNodeOrLiteral ;
                  sh:message "a score strictly between 0 and 1" ] .
"""
EXTRA_DATA = """
@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix actor: <https://w3id.org/actorgraph/actor/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

actor:Iran skos:altLabel 7 ; ag:score 1, 0.5, "0.2"^^xsd:double, actor:Israel .
actor:Israel skos:altLabel "State of Israel", "Israël" ; ag:score 0.0 .
actor:Hamas ag:backs "a literal focus node" .
"""


def test_constraints_shapes_ttl_does_not_use_yet_translate_as_pyshacl_reads_them(graph_copy):
    (graph_copy / "extra.ttl").write_text(EXTRA_DATA, encoding="utf-8")
    data = _new_store()
    files = store.graph_files(graph_copy)
    for path in files:
        _load(data, graph_copy, path)
    shapes = Graph().parse(data=EXTRA_SHAPES, format="turtle")
    translation = translate(shapes)
    assert not translation.untranslated
    locator = Locator(data, graph_copy, files)
    found = [p for check in translation.checks for p in _check_problems(data, check, shapes, locator)]
    reference = pyshacl_problems(_rdflib_union(data), shapes, locator)
    assert sorted(found, key=str) == sorted(reference, key=str)
    assert len({p.message.split(" (found")[0] for p in found}) == 3
    assert len(found) >= 10, found
