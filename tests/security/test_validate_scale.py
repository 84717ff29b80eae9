"""Issue #12, point 15: `validate` of a large graph runs the shapes as SPARQL on Oxigraph.

`validate` on the ICEWS14 import (1M triples) ran more than 4.5 minutes and 2.7 GB before it
was stopped: every file parsed by rdflib, then pyshacl over the rdflib graph. These tests pin
the way out without wall-clock ceilings: no graph file goes through rdflib, no shape through
pyshacl unless the translation cannot run it (and then the report says why). Speed and memory
are measured by benchmarks/validate.py; tests/test_validate.py proves the findings unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest

from actorgraph import resources, store
from actorgraph.cli import cli
from actorgraph.validate import validate

#: A claim with a missing quote and an out-of-range credibility, and a source with a bad language.
CLAIM = """
@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix actor: <https://w3id.org/actorgraph/actor/> .
@prefix claim: <https://w3id.org/actorgraph/claim/> .
@prefix source: <https://w3id.org/actorgraph/source/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

actor:Iran ag:backs actor:Israel .
claim:odd a ag:Claim ;
    rdf:subject actor:Iran ; rdf:predicate ag:backs ; rdf:object actor:Israel ;
    ag:source source:news-2024-10-01-iran-israel-hezbollah ;
    ag:reliability "A" ; ag:credibility 9 .
"""


@pytest.fixture
def broken(graph_copy: Path) -> Path:
    (graph_copy / "odd.ttl").write_text(CLAIM, encoding="utf-8")
    return graph_copy


def test_graph_files_are_not_parsed_by_rdflib(broken, monkeypatch):
    parsed: list[Path] = []
    original = store.parse_file

    def recording(path, *args, **kwargs):
        parsed.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(store, "parse_file", recording)
    report = validate(broken)
    assert len(report.problems) == 2
    assert parsed == [resources.shapes_file()]


def test_shapes_run_without_pyshacl(broken, monkeypatch):
    monkeypatch.setattr(pyshacl, "validate", _refused)
    found = sorted(str(p) for p in validate(broken).problems)
    assert [m.split(": ", 1)[1] for m in found] == [
        "claim:odd: a claim needs exactly one ag:quote, verbatim text from its source [ag:quote]",
        "claim:odd: ag:credibility is one Admiralty number, 1 to 6 (found 9) [ag:credibility]",
    ]


def test_a_shape_the_translation_cannot_run_goes_to_pyshacl_with_the_reason(broken, tmp_path, monkeypatch, runner):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        resources.shapes_file().read_text(encoding="utf-8")
        + """
agsh:SourceLanguageShape a sh:NodeShape ;
    sh:targetClass ag:Source ;
    sh:property [ sh:path rdfs:label ; sh:languageIn ( "fr" ) ;
                  sh:message "a source's label is in French" ] .
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(resources, "shapes_file", lambda: shapes)
    report = validate(broken)
    assert report.notes == [
        "agsh:SourceLanguageShape run by pyshacl, slow on a large graph: sh:languageIn is not translated to SPARQL"
    ]
    assert any(
        p.focus == "source:news-2024-10-01-iran-israel-hezbollah"
        and p.message.startswith("a source's label is in French")
        for p in report.problems
    )
    assert len(report.problems) == 3
    result = runner.invoke(cli, ["--graph", str(broken), "validate"])
    assert result.exit_code == 1
    assert "note: agsh:SourceLanguageShape run by pyshacl" in result.stderr


def test_a_syntax_error_is_reported_without_parsing_the_file_again(graph_copy, monkeypatch):
    (graph_copy / "late.ttl").write_text(CLAIM + "actor:Iran ag:backs .\n", encoding="utf-8")
    monkeypatch.setattr(store, "parse_file", _refused)
    (problem,) = validate(graph_copy).problems
    assert problem.rule == "syntax"
    assert problem.location == f"{store.display_path(graph_copy / 'late.ttl')}:{CLAIM.count(chr(10)) + 1}"


def _refused(*args, **kwargs):
    raise AssertionError("an rdflib parse")
