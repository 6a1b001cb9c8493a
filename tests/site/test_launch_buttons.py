"""The launch buttons of the exercise pages: Binder opens JupyterLab with binder/'s environment.

On every exercise page of the built site, the Binder button must start the
repository and branch of ``_config.yml`` on the configured BinderHub, and open
that very notebook in JupyterLab (``urlpath=lab/tree/exercises/NAME.ipynb``);
repo2docker then builds the environment in ``binder/`` (``tests/binder``). The
JupyterHub button appears only when ``launch_buttons.jupyterhub_url`` is set,
and then gives the same link as ``peacekit hub-link`` for that page: the theme's
code that writes the button is run on the project's real configuration with a
hub address filled in, and compared with :func:`hub_link`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from peacekit.classroom.hub_link import hub_link

from .site_support import ROOT, exercise_notebooks

CONFIG = YAML(typ="safe", pure=True).load((ROOT / "_config.yml").read_text("utf-8"))
LAUNCH = CONFIG["launch_buttons"]
REPOSITORY = CONFIG["repository"]
INTERFACE_PREFIX = {"jupyterlab": "lab/tree", "classic": "tree"}


def launch_links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.select(".dropdown-launch-buttons a[href]")]


@pytest.mark.build
@pytest.mark.parametrize("notebook", exercise_notebooks(), ids=lambda p: p.stem)
def test_the_binder_button_opens_this_notebook_in_jupyterlab(built_site, notebook):
    page = built_site / "exercises" / f"{notebook.stem}.html"
    binder_host = urlsplit(LAUNCH["binderhub_url"]).netloc
    links = launch_links(page)
    binder = [u for u in links if urlsplit(u).netloc == binder_host]
    assert len(binder) == 1, links
    url = urlsplit(binder[0])
    org, repo = urlsplit(REPOSITORY["url"]).path.strip("/").split("/")
    assert url.scheme == "https"
    assert url.path == f"/v2/gh/{org}/{repo}/{REPOSITORY['branch']}"
    assert LAUNCH["notebook_interface"] == "jupyterlab"
    assert parse_qs(url.query) == {"urlpath": [f"lab/tree/exercises/{notebook.name}"]}
    # What Binder builds: the environment in binder/, committed in this repository.
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", "binder/requirements.txt", "binder/runtime.txt"],
        cwd=ROOT,
        capture_output=True,
    )
    assert tracked.returncode == 0, "binder/ is not committed, so Binder cannot build it"


@pytest.mark.build
@pytest.mark.parametrize("notebook", exercise_notebooks()[:1], ids=lambda p: p.stem)
def test_the_jupyterhub_button_is_there_only_with_a_hub(built_site, notebook):
    links = launch_links(built_site / "exercises" / f"{notebook.stem}.html")
    pulls = [u for u in links if "/hub/user-redirect/git-pull?" in u]
    hub = LAUNCH.get("jupyterhub_url") or ""
    if not hub:
        assert pulls == [], "a JupyterHub button without a hub address"
    else:
        open_path = f"exercises/{notebook.name}"
        assert pulls == [hub_link(hub, open_path=open_path).url]


class _Config(dict):
    __getattr__ = dict.__getitem__


def theme_jupyterhub_link(hub: str, page: str) -> str:
    """The JupyterHub button sphinx-book-theme writes for ``page`` with ``jupyterhub_url: hub``."""
    from jupyter_book.config import get_final_config
    from sphinx_book_theme.header_buttons import update_context_with_repository_info
    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    user = YAML(typ="safe", pure=True).load((ROOT / "_config.yml").read_text("utf-8"))
    user["launch_buttons"]["jupyterhub_url"] = hub
    sphinx_config, _ = get_final_config(
        user_yaml=user, cli_config={"latex_individualpages": False}, sourcedir=ROOT
    )
    config = _Config(html_theme_options=sphinx_config["html_theme_options"], html_context={})
    app = SimpleNamespace(
        config=config,
        builder=SimpleNamespace(),
        env=SimpleNamespace(
            doc2path=lambda name: str(ROOT / f"{name}.ipynb"),
            metadata={page: {"kernelspec": {"name": "python3"}}},
        ),
    )
    update_context_with_repository_info(app)
    context = {
        **config.html_context,
        "pagename": page,
        "sourcename": f"{page}.ipynb",
        "header_buttons": [],
    }
    add_launch_buttons(app, page, "page.html", context, None)
    (group,) = context["header_buttons"]
    (button,) = [b for b in group["buttons"] if b["text"] == "JupyterHub"]
    return button["url"]


@pytest.mark.build
@pytest.mark.parametrize("hub", ["https://hub.example.edu", "https://example.edu/jupyter/"])
def test_setting_jupyterhub_url_gives_the_links_of_peacekit_hub_link(hub):
    notebook = exercise_notebooks()[0]
    page = f"exercises/{notebook.stem}"
    expected = hub_link(hub, open_path=f"{page}.ipynb").url
    assert theme_jupyterhub_link(hub, page) == expected
