"""Benchmarks of the exercise widgets (run with `make bench`; never part of `make test`).

Targets on the reference machine (2 cores): a control change updates the
widget's output, chart included, in a median under 50 ms; a notebook shows
its first widget within a few seconds of the kernel starting. The browser
(JupyterLite) is several times slower than CPython, which is why the target
here is tight.
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel
from report import WIDGETS
from stopwatch import seconds_in_fresh_python

from peacekit.widgets.journal import JournalExercise
from peacekit.widgets.knowledge_check import KnowledgeCheckExercise
from peacekit.widgets.negotiation import NegotiationExercise
from peacekit.widgets.package_deal import PackageDealExercise
from peacekit.widgets.small_steps import SmallStepsExercise
from peacekit.widgets.two_publics import TwoPublicsExercise
from peacekit.widgets.venue import VenueExercise

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50


def test_package_deal_option_change(benchmark, report):
    ex = PackageDealExercise()
    options = itertools.cycle(["r8", "r16", "r32", "none"])
    benchmark.pedantic(
        lambda: setattr(ex.choices["release_by_az"], "value", next(options)),
        rounds=40,
        iterations=1,
    )
    assert "<svg" in ex.chart.value
    report.benchmark(
        benchmark, WIDGETS, "package deal: option change -> verdict + outcome map", target=TARGET_MS
    )


def test_package_deal_trust_change_first_visit(benchmark, report):
    ex = PackageDealExercise()
    levels = iter([k / 100 for k in range(1, 100)])  # each level analysed for the first time
    benchmark.pedantic(lambda: setattr(ex.trust, "value", next(levels)), rounds=40, iterations=1)
    report.benchmark(
        benchmark,
        WIDGETS,
        "package deal: new trust level -> analysis + verdict + map",
        target=TARGET_MS,
    )


def test_negotiation_offer(benchmark, report, tmp_path):
    ex = NegotiationExercise(folder=tmp_path)

    def offer():
        if ex.negotiation.status != "open":
            ex.start()
        ex.make_offer()

    benchmark.pedantic(offer, rounds=40, iterations=1)
    report.benchmark(
        benchmark,
        WIDGETS,
        "negotiation: make an offer -> counter-offer + transcript",
        target=TARGET_MS,
    )


def test_negotiation_end_with_debrief_chart(benchmark, report, tmp_path):
    ex = NegotiationExercise(folder=tmp_path)

    def setup():
        ex.start()
        ex.make_offer()
        return (), {}

    benchmark.pedantic(ex.walk_away, setup=setup, rounds=30, iterations=1)
    assert "<svg" in ex.chart.value
    report.benchmark(
        benchmark, WIDGETS, "negotiation: end -> debrief + offer map + downloads", target=TARGET_MS
    )


def test_venue_weight_change(benchmark, report):
    ex = VenueExercise()
    values = itertools.cycle([1, 4, 7, 10])
    benchmark.pedantic(
        lambda: setattr(ex.weights["capacity"], "value", next(values)), rounds=40, iterations=1
    )
    report.benchmark(
        benchmark, WIDGETS, "venue: weight change -> ranking + bar chart + table", target=TARGET_MS
    )


def test_knowledge_check_answer(benchmark, report):
    ex = KnowledgeCheckExercise()
    panel = ex.panel("two_issues")
    answers = itertools.cycle(["silver_bullet", "no_will", "cop_and_prisoners"])
    benchmark.pedantic(
        lambda: setattr(panel.choice, "value", next(answers)), rounds=40, iterations=1
    )
    report.benchmark(
        benchmark, WIDGETS, "knowledge check: answer -> feedback + score", target=TARGET_MS
    )


def test_journal_keystroke_with_save(benchmark, report, tmp_path):
    ex = JournalExercise(folder=tmp_path, interval=0.0)  # save on every change
    box = next(iter(ex.boxes.values()))
    text = itertools.count()
    benchmark.pedantic(
        lambda: setattr(box, "value", f"answer {next(text)}"), rounds=40, iterations=1
    )
    report.benchmark(
        benchmark,
        WIDGETS,
        "journal: keystroke -> atomic save of the journal file",
        target=TARGET_MS,
    )


def test_small_steps_strategy_change(benchmark, report):
    ex = SmallStepsExercise()
    choices = itertools.cycle(["tit_for_tat", "silver_bullet", "always_stall", "grit"])
    benchmark.pedantic(
        lambda: setattr(ex.strategy["am"], "value", next(choices)), rounds=40, iterations=1
    )
    report.benchmark(
        benchmark,
        WIDGETS,
        "small steps: strategy change -> run + trust chart + zone chart + table",
        target=TARGET_MS,
    )


def test_small_steps_comparison_for_a_new_pair(benchmark, report):
    ex = SmallStepsExercise()
    pairs = itertools.cycle(
        [(a, b) for a in ("grit", "tit_for_tat", "always_stall") for b in ("grit", "tit_for_tat")]
    )

    def setup():
        ex.comparisons._cache.clear()  # measure the 200 runs, not the cache
        a, b = next(pairs)
        ex._batch = True
        ex.strategy["am"].value, ex.strategy["az"].value = a, b
        ex._batch = False
        return (), {}

    benchmark.pedantic(ex.compare, setup=setup, rounds=10, iterations=1)
    report.benchmark(
        benchmark,
        WIDGETS,
        "small steps: compare over 200 seeds (3 pairs)",
        note="on a button, not on every change: no 50 ms target",
    )


def test_two_publics_rounds_change(benchmark, report):
    ex = TwoPublicsExercise()
    ex.use_planner()
    rounds = itertools.cycle([5, 10, 20, 30])
    benchmark.pedantic(lambda: setattr(ex.rounds, "value", next(rounds)), rounds=40, iterations=1)
    report.benchmark(
        benchmark,
        WIDGETS,
        "two publics: rounds of engagement -> dynamics + verdicts + chart",
        target=TARGET_MS,
    )


def test_two_publics_package_change(benchmark, report):
    ex = TwoPublicsExercise()
    ex.rounds.value = 10
    options = itertools.cycle(["r8", "r16", "r32", "none"])
    benchmark.pedantic(
        lambda: setattr(ex.choices["release_by_az"], "value", next(options)),
        rounds=40,
        iterations=1,
    )
    report.benchmark(
        benchmark,
        WIDGETS,
        "two publics: option change -> verdicts + win-sets + chart",
        target=TARGET_MS,
    )


def test_cold_import_and_first_widget(report):
    times = seconds_in_fresh_python(
        "from peacekit.widgets.package_deal import PackageDealExercise; PackageDealExercise()",
        runs=5,
    )
    report.add(WIDGETS, "cold import + first package-deal widget in a fresh Python", times, "s")


def test_notebook_start_to_first_widget(report):
    """Kernel start, then the notebook's cells up to its first widget, as a student runs it."""
    nb = nbformat.read(ROOT / "exercises" / "01-package-deal.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"][:2]  # setup, first widget
    results = []
    for _ in range(3):
        start = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "exercises"))
        try:
            ready = time.perf_counter()
            for source in code:
                reply = kc.execute_interactive(source, timeout=120, output_hook=lambda m: None)
                assert reply["content"]["status"] == "ok"
            done = time.perf_counter()
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        results.append((ready - start, done - ready, done - start))
    for k, what in enumerate(["kernel start", "cells up to the first widget", "both"]):
        report.add(
            WIDGETS,
            f"notebook 01 in a local Jupyter kernel: {what}",
            [r[k] for r in results],
            "s",
            note="target: a few seconds" if k == 2 else "",
        )


IN_KERNEL = """
import itertools, json, time
from peacekit.widgets.package_deal import PackageDealExercise
ex = PackageDealExercise()
display(ex)
options = itertools.cycle(["r8", "r16", "r32", "none"])
times = []
for _ in range(40):
    t = time.perf_counter()
    ex.choices["release_by_az"].value = next(options)
    times.append(time.perf_counter() - t)
print(json.dumps([t * 1000 for t in times]))
"""


def test_option_change_inside_a_kernel_with_real_comms(report):
    """The same change as above, in a kernel, where each update is sent over the comm."""
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "exercises"))
    out = []
    try:
        reply = kc.execute_interactive(
            IN_KERNEL,
            timeout=120,
            output_hook=lambda m: (
                out.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None
            ),
        )
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    report.add(
        WIDGETS,
        "package deal in a Jupyter kernel: option change, updates sent over the comm",
        json.loads("".join(out)),
        "ms",
        target=TARGET_MS,
    )
