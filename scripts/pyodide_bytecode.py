"""Compile the Python the site serves to Pyodide's bytecode, once, at build time.

Pyodide never writes bytecode caches in the browser (``sys.dont_write_bytecode``), and
the npm ``pyodide`` package and the wheels on PyPI ship Python source only. So every
page that starts Python compiles the whole standard library part it imports
(``asyncio`` and friends at start-up) and every package from source, in WebAssembly,
every time: measured under Node.js on the 2-core build machine, Pyodide's own start
took 2.4-2.8 s with the source standard library and 0.8-0.9 s with a compiled one.

``scripts/site_assets.py`` calls :func:`compile_for_pyodide`, which starts the very
Pyodide the site serves under Node.js and, inside it (so the bytecode is exactly
Pyodide 3.14's):

* rewrites ``python_stdlib.zip`` with a ``.pyc`` in place of the ``.py`` of each module
  that Pyodide's start-up and the exercise pages' runtime import (the "warm-up": the
  site's ``pk_live.prepare()`` with every ``peacekit`` module). The other modules keep
  their source: compiled, the whole library would weigh 4.5 MB instead of 2.5 MB, and
  the modules imported at start are 1.1 MB of source that become 2.1 MB compiled;
* rewrites each third-party wheel the exercise pages load the same way, without its
  ``tests``/``test`` folders (Pyodide's own builds unvendor those too), with a new
  ``RECORD``. The packages only JupyterLite loads keep PyPI's source wheels, and
  ``peacekit`` is served as built, with its sources (students may read them): compiled
  as well, its wheel weighed 893 kB instead of 333 kB (zip compresses source text far
  better than bytecode), which pushed a cold exercise page over 20 MB.

The ``.pyc`` files are unchecked-hash pycs (PEP 552): Python uses them without
looking at a source file, and they do not depend on file times, so a rebuild from
the same inputs gives the same bytes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Bump when the compiled output changes for the same inputs (part of the cache key).
RECIPE = "pyodide-bytecode/3"

# Runs inside Pyodide. ARGS: {"jobs": [[kind, src, dst], ...], "site": site-packages path,
# "hot": the standard-library modules to compile (None: all)}.
# kind: "stdlib" (sourceless zip) or "wheel" (sourceless wheel).
COMPILER = r"""
import base64, hashlib, importlib.util, marshal, zipfile

MAGIC = importlib.util.MAGIC_NUMBER
UNCHECKED_HASH = (0b01).to_bytes(4, "little")  # hash-based, do not check the source
TEST_DIRS = {"tests", "test"}


def pyc(source: bytes, filename: str) -> bytes | None:
    try:
        code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    except SyntaxError:
        return None
    return MAGIC + UNCHECKED_HASH + importlib.util.source_hash(source) + marshal.dumps(code)


def copy_info(info, name):
    out = zipfile.ZipInfo(name, info.date_time)
    out.compress_type = zipfile.ZIP_DEFLATED
    out.external_attr = info.external_attr
    return out


def module_name(filename):
    name = filename[:-3].replace("/", ".")
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


def stdlib(src, dst, hot):
    n = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            wanted = hot is None or module_name(info.filename) in hot
            if info.filename.endswith(".py") and wanted:
                code = pyc(data, "/lib/python314.zip/" + info.filename)
                if code is not None:
                    zout.writestr(copy_info(info, info.filename[:-3] + ".pyc"), code)
                    n += 1
                    continue
            zout.writestr(copy_info(info, info.filename), data)
    return n


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def wheel(src, dst, site):
    files = {}
    infos = {}
    with zipfile.ZipFile(src) as zin:
        for info in zin.infolist():
            if info.is_dir():
                continue
            parts = info.filename.split("/")
            in_meta = parts[0].endswith((".dist-info", ".data"))
            if not in_meta and TEST_DIRS & set(parts[:-1]):
                continue
            data = zin.read(info)
            name = info.filename
            if not in_meta and name.endswith(".py"):
                code = pyc(data, f"{site}/{name}")
                if code is not None:
                    name = name[:-3] + ".pyc"
                    data = code
            files[name], infos[name] = data, info
    record = next(n for n in files if n.endswith(".dist-info/RECORD") and n.count("/") == 1)
    lines = [record_line(n, d) for n, d in files.items() if n != record] + [f"{record},,"]
    files[record] = ("\n".join(lines) + "\n").encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in files.items():
            zout.writestr(copy_info(infos[name], name), data)
    return sum(n.endswith(".pyc") for n in files)


hot = None if ARGS.get("hot") is None else set(ARGS["hot"])
done = []
for kind, src, dst in ARGS["jobs"]:
    if kind == "stdlib":
        done.append(stdlib(src, dst, hot))
    else:
        done.append(wheel(src, dst, ARGS["site"]))
done
"""

# Which standard-library modules are imported: before the warm-up (Pyodide's start) and
# after it. Runs in the same Pyodide, before the compiler.
HOT_MODULES = r"""
import sys
exec(WARM_UP, {"__name__": "__warm_up__"})
sorted(
    name
    for name, module in list(sys.modules.items())
    if (getattr(module, "__file__", None) or "").startswith("/lib/python314.zip/")
)
"""

NODE_RUNNER = r"""
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
const args = %(args)s;
const options = { indexURL: "%(pyodide)s/" };
if (args.lock) { options.lockFileURL = args.lock; }
const py = await loadPyodide(options);
py.FS.mkdir("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: "%(work)s" }, "/work");
for (const [folder, mountpoint] of args.mounts) {
  py.FS.mkdirTree(mountpoint);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: folder }, mountpoint);
}
if (args.packages.length) { await py.loadPackage(args.packages, { messageCallback: () => {} }); }
args.site = py.runPython("import site; site.getsitepackages()[0]");
if (args.warm_up !== null) {
  py.globals.set("WARM_UP", args.warm_up);
  args.hot = py.runPython(%(hot_modules)s).toJs();
}
py.globals.set("ARGS", py.toPy(args));
const counts = py.runPython(%(compiler)s).toJs();
console.log(JSON.stringify(counts));
"""


class BytecodeError(RuntimeError):
    pass


def compile_for_pyodide(
    pyodide_dir: Path,
    jobs: list[tuple[str, Path, Path]],
    *,
    lock: Path | None = None,
    packages: list[str] = (),
    mounts: dict[Path, str] | None = None,
    warm_up: str | None = None,
) -> list[int]:
    """Run the jobs ``(kind, source, destination)`` in the Pyodide at ``pyodide_dir``.

    ``pyodide_dir`` holds ``pyodide.mjs`` and friends with the *source* standard
    library (the compiler itself must start). With ``warm_up`` (Python code, run after
    ``packages`` are loaded from ``lock``, with ``mounts`` {host folder: Pyodide path}),
    a ``stdlib`` job compiles only the standard-library modules imported by then.
    Returns the number of modules compiled per job. Needs Node.js.
    """
    if not jobs:
        return []
    if shutil.which("node") is None:
        raise BytecodeError("Node.js is needed to compile Python for Pyodide (install nodejs)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        staged = []
        for i, (kind, src, _dst) in enumerate(jobs):
            shutil.copyfile(src, work / f"in-{i}{src.suffix}")
            staged.append([kind, f"/work/in-{i}{src.suffix}", f"/work/out-{i}{src.suffix}"])
        runner = work / "compile.mjs"
        runner.write_text(
            NODE_RUNNER
            % {
                "pyodide": pyodide_dir.resolve().as_posix(),
                "work": work.as_posix(),
                "args": json.dumps(
                    {
                        "jobs": staged,
                        "lock": lock.resolve().as_posix() if lock else None,
                        "packages": list(packages),
                        "mounts": [[str(k.resolve()), v] for k, v in (mounts or {}).items()],
                        "warm_up": warm_up,
                    }
                ),
                "compiler": json.dumps(COMPILER),
                "hot_modules": json.dumps(HOT_MODULES),
            }
        )
        proc = subprocess.run(["node", str(runner)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise BytecodeError(f"compiling for Pyodide failed:\n{proc.stderr[-3000:]}")
        counts = json.loads(proc.stdout.strip().splitlines()[-1])
        for i, (_, src, dst) in enumerate(jobs):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(work / f"out-{i}{src.suffix}", dst)
    return counts
