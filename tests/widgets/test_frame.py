"""Where the exercise's links to the course site start, wherever the notebook runs."""

import pytest

from peacekit.widgets.frame import SITE_ROOT_VARIABLE, lite_site_root, site_root

SITE = "https://example.org/no-silver-bullet"
CONFIG = "title: A course\nhtml:\n  baseurl: {url}\n"


@pytest.mark.parametrize(
    ("location", "root"),
    [
        # the Pyodide kernel's worker script, as JupyterLite serves it from the site
        (f"{SITE}/lite/extensions/@jupyterlite/pyodide-kernel-extension/static/w.js", f"{SITE}/"),
        (f"{SITE}/lite/notebooks/index.html?path=06-knowledge-checks.ipynb", f"{SITE}/"),
        ("http://127.0.0.1:8000/lite/lab/index.html", "http://127.0.0.1:8000/"),
        ("http://localhost:8888/lab/tree/exercises/06.ipynb", None),  # JupyterLab: no site
        ("blob:null/1234", None),
    ],
)
def test_the_site_is_found_from_a_jupyterlite_location(location, root):
    assert lite_site_root(location) == root


def test_the_book_build_variable_comes_first(tmp_path):
    env = {SITE_ROOT_VARIABLE: "../"}
    assert site_root(environ=env, location=f"{SITE}/lite/lab/index.html", folder=tmp_path) == "../"
    assert site_root(environ={SITE_ROOT_VARIABLE: SITE}, folder=tmp_path) == f"{SITE}/"


def test_in_jupyterlite_the_site_is_where_the_kernel_runs(tmp_path):
    where = f"{SITE}/lite/extensions/@jupyterlite/pyodide-kernel-extension/static/w.js"
    assert site_root(environ={}, location=where, folder=tmp_path) == f"{SITE}/"


def test_a_copy_of_the_repository_links_to_the_published_site_if_the_book_names_it(tmp_path):
    (tmp_path / "_config.yml").write_text(CONFIG.format(url=SITE), "utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", "utf-8")
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    assert site_root(environ={}, location="", folder=exercises) == f"{SITE}/"


def test_with_no_site_anywhere_there_is_no_root(tmp_path):
    assert site_root(environ={}, location="", folder=tmp_path) is None
