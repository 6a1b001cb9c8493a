"""Societal engagement over time, and the comparison of the interstate and societal paths."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacekit.model.societal_engagement import (
    compare_paths,
    engage,
    peace_path,
    plan_for,
    planned,
    start_states,
    steady_steps,
    step_public,
)
from peacekit.model.stakeholders import EngagementRules, stakeholders_of
from peacekit.model.two_level import PublicProfile, PublicState, publics_of, two_level
from peacekit.scenarios.scenario_file import load_builtin

DEC = load_builtin("december-2023")
TREATY = load_builtin("comprehensive-treaty")
RULES = EngagementRules()
GROUPS = stakeholders_of(DEC).group_ids


def test_one_round_follows_the_equations():
    prof = PublicProfile(trust=0.3, ceiling=0.4)
    s = PublicState(0.3, 0.2, 0.5)
    new = step_public(s, prof, RULES, evidence=0.05, engagement=(0.5, 0.4))
    ceiling = 0.5 + 1.0 * 0.05 - 0.05 * (0.5 - 0.4)
    assert new.ceiling == pytest.approx(ceiling)
    assert new.trust == pytest.approx(0.3 + (0.02 + 0.3 * 0.5) * (ceiling - 0.3))
    assert new.understanding == pytest.approx(0.2 + 0.3 * 0.4 * 0.8 - 0.05 * 0.2)
    # Trust above the ceiling fades back towards it; a spoiler hits what understanding leaves.
    high = step_public(PublicState(0.7, 0.5, 0.4), prof, RULES, spoiler=True)
    chi = 0.5 - 0.05 * 0.5
    assert high.trust == pytest.approx(0.7 - 0.2 * (0.7 - 0.4) - 0.1 * (1 - chi))
    # After a treaty, the steps keep their value.
    kept = step_public(PublicState(0.3, 0, 0.8), prof, RULES, treaty=True)
    assert kept.ceiling == pytest.approx(0.8)


# Two of these together stay within the budget of 6 units.
allocations = st.dictionaries(st.sampled_from(GROUPS), st.floats(0, 0.42), max_size=7)


@settings(max_examples=40, deadline=None)
@given(allocations, allocations, st.integers(0, 10_000))
def test_more_engagement_never_narrows_a_win_set(low, extra, seed):
    """Engagement only ever adds: every update is non-decreasing in engagement and in the
    state before it, so a plan that spends at least as much on every group leaves each
    public at least as trusting and understanding, and its win-set at least as wide."""
    high = {g: low.get(g, 0) + extra.get(g, 0) for g in set(low) | set(extra)}
    run_low = peace_path(TREATY, ("grit", "tit_for_tat"), low, seed=seed, rounds=12)
    run_high = peace_path(TREATY, ("grit", "tit_for_tat"), high, seed=seed, rounds=12)
    model = two_level(TREATY)
    for a, b in zip(run_low.rounds, run_high.rounds, strict=True):
        for p in TREATY.party_ids:
            assert b.states[p].trust >= a.states[p].trust - 1e-12
            assert b.states[p].understanding >= a.states[p].understanding - 1e-12
            assert set(model.win_set(p, a.states[p])) <= set(model.win_set(p, b.states[p]))
    first_low, first_high = run_low.first_ratified, run_high.first_ratified
    assert first_low is None or (first_high is not None and first_high <= first_low)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0, 0.2), min_size=10, max_size=10),
    st.lists(st.floats(0, 0.1), min_size=10, max_size=10),
)
def test_more_tangible_steps_never_lower_public_trust(steps, more):
    few = [{"am": u, "az": u} for u in steps]
    many = [{"am": u + v, "az": u + v} for u, v in zip(steps, more, strict=True)]
    plan = planned(DEC)
    a = engage(DEC, plan, rounds=10, evidence=few)
    b = engage(DEC, plan, rounds=10, evidence=many)
    for x, y in zip(a.rounds, b.rounds, strict=True):
        for p in DEC.party_ids:
            assert y.states[p].trust >= x.states[p].trust - 1e-12
            assert y.states[p].ceiling >= x.states[p].ceiling - 1e-12


@pytest.mark.parametrize("emphasis", [0.0, 0.5, 1.0])
def test_engagement_without_steps_has_nothing_to_build_on(emphasis):
    """With no tangible step, public trust never rises above where the ceiling starts,
    however the budget is spent, so the treaty never enters both win-sets."""
    run = engage(TREATY, planned(TREATY, emphasis), rounds=40)
    model = two_level(TREATY)
    for p in TREATY.party_ids:
        prof = publics_of(TREATY).profile(p)
        assert max(run.series(p, "trust")) <= max(prof.ceiling, prof.trust) + 1e-12
    assert all(
        not set(model.win_set("am", rec.states["am"])) & set(model.win_set("az", rec.states["az"]))
        for rec in run.rounds
    )


def test_steps_reach_the_public_slowly_without_engagement():
    """Without engagement, trust closes only the diffusion share of its gap each round."""
    run = engage(TREATY, None, rounds=30, evidence=steady_steps(TREATY, 30, gain=0.15))
    for p in TREATY.party_ids:
        trust, ceiling = run.series(p, "trust"), run.series(p, "ceiling")
        for r in range(1, 31):
            assert trust[r] - trust[r - 1] <= RULES.diffusion * (ceiling[r] - trust[r - 1]) + 1e-12
        assert ceiling[-1] == 1.0
        assert trust[-1] < 0.75


def test_steps_lose_value_while_no_treaty_follows():
    # Ten rounds of steps, then none: the ceiling they built decays towards where it began.
    evidence = steady_steps(DEC, 10) + [{} for _ in range(20)]
    run = engage(DEC, None, rounds=30, evidence=evidence, credibility={"am": 0.0, "az": 0.0})
    ceiling = run.series("am", "ceiling")
    assert ceiling[10] > ceiling[11] > ceiling[30] > publics_of(DEC).profile("am").ceiling
    assert not any(rec.treaty for rec in run.rounds)


def test_the_same_seed_gives_the_same_path():
    a = peace_path(TREATY, ("grit", "grit"), planned(TREATY), seed=5)
    b = peace_path(TREATY, ("grit", "grit"), planned(TREATY), seed=5)
    assert [r.states for r in a.rounds] == [r.states for r in b.rounds]
    assert a.first_ratified == b.first_ratified


def test_a_treaty_is_ratified_exactly_when_a_package_passes_all_four():
    run = peace_path(TREATY, ("grit", "grit"), planned(TREATY), seed=1)
    model = two_level(TREATY)
    assert run.first_ratified is not None
    for rec in run.rounds:
        found = model.ratifiable(rec.states, rec.credibility)
        assert rec.ratifiable == len(found)
        assert rec.win_set_sizes == {p: len(model.win_set(p, rec.states[p])) for p in rec.states}
    first = next(r.round for r in run.rounds if r.ratifiable)
    assert run.first_ratified == first
    assert run.signed_not_ratified == [
        r.round for r in run.rounds if r.zone_open and r.round < first
    ]


@pytest.mark.parametrize("block", [range(0, 40), range(40, 80)])
def test_the_two_paths_together_beat_either_alone(block):
    """The article's claim, computed from the mechanics: steps alone raise the ceiling of
    what the publics could accept but reach them only by slow diffusion; engagement alone
    carries the publics to a ceiling that no step has raised. Only in parallel do the
    publics' win-sets reach the treaty the delegations could sign."""
    paths = compare_paths(TREATY, seeds=block)
    both = paths["both"].ratified_share
    assert both > paths["interstate"].ratified_share + 0.5
    assert both > paths["societal"].ratified_share + 0.5
    assert both >= paths["neither"].ratified_share
    # The interstate path alone gets governments to a deal their publics reject.
    assert paths["interstate"].zone_opened_share > 0.5
    assert paths["interstate"].signed_not_ratified_share > 0.5
    trust = paths["interstate"].mean_final_public_trust()
    assert all(t < paths["both"].mean_final_public_trust()[p] for p, t in trust.items())


def test_the_verdict_comes_from_the_parameters_not_from_the_code():
    """Let news of steps reach the public as fast as engagement would (diffusion 0.2)
    and the interstate path alone ratifies too: the comparison above is a consequence
    of the documented mechanism, which a student can change."""
    fast_news = EngagementRules(diffusion=0.2)
    paths = compare_paths(TREATY, seeds=range(30), rules=fast_news)
    assert paths["interstate"].ratified_share > 0.5


def test_plans_can_be_mirrored_or_given_per_side():
    mirrored = plan_for(DEC, {"academia": 2})
    assert mirrored == {"am": {"academia": 2.0}, "az": {"academia": 2.0}}
    per_side = plan_for(DEC, {"am": {"academia": 2}, "az": {}})
    assert per_side == {"am": {"academia": 2.0}, "az": {}}
    assert plan_for(DEC, None) == {"am": {}, "az": {}}
    with pytest.raises(ValueError, match="the allocation spends 8 units; the budget is 6"):
        plan_for(DEC, {"academia": 8})


def test_engage_checks_the_length_of_its_inputs():
    with pytest.raises(ValueError, match="evidence covers 2 rounds; expected at least 5"):
        engage(DEC, None, rounds=5, evidence=steady_steps(DEC, 2))


def test_engaging_both_publics_lets_the_december_package_pass():
    """At the start no package the delegations would sign passes both publics; a few
    rounds of engagement and small steps open some."""
    model = two_level(DEC)
    start = start_states(DEC)
    assert model.ratifiable(start, {"am": 0.3, "az": 0.3}) == []
    run = engage(DEC, planned(DEC), rounds=10, evidence=steady_steps(DEC, 10))
    assert run.first_ratified is not None
    assert run.rounds[-1].ratifiable > 0
