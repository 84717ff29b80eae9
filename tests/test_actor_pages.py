"""An actor's claims a page at a time (``Graph.show(limit=, offset=)``, the actor page's ``?page=``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

import actorgraph
from actorgraph.claims import newest_first
from actorgraph.web import make_workbench, pages


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_page_is_the_slice_of_every_claim_newest_first(graph_copy: Path, tmp_path: Path, kind: str) -> None:
    # A page is cut from the cached network's claims; the whole profile is read from the graph: same claims.
    graph = actorgraph.open(graph_copy, store=f"oxigraph:{tmp_path / 'ox'}" if kind == "oxigraph" else None)
    full = graph.show("Israel")
    outgoing, incoming = newest_first(full.outgoing), newest_first(full.incoming)
    assert len(outgoing) > 4 and len(incoming) > 4
    first, second = graph.show("Israel", limit=3), graph.show("Israel", limit=3, offset=3)
    assert first.totals == second.totals == (len(outgoing), len(incoming))
    assert [c.iri for c in first.outgoing + second.outgoing] == [c.iri for c in outgoing[:6]]
    assert [c.iri for c in first.incoming + second.incoming] == [c.iri for c in incoming[:6]]
    assert full.totals is None
    dated = [c.date or c.start for c in outgoing if c.date or c.start]
    assert dated == sorted(dated, key=lambda day: day.text, reverse=True)


def test_the_actor_page_links_the_next_and_previous_pages(graph_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "MAX_ROWS", 2)
    client = TestClient(make_workbench(actorgraph.open(graph_copy)))
    total = len(actorgraph.open(graph_copy).show("Israel").outgoing)
    page = client.get("/actors/Israel", params={"page": "2"}).text
    assert f"{total}, newest first: 3–4 shown" in page
    assert '<a href="/actors/Israel?page=1&amp;hops=1">Newer claims</a>' in page
    assert '<a href="/actors/Israel?page=3&amp;hops=1">Older claims</a>' in page
    assert "Newer claims" not in client.get("/actors/Israel").text
