"""Wording and formatting that every printed sheet shares.

Each handout states that the points are illustrative teaching devices, writes
points the same way (+12, 0, −4) and names who acts or promises in the same
words, so that a student comparing two sheets sees the same conventions on both.
"""

from __future__ import annotations

from ..model.scenario import Scenario
from .facilitation import option_kind
from .handout import Box, Para, Runs, runs

#: Said on every sheet, whatever the scenario file says in addition.
ILLUSTRATIVE = (
    "The points and reservation values in this exercise are illustrative teaching "
    "devices, not measurements of any government's or community's real preferences."
)

DEFAULT_MINUTES = 40


def illustrative_box(scenario: Scenario) -> Box:
    """The scenario's own note on its numbers, plus the course's, unless it says as much."""
    note = scenario.illustrative_note
    paras = [Para(runs(note))]
    if "illustrative" not in note.casefold():
        paras.insert(0, Para(runs(ILLUSTRATIVE)))
    return Box("About the points", tuple(paras))


def kind_cell(scenario: Scenario, option) -> Runs:
    return runs(option_kind(scenario, option) or "\u2014")


def session_steps(minutes: int) -> list[tuple[str, int, str]]:
    return [
        ("Introduction and ground rules", 10, "The facilitator explains the exercise."),
        ("Reading and preparation", 15, "Each delegation reads its sheets and plans."),
        ("Negotiation", minutes, "Pairs or teams negotiate; delegations may caucus."),
        ("Recording the agreement", 5, "Each pair fills in and signs the agreement form."),
        ("Debrief", 20, "All agreements on one chart; discussion out of role."),
    ]
