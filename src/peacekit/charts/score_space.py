"""Every package of a scenario as one point in score space: the course's one map of a deal.

The package-deal and negotiation exercises and the class debrief draw the same map:
each possible package placed by what it is worth to each delegation (x: the first
party, y: the second), the agreement zone shaded where both sides do better than no
deal, the Pareto frontier, the Nash point and the real package, with whatever is
under discussion on top: a student's package, the offers of a negotiation, or the
pairs' agreements in class. It is the course's picture of Raiffa's "negotiation dance".

The plotted values are carried as ``data-`` attributes (the frame on the ``<svg>``,
each mark's values on its group), so tests and assistive tools can read them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..model.analysis import Analysis
from .numbers import points_text
from .palette import BLUE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, VERMILION
from .svg import (
    MUTED,
    Key,
    Plot,
    Series,
    axes,
    key_of,
    label,
    legend,
    legend_rows,
    line,
    marker,
    nice_ticks,
    place_label,
    svg_open,
)

#: Above this many distinct points the cloud of possible packages is left out.
MAX_CLOUD = 4000


@dataclass(frozen=True)
class PairMark:
    """A pair's reported result in class: its number, its name and its package's index
    in the analysis (``None``: no deal)."""

    number: int
    pair: str
    index: int | None


def axis_ticks(low: float, high: float) -> list[float]:
    """About six round tick values (1, 2 or 5 times a power of ten) covering low..high."""
    return nice_ticks(low, high, 6, multiples=(1, 2, 5, 10))


def package_text(analysis: Analysis, index: int) -> str:
    """A package in words: ``32 released; 2 released; …``."""
    return "; ".join(option for _, option in analysis.scenario.describe(analysis.outcome(index)))


def space_summary(analysis: Analysis) -> str:
    """The counts behind the map, in one sentence each (for any number of parties)."""
    s = analysis.scenario
    two = len(s.parties) == 2
    lines = [
        f"{analysis.count} possible packages; {analysis.zone_size} in the agreement zone "
        f"({'both delegations prefer' if two else 'every delegation prefers'} them to no "
        f"deal); {len(analysis.frontier)} on the Pareto frontier (no other package is better "
        f"for one side without being worse for {'the other' if two else 'another'})."
    ]
    if analysis.nash is None:
        lines.append(
            f"No package clears {'both' if two else 'every'} reservation value"
            f"{'s' if two else ''}, so there is no Nash point."
        )
    else:
        v = analysis.utilities(analysis.nash)
        values = ", ".join(f"{s.party(p).label} {points_text(x)}" for p, x in v.items())
        lines.append(
            f"Nash point (largest product of {'both' if two else 'the'} gains): "
            f"{package_text(analysis, analysis.nash)} — {values}."
        )
    return " ".join(lines)


def score_space_chart(
    analysis: Analysis,
    *,
    title: str,
    desc: str = "",
    marks: Sequence[Series] = (),
    pairs: Sequence[PairMark] = (),
    reference: bool = True,
    id_prefix: str = "score-space",
    width: int = 620,
    height: int = 470,
    parties: tuple[str, str] | None = None,
) -> str:
    """The SVG map: every package, the zone, the frontier, the Nash point and (with
    ``reference``) the real package; then ``marks`` (a student's package, offers) and
    ``pairs`` (a class's results, numbered, with no deal at the reservation point).

    ``desc`` defaults to :func:`space_summary`. With two parties the axes are theirs;
    with more, ``parties`` names the two parties of this panel (one panel per pair of
    parties): every package is placed by those two parties' points, a package in the
    agreement zone (which all parties must clear) is coloured as such, and the frontier
    packages (efficient for all parties) are rings round their dots, since a line through
    them would mean nothing in two of several dimensions.
    """
    scenario = analysis.scenario
    if parties is None and len(scenario.parties) != 2:
        raise ValueError(
            "the score-space chart needs two parties (one per axis); name them with parties="
        )
    a_id, b_id = parties or scenario.party_ids
    if a_id == b_id or not {a_id, b_id} <= set(scenario.party_ids):
        raise ValueError(f"parties {a_id!r} and {b_id!r}: expected two of the scenario's parties")
    two = len(scenario.parties) == 2
    a, b = scenario.party(a_id), scenario.party(b_id)
    res_a, res_b = a.reservation, b.reservation
    xv, yv = analysis.values[a_id], analysis.values[b_id]

    def project(i: int) -> tuple[float, float]:
        return xv[i], yv[i]

    xs = [*analysis.values[a_id], res_a, *(p[0] for s in marks for p in s.points)]
    ys = [*analysis.values[b_id], res_b, *(p[1] for s in marks for p in s.points)]
    xt = axis_ticks(min(xs), max(xs))
    # A panel's axes end at the parties' best packages, so its top-right corner, where
    # the zone's label goes, is often a package: leave room above the highest one.
    headroom = 0 if two else 0.12 * (max(ys) - min(ys))
    yt = axis_ticks(min(ys), max(ys) + headroom)
    ref_index = analysis.index(scenario.reference.outcome) if scenario.reference else None
    show_ref = reference and ref_index is not None

    keys = _keys(analysis, marks, pairs, show_ref, two)
    plot = Plot(62, 16, width - 62 - 20, height - 16 - 50 - 22 * 2, xt[0], xt[-1], yt[0], yt[-1])
    total = plot.bottom + 50 + 22 * max(2, legend_rows(keys, plot.width))
    attrs = f'data-x-party="{escape(a_id)}" data-y-party="{escape(b_id)}" ' + plot.data_attributes()
    out = svg_open(
        title, desc or space_summary(analysis), width, total, id_prefix=id_prefix, attrs=attrs
    )
    out += axes(plot, xt, yt, f"Points for {a.label}", f"Points for {b.label}")

    # The agreement zone: everything both sides prefer to no deal.
    zx, zy = plot.x(res_a), plot.y(res_b)
    out.append(
        f'<g class="zone"><rect x="{zx:.2f}" y="{plot.top}" width="{plot.right - zx:.2f}" '
        f'height="{zy - plot.top:.2f}" fill="{SKY_BLUE}" fill-opacity="0.16" stroke="{SKY_BLUE}" '
        f'stroke-width="1.5"/>'
        + line([(zx, plot.top), (zx, plot.bottom)], MUTED, 1.5, True)
        + line([(plot.left, zy), (plot.right, zy)], MUTED, 1.5, True)
        + f'<text x="{plot.right - 6:.2f}" y="{plot.top + 14}" text-anchor="end" font-size="11" '
        f'font-style="italic" fill="#333">'
        + (
            f"agreement zone (both above {points_text(res_a)} and {points_text(res_b)})"
            if two
            else f"{escape(a.label)} and {escape(b.label)} above {points_text(res_a)} and "
            f"{points_text(res_b)}"
        )
        + "</text></g>"
    )
    # Every possible package, faintly; those in the zone in the zone's colour.
    out += _cloud(analysis, plot, project, (res_a, res_b) if two else None)
    if two:
        frontier = sorted(project(i) for i in analysis.frontier)
        out.append(
            line(
                [(plot.x(x), plot.y(y)) for x, y in frontier], VERMILION, 2.2, False, css="frontier"
            )
        )
    else:
        dots = "".join(
            f'<circle cx="{plot.x(x):.2f}" cy="{plot.y(y):.2f}" r="3.6" fill="none" '
            f'stroke="{VERMILION}" stroke-width="1.3"/>'
            for x, y in sorted({project(i) for i in analysis.frontier})[:MAX_CLOUD]
        )
        out.append(f'<g class="frontier">{dots}</g>')
    avoid: list[tuple[float, float, float]] = []
    if analysis.nash is not None:  # under the marks, so a mark on it stays visible
        out.append(_mark("nash", project(analysis.nash), plot, "diamond", 8, BLUISH_GREEN))
        avoid.append((*_at(plot, project(analysis.nash)), 14.0))
    for s in marks:
        if s.line and len(s.points) > 1:
            out.append(line([_at(plot, p) for p in s.points], s.colour, s.width, s.dash))
        out += [marker(s.marker, *_at(plot, p), s.size, s.colour, s.hollow) for p in s.points]
    out += _pairs(project, (res_a, res_b), pairs, plot, avoid, ref_index if show_ref else None)
    if show_ref:  # a ring that does not hide what lies under it
        x, y = _at(plot, project(ref_index))
        out.append(
            f'<g class="mark mark-reference" data-x="{project(ref_index)[0]:g}" '
            f'data-y="{project(ref_index)[1]:g}"><circle cx="{x:.2f}" cy="{y:.2f}" '
            f'r="14" fill="none" stroke="{REDDISH_PURPLE}" stroke-width="3"/></g>'
        )
    out.append('<g class="legend">')
    out += legend(keys, 12, plot.bottom + 56, width - 24)
    out.append("</g></svg>")
    return "\n".join(out)


def _at(plot: Plot, point: tuple[float, float]) -> tuple[float, float]:
    return plot.x(point[0]), plot.y(point[1])


def _mark(kind: str, point, plot: Plot, shape: str, size: float, colour: str, extra="") -> str:
    x, y = _at(plot, point)
    return (
        f'<g class="mark mark-{kind}" data-x="{point[0]:g}" data-y="{point[1]:g}"{extra}>'
        + marker(shape, x, y, size, colour).replace('stroke="#ffffff"', 'stroke="#000000"')
        + "</g>"
    )


def _cloud(analysis: Analysis, plot: Plot, project, floors) -> list[str]:
    """Every distinct point, green where a package there is in the agreement zone.

    ``floors`` (two parties) decides that from the point itself; with more parties a
    point is green when any package placed there clears every reservation value."""
    if floors is not None:
        cloud = {
            p: p[0] >= floors[0] and p[1] >= floors[1] for p in map(project, range(analysis.count))
        }
    else:
        cloud = dict.fromkeys(map(project, range(analysis.count)), False)
        for i in analysis.zone:
            cloud[project(i)] = True
    if len(cloud) > MAX_CLOUD:
        return []
    dots = "".join(
        f'<circle cx="{plot.x(x):.2f}" cy="{plot.y(y):.2f}" r="2.4" '
        f'fill="{BLUISH_GREEN if cloud[(x, y)] else "#8c8c8c"}"/>'
        for x, y in sorted(cloud)
    )
    return [f'<g class="packages" fill-opacity="0.6">{dots}</g>']


def _pairs(project, res, pairs, plot: Plot, avoid, ref_index) -> list[str]:
    """The pairs' marks, grouped where several reached the same package, each group
    labelled with its numbers where the label hides no marker and no other label."""
    groups: dict[tuple[float, float] | None, list[PairMark]] = {}
    for m in pairs:
        groups.setdefault(project(m.index) if m.index is not None else None, []).append(m)
    avoid = [*avoid, *((*_at(plot, k or res), 7.0) for k in groups)]
    if ref_index is not None:
        avoid.append((*_at(plot, project(ref_index)), 14.0))
    out, labels, placed = [], [], []
    for key, group in groups.items():
        numbers = ", ".join(str(m.number) for m in group)
        names = escape("|".join(m.pair for m in group))
        cx, cy = _at(plot, key or res)
        if key is None:
            text = "no deal: " + numbers
            out.append(
                f'<g class="mark mark-nodeal" data-pairs="{names}" data-x="{res[0]:g}" '
                f'data-y="{res[1]:g}">' + marker("cross", cx, cy, 7, "#000000") + "</g>"
            )
        else:
            text = numbers
            out.append(
                f'<g class="mark mark-pair" data-pairs="{names}" data-x="{key[0]:g}" '
                f'data-y="{key[1]:g}">' + marker("circle", cx, cy, 6.5, BLUE) + "</g>"
            )
        labels.append(label(*place_label(cx, cy, text, avoid, placed, plot), text))
    if labels:
        out.append('<g class="labels">' + "".join(labels) + "</g>")
    return out


def _keys(analysis: Analysis, marks, pairs, show_ref: bool, two: bool = True) -> list[Key]:
    keys = [
        Key("a package in the agreement zone", marker("circle", 11, 0, 3, BLUISH_GREEN)),
        Key("a package outside the zone", marker("circle", 11, 0, 3, "#8c8c8c")),
        Key(
            "agreement zone" if two else "these two above their reservation values",
            f'<rect x="0" y="-6" width="22" height="12" fill="{SKY_BLUE}" fill-opacity="0.3" '
            f'stroke="{SKY_BLUE}"/>',
        ),
        Key("Pareto frontier", line([(0, 0), (22, 0)], VERMILION, 2.5, False))
        if two
        else Key(
            "a package on the Pareto frontier (for all parties): a ring",
            f'<circle cx="11" cy="0" r="3.6" fill="none" stroke="{VERMILION}" stroke-width="1.3"/>',
        ),
    ]
    if analysis.nash is not None:
        keys.append(
            Key(
                "Nash point",
                marker("diamond", 11, 0, 6, BLUISH_GREEN).replace(
                    'stroke="#ffffff"', 'stroke="#000000"'
                ),
            )
        )
    if show_ref:
        keys.append(
            Key(
                analysis.scenario.reference.label,
                f'<circle cx="11" cy="0" r="7" fill="none" stroke="{REDDISH_PURPLE}" '
                'stroke-width="2.5"/>',
            )
        )
    keys += [key_of(s) for s in marks if s.label]
    if any(m.index is not None for m in pairs):
        keys.append(Key("a pair's agreement (its number)", marker("circle", 11, 0, 6, BLUE)))
    if any(m.index is None for m in pairs):
        keys.append(Key("no deal (at the reservation values)", marker("cross", 11, 0, 6, "#000")))
    return keys
