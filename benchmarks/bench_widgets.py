"""Benchmarks of the exercise widgets (run with `make bench`; never part of `make test`).

Targets on the reference machine (2 cores): a control change updates the
widget's output, chart included, in a median under 50 ms; a notebook shows
its first widget within a few seconds of the kernel starting. The browser
(JupyterLite) is several times slower than CPython, which is why the target
here is tight.
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

from peacekit.widgets.journal import JournalExercise
from peacekit.widgets.knowledge_check import KnowledgeCheckExercise
from peacekit.widgets.negotiation import NegotiationExercise
from peacekit.widgets.package_deal import PackageDealExercise
from peacekit.widgets.small_steps import SmallStepsExercise
from peacekit.widgets.two_publics import TwoPublicsExercise
from peacekit.widgets.venue import VenueExercise

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50


def _report(benchmark, what: str) -> None:
    median = benchmark.stats.stats.median * 1000
    verdict = "ok" if median < TARGET_MS else "OVER TARGET"
    print(f"\n{what}: median {median:.1f} ms (target < {TARGET_MS} ms) {verdict}")


def test_package_deal_option_change(benchmark):
    ex = PackageDealExercise()
    options = itertools.cycle(["r8", "r16", "r32", "none"])
    benchmark.pedantic(
        lambda: setattr(ex.choices["release_by_az"], "value", next(options)),
        rounds=40,
        iterations=1,
    )
    assert "<svg" in ex.chart.value
    _report(benchmark, "package deal: option change -> verdict + outcome map")


def test_package_deal_trust_change_first_visit(benchmark):
    ex = PackageDealExercise()
    levels = iter([k / 100 for k in range(1, 100)])  # each level analysed for the first time
    benchmark.pedantic(lambda: setattr(ex.trust, "value", next(levels)), rounds=40, iterations=1)
    _report(benchmark, "package deal: new trust level -> analysis + verdict + map")


def test_negotiation_offer(benchmark, tmp_path):
    ex = NegotiationExercise(folder=tmp_path)

    def offer():
        if ex.negotiation.status != "open":
            ex.start()
        ex.make_offer()

    benchmark.pedantic(offer, rounds=40, iterations=1)
    _report(benchmark, "negotiation: make an offer -> counter-offer + transcript")


def test_negotiation_end_with_debrief_chart(benchmark, tmp_path):
    ex = NegotiationExercise(folder=tmp_path)

    def setup():
        ex.start()
        ex.make_offer()
        return (), {}

    benchmark.pedantic(ex.walk_away, setup=setup, rounds=30, iterations=1)
    assert "<svg" in ex.chart.value
    _report(benchmark, "negotiation: end -> debrief + offer map + downloads")


def test_venue_weight_change(benchmark):
    ex = VenueExercise()
    values = itertools.cycle([1, 4, 7, 10])
    benchmark.pedantic(
        lambda: setattr(ex.weights["capacity"], "value", next(values)), rounds=40, iterations=1
    )
    _report(benchmark, "venue: weight change -> ranking + bar chart + table")


def test_knowledge_check_answer(benchmark):
    ex = KnowledgeCheckExercise()
    panel = ex.panel("two_issues")
    answers = itertools.cycle(["silver_bullet", "no_will", "cop_and_prisoners"])
    benchmark.pedantic(
        lambda: setattr(panel.choice, "value", next(answers)), rounds=40, iterations=1
    )
    _report(benchmark, "knowledge check: answer -> feedback + score")


def test_journal_keystroke_with_save(benchmark, tmp_path):
    ex = JournalExercise(folder=tmp_path, interval=0.0)  # save on every change
    box = next(iter(ex.boxes.values()))
    text = itertools.count()
    benchmark.pedantic(
        lambda: setattr(box, "value", f"answer {next(text)}"), rounds=40, iterations=1
    )
    _report(benchmark, "journal: keystroke -> atomic save of the journal file")


def test_small_steps_strategy_change(benchmark):
    ex = SmallStepsExercise()
    choices = itertools.cycle(["tit_for_tat", "silver_bullet", "always_stall", "grit"])
    benchmark.pedantic(
        lambda: setattr(ex.strategy["am"], "value", next(choices)), rounds=40, iterations=1
    )
    _report(benchmark, "small steps: strategy change -> run + trust chart + zone chart + table")


def test_small_steps_comparison_for_a_new_pair(benchmark):
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
    median = benchmark.stats.stats.median * 1000
    print(f"\nsmall steps: compare over 200 seeds (3 pairs, on a button): median {median:.0f} ms")


def test_two_publics_rounds_change(benchmark):
    ex = TwoPublicsExercise()
    ex.use_planner()
    rounds = itertools.cycle([5, 10, 20, 30])
    benchmark.pedantic(lambda: setattr(ex.rounds, "value", next(rounds)), rounds=40, iterations=1)
    _report(benchmark, "two publics: rounds of engagement -> dynamics + verdicts + chart")


def test_two_publics_package_change(benchmark):
    ex = TwoPublicsExercise()
    ex.rounds.value = 10
    options = itertools.cycle(["r8", "r16", "r32", "none"])
    benchmark.pedantic(
        lambda: setattr(ex.choices["release_by_az"], "value", next(options)),
        rounds=40,
        iterations=1,
    )
    _report(benchmark, "two publics: option change -> verdicts + win-sets + chart")


def test_cold_import_and_first_widget():
    code = (
        "import time; t = time.perf_counter(); "
        "from peacekit.widgets.package_deal import PackageDealExercise; "
        "PackageDealExercise(); print(time.perf_counter() - t)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    print(
        f"\ncold import + first package-deal widget in a fresh Python: median "
        f"{statistics.median(times):.2f} s"
    )


def test_notebook_start_to_first_widget():
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
    kernel, cells, total = (statistics.median(r[k] for r in results) for k in range(3))
    print(
        f"\nnotebook 01 start-up: kernel {kernel:.2f} s + cells to first widget {cells:.2f} s "
        f"= {total:.2f} s (median of 3)"
    )


IN_KERNEL = """
import itertools, statistics, time
from peacekit.widgets.package_deal import PackageDealExercise
ex = PackageDealExercise()
display(ex)
options = itertools.cycle(["r8", "r16", "r32", "none"])
times = []
for _ in range(40):
    t = time.perf_counter()
    ex.choices["release_by_az"].value = next(options)
    times.append(time.perf_counter() - t)
print(statistics.median(times) * 1000)
"""


def test_option_change_inside_a_kernel_with_real_comms():
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
    median = float("".join(out).strip())
    verdict = "ok" if median < TARGET_MS else "OVER TARGET"
    print(
        f"\npackage deal in a kernel (updates sent over the comm): median {median:.1f} ms "
        f"(target < {TARGET_MS} ms) {verdict}"
    )
