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
