import os
from datetime import datetime
from pathlib import Path

import pytest

from peacekit.scenarios import safe_files
from peacekit.scenarios.safe_files import StudentFile, write_text_atomic


def test_writes_utf8_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "journal.json"
    write_text_atomic(target, "Ереван – Bakı ✓")
    assert target.read_bytes() == "Ереван – Bakı ✓".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.json"]


def test_replaces_an_existing_file_whole(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old text that is longer than the new one")
    write_text_atomic(target, "new")
    assert target.read_text() == "new"


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_text("precious")

    def broken_open(path, mode="r", *a, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("builtins.open", broken_open)
    with pytest.raises(OSError):
        write_text_atomic(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "precious"


def test_falls_back_to_a_direct_write_where_rename_is_refused(tmp_path, monkeypatch):
    def no_rename(src, dst):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(safe_files.os, "replace", no_rename)
    target = tmp_path / "a.txt"
    target.write_text("old")
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert os.path.exists(target)


def test_a_damaged_student_file_is_copied_aside_where_rename_is_refused(tmp_path, monkeypatch):
    """Some browser file systems cannot rename: the bytes are copied, then the original goes."""

    def parse(raw: bytes) -> str:
        raise ValueError("damaged")

    target = tmp_path / "work.json"
    target.write_bytes(b"\x00precious\xff")

    def no_rename(self, other):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(Path, "rename", no_rename)
    loaded = StudentFile(target, parse, clock=lambda: datetime(2026, 12, 4, 9, 0, 0)).load()
    assert loaded.value is None and not target.exists()
    assert loaded.backup.read_bytes() == b"\x00precious\xff"
    assert loaded.problem.startswith("work.json: could not be read (damaged). It was kept")
