"""The pre-test and post-test file: a student's answers at the start and the end of the course.

The two tests are the same questions (``pre_post_test`` in the knowledge-check
file), taken in two notebooks weeks apart, so the answers must outlive the
kernel, the browser tab and a damaged file. They are kept like the journal
(:class:`peacekit.scenarios.safe_files.StudentFile`): one JSON file beside the
notebooks, written atomically; each notebook writes only its own sitting (``pre``
or ``post``) and keeps the other's; a file that cannot be read is set aside
unchanged and the student told in one line. A finished sitting is never changed
again, so the gain compares what the student knew before with what they knew after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .safe_files import StudentFile, StudentFileError, Words, json_document

FORMAT = "peacekit-pre-post-test/1"
DEFAULT_NAME = "my-pre-post-test.json"
PRE = "pre"
POST = "post"
SITTINGS = (PRE, POST)
#: The answer "I don't know yet": a value no choice id can take (ids start with a letter).
NOT_SURE = "?"
MAX_BYTES = 1_000_000
WORDS = Words(
    fresh="Your new answers go to a fresh file.",
    reopen="reopen the test to recover it",
    unsaved="your answers are still on the page; do not close it until they are saved",
)


@dataclass(frozen=True)
class Sitting:
    """One sitting of the test: the answers so far and, once handed in, when."""

    answers: Mapping[str, str] = field(default_factory=dict)
    """``chapter.question`` -> the chosen choice id, or :data:`NOT_SURE`."""
    finished: str | None = None
    """When the student finished this sitting (ISO date and time), or None."""


@dataclass(frozen=True)
class Sittings:
    pre: Sitting = Sitting()
    post: Sitting = Sitting()

    def of(self, sitting: str) -> Sitting:
        return {PRE: self.pre, POST: self.post}[check_sitting(sitting)]


@dataclass(frozen=True)
class Loaded:
    sittings: Sittings
    problem: str | None = None
    """One line for the student when the file could not be read (and where it was kept)."""
    backup: Path | None = None


class PrePostError(StudentFileError):
    """A one-line problem with the pre-test and post-test file, meant for the student."""


def check_sitting(sitting: object) -> str:
    if sitting not in SITTINGS:
        raise ValueError(f"{sitting!r} is not a sitting; expected 'pre' or 'post'")
    return str(sitting)


class PrePostStore:
    """One student's pre-test and post-test answers in one file."""

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] = datetime.now):
        self.file = StudentFile(
            path, _parse, clock=clock, error=PrePostError, words=WORDS, max_bytes=MAX_BYTES
        )
        self.path = self.file.path

    def load(self) -> Loaded:
        """Both sittings. A missing file holds none; a damaged one is set aside."""
        loaded = self.file.load()
        return Loaded(loaded.value or Sittings(), loaded.problem, loaded.backup)

    def save(self, sitting: str, answers: Mapping[str, str], *, finish: bool = False) -> Sittings:
        """Write this sitting's ``answers`` (and, with ``finish``, hand it in), keeping the
        other sitting as it is on disk. Returns both sittings as now saved.

        Raises :class:`PrePostError` if the file cannot be read or written, or if this
        sitting was already finished (in another notebook, say): its answers stay as
        they were handed in.
        """
        sitting = check_sitting(sitting)
        saved: list[Sittings] = []

        def document(current: Sittings | None) -> str:
            current = current or Sittings()
            before = current.of(sitting)
            if before.finished:
                raise PrePostError(
                    f"{self.path.name}: not saved, because the {_name(sitting)} was already "
                    f"finished on {before.finished.replace('T', ' at ')}; its answers are kept "
                    "as they were handed in"
                )
            now = Sitting(
                {k: str(v) for k, v in sorted(answers.items())},
                self.file.stamp() if finish else None,
            )
            after = Sittings(
                now if sitting == PRE else current.pre, now if sitting == POST else current.post
            )
            saved.append(after)
            return json.dumps(_document(after, self.file.stamp()), indent=2) + "\n"

        self.file.update(document)
        return saved[0]


def _name(sitting: str) -> str:
    return "pre-test" if sitting == PRE else "post-test"


def _document(sittings: Sittings, saved: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "saved": saved,
        **{
            s: {"answers": dict(sittings.of(s).answers), "finished": sittings.of(s).finished}
            for s in SITTINGS
        },
    }


def _parse(raw: bytes) -> Sittings:
    """Both sittings from the file's bytes; ValueError with a short reason otherwise."""
    data = json_document(raw, FORMAT, "a peacekit pre-test and post-test file", MAX_BYTES)
    parts = []
    for s in SITTINGS:
        part = data.get(s, {})
        answers = part.get("answers", {}) if isinstance(part, dict) else None
        finished = part.get("finished") if isinstance(part, dict) else None
        if not isinstance(answers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
        ):
            raise ValueError(f"'{s}' must hold 'answers' that map questions to choices")
        if finished is not None and not _is_time(finished):
            raise ValueError(f"'{s}.finished' must be a date and time, or null")
        parts.append(Sitting(dict(answers), finished))
    return Sittings(*parts)


def _is_time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
