"""Fixtures for ``make bench``: the built sites, chromium, and the benchmark report.

At the end of the session the report is written to ``_build/bench.md`` (and as
JSON to ``test-artifacts/bench.json``) and printed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "site"))

from report import Report
from site_support import (
    ARTIFACTS,
    ROOT,
    build_book,
    chromium_browser,
    guard_cache,
    make_fixture_book,
)

REPORT_FILE = ROOT / "_build" / "bench.md"
REPORT = Report()  # started with the session: its date and load average are the start's


@pytest.fixture(scope="session")
def public_site() -> Path:
    guard_cache(ROOT)
    return build_book(ROOT)


@pytest.fixture(scope="session")
def fixture_site() -> Path:
    return build_book(make_fixture_book())


@pytest.fixture(scope="session")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def report() -> Report:
    return REPORT


def incomplete(terminalreporter, config) -> str:
    """Why the report lacks figures, if it does: a failure, or a run of only some benchmarks."""
    stats = terminalreporter.stats
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    reasons = [f"{failed} benchmark(s) failed or errored (see pytest's output)."] if failed else []
    here = Path(__file__).resolve().parent
    whole = [Path(arg).resolve() for arg in config.args] == [here]
    if not whole or stats.get("deselected"):
        reasons.append(
            f"only some benchmarks ran (`pytest {' '.join(config.invocation_params.args)}`)."
        )
    return " ".join(reasons)


def pytest_terminal_summary(terminalreporter, config):
    if not (REPORT.figures or REPORT.tables):
        return
    text = REPORT.markdown(incomplete(terminalreporter, config))
    REPORT_FILE.parent.mkdir(exist_ok=True)
    REPORT_FILE.write_text(text)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench.json").write_text(json.dumps(REPORT.as_json(), indent=2) + "\n")
    terminalreporter.section("benchmark report")
    terminalreporter.write_line(text)
    terminalreporter.write_line(f"(written to {REPORT_FILE} and {ARTIFACTS / 'bench.json'})")
