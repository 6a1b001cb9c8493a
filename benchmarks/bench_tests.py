"""Benchmarks of the test suite (``make bench``): how long a developer waits for it.

The package tests (``-m "not build and not browser"``: the model, the widgets,
the classroom tools, the command line, property-based tests) are what one runs
after every change, so they are timed several times. The whole pytest suite adds
the book build, the built-site checks and the browser tests (chromium driving
every page and every live exercise); it takes several minutes, so it runs once,
and only when ``PEACEKIT_BENCH_FULL_SUITE=1`` asks for it. Neither counts
nbval over the notebooks or the Pyodide run of ``make test``.
"""

from __future__ import annotations

import os
import re
import sys

import pytest
from report import BUILD, runs
from site_support import ROOT
from stopwatch import timed_command

PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
FULL_SUITE = os.environ.get("PEACEKIT_BENCH_FULL_SUITE") == "1"


def summary(output: str) -> str:
    """pytest's last line, e.g. ``613 passed, 125 deselected``, without the time."""
    last = output.strip().splitlines()[-1].strip("= ")
    return re.sub(r"\s+in [\d.]+s.*$", "", last)


def test_package_tests(report):
    timed = [
        timed_command([*PYTEST, "-m", "not build and not browser"], ROOT) for _ in range(runs(3))
    ]
    report.add(
        BUILD,
        'package tests: `pytest -m "not build and not browser"`',
        [t for t, _ in timed],
        "s",
        note=f"{summary(timed[-1][1])}: model, widgets, classroom tools, command line",
    )


def test_whole_pytest_suite(report):
    if not FULL_SUITE:
        report.remark(
            BUILD,
            "The whole pytest suite (book build, site checks, browser tests) was not timed in "
            "this run: `PEACEKIT_BENCH_FULL_SUITE=1 make bench` times it once.",
        )
        pytest.skip("the whole suite is timed only with PEACEKIT_BENCH_FULL_SUITE=1")
    elapsed, output = timed_command(PYTEST, ROOT)
    report.add(
        BUILD,
        "the whole pytest suite: `pytest` (package tests, book build, site and browser tests)",
        [elapsed],
        "s",
        note=f"{summary(output)}; 1 run: it takes minutes; without nbval and Pyodide",
    )
