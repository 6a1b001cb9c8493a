import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacekit.charts import palette
from peacekit.charts.svg import Bar, Guide, Series, bar_chart, nice_ticks, xy_chart

SVG = "{http://www.w3.org/2000/svg}"
ALLOWED = {c.lower() for c in palette.OKABE_ITO} | {
    "#ffffff",
    "#d9d9d9",
    "#8c8c8c",
    "#333",
    "#555",
    "#000",
}


def _xy(**kw):
    args = dict(
        title="Trust & zone <test>",
        desc="A test chart",
        series=[
            Series("dots", [(0, 0), (1, 2), (3, -1)]),
            Series("line", [(0, 1), (3, 1)], colour=palette.ORANGE, marker="none", line=True),
            Series("star", [(2, 2)], colour=palette.VERMILION, marker="star"),
        ],
        x_label="x",
        y_label="y",
        guides=[Guide("x", 1.5, "reservation"), Guide("y", 0.5, "other")],
    )
    args.update(kw)
    return xy_chart(**args)


def test_xy_chart_is_an_accessible_svg_image():
    root = ET.fromstring(_xy())
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert first.tag == SVG + "title" and first.text == "Trust & zone <test>"
    assert second.tag == SVG + "desc" and second.text == "A test chart"


def test_charts_use_only_the_okabe_ito_palette_and_greys():
    svg = _xy() + bar_chart(
        title="b",
        desc="d",
        bars=[Bar("a", 0.5), Bar("b", 1, palette.ORANGE, hatched=True)],
        value_label="score",
    )
    colours = {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{3,6})"', svg)}
    assert colours <= ALLOWED, colours - ALLOWED


def test_every_series_appears_in_the_legend_and_markers_are_drawn():
    svg = _xy()
    for label in ("dots", "line", "star"):
        assert f">{label}</text>" in svg
    assert svg.count("<circle") >= 3  # three dots (legend markers come on top)
    assert "<polygon" in svg  # the star


def test_unknown_marker_is_refused():
    with pytest.raises(ValueError, match="unknown marker 'blob'"):
        _xy(series=[Series("x", [(0, 0)], marker="blob")])


def test_same_input_gives_the_same_bytes():
    assert _xy() == _xy()


def test_bar_widths_are_proportional_to_values():
    svg = bar_chart(
        title="t",
        desc="d",
        bars=[Bar("half", 0.5), Bar("full", 1.0)],
        value_label="v",
        max_value=1.0,
    )
    widths = [
        float(w)
        for w in re.findall(
            r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" '
            r'height="18"',
            svg,
        )
    ]
    assert len(widths) == 2
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.2)


def test_bar_notes_and_hatching_are_printed():
    svg = bar_chart(
        title="t",
        desc="d",
        bars=[Bar("Paris", 0.6, note="vetoed by Baku", hatched=True)],
        value_label="v",
    )
    assert "vetoed by Baku" in svg
    assert "url(#pk-hatch-" in svg


def test_bar_chart_needs_a_bar():
    with pytest.raises(ValueError):
        bar_chart(title="t", desc="d", bars=[], value_label="v")


@given(
    st.floats(-1000, 1000, allow_nan=False),
    st.floats(0.001, 1000, allow_nan=False),
)
def test_nice_ticks_cover_the_range_with_round_even_steps(low, span):
    high = low + span
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low + 1e-9 and ticks[-1] >= high - 1e-9
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    assert 2 <= len(ticks) <= 12


def test_nice_ticks_start_at_or_below_a_low_just_under_a_round_number():
    # Found by hypothesis under Pyodide: the rounding tolerance once started the ticks at 0.
    ticks = nice_ticks(-1.192092896e-07, 501.0 - 1.192092896e-07)
    assert ticks[0] <= -1.192092896e-07
