"""The lens charts: accessible colours, no outside requests, stable output, a text summary."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from peacekit.charts.over_rounds import (
    opening_chart,
    opening_summary,
    paths_chart,
    paths_summary,
    public_chart,
    public_summary,
    trust_chart,
    trust_summary,
    zone_chart,
    zone_summary,
)
from peacekit.charts.palette import OKABE_ITO
from peacekit.model.societal_engagement import compare_paths, peace_path, planned
from peacekit.model.trust_ladder import compare, simulate
from peacekit.scenarios.scenario_file import load_builtin

TREATY = load_builtin("comprehensive-treaty")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def charts():
    run = simulate(TREATY, ("grit", "tit_for_tat"), seed=3)
    path = peace_path(TREATY, ("grit", "grit"), planned(TREATY), seed=1)
    pairs = compare(TREATY, seeds=range(20))
    paths = compare_paths(TREATY, seeds=range(5))
    return {
        "trust": (trust_chart(run, 0.73), trust_summary(run, 0.73), run),
        "zone": (zone_chart(run, TREATY), zone_summary(run, TREATY), run),
        "opening": (opening_chart(pairs), opening_summary(pairs), pairs),
        "publics": (public_chart(path), public_summary(path), path),
        "paths": (paths_chart(paths), paths_summary(paths), paths),
    }


def test_charts_make_no_request_and_use_the_palette(charts):
    for name, (svg, _, _) in charts.items():
        assert svg.startswith("<svg"), name
        assert "<script" not in svg, name
        links = set(re.findall(r"(?:href|src)=\"([^\"]+)\"", svg))
        assert not [u for u in links if not u.startswith("#")], name
        assert re.findall(r"https?://[^\" ]+", svg) == ["http://www.w3.org/2000/svg"], name
        colours = set(re.findall(r"#[0-9A-Fa-f]{6}\b", svg)) - {"#d9d9d9", "#bdbdbd", "#444444"}
        used = {c.upper() for c in colours} - {"#FFFFFF"}
        assert used <= {c.upper() for c in OKABE_ITO}, (name, used)


def test_charts_are_stable_for_the_same_input():
    run = simulate(TREATY, ("grit", "grit"), seed=1)
    assert trust_chart(run) == trust_chart(simulate(TREATY, ("grit", "grit"), seed=1))


def test_each_chart_describes_itself_with_its_summary(charts):
    for name, (svg, text, _) in charts.items():
        desc = ET.fromstring(svg).find(f"{SVG}desc").text
        assert desc == text, name


def test_summaries_state_what_the_chart_shows(charts):
    _, text, run = charts["trust"]
    assert f"after round {run.first_open}" in text
    assert f"{run.final_trust['am']:.2f}" in text
    _, text, pairs = charts["opening"]
    for s in pairs:
        assert f"opened in {s.opened_share:.0%} of {s.runs} runs" in text
    _, text, path = charts["publics"]
    assert f"round {path.first_ratified}" in text
    _, text, paths = charts["paths"]
    assert f"ratified in {paths['both'].ratified_share:.0%}" in text


def test_empty_inputs_are_refused():
    with pytest.raises(ValueError, match="no strategy pairs"):
        opening_chart([])
    with pytest.raises(ValueError, match="no paths"):
        paths_chart({})


def test_charts_and_summaries_can_name_the_sides():
    names = {"am": "Yerevan", "az": "Baku"}
    run = simulate(TREATY, ("grit", "tit_for_tat"), seed=3)
    pairs = compare(TREATY, pairs=[("grit", "grit")], seeds=range(5))
    for text in (
        trust_chart(run, 0.73, names=names),
        trust_summary(run, 0.73, names),
        opening_chart(pairs, names=names),
        opening_summary(pairs, names),
    ):
        assert "Yerevan" in text and "Baku" in text
        assert "am:" not in text and "(az)" not in text
    assert trust_summary(run, 0.73, names).replace("Yerevan", "am").replace(
        "Baku", "az"
    ) == trust_summary(run, 0.73)


def test_every_legend_row_fits_inside_the_chart():
    run = simulate(TREATY, ("grit", "tit_for_tat"), seed=3)
    pairs = compare(TREATY, seeds=range(3))  # eight series in one column
    for svg in (
        trust_chart(run),
        trust_chart(run, 0.73),
        zone_chart(run, TREATY),
        opening_chart(pairs),
    ):
        root = ET.fromstring(svg)
        height = float(root.get("viewBox").split()[3])
        baselines = [float(t.get("y")) for t in root.iter(f"{SVG}text") if t.get("y")]
        assert max(baselines) + 4 <= height  # 4 px: the descent of 12 px text


def test_a_line_per_pair_and_a_marker_shape_per_line():
    pairs = compare(TREATY, seeds=range(3))
    root = ET.fromstring(opening_chart(pairs))
    lines = [e for e in root.iter(f"{SVG}polyline") if e.get("stroke") != "#d9d9d9"]
    assert len(lines) == 2 * len(pairs)  # one in the plot and one in the legend per pair
    assert len({e.get("stroke") + e.get("stroke-dasharray", "") for e in lines}) == len(pairs)


def test_zone_summary_reports_the_series_the_chart_draws():
    run = simulate(TREATY, ("grit", "tit_for_tat"), seed=4)
    series = run.zone_series()
    text = zone_summary(run, TREATY)
    assert f"{TREATY.outcomes_count} possible packages" in text
    assert f"At the start, {series[0]} of them are in the agreement zone." in text
    assert f"first holds a package after round {run.first_open}" in text
    assert f"After the last round it holds {series[-1]}; at most {max(series)}" in text
