"""Problems found in a user's file, reported one line each as ``FILE:LINE: message``.

Instructors write scenario and results files by hand. A traceback tells them
nothing; a line that names the file, the line and what was expected lets them
fix the file themselves. Every reader in peacekit reports through this module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) at one line of one file."""

    file: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {kind}{self.message}"


class ScenarioError(ValueError):
    """A file could not be used. ``problems`` holds every error found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__("\n".join(str(p) for p in self.problems))
