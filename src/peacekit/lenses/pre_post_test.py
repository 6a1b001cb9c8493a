"""The pre-test and post-test: the same questions at the start and the end of the course,
and what a student gained in each chapter.

The questions are the knowledge-check file's ``pre_post_test`` list (two per
chapter in the built-in file); the answers are kept by
:mod:`peacekit.scenarios.pre_post_file`. This module scores a sitting, sets the two
sittings side by side chapter by chapter, and says so in sentences, so that the
widget, the tests and an instructor reading a student's file agree.

The pre-test gives no feedback on single questions: it would teach the answers
to the post-test. The post-test gives each question's feedback and source, as
the knowledge checks do, once it is finished.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..scenarios.pre_post_file import NOT_SURE, POST, PRE, Sitting, Sittings
from ..scenarios.questions import Chapter, KnowledgeChecks, PrePostItem, Question
from .knowledge_check import check_answer

NOT_SURE_LABEL = "I don't know yet"
NAMES = {PRE: "pre-test", POST: "post-test"}


@dataclass(frozen=True)
class PrePostQuestion:
    """One question of the test, numbered as the student sees it."""

    number: int
    item: PrePostItem
    chapter: Chapter
    question: Question

    @property
    def key(self) -> str:
        return self.item.key


def pre_post_questions(checks: KnowledgeChecks) -> tuple[PrePostQuestion, ...]:
    """The questions in the file's order (chapter by chapter), numbered from 1."""
    return tuple(
        PrePostQuestion(n, item, checks.chapter(item.chapter), checks.question(item))
        for n, item in enumerate(checks.pre_post_test, start=1)
    )


def options(question: Question) -> list[tuple[str, str]]:
    """(label, value) for each answer, and last "I don't know yet": at the start of the course
    not knowing is the expected answer, and a guess would blur the gain."""
    return [(i.text, i.id) for i in question.items] + [(NOT_SURE_LABEL, NOT_SURE)]


def check_choice(question: Question, value: object) -> str:
    """A value the question can take (raises ValueError naming the answers otherwise)."""
    allowed = [i.id for i in question.items] + [NOT_SURE]
    if value not in allowed:
        raise ValueError(
            f"{value!r} is not an answer to this question; expected one of: " + ", ".join(allowed)
        )
    return str(value)


def right(test: tuple[PrePostQuestion, ...], answers: Mapping[str, str]) -> int:
    return sum(1 for t in test if answers.get(t.key) == t.question.answer[0])


def answered(test: tuple[PrePostQuestion, ...], answers: Mapping[str, str]) -> int:
    """Questions with any answer, "I don't know yet" included."""
    return sum(1 for t in test if answers.get(t.key))


@dataclass(frozen=True)
class ChapterGain:
    chapter_id: str
    title: str
    total: int
    before: int | None
    """Right in the finished pre-test (None if it was not finished)."""
    after: int | None
    """Right in the finished post-test (None if it was not finished)."""

    @property
    def gain(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def gains(checks: KnowledgeChecks, sittings: Sittings) -> list[ChapterGain]:
    """Each chapter's right answers before and after the course; a sitting counts only once
    it is finished."""
    test = pre_post_questions(checks)
    result = []
    for chapter in checks.chapters:
        mine = tuple(t for t in test if t.chapter.id == chapter.id)
        result.append(
            ChapterGain(
                chapter.id,
                chapter.title,
                len(mine),
                right(mine, sittings.pre.answers) if sittings.pre.finished else None,
                right(mine, sittings.post.answers) if sittings.post.finished else None,
            )
        )
    return result


def when(finished: str) -> str:
    """``4 December 2026 at 10:15`` from an ISO date and time."""
    t = datetime.fromisoformat(finished)
    return f"{t.day} {t:%B %Y} at {t:%H:%M}"


def _of(count: int, total: int) -> str:
    return f"{count} of {total}"


def status(
    checks: KnowledgeChecks, sittings: Sittings, sitting: str, *, refusal: str | None = None
) -> str:
    """The test's state in a line or two: how far the student is, why it cannot be finished
    yet (``refusal``, from :func:`finish_refusal`), and once finished the score."""
    test = pre_post_questions(checks)
    total = len(test)
    mine = sittings.of(sitting)
    name = NAMES[sitting]
    if not mine.finished:
        text = (
            f"{name.capitalize()}: {_of(answered(test, mine.answers), total)} questions answered."
        )
        if refusal:
            text += f" Not finished: {refusal}."
        if sitting == POST:
            text += " " + _pre_test_line(sittings.pre)
        return text
    score = right(test, mine.answers)
    text = f"{name.capitalize()} finished on {when(mine.finished)}: {_of(score, total)} right."
    if sitting == POST:
        pre = sittings.pre
        if pre.finished:
            change = score - right(test, pre.answers)
            text += (
                f" Before the course you had {_of(right(test, pre.answers), total)} right: "
                f"{_gain_words(change)}."
            )
        else:
            text += " You did not finish the pre-test, so there is no gain to show."
    return text


def _pre_test_line(pre: Sitting) -> str:
    if pre.finished:
        return f"Your pre-test: finished on {when(pre.finished)}."
    return (
        "Your pre-test: not finished, so this test cannot show your gain; take the "
        "pre-test first if you can (Exercise 0)."
    )


def _gain_words(change: int) -> str:
    if change > 0:
        return f"{change} more right after the course"
    if change < 0:
        return f"{-change} fewer right after the course"
    return "the same number"


def finish_refusal(checks: KnowledgeChecks, answers: Mapping[str, str]) -> str | None:
    """Why a sitting cannot be handed in yet (None when it can): every question needs an
    answer, "I don't know yet" included, so that a blank is never a slip of the mouse."""
    test = pre_post_questions(checks)
    missing = [str(t.number) for t in test if not answers.get(t.key)]
    if not missing:
        return None
    which = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    return (
        f"question{'s' if len(missing) != 1 else ''} {which} "
        f"{'have' if len(missing) != 1 else 'has'} no answer yet; choose one, or "
        f"“{NOT_SURE_LABEL}”, then finish"
    )


@dataclass(frozen=True)
class Review:
    """One question after the post-test: right or not, why, and where to read more."""

    correct: bool
    verdict: str
    detail: str
    explanation: str
    source: str


def review(question: Question, answer: str | None) -> Review:
    """The knowledge check's feedback on the answer given; for "I don't know yet" (or no
    answer), the right answer and its explanation."""
    if answer and answer != NOT_SURE:
        f = check_answer(question, answer)
        return Review(f.correct, f.verdict, f.detail, f.explanation, f.source)
    text = question.item(question.answer[0]).text.rstrip()
    return Review(
        False,
        "Not answered." if not answer else "You did not know yet.",
        f"The right answer: {text}" + ("" if text.endswith((".", "?", "!")) else "."),
        question.explanation,
        question.source,
    )


def gain_rows(rows: list[ChapterGain]) -> list[tuple[str, str, str, str]]:
    """The gain table: chapter, before, after, gain (a dash where a sitting is missing)."""

    def cell(n: int | None, total: int) -> str:
        return "–" if n is None else _of(n, total)

    table = []
    for g in rows:
        gain = "–" if g.gain is None else (f"+{g.gain}" if g.gain > 0 else str(g.gain))
        table.append((g.title, cell(g.before, g.total), cell(g.after, g.total), gain))
    return table


GAIN_HEADERS = ("Chapter", "Before the course", "After the course", "Gain")


def gain_summary(rows: list[ChapterGain]) -> str:
    """The table in one or two sentences: where the student gained most, and where least."""
    known = [g for g in rows if g.gain is not None]
    if not known:
        return "The gain per chapter appears here when both tests are finished."
    best = max(g.gain for g in known)
    worst = min(g.gain for g in known)
    if best == worst:
        return f"The same gain in every chapter ({best:+d})."
    top = [g.title for g in known if g.gain == best]
    low = [g.title for g in known if g.gain == worst]
    return (
        f"Largest gain: {_and(top)} ({best:+d}). Smallest: {_and(low)} ({worst:+d}); "
        f"reread {'that chapter' if len(low) == 1 else 'those chapters'}."
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
