"""Saying what a long step is doing: the library names its slow steps, a front end shows them.

The library wraps each step that takes seconds on a big folder (building the actor network, the
summary, the actor index, an Oxigraph store) in :func:`step`. Nothing is shown unless a front end
set a reporter with :func:`reporting`: the CLI does, on a terminal, writing to stderr the steps
that last more than a second, so the first command after an import of a million triples is not
silent for twenty seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: Called when a step starts, with what it does ("building the actor network"); returns what to
#: call when the step ends.
Reporter = Callable[[str], Callable[[], None]]
_REPORTER: ContextVar[Reporter | None] = ContextVar("actorgraph_status_reporter", default=None)


@contextmanager
def reporting(reporter: Reporter) -> Iterator[None]:
    """Within the block, the steps the library takes are told to *reporter*."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)


@contextmanager
def step(what: str) -> Iterator[None]:
    """A step that may take seconds: *what* it does, in a few words ("building the actor network").

    >>> seen = []
    >>> with reporting(lambda what: seen.append(what) or (lambda: seen.append("done"))):
    ...     with step("building the actor network"):
    ...         pass
    >>> seen
    ['building the actor network', 'done']
    """
    reporter = _REPORTER.get()
    if reporter is None:
        yield
        return
    done = reporter(what)
    try:
        yield
    finally:
        done()
