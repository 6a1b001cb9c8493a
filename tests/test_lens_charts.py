"""The lens charts: accessible colours, no outside requests, stable output, a text summary."""

from __future__ import annotations

import re

import pytest

from peacekit.lens_charts import (
    opening_chart,
    opening_summary,
    paths_chart,
    paths_summary,
    public_chart,
    public_summary,
    trust_chart,
    trust_summary,
    zone_chart,
)
from peacekit.palette import OKABE_ITO
from peacekit.scenario import load_builtin
from peacekit.societal_engagement import compare_paths, peace_path, planned
from peacekit.trust_ladder import compare, simulate

TREATY = load_builtin("comprehensive-treaty")


@pytest.fixture(scope="module")
def charts():
    run = simulate(TREATY, ("grit", "tit_for_tat"), seed=3)
    path = peace_path(TREATY, ("grit", "grit"), planned(TREATY), seed=1)
    pairs = compare(TREATY, seeds=range(20))
    paths = compare_paths(TREATY, seeds=range(5))
    return {
        "trust": (trust_chart(run, 0.73), trust_summary(run, 0.73), run),
        "zone": (zone_chart(run), "", run),
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
    assert trust_chart(run, name="x") == trust_chart(run, name="x")
    assert 'id="chart-x"' in trust_chart(run, name="x")


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


def test_the_bottom_margin_leaves_room_for_every_legend_row():
    run = simulate(TREATY, ("grit", "tit_for_tat"), seed=3)
    pairs = compare(TREATY, seeds=range(3))  # eight series in one column

    def bottom_of_last_legend(svg):
        top = float(re.search(r'translate\([\d.]+, ([\d.]+)\)" class="legends"', svg)[1])
        last = max(
            float(y)
            for y in re.findall(
                r'<text x="[\d.]+" y="([\d.]+)">', svg[svg.index('class="legends"') :]
            )
        )
        height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg)[1])
        return top + last + 4, height  # 4 px: the descent of 13 px text below its baseline

    for svg in (trust_chart(run), trust_chart(run, 0.73), zone_chart(run), opening_chart(pairs)):
        bottom, height = bottom_of_last_legend(svg)
        assert bottom <= height, (bottom, height)


def test_described_adds_a_description_for_screen_readers():
    from peacekit.lens_charts import described

    run = simulate(TREATY, ("grit", "grit"), seed=1)
    svg = described(trust_chart(run), "Trust <rises> & stays")
    assert "</title><desc>Trust &lt;rises&gt; &amp; stays</desc>" in svg
