"""Every limit of the readers is enforced exactly at its edge (sizes, not timings).

The limits are what keeps any input fast to accept or refuse; `make bench`
(benchmarks/bench_files.py) measures the time and memory at these edges.
"""

from __future__ import annotations

import os

import pytest

from peacekit.scenarios import safe_files
from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.results_file import MAX_CSV_ROWS, read_results
from peacekit.scenarios.scenario_file import load_builtin
from peacekit.scenarios.yaml_reader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_ID_CHARS,
    MAX_LINE_CHARS,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    id_problem,
    read_file_bytes,
    read_yaml,
)


def refusal(text: str) -> str | None:
    """The first problem with ``text`` read as YAML, or None if it is accepted."""
    try:
        read_yaml("t.yaml", text=text)
    except ScenarioError as exc:
        return str(exc.problems[0])
    return None


def test_values_up_to_the_limit_are_read_and_one_more_is_refused_at_its_line():
    # A mapping, one key, a list: 3 values, then one per item (one item per line from 2).
    assert refusal("a:\n" + "- 1\n" * (MAX_NODES - 3)) is None
    found = refusal("a:\n" + "- 1\n" * (MAX_NODES - 2))
    assert found is not None and found.startswith(
        f"t.yaml:{MAX_NODES - 1}: more than 10,000 values"
    )


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused():
    def nested(lists: int) -> str:
        """A mapping and ``lists`` nested lists, one per line: the last on line lists + 1."""
        return (
            "a:\n" + "".join(" " * k + "- " + "\n" for k in range(1, lists)) + " " * lists + "- 1\n"
        )

    assert refusal("a: " + "[1, " * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n") is None
    deep = refusal("a: " + "[1, " * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert (
        deep
        == "t.yaml:1: nested more than 32 levels deep; expected a few levels (no peacekit file "
        "needs more than six)"
    )
    assert (
        refusal("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n") == deep
    )  # refused before parsing
    assert refusal(nested(MAX_DEPTH - 1)) is None
    assert refusal(nested(MAX_DEPTH)).startswith(f"t.yaml:{MAX_DEPTH + 1}: nested more than")


def test_lines_up_to_the_limit_are_read_and_a_longer_one_is_refused():
    assert refusal("a: " + "x" * (MAX_LINE_CHARS - 3) + "\n") is None
    assert refusal("a: 1\nb: " + "x" * (MAX_LINE_CHARS - 2) + "\n") == (
        "t.yaml:2: the line is 20,001 characters long; expected at most 20,000 (break long "
        "text over several lines)"
    )


def test_numbers_up_to_the_limit_are_read_and_a_longer_one_is_refused():
    assert read_yaml("t.yaml", text=f"a: {'9' * MAX_NUMBER_CHARS}\n") == {"a": int("9" * 40)}
    assert refusal(f"a: {'9' * (MAX_NUMBER_CHARS + 1)}\n").startswith(
        "t.yaml:1: the number '999999999999…' has 41 characters; expected at most 40"
    )
    assert refusal(f"a: '{'9' * 500}'\n") is None  # in quotes it is text


def test_ids_up_to_the_limit_are_accepted():
    assert id_problem("a" * MAX_ID_CHARS) == ""
    assert "has 41 characters" in id_problem("a" * (MAX_ID_CHARS + 1))
    assert all(id_problem(name) for name in ("con", "prn", "aux", "nul", "com1", "lpt9"))
    assert id_problem("console") == ""


def test_files_up_to_the_size_limit_are_read_and_larger_ones_refused(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES - 1) + b"\n")
    assert len(read_file_bytes(path, "f.yaml")) == MAX_FILE_BYTES
    path.write_bytes(b"#" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(ScenarioError, match=r"^f.yaml:1: the file is longer than 500,000"):
        read_file_bytes(path, "f.yaml")


def test_a_large_file_is_read_only_up_to_one_byte_past_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * (3 * MAX_FILE_BYTES))
    asked = []
    real_read = os.read

    def counting_read(fd, n):
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(safe_files.os, "read", counting_read)
    data = safe_files.read_limited(path, MAX_FILE_BYTES)
    assert len(data) == MAX_FILE_BYTES + 1 == sum(asked)


def test_csv_rows_up_to_the_limit_are_read_and_one_more_refuses_the_sheet(tmp_path):
    scenario = load_builtin("december-2023")
    header = "pair,am,az,status,release_by_az,release_by_am,cop29,cop_bureau,further_cbms,notes\n"

    def sheet(rows: int):
        path = tmp_path / f"{rows}.csv"
        path.write_text(header + "".join(f"P{n},,,no deal,,,,,,\n" for n in range(rows)))
        return read_results([path], scenario)

    records, problems = sheet(MAX_CSV_ROWS)
    assert (len(records), problems) == (MAX_CSV_ROWS, [])
    records, problems = sheet(MAX_CSV_ROWS + 1)
    assert records == []
    assert [p.line for p in problems] == [MAX_CSV_ROWS + 2]  # the header is line 1
