"""The journal's words: which questions a notebook asks, and what it says about the answers."""

from datetime import datetime

import pytest

from peacekit.lenses.journal import answered, export_text, loaded_text, saved_text, sections_for
from peacekit.scenarios.questions import builtin_reflection_questions

EVERY = builtin_reflection_questions()


def test_one_section_or_every_section():
    first = EVERY[0].id
    assert sections_for(EVERY, first) == (EVERY[0],)
    assert sections_for(EVERY, None) == EVERY


def test_an_unknown_section_names_the_sections_there_are():
    with pytest.raises(ValueError, match=f"no reflection questions for 'nope'.*{EVERY[0].id}"):
        sections_for(EVERY, "nope")


def test_blank_answers_do_not_count():
    assert answered(["a", "b", "c"], {"a": "text", "b": "  \n", "d": "other"}) == 1


def test_the_status_lines_count_and_name_the_file():
    assert loaded_text(0, "j.json") == "Answers will be saved to j.json."
    assert loaded_text(1, "j.json") == "Loaded 1 saved answer from j.json."
    assert loaded_text(3, "j.json") == "Loaded 3 saved answers from j.json."
    assert saved_text(datetime(2026, 12, 4, 9, 5, 7), "j.json") == "Saved at 09:05:07 to j.json."
    assert export_text(2, 5) == "Export ready: 2 of 5 questions answered."
