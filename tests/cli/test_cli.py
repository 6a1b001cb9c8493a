"""The peacekit command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from peacekit.cli import main
from peacekit.model.analysis import analyse
from peacekit.scenarios.scenario_file import builtin_scenario_names, load_builtin

HERE = Path(__file__).parents[1] / "scenarios"
RIVER = HERE / "good" / "river.yaml"


def run(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("peacekit")
    return subprocess.run([str(exe), *args], capture_output=True, text=True)


def test_help_explains_each_command():
    top = run("--help")
    assert top.returncode == 0
    for command in ("validate", "show"):
        assert command in top.stdout
        sub = run(command, "--help")
        assert sub.returncode == 0 and "usage: peacekit " + command in sub.stdout
    assert "december-2023" in top.stdout  # built-in scenarios are named


def test_validate_exit_codes():
    ok = run("validate", *builtin_scenario_names(), str(RIVER))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("valid scenario") == 4
    bad = run("validate", str(RIVER), str(HERE / "bad" / "13-reservation-text.yaml"))
    assert bad.returncode == 1
    assert bad.stderr.strip().endswith(
        "13-reservation-text.yaml:13: party 'up', reservation: expected a number, found text 'ten'"
    )
    assert "Traceback" not in bad.stderr


def test_validate_never_shows_a_traceback_on_any_bad_file():
    result = run("validate", *sorted(str(p) for p in (HERE / "bad").glob("*.yaml")))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for line in result.stderr.strip().splitlines():
        assert line.startswith(str(HERE / "bad")) and ".yaml:" in line


def test_show_prints_tables_zone_frontier_and_nash():
    result = run("show", str(RIVER))
    assert result.returncode == 0
    out = result.stdout
    assert "Scoring table of The upstream state (reservation value 10)" in out
    assert "Outcomes: 6; in the agreement zone: 2" in out
    assert "* (13, 23)  mid | promise" in out
    assert "Nash point" in out and "Upstream promises to share gauge data" in out


def test_show_with_trust_and_guarantor():
    result = run(
        "show", "comprehensive-treaty", "--trust", "am=0.4", "az=0.4", "--guarantor", "paris"
    )
    assert result.returncode == 0
    assert "guarantor Paris is vetoed by az, so it restores nothing" in result.stdout
    assert "in the agreement zone: 0" in result.stdout
    assert "Nash point: none" in result.stdout
    bad = run("show", "december-2023", "--trust", "am=2")
    assert bad.returncode == 2 and "expected a number from 0 to 1" in bad.stderr


@pytest.mark.parametrize("name", builtin_scenario_names())
def test_show_json_matches_the_model(name):
    result = run("show", name, "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    scenario = load_builtin(name)
    a = analyse(scenario)
    assert set(data) >= {
        "issues",
        "parties",
        "outcomes_count",
        "agreement_zone_size",
        "pareto_frontier",
        "nash",
    }
    assert data["issues"] == [{"id": i.id, "options": list(i.option_ids)} for i in scenario.issues]
    for party in data["parties"]:
        assert party["reservation"] == scenario.party(party["id"]).reservation
        assert party["scores"] == scenario.scores[party["id"]]
    assert data["outcomes_count"] == a.count
    assert data["agreement_zone_size"] == a.zone_size
    assert [scenario.outcome(o) for o in data["pareto_frontier"]] == [
        a.outcome(i) for i in a.frontier
    ]
    assert scenario.outcome(data["nash"]) == a.outcome(a.nash)


def test_show_json_of_the_scenario_written_from_the_documentation():
    data = json.loads(run("show", str(RIVER), "--json").stdout)
    assert data["nash"] == {"flow": "mid", "data": "promise"}
    assert data["agreement_zone_size"] == 2
    assert len(data["pareto_frontier"]) == 6


def test_unexpected_errors_are_one_line(monkeypatch, capsys):
    def boom(args):
        raise RuntimeError("disk on fire")

    commands = __import__("peacekit.cli").cli.COMMANDS
    monkeypatch.setitem(commands, "show", replace(commands["show"], run=boom))
    assert main(["show", "x"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error (RuntimeError: disk on fire)" in err


FIXTURES = Path(__file__).parents[1] / "fixtures"
GOOD_RESULTS = FIXTURES / "results" / "december-2023" / "good"


def test_help_documents_the_exit_statuses():
    text = run("--help").stdout
    assert "Exit status:" in text
    for status in ("0  done", "1  a file has a problem", "2  a mistake on the command line"):
        assert status in text
    assert "141  the output was closed early" in text


def test_a_mistake_on_the_command_line_exits_with_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["show", "december-2023", "--no-such-option"])
    assert caught.value.code == 2
    assert main(["roles", "december-2023", "--pairs", "0"]) == 2


@pytest.mark.parametrize("name", ["december-2023", "december_2023"])
def test_a_built_in_is_found_by_either_spelling(name, capsys):
    assert main(["validate", name]) == 0
    assert "valid scenario 'december_2023'" in capsys.readouterr().out


def test_a_local_file_named_like_a_built_in_is_read_with_a_note(tmp_path, monkeypatch, capsys):
    (tmp_path / "december-2023").write_bytes(RIVER.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "december-2023"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "december-2023: note: reading this file, not the built-in scenario 'december-2023'\n"
    )
    assert "valid scenario 'shared_river'" in captured.out
    assert main(["validate", "december_2023"]) == 0  # the same file for the other spelling?
    assert "valid scenario 'december_2023'" in capsys.readouterr().out  # no: the built-in


def test_show_lists_every_tied_package(capsys):
    """three-way-tie: 2·8 = 4·4 = 8·2 = 16; the joint gains are 11, 9 and 11."""
    assert main(["show", str(FIXTURES / "three-way-tie.yaml")]) == 0
    out = capsys.readouterr().out
    assert (
        "  3 packages tie with the same largest product; the one named above has the largest "
        "joint gain (then comes first in the order of outcomes). All of them:\n"
        "    (2, 8, 1)  o1\n"
        "    (8, 2, 1)  o3\n"
        "    (4, 4, 1)  o2\n"
    ) in out
    assert main(["show", str(FIXTURES / "three-way-tie.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nash"] == {"split": "o1"}
    assert data["nash_ties"] == [{"split": "o1"}, {"split": "o3"}, {"split": "o2"}]
    assert data["kalai_smorodinsky_ties"] == [{"split": "o2"}]


def test_roles_never_replaces_a_changed_file_without_force(tmp_path, capsys):
    out = tmp_path / "packet"
    args = ["roles", str(RIVER), "--out", str(out)]
    assert main(args) == 0
    assert not list(tmp_path.glob(".*partial"))  # the temporary folder is gone
    capsys.readouterr()
    assert main(args) == 0  # the same files again: nothing would change
    notes = out / "facilitator.md"
    notes.write_text("My own notes for the session.\n", encoding="utf-8")
    (out / "extra.txt").write_text("mine\n", encoding="utf-8")
    assert main([*args, "--minutes", "45"]) == 1  # every sheet would change
    err = capsys.readouterr().err.splitlines()
    assert f"{notes}: exists and differs from the new file; not replaced" in err
    assert err[-1].startswith("peacekit roles: nothing written; add --force to replace these ")
    assert notes.read_text(encoding="utf-8") == "My own notes for the session.\n"
    assert main([*args, "--minutes", "45", "--force"]) == 0
    assert "of which 45 negotiating" in notes.read_text(encoding="utf-8")
    assert (out / "extra.txt").read_text(encoding="utf-8") == "mine\n"  # not ours: untouched


def test_roles_that_fail_part_way_leave_nothing_behind(tmp_path, monkeypatch, capsys):
    out = tmp_path / "packet"
    real = Path.write_bytes
    written = []

    def full_disk(self, data):
        written.append(self)
        if len(written) == 5:
            raise OSError(28, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    assert main(["roles", str(RIVER), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.endswith(": cannot be written: the disk is full\n")
    assert not out.exists()  # not a single sheet ...
    assert list(tmp_path.iterdir()) == []  # ... and no temporary folder


def test_roles_out_that_is_a_file_is_named(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["roles", str(RIVER), "--out", str(tmp_path / "notes.txt")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'notes.txt'}: cannot be written: '{tmp_path / 'notes.txt'}' is not a folder\n"
    )


def test_debrief_with_no_results_files_says_what_it_looked_for(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "class.xlsx").write_bytes(b"PK")
    assert main(["debrief", "december-2023", str(tmp_path), "--out", str(tmp_path / "d.html")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path}: no results files in this folder: looked for .json, .yaml, .yml and .csv "
        "files; found 2 other files: class.xlsx, notes.txt (save a spreadsheet as CSV)",
        f"peacekit debrief: no results files found in {tmp_path} (looked for .json, .yaml, .yml "
        "and .csv files); no report written",
    ]
    assert not (tmp_path / "d.html").exists()


def test_debrief_reads_a_file_given_twice_once(tmp_path, capsys):
    one = GOOD_RESULTS / "pair-01.json"
    out = tmp_path / "d.html"
    assert main(["debrief", "december-2023", str(one), str(one), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"{one}: warning: given twice; read once\n"
    assert captured.out.startswith(f"{out}: 1 pair, 1 agreement")


def test_debrief_out_through_a_file_names_the_real_cause(capsys):
    assert main(["debrief", "december-2023", str(GOOD_RESULTS), "--out", "/dev/null/x.html"]) == 1
    assert capsys.readouterr().err.endswith(
        "/dev/null/x.html: cannot be written: '/dev/null' is not a folder\n"
    )
