"""The package keeps its layers: what CONTRIBUTING's map says is what the tree is.

import-linter (``make lint``) checks the direction of imports between the layers;
these tests check what it does not: the shape of the tree, cycles inside a layer
(imports inside functions included), the lenses and widgets in pairs, and tests
that mirror the folders.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "peacekit"
LAYERS = ["model", "scenarios", "lenses", "charts", "classroom", "widgets"]
#: The widgets' shared parts, which are not exercises and so have no lens.
WIDGET_PARTS = {"__init__", "frame", "guarded", "results_export"}

sys.path.insert(0, str(ROOT / "scripts"))
from pyodide_tests import BROWSER_LAYERS  # noqa: E402


def test_at_most_five_modules_sit_at_the_top_of_the_package():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 5, top
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted([*LAYERS, "data"])


def test_no_import_cycle_even_through_imports_inside_functions():
    graph = grimp.build_graph("peacekit")
    cycles = [
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []


def test_no_module_imports_inside_a_function():
    """Every import is at the top of its module, so the graph above is the whole graph."""
    late = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                late += [
                    f"{path.relative_to(PACKAGE)}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                ]
    assert late == []


def test_every_exercise_has_a_lens_and_a_widget_of_the_same_name():
    lenses = {p.stem for p in (PACKAGE / "lenses").glob("*.py")} - {"__init__"}
    views = {p.stem for p in (PACKAGE / "widgets").glob("*.py")} - WIDGET_PARTS
    assert lenses == views


@pytest.mark.parametrize("layer", [*LAYERS, "cli", "site"])
def test_every_layer_has_its_test_folder(layer):
    assert list((ROOT / "tests" / layer).glob("test_*.py")), layer


def test_the_browser_runs_the_test_folders_of_the_layers_it_uses():
    assert BROWSER_LAYERS == ["tests/model", "tests/scenarios", "tests/lenses", "tests/charts"]
    for folder in BROWSER_LAYERS:
        for path in (ROOT / folder).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            for needs in ("subprocess", "playwright", "sys.executable"):
                assert needs not in text, f"{path.name} needs {needs}; Pyodide cannot"


def test_the_quick_suite_loads_neither_the_browser_driver_nor_the_myst_parser():
    probe = (
        "import sys, pytest\n"
        "pytest.main(['--collect-only', '-q', '-m', 'not build and not browser',"
        " '-p', 'no:cacheprovider', 'tests'])\n"
        "print('LOADED', sorted(m for m in ('playwright', 'myst_parser') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "LOADED []" in out, out[-2000:]
