"""Writing a student's files so that a crash or a full disk never leaves half a file.

The text goes to a temporary file in the same folder first and replaces the
target only when it is complete (``os.replace`` is atomic on one file
system). Some browser file systems (the JupyterLite drive) may refuse the
rename; the fallback then writes the target directly, having already made
sure the complete text could be written somewhere.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_text_atomic(path: str | Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step. Raises OSError if it cannot."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step. Raises OSError if it cannot."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            with contextlib.suppress(OSError, AttributeError):
                os.fsync(handle.fileno())
        try:
            os.replace(temp, path)
        except OSError:
            # No atomic rename here: write in place; the temp copy stays until this succeeds.
            with open(path, "wb") as handle:
                handle.write(data)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
