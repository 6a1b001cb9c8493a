#!/usr/bin/env python3
"""The Binder and JupyterHub environment in ``binder/``: pin it, and check it as repo2docker would.

repo2docker builds the images for mybinder.org, BinderHub and most university
JupyterHubs. Because the repository has a ``binder/`` folder, repo2docker reads
only that folder: ``runtime.txt`` picks the Python version and
``requirements.txt`` is installed with ``pip install -r binder/requirements.txt``,
run from the repository root after the whole repository has been copied into the
image. The root ``pyproject.toml`` is ignored, whatever repo2docker's version.

Two commands:

``pin``
    Write ``binder/requirements.txt``: what the notebooks need at run time
    (``peacekit`` and its dependencies, the kernel) plus JupyterLab, Notebook 7
    and the widget front end, with every package of the resolved set pinned to
    the version in ``constraints.txt``, and a last line ``.`` for the package
    itself. ``make constraints`` runs it. It must run on the Python of
    ``binder/runtime.txt``, because markers decide what is pulled in.

``check``
    What ``make test`` runs (``make binder-check``). In a fresh virtual
    environment, made from ``binder/`` alone: copy the repository's files (the
    ones git tracks, plus new files not ignored: what a clone would hold), run
    ``pip install -r binder/requirements.txt`` from the copy's root as
    repo2docker does, and check that the installed set is exactly the pinned
    set (``pip freeze``), that ``pip check`` passes, that ``peacekit`` is
    imported from the environment (not from ``src/``), and that strict nbval
    passes on every exercise notebook in a kernel of that environment. pip's
    cache is reused; everything else is made from scratch in
    ``_build/binder-check``, which is kept afterwards for inspection.

Usage: python scripts/binder_env.py pin|check
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
REQUIREMENTS = BINDER / "requirements.txt"
RUNTIME = BINDER / "runtime.txt"
CONSTRAINTS = ROOT / "constraints.txt"
WORK = ROOT / "_build" / "binder-check"
KERNEL = "peacekit-binder"

#: Besides peacekit itself: the kernel, the two interfaces a hub offers, and the
#: widget front end (a prebuilt JupyterLab extension: no postBuild is needed).
ROOTS = ["ipykernel", "jupyterlab", "notebook", "jupyterlab_widgets"]

HEADER = """\
# The environment of the exercises on Binder and on a JupyterHub (repo2docker's pip path).
# Generated from constraints.txt by `make binder-pins` (scripts/binder_env.py): edit
# constraints.txt or ROOTS in that script, not this file. `make binder-check` tests it.
#
# repo2docker reads only binder/ when it exists (the root pyproject.toml is ignored),
# takes the Python version from binder/runtime.txt, copies the whole repository and
# runs `pip install -r binder/requirements.txt` from the repository root. So the last
# line, ".", is this repository's peacekit. It is not an editable install on purpose:
# on a hub with persistent home folders, the home folder is mounted over the image's copy
# of the repository, and an editable install would point at a folder no longer there.
"""

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*$")


class CheckFailed(Exception):
    """One line that says what is wrong with the Binder environment."""


def read_pins(path: Path) -> dict[str, tuple[str, str]]:
    """``canonical name -> (name as written, version)`` for every ``name==version`` line."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[canonicalize_name(match[1])] = (match[1], match[2])
    return pins


def runtime_version() -> str:
    """``3.11`` from ``binder/runtime.txt`` (``python-3.11``)."""
    text = RUNTIME.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    if not match:
        raise CheckFailed(f"{RUNTIME.relative_to(ROOT)}: expected 'python-X.Y', found {text!r}")
    return match[1]


def run(command: list, *, cwd: Path = ROOT, env: dict | None = None) -> str:
    proc = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-6000:] + proc.stderr[-6000:])
        raise CheckFailed(f"failed (exit {proc.returncode}): {' '.join(map(str, command))}")
    return proc.stdout


# -- pin ---------------------------------------------------------------------------------------
def resolve() -> list[tuple[str, str]]:
    """The set pip installs for ``.`` and the roots under constraints.txt, as (name, version)."""
    with tempfile.TemporaryDirectory(prefix="pk-binder-") as tmp:
        report = Path(tmp) / "report.json"
        run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
             "--quiet", "--report", report, "-c", CONSTRAINTS, ".", *ROOTS]
        )  # fmt: skip
        items = json.loads(report.read_text())["install"]
    resolved = []
    for item in items:
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        if canonicalize_name(name) != "peacekit":
            resolved.append((name, version))
    return sorted(resolved, key=lambda nv: canonicalize_name(nv[0]))


def pin() -> int:
    wanted, here = runtime_version(), f"{sys.version_info[0]}.{sys.version_info[1]}"
    if wanted != here:
        raise CheckFailed(f"run this on Python {wanted} (binder/runtime.txt), not {here}")
    constraints = read_pins(CONSTRAINTS)
    lines = []
    for name, version in resolve():
        pinned = constraints.get(canonicalize_name(name))
        if pinned is None or pinned[1] != version:
            raise CheckFailed(f"{name}=={version} is not pinned in constraints.txt")
        lines.append(f"{pinned[0]}=={version}")
    REQUIREMENTS.write_text(HEADER + "\n".join(lines) + "\n.\n", encoding="utf-8")
    print(f"{REQUIREMENTS.relative_to(ROOT)}: {len(lines)} pinned packages and peacekit")
    return 0


# -- check -------------------------------------------------------------------------------------
def copy_repository(dest: Path) -> None:
    """The files a clone would hold: tracked, plus new ones that are not ignored."""
    listing = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the work tree is skipped
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def python_version(python: str | Path) -> str:
    """``3.11`` for the given interpreter."""
    return run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]).strip()


def interpreter(version: str) -> str:
    """The Python that binder/runtime.txt names, if this machine has it."""
    for candidate in (shutil.which(f"python{version}"), sys.executable):
        if candidate and python_version(candidate) == version:
            return candidate
    print(f"note: no Python {version} here; the check uses Python {sys.version.split()[0]}")
    return sys.executable


def check() -> int:
    start = time.monotonic()
    shutil.rmtree(WORK, ignore_errors=True)
    repo, env = WORK / "repo", WORK / "env"
    repo.mkdir(parents=True)
    copy_repository(repo)
    python = interpreter(runtime_version())
    run([python, "-m", "venv", env])
    env_python = env / "bin" / "python"
    pip = [env_python, "-m", "pip", "--disable-pip-version-check"]

    # As repo2docker's Python build pack does, from the repository root.
    run([*pip, "install", "--quiet", "-r", "binder/requirements.txt"], cwd=repo)
    installed = time.monotonic()

    pins = read_pins(REQUIREMENTS)
    frozen = run([*pip, "freeze"]).splitlines()
    got = {}
    for line in frozen:
        match = PIN.match(line)
        if match:
            got[canonicalize_name(match[1])] = match[2]
        elif not line.startswith("peacekit @ "):
            raise CheckFailed(f"unexpected line in pip freeze: {line}")
    if not any(line.startswith("peacekit @ ") for line in frozen):
        raise CheckFailed("binder/requirements.txt did not install peacekit")
    expected = {name: version for name, (_, version) in pins.items()}
    unpinned = sorted(f"{n}=={v}" for n, v in got.items() if expected.get(n) != v)
    missing = sorted(f"{n}=={v}" for n, v in expected.items() if got.get(n) != v)
    same_python = python_version(env_python) == runtime_version()
    if unpinned or (missing and same_python):
        raise CheckFailed(
            f"the environment is not the pinned set: installed but not pinned {unpinned}, "
            f"pinned but not installed {missing}; run `make binder-pins`"
        )
    if missing:  # the pins are resolved for binder/runtime.txt's Python; markers differ here
        print(f"note: not needed on Python {python_version(env_python)}: {', '.join(missing)}")
    run([*pip, "check"])

    where = run([env_python, "-c", "import peacekit.widgets, peacekit; print(peacekit.__file__)"])
    module = Path(where.strip()).resolve()
    if env.resolve() not in module.parents:
        raise CheckFailed(f"peacekit was imported from {module}, not from the environment")

    # A kernel of the Binder environment; nbval (from the test environment) runs the
    # notebooks in it. The kernelspec names the environment's Python by its full path.
    run([env_python, "-m", "ipykernel", "install", "--prefix", env, "--name", KERNEL])
    jupyter_env = {**os.environ, "JUPYTER_PATH": str(env / "share" / "jupyter")}
    notebooks = sorted(p.relative_to(repo) for p in (repo / "exercises").glob("*.ipynb"))
    if not notebooks:
        raise CheckFailed("no exercise notebooks to check")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-kernel-name", KERNEL,
         "--nbval-sanitize-with", "exercises/sanitize.cfg", "-p", "no:cacheprovider", "-q",
         *map(str, notebooks)],
        cwd=repo, env=jupyter_env,
    )  # fmt: skip
    if proc.returncode != 0:
        raise CheckFailed("strict nbval failed in the Binder environment (output above)")
    print(
        f"binder/ environment: {len(pins)} pinned packages and peacekit installed from "
        f"binder/requirements.txt in {installed - start:.0f} s; pip check passed; "
        f"{len(notebooks)} notebooks passed strict nbval; {time.monotonic() - start:.0f} s in all"
    )
    return 0


def main(argv: list[str]) -> int:
    commands = {"pin": pin, "check": check}
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: python scripts/binder_env.py pin|check", file=sys.stderr)
        return 2
    try:
        return commands[argv[0]]()
    except CheckFailed as exc:
        print(f"binder_env {argv[0]}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
