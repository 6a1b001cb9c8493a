"""Fixtures for ``make bench``: the built sites, chromium, and a results file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from site_support import ARTIFACTS, ROOT, build_book, chromium_browser, make_fixture_book

RESULTS: dict[str, dict] = {}


@pytest.fixture(scope="session")
def public_site() -> Path:
    return build_book(ROOT)


@pytest.fixture(scope="session")
def fixture_site() -> Path:
    return build_book(make_fixture_book())


@pytest.fixture(scope="session")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def results() -> dict[str, dict]:
    return RESULTS


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench.json").write_text(json.dumps(RESULTS, indent=2) + "\n")
    terminalreporter.section("site benchmarks")
    for name, values in RESULTS.items():
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        terminalreporter.write_line(f"{name}: {shown}")
    terminalreporter.write_line(f"(also in {ARTIFACTS / 'bench.json'})")
