"""The class debrief: every pair's result on one chart, with the numbers to discuss.

After a classroom negotiation the instructor collects the pairs' results
files (or types the paper forms into the CSV template) and gets one report:
the agreements in score space against the agreement zone, the Pareto frontier,
the Nash point and the real package; a table of every agreement; the
agreement rate, joint gain and balance; and the debrief questions. Values are
the plain scoring-table points (full trust), the same numbers the delegations
had on their sheets.

Bad files never stop the report. Each problem is listed under "Files skipped
or partly read" as ``FILE:LINE: message``, so the instructor can fix a file
and run the debrief again while the class waits.
"""

from __future__ import annotations

import html
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from pathlib import Path

from ..charts.score_space import PairMark, score_space_chart
from ..model.analysis import Analysis, analyse
from ..model.scenario import Scenario
from ..scenarios.problems import Problem
from ..scenarios.results_file import Result, read_results, results_paths
from .facilitator_guide import debrief_items
from .handout import (
    Break,
    Bullets,
    Code,
    Handout,
    Heading,
    Para,
    Raw,
    Strong,
    Table,
    html_runs,
    runs,
    to_html,
)
from .role_play_text import variant_head, variant_meta
from .sheet_text import illustrative_box


@dataclass(frozen=True)
class PairResult:
    """One pair's result, valued: no deal leaves each party its reservation value."""

    number: int
    result: Result
    index: int | None
    values: dict[str, float]
    gains: dict[str, float]

    @property
    def agreed(self) -> bool:
        return self.index is not None

    @property
    def joint_gain(self) -> float:
        return round(sum(self.gains.values()), 9)

    @property
    def gap(self) -> float:
        return round(max(self.gains.values()) - min(self.gains.values()), 9)


@dataclass
class ClassDebrief:
    scenario: Scenario
    analysis: Analysis
    pairs: list[PairResult]
    problems: list[Problem]
    files: list[str]

    # -- the numbers ---------------------------------------------------------------------
    @property
    def agreements(self) -> list[PairResult]:
        return [p for p in self.pairs if p.agreed]

    @property
    def agreement_rate(self) -> float | None:
        return len(self.agreements) / len(self.pairs) if self.pairs else None

    @property
    def mean_joint_gain(self) -> float | None:
        gains = [p.joint_gain for p in self.agreements]
        return round(statistics.fmean(gains), 1) if gains else None

    @property
    def mean_gap(self) -> float | None:
        gaps = [p.gap for p in self.agreements]
        return round(statistics.fmean(gaps), 1) if gaps else None

    def mean_value(self, party_id: str) -> float | None:
        values = [p.values[party_id] for p in self.agreements]
        return round(statistics.fmean(values), 1) if values else None

    @cached_property
    def best_joint_gain(self) -> float | None:
        """The largest joint gain in the agreement zone (what every delegation could accept)."""
        a = self.analysis
        return max((a.joint_gain(i) for i in a.zone), default=None)

    @property
    def best_agreement(self) -> PairResult | None:
        """The agreement with the largest joint gain among those reported (the first if tied)."""
        return max(self.agreements, key=lambda p: p.joint_gain, default=None)

    @property
    def two(self) -> bool:
        return len(self.scenario.parties) == 2

    @property
    def on_frontier(self) -> list[PairResult]:
        return [p for p in self.agreements if self.analysis.on_frontier(p.index)]

    @property
    def outside_zone(self) -> list[PairResult]:
        return [p for p in self.agreements if not self.analysis.in_zone(p.index)]

    @property
    def skipped(self) -> dict[str, list[Problem]]:
        """File -> its problems (errors and warnings), for every file with any."""
        out: dict[str, list[Problem]] = {}
        for problem in self.problems:
            out.setdefault(problem.file, []).append(problem)
        return out

    def gained_more(self) -> dict[str, int]:
        """How many agreements gave each party the larger gain ('' = an even split)."""
        counts = {p: 0 for p in self.scenario.party_ids} | {"": 0}
        for pr in self.agreements:
            top = max(pr.gains.values())
            winners = [p for p, g in pr.gains.items() if g == top]
            counts[winners[0] if len(winners) == 1 else ""] += 1
        return counts

    # -- words -----------------------------------------------------------------------------
    def label(self, party_id: str) -> str:
        return self.scenario.party(party_id).label

    def summary_lines(self) -> list[str]:
        """The chart's text summary: what a sighted reader takes from the chart."""
        s, a = self.scenario, self.analysis
        n, k = len(self.pairs), len(self.agreements)
        if not n:
            return ["No usable results yet: see the files skipped below."]
        lines = [
            f"{n} pair{'s' if n != 1 else ''} reported: {k} agreed ({k / n:.0%}), "
            f"{n - k} reached no deal."
        ]
        if k:
            lines.append(
                f"{len(self.on_frontier)} of the {k} agreements lie on the Pareto frontier; "
                f"{k - len(self.outside_zone)} lie inside the agreement zone."
            )
            for pr in self.outside_zone:
                losers = ", ".join(self.label(p) for p, g in pr.gains.items() if g < 0)
                lines.append(
                    f"{self.name(pr)} is outside the zone: {losers} accepted less than its "
                    "reservation value."
                )
            means = ", ".join(f"{self.label(p)} {self.mean_value(p):g}" for p in s.party_ids)
            lines.append(f"Average points in the agreements: {means}.")
            best = self.best_joint_gain
            nash = f"; the Nash point gives {a.joint_gain(a.nash):g}" if a.nash is not None else ""
            lines.append(
                f"Average joint gain of the agreements: {self.mean_joint_gain:g} points above "
                f"the reservation values (the most inside the agreement zone is {best:g}{nash})."
                if best is not None
                else f"Average joint gain of the agreements: {self.mean_joint_gain:g} points."
            )
            top = self.best_agreement
            if top is not None and (best is None or top.joint_gain > best):
                lines.append(
                    f"{self.name(top)} reached a joint gain of {top.joint_gain:g}, more than any "
                    "package inside the zone, because its package leaves "
                    + ", ".join(self.label(p) for p, g in top.gains.items() if g < 0)
                    + " below its reservation value: a larger sum is not a better deal for all."
                )
            more = self.gained_more()
            split = "; ".join(
                f"{self.label(p)} gained more in {c}" for p, c in more.items() if p and c
            )
            even = f"; even split in {more['']}" if more[""] else ""
            gap = (
                "the two gains differ"
                if self.two
                else "the largest and the smallest gain of an agreement differ"
            )
            lines.append(
                f"Balance: {gap} by {self.mean_gap:g} points on average"
                + (f" ({split}{even})." if split or even else ".")
            )
        if a.nash is not None:
            lines.append(
                "Nash point: "
                + ", ".join(f"{self.label(p)} {v:g}" for p, v in a.utilities(a.nash).items())
                + "."
            )
        if s.reference is not None:
            ref_index = a.index(s.reference.outcome)
            same = sum(1 for p in self.agreements if p.index == ref_index)
            lines.append(
                f"The real package ({s.reference.label}): "
                + ", ".join(f"{self.label(p)} {v:g}" for p, v in a.utilities(ref_index).items())
                + f"; {same} pair{'s' if same != 1 else ''} reached exactly this package."
            )
        return lines

    @staticmethod
    def name(pr: PairResult) -> str:
        """'Pair 8', or '8 (Table by the window)' when the pair's own name is not a number."""
        if pr.result.pair.casefold() in (f"pair {pr.number}", str(pr.number)):
            return pr.result.pair
        return f"{pr.number} ({pr.result.pair})"

    def position(self, index: int | None) -> str:
        """Where a package lies: on the frontier, below it, outside the zone, or no deal."""
        a = self.analysis
        if index is None:
            return "no deal"
        if not a.in_zone(index):
            who = ", ".join(self.label(p) for p in a.rejecters(index))
            return f"outside the zone ({who} below its reservation value)"
        if a.on_frontier(index):
            return "on the frontier"
        steps = a.frontier_steps(index)
        return (
            f"{a.frontier_distance(index):.1f} points below the frontier "
            f"({steps} issue{'s' if steps != 1 else ''} to change)"
        )

    # -- pieces of the report ------------------------------------------------------------
    def chart_svg(self, id_prefix: str = "debrief-chart") -> str | None:
        """The chart, or ``None`` when the scenario does not have exactly two parties (then
        :meth:`panel_svgs` draws one panel per pair of parties)."""
        if not self.two:
            return None
        return self._chart(None, id_prefix)

    def panel_svgs(self, id_prefix: str = "debrief-chart") -> list[tuple[str, str, str]]:
        """(x party, y party, SVG) for every pair of parties: the class's results seen two
        delegations at a time. With two parties, the one chart."""
        if self.two:
            a, b = self.scenario.party_ids
            return [(a, b, self._chart(None, id_prefix))]
        return [
            (a, b, self._chart((a, b), f"{id_prefix}-{a}-{b}"))
            for a, b in combinations(self.scenario.party_ids, 2)
        ]

    def _chart(self, parties: tuple[str, str] | None, id_prefix: str) -> str:
        marks = [PairMark(p.number, p.result.pair, p.index) for p in self.pairs]
        title = f"Every pair's result in score space: {self.scenario.title}"
        if parties is not None:
            title += f" ({self.label(parties[0])} and {self.label(parties[1])})"
        return score_space_chart(
            self.analysis,
            pairs=marks,
            title=title,
            desc=" ".join(self.summary_lines()),
            id_prefix=id_prefix,
            parties=parties,
        )

    def chart_html(self, id_prefix: str = "debrief-chart") -> str:
        summary = "".join(f"<li>{html.escape(line)}</li>" for line in self.summary_lines())
        if self.two:
            a, b = (self.label(p) for p in self.scenario.party_ids)
            figure = (
                f'<figure>{self.chart_svg(id_prefix)}<figcaption class="small">Each grey dot is '
                f"a possible package, placed by its points for {html.escape(a)} (across) and "
                f"{html.escape(b)} (up). Numbers refer to the table of agreements."
                "</figcaption></figure>"
            )
        else:
            n = len(self.scenario.parties)
            panels = "".join(
                f'<figure style="flex: 1 1 300px; margin: 0">{svg}<figcaption class="small">'
                f"{html.escape(self.label(a))} (across) and {html.escape(self.label(b))} (up)"
                "</figcaption></figure>"
                for a, b, svg in self.panel_svgs(id_prefix)
            )
            figure = (
                f'<div class="panels" style="flex: 3 1 600px"><p class="small">{n} delegations: '
                "one panel for each two of them. Each dot is a possible package placed by "
                "those two delegations' points; green dots are in the agreement zone, which "
                "every delegation must clear, and a red ring marks a package on the Pareto "
                f"frontier (for all {n}). Numbers refer to the table of agreements.</p>"
                f'<div style="display: flex; flex-wrap: wrap; gap: 0.5rem">{panels}</div></div>'
            )
        # Inline layout, so that the chart sits beside its summary in a notebook or a
        # book page too, where the handout stylesheet is absent.
        return (
            '<div class="chart-row" style="display: flex; flex-wrap: wrap; gap: 1rem; '
            f'align-items: flex-start">{figure}'
            '<div class="chart-summary" style="flex: 2 1 240px">'
            f"<p><strong>In words</strong></p><ul>{summary}</ul></div></div>"
        )

    def table(self) -> Table:
        """One row per pair (then the Nash point and the real package), one column per issue."""
        s, a = self.scenario, self.analysis

        def options(outcome) -> list:
            if outcome is None:
                return [runs("no deal")] + [()] * (len(s.issues) - 1)
            return [runs(label) for _issue, label in s.describe(outcome)]

        def numbers(values: dict, joint: float, gap: float, index: int | None) -> list:
            return [
                *[runs(f"{values[p]:g}") for p in s.party_ids],
                runs(f"{joint:g}"),
                runs(f"{gap:g}"),
                runs(self.position(index)),
            ]

        rows = []
        for pr in self.pairs:
            names = " · ".join(v for v in pr.result.parties.values() if v)
            rows.append(
                (
                    runs(str(pr.number)),
                    runs(Strong(pr.result.pair), f" ({names})" if names else ""),
                    *options(pr.result.agreement),
                    *numbers(pr.values, pr.joint_gain, pr.gap, pr.index),
                )
            )
        for label, index in self._benchmarks():
            rows.append(
                (
                    (),
                    runs(Strong(label)),
                    *options(a.outcome(index)),
                    *numbers(a.utilities(index), a.joint_gain(index), a.gain_gap(index), index),
                )
            )
        labels = [self.label(p) for p in s.party_ids]
        first_number = 2 + len(s.issues)
        return Table(
            ("#", "Pair", *[i.label for i in s.issues], *labels, "Joint gain", "Gap", "Position"),
            tuple(rows),
            numeric=(0, *range(first_number, first_number + len(labels) + 2)),
            style="compact agreements",
        )

    def _benchmarks(self) -> list[tuple[str, int]]:
        a, s = self.analysis, self.scenario
        out = []
        if a.nash is not None:
            out.append(("Nash point", a.nash))
        if s.reference is not None:
            out.append((s.reference.label, a.index(s.reference.outcome)))
        return out

    def numbers_table(self) -> Table:
        rate = self.agreement_rate
        rows = [
            ("Pairs reported", f"{len(self.pairs)}"),
            (
                "Agreement rate",
                f"{rate:.0%} ({len(self.agreements)} of {len(self.pairs)})"
                if rate is not None
                else "n/a",
            ),
            ("On the Pareto frontier", f"{len(self.on_frontier)} of {len(self.agreements)}"),
            (
                "Inside the agreement zone",
                f"{len(self.agreements) - len(self.outside_zone)} of {len(self.agreements)}",
            ),
            ("Average joint gain", _num(self.mean_joint_gain)),
            ("Largest joint gain in the agreement zone", _num(self.best_joint_gain)),
            (
                "Largest joint gain among the agreements",
                _num(self.best_agreement.joint_gain if self.best_agreement else None),
            ),
            (
                "Average gap between the gains (balance)"
                if self.two
                else "Average gap between the largest and the smallest gain (balance)",
                _num(self.mean_gap),
            ),
        ]
        for p in self.scenario.party_ids:
            rows.append(
                (
                    f"Average points for {self.label(p)} "
                    f"(reservation {self.scenario.party(p).reservation:g})",
                    _num(self.mean_value(p)),
                )
            )
        return Table(("Measure", "Value"), tuple((runs(k), runs(v)) for k, v in rows), numeric=(1,))

    def files_table(self) -> Table:
        used: dict[str, int] = {}
        for pr in self.pairs:
            used[pr.result.file] = used.get(pr.result.file, 0) + 1
        problems = self.skipped
        rows = []
        for f in self.files:
            found = problems.get(f, [])
            lines: list = []
            for problem in found:
                if lines:
                    lines.append(Break())
                lines.append(f"line {problem.line}: " if problem.line else "")
                lines.append(("warning: " if problem.warning else "") + problem.message)
            n = used.get(f, 0)
            status = f"{n}" if n or not found else "skipped"
            rows.append((runs(Code(f)), runs(status), tuple(lines) or runs("\u2014")))
        return Table(
            ("File", "Pairs used", "Problems"),
            tuple(rows) or ((runs("none"), (), ()),),
            numeric=(1,),
            style="compact files",
        )

    def handout(self) -> Handout:
        s = self.scenario
        blocks: list = [
            Heading(
                2,
                "All results on one chart"
                if self.two
                else "All results, two delegations at a time",
            ),
            Raw(self.chart_html(), "\n".join(f"- {line}" for line in self.summary_lines())),
            Heading(2, "The agreements"),
            self.table(),
            Para(
                runs(
                    "Joint gain: the sum of both delegations' points above their reservation "
                    "values. Gap: how far apart the two gains are (0 is an even split). "
                    "Position: below the frontier means another package was better for both."
                    if self.two
                    else "Joint gain: the sum of every delegation's points above its "
                    "reservation value. Gap: how far apart the largest and the smallest gain "
                    "are (0 is an even split). Position: below the frontier means another "
                    "package was at least as good for every delegation and better for one."
                ),
                "small",
            ),
            Heading(2, "Summary numbers"),
            self.numbers_table(),
            illustrative_box(s),
            Heading(2, "Questions for the debrief"),
            Bullets(tuple(debrief_items(s)), ordered=True),
        ]
        blocks += [
            Heading(2, "Files read"),
            Para(
                runs(
                    "Every results file given, how many pairs it added, and any problem found. "
                    "A record with a problem is left out of the chart and the tables: fix the "
                    "file and run the debrief again."
                )
            ),
            self.files_table(),
        ]
        n = len(self.pairs)
        return Handout(
            title=f"Class debrief: {s.title}",
            subtitle=f"{n} pair{'s' if n != 1 else ''} · {len(self.agreements)} agreement"
            f"{'s' if len(self.agreements) != 1 else ''}",
            blocks=tuple(blocks),
            running_head=f"Class debrief · {s.title}{variant_head(s)}",
            footer="peacekit debrief · the points are illustrative",
            kind="report",
            meta={"scenario": s.id, "sheet": "debrief", **variant_meta(s)},
            landscape=True,
        )

    def report_html(self) -> str:
        return to_html(self.handout())

    def fragment_html(self, id_prefix: str = "debrief-chart") -> str:
        """Chart, summary and table without a page around them (for a notebook cell)."""
        return (
            self.chart_html(id_prefix)
            + _table_fragment(self.table())
            + (
                "<p><strong>Skipped:</strong></p><ul>"
                + "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in self.problems)
                + "</ul>"
                if self.problems
                else ""
            )
        )


def _table_fragment(table: Table) -> str:
    """The table for a notebook or book page: scrolls sideways rather than squeezing."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html_runs(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return (
        '<div style="overflow-x: auto"><table style="font-size: 0.85em; min-width: 56rem">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _natural(label: str) -> list:
    """'Table 2' before 'Table 10': numbers in a pair's name sort as numbers."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", label)
        if part
    ]


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


def class_debrief(scenario: Scenario, paths: Iterable[str | Path]) -> ClassDebrief:
    """Read every results file and value each pair's result against the scenario."""
    paths = list(paths)
    records, problems = read_results(paths, scenario)
    a = analyse(scenario)
    pairs = []
    records = sorted(records, key=lambda r: _natural(r.pair))
    for n, rec in enumerate(records, 1):
        if rec.agreed:
            index = a.index(rec.agreement)
            values = a.utilities(index)
            gains = a.gains(index)
        else:
            index = None
            values = {p: scenario.party(p).reservation for p in scenario.party_ids}
            gains = {p: 0.0 for p in scenario.party_ids}
        pairs.append(PairResult(n, rec, index, values, gains))
    return ClassDebrief(
        scenario=scenario,
        analysis=a,
        pairs=pairs,
        problems=problems,
        files=[str(p) for p in results_paths(paths)],
    )
