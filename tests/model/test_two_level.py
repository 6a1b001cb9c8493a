"""Two-level games: each public's acceptance, its win-set, and ratification."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacekit.model.analysis import analyse
from peacekit.model.two_level import (
    PublicProfile,
    Publics,
    PublicState,
    TwoLevel,
    publics_of,
    two_level,
)
from peacekit.scenarios.scenario_file import builtin_scenario_path, check_scenario, load_builtin

DEC = load_builtin("december-2023")
TREATY = load_builtin("comprehensive-treaty")
REF = DEC.reference.outcome  # 32 for 2, COP29 withdrawn with support, COP Bureau, further CBMs


def test_the_reference_package_draws_both_mirrored_reactions():
    """'Why 32 for 2?' in Baku and 'some secret agenda' in Yerevan: one mechanism, read
    from each side's end of the same visible count."""
    m = two_level(DEC)
    tilt = (32 - 2) / (32 + 2)
    am, az = m.verdict("am", REF), m.verdict("az", REF)
    prof_am, prof_az = publics_of(DEC).profile("am"), publics_of(DEC).profile("az")
    assert az.lopsided_against == pytest.approx(tilt) and az.lopsided_for == 0
    assert am.lopsided_for == pytest.approx(tilt) and am.lopsided_against == 0
    assert az.fairness_penalty == pytest.approx(prof_az.fairness * tilt)
    assert az.suspicion_penalty == 0
    assert am.suspicion_penalty == pytest.approx(prof_am.suspicion * (1 - prof_am.trust) * tilt)
    assert am.fairness_penalty == 0


def test_a_public_can_reject_a_package_its_delegation_gains_from():
    """For each side there is a package both delegations would sign at the starting
    trust, which that side's public would accept on its merits but rejects because of
    how the visible count looks. Computed by search, not named."""
    m = two_level(DEC)
    zone = analyse(DEC, trust={"am": 0.3, "az": 0.3})
    for party in DEC.party_ids:
        sunk = [
            i
            for i in zone.zone
            if (v := m.verdict(party, zone.outcome(i))).gain >= v.threshold and not v.ratifies
        ]
        assert sunk, party
        assert all(zone.gains(i)[party] >= 0 for i in sunk)


def mirrored_text(path) -> str:
    """The same scenario with the two parties' ids swapped everywhere."""
    text = path.read_text(encoding="utf-8")
    return re.sub(r"\b(am|az)\b", lambda m: {"am": "az", "az": "am"}[m.group(1)], text)


@pytest.mark.parametrize("name", ["december-2023", "comprehensive-treaty"])
def test_mirrored_sides_are_judged_by_the_same_mechanism(name):
    """Swap which party is which and each public's verdict moves with its side: no
    mechanism favours one public."""
    original = load_builtin(name)
    mirror, _ = check_scenario("mirror.yaml", text=mirrored_text(builtin_scenario_path(name)))
    a, b = two_level(original), TwoLevel(mirror)
    state = PublicState(trust=0.45, understanding=0.2, ceiling=0.6)
    for i in range(0, a.count, 7):
        for p, q in (("am", "az"), ("az", "am")):
            assert a.verdict(p, i, state) == replace(b.verdict(q, i, state), party=p)


def profiles_and_states():
    """A narrower and a wider public: the wider trusts and understands at least as much and
    reacts and demands no more."""
    unit = st.floats(0, 1)

    @st.composite
    def build(draw):
        lo = {k: draw(unit) for k in ("trust", "understanding", "fairness", "suspicion")}
        hi = {
            "trust": draw(st.floats(lo["trust"], 1)),
            "understanding": draw(st.floats(lo["understanding"], 1)),
            "fairness": draw(st.floats(0, lo["fairness"])),
            "suspicion": draw(st.floats(0, lo["suspicion"])),
        }
        t_narrow = draw(st.floats(-0.5, 0.5))
        t_wide = draw(st.floats(-0.5, t_narrow))
        narrow = PublicProfile(
            fairness=lo["fairness"], suspicion=lo["suspicion"], threshold=t_narrow
        )
        wide = PublicProfile(fairness=hi["fairness"], suspicion=hi["suspicion"], threshold=t_wide)
        return (
            narrow,
            wide,
            PublicState(lo["trust"], lo["understanding"], 1.0),
            PublicState(hi["trust"], hi["understanding"], 1.0),
        )

    return build()


@settings(max_examples=60, deadline=None)
@given(profiles_and_states(), st.sampled_from(["am", "az"]))
def test_a_wider_win_set_never_rejects_what_a_narrower_one_accepts(case, party):
    narrow, wide, s_narrow, s_wide = case
    publics = publics_of(DEC)

    def model(profile):
        profiles = dict(publics.profiles)
        profiles[party] = profile
        return TwoLevel(DEC, Publics(profiles, publics.visible))

    accepted_narrow = set(model(narrow).win_set(party, s_narrow))
    accepted_wide = set(model(wide).win_set(party, s_wide))
    assert accepted_narrow <= accepted_wide


def test_the_win_set_is_the_packages_the_public_ratifies():
    m = two_level(DEC)
    for party in DEC.party_ids:
        ws = set(m.win_set(party))
        assert ws == {i for i in range(m.count) if m.verdict(party, i).ratifies}
        assert 0 < len(ws) < m.count


def test_ratifiable_packages_are_in_the_zone_and_every_win_set():
    m = two_level(DEC)
    states = {p: PublicState(0.6, 0.5, 0.8) for p in DEC.party_ids}
    cred = {"am": 0.4, "az": 0.5}
    zone = set(analyse(DEC, trust=cred).zone)
    found = m.ratifiable(states, cred)
    expected = zone & set(m.win_set("am", states["am"])) & set(m.win_set("az", states["az"]))
    assert set(found) == expected and found
    for i in range(m.count):
        r = m.ratification(i, states, cred)
        assert r.ratified == (i in expected)
        assert r.signed == (i in zone)
    assert m.any_ratifiable(states, cred)
    assert m.judge(states, cred)[2] == len(expected)


def test_the_treaty_needs_public_trust_much_as_it_needs_delegation_trust():
    # No visible counts in a treaty: only trust in the other side's promises matters.
    m = two_level(TREATY)
    low = {p: PublicState(0.3, 0.0, 0.4) for p in TREATY.party_ids}
    high = {p: PublicState(0.9, 0.0, 1.0) for p in TREATY.party_ids}
    assert m.ratifiable(low) == []
    assert m.ratifiable(high)
    assert all(m.verdict("am", i).fairness_penalty == 0 for i in range(m.count))


def test_packages_can_be_named_by_tuple_mapping_or_index():
    m = two_level(DEC)
    i = m.index(REF)
    assert m.index(DEC.choices(REF)) == i == m.index(i)
    assert m.outcome(i) == REF
    assert i == analyse(DEC).index(REF)
    with pytest.raises(ValueError, match="one option for each of the 5 issues"):
        m.index(("r32",))
    with pytest.raises(ValueError, match="'r64' is not an option of issue 'release_by_az'"):
        m.index(("r64", *REF[1:]))
    with pytest.raises(ValueError, match="out of range"):
        m.index(10_000)


def test_scenarios_without_publics_get_mirrored_defaults():
    venue = load_builtin("choosing-a-venue")
    publics = publics_of(venue)
    assert publics.visible == ()
    a, b = (publics.profile(p) for p in venue.party_ids)
    assert replace(a, name="") == replace(b, name="") == PublicProfile()


def test_public_states_and_profiles_refuse_values_out_of_range():
    with pytest.raises(ValueError, match="public trust must be a number from 0 to 1"):
        PublicState(1.2, 0, 0.5)
    with pytest.raises(ValueError, match="fairness must be between 0 and 1"):
        PublicProfile(fairness=2)
