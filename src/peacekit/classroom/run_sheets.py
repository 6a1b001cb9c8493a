"""Run sheets: how the minutes of a classroom session are spent.

Two session lengths are planned: a full class of 90 minutes and a short one of
45. The negotiation itself is 30 minutes by default (a scenario's role play may
say otherwise); the published simulations this course follows keep the
debrief long, because that is where the exercise teaches, so the negotiation
gives way first. A short session caps the negotiation at 20 minutes and asks
for the general brief to be read at home.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The two session lengths, in minutes, and the shortest debrief each keeps.
LONG, SHORT = 90, 45
LONG_DEBRIEF, SHORT_DEBRIEF = 20, 10
#: The negotiation of a short session is at most this long.
SHORT_NEGOTIATION = 20


@dataclass(frozen=True)
class Step:
    name: str
    minutes: int
    what: str


def short_negotiation(minutes: int) -> int:
    return min(minutes, SHORT_NEGOTIATION)


def run_sheet(length: int, minutes: int) -> tuple[Step, ...]:
    """The steps of a ``LONG`` or ``SHORT`` session whose negotiation lasts ``minutes``
    (a short session shortens it to :func:`short_negotiation`). When the negotiation is
    too long for the session, the debrief keeps its minimum and the session runs over."""
    if length == SHORT:
        talks = short_negotiation(minutes)
        debrief = max(SHORT_DEBRIEF, SHORT - 14 - talks)
        return (
            Step("Ground rules", 3, "The time out practised once; roles were assigned in advance."),
            Step(
                "Reading",
                8,
                "Confidential instructions and role sheets only: the general brief was read "
                "at home.",
            ),
            Step("Negotiation", talks, "The short session's event cards at their minutes."),
            Step("Recording", 3, "The agreement form, signed by both delegations."),
            Step(
                "Debrief",
                debrief,
                "The chart, one question on the article's thesis, what really happened, the "
                "closing round out of role.",
            ),
        )
    debrief = max(LONG_DEBRIEF, LONG - 28 - minutes)
    return (
        Step(
            "Introduction and roles",
            8,
            "The exercise, the ground rules, the time out practised once; roles handed out.",
        ),
        Step(
            "Reading and preparation",
            15,
            "Each delegation reads its instructions and plans; each member reads their own "
            "role sheet.",
        ),
        Step(
            "Negotiation",
            minutes,
            "Delegations negotiate, may caucus and call their capital; event cards at their "
            "minutes.",
        ),
        Step("Recording the agreement", 5, "Each table fills in and signs the agreement form."),
        Step(
            "Debrief",
            debrief,
            "All agreements on one chart; the questions; what really happened; a closing round "
            "out of role.",
        ),
    )


def negotiation_start(steps: tuple[Step, ...]) -> int:
    """The session minute at which the negotiation begins."""
    start = 0
    for step in steps:
        if step.name == "Negotiation":
            return start
        start += step.minutes
    raise ValueError("a run sheet without a negotiation")
