"""Scenarios: who negotiates, over what, and how each side scores it.

A scenario is a plain YAML file that an instructor can write (the format is
documented in the book's instructor appendix). This module turns a file into
frozen, validated objects; :mod:`peacekit.analysis` does the arithmetic.

Two ideas from the article are built into the format:

* every option is either an immediate, verifiable **act** (a prisoner handover)
  or a **promise** about the future by one or more parties, because the other
  side values a promise only as far as it trusts the promiser (distrust);
* optional **third parties** (mediators, hosts, guarantors) carry each party's
  acceptance of them and their capacity to guarantee, because a guarantor that
  one side rejects restores nothing (the venue dilemma).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from .problems import Problem, ScenarioError
from .yaml_reader import IDENTIFIER as _ID
from .yaml_reader import Reader, read_yaml

#: Above this many outcomes the exact analysis is refused (it would be slow in
#: the browser and unreadable in class).
MAX_OUTCOMES = 250_000

#: A party accepts a third party whose acceptance score is at least this.
ACCEPTANCE_THRESHOLD = 0.5

ACT = "act"
PROMISE = "promise"

Outcome = tuple[str, ...]
"""One option id per issue, in the scenario's issue order."""


@dataclass(frozen=True)
class Source:
    label: str
    url: str = ""


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    kind: str = ACT
    by: tuple[str, ...] = ()
    """The parties who act or promise; a promise is worth less to everyone else."""

    @property
    def is_promise(self) -> bool:
        return self.kind == PROMISE


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    options: tuple[Option, ...]
    description: str = ""

    def option(self, option_id: str) -> Option:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(f"issue '{self.id}' has no option '{option_id}'")

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    public_brief: str
    confidential_brief: str
    reservation: float
    reservation_description: str
    short_name: str = ""
    interests: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class ThirdParty:
    """A candidate mediator, host or guarantor."""

    id: str
    name: str
    role: str
    capacity: float
    """Capacity to guarantee a promise, 0 (none) to 1 (full)."""
    acceptance: Mapping[str, float]
    """Each party's acceptance, 0 (unacceptable) to 1 (fully acceptable)."""
    note: str = ""

    def accepted_by(self, party_id: str) -> bool:
        return self.acceptance.get(party_id, 0.0) >= ACCEPTANCE_THRESHOLD

    def vetoed_by(self, party_ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p for p in party_ids if not self.accepted_by(p))


@dataclass(frozen=True)
class ReferencePackage:
    """A real package to compare with, e.g. the 7 December 2023 joint statement."""

    label: str
    outcome: Outcome
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    illustrative_note: str
    sources: tuple[Source, ...]
    parties: tuple[Party, ...]
    issues: tuple[Issue, ...]
    scores: Mapping[str, Mapping[str, Mapping[str, float]]]
    """party id -> issue id -> option id -> points."""
    third_parties: tuple[ThirdParty, ...] = ()
    reference: ReferencePackage | None = None
    path: str = ""
    sections: Mapping[str, Any] = field(default_factory=dict)
    """Optional, validated sections read by the lenses: ``trust`` (a
    :class:`peacekit.trust_ladder.TrustSetting`), ``publics`` (a
    :class:`peacekit.two_level.Publics`), ``stakeholders`` (a
    :class:`peacekit.stakeholders.Stakeholders`). Absent sections mean defaults."""

    # -- lookups -------------------------------------------------------------------
    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parties)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def party(self, party_id: str) -> Party:
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(f"scenario '{self.id}' has no party '{party_id}'")

    def issue(self, issue_id: str) -> Issue:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(f"scenario '{self.id}' has no issue '{issue_id}'")

    def third_party(self, third_party_id: str) -> ThirdParty:
        for t in self.third_parties:
            if t.id == third_party_id:
                return t
        raise KeyError(f"scenario '{self.id}' has no third party '{third_party_id}'")

    def other_parties(self, party_id: str) -> tuple[str, ...]:
        return tuple(p for p in self.party_ids if p != party_id)

    @property
    def outcomes_count(self) -> int:
        return math.prod(len(i.options) for i in self.issues)

    # -- outcomes ------------------------------------------------------------------
    def outcome(self, choices: Mapping[str, str]) -> Outcome:
        """Turn ``{issue id: option id}`` into an :data:`Outcome`, refusing bad values."""
        unknown = [k for k in choices if k not in self.issue_ids]
        if unknown:
            raise ValueError(
                f"unknown issue '{unknown[0]}'; expected one of: " + ", ".join(self.issue_ids)
            )
        result = []
        for issue in self.issues:
            if issue.id not in choices:
                raise ValueError(f"no option chosen for issue '{issue.id}'")
            option_id = choices[issue.id]
            if option_id not in issue.option_ids:
                raise ValueError(
                    f"'{option_id}' is not an option of issue '{issue.id}'; expected one of: "
                    + ", ".join(issue.option_ids)
                )
            result.append(option_id)
        return tuple(result)

    def choices(self, outcome: Outcome) -> dict[str, str]:
        """The inverse of :meth:`outcome`."""
        return dict(zip(self.issue_ids, outcome, strict=True))

    def describe(self, outcome: Outcome) -> list[tuple[str, str]]:
        """(issue label, option label) pairs, for people."""
        return [
            (issue.label, issue.option(option_id).label)
            for issue, option_id in zip(self.issues, outcome, strict=True)
        ]

    def points(self, party_id: str, outcome: Outcome) -> float:
        """Plain points from the scoring table, with no trust discount."""
        table = self.scores[party_id]
        return sum(table[i][o] for i, o in zip(self.issue_ids, outcome, strict=True))


# ---------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------

_TOP_REQUIRED = ("id", "title", "summary", "illustrative", "sources", "parties", "issues", "scores")
_TOP_OPTIONAL = ("third_parties", "reference", "publics", "stakeholders", "trust")
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
    data = read_yaml(path, name=label, text=text)
    reader = Reader(label)
    scenario = _build(reader, data, str(path))
    if reader.errors or scenario is None:
        raise ScenarioError(reader.errors or [Problem(label, 1, "not a usable scenario")])
    # The agreement-zone warning needs the analysis; imported here to keep the
    # module graph one-way (analysis imports scenario, not the reverse).
    from .analysis import analyse

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


def load_builtin(name: str) -> Scenario:
    """Load a scenario shipped with peacekit, e.g. ``load_builtin("december-2023")``."""
    return load_scenario(builtin_scenario_path(name), name=f"{name}.yaml")


_Model = TypeVar("_Model")


def per_scenario(build: Callable[[Scenario], _Model]) -> Callable[[Scenario], _Model]:
    """Build a model of a scenario once per scenario object and reuse it.

    Models that pass over every outcome (the trust index, the two-level model) are
    wanted again at every control change. Scenarios are matched by identity (comparing
    two field by field would cost more than it saves); the eight built last are kept.
    """
    built: list[tuple[Scenario, _Model]] = []

    @functools.wraps(build)
    def cached(scenario: Scenario) -> _Model:
        for known, model in built:
            if known is scenario:
                return model
        model = build(scenario)
        built.insert(0, (scenario, model))
        del built[8:]
        return model

    return cached


def _build(r: Reader, data: Any, path: str) -> Scenario | None:
    top = r.mapping(data, "the scenario", 1, required=_TOP_REQUIRED, optional=_TOP_OPTIONAL)
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
    third_parties = _third_parties(r, top, party_ids)
    reference = _reference(r, top, declared_options)

    if issues and not r.errors:
        count = math.prod(len(i.options) for i in issues)
        if count > MAX_OUTCOMES:
            r.error(
                r.line_of(top, "issues"),
                f"issues: {count:,} possible outcomes; expected at most {MAX_OUTCOMES:,} "
                "(use fewer issues or fewer options per issue)",
            )
    sections = _lens_sections(r, top, parties, issues)
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
    return f"{noun} '{value}'" if isinstance(value, str) and _ID.match(value) else fallback


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
        if isinstance(value, str) and _ID.match(value) and value not in ids:
            ids.append(value)
    return ids


def _lens_sections(r: Reader, top: Mapping, parties, issues) -> dict[str, Any]:
    """Validate the optional sections of the confidence-building and societal lenses.

    Their readers live with their models, imported here because those modules
    import this one. Skipped when the parties could not be read, to avoid
    reporting the same mistake twice.
    """
    from .stakeholders import read_stakeholders
    from .trust_ladder import read_trust
    from .two_level import read_publics

    if len(parties) < 2:
        return {}
    readers = {
        "trust": lambda: read_trust(r, top, tuple(p.id for p in parties)),
        "publics": lambda: read_publics(r, top, parties, issues),
        "stakeholders": lambda: read_stakeholders(r, top),
    }
    found = {key: read() for key, read in readers.items() if key in top}
    return {key: value for key, value in found.items() if value is not None}


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
    for n, item in enumerate(items or []):
        where = _name_of(item, "party", f"parties[{n}]")
        line = r.line_of(items, n)
        m = r.mapping(item, where, line, required=_PARTY_REQUIRED, optional=_PARTY_OPTIONAL)
        if m is None:
            continue
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
                    f"{_f(where, f'interests[{k}]')}: expected text, found a {type(it).__name__}",
                )
        ok = r.first_use(seen, pid, _f(where, "id"), r.line_of(m, "id", line))
        if ok and reservation is not None and None not in fields.values():
            result.append(
                Party(
                    id=pid,
                    reservation=reservation,
                    short_name=short or "",
                    interests=tuple(interests),
                    **fields,
                )
            )
    return tuple(result)


def _issues(r: Reader, top: Mapping, party_ids: tuple[str, ...]) -> tuple[Issue, ...]:
    items = r.sequence(top, "issues", "issues", min_items=1)
    seen: dict[str, int] = {}
    result = []
    for n, item in enumerate(items or []):
        where = f"issues[{n}]"
        line = r.line_of(items, n)
        m = r.mapping(
            item, where, line, required=("id", "label", "options"), optional=("description",)
        )
        if m is None:
            continue
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
    for n, item in enumerate(items or []):
        w = f"{where}, options[{n}]"
        line = r.line_of(items, n)
        m = r.mapping(item, w, line, required=("id", "label"), optional=("kind", "by"))
        if m is None:
            continue
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
            r.error(line, f"{where}.by: expected a party id, found a {type(name).__name__}")
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
                value = r.number(itable, oid, f"{where}.{oid}", low=-1000, high=1000)
                if value is not None:
                    points[oid] = value
            result[pid][iid] = points
    return result


def _third_parties(r: Reader, top: Mapping, party_ids) -> tuple[ThirdParty, ...]:
    items = r.sequence(top, "third_parties", "third_parties")
    seen: dict[str, int] = {}
    result = []
    for n, item in enumerate(items or []):
        where = _name_of(item, "third party", f"third_parties[{n}]")
        line = r.line_of(items, n)
        m = r.mapping(
            item,
            where,
            line,
            required=("id", "name", "capacity", "acceptance"),
            optional=("role", "note"),
        )
        if m is None:
            continue
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
