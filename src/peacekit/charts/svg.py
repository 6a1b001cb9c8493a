"""The one way the course draws a chart: small, accessible SVG written by hand.

The charts must render in every place a student meets them: a static book page
with no kernel, JupyterLab, VS Code, Colab and the in-browser JupyterLite
kernel. Plain SVG text needs no plotting library (nothing compiled, nothing
fetched from the web) and is the same bytes on every run, so notebook outputs
stay stable.

Every chart

* uses the Okabe–Ito palette (:mod:`peacekit.charts.palette`), which stays
  distinguishable with the common colour-vision deficiencies, and pairs colour with
  marker shape or dash, so no meaning rests on colour alone;
* is an ``<svg role="img">`` whose first children are ``<title>`` and
  ``<desc>``, so a screen reader announces what it shows;
* is meant to sit beside a text summary written by the caller, which carries
  the same numbers for anyone who cannot see the chart.

The pieces (:class:`Plot`, :func:`svg_open`, :func:`axes`, :func:`marker`,
:func:`legend`, :func:`place_label`) are shared by :func:`xy_chart`,
:func:`bar_chart` and the score-space chart (:mod:`peacekit.charts.score_space`).

Why not a plotting library: pygal drew the model pages' charts until the course
measured it (CONTRIBUTING, "One way to draw"): its wheel and its dependency add
145 kB to a student's first live session and its import took 0.28–0.42 s in the
browser's Python, against 0.01–0.05 s for this module; and its output needed
rewriting for screen readers. These charts need only lines, markers, bars, a
shaded zone and labelled points, which take a few hundred lines here.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .numbers import points_text as tick_label
from .palette import BLUE

GRID = "#d9d9d9"
MUTED = "#8c8c8c"
HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'
"""A white outline that keeps a label legible over markers and lines."""
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"

MARKERS = ("circle", "square", "diamond", "triangle", "cross", "star", "none")


@dataclass(frozen=True)
class Series:
    """One set of points drawn the same way, with one entry in the legend."""

    label: str
    points: Sequence[tuple[float, float]]
    colour: str = BLUE
    marker: str = "circle"
    size: float = 4.0
    line: bool = False
    """Join the points with a line, in the order given."""
    dash: bool = False
    hollow: bool = False
    width: float = 2.2
    """The line's width, when ``line``; a wider first line keeps two coinciding lines visible."""
    columns: bool = False
    """Draw each point as a column rising from 0 (counts per round)."""


@dataclass(frozen=True)
class Guide:
    """A labelled straight line across the plot, e.g. a reservation value."""

    axis: str  # "x" (a vertical line at x = value) or "y" (a horizontal line)
    value: float
    label: str
    colour: str = MUTED


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = BLUE
    note: str = ""
    """Printed after the value, e.g. "vetoed by Baku"."""
    hatched: bool = False
    """Drawn with diagonal stripes, a second cue next to colour."""


def _num(x: float) -> str:
    """Coordinates with at most one decimal, so the SVG is short and stable."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_ticks(
    low: float,
    high: float,
    count: int = 5,
    *,
    multiples: Sequence[float] = (1, 2, 2.5, 5, 10),
) -> list[float]:
    """About ``count`` round tick values covering ``low`` to ``high``.

    The step is one of ``multiples`` times a power of ten. Every chart of the
    course (including the score-space chart) ticks its axes here.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("tick range must be finite")
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in multiples if m * magnitude >= raw)
    start = math.floor(low / step + 1e-9) * step
    if start > low:  # the tolerance above must never start the ticks above the data
        start -= step
    ticks = []
    value = start
    while value <= high + step * 1e-6:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high - 1e-9:
        ticks.append(round(value, 10))
    return ticks


def _padded(low: float, high: float) -> tuple[float, float]:
    """Widen a data range by 4% each side, so no marker sits on the frame."""
    pad = (high - low) * 0.04 or 0.5
    return low - pad, high + pad


@dataclass(frozen=True)
class Plot:
    """The plotting area in pixels and the data range it shows."""

    left: float
    top: float
    width: float
    height: float
    x0: float
    x1: float
    y0: float
    y1: float

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / (self.x1 - self.x0) * self.width

    def y(self, value: float) -> float:
        return self.top + (self.y1 - value) / (self.y1 - self.y0) * self.height

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def data_attributes(self) -> str:
        """The frame as ``data-`` attributes, so a test or a tool can read values back."""
        return (
            f'data-x-range="{self.x0:g} {self.x1:g}" data-y-range="{self.y0:g} {self.y1:g}" '
            f'data-plot="{self.left:g} {self.top:g} {self.width:g} {self.height:g}"'
        )


def svg_open(
    title: str, desc: str, width: float, height: float, *, id_prefix: str = "", attrs: str = ""
) -> list[str]:
    """The ``<svg role="img">`` element with its title and description, on white.

    With ``id_prefix`` the title and description get ids and the image is labelled by
    them (a page with several charts needs distinct ids)."""
    if id_prefix:
        label_ids = f' aria-labelledby="{id_prefix}-title {id_prefix}-desc"'
        ids = (f' id="{id_prefix}-title"', f' id="{id_prefix}-desc"')
    else:
        label_ids, ids = "", ("", "")
    extra = f" {attrs}" if attrs else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_num(width)} '
        f'{_num(height)}" width="100%" style="max-width:{_num(width)}px;height:auto;{FONT}" '
        f'class="pk-chart"{label_ids}{extra}>',
        f"<title{ids[0]}>{escape(title)}</title>",
        f"<desc{ids[1]}>{escape(desc)}</desc>",
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>',
    ]


def axes(
    plot: Plot, x_ticks: Sequence[float], y_ticks: Sequence[float], x_label: str, y_label: str
) -> list[str]:
    """Grid lines, tick labels, the frame and both axis titles."""
    out = []
    for t in x_ticks:
        x = plot.x(t)
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(plot.top)}" x2="{_num(x)}" y2="{_num(plot.bottom)}" '
            f'stroke="{GRID}"/>'
            f'<text x="{_num(x)}" y="{_num(plot.bottom + 16)}" font-size="12" '
            f'text-anchor="middle" fill="#333">{tick_label(t)}</text>'
        )
    for t in y_ticks:
        y = plot.y(t)
        out.append(
            f'<line x1="{_num(plot.left)}" y1="{_num(y)}" x2="{_num(plot.right)}" y2="{_num(y)}" '
            f'stroke="{GRID}"/>'
            f'<text x="{_num(plot.left - 6)}" y="{_num(y + 4)}" font-size="12" '
            f'text-anchor="end" fill="#333">{tick_label(t)}</text>'
        )
    out.append(
        f'<rect x="{_num(plot.left)}" y="{_num(plot.top)}" width="{_num(plot.width)}" '
        f'height="{_num(plot.height)}" fill="none" stroke="#555"/>'
        f'<text x="{_num(plot.left + plot.width / 2)}" y="{_num(plot.bottom + 34)}" '
        f'font-size="13" text-anchor="middle" fill="#000">{escape(x_label)}</text>'
        f'<text transform="translate(16 {_num(plot.top + plot.height / 2)}) rotate(-90)" '
        f'font-size="13" text-anchor="middle" fill="#000">{escape(y_label)}</text>'
    )
    return out


def guide(plot: Plot, g: Guide) -> str:
    """A dashed line across the plot with its label inside the frame."""
    if g.axis == "x":
        x = plot.x(g.value)
        # Label to the right of the line, or to its left when it would not fit.
        fits = x + 6 + 6 * len(g.label) < plot.right
        return (
            f'<line x1="{_num(x)}" y1="{_num(plot.top)}" x2="{_num(x)}" '
            f'y2="{_num(plot.bottom)}" stroke="{g.colour}" stroke-width="1.5" '
            f'stroke-dasharray="6 4"/><text x="{_num(x + 4 if fits else x - 4)}" '
            f'y="{_num(plot.top + 12)}" font-size="11" text-anchor="{"start" if fits else "end"}" '
            f'fill="#333" {HALO}>{escape(g.label)}</text>'
        )
    y = plot.y(g.value)
    return (
        f'<line x1="{_num(plot.left)}" y1="{_num(y)}" x2="{_num(plot.right)}" y2="{_num(y)}" '
        f'stroke="{g.colour}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        f'<text x="{_num(plot.right - 4)}" y="{_num(y - 4)}" font-size="11" text-anchor="end" '
        f'fill="#333" {HALO}>{escape(g.label)}</text>'
    )


def marker(shape: str, x: float, y: float, size: float, colour: str, hollow: bool = False) -> str:
    """One marker; the shapes differ so that no meaning rests on colour alone."""
    fill = "#ffffff" if hollow else colour
    stroke = (
        f'stroke="{colour}" stroke-width="1.5"' if hollow else 'stroke="#ffffff" stroke-width="0.8"'
    )
    s = size
    if shape == "circle":
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(s)}" fill="{fill}" {stroke}/>'
    if shape == "square":
        return (
            f'<rect x="{_num(x - s)}" y="{_num(y - s)}" width="{_num(2 * s)}" '
            f'height="{_num(2 * s)}" fill="{fill}" {stroke}/>'
        )
    if shape == "diamond":
        d = s * 1.35
        pts = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    elif shape == "triangle":
        d = s * 1.35
        pts = [(x, y - d), (x + d, y + d * 0.8), (x - d, y + d * 0.8)]
    elif shape == "star":
        pts = []
        for k in range(10):
            r = s * 1.6 if k % 2 == 0 else s * 0.7
            a = math.pi / 2 + k * math.pi / 5
            pts.append((x + r * math.cos(a), y - r * math.sin(a)))
    elif shape == "cross":
        d = s
        return (
            f'<path d="M{_num(x - d)} {_num(y - d)}L{_num(x + d)} {_num(y + d)}'
            f'M{_num(x - d)} {_num(y + d)}L{_num(x + d)} {_num(y - d)}" '
            f'stroke="{colour}" stroke-width="2.5" stroke-linecap="round"/>'
        )
    else:
        return ""
    joined = " ".join(f"{_num(px)},{_num(py)}" for px, py in pts)
    return f'<polygon points="{joined}" fill="{fill}" {stroke}/>'


def line(
    points: Sequence[tuple[float, float]], colour: str, width: float, dash: bool, *, css: str = ""
) -> str:
    """A polyline through points already in pixels."""
    path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
    dashes = ' stroke-dasharray="7 4"' if dash else ""
    cls = f' class="{css}"' if css else ""
    return (
        f'<polyline{cls} points="{path}" fill="none" stroke="{colour}" '
        f'stroke-width="{_num(width)}" stroke-linejoin="round"{dashes}/>'
    )


@dataclass(frozen=True)
class Key:
    """One legend entry: a sample drawn round (0, 0) about 22 pixels wide, and its text."""

    label: str
    sample: str


def key_of(s: Series) -> Key:
    """The legend entry of a series: its line and its marker, as drawn in the plot."""
    parts = []
    if s.line:
        parts.append(line([(0, 0), (22, 0)], s.colour, min(s.width, 4), s.dash))
    if s.columns:
        parts.append(f'<rect x="4" y="-6" width="14" height="12" fill="{s.colour}"/>')
    parts.append(marker(s.marker, 11, 0, min(s.size, 6), s.colour, s.hollow))
    return Key(s.label, "".join(parts))


def _legend_columns(keys: Sequence[Key], width: float) -> int:
    # Two columns when every label fits in half the width (about 6.5 px a letter).
    return 2 if max((len(k.label) for k in keys), default=0) * 6.5 + 34 < width / 2 else 1


def legend_rows(keys: Sequence[Key], width: float) -> int:
    """How many rows of 22 pixels :func:`legend` takes for these entries."""
    return math.ceil(len(keys) / _legend_columns(keys, width)) if keys else 0


def legend(keys: Sequence[Key], left: float, top: float, width: float) -> list[str]:
    """The legend as rows of 22 pixels from ``top`` (a text baseline), one or two columns."""
    columns = _legend_columns(keys, width)
    out = []
    for k, key in enumerate(keys):
        col, row = k % columns, k // columns
        x = left + col * (width / columns)
        y = top + row * 22
        out.append(
            f'<g transform="translate({_num(x)} {_num(y - 4)})">{key.sample}</g>'
            f'<text x="{_num(x + 30)}" y="{_num(y)}" font-size="12" fill="#000">'
            f"{escape(key.label)}</text>"
        )
    return out


Box = tuple[float, float, float, float]


def place_label(
    cx: float,
    cy: float,
    text: str,
    avoid: Sequence[tuple[float, float, float]],
    placed: list[Box],
    plot: Plot,
) -> tuple[float, float]:
    """Where to write ``text`` beside a marker at (cx, cy): the first spot round it that
    stays in the plot and hides no marker in ``avoid`` (x, y, radius) and no label
    already ``placed``; else the first spot. The chosen box is added to ``placed``."""
    width, height = len(text) * 6.6, 11.0
    spots = [
        (cx + 9, cy - 7),
        (cx + 9, cy + 15),
        (cx - 9 - width, cy - 7),
        (cx - 9 - width, cy + 15),
        (cx - width / 2, cy - 12),
        (cx - width / 2, cy + 21),
        (cx + 9, cy + 4),
        (cx - 9 - width, cy + 4),
        # further out, clear of a ring or diamond drawn on the same point
        (cx + 16, cy - 12),
        (cx + 16, cy + 22),
        (cx - 16 - width, cy - 12),
        (cx - 16 - width, cy + 22),
    ]

    def box(x: float, y: float) -> Box:
        return (x, y - height + 2, x + width, y + 2)

    def clear(b: Box) -> bool:
        inside = plot.left <= b[0] and b[2] <= plot.right and plot.top <= b[1]
        inside = inside and b[3] <= plot.bottom
        hits_marker = any(
            b[0] - r < mx < b[2] + r and b[1] - r < my < b[3] + r
            for mx, my, r in avoid
            if (mx, my) != (cx, cy)  # its own marker: every spot clears it
        )
        hits_label = any(
            b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] for o in placed
        )
        return inside and not hits_marker and not hits_label

    x, y = next(((x, y) for x, y in spots if clear(box(x, y))), spots[0])
    placed.append(box(x, y))
    return x, y


def label(x: float, y: float, text: str) -> str:
    """Bold text with a white outline, legible over markers and lines."""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="11" font-weight="bold" fill="#000" '
        f"{HALO}>{escape(text)}</text>"
    )


def xy_chart(
    *,
    title: str,
    desc: str,
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    guides: Sequence[Guide] = (),
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    width: int = 560,
    height: int = 420,
    integer_x: bool = False,
) -> str:
    """A scatter, line or column chart with axes, grid, guides and a legend below the plot.

    Used for values over negotiation or simulation rounds and for the shares of runs
    in which something has happened. ``height`` is the height with a two-row legend;
    a longer legend makes the chart taller rather than the plot smaller.
    """
    for s in series:
        if s.marker not in MARKERS:
            raise ValueError(f"unknown marker '{s.marker}'; expected one of: {', '.join(MARKERS)}")
    columns = any(s.columns for s in series)
    xs = [p[0] for s in series for p in s.points] + [g.value for g in guides if g.axis == "x"]
    ys = [p[1] for s in series for p in s.points] + [g.value for g in guides if g.axis == "y"]
    if columns:  # columns rise from 0, and need half a unit beside the first and the last
        ys.append(0.0)
        xs += [min(xs, default=0.0) - 0.5, max(xs, default=1.0) + 0.5]
    x0, x1 = x_range or _padded(min(xs, default=0.0), max(xs, default=1.0))
    y0, y1 = y_range or _padded(min(ys, default=0.0), max(ys, default=1.0))
    # The frame spans the (padded) data; ticks are the round values inside it.
    x_ticks = [t for t in nice_ticks(x0, x1) if x0 - 1e-9 <= t <= x1 + 1e-9]
    y_ticks = [t for t in nice_ticks(y0, y1) if y0 - 1e-9 <= t <= y1 + 1e-9]
    if integer_x:
        x_ticks = [t for t in x_ticks if float(t).is_integer()]

    keys = [key_of(s) for s in series if s.label]
    left, right, top = 62, 18, 14
    pw = width - left - right
    ph = height - top - 52 - 22 * 2
    total = top + ph + 52 + 22 * max(2, legend_rows(keys, pw))
    plot = Plot(left, top, pw, ph, x0, x1, y0, y1)

    out = svg_open(title, desc, width, total)
    out.append('<g aria-hidden="true">')
    out += axes(plot, x_ticks, y_ticks, x_label, y_label)
    out += [guide(plot, g) for g in guides]
    step = plot.width / max(1.0, x1 - x0) * 0.7  # a column is 70% of one x unit wide
    for s in series:
        if s.columns:
            for x, y in s.points:
                top_y, base = sorted((plot.y(y), plot.y(0)))
                out.append(
                    f'<rect x="{_num(plot.x(x) - step / 2)}" y="{_num(top_y)}" '
                    f'width="{_num(step)}" height="{_num(base - top_y)}" fill="{s.colour}"/>'
                )
        if s.line and len(s.points) > 1:
            pixels = [(plot.x(x), plot.y(y)) for x, y in s.points]
            out.append(line(pixels, s.colour, s.width, s.dash))
        for x, y in s.points:
            out.append(marker(s.marker, plot.x(x), plot.y(y), s.size, s.colour, s.hollow))
    out += legend(keys, left, plot.bottom + 56, pw)
    out.append("</g></svg>")
    return "".join(out)


def bar_chart(
    *,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    value_label: str,
    max_value: float | None = None,
    width: int = 560,
    value_format: str = "{:.2f}",
) -> str:
    """Horizontal bars, one row per item, with the value and a note printed at the end.

    Used for venue scores, a public's acceptance and the spread of simulation results.
    """
    if not bars:
        raise ValueError("a bar chart needs at least one bar")
    top_value = max_value if max_value is not None else max(max(b.value for b in bars), 0) or 1
    label_w = max(90, min(210, 7 * max(len(b.label) for b in bars)))
    note_w = 150
    row = 28
    top, bottom = 10, 42
    height = top + row * len(bars) + bottom
    left = label_w + 12
    pw = width - left - note_w
    out = svg_open(title, desc, width, height)
    # The pattern id is derived from the title: unique per chart, stable across runs.
    hatch = "pk-hatch-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    out.append(
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2.4"/></pattern></defs>'
    )
    out.append('<g aria-hidden="true">')
    for t in nice_ticks(0, top_value, 4):
        if t > top_value + 1e-9:
            continue
        x = left + t / top_value * pw
        out.append(
            f'<line x1="{_num(x)}" y1="{top}" x2="{_num(x)}" y2="{top + row * len(bars)}" '
            f'stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{_num(x)}" y="{top + row * len(bars) + 15}" font-size="11" '
            f'text-anchor="middle" fill="#333">{tick_label(t)}</text>'
        )
    for k, b in enumerate(bars):
        y = top + k * row
        w = max(0.0, min(b.value, top_value)) / top_value * pw
        out.append(
            f'<text x="{label_w + 4}" y="{_num(y + row / 2 + 4)}" font-size="12" '
            f'text-anchor="end" fill="#000">{escape(b.label)}</text>'
        )
        fill = f"url(#{hatch})" if b.hatched else b.colour
        stroke = f' stroke="{b.colour}" stroke-width="2"' if b.hatched else ""
        out.append(
            f'<rect x="{left}" y="{_num(y + 5)}" width="{_num(w)}" height="{row - 10}" '
            f'fill="{fill}"{stroke}/>'
        )
        text = value_format.format(b.value) + (f"  {b.note}" if b.note else "")
        out.append(
            f'<text x="{_num(left + w + 5)}" y="{_num(y + row / 2 + 4)}" font-size="12" '
            f'fill="#000">{escape(text)}</text>'
        )
    out.append(
        f'<text x="{_num(left + pw / 2)}" y="{top + row * len(bars) + 33}" font-size="13" '
        f'text-anchor="middle" fill="#000">{escape(value_label)}</text>'
    )
    out.append("</g></svg>")
    return "".join(out)
