"""Alternating offers and the computer counterparts."""

from __future__ import annotations

import json

import pytest

from peacekit.model.bargaining import (
    ACCEPT,
    AGREED,
    DEADLINE,
    NO_DEAL,
    OFFER,
    Negotiation,
    play_out,
)
from peacekit.model.counterparts import NegotiationState, tactic, tactics
from peacekit.scenarios.scenario_file import load_builtin


@pytest.fixture(scope="module")
def december():
    return load_builtin("december-2023")


def state(round_, deadline=10, received=(), previous=None):
    return NegotiationState(
        round=round_,
        deadline=deadline,
        best=50.0,
        reservation=10.0,
        received=received,
        previous_aspiration=previous,
    )


def test_time_dependent_tactics_concede_at_their_own_pace():
    early = {name: tactic(name).aspiration(state(2)) for name in ("boulware", "linear", "conceder")}
    # Boulware holds firm, Conceder gives most away early, Linear is between.
    assert early["boulware"] > early["linear"] > early["conceder"]
    assert early["linear"] == pytest.approx(10 + 40 * (1 - 0.2))
    for name in ("boulware", "linear", "conceder"):
        values = [tactic(name).aspiration(state(r)) for r in range(0, 11)]
        assert values[0] == 50.0 and values[-1] == 10.0
        assert values == sorted(values, reverse=True)


def test_tit_for_tat_mirrors_concessions_and_retractions():
    tft = tactic("tit_for_tat")
    assert tft.aspiration(state(1, received=(5.0,))) == 50.0
    # The other side's offer improved by 6 points for us: concede 6.
    assert tft.aspiration(state(2, received=(5.0, 11.0), previous=50.0)) == 44.0
    # It took 4 points back: ask for 4 more.
    assert tft.aspiration(state(3, received=(11.0, 7.0), previous=44.0)) == 48.0
    # Never below the reservation value, never above the best.
    assert tft.aspiration(state(3, received=(0.0, 100.0), previous=44.0)) == 10.0


def test_hardliner_never_moves():
    hard = tactic("hardliner")
    assert {hard.aspiration(state(r)) for r in range(11)} == {10 + 0.9 * 40}


def test_unknown_tactic_and_bad_settings_are_refused(december):
    with pytest.raises(ValueError, match="unknown counterpart tactic 'bully'"):
        tactic("bully")
    with pytest.raises(ValueError, match="'xx' is not a party"):
        Negotiation(december, player="xx")
    for bad in (0, 31, 2.5, True):
        with pytest.raises(ValueError, match="whole number of rounds from 1 to 30"):
            Negotiation(december, player="am", deadline=bad)


def test_an_offer_the_counterpart_likes_is_accepted_at_once(december):
    n = Negotiation(december, player="am", counterpart="conceder", deadline=4)
    # Baku's best package: everything it wants, nothing it gives.
    best_for_baku = {
        "release_by_az": "none",
        "release_by_am": "r2",
        "cop29": "withdraw_support",
        "cop_bureau": "none",
        "further_cbms": "continue",
    }
    reply = n.offer(best_for_baku)
    assert reply.action == ACCEPT and reply.party == "az"
    assert n.status == AGREED and n.agreement == december.outcome(best_for_baku)
    with pytest.raises(ValueError, match="the negotiation has ended"):
        n.offer(best_for_baku)


def test_a_greedy_offer_gets_a_counter_offer_and_the_deadline_ends_it(december):
    n = Negotiation(december, player="am", counterpart="hardliner", deadline=2)
    greedy = {
        "release_by_az": "r32",
        "release_by_am": "none",
        "cop29": "keep",
        "cop_bureau": "support",
        "further_cbms": "continue",
    }
    with pytest.raises(ValueError, match="no counter-offer to accept yet"):
        n.accept()
    first = n.offer(greedy)
    assert first.action == OFFER and first.party == "az"
    assert first.values["az"] >= december.party("az").reservation
    assert n.rounds_left == 1
    last = n.offer(greedy)
    assert last.action == DEADLINE and n.status == NO_DEAL
    debrief = n.debrief()
    assert debrief.agreement is None
    assert debrief.values == {"am": 20.0, "az": 20.0}


def test_accepting_a_counter_offer_and_the_debrief(december):
    n = Negotiation(december, player="am", counterpart="linear", deadline=6, seed=4)
    greedy = {
        "release_by_az": "r32",
        "release_by_am": "none",
        "cop29": "keep",
        "cop_bureau": "support",
        "further_cbms": "continue",
    }
    counter = n.offer(greedy)
    n.accept()
    d = n.debrief()
    assert d.status == AGREED and d.agreement == counter.outcome
    assert d.values == n.analysis.utilities(counter.outcome)
    assert d.nash == n.analysis.outcome(n.analysis.nash)
    mine = next(c for c in d.concessions if c.party == "am")
    # Yerevan opened with 36 + 0 + 0 + 10 + 6 = 52 points for itself.
    assert mine.opening_value == 52.0
    assert mine.points == 52.0 - d.values["am"]
    assert len(mine.changed_issues) == sum(
        a != b for a, b in zip(december.outcome(greedy), counter.outcome, strict=True)
    )


def test_transcript_exports(december):
    n = Negotiation(december, player="az", counterpart="tit_for_tat", deadline=5, seed=9)
    play_out(n, "conceder")
    data = json.loads(n.transcript_json())
    assert data["format"] == "peacekit-transcript/1"
    assert data["player"] == "az" and data["counterpart"] == "tit_for_tat"
    assert len(data["moves"]) == len(n.history)
    md = n.transcript_markdown()
    assert md.count("\n| ") == len(n.history) + 1  # the header row and one row per move
    assert "illustrative" in md


def test_every_pair_of_tactics_plays_to_an_end(december):
    for mine in tactics():
        for theirs in tactics():
            n = Negotiation(december, player="am", counterpart=theirs, deadline=8, seed=1)
            d = play_out(n, mine)
            assert d.status in (AGREED, NO_DEAL)
