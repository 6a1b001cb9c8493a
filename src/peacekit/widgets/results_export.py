"""The one-button export of a pair's agreement as a results file, for the class debrief.

A thin view over :mod:`peacekit.scenarios.results_file` (the classroom kit's results format):
the record is built by ``result_record``, written beside the notebook by
``write_result`` (never overwriting a different result) and offered as a
download too, since in JupyterLite and Colab the notebook's folder is not on
the student's computer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..classroom.results import result_filename, result_json, result_record, write_result
from ..model.scenario import Outcome, Scenario
from .frame import action_button, box, download_link


class ResultsExport(widgets.VBox):
    """Pair name, who played which side, notes, and the export button."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        folder: Path,
        on_refused: Callable[[str], None],
        ask_players: bool = True,
        button: str = "Export our result for the class debrief",
        no_deal_button: bool = False,
    ):
        self.scenario = scenario
        self.folder = folder
        self._refuse = on_refused
        self.pair = widgets.Text(
            description="Pair or table name",
            placeholder="e.g. Table 3",
            style={"description_width": "12em"},
            layout=widgets.Layout(width="30em", max_width="100%"),
        )
        self.players: dict[str, widgets.Text] = {}
        if ask_players:
            for p in scenario.parties:
                self.players[p.id] = widgets.Text(
                    description=f"Who played {p.label}",
                    placeholder="optional",
                    style={"description_width": "12em"},
                    layout=widgets.Layout(width="30em", max_width="100%"),
                )
        self.notes = widgets.Text(
            description="Notes for the instructor",
            placeholder="optional",
            style={"description_width": "12em"},
            layout=widgets.Layout(width="40em", max_width="100%"),
        )
        self.button = action_button(
            button, "Write a results file beside the notebook and offer it for download"
        )
        self.no_deal = action_button(
            "Export “no deal”",
            "Record that the pair reached no agreement",
            layout=widgets.Layout(width="auto", display="" if no_deal_button else "none"),
        )
        self.outcome = widgets.HTML()
        self.record: dict | None = None
        super().__init__(
            [
                self.pair,
                *self.players.values(),
                self.notes,
                widgets.HBox(
                    [self.button, self.no_deal], layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.outcome,
            ]
        )

    def export(
        self,
        agreement: Outcome | Mapping[str, str] | None,
        parties: Mapping[str, str] | None = None,
    ) -> Path | None:
        """Write the result (``None`` = no deal); show where it went and a download link."""
        played = {p: w.value for p, w in self.players.items() if w.value.strip()}
        played.update(parties or {})
        try:
            record = result_record(
                self.scenario,
                agreement,
                pair=self.pair.value,
                parties=played,
                notes=self.notes.value,
            )
        except ValueError as exc:
            self._refuse(str(exc))
            return None
        self.record = record
        name = result_filename(record)
        link = download_link(name, result_json(record), "application/json", f"Download {name}")
        try:
            path = write_result(record, self.folder)
            where = f"Written beside the notebook as {escape(path.name)}."
        except OSError as exc:
            path = None
            where = f"It could not be written beside the notebook ({escape(str(exc))})."
        what = "no deal" if agreement is None else "the agreement"
        self.outcome.value = box(
            f"<p>Result exported ({escape(what)}, pair “{escape(record['pair'])}”). {where} "
            f"{link}: hand this file to your instructor.</p>",
            "good",
        )
        return path
