import xml.etree.ElementTree as ET

import pytest

from peacekit.lenses.venue import (
    check_weight,
    no_single_winner,
    presets,
    ranking,
    ranking_summary,
    venue_chart,
    vetoes_text,
)
from peacekit.model.venue_choice import criteria, winners_over_weightings
from peacekit.scenarios.scenario_file import load_builtin

VENUE = load_builtin("choosing-a-venue")


def test_presets_are_mirrored_and_all_different():
    p = presets(VENUE)
    assert p["only_am"][1] == {"acceptance_am": 10.0, "acceptance_az": 0.0, "capacity": 0.0}
    assert p["only_az"][1] == {"acceptance_am": 0.0, "acceptance_az": 10.0, "capacity": 0.0}
    weightings = [tuple(sorted(w.items())) for _, w in p.values()]
    assert len(set(weightings)) == len(weightings)
    for _, w in p.values():
        assert set(w) == {c for c, _ in criteria(VENUE)}


def test_each_sides_own_view_picks_a_venue_the_other_side_vetoes():
    for party, venue, vetoer in (("am", "Paris", "Baku"), ("az", "Ankara", "Yerevan")):
        weights = presets(VENUE)[f"only_{party}"][1]
        ranked = ranking(VENUE, weights)
        assert ranked[0].venue.name == venue
        text = ranking_summary(VENUE, weights, ranked)
        assert f"But {venue} is vetoed by {vetoer}, so talks cannot go there." in text
        assert "The best venue that neither side vetoes: Tbilisi (0.8)." in text
        assert "Tbilisi has little capacity to guarantee a treaty (0.1" in text


def test_ties_are_named():
    weights = presets(VENUE)["equal"][1]
    text = ranking_summary(VENUE, weights, ranking(VENUE, weights))
    assert "Highest score: Moscow (0.57), tied with Washington, Brussels and Tbilisi." in text


def test_no_single_winner_line_matches_the_model_counts():
    wins = winners_over_weightings(VENUE, 5)
    line = no_single_winner(VENUE)
    assert line.startswith("No venue ranks first under every weighting.")
    assert f"Over {sum(wins.values())} weightings" in line
    for venue_id, n in wins.items():
        name = VENUE.third_party(venue_id).name
        assert (f"{name} in {n}" in line) == (n > 0)


@pytest.mark.parametrize("bad", [-1, 11, float("nan"), "5", True])
def test_weights_outside_0_to_10_are_refused(bad):
    with pytest.raises(ValueError, match="a weight must be"):
        check_weight(bad)
    with pytest.raises(ValueError, match="a weight must be"):
        ranking(VENUE, {"acceptance_am": bad, "acceptance_az": 1, "capacity": 1})


def test_all_zero_weights_are_refused_by_the_model():
    with pytest.raises(ValueError, match="at least one criterion needs a weight above 0"):
        ranking(VENUE, {"acceptance_am": 0, "acceptance_az": 0, "capacity": 0})


def test_chart_stripes_vetoed_venues_and_names_the_veto():
    weights = presets(VENUE)["equal"][1]
    ranked = ranking(VENUE, weights)
    svg = venue_chart(VENUE, weights, ranked)
    ET.fromstring(svg)
    assert svg.count("url(#pk-hatch-") == sum(1 for v in ranked if v.vetoed) == 2
    assert "vetoed by Baku" in svg and "vetoed by Yerevan" in svg
    assert vetoes_text(VENUE, ranked[0]) == "no veto"


def test_the_venue_summary_says_what_the_model_holds_about_the_three_tests():
    """The old summary, "no candidate satisfies every criterion", was untrue of the model:
    three pass narrowly (acceptable to both, and a capacity to guarantee of at least a half)."""
    venue = load_builtin("choosing-a-venue")
    passing = [
        t for t in venue.third_parties if t.capacity >= 0.5 and not t.vetoed_by(venue.party_ids)
    ]
    assert [t.name for t in passing] == ["Moscow", "Washington", "Brussels"]
    assert all(min(t.acceptance.values()) < 0.6 for t in passing)  # "narrowly"
    assert "three pass narrowly (Moscow, Washington and Brussels" in " ".join(venue.summary.split())
    direct = " ".join(venue.third_party("direct").note.split())
    assert "came out of direct talks, according to officials of both sides." in direct
