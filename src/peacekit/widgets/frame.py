"""What every exercise view shares: the illustrative note, the message line, chart panels.

Each exercise is a ``VBox`` subclass, so a notebook cell that ends with
``PackageDealExercise()`` displays it. Its text fallback (what a viewer with
no widget support shows) says how to use it instead of dumping widget state.

The browser test of the published site relies on one convention: each
exercise holds exactly one control with CSS class ``pk-probe`` (a dropdown or
a button) and one ``HTML`` with class ``pk-result`` whose text the model
recomputes when the probe changes.
"""

from __future__ import annotations

import base64
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..charts.palette import BLUE, BLUISH_GREEN, ORANGE, VERMILION
from ..scenarios.course_site import published_site_url

if sys.platform == "emscripten":  # Pyodide: JupyterLite's kernel, running inside the site
    import js
else:
    js = None

PROBE = "pk-probe"
RESULT = "pk-result"
#: Where the course site's root is, seen from the page that shows the widgets; the book
#: build sets it to ``../`` (book/_ext/live_exercises.py), a hub may set the site's address.
SITE_ROOT_VARIABLE = "PEACEKIT_SITE_ROOT"
#: Passed as an exercise's ``site``: find the site root with :func:`site_root`.
FIND_SITE = "find"

# Text colours that pass WCAG AA on white; Okabe–Ito hues are kept for borders.
_BORDER = {"good": BLUISH_GREEN, "bad": VERMILION, "info": BLUE, "note": ORANGE}

# Core widgets give labels, radio options and HTML text a fixed one-line height, which clips
# long text. Plain CSS, scoped to the exercises, lets them wrap; no JavaScript is involved.
STYLE = """<style>
.pk-exercise .widget-html-content, .pk-exercise .jupyter-widget-html-content {
  line-height: 1.45; }
.pk-exercise .widget-radio-box label, .pk-exercise .jupyter-widget-radio-box label {
  display: flex; flex-direction: row-reverse; justify-content: flex-end;
  align-items: flex-start; height: auto; line-height: 1.4;
  white-space: normal; padding: 3px 0; }
.pk-exercise .widget-radio-box input, .pk-exercise .jupyter-widget-radio-box input {
  float: none; flex: 0 0 auto; height: 1.4em; margin: 0 0.6em 0 1px; }
.pk-exercise .widget-inline-hbox, .pk-exercise .jupyter-widget-inline-hbox {
  height: auto; min-height: var(--jp-widgets-inline-height, 28px); align-items: center; }
.pk-exercise .widget-inline-hbox > .widget-label,
.pk-exercise .jupyter-widget-inline-hbox > .jupyter-widget-label {
  white-space: normal; overflow: visible; line-height: 1.3; height: auto; }
.pk-exercise .widget-inline-hbox > select, .pk-exercise .widget-inline-hbox > input,
.pk-exercise .jupyter-widget-inline-hbox > select,
.pk-exercise .jupyter-widget-inline-hbox > input {
  min-height: var(--jp-widgets-inline-height, 28px); }
.pk-exercise .pk-number input { flex: 0 0 6em; width: 6em; }
/* The journal's question labels are long: they wrap above their boxes. */
.pk-journal .widget-textarea > .widget-label, .pk-journal .jupyter-widget-textarea > label {
  white-space: normal; overflow: visible; width: auto; max-width: 100%; height: auto;
  line-height: 1.4; text-align: left; align-self: flex-start; margin: 6px 0 4px 2px; }
.pk-journal textarea { box-sizing: border-box; max-width: 100%; }
</style>"""

_STATIC_NOTE = "interactive: run this notebook with a Jupyter kernel to use it"

LOG = logging.getLogger("peacekit.widgets")


def box(html: str, kind: str = "info") -> str:
    """A bordered block of HTML; the border colour repeats what the words already say."""
    return (
        f'<div style="border-left:4px solid {_BORDER[kind]};padding:4px 10px;margin:4px 0;'
        f'color:#000;background:#fff">{html}</div>'
    )


def bullet_list(items: Iterable[str]) -> str:
    """Items are escaped here; pass plain text."""
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def download_link(filename: str, text: str, mime: str, label: str) -> str:
    """A link that downloads ``text`` as ``filename`` straight from the page.

    A data URI works in JupyterLab, Notebook 7, VS Code, Colab and JupyterLite,
    where the kernel's files may live in the browser and no server can send them.
    """
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a download="{escape(filename)}" href="data:{mime};charset=utf-8;base64,{payload}" '
        f'style="color:{BLUE}">{escape(label)}</a>'
    )


class Exercise(widgets.VBox):
    """The frame of an exercise: a title, the illustrative note and a message line."""

    exercise_title = "Exercise"
    _batch = False
    """True while :meth:`batched` sets several controls; change handlers then wait."""

    def __init__(
        self,
        *,
        note: str,
        children: Iterable[widgets.Widget] = (),
        note_title: str = "Illustrative model.",
        **kwargs,
    ):
        self.message = widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))
        self.message.add_class("pk-message")
        self.note = widgets.HTML(
            value=STYLE + box(f"<strong>{escape(note_title)}</strong> " + escape(note), "note")
        )
        self.note.add_class("pk-note")
        super().__init__(
            children=[self.note, *children, self.message],
            layout=widgets.Layout(max_width="60em"),
            **kwargs,
        )
        self.add_class("pk-exercise")

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Set several controls with no update in between; the caller updates once after."""
        self._batch = True
        try:
            yield
        finally:
            self._batch = False

    # -- handlers ------------------------------------------------------------------------
    def guard(self, handler: Callable[..., object]) -> Callable[..., None]:
        """``handler`` as a widget handler whose exception shows in the exercise.

        A kernel reports an exception raised in a widget's ``observe`` or ``on_click``
        handler nowhere near the exercise (ipywidgets logs it, or prints it into whatever
        output area is current), so a broken control just looks inert. Every handler of an
        exercise goes through this: the exception's one-line message goes to the message
        line, its traceback to the ``peacekit.widgets`` log (which the course site's live
        pages report as an error). What the student wrote is not touched.
        """

        def guarded(*args, **kwargs) -> None:
            try:
                handler(*args, **kwargs)
            except Exception as exc:
                self.fail(exc)

        return guarded

    def fail(self, exc: BaseException) -> None:
        """Say in the message line that a handler failed, and log the traceback."""
        text = " ".join(f"{type(exc).__name__}: {exc}".split())
        self.message.value = box(
            "<strong>Something went wrong in this exercise:</strong> "
            + escape(text if len(text) <= 300 else text[:299] + "…")
            + ". What you wrote is kept. If the exercise stops answering, run its cell again.",
            "bad",
        )
        LOG.error("%s: a widget handler failed", self.exercise_title, exc_info=exc)

    # -- messages --------------------------------------------------------------------
    def refuse(self, message: str) -> None:
        """Show why a value was not taken, in one line."""
        self.message.value = box("<strong>Not accepted:</strong> " + escape(message), "bad")

    def inform(self, message: str) -> None:
        self.message.value = box(escape(message), "info")

    def inform_html(self, html: str) -> None:
        self.message.value = box(html, "info")

    def clear_message(self) -> None:
        self.message.value = ""

    def __repr__(self) -> str:
        # ipywidgets cuts the text fallback at 110 characters; this stays under that.
        return f"{self.exercise_title} ({_STATIC_NOTE})"


def chart_panel(*, wide: bool = False) -> tuple[widgets.HTML, widgets.HTML, widgets.Box]:
    """An SVG chart with its text summary beside it (below it on a narrow screen).

    ``wide`` charts (the 760-pixel charts of :mod:`peacekit.charts.over_rounds`) take the whole
    row, so their text stays readable, and the summary goes below them.
    """
    chart = widgets.HTML(
        layout=widgets.Layout(
            flex="1 1 100%" if wide else "1 1 30em", min_width="18em", max_width="760px"
        )
    )
    chart.add_class("pk-chart")
    summary = widgets.HTML(layout=widgets.Layout(flex="1 1 14em", min_width="12em"))
    summary.add_class("pk-chart-summary")
    panel = widgets.Box(
        [chart, summary],
        layout=widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start"),
    )
    return chart, summary, panel


def summary_html(title: str, text: str) -> str:
    return (
        f'<div style="font-size:0.95em;padding:0 8px"><strong>{escape(title)}</strong>'
        f"<p>{escape(text)}</p></div>"
    )


def text_table(
    headers: Iterable[str],
    rows: Iterable[Iterable[object]],
    *,
    caption: str = "",
    style: str = "border-collapse:collapse",
) -> str:
    """A table of plain text (escaped here), each header scoped to its column for screen
    readers, so the numbers behind a chart can be read one by one."""
    head = "".join(
        f"<th scope='col' style='text-align:left;padding:2px 6px'>{escape(h)}</th>" for h in headers
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td style='padding:2px 6px'>{escape(str(cell))}</td>" for cell in row)
        + "</tr>"
        for row in rows
    )
    titled = f"<caption style='text-align:left'>{escape(caption)}</caption>" if caption else ""
    return (
        f"<table style='{style}'>{titled}"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def heading(text: str) -> widgets.HTML:
    return widgets.HTML(f'<h3 style="margin:10px 0 4px 0;font-size:1.05em">{escape(text)}</h3>')


def action_button(
    description: str, tooltip: str, on_click: Callable[[], object] | None = None, **options
) -> widgets.Button:
    """A button as wide as its label, with a tooltip saying what it does, that calls
    ``on_click()`` when pressed (keyboard or mouse)."""
    options.setdefault("layout", widgets.Layout(width="auto"))
    button = widgets.Button(description=description, tooltip=tooltip, **options)
    if on_click is not None:
        button.on_click(lambda _: on_click())
    return button


def site_root(
    *,
    environ: Mapping[str, str] = os.environ,
    location: str | None = None,
    folder: str | Path | None = None,
) -> str | None:
    """Where links to pages of the course site start, for the page that shows this widget.

    * the book build's exercise pages, ``exercises/NN-name.html``: ``../``, which the build
      passes in :data:`SITE_ROOT_VARIABLE` (a hub may set the site's address there too);
    * JupyterLite, which is served from the site's ``lite/`` folder: the site's address,
      from the kernel's own location (``location`` in tests);
    * a notebook in a copy of the repository (JupyterLab, Binder): the published site
      that ``_config.yml`` names, if it names one;
    * anywhere else (Colab, a notebook on its own): None, and the page is shown as text.
    """
    given = environ.get(SITE_ROOT_VARIABLE, "").strip()
    if given:
        return given if given.endswith("/") else given + "/"
    if location is None and js is not None:
        location = str(js.location.href)
    if location:
        lite = lite_site_root(location)
        if lite is not None:
            return lite
    return published_site_url(folder if folder is not None else Path.cwd())


def lite_site_root(location: str) -> str | None:
    """The site's address from a URL inside its JupyterLite app (the kernel's worker script,
    ``<site>/lite/extensions/...``, or an app page, ``<site>/lite/notebooks/...``)."""
    for marker in ("/extensions/@jupyterlite/", "/lite/"):
        head, found, _ = location.partition(marker)
        if found and head.startswith(("https://", "http://")):
            lite = head if marker.startswith("/extensions") else head + "/lite"
            return lite.rsplit("/", 1)[0] + "/"
    return None
