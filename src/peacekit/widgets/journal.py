"""Exercise 7, the reflection journal: write answers, have them saved, export them.

A thin view over :mod:`peacekit.scenarios.journal_file`. Shown for one section (a
chapter's prompt, or an exercise's questions at the end of its notebook) it
holds those questions; shown whole (the journal notebook) it holds every
question, the student's name and the export buttons. Both save to the same
file beside the notebooks.

Saving needs no thread and no event loop, so it works in Pyodide: a change
is saved at once unless the last save was under a second ago; then a hidden
core ``Play`` widget, whose timer runs in the browser, sends a tick a second
later and the pending text is saved on that tick.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..classroom.journal_export import export_html, export_markdown
from ..lenses.journal import (
    COURSE,
    NOTE,
    answered,
    export_text,
    loaded_text,
    saved_text,
    sections_for,
)
from ..scenarios.journal_file import DEFAULT_NAME, Debounce, JournalError, JournalStore
from ..scenarios.questions import builtin_reflection_questions
from ..scenarios.safe_files import write_text_atomic
from .frame import PROBE, RESULT, Exercise, action_button, box, download_link, heading


class JournalExercise(Exercise):
    """Reflection questions with text boxes that save themselves and never lose text."""

    exercise_title = "Reflection journal"

    def __init__(
        self,
        section: str | None = None,
        *,
        folder: str | Path | None = None,
        filename: str = DEFAULT_NAME,
        interval: float = 1.0,
    ):
        self.sections = sections_for(builtin_reflection_questions(), section)
        self.whole = section is None
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.store = JournalStore(self.folder / filename)
        self.debounce = Debounce(interval)
        self._dirty: dict[str, str] = {}
        self._touched: set[str] = set()
        self._name_dirty = False
        self._quiet = False
        self.can_save = True

        self.status = widgets.HTML()
        self.timer = widgets.Play(
            value=0,
            min=0,
            max=1,
            step=1,
            interval=int(interval * 1000),
            show_repeat=False,
            description="Save timer",
            layout=widgets.Layout(display="none"),
        )
        self.timer.observe(self.guard(self._tick), names="value")
        self.name = widgets.Text(
            description="Your name (used only in the export)",
            placeholder="optional",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em", max_width="100%"),
        )
        self.boxes: dict[str, widgets.Textarea] = {}
        parts: list[widgets.Widget] = []
        if self.whole:
            parts.append(self.name)
        for sec in self.sections:
            parts.append(heading(sec.title if self.whole else "Your reflections"))
            for k, q in enumerate(sec.questions, start=1):
                area = widgets.Textarea(
                    description=f"{k}. {q.text}",
                    placeholder="Write your answer here.",
                    continuous_update=True,
                    rows=4,
                    style={"description_width": "100%"},
                    layout=widgets.Layout(width="100%", flex_flow="column"),
                )
                area.observe(
                    self.guard(lambda change, key=q.key: self._typed(key, change)), names="value"
                )
                self.boxes[q.key] = area
                parts.append(area)

        self.save_button = action_button(
            "Save now", "Save every answer to the journal file now", self.guard(self.save)
        )
        self.markdown_button = action_button(
            "Export as Markdown",
            "Write my-reflections.md beside the notebook and offer it for download",
            self.guard(lambda: self.export("md")),
        )
        self.html_button = action_button(
            "Export as HTML",
            "Write my-reflections.html beside the notebook and offer it for download",
            self.guard(lambda: self.export("html")),
        )
        self.export_result = widgets.HTML()
        buttons = [self.save_button]
        if self.whole:
            buttons += [self.markdown_button, self.html_button]
            self.markdown_button.add_class(PROBE)
            self.export_result.add_class(RESULT)
            self.export_result.value = "<p>No export yet.</p>"
            parts.append(heading("Save and export"))
        else:
            parts.append(
                widgets.HTML(
                    "<p>To hand in your reflections, export them from the reflection-journal "
                    "notebook (07).</p>"
                )
            )
        parts += [
            widgets.HBox(buttons, layout=widgets.Layout(flex_flow="row wrap")),
            self.status,
            self.export_result,
        ]
        super().__init__(
            note=NOTE.format(file=self.store.path.name),
            note_title="Your journal.",
            children=parts,
        )
        self.add_class("pk-journal")
        self.name.observe(self.guard(self._renamed), names="value")
        self._load()

    # -- loading ------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            loaded = self.store.load()
        except JournalError as exc:
            self.can_save = False
            self.refuse(str(exc))
            self.status.value = "<p>Not saving: the journal file cannot be read.</p>"
            return
        self._quiet = True
        try:
            for key, area in self.boxes.items():
                area.value = loaded.answers.get(key, "")
            self.name.value = loaded.name
        finally:
            self._quiet = False
        if loaded.problem:
            self.inform(loaded.problem)
        count = answered(self.boxes, loaded.answers)
        self.status.value = f"<p>{escape(loaded_text(count, self.store.path.name))}</p>"

    # -- saving ---------------------------------------------------------------------------
    def _typed(self, key: str, change) -> None:
        if self._quiet:
            return
        self._dirty[key] = change["new"]
        self._touched.add(key)
        self._changed()

    def _renamed(self, change) -> None:
        if self._quiet:
            return
        self._name_dirty = True
        self._changed()

    def _changed(self) -> None:
        if self.debounce.changed():
            self.save()
        else:
            self.status.value = "<p>Saving…</p>"
            if self.timer not in self.children:
                # Added on first use only: the starting state that the built site embeds
                # then holds no Play view, whose icons would ask for a font it never needs.
                self.children = (*self.children, self.timer)
            self.timer.value = 0
            self.timer.playing = True

    def _tick(self, change) -> None:
        if change["new"] < self.timer.max:
            return
        self.timer.playing = False
        self.timer.value = 0
        if self.debounce.pending:
            self.save()

    def save(self) -> bool:
        """Write the edited answers now. False (with a message) if they could not be saved."""
        if not self.can_save:
            self.refuse(
                "the journal file cannot be read, so nothing is saved; export your answers "
                "to keep them"
            )
            return False
        try:
            self.store.save(self._dirty, name=self.name.value if self._name_dirty else None)
        except JournalError as exc:
            self.refuse(str(exc))
            self.status.value = "<p><strong>Not saved.</strong></p>"
            return False
        self._dirty.clear()
        self._name_dirty = False
        self.debounce.saved()
        self.status.value = f"<p>{escape(saved_text(datetime.now(), self.store.path.name))}</p>"
        return True

    # -- export ---------------------------------------------------------------------------
    def answers(self) -> dict[str, str]:
        """Every answer as the student last wrote it: this notebook's edits win, and answers
        written in other notebooks since this one opened are read from the file."""
        result = {key: area.value for key, area in self.boxes.items()}
        try:
            on_disk, _ = self.store.read()
        except (OSError, ValueError):
            on_disk = {}
        self._quiet = True
        try:
            for key, text in on_disk.items():
                if key in self.boxes and key not in self._touched:
                    result[key] = text
                    self.boxes[key].value = text
        finally:
            self._quiet = False
        return result

    def export(self, kind: str) -> Path | None:
        """Write the export beside the notebook and offer it as a download link."""
        if kind not in ("md", "html"):
            self.refuse(f"unknown export format '{kind}'; expected 'md' or 'html'")
            return None
        if self.can_save and (self._dirty or self._name_dirty):
            self.save()
        answers = self.answers()
        maker, mime = (
            (export_markdown, "text/markdown") if kind == "md" else (export_html, "text/html")
        )
        text = maker(
            self.sections, answers, name=self.name.value, course=COURSE, when=datetime.now()
        )
        filename = f"{Path(self.store.path.name).name.split('.')[0]}.{kind}"
        link = download_link(filename, text, mime, f"Download {filename}")
        summary = export_text(answered(self.boxes, answers), len(self.boxes))
        path = self.folder / filename
        try:
            write_text_atomic(path, text)
            where = f" Also written beside the notebook as {escape(filename)}."
        except OSError as exc:
            path = None
            where = f" (It could not be written beside the notebook: {escape(str(exc))}.)"
        self.export_result.value = box(f"<p>{escape(summary)} {link}.{where}</p>", "good")
        return path
