"""Every package of a scenario as one point in score space.

Both the package-deal and the negotiation exercises draw the same map: each
possible package placed by what it is worth to each delegation, the agreement
zone, the Pareto frontier and the Nash point, with the packages under
discussion marked on top. The map is the course's picture of Raiffa's
"negotiation dance", so it lives here once.
"""

from __future__ import annotations

from collections.abc import Sequence

from .analysis import Analysis
from .charts import MUTED, Guide, Series, xy_chart
from .palette import BLUE, BLUISH_GREEN, SKY_BLUE, VERMILION


def fmt(points: float) -> str:
    """Points as a course text writes them: ``34``, ``26.5``, ``−4``."""
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", "−")


def package_text(analysis: Analysis, index: int) -> str:
    """A package in words: ``32 released; 2 released; …``."""
    return "; ".join(option for _, option in analysis.scenario.describe(analysis.outcome(index)))


def space_summary(analysis: Analysis) -> str:
    """The counts behind the map, in one sentence each."""
    s = analysis.scenario
    a_id, b_id = analysis.party_ids
    a, b = s.party(a_id).label, s.party(b_id).label
    lines = [
        f"{analysis.count} possible packages; {analysis.zone_size} in the agreement zone "
        f"(both delegations prefer them to no deal); {len(analysis.frontier)} on the Pareto "
        "frontier (no other package is better for one side without being worse for the other)."
    ]
    if analysis.nash is None:
        lines.append("No package clears both reservation values, so there is no Nash point.")
    else:
        v = analysis.utilities(analysis.nash)
        lines.append(
            f"Nash point (largest product of both gains): {package_text(analysis, analysis.nash)}"
            f" — {a} {fmt(v[a_id])}, {b} {fmt(v[b_id])}."
        )
    return " ".join(lines)


def outcome_map(
    analysis: Analysis,
    *,
    title: str,
    marks: Sequence[Series] = (),
    desc_extra: str = "",
) -> str:
    """The SVG map: all packages, the zone, the frontier, the Nash point, then ``marks``.

    The first party's value runs along x, the second's along y; dashed guides
    show each reservation value, so the agreement zone is the top-right corner.
    """
    s = analysis.scenario
    a_id, b_id = analysis.party_ids
    a, b = s.party(a_id), s.party(b_id)
    zone = set(analysis.zone)
    outside = [analysis.point(i) for i in range(analysis.count) if i not in zone]
    inside = [analysis.point(i) for i in analysis.zone]
    frontier = [analysis.point(i) for i in analysis.frontier]
    series = [
        Series("Pareto frontier", frontier, colour=BLUE, marker="none", line=True),
        Series("Package outside the zone", outside, colour=SKY_BLUE, marker="circle", size=3.2),
        Series(
            "Package in the agreement zone", inside, colour=BLUISH_GREEN, marker="square", size=4
        ),
    ]
    if analysis.nash is not None:
        series.append(
            Series(
                "Nash point",
                [analysis.point(analysis.nash)],
                colour=VERMILION,
                marker="diamond",
                size=8,
            )
        )
    series.extend(marks)
    guides = [
        Guide("x", a.reservation, f"{a.label}'s reservation value ({fmt(a.reservation)})", MUTED),
        Guide("y", b.reservation, f"{b.label}'s reservation value ({fmt(b.reservation)})", MUTED),
    ]
    desc = (
        f"Scatter plot of every possible package: points for {a.label} across, points for "
        f"{b.label} up. " + space_summary(analysis) + (" " + desc_extra if desc_extra else "")
    )
    return xy_chart(
        title=title,
        desc=desc,
        series=series,
        x_label=f"Points for {a.label}",
        y_label=f"Points for {b.label}",
        guides=guides,
    )
