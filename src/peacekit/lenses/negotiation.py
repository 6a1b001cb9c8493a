"""Words and pictures for a mock negotiation: each move, the state of play, the debrief.

:mod:`peacekit.model.bargaining` runs the negotiation; this module says what
happened in sentences a first-year student can follow, from the student's
side of the table while the negotiation runs (only the student's own points
are shown, as in a real delegation) and from both sides in the debrief.
"""

from __future__ import annotations

from ..charts.numbers import points_text
from ..charts.palette import BLACK, ORANGE, REDDISH_PURPLE
from ..charts.score_space import package_text, score_space_chart, space_summary
from ..charts.svg import Series
from ..model.bargaining import (
    ACCEPT,
    AGREED,
    DEADLINE,
    OFFER,
    OPEN,
    WALK_AWAY,
    Debrief,
    Move,
    Negotiation,
)


def package_words(negotiation: Negotiation, outcome: tuple[str, ...]) -> str:
    return package_text(negotiation.analysis, negotiation.analysis.index(outcome))


def _label(negotiation: Negotiation, party: str) -> str:
    return negotiation.scenario.party(party).label


def move_text(negotiation: Negotiation, move: Move) -> str:
    """One move, as the student sees it (with the package's worth to the student)."""
    you = negotiation.player
    who = "You" if move.party == you else _label(negotiation, move.party)
    worth = ""
    if move.outcome is not None:
        worth = f" (worth {points_text(move.values[you])} to you)"
    if move.action == OFFER:
        verb = "offer" if move.party == you else "counter-offers"
        return (
            f"Round {move.round}: {who} {verb}: {package_words(negotiation, move.outcome)}{worth}."
        )
    if move.action == ACCEPT:
        verb = "accept" if move.party == you else "accepts"
        return (
            f"Round {move.round}: {who} {verb}: {package_words(negotiation, move.outcome)}{worth}."
        )
    if move.action == WALK_AWAY:
        verb = "walk away" if move.party == you else "walks away"
        return f"Round {move.round}: {who} {verb}. No deal."
    if move.action == DEADLINE:
        return (
            f"Round {move.round}: the deadline has passed without agreement. No deal: both "
            "sides fall back on their reservation values."
        )
    return f"Round {move.round}: {who}: {move.action}."


def status_text(negotiation: Negotiation) -> str:
    """What just happened and what the student can do now."""
    n = negotiation
    last = move_text(n, n.history[-1]) if n.history else ""
    if n.status == OPEN:
        counter = n.last_counter_offer
        if counter is None:
            return (
                f"Round 1 of {n.deadline}. Make your opening offer: choose an option for each "
                "issue, then press “Make this offer”."
            )
        return (
            f"{last} Round {n.round} of {n.deadline} ({n.rounds_left} left): make a new offer, "
            f"accept {_label(n, n.computer)}'s counter-offer, or walk away."
        )
    if n.status == AGREED:
        return f"{last} Agreement reached. Read the debrief below."
    return f"{last} Read the debrief below."


def debrief_lines(negotiation: Negotiation, debrief: Debrief | None = None) -> list[str]:
    """The debrief from both sides: result, frontier, concessions and the Nash point."""
    n = negotiation
    d = debrief or n.debrief()
    you, them = n.player, n.computer
    yl, tl = _label(n, you), _label(n, them)
    lines = []
    if d.status == AGREED and d.agreement is not None:
        lines.append(
            f"Agreement after {d.rounds_used} round{'s' if d.rounds_used != 1 else ''}: "
            f"{package_words(n, d.agreement)}. It is worth {points_text(d.values[you])} points "
            "to you "
            f"({yl}, gain {points_text(d.gains[you])} over no deal) and "
            f"{points_text(d.values[them])} to "
            f"{tl} (gain {points_text(d.gains[them])})."
        )
        if d.gains[you] < 0:
            reservation = points_text(n.scenario.party(you).reservation)
            lines.append(
                f"You agreed to less than your reservation value ({reservation}): "
                "walking away would have served your side better."
            )
        if d.on_frontier:
            lines.append(
                "The agreement is on the Pareto frontier: no other package is better for one "
                "side without being worse for the other."
            )
        else:
            lines.append(
                f"The agreement is {points_text(d.frontier_distance)} points from the Pareto "
                "frontier: "
                f"changing {d.frontier_steps} issue{'s' if d.frontier_steps != 1 else ''} "
                "would make both sides at least as well off. Points were left on the table."
            )
    else:
        r_you = n.scenario.party(you).reservation
        r_them = n.scenario.party(them).reservation
        lines.append(
            f"No deal after {d.rounds_used} round{'s' if d.rounds_used != 1 else ''}. Both "
            f"sides fall back on their reservation values: {points_text(r_you)} for you ({yl}), "
            f"{points_text(r_them)} for {tl}."
        )
        if n.analysis.zone_size:
            lines.append(
                f"Yet {n.analysis.zone_size} packages were better than no deal for both sides."
            )
    for c in d.concessions:
        who, whom = ("You", "you") if c.party == you else (tl, tl)
        text = (
            f"{who} opened with a package worth {points_text(c.opening_value)} to {whom} and "
            f"ended with {points_text(c.final_value)}: a concession of {points_text(c.points)} "
            "points"
        )
        if c.changed_issues:
            text += " on " + "; ".join(f"{issue} ({a} → {b})" for issue, a, b in c.changed_issues)
        lines.append(text + ".")
    if d.nash is not None:
        lines.append(
            f"The Nash point, the package with the largest product of both gains, is: "
            f"{package_words(n, d.nash)} ({yl} {points_text(d.nash_values[you])}, "
            f"{tl} {points_text(d.nash_values[them])})."
        )
    return lines


def negotiation_map(negotiation: Negotiation) -> str:
    """The outcome map with both sides' offers as paths and the agreement marked."""
    n = negotiation
    a = n.analysis
    yours = [a.point(a.index(m.outcome)) for m in n.history if m.party == n.player and m.outcome]
    theirs = [
        a.point(a.index(m.outcome))
        for m in n.history
        if m.party == n.computer and m.action == OFFER
    ]
    marks = []
    if yours:
        marks.append(
            Series("Your offers", yours, colour=BLACK, marker="circle", size=4.5, line=True)
        )
    if theirs:
        marks.append(
            Series(
                f"{_label(n, n.computer)}'s offers",
                theirs,
                colour=REDDISH_PURPLE,
                marker="triangle",
                size=4.5,
                line=True,
                dash=True,
            )
        )
    if n.agreement is not None:
        marks.append(
            Series(
                "Agreement", [a.point(a.index(n.agreement))], colour=ORANGE, marker="star", size=6
            )
        )
    return score_space_chart(
        a,
        title=f"{n.scenario.title}: the offers on the map of every package",
        desc=space_summary(a) + " " + map_summary(n),
        marks=marks,
        id_prefix="pk-negotiation-map",
    )


def map_summary(negotiation: Negotiation) -> str:
    n = negotiation
    a = n.analysis
    yl, tl = _label(n, n.player), _label(n, n.computer)
    offers = [m for m in n.history if m.action == OFFER]
    mine = sum(1 for m in offers if m.party == n.player)
    text = (
        f"{a.zone_size} of {a.count} packages are better than no deal for both sides. "
        f"You ({yl}) made {mine} offer{'s' if mine != 1 else ''}; {tl} made "
        f"{len(offers) - mine}."
    )
    if n.agreement is not None:
        v = a.utilities(n.agreement)
        text += f" Agreement: {yl} {points_text(v[n.player])}, {tl} {points_text(v[n.computer])}."
    return text
