"""Benchmark of what each page of the site costs a reader on first load (``make bench``).

A student on a slow or metered connection opens a chapter once: what matters is
every byte that page pulls in with an empty cache, by kind, since the theme's
CSS and JavaScript, MathJax and the widget scripts come on top of the page's own
HTML. Each page opens in a fresh browser context (empty cache) from the local
test server; once the network is idle and the fonts have loaded, the bytes the
server sent are summed by file type. That is what crossed the wire: response
bodies, uncompressed (the test server does not gzip; HTTP headers are not
counted). The gzipped total estimates the same files from a host that compresses
them. An exercise page would start Python as it loads: here it is opened as a reader
who turned that off sees it, so its row is the page itself; what its live session
downloads is in the live-exercise table (``bench_live.py``), and the JupyterLite app is
measured separately (``bench_site.py``).
"""

from __future__ import annotations

import statistics
from pathlib import PurePosixPath
from urllib.parse import urlparse

from report import SITE, runs
from site_support import (
    LIVE_AUTOSTART_OFF,
    Watch,
    book_pages,
    gzipped_size,
    serve,
    wait_until_typeset,
)

KINDS = {
    "HTML": {".html", ".htm"},
    "CSS": {".css"},
    "JS": {".js", ".mjs"},
    "fonts": {".woff", ".woff2", ".ttf", ".otf", ".eot"},
    "images": {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico"},
}
COLUMNS = [*KINDS, "other", "total", "gzipped"]
LOADS = runs(3)


def kind(path: str) -> str:
    suffix = PurePosixPath(urlparse(path).path).suffix.lower()
    return next((name for name, suffixes in KINDS.items() if suffix in suffixes), "other")


def first_load(browser, site, page_path: str) -> dict[str, int]:
    """Bytes by kind that one fresh visit to ``page_path`` downloads."""
    with serve(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.add_init_script(LIVE_AUTOSTART_OFF)  # the page itself, without its Python
        watch = Watch(context)
        page = watch.page(context)
        page.goto(f"{server.base}/{page_path}", wait_until="load")
        wait_until_typeset(page)  # MathJax typesets, then loads its fonts
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        context.close()
        sent = dict(server.bytes_sent["by_path"])
        served = list(server.bytes_sent["paths"])
    assert not watch.external, f"{page_path}: requests to other hosts: {watch.external}"
    sizes = dict.fromkeys(COLUMNS, 0)
    for path, size in sent.items():
        sizes[kind(path)] += size
    sizes["total"] = sum(sent.values())
    sizes["gzipped"] = gzipped_size(site, served)
    return sizes


def kb(n: float) -> str:
    if not n:
        return "0"
    return f"{n / 1000:,.0f}" if n >= 10_000 else f"{n / 1000:.1f}"


def test_bytes_of_each_page_on_first_load(browser, public_site, report):
    pages = book_pages(public_site)
    assert "index.html" in pages
    table = report.table(
        "Bytes on first load, page by page",
        "Each page of the book opened in a fresh browser (empty cache), then summed once the "
        f"network was idle; runs per page: {LOADS}. A row is the run with the median total "
        "(the lower one for an even count). "
        "In kB, uncompressed as sent by the test server, by file type; *gzipped* estimates "
        "the total from a host that compresses (GitHub Pages does). An exercise page is "
        "counted without the Python it starts (see the live exercise pages table), and the "
        "JupyterLite app is not included (see the JupyterLite table).",
        ["Page", "HTML", "CSS", "JS", "Fonts", "Images", "Other", "Total", "Gzipped"],
    )
    medians, totals = {}, {}
    for path in pages:
        loads = [first_load(browser, public_site, path) for _ in range(LOADS)]
        totals[path] = [load["total"] for load in loads]
        middle = statistics.median_low(totals[path])
        medians[path] = next(load for load in loads if load["total"] == middle)
        table.rows.append([f"`{path}`", *(kb(medians[path][c]) for c in COLUMNS)])
    largest = max(medians, key=lambda p: medians[p]["total"])
    sizes = medians[largest]
    parts = ", ".join(f"{c} {kb(sizes[c])}" for c in COLUMNS[:-2] if sizes[c])
    table.after = (
        f"The largest page on first load is `{largest}`: {kb(sizes['total'])} kB "
        f"({kb(sizes['gzipped'])} kB gzipped)."
    )
    report.add(
        SITE,
        f"largest page on first load: `{largest}` (of {len(pages)} pages)",
        [total / 1000 for total in totals[largest]],
        "kB",
        note=f"uncompressed; gzipped {kb(sizes['gzipped'])} kB; in kB: {parts}",
    )
