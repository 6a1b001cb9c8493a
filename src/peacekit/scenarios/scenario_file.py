"""Reading a scenario file: every problem as ``FILE:LINE: message``, never a traceback.

A scenario is a plain YAML file that an instructor writes by hand (the format is
documented in the book's instructor appendix). This module checks it field by
field and builds the model's frozen :class:`~peacekit.model.scenario.Scenario`;
its optional sections are read by :mod:`.sections`. The built-in scenarios are
package data beside this module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..model.analysis import analyse
from ..model.scenario import (
    ACT,
    MAX_OUTCOMES,
    PROMISE,
    Issue,
    Option,
    Party,
    ReferencePackage,
    Scenario,
    Source,
    ThirdParty,
    max_outcomes,
)
from .problems import Problem, ScenarioError
from .sections import read_sections
from .yaml_reader import Reader, describe_type, id_problem, read_yaml

#: Points for one option lie between -SCORE_LIMIT and SCORE_LIMIT.
SCORE_LIMIT = 1000

_TOP_REQUIRED = ("id", "title", "summary", "illustrative", "sources", "parties", "issues", "scores")
_TOP_OPTIONAL = ("third_parties", "reference", "publics", "stakeholders", "trust", "classroom")
_PARTY_REQUIRED = (
    "id",
    "name",
    "public_brief",
    "confidential_brief",
    "reservation",
    "reservation_description",
)
_PARTY_OPTIONAL = ("short_name", "interests")


def load_scenario(path: str | Path, *, name: str | None = None) -> Scenario:
    """Read and validate a scenario file. Raises :class:`ScenarioError` listing every problem."""
    scenario, _warnings = check_scenario(path, name=name)
    return scenario


def check_scenario(
    path: str | Path, *, name: str | None = None, text: str | None = None
) -> tuple[Scenario, list[Problem]]:
    """Like :func:`load_scenario`, but also return warnings (e.g. an empty agreement zone)."""
    label = name or str(path)
    data = read_yaml(path, name=label, text=text, root="the scenario")
    reader = Reader(label)
    scenario = _build(reader, data, str(path))
    if reader.errors or scenario is None:
        raise ScenarioError(reader.errors or [Problem(label, 1, "not a usable scenario")])
    if analyse(scenario).zone_size == 0:
        reader.warn(
            reader.line_of(data, "scores"),
            "no outcome clears every party's reservation value at full trust "
            "(the agreement zone is empty); the scenario is valid, but no deal is possible",
        )
    return scenario, reader.warnings


def builtin_scenario_names() -> list[str]:
    """Names of the scenarios shipped with peacekit (file names without ``.yaml``)."""
    folder = resources.files("peacekit") / "scenarios"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def builtin_scenario_path(name: str) -> Path:
    path = Path(str(resources.files("peacekit") / "scenarios" / f"{name}.yaml"))
    if not path.is_file():
        raise KeyError(
            f"no built-in scenario '{name}'; expected one of: "
            + ", ".join(builtin_scenario_names())
        )
    return path


def command_name(scenario: Scenario) -> str:
    """How to name ``scenario`` on the command line: a built-in one by its name
    (``december-2023``), another by its file."""
    if not scenario.path:
        return f"{scenario.id}.yaml"
    path = Path(scenario.path)
    if path.stem in builtin_scenario_names() and path == builtin_scenario_path(path.stem):
        return path.stem
    return str(path)


def load_builtin(name: str) -> Scenario:
    """Load a scenario shipped with peacekit, e.g. ``load_builtin("december-2023")``."""
    return load_scenario(builtin_scenario_path(name), name=f"{name}.yaml")


def _build(r: Reader, data: Any, path: str) -> Scenario | None:
    top = r.mapping(
        data, "the scenario", r.line_of(data), required=_TOP_REQUIRED, optional=_TOP_OPTIONAL
    )
    if top is None:
        return None
    scenario_id = r.identifier(top, "id", "id")
    title = r.text(top, "title", "title")
    summary = r.text(top, "summary", "summary")
    illustrative = r.text(top, "illustrative", "illustrative")
    sources = _sources(r, top)
    parties = _parties(r, top)
    # Cross-references are checked against every id the file declares, even where the
    # declaring entry has other problems, so that one mistake gives one message.
    party_ids = tuple(_declared_ids(top.get("parties")))
    raw_parties = top.get("parties") if isinstance(top.get("parties"), list) else []
    if len(party_ids) < len(raw_parties):
        # A party whose id is missing or malformed is already reported; checking
        # references against the other ids would only repeat that one mistake.
        r.references_checked = False
    issues = _issues(r, top, party_ids)
    declared_options = {
        iid: _declared_ids(item.get("options"))
        for item in (top.get("issues") if isinstance(top.get("issues"), list) else [])
        if isinstance(item, dict)
        for iid in _declared_ids([item])
    }
    scores = _scores(r, top, party_ids, declared_options)
    if not r.errors:
        _reservations_in_range(r, top, parties, len(issues))
    third_parties = _third_parties(r, top, party_ids)
    reference = _reference(r, top, declared_options)

    if issues and not r.errors:
        count = math.prod(len(i.options) for i in issues)
        limit = max_outcomes(len(parties))
        if count > limit:
            many = f" with {len(parties)} parties" if limit < MAX_OUTCOMES else ""
            r.error(
                r.line_of(top, "issues"),
                f"issues: {count:,} possible outcomes; expected at most {limit:,}{many} "
                "(use fewer issues or fewer options per issue)",
            )
    sections = read_sections(r, top, parties, issues)
    if r.errors or None in (scenario_id, title, summary, illustrative):
        return None
    return Scenario(
        id=scenario_id,
        title=title,
        summary=summary,
        illustrative_note=illustrative,
        sources=sources,
        parties=parties,
        issues=issues,
        scores=scores,
        third_parties=third_parties,
        reference=reference,
        path=path,
        sections=MappingProxyType(sections),
    )


def _name_of(item: Any, noun: str, fallback: str) -> str:
    """``party 'am'`` when the entry has a well-formed id, else its position."""
    value = item.get("id") if isinstance(item, dict) else None
    return f"{noun} '{value}'" if _well_formed(value) else fallback


def _well_formed(value: Any) -> bool:
    return isinstance(value, str) and not id_problem(value)


def _f(where: str, key: str) -> str:
    """``parties[0].reservation`` but ``party 'am', reservation``."""
    return f"{where}.{key}" if where.endswith("]") else f"{where}, {key}"


def _declared_ids(items: Any) -> list[str]:
    """The well-formed ids declared in a YAML list of mappings (for cross-references)."""
    if not isinstance(items, list):
        return []
    ids = []
    for item in items:
        value = item.get("id") if isinstance(item, dict) else None
        if _well_formed(value) and value not in ids:
            ids.append(value)
    return ids


def _sources(r: Reader, top: Mapping) -> tuple[Source, ...]:
    items = r.sequence(top, "sources", "sources", min_items=1)
    result = []
    for n, item in enumerate(items or []):
        where = f"sources[{n}]"
        line = r.line_of(items, n)
        if isinstance(item, str):
            result.append(Source(label=item.strip()))
            continue
        m = r.mapping(item, where, line, required=("label",), optional=("url",))
        if m is None:
            continue
        label = r.text(m, "label", f"{where}.label")
        url = r.text(m, "url", f"{where}.url", required=False)
        if url and not url.startswith(("http://", "https://")):
            r.error(
                r.line_of(m, "url"),
                f"{where}.url: '{url}' is not a web address; expected one starting with https://",
            )
        if label:
            result.append(Source(label=label, url=url or ""))
    return tuple(result)


def _parties(r: Reader, top: Mapping) -> tuple[Party, ...]:
    items = r.sequence(top, "parties", "parties", min_items=2)
    seen: dict[str, int] = {}
    result = []
    for where, line, m in r.entries(
        items,
        "parties",
        required=_PARTY_REQUIRED,
        optional=_PARTY_OPTIONAL,
        name=lambda item, n: _name_of(item, "party", f"parties[{n}]"),
    ):
        pid = r.identifier(m, "id", _f(where, "id"))
        fields = {
            k: r.text(m, k, _f(where, k))
            for k in ("name", "public_brief", "confidential_brief", "reservation_description")
        }
        reservation = r.number(m, "reservation", _f(where, "reservation"))
        short = r.text(m, "short_name", _f(where, "short_name"), required=False)
        interests: list[str] = []
        for k, it in enumerate(r.sequence(m, "interests", _f(where, "interests")) or []):
            if isinstance(it, str) and it.strip():
                interests.append(it.strip())
            else:
                r.error(
                    r.line_of(m["interests"], k),
                    f"{_f(where, f'interests[{k}]')}: expected text, found {describe_type(it)}",
                )
        ok = r.first_use(seen, pid, _f(where, "id"), r.line_of(m, "id", line))
        if ok and reservation is not None and None not in fields.values():
            result.append(
                Party(
                    id=pid,
                    reservation=reservation,
                    short_name=short or "",
                    interests=tuple(interests),
                    brief_line=r.line_of(m, "confidential_brief", line),
                    **fields,
                )
            )
    return tuple(result)


def _reservations_in_range(r: Reader, top: Mapping, parties, issue_count: int) -> None:
    """A reservation value is a total in the points of the party's own table, so it lies
    where a total can: each issue adds from -1000 to 1000 points. Below the party's worst
    package it says that any deal beats no deal, which a scenario may mean; far outside
    (-1e200) the gains swamp every difference between packages and the fair points come
    out wrong."""
    lines = {
        item.get("id"): r.line_of(item, "reservation")
        for item in top["parties"]
        if isinstance(item, dict)
    }
    limit = SCORE_LIMIT * issue_count
    each = "the one issue" if issue_count == 1 else f"each of the {issue_count} issues"
    for party in parties:
        if not -limit <= party.reservation <= limit:
            r.error(
                lines.get(party.id, 1),
                f"party '{party.id}', reservation: {party.reservation:g} is out of range; "
                f"expected a number between {-limit:g} and {limit:g} ({each} adds "
                f"{-SCORE_LIMIT:g} to {SCORE_LIMIT:g} points to a total)",
            )


def _issues(r: Reader, top: Mapping, party_ids: tuple[str, ...]) -> tuple[Issue, ...]:
    items = r.sequence(top, "issues", "issues", min_items=1)
    seen: dict[str, int] = {}
    result = []
    for where, line, m in r.entries(
        items, "issues", required=("id", "label", "options"), optional=("description",)
    ):
        iid = r.identifier(m, "id", _f(where, "id"))
        label = r.text(m, "label", _f(where, "label"))
        description = r.text(m, "description", _f(where, "description"), required=False)
        where_named = f"issue '{iid}'" if iid else where
        options = _options(r, m, where_named, party_ids)
        ok = r.first_use(seen, iid, _f(where, "id"), r.line_of(m, "id", line))
        if ok and label and options:
            result.append(
                Issue(id=iid, label=label, options=options, description=description or "")
            )
    return tuple(result)


def _options(r: Reader, issue: Mapping, where: str, party_ids: tuple[str, ...]):
    items = r.sequence(issue, "options", _f(where, "options"), min_items=2)
    seen: dict[str, int] = {}
    result = []
    for w, line, m in r.entries(
        items, f"{where}, options", required=("id", "label"), optional=("kind", "by")
    ):
        oid = r.identifier(m, "id", f"{w}.id")
        label = r.text(m, "label", f"{w}.label")
        kind = r.choice(m, "kind", f"{w}.kind", (ACT, PROMISE), default=ACT)
        by = _by(r, m, w, party_ids)
        if kind == PROMISE and by == ():
            r.error(
                r.line_of(m, "kind", line),
                f"{w}: a promise needs 'by', the party or "
                "parties who promise; expected e.g. 'by: az' or 'by: [am, az]'",
            )
        ok = r.first_use(seen, oid, f"{w}.id", r.line_of(m, "id", line))
        if ok and label and kind and by is not None:
            result.append(Option(id=oid, label=label, kind=kind, by=by))
    return tuple(result)


def _by(r: Reader, m: Mapping, where: str, party_ids: tuple[str, ...]) -> tuple[str, ...] | None:
    if "by" not in m:
        return ()
    value = m["by"]
    line = r.line_of(m, "by")
    names = value if isinstance(value, list) else [value]
    result = []
    for name in names:
        if not isinstance(name, str):
            r.error(line, f"{where}.by: expected a party id, found {describe_type(name)}")
            return None
        if r.references_checked and name not in party_ids:
            r.error(
                line,
                f"{where}.by: '{name}' is not a party; expected one of: " + ", ".join(party_ids),
            )
            return None
        result.append(name)
    return tuple(result)


def _scores(r: Reader, top: Mapping, party_ids, issue_options: dict[str, list[str]]) -> dict:
    if "scores" not in top:
        return {}
    line = r.line_of(top, "scores")
    table = r.mapping(top["scores"], "scores", line, free_keys=True)
    if table is None:
        return {}
    issue_ids = list(issue_options)
    result: dict[str, dict[str, dict[str, float]]] = {}
    for key in table:
        if r.references_checked and key not in party_ids:
            r.error(
                r.line_of(table, key, line),
                f"scores: '{key}' is not a party; expected "
                "one scoring table per party: " + ", ".join(party_ids),
            )
    for pid in party_ids:
        if pid not in table:
            r.error(line, f"scores: no scoring table for party '{pid}'; expected one per party")
            continue
        pline = r.line_of(table, pid, line)
        ptable = r.mapping(table[pid], f"scores.{pid}", pline, free_keys=True)
        if ptable is None:
            continue
        for key in ptable:
            if key not in issue_ids:
                r.error(
                    r.line_of(ptable, key, pline),
                    f"scores.{pid}: '{key}' is not an "
                    "issue; expected one of: " + ", ".join(issue_ids),
                )
        result[pid] = {}
        for iid, option_ids in issue_options.items():
            where = f"scores.{pid}.{iid}"
            if iid not in ptable:
                r.error(
                    pline,
                    f"scores.{pid}: no points for issue '{iid}'; expected points for every issue",
                )
                continue
            iline = r.line_of(ptable, iid, pline)
            itable = r.mapping(ptable[iid], where, iline, free_keys=True)
            if itable is None:
                continue
            for key in itable:
                if key not in option_ids:
                    r.error(
                        r.line_of(itable, key, iline),
                        f"{where}: '{key}' is not an option "
                        f"of issue '{iid}'; expected one of: " + ", ".join(option_ids),
                    )
            points = {}
            for oid in option_ids:
                if oid not in itable:
                    r.error(
                        iline,
                        f"{where}: no points for option '{oid}'; expected points for every option",
                    )
                    continue
                value = r.number(itable, oid, f"{where}.{oid}", low=-SCORE_LIMIT, high=SCORE_LIMIT)
                if value is not None:
                    points[oid] = value
            result[pid][iid] = points
    return result


def _third_parties(r: Reader, top: Mapping, party_ids) -> tuple[ThirdParty, ...]:
    items = r.sequence(top, "third_parties", "third_parties")
    seen: dict[str, int] = {}
    result = []
    for where, line, m in r.entries(
        items,
        "third_parties",
        required=("id", "name", "capacity", "acceptance"),
        optional=("role", "note"),
        name=lambda item, n: _name_of(item, "third party", f"third_parties[{n}]"),
    ):
        tid = r.identifier(m, "id", _f(where, "id"))
        name = r.text(m, "name", _f(where, "name"))
        role = r.choice(
            m,
            "role",
            _f(where, "role"),
            ("mediator", "guarantor", "host", "format"),
            default="mediator",
        )
        capacity = r.number(m, "capacity", _f(where, "capacity"), low=0, high=1)
        note = r.text(m, "note", _f(where, "note"), required=False)
        acceptance: dict[str, float] = {}
        if "acceptance" in m:
            accept_line = r.line_of(m, "acceptance", line)
            am = r.mapping(
                m["acceptance"], _f(where, "acceptance"), accept_line, required=party_ids
            )
            for key in am or {}:
                if key in party_ids:
                    v = r.number(am, key, _f(where, f"acceptance.{key}"), low=0, high=1)
                    if v is not None:
                        acceptance[key] = v
        ok = r.first_use(seen, tid, _f(where, "id"), r.line_of(m, "id", line))
        if ok and name and role and capacity is not None and len(acceptance) == len(party_ids):
            result.append(
                ThirdParty(
                    id=tid,
                    name=name,
                    role=role,
                    capacity=capacity,
                    acceptance=MappingProxyType(acceptance),
                    note=note or "",
                )
            )
    return tuple(result)


def _reference(r: Reader, top: Mapping, issue_options: dict[str, list[str]]):
    if "reference" not in top:
        return None
    line = r.line_of(top, "reference")
    m = r.mapping(
        top["reference"], "reference", line, required=("label", "options"), optional=("note",)
    )
    if m is None:
        return None
    label = r.text(m, "label", "reference.label")
    note = r.text(m, "note", "reference.note", required=False)
    if "options" not in m:
        return None
    oline = r.line_of(m, "options", line)
    chosen = r.mapping(
        m["options"], "reference.options", oline, required=list(issue_options), free_keys=True
    )
    if chosen is None:
        return None
    for key in chosen:
        if key not in issue_options:
            r.error(
                r.line_of(chosen, key, oline),
                "reference.options: "
                f"'{key}' is not an issue; expected one of: " + ", ".join(issue_options),
            )
    outcome = []
    for iid, option_ids in issue_options.items():
        value = r.text(chosen, iid, f"reference.options.{iid}") if iid in chosen else None
        if value is not None and value not in option_ids:
            r.error(
                r.line_of(chosen, iid, oline),
                f"reference.options.{iid}: '{value}' is "
                f"not an option of issue '{iid}'; expected one of: " + ", ".join(option_ids),
            )
        outcome.append(value)
    if label is None or None in outcome:
        return None
    return ReferencePackage(label=label, outcome=tuple(outcome), note=note or "")
