"""Exercise 6, knowledge checks: judging an answer, and feedback that explains.

The questions are read from the course's question file by
:mod:`peacekit.scenarios.questions`; this module judges an answer, so the widget,
the tests and any other front end agree on what is right, and turns each
question's source into links a student can follow from wherever the exercise runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ..charts.palette import BLUE
from ..scenarios.questions import CHOICE, LINK, SITE_PAGE, WEB_PAGE, Chapter, Question

#: A site root the widget may give: relative (``../``) or an http(s) address, ending in ``/``.
SITE_ROOT = re.compile(r"^(?:(?:\.\./)+|https?://[^\s\"'<>]+/)$")


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


def source_html(source: str, site_root: str | None) -> str:
    """A question's source as safe HTML: each Markdown link a real link that opens in a new
    tab (so a live notebook keeps its state), everything else escaped text.

    ``site_root`` is where the course site's root is, seen from the page that shows the
    exercise: ``../`` on the book's exercise pages, the site's address in JupyterLite or
    where ``_config.yml`` names the published site. A page of the site (``book/....html``)
    is linked from there; with no root (a notebook far from any site) it is shown as text
    with its path, which still tells the student where to look. A web address is always
    linked; any other target is never a link.
    """
    root = site_root if site_root is not None and SITE_ROOT.match(site_root) else None
    parts: list[str] = []
    end = 0
    for match in LINK.finditer(source):
        parts.append(escape(source[end : match.start()]))
        text, target = match.groups()
        if WEB_PAGE.match(target):
            parts.append(_link(target, text))
        elif SITE_PAGE.match(target) and root is not None:
            parts.append(_link(root + target, text))
        elif SITE_PAGE.match(target):
            parts.append(f"{escape(text)} (on the course site: <code>{escape(target)}</code>)")
        else:
            parts.append(escape(match.group(0)))
        end = match.end()
    parts.append(escape(source[end:]))
    return "".join(parts)


def _link(href: str, text: str) -> str:
    # Styled here: a notebook's widget output has no link style of its own, and a link that
    # looks like plain text is not followed. Underlined, so colour is not the only cue.
    return (
        f'<a href="{escape(href, quote=True)}" target="_blank" rel="noopener" '
        f'title="Opens in a new tab" style="color:{BLUE};text-decoration:underline">'
        f"{escape(text)}</a>"
    )
