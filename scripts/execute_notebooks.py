"""Re-execute the exercise notebooks from a clean state and normalise them (`make notebooks`).

Each notebook runs in a fresh kernel from this environment, in an empty
temporary folder, so a student's journal file or transcript lying beside the
notebooks can never leak into the committed outputs. Then everything that
changes from run to run without meaning anything is made stable:

* execution counts run 1, 2, 3 … over the code cells;
* cell execution timestamps and the saved widget state are dropped (the book
  build executes the notebooks itself and embeds fresh state);
* widget model ids, random on every run, are replaced by ids derived from the
  notebook's name and their order, so an unchanged notebook gives an
  unchanged file;
* the notebook metadata keeps only the kernel's name and language.

Usage: python scripts/execute_notebooks.py [NOTEBOOK ...]   (default: exercises/*.ipynb)
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
MODEL_ID = re.compile(r"\b[0-9a-f]{32}\b")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    with tempfile.TemporaryDirectory(prefix="pk-notebook-") as folder:
        client = NotebookClient(
            nb,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
            store_widget_state=False,
        )
        client.execute()
    return nb


def normalise(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    ids: dict[str, str] = {}

    def stable(match: re.Match) -> str:
        old = match.group(0)
        if old not in ids:
            ids[old] = hashlib.sha256(f"{stem}:{len(ids)}".encode()).hexdigest()[:32]
        return ids[old]

    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        for output in cell.outputs:
            if "execution_count" in output:
                output["execution_count"] = count
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is not None:
                view["model_id"] = MODEL_ID.sub(stable, view["model_id"])
    nb.metadata = nbformat.NotebookNode(
        {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    )
    return nb


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "exercises").glob("*.ipynb"))
    for path in paths:
        start = time.perf_counter()
        nb = normalise(execute(path), path.stem)
        nbformat.validate(nb)
        temp = path.with_suffix(".ipynb.tmp")
        nbformat.write(nb, temp)
        shutil.move(temp, path)
        print(f"{path.relative_to(ROOT)}: executed in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
