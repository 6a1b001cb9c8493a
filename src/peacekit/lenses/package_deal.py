"""Would each delegation accept this package, and if not, why not?

The package-deal exercise lets a student assemble a package issue by issue
and see at once which delegation would reject it. The verdict has to name
reasons a student can act on: the issues that cost the delegation points, and
how much of the promises it receives it discounts for distrust. Everything the
widget shows is computed here, so the same answers appear in the book, the
tests and the classroom tools.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..charts.numbers import points_text
from ..charts.palette import BLACK
from ..charts.score_space import package_text, score_space_chart, space_summary
from ..charts.svg import Series
from ..model.analysis import Analysis, analyse
from ..model.credibility import discounted
from ..model.scenario import Outcome, Party, Scenario


@dataclass(frozen=True)
class IssueEffect:
    """What one chosen option is worth to one delegation."""

    issue_id: str
    issue: str
    option: str
    points: float
    """Face value from the delegation's scoring table."""
    counted: float
    """What the delegation counts after discounting the other side's promises."""

    @property
    def discount(self) -> float:
        return round(self.points - self.counted, 9)


@dataclass(frozen=True)
class PartyAssessment:
    party_id: str
    label: str
    value: float
    reservation: float
    effects: tuple[IssueEffect, ...]
    credibility: float

    @property
    def gain(self) -> float:
        return round(self.value - self.reservation, 9)

    @property
    def accepts(self) -> bool:
        return self.gain >= 0

    @property
    def costs(self) -> tuple[IssueEffect, ...]:
        """The options that cost this delegation points, largest cost first."""
        return tuple(sorted((e for e in self.effects if e.points < 0), key=lambda e: e.points))

    @property
    def discount(self) -> float:
        """Points lost because promises are only worth what they are trusted to be worth."""
        return round(sum(e.discount for e in self.effects), 9)


@dataclass(frozen=True)
class PackageAssessment:
    outcome: Outcome
    parties: tuple[PartyAssessment, ...]
    in_zone: bool
    on_frontier: bool
    frontier_steps: int
    is_nash: bool
    is_reference: bool

    @property
    def rejecters(self) -> tuple[PartyAssessment, ...]:
        return tuple(p for p in self.parties if not p.accepts)

    def party(self, party_id: str) -> PartyAssessment:
        for p in self.parties:
            if p.party_id == party_id:
                return p
        raise KeyError(f"no party '{party_id}'")


def check_trust(value: object) -> float:
    """A trust level the model can take: a number from 0 to 1 (raises ValueError otherwise)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(f"trust must be a number from 0 to 1, got {value!r}")
    if not 0 <= value <= 1:
        raise ValueError(
            f"trust must be from 0 (no trust in promises) to 1 (full trust), got {value:g}"
        )
    return float(value)


def check_option(scenario: Scenario, issue_id: str, option_id: object) -> str:
    """An option id of ``issue_id`` (raises ValueError naming the allowed options otherwise)."""
    issue = scenario.issue(issue_id)
    if option_id not in issue.option_ids:
        raise ValueError(
            f"{option_id!r} is not an option for {issue.label}; expected one of: "
            + ", ".join(issue.option_ids)
        )
    return str(option_id)


# -- reservation values the student sets ----------------------------------------------------------
def reservation_bounds(scenario: Scenario, party_id: str) -> tuple[float, float]:
    """From 0 (no deal is worth nothing) to the most any package is worth to the party: above
    that, no package could be accepted and there is nothing left to explore."""
    table = scenario.scores[party_id]
    return 0.0, float(sum(max(points.values()) for points in table.values()))


def check_reservation(scenario: Scenario, party_id: str, value: object) -> float:
    """A reservation value the model can take for ``party_id`` (raises ValueError otherwise)."""
    low, high = reservation_bounds(scenario, party_id)
    what = f"{scenario.party(party_id).label}'s reservation value"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(f"{what} must be a number from {low:g} to {high:g}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(
            f"{what} must be from {low:g} to {high:g} (the most any package is worth to "
            f"{scenario.party(party_id).label}), got {value:g}"
        )
    return float(value)


class ReservationVariants:
    """The scenario with the reservation values a student sets, each variant made once.

    A variant is a copy of the scenario (``dataclasses.replace``) that differs only in its
    parties' reservation values; the model's caches work by scenario identity, so going back
    to values already tried costs nothing.
    """

    def __init__(self, scenario: Scenario):
        self.base = scenario
        self._made: dict[tuple[float, ...], Scenario] = {}

    def of(self, reservations: Mapping[str, float] | None = None) -> Scenario:
        given = reservations or {}
        key = tuple(
            check_reservation(self.base, p.id, given[p.id]) if p.id in given else p.reservation
            for p in self.base.parties
        )
        if key == tuple(p.reservation for p in self.base.parties):
            return self.base
        if key not in self._made:
            self._made[key] = replace(
                self.base,
                parties=tuple(
                    replace(p, reservation=r) for p, r in zip(self.base.parties, key, strict=True)
                ),
            )
        return self._made[key]


def reservation_note(scenario: Scenario) -> str:
    """What the scenario's reservation values are, and why equal ones are a teaching choice."""
    if len({p.reservation for p in scenario.parties}) > 1:
        values = ", ".join(f"{p.label} {points_text(p.reservation)}" for p in scenario.parties)
        return (
            f"The scenario's reservation values: {values}. They are teaching devices, like the "
            "points; set other values to see what changes."
        )
    return (
        f"The course gives both delegations the same reservation value "
        f"({points_text(scenario.parties[0].reservation)}). Equal values are a teaching choice "
        "that keeps the mechanism easy to see, not a finding: in the course's reading they hide "
        "the imbalance of power between the two sides after 2023, when what each side could "
        "expect from no deal was not the same. The course does not estimate the difference; "
        "set the two values apart to see what an imbalance does."
    )


def own_reservation_text(party: Party, chosen: float) -> str:
    """For a delegation's brief when the student set its reservation value ('' if not)."""
    if chosen == party.reservation:
        return ""
    return (
        f"In this exercise {party.label}'s reservation value is {points_text(chosen)} points, "
        f"as set in the controls, not the brief's {points_text(party.reservation)}."
    )


class AnalysesByTrust:
    """The scenario analysed at each trust level asked for, both delegations trusting alike,
    with the course's reservation values or those the student sets.

    Each level is analysed once: moving the trust slider back and forth costs
    nothing after the first visit.
    """

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.variants = ReservationVariants(scenario)
        self._cache: dict[tuple[float, int], Analysis] = {}

    def at(self, trust: float, reservations: Mapping[str, float] | None = None) -> Analysis:
        t = round(check_trust(trust), 9)
        scenario = self.variants.of(reservations)
        key = (t, id(scenario))
        if key not in self._cache:
            self._cache[key] = analyse(scenario, {p: t for p in scenario.party_ids})
        return self._cache[key]


def assess(analysis: Analysis, outcome: Outcome | Mapping[str, str]) -> PackageAssessment:
    s = analysis.scenario
    index = analysis.index(outcome)
    chosen = analysis.outcome(index)
    parties = []
    for pid in s.party_ids:
        c = analysis.credibility.of(pid, s.party_ids)
        effects = []
        for issue, option_id in zip(s.issues, chosen, strict=True):
            option = issue.option(option_id)
            points = s.scores[pid][issue.id][option_id]
            counted = c * points if discounted(option, pid, points) else points
            effects.append(
                IssueEffect(issue.id, issue.label, option.label, points, round(counted, 9))
            )
        parties.append(
            PartyAssessment(
                party_id=pid,
                label=s.party(pid).label,
                value=analysis.utility(pid, index),
                reservation=s.party(pid).reservation,
                effects=tuple(effects),
                credibility=c,
            )
        )
    return PackageAssessment(
        outcome=chosen,
        parties=tuple(parties),
        in_zone=analysis.in_zone(index),
        on_frontier=analysis.on_frontier(index),
        frontier_steps=analysis.frontier_steps(index),
        is_nash=analysis.nash == index,
        is_reference=s.reference is not None and s.reference.outcome == chosen,
    )


def _why_not(p: PartyAssessment) -> str:
    text = (
        f"{p.label} would reject it: the package is worth {points_text(p.value)} points to "
        f"{p.label}, "
        f"{points_text(-p.gain)} below its reservation value of {points_text(p.reservation)} "
        "(what no deal is "
        f"worth to {p.label})."
    )
    if p.costs:
        items = "; ".join(f"{e.issue}: {e.option} ({points_text(e.points)})" for e in p.costs)
        text += f" What costs {p.label} points: {items}."
    else:
        text += f" Nothing in it costs {p.label} points, but it offers too little."
    if p.discount > 0:
        text += (
            f" Distrust takes {points_text(p.discount)} points off the promises {p.label} receives "
            f"(it counts them at {points_text(p.credibility * 100)}% of their face value)."
        )
    return text


def _why_yes(p: PartyAssessment) -> str:
    text = (
        f"{p.label} would accept it: worth {points_text(p.value)} points, {points_text(p.gain)} "
        "above its "
        f"reservation value of {points_text(p.reservation)}."
    )
    if p.discount > 0:
        text += (
            f" Distrust already takes {points_text(p.discount)} points off the promises it "
            "receives."
        )
    return text


def verdict_headline(assessment: PackageAssessment) -> str:
    """One line: who would reject the package (or that both would accept it)."""
    rejecters = assessment.rejecters
    if not rejecters:
        return "Both delegations would accept this package."
    if len(rejecters) == len(assessment.parties):
        return "Both delegations would reject this package."
    return f"{rejecters[0].label} would reject this package."


def verdict_reasons(assessment: PackageAssessment) -> list[str]:
    """One sentence group per delegation: why it would accept or reject."""
    return [_why_yes(p) if p.accepts else _why_not(p) for p in assessment.parties]


def verdict(assessment: PackageAssessment) -> str:
    """Who would reject the package and why, in plain sentences."""
    return " ".join([verdict_headline(assessment), *verdict_reasons(assessment)])


def standing(assessment: PackageAssessment, analysis: Analysis) -> str:
    """Where the package stands on the map: zone, frontier, Nash point, the real package."""
    bits = []
    if assessment.on_frontier:
        bits.append(
            "It is on the Pareto frontier: no package is better for one side "
            "without being worse for the other."
        )
    else:
        steps = assessment.frontier_steps
        bits.append(
            f"It is not on the Pareto frontier: changing {steps} "
            f"issue{'s' if steps != 1 else ''} would give a package at least as good for both."
        )
    if assessment.is_nash:
        bits.append("It is the Nash point.")
    ref = analysis.scenario.reference
    if ref is not None:
        if assessment.is_reference:
            bits.append(f"It is the package of {ref.label[0].lower() + ref.label[1:]}.")
        else:
            diff = sum(1 for x, y in zip(assessment.outcome, ref.outcome, strict=True) if x != y)
            bits.append(
                f"It differs from {ref.label[0].lower() + ref.label[1:]} on {diff} "
                f"issue{'s' if diff != 1 else ''}."
            )
    return " ".join(bits)


def map_summary(analysis: Analysis, assessment: PackageAssessment, trust: float) -> str:
    """The text beside the outcome map: the same numbers the chart shows."""
    s = analysis.scenario
    a_id, b_id = analysis.party_ids
    a, b = s.party(a_id).label, s.party(b_id).label
    yours = assessment
    lines = [
        f"At trust {points_text(trust)}: " + space_summary(analysis),
        f"Your package: {a} {points_text(yours.party(a_id).value)}, {b} "
        f"{points_text(yours.party(b_id).value)}"
        f" ({'inside' if yours.in_zone else 'outside'} the agreement zone).",
    ]
    if s.reference is not None:
        v = analysis.utilities(s.reference.outcome)
        ref_index = analysis.index(s.reference.outcome)
        where = "inside" if analysis.in_zone(ref_index) else "outside"
        frontier = "on" if analysis.on_frontier(ref_index) else "off"
        lines.append(
            f"{s.reference.label}: {a} {points_text(v[a_id])}, {b} {points_text(v[b_id])} "
            f"({where} the zone, {frontier} the frontier)."
        )
    return " ".join(lines)


def package_map(analysis: Analysis, assessment: PackageAssessment, trust: float) -> str:
    """The map of every package with the student's package marked (and the real one ringed)."""
    s = analysis.scenario
    index = analysis.index(assessment.outcome)
    yours = Series(
        "Your package",
        [analysis.point(index)],
        colour=BLACK,
        marker="circle",
        size=7.5,
        hollow=True,
    )
    return score_space_chart(
        analysis,
        title=f"{s.title}: every possible package at trust {points_text(trust)}",
        desc=map_summary(analysis, assessment, trust) + " " + package_text(analysis, index),
        marks=[yours],
        id_prefix="pk-package-map",
    )
