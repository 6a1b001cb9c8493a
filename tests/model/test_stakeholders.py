"""The article's stakeholder groups, Lederach's levels, and the budget planner."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacekit.model.stakeholders import (
    DEFAULT_GROUPS,
    LEVELS,
    EngagementRules,
    StakeholderGroup,
    Stakeholders,
    stakeholders_of,
)
from peacekit.scenarios.scenario_file import load_builtin

SH = Stakeholders()


def test_the_default_groups_are_the_articles_groups_placed_as_in_the_chapter():
    labels = " ".join(g.label.lower() for g in DEFAULT_GROUPS)
    for words in (
        "families of fallen servicemen",
        "war veterans",
        "refugees",
        "displaced",
        "religious leaders",
        "academia",
        "journalists",
        "civil-society experts",
        "villages",
        "households",
        "farmers",
        "small businesses",
    ):
        assert words in labels
    # The chapter's arrangement: leaders and governments (the interstate path) at the top,
    # religious leaders, academia, journalists and experts in the middle range, and the
    # directly affected and the border communities at the grassroots.
    levels = {g.id: g.level for g in DEFAULT_GROUPS}
    assert {k for k, v in levels.items() if v == "middle"} == {
        "religious_leaders",
        "academia",
        "journalists_experts",
    }
    assert {k for k, v in levels.items() if v == "grassroots"} == {
        "veterans",
        "families_of_fallen",
        "displaced",
        "border_communities",
    }
    assert set(levels.values()) < set(LEVELS)
    assert all(g.reason for g in DEFAULT_GROUPS)
    assert len({g.id for g in DEFAULT_GROUPS}) == len(DEFAULT_GROUPS)


def test_each_channel_is_at_most_one_public():
    for channel in ("trust_reach", "understanding_reach"):
        assert sum(getattr(g, channel) for g in DEFAULT_GROUPS) <= 1 + 1e-12


@given(st.floats(0, 50), st.floats(0, 50))
def test_engagement_has_diminishing_returns(x, y):
    g = DEFAULT_GROUPS[0]
    lo, hi = sorted((x, y))
    assert 0 <= g.engagement(lo) <= g.engagement(hi) < 1
    assert g.engagement(g.saturation) == pytest.approx(0.5)
    assert g.engagement(0) == 0


@given(
    st.dictionaries(st.sampled_from(SH.group_ids), st.floats(0, 6), max_size=7),
    st.sampled_from(SH.group_ids),
    st.floats(0, 3),
)
def test_more_budget_for_a_group_never_lowers_engagement(alloc, gid, extra):
    more = dict(alloc)
    more[gid] = more.get(gid, 0.0) + extra
    before, after = SH.engagement(alloc), SH.engagement(more)
    assert after[0] >= before[0] - 1e-12 and after[1] >= before[1] - 1e-12
    assert all(0 <= e <= 1 for e in before)


def objective(sh, alloc, emphasis):
    e_t, e_u = sh.engagement(alloc)
    return emphasis * e_t + (1 - emphasis) * e_u


@pytest.mark.parametrize("emphasis", [0.0, 0.5, 1.0])
def test_the_planner_finds_the_best_allocation_on_its_grid(emphasis):
    """Checked against every way of spending 3 units in half units over the 7 groups."""
    sh = Stakeholders(rules=EngagementRules(budget=3))
    plan = sh.plan(emphasis=emphasis)
    assert sum(plan.values()) == pytest.approx(3)
    best = 0.0
    halves = 6
    for cut in itertools.combinations(range(halves + len(sh.groups) - 1), len(sh.groups) - 1):
        bounds = (-1, *cut, halves + len(sh.groups) - 1)
        counts = [bounds[k + 1] - bounds[k] - 1 for k in range(len(sh.groups))]
        alloc = {g.id: 0.5 * c for g, c in zip(sh.groups, counts, strict=True)}
        best = max(best, objective(sh, alloc, emphasis))
    assert objective(sh, plan, emphasis) == pytest.approx(best)


def test_emphasis_moves_the_budget_between_the_channels():
    on_trust = SH.engagement(SH.plan(emphasis=1.0))
    on_understanding = SH.engagement(SH.plan(emphasis=0.0))
    assert on_trust[0] > on_understanding[0]
    assert on_understanding[1] > on_trust[1]


def test_the_even_plan_and_level_shares():
    even = SH.even()
    assert sum(even.values()) == pytest.approx(SH.rules.budget)
    shares = SH.level_shares(even)
    assert sum(shares.values()) == pytest.approx(1)
    counts = {level: len(groups) for level, groups in SH.by_level().items()}
    for level, share in shares.items():
        assert share == pytest.approx(counts[level] / len(DEFAULT_GROUPS))
    assert SH.level_shares({}) == dict.fromkeys(LEVELS, 0.0)


@pytest.mark.parametrize(
    ("allocation", "message"),
    [
        ({"clergy": 1}, "'clergy' is not a stakeholder group; expected one of: religious_leaders"),
        ({"academia": -1}, "the budget for 'academia' must be a number of 0 or more"),
        ({"academia": True}, "the budget for 'academia' must be a number of 0 or more"),
        ({"academia": 4, "veterans": 3}, "the allocation spends 7 units; the budget is 6"),
    ],
)
def test_bad_allocations_get_one_line_messages(allocation, message):
    with pytest.raises(ValueError, match=message):
        SH.check_allocation(allocation)


def test_planner_arguments_are_checked():
    with pytest.raises(ValueError, match="emphasis must be from 0"):
        SH.plan(emphasis=2)
    with pytest.raises(ValueError, match="budget must be from 0 to 6"):
        SH.plan(budget=7)


def test_groups_and_rules_refuse_values_out_of_range():
    with pytest.raises(ValueError, match="level of 'x' must be one of: top, middle, grassroots"):
        StakeholderGroup("x", "X", "national")
    with pytest.raises(ValueError, match="saturation must be between"):
        StakeholderGroup("x", "X", "top", saturation=0)
    with pytest.raises(ValueError, match=r"carry must be between 0 and 0\.8"):
        EngagementRules(carry=0.9)


def test_built_in_scenarios_use_the_articles_groups():
    assert stakeholders_of(load_builtin("december-2023")) == Stakeholders()
    with pytest.raises(KeyError, match="no stakeholder group 'clergy'"):
        SH.group("clergy")
