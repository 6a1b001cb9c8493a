"""The classroom subcommands of ``peacekit``: ``roles`` and ``debrief``.

Kept apart from :mod:`peacekit.cli` so that the shared command-line module
only registers them. The same rules hold: every problem is one line
``FILE:LINE: message`` on standard error, and nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _load(name: str):
    """The scenario and its warnings, or None after printing its problems."""
    from .cli import load_or_report  # cli imports this module; the call is at run time only

    return load_or_report(name)


# -- roles ---------------------------------------------------------------------------------
def add_roles_parser(sub) -> None:
    p = sub.add_parser(
        "roles",
        help="write print-ready role sheets, an agreement form and a results template",
        description="Write the handouts for a face-to-face mock negotiation: a general brief "
        "for everyone, one confidential sheet per delegation, an agreement form, a facilitator "
        "sheet with the answer key, and results-template.csv (one row per pair, one column "
        "per issue). Each handout is written as print-ready HTML (A4) and as Markdown.",
    )
    p.add_argument("file", metavar="SCENARIO")
    p.add_argument(
        "--out",
        metavar="DIR",
        default="role-sheets",
        help="folder to write to (default: %(default)s)",
    )
    p.add_argument(
        "--minutes",
        type=int,
        default=40,
        metavar="N",
        help="negotiation time in minutes, 20 to 90 (default: %(default)s)",
    )
    p.add_argument(
        "--pairs",
        type=int,
        default=12,
        metavar="N",
        help="rows in the results template (default: %(default)s)",
    )


def cmd_roles(args: argparse.Namespace) -> int:
    from .role_sheets import balance_warnings, role_sheets, write_role_sheets

    loaded = _load(args.file)
    if loaded is None:
        return 1
    scenario, warnings = loaded
    if not 20 <= args.minutes <= 90:
        print(f"peacekit roles: --minutes {args.minutes}: expected 20 to 90", file=sys.stderr)
        return 2
    if not 1 <= args.pairs <= 500:
        print(f"peacekit roles: --pairs {args.pairs}: expected 1 to 500", file=sys.stderr)
        return 2
    sheets = role_sheets(scenario, minutes=args.minutes)
    label = str(_label(args.file))
    for warning in [*warnings, *balance_warnings(sheets, label)]:
        print(warning, file=sys.stderr)
    try:
        written, notes = write_role_sheets(sheets, args.out, template_rows=args.pairs)
    except OSError as exc:
        print(f"{args.out}:0: cannot write the role sheets ({exc.strerror})", file=sys.stderr)
        return 1
    for note in notes:
        print(note, file=sys.stderr)
    print(
        f"{args.out}: {len(written)} files for '{scenario.id}' "
        f"({len(scenario.parties)} confidential sheets); open {Path(args.out) / 'index.html'}"
    )
    return 0


def _label(name: str) -> str:
    from .cli import resolve

    return resolve(name)[1]


# -- debrief -------------------------------------------------------------------------------
def add_debrief_parser(sub) -> None:
    p = sub.add_parser(
        "debrief",
        help="chart and tabulate a class's results against the frontier and the Nash point",
        description="Read the pairs' results files (JSON or YAML from the exercises, CSV from "
        "the results template; a folder stands for the results files in it) and write one "
        "HTML report: every result on a chart with the agreement zone, the Pareto frontier, "
        "the Nash point and the real package; a table; the agreement rate, joint gain and "
        "balance; the debrief questions. A bad or duplicated file is reported as "
        "FILE:LINE: message and left out; the report is written anyway (exit status 1).",
    )
    p.add_argument("file", metavar="SCENARIO")
    p.add_argument("results", nargs="+", metavar="RESULTS")
    p.add_argument(
        "--out",
        metavar="FILE",
        default="debrief.html",
        help="report to write (default: %(default)s)",
    )


def cmd_debrief(args: argparse.Namespace) -> int:
    from .debrief import class_debrief

    loaded = _load(args.file)
    if loaded is None:
        return 1
    scenario, _warnings = loaded
    report = class_debrief(scenario, args.results)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report.report_html(), encoding="utf-8")
    except OSError as exc:
        print(f"{out}:0: cannot write the report ({exc.strerror})", file=sys.stderr)
        return 1
    n, k = len(report.pairs), len(report.agreements)
    skipped = len({p.file for p in report.problems if not p.warning})
    print(
        f"{out}: {n} pair{'s' if n != 1 else ''}, {k} agreement{'s' if k != 1 else ''}"
        + (f" ({k / n:.0%})" if n else "")
        + (f"; {skipped} file{'s' if skipped != 1 else ''} with problems" if skipped else "")
    )
    return 1 if any(not p.warning for p in report.problems) else 0
