"""The course's question files: knowledge checks and reflection questions.

Both live in YAML files (``peacekit/data/knowledge_checks.yaml`` and
``peacekit/data/reflection_questions.yaml``) so that an instructor can add or
change them without Python. They are read with the same safe reader as scenario
files, and every problem is reported as ``FILE:LINE: message``. Judging an answer
is the knowledge-check lens's work (:mod:`peacekit.lenses.knowledge_check`).

Two kinds of knowledge-check question:

* ``choice``: pick one of several answers; each answer carries its own
  feedback, and the question an explanation with its source;
* ``order``: put events in order; the feedback says how many are in the
  right place and then gives the right order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


def builtin_path() -> Path:
    return Path(str(resources.files("peacekit") / "data" / "knowledge_checks.yaml"))


@lru_cache(maxsize=1)
def builtin_checks() -> tuple[Chapter, ...]:
    """The checks shipped with peacekit, read once (the data is immutable)."""
    return load_checks()


def load_checks(path: str | Path | None = None, *, text: str | None = None) -> tuple[Chapter, ...]:
    """Read and check a knowledge-check file (the built-in one by default)."""
    return _read_list_file(
        Path(path) if path is not None else builtin_path(),
        text,
        FORMAT,
        "chapters",
        ("id", "title", "book_file", "questions"),
        _chapter,
    )


def _chapter(r: Reader, m: Mapping, where: str, cid: str | None) -> Chapter | None:
    title = r.text(m, "title", f"{where}.title")
    book_file = r.text(m, "book_file", f"{where}.book_file")
    questions = _questions(r, m, f"chapter '{cid}'")
    if cid and title and book_file and questions:
        return Chapter(cid, title, book_file, questions)
    return None


def _read_list_file(
    path: Path,
    text: str | None,
    fmt: str,
    key: str,
    required: tuple[str, ...],
    read_entry: Callable[[Reader, Mapping, str, str | None], Any],
) -> tuple:
    """A question file: a format tag and a list (``key``) of entries with unique ids, each
    read by ``read_entry``. Raises :class:`ScenarioError` with every problem."""
    label = path.name
    data = read_yaml(path, name=label, text=text)
    r = Reader(label)
    top = r.mapping(data, "the file", 1, required=("format", key))
    result = []
    if top is not None:
        r.known_format(top, fmt)
        items = r.sequence(top, key, key, min_items=1) or []
        seen: set[str] = set()
        for n, item in enumerate(items):
            where = f"{key}[{n}]"
            line = r.line_of(items, n)
            m = r.mapping(item, where, line, required=required)
            if m is None:
                continue
            eid = r.unique_identifier(m, "id", f"{where}.id", seen, line=line)
            entry = read_entry(r, m, where, eid)
            if entry is not None:
                result.append(entry)
    if r.errors:
        raise ScenarioError(r.errors)
    if not result:
        raise ScenarioError([Problem(label, 1, f"no {key}; expected at least one")])
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


# -- reflection questions (the journal) ------------------------------------------------
QUESTIONS_FORMAT = "peacekit-reflection-questions/2"


@dataclass(frozen=True)
class ReflectionQuestion:
    key: str
    """``section.question``, the key of the answer in the journal file."""
    text: str


@dataclass(frozen=True)
class JournalSection:
    """The questions one chapter or one exercise asks."""

    id: str
    title: str
    where: str
    """The page that asks them: a book chapter or an exercise notebook (repository path)."""
    questions: tuple[ReflectionQuestion, ...]


def load_reflection_questions(
    path: str | Path | None = None, *, text: str | None = None
) -> tuple[JournalSection, ...]:
    """Read and check a reflection-questions file (the built-in one by default)."""
    return _read_list_file(
        Path(path) if path is not None else _builtin_reflection_path(),
        text,
        QUESTIONS_FORMAT,
        "sections",
        ("id", "title", "where", "questions"),
        _section,
    )


def _section(r: Reader, m: Mapping, where: str, eid: str | None) -> JournalSection | None:
    title = r.text(m, "title", f"{where}.title")
    page = r.text(m, "where", f"{where}.where")
    questions = []
    qitems = r.sequence(m, "questions", f"{where}.questions", min_items=1) or []
    qseen: set[str] = set()
    for k, q in enumerate(qitems):
        qw = f"{where}.questions[{k}]"
        qm = r.mapping(q, qw, r.line_of(qitems, k), required=("id", "text"))
        if qm is None:
            continue
        qid = r.unique_identifier(qm, "id", f"{qw}.id", qseen)
        qtext = r.text(qm, "text", f"{qw}.text")
        if eid and qid and qtext:
            questions.append(ReflectionQuestion(f"{eid}.{qid}", qtext))
    if eid and title and page and questions:
        return JournalSection(eid, title, page, tuple(questions))
    return None


def _builtin_reflection_path() -> Path:
    return Path(str(resources.files("peacekit") / "data" / "reflection_questions.yaml"))


@lru_cache(maxsize=1)
def builtin_reflection_questions() -> tuple[JournalSection, ...]:
    return load_reflection_questions()
