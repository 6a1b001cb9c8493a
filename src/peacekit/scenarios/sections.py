"""The optional sections of a scenario file, read into the model's own types.

A scenario file may tune the lenses: ``trust`` (the confidence-building model),
``publics`` (the two-level game) and ``stakeholders`` (societal engagement); and it
may carry a classroom role play, ``classroom`` (read by :mod:`.role_play_file`). Each
is read here once, checked against the ranges the model's parameters declare
(:mod:`peacekit.model.parameters`), and handed to the model as a frozen value, so
the model never sees YAML and a bad value is one ``FILE:LINE`` message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from ..model.parameters import parameters_of
from ..model.scenario import Issue, Party
from ..model.stakeholders import (
    DEFAULT_GROUPS,
    LEVELS,
    EngagementRules,
    StakeholderGroup,
    Stakeholders,
)
from ..model.trust_ladder import TrustRules, TrustSetting
from ..model.two_level import PublicProfile, Publics, VisibleCount
from .role_play_file import read_role_play
from .yaml_reader import Reader


def read_sections(
    r: Reader, top: Mapping, parties: tuple[Party, ...], issues: tuple[Issue, ...]
) -> dict[str, Any]:
    """The optional sections present in a scenario, each read into its model type.

    Skipped when the parties could not be read, to avoid reporting the same mistake twice.
    """
    if len(parties) < 2:
        return {}
    readers = {
        "trust": lambda: read_trust(r, top, tuple(p.id for p in parties)),
        "publics": lambda: read_publics(r, top, parties, issues),
        "stakeholders": lambda: read_stakeholders(r, top),
        "classroom": lambda: read_role_play(r, top, parties),
    }
    found = {key: read() for key, read in readers.items() if key in top}
    return {key: value for key, value in found.items() if value is not None}


def read_overrides(
    r: Reader, section: Mapping, cls: type, where: str, *, skip: Iterable[str] = ()
) -> dict[str, float]:
    """Read the keys of ``section`` that name parameters of ``cls``, checking each range.

    Unknown keys are left to the caller's :meth:`Reader.mapping` check; ``skip``
    names keys the caller reads itself.
    """
    skip = set(skip)
    known = {p.name: p for p in parameters_of(cls)}
    values = {}
    for key in section:
        if key in skip or key not in known:
            continue
        p = known[key]
        value = r.number(section, key, f"{where}.{key}", low=p.low, high=p.high)
        if value is not None:
            values[key] = value
    return values


def read_trust(r: Reader, top: Mapping, party_ids: tuple[str, ...]) -> TrustSetting | None:
    """Read a scenario's ``trust`` section into the trust model's setting."""
    line = r.line_of(top, "trust")
    names = [p.name for p in parameters_of(TrustRules)]
    section = r.mapping(top["trust"], "trust", line, optional=names)
    if section is None:
        return None
    overrides = read_overrides(r, section, TrustRules, "trust", skip=("initial",))
    initial: dict[str, float] = {}
    if "initial" in section:
        value = section["initial"]
        if isinstance(value, dict):
            iline = r.line_of(section, "initial", line)
            m = r.mapping(value, "trust.initial", iline, optional=party_ids)
            for key in m or {}:
                if key in party_ids:
                    t = r.number(m, key, f"trust.initial.{key}", low=0, high=1)
                    if t is not None:
                        initial[key] = t
        else:
            t = r.number(section, "initial", "trust.initial", low=0, high=1)
            if t is not None:
                overrides["initial"] = t
    rules = TrustRules(**overrides)
    start = {p: initial.get(p, rules.initial) for p in party_ids}
    return TrustSetting(MappingProxyType(start), rules)


def read_publics(r: Reader, top: Mapping, parties, issues) -> Publics | None:
    """Read a scenario's ``publics`` section into the two-level model's profiles."""
    party_ids = tuple(p.id for p in parties)
    line = r.line_of(top, "publics")
    section = r.mapping(top["publics"], "publics", line, optional=(*party_ids, "visible"))
    if section is None:
        return None
    names = [p.name for p in parameters_of(PublicProfile)]
    profiles = {}
    for p in parties:
        if p.id not in section:
            profiles[p.id] = PublicProfile(name=f"The public behind {p.label}")
            continue
        where = f"publics.{p.id}"
        pline = r.line_of(section, p.id, line)
        m = r.mapping(section[p.id], where, pline, optional=("name", *names))
        if m is None:
            continue
        values = read_overrides(r, m, PublicProfile, where)
        name = r.text(m, "name", f"{where}.name", required=False)
        profiles[p.id] = PublicProfile(name=name or f"The public behind {p.label}", **values)
    visible = _visible(r, section, issues, party_ids)
    return Publics(MappingProxyType(profiles), visible)


def _visible(r: Reader, section: Mapping, issues, party_ids) -> tuple[VisibleCount, ...]:
    items = r.sequence(section, "visible", "publics.visible")
    by_id = {i.id: i for i in issues}
    result = []
    seen: dict[str, int] = {}
    for where, line, m in r.entries(
        items, "publics.visible", required=("issue", "given_by", "counts")
    ):
        issue_id = r.text(m, "issue", f"{where}.issue")
        issue = by_id.get(issue_id) if issue_id else None
        if issue_id and issue is None:
            r.error(
                r.line_of(m, "issue", line),
                f"{where}.issue: '{issue_id}' is not an issue; expected one of: "
                + ", ".join(by_id),
            )
        elif issue_id in seen:
            r.error(
                r.line_of(m, "issue", line),
                f"{where}.issue: '{issue_id}' is counted twice (first at line "
                f"{seen[issue_id]}); expected each issue once",
            )
        elif issue_id:
            seen[issue_id] = r.line_of(m, "issue", line)
        given_by = r.text(m, "given_by", f"{where}.given_by")
        if given_by and given_by not in party_ids:
            r.error(
                r.line_of(m, "given_by", line),
                f"{where}.given_by: '{given_by}' is not a party; expected one of: "
                + ", ".join(party_ids),
            )
            given_by = None
        counts = _counts(r, m, where, line, issue)
        if issue is not None and given_by and counts is not None:
            result.append(VisibleCount(issue.id, given_by, MappingProxyType(counts)))
    return tuple(result)


def _counts(r: Reader, m: Mapping, where: str, line: int, issue) -> dict[str, float] | None:
    if "counts" not in m:
        return None
    cline = r.line_of(m, "counts", line)
    table = r.mapping(m["counts"], f"{where}.counts", cline, free_keys=True)
    if table is None or issue is None:
        return None
    counts = {}
    for key in table:
        if key not in issue.option_ids:
            r.error(
                r.line_of(table, key, cline),
                f"{where}.counts: '{key}' is not an option of issue '{issue.id}'; expected one "
                "of: " + ", ".join(issue.option_ids),
            )
    for option in issue.options:
        if option.id not in table:
            r.error(
                cline,
                f"{where}.counts: no count for option '{option.id}'; expected a count for every "
                "option (0 if nothing is handed over)",
            )
            continue
        v = r.number(table, option.id, f"{where}.counts.{option.id}", low=0, high=1_000_000)
        if v is not None:
            counts[option.id] = v
    return counts if len(counts) == len(issue.options) else None


def read_stakeholders(r: Reader, top: Mapping) -> Stakeholders | None:
    """Read a scenario's ``stakeholders`` section into the engagement model's groups."""
    line = r.line_of(top, "stakeholders")
    names = [p.name for p in parameters_of(EngagementRules)]
    section = r.mapping(top["stakeholders"], "stakeholders", line, optional=("groups", *names))
    if section is None:
        return None
    rules = EngagementRules(**read_overrides(r, section, EngagementRules, "stakeholders"))
    if "groups" not in section:
        return Stakeholders(DEFAULT_GROUPS, rules)
    items = r.sequence(section, "groups", "stakeholders.groups", min_items=1)
    groups = []
    seen: dict[str, int] = {}
    for where, gline, m in r.entries(
        items,
        "stakeholders.groups",
        required=("id", "label", "level", "trust_reach", "understanding_reach"),
        optional=("saturation", "reason"),
    ):
        gid = r.identifier(m, "id", f"{where}.id")
        label = r.text(m, "label", f"{where}.label")
        level = r.choice(m, "level", f"{where}.level", LEVELS, default="grassroots")
        values = read_overrides(r, m, StakeholderGroup, where)
        reason = r.text(m, "reason", f"{where}.reason", required=False)
        if gid is not None and not r.first_use(seen, gid, f"{where}.id", r.line_of(m, "id", gline)):
            continue
        wanted = {"trust_reach", "understanding_reach"} & set(m)
        if gid and label and level and wanted <= set(values):
            groups.append(StakeholderGroup(gid, label, level, reason=reason or "", **values))
    for channel in ("trust_reach", "understanding_reach"):
        total = sum(getattr(g, channel) for g in groups)
        if total > 1 + 1e-9:
            r.error(
                r.line_of(section, "groups", line),
                f"stakeholders.groups: the {channel} values add up to {total:g}; expected at "
                "most 1 (each reach is a share of one public)",
            )
    if not groups:
        return None
    return Stakeholders(tuple(groups), rules)
