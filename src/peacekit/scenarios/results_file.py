"""Results files: how a pair's agreement (or no deal) gets from the table to the debrief.

Two ways in, one record:

* **JSON** (or YAML), one file per pair, written by the negotiation exercises'
  export button through :func:`peacekit.classroom.results.result_record` and
  :func:`peacekit.classroom.results.write_result`::

      {
        "format": "peacekit-result/1",
        "scenario": "december_2023",
        "pair": "Table 3",
        "parties": {"am": "Ani, Davit", "az": "Leyla, Murad"},
        "status": "agreed",
        "agreement": {"release_by_az": "r32", "release_by_am": "r2", ...},
        "notes": ""
      }

  ``status`` is ``agreed`` or ``no deal``; a no-deal record has
  ``"agreement": null``. A file may also hold a list of such records. A pair
  that played a classroom variant (``peacekit roles --variant N``) has
  ``"variant": N``; without it, the published numbers were played. A debrief
  scores one variant, and refuses a record of another.
* **CSV** for paper sessions: ``peacekit roles`` writes ``results-template.csv``
  with one row per pair and one column per issue (see
  :func:`peacekit.classroom.results.results_template_csv`).

Results come from students and from hand-typed spreadsheets, so
:func:`read_results` never raises on a bad file: every problem becomes a
one-line ``FILE:LINE: message``, the bad record is skipped, and the rest of the
class's results still reach the debrief. A pair reported twice is kept once.
"""

from __future__ import annotations

import csv
import difflib
import errno
import hashlib
import io
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..model.bargaining import AGREED, NO_DEAL
from ..model.scenario import Issue, Outcome, Scenario
from .problems import Problem, ScenarioError
from .safe_files import os_reason, too_deep_json
from .scenario_file import command_name
from .yaml_reader import (
    DEPTH_MESSAGE,
    MAX_NUMBER_CHARS,
    Reader,
    decode_utf8,
    read_file_bytes,
    read_yaml,
    refuse_control_characters,
)

FORMAT = "peacekit-result/1"
STATUSES = (AGREED, NO_DEAL)
SUFFIXES = (".json", ".yaml", ".yml", ".csv")
LOOKED_FOR = ".json, .yaml, .yml and .csv files"
#: A class has at most a few hundred pairs; more rows than this are not one class's sheet.
MAX_CSV_ROWS = 2_000


def same_id(scenario_id: str) -> str:
    """A scenario's id as written in a file: ``december-2023`` (the built-in's name, as on
    the command line) and ``december_2023`` (its id) are the same scenario."""
    return scenario_id.replace("-", "_")


_KEYS_REQUIRED = ("format", "scenario", "pair", "status")
_KEYS_OPTIONAL = ("parties", "agreement", "notes", "recorded", "variant")


@dataclass(frozen=True)
class Result:
    """One pair's reported result, checked against the scenario."""

    scenario: str
    pair: str
    status: str
    agreement: Outcome | None
    """One option id per issue, in the scenario's order; ``None`` for no deal."""
    parties: Mapping[str, str] = field(default_factory=dict)
    """Party id -> who played it (names or a team name), as reported."""
    notes: str = ""
    file: str = ""
    line: int = 0
    variant: int = 0
    """The classroom variant the pair played (0: the published numbers)."""

    @property
    def agreed(self) -> bool:
        return self.status == AGREED

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


# -- reading -------------------------------------------------------------------------------


def results_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a folder stands for its results files (sorted by name)."""
    return [path for path, _problem in _results_files(paths) if path is not None]


def _results_files(paths: Iterable[str | Path]) -> list[tuple[Path | None, Problem | None]]:
    """Each results file to read, in order, or a problem where an argument gives none.

    A folder stands for the files in it with a results file's suffix (anything but a
    sub-folder: a pipe or a device named ``*.json`` is refused when read, by name). A
    folder without one is a problem that says what was looked for and what was there.
    """
    found: list[tuple[Path | None, Problem | None]] = []
    for p in paths:
        path = Path(p)
        try:
            is_folder = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as exc:
            reason = "no such file or folder" if exc.errno == errno.ENOENT else None
            if reason and path.is_symlink():
                reason = None
            found.append((None, Problem(str(path), None, reason or os_reason(path, exc))))
            continue
        if not is_folder:
            found.append((path, None))
            continue
        try:
            with os.scandir(path) as entries:
                listed = sorted((e for e in entries if not e.is_dir()), key=lambda e: e.name)
        except OSError as exc:
            found.append((None, Problem(str(path), None, os_reason(path, exc))))
            continue
        usable = [Path(e.path) for e in listed if Path(e.name).suffix.lower() in SUFFIXES]
        found.extend((f, None) for f in usable)
        if not usable:
            others = [e.name for e in listed if not e.name.startswith(".")]
            seen = (
                f"; found {len(others)} other file{'s' if len(others) != 1 else ''}: "
                + ", ".join(others[:5])
                + (", …" if len(others) > 5 else "")
                if others
                else "; the folder is empty"
            )
            sheet = (
                " (save a spreadsheet as CSV)"
                if any(Path(o).suffix.lower() in (".xlsx", ".xls", ".ods") for o in others)
                else ""
            )
            found.append(
                (
                    None,
                    Problem(
                        str(path),
                        None,
                        f"no results files in this folder: looked for {LOOKED_FOR}{seen}{sheet}",
                    ),
                )
            )
    return found


def read_results(
    paths: Iterable[str | Path], scenario: Scenario
) -> tuple[list[Result], list[Problem]]:
    """Read results files (JSON, YAML, CSV; folders too) for one scenario.

    Returns the usable records in input order and every problem found. A bad
    record is skipped and reported; a file given twice is read once (with a note); a
    file that is a byte-for-byte copy of an earlier one is skipped; a pair reported
    twice keeps its first record.
    """
    listed = _results_files(paths)
    records: list[Result] = []
    problems: list[Problem] = [problem for _path, problem in listed if problem is not None]
    seen_content: dict[str, str] = {}
    seen_files: dict[str, str] = {}
    for path, _problem in listed:
        if path is None:
            continue
        label = str(path)
        same = os.path.normcase(os.path.realpath(path))
        if same in seen_files:
            twice = (
                "given twice"
                if seen_files[same] == label
                else f"the same file as {seen_files[same]}"
            )
            problems.append(Problem(label, None, f"{twice}; read once", warning=True))
            continue
        seen_files[same] = label
        try:
            raw = _read_bytes(path, label)
            digest = hashlib.sha256(raw).hexdigest()
            if digest in seen_content:
                raise ScenarioError(
                    [
                        Problem(
                            label,
                            None,
                            f"same content as {seen_content[digest]}; skipped this copy",
                        )
                    ]
                )
            seen_content[digest] = label
            text = decode_utf8(raw, label)
            if path.suffix.lower() == ".csv":
                found, file_problems = _read_csv(text, label, scenario)
            else:
                found, file_problems = _read_records(text, label, scenario, path.suffix.lower())
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        records.extend(found)
        problems.extend(file_problems)
    kept = _drop_duplicate_pairs(records, problems)
    order: dict[str, int] = {}
    for n, (path, problem) in enumerate(listed):
        order.setdefault(str(path) if path is not None else problem.file, n)
    problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0))
    return kept, problems


def _read_bytes(path: Path, label: str) -> bytes:
    if path.suffix.lower() not in SUFFIXES:
        raise ScenarioError(
            [
                Problem(
                    label,
                    None,
                    f"'{path.suffix or path.name}' is not a results file type; expected "
                    ".json, .yaml or .csv",
                )
            ]
        )
    raw = read_file_bytes(
        path, label, expected="a results file", size_hint=" (one pair's result is a few hundred)"
    )
    if not raw.strip():
        raise ScenarioError([Problem(label, 1, "the file is empty; expected a result")])
    return raw


def _read_records(
    text: str, label: str, scenario: Scenario, suffix: str
) -> tuple[list[Result], list[Problem]]:
    if suffix == ".json":
        _check_json(text, label)
    data = read_yaml(
        label,
        name=label,
        text=text,
        root="the result",
        root_hint=" (a JSON object) or a list of them",
    )
    r = Reader(label)
    items = data if isinstance(data, list) else [data]
    found = []
    for n, item in enumerate(items):
        line = r.line_of(data, n) if isinstance(data, list) else r.line_of(data)
        where = f"result[{n}]." if isinstance(data, list) else ""
        before = len(r.errors)
        result = _record(r, item, where, line, scenario)
        if result is not None and len(r.errors) == before:
            found.append(result)
    return found, r.problems


class _BadJSONValue(ValueError):
    """A JSON value the results format cannot take, with the text it was written as."""

    def __init__(self, written: str, message: str):
        super().__init__(message)
        self.written = written


def _json_constant(name: str) -> float:
    raise _BadJSONValue(name, f"'{name}' is not a JSON value; write a number, or text in quotes")


def _json_number(written: str) -> float:
    if len(written) > MAX_NUMBER_CHARS:
        raise _BadJSONValue(
            written,
            f"the number '{written[:12]}…' has {len(written):,} characters; expected at "
            f"most {MAX_NUMBER_CHARS}",
        )
    value = float(written)
    if not math.isfinite(value):
        raise _BadJSONValue(written, f"the number {written} is too large to be a number")
    return value


def _json_syntax_problem(text: str, label: str, exc: json.JSONDecodeError) -> Problem:
    """JSON's own message at its line, except for the commonest slip, a comma before a
    closing bracket, which Python versions word and place differently: named here at the
    comma, the same on every version."""
    comma = exc.pos if text[exc.pos : exc.pos + 1] == "," else None
    if comma is None and text[exc.pos : exc.pos + 1] in ("}", "]"):
        before = text[: exc.pos].rstrip()
        comma = len(before) - 1 if before.endswith(",") else None
    if comma is not None:
        closer = text[comma + 1 :].lstrip()[:1]
        if closer in ("}", "]"):
            line = text.count("\n", 0, comma) + 1
            column = comma - (text.rfind("\n", 0, comma) + 1) + 1
            return Problem(
                label,
                line,
                f"not valid JSON: a comma before the closing '{closer}' (column {column}); "
                "remove the comma",
            )
    return Problem(
        label,
        exc.lineno,
        f"not valid JSON: {exc.msg} (column {exc.colno}); check commas, quotes and brackets",
    )


def _check_json(text: str, label: str) -> None:
    """JSON's own parser gives the clearest syntax messages (with a column); ruamel then
    reads the same text once for the line of every key. Nesting too deep for the parser's
    C recursion (it would crash Pyodide's stack) is refused before it runs, and numbers
    that JSON forbids (NaN, Infinity) or that overflow are refused at their line."""
    deep = too_deep_json(text)
    if deep is not None:
        raise ScenarioError([Problem(label, deep, DEPTH_MESSAGE)])
    try:
        json.loads(
            text, parse_constant=_json_constant, parse_float=_json_number, parse_int=_json_number
        )
    except json.JSONDecodeError as exc:
        raise ScenarioError([_json_syntax_problem(text, label, exc)]) from None
    except _BadJSONValue as exc:
        line = text[: max(text.find(exc.written), 0)].count("\n") + 1
        raise ScenarioError([Problem(label, line, f"not valid JSON: {exc}")]) from None


def _record(r: Reader, m: Any, where: str, line: int, scenario: Scenario) -> Result | None:
    name = where.rstrip(".") or "the result"
    if not isinstance(m, dict):
        r.error(line, f"{name}: expected a mapping of keys (a JSON object)")
        return None
    if m.get("format") != FORMAT:
        r.error(
            r.line_of(m, "format", line),
            f'{name}: not a peacekit result; expected "format": "{FORMAT}"',
        )
        return None
    m = r.mapping(m, name, line, required=_KEYS_REQUIRED, optional=_KEYS_OPTIONAL)
    if m is None:
        return None
    scenario_id = r.text(m, "scenario", f"{where}scenario")
    if scenario_id is not None and same_id(scenario_id) != scenario.id:
        r.error(
            r.line_of(m, "scenario", line),
            f"{where}scenario: '{scenario_id}' is another scenario; expected '{scenario.id}'",
        )
        return None
    variant = _record_variant(r, m, where, line, scenario)
    pair = r.text(m, "pair", f"{where}pair")
    status = _status(r, m.get("status"), r.line_of(m, "status", line), f"{where}status")
    parties = _parties(r, m, where, line, scenario)
    notes = r.text(m, "notes", f"{where}notes", required=False) or ""
    r.text(m, "recorded", f"{where}recorded", required=False)
    agreement = None
    chosen = m.get("agreement")
    agreement_line = r.line_of(m, "agreement", line)
    if status == AGREED:
        if not chosen:
            r.error(
                agreement_line if "agreement" in m else line,
                f"{where}agreement: missing; an agreed result needs one option per issue: "
                + ", ".join(scenario.issue_ids),
            )
            return None
        agreement = _agreement(r, chosen, f"{where}agreement", agreement_line, scenario)
    elif status == NO_DEAL and chosen:
        r.warn(agreement_line, f"{where}agreement: ignored, because the status is 'no deal'")
    if None in (pair, status, parties, variant) or (status == AGREED and agreement is None):
        return None
    return Result(
        scenario=scenario.id,
        pair=" ".join(pair.split()),
        status=status,
        agreement=agreement,
        parties=MappingProxyType(parties),
        notes=notes,
        file=r.label,
        line=line,
        variant=variant,
    )


# -- classroom variants --------------------------------------------------------------------

VARIANTS = (1, 9999)


def parse_variant(value: Any) -> int | None:
    """A variant number from a file: a whole number from 1 to 9999, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and VARIANTS[0] <= value <= VARIANTS[1]:
        return value
    return None


def variant_problem(found: int, scenario: Scenario) -> str | None:
    """Why a result of variant ``found`` (0: published) cannot join this debrief, or None."""
    wanted = scenario.variant
    if found == wanted:
        return None
    if wanted == 0:
        return (
            f"{found}, but this debrief uses the published numbers; run 'peacekit debrief "
            f"{command_name(scenario)} RESULTS --variant {found}'"
        )
    shown = "none (the published numbers)" if found == 0 else str(found)
    return f"{shown}, but this debrief is for variant {wanted}; expected one variant per debrief"


def _record_variant(r: Reader, m: Mapping, where: str, line: int, scenario: Scenario):
    """The record's variant (0 when it has none), or ``None`` after reporting a problem."""
    if "variant" not in m or m["variant"] is None:
        found = 0
    else:
        found = parse_variant(m["variant"])
        if found is None:
            shown = f"'{m['variant']}'" if isinstance(m["variant"], str) else m["variant"]
            r.error(
                r.line_of(m, "variant", line),
                f"{where}variant: {shown} is not a variant; expected a whole number from "
                f"{VARIANTS[0]} to {VARIANTS[1]}",
            )
            return None
    problem = variant_problem(found, scenario)
    if problem is not None:
        r.error(r.line_of(m, "variant", line) if found else line, f"{where}variant: {problem}")
        return None
    return found


def _status(r: Reader, value: Any, line: int, where: str) -> str | None:
    text = " ".join(str(value if value is not None else "").replace("_", " ").split()).casefold()
    text = text.replace("no-deal", "no deal").replace("nodeal", "no deal")
    if text in STATUSES:
        return text
    shown = "nothing" if value in (None, "") else f"'{value}'"
    r.error(line, f"{where}: {shown} is not a status; expected 'agreed' or 'no deal'")
    return None


def _parties(r: Reader, m: Mapping, where: str, line: int, scenario: Scenario):
    if "parties" not in m or m["parties"] is None:
        return {}
    pm = r.mapping(
        m["parties"],
        f"{where}parties",
        r.line_of(m, "parties", line),
        optional=scenario.party_ids,
    )
    if pm is None:
        return None
    played = {}
    for key in scenario.party_ids:
        value = r.text(pm, key, f"{where}parties.{key}", required=False)
        if value is None:
            return None
        played[key] = value
    return played


def _agreement(r: Reader, chosen: Any, where: str, line: int, scenario: Scenario):
    am = r.mapping(chosen, where, line, required=scenario.issue_ids)
    if am is None or any(i not in am for i in scenario.issue_ids):
        return None
    outcome = []
    for issue in scenario.issues:
        value = am[issue.id]
        option = _match_option(issue, value)
        if option is None:
            r.error(
                r.line_of(am, issue.id, line), _option_message(f"{where}.{issue.id}", issue, value)
            )
            return None
        outcome.append(option)
    if any(k not in scenario.issue_ids for k in am):
        return None
    return tuple(outcome)


def _match_option(issue: Issue, value: Any) -> str | None:
    """An option id, matched by id or by label, ignoring case and spacing."""
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    text = " ".join(str(value).split())
    if text in issue.option_ids:
        return text
    key = text.casefold()
    for option in issue.options:
        if key in (option.id.casefold(), " ".join(option.label.split()).casefold()):
            return option.id
    return None


def _option_message(where: str, issue: Issue, value: Any) -> str:
    shown = "nothing" if value in (None, "") else f"'{value}'"
    return f"{where}: {shown} is not an option of '{issue.id}'; expected one of: " + ", ".join(
        issue.option_ids
    )


# -- CSV -----------------------------------------------------------------------------------

_SCENARIO_MARK = re.compile(r"scenario:\s*([A-Za-z0-9_-]+)")
_VARIANT_MARK = re.compile(r"variant:\s*(\S+?);?(?:\s|$)")


def _read_csv(text: str, label: str, scenario: Scenario) -> tuple[list[Result], list[Problem]]:
    refuse_control_characters(text, label)
    r = Reader(label)
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip().lower().startswith("sep="):  # Excel's delimiter hint
        delimiter = lines[0].strip()[4:5] or ","
        offset, body = 1, "".join(lines[1:])
    else:
        delimiter = _delimiter(lines)
        offset, body = 0, text
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    header: dict[str, int] | None = None
    found: list[Result] = []
    last = 0
    sheet_variant = 0
    try:
        for row in reader:
            start, last = last + 1 + offset, reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if cells[0].startswith("#"):
                mark = _SCENARIO_MARK.search(" ".join(cells))
                if header is None and mark and same_id(mark.group(1)) != scenario.id:
                    r.error(
                        start,
                        f"this sheet is for scenario '{mark.group(1)}'; expected '{scenario.id}'",
                    )
                    return [], r.problems
                marked = _VARIANT_MARK.search(" ".join(cells))
                if header is None and mark and marked:
                    sheet_variant = parse_variant(marked.group(1)) or 0
                    problem = variant_problem(sheet_variant, scenario)
                    if problem is not None:
                        r.error(start, f"this sheet is for variant {problem}")
                        return [], r.problems
                continue
            if header is None:
                header = _csv_header(r, cells, start, scenario)
                if header is None:
                    return [], r.problems
                width = max(header.values()) + 1
                rows = 0
                continue
            rows += 1
            if rows > MAX_CSV_ROWS:
                r.error(
                    start,
                    f"more than {MAX_CSV_ROWS:,} rows; expected one row per pair (a class has "
                    "a few hundred at most); the sheet was not read",
                )
                return [], r.problems
            extra = [k for k in range(width, len(cells)) if cells[k]]
            if extra:
                r.error(
                    start,
                    f"{len(cells)} cells, but the header has {width} columns; expected nothing "
                    f"after column {width} (found '{cells[extra[0]][:30]}' in column "
                    f"{extra[0] + 1}: a stray comma or semicolon?)",
                )
                continue
            result = _csv_row(r, header, cells, start, scenario, sheet_variant)
            if result is not None:
                found.append(result)
    except csv.Error as exc:
        r.error(last + 1 + offset, f"not valid CSV: {exc}")
    if header is None and not r.errors:
        r.error(1, "no header row; expected: " + ",".join(_columns(scenario)))
    return found, r.problems


def _delimiter(lines: list[str]) -> str:
    """Comma, or the semicolon or tab that spreadsheets use in some locales."""
    for line in lines:
        if line.strip() and not line.lstrip().lstrip('"').startswith("#"):
            counts = {d: line.count(d) for d in ",;\t"}
            return max(counts, key=lambda d: (counts[d], d == ","))
    return ","


def _columns(scenario: Scenario) -> list[str]:
    return ["pair", *scenario.party_ids, "status", *scenario.issue_ids, "notes"]


def _csv_header(r: Reader, cells: list[str], line: int, scenario: Scenario):
    expected = _columns(scenario)
    header: dict[str, int] = {}
    for k, cell in enumerate(cells):
        name = cell.casefold()
        if not name:
            continue
        if name == "variant" and name not in header:
            header[name] = k  # written by a classroom variant's template; never required
            continue
        if name not in expected:
            hint = difflib.get_close_matches(name, expected, n=1)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            r.error(
                line,
                f"column {k + 1} '{cell}' is not a column of this sheet{did}; expected: "
                + ",".join(expected),
            )
        elif name in header:
            r.error(line, f"column '{cell}' appears twice; expected each column once")
        else:
            header[name] = k
    for name in ("pair", "status", *scenario.issue_ids):
        if name not in header:
            r.error(line, f"missing column '{name}'; expected: " + ",".join(expected))
    return None if r.errors else header


def _csv_row(
    r: Reader,
    header: dict[str, int],
    cells: list[str],
    line: int,
    scenario: Scenario,
    sheet_variant: int = 0,
) -> Result | None:
    def cell(name: str) -> str:
        k = header.get(name)
        return " ".join(cells[k].split()) if k is not None and k < len(cells) else ""

    pair = cell("pair")
    rest = [cell(c) for c in header if c not in ("pair", "variant")]
    if not any(rest):
        return None  # an unused line of the template
    if not pair:
        r.error(line, "column pair: empty; expected a name for the pair, e.g. 'Pair 3'")
        return None
    variant = sheet_variant
    if cell("variant"):
        variant = parse_variant(cell("variant"))
        if variant is None:
            r.error(
                line,
                f"pair '{pair}', column variant: '{cell('variant')}' is not a variant; expected "
                f"a whole number from {VARIANTS[0]} to {VARIANTS[1]}",
            )
            return None
    problem = variant_problem(variant, scenario)
    if problem is not None:
        r.error(line, f"pair '{pair}', column variant: {problem}")
        return None
    chosen = {i: cell(i) for i in scenario.issue_ids}
    status_text = cell("status")
    if not status_text and all(chosen.values()):
        status = AGREED
    else:
        status = _status(r, status_text, line, f"pair '{pair}', column status")
    if status is None:
        return None
    agreement = None
    if status == AGREED:
        outcome = []
        for issue in scenario.issues:
            option = _match_option(issue, chosen[issue.id])
            if option is None:
                r.error(
                    line,
                    _option_message(f"pair '{pair}', column {issue.id}", issue, chosen[issue.id]),
                )
            outcome.append(option)
        if None in outcome:
            return None
        agreement = tuple(outcome)
    elif any(chosen.values()):
        r.warn(line, f"pair '{pair}': the options are ignored, because the status is 'no deal'")
    return Result(
        scenario=scenario.id,
        pair=pair,
        status=status,
        agreement=agreement,
        parties=MappingProxyType({p: cell(p) for p in scenario.party_ids}),
        notes=cell("notes"),
        file=r.label,
        line=line,
        variant=variant,
    )


# -- duplicates ----------------------------------------------------------------------------


def _drop_duplicate_pairs(records: list[Result], problems: list[Problem]) -> list[Result]:
    first: dict[str, Result] = {}
    kept = []
    for rec in records:
        key = rec.pair.casefold()
        if key in first:
            earlier = first[key]
            same = (earlier.status, earlier.agreement) == (rec.status, rec.agreement)
            what = (
                "with the same result; skipped this copy"
                if same
                else "with a different result; skipped this record (check which one is "
                "right, or give each pair its own name)"
            )
            problems.append(
                Problem(
                    rec.file,
                    rec.line,
                    f"pair '{rec.pair}' was already reported at {earlier.where} {what}",
                )
            )
            continue
        first[key] = rec
        kept.append(rec)
    return kept
