"""The facilitator sheet's answer key states what the model computes."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from peacekit.classroom.facilitator_sheet import facilitator_sheet
from peacekit.classroom.handout import plain_text, to_html
from peacekit.model.analysis import analyse
from peacekit.model.credibility import ZoneByTrust
from peacekit.scenarios.scenario_file import load_builtin, load_scenario

TIE = Path(__file__).parents[1] / "fixtures" / "three-way-tie.yaml"


def test_answer_key_of_the_december_package():
    scenario = load_builtin("december-2023")
    a = analyse(scenario)
    sheet = facilitator_sheet(scenario)
    text = plain_text(sheet)
    assert f"Of 144 packages, {a.zone_size} clear every reservation value" in text
    # The frontier over all packages (as `peacekit show` lists it), then the part in the zone.
    assert (len(a.frontier), len(a.efficient_agreements)) == (13, 4)
    assert "13 are Pareto-efficient over all packages" in text
    assert "and 4 of them lie inside the zone: the efficient agreements" in text
    soup = BeautifulSoup(to_html(sheet), "html.parser")
    packages = soup.find("table", class_="packages")
    headers = [th.get_text() for th in packages.find("thead").find_all("th")]
    # The efficient packages, as columns; Nash, K-S and the real package are among them.
    assert headers == ["Issue", "Package A", "Package B", "Package C", "Package D"]
    assert "Nash point: package C; Kalai–Smorodinsky: package C; the real package: package C." in (
        text
    )
    rows = {tr.find("td").get_text(): tr for tr in packages.find("tbody").find_all("tr")}
    yerevan = [td.get_text() for td in rows["Points for Yerevan"].find_all("td")[1:]]
    assert yerevan == [f"+{a.utility('am', i):g}" for i in a.efficient_agreements]
    # Some packages clear both reservation values on acts alone (32 + 1 released,
    # withdrawal with support for Baku): Yerevan 20, Baku 24.
    assert "the zone stays open even when no promise is believed" in text


def test_tied_fair_points_are_all_named(tmp_path):
    """Three packages share the largest product of gains (2·8 = 4·4 = 8·2 = 16)."""
    scenario = load_scenario(TIE)
    a = analyse(scenario)
    assert [a.outcome(i) for i in a.nash_ties] == [("o1",), ("o3",), ("o2",)]
    text = plain_text(facilitator_sheet(scenario))
    # Columns: the efficient agreements o1, o2, o3 in the frontier's order (A, B, C).
    assert "Nash point: package A (tied with packages C and B);" in text
    assert "Kalai–Smorodinsky: package B." in text
    assert "Accept any of them as the answer." in text


def test_answer_key_states_the_trust_that_closes_the_zone():
    scenario = load_builtin("comprehensive-treaty")
    opening = ZoneByTrust(scenario).opening_credibility()
    assert opening is not None and 0 < opening < 1
    text = plain_text(facilitator_sheet(scenario))
    assert f"at less than {opening:.2f} of their points" in text


def test_facilitator_sheet_holds_every_partys_scores_and_is_marked_instructor_only():
    scenario = load_builtin("december-2023")
    sheet = facilitator_sheet(scenario)
    page = to_html(sheet)
    assert "INSTRUCTOR ONLY" in page.split("</style>")[0]
    text = plain_text(sheet)
    for party in scenario.parties:
        assert party.name in text
    assert "Debrief questions" in text and "What to watch for" in text
