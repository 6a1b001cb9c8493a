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

from dataclasses import dataclass
from pathlib import Path

from ..model.scenario import Scenario
from ..scenarios.problems import Problem
from .delegation_sheets import agreement_form, delegation_sheet, general_brief
from .facilitator_sheet import facilitator_sheet
from .handout import Code, Handout, Para, Table, plain_text, runs, to_html, to_markdown
from .results import results_template_csv
from .sheet_text import DEFAULT_MINUTES, ILLUSTRATIVE

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
                    party.brief_line or 1,
                    f"parties[{n}]: the sheet of '{party.id}' has {counts[party.id]} words, "
                    f"against {longest} for the longest; expected comparable depth for every "
                    "delegation (within 15%): lengthen its confidential_brief or interests",
                    warning=True,
                )
            )
    return problems


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
