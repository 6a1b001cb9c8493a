import itertools
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacekit.lenses.package_deal import (
    AnalysesByTrust,
    ReservationVariants,
    assess,
    check_option,
    check_reservation,
    check_trust,
    map_summary,
    own_reservation_text,
    package_map,
    reservation_bounds,
    reservation_note,
    standing,
    verdict,
    verdict_headline,
)
from peacekit.scenarios.scenario_file import load_builtin

DEC = load_builtin("december-2023")
REF = DEC.reference.outcome
NOTHING = ("none", "none", "keep", "none", "none")


@pytest.fixture(scope="module")
def by_trust():
    return AnalysesByTrust(DEC)


def test_real_package_is_accepted_by_both_at_full_trust(by_trust):
    a = assess(by_trust.at(1.0), REF)
    assert [p.value for p in a.parties] == [34, 34]
    assert not a.rejecters
    assert a.is_reference and a.is_nash and a.on_frontier and a.in_zone
    assert verdict_headline(a) == "Both delegations would accept this package."


def test_without_trust_yerevan_rejects_the_real_package_and_the_verdict_says_why(by_trust):
    a = assess(by_trust.at(0.0), REF)
    am = a.party("am")
    # COP Bureau support (+10) and further CBMs (+6) are Baku's promises: worth nothing now.
    assert am.value == 18 and am.discount == 16 and not am.accepts
    assert a.party("az").accepts
    text = verdict(a)
    assert text.startswith("Yerevan would reject this package.")
    assert "2 below its reservation value of 20" in text
    assert "Armenia's COP29 candidacy: Armenia withdraws and supports Baku's bid (−14)" in text
    assert "Distrust takes 16 points off the promises Yerevan receives" in text
    assert "0% of their face value" in text


def test_a_one_sided_package_names_the_side_that_pays(by_trust):
    a = assess(by_trust.at(1.0), ("r32", "none", "keep", "support", "continue"))
    assert [p.label for p in a.rejecters] == ["Baku"]
    text = verdict(a)
    assert "Azerbaijan releases Armenian servicemen: 32 released (−16)" in text
    assert "Yerevan would accept it: worth 52 points" in text


def test_empty_package_is_rejected_by_both_for_offering_too_little(by_trust):
    a = assess(by_trust.at(1.0), NOTHING)
    assert verdict_headline(a) == "Both delegations would reject this package."
    assert "Nothing in it costs Yerevan points, but it offers too little." in verdict(a)


def test_standing_counts_issue_changes_to_the_frontier_and_to_the_real_package(by_trust):
    analysis = by_trust.at(1.0)
    a = assess(analysis, NOTHING)
    text = standing(a, analysis)
    assert f"changing {analysis.frontier_steps(NOTHING)} issues" in text
    assert "differs from the 7 December 2023 joint statement on 5 issues" in text


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(list(itertools.product(*(i.option_ids for i in DEC.issues)))),
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]),
)
def test_effects_add_up_to_the_analysis_value(outcome, trust):
    analysis = AnalysesByTrust(DEC).at(trust)
    a = assess(analysis, outcome)
    for p in a.parties:
        assert math.isclose(sum(e.counted for e in p.effects), p.value, abs_tol=1e-9)
        assert math.isclose(sum(e.points for e in p.effects) - p.discount, p.value, abs_tol=1e-9)
        assert p.accepts == (p.party_id not in analysis.rejecters(outcome))
        assert p.discount >= 0


def test_analyses_are_built_once_per_trust_level(by_trust):
    assert by_trust.at(0.5) is by_trust.at(0.5)
    assert by_trust.at(0.5) is not by_trust.at(0.55)


@pytest.mark.parametrize("bad", [1.7, -0.1, True, float("nan"), "0.5", None])
def test_trust_outside_zero_to_one_is_refused(bad):
    with pytest.raises(ValueError, match="trust must be"):
        check_trust(bad)


def test_an_option_not_in_the_issue_is_refused_with_the_choices():
    assert check_option(DEC, "release_by_az", "r16") == "r16"
    with pytest.raises(ValueError) as err:
        check_option(DEC, "release_by_az", "r64")
    assert str(err.value) == (
        "'r64' is not an option for Azerbaijan releases Armenian servicemen; "
        "expected one of: none, r8, r16, r32"
    )


def test_map_and_summary_carry_the_same_numbers(by_trust):
    analysis = by_trust.at(0.5)
    a = assess(analysis, NOTHING)
    summary = map_summary(analysis, a, 0.5)
    assert f"{analysis.zone_size} in the agreement zone" in summary
    assert "The 7 December 2023 joint statement: Yerevan 26, Baku 31" in summary
    svg = package_map(analysis, a, 0.5)
    assert summary in svg  # the chart's <desc> repeats the summary for screen readers
    assert "Your package" in svg and "The 7 December 2023 joint statement" in svg


# -- reservation values the student sets ----------------------------------------------------------
def test_reservation_bounds_run_from_0_to_the_most_a_package_is_worth():
    dec = load_builtin("december-2023")
    full = AnalysesByTrust(dec).at(1.0)
    best = {p: max(full.utilities(o)[p] for o in _all(dec)) for p in ("am", "az")}
    assert reservation_bounds(dec, "am") == (0.0, best["am"]) == (0.0, 52.0)
    assert reservation_bounds(dec, "az") == (0.0, best["az"]) == (0.0, 54.0)


def _all(scenario):
    return itertools.product(*(i.option_ids for i in scenario.issues))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "Yerevan's reservation value must be from 0 to 52 (the most any package is worth"),
        (52.5, "must be from 0 to 52"),
        ("20", "must be a number from 0 to 52, got '20'"),
        (True, "must be a number"),
        (float("nan"), "must be a number"),
    ],
)
def test_a_reservation_value_the_model_cannot_take_is_refused(value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        check_reservation(load_builtin("december-2023"), "am", value)


def test_a_variant_differs_only_in_its_reservation_values_and_is_made_once():
    dec = load_builtin("december-2023")
    variants = ReservationVariants(dec)
    assert variants.of() is dec and variants.of({"am": 20, "az": 20}) is dec
    unequal = variants.of({"am": 10, "az": 30})
    assert variants.of({"am": 10.0, "az": 30}) is unequal
    assert [p.reservation for p in unequal.parties] == [10, 30]
    assert unequal.scores == dec.scores and unequal.issues == dec.issues
    assert [p.reservation for p in dec.parties] == [20, 20]  # the built-in is untouched
    assert variants.of({"az": 30}).party("am").reservation == 20
    with pytest.raises(ValueError, match="Baku's reservation value must be from 0 to 54"):
        variants.of({"az": 99})


def test_analyses_follow_the_reservation_values():
    dec = load_builtin("december-2023")
    by_trust = AnalysesByTrust(dec)
    ref = dec.reference.outcome
    assert by_trust.at(1.0).zone_size == 13
    # Baku's alternative worth 35: the real package (34 to each side) fails for Baku.
    baku_strong = assess(by_trust.at(1.0, {"am": 20, "az": 35}), ref)
    assert [p.party_id for p in baku_strong.rejecters] == ["az"]
    assert by_trust.at(1.0, {"am": 35, "az": 35}).zone_size == 0
    assert by_trust.at(1.0, {"am": 20, "az": 35}) is by_trust.at(1.0, {"am": 20, "az": 35})


def test_the_note_says_equal_values_are_a_teaching_choice_and_why():
    dec = load_builtin("december-2023")
    note = reservation_note(dec)
    assert note.startswith("The course gives both delegations the same reservation value (20).")
    assert "Equal values are a teaching choice" in note
    assert "hide the imbalance of power between the two sides after 2023" in note
    assert reservation_note(load_builtin("comprehensive-treaty")).startswith(
        "The course gives both delegations the same reservation value (45)."
    )
    unequal = ReservationVariants(dec).of({"am": 10, "az": 30})
    assert reservation_note(unequal).startswith(
        "The scenario's reservation values: Yerevan 10, Baku 30."
    )
    assert own_reservation_text(dec.party("am"), 20) == ""
    assert own_reservation_text(dec.party("am"), 35) == (
        "In this exercise Yerevan's reservation value is 35 points, as set in the controls, not "
        "the brief's 20."
    )
