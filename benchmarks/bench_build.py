"""Benchmarks of building the site (``make bench``): a clean build and a cached rebuild.

A clean build must start from nothing: no executed-notebook cache, no doctrees,
no JupyterLite output. Deleting those in the working tree would cost the next
``make book`` its cache, so each clean build runs in a fresh copy of the
repository's tracked files under ``_build/bench-build``. The copy shares the web
assets ``scripts/site_assets.py`` already fetched (``_build/site-assets`` and
``_build/.downloads`` are linked, ``lite/static`` is copied, as the fixture book
does), so the timing is the build, not the downloads. A timed build is what
``make book`` runs after fetching the assets: the cache guard, then
``jupyter-book build . -W -n --keep-going``; it must succeed without a warning.
"""

from __future__ import annotations

import shutil
import subprocess
import time

from report import BUILD, runs
from site_support import ROOT, guard_cache, run_jupyter_book

COPY = ROOT / "_build" / "bench-build"
SHARED_ASSETS = ("site-assets", ".downloads")
BUILDS = runs(3)


def fresh_copy() -> None:
    """The tracked files as they are in the working tree, with the fetched assets."""
    assert (ROOT / "lite" / "static" / "pyodide").is_dir(), "run `make site-assets` first"
    shutil.rmtree(COPY, ignore_errors=True)
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for name in filter(None, tracked.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is skipped
            (COPY / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, COPY / name)
    (COPY / "_build").mkdir(exist_ok=True)
    for name in SHARED_ASSETS:
        (COPY / "_build" / name).symlink_to(ROOT / "_build" / name, target_is_directory=True)
    shutil.copytree(ROOT / "lite" / "static", COPY / "lite" / "static")


def timed_build() -> tuple[float, int]:
    """Seconds of one build of the copy, and how many notebooks it executed."""
    start = time.perf_counter()
    guard_cache(COPY)
    log = run_jupyter_book(COPY)
    elapsed = time.perf_counter() - start
    return elapsed, log.count("Executed notebook in")


def test_clean_and_cached_builds(report):
    clean = []
    for _ in range(BUILDS):
        fresh_copy()
        clean.append(timed_build())
    assert (COPY / "_build" / "html" / "lite" / "jupyter-lite.json").is_file()
    executed = {n for _, n in clean}
    assert executed and min(executed) > 0, "a clean build executed no notebook"
    report.add(
        BUILD,
        "clean build, every notebook executed (`make book` from nothing, assets fetched)",
        [t for t, _ in clean],
        "s",
        note=f"notebooks executed per build: {', '.join(map(str, sorted(executed)))}; "
        "includes the JupyterLite build",
    )
    cached = [timed_build() for _ in range(BUILDS)]
    executed = {n for _, n in cached}
    report.add(
        BUILD,
        "cached rebuild, nothing changed (`make book` again)",
        [t for t, _ in cached],
        "s",
        note=f"notebooks executed per rebuild: {', '.join(map(str, sorted(executed)))}; "
        "the JupyterLite build runs every time",
    )
    shutil.rmtree(COPY)  # about 100 MB, and a second site nobody should open by mistake
