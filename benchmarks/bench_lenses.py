"""Benchmarks of the confidence-building and societal-engagement models (run with
`make bench`; never part of `make test`).

Targets on the reference machine (2 cores): 1,000 seeded runs of 30 rounds of the
trust simulation in under 2 s; one coupled run (trust simulation and both publics,
30 rounds) in under 50 ms, so a widget can redraw on every change; the four-path
comparison over 200 seeds, which the book computes at build time, in under 8 s.
"""

from __future__ import annotations

import pytest

from peacekit.scenario import load_builtin
from peacekit.societal_engagement import compare_paths, peace_path, planned
from peacekit.trust_ladder import run_many

TREATY = load_builtin("comprehensive-treaty")


@pytest.mark.parametrize(
    "pair", [("grit", "tit_for_tat"), ("silver_bullet", "silver_bullet")], ids="-".join
)
def test_a_thousand_seeded_runs_of_thirty_rounds(benchmark, pair):
    summary = benchmark.pedantic(
        run_many, args=(TREATY, pair), kwargs={"seeds": range(1000), "rounds": 30}, rounds=5
    )
    assert summary.runs == 1000
    median = benchmark.stats.stats.median
    print(
        f"\n1,000 seeded runs of 30 rounds, {' vs '.join(pair)}: median {median:.3f} s "
        "(target < 2 s)"
    )


def test_one_coupled_run_with_both_publics(benchmark):
    plan = planned(TREATY)
    run = benchmark(peace_path, TREATY, ("grit", "grit"), plan, seed=1)
    assert len(run.rounds) == 30
    median = benchmark.stats.stats.median
    print(
        f"\none coupled run (trust and both publics, 30 rounds): median {median * 1000:.1f} ms "
        "(target < 50 ms)"
    )


def test_comparing_the_four_paths_over_200_seeds(benchmark):
    paths = benchmark.pedantic(
        compare_paths, args=(TREATY,), kwargs={"seeds": range(200)}, rounds=1
    )
    assert set(paths) == {"neither", "interstate", "societal", "both"}
    median = benchmark.stats.stats.median
    print(f"\nthe four paths over 200 seeds: {median:.2f} s (target < 8 s)")
