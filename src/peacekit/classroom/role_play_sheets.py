"""The role play's own sheets: one per team member, the mediator and observer, the event cards.

A class of 24 negotiates in teams of three or four, and a delegation argues
inside before it agrees outside, so every member gets one page: their job and a
private goal that pulls against a teammate's. Each page is built from one
party's data and one role only; a private goal is printed on its own sheet and
nowhere else a participant reads. The mediator's and observer's sheets carry no
points and no delegation's instructions. The event cards are printed one per
page, to be cut out and handed over at their minute.
"""

from __future__ import annotations

from dataclasses import replace

from ..model.role_play import Inject, RolePlay, TeamRole, ThirdRole, scaled_minute
from ..model.scenario import Party, Scenario
from .handout import Box, Handout, Heading, PageBreak, Para, Strong, Table, runs
from .role_play_text import (
    FICTION_MARK,
    STANDING_NOTE,
    THIRD_ROLE_NOTE,
    Citations,
    paragraphs,
    standing_note,
    values,
    variant_head,
    variant_meta,
)


def role_line(role: TeamRole) -> str:
    """A role's title, with the team size from which it is used."""
    if role.from_team_size > 1:
        return f"{role.title} (in delegations of {role.from_team_size} or more)"
    return role.title


# -- team sheets ---------------------------------------------------------------------------


def team_sheet(
    scenario: Scenario, role_play: RolePlay, party: Party, role: TeamRole, minutes: int
) -> Handout:
    """One member's page: their job and private goal, from ``party``'s sheets only."""
    sheet = role_play.team_sheets[(party.id, role.id)]
    citations = Citations(role_play)
    filled = values(scenario, minutes, party.id)
    team = ", ".join(role_line(r) for r in role_play.team_roles if r.id != role.id)
    blocks: list = [
        Box(
            "For you only",
            (
                Para(
                    runs(
                        "Read your delegation's confidential instructions first; this page adds "
                        "your own part. Your private goal is yours: tell your team about it, or "
                        "keep it to yourself."
                    )
                ),
                Para(runs(STANDING_NOTE), "small"),
            ),
            kind="confidential",
        ),
        Heading(2, "Your job"),
        *paragraphs(sheet.job, filled, citations),
        Heading(2, "Your private goal"),
        *paragraphs(sheet.private_goal, filled, citations),
        Para(runs(Strong("The rest of your delegation: "), team or "nobody; you are on your own.")),
        *citations.blocks(),
    ]
    return Handout(
        title=f"{role.title}: {party.name}",
        subtitle=f"{scenario.title}: a member of the delegation",
        blocks=tuple(blocks),
        running_head=f"CONFIDENTIAL · {party.name} · {role.title} · for you only"
        + variant_head(scenario),
        footer=f"{scenario.title} · the points are illustrative",
        kind="team",
        meta={
            "scenario": scenario.id,
            "sheet": "team",
            "party": party.id,
            "role": role.id,
            **variant_meta(scenario),
        },
    )


# -- the mediator and the observer ---------------------------------------------------------


def third_role_sheet(
    scenario: Scenario, role_play: RolePlay, role: ThirdRole, minutes: int
) -> Handout:
    """The mediator's or observer's sheet: the role, a checklist; no points, no
    delegation's instructions."""
    citations = Citations(role_play)
    filled = values(scenario, minutes)
    blocks: list = [
        standing_note(THIRD_ROLE_NOTE),
        Para(
            runs(
                "Read the general brief first: it is the same for every participant. You do not "
                "see either delegation's instructions or scoring table."
            )
        ),
        Heading(2, "Your role"),
        *paragraphs(role.brief, filled, citations),
    ]
    if role.private_goal:
        blocks += [
            Heading(2, "Your private goal"),
            *paragraphs(role.private_goal, filled, citations),
        ]
    blocks += [
        Heading(2, "What to note"),
        Table(
            ("Watch for", "Minute and what you saw"),
            tuple((runs(item), ()) for item in role.checklist),
            style="worksheet checklist",
        ),
        *citations.blocks(),
    ]
    return Handout(
        title=role.title,
        subtitle=f"{scenario.title}: for the {role.kind} at one table",
        blocks=tuple(blocks),
        running_head=f"{role.title} · {scenario.title}{variant_head(scenario)}",
        footer=f"{scenario.title} · the points are illustrative",
        kind="third",
        meta={"scenario": scenario.id, "sheet": role.kind, **variant_meta(scenario)},
    )


# -- event cards ---------------------------------------------------------------------------


def recipient(scenario: Scenario, key: str) -> str:
    if key == "all":
        return "every delegation"
    if key in ("mediator", "observer"):
        return f"the {key}"
    return scenario.party(key).name


def card_order(scenario: Scenario, cards) -> list[str]:
    """Recipients in print order: the parties in file order, then everyone, then the
    third roles."""
    keys = [*scenario.party_ids, "all", "mediator", "observer"]
    return [k for k in keys if k in cards]


def inject_cards(scenario: Scenario, role_play: RolePlay, minutes: int) -> Handout:
    """Every event card on its own page, in the order they are handed out."""
    citations = Citations(role_play)
    filled = values(scenario, minutes)
    cards = []
    for inject in role_play.injects:
        cards += _cards(scenario, role_play, inject, inject.minute, inject.cards, minutes)
        if inject.follow_up is not None:
            cards += _cards(
                scenario,
                role_play,
                inject,
                inject.follow_up.minute,
                inject.follow_up.cards,
                minutes,
                follow_up=True,
            )
    cards.sort(key=lambda card: card[0])
    blocks: list = [
        Para(
            runs(
                "Cut along the page: one card per page. Hand each card to its recipient at its "
                f"minute of a {minutes}-minute negotiation, at every table at once. Cards marked "
                f"{FICTION_MARK} describe invented events. A card changes no delegation's "
                "points, which are illustrative teaching devices: it changes the situation they "
                "argue about."
            ),
            "small",
        )
    ]
    for n, (_minute, title, to, paragraph_list, note) in enumerate(cards):
        if n:
            blocks.append(PageBreak())
        blocks += [
            Heading(2, title),
            Para(runs(Strong("To: "), to, Strong("  ·  "), note), "card-meta"),
            *paragraphs(paragraph_list, filled, citations),
        ]
    blocks += citations.blocks()
    return Handout(
        title="Event cards",
        subtitle=f"{scenario.title}: to hand out during the negotiation",
        blocks=tuple(blocks),
        running_head=f"Event cards · {scenario.title}{variant_head(scenario)}",
        footer="peacekit role sheets · cut out one card per page",
        kind="cards",
        meta={"scenario": scenario.id, "sheet": "injects", **variant_meta(scenario)},
    )


def _cards(
    scenario: Scenario,
    role_play: RolePlay,
    inject: Inject,
    minute: int,
    cards,
    minutes: int,
    *,
    follow_up: bool = False,
) -> list:
    at = scaled_minute(minute, role_play.minutes, minutes)
    title = f"Minute {at}: {inject.title}" + (", later" if follow_up else "")
    kind = {
        "fiction": f"an invented event {FICTION_MARK}",
        "fact": "tied to a real event",
        "task": "a task for your delegation",
    }[inject.basis]
    out = []
    for key in card_order(scenario, cards):
        ps = cards[key]
        if inject.basis == "fiction":
            ps = tuple(replace(p, fiction=True) for p in ps)
        out.append((at, title, recipient(scenario, key), ps, kind))
    return out
