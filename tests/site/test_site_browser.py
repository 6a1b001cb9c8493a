"""The built site in a real browser (Playwright driving Debian's chromium), offline.

Every host but the local test server is unresolvable, and every request to
another host is counted (and blocked): the count must be zero.

* On every exercise page the static widgets render (every page's own checks,
  from requests to accessibility, are in ``test_site_pages.py``).
* Every exercise runs live in JupyterLite: the test opens the notebook, clears
  its saved outputs, runs all cells, waits for the ``pk-result`` widget (the
  kernel's idle indicator is not trusted), changes the ``pk-probe`` control
  (another option of a Dropdown, or a click on a Button) and waits for the
  ``pk-result`` text to change. That is the convention every exercise widget
  follows; see the docstring of ``test_site_static.py``. A screenshot of each
  live session goes to ``test-artifacts/``.

The exercise tests run for every ``exercises/*.ipynb`` in the public site and
always for the fixture exercise in the fixture site.
"""

from __future__ import annotations

import pytest

from .site_support import (
    ARTIFACTS,
    FIXTURE_NOTEBOOK,
    LIVE_AUTOSTART_OFF,
    PROBE,
    RESULT,
    Watch,
    change_probe,
    exercise_notebooks,
    live_url,
    run_all_cells,
    serve,
)

pytestmark = [pytest.mark.browser, pytest.mark.build]

EXERCISES = [
    pytest.param("fixture_site", FIXTURE_NOTEBOOK.name, id=f"fixture:{FIXTURE_NOTEBOOK.stem}"),
    *(pytest.param("built_site", nb.name, id=nb.stem) for nb in exercise_notebooks()),
]
WIDGET_TIMEOUT_MS = 240_000  # a cold Pyodide start on a slow CI machine
CHANGE_TIMEOUT_MS = 60_000


@pytest.mark.parametrize(("site_fixture", "notebook"), EXERCISES)
def test_static_widgets_render_on_the_exercise_page(request, browser, site_fixture, notebook):
    site = request.getfixturevalue(site_fixture)
    with serve(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(LIVE_AUTOSTART_OFF)  # the drawn page; tests/site/ runs it live
        watch = Watch(context)
        page = watch.page(context)
        page.goto(f"{server.base}/exercises/{notebook.replace('.ipynb', '.html')}")
        page.wait_for_selector(".pk-result", timeout=30_000)
        page.wait_for_selector(".pk-probe", timeout=30_000)
        assert page.locator(".pk-result").first.inner_text().strip()
        assert page.locator(".pk-live-lab").is_visible()
        if site_fixture == "fixture_site":  # its probe's label has math: typeset by MathJax 3
            page.wait_for_selector(".pk-probe mjx-container", timeout=30_000)
        page.wait_for_load_state("networkidle")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"static-{notebook}.png", full_page=True)
        context.close()
    assert not watch.external, watch.external
    assert not watch.errors, watch.errors


@pytest.mark.parametrize(("site_fixture", "notebook"), EXERCISES)
def test_exercise_runs_live_in_jupyterlite(request, browser, site_fixture, notebook):
    site = request.getfixturevalue(site_fixture)
    with serve(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1400})
        watch = Watch(context)
        page = watch.page(context)
        try:
            page.goto(live_url(server.base, notebook))
            run_all_cells(page)
            result = page.locator(RESULT).first
            result.wait_for(timeout=WIDGET_TIMEOUT_MS)
            page.locator(PROBE).first.wait_for(timeout=10_000)
            # The widget's box can appear a moment before its text is drawn.
            page.wait_for_function(
                "sel => { const e = document.querySelector(sel); return e && e.innerText.trim(); }",
                arg=RESULT,
                timeout=30_000,
            )
            before = result.inner_text()
            change_probe(page)
            page.wait_for_function(
                "([sel, before]) => { const e = document.querySelector(sel);"
                " return e && e.innerText !== before; }",
                arg=[RESULT, before],
                timeout=CHANGE_TIMEOUT_MS,
            )
            after = result.inner_text()
            # An exception in a handler shows in the exercise's message line (Exercise.guard).
            assert not page.locator(".pk-message", has_text="Something went wrong").count()
        finally:
            ARTIFACTS.mkdir(exist_ok=True)
            if page.locator(RESULT).count():
                page.locator(RESULT).first.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / f"live-{notebook}.png")
            context.close()
    assert after != before
    assert not watch.external, f"requests to other hosts: {watch.external}"
    assert not watch.errors, watch.errors
