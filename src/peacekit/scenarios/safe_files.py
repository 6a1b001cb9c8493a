"""People's files: read bounded, never half written, never overwritten when unreadable.

**Reading.** Scenario, results, question and students' files come from instructors
and students, and a path on the command line can name anything: a folder, a named
pipe that blocks for ever, ``/dev/zero`` that never ends, a symbolic link that leads
round in a loop. :func:`read_limited` looks at what the path is before opening it (and
again after, on the open file), refuses anything but a regular file with one line
saying what it is, and reads at most ``limit + 1`` bytes whatever the file claims its
size to be. :func:`os_reason` turns an ``OSError`` into the real cause in words.

**Writing.** The text goes to a temporary file in the same folder first and replaces
the target only when it is complete (``os.replace`` is atomic on one file system).
Some browser file systems (the JupyterLite drive) may refuse the rename; the fallback
then writes the target directly, having already made sure the complete text could be
written somewhere. :func:`write_folder` does the same for a set of files (a packet of
role sheets): it refuses to replace a file that would change unless told to, writes
everything into a temporary folder beside the target, and only then moves the files
into place, so a failure part-way leaves no file half-written.

:class:`StudentFile` is what the journal and the pre-test and post-test share: a
file that cannot be read is kept as a backup and the student told in one line.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

#: How a path that is not a regular file is named, by the test that recognises it.
_NOT_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in after the check cannot block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


class FileProblem(Exception):
    """A file cannot be used as it is. ``reason`` completes "FILE: …"; ``line`` is set when
    the problem is at a line of the file (``None``: the file as a whole)."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def read_limited(path: str | Path, limit: int, *, expected: str = "a file") -> bytes:
    """At most ``limit + 1`` bytes of a regular file (more than ``limit`` means too large).

    Raises :class:`FileProblem` for anything else: a missing file, a folder, a pipe, a
    device, a socket, a link loop, a path through something that is not a folder, or
    no permission. ``expected`` names what should have been there ("a YAML file").
    """
    try:
        _refuse_special(os.stat(path).st_mode, expected)
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        raise FileProblem(os_reason(path, exc)) from None
    try:
        _refuse_special(os.fstat(fd).st_mode, expected)  # it may have changed since
        chunks: list[bytes] = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(fd, min(wanted, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblem(os_reason(path, exc)) from None
    finally:
        os.close(fd)


def _refuse_special(mode: int, expected: str) -> None:
    for test, name in _NOT_FILES:
        if test(mode):
            raise FileProblem(
                f"is a folder; expected {expected}"
                if name == "a folder"
                else f"is {name}, not a file; expected {expected}"
            )


def os_reason(path: str | Path, exc: OSError) -> str:
    """The real cause of ``exc`` for ``path``, in words, to follow "PATH: "."""
    code = exc.errno
    path = Path(path)
    if code == errno.ENOTDIR:
        blocker = not_a_folder(path)
        if blocker is not None:
            return f"cannot be reached: '{blocker}' is not a folder"
    if code == errno.ENOENT:
        if path.is_symlink():
            return f"is a symbolic link to '{os.readlink(path)}', which does not exist"
        missing = _missing_folder(path)
        if missing is not None:
            return f"no such file: the folder '{missing}' does not exist"
        return "no such file"
    reasons = {
        errno.ELOOP: "is a symbolic link that leads round in a loop",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENAMETOOLONG: "the name is too long for this file system",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EISDIR: "is a folder",
        errno.EEXIST: "already exists",
    }
    return reasons.get(code) or (exc.strerror or str(exc)).strip()


def not_a_folder(path: Path) -> Path | None:
    """The first existing component above ``path`` that is not a folder (``/dev/null`` in
    ``/dev/null/x``), if there is one."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def _missing_folder(path: Path) -> Path | None:
    for parent in reversed(path.parents):
        if str(parent) not in ("", ".") and not parent.exists():
            return parent
    return None


class WouldReplace(Exception):
    """Files that exist with other content, which a write would replace (``paths``)."""

    def __init__(self, paths: list[Path]):
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


def holds(path: str | Path, data: bytes) -> bool:
    """True when ``path`` is a regular file with exactly ``data`` in it.

    The file is read bounded (one byte more than ``data``), so a huge file or a pipe
    where a sheet should be costs nothing and blocks nothing.
    """
    try:
        return read_limited(path, len(data)) == data
    except FileProblem:
        return False


def changed_files(folder: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """The files in ``folder`` that exist and differ from the bytes ``files`` holds for them."""
    changed = []
    for name, data in files.items():
        path = Path(folder) / name
        if os.path.lexists(path) and not holds(path, data):
            changed.append(path)
    return changed


def write_folder(
    folder: str | Path, files: Mapping[str, bytes], *, force: bool = False
) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``folder`` all at once; return their paths.

    Raises :class:`WouldReplace` (writing nothing) when a file would change and
    ``force`` is false; :class:`FileProblem` when ``folder`` is a file; OSError when the
    disk refuses, after removing the temporary folder.
    """
    folder = Path(folder)
    if os.path.lexists(folder) and not folder.is_dir():
        raise FileProblem(f"'{folder}' is not a folder")
    changed = changed_files(folder, files) if folder.is_dir() else []
    if changed and not force:
        raise WouldReplace(changed)
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name or 'out'}-", suffix=".partial", dir=parent))
    try:
        os.chmod(temp, 0o777 & ~_umask())  # mkdtemp's 0700 would outlive the rename
        for name, data in files.items():
            (temp / name).write_bytes(data)
        if not folder.exists():
            os.rename(temp, folder)
        else:
            for name in files:
                os.replace(temp / name, folder / name)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return [folder / name for name in files]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


# -- a student's file: never overwritten when it cannot be read ----------------------------------
T = TypeVar("T")


class StudentFileError(RuntimeError):
    """A one-line problem with a student's file, meant for the student."""


@dataclass(frozen=True)
class Loaded(Generic[T]):
    value: T | None
    """What the file holds (None for no file, or one that was set aside)."""
    problem: str | None = None
    """One line for the student when the file could not be read (and where it was kept)."""
    backup: Path | None = None


@dataclass(frozen=True)
class Words:
    """How the messages name what a file holds and what the student can still do."""

    fresh: str = "New answers go to a fresh file."
    reopen: str = "reopen the notebook to recover it"
    unsaved: str = "your answers are still on the page; note them down before closing it"


class StudentFile(Generic[T]):
    """A student's work in one file beside the notebooks, which is never lost.

    ``parse`` turns the file's bytes into its value, or raises ValueError with a short
    reason. ``load`` never destroys a file: one that cannot be parsed is kept unchanged
    under a new name (``….bak-YYYYMMDD-HHMMSS``) and the student is told where, in one
    line. ``update`` re-reads the file, so that two notebooks saving to it keep each
    other's work, and writes atomically; it refuses to overwrite a file it cannot read.
    """

    def __init__(
        self,
        path: str | Path,
        parse: Callable[[bytes], T],
        *,
        clock: Callable[[], datetime] = datetime.now,
        error: type[StudentFileError] = StudentFileError,
        words: Words = Words(),
        max_bytes: int = 5_000_000,
    ):
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.parse = parse
        self.clock = clock
        self.error = error
        self.words = words

    def load(self) -> Loaded[T]:
        """Read the file. A missing file holds nothing; a damaged one is set aside."""
        if not self.path.exists():
            return Loaded(None)
        try:
            raw = self.bytes()
        except FileProblem as exc:
            # Unreadable (permissions, a folder, a pipe): nothing to back up, and never
            # overwrite it.
            raise self.error(
                f"{self.path.name}: cannot be read ({exc.reason}); your answers will "
                "not be saved until it can be"
            ) from None
        try:
            return Loaded(self.parse(raw))
        except ValueError as exc:
            backup = self.set_aside()
            return Loaded(
                None,
                problem=(
                    f"{self.path.name}: could not be read ({exc}). It was kept unchanged as "
                    f"{backup.name}; open that file in a text editor to recover your text. "
                    + self.words.fresh
                ),
                backup=backup,
            )

    def read(self) -> T | None:
        """The value on disk with no side effects (None if there is no file).

        Raises ValueError when the file cannot be read.
        """
        if not self.path.exists():
            return None
        try:
            return self.parse(self.bytes())
        except FileProblem as exc:
            raise ValueError(exc.reason) from None

    def bytes(self) -> bytes:
        """The file's bytes, read bounded (a pipe or a device never blocks or floods): at
        most one byte more than ``max_bytes``, which ``parse`` then refuses."""
        return read_limited(self.path, self.max_bytes, expected="a file of answers")

    def update(self, change: Callable[[T | None], str]) -> None:
        """Write ``change(value on disk)``, the file's new text. Raises the store's error if
        the file on disk cannot be read (it is never overwritten then) or written."""
        try:
            current = self.read()
        except (OSError, ValueError) as exc:
            raise self.error(
                f"{self.path.name}: not saved, because the file on disk cannot be read "
                f"({exc}); {self.words.reopen}"
            ) from None
        try:
            write_text_atomic(self.path, change(current))
        except OSError as exc:
            raise self.error(
                f"{self.path.name}: could not be saved ({exc.strerror or exc}); "
                + self.words.unsaved
            ) from None

    def stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def set_aside(self) -> Path:
        stamp = self.clock().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.bak-{stamp}")
        n = 1
        while backup.exists():
            backup = self.path.with_name(f"{self.path.name}.bak-{stamp}-{n}")
            n += 1
        try:
            self.path.rename(backup)
        except OSError:
            # Some browser file systems cannot rename: copy the bytes, then remove the original.
            shutil.copyfile(self.path, backup)
            self.path.unlink()
        return backup


#: Deeper JSON is refused before Python's parser sees it: in the browser (Pyodide) its C
#: recursion can overflow the WebAssembly stack, which ends the kernel, long before
#: Python's own recursion limit would stop it.
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}\n]")


def too_deep_json(text: str) -> int | None:
    """The line where JSON text first nests more than ``MAX_JSON_DEPTH`` levels, or None.

    Strings are blanked out first (their brackets are text), then the brackets counted:
    exact for valid JSON, and for invalid JSON at worst a refusal of what the parser
    would refuse anyway."""
    depth, line = 0, 1
    for mark in _JSON_BRACKET.findall(_JSON_STRING.sub('""', text)):
        if mark == "\n":
            line += 1
        elif mark in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return line
        else:
            depth -= 1
    return None


def json_document(raw: bytes, fmt: str, what: str, max_bytes: int) -> dict:
    """The JSON object in a student's file of format ``fmt``; ValueError with a short reason
    (``what`` names the kind of file: "a peacekit journal")."""
    if len(raw) > max_bytes:
        raise ValueError(f"it is {len(raw):,} bytes, far larger than {what}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    deep = too_deep_json(text)
    if deep is not None:
        raise ValueError(f"line {deep}: nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        data = json.loads(text, parse_int=_small_int, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise ValueError(f"it is not {what} (expected format '{fmt}')")
    return data


def _small_int(written: str) -> int:
    """A student's file holds text; an integer of thousands of digits is not worth converting."""
    if len(written) > 40:
        raise ValueError(f"it holds a number of {len(written):,} digits")
    return int(written)


def _not_json(name: str) -> float:
    raise ValueError(f"'{name}' is not a JSON value")
