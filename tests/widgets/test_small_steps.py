import pytest

from peacekit.model.trust_ladder import simulate
from peacekit.widgets.small_steps import SmallStepsExercise

from .tree import text_of


@pytest.fixture
def ex():
    return SmallStepsExercise()


def test_starts_with_grit_against_the_silver_bullet_and_draws_every_chart(ex):
    assert ex.pair == ("grit", "silver_bullet")
    run = simulate(ex.scenario, ex.pair, seed=0)
    assert text_of(ex.result.value) == text_of(
        f"Yerevan plays GRIT (small steps), Baku plays Silver bullet (seed 0): the agreement "
        f"zone first opens after round {run.first_open}."
    )
    for chart in (ex.trust_chart, ex.zone_chart, ex.compare_chart):
        assert "<svg" in chart.value and "<desc>" in chart.value
    assert "Yerevan: trust" in ex.trust_chart.value and "am: trust" not in ex.trust_chart.value
    assert "Round by round" in text_of(ex.table.value)


def test_changing_a_strategy_reruns_and_marks_the_comparison_out_of_date(ex):
    before = ex.compare_chart.value
    ex.strategy["am"].value = "silver_bullet"
    assert "the agreement zone never opens in 30 rounds" in text_of(ex.result.value)
    assert "for your previous choice" in text_of(ex.compare_note.value)
    assert ex.compare_chart.value == before
    ex.compare_button.click()
    assert ex.compare_chart.value != before
    assert "the same luck, for every pair" in text_of(ex.compare_note.value)
    assert text_of(ex.compare_text.value).count("Yerevan: Silver bullet / Baku: Silver bullet") == 1


def test_next_seed_changes_the_luck(ex):
    ex.next_seed.click()
    assert ex.seed.value == 1
    assert "(seed 1)" in text_of(ex.result.value)


def test_a_guarantor_both_sides_accept_changes_the_run(ex):
    without = simulate(ex.scenario, ex.pair, seed=0)
    ex.guarantor.value = "washington"
    with_g = simulate(ex.scenario, ex.pair, seed=0, guarantor="washington")
    assert with_g.first_open < without.first_open
    assert text_of(ex.result.value).endswith(f"first opens after round {with_g.first_open}.")
    labels = dict(ex.guarantor.options)
    assert labels["Paris (vetoed by Baku: no effect)"] == "paris"


def test_bad_values_are_refused(ex):
    ex.seed.value = 12_000
    assert ex.seed.value == 0
    assert "the seed must be a whole number from 0 to 9999" in text_of(ex.message.value)
    ex.strategy["az"].value = "bluff"
    assert ex.strategy["az"].value == "silver_bullet"
    assert "'bluff' is not a strategy" in text_of(ex.message.value)


def test_low_reservation_values_open_the_treaty_zone_from_the_start(ex):
    ex.reservations.set({"am": 25, "az": 15})
    assert text_of(ex.result.value).endswith("the agreement zone is open from the start.")
    assert "Press “Compare over 200 seeds”" in text_of(ex.compare_note.value)
    ex.compare_button.click()
    assert "Silver bullet: the zone opened in 100% of 200 runs (median round 0)" in text_of(
        ex.compare_text.value
    )
    ex.reservations.reset()
    assert "first opens after round" in text_of(ex.result.value)


def test_a_reservation_value_above_every_treaty_is_refused(ex):
    ex.reservations.boxes["az"].value = 65
    assert ex.reservations.boxes["az"].value == 45
    assert "Baku's reservation value must be from 0 to 64" in text_of(ex.message.value)
