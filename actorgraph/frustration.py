"""The frustration index of a signed network, exactly, by a binary linear program on HiGHS (SciPy's ``milp``).

The frustration index (line index of balance) is the least number of ties whose sign goes
against some split of the actors into two camps: a positive tie across the camps, or a negative
tie inside one. Finding it is NP-hard (it contains MAXCUT), yet the binary programs of Aref,
Mason and Wilson solve real signed networks of thousands of ties exactly: "Computing the line
index of balance using integer programming optimisation" (2018, arXiv:1710.09876) and "A
modelling and computational study of the frustration index in signed networks" (Networks 2020,
arXiv:1611.09030). This module is their XOR model, with two of their speed-ups:

- one binary ``x[i]`` per actor (its camp) and one ``f[e]`` per tie (1 when the tie is
  frustrated); a positive tie ``(i, j)`` has ``f >= x[i] - x[j]`` and ``f >= x[j] - x[i]``
  (frustrated when the camps differ), a negative one ``f >= x[i] + x[j] - 1`` and
  ``f >= 1 - x[i] - x[j]`` (frustrated when they are the same); minimise ``sum(f)``;
- one actor's camp is fixed, since swapping the two camps changes nothing (symmetry);
- every triangle whose signs multiply to -1 has at least one frustrated tie:
  ``f[a] + f[b] + f[c] >= 1`` (their unbalanced-triangle valid inequalities), which lifts the
  LP bound from 0 where the model alone leaves it there.

Among optimal splits the program prefers those that frustrate fewer positive ties (each costs
``1 + 1/(m + 1)`` for ``m`` ties, a negative one 1): the camps keep allies together and leave
the hostility inside a camp, which reads better than allies split apart; the extra cost of all
ties together stays below 1, so the frustration index is unchanged.

``f`` is left continuous in [0, 1]: with the camps binary and ``f`` minimised, every optimum
has ``f`` at 0 or 1 already, and HiGHS branches on the camps only.

Ties may repeat between a pair, with either sign (claims of both polarities between the same two
actors): ``a`` positive and ``b`` negative ties between a pair cost ``b`` when the pair shares a
camp and ``a`` when it does not, that is ``min(a, b)`` whatever the split plus ``|a - b|`` for a
single tie of the larger sign; the program solves that weighted reduction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

#: One signed tie: (actor, other actor, +1 or -1).
Tie = tuple[str, str, int]
# The solver's integrality tolerance: an objective within this of an integer is that integer.
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Solution:
    """The best split found: ``sides`` (+1 / -1 per actor), its count, and the proven lower bound.

    ``exact`` when the two meet; otherwise the time limit stopped the search and the frustration
    index lies between ``lower_bound`` and ``frustration``.
    """

    sides: dict[str, int]
    frustration: int
    lower_bound: int

    @property
    def exact(self) -> bool:
        return self.lower_bound >= self.frustration


@dataclass(frozen=True)
class _Pairs:
    """The ties aggregated per pair: the net weighted ties and the cost every split pays."""

    nodes: list[str]
    edges: list[tuple[int, int, int]]  # (i, j, signed weight), i < j, weight != 0
    constant: int


def count(ties: Iterable[Tie], sides: Mapping[str, int]) -> int:
    """The ties against a split: positive ties across the camps, negative ones inside one."""
    return sum(sign * sides[u] * sides[v] < 0 for u, v, sign in ties)


def solve(
    ties: Iterable[Tie], anchor: str, time_limit: float | None = None, fixed: Mapping[str, int] | None = None
) -> Solution | None:
    """The frustration index of the signed (multi)graph *ties*, with *anchor* in camp +1.

    *fixed* puts more actors in a given camp (+1 or -1) — a constrained optimum, as used to
    test whether an actor can change camp. Past *time_limit* seconds, the best split found and
    the proven lower bound (``None`` when no split was found in time).
    """
    ties = list(ties)
    pairs = _aggregate(ties, anchor)
    index = {n: i for i, n in enumerate(pairs.nodes)}
    if not pairs.edges:
        sides = {n: (fixed or {}).get(n, 1) for n in pairs.nodes}
        return Solution(sides, count(ties, sides), count(ties, sides))
    result = _run(pairs, {index[anchor]: 1, **{index[n]: s for n, s in (fixed or {}).items()}}, time_limit)
    if result.x is None:
        return None
    sides = {node: 1 if result.x[i] > 0.5 else -1 for i, node in enumerate(pairs.nodes)}
    found = count(ties, sides)
    if result.status == 0:
        return Solution(sides, found, found)
    # Stopped by the time limit: HiGHS's dual bound is on the objective, which leaves out the
    # cost every split pays and adds the tie-break (less than 1 in all).
    tie_break = _preference(pairs) * sum(abs(w) for _, _, w in pairs.edges)
    bound = float(getattr(result, "mip_dual_bound", math.nan)) - tie_break
    lower = pairs.constant + (max(0, math.ceil(bound - _TOLERANCE)) if math.isfinite(bound) else 0)
    return Solution(sides, found, min(lower, found))


def _aggregate(ties: list[Tie], anchor: str) -> _Pairs:
    nodes = [anchor, *sorted({n for u, v, _ in ties for n in (u, v)} - {anchor})]
    index = {n: i for i, n in enumerate(nodes)}
    totals: dict[tuple[int, int], list[int]] = {}
    for u, v, sign in ties:
        i, j = sorted((index[u], index[v]))
        totals.setdefault((i, j), [0, 0])[sign < 0] += 1
    edges = [(i, j, positive - negative) for (i, j), (positive, negative) in totals.items() if positive != negative]
    constant = sum(min(counts) for counts in totals.values())
    return _Pairs(nodes, edges, constant)


def _run(pairs: _Pairs, fixed: dict[int, int], time_limit: float | None) -> OptimizeResult:
    """The XOR model on the aggregated pairs (columns: the camps x, then one f per pair)."""
    # SciPy's optimizer takes 2 s to import: every command that imports analysis would pay it.
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    n, m = len(pairs.nodes), len(pairs.edges)
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    lower: list[float] = []

    def add(row: dict[int, float], bound: float) -> None:
        number = len(lower)
        for col, value in row.items():
            rows.append(number)
            cols.append(col)
            values.append(value)
        lower.append(bound)

    for e, (i, j, weight) in enumerate(pairs.edges):
        f = n + e
        if weight > 0:
            add({f: 1, i: -1, j: 1}, 0)
            add({f: 1, i: 1, j: -1}, 0)
        else:
            add({f: 1, i: -1, j: -1}, -1)
            add({f: 1, i: 1, j: 1}, 1)
    for a, b, c in _unbalanced_triangles(pairs.edges):
        add({n + a: 1, n + b: 1, n + c: 1}, 1)
    matrix = coo_array((values, (rows, cols)), shape=(len(lower), n + m)).tocsr()
    low, high = np.zeros(n + m), np.ones(n + m)
    for i, side in fixed.items():
        low[i] = high[i] = 1 if side > 0 else 0
    tie_break = _preference(pairs)
    cost = np.concatenate([np.zeros(n), [w * (1 + tie_break) if w > 0 else -w for _, _, w in pairs.edges]])
    options: dict[str, float | bool] = {"disp": False}
    if time_limit is not None:
        options["time_limit"] = max(time_limit, 0.001)
    return milp(
        cost,
        constraints=LinearConstraint(matrix, np.array(lower), np.inf),
        integrality=np.concatenate([np.ones(n), np.zeros(m)]),
        bounds=Bounds(low, high),
        options=options,
    )


def _preference(pairs: _Pairs) -> float:
    """The extra cost of a frustrated positive tie (per unit of weight): all of them together stay below 1."""
    return 1 / (sum(abs(w) for _, _, w in pairs.edges) + 1)


def _unbalanced_triangles(edges: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The triangles whose signs multiply to -1, as triples of edge positions."""
    at: dict[int, dict[int, int]] = {}
    for e, (i, j, _) in enumerate(edges):
        at.setdefault(i, {})[j] = e
        at.setdefault(j, {})[i] = e
    found = []
    for e, (i, j, weight) in enumerate(edges):
        for k in at[i].keys() & at[j].keys():
            if k > j:  # each triangle once: i < j < k
                first, second = at[i][k], at[j][k]
                if weight * edges[first][2] * edges[second][2] < 0:
                    found.append((e, first, second))
    return found
