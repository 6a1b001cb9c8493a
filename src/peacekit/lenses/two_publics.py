"""The two-publics exercise: would this package be signed, and would both publics ratify it?

:mod:`peacekit.model.two_level` judges a package by both delegations and both
publics; :mod:`peacekit.model.societal_engagement` moves the publics round by round
as engagement and tangible steps accumulate. This module turns their numbers
into the sentences the exercise shows, naming each term of a public's
verdict, so a student can see *why* a public says no: the package is worth too
little to it, or the visible exchange looks unfair, or suspiciously generous.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..charts.numbers import points_text
from ..model.scenario import Scenario
from ..model.societal_engagement import PathRun, engage, steady_steps
from ..model.stakeholders import stakeholders_of
from ..model.trust_ladder import trust_setting
from ..model.two_level import PublicState, Ratification, TwoLevel, publics_of, start_states

MAX_ROUNDS = 30


def check_rounds(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ROUNDS:
        raise ValueError(
            f"the rounds of engagement must be a whole number from 0 to {MAX_ROUNDS}, got {value!r}"
        )
    return value


def public_names(scenario: Scenario) -> dict[str, str]:
    """Party id -> how its public is named (``The Armenian public``)."""
    publics = publics_of(scenario)
    return {p: publics.profile(p).name for p in scenario.party_ids}


def _inside(name: str) -> str:
    """A name as it reads inside a sentence: ``the Armenian public``."""
    return "the" + name[3:] if name.startswith("The ") else name


@dataclass(frozen=True)
class Moment:
    """Where the publics and the delegations stand after some rounds of engagement."""

    rounds: int
    states: Mapping[str, PublicState]
    credibility: Mapping[str, float]
    run: PathRun | None
    """The rounds that led here (None before any round)."""


def after_engagement(
    scenario: Scenario, plan: Mapping[str, float], rounds: int, *, steps: bool
) -> Moment:
    """The publics after ``rounds`` rounds of the mirrored engagement ``plan``; with ``steps``,
    both delegations keep one small verifiable step a round (the interstate path)."""
    rounds = check_rounds(rounds)
    if rounds == 0:
        return Moment(0, start_states(scenario), dict(trust_setting(scenario).initial), None)
    run = engage(
        scenario,
        dict(plan),
        rounds=rounds,
        evidence=steady_steps(scenario, rounds) if steps else None,
    )
    last = run.rounds[-1]
    return Moment(rounds, dict(last.states), dict(last.credibility), run)


COURSE_NUMBERS = "the course's chosen numbers"
OWN_NUMBERS = "the reservation values you set"


def headline(r: Ratification, scenario: Scenario, *, numbers: str = COURSE_NUMBERS) -> str:
    """The verdict on a package, with its caveat beside it: a public's verdict here follows
    from the model's numbers (``numbers`` says whose), not from evidence about real publics."""
    publics = public_names(scenario)
    refusing = [_inside(publics[p]) for p in r.rejecting_publics]
    unsigned = [scenario.party(p).label for p, ok in r.delegations.items() if not ok]
    moral = ""
    if r.ratified:
        verdict = "both delegations would sign this package, and both publics would ratify it"
        judged = 2
    elif r.signed:
        verdict = f"both delegations would sign this package, but {_and(refusing)} would reject it"
        judged = len(refusing)
        moral = " A deal the governments sign but a public rejects is not peace."
    else:
        verdict = _and([f"{u}'s delegation" for u in unsigned]) + " would not sign this package"
        if refusing:
            verdict += f", and {_and(refusing)} would reject it too"
            judged = len(refusing)
        else:
            verdict += ", although both publics would accept it"
            judged = 2
    whom = "the real public" if judged == 1 else "the real publics"
    return (
        f"In this model, with {numbers}, {verdict}; this follows from those numbers, not from "
        f"evidence about {whom}.{moral}"
    )


def verdict_lines(
    r: Ratification, scenario: Scenario, model: TwoLevel, credibility: Mapping[str, float]
) -> list[str]:
    """Each delegation's and each public's verdict, with every term of the public's sum."""
    publics = public_names(scenario)
    lines = []
    for p, ok in r.delegations.items():
        c = credibility.get(p, 1.0)
        lines.append(
            f"{scenario.party(p).label}'s delegation would {'sign' if ok else 'not sign'}: it "
            f"counts the other side's promises at {points_text(c)} of their value."
        )
    for p, v in r.verdicts.items():
        terms = f"gain {points_text(round(v.gain, 2))}"
        if v.fairness_penalty > 0.005:
            terms += (
                f" − {points_text(round(v.fairness_penalty, 2))} for an exchange that looks "
                "lopsided "
                f"against it ({points_text(round(v.lopsided_against, 2))} on a 0–1 scale)"
            )
        if v.suspicion_penalty > 0.005:
            terms += (
                f" − {points_text(round(v.suspicion_penalty, 2))} for suspecting hidden terms "
                "in an "
                f"exchange that looks lopsided in its favour "
                f"({points_text(round(v.lopsided_for, 2))} on a 0–1 scale)"
            )
        verb = "would ratify it" if v.ratifies else "would reject it"
        relation = "at least" if v.ratifies else "below"
        lines.append(
            f"{publics[p]} {verb}: acceptance {points_text(round(v.acceptance, 2))} = {terms}; "
            f"{relation} its threshold of {points_text(v.threshold)}."
        )
    return lines


def win_set_line(
    model: TwoLevel,
    scenario: Scenario,
    states: Mapping[str, PublicState],
    credibility: Mapping[str, float],
) -> str:
    publics = public_names(scenario)
    sizes = {p: len(model.win_set(p, states.get(p))) for p in scenario.party_ids}
    both = len(model.ratifiable(states, credibility))
    first, *others = scenario.party_ids
    parts = [f"{_inside(publics[first])} would ratify {sizes[first]}"]
    parts += [f"{_inside(publics[p])} {sizes[p]}" for p in others]
    return (
        f"Win-sets now: {_and(parts)} of the {model.count} possible packages; {both} "
        f"package{'s' if both != 1 else ''} would be signed by both delegations and ratified "
        "by both publics."
    )


def budget_line(scenario: Scenario, allocation: Mapping[str, float]) -> str:
    budget = stakeholders_of(scenario).rules.budget
    used = sum(allocation.values())
    return (
        f"Budget used: {points_text(used)} of {points_text(budget)} units a round, the same "
        "plan on both sides."
    )


def _and(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
