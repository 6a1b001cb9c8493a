"""Charts over the rounds of the confidence-building and societal-engagement models.

The book's model pages draw these at build time and the widgets redraw them, so both
show the same picture. Every chart comes with a plain-text summary (``*_summary``),
which is also the chart's own description for a screen reader; the page prints it
beside the chart. Lines differ in width and dash as well as colour, and the shares
of runs carry a different marker per line, so no line is told apart by colour alone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from ..model.scenario import Scenario
from ..model.societal_engagement import PathRun, PathSummary
from ..model.trust_ladder import PairSummary, TrustRun
from ..model.trust_strategies import strategies
from .palette import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILION,
)
from .svg import Series, xy_chart

#: The colours of the lines of a share chart, in order: the two sides of a pair are
#: blue and vermilion, as in the other charts of the course.
SERIES_COLOURS = (BLUE, VERMILION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, BLACK)
#: Their markers, so that lines are told apart by shape too.
SERIES_MARKERS = ("circle", "square", "diamond", "triangle", "star", "cross", "circle")

WIDTH, HEIGHT = 760, 440


def figure(svg: str, summary: str) -> str:
    """An HTML figure: the chart with its text summary as the caption, for notebooks and
    the book (``IPython.display.HTML(figure(...))``)."""
    return (
        '<figure class="peacekit-chart" style="margin:1em 0;max-width:760px">'
        f'{svg}<figcaption style="text-align:left">{html.escape(summary)}</figcaption></figure>'
    )


def _label(strategy_id: str) -> str:
    return strategies()[strategy_id].label


def _name(names: Mapping[str, str] | None, party_id: str) -> str:
    return (names or {}).get(party_id, party_id)


def _pair_label(summary: PairSummary, names: Mapping[str, str] | None = None) -> str:
    a, b = summary.party_ids
    s, t = summary.strategies
    return f"{_name(names, a)}: {_label(s)} / {_name(names, b)}: {_label(t)}"


def _over_rounds(title: str, desc: str, series: list[Series], y_label: str, **kw) -> str:
    return xy_chart(
        title=title,
        desc=desc,
        series=series,
        x_label="Round",
        y_label=y_label,
        width=WIDTH,
        height=HEIGHT,
        integer_x=True,
        **kw,
    )


def _rounds(values: Sequence[float]) -> list[tuple[float, float]]:
    return [(float(r), float(v)) for r, v in enumerate(values)]


def _side(label: str, values, colour: str, first: bool, dash: bool = False) -> Series:
    """One side's line: the first side's drawn wider, so two coinciding lines (mirrored
    sides often coincide) still show both colours."""
    return Series(
        label,
        _rounds(values),
        colour=colour,
        marker="none",
        line=True,
        dash=dash,
        width=5.0 if first else 2.2,
    )


def _share_chart(title: str, desc: str, lines: Sequence[tuple[str, list[float]]]) -> str:
    """One line per strategy pair or path: the share of runs in which something has
    happened by each round (a cumulative curve from 0 to 1)."""
    series = [
        Series(
            label,
            _rounds(shares),
            colour=SERIES_COLOURS[k % len(SERIES_COLOURS)],
            marker=SERIES_MARKERS[k % len(SERIES_MARKERS)],
            size=3.2,
            line=True,
            dash=k >= len(SERIES_COLOURS),
        )
        for k, (label, shares) in enumerate(lines)
    ]
    return _over_rounds(title, desc, series, "Share of runs", y_range=(0, 1))


# -- confidence-building ------------------------------------------------------------------------
def trust_chart(
    run: TrustRun, opening: float | None = None, *, names: Mapping[str, str] | None = None
) -> str:
    """Each side's trust per round; a dashed line where the zone opens at equal trust.

    ``names`` maps party ids to the names students know (default: the ids)."""
    p, q = run.party_ids
    a, b = _name(names, p), _name(names, q)
    series = [
        _side(
            f"{_name(names, pid)}: trust ({_label(run.strategies[pid])})",
            run.trust_series(pid),
            colour,
            first,
        )
        for pid, colour, first in ((p, BLUE, True), (q, VERMILION, False))
    ]
    if opening is not None:
        series.append(
            Series(
                f"The zone opens at equal trust {opening:.2f}",
                _rounds([opening] * (len(run.rounds) + 1)),
                colour=BLACK,
                marker="none",
                line=True,
                dash=True,
                width=1.5,
            )
        )
    return _over_rounds(
        f"Trust round by round: {_label(run.strategies[p])} ({a}) and "
        f"{_label(run.strategies[q])} ({b}), seed {run.seed}",
        trust_summary(run, opening, names),
        series,
        "Trust in the other side",
        y_range=(0, 1),
    )


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


def zone_chart(run: TrustRun, scenario: Scenario) -> str:
    """How many packages are in the agreement zone after each round."""
    return _over_rounds(
        "Size of the agreement zone round by round",
        zone_summary(run, scenario),
        [
            Series(
                "Packages in the zone",
                _rounds(run.zone_series()),
                colour=BLUE,
                marker="none",
                columns=True,
            )
        ],
        "Packages both delegations prefer to no deal",
    )


def zone_summary(run: TrustRun, scenario: Scenario) -> str:
    series = run.zone_series()
    first = run.first_open
    text = (
        f"{scenario.title}: {scenario.outcomes_count} possible packages. At the start, "
        f"{series[0]} of them {'is' if series[0] == 1 else 'are'} in the agreement zone."
    )
    if first is None:
        text += " No package enters the zone in any round."
    elif first > 0:
        text += f" The zone first holds a package after round {first}."
    text += f" After the last round it holds {series[-1]}; at most {max(series)} at any point."
    return text


def opening_chart(
    summaries: Sequence[PairSummary], *, names: Mapping[str, str] | None = None
) -> str:
    """The share of runs whose agreement zone had opened by each round, per strategy pair."""
    if not summaries:
        raise ValueError("no strategy pairs to draw")
    rounds = range(summaries[0].rounds + 1)
    return _share_chart(
        "Share of runs in which the treaty zone has opened",
        opening_summary(summaries, names),
        [(_pair_label(s, names), [s.open_by(r) for r in rounds]) for s in summaries],
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
    title: str = "Public trust and its ceiling round by round",
) -> str:
    """Each public's trust and the ceiling that tangible steps support, per round."""
    parties = list(run.start)
    colours = (BLUE, VERMILION)
    series = [
        _side(f"{_name(names, p)}: trust", run.series(p, "trust"), colours[k], k == 0)
        for k, p in enumerate(parties)
    ] + [
        _side(f"{_name(names, p)}: ceiling", run.series(p, "ceiling"), colours[k], k == 0, True)
        for k, p in enumerate(parties)
    ]
    return _over_rounds(title, public_summary(run, names), series, "Level (0 to 1)", y_range=(0, 1))


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


def paths_chart(summaries: Mapping[str, PathSummary]) -> str:
    """The share of runs in which a treaty had been ratified by each round, per path."""
    items = list(summaries.values())
    if not items:
        raise ValueError("no paths to draw")
    rounds = range(items[0].rounds + 1)
    return _share_chart(
        "Share of runs with a ratified treaty",
        paths_summary(summaries),
        [(s.label, [s.ratified_by(r) for r in rounds]) for s in items],
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
