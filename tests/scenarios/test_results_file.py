"""Reading results files: good files read back, every bad one is named by file and line."""

from __future__ import annotations

import json
from pathlib import Path

from peacekit.classroom.results import (
    result_record,
    results_template_csv,
)
from peacekit.scenarios.results_file import read_results
from peacekit.scenarios.scenario_file import load_builtin, load_scenario

from .test_hostile_corpus import CORPUS, TESTS

FIXTURES = Path(__file__).parents[1] / "fixtures"
RESULTS = FIXTURES / "results" / "december-2023"
DEC = load_builtin("december-2023")
REAL = ("r32", "r2", "withdraw_support", "support", "continue")


# -- writing -------------------------------------------------------------------------------


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


def test_a_folder_of_bad_files_reports_each_as_alone_and_keeps_every_good_record():
    """Read together, the good and the bad folders give each bad file the same first problem
    as the hostile corpus gives it alone (when given by name), in the order of the files."""
    records, problems = read_results([RESULTS / "good", RESULTS / "bad"], DEC)
    first: dict[str, str] = {}
    for p in problems:
        first.setdefault(p.file, str(p).replace(f"{RESULTS}/", ""))
        assert "\n" not in str(p)
    expected = {
        str(TESTS / relative): line
        for relative, line in CORPUS.items()
        if relative.startswith("fixtures/results/") and not relative.endswith(".txt")
    }  # a folder stands for its results files: reflection.txt is not read from it
    assert first == expected
    assert list(first) == sorted(first)  # reported in the order of the files
    # Every good record survives, plus the one good row of the spreadsheet export.
    assert [r.pair for r in records] == [f"Pair {n}" for n in range(1, 14)]
    assert records[2].file.endswith("good/pair-03.json")  # the first report of Pair 3 wins


def test_a_file_that_is_not_a_results_file_is_named_not_fatal(tmp_path):
    note = tmp_path / "reflection.txt"
    note.write_text("hello", encoding="utf-8")
    records, problems = read_results([note, tmp_path / "missing.json"], DEC)
    assert records == []
    assert [str(p) for p in problems] == [
        f"{note}: '.txt' is not a results file type; expected .json, .yaml or .csv",
        f"{tmp_path / 'missing.json'}: no such file or folder",
    ]
    # A folder ignores files that are not results files, and says what it looked for.
    assert [str(p) for p in read_results([tmp_path], DEC)[1]] == [
        f"{tmp_path}: no results files in this folder: looked for .json, .yaml, .yml and "
        ".csv files; found 1 other file: reflection.txt"
    ]


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


def test_either_spelling_of_the_built_in_names_the_scenario(tmp_path):
    record = result_record(DEC, REAL, pair="P")
    record["scenario"] = "december-2023"  # the name on the command line
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        results_template_csv(DEC, rows=1).replace(
            "scenario: december_2023", "scenario: december-2023"
        )
        + "Pair 2,,,no deal,,,,,,\n",
        encoding="utf-8",
    )
    records, problems = read_results([path, sheet], DEC)
    assert problems == []
    assert [r.pair for r in records] == ["P", "Pair 2"]
