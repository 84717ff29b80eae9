"""Where a query runs, so that it can be stopped at its time limit and never reach the network.

Neither rdflib nor Oxigraph can stop a query once it runs, so a query with a time limit runs in
another process, which is killed at the deadline. That process has the network cut off
(:func:`forbid_network`).

* :func:`in_child` forks one child per query. The child sees the caller's data exactly as it
  is at that moment, which suits a graph held in memory that may change between queries.
* :func:`in_worker` sends the query to a long-lived worker, forked once for a store whose data
  cannot change (a read-only Oxigraph store). Every query after the first finds the worker's
  caches warm, and pays neither a fork nor the copy-on-write faults of one: about 12 ms on a
  one-row query at a million triples, and a third more time on queries that read much of the
  store. A worker that runs out of time is killed, and the next query forks a new one. At most
  :data:`IDLE_WORKERS` idle workers are kept, the least recently used go first, and all are
  stopped when the process exits.

Every answer is a *payload*: a picklable tuple whose first item says what it is; a failure is
``("error", one line)``.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import pickle
import select
import signal
import socket
import struct
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from actorgraph.errors import QueryTimeout

Payload = tuple[Any, ...]

#: Idle workers kept alive, across all stores, for the next query.
IDLE_WORKERS = 2


def safely(work: Callable[[], Payload]) -> Payload:
    """The payload of *work*, or ``("error", one line)`` when it raised."""
    try:
        return work()
    except RecursionError:
        return ("error", "the query is nested too deeply to evaluate")
    except Exception as error:
        text = str(error).strip().splitlines()
        return ("error", f"{type(error).__name__}: {text[0]}" if text else type(error).__name__)


def _refuse_network(*args: Any, **kwargs: Any) -> Any:
    raise OSError("network access is disabled while a query runs")


def forbid_network() -> None:
    """Cut this (child) process off the network: a query never needs it."""
    socket.socket.connect = _refuse_network  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse_network  # type: ignore[method-assign]
    socket.create_connection = _refuse_network
    socket.getaddrinfo = _refuse_network


def _pickled(payload: Payload) -> bytes:
    try:
        return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        return pickle.dumps(("error", f"cannot send the result back: {error}"))


def _stopped(status: int) -> Payload:
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
    return ("error", f"the query's process stopped without an answer ({how})")


# --- One child per query ------------------------------------------------------------------------


def in_child(work: Callable[[], Payload], timeout: float) -> Payload:
    """Run *work* in a forked child, get its payload through a pipe, kill it at the deadline.

    Raises QueryTimeout when the deadline passes first.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return, never run the parent's clean-up
        status = 0
        try:
            os.close(read_end)
            forbid_network()
            with os.fdopen(write_end, "wb") as out:
                out.write(_pickled(safely(work)))
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    finished = False
    try:
        _read_until_eof(read_end, time.monotonic() + timeout, timeout, chunks)
        finished = True
    finally:
        os.close(read_end)
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return pickle.loads(b"".join(chunks)) if chunks else _stopped(status)


def _read_until_eof(fd: int, deadline: float, timeout: float, chunks: list[bytes]) -> None:
    while True:
        _wait_readable(fd, deadline, timeout)
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return
        chunks.append(chunk)


def _wait_readable(fd: int, deadline: float, timeout: float) -> None:
    """Wait until *fd* has something to read (or its end); QueryTimeout at the deadline."""
    remaining = deadline - time.monotonic()
    if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
        raise QueryTimeout(timeout)


def in_thread(work: Callable[[], Payload], timeout: float) -> Payload:  # pragma: no cover
    """Where ``fork`` does not exist (Windows): the query cannot be killed, only abandoned."""
    box: list[Payload] = []
    thread = threading.Thread(target=lambda: box.append(safely(work)), daemon=True, name="actorgraph-query")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryTimeout(timeout)
    return box[0]


# --- Long-lived workers -------------------------------------------------------------------------

_LENGTH = struct.Struct("<Q")


class _Worker:
    """A forked process answering requests for one store, one at a time, over two pipes."""

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        self.pid, self.requests, self.answers = pid, requests, answers

    @classmethod
    def start(cls, handler: Callable[[Any], Payload]) -> _Worker:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        others = [fd for worker in _all_workers() for fd in (worker.requests, worker.answers)]
        pid = os.fork()
        if pid == 0:  # the worker: never return, never run the parent's clean-up
            try:
                for fd in (request_write, answer_read, *others):
                    os.close(fd)
                _serve(handler, request_read, answer_write)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(answer_write)
        return cls(pid, request_write, answer_read)

    def ask(self, request: bytes, timeout: float) -> Payload | None:
        """The worker's payload for the pickled *request*; None when it died without one.
        Raises QueryTimeout when the deadline passes first (the worker is then of no more use),
        BrokenPipeError when the worker was gone before the request reached it."""
        deadline = time.monotonic() + timeout
        _write_message(self.requests, request)
        data = _read_message(self.answers, deadline, timeout)
        return None if data is None else pickle.loads(data)

    def stop(self) -> Payload:
        """Kill the worker and reap it; what to answer if it died without a payload."""
        for fd in (self.requests, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = 0
        return _stopped(status)


def _serve(handler: Callable[[Any], Payload], requests: int, answers: int) -> None:
    """The worker's loop: until the parent goes away (end of file), answer each request."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):  # a pipe reading our caller's output must not wait for the worker
        os.dup2(devnull, fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    forbid_network()
    while True:
        data = _read_message(requests, None, 0)
        if data is None:
            return
        request = pickle.loads(data)
        _write_message(answers, _pickled(safely(functools.partial(handler, request))))


def _write_message(fd: int, data: bytes) -> None:
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_message(fd: int, deadline: float | None, timeout: float) -> bytes | None:
    """One length-prefixed message from *fd*; None at end of file."""
    header = _read_exactly(fd, _LENGTH.size, deadline, timeout)
    if header is None:
        return None
    return _read_exactly(fd, _LENGTH.unpack(header)[0], deadline, timeout)


def _read_exactly(fd: int, size: int, deadline: float | None, timeout: float) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < size:
        if deadline is not None:
            _wait_readable(fd, deadline, timeout)
        chunk = os.read(fd, min(size - len(buffer), 1 << 20))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)


_lock = threading.Lock()
_idle: weakref.WeakKeyDictionary[Any, list[_Worker]] = weakref.WeakKeyDictionary()
_idle_order: list[_Worker] = []  # least recently used first
_busy: set[_Worker] = set()


def _all_workers() -> list[_Worker]:
    with _lock:
        return [*_idle_order, *_busy]


def in_worker(owner: Any, handler: Callable[[Any], Payload], request: Any, timeout: float) -> Payload:
    """The payload of ``handler(request)``, computed by a worker kept for *owner*.

    *owner* is the object whose data the worker reads (an rdflib store over a read-only
    Oxigraph store): its workers are forked from this process as it is when the first of
    them starts, and serve until *owner* is gone. *handler* is called in the worker, so it
    must be the same for every call with the same owner. Raises QueryTimeout when the
    deadline passes first; the worker is then killed.
    """
    data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
    idle = _take(owner)
    if idle is not None:
        try:
            return _ask(owner, idle, data, timeout)
        except BrokenPipeError:  # it died while idle (the kernel's OOM killer, a stray kill)
            pass
    return _ask(owner, _Worker.start(handler), data, timeout)


def _ask(owner: Any, worker: _Worker, request: bytes, timeout: float) -> Payload:
    with _lock:
        _busy.add(worker)
    payload = None
    try:
        payload = worker.ask(request, timeout)
    finally:
        with _lock:
            _busy.discard(worker)
        if payload is None:  # timed out, interrupted or died
            stopped = worker.stop()
        else:
            _keep(owner, worker)
    return stopped if payload is None else payload


def _take(owner: Any) -> _Worker | None:
    with _lock:
        idle = _idle.get(owner)
        if not idle:
            return None
        worker = idle.pop()
        _idle_order.remove(worker)
        return worker


def _keep(owner: Any, worker: _Worker) -> None:
    with _lock:
        _idle.setdefault(owner, []).append(worker)
        _idle_order.append(worker)
        evicted = _idle_order[: max(0, len(_idle_order) - IDLE_WORKERS)]
        del _idle_order[: len(evicted)]
        for workers in _idle.values():
            workers[:] = [w for w in workers if w not in evicted]
    for old in evicted:
        old.stop()


@atexit.register
def stop_workers() -> None:
    """Stop every idle worker (also done when the process exits)."""
    with _lock:
        workers = list(_idle_order)
        _idle_order.clear()
        _idle.clear()
    for worker in workers:
        worker.stop()
