"""The venue dilemma in words and a chart: ranking, vetoes, and why no venue always wins.

:mod:`peacekit.model.venue_choice` ranks the candidate venues for one weighting of
the criteria. The exercise needs more: named weightings to start from
(mirrored, so neither side's view comes first by default), a sentence that
names the vetoes, and the claim the article implies and the model can check
— that no venue ranks first under every weighting.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..charts.numbers import points_text
from ..charts.palette import BLUE, VERMILION
from ..charts.svg import Bar, bar_chart
from ..model.scenario import Scenario
from ..model.venue_choice import (
    VenueScore,
    best_acceptable,
    criteria,
    rank_venues,
    winners_over_weightings,
)

#: Weights run over whole numbers from 0 (ignore) to this (matters most).
MAX_WEIGHT = 10


def presets(scenario: Scenario) -> dict[str, tuple[str, dict[str, float]]]:
    """Named starting weightings, id -> (label, weights). Each party's own view is included,
    in the scenario's party order, so both sides' perspectives are one click away."""
    ids = [c for c, _ in criteria(scenario)]
    acceptance = [c for c in ids if c.startswith("acceptance_")]
    result = {
        "equal": ("Every criterion counts the same", dict.fromkeys(ids, 5.0)),
        "guarantees": (
            "Guarantees matter most",
            {**dict.fromkeys(acceptance, 2.0), "capacity": 10.0},
        ),
        "acceptability": (
            "Acceptable to both matters most",
            {**dict.fromkeys(acceptance, 10.0), "capacity": 2.0},
        ),
    }
    for party in scenario.parties:
        own = f"acceptance_{party.id}"
        result[f"only_{party.id}"] = (
            f"Only {party.label}'s acceptance counts",
            {c: (10.0 if c == own else 0.0) for c in ids},
        )
    return result


def check_weight(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(f"a weight must be a number from 0 to {MAX_WEIGHT}, got {value!r}")
    if not 0 <= value <= MAX_WEIGHT:
        raise ValueError(f"a weight must be from 0 to {MAX_WEIGHT}, got {value:g}")
    return float(value)


def _and(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def vetoes_text(scenario: Scenario, score: VenueScore) -> str:
    if not score.vetoed:
        return "no veto"
    return "vetoed by " + _and([scenario.party(p).label for p in score.vetoed_by])


def weights_text(scenario: Scenario, weights: Mapping[str, float]) -> str:
    return ", ".join(f"{label} {points_text(weights.get(c, 0))}" for c, label in criteria(scenario))


def ranking_summary(
    scenario: Scenario, weights: Mapping[str, float], ranking: list[VenueScore]
) -> str:
    """Which venue scores highest, whether a side vetoes it, and the best one nobody vetoes."""
    top = ranking[0]
    ties = [v.venue.name for v in ranking[1:] if v.score == top.score]
    text = f"Weights: {weights_text(scenario, weights)}. Highest score: {top.venue.name} "
    text += f"({points_text(top.score)})"
    if ties:
        text += ", tied with " + _and(ties)
    text += "."
    if top.vetoed:
        text += f" But {top.venue.name} is {vetoes_text(scenario, top)}, so talks cannot go there."
    best = best_acceptable(ranking)
    if best is None:
        text += " Every venue is vetoed by one side or the other."
    elif best is not top:
        text += (
            f" The best venue that neither side vetoes: {best.venue.name} "
            f"({points_text(best.score)})."
        )
    if best is not None and best.venue.capacity < 0.5:
        text += (
            f" {best.venue.name} has little capacity to guarantee a treaty "
            f"({points_text(best.venue.capacity)} on a 0–1 scale)."
        )
    return text


def no_single_winner(scenario: Scenario, steps: int = 5) -> str:
    """The line that shows no venue ranks first under every weighting."""
    wins = winners_over_weightings(scenario, steps)
    total = sum(wins.values())
    names = {v.id: v.name for v in scenario.third_parties}
    winners = sorted(((n, v) for v, n in wins.items() if n), key=lambda t: (-t[0], t[1]))
    listed = ", ".join(f"{names[v]} in {n}" for n, v in winners)
    if len(winners) == 1:
        return f"Over {total} weightings, {names[winners[0][1]]} ranks first in every one."
    return (
        f"No venue ranks first under every weighting. Over {total} weightings of the "
        f"{len(criteria(scenario))} criteria (each weight 0, {points_text(1 / steps)}, …, 1; "
        "vetoes "
        f"ignored), the top-scoring venue is {listed}. Venues with equal values tie, and a tie "
        "goes to the venue listed first."
    )


def ranking(scenario: Scenario, weights: Mapping[str, float]) -> list[VenueScore]:
    """:func:`peacekit.model.venue_choice.rank_venues` with every weight checked first."""
    return rank_venues(scenario, {c: check_weight(w) for c, w in weights.items()})


def venue_chart(scenario: Scenario, weights: Mapping[str, float], ranked: list[VenueScore]) -> str:
    bars = [
        Bar(
            v.venue.name,
            v.score,
            colour=VERMILION if v.vetoed else BLUE,
            note=vetoes_text(scenario, v) if v.vetoed else "",
            hatched=v.vetoed,
        )
        for v in ranked
    ]
    return bar_chart(
        title=f"{scenario.title}: weighted score of each venue",
        desc="Horizontal bar chart, highest score first; vetoed venues are striped. "
        + ranking_summary(scenario, weights, ranked),
        bars=bars,
        value_label="Weighted score (0 to 1)",
        max_value=1.0,
    )
