"""Shared fixtures: the seed graph loaded once, and a writable copy of it for tests that break it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from actorgraph import resources, store

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO.parent / "shared" / "sources"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Every test caches in a folder of this run, never in the user's ``~/.cache/actorgraph``: a
    cache left by an earlier run would send tests down paths they did not mean to test."""
    before = os.environ.get("ACTORGRAPH_CACHE")
    os.environ["ACTORGRAPH_CACHE"] = str(tmp_path_factory.mktemp("actorgraph-cache"))
    yield Path(os.environ["ACTORGRAPH_CACHE"])
    if before is None:
        del os.environ["ACTORGRAPH_CACHE"]
    else:
        os.environ["ACTORGRAPH_CACHE"] = before


@pytest.fixture(scope="session")
def seed() -> Dataset:
    return store.load()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def graph_copy(tmp_path: Path) -> Path:
    """A copy of the bundled seed graph that a test may edit."""
    target = tmp_path / "graph"
    shutil.copytree(resources.bundled_graph_dir(), target)
    return target


def without_source_texts(folder: Path) -> Path:
    """*folder* with its sources.ttl naming no source's text (``ag:text``), so that no quote is
    checked against one: for tests whose quotes are made up (text rules, sizes, kills)."""
    import re

    sources = folder / "sources.ttl"
    sources.write_text(re.sub(r"\n *ag:text [^\n]*", "", sources.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def made_up_quotes():  # type: ignore[no-untyped-def]
    """A ``graph_copy`` fixture for a test module whose quotes are made up: the seed graph without
    its report's text (tests/test_sources.py checks quotes against it). In the module:
    ``graph_copy = made_up_quotes()``."""

    @pytest.fixture
    def graph_copy(graph_copy: Path) -> Path:
        return without_source_texts(graph_copy)

    return graph_copy


class Canary:
    """A listener on a loopback port that records every connection anything makes to it."""

    def __init__(self) -> None:
        import socket
        import threading

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections: list[bytes] = []
        self._thread = threading.Thread(target=self._accept, daemon=True, name="canary")
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:  # closed
                return
            with connection:
                connection.settimeout(1)
                try:
                    data = connection.recv(4096)
                except OSError:
                    data = b""
            self.connections.append(data)
            if data == b"canary-close":
                return

    def reached(self) -> list[bytes]:
        """Stop listening and return what reached the canary (the first bytes of each connection).

        A last connection of our own is accepted after every earlier one, and ends the listener
        thread: once that thread is done, everything that came before is recorded.
        """
        import socket

        if self._socket.fileno() != -1:
            with socket.create_connection(("127.0.0.1", self.port)) as probe:
                probe.sendall(b"canary-close")
            self._thread.join()
            self.connections.remove(b"canary-close")
            self._socket.close()
        return self.connections


@pytest.fixture
def canary():
    """A loopback listener at ``canary.url``; ``canary.reached()`` lists what reached it."""
    listener = Canary()
    yield listener
    listener.reached()


# --- A real browser and a real server ------------------------------------------------------------

CHROMIUM = Path(os.environ.get("ACTORGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    # Any name but localhost resolves nowhere: a page that reaches out is caught, not served.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium, driven by Playwright (no browser is ever downloaded)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) for the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def serve_workbench():
    """``serve_workbench(folder, write=False)``: the workbench of *folder* served on a free port of
    127.0.0.1 in a thread of this test, stopped at its end; returns the base URL."""
    import threading

    import actorgraph
    from actorgraph.server import make_server
    from actorgraph.web import make_workbench

    servers = []

    def serve(folder: Path | None = None, write: bool = False) -> str:
        # a generous slow-client limit: a loaded machine can delay a request's first bytes
        workbench = make_workbench(actorgraph.open(folder), write=write)
        server = make_server(workbench, "127.0.0.1", 0, quiet=True, head_timeout=120)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return server.url

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class WebVisit:
    """A workbench page opened in the browser, with everything it did."""

    page: Any
    base: str
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """No request left the server, no console message or error, no dialog opened."""
        assert self.outside == [], f"requests outside the server: {self.outside}"
        assert self.console == [], self.console
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs


@pytest.fixture
def web_visit(browser):
    """``web_visit(base_url, path)``: *path* of the workbench at *base_url* opened in a fresh
    browser context that records requests elsewhere (and blocks them), console messages, page
    errors and dialogs."""
    contexts = []

    def open_page(base: str, path: str = "/", width: int = 1400, height: int = 900) -> WebVisit:
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        visit = WebVisit(page, base)

        def route(route: Any) -> None:
            if route.request.url.startswith(base + "/"):
                route.continue_()
            else:
                visit.outside.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda message: visit.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: visit.errors.append(str(error)))
        page.on("dialog", lambda dialog: (visit.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + path)
        return visit

    yield open_page
    for context in contexts:
        context.close()


OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server():
    """A real Oxigraph server (the `oxigraph` package's binary) on a free loopback port, empty,
    stopped after the module."""
    port = free_port()
    server = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph serve did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- Virtuoso, a second engine -------------------------------------------------------------------

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
#: Virtuoso's own administrator, as a new database has it.
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"

#: A configuration of its own: database, log and ports in the test's folder, loopback only, and
#: room for whole answers (Virtuoso cuts a SELECT at 10,000 rows by default).
VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@dataclass
class Virtuoso:
    """A Virtuoso server of a test: its base URL and its endpoints."""

    base: str

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint that asks for a login (HTTP Digest)."""
        return f"{self.base}/sparql-graph-crud-auth"


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """Debian's Virtuoso open source (``virtuoso-opensource``, installed by .ci/setup) with a
    configuration of its own and free loopback ports in a temporary folder, empty, ready when its
    SPARQL endpoint answers; stopped after the session."""
    if not Path(VIRTUOSO).exists():
        pytest.fail(f"{VIRTUOSO} not found: install Debian's virtuoso-opensource (bash .ci/setup)")
    folder = tmp_path_factory.mktemp("virtuoso")
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=free_port(), http_port=(port := free_port())))
    log = open(folder / "stdout.txt", "wb")  # noqa: SIM115 - open while the server runs
    server = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:  # a new database takes seconds to create: poll until it answers, or dies
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"virtuoso-t stopped: {(folder / 'stdout.txt').read_text()[-500:]}")
                time.sleep(0.2)
        yield Virtuoso(base)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
