"""Errors become exit codes in one place, the ``actorgraph`` group: one line on stderr, no usage block."""

from __future__ import annotations

import pytest

from actorgraph.cli import cli


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["info", "--format", "xml"], "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'."),
        (["path", "Iran"], "Error: Missing argument 'TARGET'."),
        (["no-such-command"], "Error: No such command 'no-such-command'."),
        (["rank", "--top", "many"], "Error: Invalid value for '--top': 'many' is not a valid integer."),
        (
            ["path", "Iran", "Hamas", "--all", "--k", "2"],
            "Error: --all and --k ask different questions: use one of them",
        ),
    ],
)
def test_a_usage_error_is_one_line_with_status_2(runner, args, line):
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stderr) == (2, line + "\n")
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "status", "line"),
    [
        (["sparql", "--name", "no-such-query"], 2, "Error: unknown query 'no-such-query'"),
        (["queries", "no-such-query"], 2, "Error: unknown query 'no-such-query'"),
        (["sparql", "SELECT ?x WHERE { ?x nope:y ?z }"], 2, "Error: unknown prefix"),
        (["show", "Nobody-at-all"], 1, "Error: unknown actor 'Nobody-at-all'"),
    ],
)
def test_a_library_error_is_one_line_and_a_query_error_is_status_2(runner, args, status, line):
    result = runner.invoke(cli, args)
    assert result.exit_code == status
    assert result.stderr.startswith(line) and result.stderr.count("\n") == 1


def test_help_and_version_still_exit_0(runner):
    assert runner.invoke(cli, ["--help"]).exit_code == 0
    assert runner.invoke(cli, ["--version"]).exit_code == 0
