"""A student's files: never half written, never overwritten when they cannot be read.

The text goes to a temporary file in the same folder first and replaces the
target only when it is complete (``os.replace`` is atomic on one file
system). Some browser file systems (the JupyterLite drive) may refuse the
rename; the fallback then writes the target directly, having already made
sure the complete text could be written somewhere.

:class:`StudentFile` is what the journal and the pre-test and post-test share: a
file that cannot be read is kept as a backup and the student told in one line.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar


def write_text_atomic(path: str | Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step. Raises OSError if it cannot."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step. Raises OSError if it cannot."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            with contextlib.suppress(OSError, AttributeError):
                os.fsync(handle.fileno())
        try:
            os.replace(temp, path)
        except OSError:
            # No atomic rename here: write in place; the temp copy stays until this succeeds.
            with open(path, "wb") as handle:
                handle.write(data)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


# -- a student's file: never overwritten when it cannot be read ----------------------------------
T = TypeVar("T")


class StudentFileError(RuntimeError):
    """A one-line problem with a student's file, meant for the student."""


@dataclass(frozen=True)
class Loaded(Generic[T]):
    value: T | None
    """What the file holds (None for no file, or one that was set aside)."""
    problem: str | None = None
    """One line for the student when the file could not be read (and where it was kept)."""
    backup: Path | None = None


@dataclass(frozen=True)
class Words:
    """How the messages name what a file holds and what the student can still do."""

    fresh: str = "New answers go to a fresh file."
    reopen: str = "reopen the notebook to recover it"
    unsaved: str = "your answers are still on the page; note them down before closing it"


class StudentFile(Generic[T]):
    """A student's work in one file beside the notebooks, which is never lost.

    ``parse`` turns the file's bytes into its value, or raises ValueError with a short
    reason. ``load`` never destroys a file: one that cannot be parsed is kept unchanged
    under a new name (``….bak-YYYYMMDD-HHMMSS``) and the student is told where, in one
    line. ``update`` re-reads the file, so that two notebooks saving to it keep each
    other's work, and writes atomically; it refuses to overwrite a file it cannot read.
    """

    def __init__(
        self,
        path: str | Path,
        parse: Callable[[bytes], T],
        *,
        clock: Callable[[], datetime] = datetime.now,
        error: type[StudentFileError] = StudentFileError,
        words: Words = Words(),
    ):
        self.path = Path(path)
        self.parse = parse
        self.clock = clock
        self.error = error
        self.words = words

    def load(self) -> Loaded[T]:
        """Read the file. A missing file holds nothing; a damaged one is set aside."""
        if not self.path.exists():
            return Loaded(None)
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            # Unreadable (permissions, a folder): nothing to back up, and never overwrite it.
            raise self.error(
                f"{self.path.name}: cannot be read ({exc.strerror or exc}); your answers will "
                "not be saved until it can be"
            ) from None
        try:
            return Loaded(self.parse(raw))
        except ValueError as exc:
            backup = self.set_aside()
            return Loaded(
                None,
                problem=(
                    f"{self.path.name}: could not be read ({exc}). It was kept unchanged as "
                    f"{backup.name}; open that file in a text editor to recover your text. "
                    + self.words.fresh
                ),
                backup=backup,
            )

    def read(self) -> T | None:
        """The value on disk with no side effects (None if there is no file).

        Raises OSError or ValueError when the file cannot be read.
        """
        if not self.path.exists():
            return None
        return self.parse(self.path.read_bytes())

    def update(self, change: Callable[[T | None], str]) -> None:
        """Write ``change(value on disk)``, the file's new text. Raises the store's error if
        the file on disk cannot be read (it is never overwritten then) or written."""
        try:
            current = self.read()
        except (OSError, ValueError) as exc:
            raise self.error(
                f"{self.path.name}: not saved, because the file on disk cannot be read "
                f"({exc}); {self.words.reopen}"
            ) from None
        try:
            write_text_atomic(self.path, change(current))
        except OSError as exc:
            raise self.error(
                f"{self.path.name}: could not be saved ({exc.strerror or exc}); "
                + self.words.unsaved
            ) from None

    def stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def set_aside(self) -> Path:
        stamp = self.clock().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.bak-{stamp}")
        n = 1
        while backup.exists():
            backup = self.path.with_name(f"{self.path.name}.bak-{stamp}-{n}")
            n += 1
        try:
            self.path.rename(backup)
        except OSError:
            # Some browser file systems cannot rename: copy the bytes, then remove the original.
            write_bytes_atomic(backup, self.path.read_bytes())
            self.path.unlink()
        return backup


def json_document(raw: bytes, fmt: str, what: str, max_bytes: int) -> dict:
    """The JSON object in a student's file of format ``fmt``; ValueError with a short reason
    (``what`` names the kind of file: "a peacekit journal")."""
    if len(raw) > max_bytes:
        raise ValueError(f"it is {len(raw):,} bytes, far larger than {what}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise ValueError(f"it is not {what} (expected format '{fmt}')")
    return data
