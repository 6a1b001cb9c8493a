#!/usr/bin/env python3
"""Measure what one student's exercises cost a JupyterHub: memory and CPU per notebook.

For each exercise notebook, in a fresh kernel of this environment (the same pinned
versions as ``binder/``), in an empty temporary folder: run every cell as
*Run All* does, then read the kernel process's own counters from Linux's
``/proc``:

* **peak memory**: ``VmHWM`` in ``/proc/PID/status``, the largest resident set
  size (RSS) the kernel process reached, in MB (1 MB = 1,000,000 bytes);
* **CPU time**: user plus system time in ``/proc/PID/stat``, in seconds, from the
  kernel's start to the end of the last cell (imports included).

Then, in the same kernel, it tries every control of the exercise and journal
widgets the notebook shows, the way a thorough student would: every option of
every dropdown and radio button, both ends of every slider and number box, every
check box, some text in every text box, and a click on every button (exports
included; they go to the temporary folder). The counters are read again: the
peak memory and the CPU time of the whole session.

Both count the kernel process only. The same is measured for an empty kernel
(no cell run), and for an idle JupyterLab server just started from this
environment, which every student on a hub also has. The figures hardly depend on
the machine's load, but the load average (``/proc/loadavg``) is printed with
them. Wall-clock times are not measured: they do depend on load.

Usage: python scripts/kernel_footprint.py [--env DIR] [NOTEBOOK ...]
(default: exercises/*.ipynb). ``--env`` measures another virtual environment's
kernel and server, e.g. ``--env _build/binder-check/env``, the environment that
``make binder-check`` installs from ``binder/`` alone. Linux only (it reads /proc).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
KERNEL = "pk-footprint"


#: Run in the kernel after the notebook: try every control of the widgets it showed.
TRY_EVERY_CONTROL = """
import ipywidgets as _w

def _tree(widget, seen):
    if id(widget) not in seen:
        seen.add(id(widget))
        yield widget
        for child in getattr(widget, "children", ()) or ():
            if isinstance(child, _w.Widget):
                yield from _tree(child, seen)

_seen, _tried = set(), 0
for _shown in [v for v in Out.values() if isinstance(v, _w.Widget)]:
    for _c in list(_tree(_shown, _seen)):
        if isinstance(_c, (_w.Dropdown, _w.RadioButtons, _w.ToggleButtons, _w.Select)):
            for _i in [*range(len(_c.options)), 0]:
                _c.index = _i
        elif isinstance(_c, (_w.IntSlider, _w.FloatSlider, _w.BoundedIntText, _w.BoundedFloatText)):
            _start = _c.value
            _c.value, _c.value, _c.value = _c.min, _c.max, _start
        elif isinstance(_c, _w.Checkbox):
            _c.value = not _c.value
            _c.value = not _c.value
        elif isinstance(_c, (_w.Text, _w.Textarea)) and not _c.disabled:
            _c.value = "A student's answer, typed to measure the kernel."
        elif isinstance(_c, _w.Button):
            _c.click()
        else:
            continue
        _tried += 1
print(_tried)
"""


@dataclass(frozen=True)
class Footprint:
    name: str
    peak_mb: float
    cpu_s: float
    tried: int = 0
    """Controls tried after Run All (0: only Run All)."""


def process_footprint(name: str, pid: int) -> Footprint:
    status = Path(f"/proc/{pid}/status").read_text()
    peak_kb = next(
        int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")
    )
    # Fields 14 and 15 of /proc/PID/stat (after the command name in parentheses).
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS
    return Footprint(name, peak_kb * 1024 / 1e6, cpu)


def kernel_footprint(path: Path | None, python: Path | None = None) -> tuple[Footprint, Footprint]:
    """Run ``path`` (or nothing) in a fresh kernel of ``python``, then try its controls.

    Returns the kernel's peak RSS and CPU time after Run All, and after the controls.
    """
    nb = nbformat.read(path, as_version=4) if path else nbformat.v4.new_notebook()
    name = path.stem if path else "(empty kernel)"
    with tempfile.TemporaryDirectory(prefix="pk-footprint-") as folder:
        # A kernelspec that names the Python by its full path, found through JUPYTER_PATH.
        jupyter_dir = Path(folder) / "jupyter"
        spec = jupyter_dir / "kernels" / KERNEL
        spec.mkdir(parents=True)
        exe = str(python or sys.executable)
        argv = [exe, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (spec / "kernel.json").write_text(json.dumps({"argv": argv, "language": "python"}))
        work = Path(folder) / "work"
        work.mkdir()
        saved = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = str(jupyter_dir)
        try:
            client = NotebookClient(
                nb, timeout=600, kernel_name=KERNEL, resources={"metadata": {"path": str(work)}}
            )
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                pid = client.km.provisioner.process.pid
                if pid == os.getpid():
                    raise RuntimeError("measured this script instead of the kernel")
                after_run = process_footprint(name, pid)
                probe = nbformat.v4.new_code_cell(TRY_EVERY_CONTROL)
                nb.cells.append(probe)
                client.execute_cell(probe, len(nb.cells) - 1)
                errors = [o for o in probe.outputs if o.output_type == "error"]
                if errors:
                    raise RuntimeError(f"{name}: trying the controls failed: {errors[0].evalue}")
                tried = int(next(o.text for o in probe.outputs if o.output_type == "stream"))
                session = process_footprint(name, pid)
        finally:
            if saved is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = saved
    return after_run, Footprint(name, session.peak_mb, session.cpu_s, tried)


def server_footprint(python: Path | None = None, settle_s: float = 5.0) -> Footprint:
    """An idle JupyterLab server of ``python``'s environment, just started."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    jupyter = Path(python or sys.executable).with_name("jupyter")
    home = tempfile.mkdtemp(prefix="pk-footprint-server-")
    root = ["--allow-root"] if os.geteuid() == 0 else []  # a container's root user
    proc = subprocess.Popen(
        [jupyter, "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--IdentityProvider.token=footprint", f"--ServerApp.root_dir={home}", *root],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": home},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while True:
            try:
                direct.open(f"http://127.0.0.1:{port}/lab?token=footprint", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("JupyterLab did not start") from None
                time.sleep(0.5)
        time.sleep(settle_s)
        return process_footprint("(JupyterLab server, idle)", proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(argv: list[str]) -> int:
    python = None
    if argv[:1] == ["--env"] and len(argv) >= 2:
        python = (Path(argv[1]) / "bin" / "python").absolute()
        if not python.is_file():
            print(f"kernel_footprint: no Python at {python}", file=sys.stderr)
            return 2
        argv = argv[2:]
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "exercises").glob("*.ipynb"))
    version = subprocess.run(
        [python or sys.executable, "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    cpu = platform.processor() or platform.machine()
    print(f"environment: {(python or Path(sys.executable)).parent.parent}")
    print(f"Python {version} on {cpu}, {os.cpu_count()} cores")
    print(f"load average (1, 5, 15 min) at the start: {loadavg()}")
    empty, _ = kernel_footprint(None, python)
    measured = [kernel_footprint(p, python) for p in paths]
    server = server_footprint(python)
    print()
    print("| Notebook | Run All: peak memory (MB) | Run All: CPU (s) "
          "| Controls tried | Session: peak memory (MB) | Session: CPU (s) |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {empty.name} | {empty.peak_mb:.0f} | {empty.cpu_s:.1f} | | | |")
    for run, session in measured:
        print(
            f"| {run.name} | {run.peak_mb:.0f} | {run.cpu_s:.1f} | {session.tried} "
            f"| {session.peak_mb:.0f} | {session.cpu_s:.1f} |"
        )
    print(f"| {server.name} | {server.peak_mb:.0f} | {server.cpu_s:.1f} | | | |")
    if measured:
        sessions = [s for _, s in measured]
        print()
        print(
            f"largest kernel: {max(s.peak_mb for s in sessions):.0f} MB; all "
            f"{len(sessions)} kernels open at once: {sum(s.peak_mb for s in sessions):.0f} MB; "
            f"CPU time of all sessions: {sum(s.cpu_s for s in sessions):.1f} s"
        )
    print(f"load average at the end: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
