"""Role sheets for a face-to-face mock negotiation, for any scenario file.

A classroom negotiation needs paper: a general brief that everyone reads, one
confidential sheet per delegation (its situation, interests, scoring table,
reservation value and a preparation worksheet), an agreement form per pair, and
a facilitator sheet with the timing, what to watch for, the answer key and the
debrief questions.

Two rules shape this module. A delegation's sheet carries **only its own**
confidential material: each sheet is built from one party's data and nothing
else, so another party's points cannot leak onto it. And the delegations'
sheets **mirror each other**: every sheet is built by the same function, with
the same sections in the same order, so students from both societies get
materials of equal depth. :func:`balance_warnings` flags a scenario whose own
texts make the sheets lopsided.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analysis import analyse
from .credibility import ZoneByTrust
from .facilitation import debrief_questions, option_kind, received_promises, watch_points, who
from .handout import (
    Box,
    Bullets,
    Code,
    GroupRow,
    Handout,
    Heading,
    Link,
    PageBreak,
    Para,
    Runs,
    Strong,
    Table,
    WriteLines,
    plain_text,
    runs,
    to_html,
    to_markdown,
)
from .problems import Problem
from .results import results_template_csv
from .scenario import Party, Scenario

#: Said on every sheet, whatever the scenario file says in addition.
ILLUSTRATIVE = (
    "The points and reservation values in this exercise are illustrative teaching "
    "devices, not measurements of any government's or community's real preferences."
)

#: Sheets whose word counts differ by more than this share are flagged as lopsided.
MIRROR_TOLERANCE = 0.15

DEFAULT_MINUTES = 40


@dataclass(frozen=True)
class RoleSheets:
    scenario: Scenario
    general: Handout
    delegations: dict[str, Handout]
    """Party id -> that delegation's confidential sheet."""
    agreement_form: Handout
    facilitator: Handout
    packet: Handout
    """The instructor's cover page: which file goes to whom."""
    minutes: int = DEFAULT_MINUTES

    def files(self) -> dict[str, Handout]:
        """File stem -> handout, in the order an instructor would print them."""
        out = {"index": self.packet, "general-brief": self.general}
        out.update({f"confidential-{p}": h for p, h in self.delegations.items()})
        out["agreement-form"] = self.agreement_form
        out["facilitator"] = self.facilitator
        return out


def role_sheets(scenario: Scenario, *, minutes: int = DEFAULT_MINUTES) -> RoleSheets:
    """Every handout for one classroom session. ``minutes`` is the negotiation time (20-90)."""
    if not 20 <= minutes <= 90:
        raise ValueError(f"negotiation time {minutes} minutes; expected 20 to 90 minutes")
    return RoleSheets(
        scenario=scenario,
        general=general_brief(scenario, minutes),
        delegations={p.id: delegation_sheet(scenario, p, minutes) for p in scenario.parties},
        agreement_form=agreement_form(scenario),
        facilitator=facilitator_sheet(scenario, minutes),
        packet=packet_index(scenario),
        minutes=minutes,
    )


# -- shared pieces -------------------------------------------------------------------------


def points_text(value: float) -> str:
    """+12, 0, −4 (a real minus sign: it prints unambiguously)."""
    if value > 0:
        return f"+{value:g}"
    if value < 0:
        return f"\u2212{-value:g}"
    return "0"


def illustrative_box(scenario: Scenario) -> Box:
    """The scenario's own note on its numbers, plus the course's, unless it says as much."""
    note = scenario.illustrative_note
    paras = [Para(runs(note))]
    if "illustrative" not in note.casefold():
        paras.insert(0, Para(runs(ILLUSTRATIVE)))
    return Box("About the points", tuple(paras))


def kind_cell(scenario: Scenario, option) -> Runs:
    return runs(option_kind(scenario, option) or "\u2014")


def _session_steps(minutes: int) -> list[tuple[str, int, str]]:
    return [
        ("Introduction and ground rules", 10, "The facilitator explains the exercise."),
        ("Reading and preparation", 15, "Each delegation reads its sheets and plans."),
        ("Negotiation", minutes, "Pairs or teams negotiate; delegations may caucus."),
        ("Recording the agreement", 5, "Each pair fills in and signs the agreement form."),
        ("Debrief", 20, "All agreements on one chart; discussion out of role."),
    ]


# -- the general brief ---------------------------------------------------------------------


def general_brief(scenario: Scenario, minutes: int = DEFAULT_MINUTES) -> Handout:
    blocks: list = [illustrative_box(scenario), Heading(2, "The situation")]
    blocks.append(Para(runs(scenario.summary), "lead"))
    blocks.append(Heading(2, "The delegations"))
    for party in scenario.parties:
        name = party.name + (f" ({party.short_name})" if party.short_name else "")
        blocks += [Heading(3, name), Para(runs(party.public_brief))]
    blocks.append(Heading(2, "What is on the table"))
    blocks.append(
        Para(
            runs(
                "An agreement picks exactly one option on every issue below: "
                f"{scenario.outcomes_count:,} packages are possible. Options that are not on "
                "this list cannot be part of the agreement, so that every pair's result can "
                "be compared in the debrief."
            )
        )
    )
    for issue in scenario.issues:
        blocks.append(Heading(3, issue.label))
        if issue.description:
            blocks.append(Para(runs(issue.description)))
        blocks.append(
            Bullets(
                tuple(
                    runs(o.label, f" ({option_kind(scenario, o)})" if o.by else "")
                    for o in issue.options
                )
            )
        )
    blocks += [
        Heading(2, "Acts and promises"),
        Para(
            runs(
                "An ",
                Strong("act"),
                " happens at once and can be checked, such as a handover. A ",
                Strong("promise"),
                " is about the future, such as support in a later vote. A promise is only "
                "worth as much as the other side trusts it to be kept.",
            )
        ),
    ]
    if scenario.third_parties:
        blocks.append(Heading(2, "Possible mediators, hosts and guarantors"))
        blocks.append(
            Bullets(
                tuple(
                    runs(Strong(t.name), f" ({t.role})", f": {t.note}" if t.note else "")
                    for t in scenario.third_parties
                )
            )
        )
    blocks += [
        Heading(2, "How the session runs"),
        Table(
            ("Step", "Minutes", "What happens"),
            tuple(
                (runs(step), runs(str(m)), runs(what)) for step, m, what in _session_steps(minutes)
            ),
            numeric=(1,),
        ),
        Heading(2, "Ground rules"),
        Bullets(_ground_rules()),
        Heading(2, "Sources"),
        Bullets(
            tuple(runs(Link(s.label, s.url)) if s.url else runs(s.label) for s in scenario.sources)
        ),
    ]
    return Handout(
        title=scenario.title,
        subtitle="Mock negotiation: read this before the talks",
        blocks=tuple(blocks),
        running_head=f"General brief · {scenario.title}",
        footer="peacekit role sheets · the points are illustrative",
        kind="general",
        meta={"scenario": scenario.id, "sheet": "general"},
    )


def _ground_rules() -> tuple[Runs, ...]:
    return (
        runs(
            "You speak for a delegation, not for yourself or your nation. Criticise "
            "positions, never people."
        ),
        runs(
            "Say \u201ctime out\u201d to step out of role at any moment, for any reason. "
            "Nobody has to explain why."
        ),
        runs(
            "Use neutral names for contested places and events, or say whose word you "
            "are using. Do not invent facts about the real conflict."
        ),
        runs(
            "Keep your confidential sheet to your delegation. Tell the other side what you "
            "choose, in your own words."
        ),
        runs("No deal is a legitimate result. Record it like an agreement."),
    )


# -- a delegation's confidential sheet -----------------------------------------------------


def delegation_sheet(scenario: Scenario, party: Party, minutes: int = DEFAULT_MINUTES) -> Handout:
    """One party's confidential sheet, built from that party's data only."""
    table = scenario.scores[party.id]
    blocks: list = [
        Box(
            "For your delegation only",
            (
                Para(
                    runs(
                        "Do not show this sheet to the other side. You may tell them anything "
                        "you choose about your interests and priorities, in your own words; "
                        "you do not have to reveal your points or your reservation value."
                    )
                ),
            ),
            kind="confidential",
        ),
        illustrative_box(scenario),
        Heading(2, "1. Your role"),
        Para(runs(party.public_brief)),
        Para(runs("Everyone has read this part in the general brief."), "small"),
        Heading(2, "2. Your situation (in confidence)"),
        Para(runs(party.confidential_brief), "lead"),
        Heading(2, "3. Your interests"),
    ]
    if party.interests:
        blocks.append(Bullets(tuple(runs(i) for i in party.interests)))
    else:
        blocks.append(
            Para(
                runs(
                    "Your instructions list no separate interests: work them out from your "
                    "situation and your scoring table."
                )
            )
        )
    blocks += [
        Heading(2, "4. Your scoring table"),
        Para(
            runs(
                "Every package picks one option on each issue. Its value to you is the sum of "
                "your points for the options it contains. The other side has its own table, "
                "which you do not see."
            )
        ),
    ]
    rows: list = []
    for issue in scenario.issues:
        rows.append(GroupRow(issue.label))
        rows += [
            (runs(o.label), kind_cell(scenario, o), runs(points_text(table[issue.id][o.id])))
            for o in issue.options
        ]
    blocks.append(
        Table(("Issue and option", "Type", "Your points"), tuple(rows), numeric=(2,), style="score")
    )
    best = sum(max(table[i.id].values()) for i in scenario.issues)
    worst = sum(min(table[i.id].values()) for i in scenario.issues)
    blocks.append(
        Para(
            runs(
                f"The best package you could imagine is worth {points_text(best)} points to "
                f"you, the worst {points_text(worst)}. A package that is best for you is rarely "
                "acceptable to the other side."
            )
        )
    )
    blocks += _promises_section(scenario, party)
    blocks += [
        Heading(2, "6. Your reservation value"),
        Para(
            runs(
                Strong(f"{points_text(party.reservation)} points. "),
                party.reservation_description,
            )
        ),
        Para(
            runs(
                "Do not accept a package worth less than this to you: walking away is better. "
                "Whether to tell the other side your reservation value is your decision."
            )
        ),
        Heading(2, "7. During the negotiation"),
        Bullets(
            (
                runs(f"You have {minutes} minutes. Either delegation may ask for a short caucus."),
                runs(
                    "An agreement picks one option on every issue of the general brief. Record "
                    "it on the agreement form; both delegations sign it."
                ),
                runs("No deal is a legitimate result: record it too."),
                runs(
                    "Speak as your delegation, not as yourself. Say \u201ctime out\u201d to "
                    "step out of role."
                ),
            )
        ),
        PageBreak(),
        Heading(2, "8. Preparation worksheet"),
        Para(runs("Take 10 to 15 minutes with your delegation before the talks.")),
        Table(
            ("Issue", "Opening offer", "Target", "Walk-away"),
            (
                *((runs(i.label), (), (), ()) for i in scenario.issues),
                (runs(Strong("Total points")), (), (), ()),
            ),
            style="worksheet",
        ),
        Para(
            runs(
                "Check: is your walk-away package worth at least "
                f"{points_text(party.reservation)} points to you?"
            )
        ),
        WriteLines(
            runs("Which issues matter most to you, and which could you give up at little cost?"),
            3,
        ),
        WriteLines(
            runs(
                "What do you think matters most to the other side? What must its delegation "
                "be able to show its public?"
            ),
            3,
        ),
        WriteLines(runs("Which promise would you ask for, and how could it be checked?"), 2),
        WriteLines(
            runs("How will you explain the agreement at home? What will your critics say?"), 2
        ),
    ]
    return Handout(
        title=party.name,
        subtitle=f"{scenario.title}: confidential instructions",
        blocks=tuple(blocks),
        running_head=f"CONFIDENTIAL · {party.name} · do not show to the other side",
        footer=f"{scenario.title} · the points are illustrative",
        kind="confidential",
        meta={"scenario": scenario.id, "sheet": "confidential", "party": party.id},
    )


def _promises_section(scenario: Scenario, party: Party) -> list:
    received = received_promises(scenario, party.id)
    given = [
        (issue, o)
        for issue in scenario.issues
        for o in issue.options
        if o.is_promise and party.id in o.by
    ]
    blocks: list = [
        Heading(2, "5. Promises and trust"),
        Para(
            runs(
                "Your points assume that every promise is kept. If you doubt that the other "
                "side will keep a promise, count it at less: at a trust of one half, a promise "
                "worth +10 to you counts as +5."
            )
        ),
    ]
    if received:
        blocks.append(Para(runs("Promises by the other side that you would gain from:")))
        blocks.append(
            Bullets(
                tuple(
                    runs(
                        f"{scenario.issue(i).label}: ",
                        Strong(scenario.issue(i).option(o).label),
                        f" ({option_kind(scenario, scenario.issue(i).option(o))}), "
                        f"{points_text(v)} to you",
                    )
                    for i, o, v in received
                )
            )
        )
    else:
        blocks.append(Para(runs("Nothing you could gain depends on a promise by the other side.")))
    if given:
        blocks.append(Para(runs("Promises you could make, which the other side may doubt:")))
        blocks.append(
            Bullets(
                tuple(
                    runs(
                        f"{issue.label}: ",
                        Strong(o.label),
                        f" (a promise by {who(scenario, o.by)})",
                    )
                    for issue, o in given
                )
            )
        )
    else:
        blocks.append(Para(runs("None of the options asks you to promise anything.")))
    closing = (
        "What would make a promise credible: an act in exchange, a sequence of small steps "
        "that can be checked"
    )
    closing += (
        ", or a third party that both sides accept (see the general brief)?"
        if scenario.third_parties
        else ", or a third party that both sides accept?"
    )
    blocks.append(Para(runs(closing)))
    return blocks


# -- the agreement form --------------------------------------------------------------------


def agreement_form(scenario: Scenario) -> Handout:
    box = "\u2610"
    rows: list = []
    for issue in scenario.issues:
        rows.append(GroupRow(issue.label))
        rows += [(runs(o.label), runs(box)) for o in issue.options]
    blocks: list = [
        Para(
            runs(
                "One form per pair. Tick one option on every issue, or tick \u201cno deal\u201d. "
                "Both delegations sign. The facilitator copies the form into the results file."
            )
        ),
        Table(
            ("", ""),
            (
                (runs(Strong("Pair or table")), ()),
                *((runs(Strong(f"Names: {p.name}")), ()) for p in scenario.parties),
            ),
            style="worksheet fill-in",
        ),
        Para(runs(Strong(f"Result:\u2003{box} agreed\u2003\u2003{box} no deal")), "lead"),
        Table(("Issue and option", "Tick one"), tuple(rows), style="form"),
        Table(
            ("Signed for", "Signature"),
            tuple((runs(p.name), ()) for p in scenario.parties),
            style="worksheet fill-in",
        ),
        Para(
            runs(
                "A mock negotiation for teaching: the options are simplified and the points "
                "behind them are illustrative. Signing commits nobody to anything outside class."
            ),
            "small",
        ),
    ]
    return Handout(
        title="Agreement form",
        subtitle=scenario.title,
        blocks=tuple(blocks),
        running_head=f"Agreement form · {scenario.title}",
        footer="Hand this form to the facilitator",
        kind="form",
        meta={"scenario": scenario.id, "sheet": "form"},
    )


# -- the facilitator sheet -----------------------------------------------------------------


def facilitator_sheet(scenario: Scenario, minutes: int = DEFAULT_MINUTES) -> Handout:
    a = analyse(scenario)
    steps = _session_steps(minutes)
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
                    runs(points_text(p.reservation)),
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
                        runs(points_text(scenario.scores[p][issue.id][o.id]))
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
        f"{a.scenario.party(p).label} {points_text(v)}" for p, v in a.utilities(index).items()
    )


def package_text(scenario: Scenario, outcome) -> str:
    """'Issue: option; issue: option', unambiguous even when option labels repeat."""
    return "; ".join(f"{issue}: {option}" for issue, option in scenario.describe(outcome))


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
    blocks.append(
        Para(
            runs(
                f"Of {a.count:,} packages, {a.zone_size:,} clear every reservation value (the "
                f"agreement zone). {len(efficient):,} of them are Pareto-efficient: no other "
                "package is better for one delegation without being worse for another. Read "
                "each column as one package:"
            )
        )
    )
    ref_index = a.index(scenario.reference.outcome) if scenario.reference else None
    named = [
        (a.nash, "Nash point"),
        (a.kalai_smorodinsky, "Kalai–Smorodinsky"),
        (ref_index, "the real package"),
    ]
    shown = list(efficient[:MAX_LISTED])
    shown += [i for i, _name in named if i is not None and i not in shown]
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
    facts = [f"{name}: package {letters[i]}" for i, name in named if i is not None]
    if facts:
        blocks.append(Para(runs("; ".join(facts) + ".")))
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
                    "if every delegation counts the other side's promises at less than "
                    f"{opening:.2f} of their points, no package clears every reservation value: "
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
                *[runs(points_text(a.utility(p.id, i))) for i in indices],
            )
        )
    rows.append(
        (runs(Strong("Joint gain")), *[runs(points_text(a.joint_gain(i))) for i in indices])
    )
    return Table(
        ("Issue", *[f"Package {letters[i]}" for i in indices]),
        tuple(rows),
        style="compact packages",
    )


# -- the packet's cover page ---------------------------------------------------------------


def packet_index(scenario: Scenario) -> Handout:
    rows = [
        (runs(Code("general-brief.html")), runs("every participant"), runs("the shared situation")),
    ]
    for p in scenario.parties:
        rows.append(
            (
                runs(Code(f"confidential-{p.id}.html")),
                runs(f"{p.name} only"),
                runs("confidential instructions and worksheet"),
            )
        )
    rows += [
        (runs(Code("agreement-form.html")), runs("one per pair"), runs("to record the result")),
        (
            runs(Code("facilitator.html")),
            runs("the instructor only"),
            runs("timing, answer key, debrief questions"),
        ),
        (
            runs(Code("results-template.csv")),
            runs("the instructor"),
            runs("type in the forms, then run peacekit debrief"),
        ),
    ]
    return Handout(
        title=scenario.title,
        subtitle="Role-sheet packet: what to print and whom to give it to",
        blocks=(
            Para(
                runs(
                    "Each file is a print-ready page (A4). Print from a browser, or open the "
                    "Markdown versions (same names, .md) to paste into a learning platform."
                )
            ),
            Table(("File", "For", "Contents"), tuple(rows)),
            Para(runs(ILLUSTRATIVE), "small"),
        ),
        running_head=f"Role-sheet packet · {scenario.title}",
        footer="peacekit role sheets",
        kind="general",
        meta={"scenario": scenario.id, "sheet": "index"},
    )


# -- checks and output ---------------------------------------------------------------------


def word_count(handout: Handout) -> int:
    return len(plain_text(handout).split())


def balance_warnings(sheets: RoleSheets, label: str) -> list[Problem]:
    """Warn when one delegation's sheet is much shorter than another's (unequal depth)."""
    counts = {p: word_count(h) for p, h in sheets.delegations.items()}
    longest = max(counts.values())
    problems = []
    for n, party in enumerate(sheets.scenario.parties):
        if counts[party.id] < (1 - MIRROR_TOLERANCE) * longest:
            problems.append(
                Problem(
                    label,
                    _party_line(sheets.scenario, n),
                    f"parties[{n}]: the sheet of '{party.id}' has {counts[party.id]} words, "
                    f"against {longest} for the longest; expected comparable depth for every "
                    "delegation (within 15%): lengthen its confidential_brief or interests",
                    warning=True,
                )
            )
    return problems


def _party_line(scenario: Scenario, n: int) -> int:
    """The line of a party's confidential_brief, read again from the file (best effort)."""
    from .problems import ScenarioError
    from .yaml_reader import Reader, read_yaml

    try:
        data = read_yaml(scenario.path)
        party = data["parties"][n]
        return Reader.line_of(party, "confidential_brief", Reader.line_of(data["parties"], n))
    except (ScenarioError, KeyError, IndexError, TypeError):
        return 1


def write_role_sheets(sheets: RoleSheets, out_dir: str | Path, *, template_rows: int = 12):
    """Write every handout as HTML and Markdown, and the results template.

    Returns (paths written, notes). An edited ``results-template.csv`` is never
    overwritten: it may already hold a class's results.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    notes: list[str] = []
    for stem, handout in sheets.files().items():
        for suffix, text in ((".html", to_html(handout)), (".md", to_markdown(handout))):
            path = out / f"{stem}{suffix}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    template = results_template_csv(sheets.scenario, rows=template_rows)
    path = out / "results-template.csv"
    if path.exists() and path.read_text(encoding="utf-8", errors="replace") != template:
        notes.append(
            f"{path}: kept the existing file, which differs from a blank template "
            "(it may hold results); delete it to get a fresh one"
        )
    else:
        path.write_text(template, encoding="utf-8", newline="")
        written.append(path)
    return written, notes
