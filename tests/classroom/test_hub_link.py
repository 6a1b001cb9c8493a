"""nbgitpuller links for a university's JupyterHub (``peacekit.classroom.hub_link``).

The link is right when nbgitpuller, reading it, clones the repository into the
folder the link then opens. nbgitpuller's rule (``nbgitpuller/handlers.py``): the
clone goes to ``targetpath`` if the link has one, else to the last part of the
repository URL; ``urlpath`` is opened as given, relative to the student's home.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from peacekit.classroom.hub_link import (
    DEFAULT_BRANCH,
    DEFAULT_OPEN,
    DEFAULT_REPOSITORY,
    HubLinkError,
    hub_base_url,
    hub_link,
)

ROOT = Path(__file__).resolve().parents[2]
HUB = "https://hub.example.edu"


def query(url: str) -> dict[str, str]:
    parsed = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values()), parsed
    return {k: v[0] for k, v in parsed.items()}


def nbgitpuller_clone_folder(params: dict[str, str]) -> str:
    """Where nbgitpuller puts the repository for these link parameters."""
    return params.get("targetpath") or params["repo"].rstrip("/").split("/")[-1]


def test_the_default_link_opens_the_exercises_folder_in_jupyterlab():
    link = hub_link(HUB)
    parts = urlsplit(link.url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.edu",
        "/hub/user-redirect/git-pull",
    )
    assert query(link.url) == {
        "repo": "https://github.com/peacekit-course/no-silver-bullet",
        "urlpath": "lab/tree/no-silver-bullet/exercises",
        "branch": "main",
    }
    assert (link.folder, link.opens) == ("no-silver-bullet", "no-silver-bullet/exercises")


@pytest.mark.parametrize(
    ("repository", "folder"),
    [
        ("https://github.com/peacekit-course/no-silver-bullet", "no-silver-bullet"),
        ("https://github.com/my-university/no-silver-bullet/", "no-silver-bullet"),
        ("https://github.com/my-university/peace-course.git", "peace-course"),
        ("https://gitlab.example.edu/teaching/peace/course-2027", "course-2027"),
    ],
)
@pytest.mark.parametrize("interface", ["lab", "notebook"])
def test_the_link_opens_inside_the_folder_nbgitpuller_clones_into(repository, folder, interface):
    link = hub_link(
        HUB, repository=repository, open_path="exercises/02-negotiate.ipynb", interface=interface
    )
    params = query(link.url)
    assert nbgitpuller_clone_folder(params) == folder == link.folder
    prefix = {"lab": "lab/tree", "notebook": "tree"}[interface]
    assert params["urlpath"] == f"{prefix}/{folder}/exercises/02-negotiate.ipynb"
    assert params["repo"] == repository.rstrip("/")


@pytest.mark.parametrize(
    ("path", "opens"),
    [
        ("exercises", "no-silver-bullet/exercises"),
        ("exercises/", "no-silver-bullet/exercises"),
        ("./exercises//07-reflection-journal.ipynb",
         "no-silver-bullet/exercises/07-reflection-journal.ipynb"),
        ("", "no-silver-bullet"),
        (".", "no-silver-bullet"),
        ("my notes/week 1.ipynb", "no-silver-bullet/my notes/week 1.ipynb"),
    ],
)  # fmt: skip
def test_paths_inside_the_repository(path, opens):
    link = hub_link(HUB, open_path=path)
    assert link.opens == opens
    assert query(link.url)["urlpath"] == f"lab/tree/{opens}"


@pytest.mark.parametrize(
    ("hub", "base"),
    [
        ("https://hub.example.edu", "https://hub.example.edu"),
        ("  https://hub.example.edu/ ", "https://hub.example.edu"),
        ("https://hub.example.edu/hub/home", "https://hub.example.edu"),
        ("https://hub.example.edu/user/ani/lab/tree/work", "https://hub.example.edu"),
        ("https://example.edu/jupyter/", "https://example.edu/jupyter"),
        ("https://example.edu/jupyter/hub/login?next=", None),
        ("http://127.0.0.1:8000/hub/", "http://127.0.0.1:8000"),
    ],
)
def test_the_hub_address_is_cut_back_to_the_hubs_own(hub, base):
    if base is None:  # a query string is refused rather than guessed at
        with pytest.raises(HubLinkError):
            hub_base_url(hub)
        return
    assert hub_base_url(hub) == base
    assert hub_link(hub).url.startswith(f"{base}/hub/user-redirect/git-pull?")


BAD = [
    ({"hub": ""}, "is empty"),
    ({"hub": "hub.example.edu"}, "not a web address"),
    ({"hub": "ftp://hub.example.edu"}, "not a web address"),
    ({"hub": "https://"}, "not a web address"),
    ({"hub": "https://hub.example.edu:eighty"}, "not a valid address"),
    ({"hub": "https://hub example.edu"}, "contains a space"),
    ({"hub": "https://ani:secret@hub.example.edu"}, "user name or password"),
    ({"hub": "https://hub.example.edu/#top"}, "'?' or '#'"),
    ({"repository": "git@github.com:peacekit-course/no-silver-bullet.git"}, "not a web address"),
    ({"repository": "https://github.com/"}, "names no repository"),
    ({"repository": "https://github.com/org/.git"}, "does not end in a repository name"),
    ({"branch": ""}, "not a git branch name"),
    ({"branch": "course 2027"}, "not a git branch name"),
    ({"branch": "-x"}, "not a git branch name"),
    ({"branch": "main..other"}, "not a git branch name"),
    ({"branch": "course/"}, "not a git branch name"),
    ({"branch": "course/.hidden"}, "not a git branch name"),
    ({"open_path": "/home/jovyan"}, "inside the repository"),
    ({"open_path": "../other-course"}, "must not leave the repository"),
    ({"open_path": "exercises\\01-package-deal.ipynb"}, "must use '/'"),
    ({"interface": "classic"}, "not one of: lab, notebook"),
]


@pytest.mark.parametrize(("bad", "message"), BAD, ids=[f"{b}" for b, _ in BAD])
def test_a_value_that_cannot_work_is_one_clear_line(bad, message):
    args = {"hub": HUB, **bad}
    with pytest.raises(HubLinkError) as caught:
        hub_link(args.pop("hub"), **args)
    text = str(caught.value)
    assert message in text and "\n" not in text


SEGMENT = st.text(
    alphabet=st.characters(categories=["L", "N"], include_characters="-_. &=+%#?"),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s and s not in {".", ".."})


@given(
    folders=st.lists(SEGMENT, min_size=1, max_size=4),
    branch=st.from_regex(
        r"[a-z][a-z0-9_-]{0,15}(\.[a-z0-9]{1,3})?(/[a-z0-9_-]{1,8})?", fullmatch=True
    ),
)
def test_any_path_and_branch_survive_the_query_string_unchanged(folders, branch):
    path = "/".join(folders)
    link = hub_link(HUB, open_path=path, branch=branch)
    params = query(link.url)
    assert params["urlpath"] == f"lab/tree/no-silver-bullet/{path}"
    assert params["branch"] == branch
    assert "#" not in link.url and " " not in link.url


def test_the_defaults_are_the_projects_repository_and_exercises():
    config = YAML(typ="safe", pure=True).load((ROOT / "_config.yml").read_text("utf-8"))
    assert config["repository"]["url"] == DEFAULT_REPOSITORY
    assert config["repository"]["branch"] == DEFAULT_BRANCH
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["urls"]["Source"] == DEFAULT_REPOSITORY
    assert any((ROOT / DEFAULT_OPEN).glob("*.ipynb"))
