"""The participants' handouts: the general brief, each delegation's sheet, the agreement form.

A delegation's sheet carries **only its own** confidential material: it is
built from one party's data and nothing else, so another party's points cannot
leak onto it. Every delegation's sheet is built by the same function, with the
same sections in the same order, so students from both societies get
materials of equal depth.
"""

from __future__ import annotations

import re

from ..charts.numbers import signed_points_text
from ..model.role_play import SECTION_HEADINGS, SECTIONS, role_play_of
from ..model.scenario import Party, Scenario
from .facilitation import all_accept, option_kind, received_promises, the_others, who
from .handout import (
    Box,
    Break,
    Bullets,
    Em,
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
    runs,
)
from .role_play_text import (
    STANDING_NOTE,
    Citations,
    paragraphs,
    shared_packet,
    values,
    variant_head,
    variant_meta,
)
from .sheet_text import DEFAULT_MINUTES, illustrative_box, kind_cell, session_steps

# -- the general brief ---------------------------------------------------------------------


def general_brief(scenario: Scenario, minutes: int = DEFAULT_MINUTES) -> Handout:
    """What every participant reads. With a role play it is set before the outcome: the
    scene and the role play's brief take the place of the scenario's summary (which may
    tell how the real talks ended), and the background, the timeline up to the scene and
    the table of terms follow."""
    role_play = role_play_of(scenario)
    citations = Citations(role_play) if role_play else None
    blocks: list = []
    if role_play is not None:
        blocks.append(Para(runs(Em(role_play.scene)), "lead"))
    blocks += [illustrative_box(scenario), Heading(2, "The situation")]
    if role_play is not None:
        blocks += paragraphs(role_play.general_brief, values(scenario, minutes), citations)
    else:
        blocks.append(Para(runs(scenario.summary), "lead"))
    blocks.append(Heading(2, "The delegations"))
    for party in scenario.parties:
        name = party.name + (f" ({party.short_name})" if party.short_name else "")
        blocks += [Heading(3, name), Para(runs(party.public_brief))]
    blocks += _on_the_table(scenario)
    blocks += [
        Heading(2, "How the session runs"),
        Table(
            ("Step", "Minutes", "What happens"),
            tuple(
                (runs(step), runs(str(m)), runs(what)) for step, m, what in session_steps(minutes)
            ),
            numeric=(1,),
        ),
        Heading(2, "Ground rules"),
        Bullets(_ground_rules(scenario)),
    ]
    if role_play is not None:
        blocks += shared_packet(role_play, citations)
        blocks += citations.blocks()
    else:
        blocks += [
            Heading(2, "Sources"),
            Bullets(
                tuple(
                    runs(Link(s.label, s.url)) if s.url else runs(s.label) for s in scenario.sources
                )
            ),
        ]
    return Handout(
        title=scenario.title,
        subtitle="Mock negotiation: read this before the talks",
        blocks=tuple(blocks),
        running_head=f"General brief · {scenario.title}{variant_head(scenario)}",
        footer="peacekit role sheets · the points are illustrative",
        kind="general",
        meta={"scenario": scenario.id, "sheet": "general", **variant_meta(scenario)},
    )


def _on_the_table(scenario: Scenario) -> list:
    """The issues and their options, each listed the same way: the scale of the
    negotiation, with no option singled out."""
    blocks: list = [
        Heading(2, "What is on the table"),
        Para(
            runs(
                "An agreement picks exactly one option on every issue below: "
                f"{scenario.outcomes_count:,} packages are possible. Options that are not on "
                "this list cannot be part of the agreement, so that every pair's result can "
                "be compared in the debrief."
            )
        ),
    ]
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
                f"worth as much as {the_others(scenario)} "
                f"{'trusts' if len(scenario.parties) == 2 else 'trust'} it to be kept.",
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
    return blocks


def _ground_rules(scenario: Scenario) -> tuple[Runs, ...]:
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
            f"Keep your confidential sheet to your delegation. Tell {the_others(scenario)} "
            "what you choose, in your own words."
        ),
        runs("No deal is a legitimate result. Record it like an agreement."),
    )


# -- a delegation's confidential sheet -----------------------------------------------------


def delegation_sheet(scenario: Scenario, party: Party, minutes: int = DEFAULT_MINUTES) -> Handout:
    """One party's confidential sheet, built from that party's data only.

    With a role play, the delegation's confidential instructions (the same seven
    sections for every delegation) come after its role; without one, the scenario's
    confidential brief does.
    """
    role_play = role_play_of(scenario)
    sections: list[tuple[str, list]] = [
        (
            "Your role",
            [
                Para(runs(party.public_brief)),
                Para(runs("Everyone has read this part in the general brief."), "small"),
            ],
        )
    ]
    citations = None
    instructions = role_play.instructions.get(party.id) if role_play else None
    if instructions is not None:
        citations = Citations(role_play)
        filled = values(scenario, minutes, party.id)
        for key in SECTIONS:
            blocks = paragraphs(instructions[key], filled, citations)
            if key == "alternative":
                blocks.append(
                    Para(
                        runs(
                            Strong(
                                "Your reservation value: "
                                f"{signed_points_text(party.reservation)} points."
                            ),
                            " Do not accept a package worth less than this to you.",
                        )
                    )
                )
            sections.append((SECTION_HEADINGS[key], blocks))
    else:
        sections.append(
            ("Your situation (in confidence)", [Para(runs(party.confidential_brief), "lead")])
        )
    sections.append(("Your interests", _interests(party)))
    sections.append(("Your scoring table", _scoring_table(scenario, party)))
    sections.append(("Promises and trust", _promises_section(scenario, party)))
    if instructions is None:
        sections.append(("Your reservation value", _reservation(scenario, party)))
    sections.append(("During the negotiation", [_during(scenario, minutes, role_play is not None)]))
    sections.append(("Preparation worksheet", _worksheet(scenario, party)))
    blocks: list = [
        _confidential_box(scenario, role_play is not None),
        illustrative_box(scenario),
    ]
    for n, (title, content) in enumerate(sections, 1):
        if title == "Preparation worksheet":
            blocks.append(PageBreak())
        blocks += [Heading(2, f"{n}. {title}"), *content]
    if citations is not None:
        blocks += citations.blocks()
    return Handout(
        title=party.name,
        subtitle=f"{scenario.title}: confidential instructions",
        blocks=tuple(blocks),
        running_head=f"CONFIDENTIAL · {party.name} · do not show to {the_others(scenario)}"
        + variant_head(scenario),
        footer=f"{scenario.title} · the points are illustrative",
        kind="confidential",
        meta={
            "scenario": scenario.id,
            "sheet": "confidential",
            "party": party.id,
            **variant_meta(scenario),
        },
    )


def _confidential_box(scenario: Scenario, role_play: bool) -> Box:
    """The warning at the top; a role play's sheet adds what its instructions are."""
    paras = [
        Para(
            runs(
                f"Do not show this sheet to {the_others(scenario)}. You may tell them anything "
                "you choose about your interests and priorities, in your own words; "
                "you do not have to reveal your points or your reservation value."
            )
        )
    ]
    if role_play:
        paras.append(Para(runs(STANDING_NOTE), "small"))
    return Box("For your delegation only", tuple(paras), kind="confidential")


def _interests(party: Party) -> list:
    if party.interests:
        return [Bullets(tuple(runs(i) for i in party.interests))]
    return [
        Para(
            runs(
                "Your instructions list no separate interests: work them out from your "
                "situation and your scoring table."
            )
        )
    ]


def _scoring_table(scenario: Scenario, party: Party) -> list:
    table = scenario.scores[party.id]
    rows: list = []
    for issue in scenario.issues:
        rows.append(GroupRow(issue.label))
        rows += [
            (runs(o.label), kind_cell(scenario, o), runs(signed_points_text(table[issue.id][o.id])))
            for o in issue.options
        ]
    best = sum(max(table[i.id].values()) for i in scenario.issues)
    worst = sum(min(table[i.id].values()) for i in scenario.issues)
    return [
        Para(
            runs(
                "Every package picks one option on each issue. Its value to you is the sum of "
                "your points for the options it contains. "
                + (
                    "The other side has its own table, which you do not see."
                    if len(scenario.parties) == 2
                    else "Each of the other delegations has its own table, which you do not see."
                )
            )
        ),
        Table(
            ("Issue and option", "Type", "Your points"), tuple(rows), numeric=(2,), style="score"
        ),
        Para(
            runs(
                f"The best package you could imagine is worth {signed_points_text(best)} points to "
                f"you, the worst {signed_points_text(worst)}. A package that is best for you is "
                f"rarely acceptable to {the_others(scenario)}."
            )
        ),
    ]


def _reservation(scenario: Scenario, party: Party) -> list:
    description = party.reservation_description
    if scenario.variant and re.search(r"\d", description):
        # The file's description may state the published value, which a variant changes.
        description = "No deal: the talks end without an agreement."
    return [
        Para(runs(Strong(f"{signed_points_text(party.reservation)} points. "), description)),
        Para(
            runs(
                "Do not accept a package worth less than this to you: walking away is better. "
                f"Whether to tell {the_others(scenario)} your reservation value is your decision."
            )
        ),
    ]


def _during(scenario: Scenario, minutes: int, role_play: bool) -> Bullets:
    two = len(scenario.parties) == 2
    items = [
        runs(
            f"You have {minutes} minutes. {'Either' if two else 'Any'} delegation may ask for "
            "a short caucus."
        ),
        runs(
            "An agreement picks one option on every issue of the general brief. Record "
            "it on the agreement form; "
            + ("both delegations sign it." if two else "every delegation signs it.")
        ),
        runs("No deal is a legitimate result: record it too."),
        runs(
            "Speak as your delegation, not as yourself. Say \u201ctime out\u201d to "
            "step out of role."
        ),
    ]
    if role_play:
        items += [
            runs(
                "To call your capital, hand the facilitator a note; the answer comes back in "
                "writing after a few minutes."
            ),
            runs(
                "The facilitator may hand out event cards during the talks. React to them as "
                "your delegation would."
            ),
        ]
    return Bullets(tuple(items))


def _worksheet(scenario: Scenario, party: Party) -> list:
    return [
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
                f"{signed_points_text(party.reservation)} points to you?"
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
                if len(scenario.parties) == 2
                else "What do you think matters most to each of the other delegations? What "
                "must each be able to show its public?"
            ),
            3,
        ),
        WriteLines(runs("Which promise would you ask for, and how could it be checked?"), 2),
        WriteLines(
            runs("How will you explain the agreement at home? What will your critics say?"), 2
        ),
    ]


def _promises_section(scenario: Scenario, party: Party) -> list:
    received = received_promises(scenario, party.id)
    given = [
        (issue, o)
        for issue in scenario.issues
        for o in issue.options
        if o.is_promise and party.id in o.by
    ]
    others = the_others(scenario)
    blocks: list = [
        Para(
            runs(
                f"Your points assume that every promise is kept. If you doubt that {others} "
                "will keep a promise, count it at less: at a trust of one half, a promise "
                "worth +10 to you counts as +5."
            )
        ),
    ]
    if received:
        blocks.append(Para(runs(f"Promises by {others} that you would gain from:")))
        blocks.append(
            Bullets(
                tuple(
                    runs(
                        f"{scenario.issue(i).label}: ",
                        Strong(scenario.issue(i).option(o).label),
                        f" ({option_kind(scenario, scenario.issue(i).option(o))}), "
                        f"{signed_points_text(v)} to you",
                    )
                    for i, o, v in received
                )
            )
        )
    else:
        blocks.append(Para(runs(f"Nothing you could gain depends on a promise by {others}.")))
    if given:
        blocks.append(Para(runs(f"Promises you could make, which {others} may doubt:")))
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
    closing += f", or a third party that {all_accept(scenario)}" + (
        " (see the general brief)?" if scenario.third_parties else "?"
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
                + (
                    "Both delegations sign. "
                    if len(scenario.parties) == 2
                    else "Every delegation signs. "
                )
                + "The facilitator copies the form into the results file. "
                "A mock negotiation for teaching: the points behind the options are "
                "illustrative, and signing commits nobody to anything outside class."
            )
        ),
        Table(
            ("", ""),
            (
                (runs(Strong("Pair or table")), ()),
                *(
                    (runs(Strong(p.name), Break(), "names and signatures"), ())
                    for p in scenario.parties
                ),
            ),
            style="worksheet fill-in",
        ),
        *(
            [Para(runs(Strong(f"Variant {scenario.variant}"), " of the scenario's numbers."))]
            if scenario.variant
            else []
        ),
        Para(runs(Strong(f"Result:\u2003{box} agreed\u2003\u2003{box} no deal")), "lead"),
        Table(("Issue and option", "Tick one"), tuple(rows), style="form"),
    ]
    return Handout(
        title="Agreement form",
        subtitle=scenario.title,
        blocks=tuple(blocks),
        running_head=f"Agreement form · {scenario.title}{variant_head(scenario)}",
        footer="Hand this form to the facilitator",
        kind="form",
        meta={"scenario": scenario.id, "sheet": "form", **variant_meta(scenario)},
    )
