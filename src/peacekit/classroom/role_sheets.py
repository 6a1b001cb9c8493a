"""Role sheets for a face-to-face mock negotiation, for any scenario file.

A classroom negotiation needs paper: a general brief that everyone reads, one
confidential sheet per delegation (its situation, interests, scoring table,
reservation value and a preparation worksheet), an agreement form per pair, and
a facilitator sheet with the timing, what to watch for, the answer key and the
debrief questions.

This module assembles the packet (the sheets themselves are built in
:mod:`peacekit.classroom.delegation_sheets` and :mod:`peacekit.classroom.facilitator_sheet`) and
writes it as print-ready HTML and Markdown. Two rules shape the packet: a
delegation's sheet carries only its own confidential material, and the
delegations' sheets mirror each other. :func:`balance_warnings` flags a
scenario whose own texts make the sheets lopsided.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model.role_play import MINUTES_RANGE, role_play_of
from ..model.scenario import Scenario
from ..scenarios.problems import Problem
from ..scenarios.safe_files import changed_files, write_folder
from .delegation_sheets import agreement_form, delegation_sheet, general_brief
from .facilitator_guide import facilitator_guide
from .facilitator_sheet import facilitator_sheet
from .handout import PAPERS, Handout, plain_text, to_html, to_markdown
from .packet_index import packet_index
from .results import results_template_csv
from .role_play_sheets import inject_cards, team_sheet, third_role_sheet
from .sheet_text import DEFAULT_MINUTES

#: Sheets whose word counts differ by more than this share are flagged as lopsided.
MIRROR_TOLERANCE = 0.15


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
    team: dict[str, Handout] = field(default_factory=dict)
    """With a role play: ``team-<party>-<role>`` -> that member's sheet."""
    third_roles: dict[str, Handout] = field(default_factory=dict)
    """With a role play: ``mediator`` and/or ``observer`` -> its sheet."""
    injects: Handout | None = None
    """With a role play that has event cards: the cards, one per page."""
    paper: str = "a4"

    def files(self) -> dict[str, Handout]:
        """File stem -> handout, in the order an instructor would print them."""
        return {"index": self.packet, **self.sheets()}

    def sheets(self) -> dict[str, Handout]:
        """Every file but the cover page, in print order."""
        out = {"general-brief": self.general}
        out.update({f"confidential-{p}": h for p, h in self.delegations.items()})
        out.update(self.team)
        out.update(self.third_roles)
        if self.injects is not None:
            out["injects"] = self.injects
        out["agreement-form"] = self.agreement_form
        out["facilitator"] = self.facilitator
        return out


def role_sheets(scenario: Scenario, *, minutes: int | None = None, paper: str = "a4") -> RoleSheets:
    """Every handout for one classroom session.

    ``minutes`` is the negotiation time (15-90; by default the role play's, else 30).
    ``scenario`` may be a classroom variant (:func:`peacekit.model.variants.derive_variant`):
    every sheet then shows the variant's numbers and says which variant it is.
    """
    role_play = role_play_of(scenario)
    if minutes is None:
        minutes = role_play.minutes if role_play else DEFAULT_MINUTES
    low, high = MINUTES_RANGE
    if not low <= minutes <= high:
        raise ValueError(f"negotiation time {minutes} minutes; expected {low} to {high} minutes")
    if paper not in PAPERS:
        raise ValueError(f"paper '{paper}'; expected one of: " + ", ".join(PAPERS))
    team: dict[str, Handout] = {}
    third: dict[str, Handout] = {}
    injects = None
    if role_play is not None:
        facilitator = facilitator_guide(scenario, role_play, minutes)
        for party in scenario.parties:
            for role in role_play.team_roles:
                if (party.id, role.id) in role_play.team_sheets:
                    team[f"team-{party.id}-{role.id}"] = team_sheet(
                        scenario, role_play, party, role, minutes
                    )
        third = {
            kind: third_role_sheet(scenario, role_play, role, minutes)
            for kind, role in role_play.third_roles.items()
        }
        if role_play.injects:
            injects = inject_cards(scenario, role_play, minutes)
    else:
        facilitator = facilitator_sheet(scenario, minutes)
    sheets = RoleSheets(
        scenario=scenario,
        general=general_brief(scenario, minutes),
        delegations={p.id: delegation_sheet(scenario, p, minutes) for p in scenario.parties},
        agreement_form=agreement_form(scenario),
        facilitator=facilitator,
        packet=Handout("", "", ()),
        minutes=minutes,
        team=team,
        third_roles=third,
        injects=injects,
        paper=paper,
    )
    return replace(sheets, packet=packet_index(scenario, sheets.sheets(), minutes))


# -- checks and output ---------------------------------------------------------------------


def word_count(handout: Handout) -> int:
    return len(plain_text(handout).split())


def balance_warnings(sheets: RoleSheets, label: str) -> list[Problem]:
    """Warn when one delegation's sheet is much shorter than another's (unequal depth).

    A role play's instructions are checked, section by section, when its file is read
    (:mod:`peacekit.scenarios.role_play_file`); this check is for the simpler sheets."""
    role_play = role_play_of(sheets.scenario)
    if role_play is not None and role_play.instructions:
        return []
    counts = {p: word_count(h) for p, h in sheets.delegations.items()}
    longest = max(counts.values())
    problems = []
    for n, party in enumerate(sheets.scenario.parties):
        if counts[party.id] < (1 - MIRROR_TOLERANCE) * longest:
            problems.append(
                Problem(
                    label,
                    party.brief_line or 1,
                    f"parties[{n}]: the sheet of '{party.id}' has {counts[party.id]} words, "
                    f"against {longest} for the longest; expected comparable depth for every "
                    "delegation (within 15%): lengthen its confidential_brief or interests",
                    warning=True,
                )
            )
    return problems


def write_role_sheets(
    sheets: RoleSheets, out_dir: str | Path, *, template_rows: int = 12, force: bool = False
):
    """Write every handout as HTML and Markdown, and the results template.

    Returns (paths written, notes). A file of the folder that would change is replaced
    only with ``force`` (otherwise :class:`~peacekit.scenarios.safe_files.WouldReplace`
    lists them and nothing is written); the files are written into a temporary folder
    first and moved into place together (:func:`~peacekit.scenarios.safe_files.write_folder`).
    An edited ``results-template.csv`` is never replaced, even with ``force``: it may
    already hold a class's results.
    """
    out = Path(out_dir)
    files: dict[str, bytes] = {}
    for stem, handout in sheets.files().items():
        files[f"{stem}.html"] = to_html(handout, paper=sheets.paper).encode("utf-8")
        files[f"{stem}.md"] = to_markdown(handout).encode("utf-8")
    notes: list[str] = []
    template = results_template_csv(sheets.scenario, rows=template_rows).encode("utf-8")
    if changed_files(out, {"results-template.csv": template}):
        notes.append(
            f"{out / 'results-template.csv'}: kept the existing file, which differs from a "
            "blank template (it may hold results); delete it to get a fresh one"
        )
    else:
        files["results-template.csv"] = template
    return write_folder(out, files, force=force), notes
