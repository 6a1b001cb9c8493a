"""nbgitpuller links: the course's exercises on a university's JupyterHub, in one click.

An nbgitpuller link points at the hub's ``hub/user-redirect/git-pull`` page.
When a student opens it, the hub logs them in and starts their server;
nbgitpuller then clones the repository into their home folder (the first time)
or merges the instructor's new commits into their copy (every later time,
keeping the student's own changes), and opens the file or folder the link names
in JupyterLab or Jupyter Notebook.

The repository lands in a folder named after the last part of its URL
(``no-silver-bullet``), and the page to open must be given inside that folder:
``lab/tree/no-silver-bullet/exercises``. :func:`hub_link` works this out, the
same way the book's JupyterHub launch button does (sphinx-book-theme), so that
the command and the buttons give the same links.

Pure string work: nothing here reads a file or the network.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

#: The course's repository (``repository.url`` in ``_config.yml``).
DEFAULT_REPOSITORY = "https://github.com/peacekit-course/no-silver-bullet"
DEFAULT_BRANCH = "main"
#: The self-study notebooks' folder in the repository.
DEFAULT_OPEN = "exercises"
#: Interface name -> the path prefix that opens a file or folder in it.
INTERFACES = {"lab": "lab/tree", "notebook": "tree"}

# What JupyterHub serves under its base URL: the hub's own pages and the users' servers.
_HUB_PAGES = {"hub", "user"}
_BRANCH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/-]*")


class HubLinkError(ValueError):
    """A value the link cannot be made from; the message is one line for the user."""


@dataclass(frozen=True)
class HubLink:
    url: str
    """The link to give students."""
    folder: str
    """The folder the repository is cloned into, relative to the student's home."""
    opens: str
    """What the link opens, relative to the student's home (``no-silver-bullet/exercises``)."""


def hub_link(
    hub: str,
    *,
    repository: str = DEFAULT_REPOSITORY,
    branch: str = DEFAULT_BRANCH,
    open_path: str = DEFAULT_OPEN,
    interface: str = "lab",
) -> HubLink:
    """The nbgitpuller link that opens ``open_path`` of ``repository`` on ``hub``.

    ``hub`` is the hub's address, as students type it (``https://hub.example.edu``,
    or with a prefix, ``https://example.edu/jupyter``). An address copied from
    inside the hub (``…/hub/home``, ``…/user/NAME/lab``) is cut back to the hub's own.
    ``open_path`` is a file or folder inside the repository (``exercises``,
    ``exercises/02-negotiate.ipynb``; empty for the repository's top folder).
    ``interface`` is ``lab`` (JupyterLab) or ``notebook`` (Jupyter Notebook 7).
    Raises :class:`HubLinkError` with a one-line message for a value that cannot work.
    """
    base = hub_base_url(hub)
    repo, folder = _repository(repository)
    branch = _branch(branch)
    inside = _inside_path(open_path)
    if interface not in INTERFACES:
        raise HubLinkError(
            f"interface {interface!r} is not one of: {', '.join(sorted(INTERFACES))}"
        )
    opens = posixpath.join(folder, inside) if inside else folder
    params = {"repo": repo, "urlpath": f"{INTERFACES[interface]}/{opens}", "branch": branch}
    if folder != repo.rsplit("/", 1)[-1]:
        params["targetpath"] = folder  # nbgitpuller would keep ".git" in the folder's name
    url = f"{base}/hub/user-redirect/git-pull?{urlencode(params, safe='/')}"
    return HubLink(url=url, folder=folder, opens=opens)


def hub_base_url(hub: str) -> str:
    """The hub's base address without a trailing slash; raises :class:`HubLinkError`."""
    text = hub.strip()
    parts = _http_url(text, "hub address", example="https://hub.example.edu")
    segments = [s for s in parts.path.split("/") if s]
    for n, segment in enumerate(segments):
        if segment in _HUB_PAGES:
            segments = segments[:n]
            break
    path = "".join(f"/{s}" for s in segments)
    return f"{parts.scheme}://{parts.netloc}{path}"


def _http_url(text: str, what: str, *, example: str):
    if not text:
        raise HubLinkError(f"the {what} is empty; expected an address such as {example}")
    if any(c.isspace() for c in text):
        raise HubLinkError(f"the {what} {text!r} contains a space")
    try:
        parts = urlsplit(text)
        _ = parts.port  # a port that is not a number raises ValueError
    except ValueError:
        raise HubLinkError(f"the {what} {text!r} is not a valid address") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise HubLinkError(
            f"the {what} {text!r} is not a web address; expected one such as {example}"
        )
    if parts.username is not None or parts.password is not None:
        raise HubLinkError(f"the {what} must not contain a user name or password")
    if parts.query or parts.fragment:
        raise HubLinkError(f"the {what} {text!r} must not contain '?' or '#'")
    return parts


def _repository(repository: str) -> tuple[str, str]:
    """The repository URL (no trailing slash) and the folder nbgitpuller clones it into."""
    text = repository.strip()
    parts = _http_url(text, "repository address", example=DEFAULT_REPOSITORY)
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        raise HubLinkError(
            f"the repository address {text!r} names no repository; "
            f"expected one such as {DEFAULT_REPOSITORY}"
        )
    folder = segments[-1].removesuffix(".git")
    if not folder or folder.startswith("."):
        raise HubLinkError(f"the repository address {text!r} does not end in a repository name")
    return text.rstrip("/"), folder


def _branch(branch: str) -> str:
    text = branch.strip()
    parts = text.split("/")
    if (
        not _BRANCH.fullmatch(text)
        or ".." in text
        or any(not part or part.startswith(".") for part in parts)
        or text.endswith((".", ".lock"))
    ):
        raise HubLinkError(f"{text!r} is not a git branch name")
    return text


def _inside_path(path: str) -> str:
    """A path inside the repository in POSIX form ('' for its top folder)."""
    text = path.strip()
    if "\\" in text:
        raise HubLinkError(f"the path {text!r} must use '/', not '\\'")
    if text.startswith("/"):
        raise HubLinkError(
            f"the path {text!r} must be inside the repository, such as exercises/02-negotiate.ipynb"
        )
    if ".." in text.split("/"):
        raise HubLinkError(f"the path {text!r} must not leave the repository ('..')")
    normal = posixpath.normpath(text) if text else "."
    return "" if normal == "." else normal
