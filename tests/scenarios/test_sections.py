"""The scenario file's ``trust``, ``publics`` and ``stakeholders`` sections: exact messages."""

from __future__ import annotations

import textwrap

import pytest

from peacekit.model.stakeholders import DEFAULT_GROUPS, Stakeholders, stakeholders_of
from peacekit.model.trust_ladder import TrustRules, trust_setting
from peacekit.model.two_level import PublicProfile, publics_of
from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.scenario_file import check_scenario, load_builtin

BASE = textwrap.dedent(
    """\
    id: tiny
    title: Tiny
    summary: Two sides exchange detainees.
    illustrative: Illustrative numbers.
    sources: [The course]
    parties:
      - {id: am, name: A, public_brief: p, confidential_brief: c, reservation: 0,
         reservation_description: r}
      - {id: az, name: B, public_brief: p, confidential_brief: c, reservation: 0,
         reservation_description: r}
    issues:
      - id: release
        label: Releases
        options:
          - {id: none, label: None, by: az}
          - {id: r2, label: Two, by: az}
      - id: pledge
        label: A pledge
        options:
          - {id: none, label: None}
          - {id: yes_, label: Yes, kind: promise, by: am}
    scores:
      am: {release: {none: 0, r2: 4}, pledge: {none: 0, yes_: -1}}
      az: {release: {none: 0, r2: -1}, pledge: {none: 0, yes_: 3}}
    """
)
TYPO = "asymetry"  # codespell:ignore (a misspelt key is the point of the test)
FIRST = len(BASE.splitlines()) + 1  # the line number of the first appended line


def problems(extra: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        check_scenario("tiny.yaml", text=BASE + textwrap.dedent(extra))
    return [str(p) for p in caught.value.problems]


def line(n: int) -> int:
    """The file line of line ``n`` (1-based) of the appended text."""
    return FIRST + n - 1


def test_the_base_is_valid_and_gets_defaults():
    scenario, warnings = check_scenario("tiny.yaml", text=BASE)
    assert warnings == []
    assert trust_setting(scenario).rules == TrustRules()
    assert publics_of(scenario).profile("am").fairness == PublicProfile().fairness
    assert stakeholders_of(scenario) == Stakeholders()


def test_valid_sections_are_read_into_the_models():
    scenario, _ = check_scenario(
        "tiny.yaml",
        text=BASE
        + textwrap.dedent(
            """\
            trust:
              initial: {am: 0.2}
              asymmetry: 3
            publics:
              az: {name: Public B, fairness: 0.5}
              visible:
                - {issue: release, given_by: az, counts: {none: 0, r2: 2}}
            stakeholders:
              budget: 10
              groups:
                - {id: teachers, label: Teachers, level: grassroots, trust_reach: 0.4,
                   understanding_reach: 0.6}
            """
        ),
    )
    setting = trust_setting(scenario)
    assert dict(setting.initial) == {"am": 0.2, "az": 0.3}
    assert setting.rules.asymmetry == 3
    publics = publics_of(scenario)
    assert publics.profile("az").name == "Public B"
    assert publics.profile("az").fairness == 0.5
    assert publics.profile("am") == PublicProfile(name="The public behind A")
    assert publics.visible[0].counts == {"none": 0, "r2": 2}
    sh = stakeholders_of(scenario)
    assert sh.rules.budget == 10 and sh.group_ids == ("teachers",)
    assert sh.group("teachers").saturation == 2.0  # the documented default


def test_a_number_for_initial_sets_both_sides():
    scenario, _ = check_scenario("tiny.yaml", text=BASE + "trust: {initial: 0.6}\n")
    assert dict(trust_setting(scenario).initial) == {"am": 0.6, "az": 0.6}


def test_stakeholders_without_groups_keep_the_articles_groups():
    scenario, _ = check_scenario("tiny.yaml", text=BASE + "stakeholders: {carry: 0.5}\n")
    sh = stakeholders_of(scenario)
    assert sh.groups == DEFAULT_GROUPS and sh.rules.carry == 0.5


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            f"trust:\n  {TYPO}: 2\n",
            [
                f"tiny.yaml:{line(2)}: trust: unknown key '{TYPO}' (did you mean 'asymmetry'?); "
                "expected one of: initial, asymmetry, small_gain, large_gain, promise_gain, "
                "small_reliability, large_reliability, promise_reliability, stall_erosion, "
                "spoiler_chance, spoiler_shock, breakdown_floor, grit_escalation"
            ],
        ),
        (
            "trust:\n  asymmetry: 7\n",
            [
                f"tiny.yaml:{line(2)}: trust.asymmetry: 7 is out of range; expected a number "
                "between 1 and 5"
            ],
        ),
        (
            "trust:\n  initial: {am: 1.5, ar: 0.2}\n",
            [
                f"tiny.yaml:{line(2)}: trust.initial: unknown key 'ar'; expected one of: am, az",
                f"tiny.yaml:{line(2)}: trust.initial.am: 1.5 is out of range; expected a "
                "number between 0 and 1",
            ],
        ),
        (
            "trust:\n  initial: high\n",
            [f"tiny.yaml:{line(2)}: trust.initial: expected a number, found text 'high'"],
        ),
        (
            "trust: [1, 2]\n",
            [f"tiny.yaml:{line(1)}: trust: expected a mapping of keys, found a list"],
        ),
        (
            "publics:\n  am:\n    fairness: 2\n",
            [
                f"tiny.yaml:{line(3)}: publics.am.fairness: 2 is out of range; expected a "
                "number between 0 and 1"
            ],
        ),
        (
            "publics:\n  am:\n    suspicon: 0.2\n",
            [
                f"tiny.yaml:{line(3)}: publics.am: unknown key 'suspicon' (did you mean "
                "'suspicion'?); expected one of: name, trust, ceiling, threshold, fairness, "
                "suspicion, understanding"
            ],
        ),
        (
            "publics:\n  ar: {}\n",
            [f"tiny.yaml:{line(2)}: publics: unknown key 'ar'; expected one of: am, az, visible"],
        ),
        (
            "publics:\n  visible:\n    - {issue: releases, given_by: az, counts: {}}\n",
            [
                f"tiny.yaml:{line(3)}: publics.visible[0].issue: 'releases' is not an issue; "
                "expected one of: release, pledge"
            ],
        ),
        (
            "publics:\n  visible:\n"
            "    - {issue: release, given_by: ar, counts: {none: 0, r2: 2}}\n",
            [
                f"tiny.yaml:{line(3)}: publics.visible[0].given_by: 'ar' is not a party; "
                "expected one of: am, az"
            ],
        ),
        (
            "publics:\n  visible:\n    - issue: release\n      given_by: az\n"
            "      counts: {none: 0, r3: 2}\n",
            [
                f"tiny.yaml:{line(5)}: publics.visible[0].counts: 'r3' is not an option of "
                "issue 'release'; expected one of: none, r2",
                f"tiny.yaml:{line(5)}: publics.visible[0].counts: no count for option 'r2'; "
                "expected a count for every option (0 if nothing is handed over)",
            ],
        ),
        (
            "publics:\n  visible:\n    - issue: release\n      given_by: az\n"
            "      counts: {none: 0, r2: -2}\n",
            [
                f"tiny.yaml:{line(5)}: publics.visible[0].counts.r2: -2 is out of range; "
                "expected a number between 0 and 1e+06"
            ],
        ),
        (
            "publics:\n  visible:\n    - {issue: release, counts: {none: 0, r2: 2}}\n",
            [f"tiny.yaml:{line(3)}: publics.visible[0]: missing key 'given_by'"],
        ),
        (
            "publics:\n  visible:\n"
            "    - {issue: release, given_by: az, counts: {none: 0, r2: 2}}\n"
            "    - {issue: release, given_by: az, counts: {none: 0, r2: 2}}\n",
            [
                f"tiny.yaml:{line(4)}: publics.visible[1].issue: 'release' is counted twice "
                f"(first at line {line(3)}); expected each issue once"
            ],
        ),
        (
            "stakeholders:\n  budget: 50\n",
            [
                f"tiny.yaml:{line(2)}: stakeholders.budget: 50 is out of range; expected a "
                "number between 0 and 40"
            ],
        ),
        (
            "stakeholders:\n  groups:\n"
            "    - {id: a, label: A, level: national, trust_reach: 0.5, understanding_reach: 0}\n",
            [
                f"tiny.yaml:{line(3)}: stakeholders.groups[0].level: 'national' is not "
                "allowed; expected one of: top, middle, grassroots"
            ],
        ),
        (
            "stakeholders:\n  groups:\n"
            "    - {id: a, label: A, level: top, trust_reach: 0.7, understanding_reach: 0}\n"
            "    - {id: b, label: B, level: top, trust_reach: 0.7, understanding_reach: 0}\n",
            [
                f"tiny.yaml:{line(2)}: stakeholders.groups: the trust_reach values add up to "
                "1.4; expected at most 1 (each reach is a share of one public)"
            ],
        ),
        (
            "stakeholders:\n  groups:\n"
            "    - {id: a, label: A, level: top, trust_reach: 0.1, understanding_reach: 0}\n"
            "    - {id: a, label: B, level: top, trust_reach: 0.1, understanding_reach: 0}\n",
            [
                f"tiny.yaml:{line(4)}: stakeholders.groups[1].id: id 'a' is used twice "
                f"(first at line {line(3)}); expected each id once"
            ],
        ),
        (
            "stakeholders:\n  groups:\n    - {id: a, label: A, level: top, trust_reach: 0.1}\n",
            [f"tiny.yaml:{line(3)}: stakeholders.groups[0]: missing key 'understanding_reach'"],
        ),
        (
            "stakeholders:\n  groups:\n"
            "    - {id: a, label: A, level: top, trust_reach: 0.1, understanding_reach: 0,"
            " saturation: 0}\n",
            [
                f"tiny.yaml:{line(3)}: stakeholders.groups[0].saturation: 0 is out of range; "
                "expected a number between 0.1 and 20"
            ],
        ),
        (
            "stakeholders:\n  groups: []\n",
            [f"tiny.yaml:{line(2)}: stakeholders.groups: has 0 items; expected at least 1 item"],
        ),
    ],
)
def test_bad_sections_get_exact_one_line_messages(extra, expected):
    assert problems(extra) == expected


def test_built_in_scenarios_carry_their_lens_sections():
    dec = load_builtin("december-2023")
    publics = publics_of(dec)
    assert publics.profile("am").name == "The Armenian public"
    assert publics.profile("az").name == "The Azerbaijani public"
    assert {v.issue: v.given_by for v in publics.visible} == {
        "release_by_az": "az",
        "release_by_am": "am",
    }
    treaty = load_builtin("comprehensive-treaty")
    assert dict(trust_setting(treaty).initial) == {"am": 0.3, "az": 0.3}
    # Mirrored parameters: the publics differ only in their names.
    for scenario in (dec, treaty):
        a, b = (publics_of(scenario).profile(p) for p in ("am", "az"))
        assert a.__class__(**{**a.__dict__, "name": ""}) == b.__class__(
            **{**b.__dict__, "name": ""}
        )


def test_the_command_line_reports_section_problems_in_one_line(tmp_path, capsys):
    from peacekit.cli import main

    path = tmp_path / "tiny.yaml"
    path.write_text(BASE + "trust:\n  spoiler_chance: 0.9\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{path}:{line(2)}: trust.spoiler_chance: 0.9 is out of range; expected a number "
        "between 0 and 0.5"
    ]
