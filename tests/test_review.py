"""Claims proposed from a report's text: propose, review, accept, reject — kept, checked, invisible until accepted.

The commands are tested with an extraction double (``fake_extract``) that proposes, from a
three-line report, one claim between known actors with a resolved date, one needing a new actor,
one apposition (the new actor belongs to Hezbollah) and one dispute (a denial). The last test
runs the real engine, ``actorgraph.propose.extract``, end to end.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import click
import pytest
from rdflib import Graph, URIRef

import actorgraph
from actorgraph import proposals
from actorgraph.cli import cli
from actorgraph.cli.review import _highlighted
from actorgraph.errors import InvalidSourceText
from actorgraph.propose.model import Mention, Proposal, Span
from actorgraph.validate import validate

REPORT = (
    "France criticized Hezbollah on Saturday.\n"
    "Israel killed Hezbollah commander Ibrahim Aqil.\n"
    "Iran denied that it backs Hamas.\n"
)
ACTOR = "https://w3id.org/actorgraph/actor/"
SEED_SOURCE = "news-2024-10-01-iran-israel-hezbollah"
NEW_SOURCE = ["--title", "Test report", "--publisher", "Example News", "--url", "https://example.org/r",
              "--date", "2024-10-02"]  # fmt: skip
# The ids of the double's proposals from source:example-news-2024-10-02: digests of their content.
CRITICIZES, KILLED, MEMBER, DISPUTE = "p-6f4b0351", "p-f3cff269", "p-705e7a96", "p-6b6197b7"


def fake_extract(text: str, day: datetime.date, dataset: Graph) -> list[Proposal]:
    """What an extractor would read in REPORT (and only there), each part a span of the text."""
    fake_extract.days.append(day)  # type: ignore[attr-defined]

    def span(phrase: str, after: int = 0) -> Span:
        start = text.index(phrase, after)
        return Span(start, start + len(phrase), phrase)

    def sentence(first: str) -> Span:
        start = text.index(first)
        end = text.index(".", start) + 1
        return Span(start, end, text[start:end])

    def actor(name: str, local: str | None = None, kind: str | None = None, after: int = 0) -> Mention:
        return Mention(name, span(name, after), ACTOR + local if local else None, kind)

    first, second, third = sentence("France"), sentence("Israel"), sentence("Iran")
    # Ibrahim Aqil is a new actor until a proposal naming him is accepted; then he is in the graph.
    aqil = "Ibrahim_Aqil" if (URIRef(ACTOR + "Ibrahim_Aqil"), None, None) in dataset else None
    return [
        Proposal("claim", actor("France", "France"), "criticizes", actor("Hezbollah", "Hezbollah"), first,
                 span("criticized"), 0.9, "2024-09-28", span("on Saturday"),
                 reasons=("trigger 'criticized' (criticizes), active voice", "'on Saturday' read as 2024-09-28")),
        Proposal("claim", actor("Israel", "Israel"), "killed", actor("Ibrahim Aqil", aqil, "Person"), second,
                 span("killed"), 0.8, reasons=("trigger 'killed' (killed), active voice",)),
        Proposal("claim", actor("Ibrahim Aqil", aqil, "Person"), "memberOf",
                 actor("Hezbollah", "Hezbollah", after=second.start), second, span("commander"), 0.6,
                 reasons=("apposition 'Hezbollah commander Ibrahim Aqil'",)),
        Proposal("dispute", actor("Iran", "Iran"), "backs", actor("Hamas", "Hamas"), third, span("denied"), 0.5,
                 by=actor("Iran", "Iran"), reasons=("denial 'denied that': a dispute, not a fact",)),
    ]  # fmt: skip


@pytest.fixture
def folder(graph_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed graph copied to ``g`` in the working directory, ``report.txt`` beside it, and the
    double in place of the extraction engine."""
    monkeypatch.chdir(graph_copy.parent)
    (graph_copy.parent / "report.txt").write_text(REPORT, encoding="utf-8")
    fake_extract.days = []  # type: ignore[attr-defined]
    monkeypatch.setattr(proposals, "_default_extractor", lambda: fake_extract)
    return graph_copy


def run(runner, *args: str, code: int = 0) -> str:
    result = runner.invoke(cli, ["--graph", "graph", *args])
    assert result.exit_code == code, result.output
    return result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the graph folder but the lock, which any write creates."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
        and p.name != ".actorgraph.lock"
    }  # fmt: skip


def proposed(runner) -> None:
    run(runner, "propose", "report.txt", *NEW_SOURCE)


# --- propose -------------------------------------------------------------------------------------


def test_propose_keeps_proposals_and_the_new_source_with_its_text(runner, folder):
    assert run(runner, "propose", "report.txt", *NEW_SOURCE) == (
        "proposed 3 claims and 1 dispute from report.txt (0 already proposed) in "
        "graph/sources/example-news-2024-10-02.txt, graph/sources.ttl, graph/proposals/example-news-2024-10-02.ttl\n"
    )
    assert fake_extract.days == [datetime.date(2024, 10, 2)]  # type: ignore[attr-defined]
    assert (folder / "sources" / "example-news-2024-10-02.txt").read_text(encoding="utf-8") == REPORT
    kept = (folder / "proposals" / "example-news-2024-10-02.ttl").read_text(encoding="utf-8")
    assert (
        f"""claim:{CRITICIZES} a ag:Claim ;
    ag:status ag:Proposed ;
    rdf:subject actor:France ;
    rdf:predicate ag:criticizes ;
    rdf:object actor:Hezbollah ;
    ag:quote "France criticized Hezbollah on Saturday." ;
    ag:date "2024-09-28"^^xsd:date ;
    ag:dateText "on Saturday" ;
    ag:source source:example-news-2024-10-02 ;
    ag:reliability "F" ;
    ag:credibility 6 ;
    ag:score "0.9"^^xsd:decimal ;
    ag:triggerWords "criticized" ;
    ag:highlight "trigger 7 17" ;
    ag:highlight "subject 0 6" ;
    ag:highlight "object 18 27" ;
    ag:highlight "date 28 39" ;
    ag:reason "trigger 'criticized' (criticizes), active voice" ;
    ag:reason "'on Saturday' read as 2024-09-28" .
"""
        in kept
    )
    assert (
        f"""claim:{KILLED}-object a ag:ProposedActor ;
    rdfs:label "Ibrahim Aqil" ;
    ag:proposedType ag:Person ;
    ag:namedAs "Ibrahim Aqil" .
"""
        in kept
    )
    assert f"claim:{DISPUTE} a ag:Claim ;\n    a ag:ProposedDispute ;" in kept
    assert "ag:disputedBy actor:Iran ;" in kept
    sources = (folder / "sources.ttl").read_text(encoding="utf-8")
    assert sources.endswith("""source:example-news-2024-10-02 a ag:Source ;
    rdfs:label "Test report" ;
    dcterms:date "2024-10-02"^^xsd:date ;
    dcterms:publisher "Example News" ;
    ag:url "https://example.org/r"^^xsd:anyURI ;
    ag:text "sources/example-news-2024-10-02.txt" .
""")
    assert validate(folder).conforms, validate(folder).problems


def test_proposing_the_same_report_twice_proposes_nothing_new(runner, folder):
    proposed(runner)
    before = snapshot(folder)
    assert run(runner, "propose", "report.txt", *NEW_SOURCE) == (
        "proposed 0 claims and 0 disputes from report.txt (4 already proposed) in no file\n"
    )
    assert snapshot(folder) == before


def test_propose_from_a_known_source_counts_dates_from_its_day(runner, folder):
    output = run(runner, "propose", "report.txt", "--source", SEED_SOURCE, "--format", "json")
    result = json.loads(output)
    assert fake_extract.days == [datetime.date(2024, 10, 1)]  # type: ignore[attr-defined]
    assert (result["proposed"], result["disputes"], result["already_proposed"], result["source"]) == (
        4, 1, 0, SEED_SOURCE)  # fmt: skip
    assert result["files"] == [f"graph/proposals/{SEED_SOURCE}.ttl"]
    assert sorted(p.name for p in (folder / "sources").iterdir()) == [f"{SEED_SOURCE}.txt"]  # no new text
    assert CRITICIZES not in result["ids"]  # another source, other proposals


def test_propose_dry_run_writes_nothing(runner, folder):
    before = snapshot(folder)
    output = run(runner, "propose", "report.txt", *NEW_SOURCE, "--dry-run")
    assert output.startswith(
        "would propose 3 claims and 1 dispute from report.txt (0 already proposed) in "
        "graph/sources/example-news-2024-10-02.txt, graph/sources.ttl, graph/proposals/example-news-2024-10-02.ttl\n"
    )
    assert f"claim:{CRITICIZES} a ag:Claim ;" in output
    assert snapshot(folder) == before


def test_a_proposal_whose_classes_do_not_fit_is_left_out(runner, folder, monkeypatch):
    def unfit(text: str, day: datetime.date, dataset: Graph) -> list[Proposal]:
        (first, *_) = fake_extract(text, day, dataset)
        return [Proposal("claim", first.subject, "killed", first.object, first.quote, first.trigger, 0.9)]

    monkeypatch.setattr(proposals, "_default_extractor", lambda: unfit)
    assert run(runner, "propose", "report.txt", "--source", SEED_SOURCE) == (
        "proposed 0 claims and 0 disputes from report.txt (0 already proposed) in no file; "
        "1 left out: an actor's class does not fit the relation\n"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Error: report.txt: empty — expected the source's full text"),
        (b" \n\n", "Error: report.txt: empty — expected the source's full text"),
        (
            b"%PDF-1.4\n\x00\x01\x02",
            "Error: report.txt:2: U+0000 is a control character — expected plain text, not a binary file",
        ),
        (
            "Iran backs Hamas.\nCafé talks.\n".encode("latin-1"),
            "Error: report.txt:2: not UTF-8 text (tried UTF-8: byte 0xe9 is invalid continuation byte) "
            "— expected the text saved as UTF-8",
        ),
        (
            b"Iran backs Hamas.\n\nIsrael\x1b[31m struck.\n",
            "Error: report.txt:3: U+001B is a control character — expected plain text, not a binary file",
        ),
        (
            "Iran backs Hamas.\nIsrael\u202e struck.\n".encode(),
            "Error: report.txt:2: invalid text 'Israel\\u202e struck.': U+202E is a bidirectional control "
            "— expected text with no control character but line breaks and tabs, and no bidirectional "
            "control",
        ),
    ],
    ids=["empty", "blank", "binary", "latin-1", "control", "bidi"],
)
def test_a_report_that_is_not_utf8_text_is_refused_and_nothing_written(runner, folder, data, message):
    (folder.parent / "report.txt").write_bytes(data)
    before = snapshot(folder)
    result = runner.invoke(cli, ["--graph", "graph", "propose", "report.txt", *NEW_SOURCE])
    assert (result.exit_code, result.output) == (1, message + "\n")
    assert snapshot(folder) == before
    assert fake_extract.days == []  # type: ignore[attr-defined]


def test_read_report_makes_newlines_plain(tmp_path):
    report = tmp_path / "r.txt"
    report.write_bytes(b"\xef\xbb\xbfIran backs Hamas.\r\nIsrael struck.\r")
    assert proposals.read_report(report) == "Iran backs Hamas.\nIsrael struck.\n"
    with pytest.raises(InvalidSourceText):
        proposals.read_report(tmp_path / "missing.txt")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Error: name the report's source: --source for a known one, or --title and --date for a new one"),
        (["--source", SEED_SOURCE, "--title", "T"],
         "Error: name the report's source: --source for a known one, or --title and --date for a new one"),
        (["--title", "T"], "Error: a new source needs the day it was published: --date YYYY-MM-DD"),
        (["--source", SEED_SOURCE, "--url", "https://example.org"],
         "Error: --publisher, --url and --date describe a new source: give them with --title, not --source"),
    ],
)  # fmt: skip
def test_propose_needs_one_source(runner, folder, args, message):
    assert run(runner, "propose", "report.txt", *args, code=2) == message + "\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "news-2024-10-01-iran-israel-hezbolah"],
         "Error: unknown source 'news-2024-10-01-iran-israel-hezbolah' — did you mean "
         "'news-2024-10-01-iran-israel-hezbollah'?"),
        (["--title", "T", "--date", "2024-10"],
         "Error: the report's date 2024-10 is not a day — expected the day it was published (YYYY-MM-DD), which "
         "dates such as 'on Saturday' count from"),
        (["--title", "T", "--date", "2024-10-02", "--url", "example.org"],
         "Error: invalid url 'example.org' — expected an http:// or https:// address"),
    ],
)  # fmt: skip
def test_propose_checks_the_source_before_reading(runner, folder, args, message):
    before = snapshot(folder)
    assert run(runner, "propose", "report.txt", *args, code=1) == message + "\n"
    assert snapshot(folder) == before


def test_propose_refuses_a_new_source_title_taken_by_another_text(runner, folder):
    proposed(runner)
    (folder.parent / "report.txt").write_text("Iran backs Hamas.\n", encoding="utf-8")
    assert run(runner, "propose", "report.txt", *NEW_SOURCE, code=1) == (
        "Error: source:example-news-2024-10-02 ('Test report') exists already with another text: give this report "
        "another title, or name that source to propose from its own text\n"
    )


# --- review --------------------------------------------------------------------------------------


def test_review_shows_each_quote_marked_with_its_date_and_reasons(runner, folder):
    proposed(runner)
    assert (
        run(runner, "review")
        == f"""{CRITICIZES} · score 0.90
  France —criticizes→ Hezbollah
  “[France] *criticized* [Hezbollah] on Saturday.”
  date        2024-09-28 (“on Saturday”)
  source      example-news-2024-10-02
  why         'on Saturday' read as 2024-09-28
              trigger 'criticized' (criticizes), active voice

{KILLED} · score 0.80
  Israel —killed→ Ibrahim Aqil (new Person)
  “[Israel] *killed* Hezbollah commander [Ibrahim Aqil].”
  source      example-news-2024-10-02
  why         trigger 'killed' (killed), active voice

{MEMBER} · score 0.60
  Ibrahim Aqil (new Person) —memberOf→ Hezbollah
  “Israel killed [Hezbollah] *commander* [Ibrahim Aqil].”
  source      example-news-2024-10-02
  why         apposition 'Hezbollah commander Ibrahim Aqil'

{DISPUTE} · score 0.50
  dispute of: Iran —backs→ Hamas
  “[Iran] *denied* that it backs [Hamas].”
  disputed by Iran
  source      example-news-2024-10-02
  why         denial 'denied that': a dispute, not a fact
"""
    )
    assert run(runner, "review", "--min-score", "0.85").startswith(f"{CRITICIZES} · score 0.90\n")
    assert KILLED not in run(runner, "review", "--min-score", "0.85")
    assert run(runner, "review", "--source", SEED_SOURCE) == "no proposals to review\n"


def test_review_styles_the_marks_on_a_terminal_only(runner, folder):
    proposed(runner)
    (first, *_) = actorgraph.open(folder).proposals()
    styled = _highlighted(first, styled=True)
    assert styled == (
        f"{click.style('France', underline=True)} {click.style('criticized', bold=True)} "
        f"{click.style('Hezbollah', underline=True)} on Saturday."
    )
    assert _highlighted(first, styled=False) == "[France] *criticized* [Hezbollah] on Saturday."


def test_review_json_gives_scripts_every_field(runner, folder):
    proposed(runner)
    found = json.loads(run(runner, "review", "--format", "json"))
    assert [p["id"] for p in found] == [CRITICIZES, KILLED, MEMBER, DISPUTE]
    assert found[0] == {
        "id": CRITICIZES,
        "kind": "claim",
        "state": "open",
        "subject": "France",
        "subject_iri": ACTOR + "France",
        "relation": "criticizes",
        "object": "Hezbollah",
        "object_iri": ACTOR + "Hezbollah",
        "new_actors": [],
        "quote": "France criticized Hezbollah on Saturday.",
        "date": "2024-09-28",
        "date_text": "on Saturday",
        "score": 0.9,
        "reasons": ["'on Saturday' read as 2024-09-28", "trigger 'criticized' (criticizes), active voice"],
        "trigger": "criticized",
        "highlights": [
            {"part": "date", "start": 28, "end": 39},
            {"part": "object", "start": 18, "end": 27},
            {"part": "subject", "start": 0, "end": 6},
            {"part": "trigger", "start": 7, "end": 17},
        ],
        "attributed_to": None,
        "disputed_by": None,
        "source": "example-news-2024-10-02",
        "accepted_as": None,
        "rejection_reason": None,
    }
    assert found[1]["new_actors"] == [{"role": "object", "name": "Ibrahim Aqil", "type": "Person",
                                       "named_as": "Ibrahim Aqil"}]  # fmt: skip
    assert (found[3]["kind"], found[3]["disputed_by"]) == ("dispute", "Iran")


# --- accept and reject ---------------------------------------------------------------------------


def test_accept_with_edits_adds_a_verified_claim_and_keeps_the_proposal(runner, folder):
    proposed(runner)
    assert run(runner, "accept", CRITICIZES, "--date", "2024-09-29", "--credibility", "2") == (
        f"accepted {CRITICIZES} as claim:france-criticizes-hezbollah in graph/claims.ttl, "
        "graph/proposals/example-news-2024-10-02.ttl\n"
    )
    claims = (folder / "claims.ttl").read_text(encoding="utf-8")
    assert claims.endswith("""actor:France ag:criticizes actor:Hezbollah .

claim:france-criticizes-hezbollah a ag:Claim ;
    rdf:subject actor:France ;
    rdf:predicate ag:criticizes ;
    rdf:object actor:Hezbollah ;
    ag:quote "France criticized Hezbollah on Saturday." ;
    ag:date "2024-09-29"^^xsd:date ;
    ag:status ag:Verified ;
    ag:source source:example-news-2024-10-02 ;
    ag:reliability "F" ;
    ag:credibility 2 .
""")
    kept = (folder / "proposals" / "example-news-2024-10-02.ttl").read_text(encoding="utf-8")
    today = datetime.date.today().isoformat()
    assert kept.endswith(f"""claim:{CRITICIZES} ag:acceptedAs claim:france-criticizes-hezbollah ;
    ag:reviewedOn "{today}"^^xsd:date .
""")
    assert f"claim:{CRITICIZES} a ag:Claim ;" in kept  # the proposal itself stays
    assert CRITICIZES not in run(runner, "review")
    assert f"{CRITICIZES} · score 0.90 · accepted\n" in run(runner, "review", "--all")
    assert run(runner, "accept", CRITICIZES) == (
        f"unchanged: already accepted, {CRITICIZES} as claim:france-criticizes-hezbollah\n"
    )
    assert validate(folder).conforms, validate(folder).problems


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (["--relation", "bakcs"], "Error: unknown relation 'bakcs' — did you mean 'backs'?"),
        (["--object", "Hezbolah"], "Error: unknown actor 'Hezbolah' — did you mean 'Hezbollah'?"),
        (["--relation", "killed"], "Error: 'killed' takes a Person as object; Hezbollah is an ArmedGroup"),
        (["--date", "2024-13"],
         "Error: invalid date '2024-13' — expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-09-01)"),
        (["--quote", "ab"],
         "Error: invalid quote 'ab' — expected the source's words, verbatim (at least 3 characters)"),
    ],
)  # fmt: skip
def test_edits_are_checked_as_add_checks_them(runner, folder, edit, message):
    proposed(runner)
    before = snapshot(folder)
    assert run(runner, "accept", CRITICIZES, *edit, code=1) == message + "\n"
    assert snapshot(folder) == before


def test_accepting_a_proposal_that_needs_a_new_actor_creates_it_once(runner, folder):
    proposed(runner)
    assert run(runner, "accept", KILLED) == (
        f"accepted {KILLED} as claim:israel-killed-ibrahim-aqil in graph/actors.ttl, graph/claims.ttl, "
        "graph/proposals/example-news-2024-10-02.ttl\n"
    )
    assert (
        (folder / "actors.ttl")
        .read_text(encoding="utf-8")
        .endswith('actor:Ibrahim_Aqil a ag:Person ;\n    rdfs:label "Ibrahim Aqil" .\n')
    )
    # The apposition names the same new actor: it is the one just created, not a second one.
    assert run(runner, "accept", MEMBER) == (
        f"accepted {MEMBER} as claim:ibrahim-aqil-member-of-hezbollah in graph/claims.ttl, "
        "graph/proposals/example-news-2024-10-02.ttl\n"
    )
    graph = actorgraph.open(folder)
    assert [a.label for a in graph.actors(type="Person") if "Aqil" in a.label] == ["Ibrahim Aqil"]
    # The report now names an actor of the graph where it named a new one: still nothing new.
    assert "(4 already proposed) in no file" in run(runner, "propose", "report.txt", *NEW_SOURCE)
    assert validate(folder).conforms, validate(folder).problems


def test_accept_all_above_a_score(runner, folder):
    proposed(runner)
    assert run(runner, "accept", "--all-above", "0.6") == (
        "accepted 3 proposals in graph/claims.ttl, graph/proposals/example-news-2024-10-02.ttl, graph/actors.ttl\n"
        f"  {CRITICIZES} as claim:france-criticizes-hezbollah\n"
        f"  {KILLED} as claim:israel-killed-ibrahim-aqil\n"
        f"  {MEMBER} as claim:ibrahim-aqil-member-of-hezbollah\n"
    )
    assert [p.id for p in actorgraph.open(folder).proposals()] == [DISPUTE]
    assert validate(folder).conforms, validate(folder).problems


def test_accept_all_above_is_all_or_nothing(runner, folder):
    proposed(runner)
    run(runner, "retract", "iran-backs-hamas", "--reason", "to test a dispute with nothing to dispute")
    before = snapshot(folder)
    assert run(runner, "accept", "--all-above", "0.5", code=1) == (
        "Error: nothing accepted: 1 proposal cannot be accepted as proposed\n"
        f"{DISPUTE}: no claim of the graph says Iran backs Hamas: a denial disputes a claim that is there — add "
        "that claim first, or reject the proposal\n"
    )
    assert snapshot(folder) == before


def test_accepting_a_dispute_links_it_to_the_claim_it_disputes(runner, folder):
    proposed(runner)
    assert run(runner, "accept", DISPUTE) == (
        f"accepted {DISPUTE} as claim:iran-backs-hamas in graph/proposals/example-news-2024-10-02.ttl\n"
    )


def test_reject_keeps_the_proposal_with_the_reason(runner, folder):
    proposed(runner)
    assert run(runner, "reject", DISPUTE, "--reason", "an old denial") == (
        f"rejected {DISPUTE} in graph/proposals/example-news-2024-10-02.ttl\n"
    )
    today = datetime.date.today().isoformat()
    assert (
        (folder / "proposals" / "example-news-2024-10-02.ttl")
        .read_text(encoding="utf-8")
        .endswith(f'claim:{DISPUTE} ag:rejectionReason "an old denial" ;\n    ag:reviewedOn "{today}"^^xsd:date .\n')
    )
    assert DISPUTE not in run(runner, "review")
    assert "  rejected    an old denial\n" in run(runner, "review", "--all")
    assert run(runner, "reject", DISPUTE, "--reason", "again") == f"unchanged: already rejected, {DISPUTE}\n"
    assert run(runner, "accept", DISPUTE, code=1) == (
        f"Error: proposal {DISPUTE} was rejected (an old denial): it stays rejected\n"
    )
    assert "(4 already proposed) in no file" in run(runner, "propose", "report.txt", *NEW_SOURCE)
    assert run(runner, "reject", KILLED, "--reason", "x", code=1) == (
        "Error: say why the proposal is rejected (--reason, at least 3 characters)\n"
    )
    run(runner, "accept", KILLED)
    assert run(runner, "reject", KILLED, "--reason", "changed my mind", code=1) == (
        f"Error: proposal {KILLED} was accepted as claim:israel-killed-ibrahim-aqil: retract that claim instead\n"
    )


@pytest.mark.parametrize("command", [["accept", "p-6f4b0350"], ["reject", "p-6f4b0350", "--reason", "a typo"]])
def test_an_unknown_proposal_gets_did_you_mean(runner, folder, command):
    proposed(runner)
    assert run(runner, *command, code=1) == f"Error: unknown proposal 'p-6f4b0350' — did you mean '{CRITICIZES}'?\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Error: name a proposal ID to accept, or give --all-above SCORE, not both"),
        ([CRITICIZES, "--all-above", "0.5"],
         "Error: name a proposal ID to accept, or give --all-above SCORE, not both"),
        (["--all-above", "0.5", "--date", "2024"],
         "Error: edits (--subject, --relation, ...) apply to one proposal: name its ID"),
    ],
)  # fmt: skip
def test_accept_takes_one_id_or_a_score(runner, folder, args, message):
    assert run(runner, "accept", *args, code=2) == message + "\n"


def test_the_library_says_the_same_in_its_own_words(folder):
    graph = actorgraph.open(folder)
    graph.propose(
        "report.txt",
        new_source=proposals.NewSource("Test report", "2024-10-02", "Example News", "https://example.org/r"),
        extractor=fake_extract,
    )
    assert [p.id for p in graph.proposals(min_score=0.7)] == [CRITICIZES, KILLED]
    decision = graph.accept(KILLED, proposals.ProposalEdits(date="2024-09-20"), dry_run=True)
    assert decision.to_dict() == {
        "action": "would accept",
        "proposals": [{"id": KILLED, "claim": "claim:israel-killed-ibrahim-aqil"}],
        "files": ["graph/actors.ttl", "graph/claims.ttl", "graph/proposals/example-news-2024-10-02.ttl"],
        "notes": [],
    }
    with pytest.raises(actorgraph.errors.InvalidClaim, match=r"^name one proposal to accept, or a score"):
        graph.accept()


# --- invisible until accepted --------------------------------------------------------------------


def test_plain_sparql_does_not_see_a_proposal_until_accepted(runner, folder):
    ask = "ASK { actor:France ag:criticizes actor:Hezbollah }"
    proposed(runner)
    assert run(runner, "sparql", ask) == "false\n"
    run(runner, "accept", CRITICIZES)
    assert run(runner, "sparql", ask) == "true\n"


def test_claims_and_paths_do_not_see_a_proposal_until_accepted(runner, folder):
    def claims_of_france() -> set[tuple[str, str, str]]:
        found = json.loads(run(runner, "claims", "--actor", "France", "--format", "json"))
        return {(c["subject"], c["predicate"], c["object"]) for c in found}

    proposed(runner)
    assert ("France", "criticizes", "Hezbollah") not in claims_of_france()
    assert "criticizes" not in run(runner, "path", "France", "Hezbollah")
    graph = actorgraph.open(folder)
    assert [c.iri for c in graph.claims(actor="France", include_proposed=True) if c.relation == "criticizes"] == [
        graph.proposals()[0].iri
    ]
    run(runner, "accept", CRITICIZES)
    assert ("France", "criticizes", "Hezbollah") in claims_of_france()
    assert "France —criticizes→ Hezbollah" in run(runner, "path", "France", "Hezbollah")


# --- the real engine -----------------------------------------------------------------------------


def test_propose_review_accept_end_to_end_with_the_real_engine(runner, graph_copy, monkeypatch):
    monkeypatch.chdir(graph_copy.parent)
    text = (
        "Israeli jets struck Hezbollah positions in the southern suburbs of Beirut on Saturday.\n"
        "Iran's foreign minister Abbas Araghchi criticized the United States.\n"
    )
    (graph_copy.parent / "report.txt").write_text(text, encoding="utf-8")
    args = ["propose", "report.txt", "--title", "Strikes on Beirut", "--date", "2024-10-07"]
    assert run(runner, *args).startswith("proposed ")
    found = json.loads(run(runner, "review", "--format", "json"))
    assert found, "the engine proposed nothing from a report naming known actors"
    assert all(p["quote"] in text for p in found)
    assert run(runner, "accept", "--all-above", "0").startswith(f"accepted {len(found)} proposals in ")
    assert run(runner, "review") == "no proposals to review\n"
    assert run(runner, *args).startswith("proposed 0 claims and 0 disputes from report.txt")
    assert validate(graph_copy).conforms, validate(graph_copy).problems
