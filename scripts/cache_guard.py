"""Clear the notebook execution cache when the peacekit package has changed.

jupyter-cache keys executed notebooks on their code cells and kernel only, and
Sphinx re-reads a page only when its source changes, so a change to the model (a
scenario file, a scoring rule) would otherwise leave the book showing stale results.
Run before every build (``make book`` and the test fixture both do).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".jupyter_cache"
DOCTREES = ROOT / "_build" / ".doctrees"  # Sphinx re-reads a page only if this is stale
STAMP = ROOT / "_build" / ".peacekit-cache-key"


def package_key() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "peacekit").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> int:
    key = package_key()
    if not STAMP.is_file() or STAMP.read_text().strip() != key:
        if CACHE.exists() or DOCTREES.exists():
            shutil.rmtree(CACHE, ignore_errors=True)
            shutil.rmtree(DOCTREES, ignore_errors=True)
            print("peacekit changed since the last build: cleared the notebook cache")
        STAMP.parent.mkdir(parents=True, exist_ok=True)
        STAMP.write_text(key + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
