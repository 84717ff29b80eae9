"""The on-disk projection cache: its file format, what it survives, and the file digests behind its key."""

from __future__ import annotations

import json
import os
import time

import pytest

from actorgraph import store
from actorgraph.cache import cached_projection, read_entry
from actorgraph.network import Projection

ACTOR = "https://w3id.org/actorgraph/actor/"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACTORGRAPH_CACHE", str(folder))
    return folder


def _builder(folder, builds):
    def build():
        builds.append(1)
        return Projection.from_graph(store.load(folder))

    return build


def test_an_entry_maps_the_claims_and_reads_them_on_demand(graph_copy, cache):
    built = cached_projection(graph_copy, _builder(graph_copy, []))
    (entry,) = cache.glob("projection-*.bin")
    restored = read_entry(entry)
    assert isinstance(restored.edges.buffer, memoryview)  # mapped from the file, not read into memory
    assert restored.actors.iris == built.actors.iris
    assert restored.edges.subjects == built.edges.subjects and restored.edges.relations == built.edges.relations
    edge = restored.full.edges[ACTOR + "Iran", ACTOR + "Hezbollah", "backs"]
    assert edge["claims"][0].quote.endswith("the Iranian-backed militia group Hezbollah")
    assert restored.index.resolve("nasrallah").label == "Hassan Nasrallah"
    assert sorted(restored.full.edges(keys=True, data="count")) == sorted(built.full.edges(keys=True, data="count"))


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_entry_is_rebuilt(graph_copy, cache, damage):
    builds: list[int] = []
    cached_projection(graph_copy, _builder(graph_copy, builds))
    (entry,) = cache.glob("projection-*.bin")
    data = entry.read_bytes()
    entry.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"\0" * 64 + data, "empty": b""}[damage])
    projection = cached_projection(graph_copy, _builder(graph_copy, builds))
    assert len(builds) == 2
    assert projection.index.resolve("Iran").label == "Iran"
    assert read_entry(entry).actors.iris == projection.actors.iris  # and written again, whole


def _settle(path, seconds_ago=60):
    past = time.time() - seconds_ago
    os.utime(path, (past, past))


def test_digests_are_remembered_only_for_settled_files(graph_copy, cache):
    claims = next(graph_copy.glob("claims-*.ttl"))
    claims.write_text(claims.read_text())  # just written
    first = store.fingerprint(graph_copy)
    memo = json.loads((cache / "file-digests.json").read_text())
    # Files written a moment ago are hashed every time: a second write in the same clock tick
    # would otherwise keep the first write's digest.
    assert str(claims.resolve()) not in memo
    claims.write_text(claims.read_text().replace("Hezbollah", "Hezbollax"))  # same size, same tick
    second = store.fingerprint(graph_copy)
    assert second != first
    _settle(claims)
    store.fingerprint(graph_copy)
    memo = json.loads((cache / "file-digests.json").read_text())
    assert str(claims.resolve()) in memo


def test_a_remembered_digest_is_used_until_the_file_changes(graph_copy, cache):
    claims = next(graph_copy.glob("claims-*.ttl"))
    _settle(claims)
    honest = store.fingerprint(graph_copy)
    memo_file = cache / "file-digests.json"
    memo = json.loads(memo_file.read_text())
    memo[str(claims.resolve())][4] = "0" * 64  # what a memo hit would now report
    memo_file.write_text(json.dumps(memo))
    assert store.fingerprint(graph_copy) != honest  # the file was not read again
    text = claims.read_text()
    claims.write_text(text)  # same bytes, new change time: read again
    _settle(claims)
    assert store.fingerprint(graph_copy) == honest


def test_an_unreadable_memo_only_costs_speed(graph_copy, cache):
    cache.mkdir()
    (cache / "file-digests.json").write_text("{not json")
    first = store.fingerprint(graph_copy)
    assert store.fingerprint(graph_copy) == first


def test_info_is_counted_once_per_content(runner, graph_copy, cache, monkeypatch):
    from actorgraph import summary as summary_module
    from actorgraph.cli import cli
    from actorgraph.curation import ClaimDraft, add_claim

    counted = []
    real = summary_module.summarize
    monkeypatch.setattr(summary_module, "summarize", lambda dataset: counted.append(1) or real(dataset))
    first = runner.invoke(cli, ["--graph", str(graph_copy), "info", "--format", "json"])
    second = runner.invoke(cli, ["--graph", str(graph_copy), "info", "--format", "json"])
    assert first.exit_code == second.exit_code == 0
    assert second.stdout == first.stdout and len(counted) == 1
    assert len(list(cache.glob("summary-*.pickle"))) == 1
    add_claim(graph_copy, ClaimDraft("Iran", "backs", "Hamas", source="news-2024-10-01-iran-israel-hezbollah",
                                     quote="the Iranian-backed Hamas in Gaza", credibility=2))  # fmt: skip
    third = runner.invoke(cli, ["--graph", str(graph_copy), "info", "--format", "json"])
    assert len(counted) == 2
    assert json.loads(third.stdout)["claims"] == json.loads(first.stdout)["claims"] + 1


def test_a_damaged_summary_is_counted_again(runner, graph_copy, cache):
    from actorgraph.cli import cli

    first = runner.invoke(cli, ["--graph", str(graph_copy), "info"])
    (entry,) = cache.glob("summary-*.pickle")
    entry.write_bytes(b"not a pickle")
    again = runner.invoke(cli, ["--graph", str(graph_copy), "info"])
    assert again.exit_code == 0 and again.stdout == first.stdout


def test_names_are_resolved_with_an_index_read_once_per_content(runner, graph_copy, cache, monkeypatch):
    from actorgraph.actors import ActorIndex
    from actorgraph.cli import cli

    built = []
    real = ActorIndex.from_graph.__func__
    monkeypatch.setattr(
        ActorIndex, "from_graph", classmethod(lambda cls, *a, **k: built.append(1) or real(cls, *a, **k))
    )
    show = ["--graph", str(graph_copy), "show", "Nasrallah", "--format", "json"]
    listed = ["--graph", str(graph_copy), "claims", "--actor", "nasrallah", "--format", "json"]
    first, second, third = (runner.invoke(cli, args) for args in (show, show, listed))
    assert first.exit_code == second.exit_code == third.exit_code == 0
    assert second.stdout == first.stdout and len(built) == 1
    profile = json.loads(first.stdout)
    assert {c["id"] for c in json.loads(third.stdout)} == {c["id"] for c in profile["outgoing"] + profile["incoming"]}
    unknown = runner.invoke(cli, ["--graph", str(graph_copy), "show", "Nasralah"])
    assert unknown.exit_code == 1 and "did you mean 'Hassan Nasrallah'?" in unknown.output
    (graph_copy / "actors.ttl").write_text(
        (graph_copy / "actors.ttl")
        .read_text(encoding="utf-8")
        .replace('"Hassan Nasrallah"', '"Sayyed Hassan Nasrallah"'),
        encoding="utf-8",
    )
    renamed = runner.invoke(cli, ["--graph", str(graph_copy), "show", "Nasrallah"])
    assert renamed.exit_code == 0 and "Sayyed Hassan Nasrallah" in renamed.stdout and len(built) == 2
