"""Choosing a venue: the article's dilemma, computed."""

from __future__ import annotations

import pytest

from peacekit.model.venue_choice import (
    best_acceptable,
    criteria,
    rank_venues,
    winners_over_weightings,
)
from peacekit.scenarios.scenario_file import load_builtin


@pytest.fixture(scope="module")
def venues():
    return load_builtin("choosing-a-venue")


def test_the_article_vetoes(venues):
    ranking = rank_venues(venues, {"capacity": 1})
    vetoes = {v.venue.id: v.vetoed_by for v in ranking}
    assert vetoes["paris"] == ("az",)  # "Paris is unacceptable as a mediator to Baku"
    assert vetoes["ankara"] == ("am",)  # "while Ankara is unacceptable to Yerevan"
    assert vetoes["tbilisi"] == ()  # "maintains equal distance from both"


def test_weights_change_the_ranking(venues):
    assert [c for c, _ in criteria(venues)] == ["acceptance_am", "acceptance_az", "capacity"]
    by_capacity = rank_venues(venues, {"capacity": 1})
    by_acceptance = rank_venues(venues, {"acceptance_am": 1, "acceptance_az": 1})
    assert by_acceptance[0].venue.id == "tbilisi"
    assert by_capacity[0].score == 0.6
    assert by_capacity[-1].venue.id == "direct"
    # With everything weighted equally: (a_am + a_az + capacity) / 3.
    equal = {
        v.venue.id: v.score
        for v in rank_venues(
            venues, dict.fromkeys(["acceptance_am", "acceptance_az", "capacity"], 1)
        )
    }
    assert equal["tbilisi"] == pytest.approx((0.8 + 0.8 + 0.1) / 3)
    assert best_acceptable(by_capacity).venue.id == "moscow"  # first listed of the ties


def test_no_venue_wins_on_every_weighting(venues):
    wins = winners_over_weightings(venues)
    total = sum(wins.values())
    assert total == 6**3 - 1
    assert max(wins.values()) < total
    assert sum(1 for w in wins.values() if w > 0) >= 2


def test_bad_weights_are_refused(venues):
    with pytest.raises(ValueError, match="unknown criterion 'price'"):
        rank_venues(venues, {"price": 1})
    with pytest.raises(ValueError, match="at least one criterion needs a weight above 0"):
        rank_venues(venues, {"capacity": 0})
    with pytest.raises(ValueError, match="must be a number from 0 to 100"):
        rank_venues(venues, {"capacity": -1})
