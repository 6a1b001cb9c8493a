import pytest

from peacekit.widgets.two_publics import TwoPublicsExercise

from .tree import text_of


@pytest.fixture
def ex():
    return TwoPublicsExercise()


def test_starts_with_the_real_package_signed_but_not_ratified(ex):
    assert ex.outcome == ex.scenario.reference.outcome
    text = text_of(ex.result.value)
    assert text.startswith(
        "In this model, with the course's chosen numbers, both delegations would sign this "
        "package, but the Armenian public would reject it; this follows from those numbers, not "
        "from evidence about the real public."
    )
    assert "(before any engagement)" in text
    assert ex.chart_box.layout.display == "none"
    assert "Win-sets now:" in text_of(ex.win_sets.value)


def test_the_probe_package_issue_changes_the_verdict(ex):
    before = text_of(ex.result.value)
    ex.choices["release_by_az"].value = "r16"
    assert text_of(ex.result.value) != before
    assert "Yerevan's delegation would not sign" in text_of(ex.result.value)


def test_planner_and_rounds_of_engagement_bring_ratification(ex):
    ex.plan_button.click()
    assert sum(ex.plan.values()) == ex.stakeholders.rules.budget
    assert text_of(ex.budget.value).startswith("Budget used: 6 of 6 units")
    ex.rounds.value = 10
    assert text_of(ex.result.value).startswith(
        "In this model, with the course's chosen numbers, both delegations would sign this "
        "package, and both publics would ratify it;"
    )
    assert ex.chart_box.layout.display == "flex" and "<desc>" in ex.chart.value
    assert "The Armenian public: trust" in ex.chart.value


def test_the_budget_cannot_be_overspent(ex):
    ex.plan_button.click()
    ex.units["academia"].value = 5
    assert ex.units["academia"].value != 5
    assert "the allocation spends" in text_of(ex.message.value)
    assert "the budget is 6" in text_of(ex.message.value)
    ex.clear_button.click()
    assert ex.plan == {}
    ex.units["academia"].value = 5
    assert ex.plan == {"academia": 5.0}


def test_bad_rounds_are_refused(ex):
    ex.rounds.value = 40
    assert ex.rounds.value == 0
    assert "from 0 to 30" in text_of(ex.message.value)


def test_every_stakeholder_group_has_a_labelled_box_and_a_reason(ex):
    table = text_of(ex.groups_table.value)
    for g in ex.stakeholders.groups:
        assert ex.units[g.id].description == g.label
        assert g.label in table and g.reason[:40] in table


def test_unequal_reservation_values_change_which_public_decides(ex):
    """Model numbers checked in the lens tests; here, that the controls reach the model."""
    ex.reservations.set({"am": 10, "az": 20})
    text = text_of(ex.result.value)
    assert text.startswith("In this model, with the reservation values you set, both delegations")
    assert "both publics would ratify it" in text
    assert "3 packages would be signed by both delegations" in text_of(ex.win_sets.value)
    ex.reservations.set({"am": 15, "az": 25})
    assert "but the Azerbaijani public would reject it" in text_of(ex.result.value)
    ex.reservations.reset_button.click()
    assert "but the Armenian public would reject it" in text_of(ex.result.value)
    assert "with the course's chosen numbers" in text_of(ex.result.value)


def test_a_reservation_value_out_of_range_is_refused(ex):
    before = ex.result.value
    ex.reservations.boxes["az"].value = 60
    assert ex.reservations.boxes["az"].value == 20 and ex.result.value == before
    assert "Baku's reservation value must be from 0 to 54" in text_of(ex.message.value)
