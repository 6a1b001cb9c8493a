import pytest

from peacekit.widgets.venue import VenueExercise

from .tree import text_of


@pytest.fixture
def ex():
    return VenueExercise()


def test_starts_with_equal_weights_and_shows_every_venue(ex):
    assert ex.weighting == {"acceptance_am": 5, "acceptance_az": 5, "capacity": 5}
    table = text_of(ex.table.value)
    for venue in ex.scenario.third_parties:
        assert venue.name in table
    assert "vetoed by Baku" in table and "vetoed by Yerevan" in table
    assert text_of(ex.no_winner.value).startswith("No venue ranks first under every weighting.")


def test_a_preset_sets_all_weights_with_one_update(ex, monkeypatch):
    calls = []
    original = ex.update
    monkeypatch.setattr(ex, "update", lambda r: (calls.append(1), original(r))[1])
    ex.preset.value = "only_az"
    assert ex.weighting == {"acceptance_am": 0, "acceptance_az": 10, "capacity": 0}
    assert len(calls) == 1
    assert "But Ankara is vetoed by Yerevan" in text_of(ex.result.value)
    assert ">Ankara</text>" in ex.chart.value


def test_moving_one_weight_reranks(ex):
    ex.weights["capacity"].value = 0
    assert "Highest score: Tbilisi (0.8)." in text_of(ex.result.value)


def test_a_weight_of_11_is_refused_and_the_weight_kept(ex):
    ex.weights["capacity"].value = 11
    assert ex.weights["capacity"].value == 5
    assert text_of(ex.message.value) == "Not accepted: a weight must be from 0 to 10, got 11"


def test_all_weights_at_zero_explain_why_there_is_no_ranking(ex):
    for w in ex.weights.values():
        w.value = 0
    assert "at least one criterion needs a weight above 0" in text_of(ex.message.value)
    assert text_of(ex.result.value).startswith("No ranking:")
    assert ex.chart.value == ""
    ex.weights["capacity"].value = 3
    assert ex.message.value == "" and ex.chart.value
