"""Where the published course site is, from the book's own configuration.

A knowledge-check source such as ``book/back/glossary.html#term-GRIT`` is a page
of the course site. A notebook opened from a copy of the repository (JupyterLab,
Binder, a university hub) has no site beside it, but the book's ``_config.yml``
may say where the site is published (``html.baseurl``, the address Sphinx puts in
every page's canonical link). Then the source can link there; otherwise the
exercise shows the page's path as text rather than a link that leads nowhere.
"""

from __future__ import annotations

from pathlib import Path

from .problems import ScenarioError
from .yaml_reader import read_yaml

CONFIG = "_config.yml"
TOC = "_toc.yml"


def published_site_url(start: str | Path) -> str | None:
    """``html.baseurl`` of the course book whose folder holds ``start`` (or is it), ending
    in ``/``; None when there is no book there, it sets no address, or its file cannot be
    read (the exercise then shows paths as text: nothing here is the student's to fix)."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG
        if config.is_file() and (candidate / TOC).is_file():
            try:
                data = read_yaml(config)
            except (ScenarioError, OSError):
                return None
            html = data.get("html") if isinstance(data, dict) else None
            url = html.get("baseurl") if isinstance(html, dict) else None
            if isinstance(url, str) and url.startswith(("https://", "http://")):
                return url.rstrip("/") + "/"
            return None
    return None
