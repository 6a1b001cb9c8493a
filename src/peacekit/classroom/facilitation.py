"""What a facilitator should watch for and ask, read off a scenario's own numbers.

A facilitator sheet and a debrief are only as good as their questions, and
generic questions ("how did it go?") waste the debrief. The scoring tables
already say where the teachable moments are: an issue that matters far more to
one side than to the other is a trade waiting to be found; an issue on which
both sides want the same option is one that pairs often bargain over anyway
(a "compatible issue"); promises test trust; a reference package invites a
comparison with what the real delegations did. This module finds those points
for any scenario, so that a new scenario gets a useful facilitator sheet too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.scenario import Scenario
from .handout import Runs, Strong, runs

#: An issue is worth pointing out as a trade when its share of one party's total
#: range of points exceeds its share of the other's by at least this much.
TRADE_GAP = 0.10


@dataclass(frozen=True)
class IssueWeight:
    """How much an issue can swing a party's total: its range of points and share of all."""

    issue_id: str
    party_id: str
    range: float
    share: float


def issue_weights(scenario: Scenario, party_id: str) -> list[IssueWeight]:
    table = scenario.scores[party_id]
    ranges = [max(table[i.id].values()) - min(table[i.id].values()) for i in scenario.issues]
    total = sum(ranges) or 1.0
    return [
        IssueWeight(i.id, party_id, r, r / total)
        for i, r in zip(scenario.issues, ranges, strict=True)
    ]


def trades(scenario: Scenario) -> list[tuple[str, str, IssueWeight, IssueWeight]]:
    """(issue id, party it matters more to, that party's weight, the other's weight).

    Only for two-party scenarios; sorted by how lopsided the issue is.
    """
    if len(scenario.parties) != 2:
        return []
    a, b = scenario.party_ids
    found = []
    for wa, wb in zip(issue_weights(scenario, a), issue_weights(scenario, b), strict=True):
        if abs(wa.share - wb.share) >= TRADE_GAP:
            more, hi, lo = (a, wa, wb) if wa.share > wb.share else (b, wb, wa)
            found.append((wa.issue_id, more, hi, lo))
    found.sort(key=lambda t: -(t[2].share - t[3].share))
    return found


def compatible_issues(scenario: Scenario) -> list[tuple[str, str]]:
    """(issue id, option id) where one option is every party's strict favourite."""
    found = []
    for issue in scenario.issues:
        favourites = set()
        for p in scenario.party_ids:
            points = scenario.scores[p][issue.id]
            best = max(points.values())
            top = [o for o, v in points.items() if v == best]
            favourites.add(top[0] if len(top) == 1 else None)
        if len(favourites) == 1 and None not in favourites:
            found.append((issue.id, favourites.pop()))
    return found


def received_promises(scenario: Scenario, party_id: str) -> list[tuple[str, str, float]]:
    """(issue id, option id, points) for the other side's promises that ``party_id`` gains from."""
    found = []
    for issue in scenario.issues:
        for option in issue.options:
            points = scenario.scores[party_id][issue.id][option.id]
            if option.is_promise and points > 0 and any(p != party_id for p in option.by):
                found.append((issue.id, option.id, points))
    return found


def who(scenario: Scenario, party_ids: tuple[str, ...]) -> str:
    """'Baku', 'both sides' or 'Baku and Yerevan', for 'a promise by …'."""
    if len(party_ids) == len(scenario.parties) and len(party_ids) > 1:
        return "both sides" if len(party_ids) == 2 else "all sides"
    names = [scenario.party(p).label for p in party_ids]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def the_others(scenario: Scenario) -> str:
    """'the other side' with two delegations, 'the other delegations' with more."""
    return "the other side" if len(scenario.parties) == 2 else "the other delegations"


def all_accept(scenario: Scenario) -> str:
    """'both sides accept' with two delegations, 'every side accepts' with more."""
    return "both sides accept" if len(scenario.parties) == 2 else "every side accepts"


def possessive(noun: str) -> str:
    """'the other side's', 'the other delegations''."""
    return noun + ("'" if noun.endswith("s") else "'s")


def every_delegation(scenario: Scenario) -> str:
    """'both delegations' with two, 'every delegation' with more (for 'gave … more')."""
    return "both delegations" if len(scenario.parties) == 2 else "every delegation"


def option_kind(scenario: Scenario, option) -> str:
    """'act by Baku', 'promise by both sides', or '' (an act by nobody in particular)."""
    if not option.by:
        return "" if option.kind == "act" else option.kind
    return f"{option.kind} by {who(scenario, option.by)}"


def watch_points(scenario: Scenario) -> list[Runs]:
    """What to watch for while pairs negotiate, for the facilitator sheet."""
    points: list[Runs] = []
    found = trades(scenario)
    if found:
        points.append(
            runs(
                Strong("Natural trades. "),
                "These issues matter more to one side than to the other (the range between its "
                "best and worst option, and that range's share of its whole table). Watch "
                "whether pairs find the trades or split every issue down the middle:",
            )
        )
    for issue_id, more, hi, lo in found:
        other = scenario.other_parties(more)[0]
        points.append(
            runs(
                Strong(scenario.issue(issue_id).label),
                f": more to {scenario.party(more).label} ({hi.range:g} points, {hi.share:.0%}) "
                f"than to {scenario.party(other).label} ({lo.range:g} points, {lo.share:.0%}).",
            )
        )
    for issue_id, option_id in compatible_issues(scenario):
        issue = scenario.issue(issue_id)
        points.append(
            runs(
                Strong(issue.label),
                f" is a compatible issue: every delegation scores '{issue.option(option_id).label}'"
                " highest. Pairs who bargain over it, or leave it out, lose points for nothing.",
            )
        )
    promises = [o for i in scenario.issues for o in i.options if o.is_promise]
    if promises:
        points.append(
            runs(
                f"{len(promises)} option{'s are' if len(promises) != 1 else ' is a'} "
                f"promise{'s' if len(promises) != 1 else ''} about the future. Listen for "
                "doubts about whether a promise will be kept, and for ways round them: an act "
                "in exchange, a sequence of small verifiable steps, a guarantor "
                + ("both accept." if len(scenario.parties) == 2 else "all accept.")
            )
        )
    for t in scenario.third_parties:
        vetoes = t.vetoed_by(scenario.party_ids)
        if vetoes and len(vetoes) < len(scenario.parties):
            names = who(scenario, vetoes)
            points.append(
                runs(
                    f"{t.name} is unacceptable to {names} in this scenario: a delegation that "
                    f"proposes it as {_article(t.role)} {t.role} is likely to meet a refusal.",
                )
            )
    points.append(
        runs(
            "Agreements below a reservation value: a delegation that accepts less than its "
            "reservation value would have done better to walk away. Ask why it happened "
            "(time pressure, wanting to please, a misread table)."
        )
    )
    points.append(
        runs(
            "Opening offers and anchors, who speaks first, and whether delegations explain "
            "their interests or only state positions."
        )
    )
    return points


def debrief_questions(scenario: Scenario) -> list[Runs]:
    """Questions for the class debrief, the generic ones and those this scenario invites."""
    chart = (
        "on the chart"
        if len(scenario.parties) == 2
        else "on the charts (one for each two delegations)"
    )
    qs: list[Runs] = [
        runs(
            f"Where does your agreement sit {chart}? If it lies below the Pareto "
            f"frontier, which change would have given {every_delegation(scenario)} more?"
        )
    ]
    found = trades(scenario)
    if len(found) >= 2 and found[0][1] != found[1][1]:
        a, b = found[0], found[1]
        qs.append(
            runs(
                "Which issues did you trade against each other? Did you find out that "
                f"'{scenario.issue(a[0]).label}' mattered more to {scenario.party(a[1]).label} "
                f"and '{scenario.issue(b[0]).label}' more to {scenario.party(b[1]).label}? "
                "How did you find out?"
            )
        )
    elif len(scenario.issues) > 1:
        qs.append(
            runs(
                "Which issues did you trade against each other, and how did you find out "
                "what mattered most to "
                + ("the other delegation?" if len(scenario.parties) == 2 else "each of the others?")
            )
        )
    for issue_id, _option in compatible_issues(scenario):
        qs.append(
            runs(
                f"On '{scenario.issue(issue_id).label}' every delegation scored the same "
                "option highest. Did you notice, or did you bargain over it?"
            )
        )
    if any(o.is_promise for i in scenario.issues for o in i.options):
        qs.append(
            runs(
                "Which promises did you accept, and how far did you trust them? What would "
                "have made them verifiable?"
            )
        )
    if scenario.third_parties:
        qs.append(
            runs(
                f"Would a mediator or guarantor that {all_accept(scenario)} have changed your "
                "agreement? Which candidate, and why is such a candidate hard to find?"
            )
        )
    if scenario.reference is not None:
        qs.append(
            runs(
                f"Compare your agreement with the real package ({scenario.reference.label}). "
                "Who did better than in the real package, and what might explain the "
                "difference?"
            )
        )
    qs.append(
        runs(
            "How would each delegation present the agreement to its own public? Which part "
            "would be hardest to explain at home, and why?"
        )
    )
    qs.append(
        runs(
            "For the pairs with no deal: was walking away better than the best package on "
            "the table, given your reservation value?"
        )
    )
    qs.append(
        runs(
            f"Out of role: what did you learn about {possessive(the_others(scenario))} "
            "constraints that you had not seen before? (Speak for yourself, not for a nation.)"
        )
    )
    return qs


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
