"""Shared fixtures.

``built_site`` builds the book once per test session through the real
``jupyter-book`` command line with ``-W -n --keep-going`` and hands the HTML
folder to every test that inspects the site.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the public edition with warnings as errors; return ``_build/html``."""
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "cache_guard.py")], check=True)
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"jupyter-book build failed:\n{log[-6000:]}"
    warnings = [line for line in log.splitlines() if "WARNING" in line]
    assert not warnings, "the build printed warnings:\n" + "\n".join(warnings)
    return SITE
