import pytest

from peacekit.widgets.package_deal import PackageDealExercise

from .tree import text_of


@pytest.fixture
def ex():
    return PackageDealExercise()


def test_starts_from_nothing_agreed_and_both_reject(ex):
    assert ex.outcome == ("none", "none", "keep", "none", "none")
    assert text_of(ex.result.value).startswith("Both delegations would reject this package.")
    assert "<svg" in ex.chart.value and "Your package" in ex.chart.value
    assert "144 possible packages" in text_of(ex.chart_summary.value)


def test_choosing_an_option_updates_verdict_and_chart(ex):
    before_chart = ex.chart.value
    ex.choices["release_by_az"].value = "r32"
    assert text_of(ex.result.value).startswith("Baku would reject this package.")
    assert "Azerbaijan releases Armenian servicemen: 32 released (−16)" in text_of(ex.result.value)
    assert ex.chart.value != before_chart


def test_loading_the_real_package_gets_both_to_accept_with_one_update(ex, monkeypatch):
    calls = []
    original = ex.update
    monkeypatch.setattr(ex, "update", lambda: (calls.append(1), original())[1])
    ex.reference_button.click()
    assert ex.outcome == ex.scenario.reference.outcome
    assert len(calls) == 1
    assert text_of(ex.result.value).startswith("Both delegations would accept this package.")
    assert "It is the package of the 7 December 2023 joint statement." in text_of(ex.result.value)
    ex.reset_button.click()
    assert ex.outcome == ("none", "none", "keep", "none", "none")


def test_lower_trust_discounts_promises_in_the_points_column_and_verdict(ex):
    ex.reference_button.click()
    ex.trust.value = 0.0
    assert ex.trust_slider.value == 0.0  # the slider follows the number box
    assert "Yerevan would reject this package." in text_of(ex.result.value)
    assert "Yerevan +10 (counted 0 at trust 0)" in text_of(ex.points["cop_bureau"].value)
    ex.trust_slider.value = 0.5
    assert ex.trust.value == 0.5
    assert "Both delegations would accept" in text_of(ex.result.value)


def test_trust_of_1_7_is_refused_with_a_message_not_clamped(ex):
    ex.trust.value = 0.4
    ex.trust.value = 1.7
    assert ex.trust.value == 0.4
    assert "Not accepted: trust must be from 0 (no trust in promises) to 1" in text_of(
        ex.message.value
    )
    ex.trust_slider.value = -2
    assert ex.trust_slider.value == 0.4
    ex.trust.value = 0.5  # a good value clears the message
    assert ex.message.value == ""


def test_an_option_not_in_the_issue_is_refused(ex):
    ex.choices["cop29"].value = "maybe"
    assert ex.choices["cop29"].value == "keep"
    assert text_of(ex.message.value) == (
        "Not accepted: 'maybe' is not an option for Armenia's COP29 candidacy; "
        "expected one of: keep, withdraw, withdraw_support"
    )


def test_a_delegation_view_shows_only_its_own_points_and_its_brief(ex):
    ex.viewpoint.value = "az"
    shown = [text_of(h.value) for h in ex.points.values()]
    assert all(s.startswith("Baku ") and "Yerevan" not in s for s in shown)
    brief = text_of(ex.brief.value)
    assert "Hosting COP29 matters most to your side" in brief
    ex.viewpoint.value = "am"
    assert "Bringing servicemen home matters most to your side" in text_of(ex.brief.value)
    ex.viewpoint.value = "both"
    assert "Yerevan 0 · Baku 0" in text_of(ex.points["cop29"].value)


def test_an_unknown_viewpoint_is_refused(ex):
    ex.viewpoint.value = "moscow"
    assert ex.viewpoint.value == "both"
    assert "'moscow' is not a choice for Show the view of" in text_of(ex.message.value)


def test_the_illustrative_note_is_shown(ex):
    assert ex.scenario.illustrative_note in text_of(ex.note.value).replace("’", "'")


def test_export_writes_a_results_file_the_classroom_debrief_reads(tmp_path):
    from peacekit.scenarios.results_file import read_results

    ex = PackageDealExercise(folder=tmp_path)
    ex.reference_button.click()
    ex.results.export(None)  # no pair name yet
    assert "a result needs a pair name" in text_of(ex.message.value)
    ex.results.pair.value = "Table 3"
    ex.results.players["am"].value = "Ani, Davit"
    ex.results.button.click()
    path = tmp_path / "result-december_2023-table-3.json"
    results, problems = read_results([path], ex.scenario)
    assert problems == [] and len(results) == 1
    r = results[0]
    assert (r.pair, r.status, r.agreement) == ("Table 3", "agreed", ex.scenario.reference.outcome)
    assert r.parties["am"] == "Ani, Davit"
    assert 'download="result-december_2023-table-3.json"' in ex.results.outcome.value


def test_exporting_a_package_the_model_says_one_side_rejects_gets_a_note(tmp_path):
    ex = PackageDealExercise(folder=tmp_path)
    ex.choices["release_by_az"].value = "r32"
    ex.results.pair.value = "Pair 1"
    ex.results.button.click()
    assert "in the model Baku would reject this package" in text_of(ex.message.value)
    ex.results.no_deal.click()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["result-december_2023-pair-1-2.json", "result-december_2023-pair-1.json"]
    assert '"status": "no deal"' in (tmp_path / files[0]).read_text("utf-8")


def test_unequal_reservation_values_can_make_the_real_package_fail():
    ex = PackageDealExercise()
    ex.load_reference()
    note = text_of(ex.reservations.children[0].value)
    assert "Equal values are a teaching choice" in note
    ex.reservations.boxes["az"].value = 35  # Baku's alternative to a deal is now worth more
    assert text_of(ex.result.value).startswith("Baku would reject this package.")
    assert "1 below its reservation value of 35" in text_of(ex.result.value)
    ex.reservations.set({"am": 35, "az": 20})
    assert text_of(ex.result.value).startswith("Yerevan would reject this package.")
    ex.viewpoint.value = "am"
    assert "reservation value is 35 points, as set in the controls, not the brief's 20" in (
        text_of(ex.brief.value)
    )
    ex.reservations.reset()
    assert text_of(ex.result.value).startswith("Both delegations would accept this package.")


def test_a_reservation_value_that_no_package_can_reach_is_refused():
    ex = PackageDealExercise()
    ex.reservations.boxes["am"].value = 53
    assert ex.reservations.boxes["am"].value == 20
    assert "Yerevan's reservation value must be from 0 to 52" in text_of(ex.message.value)
