"""Results that show themselves in a notebook (Jupyter's ``_repr_html_``) and become DataFrames.

The lists keep their type's behaviour (a :class:`ClaimList` is a ``list`` of claims, a
:class:`Map` is the ``str`` of its HTML page), so code written against lists and strings keeps
working; a notebook shows them as a table and as an inline map.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actorgraph.claims import CLAIM_FIELDS, Claim
from actorgraph.escapes import html_text
from actorgraph.frames import data_frame

if TYPE_CHECKING:
    from actorgraph.actors import Actor
    from actorgraph.analysis import TimelineEntry
    from actorgraph.charts import Chart

#: A notebook shows this many rows of a table, then says how many more there are.
MAX_HTML_ROWS = 50

#: The height of a map shown in a notebook; the page fills the frame's width.
MAP_HEIGHT = "600px"


def html_table(rows: Sequence[Sequence[object]], columns: Sequence[str], limit: int = MAX_HTML_ROWS) -> str:
    """An HTML table of the first *limit* rows, each cell escaped, and a line for the rest.

    >>> print(html_table([("<b>", None), ("c", 2)], ("x", "y"), limit=1).replace("<tbody>", "\\n"))
    <table><thead><tr><th>x</th><th>y</th></tr></thead>
    <tr><td>&lt;b&gt;</td><td></td></tr></tbody></table><p>1 more</p>
    """
    head = "".join(f"<th>{html_text(name)}</th>" for name in columns)
    body = "".join("<tr>" + "".join(f"<td>{html_text(value)}</td>" for value in row) + "</tr>" for row in rows[:limit])
    more = f"<p>{len(rows) - limit} more</p>" if len(rows) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


class ClaimList(list[Claim]):
    """Claims as :meth:`actorgraph.Graph.claims` returns them: a list, shown as a table."""

    #: The columns a notebook shows; :meth:`to_pandas` has every field of a claim.
    COLUMNS = ("subject", "relation", "object", "date", "confidence", "source", "quote")

    def _repr_html_(self) -> str:
        rows = [(c.subject, c.relation, c.object, c.when, c.confidence, c.source, c.quote) for c in self]
        return html_table(rows, self.COLUMNS)

    def to_pandas(self) -> Any:
        """The claims as a DataFrame, one row per claim, a column per field (``CLAIM_FIELDS``)."""
        return data_frame((c.to_dict() for c in self), CLAIM_FIELDS)


class ActorList(list["Actor"]):
    """Actors as :meth:`actorgraph.Graph.actors` returns them: a list, shown as a table."""

    COLUMNS = ("label", "type", "aliases", "iri")

    def _repr_html_(self) -> str:
        return html_table([(a.label, a.type, ", ".join(a.aliases), a.iri) for a in self], self.COLUMNS)

    def to_pandas(self) -> Any:
        """The actors as a DataFrame: label, type, aliases (a list), comment and IRI."""
        return data_frame((a.to_dict() for a in self), ("label", "type", "aliases", "comment", "iri"))


class Timeline(list["TimelineEntry"]):
    """Claims in date order as :meth:`actorgraph.Graph.timeline` returns them, shown as a table.

    ``about`` holds the labels of the actor (or the two actors of a dyad) whose claims these are.
    """

    COLUMNS = ("when", "kind", "subject", "relation", "object", "confidence", "source")

    def __init__(self, entries: Sequence[TimelineEntry] = (), about: Sequence[str] = ()) -> None:
        super().__init__(entries)
        self.about = tuple(about)

    def chart(self) -> Chart:
        """The dated claims as an SVG chart: how many of each polarity per month (quarter or year
        over a longer span)."""
        from actorgraph.series import claims_series

        return claims_series(self, self.about).chart()

    def _repr_html_(self) -> str:
        rows = [(e.when, e.kind, e.claim.subject, e.claim.relation, e.claim.object, e.claim.confidence,
                 e.claim.source) for e in self]  # fmt: skip
        return html_table(rows, self.COLUMNS)

    def to_pandas(self) -> Any:
        """The entries as a DataFrame: when, sort_date and kind, then every field of the claim."""
        return data_frame((e.to_dict() for e in self), ("when", "sort_date", "kind", *CLAIM_FIELDS))


class Map(str):
    """A map as :meth:`actorgraph.Graph.map` returns it: the text of a self-contained HTML page.

    A notebook shows it inline in a sandboxed frame: its scripts run, but it cannot reach the
    notebook, its cookies or the network (the page loads nothing from outside).
    """

    @property
    def html(self) -> str:
        """The page's HTML, as a plain string."""
        return str(self)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to *path* (atomically: a file already there is replaced whole); return the path."""
        from actorgraph.export import write_text

        return write_text(path, self.html)

    def _repr_html_(self) -> str:
        return (
            f'<iframe sandbox="allow-scripts" srcdoc="{html_text(self.html)}" '
            f'style="width: 100%; height: {MAP_HEIGHT}; border: 0"></iframe>'
        )
