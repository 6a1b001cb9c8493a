"""Live exercises: a "run it in your browser" button on every exercise page.

Every document under ``exercises/`` gets, right below its title, a button that
opens the same notebook in the site's JupyterLite (the Pyodide kernel, served
by the site itself), and a note that the controls rendered on the page only
show the starting state. Nothing is needed in the notebooks themselves.

The extension also guards the JupyterLite build, which ``jupyterlite-sphinx``
runs at ``build-finished``: it deletes a stale ``.jupyterlite.doit.db`` first
(a stale one can silently skip pointing the site at the local Pyodide) and
afterwards fails the build unless the built ``lite/jupyter-lite.json`` points
at the local Pyodide with the PyPI fallback off. ``PEACEKIT_PYODIDE=cdn``
(see ``scripts/site_assets.py``) accepts Pyodide from its CDN instead.

And it drops the Google Fonts stylesheet that jupyterlite-sphinx adds to every
page, so that no page requests another host, and it copies the site's own widget
renderer (``live_runtime/pk-widgets.js``) to ``_static/pk-live/``.

Last, it tells the notebooks it executes where the site's root is, seen from an
exercise page (``exercises/NN-name.html``): ``PEACEKIT_SITE_ROOT=../``. The
knowledge checks link their sources from there (``peacekit.widgets.frame.site_root``).
"""

from __future__ import annotations

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
HERE = Path(__file__).resolve().parent
RUNTIME = HERE / "live_runtime"
RUNTIME_FILES = ["pk-widgets.js"]
RUNTIME_OUT = "_static/pk-live"

BUTTON_TEXT = "Run this exercise live in your browser"
NOTE_TEXT = (
    "The controls on this page show the exercise's starting state only: no Python runs "
    "here, so changing them gives no feedback. For live feedback, press "
    "\u201c{button}\u201d. It runs Python in your browser: the first start downloads "
    "up to about 30 MB and takes about half a minute, later starts come from your "
    "browser's cache, and nothing you do leaves your computer. You can also use the "
    "launch button at the top of the page for Binder or Colab."
)


def is_exercise(docname: str) -> bool:
    return docname.startswith(EXERCISES)


def lite_path(app: Sphinx, docname: str) -> str:
    """Where the notebook sits in JupyterLite's file system (its contents root)."""
    return Path(app.env.doc2path(docname, base=False)).name


def insert_button(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not is_exercise(docname) or not app.env.doc2path(docname).endswith(".ipynb"):
        return
    href = relative_uri(
        app.builder.get_target_uri(docname),
        f"{LITE_OUT}/notebooks/index.html?path={quote(lite_path(app, docname))}",
    )
    html = (
        '<p class="pk-live">'
        f'<a class="pk-live-button" href="{href}" target="_blank" rel="noopener">'
        '<span aria-hidden="true">\u25b6</span> '
        f"{BUTTON_TEXT}"
        '<span class="pk-live-newtab"> (opens in a new tab)</span></a></p>'
    )
    button = nodes.raw("", html, format="html")
    note = nodes.note()
    note["classes"].append("pk-live-note")
    note += nodes.paragraph(text=NOTE_TEXT.format(button=BUTTON_TEXT))

    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, button)
        section.insert(2, note)
    else:
        doctree.insert(0, note)
        doctree.insert(0, button)


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
        app.add_css_file("live-exercises.css")


def copy_runtime(app: Sphinx) -> None:
    """Before any page is written, so that each page's link carries the file's checksum."""
    if app.builder.format != "html":
        return
    out = Path(app.outdir) / RUNTIME_OUT
    out.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(RUNTIME / name, out / name)


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
    if problems:
        raise ExtensionError(
            "live exercises: the JupyterLite build is not as configured: "
            + "; ".join(problems)
            + ". Run `make site-assets` (with the same PEACEKIT_PYODIDE) and rebuild."
        )


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", drop_remote_css)
    app.connect("config-inited", tell_notebooks_the_site_root)
    app.connect("builder-inited", add_static)
    app.connect("doctree-read", insert_button)
    app.connect("builder-inited", copy_runtime)
    # jupyterlite-sphinx builds the lite site at build-finished, priority 500.
    app.connect("build-finished", remove_stale_doit_db, priority=100)
    app.connect("build-finished", check_lite_build, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
