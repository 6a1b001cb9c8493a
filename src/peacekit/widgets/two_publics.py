"""Exercise 5, two publics: propose a package, see whether both publics would ratify it.

A thin view over :mod:`peacekit.model.two_level`, :mod:`peacekit.model.societal_engagement`,
:mod:`peacekit.model.stakeholders` (the model), :mod:`peacekit.charts.over_rounds` (the
book's chart of the publics) and :mod:`peacekit.lenses.two_publics` (the sentences).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..charts.numbers import points_text
from ..charts.over_rounds import public_chart, public_summary
from ..lenses.package_deal import ReservationVariants
from ..lenses.two_publics import (
    COURSE_NUMBERS,
    MAX_ROUNDS,
    OWN_NUMBERS,
    after_engagement,
    budget_line,
    check_rounds,
    headline,
    public_names,
    verdict_lines,
    win_set_line,
)
from ..model.scenario import Scenario
from ..model.stakeholders import LEVELS, stakeholders_of
from ..model.two_level import two_level
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
    text_table,
)
from .guarded import (
    GuardedBoundedFloatText,
    GuardedBoundedIntText,
    ReservationControls,
    choose_package,
    chosen_package,
    in_range,
    issue_choices,
    labelled_slider,
    real_package_button,
)

PROBE_ISSUE = "release_by_az"


class TwoPublicsExercise(Exercise):
    """A package, two publics and an engagement plan; verdicts follow every change."""

    exercise_title = "Two-publics exercise"

    def __init__(self, scenario: Scenario | None = None):
        s = scenario or load_builtin("december-2023")
        self.scenario = s
        self.variants = ReservationVariants(s)
        self.model = two_level(s)
        self.stakeholders = stakeholders_of(s)
        self.names = public_names(s)

        # -- the package -------------------------------------------------------------------
        self.choices = issue_choices(
            s, on_refused=self.refuse, probe=PROBE_ISSUE, width="100%", max_width="46em"
        )
        self.reference_button = real_package_button(s, self.guard(self.load_reference))
        self.reservations = ReservationControls(
            s, on_refused=self.refuse, on_change=self._changed, guard=self.guard
        )

        # -- engagement --------------------------------------------------------------------
        self.rounds = GuardedBoundedIntText(
            value=0,
            min=0,
            max=MAX_ROUNDS,
            description="Rounds of engagement so far",
            check=check_rounds,
            on_refused=self.refuse,
            style={"description_width": "16em"},
            layout=widgets.Layout(width="24em"),
        )
        self.steps = widgets.Checkbox(
            value=True,
            description="Both delegations keep one small verifiable step a round",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        budget = self.stakeholders.rules.budget
        self.units: dict[str, GuardedBoundedFloatText] = {}
        group_rows = []
        for level, groups in self.stakeholders.by_level().items():
            if not groups:
                continue
            group_rows.append(widgets.HTML(f"<p style='margin:6px 0 2px 0'>{LEVELS[level]}</p>"))
            for g in groups:
                box_ = GuardedBoundedFloatText(
                    value=0.0,
                    min=0.0,
                    max=budget,
                    step=0.5,
                    description=g.label,
                    check=lambda v, gid=g.id: self._check_units(gid, v),
                    on_refused=self.refuse,
                    style={"description_width": "24em"},
                    layout=widgets.Layout(width="32em", max_width="100%"),
                )
                self.units[g.id] = box_
                group_rows.append(box_)
        emphasis_row, self.emphasis, _ = labelled_slider(
            "Planner: understanding (0) or trust (1) first",
            value=0.5,
            low=0.0,
            high=1.0,
            step=0.05,  # core sliders misplace the handle for step 0.1 (a JS rounding bug)
            check=in_range(0, 1, "the planner's emphasis"),
            on_refused=self.refuse,
        )
        self.plan_button = action_button(
            "Fill in the planner's plan",
            "Spend the whole budget where it adds most, given the emphasis",
            self.guard(self.use_planner),
        )
        self.clear_button = action_button(
            "No engagement",
            "Set every group's budget to 0",
            self.guard(lambda: self.set_plan({})),
        )
        self.budget = widgets.HTML()

        # -- results -------------------------------------------------------------------------
        self.result = widgets.HTML()
        self.result.add_class(RESULT)
        self.win_sets = widgets.HTML()
        self.chart, self.chart_text, self.chart_box = chart_panel(wide=True)
        self.chart_note = widgets.HTML()
        self.groups_table = widgets.HTML(self._groups_html())

        super().__init__(
            note=s.illustrative_note
            + " How each public reacts, and what engagement achieves, are teaching devices "
            "too; the book's model page gives every number with its reason.",
            children=[
                heading("The package"),
                *self.choices.values(),
                widgets.HBox([self.reference_button]),
                heading("Would it be signed and ratified?"),
                self.result,
                self.win_sets,
                heading("Reservation values: what no deal is worth to each side"),
                self.reservations,
                heading("Societal engagement (the same plan on both sides)"),
                self.rounds,
                self.steps,
                *group_rows,
                self.budget,
                emphasis_row,
                widgets.HBox(
                    [self.plan_button, self.clear_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                heading("The publics round by round"),
                self.chart_note,
                self.chart_box,
                self.groups_table,
            ],
        )
        controls = [*self.choices.values(), self.rounds, self.steps, *self.units.values()]
        for w in controls:
            w.observe(self.guard(self._changed), names="value")
        if s.reference is not None:
            self.load_reference()
        else:
            self.update()

    # -- state ---------------------------------------------------------------------------------
    @property
    def outcome(self) -> tuple[str, ...]:
        return chosen_package(self.choices)

    @property
    def plan(self) -> dict[str, float]:
        return {gid: float(b.value) for gid, b in self.units.items() if b.value > 0}

    def _check_units(self, group_id: str, value) -> float:
        proposed = {gid: float(b.value) for gid, b in self.units.items()}
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"the budget for a group must be a number, got {value!r}")
        proposed[group_id] = float(value)
        self.stakeholders.check_allocation(proposed)
        return value

    # -- actions -----------------------------------------------------------------------------
    def load_reference(self) -> None:
        ref = self.scenario.reference
        if ref is None:
            return
        with self.batched():
            choose_package(self.choices, ref.outcome)
        self._changed()

    def set_plan(self, allocation: dict[str, float]) -> None:
        """Replace the whole plan (zeros first, so no step of the change exceeds the budget)."""
        self.stakeholders.check_allocation(allocation)
        with self.batched():
            for b in self.units.values():
                b.value = 0.0
            for gid, units in allocation.items():
                self.units[gid].value = units
        self._changed()

    def use_planner(self) -> None:
        self.set_plan(self.stakeholders.plan(emphasis=self.emphasis.value))

    def _changed(self, change=None) -> None:
        if self._batch:
            return
        self.clear_message()
        self.update()

    # -- view ------------------------------------------------------------------------------------
    def update(self) -> None:
        s = self.variants.of(self.reservations.values)
        self.model = two_level(s)
        moment = after_engagement(s, self.plan, self.rounds.value, steps=self.steps.value)
        r = self.model.ratification(self.outcome, moment.states, moment.credibility)
        numbers = OWN_NUMBERS if self.reservations.changed else COURSE_NUMBERS
        kind = "good" if r.ratified else "bad"
        when = (
            "before any engagement"
            if moment.rounds == 0
            else f"after {moment.rounds} round{'s' if moment.rounds != 1 else ''}"
        )
        self.result.value = box(
            f"<p><strong>{escape(headline(r, s, numbers=numbers))}</strong> ({escape(when)})</p>"
            + bullet_list(verdict_lines(r, s, self.model, moment.credibility)),
            kind,
        )
        self.win_sets.value = (
            f"<p>{escape(win_set_line(self.model, s, moment.states, moment.credibility))}</p>"
        )
        self.budget.value = f"<p>{escape(budget_line(s, self.plan))}</p>"
        if moment.run is None:
            self.chart_box.layout.display = "none"
            self.chart.value = self.chart_text.value = ""
            self.chart_note.value = (
                "<p>Set the rounds of engagement above 0 to see the publics change round by "
                "round.</p>"
            )
        else:
            self.chart_note.value = ""
            summary = public_summary(moment.run, self.names)
            self.chart.value = public_chart(moment.run, self.names)
            self.chart_text.value = summary_html("What the chart shows", summary)
            self.chart_box.layout.display = "flex"

    def _groups_html(self) -> str:
        table = text_table(
            ("Group", "Level (Lederach)", "Reach: trust", "Reach: understanding", "Why"),
            (
                (
                    g.label,
                    LEVELS[g.level],
                    points_text(g.trust_reach),
                    points_text(g.understanding_reach),
                    g.reason,
                )
                for g in self.stakeholders.groups
            ),
        )
        return (
            "<details><summary>The groups, their levels and their reach (select to open)"
            f"</summary>{table}</details>"
        )
