"""Quality gates for every page of the built site, in a real browser, offline.

Each page of the public site (and of the fixture site) is opened once per pass in
Debian's chromium (Playwright) from a local server on an ephemeral 127.0.0.1 port;
every other host is unresolvable and every request to one is counted and blocked.
The passes collect what the tests below then assert, page by page:

* desktop, light colours: the HTTP status, requests to other hosts, console
  errors (only sphinx-thebe's duplicate ``THEBE_JS_URL`` declaration is allowed,
  by exact text), every link and every ``id`` (for the link check), images
  without alt text, widgets rendered against the widgets in the embedded state,
  and axe-core's WCAG 2.1 A/AA violations;
* desktop, dark colours (the site follows the reader's system setting): axe again;
* a 390-pixel phone screen: horizontal overflow.

axe-core is the pinned npm package (``scripts/site_assets.py``, ``TEST_NPM_PINS``),
injected into each page. No rule is switched off: violations of serious or
critical impact fail the test, the others are written to ``test-artifacts/axe.json``.

The JupyterLite app under ``lite/`` is not a book page; ``test_site_browser.py``
runs it, with the same request and console checks.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from site_assets import axe_core_script

from .site_support import (
    ARTIFACTS,
    LIVE_AUTOSTART_OFF,
    LOCAL_HOST,
    Watch,
    book_pages,
    exercise_notebooks,
    serve,
    site_file,
    wait_until_typeset,
)

pytestmark = [pytest.mark.browser, pytest.mark.build]

SITES = ["built_site", "fixture_site"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The overview, one chapter and one exercise, at desktop and phone widths.
SCREENSHOT_PAGES = {
    "overview": "book/intro.html",
    "chapter": "book/chapters/03-confidence-building.html",
    "exercise": "exercises/01-package-deal.html",
}

# For each embedded widget view: how many DOM widgets its model tree holds (the
# embedded state), and how many views the widget manager drew. Every view it draws from
# the embedded state is marked ``jupyter-widgets-disconnected`` (no kernel); the class
# ``jupyter-widgets`` is not on every view (RadioButtons lacks it).
STATE = 'script[type="application/vnd.jupyter.widget-state+json"]'
VIEWS = 'script[type="application/vnd.jupyter.widget-view+json"]'
WIDGET_COUNTS_JS = """([stateSelector, viewSelector]) => {
  const stateTag = document.querySelector(stateSelector);
  if (!stateTag) { return []; }
  const state = JSON.parse(stateTag.textContent).state;
  const inTree = (id) => {
    const kids = (state[id].state.children || []).map((c) => c.replace('IPY_MODEL_', ''));
    return 1 + kids.reduce((n, kid) => n + inTree(kid), 0);
  };
  const views = document.querySelectorAll(viewSelector);
  return [...views].map((view) => {
    const id = JSON.parse(view.textContent).model_id;
    const area = view.parentElement.querySelector(':scope > .widget-subarea');
    return [inTree(id), area ? area.querySelectorAll('.jupyter-widgets-disconnected').length : 0];
  });
}"""


PAGE_FACTS_JS = """() => ({
  links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
  ids: [...document.querySelectorAll('[id]')].map((e) => e.id)
        .concat([...document.querySelectorAll('a[name]')].map((a) => a.name)),
  imagesWithoutAlt: [...document.querySelectorAll('img')]
        .filter((img) => !(img.getAttribute('alt') || '').trim())
        .map((img) => img.getAttribute('src')),
})"""

AXE_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' '))}));
}"""

OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@dataclass
class PageVisit:
    path: str
    status: int | None = None
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    images_without_alt: list[str] = field(default_factory=list)
    widgets: list[tuple[int, int]] = field(default_factory=list)
    axe: dict[str, list[dict]] = field(default_factory=dict)  # colour scheme -> violations
    overflow_px: int | None = None  # on a phone screen


def settle(page) -> None:
    """Wait until the page's scripts have done their drawing (maths, widgets)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # not in the quick suite

    wait_until_typeset(page)
    if page.locator(VIEWS).count():
        # Not drawn in time: test_every_widget_renders_from_its_embedded_state says what.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                f"(s) => ({WIDGET_COUNTS_JS})(s).every(([want, drawn]) => drawn === want)",
                arg=[STATE, VIEWS],
                timeout=30_000,
            )


def run_axe(page, axe_script: str) -> list[dict]:
    page.add_script_tag(content=axe_script)
    return page.evaluate(AXE_JS, WCAG_TAGS)


def screenshot(page, name: str) -> None:
    (ARTIFACTS / "pages").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "pages" / f"{name}.png", full_page=True)


def desktop_pass(browser, base: str, visits: dict[str, PageVisit], axe_script: str) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    context.add_init_script(LIVE_AUTOSTART_OFF)  # the pages as drawn; tests/site/ runs them live
    watch = Watch(context)
    shots = {path: name for name, path in SCREENSHOT_PAGES.items()}
    for path, visit in visits.items():
        page = watch.page(context)
        response = page.goto(f"{base}/{path}", wait_until="load")
        visit.status = response.status if response else None
        settle(page)
        facts = page.evaluate(PAGE_FACTS_JS)
        visit.links, visit.ids = facts["links"], set(facts["ids"])
        visit.images_without_alt = facts["imagesWithoutAlt"]
        visit.widgets = [tuple(pair) for pair in page.evaluate(WIDGET_COUNTS_JS, [STATE, VIEWS])]
        visit.axe["light"] = run_axe(page, axe_script)
        if path in shots:
            screenshot(page, f"{shots[path]}-desktop")
        visit.external, visit.errors = list(watch.external), list(watch.errors)
        watch.external.clear()
        watch.errors.clear()
        page.close()
    context.close()


def dark_pass(browser, base: str, visits: dict[str, PageVisit], axe_script: str) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    context.add_init_script(LIVE_AUTOSTART_OFF)  # the pages as drawn; tests/site/ runs them live
    watch = Watch(context)
    for path, visit in visits.items():
        page = watch.page(context)
        page.goto(f"{base}/{path}", wait_until="load")
        settle(page)
        visit.axe["dark"] = run_axe(page, axe_script)
        visit.external += watch.external
        watch.external.clear()
        page.close()
    context.close()


def phone_pass(browser, base: str, visits: dict[str, PageVisit]) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(LIVE_AUTOSTART_OFF)  # the pages as drawn; tests/site/ runs them live
    watch = Watch(context)
    shots = {path: name for name, path in SCREENSHOT_PAGES.items()}
    for path, visit in visits.items():
        page = watch.page(context)
        page.goto(f"{base}/{path}", wait_until="load")
        settle(page)
        visit.overflow_px = page.evaluate(OVERFLOW_JS)
        if path in shots:
            screenshot(page, f"{shots[path]}-phone")
        visit.external += watch.external
        watch.external.clear()
        page.close()
    context.close()


_SURVEYS: dict[str, dict[str, PageVisit]] = {}


@pytest.fixture
def survey(request, browser) -> tuple[Path, dict[str, PageVisit]]:
    """Visit every page of the site named by the test's ``site`` parameter, once per session."""
    name = request.param
    site = request.getfixturevalue(name)
    if name not in _SURVEYS:
        axe_script = axe_core_script().read_text(encoding="utf-8")
        visits = {path: PageVisit(path) for path in book_pages(site)}
        with serve(site) as server:
            desktop_pass(browser, server.base, visits, axe_script)
            dark_pass(browser, server.base, visits, axe_script)
            phone_pass(browser, server.base, visits)
        _SURVEYS[name] = visits
        ARTIFACTS.mkdir(exist_ok=True)
        report = {path: v.axe for path, v in visits.items()}
        (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(report, indent=1) + "\n")
    return site, _SURVEYS[name]


each_site = pytest.mark.parametrize("survey", SITES, indirect=True)


def test_the_survey_covers_the_whole_book(request, browser):
    site = request.getfixturevalue("built_site")
    pages = book_pages(site)
    chapters = [p for p in pages if p.startswith("book/chapters/")]
    exercises = [p for p in pages if p.startswith("exercises/")]
    assert {"index.html", "search.html", "genindex.html"} <= set(pages)
    assert len(chapters) >= 5
    assert len(exercises) == len(exercise_notebooks())
    assert set(SCREENSHOT_PAGES.values()) <= set(pages)


@each_site
def test_every_page_answers_200(survey):
    _, visits = survey
    bad = {path: v.status for path, v in visits.items() if v.status != 200}
    assert not bad, bad


@each_site
def test_no_page_asks_another_host_for_anything(survey):
    _, visits = survey
    leaks = [f"{path}: {url}" for path, v in visits.items() for url in v.external]
    assert not leaks, "\n".join(leaks)


@each_site
def test_no_page_logs_a_console_error(survey):
    _, visits = survey
    errors = [f"{path}: {e}" for path, v in visits.items() for e in v.errors]
    assert not errors, "\n".join(errors)


def broken_links(site: Path, visits: dict[str, PageVisit]) -> list[str]:
    """Internal links whose file or anchor does not exist, as ``page: link (why)``."""
    file_ids: dict[Path, set[str]] = {}
    broken = []
    for path, visit in visits.items():
        for href in visit.links:
            url = urlparse(href)
            if url.scheme not in ("http", "https") or url.hostname != LOCAL_HOST:
                continue  # links out of the site are not fetched (the test is offline)
            file = site_file(site, href)
            target = file.relative_to(site).as_posix()
            if not file.is_file():
                broken.append(f"{path}: {href} (no such file)")
                continue
            anchor = unquote(url.fragment)
            if not anchor or file.suffix != ".html":
                continue
            if target in visits:
                ids = visits[target].ids
            else:
                if file not in file_ids:
                    text = file.read_text(encoding="utf-8", errors="replace")
                    file_ids[file] = set(re.findall(r'\b(?:id|name)="([^"]+)"', text))
                ids = file_ids[file]
            if anchor not in ids:
                broken.append(f"{path}: {href} (no anchor #{anchor})")
    return broken


@each_site
def test_every_internal_link_and_anchor_resolves(survey):
    site, visits = survey
    without_links = [path for path, v in visits.items() if not v.links]
    assert not without_links, f"the survey saw no links on {without_links}"
    broken = broken_links(site, visits)
    assert not broken, "\n".join(broken)


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<p id="here">x</p>')
    base = f"http://{LOCAL_HOST}:1"
    visit = PageVisit("a.html", ids={"here"})
    visit.links = [
        f"{base}/a.html#here",
        f"{base}/a.html#gone",
        f"{base}/missing.html",
        "https://example.org/elsewhere.html",
    ]
    assert broken_links(tmp_path, {"a.html": visit}) == [
        f"a.html: {base}/a.html#gone (no anchor #gone)",
        f"a.html: {base}/missing.html (no such file)",
    ]


@each_site
def test_every_image_has_alt_text(survey):
    _, visits = survey
    missing = [f"{path}: {src}" for path, v in visits.items() for src in v.images_without_alt]
    assert not missing, "\n".join(missing)


@each_site
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_accessibility_violations(survey, scheme):
    _, visits = survey
    found = [
        f"{path} [{scheme}]: {v['id']} ({v['impact']}) {v['help']}: {', '.join(v['nodes'][:5])}"
        for path, visit in visits.items()
        for v in visit.axe[scheme]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not found, "\n".join(found)


@each_site
def test_every_widget_renders_from_its_embedded_state(survey):
    _, visits = survey
    exercise_pages = [v for path, v in visits.items() if path.startswith("exercises/")]
    assert exercise_pages, "no exercise pages"
    for visit in exercise_pages:
        assert visit.widgets, f"{visit.path}: no embedded widget views"
        for expected, drawn in visit.widgets:
            assert expected > 1 and drawn == expected, (
                f"{visit.path}: the embedded state has {expected} widgets, {drawn} were drawn"
            )


@each_site
def test_no_page_scrolls_sideways_on_a_phone(survey):
    _, visits = survey
    assert any(path.startswith("book/chapters/") for path in visits) or "index.html" in visits
    wide = {path: v.overflow_px for path, v in visits.items() if v.overflow_px}
    assert not wide, f"scrolls sideways at {PHONE['width']} px (extra px): {wide}"


@pytest.mark.parametrize("survey", ["built_site"], indirect=True)
def test_screenshots_of_overview_chapter_and_exercise_are_saved(survey):
    for name in SCREENSHOT_PAGES:
        for width in ("desktop", "phone"):
            shot = ARTIFACTS / "pages" / f"{name}-{width}.png"
            assert shot.is_file() and shot.stat().st_size > 10_000, shot


CANARY = """<!DOCTYPE html><html lang="en"><head><title>Canary</title></head><body><main>
<h1>A page with one of each fault</h1>
<img src="missing.png">
<button></button>
<div style="width: 2000px">wide</div>
<a href="canary.html#nowhere">a missing anchor</a>
</main></body></html>"""


def test_the_checks_catch_a_page_with_one_of_each_fault(tmp_path, browser):
    """The passes report real faults: the gates above cannot pass by seeing nothing."""
    (tmp_path / "canary.html").write_text(CANARY)
    visits = {"canary.html": PageVisit("canary.html")}
    axe_script = axe_core_script().read_text(encoding="utf-8")
    with serve(tmp_path) as server:
        desktop_pass(browser, server.base, visits, axe_script)
        phone_pass(browser, server.base, visits)
    visit = visits["canary.html"]
    assert visit.status == 200
    assert visit.images_without_alt == ["missing.png"]
    assert any("404" in error for error in visit.errors), visit.errors
    found = {v["id"]: v["impact"] for v in visit.axe["light"]}
    assert found.get("button-name") == "critical" and found.get("image-alt") == "critical"
    assert visit.overflow_px > 1000
    assert broken_links(tmp_path, visits) == [
        f"canary.html: {server.base}/canary.html#nowhere (no anchor #nowhere)"
    ]
