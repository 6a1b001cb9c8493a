"""Property-based tests of the negotiation model on random scenarios (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from peacekit.model.analysis import analyse
from peacekit.model.bargaining import OFFER, Negotiation, play_out
from peacekit.model.counterparts import tactics
from peacekit.model.credibility import Credibility, ZoneByTrust

from .scenario_strategies import scenarios, trust_levels

PARTIES = ("p0", "p1")


def dominates(q, p):
    return all(x >= y for x, y in zip(q, p, strict=True)) and q != p


@settings(max_examples=150, deadline=None)
@given(scenarios(parties=2) | scenarios(parties=3, max_issues=3, max_options=3))
def test_frontier_is_exactly_the_undominated_outcomes(s):
    a = analyse(s)
    points = [a.point(i) for i in range(a.count)]
    frontier = set(a.frontier)
    for i in frontier:
        assert not any(dominates(q, points[i]) for q in points)
    zone = set(a.zone)
    for i in range(a.count):
        undominated = not any(dominates(q, points[i]) for q in points)
        assert (i in frontier) == undominated
        if i in zone and undominated:
            assert i in frontier


@settings(max_examples=150, deadline=None)
@given(scenarios(), trust_levels, trust_levels)
def test_nash_point_maximises_the_product_of_gains_in_the_zone(s, t0, t1):
    a = analyse(s, {"p0": t0, "p1": t1})
    if not a.zone:
        assert a.nash is None
        return
    assert a.nash in a.zone

    def product(i):
        return math.prod(a.gains(i).values())

    assert product(a.nash) >= max(product(i) for i in a.zone) - 1e-6


@settings(max_examples=150, deadline=None)
@given(
    scenarios(with_guarantor=True),
    trust_levels,
    trust_levels,
    trust_levels,
    trust_levels,
    st.booleans(),
)
def test_lowering_trust_never_enlarges_the_agreement_zone(s, a0, a1, b0, b1, guaranteed):
    low = {"p0": min(a0, b0), "p1": min(a1, b1)}
    high = {"p0": max(a0, b0), "p1": max(a1, b1)}
    g = "g" if guaranteed else None
    assert set(analyse(s, low, g).zone) <= set(analyse(s, high, g).zone)


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_full_trust_equals_the_plain_scoring_tables(s):
    a = analyse(s, {"p0": 1.0, "p1": 1.0})
    for i in range(a.count):
        o = a.outcome(i)
        for p in PARTIES:
            assert math.isclose(a.utility(p, o), s.points(p, o), abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(scenarios(with_guarantor=True), trust_levels, trust_levels)
def test_zone_index_matches_the_exhaustive_analysis(s, t0, t1):
    trust = {"p0": t0, "p1": t1}
    a = analyse(s, trust, "g")
    cred = Credibility(trust, s.third_parties[0])
    c = {p: cred.of(p, s.party_ids) for p in PARTIES}
    index = ZoneByTrust(s)
    assert index.size(c) == a.zone_size
    assert index.is_open(c) == (a.zone_size > 0)


@settings(max_examples=80, deadline=None)
@given(
    scenarios(),
    st.sampled_from(sorted(tactics())),
    st.sampled_from(sorted(tactics())),
    st.integers(1, 12),
    st.integers(0, 2**16),
    trust_levels,
)
def test_counterparts_never_go_below_their_reservation_value(s, mine, theirs, deadline, seed, t):
    n = Negotiation(
        s, player="p0", counterpart=theirs, deadline=deadline, seed=seed, trust={"p0": t, "p1": t}
    )
    debrief = play_out(n, mine)
    r1 = s.party("p1").reservation
    for move in n.history:
        if move.party == "p1" and move.outcome is not None:
            assert move.values["p1"] >= r1 - 1e-9
    if debrief.agreement is not None:
        assert debrief.values["p1"] >= r1 - 1e-9
        assert debrief.values["p0"] >= s.party("p0").reservation - 1e-9
    assert debrief.rounds_used <= deadline


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.sampled_from(sorted(tactics())), st.integers(0, 1000))
def test_the_same_seed_gives_the_same_transcript(s, theirs, seed):
    def run():
        n = Negotiation(s, player="p1", counterpart=theirs, deadline=6, seed=seed)
        play_out(n, "linear")
        return n.transcript()

    first = run()
    assert first == run()
    assert all(m["action"] != OFFER or m["outcome"] for m in first["moves"])
