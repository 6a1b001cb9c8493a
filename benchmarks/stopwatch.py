"""Timing what runs in a process of its own: a fresh interpreter, a build, a test suite.

pytest-benchmark times a function inside the benchmark's own interpreter, where
every module is already imported. Start-up costs (an import, a whole build, a
test run) only show in a new process, so these helpers start one per run.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def seconds_in_fresh_python(statement: str, runs: int) -> list[float]:
    """Seconds ``statement`` takes in a new interpreter, timed inside it (start-up excluded)."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]


def timed_command(command: list[str], cwd: Path) -> tuple[float, str]:
    """Wall-clock seconds of ``command`` and its output; fails, showing the output's end, if
    the command fails."""
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, (
        f"{' '.join(command)} failed ({proc.returncode}):\n{output[-3000:]}"
    )
    return elapsed, output
