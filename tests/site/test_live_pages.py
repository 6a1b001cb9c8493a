"""The exercise pages' own live runtime, in a real browser, offline (book/_ext/live_runtime/).

Each test opens a page in a fresh chromium context (empty cache) from the local test
server; every other host is unresolvable, and every request to one is counted and
blocked. For every exercise, and for the fixture exercise:

* the page starts Python by itself as it loads, the page's widgets become live in place
  (``window.pkLive.state`` turns ``live``), and a change of the ``pk-probe`` control
  changes the ``pk-result`` text, which Python computes: the convention every exercise
  widget follows (see ``test_site_static.py``);
* no request leaves the site and the console shows no error (an exception in Python is
  logged as a console error, so any broken handler fails these tests).

And: the journal survives a reload (it is kept where JupyterLite keeps its files); an
exception in a widget handler shows in the exercise (the fixture ``live-error.ipynb``);
a reader who turned the automatic start off downloads no Python until asking for it; a
live page has no serious or critical axe-core violation. Screenshots go to
``test-artifacts/live-pages/``.
"""

from __future__ import annotations

import pytest
from site_assets import axe_core_script

from .site_support import (
    ARTIFACTS,
    FIXTURE_ERROR_NOTEBOOK,
    FIXTURE_NOTEBOOK,
    Watch,
    change_probe,
    exercise_notebooks,
    serve,
)

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGES = [
    pytest.param("fixture_site", FIXTURE_NOTEBOOK.stem, id=f"fixture:{FIXTURE_NOTEBOOK.stem}"),
    *(pytest.param("built_site", nb.stem, id=nb.stem) for nb in exercise_notebooks()),
]
LIVE_TIMEOUT_MS = 240_000  # a cold start on a slow CI machine
CHANGE_TIMEOUT_MS = 30_000
IS_LIVE = "() => window.pkLive && window.pkLive.state === 'live'"
NOT_LOADING = "() => window.pkLive && window.pkLive.state !== 'loading'"
PROBE = ".pk-live-area .pk-probe"
RESULT = ".pk-live-area .pk-result"
AUTOSTART_OFF = "localStorage.setItem('pk-live-autostart', 'off')"


def open_live(context, base: str, name: str):
    watch = Watch(context)
    page = watch.page(context)
    page.goto(f"{base}/exercises/{name}.html")
    page.wait_for_function(NOT_LOADING, timeout=LIVE_TIMEOUT_MS)
    state = page.evaluate("[window.pkLive.state, window.pkLive.failure]")
    assert state[0] == "live", f"{name}: the live version did not start: {state}"
    return watch, page


def screenshot(page, name: str) -> None:
    (ARTIFACTS / "live-pages").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "live-pages" / f"{name}.png")


@pytest.mark.parametrize(("site_fixture", "name"), PAGES)
def test_the_exercise_page_goes_live_and_python_answers_its_controls(
    request, browser, site_fixture, name
):
    site = request.getfixturevalue(site_fixture)
    with serve(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        try:
            watch, page = open_live(context, server.base, name)
            # Every widget the page drew from its saved state was replaced by a live one.
            assert page.locator(".pk-live-area").count() >= 1
            assert page.locator(".widget-subarea:not(.pk-live-area)").count() == 0
            result = page.locator(RESULT).first
            before = result.inner_text()
            assert before.strip(), "the live result widget is empty"
            change_probe(page, PROBE)
            page.wait_for_function(
                "([sel, before]) => document.querySelector(sel).innerText !== before",
                arg=[RESULT, before],
                timeout=CHANGE_TIMEOUT_MS,
            )
            assert result.inner_text() != before
            assert page.evaluate("window.pkLive.errors.length") == 0
            assert not page.locator(".pk-message", has_text="Something went wrong").count()
            result.scroll_into_view_if_needed()
            screenshot(page, f"{site_fixture}-{name}")
        finally:
            context.close()
    assert not watch.external, f"requests to other hosts: {watch.external}"
    assert not watch.errors, watch.errors


def test_the_journal_survives_a_reload(browser, built_site):
    answer = "Small steps kept on both sides can rebuild trust."
    with serve(built_site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        try:
            watch, page = open_live(context, server.base, "07-reflection-journal")
            box = page.locator(".pk-live-area textarea").first
            box.click()
            box.press_sequentially(answer)
            page.locator(".pk-live-area .widget-html-content", has_text="Saved at").wait_for(
                timeout=CHANGE_TIMEOUT_MS
            )
            page.reload()
            page.wait_for_function(IS_LIVE, timeout=LIVE_TIMEOUT_MS)
            assert page.locator(".pk-live-area textarea").first.input_value() == answer
            # Kept where JupyterLite keeps its files, so "Open in JupyterLab" sees it too.
            keys = page.evaluate(
                """() => new Promise((resolve, reject) => {
                  const req = indexedDB.open('JupyterLite Storage - /lite/');
                  req.onerror = () => reject(req.error);
                  req.onsuccess = () => {
                    const get = req.result.transaction('files').objectStore('files').getAllKeys();
                    get.onsuccess = () => resolve(get.result);
                  };
                })"""
            )
            assert "my-reflections.journal.json" in keys
        finally:
            context.close()
    assert not watch.external, watch.external
    assert not watch.errors, watch.errors


def test_an_exception_in_a_widget_handler_shows_in_the_exercise(browser, fixture_site):
    """The fixture's handlers raise: the page says so in the exercise, and logs it as an
    error, which is what fails every other live test if a real handler breaks."""
    with serve(fixture_site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        try:
            watch, page = open_live(context, server.base, FIXTURE_ERROR_NOTEBOOK.stem)
            page.locator(PROBE).first.locator("select").select_option(label="raise an error")
            observe_error = page.locator(".pk-live-error", has_text="ValueError: a deliberate")
            observe_error.wait_for(timeout=CHANGE_TIMEOUT_MS)
            assert observe_error.get_attribute("role") == "alert"
            page.get_by_role("button", name="Raise an error on click").click()
            click_error = page.locator(".pk-live-error", has_text="RuntimeError: a deliberate")
            click_error.wait_for(timeout=CHANGE_TIMEOUT_MS)
            # Each message sits in the exercise whose handler failed.
            first, second = page.locator("[class*='pk-cell-']").all()[:2]
            assert first.locator(".pk-live-error").count() == 1
            assert second.locator(".pk-live-error", has_text="RuntimeError").count() == 1
            screenshot(page, "fixture-live-error")
        finally:
            context.close()
    assert not watch.external, watch.external
    logged = "\n".join(watch.errors)
    assert "ValueError: a deliberate error" in logged
    assert "RuntimeError: a deliberate error" in logged


def test_no_python_is_downloaded_until_a_reader_who_turned_it_off_asks(browser, fixture_site):
    with serve(fixture_site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.add_init_script(AUTOSTART_OFF)
        try:
            watch = Watch(context)
            page = watch.page(context)
            page.goto(f"{server.base}/exercises/{FIXTURE_NOTEBOOK.stem}.html")
            page.locator(".pk-probe").first.wait_for(timeout=CHANGE_TIMEOUT_MS)
            page.wait_for_timeout(2000)  # long enough for a worker to ask for Pyodide
            assert page.evaluate("window.pkLive.state") == "off"
            assert not [p for p in server.bytes_sent["paths"] if "/pyodide/" in p]
            start = page.get_by_role("button", name="Start the live version")
            assert start.is_visible()
            assert not page.get_by_label("Start the live version by itself").is_checked()
            start.click()
            page.wait_for_function(IS_LIVE, timeout=LIVE_TIMEOUT_MS)
            assert [p for p in server.bytes_sent["paths"] if "pyodide.asm.wasm" in p]
        finally:
            context.close()
    assert not watch.external, watch.external
    assert not watch.errors, watch.errors


def test_a_live_exercise_page_has_no_serious_accessibility_violation(browser, built_site):
    axe = axe_core_script().read_text(encoding="utf-8")
    with serve(built_site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        try:
            watch, page = open_live(context, server.base, exercise_notebooks()[0].stem)
            page.locator(".pk-live-code summary").first.click()  # the code box, opened
            page.add_script_tag(content=axe)
            violations = page.evaluate(
                """async () => (await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
                  .filter((v) => ['serious', 'critical'].includes(v.impact))
                  .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))"""
            )
        finally:
            context.close()
    assert not violations, "\n".join(violations)
    assert not watch.errors, watch.errors


def test_the_next_exercise_page_restores_the_python_snapshot_of_the_first(browser, built_site):
    """The first page keeps a Pyodide memory snapshot (a second worker makes it once the
    page is live); the next page restores it instead of starting Python afresh."""
    first, second = (nb.stem for nb in exercise_notebooks()[:2])
    with serve(built_site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        try:
            watch, page = open_live(context, server.base, first)
            assert page.evaluate("window.pkLive.restored") is False
            page.wait_for_function("() => window.pkLive.snapshot", timeout=LIVE_TIMEOUT_MS)
            made = page.evaluate("window.pkLive.snapshot")
            assert not made.get("failed") and made["bytes"] > 10_000_000, made
            page.goto(f"{server.base}/exercises/{second}.html")
            page.wait_for_function(NOT_LOADING, timeout=LIVE_TIMEOUT_MS)
            assert page.evaluate("[window.pkLive.state, window.pkLive.restored]") == ["live", True]
            result = page.locator(RESULT).first
            before = result.inner_text()
            change_probe(page, PROBE)
            page.wait_for_function(
                "([sel, before]) => document.querySelector(sel).innerText !== before",
                arg=[RESULT, before],
                timeout=CHANGE_TIMEOUT_MS,
            )
        finally:
            context.close()
    assert not watch.external, watch.external
    assert not watch.errors, watch.errors
