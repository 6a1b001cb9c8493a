import xml.etree.ElementTree as ET

from peacekit.lenses.negotiation import (
    debrief_lines,
    map_summary,
    move_text,
    negotiation_map,
    status_text,
)
from peacekit.model.bargaining import Negotiation, play_out
from peacekit.scenarios.scenario_file import load_builtin

DEC = load_builtin("december-2023")
REF = DEC.reference.outcome


def new(**kw):
    return Negotiation(DEC, player=kw.pop("player", "am"), **kw)


def test_status_before_the_first_offer_asks_for_an_opening_offer():
    n = new(deadline=5)
    assert status_text(n).startswith("Round 1 of 5. Make your opening offer")


def test_counter_offers_show_only_the_students_own_points():
    n = new(counterpart="linear")
    reply = n.offer(("r32", "none", "keep", "support", "continue"))
    text = move_text(n, reply)
    assert text.startswith("Round 1: Baku counter-offers: ")
    assert f"(worth {reply.values['am']:g} to you)".replace("-", "−") in text
    assert str(reply.values["az"]).replace(".0", "") not in text.split("(worth")[1]
    assert "Round 2 of 8 (7 left)" in status_text(n)


def test_the_student_playing_baku_sees_yerevan_as_the_counterpart():
    n = new(player="az")
    reply = n.offer(("none", "r2", "withdraw_support", "none", "continue"))
    assert move_text(n, reply).startswith("Round 1: Yerevan ")


def test_debrief_of_an_agreement_on_the_frontier_names_concessions_and_nash():
    n = new(counterpart="linear")
    d = play_out(n, "linear")
    assert d.status == "agreed" and d.on_frontier
    lines = debrief_lines(n, d)
    assert lines[0].startswith(f"Agreement after {d.rounds_used} rounds:")
    assert any(line.startswith("The agreement is on the Pareto frontier") for line in lines)
    assert any(line.startswith("You opened with a package worth 48 to you") for line in lines)
    assert any(line.startswith("Baku opened with") for line in lines)
    assert lines[-1].startswith("The Nash point") and "(Yerevan 34, Baku 34)" in lines[-1]


def test_debrief_off_the_frontier_says_how_far_and_how_many_issues():
    n = new(counterpart="conceder")
    d = play_out(n, "linear")
    assert not d.on_frontier
    text = " ".join(debrief_lines(n, d))
    assert f"{d.frontier_steps} issues would make both sides at least as well off" in text


def test_debrief_warns_when_the_student_accepts_less_than_no_deal():
    n = new(counterpart="linear")
    n.offer(("r32", "none", "keep", "support", "continue"))
    n.accept()  # Baku's opening counter-offer is worth −2 to Yerevan
    text = " ".join(debrief_lines(n))
    assert "You agreed to less than your reservation value (20)" in text


def test_debrief_of_no_deal_mentions_the_packages_left_unused():
    n = new(counterpart="hardliner", deadline=3)
    d = play_out(n, "hardliner")
    assert d.status == "no deal"
    lines = debrief_lines(n, d)
    assert lines[0] == (
        "No deal after 3 rounds. Both sides fall back on their reservation values: "
        "20 for you (Yerevan), 20 for Baku."
    )
    assert (
        lines[1] == f"Yet {n.analysis.zone_size} packages were better than no deal for both sides."
    )


def test_walking_away_is_reported():
    n = new()
    n.offer(("r32", "none", "keep", "support", "continue"))
    assert n.status == "open"
    move = n.walk_away()
    assert move_text(n, move) == "Round 2: You walk away. No deal."


def test_the_map_draws_both_offer_paths_and_the_agreement():
    n = new(counterpart="linear")
    play_out(n, "linear")
    svg = negotiation_map(n)
    ET.fromstring(svg)  # well-formed
    assert "Your offers" in svg and "Baku's offers" in svg and "Agreement" in svg
    assert map_summary(n) in svg
