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
