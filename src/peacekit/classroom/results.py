"""Writing results files: a pair's agreement (or no deal), and the blank sheet for paper sessions.

The format and its reader are in :mod:`peacekit.scenarios.results_file`, which the
debrief uses; this module writes what the exercises' export button and
``peacekit roles`` hand out, so that every file it writes reads back cleanly.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model.bargaining import AGREED, NO_DEAL
from ..model.scenario import Scenario
from ..scenarios.results_file import FORMAT
from ..scenarios.safe_files import holds, write_text_atomic


def result_record(
    scenario: Scenario,
    agreement: Mapping[str, str] | Sequence[str] | None,
    *,
    pair: str,
    parties: Mapping[str, str] | None = None,
    notes: str = "",
) -> dict[str, Any]:
    """A results record, ready for :func:`write_result` or :func:`result_json`.

    ``agreement`` is ``{issue id: option id}`` or an outcome tuple; ``None``
    records no deal. ``parties`` maps party ids to who played them (e.g.
    ``{"am": "Ani", "az": "computer (linear tactic)"}``). Raises ``ValueError``
    with a clear message on an unknown issue, option or party.
    """
    pair = _one_line(pair)
    if not pair:
        raise ValueError("a result needs a pair name, e.g. 'Table 3' or a student's name")
    if agreement is None:
        status, choices = NO_DEAL, None
    else:
        if not isinstance(agreement, Mapping):
            agreement = tuple(agreement)
            if len(agreement) != len(scenario.issues):
                raise ValueError(
                    f"an agreement needs one option for each of the {len(scenario.issues)} issues"
                )
            agreement = scenario.choices(agreement)
        status, choices = AGREED, scenario.choices(scenario.outcome(agreement))
    played = {p: "" for p in scenario.party_ids}
    for party, who in (parties or {}).items():
        if party not in played:
            raise ValueError(
                f"'{party}' is not a party of this scenario; expected one of: "
                + ", ".join(scenario.party_ids)
            )
        played[party] = _one_line(who)
    record = {
        "format": FORMAT,
        "scenario": scenario.id,
        "pair": pair,
        "parties": played,
        "status": status,
        "agreement": choices,
        "notes": _printable(str(notes)).strip(),
    }
    if scenario.variant:
        record["variant"] = scenario.variant
    return record


def _printable(text: str) -> str:
    """Drop control characters: they mean nothing here and YAML/JSON readers refuse them."""
    return "".join(
        ch if ch.isprintable() or ch in "\t\n" else " " if ch.isspace() else "" for ch in text
    )


def _one_line(text: object) -> str:
    return " ".join(_printable(str(text)).split())


def result_json(record: Mapping[str, Any]) -> str:
    """The record as the text of a results file (UTF-8 JSON, stable key order)."""
    if record.get("format") != FORMAT:
        raise ValueError(f"not a results record; build it with result_record() ({FORMAT})")
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def result_filename(record: Mapping[str, Any]) -> str:
    """A safe file name such as ``result-december_2023-table-3.json``."""
    return f"result-{_slug(record['scenario'])}-{_slug(record['pair']) or 'pair'}.json"


def write_result(
    record: Mapping[str, Any], path: str | Path = ".", *, overwrite: bool = False
) -> Path:
    """Write a results file and return where it went.

    ``path`` is a file, or a folder (the name then comes from
    :func:`result_filename`). An existing file with the same content is left
    as it is (pressing "export" twice makes no copies); an existing file with
    different content is never replaced unless ``overwrite``: the record goes
    to the next free name (``…-2.json``) instead, so no result is lost. The
    write is atomic: a crash leaves the old file or the new one, never half.
    """
    text = result_json(record)
    target = Path(path)
    if target.is_dir():
        target = target / result_filename(record)
    if target.exists() and not overwrite:
        n = 1
        stem, suffix = target.stem, target.suffix or ".json"
        while target.exists():
            if holds(target, text.encode("utf-8")):
                return target
            n += 1
            target = target.with_name(f"{stem}-{n}{suffix}")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, text)
    return target


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", str(text).casefold()).strip("-")[:40]


# -- the CSV template ----------------------------------------------------------------------


def results_template_csv(scenario: Scenario, *, rows: int = 12) -> str:
    """A blank results sheet for a paper session: one row per pair, one column per issue.

    Columns: ``pair``; one column per party id (who played it); ``status``
    (``agreed`` or ``no deal``); one column per issue id (the option id, or the
    option's label); ``notes``. The ``#`` lines above the header explain the
    columns and are skipped when read. A classroom variant's sheet says its variant
    in the first line and has a ``variant`` column, so that its results are never
    scored with another variant's numbers.
    """
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    variant = f"variant: {scenario.variant}; " if scenario.variant else ""
    w.writerow([f"# format: {FORMAT}; scenario: {scenario.id}; {variant}{scenario.title}"])
    w.writerow(
        [
            "# One row per pair. status: agreed or no deal. Under each issue write the "
            "option id (or the option's label). Lines starting with # are ignored."
        ]
    )
    for party in scenario.parties:
        w.writerow([f"# {party.id} = who played {party.name}"])
    for issue in scenario.issues:
        options = " | ".join(f"{o.id} = {o.label}" for o in issue.options)
        w.writerow([f"# {issue.id} = {issue.label}: {options}"])
    extra = ["variant"] if scenario.variant else []
    w.writerow(["pair", *scenario.party_ids, "status", *scenario.issue_ids, "notes", *extra])
    blank = [""] * (len(scenario.parties) + len(scenario.issues) + 2)
    filled = [str(scenario.variant)] if scenario.variant else []
    for n in range(1, rows + 1):
        w.writerow([f"Pair {n}", *blank, *filled])
    return out.getvalue()
