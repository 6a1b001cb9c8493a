"""Distrust as credibility: how much a promise is worth to the side that receives it.

The article's central claim about distrust, in model form. An immediate,
verifiable act (a prisoner handover) counts in full. A promise about the
future counts only as far as the receiving party believes it will be kept:

    value_p(promise) = c_p * points        if points > 0 and the promiser is not p
    c_p = t_p                                with no guarantor
    c_p = t_p + (1 - t_p) * k_g              with a guarantor g that every party accepts

where ``t_p`` is party p's trust in the others (0 to 1) and ``k_g`` is the
guarantor's capacity to guarantee (0 to 1). A promise that would *cost* p
something counts in full: distrust never makes a concession look cheaper.
That one-sidedness is what makes the model monotone: lowering trust can
only lower a party's values, so it can never enlarge the agreement zone.

At full trust (t = 1) every value equals the plain scoring table.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .scenario import Scenario, ThirdParty


@dataclass(frozen=True)
class Credibility:
    """Each party's trust in the others' promises, and an optional guarantor."""

    trust: Mapping[str, float] = field(default_factory=dict)
    guarantor: ThirdParty | None = None

    def __post_init__(self):
        for party, t in self.trust.items():
            if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 <= t <= 1:
                raise ValueError(f"trust of '{party}' must be a number from 0 to 1, got {t!r}")
        object.__setattr__(self, "trust", MappingProxyType(dict(self.trust)))

    @classmethod
    def full(cls) -> Credibility:
        return cls()

    def guarantor_active(self, party_ids: tuple[str, ...]) -> bool:
        """A guarantor counts only if every party accepts it (the venue dilemma)."""
        return self.guarantor is not None and not self.guarantor.vetoed_by(party_ids)

    def of(self, party_id: str, party_ids: tuple[str, ...]) -> float:
        """How much of a promise's value ``party_id`` counts (its credibility c_p)."""
        t = float(self.trust.get(party_id, 1.0))
        if self.guarantor_active(party_ids):
            t = t + (1.0 - t) * self.guarantor.capacity
        return t


def option_values(
    scenario: Scenario, party_id: str, credibility: Credibility | None = None
) -> list[list[float]]:
    """Per issue, per option: what the option is worth to ``party_id`` at this credibility."""
    c = (credibility or Credibility()).of(party_id, scenario.party_ids)
    table = scenario.scores[party_id]
    result = []
    for issue in scenario.issues:
        row = []
        for option in issue.options:
            points = table[issue.id][option.id]
            if discounted(option, party_id, points):
                points = c * points
            row.append(points)
        result.append(row)
    return result


def discounted(option, party_id: str, points: float) -> bool:
    """True when ``party_id`` counts this option at its credibility rather than in full."""
    return option.is_promise and points > 0 and any(p != party_id for p in option.by)


def split_values(scenario: Scenario, party_id: str) -> tuple[list[list[float]], list[list[float]]]:
    """Split each option's points into a part that counts in full and a part scaled by c_p.

    ``value = fixed + c_p * scaled``. :class:`ZoneByTrust` uses the split to
    find, once, the credibility each outcome needs.
    """
    table = scenario.scores[party_id]
    fixed, scaled = [], []
    for issue in scenario.issues:
        f_row, s_row = [], []
        for option in issue.options:
            points = table[issue.id][option.id]
            if discounted(option, party_id, points):
                f_row.append(0.0)
                s_row.append(points)
            else:
                f_row.append(points)
                s_row.append(0.0)
        fixed.append(f_row)
        scaled.append(s_row)
    return fixed, scaled


def outcome_sums(rows: list[list[float]]) -> list[float]:
    """Every outcome's total from one row of option values per issue, in the scenario's
    outcome order (the last issue changes fastest)."""
    sums = [0.0]
    for row in rows:
        sums = [s + v for s in sums for v in row]
    return sums


class ZoneByTrust:
    """Answers "is there an agreement zone at this credibility?" quickly, for simulations.

    Each outcome needs a minimum credibility from each party to clear that
    party's reservation value (0 if it clears it on acts alone, infinity if it
    never does). For two parties the outcomes' needs form a staircase; a
    credibility pair opens the zone when it sits on or above the staircase.
    Building the index is one pass over the outcomes; each query is a binary
    search, so a 30-round, 1,000-run simulation stays fast.
    """

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.party_ids = scenario.party_ids
        needs: list[list[float]] = []
        for pid in self.party_ids:
            fixed, scaled = split_values(scenario, pid)
            f, s = outcome_sums(fixed), outcome_sums(scaled)
            r = scenario.party(pid).reservation
            need = []
            for a, b in zip(f, s, strict=True):
                if a >= r - 1e-9:
                    need.append(0.0)
                elif b > 0 and (r - a) / b <= 1 + 1e-9:
                    need.append(min(1.0, (r - a) / b))
                else:
                    need.append(float("inf"))
            needs.append(need)
        self.needs = list(zip(*needs, strict=True))
        feasible = sorted(n for n in self.needs if all(x != float("inf") for x in n))
        self._feasible = feasible
        # Staircase for two parties: for each need of party 0, the least need of party 1.
        self._xs: list[float] = []
        self._ys: list[float] = []
        if len(self.party_ids) == 2:
            best = float("inf")
            for x, y in feasible:
                if y < best:
                    best = y
                    if self._xs and self._xs[-1] == x:
                        self._ys[-1] = y
                    else:
                        self._xs.append(x)
                        self._ys.append(y)

    def is_open(self, credibility: Mapping[str, float]) -> bool:
        """True when at least one outcome clears every reservation at these credibilities."""
        c = [credibility[p] for p in self.party_ids]
        if len(self.party_ids) == 2:
            i = bisect.bisect_right(self._xs, c[0] + 1e-12) - 1
            return i >= 0 and self._ys[i] <= c[1] + 1e-12
        return any(
            all(n <= x + 1e-12 for n, x in zip(need, c, strict=True)) for need in self._feasible
        )

    def size(self, credibility: Mapping[str, float]) -> int:
        """How many outcomes are in the agreement zone at these credibilities."""
        c = [credibility[p] for p in self.party_ids]
        return sum(
            1
            for need in self._feasible
            if all(n <= x + 1e-12 for n, x in zip(need, c, strict=True))
        )

    def opening_credibility(self) -> float | None:
        """The least credibility, the same for every party, at which the zone opens."""
        if not self._feasible:
            return None
        return min(max(need) for need in self._feasible)
