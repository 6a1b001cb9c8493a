"""The benchmark report: every figure ``make bench`` measures, in one Markdown document.

The figures come from many places (pytest-benchmark timings, subprocesses timed
by the clock, browser sessions, file sizes). A reader wants them side by side,
each median with the number of runs behind it and the machine it was measured
on, rather than scattered through pytest's output. Benchmarks record into one
session-wide :class:`Report` (the ``report`` fixture); at the end of the session
``benchmarks/conftest.py`` writes ``_build/bench.md`` and
``test-artifacts/bench.json`` and prints the Markdown.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

# Sections of the main table, in the order a reader meets them.
BUILD = "Building the site and running the tests"
MODEL = "The Python model"
WIDGETS = "The exercise widgets: update latency and start-up (CPython, no browser)"
SITE = "The built site"
SECTIONS = (BUILD, MODEL, WIDGETS, SITE)
FIGURE_HEADER = ["What", "Median", "Runs", "Note"]

HOW_TO_READ = """\
How to read it: each figure is the **median** of the runs counted in the *Runs*
column (the middle value, so one slow run on a busy machine does not move it);
"exact" marks a size that does not vary between runs. Times depend on the machine
and on what else it was doing: compare figures measured on the same machine, and
look at the load average above before trusting a small difference. Byte counts
are response bodies as the local test server sent them, **uncompressed** (it does
not gzip, and HTTP headers are not counted); the *gzipped* figures estimate the
same files from a host that compresses them, as GitHub Pages does (gzip level 6).
1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes. A target is the figure the project
aims for on its 2-core reference machine; "over target" is information, not a
test failure: `make bench` fails only if something does not work at all.
"""


def runs(default: int) -> int:
    """How many times to repeat a slow measurement: ``PEACEKIT_BENCH_REPEATS`` or the default."""
    return max(1, int(os.environ.get("PEACEKIT_BENCH_REPEATS", default)))


@dataclass(frozen=True)
class Figure:
    """One row of the main table: a median of ``runs`` measurements (``runs=0``: exact)."""

    section: str
    what: str
    median: float
    unit: str
    runs: int
    note: str = ""
    target: float | None = None  # in ``unit``; lower is better

    def cells(self) -> list[str]:
        note = self.note
        if self.target is not None:
            verdict = "within target" if self.median < self.target else "**over target**"
            target = f"target < {self.target:g} {self.unit}: {verdict}"
            note = f"{target}; {note}" if note else target
        shown = f"{self.median:#.3g}".rstrip(".") if self.median < 100 else f"{self.median:,.0f}"
        return [self.what, f"{shown} {self.unit}", str(self.runs) if self.runs else "exact", note]


@dataclass
class Table:
    """A table of its own (one row per page, per notebook), under the main one."""

    title: str
    intro: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    after: str = ""


def table_markdown(header: list[str], rows: list[list[str]]) -> str:
    right = [i > 0 and all(_numeric(r[i]) for r in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if r else "---" for r in right) + "|")
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _numeric(cell: str) -> bool:
    """A number, perhaps with a unit ("12.3 kB"), or "–" (not measured): right-aligned."""
    return cell == "\u2013" or bool(re.fullmatch(r"[\d.,]+( \w+)?", cell))


def machine() -> dict[str, str]:
    """What the figures were measured on: they mean nothing without it."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    root = Path(__file__).resolve().parent.parent
    git = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=root, capture_output=True, text=True
    )
    return {
        "cores": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
        "commit": git.stdout.strip() or "unknown",
        "load_start": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    }


class Report:
    """The figures and tables of one ``make bench`` session."""

    def __init__(self) -> None:
        self.started = datetime.now().astimezone()
        self.machine = machine()
        self.figures: list[Figure] = []
        self.tables: list[Table] = []
        self.remarks: dict[str, list[str]] = {}  # section -> lines under its table

    def add(self, section: str, what: str, samples: list[float], unit: str, **extra) -> Figure:
        """Record the median of ``samples`` (already in ``unit``)."""
        figure = Figure(section, what, statistics.median(samples), unit, len(samples), **extra)
        self.figures.append(figure)
        return figure

    def exact(self, section: str, what: str, value: float, unit: str, note: str = "") -> None:
        self.figures.append(Figure(section, what, value, unit, 0, note))

    def remark(self, section: str, text: str) -> None:
        """A line under a section's table: what was not measured, and why."""
        self.remarks.setdefault(section, []).append(text)

    def table(self, title: str, intro: str, header: list[str]) -> Table:
        """The table called ``title``, created the first time (parametrized benchmarks share it)."""
        for table in self.tables:
            if table.title == title:
                return table
        self.tables.append(Table(title, intro, header))
        return self.tables[-1]

    def benchmark(self, benchmark, section: str, what: str, unit: str = "ms", **extra) -> Figure:
        """Record a pytest-benchmark result: its median and its number of rounds."""
        scale = {"s": 1, "ms": 1000}[unit]
        stats = benchmark.stats.stats
        figure = Figure(section, what, stats.median * scale, unit, stats.rounds, **extra)
        self.figures.append(figure)
        return figure

    def markdown(self, incomplete: str = "") -> str:
        m = self.machine
        parts = [
            "# Benchmark report (`make bench`)",
            "",
            f"Measured {self.started:%Y-%m-%d %H:%M %Z} on {m['cores']} cores ({m['cpu']}), "
            f"Python {m['python']}, {m['system']}, commit `{m['commit']}`. "
            f"Load average (1, 5, 15 min) at the start: {m['load_start']}; at the end: "
            "{:.2f} {:.2f} {:.2f}.".format(*os.getloadavg()),
            "",
            HOW_TO_READ,
        ]
        if incomplete:
            parts += [f"**Incomplete: {incomplete}** Missing figures are not in the tables.", ""]
        for section in SECTIONS:
            rows = [f.cells() for f in self.figures if f.section == section]
            remarks = self.remarks.get(section, [])
            if rows or remarks:
                parts += [f"## {section}", ""]
            if rows:
                parts += [table_markdown(FIGURE_HEADER, rows), ""]
            parts += [line for remark in remarks for line in (remark, "")]
        for t in self.tables:
            parts += [f"## {t.title}", "", t.intro, "", table_markdown(t.header, t.rows), ""]
            if t.after:
                parts += [t.after, ""]
        return "\n".join(parts)

    def as_json(self) -> dict:
        return {
            "started": self.started.isoformat(timespec="seconds"),
            "machine": self.machine,
            "figures": [asdict(f) for f in self.figures],
            "tables": [asdict(t) for t in self.tables],
            "remarks": self.remarks,
        }
