"""Live exercises: each exercise page runs its own notebook's Python, in the browser.

Every document under ``exercises/`` gets, right below its title, the live-exercise
block: a status line ("Live version loading…", then "Live"), a button that starts
the live version when the browser asks to save data, and a link that opens the whole
notebook in the site's JupyterLite ("Open in JupyterLab"); and a note that says what
runs where. The page then loads ``pk-live.js`` (``book/_ext/live_runtime/``), which
starts the site's own Pyodide in a Web Worker at once and makes the page's widgets
live in place. Each code cell's container gets the class ``pk-cell-<index>`` (its
index in the notebook), and a cell whose input the page hides gets a "Show the
Python code" box with the code and a "Run this cell again" button. The page's
configuration (URLs, the code cells, the download size) is embedded as JSON.

The extension also copies the runtime's files to ``_static/pk-live/``, and it guards
the JupyterLite build, which ``jupyterlite-sphinx`` runs at ``build-finished``: it
deletes a stale ``.jupyterlite.doit.db`` first (a stale one can silently skip pointing
the site at the local Pyodide) and afterwards fails the build unless the built
``lite/jupyter-lite.json`` points at the local Pyodide with the PyPI fallback off.
``PEACEKIT_PYODIDE=cdn`` (see ``scripts/site_assets.py``) accepts Pyodide from its
CDN instead. And it drops the Google Fonts stylesheet that jupyterlite-sphinx adds to
every page, so that no page requests another host.

Last, it tells the notebooks it executes where the site's root is, seen from an
exercise page (``exercises/NN-name.html``): ``PEACEKIT_SITE_ROOT=../``. The
knowledge checks link their sources from there (``peacekit.widgets.frame.site_root``);
the page's own runtime gets the same setting.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.osutil import relative_uri

EXERCISES = "exercises/"
SITE_ROOT_VARIABLE = "PEACEKIT_SITE_ROOT"  # peacekit.widgets.frame reads it
LITE_OUT = "lite"  # jupyterlite-sphinx writes the app to <outdir>/lite
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
CDN_LOCK = "lite-wheels/pyodide-lock.json"  # PEACEKIT_PYODIDE=cdn only
LIVE_LOCK = "pk-live-lock.json"  # next to pyodide-lock.json (scripts/site_assets.py)
HERE = Path(__file__).resolve().parent
RUNTIME = HERE / "live_runtime"
RUNTIME_FILES = ["pk-live.js", "pk-live-worker.js", "pk_live.py", "pk-widgets.js"]
RUNTIME_OUT = "_static/pk-live"
ROOT = HERE.parent.parent

LAB_TEXT = "Open the notebook in JupyterLab"
START_TEXT = "Start the live version"
NOTE_TEXT = (
    "This page runs the exercise\u2019s Python in your browser, with Pyodide served by "
    "this site: the controls become live in place once it has started. Starting Python the "
    "first time downloads about {mb} MB, later visits come from your browser\u2019s cache, "
    "and nothing you do leaves your computer. Your journal and results files are kept in "
    "this browser (and offered for download). \u201c{lab}\u201d shows the whole notebook "
    "with its code; "
    "Binder and Colab are under the launch button at the top of the page."
)
LOADING_TEXT = (
    "Live version loading: Python is starting in your browser. You can already use the "
    "controls; text boxes open when it is ready."
)


def is_exercise(app: Sphinx, docname: str) -> bool:
    return docname.startswith(EXERCISES) and app.env.doc2path(docname).endswith(".ipynb")


def lite_path(app: Sphinx, docname: str) -> str:
    """Where the notebook sits in JupyterLite's file system (its contents root)."""
    return Path(app.env.doc2path(docname, base=False)).name


def code_cells(app: Sphinx, docname: str) -> list[dict]:
    notebook = json.loads(Path(app.env.doc2path(docname)).read_text(encoding="utf-8"))
    cells = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            source = cell["source"]
            cells.append(
                {"index": index, "source": "".join(source) if isinstance(source, list) else source}
            )
    return cells


def pyodide_urls(app: Sphinx, docname: str) -> dict[str, str]:
    """The runtime's URLs, relative to the page."""
    here = app.builder.get_target_uri(docname)
    if os.environ.get("PEACEKIT_PYODIDE", "self").strip().lower() == "cdn":
        from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

        pyodide = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
        lock = relative_uri(here, f"lite-wheels/{LIVE_LOCK}")
    else:
        pyodide = relative_uri(here, f"{LITE_OUT}/static/pyodide/")
        lock = pyodide + LIVE_LOCK
    return {
        "pyodide": pyodide,
        "lock": lock,
        "runtime": relative_uri(here, RUNTIME_OUT + "/"),
        "lite": relative_uri(here, LITE_OUT + "/"),
    }


@functools.cache
def snapshot_key() -> str:
    """Names a Pyodide memory snapshot kept in the browser: it changes with the runtime."""
    folder = ROOT / "lite" / "static" / "pyodide"
    digest = hashlib.sha256()
    for path in [folder / LIVE_LOCK, folder / "pyodide.asm.wasm", RUNTIME / "pk_live.py"]:
        digest.update(path.read_bytes() if path.is_file() else path.name.encode())
    return digest.hexdigest()[:16]


@functools.cache
def download_bytes() -> int:
    """What a first live session downloads for Python: the core runtime and the wheels."""
    folder = ROOT / "lite" / "static" / "pyodide"
    lock_file = folder / LIVE_LOCK
    if not lock_file.is_file():
        return 16_000_000
    lock = json.loads(lock_file.read_text())
    files = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", LIVE_LOCK]
    files += [entry["file_name"] for entry in lock["packages"].values()]
    return sum((folder / name).stat().st_size for name in files if (folder / name).is_file())


def insert_live_block(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_exercise(app, docname):
        return
    here = app.builder.get_target_uri(docname)
    lab = relative_uri(
        here, f"{LITE_OUT}/notebooks/index.html?path={quote(lite_path(app, docname))}"
    )
    mb = round(download_bytes() / 1e6)
    block = nodes.raw(
        "",
        '<div class="pk-live-block">'
        f'<p class="pk-live-status" role="status" data-state="loading">{LOADING_TEXT}</p>'
        '<p class="pk-live-actions">'
        f'<button type="button" class="pk-live-start" hidden>{START_TEXT} '
        f"(about {mb} MB)</button> "
        f'<a class="pk-live-lab" href="{lab}" target="_blank" rel="noopener">{LAB_TEXT}'
        '<span class="pk-live-newtab"> (opens in a new tab)</span></a></p>'
        '<p class="pk-live-auto"><label><input type="checkbox" checked> Start the live '
        "version by itself on exercise pages</label></p>"
        '<noscript><p class="pk-live-noscript">The live version needs JavaScript: the '
        "controls below only show the exercise\u2019s starting state.</p></noscript></div>",
        format="html",
    )
    note = nodes.note()
    note["classes"].append("pk-live-note")
    note += nodes.paragraph(text=NOTE_TEXT.format(mb=mb, lab=LAB_TEXT))

    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, block)
        section.insert(2, note)
    else:
        doctree.insert(0, note)
        doctree.insert(0, block)

    sources = {cell["index"]: cell["source"] for cell in code_cells(app, docname)}
    for container in list(doctree.findall(nodes.container)):
        if container.get("nb_element") != "cell_code" or "cell_index" not in container:
            continue
        index = container["cell_index"]
        container["classes"].append(f"pk-cell-{index}")
        has_input = any(
            child.get("nb_element") == "cell_code_source" for child in container.children
        )
        if has_input or index not in sources:
            continue
        code = app.builder.highlighter.highlight_block(sources[index], "python")
        container.insert(
            0,
            nodes.raw(
                "",
                '<details class="pk-live-code"><summary>Show the Python code of this cell'
                f"</summary>{code}"
                f'<button type="button" class="pk-live-rerun" data-cell="{index}" disabled>'
                "Run this cell again</button></details>",
                format="html",
            ),
        )


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if app.builder.format != "html" or not is_exercise(app, pagename):
        return
    config = {
        **pyodide_urls(app, pagename),
        "packages": ["peacekit"],
        "cells": code_cells(app, pagename),
        "bytes": download_bytes(),
        # Where the knowledge checks' links to the site start (as for the build's kernels).
        "site_root": relative_uri(app.builder.get_target_uri(pagename), ""),
        # A Pyodide memory snapshot, made on the first visit and kept in the browser
        # (book/_ext/live_runtime/pk-live-worker.js; docs/live-exercises.md).
        "snapshot": snapshot_key() if app.config.pk_live_snapshot else None,
    }
    # Early in <head>: the worker starts while the rest of the page still loads.
    text = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    app.add_js_file("", body=text, type="application/json", id="pk-live-config", priority=50)
    app.add_js_file("pk-live/pk-live.js", priority=60)
    app.add_css_file("live-exercises.css")


def copy_runtime(app: Sphinx) -> None:
    """Before any page is written, so that each page's link carries the file's checksum."""
    if app.builder.format != "html":
        return
    out = Path(app.outdir) / RUNTIME_OUT
    out.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(RUNTIME / name, out / name)


def tell_notebooks_the_site_root(app: Sphinx, config) -> None:
    """The kernels that execute the exercise notebooks inherit this process's environment;
    every exercise page sits one folder below the site's root."""
    os.environ[SITE_ROOT_VARIABLE] = "../"


def drop_remote_css(app: Sphinx, config) -> None:
    """jupyterlite-sphinx adds a Google Fonts stylesheet (for its own directives,
    which the book does not use) to every page: a request to another host."""
    app.registry.css_files = [
        (name, attrs) for name, attrs in app.registry.css_files if "://" not in name
    ]


def add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(HERE / "static"))


def remove_stale_doit_db(app: Sphinx, exception: Exception | None) -> None:
    for folder in {Path(app.srcdir), Path(app.srcdir) / app.config.jupyterlite_dir}:
        (folder / ".jupyterlite.doit.db").unlink(missing_ok=True)


def check_lite_build(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    config_path = Path(app.outdir) / LITE_OUT / "jupyter-lite.json"
    if not config_path.is_file():
        raise ExtensionError(f"live exercises: {config_path} was not built")
    data = json.loads(config_path.read_text())
    settings = data["jupyter-config-data"]["litePluginSettings"].setdefault(KERNEL_PLUGIN, {})
    problems = []
    if settings.get("disablePyPIFallback") is not True:
        problems.append("disablePyPIFallback is not true")
    url = settings.get("pyodideUrl", "")
    if os.environ.get("PEACEKIT_PYODIDE", "self").strip().lower() == "cdn":
        # Pyodide from its CDN; peacekit and its dependencies from the site, through a
        # lock file whose Pyodide entries point at the CDN (scripts/site_assets.py).
        lock = Path(app.outdir) / CDN_LOCK
        if url.startswith("./") or not lock.is_file():
            problems.append(f"PEACEKIT_PYODIDE=cdn, but pyodideUrl is {url!r} / no {CDN_LOCK}")
        else:
            options = settings.setdefault("loadPyodideOptions", {})
            options["lockFileURL"] = f"../{CDN_LOCK}"  # resolved against the lite base URL
            config_path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    else:
        if not url.startswith("./") or not (config_path.parent / url).is_file():
            problems.append(f"pyodideUrl {url!r} is not the site's own Pyodide")
        lock = config_path.parent / "static" / "pyodide" / "pyodide-lock.json"
        if not lock.is_file():
            problems.append("static/pyodide/pyodide-lock.json is missing")
        elif not (lock.parent / LIVE_LOCK).is_file():
            problems.append(f"static/pyodide/{LIVE_LOCK} (the exercise pages' lock) is missing")
    if problems:
        raise ExtensionError(
            "live exercises: the JupyterLite build is not as configured: "
            + "; ".join(problems)
            + ". Run `make site-assets` (with the same PEACEKIT_PYODIDE) and rebuild."
        )


def setup(app: Sphinx) -> dict:
    # Keep a Pyodide memory snapshot in the reader's browser for the next exercise page.
    app.add_config_value("pk_live_snapshot", True, "html", types=[bool])
    app.connect("config-inited", drop_remote_css)
    app.connect("config-inited", tell_notebooks_the_site_root)
    app.connect("builder-inited", add_static)
    app.connect("doctree-resolved", insert_live_block)
    app.connect("html-page-context", add_page_assets)
    app.connect("builder-inited", copy_runtime)
    # jupyterlite-sphinx builds the lite site at build-finished, priority 500.
    app.connect("build-finished", remove_stale_doit_db, priority=100)
    app.connect("build-finished", check_lite_build, priority=900)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
