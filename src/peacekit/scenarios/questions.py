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

Format 2 of the knowledge-check file (``peacekit-knowledge-checks/2``) holds the
checks to what makes them teach, so that an instructor's own file cannot quietly
fall below the built-in one:

* every ``source`` is one or more Markdown links a reader can open: an http(s)
  URL, or a page of the course site (``book/....html#anchor``, ``exercises/....html``);
* every wrong choice's feedback says why it is wrong, in at least one full
  sentence (:data:`MIN_FEEDBACK_WORDS` words or more, ending with a full stop):
  a bare "No." teaches nothing;
* ``pre_post_test`` lists the questions that open and close the course (the
  pre-test and the post-test): every chapter with the same number of ``choice``
  questions, so that the gain of one chapter can be set beside another's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .problems import Problem, ScenarioError
from .yaml_reader import Reader, read_yaml

FORMAT = "peacekit-knowledge-checks/2"
CHOICE = "choice"
ORDER = "order"

#: A Markdown link, ``[text](target)``; the only markup a ``source`` may hold.
LINK = re.compile(r"\[([^\]\n]+)\]\(([^()\s]+)\)")
#: A page of the course site, relative to the site's root (``book/back/glossary.html#term-x``).
SITE_PAGE = re.compile(r"^(book|exercises)/[\w/.-]+\.html(#[\w.-]+)?$")
WEB_PAGE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
#: The feedback on a wrong choice is at least one sentence of this many words.
MIN_FEEDBACK_WORDS = 6


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
class PrePostItem:
    """One question of the pre-test and post-test, named by its chapter and its id."""

    chapter: str
    question: str

    @property
    def key(self) -> str:
        """``chapter.question``: the answer's key in the saved pre-test and post-test file."""
        return f"{self.chapter}.{self.question}"


@dataclass(frozen=True)
class KnowledgeChecks:
    """A knowledge-check file: the chapters' questions and the pre-test and post-test."""

    chapters: tuple[Chapter, ...]
    pre_post_test: tuple[PrePostItem, ...]

    def chapter(self, chapter_id: str) -> Chapter:
        for c in self.chapters:
            if c.id == chapter_id:
                return c
        raise KeyError(f"no chapter '{chapter_id}'")

    def question(self, item: PrePostItem) -> Question:
        return self.chapter(item.chapter).question(item.question)


def builtin_path() -> Path:
    return Path(str(resources.files("peacekit") / "data" / "knowledge_checks.yaml"))


@lru_cache(maxsize=1)
def builtin_check_file() -> KnowledgeChecks:
    """The checks shipped with peacekit, read once (the data is immutable)."""
    return load_check_file()


def builtin_checks() -> tuple[Chapter, ...]:
    return builtin_check_file().chapters


def load_checks(path: str | Path | None = None, *, text: str | None = None) -> tuple[Chapter, ...]:
    """Read and check a knowledge-check file (the built-in one by default): its chapters."""
    return load_check_file(path, text=text).chapters


def load_check_file(path: str | Path | None = None, *, text: str | None = None) -> KnowledgeChecks:
    """Read and check a knowledge-check file (the built-in one by default), whole."""
    chapters, test = _read_list_file(
        Path(path) if path is not None else builtin_path(),
        text,
        FORMAT,
        "chapters",
        ("id", "title", "book_file", "questions"),
        _chapter,
        rest=("pre_post_test", _pre_post_test),
    )
    return KnowledgeChecks(chapters, test)


def source_links(source: str) -> list[tuple[str, str]]:
    """The (text, target) of every Markdown link in a question's ``source``."""
    return LINK.findall(source)


def _check_source(r: Reader, m: Mapping, where: str, source: str | None) -> None:
    if source is None:
        return
    line = r.line_of(m, "source")
    links = source_links(source)
    if not links:
        r.error(
            line,
            f"{where}.source: names no link; expected a Markdown link a reader can open, "
            "e.g. [Chapter 1, The thesis](book/chapters/01-no-silver-bullet.html#the-thesis)",
        )
    for _, target in links:
        if not (SITE_PAGE.match(target) or WEB_PAGE.match(target)):
            r.error(
                line,
                f"{where}.source: '{target}' cannot be opened; expected an http(s) URL or a "
                "page of the course site such as book/back/glossary.html#term-grit",
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
    *,
    rest: tuple[str, Callable[[Reader, Mapping, tuple], Any]] | None = None,
) -> tuple:
    """A question file: a format tag and a list (``key``) of entries with unique ids, each
    read by ``read_entry``. Raises :class:`ScenarioError` with every problem.

    With ``rest`` (a second required top-level key and its reader, which is given the
    entries read), returns ``(entries, what rest read)``; otherwise the entries."""
    label = path.name
    data = read_yaml(path, name=label, text=text, expected="a questions file", size_hint="")
    r = Reader(label)
    top_keys = ("format", key) + ((rest[0],) if rest else ())
    top = r.mapping(data, "the file", r.line_of(data), required=top_keys)
    result = []
    extra = None
    if top is not None:
        r.known_format(top, fmt)
        items = r.sequence(top, key, key, min_items=1) or []
        seen: set[str] = set()
        for where, line, m in r.entries(items, key, required=required):
            eid = r.unique_identifier(m, "id", f"{where}.id", seen, line=line)
            entry = read_entry(r, m, where, eid)
            if entry is not None:
                result.append(entry)
        if rest is not None and rest[0] in top and not r.errors:
            extra = rest[1](r, top, tuple(result))
    if r.errors:
        raise ScenarioError(r.errors)
    if not result:
        raise ScenarioError([Problem(label, 1, f"no {key}; expected at least one")])
    return tuple(result) if rest is None else (tuple(result), extra)


def _pre_post_test(r: Reader, top: Mapping, chapters: tuple[Chapter, ...]) -> tuple:
    """The pre-test and post-test: ``{chapter, question}`` entries naming choice questions,
    each once, and every chapter with the same number (so the gains compare)."""
    entries = r.sequence(top, "pre_post_test", "pre_post_test", min_items=len(chapters)) or []
    by_id = {c.id: c for c in chapters}
    items: list[PrePostItem] = []
    per_chapter: dict[str, int] = dict.fromkeys(by_id, 0)
    seen: dict[str, int] = {}
    problems = len(r.problems)
    for n, entry in enumerate(entries):
        where = f"pre_post_test[{n}]"
        line = r.line_of(entries, n)
        m = r.mapping(entry, where, line, required=("chapter", "question"))
        cid = r.text(m, "chapter", f"{where}.chapter")
        qid = r.text(m, "question", f"{where}.question")
        if m is None or cid is None or qid is None:
            continue
        if cid not in by_id:
            r.error(
                line,
                f"{where}.chapter: '{cid}' is not a chapter; expected one of: " + ", ".join(by_id),
            )
            continue
        ids = [q.id for q in by_id[cid].questions]
        if qid not in ids:
            r.error(line, f"{where}.question: chapter '{cid}' has no question '{qid}'")
            continue
        if by_id[cid].question(qid).kind != CHOICE:
            r.error(
                line,
                f"{where}.question: '{qid}' is an ordering question; the pre-test and "
                "post-test use choice questions, answered with one click",
            )
            continue
        item = PrePostItem(cid, qid)
        if r.first_use(seen, item.key, where, line):
            items.append(item)
            per_chapter[cid] += 1
    counts = set(per_chapter.values())
    if len(r.problems) == problems and len(counts) > 1:  # one problem, one message
        r.error(
            r.line_of(top, "pre_post_test"),
            "pre_post_test: every chapter needs the same number of questions, so that the "
            "gains per chapter compare; found "
            + ", ".join(f"{cid} {k}" for cid, k in per_chapter.items()),
        )
    return tuple(items)


def _questions(r: Reader, chapter: Mapping, where: str) -> tuple[Question, ...]:
    items = r.sequence(chapter, "questions", f"{where}.questions", min_items=1) or []
    result = []
    seen: set[str] = set()
    for w, line, m in r.entries(
        items,
        f"{where}, questions",
        required=("id", "kind", "prompt", "explanation", "source", "answer"),
        optional=("choices", "items"),
    ):
        qid = r.unique_identifier(m, "id", f"{w}.id", seen, line=line, within=" in this chapter")
        kind = r.choice(m, "kind", f"{w}.kind", (CHOICE, ORDER), default=CHOICE)
        prompt = r.text(m, "prompt", f"{w}.prompt")
        explanation = r.text(m, "explanation", f"{w}.explanation")
        source = r.text(m, "source", f"{w}.source")
        _check_source(r, m, w, source)
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
        if kind == CHOICE and answer is not None:
            _check_wrong_feedback(r, m, w, options, answer[0])
        if None in (qid, kind, prompt, explanation, source) or answer is None or not options:
            continue
        result.append(Question(qid, kind, prompt, options, answer, explanation, source))
    return tuple(result)


def _items(r: Reader, m: Mapping, key: str, where: str) -> tuple[Item, ...]:
    items = r.sequence(m, key, f"{where}.{key}", min_items=2) or []
    result = []
    seen: set[str] = set()
    for w, line, im in r.entries(
        items, f"{where}.{key}", required=("id", "text"), optional=("feedback",)
    ):
        iid = r.unique_identifier(im, "id", f"{w}.id", seen, line=line)
        text = r.text(im, "text", f"{w}.text")
        feedback = r.text(im, "feedback", f"{w}.feedback", required=False)
        if key == "choices" and not feedback:
            r.error(line, f"{w}: every choice needs 'feedback' saying why it is right or wrong")
        if iid and text:
            result.append(Item(iid, text, feedback or ""))
    return tuple(result)


def _check_wrong_feedback(
    r: Reader, m: Mapping, where: str, options: tuple[Item, ...], right: str
) -> None:
    """A wrong choice's feedback explains: one sentence or more, not a bare "No."."""
    listed = m.get("choices") or []
    for n, option in enumerate(options):
        if option.id == right or not option.feedback:
            continue
        sentence = option.feedback.rstrip("\"')”’").endswith(".")
        if len(option.feedback.split()) < MIN_FEEDBACK_WORDS or not sentence:
            choice = listed[n] if n < len(listed) else None
            shown = option.feedback if len(option.feedback) <= 40 else option.feedback[:39] + "…"
            r.error(
                r.line_of(choice, "feedback", r.line_of(m, "choices")),
                f"{where}.choices[{n}].feedback: '{shown}' does not explain why "
                f"'{option.id}' is wrong; write at least one full sentence "
                f"({MIN_FEEDBACK_WORDS} words or more, ending with a full stop)",
            )


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
