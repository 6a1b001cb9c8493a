"""Charts of the confidence-building and societal-engagement models, as SVG text.

The book embeds these at build time and the widgets redraw them, so both
show the same picture. Every chart comes with a plain-text summary
(``*_summary``) to print beside it, for readers who cannot see the chart.
Colours are the Okabe-Ito palette; the SVG carries no script and no link to
any other host, and its ids are stable so a rebuilt page does not change.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import pygal
from pygal.style import Style

from .palette import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILION,
    YELLOW,
)
from .societal_engagement import PathRun, PathSummary
from .trust_ladder import PairSummary, TrustRun
from .trust_strategies import strategies

#: The palette in the order pygal gives its series: the two sides of a pair are blue and
#: vermilion, as in the other charts of the course.
SERIES_COLOURS = (BLUE, VERMILION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, YELLOW, BLACK)


def _style(colors: Sequence[str] = SERIES_COLOURS) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#000000",
        foreground_strong="#000000",
        foreground_subtle="#444444",
        colors=tuple(colors),
        font_family="sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=15,
        opacity="0.9",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        stroke_width="3",
        guide_stroke_color="#d9d9d9",
        guide_stroke_dasharray="0",
        major_guide_stroke_color="#bdbdbd",
        major_guide_stroke_dasharray="0",
    )


# The first series of a pair is drawn wider, so that two lines that coincide
# (mirrored sides often do) still show both colours.
_PLAIN = {"width": 3}
_WIDE = {"width": 6}
_NARROW = {"width": 2.5}
_DASHED = {"width": 2.5, "dasharray": "7, 5"}
_WIDE_DASHED = {"width": 5, "dasharray": "7, 5"}


_UUID = re.compile(r"chart-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


def _chart(kind, title: str, *, x_title: str, y_title: str, colors=SERIES_COLOURS, **config):
    config.setdefault("legend_at_bottom_columns", 2)
    return kind(
        style=_style(colors),
        js=[],
        disable_xml_declaration=True,
        title=title,
        x_title=x_title,
        y_title=y_title,
        legend_at_bottom=True,
        width=760,
        height=440,
        margin_bottom=24,
        show_dots=False,
        truncate_legend=-1,
        **config,
    )


def _rounds_chart(kind, title: str, rounds: list[int], *, y_title: str, **config):
    """A chart over rounds 0, 1, 2 …, with a labelled tick every fifth round."""
    return _chart(
        kind,
        title,
        x_title="Round",
        y_title=y_title,
        x_labels=rounds,
        x_labels_major_every=5,
        show_minor_x_labels=False,
        **config,
    )


def _share_chart(
    title: str, rounds: list[int], lines: Sequence[tuple[str, list[float]]], name: str
) -> str:
    """One line per strategy pair or path: the share of runs in which something has
    happened by each round (a cumulative curve from 0 to 1)."""
    chart = _rounds_chart(
        pygal.Line,
        title,
        rounds,
        y_title="Share of runs",
        range=(0, 1),
        legend_at_bottom_columns=1,
    )
    for label, shares in lines:
        chart.add(label, shares, stroke_style=_PLAIN)
    return render(chart, name)


def render(chart, name: str) -> str:
    """SVG text with a stable id (``name``) and no generator comments."""
    # pygal sizes the bottom legend for its 12 px boxes, not for 13 px text, and cuts off
    # the last row; leave room for every row.
    columns = max(1, chart.config.legend_at_bottom_columns or 1)
    rows = -(-len(chart.raw_series) // columns)
    chart.config.margin_bottom = max(chart.config.margin_bottom or 0, 20 + 18 * rows)
    svg = chart.render(is_unicode=True)
    found = _UUID.search(svg)
    if found:
        svg = svg.replace(found.group(1), name)
    # pygal puts one stroke width on every line, which would override each
    # series' own width; drop it so the per-series widths apply.
    svg = re.sub(r"(\.reactive\{[^}]*?);stroke-width:[0-9.]+\}", r"\1}", svg, count=1)
    # Screen readers announce the chart by its title; the summary sits beside it.
    title = html.escape(str(chart.config.title or name), quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
    # The inline script only feeds pygal's tooltip code, which is never loaded.
    svg = re.sub(r"<script.*?</script>", "", svg, flags=re.S)
    return re.sub(r"<!--.*?-->", "", svg)


def figure(svg: str, summary: str) -> str:
    """An HTML figure: the chart with its text summary as the caption, for notebooks and
    the book (``IPython.display.HTML(figure(...))``)."""
    return (
        '<figure class="peacekit-chart" style="margin:1em 0;max-width:760px">'
        f'{svg}<figcaption style="text-align:left">{html.escape(summary)}</figcaption></figure>'
    )


def _label(strategy_id: str) -> str:
    return strategies()[strategy_id].label


def described(svg: str, text: str) -> str:
    """``svg`` with a ``<desc>`` after its title, so a screen reader can read the summary."""
    return svg.replace("</title>", f"</title><desc>{html.escape(text)}</desc>", 1)


def _name(names: Mapping[str, str] | None, party_id: str) -> str:
    return (names or {}).get(party_id, party_id)


def _pair_label(summary: PairSummary, names: Mapping[str, str] | None = None) -> str:
    a, b = summary.party_ids
    s, t = summary.strategies
    return f"{_name(names, a)}: {_label(s)} / {_name(names, b)}: {_label(t)}"


# -- confidence-building ------------------------------------------------------------------------
def trust_chart(
    run: TrustRun,
    opening: float | None = None,
    *,
    name: str = "trust",
    names: Mapping[str, str] | None = None,
) -> str:
    """Each side's trust per round; a dashed line where the zone opens at equal trust.

    ``names`` maps party ids to the names students know (default: the ids)."""
    rounds = list(range(len(run.rounds) + 1))
    p, q = run.party_ids
    a, b = _name(names, p), _name(names, q)
    chart = _rounds_chart(
        pygal.Line,
        f"Trust round by round: {_label(run.strategies[p])} ({a}) and "
        f"{_label(run.strategies[q])} ({b}), seed {run.seed}",
        rounds,
        y_title="Trust in the other side",
        range=(0, 1),
    )
    for p, width in zip(run.party_ids, (_WIDE, _NARROW), strict=True):
        chart.add(
            f"{_name(names, p)}: trust ({_label(run.strategies[p])})",
            run.trust_series(p),
            stroke_style=width,
        )
    if opening is not None:
        chart.add(
            f"The zone opens at equal trust {opening:.2f}",
            [opening] * len(rounds),
            stroke_style=_DASHED,
        )
    return render(chart, name)


def trust_summary(
    run: TrustRun, opening: float | None = None, names: Mapping[str, str] | None = None
) -> str:
    p, q = run.party_ids
    a, b = _name(names, p), _name(names, q)
    start = run.start
    end = run.final_trust
    parts = [
        f"Over {len(run.rounds)} rounds (seed {run.seed}), {a} plays "
        f"{_label(run.strategies[p])} and {b} plays {_label(run.strategies[q])}.",
        f"Trust moves from {start[p]:.2f} to {end[p]:.2f} ({a}) and from {start[q]:.2f} "
        f"to {end[q]:.2f} ({b}).",
    ]
    first = run.first_open
    if first is None:
        parts.append("The agreement zone never opens.")
    elif first == 0:
        parts.append("The agreement zone is open from the start.")
    else:
        parts.append(f"The agreement zone first opens after round {first}.")
    spoilers = sum(rec.spoiler for rec in run.rounds)
    parts.append(
        f"There {'was' if spoilers == 1 else 'were'} {spoilers} spoiler event"
        f"{'' if spoilers == 1 else 's'} and {run.breakdowns} breakdown"
        f"{'' if run.breakdowns == 1 else 's'}."
    )
    if opening is not None:
        parts.append(f"At equal trust the zone opens at {opening:.2f}.")
    return " ".join(parts)


def zone_chart(run: TrustRun, *, name: str = "zone") -> str:
    """How many packages are in the agreement zone after each round."""
    rounds = list(range(len(run.rounds) + 1))
    chart = _rounds_chart(
        pygal.Bar,
        "Size of the agreement zone round by round",
        rounds,
        y_title="Packages both delegations prefer to no deal",
    )
    chart.add("Packages in the zone", run.zone_series(), stroke_style=_PLAIN)
    return render(chart, name)


def opening_chart(
    summaries: Sequence[PairSummary],
    *,
    name: str = "opening",
    names: Mapping[str, str] | None = None,
) -> str:
    """The share of runs whose agreement zone had opened by each round, per strategy pair."""
    if not summaries:
        raise ValueError("no strategy pairs to draw")
    rounds = list(range(summaries[0].rounds + 1))
    return _share_chart(
        "Share of runs in which the treaty zone has opened",
        rounds,
        [(_pair_label(s, names), [s.open_by(r) for r in rounds]) for s in summaries],
        name,
    )


def opening_summary(
    summaries: Sequence[PairSummary], names: Mapping[str, str] | None = None
) -> str:
    parts = []
    for s in summaries:
        median = s.median_first_open
        when = f"median round {median:g}" if median is not None else "in most runs, never"
        parts.append(
            f"{_pair_label(s, names)}: the zone opened in {s.opened_share:.0%} of {s.runs} runs "
            f"({when}); at least one breakdown in {s.breakdown_share:.0%}."
        )
    return " ".join(parts)


# -- societal engagement -------------------------------------------------------------------------
def public_chart(
    run: PathRun,
    names: Mapping[str, str] | None = None,
    *,
    name: str = "publics",
    title: str = "Public trust and its ceiling round by round",
):
    """Each public's trust and the ceiling that tangible steps support, per round."""
    rounds = list(range(len(run.rounds) + 1))
    chart = _rounds_chart(
        pygal.Line,
        title,
        rounds,
        colors=(BLUE, VERMILION, BLUE, VERMILION),
        y_title="Level (0 to 1)",
        range=(0, 1),
    )
    parties = list(run.start)
    for p, width in zip(parties, (_WIDE, _NARROW), strict=False):
        chart.add(f"{_name(names, p)}: trust", run.series(p, "trust"), stroke_style=width)
    for p, style in zip(parties, (_WIDE_DASHED, _DASHED), strict=False):
        chart.add(f"{_name(names, p)}: ceiling", run.series(p, "ceiling"), stroke_style=style)
    return render(chart, name)


def public_summary(run: PathRun, names: Mapping[str, str] | None = None) -> str:
    parts = []
    for p in run.start:
        label = _name(names, p)
        trust = run.series(p, "trust")
        ceiling = run.series(p, "ceiling")
        sizes = run.win_set_series(p)
        parts.append(
            f"{label}: trust {trust[0]:.2f} to {trust[-1]:.2f}, ceiling {ceiling[0]:.2f} to "
            f"{ceiling[-1]:.2f}, win-set {sizes[0]} to {sizes[-1]} packages."
        )
    first = run.first_ratified
    parts.append(
        "No package passed both publics and both delegations."
        if first is None
        else f"A package first passed both publics and both delegations in round {first}."
    )
    return " ".join(parts)


def paths_chart(summaries: Mapping[str, PathSummary], *, name: str = "paths") -> str:
    """The share of runs in which a treaty had been ratified by each round, per path."""
    items = list(summaries.values())
    if not items:
        raise ValueError("no paths to draw")
    rounds = list(range(items[0].rounds + 1))
    return _share_chart(
        "Share of runs with a ratified treaty",
        rounds,
        [(s.label, [s.ratified_by(r) for r in rounds]) for s in items],
        name,
    )


def paths_summary(summaries: Mapping[str, PathSummary]) -> str:
    parts = []
    for s in summaries.values():
        median = s.median_first_ratified
        when = f", median round {median:g}" if median is not None else ""
        parts.append(
            f"{s.label}: ratified in {s.ratified_share:.0%} of {s.runs} runs{when}; the "
            f"governments could have signed in {s.zone_opened_share:.0%}."
        )
    return " ".join(parts)
