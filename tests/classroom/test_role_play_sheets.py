"""The printed role play: who reads what, what is marked, and what nobody reads too early.

Every sheet is checked as printed (the HTML page's text), against the role play read
from the scenario file: a delegation sees only its own instructions, a team member
only their own private goal, the mediator and observer no delegation's text and no
points; every fiction paragraph carries its mark and no other does; a source that
reports the outcome is named only in the facilitator guide; and nothing a
participant reads before the talks gives away how the real talks ended.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from peacekit.classroom.handout import to_html, to_markdown
from peacekit.classroom.role_play_text import FICTION_MARK, values
from peacekit.classroom.role_sheets import role_sheets, write_role_sheets
from peacekit.cli import main
from peacekit.model.analysis import analyse
from peacekit.model.role_play import (
    fill,
    instructions_words,
    role_play_of,
    sentences,
    team_sheet_words,
)
from peacekit.model.variants import derive_variant
from peacekit.scenarios.scenario_file import check_scenario, load_builtin, load_scenario

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BOOK = ROOT / "book" / "instructor"
NAMES = ("december-2023", "comprehensive-treaty", "choosing-a-venue")

#: Words that only the real outcome would use; none may appear on a participant's sheet,
#: and each must appear in the facilitator guide (so that the check can fail).
OUTCOME = {
    "december-2023": [
        r"joint statement",
        r"\b(?:7|9|11|13) December 2023",
        r"win-win",
        r"Gazakh",
        r"\bwithdrew\b",
    ],
    "comprehensive-treaty": [
        r"initial(?:l)?ed",
        r"Joint Declaration",
        r"August 2025",
        r"March 2025",
    ],
    "choosing-a-venue": [r"Abu Dhabi", r"July 2025", r"Peace Bridge"],
}


def example():
    text = (BOOK / "example-scenario.yaml").read_text(encoding="utf-8")
    text += (BOOK / "example-classroom.yaml").read_text(encoding="utf-8")
    return check_scenario("river.yaml", text=text)[0]


SCENARIOS = {name: load_builtin(name) for name in NAMES} | {"example": example()}


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def packet(request):
    scenario = SCENARIOS[request.param]
    return request.param, scenario, role_play_of(scenario), role_sheets(scenario)


def text_of(handout) -> str:
    soup = BeautifulSoup(to_html(handout), "html.parser")
    return " ".join(soup.find("main").get_text(" ").split())


def participants(sheets) -> dict:
    """Every file a participant is handed: all but the facilitator guide and the index."""
    return {k: h for k, h in sheets.files().items() if k not in ("facilitator", "index")}


def long_sentences(texts) -> set[str]:
    return {s for t in texts for s in sentences(t) if len(s.split()) >= 6}


def test_the_packet_holds_every_sheet_of_the_role_play(packet):
    name, scenario, rp, sheets = packet
    stems = list(sheets.files())
    expected = ["index", "general-brief"]
    expected += [f"confidential-{p}" for p in scenario.party_ids]
    expected += [f"team-{p}-{r.id}" for p in scenario.party_ids for r in rp.team_roles]
    expected += list(rp.third_roles)
    expected += ["injects", "agreement-form", "facilitator"]
    assert stems == expected
    if name == "december-2023":
        assert "mediator" in stems and "observer" in stems and len(rp.team_roles) == 4


def test_a_scenario_without_a_role_play_keeps_the_simple_packet():
    sheets = role_sheets(load_scenario(FIXTURES / "shared-river.yaml"))
    assert list(sheets.files()) == [
        "index",
        "general-brief",
        "confidential-up",
        "confidential-down",
        "agreement-form",
        "facilitator",
    ]
    assert sheets.minutes == 30


def test_each_delegation_and_member_sees_only_its_own_text(packet):
    _name, scenario, rp, sheets = packet
    texts = {k: text_of(h) for k, h in sheets.files().items()}
    for party in scenario.party_ids:
        filled = values(scenario, sheets.minutes, party)
        own = [fill(p.text, filled) for ps in rp.instructions[party].values() for p in ps]
        for sentence in long_sentences(own):
            assert sentence in texts[f"confidential-{party}"]
        others = long_sentences(
            fill(p.text, values(scenario, sheets.minutes, other))
            for other in scenario.other_parties(party)
            for ps in rp.instructions[other].values()
            for p in ps
        )
        private = long_sentences(own) - others  # mirrored sentences belong to every side
        assert private, party
        for stem, text in texts.items():
            if stem == f"confidential-{party}" or stem == "facilitator":
                continue
            leaked = [s for s in private if s in text]
            assert not leaked, f"{stem} shows {party}'s instructions: {leaked[:1]}"
    for (party, role), sheet in rp.team_sheets.items():
        filled = values(scenario, sheets.minutes, party)
        goal = long_sentences(fill(p.text, filled) for p in sheet.private_goal)
        mine = f"team-{party}-{role}"
        assert all(s in texts[mine] for s in goal), mine
        for stem, text in texts.items():
            if stem == mine:
                continue
            # A sentence that this sheet prints of its own (a mirrored sheet's identical
            # goal) is no leak; any other sentence of the goal is.
            leaked = [s for s in goal - printed(scenario, rp, stem, sheets.minutes) if s in text]
            assert not leaked, f"{stem} shows the private goal of {mine}: {leaked[:1]}"


def printed(scenario, rp, stem: str, minutes: int) -> set[str]:
    """The sentences of the role play that the sheet ``stem`` prints as its own."""
    paragraphs = []
    party = None
    if stem.startswith("confidential-"):
        party = stem.removeprefix("confidential-")
        paragraphs = [p for ps in rp.instructions[party].values() for p in ps]
    elif stem.startswith("team-"):
        party, role = stem.removeprefix("team-").split("-", 1)
        sheet = rp.team_sheets[(party, role)]
        paragraphs = [*sheet.job, *sheet.private_goal]
    elif stem in rp.third_roles:
        paragraphs = [*rp.third_roles[stem].brief, *rp.third_roles[stem].private_goal]
    filled = values(scenario, minutes, party)
    return long_sentences(fill(p.text, filled) for p in paragraphs)


def test_the_mediator_and_observer_see_no_points_and_no_delegation_text(packet):
    _name, _scenario, rp, sheets = packet
    secret = long_sentences(
        p.text for ins in rp.instructions.values() for ps in ins.values() for p in ps
    )
    for kind in rp.third_roles:
        page = to_html(sheets.third_roles[kind])
        soup = BeautifulSoup(page, "html.parser")
        assert not soup.find_all("td", class_="num"), kind
        text = text_of(sheets.third_roles[kind])
        assert not [s for s in secret if s in text], kind
        assert "reservation value" not in text.casefold(), kind


def test_fiction_is_marked_exactly_where_the_file_says(packet):
    _name, _scenario, rp, sheets = packet
    expected = {
        "general-brief": [*rp.general_brief, *rp.background],
        **{
            f"confidential-{p}": [q for ps in ins.values() for q in ps]
            for p, ins in rp.instructions.items()
        },
        **{f"team-{p}-{r}": [*s.job, *s.private_goal] for (p, r), s in rp.team_sheets.items()},
        **{k: [*t.brief, *t.private_goal] for k, t in rp.third_roles.items()},
    }
    for stem, paragraphs in expected.items():
        soup = BeautifulSoup(to_html(sheets.files()[stem]), "html.parser")
        marked = soup.find_all("p", class_="fiction")
        assert len(marked) == sum(p.fiction for p in paragraphs), stem
        marks = [em for em in soup.find_all("em") if em.get_text() == FICTION_MARK]
        assert len(marks) == len(marked), stem  # no mark outside a fiction paragraph
        for p in marked:
            assert p.get_text().rstrip().endswith(FICTION_MARK), stem
    # Every card of an invented event is marked.
    soup = BeautifulSoup(to_html(sheets.injects), "html.parser")
    cards = sum(
        len(i.cards) + (len(i.follow_up.cards) if i.follow_up else 0)
        for i in rp.injects
        if i.basis == "fiction"
    )
    assert len(soup.find_all("p", class_="fiction")) >= cards


def test_outcome_sources_are_named_only_in_the_facilitator_guide(packet):
    _name, _scenario, rp, sheets = packet
    after = [s for s in rp.sources.values() if s.after_scene]
    guide = to_html(sheets.facilitator)
    for stem, handout in participants(sheets).items():
        page = to_html(handout)
        for source in after:
            assert source.url not in page, (stem, source.id)
    if after:  # the guide does name them, so the check above could fail
        assert any(source.url in guide for source in after)


@pytest.mark.parametrize("name", NAMES)
def test_nothing_a_participant_reads_gives_the_outcome_away(name):
    scenario = SCENARIOS[name]
    rp = role_play_of(scenario)
    sheets = role_sheets(scenario)
    guide = text_of(sheets.facilitator)
    reveal = long_sentences(p.text for p in rp.facilitator.reveal)
    reveal |= long_sentences(e.event for e in rp.timeline_after())
    for pattern in OUTCOME[name]:
        assert re.search(pattern, guide, re.IGNORECASE), f"the guide should say {pattern!r}"
    for stem, handout in participants(sheets).items():
        text = text_of(handout)
        for pattern in OUTCOME[name]:
            found = re.search(pattern, text, re.IGNORECASE)
            assert not found, f"{name}: {stem} says {found.group(0)!r}"
        assert not [s for s in reveal if s in text], (name, stem)
        if scenario.reference is not None:
            assert scenario.reference.label not in text, (name, stem)
            if scenario.reference.note:
                assert not [s for s in long_sentences([scenario.reference.note]) if s in text]
    # The summary, which may tell the outcome, is not printed with a role play.
    assert scenario.summary not in text_of(sheets.general)


def test_no_placeholder_is_left_unfilled(packet):
    _name, _scenario, _rp, sheets = packet
    for stem, handout in sheets.files().items():
        assert not re.search(r"[{}]", text_of(handout)), stem
        md = to_markdown(handout)
        assert not re.search(r"(?<!\\)[{}]", md), stem


def test_the_facilitator_guide_has_what_the_issue_asks_for(packet):
    name, scenario, rp, sheets = packet
    guide = text_of(sheets.facilitator)
    soup = BeautifulSoup(to_html(sheets.facilitator), "html.parser")
    headings = [h.get_text(" ", strip=True) for h in soup.find_all(["h2", "h3"])]
    for heading in (
        "Learning objectives",
        "Run sheet: a 90-minute session",
        "Run sheet: a 45-minute session",
        "What tables typically reach",
        "What really happened",
        "Debrief questions",
        "Common pitfalls",
        "A mixed classroom",
        "Who sits where",
        "Playing the capitals",
    ):
        assert heading in headings, (name, heading)
    assert soup.find("a", href=re.compile(r"mixed-classroom"))
    questions = soup.find("h2", string="Debrief questions").find_next("ol").find_all("li")
    assert len(questions) >= 8
    thesis = [q for q in questions if "The article's thesis" in q.get_text()]
    assert len(thesis) >= 3 or name == "example"
    a = analyse(scenario)
    assert f"{a.zone_size:,} packages clear every reservation value" in guide
    assert f"{sheets.minutes} minutes" in guide
    assert sheets.minutes == rp.minutes


def test_the_default_negotiation_is_the_role_plays_and_the_cards_scale(tmp_path):
    scenario = SCENARIOS["december-2023"]
    assert role_sheets(scenario).minutes == 30
    cards = text_of(role_sheets(scenario, minutes=20).injects)
    rp = role_play_of(scenario)
    for inject in rp.injects:
        at = inject.minute * 20 / 30
        assert f"Minute {int(at + 0.5)}: {inject.title}" in cards
    # One card per page: a page break before every card but the first.
    soup = BeautifulSoup(to_html(role_sheets(scenario).injects), "html.parser")
    titles = soup.find_all("h2")
    breaks = soup.find_all("div", class_="page-break")
    assert len(breaks) == len(titles) - 1
    _written, _notes = write_role_sheets(role_sheets(scenario, paper="letter"), tmp_path)
    assert "size: letter;" in (tmp_path / "injects.html").read_text(encoding="utf-8")


THREE_SIDED = """\
classroom:
  scene: A three-sided meeting on one issue.
  general_brief: ["Three delegations meet. You have {minutes} minutes."]
  confidential:
    a: {mandate: ["A may agree at {reservation}."], priorities: [P.], private_information: [I.],
        deadline: [D.], constituencies: [C.], alternative: [N.], success: [S.]}
    b: {mandate: ["B may agree at {reservation}."], priorities: [P.], private_information: [I.],
        deadline: [D.], constituencies: [C.], alternative: [N.], success: [S.]}
    c: {mandate: ["C may agree at {reservation}."], priorities: [P.], private_information: [I.],
        deadline: [D.], constituencies: [C.], alternative: [N.], success: [S.]}
  team:
    roles: [{id: head, title: Head}, {id: aide, title: Aide}]
    sheets:
      a: {head: {job: [Lead A.], private_goal: [Alpha goal, private to the head of A.]},
          aide: {job: [Help A.], private_goal: [Alpha aide goal, kept to the aide of A.]}}
      b: {head: {job: [Lead B.], private_goal: [Bravo goal, private to the head of B.]},
          aide: {job: [Help B.], private_goal: [Bravo aide goal, kept to the aide of B.]}}
      c: {head: {job: [Lead C.], private_goal: [Charlie goal, private to the head of C.]},
          aide: {job: [Help C.], private_goal: [Charlie aide goal, kept to the aide of C.]}}
  injects:
    - {id: storm, minute: 5, title: A storm, basis: fiction, presses: [a, b, c],
       cards: {all: [A storm delays the ferry.]}, facilitator_note: [Watch the clock.]}
"""


def test_three_delegations_get_a_role_play_and_a_guide_that_says_three():
    text = (FIXTURES / "three-sides.yaml").read_text(encoding="utf-8") + THREE_SIDED
    scenario, _warnings = check_scenario("three.yaml", text=text)
    sheets = role_sheets(scenario)
    assert [k for k in sheets.files() if k.startswith(("confidential", "team"))] == [
        "confidential-a",
        "confidential-b",
        "confidential-c",
        *(f"team-{p}-{r}" for p in "abc" for r in ("head", "aide")),
    ]
    guide = text_of(sheets.facilitator)
    assert "A table is three delegations" in guide
    assert "You play every delegation's capital" in guide
    assert "each delegation is pressed equally" in guide
    for p in "abc":
        goal = {"a": "Alpha goal", "b": "Bravo goal", "c": "Charlie goal"}[p]
        for stem, handout in sheets.files().items():
            assert (goal in text_of(handout)) == (stem == f"team-{p}-head"), (p, stem)


def test_cli_roles_states_the_word_counts_and_the_mirroring(tmp_path, capsys):
    out = tmp_path / "packet"
    assert main(["roles", "december-2023", "--paper", "letter", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    rp = role_play_of(SCENARIOS["december-2023"])
    assert "(2 confidential sheets, 30 minutes of negotiation, Letter)" in printed
    for party, sections in rp.instructions.items():
        count = instructions_words(sections)
        assert 1200 <= count <= 1800
        assert f"confidential-{party}: {count:,} words of instructions" in printed
    assert "confidential instructions mirrored" in printed
    assert "the same seven sections on every side" in printed
    for (party, role), sheet in rp.team_sheets.items():
        assert f"team-{party}-{role} {team_sheet_words(sheet):,}" in printed
    assert "team sheets mirrored: the same 4 roles on every side" in printed
    assert "size: letter;" in (out / "general-brief.html").read_text(encoding="utf-8")
    # The cover page states the same counts.
    index = (out / "index.md").read_text(encoding="utf-8")
    for party, sections in rp.instructions.items():
        assert f"confidential-{party}: {instructions_words(sections):,} words" in index


def test_a_private_number_is_printed_for_its_party_and_drawn_anew_by_a_variant():
    text = (BOOK / "example-scenario.yaml").read_text(encoding="utf-8")
    text += (BOOK / "example-classroom.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  team:\n",
        "  private_numbers:\n    up:\n      weeks: {value: 6, low: 4, high: 8}\n  team:\n",
    ).replace("will be full in six weeks", "will be full in {weeks} weeks")
    scenario, _warnings = check_scenario("river.yaml", text=text)
    assert "will be full in 6 weeks" in text_of(role_sheets(scenario).delegations["up"])
    drawn = set()
    for n in range(1, 12):
        variant = derive_variant(scenario, n)
        weeks = role_play_of(variant).private_values("up")["weeks"]
        assert weeks in {4, 5, 6, 7, 8}
        sheet = text_of(role_sheets(variant).delegations["up"])
        assert f"will be full in {weeks:g} weeks" in sheet
        drawn.add(weeks)
    assert len(drawn) > 1
