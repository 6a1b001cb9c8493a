"""Benchmarks of the negotiation model (run with `make bench`; never part of `make test`).

Targets on the reference machine (2 cores): the Pareto frontier of a generated
scenario with 100,000 outcomes in under 0.5 s; for three or more parties, where every
outcome is Pareto-efficient (the worst case: each issue's options split the same total
differently), 3 parties x 15,625 outcomes in under 0.5 s, 3 x 250,000 in under 5 s and
4 x 50,000 in under 5 s; importing the model in under 0.2 s.
"""

from __future__ import annotations

import random
from dataclasses import replace
from types import MappingProxyType

import pytest
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


def split_scenario(parties: int, sizes: tuple[int, ...], seed: int = 1) -> Scenario:
    """A purely distributive scenario: every option of an issue splits 100 points among the
    parties, so every outcome has the same total and every outcome is Pareto-efficient."""
    rng = random.Random(seed)
    party_ids = tuple(f"p{k}" for k in range(parties))
    issue_objs = tuple(
        Issue(
            id=f"i{k}",
            label=f"issue {k}",
            options=tuple(Option(id=f"o{j}", label=f"option {j}") for j in range(size)),
        )
        for k, size in enumerate(sizes)
    )
    scores: dict = {p: {} for p in party_ids}
    for issue in issue_objs:
        for p in party_ids:
            scores[p][issue.id] = {}
        for option in issue.options:
            cuts = sorted(rng.randint(0, 100) for _ in range(parties - 1))
            for p, low, high in zip(party_ids, (0, *cuts), (*cuts, 100), strict=True):
                scores[p][issue.id][option.id] = float(high - low)
    reservation = 100 * len(sizes) / parties / 2
    return replace(
        generated_scenario(issues=1, options=2),
        parties=tuple(replace(PARTY, id=p, name=p, reservation=reservation) for p in party_ids),
        issues=issue_objs,
        scores=scores,
    )


PARTY = Party(
    id="p",
    name="p",
    public_brief="",
    confidential_brief="",
    reservation=0.0,
    reservation_description="",
)

# (parties, options per issue, target in seconds)
SPLITS = {
    "3 parties x 15,625": (3, (5,) * 6, 0.5),
    "3 parties x 250,000": (3, (5,) * 6 + (2,) * 4, 5.0),
    "4 parties x 50,000": (4, (5,) * 5 + (2,) * 4, 5.0),
}


@pytest.mark.parametrize("name", SPLITS)
def test_frontier_of_every_outcome_efficient(benchmark, report, name):
    parties, sizes, target = SPLITS[name]
    scenario = split_scenario(parties, sizes)

    def full_analysis():
        a = analyse(scenario)
        return a.frontier, a.zone, a.nash, a.kalai_smorodinsky

    frontier, zone, _, _ = benchmark.pedantic(full_analysis, rounds=3, iterations=1)
    assert len(frontier) == scenario.outcomes_count  # every outcome is efficient
    report.benchmark(
        benchmark,
        MODEL,
        f"Pareto frontier, {name} outcomes, all efficient (values, zone, frontier, Nash "
        "and Kalai–Smorodinsky points)",
        unit="s",
        target=target,
        note=f"{len(sizes)} issues, options {'x'.join(map(str, sizes))}; zone {len(zone):,}",
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
