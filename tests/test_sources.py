"""Sources: listed, shown, added with their full text; quotes verbatim in that text; names resolved."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SOURCES

from actorgraph import store
from actorgraph.claims import list_claims
from actorgraph.cli import cli
from actorgraph.errors import AmbiguousSource, QuoteNotVerbatim
from actorgraph.sources import SourceIndex, list_sources, source_text
from actorgraph.verbatim import SourceText

SEED = "news-2024-10-01-iran-israel-hezbollah"
SEED_TEXT = f"sources/{SEED}.txt"
REPORT = (
    "Qatar has mediated between Israel and Hamas for months.\nTalks resumed in Doha on Wednesday, officials said.\n"
)
SEED_CLAIMS = "claims-2024-10-01-iran-israel-hezbollah.ttl"


def shown(path: Path) -> str:
    return store.display_path(path)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "qatar.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def add_reuters(runner, graph_copy: Path, report: Path, *more: str):
    args = ["--graph", str(graph_copy), "source", "add", "--title", "Qatar talks resume", "--publisher", "Reuters",
            "--date", "2024-10-02", "--url", "https://example.org/qatar-talks", "--reliability", "B",
            "--text", str(report), *more]  # fmt: skip
    return runner.invoke(cli, args)


# --- listing and showing ----------------------------------------------------------------------


def test_sources_lists_id_date_claims_publisher_title_url(runner):
    result = runner.invoke(cli, ["sources"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "id                                     date        claims  publisher  title" + " " * 37 + "url",
        "-------------------------------------  ----------  ------  ---------  " + "-" * 40 + "  ---",
        f"{SEED}  2024-10-01  41                 News report, 1 October 2024: Iran, Isra…",
    ]


def test_sources_as_csv_and_json(runner):
    csv = runner.invoke(cli, ["sources", "--format", "csv"]).stdout.splitlines()
    assert csv[0] == "id,iri,title,publisher,date,url,reliability,text,language,comment,claims"
    assert csv[1].startswith(f'{SEED},https://w3id.org/actorgraph/source/{SEED},"News report, 1 October 2024: ')
    assert csv[1].endswith(f',{SEED_TEXT},en,"English news report updated at 11:04 a.m. on Tuesday 1 October 2024. '
                           'The text gives no headline, publisher, author or URL.",41')  # fmt: skip
    (listed,) = json.loads(runner.invoke(cli, ["sources", "--format", "json"]).stdout)
    assert (listed["id"], listed["claims"], listed["text"], listed["publisher"]) == (SEED, 41, SEED_TEXT, None)


def test_source_show_gives_every_field_the_text_file_and_the_claims(runner):
    result = runner.invoke(cli, ["source", "show", "source:" + SEED])
    assert result.exit_code == 0, result.output
    head = result.stdout.split("\n\nClaims:\n")[0]
    assert head == (
        "News report, 1 October 2024: Iran, Israel, Hezbollah\n"
        f"  id           {SEED}\n"
        f"  IRI          https://w3id.org/actorgraph/source/{SEED}\n"
        "  date         2024-10-01\n"
        "  language     en\n"
        f"  text         {SEED_TEXT} (4,028 characters, 20 lines)\n"
        "  note         English news report updated at 11:04 a.m. on Tuesday 1 October 2024. The text gives no "
        "headline, publisher, author or URL.\n"
        "  claims       41"
    )
    assert result.stdout.count("— News report, 1 October 2024: Iran, Israel, Hezbollah [") == 41
    assert "\nText:\n" not in result.stdout


def test_source_show_text_prints_the_text_verbatim(runner, graph_copy):
    text = (graph_copy / SEED_TEXT).read_text(encoding="utf-8")
    result = runner.invoke(cli, ["source", "show", "iran, israel", "--text"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\nText:\n" + text.rstrip("\n") + "\n")
    detail = json.loads(runner.invoke(cli, ["source", "show", SEED, "--format", "json"]).stdout)
    assert (detail["full_text"], len(detail["cited_by"])) == (text, 41)


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [SEED, f"source:{SEED}", f"https://w3id.org/actorgraph/source/{SEED}", "news report, 1 october 2024: iran, "
     "israel, hezbollah", "  News report,  1 October 2024: Iran, Israel, Hezbollah ", "2024-10-01-iran"],
)  # fmt: skip
def test_every_name_of_a_source_resolves(seed, name):
    assert str(SourceIndex(seed).resolve(name)).endswith(SEED)


def test_an_unknown_source_says_did_you_mean(runner):
    result = runner.invoke(cli, ["source", "show", "news-2024-10-01-iran-israel-hezbolah"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: unknown source 'news-2024-10-01-iran-israel-hezbolah' — did you mean '{SEED}'?\n")


def test_add_with_a_typo_in_the_source_says_did_you_mean(runner, graph_copy):
    args = ["--graph", str(graph_copy), "add", "Iran", "backs", "Hamas", "--source",
            "news-2024-10-01-iran-israel-hezbolah", "--quote", "the Iranian-backed Hamas in Gaza"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown source 'news-2024-10-01-iran-israel-hezbolah' (did you mean "
        f"'{SEED}'?): to cite a new source, give its date (--source-date; in a spreadsheet, the reported column)\n"
    )


def test_a_part_two_sources_share_is_ambiguous(runner, graph_copy, report):
    assert add_reuters(runner, graph_copy, report).exit_code == 0
    with pytest.raises(AmbiguousSource, match=r"^ambiguous source '2024-10' — it could be "
                       rf"'{SEED}', 'reuters-2024-10-02'$"):  # fmt: skip
        SourceIndex(store.load(graph_copy)).resolve("2024-10")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "source", "show", "reuters"])
    assert result.stdout.startswith("Qatar talks resume\n  id           reuters-2024-10-02\n")


# --- adding -----------------------------------------------------------------------------------


def test_source_add_copies_the_text_and_prints_the_short_id(runner, graph_copy, report):
    before = (graph_copy / "sources.ttl").read_text(encoding="utf-8")
    result = add_reuters(runner, graph_copy, report)
    assert result.exit_code == 0, result.output
    text_file, turtle = graph_copy / "sources" / "reuters-2024-10-02.txt", graph_copy / "sources.ttl"
    assert result.stdout == f"added source:reuters-2024-10-02 in {shown(text_file)}, {shown(turtle)}\n"
    assert text_file.read_bytes() == report.read_bytes()
    assert turtle.read_text(encoding="utf-8") == before + (
        "\nsource:reuters-2024-10-02 a ag:Source ;\n"
        '    rdfs:label "Qatar talks resume" ;\n'
        '    dcterms:date "2024-10-02"^^xsd:date ;\n'
        '    dcterms:publisher "Reuters" ;\n'
        '    ag:url "https://example.org/qatar-talks"^^xsd:anyURI ;\n'
        '    ag:reliability "B" ;\n'
        '    ag:text "sources/reuters-2024-10-02.txt" .\n'
    )
    (added,) = [s for s in list_sources(store.load(graph_copy)) if s.id == "reuters-2024-10-02"]
    assert (added.publisher, added.url, added.reliability, added.text) == (
        "Reuters", "https://example.org/qatar-talks", "B", "sources/reuters-2024-10-02.txt")  # fmt: skip
    assert runner.invoke(cli, ["--graph", str(graph_copy), "validate"]).exit_code == 0


def test_source_add_dry_run_and_json(runner, graph_copy, report):
    before = sorted(p.name for p in graph_copy.rglob("[!.]*"))
    result = add_reuters(runner, graph_copy, report, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "action": "would add", "iri": "https://w3id.org/actorgraph/source/reuters-2024-10-02",
        "id": "source:reuters-2024-10-02", "details": [], "notes": [],
        "files": [shown(graph_copy / "sources" / "reuters-2024-10-02.txt"), shown(graph_copy / "sources.ttl")],
    }  # fmt: skip
    text = add_reuters(runner, graph_copy, report, "--dry-run").stdout
    written = graph_copy / "sources" / "reuters-2024-10-02.txt"
    assert f"--- {written}\n(the source's full text, 108 characters)\n" in text
    assert sorted(p.name for p in graph_copy.rglob("[!.]*")) == before


def test_source_ids_are_short_given_or_numbered(runner, graph_copy, report):
    base = ["--graph", str(graph_copy), "source", "add", "--date", "2024-10-02"]
    first = runner.invoke(cli, [*base, "--title", "Talks resume in Doha after a pause of many weeks"])
    assert first.stdout.startswith("added source:talks-resume-in-2024-10-02 in ")
    second = runner.invoke(cli, [*base, "--title", "Talks resume in Doha, officials say"])
    assert second.stdout.startswith("added source:talks-resume-in-2024-10-02-2 in ")
    given = runner.invoke(cli, [*base, "--title", "Another", "--id", "doha-1"])
    assert given.stdout.startswith("added source:doha-1 in ")
    bad = runner.invoke(cli, [*base, "--title", "Yet another", "--id", "Doha 1"])
    assert bad.stderr == ("Error: invalid source id 'Doha 1' — expected up to 60 lowercase letters, digits and "
                          "hyphens (e.g. reuters-2024-10-02)\n")  # fmt: skip
    taken = runner.invoke(cli, [*base, "--title", "Yet another", "--id", "doha-1"])
    assert taken.stderr == "Error: source:doha-1 exists already: choose another --id\n"


def test_the_same_source_is_not_added_twice(runner, graph_copy, report):
    assert add_reuters(runner, graph_copy, report).exit_code == 0
    again = add_reuters(runner, graph_copy, report)
    assert again.exit_code == 1
    assert again.stderr == "Error: source:reuters-2024-10-02 has this URL already: cite it by its id\n"
    args = ["--graph", str(graph_copy), "source", "add", "--title", "Qatar talks resume", "--date", "2024-10-02"]
    assert runner.invoke(cli, args).stderr == (
        "Error: source:reuters-2024-10-02 has this title and date already: cite it by its id\n"
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"Talks\nresumed \xe9 Doha\n",
            ":2: not UTF-8 text (tried UTF-8: byte 0xe9 is invalid continuation byte) — expected the text saved as "
            "UTF-8",
        ),
        (b"", ": empty — expected the source's full text"),
        (b" \n\t\n", ": empty — expected the source's full text"),
        (b"%PDF-1.4\n\x00\x01\x02", ":2: U+0000 is a control character — expected plain text, not a binary file"),
    ],
    ids=["not UTF-8", "empty", "blank", "binary"],
)
def test_a_bad_text_file_gets_one_line_naming_it(runner, graph_copy, tmp_path, content, problem):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    before = sorted(graph_copy.rglob("[!.]*"))
    result = add_reuters(runner, graph_copy, path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {shown(path)}{problem}\n"
    assert sorted(graph_copy.rglob("[!.]*")) == before


def test_a_missing_text_file_is_named(runner, graph_copy, tmp_path):
    result = add_reuters(runner, graph_copy, tmp_path / "nowhere.txt")
    missing = shown(tmp_path / "nowhere.txt")
    assert result.stderr == f"Error: {missing}: no such file — expected the source's full text\n"


def test_a_write_stopped_after_the_text_leaves_a_valid_graph_and_can_be_run_again(runner, graph_copy, report,
                                                                                  monkeypatch):  # fmt: skip
    from actorgraph import files

    def crash(path, block):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(files, "append_turtle", crash)
        result = add_reuters(runner, graph_copy, report)
    assert result.stderr == f"Error: cannot write {graph_copy / 'sources.ttl'}: No space left on device\n"
    assert (graph_copy / "sources" / "reuters-2024-10-02.txt").exists()  # written first, named by no source yet
    assert runner.invoke(cli, ["--graph", str(graph_copy), "validate"]).exit_code == 0
    again = add_reuters(runner, graph_copy, report)
    assert again.stdout.startswith("added source:reuters-2024-10-02 in "), again.output
    other = report.with_name("other.txt")
    other.write_text("Another text.\n", encoding="utf-8")
    (graph_copy / "sources" / "doha-1.txt").write_text("Someone's notes.\n", encoding="utf-8")
    args = ["--graph", str(graph_copy), "source", "add", "--title", "Other", "--date", "2024", "--id", "doha-1",
            "--text", str(other)]  # fmt: skip
    assert runner.invoke(cli, args).stderr == (
        f"Error: {shown(graph_copy / 'sources' / 'doha-1.txt')} exists already: choose another --id\n"
    )
    assert (graph_copy / "sources" / "doha-1.txt").read_text(encoding="utf-8") == "Someone's notes.\n"


def test_claims_take_the_source_reliability_unless_given(runner, graph_copy, report):
    assert add_reuters(runner, graph_copy, report).exit_code == 0
    base = ["--graph", str(graph_copy), "add", "Hamas", "cooperatesWith", "Israel", "--source", "reuters-2024-10-02",
            "--quote", "Qatar has mediated between Israel and Hamas"]  # fmt: skip
    assert runner.invoke(cli, base).exit_code == 0
    assert runner.invoke(cli, [*base, "--date", "2024-10", "--reliability", "c"]).exit_code == 0
    ratings = sorted(c.reliability for c in list_claims(store.load(graph_copy), actor="Hamas")
                     if c.source_iri and c.source_iri.endswith("reuters-2024-10-02"))  # fmt: skip
    assert ratings == ["B", "C"]


# --- quotes verbatim --------------------------------------------------------------------------


def test_a_typo_in_a_quote_is_refused_with_the_closest_passage(runner, graph_copy):
    before = sorted((p.name, p.read_bytes()) for p in graph_copy.rglob("*.ttl"))
    args = ["--graph", str(graph_copy), "add", "Iran", "hasProxy", "Hezbollah", "--source", SEED,
            "--quote", "Hezbollah, a star proxy grup for Iran"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: quote not verbatim in source:{SEED}: 'Hezbollah, a star proxy grup for Iran' — "
        "the closest passage is 'Hezbollah, a star proxy group for Iran,'\n"
    )
    assert sorted((p.name, p.read_bytes()) for p in graph_copy.rglob("*.ttl")) == before


def test_straight_quotes_are_not_the_source_curly_ones(seed):
    text = source_text(seed, _bundled(), _seed_iri(seed))
    assert text is not None
    with pytest.raises(QuoteNotVerbatim) as refused:
        text.check("Iran's Supreme Leader")
    assert str(refused.value) == (
        f'quote not verbatim in source:{SEED}: "Iran\'s Supreme Leader" — '
        "the closest passage is 'Iran’s Supreme Leader'"
    )
    text.check("Iran’s   Supreme\nLeader")  # whitespace is not wording


@pytest.mark.parametrize(
    ("quote", "problem"),
    [
        ("Hezbollah has denied … Naim Qassem", None),
        ("Hezbollah has denied...Naim Qassem", None),
        ("… Israel killed Hezbollah leader Hassan Nasrallah …", None),
        ("Naim Qassem … Hezbollah has denied", "the part 'Hezbollah has denied' is in the text only before the part "
         "the ellipsis joins it to"),
        ("Hezbollah has denied … Naim Qasem", "the part 'Naim Qasem' — the closest passage is 'Naim Qassem,'"),
        ("qqqq", "'qqqq' — no passage of the text is like it"),
    ],
)  # fmt: skip
def test_an_ellipsis_joins_fragments_in_order(seed, quote, problem):
    text = source_text(seed, _bundled(), _seed_iri(seed))
    assert text is not None
    assert text.problem(quote) == problem


def test_the_closest_passage_is_found_in_a_long_text():
    filler = "Officials met again and said nothing of note about the talks. " * 20_000  # 1.2 million characters
    text = SourceText(filler + "Qatar has mediated between Israel and Hamas for months. " + filler, "source:long")
    assert text.problem("Qatar has mediatted between Israel and Hamas") == (
        "'Qatar has mediatted between Israel and Hamas' — the closest passage is "
        "'Qatar has mediated between Israel and Hamas'"
    )


def test_a_csv_import_refuses_a_quote_not_in_the_text(runner, graph_copy, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(
        "subject,relation,object,source,quote\n"
        f"Iran,backs,Hamas,{SEED},the Iranian-backed Hamas in Gaza\n"
        f"Iran,backs,Hamas,{SEED},the Iranian backed Hamas in Gaza\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: nothing imported: 1 bad row\n"
        f"{shown(path)}:3: quote not verbatim in source:{SEED}: 'the Iranian backed Hamas in Gaza' — "
        "the closest passage is 'the Iranian-backed Hamas in Gaza.'\n"
    )


def test_validate_reports_each_quote_not_in_its_source_text(runner, graph_copy):
    claims = graph_copy / SEED_CLAIMS
    text = claims.read_text(encoding="utf-8")
    text = text.replace('"Hezbollah, a star proxy group for Iran"', '"Hezbollah, a star proxy for Iran"')
    claims.write_text(text.replace("Hamas leader Ismail Haniyeh", "Hamas chief Ismail Haniyeh"), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("claim:haniyeh-leads-hamas "))
    result = runner.invoke(cli, ["--graph", str(graph_copy), "validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{shown(claims)}:32: claim:iran-has-proxy-hezbollah: quote not verbatim in source:{SEED}: "
        "'Hezbollah, a star proxy for Iran' — the closest passage is 'Hezbollah, a star proxy group for Iran,' "
        "[verbatim]",
        f"{shown(claims)}:{line}: claim:haniyeh-leads-hamas: quote not verbatim in source:{SEED}: 'a bombing in "
        "Tehran at the end of July that killed Hamas chief Ismail Haniyeh' — the closest passage is 'a bombing in "
        "Tehran at the "
        "end of July that killed Hamas leader Ismail Haniyeh,' [verbatim]",
        f"{shown(graph_copy)}: 2 problems",
    ]


def test_validate_ignores_a_retracted_claim_quote(runner, graph_copy):
    claims = graph_copy / SEED_CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8").replace('"Hezbollah, a star proxy group for Iran"',
                      '"Hezbollah, a star proxy for Iran"'), encoding="utf-8")  # fmt: skip
    assert runner.invoke(cli, ["--graph", str(graph_copy), "validate"]).exit_code == 1
    result = runner.invoke(cli, ["--graph", str(graph_copy), "retract", "iran-has-proxy-hezbollah", "--reason",
                                 "misquoted"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["--graph", str(graph_copy), "validate"]).exit_code == 0


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("../../../etc/passwd.txt",
         "../../../etc/passwd.txt: a source's text must be a file inside the graph folder {folder}"),
        ("sources/gone.txt", "{folder}/sources/gone.txt: no such file — expected the source's full text"),
    ],
)  # fmt: skip
def test_validate_refuses_a_text_outside_the_folder_or_missing(runner, graph_copy, path, problem):
    sources = graph_copy / "sources.ttl"
    sources.write_text(sources.read_text(encoding="utf-8").replace(SEED_TEXT, path), encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{shown(sources)}:18: source:{SEED}: {problem.format(folder=shown(graph_copy))} [ag:text]"
    )


def test_every_seed_quote_is_verbatim_in_the_seed_text(seed):
    text = source_text(seed, _bundled(), _seed_iri(seed))
    assert text is not None
    claims = list_claims(seed, include_deprecated=True)
    assert len(claims) == 41
    assert [(c.iri, text.problem(c.quote)) for c in claims if text.problem(c.quote)] == []


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources/ is not beside the checkout")
def test_the_seed_text_is_the_shared_report_byte_for_byte():
    assert (_bundled() / SEED_TEXT).read_bytes() == (SOURCES / f"{SEED}.txt").read_bytes()


# --- attribution ------------------------------------------------------------------------------


def test_attributed_to_an_actor_resolves_and_says_so(runner, graph_copy):
    base = ["--graph", str(graph_copy), "add", "Hezbollah", "preparesAttackOn", "Israel", "--source", SEED,
            "--quote", "Hezbollah was preparing to carry out a deadly invasion of southern Israel"]  # fmt: skip
    result = runner.invoke(cli, [*base, "--attributed-to", "hagari"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"added claim:hezbollah-prepares-attack-on-israel in {shown(graph_copy / 'claims.ttl')}\n"
    assert result.stderr == "warning: attributed to hagari (resolved to actor:Daniel_Hagari)\n"
    result = runner.invoke(cli, [*base, "--date", "2024-10", "--attributed-to", "an Israeli military spokesperson"])
    assert result.stdout == f"added claim:hezbollah-prepares-attack-on-israel-2 in {shown(graph_copy / 'claims.ttl')}\n"
    written = (graph_copy / "claims.ttl").read_text(encoding="utf-8")
    assert "ag:attributedTo actor:Daniel_Hagari ;" in written
    assert 'ag:attributedTo "an Israeli military spokesperson" ;' in written
    claims = {c.iri.rsplit("/", 1)[-1]: c.attributed_to for c in list_claims(store.load(graph_copy), actor="Hezbollah")}
    assert (claims["hezbollah-prepares-attack-on-israel"], claims["hezbollah-prepares-attack-on-israel-2"]) == (
        "Daniel Hagari", "an Israeli military spokesperson")  # fmt: skip


def _bundled() -> Path:
    from actorgraph import resources

    return resources.bundled_graph_dir()


def _seed_iri(seed):
    return SourceIndex(seed).resolve(SEED)


def test_the_text_property_is_in_the_vocabulary_and_the_shapes():
    from actorgraph import resources

    assert re.search(r"^ag:text a owl:DatatypeProperty", resources.vocabulary_file().read_text(encoding="utf-8"), re.M)
    assert "sh:path ag:text" in resources.shapes_file().read_text(encoding="utf-8")


def test_what_the_relation_takes_is_said_before_the_quote_is_checked(runner, graph_copy):
    args = ["--graph", str(graph_copy), "add", "Iran", "killed", "Hezbollah", "--source", SEED, "--quote", "x y z"]
    result = runner.invoke(cli, args)
    message = "Error: 'killed' takes a Person as object; Hezbollah is an ArmedGroup\n"
    assert (result.exit_code, result.stderr) == (1, message)
