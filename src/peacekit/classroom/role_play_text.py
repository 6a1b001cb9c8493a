"""The role play's prose on paper: placeholders filled, facts numbered, fiction marked.

Every sheet of a role play prints its paragraphs through this module, so the
three kinds of paragraph look the same everywhere: the exercise's own text as
it is, a fact with the number of its source in the sheet's list of sources,
and course fiction with the mark "(course fiction)". A source that reports how
the real talks ended (``after_scene``) is not named on a participant's sheet,
only in the facilitator guide; the participant's list says that it is given in
the debrief.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..charts.numbers import points_text
from ..model.role_play import Paragraph, RolePlay, TimelineEntry, fill, role_play_of
from ..model.scenario import Scenario
from ..model.trust_ladder import trust_setting
from .handout import Box, Em, Heading, Link, Para, Table, runs

FICTION_MARK = "(course fiction)"
AFTER_SCENE = "A source given in the debrief: its title reports how the talks ended."
AFTER_SCENE = "A source given in the debrief: its title reports how the talks ended."

#: On every confidential, team, mediator and observer sheet of a role play.
STANDING_NOTE = (
    "Your capital is a role your facilitator plays. These instructions are course "
    "material, not a report of what any real official said or wants. Facts carry a "
    "source number; invented details are marked (course fiction). The points are "
    "illustrative teaching devices."
)


class Citations:
    """The numbered sources of one sheet, in the order the sheet first cites them."""

    def __init__(self, role_play: RolePlay, *, facilitator: bool = False):
        self.role_play = role_play
        self.facilitator = facilitator
        self.order: list[str] = []

    def marks(self, sources: Iterable[str]) -> str:
        numbers = []
        for sid in sources:
            if sid not in self.order:
                self.order.append(sid)
            numbers.append(str(self.order.index(sid) + 1))
        return f" [{', '.join(numbers)}]" if numbers else ""

    def blocks(self) -> list:
        """The sheet's list of sources (small print), or nothing when it cites none."""
        if not self.order:
            return []
        rows = []
        for n, sid in enumerate(self.order, 1):
            source = self.role_play.sources[sid]
            if source.after_scene and not self.facilitator:
                rows.append((runs(str(n)), runs(AFTER_SCENE)))
            else:
                rows.append((runs(str(n)), runs(Link(source.label, source.url))))
        return [Heading(2, "Sources"), Table(("", "Source"), tuple(rows), style="compact sources")]


def values(scenario: Scenario, minutes: int, party_id: str | None = None) -> dict[str, str]:
    """What each placeholder prints on a sheet, for one party or for everyone."""
    found = {"minutes": str(minutes)}
    if party_id is not None:
        party = scenario.party(party_id)
        found["reservation"] = points_text(party.reservation)
        if "trust" in scenario.sections:
            found["trust"] = f"{trust_setting(scenario).initial[party_id]:.0%}"
        role_play = role_play_of(scenario)
        if role_play is not None:
            found.update(
                (name, points_text(value))
                for name, value in role_play.private_values(party_id).items()
            )
    return found


def paragraph(
    p: Paragraph, filled: Mapping[str, str], citations: Citations, style: str = ""
) -> Para:
    text = fill(" ".join(p.text.split()), filled)
    if p.fiction:
        return Para(runs(text, " ", Em(FICTION_MARK)), "fiction")
    return Para(runs(text + citations.marks(p.sources)), style)


def paragraphs(
    ps: Iterable[Paragraph], filled: Mapping[str, str], citations: Citations, style: str = ""
) -> list[Para]:
    return [paragraph(p, filled, citations, style) for p in ps]


def variant_head(scenario: Scenario) -> str:
    """Added to every running head of a variant's packet, so that sheets never mix."""
    return f" · variant {scenario.variant}" if scenario.variant else ""


def variant_meta(scenario: Scenario) -> dict[str, str]:
    return {"variant": str(scenario.variant)} if scenario.variant else {}


#: The same for a mediator or observer, who speaks for no capital and sees no points.
THIRD_ROLE_NOTE = (
    "These instructions are course material, not a report of what any real official "
    "said or wants. Facts carry a source number; invented details are marked (course "
    "fiction). The delegations' points are illustrative teaching devices, and you do not "
    "see them."
)


def standing_note(text: str = STANDING_NOTE) -> Box:
    return Box("About these instructions", (Para(runs(text)),))


def timeline_table(entries: Iterable[TimelineEntry], citations: Citations) -> Table:
    return Table(
        ("Date", "Event"),
        tuple((runs(e.date), runs(e.event + citations.marks(e.sources))) for e in entries),
        style="compact timeline",
    )


def terminology_table(role_play: RolePlay, citations: Citations) -> Table:
    return Table(
        ("Topic", "Who says what", "The course uses"),
        tuple(
            (
                runs(row.topic),
                runs(row.usages + citations.marks(row.sources)),
                runs(row.course_usage),
            )
            for row in role_play.terminology
        ),
        style="compact terms",
    )


def shared_packet(role_play: RolePlay, citations: Citations) -> list:
    """The neutral background, the timeline up to the scene and the table of terms, which
    every participant reads before the talks."""
    blocks: list = []
    if role_play.background:
        blocks.append(Heading(2, "Background"))
        blocks.append(
            Para(
                runs(
                    "The same page for every participant. Where the two sides name something "
                    "differently, the text says whose word it is."
                ),
                "small",
            )
        )
        blocks += paragraphs(role_play.background, {}, citations)
    before = role_play.timeline_before()
    if before:
        blocks += [Heading(2, "Timeline up to the talks"), timeline_table(before, citations)]
    if role_play.terminology:
        blocks += [
            Heading(2, "Terms"),
            Para(
                runs(
                    "Where a place or an event has two names, use the course's neutral term, or "
                    "say whose word you are using."
                )
            ),
            terminology_table(role_play, citations),
        ]
    return blocks
