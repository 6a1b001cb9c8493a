"""The Binder / JupyterHub environment in ``binder/``, as repo2docker reads it.

``make test`` also installs ``binder/requirements.txt`` in a fresh virtual
environment and runs every exercise there (``scripts/binder_env.py check``).
These tests are the fast part: the pins are the project's pins, the pinned set is
closed (nothing pip would add is left unpinned, nothing pinned is unused), the
Python version is one ``peacekit`` supports, and repo2docker itself, asked for
its Dockerfile without building it, installs ``binder/requirements.txt`` from the
repository root on that Python and ignores the root ``pyproject.toml``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from binder_env import CONSTRAINTS, REQUIREMENTS, ROOT, ROOTS, read_pins, runtime_version
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

COPY_REPOSITORY = re.compile(r"COPY .* src/ \$\{REPO_DIR\}/")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def requirement_lines() -> list[str]:
    lines = REQUIREMENTS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_every_pin_is_the_projects_pin_and_the_package_comes_last():
    lines = requirement_lines()
    assert lines[-1] == ".", "the last line installs this repository's peacekit"
    assert not any(line.startswith(("-e", "--editable")) for line in lines)
    pins, constraints = read_pins(REQUIREMENTS), read_pins(CONSTRAINTS)
    assert len(pins) == len(lines) - 1, "every other line is NAME==VERSION"
    for name, (_, version) in pins.items():
        assert name in constraints, f"{name} is not in constraints.txt"
        assert constraints[name][1] == version, f"{name}: {version} != {constraints[name][1]}"


def _dependencies(dist: str, extras: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
    found = []
    for raw in metadata.requires(dist) or []:
        req = Requirement(raw)
        if req.marker is not None and not any(
            req.marker.evaluate({"extra": extra}) for extra in (extras or {""})
        ):
            continue
        found.append((canonicalize_name(req.name), frozenset(req.extras)))
    return found


def test_the_pinned_set_is_exactly_what_the_exercises_and_the_interfaces_need():
    """Walk the requirements (this test environment has the same pinned versions)."""
    pins = read_pins(REQUIREMENTS)
    needed: set[str] = set()
    queue = [(canonicalize_name(r), frozenset()) for r in ROOTS]
    queue += _dependencies("peacekit", frozenset())
    seen = set()
    while queue:
        name, extras = queue.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        needed.add(name)
        assert name in pins, f"{name} is needed but not pinned in binder/requirements.txt"
        assert metadata.version(name) == pins[name][1], f"{name}: run `make venv`"
        queue += _dependencies(name, extras)
    # The pins are resolved for binder/runtime.txt's Python; on another one, markers
    # can leave a pinned package unneeded, never the other way round.
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == runtime_version():
        assert set(pins) == needed, f"pinned but not needed: {sorted(set(pins) - needed)}"
    runtime = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    assert runtime <= needed and {"ipykernel", "jupyterlab", "jupyterlab-widgets"} <= needed
    # Test and build tools stay out of the students' environment.
    assert not {"pytest", "nbval", "jupyter-book", "jupyter-repo2docker"} & set(pins)


def test_the_python_version_is_one_peacekit_supports():
    version = runtime_version()
    assert version in SpecifierSet(PYPROJECT["project"]["requires-python"])
    header = CONSTRAINTS.read_text(encoding="utf-8").splitlines()[0]
    assert f"(Python {version}," in header, "the pins were made for another Python"


def repo2docker(repo: Path) -> tuple[str, str]:
    """repo2docker's Dockerfile for ``repo`` (``--no-build`` needs no Docker daemon)."""
    proc = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", str(repo)],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout, proc.stderr


def test_repo2docker_installs_binder_requirements_from_the_repository_root():
    dockerfile, log = repo2docker(ROOT)
    assert f"Building conda environment for python={runtime_version()}" in log
    lines = dockerfile.splitlines()
    workdir = lines.index("WORKDIR ${REPO_DIR}")
    copy_repo = next(n for n, line in enumerate(lines) if COPY_REPOSITORY.fullmatch(line))
    installs = [n for n, line in enumerate(lines) if "/bin/pip install" in line]
    assert len(installs) == 1, "only binder/requirements.txt is installed with pip"
    assert lines[installs[0]].endswith('pip install --no-cache-dir -r "binder/requirements.txt"')
    # After the whole repository is in the image, from its root: so "." is the package.
    assert workdir < copy_repo < installs[0]
    assert "postBuild" not in dockerfile.replace("#   2. postBuild", "")


def test_without_binder_repo2docker_would_build_from_pyproject_instead(tmp_path):
    """The control: what repo2docker makes of the root pyproject.toml alone."""
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    dockerfile, log = repo2docker(tmp_path)
    assert "pip install --no-cache-dir ." in dockerfile  # unpinned dependencies
    assert f"python={runtime_version()}" not in log  # the newest Python it supports instead


@pytest.mark.parametrize("name", ["requirements.txt", "runtime.txt"])
def test_binder_files_are_plain_text_repo2docker_can_read(name):
    text = (ROOT / "binder" / name).read_bytes()
    assert text.decode("ascii").endswith("\n") and b"\r" not in text
