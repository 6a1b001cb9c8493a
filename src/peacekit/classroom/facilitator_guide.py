"""The facilitator guide of a role play: the teacher's package of a published simulation.

Learning objectives; run sheets for a 90- and a 45-minute session, with the
event cards at their clock minutes; who sits where for any class size; how to
play the capitals; what tables typically reach, computed from the numbers of
the packet actually printed (a classroom variant's, when there is one) and set
against the real package; what really happened; debrief questions grouped by
theme, several tied to the article's thesis; common pitfalls; and the sources
of every fact in the packet. It works for any number of delegations.
"""

from __future__ import annotations

from ..charts.numbers import signed_points_text
from ..model.analysis import Analysis, analyse
from ..model.role_play import (
    THEME_LABELS,
    THEMES,
    RolePlay,
    TeamRole,
    pressure,
    role_play_of,
    scaled_minute,
)
from ..model.scenario import Scenario
from ..scenarios.scenario_file import command_name
from .facilitation import debrief_questions, watch_points
from .facilitator_sheet import _all_scores_table, _zone_blocks
from .handout import (
    Box,
    Bullets,
    Code,
    Handout,
    Heading,
    Link,
    PageBreak,
    Para,
    Strong,
    Table,
    runs,
)
from .role_play_sheets import card_order, recipient, role_line
from .role_play_text import Citations, paragraphs, timeline_table, variant_head, variant_meta
from .run_sheets import LONG, SHORT, negotiation_start, run_sheet, short_negotiation
from .sheet_text import ILLUSTRATIVE, illustrative_box

#: Where instructors read about a classroom with students from both societies.
MIXED_CLASSROOM = (
    "https://github.com/peacekit-course/no-silver-bullet/blob/main/book/instructor/"
    "mixed-classroom.md"
)
#: At least this many debrief questions; the model's own questions fill up a shorter list.
DEBRIEF_QUESTIONS = 8


def facilitator_guide(scenario: Scenario, role_play: RolePlay, minutes: int) -> Handout:
    a = analyse(scenario)
    citations = Citations(role_play, facilitator=True)
    guide = role_play.facilitator
    blocks: list = [
        Box(
            "Instructor only",
            (
                Para(
                    runs(
                        "This guide holds every delegation's points and reservation value, the "
                        "notes on the event cards and what really happened. Keep it away from "
                        "the participants until the debrief."
                    )
                ),
            ),
            kind="warning",
        ),
        illustrative_box(scenario),
    ]
    if scenario.variant:
        blocks.append(_variant_box(scenario))
    blocks += _at_a_glance(scenario, role_play, a, minutes)
    if guide.objectives:
        blocks += [
            Heading(2, "Learning objectives"),
            Para(runs("By the end of the session, participants should be able to:")),
            Bullets(tuple(runs(o) for o in guide.objectives)),
        ]
    blocks += _run_sheets(role_play, minutes)
    blocks += _cards_schedule(scenario, role_play, minutes, citations)
    blocks += _who_sits_where(scenario, role_play, citations)
    blocks += _capitals(scenario)
    blocks += [Heading(2, "What to watch for"), Bullets(tuple(watch_points(scenario)))]
    blocks += [PageBreak(), Heading(2, "What tables typically reach")]
    blocks += paragraphs(guide.typical_results, model_values(scenario, a), citations)
    blocks += [
        Para(runs(ILLUSTRATIVE), "small"),
        Heading(3, "Scoring tables"),
        _all_scores_table(scenario),
        Heading(3, "The agreement zone and the frontier"),
        *_zone_blocks(scenario, a, [p.label for p in scenario.parties]),
    ]
    blocks += _reveal(role_play, citations)
    blocks += _debrief(scenario)
    if guide.pitfalls:
        blocks += [Heading(2, "Common pitfalls"), Bullets(tuple(runs(p) for p in guide.pitfalls))]
    blocks += [
        Heading(2, "A mixed classroom"),
        Para(
            runs(
                "Before you hand out a confidential sheet, read ",
                Link("A mixed classroom: students from both societies", MIXED_CLASSROOM),
                " in the instructor edition of the course book: how to assign roles, how to "
                "practise the time out, and what to do when the real conflict enters the room.",
            )
        ),
    ]
    blocks += _results(scenario)
    blocks += citations.blocks()
    return Handout(
        title=scenario.title,
        subtitle="Facilitator guide: running the role play, the answer key and the debrief",
        blocks=tuple(blocks),
        running_head=f"INSTRUCTOR ONLY · facilitator guide · {scenario.title}"
        + variant_head(scenario),
        footer="peacekit · the points are illustrative",
        kind="facilitator",
        meta={"scenario": scenario.id, "sheet": "facilitator", **variant_meta(scenario)},
    )


# -- the figures in the prose ----------------------------------------------------------------


def package_words(scenario: Scenario, a: Analysis, index: int) -> str:
    return "; ".join(label for _issue, label in scenario.describe(a.outcome(index)))


def reference_position(scenario: Scenario, a: Analysis) -> str:
    index = a.index(scenario.reference.outcome)
    where = "inside" if a.in_zone(index) else "outside"
    frontier = "on" if a.on_frontier(index) else "below"
    text = f"{where} the agreement zone and {frontier} the Pareto frontier"
    if index == a.nash:
        text += ", at the Nash point"
    return text


def model_values(scenario: Scenario, a: Analysis) -> dict[str, str]:
    """What the model placeholders of ``facilitator.typical_results`` print."""
    found = {
        "outcomes": f"{a.count:,}",
        "zone_size": f"{a.zone_size:,}",
        "frontier_size": f"{len(a.efficient_agreements):,}",
        "nash": "none (the agreement zone is empty)"
        if a.nash is None
        else f"\u201c{package_words(scenario, a, a.nash)}\u201d",
    }
    if scenario.reference is not None:
        found["reference_position"] = reference_position(scenario, a)
    return found


# -- the sections ------------------------------------------------------------------------------


def _variant_box(scenario: Scenario) -> Box:
    n = scenario.variant
    return Box(
        f"Classroom variant {n}",
        (
            Para(
                runs(
                    f"This packet uses classroom variant {n}: its points, reservation values and "
                    "private numbers differ from the scenario file's, within the bounds the file "
                    "states. Every figure in this guide is computed for variant "
                    f"{n}. Print it again with the same number, and debrief with ",
                    Code(f"--variant {n}"),
                    ".",
                )
            ),
        ),
        kind="warning",
    )


def _at_a_glance(scenario: Scenario, role_play: RolePlay, a: Analysis, minutes: int) -> list:
    roles = ", ".join(role_line(r) for r in role_play.team_roles) or "a head of delegation"
    rows = [
        (runs("Scene"), runs(role_play.scene)),
        (runs("Delegations"), runs(", ".join(p.name for p in scenario.parties))),
        (runs("Issues"), runs(", ".join(i.label for i in scenario.issues))),
        (runs("Possible packages"), runs(f"{a.count:,}")),
        (
            runs("Agreement zone"),
            runs(f"{a.zone_size:,} packages clear every reservation value"),
        ),
        (runs("Negotiation"), runs(f"{minutes} minutes")),
        (runs("Roles in each delegation"), runs(roles)),
        (
            runs("At each table, if you wish"),
            runs(" or ".join(t.title.lower() for t in role_play.third_roles.values()) or "none"),
        ),
        (runs("Event cards"), runs(f"{len(role_play.injects)}")),
    ]
    return [Heading(2, "At a glance"), Table(("", ""), tuple(rows))]


def _clock(steps) -> list[tuple[str, str, str]]:
    out, start = [], 0
    for step in steps:
        out.append((f"{start}\u2013{start + step.minutes}", step.name, step.what))
        start += step.minutes
    return out


def _run_sheets(role_play: RolePlay, minutes: int) -> list:
    blocks: list = []
    for length, talks, short in (
        (LONG, minutes, False),
        (SHORT, short_negotiation(minutes), True),
    ):
        steps = run_sheet(length, minutes)
        total = sum(s.minutes for s in steps)
        start = negotiation_start(steps)
        cards = [
            _card_times(i, role_play.minutes, talks, start)
            for i in role_play.injects
            if i.short_session or not short
        ]
        blocks += [
            Heading(2, f"Run sheet: a {total}-minute session"),
            Table(
                ("Minutes", "Step", "What happens"),
                tuple((runs(c), runs(n), runs(w)) for c, n, w in _clock(steps)),
                style="compact",
            ),
        ]
        if cards:
            blocks.append(Para(runs(Strong("Event cards at minute "), "; ".join(cards), ".")))
        if short:
            note = "Send the general brief a few days ahead and assign the roles in advance." + (
                f" Print this session's packet with --minutes {talks}, so that the sheets "
                "and cards show its shorter negotiation."
                if talks != minutes
                else ""
            )
            blocks.append(Para(runs(note)))
    return blocks


def _card_times(inject, written_for: int, talks: int, start: int) -> str:
    """'29 (Voices at home)', or '45 and 48 (…, then its follow-up)': session minutes."""
    at = start + scaled_minute(inject.minute, written_for, talks)
    if inject.follow_up is None:
        return f"{at} ({inject.title})"
    later = start + scaled_minute(inject.follow_up.minute, written_for, talks)
    return f"{at} and {later} ({inject.title}, then its follow-up)"


def _cards_schedule(
    scenario: Scenario, role_play: RolePlay, minutes: int, citations: Citations
) -> list:
    if not role_play.injects:
        return []
    blocks: list = [
        Heading(2, "The event cards"),
        Para(
            runs(
                f"Minutes count from the start of a {minutes}-minute negotiation. Hand each card "
                "to every table at once. Across the set, each delegation is pressed "
                + (
                    "equally."
                    if len(set(pressure(role_play.injects, scenario.party_ids).values())) == 1
                    else "unequally: see the notes."
                )
            )
        ),
    ]
    rows = []
    for inject in role_play.injects:
        at = scaled_minute(inject.minute, role_play.minutes, minutes)
        if inject.follow_up is not None:
            later = scaled_minute(inject.follow_up.minute, role_play.minutes, minutes)
            at_text = f"{at}, then {later}"
        else:
            at_text = str(at)
        to = ", ".join(recipient(scenario, k) for k in card_order(scenario, inject.cards))
        pressed = ", ".join(scenario.party(p).label for p in inject.presses)
        flags = [inject.basis] + [
            w
            for w, on in (("short session", inject.short_session), ("optional", inject.optional))
            if on
        ]
        rows.append(
            (
                runs(at_text),
                runs(Strong(inject.title)),
                runs(to),
                runs(pressed),
                runs(", ".join(flags)),
            )
        )
    blocks.append(
        Table(
            ("Minute", "Card", "To", "Presses", "Kind"), tuple(rows), numeric=(0,), style="compact"
        )
    )
    for inject in role_play.injects:
        blocks.append(Heading(3, inject.title))
        blocks += paragraphs(inject.facilitator_note, {}, citations)
        if inject.optional:
            blocks.append(
                Para(
                    runs("Optional: leave it out where it could hurt someone in the room."), "small"
                )
            )
    return blocks


def team_for(roles: tuple[TeamRole, ...], size: int) -> list[TeamRole]:
    """The roles a delegation of ``size`` students fills, in the file's order."""
    eligible = [r for r in roles if r.from_team_size <= size]
    return eligible[:size]


def _who_sits_where(scenario: Scenario, role_play: RolePlay, citations: Citations) -> list:
    roles = role_play.team_roles
    blocks: list = [Heading(2, "Who sits where")]
    if roles:
        rows = []
        for size in range(1, len(roles) + 1):
            team = team_for(roles, size)
            rows.append((runs(str(size)), runs(", ".join(r.title for r in team))))
        blocks += [
            Para(
                runs(
                    f"A table is {_number(len(scenario.parties))} delegations and, if you wish, a "
                    "third "
                    "role. Every delegation gets its confidential instructions; each member also "
                    "gets their own role sheet. Assign roles by lot, and let anyone swap out "
                    "without giving a reason."
                )
            ),
            Table(("Students per delegation", "Roles"), tuple(rows), numeric=(0,)),
        ]
    for role in role_play.third_roles.values():
        blocks.append(
            Para(
                runs(
                    Strong(f"{role.title}. "),
                    f"One per table, if you wish. The {role.kind} gets the general brief and the "
                    f"{role.kind}'s sheet, never a delegation's instructions.",
                )
            )
        )
    if role_play.without_third_role:
        blocks.append(Heading(3, "Without a mediator or observer"))
        blocks += paragraphs(role_play.without_third_role, {}, citations)
    return blocks


def _number(n: int) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return words[n] if n < len(words) else str(n)


def _capitals(scenario: Scenario) -> list:
    rows = tuple((runs(p.name), runs(signed_points_text(p.reservation))) for p in scenario.parties)
    return [
        Heading(2, "Playing the capitals"),
        Para(
            runs(
                "You play every delegation's capital. A head who wants new instructions hands "
                "you a note; answer in writing after about three minutes. Approve any package "
                "that is worth at least the delegation's reservation value to it, and always ask "
                "two questions: what does the delegation receive in return, and how will it "
                "explain the package at home in one sentence? A call costs time, and the other "
                "delegations see it: that is the point."
            )
        ),
        Table(("Delegation", "Reservation value"), rows, numeric=(1,)),
    ]


def _reveal(role_play: RolePlay, citations: Citations) -> list:
    after = role_play.timeline_after()
    if not role_play.facilitator.reveal and not after:
        return []
    blocks: list = [
        Heading(2, "What really happened"),
        Para(
            runs(
                "For the debrief only. Reveal it after the tables have compared their own "
                "agreements, so that nobody anchors on it."
            ),
            "small",
        ),
    ]
    blocks += paragraphs(role_play.facilitator.reveal, {}, citations)
    if after:
        blocks += [Heading(3, "The timeline after the scene"), timeline_table(after, citations)]
    return blocks


def debrief_items(scenario: Scenario) -> list:
    """The debrief questions of a scenario: its role play's, grouped by theme and topped up
    to :data:`DEBRIEF_QUESTIONS` from the model's own, or the model's alone."""
    role_play = role_play_of(scenario)
    if role_play is None:
        return debrief_questions(scenario)
    questions = sorted(role_play.facilitator.debrief, key=lambda q: THEMES.index(q.theme))
    items = [runs(Strong(THEME_LABELS[q.theme] + ". "), q.question) for q in questions]
    if len(items) < DEBRIEF_QUESTIONS:
        items += debrief_questions(scenario)[: DEBRIEF_QUESTIONS - len(items)]
    return items


def _debrief(scenario: Scenario) -> list:
    items = debrief_items(scenario)
    return [
        Heading(2, "Debrief questions"),
        Para(
            runs(
                "More questions than there is time for: choose some on the article's thesis, "
                "and set the rest as a written reflection. Keep the last one, out of role."
            )
        ),
        Bullets(tuple(items), ordered=True),
    ]


def _results(scenario: Scenario) -> list:
    variant = f" --variant {scenario.variant}" if scenario.variant else ""
    return [
        Heading(2, "Collecting the results"),
        Para(
            runs(
                "Type every agreement form into a row of ",
                Code("results-template.csv"),
                ", or collect the files that pairs export from the exercises, and run:",
            )
        ),
        Para(
            runs(
                Code(
                    f"peacekit debrief {command_name(scenario)} results/{variant} "
                    "--out debrief.html"
                )
            )
        ),
        Para(
            runs(
                "Every result then sits on one chart with the agreement zone, the frontier and "
                "the Nash point. Results files record the variant they were played with, and the "
                "debrief refuses to mix variants."
            )
        ),
    ]
