import os
from datetime import datetime
from pathlib import Path

import pytest

from peacekit.scenarios import safe_files
from peacekit.scenarios.safe_files import (
    FileProblem,
    StudentFile,
    WouldReplace,
    changed_files,
    json_document,
    read_limited,
    too_deep_json,
    write_folder,
    write_text_atomic,
)


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


def test_write_folder_writes_every_file_at_once_and_leaves_no_temporary_folder(tmp_path):
    out = tmp_path / "packet"
    paths = write_folder(out, {"a.md": b"A", "b.md": b"B"})
    assert paths == [out / "a.md", out / "b.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet"]
    assert (out / "a.md").read_bytes() == b"A"


def test_write_folder_refuses_to_replace_a_changed_file_unless_forced(tmp_path):
    out = tmp_path / "packet"
    write_folder(out, {"a.md": b"A", "b.md": b"B"})
    (out / "b.md").write_bytes(b"mine")
    assert changed_files(out, {"a.md": b"A", "b.md": b"B"}) == [out / "b.md"]
    with pytest.raises(WouldReplace) as caught:
        write_folder(out, {"a.md": b"A2", "b.md": b"B"})
    assert caught.value.paths == [out / "a.md", out / "b.md"]
    assert (out / "a.md").read_bytes() == b"A"  # nothing written
    write_folder(out, {"a.md": b"A2", "b.md": b"B"}, force=True)
    assert [(out / n).read_bytes() for n in ("a.md", "b.md")] == [b"A2", b"B"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet"]


def test_write_folder_into_a_file_is_refused(tmp_path):
    (tmp_path / "f").write_bytes(b"x")
    with pytest.raises(FileProblem, match="is not a folder"):
        write_folder(tmp_path / "f", {"a.md": b"A"})


def test_read_limited_refuses_a_folder_and_names_a_missing_one(tmp_path):
    with pytest.raises(FileProblem, match=r"^is a folder; expected a YAML file$"):
        read_limited(tmp_path, 10, expected="a YAML file")
    with pytest.raises(FileProblem) as caught:
        read_limited(tmp_path / "no" / "x.yaml", 10)
    assert caught.value.reason == f"no such file: the folder '{tmp_path / 'no'}' does not exist"


def test_deep_json_is_refused_before_the_parser_could_overflow_the_browsers_stack():
    """In Pyodide, json.loads on 10,000 nested lists overflows the WebAssembly stack and
    ends the kernel; the nesting is counted first, strings left out."""
    assert too_deep_json("[" * 10_000 + "]" * 10_000) == 1
    assert too_deep_json('{"a":\n' + "[" * 33 + "]" * 33 + "}") == 2
    assert too_deep_json('{"text": "' + "[" * 100 + '"}') is None  # brackets in a string
    assert too_deep_json("[" * 32 + "]" * 32) is None
    with pytest.raises(ValueError, match=r"^line 1: nested more than 32 levels deep$"):
        json_document(("[" * 10_000).encode(), "f/1", "a file", 1_000_000)
