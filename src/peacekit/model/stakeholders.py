"""Who carries peace to the publics: the groups the article names, and a budget planner.

The article asks for home-grown engagement of "families of fallen servicemen,
war veterans, refugees, religious leaders", academia, journalists and
civil-society experts, and the border "communities, villages, households,
farmers, and small businesses". Lederach (1997) arranges the actors of
peacebuilding in three levels: top, middle-range and grassroots leadership.
The placement of each group below is the course's reading (the same as in the
chapter on societal engagement), not Lederach's. The top level, the leaders
and governments, is the interstate path, so no default group sits there; a
scenario file may still place its own groups at the top.

Engagement works through two channels:

* **trust** - the group carries the evidence of tangible steps to the public,
  so public trust can rise towards what the evidence supports;
* **understanding** - the group explains confidence-building and answers
  hate speech, which softens the public's reaction to lopsided-looking
  exchanges and to hostile events.

A group g given ``x_g`` units of the budget engages at ``e_g = x_g / (x_g + s_g)``
(diminishing returns; ``s_g`` is the budget at which it gives half its
effect), and a side's engagement on each channel is the reach-weighted sum
``E = sum_g w_g * e_g``, between 0 and 1 because each channel's reaches add
up to at most 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .parameters import check_values, param, parameters_of
from .scenario import Scenario

LEVELS: dict[str, str] = {
    "top": "Top leadership",
    "middle": "Middle-range leadership",
    "grassroots": "Grassroots leadership",
}
"""Lederach's three levels (Lederach 1997), in order."""


@dataclass(frozen=True)
class StakeholderGroup:
    """A group that can carry peace to its public; the numbers are teaching choices."""

    id: str
    label: str
    level: str
    trust_reach: float = param(
        0.1,
        0,
        1,
        "The share of the trust channel this group can carry at full engagement. The "
        "groups' trust reaches add up to at most 1.",
        symbol=r"w^\tau_g",
        label="reach on the trust channel",
    )
    understanding_reach: float = param(
        0.1,
        0,
        1,
        "The share of the understanding channel this group can carry at full engagement. "
        "The groups' understanding reaches add up to at most 1.",
        symbol=r"w^\chi_g",
        label="reach on the understanding channel",
    )
    saturation: float = param(
        2.0,
        0.1,
        20,
        "Budget units at which the group gives half its possible effect: small, organised "
        "groups saturate early; large, scattered ones need more.",
        symbol="s_g",
        label="half-effect budget",
    )
    reason: str = ""

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(
                f"level of '{self.id}' must be one of: {', '.join(LEVELS)}; got {self.level!r}"
            )
        check_values(self)

    def engagement(self, units: float) -> float:
        """How engaged the group is (0 to 1) when given ``units`` of the budget."""
        return units / (units + self.saturation) if units > 0 else 0.0


DEFAULT_GROUPS: tuple[StakeholderGroup, ...] = (
    StakeholderGroup(
        "religious_leaders",
        "Religious leaders",
        "middle",
        trust_reach=0.15,
        understanding_reach=0.1,
        saturation=1.0,
        reason="Few, and listened to across their communities: a small budget reaches them "
        "(low half-effect budget), and their word carries both trust and explanation.",
    ),
    StakeholderGroup(
        "academia",
        "Academia",
        "middle",
        trust_reach=0.05,
        understanding_reach=0.3,
        saturation=2.0,
        reason="The article: academia can foster 'fresh-minded younger generations' and "
        "address 'hate speech and other forms of xenophobia': mainly understanding.",
    ),
    StakeholderGroup(
        "journalists_experts",
        "Journalists and civil-society experts",
        "middle",
        trust_reach=0.05,
        understanding_reach=0.35,
        saturation=1.5,
        reason="They explain what a deal contains (why 32 servicemen for 2, what was agreed "
        "and what was not): the strongest understanding channel. Past initiatives already "
        "involved them, so they are quick to engage.",
    ),
    StakeholderGroup(
        "veterans",
        "War veterans",
        "grassroots",
        trust_reach=0.15,
        understanding_reach=0.05,
        saturation=1.5,
        reason="Directly affected by the war, organised in associations: when they accept "
        "a step, their acceptance vouches for it (trust), though they explain little.",
    ),
    StakeholderGroup(
        "families_of_fallen",
        "Families of fallen servicemen",
        "grassroots",
        trust_reach=0.2,
        understanding_reach=0.05,
        saturation=1.5,
        reason="Those who lost most: their acceptance of reconciliation carries the most "
        "moral weight on the trust channel.",
    ),
    StakeholderGroup(
        "displaced",
        "Refugees and displaced people",
        "grassroots",
        trust_reach=0.15,
        understanding_reach=0.05,
        saturation=2.0,
        reason="Directly affected on both sides; many and scattered, so a larger budget is "
        "needed to reach them.",
    ),
    StakeholderGroup(
        "border_communities",
        "Border communities (villages, households, farmers, small businesses)",
        "grassroots",
        trust_reach=0.25,
        understanding_reach=0.1,
        saturation=3.0,
        reason="The article: peace needs them to have 'confidence, trust, communication, and "
        "trade' along the border. They see tangible steps first-hand, but are many and "
        "spread along the border (the largest half-effect budget).",
    ),
)
"""The article's groups, middle range then grassroots, placed as in the chapter on societal
engagement. Lederach's top level, the leaders and their governments, is the
interstate path: the delegations of :mod:`peacekit.model.trust_ladder`. Each channel's
reaches add up to 1."""


@dataclass(frozen=True)
class EngagementRules:
    """The parameters of the societal-engagement dynamics."""

    budget: float = param(
        6,
        0,
        40,
        "Engagement units per side per round, an abstract unit (a funded dialogue "
        "programme, a series of exchanges). 6 reaches every group a little or a few groups "
        "well, so choices matter.",
        symbol="B",
        label="engagement budget per side per round",
    )
    diffusion: float = param(
        0.02,
        0,
        0.2,
        "Without engagement a little news of tangible steps still reaches the public, "
        "slowly: the article finds societies 'unaware of the significance of "
        "confidence-building' after decades of state-centric approaches.",
        symbol=r"\rho_0",
        label="trust carried without engagement",
    )
    carry: float = param(
        0.3,
        0,
        0.8,
        "At full engagement, public trust closes 30% of its gap to the ceiling each round.",
        symbol=r"\rho",
        label="trust carried by full engagement",
    )
    fade: float = param(
        0.2,
        0,
        1,
        "Trust that runs ahead of the evidence (the ceiling) falls back towards it: "
        "engagement without tangible steps has nothing to build on.",
        symbol=r"\varphi",
        label="fading of trust above the ceiling",
    )
    evidence: float = param(
        1.0,
        0,
        3,
        "How far a tangible step by the other side raises a public's ceiling, per unit of "
        "trust it earned the delegation: 1 means the public could come to trust as much as "
        "the delegation learned.",
        symbol=r"\kappa",
        label="ceiling raised by tangible steps",
    )
    cbm_decay: float = param(
        0.05,
        0,
        0.5,
        "The article: 'if signing the peace treaty does not follow the confidence-building "
        "measures, then the latter lose their value in the eyes of the public'. Until a "
        "treaty is ratified, the part of the ceiling built by steps loses 5% a round.",
        symbol=r"\delta",
        label="loss of value of steps with no treaty",
    )
    learning: float = param(
        0.3,
        0,
        0.8,
        "At full engagement, understanding closes 30% of its gap to full each round.",
        symbol=r"\eta",
        label="understanding built by full engagement",
    )
    forgetting: float = param(
        0.05,
        0,
        0.2,
        "Understanding not renewed by engagement fades by 5% a round.",
        symbol=r"\varepsilon",
        label="fading of understanding",
    )
    hostility: float = param(
        0.1,
        0,
        0.5,
        "A spoiler event costs public trust more than it costs the delegations (0.08): "
        "'hostile acts and speeches sometimes resonate better with the respective "
        "publics'. Understanding shields against it.",
        symbol=r"\psi",
        label="public trust lost in a spoiler event",
    )

    def __post_init__(self):
        check_values(self)


@dataclass(frozen=True)
class Stakeholders:
    """A scenario's ``stakeholders`` section: the groups and the engagement rules."""

    groups: tuple[StakeholderGroup, ...] = DEFAULT_GROUPS
    rules: EngagementRules = EngagementRules()

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.groups)

    def group(self, group_id: str) -> StakeholderGroup:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(
            f"no stakeholder group '{group_id}'; expected one of: " + ", ".join(self.group_ids)
        )

    def by_level(self) -> dict[str, list[StakeholderGroup]]:
        return {level: [g for g in self.groups if g.level == level] for level in LEVELS}

    def check_allocation(self, allocation: Mapping[str, float]) -> dict[str, float]:
        """A clean copy of one side's allocation, or ValueError with a one-line reason."""
        clean = {}
        for gid, units in allocation.items():
            if gid not in self.group_ids:
                raise ValueError(
                    f"'{gid}' is not a stakeholder group; expected one of: "
                    + ", ".join(self.group_ids)
                )
            if isinstance(units, bool) or not isinstance(units, (int, float)) or units < 0:
                raise ValueError(f"the budget for '{gid}' must be a number of 0 or more")
            clean[gid] = float(units)
        total = sum(clean.values())
        if total > self.rules.budget + 1e-9:
            raise ValueError(
                f"the allocation spends {total:g} units; the budget is {self.rules.budget:g}"
            )
        return clean

    def engagement(self, allocation: Mapping[str, float]) -> tuple[float, float]:
        """``(E_trust, E_understanding)`` for one side's allocation, each 0 to 1."""
        e_t = e_u = 0.0
        for g in self.groups:
            e = g.engagement(allocation.get(g.id, 0.0))
            e_t += g.trust_reach * e
            e_u += g.understanding_reach * e
        return min(1.0, e_t), min(1.0, e_u)

    def plan(self, *, emphasis: float = 0.5, budget: float | None = None, unit: float = 0.5):
        """Spend the budget where it adds most: ``emphasis`` weighs trust (1) against
        understanding (0).

        Each group's effect is concave in its budget, so giving each unit in
        turn to the group where it adds most is optimal on this grid.
        """
        if not 0 <= emphasis <= 1:
            raise ValueError("emphasis must be from 0 (understanding) to 1 (trust)")
        budget = self.rules.budget if budget is None else budget
        if budget < 0 or budget > self.rules.budget + 1e-9:
            raise ValueError(f"budget must be from 0 to {self.rules.budget:g}")
        weights = {
            g.id: emphasis * g.trust_reach + (1 - emphasis) * g.understanding_reach
            for g in self.groups
        }
        alloc = dict.fromkeys(self.group_ids, 0.0)
        for _ in range(int(budget / unit + 1e-9)):
            best, best_gain = None, 0.0
            for g in self.groups:
                x = alloc[g.id]
                gain = weights[g.id] * (g.engagement(x + unit) - g.engagement(x))
                if gain > best_gain + 1e-12:
                    best, best_gain = g.id, gain
            if best is None:
                break
            alloc[best] += unit
        return {gid: units for gid, units in alloc.items() if units > 0}

    def even(self, budget: float | None = None) -> dict[str, float]:
        """The budget split evenly across every group."""
        budget = self.rules.budget if budget is None else budget
        return dict.fromkeys(self.group_ids, budget / len(self.groups))

    def level_shares(self, allocation: Mapping[str, float]) -> dict[str, float]:
        """How an allocation splits across Lederach's levels (shares of what is spent)."""
        total = sum(allocation.values())
        return {
            level: (sum(allocation.get(g.id, 0.0) for g in groups) / total if total else 0.0)
            for level, groups in self.by_level().items()
        }


def stakeholders_of(scenario: Scenario) -> Stakeholders:
    """The scenario's ``stakeholders`` section, or the article's groups with default rules."""
    found = scenario.sections.get("stakeholders")
    return found if isinstance(found, Stakeholders) else Stakeholders()


# -- the scenario file's ``stakeholders`` section ----------------------------------------------
_GROUP_NUMBERS = [p.name for p in parameters_of(StakeholderGroup)]
