"""Benchmarks of the negotiation model (run with `make bench`; never part of `make test`).

Targets on the reference machine (2 cores): the Pareto frontier of a generated
scenario with 100,000 outcomes in under 0.5 s, and importing the model in under 0.2 s.
"""

from __future__ import annotations

import random
from types import MappingProxyType

from report import MODEL
from stopwatch import seconds_in_fresh_python

from peacekit.model.analysis import analyse
from peacekit.model.scenario import Issue, Option, Party, Scenario


def generated_scenario(issues: int = 5, options: int = 10, seed: int = 1) -> Scenario:
    rng = random.Random(seed)
    party_ids = ("a", "b")
    issue_objs = tuple(
        Issue(
            id=f"i{k}",
            label=f"issue {k}",
            options=tuple(Option(id=f"o{j}", label=f"option {j}") for j in range(options)),
        )
        for k in range(issues)
    )
    scores = {
        p: {i.id: {o.id: float(rng.randint(-10, 30)) for o in i.options} for i in issue_objs}
        for p in party_ids
    }
    parties = tuple(
        Party(
            id=p,
            name=p,
            public_brief="",
            confidential_brief="",
            reservation=40.0,
            reservation_description="",
        )
        for p in party_ids
    )
    return Scenario(
        id="bench",
        title="bench",
        summary="",
        illustrative_note="",
        sources=(),
        parties=parties,
        issues=issue_objs,
        scores=scores,
        third_parties=(),
        sections=MappingProxyType({}),
    )


def test_frontier_of_100000_outcomes(benchmark, report):
    scenario = generated_scenario()
    assert scenario.outcomes_count == 100_000

    def full_analysis():
        a = analyse(scenario, {"a": 0.8, "b": 0.8})
        return a.frontier, a.zone, a.nash

    frontier, zone, _ = benchmark.pedantic(full_analysis, rounds=5, iterations=1)
    report.benchmark(
        benchmark,
        MODEL,
        "Pareto frontier of 100,000 outcomes (values, zone of agreement, frontier, Nash point)",
        unit="s",
        target=0.5,
        note=f"5 issues x 10 options, 2 parties; frontier {len(frontier)}, zone {len(zone):,}",
    )


def test_import_time(report):
    report.add(
        MODEL,
        "`import peacekit` in a fresh Python",
        [t * 1000 for t in seconds_in_fresh_python("import peacekit", runs=9)],
        "ms",
        note="the package's `__init__` only",
    )
    report.add(
        MODEL,
        "import of the model (peacekit.model: analysis, scenario, bargaining) in a fresh Python",
        [
            t * 1000
            for t in seconds_in_fresh_python(
                "import peacekit.model.analysis, peacekit.model.bargaining", runs=9
            )
        ],
        "ms",
        target=200,
        note="what the classroom tools and the command line load",
    )
