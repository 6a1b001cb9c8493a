"""The debrief chart: every pair's agreement in score space, drawn as plain SVG.

One point per package, placed by what it is worth to each delegation (x: the
first party, y: the second). Against that background the class sees at a
glance who reached the agreement zone, who left points on the table below the
Pareto frontier, and how the agreements compare with the Nash point and the
real package. Written by hand rather than with a plotting library so that it
is small, prints crisply, makes no network request, and carries the plotted
values as ``data-`` attributes that tests (and screen-reader users' tools)
can read back.

Colours are Okabe–Ito, and every series also differs in shape, so the chart
survives colour-blindness and black-and-white printing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from .analysis import Analysis
from .charts import nice_ticks
from .palette import BLUE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, VERMILION

#: Above this many distinct points the cloud of possible packages is left out.
MAX_CLOUD = 4000


@dataclass(frozen=True)
class PairMark:
    """A reported result: a pair's label and its package's index (``None`` = no deal)."""

    number: int
    pair: str
    index: int | None


@dataclass(frozen=True)
class Frame:
    left: float
    top: float
    width: float
    height: float
    x0: float
    x1: float
    y0: float
    y1: float

    def x(self, value: float) -> float:
        return round(self.left + (value - self.x0) / (self.x1 - self.x0) * self.width, 2)

    def y(self, value: float) -> float:
        return round(self.top + (self.y1 - value) / (self.y1 - self.y0) * self.height, 2)


def axis_ticks(low: float, high: float) -> list[float]:
    """About six round tick values (1, 2 or 5 times a power of ten) covering low..high."""
    return nice_ticks(low, high, 6, multiples=(1, 2, 5, 10))


def score_chart(
    analysis: Analysis,
    marks: Sequence[PairMark],
    *,
    title: str,
    desc: str,
    id_prefix: str = "score-chart",
    width: int = 620,
    height: int = 470,
) -> str:
    """The SVG text. Needs a two-party scenario (the chart has two axes)."""
    scenario = analysis.scenario
    if len(scenario.parties) != 2:
        raise ValueError("the score chart needs exactly two parties")
    a, b = scenario.party_ids
    label_a, label_b = (scenario.party(p).label for p in (a, b))
    res_a, res_b = analysis.reservations
    xs, ys = analysis.values[a], analysis.values[b]

    xt = axis_ticks(min(min(xs), res_a), max(max(xs), res_a))
    yt = axis_ticks(min(min(ys), res_b), max(max(ys), res_b))
    legend_h = 46
    f = Frame(62, 16, width - 62 - 20, height - 16 - 50 - legend_h, xt[0], xt[-1], yt[0], yt[-1])
    e = html.escape
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="score-chart" '
        'style="max-width: 100%; height: auto" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'data-x-party="{e(a)}" data-y-party="{e(b)}" '
        f'data-x-range="{f.x0:g} {f.x1:g}" data-y-range="{f.y0:g} {f.y1:g}" '
        f'data-plot="{f.left:g} {f.top:g} {f.width:g} {f.height:g}" '
        'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="11">',
        f'<title id="{id_prefix}-title">{e(title)}</title>',
        f'<desc id="{id_prefix}-desc">{e(desc)}</desc>',
        f'<rect x="{f.left}" y="{f.top}" width="{f.width}" height="{f.height}" '
        'fill="#ffffff" stroke="#777777" stroke-width="1"/>',
    ]
    # Grid and tick labels.
    for v in xt:
        x = f.x(v)
        out.append(
            f'<line x1="{x}" y1="{f.top}" x2="{x}" y2="{f.top + f.height}" stroke="#e3e3e3"/>'
            f'<text x="{x}" y="{f.top + f.height + 15}" text-anchor="middle">{v:g}</text>'
        )
    for v in yt:
        y = f.y(v)
        out.append(
            f'<line x1="{f.left}" y1="{y}" x2="{f.left + f.width}" y2="{y}" stroke="#e3e3e3"/>'
            f'<text x="{f.left - 6}" y="{y + 4}" text-anchor="end">{v:g}</text>'
        )
    out.append(
        f'<text x="{f.left + f.width / 2}" y="{f.top + f.height + 34}" text-anchor="middle" '
        f'font-size="12" font-weight="bold">Points for {e(label_a)}</text>'
        f'<text transform="translate(16 {f.top + f.height / 2}) rotate(-90)" '
        f'text-anchor="middle" font-size="12" font-weight="bold">Points for {e(label_b)}</text>'
    )
    # The agreement zone: everything both sides prefer to no deal.
    zx, zy = f.x(res_a), f.y(res_b)
    out.append(
        f'<g class="zone"><rect x="{zx}" y="{f.top}" width="{round(f.left + f.width - zx, 2)}" '
        f'height="{round(zy - f.top, 2)}" fill="{SKY_BLUE}" fill-opacity="0.16" '
        f'stroke="{SKY_BLUE}" stroke-width="1.5"/>'
        f'<line x1="{zx}" y1="{f.top}" x2="{zx}" y2="{f.top + f.height}" stroke="#333333" '
        'stroke-dasharray="5 4"/>'
        f'<line x1="{f.left}" y1="{zy}" x2="{f.left + f.width}" y2="{zy}" stroke="#333333" '
        'stroke-dasharray="5 4"/>'
        f'<text x="{f.left + f.width - 6}" y="{f.top + 14}" text-anchor="end" '
        'font-style="italic" fill="#333333">agreement zone</text></g>'
    )
    # Every possible package, faintly.
    cloud = sorted({analysis.point(i) for i in range(analysis.count)})
    if len(cloud) <= MAX_CLOUD:
        dots = "".join(f'<circle cx="{f.x(px)}" cy="{f.y(py)}" r="2.2"/>' for px, py in cloud)
        out.append(f'<g class="packages" fill="#8c8c8c" fill-opacity="0.55">{dots}</g>')
    # The Pareto frontier.
    frontier = [analysis.point(i) for i in analysis.frontier]
    path = " ".join(f"{f.x(px)},{f.y(py)}" for px, py in sorted(frontier))
    out.append(
        f'<polyline class="frontier" points="{path}" fill="none" stroke="{VERMILION}" '
        'stroke-width="2.2" stroke-linejoin="round"/>'
    )
    # The Nash point (under the pairs, so a pair on it stays visible).
    if analysis.nash is not None:
        nx, ny = analysis.point(analysis.nash)
        cx, cy = f.x(nx), f.y(ny)
        out.append(
            f'<g class="mark mark-nash" data-x="{nx:g}" data-y="{ny:g}">'
            f'<polygon points="{cx},{cy - 11} {cx + 11},{cy} {cx},{cy + 11} {cx - 11},{cy}" '
            f'fill="{BLUISH_GREEN}" stroke="#000000" stroke-width="1"/></g>'
        )
    # The pairs, grouped when several reached the same point; labels go on top of
    # every marker, each where it overlaps no marker and no other label.
    groups: dict[tuple[float, float] | None, list[PairMark]] = {}
    for m in marks:
        key = analysis.point(m.index) if m.index is not None else None
        groups.setdefault(key, []).append(m)
    centres = [(f.x(k[0]), f.y(k[1]), 7.0) if k is not None else (zx, zy, 7.0) for k in groups]
    for index in (analysis.nash, _reference_index(analysis)):
        if index is not None:  # the Nash diamond and the real package's ring
            px, py = analysis.point(index)
            centres.append((f.x(px), f.y(py), 14.0))
    placed: list[tuple[float, float, float, float]] = []
    labels: list[str] = []
    for key, group in groups.items():
        numbers = ", ".join(str(m.number) for m in group)
        pairs = e("|".join(m.pair for m in group))
        if key is None:
            cx, cy = zx, zy
            text = "no deal: " + numbers
            out.append(
                f'<g class="mark mark-nodeal" data-pairs="{pairs}" data-x="{res_a:g}" '
                f'data-y="{res_b:g}"><path d="M{cx - 7},{cy - 7} L{cx + 7},{cy + 7} '
                f'M{cx - 7},{cy + 7} L{cx + 7},{cy - 7}" stroke="#000000" stroke-width="3"/></g>'
            )
        else:
            px, py = key
            cx, cy = f.x(px), f.y(py)
            text = numbers
            out.append(
                f'<g class="mark mark-pair" data-pairs="{pairs}" data-x="{px:g}" '
                f'data-y="{py:g}"><circle cx="{cx}" cy="{cy}" r="6.5" fill="{BLUE}" '
                'stroke="#ffffff" stroke-width="1.5"/></g>'
            )
        x, y = _place_label(cx, cy, text, centres, placed, f)
        labels.append(_label(x, y, text))
    out.append('<g class="labels">' + "".join(labels) + "</g>")
    # The real package, as a ring that does not hide what lies under it.
    ref = scenario.reference
    if ref is not None:
        rx, ry = analysis.point(_reference_index(analysis))
        out.append(
            f'<g class="mark mark-reference" data-x="{rx:g}" data-y="{ry:g}">'
            f'<circle cx="{f.x(rx)}" cy="{f.y(ry)}" r="14" fill="none" stroke="{REDDISH_PURPLE}" '
            'stroke-width="3"/></g>'
        )
    out.append(_legend(f, height - legend_h + 6, ref is not None))
    out.append("</svg>")
    return "\n".join(out)


def _reference_index(analysis: Analysis) -> int | None:
    ref = analysis.scenario.reference
    return analysis.index(ref.outcome) if ref is not None else None


def _place_label(
    cx: float,
    cy: float,
    text: str,
    centres: list[tuple[float, float, float]],
    placed: list[tuple[float, float, float, float]],
    f: Frame,
) -> tuple[float, float]:
    """The first spot round a marker where the label hides nothing (else the first spot)."""
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

    def box(x: float, y: float) -> tuple[float, float, float, float]:
        return (x, y - height + 2, x + width, y + 2)

    def clear(b: tuple[float, float, float, float]) -> bool:
        inside = f.left <= b[0] and b[2] <= f.left + f.width and f.top <= b[1]
        inside = inside and b[3] <= f.top + f.height
        hits_marker = any(
            b[0] - r < mx < b[2] + r and b[1] - r < my < b[3] + r
            for mx, my, r in centres
            if (mx, my, r) != (cx, cy, 7.0)  # its own marker: every spot clears it
        )
        hits_label = any(
            b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] for o in placed
        )
        return inside and not hits_marker and not hits_label

    for x, y in spots:
        if clear(box(x, y)):
            placed.append(box(x, y))
            return round(x, 2), round(y, 2)
    x, y = spots[0]
    placed.append(box(x, y))
    return round(x, 2), round(y, 2)


def _label(x: float, y: float, text: str) -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="11" font-weight="bold" stroke="#ffffff" '
        f'stroke-width="3" paint-order="stroke">{html.escape(text)}</text>'
    )


def _legend(f: Frame, top: float, with_reference: bool) -> str:
    items = [
        (f'<circle cx="6" cy="0" r="6" fill="{BLUE}"/>', "a pair's agreement (number)"),
        (
            f'<polygon points="6,-8 14,0 6,8 -2,0" fill="{BLUISH_GREEN}" stroke="#000000"/>',
            "Nash point",
        ),
        (
            f'<line x1="-2" y1="0" x2="14" y2="0" stroke="{VERMILION}" stroke-width="2.5"/>',
            "Pareto frontier",
        ),
        (
            f'<rect x="-2" y="-6" width="16" height="12" fill="{SKY_BLUE}" fill-opacity="0.3" '
            f'stroke="{SKY_BLUE}"/>',
            "agreement zone",
        ),
        ('<circle cx="6" cy="0" r="2.5" fill="#8c8c8c"/>', "a possible package"),
        (
            '<path d="M0,-6 L12,6 M0,6 L12,-6" stroke="#000000" stroke-width="2.5"/>',
            "no deal",
        ),
    ]
    if with_reference:
        items.insert(
            2,
            (
                f'<circle cx="6" cy="0" r="7" fill="none" stroke="{REDDISH_PURPLE}" '
                'stroke-width="2.5"/>',
                "the real package",
            ),
        )
    parts = ['<g class="legend" font-size="10.5">']
    x, y, right = 10.0, top, f.left + f.width
    for symbol, text in items:
        w = 24 + len(text) * 6.1 + 16  # symbol, text at about 6 px a character, gap
        if x + w > right + 10 and x > 10:
            x, y = 10.0, y + 20
        parts.append(
            f'<g transform="translate({x:.1f} {y:.1f})">{symbol}'
            f'<text x="20" y="4">{html.escape(text)}</text></g>'
        )
        x += w
    parts.append("</g>")
    return "".join(parts)
