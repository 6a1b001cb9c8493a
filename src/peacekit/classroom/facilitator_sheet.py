"""The facilitator sheet: timing, what to watch for, the answer key and the debrief questions.

It is the only sheet with every delegation's points on it, so it is printed
for the instructor alone and lives in the instructor edition of the book. The
answer key is computed, not written: the agreement zone, the Pareto-efficient
packages (as columns, so that the differences between them show at a glance),
the Nash and Kalai–Smorodinsky points, the real package and the trust level
below which distrust alone closes the zone.
"""

from __future__ import annotations

from pathlib import Path

from ..charts.numbers import signed_points_text
from ..model.analysis import analyse
from ..model.credibility import ZoneByTrust
from ..model.scenario import Scenario
from .facilitation import debrief_questions, possessive, the_others, watch_points
from .handout import (
    Box,
    Bullets,
    Code,
    GroupRow,
    Handout,
    Heading,
    PageBreak,
    Para,
    Strong,
    Table,
    runs,
)
from .sheet_text import (
    DEFAULT_MINUTES,
    ILLUSTRATIVE,
    illustrative_box,
    kind_cell,
    session_steps,
)

# -- the facilitator sheet -----------------------------------------------------------------


def facilitator_sheet(scenario: Scenario, minutes: int = DEFAULT_MINUTES) -> Handout:
    a = analyse(scenario)
    steps = session_steps(minutes)
    total = sum(m for _s, m, _w in steps)
    labels = [p.label for p in scenario.parties]
    blocks: list = [
        Box(
            "Instructor only",
            (
                Para(
                    runs(
                        "This sheet holds every delegation's points and reservation value. "
                        "Keep it away from the participants until the debrief."
                    )
                ),
            ),
            kind="warning",
        ),
        illustrative_box(scenario),
        Heading(2, "At a glance"),
        Table(
            ("", ""),
            (
                (runs("Delegations"), runs(", ".join(p.name for p in scenario.parties))),
                (runs("Issues"), runs(", ".join(i.label for i in scenario.issues))),
                (runs("Possible packages"), runs(f"{a.count:,}")),
                (
                    runs("Agreement zone"),
                    runs(f"{a.zone_size:,} packages clear every reservation value"),
                ),
                (runs("Session"), runs(f"{total} minutes, of which {minutes} negotiating")),
            ),
        ),
        Heading(2, "Timing"),
        Table(
            ("Step", "Minutes", "What happens"),
            (
                *((runs(s), runs(str(m)), runs(w)) for s, m, w in steps),
                (runs(Strong("Total")), runs(Strong(str(total))), ()),
            ),
            numeric=(1,),
        ),
        Heading(2, "Before the session"),
        Bullets(
            (
                runs("Print the general brief for every participant."),
                runs(
                    "Print each delegation's confidential sheet for its members only, on "
                    "separate sheets; hand them out face down."
                ),
                runs("Print one agreement form per pair."),
                runs(
                    "Keep the results template (",
                    Code("results-template.csv"),
                    ") for typing in the forms after the negotiation.",
                ),
                runs("Arrange the room so that delegations can caucus out of earshot."),
            )
        ),
        Heading(2, "Assigning roles"),
        Bullets(
            (
                runs(
                    f"Pairs (one person per delegation) or small teams; {len(scenario.parties)} "
                    "delegations per table. Odd numbers: add an observer who takes notes for "
                    "the debrief."
                ),
                runs(
                    "Assign by lot, and let anyone swap out without giving a reason. Never "
                    "require a student to argue against their own community's position; "
                    "offer role reversal as a choice, not a rule."
                ),
                runs(
                    "Explain the ground rules on the general brief before anyone reads a "
                    "confidential sheet, including how to call a time out."
                ),
            )
        ),
        Heading(2, "What to watch for"),
        Bullets(tuple(watch_points(scenario))),
        PageBreak(),
        Heading(2, "Answer key"),
        Para(runs(ILLUSTRATIVE), "small"),
        Heading(3, "Scoring tables"),
        _all_scores_table(scenario),
        Table(
            ("Delegation", "Reservation value", "Best package in the zone"),
            tuple(
                (
                    runs(p.name),
                    runs(signed_points_text(p.reservation)),
                    runs(_values_text(a, a.best_for(p.id))),
                )
                for p in scenario.parties
            ),
            numeric=(1,),
        ),
        Heading(3, "The agreement zone and the frontier"),
    ]
    blocks += _zone_blocks(scenario, a, labels)
    blocks += [
        Heading(2, "Debrief questions"),
        Bullets(tuple(debrief_questions(scenario)), ordered=True),
        Heading(2, "Collecting the results"),
        Para(
            runs(
                "Type each agreement form into one row of ",
                Code("results-template.csv"),
                " (one column per issue: write the option id or the option's label; status ",
                Code("agreed"),
                " or ",
                Code("no deal"),
                "). Results exported from the course's negotiation exercises are JSON files "
                "in the same format. Then run:",
            )
        ),
        Para(runs(Code(f"peacekit debrief {_scenario_arg(scenario)} results/ --out debrief.html"))),
        Para(
            runs(
                "The report puts every pair's agreement on one chart with the agreement zone, "
                "the Pareto frontier and the Nash point, and lists any file it had to skip."
            )
        ),
    ]
    return Handout(
        title=scenario.title,
        subtitle="Facilitator sheet and answer key",
        blocks=tuple(blocks),
        running_head=f"INSTRUCTOR ONLY · facilitator sheet · {scenario.title}",
        footer="peacekit · the points are illustrative",
        kind="facilitator",
        meta={"scenario": scenario.id, "sheet": "facilitator"},
    )


def _scenario_arg(scenario: Scenario) -> str:
    return Path(scenario.path).name if scenario.path else f"{scenario.id}.yaml"


def _all_scores_table(scenario: Scenario) -> Table:
    rows: list = []
    for issue in scenario.issues:
        rows.append(GroupRow(issue.label))
        for o in issue.options:
            rows.append(
                (
                    runs(o.label),
                    kind_cell(scenario, o),
                    *[
                        runs(signed_points_text(scenario.scores[p][issue.id][o.id]))
                        for p in scenario.party_ids
                    ],
                )
            )
    numeric = tuple(range(2, 2 + len(scenario.parties)))
    return Table(
        ("Issue and option", "Type", *[p.label for p in scenario.parties]),
        tuple(rows),
        numeric=numeric,
        style="compact",
    )


def _values_text(a, index: int | None) -> str:
    if index is None:
        return "none (the zone is empty)"
    return ", ".join(
        f"{a.scenario.party(p).label} {signed_points_text(v)}"
        for p, v in a.utilities(index).items()
    )


MAX_LISTED = 12


def _zone_blocks(scenario: Scenario, a, labels: list[str]) -> list:
    blocks: list = []
    if a.zone_size == 0:
        blocks.append(
            Para(
                runs(
                    "No package clears every reservation value: the agreement zone is empty "
                    "and the right answer is no deal. Watch how long pairs take to see it."
                )
            )
        )
        return blocks
    efficient = a.efficient_agreements
    frontier = len(a.frontier)
    blocks.append(
        Para(
            runs(
                f"Of {a.count:,} packages, {a.zone_size:,} clear every reservation value (the "
                f"agreement zone). {frontier:,} "
                f"{'is' if frontier == 1 else 'are'} Pareto-efficient over all packages (no "
                "other package is better for one delegation without being worse for another; "
                f"the list that peacekit show prints), and {len(efficient):,} of "
                f"{'it lies' if frontier == 1 else 'them lie'} inside the zone: the efficient "
                "agreements. Read each column as one package:"
            )
        )
    )
    ref_index = a.index(scenario.reference.outcome) if scenario.reference else None
    named = [
        (a.nash, "Nash point"),
        (a.kalai_smorodinsky, "Kalai–Smorodinsky"),
        (ref_index, "the real package"),
    ]
    ties = {"Nash point": a.nash_ties, "Kalai–Smorodinsky": a.kalai_smorodinsky_ties}
    shown = list(efficient[:MAX_LISTED])
    shown += [i for i, _name in named if i is not None and i not in shown]
    for tied in ties.values():
        shown += [i for i in tied[:MAX_LISTED] if i not in shown]
    letters = {i: _letter(n) for n, i in enumerate(shown)}
    for chunk in range(0, len(shown), PACKAGES_PER_TABLE):
        blocks.append(
            _packages_table(scenario, a, shown[chunk : chunk + PACKAGES_PER_TABLE], letters)
        )
    if len(efficient) > MAX_LISTED:
        blocks.append(
            Para(runs(f"… and {len(efficient) - MAX_LISTED:,} more efficient packages."), "small")
        )
    blocks.append(
        Para(
            runs(
                "Joint gain: the sum of each delegation's points above its reservation value. "
                "Nash point: the package that maximises the product of the gains (Nash 1950). "
                "Kalai–Smorodinsky: the package that gives every delegation the same share of "
                "its best possible gain (Kalai and Smorodinsky 1975)."
            ),
            "small",
        )
    )
    facts = [
        f"{name}: package {letters[i]}{_tied_text(ties.get(name, []), letters)}"
        for i, name in named
        if i is not None
    ]
    if facts:
        blocks.append(Para(runs("; ".join(facts) + ".")))
    if any(len(t) > 1 for t in ties.values()):
        blocks.append(
            Para(
                runs(
                    "Tied packages are all fair points by the same rule; the sheet names "
                    "first the one with the largest joint gain (then the first in the "
                    "scenario's order of packages). Accept any of them as the answer."
                ),
                "small",
            )
        )
    if scenario.reference is not None:
        ref = scenario.reference
        where = "inside" if a.in_zone(ref_index) else "outside"
        frontier = "on" if a.on_frontier(ref_index) else "below"
        blocks.append(
            Para(
                runs(
                    Strong(f"{ref.label}: "),
                    f"package {letters[ref_index]} ({_values_text(a, ref_index)}), {where} the "
                    f"agreement zone and {frontier} the Pareto frontier. ",
                    ref.note,
                )
            )
        )
    opening = ZoneByTrust(scenario).opening_credibility()
    if opening is not None and opening > 0:
        blocks.append(
            Para(
                runs(
                    Strong("Trust: "),
                    f"if every delegation counts {possessive(the_others(scenario))} promises at "
                    f"less than {opening:.2f} of their points, no package clears every "
                    "reservation value: "
                    "distrust alone closes the zone.",
                )
            )
        )
    elif opening == 0:
        blocks.append(
            Para(
                runs(
                    Strong("Trust: "),
                    "some packages clear every reservation value on acts alone, so the zone "
                    "stays open even when no promise is believed.",
                )
            )
        )
    return blocks


PACKAGES_PER_TABLE = 5


def _tied_text(tied: list[int], letters: dict[int, str]) -> str:
    """' (tied with packages C and D)' when other packages tie with the first."""
    others = tied[1:]
    if not others:
        return ""
    named = [letters[i] for i in others if i in letters]
    more = len(others) - len(named)
    listed = " and ".join(named) if len(named) < 3 else ", ".join(named[:-1]) + " and " + named[-1]
    if named:
        listed = f"package{'s' if len(named) > 1 else ''} {listed}"
    if more:
        listed += f"{' and ' if named else ''}{more:,} more not listed"
    return f" (tied with {listed})"


def _letter(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else f"P{n + 1}"


def _packages_table(scenario: Scenario, a, indices: list[int], letters: dict[int, str]) -> Table:
    """Packages as columns, issues as rows: differences between packages show at a glance."""
    outcomes = [a.outcome(i) for i in indices]
    rows: list = [
        (runs(issue.label), *[runs(issue.option(o[k]).label) for o in outcomes])
        for k, issue in enumerate(scenario.issues)
    ]
    for p in scenario.parties:
        rows.append(
            (
                runs(Strong(f"Points for {p.label}")),
                *[runs(signed_points_text(a.utility(p.id, i))) for i in indices],
            )
        )
    rows.append(
        (runs(Strong("Joint gain")), *[runs(signed_points_text(a.joint_gain(i))) for i in indices])
    )
    return Table(
        ("Issue", *[f"Package {letters[i]}" for i in indices]),
        tuple(rows),
        style="compact packages",
    )
