#!/usr/bin/env python3
"""Run peacekit's model tests on Python 3.14, inside the same Pyodide the site serves.

The live exercises run in the student's browser on Pyodide (Python 3.14), but
the rest of the suite runs on the build machine's CPython. This script closes
that gap without a second CPython: it starts the self-hosted Pyodide in Node.js
(``lite/static/pyodide``, assembled by ``scripts/site_assets.py``), installs the
very wheels the site serves (``peacekit`` and its pure dependencies) plus pytest
and hypothesis (pure wheels, pinned in ``constraints.txt``), mounts the
repository, and runs the test folders of the layers the browser uses (model, scenarios,
lenses, charts) with pytest. Those folders hold no test that needs a subprocess,
a browser or a book build. Exit status is pytest's.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "lite" / "static" / "pyodide"
WHEELS = ROOT / "_build" / ".downloads" / "py314-test-wheels"

#: The test-only wheels, pinned through constraints.txt (all pure Python).
TEST_PACKAGES = ["pytest", "pluggy", "iniconfig", "packaging", "hypothesis", "sortedcontainers"]

#: Where the build machine's pin has no pure wheel: hypothesis ships compiled wheels
#: from 6.156 on, so Pyodide gets its last pure release.
PURE_PINS = {"hypothesis": "6.155.7"}

#: The test folders of the layers that run in the student's browser: every test in them
#: is pure Python (no subprocess, browser or book build), so each runs here as it is.
BROWSER_LAYERS = ["tests/model", "tests/scenarios", "tests/lenses", "tests/charts"]


NODE_RUNNER = r"""
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
import { readFileSync } from "node:fs";
const wheels = %(wheels)s;
const args = %(args)s;
const py = await loadPyodide({ indexURL: "%(pyodide)s/" });
const site = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
for (const wheel of wheels) {
  py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: site });
}
py.FS.mkdir("/repo");
py.FS.mount(py.FS.filesystems.NODEFS, { root: "%(root)s" }, "/repo");
py.globals.set("ARGS", py.toPy(args));
const status = await py.runPythonAsync(`
import importlib, os, sys
importlib.invalidate_caches()
os.chdir("/repo")
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = "/tmp/hypothesis"
import pytest
print("Python", sys.version.split()[0], "on", sys.platform)
int(pytest.main(list(ARGS)))
`);
process.exit(status);
"""


def pinned(name: str) -> str:
    text = (ROOT / "constraints.txt").read_text()
    match = re.search(rf"^{re.escape(name)}==(\S+)$", text, re.MULTILINE | re.IGNORECASE)
    if not match:
        sys.exit(f"pyodide_tests: {name} is not pinned in constraints.txt")
    return match.group(1)


def test_wheels() -> list[Path]:
    WHEELS.mkdir(parents=True, exist_ok=True)
    wanted = [f"{name}=={PURE_PINS.get(name) or pinned(name)}" for name in TEST_PACKAGES]
    stamp = WHEELS / "requirements.txt"
    if not stamp.is_file() or stamp.read_text().split() != wanted:
        for old in WHEELS.glob("*.whl"):
            old.unlink()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--python-version",
                "3.14",
                "--implementation",
                "py",
                "--platform",
                "any",
                "--dest",
                str(WHEELS),
                *wanted,
            ],
            check=True,
        )
        stamp.write_text("\n".join(wanted) + "\n")
    return sorted(WHEELS.glob("*.whl"))


def served_wheels() -> list[Path]:
    """Every wheel the site serves to the browser, so the test sees what students get."""
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text())
    names = [p["file_name"] for p in lock["packages"].values()]
    return [PYODIDE / n for n in names if n.endswith(".whl") and (PYODIDE / n).is_file()]


def main(argv: list[str]) -> int:
    if not (PYODIDE / "pyodide.mjs").is_file():
        print(
            "pyodide_tests: no self-hosted Pyodide in lite/static/pyodide; run "
            "'make site-assets' first",
            file=sys.stderr,
        )
        return 2
    if shutil.which("node") is None:
        print("pyodide_tests: Node.js is needed to run Pyodide outside a browser", file=sys.stderr)
        return 2
    test_names = {p.name.split("-")[0].lower().replace("_", "-") for p in test_wheels()}
    wheels = [
        w
        for w in served_wheels()
        if w.name.split("-")[0].lower().replace("_", "-") not in test_names
    ]
    wheels += test_wheels()
    args = ["-q", "-p", "no:cacheprovider", *(argv or BROWSER_LAYERS)]
    with tempfile.TemporaryDirectory() as tmp:
        runner = Path(tmp) / "run.mjs"
        runner.write_text(
            NODE_RUNNER
            % {
                "pyodide": PYODIDE.as_posix(),
                "root": ROOT.as_posix(),
                "wheels": json.dumps([w.as_posix() for w in wheels]),
                "args": json.dumps(args),
            }
        )
        return subprocess.run(["node", str(runner)], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
