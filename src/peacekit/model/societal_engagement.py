"""Societal engagement over time: how the publics' win-sets widen or narrow.

The article's claim is that "the interstate path cannot be an outright
substitute for the societal dimension", which "must proceed in parallel".
This module does not assume that claim; it states a mechanism and lets the
comparison come out of it. Each round, for the public of side p (q is the
other side):

    ceiling        K' = min(1, K + kappa * u_q - delta * [no treaty] * (K - K_0))
    trust          tau' = tau + (rho_0 + rho * E_p) * (K' - tau)     if tau < K'
                   tau' = tau - phi * (tau - K')                     otherwise
    understanding  chi' = chi + eta * X_p * (1 - chi) - epsilon * chi
    spoiler event  tau' = max(0, tau' - psi * (1 - chi'))

``u_q`` is the trust the other side's tangible steps earned this round (from
:mod:`peacekit.model.trust_ladder`), ``E_p`` and ``X_p`` side p's engagement on the
trust and understanding channels (from :mod:`peacekit.model.stakeholders`). In
words: tangible steps raise the ceiling of what the public *could* come to
trust; engagement carries the public towards it; trust above the ceiling
fades back; and steps lose value while no treaty follows them. A treaty is
ratified in the first round in which some package is in the delegations'
agreement zone and in both publics' win-sets (:mod:`peacekit.model.two_level`).

Every update is non-decreasing in the engagement and in the previous state,
so more engagement can never narrow a public's win-set: the tests check this.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .scenario import Scenario
from .stakeholders import EngagementRules, stakeholders_of
from .trust_ladder import (
    DEFAULT_ROUNDS,
    TrustRules,
    TrustRun,
    happened_by,
    happened_share,
    median_first,
    simulate,
    trust_setting,
)
from .two_level import PublicProfile, PublicState, publics_of, start_states, two_level

Plan = Mapping[str, Mapping[str, float]]
"""Per party: stakeholder group id -> budget units per round."""


def step_public(
    state: PublicState,
    profile: PublicProfile,
    rules: EngagementRules,
    *,
    evidence: float = 0.0,
    engagement: tuple[float, float] = (0.0, 0.0),
    spoiler: bool = False,
    treaty: bool = False,
) -> PublicState:
    """One round of a public's dynamics (the equations in the module docstring)."""
    e_trust, e_understanding = engagement
    base = max(profile.ceiling, profile.trust)
    ceiling = state.ceiling + rules.evidence * evidence
    if not treaty:
        ceiling -= rules.cbm_decay * max(0.0, state.ceiling - base)
    ceiling = min(1.0, max(0.0, ceiling))
    tau = state.trust
    if tau < ceiling:
        tau += (rules.diffusion + rules.carry * e_trust) * (ceiling - tau)
    else:
        tau -= rules.fade * (tau - ceiling)
    chi = state.understanding
    chi += rules.learning * e_understanding * (1 - chi) - rules.forgetting * chi
    chi = min(1.0, max(0.0, chi))
    if spoiler:
        tau -= rules.hostility * (1 - chi)
    return PublicState(trust=min(1.0, max(0.0, tau)), understanding=chi, ceiling=ceiling)


@dataclass(frozen=True)
class SocietyRound:
    """Where both publics stand after one round, and whether a treaty could pass."""

    round: int
    states: Mapping[str, PublicState]
    credibility: Mapping[str, float]
    """The delegations' credibility this round (from the confidence-building model)."""
    evidence: Mapping[str, float]
    """Per public: the trust earned by the other side's tangible steps this round."""
    spoiler: bool
    zone_open: bool
    """Some package is in the delegations' agreement zone: the governments could sign."""
    win_set_sizes: Mapping[str, int]
    ratifiable: int
    """Packages in the agreement zone and in both publics' win-sets."""
    treaty: bool
    """A treaty has been ratified in this round or before."""


@dataclass(frozen=True)
class PathRun:
    """One run of the societal-engagement model (optionally driven by a trust run)."""

    scenario_id: str
    plan: Plan
    engagement: Mapping[str, tuple[float, float]]
    start: Mapping[str, PublicState]
    start_win_set_sizes: Mapping[str, int]
    rounds: tuple[SocietyRound, ...]
    trust_run: TrustRun | None = None

    @property
    def first_ratified(self) -> int | None:
        """The round in which a treaty was first ratifiable (and so ratified), or None."""
        return next((rec.round for rec in self.rounds if rec.treaty), None)

    @property
    def first_zone_open(self) -> int | None:
        return next((rec.round for rec in self.rounds if rec.zone_open), None)

    @property
    def signed_not_ratified(self) -> list[int]:
        """Rounds in which the governments could sign but no package would pass both publics
        (before any treaty): 'a deal that the governments sign but a public rejects'."""
        return [rec.round for rec in self.rounds if rec.zone_open and not rec.treaty]

    def series(self, party_id: str, name: str) -> list[float]:
        """A public's ``trust``, ``understanding`` or ``ceiling`` from the start to the end."""
        return [getattr(self.start[party_id], name)] + [
            getattr(rec.states[party_id], name) for rec in self.rounds
        ]

    def win_set_series(self, party_id: str) -> list[int]:
        return [self.start_win_set_sizes[party_id]] + [
            rec.win_set_sizes[party_id] for rec in self.rounds
        ]


def plan_for(scenario: Scenario, plan: Plan | Mapping[str, float] | None) -> dict[str, dict]:
    """Normalise a plan: per party, or one allocation mirrored for every party; checked."""
    groups = stakeholders_of(scenario)
    if plan is None:
        return {p: {} for p in scenario.party_ids}
    if plan and all(k in scenario.party_ids for k in plan):
        per_party = {p: plan.get(p, {}) for p in scenario.party_ids}
    else:
        per_party = {p: plan for p in scenario.party_ids}
    return {p: groups.check_allocation(a) for p, a in per_party.items()}


def planned(scenario: Scenario, emphasis: float = 0.5) -> dict[str, dict[str, float]]:
    """The planner's allocation of the full budget, mirrored for both sides."""
    allocation = stakeholders_of(scenario).plan(emphasis=emphasis)
    return {p: dict(allocation) for p in scenario.party_ids}


def engage(
    scenario: Scenario,
    plan: Plan | Mapping[str, float] | None = None,
    *,
    rounds: int = DEFAULT_ROUNDS,
    evidence: Sequence[Mapping[str, float]] | None = None,
    spoilers: Sequence[bool] | None = None,
    credibility: Sequence[Mapping[str, float]] | Mapping[str, float] | None = None,
    rules: EngagementRules | None = None,
    start: Mapping[str, PublicState] | None = None,
    trust_run: TrustRun | None = None,
) -> PathRun:
    """Run the publics' dynamics for ``rounds`` rounds, recording every round.

    ``evidence[r][q]`` is the trust side q's tangible steps earned in round
    r+1 (it reaches the *other* public); ``spoilers[r]`` whether a spoiler
    event happened; ``credibility`` the delegations' credibility per round
    (or one mapping for every round; default: the scenario's starting trust).
    """
    for name, seq in (("evidence", evidence), ("spoilers", spoilers), ("credibility", credibility)):
        if isinstance(seq, Sequence) and len(seq) < rounds:
            raise ValueError(f"{name} covers {len(seq)} rounds; expected at least {rounds}")
    model = two_level(scenario)
    sh = stakeholders_of(scenario)
    plan = plan_for(scenario, plan)
    engagement = {p: sh.engagement(plan[p]) for p in scenario.party_ids}
    begin = dict(start) if start else start_states(scenario)
    records = []

    def check(states, cred, treaty):
        sizes, zone_open, count = model.judge(states, cred)
        return count > 0, (sizes, zone_open, count)

    def on_round(r, states, cred, got, spoiler, treaty, judged):
        sizes, zone_open, count = judged
        records.append(
            SocietyRound(
                round=r,
                states=MappingProxyType(states),
                credibility=MappingProxyType(dict(cred)),
                evidence=MappingProxyType(got),
                spoiler=spoiler,
                zone_open=zone_open,
                win_set_sizes=MappingProxyType(sizes),
                ratifiable=count,
                treaty=treaty,
            )
        )

    _evolve(
        scenario,
        engagement,
        rounds,
        evidence,
        spoilers,
        credibility,
        rules or sh.rules,
        begin,
        check,
        on_round,
    )
    return PathRun(
        scenario_id=scenario.id,
        plan=MappingProxyType({p: MappingProxyType(dict(a)) for p, a in plan.items()}),
        engagement=MappingProxyType(engagement),
        start=MappingProxyType(begin),
        start_win_set_sizes=MappingProxyType(
            {p: len(model.win_set(p, begin[p])) for p in scenario.party_ids}
        ),
        rounds=tuple(records),
        trust_run=trust_run,
    )


def steady_steps(
    scenario: Scenario, rounds: int = DEFAULT_ROUNDS, gain: float | None = None
) -> list[dict[str, float]]:
    """Evidence for :func:`engage` when both sides keep one small step a round.

    ``gain`` defaults to the trust a kept small step earns in the scenario's
    confidence-building rules.
    """
    g = trust_setting(scenario).rules.small_gain if gain is None else gain
    return [dict.fromkeys(scenario.party_ids, g) for _ in range(rounds)]


def _evolve(
    scenario, engagement, rounds, evidence, spoilers, credibility, rules, states, check, on_round
):
    """The round loop shared by :func:`engage` and :func:`compare_paths`.

    ``check(states, credibility, treaty)`` answers whether a treaty is
    ratifiable now (and anything ``on_round`` wants to record).
    """
    publics = publics_of(scenario)
    parties = scenario.party_ids
    if credibility is None:
        credibility = dict(trust_setting(scenario).initial)
    per_round_cred = isinstance(credibility, Sequence)
    treaty = False
    for r in range(1, rounds + 1):
        cred = credibility[r - 1] if per_round_cred else credibility
        spoiler = bool(spoilers[r - 1]) if spoilers is not None else False
        given = evidence[r - 1] if evidence is not None else {}
        got = {p: sum(u for q, u in given.items() if q != p) for p in parties}
        states = {
            p: step_public(
                states[p],
                publics.profile(p),
                rules,
                evidence=got[p],
                engagement=engagement[p],
                spoiler=spoiler,
                treaty=treaty,
            )
            for p in parties
        }
        now, judged = check(states, cred, treaty)
        treaty = treaty or now
        on_round(r, states, cred, got, spoiler, treaty, judged)
    return states


def peace_path(
    scenario: Scenario,
    strategies: Sequence[str] | Mapping[str, str] = ("grit", "grit"),
    plan: Plan | Mapping[str, float] | None = None,
    *,
    seed: int = 0,
    rounds: int = DEFAULT_ROUNDS,
    trust_rules: TrustRules | None = None,
    rules: EngagementRules | None = None,
    guarantor: str | None = None,
) -> PathRun:
    """Both paths together: a seeded confidence-building run between the delegations
    drives the evidence, the spoiler events and the delegations' credibility; the
    plan drives engagement."""
    run = simulate(
        scenario, strategies, seed=seed, rounds=rounds, rules=trust_rules, guarantor=guarantor
    )
    return engage(
        scenario,
        plan,
        rounds=rounds,
        evidence=run.tangible(),
        spoilers=[rec.spoiler for rec in run.rounds],
        credibility=[rec.credibility for rec in run.rounds],
        rules=rules,
        trust_run=run,
    )


# -- comparing the paths over many seeds ------------------------------------------------------
PATHS: dict[str, str] = {
    "neither": "Neither path: the delegations stall, no societal engagement",
    "interstate": "Interstate path alone: small steps (GRIT), no societal engagement",
    "societal": "Societal path alone: engagement, but the delegations stall",
    "both": "Both paths in parallel: small steps (GRIT) and engagement",
}


@dataclass(frozen=True)
class PathSummary:
    """How one path fared over many seeds."""

    path: str
    label: str
    rounds: int
    first_ratified: tuple[int | None, ...]
    zone_opened: tuple[bool, ...]
    publics_agreed: tuple[bool, ...]
    """Per run: at some round some package was in both publics' win-sets, signable or not."""
    final_public_trust: tuple[Mapping[str, float], ...]

    @property
    def runs(self) -> int:
        return len(self.first_ratified)

    @property
    def ratified_share(self) -> float:
        return happened_share(self.first_ratified)

    def ratified_by(self, round_: int) -> float:
        return happened_by(self.first_ratified, round_)

    @property
    def median_first_ratified(self) -> float | None:
        return median_first(self.first_ratified, self.rounds)

    @property
    def zone_opened_share(self) -> float:
        """Share of runs in which the governments could have signed at some round."""
        return sum(self.zone_opened) / self.runs

    @property
    def signed_not_ratified_share(self) -> float:
        """Share of runs in which the governments could sign but no treaty was ratified."""
        return (
            sum(z and r is None for z, r in zip(self.zone_opened, self.first_ratified, strict=True))
            / self.runs
        )

    @property
    def publics_agreed_share(self) -> float:
        """Share of runs in which the two publics' win-sets overlapped at some round."""
        return sum(self.publics_agreed) / self.runs

    def mean_final_public_trust(self) -> dict[str, float]:
        parties = list(self.final_public_trust[0])
        return {p: statistics.fmean(t[p] for t in self.final_public_trust) for p in parties}


def compare_paths(
    scenario: Scenario,
    *,
    seeds: Iterable[int] = range(200),
    rounds: int = DEFAULT_ROUNDS,
    plan: Plan | Mapping[str, float] | None = None,
    steps: Sequence[str] = ("grit", "grit"),
    idle: Sequence[str] = ("always_stall", "always_stall"),
    rules: EngagementRules | None = None,
    trust_rules: TrustRules | None = None,
) -> dict[str, PathSummary]:
    """Run the four paths of :data:`PATHS` with the same seeds (the same luck).

    ``plan`` defaults to the planner's even-handed allocation
    (:func:`planned`); ``steps`` is the strategy pair of the interstate path
    and ``idle`` that of a path without it.
    """
    plan = planned(scenario) if plan is None else plan
    setups = {
        "neither": (idle, None),
        "interstate": (steps, None),
        "societal": (idle, plan),
        "both": (steps, plan),
    }
    model = two_level(scenario)
    sh = stakeholders_of(scenario)
    begin = start_states(scenario)
    results: dict[str, dict[str, list]] = {
        k: {"first": [], "zone": [], "agree": [], "trust": []} for k in PATHS
    }
    for seed in seeds:
        runs = {}
        for name, (pair, p) in setups.items():
            key = tuple(pair)
            if key not in runs:
                runs[key] = simulate(scenario, pair, seed=seed, rounds=rounds, rules=trust_rules)
            run = runs[key]
            alloc = plan_for(scenario, p)
            seen = {"first": None, "zone": False, "agree": False}

            def check(states, cred, treaty):
                zone_open = bool(model.zone(cred))
                return (not treaty and zone_open and model.any_ratifiable(states, cred)), zone_open

            def on_round(r, states, cred, got, spoiler, treaty, zone_open, seen=seen):
                seen["zone"] = seen["zone"] or zone_open
                seen["agree"] = seen["agree"] or treaty or model.publics_agree(states)
                if treaty and seen["first"] is None:
                    seen["first"] = r

            final = _evolve(
                scenario,
                {q: sh.engagement(alloc[q]) for q in scenario.party_ids},
                rounds,
                run.tangible(),
                [rec.spoiler for rec in run.rounds],
                [rec.credibility for rec in run.rounds],
                rules or sh.rules,
                dict(begin),
                check,
                on_round,
            )
            out = results[name]
            out["first"].append(seen["first"])
            out["zone"].append(seen["zone"])
            out["agree"].append(seen["agree"])
            out["trust"].append({q: s.trust for q, s in final.items()})
    return {
        name: PathSummary(
            path=name,
            label=PATHS[name],
            rounds=rounds,
            first_ratified=tuple(out["first"]),
            zone_opened=tuple(out["zone"]),
            publics_agreed=tuple(out["agree"]),
            final_public_trust=tuple(out["trust"]),
        )
        for name, out in results.items()
    }
