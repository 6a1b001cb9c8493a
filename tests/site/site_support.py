"""Helpers for the site tests and benchmarks: a local web server, chromium, the fixture book.

Plain functions and classes (no fixtures), so that ``tests/conftest.py`` and
``benchmarks/conftest.py`` can share them.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
FIXTURE_NOTEBOOK = ROOT / "tests" / "fixtures" / "live-check.ipynb"
# Widget handlers that raise on purpose: the live pages must show it (tests/site/).
FIXTURE_ERROR_NOTEBOOK = ROOT / "tests" / "fixtures" / "live-error.ipynb"
# Inside the repository's _build (not pytest's shared temporary folders, which another
# test session on the same machine may clean up while this one still serves them).
FIXTURE_BOOK = ROOT / "_build" / "fixture-book"
ARTIFACTS = ROOT / "test-artifacts"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every host but the test server is unresolvable: a leak fails, it cannot "work".
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
LOCAL_HOST = "127.0.0.1"

# Every Jupyter Book 1 page writes the sphinx-thebe inline script twice.
HARMLESS_CONSOLE_ERRORS = ("Identifier 'THEBE_JS_URL' has already been declared",)

# An exercise page starts Python by itself as it loads (book/_ext/live_runtime/pk-live.js)
# unless the reader turned that off. Tests of the page as drawn, without Python, run this
# in the browser context first (context.add_init_script).
LIVE_AUTOSTART_OFF = "localStorage.setItem('pk-live-autostart', 'off')"

# Sphinx prints "WARNING:" (file:line: WARNING: ...); kernels print "WARNING |" lines
# about their own transport, which are not build warnings.
SPHINX_WARNING = re.compile(r"\bWARNING:")


def exercise_notebooks() -> list[Path]:
    """The real exercises: every ``exercises/*.ipynb`` in the repository."""
    return sorted(EXERCISES.glob("*.ipynb"))


def sphinx_warnings(log: str) -> list[str]:
    return [line for line in log.splitlines() if SPHINX_WARNING.search(line)]


def jupyter_book() -> Path:
    return Path(sys.executable).with_name("jupyter-book")


def build_book(source: Path) -> Path:
    """Build a book through the real CLI with warnings as errors; return its html folder.

    The html folder is removed first, so no stale page from an earlier build survives
    (executed notebooks stay cached in ``.jupyter_cache``).
    """
    shutil.rmtree(source / "_build" / "html", ignore_errors=True)
    run_jupyter_book(source)
    return source / "_build" / "html"


def guard_cache(source: Path) -> None:
    """Run the book's cache guard, as ``make book`` does before every build."""
    subprocess.run([sys.executable, str(source / "scripts" / "cache_guard.py")], check=True)


def run_jupyter_book(source: Path) -> str:
    """``jupyter-book build SOURCE -W -n --keep-going``; fail on an error or any warning.

    Nothing is removed first: this is the build ``make book`` runs, cache and all.
    Returns the build's log.
    """
    proc = subprocess.run(
        [str(jupyter_book()), "build", str(source), "-W", "-n", "--keep-going"],
        cwd=source,
        capture_output=True,
        text=True,
    )
    log = proc.stdout + proc.stderr
    ARTIFACTS.mkdir(exist_ok=True)
    log_file = ARTIFACTS / f"build-{source.name}.log"
    log_file.write_text(log)
    if proc.returncode != 0:
        errors = [line for line in log.splitlines() if re.search(r"error|Error|ERROR", line)]
        raise AssertionError(
            f"jupyter-book build of {source} failed (full log: {log_file}):\n"
            + "\n".join(errors[-30:])
            + "\n...\n"
            + log[-3000:]
        )
    warnings = sphinx_warnings(log)
    assert not warnings, "the build printed warnings:\n" + "\n".join(warnings)
    return log


def book_pages(site: Path) -> list[str]:
    """Every page of the book (the JupyterLite app is tested separately)."""
    skip = {"lite", "_static", "_sources", "_images"}
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not skip & set(p.relative_to(site).parts)
    )


FIXTURE_INDEX = """\
# Fixture site

A tiny book built by the site tests: the repository's own configuration, a
root page and the fixture exercises `exercises/live-check.ipynb` and
`exercises/live-error.ipynb` (whose widget handlers raise on purpose). It lets the
tests check an exercise page and a live JupyterLite session even before the
course has real exercises, and keeps checking the machinery afterwards.
"""


def make_fixture_book(dest: Path = FIXTURE_BOOK) -> Path:
    """Lay out a book that uses the repository's configuration with one fixture exercise.

    The real site's assets must exist (``make site-assets``); they are shared,
    not fetched again.
    """
    assets = ROOT / "_build" / "site-assets"
    pyodide = ROOT / "lite" / "static" / "pyodide"
    assert assets.is_dir() and pyodide.is_dir(), "run `make site-assets` first"
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "exercises").mkdir(parents=True)
    (dest / "_build").mkdir()
    shutil.copy2(ROOT / "_config.yml", dest / "_config.yml")
    shutil.copytree(ROOT / "book", dest / "book")
    shutil.copytree(ROOT / "lite", dest / "lite", ignore=shutil.ignore_patterns(".*.db"))
    (dest / "_build" / "site-assets").symlink_to(assets, target_is_directory=True)
    chapters = ""
    for notebook in [FIXTURE_NOTEBOOK, FIXTURE_ERROR_NOTEBOOK]:
        shutil.copy2(notebook, dest / "exercises" / notebook.name)
        chapters += f"  - file: exercises/{notebook.stem}\n"
    (dest / "index.md").write_text(FIXTURE_INDEX)
    (dest / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{chapters}")
    return dest


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/octet-stream",
        ".woff2": "font/woff2",
    }

    def log_message(self, *args) -> None:  # keep pytest's output readable
        pass

    def copyfile(self, source, outputfile) -> None:
        counter = self.server.bytes_sent  # type: ignore[attr-defined]
        by_path = counter["by_path"]
        with counter["lock"]:
            counter["paths"].append(self.path)
        while block := source.read(64 * 1024):
            outputfile.write(block)
            with counter["lock"]:
                counter["n"] += len(block)
                by_path[self.path] = by_path.get(self.path, 0) + len(block)


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on an ephemeral 127.0.0.1 port; yield the server.

    ``server.base`` is its URL; ``server.bytes_sent["n"]`` counts response body
    bytes (uncompressed: this server does not gzip), ``server.bytes_sent["paths"]``
    lists the files served and ``server.bytes_sent["by_path"]`` the body bytes sent
    for each, so a benchmark can measure what a fresh session downloads.
    """
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    server.bytes_sent = {"n": 0, "paths": [], "by_path": {}, "lock": threading.Lock()}
    server.base = f"http://{LOCAL_HOST}:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def site_file(directory: Path, url: str) -> Path:
    """The file under ``directory`` that a URL (or a served request path) names.

    A folder's URL names its ``index.html``, as on the static host.
    """
    name = unquote(urlparse(url).path).lstrip("/")
    if not name or name.endswith("/"):
        name += "index.html"
    return directory / name


def wait_until_typeset(page) -> None:
    """Wait for the network to go idle and the self-hosted MathJax to typeset the page."""
    page.wait_for_load_state("networkidle")
    if page.locator(".math").count():
        page.wait_for_selector("mjx-container", timeout=30_000)


def gzipped_size(directory: Path, served: list[str]) -> int:
    """What the files ``serve(directory)`` sent would cost from a host that gzips them.

    The test server sends files as they are; GitHub Pages compresses text, so the
    gzipped figure (level 6) is the closer estimate of what a student downloads.
    """
    packed: dict[str, int] = {}
    for path in served:
        if path not in packed:
            file = site_file(directory, path)
            data = file.read_bytes() if file.is_file() else b""
            packed[path] = len(gzip.compress(data, compresslevel=6)) if data else 0
    return sum(packed[path] for path in served)


@contextmanager
def chromium_browser():
    """Debian's chromium driven by Playwright (offline but for the test server), for a session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """Counts requests to other hosts (and blocks them) and console errors in a context."""

    def __init__(self, context):
        self.external: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if urlparse(url).hostname != LOCAL_HOST and not url.startswith(("data:", "blob:")):
            self.external.append(url)
            route.abort()
        else:
            route.continue_()

    def page(self, context):
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        return page

    def _page_error(self, exc) -> None:
        if str(exc) not in HARMLESS_CONSOLE_ERRORS:
            self.errors.append(f"page error: {exc}")

    def _console(self, message) -> None:
        if message.type != "error" or message.text in HARMLESS_CONSOLE_ERRORS:
            return
        where = (message.location or {}).get("url", "")
        # The browser asks every host for /favicon.ico by itself; the site sets no favicon.
        if where.endswith("/favicon.ico"):
            return
        self.errors.append(f"{message.text} ({where})")


def live_url(base: str, notebook: str) -> str:
    return f"{base}/lite/notebooks/index.html?path={notebook}"


def run_all_cells(page) -> None:
    """Clear saved outputs, then run every cell, through the notebook's own menus."""
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    menu = page.locator(".lm-MenuBar-itemLabel")
    menu.get_by_text("Edit", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Clear Outputs of All Cells", exact=True).click()
    menu.get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()


PROBE = ".jp-OutputArea .pk-probe"
RESULT = ".jp-OutputArea .pk-result"


def change_probe(page, selector: str = PROBE) -> None:
    """Select another option of a Dropdown probe, or click a Button probe; ``selector``
    finds it (in JupyterLab's output area unless told otherwise)."""
    probe = page.locator(selector).first
    select = probe.locator("select")
    if select.count():
        options = select.locator("option").all_text_contents()
        current = select.evaluate("s => s.options[s.selectedIndex].text")
        other = next(text for text in options if text != current)
        select.select_option(label=other)
    else:
        button = probe if probe.evaluate("e => e.tagName") == "BUTTON" else probe.locator("button")
        button.first.click()
