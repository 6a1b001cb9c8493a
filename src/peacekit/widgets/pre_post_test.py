"""Exercises 0 and 8, the pre-test and the post-test: the same questions at the start and the
end of the course, saved beside the notebooks, and the gain per chapter.

A thin view over :mod:`peacekit.lenses.pre_post_test` (the scoring and the
sentences) and :mod:`peacekit.scenarios.pre_post_file` (the saved answers). Every
click is saved at once; a finished sitting is locked. The post-test, once
finished, shows each question's feedback and source and the gain per chapter.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..lenses.knowledge_check import source_html
from ..lenses.pre_post_test import (
    GAIN_HEADERS,
    NAMES,
    PrePostQuestion,
    check_choice,
    finish_refusal,
    gain_rows,
    gain_summary,
    gains,
    options,
    pre_post_questions,
    review,
    status,
)
from ..scenarios.pre_post_file import (
    DEFAULT_NAME,
    POST,
    PRE,
    PrePostError,
    PrePostStore,
    Sittings,
    check_sitting,
)
from ..scenarios.questions import KnowledgeChecks, builtin_check_file
from .frame import (
    FIND_SITE,
    PROBE,
    RESULT,
    Exercise,
    action_button,
    box,
    heading,
    site_root,
    summary_html,
    text_table,
)
from .guarded import GuardedRadioButtons

NOTES = {
    PRE: (
        "Answer as well as you can now; nothing is graded, and “I don't know yet” is a good "
        "answer at the start of a course. Your answers are saved as you choose them, in a file "
        "beside this notebook ({file}), and the post-test at the end of the course asks the "
        "same questions and shows what you gained in each chapter. The pre-test shows no right "
        "answers: they would give the post-test away."
    ),
    POST: (
        "The same questions as the pre-test at the start of the course. Your answers are saved "
        "as you choose them, in a file beside this notebook ({file}), next to your pre-test. "
        "When you finish, each question shows its explanation and source, and the table shows "
        "your gain in each chapter."
    ),
}


class QuestionView(widgets.VBox):
    """One question: its prompt and answers, and after the post-test its feedback."""

    def __init__(self, test: PrePostQuestion, total: int, on_refused, on_answer, guard):
        self.test = test
        q = test.question
        prompt = widgets.HTML(
            f"<p style='margin:10px 0 4px 0'><strong>Question {test.number} of {total}</strong> "
            f"<span style='font-size:0.9em'>({escape(test.chapter.title)})</span><br>"
            f"{escape(q.prompt)}</p>"
        )
        self.choice = GuardedRadioButtons(
            options=options(q),
            value=None,
            description=f"Answer {test.number}",
            check=lambda v: v if v is None else check_choice(q, v),
            on_refused=on_refused,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self.choice.observe(guard(lambda _: on_answer()), names="value")
        self.review = widgets.HTML()
        super().__init__([prompt, self.choice, self.review])


class PrePostTestExercise(Exercise):
    """The pre-test (``sitting="pre"``) or the post-test (``"post"``), saved as it is taken."""

    def __init__(
        self,
        sitting: str = PRE,
        *,
        folder: str | Path | None = None,
        filename: str = DEFAULT_NAME,
        checks: KnowledgeChecks | None = None,
        site: str | None = FIND_SITE,
    ):
        self.sitting = check_sitting(sitting)
        self.exercise_title = NAMES[self.sitting].capitalize()
        self.checks = checks or builtin_check_file()
        self.site = site_root() if site == FIND_SITE else site
        self.test = pre_post_questions(self.checks)
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.store = PrePostStore(self.folder / filename)
        self.sittings = Sittings()
        self.can_save = True
        self._quiet = False
        self._refusal: str | None = None

        self.questions = [
            QuestionView(t, len(self.test), self.refuse, self._answered, self.guard)
            for t in self.test
        ]
        self.finish_button = action_button(
            f"Finish the {NAMES[self.sitting]}",
            "Hand in your answers; they cannot be changed afterwards",
            self.guard(self.finish),
        )
        self.finish_button.add_class(PROBE)
        self.result = widgets.HTML()
        self.result.add_class(RESULT)
        parts: list[widgets.Widget] = [
            *self.questions,
            heading("Finish"),
            widgets.HBox([self.finish_button]),
        ]
        parts.append(self.result)
        self.gain_table = widgets.HTML()
        if self.sitting == POST:
            parts += [heading("Your gain per chapter"), self.gain_table]
        super().__init__(
            note=NOTES[self.sitting].format(file=self.store.path.name),
            note_title=f"Your {NAMES[self.sitting]}.",
            children=parts,
        )
        self._load()

    # -- state ----------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, str]:
        return {v.test.key: v.choice.value for v in self.questions if v.choice.value}

    @property
    def finished(self) -> bool:
        return bool(self.sittings.of(self.sitting).finished)

    def _load(self) -> None:
        try:
            loaded = self.store.load()
        except PrePostError as exc:
            self.can_save = False
            self.refuse(str(exc))
            self._show()
            self.result.value += "<p>Not saving: the file cannot be read.</p>"
            return
        self.sittings = loaded.sittings
        self._restore()
        if loaded.problem:
            self.inform(loaded.problem)
        self._show()

    def _restore(self) -> None:
        """Show the answers as saved (an answer the question no longer has is left blank)."""
        mine = self.sittings.of(self.sitting).answers
        self._quiet = True
        try:
            for v in self.questions:
                given = mine.get(v.test.key)
                known = [value for _, value in v.choice.options]
                v.choice.value = given if given in known else None
        finally:
            self._quiet = False

    # -- actions --------------------------------------------------------------------------
    def _answered(self) -> None:
        if self._quiet:
            return
        if self.finished:
            self._restore()
            self.refuse(
                f"the {NAMES[self.sitting]} is finished; its answers are kept as they were "
                "handed in"
            )
            return
        self._refusal = None
        self.clear_message()
        self._save()
        self._show()

    def _save(self, *, finish: bool = False) -> bool:
        if not self.can_save:
            self.refuse(
                f"{self.store.path.name} cannot be read, so nothing is saved; note your "
                "answers down"
            )
            return False
        try:
            self.sittings = self.store.save(self.sitting, self.answers, finish=finish)
        except PrePostError as exc:
            self.refuse(str(exc))
            return False
        return True

    def finish(self) -> bool:
        """Hand the sitting in, if every question has an answer. False (with the reason in the
        result line) otherwise."""
        if self.finished:
            return False
        self._refusal = finish_refusal(self.checks, self.answers)
        if self._refusal is None and self._save(finish=True):
            self.clear_message()
        self._show()
        return self.finished

    # -- view -----------------------------------------------------------------------------
    def _show(self) -> None:
        finished = self.finished
        for v in self.questions:
            v.choice.disabled = finished
            v.review.value = self._review_html(v) if finished and self.sitting == POST else ""
        self.finish_button.disabled = finished
        kind = "good" if finished else "info"
        line = status(self.checks, self.sittings, self.sitting, refusal=self._refusal)
        self.result.value = box(f"<p>{escape(line)}</p>", kind)
        if self.sitting == POST:
            rows = gains(self.checks, self.sittings)
            self.gain_table.value = text_table(
                GAIN_HEADERS,
                gain_rows(rows),
                caption="Right answers in each chapter's questions",
            ) + summary_html("In short", gain_summary(rows))

    def _review_html(self, view: QuestionView) -> str:
        r = review(view.test.question, view.choice.value)
        return box(
            f"<p><strong>{escape(r.verdict)}</strong> {escape(r.detail)}</p>"
            f"<p>{escape(r.explanation)}</p>"
            f"<p style='font-size:0.9em'><em>Source:</em> {source_html(r.source, self.site)}</p>",
            "good" if r.correct else "bad",
        )
