"""Benchmarks of reading people's files (run with `make bench`; never part of `make test`).

Target on the reference machine (2 cores): any input up to the size limits is accepted
or refused in under 1 s and 200 MB. Each file is read in a fresh interpreter, as the
command line reads it (a scenario as `peacekit validate`, a results file as `peacekit
debrief`), timed from after the imports to the verdict; memory is the process's peak
resident size (interpreter and imports included), as /proc/self/status reports it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from report import MODEL, runs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    *sorted((ROOT / "tests" / "scenarios" / "bad").iterdir()),
    *sorted((ROOT / "tests" / "fixtures" / "results" / "december-2023" / "bad").iterdir()),
]
RIVER = (ROOT / "tests" / "scenarios" / "good" / "river.yaml").read_text(encoding="utf-8")

READ_ONE = """
import json, sys, time
from pathlib import Path
from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.results_file import read_results
from peacekit.scenarios.scenario_file import check_scenario, load_builtin
path = Path(sys.argv[1])
scenario = load_builtin("december-2023")
start, cpu = time.perf_counter(), time.process_time()
if path.parent.name == "bad" and "results" in path.parts or path.suffix in (".json", ".csv"):
    problems = read_results([path], scenario)[1]
    verdict = str(problems[0]) if problems else "read"
else:
    try:
        check_scenario(path, name=path.name)
        verdict = "valid"
    except ScenarioError as exc:
        verdict = str(exc.problems[0])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
# VmHWM, not getrusage: Linux carries ru_maxrss over execve, so a child started from
# the benchmark's own process would report the benchmark's size.
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
peak = int(hwm[0].split()[1]) / 1000  # MB (the file gives kB)
print(json.dumps({"seconds": seconds, "cpu": cpu, "mb": peak, "verdict": verdict[:100]}))
"""


def read_once(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", READ_ONE, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)


def worst_inputs(folder: Path) -> dict[str, Path]:
    """Inputs at the limits, each as large as the limits allow (500,000 bytes)."""
    files = {}

    def put(name: str, text: str) -> None:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        assert path.stat().st_size <= 500_000, name
        files[name] = path

    words = "The delegation weighs every option against the capital's priorities and fears. "
    block = "".join("  " + words * 8 + "\n" for _ in range(740))
    put("prose.yaml", RIVER.replace("summary: Two", "summary: >\n" + block + "  Two"))
    put("plain-prose.yaml", RIVER.replace("summary: Two", "summary:\n" + block + "  Two"))
    put("comments.yaml", RIVER + ("# " + "x" * 98 + "\n") * 4900)
    put("long-lines.yaml", RIVER + "notes: >\n" + ("  " + "word " * 3999 + "\n") * 24)
    # The river scenario has 119 values and one source: 118 + 9,880 sources = 9,998 values.
    put(
        "many-values.yaml",
        RIVER.replace(
            "  - A fictional teaching case\n", "".join("  - a source\n" for _ in range(9880))
        ),
    )
    put("many-values.json", "[\n" + ",\n".join("1" for _ in range(10_000)) + "\n]\n")
    header = "pair,am,az,status,release_by_az,release_by_am,cop29,cop_bureau,further_cbms,notes\n"
    rows = "".join(
        f"Pair {n},A,B,agreed,r32,r2,withdraw_support,support,continue,\n" for n in range(2000)
    )
    put("many-rows.csv", header + rows)
    return files


def record(report, what: str, measured: list[tuple[str, dict]]) -> None:
    """The worst of ``measured`` for time and for memory, each against its target."""
    for key, unit, target, title in (
        ("seconds", "s", 1.0, "the slowest to accept or refuse"),
        ("mb", "MB", 200, "the largest peak memory (whole process)"),
    ):
        name, worst = max(measured, key=lambda m: m[1][key])
        note = f"{name} ({worst['cpu']:.2f} s of processor time): {worst['verdict']}"
        report.add(MODEL, f"{what}: {title}", [worst[key]], unit, target=target, note=note)


def test_the_hostile_corpus(report):
    rounds = runs(1)
    measured = []
    for path in CORPUS:
        best = min((read_once(path) for _ in range(rounds)), key=lambda m: m["seconds"])
        measured.append((path.name, best))
    record(report, f"Reading the hostile corpus ({len(CORPUS)} files)", measured)


def test_the_largest_inputs_within_the_limits(report, tmp_path):
    rounds = runs(3)
    measured = []
    for name, path in worst_inputs(tmp_path).items():
        samples = [read_once(path) for _ in range(rounds)]
        samples.sort(key=lambda m: m["seconds"])
        measured.append((name, samples[len(samples) // 2]))  # the median run
    record(
        report,
        "Reading 500,000-byte inputs at the limits (prose, comments, long lines, "
        "10,000 values, 2,000 CSV rows)",
        measured,
    )
