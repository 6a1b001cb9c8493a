"""The committed exercise notebooks: structure, normalisation, and the claims they make.

nbval (run by ``make test``) checks that re-running each notebook gives the committed
outputs. These tests check what nbval cannot: that each notebook has the parts a
student needs, that it is normalised, that its reflection questions are the journal's,
and that the numbers its debrief states are what the model computes.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import nbformat
import pytest

from peacekit.lenses.package_deal import AnalysesByTrust, ReservationVariants, assess
from peacekit.lenses.small_steps import COMPARISON_SEEDS, Comparisons
from peacekit.lenses.two_publics import after_engagement
from peacekit.lenses.venue import presets, ranking, ranking_summary
from peacekit.model.scenario import ACCEPTANCE_THRESHOLD
from peacekit.model.societal_engagement import planned
from peacekit.model.trust_ladder import trust_setting
from peacekit.model.two_level import two_level
from peacekit.scenarios.questions import builtin_reflection_questions
from peacekit.scenarios.scenario_file import load_builtin

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "exercises").glob("*.ipynb"))
EXPECTED = {
    "00-pre-test",
    "01-package-deal",
    "02-negotiate",
    "03-choosing-a-venue",
    "04-small-steps",
    "05-two-publics",
    "06-knowledge-checks",
    "07-reflection-journal",
    "08-post-test",
}


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def test_the_exercise_notebooks_are_all_there():
    assert {p.stem for p in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_has_what_a_student_needs(path):
    nb = _read(path)
    text = _markdown(nb)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Exercise ")
    assert sum(1 for line in text.splitlines() if line.startswith("# ")) == 1
    for part in ("## Goals", "## How to do the exercise", "## Reflection questions"):
        assert part in text, part
    assert "Reading this on the course website?" in text  # static pages need a kernel
    assert "Run ▸ Run All Cells" in text
    assert re.search(r"<details>\s*<summary><strong>Debrief", text)
    assert "```" not in text  # no code for students to type


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_is_normalised_with_outputs_from_a_run(path):
    nb = _read(path)
    assert dict(nb.metadata) == {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert all("execution" not in c.metadata for c in nb.cells)
    setup, *views = code
    assert setup.metadata["tags"] == ["remove-cell"] and setup.outputs == []
    for cell in views:  # nbval compares only cells with stored outputs
        assert cell.metadata["tags"] == ["remove-input"]  # the site shows the widget only
        assert len(cell.outputs) == 1
        data = cell.outputs[0]["data"]
        assert "application/vnd.jupyter.widget-view+json" in data
        assert "run this notebook with a Jupyter kernel" in data["text/plain"]


SETUP = _read(NOTEBOOKS[0]).cells[2].source if NOTEBOOKS else ""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_starts_with_the_same_setup_cell(path):
    code = [c for c in _read(path).cells if c.cell_type == "code"]
    assert code[0].source == SETUP


class _Shell:
    def __init__(self):
        self.calls = []

    def run_line_magic(self, name, line):
        self.calls.append((name, line))


def _run_setup(monkeypatch, *, in_colab: bool, installed: bool) -> _Shell:
    import importlib.util

    import IPython

    shell = _Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: (
            (real(name, *a) if installed else None) if name == "peacekit" else real(name, *a)
        ),
    )
    exec(compile(SETUP, "setup-cell", "exec"), {})
    return shell


@pytest.mark.parametrize(
    ("in_colab", "installed", "expected_calls"),
    [(True, False, 1), (True, True, 0), (False, True, 0)],
)
def test_setup_cell_installs_only_in_colab_and_only_when_missing(
    monkeypatch, in_colab, installed, expected_calls
):
    """Binder, a course hub, JupyterLite, a local JupyterLab: installed, so nothing happens."""
    shell = _run_setup(monkeypatch, in_colab=in_colab, installed=installed)
    assert len(shell.calls) == expected_calls
    if expected_calls:
        name, line = shell.calls[0]
        assert name == "pip"
        assert "git+https://github.com/peacekit-course/no-silver-bullet" in line


def test_setup_cell_outside_colab_without_the_package_says_what_to_do_in_one_line(monkeypatch):
    """A hub or a Python without the package: one line for the student, and Run All stops."""
    with pytest.raises(ModuleNotFoundError) as caught:
        _run_setup(monkeypatch, in_colab=False, installed=False)
    (line,) = caught.value._render_traceback_()  # what IPython shows instead of a traceback
    assert line.startswith("CoursePackageMissing: the course package is not installed here.")
    assert "`%pip install git+https://github.com/peacekit-course/no-silver-bullet`" in line
    assert "JupyterHub" in line and "\n" not in line


@pytest.mark.parametrize("section", builtin_reflection_questions(), ids=lambda s: s.id)
def test_reflection_questions_appear_word_for_word_where_they_are_asked(section):
    page = ROOT / section.where
    assert page.is_file(), section.where
    text = _markdown(_read(page)) if page.suffix == ".ipynb" else page.read_text("utf-8")
    for q in section.questions:
        assert _flat(q.text) in _flat(text), f"{section.where}: {q.text}"


def test_every_notebook_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text("utf-8")
    for path in NOTEBOOKS:
        assert f"file: exercises/{path.stem}\n" in toc


# -- the debriefs' claims ---------------------------------------------------------------------
def test_package_deal_debrief_numbers_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "01-package-deal.ipynb")))
    dec = load_builtin("december-2023")
    ref = dec.reference.outcome
    by_trust = AnalysesByTrust(dec)
    full, none = by_trust.at(1.0), by_trust.at(0.0)
    assert f"at full trust, {full.zone_size} of the {full.count} possible packages" in text
    assert full.utilities(ref) == {"am": 34, "az": 34} and full.outcome(full.nash) == ref
    assert "it gives each delegation 34 points against a reservation value of 20" in text
    # "Below a trust of 0.125 ... Yerevan would reject it."
    assert "below a trust of 0.125" in text
    assert assess(by_trust.at(0.12), ref).party("am").accepts is False
    assert assess(by_trust.at(0.13), ref).party("am").accepts is True
    assert assess(none, ref).party("az").accepts is True
    assert f"at zero trust only {none.zone_size} packages are left" in text
    assert "each of them would still be accepted with its promises taken out" in text
    for k in none.zone:
        acts_only = tuple(
            "none" if dec.issue(i).option(o).is_promise else o
            for i, o in zip(dec.issue_ids, none.outcome(k), strict=True)
        )
        assert none.in_zone(acts_only), acts_only


def test_venue_debrief_claims_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "03-choosing-a-venue.ipynb")))
    venue = load_builtin("choosing-a-venue")
    p = presets(venue)
    for key, top, vetoer in (("only_am", "Paris", "Baku"), ("only_az", "Ankara", "Yerevan")):
        summary = ranking_summary(venue, p[key][1], ranking(venue, p[key][1]))
        assert f"Highest score: {top}" in summary and f"vetoed by {vetoer}" in summary
        assert "neither side vetoes: Tbilisi" in summary
    assert ranking(venue, p["acceptability"][1])[0].venue.name == "Tbilisi"
    guarantees = ranking(venue, p["guarantees"][1])
    assert [v.venue.name for v in guarantees[:3]] == ["Moscow", "Washington", "Brussels"]
    assert guarantees[0].score == guarantees[2].score > guarantees[3].score
    assert "moscow, washington and brussels tie at the top" in text


def test_venue_hint_claims_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "03-choosing-a-venue.ipynb")))
    venue = load_builtin("choosing-a-venue")
    p = presets(venue)
    powers = ["Moscow", "Washington", "Brussels"]
    guarantees = ranking(venue, p["guarantees"][1])
    assert [v.venue.name for v in guarantees[:3]] == powers
    assert not any(v.vetoed for v in guarantees[:3])  # "neither side vetoes them"
    by_name = {t.name: t for t in venue.third_parties}
    for name in powers:
        power = by_name[name]
        assert dict(power.acceptance) == {"am": 0.55, "az": 0.55}
        assert power.capacity == 0.6 == max(t.capacity for t in venue.third_parties)
    assert ACCEPTANCE_THRESHOLD == 0.5
    assert "an acceptance of 0.55 on both sides, just above the veto line of 0.5" in text
    equal = ranking(venue, p["equal"][1])
    assert p["equal"][1] == dict.fromkeys(p["equal"][1], 5.0)
    top = [v for v in equal if v.score == equal[0].score]
    assert sorted(v.venue.name for v in top) == sorted([*powers, "Tbilisi"])
    assert f"{equal[0].score:.2f}" == "0.57" and "tie with tbilisi (0.57 each)" in text
    assert "so in the model three venues satisfy every criterion" in text


def test_small_steps_debrief_numbers_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "04-small-steps.ipynb")))
    treaty = load_builtin("comprehensive-treaty")
    c = Comparisons(treaty)
    sb = c.pair(("silver_bullet", "silver_bullet"))
    gg = c.pair(("grit", "grit"))
    tt = c.pair(("tit_for_tat", "tit_for_tat"))
    assert COMPARISON_SEEDS == 200 and "over the same 200 seeds" in text
    assert f"two silver bullets opened the treaty's agreement zone in {sb.opened_share:.0%}" in text
    assert f"{sb.breakdown_share:.0%} of their runs had at least one breakdown" in text
    assert gg.opened_share == 1 and f"median round {gg.median_first_open:g}" in text
    assert f"with a breakdown in only {gg.breakdown_share:.0%}" in text
    assert f"two tit-for-tat players opened it in {tt.opened_share:.0%}" in text
    rules = trust_setting(treaty).rules
    assert rules.asymmetry == 2 and "costs twice as much trust" in text
    assert f"starting trust is low ({rules.initial:g})" in text
    assert c.pair(("silver_bullet", "silver_bullet"), "washington").opened_share > 0.5


def test_two_publics_debrief_numbers_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "05-two-publics.ipynb")))
    assert "the armenian public would reject" in text
    dec = load_builtin("december-2023")
    model = two_level(dec)
    start = after_engagement(dec, {}, 0, steps=True)
    sizes = [len(model.win_set(p, start.states[p])) for p in dec.party_ids]
    assert (
        f"the armenian public would ratify {sizes[0]} of the 144 possible packages and the "
        f"azerbaijani public {sizes[1]}" in text
    )
    assert model.ratifiable(start.states, start.credibility) == []
    r = model.ratification(dec.reference.outcome, start.states, start.credibility)
    assert r.signed and r.rejecting_publics == ["am"]
    plan = planned(dec)["am"]
    steps_only = after_engagement(dec, {}, 10, steps=True)
    plan_only = after_engagement(dec, plan, 10, steps=False)
    both = after_engagement(dec, plan, 10, steps=True)
    assert model.ratifiable(steps_only.states, steps_only.credibility) == []
    assert [
        model.outcome(i) for i in model.ratifiable(plan_only.states, plan_only.credibility)
    ] == [dec.reference.outcome]
    assert len(model.ratifiable(both.states, both.credibility)) == 3
    assert both.run.first_ratified == 4 and "the first passes in round 4" in text


# -- the hints "settings where the thesis fails": each claim recomputed ---------------------------
def _variant(name, am, az):
    return ReservationVariants(load_builtin(name)).of({"am": am, "az": az})


def test_package_deal_hint_claims_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "01-package-deal.ipynb")))
    assert "equal values hide the imbalance of power between the two sides after 2023" in text
    dec = load_builtin("december-2023")
    ref = dec.reference.outcome
    assert AnalysesByTrust(dec).at(1.0).utilities(ref) == {"am": 34, "az": 34}
    for am, az, rejecter in ((20, 35, "az"), (35, 20, "am")):
        by_trust = AnalysesByTrust(_variant("december-2023", am, az))
        for trust in (0.0, 0.5, 1.0):  # "at any trust" (at low trust Yerevan may reject too)
            assert rejecter in [p.party_id for p in assess(by_trust.at(trust), ref).rejecters]
        assert [p.party_id for p in assess(by_trust.at(1.0), ref).rejecters] == [rejecter]
    assert "with baku at 35 (yerevan at 20), baku does; with yerevan at 35 (baku at 20)" in text
    assert AnalysesByTrust(_variant("december-2023", 35, 35)).at(1.0).zone_size == 0
    yerevan_high = AnalysesByTrust(_variant("december-2023", 25, 15))
    assert yerevan_high.at(1.0).zone_size == 12 and yerevan_high.at(0.0).zone_size == 0
    assert "twelve packages are in the agreement zone at full trust but none at zero trust" in text
    assert AnalysesByTrust(_variant("december-2023", 15, 25)).at(0.0).zone_size == 4
    assert "(yerevan 15, baku 25), four packages are left at zero trust" in text


def test_negotiation_hint_claims_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "02-negotiate.ipynb")))
    for am, az in ((35, 35), (40, 35), (35, 52)):
        assert AnalysesByTrust(_variant("december-2023", am, az)).at(1.0).zone_size == 0
    low_am = AnalysesByTrust(_variant("december-2023", 5, 35)).at(1.0)
    nash = low_am.outcome(low_am.nash)
    assert nash[0] == "r16" and low_am.utilities(nash) == {"am": 20, "az": 40}
    assert "the nash point releases 16 servicemen instead of 32 and is worth 20 points to " in text
    high_am = AnalysesByTrust(_variant("december-2023", 35, 5)).at(1.0)
    nash = high_am.outcome(high_am.nash)
    assert (
        nash[0] == "r32"
        and nash[2] == "withdraw"
        and high_am.utilities(nash)
        == {
            "am": 40,
            "az": 19,
        }
    )
    assert "it is worth 40 points to yerevan and 19 to baku" in text


def test_small_steps_hint_claims_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "04-small-steps.ipynb")))
    assert "that is the course's reading of the article's argument, turned into a mechanism" in text
    low = Comparisons(_variant("comprehensive-treaty", 25, 15))
    for pair in (("silver_bullet", "silver_bullet"), ("grit", "grit")):
        summary = low.pair(pair)
        assert summary.opened_share == 1 and summary.median_first_open == 0
    assert "yerevan and 15 for baku" in text and "from round 0" in text
    base = Comparisons(load_builtin("comprehensive-treaty"))
    guaranteed = base.pair(("silver_bullet", "silver_bullet"), "washington")
    grit = base.pair(("grit", "grit"), "washington")
    assert f"washington: the zone opens in {guaranteed.opened_share:.0%} of runs" in text
    assert grit.opened_share == 1 > guaranteed.opened_share
    assert grit.median_first_open < guaranteed.median_first_open


def test_two_publics_hint_and_caveat_are_the_models():
    text = _flat(_markdown(_read(ROOT / "exercises" / "05-two-publics.ipynb")))
    assert (
        "in this model, with the course's chosen numbers, the armenian public would reject "
        "before any engagement the package that both delegations would sign; this follows from "
        "those numbers, not from evidence about the real public" in text
    )

    def ratifiable(am, az, plan, rounds, steps):
        s = _variant("december-2023", am, az)
        moment = after_engagement(s, plan, rounds, steps=steps)
        return two_level(s).ratifiable(moment.states, moment.credibility)

    plan = planned(load_builtin("december-2023"))["am"]
    assert len(ratifiable(15, 15, {}, 0, True)) == 1 and len(ratifiable(15, 15, {}, 10, True)) == 3
    assert "after ten rounds of small steps alone three do" in text
    dec = load_builtin("december-2023")
    for am, az, rejecting in ((10, 20, []), (15, 25, ["az"])):
        s = _variant("december-2023", am, az)
        start = after_engagement(s, {}, 0, steps=True)
        r = two_level(s).ratification(dec.reference.outcome, start.states, start.credibility)
        assert r.signed and r.rejecting_publics == rejecting
    assert ratifiable(25, 25, plan, 10, True) == []
    assert "raise both to 25" in text
