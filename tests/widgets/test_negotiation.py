import json

import pytest

from peacekit.widgets.negotiation import NegotiationExercise

from .tree import text_of


@pytest.fixture
def ex(tmp_path):
    return NegotiationExercise(folder=tmp_path)


def test_starts_ready_for_an_opening_offer_with_the_best_package_drafted(ex):
    assert ex.negotiation.status == "open" and not ex.negotiation.history
    assert ex.draft == ("r32", "none", "keep", "support", "continue")
    assert "worth 52 points to you" in text_of(ex.draft_worth.value)
    assert ex.accept_button.disabled and not ex.offer_button.disabled
    assert ex.chart_box.layout.display == "none"


def test_making_an_offer_shows_the_counter_offer_and_the_transcript(ex):
    ex.offer_button.click()
    status = text_of(ex.status.value)
    assert status.startswith("Round 1: Baku counter-offers:")
    assert "Round 2 of 8" in status
    assert text_of(ex.transcript.value).count("Round 1:") == 2
    assert not ex.accept_button.disabled


def test_copying_and_accepting_the_counter_offer_ends_with_a_debrief(ex):
    ex.offer_button.click()
    counter = ex.negotiation.last_counter_offer
    ex.copy_button.click()
    assert ex.draft == counter
    assert "Careful: it is worth less to you than no deal." in text_of(ex.draft_worth.value)
    ex.accept_button.click()
    assert ex.negotiation.status == "agreed"
    assert "You agreed to less than your reservation value" in text_of(ex.debrief.value)
    assert ex.chart_box.layout.display == "flex" and "Your offers" in ex.chart.value
    assert ex.offer_button.disabled


def test_moves_after_the_end_are_refused_with_a_message(ex):
    ex.walk_button.click()
    assert ex.negotiation.status == "no deal"
    ex.make_offer()
    assert "this negotiation has ended" in text_of(ex.message.value)


def test_accept_before_any_counter_offer_is_refused(ex):
    ex.accept()
    assert text_of(ex.message.value) == (
        "Not accepted: there is no counter-offer to accept yet; make an offer first"
    )


def test_a_deadline_of_0_is_refused_and_a_new_setup_starts_a_new_negotiation(ex):
    ex.deadline.value = 0
    assert ex.deadline.value == 8
    assert "the deadline must be from 1 to 30, got 0" in text_of(ex.message.value)
    ex.deadline.value = 3
    ex.side.value = "az"
    ex.tactic.value = "hardliner"
    assert "Hardliner: Asks for 90%" in text_of(ex.tactic_help.value)
    ex.start_button.click()
    n = ex.negotiation
    assert (n.player, n.counterpart.id, n.deadline) == ("az", "hardliner", 3)
    assert ex.message.value == ""


def test_an_unknown_tactic_is_refused(ex):
    ex.tactic.value = "bully"
    assert ex.tactic.value == "linear"
    assert "'bully' is not a choice for Counterpart's tactic" in text_of(ex.message.value)


def test_transcript_downloads_and_files_match_the_model(ex, tmp_path):
    assert ex.downloads.value == ""
    ex.offer_button.click()
    assert 'download="negotiation-transcript.md"' in ex.downloads.value
    assert 'download="negotiation-transcript.json"' in ex.downloads.value
    ex.save_button.click()
    md = (tmp_path / "negotiation-transcript.md").read_text(encoding="utf-8")
    assert md == ex.negotiation.transcript_markdown()
    data = json.loads((tmp_path / "negotiation-transcript.json").read_text(encoding="utf-8"))
    assert data["format"] == "peacekit-transcript/1" and len(data["moves"]) == 2
    assert "Saved negotiation-transcript.md and negotiation-transcript.json" in text_of(
        ex.message.value
    )


def test_a_folder_that_cannot_be_written_gives_a_message_not_a_traceback(tmp_path):
    ex = NegotiationExercise(folder=tmp_path / "missing")
    ex.offer_button.click()
    ex.save_button.click()
    assert text_of(ex.message.value).startswith("Not accepted: could not save the transcript in")


def test_the_result_can_be_exported_once_the_negotiation_ends(ex, tmp_path):
    from peacekit.scenarios.results_file import read_results

    assert ex.results.button.disabled
    ex.export_result()
    assert "finish the negotiation first" in text_of(ex.message.value)
    ex.offer_button.click()
    ex.walk_button.click()
    assert not ex.results.button.disabled
    ex.results.pair.value = "Ani"
    ex.results.button.click()
    results, problems = read_results([tmp_path], ex.scenario)
    assert problems == [] and [(r.pair, r.status) for r in results] == [("Ani", "no deal")]
    assert results[0].parties == {"am": "Ani", "az": "computer (Linear tactic)"}


def test_the_confidential_brief_shows_only_when_asked_and_hides_for_a_new_game(ex):
    secret = ex.scenario.party("am").confidential_brief
    assert secret not in text_of(ex.brief.value)
    assert ex.scenario.party("am").public_brief in text_of(ex.brief.value)
    ex.brief_toggle.value = True
    assert secret in text_of(ex.brief.value) and "Your points per option" in ex.brief.value
    ex.side.value = "az"
    ex.start_button.click()
    assert not ex.brief_toggle.value
    assert ex.scenario.party("az").confidential_brief not in text_of(ex.brief.value)


def test_reservation_values_apply_from_the_next_negotiation(ex):
    ex.reservations.boxes["am"].value = 40
    assert ex.negotiation.scenario.party("am").reservation == 20  # the running one keeps its own
    assert "Press “Start a new negotiation”" in text_of(ex.message.value)
    ex.start_button.click()
    assert ex.negotiation.scenario.party("am").reservation == 40
    assert ex.negotiation.scenario.party("az").reservation == 20
    assert "no deal is worth 40" in text_of(ex.draft_worth.value)
    ex.brief_toggle.value = True
    assert "reservation value is 40 points, as set in the controls, not the brief's 20" in (
        text_of(ex.brief.value)
    )
    ex.walk_button.click()
    debrief = text_of(ex.debrief.value)
    assert "40 for you (Yerevan), 20 for Baku" in debrief


def test_with_both_reservation_values_at_35_no_package_is_better_than_no_deal(ex):
    ex.reservations.set({"am": 35, "az": 35})
    ex.start_button.click()
    assert ex.negotiation.analysis.zone_size == 0
    ex.walk_button.click()
    assert "packages were better than no deal" not in text_of(ex.debrief.value)
