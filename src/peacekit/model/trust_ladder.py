"""Confidence-building as a seeded simulation: trust moves with experience.

The article argues that distrust blocks a comprehensive treaty and that
small, tangible, reciprocated steps build confidence. This module lets a
student test that claim rather than read it. Two delegations play repeated
rounds. In each round each side takes a small verifiable step, a large step,
makes a promise, or stalls (see :mod:`peacekit.model.trust_strategies`). What the
other side experiences moves its trust:

    honoured move k:   t' = min(1, t + g_k)
    broken move k:     t' = max(0, t - lambda * g_k)          (lambda >= 1)
    stall:             t' = max(0, t - d)
    spoiler event:     t' = max(0, t - s)   for both sides, with chance sigma

A move by side q is honoured with chance ``r_k + (1 - r_k) * t_q``: a side
that distrusts the other hedges on what it has committed to, so big
commitments made under low trust break often. Each side's trust is its
credibility in the negotiation model (:mod:`peacekit.model.credibility`), so the
agreement zone of the scenario opens or closes round by round.

Every number is a teaching device, declared once in :class:`TrustRules` with
its range and reason; the book renders the same table.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .credibility import Credibility, ZoneByTrust
from .parameters import check_values, param
from .scenario import Scenario, per_scenario
from .trust_strategies import LARGE, PROMISE, SMALL, STALL, TANGIBLE, View, strategy

DEFAULT_ROUNDS = 30


@dataclass(frozen=True)
class TrustRules:
    """The parameters of the confidence-building model."""

    initial: float = param(
        0.3,
        0,
        1,
        "Where both sides start unless the scenario says otherwise: low, after three "
        "decades of conflict and two wars, yet not zero, since the December 2023 exchange "
        "shows some direct dealing is possible. Below the comprehensive treaty's opening "
        "credibility (about 0.73), so the treaty is out of reach at the start.",
        symbol="t_0",
        label="starting trust",
    )
    asymmetry: float = param(
        2.0,
        1,
        5,
        "A broken step is read as evidence of bad faith, so it costs more trust than a kept "
        "step of the same size earns. 2 means twice as much; 1 would make trust symmetric.",
        symbol=r"\lambda",
        label="broken-step asymmetry",
    )
    small_gain: float = param(
        0.05,
        0.01,
        0.2,
        "A small step (one handover, one visit) is modest evidence; about ten of them, kept, "
        "lift trust from 0.3 to the treaty's opening level.",
        symbol="g_s",
        label="trust earned by a kept small step",
    )
    large_gain: float = param(
        0.15,
        0.02,
        0.4,
        "A large step (opening a road, a border arrangement) says three times as much as a "
        "small one when it is carried through.",
        symbol="g_l",
        label="trust earned by a kept large step",
    )
    promise_gain: float = param(
        0.2,
        0.02,
        0.5,
        "A big promise that is kept (the comprehensive treaty's commitments) is strong "
        "evidence, more than a large step; when broken it costs lambda times as much.",
        symbol="g_p",
        label="trust earned by a kept promise",
    )
    small_reliability: float = param(
        0.95,
        0,
        1,
        "A small verifiable step is within a government's control and done at once, so it "
        "is carried out even under no trust, bar an accident (5%).",
        symbol="r_s",
        label="chance a small step is carried out at zero trust",
    )
    large_reliability: float = param(
        0.5,
        0,
        1,
        "A large step takes time and political capital; under no trust, half are carried "
        "through, rising to all at full trust.",
        symbol="r_l",
        label="chance a large step is carried out at zero trust",
    )
    promise_reliability: float = param(
        0.2,
        0,
        1,
        "A big promise depends on the promiser still believing in the deal when it falls "
        "due; under no trust most are hedged or walked back.",
        symbol="r_p",
        label="chance a promise is kept at zero trust",
    )
    stall_erosion: float = param(
        0.02,
        0,
        0.1,
        "A round without any step is read as a lack of will: trust erodes a little, far less "
        "than a broken step costs.",
        symbol="d",
        label="trust lost when the other side stalls",
    )
    spoiler_chance: float = param(
        0.1,
        0,
        0.5,
        "Incidents outside the delegations' control (a shooting on the border, an "
        "inflammatory speech) happen; about one round in ten.",
        symbol=r"\sigma",
        label="chance of a spoiler event per round",
    )
    spoiler_shock: float = param(
        0.08,
        0,
        0.3,
        "A spoiler hurts both sides' trust, by more than one kept small step earns.",
        symbol="s",
        label="trust lost by both sides in a spoiler event",
    )
    breakdown_floor: float = param(
        0.1,
        0,
        0.5,
        "Below this trust a side treats the process as broken: a round in which either "
        "side's trust falls from at or above the floor to below it is counted as a breakdown.",
        symbol="f",
        label="breakdown floor",
    )
    grit_escalation: float = param(
        0.6,
        0,
        1,
        "GRIT graduates to large steps only once its own trust has reached this level and "
        "the other side delivered last round, so early steps stay small and safe.",
        symbol=r"\theta_G",
        label="GRIT's trust for graduating to large steps",
    )

    def __post_init__(self):
        check_values(self)

    def gain(self, move: str) -> float:
        return {SMALL: self.small_gain, LARGE: self.large_gain, PROMISE: self.promise_gain}[move]

    def reliability(self, move: str) -> float:
        return {
            SMALL: self.small_reliability,
            LARGE: self.large_reliability,
            PROMISE: self.promise_reliability,
        }[move]

    def keep_chance(self, move: str, own_trust: float) -> float:
        """The chance that a side with ``own_trust`` in the other carries ``move`` through."""
        r = self.reliability(move)
        return r + (1.0 - r) * own_trust


# -- the trust update, as pure functions (the book shows these equations) --------------------
def after_move(trust: float, move: str, honoured: bool | None, rules: TrustRules) -> float:
    """The receiving side's trust after the other side's ``move`` (honoured or broken)."""
    if move == STALL:
        return max(0.0, trust - rules.stall_erosion)
    g = rules.gain(move)
    if honoured:
        return min(1.0, trust + g)
    return max(0.0, trust - rules.asymmetry * g)


def after_spoiler(trust: float, rules: TrustRules) -> float:
    return max(0.0, trust - rules.spoiler_shock)


def apply_events(
    trust: float, events: Iterable[tuple[str, bool | None]], rules: TrustRules | None = None
) -> float:
    """Apply a sequence of ``(move, honoured)`` events to one side's trust.

    ``("spoiler", None)`` applies a spoiler event. Every step is a
    non-decreasing function of the trust before it, and a kept step is never
    worse than a broken one or a stall, so adding or keeping more steps can
    never lower the result.
    """
    rules = rules or TrustRules()
    for move, honoured in events:
        trust = (
            after_spoiler(trust, rules)
            if move == "spoiler"
            else after_move(trust, move, honoured, rules)
        )
    return trust


# -- the scenario file's ``trust`` section -------------------------------------------------
@dataclass(frozen=True)
class TrustSetting:
    """A scenario's starting trust per party and its rules."""

    initial: Mapping[str, float]
    rules: TrustRules


def trust_setting(scenario: Scenario) -> TrustSetting:
    """The scenario's ``trust`` section, or the defaults when it has none."""
    found = scenario.sections.get("trust")
    if isinstance(found, TrustSetting):
        return found
    rules = TrustRules()
    return TrustSetting(MappingProxyType(dict.fromkeys(scenario.party_ids, rules.initial)), rules)


# -- one run --------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoundRecord:
    """What happened in one round, and where it left both sides."""

    round: int
    moves: Mapping[str, str]
    honoured: Mapping[str, bool | None]
    """Per party: was its move carried out (None for a stall)?"""
    spoiler: bool
    trust: Mapping[str, float]
    """Each party's trust in the other side after the round."""
    credibility: Mapping[str, float]
    zone_open: bool
    zone_size: int
    breakdown: bool


@dataclass(frozen=True)
class TrustRun:
    """One seeded run of the confidence-building simulation."""

    scenario_id: str
    party_ids: tuple[str, str]
    strategies: Mapping[str, str]
    seed: int
    start: Mapping[str, float]
    start_zone_size: int
    rounds: tuple[RoundRecord, ...]
    rules: TrustRules = field(repr=False)

    @property
    def first_open(self) -> int | None:
        """The first round after which the agreement zone is open (0: open from the start)."""
        if self.start_zone_size > 0:
            return 0
        return next((rec.round for rec in self.rounds if rec.zone_open), None)

    @property
    def breakdowns(self) -> int:
        return sum(rec.breakdown for rec in self.rounds)

    @property
    def final_trust(self) -> Mapping[str, float]:
        return self.rounds[-1].trust if self.rounds else self.start

    def trust_series(self, party_id: str) -> list[float]:
        """Trust of ``party_id`` from the start (index 0) to the last round."""
        return [self.start[party_id]] + [rec.trust[party_id] for rec in self.rounds]

    def zone_series(self) -> list[int]:
        return [self.start_zone_size] + [rec.zone_size for rec in self.rounds]

    def tangible(self) -> list[dict[str, float]]:
        """Per round, the trust each party earned with acts the public can see.

        A kept small or large step counts its trust gain; promises and stalls
        count nothing. The societal-engagement model reads this as the
        evidence that reaches the other side's public.
        """
        result = []
        for rec in self.rounds:
            result.append(
                {
                    p: self.rules.gain(m) if m in TANGIBLE and rec.honoured[p] else 0.0
                    for p, m in rec.moves.items()
                }
            )
        return result


@per_scenario
def zone_index(scenario: Scenario) -> ZoneByTrust:
    """A cached :class:`ZoneByTrust` for ``scenario`` (built once, reused by every run)."""
    return ZoneByTrust(scenario)


def _resolve(
    scenario: Scenario,
    strategies: Sequence[str] | Mapping[str, str],
    rules: TrustRules | None,
    initial: Mapping[str, float] | None,
    guarantor: str | None,
):
    if len(scenario.party_ids) != 2:
        raise ValueError(
            f"the confidence-building model needs two parties; scenario '{scenario.id}' has "
            f"{len(scenario.party_ids)}"
        )
    a, b = scenario.party_ids
    if isinstance(strategies, Mapping):
        missing = [p for p in (a, b) if p not in strategies]
        if missing:
            raise ValueError(f"no strategy given for party '{missing[0]}'")
        names = (strategies[a], strategies[b])
    else:
        names = tuple(strategies)
        if len(names) != 2:
            raise ValueError("give one strategy per party, e.g. ('grit', 'tit_for_tat')")
    chosen = (strategy(names[0]), strategy(names[1]))
    setting = trust_setting(scenario)
    rules = rules or setting.rules
    start = dict(setting.initial)
    if initial is not None:
        for p, t in initial.items():
            if p not in (a, b):
                raise ValueError(f"'{p}' is not a party; expected one of: {a}, {b}")
            if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 <= t <= 1:
                raise ValueError(f"starting trust of '{p}' must be from 0 to 1, got {t!r}")
            start[p] = float(t)
    k = 0.0
    if guarantor is not None:
        g = scenario.third_party(guarantor)
        if Credibility(guarantor=g).guarantor_active(scenario.party_ids):
            k = g.capacity
    return scenario, (a, b), chosen, rules, start, k


def simulate(
    scenario: Scenario,
    strategies: Sequence[str] | Mapping[str, str] = ("grit", "grit"),
    *,
    seed: int = 0,
    rounds: int = DEFAULT_ROUNDS,
    rules: TrustRules | None = None,
    initial: Mapping[str, float] | None = None,
    guarantor: str | None = None,
) -> TrustRun:
    """Play ``rounds`` rounds between two strategies; the same seed gives the same run.

    ``strategies`` is one strategy id per party, in the scenario's party order
    (or a mapping); ``rules`` and ``initial`` default to the scenario's
    ``trust`` section; ``guarantor`` names a third party that restores part of
    each promise's value if every party accepts it.
    """
    if rounds < 0:
        raise ValueError("rounds must be 0 or more")
    scenario, parties, chosen, rules, start, k = _resolve(
        scenario, strategies, rules, initial, guarantor
    )
    zone = zone_index(scenario)
    records: list[RoundRecord] = []

    def cred(t: float) -> float:
        return t + (1.0 - t) * k

    def on_record(r, moves, honoured, spoiler, trust, breakdown):
        c = {p: cred(trust[i]) for i, p in enumerate(parties)}
        records.append(
            RoundRecord(
                round=r,
                moves=dict(zip(parties, moves, strict=True)),
                honoured=dict(zip(parties, honoured, strict=True)),
                spoiler=spoiler,
                trust={p: trust[i] for i, p in enumerate(parties)},
                credibility=c,
                zone_open=zone.is_open(c),
                zone_size=zone.size(c),
                breakdown=breakdown,
            )
        )

    _play(parties, chosen, rules, [start[parties[0]], start[parties[1]]], seed, rounds, on_record)
    c0 = {p: cred(start[p]) for p in parties}
    return TrustRun(
        scenario_id=scenario.id,
        party_ids=parties,
        strategies={p: s.id for p, s in zip(parties, chosen, strict=True)},
        seed=seed,
        start=MappingProxyType(dict(start)),
        start_zone_size=zone.size(c0),
        rounds=tuple(records),
        rules=rules,
    )


def _play(parties, chosen, rules: TrustRules, trust: list[float], seed, rounds, on_record):
    """The round loop shared by :func:`simulate` and :func:`run_many`.

    Three random numbers are drawn every round whatever the moves (spoiler,
    then each side's follow-through), so two strategy pairs run with the same
    seed meet the same luck: their difference is the strategies' doing.
    """
    rng = random.Random(seed)
    last_moves: list[str | None] = [None, None]
    last_honoured: list[bool | None] = [None, None]
    floor = rules.breakdown_floor
    for r in range(1, rounds + 1):
        moves = []
        for i in (0, 1):
            j = 1 - i
            view = View(
                r, trust[i], last_moves[i], last_moves[j], last_honoured[j], rules.grit_escalation
            )
            moves.append(chosen[i].choose(view))
        spoiler = rng.random() < rules.spoiler_chance
        draws = (rng.random(), rng.random())
        honoured: list[bool | None] = [None, None]
        for i in (0, 1):
            if moves[i] != STALL:
                honoured[i] = draws[i] < rules.keep_chance(moves[i], trust[i])
        before = list(trust)
        # Each side's trust responds to what the *other* side did.
        trust = [
            after_move(before[0], moves[1], honoured[1], rules),
            after_move(before[1], moves[0], honoured[0], rules),
        ]
        if spoiler:
            trust = [after_spoiler(t, rules) for t in trust]
        breakdown = any(b >= floor > t for b, t in zip(before, trust, strict=True))
        on_record(r, moves, honoured, spoiler, trust, breakdown)
        last_moves, last_honoured = moves, honoured
    return trust


# -- many runs ------------------------------------------------------------------------------
# ``firsts`` holds, per run, the first round after which something happened (the zone
# opened, a treaty was ratified), or None if it never did. These three functions read it
# the same way for the strategy pairs here and the peace paths of societal_engagement.
def happened_share(firsts: Sequence[int | None]) -> float:
    """Share of runs in which it happened at some round."""
    return sum(r is not None for r in firsts) / len(firsts)


def happened_by(firsts: Sequence[int | None], round_: int) -> float:
    """Share of runs in which it had happened by ``round_`` (a cumulative curve)."""
    return sum(r is not None and r <= round_ for r in firsts) / len(firsts)


def median_first(firsts: Sequence[int | None], rounds: int) -> float | None:
    """The median first round, counting "never" as later than any of the ``rounds``;
    None when half the runs or more never got there."""
    ordered = sorted(rounds + 1 if r is None else r for r in firsts)
    median = statistics.median(ordered)
    return None if median > rounds else median


@dataclass(frozen=True)
class PairSummary:
    """The distribution of outcomes for one strategy pair over many seeds."""

    strategies: tuple[str, str]
    """Strategy ids in the scenario's party order."""
    party_ids: tuple[str, str]
    rounds: int
    seeds: tuple[int, ...]
    first_open: tuple[int | None, ...]
    """Per seed: the first round after which the zone was open, or None (never)."""
    final_trust: tuple[tuple[float, float], ...]
    breakdowns: tuple[int, ...]

    @property
    def runs(self) -> int:
        return len(self.seeds)

    @property
    def opened_share(self) -> float:
        """Share of runs in which the agreement zone opened at some round."""
        return happened_share(self.first_open)

    def open_by(self, round_: int) -> float:
        """Share of runs in which the zone had opened by ``round_`` (a cumulative curve)."""
        return happened_by(self.first_open, round_)

    @property
    def median_first_open(self) -> float | None:
        """The median round of opening, counting "never" as later than any round;
        None when half the runs or more never opened."""
        return median_first(self.first_open, self.rounds)

    def mean_final_trust(self) -> dict[str, float]:
        return {
            p: statistics.fmean(t[i] for t in self.final_trust)
            for i, p in enumerate(self.party_ids)
        }

    @property
    def breakdown_share(self) -> float:
        """Share of runs with at least one breakdown."""
        return sum(b > 0 for b in self.breakdowns) / self.runs

    @property
    def mean_breakdowns(self) -> float:
        return statistics.fmean(self.breakdowns)

    def as_row(self) -> dict[str, Any]:
        """One flat row for a table: the figures the book and the widgets show."""
        trust = self.mean_final_trust()
        return {
            "strategies": self.strategies,
            "runs": self.runs,
            "opened_share": self.opened_share,
            "median_first_open": self.median_first_open,
            **{f"final_trust_{p}": t for p, t in trust.items()},
            "breakdown_share": self.breakdown_share,
            "mean_breakdowns": self.mean_breakdowns,
        }


def run_many(
    scenario: Scenario,
    strategies: Sequence[str] | Mapping[str, str] = ("grit", "grit"),
    *,
    seeds: Iterable[int] = range(1000),
    rounds: int = DEFAULT_ROUNDS,
    rules: TrustRules | None = None,
    initial: Mapping[str, float] | None = None,
    guarantor: str | None = None,
) -> PairSummary:
    """Run one strategy pair once per seed and summarise (fast: no per-round records)."""
    scenario, parties, chosen, rules, start, k = _resolve(
        scenario, strategies, rules, initial, guarantor
    )
    zone = zone_index(scenario)
    a, b = parties
    start_open = zone.is_open({a: start[a] + (1 - start[a]) * k, b: start[b] + (1 - start[b]) * k})
    seeds = tuple(seeds)
    first_open: list[int | None] = []
    finals: list[tuple[float, float]] = []
    breakdowns: list[int] = []
    for seed in seeds:
        state = {"first": 0 if start_open else None, "breakdowns": 0}

        def on_record(r, moves, honoured, spoiler, trust, breakdown, state=state):
            if breakdown:
                state["breakdowns"] += 1
            if state["first"] is None and zone.is_open(
                {a: trust[0] + (1 - trust[0]) * k, b: trust[1] + (1 - trust[1]) * k}
            ):
                state["first"] = r

        final = _play(parties, chosen, rules, [start[a], start[b]], seed, rounds, on_record)
        first_open.append(state["first"])
        finals.append((final[0], final[1]))
        breakdowns.append(state["breakdowns"])
    return PairSummary(
        strategies=(chosen[0].id, chosen[1].id),
        party_ids=parties,
        rounds=rounds,
        seeds=seeds,
        first_open=tuple(first_open),
        final_trust=tuple(finals),
        breakdowns=tuple(breakdowns),
    )


REFERENCE_PAIRS: tuple[tuple[str, str], ...] = (
    ("silver_bullet", "silver_bullet"),
    ("grit", "grit"),
    ("tit_for_tat", "tit_for_tat"),
    ("grit", "tit_for_tat"),
    ("grit", "silver_bullet"),
    ("tit_for_tat", "silver_bullet"),
    ("grit", "always_stall"),
    ("always_stall", "always_stall"),
)
"""The pairs the book compares: each strategy against itself, and the telling mixes."""


def compare(
    scenario: Scenario,
    pairs: Iterable[Sequence[str]] = REFERENCE_PAIRS,
    **options: Any,
) -> list[PairSummary]:
    """:func:`run_many` for each pair, with the same seeds (and so the same luck) for all."""
    return [run_many(scenario, pair, **options) for pair in pairs]
