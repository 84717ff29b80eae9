"""Where queries run: long-lived workers for read-only stores (reused, killed at the deadline,
replaced when they die, capped, cut off the network), and a child per query for the rest."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from actorgraph import isolation, store
from actorgraph.errors import QueryTimeout
from actorgraph.namespace import ACTOR, AG
from actorgraph.sparql import run_query

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks and reads /proc")

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BACKED_BY_IRAN = "SELECT ?backed WHERE { actor:Iran ag:backs ?backed } ORDER BY ?backed"


class Owner:
    """Something workers can be kept for (weakly referenced, like a store)."""


def act(request):
    """The handler of every test worker: what to do is in the request."""
    what, argument = request
    if what == "sleep":
        time.sleep(argument)
    elif what == "die":
        os._exit(argument)
    elif what == "fail":
        raise ValueError(argument)
    elif what == "probe":
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
            argument = "connected"
        except OSError as error:
            argument = str(error)
        argument = (argument, os.readlink("/proc/self/fd/1"))
    return (what, os.getpid(), argument)


def ask(owner, what, argument=None, timeout=10.0):
    return isolation.in_worker(owner, act, (what, argument), timeout)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(autouse=True)
def no_idle_workers():
    isolation.stop_workers()
    yield
    isolation.stop_workers()


def test_a_worker_answers_in_another_process_and_is_reused():
    owner = Owner()
    first = ask(owner, "echo", "a")
    assert first[0] == "echo" and first[1] != os.getpid()
    assert ask(owner, "echo", "b") == ("echo", first[1], "b")


def test_each_owner_has_its_own_worker():
    assert ask(Owner(), "echo")[1] != ask(Owner(), "echo")[1]


def test_a_worker_out_of_time_is_killed_and_replaced():
    owner = Owner()
    pid = ask(owner, "echo")[1]
    with pytest.raises(QueryTimeout, match=r"^query timed out after 0.3 s$"):
        ask(owner, "sleep", 30, timeout=0.3)
    assert not alive(pid)  # killed and reaped, not left a zombie
    assert ask(owner, "echo")[1] != pid


def test_a_worker_that_died_while_idle_is_replaced():
    owner = Owner()
    pid = ask(owner, "echo")[1]
    os.kill(pid, signal.SIGKILL)
    while running(pid):  # dead once it is a zombie: its pipes are closed
        os.sched_yield()
    again = ask(owner, "echo", "after")
    assert again[1] != pid and again[2] == "after"


def test_a_worker_that_dies_answering_is_reported_in_one_line():
    owner = Owner()
    ask(owner, "echo")
    assert ask(owner, "die", 3) == ("error", "the query's process stopped without an answer (exit status 3)")
    assert ask(owner, "echo", "next")[2] == "next"


def test_errors_come_back_as_one_line_and_the_worker_stays():
    owner = Owner()
    pid = ask(owner, "echo")[1]
    assert ask(owner, "fail", "no such thing\nsecond line") == ("error", "ValueError: no such thing")
    assert ask(owner, "echo")[1] == pid


def test_idle_workers_are_capped():
    owners = [Owner() for _ in range(isolation.IDLE_WORKERS + 2)]
    pids = [ask(owner, "echo")[1] for owner in owners]
    assert [alive(pid) for pid in pids] == [False, False] + [True] * isolation.IDLE_WORKERS
    isolation.stop_workers()
    assert not any(alive(pid) for pid in pids)


def test_a_worker_has_no_network_and_does_not_hold_standard_output():
    assert ask(Owner(), "probe")[2] == ("network access is disabled while a query runs", os.devnull)


# --- What run_query does with them -----------------------------------------------------------


@pytest.fixture
def oxigraph_seed(graph_copy, tmp_path):
    return store.open_graph(graph_copy, f"oxigraph:{tmp_path / 'ox'}")


def test_a_read_only_oxigraph_store_is_queried_by_a_warm_worker(oxigraph_seed, seed):
    assert store.is_read_only(oxigraph_seed) and not store.is_read_only(seed)
    first = run_query(oxigraph_seed, BACKED_BY_IRAN)
    assert [str(row[0]) for row in first.rows] == [str(ACTOR.Hamas), str(ACTOR.Hezbollah)]
    workers = list(isolation._idle.get(oxigraph_seed.store, []))
    assert len(workers) == 1
    assert run_query(oxigraph_seed, BACKED_BY_IRAN).rows == first.rows
    assert isolation._idle[oxigraph_seed.store] == workers  # the same process answered again
    assert run_query(oxigraph_seed, BACKED_BY_IRAN, timeout=None).rows == first.rows


def test_a_runaway_query_on_oxigraph_is_stopped_and_its_worker_killed(oxigraph_seed):
    run_query(oxigraph_seed, BACKED_BY_IRAN)
    (worker,) = isolation._idle[oxigraph_seed.store]
    with pytest.raises(QueryTimeout, match=r"^query timed out after 0.5 s$"):
        run_query(oxigraph_seed, SLOW_QUERY, timeout=0.5)
    assert not alive(worker.pid)
    assert len(run_query(oxigraph_seed, BACKED_BY_IRAN).rows) == 2


def test_a_graph_that_can_change_is_queried_as_it_is_now(graph_copy):
    """A memory graph gets a child per query, so a query sees the triples added since the last."""
    dataset = store.open_graph(graph_copy, "memory")
    assert len(run_query(dataset, BACKED_BY_IRAN).rows) == 2
    dataset.add((ACTOR.Iran, AG.backs, URIRef(ACTOR + "Houthis"), URIRef("urn:test")))
    dataset.add((URIRef(ACTOR + "Houthis"), URIRef("urn:p"), Literal("x"), URIRef("urn:test")))
    assert len(run_query(dataset, BACKED_BY_IRAN).rows) == 3


def test_a_worker_ends_with_the_process_that_started_it(tmp_path):
    """Even when that process is killed and has no time to stop it: the worker reads the end
    of its request pipe."""
    script = (
        "import os, signal, sys\n"
        "from actorgraph import isolation\n"
        "class Owner: pass\n"
        "owner = Owner()\n"
        "print(isolation.in_worker(owner, lambda request: ('pid', os.getpid()), None, 10)[1], flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL
    pid = int(done.stdout)
    try:
        exited = os.pidfd_open(pid)  # readable once the process has ended
    except ProcessLookupError:  # ended and reaped already
        return
    try:
        assert select.select([exited], [], [], 600)[0], "the worker outlived its parent"  # a hang guard only
    finally:
        os.close(exited)
    assert not running(pid)


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever adopts it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False
