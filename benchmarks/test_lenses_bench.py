"""Speed of the confidence-building and societal-engagement models (run by ``make bench``).

The widgets rerun these in the browser (Pyodide is a few times slower than
CPython), and the book runs them at build time, so they must stay fast.
"""

from __future__ import annotations

import pytest

from peacekit.scenario import load_builtin
from peacekit.societal_engagement import compare_paths, peace_path, planned
from peacekit.trust_ladder import run_many

pytestmark = pytest.mark.bench

TREATY = load_builtin("comprehensive-treaty")


@pytest.mark.parametrize(
    "pair", [("grit", "tit_for_tat"), ("silver_bullet", "silver_bullet")], ids="-".join
)
def test_a_thousand_seeded_runs_of_thirty_rounds(benchmark, pair):
    """Target: 1,000 seeded runs of 30 rounds in under 2 s on this machine."""
    summary = benchmark.pedantic(
        run_many, args=(TREATY, pair), kwargs={"seeds": range(1000), "rounds": 30}, rounds=3
    )
    assert summary.runs == 1000
    assert benchmark.stats["max"] < 2.0


def test_one_path_with_publics(benchmark):
    """Target: one coupled run (trust ladder + both publics, 30 rounds) in under 50 ms,
    so a widget can redraw on every change."""
    plan = planned(TREATY)
    run = benchmark(peace_path, TREATY, ("grit", "grit"), plan, seed=1)
    assert len(run.rounds) == 30
    assert benchmark.stats["mean"] < 0.05


def test_comparing_the_four_paths_over_200_seeds(benchmark):
    """Target: under 8 s, since the book computes it at build time."""
    paths = benchmark.pedantic(
        compare_paths, args=(TREATY,), kwargs={"seeds": range(200)}, rounds=1
    )
    assert set(paths) == {"neither", "interstate", "societal", "both"}
    assert benchmark.stats["max"] < 8.0
