"""Benchmarks of the confidence-building and societal-engagement models (run with
`make bench`; never part of `make test`).

Targets on the reference machine (2 cores): 1,000 seeded runs of 30 rounds of the
trust simulation in under 2 s; one coupled run (trust simulation and both publics,
30 rounds) in under 50 ms, so a widget can redraw on every change; the four-path
comparison over 200 seeds, which the book computes at build time, in under 8 s.
"""

from __future__ import annotations

import pytest
from report import MODEL

from peacekit.model.societal_engagement import compare_paths, peace_path, planned
from peacekit.model.trust_ladder import run_many
from peacekit.scenarios.scenario_file import load_builtin

TREATY = load_builtin("comprehensive-treaty")


@pytest.mark.parametrize(
    "pair", [("grit", "tit_for_tat"), ("silver_bullet", "silver_bullet")], ids="-".join
)
def test_a_thousand_seeded_runs_of_thirty_rounds(benchmark, report, pair):
    summary = benchmark.pedantic(
        run_many, args=(TREATY, pair), kwargs={"seeds": range(1000), "rounds": 30}, rounds=5
    )
    assert summary.runs == 1000
    report.benchmark(
        benchmark,
        MODEL,
        f"trust simulation: 1,000 seeded runs of 30 rounds, {' vs '.join(pair)}",
        unit="s",
        target=2,
    )


def test_one_coupled_run_with_both_publics(benchmark, report):
    plan = planned(TREATY)
    run = benchmark(peace_path, TREATY, ("grit", "grit"), plan, seed=1)
    assert len(run.rounds) == 30
    report.benchmark(
        benchmark,
        MODEL,
        "one coupled run: trust simulation and both publics, 30 rounds",
        target=50,
        note="short enough for a widget to redraw on every change",
    )


def test_comparing_the_four_paths_over_200_seeds(benchmark, report):
    paths = benchmark.pedantic(
        compare_paths, args=(TREATY,), kwargs={"seeds": range(200)}, rounds=3
    )
    assert set(paths) == {"neither", "interstate", "societal", "both"}
    report.benchmark(
        benchmark,
        MODEL,
        "the four paths (neither, interstate, societal, both) over 200 seeds",
        unit="s",
        target=8,
        note="the book computes it at build time",
    )
