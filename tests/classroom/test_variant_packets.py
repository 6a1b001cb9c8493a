"""Classroom variants from end to end: the packet, the results files and the debrief.

``peacekit roles --variant N`` must print the same packet for the same N, with the
variant's numbers on every sheet and its number in every running head; the results
it hands out must record the variant; and ``peacekit debrief`` must score them with
the same variant and refuse results of another one, in one line per refusal.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from peacekit.charts.numbers import signed_points_text
from peacekit.classroom.debrief import class_debrief
from peacekit.classroom.handout import to_html
from peacekit.classroom.results import result_json, result_record, results_template_csv
from peacekit.classroom.role_sheets import role_sheets
from peacekit.cli import main
from peacekit.model.analysis import analyse
from peacekit.model.variants import derive_variant
from peacekit.scenarios.results_file import read_results
from peacekit.scenarios.scenario_file import builtin_scenario_path, load_builtin

DEC = load_builtin("december-2023")
V7 = derive_variant(DEC, 7)
V3 = derive_variant(DEC, 3)
REAL = dict(
    zip(DEC.issue_ids, ("r32", "r2", "withdraw_support", "support", "continue"), strict=True)
)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_same_variant_number_gives_a_byte_identical_packet(tmp_path, capsys):
    for out in ("a", "b"):
        assert main(["roles", "december-2023", "--variant", "7", "--out", str(tmp_path / out)]) == 0
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert main(["roles", "december-2023", "--variant", "8", "--out", str(tmp_path / "c")]) == 0
    assert main(["roles", "december-2023", "--out", str(tmp_path / "published")]) == 0
    others = (digests(tmp_path / "c"), digests(tmp_path / "published"))
    for other in others:
        assert other["confidential-am.html"] != digests(tmp_path / "a")["confidential-am.html"]
    # The general brief carries no private number, only the variant's number in its head.
    brief = (tmp_path / "a" / "general-brief.md").read_text(encoding="utf-8")
    assert brief == (tmp_path / "c" / "general-brief.md").read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert "files for 'december_2023', variant 7" in out


def test_every_sheet_of_a_variant_says_so_and_shows_its_numbers():
    sheets = role_sheets(V7)
    for stem, handout in sheets.files().items():
        page = to_html(handout)
        soup = BeautifulSoup(page, "html.parser")
        assert soup.body["data-variant"] == "7", stem
        assert "variant 7" in page.split("</style>")[0], stem  # the running head
    for party in V7.parties:
        text = BeautifulSoup(to_html(sheets.delegations[party.id]), "html.parser").get_text(" ")
        text = " ".join(text.split())
        assert f"Your reservation value: {signed_points_text(party.reservation)} points." in text
        # The prose's {reservation} is the variant's value too.
        assert f"worth at least {party.reservation:g} points" in text
        published = DEC.party(party.id).reservation
        if published != party.reservation:
            assert f"worth at least {published:g} points" not in text
    guide = " ".join(
        BeautifulSoup(to_html(sheets.facilitator), "html.parser").get_text(" ").split()
    )
    assert "classroom variant 7" in guide
    assert f"{analyse(V7).zone_size} of the 144 possible packages" in guide
    assert "--variant 7" in guide


def test_a_published_packet_says_nothing_of_variants():
    sheets = role_sheets(DEC)
    for stem, handout in sheets.files().items():
        page = to_html(handout)
        assert "data-variant" not in page, stem
        assert "variant 7" not in page.casefold(), stem


def test_results_of_a_variant_record_it_and_read_back(tmp_path):
    record = result_record(V7, REAL, pair="Table 1")
    assert record["variant"] == 7
    assert "variant" not in result_record(DEC, REAL, pair="Table 1")
    path = tmp_path / "t1.json"
    path.write_text(result_json(record), encoding="utf-8")
    records, problems = read_results([path], V7)
    assert problems == [] and records[0].variant == 7


def test_the_template_of_a_variant_carries_its_number():
    text = results_template_csv(V7, rows=2)
    assert text.splitlines()[0].startswith(
        "# format: peacekit-result/1; scenario: december_2023; variant: 7;"
    )
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    assert rows[0][-1] == "variant" and [r[-1] for r in rows[1:]] == ["7", "7"]
    assert "variant" not in results_template_csv(DEC, rows=1)


def write(path: Path, record: dict) -> Path:
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path


def test_a_debrief_refuses_results_of_another_variant_in_one_line_each(tmp_path):
    v7 = write(tmp_path / "v7.json", result_record(V7, REAL, pair="Table 7"))
    v3 = write(tmp_path / "v3.json", result_record(V3, REAL, pair="Table 3"))
    published = write(tmp_path / "pub.json", result_record(DEC, REAL, pair="Table 0"))
    bad = write(
        tmp_path / "bad.json", {**result_record(V7, REAL, pair="Table 9"), "variant": "seven"}
    )
    # The line of the "variant" key, where json.dumps wrote it.
    line = 1 + next(n for n, t in enumerate(v7.read_text().splitlines()) if '"variant"' in t)

    records, problems = read_results([v7, v3, published, bad], V7)
    assert [r.pair for r in records] == ["Table 7"]
    assert [str(p) for p in problems] == [
        f"{v3}:{line}: variant: 3, but this debrief is for variant 7; expected one variant per "
        "debrief",
        f"{published}:1: variant: none (the published numbers), but this debrief is for "
        "variant 7; expected one variant per debrief",
        f"{bad}:{line}: variant: 'seven' is not a variant; expected a whole number from 1 to 9999",
    ]
    records, problems = read_results([v7, published], DEC)
    assert [r.pair for r in records] == ["Table 0"]
    assert [str(p) for p in problems] == [
        f"{v7}:{line}: variant: 7, but this debrief uses the published numbers; run "
        "'peacekit debrief december-2023 RESULTS --variant 7'"
    ]


def test_a_paper_sheet_of_another_variant_is_refused_whole(tmp_path):
    sheet = tmp_path / "results.csv"
    sheet.write_text(results_template_csv(V7, rows=2).replace("Pair 1,,,,", "Pair 1,A,B,no deal,"))
    records, problems = read_results([sheet], V7)
    assert [r.pair for r in records] == ["Pair 1"] and records[0].variant == 7
    records, problems = read_results([sheet], V3)
    assert records == []
    assert [str(p) for p in problems] == [
        f"{sheet}:1: this sheet is for variant 7, but this debrief is for variant 3; expected "
        "one variant per debrief"
    ]
    # A row that says another variant than its sheet is refused on its own.
    header = ["pair", *DEC.party_ids, "status", *DEC.issue_ids, "notes", "variant"]
    row = ["Pair 1", "A", "B", "no deal", *[""] * len(DEC.issues), "", "4"]
    sheet.write_text(",".join(header) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    records, problems = read_results([sheet], DEC)
    assert records == []
    assert [str(p) for p in problems] == [
        f"{sheet}:2: pair 'Pair 1', column variant: 4, but this debrief uses the published "
        "numbers; run 'peacekit debrief december-2023 RESULTS --variant 4'"
    ]


def test_the_debrief_scores_a_variant_with_its_own_numbers(tmp_path):
    result = write(tmp_path / "t.json", result_record(V7, REAL, pair="Table 1"))
    report = class_debrief(V7, [result])
    (pair,) = report.pairs
    assert pair.values == analyse(V7).utilities(DEC.outcome(REAL))
    assert pair.values != analyse(DEC).utilities(DEC.outcome(REAL))
    assert 'data-variant="7"' in report.report_html()
    # The report asks the role play's questions, the article's thesis among them.
    text = BeautifulSoup(report.report_html(), "html.parser").get_text(" ")
    assert "The article's thesis: the venue dilemma." in text


def test_cli_debrief_with_and_without_the_variant(tmp_path, capsys):
    results = tmp_path / "results"
    results.mkdir()
    write(results / "t.json", result_record(V7, REAL, pair="Table 1"))
    out = tmp_path / "debrief.html"
    assert (
        main(["debrief", "december-2023", str(results), "--variant", "7", "--out", str(out)]) == 0
    )
    assert "1 pair, 1 agreement" in capsys.readouterr().out
    assert main(["debrief", "december-2023", str(results), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "variant: 7, but this debrief uses the published numbers; run 'peacekit debrief " in err
    assert (
        main(["debrief", "december-2023", str(results), "--variant", "0", "--out", str(out)]) == 1
    )


@pytest.mark.parametrize("bad", ["0", "10000", "-2"])
def test_cli_refuses_a_variant_number_out_of_range(tmp_path, capsys, bad):
    status = main(["roles", "december-2023", "--variant", bad, "--out", str(tmp_path)])
    err = capsys.readouterr().err
    if bad == "0":  # 0 is the published numbers
        assert status == 0
        return
    assert status == 2
    assert f"peacekit roles: --variant {bad}: expected a whole number from 1 to 9999" in err


def test_cli_reports_bounds_that_allow_no_variant_with_file_and_line(tmp_path, capsys):
    text = builtin_scenario_path("choosing-a-venue").read_text(encoding="utf-8")
    narrow = text.replace(
        "    issue_weight: [0.8, 1.25]\n    option_jitter: 0.1\n    reservation: [0.85, 1.15]",
        "    issue_weight: [1, 1]\n    option_jitter: 0\n    reservation: [1, 1]",
    )
    assert narrow != text
    path = tmp_path / "narrow.yaml"
    path.write_text(narrow, encoding="utf-8")
    line = narrow.splitlines().index("  variants:") + 1
    assert main(["roles", str(path), "--variant", "2", "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == (
        f"{path}:{line}: classroom.variants: variant 2: no draw within the bounds changes every "
        "delegation's points after 10,000 draws; widen issue_weight or option_jitter\n"
    )
