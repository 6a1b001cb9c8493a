"""Scenario files: the built-in ones load, and every kind of bad file gets one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacekit.model.scenario import MAX_OUTCOMES
from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.scenario_file import (
    builtin_scenario_names,
    check_scenario,
    load_builtin,
    load_scenario,
)

HERE = Path(__file__).parents[1] / "scenarios"
GOOD = HERE / "good" / "river.yaml"

# Each malformed file and the exact message `peacekit validate` must print for it.
# Line numbers were checked by hand against the files in tests/scenarios/bad/.
BAD = {
    "01-empty.yaml": ["1: the file is empty; expected a YAML mapping"],
    "02-only-comments.yaml": ["1: the file is empty; expected a YAML mapping"],
    "03-not-yaml.yaml": [
        "2: not valid YAML: expected ',' or ']', but got ':' while parsing a flow sequence; "
        "check indentation, colons and quotes"
    ],
    "04-not-utf8.yaml": ["11: byte 0xe9 is not UTF-8 text; save the file as UTF-8"],
    "05-top-level-list.yaml": ["1: the scenario: expected a mapping of keys, found a list"],
    "06-plain-text.yaml": [
        "1: the scenario: expected a mapping of keys, found text 'This is a letter, not a sce...'"
    ],
    "07-billion-laughs.yaml": [
        "1: YAML anchors and aliases are not allowed ('&a'); write each value out in full"
    ],
    "08-duplicate-key.yaml": [
        "14: duplicate key 'reservation' (the mapping starts at line 9); each key may appear once"
    ],
    "09-unknown-top-key.yaml": [
        "3: the scenario: unknown key 'titel' (did you mean 'title'?); expected one of: id, "
        "title, summary, illustrative, sources, parties, issues, scores, third_parties, "
        "reference, publics, stakeholders, trust, classroom"
    ],
    "10-missing-scores.yaml": ["2: the scenario: missing key 'scores'"],
    "11-one-party.yaml": ["8: parties: has 1 item; expected at least 2 items"],
    "12-missing-reservation.yaml": ["9: party 'up': missing key 'reservation'"],
    "13-reservation-text.yaml": [
        "13: party 'up', reservation: expected a number, found text 'ten'"
    ],
    "14-bad-party-id.yaml": [
        "9: parties[0].id: 'Upstream State' is not a valid id; expected lower-case letters, "
        "digits and '_', starting with a letter (e.g. 'cop29_bid')"
    ],
    "15-duplicate-party-id.yaml": [
        "15: party 'up', id: id 'up' is used twice (first at line 9); expected each id once"
    ],
    "16-misspelt-party-key.yaml": [
        "14: party 'up': unknown key 'reservation_descripton' (did you mean "
        "'reservation_description'?); expected one of: id, name, public_brief, "
        "confidential_brief, reservation, reservation_description, short_name, interests"
    ],
    # Removing an option is one mistake with real consequences: the scores name it.
    "17-one-option.yaml": [
        "30: issue 'data', options: has 1 item; expected at least 2 items",
        "35: scores.up.data: 'none' is not an option of issue 'data'; expected one of: promise",
        "38: scores.down.data: 'none' is not an option of issue 'data'; expected one of: promise",
    ],
    "18-unknown-kind.yaml": [
        "31: issue 'data', options[0].kind: 'maybe' is not allowed; expected one of: act, promise"
    ],
    "19-promise-without-by.yaml": [
        "32: issue 'data', options[1]: a promise needs 'by', the party or parties who promise; "
        "expected e.g. 'by: az' or 'by: [am, az]'"
    ],
    "20-promise-by-unknown-party.yaml": [
        "32: issue 'data', options[1].by: 'upstream' is not a party; expected one of: up, down"
    ],
    "21-scores-missing-party.yaml": [
        "33: scores: no scoring table for party 'down'; expected one per party"
    ],
    "22-scores-unknown-option.yaml": [
        "39: scores.down.data: 'treaty' is not an option of issue 'data'; expected one of: "
        "none, promise"
    ],
    "23-scores-missing-option.yaml": [
        "38: scores.down.flow: no points for option 'mid'; expected points for every option"
    ],
    "24-scores-unknown-issue.yaml": [
        "37: scores.up: 'fish' is not an issue; expected one of: flow, data"
    ],
    "25-score-out-of-range.yaml": [
        "35: scores.up.flow.low: 30000 is out of range; expected a number between -1000 and 1000"
    ],
    "26-score-not-number.yaml": ["35: scores.up.flow.low: expected a number, found yes/no (true)"],
    "27-capacity-out-of-range.yaml": [
        "43: third party 'basin_commission', capacity: 1.5 is out of range; expected a number "
        "between 0 and 1"
    ],
    "28-acceptance-missing-party.yaml": [
        "44: third party 'basin_commission', acceptance: missing key 'down'"
    ],
    "29-reference-unknown-option.yaml": [
        "42: reference.options.flow: 'medium' is not an option of issue 'flow'; expected one "
        "of: low, mid, high"
    ],
    "30-too-many-outcomes.yaml": [
        f"21: issues: 279,936 possible outcomes; expected at most {MAX_OUTCOMES:,} (use fewer "
        "issues or fewer options per issue)"
    ],
    "31-python-tag.yaml": [
        "3: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed; remove it"
    ],
    "32-tab-indentation.yaml": [
        "10: not valid YAML: found character '\\t' that cannot start any token while scanning "
        "for the next token; check indentation, colons and quotes"
    ],
    "33-no-sources.yaml": ["6: sources: has 0 items; expected at least 1 item"],
    "34-date-as-title.yaml": ["3: title: expected text, found a date (2023-12-07)"],
    "36-bad-source-url.yaml": [
        "7: sources[0].url: 'www.example.org' is not a web address; expected one starting "
        "with https://"
    ],
}


def test_every_bad_file_is_in_the_table():
    on_disk = sorted(p.name for p in (HERE / "bad").glob("*.yaml"))
    assert on_disk == sorted(BAD)
    assert len(on_disk) >= 25


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_gives_its_exact_messages(name):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(HERE / "bad" / name, name=name)
    assert [str(p) for p in caught.value.problems] == [f"{name}:{m}" for m in BAD[name]]


def test_each_problem_is_one_line():
    for name in BAD:
        with pytest.raises(ScenarioError) as caught:
            load_scenario(HERE / "bad" / name, name=name)
        for problem in caught.value.problems:
            assert "\n" not in str(problem)


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
