"""Exercise 4, small steps or a silver bullet: run the seeded trust simulation.

A thin view over :mod:`peacekit.model.trust_ladder` (the model), :mod:`peacekit.charts.over_rounds`
(the charts the book's model page shows) and :mod:`peacekit.lenses.small_steps` (the
words around them). One run updates with every change; the comparison over
many seeds updates when the student asks for it.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..charts.over_rounds import (
    opening_chart,
    opening_summary,
    trust_chart,
    trust_summary,
    zone_chart,
    zone_summary,
)
from ..lenses.package_deal import ReservationVariants
from ..lenses.small_steps import (
    COMPARISON_SEEDS,
    MAX_SEED,
    Comparisons,
    check_seed,
    check_strategy,
    headline,
    names,
    round_rows,
)
from ..model.credibility import Credibility
from ..model.scenario import Scenario
from ..model.trust_ladder import TrustRun, simulate, zone_index
from ..model.trust_strategies import strategies
from ..scenarios.scenario_file import load_builtin
from .frame import (
    PROBE,
    RESULT,
    Exercise,
    action_button,
    box,
    chart_panel,
    heading,
    summary_html,
    text_table,
)
from .guarded import GuardedBoundedIntText, GuardedDropdown, ReservationControls

NO_GUARANTOR = ""


class SmallStepsExercise(Exercise):
    """Choose a strategy for each side and a seed; watch trust and the agreement zone."""

    exercise_title = "Small-steps exercise"

    def __init__(self, scenario: Scenario | None = None, *, seed: int = 0):
        s = scenario or load_builtin("comprehensive-treaty")
        self.scenario = s
        self.names = names(s)
        self.variants = ReservationVariants(s)
        self._comparisons: dict[int, Comparisons] = {}
        table = strategies()

        self.strategy: dict[str, GuardedDropdown] = {}
        self.strategy_help: dict[str, widgets.HTML] = {}
        rows = []
        for party, default in zip(s.parties, ("grit", "silver_bullet"), strict=False):
            dropdown = GuardedDropdown(
                options=[(st.label, st.id) for st in table.values()],
                value=default,
                description=f"{party.label}'s strategy",
                check=check_strategy,
                on_refused=self.refuse,
                style={"description_width": "12em"},
                layout=widgets.Layout(width="30em", max_width="100%"),
            )
            self.strategy[party.id] = dropdown
            self.strategy_help[party.id] = widgets.HTML()
            rows += [dropdown, self.strategy_help[party.id]]
        self.strategy[s.party_ids[0]].add_class(PROBE)
        self.seed = GuardedBoundedIntText(
            value=check_seed(seed),
            min=0,
            max=MAX_SEED,
            description="Seed (which luck)",
            check=check_seed,
            on_refused=self.refuse,
            style={"description_width": "12em"},
            layout=widgets.Layout(width="22em"),
        )
        self.next_seed = action_button(
            "Next seed", "Run the same strategies with different luck", self.guard(self._next_seed)
        )
        self.guarantor = GuardedDropdown(
            options=[("No guarantor", NO_GUARANTOR)]
            + [(self._guarantor_label(t), t.id) for t in s.third_parties],
            value=NO_GUARANTOR,
            description="Guarantor",
            on_refused=self.refuse,
            style={"description_width": "12em"},
            layout=widgets.Layout(width="30em", max_width="100%"),
        )
        self.reservations = ReservationControls(
            s, on_refused=self.refuse, on_change=self._changed, guard=self.guard
        )
        self.result = widgets.HTML()
        self.result.add_class(RESULT)
        self.trust_chart, self.trust_text, trust_panel = chart_panel(wide=True)
        self.zone_chart, self.zone_text, zone_panel = chart_panel(wide=True)
        self.table = widgets.HTML()
        self.compare_button = action_button(
            f"Compare over {COMPARISON_SEEDS} seeds",
            "Run the chosen strategies and the reference pairs with the same seeds",
            self.guard(self.compare),
        )
        self.compare_note = widgets.HTML()
        self.compare_chart, self.compare_text, compare_panel = chart_panel(wide=True)

        super().__init__(
            note=s.illustrative_note
            + " The trust rules (how much a kept or broken step moves trust) are teaching "
            "devices too; the book's model page gives each one with its reason.",
            children=[
                heading("Strategies"),
                *rows,
                heading("Luck and guarantees"),
                widgets.HBox(
                    [self.seed, self.next_seed],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.guarantor,
                heading("Reservation values: what no treaty is worth to each side"),
                self.reservations,
                heading("This run"),
                self.result,
                trust_panel,
                zone_panel,
                self.table,
                heading("Over many seeds"),
                widgets.HBox([self.compare_button]),
                self.compare_note,
                compare_panel,
            ],
        )
        for w in (*self.strategy.values(), self.seed, self.guarantor):
            w.observe(self.guard(self._changed), names="value")
        self.update()
        self.compare()

    # -- state -------------------------------------------------------------------------------
    @property
    def pair(self) -> tuple[str, str]:
        a, b = self.scenario.party_ids
        return (self.strategy[a].value, self.strategy[b].value)

    @property
    def guarantor_id(self) -> str | None:
        return self.guarantor.value or None

    @property
    def treaty(self) -> Scenario:
        """The scenario with the reservation values the controls show."""
        return self.variants.of(self.reservations.values)

    @property
    def opening(self) -> float | None:
        """The trust, the same for both sides, at which the treaty's agreement zone opens."""
        return zone_index(self.treaty).opening_credibility()

    @property
    def comparisons(self) -> Comparisons:
        treaty = self.treaty
        if id(treaty) not in self._comparisons:
            self._comparisons[id(treaty)] = Comparisons(treaty)
        return self._comparisons[id(treaty)]

    def run(self) -> TrustRun:
        return simulate(self.treaty, self.pair, seed=self.seed.value, guarantor=self.guarantor_id)

    def _guarantor_label(self, third_party) -> str:
        active = Credibility(guarantor=third_party).guarantor_active(self.scenario.party_ids)
        if active:
            return f"{third_party.name} (accepted by both; capacity {third_party.capacity:g})"
        vetoes = " and ".join(self.names[p] for p in third_party.vetoed_by(self.scenario.party_ids))
        return f"{third_party.name} (vetoed by {vetoes}: no effect)"

    # -- actions ---------------------------------------------------------------------------
    def _next_seed(self) -> None:
        self.seed.value = (self.seed.value + 1) % (MAX_SEED + 1)

    def _changed(self, change=None) -> None:
        if self._batch:
            return
        self.clear_message()
        self.update()
        self.compare_note.value = box(
            "The comparison below is for your previous choice. Press “Compare over "
            f"{COMPARISON_SEEDS} seeds” to update it.",
            "note",
        )

    def update(self) -> None:
        s = self.treaty
        for pid, dropdown in self.strategy.items():
            st = strategies()[dropdown.value]
            self.strategy_help[pid].value = (
                f"<p style='margin:0 0 6px 0'><em>{escape(st.label)}:</em> "
                f"{escape(st.description)}</p>"
            )
        run = self.run()
        self.result.value = box(escape(headline(run, s)), "info")
        summary = trust_summary(run, self.opening, self.names)
        self.trust_chart.value = trust_chart(run, self.opening, names=self.names)
        self.trust_text.value = summary_html("What the chart shows", summary)
        zones = zone_summary(run, s)
        self.zone_chart.value = zone_chart(run, s)
        self.zone_text.value = summary_html("What the chart shows", zones)
        a, b = run.party_ids
        table = text_table(
            (
                "Round",
                f"{self.names[a]}'s move",
                f"{self.names[b]}'s move",
                "Spoiler",
                f"{self.names[a]}'s trust",
                f"{self.names[b]}'s trust",
                "Packages in zone",
            ),
            (
                (
                    r.round,
                    r.moves[0],
                    r.moves[1],
                    "yes" if r.spoiler else "",
                    f"{r.trust[0]:.2f}",
                    f"{r.trust[1]:.2f}",
                    r.zone_size,
                )
                for r in round_rows(run)
            ),
        )
        self.table.value = (
            f"<details><summary>Round by round (select to open)</summary>{table}</details>"
        )

    def compare(self) -> None:
        summaries = self.comparisons.with_references(self.pair, self.guarantor_id)
        text = opening_summary(summaries, self.names)
        self.compare_chart.value = opening_chart(summaries, names=self.names)
        self.compare_text.value = summary_html("What the chart shows", text)
        self.compare_note.value = (
            f"<p>The same {COMPARISON_SEEDS} seeds, so the same luck, for every pair: the "
            "differences are the strategies' doing.</p>"
        )
