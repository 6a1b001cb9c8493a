"""Exact analysis of a scenario: the agreement zone, the frontier and fair points.

Everything here is exhaustive over every possible package (one option per
issue), which is what makes it teachable: a student can check any claim by
listing outcomes. The scenario format caps the number of outcomes
(:data:`peacekit.model.scenario.MAX_OUTCOMES`) so that this stays fast.

Definitions used throughout the course (and shown in the book):

* a party's **gain** from an outcome is its value minus its reservation value
  (the value of its best alternative to a negotiated agreement, BATNA);
* the **agreement zone** holds the outcomes with a gain of at least zero for
  every party;
* the **Pareto frontier** holds the outcomes that no other outcome beats for one
  party without being worse for another (over all outcomes: an undominated
  outcome in the zone is always on it);
* the **Nash bargaining solution** maximises the product of gains in the zone
  (Nash 1950); **Kalai–Smorodinsky** maximises the smallest share of each
  party's best possible gain in the zone (Kalai and Smorodinsky 1975).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property

from .credibility import Credibility, option_values, outcome_sums
from .scenario import Outcome, Scenario

_DIGITS = 9  # utilities are rounded so that float noise cannot break ties


class Analysis:
    """All outcomes of a scenario, valued at one credibility setting."""

    def __init__(self, scenario: Scenario, credibility: Credibility | None = None):
        self.scenario = scenario
        self.credibility = credibility or Credibility()
        self.party_ids = scenario.party_ids
        self.reservations = tuple(scenario.party(p).reservation for p in self.party_ids)
        self._option_values = {
            p: option_values(scenario, p, self.credibility) for p in self.party_ids
        }
        self._sizes = [len(issue.options) for issue in scenario.issues]
        self._option_index = [
            {o.id: k for k, o in enumerate(issue.options)} for issue in scenario.issues
        ]
        self.values: dict[str, list[float]] = {
            p: _sums(self._option_values[p]) for p in self.party_ids
        }
        self.count = len(next(iter(self.values.values())))

    # -- outcomes and indices ----------------------------------------------------------
    def outcome(self, index: int) -> Outcome:
        """The outcome at ``index`` in :func:`itertools.product` order."""
        picks = []
        for size in reversed(self._sizes):
            index, k = divmod(index, size)
            picks.append(k)
        picks.reverse()
        return tuple(
            issue.options[k].id for issue, k in zip(self.scenario.issues, picks, strict=True)
        )

    def index(self, outcome: Outcome | Mapping[str, str]) -> int:
        if isinstance(outcome, Mapping):
            outcome = self.scenario.outcome(outcome)
        if len(outcome) != len(self._sizes):
            raise ValueError(
                f"an outcome needs one option for each of the {len(self._sizes)} issues"
            )
        index = 0
        for size, lookup, option_id, issue in zip(
            self._sizes, self._option_index, outcome, self.scenario.issues, strict=True
        ):
            if option_id not in lookup:
                raise ValueError(
                    f"'{option_id}' is not an option of issue '{issue.id}'; expected one of: "
                    + ", ".join(issue.option_ids)
                )
            index = index * size + lookup[option_id]
        return index

    def _idx(self, outcome: Outcome | int) -> int:
        return outcome if isinstance(outcome, int) else self.index(outcome)

    # -- values ----------------------------------------------------------------------
    def utility(self, party_id: str, outcome: Outcome | int) -> float:
        return self.values[party_id][self._idx(outcome)]

    def utilities(self, outcome: Outcome | int) -> dict[str, float]:
        i = self._idx(outcome)
        return {p: self.values[p][i] for p in self.party_ids}

    def point(self, i: int) -> tuple[float, ...]:
        return tuple(self.values[p][i] for p in self.party_ids)

    def gains(self, outcome: Outcome | int) -> dict[str, float]:
        i = self._idx(outcome)
        return {
            p: round(self.values[p][i] - r, _DIGITS)
            for p, r in zip(self.party_ids, self.reservations, strict=True)
        }

    def joint_gain(self, outcome: Outcome | int) -> float:
        return round(sum(self.gains(outcome).values()), _DIGITS)

    def gain_gap(self, outcome: Outcome | int) -> float:
        """Balance: how far apart the parties' gains are (0 = an even split)."""
        g = self.gains(outcome).values()
        return round(max(g) - min(g), _DIGITS)

    def rejecters(self, outcome: Outcome | int) -> list[str]:
        """The parties that would prefer no deal (their gain is below zero)."""
        return [p for p, g in self.gains(outcome).items() if g < 0]

    def in_zone(self, outcome: Outcome | int) -> bool:
        return not self.rejecters(outcome)

    # -- the zone and the frontier ---------------------------------------------------
    @cached_property
    def zone(self) -> list[int]:
        """Indices of the outcomes every party prefers to no deal (gain >= 0)."""
        cols = [self.values[p] for p in self.party_ids]
        res = self.reservations
        if len(cols) == 2:
            a, b = cols
            ra, rb = res
            return [i for i in range(self.count) if a[i] >= ra and b[i] >= rb]
        return [
            i
            for i in range(self.count)
            if all(col[i] >= r for col, r in zip(cols, res, strict=True))
        ]

    @property
    def zone_size(self) -> int:
        return len(self.zone)

    @cached_property
    def frontier(self) -> list[int]:
        """Indices of the Pareto-undominated outcomes, sorted by the first party's value."""
        cols = [self.values[p] for p in self.party_ids]
        if len(cols) == 2:
            return _frontier_2d(*cols)
        return _frontier_nd(cols)

    @cached_property
    def _frontier_set(self) -> frozenset[int]:
        return frozenset(self.frontier)

    def on_frontier(self, outcome: Outcome | int) -> bool:
        return self._idx(outcome) in self._frontier_set

    @cached_property
    def efficient_agreements(self) -> list[int]:
        """Frontier outcomes inside the agreement zone."""
        return [i for i in self.frontier if self.in_zone(i)]

    def dominated_by(self, outcome: Outcome | int) -> list[int]:
        """Frontier outcomes at least as good for every party as ``outcome`` (itself if on it)."""
        p = self.point(self._idx(outcome))
        return [
            f for f in self.frontier if all(x >= y for x, y in zip(self.point(f), p, strict=True))
        ]

    def frontier_distance(self, outcome: Outcome | int) -> float:
        """How far both sides could still gain together: the distance, in points,
        to the nearest frontier outcome that is at least as good for everyone (0 on it)."""
        p = self.point(self._idx(outcome))
        return round(min(math.dist(self.point(f), p) for f in self.dominated_by(outcome)), _DIGITS)

    def frontier_steps(self, outcome: Outcome | int) -> int:
        """The fewest issues to change to reach a frontier outcome at least as good for all."""
        own = self.outcome(self._idx(outcome))
        return min(
            sum(1 for x, y in zip(self.outcome(f), own, strict=True) if x != y)
            for f in self.dominated_by(outcome)
        )

    # -- fair points -------------------------------------------------------------------
    @cached_property
    def nash(self) -> int | None:
        """The zone outcome with the largest product of gains (ties: larger joint gain, then
        the earlier outcome). ``None`` when the zone is empty."""
        # A dominated outcome always loses to the one dominating it (equal or larger
        # product, larger joint gain), so only efficient agreements need checking.
        cols, res = self._cols, self.reservations
        best, best_key = None, None
        for i in sorted(self.efficient_agreements):
            gains = [col[i] - r for col, r in zip(cols, res, strict=True)]
            key = (round(math.prod(gains), _DIGITS - 3), round(sum(gains), _DIGITS))
            if best_key is None or key > best_key:
                best, best_key = i, key
        return best

    @cached_property
    def kalai_smorodinsky(self) -> int | None:
        """The zone outcome that gives every party the largest equal share of its best
        possible gain in the zone (ties: larger joint gain, then the earlier outcome)."""
        if not self.zone:
            return None
        ideal = [
            max(v[i] - r for i in self.zone)
            for v, r in zip(self._cols, self.reservations, strict=True)
        ]
        best, best_key = None, None
        for i in self.zone:
            gains = [v[i] - r for v, r in zip(self._cols, self.reservations, strict=True)]
            shares = [g / m if m > 0 else 1.0 for g, m in zip(gains, ideal, strict=True)]
            key = (round(min(shares), _DIGITS - 3), round(sum(gains), _DIGITS))
            if best_key is None or key > best_key:
                best, best_key = i, key
        return best

    @cached_property
    def _cols(self) -> list[list[float]]:
        return [self.values[p] for p in self.party_ids]

    def best_for(self, party_id: str, *, in_zone: bool = True) -> int | None:
        """The outcome ``party_id`` values most (within the zone unless told otherwise)."""
        pool = self.zone if in_zone else range(self.count)
        col = self.values[party_id]
        return max(pool, key=lambda i: (col[i], -i), default=None)


def analyse(
    scenario: Scenario, trust: Mapping[str, float] | None = None, guarantor: str | None = None
) -> Analysis:
    """Analyse ``scenario`` at the given trust levels (default: full trust).

    ``guarantor`` names one of the scenario's third parties; it restores part of
    each promise's value only if every party accepts it.
    """
    g = scenario.third_party(guarantor) if guarantor else None
    return Analysis(scenario, Credibility(trust=dict(trust or {}), guarantor=g))


def _sums(rows: list[list[float]]) -> list[float]:
    return [round(s, _DIGITS) for s in outcome_sums(rows)]


def _frontier_2d(a: list[float], b: list[float]) -> list[int]:
    # The best second value for each distinct first value, then a sweep over the distinct
    # first values from the top: a pair is undominated when its second value beats every
    # pair with a higher first value. Sums of scores take few distinct values, so this is
    # one pass over the outcomes plus a small sort.
    best: dict[float, float] = {}
    for x, y in zip(a, b, strict=True):
        if y > best.get(x, -math.inf):
            best[x] = y
    keep = set()
    running = -math.inf
    for x in sorted(best, reverse=True):
        if best[x] > running:
            keep.add((x, best[x]))
            running = best[x]
    frontier = [i for i, pair in enumerate(zip(a, b, strict=True)) if pair in keep]
    frontier.sort(key=lambda i: (a[i], -b[i], i))
    return frontier


def _frontier_nd(cols: list[list[float]]) -> list[int]:
    n = len(cols[0])
    points = [tuple(c[i] for c in cols) for i in range(n)]
    order = sorted(range(n), key=lambda i: tuple(-x for x in points[i]))
    kept: list[int] = []
    for i in order:
        p = points[i]
        dominated = False
        for j in kept:
            q = points[j]
            if q != p and all(x >= y for x, y in zip(q, p, strict=True)):
                dominated = True
                break
        if not dominated:
            kept.append(i)
    kept.sort(key=lambda i: (points[i], i))
    return kept
