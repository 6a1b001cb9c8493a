"""Benchmarks of the live exercises and the site's size (``make bench``).

Numbers, not pass/fail speed targets: the tests only fail if the exercise does
not run at all or a request leaves the site. Results go to the benchmark report
(``_build/bench.md``, see ``report.py``).

* time to first widget: a fresh browser session (empty cache) opens the live
  notebook, runs all cells, and waits for the ``pk-result`` widget; measured
  with peacekit and the kernel's packages preloaded at kernel start (the
  site's setting, ``loadPyodideOptions.packages`` in ``lite/jupyter-lite.json``;
  ``PEACEKIT_BENCH_REPEATS=N`` runs each; the report gives medians). There is no
  comparison without the preload: the notebooks' setup cell relies on it (it
  installs the course package only on Colab), so without it an exercise stops at
  its first cell by design;
* MB downloaded by that fresh session, counted by the local server;
* the built site's total and gzipped size.
"""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path

import pytest
from report import SITE, runs
from site_support import (
    FIXTURE_NOTEBOOK,
    RESULT,
    Watch,
    exercise_notebooks,
    gzipped_size,
    live_url,
    run_all_cells,
    serve,
)

pytestmark = pytest.mark.bench

NOTEBOOKS = [
    pytest.param("fixture_site", FIXTURE_NOTEBOOK.name, id=f"fixture:{FIXTURE_NOTEBOOK.stem}"),
    *(pytest.param("public_site", nb.name, id=nb.stem) for nb in exercise_notebooks()),
]


def fresh_session(browser, site: Path, notebook: str) -> dict:
    with serve(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        watch = Watch(context)
        page = watch.page(context)
        start = time.perf_counter()
        page.goto(live_url(server.base, notebook))
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        notebook_shown = time.perf_counter() - start
        run_all_cells(page)
        page.locator(RESULT).first.wait_for(timeout=300_000)
        first_widget = time.perf_counter() - start
        downloaded = server.bytes_sent["n"]
        served = list(server.bytes_sent["paths"])
        context.close()
    assert not watch.external, watch.external
    return {
        "notebook_shown": notebook_shown,
        "first_widget": first_widget,
        "downloaded": downloaded,
        "gzipped": gzipped_size(site, served),
        "requests": len(served),
    }


SESSIONS = runs(2)  # per notebook; a cold start takes about half a minute
LIVE = (
    "Live exercises in JupyterLite: a student's first session",
    "A fresh browser session (empty cache) opens the notebook in the site's JupyterLite, "
    "runs all cells and waits for the first result widget. *Shown*: seconds until the "
    "notebook appears; *first widget*: until the widget appears, with the kernel's packages "
    "preloaded at start (the site's setting). *Downloaded*: what the session fetched, "
    "uncompressed; *gzipped*: the same files from a "
    "host that compresses them. Medians over the runs given. `fixture:` is the test suite's "
    "small fixture exercise in its fixture site: the kernel's start with almost no notebook.",
    [
        "Notebook",
        "Shown (s)",
        "First widget (s)",
        "Downloaded (MB)",
        "Gzipped (MB)",
        "Requests",
        "Runs",
    ],
)


@pytest.mark.parametrize(("site_fixture", "notebook"), NOTEBOOKS)
def test_time_to_first_widget(request, browser, report, site_fixture, notebook):
    site = request.getfixturevalue(site_fixture)
    sessions = [fresh_session(browser, site, notebook) for _ in range(SESSIONS)]

    def median(key: str) -> float:
        return statistics.median(s[key] for s in sessions)

    report.table(*LIVE).rows.append(
        [
            notebook if site_fixture == "public_site" else f"fixture: {notebook}",
            f"{median('notebook_shown'):.1f}",
            f"{median('first_widget'):.1f}",
            f"{median('downloaded') / 1e6:.1f}",
            f"{median('gzipped') / 1e6:.1f}",
            f"{median('requests'):.0f}",
            str(SESSIONS),
        ]
    )


def folder_size(folder: Path) -> tuple[int, int]:
    total = packed = 0
    for f in folder.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            total += len(data)
            packed += len(gzip.compress(data, compresslevel=6))
    return total, packed


def test_site_size(public_site, report):
    parts = {
        "whole site": public_site,
        "lite (JupyterLite app + Pyodide)": public_site / "lite",
        "lite/static/pyodide": public_site / "lite" / "static" / "pyodide",
        "_static/pk-vendor (widgets JS, MathJax)": public_site / "_static" / "pk-vendor",
    }
    for name, folder in parts.items():
        total, packed = folder_size(folder)
        assert total > 0, name
        report.exact(
            SITE, f"size: {name}", total / 1e6, "MB", note=f"gzipped {packed / 1e6:.1f} MB"
        )
