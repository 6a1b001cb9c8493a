"""Role sheets: every scenario gets them, each delegation sees only its own data,
and the delegations' sheets mirror each other."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from peacekit.classroom.handout import plain_text, to_html, to_markdown
from peacekit.classroom.role_play_text import values
from peacekit.classroom.role_sheets import (
    MIRROR_TOLERANCE,
    balance_warnings,
    role_sheets,
    write_role_sheets,
)
from peacekit.classroom.sheet_text import session_steps
from peacekit.cli import main
from peacekit.model.role_play import SECTION_HEADINGS, SECTIONS, fill, role_play_of
from peacekit.scenarios.scenario_file import (
    builtin_scenario_names,
    check_scenario,
    load_builtin,
    load_scenario,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def all_scenarios():
    scenarios = [load_builtin(name) for name in builtin_scenario_names()]
    scenarios.append(load_scenario(FIXTURES / "shared-river.yaml"))
    # The annotated example of the book's scenario-format page, as an instructor would copy it.
    scenarios.append(load_scenario(ROOT / "book" / "instructor" / "example-scenario.yaml"))
    return scenarios


SCENARIOS = all_scenarios()
IDS = [Path(s.path).stem for s in SCENARIOS]


def test_the_fixture_is_another_conflict():
    river = load_scenario(FIXTURES / "shared-river.yaml")
    text = " ".join([river.summary, *(p.confidential_brief for p in river.parties)]).casefold()
    assert "armenia" not in text and "azerbaijan" not in text
    assert builtin_scenario_names(), "there should be built-in scenarios to test"


def sentences(text: str) -> list[str]:
    """Sentences (and clauses after a colon) long enough to be distinctive."""
    parts = re.split(r"(?<=[.!?:;])\s+", " ".join(text.split()))
    return [p.strip(" .;:") for p in parts if len(p.split()) >= 5]


def page_text(html_text: str) -> str:
    soup = BeautifulSoup(html_text, "html.parser")
    return " ".join(soup.get_text(" ").split())


def score_rows(html_text: str) -> list[tuple[str, str, float]]:
    """(issue, option label, points) for every row with a points cell, in any table."""
    soup = BeautifulSoup(html_text, "html.parser")
    rows = []
    for table in soup.find_all("table"):
        issue = ""
        for tr in table.find_all("tr"):
            if "group" in (tr.get("class") or []):
                issue = tr.get_text(" ", strip=True)
                continue
            num = [td for td in tr.find_all("td") if "num" in (td.get("class") or [])]
            first = tr.find("td")
            if first is None or not num:
                continue
            for td in num:
                text = td.get_text(strip=True).replace("\u2212", "-")
                if re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
                    rows.append((issue, first.get_text(" ", strip=True), float(text)))
    return rows


def secret(scenario, party_id: str, minutes: int) -> str:
    """A delegation's confidential text: its role play instructions (as printed), or its
    confidential brief and the description of its alternative."""
    rp = role_play_of(scenario)
    if rp is not None and party_id in rp.instructions:
        filled = values(scenario, minutes, party_id)
        return " ".join(
            fill(p.text, filled) for ps in rp.instructions[party_id].values() for p in ps
        )
    party = scenario.party(party_id)
    return party.confidential_brief + " " + party.reservation_description


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_each_delegation_page_holds_no_other_partys_confidential_text(scenario):
    sheets = role_sheets(scenario)
    for party in scenario.parties:
        html_text = to_html(sheets.delegations[party.id])
        text = page_text(html_text)
        md = " ".join(to_markdown(sheets.delegations[party.id]).split())
        own = secret(scenario, party.id, sheets.minutes)
        # its own confidential text is there, in full
        for sentence in sentences(own):
            assert sentence in text
        for other_id in scenario.other_parties(party.id):
            other = scenario.party(other_id)
            other_secret = secret(scenario, other_id, sheets.minutes)
            leaked = [s for s in sentences(other_secret) if s not in own and s in text]
            assert not leaked, f"{party.id}'s sheet shows {other_id}'s text: {leaked}"
            leaked_md = [
                s for s in sentences(other_secret) if s not in own and s.replace("'", "") in md
            ]
            assert not leaked_md
            for interest in other.interests:
                if not any(interest in own_interest for own_interest in party.interests):
                    assert interest not in text


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_each_delegation_page_shows_its_own_scores_and_only_those(scenario):
    sheets = role_sheets(scenario)
    for party in scenario.parties:
        rows = score_rows(to_html(sheets.delegations[party.id]))
        expected = [
            (issue.label, option.label, scenario.scores[party.id][issue.id][option.id])
            for issue in scenario.issues
            for option in issue.options
        ]
        assert rows == expected
        for other_id in scenario.other_parties(party.id):
            differs = [
                (i.id, o.id)
                for i in scenario.issues
                for o in i.options
                if scenario.scores[other_id][i.id][o.id] != scenario.scores[party.id][i.id][o.id]
            ]
            if differs:  # the test can only catch a leak where the tables differ
                other_rows = [
                    (i.label, i.option(o).label, scenario.scores[other_id][i.id][o])
                    for i_id, o in differs
                    for i in [scenario.issue(i_id)]
                ]
                assert not set(other_rows) & set(rows)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_general_brief_and_form_carry_no_scores_or_confidential_text(scenario):
    sheets = role_sheets(scenario)
    for handout in (sheets.general, sheets.agreement_form, sheets.packet):
        html_text = to_html(handout)
        text = page_text(html_text)
        assert score_rows(html_text) == [] or handout is sheets.general
        for party in scenario.parties:
            for sentence in sentences(secret(scenario, party.id, sheets.minutes)):
                if sentence not in party.public_brief:
                    assert sentence not in text
    # The general brief's only numbers in tables are the session timings.
    timing = {r[2] for r in score_rows(to_html(sheets.general))}
    assert timing <= {float(m) for _step, m, _what in session_steps(sheets.minutes)}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_delegation_sheets_mirror_each_other(scenario):
    sheets = role_sheets(scenario)
    headings, counts = [], []
    for party in scenario.parties:
        soup = BeautifulSoup(to_html(sheets.delegations[party.id]), "html.parser")
        headings.append([h.get_text(strip=True) for h in soup.find_all(["h2", "h3"])])
        counts.append(len(soup.find("main").get_text(" ").split()))
    assert all(h == headings[0] for h in headings)
    if role_play_of(scenario) is None:
        assert headings[0][:3] == [
            "1. Your role",
            "2. Your situation (in confidence)",
            "3. Your interests",
        ]
    else:  # the seven sections of the role play's instructions, in their order
        assert headings[0][:9] == [
            "1. Your role",
            *(f"{n}. {SECTION_HEADINGS[k]}" for n, k in enumerate(SECTIONS, 2)),
            "9. Your interests",
        ]
    assert min(counts) >= (1 - MIRROR_TOLERANCE) * max(counts), counts
    assert balance_warnings(sheets, scenario.path) == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_every_sheet_says_the_points_are_illustrative(scenario):
    sheets = role_sheets(scenario)
    for name, handout in sheets.files().items():
        assert "illustrative" in plain_text(handout).casefold(), name
        assert "illustrative" in to_markdown(handout).casefold(), name


LOPSIDED = """\
id: lopsided
title: Lopsided
summary: One side gets a long brief, the other a short one.
illustrative: Invented, illustrative numbers.
sources: [none]
parties:
  - id: a
    name: Side A
    public_brief: Public A.
    confidential_brief: >-
      {long}
    reservation: 1
    reservation_description: No deal A.
  - id: b
    name: Side B
    public_brief: Public B.
    confidential_brief: Short.
    reservation: 1
    reservation_description: No deal B.
issues:
  - id: i
    label: The issue
    options:
      - {{id: x, label: X}}
      - {{id: y, label: Y}}
scores:
  a: {{i: {{x: 0, y: 5}}}}
  b: {{i: {{x: 5, y: 0}}}}
"""


def test_lopsided_briefs_are_flagged_with_file_and_line(tmp_path):
    path = tmp_path / "lopsided.yaml"
    path.write_text(LOPSIDED.format(long="many words " * 150), encoding="utf-8")
    sheets = role_sheets(load_scenario(path))
    problems = balance_warnings(sheets, "lopsided.yaml")
    assert len(problems) == 1
    line = LOPSIDED.splitlines().index("    confidential_brief: Short.") + 1
    assert problems[0].warning
    assert str(problems[0]).startswith(f"lopsided.yaml:{line}: warning: parties[1]: the sheet")
    # Balanced texts raise nothing.
    path.write_text(LOPSIDED.format(long="Long."), encoding="utf-8")
    assert balance_warnings(role_sheets(load_scenario(path)), "lopsided.yaml") == []


HOSTILE = """\
id: hostile
title: "<script>alert(1)</script> & $x$ {sub}"
summary: "A summary with <b>tags</b>, $5 and *stars* and `code` and | pipes."
illustrative: Invented.
sources: ["<img src=x onerror=alert(1)>"]
parties:
  - id: a
    name: "Side <A>"
    public_brief: "Public A with {role}`x` text."
    confidential_brief: "Secret A: </style><script>bad()</script> here."
    reservation: 1
    reservation_description: "No deal A."
  - id: b
    name: Side B
    public_brief: Public B.
    confidential_brief: "Secret B: # not a heading, 1. not a list."
    reservation: 1
    reservation_description: No deal B.
issues:
  - id: i
    label: "Issue \\"quoted\\" <i>"
    options:
      - {id: x, label: "X <x>"}
      - {id: y, label: "Y $y$"}
scores:
  a: {i: {x: 0, y: 5}}
  b: {i: {x: 5, y: 0}}
"""


def test_scenario_text_is_escaped_in_html_and_markdown():
    scenario, _ = check_scenario("hostile.yaml", text=HOSTILE)
    sheets = role_sheets(scenario)
    for handout in sheets.files().values():
        html_text = to_html(handout)
        assert "<script>" not in html_text
        assert "<img" not in html_text
        assert "</style><" not in html_text.split("</style>", 1)[1]
        soup = BeautifulSoup(html_text, "html.parser")
        assert not soup.find_all(["script", "img", "b", "i"])
        md = to_markdown(handout)
        ours = re.sub(r"`[^`<>${}]*`", "", md)  # the sheets' own code spans (file names)
        ours = ours.replace("| ", "").replace(" |", "")  # table pipes
        ours = ours.replace("<br>", "")  # the sheets' own line breaks
        assert not re.search(r"(?<!\\)[$<{`|]", ours), md
    text = page_text(to_html(sheets.delegations["a"]))
    assert "Secret A: </style><script>bad()</script> here." in text
    md_b = to_markdown(sheets.delegations["b"])
    assert "\\# not a heading" in md_b
    # the running head is a CSS string that cannot end the style element
    head = to_html(sheets.delegations["a"]).split("</style>")[0]
    assert "<script" not in head.split("<style>")[1]


def test_three_party_scenario_gets_one_private_sheet_each():
    scenario = load_scenario(FIXTURES / "three-sides.yaml")
    sheets = role_sheets(scenario)
    assert set(sheets.delegations) == {"a", "b", "c"}
    secrets = {p.id: p.confidential_brief for p in scenario.parties}
    for pid, handout in sheets.delegations.items():
        text = plain_text(handout)
        for other, secret in secrets.items():
            assert (secret in text) == (other == pid)
    assert "promise by Side A and Side B" in plain_text(sheets.general)


def test_write_role_sheets_writes_every_file_and_keeps_an_edited_template(tmp_path):
    scenario = load_builtin("december-2023")
    sheets = role_sheets(scenario, minutes=45)
    written, notes = write_role_sheets(sheets, tmp_path, template_rows=3)
    names = sorted(p.name for p in written)
    assert names == sorted(
        [f"{stem}{ext}" for stem in sheets.files() for ext in (".html", ".md")]
        + ["results-template.csv"]
    )
    assert notes == []
    assert "45 minutes" in (tmp_path / "confidential-am.md").read_text(encoding="utf-8")
    template = tmp_path / "results-template.csv"
    template.write_text(template.read_text(encoding="utf-8") + "Pair 4,x,y,no deal\n")
    edited = template.read_text(encoding="utf-8")
    written, notes = write_role_sheets(sheets, tmp_path, template_rows=3)
    assert template.read_text(encoding="utf-8") == edited
    assert len(notes) == 1 and "kept the existing file" in notes[0]
    assert template not in written


def test_role_sheets_refuse_an_odd_negotiation_time():
    with pytest.raises(ValueError, match="15 to 90 minutes"):
        role_sheets(load_builtin("december-2023"), minutes=5)


def test_html_is_print_ready_and_self_contained():
    sheets = role_sheets(load_builtin("december-2023"))
    page = to_html(sheets.delegations["am"])
    assert "size: A4;" in page
    assert "@media print" in page
    assert "CONFIDENTIAL" in page.split("</style>")[0]  # the running head on every page
    # No external requests: nothing loads from elsewhere (a source's link is only a link).
    assert not re.search(r"""src=["']?(https?:)?//""", page)
    assert not BeautifulSoup(page, "html.parser").find_all(["link", "script", "img", "iframe"])
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("body")["data-party"] == "am"
    assert soup.find("html")["lang"] == "en"


def test_cli_roles_writes_the_packet(tmp_path, capsys):
    out = tmp_path / "packet"
    assert main(["roles", str(FIXTURES / "shared-river.yaml"), "--out", str(out)]) == 0
    assert "13 files for 'shared_river'" in capsys.readouterr().out
    assert (out / "confidential-up.html").is_file()
    assert (out / "confidential-down.md").is_file()
    assert main(["roles", "december-2023", "--out", str(out), "--minutes", "5"]) == 2
    assert "--minutes 5: expected 15 to 90" in capsys.readouterr().err


def test_cli_roles_reports_a_broken_scenario_in_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "peacekit.cli", "roles", str(bad), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"{bad}:")
    assert "Traceback" not in proc.stderr
