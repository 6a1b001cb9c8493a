"""Exact analysis, checked against values worked out by hand on small scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacekit.model.analysis import analyse
from peacekit.model.credibility import ZoneByTrust
from peacekit.scenarios.scenario_file import check_scenario, load_builtin, load_scenario

RIVER = Path(__file__).parents[1] / "scenarios" / "good" / "river.yaml"

# The river scenario by hand (up, down), reservations 10 and 10:
#   low/none (30, 0)   low/promise (28, 8)   mid/none (15, 15)
#   mid/promise (13, 23)   high/none (0, 30)   high/promise (-2, 38)
# The promise to share data is made by 'up', so only 'down' discounts its +8.


@pytest.fixture(scope="module")
def river():
    return load_scenario(RIVER)


def test_values_at_full_trust_equal_the_scoring_table(river):
    a = analyse(river)
    assert a.utilities(("low", "promise")) == {"up": 28.0, "down": 8.0}
    assert a.utilities(("high", "promise")) == {"up": -2.0, "down": 38.0}
    for i in range(a.count):
        o = a.outcome(i)
        assert a.utilities(o) == {p: river.points(p, o) for p in river.party_ids}


def test_agreement_zone_frontier_and_fair_points(river):
    a = analyse(river)
    assert sorted(a.outcome(i) for i in a.zone) == [("mid", "none"), ("mid", "promise")]
    # Every outcome here trades one side's points for the other's: all six are efficient.
    assert len(a.frontier) == 6
    # Nash: (15-10)(15-10) = 25 < (13-10)(23-10) = 39.
    assert a.outcome(a.nash) == ("mid", "promise")
    # Kalai–Smorodinsky: best gains in the zone are 5 (up) and 13 (down);
    # shares are min(5/5, 5/13) = 0.38 for mid/none and min(3/5, 13/13) = 0.6 for mid/promise.
    assert a.outcome(a.kalai_smorodinsky) == ("mid", "promise")
    assert a.gains(("mid", "promise")) == {"up": 3.0, "down": 13.0}
    assert a.joint_gain(("mid", "promise")) == 16.0
    assert a.gain_gap(("mid", "promise")) == 10.0
    assert a.rejecters(("low", "none")) == ["down"]


def test_distrust_discounts_only_the_other_sides_promises(river):
    a = analyse(river, trust={"up": 0.0, "down": 0.0})
    # 'up' made the promise, so its own value is unchanged; 'down' counts 0 of the +8.
    assert a.utilities(("mid", "promise")) == {"up": 13.0, "down": 15.0}
    # mid/none (15, 15) now dominates mid/promise (13, 15): off the frontier, one step away.
    assert not a.on_frontier(("mid", "promise"))
    assert a.frontier_steps(("mid", "promise")) == 1
    assert a.frontier_distance(("mid", "promise")) == 2.0
    assert a.outcome(a.nash) == ("mid", "none")
    half = analyse(river, trust={"down": 0.5})
    assert half.utility("down", ("mid", "promise")) == 19.0


def test_a_guarantor_counts_only_if_every_party_accepts_it(river, tmp_path):
    text = RIVER.read_text() + (
        "third_parties:\n"
        "  - {id: basin, name: Basin commission, capacity: 0.5, acceptance: {up: 0.9, down: 0.9}}\n"
        "  - {id: court, name: A court, capacity: 1.0, acceptance: {up: 0.2, down: 0.9}}\n"
    )
    scenario, _ = check_scenario(tmp_path / "r.yaml", text=text)
    zero = {"up": 0.0, "down": 0.0}
    # c = 0 + (1 - 0) * 0.5 = 0.5, so down counts 4 of the promised 8.
    assert analyse(scenario, zero, "basin").utility("down", ("mid", "promise")) == 19.0
    # The court would restore everything, but 'up' rejects it: nothing is restored.
    assert analyse(scenario, zero, "court").utility("down", ("mid", "promise")) == 15.0


def test_index_and_outcome_are_inverse(river):
    a = analyse(river)
    for i in range(a.count):
        assert a.index(a.outcome(i)) == i
    assert a.index({"flow": "high", "data": "none"}) == 4
    with pytest.raises(ValueError, match="'huge' is not an option of issue 'flow'"):
        a.index(("huge", "none"))
    with pytest.raises(ValueError, match="one option for each of the 2 issues"):
        a.index(("mid",))


def test_december_2023_package_is_a_win_win_on_the_frontier():
    s = load_builtin("december-2023")
    a = analyse(s)
    ref = s.reference.outcome
    assert ref == ("r32", "r2", "withdraw_support", "support", "continue")
    assert a.in_zone(ref)
    assert a.frontier_steps(ref) <= 1
    # "Better for one side and unacceptable to the other": packages exist that beat the
    # actual one for a side while falling below the other side's reservation value.
    v = a.utilities(ref)
    for winner, loser in (("am", "az"), ("az", "am")):
        assert any(
            a.values[winner][i] > v[winner] and a.values[loser][i] < s.party(loser).reservation
            for i in range(a.count)
        )
    # The article's reading: on the servicemen Yerevan wins and Baku concedes; on COP29
    # Baku wins and Yerevan concedes.
    am, az = s.scores["am"], s.scores["az"]
    assert am["release_by_az"]["r32"] > 0 > az["release_by_az"]["r32"]
    assert az["cop29"]["withdraw_support"] > 0 > am["cop29"]["withdraw_support"]


def test_december_package_needs_some_trust_because_one_concession_is_a_promise():
    s = load_builtin("december-2023")
    ref = s.reference.outcome
    assert analyse(s, {"am": 0.0, "az": 0.0}).rejecters(ref) == ["am"]
    assert analyse(s, {"am": 0.5, "az": 0.5}).in_zone(ref)


def test_comprehensive_treaty_has_no_zone_under_low_trust_and_one_under_high_trust():
    s = load_builtin("comprehensive-treaty")
    assert analyse(s, {"am": 0.3, "az": 0.3}).zone_size == 0
    assert analyse(s, {"am": 1.0, "az": 1.0}).zone_size > 0
    opening = ZoneByTrust(s).opening_credibility()
    assert 0.3 < opening < 1.0
    # A guarantor that one side rejects cannot open it; one both accept can.
    low = {"am": 0.4, "az": 0.4}
    assert analyse(s, low, "paris").zone_size == 0
    assert analyse(s, low, "ankara").zone_size == 0
    assert analyse(s, low, "tbilisi").zone_size == 0  # accepted, but no capacity
    assert analyse(s, low, "washington").zone_size > 0


def test_zone_by_trust_agrees_with_the_full_analysis():
    s = load_builtin("comprehensive-treaty")
    index = ZoneByTrust(s)
    for t in [0.0, 0.3, 0.7, 0.72, 0.73, 0.8, 0.9, 1.0]:
        for u in [0.5, 0.75, 1.0]:
            size = analyse(s, {"am": t, "az": u}).zone_size
            assert index.size({"am": t, "az": u}) == size
            assert index.is_open({"am": t, "az": u}) == (size > 0)
