"""The reflection journal, exported for submission: a handout like every printed sheet.

A student hands in the journal as Markdown (to paste into a learning platform) or
as a standalone HTML page that prints well. Both are renderings of one
:class:`~peacekit.classroom.handout.Handout`, so they hold the same words, and the
student's text is escaped by the renderer in one place like every scenario text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from ..scenarios.questions import JournalSection
from .handout import Block, Break, Em, Handout, Heading, Para, Runs, to_html, to_markdown

TITLE = "Reflection journal"
NO_ANSWER = "No answer yet."


def journal_handout(
    sections: tuple[JournalSection, ...],
    answers: Mapping[str, str],
    *,
    name: str = "",
    course: str = "",
    when: datetime | None = None,
) -> Handout:
    """The questions of ``sections`` with the student's answers, under a line each for the
    course, the student's name and the time of the export (where given)."""
    blocks: list[Block] = [Para((line,)) for line in _front_matter(name, course, when)]
    for section in sections:
        blocks.append(Heading(2, section.title))
        for question in section.questions:
            blocks.append(Heading(3, question.text))
            answer = answers.get(question.key, "").strip()
            blocks.append(Para(_lines(answer), "answer") if answer else Para((Em(NO_ANSWER),)))
    return Handout(
        title=TITLE,
        subtitle="",
        blocks=tuple(blocks),
        running_head=f"{TITLE} · {name.strip()}" if name.strip() else TITLE,
        footer=course,
        kind="journal",
    )


def export_markdown(sections: tuple[JournalSection, ...], answers: Mapping[str, str], **kw) -> str:
    """The journal as Markdown (keywords as :func:`journal_handout`)."""
    return to_markdown(journal_handout(sections, answers, **kw))


def export_html(sections: tuple[JournalSection, ...], answers: Mapping[str, str], **kw) -> str:
    """The journal as a standalone page (no scripts, no external files) that prints well."""
    return to_html(journal_handout(sections, answers, **kw))


def _lines(text: str) -> Runs:
    """A multi-line answer as runs with a line break between its lines."""
    parts: list[str | Break] = []
    for n, line in enumerate(text.splitlines()):
        if n:
            parts.append(Break())
        parts.append(line)
    return tuple(parts)


def _front_matter(name: str, course: str, when: datetime | None) -> list[str]:
    lines = []
    if course:
        lines.append(f"Course: {course}")
    if name.strip():
        lines.append(f"Name: {name.strip()}")
    if when is not None:
        lines.append(f"Exported: {when:%Y-%m-%d %H:%M}")
    return lines
