"""Shared fixtures: the seed graph loaded once, and a writable copy of it for tests that break it."""

from __future__ import annotations

import shutil
from pathlib import Path

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
    import os

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
