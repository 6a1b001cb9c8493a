"""The ``peacekit`` command line: check, inspect and use scenario files.

Every problem with a user's file is printed as ``FILE:LINE: message``, one
per line, and the command exits with status 1. A traceback is never shown: an
unexpected error is reported in one line with a request to file an issue.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .classroom_cli import add_debrief_parser, add_roles_parser, cmd_debrief, cmd_roles
from .problems import ScenarioError
from .scenario import Scenario, builtin_scenario_names, builtin_scenario_path, check_scenario

EPILOG = """\
A SCENARIO is a YAML file, or the name of a built-in scenario: {names}.
The scenario format is documented in the course book's instructor appendix.
"""


def resolve(name: str) -> tuple[Path, str]:
    """A path as given, or a built-in scenario by name (``december-2023``)."""
    path = Path(name)
    if path.exists() or name not in builtin_scenario_names():
        return path, name
    return builtin_scenario_path(name), f"{name}.yaml"


def load(name: str) -> tuple[Scenario, list]:
    path, label = resolve(name)
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
    from .analysis import analyse

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
    from .analysis import analyse

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
        out.append("Nash point (largest product of gains over the reservation values):")
        for issue_label, option_label in scenario.describe(a.outcome(a.nash)):
            out.append(f"  {issue_label}: {option_label}")
        out.append("  values: " + ", ".join(f"{p} {v:g}" for p, v in a.utilities(a.nash).items()))
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


# -- the parser ------------------------------------------------------------------------------
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "show": cmd_show,
    "roles": cmd_roles,
    "debrief": cmd_debrief,
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

    p = sub.add_parser(
        "validate",
        help="check scenario files; exit 0 when all are valid, 1 when not",
        description="Check one or more scenario files. Each problem is printed as "
        "FILE:LINE: message. Exit status 0 when every file is valid, 1 when not.",
    )
    p.add_argument("files", nargs="+", metavar="SCENARIO")

    p = sub.add_parser(
        "show",
        help="print a scenario's scoring tables, agreement zone, frontier and Nash point",
        description="Print the scoring tables, the size of the agreement zone, the Pareto "
        "frontier and the Nash point. With --json, print the analysis at full trust as JSON "
        "for scripts (keys: issues, parties, outcomes_count, agreement_zone_size, "
        "pareto_frontier, nash).",
    )
    p.add_argument("file", metavar="SCENARIO")
    p.add_argument("--json", action="store_true", help="print the analysis at full trust as JSON")
    p.add_argument(
        "--trust",
        nargs="*",
        metavar="PARTY=T",
        help="value each party's view of the other side's promises at trust T (0-1)",
    )
    p.add_argument(
        "--guarantor",
        metavar="ID",
        help="a third party that restores part of each promise's value, if all accept",
    )
    add_roles_parser(sub)
    add_debrief_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never show a traceback to a user
        print(
            f"peacekit {args.command}: unexpected error ({type(exc).__name__}: {exc}); "
            "please report it with the file you used",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
