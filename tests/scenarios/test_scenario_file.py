"""Scenario files: the built-in ones load, and every kind of bad file gets one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.scenario_file import (
    builtin_scenario_names,
    check_scenario,
    load_builtin,
    load_scenario,
)

HERE = Path(__file__).parents[1] / "scenarios"
GOOD = HERE / "good" / "river.yaml"


def test_one_mistake_with_consequences_gives_each_of_its_lines():
    """Removing an option is one mistake with real consequences: the scores name it. (The
    first line of every bad file is checked in test_hostile_corpus.py.)"""
    name = "17-one-option.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(HERE / "bad" / name, name=name)
    assert [str(p) for p in caught.value.problems] == [
        f"{name}:30: issue 'data', options: has 1 item; expected at least 2 items",
        f"{name}:35: scores.up.data: 'none' is not an option of issue 'data'; expected one "
        "of: promise",
        f"{name}:38: scores.down.data: 'none' is not an option of issue 'data'; expected one "
        "of: promise",
    ]


def test_oversized_file_is_refused_at_the_line_that_passes_the_limit(tmp_path):
    big = tmp_path / "big.yaml"
    good = GOOD.read_text()
    assert good.count("\n") == 39
    big.write_text(good + "# " + "x" * 1_100_000 + "\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(big, name="big.yaml")
    # The good file's 39 lines are 1,3xx bytes; the limit is passed on line 40, the comment.
    assert [str(p) for p in caught.value.problems] == [
        "big.yaml:40: the file is longer than 500,000 bytes (the limit is passed on this "
        "line); expected at most 500,000 (a scenario is a few kilobytes)"
    ]


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(tmp_path)


def test_good_file_written_from_the_documentation_loads():
    scenario = load_scenario(GOOD)
    assert scenario.party_ids == ("up", "down")
    assert scenario.issue_ids == ("flow", "data")
    data = scenario.issue("data")
    assert data.option("promise").is_promise and data.option("promise").by == ("up",)
    assert data.option("none").kind == "act"
    assert scenario.scores["down"]["flow"]["high"] == 30
    assert scenario.outcomes_count == 6


def test_builtin_scenarios_load():
    assert builtin_scenario_names() == [
        "choosing-a-venue",
        "comprehensive-treaty",
        "december-2023",
    ]
    for name in builtin_scenario_names():
        scenario = load_builtin(name)
        assert scenario.illustrative_note
        assert scenario.sources
        assert len(scenario.parties) == 2


def test_empty_agreement_zone_is_valid_but_warned(tmp_path):
    text = GOOD.read_text().replace("reservation: 10\n", "reservation: 29\n")
    scenario, warnings = check_scenario(tmp_path / "x.yaml", name="tight.yaml", text=text)
    assert scenario.party("up").reservation == 29
    assert [str(w) for w in warnings] == [
        "tight.yaml:33: warning: no outcome clears every party's reservation value at full "
        "trust (the agreement zone is empty); the scenario is valid, but no deal is possible"
    ]


def test_outcome_refuses_values_the_model_cannot_take():
    scenario = load_scenario(GOOD)
    assert scenario.outcome({"flow": "mid", "data": "none"}) == ("mid", "none")
    with pytest.raises(ValueError, match="'medium' is not an option of issue 'flow'"):
        scenario.outcome({"flow": "medium", "data": "none"})
    with pytest.raises(ValueError, match="no option chosen for issue 'data'"):
        scenario.outcome({"flow": "mid"})
    with pytest.raises(ValueError, match="unknown issue 'fish'"):
        scenario.outcome({"flow": "mid", "data": "none", "fish": "x"})


def test_the_annotated_example_in_the_book_is_valid():
    example = Path(__file__).parents[2] / "book" / "instructor" / "example-scenario.yaml"
    scenario, warnings = check_scenario(example)
    assert warnings == []
    assert scenario.third_party("basin_commission").accepted_by("up")
    assert scenario.reference.outcome == ("mid", "promise")
