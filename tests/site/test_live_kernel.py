"""The Python side of the exercise pages' live runtime (book/_ext/live_runtime/pk_live.py).

In the browser it runs in Pyodide, in a Web Worker, and talks to the page through a
``post(kind, payload, buffers)`` function. Here it runs on the build machine's Python
with a recording ``post``: real ipywidgets widgets, real comms, real handlers. The
browser tests (``test_live_pages.py``) check the same runtime end to end in chromium.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[2] / "book" / "_ext" / "live_runtime"
sys.path.insert(0, str(RUNTIME))

import pk_live  # noqa: E402

VIEW = "application/vnd.jupyter.widget-view+json"


class Page:
    """What the page would receive: every (kind, payload, buffers) the runtime posts."""

    def __init__(self):
        self.posts: list[tuple[str, dict, list[bytes]]] = []

    def __call__(self, kind: str, payload: str, buffers: list) -> None:
        self.posts.append((kind, json.loads(payload), list(buffers)))

    def of(self, kind: str) -> list[dict]:
        return [payload for k, payload, _ in self.posts if k == kind]

    def clear(self) -> None:
        self.posts.clear()


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # start() changes into the exercise's folder
    recorder = Page()
    pk_live.start(recorder, str(tmp_path / "drive"))
    pk_live.NAMESPACE.clear()
    pk_live.NAMESPACE["__name__"] = "__main__"
    yield recorder
    pk_live.stop()


def widget_id(page: Page) -> str:
    return page.of("display")[-1]["data"][VIEW]["model_id"]


def send_update(model_id: str, state: dict, msg_id: str = "m1") -> None:
    message = {
        "msg_type": "comm_msg",
        "msg_id": msg_id,
        "content": {"comm_id": model_id, "data": {"method": "update", "state": state}},
    }
    pk_live.handle(json.dumps(message))


def test_a_cell_s_widget_is_opened_on_the_page_and_displayed(page):
    assert pk_live.run_cell(3, "import ipywidgets as w\nw.IntSlider(value=4, description='n')")
    opens = [p for p in page.of("comm") if p["msg_type"] == "comm_open"]
    slider = next(
        p for p in opens if p["content"]["data"]["state"]["_model_name"] == "IntSliderModel"
    )
    assert slider["content"]["target_name"] == "jupyter.widget"
    assert slider["content"]["data"]["state"]["value"] == 4
    display = page.of("display")[-1]
    assert display["cell"] == 3
    assert display["data"][VIEW]["model_id"] == slider["content"]["comm_id"]


def test_a_control_change_runs_the_python_handler_and_sends_the_result_back(page):
    pk_live.run_cell(
        1,
        "import ipywidgets as w\n"
        "probe = w.Dropdown(options=['a', 'b'], value='a')\n"
        "result = w.HTML('start')\n"
        "probe.observe(lambda c: setattr(result, 'value', 'chose ' + c['new']), names='value')\n"
        "probe",
    )
    probe = widget_id(page)
    result = pk_live.NAMESPACE["result"].model_id
    page.clear()
    send_update(probe, {"index": 1}, msg_id="change-1")
    updates = [p for p in page.of("comm") if p["content"]["comm_id"] == result]
    assert updates[-1]["content"]["data"] == {
        "method": "update",
        "state": {"value": "chose b"},
        "buffer_paths": [],
    }
    assert updates[-1]["parent"] == "change-1"
    idle = page.of("idle")
    assert [i["msg_id"] for i in idle] == ["change-1"] and idle[0]["python_ms"] >= 0
    assert not page.of("error")


@pytest.mark.parametrize(
    ("handler", "kind"),
    [
        ("probe.observe(lambda c: 1 / 0, names='value')", "observe"),
        ("probe.on_click(lambda b: 1 / 0)", "on_click"),
    ],
)
def test_an_exception_in_a_widget_handler_is_reported_to_the_page(page, handler, kind):
    widget = "w.Dropdown(options=['a', 'b'])" if kind == "observe" else "w.Button()"
    pk_live.run_cell(5, f"import ipywidgets as w\nprobe = {widget}\n{handler}\nprobe")
    probe = widget_id(page)
    if kind == "observe":
        send_update(probe, {"index": 1})
    else:
        message = {
            "msg_type": "comm_msg",
            "msg_id": "click",
            "content": {
                "comm_id": probe,
                "data": {"method": "custom", "content": {"event": "click"}},
            },
        }
        pk_live.handle(json.dumps(message))
    errors = page.of("error")
    assert len(errors) == 1, errors
    assert errors[0]["message"] == "ZeroDivisionError: division by zero"
    assert "ZeroDivisionError" in errors[0]["traceback"]
    assert errors[0]["comm_id"] == probe
    assert page.of("idle"), "the page must still hear that the message was handled"


def test_an_exception_in_a_cell_is_reported_with_the_cell(page):
    assert not pk_live.run_cell(7, "x = 1\nraise KeyError('missing scenario')")
    (error,) = page.of("error")
    assert error["cell"] == 7
    assert error["message"] == "KeyError: 'missing scenario'"


def test_a_cell_runs_like_a_kernel_statements_then_its_last_expression(page):
    assert pk_live.run_cell(0, "a = 2\nprint('hello')\na * 21")
    assert page.of("stream") == [{"cell": 0, "name": "stdout", "text": "hello\n"}]
    assert page.of("display")[-1]["data"]["text/plain"] == "42"
    assert pk_live.run_cell(1, "a * 2;")  # a trailing semicolon hides the value, as in Jupyter
    assert len(page.of("display")) == 1


def test_files_the_exercise_writes_are_reported_with_their_bytes(page, tmp_path):
    pk_live.run_cell(0, "open('my-reflections.journal.json', 'w').write('{}')")
    _, payload, buffers = next(p for p in page.posts if p[0] == "files")
    assert payload == {"changed": ["my-reflections.journal.json"], "removed": []}
    assert buffers == [b"{}"]
    page.clear()
    pk_live.run_cell(1, "x = 1")  # nothing changed: nothing reported
    assert not page.of("files")
    pk_live.run_cell(2, "import os\nos.remove('my-reflections.journal.json')")
    assert page.of("files") == [{"changed": [], "removed": ["my-reflections.journal.json"]}]


def test_files_already_in_the_folder_at_start_are_not_sent_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drive").mkdir()
    (tmp_path / "drive" / "result-pair-1.json").write_text("{}")
    recorder = Page()
    pk_live.start(recorder, str(tmp_path / "drive"))
    try:
        pk_live.run_cell(0, "open('result-pair-1.json').read()")
        assert not recorder.of("files")
    finally:
        pk_live.stop()


def test_the_exercise_notebooks_setup_cell_runs_with_the_ipython_stand_in(page, monkeypatch):
    # As in the page: no IPython at all (the build machine's is hidden for this test).
    for name in [n for n in sys.modules if n == "IPython" or n.startswith("IPython.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(pk_live.importlib, "import_module", _no_ipython(pk_live.importlib))
    pk_live.install_ipython_stand_in()
    from IPython import get_ipython
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import HTML, display

    assert get_ipython() is None
    assert InteractiveShell.instance().display_formatter.format(HTML("<b>x</b>"))[0]["text/html"]
    setup = json.loads((ROOT / "exercises" / "01-package-deal.ipynb").read_text())["cells"]
    source = "".join(next(c for c in setup if c["cell_type"] == "code")["source"])
    assert "get_ipython" in source
    assert pk_live.run_cell(2, source), page.of("error")
    display(HTML("<p>shown</p>"))
    assert page.of("display")[-1]["data"]["text/html"] == "<p>shown</p>"


ROOT = Path(__file__).resolve().parents[2]


def _no_ipython(importlib_module):
    real = importlib_module.import_module

    def import_module(name, *args, **kwargs):
        if name == "IPython":
            raise ImportError("no IPython in this page")
        return real(name, *args, **kwargs)

    return import_module


def test_a_message_for_an_unknown_widget_is_an_error_not_a_crash(page):
    send_update("0" * 32, {"value": 1}, msg_id="lost")
    (error,) = page.of("error")
    assert "no widget with id" in error["message"]
    assert page.of("idle")[-1]["msg_id"] == "lost"


def test_short_message_is_one_line_and_bounded():
    message = pk_live.short_message(ValueError("line one\nline two " + "x" * 400))
    assert "\n" not in message and len(message) <= 300
    assert message.startswith("ValueError: line one line two")


def test_an_exception_an_exercise_already_shows_is_reported_as_shown(page):
    """peacekit's Exercise.guard shows a handler's exception in the exercise and logs it:
    the page logs it as an error too, without a second message box."""
    assert pk_live.run_cell(
        0,
        "from peacekit.widgets.venue import VenueExercise\n"
        "v = VenueExercise()\n"
        "v.guard(lambda change: 1 / 0)({'new': 1})",
    )
    (error,) = page.of("error")
    assert error["shown"] is True
    assert error["message"] == "ZeroDivisionError: division by zero"
