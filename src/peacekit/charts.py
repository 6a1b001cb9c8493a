"""Small, accessible SVG charts for the exercises, written by hand.

The charts must render in every place a student meets them: a static book page
with no kernel, JupyterLab, VS Code, Colab and the in-browser JupyterLite
kernel. Plain SVG text needs no plotting library (nothing compiled, nothing
fetched from the web) and is the same bytes on every run, so notebook outputs
stay stable.

Every chart

* uses the Okabe–Ito palette (:mod:`peacekit.palette`), which stays distinguishable with the common
  colour-vision deficiencies, and pairs colour with marker shape or dash, so no
  meaning rests on colour alone;
* is an ``<svg role="img">`` whose first children are ``<title>`` and
  ``<desc>``, so a screen reader announces what it shows;
* is meant to sit beside a text summary written by the caller, which carries
  the same numbers for anyone who cannot see the chart.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

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


def _label(x: float) -> str:
    """Tick and value labels as people write them (no trailing zeros, real minus sign)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", "−")


def nice_ticks(
    low: float,
    high: float,
    count: int = 5,
    *,
    multiples: Sequence[float] = (1, 2, 2.5, 5, 10),
) -> list[float]:
    """About ``count`` round tick values covering ``low`` to ``high``.

    The step is one of ``multiples`` times a power of ten. Every chart of the
    course (these and the debrief's :mod:`peacekit.score_chart`) ticks its axes here.
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


def _open(title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px;height:auto;{FONT}" class="pk-chart">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _marker(shape: str, x: float, y: float, size: float, colour: str, hollow: bool) -> str:
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
    """A scatter or line chart with axes, grid, guides and a legend below the plot.

    Used for the outcome map (every package in score space) and for values
    over negotiation or simulation rounds.
    """
    for s in series:
        if s.marker not in MARKERS:
            raise ValueError(f"unknown marker '{s.marker}'; expected one of: {', '.join(MARKERS)}")
    xs = [p[0] for s in series for p in s.points] + [g.value for g in guides if g.axis == "x"]
    ys = [p[1] for s in series for p in s.points] + [g.value for g in guides if g.axis == "y"]
    x_lo, x_hi = x_range or _padded(min(xs, default=0.0), max(xs, default=1.0))
    y_lo, y_hi = y_range or _padded(min(ys, default=0.0), max(ys, default=1.0))
    # The frame spans the (padded) data; ticks are the round values inside it.
    x0, x1 = x_lo, x_hi
    y0, y1 = y_lo, y_hi
    x_ticks = [t for t in nice_ticks(x0, x1) if x0 - 1e-9 <= t <= x1 + 1e-9]
    y_ticks = [t for t in nice_ticks(y0, y1) if y0 - 1e-9 <= t <= y1 + 1e-9]
    if integer_x:
        x_ticks = [t for t in x_ticks if float(t).is_integer()]

    labelled = [s for s in series if s.label]
    left, right, top = 62, 18, 14
    pw = width - left - right
    # Two legend columns when every label fits in half the width (about 6.5 px a letter).
    columns = 2 if max((len(s.label) for s in labelled), default=0) * 6.5 + 34 < pw / 2 else 1
    bottom = 52 + 22 * math.ceil(len(labelled) / columns)
    ph = height - top - bottom

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + ph - (y - y0) / (y1 - y0) * ph

    out = _open(title, desc, width, height)
    out.append('<g aria-hidden="true">')
    for t in x_ticks:
        x = sx(t)
        out.append(
            f'<line x1="{_num(x)}" y1="{top}" x2="{_num(x)}" y2="{top + ph}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{_num(x)}" y="{top + ph + 16}" font-size="12" text-anchor="middle" '
            f'fill="#333">{_label(t)}</text>'
        )
    for t in y_ticks:
        y = sy(t)
        out.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{left + pw}" y2="{_num(y)}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{_num(y + 4)}" font-size="12" text-anchor="end" '
            f'fill="#333">{_label(t)}</text>'
        )
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#555"/>')
    out.append(
        f'<text x="{_num(left + pw / 2)}" y="{top + ph + 34}" font-size="13" '
        f'text-anchor="middle" fill="#000">{escape(x_label)}</text>'
    )
    out.append(
        f'<text transform="translate(16 {_num(top + ph / 2)}) rotate(-90)" font-size="13" '
        f'text-anchor="middle" fill="#000">{escape(y_label)}</text>'
    )
    for g in guides:
        if g.axis == "x":
            x = sx(g.value)
            out.append(
                f'<line x1="{_num(x)}" y1="{top}" x2="{_num(x)}" y2="{top + ph}" '
                f'stroke="{g.colour}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            )
            # Label to the right of the line, or to its left when it would not fit.
            fits = x + 6 + 6 * len(g.label) < left + pw
            out.append(
                f'<text x="{_num(x + 4 if fits else x - 4)}" y="{top + 12}" font-size="11" '
                f'text-anchor="{"start" if fits else "end"}" fill="#333" {HALO}>'
                f"{escape(g.label)}</text>"
            )
        else:
            y = sy(g.value)
            out.append(
                f'<line x1="{left}" y1="{_num(y)}" x2="{left + pw}" y2="{_num(y)}" '
                f'stroke="{g.colour}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            )
            out.append(
                f'<text x="{left + pw - 4}" y="{_num(y - 4)}" font-size="11" '
                f'text-anchor="end" fill="#333" {HALO}>{escape(g.label)}</text>'
            )
    for s in series:
        if s.line and len(s.points) > 1:
            path = " ".join(
                f"{'M' if k == 0 else 'L'}{_num(sx(x))} {_num(sy(y))}"
                for k, (x, y) in enumerate(s.points)
            )
            dash = ' stroke-dasharray="7 4"' if s.dash else ""
            out.append(
                f'<path d="{path}" fill="none" stroke="{s.colour}" stroke-width="2.2"'
                f' stroke-linejoin="round"{dash}/>'
            )
        for x, y in s.points:
            out.append(_marker(s.marker, sx(x), sy(y), s.size, s.colour, s.hollow))
    # Legend under the x-axis label.
    for k, s in enumerate(labelled):
        col, row = k % columns, k // columns
        lx = left + col * (pw / columns)
        ly = top + ph + 56 + row * 22
        if s.line:
            dash = ' stroke-dasharray="7 4"' if s.dash else ""
            out.append(
                f'<line x1="{_num(lx)}" y1="{_num(ly - 4)}" x2="{_num(lx + 22)}" '
                f'y2="{_num(ly - 4)}" stroke="{s.colour}" stroke-width="2.2"{dash}/>'
            )
        out.append(_marker(s.marker, lx + 11, ly - 4, min(s.size, 6), s.colour, s.hollow))
        out.append(
            f'<text x="{_num(lx + 30)}" y="{_num(ly)}" font-size="12" fill="#000">'
            f"{escape(s.label)}</text>"
        )
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
    out = _open(title, desc, width, height)
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
            f'text-anchor="middle" fill="#333">{_label(t)}</text>'
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


def histogram(values: Sequence[float], bins: Sequence[float]) -> list[int]:
    """Counts of ``values`` in ``[bins[k], bins[k+1])``; the last bin includes its upper edge."""
    if len(bins) < 2 or any(b >= c for b, c in itertools.pairwise(bins)):
        raise ValueError("bins must be at least two increasing edges")
    counts = [0] * (len(bins) - 1)
    for v in values:
        if v < bins[0] or v > bins[-1]:
            continue
        k = (
            len(bins) - 2
            if v == bins[-1]
            else next(i for i in range(len(bins) - 1) if bins[i] <= v < bins[i + 1])
        )
        counts[k] += 1
    return counts
