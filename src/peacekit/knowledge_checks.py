"""Knowledge checks: short questions for each chapter, and feedback that explains.

The questions live in a YAML file (``peacekit/data/knowledge_checks.yaml``)
so that an instructor can add or change them without Python. The file is
read with the same safe reader as scenario files, and every problem is
reported as ``FILE:LINE: message``. Checking an answer is a plain function,
so the widget, the tests and any other front end agree on what is right.

Two kinds of question:

* ``choice``: pick one of several answers; each answer carries its own
  feedback, and the question an explanation with its source;
* ``order``: put events in order; the feedback says how many are in the
  right place and then gives the right order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .problems import Problem, ScenarioError
from .yaml_reader import Reader, read_yaml

FORMAT = "peacekit-knowledge-checks/1"
CHOICE = "choice"
ORDER = "order"


@dataclass(frozen=True)
class Item:
    """An answer to choose (with its feedback) or an event to put in order."""

    id: str
    text: str
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    items: tuple[Item, ...]
    answer: tuple[str, ...]
    """The right choice (one id) or the right order (every item id once)."""
    explanation: str
    source: str

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    book_file: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"chapter '{self.id}' has no question '{question_id}'")


@dataclass(frozen=True)
class Feedback:
    correct: bool
    verdict: str
    """One line: right, wrong, or how many are in the right place."""
    detail: str
    """The chosen answer's feedback, or the right order."""
    explanation: str
    source: str
    right_order: tuple[str, ...] = ()
    """For an ordering question: the items' texts in the right order."""


def builtin_path() -> Path:
    return Path(str(resources.files("peacekit") / "data" / "knowledge_checks.yaml"))


@lru_cache(maxsize=1)
def builtin_checks() -> tuple[Chapter, ...]:
    """The checks shipped with peacekit, read once (the data is immutable)."""
    return load_checks()


def load_checks(path: str | Path | None = None, *, text: str | None = None) -> tuple[Chapter, ...]:
    """Read and check a knowledge-check file (the built-in one by default)."""
    path = Path(path) if path is not None else builtin_path()
    label = path.name
    data = read_yaml(path, name=label, text=text)
    r = Reader(label)
    chapters = _chapters(r, data)
    if r.errors:
        raise ScenarioError(r.errors)
    if not chapters:
        raise ScenarioError([Problem(label, 1, "no chapters; expected at least one")])
    return chapters


def _chapters(r: Reader, data: Any) -> tuple[Chapter, ...]:
    top = r.mapping(data, "the file", 1, required=("format", "chapters"))
    if top is None:
        return ()
    r.known_format(top, FORMAT)
    result = []
    seen: set[str] = set()
    items = r.sequence(top, "chapters", "chapters", min_items=1) or []
    for n, item in enumerate(items):
        where = f"chapters[{n}]"
        line = r.line_of(items, n)
        m = r.mapping(item, where, line, required=("id", "title", "book_file", "questions"))
        if m is None:
            continue
        cid = r.unique_identifier(m, "id", f"{where}.id", seen, line=line)
        title = r.text(m, "title", f"{where}.title")
        book_file = r.text(m, "book_file", f"{where}.book_file")
        questions = _questions(r, m, f"chapter '{cid}'")
        if cid and title and book_file and questions:
            result.append(Chapter(cid, title, book_file, questions))
    return tuple(result)


def _questions(r: Reader, chapter: Mapping, where: str) -> tuple[Question, ...]:
    items = r.sequence(chapter, "questions", f"{where}.questions", min_items=1) or []
    result = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        w = f"{where}, questions[{n}]"
        line = r.line_of(items, n)
        m = r.mapping(
            item,
            w,
            line,
            required=("id", "kind", "prompt", "explanation", "source", "answer"),
            optional=("choices", "items"),
        )
        if m is None:
            continue
        qid = r.unique_identifier(m, "id", f"{w}.id", seen, line=line, within=" in this chapter")
        kind = r.choice(m, "kind", f"{w}.kind", (CHOICE, ORDER), default=CHOICE)
        prompt = r.text(m, "prompt", f"{w}.prompt")
        explanation = r.text(m, "explanation", f"{w}.explanation")
        source = r.text(m, "source", f"{w}.source")
        key = "choices" if kind == CHOICE else "items"
        other = "items" if kind == CHOICE else "choices"
        if other in m:
            r.error(
                r.line_of(m, other, line),
                f"{w}: a '{kind}' question lists its options under '{key}', not '{other}'",
            )
        if key not in m:
            r.error(line, f"{w}: missing key '{key}'")
            continue
        options = _items(r, m, key, w)
        answer = _answer(r, m, w, kind, options)
        if None in (qid, kind, prompt, explanation, source) or answer is None or not options:
            continue
        result.append(Question(qid, kind, prompt, options, answer, explanation, source))
    return tuple(result)


def _items(r: Reader, m: Mapping, key: str, where: str) -> tuple[Item, ...]:
    items = r.sequence(m, key, f"{where}.{key}", min_items=2) or []
    result = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        w = f"{where}.{key}[{n}]"
        line = r.line_of(items, n)
        im = r.mapping(item, w, line, required=("id", "text"), optional=("feedback",))
        if im is None:
            continue
        iid = r.unique_identifier(im, "id", f"{w}.id", seen, line=line)
        text = r.text(im, "text", f"{w}.text")
        feedback = r.text(im, "feedback", f"{w}.feedback", required=False)
        if key == "choices" and not feedback:
            r.error(line, f"{w}: every choice needs 'feedback' saying why it is right or wrong")
        if iid and text:
            result.append(Item(iid, text, feedback or ""))
    return tuple(result)


def _answer(
    r: Reader, m: Mapping, where: str, kind: str | None, options: tuple[Item, ...]
) -> tuple[str, ...] | None:
    line = r.line_of(m, "answer")
    value = m.get("answer")
    ids = [o.id for o in options]
    if kind == CHOICE:
        if not isinstance(value, str) or value not in ids:
            r.error(
                line,
                f"{where}.answer: {value!r} is not a choice; expected one of: " + ", ".join(ids),
            )
            return None
        return (value,)
    if (
        not isinstance(value, list)
        or sorted(map(str, value)) != sorted(ids)
        or len(set(value)) != len(value)
    ):
        r.error(
            line,
            f"{where}.answer: expected every item id exactly once, in the right order: "
            + ", ".join(ids),
        )
        return None
    return tuple(value)


# -- checking answers ----------------------------------------------------------------------
def check_answer(question: Question, answer: str | Sequence[str]) -> Feedback:
    """Judge one answer. Raises ValueError (with a message for the student) if it is malformed."""
    if question.kind == CHOICE:
        ids = [i.id for i in question.items]
        if not isinstance(answer, str) or answer not in ids:
            raise ValueError(
                f"{answer!r} is not one of the answers; expected one of: " + ", ".join(ids)
            )
        correct = answer == question.answer[0]
        return Feedback(
            correct=correct,
            verdict="Correct." if correct else "Not quite.",
            detail=question.item(answer).feedback,
            explanation=question.explanation,
            source=question.source,
        )
    # An empty string is a position left unfilled.
    given = list(answer) if not isinstance(answer, str) else [answer]
    order = [a for a in given if a != ""]
    ids = [i.id for i in question.items]
    unknown = [a for a in order if a not in ids]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not one of the events to order")
    missing = [question.item(i).text for i in ids if i not in order]
    doubled = sorted({a for a in order if order.count(a) > 1})
    if doubled:
        raise ValueError(
            f"“{_short(question.item(doubled[0]).text)}” is placed more than once; "
            "use each event exactly once"
        )
    if missing:
        raise ValueError(f"“{_short(missing[0])}” is not placed yet; put every event in a position")
    if len(given) != len(ids):
        raise ValueError(f"expected {len(ids)} positions, got {len(given)}")
    right = sum(1 for a, b in zip(order, question.answer, strict=True) if a == b)
    total = len(ids)
    correct = right == total
    verdict = (
        "Correct: every event is in the right place."
        if correct
        else (f"{right} of {total} events are in the right place.")
    )
    return Feedback(
        correct,
        verdict,
        "The right order:",
        question.explanation,
        question.source,
        right_order=tuple(question.item(i).text for i in question.answer),
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chapter_score(chapter: Chapter, results: Mapping[str, bool]) -> str:
    """``Distrust: 2 of 5 answered, 1 right.`` from {question id: answered correctly?}."""
    answered = [q for q in chapter.questions if q.id in results]
    right = sum(1 for q in answered if results[q.id])
    return f"{chapter.title}: {len(answered)} of {len(chapter.questions)} answered, {right} right."
