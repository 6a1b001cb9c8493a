"""The built files behind the live exercise pages and the lighter pages (no browser).

* Each exercise page carries its live configuration: URLs that resolve to served files,
  the notebook's code cells, and a ``pk-cell-<index>`` class on each cell's container.
* The exercise pages' lock (``pk-live-lock.json``) is a closed subset of the site's
  lock, with the same files and hashes, and without IPython.
* The Python the exercise pages load is compiled to Pyodide's bytecode: third-party
  wheels sourceless, the standard library where start-up imports it; ``peacekit`` is
  served as built, and what only JupyterLite loads (IPython, ...) as PyPI ships it.
* Pages load only what they use: no ``fontawesome.js`` anywhere, the search index only
  on the search page, MathJax only on pages with math.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from .site_support import FIXTURE_NOTEBOOK, book_pages, exercise_notebooks, site_file

pytestmark = pytest.mark.build

EXERCISE_PAGES = [
    pytest.param("fixture_site", FIXTURE_NOTEBOOK, id=f"fixture:{FIXTURE_NOTEBOOK.stem}"),
    *(pytest.param("built_site", nb, id=nb.stem) for nb in exercise_notebooks()),
]
PYODIDE = Path("lite") / "static" / "pyodide"


def page_config(site: Path, notebook: Path) -> tuple[BeautifulSoup, dict, str]:
    page = site / "exercises" / f"{notebook.stem}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tag = soup.find("script", id="pk-live-config")
    assert tag is not None, f"{page.name}: no live configuration"
    return soup, json.loads(tag.string), f"http://site/exercises/{page.name}"


@pytest.mark.parametrize(("site_fixture", "notebook"), EXERCISE_PAGES)
def test_an_exercise_page_carries_its_live_configuration(request, site_fixture, notebook):
    site = request.getfixturevalue(site_fixture)
    soup, config, url = page_config(site, notebook)
    for key, name in [("pyodide", "pyodide.mjs"), ("runtime", "pk-live-worker.js"),
                      ("runtime", "pk_live.py"), ("lite", "notebooks/index.html")]:  # fmt: skip
        assert site_file(site, urljoin(url, config[key] + name)).is_file(), (key, name)
    assert site_file(site, urljoin(url, config["lock"])).is_file()
    assert config["packages"] == ["peacekit"]
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "code"]
    assert [(c["index"], c["source"]) for c in config["cells"]] == code
    containers = soup.select("div.cell")
    assert containers
    for container in containers:
        marks = [c for c in container["class"] if re.fullmatch(r"pk-cell-\d+", c)]
        assert len(marks) == 1 and int(marks[0].split("-")[-1]) in dict(code), container["class"]
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(s.split("?")[0].endswith("/pk-live/pk-live.js") for s in scripts)
    assert soup.select_one(".pk-live-block [role=status]") is not None
    assert soup.select_one(".pk-live-auto input[type=checkbox]").find_parent("label")
    assert config["bytes"] > 10_000_000


def test_the_exercise_pages_lock_is_a_closed_subset_of_the_sites_lock(built_site):
    folder = built_site / PYODIDE
    full = json.loads((folder / "pyodide-lock.json").read_text())["packages"]
    live = json.loads((folder / "pk-live-lock.json").read_text())["packages"]
    assert "peacekit" in live and "ipywidgets" in live
    assert not {"ipython", "jupyterlab-widgets", "widgetsnbextension"} & set(live)
    for name, entry in live.items():
        assert entry["file_name"] == full[name]["file_name"]
        assert entry["sha256"] == full[name]["sha256"]
        assert set(entry["depends"]) <= set(live), name


def test_the_served_python_is_compiled_to_pyodide_bytecode(built_site):
    folder = built_site / PYODIDE
    lock = json.loads((folder / "pyodide-lock.json").read_text())["packages"]
    for name in ["ipywidgets", "traitlets", "ruamel-yaml", "comm"]:
        with zipfile.ZipFile(folder / lock[name]["file_name"]) as wheel:
            names = wheel.namelist()
        code = [n for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))]
        assert any(n.endswith(".pyc") for n in code), name
        assert not [n for n in code if n.endswith(".py")], f"{name} still ships sources"
        assert not [n for n in code if "/tests/" in n], f"{name} still ships its tests"
    with zipfile.ZipFile(folder / lock["peacekit"]["file_name"]) as wheel:
        names = set(wheel.namelist())
    assert "peacekit/__init__.py" in names, "peacekit is served with its sources"
    assert not [n for n in names if n.endswith(".pyc")], "peacekit is served as built"
    with zipfile.ZipFile(folder / lock["ipython"]["file_name"]) as wheel:  # JupyterLite only
        assert any(n.endswith(".py") for n in wheel.namelist()), "IPython keeps PyPI's wheel"
    with zipfile.ZipFile(folder / "python_stdlib.zip") as stdlib:
        names = set(stdlib.namelist())
    assert {"asyncio/__init__.pyc", "json/__init__.pyc", "logging/__init__.pyc"} <= names
    assert "asyncio/__init__.py" not in names
    assert any(n.endswith(".py") for n in names), "rarely used modules keep their source"


def loaded(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [urlparse(s["src"]).path for s in soup.find_all("script", src=True)] + [
        urlparse(link["href"]).path for link in soup.find_all("link", href=True)
    ]


def test_pages_load_only_what_they_use(built_site):
    pages = book_pages(built_site)
    assert len(pages) > 10
    with_math = 0
    for path in pages:
        page = built_site / path
        assets = loaded(page)
        text = page.read_text(encoding="utf-8")
        assert not [a for a in assets if a.endswith("/fontawesome.js")], path
        assert not [a for a in assets if "thebe" in a or "jupyterlite_sphinx" in a], path
        if path != "search.html":
            assert not [a for a in assets if a.endswith("searchindex.js")], path
        has_math = 'class="math' in text
        mathjax = [a for a in assets if "/mathjax/" in a]
        assert bool(mathjax) == has_math, f"{path}: math {has_math}, MathJax {mathjax}"
        with_math += has_math
    assert with_math >= 1
    assert any(a.endswith("searchindex.js") for a in loaded(built_site / "search.html"))
