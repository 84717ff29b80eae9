"""The documentation builds without a warning, and every console example prints what it shows.

The examples are the ```console blocks of the README and of docs/; how they run (a folder per page
starting with my-graph/, what "…" stands for, the folder shown as /home/me/actorgraph) is the
convention docs/development.md states under "The documentation".
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

from actorgraph.cli import cli

DOCS = REPO / "docs"
#: Whether the engine that reads a report's text is there (the examples of `propose` need it).
ELISION = "…"
SHOWN_FOLDER = "/home/me/actorgraph"


@dataclass(frozen=True)
class Step:
    """One ``$`` command of an example and the output shown after it."""

    command: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    """A ```console block: where it is, and its commands in order."""

    page: str
    index: int
    steps: tuple[Step, ...]


def _steps(block: str) -> tuple[Step, ...]:
    steps: list[Step] = []
    lines = block.splitlines()
    while lines:
        line = lines.pop(0)
        assert line.startswith("$ "), f"output before any command: {line!r}"
        command = line[2:]
        while command.endswith("\\"):
            command = command[:-1] + lines.pop(0).strip()
        expected: list[str] = []
        while lines and not lines[0].startswith("$ "):
            expected.append(lines.pop(0).rstrip())
        while expected and not expected[-1]:
            expected.pop()
        steps.append(Step(command, tuple(expected)))
    return tuple(steps)


def console_examples(page: Path) -> list[Example]:
    """The ```console blocks of *page*, in order."""
    blocks = re.findall(r"^```console\n(.*?)^```", page.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)
    return [Example(page.name, index, _steps(block)) for index, block in enumerate(blocks)]


EXAMPLES = [example for page in [REPO / "README.md", *sorted(DOCS.glob("*.md"))] for example in console_examples(page)]


#: The command blocks of the docs that are shown, not run, each with why a test cannot run it. A
#: block is named by its page and the start of its first line; any other ```bash, ```sh or
#: ```shell block fails test_a_command_example_not_run_says_why: make it a ```console example.
NOT_RUN = {
    ("README.md", "python3 -m venv .venv && .venv/bin/pip install -q"): "pip installs into a new virtualenv",
    ("README.md", "bash .ci/setup && .venv/bin/python -m pytest"): "installs system packages and runs the suite",
    ("index.md", "python3 -m venv .venv && .venv/bin/pip install -q"): "pip installs into a new virtualenv",
    ("index.md", "bash .ci/setup && .venv/bin/python -m pytest"): "installs system packages and runs the suite",
    ("curating.md", "$ actorgraph --graph my-graph import --format icew"): (
        "reads the ICEWS 2018 sample and the ICEWS14 benchmark, datasets from outside the repository"
    ),
    ("curating.md", "$ actorgraph --graph my-graph claims --format csv"): (
        "a shell redirection; tests/test_spreadsheets.py runs this round trip on the whole seed graph"
    ),
    ("sparql.md", "$ actorgraph serve"): "starts a server that runs until Ctrl-C",
    ("workbench.md", "$ actorgraph serve"): "starts a server that runs until Ctrl-C",
    ("workbench.md", "$ actorgraph --graph my-graph serve --write"): (
        "starts a server that runs until Ctrl-C; tests/test_web_curate.py checks its first line"
    ),
    ("sparql.md", "$ curl -s http://127.0.0.1:8000/sparql -H 'Accept:"): "asks the server the example before starts",
    ("stores.md", "$ oxigraph serve --location /tmp/ag-server --bind"): (
        "starts an Oxigraph server in the background and pushes the graph over the network"
    ),
    ("stores.md", "$ ACTORGRAPH_PASSWORD=... actorgraph --user dba pu"): (
        "needs a Virtuoso server; tests/test_engines.py starts one and pushes to it"
    ),
}
KEY_LENGTH = 50


@dataclass(frozen=True)
class ShownBlock:
    """A command block that is not a ```console example: shown, not run."""

    page: str
    index: int
    first_line: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.page, self.first_line[:KEY_LENGTH].rstrip())


def shown_blocks(page: Path) -> list[ShownBlock]:
    """The ```bash, ```sh and ```shell blocks of *page*, in order."""
    text = page.read_text(encoding="utf-8")
    blocks = re.findall(r"^```(?:bash|sh|shell|zsh)\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    return [ShownBlock(page.name, index, block.splitlines()[0]) for index, block in enumerate(blocks)]


SHOWN = [block for page in [REPO / "README.md", *sorted(DOCS.glob("*.md"))] for block in shown_blocks(page)]


def output_pattern(expected: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for the whole output, with the elisions of the convention.

    >>> bool(output_pattern(("a", "…", "d…")).fullmatch("a\\nb\\nc\\nde\\n"))
    True
    """
    parts = []
    for line in expected:
        if line.strip() == ELISION:
            parts.append(r"(?:.*\n)*?")
        elif line.endswith(ELISION):
            parts.append(re.escape(line[: -len(ELISION)]) + r".*\n")
        else:
            parts.append(re.escape(line) + r"\n")
    return re.compile("".join(parts))


def _head(args: list[str], cwd: Path) -> str:
    """``head -N FILE``: what an example shows of a file a command wrote."""
    count, name = args[1:]
    lines = (cwd / name).read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[: int(count.lstrip("-"))])


def _run(command: str, cwd: Path) -> str:
    args = shlex.split(command, comments=True)
    if args[0] == "head":
        return _head(args, cwd)
    assert args[0] == "actorgraph", f"a console example runs actorgraph or head, not {args[0]!r}"
    env = {**os.environ, "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "actorgraph", *args[1:]],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        check=False,
    )
    printed = done.stdout.replace(str(cwd), SHOWN_FOLDER)
    lines = [line.rstrip() for line in printed.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(f"{line}\n" for line in lines)


class PageFolders:
    """One folder per page, where the page's examples have run in order up to some index."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ran: dict[str, int] = {}

    def before(self, example: Example) -> Path:
        """The page's folder, after every earlier example of the page ran in it."""
        folder = self.root / example.page
        if example.page not in self.ran or self.ran[example.page] > example.index:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            shutil.copytree(REPO / "graph", folder / "my-graph")
            files = DOCS / "examples" / Path(example.page).stem
            if files.is_dir():
                shutil.copytree(files, folder, dirs_exist_ok=True)
            self.ran[example.page] = 0
        for earlier in EXAMPLES:
            if earlier.page == example.page and self.ran[example.page] <= earlier.index < example.index:
                for step in earlier.steps:
                    _run(step.command, folder)
        self.ran[example.page] = example.index + 1
        return folder


@pytest.fixture(scope="module")
def page_folders(tmp_path_factory: pytest.TempPathFactory) -> PageFolders:
    return PageFolders(tmp_path_factory.mktemp("examples"))


def test_the_docs_build_with_warnings_as_errors(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    reference = (tmp_path / "site" / "cli.html").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f'id="actorgraph-{name}"' in reference, f"the CLI reference has no `actorgraph {name}`"
    # The site opens offline: no page loads a script, a style sheet or a font from the network.
    for page in (tmp_path / "site").rglob("*.html"):
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', page.read_text(encoding="utf-8")), (
            page.name
        )


def test_the_docs_have_console_examples() -> None:
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.page}-{e.index}" for e in EXAMPLES])
def test_a_console_example_prints_what_it_shows(example: Example, page_folders: PageFolders) -> None:
    folder = page_folders.before(example)
    for step in example.steps:
        output = _run(step.command, folder)
        shown = "".join(f"{line}\n" for line in step.expected)
        message = f"$ {step.command}\n--- shown\n{shown}--- printed\n{output}"
        assert output_pattern(step.expected).fullmatch(output), message


@pytest.mark.parametrize("block", SHOWN, ids=[f"{b.page}-{b.index}" for b in SHOWN])
def test_a_command_example_not_run_says_why(block: ShownBlock) -> None:
    assert block.key in NOT_RUN, (
        f"{block.page}: {block.first_line!r} is not run: make it a ```console example, or add it to NOT_RUN "
        "with why a test cannot run it"
    )


def test_every_example_listed_as_not_run_is_in_the_docs() -> None:
    assert set(NOT_RUN) == {block.key for block in SHOWN}


def test_a_new_command_block_is_found_and_is_not_listed(tmp_path: Path) -> None:
    page = tmp_path / "new.md"
    page.write_text("Text.\n\n```sh\n$ actorgraph serve --port 9000\n```\n", encoding="utf-8")
    (block,) = shown_blocks(page)
    assert block.key == ("new.md", "$ actorgraph serve --port 9000") and block.key not in NOT_RUN
