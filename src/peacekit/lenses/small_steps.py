"""The small-steps exercise: one seeded run told in words, and the comparison over seeds.

:mod:`peacekit.model.trust_ladder` runs the confidence-building simulation and
:mod:`peacekit.charts.over_rounds` draws it (the same charts as the book's model
page). This module adds what the exercise needs around them: the delegations'
names, a headline for the run, the zone in words, the rounds as table rows,
and the chosen pair compared with the reference pairs on the same seeds.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.scenario import Scenario
from ..model.trust_ladder import PairSummary, TrustRun, run_many
from ..model.trust_strategies import MOVES, STALL, strategies

#: Seeds a student may choose, and the number of seeds in the comparison.
MAX_SEED = 9999
COMPARISON_SEEDS = 200
REFERENCES: tuple[tuple[str, str], ...] = (
    ("silver_bullet", "silver_bullet"),
    ("grit", "grit"),
)
"""Always compared with the student's pair: the article's two alternatives."""


def names(scenario: Scenario) -> dict[str, str]:
    """Party id -> the name students know (``Yerevan``, ``Baku``)."""
    return {p.id: p.label for p in scenario.parties}


def check_seed(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}, got {value!r}")
    return value


def check_strategy(value: object) -> str:
    table = strategies()
    if value not in table:
        raise ValueError(f"{value!r} is not a strategy; expected one of: " + ", ".join(table))
    return str(value)


def headline(run: TrustRun, scenario: Scenario) -> str:
    """One sentence: who played what, and whether the treaty's zone opened."""
    n = names(scenario)
    a, b = run.party_ids
    label = {k: s.label for k, s in strategies().items()}
    who = (
        f"{n[a]} plays {label[run.strategies[a]]}, {n[b]} plays {label[run.strategies[b]]} "
        f"(seed {run.seed})"
    )
    first = run.first_open
    if first is None:
        what = f"the agreement zone never opens in {len(run.rounds)} rounds"
    elif first == 0:
        what = "the agreement zone is open from the start"
    else:
        what = f"the agreement zone first opens after round {first}"
    return f"{who}: {what}."


@dataclass(frozen=True)
class RoundRow:
    round: int
    moves: tuple[str, str]
    """Each side's move in words, with whether it was carried out."""
    spoiler: bool
    trust: tuple[float, float]
    zone_size: int


def round_rows(run: TrustRun) -> list[RoundRow]:
    a, b = run.party_ids
    rows = []
    for rec in run.rounds:
        words = []
        for p in (a, b):
            move = rec.moves[p]
            text = MOVES[move].split(" (")[0]
            if move != STALL:
                text += ", kept" if rec.honoured[p] else ", broken"
            words.append(text)
        rows.append(
            RoundRow(
                rec.round,
                (words[0], words[1]),
                rec.spoiler,
                (rec.trust[a], rec.trust[b]),
                rec.zone_size,
            )
        )
    return rows


class Comparisons:
    """The chosen pair and the reference pairs over the same seeds (each computed once)."""

    def __init__(self, scenario: Scenario, seeds: int = COMPARISON_SEEDS):
        self.scenario = scenario
        self.seeds = range(seeds)
        self._cache: dict[tuple[tuple[str, str], str | None], PairSummary] = {}

    def pair(self, strategies_: tuple[str, str], guarantor: str | None = None) -> PairSummary:
        key = (tuple(strategies_), guarantor)
        if key not in self._cache:
            self._cache[key] = run_many(
                self.scenario, strategies_, seeds=self.seeds, guarantor=guarantor
            )
        return self._cache[key]

    def with_references(
        self, strategies_: tuple[str, str], guarantor: str | None = None
    ) -> list[PairSummary]:
        """The chosen pair first, then each reference pair not already shown."""
        pairs = [tuple(strategies_)] + [r for r in REFERENCES if r != tuple(strategies_)]
        return [self.pair(p, guarantor) for p in pairs]
