"""The ``classroom`` section of a scenario file: read into the model, or one line per problem.

The base is the annotated example of the instructor edition's "Scenario format"
page (``example-scenario.yaml`` with ``example-classroom.yaml`` appended), so
the example instructors copy is proved to load without a warning. Each case
edits the base once and expects the exact ``FILE:LINE: message`` lines; the
line is found from a marker in the edited text, never copied from a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from peacekit.model.role_play import SECTIONS, Paragraph, VariantBounds, role_play_of
from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.role_play_file import KEYS, REQUIRED
from peacekit.scenarios.scenario_file import check_scenario, load_builtin

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book" / "instructor"
SCENARIO = (BOOK / "example-scenario.yaml").read_text(encoding="utf-8")
SECTION = (BOOK / "example-classroom.yaml").read_text(encoding="utf-8")
BASE = SCENARIO + SECTION
NAME = "river.yaml"

DOWN_CONFIDENTIAL = SECTION[
    SECTION.index("    down:\n      mandate:") : SECTION.index("\n  # Team roles")
]
DOWN_SHEETS = SECTION[
    SECTION.index("      down:\n        head:") : SECTION.index("\n  # A mediator")
]
WITHOUT = (
    "  without_third_role:\n"
    "    - Without an observer, the facilitator watches every table and keeps time.\n"
)
DOWN = "    down:\n      mandate:"
DOWN_SUCCESS = "      success:\n        - A package you can explain to the city councils"
REFERENCE = SCENARIO[SCENARIO.index("# Optional: a real or historical package") :]


def edited(*edits: tuple[str, str]) -> str:
    text = BASE
    for old, new in edits:
        assert text.count(old) == 1, f"not exactly once in the base: {old!r}"
        text = text.replace(old, new)
    return text


def at(text: str, marker: str) -> int:
    """The line (1-based) of the one line of ``text`` that holds ``marker``; a marker of
    several lines gives the line where it starts."""
    if "\n" in marker:
        assert text.count(marker) == 1, marker
        return text[: text.index(marker)].count("\n") + 1
    found = [n for n, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(found) == 1, f"{marker!r} is on lines {found}"
    return found[0]


def lines(text: str, message: str) -> str:
    """A message with each ``<<marker>>`` replaced by the line of that marker in ``text``."""
    return re.sub(r"<<(.+?)>>", lambda m: str(at(text, m.group(1))), message)


@dataclass(frozen=True)
class Case:
    edits: tuple[tuple[str, str], ...]
    expected: tuple[tuple[str, str], ...]
    """(marker of the line, message) per problem, in file order."""
    text: str = ""


EXPECTED_KEYS = ", ".join([*REQUIRED, *(k for k in KEYS if k not in REQUIRED)])

ERRORS = {
    "not-a-mapping": Case(
        (),
        (("classroom: [", "classroom: expected a mapping of keys, found a list"),),
        text=SCENARIO + "classroom: [scene, general_brief]\n",
    ),
    "misspelt-key": Case(
        (("  injects:\n", "  injets:\n"),),
        (
            (
                "injets:",
                "classroom: unknown key 'injets' (did you mean 'injects'?); expected one of: "
                + EXPECTED_KEYS,
            ),
        ),
    ),
    "missing-general-brief": Case(
        ((SECTION[SECTION.index("  general_brief:") : SECTION.index("  # One printed page")], ""),),
        (("  scene:", "classroom: missing key 'general_brief'"),),
    ),
    "minutes-out-of-range": Case(
        (("  minutes: 30\n", "  minutes: 5\n"),),
        (
            (
                "minutes: 5",
                "classroom.minutes: 5 is out of range; expected a number between 15 and 90",
            ),
        ),
    ),
    "minutes-not-whole": Case(
        (("  minutes: 30\n", "  minutes: 30.5\n"),),
        (("minutes: 30.5", "classroom.minutes: 30.5 is not a whole number of minutes"),),
    ),
    "source-without-url": Case(
        (("      url: https://example.org/basin-report\n", ""),),
        (("      label: Basin commission", "classroom.sources.basin_report: missing key 'url'"),),
    ),
    "source-url-not-web": Case(
        (("https://example.org/basin-report", "example.org/basin-report"),),
        (
            (
                "url: example.org",
                "classroom.sources.basin_report.url: 'example.org/basin-report' is not a web "
                "address; expected one starting with https://",
            ),
        ),
    ),
    "paragraph-a-number": Case(
        (
            (
                "    - >-\n      Two issues are on the table: the minimum summer flow through "
                "the dam, and\n",
                "    - 5\n    - >-\n      Two issues are on the table: the minimum summer flow "
                "through the dam, and\n",
            ),
        ),
        (
            (
                "    - 5",
                "classroom.general_brief[1]: expected text, or a mapping with 'text' and "
                "optional 'fiction' and 'sources', found a number",
            ),
        ),
    ),
    "fiction-yes": Case(
        (("      fiction: true\n    - >-\n      Two", "      fiction: yes\n    - >-\n      Two"),),
        (
            (
                "fiction: yes",
                "classroom.general_brief[0].fiction: expected true or false, found 'yes'",
            ),
        ),
    ),
    "unknown-source": Case(
        (
            (
                "      sources: [basin_report]\n\n  # The part",
                "      sources: [un_1999]\n\n  # The part",
            ),
        ),
        (
            (
                "[un_1999]",
                "classroom.background[0].sources: 'un_1999' is not a source; expected one of the "
                "ids under classroom.sources: basin_report",
            ),
        ),
    ),
    "placeholder-misspelt": Case(
        (
            (
                "least {reservation} points; call the capital before promising",
                "least {reservaton} points; call the capital before promising",
            ),
        ),
        (
            (
                "{reservaton}",
                "classroom.confidential.up.mandate[0]: unknown placeholder '{reservaton}' (did "
                "you mean '{reservation}'?); expected one of: {reservation}, {minutes}, {trust}",
            ),
        ),
    ),
    "placeholder-in-general-brief": Case(
        (("You have {minutes} minutes.", "You have {minutes} minutes and {reservation} points."),),
        (
            (
                "    - >-\n      Two issues are on the table",
                "classroom.general_brief[1]: placeholder '{reservation}' cannot be used here; "
                "the general brief is the same for every delegation",
            ),
        ),
    ),
    "lone-brace": Case(
        (("before promising data.", "before promising {data."),),
        (
            (
                "before promising {data",
                "classroom.confidential.up.mandate[0]: '{' without a matching '}'; write '{{' "
                "for a literal brace",
            ),
        ),
    ),
    "trust-without-section": Case(
        (
            (
                "then your reputation as a reliable neighbour.",
                "then your reputation; you trust at {trust}.",
            ),
        ),
        (
            (
                "you trust at {trust}",
                "classroom.confidential.up.priorities[0]: placeholder '{trust}' needs the "
                "scenario's trust section (trust.initial)",
            ),
        ),
    ),
    "reference-position-without-reference": Case(
        ((REFERENCE, ""),),
        (
            (
                '- "{zone_size} of the',
                "classroom.facilitator.typical_results[0]: placeholder '{reference_position}' "
                "needs the scenario's reference package",
            ),
        ),
    ),
    "no-instructions-for-a-party": Case(
        ((DOWN_CONFIDENTIAL, ""),),
        (
            (
                "  confidential:",
                "classroom.confidential: no instructions for party 'down'; expected one entry "
                "per party: up, down",
            ),
        ),
    ),
    "instructions-for-a-stranger": Case(
        (("  confidential:\n", "  confidential:\n    ru: {}\n"),),
        (("    ru: {}", "classroom.confidential: 'ru' is not a party; expected one of: up, down"),),
    ),
    "section-missing": Case(
        (
            (
                "      deadline:\n"
                "        - The cities' summer rationing plan must be published next month.\n",
                "",
            ),
        ),
        (
            (
                "      mandate:\n        - You may agree any package worth at least {reservation} "
                "points; call the capital before accepting",
                "classroom.confidential.down: missing key 'deadline'",
            ),
        ),
    ),
    "section-unknown": Case(
        (("    down:\n      mandate:", "    down:\n      risks: [Drought.]\n      mandate:"),),
        (
            (
                "risks:",
                "classroom.confidential.down: unknown key 'risks'; expected one of: "
                + ", ".join(SECTIONS),
            ),
        ),
    ),
    "private-number-out-of-range": Case(
        (
            (
                "  team:\n",
                "  private_numbers:\n    up:\n"
                "      wells: {value: 40, low: 24, high: 32}\n  team:\n",
            ),
        ),
        (
            (
                "wells:",
                "classroom.private_numbers.up.wells.value: 40 is out of range; expected a number "
                "between 24 and 32 (its low and high)",
            ),
        ),
    ),
    "private-number-named-reservation": Case(
        (
            (
                "  team:\n",
                "  private_numbers:\n    up:\n"
                "      reservation: {value: 4, low: 2, high: 6}\n  team:\n",
            ),
        ),
        (
            (
                "      reservation: {value",
                "classroom.private_numbers.up: 'reservation' is a built-in placeholder; choose "
                "another name",
            ),
        ),
    ),
    "role-id-twice": Case(
        (("{id: engineer, title: Chief engineer}", "{id: head, title: Chief engineer}"),),
        (
            (
                "{id: head, title: Chief engineer}",
                "classroom.team.roles[1].id: id 'head' is used twice (first at line "
                "<<{id: head, title: Head of delegation}>>); expected each id once",
            ),
            (
                "        engineer:\n          job: [You know what the dam",
                "classroom.team.sheets.up: 'engineer' is not a role; expected one of: head",
            ),
            (
                "        engineer:\n          job: [You know what the cities",
                "classroom.team.sheets.down: 'engineer' is not a role; expected one of: head",
            ),
        ),
    ),
    "team-size-out-of-range": Case(
        (("title: Chief engineer}", "title: Chief engineer, from_team_size: 9}"),),
        (
            (
                "from_team_size: 9",
                "classroom.team.roles[1].from_team_size: 9 is out of range; expected a number "
                "between 2 and 6",
            ),
        ),
    ),
    "no-sheets-for-a-party": Case(
        ((DOWN_SHEETS, ""),),
        (
            (
                "    sheets:",
                "classroom.team.sheets: no sheets for party 'down'; expected one entry per "
                "party: up, down",
            ),
        ),
    ),
    "no-sheet-for-a-role": Case(
        (
            (
                "        engineer:\n          job: [You know what the cities need in August.]\n"
                "          private_goal: [You will not accept a flow your pumps cannot use.]\n",
                "",
            ),
        ),
        (
            (
                "      down:\n        head:",
                "classroom.team.sheets.down: no sheet for role 'engineer'; expected one sheet "
                "per role on every side: head, engineer",
            ),
        ),
    ),
    "sheet-for-a-stranger-role": Case(
        (
            (
                "        engineer:\n          job: [You know what the cities",
                "        lawyer:\n          job: [You know what the cities",
            ),
        ),
        (
            (
                "      down:\n        head:",
                "classroom.team.sheets.down: no sheet for role 'engineer'; expected one sheet "
                "per role on every side: head, engineer",
            ),
            (
                "        lawyer:",
                "classroom.team.sheets.down: 'lawyer' is not a role; expected one of: head, "
                "engineer",
            ),
        ),
    ),
    "third-role-unknown": Case(
        (("    observer:\n      title: Observer", "    arbiter:\n      title: Observer"),),
        (
            (
                "    arbiter:",
                "classroom.third_roles: unknown key 'arbiter'; expected one of: mediator, observer",
            ),
        ),
    ),
    "third-role-without-alternative": Case(
        ((WITHOUT, ""),),
        (
            (
                "  scene:",
                "classroom: missing key 'without_third_role' (a scenario with third_roles also "
                "says how to run the session without them)",
            ),
        ),
    ),
    "inject-after-the-end": Case(
        (("      minute: 10\n", "      minute: 35\n"),),
        (
            (
                "minute: 35",
                "classroom.injects[0].minute: 35 is out of range; expected a number between 0 "
                "and 30",
            ),
        ),
    ),
    "inject-basis": Case(
        (("      basis: fiction\n", "      basis: real\n"),),
        (
            (
                "basis: real",
                "classroom.injects[0].basis: 'real' is not allowed; expected one of: fiction, "
                "fact, task",
            ),
        ),
    ),
    "inject-presses-a-stranger": Case(
        (("      presses: [up, down]\n", "      presses: [up, ru]\n"),),
        (
            (
                "presses: [up, ru]",
                "classroom.injects[0].presses: 'ru' is not a party; expected one of: up, down",
            ),
        ),
    ),
    "inject-without-a-card": Case(
        (("        all: [The forecast", "        up: [The forecast"),),
        (
            (
                "      cards:",
                "classroom.injects[0].cards: no card for 'down', which this inject presses; "
                "expected a card under 'down' or 'all'",
            ),
        ),
    ),
    "fact-inject-without-source": Case(
        (("      basis: fiction\n", "      basis: fact\n"),),
        (
            (
                "    - id: heat_wave",
                "classroom.injects[0]: basis 'fact' needs a source in its cards or "
                "facilitator_note",
            ),
        ),
    ),
    "follow-up-too-early": Case(
        (
            (
                "      short_session: true\n      cards:",
                "      short_session: true\n      follow_up:\n        minute: 5\n"
                "        cards: {all: [It rains.]}\n      cards:",
            ),
        ),
        (
            (
                "        minute: 5",
                "classroom.injects[0].follow_up.minute: 5 is not after the inject's minute 10; "
                "expected a minute from 11 to 30",
            ),
        ),
    ),
    "timeline-without-source": Case(
        (
            (
                "      sources: [basin_report]\n      after_scene: true",
                "      sources: []\n      after_scene: true",
            ),
        ),
        (
            (
                "sources: []",
                "classroom.timeline[0].sources: has 0 items; expected at least 1 item",
            ),
        ),
    ),
    "debrief-theme": Case(
        (("theme: comparison}", "theme: thesis}"),),
        (
            (
                "theme: thesis",
                "classroom.facilitator.debrief[6].theme: 'thesis' is not allowed; expected one "
                "of: process, trades, trust, team, small_steps, venue, societal, comparison, "
                "out_of_role",
            ),
        ),
    ),
    "variant-bounds": Case(
        (("issue_weight: [0.8, 1.25]", "issue_weight: [1.2, 1.5]"),),
        (
            (
                "issue_weight: [1.2",
                "classroom.variants.issue_weight: expected two numbers [low, high] with 0 < low "
                "<= 1 <= high <= 2, found [1.2, 1.5]",
            ),
        ),
    ),
    "confidential-sentence-in-the-general-brief": Case(
        (
            (
                "  # One printed page",
                "    - Water for the new farms comes first, then your reputation as a reliable "
                "neighbour.\n  # One printed page",
            ),
        ),
        (
            (
                "    - Water for the new farms comes first, then your reputation as a reliable "
                "neighbour.\n  # One printed page",
                "classroom.general_brief[2]: repeats a sentence of "
                "classroom.confidential.up.priorities[0] (line <<        - Water for the new "
                "farms>>); what every participant reads must not hold confidential text",
            ),
        ),
    ),
    "outcome-in-the-general-brief": Case(
        (
            (
                "  # One printed page",
                "    - Last year's package set the flow at 35 per cent with promised data.\n"
                "  # One printed page",
            ),
        ),
        (
            (
                "    - Last year's package set the flow at 35 per cent with promised data.\n"
                "  # One printed page",
                "classroom.general_brief[2]: repeats a sentence of classroom.facilitator.reveal[0] "
                "(line <<text: Last year>>); the outcome belongs in the debrief",
            ),
        ),
    ),
}


def test_the_documented_example_loads_without_a_warning():
    scenario, warnings = check_scenario(NAME, text=BASE)
    assert warnings == []
    rp = role_play_of(scenario)
    assert rp is not None
    assert rp.scene.startswith("A dry spring")
    assert rp.minutes == 30
    assert rp.general_brief[0] == Paragraph(rp.general_brief[0].text, fiction=True)
    assert rp.background[0].sources == ("basin_report",)
    assert set(rp.instructions) == {"up", "down"}
    assert all(tuple(s) == SECTIONS for s in rp.instructions.values())
    assert [r.id for r in rp.team_roles] == ["head", "engineer"]
    assert set(rp.team_sheets) == {(p, r) for p in ("up", "down") for r in ("head", "engineer")}
    assert list(rp.third_roles) == ["observer"]
    (inject,) = rp.injects
    assert (inject.minute, inject.presses, list(inject.cards)) == (10, ("up", "down"), ["all"])
    assert len(rp.facilitator.debrief) == 8
    assert rp.variants == VariantBounds()
    assert [e.after_scene for e in rp.timeline] == [True]
    # Each paragraph remembers its line, so that later messages can point at it.
    assert rp.general_brief[0].line == at(BASE, "  general_brief:") + 1


def test_a_scenario_without_the_section_has_no_role_play():
    scenario, _ = check_scenario(NAME, text=SCENARIO)
    assert role_play_of(scenario) is None


def test_the_builtin_scenarios_have_a_role_play_and_load_without_a_warning():
    for name in ("december-2023", "comprehensive-treaty", "choosing-a-venue"):
        scenario = load_builtin(name)
        assert role_play_of(scenario) is not None, name


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_each_mistake_gives_its_exact_messages(name):
    case = ERRORS[name]
    text = case.text or edited(*case.edits)
    with pytest.raises(ScenarioError) as caught:
        check_scenario(NAME, text=text)
    expected = [
        f"{NAME}:{at(text, marker)}: {lines(text, message)}" for marker, message in case.expected
    ]
    assert [str(p) for p in caught.value.problems] == expected


def warnings_after(*edits: tuple[str, str]) -> tuple[str, list[str]]:
    text = edited(*edits)
    _scenario, warnings = check_scenario(NAME, text=text)
    return text, [str(w) for w in warnings]


def test_warning_unequal_depth_of_the_delegations():
    longer = (
        "A package the farmers' union can read in one breath, and that the press can print. " * 6
    )
    text, warnings = warnings_after(
        (
            "        - A package you can explain to the farmers in one sentence.",
            f"        - A package you can explain to the farmers in one sentence. {longer}",
        )
    )
    # Counted from the YAML read independently of peacekit's reader.
    raw = YAML(typ="safe", pure=True).load(text)["classroom"]["confidential"]
    count = {p: sum(words(v) for v in raw[p].values()) for p in raw}
    assert count["up"] > count["down"] / (1 - 0.15)
    assert warnings == [
        f"{NAME}:{at(text, DOWN)}: warning: classroom.confidential.down: {count['down']} words "
        f"of prose against {count['up']} for 'up'; expected comparable depth for every "
        "delegation (within 15%)",
        f"{NAME}:{at(text, DOWN_SUCCESS)}: warning: "
        f"classroom.confidential.down.success: {words(raw['down']['success'])} words against "
        f"{words(raw['up']['success'])} for 'up'; expected sections of comparable depth (within "
        "a third)",
    ]


def words(paragraphs: list) -> int:
    return sum(len((p if isinstance(p, str) else p["text"]).split()) for p in paragraphs)


def test_warning_team_sheet_and_background_longer_than_a_page():
    long = " ".join(["water"] * 540)
    river = " ".join(["river"] * 540)
    goal = "You will not promise data the gauges cannot yet deliver."
    background = (
        "The river crosses the border once. The basin commission, on which both states sit, "
        "publishes the flow each month."
    )
    engineer = "        engineer:\n          job: [water"
    text, warnings = warnings_after(
        ("[You know what the dam can and cannot do.]", f"[{long}]"),
        ("publishes the flow each month.", f"publishes the flow each month. {river}"),
    )
    assert warnings == [
        f"{NAME}:{at(text, engineer)}: warning: "
        f"classroom.team.sheets.up.engineer: {540 + len(goal.split())} words; expected at most "
        "500 (one printed page holds about 350)",
        f"{NAME}:{at(text, '  background:')}: warning: classroom.background: "
        f"{540 + len(background.split())} words; expected at most 550, one printed page",
    ]


def test_warning_event_cards_press_one_side_more():
    text, warnings = warnings_after(("      presses: [up, down]\n", "      presses: [up]\n"))
    assert warnings == [
        f"{NAME}:{at(text, '  injects:')}: warning: classroom.injects: press 'up' 1 time and "
        "'down' 0 times; expected every delegation pressed equally across the set"
    ]


def test_warning_too_few_debrief_questions_and_a_thesis_theme_missing():
    venue = (
        '      - {question: "Would the basin commission have helped as a mediator, or only as a '
        'guarantor?", theme: venue}\n'
    )
    text, warnings = warnings_after((venue, ""))
    line = at(text, "    debrief:")
    assert warnings == [
        f"{NAME}:{line}: warning: classroom.facilitator.debrief: 7 questions; expected at least 8",
        f"{NAME}:{line}: warning: classroom.facilitator.debrief: no question with theme 'venue'; "
        "expected at least one each on small_steps, venue and societal",
    ]


def test_warning_a_source_never_cited_and_points_in_prose():
    text, warnings = warnings_after(
        (
            "  # What everyone reads",
            "    unused:\n      label: A report nobody cites\n      url: https://example.org/x\n"
            "  # What everyone reads",
        ),
        (
            "keep filling the reservoir; on your table that is worth {reservation} points.",
            "keep filling the reservoir; on your table that is worth 10 points.",
        ),
    )
    assert warnings == [
        f"{NAME}:{at(text, '    unused:')}: warning: classroom.sources.unused: never cited",
        f"{NAME}:{at(text, 'that is worth 10 points.')}: warning: "
        "classroom.confidential.up.alternative[0]: states '10 points'; write {reservation} so "
        "that classroom variants stay true",
    ]


def test_every_problem_is_one_line():
    for name, case in ERRORS.items():
        text = case.text or edited(*case.edits)
        with pytest.raises(ScenarioError) as caught:
            check_scenario(NAME, text=text)
        assert all("\n" not in str(p) for p in caught.value.problems), name


WELLS = (
    "  team:\n",
    "  private_numbers:\n    up:\n      wells: {value: 6, low: 4, high: 8, step: 2}\n  team:\n",
)


def test_a_private_number_is_read_and_belongs_to_its_party():
    text = edited(
        WELLS,
        (
            "The reservoir will be full in six weeks whatever you agree.",
            "The reservoir will be full in {wells} weeks whatever you agree.",
        ),
    )
    scenario, warnings = check_scenario(NAME, text=text)
    assert warnings == []
    rp = role_play_of(scenario)
    (number,) = rp.private_numbers
    assert (number.party, number.name, number.value, number.grid()) == ("up", "wells", 6, [4, 6, 8])
    assert rp.private_values("up") == {"wells": 6} and rp.private_values("down") == {}
    # The other delegation may not use it.
    text = edited(
        WELLS,
        (
            "Your engineers can cope with 35 per cent for one summer, not two.",
            "Your engineers can cope for {wells} weeks.",
        ),
    )
    with pytest.raises(ScenarioError) as caught:
        check_scenario(NAME, text=text)
    assert [str(p) for p in caught.value.problems] == [
        f"{NAME}:{at(text, 'cope for {wells} weeks')}: classroom.confidential.down."
        "private_information[0]: placeholder '{wells}' cannot be used here; it is a private "
        "number of party 'up'"
    ]
