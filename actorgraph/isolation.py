"""Where a query runs, so that it can be stopped at its time limit and never reach the network.

Neither rdflib nor Oxigraph can stop a query once it runs, so a query runs in another process,
which is killed at the deadline when it has one. That process is confined as soon as it is
forked (:func:`confine`): it holds none of its parent's sockets and pipes but its own (found in
``/proc``, so on Linux only), it cannot open a connection (:func:`network_guard` names how that
is enforced), and its memory is bounded (:func:`memory_limit`).

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
import ctypes
import functools
import os
import pickle
import select
import signal
import socket
import stat
import struct
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Collection
from typing import Any

from actorgraph.errors import QueryTimeout

try:  # imported here, not in each child, where an import costs as much as the rest of its setup
    import resource
except ImportError:  # pragma: no cover - Windows: no fork, queries run in threads
    resource = None  # type: ignore[assignment]

Payload = tuple[Any, ...]

#: Idle workers kept alive, across all stores, for the next query.
IDLE_WORKERS = 2


#: Memory a query may take, in MiB, beyond what its process held when the query started,
#: unless the caller or ``$ACTORGRAPH_QUERY_MEMORY`` says otherwise.
DEFAULT_MEMORY_MIB = 1536

#: Pids of the children :func:`in_child` forked last (for tests: what the code started).
recent_children: deque[int] = deque(maxlen=16)


def memory_limit(mib: int | None = None) -> int:
    """The memory bound of a query in MiB: *mib*, else ``$ACTORGRAPH_QUERY_MEMORY``, else the default."""
    if mib is not None:
        return mib
    configured = os.environ.get("ACTORGRAPH_QUERY_MEMORY", "").strip()
    return int(configured) if configured.isdigit() and int(configured) > 0 else DEFAULT_MEMORY_MIB


def _memory_message(mib: int) -> str:
    return f"the query needed more than {mib} MiB of memory"


def safely(work: Callable[[], Payload], memory: int | None = None) -> Payload:
    """The payload of *work*, or ``("error", one line)`` when it raised."""
    try:
        return work()
    except RecursionError:
        return ("error", "the query is nested too deeply to evaluate")
    except MemoryError:
        return ("error", _memory_message(memory_limit(memory)))
    except Exception as error:
        text = str(error).strip().splitlines()
        return ("error", f"{type(error).__name__}: {text[0]}" if text else type(error).__name__)


# --- Confining a forked process -----------------------------------------------------------------


def confine(keep: Collection[int], memory: int | None) -> None:
    """Confine this freshly forked process: close what it inherited, cut the network, bound memory.

    *keep* are the descriptors it needs (its own pipes); a socket or pipe of the parent (a
    listening socket, another query's pipe) would otherwise stay open as long as this process
    lives, and keep a client or another query waiting.
    """
    _close_inherited(keep)
    _cut_network()
    _limit_memory(memory_limit(memory))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # Oxigraph prints an allocation failure before it aborts: the payload says it
    os.close(devnull)


def _close_inherited(keep: Collection[int]) -> None:
    """Close every inherited socket and pipe but *keep* and the standard streams. Files stay
    open: an Oxigraph store read by this process holds its own."""
    for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []:
        fd = int(name)
        if fd <= 2 or fd in keep:
            continue
        with contextlib.suppress(OSError):
            mode = os.fstat(fd).st_mode
            if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
                os.close(fd)


_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
_guard_in_force = "python"


def _cut_network() -> None:
    """Cut this process off the network at the lowest level that works here, so that no code in
    it (Oxigraph's own HTTP client included) can connect: a network namespace of its own with
    nothing in it, else a seccomp filter refusing Internet sockets, else Python's sockets only."""
    global _guard_in_force
    forbid_network()
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNET) == 0 or libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
        _guard_in_force = "namespace"
    elif _refuse_internet_sockets(libc):
        _guard_in_force = "seccomp"


# seccomp: a classic BPF program run on every system call (see seccomp(2)).
_SYSCALL_SOCKET = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_AF_INET, _AF_INET6, _EACCES = 2, 10, 13
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_Filter))]


def _refuse_internet_sockets(libc: ctypes.CDLL) -> bool:
    """Install a seccomp filter making ``socket(AF_INET or AF_INET6, ...)`` fail; False when
    this machine's architecture is not known here or the kernel refuses the filter."""
    import platform

    known = _SYSCALL_SOCKET.get(platform.machine())
    if known is None:
        return False
    arch, socket_call = known
    load, jump_eq, ret = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    program = [
        (load, 0, 0, 4),  # seccomp_data.arch
        (jump_eq, 1, 0, arch),
        (ret, 0, 0, _RET_ERRNO | _EACCES),  # another ABI (x32, i386): refuse every call
        (load, 0, 0, 0),  # seccomp_data.nr
        (jump_eq, 0, 4, socket_call),
        (load, 0, 0, 16),  # seccomp_data.args[0], low half: the address family
        (jump_eq, 1, 0, _AF_INET),
        (jump_eq, 0, 1, _AF_INET6),
        (ret, 0, 0, _RET_ERRNO | _EACCES),
        (ret, 0, 0, _RET_ALLOW),
    ]
    filters = (_Filter * len(program))(*[_Filter(*instruction) for instruction in program])
    prog = _Program(len(program), filters)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0)


def network_guard() -> str:
    """How a query's process is kept off the network here: ``"namespace"`` (a network namespace
    of its own, with no interface), ``"seccomp"`` (a filter refusing Internet sockets) or
    ``"python"`` (only Python's sockets are disabled: code that does not use them is not held)."""
    return str(in_child(lambda: ("guard", _guard_in_force), None)[1])


def _limit_memory(mib: int) -> None:
    """Let this process's data grow by *mib* MiB at most from now (``RLIMIT_DATA``)."""
    used = _data_size()
    if used is None or resource is None:
        return
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    wanted = used + mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def _data_size() -> int | None:
    """Bytes of this process's data and stack (``/proc/self/statm``; ``RLIMIT_DATA`` counts the data)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[5]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return None


def _refuse_network(*args: Any, **kwargs: Any) -> Any:
    raise OSError("network access is disabled while a query runs")


def forbid_network() -> None:
    """Disable Python's sockets in this (child) process: a query never needs them."""
    socket.socket.connect = _refuse_network  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse_network  # type: ignore[method-assign]
    socket.create_connection = _refuse_network
    socket.getaddrinfo = _refuse_network


def _pickled(payload: Payload) -> bytes:
    try:
        return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        return pickle.dumps(("error", f"cannot send the result back: {error}"))


def _stopped(status: int, memory: int | None) -> Payload:
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT:  # Rust's allocation failure
        return ("error", _memory_message(memory_limit(memory)))
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
    return ("error", f"the query's process stopped without an answer ({how})")


# --- One child per query ------------------------------------------------------------------------


def in_child(
    work: Callable[[], Payload],
    timeout: float | None,
    memory: int | None = None,
    during_fork: contextlib.AbstractContextManager[Any] | None = None,
) -> Payload:
    """Run *work* in a forked, confined child (at most *memory* MiB more, see :func:`memory_limit`),
    get its payload through a pipe, kill it at the deadline (none when *timeout* is None).
    *during_fork* (a lock) is held while forking, so that the child's copy of what it guards is
    not caught halfway through a change.

    Raises QueryTimeout when the deadline passes first.
    """
    read_end, write_end = os.pipe()
    with during_fork or contextlib.nullcontext():
        pid = os.fork()
    if pid == 0:  # the child: never return, never run the parent's clean-up
        status = 0
        try:
            os.close(read_end)
            confine({write_end}, memory)
            with os.fdopen(write_end, "wb") as out:
                out.write(_pickled(safely(work, memory)))
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    recent_children.append(pid)
    os.close(write_end)
    chunks: list[bytes] = []
    finished = False
    try:
        _read_until_eof(read_end, _deadline(timeout), timeout, chunks)
        finished = True
    finally:
        os.close(read_end)
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return pickle.loads(b"".join(chunks)) if chunks else _stopped(status, memory)


def _deadline(timeout: float | None) -> float | None:
    return None if timeout is None else time.monotonic() + timeout


def _read_until_eof(fd: int, deadline: float | None, timeout: float | None, chunks: list[bytes]) -> None:
    while True:
        _wait_readable(fd, deadline, timeout)
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return
        chunks.append(chunk)


def _wait_readable(fd: int, deadline: float | None, timeout: float | None) -> None:
    """Wait until *fd* has something to read (or its end); QueryTimeout at the deadline, if any."""
    if deadline is None or timeout is None:
        return
    remaining = deadline - time.monotonic()
    # poll, not select: a server with a thousand connections open hands us descriptors above
    # select()'s limit of 1024.
    waiting = select.poll()
    waiting.register(fd, select.POLLIN)
    if remaining <= 0 or not waiting.poll(remaining * 1000):
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
        pid = os.fork()
        if pid == 0:  # the worker: never return, never run the parent's clean-up
            try:
                confine({request_read, answer_write}, None)
                _serve(handler, request_read, answer_write)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(answer_write)
        return cls(pid, request_write, answer_read)

    def ask(self, request: bytes, timeout: float | None) -> Payload | None:
        """The worker's payload for the pickled *request*; None when it died without one.
        Raises QueryTimeout when the deadline passes first (the worker is then of no more use),
        BrokenPipeError when the worker was gone before the request reached it."""
        deadline = _deadline(timeout)
        _write_message(self.requests, request)
        data = _read_message(self.answers, deadline, timeout)
        return None if data is None else pickle.loads(data)

    def stop(self, memory: int | None = None) -> Payload:
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
        return _stopped(status, memory)


def _serve(handler: Callable[[Any], Payload], requests: int, answers: int) -> None:
    """The worker's loop: until the parent goes away (end of file), answer each request
    ``(memory, what to pass to handler)``, bounding the memory of each from where it starts."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):  # a pipe reading our caller's output must not wait for the worker
        os.dup2(devnull, fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    while True:
        data = _read_message(requests, None, 0)
        if data is None:
            return
        memory, request = pickle.loads(data)
        _limit_memory(memory_limit(memory))
        _write_message(answers, _pickled(safely(functools.partial(handler, request), memory)))


def _write_message(fd: int, data: bytes) -> None:
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_message(fd: int, deadline: float | None, timeout: float | None) -> bytes | None:
    """One length-prefixed message from *fd*; None at end of file."""
    header = _read_exactly(fd, _LENGTH.size, deadline, timeout)
    if header is None:
        return None
    return _read_exactly(fd, _LENGTH.unpack(header)[0], deadline, timeout)


def _read_exactly(fd: int, size: int, deadline: float | None, timeout: float | None) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < size:
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


def in_worker(
    owner: Any, handler: Callable[[Any], Payload], request: Any, timeout: float | None, memory: int | None = None
) -> Payload:
    """The payload of ``handler(request)``, computed by a worker kept for *owner*.

    *owner* is the object whose data the worker reads (an rdflib store over a read-only
    Oxigraph store): its workers are forked from this process as it is when the first of
    them starts, and serve until *owner* is gone. *handler* is called in the worker, so it
    must be the same for every call with the same owner. Raises QueryTimeout when the
    deadline passes first; the worker is then killed. A query may take *memory* MiB more than
    the worker held (:func:`memory_limit`).
    """
    data = pickle.dumps((memory, request), protocol=pickle.HIGHEST_PROTOCOL)
    idle = _take(owner)
    if idle is not None:
        try:
            return _ask(owner, idle, data, timeout, memory)
        except BrokenPipeError:  # it died while idle (the kernel's OOM killer, a stray kill)
            pass
    return _ask(owner, _Worker.start(handler), data, timeout, memory)


def worker_pids() -> list[int]:
    """The pids of the workers alive now, idle or busy (for tests: what the code started)."""
    return [worker.pid for worker in _all_workers()]


def _ask(owner: Any, worker: _Worker, request: bytes, timeout: float | None, memory: int | None) -> Payload:
    with _lock:
        _busy.add(worker)
    payload = None
    try:
        payload = worker.ask(request, timeout)
    finally:
        with _lock:
            _busy.discard(worker)
        if payload is None:  # timed out, interrupted or died
            stopped = worker.stop(memory)
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
