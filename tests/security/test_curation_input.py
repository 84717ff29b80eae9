"""Curation and import input (issue #12, points 14, 16, 20, 22): text rules, encodings, sizes,
full disks, line breaks inside fields, and an import whose work per row does not grow."""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import made_up_quotes
from rdflib.plugins.stores.memory import Memory

from actorgraph import files, resources, store
from actorgraph.cli import cli
from actorgraph.curation import ClaimDraft, add_claim, import_drafts
from actorgraph.errors import InvalidClaim, InvalidImport
from actorgraph.events.icews import ICEWS_COLUMNS
from actorgraph.importers import import_csv
from actorgraph.validate import validate

SOURCE = "news-2024-10-01-iran-israel-hezbollah"
HEADER = ["subject", "relation", "object", "source", "quote", "date", "reliability", "credibility"]
EXCERPT = Path(__file__).resolve().parent.parent / "data" / "icews14-excerpt"


graph_copy = made_up_quotes()  # the seed graph without its text: these quotes are made up


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.suffix == ".ttl"}


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def one_line_error(result) -> str:
    """The CLI's error, checked to be one line with no traceback, and nothing on stdout (before
    it, stderr may hold only the label of an event import's progress bar)."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    before, _, error = result.stderr.rpartition("Error: ")
    assert before in ("", "Importing events\n") and error.count("\n") == 1, result.stderr
    return "Error: " + error


def add_args(graph: Path, subject: str = "Iran", relation: str = "backs", obj: str = "Hamas", quote: str = "q q q"):
    return ["--graph", str(graph), "add", subject, relation, obj, "--source", SOURCE, "--quote", quote]


# --- 20: text rules, the same for add, actor add, CSV import and the library ------------------

BAD_TEXT = [
    pytest.param({"quote": "   "}, "empty quote", id="blank-quote"),
    pytest.param({"quote": "x\x1b]0;PWNED\x07y"}, r"invalid quote 'x\x1b]0;PWNED\x07y': U+001B", id="escape-in-quote"),
    pytest.param({"quote": "sure\u202eeurt"}, r"invalid quote 'sure\u202eeurt': U+202E is a bidirectional", id="bidi"),
    pytest.param({"subject": "Iran\nHamas"}, r"invalid subject 'Iran\nHamas': U+000A", id="newline-in-name"),
    pytest.param({"object": "Ha\u2066mas"}, r"invalid object 'Ha\u2066mas': U+2066", id="bidi-in-name"),
    pytest.param({"subject": "Iran\x07"}, r"invalid subject 'Iran\x07': U+0007", id="bell-in-name"),
    pytest.param({"object": "Iran"}, "'Iran' backs 'Iran': the subject and the object are the same actor", id="self"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_TEXT)
def test_add_refuses_bad_text_with_one_line(runner, graph_copy, changes, message):
    before = snapshot(graph_copy)
    fields = {"subject": "Iran", "obj": changes.get("object", "Hamas"), "quote": "the Iranian-backed Hamas"}
    fields.update({k: v for k, v in changes.items() if k != "object"})
    error = one_line_error(runner.invoke(cli, add_args(graph_copy, **fields)))
    assert message in error and "expected" in error
    assert snapshot(graph_copy) == before


@pytest.mark.parametrize(("changes", "message"), BAD_TEXT)
def test_library_and_csv_refuse_the_same_text(graph_copy, tmp_path, changes, message):
    draft = ClaimDraft(**{"subject": "Iran", "relation": "backs", "object": "Hamas", "source": SOURCE,
                          "quote": "the Iranian-backed Hamas", **changes})  # fmt: skip
    before = snapshot(graph_copy)
    with pytest.raises(InvalidClaim, match="expected") as raised:
        add_claim(graph_copy, draft)
    assert message in str(raised.value)
    row = [draft.subject, draft.relation, draft.object, SOURCE, draft.quote, "2024-10-01", "F", 2]
    path = write_csv(tmp_path / "claims.csv", [row])
    with pytest.raises(InvalidImport) as raised:
        import_csv(graph_copy, path)
    ((only,),) = [raised.value.errors]
    assert only.startswith(f"{path}:2: ") and message in only and "\n" not in only
    assert snapshot(graph_copy) == before


def test_actor_names_and_aliases_follow_the_name_rule(runner, graph_copy):
    before = snapshot(graph_copy)
    for name, alias in (("Acme\nCorp", "AC"), ("Acme\x1b]52;c;cHdu\x07", "AC"), ("Acme", "A\u202eC"), (" ", "AC")):
        args = ["--graph", str(graph_copy), "actor", "add", name, "--type", "Organization", "--alias", alias]
        assert "expected a name on one line" in one_line_error(runner.invoke(cli, args))
    assert snapshot(graph_copy) == before


def test_no_actor_relation_relates_an_actor_to_itself(seed, graph_copy):
    """The vocabulary (ontology/actorgraph.ttl) declares no reflexive relation: each one relates
    two parties (backs, attacked, leads, memberOf, partOf...), so a self-claim is refused for all."""
    from actorgraph.vocabulary import Vocabulary

    relations = sorted(Vocabulary.from_graph(seed).relations)
    rows = [(f"row {n}", ClaimDraft("Hezbollah", r, "Hezbollah", SOURCE, "q q q")) for n, r in enumerate(relations)]
    with pytest.raises(InvalidImport) as raised:
        import_drafts(graph_copy, rows)
    assert len(raised.value.errors) == len(relations)
    assert all("the subject and the object are the same actor" in e for e in raised.value.errors)


def test_quotes_keep_line_breaks_and_tabs_verbatim(runner, graph_copy):
    quote = "first line\n\tsecond line, indented"
    result = runner.invoke(cli, add_args(graph_copy, quote=quote))
    assert result.exit_code == 0, result.output
    claims = store.load(graph_copy)
    from actorgraph.namespace import AG

    assert quote in {str(q) for q in claims.objects(None, AG.quote)}
    assert validate(graph_copy).conforms


# --- 16: undecodable arguments, encodings, field sizes ----------------------------------------


def test_add_with_bytes_that_are_not_utf8(runner, graph_copy):
    # A shell's $'\xff' reaches Python as a lone surrogate (the file system's surrogateescape).
    before = snapshot(graph_copy)
    error = one_line_error(runner.invoke(cli, add_args(graph_copy, quote="caf\udcff quote")))
    assert error == "Error: invalid quote 'caf\\udcff quote': it is not valid UTF-8 — expected UTF-8 text\n"
    error = one_line_error(runner.invoke(cli, add_args(graph_copy, subject="Ir\udcffan")))
    assert "invalid subject 'Ir\\udcffan': it is not valid UTF-8" in error
    assert snapshot(graph_copy) == before


def test_a_latin1_csv_names_the_line_and_the_expected_encoding(runner, graph_copy, tmp_path):
    path = tmp_path / "latin1.csv"
    text = ",".join(HEADER) + f"\nIran,backs,Hamas,{SOURCE},the Iranian-backed Hamas,2024-10-01,F,2\n"
    path.write_bytes((text + f"Iran,backs,Hezbollah,{SOURCE},caf\xe9 talk,2024-10-01,F,2\n").encode("latin-1"))
    before = snapshot(graph_copy)
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines()[1] == (
        f"{path}:3: not UTF-8 text (invalid continuation byte) — expected a file saved as UTF-8"
    )
    assert snapshot(graph_copy) == before


def test_a_field_over_the_csv_limit_names_file_and_line(runner, graph_copy, tmp_path):
    limit = csv.field_size_limit()
    good = ["Iran", "backs", "Hamas", SOURCE, "the Iranian-backed Hamas", "2024-10-01", "F", 2]
    path = write_csv(tmp_path / "big.csv", [good, ["Iran", "backs", "Hamas", SOURCE, "x" * (limit + 1), "", "F", 2]])
    before = snapshot(graph_copy)
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines()[1] == (
        f"{path}:3: a field is longer than {limit} characters — expected shorter fields"
    )
    assert snapshot(graph_copy) == before


# --- 16: a full disk: one line, and every file as it was --------------------------------------


def _curation_commands(graph: Path, tmp_path: Path) -> list[list[str]]:
    good = ["Iran", "backs", "Hamas", SOURCE, "the Iranian-backed Hamas", "2024-10-01", "F", 2]
    path = write_csv(tmp_path / "claims.csv", [good])
    return [
        add_args(graph, quote="the Iranian-backed Hamas"),
        ["--graph", str(graph), "actor", "add", "Qatar", "--type", "State"],
        ["--graph", str(graph), "retract", "iran-backs-hamas", "--reason", "a test of a full disk"],
        ["--graph", str(graph), "import", str(path)],
        ["--graph", str(graph), "import", "--format", "icews14", str(EXCERPT)],
    ]


def test_a_write_that_fails_for_lack_of_space_changes_nothing(runner, graph_copy, tmp_path, monkeypatch):
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    before = snapshot(graph_copy)
    for args in _curation_commands(graph_copy, tmp_path):
        error = one_line_error(runner.invoke(cli, args))
        assert error.startswith(f"Error: cannot write {graph_copy}") and "No space left on device" in error
        assert snapshot(graph_copy) == before
        assert not [p for p in graph_copy.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    assert validate(graph_copy).conforms


@contextlib.contextmanager
def tiny_tmpfs(folder: Path):
    """A 1 MiB tmpfs at *folder*, when this process may mount one (root on Linux)."""
    folder.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                                 capture_output=True).returncode == 0  # fmt: skip
    except OSError:
        mounted = False
    if not mounted:
        pytest.skip("cannot mount a tmpfs here (needs root): the simulated full disk above still runs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_real_full_disk_changes_nothing(runner, tmp_path):
    with tiny_tmpfs(tmp_path / "disk") as disk:
        graph = shutil.copytree(resources.bundled_graph_dir(), disk / "graph")
        commands = _curation_commands(graph, tmp_path)
        with contextlib.suppress(OSError), open(disk / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        before = snapshot(graph)
        for args in commands:
            error = one_line_error(runner.invoke(cli, args))
            assert "No space left on device" in error
            assert snapshot(graph) == before
        (disk / "filler").unlink()
        assert validate(graph).conforms


# --- 22: line breaks inside a field -----------------------------------------------------------


def test_an_icews_field_with_a_line_separator_stays_one_row(runner, graph_copy, tmp_path):
    cells = ["1001", "2018-06-01", "Iran", "Government", "Iran", "Make\u2028statement\u2029now", "190", "-10",
             "Hezbollah\u0085", "Insurgents", "Lebanon", "77", "1", "Press\x1cAgency", "Beirut", "NA", "NA", "Lebanon",
             "33.9", "35.5"]  # fmt: skip
    path = tmp_path / "events.tab"
    path.write_text("\t".join(ICEWS_COLUMNS) + "\n" + "\t".join(cells) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "icews", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 machine-coded claims from 1 events" in result.stdout
    written = (graph_copy / "icews-events.ttl").read_text(encoding="utf-8")
    assert "Iran — Make statement now — Hezbollah" in written
    assert validate(graph_copy).conforms


def test_an_icews14_name_with_a_line_separator_stays_one_line(runner, graph_copy, tmp_path):
    folder = shutil.copytree(EXCERPT, tmp_path / "icews14-excerpt")
    table = folder / "entity2id.txt"
    table.write_text(table.read_text(encoding="utf-8").replace("North Korea", "North\u2028Korea"), encoding="utf-8")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "import", "--format", "icews14", str(folder)])
    assert result.exit_code == 0, result.output
    assert validate(graph_copy).conforms


def test_a_csv_quote_with_a_line_separator_stays_one_row(graph_copy, tmp_path):
    quote = "the Iranian-backed\u2028Hamas"
    path = write_csv(tmp_path / "claims.csv", [["Iran", "backs", "Hamas", SOURCE, quote, "2024-10-01", "F", 2]])
    with pytest.raises(InvalidImport) as raised:
        import_csv(graph_copy, path)
    # One row, read whole: refused for its separator by the quote rule, not cut in two.
    assert raised.value.errors == [
        f"{path}:2: invalid quote 'the Iranian-backed\\u2028Hamas': U+2028 is a control character or line break "
        "— expected text with no control character but line breaks and tabs, and no bidirectional control"
    ]
    path = write_csv(tmp_path / "claims.csv", [["Iran", "backs", "Hamas", SOURCE, "two\nlines", "2024-10-01", "F", 2]])
    assert import_csv(graph_copy, path).added == 1
    assert validate(graph_copy).conforms


# --- 14: an import's work per row does not grow with the rows ---------------------------------


def _import_work(graph: Path, tmp_path: Path, rows: int, monkeypatch) -> dict[str, int]:
    """How many graph parses, file writes and store lookups an import of *rows* rows makes."""
    pairs = [("Iran", "backs", "Hamas"), ("Israel", "attacked", "Hezbollah"), ("United States", "supports", "Israel")]
    lines = [[*pairs[n % 3], SOURCE, f"quote {n}", f"2024-{1 + n % 12:02d}", "F", 2] for n in range(rows)]
    path = write_csv(tmp_path / f"claims-{rows}.csv", lines)
    counts = {"parses": 0, "writes": 0, "lookups": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    with monkeypatch.context() as patch:
        patch.setattr(store, "parse_file", counting("parses", store.parse_file))
        patch.setattr(files, "atomic_write", counting("writes", files.atomic_write))
        patch.setattr(Memory, "triples", counting("lookups", Memory.triples))
        assert import_csv(graph, path, dry_run=True).added == rows
    return counts


def test_csv_import_work_grows_linearly_with_rows(graph_copy, tmp_path, monkeypatch):
    small, medium, large = (_import_work(graph_copy, tmp_path, n, monkeypatch) for n in (50, 100, 200))
    assert small["parses"] == medium["parses"] == large["parses"]
    assert small["writes"] == medium["writes"] == large["writes"] == 0  # a dry run
    # Linear: the next 100 rows cost what the 50 before them cost twice (quadratic: 3 times); 10 %
    # more allows for rows that differ (the first claim of a triple also writes the plain triple).
    assert large["lookups"] - medium["lookups"] <= 2.2 * (medium["lookups"] - small["lookups"])


def test_a_large_csv_import_validates(graph_copy, tmp_path):
    rows = [["Iran", "backs", "Hamas", SOURCE, f"quote {n}", f"2024-{1 + n % 12:02d}", "F", 2] for n in range(300)]
    rows += [["Israel", "attacked", "Hezbollah", SOURCE, f"quote {n}", "", "C", 3] for n in range(300)]
    report = import_csv(graph_copy, write_csv(tmp_path / "claims.csv", rows))
    assert (report.added, report.unchanged) == (600, 0)
    assert validate(graph_copy).conforms
    again = import_csv(graph_copy, write_csv(tmp_path / "claims.csv", rows))
    assert (again.added, again.unchanged) == (0, 600)
