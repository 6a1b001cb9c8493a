"""The score chart's axes."""

from __future__ import annotations

import pytest

from peacekit.analysis import analyse
from peacekit.scenario import load_builtin
from peacekit.score_chart import axis_ticks, score_chart


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


def test_chart_needs_two_parties():
    a = analyse(load_builtin("december-2023"))
    assert score_chart(a, [], title="t", desc="d").startswith("<svg")
