"""The class debrief: the chart shows what the model computes, bad files do not stop it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from peacekit.classroom.debrief import class_debrief
from peacekit.classroom.results import result_record, write_result
from peacekit.cli import main
from peacekit.model.analysis import analyse
from peacekit.scenarios.scenario_file import load_builtin, load_scenario

FIXTURES = Path(__file__).parents[1] / "fixtures"
RESULTS = FIXTURES / "results" / "december-2023"
DEC = load_builtin("december-2023")
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}

# Each fixture pair's package, with the values worked out by hand from the scoring
# tables in december-2023.yaml (Yerevan, Baku); "None" is no deal.
HAND_VALUES = {
    "Pair 1": (34, 34),  # the real package
    "Pair 2": (20, 40),
    "Pair 3": (24, 38),
    "Pair 4": (36, 26),
    "Pair 5": (26, 25),
    "Pair 6": None,
    "Pair 7": (28, 28),  # no commitment to further measures: both lose 6
    "Pair 8": (10, 45),  # Yerevan below its reservation value of 20
    "Pair 9": (40, 19),  # Baku below its reservation value of 20
    "Pair 10": (34, 34),
    "Pair 11": None,
    "Pair 12": (22, 32),
    "Pair 13": (34, 34),
}


@pytest.fixture(scope="module")
def debrief():
    return class_debrief(DEC, [RESULTS / "good", RESULTS / "bad"])


def test_pairs_are_valued_by_the_model(debrief):
    a = analyse(DEC)
    assert [p.result.pair for p in debrief.pairs] == list(HAND_VALUES)
    for pr in debrief.pairs:
        expected = HAND_VALUES[pr.result.pair]
        if expected is None:
            assert not pr.agreed
            assert pr.values == {"am": 20, "az": 20}
            assert pr.joint_gain == 0
        else:
            assert (pr.values["am"], pr.values["az"]) == expected
            assert pr.values == a.utilities(pr.result.agreement)


def test_summary_numbers(debrief):
    agreed = [v for v in HAND_VALUES.values() if v is not None]
    assert len(debrief.pairs) == 13 and len(debrief.agreements) == 11
    assert debrief.agreement_rate == pytest.approx(11 / 13)
    joint = [(x - 20) + (y - 20) for x, y in agreed]
    assert debrief.mean_joint_gain == round(sum(joint) / 11, 1) == 20.3
    gaps = [abs((x - 20) - (y - 20)) for x, y in agreed]
    assert debrief.mean_gap == round(sum(gaps) / 11, 1)
    assert debrief.mean_value("am") == round(sum(x for x, _ in agreed) / 11, 1)
    assert debrief.best_joint_gain == 28  # the Nash point and the real package: 14 + 14
    # On the frontier: 1, 2, 3, 4, 8, 10, 13 (see `peacekit show`) and 9 (40, 19).
    assert sorted(p.number for p in debrief.on_frontier) == [1, 2, 3, 4, 8, 9, 10, 13]
    assert sorted(p.number for p in debrief.outside_zone) == [8, 9]
    assert debrief.gained_more() == {"am": 3, "az": 4, "": 4}


def test_summary_text_says_what_the_chart_shows(debrief):
    lines = debrief.summary_lines()
    assert lines[0] == "13 pairs reported: 11 agreed (85%), 2 reached no deal."
    assert "8 of the 11 agreements lie on the Pareto frontier; 9 lie inside" in lines[1]
    assert any("Pair 8 is outside the zone: Yerevan accepted less" in line for line in lines)
    assert lines[-1].endswith("3 pairs reached exactly this package.")


def chart_points(svg: str) -> tuple[dict, list[tuple[str, list[str], float, float]]]:
    """Read the chart back: the plot frame, and each mark's class, pairs and plotted values."""
    soup = BeautifulSoup(svg, "html.parser")
    root = soup.find("svg")
    left, top, width, height = map(float, root["data-plot"].split())
    x0, x1 = map(float, root["data-x-range"].split())
    y0, y1 = map(float, root["data-y-range"].split())

    def value(cx: float, cy: float) -> tuple[float, float]:
        return (
            x0 + (cx - left) / width * (x1 - x0),
            y1 - (cy - top) / height * (y1 - y0),
        )

    marks = []
    for g in root.find_all("g", class_="mark"):
        kind = next(c for c in g["class"] if c != "mark")
        shape = g.find(["circle", "polygon", "path"])
        if shape.name == "circle":
            cx, cy = float(shape["cx"]), float(shape["cy"])
        elif shape.name == "polygon":  # the diamond: centre of its first and third corners
            pts = [tuple(map(float, p.split(","))) for p in shape["points"].split()]
            cx, cy = (pts[0][0] + pts[2][0]) / 2, (pts[0][1] + pts[2][1]) / 2
        else:  # the no-deal cross: the middle of its first stroke
            nums = list(map(float, re.findall(r"-?\d+(?:\.\d+)?", shape["d"])))
            cx, cy = (nums[0] + nums[2]) / 2, (nums[1] + nums[3]) / 2
        x, y = value(cx, cy)
        pairs = g.get("data-pairs", "").split("|") if g.get("data-pairs") else []
        marks.append((kind, pairs, x, y))
        assert float(g["data-x"]) == pytest.approx(x, abs=0.05)
        assert float(g["data-y"]) == pytest.approx(y, abs=0.05)
    return root, marks


def test_chart_points_match_the_model(debrief):
    a = analyse(DEC)
    _root, marks = chart_points(debrief.chart_svg())
    plotted = {}
    for kind, pairs, x, y in marks:
        for pair in pairs:
            plotted[pair] = (kind, x, y)
    for pr in debrief.pairs:
        kind, x, y = plotted[pr.result.pair]
        if pr.agreed:
            u = a.utilities(pr.result.agreement)
            assert kind == "mark-pair"
            assert (x, y) == (pytest.approx(u["am"], abs=0.05), pytest.approx(u["az"], abs=0.05))
        else:
            assert kind == "mark-nodeal"
            assert (x, y) == (pytest.approx(20, abs=0.05), pytest.approx(20, abs=0.05))
    nash = [m for m in marks if m[0] == "mark-nash"]
    ref = [m for m in marks if m[0] == "mark-reference"]
    assert [(round(x, 1), round(y, 1)) for _, _, x, y in nash] == [a.point(a.nash)]
    assert [(round(x, 1), round(y, 1)) for _, _, x, y in ref] == [
        a.point(a.index(DEC.reference.outcome))
    ]
    # Pairs with the same package share one mark: 1, 10 and 13 took the real package.
    shared = next(m for m in marks if "Pair 10" in m[1])
    assert shared[1] == ["Pair 1", "Pair 10", "Pair 13"]


def test_chart_frontier_and_zone_are_drawn_from_the_analysis(debrief):
    a = analyse(DEC)
    soup = BeautifulSoup(debrief.chart_svg(), "html.parser")
    root = soup.find("svg")
    left, top, width, height = map(float, root["data-plot"].split())
    x0, x1 = map(float, root["data-x-range"].split())
    y0, y1 = map(float, root["data-y-range"].split())
    line = soup.find("polyline", class_="frontier")
    pts = [tuple(map(float, p.split(","))) for p in line["points"].split()]
    values = [
        (
            round(x0 + (px - left) / width * (x1 - x0), 1),
            round(y1 - (py - top) / height * (y1 - y0), 1),
        )
        for px, py in pts
    ]
    assert values == sorted(a.point(i) for i in a.frontier)
    zone = soup.find("g", class_="zone").find("rect")
    assert float(zone["x"]) == pytest.approx(left + (20 - x0) / (x1 - x0) * width, abs=0.01)
    dots = soup.find("g", class_="packages").find_all("circle")
    assert len(dots) == len({a.point(i) for i in range(a.count)})


def test_chart_is_accessible_and_colour_blind_safe(debrief):
    svg = debrief.chart_svg("c1")
    soup = BeautifulSoup(svg, "html.parser")
    root = soup.find("svg")
    assert root["role"] == "img"
    assert root["aria-labelledby"] == "c1-title c1-desc"
    assert soup.find("title", id="c1-title").get_text()
    assert soup.find("desc", id="c1-desc").get_text() == " ".join(debrief.summary_lines())
    colours = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", svg)}
    greys = {c for c in colours if c[1:3] == c[3:5] == c[5:7]}
    assert colours - greys <= OKABE_ITO, colours - greys - OKABE_ITO
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_report_lists_files_problems_and_questions(debrief, tmp_path):
    html_text = debrief.report_html()
    soup = BeautifulSoup(html_text, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    assert soup.find("svg", role="img") is not None
    assert "In words" in text
    for line in debrief.summary_lines():
        assert line in text
    # every file is listed; bad ones with their line and message
    files = soup.find("table", class_="files")
    rows = {
        Path(tr.find("td").get_text(strip=True)).name: [
            td.get_text(" ", strip=True) for td in tr.find_all("td")
        ]
        for tr in files.find("tbody").find_all("tr")
    }
    assert rows["pair-01.json"][1] == "1"
    assert rows["paper-session.csv"][1] == "4"
    assert rows["excel-export.csv"][1] == "1"  # partly read
    assert rows["bad-syntax.json"][1] == "skipped"
    assert "line 5: not valid JSON" in rows["bad-syntax.json"][2]
    assert rows["copy-of-pair-01.json"][1] == "skipped"
    assert "Questions for the debrief" in text
    assert "The 7 December 2023 joint statement" in text
    assert "illustrative" in text


def test_cli_debrief_writes_the_report_despite_bad_files(tmp_path, capsys):
    out = tmp_path / "report" / "debrief.html"
    status = main(
        ["debrief", "december-2023", str(RESULTS / "good"), str(RESULTS / "bad"), "--out", str(out)]
    )
    captured = capsys.readouterr()
    assert status == 1  # problems were found ...
    assert out.is_file()  # ... and the report was written all the same
    # Every file of the bad folder but reflection.txt (not a results file type) is skipped
    # or partly read: one line or more each.
    bad = sorted(p for p in (RESULTS / "bad").iterdir() if p.suffix != ".txt")
    assert captured.out.startswith(
        f"{out}: 13 pairs, 11 agreements (85%); {len(bad)} files with problems"
    )
    err = captured.err.strip().splitlines()
    assert sorted({re.split(r":\d+: |: ", line)[0] for line in err}) == [str(p) for p in bad]
    assert all(re.match(r"^\S+(:\d+)?: ", line) for line in err)
    # The report differs now (fewer files): it is replaced only when told to.
    again = ["debrief", "december-2023", str(RESULTS / "good"), "--out", str(out)]
    assert main(again) == 1
    assert main([*again, "--force"]) == 0


def test_debrief_of_results_written_by_the_exercises(tmp_path):
    """The widgets' export path: result_record -> write_result -> debrief."""
    river = load_scenario(FIXTURES / "shared-river.yaml")
    a = analyse(river)
    for n, index in enumerate([a.nash, *a.frontier[:3], None]):
        outcome = None if index is None else a.outcome(index)
        write_result(result_record(river, outcome, pair=f"Student {n}"), tmp_path)
    d = class_debrief(river, [tmp_path])
    assert len(d.pairs) == 5 and len(d.agreements) == 4 and d.problems == []
    _root, marks = chart_points(d.chart_svg())
    assert not [m for m in marks if m[0] == "mark-reference"]  # the fixture has none
    assert "real package" not in " ".join(d.summary_lines())


def test_debrief_with_no_usable_results_still_renders(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    d = class_debrief(DEC, [bad])
    assert d.pairs == [] and d.agreement_rate is None
    assert d.summary_lines() == ["No usable results yet: see the files skipped below."]
    html_text = d.report_html()
    assert "bad.json" in html_text and "<svg" in html_text


def test_three_party_debrief_has_one_panel_per_pair_of_parties(tmp_path):
    scenario = load_scenario(FIXTURES / "three-sides.yaml")
    write_result(result_record(scenario, ("x",), pair="T1"), tmp_path)
    write_result(result_record(scenario, ("y",), pair="T2"), tmp_path)
    d = class_debrief(scenario, [tmp_path])
    assert d.chart_svg() is None  # no single two-axis chart ...
    panels = d.panel_svgs()
    assert [(a, b) for a, b, _svg in panels] == [("a", "b"), ("a", "c"), ("b", "c")]
    for a, b, svg in panels:  # ... but every pair of parties, each with both results
        root = BeautifulSoup(svg, "html.parser").find("svg")
        assert (root["data-x-party"], root["data-y-party"]) == (a, b)
        assert len(root.find_all("g", class_="mark-pair")) == 2
        # The zone's label sits in the top-right corner: the axis goes above every
        # package, so no package (here the Nash point, x) is drawn under the label.
        highest = max(d.analysis.values[b])
        assert float(root["data-y-range"].split()[1]) > highest
    page = d.report_html()
    assert "one panel for each two of them" in page and "T1" in page
    text = " ".join(d.summary_lines())
    assert "the two gains" not in text and "both" not in text
    # x is worth (3, 2, 5): gains (2, 1, 4); y (1, 4, 0): gains (0, 3, -1).
    assert "the largest and the smallest gain of an agreement differ by 3.5 points" in text
    # y's joint gain (2) is below x's (7), the zone's largest: nothing to explain.
    assert d.best_joint_gain == 7 and d.best_agreement.result.pair == "T1"


def test_an_agreement_outside_the_zone_above_the_zones_best_is_explained(tmp_path):
    """'grab' adds up to more (20 - 2 = 18) than 'fair', the zone's only package (2 + 2 = 4),
    by leaving B below its reservation value; the summary says so rather than calling the
    zone's figure the most possible."""
    scenario = load_scenario(FIXTURES / "lopsided.yaml")
    results = tmp_path / "results"
    results.mkdir()
    write_result(result_record(scenario, ("grab",), pair="Pair 1"), results)
    write_result(result_record(scenario, ("fair",), pair="Pair 2"), results)
    d = class_debrief(scenario, [results])
    text = " ".join(d.summary_lines())
    assert "the most inside the agreement zone is 4" in text
    assert (
        "Pair 1 reached a joint gain of 18, more than any package inside the zone, because "
        "its package leaves B below its reservation value" in text
    )
    rows = {"".join(row[0]): "".join(row[1]) for row in d.numbers_table().rows}
    assert rows["Largest joint gain in the agreement zone"] == "4"
    assert rows["Largest joint gain among the agreements"] == "18"


def test_every_pair_is_labelled_with_its_number(debrief):
    soup = BeautifulSoup(debrief.chart_svg(), "html.parser")
    texts = [t.get_text() for t in soup.find("g", class_="labels").find_all("text")]
    numbers = sorted(int(n) for t in texts for n in re.findall(r"\d+", t))
    assert numbers == list(range(1, 14))
    assert "no deal: 6, 11" in texts
    # Labels do not overlap one another (boxes estimated as the code estimates them).
    boxes = []
    for t in soup.find("g", class_="labels").find_all("text"):
        x, y = float(t["x"]), float(t["y"])
        boxes.append((x, y - 9, x + len(t.get_text()) * 6.6, y + 2))
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
