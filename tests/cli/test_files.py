"""What the command line does with files no repository can hold: pipes, devices, sockets,
link loops, folders, paths through a file, and a reader that closes the pipe early.

Each runs in a subprocess with a time limit, so a command that blocked on a pipe or read
a device for ever would fail here instead of hanging the suite.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from peacekit.cli import CLOSED_PIPE
from peacekit.scenarios.safe_files import os_reason

PEACEKIT = Path(sys.executable).with_name("peacekit")
RESULTS = Path(__file__).parents[1] / "fixtures" / "results" / "december-2023" / "good"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PEACEKIT), *args], capture_output=True, text=True, timeout=60, cwd=cwd
    )


def special(tmp_path: Path, kind: str) -> Path:
    """A path that is not a regular file, made for the test."""
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe.yaml")
        return tmp_path / "pipe.yaml"
    if kind == "socket":
        path = tmp_path / "s.yaml"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))  # left bound until the test's folder goes
        return path
    if kind == "loop":
        (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
        (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
        return tmp_path / "a.yaml"
    if kind == "dangling":
        (tmp_path / "d.yaml").symlink_to(tmp_path / "gone.yaml")
        return tmp_path / "d.yaml"
    if kind == "folder":
        (tmp_path / "f.yaml").mkdir()
        return tmp_path / "f.yaml"
    raise ValueError(kind)


CASES = {
    "fifo": "is a named pipe (FIFO), not a file; expected a YAML file",
    "socket": "is a socket, not a file; expected a YAML file",
    "loop": "is a symbolic link that leads round in a loop",
    "dangling": "is a symbolic link to '{tmp}/gone.yaml', which does not exist",
    "folder": "is a folder; expected a YAML file",
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_validate_names_what_a_special_path_is_at_once(tmp_path, kind):
    path = special(tmp_path, kind)
    result = run("validate", str(path))
    assert result.returncode == 1
    assert result.stderr == f"{path}: {CASES[kind].format(tmp=tmp_path)}\n"


@pytest.mark.parametrize(
    "path, message",
    [
        ("/dev/zero", "is a character device, not a file; expected a YAML file"),
        ("/dev/urandom", "is a character device, not a file; expected a YAML file"),
        ("/dev/null/x.yaml", "cannot be reached: '/dev/null' is not a folder"),
        ("/no-such-folder/x.yaml", "no such file: the folder '/no-such-folder' does not exist"),
    ],
)
def test_devices_and_impossible_paths_are_refused_without_reading(path, message):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev on this system")
    result = run("validate", path)
    assert (result.returncode, result.stderr) == (1, f"{path}: {message}\n")


def test_a_pipe_or_a_device_among_the_results_is_named_and_the_rest_is_read(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    os.mkfifo(folder / "table-1.json")
    (folder / "pair-01.json").write_bytes((RESULTS / "pair-01.json").read_bytes())
    result = run(
        "debrief", "december-2023", str(folder), "/dev/zero", "--out", str(tmp_path / "d.html")
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{folder / 'table-1.json'}: is a named pipe (FIFO), not a file; expected a results file",
        "/dev/zero: 'zero' is not a results file type; expected .json, .yaml or .csv",
    ]
    assert result.stdout.startswith(f"{tmp_path / 'd.html'}: 1 pair, 1 agreement")


def test_permission_and_other_causes_are_named_in_words(tmp_path):
    """Checked through the function: the suite may run as root, which reads anything."""
    path = tmp_path / "x.yaml"
    assert os_reason(path, PermissionError(errno.EACCES, "Permission denied")) == (
        "permission denied"
    )
    assert os_reason(path, OSError(errno.ENOSPC, "No space left")) == "the disk is full"
    assert os_reason(path, OSError(errno.ENAMETOOLONG, "File name too long")) == (
        "the name is too long for this file system"
    )


def big_scenario(path: Path) -> Path:
    """Three parties splitting 6 issues of 5 options: 15,625 packages, a long frontier."""
    ids = ("a", "b", "c")
    lines = ["id: split", "title: Split", "summary: s", "illustrative: Invented, illustrative."]
    lines += ["sources: [none]", "parties:"]
    lines += [
        f"  - {{id: {p}, name: {p}, public_brief: b, confidential_brief: c, reservation: 0, "
        "reservation_description: n}"
        for p in ids
    ]
    lines.append("issues:")
    for i in range(6):
        options = ", ".join(f"{{id: o{j}, label: o{j}}}" for j in range(5))
        lines += [f"  - id: i{i}", f"    label: Issue {i}", f"    options: [{options}]"]
    lines.append("scores:")
    splits = [(j, (7 * j + i) % 5, 10 - j - (7 * j + i) % 5) for i in range(6) for j in range(5)]
    for k, p in enumerate(ids):
        lines.append(f"  {p}:")
        for i in range(6):
            points = ", ".join(f"o{j}: {splits[i * 5 + j][k]}" for j in range(5))
            lines.append(f"    i{i}: {{{points}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_reader_that_closes_the_pipe_early_ends_the_command_quietly(tmp_path):
    scenario = big_scenario(tmp_path / "split.yaml")
    process = subprocess.Popen(
        [str(PEACEKIT), "show", str(scenario)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout.read(1) == b"S"  # "Split", then the reader goes away
    process.stdout.close()
    assert process.wait(timeout=60) == CLOSED_PIPE
    assert process.stderr.read() == b""  # no traceback, no "Exception ignored"
    process.stderr.close()
