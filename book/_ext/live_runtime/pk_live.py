"""The Python side of an exercise page's live runtime; it runs in the student's browser.

Each exercise page of the course site runs its notebook's code in Pyodide, in a Web
Worker (``pk-live-worker.js``), and the widgets drawn on the page become live
(``pk-live.js``). This module is what the worker runs inside Python:

* a stand-in for the few names ipywidgets imports from IPython (``get_ipython``,
  ``IPython.display`` and ``InteractiveShell``), so that IPython, with its 2.5 MB of
  wheels and two seconds of imports, is not loaded at all;
* a ``comm`` backend (``comm.create_comm`` is pluggable): a widget's messages go to the
  page, and the page's messages reach the widget (:func:`handle`);
* :func:`run_cell` runs a notebook cell as a kernel would: its statements, then its
  last expression, which is displayed; ``display()`` works too;
* every exception, in a cell or in a widget's handler, is reported to the page, which
  shows it in the exercise. (ipywidgets itself only logs the exceptions raised in its
  callbacks, and a kernel shows them nowhere near the exercise.) Messages of the
  ``comm`` and ``traitlets`` loggers are reported the same way;
* the files the exercise writes in its folder (the journal, results files, exports)
  are reported after each step, so that the page keeps them in the browser's storage.

It imports nothing from Pyodide: the worker hands it a ``post(kind, payload, buffers)``
function, and its tests run on the build machine's Python
(``tests/site/test_live_kernel.py``).
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
import logging
import os
import sys
import time
import traceback
import types
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Post = Callable[[str, str, list], None]

#: The widget modules an exercise page preloads: enough for every exercise.
PRELOAD = ("ipywidgets", "peacekit.widgets")
#: Files larger than this are not copied into the browser's storage.
MAX_FILE_BYTES = 5_000_000
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class _State:
    post: Post | None = None
    folder: Path | None = None
    cell: int | None = None  # the cell being run
    comm_id: str | None = None  # the comm whose message is being handled
    msg_id: str | None = None
    files: dict[str, tuple[int, int]] = {}  # noqa: RUF012 - one runtime per worker
    errors: int = 0


STATE = _State()


def _send(kind: str, payload: dict, buffers: Iterable[bytes] = ()) -> None:
    if STATE.post is None:
        return
    STATE.post(kind, json.dumps(payload, default=str), [bytes(b) for b in buffers])


# ---------------------------------------------------------------- errors


def short_message(exc: BaseException) -> str:
    """``TypeName: message``, as a student would read it (one line, at most 300 chars)."""
    text = f"{type(exc).__name__}: {exc}".strip()
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


def report_error(
    where: str, exc: BaseException, *, cell: int | None = None, shown: bool = False
) -> None:
    """Tell the page; ``shown``: the exercise already shows it (its message line)."""
    STATE.errors += 1
    _send(
        "error",
        {
            "where": where,
            "cell": STATE.cell if cell is None else cell,
            "comm_id": STATE.comm_id,
            "message": short_message(exc),
            "traceback": "".join(traceback.format_exception(exc)),
            "shown": shown,
        },
    )


class _ReportLogRecords(logging.Handler):
    """ipywidgets logs (and swallows) the exceptions of its callbacks: report them.

    So does ``peacekit``'s ``Exercise.guard``, after showing the message in the exercise.
    """

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            report_error(
                f"a widget handler ({record.getMessage()})",
                record.exc_info[1],
                shown=record.name.startswith("peacekit."),
            )
        elif record.levelno >= logging.WARNING:
            _send("log", {"level": record.levelname, "message": record.getMessage()})


# ---------------------------------------------------------------- IPython stand-in


def _mimebundle(obj: Any) -> dict[str, Any]:
    method = getattr(obj, "_repr_mimebundle_", None)
    if callable(method):
        bundle = method()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data:
            return dict(data)
    data: dict[str, Any] = {"text/plain": repr(obj)}
    for mime, name in [("text/html", "_repr_html_"), ("text/markdown", "_repr_markdown_")]:
        method = getattr(obj, name, None)
        if callable(method):
            value = method()
            if value is not None:
                data[mime] = value
    return data


def display(*objs: Any, **_: Any) -> None:
    """``IPython.display.display``: send each object's richest form to the page."""
    for obj in objs:
        _send("display", {"cell": STATE.cell, "data": _mimebundle(obj)})


def clear_output(wait: bool = False) -> None:
    _send("clear_output", {"cell": STATE.cell, "wait": wait})


class _DisplayObject:
    mime = "text/plain"

    def __init__(self, data: str = "", **_: Any):
        self.data = data

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        return {self.mime: self.data, "text/plain": f"<{type(self).__name__} object>"}


class HTML(_DisplayObject):
    mime = "text/html"


class Markdown(_DisplayObject):
    mime = "text/markdown"


class _Formatter:
    def format(self, obj: Any, **_: Any) -> tuple[dict[str, Any], dict]:
        return _mimebundle(obj), {}


class InteractiveShell:
    """Only what ipywidgets' Output widget asks of it (``instance().display_formatter``)."""

    display_formatter = _Formatter()

    @classmethod
    def instance(cls) -> InteractiveShell:
        return cls()


def get_ipython() -> None:
    """No IPython here: ipywidgets and the notebooks' setup cell then take their plain path."""
    return None


def install_ipython_stand_in() -> None:
    """Make ``import IPython`` (and the parts ipywidgets uses) find the stand-in."""
    with contextlib.suppress(ImportError):
        importlib.import_module("IPython")
        return  # a real IPython is installed: keep it
    parts = {
        "IPython": {"get_ipython": get_ipython},
        "IPython.display": {
            "display": display,
            "clear_output": clear_output,
            "HTML": HTML,
            "Markdown": Markdown,
        },
        "IPython.core": {},
        "IPython.core.interactiveshell": {"InteractiveShell": InteractiveShell},
    }
    for name, attrs in parts.items():
        module = types.ModuleType(name, "A stand-in for IPython on the course site's pages.")
        module.__dict__.update(attrs)
        sys.modules[name] = module
    sys.modules["IPython"].core = sys.modules["IPython.core"]
    sys.modules["IPython"].display = sys.modules["IPython.display"]
    sys.modules["IPython.core"].interactiveshell = sys.modules["IPython.core.interactiveshell"]


# ---------------------------------------------------------------- comms


def _comm_class() -> type:
    from comm.base_comm import BaseComm

    class PageComm(BaseComm):
        """A comm whose other end is the widget manager of the page."""

        def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
            content = {"comm_id": self.comm_id, "data": data or {}}
            if msg_type == "comm_open":
                content["target_name"] = keys.get("target_name") or self.target_name
                content["target_module"] = keys.get("target_module")
            _send(
                "comm",
                {
                    "msg_type": msg_type,
                    "content": content,
                    "metadata": metadata or {},
                    "parent": STATE.msg_id,
                },
                buffers or (),
            )

    return PageComm


def install_comms() -> None:
    import comm

    page_comm = _comm_class()
    comm.create_comm = lambda *args, **kwargs: page_comm(*args, **kwargs)


def _as_bytes(buffer: Any) -> bytes:
    to_bytes = getattr(buffer, "to_bytes", None)  # a JavaScript typed array, in the browser
    return to_bytes() if callable(to_bytes) else bytes(buffer)


def handle(message: str, buffers: Iterable[Any] = ()) -> None:
    """Hand a message from the page (``comm_msg`` or ``comm_close``) to its comm."""
    import comm

    msg = json.loads(message)
    content = msg.get("content", {})
    STATE.comm_id, STATE.msg_id = content.get("comm_id"), msg.get("msg_id")
    started = time.perf_counter()
    try:
        target = comm.get_comm_manager().comms.get(STATE.comm_id)
        if target is None:
            raise LookupError(f"no widget with id {STATE.comm_id} (reload the page)")
        full = {
            "header": {"msg_id": STATE.msg_id, "msg_type": msg.get("msg_type")},
            "parent_header": {},
            "metadata": msg.get("metadata", {}),
            "content": content,
            "buffers": [memoryview(_as_bytes(b)) for b in buffers],
        }
        with _captured_output():
            if msg.get("msg_type") == "comm_close":
                comm.get_comm_manager().comm_close(None, None, full)
            else:
                target.handle_msg(full)
    except Exception as exc:
        report_error("a widget handler", exc)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        sync_files()
        _send("idle", {"msg_id": STATE.msg_id, "python_ms": round(elapsed, 2)})
        STATE.comm_id = STATE.msg_id = None


# ---------------------------------------------------------------- cells


@contextlib.contextmanager
def _captured_output():
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield
    finally:
        for name, stream in [("stdout", out), ("stderr", err)]:
            if stream.getvalue():
                _send("stream", {"cell": STATE.cell, "name": name, "text": stream.getvalue()})


def run_cell(index: int, source: str, namespace: dict | None = None) -> bool:
    """Run a notebook cell like a kernel: its statements, then display its last expression.

    Returns False (after reporting the exception) if the cell raised.
    """
    namespace = NAMESPACE if namespace is None else namespace
    STATE.cell = index
    try:
        tree = ast.parse(source, filename=f"<cell {index}>")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
            last = ast.Expression(tree.body.pop().value)
        with _captured_output():
            exec(compile(tree, f"<cell {index}>", "exec"), namespace)
            if last is not None:
                value = eval(compile(last, f"<cell {index}>", "eval"), namespace)
                if value is not None:
                    display(value)
        return True
    except Exception as exc:
        report_error(f"cell {index}", exc, cell=index)
        return False
    finally:
        sync_files()
        STATE.cell = None


NAMESPACE: dict[str, Any] = {"__name__": "__main__"}


# ---------------------------------------------------------------- files


def _scan() -> dict[str, tuple[int, int]]:
    found = {}
    if STATE.folder is None:
        return found
    with os.scandir(STATE.folder) as entries:
        for entry in entries:
            if entry.is_file():
                stat = entry.stat()
                found[entry.name] = (stat.st_mtime_ns, stat.st_size)
    return found


def sync_files() -> None:
    """Report the files of the exercise's folder that changed since the last report."""
    now = _scan()
    changed = [
        name
        for name, mark in now.items()
        if STATE.files.get(name) != mark and mark[1] <= MAX_FILE_BYTES
    ]
    removed = [name for name in STATE.files if name not in now]
    STATE.files = now
    if changed or removed:
        data = [(STATE.folder / name).read_bytes() for name in changed]
        _send("files", {"changed": changed, "removed": removed}, data)


# ---------------------------------------------------------------- start


def prepare(modules: Iterable[str] = PRELOAD) -> list[str]:
    """Import what the exercises need, before a memory snapshot is taken (pk-live-worker.js)."""
    install_ipython_stand_in()
    os.environ.setdefault("JUPYTER_WIDGETS_ECHO", "0")
    return preload(modules)


def preload(modules: Iterable[str] = PRELOAD) -> list[str]:
    """Import the widget modules (and every submodule of packages among them)."""
    import pkgutil

    done = []
    for name in modules:
        module = importlib.import_module(name)
        done.append(name)
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
            if {"tests", "test"} & set(info.name.split(".")):
                continue  # a package's own tests (their wheels on the site leave them out)
            importlib.import_module(info.name)
            done.append(info.name)
    return done


_ORIGINAL: dict[str, Any] = {}


def start(post: Post, folder: str) -> None:
    """Connect to the page: messages go through ``post``; files live in ``folder``."""
    STATE.post = post
    STATE.folder = Path(folder)
    STATE.folder.mkdir(parents=True, exist_ok=True)
    os.chdir(STATE.folder)
    if "" in sys.path:
        sys.path.remove("")  # imports never look in the exercise's folder
    os.environ.setdefault("JUPYTER_WIDGETS_ECHO", "0")  # one front end: no echo needed
    install_ipython_stand_in()
    import comm

    _ORIGINAL["create_comm"] = comm.create_comm
    install_comms()
    handler = _ReportLogRecords(logging.WARNING)
    _ORIGINAL["handler"] = handler
    for name in LOGGERS:
        logger = logging.getLogger(name)
        _ORIGINAL[f"propagate:{name}"] = logger.propagate
        logger.addHandler(handler)
        logger.propagate = name == ""
    STATE.files = _scan()


#: The loggers whose records are reported to the page: ipywidgets' (traitlets') and comm's.
LOGGERS = ("", "traitlets", "Comm")


def stop() -> None:
    """Undo :func:`start` (for tests: in the browser, the worker ends with the page)."""
    import comm

    if "create_comm" in _ORIGINAL:
        comm.create_comm = _ORIGINAL.pop("create_comm")
    handler = _ORIGINAL.pop("handler", None)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if handler is not None:
            logger.removeHandler(handler)
        logger.propagate = _ORIGINAL.pop(f"propagate:{name}", logger.propagate)
    STATE.post = STATE.folder = STATE.cell = STATE.comm_id = STATE.msg_id = None
    STATE.files = {}
    STATE.errors = 0
