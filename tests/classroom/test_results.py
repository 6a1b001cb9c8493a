"""Writing results files: the record the exercises export, and the blank sheet for paper."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacekit.classroom.results import (
    result_filename,
    result_json,
    result_record,
    results_template_csv,
    write_result,
)
from peacekit.scenarios import safe_files
from peacekit.scenarios.results_file import FORMAT, read_results
from peacekit.scenarios.scenario_file import load_builtin, load_scenario

FIXTURES = Path(__file__).parents[1] / "fixtures"
RESULTS = FIXTURES / "results" / "december-2023"
DEC = load_builtin("december-2023")
REAL = ("r32", "r2", "withdraw_support", "support", "continue")


# -- writing -------------------------------------------------------------------------------


def test_result_record_has_the_documented_shape():
    record = result_record(DEC, REAL, pair=" Table  3 ", parties={"am": "Ani"}, notes=" ok ")
    assert record == {
        "format": FORMAT,
        "scenario": "december_2023",
        "pair": "Table 3",
        "parties": {"am": "Ani", "az": ""},
        "status": "agreed",
        "agreement": dict(zip(DEC.issue_ids, REAL, strict=True)),
        "notes": "ok",
    }
    assert list(record) == [
        "format",
        "scenario",
        "pair",
        "parties",
        "status",
        "agreement",
        "notes",
    ]
    assert result_record(DEC, dict(zip(DEC.issue_ids, REAL, strict=True)), pair="x") == (
        result_record(DEC, REAL, pair="x")
    )


def test_no_deal_is_recorded_with_a_null_agreement():
    record = result_record(DEC, None, pair="Pair 6")
    assert record["status"] == "no deal"
    assert record["agreement"] is None
    assert json.loads(result_json(record))["agreement"] is None


@pytest.mark.parametrize(
    "agreement, kwargs, message",
    [
        ({"cop29": "keep"}, {}, "no option chosen for issue 'release_by_az'"),
        (("r32", "r2"), {}, "one option for each of the 5 issues"),
        (("r64", "r2", "keep", "none", "none"), {}, "'r64' is not an option of issue"),
        (REAL, {"parties": {"ru": "x"}}, "'ru' is not a party"),
        (REAL, {"pair": "  "}, "needs a pair name"),
    ],
)
def test_result_record_refuses_bad_values_clearly(agreement, kwargs, message):
    kwargs = {"pair": "P", **kwargs}
    with pytest.raises(ValueError, match=message):
        result_record(DEC, agreement, **kwargs)


def test_write_result_to_a_folder_uses_a_safe_name(tmp_path):
    record = result_record(DEC, REAL, pair="Table 3 / Ani & Leyla")
    path = write_result(record, tmp_path)
    assert path.name == "result-december_2023-table-3-ani-leyla.json"
    assert path.name == result_filename(record)
    assert json.loads(path.read_text(encoding="utf-8")) == record


def test_write_result_never_overwrites_a_different_result(tmp_path):
    first = result_record(DEC, REAL, pair="Pair 1")
    second = result_record(DEC, None, pair="Pair 1")
    target = tmp_path / "pair.json"
    assert write_result(first, target) == target
    assert write_result(first, target) == target  # pressing export twice: no copy
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pair.json"]
    other = write_result(second, target)
    assert other == tmp_path / "pair-2.json"
    assert json.loads(target.read_text(encoding="utf-8")) == first
    assert json.loads(other.read_text(encoding="utf-8")) == second
    assert write_result(second, target, overwrite=True) == target
    assert json.loads(target.read_text(encoding="utf-8")) == second
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_write_result_still_writes_where_the_drive_refuses_a_rename(tmp_path, monkeypatch):
    """The JupyterLite drive can refuse os.replace; the result must reach the disk anyway."""
    renames = []

    def refuse(source, target):
        renames.append(target)
        raise OSError("rename not supported")

    monkeypatch.setattr(safe_files.os, "replace", refuse)
    record = result_record(DEC, REAL, pair="Pair 9")
    path = write_result(record, tmp_path)
    assert renames == [path]  # the atomic rename was tried first
    assert json.loads(path.read_text(encoding="utf-8")) == record
    assert not list(tmp_path.glob(".*.tmp"))


def test_result_json_refuses_something_that_is_not_a_record():
    with pytest.raises(ValueError, match="result_record"):
        result_json({"pair": "x"})


outcomes = st.tuples(*[st.sampled_from(issue.option_ids) for issue in DEC.issues])


@settings(max_examples=60, deadline=None)
@given(
    outcome=st.one_of(st.none(), outcomes),
    pair=st.text(min_size=1, max_size=30).filter(
        lambda t: any(c.isprintable() and not c.isspace() for c in t)
    ),
    names=st.text(max_size=20),
)
def test_every_record_written_reads_back_the_same(tmp_path_factory, outcome, pair, names):
    folder = tmp_path_factory.mktemp("rt")
    record = result_record(DEC, outcome, pair=pair, parties={"am": names})
    path = write_result(record, folder / "r.json")
    records, problems = read_results([path], DEC)
    assert problems == []
    [rec] = records
    assert rec.agreement == outcome
    assert rec.status == ("no deal" if outcome is None else "agreed")
    assert rec.pair == shown(pair)
    assert rec.parties["am"] == shown(names)


def shown(text: str) -> str:
    """Control characters are dropped and spacing is collapsed; everything else is kept."""
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())


# -- reading the fixture class -------------------------------------------------------------


def test_template_columns_are_pair_parties_status_issues_notes():
    text = results_template_csv(DEC, rows=3)
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    assert rows[0] == ["pair", "am", "az", "status", *DEC.issue_ids, "notes"]
    assert [r[0] for r in rows[1:]] == ["Pair 1", "Pair 2", "Pair 3"]
    assert text.startswith(f"# format: {FORMAT}; scenario: december_2023;")


def test_a_filled_in_template_reads_back(tmp_path):
    river = load_scenario(FIXTURES / "shared-river.yaml")
    rows = list(csv.reader(io.StringIO(results_template_csv(river, rows=3))))
    header = next(r for r in rows if r[0] == "pair")
    filled = []
    for row in rows:
        if row[0] == "Pair 1":
            row = dict.fromkeys(header, "")
            row.update(
                pair="Pair 1",
                up="Kim",
                status="agreed",
                filling="Filled in 6 years",
                dry_flow="moderate",
                data="REALTIME",
                power="market",
                commission="advisory",
            )
            row = [row[h] for h in header]
        elif row[0] == "Pair 2":
            row = ["Pair 2", "", "", "no deal"] + [""] * (len(header) - 4)
        filled.append(row)
    path = tmp_path / "class.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(filled)
    records, problems = read_results([path], river)
    assert problems == []
    assert [(r.pair, r.status, r.agreement) for r in records] == [
        ("Pair 1", "agreed", ("medium", "moderate", "realtime", "market", "advisory")),
        ("Pair 2", "no deal", None),
    ]
