"""Exact analysis of a scenario: the agreement zone, the frontier and fair points.

Everything here is exhaustive over every possible package (one option per
issue), which is what makes it teachable: a student can check any claim by
listing outcomes. The scenario format caps the number of outcomes
(:func:`peacekit.model.scenario.max_outcomes`, lower for many parties) and the
frontier is found by a sweep (:mod:`peacekit.model.frontier`), so that this stays fast
for any number of parties.

Definitions used throughout the course (and shown in the book):

* a party's **gain** from an outcome is its value minus its reservation value
  (the value of its best alternative to a negotiated agreement, BATNA);
* the **agreement zone** holds the outcomes with a gain of at least zero for
  every party;
* the **Pareto frontier** holds the outcomes that no other outcome beats for one
  party without being worse for another (over all outcomes: an undominated
  outcome in the zone is always on it); outcomes with the same values for every
  party are all on it or all off it;
* the **Nash bargaining solution** maximises the product of gains in the zone
  (Nash 1950); **Kalai–Smorodinsky** maximises the smallest share of each
  party's best possible gain in the zone (Kalai and Smorodinsky 1975). Several
  packages can share the largest product (or share): each is listed
  (:attr:`Analysis.nash_ties`), and the one named first has the larger joint
  gain, then comes first in the order of outcomes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property

from .credibility import Credibility, option_values, outcome_sums
from .frontier import pareto_frontier
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
        return self._clearing(range(self.count), self.reservations)

    def _clearing(self, indices, floors) -> list[int]:
        """The ``indices`` whose value for every party is at least its floor, in order."""
        kept = list(indices)
        for col, floor in zip(self._cols, floors, strict=True):
            kept = [i for i in kept if col[i] >= floor]
        return kept

    @property
    def zone_size(self) -> int:
        return len(self.zone)

    @cached_property
    def frontier(self) -> list[int]:
        """Indices of the Pareto-undominated outcomes, sorted by their values (the first
        party's, then the next party's …), then by index. Equal outcomes are all kept."""
        return pareto_frontier(self._cols)

    @cached_property
    def _frontier_set(self) -> frozenset[int]:
        return frozenset(self.frontier)

    def on_frontier(self, outcome: Outcome | int) -> bool:
        return self._idx(outcome) in self._frontier_set

    @cached_property
    def efficient_agreements(self) -> list[int]:
        """Frontier outcomes inside the agreement zone (in the frontier's order)."""
        return self._clearing(self.frontier, self.reservations)

    def dominated_by(self, outcome: Outcome | int) -> list[int]:
        """Frontier outcomes at least as good for every party as ``outcome`` (itself if on it)."""
        return self._clearing(self.frontier, self.point(self._idx(outcome)))

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
    # Both fair points are searched among the efficient agreements only: a package that
    # another one beats for someone and matches for everyone has no larger product of
    # gains and no larger smallest share, and always a smaller joint gain.
    @property
    def nash(self) -> int | None:
        """The zone outcome with the largest product of gains (ties: larger joint gain, then
        the earlier outcome). ``None`` when the zone is empty."""
        return self.nash_ties[0] if self.nash_ties else None

    @cached_property
    def nash_ties(self) -> list[int]:
        """Every efficient agreement with the largest product of gains: the Nash point
        first, then the others it was preferred to (larger joint gain, then earlier)."""
        return self._best_by(lambda columns: list(map(math.prod, zip(*columns, strict=True))))

    @property
    def kalai_smorodinsky(self) -> int | None:
        """The zone outcome that gives every party the largest equal share of its best
        possible gain in the zone (ties: larger joint gain, then the earlier outcome)."""
        ties = self.kalai_smorodinsky_ties
        return ties[0] if ties else None

    @cached_property
    def kalai_smorodinsky_ties(self) -> list[int]:
        """Every efficient agreement with the largest smallest share of each party's best
        possible gain, in the same order as :attr:`nash_ties`."""

        def smallest_shares(columns):
            shares = []
            for column in columns:
                best = max(column)  # the party's best gain in the zone (on the frontier)
                shares.append([g / best for g in column] if best > 0 else [1.0] * len(column))
            return list(map(min, zip(*shares, strict=True)))

        return self._best_by(smallest_shares)

    def _best_by(self, measure) -> list[int]:
        """The efficient agreements with the largest ``measure`` (computed from one column of
        gains per party, rounded so that float noise cannot break a tie), ordered by joint
        gain, then index."""
        candidates = self.efficient_agreements
        if not candidates:
            return []
        columns = [
            [col[i] - r for i in candidates]
            for col, r in zip(self._cols, self.reservations, strict=True)
        ]
        scores = measure(columns)
        # Rounding is monotone, so the largest rounded score is the rounded largest one,
        # and only scores within rounding distance of it need rounding.
        top = max(scores)
        best = round(top, _DIGITS - 3)
        near = [k for k, score in enumerate(scores) if score >= top - 10 ** (3 - _DIGITS)]
        tied = [
            (-round(sum(column[k] for column in columns), _DIGITS), candidates[k])
            for k in near
            if round(scores[k], _DIGITS - 3) == best
        ]
        return [i for _key, i in sorted(tied)]

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
