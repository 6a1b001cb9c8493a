"""Choosing a venue: rank mediators and hosts by weighted criteria, with vetoes.

The article's venue dilemma: every candidate fails someone. Paris is
unacceptable to Baku, Ankara to Yerevan, the big powers are at odds with one
another, and Tbilisi, acceptable to both, cannot enforce a treaty. A student
weights three kinds of criteria (each party's acceptance of the venue and its
capacity to guarantee) and sees the ranking change; a party whose acceptance
is below :data:`peacekit.model.scenario.ACCEPTANCE_THRESHOLD` vetoes the venue
whatever the weights say.

    score(v) = sum_c w_c * x_c(v) / sum_c w_c      (all x_c between 0 and 1)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from .scenario import Scenario, ThirdParty

CAPACITY = "capacity"


def criteria(scenario: Scenario) -> list[tuple[str, str]]:
    """(criterion id, label) pairs: each party's acceptance, then capacity to guarantee."""
    result = [(f"acceptance_{p.id}", f"Acceptable to {p.label}") for p in scenario.parties]
    result.append((CAPACITY, "Capacity to guarantee"))
    return result


@dataclass(frozen=True)
class VenueScore:
    venue: ThirdParty
    score: float
    vetoed_by: tuple[str, ...]

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoed_by)


def criterion_value(venue: ThirdParty, criterion: str) -> float:
    if criterion == CAPACITY:
        return venue.capacity
    if criterion.startswith("acceptance_"):
        return venue.acceptance[criterion.removeprefix("acceptance_")]
    raise KeyError(f"unknown criterion '{criterion}'")


def rank_venues(scenario: Scenario, weights: Mapping[str, float]) -> list[VenueScore]:
    """Every third party, best weighted score first (ties keep the scenario's order).

    Weights must be numbers of at least 0 and not all 0; unknown criteria are refused.
    """
    known = [c for c, _ in criteria(scenario)]
    unknown = [k for k in weights if k not in known]
    if unknown:
        raise ValueError(f"unknown criterion '{unknown[0]}'; expected one of: " + ", ".join(known))
    for k, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 <= w <= 100:
            raise ValueError(f"the weight of '{k}' must be a number from 0 to 100, got {w!r}")
    total = sum(weights.get(c, 0.0) for c in known)
    if total <= 0:
        raise ValueError("at least one criterion needs a weight above 0")
    scored = []
    for order, venue in enumerate(scenario.third_parties):
        score = sum(weights.get(c, 0.0) * criterion_value(venue, c) for c in known) / total
        scored.append((round(score, 9), -order, venue))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [VenueScore(v, s, v.vetoed_by(scenario.party_ids)) for s, _, v in scored]


def best_acceptable(ranking: list[VenueScore]) -> VenueScore | None:
    """The top-ranked venue that no party vetoes."""
    return next((v for v in ranking if not v.vetoed), None)


def winners_over_weightings(scenario: Scenario, steps: int = 5) -> dict[str, int]:
    """How often each venue ranks first (vetoes ignored) over a grid of weightings.

    Each criterion's weight runs over 0, 1/steps, …, 1; the all-zero weighting
    is skipped. Used to show that no venue wins on every weighting.
    """
    names = [c for c, _ in criteria(scenario)]
    wins = {v.id: 0 for v in scenario.third_parties}
    grid = [k / steps for k in range(steps + 1)]
    for combo in itertools.product(grid, repeat=len(names)):
        if sum(combo) == 0:
            continue
        top = rank_venues(scenario, dict(zip(names, combo, strict=True)))[0]
        wins[top.venue.id] += 1
    return wins
