"""Line charts of figures over time, as self-contained SVG (no script, no font or file to fetch).

The geometry is computed here; ``templates/chart.svg`` (Jinja2, autoescaped like the
workbench's pages) writes it, every label escaped and cleared of characters XML cannot carry.
Each date is a point (``<circle class="point">``) on each line, with a tooltip (``<title>``);
x is the time scale of the dates' days, y starts at 0 unless a value is below it.

>>> from datetime import date
>>> from actorgraph.series import Line, When
>>> svg = line_chart("Claims", [When("2024-09", date(2024, 9, 30)), When("2024-10", date(2024, 10, 31))],
...                  [Line("hostile", (1.0, 3.0), "#c8352c")], "claims")
>>> svg.count('class="point"'), svg.startswith("<svg")
(2, True)
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actorgraph.escapes import xml_text

if TYPE_CHECKING:
    from actorgraph.series import Line, When

#: Colours of lines that bring none (Tableau 10: distinct, legible on white).
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac")  # fmt: skip
WIDTH, PLOT_HEIGHT = 860, 300
LEFT, RIGHT, TOP = 72, 40, 56
#: Below the plot: the date labels, then the legend and the notes, one row each.
ROW = 18
#: At most this many date labels on the x axis (every k-th date beyond).
MAX_TICKS = 12


class Chart(str):
    """A chart as :meth:`actorgraph.series.Series.chart` returns it: the text of an SVG file.

    A notebook shows it inline (an SVG without script runs nothing).
    """

    def _repr_svg_(self) -> str:
        return str(self)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the SVG to *path* (atomically: a file already there is replaced whole); return the path."""
        from actorgraph.export import write_text

        return write_text(path, str(self))


@dataclass(frozen=True)
class _Mark:
    x: float
    y: float
    tip: str


def line_chart(
    title: str, dates: Sequence[When], lines: Sequence[Line], y_label: str, notes: Sequence[str] = ()
) -> Chart:
    """A line chart of *lines* over *dates*: one point per date where a line has a value."""
    values = [v for line in lines for v in line.values if v is not None]
    whole = all(v == int(v) for v in values)
    low, high, ticks = _scale(min(values, default=0.0), max(values, default=1.0), whole)
    first = dates[0].day.toordinal() if dates else 0
    span = (dates[-1].day.toordinal() - first) if dates else 0
    plot_width = WIDTH - LEFT - RIGHT

    def x(index: int) -> float:
        if span == 0:
            return LEFT + plot_width / 2
        return LEFT + plot_width * (dates[index].day.toordinal() - first) / span

    def y(value: float) -> float:
        return TOP + PLOT_HEIGHT * (high - value) / (high - low)

    drawn = []
    for number, line in enumerate(lines):
        marks = [_Mark(round(x(i), 1), round(y(v), 1), xml_text(f"{line.name}, {dates[i].label}: {_number(v)}"))
                 for i, v in enumerate(line.values) if v is not None]  # fmt: skip
        colour = line.colour or PALETTE[number % len(PALETTE)]
        drawn.append({"name": xml_text(line.name), "colour": colour, "marks": marks, "path": _path(marks)})
    step = max(1, math.ceil(len(dates) / MAX_TICKS))
    x_ticks = [{"x": round(x(i), 1), "label": xml_text(d.label)} for i, d in enumerate(dates) if i % step == 0]
    y_ticks = [{"y": round(y(t), 1), "label": _number(t)} for t in ticks]
    legend = drawn if len(drawn) > 1 else []
    bottom = TOP + PLOT_HEIGHT
    height = bottom + 2 * ROW + ROW * (len(legend) + len(notes)) + ROW
    page = _template().render(
        width=WIDTH, height=height, left=LEFT, right=WIDTH - RIGHT, top=TOP, bottom=bottom, row=ROW,
        title=xml_text(title), y_label=xml_text(y_label), lines=drawn, x_ticks=x_ticks, y_ticks=y_ticks,
        legend=legend, notes=[xml_text(n) for n in notes],
    )  # fmt: skip
    return Chart(page)


def _path(marks: list[_Mark]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{m.x},{m.y}" for i, m in enumerate(marks))


def _scale(low: float, high: float, whole: bool = False) -> tuple[float, float, list[float]]:
    """The y axis: from 0 (or below, for a negative value) to a round number above *high*, and its
    ticks (whole numbers for *whole* values: counts).

    >>> _scale(0.0, 0.87)
    (0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    >>> _scale(0.0, 15.0)[2]
    [0.0, 5.0, 10.0, 15.0]
    >>> _scale(0.0, 2.0, whole=True)[2]
    [0.0, 1.0, 2.0]
    """
    low = min(low, 0.0)
    if high <= low:
        high = low + 1
    raw = (high - low) / 5
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = float(max(1, math.ceil(step)))
    start = math.floor(low / step) * step
    count = math.ceil((high - start) / step - 1e-9)
    ticks = [round(start + i * step, 10) for i in range(count + 1)]
    return ticks[0], ticks[-1], ticks


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.4g}"


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("actorgraph", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("chart.svg")
