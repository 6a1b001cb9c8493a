"""Exercise 7, the reflection journal: which questions a notebook asks, and what the
journal says about the student's answers (loaded, saved, ready to export).

The file itself is read and written by :mod:`peacekit.scenarios.journal_file` and the
export is a handout (:mod:`peacekit.classroom.journal_export`); these are the words
around them, as plain functions the widget and the tests share.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from ..scenarios.questions import JournalSection

COURSE = "No silver bullet: peace between Armenia and Azerbaijan"
NOTE = (
    "Your answers are saved as you type, in a file beside this notebook ({file}), and come "
    "back when you reopen it. They stay on your computer (or in this browser) until you "
    "export them."
)


def sections_for(
    every: tuple[JournalSection, ...], section: str | None
) -> tuple[JournalSection, ...]:
    """One section's questions (a chapter or an exercise), or every section for ``None``.

    Raises ValueError naming the sections there are."""
    if section is not None and section not in [s.id for s in every]:
        raise ValueError(
            f"no reflection questions for '{section}'; expected one of: "
            + ", ".join(s.id for s in every)
        )
    return tuple(s for s in every if section in (None, s.id))


def answered(keys, answers: Mapping[str, str]) -> int:
    """How many of the questions ``keys`` have an answer that is not blank."""
    return sum(1 for key in keys if answers.get(key, "").strip())


def loaded_text(count: int, filename: str) -> str:
    if count:
        return f"Loaded {count} saved answer{'s' if count != 1 else ''} from {filename}."
    return f"Answers will be saved to {filename}."


def saved_text(when: datetime, filename: str) -> str:
    return f"Saved at {when:%H:%M:%S} to {filename}."


def export_text(count: int, total: int) -> str:
    return f"Export ready: {count} of {total} questions answered."
