"""Exercise 2, negotiate against a counterpart: set up, play, debrief, export.

A thin view over :class:`peacekit.model.bargaining.Negotiation` and the sentences
of :mod:`peacekit.lenses.negotiation`. While the negotiation runs, the
student sees only their own side's points, as a real delegation would; the
debrief then shows both sides, the Pareto frontier and the Nash point.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..charts.numbers import points_text
from ..lenses.negotiation import debrief_lines, map_summary, move_text, negotiation_map, status_text
from ..lenses.package_deal import ReservationVariants, own_reservation_text
from ..model.bargaining import MAX_DEADLINE, OPEN, Negotiation
from ..model.counterparts import tactics
from ..model.scenario import Scenario
from ..scenarios.safe_files import write_text_atomic
from ..scenarios.scenario_file import load_builtin
from .frame import (
    PROBE,
    RESULT,
    Exercise,
    action_button,
    box,
    bullet_list,
    chart_panel,
    download_link,
    heading,
    summary_html,
)
from .guarded import (
    GuardedBoundedIntText,
    GuardedDropdown,
    ReservationControls,
    choose_package,
    chosen_package,
    in_range,
    issue_choices,
)
from .results_export import ResultsExport

TRANSCRIPT_STEM = "negotiation-transcript"


class NegotiationExercise(Exercise):
    """Play one delegation against a computer counterpart with a chosen tactic."""

    exercise_title = "Negotiation exercise"

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        folder: str | Path | None = None,
        seed: int = 0,
    ):
        s = scenario or load_builtin("december-2023")
        self.scenario = s
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.seed = seed
        self.negotiation: Negotiation | None = None
        table = tactics()

        # -- set-up --------------------------------------------------------------------
        self.side = GuardedDropdown(
            options=[(f"{p.label}: {p.name}", p.id) for p in s.parties],
            value=s.party_ids[0],
            description="You play",
            on_refused=self.refuse,
            style={"description_width": "12em"},
            layout=widgets.Layout(width="34em", max_width="100%"),
        )
        self.tactic = GuardedDropdown(
            options=[(c.label, c.id) for c in table.values()],
            value="linear",
            description="Counterpart's tactic",
            on_refused=self.refuse,
            style={"description_width": "12em"},
            layout=widgets.Layout(width="34em", max_width="100%"),
        )
        self.tactic_help = widgets.HTML()
        self.deadline = GuardedBoundedIntText(
            value=8,
            min=1,
            max=MAX_DEADLINE,
            description="Deadline (rounds)",
            check=in_range(1, MAX_DEADLINE, "the deadline", whole=True),
            on_refused=self.refuse,
            style={"description_width": "12em"},
            layout=widgets.Layout(width="20em"),
        )
        self.variants = ReservationVariants(s)
        self.reservations = ReservationControls(
            s, on_refused=self.refuse, on_change=self._reservations_changed, guard=self.guard
        )
        self.start_button = action_button(
            "Start a new negotiation",
            "Start again with the side, tactic, deadline and reservation values above",
            self.guard(self.start),
        )
        self.tactic.observe(self.guard(lambda _: self._show_tactic()), names="value")

        # -- play ------------------------------------------------------------------------
        self.brief = widgets.HTML()
        self.brief_toggle = widgets.ToggleButton(
            value=False,
            description="Show my confidential brief",
            tooltip="Your side's confidential instructions and points: for your eyes only",
            layout=widgets.Layout(width="auto"),
        )
        self.brief_toggle.observe(self.guard(lambda _: self._show_brief()), names="value")
        self.offer_choices = issue_choices(
            s, on_refused=self.refuse, mark_promises=False, width="100%", max_width="48em"
        )
        for dropdown in self.offer_choices.values():
            dropdown.observe(self.guard(self._draft_changed), names="value")
        self.draft_worth = widgets.HTML()
        self.offer_button = action_button(
            "Make this offer",
            "Send the package above to the counterpart",
            self.guard(self.make_offer),
            button_style="primary",
        )
        self.offer_button.add_class(PROBE)
        self.accept_button = action_button(
            "Accept their counter-offer",
            "Agree to the counterpart's last counter-offer",
            self.guard(self.accept),
        )
        self.copy_button = action_button(
            "Copy their counter-offer into my offer",
            "Start your next offer from their last counter-offer",
            self.guard(self.copy_counter_offer),
        )
        self.walk_button = action_button(
            "Walk away", "End the negotiation without a deal", self.guard(self.walk_away)
        )
        self.status = widgets.HTML()
        self.status.add_class(RESULT)
        self.transcript = widgets.HTML()

        # -- debrief and export -------------------------------------------------------
        self.debrief = widgets.HTML()
        self.chart, self.chart_summary, self.chart_box = chart_panel()
        self.save_button = action_button(
            "Save the transcript beside the notebook",
            f"Writes {TRANSCRIPT_STEM}.md and {TRANSCRIPT_STEM}.json",
            self.guard(self.save_transcript),
        )
        self.downloads = widgets.HTML()
        self.results = ResultsExport(
            s,
            folder=self.folder,
            on_refused=self.refuse,
            ask_players=False,
            button="Export the result for the class debrief",
        )
        self.results.pair.description = "Your name or pair"
        self.results.button.on_click(self.guard(lambda _: self.export_result()))

        super().__init__(
            note=s.illustrative_note,
            children=[
                heading("Set-up"),
                self.side,
                self.tactic,
                self.tactic_help,
                self.deadline,
                self.reservations,
                widgets.HBox([self.start_button]),
                heading("Your brief"),
                self.brief,
                widgets.HBox([self.brief_toggle]),
                heading("Your offer"),
                *self.offer_choices.values(),
                self.draft_worth,
                widgets.HBox(
                    [self.offer_button, self.accept_button, self.copy_button, self.walk_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                heading("Where things stand"),
                self.status,
                self.transcript,
                heading("Debrief"),
                self.debrief,
                self.chart_box,
                heading("Export the transcript"),
                widgets.HBox(
                    [self.save_button, self.downloads],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
                heading("In class: export the result"),
                self.results,
            ],
        )
        self._show_tactic()
        self.start()

    # -- actions ------------------------------------------------------------------------
    def start(self) -> None:
        """A fresh negotiation with the current set-up; the draft offer is your best package."""
        self.negotiation = Negotiation(
            self.variants.of(self.reservations.values),
            player=self.side.value,
            counterpart=self.tactic.value,
            deadline=self.deadline.value,
            seed=self.seed,
        )
        self.brief_toggle.value = False
        a = self.negotiation.analysis
        best = a.best_for(self.side.value, in_zone=False)
        self._set_draft(a.outcome(best))
        self.clear_message()
        self._render()

    def _reservations_changed(self) -> None:
        n = self.negotiation
        if n is not None and any(
            n.scenario.party(p).reservation != v for p, v in self.reservations.values.items()
        ):
            self.inform(
                "Press “Start a new negotiation” to negotiate with these reservation values."
            )
        else:
            self.clear_message()

    def make_offer(self) -> None:
        n = self._open_negotiation()
        if n is None:
            return
        n.offer(self.draft)
        self.clear_message()
        self._render()

    def accept(self) -> None:
        n = self._open_negotiation()
        if n is None:
            return
        if n.last_counter_offer is None:
            self.refuse("there is no counter-offer to accept yet; make an offer first")
            return
        n.accept()
        self.clear_message()
        self._render()

    def walk_away(self) -> None:
        n = self._open_negotiation()
        if n is None:
            return
        n.walk_away()
        self.clear_message()
        self._render()

    def copy_counter_offer(self) -> None:
        n = self.negotiation
        if n is None or n.last_counter_offer is None:
            self.refuse("there is no counter-offer to copy yet; make an offer first")
            return
        self._set_draft(n.last_counter_offer)

    def save_transcript(self) -> list[Path]:
        """Write the transcript as Markdown and JSON beside the notebook."""
        n = self.negotiation
        if n is None:
            return []
        written = []
        try:
            for suffix, text in ((".md", n.transcript_markdown()), (".json", n.transcript_json())):
                path = self.folder / f"{TRANSCRIPT_STEM}{suffix}"
                write_text_atomic(path, text)
                written.append(path)
        except OSError as exc:
            self.refuse(f"could not save the transcript in {self.folder}: {exc.strerror or exc}")
            return written
        self.inform("Saved " + " and ".join(p.name for p in written) + " beside the notebook.")
        return written

    def export_result(self) -> Path | None:
        """The finished negotiation's result (agreement or no deal) as a results file."""
        n = self.negotiation
        if n is None or n.status == OPEN:
            self.refuse("finish the negotiation first: agree, walk away or reach the deadline")
            return None
        self.clear_message()
        tactic = tactics()[n.counterpart.id].label
        return self.results.export(
            n.agreement,
            {n.player: self.results.pair.value, n.computer: f"computer ({tactic} tactic)"},
        )

    # -- state -------------------------------------------------------------------------
    @property
    def draft(self) -> tuple[str, ...]:
        return chosen_package(self.offer_choices)

    def _set_draft(self, outcome: tuple[str, ...]) -> None:
        with self.batched():
            choose_package(self.offer_choices, outcome)
        self._draft_changed()

    def _open_negotiation(self) -> Negotiation | None:
        n = self.negotiation
        if n is None or n.status != OPEN:
            self.refuse("this negotiation has ended; press “Start a new negotiation” to play again")
            return None
        return n

    # -- view ----------------------------------------------------------------------------
    def _show_tactic(self) -> None:
        c = tactics()[self.tactic.value]
        self.tactic_help.value = (
            f'<p style="margin:2px 0 6px 0"><em>{escape(c.label)}:</em> {escape(c.description)}'
            " Press “Start a new negotiation” to play against it.</p>"
        )

    def _draft_changed(self, change=None) -> None:
        if self._batch or self.negotiation is None:
            return
        n = self.negotiation
        worth = n.analysis.utility(n.player, self.draft)
        reservation = n.scenario.party(n.player).reservation
        text = (
            f"This offer is worth <strong>{points_text(worth)}</strong> points to you; no deal is "
            f"worth {points_text(reservation)}."
        )
        if worth < reservation:
            text += " <strong>Careful:</strong> it is worth less to you than no deal."
        self.draft_worth.value = f"<p>{text}</p>"

    def _show_brief(self) -> None:
        """The public brief always; the confidential part only once the student asks.

        A confidential brief belongs to the player alone, and must never be part of the
        starting state that the built site embeds in its public pages.
        """
        n = self.negotiation
        assert n is not None
        p = n.scenario.party(n.player)
        html = f"<p><strong>{escape(p.name)}.</strong> {escape(p.public_brief)}</p>"
        if self.brief_toggle.value:
            html += (
                f"<p><em>Confidential:</em> {escape(p.confidential_brief)}</p>"
                f"<p><em>If there is no deal:</em> {escape(p.reservation_description)}</p>"
                + _paragraph(own_reservation_text(self.scenario.party(p.id), p.reservation))
                + "<p><em>Your points per option:</em></p>"
                + bullet_list(
                    f"{issue.label}: {opt.label} "
                    f"{points_text(self.scenario.scores[p.id][issue.id][opt.id])}"
                    for issue in self.scenario.issues
                    for opt in issue.options
                )
            )
            self.brief_toggle.description = "Hide my confidential brief"
        else:
            self.brief_toggle.description = "Show my confidential brief"
        self.brief.value = box(html)

    def _render(self) -> None:
        n = self.negotiation
        assert n is not None
        self._show_brief()
        self._draft_changed()
        is_open = n.status == OPEN
        self.offer_button.disabled = not is_open
        self.walk_button.disabled = not is_open
        self.accept_button.disabled = not (is_open and n.last_counter_offer is not None)
        self.copy_button.disabled = n.last_counter_offer is None
        self.status.value = box(escape(status_text(n)), "info" if is_open else "good")
        rows = "".join(f"<li>{escape(move_text(n, m))}</li>" for m in n.history)
        self.transcript.value = (
            f"<ol style='margin:4px 0'>{rows}</ol>" if rows else "<p>No moves yet.</p>"
        )
        if is_open:
            self.debrief.value = "<p>The debrief appears here when the negotiation ends.</p>"
            self.chart.value = ""
            self.chart_summary.value = ""
            self.chart_box.layout.display = "none"
            self.save_button.disabled = not n.history
            self.results.button.disabled = True
        else:
            self.debrief.value = box(bullet_list(debrief_lines(n)), "info")
            self.chart.value = negotiation_map(n)
            self.chart_summary.value = summary_html("What the chart shows", map_summary(n))
            self.chart_box.layout.display = "flex"
            self.save_button.disabled = False
            self.results.button.disabled = False
        self.downloads.value = (
            download_link(
                f"{TRANSCRIPT_STEM}.md",
                n.transcript_markdown(),
                "text/markdown",
                "Download as Markdown",
            )
            + " · "
            + download_link(
                f"{TRANSCRIPT_STEM}.json",
                n.transcript_json(),
                "application/json",
                "Download as JSON",
            )
            if n.history
            else ""
        )


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>" if text else ""
