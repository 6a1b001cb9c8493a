"""The hostile corpus: every bad file the project keeps gives its exact first line.

The table is ``hostile_corpus.txt`` beside this module (a path under ``tests/``, then the
line peacekit must print first); its header says how each line was checked. This one
parametrised test runs the whole corpus, here and in Pyodide (``scripts/pyodide_tests.py``):
reading a file is the same code in the browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.results_file import read_results
from peacekit.scenarios.scenario_file import load_builtin, load_scenario

TESTS = Path(__file__).resolve().parents[1]
TABLE = Path(__file__).with_name("hostile_corpus.txt")
RESULTS = TESTS / "fixtures" / "results" / "december-2023"
CORPUS_FOLDERS = (TESTS / "scenarios" / "bad", RESULTS / "bad")


def read_table() -> dict[str, str]:
    entries: dict[str, str] = {}
    path = None
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("    "):
            assert path is not None and path not in entries, f"stray line: {line}"
            entries[path] = line[4:]
        else:
            path = line
    return entries


CORPUS = read_table()


def problems_of(relative: str) -> list[str]:
    """Every problem peacekit reports for one corpus file, as printed (errors and warnings)."""
    path = TESTS / relative
    if relative.startswith("scenarios/"):
        try:
            load_scenario(path, name=path.name)
        except ScenarioError as exc:
            return [str(p) for p in exc.problems]
        return []
    _records, problems = read_results([RESULTS / "good", path], load_builtin("december-2023"))
    return [str(p).replace(f"{RESULTS}/", "") for p in problems if p.file == str(path)]


@pytest.mark.parametrize("relative", sorted(CORPUS))
def test_every_hostile_file_gives_its_exact_first_line(relative):
    found = problems_of(relative)
    assert found, f"{relative}: no problem reported"
    assert found[0] == CORPUS[relative]
    label = (
        Path(relative).name if relative.startswith("scenarios/") else f"bad/{Path(relative).name}"
    )
    for line in found:  # one line each, naming the file
        assert "\n" not in line and line.startswith(f"{label}:")


def test_the_table_and_the_folders_hold_the_same_files():
    on_disk = sorted(
        str(p.relative_to(TESTS)) for folder in CORPUS_FOLDERS for p in folder.iterdir()
    )
    assert on_disk == sorted(CORPUS)
    assert len(on_disk) >= 100
