"""Wording and formatting that every printed sheet shares.

Each handout states that the points are illustrative teaching devices, writes
points the same way (+12, 0, −4) and names who acts or promises in the same
words, so that a student comparing two sheets sees the same conventions on both.
"""

from __future__ import annotations

from ..model.scenario import Scenario
from .facilitation import option_kind
from .handout import Box, Para, Runs, runs
from .run_sheets import LONG, run_sheet

#: Said on every sheet, whatever the scenario file says in addition.
ILLUSTRATIVE = (
    "The points and reservation values in this exercise are illustrative teaching "
    "devices, not measurements of any government's or community's real preferences."
)

DEFAULT_MINUTES = 30


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
    """The 90-minute run sheet (:mod:`.run_sheets`) as (step, minutes, what happens)."""
    return [(s.name, s.minutes, s.what) for s in run_sheet(LONG, minutes)]
