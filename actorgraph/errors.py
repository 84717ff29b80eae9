"""Named errors of the actorgraph library.

Each message is one line a user can act on; the CLI prints it as it is, with no traceback.
"""

from __future__ import annotations

from pathlib import Path


class ActorgraphError(Exception):
    """Base class of every error actorgraph raises on purpose."""


class GraphNotFound(ActorgraphError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"graph folder not found: {path}")


class GraphSyntaxError(ActorgraphError):
    """An RDF file that does not parse, with the file and line where parsing stopped."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        self.location = f"{path}:{line}" if line else str(path)
        super().__init__(f"{self.location}: {reason}")


class UnknownName(ActorgraphError):
    """A name that matches nothing, with the closest known names."""

    kind = "name"

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        message = f"unknown {self.kind} {name!r}"
        if suggestions:
            message += " — did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        super().__init__(message)


class UnknownActor(UnknownName):
    kind = "actor"


class UnknownRelation(UnknownName):
    kind = "relation"


class UnknownActorType(UnknownName):
    kind = "actor type"


class AmbiguousActor(ActorgraphError):
    """A name that fits more than one actor."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        super().__init__(f"ambiguous actor {name!r} — it could be " + ", ".join(repr(c) for c in candidates))


class InvalidDate(ActorgraphError):
    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"invalid date {value!r} — expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-09-01)")
