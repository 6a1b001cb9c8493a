"""Fixtures of the site tests.

``built_site`` builds the book once per test session through the real
``jupyter-book`` command line with ``-W -n --keep-going`` and hands the HTML
folder to every test that inspects the site. ``fixture_site`` does the same for
a tiny book with the repository's configuration and two fixture exercises
(``tests/fixtures/live-check.ipynb``, and ``live-error.ipynb`` whose handlers raise),
so the exercise-page and live-exercise machinery is tested even before, and besides,
the real exercises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .site_support import build_book, chromium_browser, guard_cache, make_fixture_book

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the public edition with warnings as errors; return ``_build/html``."""
    guard_cache(ROOT)
    assert build_book(ROOT) == SITE
    return SITE


@pytest.fixture(scope="session")
def fixture_site() -> Path:
    """Build the fixture book (one fixture exercise); return its ``_build/html``."""
    return build_book(make_fixture_book())


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright, offline but for the local test server."""
    with chromium_browser() as chromium:
        yield chromium
