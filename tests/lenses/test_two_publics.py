import pytest

from peacekit.charts.numbers import points_text
from peacekit.lenses.two_publics import (
    after_engagement,
    budget_line,
    check_rounds,
    headline,
    public_names,
    verdict_lines,
    win_set_line,
)
from peacekit.model.societal_engagement import planned
from peacekit.model.stakeholders import stakeholders_of
from peacekit.model.trust_ladder import trust_setting
from peacekit.model.two_level import start_states, two_level
from peacekit.scenarios.scenario_file import load_builtin

DEC = load_builtin("december-2023")
MODEL = two_level(DEC)
REF = DEC.reference.outcome
CRED = dict(trust_setting(DEC).initial)


def test_before_engagement_the_real_package_is_signed_but_one_public_says_no():
    r = MODEL.ratification(REF, start_states(DEC), CRED)
    assert r.signed and not r.ratified and r.rejecting_publics == ["am"]
    assert headline(r, DEC) == (
        "In this model, with the course's chosen numbers, both delegations would sign this "
        "package, but the Armenian public would reject it; this follows from those numbers, not "
        "from evidence about the real public. A deal the governments sign but a public rejects "
        "is not peace."
    )


def test_verdict_lines_name_every_term_and_match_the_model():
    r = MODEL.ratification(REF, start_states(DEC), CRED)
    lines = verdict_lines(r, DEC, MODEL, CRED)
    am, az = r.verdicts["am"], r.verdicts["az"]
    assert lines[0] == (
        "Yerevan's delegation would sign: it counts the other side's promises at 0.3 of their "
        "value."
    )
    assert lines[2].startswith(
        f"The Armenian public would reject it: acceptance {points_text(round(am.acceptance, 2))} = "
        f"gain {points_text(round(am.gain, 2))} − {points_text(round(am.suspicion_penalty, 2))} "
        "for suspecting"
    )
    assert "for suspecting hidden terms" in lines[2] and "lopsided against" not in lines[2]
    assert lines[3].startswith("The Azerbaijani public would ratify it:")
    assert "for an exchange that looks lopsided against it" in lines[3]
    assert az.fairness_penalty > 0 and am.suspicion_penalty > 0


def test_engagement_with_steps_widens_both_win_sets_and_brings_ratification():
    start = after_engagement(DEC, {}, 0, steps=True)
    assert start.run is None and start.states == start_states(DEC)
    later = after_engagement(DEC, planned(DEC)["am"], 10, steps=True)
    assert later.rounds == 10 and len(later.run.rounds) == 10
    for p in DEC.party_ids:
        assert len(MODEL.win_set(p, later.states[p])) > len(MODEL.win_set(p, start.states[p]))
    r = MODEL.ratification(REF, later.states, later.credibility)
    assert r.ratified
    assert headline(r, DEC) == (
        "In this model, with the course's chosen numbers, both delegations would sign this "
        "package, and both publics would ratify it; this follows from those numbers, not from "
        "evidence about the real publics."
    )


def test_an_unsigned_package_names_the_delegation():
    package = ("r32", "none", "keep", "support", "continue")
    r = MODEL.ratification(package, start_states(DEC), CRED)
    assert not r.delegations["az"]
    text = headline(r, DEC, numbers="the reservation values you set")
    assert text.startswith(
        "In this model, with the reservation values you set, Baku's delegation would not sign "
        "this package"
    )


def test_win_set_line_counts_packages():
    states = start_states(DEC)
    text = win_set_line(MODEL, DEC, states, CRED)
    am = len(MODEL.win_set("am", states["am"]))
    az = len(MODEL.win_set("az", states["az"]))
    both = len(MODEL.ratifiable(states, CRED))
    assert text == (
        f"Win-sets now: the Armenian public would ratify {am} and the Azerbaijani public {az} "
        f"of the 144 possible packages; {both} packages would be signed by both delegations "
        "and ratified by both publics."
    )


def test_budget_line_and_public_names():
    assert public_names(DEC) == {"am": "The Armenian public", "az": "The Azerbaijani public"}
    budget = stakeholders_of(DEC).rules.budget
    assert budget_line(DEC, {"academia": 1.5}) == (
        f"Budget used: 1.5 of {budget:g} units a round, the same plan on both sides."
    )


@pytest.mark.parametrize("bad", [-1, 31, 2.5, "3", None, True])
def test_rounds_must_be_whole_and_in_range(bad):
    with pytest.raises(ValueError, match="the rounds of engagement must be a whole number"):
        check_rounds(bad)
