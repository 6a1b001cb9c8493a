"""Exercise 1, the package deal: assemble a package and see who would reject it, and why.

A thin view over :mod:`peacekit.lenses.package_deal`: one dropdown per issue, whose
delegation's view to show, and how far each side trusts the other's promises.
Every number and sentence it shows comes from the model.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..charts.numbers import points_text, signed_points_text
from ..lenses.package_deal import (
    AnalysesByTrust,
    PackageAssessment,
    assess,
    check_trust,
    map_summary,
    own_reservation_text,
    package_map,
    standing,
    verdict_headline,
    verdict_reasons,
)
from ..model.scenario import Scenario
from ..scenarios.scenario_file import load_builtin
from .frame import (
    RESULT,
    Exercise,
    action_button,
    box,
    bullet_list,
    chart_panel,
    heading,
    summary_html,
)
from .guarded import (
    GuardedDropdown,
    ReservationControls,
    choose_package,
    chosen_package,
    issue_choices,
    labelled_slider,
    real_package_button,
)
from .results_export import ResultsExport

BOTH = "both"
PROBE_ISSUE = "release_by_az"


class PackageDealExercise(Exercise):
    """Build a package issue by issue; the verdict and the outcome map follow every change."""

    exercise_title = "Package deal exercise"

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        trust: float = 1.0,
        folder: str | Path | None = None,
    ):
        s = scenario or load_builtin("december-2023")
        self.scenario = s
        self.analyses = AnalysesByTrust(s)

        self.viewpoint = GuardedDropdown(
            options=[("Both delegations (debrief view)", BOTH)]
            + [(f"{p.label}: {p.name}", p.id) for p in s.parties],
            value=BOTH,
            description="Show the view of",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="28em"),
            on_refused=self.refuse,
        )
        trust_row, self.trust, self.trust_slider = labelled_slider(
            "Trust in the other side's promises (both delegations)",
            value=check_trust(trust),
            low=0.0,
            high=1.0,
            step=0.05,
            check=check_trust,
            on_refused=self.refuse,
        )
        self.reservations = ReservationControls(
            s, on_refused=self.refuse, on_change=self._changed, guard=self.guard
        )
        self.choices = issue_choices(
            s, on_refused=self.refuse, probe=PROBE_ISSUE, flex="1 1 30em", max_width="44em"
        )
        self.points: dict[str, widgets.HTML] = {}
        rows = []
        for issue_id, dropdown in self.choices.items():
            self.points[issue_id] = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
            rows.append(
                widgets.HBox(
                    [dropdown, self.points[issue_id]],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                )
            )
        self.reference_button = real_package_button(s, self.guard(self.load_reference))
        self.reset_button = action_button(
            "Start again: nothing agreed",
            "Set every issue to its first option",
            self.guard(self.reset),
        )

        self.results = ResultsExport(
            s,
            folder=Path(folder) if folder is not None else Path.cwd(),
            on_refused=self.refuse,
            button="Export this package as our agreement",
            no_deal_button=True,
        )
        self.results.button.on_click(self.guard(lambda _: self.export_result(agreed=True)))
        self.results.no_deal.on_click(self.guard(lambda _: self.export_result(agreed=False)))
        self.brief = widgets.HTML()
        self.result = widgets.HTML()
        self.result.add_class(RESULT)
        self.chart, self.chart_summary, panel = chart_panel()

        super().__init__(
            note=s.illustrative_note,
            children=[
                heading("Whose view"),
                self.viewpoint,
                self.brief,
                heading("Trust"),
                trust_row,
                heading("Reservation values"),
                self.reservations,
                heading("The package"),
                *rows,
                widgets.HBox([self.reference_button, self.reset_button]),
                heading("Verdict"),
                self.result,
                heading("Every possible package"),
                panel,
                heading("In class: record your pair's result"),
                widgets.HTML(
                    "<p style='margin:2px 0'>If you negotiated this package face to face, "
                    "record it here for your instructor's debrief.</p>"
                ),
                self.results,
            ],
        )
        for dropdown in self.choices.values():
            dropdown.observe(self.guard(self._changed), names="value")
        self.trust.observe(self.guard(self._changed), names="value")
        self.viewpoint.observe(self.guard(self._changed), names="value")
        self.update()

    # -- actions -----------------------------------------------------------------------
    @property
    def outcome(self) -> tuple[str, ...]:
        return chosen_package(self.choices)

    def set_package(self, outcome: tuple[str, ...]) -> None:
        """Set every issue at once, with a single update."""
        with self.batched():
            choose_package(self.choices, outcome)
        self._changed()

    def load_reference(self) -> None:
        if self.scenario.reference is not None:
            self.set_package(self.scenario.reference.outcome)

    def reset(self) -> None:
        self.set_package(tuple(i.options[0].id for i in self.scenario.issues))

    def export_result(self, *, agreed: bool) -> Path | None:
        """Export the current package (or no deal) as this pair's results file."""
        self.clear_message()
        path = self.results.export(self.outcome if agreed else None)
        if agreed and self.results.record is not None:
            rejecters = self.assessment().rejecters
            if rejecters:
                self.inform(
                    "Exported. Note that in the model "
                    + " and ".join(p.label for p in rejecters)
                    + " would reject this package: say why you agreed in the notes."
                )
        return path

    def analysis(self):
        """The model at the trust and the reservation values the controls show."""
        return self.analyses.at(self.trust.value, self.reservations.values)

    def assessment(self) -> PackageAssessment:
        return assess(self.analysis(), self.outcome)

    # -- view --------------------------------------------------------------------------
    def _changed(self, change=None) -> None:
        if self._batch:
            return
        self.clear_message()
        self.update()

    def update(self) -> None:
        s = self.scenario
        trust = self.trust.value
        analysis = self.analysis()
        a = assess(analysis, self.outcome)
        view = self.viewpoint.value
        shown = s.party_ids if view == BOTH else (view,)
        for k, issue in enumerate(s.issues):
            parts = []
            for pid in shown:
                e = a.party(pid).effects[k]
                text = f"{s.party(pid).label} {signed_points_text(e.points)}"
                if e.discount:
                    text += (
                        f" (counted {signed_points_text(e.counted)} at trust {points_text(trust)})"
                    )
                parts.append(text)
            self.points[issue.id].value = (
                '<span style="font-size:0.95em">' + escape(" · ".join(parts)) + "</span>"
            )
        self.brief.value = self._brief_html(view)
        kind = "good" if not a.rejecters else "bad"
        self.result.value = box(
            f"<p><strong>{escape(verdict_headline(a))}</strong></p>"
            + bullet_list(verdict_reasons(a))
            + f"<p>{escape(standing(a, analysis))}</p>",
            kind,
        )
        self.chart.value = package_map(analysis, a, trust)
        self.chart_summary.value = summary_html(
            "What the chart shows", map_summary(analysis, a, trust)
        )

    def _brief_html(self, view: str) -> str:
        s = self.scenario
        if view == BOTH:
            return box(
                f"<p>{escape(s.summary)}</p><p>Choose a delegation above to read its brief "
                "and see the points from its side only.</p>"
            )
        p = s.party(view)
        return box(
            f"<details><summary><strong>Brief: {escape(p.name)}</strong> "
            "(select to open)</summary>"
            f"<p>{escape(p.public_brief)}</p>"
            f"<p><em>Confidential:</em> {escape(p.confidential_brief)}</p>"
            f"<p><em>If there is no deal:</em> {escape(p.reservation_description)}</p>"
            + _paragraph(own_reservation_text(p, self.reservations.values[p.id]))
            + "<p><em>Interests:</em></p>"
            + bullet_list(p.interests)
            + "</details>"
        )


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>" if text else ""
