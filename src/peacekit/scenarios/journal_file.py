"""The reflection journal's file: load, save and recover a student's answers.

A student's writing is the one thing in this toolkit that cannot be
recomputed, so this module is careful:

* answers live in one JSON file beside the notebooks, shared by every
  exercise notebook; a save re-reads the file and changes only the answers
  this notebook edited, so two open notebooks never overwrite each other;
* every write is atomic (:func:`peacekit.scenarios.safe_files.write_text_atomic`);
* a file that cannot be read is never overwritten: it is kept under a new
  name (``….bak-YYYYMMDD-HHMMSS``) and the student is told where it is, in
  one line;
* exports (Markdown or HTML, for submission) are handouts like every printed
  sheet (:mod:`peacekit.classroom.journal_export`).

The questions are read by :mod:`peacekit.scenarios.questions`; there is no
widget code here (:mod:`peacekit.widgets.journal` is the view).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .safe_files import StudentFile, StudentFileError, Words, json_document

FORMAT = "peacekit-journal/1"
DEFAULT_NAME = "my-reflections.journal.json"
#: A journal this large is not a student's text; refuse to read it into a widget.
MAX_BYTES = 5_000_000
WORDS = Words(
    fresh="New answers go to a fresh journal.",
    reopen="reopen the journal to recover it",
    unsaved="your text is still in the boxes, so export it before closing the notebook",
)


# -- the journal file ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Loaded:
    answers: dict[str, str]
    name: str
    problem: str | None = None
    """One line for the student when the file could not be read (and where it was kept)."""
    backup: Path | None = None


class JournalError(StudentFileError):
    """A one-line problem with the journal file, meant for the student."""


class JournalStore:
    """One journal file. ``load`` never destroys a file; ``save`` merges and writes atomically."""

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] = datetime.now):
        self.file = StudentFile(
            path, _parse, clock=clock, error=JournalError, words=WORDS, max_bytes=MAX_BYTES
        )
        self.path = self.file.path

    def load(self) -> Loaded:
        """Read the answers. A missing file is an empty journal; a bad one is set aside."""
        loaded = self.file.load()
        answers, name = loaded.value or ({}, "")
        return Loaded(answers, name, loaded.problem, loaded.backup)

    def read(self) -> tuple[dict[str, str], str]:
        """The answers and name on disk, with no side effects ({} if there is no file).

        Raises OSError or ValueError when the file cannot be read.
        """
        return self.file.read() or ({}, "")

    def save(self, changed: Mapping[str, str], *, name: str | None = None) -> dict[str, str]:
        """Write ``changed`` answers (and the name), keeping every other answer on disk.

        Returns every answer now in the file. Raises :class:`JournalError` if the file on
        disk cannot be read (it is never overwritten then) or written.
        """
        merged: dict[str, str] = {}

        def document(current: tuple[dict[str, str], str] | None) -> str:
            answers, current_name = current or ({}, "")
            merged.update({**answers, **{k: str(v) for k, v in changed.items()}})
            return (
                json.dumps(
                    {
                        "format": FORMAT,
                        "name": current_name if name is None else name,
                        "saved": self.file.stamp(),
                        "answers": dict(sorted(merged.items())),
                    },
                    indent=2,
                    ensure_ascii=False,
                )
                + "\n"
            )

        self.file.update(document)
        return merged


def _parse(raw: bytes) -> tuple[dict[str, str], str]:
    """Answers and name from the file's bytes; ValueError with a short reason otherwise."""
    data = json_document(raw, FORMAT, "a peacekit journal", MAX_BYTES)
    answers = data.get("answers")
    if not isinstance(answers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
    ):
        raise ValueError("'answers' must map question keys to text")
    name = data.get("name", "")
    return dict(answers), name if isinstance(name, str) else ""


# -- saving without threads -------------------------------------------------------------------
class Debounce:
    """Decide when to save, by timestamps alone (Pyodide has no threads).

    A change is saved at once if the last save was at least ``interval``
    seconds ago; otherwise it is marked pending, and the widget saves it on
    the next change after the interval or when its browser-side timer fires.
    """

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self._clock = clock
        self._last: float | None = None
        self.pending = False

    def changed(self) -> bool:
        """Record a change; True when it should be saved now."""
        now = self._clock()
        if self._last is None or now - self._last >= self.interval:
            return True
        self.pending = True
        return False

    def saved(self) -> None:
        self._last = self._clock()
        self.pending = False
