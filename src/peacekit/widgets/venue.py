"""Exercise 3, choosing a venue: weight the criteria, watch the ranking and the vetoes.

A thin view over :mod:`peacekit.model.venue_choice` and :mod:`peacekit.lenses.venue`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..charts.numbers import points_text
from ..lenses.venue import (
    MAX_WEIGHT,
    check_weight,
    no_single_winner,
    presets,
    ranking,
    ranking_summary,
    venue_chart,
    vetoes_text,
)
from ..model.scenario import ACCEPTANCE_THRESHOLD, Scenario
from ..model.venue_choice import VenueScore, criteria
from ..scenarios.scenario_file import load_builtin
from .frame import PROBE, RESULT, Exercise, box, chart_panel, heading, summary_html, text_table
from .guarded import GuardedDropdown, labelled_slider


class VenueExercise(Exercise):
    """Rank mediators and hosts by weighted criteria; vetoes stand whatever the weights."""

    exercise_title = "Choosing-a-venue exercise"

    def __init__(self, scenario: Scenario | None = None, *, preset: str = "equal"):
        s = scenario or load_builtin("choosing-a-venue")
        self.scenario = s
        self.presets = presets(s)

        self.preset = GuardedDropdown(
            options=[(label, key) for key, (label, _) in self.presets.items()],
            value=preset,
            description="Start from",
            on_refused=self.refuse,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="30em", max_width="100%"),
        )
        self.preset.add_class(PROBE)
        self.weights: dict[str, widgets.Widget] = {}
        rows = []
        for criterion, label in criteria(s):
            row, number, _slider = labelled_slider(
                f"Weight of “{label}”",
                value=5,
                low=0,
                high=MAX_WEIGHT,
                step=1,
                check=check_weight,
                on_refused=self.refuse,
                integer=True,
                label_width="16em",
            )
            number.observe(self.guard(self._changed), names="value")
            self.weights[criterion] = number
            rows.append(row)
        self.result = widgets.HTML()
        self.result.add_class(RESULT)
        self.table = widgets.HTML()
        self.chart, self.chart_summary, panel = chart_panel()
        self.no_winner = widgets.HTML(box(escape(no_single_winner(s)), "info"))

        super().__init__(
            note=s.illustrative_note,
            children=[
                heading("Weights"),
                self.preset,
                widgets.HTML(
                    "<p style='margin:2px 0'>A starting point sets the three weights below "
                    f"(0 = ignore, {MAX_WEIGHT} = matters most); then adjust them.</p>"
                ),
                *rows,
                heading("Ranking"),
                self.result,
                panel,
                self.table,
                heading("Does any venue always win?"),
                self.no_winner,
            ],
        )
        self.preset.observe(self.guard(lambda _: self.apply_preset()), names="value")
        self.apply_preset()

    @property
    def weighting(self) -> dict[str, float]:
        return {c: float(w.value) for c, w in self.weights.items()}

    def apply_preset(self) -> None:
        _, weights = self.presets[self.preset.value]
        with self.batched():
            for criterion, value in weights.items():
                self.weights[criterion].value = int(value)
        self._changed()

    def _changed(self, change=None) -> None:
        if self._batch:
            return
        try:
            ranked = ranking(self.scenario, self.weighting)
        except ValueError as exc:
            self.refuse(str(exc))
            self.result.value = box(escape(f"No ranking: {exc}."), "bad")
            self.chart.value = self.chart_summary.value = self.table.value = ""
            return
        self.clear_message()
        self.update(ranked)

    def update(self, ranked: list[VenueScore]) -> None:
        s = self.scenario
        weights = self.weighting
        summary = ranking_summary(s, weights, ranked)
        self.result.value = box(escape(summary), "info")
        self.chart.value = venue_chart(s, weights, ranked)
        self.chart_summary.value = summary_html("What the chart shows", summary)
        table = text_table(
            ["Rank", "Venue", "Score", *[label for _, label in criteria(s)], "Veto"],
            (
                [
                    str(rank),
                    v.venue.name,
                    points_text(v.score),
                    *[points_text(v.venue.acceptance[p.id]) for p in s.parties],
                    points_text(v.venue.capacity),
                    vetoes_text(s, v),
                ]
                for rank, v in enumerate(ranked, start=1)
            ),
            caption="Every venue, highest score first (acceptance and capacity on a 0–1 scale; "
            f"a side vetoes a venue it accepts less than {points_text(ACCEPTANCE_THRESHOLD)})",
            style="border-collapse:collapse;margin:6px 0",
        )
        notes = "".join(
            f"<li><strong>{escape(v.venue.name)}:</strong> {escape(v.venue.note)}</li>"
            for v in ranked
            if v.venue.note
        )
        self.table.value = (
            f"{table}<details><summary>Why each venue has these values</summary><ul>{notes}</ul>"
            "</details>"
        )
