"""The model pages' "find where the thesis fails" solutions: every claim recomputed.

The tables beside them are computed when the book is built; the solutions are prose, so
each claim they make is checked here against the model (the exercise hints make several
of the same claims, checked in ``test_exercise_notebooks.py``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from peacekit.lenses.package_deal import AnalysesByTrust, ReservationVariants
from peacekit.lenses.two_publics import after_engagement
from peacekit.model.societal_engagement import planned
from peacekit.model.trust_ladder import run_many, trust_setting
from peacekit.model.trust_strategies import strategies
from peacekit.model.two_level import two_level
from peacekit.scenarios.scenario_file import load_builtin

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "book" / "models"
DEC = load_builtin("december-2023")
TREATY = load_builtin("comprehensive-treaty")


def _text(name: str) -> str:
    return re.sub(r"\s+", " ", (MODELS / name).read_text("utf-8"))


def _solution(name: str, label: str) -> str:
    text = (MODELS / name).read_text("utf-8")
    block = text.split(f"```{{solution}} {label}", 1)[1].split("```", 1)[0]
    return re.sub(r"\s+", " ", block)


def test_every_model_page_says_equal_reservation_values_are_a_teaching_choice():
    for page in ("negotiation-model.md", "confidence-building-model.md"):
        text = _text(page)
        assert "teaching choice" in text and "imbalance of power" in text, page
    assert "hide the imbalance of power between the two sides after 2023" in _text(
        "societal-engagement-model.md"
    )
    assert "Equal reservation values are a teaching choice" in _text("built-in-scenarios.md")


def test_the_silver_bullet_is_the_courses_reading_on_its_page():
    text = _text("confidence-building-model.md")
    assert "The **Silver bullet** row is the course's reading of the article" in text
    assert strategies()["silver_bullet"].source == ""  # the table names "the course"
    assert 'The course\'s reading of the "silver bullet"' in _text("built-in-scenarios.md")


def test_negotiation_page_solution():
    text = _solution("negotiation-model.md", "ex-model-reservations")
    by_trust = AnalysesByTrust(DEC)
    assert by_trust.at(1.0).utilities(DEC.reference.outcome) == {"am": 34, "az": 34}
    assert "Any value above 34" in text
    assert by_trust.at(1.0, {"am": 35, "az": 35}).zone_size == 0
    assert by_trust.at(1.0, {"am": 25, "az": 15}).zone_size == 12
    assert by_trust.at(0.0, {"am": 25, "az": 15}).zone_size == 0
    assert by_trust.at(0.0, {"am": 15, "az": 25}).zone_size == 4
    assert "twelve packages at full trust and none at zero trust" in text
    for (am, az), (yerevan, baku) in {(5, 35): (20, 40), (35, 5): (40, 19)}.items():
        a = by_trust.at(1.0, {"am": am, "az": az})
        assert a.utilities(a.outcome(a.nash)) == {"am": yerevan, "az": baku}
    assert "worth 20 points to Yerevan and 40 to Baku" in text
    assert "40 to Yerevan and 19 to Baku" in text


def _pair(scenario, strategy, **options):
    return run_many(scenario, (strategy, strategy), seeds=range(1000), rounds=30, **options)


def test_confidence_building_page_solution():
    text = _solution("confidence-building-model.md", "ex-model-thesis-trust")
    variants = ReservationVariants(TREATY)
    for values in ({"am": 25, "az": 15}, {"am": 15, "az": 15}):
        for strategy in ("silver_bullet", "grit"):
            s = _pair(variants.of(values), strategy)
            assert s.opened_share == 1 and s.median_first_open == 0
    assert "the zone is open from round 0" in text
    rules = trust_setting(TREATY).rules
    reliable = replace(rules, promise_reliability=0.8)
    sb, gg = _pair(TREATY, "silver_bullet", rules=reliable), _pair(TREATY, "grit", rules=reliable)
    assert sb.opened_share == 1 and sb.median_first_open < gg.median_first_open
    assert "kept eight times in ten, the silver bullet opens the zone in every run" in text
    base_grit = _pair(TREATY, "grit")
    for values in ({"am": 45, "az": 60}, {"am": 60, "az": 45}):
        sb, gg = (_pair(variants.of(values), k) for k in ("silver_bullet", "grit"))
        assert gg.opened_share > sb.opened_share
        assert gg.median_first_open > base_grit.median_first_open  # "only later"
    assert "45 and 60 either way" in text


def test_societal_engagement_page_solution():
    text = _solution("societal-engagement-model.md", "ex-model-thesis-publics")
    variants = ReservationVariants(DEC)
    plan = planned(DEC)["am"]

    def passing(values, engagement, rounds, steps):
        s = variants.of(values)
        moment = after_engagement(s, engagement, rounds, steps=steps)
        return len(two_level(s).ratifiable(moment.states, moment.credibility))

    both_15 = {"am": 15, "az": 15}
    assert passing(both_15, {}, 0, True) == 1 and passing(both_15, {}, 10, True) == 3
    assert "one package passes both publics before any engagement and three" in text
    assert passing({"am": 25, "az": 25}, plan, 10, True) == 0
    for values, rejecting in (({"am": 10, "az": 20}, []), ({"am": 15, "az": 25}, ["az"])):
        s = variants.of(values)
        start = after_engagement(s, {}, 0, steps=True)
        r = two_level(s).ratification(DEC.reference.outcome, start.states, start.credibility)
        assert r.signed and r.rejecting_publics == rejecting
    assert "it is the Azerbaijani public that rejects the 7 December package" in text
