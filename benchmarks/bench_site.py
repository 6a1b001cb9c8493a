"""Benchmarks of the live exercises and the site's size (``make bench``).

Numbers, not pass/fail speed targets: the tests only fail if the exercise does
not run at all or a request leaves the site. Results are printed at the end
and written to ``test-artifacts/bench.json``.

* time to first widget: a fresh browser session (empty cache) opens the live
  notebook, runs all cells, and waits for the ``pk-result`` widget; measured
  with peacekit and the kernel's packages preloaded at kernel start (the
  site's setting, ``loadPyodideOptions.packages`` in ``lite/jupyter-lite.json``)
  and, for comparison, without the preload (``PEACEKIT_BENCH_REPEATS=N`` runs N
  alternating pairs and reports the median: one run is noisy on a busy machine);
* MB downloaded by that fresh session, counted by the local server;
* the built site's total and gzipped size.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from site_support import (
    FIXTURE_NOTEBOOK,
    RESULT,
    Watch,
    exercise_notebooks,
    live_url,
    run_all_cells,
    serve,
)

pytestmark = pytest.mark.bench

NOTEBOOKS = [
    pytest.param("fixture_site", FIXTURE_NOTEBOOK.name, id=f"fixture:{FIXTURE_NOTEBOOK.stem}"),
    *(pytest.param("public_site", nb.name, id=nb.stem) for nb in exercise_notebooks()),
]


def without_preload(route) -> None:
    """Serve jupyter-lite.json without loadPyodideOptions (the kernel's default start)."""
    response = route.fetch()
    text = response.text()
    data = json.loads(text)
    for settings in data.get("jupyter-config-data", {}).get("litePluginSettings", {}).values():
        settings.pop("loadPyodideOptions", None)
    route.fulfill(response=response, body=json.dumps(data))


def fresh_session(browser, site: Path, notebook: str, preload: bool) -> dict:
    with serve(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        watch = Watch(context)
        if not preload:
            context.route(re.compile(r".*/jupyter-lite\.json(\?.*)?$"), without_preload)
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
    # What the same files cost from a host that gzips responses (GitHub Pages does).
    gzipped = 0
    for path in set(served):
        file = site / unquote(urlparse(path).path).lstrip("/")
        if file.is_file():
            gzipped += len(gzip.compress(file.read_bytes(), compresslevel=6)) * served.count(path)
    assert not watch.external, watch.external
    return {
        "notebook_shown_s": round(notebook_shown, 1),
        "first_widget_s": round(first_widget, 1),
        "downloaded_MB": round(downloaded / 1e6, 1),
        "downloaded_gzipped_MB": round(gzipped / 1e6, 1),
        "requests": len(served),
    }


REPEATS = int(os.environ.get("PEACEKIT_BENCH_REPEATS", "1"))  # alternating pairs


@pytest.mark.parametrize(("site_fixture", "notebook"), NOTEBOOKS)
def test_time_to_first_widget(request, browser, results, site_fixture, notebook):
    site = request.getfixturevalue(site_fixture)
    runs = {True: [], False: []}
    for _ in range(REPEATS):
        for preload in (True, False):
            runs[preload].append(fresh_session(browser, site, notebook, preload=preload))
    for preload, label in [(True, "preloaded, the site's setting"), (False, "no preload")]:
        summary = dict(runs[preload][0])
        summary["first_widget_s"] = statistics.median(r["first_widget_s"] for r in runs[preload])
        summary["runs"] = REPEATS
        results[f"live {notebook} ({label})"] = summary


def folder_size(folder: Path) -> tuple[int, int]:
    total = packed = 0
    for f in folder.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            total += len(data)
            packed += len(gzip.compress(data, compresslevel=6))
    return total, packed


def test_site_size(public_site, results):
    parts = {
        "whole site": public_site,
        "lite (JupyterLite app + Pyodide)": public_site / "lite",
        "lite/static/pyodide": public_site / "lite" / "static" / "pyodide",
        "_static/pk-vendor (widgets JS, MathJax)": public_site / "_static" / "pk-vendor",
    }
    for name, folder in parts.items():
        total, packed = folder_size(folder)
        assert total > 0, name
        results[f"size {name}"] = {
            "MB": round(total / 1e6, 1),
            "gzipped_MB": round(packed / 1e6, 1),
        }
