"""The packet's cover page, and the word counts that show the delegations' sheets are mirrored.

An instructor prints from the cover page: which file goes to whom, and, for the
team roles used only in larger delegations, from which team size. The word
counts are printed there and by ``peacekit roles``: a role play promises every
delegation materials of equal depth, and the numbers let an instructor check it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model.role_play import (
    SECTIONS,
    RolePlay,
    instructions_words,
    role_play_of,
    team_sheet_words,
)
from ..model.scenario import Scenario
from .handout import Code, Handout, Heading, Para, Table, runs
from .role_play_sheets import role_line
from .role_play_text import variant_head, variant_meta
from .sheet_text import ILLUSTRATIVE

#: Delegations' instructions and team sheets are mirrored within this share.
MIRROR_TOLERANCE = 0.15


@dataclass(frozen=True)
class Mirroring:
    """Words of prose per sheet (tables, checklists and answer lines not counted)."""

    instructions: Mapping[str, int]
    """Party id -> words of its confidential instructions."""
    team: Mapping[tuple[str, str], int]
    """(party id, role id) -> words of that member's sheet."""
    same_sections: bool
    same_roles: bool

    @staticmethod
    def spread(counts) -> float:
        """How much shorter the shortest is than the longest, as a share of the longest."""
        values = list(counts)
        return 1 - min(values) / max(values) if values and max(values) else 0.0

    def instructions_mirrored(self) -> bool:
        return self.same_sections and self.spread(self.instructions.values()) <= MIRROR_TOLERANCE

    def team_mirrored(self, roles) -> bool:
        return self.same_roles and all(
            self.spread(c for (_p, r), c in self.team.items() if r == role.id) <= MIRROR_TOLERANCE
            for role in roles
        )


def mirroring(role_play: RolePlay, party_ids: tuple[str, ...]) -> Mirroring:
    instructions = {
        p: instructions_words(role_play.instructions[p]) for p in role_play.instructions
    }
    team = {key: team_sheet_words(sheet) for key, sheet in role_play.team_sheets.items()}
    same_sections = set(role_play.instructions) == set(party_ids) and all(
        tuple(sections) == SECTIONS for sections in role_play.instructions.values()
    )
    roles = [r.id for r in role_play.team_roles]
    same_roles = all((p, r) in role_play.team_sheets for p in party_ids for r in roles)
    return Mirroring(instructions, team, same_sections, same_roles)


def word_report(scenario: Scenario) -> list[str]:
    """Lines for ``peacekit roles``: each sheet's words and whether the sides are mirrored."""
    role_play = role_play_of(scenario)
    if role_play is None or not role_play.instructions:
        return []
    m = mirroring(role_play, scenario.party_ids)
    lines = ["Words of prose (tables, checklists and answer lines not counted):"]
    for party, count in m.instructions.items():
        lines.append(f"  confidential-{party}: {count:,} words of instructions")
    verdict = "mirrored" if m.instructions_mirrored() else "NOT mirrored"
    lines.append(
        f"  confidential instructions {verdict}: the shortest is "
        f"{m.spread(m.instructions.values()):.1%} shorter than the longest (at most "
        f"{MIRROR_TOLERANCE:.0%}); "
        + ("the same seven sections on every side" if m.same_sections else "the sections differ")
    )
    for role in role_play.team_roles:
        counts = ", ".join(
            f"team-{p}-{role.id} {m.team[(p, role.id)]:,}"
            for p in scenario.party_ids
            if (p, role.id) in m.team
        )
        lines.append(f"  {counts}")
    if role_play.team_roles:
        verdict = "mirrored" if m.team_mirrored(role_play.team_roles) else "NOT mirrored"
        lines.append(
            f"  team sheets {verdict}: the same {len(role_play.team_roles)} roles on every side, "
            f"each within {MIRROR_TOLERANCE:.0%} of the same role on "
            + ("the other side" if len(scenario.parties) == 2 else "every other side")
            if m.same_roles
            else f"  team sheets {verdict}: the roles differ between the sides"
        )
    return lines


def packet_index(scenario: Scenario, files: Mapping[str, Handout], minutes: int) -> Handout:
    """The cover page: every file of the packet, whom it is for and what it holds."""
    rows = [
        (runs(Code(f"{stem}.html")), *(runs(t) for t in audience(scenario, stem)))
        for stem in files
        if stem != "index"
    ]
    rows.append(
        (
            runs(Code("results-template.csv")),
            runs("the instructor"),
            runs("type in the forms, then run peacekit debrief"),
        )
    )
    blocks: list = [
        Para(
            runs(
                "Each file is a print-ready page (A4 or Letter) that starts on a new sheet of "
                "paper. Print from a browser, or open the Markdown versions (same names, .md) to "
                f"paste into a learning platform. The negotiation lasts {minutes} minutes."
            )
        ),
        Table(("File", "For", "Contents"), tuple(rows)),
    ]
    if scenario.variant:
        blocks.append(
            Para(
                runs(
                    f"Classroom variant {scenario.variant}: the points, reservation values and "
                    "private numbers differ from the published scenario's. Debrief with the same "
                    "variant number."
                )
            )
        )
    report = word_report(scenario)
    if report:
        blocks += [Heading(2, "Equal depth for every delegation"), Para(runs(report[0]))]
        blocks.append(Table(("", ""), tuple((runs(line.strip()), ()) for line in report[1:])))
    blocks.append(Para(runs(ILLUSTRATIVE), "small"))
    return Handout(
        title=scenario.title,
        subtitle="Role-sheet packet: what to print and whom to give it to",
        blocks=tuple(blocks),
        running_head=f"Role-sheet packet · {scenario.title}{variant_head(scenario)}",
        footer="peacekit role sheets",
        kind="general",
        meta={"scenario": scenario.id, "sheet": "index", **variant_meta(scenario)},
    )


def audience(scenario: Scenario, stem: str) -> tuple[str, str]:
    """(whom a file of the packet is for, what it holds), for the cover page and the
    instructor edition."""
    role_play = role_play_of(scenario)
    fixed = {
        "index": ("the instructor", "the packet's cover page: what to print for whom"),
        "general-brief": (
            "every participant",
            "the shared situation, set before the outcome" if role_play else "the shared situation",
        ),
        "agreement-form": ("one per table", "to record the result"),
        "facilitator": (
            "the instructor only",
            "run sheets, answer key, what really happened, debrief questions"
            if role_play
            else "timing, answer key, debrief questions",
        ),
        "injects": ("the facilitator, to cut out", "event cards, one per page"),
        "mediator": ("one mediator per table, if used", "the role and a checklist"),
        "observer": ("one observer per table, if used", "the role and a checklist"),
    }
    if stem in fixed:
        return fixed[stem]
    for p in scenario.parties:
        if stem == f"confidential-{p.id}":
            return f"{p.name} only", (
                "confidential instructions, scoring table and worksheet"
                if role_play
                else "confidential instructions and worksheet"
            )
        for role in role_play.team_roles if role_play else ():
            if stem == f"team-{p.id}-{role.id}":
                return f"{role_line(role)}, {p.name}", "one page: job and private goal"
    raise KeyError(f"not a file of the packet: {stem}")
