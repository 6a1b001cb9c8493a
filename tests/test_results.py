"""Results files: the writer the exercises call, the reader the debrief uses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacekit.results import (
    FORMAT,
    read_results,
    result_filename,
    result_json,
    result_record,
    results_template_csv,
    write_result,
)
from peacekit.scenario import load_builtin, load_scenario

FIXTURES = Path(__file__).parent / "fixtures"
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
    assert not list(tmp_path.glob(".result-*"))  # no temporary file left behind


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


def test_reads_the_good_fixture_results():
    records, problems = read_results([RESULTS / "good"], DEC)
    assert problems == []
    assert [r.pair for r in records] == [f"Pair {n}" for n in range(1, 13)]
    by = {r.pair: r for r in records}
    assert by["Pair 1"].agreement == REAL
    assert by["Pair 6"].status == "no deal" and by["Pair 6"].agreement is None
    assert by["Pair 8"].file.endswith("pair-08.yaml") and by["Pair 8"].agreement[0] == "r8"
    # Pair 10 was typed by option labels, without a status: read as agreed.
    assert by["Pair 10"].agreement == REAL and by["Pair 10"].status == "agreed"
    assert by["Pair 10"].notes == "Typed from the form, by label"
    assert by["Pair 11"].status == "no deal"
    assert by["Pair 9"].parties == {"am": "Sona", "az": "Zaur"}
    # CSV lines are counted from the top of the file, comments included.
    assert by["Pair 9"].line == 11 and by["Pair 12"].line == 14


EXPECTED_PROBLEMS = [
    ("bad-option.json", 9, "agreement.cop29: 'withdraw_all' is not an option of 'cop29'"),
    ("bad-syntax.json", 5, "not valid JSON: Expecting ',' delimiter"),
    ("copy-of-pair-01.json", 1, "same content as"),
    ("duplicate-pair-3.json", 1, "pair 'pair 3' was already reported at"),
    ("empty.json", 1, "the file is empty"),
    ("excel-export.csv", 3, "pair 'Pair 14', column status: 'maybe' is not a status"),
    ("excel-export.csv", 4, "column release_by_am: 'three' is not an option"),
    ("excel-export.csv", 5, "column pair: empty"),
    ("latin1.csv", 2, "byte 0xe9 is not UTF-8 text"),
    ("not-a-result.json", 1, 'not a peacekit result; expected "format": "peacekit-result/1"'),
    ("other-scenario.json", 3, "'shared_river' is another scenario; expected 'december_2023'"),
]


def test_bad_and_duplicate_files_are_reported_per_file_and_line():
    records, problems = read_results([RESULTS / "good", RESULTS / "bad"], DEC)
    found = [(Path(p.file).name, p.line, p.message) for p in problems]
    assert len(found) == len(EXPECTED_PROBLEMS), found
    for (name, line, message), (exp_name, exp_line, exp_text) in zip(
        found, EXPECTED_PROBLEMS, strict=True
    ):
        assert (name, line) == (exp_name, exp_line)
        assert exp_text in message
    for p in problems:
        assert str(p).startswith(f"{p.file}:{p.line}: ")
        assert "\n" not in str(p)
    # Every good record survives, plus the one good row of the spreadsheet export.
    assert [r.pair for r in records] == [f"Pair {n}" for n in range(1, 14)]
    assert records[2].file.endswith("good/pair-03.json")  # the first report of Pair 3 wins


def test_a_file_that_is_not_a_results_file_is_named_not_fatal(tmp_path):
    note = tmp_path / "reflection.txt"
    note.write_text("hello", encoding="utf-8")
    records, problems = read_results([note, tmp_path / "missing.json"], DEC)
    assert records == []
    assert [str(p) for p in problems] == [
        f"{note}:0: '.txt' is not a results file type; expected .json, .yaml or .csv",
        f"{tmp_path / 'missing.json'}:0: no such file or folder",
    ]
    # A folder ignores files that are not results files.
    assert read_results([tmp_path], DEC) == ([], [])


def test_json_structure_problems_name_the_line_of_the_field(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(
        "{\n"
        '  "format": "peacekit-result/1",\n'
        '  "scenario": "december_2023",\n'
        '  "pair": "P",\n'
        '  "status": "agreed",\n'
        '  "parties": {"am": "A", "ru": "B"},\n'
        '  "agreement": {"release_by_az": "r32"},\n'
        '  "colour": "blue"\n'
        "}\n",
        encoding="utf-8",
    )
    records, problems = read_results([path], DEC)
    assert records == []
    lines = {(p.line, p.message.split(":")[0]) for p in problems}
    assert (8, "the result") in lines  # unknown key 'colour'
    assert (6, "parties") in lines  # 'ru' is not a party
    assert (7, "agreement") in lines  # missing issues
    assert any("unknown key 'colour'" in p.message for p in problems)


def test_a_list_of_records_in_one_file(tmp_path):
    path = tmp_path / "class.json"
    records = [result_record(DEC, REAL, pair="A"), result_record(DEC, None, pair="B")]
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    found, problems = read_results([path], DEC)
    assert problems == []
    assert [(r.pair, r.line) for r in found] == [("A", 2), ("B", 20)]


def test_no_deal_with_options_is_read_with_a_warning(tmp_path):
    record = result_record(DEC, REAL, pair="P")
    record["status"] = "No_Deal"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    [rec], [warning] = read_results([path], DEC)
    assert rec.status == "no deal" and rec.agreement is None
    assert warning.warning and "ignored" in warning.message


# -- the CSV template ----------------------------------------------------------------------


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


def test_a_template_for_another_scenario_is_refused(tmp_path):
    river = load_scenario(FIXTURES / "shared-river.yaml")
    path = tmp_path / "river.csv"
    path.write_text(results_template_csv(river, rows=1), encoding="utf-8")
    records, [problem] = read_results([path], DEC)
    assert records == []
    assert problem.line == 1
    assert "for scenario 'shared_river'; expected 'december_2023'" in problem.message


def test_a_header_with_a_typo_is_named(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(
        "pair,am,az,status,release_by_az,release_by_am,cop_29,cop_bureau,further_cbms\n"
        "Pair 1,,,no deal,,,,,\n",
        encoding="utf-8",
    )
    records, problems = read_results([path], DEC)
    assert records == []
    messages = [p.message for p in problems]
    assert (
        "column 7 'cop_29' is not a column of this sheet (did you mean 'cop29'?)" in (messages[0])
    )
    assert messages[1].startswith("missing column 'cop29'")
    assert all(p.line == 1 for p in problems)
