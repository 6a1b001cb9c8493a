"""The frontier, the zone and the fair points for any number of parties, against brute force.

The analysis uses a sweep with a dominance structure (``peacekit.model.frontier``);
these tests recompute every answer from the definitions alone, outcome by outcome,
on small random scenarios with narrow point ranges, so that ties and equal outcomes
are common.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacekit.model.analysis import analyse
from peacekit.model.frontier import maximal_points, pareto_frontier
from peacekit.scenarios.scenario_file import load_scenario

from .scenario_strategies import scenarios

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def beats(q, p) -> bool:
    """q is at least as good as p for everyone and is not the same point."""
    return q != p and all(x >= y for x, y in zip(q, p, strict=True))


def brute_frontier(points) -> list[int]:
    undominated = [i for i, p in enumerate(points) if not any(beats(q, p) for q in points)]
    return sorted(undominated, key=lambda i: (points[i], i))


def brute_ties(a, measure) -> list[int]:
    """The old definition, from the zone: the largest rounded measure, then the larger
    joint gain, then the earlier outcome; the ties are the efficient ones with that measure."""
    zone = [i for i in range(a.count) if all(g >= 0 for g in a.gains(i).values())]
    if not zone:
        return []
    res = a.reservations
    gains = {i: [x - r for x, r in zip(a.point(i), res, strict=True)] for i in zone}
    ideal = [max(gains[i][k] for i in zone) for k in range(len(res))]
    score = {i: round(measure(gains[i], ideal), 6) for i in zone}
    best = max(score.values())
    points = [a.point(i) for i in range(a.count)]
    efficient = [i for i in zone if not any(beats(q, points[i]) for q in points)]
    tied = [i for i in efficient if score[i] == best]
    return sorted(tied, key=lambda i: (-round(sum(gains[i]), 9), i))


def product(gains, _ideal):
    return math.prod(gains)


def smallest_share(gains, ideal):
    return min(g / m if m > 0 else 1.0 for g, m in zip(gains, ideal, strict=True))


small = {"points": st.integers(0, 4), "reservations": st.integers(0, 8)}
many_parties = (
    scenarios(parties=3, max_issues=4, max_options=3, **small)
    | scenarios(parties=4, max_issues=3, max_options=3, **small)
    | scenarios(parties=3, max_issues=3, max_options=4)
    | scenarios(parties=2, max_issues=3, max_options=4, **small)
)
trust = st.sampled_from([0.0, 0.5, 1.0])


@settings(max_examples=200, deadline=None)
@given(many_parties, trust)
def test_frontier_zone_and_fair_points_match_brute_force(s, t):
    a = analyse(s, {p: t for p in s.party_ids})
    points = [a.point(i) for i in range(a.count)]
    assert a.frontier == brute_frontier(points)
    zone = [
        i
        for i in range(a.count)
        if all(x >= r for x, r in zip(points[i], a.reservations, strict=True))
    ]
    assert a.zone == zone
    assert a.efficient_agreements == [i for i in a.frontier if i in set(zone)]
    assert a.nash_ties == brute_ties(a, product)
    assert a.kalai_smorodinsky_ties == brute_ties(a, smallest_share)
    assert a.nash == (a.nash_ties[0] if zone else None)
    assert a.kalai_smorodinsky == (a.kalai_smorodinsky_ties[0] if zone else None)
    for i in range(a.count):
        assert a.dominated_by(i) == [
            f for f in a.frontier if all(x >= y for x, y in zip(points[f], points[i], strict=True))
        ]


@settings(max_examples=100, deadline=None)
@given(many_parties)
def test_the_nash_point_is_the_old_single_answer(s):
    """Before ties were listed, the Nash point was the first zone outcome (by index) with
    the largest (rounded product, rounded joint gain): the same package is still named."""
    a = analyse(s)
    best, best_key = None, None
    for i in range(a.count):
        gains = list(a.gains(i).values())
        if min(gains) < 0:
            continue
        key = (round(math.prod(gains), 6), round(sum(gains), 9))
        if best_key is None or key > best_key:
            best, best_key = i, key
    assert a.nash == best


@pytest.mark.parametrize("dims", [1, 2, 3, 4, 5])
def test_maximal_points_of_random_clouds_with_many_ties(dims):
    rng = random.Random(dims)
    for _ in range(300):
        n = rng.randint(1, 40)
        cols = [[float(rng.randint(0, 3)) for _ in range(n)] for _ in range(dims)]
        points = list(zip(*cols, strict=True))
        assert pareto_frontier(cols) == brute_frontier(points)
        assert sorted(maximal_points(points)) == sorted({points[i] for i in brute_frontier(points)})


def test_equal_outcomes_are_all_on_the_frontier_or_all_off():
    cols = [[1.0, 2.0, 2.0, 0.0], [2.0, 1.0, 1.0, 0.0], [0.0, 5.0, 5.0, 0.0]]
    assert pareto_frontier(cols) == [0, 1, 2]
    cols = [[1.0, 1.0, 2.0], [1.0, 1.0, 2.0], [1.0, 1.0, 2.0]]
    assert pareto_frontier(cols) == [2]


def test_three_tied_nash_packages_are_all_listed():
    """three-way-tie: 2·8 = 4·4 = 8·2 = 16 for a and b, and c gains 1 in each."""
    a = analyse(load_scenario(FIXTURES / "three-way-tie.yaml"))
    # Joint gains 11, 9 and 11: the two elevens first (earlier outcome first), then the 9.
    assert [a.outcome(i) for i in a.nash_ties] == [("o1",), ("o3",), ("o2",)]
    assert a.outcome(a.nash) == ("o1",)
    # Shares of the best gains (8, 8, 1): 0.25, 0.5 and 0.25: only o2 is the K-S point.
    assert [a.outcome(i) for i in a.kalai_smorodinsky_ties] == [("o2",)]
