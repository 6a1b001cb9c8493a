"""Static checks of the built site: self-hosted assets and the live-exercise set-up.

How the live exercises are tested (the convention every exercise notebook follows):

* the widget tree of an exercise contains exactly one control with the CSS class
  ``pk-probe`` (``widget.add_class("pk-probe")``), a ``Dropdown`` or a ``Button``;
* and one ``ipywidgets.HTML`` with the class ``pk-result`` whose text Python
  computes from the model, and which changes when the probe changes.

This module checks the built files: each exercise page carries its widget state
and loads the widget scripts from the site itself; the JupyterLite build serves
Pyodide, ``peacekit`` and its dependencies itself with the PyPI fallback off;
every exercise notebook is in the JupyterLite contents; and no page or stylesheet
loads anything from another host. ``test_site_browser.py`` then opens each
exercise in JupyterLite, runs it, changes the ``pk-probe`` and waits for the
``pk-result`` text to change.

Exercise tests run for every ``exercises/*.ipynb`` in the public site, and always
for the fixture exercise (``tests/fixtures/live-check.ipynb``) in the fixture site.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tarfile
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from site_assets import PYODIDE_ENV  # the markers as Pyodide evaluates them

from .site_support import FIXTURE_NOTEBOOK, ROOT, exercise_notebooks

pytestmark = pytest.mark.build

KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

EXERCISE_PAGES = [
    pytest.param("fixture_site", FIXTURE_NOTEBOOK.name, id=f"fixture:{FIXTURE_NOTEBOOK.stem}"),
    *(pytest.param("built_site", nb.name, id=nb.stem) for nb in exercise_notebooks()),
]
SITES = ["built_site", "fixture_site"]


def lite_config(site: Path) -> dict:
    return json.loads((site / "lite" / "jupyter-lite.json").read_text())["jupyter-config-data"]


def kernel_settings(site: Path) -> dict:
    return lite_config(site)["litePluginSettings"][KERNEL_PLUGIN]


def served_lock(site: Path) -> tuple[Path, dict]:
    folder = site / "lite" / "static" / "pyodide"
    return folder, json.loads((folder / "pyodide-lock.json").read_text())


def is_external(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.scheme in {"http", "https"} or url.strip().startswith("//"))


# ---------------------------------------------------------------- JupyterLite


def test_lite_points_at_local_pyodide_without_pypi_fallback(built_site):
    settings = kernel_settings(built_site)
    assert settings.get("disablePyPIFallback") is True
    url = settings.get("pyodideUrl", "")
    assert url.startswith("./static/pyodide/"), url
    assert (built_site / "lite" / url).is_file()
    for index in settings.get("pipliteUrls", []):
        assert not is_external(index), index
    assert "peacekit" in settings["loadPyodideOptions"]["packages"]


def test_widgets_extension_in_lite_matches_the_served_wheels(built_site):
    extensions = {e["name"] for e in lite_config(built_site)["federated_extensions"]}
    assert "@jupyter-widgets/jupyterlab-manager" in extensions
    manager = built_site / "lite/extensions/@jupyter-widgets/jupyterlab-manager/package.json"
    assert manager.is_file()
    # The frontend comes from the build environment, the Python side from the served
    # wheels: both must be the same release.
    _, lock = served_lock(built_site)
    for name in ["ipywidgets", "jupyterlab-widgets"]:
        assert lock["packages"][name]["version"] == metadata.version(name), name


def test_every_lock_entry_is_served_with_its_sha256(built_site):
    folder, lock = served_lock(built_site)
    assert lock["packages"], "empty lock"
    for name, entry in lock["packages"].items():
        wheel = folder / entry["file_name"]
        assert not is_external(entry["file_name"]), f"{name} is not served by the site"
        assert wheel.is_file(), f"{name}: {entry['file_name']} is not served"
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name}: sha256 in the lock does not match the wheel"
        for dep in entry["depends"]:
            assert dep in lock["packages"], f"{name} depends on {dep}, which is not in the lock"


def upstream_pyodide_lock() -> dict:
    """Pyodide's own lock, from the npm tarball the site assets were made from."""
    tarballs = sorted((ROOT / "_build" / ".downloads" / "npm").glob("pyodide-*.tgz"))
    assert tarballs, "no cached pyodide npm tarball: run `make site-assets`"
    with tarfile.open(tarballs[-1]) as tar:
        return json.load(tar.extractfile("package/pyodide-lock.json"))


def test_peacekit_and_its_dependencies_are_served_and_in_the_lock(built_site):
    """Walk peacekit's requirements for Pyodide through the served wheels.

    For packages we add, their own metadata says what they need. For packages
    Pyodide itself curates (ipython, traitlets, ...), Pyodide's lock is the
    authority: it deliberately leaves out what does not run in a browser.
    """
    folder, lock = served_lock(built_site)
    packages = lock["packages"]
    curated = {canonicalize_name(n) for n in upstream_pyodide_lock()["packages"]}
    entry = packages["peacekit"]
    assert "peacekit" in entry["imports"]
    with zipfile.ZipFile(folder / entry["file_name"]) as wheel:
        names = set(wheel.namelist())
    for module in (ROOT / "src" / "peacekit").rglob("*.py"):
        rel = module.relative_to(ROOT / "src").as_posix()
        assert rel in names, f"the served peacekit wheel lacks {rel}: rebuild the site assets"

    seen, queue = set(), ["peacekit"]
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        assert name in packages, f"{name} is needed in the browser but not in the lock"
        if name in curated:
            queue.extend(packages[name]["depends"])
            continue
        with zipfile.ZipFile(folder / packages[name]["file_name"]) as wheel:
            meta_file = next(
                n for n in wheel.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)
            )
            meta = Parser().parsestr(wheel.read(meta_file).decode())
        for raw in meta.get_all("Requires-Dist") or []:
            req = Requirement(raw)
            if req.marker is not None and not req.marker.evaluate(PYODIDE_ENV):
                continue
            dep = canonicalize_name(req.name)
            assert dep in packages, f"{name} requires {req}, which is not served"
            assert packages[dep]["version"] in req.specifier, f"{name} requires {req}"
            assert dep in packages[name]["depends"], f"lock: {name} should depend on {dep}"
            queue.append(dep)
    runtime = [Requirement(r) for r in metadata.requires("peacekit")]
    declared = {
        canonicalize_name(r.name) for r in runtime if not r.marker or r.marker.evaluate(PYODIDE_ENV)
    }
    assert declared <= seen
    assert {"ipywidgets", "comm", "ruamel-yaml"} <= seen


# ---------------------------------------------------------------- exercise pages


@pytest.mark.parametrize(("site_fixture", "notebook"), EXERCISE_PAGES)
def test_exercise_is_in_the_lite_contents(request, site_fixture, notebook):
    site = request.getfixturevalue(site_fixture)
    served = site / "lite" / "files" / notebook
    assert served.is_file(), f"{notebook} is not in the JupyterLite contents"
    listing = json.loads((site / "lite" / "api" / "contents" / "all.json").read_text())
    assert notebook in {item["path"] for item in listing["content"]}
    nb = json.loads(served.read_text())
    assert any(cell["cell_type"] == "code" for cell in nb["cells"])


@pytest.mark.parametrize(("site_fixture", "notebook"), EXERCISE_PAGES)
def test_exercise_page_has_widget_state_local_scripts_and_live_button(
    request, site_fixture, notebook
):
    site = request.getfixturevalue(site_fixture)
    page = site / "exercises" / notebook.replace(".ipynb", ".html")
    soup = BeautifulSoup(page.read_text(), "html.parser")

    state = soup.find("script", type=WIDGET_STATE)
    assert state is not None, f"{page.name}: no widget state (was the notebook executed?)"
    assert json.loads(state.string)["state"], "empty widget state"

    srcs = [s["src"] for s in soup.find_all("script", src=True)]
    scripts = ["require.js", "require-baseurl.js", "jupyter-widgets.js", "pk-widgets.js"]
    for needed in [*scripts, "widget-labels.js"]:
        matches = [s for s in srcs if s.split("?")[0].endswith("/" + needed)]
        assert matches, f"{needed} is not loaded"
        assert not is_external(matches[0])
        assert (page.parent / matches[0].split("?")[0]).resolve().is_file(), matches[0]
    order = [next(i for i, s in enumerate(srcs) if f"/{n}?" in s + "?") for n in scripts]
    assert order == sorted(order), "require.js, the baseUrl shim, the widgets, the renderer"

    button = soup.select_one("a.pk-live-lab")
    assert button is not None and "JupyterLab" in button.get_text()
    target = urlparse(urljoin(f"http://site/exercises/{page.name}", button["href"]))
    assert target.path == "/lite/notebooks/index.html"
    assert parse_qs(target.query)["path"] == [notebook]
    assert (site / target.path.lstrip("/")).is_file()
    assert soup.select_one(".pk-live-note"), "the note on static controls is missing"


# ---------------------------------------------------------------- privacy


REQUEST_ATTRS = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "audio": ["src"],
    "video": ["src", "poster"],
    "track": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
# <link> relations that are not requests (everything else, e.g. stylesheet, icon,
# preload, modulepreload, manifest, is fetched by the browser).
NON_FETCHING_LINKS = {"canonical", "alternate", "author", "license", "help", "next", "prev",
                      "index", "search", "top", "up", "first", "last", "contents"}  # fmt: skip
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def external_requests_in_html(text: str) -> list[str]:
    soup = BeautifulSoup(text, "html.parser")
    found = []
    for tag, attrs in REQUEST_ATTRS.items():
        for element in soup.find_all(tag):
            for attr in attrs:
                value = element.get(attr)
                if value and any(is_external(u.split()[0]) for u in value.split(",") if u.strip()):
                    found.append(f"<{tag} {attr}={value}>")
    for link in soup.find_all("link", href=True):
        rels = set(link.get("rel") or [])
        if is_external(link["href"]) and not rels <= NON_FETCHING_LINKS:
            found.append(f"<link rel={sorted(rels)} href={link['href']}>")
    for style in soup.find_all("style"):
        found += [u for u in external_css_urls(style.get_text())]
    for element in soup.find_all(style=True):
        found += [u for u in external_css_urls(element["style"])]
    return found


def external_css_urls(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [a or b for a, b in CSS_URL.findall(css) if is_external(a or b)]


@pytest.mark.parametrize("site_fixture", SITES)
def test_no_page_or_stylesheet_requests_another_host(request, site_fixture):
    """Plain hyperlinks (<a href>, e.g. Binder, Colab, sources) are fine: they are not requests."""
    site = request.getfixturevalue(site_fixture)
    problems = []
    pages = list(site.rglob("*.html"))
    assert len(pages) > 3
    for page in pages:
        for found in external_requests_in_html(page.read_text(errors="replace")):
            problems.append(f"{page.relative_to(site)}: {found}")
    for sheet in site.rglob("*.css"):
        for found in external_css_urls(sheet.read_text(errors="replace")):
            problems.append(f"{sheet.relative_to(site)}: {found}")
    assert not problems, "requests to other hosts:\n" + "\n".join(problems[:50])


def test_the_privacy_scan_finds_a_remote_request():
    """The scanner above must be able to fail."""
    html = (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Vibur">'
        '<script src="//cdn.example/x.js"></script><a href="https://mybinder.org">ok</a>'
        '<div style="background:url(https://x.example/a.png)"></div>'
    )
    assert len(external_requests_in_html(html)) == 3
    assert external_css_urls("/* url(https://a.b/c) */ @font-face{src:url('https://a.b/f.woff')}")


def test_mathjax_is_self_hosted(fixture_site):
    page = (
        fixture_site / "exercises" / FIXTURE_NOTEBOOK.name.replace(".ipynb", ".html")
    ).read_text()
    soup = BeautifulSoup(page, "html.parser")
    mathjax = [s["src"] for s in soup.find_all("script", src=True) if "mathjax" in s["src"].lower()]
    assert mathjax, "the fixture page has math, so MathJax should be loaded"
    for src in mathjax:
        assert not is_external(src)
    fonts = fixture_site / "_static/pk-vendor/mathjax/output/chtml/fonts/woff-v2"
    assert any(fonts.glob("*.woff"))


def test_the_build_guard_fails_a_lite_site_that_falls_back_to_the_cdn(tmp_path, monkeypatch):
    """The check that fails `make book` must fail when Pyodide would come from a CDN."""
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    monkeypatch.syspath_prepend(str(ROOT / "book" / "_ext"))
    monkeypatch.delenv("PEACEKIT_PYODIDE", raising=False)
    sys.modules.pop("live_exercises", None)
    import live_exercises

    lite = tmp_path / "lite"
    lite.mkdir()
    settings = {"disablePyPIFallback": True}  # no pyodideUrl: the kernel's CDN default
    config = {"jupyter-config-data": {"litePluginSettings": {KERNEL_PLUGIN: settings}}}
    (lite / "jupyter-lite.json").write_text(json.dumps(config))
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(tmp_path))
    with pytest.raises(ExtensionError, match="not the site's own Pyodide"):
        live_exercises.check_lite_build(app, None)
