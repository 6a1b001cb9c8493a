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

* rewrites ``python_stdlib.zip`` with each module's ``.pyc`` in place of its ``.py``
  (sourceless, as Pyodide's own distribution did before 0.27);
* rewrites each third-party wheel the same way, without its ``tests``/``test``
  folders (Pyodide's own builds unvendor those too), with a new ``RECORD``;
* keeps ``peacekit``'s sources (students may read them) and adds a
  ``__pycache__/*.cpython-314.pyc`` beside each module.

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
RECIPE = "pyodide-bytecode/1"

# Runs inside Pyodide. ARGS: {"jobs": [[kind, src, dst], ...], "site": site-packages path}
# kind: "stdlib" (sourceless zip), "wheel" (sourceless wheel), "wheel-keep" (sources kept).
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


def stdlib(src, dst):
    n = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith(".py"):
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


def wheel(src, dst, site, keep_source):
    files = {}
    infos = {}
    with zipfile.ZipFile(src) as zin:
        for info in zin.infolist():
            if info.is_dir():
                continue
            parts = info.filename.split("/")
            in_meta = parts[0].endswith((".dist-info", ".data"))
            if not in_meta and not keep_source and TEST_DIRS & set(parts[:-1]):
                continue
            data = zin.read(info)
            name = info.filename
            if not in_meta and name.endswith(".py"):
                code = pyc(data, f"{site}/{name}")
                if code is not None:
                    if keep_source:
                        folder, _, module = name.rpartition("/")
                        cached = f"{folder}/__pycache__/{module[:-3]}.cpython-314.pyc"
                        files[cached], infos[cached] = code, info
                    else:
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


done = []
for kind, src, dst in ARGS["jobs"]:
    if kind == "stdlib":
        done.append(stdlib(src, dst))
    else:
        done.append(wheel(src, dst, ARGS["site"], keep_source=kind == "wheel-keep"))
done
"""

NODE_RUNNER = r"""
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
const py = await loadPyodide({ indexURL: "%(pyodide)s/" });
py.FS.mkdir("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: "%(work)s" }, "/work");
const site = py.runPython("import site; site.getsitepackages()[0]");
const args = %(args)s;
args.site = site;
py.globals.set("ARGS", py.toPy(args));
const counts = py.runPython(%(compiler)s).toJs();
console.log(JSON.stringify(counts));
"""


class BytecodeError(RuntimeError):
    pass


def compile_for_pyodide(pyodide_dir: Path, jobs: list[tuple[str, Path, Path]]) -> list[int]:
    """Run the jobs ``(kind, source, destination)`` in the Pyodide at ``pyodide_dir``.

    ``pyodide_dir`` holds ``pyodide.mjs`` and friends with the *source* standard
    library (the compiler itself must start). Returns the number of modules compiled
    per job. Needs Node.js.
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
                "args": json.dumps({"jobs": staged}),
                "compiler": json.dumps(COMPILER),
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
