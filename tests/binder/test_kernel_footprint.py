"""The measurement behind the hub sizing in the instructor guide (scripts/kernel_footprint.py).

It must measure the kernel, not this process, and count what a session adds: the
fixture exercise (one dropdown) is run, then its control is tried.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from kernel_footprint import kernel_footprint, process_footprint

FIXTURE_NOTEBOOK = Path(__file__).resolve().parents[1] / "fixtures" / "live-check.ipynb"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def test_the_counters_are_read_from_proc():
    mine = process_footprint("pytest", os.getpid())
    assert mine.peak_mb > 10 and mine.cpu_s > 0


def test_the_footprint_is_the_kernels_and_a_session_only_adds_to_it():
    run_all, session = kernel_footprint(FIXTURE_NOTEBOOK)
    assert session.tried == 1, "the fixture shows one dropdown"
    # A Python kernel with ipykernel and ipywidgets loaded: tens of MB.
    assert 30 < run_all.peak_mb < 1000
    assert 0 < run_all.cpu_s <= session.cpu_s
    assert run_all.peak_mb <= session.peak_mb
