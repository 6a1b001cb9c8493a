"""What to watch for and ask, read off the scoring tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacekit.classroom.facilitation import (
    compatible_issues,
    debrief_questions,
    issue_weights,
    option_kind,
    received_promises,
    trades,
    watch_points,
)
from peacekit.scenarios.scenario_file import load_builtin, load_scenario

DEC = load_builtin("december-2023")
RIVER = load_scenario(Path(__file__).parents[1] / "fixtures" / "shared-river.yaml")


def text(parts) -> str:
    return "".join(p if isinstance(p, str) else p.text for p in parts)


def test_issue_weights_are_ranges_and_shares():
    # Yerevan's ranges: 36, 4, 14, 10, 6 (70 in all); see december-2023.yaml.
    weights = {w.issue_id: w for w in issue_weights(DEC, "am")}
    assert weights["release_by_az"].range == 36
    assert weights["release_by_az"].share == 36 / 70
    assert sum(w.share for w in weights.values()) == pytest.approx(1)


def test_trades_in_the_december_package():
    found = [(issue, more) for issue, more, _hi, _lo in trades(DEC)]
    # Baku's ranges: 16, 18, 30, 4, 6 (74 in all). Shares differ by 0.10 or more on
    # the releases by Azerbaijan (0.51 v 0.22), COP29 (0.20 v 0.41) and the releases
    # by Armenia (0.06 v 0.24); not on the COP Bureau (0.14 v 0.05) or the CBMs.
    assert found == [("release_by_az", "am"), ("cop29", "az"), ("release_by_am", "az")]


def test_compatible_issues_are_found_and_not_invented():
    assert compatible_issues(DEC) == [("further_cbms", "continue")]
    assert compatible_issues(RIVER) == [("data", "realtime")]
    assert compatible_issues(load_builtin("choosing-a-venue")) == []


def test_received_promises_are_the_other_sides_positive_promises():
    assert received_promises(DEC, "am") == [
        ("cop_bureau", "support", 10),
        ("further_cbms", "continue", 6),
    ]
    # Baku's own promise (COP Bureau support) costs it points: not a promise it receives.
    assert received_promises(DEC, "az") == [("further_cbms", "continue", 6)]


def test_option_kinds_name_who_acts():
    release = DEC.issue("release_by_az")
    cbms = DEC.issue("further_cbms")
    assert option_kind(DEC, release.option("r32")) == "act by Baku"
    assert option_kind(DEC, cbms.option("continue")) == "promise by both sides"
    assert option_kind(DEC, cbms.option("none")) == ""


def test_watch_points_and_questions_follow_the_scenario():
    watch = [text(p) for p in watch_points(DEC)]
    assert watch[0].startswith("Natural trades.")
    assert any("Further confidence-building measures is a compatible issue" in w for w in watch)
    questions = [text(q) for q in debrief_questions(DEC)]
    assert any("7 December 2023 joint statement" in q for q in questions)
    assert any("'Further confidence-building measures' every delegation" in q for q in questions)
    river_qs = [text(q) for q in debrief_questions(RIVER)]
    assert not any("real package" in q for q in river_qs)  # the fixture has no reference
    assert any("mediator or guarantor" in q for q in river_qs)
    river_watch = [text(p) for p in watch_points(RIVER)]
    assert any(
        w.startswith("A neighbouring state is unacceptable to Downstream") for w in river_watch
    )
