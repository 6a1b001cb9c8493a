"""The ``peacekit`` command line: check, inspect and use scenario files in class.

Every problem with a user's file is printed as ``FILE:LINE: message`` (``FILE:
message`` when the file as a whole cannot be used), one per line, and the command
exits with status 1; a mistake on the command line exits with 2. A traceback is
never shown: an unexpected error is reported in one line with a request to file an
issue (status 3), and a reader that closes the output early (``| head``) ends the
command quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .classroom.debrief import class_debrief
from .classroom.hub_link import (
    DEFAULT_BRANCH,
    DEFAULT_OPEN,
    DEFAULT_REPOSITORY,
    INTERFACES,
    HubLinkError,
    hub_link,
)
from .classroom.packet_index import word_report
from .classroom.role_sheets import balance_warnings, role_sheets, write_role_sheets
from .model.analysis import analyse
from .model.role_play import MINUTES_RANGE
from .model.scenario import Scenario
from .model.variants import VARIANT_RANGE, VariantError, derive_variant
from .scenarios.problems import Problem, ScenarioError
from .scenarios.results_file import LOOKED_FOR
from .scenarios.safe_files import FileProblem, WouldReplace, os_reason, write_folder
from .scenarios.scenario_file import builtin_scenario_names, builtin_scenario_path, check_scenario
from .scenarios.yaml_reader import Reader, read_yaml

EPILOG = """\
A SCENARIO is a YAML file, or the name of a built-in scenario: {names}
(written with '-' or '_'). A file of that name in the current folder is read
instead, with a note.
The scenario format is documented in the course book's instructor appendix.

Exit status:
  0  done (warnings, if any, are printed as FILE:LINE: warning: ...)
  1  a file has a problem: each is printed as FILE:LINE: message, or FILE: message
     when the file as a whole cannot be used (missing, a folder, a device, no
     permission); or an output file would be replaced (see --force)
  2  a mistake on the command line (an unknown option, a value out of range)
  3  a fault in peacekit itself: please report it with the file you used
  141  the output was closed early (peacekit show FILE | head): nothing more is printed
"""

#: The exit status of a command whose reader closed the pipe, as for a shell's SIGPIPE.
CLOSED_PIPE = 141


def builtin_name(name: str) -> str | None:
    """The built-in scenario ``name`` stands for, in either spelling (``december-2023`` or
    ``december_2023``, its id), or ``None``."""
    wanted = name.replace("_", "-")
    return wanted if wanted in builtin_scenario_names() else None


def resolve(name: str) -> tuple[Path, str, str]:
    """(path, label, notice): a path as given, or a built-in scenario by name.

    A file in the current folder named like a built-in scenario is read, with a one-line
    notice, so that nobody wonders why ``december-2023`` shows something else.
    """
    builtin = builtin_name(name)
    path = Path(name)
    if builtin is None:
        return path, name, ""
    if os.path.lexists(path):
        notice = (
            f"{name}: note: reading this file, not the built-in scenario '{builtin}'"
            if os.sep not in name and "/" not in name
            else ""
        )
        return path, name, notice
    return builtin_scenario_path(builtin), f"{builtin}.yaml", ""


def load(name: str) -> tuple[Scenario, list]:
    path, label, notice = resolve(name)
    if notice:
        print(notice, file=sys.stderr)
    return check_scenario(path, name=label)


def load_or_report(name: str) -> tuple[Scenario, list] | None:
    """The scenario and its warnings, or None after printing each of its problems."""
    try:
        return load(name)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


# -- validate --------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        loaded = load_or_report(name)
        if loaded is None:
            status = 1
            continue
        scenario, warnings = loaded
        for warning in warnings:
            print(warning, file=sys.stderr)
        print(
            f"{name}: valid scenario '{scenario.id}': {_n(len(scenario.parties), 'party')}, "
            f"{_n(len(scenario.issues), 'issue')}, {_n(scenario.outcomes_count, 'outcome')}"
        )
    return status


def _n(count: int, noun: str) -> str:
    plural = "parties" if noun == "party" else noun + "s"
    return f"{count:,} {noun if count == 1 else plural}"


# -- show ------------------------------------------------------------------------------------
def parse_trust(values: Sequence[str], scenario: Scenario) -> dict[str, float]:
    trust = {}
    for item in values:
        party, _, number = item.partition("=")
        if party not in scenario.party_ids or not number:
            raise ValueError(
                f"--trust '{item}': expected PARTY=NUMBER with PARTY one of "
                + ", ".join(scenario.party_ids)
            )
        try:
            t = float(number)
        except ValueError:
            raise ValueError(f"--trust '{item}': '{number}' is not a number") from None
        if not 0 <= t <= 1:
            raise ValueError(f"--trust '{item}': expected a number from 0 to 1")
        trust[party] = t
    return trust


def analysis_json(scenario: Scenario) -> dict:
    """The analysis at full trust, in the documented ``show --json`` shape."""
    a = analyse(scenario)
    return {
        "scenario": scenario.id,
        "title": scenario.title,
        "issues": [{"id": i.id, "options": list(i.option_ids)} for i in scenario.issues],
        "parties": [
            {
                "id": p.id,
                "reservation": p.reservation,
                "scores": {i: dict(opts) for i, opts in scenario.scores[p.id].items()},
            }
            for p in scenario.parties
        ],
        "outcomes_count": a.count,
        "agreement_zone_size": a.zone_size,
        "pareto_frontier": [scenario.choices(a.outcome(i)) for i in a.frontier],
        "nash": scenario.choices(a.outcome(a.nash)) if a.nash is not None else None,
        "nash_ties": [scenario.choices(a.outcome(i)) for i in a.nash_ties],
        "kalai_smorodinsky": (
            scenario.choices(a.outcome(a.kalai_smorodinsky))
            if a.kalai_smorodinsky is not None
            else None
        ),
        "kalai_smorodinsky_ties": [
            scenario.choices(a.outcome(i)) for i in a.kalai_smorodinsky_ties
        ],
    }


def cmd_show(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.file)
    if loaded is None:
        return 1
    scenario, warnings = loaded
    if args.json:
        if args.trust or args.guarantor:
            print(
                "peacekit show: --json reports the analysis at full trust; "
                "drop --trust and --guarantor",
                file=sys.stderr,
            )
            return 2
        print(json.dumps(analysis_json(scenario), indent=2, ensure_ascii=False))
        return 0
    try:
        trust = parse_trust(args.trust or [], scenario)
        if args.guarantor and args.guarantor not in [t.id for t in scenario.third_parties]:
            raise ValueError(
                f"--guarantor '{args.guarantor}' is not a third party of this "
                "scenario; expected one of: "
                + (", ".join(t.id for t in scenario.third_parties) or "(none)")
            )
    except ValueError as exc:
        print(f"peacekit show: {exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(render_show(scenario, trust, args.guarantor))
    return 0


def render_show(scenario: Scenario, trust: dict[str, float], guarantor: str | None) -> str:
    a = analyse(scenario, trust, guarantor)
    out = [scenario.title, "=" * len(scenario.title), "", scenario.illustrative_note, ""]
    if trust or guarantor:
        setting = ", ".join(f"{p} trusts at {t:g}" for p, t in trust.items())
        if guarantor:
            g = scenario.third_party(guarantor)
            active = a.credibility.guarantor_active(scenario.party_ids)
            setting += ("; " if setting else "") + (
                f"guarantor {g.name} (accepted by all)"
                if active
                else f"guarantor {g.name} is vetoed by "
                + ", ".join(g.vetoed_by(scenario.party_ids))
                + ", so it restores nothing"
            )
        out += [f"Valued at: {setting}", ""]
    for party in scenario.parties:
        out.append(f"Scoring table of {party.name} (reservation value {party.reservation:g})")
        for issue in scenario.issues:
            out.append(f"  {issue.label}")
            for option in issue.options:
                mark = " (promise)" if option.is_promise else ""
                out.append(
                    f"    {scenario.scores[party.id][issue.id][option.id]:>7g}  "
                    f"{option.label}{mark}"
                )
        out.append("")
    ids = scenario.party_ids
    out.append(f"Outcomes: {a.count:,}; in the agreement zone: {a.zone_size:,}")
    out.append("")
    out.append("Pareto frontier (" + ", ".join(ids) + "; * = inside the agreement zone)")
    zone = set(a.zone)
    for i in a.frontier:
        values = ", ".join(f"{v:g}" for v in a.point(i))
        star = "*" if i in zone else " "
        options = " | ".join(a.outcome(i))
        out.append(f"  {star} ({values})  {options}")
    out.append("")
    if a.nash is None:
        out.append("Nash point: none (the agreement zone is empty)")
    else:
        out += _fair_point(
            a,
            a.nash_ties,
            "Nash point (largest product of gains over the reservation values)",
            "product",
        )
        out.append("")
        out += _fair_point(
            a,
            a.kalai_smorodinsky_ties,
            "Kalai–Smorodinsky point (largest share of its best gain in the zone that every "
            "party gets)",
            "share",
        )
    if scenario.reference is not None:
        ref = scenario.reference
        out += [
            "",
            f"{ref.label}: "
            + ", ".join(f"{p} {v:g}" for p, v in a.utilities(ref.outcome).items())
            + ("; in the zone" if a.in_zone(ref.outcome) else "; outside the zone")
            + ("; on the frontier" if a.on_frontier(ref.outcome) else ""),
        ]
    return "\n".join(out)


def _fair_point(a, ties: list[int], title: str, measure: str) -> list[str]:
    """A fair point in words, and every package tied with it."""
    scenario = a.scenario
    out = [f"{title}:"]
    out += [f"  {issue}: {option}" for issue, option in scenario.describe(a.outcome(ties[0]))]
    out.append("  values: " + ", ".join(f"{p} {v:g}" for p, v in a.utilities(ties[0]).items()))
    if len(ties) > 1:
        out.append(
            f"  {len(ties)} packages tie with the same largest {measure}; the one named above "
            "has the largest joint gain (then comes first in the order of outcomes). All of them:"
        )
        for i in ties:
            values = ", ".join(f"{v:g}" for v in a.point(i))
            out.append(f"    ({values})  " + " | ".join(a.outcome(i)))
    return out


# -- roles ---------------------------------------------------------------------------------
def cmd_roles(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.file)
    if loaded is None:
        return 1
    scenario, warnings = loaded
    low, high = MINUTES_RANGE
    if args.minutes is not None and not low <= args.minutes <= high:
        print(
            f"peacekit roles: --minutes {args.minutes}: expected {low} to {high}", file=sys.stderr
        )
        return 2
    if not 1 <= args.pairs <= 500:
        print(f"peacekit roles: --pairs {args.pairs}: expected 1 to 500", file=sys.stderr)
        return 2
    scenario = variant_or_report("roles", args, scenario)
    if not isinstance(scenario, Scenario):
        return scenario
    sheets = role_sheets(scenario, minutes=args.minutes, paper=args.paper)
    label = resolve(args.file)[1]
    for warning in [*warnings, *balance_warnings(sheets, label)]:
        print(warning, file=sys.stderr)
    try:
        written, notes = write_role_sheets(
            sheets, args.out, template_rows=args.pairs, force=args.force
        )
    except (WouldReplace, FileProblem, OSError) as exc:
        return _not_written("roles", args.out, exc)
    for note in notes:
        print(note, file=sys.stderr)
    variant = f", variant {scenario.variant}" if scenario.variant else ""
    print(
        f"{args.out}: {len(written)} files for '{scenario.id}'{variant} "
        f"({len(scenario.parties)} confidential sheets, {sheets.minutes} minutes of negotiation, "
        f"{args.paper.upper() if args.paper == 'a4' else 'Letter'}); open "
        f"{Path(args.out) / 'index.html'}"
    )
    for line in word_report(scenario):
        print(line)
    return 0


def variant_or_report(command: str, args: argparse.Namespace, scenario: Scenario) -> Scenario | int:
    """The classroom variant that ``--variant`` asks for, or an exit status after one line:
    2 for a number out of range, 1 when the scenario's bounds allow no variant."""
    if not args.variant:
        return scenario
    low, high = VARIANT_RANGE
    if not low <= args.variant <= high:
        print(
            f"peacekit {command}: --variant {args.variant}: expected a whole number from {low} "
            f"to {high}",
            file=sys.stderr,
        )
        return 2
    try:
        return derive_variant(scenario, args.variant)
    except VariantError as exc:
        path, label, _notice = resolve(args.file)
        print(f"{label}:{variants_line(path)}: classroom.variants: {exc}", file=sys.stderr)
        return 1


def variants_line(path: Path) -> int:
    """The line of the scenario's variant bounds, else of its classroom section, else of its
    scores: where an instructor would widen the bounds."""
    data = read_yaml(path)
    section = data.get("classroom")
    if isinstance(section, dict) and "variants" in section:
        return Reader.line_of(section, "variants")
    return Reader.line_of(data, "classroom" if "classroom" in data else "scores")


def _not_written(command: str, out: str | Path, exc: Exception) -> int:
    """Say in one line per file why nothing was written, and return the exit status."""
    if isinstance(exc, WouldReplace):
        for path in exc.paths:
            print(f"{path}: exists and differs from the new file; not replaced", file=sys.stderr)
        n = len(exc.paths)
        print(
            f"peacekit {command}: nothing written; add --force to replace "
            f"{'this file' if n == 1 else f'these {n} files'}, or choose another --out",
            file=sys.stderr,
        )
    elif isinstance(exc, FileProblem):
        print(Problem(str(out), None, f"cannot be written: {exc.reason}"), file=sys.stderr)
    else:
        where = exc.filename if isinstance(exc, OSError) and exc.filename else out
        print(
            Problem(str(where), None, f"cannot be written: {os_reason(where, exc)}"),
            file=sys.stderr,
        )
    return 1


# -- debrief -------------------------------------------------------------------------------
def cmd_debrief(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.file)
    if loaded is None:
        return 1
    scenario, _warnings = loaded
    scenario = variant_or_report("debrief", args, scenario)
    if not isinstance(scenario, Scenario):
        return scenario
    report = class_debrief(scenario, args.results)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not report.files:
        print(
            "peacekit debrief: no results files found in "
            + ", ".join(args.results)
            + f" (looked for {LOOKED_FOR}); no report written",
            file=sys.stderr,
        )
        return 1
    out = Path(args.out)
    try:
        write_folder(out.parent, {out.name: report.report_html().encode("utf-8")}, force=args.force)
    except (WouldReplace, FileProblem, OSError) as exc:
        return _not_written("debrief", out, exc)
    n, k = len(report.pairs), len(report.agreements)
    skipped = len({p.file for p in report.problems if not p.warning})
    print(
        f"{out}: {n} pair{'s' if n != 1 else ''}, {k} agreement{'s' if k != 1 else ''}"
        + (f" ({k / n:.0%})" if n else "")
        + (f"; {skipped} file{'s' if skipped != 1 else ''} with problems" if skipped else "")
    )
    return 1 if any(not p.warning for p in report.problems) else 0


# -- hub-link ------------------------------------------------------------------------------
def cmd_hub_link(args: argparse.Namespace) -> int:
    try:
        link = hub_link(
            args.hub,
            repository=args.repo,
            branch=args.branch,
            open_path=args.open,
            interface=args.interface,
        )
    except HubLinkError as exc:
        print(f"peacekit hub-link: {exc}", file=sys.stderr)
        return 2
    print(link.url)
    return 0


# -- the parser ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Command:
    """A subcommand: what runs it, its one-line help, its description and its arguments."""

    run: Callable[[argparse.Namespace], int]
    help: str
    description: str
    arguments: tuple[tuple[tuple[str, ...], dict], ...]


def arg(*flags: str, **options) -> tuple[tuple[str, ...], dict]:
    """One argument of a subcommand, as ``argparse.add_argument`` takes it."""
    return flags, options


SCENARIO = arg("file", metavar="SCENARIO")
VARIANT = arg(
    "--variant",
    type=int,
    default=0,
    metavar="N",
    help="classroom variant N (1 to 9999): private numbers that differ from the published "
    "scenario's, the same for the same N",
)
FORCE = arg(
    "--force",
    action="store_true",
    help="replace files that already exist with other content (without it, nothing is "
    "replaced: the command lists them and exits with status 1)",
)

COMMANDS: dict[str, Command] = {
    "validate": Command(
        cmd_validate,
        "check scenario files; exit 0 when all are valid, 1 when not",
        "Check one or more scenario files. Each problem is printed as "
        "FILE:LINE: message. Exit status 0 when every file is valid, 1 when not.",
        (arg("files", nargs="+", metavar="SCENARIO"),),
    ),
    "show": Command(
        cmd_show,
        "print a scenario's scoring tables, agreement zone, frontier and fair points",
        "Print the scoring tables, the size of the agreement zone, the Pareto "
        "frontier (over all outcomes; * marks those inside the agreement zone), and the Nash "
        "and Kalai–Smorodinsky points with every package tied with them. With --json, print "
        "the analysis at full trust as JSON for scripts (keys: issues, parties, "
        "outcomes_count, agreement_zone_size, pareto_frontier, nash, nash_ties, "
        "kalai_smorodinsky, kalai_smorodinsky_ties).",
        (
            SCENARIO,
            arg("--json", action="store_true", help="print the analysis at full trust as JSON"),
            arg(
                "--trust",
                nargs="*",
                metavar="PARTY=T",
                help="value each party's view of the other side's promises at trust T (0-1)",
            ),
            arg(
                "--guarantor",
                metavar="ID",
                help="a third party that restores part of each promise's value, if all accept",
            ),
        ),
    ),
    "roles": Command(
        cmd_roles,
        "write print-ready role sheets, an agreement form and a results template",
        "Write the handouts for a face-to-face mock negotiation: a general brief "
        "for everyone, one confidential sheet per delegation, an agreement form, a facilitator "
        "sheet with the answer key, and results-template.csv (one row per pair, one column "
        "per issue); with the scenario's role play also one sheet per team member, the "
        "mediator's and observer's sheets and the event cards. Each handout is written as "
        "print-ready HTML (A4 or Letter) and as Markdown. With --variant N, the points, "
        "reservation values and private numbers differ from the published scenario's, the "
        "same for the same N.",
        (
            SCENARIO,
            arg(
                "--out",
                metavar="DIR",
                default="role-sheets",
                help="folder to write to (default: %(default)s)",
            ),
            arg(
                "--minutes",
                type=int,
                default=None,
                metavar="N",
                help="negotiation time in minutes, 15 to 90 (default: the scenario's role play "
                "says, else 30)",
            ),
            VARIANT,
            arg(
                "--paper",
                choices=("a4", "letter"),
                default="a4",
                help="paper size of the print-ready pages (default: %(default)s)",
            ),
            arg(
                "--pairs",
                type=int,
                default=12,
                metavar="N",
                help="rows in the results template (default: %(default)s)",
            ),
            FORCE,
        ),
    ),
    "debrief": Command(
        cmd_debrief,
        "chart and tabulate a class's results against the frontier and the Nash point",
        "Read the pairs' results files (JSON or YAML from the exercises, CSV from "
        "the results template; a folder stands for the results files in it) and write one "
        "HTML report: every result on a chart with the agreement zone, the Pareto frontier, "
        "the Nash point and the real package; a table; the agreement rate, joint gain and "
        "balance; the debrief questions. A bad or duplicated file is reported as "
        "FILE:LINE: message and left out; the report is written anyway (exit status 1). "
        "Results from a classroom variant are scored with --variant N, and results of "
        "another variant are refused.",
        (
            SCENARIO,
            arg("results", nargs="+", metavar="RESULTS"),
            arg(
                "--out",
                metavar="FILE",
                default="debrief.html",
                help="report to write (default: %(default)s)",
            ),
            VARIANT,
            FORCE,
        ),
    ),
    "hub-link": Command(
        cmd_hub_link,
        "print the nbgitpuller link that opens the exercises on a JupyterHub",
        "Print the link to give students on a university's JupyterHub: it copies the "
        "course's repository into each student's home folder (and brings in later "
        "changes, keeping theirs) and opens the exercises. The hub needs nbgitpuller and "
        "the course's environment (binder/requirements.txt). A value the link cannot be "
        "made from is reported in one line, with exit status 2.",
        (
            arg(
                "--hub",
                required=True,
                metavar="URL",
                help="the hub's address, as students type it: https://hub.example.edu",
            ),
            arg(
                "--repo",
                metavar="URL",
                default=DEFAULT_REPOSITORY,
                help="the repository to copy, such as your copy of the course "
                "(default: %(default)s)",
            ),
            arg(
                "--branch",
                metavar="NAME",
                default=DEFAULT_BRANCH,
                help="its branch (default: %(default)s)",
            ),
            arg(
                "--open",
                metavar="PATH",
                default=DEFAULT_OPEN,
                help="the file or folder to open, inside the repository (default: %(default)s)",
            ),
            arg(
                "--interface",
                metavar="|".join(INTERFACES),
                default="lab",
                help="JupyterLab or Jupyter Notebook 7 (default: %(default)s)",
            ),
        ),
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peacekit",
        description="Check, inspect and use the mock-negotiation scenarios of the course "
        "'No silver bullet'.",
        epilog=EPILOG.format(names=", ".join(builtin_scenario_names())),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"peacekit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        p = sub.add_parser(name, help=command.help, description=command.description)
        for flags, options in command.arguments:
            p.add_argument(*flags, **options)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        status = COMMANDS[args.command].run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return CLOSED_PIPE
    except Exception as exc:  # never show a traceback to a user
        print(
            f"peacekit {args.command}: unexpected error ({type(exc).__name__}: {exc}); "
            "please report it with the file you used",
            file=sys.stderr,
        )
        return 3


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's own flush at exit does
    not complain about the closed pipe either."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
