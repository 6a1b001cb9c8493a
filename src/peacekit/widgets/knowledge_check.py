"""Exercise 6, knowledge checks: a few questions per chapter, with feedback that explains.

A thin view over :mod:`peacekit.scenarios.questions`: the questions come from
the package's YAML file and every answer is judged by ``check_answer``. Each
source is a link the student can open from wherever the notebook runs
(:func:`peacekit.widgets.frame.site_root`).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..lenses.knowledge_check import Feedback, chapter_score, check_answer, source_html
from ..scenarios.questions import CHOICE, Chapter, Question, builtin_checks
from .frame import FIND_SITE, PROBE, RESULT, Exercise, action_button, box, site_root
from .guarded import GuardedDropdown, GuardedRadioButtons

NOTE = (
    "The questions test the article's claims and the course's facts. Where a question is about "
    "the course's model, its numbers are teaching devices, not measurements."
)
UNPLACED = ""


class QuestionPanel(widgets.VBox):
    """One question: its prompt, the answer controls and the feedback."""

    def __init__(
        self,
        question: Question,
        number: int,
        total: int,
        on_refused,
        on_result,
        guard,
        *,
        site: str | None = None,
    ):
        self.question = question
        self._on_result = on_result
        self.site = site
        self.feedback = widgets.HTML()
        prompt = widgets.HTML(
            f"<p style='margin:8px 0 4px 0'><strong>Question {number} of {total}.</strong> "
            f"{escape(question.prompt)}</p>"
        )
        if question.kind == CHOICE:
            self.choice = GuardedRadioButtons(
                options=[(i.text, i.id) for i in question.items],
                value=None,
                description="Your answer",
                on_refused=on_refused,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="100%"),
            )
            self.choice.observe(guard(lambda _: self.check()), names="value")
            self.positions: list[GuardedDropdown] = []
            self.check_button = None
            controls = [self.choice]
        else:
            self.choice = None
            self.positions = [
                GuardedDropdown(
                    options=[("Choose an event…", UNPLACED)]
                    + [(i.text, i.id) for i in question.items],
                    value=UNPLACED,
                    description=f"Position {k}",
                    on_refused=on_refused,
                    style={"description_width": "6em"},
                    layout=widgets.Layout(width="100%"),
                )
                for k in range(1, len(question.items) + 1)
            ]
            self.check_button = action_button(
                "Check my order", "Compare your order with the dates", guard(self.check)
            )
            controls = [
                widgets.HTML(
                    "<p style='margin:2px 0'>Events, in no particular order:</p><ul>"
                    + "".join(f"<li>{escape(i.text)}</li>" for i in question.items)
                    + "</ul>"
                ),
                *self.positions,
                widgets.HBox([self.check_button]),
            ]
        super().__init__([prompt, *controls, self.feedback])

    @property
    def answer(self):
        if self.choice is not None:
            return self.choice.value
        return [p.value for p in self.positions]

    def check(self) -> Feedback | None:
        answer = self.answer
        if answer is None:
            self.feedback.value = ""
            return None
        try:
            feedback = check_answer(self.question, answer)
        except ValueError as exc:
            self.feedback.value = box("<strong>Not yet:</strong> " + escape(str(exc)), "note")
            return None
        order = ""
        if feedback.right_order:
            order = "<ol>" + "".join(f"<li>{escape(t)}</li>" for t in feedback.right_order)
            order += "</ol>"
        self.feedback.value = box(
            f"<p><strong>{escape(feedback.verdict)}</strong> {escape(feedback.detail)}</p>"
            + order
            + f"<p>{escape(feedback.explanation)}</p>"
            f"<p style='font-size:0.9em'><em>Source:</em> "
            f"{source_html(feedback.source, self.site)}</p>",
            "good" if feedback.correct else "bad",
        )
        self._on_result(self.question.id, feedback.correct)
        return feedback


class KnowledgeCheckExercise(Exercise):
    """All chapters' questions; one chapter shown at a time, answers kept when switching."""

    exercise_title = "Knowledge checks"

    def __init__(
        self,
        chapter: str | None = None,
        *,
        chapters: tuple[Chapter, ...] | None = None,
        site: str | None = FIND_SITE,
    ):
        """``site``: where links to the course site start (see :func:`.frame.site_root`), or
        None to show the pages' paths as text."""
        self.chapters = chapters or builtin_checks()
        self.site = site_root() if site == FIND_SITE else site
        ids = [c.id for c in self.chapters]
        self.results: dict[str, dict[str, bool]] = {c.id: {} for c in self.chapters}
        self.chapter = GuardedDropdown(
            options=[(c.title, c.id) for c in self.chapters],
            value=chapter or ids[0],
            description="Chapter",
            on_refused=self.refuse,
            layout=widgets.Layout(width="30em", max_width="100%"),
        )
        self.chapter.add_class(PROBE)
        self.score = widgets.HTML()
        self.score.add_class(RESULT)
        self.panels: dict[str, list[QuestionPanel]] = {}
        self.pages: dict[str, widgets.VBox] = {}
        for c in self.chapters:
            panels = [
                QuestionPanel(
                    q,
                    k,
                    len(c.questions),
                    self.refuse,
                    lambda qid, ok, cid=c.id: self._record(cid, qid, ok),
                    self.guard,
                    site=self.site,
                )
                for k, q in enumerate(c.questions, start=1)
            ]
            self.panels[c.id] = panels
            self.pages[c.id] = widgets.VBox(panels)
        super().__init__(
            note=NOTE,
            note_title="About these questions.",
            children=[self.chapter, self.score, *self.pages.values()],
        )
        self.chapter.observe(self.guard(lambda _: self.show()), names="value")
        self.show()

    def panel(self, question_id: str) -> QuestionPanel:
        for p in self.panels[self.chapter.value]:
            if p.question.id == question_id:
                return p
        raise KeyError(question_id)

    def _record(self, chapter_id: str, question_id: str, correct: bool) -> None:
        self.results[chapter_id][question_id] = correct
        self._show_score()

    def show(self) -> None:
        for cid, page in self.pages.items():
            page.layout.display = "" if cid == self.chapter.value else "none"
        self.clear_message()
        self._show_score()

    def _show_score(self) -> None:
        chapter = next(c for c in self.chapters if c.id == self.chapter.value)
        self.score.value = (
            f"<p><strong>{escape(chapter_score(chapter, self.results[chapter.id]))}</strong></p>"
        )
