"""The score-space chart: its axes, its marks, and what it says in words."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from peacekit.charts.score_space import PairMark, axis_ticks, score_space_chart, space_summary
from peacekit.charts.svg import Series
from peacekit.model.analysis import analyse
from peacekit.scenarios.scenario_file import load_builtin, load_scenario

SVG = "{http://www.w3.org/2000/svg}"
DEC = load_builtin("december-2023")


@pytest.mark.parametrize(
    "low, high, ticks",
    [
        (-18, 52, [-20, 0, 20, 40, 60]),
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (-16, 54, [-20, 0, 20, 40, 60]),
        (0, 250, [0, 50, 100, 150, 200, 250]),
        (5, 5, [5, 5.2, 5.4, 5.6, 5.8, 6.0]),
        # A top just above a round value still gets a tick above it (the axis covers the data).
        (-2.0, 300.1, [-100, 0, 100, 200, 300, 400]),
    ],
)
def test_nice_ticks_cover_the_range_with_round_steps(low, high, ticks):
    assert axis_ticks(low, high) == pytest.approx(ticks)


def test_the_chart_needs_two_parties_or_a_pair_of_them(repo_root):
    three = load_scenario(repo_root / "tests" / "fixtures" / "three-sides.yaml")
    with pytest.raises(ValueError, match="needs two parties"):
        score_space_chart(analyse(three), title="t")
    with pytest.raises(ValueError, match="expected two of the scenario's parties"):
        score_space_chart(analyse(three), title="t", parties=("a", "a"))


def test_a_panel_of_two_of_three_parties(repo_root):
    """three-sides: package x is worth (3, 2, 5) to a, b, c and y (1, 4, 0); every
    reservation is 1, so x is in the zone and y is not (c gets 0). Neither beats the other
    for everyone: both are on the frontier."""
    three = load_scenario(repo_root / "tests" / "fixtures" / "three-sides.yaml")
    root = ET.fromstring(score_space_chart(analyse(three), title="t", parties=("a", "c")))
    assert (root.get("data-x-party"), root.get("data-y-party")) == ("a", "c")
    cloud = root.find(f".//{SVG}g[@class='packages']")
    fills = sorted(c.get("fill") for c in cloud.iter(f"{SVG}circle"))
    assert fills == ["#009E73", "#8c8c8c"]  # x (3, 5) green, y (1, 0) grey
    frontier = root.find(f".//{SVG}g[@class='frontier']")
    assert len(list(frontier.iter(f"{SVG}circle"))) == 2  # rings, not a line
    nash = root.find(f".//{SVG}g[@class='mark mark-nash']")
    assert (nash.get("data-x"), nash.get("data-y")) == ("3", "5")
    text = "".join(root.itertext())
    assert "Side A and Side C above 1 and 1" in text
    assert "a package on the Pareto frontier (for all parties): a ring" in text


def test_the_description_defaults_to_the_summary_and_marks_join_the_legend():
    a = analyse(DEC)
    svg = score_space_chart(
        a, title="t", marks=[Series("Your package", [a.point(0)], marker="star")]
    )
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}desc").text == space_summary(a)
    legend = " ".join(t.text for t in root.find(f"{SVG}g[@class='legend']").iter(f"{SVG}text"))
    for entry in ("Pareto frontier", "Nash point", DEC.reference.label, "Your package"):
        assert entry in legend
    assert "a pair's agreement" not in legend


def test_the_real_package_can_be_left_off():
    a = analyse(DEC)
    with_ref = score_space_chart(a, title="t")
    without = score_space_chart(a, title="t", reference=False)
    assert 'class="mark mark-reference"' in with_ref
    assert 'class="mark mark-reference"' not in without
    assert DEC.reference.label not in without


def test_pairs_and_no_deals_are_labelled_with_their_numbers():
    a = analyse(DEC)
    svg = score_space_chart(
        a, title="t", pairs=[PairMark(1, "A", 0), PairMark(2, "B", 0), PairMark(3, "C", None)]
    )
    root = ET.fromstring(svg)
    labels = [t.text for t in root.find(f"{SVG}g[@class='labels']").iter(f"{SVG}text")]
    assert sorted(labels) == ["1, 2", "no deal: 3"]
    pair = root.find(f"{SVG}g[@class='mark mark-pair']")
    assert pair.get("data-pairs") == "A|B"
    assert (float(pair.get("data-x")), float(pair.get("data-y"))) == a.point(0)
