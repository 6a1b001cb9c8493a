"""Problems found in a user's file, reported one line each as ``FILE:LINE: message``.

Instructors write scenario and results files by hand. A traceback tells them
nothing; a line that names the file, the line and what was expected lets them
fix the file themselves. Every reader in peacekit reports through this module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) at one line of one file.

    ``line`` is ``None`` for a problem with the file as a whole (it is missing, a
    folder, a device, unreadable): there is no line to point at, and ``FILE:0:``
    would send the reader looking for one.
    """

    file: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {kind}{self.message}"


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Sorted by file, then line (problems with the whole file first)."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


class ScenarioError(ValueError):
    """A file could not be used. ``problems`` holds every error found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = in_file_order(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
